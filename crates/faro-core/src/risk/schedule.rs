//! The days of a plan's visits: spread over the program's working days (LFT 74 rest days and the
//! calendar's closures are skipped), the visits of one area on consecutive days so an inspector's
//! trip covers them, and about as many visits each working day.

use chrono::NaiveDate;

use crate::calendar::LegalCalendar;

/// The visit day of each of `areas.len()` visits, in the order given, from `starts_on` to
/// `ends_on` (inclusive). Visits are grouped by area (first appearance order) and dealt out day
/// by day, `ceil(n / working days)` a day. With no working day in the range, every visit is on
/// the first working day from `starts_on`.
pub fn schedule(areas: &[&str], starts_on: NaiveDate, ends_on: NaiveDate, calendar: &LegalCalendar) -> Vec<NaiveDate> {
    let mut days = Vec::new();
    let mut d = starts_on;
    while d <= ends_on {
        if calendar.is_working_day(d) {
            days.push(d);
        }
        match d.succ_opt() {
            Some(next) => d = next,
            None => break,
        }
    }
    if days.is_empty() {
        days.push(calendar.next_working_day(starts_on));
    }
    let n = areas.len();
    let per_day = n.div_ceil(days.len()).max(1);
    // Visits ordered by area, first appearance first, stable within an area.
    let mut first_seen: Vec<&str> = Vec::new();
    for a in areas {
        if !first_seen.contains(a) {
            first_seen.push(a);
        }
    }
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_by_key(|i| (first_seen.iter().position(|a| *a == areas[*i]).unwrap_or(0), *i));
    let mut out = vec![starts_on; n];
    for (slot, i) in order.into_iter().enumerate() {
        out[i] = days[(slot / per_day).min(days.len() - 1)];
    }
    out
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    fn day(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn visits_of_an_area_share_days_and_skip_rest_days() {
        let cal = LegalCalendar::official();
        // 2026-11-16 is a Monday holiday (LFT 74 VI: third Monday of November); the week has
        // 4 working days (17-20), then the weekend.
        let areas = ["A", "B", "A", "B", "C", "A", "C", "B"];
        let got = schedule(&areas, day("2026-11-16"), day("2026-11-22"), &cal);
        // 8 visits over 4 working days: 2 a day, dealt in area order A(0,2,5) B(1,3,7) C(4,6):
        // 17: visits 0, 2; 18: 5, 1; 19: 3, 7; 20: 4, 6.
        let expected = ["17", "18", "17", "19", "20", "18", "20", "19"];
        assert_eq!(
            got,
            expected
                .iter()
                .map(|d| day(&format!("2026-11-{d}")))
                .collect::<Vec<_>>()
        );
        assert!(got.iter().all(|d| cal.is_working_day(*d)));
    }

    #[test]
    fn an_empty_range_puts_every_visit_on_the_next_working_day() {
        let cal = LegalCalendar::official();
        let got = schedule(&["A", "B"], day("2026-11-21"), day("2026-11-22"), &cal);
        assert_eq!(got, vec![day("2026-11-23"), day("2026-11-23")]);
        assert!(schedule(&[], day("2026-11-21"), day("2026-11-22"), &cal).is_empty());
    }
}
