//! The registry's clock: terms of `rules/union/deadlines.toml` counted on the registrar's
//! calendar (LFT 733: from the day after the act, the last day counts; LFT 734: closure days do
//! not count), and the periods the law gives in months or years.

use chrono::{Months, NaiveDate};
use serde::{Deserialize, Serialize};

use super::rules::{Param, Term};
use super::{Ctx, RegistrarSettings};
use crate::calendar::DayCount;
use crate::rules::{DeadlineRule, DeadlineUnit};
use crate::DomainError;

/// How the days of a rule count: the registrar's setting where the law is silent, else the
/// rule's. A rule in hours counts calendar time.
pub fn day_count(rule: &DeadlineRule, settings: &RegistrarSettings) -> DayCount {
    match rule.unit {
        DeadlineUnit::Days(_) if !rule.day_count_stated => settings.unspecified_days,
        DeadlineUnit::Days(count) => count,
        DeadlineUnit::Hours => DayCount::Calendar,
    }
}

/// The rule of `term` in force on `on`: its days, how they count and its article.
pub fn days_of(ctx: &Ctx<'_>, term: Term, on: NaiveDate) -> Result<(u32, DayCount, String), DomainError> {
    let rule = ctx.rules.deadline(term, on)?;
    let days = match rule.unit {
        DeadlineUnit::Days(_) => rule.amount,
        DeadlineUnit::Hours => rule.amount.div_ceil(24),
    };
    Ok((days, day_count(rule, ctx.settings), rule.meta.article.clone()))
}

/// The last day of `term` counted from the act on `from`.
pub fn term_end(ctx: &Ctx<'_>, term: Term, from: NaiveDate) -> Result<NaiveDate, DomainError> {
    let (days, count, _) = days_of(ctx, term, from)?;
    Ok(ctx.calendar.deadline(from, days, count))
}

/// Whether an act on `act_on` gave the `term` days of notice an event on `event_on` needs
/// ("con N días de anticipación"): all N days, counted from the day after the act, fall before
/// the event's day.
pub fn gives_notice(ctx: &Ctx<'_>, term: Term, act_on: NaiveDate, event_on: NaiveDate) -> Result<bool, DomainError> {
    Ok(term_end(ctx, term, act_on)? < event_on)
}

/// The last day an act can take place and still give the `term` days of notice an event on
/// `event_on` needs (see [`gives_notice`]). With calendar days that is `event_on - days - 1`.
pub fn last_day_for_notice(ctx: &Ctx<'_>, term: Term, event_on: NaiveDate) -> Result<NaiveDate, DomainError> {
    let (days, count, _) = days_of(ctx, term, event_on)?;
    let mut d = event_on;
    // Going back a day at a time; bounded for calendars with long closures.
    for _ in 0..(days.saturating_mul(3).saturating_add(400)) {
        d = match d.pred_opt() {
            Some(p) => p,
            None => break,
        };
        if ctx.calendar.deadline(d, days, count) < event_on {
            return Ok(d);
        }
    }
    Ok(NaiveDate::MIN)
}

/// `d` plus whole months, clamped to the month's end (31 August + 6 months = 28 February),
/// saturating at [`NaiveDate::MAX`].
pub fn add_months(d: NaiveDate, months: u32) -> NaiveDate {
    d.checked_add_months(Months::new(months)).unwrap_or(NaiveDate::MAX)
}

/// `d` minus whole months, clamped to the month's end, saturating at [`NaiveDate::MIN`].
pub fn sub_months(d: NaiveDate, months: u32) -> NaiveDate {
    d.checked_sub_months(Months::new(months)).unwrap_or(NaiveDate::MIN)
}

/// `d` plus `months` read from `param` in force on `d`.
pub fn months_after(ctx: &Ctx<'_>, param: Param, d: NaiveDate) -> Result<NaiveDate, DomainError> {
    Ok(add_months(d, ctx.rules.count(param, d)?))
}

/// `d` plus `years` read from `param` in force on `d`.
pub fn years_after(ctx: &Ctx<'_>, param: Param, d: NaiveDate) -> Result<NaiveDate, DomainError> {
    Ok(add_months(d, ctx.rules.count(param, d)?.saturating_mul(12)))
}

/// The date a case is waiting on, with what is due and its legal basis, for workload views.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Deadline {
    pub on: NaiveDate,
    /// A stable code of what is due ("union.resolution", "vote.result_notice", ...).
    pub what: String,
    pub article: String,
}

impl Deadline {
    pub fn new(on: NaiveDate, what: &str, article: &str) -> Deadline {
        Deadline {
            on,
            what: what.to_string(),
            article: article.to_string(),
        }
    }
}

/// A `Deadline` for `term` ending on `on`, its code the rule's id.
pub fn deadline_of(term: Term, on: NaiveDate, article: &str) -> Deadline {
    Deadline::new(on, term.rule_id(), article)
}

/// The end of `term` from `from`, as a [`Deadline`].
pub fn due(ctx: &Ctx<'_>, term: Term, from: NaiveDate) -> Result<Deadline, DomainError> {
    let (days, count, article) = days_of(ctx, term, from)?;
    Ok(deadline_of(term, ctx.calendar.deadline(from, days, count), &article))
}
