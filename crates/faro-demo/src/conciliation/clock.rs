//! Times of the acts of a conciliation case: the centre's office hours on working days, online
//! filings at any day, hearings on the half hour. Central Mexico is UTC-6 all year (no daylight
//! saving since 2022), and every act falls between 7:00 and 17:30 there, so its date is the same
//! in UTC and in Mexico.

use chrono::{DateTime, Duration, NaiveDate, NaiveTime, Utc};
use faro_core::calendar::LegalCalendar;
use rand::RngCore;

use super::model::plus_days;
use crate::random::between;

/// Hours between UTC and the centres' local time.
const UTC_OFFSET_HOURS: i64 = 6;
/// Counter hours: 9:00 to 16:00 local.
const OFFICE_OPENS_UTC: u32 = 15;
const OFFICE_MINUTES: u32 = 7 * 60;
/// Online filings: 7:00 to 17:30 local, any day.
const ONLINE_OPENS_UTC: u32 = 13;
const ONLINE_MINUTES: u32 = 10 * 60 + 30;
/// Hearings start on the half hour from 9:00 to 15:00 local.
const FIRST_HEARING_HOUR: u32 = 9;
const HEARING_SLOTS: u32 = 13;

fn at(date: NaiveDate, hour_utc: u32, minutes: u32) -> DateTime<Utc> {
    let opens = NaiveTime::from_hms_opt(hour_utc, 0, 0).unwrap_or_default();
    date.and_time(opens).and_utc() + Duration::minutes(i64::from(minutes))
}

/// The first instant of `date` (UTC).
pub(crate) fn midnight(date: NaiveDate) -> DateTime<Utc> {
    date.and_time(NaiveTime::MIN).and_utc()
}

/// A time in counter hours on `date`.
pub(crate) fn office_time(rng: &mut impl RngCore, date: NaiveDate) -> DateTime<Utc> {
    at(date, OFFICE_OPENS_UTC, between(rng, 0, OFFICE_MINUTES))
}

/// A time an online form may be sent on `date`.
pub(crate) fn online_time(rng: &mut impl RngCore, date: NaiveDate) -> DateTime<Utc> {
    at(date, ONLINE_OPENS_UTC, between(rng, 0, ONLINE_MINUTES))
}

/// A local start time for a hearing.
pub(crate) fn hearing_time(rng: &mut impl RngCore) -> NaiveTime {
    let half_hours = between(rng, 0, HEARING_SLOTS - 1);
    NaiveTime::from_hms_opt(FIRST_HEARING_HOUR + half_hours / 2, 30 * (half_hours % 2), 0).unwrap_or_default()
}

/// The instant a hearing set on `date` at local `time` starts.
pub(crate) fn hearing_start(date: NaiveDate, time: NaiveTime) -> DateTime<Utc> {
    date.and_time(time).and_utc() + Duration::hours(UTC_OFFSET_HOURS)
}

/// A working day `lo..=hi` calendar days after `from`'s date, in counter hours, and after `from`.
pub(crate) fn days_after(
    rng: &mut impl RngCore,
    cal: &LegalCalendar,
    from: DateTime<Utc>,
    lo: u32,
    hi: u32,
) -> DateTime<Utc> {
    let date = plus_days(from.date_naive(), u64::from(between(rng, lo, hi)));
    let t = office_time(rng, cal.next_working_day(date));
    if t <= from {
        from + Duration::minutes(i64::from(between(rng, 5, 60)))
    } else {
        t
    }
}

/// `lo..=hi` minutes after `from`.
pub(crate) fn minutes_after(rng: &mut impl RngCore, from: DateTime<Utc>, lo: u32, hi: u32) -> DateTime<Utc> {
    from + Duration::minutes(i64::from(between(rng, lo, hi)))
}

/// A time in counter hours on `date`, after `from`.
pub(crate) fn on_day_after(rng: &mut impl RngCore, date: NaiveDate, from: DateTime<Utc>) -> DateTime<Utc> {
    let t = office_time(rng, date);
    if t <= from {
        from + Duration::minutes(i64::from(between(rng, 5, 30)))
    } else {
        t
    }
}

/// The working days from `from` to `to`, both included.
pub(crate) fn working_days(cal: &LegalCalendar, from: NaiveDate, to: NaiveDate) -> Vec<NaiveDate> {
    let mut out = Vec::new();
    let mut d = from;
    while d <= to {
        if cal.is_working_day(d) {
            out.push(d);
        }
        d = match d.succ_opt() {
            Some(n) => n,
            None => break,
        };
    }
    out
}
