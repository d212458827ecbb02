//! One request from its filing to its end, through core's lifecycle: filed (at the wrong centre
//! and forwarded within 24 hours, or at the competent one; closed at once when a 685 Ter matter
//! is claimed) -> hearing scheduled (at the counter, or after the staff reviews an online form)
//! -> summons served, refused or not found (a second attempt, a new date, or the constancia of
//! 684-E XI) -> the hearing and what it leads to -> for a convenio, its payments and certificate.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use faro_core::conciliation::{
    CenterSettings, Channel, Command, Ctx, ExemptMatter, ForwardedFrom, RequestInput, Status,
};
use faro_core::law::Law;
use faro_core::{DomainError, Jurisdiction};
use rand::RngCore;

use super::clock::{days_after, minutes_after};
use super::hearings;
use super::model;
use super::recorder::{Halt, Recorder};
use super::request::{Place, Plan};
use super::texts;
use super::ConciliationCase;
use crate::random::chance;

/// What every case of a generator shares.
pub(crate) struct Setup<'a> {
    pub(crate) law: &'a Law,
    pub(crate) settings: &'a CenterSettings,
    pub(crate) cutoff: DateTime<Utc>,
    pub(crate) conciliators_per_office: u32,
    /// Office slots held by a user account: slot id -> user id.
    pub(crate) accounts: &'a HashMap<i64, i64>,
}

impl<'a> Setup<'a> {
    pub(crate) fn ctx(&self, now: DateTime<Utc>) -> Ctx<'a> {
        self.law.conciliation_ctx(now, self.settings)
    }

    pub(crate) fn recorder(&self) -> Recorder<'a> {
        Recorder::new(self.law, self.settings, self.cutoff)
    }
}

/// Ends a flow: the cutoff leaves the case open; a refusal is a bug.
fn settle(flow: Result<(), Halt>) -> Result<(), DomainError> {
    match flow {
        Ok(()) | Err(Halt::Cutoff) => Ok(()),
        Err(Halt::Refused(e)) => Err(e),
    }
}

fn finish(rec: Recorder<'_>, place: &Place, key: String, forwarded_from: Option<String>) -> Option<ConciliationCase> {
    rec.finish().map(|trail| ConciliationCase {
        workplace_id: place.id,
        employer_id: place.employer_id,
        key,
        forwarded_from,
        trail,
    })
}

/// The centre that is not `competent`: the state's local centre for a federal matter, the
/// federal centre's office for a local one.
fn other_centre(competent: Jurisdiction, place: &Place) -> Jurisdiction {
    match competent {
        Jurisdiction::Federal => Jurisdiction::State(place.state),
        Jurisdiction::State(_) => Jurisdiction::Federal,
    }
}

/// Runs one request; returns its case, or two when it was forwarded (the first centre's, then the
/// competent one's).
pub(crate) fn run(
    setup: &Setup<'_>,
    rng: &mut impl RngCore,
    place: &Place,
    plan: &Plan,
    input: RequestInput,
    competent: Jurisdiction,
    key: String,
) -> Result<Vec<ConciliationCase>, DomainError> {
    let wrong = other_centre(competent, place);
    let forwarded = plan.wrong_centre && model::centre_opened(wrong, place.state) <= plan.filed_at.date_naive();
    if !forwarded {
        let mut rec = setup.recorder();
        let flow = file(&mut rec, plan.filed_at, competent, &input, None)
            .and_then(|()| proceed(&mut rec, setup, rng, place, plan, false));
        settle(flow)?;
        return Ok(finish(rec, place, key, None).into_iter().collect());
    }
    let mut first = setup.recorder();
    let mut sent_at = None;
    let flow = file(&mut first, plan.filed_at, wrong, &input, None).and_then(|()| {
        if first.case().map(|c| c.status) != Some(Status::Filed) {
            // Closed at once as exempt: nothing to forward.
            return Ok(());
        }
        // 684-E V: within 24 hours, a few late.
        let at = if chance(rng, model::LATE_FORWARD) {
            minutes_after(rng, plan.filed_at, 26 * 60, 70 * 60)
        } else {
            minutes_after(rng, plan.filed_at, 30, 20 * 60)
        };
        first.run(
            at,
            Command::Forward {
                to: competent,
                reason: texts::forward_reason(competent == Jurisdiction::Federal).to_string(),
            },
        )?;
        sent_at = first.last_at();
        Ok(())
    });
    settle(flow)?;
    let mut out: Vec<ConciliationCase> = finish(first, place, key.clone(), None).into_iter().collect();
    let Some(sent_at) = sent_at else {
        return Ok(out);
    };
    // The competent centre registers it the same or the next working day.
    let received = days_after(rng, &setup.law.calendar, sent_at, 0, 1);
    let from = ForwardedFrom {
        center: wrong,
        filed_on: plan.filed_at.date_naive(),
    };
    let mut second = setup.recorder();
    let flow = file(&mut second, received, competent, &input, Some(from))
        .and_then(|()| proceed(&mut second, setup, rng, place, plan, true));
    settle(flow)?;
    out.extend(finish(second, place, format!("{key}-2"), Some(key)));
    Ok(out)
}

fn file(
    rec: &mut Recorder<'_>,
    at: DateTime<Utc>,
    center: Jurisdiction,
    input: &RequestInput,
    forwarded_from: Option<ForwardedFrom>,
) -> Result<(), Halt> {
    rec.run(
        at,
        Command::File {
            center,
            request: Box::new(input.clone()),
            forwarded_from,
        },
    )?;
    Ok(())
}

/// From a filed request at the competent centre to the end of its case.
fn proceed(
    rec: &mut Recorder<'_>,
    setup: &Setup<'_>,
    rng: &mut impl RngCore,
    place: &Place,
    plan: &Plan,
    forwarded: bool,
) -> Result<(), Halt> {
    let Some(case) = rec.case() else {
        return Ok(());
    };
    if case.status != Status::Filed {
        // Closed at once: a 685 Ter matter claimed in the request.
        return Ok(());
    }
    let filed = rec.last_at().unwrap_or(plan.filed_at);
    let cal = &setup.law.calendar;
    // At the counter the date is given at once (684-C); an online form or a forwarded request is
    // reviewed by the staff within a few working days.
    let schedule_at = if forwarded || plan.channel == Channel::Online {
        days_after(rng, cal, filed, 1, 4)
    } else {
        minutes_after(rng, filed, 5, 40)
    };
    if chance(rng, model::EXEMPT_DECLARED) {
        rec.run(
            schedule_at,
            Command::DeclareExempt {
                matter: ExemptMatter::Discrimination,
                reason: texts::DECLARED_EXEMPT.to_string(),
            },
        )?;
        return Ok(());
    }
    let track = case.track;
    let center = case.center;
    let Some(slot) = hearings::first_slot(setup, rng, rec, place, center, track, schedule_at)? else {
        // No date fits any more: the case waits, filed.
        return Ok(());
    };
    rec.run(schedule_at, Command::ScheduleHearing { slot })?;
    hearings::run(rec, setup, rng, place, plan)?;
    if rec.case().map(|c| c.status) == Some(Status::Settled) {
        let held = rec.last_at().unwrap_or(schedule_at);
        super::convenio::comply(rec, setup, rng, held)?;
    }
    Ok(())
}
