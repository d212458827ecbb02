//! The request for a certificate of representativeness as a pure state machine.

use chrono::NaiveDate;

use super::command::{Command, Event};
use super::model::{Applicant, Certificate, Representativeness, Status};
use crate::case::{optional_text, required_text};
use crate::ids::normalize;
use crate::union::anomalies::curp_list;
use crate::union::check::{not_found, not_future, wrong_state};
use crate::union::clock::{months_after, term_end};
use crate::union::members::{check_support, SupporterInput};
use crate::union::rules::{Param, Term};
use crate::union::vote::{Outcome, Purpose, VoteRef};
use crate::union::Ctx;
use crate::DomainError;

const ILLEGAL: &str = "representativeness.illegal_transition";

fn refuse(code: &'static str, detail: impl Into<String>) -> DomainError {
    DomainError::new(code, detail)
}

fn applicant(
    ctx: &Ctx<'_>,
    union: &str,
    registration_number: &str,
    support: &[SupporterInput],
    covered: u32,
    requested_on: NaiveDate,
) -> Result<Applicant, DomainError> {
    let curps: Vec<&str> = support.iter().map(|s| s.curp.as_str()).collect();
    Ok(Applicant {
        union: required_text("union", union, 300)?,
        registration_number: required_text("registration_number", registration_number, 60)?,
        requested_on,
        support: check_support(ctx.rules, support, covered, requested_on)?,
        anomalies: curp_list(&curps),
    })
}

fn issue(ctx: &Ctx<'_>, union: &str, number: &str, vote_id: Option<String>) -> Result<Vec<Event>, DomainError> {
    let today = ctx.now.date_naive();
    Ok(vec![Event::Issued {
        certificate: Certificate {
            number: required_text("certificate_number", number, 60)?,
            union: union.to_string(),
            issued_on: today,
            valid_until: months_after(ctx, Param::ValidityMonths, today)?,
            vote_id,
        },
    }])
}

fn close_window(ctx: &Ctx<'_>, s: &Representativeness) -> Result<Vec<Event>, DomainError> {
    let today = ctx.now.date_naive();
    if let Some(until) = s.window_until.filter(|u| today <= *u) {
        return Err(refuse(
            "representativeness.window_open",
            format!("other unions may join until {until} (LFT 390 Bis-II)"),
        )
        .with("until", until.to_string()));
    }
    let qualifying: Vec<&Applicant> = s.qualifying();
    let names: Vec<String> = qualifying.iter().map(|a| a.union.clone()).collect();
    let mut events = vec![Event::WindowClosed {
        qualifying: names.clone(),
        on: today,
    }];
    match qualifying.as_slice() {
        [] => events.push(Event::Denied {
            reason: "no union reached the support of 30 % of the covered workers (LFT 390 Bis-I)".into(),
            at: ctx.now,
        }),
        [_] => {}
        [_, second, ..] => events.push(Event::VoteRequired {
            unions: names,
            roll_due: term_end(ctx, Term::RepresentativenessRoll, second.requested_on)?,
        }),
    }
    Ok(events)
}

fn record_vote(ctx: &Ctx<'_>, s: &Representativeness, vote: &VoteRef, number: &str) -> Result<Vec<Event>, DomainError> {
    if vote.purpose != Purpose::Representativeness {
        return Err(DomainError::field(
            "vote",
            "representativeness.vote_purpose",
            format!("a {} vote does not decide representativeness", vote.purpose.code()),
        ));
    }
    match &vote.outcome {
        Outcome::Winner { option } => {
            let Some(a) = s
                .qualifying()
                .into_iter()
                .find(|a| normalize(&a.union) == normalize(option))
            else {
                return Err(DomainError::field(
                    "vote",
                    "representativeness.winner_unknown",
                    format!("{option} is not a union that qualified"),
                ));
            };
            issue(ctx, &a.union, number, Some(vote.vote_id.clone()))
        }
        other => Ok(vec![Event::Denied {
            reason: format!("the vote gave no certificate ({}): LFT 388, 390 Bis-III", other.code()),
            at: ctx.now,
        }]),
    }
}

/// Decides what a command does to a request (`None` before it is filed).
pub fn decide(state: Option<&Representativeness>, command: &Command, ctx: &Ctx<'_>) -> Result<Vec<Event>, DomainError> {
    let now = ctx.now;
    let today = now.date_naive();
    let Some(s) = state else {
        return match command {
            Command::Request {
                union,
                registration_number,
                employer_name,
                employer_rfc,
                workplace,
                activity,
                covered_workers,
                support,
            } => {
                if *covered_workers == 0 {
                    return Err(DomainError::field(
                        "covered_workers",
                        "representativeness.no_workers",
                        "the agreement would cover at least one worker",
                    ));
                }
                Ok(vec![Event::Requested {
                    applicant: applicant(ctx, union, registration_number, support, *covered_workers, today)?,
                    employer_name: required_text("employer_name", employer_name, 300)?,
                    employer_rfc: normalize(employer_rfc),
                    workplace: required_text("workplace", workplace, 500)?,
                    activity: optional_text("activity", activity, 300)?,
                    covered_workers: *covered_workers,
                    defect_notice_by: term_end(ctx, Term::RepresentativenessDefectNotice, today)?,
                    notice_by: term_end(ctx, Term::RepresentativenessNotice, today)?,
                    at: now,
                }])
            }
            other => Err(not_found("representativeness.not_found", other.name())),
        };
    };
    let illegal = || Err(wrong_state(ILLEGAL, command.name(), s.status.code()));
    if s.status.is_terminal() {
        return illegal();
    }
    match command {
        Command::Request { .. } => Err(refuse("representativeness.exists", "the request is already filed")),
        Command::NotifyDefects { observations } => {
            if s.status != Status::Requested {
                return illegal();
            }
            let observations = optional_text("observations", observations, 4000)?;
            let first = s.applicants.first();
            let defective = first.is_some_and(|a| !a.qualifies() || !a.support.issues.is_empty());
            if !defective && observations.is_empty() {
                return Err(refuse(
                    "representativeness.no_defects",
                    "the request has what 390 Bis-I asks",
                ));
            }
            Ok(vec![Event::DefectsNotified {
                observations,
                on: today,
                cure_by: term_end(ctx, Term::RepresentativenessDefectCure, today)?,
                late: today > s.defect_notice_by,
            }])
        }
        Command::Correct { support } => {
            if s.status != Status::DefectsNotified {
                return illegal();
            }
            let Some(first) = s.applicants.first() else {
                return illegal();
            };
            Ok(vec![Event::Corrected {
                applicant: applicant(
                    ctx,
                    &first.union,
                    &first.registration_number,
                    support,
                    s.covered_workers,
                    first.requested_on,
                )?,
                on: today,
                late: s.cure_by.is_some_and(|by| today > by),
            }])
        }
        Command::PublishNotice => {
            if s.status != Status::Requested {
                return illegal();
            }
            Ok(vec![Event::NoticePublished {
                on: today,
                window_until: term_end(ctx, Term::JoiningWindow, today)?,
                late: today > s.notice_by,
            }])
        }
        Command::Join {
            union,
            registration_number,
            support,
        } => {
            if s.status != Status::NoticePublished {
                return illegal();
            }
            if let Some(until) = s.window_until.filter(|u| today > *u) {
                return Err(refuse(
                    "representativeness.window_closed",
                    format!("the 10 days to join ended on {until} (LFT 390 Bis-II)"),
                )
                .with("until", until.to_string()));
            }
            if s.applicants.iter().any(|a| normalize(&a.union) == normalize(union)) {
                return Err(DomainError::field(
                    "union",
                    "representativeness.already_applicant",
                    format!("{} already takes part", union.trim()),
                ));
            }
            Ok(vec![Event::Joined {
                applicant: applicant(ctx, union, registration_number, support, s.covered_workers, today)?,
            }])
        }
        Command::CloseWindow => {
            if s.status != Status::NoticePublished {
                return illegal();
            }
            close_window(ctx, s)
        }
        Command::Issue { certificate_number } => {
            let qualifying = s.qualifying();
            match (s.status, qualifying.as_slice()) {
                (Status::WindowClosed, [only]) => issue(ctx, &only.union, certificate_number, None),
                _ => illegal(),
            }
        }
        Command::RecordVote {
            vote,
            certificate_number,
        } => {
            if s.status != Status::VoteRequired {
                return illegal();
            }
            record_vote(ctx, s, vote, certificate_number)
        }
        Command::Deny { reason } => {
            if !matches!(
                s.status,
                Status::Requested | Status::DefectsNotified | Status::WindowClosed | Status::VoteRequired
            ) {
                return illegal();
            }
            Ok(vec![Event::Denied {
                reason: required_text("reason", reason, 4000)?,
                at: now,
            }])
        }
        Command::RecordStrike { started_on } => {
            let Some(c) = s
                .certificate
                .as_ref()
                .filter(|_| s.status == Status::Issued && s.strike_since.is_none())
            else {
                return illegal();
            };
            not_future("started_on", *started_on, today)?;
            if *started_on < c.issued_on || *started_on > c.valid_until {
                return Err(DomainError::field(
                    "started_on",
                    "representativeness.not_valid",
                    format!("the certificate was valid from {} to {}", c.issued_on, c.valid_until),
                ));
            }
            Ok(vec![Event::StrikeRecorded {
                started_on: Some(*started_on),
                ended_on: None,
                valid_until: c.valid_until,
            }])
        }
        Command::RecordStrikeEnded { ended_on } => {
            let (Some(c), Some(since)) = (s.certificate.as_ref(), s.strike_since) else {
                return illegal();
            };
            if s.status != Status::Issued {
                return illegal();
            }
            not_future("ended_on", *ended_on, today)?;
            if *ended_on < since {
                return Err(DomainError::field(
                    "ended_on",
                    "registry.period_reversed",
                    format!("the strike began on {since}"),
                ));
            }
            Ok(vec![Event::StrikeRecorded {
                started_on: None,
                ended_on: Some(*ended_on),
                valid_until: c.valid_until.max(*ended_on),
            }])
        }
        Command::Expire => {
            let Some(c) = s.certificate.as_ref().filter(|_| s.status == Status::Issued) else {
                return illegal();
            };
            if s.strike_since.is_some() || today <= c.valid_until {
                return Err(refuse(
                    "representativeness.still_valid",
                    format!("the certificate is valid until {} (LFT 387)", c.valid_until),
                )
                .with("valid_until", c.valid_until.to_string()));
            }
            Ok(vec![Event::Expired { on: today, at: now }])
        }
    }
}

/// Folds one event into the state.
pub fn apply(state: Option<Representativeness>, event: &Event) -> Option<Representativeness> {
    if let Event::Requested {
        applicant,
        employer_name,
        employer_rfc,
        workplace,
        activity,
        covered_workers,
        defect_notice_by,
        notice_by,
        at,
    } = event
    {
        return Some(Representativeness {
            status: Status::Requested,
            employer_name: employer_name.clone(),
            employer_rfc: employer_rfc.clone(),
            workplace: workplace.clone(),
            activity: activity.clone(),
            covered_workers: *covered_workers,
            applicants: vec![applicant.clone()],
            requested_at: *at,
            requested_on: applicant.requested_on,
            defect_notice_by: *defect_notice_by,
            cure_by: None,
            notice_by: *notice_by,
            notice_published_on: None,
            window_until: None,
            roll_due: None,
            certificate: None,
            strike_since: None,
            ended_at: None,
            end_reason: String::new(),
        });
    }
    let mut s = state?;
    match event {
        Event::Requested { .. } => {}
        Event::DefectsNotified { cure_by, .. } => {
            s.cure_by = Some(*cure_by);
            s.status = Status::DefectsNotified;
        }
        Event::Corrected { applicant, .. } => {
            if let Some(first) = s.applicants.first_mut() {
                *first = applicant.clone();
            }
            s.status = Status::Requested;
        }
        Event::NoticePublished { on, window_until, .. } => {
            s.notice_published_on = Some(*on);
            s.window_until = Some(*window_until);
            s.status = Status::NoticePublished;
        }
        Event::Joined { applicant } => s.applicants.push(applicant.clone()),
        Event::WindowClosed { .. } => s.status = Status::WindowClosed,
        Event::VoteRequired { roll_due, .. } => {
            s.roll_due = Some(*roll_due);
            s.status = Status::VoteRequired;
        }
        Event::Issued { certificate } => {
            s.certificate = Some(certificate.clone());
            s.status = Status::Issued;
        }
        Event::Denied { reason, at } => {
            s.status = Status::Denied;
            s.ended_at = Some(*at);
            s.end_reason = reason.clone();
        }
        Event::StrikeRecorded {
            started_on,
            ended_on,
            valid_until,
        } => {
            if started_on.is_some() {
                s.strike_since = *started_on;
            }
            if ended_on.is_some() {
                s.strike_since = None;
            }
            if let Some(c) = s.certificate.as_mut() {
                c.valid_until = *valid_until;
            }
        }
        Event::Expired { at, .. } => {
            s.status = Status::Expired;
            s.ended_at = Some(*at);
        }
    }
    Some(s)
}

/// Decides and applies in one step.
pub fn execute(
    state: Option<&Representativeness>,
    command: &Command,
    ctx: &Ctx<'_>,
) -> Result<(Vec<Event>, Representativeness), DomainError> {
    crate::case::execute(state, command, ctx, decide, apply, || {
        DomainError::new("representativeness.not_found", "the request does not exist")
    })
}
