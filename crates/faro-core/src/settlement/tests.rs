//! The settlement calculator: cases worked by hand from the law, with the arithmetic in the
//! comments, and property tests.
//!
//! Minimum wages used (general zone, from 1 January): 2024 $248.93 (cap 2× = $497.86), 2025
//! $278.80 (cap $557.60), 2026 $315.04 (cap $630.08). Amounts in the comments are centavos
//! unless written with "$"; "→" is the rounding half up to the centavo.

use std::sync::OnceLock;

use chrono::NaiveDate;
use proptest::prelude::*;

use super::days::line_amount;
use super::*;

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

fn rules() -> &'static Rules {
    Rules::official().unwrap()
}

fn catalogs() -> &'static Catalogs {
    static CATALOGS: OnceLock<Catalogs> = OnceLock::new();
    CATALOGS.get_or_init(|| Catalogs::embedded().unwrap())
}

fn input(start: NaiveDate, end: NaiveDate, wage: Money, termination: Termination) -> SettlementInput {
    SettlementInput {
        start_date: start,
        end_date: end,
        calculated_on: end,
        daily_wage: wage,
        integrated_daily_wage: None,
        zone: WageZone::General,
        termination,
        reinstatement_refused: false,
        vacation_days_taken: 0,
        aguinaldo_days_paid: 0,
        unpaid_wage_days: 0,
    }
}

fn pesos(s: &str) -> Money {
    s.parse().unwrap()
}

fn run(i: &SettlementInput) -> Settlement {
    calculate(rules(), catalogs(), i).unwrap()
}

fn line(s: &Settlement, concept: Concept) -> &SettlementLine {
    s.lines
        .iter()
        .find(|l| l.concept == concept)
        .unwrap_or_else(|| panic!("no {concept:?} line in {s:#?}"))
}

fn has_line(s: &Settlement, concept: Concept) -> bool {
    s.lines.iter().any(|l| l.concept == concept)
}

fn reason(s: &Settlement, concept: Concept) -> &'static str {
    s.not_due
        .iter()
        .find(|n| n.concept == concept)
        .unwrap_or_else(|| panic!("{concept:?} is not in not_due"))
        .reason
}

/// The (concept, days as numerator/denominator, amount in centavos) of every line.
fn summary(s: &Settlement) -> Vec<(Concept, (i64, i64), i64)> {
    s.lines
        .iter()
        .map(|l| {
            (
                l.concept,
                (l.days.numerator(), l.days.denominator()),
                l.amount.centavos(),
            )
        })
        .collect()
}

fn error(i: &SettlementInput) -> DomainError {
    calculate(rules(), catalogs(), i).unwrap_err()
}

fn field(e: &DomainError) -> Option<&str> {
    e.params.iter().find(|(k, _)| *k == "field").map(|(_, v)| v.as_str())
}

#[test]
fn unjustified_dismissal_after_three_years_four_months() {
    // Served 2022-03-01 to 2025-06-30, both included (365 + 366 + 365 + 122 = 1218 days): 3
    // whole years (last anniversary 2025-03-01) and 122 days of the fourth service year (Mar 31 + Apr 30 + May 31 + Jun 30),
    // which runs to 2026-03-01: 365 days. $500.00 a day, integrated the same, general zone.
    let s = run(&input(
        day(2022, 3, 1),
        day(2025, 6, 30),
        pesos("500"),
        Termination::UnjustifiedDismissal,
    ));
    assert_eq!(
        s.years_of_service,
        ServiceLength {
            whole_years: 3,
            extra_days: 122,
            service_year_days: 365,
            total_days: 1218,
        }
    );
    assert_eq!(
        summary(&s),
        vec![
            // LFT 87: 2025-01-01 to 06-30 = 31+28+31+30+31+30 = 181 days of 365.
            // 15 × 181/365 = 2715/365 = 543/73 days; 50000 × 543/73 = 371917.8 → 371918 ($3,719.18).
            (Concept::Aguinaldo, (543, 73), 371_918),
            // LFT 76 (2023 table): 4th service year = 18 days. 18 × 122/365 = 2196/365 days;
            // 50000 × 2196/365 = 300821.9 → 300822 ($3,008.22).
            (Concept::Vacation, (2196, 365), 300_822),
            // LFT 80: 25 % of 2196/365 = 549/365 days; 50000 × 549/365 = 75205.5 (75205.479) → 75205.
            (Concept::VacationPremium, (549, 365), 75_205),
            // LFT 162: 500 is between 278.80 and 557.60. 12 × (3×365 + 122)/365 = 14604/365 days;
            // 50000 × 14604/365 = 2000547.9 → 2000548 ($20,005.48).
            (Concept::SeniorityPremium, (14604, 365), 2_000_548),
            // CPEUM 123-A-XXII, LFT 48: 90 × $500 = $45,000.00.
            (Concept::ConstitutionalSeverance, (90, 1), 4_500_000),
        ]
    );
    // Reinstatement was not refused: no twenty days (LFT 49, 50-II).
    assert_eq!(
        reason(&s, Concept::TwentyDaysPerYear),
        "settlement.reinstatement_not_refused"
    );
    // 3719.18 + 3008.22 + 752.05 + 20005.48 + 45000.00 = 72484.93.
    assert_eq!(s.total, pesos("72484.93"));
    assert_eq!(s.minimum_wage, pesos("278.80"));
    assert_eq!(s.seniority_wage_cap, pesos("557.60"));
    assert!(line(&s, Concept::SeniorityPremium).notes.is_empty());
}

#[test]
fn refused_reinstatement_adds_twenty_days_per_year() {
    // The same dismissal, the employer refusing reinstatement (LFT 49): add LFT 50-II on the
    // integrated wage, 20 × 1217/365 = 24340/365 = 4868/73 days; 50000 × 4868/73 = 3334246.6
    // → 3334247 ($33,342.47). Total 72484.93 + 33342.47 = 105827.40.
    let mut i = input(
        day(2022, 3, 1),
        day(2025, 6, 30),
        pesos("500"),
        Termination::UnjustifiedDismissal,
    );
    i.reinstatement_refused = true;
    let s = run(&i);
    let twenty = line(&s, Concept::TwentyDaysPerYear);
    assert_eq!((twenty.days.numerator(), twenty.days.denominator()), (4868, 73));
    assert_eq!(twenty.amount, pesos("33342.47"));
    assert_eq!(s.total, pesos("105827.40"));
    assert!(s.not_due.is_empty());
}

#[test]
fn resignation_after_sixteen_years_caps_the_premium_wage() {
    // Served 2010-01-15 to 2026-04-14: 16 whole years (anniversary 2026-01-15) and 90 days
    // (Jan 15→Feb 15 = 31, →Mar 15 = 28, →Apr 15 = 31) of a 365-day service year.
    // Daily $800, integrated $850; 2 vacation days taken this service year.
    let mut i = input(
        day(2010, 1, 15),
        day(2026, 4, 14),
        pesos("800"),
        Termination::Resignation,
    );
    i.integrated_daily_wage = Some(pesos("850"));
    i.vacation_days_taken = 2;
    let s = run(&i);
    assert_eq!(
        (s.years_of_service.whole_years, s.years_of_service.extra_days),
        (16, 90)
    );
    assert_eq!(
        summary(&s),
        vec![
            // 2026-01-01 to 04-14 = 31+28+31+14 = 104 days. 15 × 104/365 = 1560/365 = 312/73;
            // 80000 × 312/73 = 341917.8 → 341918.
            (Concept::Aguinaldo, (312, 73), 341_918),
            // 17th service year, 2026: 20 + 2 × ((17-1)/5 = 3) = 26 days. 26 × 90/365 = 2340/365;
            // less 2 = (2340 - 730)/365 = 1610/365 = 322/73; 80000 × 322/73 = 352876.7 → 352877.
            (Concept::Vacation, (322, 73), 352_877),
            // 25 % of 322/73 = 161/146; 80000 × 161/146 = 88219.2 → 88219.
            (Concept::VacationPremium, (161, 146), 88_219),
            // 16 ≥ 15 years: due (LFT 162-III). Integrated 850 > 2 × 315.04 = 630.08: capped.
            // 12 × (16×365 + 90)/365 = 71160/365 = 14232/73 days;
            // 63008 × 14232/73 = 12283970.6 → 12283971 ($122,839.71).
            (Concept::SeniorityPremium, (14232, 73), 12_283_971),
        ]
    );
    let premium = line(&s, Concept::SeniorityPremium);
    assert_eq!(premium.base_wage, pesos("630.08"));
    assert_eq!(premium.notes, vec!["settlement.wage_capped"]);
    // No indemnity on a resignation.
    assert_eq!(
        reason(&s, Concept::ConstitutionalSeverance),
        "settlement.not_due_on_termination"
    );
    assert_eq!(
        reason(&s, Concept::TwentyDaysPerYear),
        "settlement.not_due_on_termination"
    );
    // 3419.18 + 3528.77 + 882.19 + 122839.71 = 130669.85.
    assert_eq!(s.total, pesos("130669.85"));
}

#[test]
fn resignation_after_five_years_has_no_seniority_premium() {
    // Served 2020-02-01 to 2025-08-31: 5 whole years (anniversary 2025-02-01) and 212 days
    // (Feb 28 + Mar 31 + Apr 30 + May 31 + Jun 30 + Jul 31 + Aug 31) of 365. $400.00 a day.
    let s = run(&input(
        day(2020, 2, 1),
        day(2025, 8, 31),
        pesos("400"),
        Termination::Resignation,
    ));
    assert_eq!(
        summary(&s),
        vec![
            // 2025-01-01 to 08-31 = 243 days. 15 × 243/365 = 3645/365 = 729/73;
            // 40000 × 729/73 = 399452.05 → 399452.
            (Concept::Aguinaldo, (729, 73), 399_452),
            // 6th service year: 22 days. 22 × 212/365 = 4664/365; 40000 × 4664/365 = 511123.3 → 511123.
            (Concept::Vacation, (4664, 365), 511_123),
            // 25 %: 1166/365; 40000 × 1166/365 = 127780.8 → 127781.
            (Concept::VacationPremium, (1166, 365), 127_781),
        ]
    );
    // 5 < 15 years: LFT 162-III.
    assert_eq!(
        reason(&s, Concept::SeniorityPremium),
        "settlement.resignation_before_min_years"
    );
    // 3994.52 + 5111.23 + 1277.81 = 10383.56.
    assert_eq!(s.total, pesos("10383.56"));
}

#[test]
fn resignation_premium_starts_at_fifteen_whole_years() {
    // 2010-03-01 to 2025-02-28: exactly 15 years (the service ends the day before the 15th
    // anniversary, 2025-03-01). Premium due: 12 × 15 = 180 days × $300 = $54,000.00.
    let s = run(&input(
        day(2010, 3, 1),
        day(2025, 2, 28),
        pesos("300"),
        Termination::Resignation,
    ));
    assert_eq!((s.years_of_service.whole_years, s.years_of_service.extra_days), (15, 0));
    assert_eq!(line(&s, Concept::SeniorityPremium).amount, pesos("54000"));
    // One day less: 14 years and 364 days, no premium.
    let s = run(&input(
        day(2010, 3, 1),
        day(2025, 2, 27),
        pesos("300"),
        Termination::Resignation,
    ));
    assert_eq!(
        (s.years_of_service.whole_years, s.years_of_service.extra_days),
        (14, 364)
    );
    assert!(!has_line(&s, Concept::SeniorityPremium));
}

#[test]
fn rescission_by_worker_gets_three_months_and_twenty_days() {
    // Rescission (LFT 51-52) after 2019-06-10 to 2024-11-29: 5 years (anniversary 2024-06-10)
    // and 173 days (Jun 10→Jul 10 = 30, →Aug 10 = 31, →Sep 10 = 31, →Oct 10 = 30, →Nov 10 = 31,
    // →Nov 30 = 20) of a 365-day service year (2024-06-10 to 2025-06-10). Daily $600,
    // integrated $650, 10 days unpaid. 2024 is a leap year.
    let mut i = input(
        day(2019, 6, 10),
        day(2024, 11, 29),
        pesos("600"),
        Termination::RescissionByWorker,
    );
    i.integrated_daily_wage = Some(pesos("650"));
    i.unpaid_wage_days = 10;
    let s = run(&i);
    assert_eq!(
        summary(&s),
        vec![
            // 10 × $600 = $6,000.00.
            (Concept::OutstandingWages, (10, 1), 600_000),
            // 2024-01-01 to 11-29 = 334 days of 366. 15 × 334/366 = 5010/366 = 835/61;
            // 60000 × 835/61 = 821311.5 (821311.48) → 821311.
            (Concept::Aguinaldo, (835, 61), 821_311),
            // 6th service year, 2024: 22 days. 22 × 173/365 = 3806/365;
            // 60000 × 3806/365 = 625643.8 → 625644.
            (Concept::Vacation, (3806, 365), 625_644),
            // 25 %: 3806/1460 = 1903/730; 60000 × 1903/730 = 156410.96 → 156411.
            (Concept::VacationPremium, (1903, 730), 156_411),
            // Capped at 2 × 248.93 = 497.86. 12 × (5×365 + 173)/365 = 23976/365;
            // 49786 × 23976/365 = 3270325.9 → 3270326.
            (Concept::SeniorityPremium, (23976, 365), 3_270_326),
            // 90 × $650 = $58,500.00.
            (Concept::ConstitutionalSeverance, (90, 1), 5_850_000),
            // LFT 52 → 50-II: 20 × 1998/365 = 39960/365 = 7992/73;
            // 65000 × 7992/73 = 7116164.4 → 7116164.
            (Concept::TwentyDaysPerYear, (7992, 73), 7_116_164),
        ]
    );
    // 6000 + 8213.11 + 6256.44 + 1564.11 + 32703.26 + 58500 + 71161.64 = 184398.56.
    assert_eq!(s.total, pesos("184398.56"));
}

#[test]
fn dismissed_on_first_of_january_gets_one_day_of_aguinaldo() {
    // Justified dismissal (LFT 47) on 2025-01-01 after starting 2023-07-01: 1 year
    // (anniversary 2024-07-01) and 185 days (Jul..Dec = 184, + 1 January) of 365. $500.00.
    let s = run(&input(
        day(2023, 7, 1),
        day(2025, 1, 1),
        pesos("500"),
        Termination::JustifiedDismissal,
    ));
    assert_eq!(
        summary(&s),
        vec![
            // One day of 2025: 15 × 1/365 = 3/73; 50000 × 3/73 = 2054.8 → 2055 ($20.55).
            (Concept::Aguinaldo, (3, 73), 2_055),
            // 2nd service year: 14 days. 14 × 185/365 = 2590/365 = 518/73;
            // 50000 × 518/73 = 354794.5 (354794.52) → 354795.
            (Concept::Vacation, (518, 73), 354_795),
            // 25 %: 259/146; 50000 × 259/146 = 88698.6 → 88699.
            (Concept::VacationPremium, (259, 146), 88_699),
            // Any dismissal, justified or not (LFT 162-III): 12 × 550/365 = 6600/365 = 1320/73;
            // 50000 × 1320/73 = 904109.6 → 904110.
            (Concept::SeniorityPremium, (1320, 73), 904_110),
        ]
    );
    assert_eq!(
        reason(&s, Concept::ConstitutionalSeverance),
        "settlement.not_due_on_termination"
    );
    assert_eq!(s.total, pesos("13496.59"));
}

#[test]
fn leap_years_count_366_days() {
    // Unjustified dismissal, reinstatement refused. Served 2023-01-10 to 2024-07-09: 1 year
    // (anniversary 2024-01-10) and 182 days (Jan 10→Feb 10 = 31, →Mar 10 = 29, →Apr 10 = 31,
    // →May 10 = 30, →Jun 10 = 31, →Jul 10 = 30) of the service year 2024-01-10 → 2025-01-10,
    // which contains 29 February: 366 days. $500.00 a day.
    let mut i = input(
        day(2023, 1, 10),
        day(2024, 7, 9),
        pesos("500"),
        Termination::UnjustifiedDismissal,
    );
    i.reinstatement_refused = true;
    let s = run(&i);
    assert_eq!(
        s.years_of_service,
        ServiceLength {
            whole_years: 1,
            extra_days: 182,
            service_year_days: 366,
            total_days: 547,
        }
    );
    assert_eq!(
        summary(&s),
        vec![
            // 2024-01-01 to 07-09 = 31+29+31+30+31+30+9 = 191 days of 366. 15 × 191/366 =
            // 2865/366 = 955/122; 50000 × 955/122 = 391393.4 → 391393.
            (Concept::Aguinaldo, (955, 122), 391_393),
            // 2nd service year: 14 days. 14 × 182/366 = 2548/366 = 1274/183;
            // 50000 × 1274/183 = 348087.4 → 348087.
            (Concept::Vacation, (1274, 183), 348_087),
            // 25 %: 637/366; 50000 × 637/366 = 87021.9 → 87022.
            (Concept::VacationPremium, (637, 366), 87_022),
            // $500 is above 2 × 248.93 = 497.86 (2024): capped. 12 × (366 + 182)/366 = 6576/366
            // = 1096/61; 49786 × 1096/61 = 894516.3 → 894516.
            (Concept::SeniorityPremium, (1096, 61), 894_516),
            (Concept::ConstitutionalSeverance, (90, 1), 4_500_000),
            // 20 × 548/366 = 10960/366 = 5480/183; 50000 × 5480/183 = 1497267.8 → 1497268.
            (Concept::TwentyDaysPerYear, (5480, 183), 1_497_268),
        ]
    );
    // 391393 + 348087 + 87022 + 894516 + 4500000 + 1497268 = 7718286.
    assert_eq!(s.total, Money::from_centavos(7_718_286));
}

#[test]
fn a_year_across_a_leap_day_is_exactly_one_year() {
    // 2023-03-01 to 2024-02-29: one whole service year (it contains 2024-02-29, 366 days) and
    // nothing of the next: 12 days of premium exactly, no proportional vacation. $400 a day.
    let s = run(&input(
        day(2023, 3, 1),
        day(2024, 2, 29),
        pesos("400"),
        Termination::JustifiedDismissal,
    ));
    assert_eq!(
        (
            s.years_of_service.whole_years,
            s.years_of_service.extra_days,
            s.years_of_service.total_days
        ),
        (1, 0, 366)
    );
    let premium = line(&s, Concept::SeniorityPremium);
    assert_eq!(premium.days, Days::whole(12));
    assert_eq!(premium.amount, pesos("4800"));
    assert_eq!(line(&s, Concept::Vacation).amount, Money::ZERO);
    // 2024-01-01 to 02-29 = 60 days of 366: 15 × 60/366 = 900/366 = 150/61;
    // 40000 × 150/61 = 98360.7 → 98361.
    let aguinaldo = line(&s, Concept::Aguinaldo);
    assert_eq!((aguinaldo.days.numerator(), aguinaldo.days.denominator()), (150, 61));
    assert_eq!(aguinaldo.amount, Money::from_centavos(98_361));
}

#[test]
fn started_on_a_leap_day_the_anniversary_is_28_february() {
    // Started 2020-02-29; in common years the anniversary is 28 February. Ending 2023-02-27
    // completes 3 years (the 3rd anniversary is 2023-02-28); the service year in course starts
    // there and runs to 2024-02-29: 366 days.
    let s = run(&input(
        day(2020, 2, 29),
        day(2023, 2, 27),
        pesos("400"),
        Termination::JustifiedDismissal,
    ));
    assert_eq!(
        s.years_of_service,
        ServiceLength {
            whole_years: 3,
            extra_days: 0,
            service_year_days: 366,
            total_days: 1095,
        }
    );
    // 12 × 3 = 36 days × $400 = $14,400.00.
    assert_eq!(line(&s, Concept::SeniorityPremium).amount, pesos("14400"));
}

#[test]
fn cap_boundary_at_exactly_twice_the_minimum_wage() {
    // 2025: 2 × 278.80 = 557.60. A wage of exactly 557.60 is not capped; 557.61 is capped to
    // 557.60. 2023-02-01 to 2025-01-31 is exactly 2 years: 12 × 2 = 24 days.
    let exact = run(&input(
        day(2023, 2, 1),
        day(2025, 1, 31),
        pesos("557.60"),
        Termination::JustifiedDismissal,
    ));
    let premium = line(&exact, Concept::SeniorityPremium);
    assert_eq!(premium.days, Days::whole(24));
    assert_eq!(premium.base_wage, pesos("557.60"));
    assert!(premium.notes.is_empty());
    // 24 × 557.60 = 13382.40.
    assert_eq!(premium.amount, pesos("13382.40"));

    let above = run(&input(
        day(2023, 2, 1),
        day(2025, 1, 31),
        pesos("557.61"),
        Termination::JustifiedDismissal,
    ));
    let premium = line(&above, Concept::SeniorityPremium);
    assert_eq!(premium.base_wage, pesos("557.60"));
    assert_eq!(premium.notes, vec!["settlement.wage_capped"]);
    assert_eq!(premium.amount, pesos("13382.40"));
    // The other lines use the wage itself.
    assert_eq!(line(&above, Concept::Aguinaldo).base_wage, pesos("557.61"));
}

#[test]
fn northern_border_zone_uses_its_own_minimum_wage() {
    // 2025 northern border: 419.88, cap 839.76. A wage of $800 is not capped there.
    let mut i = input(
        day(2023, 2, 1),
        day(2025, 1, 31),
        pesos("800"),
        Termination::JustifiedDismissal,
    );
    i.zone = WageZone::NorthernBorder;
    let s = run(&i);
    assert_eq!(s.seniority_wage_cap, pesos("839.76"));
    // 24 × 800 = 19200.
    assert_eq!(line(&s, Concept::SeniorityPremium).amount, pesos("19200"));
}

#[test]
fn a_wage_below_the_minimum_is_raised_for_the_premium() {
    // LFT 485: the base is never below the minimum wage. $200 in 2025 (minimum 278.80):
    // 24 × 278.80 = 6691.20.
    let s = run(&input(
        day(2023, 2, 1),
        day(2025, 1, 31),
        pesos("200"),
        Termination::JustifiedDismissal,
    ));
    let premium = line(&s, Concept::SeniorityPremium);
    assert_eq!(premium.base_wage, pesos("278.80"));
    assert_eq!(premium.notes, vec!["settlement.wage_raised_to_minimum"]);
    assert_eq!(premium.amount, pesos("6691.20"));
}

#[test]
fn rounding_is_half_up_at_each_line() {
    // Exactly half a centavo goes up; below half goes down; never banker's rounding.
    assert_eq!(
        line_amount(Money::from_centavos(1), Days::new(1, 2).unwrap()),
        Some(Money::from_centavos(1))
    );
    assert_eq!(
        line_amount(Money::from_centavos(5), Days::new(1, 2).unwrap()),
        Some(Money::from_centavos(3))
    );
    assert_eq!(
        line_amount(Money::from_centavos(1), Days::new(49, 100).unwrap()),
        Some(Money::ZERO)
    );
    // End to end: $333.31, 2024-01-01 to 2024-07-01 = 183 days of 366, so the aguinaldo is
    // 15 × 183/366 = 15/2 days; 33331 × 15/2 = 249982.5 → 249983 (half up; half-even and
    // truncation would give 249982).
    let s = run(&input(
        day(2024, 1, 1),
        day(2024, 7, 1),
        pesos("333.31"),
        Termination::JustifiedDismissal,
    ));
    let aguinaldo = line(&s, Concept::Aguinaldo);
    assert_eq!(aguinaldo.days, Days::new(15, 2).unwrap());
    assert_eq!(aguinaldo.amount, Money::from_centavos(249_983));
}

#[test]
fn days_taken_or_paid_beyond_what_is_owed_clamp_at_zero() {
    // 2025-01-01 to 2025-03-31 at $500: 90 days. Vacation owed 12 × 90/365 = 2.96 days; 5 taken.
    // Aguinaldo owed 15 × 90/365 = 3.70 days; 15 paid in advance.
    let mut i = input(
        day(2025, 1, 1),
        day(2025, 3, 31),
        pesos("500"),
        Termination::UnjustifiedDismissal,
    );
    i.vacation_days_taken = 5;
    i.aguinaldo_days_paid = 15;
    let s = run(&i);
    let vacation = line(&s, Concept::Vacation);
    assert_eq!(vacation.amount, Money::ZERO);
    assert_eq!(vacation.notes, vec!["settlement.vacation_taken_exceeds_owed"]);
    assert!(vacation.formula.contains("nothing is owed"), "{}", vacation.formula);
    assert_eq!(line(&s, Concept::VacationPremium).amount, Money::ZERO);
    let aguinaldo = line(&s, Concept::Aguinaldo);
    assert_eq!(aguinaldo.amount, Money::ZERO);
    assert_eq!(aguinaldo.notes, vec!["settlement.aguinaldo_paid_exceeds_owed"]);
    // Under one year: 12 × 90/365 = 1080/365 premium days on $500 = 147945.2 → 147945; plus
    // 90 days' severance $45,000.
    assert_eq!(
        line(&s, Concept::SeniorityPremium).amount,
        Money::from_centavos(147_945)
    );
    assert_eq!(s.total, Money::from_centavos(147_945 + 4_500_000));
}

#[test]
fn every_number_comes_from_the_rules() {
    let s = run(&input(
        day(2022, 3, 1),
        day(2025, 6, 30),
        pesos("500"),
        Termination::RescissionByWorker,
    ));
    for id in s.lines.iter().flat_map(|l| l.parameters.iter()) {
        let p = rules().parameter(id, day(2025, 6, 30)).unwrap();
        assert_eq!(p.meta.confidence, crate::rules::Confidence::Primary, "{id}");
        assert!(
            p.meta.source.contains("LFT.md") || p.meta.source.contains("CPEUM.md"),
            "{id}"
        );
    }
    let used: Vec<&str> = s.lines.iter().flat_map(|l| l.parameters.iter().copied()).collect();
    for id in [
        "settlement.aguinaldo_days",
        "settlement.vacation_premium_percent",
        "settlement.seniority_premium_days_per_year",
        "settlement.seniority_premium_wage_cap_multiple",
        "settlement.seniority_premium_resignation_min_years",
        "settlement.constitutional_severance_days",
        "settlement.indemnity_days_per_year",
    ] {
        assert!(used.contains(&id), "{id}");
    }
}

#[test]
fn errors_name_the_field() {
    let ok = input(
        day(2022, 3, 1),
        day(2025, 6, 30),
        pesos("500"),
        Termination::UnjustifiedDismissal,
    );

    let mut i = ok.clone();
    i.end_date = day(2022, 2, 28);
    i.calculated_on = day(2025, 7, 1);
    let e = error(&i);
    assert_eq!((e.code, field(&e)), ("settlement.end_before_start", Some("end_date")));

    let mut i = ok.clone();
    i.calculated_on = day(2025, 6, 29);
    let e = error(&i);
    assert_eq!(
        (e.code, field(&e)),
        ("settlement.calculated_before_end", Some("calculated_on"))
    );

    for wage in [Money::ZERO, Money::from_centavos(-100)] {
        let mut i = ok.clone();
        i.daily_wage = wage;
        let e = error(&i);
        assert_eq!(
            (e.code, field(&e)),
            ("settlement.wage_not_positive", Some("daily_wage"))
        );
    }

    let mut i = ok.clone();
    i.integrated_daily_wage = Some(pesos("499.99"));
    let e = error(&i);
    assert_eq!(
        (e.code, field(&e)),
        ("settlement.integrated_below_daily", Some("integrated_daily_wage"))
    );

    let mut i = ok.clone();
    i.termination = Termination::Resignation;
    i.reinstatement_refused = true;
    let e = error(&i);
    assert_eq!(
        (e.code, field(&e)),
        ("settlement.reinstatement_not_applicable", Some("reinstatement_refused"))
    );

    // No minimum wage in the catalog before 2010; no settlement rule before 2012-12-01.
    for end in [day(2009, 12, 31), day(2011, 6, 30)] {
        let mut i = ok.clone();
        i.start_date = day(2005, 1, 1);
        i.end_date = end;
        i.calculated_on = end;
        let e = error(&i);
        assert_eq!((e.code, field(&e)), ("settlement.date_out_of_range", Some("end_date")));
    }

    let mut i = ok.clone();
    i.daily_wage = Money::from_centavos(i64::MAX / 2);
    let e = error(&i);
    assert_eq!((e.code, field(&e)), ("settlement.overflow", Some("daily_wage")));
}

#[test]
fn no_minimum_wage_in_the_catalog_is_an_error() {
    // The catalog starts in 2010. With the settlement rules in force from 2000 (a test copy), a
    // relation ending in 2009 finds no minimum wage.
    let ids = [
        ("settlement.aguinaldo_days", 15),
        ("settlement.vacation_premium_percent", 25),
        ("settlement.seniority_premium_days_per_year", 12),
        ("settlement.seniority_premium_wage_cap_multiple", 2),
        ("settlement.seniority_premium_resignation_min_years", 15),
        ("settlement.constitutional_severance_days", 90),
        ("settlement.indemnity_days_per_year", 20),
    ];
    let parameters: String = ids
        .iter()
        .map(|(id, value)| {
            format!(
                "[[parameter]]\nid = \"{id}\"\narticle = \"test\"\nvalue = {value}\nin_force_from = \"2000-01-01\"\n\
                 source = \"test\"\nconfidence = \"P\"\nconfigurable = false\nnote = \"test\"\n\n"
            )
        })
        .collect();
    let rules = Rules::from_toml("", "", &parameters).unwrap();
    let mut i = input(
        day(2005, 1, 1),
        day(2009, 12, 31),
        pesos("500"),
        Termination::UnjustifiedDismissal,
    );
    let e = calculate(&rules, catalogs(), &i).unwrap_err();
    assert_eq!((e.code, field(&e)), ("settlement.date_out_of_range", Some("end_date")));
    // With a minimum wage (2010) the same rules work.
    i.end_date = day(2010, 12, 31);
    i.calculated_on = i.end_date;
    assert!(calculate(&rules, catalogs(), &i).is_ok());
}

#[test]
fn a_one_day_relation() {
    // Start and end on 2025-05-05: one day of service. Unjustified dismissal at $500:
    // aguinaldo 15/365 = 3/73 days → 2055; vacation 12 × 1/365 → 50000 × 12/365 = 1643.8 → 1644;
    // premium 25 % → 3/365 days → 410.96 → 411; seniority 12/365 → 1644; severance 4500000.
    let s = run(&input(
        day(2025, 5, 5),
        day(2025, 5, 5),
        pesos("500"),
        Termination::UnjustifiedDismissal,
    ));
    assert_eq!(s.years_of_service.total_days, 1);
    assert_eq!(s.total, Money::from_centavos(2_055 + 1_644 + 411 + 1_644 + 4_500_000));
}

#[test]
fn the_input_deserializes_from_a_form_with_defaults() {
    let json = r#"{
        "start_date": "2022-03-01",
        "end_date": "2025-06-30",
        "calculated_on": "2025-07-10",
        "daily_wage": 50000,
        "zone": "general",
        "termination": "unjustified_dismissal"
    }"#;
    let i: SettlementInput = serde_json::from_str(json).unwrap();
    assert_eq!(i.integrated_daily_wage, None);
    assert!(!i.reinstatement_refused);
    assert_eq!(
        (i.vacation_days_taken, i.aguinaldo_days_paid, i.unpaid_wage_days),
        (0, 0, 0)
    );
    let s = run(&i);
    assert_eq!(s.total, pesos("72484.93"));
    let out = serde_json::to_value(&s).unwrap();
    assert_eq!(out["total"], 7_248_493);
    assert_eq!(out["lines"][0]["code"], "settlement.aguinaldo");
    assert_eq!(out["lines"][0]["days"]["numerator"], 543);
}

fn termination() -> impl Strategy<Value = Termination> {
    prop_oneof![
        Just(Termination::UnjustifiedDismissal),
        Just(Termination::RescissionByWorker),
        Just(Termination::Resignation),
        Just(Termination::JustifiedDismissal),
    ]
}

prop_compose! {
    /// An input ending between 2013 and 2026 after up to 30 years of service.
    fn any_input()(
        end_offset in 0i64..5113,
        length in 0i64..11_000,
        wage in 1i64..500_000,
        extra in 0i64..200_000,
        termination in termination(),
        refused in any::<bool>(),
        border in any::<bool>(),
        taken in 0u32..40,
        paid in 0u32..20,
        unpaid in 0u32..60,
    ) -> SettlementInput {
        let end = day(2013, 1, 1) + chrono::Duration::days(end_offset);
        SettlementInput {
            start_date: end - chrono::Duration::days(length),
            end_date: end,
            calculated_on: end,
            daily_wage: Money::from_centavos(wage),
            integrated_daily_wage: Some(Money::from_centavos(wage + extra)),
            zone: if border { WageZone::NorthernBorder } else { WageZone::General },
            termination,
            reinstatement_refused: refused && termination == Termination::UnjustifiedDismissal,
            vacation_days_taken: taken,
            aguinaldo_days_paid: paid,
            unpaid_wage_days: unpaid,
        }
    }
}

proptest! {
    #[test]
    fn no_amount_is_negative_and_the_total_is_the_sum(i in any_input()) {
        let s = run(&i);
        for l in &s.lines {
            prop_assert!(l.amount >= Money::ZERO, "{l:?}");
            prop_assert!(!l.days.is_negative(), "{l:?}");
            prop_assert_eq!(Some(l.amount), line_amount(l.base_wage, l.days));
        }
        prop_assert_eq!(s.total, s.lines.iter().map(|l| l.amount).sum::<Money>());
        prop_assert_eq!(s.lines.len() + s.not_due.len(), 7 - usize::from(i.unpaid_wage_days == 0));
    }

    #[test]
    fn a_longer_service_never_lowers_the_seniority_premium(i in any_input(), more in 1i64..2000) {
        let premium = |s: &Settlement| {
            s.lines
                .iter()
                .find(|l| l.concept == Concept::SeniorityPremium)
                .map_or(Money::ZERO, |l| l.amount)
        };
        let shorter = run(&i);
        let mut longer = i.clone();
        longer.start_date = i.start_date - chrono::Duration::days(more);
        let longer = run(&longer);
        prop_assert!(premium(&longer) >= premium(&shorter));
        prop_assert!(
            longer.years_of_service.total_days == shorter.years_of_service.total_days + more
        );
    }

    #[test]
    fn service_length_adds_up(start_offset in 0i64..20_000, length in 0i64..15_000) {
        let start = day(1990, 1, 1) + chrono::Duration::days(start_offset);
        let end = start + chrono::Duration::days(length);
        let s = ServiceLength::between(start, end).unwrap();
        prop_assert_eq!(s.total_days, length + 1);
        prop_assert!(s.extra_days >= 0 && s.extra_days < s.service_year_days);
        prop_assert!(s.service_year_days == 365 || s.service_year_days == 366);
        // The whole years and the extra days cover the service exactly.
        let anniversary = crate::calendar::add_years(start, s.whole_years);
        prop_assert_eq!(anniversary + chrono::Duration::days(s.extra_days), end + chrono::Duration::days(1));
    }
}
