//! Random draws built directly on the generator's 64-bit output, so the demo nation depends only
//! on the seed and on this code, not on how a library version implements its distributions.

use rand::RngCore;

/// A uniform integer in `0..n` (0 when `n` is 0). Multiply-shift: unbiased enough for a demo.
pub(crate) fn below(rng: &mut impl RngCore, n: u64) -> u64 {
    ((u128::from(rng.next_u64()) * u128::from(n)) >> 64) as u64
}

/// A uniform index into a slice of length `len`.
pub(crate) fn index(rng: &mut impl RngCore, len: usize) -> usize {
    below(rng, len as u64) as usize
}

/// A uniform float in `[0, 1)`.
pub(crate) fn unit(rng: &mut impl RngCore) -> f64 {
    (rng.next_u64() >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
}

/// `true` with probability `p`.
pub(crate) fn chance(rng: &mut impl RngCore, p: f64) -> bool {
    unit(rng) < p
}

/// A uniform integer in `lo..=hi`.
pub(crate) fn between(rng: &mut impl RngCore, lo: u32, hi: u32) -> u32 {
    if hi <= lo {
        return lo;
    }
    lo + below(rng, u64::from(hi - lo) + 1) as u32
}

/// One element of a non-empty slice, uniformly; `fallback` for an empty one.
pub(crate) fn pick<'a, T: ?Sized>(rng: &mut impl RngCore, items: &[&'a T], fallback: &'a T) -> &'a T {
    items.get(index(rng, items.len())).copied().unwrap_or(fallback)
}

/// A table of cumulative weights: draws an index with probability proportional to its weight by
/// binary search.
#[derive(Debug, Clone, Default)]
pub(crate) struct Cumulative {
    totals: Vec<f64>,
}

impl Cumulative {
    /// Builds the table; negative or non-finite weights count as zero.
    pub(crate) fn new(weights: impl IntoIterator<Item = f64>) -> Cumulative {
        let mut sum = 0.0;
        let totals = weights
            .into_iter()
            .map(|w| {
                if w.is_finite() && w > 0.0 {
                    sum += w;
                }
                sum
            })
            .collect();
        Cumulative { totals }
    }

    pub(crate) fn total(&self) -> f64 {
        self.totals.last().copied().unwrap_or(0.0)
    }

    /// Draws an index; `None` if every weight is zero.
    pub(crate) fn draw(&self, rng: &mut impl RngCore) -> Option<usize> {
        self.draw_in(rng, 0, self.totals.len())
    }

    /// Draws an index within `start..end`, proportionally to the weights there.
    pub(crate) fn draw_in(&self, rng: &mut impl RngCore, start: usize, end: usize) -> Option<usize> {
        let end = end.min(self.totals.len());
        if start >= end {
            return None;
        }
        let base = if start == 0 {
            0.0
        } else {
            self.totals.get(start - 1).copied().unwrap_or(0.0)
        };
        let top = self.totals.get(end - 1).copied().unwrap_or(0.0);
        if top <= base {
            return None;
        }
        let x = base + unit(rng) * (top - base);
        let slice = self.totals.get(start..end)?;
        let i = start + slice.partition_point(|&c| c <= x);
        Some(i.min(end - 1))
    }
}
