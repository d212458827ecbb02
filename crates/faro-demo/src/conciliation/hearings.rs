//! The hearing phase of a case: the dates (always inside the legal window core computes, on a
//! working day, with time to serve the summons), the notifier's service, and each hearing's
//! outcome with the new hearing, constancia, archive, fine request or convenio it leads to.

use chrono::{DateTime, NaiveDate, Utc};
use faro_core::conciliation::clock::{self, Term, Window};
use faro_core::conciliation::{
    AbsentSide, Command, Hearing, HearingOutcome, NoticeMethod, ServiceResult, Slot, Track, Venue,
};
use faro_core::Jurisdiction;
use rand::RngCore;

use super::case::Setup;
use super::clock::{days_after, hearing_start, hearing_time, minutes_after, on_day_after, working_days};
use super::model::{self, plus_days};
use super::recorder::{Halt, Recorder};
use super::request::{Place, Plan};
use super::{convenio, office_slot, texts};
use crate::random::{below, between, chance, index, unit};

/// Remote hearings by video.
const REMOTE_SHARE: f64 = 0.12;
/// Rooms per centre office.
const ROOMS: u32 = 8;
/// Hearings of a case after which no new one is set (a reschedule aside).
const LAST_NEW_HEARING: u32 = 3;

/// One of the office's conciliators: an account of the demo if it holds the slot.
pub(crate) fn conciliator(setup: &Setup<'_>, rng: &mut impl RngCore, center: Jurisdiction, place: &Place) -> String {
    let office = center.state().unwrap_or(place.state);
    let slot = between(rng, 1, setup.conciliators_per_office.max(1));
    let id = office_slot(center, office, slot);
    match setup.accounts.get(&id) {
        Some(user) => user.to_string(),
        None => id.to_string(),
    }
}

fn slot(rng: &mut impl RngCore, date: NaiveDate, conciliator_id: String) -> Slot {
    let venue = if chance(rng, REMOTE_SHARE) {
        Venue::Remote { link: String::new() }
    } else {
        Venue::Room {
            name: format!("Sala {}", between(rng, 1, ROOMS)),
        }
    };
    Slot {
        date,
        time: hearing_time(rng),
        conciliator_id,
        venue,
    }
}

/// The working days of `w` from `earliest`, on which a hearing may be set.
fn candidates(setup: &Setup<'_>, w: &Window, earliest: NaiveDate) -> Vec<NaiveDate> {
    working_days(&setup.law.calendar, earliest.max(w.from), w.latest())
}

/// Keeps the dates whose summons can still be served personally in time: those whose last day
/// of service is tomorrow or later if any (a day for the notifier to go out), else today or
/// later. The last day of service only moves forward with the hearing's date, so the dates that
/// qualify are a tail of `days` (sorted), found by bisection.
fn servable(setup: &Setup<'_>, now: DateTime<Utc>, days: Vec<NaiveDate>) -> Result<Vec<NaiveDate>, Halt> {
    let ctx = setup.ctx(now);
    let today = now.date_naive();
    let mut failed = None;
    let mut from = |by: NaiveDate| {
        days.partition_point(|d| match clock::latest_timely_service(&ctx, *d) {
            Ok(serve_by) => serve_by < by,
            Err(e) => {
                failed = Some(e);
                false
            }
        })
    };
    let strict = from(plus_days(today, 1));
    let start = if strict < days.len() { strict } else { from(today) };
    if let Some(e) = failed {
        return Err(e.into());
    }
    Ok(days.get(start..).map(<[NaiveDate]>::to_vec).unwrap_or_default())
}

/// The first hearing's slot for a case scheduled at `at`, or `None` if no date fits.
pub(crate) fn first_slot(
    setup: &Setup<'_>,
    rng: &mut impl RngCore,
    rec: &Recorder<'_>,
    place: &Place,
    center: Jurisdiction,
    track: Track,
    at: DateTime<Utc>,
) -> Result<Option<Slot>, Halt> {
    let Some(case) = rec.case() else {
        return Ok(None);
    };
    let at = rec.when(at);
    let today = at.date_naive();
    let ctx = setup.ctx(at);
    let term = match track {
        Track::Ordinary => Term::Hearing,
        Track::Joint => Term::JointHearing,
        Track::FastTrack => Term::FastTrackHearing,
    };
    let w = clock::window(&ctx, term, case.received_at.date_naive(), case.filed_on)?;
    let days = candidates(setup, &w, today);
    let date = match track {
        // 684-E VI: at once or within five days.
        Track::Joint => {
            if days.first() == Some(&today) && chance(rng, 0.4) {
                Some(today)
            } else {
                pick(rng, &days)
            }
        }
        // The requester needs a day or two to deliver the summons.
        Track::FastTrack => {
            let later: Vec<NaiveDate> = days.iter().copied().filter(|d| *d > plus_days(today, 1)).collect();
            pick(rng, if later.is_empty() { &days } else { &later })
        }
        Track::Ordinary => pick(rng, &servable(setup, at, days)?),
    };
    Ok(date.map(|d| {
        let who = conciliator(setup, rng, center, place);
        slot(rng, d, who)
    }))
}

fn pick(rng: &mut impl RngCore, days: &[NaiveDate]) -> Option<NaiveDate> {
    days.get(index(rng, days.len())).copied()
}

/// The earliest of `days`, favouring the first ones.
fn pick_early(rng: &mut impl RngCore, days: &[NaiveDate]) -> Option<NaiveDate> {
    let n = days.len().min(3);
    days.get(below(rng, n as u64) as usize).copied()
}

/// A new date for hearing `h` moved at `at`: only the 684-D limit binds; the summons is served
/// again (the requester delivers it on the fast track).
fn reschedule_slot(
    setup: &Setup<'_>,
    rng: &mut impl RngCore,
    rec: &Recorder<'_>,
    at: DateTime<Utc>,
    h: &Hearing,
) -> Result<Option<Slot>, Halt> {
    let Some(case) = rec.case() else {
        return Ok(None);
    };
    let at = rec.when(at);
    let today = at.date_naive();
    let ctx = setup.ctx(at);
    let w = clock::limit_window(&ctx, today, case.filed_on)?;
    let days = candidates(setup, &w, plus_days(today, 1));
    let days = if case.track == Track::FastTrack {
        days
    } else {
        servable(setup, at, days)?
    };
    Ok(pick(rng, &days).map(|d| slot(rng, d, h.slot.conciliator_id.clone())))
}

/// A later hearing set at the hearing held at `at`, in the window of `term`; `personal` when
/// its summons must be served personally.
fn next_slot(
    setup: &Setup<'_>,
    rng: &mut impl RngCore,
    rec: &Recorder<'_>,
    at: DateTime<Utc>,
    h: &Hearing,
    term: Term,
    personal: bool,
) -> Result<Option<Slot>, Halt> {
    let Some(case) = rec.case() else {
        return Ok(None);
    };
    let today = at.date_naive();
    let ctx = setup.ctx(at);
    let w = clock::window(&ctx, term, h.slot.date, case.filed_on)?;
    let days = candidates(setup, &w, plus_days(today, 1));
    let days = if personal { servable(setup, at, days)? } else { days };
    Ok(pick_early(rng, &days).map(|d| slot(rng, d, h.slot.conciliator_id.clone())))
}

/// What the service phase left.
enum Service {
    /// The hearing goes ahead (served, or not and nothing else could be done).
    Hearing,
    /// A new date was set.
    Rescheduled,
    /// The stage ended for failed service (684-E XI).
    Closed,
}

fn draw_service(rng: &mut impl RngCore, served: f64, refused: f64) -> ServiceResult {
    let x = unit(rng);
    if x < served {
        ServiceResult::Served
    } else if x < served + refused {
        ServiceResult::Refused
    } else {
        ServiceResult::NotFound
    }
}

fn record_service(
    rec: &mut Recorder<'_>,
    rng: &mut impl RngCore,
    day: NaiveDate,
    result: ServiceResult,
) -> Result<(), Halt> {
    let from = rec.last_at().unwrap_or_else(|| super::clock::midnight(day));
    let at = on_day_after(rng, day, from);
    let note = texts::service_note(rng, result != ServiceResult::NotFound, result == ServiceResult::Refused);
    rec.run(
        at,
        Command::RecordService {
            result,
            on: day,
            note: note.to_string(),
        },
    )?;
    Ok(())
}

/// Serves the summons of hearing `h` if it needs it.
fn serve(rec: &mut Recorder<'_>, setup: &Setup<'_>, rng: &mut impl RngCore, h: &Hearing) -> Result<Service, Halt> {
    if !h.summons.needs_service() || h.summons.delivered() {
        return Ok(Service::Hearing);
    }
    let cal = &setup.law.calendar;
    let set_day = h.set_at.date_naive();
    if h.summons.method == NoticeMethod::ByRequester {
        // The requester delivers it before the hearing.
        let before = h.slot.date.pred_opt().unwrap_or(h.slot.date);
        let mut days = working_days(cal, plus_days(set_day, 1), before);
        if days.is_empty() {
            days = vec![set_day];
        }
        let day = pick_early(rng, &days).unwrap_or(set_day);
        let result = draw_service(rng, 0.85, 0.03);
        record_service(rec, rng, day, result)?;
        return Ok(Service::Hearing);
    }
    let serve_by = h.summons.serve_by.unwrap_or(h.slot.date);
    let mut days = working_days(cal, plus_days(set_day, 1), serve_by);
    if days.is_empty() {
        days = working_days(cal, set_day, serve_by);
    }
    let min_attempts = setup
        .law
        .rules
        .parameter_int("conciliation.service_attempts_min", set_day)?
        .max(1);
    let mut attempts: i64 = 0;
    let mut next = pick_early(rng, &days);
    while let Some(day) = next {
        if attempts == 0 && chance(rng, model::SERVICE_LATE) {
            // Served, but too late to give the five days of notice.
            let late = working_days(
                cal,
                plus_days(serve_by, 1),
                h.slot.date.pred_opt().unwrap_or(h.slot.date),
            );
            if let Some(late_day) = pick(rng, &late) {
                record_service(rec, rng, late_day, ServiceResult::Served)?;
                return Ok(Service::Hearing);
            }
        }
        let result = if attempts == 0 {
            draw_service(rng, model::SERVICE_SERVED, model::SERVICE_REFUSED)
        } else {
            draw_service(rng, 0.6, 0.05)
        };
        record_service(rec, rng, day, result)?;
        if result != ServiceResult::NotFound {
            return Ok(Service::Hearing);
        }
        attempts += 1;
        if attempts >= min_attempts && (attempts >= 3 || !chance(rng, model::SECOND_ATTEMPT)) {
            break;
        }
        let later: Vec<NaiveDate> = days.iter().copied().filter(|d| *d > day).collect();
        next = pick_early(rng, &later);
    }
    let after = rec.last_at().unwrap_or(h.set_at);
    if chance(rng, model::RESCHEDULE_AFTER_FAILURE) {
        let at = days_after(rng, cal, after, 0, 2);
        if let Some(slot) = reschedule_slot(setup, rng, rec, at, h)? {
            rec.run(
                at,
                Command::Reschedule {
                    slot,
                    reason: texts::reschedule_reason(rng, true).to_string(),
                },
            )?;
            return Ok(Service::Rescheduled);
        }
    }
    if attempts >= min_attempts {
        let at = days_after(rng, cal, after, 0, 3);
        rec.run(
            at,
            Command::CloseForFailedService {
                note: texts::FAILED_SERVICE.to_string(),
            },
        )?;
        return Ok(Service::Closed);
    }
    Ok(Service::Hearing)
}

/// The centre moves a first hearing for its own reasons, a few days after setting it.
fn centre_reschedule(
    rec: &mut Recorder<'_>,
    setup: &Setup<'_>,
    rng: &mut impl RngCore,
    h: &Hearing,
) -> Result<bool, Halt> {
    let at = days_after(rng, &setup.law.calendar, h.set_at, 1, 3);
    if at.date_naive() >= h.slot.date {
        return Ok(false);
    }
    let Some(slot) = reschedule_slot(setup, rng, rec, at, h)? else {
        return Ok(false);
    };
    rec.run(
        at,
        Command::Reschedule {
            slot,
            reason: texts::reschedule_reason(rng, false).to_string(),
        },
    )?;
    Ok(true)
}

/// Runs the hearings of a scheduled case until it leaves the hearing phase.
pub(crate) fn run(
    rec: &mut Recorder<'_>,
    setup: &Setup<'_>,
    rng: &mut impl RngCore,
    place: &Place,
    plan: &Plan,
) -> Result<(), Halt> {
    for _ in 0..10 {
        let Some((track, h)) = rec.case().and_then(|c| match (c.status, &c.hearing) {
            (faro_core::conciliation::Status::HearingScheduled, Some(h)) => Some((c.track, h.clone())),
            _ => None,
        }) else {
            return Ok(());
        };
        if h.number == 1
            && h.reschedules == 0
            && track == Track::Ordinary
            && h.summons.attempts == 0
            && !h.summons.delivered()
            && chance(rng, model::CENTRE_RESCHEDULE)
            && centre_reschedule(rec, setup, rng, &h)?
        {
            continue;
        }
        match serve(rec, setup, rng, &h)? {
            Service::Hearing => {}
            Service::Rescheduled => continue,
            Service::Closed => return Ok(()),
        }
        // The summons as served.
        let Some(h) = rec.case().and_then(|c| c.hearing.clone()) else {
            return Ok(());
        };
        hold(rec, setup, rng, place, plan, track, &h)?;
    }
    Ok(())
}

/// Records hearing `h` with an outcome drawn from the model, falling back to an outcome the law
/// allows when the one drawn does not fit (no date left for a new hearing).
fn hold(
    rec: &mut Recorder<'_>,
    setup: &Setup<'_>,
    rng: &mut impl RngCore,
    place: &Place,
    plan: &Plan,
    track: Track,
    h: &Hearing,
) -> Result<(), Halt> {
    let start = hearing_start(h.slot.date, h.slot.time);
    let at = rec.when(minutes_after(rng, start, 20, 75));
    let joint = track == Track::Joint;
    let effective = h.summons.effective();
    let requester_present = chance(rng, if joint { 0.98 } else { model::REQUESTER_PRESENT });
    let summoned_present = chance(
        rng,
        match (joint, effective) {
            (true, true) => 0.98,
            (false, true) => model::SUMMONED_PRESENT,
            (_, false) => model::SUMMONED_PRESENT_UNSERVED,
        },
    );
    let may_add = h.number < LAST_NEW_HEARING;
    let outcome = if requester_present && summoned_present {
        both_present(setup, rng, rec, place, plan, at, h, joint)?
    } else if !requester_present {
        let new_slot = if may_add && chance(rng, model::ABSENCE_JUSTIFIED) {
            next_slot(setup, rng, rec, at, h, Term::AbsenceRehearing, false)?
        } else {
            None
        };
        match new_slot {
            Some(new_slot) => HearingOutcome::JustifiedAbsence {
                absent: if summoned_present {
                    AbsentSide::Requester
                } else {
                    AbsentSide::Both
                },
                reason: texts::absence_reason(rng).to_string(),
                new_slot,
            },
            None => HearingOutcome::RequesterAbsent { summoned_present },
        }
    } else {
        let new_slot = if may_add && chance(rng, model::ABSENCE_JUSTIFIED) {
            next_slot(setup, rng, rec, at, h, Term::AbsenceRehearing, false)?
        } else {
            None
        };
        if let Some(new_slot) = new_slot {
            HearingOutcome::JustifiedAbsence {
                absent: AbsentSide::Summoned,
                reason: texts::absence_reason(rng).to_string(),
                new_slot,
            }
        } else if track == Track::FastTrack {
            match next_slot(setup, rng, rec, at, h, Term::FastTrackResetHearing, true)? {
                Some(slot) => HearingOutcome::SummonedAbsent { new_slot: Some(slot) },
                None => both_present(setup, rng, rec, place, plan, at, h, false)?,
            }
        } else if effective {
            HearingOutcome::SummonedAbsent { new_slot: None }
        } else {
            // Not validly summoned: the hearing cannot go on without the summoned party. A new
            // date if one fits, else the constancia of 684-E XI if it was never served.
            if let Some(slot) = reschedule_slot(setup, rng, rec, at, h)? {
                rec.run(
                    at,
                    Command::Reschedule {
                        slot,
                        reason: texts::reschedule_reason(rng, true).to_string(),
                    },
                )?;
                return Ok(());
            }
            let attempts_min = setup
                .law
                .rules
                .parameter_int("conciliation.service_attempts_min", at.date_naive())?;
            if h.summons.method == NoticeMethod::Personal
                && !h.summons.delivered()
                && i64::from(h.summons.attempts) >= attempts_min.max(1)
            {
                rec.run(
                    at,
                    Command::CloseForFailedService {
                        note: texts::FAILED_SERVICE.to_string(),
                    },
                )?;
                return Ok(());
            }
            // It came after all.
            both_present(setup, rng, rec, place, plan, at, h, false)?
        }
    };
    rec.run(
        at,
        Command::HoldHearing {
            conciliator_id: h.slot.conciliator_id.clone(),
            outcome,
        },
    )?;
    Ok(())
}

/// Both parties at the hearing: a convenio, no agreement, or a new hearing they ask for together.
#[allow(clippy::too_many_arguments)]
fn both_present(
    setup: &Setup<'_>,
    rng: &mut impl RngCore,
    rec: &Recorder<'_>,
    place: &Place,
    plan: &Plan,
    at: DateTime<Utc>,
    h: &Hearing,
    joint: bool,
) -> Result<HearingOutcome, Halt> {
    let p = if joint && h.number == 1 {
        model::SETTLEMENT_JOINT
    } else if h.number == 1 {
        model::SETTLEMENT_FIRST
    } else {
        model::SETTLEMENT_LATER
    };
    if chance(rng, p) {
        let input = convenio::convenio(rng, setup, place, &plan.employment, h.slot.date)?;
        return Ok(HearingOutcome::Settlement(input));
    }
    if h.number < LAST_NEW_HEARING && chance(rng, model::JOINT_NEW_HEARING) {
        if let Some(slot) = next_slot(setup, rng, rec, at, h, Term::JointRehearing, false)? {
            return Ok(HearingOutcome::JointNewHearing { slot });
        }
    }
    Ok(HearingOutcome::NoAgreement)
}
