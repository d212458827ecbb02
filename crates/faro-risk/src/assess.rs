//! Measuring a trained model on labelled rows: everything in the report below the dataset and
//! split sections.

use std::collections::HashMap;

use crate::error::RiskError;
use crate::explain;
use crate::metrics::{
    auc, base_rate, brier, calibration_curve, expected_calibration_error, gain_curve, k_for_fraction, lift, log_loss,
    wilson_interval, CalibrationBin, Ranking,
};
use crate::model::{ModelMetrics, RiskModel, TestMetrics};
use crate::report::{AtK, GainCurves, GroupReport, GroupRow, HitRate, Importance, SelectionReport};
use crate::spec::{EvalSpec, Selection};
use crate::table::{gather, Column, ColumnData, ColumnKind, Table};

/// Shares of rows inspected in the precision table.
pub const K_FRACTIONS: [f64; 4] = [0.01, 0.05, 0.10, 0.20];
/// Points of the gain curves (plus the origin).
pub const GAIN_POINTS: usize = 20;
/// Most test rows explained to measure importance.
pub const IMPORTANCE_ROWS: usize = 2000;

/// The measured part of a report.
pub(crate) struct Assessment {
    pub metrics: TestMetrics,
    pub at_k: Vec<AtK>,
    pub calibration: Vec<CalibrationBin>,
    pub calibration_error: Option<f64>,
    pub baseline_calibration: Vec<CalibrationBin>,
    pub gain: GainCurves,
    pub groups: Vec<GroupReport>,
    pub importance: Vec<Importance>,
    pub selection: Option<SelectionReport>,
}

fn sigmoid(z: f64) -> f64 {
    1.0 / (1.0 + (-z).exp())
}

fn headline(scores: &[f64], probabilities: &[f64], labels: &[bool]) -> ModelMetrics {
    let ranking = Ranking::new(scores, labels);
    let precision = ranking.precision_at(k_for_fraction(labels.len(), 0.10));
    ModelMetrics {
        auc: auc(scores, labels),
        brier: brier(probabilities, labels),
        log_loss: log_loss(probabilities, labels),
        precision_at_10: precision,
        lift_at_10: lift(precision, base_rate(labels)),
    }
}

/// The values of the size column at `rows` (larger = inspected first).
fn size_values(table: &Table, column: &str, rows: &[usize]) -> Result<Vec<f64>, RiskError> {
    let col = table.require(column)?;
    match &col.data {
        ColumnData::Numeric(v) | ColumnData::Date(v) => Ok(gather(v, rows, f64::NAN)),
        ColumnData::Categorical { .. } => Err(RiskError::KindMismatch {
            column: column.to_owned(),
            expected: ColumnKind::Numeric.name(),
            found: ColumnKind::Categorical.name(),
            hint: "the size column must be a number such as the count of employees",
        }),
    }
}

/// Group keys of `rows` in `column`: a value index per row (`None` = missing) and the values.
fn group_keys(column: &Column, rows: &[usize]) -> (Vec<Option<usize>>, Vec<String>) {
    let mut index: HashMap<String, usize> = HashMap::new();
    let mut values: Vec<String> = Vec::new();
    let keys = rows
        .iter()
        .map(|&r| {
            column.text(r).map(|text| {
                let next = values.len();
                *index.entry(text).or_insert_with_key(|t| {
                    values.push(t.clone());
                    next
                })
            })
        })
        .collect();
    (keys, values)
}

fn group_report(column: &Column, rows: &[usize], scores: &[f64], labels: &[bool]) -> GroupReport {
    let (keys, values) = group_keys(column, rows);
    let mut members: Vec<Vec<usize>> = vec![Vec::new(); values.len() + 1];
    for (i, key) in keys.iter().enumerate() {
        members[key.unwrap_or(values.len())].push(i);
    }
    let mut out: Vec<GroupRow> = members
        .iter()
        .enumerate()
        .filter(|(_, m)| !m.is_empty())
        .map(|(g, m)| {
            let s = gather(scores, m, f64::NAN);
            let y: Vec<bool> = m.iter().map(|&i| labels[i]).collect();
            GroupRow {
                value: values.get(g).cloned(),
                rows: m.len(),
                positives: y.iter().filter(|&&v| v).count(),
                auc: auc(&s, &y),
                precision_at_10: Ranking::new(&s, &y).precision_at(k_for_fraction(m.len(), 0.10)),
            }
        })
        .collect();
    out.sort_by(|a, b| {
        b.rows
            .cmp(&a.rows)
            .then_with(|| a.value.is_none().cmp(&b.value.is_none()))
            .then_with(|| a.value.cmp(&b.value))
    });
    GroupReport {
        column: column.name.clone(),
        values: out,
    }
}

fn hit_rate(rows: usize, positives: usize) -> HitRate {
    let interval = wilson_interval(positives, rows);
    HitRate {
        rows,
        positives,
        rate: (rows > 0).then(|| positives as f64 / rows as f64),
        low: interval.map(|i| i.0),
        high: interval.map(|i| i.1),
    }
}

fn selection_report(
    table: &Table,
    selection: &Selection,
    rows: &[usize],
    scores: &[f64],
    labels: &[bool],
) -> Result<SelectionReport, RiskError> {
    let column = table.require(&selection.column)?;
    let wanted = selection.random_value.trim();
    let is_random: Vec<bool> = rows
        .iter()
        .map(|&r| column.text(r).is_some_and(|t| t.trim().eq_ignore_ascii_case(wanted)))
        .collect();
    let pick = |want: bool| -> (Vec<f64>, Vec<bool>) {
        is_random
            .iter()
            .enumerate()
            .filter(|(_, &r)| r == want)
            .map(|(i, _)| (scores[i], labels[i]))
            .unzip()
    };
    let (random_scores, random_labels) = pick(true);
    let (targeted_scores, targeted_labels) = pick(false);
    let count = |y: &[bool]| y.iter().filter(|&&v| v).count();
    let k = k_for_fraction(random_labels.len(), 0.10);
    let top_hits = Ranking::new(&random_scores, &random_labels).hits_at(k).round() as usize;
    Ok(SelectionReport {
        column: selection.column.clone(),
        random_value: selection.random_value.clone(),
        random: hit_rate(random_labels.len(), count(&random_labels)),
        targeted: hit_rate(targeted_labels.len(), count(&targeted_labels)),
        model_top_10_of_random: hit_rate(k, top_hits.min(k)),
        auc_random: auc(&random_scores, &random_labels),
        auc_targeted: auc(&targeted_scores, &targeted_labels),
    })
}

/// Mean absolute contribution per feature over at most [`IMPORTANCE_ROWS`] evenly spaced rows.
fn importance(model: &RiskModel, table: &Table, rows: &[usize]) -> Result<Vec<Importance>, RiskError> {
    let stride = rows.len().div_ceil(IMPORTANCE_ROWS).max(1);
    let sample: Vec<usize> = rows.iter().step_by(stride).copied().collect();
    let contributions = explain::contributions(model, table, &sample)?;
    let features = &model.schema.features;
    let mut sums = vec![0.0; features.len()];
    for row in &contributions {
        for (sum, c) in sums.iter_mut().zip(row) {
            *sum += c.abs();
        }
    }
    let n = contributions.len().max(1) as f64;
    let mut out: Vec<Importance> = features
        .iter()
        .zip(sums)
        .map(|(f, s)| Importance {
            column: f.column.clone(),
            mean_abs_contribution: s / n,
        })
        .collect();
    out.sort_by(|a, b| {
        b.mean_abs_contribution
            .total_cmp(&a.mean_abs_contribution)
            .then_with(|| a.column.cmp(&b.column))
    });
    Ok(out)
}

/// Measures `model` on `rows` of `table` whose outcomes are `labels` (one per row of `rows`).
pub(crate) fn assess(
    model: &RiskModel,
    table: &Table,
    rows: &[usize],
    labels: &[bool],
    spec: &EvalSpec,
) -> Result<Assessment, RiskError> {
    let encoded = model.schema.encode(table, Some(rows))?;
    let scores = model.log_odds(&encoded);
    let probabilities: Vec<f64> = scores.iter().map(|&z| model.calibrator.probability(z)).collect();
    let baseline_scores = model.baseline.predict(&encoded);
    drop(encoded);
    let baseline_probabilities: Vec<f64> = baseline_scores.iter().map(|&z| sigmoid(z)).collect();

    let model_ranking = Ranking::new(&scores, labels);
    let baseline_ranking = Ranking::new(&baseline_scores, labels);
    let size_ranking = match &spec.size {
        Some(size) => Some(Ranking::new(&size_values(table, size, rows)?, labels)),
        None => None,
    };
    let random = base_rate(labels);
    let at_k = K_FRACTIONS
        .iter()
        .map(|&fraction| {
            let k = k_for_fraction(labels.len(), fraction);
            let model_p = model_ranking.precision_at(k);
            let largest = size_ranking.as_ref().and_then(|r| r.precision_at(k));
            AtK {
                fraction,
                k,
                model: model_p,
                baseline: baseline_ranking.precision_at(k),
                random,
                largest_first: largest,
                lift_vs_random: lift(model_p, random),
                lift_vs_largest: lift(model_p, largest),
            }
        })
        .collect();
    let calibration = calibration_curve(&probabilities, labels, 10);
    let calibration_error = expected_calibration_error(&calibration);
    let gain = GainCurves {
        fractions: (0..=GAIN_POINTS).map(|i| i as f64 / GAIN_POINTS as f64).collect(),
        model: gain_curve(&model_ranking, GAIN_POINTS),
        baseline: gain_curve(&baseline_ranking, GAIN_POINTS),
        largest_first: size_ranking.as_ref().map(|r| gain_curve(r, GAIN_POINTS)),
    };
    let groups = spec
        .groups
        .iter()
        .map(|g| Ok(group_report(table.require(g)?, rows, &scores, labels)))
        .collect::<Result<Vec<_>, RiskError>>()?;
    let selection = match &spec.selection {
        Some(s) => Some(selection_report(table, s, rows, &scores, labels)?),
        None => None,
    };
    Ok(Assessment {
        metrics: TestMetrics {
            model: headline(&scores, &probabilities, labels),
            baseline: headline(&baseline_scores, &baseline_probabilities, labels),
        },
        at_k,
        calibration,
        calibration_error,
        baseline_calibration: calibration_curve(&baseline_probabilities, labels, 10),
        gain,
        groups,
        importance: importance(model, table, rows)?,
        selection,
    })
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]
    use super::*;

    #[test]
    fn groups_by_hand() {
        let col = Column::categorical("state", ["A", "B", "A", "", "A"]);
        let scores = [0.9, 0.1, 0.2, 0.5, 0.3];
        let labels = [true, false, false, true, true];
        let g = group_report(&col, &[0, 1, 2, 3, 4], &scores, &labels);
        assert_eq!(g.values.len(), 3);
        let a = &g.values[0];
        assert_eq!((a.value.as_deref(), a.rows, a.positives), (Some("A"), 3, 2));
        // In A: positives at 0.9 and 0.3, negative at 0.2 -> AUC 1; top 10% of 3 rows = 1 row (0.9, positive).
        assert_eq!(a.auc, Some(1.0));
        assert_eq!(a.precision_at_10, Some(1.0));
        assert_eq!(g.values[2].value, None, "missing values form their own group");
    }

    #[test]
    fn selection_by_hand() {
        let t = Table::new(vec![Column::categorical(
            "origin",
            ["random", "Random", "complaint", "random", "complaint"],
        )])
        .unwrap();
        let s = Selection {
            column: "origin".into(),
            random_value: "random".into(),
        };
        let scores = [0.9, 0.2, 0.5, 0.4, 0.6];
        let labels = [true, false, true, false, true];
        let r = selection_report(&t, &s, &[0, 1, 2, 3, 4], &scores, &labels).unwrap();
        assert_eq!((r.random.rows, r.random.positives), (3, 1));
        assert_eq!((r.targeted.rows, r.targeted.positives), (2, 2));
        assert_eq!(r.auc_random, Some(1.0));
        assert_eq!(r.auc_targeted, None);
        assert_eq!(
            (r.model_top_10_of_random.rows, r.model_top_10_of_random.positives),
            (1, 1)
        );
        let (lo, hi) = wilson_interval(1, 3).unwrap();
        assert_eq!((r.random.low, r.random.high), (Some(lo), Some(hi)));
    }
}
