//! Splitting rows into the part the models learn from (fit), the part the probabilities are
//! calibrated on, and the part they are tested on.
//!
//! With a time column the split is temporal, as the model will be used: trained on the past,
//! judged on the future. The test rows are the latest `test_fraction` by time and the
//! calibration rows the latest [`CALIBRATION_FRACTION`] of the rest; rows sharing a time value
//! are never separated (the cut moves to the nearest change of time). Rows without a time count
//! as the earliest. Without a time column the split is random, seeded.

use rand::seq::SliceRandom;
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;
use serde::{Deserialize, Serialize};

/// Share of the non-test rows used to calibrate probabilities.
pub const CALIBRATION_FRACTION: f64 = 0.2;

/// How the rows were split.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SplitKind {
    /// By the time column: the latest rows are tested.
    Temporal,
    /// Randomly (no time column); the estimate is optimistic when the data drift over time.
    Random,
    /// No split: every row is a test row of an already trained model.
    Evaluation,
}

/// Row indices of each part, each in increasing order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Split {
    /// How the split was made.
    pub kind: SplitKind,
    /// Rows the booster and the baseline learn from.
    pub fit: Vec<usize>,
    /// Rows the calibration is fitted on.
    pub calibration: Vec<usize>,
    /// Rows the report is computed on.
    pub test: Vec<usize>,
}

/// Where to cut a sorted sequence of `keys` so that about `tail_fraction` of it lies after the
/// cut, moved to the closest change of key; `None` when no cut leaves both sides non-empty.
fn tail_cut(keys: &[f64], tail_fraction: f64) -> Option<usize> {
    let n = keys.len();
    if n < 2 {
        return None;
    }
    let target = ((n as f64) * (1.0 - tail_fraction)).round().clamp(1.0, (n - 1) as f64) as usize;
    let is_boundary = |b: usize| b > 0 && b < n && keys[b - 1] != keys[b];
    (0..n).find_map(|d| {
        let down = target.checked_sub(d).filter(|&b| is_boundary(b));
        let up = Some(target + d).filter(|&b| is_boundary(b));
        down.or(up)
    })
}

/// The temporal split of rows with times `times` (`NaN` = unknown, counted as earliest). `None`
/// when every row has the same time, so that no future can be held out.
pub fn temporal_split(times: &[f64], test_fraction: f64) -> Option<Split> {
    let key = |r: usize| {
        let t = times[r];
        if t.is_nan() {
            f64::NEG_INFINITY
        } else {
            t
        }
    };
    let mut order: Vec<usize> = (0..times.len()).collect();
    order.sort_by(|&a, &b| key(a).total_cmp(&key(b)).then(a.cmp(&b)));
    let keys: Vec<f64> = order.iter().map(|&r| key(r)).collect();
    let test_cut = tail_cut(&keys, test_fraction)?;
    let cal_cut = tail_cut(&keys[..test_cut], CALIBRATION_FRACTION).unwrap_or(test_cut);
    let sorted = |rows: &[usize]| {
        let mut v = rows.to_vec();
        v.sort_unstable();
        v
    };
    Some(Split {
        kind: SplitKind::Temporal,
        fit: sorted(&order[..cal_cut]),
        calibration: sorted(&order[cal_cut..test_cut]),
        test: sorted(&order[test_cut..]),
    })
}

/// A random split of `rows` rows, the same for the same seed.
pub fn random_split(rows: usize, test_fraction: f64, seed: u64) -> Split {
    let mut order: Vec<usize> = (0..rows).collect();
    order.shuffle(&mut ChaCha8Rng::seed_from_u64(seed));
    let n_test = ((rows as f64) * test_fraction)
        .round()
        .clamp(1.0, rows.saturating_sub(1).max(1) as f64) as usize;
    let n_test = n_test.min(rows);
    let rest = rows - n_test;
    let n_cal = ((rest as f64) * CALIBRATION_FRACTION).round() as usize;
    let sorted = |rows: &[usize]| {
        let mut v = rows.to_vec();
        v.sort_unstable();
        v
    };
    Split {
        kind: SplitKind::Random,
        test: sorted(&order[..n_test]),
        calibration: sorted(&order[n_test..n_test + n_cal]),
        fit: sorted(&order[n_test + n_cal..]),
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn latest_quarter_is_the_test_set() {
        let times: Vec<f64> = (0..100).rev().map(f64::from).collect(); // row 0 is the latest
        let s = temporal_split(&times, 0.25).unwrap();
        assert_eq!(s.test, (0..25).collect::<Vec<_>>());
        assert_eq!(s.calibration, (25..40).collect::<Vec<_>>());
        assert_eq!(s.fit, (40..100).collect::<Vec<_>>());
    }

    #[test]
    fn ties_stay_together_and_unknown_times_are_earliest() {
        // Sorted keys: NaN,0,0,1,1,1,1,2,2. A 25% test set cuts at 7 of 9, a change of time.
        let times = [1.0, 2.0, f64::NAN, 0.0, 1.0, 2.0, 0.0, 1.0, 1.0];
        let s = temporal_split(&times, 0.25).unwrap();
        assert_eq!(s.test, vec![1, 5]);
        // 40% cuts at 5, inside the 1s; the nearest change of time is at 3 (7 is farther).
        let s = temporal_split(&times, 0.4).unwrap();
        assert_eq!(s.test, vec![0, 1, 4, 5, 7, 8]);
        assert!(s.fit.contains(&2), "unknown time is in the past");
    }

    #[test]
    fn one_time_value_cannot_be_split() {
        assert!(temporal_split(&[3.0, 3.0, 3.0], 0.25).is_none());
    }

    #[test]
    fn random_split_is_seeded() {
        let a = random_split(50, 0.25, 7);
        assert_eq!(a, random_split(50, 0.25, 7));
        assert_ne!(a.test, random_split(50, 0.25, 8).test);
        assert_eq!(a.test.len(), 13);
        assert_eq!(a.calibration.len(), 7);
        assert_eq!(a.fit.len(), 30);
    }

    proptest! {
        /// Every row lands in exactly one part, test rows are never earlier than any other row,
        /// and no time value is shared across the test boundary.
        #[test]
        fn temporal_split_partitions_and_respects_time(
            times in proptest::collection::vec(0u8..12, 2..80),
            fraction in 0.05f64..0.9,
        ) {
            let times: Vec<f64> = times.into_iter().map(f64::from).collect();
            if let Some(s) = temporal_split(&times, fraction) {
                let mut all: Vec<usize> = s.fit.iter().chain(&s.calibration).chain(&s.test).copied().collect();
                all.sort_unstable();
                prop_assert_eq!(all, (0..times.len()).collect::<Vec<_>>());
                prop_assert!(!s.test.is_empty());
                let min_test = s.test.iter().map(|&r| times[r]).fold(f64::INFINITY, f64::min);
                let max_rest = s.fit.iter().chain(&s.calibration).map(|&r| times[r]).fold(f64::NEG_INFINITY, f64::max);
                prop_assert!(max_rest < min_test);
            } else {
                prop_assert!(times.iter().all(|&t| t == times[0]));
            }
        }

        /// The random split is a partition too.
        #[test]
        fn random_split_partitions(rows in 2usize..200, fraction in 0.05f64..0.9, seed: u64) {
            let s = random_split(rows, fraction, seed);
            let mut all: Vec<usize> = s.fit.iter().chain(&s.calibration).chain(&s.test).copied().collect();
            all.sort_unstable();
            prop_assert_eq!(all, (0..rows).collect::<Vec<_>>());
            prop_assert!(!s.test.is_empty());
        }
    }
}
