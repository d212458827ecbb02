//! How long the worker served, counted in service years and in the calendar year.
//!
//! The service runs from the start date to the end date, **both included** (a relation that
//! starts and ends on 1 January lasted one day). A service year runs from an anniversary of the
//! start date to the next, excluded; an anniversary of 29 February falls on 28 February in common
//! years ([`crate::calendar::add_years`]). Fractions of a service year are days served since the
//! last anniversary over the length of that service year (365 or 366 days).

use chrono::{Datelike, NaiveDate};
use serde::Serialize;

use crate::calendar::add_years;

/// The length of the service, in whole years plus a fraction of the service year in course.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub struct ServiceLength {
    /// Service years completed.
    pub whole_years: u32,
    /// Days served since the last anniversary (0 when the service ended just before one).
    pub extra_days: i64,
    /// Length of the service year in course: 365, or 366 when it contains a 29 February.
    pub service_year_days: i64,
    /// Days from the start date to the end date, both included.
    pub total_days: i64,
}

impl ServiceLength {
    /// The service from `start` to `end`, both included; `None` if `end` is before `start` or a
    /// date is out of range.
    pub fn between(start: NaiveDate, end: NaiveDate) -> Option<ServiceLength> {
        if end < start {
            return None;
        }
        let after_end = end.succ_opt()?;
        let mut whole_years = u32::try_from(after_end.year() - start.year()).ok()?;
        while whole_years > 0 && add_years(start, whole_years) > after_end {
            whole_years -= 1;
        }
        let anniversary = add_years(start, whole_years);
        let next = add_years(start, whole_years.checked_add(1)?);
        if next == NaiveDate::MAX {
            return None;
        }
        Some(ServiceLength {
            whole_years,
            extra_days: (after_end - anniversary).num_days(),
            service_year_days: (next - anniversary).num_days(),
            total_days: (after_end - start).num_days(),
        })
    }

    /// The years served as `(numerator, denominator)`:
    /// `(whole_years × service_year_days + extra_days) / service_year_days`.
    pub fn years_fraction(&self) -> Option<(i64, i64)> {
        let whole = i64::from(self.whole_years).checked_mul(self.service_year_days)?;
        Some((whole.checked_add(self.extra_days)?, self.service_year_days))
    }
}

/// The days worked in the calendar year of `end` (from 1 January or the start date, whichever is
/// later, to `end`, both included) and the length of that year: `(worked, 365 or 366)`.
pub(super) fn calendar_year_worked(start: NaiveDate, end: NaiveDate) -> Option<(i64, i64)> {
    let january_first = NaiveDate::from_ymd_opt(end.year(), 1, 1)?;
    let next_january_first = NaiveDate::from_ymd_opt(end.year().checked_add(1)?, 1, 1)?;
    let from = start.max(january_first);
    Some((
        (end - from).num_days() + 1,
        (next_january_first - january_first).num_days(),
    ))
}
