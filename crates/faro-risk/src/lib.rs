//! Risk targeting for Faro: learn, from past inspections, which units (workplaces) are most
//! likely to be found in violation, so inspectors visit those first; and say honestly how good
//! that ranking is.
//!
//! Works on any table of units with numeric, date and categorical columns and a binary outcome
//! ([`read_csv`] infers the kinds). The pipeline:
//!
//! - [`train`]: split (temporal when a time column is given), fit gradient-boosted trees
//!   (`perpetual`) and a logistic baseline on the oldest rows, stop the trees and calibrate
//!   probabilities on the next, and report on the latest (never seen by either). Returns the
//!   [`RiskModel`] and its [`Report`].
//! - [`evaluate`]: the same report for a trained model on new labelled rows.
//! - [`score`]: calibrated probability and log-odds per row, fast (millions of rows).
//! - [`score_with_factors`] and [`explain`]: the columns that raise or lower each score.
//!
//! Everything is deterministic: the same data, spec and seed give the same model bytes and the
//! same scores. Nothing here reads the clock or the file system; callers pass `now` and readers.
//!
//! ```no_run
//! # fn main() -> Result<(), faro_risk::RiskError> {
//! use faro_risk::{read_csv, train, score, CsvOptions, Lang, TrainSpec};
//! let table = read_csv(std::fs::File::open("inspections.csv")?, &CsvOptions::default())?;
//! let mut spec = TrainSpec::new("violation");
//! spec.time = Some("inspection_date".into());
//! let (model, report) = train(&table, &spec, chrono::Utc::now())?;
//! model.save(std::fs::File::create("model.json")?)?;
//! std::fs::write("report.html", report.to_html(Lang::Es))?;
//! let units = read_csv(std::fs::File::open("registry.csv")?, &model.csv_options())?;
//! let scores = score(&model, &units)?;
//! # Ok(()) }
//! ```

mod assess;
pub mod calibrate;
pub mod csv_read;
pub mod csv_write;
pub mod encode;
pub mod error;
pub mod explain;
pub mod forest;
pub mod gbdt;
mod html;
pub mod i18n;
pub mod logistic;
pub mod metrics;
pub mod model;
pub mod registry;
pub mod report;
pub mod scorer;
pub mod spec;
pub mod split;
mod svg;
pub mod table;
pub mod target;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

pub use calibrate::Calibrator;
pub use csv_read::{read_csv, CsvOptions};
pub use encode::{ExcludedColumn, Exclusion, FeatureSchema};
pub use error::RiskError;
pub use explain::{explain, explain_rows, Factor};
pub use i18n::Lang;
pub use model::{fingerprint, ModelMetrics, RiskModel, RowCounts, TestMetrics, TimeWindow};
pub use report::Report;
pub use scorer::{Scorer, ScorerDecision, ScorerReason};
pub use spec::{EvalSpec, ScorerChoice, Selection, TrainSpec};
pub use split::SplitKind;
pub use table::{Column, ColumnData, ColumnKind, Table};

use crate::assess::{assess, Assessment};
use crate::csv_read::parse_iso_date;
use crate::encode::Roles;
use crate::forest::FlatForest;
use crate::logistic::LogisticModel;
use crate::report::{ColumnSummary, DatasetSummary, SplitSummary, REPORT_VERSION};
use crate::split::{random_split, temporal_split, Split};
use crate::table::{date_to_days, days_to_date, gather};
use crate::target::{parse_target, require_both_classes};

/// Fewest rows [`train`] accepts.
pub const MIN_ROWS: usize = 20;

/// The score of one row.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Score {
    /// Row index in the table (from 0).
    pub row: usize,
    /// Calibrated probability of a violation. Non-decreasing in `log_odds`; rank by `log_odds`
    /// to break the ties calibration introduces.
    pub probability: f64,
    /// The booster's raw log-odds.
    pub log_odds: f64,
}

/// A score with the factors behind it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ScoredRow {
    /// The score.
    pub score: Score,
    /// The strongest factors, largest absolute contribution first.
    pub factors: Vec<Factor>,
}

/// The time of every row: a date column as days, a numeric column as is, a text column of ISO
/// dates as days.
fn time_values(table: &Table, column: &str) -> Result<(Vec<f64>, ColumnKind), RiskError> {
    let col = table.require(column)?;
    match &col.data {
        ColumnData::Date(v) => Ok((v.clone(), ColumnKind::Date)),
        ColumnData::Numeric(v) => Ok((v.clone(), ColumnKind::Numeric)),
        ColumnData::Categorical { codes, levels } => {
            let parsed: Vec<Option<f64>> = levels.iter().map(|l| parse_iso_date(l).map(date_to_days)).collect();
            if parsed.iter().any(Option::is_none) {
                return Err(RiskError::KindMismatch {
                    column: column.to_owned(),
                    expected: "date (YYYY-MM-DD) or numeric",
                    found: ColumnKind::Categorical.name(),
                    hint: "the time column must hold ISO dates such as 2024-03-31, or numbers such as years",
                });
            }
            let values = codes
                .iter()
                .map(|&c| parsed.get(c as usize).copied().flatten().unwrap_or(f64::NAN))
                .collect();
            Ok((values, ColumnKind::Date))
        }
    }
}

fn time_window(times: &[f64], kind: ColumnKind, rows: &[usize]) -> Option<TimeWindow> {
    let (mut lo, mut hi) = (f64::INFINITY, f64::NEG_INFINITY);
    for &r in rows {
        let t = times[r];
        if !t.is_nan() {
            lo = lo.min(t);
            hi = hi.max(t);
        }
    }
    if lo > hi {
        return None;
    }
    let text = |v: f64| match kind {
        ColumnKind::Date => days_to_date(v).map_or_else(|| format!("{v}"), |d| d.to_string()),
        _ => format!("{v}"),
    };
    Some(TimeWindow {
        start: text(lo),
        end: text(hi),
    })
}

fn dataset_summary(table: &Table, labels: &[bool], schema: &FeatureSchema) -> DatasetSummary {
    let positives = labels.iter().filter(|&&y| y).count();
    let columns = table
        .columns()
        .iter()
        .map(|c| ColumnSummary {
            name: c.name.clone(),
            kind: c.kind(),
            missing: c.missing_count(),
            distinct: match &c.data {
                ColumnData::Categorical { codes, levels } => {
                    let mut seen = vec![false; levels.len()];
                    for &code in codes {
                        if let Some(s) = seen.get_mut(code as usize) {
                            *s = true;
                        }
                    }
                    Some(seen.iter().filter(|&&s| s).count())
                }
                _ => None,
            },
            feature: schema.features.iter().any(|f| f.column == c.name),
        })
        .collect();
    DatasetSummary {
        rows: table.rows(),
        positives,
        base_rate: metrics::base_rate(labels),
        columns,
        excluded: schema.excluded.clone(),
        fingerprint: fingerprint(table),
    }
}

fn build_report(
    model: &RiskModel,
    dataset: DatasetSummary,
    split: SplitSummary,
    assessment: Assessment,
    target: &str,
    now: DateTime<Utc>,
) -> Report {
    Report {
        report_version: REPORT_VERSION,
        created_at: now,
        target: target.to_owned(),
        dataset,
        split,
        trees: model.trees(),
        scorer: Some(model.scorer),
        calibrator: model.calibrator.method().to_owned(),
        model: assessment.metrics.model,
        baseline: assessment.metrics.baseline,
        at_k: assessment.at_k,
        calibration: assessment.calibration,
        calibration_error: assessment.calibration_error,
        baseline_calibration: assessment.baseline_calibration,
        gain: assessment.gain,
        groups: assessment.groups,
        importance: assessment.importance,
        selection: assessment.selection,
    }
}

/// Trains a model on `table` as `spec` says and reports on its held-out test rows. `now` is
/// recorded as the model's and report's creation time.
pub fn train(table: &Table, spec: &TrainSpec, now: DateTime<Utc>) -> Result<(RiskModel, Report), RiskError> {
    spec.validate(table)?;
    let labels = parse_target(table, &spec.target)?;
    require_both_classes(&labels, &spec.target, "")?;
    if table.rows() < MIN_ROWS {
        return Err(RiskError::TooFewRows {
            rows: table.rows(),
            needed: MIN_ROWS,
        });
    }
    let times = spec.time.as_deref().map(|t| time_values(table, t)).transpose()?;
    let split: Split = match &times {
        Some((t, _)) => temporal_split(t, spec.test_fraction).ok_or_else(|| RiskError::InvalidSpec {
            name: "time column",
            reason: "every row has the same time, so no later period can be held out for testing".into(),
        })?,
        None => random_split(table.rows(), spec.test_fraction, spec.seed),
    };
    let fit_labels = gather(&labels, &split.fit, false);
    require_both_classes(
        &fit_labels,
        &spec.target,
        " in the training rows (the oldest part of the data)",
    )?;
    let roles = Roles {
        target: &spec.target,
        time: spec.time.as_deref(),
        id: spec.id.as_deref(),
        selection: spec.selection.as_ref().map(|s| s.column.as_str()),
        ignore: &spec.ignore,
    };
    let schema = FeatureSchema::fit(table, &split.fit, &roles)?;

    let fit_encoded = schema.encode(table, Some(&split.fit))?;
    let calibration_encoded = schema.encode(table, Some(&split.calibration))?;
    let calibration_labels = gather(&labels, &split.calibration, false);
    let validation = gbdt::Validation {
        encoded: &calibration_encoded,
        labels: &calibration_labels,
    };
    let categorical = schema.categorical_indices();
    let booster = gbdt::train(
        &fit_encoded,
        &fit_labels,
        categorical,
        spec.budget,
        spec.seed,
        Some(validation),
    )?;
    let baseline = LogisticModel::fit(&schema, &fit_encoded, &fit_labels);
    drop(fit_encoded);

    // The validation rows choose the scorer and calibrate it.
    let forest = FlatForest::from_booster(&booster);
    let columns: Vec<&[f64]> = calibration_encoded.columns.iter().map(|c| c.as_ref()).collect();
    let trees_scores = forest.predict(&columns, calibration_encoded.rows);
    let baseline_scores = baseline.predict(&calibration_encoded);
    let decision = scorer::choose(
        spec.scorer,
        forest.trees(),
        metrics::auc(&trees_scores, &calibration_labels),
        metrics::auc(&baseline_scores, &calibration_labels),
    );
    let calibration_scores = match decision.scorer {
        Scorer::Trees => trees_scores,
        Scorer::Baseline => baseline_scores,
    };
    let calibrator = Calibrator::fit(&calibration_scores, &calibration_labels);
    drop(calibration_encoded);

    let windows = |rows: &[usize]| times.as_ref().and_then(|(t, kind)| time_window(t, *kind, rows));
    let rows = RowCounts {
        total: table.rows(),
        fit: split.fit.len(),
        calibration: split.calibration.len(),
        test: split.test.len(),
    };
    let dataset = dataset_summary(table, &labels, &schema);
    let mut model = RiskModel::new(
        spec.clone(),
        schema,
        booster,
        calibrator,
        baseline,
        decision,
        windows(&split.fit),
        rows,
        dataset.fingerprint.clone(),
        TestMetrics::default(),
        now,
    );
    let test_labels = gather(&labels, &split.test, false);
    let assessment = assess(&model, table, &split.test, &test_labels, &spec.eval())?;
    model.test_metrics = assessment.metrics;
    let split_summary = SplitSummary {
        kind: split.kind,
        time_column: spec.time.clone(),
        fit_rows: split.fit.len(),
        calibration_rows: split.calibration.len(),
        test_rows: split.test.len(),
        test_positives: test_labels.iter().filter(|&&y| y).count(),
        fit_window: windows(&split.fit),
        calibration_window: windows(&split.calibration),
        test_window: windows(&split.test),
    };
    let report = build_report(&model, dataset, split_summary, assessment, &spec.target, now);
    Ok((model, report))
}

/// Reports on a trained `model` over every row of a new labelled `table`.
pub fn evaluate(model: &RiskModel, table: &Table, spec: &EvalSpec, now: DateTime<Utc>) -> Result<Report, RiskError> {
    spec.validate(table)?;
    let labels = parse_target(table, &spec.target)?;
    if labels.is_empty() {
        return Err(RiskError::NoRows);
    }
    let rows: Vec<usize> = (0..table.rows()).collect();
    let assessment = assess(model, table, &rows, &labels, spec)?;
    let dataset = dataset_summary(table, &labels, &model.schema);
    let split = SplitSummary {
        kind: SplitKind::Evaluation,
        time_column: model.spec.time.clone(),
        fit_rows: 0,
        calibration_rows: 0,
        test_rows: rows.len(),
        test_positives: dataset.positives,
        fit_window: None,
        calibration_window: None,
        test_window: match &model.spec.time {
            Some(t) if table.column(t).is_some() => {
                let (times, kind) = time_values(table, t)?;
                time_window(&times, kind, &rows)
            }
            _ => None,
        },
    };
    Ok(build_report(model, dataset, split, assessment, &spec.target, now))
}

/// Scores every row of `table` (which needs the model's feature columns; other columns are
/// ignored). Fast path: no contributions.
pub fn score(model: &RiskModel, table: &Table) -> Result<Vec<Score>, RiskError> {
    let encoded = model.schema.encode(table, None)?;
    let log_odds = model.log_odds(&encoded);
    Ok(log_odds
        .into_iter()
        .enumerate()
        .map(|(row, z)| Score {
            row,
            probability: model.calibrator.probability(z),
            log_odds: z,
        })
        .collect())
}

/// Scores every row of `table` with its `top` strongest factors.
pub fn score_with_factors(model: &RiskModel, table: &Table, top: usize) -> Result<Vec<ScoredRow>, RiskError> {
    let scores = score(model, table)?;
    let rows: Vec<usize> = (0..table.rows()).collect();
    let factors = explain_rows(model, table, &rows, top)?;
    Ok(scores
        .into_iter()
        .zip(factors)
        .map(|(score, factors)| ScoredRow { score, factors })
        .collect())
}
