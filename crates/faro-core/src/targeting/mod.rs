//! The inspection program planner: from the office's capacity and the risk model's probabilities,
//! a proposed list of workplaces to inspect that maximises expected findings under the program's
//! rules, plus a share drawn at random. Pure: no I/O, no clock; the same candidates, spec and seed
//! give the same plan, whatever the order of the candidates.
//!
//! # Shares
//! `planned` is the capacity (or every candidate, when there are fewer). The random quota is
//! `ceil(planned x random_share_pct / 100)`, as [`crate::inspection::program::Program::random_quota`];
//! the model fills the rest. The sector cap is `floor(model x max_sector_share_pct / 100)` picks per
//! sector, at least one; the small minimum is `ceil(model x min_small_share_pct / 100)` workplaces
//! of 0 to 10 persons. See [`Targets`].
//!
//! # Model picks without clustering: exact
//! Sets with at most `cap` picks per sector are the independent sets of a partition matroid, so
//! taking candidates best first while their sector has room yields the best set of each size. The
//! small minimum counts one class of elements; by the exchange property of matroids (Gabow and
//! Tarjan), the best set with one more small workplace is the current one after the best single
//! swap "small in, larger out", so best swaps are made until the minimum is met. The result
//! maximises the sum of probabilities under both rules (checked against brute force in the tests).
//! Only each sector's best `cap` candidates and best `cap` small candidates can ever be picked, so
//! those are cut out in linear time (`select_nth_unstable`) and only they are sorted: O(n) plus a
//! sort of a few times the capacity, and O(sectors) per swap.
//!
//! When the rules cannot both be met, the plan says so in [`ConstraintNote`]s: with too few sectors
//! to fill the model share under the cap, the rest is filled best first over the cap (small
//! workplaces first while below the minimum) so capacity is not left idle; with too few small
//! workplaces, the plan has as many as the cap allows.
//!
//! # Model picks with clustering: greedy by value per slot, checked against a priced choice
//! Visiting a municipality is worthwhile only with `min_per_area` picks in it, which makes the
//! problem a fixed-charge one (hard in general). Areas are opened greedily by the mean probability
//! of their best `min_per_area` candidates, competing slot for slot with deepening areas already
//! open; a repair step then opens areas that did not fit if they beat the worst extra picks. A
//! second set of areas is chosen by pricing slots (Lagrangian relaxation), which sees an area's
//! depth when `max_areas` binds; the better plan is kept. Inside the chosen areas, picks are made
//! exactly (module `cluster`). This is optimal when every area's best candidates clearly outrank
//! what deepening would add, and in any case when `min_per_area` is 1 with no area limit and no
//! small minimum (it is then the plain greedy); on random small cases it finds the optimum about 97%
//! of the time. Every visited area gets at least `min_per_area` model picks; slots the rules leave
//! empty, and a cap or minimum the chosen areas cannot meet, are noted.
//!
//! # Random picks
//! Drawn uniformly (ChaCha8 seeded with `spec.seed`) from every candidate the model did not pick,
//! regardless of sector, size or area, so that their findings measure the population and the
//! model's hit rate can be compared with it. With clustering on, they cost travel by design.
//!
//! # Order and ties
//! Candidates are ranked by probability, ties by workplace id; model picks come first by that rank,
//! random picks after by workplace id.

mod cluster;
mod output;
mod random;
mod select;
mod spec;
mod table;
#[cfg(test)]
mod tests;

use std::collections::{BTreeMap, BTreeSet};

pub use output::{ConstraintNote, Pick, Plan, PlanSummary, Selection};
pub use spec::{is_small, Candidate, ClusterSpec, PlanSpec, Targets};

use crate::DomainError;
use select::{select, Chosen};
use table::{row_u32, Table};

/// Plans a program: validates the spec and candidates, picks by the model under the rules, draws
/// the random share, and summarises. Errors: an invalid spec (see [`PlanSpec::validate`]), a
/// probability outside 0..=1 (`plan.probability_out_of_range`) or a workplace listed twice
/// (`plan.duplicate_workplace`).
pub fn plan(candidates: &[Candidate], spec: &PlanSpec) -> Result<Plan, DomainError> {
    spec.validate()?;
    let by_id = check_candidates(candidates)?;
    let targets = Targets::new(spec, candidates.len());
    let table = Table::build(candidates, spec.cluster.is_some());
    let n = row_u32(candidates.len());

    let mut constraints = Vec::new();
    if n < spec.capacity {
        constraints.push(ConstraintNote::FewerCandidatesThanCapacity {
            candidates: n,
            capacity: spec.capacity,
        });
    }
    let (chosen, eligible_areas) = match spec.cluster {
        None => (choose_unclustered(&table, &targets), None),
        Some(cluster) => {
            let c = cluster::choose(&table, &targets, cluster);
            (c.chosen, Some(c.eligible_areas))
        }
    };
    let model = chosen.rows;

    let mut by_sector: BTreeMap<&str, u32> = BTreeMap::new();
    for &r in &model {
        *by_sector.entry(table.sector_names[table.sector_of(r)]).or_default() += 1;
    }
    let over_cap: Vec<String> = by_sector
        .iter()
        .filter(|(_, &n)| n > targets.sector_cap)
        .map(|(s, _)| s.to_string())
        .collect();
    if !over_cap.is_empty() {
        constraints.push(ConstraintNote::SectorCapExceeded {
            sector_cap: targets.sector_cap,
            sectors: over_cap,
        });
    }
    let small_model = row_u32(model.iter().filter(|&&r| table.is_small(r)).count());
    if small_model < targets.small_minimum {
        constraints.push(ConstraintNote::SmallMinimumNotMet {
            required: targets.small_minimum,
            planned: small_model,
            small_candidates: row_u32(table.small.iter().filter(|&&s| s).count()),
        });
    }
    let model_n = row_u32(model.len());
    if let Some(eligible_areas) = eligible_areas {
        if model_n < targets.model_target {
            constraints.push(ConstraintNote::ClusterLeftCapacityUnused {
                model_target: targets.model_target,
                model_planned: model_n,
                eligible_areas,
            });
        }
    }

    let mut is_model = vec![false; candidates.len()];
    for &r in &model {
        is_model[r as usize] = true;
    }
    let random = random::draw(&by_id, &is_model, targets.random_quota, spec.seed);

    let pick = |row: u32, selection: Selection| {
        let c = &candidates[row as usize];
        Pick {
            workplace_id: c.workplace_id,
            selection,
            probability: c.probability,
            area: c.municipality.clone(),
        }
    };
    let mut picks: Vec<Pick> = model
        .iter()
        .enumerate()
        .map(|(i, &r)| pick(r, Selection::Model { rank: row_u32(i + 1) }))
        .collect();
    picks.extend(random.iter().map(|&r| pick(r, Selection::Random)));

    let sum = |rows: &[u32]| rows.iter().map(|&r| table.p(r)).sum::<f64>();
    let mean = |total: f64, count: usize| if count == 0 { 0.0 } else { total / count as f64 };
    let expected_findings_model = sum(&model);
    let expected_findings_random = sum(&random);
    let areas: BTreeSet<&str> = model
        .iter()
        .map(|&r| candidates[r as usize].municipality.as_str())
        .collect();

    let summary = PlanSummary {
        capacity: spec.capacity,
        targets,
        candidates: n,
        model_picks: model_n,
        random_picks: row_u32(random.len()),
        expected_findings_model,
        expected_findings_random,
        expected_rate_model: mean(expected_findings_model, model.len()),
        expected_rate_random: mean(expected_findings_random, random.len()),
        population_rate: mean(sum(&by_id), by_id.len()),
        by_sector: by_sector.into_iter().map(|(s, c)| (s.to_string(), c)).collect(),
        small_share_pct: mean(100.0 * f64::from(small_model), model.len()),
        areas: row_u32(areas.len()),
        constraints,
    };
    Ok(Plan { picks, summary })
}

/// Checks probabilities and uniqueness; returns the rows sorted by workplace id.
fn check_candidates(candidates: &[Candidate]) -> Result<Vec<u32>, DomainError> {
    if u32::try_from(candidates.len()).is_err() {
        return Err(DomainError::new(
            "plan.too_many_candidates",
            "a plan takes at most 4,294,967,295 candidates; plan one office or region at a time",
        ));
    }
    if let Some(c) = candidates.iter().find(|c| !(0.0..=1.0).contains(&c.probability)) {
        return Err(DomainError::field(
            "probability",
            "plan.probability_out_of_range",
            format!(
                "workplace {} has probability {}; the risk model must give a number from 0 to 1",
                c.workplace_id, c.probability
            ),
        )
        .with("workplace_id", c.workplace_id.to_string()));
    }
    let mut by_id: Vec<(i64, u32)> = candidates
        .iter()
        .enumerate()
        .map(|(row, c)| (c.workplace_id, row_u32(row)))
        .collect();
    if !by_id.is_sorted() {
        by_id.sort_unstable();
    }
    if let Some(w) = by_id.windows(2).find(|w| w[0].0 == w[1].0) {
        return Err(DomainError::field(
            "workplace_id",
            "plan.duplicate_workplace",
            format!(
                "workplace {} is listed twice among the candidates; list each once",
                w[0].0
            ),
        )
        .with("workplace_id", w[0].0.to_string()));
    }
    Ok(by_id.into_iter().map(|(_, row)| row).collect())
}

/// Exact model picks without clustering (see the module doc): only each sector's best `cap`
/// candidates and best `cap` small ones can be picked, so only those are sorted. When the sectors
/// cannot fill the model share under the cap, the best `model_target` of each sector are kept
/// instead, enough for filling over the cap.
fn choose_unclustered(table: &Table<'_>, targets: &Targets) -> Chosen {
    let model_target = targets.model_target as usize;
    let cap = targets.sector_cap as usize;
    let mut groups = table.rows_by_sector();
    let reachable: usize = groups.iter().map(|g| g.len().min(cap)).sum();
    let depth = if reachable < model_target {
        model_target
    } else {
        cap.min(model_target)
    };
    let mut pool = Vec::new();
    for group in &mut groups {
        let mut smalls: Vec<u32> = group.iter().copied().filter(|&r| table.is_small(r)).collect();
        table.keep_best(&mut smalls, depth);
        table.keep_best(group, depth);
        pool.extend_from_slice(group);
        pool.extend(smalls);
    }
    pool.sort_unstable();
    pool.dedup();
    table.sort_best_first(&mut pool);
    let room = vec![targets.sector_cap; groups.len()];
    select(table, &pool, &room, targets.model_target, targets.small_minimum)
}
