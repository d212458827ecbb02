//! One inspection from its programming to its end, through core's lifecycle: programmed ->
//! ordered -> notified (at least 24 hours ahead) -> started -> every question of its matters
//! answered -> record closed -> closed, or corrective measures -> verification -> closed or sent
//! to sanction. Failed answers that call for a referral open it on the spot, and an inspection
//! sent to sanction opens its procedure, as the store does for the same commands.

use std::collections::BTreeMap;

use chrono::{DateTime, Days, Duration, NaiveDate, Utc};
use faro_core::catalog::{Money, WageZone};
use faro_core::inspection::{
    Command, Event, Kind, Matter, MeasureDraft, MeasureState, Participant, ParticipantRole, ReferralAuthority,
    Signature, VerificationResult,
};
use faro_core::law::Law;
use faro_core::protocol::{
    self, Answer, Check, MeasureKind, Outcome, Question, INPUT_AGE, INPUT_DAYS_GRANTED, INPUT_LOWEST_DAILY_WAGE,
    INPUT_WEEKLY_HOURS, INPUT_YEARS_OF_SERVICE, INPUT_ZONE,
};
use faro_core::registry::SizeBand;
use faro_core::sanction::PriorFineRecord;
use faro_core::{sanction, DomainError};
use rand::RngCore;

use super::clock::{after_period, days_after, minutes_after, office_time, opening};
use super::model::{compliance_at_verification, failure_probability, RiskFactors};
use super::plan::PlannedCase;
use super::procedures::{referral_flow, sanction_flow, SanctionFacts};
use super::recorder::{Halt, InspectionRecorder, ReferralRecorder, SanctionRecorder};
use super::{texts, Place};
use crate::names;
use crate::random::{between, chance, unit};

/// A case as it was generated: the inspection and the cases it opened, each with its commands.
pub(crate) struct CaseOutcome {
    pub(crate) inspection: InspectionRecorder,
    pub(crate) referrals: Vec<ReferralRecorder>,
    pub(crate) sanction: Option<SanctionRecorder>,
}

/// What one inspection needs besides its plan.
pub(crate) struct CaseRun<'a, R: RngCore> {
    pub(crate) law: &'a Law,
    pub(crate) rng: &'a mut R,
    pub(crate) place: &'a Place,
    pub(crate) factors: RiskFactors,
    /// The employer's earlier fines, as the store would read them at the resolution.
    pub(crate) prior: &'a [PriorFineRecord],
    pub(crate) cutoff: DateTime<Utc>,
    /// Unique within the demo: the workplace and the case's number there ("D123-2").
    pub(crate) tag: String,
    pub(crate) inspector: (i64, String),
}

impl<R: RngCore> CaseRun<'_, R> {
    /// Runs the case until it ends or reaches the cutoff. A refusal by core is a generator bug.
    pub(crate) fn run(mut self, plan: &PlannedCase) -> Result<CaseOutcome, DomainError> {
        let mut out = CaseOutcome {
            inspection: InspectionRecorder::new(self.cutoff),
            referrals: Vec::new(),
            sanction: None,
        };
        match self.drive(plan, &mut out) {
            Ok(()) | Err(Halt::Cutoff) => Ok(out),
            Err(Halt::Refused(e)) => Err(e),
        }
    }

    fn run_cmd(&mut self, out: &mut CaseOutcome, at: DateTime<Utc>, c: Command) -> Result<Vec<Event>, Halt> {
        out.inspection
            .inspection(self.law, at, c)
            .map(|step| step.events.clone())
    }

    fn cancel(&mut self, out: &mut CaseOutcome, from: DateTime<Utc>) -> Result<(), Halt> {
        let at = days_after(self.rng, &self.law.calendar, from, 1, 8);
        let reason = texts::cancel_reason(self.rng).to_string();
        self.run_cmd(out, at, Command::Cancel { reason })?;
        Ok(())
    }

    fn year_code(&self, at: DateTime<Utc>, plan: &PlannedCase) -> String {
        let j = plan.jurisdiction.code().to_uppercase();
        format!("{j}-{}", at.format("%Y"))
    }

    fn drive(&mut self, plan: &PlannedCase, out: &mut CaseOutcome) -> Result<(), Halt> {
        let law = self.law;
        let cal = &law.calendar;
        let ordinary = plan.kind.is_ordinary();
        self.run_cmd(
            out,
            plan.programmed_at,
            Command::Program {
                workplace_id: self.place.id,
                jurisdiction: plan.jurisdiction,
                kind: plan.kind,
                origin: plan.origin,
                matters: plan.matters.clone(),
                planned_for: plan.planned_for,
                program_id: plan.program_id,
            },
        )?;
        let cancel_at = if chance(self.rng, if ordinary { 0.04 } else { 0.02 }) {
            Some(between(self.rng, 0, if ordinary { 2 } else { 1 }))
        } else {
            None
        };
        if cancel_at == Some(0) {
            return self.cancel(out, plan.programmed_at);
        }
        let ordered = if ordinary {
            // The order is issued a week or so before the visit.
            let lead = between(self.rng, 6, 12);
            let day = plan
                .planned_for
                .checked_sub_days(Days::new(u64::from(lead)))
                .unwrap_or(plan.planned_for);
            let earliest = days_after(self.rng, cal, plan.programmed_at, 1, 3);
            office_time(self.rng, cal.next_working_day(day)).max(earliest)
        } else {
            minutes_after(self.rng, plan.programmed_at, 30, 240)
        };
        let number = format!("OI-{}-{}", self.year_code(ordered, plan), self.tag);
        self.run_cmd(
            out,
            ordered,
            Command::Order {
                number,
                inspector_id: self.inspector.0,
                inspector_name: self.inspector.1.clone(),
                scope: texts::scope(&plan.matters),
                legal_basis: if ordinary {
                    texts::LEGAL_BASIS_ORDINARY
                } else {
                    texts::LEGAL_BASIS_EXTRAORDINARY
                }
                .to_string(),
            },
        )?;
        if cancel_at == Some(1) {
            return self.cancel(out, ordered);
        }
        let visit = if ordinary {
            let notified = days_after(self.rng, cal, ordered, 0, 2);
            let mut visit_at = opening(plan.planned_for) + Duration::minutes(i64::from(between(self.rng, 0, 120)));
            // At least 24 hours' notice (LFT 542-I; rule inspection.ordinary_notice).
            if visit_at - notified < Duration::hours(26) {
                let day = notified
                    .date_naive()
                    .checked_add_days(Days::new(2))
                    .unwrap_or(plan.planned_for);
                visit_at = opening(cal.next_working_day(day)) + Duration::minutes(i64::from(between(self.rng, 0, 120)));
            }
            self.run_cmd(out, notified, Command::Notify { visit_at })?;
            if cancel_at == Some(2) {
                return self.cancel(out, notified);
            }
            visit_at + Duration::minutes(i64::from(between(self.rng, 0, 20)))
        } else {
            let at = opening(plan.planned_for) + Duration::minutes(i64::from(between(self.rng, 0, 180)));
            at.max(ordered + Duration::minutes(30))
        };
        self.run_cmd(out, visit, Command::Start)?;
        let mut t = self.answer_all(out, plan, visit)?;
        t = self.interviews(out, plan, t)?;
        let record_at = minutes_after(self.rng, t, 15, 60);
        let participants = self.participants();
        let folio = format!("ACTA-{}-{}", self.year_code(record_at, plan), self.tag);
        self.run_cmd(out, record_at, Command::CloseRecord { folio, participants })?;
        self.after_record(out, record_at)
    }

    /// Answers every question of every matter of the inspection; returns the last answer's time.
    fn answer_all(
        &mut self,
        out: &mut CaseOutcome,
        plan: &PlannedCase,
        start: DateTime<Utc>,
    ) -> Result<DateTime<Utc>, Halt> {
        let law = self.law;
        let on = start.date_naive();
        let minors = plan.matters.contains(&Matter::ChildLabor)
            && chance(
                self.rng,
                if matches!(self.place.sector.as_str(), "11" | "46" | "72") {
                    0.35
                } else {
                    0.2
                },
            );
        let mut t = minutes_after(self.rng, start, 5, 15);
        let matters = out
            .inspection
            .state
            .as_ref()
            .map(|s| s.matters.clone())
            .unwrap_or_default();
        // Large workplaces, or several matters, often take a second day of visit, once the
        // employer has gathered the documents asked for.
        let long = (self.place.band >= SizeBand::B51To100 || matters.len() > 1) && chance(self.rng, 0.35);
        let mut asked = 0;
        for m in matters {
            let protocol = law.protocols.for_matter(m, on)?;
            for q in &protocol.questions {
                let answer = self.answer(q, m, on, minors);
                asked += 1;
                t = if long && asked == 12 {
                    days_after(self.rng, &law.calendar, t, 1, 10)
                } else {
                    minutes_after(self.rng, t, 1, 3)
                };
                let events = self.run_cmd(out, t, Command::Answer(answer))?;
                for e in events {
                    if let Event::ReferralRequired {
                        authority,
                        question_id,
                        matter,
                        at,
                    } = e
                    {
                        self.open_referral(out, at, authority, matter, question_id)?;
                    }
                }
            }
        }
        Ok(t)
    }

    /// Is a question relevant at this workplace? Items about unions, heights, machines or
    /// working minors are often "not applicable".
    fn applicable(&mut self, q: &Question, minors: bool) -> bool {
        let place = self.place;
        let large = place.band >= SizeBand::B31To50;
        let p = match q.id.as_str() {
            "cl.under_15" => 1.0,
            id if id.starts_with("cl.") => {
                if minors {
                    1.0
                } else {
                    0.0
                }
            }
            "gc.collective_agreement_terms"
            | "fa.collective_agreement_copy"
            | "fa.ballot_notices"
            | "fa.union_dues_and_leave" => {
                if large {
                    0.6
                } else {
                    0.08
                }
            }
            "sh.work_at_height" => {
                if place.industrial {
                    0.85
                } else {
                    0.1
                }
            }
            "sh.machinery_guarding" | "sh.hazardous_substances" => {
                if place.industrial {
                    0.9
                } else {
                    0.25
                }
            }
            "dh.maternity_protection" | "dh.paternity_leave" => 0.6,
            _ => 1.0,
        };
        p >= 1.0 || chance(self.rng, p)
    }

    fn answer(&mut self, q: &Question, matter: Matter, on: NaiveDate, minors: bool) -> Answer {
        let mut a = Answer {
            question_id: q.id.clone(),
            outcome: Outcome::NotApplicable,
            note: String::new(),
            affected_workers: 0,
            inputs: BTreeMap::new(),
        };
        if !self.applicable(q, minors) {
            return a;
        }
        let p = failure_probability(&q.id, self.factors.multiplier());
        let mut fails = chance(self.rng, p);
        match q.check {
            None => {}
            Some(Check::MinimumWage) => {
                let zone = if self.place.state.number() == 2 {
                    WageZone::NorthernBorder
                } else {
                    WageZone::General
                };
                let Some(minimum) = self.law.catalogs.minimum_wage_on(on, zone) else {
                    return a;
                };
                let ratio = if fails {
                    0.75 + 0.2 * unit(self.rng)
                } else {
                    1.0 + 1.2 * unit(self.rng)
                };
                let wage = Money::from_centavos((minimum.centavos() as f64 * ratio).ceil() as i64);
                a.inputs.insert(INPUT_LOWEST_DAILY_WAGE.into(), wage.to_string());
                a.inputs.insert(
                    INPUT_ZONE.into(),
                    match zone {
                        WageZone::General => "general",
                        WageZone::NorthernBorder => "northern_border",
                    }
                    .into(),
                );
            }
            Some(Check::VacationDays) => {
                let years = between(self.rng, 1, 15);
                let required = protocol::vacation_days_required(years, on);
                fails = fails && required > 0;
                let granted = if fails {
                    required.saturating_sub(between(self.rng, 1, required.clamp(1, 6)))
                } else {
                    required + between(self.rng, 0, 2)
                };
                a.inputs.insert(INPUT_YEARS_OF_SERVICE.into(), years.to_string());
                a.inputs.insert(INPUT_DAYS_GRANTED.into(), granted.to_string());
            }
            Some(Check::WeeklyHours) => {
                let max = protocol::max_weekly_hours(on);
                let hours = if fails {
                    max + between(self.rng, 2, 12)
                } else {
                    max.saturating_sub(between(self.rng, 0, 8))
                };
                a.inputs.insert(INPUT_WEEKLY_HOURS.into(), hours.to_string());
            }
            Some(Check::MinorAge) => {
                let age = if fails {
                    between(self.rng, 12, 14)
                } else {
                    between(self.rng, 15, 24)
                };
                a.inputs.insert(INPUT_AGE.into(), age.to_string());
            }
        }
        if fails {
            a.outcome = Outcome::Fails;
            a.affected_workers = self.affected();
            a.note = texts::failure_note(self.rng, matter);
        } else {
            a.outcome = Outcome::Complies;
        }
        a
    }

    /// Workers affected by a failed item: few, most often one or two.
    fn affected(&mut self) -> u32 {
        let cap = self.place.headcount.clamp(1, 40);
        let x = unit(self.rng);
        (1 + (x * x * f64::from(cap)) as u32).min(cap)
    }

    fn interviews(
        &mut self,
        out: &mut CaseOutcome,
        plan: &PlannedCase,
        last: DateTime<Utc>,
    ) -> Result<DateTime<Utc>, Halt> {
        let extraordinary = plan.kind == Kind::Extraordinary;
        if !(extraordinary || chance(self.rng, 0.12)) {
            return Ok(last);
        }
        let mut t = last;
        let n = between(self.rng, 1, 2);
        for i in 1..=n {
            let matter = plan
                .matters
                .get(i as usize % plan.matters.len().max(1))
                .copied()
                .unwrap_or(Matter::GeneralConditions);
            t = minutes_after(self.rng, t, 10, 30);
            let summary = texts::interview(self.rng, matter);
            self.run_cmd(
                out,
                t,
                Command::AddInterview {
                    code: format!("T-{i:02}"),
                    matter,
                    summary,
                },
            )?;
        }
        Ok(t)
    }

    fn participants(&mut self) -> Vec<Participant> {
        let mut people = vec![Participant {
            name: self.inspector.1.clone(),
            role: ParticipantRole::Inspector,
            signature: Signature::Signed,
        }];
        let x = unit(self.rng);
        let employer = if x < 0.88 {
            Signature::Signed
        } else if x < 0.97 {
            Signature::Refused
        } else {
            Signature::Absent
        };
        people.push(Participant {
            name: names::person(self.rng).full_name(),
            role: ParticipantRole::EmployerRepresentative,
            signature: employer,
        });
        if chance(self.rng, 0.45) {
            people.push(Participant {
                name: names::person(self.rng).full_name(),
                role: ParticipantRole::WorkerRepresentative,
                signature: Signature::Signed,
            });
        }
        for _ in 0..2 {
            people.push(Participant {
                name: names::person(self.rng).full_name(),
                role: ParticipantRole::Witness,
                signature: Signature::Signed,
            });
        }
        people
    }

    /// After the record: closed, corrective measures and their verification, or sanction.
    fn after_record(&mut self, out: &mut CaseOutcome, record_at: DateTime<Utc>) -> Result<(), Halt> {
        let law = self.law;
        let cal = &law.calendar;
        let Some(s) = out.inspection.state.as_ref() else {
            return Ok(());
        };
        let findings = s.findings().to_vec();
        if findings.is_empty() {
            let at = days_after(self.rng, cal, record_at, 0, 3);
            self.run_cmd(
                out,
                at,
                Command::Close {
                    reason: texts::CLOSED_CLEAN.into(),
                },
            )?;
            return Ok(());
        }
        let record_date = record_at.date_naive();
        let mut drafts = Vec::new();
        for f in findings.iter().filter(|f| f.correctable) {
            let kind = f.measure.unwrap_or(MeasureKind::General);
            let (rule_id, lo, hi) = match kind {
                MeasureKind::Safety => ("inspection.safety_correction_max", 5, 30),
                MeasureKind::General => ("inspection.general_correction_max", 15, 60),
            };
            // Without a deadline rule in force on the record's date, the finding goes to sanction.
            let Ok(rule) = law.rules.deadline(rule_id, record_date) else {
                continue;
            };
            let max = rule.amount;
            drafts.push(MeasureDraft {
                question_id: f.question_id.clone(),
                description: texts::measure(kind, &f.question_id),
                days: between(self.rng, lo.min(max), hi.min(max)),
            });
        }
        let mut t = record_at;
        if !drafts.is_empty() {
            t = days_after(self.rng, cal, record_at, 1, 5);
            self.run_cmd(out, t, Command::IssueMeasures { measures: drafts })?;
            t = self.extensions(out, t)?;
            let last_deadline = out
                .inspection
                .state
                .as_ref()
                .and_then(|s| s.measures.iter().map(|m| m.deadline).max())
                .unwrap_or(record_date);
            t = after_period(self.rng, cal, last_deadline, 20).max(t + Duration::hours(1));
            self.run_cmd(out, t, Command::BeginVerification)?;
            let comply = compliance_at_verification(self.factors.culture);
            let measures: Vec<u32> = out
                .inspection
                .state
                .as_ref()
                .map(|s| s.measures.iter().map(|m| m.number).collect())
                .unwrap_or_default();
            let results = measures
                .into_iter()
                .map(|number| {
                    let complied = chance(self.rng, comply);
                    VerificationResult {
                        measure: number,
                        complied,
                        note: if complied { texts::VERIFIED } else { texts::NOT_VERIFIED }.into(),
                    }
                })
                .collect();
            t = minutes_after(self.rng, t, 60, 240);
            self.run_cmd(out, t, Command::RecordVerification { results })?;
        }
        let unresolved = out
            .inspection
            .state
            .as_ref()
            .is_some_and(|s| !s.unresolved_findings().is_empty());
        if !unresolved {
            let at = days_after(self.rng, cal, t, 0, 3);
            self.run_cmd(
                out,
                at,
                Command::Close {
                    reason: texts::CLOSED_CORRECTED.into(),
                },
            )?;
            return Ok(());
        }
        let at = days_after(self.rng, cal, t, 1, 10);
        let events = self.run_cmd(
            out,
            at,
            Command::SendToSanction {
                reason: texts::TO_SANCTION.into(),
            },
        )?;
        if let Some(Event::SentToSanction { at, .. }) = events.first() {
            self.open_sanction(out, *at)?;
        }
        Ok(())
    }

    /// About one safety measure in ten is extended once, shortly before its deadline.
    fn extensions(&mut self, out: &mut CaseOutcome, issued: DateTime<Utc>) -> Result<DateTime<Utc>, Halt> {
        let law = self.law;
        let pending: Vec<(u32, NaiveDate)> = out
            .inspection
            .state
            .as_ref()
            .map(|s| {
                s.measures
                    .iter()
                    .filter(|m| m.kind == MeasureKind::Safety && m.state == MeasureState::Pending && !m.extended)
                    .map(|m| (m.number, m.deadline))
                    .collect()
            })
            .unwrap_or_default();
        let mut t = issued;
        for (number, deadline) in pending {
            if !chance(self.rng, 0.1) {
                continue;
            }
            // No extension exists before the RGITAS reform of 2022.
            let Ok(rule) = law.rules.deadline("inspection.safety_extension_max", deadline) else {
                continue;
            };
            let max = rule.amount;
            let day = deadline
                .checked_sub_days(Days::new(u64::from(between(self.rng, 1, 5))))
                .unwrap_or(deadline);
            let at = opening(law.calendar.next_working_day(day)).max(t + Duration::hours(1));
            t = at;
            let days = between(self.rng, 5.min(max), 30.min(max)).max(1);
            self.run_cmd(
                out,
                at,
                Command::ExtendMeasure {
                    measure: number,
                    days,
                    reason: texts::EXTENSION_REASON.into(),
                },
            )?;
        }
        Ok(t)
    }

    /// Opens a referral case the way the store does (same time as the answer) and runs it.
    fn open_referral(
        &mut self,
        out: &mut CaseOutcome,
        at: DateTime<Utc>,
        authority: ReferralAuthority,
        matter: Matter,
        question_id: String,
    ) -> Result<(), Halt> {
        let Some(s) = out.inspection.state.as_ref() else {
            return Ok(());
        };
        let jurisdiction = s.jurisdiction;
        let open = faro_core::referral::Command::Open {
            inspection_id: 0,
            workplace_id: self.place.id,
            jurisdiction,
            authority,
            matter,
            question_id,
        };
        let mut rec = ReferralRecorder::new(self.cutoff);
        let flow = referral_flow(
            &mut rec,
            self.law,
            self.rng,
            at,
            open,
            &self.place.state_name,
            jurisdiction,
        );
        out.referrals.push(rec);
        match flow {
            Ok(()) | Err(Halt::Cutoff) => Ok(()),
            Err(e) => Err(e),
        }
    }

    /// Opens the sanction procedure the way the store does and runs it.
    fn open_sanction(&mut self, out: &mut CaseOutcome, at: DateTime<Utc>) -> Result<(), Halt> {
        let Some(s) = out.inspection.state.as_ref() else {
            return Ok(());
        };
        let Some(record) = s.record.as_ref() else {
            return Ok(());
        };
        let open = sanction::Command::Open {
            inspection_id: 0,
            workplace_id: self.place.id,
            employer_id: self.place.employer_id,
            jurisdiction: s.jurisdiction,
            acta_date: record.closed_at.date_naive(),
            findings: s.unresolved_findings().into_iter().cloned().collect(),
        };
        let facts = SanctionFacts {
            band: self.place.band,
            culture: self.factors.culture,
            prior: self.prior,
            tag: format!("{}-{}", s.jurisdiction.code().to_uppercase(), self.tag),
        };
        let mut rec = SanctionRecorder::new(self.cutoff);
        let flow = sanction_flow(&mut rec, self.law, self.rng, at, open, &facts);
        out.sanction = Some(rec);
        match flow {
            Ok(()) | Err(Halt::Cutoff) => Ok(()),
            Err(e) => Err(e),
        }
    }
}
