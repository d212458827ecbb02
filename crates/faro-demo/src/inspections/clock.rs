//! Times of the acts of a case: office hours on working days, a few minutes or days apart.

use chrono::{DateTime, Days, Duration, NaiveDate, NaiveTime, Utc};
use faro_core::calendar::LegalCalendar;
use rand::RngCore;

use crate::random::between;

/// Office hours start at 9:00 in central Mexico (UTC-6), 15:00 UTC, and last seven hours, so
/// every act keeps its legal date in both time zones.
const OFFICE_OPENS_UTC: u32 = 15;
const OFFICE_MINUTES: u32 = 7 * 60;

/// A time in office hours on `date`.
pub(crate) fn office_time(rng: &mut impl RngCore, date: NaiveDate) -> DateTime<Utc> {
    let opens = NaiveTime::from_hms_opt(OFFICE_OPENS_UTC, 0, 0).unwrap_or_default();
    date.and_time(opens).and_utc() + Duration::minutes(i64::from(between(rng, 0, OFFICE_MINUTES)))
}

/// The first instant of `date` (UTC).
pub(crate) fn midnight(date: NaiveDate) -> DateTime<Utc> {
    date.and_time(NaiveTime::MIN).and_utc()
}

/// The start of office hours on `date`.
pub(crate) fn opening(date: NaiveDate) -> DateTime<Utc> {
    let opens = NaiveTime::from_hms_opt(OFFICE_OPENS_UTC, 0, 0).unwrap_or_default();
    date.and_time(opens).and_utc()
}

/// A working day `lo..=hi` days after `from`'s date, in office hours, and after `from`.
pub(crate) fn days_after(
    rng: &mut impl RngCore,
    cal: &LegalCalendar,
    from: DateTime<Utc>,
    lo: u32,
    hi: u32,
) -> DateTime<Utc> {
    let date = from
        .date_naive()
        .checked_add_days(Days::new(u64::from(between(rng, lo, hi))))
        .unwrap_or(from.date_naive());
    let t = office_time(rng, cal.next_working_day(date));
    if t <= from {
        from + Duration::minutes(i64::from(between(rng, 5, 90)))
    } else {
        t
    }
}

/// `lo..=hi` minutes after `from`.
pub(crate) fn minutes_after(rng: &mut impl RngCore, from: DateTime<Utc>, lo: u32, hi: u32) -> DateTime<Utc> {
    from + Duration::minutes(i64::from(between(rng, lo, hi)))
}

/// The first working day after `date`, in office hours: for acts that must come after a period.
pub(crate) fn after_period(
    rng: &mut impl RngCore,
    cal: &LegalCalendar,
    date: NaiveDate,
    extra_days: u32,
) -> DateTime<Utc> {
    let day = date
        .checked_add_days(Days::new(1 + u64::from(between(rng, 0, extra_days))))
        .unwrap_or(date);
    office_time(rng, cal.next_working_day(day))
}
