//! The certificate of representativeness an initial agreement needs (387, 390 Bis), through
//! core's `representativeness` procedure: the union's request with the signatures of 32 % to
//! 75 % of the covered workers (3 % short of the 30 % or with flawed entries: warned, corrected
//! or denied), the notice, the 10 days in which another union may join (4 % do), a vote between
//! them when both qualify, and the certificate, which expires six months later.

use chrono::NaiveDate;
use faro_core::union::agreement::CertificateRef;
use faro_core::union::members::SupporterInput;
use faro_core::union::representativeness::{Command, Event, Representativeness, Status};
use faro_core::union::vote::Purpose;
use faro_core::DomainError;
use rand::RngCore;

use super::catalogue::Profile;
use super::clock::{office_after, office_time, plus};
use super::people::Workforce;
use super::recorder::{CertificateFile, Recorder, Registrar};
use super::votes::{run_vote, Intent, VoteHistory, VotePlan};
use crate::inspections::Trail;
use crate::random::{chance, unit};

/// The Registral Authority, which organizes representativeness votes.
pub(crate) const REGISTRAR: &str = "Centro Federal de Conciliación y Registro Laboral";

/// One request for a certificate.
#[derive(Debug, Clone, PartialEq)]
pub struct CertificateHistory {
    /// Unique in the demo ("C123-2-R").
    pub key: String,
    pub trail: Trail<Command, Event, Representativeness>,
    /// The vote between unions, when one was needed.
    pub vote: Option<VoteHistory>,
}

/// A request after its run.
pub(crate) struct CertificateRun {
    pub(crate) history: Option<CertificateHistory>,
    /// The certificate and whether the rival union won it.
    pub(crate) certificate: Option<(CertificateRef, bool)>,
    recorder: Option<Recorder<CertificateFile>>,
    key: String,
    vote: Option<VoteHistory>,
}

impl CertificateRun {
    /// Records the certificate's expiry once its six months passed, then closes the file.
    pub(crate) fn expire(&mut self, registrar: &Registrar<'_>, rng: &mut impl RngCore) -> Result<(), DomainError> {
        if let (Some(rec), Some((c, _))) = (self.recorder.as_mut(), self.certificate.as_ref()) {
            let at = office_after(rng, &registrar.law.calendar, plus(c.valid_until, 1), 0, 5);
            rec.run(registrar, at, Command::Expire)?;
        }
        Ok(())
    }

    /// The finished request.
    pub(crate) fn finish(mut self) -> Option<CertificateHistory> {
        if let Some(rec) = self.recorder.take() {
            self.history = rec.finish().map(|trail| CertificateHistory {
                key: self.key.clone(),
                trail,
                vote: self.vote.take(),
            });
        }
        self.history
    }
}

/// Who asks, about which workplace.
pub(crate) struct CertificatePlan<'a> {
    pub(crate) key: String,
    pub(crate) union: &'a Profile,
    pub(crate) rival: Option<&'a Profile>,
    pub(crate) employer_name: &'a str,
    pub(crate) employer_rfc: &'a str,
    pub(crate) workplace: &'a str,
    pub(crate) activity: &'a str,
    pub(crate) requested_on: NaiveDate,
}

fn support(rng: &mut impl RngCore, workforce: &Workforce, on: NaiveDate, share: f64) -> (Vec<SupporterInput>, u32) {
    let covered: Vec<_> = workforce.covered_on(on).collect();
    let n = covered.len() as u32;
    let mut list = Vec::with_capacity(covered.len());
    for w in &covered {
        if chance(rng, share) {
            list.push(SupporterInput {
                name: w.person.name.clone(),
                curp: w.person.curp.clone(),
                hired_on: Some(w.hired_on),
                signed: chance(rng, 0.997),
            });
        }
    }
    (list, n)
}

/// Runs a request; the certificate, if issued, is in the result.
pub(crate) fn run_certificate(
    registrar: &Registrar<'_>,
    rng: &mut impl RngCore,
    plan: &CertificatePlan<'_>,
    workforce: &Workforce,
) -> Result<CertificateRun, DomainError> {
    let cal = &registrar.law.calendar;
    let mut rec: Recorder<CertificateFile> = Recorder::new(registrar.cutoff);
    let on = plan.requested_on;
    let short = chance(rng, 0.03);
    let share = if short {
        0.15 + 0.1 * unit(rng)
    } else {
        0.34 + 0.41 * unit(rng)
    };
    let (list, covered) = support(rng, workforce, on, share);
    let mut run = CertificateRun {
        history: None,
        certificate: None,
        recorder: None,
        key: plan.key.clone(),
        vote: None,
    };
    if covered == 0 {
        return Ok(run);
    }
    let requested = rec.run(
        registrar,
        office_time(rng, on),
        Command::Request {
            union: plan.union.name.clone(),
            registration_number: plan.union.registration_number.clone(),
            employer_name: plan.employer_name.to_string(),
            employer_rfc: plan.employer_rfc.to_string(),
            workplace: plan.workplace.to_string(),
            activity: plan.activity.to_string(),
            covered_workers: covered,
            support: list,
        },
    )?;
    if !requested {
        run.recorder = Some(rec);
        return Ok(run);
    }
    // The registrar warns when the list falls short, and now and then of flawed entries.
    let (qualifies, flawed) = rec
        .state()
        .and_then(|s| s.applicants.first())
        .map_or((false, false), |a| (a.qualifies(), !a.support.issues.is_empty()));
    if !qualifies || (flawed && chance(rng, 0.2)) {
        let at = office_after(rng, cal, on, 1, 3);
        rec.run(
            registrar,
            at,
            Command::NotifyDefects {
                observations: "La lista de apoyo no alcanza el treinta por ciento de los trabajadores cubiertos o contiene registros incompletos".into(),
            },
        )?;
        if qualifies || chance(rng, 0.75) {
            let share = 0.4 + 0.3 * unit(rng);
            let (list, _) = support(rng, workforce, on, share);
            let at = office_after(rng, cal, at.date_naive(), 1, 3);
            rec.run(registrar, at, Command::Correct { support: list })?;
        }
        let ok = rec
            .state()
            .is_some_and(|s| s.status == Status::Requested && s.applicants.first().is_some_and(|a| a.qualifies()));
        if !ok {
            let at = office_after(rng, cal, rec.last_at().map_or(on, |t| t.date_naive()), 3, 6);
            rec.run(
                registrar,
                at,
                Command::Deny {
                    reason: "No se acreditó el respaldo de al menos el treinta por ciento de los trabajadores cubiertos (LFT 390 Bis-I)".into(),
                },
            )?;
            run.recorder = Some(rec);
            return Ok(run);
        }
    }
    let last = rec.last_at().map_or(on, |t| t.date_naive());
    let at = office_after(rng, cal, last, 1, 3);
    if !rec.run(registrar, at, Command::PublishNotice)? {
        run.recorder = Some(rec);
        return Ok(run);
    }
    if let Some(rival) = plan.rival {
        let share = 0.3 + 0.25 * unit(rng);
        let (list, _) = support(rng, workforce, at.date_naive(), share);
        let joined = office_after(rng, cal, at.date_naive(), 2, 7);
        rec.run(
            registrar,
            joined,
            Command::Join {
                union: rival.name.clone(),
                registration_number: rival.registration_number.clone(),
                support: list,
            },
        )?;
    }
    let until = rec.state().and_then(|s| s.window_until).unwrap_or(on);
    let at = office_after(rng, cal, until, 1, 3);
    if !rec.run(registrar, at, Command::CloseWindow)? {
        run.recorder = Some(rec);
        return Ok(run);
    }
    let number = format!("CFCRL/CR/{}", plan.key);
    let status = rec.state().map(|s| s.status);
    match status {
        Some(Status::WindowClosed) => {
            let at = office_after(rng, cal, at.date_naive(), 1, 5);
            rec.run(
                registrar,
                at,
                Command::Issue {
                    certificate_number: number,
                },
            )?;
        }
        Some(Status::VoteRequired) => {
            let options: Vec<String> = rec
                .state()
                .map(|s| s.qualifying().iter().map(|a| a.union.clone()).collect())
                .unwrap_or_default();
            let rival_wins = chance(rng, 0.3);
            let winner = if rival_wins { 1 } else { 0 };
            let roll_due = rec.state().and_then(|s| s.roll_due).unwrap_or(at.date_naive());
            let plan_vote = VotePlan {
                key: format!("{}-V1", plan.key),
                purpose: Purpose::Representativeness,
                subject: plan.key.clone(),
                organizer: REGISTRAR.to_string(),
                options,
                vote_on: plus(roll_due, 14),
                intent: Intent::Winner(winner),
                request_filed_on: Some(on),
            };
            let vote = run_vote(registrar, rng, &plan_vote, workforce)?;
            run.vote = vote.history;
            if let (Some(reference), Some(ended)) = (vote.reference, vote.ended_on) {
                let at = office_after(rng, cal, ended, 1, 4);
                rec.run(
                    registrar,
                    at,
                    Command::RecordVote {
                        vote: reference,
                        certificate_number: number,
                    },
                )?;
            }
        }
        _ => {}
    }
    if let Some(c) = rec
        .state()
        .and_then(|s| s.certificate.clone())
        .filter(|_| rec.state().is_some_and(|s| s.status == Status::Issued))
    {
        let rival = plan.rival.is_some_and(|r| r.name == c.union);
        run.certificate = Some((
            CertificateRef {
                id: plan.key.clone(),
                union: c.union.clone(),
                issued_on: c.issued_on,
                valid_until: c.valid_until,
            },
            rival,
        ));
    }
    run.recorder = Some(rec);
    Ok(run)
}
