//! The agreement's file as a pure state machine: [`decide`] and [`apply`].

use chrono::NaiveDate;

use super::command::{Command, Deposit, Event};
use super::model::{
    Agreement, AgreementKind, DepositInput, Legitimization, PublicVersion, Requirement, Revision, RevisionDates,
    RevisionKind, RevisionRequest, Status, TerminationCause,
};
use crate::case::required_text;
use crate::ids::{normalize, Rfc};
use crate::union::check::{not_found, not_future, wrong_state};
use crate::union::clock::{add_months, last_day_for_notice, term_end};
use crate::union::minimums::{self, AgreementDuration, AgreementTerms, MinimumsReport};
use crate::union::redact::redact;
use crate::union::rules::{Param, Term};
use crate::union::vote::{Outcome, Purpose, VoteRef};
use crate::union::Ctx;
use crate::DomainError;

const ILLEGAL: &str = "agreement.illegal_transition";
/// The longest text a public version may have, in characters.
const MAX_TEXT: usize = 2_000_000;

fn refuse(code: &'static str, detail: impl Into<String>) -> DomainError {
    DomainError::new(code, detail)
}

/// The first `from + k * months` (k >= 1) on or after `today`: an agreement nobody asked to
/// revise is extended for an equal period (400), so its next revision falls a period later.
fn next_on_or_after(from: NaiveDate, months: u32, today: NaiveDate) -> NaiveDate {
    let months = months.max(1);
    let mut k: u32 = 1;
    loop {
        let d = add_months(from, k.saturating_mul(months));
        if d >= today || d == NaiveDate::MAX || k > 100_000 {
            return d;
        }
        k += 1;
    }
}

/// The revision calendar from the anchors of the wage revision (the signing, deposit or last
/// revision, 399 Bis) and of the full one (399), with the rules in force today.
pub fn revision_dates(
    ctx: &Ctx<'_>,
    wage_from: NaiveDate,
    full_from: NaiveDate,
    duration: AgreementDuration,
) -> Result<RevisionDates, DomainError> {
    let today = ctx.now.date_naive();
    let wage_months = ctx.rules.count(Param::WageRevisionYears, today)?.saturating_mul(12);
    let full_months = ctx.rules.count(Param::RevisionYears, today)?.saturating_mul(12);
    let full_months = match duration {
        AgreementDuration::Fixed { months } if months <= full_months => months,
        _ => full_months,
    };
    let wage_on = next_on_or_after(wage_from, wage_months, today);
    let full_on = next_on_or_after(full_from, full_months, today);
    Ok(RevisionDates {
        wage_on,
        wage_request_by: last_day_for_notice(ctx, Term::WageRevisionRequest, wage_on)?,
        full_on,
        full_request_by: last_day_for_notice(ctx, Term::RevisionRequest, full_on)?,
        wage_from,
        full_from,
    })
}

/// The revision calendar of a registered agreement as of `ctx.now` (the stored one was computed
/// when it was registered or last revised).
pub fn current_revision_dates(ctx: &Ctx<'_>, a: &Agreement) -> Result<Option<RevisionDates>, DomainError> {
    match &a.revision_dates {
        Some(d) => Ok(Some(revision_dates(ctx, d.wage_from, d.full_from, a.duration)?)),
        None => Ok(None),
    }
}

fn check_terms(
    ctx: &Ctx<'_>,
    terms: Option<&AgreementTerms>,
) -> Result<(Option<AgreementTerms>, Option<MinimumsReport>), DomainError> {
    let Some(t) = terms else {
        return Ok((None, None));
    };
    let t = minimums::validate(t)?;
    let report = minimums::check(&t, ctx.law_rules, ctx.catalogs, ctx.now.date_naive())?;
    Ok((Some(t), Some(report)))
}

/// What an initial agreement still lacks for its registration (387, 390-c, 390 Ter-III a).
fn requirements(d: &Deposit) -> Vec<Requirement> {
    let mut out = Vec::new();
    match &d.certificate {
        None => out.push(Requirement::Certificate),
        Some(c) => {
            if normalize(&c.union) != normalize(&d.union_name) {
                out.push(Requirement::CertificateOtherUnion { union: c.union.clone() });
            }
            if d.signed_on < c.issued_on || d.signed_on > c.valid_until {
                out.push(Requirement::CertificateNotValid {
                    issued_on: c.issued_on,
                    valid_until: c.valid_until,
                });
            }
        }
    }
    match &d.approval {
        None => out.push(Requirement::Approval),
        Some(v) if v.purpose != Purpose::InitialAgreement || v.outcome != Outcome::Approved => {
            out.push(Requirement::ApprovalNotGiven {
                outcome: format!("{}: {}", v.purpose.code(), v.outcome.code()),
            })
        }
        Some(_) => {}
    }
    out
}

fn deposit(ctx: &Ctx<'_>, input: &DepositInput) -> Result<Vec<Event>, DomainError> {
    let today = ctx.now.date_naive();
    not_future("signed_on", input.signed_on, today)?;
    if input.covered_workers == 0 {
        return Err(DomainError::field(
            "covered_workers",
            "agreement.no_workers",
            "an agreement covers at least one worker",
        ));
    }
    let employer_rfc = if input.employer_rfc.trim().is_empty() {
        None
    } else {
        Some(Rfc::parse(&input.employer_rfc).map(|c| c.value).map_err(|e| {
            DomainError::field("employer_rfc", "agreement.employer_rfc_invalid", e.to_string()).with("error", e.code())
        })?)
    };
    let (terms, minimums) = check_terms(ctx, input.terms.as_ref())?;
    if let AgreementDuration::Fixed { months: 0 } = input.duration {
        return Err(DomainError::field(
            "duration",
            "minimums.duration_empty",
            "a fixed term has at least one month",
        ));
    }
    let legacy = input.kind == AgreementKind::Legacy;
    let legacy_on = if legacy {
        let Some(on) = input.legacy_deposited_on else {
            return Err(DomainError::field(
                "legacy_deposited_on",
                "field.required",
                "a legacy agreement gives the day it was first deposited",
            ));
        };
        let cutoff = ctx.rules.date(Param::LegacyCutoff, today)?;
        if on >= cutoff {
            return Err(DomainError::field(
                "legacy_deposited_on",
                "agreement.not_legacy",
                format!("an agreement deposited from {cutoff} on is an initial agreement"),
            )
            .with("cutoff", cutoff.to_string()));
        }
        Some(on)
    } else {
        None
    };
    let deposit = Deposit {
        kind: input.kind,
        union_name: required_text("union_name", &input.union_name, 300)?,
        union_registration: required_text("union_registration", &input.union_registration, 60)?,
        employer_name: required_text("employer_name", &input.employer_name, 300)?,
        employer_rfc,
        scope: required_text("scope", &input.scope, 4000)?,
        covered_workers: input.covered_workers,
        signed_on: input.signed_on,
        effective_from: input.effective_from.or(legacy_on).unwrap_or(today),
        duration: input.duration,
        certificate: input.certificate.clone(),
        approval: input.approval.clone(),
        terms,
    };
    let unmet = if legacy { Vec::new() } else { requirements(&deposit) };
    let (legitimization, deadline) = if legacy {
        (
            Legitimization::Pending,
            Some(ctx.rules.date(Param::LegitimizationDeadline, today)?),
        )
    } else {
        (Legitimization::NotRequired, None)
    };
    let effective_from = deposit.effective_from;
    let duration = deposit.duration;
    let mut events = vec![Event::Deposited {
        deposit: Box::new(deposit),
        minimums,
        unmet,
        legitimization,
        legitimization_deadline: deadline,
        on: today,
        decide_by: term_end(ctx, Term::AgreementRegistration, today)?,
        at: ctx.now,
    }];
    if legacy {
        events.push(Event::Registered {
            registration_number: required_text("legacy_number", &input.legacy_number, 60)?,
            on: today,
            late: false,
            revision_dates: revision_dates(ctx, effective_from, effective_from, duration)?,
        });
    }
    Ok(events)
}

fn approved(vote: &VoteRef, purpose: Purpose) -> bool {
    vote.purpose == purpose && vote.outcome == Outcome::Approved
}

fn deposit_revision(
    ctx: &Ctx<'_>,
    s: &Agreement,
    kind: RevisionKind,
    agreed_on: NaiveDate,
    effective_from: Option<NaiveDate>,
    vote: &VoteRef,
    terms: Option<&AgreementTerms>,
) -> Result<Vec<Event>, DomainError> {
    let today = ctx.now.date_naive();
    not_future("agreed_on", agreed_on, today)?;
    if !approved(vote, Purpose::Revision) {
        return Err(DomainError::field(
            "vote",
            "agreement.revision_not_approved",
            "a revision is deposited once the workers approved it by vote (LFT 390 Ter, 400 Bis)",
        )
        .with("outcome", vote.outcome.code()));
    }
    let effective = effective_from.unwrap_or(agreed_on);
    let (terms, minimums) = check_terms(ctx, terms)?;
    let current = s
        .revision_dates
        .clone()
        .ok_or_else(|| wrong_state(ILLEGAL, "deposit_revision", s.status.code()))?;
    let dates = match kind {
        RevisionKind::Wage => revision_dates(ctx, effective, current.full_from, s.duration)?,
        RevisionKind::Full => revision_dates(ctx, effective, effective, s.duration)?,
    };
    Ok(vec![Event::RevisionDeposited {
        kind,
        agreed_on,
        effective_from: effective,
        vote_id: vote.vote_id.clone(),
        terms,
        minimums,
        revision_dates: dates,
        on: today,
    }])
}

fn record_legitimization(ctx: &Ctx<'_>, s: &Agreement, vote: &VoteRef) -> Result<Vec<Event>, DomainError> {
    let today = ctx.now.date_naive();
    if vote.purpose != Purpose::Legitimization {
        return Err(DomainError::field(
            "vote",
            "agreement.vote_purpose",
            format!("a {} vote does not legitimize an agreement", vote.purpose.code()),
        ));
    }
    if let Some(deadline) = s.legitimization_deadline.filter(|d| vote.held_on > *d) {
        return Err(DomainError::field(
            "vote",
            "agreement.legitimization_deadline_passed",
            format!("the legitimization had to be voted by {deadline} (2019 decree, Transitory 11th)"),
        )
        .with("deadline", deadline.to_string()));
    }
    let id = vote.vote_id.clone();
    let state = match vote.outcome {
        Outcome::Approved => Legitimization::Legitimized {
            vote_id: id.clone(),
            on: vote.held_on,
        },
        Outcome::Rejected => Legitimization::Rejected {
            vote_id: id.clone(),
            on: vote.held_on,
        },
        _ => Legitimization::Inconclusive { vote_id: id.clone() },
    };
    let rejected = matches!(state, Legitimization::Rejected { .. });
    let mut events = vec![Event::LegitimizationRecorded {
        vote_id: id.clone(),
        legitimization: state,
        on: today,
    }];
    if rejected {
        events.push(Event::Terminated {
            cause: TerminationCause::LegitimizationRejected,
            article: TerminationCause::LegitimizationRejected.article().to_string(),
            on: vote.held_on,
            vote_id: Some(id),
            reason: "a majority of the workers voted against legitimizing the agreement; benefits above the law stay in force".into(),
            at: ctx.now,
        });
    }
    Ok(events)
}

fn terminate(
    ctx: &Ctx<'_>,
    s: &Agreement,
    cause: TerminationCause,
    on: NaiveDate,
    vote: Option<&VoteRef>,
    reason: &str,
) -> Result<Vec<Event>, DomainError> {
    let today = ctx.now.date_naive();
    not_future("on", on, today)?;
    let mut vote_id = None;
    match cause {
        TerminationCause::MutualConsent => match vote {
            Some(v) if approved(v, Purpose::Termination) => vote_id = Some(v.vote_id.clone()),
            _ => {
                return Err(DomainError::field(
                    "vote",
                    "agreement.termination_not_approved",
                    "ending an agreement by consent needs the workers' approval by vote (LFT 401-I)",
                ))
            }
        },
        TerminationCause::LegitimizationRejected => {
            return Err(DomainError::field(
                "cause",
                "agreement.termination_cause",
                "a rejected legitimization ends the agreement when its vote is recorded",
            ))
        }
        TerminationCause::LegitimizationLapsed => {
            let lapsed = s.kind == AgreementKind::Legacy
                && !matches!(s.legitimization, Legitimization::Legitimized { .. })
                && s.legitimization_deadline.is_some_and(|d| today > d);
            if !lapsed {
                return Err(DomainError::field(
                    "cause",
                    "agreement.legitimization_not_lapsed",
                    "only a legacy agreement not legitimized by the deadline lapses",
                ));
            }
        }
        TerminationCause::EndOfWork | TerminationCause::Closure | TerminationCause::CourtRuling => {}
    }
    Ok(vec![Event::Terminated {
        cause,
        article: cause.article().to_string(),
        on,
        vote_id,
        reason: required_text("reason", reason, 4000)?,
        at: ctx.now,
    }])
}

/// Decides what a command does to an agreement's file (`None` before the deposit).
pub fn decide(state: Option<&Agreement>, command: &Command, ctx: &Ctx<'_>) -> Result<Vec<Event>, DomainError> {
    let now = ctx.now;
    let today = now.date_naive();
    let Some(s) = state else {
        return match command {
            Command::Deposit { input } => deposit(ctx, input),
            other => Err(not_found("agreement.not_found", other.name())),
        };
    };
    let illegal = || Err(wrong_state(ILLEGAL, command.name(), s.status.code()));
    if s.status.is_terminal() {
        return illegal();
    }
    let registered = s.status == Status::Registered;
    match command {
        Command::Deposit { .. } => Err(refuse("agreement.exists", "the agreement is already deposited")),
        Command::Register { registration_number } => {
            if s.status != Status::Deposited {
                return illegal();
            }
            if let Some(first) = s.unmet.first() {
                return Err(refuse(
                    "agreement.requirements_unmet",
                    format!("the registration lacks {} requirement(s)", s.unmet.len()),
                )
                .with("requirement", first.code()));
            }
            Ok(vec![Event::Registered {
                registration_number: required_text("registration_number", registration_number, 60)?,
                on: today,
                late: today > s.decide_by,
                revision_dates: revision_dates(ctx, s.effective_from, s.effective_from, s.duration)?,
            }])
        }
        Command::Refuse { reason } => {
            if s.status != Status::Deposited {
                return illegal();
            }
            Ok(vec![Event::Refused {
                reason: required_text("reason", reason, 4000)?,
                on: today,
                at: now,
            }])
        }
        Command::RequestRevision { kind } => {
            let Some(dates) = s.revision_dates.as_ref().filter(|_| registered) else {
                return illegal();
            };
            if s.pending_request.is_some() {
                return Err(refuse(
                    "agreement.revision_pending",
                    "a revision request is already pending",
                ));
            }
            let (due_on, by) = match kind {
                RevisionKind::Wage => (dates.wage_on, dates.wage_request_by),
                RevisionKind::Full => (dates.full_on, dates.full_request_by),
            };
            Ok(vec![Event::RevisionRequested {
                kind: *kind,
                on: today,
                due_on,
                timely: today <= by,
            }])
        }
        Command::DepositRevision {
            kind,
            agreed_on,
            effective_from,
            vote,
            terms,
        } => {
            if !registered {
                return illegal();
            }
            deposit_revision(ctx, s, *kind, *agreed_on, *effective_from, vote, terms.as_ref())
        }
        Command::RecordLegitimization { vote } => {
            if !registered
                || s.kind != AgreementKind::Legacy
                || !matches!(
                    s.legitimization,
                    Legitimization::Pending | Legitimization::Inconclusive { .. }
                )
            {
                return illegal();
            }
            record_legitimization(ctx, s, vote)
        }
        Command::Terminate {
            cause,
            on,
            vote,
            reason,
        } => {
            if !registered {
                return illegal();
            }
            terminate(ctx, s, *cause, *on, vote.as_ref(), reason)
        }
        Command::PublishPublicVersion { text, names } => {
            if !registered {
                return illegal();
            }
            let text = required_text("text", text, MAX_TEXT)?;
            let redacted = redact(&text, names);
            Ok(vec![Event::PublicVersionPublished {
                removed: redacted.summary(),
                public_text: redacted.text,
                on: today,
            }])
        }
    }
}

/// Folds one event into the state.
pub fn apply(state: Option<Agreement>, event: &Event) -> Option<Agreement> {
    if let Event::Deposited {
        deposit,
        minimums,
        unmet,
        legitimization,
        legitimization_deadline,
        on,
        decide_by,
        at,
    } = event
    {
        let d = deposit.as_ref().clone();
        return Some(Agreement {
            status: Status::Deposited,
            kind: d.kind,
            union_name: d.union_name,
            union_registration: d.union_registration,
            employer_name: d.employer_name,
            employer_rfc: d.employer_rfc,
            scope: d.scope,
            covered_workers: d.covered_workers,
            signed_on: d.signed_on,
            effective_from: d.effective_from,
            duration: d.duration,
            certificate: d.certificate,
            approval: d.approval,
            terms: d.terms,
            minimums: minimums.clone(),
            unmet: unmet.clone(),
            deposited_at: *at,
            deposited_on: *on,
            decide_by: *decide_by,
            registration_number: None,
            registered_on: None,
            revision_dates: None,
            pending_request: None,
            revisions: Vec::new(),
            legitimization: legitimization.clone(),
            legitimization_deadline: *legitimization_deadline,
            public_version: None,
            termination: None,
            ended_at: None,
            end_reason: String::new(),
        });
    }
    let mut s = state?;
    match event {
        Event::Deposited { .. } => {}
        Event::Registered {
            registration_number,
            on,
            revision_dates,
            ..
        } => {
            s.registration_number = Some(registration_number.clone());
            s.registered_on = Some(*on);
            s.revision_dates = Some(revision_dates.clone());
            s.status = Status::Registered;
        }
        Event::Refused { reason, at, .. } => {
            s.status = Status::Refused;
            s.ended_at = Some(*at);
            s.end_reason = reason.clone();
        }
        Event::RevisionRequested {
            kind,
            on,
            due_on,
            timely,
        } => {
            s.pending_request = Some(RevisionRequest {
                kind: *kind,
                requested_on: *on,
                due_on: *due_on,
                timely: *timely,
            })
        }
        Event::RevisionDeposited {
            kind,
            agreed_on,
            effective_from,
            vote_id,
            terms,
            minimums,
            revision_dates,
            on,
        } => {
            s.revisions.push(Revision {
                kind: *kind,
                agreed_on: *agreed_on,
                effective_from: *effective_from,
                vote_id: vote_id.clone(),
                deposited_on: *on,
                minimums: minimums.clone(),
            });
            if terms.is_some() {
                s.terms = terms.clone();
                s.minimums = minimums.clone();
            }
            s.revision_dates = Some(revision_dates.clone());
            s.pending_request = None;
        }
        Event::LegitimizationRecorded { legitimization, .. } => s.legitimization = legitimization.clone(),
        Event::PublicVersionPublished { removed, on, .. } => {
            s.public_version = Some(PublicVersion {
                published_on: *on,
                removed: removed.clone(),
            })
        }
        Event::Terminated { cause, reason, at, .. } => {
            s.termination = Some(*cause);
            s.status = Status::Terminated;
            s.ended_at = Some(*at);
            s.end_reason = reason.clone();
        }
    }
    Some(s)
}

/// Decides and applies in one step.
pub fn execute(
    state: Option<&Agreement>,
    command: &Command,
    ctx: &Ctx<'_>,
) -> Result<(Vec<Event>, Agreement), DomainError> {
    crate::case::execute(state, command, ctx, decide, apply, || {
        DomainError::new("agreement.not_found", "the agreement's file does not exist")
    })
}
