//! The baseline: an L2-regularized logistic regression on the same features, so the report can
//! show what the trees add over a model anyone can read.
//!
//! Numeric and date features are standardized with the training mean and standard deviation; a
//! missing value counts as the mean and switches on a missing indicator (when the training rows
//! had any). A categorical feature is one-hot encoded on its [`ONE_HOT_LEVELS`] most frequent
//! levels; other levels and missing values are all zeros.
//!
//! Fitting minimizes mean log loss + `LAMBDA`/2 * |w|^2 (intercept not penalized) by Newton's
//! method: the gradient over every row, the Hessian over at most [`HESSIAN_ROWS`] evenly spaced
//! rows (an approximation that only changes the path, not the optimum), with a backtracking
//! line search on the exact objective. No randomness: the same data give the same weights.

use serde::{Deserialize, Serialize};

use crate::encode::{category_index, Encoded, FeatureKind, FeatureSchema};

/// Levels one-hot encoded per categorical feature.
pub const ONE_HOT_LEVELS: usize = 10;
/// L2 penalty on standardized weights.
pub const LAMBDA: f64 = 1e-3;
/// Most rows the Hessian is computed on.
pub const HESSIAN_ROWS: usize = 20_000;
const MAX_ITERATIONS: usize = 50;

/// A standardized numeric term.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NumericTerm {
    /// Feature index (matrix column).
    pub feature: usize,
    /// Training mean.
    pub mean: f64,
    /// Training standard deviation.
    pub sd: f64,
    /// Weight of the standardized value.
    pub weight: f64,
    /// Weight of the missing indicator, when training rows had missing values.
    pub missing_weight: Option<f64>,
}

/// A one-hot categorical term.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CategoricalTerm {
    /// Feature index (matrix column).
    pub feature: usize,
    /// Weight of each of the most frequent levels, in the schema's level order.
    pub weights: Vec<f64>,
}

/// The fitted baseline.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LogisticModel {
    /// Intercept (log-odds at the means).
    pub intercept: f64,
    /// Numeric and date terms.
    pub numeric: Vec<NumericTerm>,
    /// Categorical terms.
    pub categorical: Vec<CategoricalTerm>,
    /// Newton iterations used.
    pub iterations: usize,
}

/// Where each term's parameters live in the weight vector (index 0 is the intercept).
struct Layout {
    numeric: Vec<(usize, f64, f64, usize, Option<usize>)>, // feature, mean, sd, index, missing index
    categorical: Vec<(usize, usize, usize)>,               // feature, first index, levels
    size: usize,
}

impl Layout {
    /// Fills `out` with the row's non-zero (index, value) pairs, intercept excluded.
    fn row(&self, columns: &[&[f64]], row: usize, out: &mut Vec<(usize, f64)>) {
        out.clear();
        for &(feature, mean, sd, index, missing) in &self.numeric {
            let x = columns[feature][row];
            if x.is_nan() {
                if let Some(m) = missing {
                    out.push((m, 1.0));
                }
            } else {
                out.push((index, (x - mean) / sd));
            }
        }
        for &(feature, first, levels) in &self.categorical {
            if let Some(level) = category_index(columns[feature][row]).filter(|&l| l < levels) {
                out.push((first + level, 1.0));
            }
        }
    }
}

fn sigmoid(z: f64) -> f64 {
    1.0 / (1.0 + (-z).exp())
}

/// Log loss of one row from its log-odds `z`, computed stably.
fn row_loss(z: f64, y: bool) -> f64 {
    // -[y log s(z) + (1-y) log(1-s(z))] = softplus(z) - y z
    let softplus = if z > 0.0 {
        z + (-z).exp().ln_1p()
    } else {
        z.exp().ln_1p()
    };
    softplus - if y { z } else { 0.0 }
}

/// Solves `a x = b` for a symmetric positive definite `a` (row-major n x n) by Cholesky; `None`
/// when `a` is not positive definite.
fn cholesky_solve(a: &[f64], b: &[f64], n: usize) -> Option<Vec<f64>> {
    let mut l = vec![0.0; n * n];
    for i in 0..n {
        for j in 0..=i {
            let mut sum = a[i * n + j];
            for k in 0..j {
                sum -= l[i * n + k] * l[j * n + k];
            }
            if i == j {
                if sum <= 0.0 || !sum.is_finite() {
                    return None;
                }
                l[i * n + i] = sum.sqrt();
            } else {
                l[i * n + j] = sum / l[j * n + j];
            }
        }
    }
    let mut y = vec![0.0; n];
    for i in 0..n {
        let mut sum = b[i];
        for k in 0..i {
            sum -= l[i * n + k] * y[k];
        }
        y[i] = sum / l[i * n + i];
    }
    let mut x = vec![0.0; n];
    for i in (0..n).rev() {
        let mut sum = y[i];
        for k in i + 1..n {
            sum -= l[k * n + i] * x[k];
        }
        x[i] = sum / l[i * n + i];
    }
    Some(x)
}

fn layout(schema: &FeatureSchema, columns: &[&[f64]]) -> Layout {
    let mut size = 1;
    let mut numeric = Vec::new();
    let mut categorical = Vec::new();
    for (feature, spec) in schema.features.iter().enumerate() {
        let values = columns[feature];
        match &spec.kind {
            FeatureKind::Numeric | FeatureKind::Date => {
                let (mut n, mut sum) = (0usize, 0.0);
                for &v in values.iter().filter(|v| !v.is_nan()) {
                    n += 1;
                    sum += v;
                }
                if n == 0 {
                    continue;
                }
                let mean = sum / n as f64;
                let var = values
                    .iter()
                    .filter(|v| !v.is_nan())
                    .map(|v| (v - mean).powi(2))
                    .sum::<f64>()
                    / n as f64;
                let sd = var.sqrt();
                if !(sd > 0.0 && sd.is_finite()) {
                    continue;
                }
                let index = size;
                size += 1;
                let missing = (n < values.len()).then(|| {
                    size += 1;
                    size - 1
                });
                numeric.push((feature, mean, sd, index, missing));
            }
            FeatureKind::Categorical { levels } => {
                let kept = levels.len().min(ONE_HOT_LEVELS);
                if kept > 0 {
                    categorical.push((feature, size, kept));
                    size += kept;
                }
            }
        }
    }
    Layout {
        numeric,
        categorical,
        size,
    }
}

/// Mean loss + penalty and, if asked, the gradient.
fn objective(layout: &Layout, columns: &[&[f64]], labels: &[bool], w: &[f64], gradient: Option<&mut [f64]>) -> f64 {
    let n = labels.len() as f64;
    let mut buf = Vec::new();
    let mut loss = 0.0;
    let mut grad = gradient;
    if let Some(g) = grad.as_deref_mut() {
        g.iter_mut().for_each(|v| *v = 0.0);
    }
    for (row, &y) in labels.iter().enumerate() {
        layout.row(columns, row, &mut buf);
        let z = w[0] + buf.iter().map(|&(i, x)| w[i] * x).sum::<f64>();
        loss += row_loss(z, y);
        if let Some(g) = grad.as_deref_mut() {
            let r = sigmoid(z) - if y { 1.0 } else { 0.0 };
            g[0] += r;
            for &(i, x) in &buf {
                g[i] += r * x;
            }
        }
    }
    let penalty: f64 = w.iter().skip(1).map(|v| v * v).sum::<f64>() * LAMBDA / 2.0;
    if let Some(g) = grad {
        g.iter_mut().for_each(|v| *v /= n);
        for (gi, wi) in g.iter_mut().zip(w).skip(1) {
            *gi += LAMBDA * wi;
        }
    }
    loss / n + penalty
}

impl LogisticModel {
    /// Fits the baseline on every row of `encoded` (encoded with `schema`).
    pub fn fit(schema: &FeatureSchema, encoded: &Encoded<'_>, labels: &[bool]) -> LogisticModel {
        let columns: Vec<&[f64]> = encoded.columns.iter().map(|c| c.as_ref()).collect();
        let layout = layout(schema, &columns);
        let p = layout.size;
        let positives = labels.iter().filter(|&&y| y).count() as f64;
        let n = labels.len() as f64;
        let mut w = vec![0.0; p];
        w[0] = ((positives + 0.5) / (n - positives + 0.5)).ln();
        let stride = labels.len().div_ceil(HESSIAN_ROWS).max(1);
        let hessian_rows = labels.len().div_ceil(stride) as f64;
        let mut g = vec![0.0; p];
        let mut f = objective(&layout, &columns, labels, &w, Some(&mut g));
        let mut buf = Vec::new();
        let mut iterations = 0;
        for _ in 0..MAX_ITERATIONS {
            if g.iter().all(|v| v.abs() < 1e-8) {
                break;
            }
            iterations += 1;
            let mut h = vec![0.0; p * p];
            for row in (0..labels.len()).step_by(stride) {
                layout.row(&columns, row, &mut buf);
                let z = w[0] + buf.iter().map(|&(i, x)| w[i] * x).sum::<f64>();
                let s = sigmoid(z);
                let s = s * (1.0 - s);
                h[0] += s;
                for &(i, xi) in &buf {
                    h[i * p] += s * xi;
                    for &(j, xj) in &buf {
                        if j <= i {
                            h[i * p + j] += s * xi * xj;
                        }
                    }
                }
            }
            for i in 0..p {
                for j in 0..=i {
                    let v = h[i * p + j] / hessian_rows
                        + if i == j {
                            if i == 0 {
                                1e-9
                            } else {
                                LAMBDA
                            }
                        } else {
                            0.0
                        };
                    h[i * p + j] = v;
                    h[j * p + i] = v;
                }
            }
            let Some(step) = cholesky_solve(&h, &g, p) else { break };
            let slope: f64 = g.iter().zip(&step).map(|(a, b)| a * b).sum();
            let mut t = 1.0;
            let mut improved = false;
            while t > 1e-6 {
                let candidate: Vec<f64> = w.iter().zip(&step).map(|(wi, si)| wi - t * si).collect();
                let fc = objective(&layout, &columns, labels, &candidate, None);
                if fc <= f - 1e-4 * t * slope {
                    w = candidate;
                    improved = (f - fc) > 1e-12 * f.abs().max(1.0);
                    break;
                }
                t /= 2.0;
            }
            let previous = f;
            f = objective(&layout, &columns, labels, &w, Some(&mut g));
            if !improved || (previous - f).abs() < 1e-14 {
                break;
            }
        }
        let numeric = layout
            .numeric
            .iter()
            .map(|&(feature, mean, sd, index, missing)| NumericTerm {
                feature,
                mean,
                sd,
                weight: w[index],
                missing_weight: missing.map(|m| w[m]),
            })
            .collect();
        let categorical = layout
            .categorical
            .iter()
            .map(|&(feature, first, levels)| CategoricalTerm {
                feature,
                weights: w[first..first + levels].to_vec(),
            })
            .collect();
        LogisticModel {
            intercept: w[0],
            numeric,
            categorical,
            iterations,
        }
    }

    /// Calls `push(feature, value)` with each term's push on the log-odds of `row` (intercept
    /// excluded): what [`LogisticModel::predict`] adds up and [`LogisticModel::contributions`]
    /// reports per feature.
    fn terms(&self, columns: &[&[f64]], row: usize, mut push: impl FnMut(usize, f64)) {
        for term in &self.numeric {
            let x = columns.get(term.feature).map_or(f64::NAN, |c| c[row]);
            if x.is_nan() {
                push(term.feature, term.missing_weight.unwrap_or(0.0));
            } else {
                push(term.feature, term.weight * (x - term.mean) / term.sd);
            }
        }
        for term in &self.categorical {
            let x = columns.get(term.feature).map_or(f64::NAN, |c| c[row]);
            if let Some(level) = category_index(x) {
                push(term.feature, term.weights.get(level).copied().unwrap_or(0.0));
            }
        }
    }

    /// Log-odds of every row of `encoded`.
    pub fn predict(&self, encoded: &Encoded<'_>) -> Vec<f64> {
        let columns: Vec<&[f64]> = encoded.columns.iter().map(|c| c.as_ref()).collect();
        (0..encoded.rows)
            .map(|row| {
                let mut z = self.intercept;
                self.terms(&columns, row, |_, v| z += v);
                z
            })
            .collect()
    }

    /// Per row, `features + 1` values: each feature's push on the log-odds (its standardized
    /// value times its weight, or its level's weight), then the intercept. A row's values add up
    /// to its [`LogisticModel::predict`]. The same layout as the trees' contributions.
    pub fn contributions(&self, encoded: &Encoded<'_>, features: usize) -> Vec<f64> {
        let columns: Vec<&[f64]> = encoded.columns.iter().map(|c| c.as_ref()).collect();
        let width = features + 1;
        let mut out = vec![0.0; encoded.rows * width];
        for (row, values) in out.chunks_mut(width).enumerate() {
            self.terms(&columns, row, |feature, v| {
                if let Some(slot) = values.get_mut(feature) {
                    *slot += v;
                }
            });
            if let Some(base) = values.last_mut() {
                *base = self.intercept;
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]
    use super::*;
    use crate::encode::{Feature, FeatureKind};
    use std::borrow::Cow;

    fn schema(kinds: Vec<FeatureKind>) -> FeatureSchema {
        FeatureSchema {
            features: kinds
                .into_iter()
                .enumerate()
                .map(|(i, kind)| Feature {
                    column: format!("f{i}"),
                    kind,
                })
                .collect(),
            excluded: vec![],
        }
    }

    #[test]
    fn cholesky_solves_a_small_system() {
        // [[4,2],[2,3]] x = [2,1] -> x = [0.5, 0]
        let x = cholesky_solve(&[4.0, 2.0, 2.0, 3.0], &[2.0, 1.0], 2).unwrap();
        assert!((x[0] - 0.5).abs() < 1e-12 && x[1].abs() < 1e-12);
        assert!(cholesky_solve(&[0.0, 0.0, 0.0, 1.0], &[1.0, 1.0], 2).is_none());
    }

    #[test]
    fn intercept_only_model_matches_the_base_rate() {
        // A constant feature is dropped; the intercept is the log-odds of the base rate 1/4,
        // ln(1/3), up to the regularization-free optimum.
        let s = schema(vec![FeatureKind::Numeric]);
        let col = vec![1.0; 8];
        let e = Encoded {
            columns: vec![Cow::Owned(col)],
            rows: 8,
        };
        let labels = [true, false, false, false, true, false, false, false];
        let m = LogisticModel::fit(&s, &e, &labels);
        assert!(m.numeric.is_empty());
        assert!((m.intercept - (1.0f64 / 3.0).ln()).abs() < 1e-6, "{}", m.intercept);
    }

    #[test]
    fn learns_the_direction_of_a_numeric_and_a_categorical_effect() {
        let n = 400;
        let x: Vec<f64> = (0..n).map(|i| (i % 20) as f64).collect();
        let c: Vec<f64> = (0..n)
            .map(|i| if i % 7 == 0 { f64::NAN } else { (i % 3 + 1) as f64 })
            .collect();
        // Outcome rises with x and is more common for the third level (value 3).
        let labels: Vec<bool> = (0..n)
            .map(|i| (x[i] + if c[i] == 3.0 { 8.0 } else { 0.0 }) > 14.0)
            .collect();
        let s = schema(vec![
            FeatureKind::Numeric,
            FeatureKind::Categorical {
                levels: vec!["a".into(), "b".into(), "c".into()],
            },
        ]);
        let e = Encoded {
            columns: vec![Cow::Owned(x), Cow::Owned(c)],
            rows: n,
        };
        let m = LogisticModel::fit(&s, &e, &labels);
        assert!(m.numeric[0].weight > 1.0, "{m:?}");
        assert!(m.numeric[0].missing_weight.is_none());
        let w = &m.categorical[0].weights;
        assert!(w[2] > w[0] && w[2] > w[1], "{w:?}");
        let z = m.predict(&e);
        assert_eq!(z.len(), n);
        // Deterministic.
        assert_eq!(m, LogisticModel::fit(&s, &e, &labels));
    }

    #[test]
    fn row_loss_is_stable() {
        assert!((row_loss(0.0, true) - std::f64::consts::LN_2).abs() < 1e-12);
        assert!(row_loss(1000.0, true) < 1e-12);
        assert!((row_loss(-1000.0, true) - 1000.0).abs() < 1e-9);
    }
}
