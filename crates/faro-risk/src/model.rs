//! The trained model as one JSON file: what it was trained on and how, the feature schema, the
//! booster, the calibration, the baseline and its test metrics. The same model always writes
//! the same bytes.

use std::io::{Read, Write};

use chrono::{DateTime, Utc};
use perpetual::PerpetualBooster;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::calibrate::Calibrator;
use crate::csv_read::CsvOptions;
use crate::encode::{Encoded, FeatureKind, FeatureSchema};
use crate::error::RiskError;
use crate::forest::FlatForest;
use crate::logistic::LogisticModel;
use crate::scorer::{Scorer, ScorerDecision, ScorerReason};
use crate::spec::{EvalSpec, TrainSpec};
use crate::table::{ColumnData, ColumnKind, Table};

/// The `kind` field of every model file.
pub const MODEL_KIND: &str = "faro-risk-model";
/// The format version this code writes and reads.
pub const FORMAT_VERSION: u32 = 1;

/// First and last time value of a set of rows, as text (YYYY-MM-DD for dates).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TimeWindow {
    /// Earliest.
    pub start: String,
    /// Latest.
    pub end: String,
}

/// Rows used by each part of training.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct RowCounts {
    /// Rows in the table.
    pub total: usize,
    /// Rows the booster and baseline learned from.
    pub fit: usize,
    /// Rows the calibration was fitted on.
    pub calibration: usize,
    /// Rows tested.
    pub test: usize,
}

/// Headline metrics of one model on the test rows.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, Default)]
pub struct ModelMetrics {
    /// Area under the ROC curve.
    pub auc: Option<f64>,
    /// Brier score of the probabilities.
    pub brier: Option<f64>,
    /// Log loss of the probabilities.
    pub log_loss: Option<f64>,
    /// Expected precision among the top 10% of rows.
    pub precision_at_10: Option<f64>,
    /// That precision over the base rate.
    pub lift_at_10: Option<f64>,
}

/// Test metrics of the booster and the baseline.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, Default)]
pub struct TestMetrics {
    /// The calibrated booster.
    pub model: ModelMetrics,
    /// The logistic baseline.
    pub baseline: ModelMetrics,
}

/// A trained risk model.
#[derive(Clone, Serialize, Deserialize)]
pub struct RiskModel {
    /// Always [`MODEL_KIND`].
    pub kind: String,
    /// Always [`FORMAT_VERSION`] when written by this code.
    pub format_version: u32,
    /// How it was trained.
    pub spec: TrainSpec,
    /// The features.
    pub schema: FeatureSchema,
    /// The booster (perpetual's JSON, keys sorted).
    #[serde(
        serialize_with = "crate::gbdt::serialize_booster",
        deserialize_with = "crate::gbdt::deserialize_booster"
    )]
    pub booster: PerpetualBooster,
    /// Log-odds to probability.
    pub calibrator: Calibrator,
    /// The logistic baseline.
    pub baseline: LogisticModel,
    /// Which of the two gives the scores, and why (models written before the choice existed
    /// read as scored by their trees).
    #[serde(default = "trees_by_default")]
    pub scorer: ScorerDecision,
    /// Time span of the rows it learned from (with a time column).
    pub training_window: Option<TimeWindow>,
    /// Row counts.
    pub rows: RowCounts,
    /// SHA-256 of the training table's content (see [`fingerprint`]).
    pub fingerprint: String,
    /// Metrics on the test rows.
    pub test_metrics: TestMetrics,
    /// When it was trained (given by the caller).
    pub created_at: DateTime<Utc>,
    #[serde(skip)]
    pub(crate) forest: FlatForest,
}

impl std::fmt::Debug for RiskModel {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RiskModel")
            .field("spec", &self.spec)
            .field("features", &self.schema.names())
            .field("trees", &self.booster.trees.len())
            .field("scorer", &self.scorer.scorer)
            .field("calibrator", &self.calibrator.method())
            .field("rows", &self.rows)
            .field("fingerprint", &self.fingerprint)
            .field("created_at", &self.created_at)
            .finish_non_exhaustive()
    }
}

impl RiskModel {
    /// Assembles a model and builds its scoring forest.
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn new(
        spec: TrainSpec,
        schema: FeatureSchema,
        booster: PerpetualBooster,
        calibrator: Calibrator,
        baseline: LogisticModel,
        scorer: ScorerDecision,
        training_window: Option<TimeWindow>,
        rows: RowCounts,
        fingerprint: String,
        test_metrics: TestMetrics,
        created_at: DateTime<Utc>,
    ) -> RiskModel {
        let forest = FlatForest::from_booster(&booster);
        RiskModel {
            kind: MODEL_KIND.to_owned(),
            format_version: FORMAT_VERSION,
            spec,
            schema,
            booster,
            calibrator,
            baseline,
            scorer,
            training_window,
            rows,
            fingerprint,
            test_metrics,
            created_at,
            forest,
        }
    }

    /// Writes the model as JSON.
    pub fn save(&self, writer: impl Write) -> Result<(), RiskError> {
        serde_json::to_writer(writer, self).map_err(|e| RiskError::Write(e.to_string()))
    }

    /// The model as a JSON string (what [`RiskModel::save`] writes).
    pub fn to_json(&self) -> Result<String, RiskError> {
        serde_json::to_string(self).map_err(|e| RiskError::Write(e.to_string()))
    }

    /// Reads a model written by [`RiskModel::save`], refusing other files and other format
    /// versions with a clear error.
    pub fn load(reader: impl Read) -> Result<RiskModel, RiskError> {
        let value: serde_json::Value =
            serde_json::from_reader(reader).map_err(|e| RiskError::NotAModel(format!("not JSON: {e}")))?;
        if value.get("kind").and_then(|k| k.as_str()) != Some(MODEL_KIND) {
            return Err(RiskError::NotAModel(format!("no \"kind\": \"{MODEL_KIND}\" field")));
        }
        let version = value.get("format_version").and_then(|v| v.as_u64()).unwrap_or(0);
        if version != u64::from(FORMAT_VERSION) {
            return Err(RiskError::FormatVersion {
                found: version,
                expected: FORMAT_VERSION,
            });
        }
        let mut model: RiskModel =
            serde_json::from_value(value).map_err(|e| RiskError::NotAModel(format!("damaged: {e}")))?;
        model.forest = FlatForest::from_booster(&model.booster);
        Ok(model)
    }

    /// Options to read a CSV to score with this model: the kinds of its features forced, so
    /// that a file where, say, every industry code happens to be numeric is still read as text.
    pub fn csv_options(&self) -> CsvOptions {
        let mut opts = CsvOptions::default();
        for feature in &self.schema.features {
            match feature.kind {
                FeatureKind::Numeric => opts.numeric.push(feature.column.clone()),
                FeatureKind::Categorical { .. } => opts.categorical.push(feature.column.clone()),
                FeatureKind::Date => {}
            }
        }
        opts
    }

    /// The evaluation spec this model was trained with (target, selection, size, groups).
    pub fn eval_spec(&self) -> EvalSpec {
        self.spec.eval()
    }

    /// Number of trees in the booster.
    pub fn trees(&self) -> usize {
        self.forest.trees()
    }

    /// The uncalibrated log-odds of every row of `encoded`, from the model that scores.
    pub fn log_odds(&self, encoded: &Encoded<'_>) -> Vec<f64> {
        match self.scorer.scorer {
            Scorer::Trees => {
                let columns: Vec<&[f64]> = encoded.columns.iter().map(|c| c.as_ref()).collect();
                self.forest.predict(&columns, encoded.rows)
            }
            Scorer::Baseline => self.baseline.predict(encoded),
        }
    }
}

fn trees_by_default() -> ScorerDecision {
    ScorerDecision {
        scorer: Scorer::Trees,
        reason: ScorerReason::Requested,
        trees_validation_auc: None,
        baseline_validation_auc: None,
    }
}

/// SHA-256 (hex) over a table's content in a defined order: for each column in table order its
/// name, kind and every value (numbers as IEEE-754 bits with one `NaN`, text as UTF-8 with a
/// length prefix). Two tables with the same columns and cells have the same fingerprint,
/// whatever the order of their level dictionaries.
pub fn fingerprint(table: &Table) -> String {
    let mut hasher = Sha256::new();
    hasher.update((table.columns().len() as u64).to_le_bytes());
    hasher.update((table.rows() as u64).to_le_bytes());
    for column in table.columns() {
        hasher.update((column.name.len() as u64).to_le_bytes());
        hasher.update(column.name.as_bytes());
        hasher.update([match column.kind() {
            ColumnKind::Numeric => 0u8,
            ColumnKind::Date => 1,
            ColumnKind::Categorical => 2,
        }]);
        match &column.data {
            ColumnData::Numeric(values) | ColumnData::Date(values) => {
                for v in values {
                    let bits = if v.is_nan() { f64::NAN.to_bits() } else { v.to_bits() };
                    hasher.update(bits.to_le_bytes());
                }
            }
            ColumnData::Categorical { codes, levels } => {
                for &code in codes {
                    match levels.get(code as usize) {
                        Some(level) => {
                            hasher.update((level.len() as u64).to_le_bytes());
                            hasher.update(level.as_bytes());
                        }
                        None => hasher.update(u64::MAX.to_le_bytes()),
                    }
                }
            }
        }
    }
    hex::encode(hasher.finalize())
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]
    use super::*;
    use crate::table::Column;

    #[test]
    fn fingerprint_depends_on_content_not_dictionary_order() {
        let a = Table::new(vec![
            Column::categorical("c", ["x", "y", "x"]),
            Column::numeric("n", vec![1.0, f64::NAN, 2.0]),
        ])
        .unwrap();
        let b = Table::new(vec![
            Column {
                name: "c".into(),
                data: ColumnData::Categorical {
                    codes: vec![1, 0, 1],
                    levels: vec!["y".into(), "x".into()],
                },
            },
            Column::numeric("n", vec![1.0, f64::NAN, 2.0]),
        ])
        .unwrap();
        assert_eq!(fingerprint(&a), fingerprint(&b));
        assert_eq!(fingerprint(&a).len(), 64);
        let c = Table::new(vec![
            Column::categorical("c", ["x", "y", "y"]),
            Column::numeric("n", vec![1.0, f64::NAN, 2.0]),
        ])
        .unwrap();
        assert_ne!(fingerprint(&a), fingerprint(&c));
    }

    #[test]
    fn load_refuses_other_files() {
        assert!(matches!(
            RiskModel::load(&b"not json"[..]).unwrap_err(),
            RiskError::NotAModel(_)
        ));
        assert!(matches!(
            RiskModel::load(&b"{\"a\": 1}"[..]).unwrap_err(),
            RiskError::NotAModel(_)
        ));
        let e = RiskModel::load(&b"{\"kind\": \"faro-risk-model\", \"format_version\": 99}"[..]).unwrap_err();
        assert!(
            matches!(e, RiskError::FormatVersion { found: 99, expected: 1 }),
            "{e:?}"
        );
        let e = RiskModel::load(&b"{\"kind\": \"faro-risk-model\", \"format_version\": 1}"[..]).unwrap_err();
        assert!(e.to_string().contains("damaged"), "{e}");
    }
}
