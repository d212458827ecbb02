//! Pure evaluation metrics: ranking (AUC, precision and lift at k, gain), probability quality
//! (Brier, log loss, calibration curve) and intervals (Wilson).
//!
//! Ties are handled without randomness. AUC counts a tied positive-negative pair as 1/2
//! (Mann-Whitney). Precision at k counts the *expected* hits when ties at the cut are broken at
//! random: a tied group that straddles the cut contributes its positives times the share of it
//! that fits. A `NaN` score ranks below every number.

use serde::{Deserialize, Serialize};

fn key(score: f64) -> f64 {
    if score.is_nan() {
        f64::NEG_INFINITY
    } else {
        score
    }
}

/// Area under the ROC curve; `None` unless both classes are present.
pub fn auc(scores: &[f64], labels: &[bool]) -> Option<f64> {
    let positives = labels.iter().filter(|&&y| y).count();
    let negatives = labels.len() - positives;
    if positives == 0 || negatives == 0 || scores.len() != labels.len() {
        return None;
    }
    let mut order: Vec<usize> = (0..scores.len()).collect();
    order.sort_by(|&a, &b| key(scores[a]).total_cmp(&key(scores[b])));
    let mut rank_sum = 0.0;
    let mut i = 0;
    while i < order.len() {
        let mut j = i;
        while j + 1 < order.len() && key(scores[order[j + 1]]) == key(scores[order[i]]) {
            j += 1;
        }
        // Ranks i+1 ..= j+1 share their mean.
        let mean_rank = (i + j + 2) as f64 / 2.0;
        rank_sum += mean_rank * order[i..=j].iter().filter(|&&r| labels[r]).count() as f64;
        i = j + 1;
    }
    let p = positives as f64;
    Some((rank_sum - p * (p + 1.0) / 2.0) / (p * negatives as f64))
}

/// Rows ranked by score, highest first, as groups of equal scores.
#[derive(Debug, Clone)]
pub struct Ranking {
    /// (rows, positives) per group of equal score, best first.
    groups: Vec<(usize, usize)>,
    rows: usize,
    positives: usize,
}

impl Ranking {
    /// Ranks `labels` by `scores`, descending.
    pub fn new(scores: &[f64], labels: &[bool]) -> Ranking {
        let mut order: Vec<usize> = (0..scores.len().min(labels.len())).collect();
        order.sort_by(|&a, &b| key(scores[b]).total_cmp(&key(scores[a])));
        let mut groups: Vec<(usize, usize)> = Vec::new();
        let mut previous: Option<f64> = None;
        for &r in &order {
            let k = key(scores[r]);
            let y = usize::from(labels[r]);
            match groups.last_mut() {
                Some(last) if previous == Some(k) => {
                    last.0 += 1;
                    last.1 += y;
                }
                _ => groups.push((1, y)),
            }
            previous = Some(k);
        }
        let positives = groups.iter().map(|g| g.1).sum();
        Ranking {
            groups,
            rows: order.len(),
            positives,
        }
    }

    /// Number of rows ranked.
    pub fn rows(&self) -> usize {
        self.rows
    }

    /// Number of positive rows.
    pub fn positives(&self) -> usize {
        self.positives
    }

    /// Expected positives among the top `k` rows (ties at the cut broken at random).
    pub fn hits_at(&self, k: usize) -> f64 {
        let mut taken = 0usize;
        let mut hits = 0.0;
        for &(size, positives) in &self.groups {
            if taken >= k {
                break;
            }
            if taken + size <= k {
                hits += positives as f64;
                taken += size;
            } else {
                hits += positives as f64 * (k - taken) as f64 / size as f64;
                taken = k;
            }
        }
        hits
    }

    /// Expected precision among the top `k` rows; `None` when `k` is 0 or larger than the rows.
    pub fn precision_at(&self, k: usize) -> Option<f64> {
        (k > 0 && k <= self.rows).then(|| self.hits_at(k) / k as f64)
    }

    /// Share of all positives found in the top `k` rows; `None` without positives.
    pub fn recall_at(&self, k: usize) -> Option<f64> {
        (self.positives > 0).then(|| self.hits_at(k.min(self.rows)) / self.positives as f64)
    }
}

/// Expected precision among the `k` highest-scored rows.
pub fn precision_at_k(scores: &[f64], labels: &[bool], k: usize) -> Option<f64> {
    Ranking::new(scores, labels).precision_at(k)
}

/// Share of positive rows; `None` for no rows.
pub fn base_rate(labels: &[bool]) -> Option<f64> {
    (!labels.is_empty()).then(|| labels.iter().filter(|&&y| y).count() as f64 / labels.len() as f64)
}

/// `precision / reference`, e.g. precision at k over the base rate (lift against random
/// selection) or over the precision of another ordering (lift against largest-first).
pub fn lift(precision: Option<f64>, reference: Option<f64>) -> Option<f64> {
    match (precision, reference) {
        (Some(p), Some(r)) if r > 0.0 => Some(p / r),
        _ => None,
    }
}

/// Rows to inspect for a fraction of `rows`: rounded, at least 1, at most `rows`.
pub fn k_for_fraction(rows: usize, fraction: f64) -> usize {
    ((rows as f64 * fraction).round() as usize).clamp(1.min(rows), rows)
}

/// The cumulative gain curve: share of positives found after inspecting each fraction
/// `i / points` of the rows, for i = 0..=points.
pub fn gain_curve(ranking: &Ranking, points: usize) -> Vec<f64> {
    (0..=points)
        .map(|i| {
            let k = ((ranking.rows() as f64) * i as f64 / points.max(1) as f64).round() as usize;
            ranking.recall_at(k).unwrap_or(0.0)
        })
        .collect()
}

/// One bin of a calibration curve.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CalibrationBin {
    /// Lower edge of the predicted probability.
    pub lower: f64,
    /// Upper edge (inclusive for the last bin).
    pub upper: f64,
    /// Rows in the bin.
    pub count: usize,
    /// Mean predicted probability, when the bin has rows.
    pub mean_predicted: Option<f64>,
    /// Observed share of positives, when the bin has rows.
    pub observed: Option<f64>,
}

/// Equal-width calibration curve over [0, 1] with `bins` bins.
pub fn calibration_curve(probabilities: &[f64], labels: &[bool], bins: usize) -> Vec<CalibrationBin> {
    let bins = bins.max(1);
    let mut sums = vec![(0usize, 0.0f64, 0usize); bins];
    for (&p, &y) in probabilities.iter().zip(labels) {
        if p.is_nan() {
            continue;
        }
        let b = ((p.clamp(0.0, 1.0) * bins as f64) as usize).min(bins - 1);
        sums[b].0 += 1;
        sums[b].1 += p;
        sums[b].2 += usize::from(y);
    }
    sums.iter()
        .enumerate()
        .map(|(b, &(count, sum, positives))| CalibrationBin {
            lower: b as f64 / bins as f64,
            upper: (b + 1) as f64 / bins as f64,
            count,
            mean_predicted: (count > 0).then(|| sum / count as f64),
            observed: (count > 0).then(|| positives as f64 / count as f64),
        })
        .collect()
}

/// Expected calibration error: the row-weighted mean of |observed - predicted| over the bins.
pub fn expected_calibration_error(bins: &[CalibrationBin]) -> Option<f64> {
    let total: usize = bins.iter().map(|b| b.count).sum();
    (total > 0).then(|| {
        bins.iter()
            .filter_map(|b| Some(b.count as f64 * (b.observed? - b.mean_predicted?).abs()))
            .sum::<f64>()
            / total as f64
    })
}

/// Brier score: mean squared difference between probability and outcome.
pub fn brier(probabilities: &[f64], labels: &[bool]) -> Option<f64> {
    (!labels.is_empty()).then(|| {
        probabilities
            .iter()
            .zip(labels)
            .map(|(&p, &y)| (p - f64::from(u8::from(y))).powi(2))
            .sum::<f64>()
            / labels.len() as f64
    })
}

/// Mean log loss, probabilities clipped to [1e-15, 1 - 1e-15].
pub fn log_loss(probabilities: &[f64], labels: &[bool]) -> Option<f64> {
    (!labels.is_empty()).then(|| {
        probabilities
            .iter()
            .zip(labels)
            .map(|(&p, &y)| {
                let p = p.clamp(1e-15, 1.0 - 1e-15);
                if y {
                    -p.ln()
                } else {
                    -(1.0 - p).ln()
                }
            })
            .sum::<f64>()
            / labels.len() as f64
    })
}

/// The Wilson score 95% interval of a proportion `successes / n`; `None` when `n` is 0.
pub fn wilson_interval(successes: usize, n: usize) -> Option<(f64, f64)> {
    if n == 0 {
        return None;
    }
    let z = 1.959_963_984_540_054_f64;
    let n_f = n as f64;
    let p = successes.min(n) as f64 / n_f;
    let z2 = z * z;
    let centre = (p + z2 / (2.0 * n_f)) / (1.0 + z2 / n_f);
    let half = z * (p * (1.0 - p) / n_f + z2 / (4.0 * n_f * n_f)).sqrt() / (1.0 + z2 / n_f);
    Some(((centre - half).max(0.0), (centre + half).min(1.0)))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]
    use super::*;
    use proptest::prelude::*;

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 1e-9
    }

    #[test]
    fn auc_by_hand() {
        // Positives at 0.9 and 0.4; negatives at 0.6, 0.4, 0.1.
        // Pairs: (0.9 vs 0.6, 0.4, 0.1) = 3 wins; (0.4 vs 0.6) loss, (0.4 vs 0.4) 1/2, (0.4 vs 0.1) win.
        // AUC = (3 + 0 + 0.5 + 1) / 6 = 0.75.
        let s = [0.9, 0.6, 0.4, 0.4, 0.1];
        let y = [true, false, true, false, false];
        assert!(close(auc(&s, &y).unwrap(), 0.75));
        assert!(close(auc(&[0.1, 0.9], &[false, true]).unwrap(), 1.0));
        assert!(close(auc(&[0.5, 0.5], &[false, true]).unwrap(), 0.5));
        assert_eq!(auc(&[0.1, 0.2], &[true, true]), None);
        // NaN ranks lowest.
        assert!(close(auc(&[f64::NAN, 0.3], &[false, true]).unwrap(), 1.0));
    }

    #[test]
    fn precision_and_lift_by_hand() {
        // Scores descending: 0.9(+), 0.8(-), 0.7(+), 0.7(-), 0.2(+), 0.1(-).
        let s = [0.9, 0.8, 0.7, 0.7, 0.2, 0.1];
        let y = [true, false, true, false, true, false];
        let r = Ranking::new(&s, &y);
        assert!(close(r.precision_at(1).unwrap(), 1.0));
        assert!(close(r.precision_at(2).unwrap(), 0.5));
        // k = 3 cuts the tied pair at 0.7 (one positive of two): 1 + 0 + 0.5 hits.
        assert!(close(r.hits_at(3), 1.5));
        assert!(close(r.precision_at(3).unwrap(), 0.5));
        assert!(close(r.precision_at(4).unwrap(), 0.5));
        assert_eq!(r.precision_at(0), None);
        assert_eq!(r.precision_at(7), None);
        let base = base_rate(&y);
        assert!(close(base.unwrap(), 0.5));
        assert!(close(lift(r.precision_at(1), base).unwrap(), 2.0));
        assert_eq!(lift(Some(0.3), Some(0.0)), None);
        // Gain: 0%, then after 3 of 6 rows 1.5 of 3 positives, after all rows 3 of 3.
        let g = gain_curve(&r, 2);
        assert!(close(g[0], 0.0) && close(g[1], 0.5) && close(g[2], 1.0), "{g:?}");
        assert_eq!(k_for_fraction(200, 0.01), 2);
        assert_eq!(k_for_fraction(10, 0.01), 1);
        assert_eq!(k_for_fraction(0, 0.1), 0);
    }

    #[test]
    fn calibration_brier_and_log_loss_by_hand() {
        let p = [0.05, 0.15, 0.15, 0.95, 1.0];
        let y = [false, true, false, true, true];
        let bins = calibration_curve(&p, &y, 10);
        assert_eq!(bins.len(), 10);
        assert_eq!(bins[0].count, 1);
        assert_eq!(bins[0].observed, Some(0.0));
        assert_eq!(bins[1].count, 2);
        assert!(close(bins[1].mean_predicted.unwrap(), 0.15));
        assert_eq!(bins[1].observed, Some(0.5));
        assert_eq!(bins[9].count, 2, "1.0 falls in the last bin");
        assert_eq!(bins[5].mean_predicted, None);
        // ECE = (1*0.05 + 2*0.35 + 2*|1 - 0.975|) / 5 = (0.05 + 0.7 + 0.05) / 5 = 0.16.
        assert!(close(expected_calibration_error(&bins).unwrap(), 0.16));
        // Brier = (0.0025 + 0.7225 + 0.0225 + 0.0025 + 0) / 5 = 0.15.
        assert!(close(brier(&p, &y).unwrap(), 0.15));
        // Log loss of [0.5] for a positive and [0.5] for a negative = ln 2.
        assert!(close(
            log_loss(&[0.5, 0.5], &[true, false]).unwrap(),
            std::f64::consts::LN_2
        ));
        assert!(log_loss(&[0.0], &[true]).unwrap().is_finite());
    }

    #[test]
    fn wilson_by_hand() {
        // 5 of 10: centre = (0.5 + 0.19208) / 1.38415 = 0.5; half = 1.96*sqrt(0.025 + 0.0096)/1.38415.
        let (lo, hi) = wilson_interval(5, 10).unwrap();
        assert!((lo - 0.236_593).abs() < 1e-5, "{lo}");
        assert!((hi - 0.763_407).abs() < 1e-5, "{hi}");
        // 0 of 20: [0, 0.16113].
        let (lo, hi) = wilson_interval(0, 20).unwrap();
        assert_eq!(lo, 0.0);
        assert!((hi - 0.161_125).abs() < 1e-5, "{hi}");
        assert_eq!(wilson_interval(0, 0), None);
    }

    proptest! {
        /// AUC equals the share of positive-negative pairs ordered right, ties counting 1/2.
        #[test]
        fn auc_matches_pair_counting(data in proptest::collection::vec((0u8..6, any::<bool>()), 2..60)) {
            let s: Vec<f64> = data.iter().map(|d| f64::from(d.0)).collect();
            let y: Vec<bool> = data.iter().map(|d| d.1).collect();
            let mut wins = 0.0;
            let mut pairs = 0.0;
            for i in 0..s.len() {
                for j in 0..s.len() {
                    if y[i] && !y[j] {
                        pairs += 1.0;
                        wins += if s[i] > s[j] { 1.0 } else if s[i] == s[j] { 0.5 } else { 0.0 };
                    }
                }
            }
            match auc(&s, &y) {
                Some(a) => prop_assert!((a - wins / pairs).abs() < 1e-9),
                None => prop_assert!(pairs == 0.0),
            }
        }

        /// Expected hits grow with k, by at most one per row, and reach all positives.
        #[test]
        fn hits_are_monotone(data in proptest::collection::vec((0u8..5, any::<bool>()), 1..60)) {
            let s: Vec<f64> = data.iter().map(|d| f64::from(d.0)).collect();
            let y: Vec<bool> = data.iter().map(|d| d.1).collect();
            let r = Ranking::new(&s, &y);
            let mut previous = 0.0;
            for k in 0..=s.len() {
                let h = r.hits_at(k);
                prop_assert!(h + 1e-9 >= previous && h <= previous + 1.0 + 1e-9);
                previous = h;
            }
            prop_assert!((previous - y.iter().filter(|&&v| v).count() as f64).abs() < 1e-9);
        }

        /// Wilson intervals contain the observed proportion and stay in [0, 1].
        #[test]
        fn wilson_contains_the_proportion(n in 1usize..500, s in 0usize..500) {
            let s = s.min(n);
            let (lo, hi) = wilson_interval(s, n).unwrap();
            let p = s as f64 / n as f64;
            prop_assert!(0.0 <= lo && lo <= p + 1e-12 && p <= hi + 1e-12 && hi <= 1.0);
        }
    }
}
