//! The demo nation: a synthetic but realistic country of employers and workplaces, generated
//! from a seed, and the demo's staff accounts.
//!
//! `faro demo` calls [`generate`] and stores the batches it yields. Everything here is pure: no
//! I/O, no database, no clock. The same seed and size always give the same nation.
//!
//! What makes it realistic:
//! - workplaces spread over the 2,478 municipalities in proportion to their 2020 population;
//! - an activity mix after DENUE (retail about a third, then other services, food and lodging,
//!   manufacturing...), with the common classes (grocery stores, beauty salons, taquerías,
//!   tortillerías) weighted as they are in the country;
//! - sizes that depend on the activity, about 95% of units with ten persons or fewer, and a heavy
//!   tail of large plants, stores and hospitals;
//! - Mexican names fitting the activity; individuals own most small units, companies the larger
//!   ones, and chains (a Zipf law of sizes, most of them regional) own many;
//! - valid RFCs derived from the names as SAT derives them, never repeated;
//! - real settlements and postal codes of each municipality, and coordinates near it.
//!
//! [`inspections`] adds five years of inspections of those workplaces, with their referrals and
//! sanction procedures, each a legal history run through core's procedures.

mod address;
mod chains;
pub mod conciliation;
mod generator;
mod geo;
mod industry;
pub mod inspections;
mod names;
mod random;
mod rfc;
#[cfg(test)]
mod tests;
pub mod unions;
mod users;

use faro_core::catalog::Catalogs;
use serde::{Deserialize, Serialize};

pub use generator::DemoGenerator;
pub use users::{demo_users, DemoUser, DEMO_PASSWORD};

/// Workplaces per batch.
pub const BATCH_SIZE: usize = 2_000;

/// The `source` of the batches, and the prefix of their keys ("demo:1").
pub const SOURCE: &str = "demo";

/// What to generate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct DemoConfig {
    /// The same seed gives the same nation.
    pub seed: u64,
    /// Number of workplaces.
    pub workplaces: u64,
}

impl Default for DemoConfig {
    fn default() -> Self {
        DemoConfig {
            seed: 2026,
            workplaces: 100_000,
        }
    }
}

/// Generates the demo nation as a stream of batches of [`BATCH_SIZE`] workplaces (the last one
/// smaller), each with the employers that first appear in it. Only the current batch is in
/// memory, so millions of workplaces can be generated.
pub fn generate<'c>(cfg: &DemoConfig, cat: &'c Catalogs) -> DemoGenerator<'c> {
    DemoGenerator::new(cfg, cat)
}
