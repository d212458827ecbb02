//! The follow-on cases of an inspection, through core: a referral to the child-protection
//! authority or the prosecutor, sent within its 24 hours and followed to its closing; and the
//! sanction procedure: summons, the employer heard (LFT 1009), a resolution with one fine per
//! finding individualized by LFT 992 (`fine::suggested_uma`), notification, and then payment,
//! appeal, finality, collection or write-off.

use chrono::{DateTime, Days, Utc};
use faro_core::fine::{suggested_uma, Capacity, Criteria, Harm, Seriousness};
use faro_core::inspection::Matter;
use faro_core::law::Law;
use faro_core::referral::{self, Outcome as ReferralOutcome};
use faro_core::registry::SizeBand;
use faro_core::sanction::{self, AppealOutcome, FineDecision, PriorFineRecord, Status};
use faro_core::Jurisdiction;
use rand::RngCore;

use super::clock::{after_period, days_after, minutes_after, office_time};
use super::recorder::{Halt, ReferralRecorder, SanctionRecorder};
use super::texts;
use crate::random::{between, chance, unit};

/// A referral: opened with the failed answer, sent within a day, acknowledged, followed up,
/// usually closed within months.
pub(crate) fn referral_flow(
    rec: &mut ReferralRecorder,
    law: &Law,
    rng: &mut impl RngCore,
    opened: DateTime<Utc>,
    open: referral::Command,
    state_name: &str,
    jurisdiction: Jurisdiction,
) -> Result<(), Halt> {
    let authority = match &open {
        referral::Command::Open { authority, .. } => *authority,
        _ => return Ok(()),
    };
    rec.referral(law, opened, open)?;
    let mut t = opened;
    if chance(rng, 0.6) {
        t = minutes_after(rng, t, 10, 90);
        rec.referral(
            law,
            t,
            referral::Command::RecordMeasure {
                text: texts::referral_measure(authority).into(),
            },
        )?;
    }
    // Within the 24 hours of rule referral.send, but a few are late.
    t = if chance(rng, 0.95) {
        minutes_after(rng, t, 60, 20 * 60)
    } else {
        minutes_after(rng, t, 26 * 60, 72 * 60)
    };
    rec.referral(
        law,
        t,
        referral::Command::Send {
            authority_name: texts::authority_name(authority, jurisdiction, state_name),
            reference: format!(
                "OF-{}-{}-{}",
                jurisdiction.code().to_uppercase(),
                t.format("%Y%m%d"),
                between(rng, 100, 9999)
            ),
        },
    )?;
    if !chance(rng, 0.85) {
        return Ok(());
    }
    t = days_after(rng, &law.calendar, t, 2, 20);
    rec.referral(
        law,
        t,
        referral::Command::Acknowledge {
            authority_case: format!("CI-{}-{}", t.format("%Y"), between(rng, 1000, 99_999)),
        },
    )?;
    for _ in 0..between(rng, 0, 3) {
        t = days_after(rng, &law.calendar, t, 20, 45);
        rec.referral(
            law,
            t,
            referral::Command::FollowUp {
                text: texts::follow_up(rng).into(),
            },
        )?;
    }
    if !chance(rng, 0.8) {
        return Ok(());
    }
    let x = unit(rng);
    let outcome = if x < 0.7 {
        ReferralOutcome::Attended
    } else if x < 0.9 {
        ReferralOutcome::NotConfirmed
    } else {
        ReferralOutcome::NotCompetent
    };
    t = days_after(rng, &law.calendar, t, 15, 120);
    rec.referral(
        law,
        t,
        referral::Command::Close {
            outcome,
            text: texts::referral_closing(rng).into(),
        },
    )?;
    Ok(())
}

/// What the sanction procedure needs to know of the employer.
pub(crate) struct SanctionFacts<'a> {
    pub(crate) band: SizeBand,
    pub(crate) culture: f64,
    /// The employer's earlier fines (the store reads the same from its ledger).
    pub(crate) prior: &'a [PriorFineRecord],
    /// For folios: "14-D123-2".
    pub(crate) tag: String,
}

fn capacity(band: SizeBand) -> Capacity {
    match band {
        SizeBand::B0To5 | SizeBand::B6To10 => Capacity::Low,
        SizeBand::B11To30 | SizeBand::B31To50 | SizeBand::B51To100 => Capacity::Medium,
        SizeBand::B101To250 | SizeBand::B251Plus => Capacity::High,
    }
}

/// The officer's decision for each finding: criteria recorded, the amount suggested by them.
fn decisions(
    law: &Law,
    rng: &mut impl RngCore,
    s: &sanction::Sanction,
    facts: &SanctionFacts<'_>,
) -> Result<Vec<FineDecision>, Halt> {
    let mut out = Vec::with_capacity(s.findings.len());
    for f in &s.findings {
        let rule = law.rules.violation(&f.violation, s.acta_date)?;
        let protected = matches!(f.matter, Matter::ChildLabor | Matter::ForcedLabor);
        let criteria = Criteria {
            intent: chance(rng, if protected { 0.8 } else { 0.3 }),
            seriousness: if rule.criminal || protected {
                Seriousness::High
            } else if chance(rng, 0.4) {
                Seriousness::Medium
            } else {
                Seriousness::Low
            },
            harm: if protected || (f.matter == Matter::SafetyHealth && chance(rng, 0.25)) {
                Harm::Actual
            } else if chance(rng, 0.7) {
                Harm::Potential
            } else {
                Harm::None
            },
            capacity: capacity(facts.band),
            justification: texts::justification(rng).into(),
        };
        out.push(FineDecision {
            question_id: f.question_id.clone(),
            per_worker_uma: suggested_uma(rule.range(), &criteria),
            intent: criteria.intent,
            seriousness: criteria.seriousness,
            harm: criteria.harm,
            capacity: criteria.capacity,
            justification: criteria.justification,
        });
    }
    Ok(out)
}

fn state(rec: &SanctionRecorder) -> Option<&sanction::Sanction> {
    rec.state.as_ref()
}

/// A payment of everything outstanding, dated the day it is recorded.
fn pay_all(
    rec: &mut SanctionRecorder,
    law: &Law,
    rng: &mut impl RngCore,
    at: DateTime<Utc>,
    tag: &str,
) -> Result<(), Halt> {
    let Some(amount) = state(rec).map(|s| s.outstanding()) else {
        return Ok(());
    };
    rec.sanction(
        law,
        at,
        sanction::Command::RecordPayment {
            amount,
            paid_on: at.date_naive(),
            reference: format!("LC-{tag}-{}", between(rng, 100_000, 999_999)),
        },
    )?;
    Ok(())
}

/// The sanction procedure from its opening (with the inspection sent to it) to its end.
pub(crate) fn sanction_flow(
    rec: &mut SanctionRecorder,
    law: &Law,
    rng: &mut impl RngCore,
    opened: DateTime<Utc>,
    open: sanction::Command,
    facts: &SanctionFacts<'_>,
) -> Result<(), Halt> {
    let cal = &law.calendar;
    rec.sanction(law, opened, open)?;
    let mut t = days_after(rng, cal, opened, 5, 30);
    rec.sanction(law, t, sanction::Command::Summon)?;
    let deadline = state(rec).and_then(|s| s.response_deadline).unwrap_or(t.date_naive());
    // The employer answers within the period (60%), or the hearing closes once it has passed.
    if chance(rng, 0.6) {
        let span = (deadline - t.date_naive()).num_days().max(0) as u32;
        let day = t
            .date_naive()
            .checked_add_days(Days::new(u64::from(between(rng, 0, span))))
            .unwrap_or(deadline);
        t = office_time(rng, day.min(deadline)).max(t);
        rec.sanction(
            law,
            t,
            sanction::Command::RecordResponse {
                summary: texts::RESPONSE.into(),
            },
        )?;
        t = days_after(rng, cal, t, 1, 7);
    } else {
        t = after_period(rng, cal, deadline, 8);
    }
    rec.sanction(law, t, sanction::Command::CloseHearing)?;
    t = days_after(rng, cal, t, 5, 40);
    let folio = format!("RES-{}", facts.tag);
    if chance(rng, 0.04) {
        rec.sanction(
            law,
            t,
            sanction::Command::Resolve {
                folio,
                decisions: Vec::new(),
                prior: facts.prior.to_vec(),
            },
        )?;
        return Ok(());
    }
    let Some(current) = state(rec).cloned() else {
        return Ok(());
    };
    let decisions = decisions(law, rng, &current, facts)?;
    rec.sanction(
        law,
        t,
        sanction::Command::Resolve {
            folio,
            decisions,
            prior: facts.prior.to_vec(),
        },
    )?;
    t = days_after(rng, cal, t, 3, 20);
    rec.sanction(law, t, sanction::Command::NotifyResolution)?;
    let (appeal_deadline, payment_deadline) = state(rec)
        .map(|s| (s.appeal_deadline, s.payment_deadline))
        .unwrap_or((None, None));
    let appeal_deadline = appeal_deadline.unwrap_or(t.date_naive());
    let x = unit(rng);
    // Careful employers pay at once more often.
    let early = 0.26 - 0.04 * facts.culture;
    if x < early {
        let at = days_after(rng, cal, t, 2, 12);
        return pay_all(rec, law, rng, at, &facts.tag);
    }
    if x < early + 0.08 {
        let span = (appeal_deadline - t.date_naive()).num_days().max(0) as u32;
        let day = t
            .date_naive()
            .checked_add_days(Days::new(u64::from(between(rng, 1, span.max(1)))))
            .unwrap_or(appeal_deadline);
        t = office_time(rng, day.min(appeal_deadline)).max(t);
        rec.sanction(
            law,
            t,
            sanction::Command::FileAppeal {
                summary: texts::APPEAL.into(),
            },
        )?;
        t = days_after(rng, cal, t, 60, 200);
        let y = unit(rng);
        let (fines, acta_date) = state(rec).map(|s| (s.fines.clone(), s.acta_date)).unwrap_or_default();
        // A reduction stays within the fraction's range.
        let mut reductions: Vec<(u32, u32)> = Vec::new();
        for f in &fines {
            let range = law.rules.violation(&f.violation, acta_date)?.range();
            let floor = range.min.max(1);
            let ceiling = range.max.min(f.per_worker_uma.saturating_sub(1));
            if ceiling >= floor {
                let lower = (f64::from(f.per_worker_uma) * (0.4 + 0.4 * unit(rng))) as u32;
                reductions.push((f.number, lower.clamp(floor, ceiling)));
            }
        }
        let (outcome, reductions) = if y < 0.5 || (y < 0.8 && reductions.is_empty()) {
            (AppealOutcome::Upheld, Vec::new())
        } else if y < 0.8 {
            (AppealOutcome::Reduced, reductions)
        } else {
            (AppealOutcome::Annulled, Vec::new())
        };
        rec.sanction(law, t, sanction::Command::DecideAppeal { outcome, reductions })?;
        if outcome == AppealOutcome::Annulled {
            return Ok(());
        }
    } else {
        t = after_period(rng, cal, appeal_deadline, 10);
        rec.sanction(law, t, sanction::Command::MarkFinal)?;
    }
    if state(rec).map(|s| s.status) != Some(Status::Final) {
        return Ok(());
    }
    // Final: paid, or sent to the tax authority once the payment period has passed.
    if chance(rng, 0.2) {
        let at = days_after(rng, cal, t, 1, 20);
        return pay_all(rec, law, rng, at, &facts.tag);
    }
    let after = payment_deadline.unwrap_or(t.date_naive()).max(t.date_naive());
    t = after_period(rng, cal, after, 40).max(t);
    rec.sanction(
        law,
        t,
        sanction::Command::SendToCollection {
            reference: format!("CF-{}-{}", facts.tag, between(rng, 100_000, 999_999)),
        },
    )?;
    let z = unit(rng);
    if z < 0.35 {
        let at = days_after(rng, cal, t, 30, 240);
        pay_all(rec, law, rng, at, &facts.tag)
    } else if z < 0.6 {
        t = days_after(rng, cal, t, 180, 540);
        rec.sanction(
            law,
            t,
            sanction::Command::WriteOff {
                reason: texts::WRITE_OFF.into(),
            },
        )?;
        Ok(())
    } else {
        Ok(())
    }
}
