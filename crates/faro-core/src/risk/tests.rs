#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::collections::HashMap;

use chrono::NaiveDate;
use proptest::prelude::*;

use super::features::{idx, FeatureColumn};
use super::*;
use crate::inspection::{Matter, Origin};
use crate::registry::SizeBand;

fn day(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn workplace(id: i64, employer_id: i64) -> WorkplaceFacts {
    WorkplaceFacts {
        id,
        employer_id,
        municipality: 7_101,
        scian_class: 236_110,
        size_band: SizeBand::B11To30,
        headcount: Some(20),
        registered_on: Some(day("2015-01-01")),
    }
}

fn inspection(
    id: i64,
    workplace_id: i64,
    employer_id: i64,
    visited: &str,
    known: &str,
    findings: &[Matter],
) -> InspectionFacts {
    InspectionFacts {
        id,
        workplace_id,
        employer_id,
        visited_on: day(visited),
        known_on: day(known),
        origin: Origin::Program,
        matters: [Matter::GeneralConditions, Matter::SafetyHealth, Matter::ChildLabor]
            .into_iter()
            .collect(),
        findings: findings.iter().copied().collect(),
    }
}

/// Worked by hand: workplace 1 of employer 10 is visited three times; its sister workplace 2 once;
/// the employer has a fine partly paid and two conciliation requests.
#[test]
fn features_count_only_what_was_known_the_day_before() {
    let history = History::new(
        vec![workplace(1, 10), workplace(2, 10)],
        vec![
            inspection(100, 1, 10, "2021-03-01", "2021-03-01", &[Matter::SafetyHealth]),
            inspection(101, 2, 10, "2021-06-01", "2021-06-02", &[]),
            // The outcome of this visit is known only on 2022-01-10: the visit of 2022-01-05 must
            // not see it.
            inspection(
                102,
                1,
                10,
                "2021-12-20",
                "2022-01-10",
                &[Matter::GeneralConditions, Matter::ChildLabor],
            ),
            inspection(103, 1, 10, "2022-01-05", "2022-01-05", &[]),
        ],
        vec![FineFacts {
            employer_id: 10,
            imposed_on: day("2021-09-01"),
            amount: 5_000_000,
            payments: vec![(day("2021-10-01"), 2_000_000), (day("2022-01-05"), 3_000_000)],
        }],
        vec![
            ConciliationFacts {
                employer_id: 10,
                filed_on: day("2019-01-01"),
            },
            ConciliationFacts {
                employer_id: 10,
                filed_on: day("2021-11-01"),
            },
            ConciliationFacts {
                employer_id: 10,
                filed_on: day("2022-01-05"),
            },
        ],
        HashMap::from([(7_101, 123_456)]),
    );
    let rows = history.training_rows(
        &[Matter::SafetyHealth, Matter::ChildLabor],
        day("2021-01-01"),
        day("2023-01-01"),
    );
    let safety = &rows[0];
    assert_eq!(safety.inspection_ids, vec![100, 101, 102, 103]);
    assert_eq!(safety.outcomes, vec![true, false, false, false]);
    assert_eq!(rows[1].outcomes, vec![false, false, true, false]);
    let cols = safety.features.clone().into_columns();
    let col = |name: &str| -> Vec<f64> {
        cols.iter()
            .find_map(|c| match c {
                FeatureColumn::Numeric { name: n, values } if *n == name => Some(values.clone()),
                _ => None,
            })
            .unwrap()
    };
    // Row of inspection 103 (index 3), on 2022-01-05: inspection 102 is not yet known.
    assert_eq!(col("wp_visits"), vec![0.0, 0.0, 1.0, 1.0]);
    assert_eq!(col("wp_findings_safety_health"), vec![0.0, 0.0, 1.0, 1.0]);
    assert_eq!(col("wp_findings_general_conditions")[3], 0.0);
    assert_eq!(col("wp_days_since_last_visit")[3], 310.0);
    assert!(col("wp_days_since_last_visit")[0].is_nan());
    assert_eq!(col("wp_last_visit_had_findings")[3], 1.0);
    assert_eq!(col("employer_other_visits"), vec![0.0, 1.0, 1.0, 1.0]);
    assert_eq!(col("employer_other_visits"), vec![0.0, 1.0, 1.0, 1.0]);
    assert_eq!(col("employer_fines"), vec![0.0, 0.0, 1.0, 1.0]);
    // 50,000.00 imposed, 20,000.00 paid; the payment of 2022-01-05 is not known that morning.
    assert_eq!(
        col("employer_fines_outstanding_mxn"),
        vec![0.0, 0.0, 30_000.0, 30_000.0]
    );
    // Requests of 2019-01-01 (over two years before) and of the day itself do not count.
    assert_eq!(col("employer_conciliation_requests_2y"), vec![0.0, 0.0, 1.0, 1.0]);
    assert_eq!(col("employer_workplaces"), vec![2.0; 4]);
    assert_eq!(col("municipality_population_thousands")[0], 123.456);
    assert_eq!(col("size_band"), vec![2.0; 4]);
    // Child labor in Chiapas: inspections 100 and 101 covered it without finding any.
    assert!(col("state_child_labor_rate")[0].is_nan());
    assert_eq!(col("state_child_labor_rate")[3], 0.0);

    // Today (2022-02-01) everything is known.
    let mut scored = Vec::new();
    history.scoring_rows(day("2022-02-01"), |w, f| scored.push((w.id, f.clone())));
    let f1 = &scored[0].1;
    assert_eq!(f1.numbers[idx::WP_VISITS], 3.0);
    assert_eq!(f1.numbers[idx::WP_FINDINGS_FIRST + 3], 1.0, "child labor");
    assert_eq!(f1.numbers[idx::EMPLOYER_FINES_OUTSTANDING_MXN], 0.0);
    assert_eq!(f1.numbers[idx::STATE_CHILD_LABOR_RATE], 0.25);
    assert_eq!(f1.numbers[idx::COMPLAINT], 0.0);
    assert!(history.features_of(1, day("2022-02-01")).unwrap().same_as(f1));
    assert!(history.features_of(99, day("2022-02-01")).is_none());
}

fn arb_day() -> impl Strategy<Value = NaiveDate> {
    (0i64..1500).prop_map(|d| day("2020-01-01") + chrono::Duration::days(d))
}

prop_compose! {
    fn arb_inspection()(wp in 0i64..4, visited in arb_day(), lag in 0i64..40, f in 0u8..8, complaint in any::<bool>()) -> InspectionFacts {
        let findings = Matter::ALL.iter().enumerate().filter(|(i, _)| f & (1 << (i % 3)) != 0 && *i < 4).map(|(_, m)| *m).collect();
        InspectionFacts {
            id: 0,
            workplace_id: wp,
            employer_id: wp % 2,
            visited_on: visited,
            known_on: visited + chrono::Duration::days(lag),
            origin: if complaint { Origin::Complaint } else { Origin::Program },
            matters: Matter::ALL.iter().take(4).copied().collect(),
            findings,
        }
    }
}

prop_compose! {
    fn arb_fine()(employer in 0i64..2, imposed in arb_day(), amount in 1i64..1_000_000, paid in proptest::collection::vec((0i64..400, 1i64..500_000), 0..3)) -> FineFacts {
        FineFacts {
            employer_id: employer,
            imposed_on: imposed,
            amount,
            payments: paid.into_iter().map(|(d, a)| (imposed + chrono::Duration::days(d), a)).collect(),
        }
    }
}

/// What an institution would have had in its database on the morning of `on`.
fn truncated(
    inspections: &[InspectionFacts],
    fines: &[FineFacts],
    requests: &[ConciliationFacts],
    on: NaiveDate,
) -> History {
    let workplaces = (0..4).map(|i| workplace(i, i % 2)).collect();
    History::new(
        workplaces,
        inspections.iter().filter(|x| x.known_on < on).cloned().collect(),
        fines
            .iter()
            .filter(|f| f.imposed_on < on)
            .map(|f| FineFacts {
                payments: f.payments.iter().filter(|(d, _)| *d < on).copied().collect(),
                ..f.clone()
            })
            .collect(),
        requests.iter().filter(|c| c.filed_on < on).copied().collect(),
        HashMap::new(),
    )
}

proptest! {
    /// No leakage: every training row's features equal those computed from only what had been
    /// recorded before the visit's day.
    #[test]
    fn training_features_see_nothing_from_the_visit_day_on(
        mut inspections in proptest::collection::vec(arb_inspection(), 1..25),
        fines in proptest::collection::vec(arb_fine(), 0..6),
        requests in proptest::collection::vec((0i64..2, arb_day()), 0..8),
    ) {
        for (i, x) in inspections.iter_mut().enumerate() {
            x.id = i as i64;
        }
        let requests: Vec<ConciliationFacts> = requests.into_iter().map(|(e, d)| ConciliationFacts { employer_id: e, filed_on: d }).collect();
        let workplaces = (0..4).map(|i| workplace(i, i % 2)).collect();
        let full = History::new(workplaces, inspections.clone(), fines.clone(), requests.clone(), HashMap::new());
        let rows = full.training_rows(&[Matter::GeneralConditions], day("2000-01-01"), day("2100-01-01"));
        let rows = &rows[0];
        prop_assert_eq!(rows.len(), inspections.len());
        let mut table_rows = Vec::new();
        // Rebuild each row's features one at a time from a truncated history.
        for (k, id) in rows.inspection_ids.iter().enumerate() {
            let x = &inspections[usize::try_from(*id).unwrap()];
            let past = truncated(&inspections, &fines, &requests, x.visited_on);
            let mut expected = past.features_of(x.workplace_id, x.visited_on).unwrap();
            expected.numbers[idx::COMPLAINT] = f64::from(u8::from(x.origin == Origin::Complaint));
            table_rows.push((k, expected));
        }
        let mut rebuilt = FeatureTable::new();
        for (_, f) in &table_rows {
            rebuilt.push(f);
        }
        let got = rows.features.clone().into_columns();
        let want = rebuilt.into_columns();
        for (g, w) in got.iter().zip(want.iter()) {
            match (g, w) {
                (FeatureColumn::Numeric { name, values: a }, FeatureColumn::Numeric { values: b, .. }) => {
                    for (r, (x, y)) in a.iter().zip(b.iter()).enumerate() {
                        prop_assert!(x.to_bits() == y.to_bits() || (x.is_nan() && y.is_nan()), "{} row {}: {} vs {}", name, r, x, y);
                    }
                }
                (g, w) => prop_assert_eq!(g, w),
            }
        }
    }
}
