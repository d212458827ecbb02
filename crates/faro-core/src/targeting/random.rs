//! The random share: a uniform draw without replacement from every candidate the model did not
//! pick, whatever its sector, size or area. The constraints shape the model's picks only; the draw
//! measures the population, so with clustering on random visits cost travel by design.

use rand::seq::index;
use rand_chacha::rand_core::SeedableRng;
use rand_chacha::ChaCha8Rng;

/// Draws `amount` rows from `by_id` (every row, sorted by workplace id) leaving out those with
/// `model[row]`; returns them by workplace id. Walking the rows in id order makes the draw depend
/// on the seed and the candidates, never on their input order. `amount` must not exceed the rows
/// left; the caller guarantees it (and it is clamped anyway).
pub(super) fn draw(by_id: &[u32], model: &[bool], amount: u32, seed: u64) -> Vec<u32> {
    let left = by_id.len() - model.iter().filter(|&&m| m).count();
    let amount = (amount as usize).min(left);
    if amount == 0 {
        return Vec::new();
    }
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let mut ranks = index::sample(&mut rng, left, amount).into_vec();
    ranks.sort_unstable();
    let mut out = Vec::with_capacity(amount);
    let mut wanted = ranks.into_iter().peekable();
    let mut rank = 0usize;
    for &row in by_id {
        if model[row as usize] {
            continue;
        }
        if wanted.peek() == Some(&rank) {
            out.push(row);
            wanted.next();
            if wanted.peek().is_none() {
                break;
            }
        }
        rank += 1;
    }
    debug_assert_eq!(out.len(), amount);
    out
}
