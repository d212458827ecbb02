//! Turning the booster's log-odds into probabilities that mean what they say ("of 100 units
//! scored 0.3, about 30 have a violation"), fitted on the calibration rows the booster never saw.
//!
//! Isotonic regression (pool adjacent violators) when there are at least [`MIN_ISOTONIC_ROWS`]
//! calibration rows, with monotone piecewise-linear interpolation between the pooled blocks;
//! Platt scaling (a logistic curve on the log-odds) below that; the plain sigmoid when the
//! calibration rows hold a single class.

use serde::{Deserialize, Serialize};

/// Fewest calibration rows for isotonic regression.
pub const MIN_ISOTONIC_ROWS: usize = 100;
/// Probabilities are kept inside [EPSILON, 1 - EPSILON], so that no unit is ever "certain".
pub const EPSILON: f64 = 1e-4;

/// A fitted calibration map from log-odds to probability.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "method", rename_all = "snake_case")]
pub enum Calibrator {
    /// The sigmoid of the log-odds.
    Identity,
    /// `sigmoid(a * log_odds + b)`.
    Platt {
        /// Slope.
        a: f64,
        /// Intercept.
        b: f64,
    },
    /// Piecewise-linear through `(x[i], y[i])`, flat outside; `x` and `y` strictly increase.
    Isotonic {
        /// Mean log-odds of each pooled block.
        x: Vec<f64>,
        /// Observed rate of each pooled block.
        y: Vec<f64>,
    },
}

fn sigmoid(z: f64) -> f64 {
    1.0 / (1.0 + (-z).exp())
}

impl Calibrator {
    /// Fits a calibrator to `log_odds` with outcomes `labels`.
    pub fn fit(log_odds: &[f64], labels: &[bool]) -> Calibrator {
        let positives = labels.iter().filter(|&&y| y).count();
        if positives == 0 || positives == labels.len() {
            return Calibrator::Identity;
        }
        if labels.len() < MIN_ISOTONIC_ROWS {
            return fit_platt(log_odds, labels);
        }
        fit_isotonic(log_odds, labels)
    }

    /// The method's name, for reports.
    pub fn method(&self) -> &'static str {
        match self {
            Calibrator::Identity => "identity",
            Calibrator::Platt { .. } => "platt",
            Calibrator::Isotonic { .. } => "isotonic",
        }
    }

    /// The calibrated probability of a row with `log_odds`. Non-decreasing in `log_odds`.
    pub fn probability(&self, log_odds: f64) -> f64 {
        let p = match self {
            Calibrator::Identity => sigmoid(log_odds),
            Calibrator::Platt { a, b } => sigmoid(a * log_odds + b),
            Calibrator::Isotonic { x, y } => interpolate(x, y, log_odds),
        };
        p.clamp(EPSILON, 1.0 - EPSILON)
    }
}

fn interpolate(x: &[f64], y: &[f64], v: f64) -> f64 {
    let (Some(&x0), Some(&xn), Some(&y0), Some(&yn)) = (x.first(), x.last(), y.first(), y.last()) else {
        return sigmoid(v);
    };
    if v.is_nan() {
        return f64::NAN;
    }
    if v <= x0 {
        return y0;
    }
    if v >= xn {
        return yn;
    }
    // First index with x > v; v lies in [x[i-1], x[i]).
    let i = x.partition_point(|&xi| xi <= v);
    let (xa, xb, ya, yb) = (x[i - 1], x[i], y[i - 1], y[i]);
    ya + (yb - ya) * (v - xa) / (xb - xa)
}

/// Pool adjacent violators on rows sorted by log-odds, equal log-odds pooled first.
fn fit_isotonic(log_odds: &[f64], labels: &[bool]) -> Calibrator {
    let mut order: Vec<usize> = (0..log_odds.len()).filter(|&i| !log_odds[i].is_nan()).collect();
    order.sort_by(|&a, &b| log_odds[a].total_cmp(&log_odds[b]));
    // Blocks of (sum of x, sum of y, count).
    let mut blocks: Vec<(f64, f64, f64)> = Vec::new();
    let mut previous_x = f64::NAN;
    for &i in &order {
        let (x, y) = (log_odds[i], if labels[i] { 1.0 } else { 0.0 });
        match blocks.last_mut() {
            Some(last) if x == previous_x => {
                last.0 += x;
                last.1 += y;
                last.2 += 1.0;
            }
            _ => blocks.push((x, y, 1.0)),
        }
        previous_x = x;
        while blocks.len() >= 2 {
            let n = blocks.len();
            let (a, b) = (blocks[n - 2], blocks[n - 1]);
            if a.1 / a.2 >= b.1 / b.2 {
                blocks[n - 2] = (a.0 + b.0, a.1 + b.1, a.2 + b.2);
                blocks.pop();
            } else {
                break;
            }
        }
    }
    let x = blocks.iter().map(|b| b.0 / b.2).collect();
    let y = blocks
        .iter()
        .map(|b| (b.1 / b.2).clamp(EPSILON, 1.0 - EPSILON))
        .collect();
    Calibrator::Isotonic { x, y }
}

/// Platt scaling with Platt's smoothed targets, by Newton's method on (a, b); the slope is kept
/// non-negative so that probabilities never fall as the log-odds rise.
fn fit_platt(log_odds: &[f64], labels: &[bool]) -> Calibrator {
    let positives = labels.iter().filter(|&&y| y).count() as f64;
    let negatives = labels.len() as f64 - positives;
    let hi = (positives + 1.0) / (positives + 2.0);
    let lo = 1.0 / (negatives + 2.0);
    let rows: Vec<(f64, f64)> = log_odds
        .iter()
        .zip(labels)
        .filter(|(z, _)| !z.is_nan())
        .map(|(&z, &y)| (z, if y { hi } else { lo }))
        .collect();
    let loss = |a: f64, b: f64| -> f64 {
        rows.iter()
            .map(|&(z, t)| {
                let p = sigmoid(a * z + b).clamp(1e-15, 1.0 - 1e-15);
                -(t * p.ln() + (1.0 - t) * (1.0 - p).ln())
            })
            .sum()
    };
    let (mut a, mut b) = (1.0, 0.0);
    let mut f = loss(a, b);
    for _ in 0..100 {
        let (mut ga, mut gb, mut haa, mut hab, mut hbb) = (0.0, 0.0, 1e-9, 0.0, 1e-9);
        for &(z, t) in &rows {
            let p = sigmoid(a * z + b);
            let r = p - t;
            let s = p * (1.0 - p);
            ga += r * z;
            gb += r;
            haa += s * z * z;
            hab += s * z;
            hbb += s;
        }
        let det = haa * hbb - hab * hab;
        if det.abs() < 1e-300 || (ga.abs() < 1e-10 && gb.abs() < 1e-10) {
            break;
        }
        let da = (hbb * ga - hab * gb) / det;
        let db = (haa * gb - hab * ga) / det;
        let mut t = 1.0;
        let mut moved = false;
        while t > 1e-8 {
            let (na, nb) = (a - t * da, b - t * db);
            let nf = loss(na, nb);
            if nf <= f {
                moved = nf < f;
                a = na;
                b = nb;
                f = nf;
                break;
            }
            t /= 2.0;
        }
        if !moved {
            break;
        }
    }
    if a < 0.0 {
        // A calibration that reverses the ranking is not credible: keep the order, use the rate.
        let mean = rows.iter().map(|r| r.1).sum::<f64>() / rows.len().max(1) as f64;
        return Calibrator::Platt {
            a: 0.0,
            b: (mean / (1.0 - mean)).ln(),
        };
    }
    Calibrator::Platt { a, b }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn pav_pools_violators_by_hand() {
        // Sorted by x: labels 1,0,0,1,1 at x = 1..5. PAV: [1],[0] violate -> [1,0] mean .5;
        // then [0] (x=3) < .5 -> pool [1,0,0] mean 1/3 at mean x 2; then [1] at 4, [1] at 5
        // equal -> pooled [1,1] mean 1 at x 4.5.
        let mut z: Vec<f64> = (1..=5).map(f64::from).collect();
        let mut y = vec![true, false, false, true, true];
        // Pad to 100 rows far away so isotonic (not Platt) is used: 95 rows at x=10, all positive,
        // pool with the [1,1] block at the top.
        z.extend(std::iter::repeat_n(10.0, 95));
        y.extend(std::iter::repeat_n(true, 95));
        let Calibrator::Isotonic { x, y: fitted } = Calibrator::fit(&z, &y) else {
            panic!("not isotonic")
        };
        assert_eq!(x.len(), 2);
        assert!((x[0] - 2.0).abs() < 1e-12);
        assert!((fitted[0] - 1.0 / 3.0).abs() < 1e-12);
        assert!((x[1] - (4.0 + 5.0 + 950.0) / 97.0).abs() < 1e-9);
        assert_eq!(fitted[1], 1.0 - EPSILON);
        let c = Calibrator::Isotonic {
            x: vec![0.0, 2.0],
            y: vec![0.2, 0.6],
        };
        assert!((c.probability(1.0) - 0.4).abs() < 1e-12);
        assert_eq!(c.probability(-5.0), 0.2);
        assert_eq!(c.probability(9.0), 0.6);
    }

    #[test]
    fn platt_for_few_rows_and_identity_for_one_class() {
        let z = [-2.0, -1.0, 0.0, 1.0, 2.0, 3.0];
        let y = [false, false, true, false, true, true];
        let c = Calibrator::fit(&z, &y);
        assert_eq!(c.method(), "platt");
        assert!(c.probability(3.0) > c.probability(-2.0));
        assert_eq!(Calibrator::fit(&z, &[true; 6]), Calibrator::Identity);
        assert!((Calibrator::Identity.probability(0.0) - 0.5).abs() < 1e-12);
    }

    #[test]
    fn isotonic_recovers_a_known_curve() {
        // Rows at x with outcome frequency exactly sigmoid(x) over blocks of 100 rows.
        let mut z = Vec::new();
        let mut y = Vec::new();
        for k in -3..=3 {
            let x = f64::from(k);
            let positives = (sigmoid(x) * 100.0).round() as usize;
            for i in 0..100 {
                z.push(x);
                y.push(i < positives);
            }
        }
        let c = Calibrator::fit(&z, &y);
        for k in -3..=3 {
            let x = f64::from(k);
            assert!((c.probability(x) - sigmoid(x)).abs() < 0.01, "{k}");
        }
    }

    proptest! {
        /// The calibrated probability never decreases as the log-odds grow, stays in range.
        #[test]
        fn calibration_is_monotone(
            data in proptest::collection::vec((-5.0f64..5.0, any::<bool>()), 2..300),
            probes in proptest::collection::vec(-8.0f64..8.0, 2..20),
        ) {
            let (z, y): (Vec<f64>, Vec<bool>) = data.into_iter().unzip();
            let c = Calibrator::fit(&z, &y);
            let mut probes = probes;
            probes.sort_by(f64::total_cmp);
            let p: Vec<f64> = probes.iter().map(|&v| c.probability(v)).collect();
            for w in p.windows(2) {
                prop_assert!(w[0] <= w[1] + 1e-12);
            }
            prop_assert!(p.iter().all(|&v| (EPSILON..=1.0 - EPSILON).contains(&v)));
        }
    }
}
