//! Model picks with geographic clustering: choose the municipalities worth a trip, then pick
//! exactly within them.
//!
//! Phase 1 opens areas greedily by value per inspection slot. Two kinds of move compete in one
//! priority queue: opening an area (it takes the area's best `min_per_area` candidates at once, and
//! is worth their mean probability per slot) and adding the next best candidate of an area already
//! open (worth its probability). The best move is made while slots remain; an opening needs
//! `min_per_area` free slots and must not exceed `max_areas`. Values only fall as slots and
//! sectors fill, so the queue is evaluated lazily (re-scored when popped, made only if still the
//! best). The small-workplace minimum is served first: a first pass only adds small workplaces
//! (an opening there takes the area's best small ones it still needs plus its best others), then a
//! pass over all fills the rest. Like any greedy for bundles, this can fill the last slots one by
//! one where a whole area would have been worth more; a repair step fixes that: each area still
//! closed, best first, is opened if its best `min_per_area` candidates are worth more than the
//! worst picks beyond the seeds that it must replace to find the slots.
//!
//! The greedy is myopic about depth: it ranks areas by their best few candidates, so when
//! `max_areas` binds it can prefer an area with a few good candidates over one with many. So a
//! second choice of areas is made by Lagrangian relaxation: at a price `lambda` per slot, each area
//! is worth the sum of `p - lambda` over the candidates above the price (or over its best
//! `min_per_area`, if fewer); the `max_areas` best areas are taken, and `lambda` is lowered by
//! bisection until they fill the model share. The greedy then runs again within those areas only,
//! and the better of the two plans is kept (fewest picks over the sector cap and small workplaces
//! short of the minimum first, then expected findings).
//!
//! Phase 2 keeps each opened area's first `min_per_area` candidates as seeds (so every visited
//! area has at least that many) and runs the exact selector ([`super::select`]) on the rest of the
//! opened areas with the sector room and small minimum the seeds leave. Phase 1's own fill is
//! feasible there, so phase 2 is never worse than it.

mod areas;
mod opener;
mod pricing;

use super::select::{select, Chosen};
use super::spec::{ClusterSpec, Targets};
use super::table::{row_u32, Table};
use areas::Areas;

/// The model picks and the number of areas that had enough candidates to be visited at all.
pub(super) struct Clustered {
    pub chosen: Chosen,
    pub eligible_areas: u32,
}

pub(super) fn choose(table: &Table<'_>, targets: &Targets, spec: ClusterSpec) -> Clustered {
    let (order, order_p) = table.all_best_first();
    let areas = Areas::new(table, &order, order_p);
    let k = spec.min_per_area as usize;
    let eligible: Vec<bool> = (0..areas.count()).map(|a| areas.positions(a).len() >= k).collect();
    let eligible_areas = row_u32(eligible.iter().filter(|&&e| e).count());
    let ctx = Ctx {
        table,
        order: &order,
        areas: &areas,
        targets,
        k,
        max_areas: spec.max_areas.map_or(usize::MAX, |m| m as usize),
    };

    let mut best = ctx.plan_within(&eligible);
    let priced = ctx.priced_areas(&eligible);
    if priced != eligible {
        let alternative = ctx.plan_within(&priced);
        if ctx.score(&alternative.rows).is_better_than(&ctx.score(&best.rows)) {
            best = alternative;
        }
    }
    Clustered {
        chosen: best,
        eligible_areas,
    }
}

/// What both choices of areas share.
struct Ctx<'t> {
    table: &'t Table<'t>,
    order: &'t [u32],
    areas: &'t Areas,
    targets: &'t Targets,
    k: usize,
    max_areas: usize,
}

/// How good a set of model picks is: fewest picks over the sector cap first, then fewest small
/// workplaces short of the minimum, then most expected findings.
struct Score {
    over_cap: u32,
    small_short: u32,
    findings: f64,
}

impl Score {
    fn is_better_than(&self, other: &Score) -> bool {
        (other.over_cap, other.small_short)
            .cmp(&(self.over_cap, self.small_short))
            .then(self.findings.total_cmp(&other.findings))
            .is_gt()
    }
}

impl Ctx<'_> {
    fn score(&self, rows: &[u32]) -> Score {
        let mut per_sector = vec![0u32; self.table.sector_names.len()];
        let mut smalls = 0u32;
        let mut findings = 0.0;
        for &r in rows {
            per_sector[self.table.sector_of(r)] += 1;
            smalls += u32::from(self.table.is_small(r));
            findings += self.table.p(r);
        }
        Score {
            over_cap: per_sector
                .iter()
                .map(|&n| n.saturating_sub(self.targets.sector_cap))
                .sum(),
            small_short: self.targets.small_minimum.saturating_sub(smalls),
            findings,
        }
    }

    /// Phase 1 within the allowed areas, then phase 2.
    fn plan_within(&self, allowed: &[bool]) -> Chosen {
        let opened = opener::open_areas(self, allowed);
        self.exact_within(&opened.areas, &opened.seeds)
    }

    /// Phase 2: seeds are fixed; the rest of the opened areas is picked exactly.
    fn exact_within(&self, opened: &[bool], seed: &[bool]) -> Chosen {
        let table = self.table;
        let mut seeds = Vec::new();
        let mut pool = Vec::new();
        let mut room = vec![self.targets.sector_cap; table.sector_names.len()];
        let mut small_seeds = 0u32;
        for (pos, &row) in self.order.iter().enumerate() {
            if !opened[self.areas.of_position[pos] as usize] {
                continue;
            }
            if seed[pos] {
                seeds.push(row);
                let s = table.sector_of(row);
                room[s] = room[s].saturating_sub(1);
                small_seeds += u32::from(table.is_small(row));
            } else {
                pool.push(row);
            }
        }
        let rest_target = self.targets.model_target.saturating_sub(row_u32(seeds.len()));
        let rest_small = self.targets.small_minimum.saturating_sub(small_seeds);
        let mut chosen = select(table, &pool, &room, rest_target, rest_small);
        chosen.rows.extend(seeds);
        table.sort_best_first(&mut chosen.rows);
        chosen
    }
}
