//! Faro's own data as a table of this crate: the features `faro_core::risk` computes for each
//! inspection (as of the day before the visit) or each workplace (as of today), the visit's day
//! (the time column), the inspection (the id), how it was chosen (the selection column: random
//! draws are `random`) and whether it found a violation (the target).

use faro_core::inspection::Origin;
use faro_core::risk::{FeatureColumn, FeatureTable, TrainingRows};

use crate::{Column, ColumnData, RiskError, Selection, Table, TrainSpec};

/// The target column: the inspection found at least one violation of the model's matter.
pub const TARGET: &str = "violation";
/// The time column: the day of the visit.
pub const TIME: &str = "visited_on";
/// The id column: the inspection.
pub const ID: &str = "inspection_id";
/// The selection column: the inspection's origin (`random` for random draws).
pub const ORIGIN: &str = "origin";
/// The size column of the "largest first" comparison (DENUE's band of persons employed).
pub const SIZE: &str = "size_band";
/// The columns the report breaks metrics down by.
pub const GROUPS: [&str; 2] = ["state", "sector"];

fn feature_columns(features: FeatureTable) -> Vec<Column> {
    features
        .into_columns()
        .into_iter()
        .map(|c| match c {
            FeatureColumn::Numeric { name, values } => Column::numeric(name, values),
            FeatureColumn::Categorical { name, codes, levels } => Column {
                name: name.to_string(),
                data: ColumnData::Categorical { codes, levels },
            },
        })
        .collect()
}

/// The training table of one matter's rows.
pub fn training_table(rows: TrainingRows) -> Result<Table, RiskError> {
    let TrainingRows {
        features,
        inspection_ids,
        visited_on,
        origins,
        outcomes,
        ..
    } = rows;
    let mut columns = feature_columns(features);
    columns.push(Column::dates(TIME, visited_on.into_iter().map(Some)));
    columns.push(Column::numeric(
        ID,
        inspection_ids.into_iter().map(|i| i as f64).collect(),
    ));
    columns.push(Column::categorical(ORIGIN, origins.into_iter().map(Origin::code)));
    columns.push(Column::numeric(
        TARGET,
        outcomes.into_iter().map(|o| if o { 1.0 } else { 0.0 }).collect(),
    ));
    Table::new(columns)
}

/// How Faro trains on its own history: temporal split on the visit's day, the random draws as
/// the selection column, size and the state and sector breakdowns.
pub fn training_spec(budget: f32, seed: u64) -> TrainSpec {
    let mut spec = TrainSpec::new(TARGET);
    spec.time = Some(TIME.into());
    spec.id = Some(ID.into());
    spec.selection = Some(Selection {
        column: ORIGIN.into(),
        random_value: Origin::Random.code().into(),
    });
    spec.size = Some(SIZE.into());
    spec.groups = GROUPS.iter().map(|g| (*g).to_string()).collect();
    spec.budget = budget;
    spec.seed = seed;
    spec
}

/// The table of workplaces to score: their features only.
pub fn scoring_table(features: FeatureTable) -> Result<Table, RiskError> {
    Table::new(feature_columns(features))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]

    use std::collections::HashMap;

    use chrono::{Duration, NaiveDate};
    use faro_core::inspection::{Matter, Origin};
    use faro_core::registry::SizeBand;
    use faro_core::risk::{ConciliationFacts, History, InspectionFacts, MatterSet, WorkplaceFacts};

    use super::*;

    /// A history where each employer flips a hidden coin: heads, its inspections find violations
    /// far more often. `future_trace` adds, for heads, a conciliation request filed the day AFTER
    /// each visit (something only the future knows); `past_trace` one filed a year before.
    fn history(future_trace: bool, past_trace: bool) -> History {
        let mut x: u64 = 11;
        let mut next = move || {
            x = x.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            (x >> 33) as f64 / f64::from(1u32 << 31)
        };
        let start = NaiveDate::from_ymd_opt(2021, 1, 4).unwrap();
        let (mut workplaces, mut inspections, mut requests) = (Vec::new(), Vec::new(), Vec::new());
        for id in 1..=1500i64 {
            // Size is noise: it has nothing to do with the outcome.
            let band = SizeBand::ALL[(next() * 7.0) as usize % 7];
            workplaces.push(WorkplaceFacts {
                id,
                employer_id: id,
                municipality: 9_015,
                scian_class: 461_110,
                size_band: band,
                headcount: None,
                registered_on: None,
            });
            let heads = next() < 0.5;
            let day = start + Duration::days(id % 1200);
            let found = next() < if heads { 0.8 } else { 0.2 };
            if heads && future_trace {
                requests.push(ConciliationFacts {
                    employer_id: id,
                    filed_on: day + Duration::days(1),
                });
            }
            if heads && past_trace {
                requests.push(ConciliationFacts {
                    employer_id: id,
                    filed_on: day - Duration::days(365),
                });
            }
            inspections.push(InspectionFacts {
                id,
                workplace_id: id,
                employer_id: id,
                visited_on: day,
                known_on: day,
                origin: if id % 5 == 0 { Origin::Random } else { Origin::Program },
                matters: MatterSet::EMPTY.with(Matter::GeneralConditions),
                findings: if found {
                    MatterSet::EMPTY.with(Matter::GeneralConditions)
                } else {
                    MatterSet::EMPTY
                },
            });
        }
        History::new(workplaces, inspections, Vec::new(), requests, HashMap::new())
    }

    fn test_auc(h: &History) -> f64 {
        let rows = h
            .training_rows(
                &[Matter::GeneralConditions],
                NaiveDate::MIN,
                NaiveDate::from_ymd_opt(2030, 1, 1).unwrap(),
            )
            .pop()
            .unwrap();
        let table = training_table(rows).unwrap();
        let (_, report) = crate::train(&table, &training_spec(0.3, 3), chrono::Utc::now()).unwrap();
        report.model.auc.unwrap()
    }

    /// No leakage: a trace that only the future holds (a request filed after the visit) is not
    /// learnt, while the same trace a year before the visit is.
    #[test]
    fn a_target_only_the_future_knows_is_not_predicted() {
        let future = test_auc(&history(true, false));
        assert!(future < 0.6, "the model saw the future: AUC {future}");
        let past = test_auc(&history(false, true));
        assert!(past > 0.7, "the past trace should be learnt: AUC {past}");
    }

    #[test]
    fn faro_tables_name_the_columns_the_spec_uses() {
        let h = history(false, false);
        let rows = h
            .training_rows(
                &[Matter::GeneralConditions],
                NaiveDate::MIN,
                NaiveDate::from_ymd_opt(2030, 1, 1).unwrap(),
            )
            .pop()
            .unwrap();
        let n = rows.len();
        let table = training_table(rows).unwrap();
        assert_eq!(table.rows(), n);
        let spec = training_spec(0.5, 1);
        for column in [TARGET, TIME, ID, ORIGIN, SIZE, GROUPS[0], GROUPS[1]] {
            assert!(table.column(column).is_some(), "{column}");
        }
        assert_eq!(spec.selection.unwrap().random_value, "random");
    }
}
