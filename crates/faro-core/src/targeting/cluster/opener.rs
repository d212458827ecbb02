//! Phase 1: the greedy opening of areas by value per slot, and its repair step; see the parent
//! module.

use std::cmp::Ordering;
use std::collections::BinaryHeap;

use super::Ctx;

/// Phase 1's result: the opened areas and, per position, whether it is a seed of one.
pub(super) struct Opened {
    pub areas: Vec<bool>,
    pub seeds: Vec<bool>,
}

/// Runs phase 1 within the allowed areas: the small pass, the general pass, a pass over the sector
/// cap if the cap left slots empty, then the repair step.
pub(super) fn open_areas(ctx: &Ctx<'_>, allowed: &[bool]) -> Opened {
    let targets = ctx.targets;
    let mut opener = Opener {
        ctx,
        allowed,
        cap: targets.sector_cap,
        sector_count: vec![0; ctx.table.sector_names.len()],
        taken: vec![false; ctx.order.len()],
        seed: vec![false; ctx.order.len()],
        opened: vec![false; ctx.areas.count()],
        opened_count: 0,
        used: 0,
        small_used: 0,
    };
    let model_target = targets.model_target as usize;
    opener.pass(true, model_target, targets.small_minimum as usize);
    opener.pass(false, model_target, 0);
    if opener.used < model_target {
        // Too few sectors to fill under the cap: fill over it rather than leave inspectors idle,
        // as without clustering (the plan notes the sectors over the cap).
        opener.cap = u32::MAX;
        opener.pass(false, model_target, 0);
        opener.cap = targets.sector_cap;
    }
    opener.displace(model_target, targets.small_minimum as usize);
    Opened {
        areas: opener.opened,
        seeds: opener.seed,
    }
}

/// Phase 1's state.
struct Opener<'c> {
    ctx: &'c Ctx<'c>,
    allowed: &'c [bool],
    cap: u32,
    sector_count: Vec<u32>,
    /// Per position: taken in phase 1 (seed or fill).
    taken: Vec<bool>,
    /// Per position: taken by an opening.
    seed: Vec<bool>,
    opened: Vec<bool>,
    opened_count: usize,
    used: usize,
    small_used: usize,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Move {
    Open,
    Fill,
}

/// A queued move, ordered by value per slot, then by its best candidate's position (lower first).
#[derive(Clone, Copy)]
struct Event {
    value: f64,
    first: usize,
    area: usize,
    kind: Move,
}

impl Ord for Event {
    fn cmp(&self, other: &Self) -> Ordering {
        self.value
            .total_cmp(&other.value)
            .then(other.first.cmp(&self.first))
            .then(other.area.cmp(&self.area))
    }
}
impl PartialOrd for Event {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}
impl PartialEq for Event {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}
impl Eq for Event {}

impl Opener<'_> {
    fn row(&self, pos: usize) -> u32 {
        self.ctx.order[pos]
    }

    fn p(&self, pos: usize) -> f64 {
        self.ctx.table.p(self.row(pos))
    }

    fn sector(&self, pos: usize) -> usize {
        self.ctx.table.sector_of(self.row(pos))
    }

    fn is_small(&self, pos: usize) -> bool {
        self.ctx.table.is_small(self.row(pos))
    }

    /// Whether a position can still be taken in this pass; once false it stays false in the pass
    /// (taken stays taken, a full sector stays full).
    fn available(&self, pos: usize, small_only: bool) -> bool {
        !self.taken[pos] && (!small_only || self.is_small(pos)) && self.sector_count[self.sector(pos)] < self.cap
    }

    /// Next available position of an area, skipping for good what is no longer available.
    fn next_fill(&self, area: usize, ptr: &mut [usize], small_only: bool) -> Option<usize> {
        let list = self.ctx.areas.positions(area);
        while let Some(&pos) = list.get(ptr[area]) {
            if self.available(pos, small_only) {
                return Some(pos);
            }
            ptr[area] += 1;
        }
        None
    }

    /// The `k` positions an opening of the area takes, best first, and their total probability:
    /// the best available, respecting the sector room they use themselves. With `smalls` > 0, the
    /// best small ones up to that number (at least one) come first, then the best others.
    fn opening(&self, area: usize, smalls: usize) -> Option<(Vec<usize>, f64)> {
        let k = self.ctx.k;
        let list = self.ctx.areas.positions(area);
        let mut set: Vec<usize> = Vec::with_capacity(k);
        let mut local: Vec<(usize, u32)> = Vec::new();
        let mut add = |set: &mut Vec<usize>, pos: usize| {
            if set.contains(&pos) || !self.available(pos, false) {
                return;
            }
            let s = self.sector(pos);
            let added = local.iter().find(|(sector, _)| *sector == s).map_or(0, |&(_, a)| a);
            if self.sector_count[s] + added >= self.cap {
                return;
            }
            match local.iter_mut().find(|(sector, _)| *sector == s) {
                Some(entry) => entry.1 += 1,
                None => local.push((s, 1)),
            }
            set.push(pos);
        };
        if smalls > 0 {
            let wanted = smalls.min(k);
            for &pos in list {
                if set.len() == wanted {
                    break;
                }
                if self.is_small(pos) {
                    add(&mut set, pos);
                }
            }
            if set.is_empty() {
                return None;
            }
        }
        for &pos in list {
            if set.len() == k {
                break;
            }
            add(&mut set, pos);
        }
        if set.len() < k {
            return None;
        }
        set.sort_unstable();
        let sum = set.iter().map(|&pos| self.p(pos)).sum::<f64>();
        Some((set, sum))
    }

    fn take(&mut self, pos: usize, seed: bool) {
        self.taken[pos] = true;
        self.seed[pos] = seed;
        let s = self.sector(pos);
        self.sector_count[s] += 1;
        self.used += 1;
        self.small_used += usize::from(self.is_small(pos));
    }

    fn untake(&mut self, pos: usize) {
        self.taken[pos] = false;
        let s = self.sector(pos);
        self.sector_count[s] -= 1;
        self.used -= 1;
        self.small_used -= usize::from(self.is_small(pos));
    }

    fn open(&mut self, area: usize, set: Vec<usize>) {
        for pos in set {
            self.take(pos, true);
        }
        self.opened[area] = true;
        self.opened_count += 1;
    }

    fn event(&self, area: usize, kind: Move, ptr: &mut [usize], small_target: usize) -> Option<Event> {
        let small_only = small_target > 0;
        match kind {
            Move::Fill => self.next_fill(area, ptr, small_only).map(|pos| Event {
                value: self.p(pos),
                first: pos,
                area,
                kind,
            }),
            Move::Open => {
                let smalls = small_target.saturating_sub(self.small_used);
                self.opening(area, smalls).map(|(set, sum)| Event {
                    value: sum / self.ctx.k as f64,
                    first: set[0],
                    area,
                    kind,
                })
            }
        }
    }

    /// Makes the best moves until `model_target` slots are used (and, in the small pass, until
    /// `small_target` small workplaces are in), or no move is left. `small_target` > 0 makes this
    /// the small pass.
    fn pass(&mut self, small_only: bool, model_target: usize, small_target: usize) {
        let small_target = if small_only { small_target } else { 0 };
        if small_only && small_target == 0 {
            return;
        }
        let k = self.ctx.k;
        let mut ptr = vec![0usize; self.ctx.areas.count()];
        let mut heap = BinaryHeap::new();
        for area in (0..self.ctx.areas.count()).filter(|&a| self.allowed[a]) {
            let kind = if self.opened[area] { Move::Fill } else { Move::Open };
            if let Some(e) = self.event(area, kind, &mut ptr, small_target) {
                heap.push(e);
            }
        }
        while self.used < model_target && (small_target == 0 || self.small_used < small_target) {
            let Some(popped) = heap.pop() else {
                break;
            };
            if popped.kind == Move::Open && (self.opened_count >= self.ctx.max_areas || model_target - self.used < k) {
                continue; // slots and areas only get scarcer: this opening is gone for the pass
            }
            let Some(fresh) = self.event(popped.area, popped.kind, &mut ptr, small_target) else {
                continue;
            };
            if heap.peek().is_some_and(|top| fresh < *top) {
                heap.push(fresh);
                continue;
            }
            match fresh.kind {
                Move::Fill => self.take(fresh.first, false),
                Move::Open => {
                    let smalls = small_target.saturating_sub(self.small_used);
                    if let Some((set, _)) = self.opening(fresh.area, smalls) {
                        self.open(fresh.area, set);
                    }
                }
            }
            if let Some(e) = self.event(fresh.area, Move::Fill, &mut ptr, small_target) {
                heap.push(e);
            }
        }
    }

    /// Opens areas the passes could not fit, when their best `k` candidates are worth more than
    /// the worst picks beyond the seeds (which can go without leaving an area short) they need to
    /// replace: `k` of them, fewer if slots are free. Tried in order of the areas' best-`k` value;
    /// each success strictly raises the expected findings, and none lowers the small workplaces
    /// below the minimum (or below what they were, if short of it).
    fn displace(&mut self, model_target: usize, small_target: usize) {
        let k = self.ctx.k;
        let areas = self.ctx.areas;
        let mut fills: BinaryHeap<usize> = (0..self.taken.len())
            .filter(|&p| self.taken[p] && !self.seed[p])
            .collect();
        let mut closed: Vec<(f64, usize, usize)> = (0..areas.count())
            .filter(|&a| self.allowed[a] && !self.opened[a])
            .map(|a| (areas.best_sum(a, k), areas.positions(a)[0], a))
            .collect();
        closed.sort_by(|x, y| y.0.total_cmp(&x.0).then(x.1.cmp(&y.1)));
        for (_, _, area) in closed {
            let free = model_target.saturating_sub(self.used);
            let replace = k.saturating_sub(free);
            if self.opened_count >= self.ctx.max_areas || fills.len() < replace {
                break;
            }
            let removed: Vec<usize> = (0..replace).filter_map(|_| fills.pop()).collect();
            let removed_sum = removed.iter().map(|&pos| self.p(pos)).sum::<f64>();
            let small_floor = self.small_used.min(small_target);
            for &pos in &removed {
                self.untake(pos);
            }
            match self.opening(area, 0) {
                Some((set, sum))
                    if sum > removed_sum
                        && self.small_used + set.iter().filter(|&&pos| self.is_small(pos)).count() >= small_floor =>
                {
                    self.open(area, set)
                }
                _ => {
                    for pos in removed {
                        self.take(pos, false);
                        fills.push(pos);
                    }
                }
            }
        }
    }
}
