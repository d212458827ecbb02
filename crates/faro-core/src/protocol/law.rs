//! The numbers of the law the computed questions compare against, by the date they apply on.

use chrono::{Datelike, NaiveDate};

/// Below this age no one may work outside the family circle (CPEUM 123-A-III; LFT 22 Bis, 23).
pub const MINIMUM_WORKING_AGE: u32 = 15;

/// The first year of the vacation table of LFT 76 as reformed DOF 27-12-2022 (in force
/// 2023-01-01, Transitory 1st).
const VACATION_REFORM_YEAR: i32 = 2023;

/// The paid vacation days LFT 76 requires after `years_of_service` whole years, on date `on`.
///
/// From 2023-01-01: 12 days after the first year, +2 a year up to 20 in the fifth, then +2 for
/// every five years (6-10: 22, 11-15: 24, 16-20: 26, ...). Before: 6 days, +2 a year up to 12 in
/// the fourth, then +2 for every five years (5-9: 14, 10-14: 16, ...). No year completed: 0 (LFT
/// 79 gives a proportional payment only when the employment ends).
pub fn vacation_days_required(years_of_service: u32, on: NaiveDate) -> u32 {
    if years_of_service == 0 {
        return 0;
    }
    if on.year() >= VACATION_REFORM_YEAR {
        // "A partir del sexto año, el periodo de vacaciones aumentará en dos días por cada cinco".
        if years_of_service <= 5 {
            12 + 2 * (years_of_service - 1)
        } else {
            20u32.saturating_add(2 * ((years_of_service - 1) / 5))
        }
    } else if years_of_service <= 4 {
        6 + 2 * (years_of_service - 1)
    } else {
        // "Después del cuarto año, el período de vacaciones aumentará en dos días por cada cinco".
        12u32.saturating_add(2 * (years_of_service / 5))
    }
}

/// The maximum ordinary hours a week of the day shift on date `on`.
///
/// LFT 59 (reformed DOF 01-05-2026) sets 40 hours, reached from 1 January of each year by the
/// decree's Transitory 2nd: 2026: 48, 2027: 46, 2028: 44, 2029: 42, 2030 on: 40. Before the reform
/// the week was 48 hours (8 a day, LFT 61, with one rest day per six worked, LFT 69).
pub fn max_weekly_hours(on: NaiveDate) -> u32 {
    match on.year() {
        ..=2026 => 48,
        2027 => 46,
        2028 => 44,
        2029 => 42,
        _ => 40,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    /// Worked by hand from the text of LFT 76 as reformed DOF 27-12-2022.
    #[test]
    fn vacation_table_2023() {
        let on = date(2023, 1, 1);
        let cases = [
            (0, 0),
            (1, 12),
            (2, 14),
            (3, 16),
            (4, 18),
            (5, 20),
            (6, 22),
            (10, 22),
            (11, 24),
            (15, 24),
            (16, 26),
            (20, 26),
            (21, 28),
            (25, 28),
            (26, 30),
            (30, 30),
            (31, 32),
        ];
        for (years, days) in cases {
            assert_eq!(vacation_days_required(years, on), days, "{years} years in 2023");
            assert_eq!(
                vacation_days_required(years, date(2026, 7, 1)),
                days,
                "{years} years in 2026"
            );
        }
    }

    /// The table before the reform (SCJN 2a./J. 6/96 reading of the former art. 76).
    #[test]
    fn vacation_table_before_2023() {
        let on = date(2022, 12, 31);
        let cases = [
            (0, 0),
            (1, 6),
            (2, 8),
            (3, 10),
            (4, 12),
            (5, 14),
            (9, 14),
            (10, 16),
            (14, 16),
            (15, 18),
            (20, 20),
        ];
        for (years, days) in cases {
            assert_eq!(vacation_days_required(years, on), days, "{years} years in 2022");
        }
        // The same worker the day the reform took effect.
        assert_eq!(vacation_days_required(1, date(2023, 1, 1)), 12);
        assert_eq!(vacation_days_required(4, date(2023, 1, 1)), 18);
        assert_eq!(vacation_days_required(5, date(2023, 1, 1)), 20);
    }

    #[test]
    fn vacation_never_overflows() {
        assert!(vacation_days_required(u32::MAX, date(2024, 1, 1)) > 0);
        assert!(vacation_days_required(u32::MAX, date(2020, 1, 1)) > 0);
    }

    #[test]
    fn weekly_hours_phase_in() {
        let cases = [
            (date(2019, 5, 2), 48),
            (date(2026, 4, 30), 48),
            (date(2026, 5, 1), 48),
            (date(2026, 12, 31), 48),
            (date(2027, 1, 1), 46),
            (date(2027, 12, 31), 46),
            (date(2028, 1, 1), 44),
            (date(2029, 1, 1), 42),
            (date(2029, 12, 31), 42),
            (date(2030, 1, 1), 40),
            (date(2045, 6, 1), 40),
        ];
        for (on, hours) in cases {
            assert_eq!(max_weekly_hours(on), hours, "{on}");
        }
    }

    proptest! {
        #[test]
        fn vacation_grows_with_service(years in 0u32..200, day in 0i64..(365 * 12)) {
            let on = date(2018, 1, 1) + chrono::Duration::days(day);
            prop_assert!(vacation_days_required(years + 1, on) >= vacation_days_required(years, on));
        }

        #[test]
        fn reform_never_lowers_vacation(years in 0u32..200) {
            prop_assert!(vacation_days_required(years, date(2023, 1, 1)) >= vacation_days_required(years, date(2022, 12, 31)));
        }
    }
}
