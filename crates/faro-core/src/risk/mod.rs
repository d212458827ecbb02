//! What the risk model learns from: each workplace's facts and history, turned into features as of
//! a date, with no look at anything after it.
//!
//! The store reads the facts ([`WorkplaceFacts`], [`InspectionFacts`], [`FineFacts`],
//! [`ConciliationFacts`]); [`sweep::History`] replays them in date order and gives
//!
//! - **training rows**: one per closed inspection and matter it covered, with the features of the
//!   workplace as they stood the day before the visit, and whether the inspection found a
//!   violation of that matter (the outcome);
//! - **scoring rows**: every workplace's features as they stand on a day (today), for the model to
//!   score as if it were inspected in an ordinary visit.
//!
//! **No leakage.** On any day the replay answers the questions (the visits of that day) before it
//! applies what became known that day (records closed, fines imposed or paid, conciliation
//! requests filed), and an inspection's outcome is applied on the day its record closed, not the
//! day of the visit. A property test checks the consequence: a row's features are the same whether
//! the history given ends the day before the visit or runs to today.

pub mod facts;
pub mod features;
pub mod schedule;
pub mod sweep;

#[cfg(test)]
mod tests;

pub use facts::{ConciliationFacts, FineFacts, InspectionFacts, MatterSet, WorkplaceFacts};
pub use features::{FeatureColumn, FeatureSpec, FeatureTable, Features, FEATURES};
pub use sweep::{History, TrainingRows};

/// The kinds of the risk module's events.
pub mod kinds {
    /// A model was trained and stored; the payload has its window, metrics and the digest of the
    /// model file.
    pub const MODEL_TRAINED: &str = "risk.model_trained";
    /// The whole registry was scored; the payload names the models and the digest of the scores.
    pub const SCORES_COMPUTED: &str = "risk.scores_computed";
    pub const PLAN_PROPOSED: &str = "risk.plan_proposed";
    /// The supervisor accepted a plan: its inspections are programmed in the same transaction.
    pub const PLAN_ACCEPTED: &str = "risk.plan_accepted";
    pub const PLAN_DISCARDED: &str = "risk.plan_discarded";
}
