//! The legal calendar: which days are working days for the authorities, and how terms run.
//!
//! * **Rest days, LFT art. 74** (text reformed DOF 17-01-2006; fraction VII reformed DOF
//!   30-09-2024, in force 01-10-2024): 1 January; the first Monday of February; the third Monday
//!   of March; 1 May; 16 September; the third Monday of November; 25 December; 1 October every
//!   six years when the federal executive changes hands (2024, 2030, ...); and the days the
//!   electoral laws set for ordinary elections (fraction IX).
//! * **Before the reforms.** Years before 2006 use the fixed commemorations the fractions still
//!   name (5 February, 21 March, 20 November). Before 2024 the change of executive fell on
//!   1 December (1988, 1994, ..., 2018). These earlier versions come from the reform notes in the
//!   law text, not from the earlier texts themselves: treat them as unconfirmed. Faro's own data
//!   starts in 2016.
//! * **Election days** depend on each year's electoral calendar, federal and local, so they are
//!   not computed: pass them with [`LegalCalendar::with_election_days`].
//! * **Closures, LFT art. 734**: days on which the authority does not sit (its approved calendar
//!   of work, force majeure) are not counted. Each institution passes them with
//!   [`LegalCalendar::with_closures`].
//! * **Terms, LFT art. 733**: a term starts running the day after the notification takes effect,
//!   and the expiry day counts. See [`LegalCalendar::deadline`].
//!
//! Working days are Monday to Friday, except rest days and closures.

use std::collections::BTreeSet;

use chrono::{Datelike, Days, Months, NaiveDate, Weekday};
use serde::{Deserialize, Serialize};

/// How the days of a term are counted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DayCount {
    /// Every day counts ("días naturales").
    Calendar,
    /// Only working days count ("días hábiles").
    Working,
}

/// Reason key of an official rest day of LFT art. 74, fraction I.
pub const NEW_YEAR: &str = "lft74.new_year";
/// Fraction II: first Monday of February (5 February before 2006).
pub const CONSTITUTION_DAY: &str = "lft74.constitution_day";
/// Fraction III: third Monday of March (21 March before 2006).
pub const BENITO_JUAREZ: &str = "lft74.benito_juarez";
/// Fraction IV: 1 May.
pub const LABOUR_DAY: &str = "lft74.labour_day";
/// Fraction V: 16 September.
pub const INDEPENDENCE_DAY: &str = "lft74.independence_day";
/// Fraction VI: third Monday of November (20 November before 2006).
pub const REVOLUTION_DAY: &str = "lft74.revolution_day";
/// Fraction VII: 1 October every six years from 2024 (1 December, 1988 to 2018).
pub const TRANSFER_OF_EXECUTIVE: &str = "lft74.transfer_of_executive";
/// Fraction VIII: 25 December.
pub const CHRISTMAS: &str = "lft74.christmas";
/// Fraction IX: an ordinary election day, as given to the calendar.
pub const ELECTION_DAY: &str = "lft74.election_day";
/// A day the institution does not sit (LFT art. 734), as given to the calendar.
pub const CLOSURE: &str = "closure";

/// First year of the Monday rest days (LFT 74 as reformed DOF 17-01-2006).
const MONDAY_HOLIDAYS_FROM: i32 = 2006;
/// First change of executive on 1 October (LFT 74-VII as reformed DOF 30-09-2024).
const OCTOBER_TRANSFER_FROM: i32 = 2024;
/// First change of executive listed as a rest day (1 December 1988).
const DECEMBER_TRANSFER_FROM: i32 = 1988;

/// The official rest days of LFT art. 74 plus the election days and closures an institution
/// gives. Cheap to clone; build one per institution (or per office) and share it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LegalCalendar {
    election_days: BTreeSet<NaiveDate>,
    closures: BTreeSet<NaiveDate>,
}

impl LegalCalendar {
    /// The rest days of LFT art. 74 only, with no election days and no closures.
    pub fn official() -> LegalCalendar {
        LegalCalendar::default()
    }

    /// Adds days on which the institution (or one of its offices) does not sit: its approved
    /// calendar of work, or force majeure (LFT art. 734). Their reason is [`CLOSURE`].
    pub fn with_closures(mut self, dates: impl IntoIterator<Item = NaiveDate>) -> LegalCalendar {
        self.closures.extend(dates);
        self
    }

    /// Adds the days that the federal or local electoral laws set for ordinary elections
    /// (LFT art. 74-IX). Their reason is [`ELECTION_DAY`].
    pub fn with_election_days(mut self, dates: impl IntoIterator<Item = NaiveDate>) -> LegalCalendar {
        self.election_days.extend(dates);
        self
    }

    /// Why `d` is not a working day although it may be a weekday: a stable reason key (one of
    /// the constants of this module), or `None` for an ordinary day. Weekends are not holidays:
    /// a rest day that falls on a Saturday or Sunday is still reported.
    pub fn holiday(&self, d: NaiveDate) -> Option<&'static str> {
        if let Some(reason) = official_rest_day(d) {
            return Some(reason);
        }
        if self.election_days.contains(&d) {
            return Some(ELECTION_DAY);
        }
        if self.closures.contains(&d) {
            return Some(CLOSURE);
        }
        None
    }

    /// Monday to Friday and neither a rest day nor a closure.
    pub fn is_working_day(&self, d: NaiveDate) -> bool {
        !matches!(d.weekday(), Weekday::Sat | Weekday::Sun) && self.holiday(d).is_none()
    }

    /// The last day of a term of `days` days whose notification took effect on `effect`
    /// (LFT art. 733: the term starts the day after, and the expiry day counts).
    ///
    /// * [`DayCount::Working`]: counts only working days, so the result is the `days`-th working
    ///   day after `effect` (always a working day when `days >= 1`).
    /// * [`DayCount::Calendar`]: counts every day, so the result is `effect + days`, **even when
    ///   that day is not a working day**. This is a choice: the LFT says nothing general about
    ///   calendar-day terms that end on a rest day, and some calendar-day periods (the 45 days of
    ///   LFT 684-D) are maximum lengths rather than terms for a party to act. Where the law moves
    ///   the end to the next working day (LFT 522 for limitation periods) use
    ///   [`LegalCalendar::deadline_rolled`].
    ///
    /// With `days == 0` the result is `effect`. A result beyond the dates `chrono` can hold
    /// saturates at [`NaiveDate::MAX`].
    pub fn deadline(&self, effect: NaiveDate, days: u32, count: DayCount) -> NaiveDate {
        match count {
            DayCount::Calendar => effect
                .checked_add_days(Days::new(u64::from(days)))
                .unwrap_or(NaiveDate::MAX),
            DayCount::Working => {
                let mut d = effect;
                let mut left = days;
                while left > 0 {
                    let Some(next) = d.succ_opt() else {
                        return NaiveDate::MAX;
                    };
                    d = next;
                    if self.is_working_day(d) {
                        left -= 1;
                    }
                }
                d
            }
        }
    }

    /// Like [`LegalCalendar::deadline`], then moved forward to the first working day on or after
    /// it: the rule of LFT 522 ("cuando sea feriado, no se tendrá por completa la prescripción
    /// sino cumplido el primero útil siguiente").
    pub fn deadline_rolled(&self, effect: NaiveDate, days: u32, count: DayCount) -> NaiveDate {
        self.next_working_day(self.deadline(effect, days, count))
    }

    /// `d` if it is a working day, else the first working day after it (saturating at
    /// [`NaiveDate::MAX`]).
    pub fn next_working_day(&self, d: NaiveDate) -> NaiveDate {
        let mut d = d;
        while !self.is_working_day(d) {
            match d.succ_opt() {
                Some(next) => d = next,
                None => return NaiveDate::MAX,
            }
        }
        d
    }

    /// The number of working days counted from `from` to `to` the way a term counts them: the
    /// working days in `(from, to]`. Negative when `to` is before `from` (the working days in
    /// `(to, from]`, negated), zero when they are equal. So for `days >= 0`,
    /// `working_days_between(e, deadline(e, days, Working)) == days`, and "days left" on `today`
    /// is `working_days_between(today, deadline)`.
    pub fn working_days_between(&self, from: NaiveDate, to: NaiveDate) -> i64 {
        let (start, end, sign) = if to >= from { (from, to, 1) } else { (to, from, -1) };
        let count = start
            .iter_days()
            .skip(1)
            .take_while(|d| *d <= end)
            .filter(|d| self.is_working_day(*d))
            .count();
        sign * i64::try_from(count).unwrap_or(i64::MAX)
    }
}

/// The LFT art. 74 rest day on `d`, if any (fractions I to VIII; fraction IX is given).
fn official_rest_day(d: NaiveDate) -> Option<&'static str> {
    let year = d.year();
    let mondays = year >= MONDAY_HOLIDAYS_FROM;
    match (d.month(), d.day()) {
        (1, 1) => return Some(NEW_YEAR),
        (2, 5) if !mondays => return Some(CONSTITUTION_DAY),
        (3, 21) if !mondays => return Some(BENITO_JUAREZ),
        (5, 1) => return Some(LABOUR_DAY),
        (9, 16) => return Some(INDEPENDENCE_DAY),
        (11, 20) if !mondays => return Some(REVOLUTION_DAY),
        (12, 25) => return Some(CHRISTMAS),
        (10, 1) if year >= OCTOBER_TRANSFER_FROM && (year - OCTOBER_TRANSFER_FROM) % 6 == 0 => {
            return Some(TRANSFER_OF_EXECUTIVE)
        }
        (12, 1)
            if (DECEMBER_TRANSFER_FROM..OCTOBER_TRANSFER_FROM).contains(&year)
                && (year - DECEMBER_TRANSFER_FROM) % 6 == 0 =>
        {
            return Some(TRANSFER_OF_EXECUTIVE)
        }
        _ => {}
    }
    if mondays && d.weekday() == Weekday::Mon {
        let monday = d.day0() / 7 + 1; // 1 for the first Monday of the month, 2 for the second...
        match (d.month(), monday) {
            (2, 1) => return Some(CONSTITUTION_DAY),
            (3, 3) => return Some(BENITO_JUAREZ),
            (11, 3) => return Some(REVOLUTION_DAY),
            _ => {}
        }
    }
    None
}

/// `d` plus whole years, clamped to the end of the month (29 February + 1 year = 28 February),
/// saturating at [`NaiveDate::MAX`].
pub fn add_years(d: NaiveDate, years: u32) -> NaiveDate {
    d.checked_add_months(Months::new(years.saturating_mul(12)))
        .unwrap_or(NaiveDate::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    /// Every rest day of a year, worked out by hand from a printed calendar.
    fn expected(year: i32) -> Vec<(NaiveDate, &'static str)> {
        let by_hand: &[(i32, [(u32, u32); 7])] = &[
            // (year, [1 Jan, 1st Mon Feb, 3rd Mon Mar, 1 May, 16 Sep, 3rd Mon Nov, 25 Dec])
            (2024, [(1, 1), (2, 5), (3, 18), (5, 1), (9, 16), (11, 18), (12, 25)]),
            (2025, [(1, 1), (2, 3), (3, 17), (5, 1), (9, 16), (11, 17), (12, 25)]),
            (2026, [(1, 1), (2, 2), (3, 16), (5, 1), (9, 16), (11, 16), (12, 25)]),
            (2027, [(1, 1), (2, 1), (3, 15), (5, 1), (9, 16), (11, 15), (12, 25)]),
        ];
        let keys = [
            NEW_YEAR,
            CONSTITUTION_DAY,
            BENITO_JUAREZ,
            LABOUR_DAY,
            INDEPENDENCE_DAY,
            REVOLUTION_DAY,
            CHRISTMAS,
        ];
        let mut out = Vec::new();
        for (y, dates) in by_hand {
            if *y == year {
                for ((m, d), key) in dates.iter().zip(keys) {
                    out.push((day(year, *m, *d), key));
                }
            }
        }
        if year == 2024 {
            out.push((day(2024, 10, 1), TRANSFER_OF_EXECUTIVE));
        }
        out.sort();
        out
    }

    #[test]
    fn every_rest_day_of_2024_to_2027_by_hand() {
        let cal = LegalCalendar::official();
        for year in 2024..=2027 {
            let found: Vec<(NaiveDate, &'static str)> = day(year, 1, 1)
                .iter_days()
                .take_while(|d| d.year() == year)
                .filter_map(|d| cal.holiday(d).map(|r| (d, r)))
                .collect();
            assert_eq!(found, expected(year), "year {year}");
        }
    }

    #[test]
    fn named_examples() {
        let cal = LegalCalendar::official();
        assert_eq!(cal.holiday(day(2026, 2, 2)), Some(CONSTITUTION_DAY));
        assert_eq!(cal.holiday(day(2026, 3, 16)), Some(BENITO_JUAREZ));
        assert_eq!(cal.holiday(day(2026, 11, 16)), Some(REVOLUTION_DAY));
        assert_eq!(cal.holiday(day(2024, 10, 1)), Some(TRANSFER_OF_EXECUTIVE));
        assert_eq!(cal.holiday(day(2030, 10, 1)), Some(TRANSFER_OF_EXECUTIVE));
        assert_eq!(cal.holiday(day(2036, 10, 1)), Some(TRANSFER_OF_EXECUTIVE));
        assert_eq!(cal.holiday(day(2025, 10, 1)), None);
        assert_eq!(cal.holiday(day(2027, 10, 1)), None);
        // The commemorated dates themselves are ordinary days since 2006.
        assert_eq!(cal.holiday(day(2026, 2, 5)), None);
        assert_eq!(cal.holiday(day(2026, 3, 21)), None);
        assert_eq!(cal.holiday(day(2026, 11, 20)), None);
        assert!(!cal.is_working_day(day(2026, 2, 2)));
        assert!(cal.is_working_day(day(2026, 2, 3)));
    }

    #[test]
    fn earlier_versions_of_article_74() {
        let cal = LegalCalendar::official();
        // Before the 2024 reform the change of executive was on 1 December; since then, 1 October.
        assert_eq!(cal.holiday(day(2018, 12, 1)), Some(TRANSFER_OF_EXECUTIVE));
        assert_eq!(cal.holiday(day(2018, 10, 1)), None);
        assert_eq!(cal.holiday(day(2024, 12, 1)), None);
        assert_eq!(cal.holiday(day(2019, 12, 1)), None);
        // Before 2006 the commemorations fell on their own dates.
        assert_eq!(cal.holiday(day(2005, 2, 5)), Some(CONSTITUTION_DAY));
        assert_eq!(cal.holiday(day(2005, 3, 21)), Some(BENITO_JUAREZ));
        assert_eq!(cal.holiday(day(2005, 11, 20)), Some(REVOLUTION_DAY));
        assert_eq!(cal.holiday(day(2005, 2, 7)), None); // first Monday of February 2005
    }

    #[test]
    fn weekends_are_not_working_days_nor_holidays() {
        let cal = LegalCalendar::official();
        let saturday = day(2026, 3, 14);
        assert_eq!(cal.holiday(saturday), None);
        assert!(!cal.is_working_day(saturday));
        assert!(!cal.is_working_day(day(2026, 3, 15)));
        // A rest day on a weekend is still reported: 16 September 2029 is a Sunday.
        assert_eq!(cal.holiday(day(2029, 9, 16)), Some(INDEPENDENCE_DAY));
    }

    #[test]
    fn closures_and_election_days() {
        let closed = day(2026, 7, 20);
        let election = day(2027, 6, 7); // a Monday, for the test's sake
        let cal = LegalCalendar::official()
            .with_closures([closed])
            .with_election_days([election]);
        assert_eq!(cal.holiday(closed), Some(CLOSURE));
        assert_eq!(cal.holiday(election), Some(ELECTION_DAY));
        assert!(!cal.is_working_day(closed));
        assert!(!cal.is_working_day(election));
        assert!(LegalCalendar::official().is_working_day(closed));
        // An official rest day keeps its own reason even when also given as a closure.
        let both = LegalCalendar::official().with_closures([day(2026, 5, 1)]);
        assert_eq!(both.holiday(day(2026, 5, 1)), Some(LABOUR_DAY));
    }

    #[test]
    fn working_deadline_across_a_weekend_and_a_holiday() {
        // Notified effective Thursday 12 March 2026. Counting from Friday 13: Fri 13 (1),
        // [Sat 14, Sun 15, Mon 16 = 3rd Monday of March], Tue 17 (2), Wed 18 (3).
        let cal = LegalCalendar::official();
        assert_eq!(cal.deadline(day(2026, 3, 12), 3, DayCount::Working), day(2026, 3, 18));
        assert_eq!(cal.deadline(day(2026, 3, 12), 1, DayCount::Working), day(2026, 3, 13));
        assert_eq!(cal.deadline(day(2026, 3, 12), 2, DayCount::Working), day(2026, 3, 17));
        // 15 working days from Friday 11 December 2026: Dec 14-18 (5), 21-24 (9; 25 is Christmas),
        // 28-31 (13), [1 Jan], Mon 4 Jan (14), Tue 5 Jan 2027 (15).
        assert_eq!(cal.deadline(day(2026, 12, 11), 15, DayCount::Working), day(2027, 1, 5));
        // A closure pushes it one more day.
        let closed = cal.clone().with_closures([day(2026, 12, 28)]);
        assert_eq!(
            closed.deadline(day(2026, 12, 11), 15, DayCount::Working),
            day(2027, 1, 6)
        );
    }

    #[test]
    fn calendar_deadline_stays_on_a_rest_day_unless_rolled() {
        let cal = LegalCalendar::official();
        // Effect Friday 27 February 2026 + 16 calendar days (28 Feb is day 1) = Sunday 15 March
        // 2026; the next working day is Tuesday 17 (Monday 16 is the third Monday of March).
        assert_eq!(cal.deadline(day(2026, 2, 27), 16, DayCount::Calendar), day(2026, 3, 15));
        assert_eq!(
            cal.deadline_rolled(day(2026, 2, 27), 16, DayCount::Calendar),
            day(2026, 3, 17)
        );
        // A working day is not moved.
        assert_eq!(
            cal.deadline_rolled(day(2026, 2, 27), 18, DayCount::Calendar),
            day(2026, 3, 17)
        );
        assert_eq!(cal.deadline(day(2026, 2, 27), 0, DayCount::Calendar), day(2026, 2, 27));
        assert_eq!(cal.deadline(day(2026, 2, 27), 0, DayCount::Working), day(2026, 2, 27));
    }

    #[test]
    fn working_days_between_counts_like_a_term() {
        let cal = LegalCalendar::official();
        assert_eq!(cal.working_days_between(day(2026, 3, 12), day(2026, 3, 18)), 3);
        assert_eq!(cal.working_days_between(day(2026, 3, 18), day(2026, 3, 12)), -3);
        assert_eq!(cal.working_days_between(day(2026, 3, 12), day(2026, 3, 12)), 0);
        // Saturday to Monday-holiday: no working day in between.
        assert_eq!(cal.working_days_between(day(2026, 3, 14), day(2026, 3, 16)), 0);
    }

    #[test]
    fn huge_terms_saturate() {
        let cal = LegalCalendar::official();
        assert_eq!(cal.deadline(NaiveDate::MAX, 1, DayCount::Calendar), NaiveDate::MAX);
        assert_eq!(cal.deadline(NaiveDate::MAX, 1, DayCount::Working), NaiveDate::MAX);
        assert_eq!(add_years(day(2024, 2, 29), 2), day(2026, 2, 28));
        assert_eq!(add_years(day(2024, 3, 10), 2), day(2026, 3, 10));
    }

    fn any_date() -> impl Strategy<Value = NaiveDate> {
        (2000i32..2040, 1u32..=366)
            .prop_map(|(y, o)| NaiveDate::from_yo_opt(y, o).unwrap_or_else(|| NaiveDate::from_yo_opt(y, 365).unwrap()))
    }

    fn any_count() -> impl Strategy<Value = DayCount> {
        prop_oneof![Just(DayCount::Calendar), Just(DayCount::Working)]
    }

    fn any_calendar() -> impl Strategy<Value = LegalCalendar> {
        proptest::collection::vec(any_date(), 0..20).prop_map(|c| LegalCalendar::official().with_closures(c))
    }

    proptest! {
        #[test]
        fn deadline_is_after_effect(cal in any_calendar(), e in any_date(), n in 1u32..400, c in any_count()) {
            prop_assert!(cal.deadline(e, n, c) > e);
            prop_assert!(cal.deadline_rolled(e, n, c) >= cal.deadline(e, n, c));
        }

        #[test]
        fn working_deadline_is_a_working_day(cal in any_calendar(), e in any_date(), n in 1u32..400) {
            prop_assert!(cal.is_working_day(cal.deadline(e, n, DayCount::Working)));
            prop_assert!(cal.is_working_day(cal.deadline_rolled(e, n, DayCount::Calendar)));
        }

        #[test]
        fn deadline_is_monotone_in_days(cal in any_calendar(), e in any_date(), n in 0u32..400, c in any_count()) {
            prop_assert!(cal.deadline(e, n, c) < cal.deadline(e, n + 1, c));
            prop_assert!(cal.deadline_rolled(e, n, c) <= cal.deadline_rolled(e, n + 1, c));
        }

        #[test]
        fn working_days_between_inverts_deadline(cal in any_calendar(), e in any_date(), n in 0u32..400) {
            let d = cal.deadline(e, n, DayCount::Working);
            prop_assert_eq!(cal.working_days_between(e, d), i64::from(n));
            prop_assert_eq!(cal.working_days_between(d, e), -i64::from(n));
        }

        #[test]
        fn calendar_deadline_is_plain_addition(e in any_date(), n in 0u32..4000) {
            let cal = LegalCalendar::official();
            prop_assert_eq!(cal.deadline(e, n, DayCount::Calendar) - e, chrono::TimeDelta::days(i64::from(n)));
        }

        #[test]
        fn weekdays_are_working_unless_a_reason_is_given(cal in any_calendar(), d in any_date()) {
            let weekday = !matches!(d.weekday(), Weekday::Sat | Weekday::Sun);
            prop_assert_eq!(cal.is_working_day(d), weekday && cal.holiday(d).is_none());
        }
    }
}
