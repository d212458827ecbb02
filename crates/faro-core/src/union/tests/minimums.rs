//! A structured agreement against the legal minimums, worked by hand. Minimum wages from the
//! catalog: 2026 general 315.04, northern border 440.87; 2022 general 172.87.

use super::agreement::terms;
use super::*;
use crate::catalog::{Money, WageZone};
use crate::union::minimums::{
    check, vacation_days_in_year, validate, AgreementTerms, Benefits, Flag, Position, VacationStep,
};

fn run(t: &AgreementTerms, on: NaiveDate) -> Vec<Flag> {
    check(t, &law().rules, law().catalogs.as_ref(), on).unwrap().flags
}

#[test]
fn a_good_agreement_has_no_flags() {
    let report = check(&terms(400), &law().rules, law().catalogs.as_ref(), day(2026, 3, 2)).unwrap();
    assert_eq!(report.minimum_wage, Money::from_centavos(31_504));
    assert!(report.flags.is_empty(), "{:?}", report.flags);
}

#[test]
fn lft_90_each_position_against_the_minimum_wage_of_its_zone() {
    let mut t = terms(400);
    t.wage_table = vec![
        Position {
            name: "Exacto".into(),
            daily_wage: Money::from_centavos(31_504),
        },
        Position {
            name: "Un centavo menos".into(),
            daily_wage: Money::from_centavos(31_503),
        },
    ];
    let flags = run(&t, day(2026, 3, 2));
    assert_eq!(
        flags,
        vec![Flag::WageBelowMinimum {
            position: "Un centavo menos".into(),
            daily_wage: Money::from_centavos(31_503),
            minimum: Money::from_centavos(31_504),
            zone: WageZone::General,
        }]
    );
    // At the northern border the minimum is 440.87: 400 falls short.
    let mut t = terms(400);
    t.zone = WageZone::NorthernBorder;
    let flags = run(&t, day(2026, 3, 2));
    assert_eq!(flags.len(), 1);
    assert!(matches!(&flags[0], Flag::WageBelowMinimum { minimum, .. } if *minimum == Money::from_centavos(44_087)));
    assert_eq!(flags[0].article(), "LFT 90; CPEUM 123-A-VI");
}

#[test]
fn lft_393_an_agreement_without_wages() {
    let mut t = terms(400);
    t.wage_table.clear();
    assert_eq!(run(&t, day(2026, 3, 2)), vec![Flag::NoWageTable]);
}

#[test]
fn lft_76_the_vacation_table_of_2023_year_by_year() {
    // Twelve days flat: enough in the first year (12), short from the second (14) on.
    let mut t = terms(400);
    t.benefits.vacation = vec![VacationStep { from_year: 1, days: 12 }];
    let flags = run(&t, day(2026, 3, 2));
    assert_eq!(flags.len(), 34, "years 2 to 35");
    assert_eq!(
        flags[0],
        Flag::VacationBelowLaw {
            year_of_service: 2,
            days: 12,
            required: 14
        }
    );
    assert_eq!(
        flags[33],
        Flag::VacationBelowLaw {
            year_of_service: 35,
            days: 12,
            required: 32
        }
    );
    // Before the 2023 reform the same clause met the law for the first four years (6, 8, 10,
    // 12) and fell short from the fifth (14).
    let flags = run(&t, day(2022, 6, 1));
    assert_eq!(
        flags[0],
        Flag::VacationBelowLaw {
            year_of_service: 5,
            days: 12,
            required: 14
        }
    );
    // A table that starts late gives nothing in the first year.
    assert_eq!(vacation_days_in_year(&[VacationStep { from_year: 2, days: 20 }], 1), 0);
    assert_eq!(vacation_days_in_year(&[VacationStep { from_year: 2, days: 20 }], 9), 20);
}

#[test]
fn lft_80_and_87_premium_and_year_end_bonus() {
    let mut t = terms(400);
    t.benefits.vacation_premium_percent = Some(20);
    t.benefits.year_end_bonus_days = Some(14);
    assert_eq!(
        run(&t, day(2026, 3, 2)),
        vec![
            Flag::VacationPremiumBelowLaw {
                percent: 20,
                required: 25
            },
            Flag::YearEndBonusBelowLaw { days: 14, required: 15 }
        ]
    );
    t.benefits.vacation_premium_percent = Some(25);
    t.benefits.year_end_bonus_days = Some(15);
    assert!(run(&t, day(2026, 3, 2)).is_empty());
}

#[test]
fn lft_393_silence_leaves_the_law_in_force() {
    let mut t = terms(400);
    t.benefits = Benefits::default();
    let flags = run(&t, day(2026, 3, 2));
    assert_eq!(flags.len(), 3);
    assert!(flags
        .iter()
        .all(|f| !f.below_law() && f.code() == "minimums.law_applies"));
}

#[test]
fn malformed_terms_are_refused() {
    let mut t = terms(400);
    t.benefits.vacation.push(VacationStep { from_year: 0, days: 6 });
    assert_eq!(validate(&t).unwrap_err().code, "minimums.vacation_step_year");
    let mut t = terms(400);
    t.wage_table[0].daily_wage = Money::from_pesos(-1);
    assert_eq!(validate(&t).unwrap_err().code, "minimums.negative_wage");
    // Steps are sorted.
    let mut t = terms(400);
    t.benefits.vacation.reverse();
    assert_eq!(validate(&t).unwrap().benefits.vacation[0].from_year, 1);
    let e = check(&terms(400), &law().rules, law().catalogs.as_ref(), day(2005, 1, 1)).unwrap_err();
    assert_eq!(e.code, "minimums.no_minimum_wage");
}
