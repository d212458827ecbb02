//! The convenio and its late-payment penalty (LFT 684-E, last paragraph), worked by hand.

use super::*;
use crate::catalog::Money;
use crate::conciliation::settlement;

fn pesos(p: i64) -> Money {
    Money::from_pesos(p)
}

fn inst(due_on: NaiveDate, amount: i64) -> Installment {
    Installment {
        number: 0,
        due_on,
        amount: pesos(amount),
        paid_on: None,
    }
}

/// 30,000 pesos (20,000 indemnity, 10,000 aguinaldo) in three instalments of 10,000: on the day,
/// 14 and 31 days later (from 2 March 2026: 2 March, 16 March, 2 April); daily wage 400 pesos,
/// penalty 400 a day.
pub(super) fn three_instalments(agreed_on: NaiveDate) -> SettlementInput {
    SettlementInput {
        items: vec![
            Item {
                concept: Object::Dismissal,
                description: "Indemnización constitucional".into(),
                amount: pesos(20_000),
            },
            Item {
                concept: Object::ChristmasBonus,
                description: String::new(),
                amount: pesos(10_000),
            },
        ],
        installments: vec![
            inst(agreed_on, 10_000),
            inst(agreed_on + chrono::Days::new(31), 10_000),
            inst(agreed_on + chrono::Days::new(14), 10_000),
        ],
        daily_wage: pesos(400),
        penalty_per_day: pesos(400),
        ratified: true,
    }
}

fn valid(input: &SettlementInput) -> Result<Settlement, DomainError> {
    settlement::validate(input, day(2026, 3, 2), &law().rules)
}

#[test]
fn a_valid_convenio_is_numbered_by_due_date() {
    let s = valid(&three_instalments(day(2026, 3, 2))).unwrap();
    assert_eq!(s.total, pesos(30_000));
    assert!(s.deferred);
    let dues: Vec<(u32, NaiveDate)> = s.installments.iter().map(|i| (i.number, i.due_on)).collect();
    assert_eq!(
        dues,
        vec![(1, day(2026, 3, 2)), (2, day(2026, 3, 16)), (3, day(2026, 4, 2))]
    );
    assert_eq!(s.outstanding(), pesos(30_000));
    assert_eq!(s.next_due(), Some(day(2026, 3, 2)));
}

#[test]
fn the_convenio_is_checked() {
    let base = three_instalments(day(2026, 3, 2));
    let mut x = base.clone();
    x.ratified = false;
    assert_eq!(valid(&x).unwrap_err().code, "conciliation.settlement_not_ratified");
    let mut x = base.clone();
    x.items.clear();
    assert_eq!(valid(&x).unwrap_err().code, "conciliation.settlement_no_items");
    let mut x = base.clone();
    x.installments.clear();
    assert_eq!(valid(&x).unwrap_err().code, "conciliation.settlement_no_installments");
    let mut x = base.clone();
    x.items[1].amount = Money::ZERO;
    assert_eq!(valid(&x).unwrap_err().code, "conciliation.amount_not_positive");
    // The instalments must add up to the items: 30,000 agreed, 30,001 scheduled.
    let mut x = base.clone();
    x.installments[0].amount = pesos(10_001);
    let e = valid(&x).unwrap_err();
    assert_eq!(e.code, "conciliation.installments_total_mismatch");
    assert_eq!(param(&e, "total"), Some("3000000"));
    assert_eq!(param(&e, "installments"), Some("3000100"));
    let mut x = base.clone();
    x.installments[0].due_on = day(2026, 3, 1);
    assert_eq!(
        valid(&x).unwrap_err().code,
        "conciliation.installment_before_settlement"
    );
    let mut x = base.clone();
    x.items[0].concept = Object::Other;
    x.items[0].description = String::new();
    assert_eq!(param(&valid(&x).unwrap_err(), "field"), Some("items.description"));
}

#[test]
fn deferred_payment_needs_a_penalty_of_at_least_one_daily_wage() {
    // 684-E: "no menor al salario diario del trabajador por cada día": 400 a day at least.
    let mut x = three_instalments(day(2026, 3, 2));
    x.penalty_per_day = Money::from_centavos(39_999);
    let e = valid(&x).unwrap_err();
    assert_eq!(e.code, "conciliation.penalty_too_low");
    assert_eq!(param(&e, "minimum"), Some("40000"));
    assert_eq!(param(&e, "article"), Some("LFT 684-E, last paragraph"));
    x.daily_wage = Money::ZERO;
    assert_eq!(valid(&x).unwrap_err().code, "conciliation.daily_wage_required");
    // Paid in full on the day: nothing deferred, no penalty needed.
    let mut x = three_instalments(day(2026, 3, 2));
    x.installments = vec![inst(day(2026, 3, 2), 30_000)];
    x.penalty_per_day = Money::ZERO;
    x.daily_wage = Money::ZERO;
    let s = valid(&x).unwrap();
    assert!(!s.deferred);
}

#[test]
fn days_of_delay_count_once_per_day_for_the_whole_convenio() {
    let mut s = valid(&three_instalments(day(2026, 3, 2))).unwrap();
    // Nothing is late on its due date.
    assert_eq!(s.delay_days(day(2026, 3, 2)), 0);
    // Instalment 1 (due 2 March) unpaid on 5 March: 3, 4, 5 March = 3 days, 1,200 pesos.
    assert_eq!(s.delay_days(day(2026, 3, 5)), 3);
    assert_eq!(s.penalty_accrued(day(2026, 3, 5)), pesos(1_200));
    // It is paid on 10 March: 8 days late (3-10 March).
    s.installments[0].paid_on = Some(day(2026, 3, 10));
    assert_eq!(s.installments[0].days_late(day(2026, 3, 10)), 8);
    assert_eq!(s.delay_days(day(2026, 3, 31)), 8 + 15); // plus 17-31 March for instalment 2
                                                        // Instalment 2 (due 16 March) paid 20 March: 17-20 March, 4 days. Total 8 + 4 = 12.
    s.installments[1].paid_on = Some(day(2026, 3, 20));
    assert_eq!(s.delay_days(day(2026, 3, 31)), 12);
    // Overlap: instalment 1 paid only on 18 March instead. Its delay 3-18 March and instalment
    // 2's 17-20 March overlap on 17 and 18: the union is 3-20 March, 18 days, not 16 + 4 = 20.
    s.installments[0].paid_on = Some(day(2026, 3, 18));
    assert_eq!(s.delay_days(day(2026, 3, 31)), 18);
    assert_eq!(s.penalty_accrued(day(2026, 3, 31)), pesos(7_200));
    // Instalment 3 (due 2 April) unpaid on 30 April: 3-30 April, 28 more days, across the month
    // end. 18 + 28 = 46 days, 18,400 pesos.
    assert_eq!(s.delay_days(day(2026, 4, 30)), 46);
    assert_eq!(s.penalty_accrued(day(2026, 4, 30)), pesos(18_400));
    assert_eq!(s.overdue(day(2026, 4, 30)).len(), 1);
    assert_eq!(s.outstanding(), pesos(10_000));
    // As of a date before the payments, only the days up to it count.
    assert_eq!(s.delay_days(day(2026, 3, 4)), 2);
}
