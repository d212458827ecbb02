//! The evaluation report: what the data were, how they were split, how well the model ranks and
//! how honest its probabilities are, compared with a logistic baseline, random selection and
//! "largest workplaces first", overall, by group and, when inspections were partly drawn at
//! random, on the random draws alone. Serializes to JSON; [`Report::to_html`] renders one
//! self-contained page.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::encode::ExcludedColumn;
use crate::metrics::CalibrationBin;
use crate::model::{ModelMetrics, TimeWindow};
use crate::split::SplitKind;
use crate::table::ColumnKind;

/// The report format version (bumped when fields change meaning).
pub const REPORT_VERSION: u32 = 1;

/// One column of the data.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ColumnSummary {
    /// The column.
    pub name: String,
    /// Its kind, as read.
    pub kind: ColumnKind,
    /// Missing values.
    pub missing: usize,
    /// Distinct values (categorical columns).
    pub distinct: Option<usize>,
    /// Whether the model uses it.
    pub feature: bool,
}

/// The data the report is about.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DatasetSummary {
    /// Rows of the table.
    pub rows: usize,
    /// Positive rows of the table.
    pub positives: usize,
    /// Share of positive rows.
    pub base_rate: Option<f64>,
    /// Every column.
    pub columns: Vec<ColumnSummary>,
    /// Columns the model does not use, and why.
    pub excluded: Vec<ExcludedColumn>,
    /// SHA-256 of the table's content.
    pub fingerprint: String,
}

/// How the rows were split.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SplitSummary {
    /// Temporal, random, or none (evaluation of a trained model).
    pub kind: SplitKind,
    /// The time column, for a temporal split.
    pub time_column: Option<String>,
    /// Rows learned from.
    pub fit_rows: usize,
    /// Rows the calibration was fitted on.
    pub calibration_rows: usize,
    /// Rows tested.
    pub test_rows: usize,
    /// Positive rows among the test rows.
    pub test_positives: usize,
    /// Time span of the fit rows.
    pub fit_window: Option<TimeWindow>,
    /// Time span of the calibration rows.
    pub calibration_window: Option<TimeWindow>,
    /// Time span of the test rows.
    pub test_window: Option<TimeWindow>,
}

/// Precision of each way of choosing `k` units to inspect.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AtK {
    /// Share of the test rows inspected.
    pub fraction: f64,
    /// Rows inspected.
    pub k: usize,
    /// Expected precision choosing by the model.
    pub model: Option<f64>,
    /// ... by the baseline.
    pub baseline: Option<f64>,
    /// ... at random (the base rate).
    pub random: Option<f64>,
    /// ... largest first (with a size column).
    pub largest_first: Option<f64>,
    /// Model precision over random.
    pub lift_vs_random: Option<f64>,
    /// Model precision over largest first.
    pub lift_vs_largest: Option<f64>,
}

/// Cumulative gain curves: share of all positives found after inspecting each fraction.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GainCurves {
    /// Shares of rows inspected, 0 to 1.
    pub fractions: Vec<f64>,
    /// By the model.
    pub model: Vec<f64>,
    /// By the baseline.
    pub baseline: Vec<f64>,
    /// Largest first (with a size column). Random selection is the diagonal.
    pub largest_first: Option<Vec<f64>>,
}

/// Metrics of the rows sharing one value of a group column.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GroupRow {
    /// The value (`None` for rows where it is missing).
    pub value: Option<String>,
    /// Rows.
    pub rows: usize,
    /// Positive rows.
    pub positives: usize,
    /// AUC within the group, when it has both classes.
    pub auc: Option<f64>,
    /// Expected precision among the group's top 10% by the model.
    pub precision_at_10: Option<f64>,
}

/// The metrics broken down by one column.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GroupReport {
    /// The column.
    pub column: String,
    /// One row per value, most rows first (missing last among equals).
    pub values: Vec<GroupRow>,
}

/// How much a column moves scores on average.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Importance {
    /// The column.
    pub column: String,
    /// Mean absolute contribution to the log-odds over (a sample of) the test rows.
    pub mean_abs_contribution: f64,
}

/// A hit rate with its Wilson 95% interval.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HitRate {
    /// Inspections.
    pub rows: usize,
    /// Inspections that found a violation.
    pub positives: usize,
    /// positives / rows.
    pub rate: Option<f64>,
    /// Lower end of the 95% interval.
    pub low: Option<f64>,
    /// Upper end of the 95% interval.
    pub high: Option<f64>,
}

/// Selection bias: random draws against targeted inspections.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SelectionReport {
    /// The selection column.
    pub column: String,
    /// The value marking random draws.
    pub random_value: String,
    /// Hit rate of the randomly drawn inspections (the population's rate).
    pub random: HitRate,
    /// Hit rate of the other (targeted) inspections.
    pub targeted: HitRate,
    /// Expected hits if the model had chosen the top 10% of the random draws (rounded to whole
    /// inspections for the interval): the unbiased estimate of model-chosen inspections.
    pub model_top_10_of_random: HitRate,
    /// AUC on the random draws alone: the unbiased estimate of the model's ranking.
    pub auc_random: Option<f64>,
    /// AUC on the targeted inspections (biased by how they were chosen).
    pub auc_targeted: Option<f64>,
}

/// The whole report.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Report {
    /// [`REPORT_VERSION`].
    pub report_version: u32,
    /// When it was made (given by the caller).
    pub created_at: DateTime<Utc>,
    /// The outcome column.
    pub target: String,
    /// The data.
    pub dataset: DatasetSummary,
    /// The split.
    pub split: SplitSummary,
    /// Number of trees of the booster.
    pub trees: usize,
    /// Which model gives the scores and why (absent in reports written before the choice).
    #[serde(default)]
    pub scorer: Option<crate::scorer::ScorerDecision>,
    /// The calibration method: isotonic, platt or identity.
    pub calibrator: String,
    /// The model on the test rows.
    pub model: ModelMetrics,
    /// The baseline on the test rows.
    pub baseline: ModelMetrics,
    /// Precision and lift at 1%, 5%, 10% and 20% of the test rows.
    pub at_k: Vec<AtK>,
    /// Calibration curve of the model on the test rows (10 equal-width bins).
    pub calibration: Vec<CalibrationBin>,
    /// Expected calibration error of that curve.
    pub calibration_error: Option<f64>,
    /// Calibration curve of the baseline.
    pub baseline_calibration: Vec<CalibrationBin>,
    /// Gain curves.
    pub gain: GainCurves,
    /// Metrics by group column.
    pub groups: Vec<GroupReport>,
    /// Columns by mean absolute contribution, largest first.
    pub importance: Vec<Importance>,
    /// Selection bias (with a selection column).
    pub selection: Option<SelectionReport>,
}

impl Report {
    /// The report as pretty JSON.
    pub fn to_json(&self) -> Result<String, crate::error::RiskError> {
        serde_json::to_string_pretty(self).map_err(|e| crate::error::RiskError::Write(e.to_string()))
    }
}
