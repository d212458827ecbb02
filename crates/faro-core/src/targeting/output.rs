//! What the planner returns: the picks, and a summary the supervisor reviews before accepting.

use serde::{Deserialize, Serialize};

use super::spec::Targets;

/// A proposed inspection program: model picks first (best first), then random picks (by
/// workplace id). Stored as the payload of the event that records the plan.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Plan {
    pub picks: Vec<Pick>,
    pub summary: PlanSummary,
}

/// One workplace to inspect and why it is in the plan.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Pick {
    pub workplace_id: i64,
    pub selection: Selection,
    /// The model's probability for the workplace when the plan was made.
    pub probability: f64,
    /// The municipality (INEGI key) the visit falls in.
    pub area: String,
}

/// Why a workplace was picked. Random picks are recorded so that their findings measure the
/// population's violation rate, against which the model's hit rate is compared.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Selection {
    /// Chosen by the model; rank 1 is the highest probability among model picks.
    Model { rank: u32 },
    /// Drawn uniformly at random from the candidates the model did not pick.
    Random,
}

/// Figures for the supervisor's review.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PlanSummary {
    /// The capacity asked for.
    pub capacity: u32,
    /// The numbers the rules came down to.
    pub targets: Targets,
    /// Candidates considered.
    pub candidates: u32,
    pub model_picks: u32,
    pub random_picks: u32,
    /// Sum of the probabilities of the model picks: the findings the model expects.
    pub expected_findings_model: f64,
    /// Sum of the probabilities of the random picks.
    pub expected_findings_random: f64,
    /// Mean probability of the model picks (0 when there are none).
    pub expected_rate_model: f64,
    /// Mean probability of the random picks (0 when there are none).
    pub expected_rate_random: f64,
    /// Mean probability over all candidates (0 when there are none).
    pub population_rate: f64,
    /// Model picks per sector, by sector code (the sector cap applies to these).
    pub by_sector: Vec<(String, u32)>,
    /// Percentage of the model picks that are small workplaces (0 when there are none).
    pub small_share_pct: f64,
    /// Municipalities visited by model picks.
    pub areas: u32,
    /// Rules the candidates did not allow to meet, stated rather than silently dropped.
    pub constraints: Vec<ConstraintNote>,
}

/// A rule of the spec the plan could not fully meet, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ConstraintNote {
    /// There are fewer candidates than the capacity: every candidate is planned.
    FewerCandidatesThanCapacity { candidates: u32, capacity: u32 },
    /// The candidates span too few sectors to fill the model share under the cap; these sectors
    /// went over it so that capacity is not left idle.
    SectorCapExceeded { sector_cap: u32, sectors: Vec<String> },
    /// Not enough small workplaces (at all, under the sector cap, or in the visited areas).
    SmallMinimumNotMet {
        required: u32,
        planned: u32,
        small_candidates: u32,
    },
    /// The clustering rules (visits per area, number of areas) left model slots empty.
    ClusterLeftCapacityUnused {
        model_target: u32,
        model_planned: u32,
        /// Municipalities with at least `min_per_area` candidates.
        eligible_areas: u32,
    },
}

impl ConstraintNote {
    /// Stable code, the translation key of the note's message.
    pub fn code(&self) -> &'static str {
        match self {
            ConstraintNote::FewerCandidatesThanCapacity { .. } => "plan.note.fewer_candidates_than_capacity",
            ConstraintNote::SectorCapExceeded { .. } => "plan.note.sector_cap_exceeded",
            ConstraintNote::SmallMinimumNotMet { .. } => "plan.note.small_minimum_not_met",
            ConstraintNote::ClusterLeftCapacityUnused { .. } => "plan.note.cluster_left_capacity_unused",
        }
    }
}
