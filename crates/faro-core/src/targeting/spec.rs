//! What the planner is asked: the candidate workplaces with their risk, the office's capacity and
//! the rules the program must follow, and the whole numbers those rules come down to.

use serde::{Deserialize, Serialize};

use crate::registry::SizeBand;
use crate::DomainError;

/// A workplace the office could inspect, with the risk model's estimate.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Candidate {
    pub workplace_id: i64,
    /// SCIAN sector, two digits ("46"); the sector cap counts picks per value.
    pub sector: String,
    pub size_band: SizeBand,
    /// INEGI municipality key, five digits ("09015"); it is the area clustering groups visits by.
    pub municipality: String,
    pub latitude: Option<f64>,
    pub longitude: Option<f64>,
    /// Calibrated probability that an inspection finds a violation, 0 to 1.
    pub probability: f64,
}

impl Candidate {
    /// Whether the workplace counts toward the small-workplace minimum.
    pub fn is_small(&self) -> bool {
        is_small(self.size_band)
    }
}

/// Small workplaces are those of 0 to 10 persons (DENUE bands 0-5 and 6-10): the ones a plan driven
/// only by expected findings would tend to leave out, hence the minimum.
pub fn is_small(band: SizeBand) -> bool {
    matches!(band, SizeBand::B0To5 | SizeBand::B6To10)
}

/// Geographic clustering: visits are grouped by municipality so that one trip covers several.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClusterSpec {
    /// A municipality is only visited if it gets at least this many model picks.
    pub min_per_area: u32,
    /// At most this many municipalities are visited by model picks; `None` for no limit.
    pub max_areas: Option<u32>,
}

/// The office's capacity and the rules of the program.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlanSpec {
    /// Inspections the program can carry out (see `Program::capacity`).
    pub capacity: u32,
    /// Percentage of the plan drawn at random, 0 to 50 (as programs).
    pub random_share_pct: u32,
    /// Largest share of the model picks one sector may take, 1 to 100 (100 means no cap).
    pub max_sector_share_pct: u32,
    /// Smallest share of the model picks that must be small workplaces (0 to 10 persons), 0 to 100.
    pub min_small_share_pct: u32,
    /// Geographic clustering; `None` plans without regard to travel.
    pub cluster: Option<ClusterSpec>,
    /// Seed of the random draw: the same candidates, spec and seed give the same plan.
    pub seed: u64,
}

impl PlanSpec {
    /// Checks the ranges; each error names the field to correct.
    pub fn validate(&self) -> Result<(), DomainError> {
        if self.capacity == 0 {
            return Err(DomainError::field(
                "capacity",
                "plan.capacity_zero",
                "the capacity must be at least one inspection; check the inspectors and their monthly capacity",
            ));
        }
        if self.random_share_pct > 50 {
            return Err(DomainError::field(
                "random_share_pct",
                "plan.random_share_out_of_range",
                "the random share is 0 to 50%",
            )
            .with("min", "0")
            .with("max", "50"));
        }
        if !(1..=100).contains(&self.max_sector_share_pct) {
            return Err(DomainError::field(
                "max_sector_share_pct",
                "plan.share_out_of_range",
                "the maximum share per sector is 1 to 100% (100 means no cap)",
            )
            .with("min", "1")
            .with("max", "100"));
        }
        if self.min_small_share_pct > 100 {
            return Err(DomainError::field(
                "min_small_share_pct",
                "plan.share_out_of_range",
                "the minimum share of small workplaces is 0 to 100%",
            )
            .with("min", "0")
            .with("max", "100"));
        }
        if let Some(cluster) = self.cluster {
            if cluster.min_per_area == 0 {
                return Err(DomainError::field(
                    "cluster.min_per_area",
                    "plan.min_per_area_zero",
                    "a visited municipality needs at least one inspection; use 1 or more",
                ));
            }
            if cluster.max_areas == Some(0) {
                return Err(DomainError::field(
                    "cluster.max_areas",
                    "plan.max_areas_zero",
                    "the plan must be allowed to visit at least one municipality; leave it empty for no limit",
                ));
            }
        }
        Ok(())
    }
}

/// The whole numbers a spec comes down to for a given number of candidates. Shown in the summary
/// so the supervisor sees the same arithmetic the planner used.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Targets {
    /// Inspections to plan: the capacity, or every candidate when there are fewer.
    pub planned: u32,
    /// Random draws: `ceil(planned x random_share_pct / 100)`, as `Program::random_quota`.
    pub random_quota: u32,
    /// Model picks wanted: `planned - random_quota`.
    pub model_target: u32,
    /// Most model picks one sector may take: `floor(model_target x max_sector_share_pct / 100)`,
    /// at least 1 (so a small plan is not empty), and `model_target` when the share is 100.
    pub sector_cap: u32,
    /// Fewest small workplaces among model picks: `ceil(model_target x min_small_share_pct / 100)`.
    pub small_minimum: u32,
}

impl Targets {
    /// Derives the targets of `spec` (already validated) for `candidates` candidates.
    pub fn new(spec: &PlanSpec, candidates: usize) -> Self {
        let available = u32::try_from(candidates).unwrap_or(u32::MAX);
        let planned = spec.capacity.min(available);
        let random_quota = share_ceil(planned, spec.random_share_pct);
        let model_target = planned - random_quota.min(planned);
        let sector_cap = if spec.max_sector_share_pct >= 100 {
            model_target
        } else {
            share_floor(model_target, spec.max_sector_share_pct).max(1)
        };
        let small_minimum = share_ceil(model_target, spec.min_small_share_pct);
        Self {
            planned,
            random_quota,
            model_target,
            sector_cap,
            small_minimum,
        }
    }
}

fn share_ceil(value: u32, pct: u32) -> u32 {
    let r = (u64::from(value) * u64::from(pct)).div_ceil(100);
    u32::try_from(r).unwrap_or(u32::MAX)
}

fn share_floor(value: u32, pct: u32) -> u32 {
    let r = u64::from(value) * u64::from(pct) / 100;
    u32::try_from(r).unwrap_or(u32::MAX)
}
