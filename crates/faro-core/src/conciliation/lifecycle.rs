//! The conciliation case as a pure state machine: [`decide`] checks a command against the state,
//! the clock and the rules and returns the events (or a [`DomainError`] saying why not);
//! [`apply`] folds one event into the state. See the diagram in the module documentation.

use chrono::NaiveDate;

use super::clock::{self, Interruption, ResumeCause};
use super::command::{Command, Event, ForwardedFrom, ServiceResult};
use super::competence::{self, route, FederalBranches};
use super::model::{Case, Status, SummonsStatus, Track};
use super::request::{self, RequestInput};
use super::{compliance, exceptions, hearing, Ctx};
use crate::case::required_text;
use crate::{DomainError, Jurisdiction};

pub(super) fn refuse(code: &'static str, detail: impl Into<String>) -> DomainError {
    DomainError::new(code, detail)
}

fn wrong_state(s: &Case, command: &Command) -> DomainError {
    DomainError::new(
        "conciliation.illegal_transition",
        format!("cannot {} a case that is {}", command.name(), s.status.code()),
    )
    .with("command", command.name())
    .with("status", s.status.code())
}

fn file(
    ctx: &Ctx<'_>,
    center: Jurisdiction,
    input: &RequestInput,
    from: Option<&ForwardedFrom>,
) -> Result<Vec<Event>, DomainError> {
    let now = ctx.now;
    let today = now.date_naive();
    let request = request::validate(input, ctx.catalogs)?;
    let filed_on = match from {
        Some(f) if f.center == center => {
            return Err(DomainError::field(
                "forwarded_from",
                "conciliation.forward_to_self",
                "a centre does not forward a request to itself",
            ))
        }
        Some(f) if f.filed_on > today => {
            return Err(DomainError::field(
                "forwarded_from",
                "conciliation.filed_in_future",
                "the first filing cannot be after today",
            ))
        }
        Some(f) => f.filed_on,
        None => today,
    };
    let w = &request.workplace;
    let routing = route(
        FederalBranches::official()?,
        w.scian.as_deref(),
        w.state,
        w.federal,
        today,
    );
    let forward_due = competence::forwarding(ctx.rules, center, &routing, now)?.map(|f| f.due_by);
    let interruption = Interruption::begin(filed_on);
    let exemption = match request.exemption {
        Some(matter) => Some(exceptions::exemption(matter, &request.exemption_reason, today)?),
        None => None,
    };
    let mut events = vec![Event::Filed {
        center,
        track: Track::of(request.channel, request.fast_track),
        routing,
        received_at: now,
        filed_on,
        forwarded_from: from.map(|f| f.center),
        procedure_limit: clock::procedure_limit(ctx, filed_on)?,
        forward_due,
        interruption: interruption.clone(),
        request: Box::new(request),
    }];
    if let Some(exemption) = exemption {
        events.push(Event::ClosedExempt {
            exemption,
            interruption: interruption.ended(today, ResumeCause::Exempt),
            at: now,
        });
    }
    Ok(events)
}

pub(super) fn date_not_future(field: &'static str, on: NaiveDate, today: NaiveDate) -> Result<(), DomainError> {
    if on > today {
        return Err(DomainError::field(
            field,
            "conciliation.date_in_future",
            format!("{on} is after today"),
        ));
    }
    Ok(())
}

/// Decides what a command does to a case (`None` before it exists).
pub fn decide(state: Option<&Case>, command: &Command, ctx: &Ctx<'_>) -> Result<Vec<Event>, DomainError> {
    let now = ctx.now;
    let today = now.date_naive();
    let Some(s) = state else {
        return match command {
            Command::File {
                center,
                request,
                forwarded_from,
            } => file(ctx, *center, request, forwarded_from.as_ref()),
            other => Err(refuse(
                "conciliation.not_found",
                format!("cannot {} a case that does not exist", other.name()),
            )),
        };
    };
    if s.status.is_terminal() {
        return Err(wrong_state(s, command));
    }
    let illegal = || Err(wrong_state(s, command));
    let current = || s.hearing.as_ref().ok_or_else(|| wrong_state(s, command));
    let settled = || s.settlement.as_ref().ok_or_else(|| wrong_state(s, command));
    match command {
        Command::File { .. } => Err(refuse("conciliation.exists", "the request is already filed")),
        Command::Forward { to, reason } => {
            if s.status != Status::Filed {
                return illegal();
            }
            if *to == s.center {
                return Err(DomainError::field(
                    "to",
                    "conciliation.forward_to_self",
                    "a centre does not forward a request to itself",
                ));
            }
            let forwarding = competence::forward_to(ctx.rules, s.center, *to, s.received_at)?;
            Ok(vec![Event::Forwarded {
                late: now > forwarding.due_by,
                routing_agrees: s.routing.competence.center() == *to,
                reason: required_text("reason", reason, 2000)?,
                forwarding,
                at: now,
            }])
        }
        Command::DeclareExempt { matter, reason } => {
            if !matches!(s.status, Status::Filed | Status::HearingScheduled) {
                return illegal();
            }
            let reason = required_text("reason", reason, 2000)?;
            Ok(vec![Event::ClosedExempt {
                exemption: exceptions::exemption(*matter, &reason, today)?,
                interruption: s.interruption.ended(today, ResumeCause::Exempt),
                at: now,
            }])
        }
        Command::ScheduleHearing { slot } => {
            if s.status != Status::Filed {
                return illegal();
            }
            hearing::schedule(ctx, s, slot)
        }
        Command::Reschedule { slot, reason } => {
            if s.status != Status::HearingScheduled {
                return illegal();
            }
            hearing::reschedule(ctx, s, current()?, slot, reason)
        }
        Command::RecordService { result, on, note } => {
            if s.status != Status::HearingScheduled {
                return illegal();
            }
            hearing::record_service(ctx, current()?, result, on, note)
        }
        Command::CloseForFailedService { note } => {
            if s.status != Status::HearingScheduled {
                return illegal();
            }
            hearing::close_for_failed_service(ctx, s, current()?, note)
        }
        Command::HoldHearing {
            conciliator_id,
            outcome,
        } => {
            if s.status != Status::HearingScheduled {
                return illegal();
            }
            hearing::hold(ctx, s, current()?, conciliator_id, outcome)
        }
        Command::RecordPayment { installment, paid_on } => {
            if s.status != Status::Settled {
                return illegal();
            }
            compliance::record_payment(ctx, settled()?, installment, paid_on)
        }
        Command::RecordPenaltyPayment { amount, paid_on } => {
            if s.status != Status::Settled {
                return illegal();
            }
            compliance::record_penalty_payment(ctx, settled()?, amount, paid_on)
        }
        Command::CertifyCompliance => {
            if s.status != Status::Settled {
                return illegal();
            }
            compliance::certify_compliance(ctx, settled()?)
        }
        Command::CertifyNonCompliance { note } => {
            if s.status != Status::Settled {
                return illegal();
            }
            compliance::certify_non_compliance(ctx, settled()?, note)
        }
    }
}

/// Folds one event into the state. Events come from [`decide`], so they are legal by
/// construction; an event that does not fit leaves the state as it was except for its own data.
pub fn apply(state: Option<Case>, event: &Event) -> Option<Case> {
    if let Event::Filed {
        center,
        request,
        routing,
        track,
        received_at,
        filed_on,
        forwarded_from,
        procedure_limit,
        forward_due,
        interruption,
    } = event
    {
        return Some(Case {
            center: *center,
            request: request.as_ref().clone(),
            routing: routing.clone(),
            track: *track,
            status: Status::Filed,
            received_at: *received_at,
            filed_on: *filed_on,
            forwarded_from: *forwarded_from,
            procedure_limit: *procedure_limit,
            forward_due: *forward_due,
            forwarding: None,
            exemption: None,
            hearing: None,
            held: Vec::new(),
            settlement: None,
            constancia: None,
            fine_requested: false,
            interruption: interruption.clone(),
            ended_at: None,
            end_reason: String::new(),
        });
    }
    let mut s = state?;
    match event {
        Event::Filed { .. } => {}
        Event::Forwarded {
            forwarding, reason, at, ..
        } => {
            s.forwarding = Some(forwarding.clone());
            s.status = Status::Forwarded;
            s.ended_at = Some(*at);
            s.end_reason = reason.clone();
        }
        Event::ClosedExempt {
            exemption,
            interruption,
            at,
        } => {
            s.end_reason = exemption.reason.clone();
            s.exemption = Some(exemption.clone());
            s.interruption = interruption.clone();
            s.status = Status::Exempt;
            s.ended_at = Some(*at);
        }
        Event::HearingScheduled { hearing, track, .. } => {
            s.hearing = Some(hearing.clone());
            s.track = *track;
            s.status = Status::HearingScheduled;
        }
        Event::HearingRescheduled { hearing, .. } => s.hearing = Some(hearing.clone()),
        Event::ServiceRecorded {
            result, on, attempts, ..
        } => {
            if let Some(h) = s.hearing.as_mut() {
                h.summons.attempts = *attempts;
                h.summons.status = match result {
                    ServiceResult::Served => SummonsStatus::Served,
                    ServiceResult::Refused => SummonsStatus::Refused,
                    ServiceResult::NotFound => SummonsStatus::NotFound,
                };
                if *result != ServiceResult::NotFound {
                    h.summons.served_on = Some(*on);
                }
            }
        }
        Event::HearingHeld { held, .. } => s.held.push(held.clone()),
        Event::SettlementRatified { settlement, .. } => {
            s.settlement = Some(settlement.clone());
            s.status = Status::Settled;
        }
        Event::ConstanciaIssued {
            constancia,
            interruption,
            note,
            at,
        } => {
            s.constancia = Some(constancia.clone());
            s.interruption = interruption.clone();
            s.status = Status::NotConciliated;
            s.ended_at = Some(*at);
            s.end_reason = note.clone();
        }
        Event::Archived { interruption, at, .. } => {
            s.interruption = interruption.clone();
            s.status = Status::Archived;
            s.ended_at = Some(*at);
        }
        Event::FineRequested { .. } => s.fine_requested = true,
        Event::InstallmentPaid {
            installment, paid_on, ..
        } => {
            if let Some(i) = s
                .settlement
                .as_mut()
                .and_then(|st| st.installments.iter_mut().find(|i| i.number == *installment))
            {
                i.paid_on = Some(*paid_on);
            }
        }
        Event::PenaltyPaid { amount, .. } => {
            if let Some(st) = s.settlement.as_mut() {
                st.penalty_paid = st.penalty_paid.checked_add(*amount).unwrap_or(st.penalty_paid);
            }
        }
        Event::ComplianceCertified { at, .. } => {
            s.status = Status::Complied;
            s.ended_at = Some(*at);
        }
        Event::NonComplianceCertified { note, at, .. } => {
            s.status = Status::NotComplied;
            s.ended_at = Some(*at);
            s.end_reason = note.clone();
        }
    }
    Some(s)
}

/// Decides and applies in one step: the events and the state after them.
pub fn execute(state: Option<&Case>, command: &Command, ctx: &Ctx<'_>) -> Result<(Vec<Event>, Case), DomainError> {
    crate::case::execute(state, command, ctx, decide, apply, || {
        DomainError::new("conciliation.not_found", "the case does not exist")
    })
}
