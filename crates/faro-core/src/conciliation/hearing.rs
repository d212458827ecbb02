//! The hearing phase: setting, moving and serving the summons for a hearing, recording it, and
//! what each outcome leads to (684-E IV to XI).

use chrono::NaiveDate;

use super::clock::{self, ResumeCause, Term, Window};
use super::command::{Event, FineRequest, HearingOutcome, ServiceResult};
use super::lifecycle::{date_not_future, refuse};
use super::model::{
    AbsentSide, Case, Constancia, ConstanciaKind, Hearing, HearingPurpose, HearingResult, HeldHearing, NoticeMethod,
    Slot, Summons, Track, Venue,
};
use super::request::{PartyRole, Person};
use super::{settlement, Ctx};
use crate::case::{optional_text, required_text};
use crate::DomainError;

/// A slot whose date fits `w`, with its texts checked.
fn check_slot(ctx: &Ctx<'_>, w: &Window, slot: &Slot) -> Result<Slot, DomainError> {
    clock::check_hearing_date(ctx, w, slot.date)?;
    let venue = match &slot.venue {
        Venue::Room { name } => Venue::Room {
            name: required_text("venue.name", name, 100)?,
        },
        Venue::Remote { link } => Venue::Remote {
            link: optional_text("venue.link", link, 500)?,
        },
    };
    Ok(Slot {
        date: slot.date,
        time: slot.time,
        conciliator_id: required_text("conciliator_id", &slot.conciliator_id, 60)?,
        venue,
    })
}

/// A summons the centre serves personally for a hearing on `date`, if there is still time to
/// give the 5 days of notice (684-E IV).
fn personal_summons(ctx: &Ctx<'_>, date: NaiveDate) -> Result<Summons, DomainError> {
    let serve_by = clock::latest_timely_service(ctx, date)?;
    if serve_by < ctx.now.date_naive() {
        return Err(DomainError::field(
            "date",
            "conciliation.no_time_for_summons",
            format!(
                "the summons must be served by {serve_by} to give 5 days of notice (LFT 684-E IV); choose a later date"
            ),
        )
        .with("serve_by", serve_by.to_string())
        .with("article", "LFT 684-E IV"));
    }
    Ok(Summons::pending(NoticeMethod::Personal, Some(serve_by)))
}

fn first_term(track: Track) -> Term {
    match track {
        Track::Ordinary => Term::Hearing,
        Track::Joint => Term::JointHearing,
        Track::FastTrack => Term::FastTrackHearing,
    }
}

/// Sets the first hearing (684-E IV, VI or the fast track) in `s`'s legal window.
pub(super) fn schedule(ctx: &Ctx<'_>, s: &Case, slot: &Slot) -> Result<Vec<Event>, DomainError> {
    let now = ctx.now;
    let received_on = s.received_at.date_naive();
    let w = clock::window(ctx, first_term(s.track), received_on, s.filed_on)?;
    let slot = check_slot(ctx, &w, slot)?;
    let summons = match s.track {
        Track::Ordinary => personal_summons(ctx, slot.date)?,
        Track::Joint => Summons::notified(NoticeMethod::AtFiling, received_on),
        Track::FastTrack => Summons::pending(NoticeMethod::ByRequester, None),
    };
    Ok(vec![Event::HearingScheduled {
        hearing: Hearing {
            number: 1,
            purpose: HearingPurpose::First,
            slot,
            window: w,
            summons,
            reschedules: 0,
            set_at: now,
        },
        track: s.track,
        at: now,
    }])
}

/// Moves hearing `h`: only the 684-D limit binds; a new summons is needed.
pub(super) fn reschedule(
    ctx: &Ctx<'_>,
    s: &Case,
    h: &Hearing,
    slot: &Slot,
    reason: &str,
) -> Result<Vec<Event>, DomainError> {
    let now = ctx.now;
    let today = ctx.now.date_naive();
    let reason = required_text("reason", reason, 2000)?;
    let w = clock::limit_window(ctx, today, s.filed_on)?;
    let slot = check_slot(ctx, &w, slot)?;
    let summons = match s.track {
        Track::FastTrack => Summons::pending(NoticeMethod::ByRequester, None),
        Track::Ordinary | Track::Joint => personal_summons(ctx, slot.date)?,
    };
    Ok(vec![Event::HearingRescheduled {
        hearing: Hearing {
            number: h.number,
            purpose: h.purpose,
            slot,
            window: w,
            summons,
            reschedules: h.reschedules.saturating_add(1),
            set_at: now,
        },
        reason,
        at: now,
    }])
}

/// The notifier's (or the requester's) report on the summons of hearing `h`.
pub(super) fn record_service(
    ctx: &Ctx<'_>,
    h: &Hearing,
    result: &ServiceResult,
    on: &NaiveDate,
    note: &str,
) -> Result<Vec<Event>, DomainError> {
    let now = ctx.now;
    let today = ctx.now.date_naive();
    if !h.summons.needs_service() {
        return Err(refuse(
            "conciliation.no_summons_needed",
            "the parties were told of this hearing in person or by the bulletin",
        ));
    }
    if h.summons.delivered() {
        return Err(refuse(
            "conciliation.summons_already_served",
            "the summons was already served",
        ));
    }
    date_not_future("on", *on, today)?;
    if *on > h.slot.date || *on < h.set_at.date_naive() {
        return Err(DomainError::field(
            "on",
            "conciliation.service_date_out_of_range",
            "the service must be between the day the hearing was set and the hearing",
        ));
    }
    let delivered = *result != ServiceResult::NotFound;
    let timely = match (h.summons.method, h.summons.serve_by) {
        (NoticeMethod::Personal, Some(by)) if delivered => Some(*on <= by),
        _ => None,
    };
    Ok(vec![Event::ServiceRecorded {
        hearing: h.number,
        result: *result,
        on: *on,
        timely,
        attempts: h.summons.attempts.saturating_add(u32::from(!delivered)),
        note: optional_text("note", note, 2000)?,
        at: now,
    }])
}

/// Ends the stage with a constancia because the summons could not be served (684-E XI).
pub(super) fn close_for_failed_service(
    ctx: &Ctx<'_>,
    s: &Case,
    h: &Hearing,
    note: &str,
) -> Result<Vec<Event>, DomainError> {
    let today = ctx.now.date_naive();
    if h.summons.method != NoticeMethod::Personal {
        return Err(refuse(
            "conciliation.service_not_by_centre",
            "only a summons the centre serves can fail (LFT 684-E XI); record the hearing instead",
        ));
    }
    if h.summons.delivered() {
        return Err(refuse("conciliation.summons_already_served", "the summons was served"));
    }
    let required = ctx
        .rules
        .parameter_int("conciliation.service_attempts_min", today)?
        .max(1);
    if i64::from(h.summons.attempts) < required {
        return Err(refuse(
            "conciliation.service_attempts_pending",
            format!("record at least {required} failed attempts to serve the summons first"),
        )
        .with("required", required.to_string())
        .with("attempts", h.summons.attempts.to_string()));
    }
    let note = optional_text("note", note, 2000)?;
    Ok(vec![constancia(
        ctx,
        s,
        ConstanciaKind::ServiceFailed,
        today,
        Some(h.number),
        note,
    )])
}

/// The employer's absence is fined (994-VIII) when the summoned party is an employer validly
/// summoned, outside the fast track (whose summons the requester delivers without the warning).
fn fine_due(s: &Case, h: &Hearing) -> bool {
    s.request.counterpart.role == PartyRole::Employer && h.summons.effective() && s.track != Track::FastTrack
}

fn fine_requested(ctx: &Ctx<'_>, s: &Case, h: &Hearing) -> Result<Event, DomainError> {
    let date = h.slot.date;
    let id = ctx.rules.parameter_str("conciliation.non_appearance_violation", date)?;
    let v = ctx.rules.violation(id, date)?;
    let employer = &s.request.counterpart;
    let employer_rfc = match &employer.person {
        Some(Person::LegalEntity { rfc: Some(r), .. }) | Some(Person::Individual { rfc: Some(r), .. }) => {
            Some(r.as_str().to_string())
        }
        _ => None,
    };
    Ok(Event::FineRequested {
        fine: FineRequest {
            violation: v.meta.id.clone(),
            article: v.meta.article.clone(),
            min_uma: v.min_uma,
            max_uma: v.max_uma,
            violation_date: date,
            center: s.center,
            employer_name: employer.name().to_string(),
            employer_rfc,
            employer_address: employer.address.clone(),
            workplace_address: s.request.workplace.address.clone(),
            hearing: h.number,
        },
        at: ctx.now,
    })
}

fn constancia(
    ctx: &Ctx<'_>,
    s: &Case,
    kind: ConstanciaKind,
    on: NaiveDate,
    hearing: Option<u32>,
    note: String,
) -> Event {
    Event::ConstanciaIssued {
        constancia: Constancia {
            kind,
            issued_on: on,
            article: kind.article().to_string(),
            hearing,
        },
        interruption: s.interruption.ended(on, ResumeCause::Constancia),
        note,
        at: ctx.now,
    }
}

/// A new hearing after hearing `h`, for `purpose`, in the window of `term` from the hearing day.
fn next_hearing(
    ctx: &Ctx<'_>,
    s: &Case,
    h: &Hearing,
    term: Term,
    purpose: HearingPurpose,
    slot: &Slot,
    summons: impl FnOnce(&Slot) -> Result<Summons, DomainError>,
) -> Result<Hearing, DomainError> {
    let w = clock::window(ctx, term, h.slot.date, s.filed_on)?;
    let slot = check_slot(ctx, &w, slot)?;
    Ok(Hearing {
        number: h.number.saturating_add(1),
        purpose,
        summons: summons(&slot)?,
        slot,
        window: w,
        reschedules: 0,
        set_at: ctx.now,
    })
}

pub(super) fn hold(
    ctx: &Ctx<'_>,
    s: &Case,
    h: &Hearing,
    conciliator_id: &str,
    outcome: &HearingOutcome,
) -> Result<Vec<Event>, DomainError> {
    let now = ctx.now;
    if now.date_naive() < h.slot.date {
        return Err(refuse(
            "conciliation.hearing_not_yet",
            format!("the hearing is on {}; it cannot be recorded before", h.slot.date),
        )
        .with("date", h.slot.date.to_string()));
    }
    let date = h.slot.date;
    let conciliator_id = required_text("conciliator_id", conciliator_id, 60)?;
    let held =
        |result: HearingResult, requester_present: bool, summoned_present: bool, note: &str| Event::HearingHeld {
            held: HeldHearing {
                number: h.number,
                date,
                conciliator_id: conciliator_id.clone(),
                requester_present,
                summoned_present,
                result,
                note: note.to_string(),
            },
            at: now,
        };
    let scheduled = |hearing: Hearing, track: Track| Event::HearingScheduled {
        hearing,
        track,
        at: now,
    };
    match outcome {
        HearingOutcome::Settlement(input) => {
            let settlement = settlement::validate(input, date, ctx.rules)?;
            Ok(vec![
                held(HearingResult::Settlement, true, true, ""),
                Event::SettlementRatified { settlement, at: now },
            ])
        }
        HearingOutcome::NoAgreement => Ok(vec![
            held(HearingResult::NoAgreement, true, true, ""),
            constancia(ctx, s, ConstanciaKind::NoAgreement, date, Some(h.number), String::new()),
        ]),
        HearingOutcome::JointNewHearing { slot } => {
            let next = next_hearing(
                ctx,
                s,
                h,
                Term::JointRehearing,
                HearingPurpose::JointRequest,
                slot,
                |_| Ok(Summons::notified(NoticeMethod::AtHearing, date)),
            )?;
            Ok(vec![
                held(HearingResult::JointNewHearing, true, true, ""),
                scheduled(next, s.track),
            ])
        }
        HearingOutcome::RequesterAbsent { summoned_present } => {
            let mut events = vec![
                held(HearingResult::RequesterAbsent, false, *summoned_present, ""),
                Event::Archived {
                    on: date,
                    interruption: s.interruption.ended(date, ResumeCause::Archive),
                    at: now,
                },
            ];
            if !summoned_present && fine_due(s, h) {
                events.push(fine_requested(ctx, s, h)?);
            }
            Ok(events)
        }
        HearingOutcome::SummonedAbsent { new_slot } if s.track == Track::FastTrack => {
            let Some(slot) = new_slot else {
                return Err(DomainError::field(
                    "new_slot",
                    "conciliation.new_hearing_required",
                    "fast track: when only the requester comes, set a new hearing within 15 days (LFT 684-E)",
                ));
            };
            let next = next_hearing(
                ctx,
                s,
                h,
                Term::FastTrackResetHearing,
                HearingPurpose::FastTrackReset,
                slot,
                |slot| personal_summons(ctx, slot.date),
            )?;
            Ok(vec![
                held(HearingResult::FastTrackReset, true, false, ""),
                scheduled(next, Track::Ordinary),
            ])
        }
        HearingOutcome::SummonedAbsent { new_slot } => {
            if new_slot.is_some() {
                return Err(DomainError::field(
                    "new_slot",
                    "conciliation.new_hearing_not_allowed",
                    "only the requester came: the centre issues the constancia (LFT 684-E X)",
                ));
            }
            if !h.summons.effective() {
                return Err(refuse(
                    "conciliation.summons_not_effective",
                    "the summoned party was not validly summoned with 5 days of notice; reschedule the hearing",
                ));
            }
            let mut events = vec![
                held(HearingResult::SummonedAbsent, true, false, ""),
                constancia(
                    ctx,
                    s,
                    ConstanciaKind::SummonedAbsent,
                    date,
                    Some(h.number),
                    String::new(),
                ),
            ];
            if fine_due(s, h) {
                events.push(fine_requested(ctx, s, h)?);
            }
            Ok(events)
        }
        HearingOutcome::JustifiedAbsence {
            absent,
            reason,
            new_slot,
        } => {
            let reason = required_text("reason", reason, 2000)?;
            // 684-E IX: the party present is told in the act, the absent one by the bulletin.
            let method = match absent {
                AbsentSide::Requester => NoticeMethod::AtHearing,
                AbsentSide::Summoned | AbsentSide::Both => NoticeMethod::Bulletin,
            };
            let next = next_hearing(
                ctx,
                s,
                h,
                Term::AbsenceRehearing,
                HearingPurpose::JustifiedAbsence,
                new_slot,
                |_| Ok(Summons::notified(method, date)),
            )?;
            let requester_present = *absent == AbsentSide::Summoned;
            let summoned_present = *absent == AbsentSide::Requester;
            Ok(vec![
                held(
                    HearingResult::JustifiedAbsence,
                    requester_present,
                    summoned_present,
                    &reason,
                ),
                scheduled(next, s.track),
            ])
        }
    }
}
