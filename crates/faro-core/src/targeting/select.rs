//! The model picks under the sector cap and the small-workplace minimum, exactly.
//!
//! Sets with at most `room[s]` picks from each sector and at most `target` picks in all are the
//! independent sets of a (truncated partition) matroid, so picking best first while the sector has
//! room gives the best set of its size (the matroid greedy theorem). The small minimum is one more
//! count, of "red" elements: by Gabow and Tarjan's exchange result, the best set with q + 1 small
//! workplaces is the best set with q after the single best swap that brings one small workplace in
//! and takes one larger workplace out. So: greedy, then best swaps until the minimum is met. In a
//! partition matroid the only swaps are (a) within a sector, or (b) a small workplace from a sector
//! with room against the worst larger pick anywhere; both are found in O(sectors) per swap.

use super::table::Table;

/// Rows chosen, best first.
pub(super) struct Chosen {
    pub rows: Vec<u32>,
}

/// Picks `target` rows of `pool` (sorted best first) maximising the sum of probabilities with at
/// most `room[s]` per sector and at least `small_min` small workplaces. When the pool cannot fill
/// `target` under the room, the rest is filled best first over the room (small workplaces first
/// while below the minimum). When the minimum cannot be met under
/// the room, the result has as many small workplaces as the room allows.
pub(super) fn select(table: &Table<'_>, pool: &[u32], room: &[u32], target: u32, small_min: u32) -> Chosen {
    let sectors = room.len();
    let target = target as usize;
    let mut picked = vec![false; pool.len()];
    let mut count = vec![0u32; sectors];
    // Picked larger workplaces per sector, as pool positions ascending (the last is the worst).
    let mut larges: Vec<Vec<usize>> = vec![Vec::new(); sectors];
    // All small workplaces per sector; the first `next_small[s]` are the picked ones.
    let mut smalls: Vec<Vec<usize>> = vec![Vec::new(); sectors];
    let mut next_small = vec![0usize; sectors];
    let mut taken = 0usize;
    let mut small_taken = 0u32;

    for (pos, &row) in pool.iter().enumerate() {
        let s = table.sector_of(row);
        let small = table.is_small(row);
        if small {
            smalls[s].push(pos);
        }
        if taken < target && count[s] < room[s] {
            picked[pos] = true;
            count[s] += 1;
            taken += 1;
            if small {
                next_small[s] += 1;
                small_taken += 1;
            } else {
                larges[s].push(pos);
            }
        }
    }

    // Best swaps. When the greedy could not fill `target`, every sector is at its room or out of
    // candidates, so only swaps within a sector exist and the size stays what it is.
    while small_taken < small_min {
        let worst_large = (0..sectors).filter_map(|t| larges[t].last().map(|&f| (f, t))).max();
        let mut best: Option<Swap> = None;
        for s in 0..sectors {
            let Some(&add) = smalls[s].get(next_small[s]) else {
                continue;
            };
            if let Some(&remove) = larges[s].last() {
                best = better(
                    table,
                    pool,
                    best,
                    Swap {
                        add,
                        add_sector: s,
                        remove,
                        remove_sector: s,
                    },
                );
            }
            if count[s] < room[s] {
                if let Some((remove, remove_sector)) = worst_large {
                    best = better(
                        table,
                        pool,
                        best,
                        Swap {
                            add,
                            add_sector: s,
                            remove,
                            remove_sector,
                        },
                    );
                }
            }
        }
        let Some(swap) = best else {
            break;
        };
        picked[swap.add] = true;
        next_small[swap.add_sector] += 1;
        count[swap.add_sector] += 1;
        picked[swap.remove] = false;
        larges[swap.remove_sector].pop();
        count[swap.remove_sector] -= 1;
        small_taken += 1;
    }

    if taken < target {
        for small_pass in [true, false] {
            for (pos, &row) in pool.iter().enumerate() {
                if taken >= target || (small_pass && small_taken >= small_min) {
                    break;
                }
                if picked[pos] || (small_pass && !table.is_small(row)) {
                    continue;
                }
                picked[pos] = true;
                taken += 1;
                if table.is_small(row) {
                    small_taken += 1;
                }
            }
        }
    }

    let rows = pool.iter().zip(&picked).filter(|(_, &p)| p).map(|(&r, _)| r).collect();
    Chosen { rows }
}

#[derive(Clone, Copy)]
struct Swap {
    add: usize,
    add_sector: usize,
    remove: usize,
    remove_sector: usize,
}

/// The swap that loses least; ties go to the better added candidate, then the worse removed one.
fn better(table: &Table<'_>, pool: &[u32], current: Option<Swap>, candidate: Swap) -> Option<Swap> {
    let gain = |s: &Swap| table.p(pool[s.add]) - table.p(pool[s.remove]);
    match current {
        None => Some(candidate),
        Some(cur) => {
            let order = gain(&candidate)
                .total_cmp(&gain(&cur))
                .then(cur.add.cmp(&candidate.add))
                .then(candidate.remove.cmp(&cur.remove));
            if order.is_gt() {
                Some(candidate)
            } else {
                Some(cur)
            }
        }
    }
}
