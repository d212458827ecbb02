//! The registry of unions and collective agreements (LFT 356-403 as reformed in 2019), stored like
//! conciliation: each command is decided by `faro_core::union` and, in one transaction, its events
//! are appended under the record's subject (`union/{id}`, `agreement/{id}`,
//! `representativeness/{id}`, `vote/{id}`), the read rows are rewritten from the folded state, and
//! the public analytics' rollups follow.
//!
//! * [`derive`](mod@derive): pure derivations (leadership's women, wage increases, turnout, margins, subjects).
//! * `place`: where a record is (the registry's workplace and employer, state, sector).
//! * `union_row`, `agreement_row`, `request_row`, `vote_row`: each record's read rows, written the
//!   same way by the commands and the bulk import.
//! * `anomalies`: the integrity flags kept for the registrar, and their review.
//! * `rollup`: each record's share of the analytics' rollups, and their rebuild.
//! * `links`: what a command cites of other records (votes, certificates, unions), checked.
//! * `command`: the four commands.
//! * `views`: the public views the reads return; `read`: the reads, public and the registrar's
//!   confidential ones; `analytics`: the public analytics from the rollups.
//! * `bulk`: whole histories in bulk.
//! * `queue`: the registrar's work queue, by legal deadline.
//!
//! ## Public and confidential
//!
//! The registry is public (LFT 365 Bis, 391 Bis), but members' CURPs and addresses, the votes'
//! rolls and the support lists are not (365 Bis, 390 Bis-I). Those live only in the folded states,
//! kept in `union_files`, `vote_files` and `representativeness_files`, and in `union_anomalies`
//! (whose evidence may hold CURPs). The public reads (`Store::union`, `unions`, `agreement`,
//! `agreements`, `vote`, `votes_of_agreement`, `vote_reference`, `representativeness`,
//! `overdue_unions`, `union_analytics`) never read those tables for their output; the registrar's
//! reads that do are named `*_file`, and `Store::open_union_anomalies`.

mod agreement_row;
mod analytics;
mod anomalies;
mod bulk;
mod command;
mod common;
pub mod derive;
mod links;
mod open_data;
mod place;
mod queue;
mod read;
mod request_row;
pub(crate) mod rollup;
mod search_feed;
mod union_row;
mod views;
mod vote_row;

use chrono::{DateTime, Utc};
use faro_core::law::Law;
use faro_core::union::{Ctx, RegistrarSettings, UnionRules};
use faro_core::{Jurisdiction, StateCode};
use serde::Serialize;

pub use analytics::{CoverageRow, LeadershipRow, UnionAnalytics, VoteYearRow, WageRow};
pub use anomalies::{AnomalyDecision, AnomalyFilter, AnomalyRecord, ANOMALY_REVIEWED};
pub use bulk::RegistryWorkplace;
pub use bulk::{
    AgreementHistory, NextIds, RepresentativenessHistory, UnionHistory, UnionRegistryBatch, UnionRegistryImport,
    VoteHistory, BATCH_IMPORTED, BATCH_SUBJECT,
};
pub use open_data::AgreementRevision;
pub use queue::{union_items, QueueDate, QueueItem, QueueKind, RegistrarQueue};
pub use search_feed::{AgreementChange, FeedCursor, RegistryChanges, UnionChange, MAX_FEED_PAGE};
pub use views::{
    AgreementFilter, AgreementRecord, AgreementSummary, Leader, OverdueFilter, RepresentativenessSummary,
    RevisionRecord, StationRecord, UnionFilter, UnionRecord, UnionSummary, VoteRecord, VoteSummary,
};

/// The law a registry decision is taken under: the general law (calendar, catalogs, the
/// minimums' parameters), the registry's own rules and the registrar's settings.
#[derive(Clone, Copy)]
pub struct UnionLaw<'a> {
    pub law: &'a Law,
    pub rules: &'a UnionRules,
    pub settings: &'a RegistrarSettings,
}

impl<'a> UnionLaw<'a> {
    /// Core's context for a decision at `now`.
    pub fn ctx(&self, now: DateTime<Utc>) -> Ctx<'a> {
        self.law.union_ctx(now, self.rules, self.settings)
    }
}

/// Where a union is: the state of its domicile and whether it falls under the federal labour
/// jurisdiction (LFT 527) or the state's. Core's filing does not say; the registrar does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct UnionSite {
    pub state: StateCode,
    pub federal: bool,
}

impl UnionSite {
    /// `Federal`, or the state's jurisdiction.
    pub fn jurisdiction(&self) -> Jurisdiction {
        if self.federal {
            Jurisdiction::Federal
        } else {
            Jurisdiction::State(self.state)
        }
    }
}

/// Where an agreement or a certificate request applies. With the registry's workplace, its state,
/// municipality, sector and employer are taken from the registry and the fields below are not
/// read; without it, they are as given (the employer is then matched by RFC).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Site {
    pub workplace_id: Option<i64>,
    pub state: Option<StateCode>,
    /// As the registry writes it (INEGI's code, "14039"); '' when unknown.
    pub municipality: String,
    /// A SCIAN sector or class code: its first two digits are kept ('' when unknown).
    pub sector: String,
    /// Under the federal labour jurisdiction (LFT 527); otherwise the state's (which must be known).
    pub federal: bool,
}

/// Which union a command is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UnionTarget {
    /// A new union (the command must be `File`).
    New(UnionSite),
    Existing(i64),
}

/// Which agreement a command is about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AgreementTarget {
    /// A new agreement (the command must be `Deposit`).
    New(Site),
    Existing(i64),
}

/// Which request for a certificate of representativeness a command is about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RepresentativenessTarget {
    /// A new request (the command must be `Request`).
    New(Site),
    Existing(i64),
}

/// Which vote a command is about. A new vote (the command must be `Call`) is linked to the
/// record its call names as subject ("agreement/7"), which must exist.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum VoteTarget {
    New,
    Existing(i64),
}

/// What a command did: the record's id, the events (logged under its subject), the state after
/// them, and the number of the first event.
#[derive(Debug, Clone)]
pub struct RegistryOutcome<S, E> {
    pub id: i64,
    pub subject: String,
    pub events: Vec<E>,
    pub state: S,
    pub seq: i64,
}
