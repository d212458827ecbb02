//! The convenio of a settled case: its items from the settlement calculator (a share of what the
//! law owes, as the parties negotiate it), its payment plan and penalty (684-E XIV), and then how
//! the employer pays it and how the centre certifies it.

use chrono::{DateTime, NaiveDate, Utc};
use faro_core::catalog::Money;
use faro_core::conciliation::{Command, Installment, Item, Object, SettlementInput, Status};
use faro_core::settlement::{calculate, SettlementInput as CalculatorInput};
use faro_core::DomainError;
use rand::RngCore;

use super::case::Setup;
use super::clock::{days_after, minutes_after, on_day_after};
use super::model::{self, plus_days};
use super::recorder::{Halt, Recorder};
use super::request::{Employment, Place};
use super::texts;
use crate::random::{below, between, chance, unit};

/// Rounds up to whole pesos.
fn whole_pesos(m: Money) -> Money {
    Money::from_centavos((m.centavos() + 99) / 100 * 100)
}

/// The share of the legal amounts the parties agree on: most convenios pay between two thirds
/// and all of it.
fn negotiated_share(rng: &mut impl RngCore) -> i64 {
    let x = unit(rng);
    let share = if x < 0.15 {
        0.45 + 0.2 * unit(rng)
    } else if x < 0.75 {
        0.65 + 0.25 * unit(rng)
    } else {
        0.9 + 0.1 * unit(rng)
    };
    (share * 1_000.0).round() as i64
}

/// The items of the convenio: the calculator's lines on the worker's employment, each at the
/// negotiated share, in whole pesos.
fn items(
    rng: &mut impl RngCore,
    setup: &Setup<'_>,
    place: &Place,
    e: &Employment,
    agreed_on: NaiveDate,
) -> Result<Vec<Item>, DomainError> {
    let law = setup.law;
    let input = CalculatorInput {
        start_date: e.start,
        end_date: e.end,
        calculated_on: agreed_on.max(e.end),
        daily_wage: e.daily_wage,
        integrated_daily_wage: Some(e.integrated_wage),
        zone: place.zone,
        termination: e.termination,
        reinstatement_refused: e.reinstatement_refused,
        vacation_days_taken: 0,
        aguinaldo_days_paid: 0,
        unpaid_wage_days: e.unpaid_wage_days,
    };
    let reference = calculate(&law.rules, &law.catalogs, &input)?;
    let share = negotiated_share(rng);
    let mut out: Vec<Item> = reference
        .lines
        .iter()
        .filter_map(|line| {
            let amount = whole_pesos(line.amount.mul_ratio(share, 1_000)?);
            let (concept, description) = texts::item(line.concept);
            (amount > Money::ZERO).then(|| Item {
                concept,
                description: description.to_string(),
                amount,
            })
        })
        .collect();
    if out.is_empty() {
        // Nothing owed by the calculator (a relation of days): a gratuity of a few days' wage.
        let days = i64::from(between(rng, 3, 15));
        out.push(Item {
            concept: Object::Other,
            description: texts::GRATUITY.to_string(),
            amount: whole_pesos(e.daily_wage.checked_mul(days).unwrap_or(e.daily_wage)),
        });
    }
    Ok(out)
}

/// Splits `total` into `n` instalments due from `first` every `step` days (the remainder on the
/// last).
fn split(total: Money, n: u32, first: NaiveDate, step: u64) -> Vec<Installment> {
    let n = n.max(1);
    let part = Money::from_centavos(total.centavos() / i64::from(n) / 100 * 100);
    (0..n)
        .map(|k| {
            let amount = if k + 1 == n {
                total - part.checked_mul(i64::from(n - 1)).unwrap_or(Money::ZERO)
            } else {
                part
            };
            Installment {
                number: k + 1,
                due_on: plus_days(first, step * u64::from(k)),
                amount,
                paid_on: None,
            }
        })
        .collect()
}

/// The convenio agreed at a hearing on `agreed_on`.
pub(crate) fn convenio(
    rng: &mut impl RngCore,
    setup: &Setup<'_>,
    place: &Place,
    e: &Employment,
    agreed_on: NaiveDate,
) -> Result<SettlementInput, DomainError> {
    let items = items(rng, setup, place, e, agreed_on)?;
    let total: Money = items.iter().map(|i| i.amount).sum();
    let x = unit(rng);
    let installments = if x < model::PAID_IN_ACT || total < Money::from_pesos(200) {
        split(total, 1, agreed_on, 0)
    } else if x < model::PAID_IN_ACT + model::ONE_DEFERRED {
        split(total, 1, plus_days(agreed_on, u64::from(between(rng, 5, 30))), 0)
    } else {
        let n = between(rng, 2, 6);
        let step = if chance(rng, 0.5) { 15 } else { 30 };
        let first = if chance(rng, 0.4) {
            agreed_on
        } else {
            plus_days(agreed_on, u64::from(between(rng, 7, 15)))
        };
        split(total, n, first, step)
    };
    let times = if chance(rng, 0.2) { 2 } else { 1 };
    Ok(SettlementInput {
        items,
        installments,
        daily_wage: e.daily_wage,
        penalty_per_day: e.daily_wage.checked_mul(times).unwrap_or(e.daily_wage),
        ratified: true,
    })
}

/// How an employer pays a convenio.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Payer {
    OnTime,
    /// One instalment late by some days.
    Late,
    /// Stops paying at an instalment.
    Defaults,
}

fn payment_day(rng: &mut impl RngCore, due_on: NaiveDate, agreed_on: NaiveDate) -> NaiveDate {
    // Most pay on the day; some a few days early.
    let early = if chance(rng, 0.3) { below(rng, 4) } else { 0 };
    due_on
        .checked_sub_days(chrono::Days::new(early))
        .unwrap_or(due_on)
        .max(agreed_on)
}

/// The payments and certificates of a settled case, from the hearing at `held_at`.
pub(crate) fn comply(
    rec: &mut Recorder<'_>,
    setup: &Setup<'_>,
    rng: &mut impl RngCore,
    held_at: DateTime<Utc>,
) -> Result<(), Halt> {
    let cal = &setup.law.calendar;
    let Some(st) = rec.case().and_then(|c| c.settlement.clone()) else {
        return Ok(());
    };
    let payer = if !st.deferred {
        Payer::OnTime
    } else {
        let x = unit(rng);
        if x < model::DEFAULTS {
            Payer::Defaults
        } else if x < model::DEFAULTS + model::PAYS_LATE {
            Payer::Late
        } else {
            Payer::OnTime
        }
    };
    let n = st.installments.len();
    let late_one = below(rng, n as u64) as usize;
    let stop_at = below(rng, n as u64) as usize;
    let mut t = held_at;
    for (k, i) in st.installments.iter().enumerate() {
        if payer == Payer::Defaults && k == stop_at {
            // Non-compliance is certified some weeks after the unpaid instalment fell due.
            let day = plus_days(i.due_on, u64::from(between(rng, 10, 45)));
            let at = on_day_after(rng, cal.next_working_day(day), t);
            rec.run(
                at,
                Command::CertifyNonCompliance {
                    note: texts::NON_COMPLIANCE.to_string(),
                },
            )?;
            return Ok(());
        }
        let paid_on = if payer == Payer::Late && k == late_one {
            plus_days(i.due_on, u64::from(between(rng, 1, 20)))
        } else {
            payment_day(rng, i.due_on, st.agreed_on)
        };
        // A payment in the act is recorded at the hearing; others on the day they are made.
        t = if paid_on == held_at.date_naive() {
            minutes_after(rng, t, 5, 30)
        } else {
            on_day_after(rng, paid_on, t)
        };
        rec.run(
            t,
            Command::RecordPayment {
                installment: i.number,
                paid_on,
            },
        )?;
    }
    let penalty = rec
        .case()
        .and_then(|c| c.settlement.as_ref())
        .map(|s| s.penalty_outstanding(t.date_naive()))
        .unwrap_or(Money::ZERO);
    if penalty > Money::ZERO {
        if !chance(rng, model::PAYS_PENALTY) {
            let at = days_after(rng, cal, t, 10, 30);
            rec.run(
                at,
                Command::CertifyNonCompliance {
                    note: texts::PENALTY_UNPAID.to_string(),
                },
            )?;
            return Ok(());
        }
        t = days_after(rng, cal, t, 1, 10);
        rec.run(
            t,
            Command::RecordPenaltyPayment {
                amount: penalty,
                paid_on: t.date_naive(),
            },
        )?;
    }
    if rec.case().map(|c| c.status) == Some(Status::Settled) {
        let at = if st.deferred {
            days_after(rng, cal, t, 0, 5)
        } else {
            minutes_after(rng, t, 5, 40)
        };
        rec.run(at, Command::CertifyCompliance)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;
    use std::sync::Arc;

    use faro_core::catalog::{Catalogs, WageZone};
    use faro_core::conciliation::CenterSettings;
    use faro_core::law::Law;
    use faro_core::registry::SizeBand;
    use faro_core::settlement::Termination;
    use faro_core::StateCode;
    use rand::SeedableRng;
    use rand_chacha::ChaCha8Rng;

    use super::*;
    use crate::conciliation::parties::EmployerFacts;

    #[test]
    fn convenios_pay_a_negotiated_share_of_the_reference_settlement() {
        let law = Law::official(Arc::new(Catalogs::embedded().unwrap()), None).unwrap();
        let settings = CenterSettings::default();
        let accounts = HashMap::new();
        let setup = Setup {
            law: &law,
            settings: &settings,
            cutoff: Utc::now(),
            conciliators_per_office: 4,
            accounts: &accounts,
        };
        let place = Place {
            id: 1,
            employer_id: 1,
            state: StateCode::new(14).unwrap(),
            state_name: "Jalisco".into(),
            scian: Some("461110".into()),
            band: SizeBand::B11To30,
            employer: EmployerFacts {
                name: "Abarrotes del Centro, S.A. de C.V.".into(),
                rfc: String::new(),
                legal_entity: true,
                address: "Calle Morelos 5, Guadalajara".into(),
            },
            employer_rfc: String::new(),
            zone: WageZone::General,
        };
        let day = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
        let e = Employment {
            start: day(2020, 3, 1),
            end: day(2025, 4, 30),
            daily_wage: Money::from_pesos(400),
            integrated_wage: Money::from_pesos(420),
            termination: Termination::UnjustifiedDismissal,
            reinstatement_refused: false,
            unpaid_wage_days: 0,
        };
        let agreed_on = day(2025, 5, 20);
        let reference = calculate(
            &law.rules,
            &law.catalogs,
            &CalculatorInput {
                start_date: e.start,
                end_date: e.end,
                calculated_on: agreed_on,
                daily_wage: e.daily_wage,
                integrated_daily_wage: Some(e.integrated_wage),
                zone: WageZone::General,
                termination: e.termination,
                reinstatement_refused: false,
                vacation_days_taken: 0,
                aguinaldo_days_paid: 0,
                unpaid_wage_days: 0,
            },
        )
        .unwrap();
        // An unjustified dismissal: three months (90 x 420 = 37,800), the seniority premium,
        // aguinaldo, vacation and its premium.
        let severance = reference
            .lines
            .iter()
            .find(|l| l.concept == faro_core::settlement::Concept::ConstitutionalSeverance)
            .unwrap();
        assert_eq!(severance.amount, Money::from_pesos(37_800));
        let mut rng = ChaCha8Rng::seed_from_u64(3);
        let mut deferred = 0;
        for _ in 0..500 {
            let c = convenio(&mut rng, &setup, &place, &e, agreed_on).unwrap();
            assert_eq!(c.items.len(), reference.lines.len());
            for (item, line) in c.items.iter().zip(&reference.lines) {
                assert!(item.amount.centavos() >= line.amount.centavos() * 45 / 100, "{item:?}");
                assert!(item.amount <= whole_pesos(line.amount), "{item:?} {line:?}");
            }
            let total: Money = c.items.iter().map(|i| i.amount).sum();
            assert_eq!(c.installments.iter().map(|i| i.amount).sum::<Money>(), total);
            assert!(c.installments.iter().all(|i| i.due_on >= agreed_on));
            if c.installments.iter().any(|i| i.due_on > agreed_on) {
                deferred += 1;
                assert!(c.penalty_per_day >= e.daily_wage);
            }
            // Core accepts it.
            faro_core::conciliation::settlement::validate(&c, agreed_on, &law.rules).unwrap();
        }
        assert!((150..300).contains(&deferred), "{deferred}");
    }

    #[test]
    fn instalments_add_up_to_the_total() {
        let day = NaiveDate::from_ymd_opt(2025, 5, 2).unwrap();
        let total = Money::from_centavos(1_234_567);
        let parts = split(total, 4, day, 15);
        assert_eq!(parts.len(), 4);
        // 12,345.67 / 4 = 3,086.42, kept in whole pesos: 3,086.00 x 3, and 3,087.67 last.
        assert_eq!(parts[0].amount, Money::from_centavos(308_600));
        assert_eq!(parts[3].amount, Money::from_centavos(308_767));
        assert_eq!(parts.iter().map(|i| i.amount).sum::<Money>(), total);
        assert_eq!(parts[3].due_on, NaiveDate::from_ymd_opt(2025, 6, 16).unwrap());
        assert_eq!(
            whole_pesos(Money::from_centavos(100_001)),
            Money::from_centavos(100_100)
        );
    }
}
