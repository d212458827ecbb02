//! What somebody asks to happen to a vote, and what happened.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use super::model::{Effect, Observer, ObserverRole, Purpose, RollChange, Station};
use super::tally::{Outcome, StationResult, Tally};
use crate::union::anomalies::Anomaly;
use crate::union::kinds;
use crate::union::members::{Exclusion, RollEntry, WorkerEntry};

/// What somebody asks.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "command", rename_all = "snake_case")]
pub enum Command {
    /// Issue the call (390 Bis-III b, 390 Ter-I, 371-IX a, b).
    Call {
        purpose: Purpose,
        subject: String,
        organizer: String,
        /// The unions (representativeness) or slates (leadership); ignored for approvals,
        /// whose options are "for" and "against".
        options: Vec<String>,
        vote_on: NaiveDate,
        stations: Vec<Station>,
        /// 390 Ter-I: when the union told the CFCRL (approval votes).
        registrar_notified_on: Option<NaiveDate>,
        /// 390 Bis-III a: the day the certificate was requested (representativeness votes).
        request_filed_on: Option<NaiveDate>,
    },
    /// Publish the roll built from the employer's list (390 Bis-III a; 371-IX d).
    PublishRoll { workers: Vec<WorkerEntry> },
    /// Somebody challenges the roll.
    ChallengeRoll {
        change: RollChange,
        by: String,
        reason: String,
    },
    /// The organizer resolves a roll challenge; an accepted one changes the roll.
    ResolveRollChallenge { number: u32, accepted: bool },
    /// Every challenge resolved: the roll is final.
    CloseRoll,
    /// Accredit a representative or an observer (390 Bis-III c).
    AccreditObserver {
        name: String,
        party: String,
        station: String,
        role: ObserverRole,
    },
    /// The vote took place, on the day of the call.
    Hold,
    /// The results record of every station.
    RecordResults { results: Vec<StationResult> },
    /// The result was posted at the workplace and the union office (390 Ter-II e).
    PublishResults,
    /// Somebody challenges the vote.
    Challenge { by: String, grounds: String },
    /// The challenge is resolved: `founded` annuls the vote.
    ResolveChallenge { founded: bool, resolution: String },
    /// The registrar annuls the vote for substantive inconsistencies (390 Ter-II f).
    Annul { reason: String },
    /// The outcome takes effect on its subject.
    ApplyOutcome,
    /// The vote is called off before it is held.
    Cancel { reason: String },
}

impl Command {
    pub fn name(&self) -> &'static str {
        match self {
            Command::Call { .. } => "call",
            Command::PublishRoll { .. } => "publish_roll",
            Command::ChallengeRoll { .. } => "challenge_roll",
            Command::ResolveRollChallenge { .. } => "resolve_roll_challenge",
            Command::CloseRoll => "close_roll",
            Command::AccreditObserver { .. } => "accredit_observer",
            Command::Hold => "hold",
            Command::RecordResults { .. } => "record_results",
            Command::PublishResults => "publish_results",
            Command::Challenge { .. } => "challenge",
            Command::ResolveChallenge { .. } => "resolve_challenge",
            Command::Annul { .. } => "annul",
            Command::ApplyOutcome => "apply_outcome",
            Command::Cancel { .. } => "cancel",
        }
    }
}

/// What happened. Stored as the payload of an event of kind [`Event::kind`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Event {
    Called {
        purpose: Purpose,
        subject: String,
        organizer: String,
        options: Vec<String>,
        stations: Vec<Station>,
        vote_on: NaiveDate,
        called_on: NaiveDate,
        registrar_notified_on: Option<NaiveDate>,
        request_filed_on: Option<NaiveDate>,
        at: DateTime<Utc>,
    },
    RollPublished {
        roll: Vec<RollEntry>,
        /// Workers of the employer's list left out, by position, and why.
        excluded: Vec<(usize, Exclusion)>,
        /// CURPs that do not parse or repeat.
        anomalies: Vec<Anomaly>,
        on: NaiveDate,
    },
    RollChallenged {
        number: u32,
        change: RollChange,
        by: String,
        reason: String,
        on: NaiveDate,
    },
    RollChallengeResolved {
        number: u32,
        accepted: bool,
        on: NaiveDate,
    },
    RollClosed {
        voters: u32,
        on: NaiveDate,
    },
    ObserverAccredited {
        observer: Observer,
    },
    Held {
        on: NaiveDate,
        posting_due: NaiveDate,
        result_notice_due: NaiveDate,
        records_keep_until: NaiveDate,
    },
    ResultsRecorded {
        results: Vec<StationResult>,
        tally: Tally,
        outcome: Outcome,
        anomalies: Vec<Anomaly>,
        on: NaiveDate,
    },
    ResultsPublished {
        on: NaiveDate,
        late: bool,
        challenge_until: NaiveDate,
    },
    Challenged {
        by: String,
        grounds: String,
        on: NaiveDate,
    },
    ChallengeResolved {
        founded: bool,
        resolution: String,
        on: NaiveDate,
    },
    Annulled {
        reason: String,
        at: DateTime<Utc>,
    },
    OutcomeApplied {
        outcome: Outcome,
        effect: Effect,
        at: DateTime<Utc>,
    },
    Cancelled {
        reason: String,
        at: DateTime<Utc>,
    },
}

impl Event {
    pub fn kind(&self) -> &'static str {
        match self {
            Event::Called { .. } => kinds::VOTE_CALLED,
            Event::RollPublished { .. } => kinds::VOTE_ROLL_PUBLISHED,
            Event::RollChallenged { .. } => kinds::VOTE_ROLL_CHALLENGED,
            Event::RollChallengeResolved { .. } => kinds::VOTE_ROLL_CHALLENGE_RESOLVED,
            Event::RollClosed { .. } => kinds::VOTE_ROLL_CLOSED,
            Event::ObserverAccredited { .. } => kinds::VOTE_OBSERVER_ACCREDITED,
            Event::Held { .. } => kinds::VOTE_HELD,
            Event::ResultsRecorded { .. } => kinds::VOTE_RESULTS_RECORDED,
            Event::ResultsPublished { .. } => kinds::VOTE_RESULTS_PUBLISHED,
            Event::Challenged { .. } => kinds::VOTE_CHALLENGED,
            Event::ChallengeResolved { .. } => kinds::VOTE_CHALLENGE_RESOLVED,
            Event::Annulled { .. } => kinds::VOTE_ANNULLED,
            Event::OutcomeApplied { .. } => kinds::VOTE_OUTCOME_APPLIED,
            Event::Cancelled { .. } => kinds::VOTE_CANCELLED,
        }
    }
}
