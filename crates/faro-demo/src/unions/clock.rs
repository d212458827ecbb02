//! Dates and times of the registry's acts: the registrar's office hours on working days, votes
//! during the working day. Central Mexico is UTC-6 all year; every act falls between 8:00 and
//! 17:30 there, so its date is the same in UTC and in Mexico.

use chrono::{DateTime, Datelike, Days, Duration, NaiveDate, NaiveTime, Utc};
use faro_core::calendar::LegalCalendar;
use rand::RngCore;

use crate::random::{below, between};

/// Office hours: 9:00 to 16:00 local, 15:00 to 22:00 UTC.
const OFFICE_OPENS_UTC: u32 = 15;
const OFFICE_MINUTES: u32 = 7 * 60;

/// A date or the given fallback.
pub(crate) fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap_or(NaiveDate::MIN)
}

/// The first instant of `date` (UTC).
pub(crate) fn midnight(date: NaiveDate) -> DateTime<Utc> {
    date.and_time(NaiveTime::MIN).and_utc()
}

/// `d` plus `n` calendar days (saturating).
pub(crate) fn plus(d: NaiveDate, n: i64) -> NaiveDate {
    if n >= 0 {
        d.checked_add_days(Days::new(n.unsigned_abs()))
            .unwrap_or(NaiveDate::MAX)
    } else {
        d.checked_sub_days(Days::new(n.unsigned_abs()))
            .unwrap_or(NaiveDate::MIN)
    }
}

/// `d` plus whole years, 29 February becoming 28 February.
pub(crate) fn plus_years(d: NaiveDate, years: i32) -> NaiveDate {
    let y = d.year() + years;
    NaiveDate::from_ymd_opt(y, d.month(), d.day())
        .or_else(|| NaiveDate::from_ymd_opt(y, d.month(), 28))
        .unwrap_or(d)
}

/// A uniform date in `lo..=hi` (`lo` when the range is empty).
pub(crate) fn date_between(rng: &mut impl RngCore, lo: NaiveDate, hi: NaiveDate) -> NaiveDate {
    let days = (hi - lo).num_days();
    if days <= 0 {
        return lo;
    }
    plus(lo, below(rng, days.unsigned_abs() + 1) as i64)
}

/// A time in office hours on `date`.
pub(crate) fn office_time(rng: &mut impl RngCore, date: NaiveDate) -> DateTime<Utc> {
    let opens = NaiveTime::from_hms_opt(OFFICE_OPENS_UTC, 0, 0).unwrap_or_default();
    date.and_time(opens).and_utc() + Duration::minutes(i64::from(between(rng, 0, OFFICE_MINUTES)))
}

/// The working day on or after `d`.
pub(crate) fn working_on_or_after(cal: &LegalCalendar, d: NaiveDate) -> NaiveDate {
    cal.next_working_day(d)
}

/// The `n`-th working day after `d` (0: `d` itself when it is one, else the next).
pub(crate) fn working_days_after(cal: &LegalCalendar, d: NaiveDate, n: u32) -> NaiveDate {
    let mut x = working_on_or_after(cal, d);
    for _ in 0..n {
        x = cal.next_working_day(plus(x, 1));
    }
    x
}

/// The `n`-th working day before `d`.
pub(crate) fn working_days_before(cal: &LegalCalendar, d: NaiveDate, n: u32) -> NaiveDate {
    let mut x = d;
    let mut left = n;
    for _ in 0..(n.saturating_mul(3).saturating_add(40)) {
        if left == 0 {
            break;
        }
        x = x.pred_opt().unwrap_or(x);
        if cal.is_working_day(x) {
            left -= 1;
        }
    }
    x
}

/// An office time on a working day `lo..=hi` working days after `d`.
pub(crate) fn office_after(
    rng: &mut impl RngCore,
    cal: &LegalCalendar,
    d: NaiveDate,
    lo: u32,
    hi: u32,
) -> DateTime<Utc> {
    let n = between(rng, lo, hi);
    office_time(rng, working_days_after(cal, d, n))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;

    #[test]
    fn working_day_steps() {
        let cal = LegalCalendar::official();
        // Friday 7 March 2025; Monday 10 March; 17 March 2025 is a rest day (LFT 74).
        let fri = ymd(2025, 3, 7);
        assert_eq!(working_days_after(&cal, fri, 1), ymd(2025, 3, 10));
        assert_eq!(working_days_after(&cal, ymd(2025, 3, 8), 0), ymd(2025, 3, 10));
        assert_eq!(working_days_after(&cal, ymd(2025, 3, 14), 1), ymd(2025, 3, 18));
        assert_eq!(working_days_before(&cal, ymd(2025, 3, 18), 1), ymd(2025, 3, 14));
        assert_eq!(plus_years(ymd(2024, 2, 29), 1), ymd(2025, 2, 28));
        assert_eq!(plus(fri, -7), ymd(2025, 2, 28));
    }
}
