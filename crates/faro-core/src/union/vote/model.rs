//! A workers' vote (consulta) as its events made it.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use super::tally::{Outcome, StationResult, Tally};
use crate::union::anomalies::Anomaly;
use crate::union::clock::Deadline;
use crate::union::members::RollEntry;

/// What the workers vote on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Purpose {
    /// 390 Ter: approving an initial agreement before its registration.
    InitialAgreement,
    /// 390 Ter, 400 Bis: approving a revision.
    Revision,
    /// 2019 decree, Transitory 11th: legitimizing an agreement that existed on 1 May 2019.
    Legitimization,
    /// 401-I: ending the agreement by mutual consent.
    Termination,
    /// 371-IX: electing the leadership.
    LeadershipElection,
    /// 388, 390 Bis-III: which of several unions gets the certificate of representativeness.
    Representativeness,
}

impl Purpose {
    pub const ALL: [Purpose; 6] = [
        Purpose::InitialAgreement,
        Purpose::Revision,
        Purpose::Legitimization,
        Purpose::Termination,
        Purpose::LeadershipElection,
        Purpose::Representativeness,
    ];
    pub fn code(self) -> &'static str {
        match self {
            Purpose::InitialAgreement => "initial_agreement",
            Purpose::Revision => "revision",
            Purpose::Legitimization => "legitimization",
            Purpose::Termination => "termination",
            Purpose::LeadershipElection => "leadership_election",
            Purpose::Representativeness => "representativeness",
        }
    }
    pub fn article(self) -> &'static str {
        match self {
            Purpose::InitialAgreement => "LFT 390 Ter",
            Purpose::Revision => "LFT 390 Ter, 400 Bis",
            Purpose::Legitimization => "LFT 390 Ter; 2019 decree, Transitory 11th",
            Purpose::Termination => "LFT 401-I, 390 Ter",
            Purpose::LeadershipElection => "LFT 371-IX",
            Purpose::Representativeness => "LFT 388, 390 Bis-III",
        }
    }
    /// A vote for or against (as opposed to a contest between unions or slates).
    pub fn is_approval(self) -> bool {
        matches!(
            self,
            Purpose::InitialAgreement | Purpose::Revision | Purpose::Legitimization | Purpose::Termination
        )
    }
}

/// A polling station.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Station {
    pub id: String,
    pub place: String,
}

/// Who may be present at a station besides the officials (390 Bis-III c).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ObserverRole {
    /// A party's representative: at most 2 per party per station.
    Representative,
    /// An observer the registrar accredited.
    Observer,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Observer {
    pub name: String,
    /// The party represented (a union), or the observer's organization.
    pub party: String,
    pub station: String,
    pub role: ObserverRole,
}

/// A correction asked of the roll.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum RollChange {
    /// A worker missing from the roll.
    Include { entry: RollEntry },
    /// A worker who should not be on it (a trusted employee, hired after the request...).
    Exclude { curp: String },
    /// A wrong entry (name, CURP, station).
    Correct { curp: String, entry: RollEntry },
}

/// A challenge to the roll and its resolution.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RollChallenge {
    pub number: u32,
    pub change: RollChange,
    pub by: String,
    pub reason: String,
    pub filed_on: NaiveDate,
    /// `Some(true)`: accepted and applied; `Some(false)`: rejected; `None`: pending.
    pub accepted: Option<bool>,
}

/// A challenge to the vote itself.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VoteChallenge {
    pub by: String,
    pub grounds: String,
    pub filed_on: NaiveDate,
    /// `Some(true)`: founded, the vote annulled; `Some(false)`: the vote stands.
    pub founded: Option<bool>,
    pub resolution: String,
}

/// What a vote's outcome does to its subject.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "effect", rename_all = "snake_case")]
pub enum Effect {
    /// 390 Ter-III a: the initial agreement may be filed for registration.
    AgreementApproved,
    /// 390 Ter-IV: no majority; the union may strike or extend the pre-strike period and consult again.
    AgreementNotApproved,
    /// 390 Ter-III b, 399 Ter: the revision goes to the registrar.
    RevisionApproved,
    RevisionNotApproved,
    /// Transitory 11th: the agreement is legitimized.
    Legitimized,
    /// A majority against: the agreement is terminated; benefits above the law stay.
    LegitimizationRejected,
    /// No majority either way (a tie, too few votes): the union may consult again before the
    /// deadline (CFCRL protocol 2021, [S]).
    LegitimizationInconclusive,
    /// 401-I: the agreement ends by mutual consent.
    Terminated,
    TerminationNotApproved,
    LeadershipElected {
        slate: String,
    },
    NoLeadershipElected,
    /// 388, 390 Bis-III: the certificate goes to this union.
    RepresentativenessWinner {
        union: String,
    },
    NoRepresentativeness,
}

impl Effect {
    /// The effect of `outcome` in a vote for `purpose`.
    pub fn of(purpose: Purpose, outcome: &Outcome) -> Effect {
        match (purpose, outcome) {
            (Purpose::InitialAgreement, Outcome::Approved) => Effect::AgreementApproved,
            (Purpose::InitialAgreement, _) => Effect::AgreementNotApproved,
            (Purpose::Revision, Outcome::Approved) => Effect::RevisionApproved,
            (Purpose::Revision, _) => Effect::RevisionNotApproved,
            (Purpose::Legitimization, Outcome::Approved) => Effect::Legitimized,
            (Purpose::Legitimization, Outcome::Rejected) => Effect::LegitimizationRejected,
            (Purpose::Legitimization, _) => Effect::LegitimizationInconclusive,
            (Purpose::Termination, Outcome::Approved) => Effect::Terminated,
            (Purpose::Termination, _) => Effect::TerminationNotApproved,
            (Purpose::LeadershipElection, Outcome::Winner { option }) => {
                Effect::LeadershipElected { slate: option.clone() }
            }
            (Purpose::LeadershipElection, _) => Effect::NoLeadershipElected,
            (Purpose::Representativeness, Outcome::Winner { option }) => {
                Effect::RepresentativenessWinner { union: option.clone() }
            }
            (Purpose::Representativeness, _) => Effect::NoRepresentativeness,
        }
    }
}

/// Where a vote stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Called,
    RollPublished,
    /// Every challenge to the roll resolved; the roll is final.
    RollFinal,
    Held,
    ResultsRecorded,
    Published,
    Challenged,
    /// The challenge failed: the vote stands.
    Upheld,
    /// Annulled (a founded challenge, or inconsistencies, 390 Ter-II f): a new vote is needed.
    Annulled,
    OutcomeApplied,
    /// Called off before it was held.
    Cancelled,
}

impl Status {
    pub const ALL: [Status; 11] = [
        Status::Called,
        Status::RollPublished,
        Status::RollFinal,
        Status::Held,
        Status::ResultsRecorded,
        Status::Published,
        Status::Challenged,
        Status::Upheld,
        Status::Annulled,
        Status::OutcomeApplied,
        Status::Cancelled,
    ];
    pub fn code(self) -> &'static str {
        match self {
            Status::Called => "called",
            Status::RollPublished => "roll_published",
            Status::RollFinal => "roll_final",
            Status::Held => "held",
            Status::ResultsRecorded => "results_recorded",
            Status::Published => "published",
            Status::Challenged => "challenged",
            Status::Upheld => "upheld",
            Status::Annulled => "annulled",
            Status::OutcomeApplied => "outcome_applied",
            Status::Cancelled => "cancelled",
        }
    }
    pub fn parse(s: &str) -> Option<Status> {
        Status::ALL.into_iter().find(|k| k.code() == s.trim())
    }
    pub fn is_terminal(self) -> bool {
        matches!(self, Status::Annulled | Status::OutcomeApplied | Status::Cancelled)
    }
    /// Before the vote is held.
    pub fn before_vote(self) -> bool {
        matches!(self, Status::Called | Status::RollPublished | Status::RollFinal)
    }
}

/// A vote's result as other procedures consume it (the agreement, the certificate, the union).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VoteRef {
    /// The vote's id in the store.
    pub vote_id: String,
    pub purpose: Purpose,
    pub held_on: NaiveDate,
    pub outcome: Outcome,
    pub tally: Tally,
}

/// One vote.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Vote {
    pub purpose: Purpose,
    /// The id of what is voted on: the agreement, the union or the certificate request.
    pub subject: String,
    /// Who calls it: the union (390 Ter, 371-IX) or the CFCRL (390 Bis).
    pub organizer: String,
    pub options: Vec<String>,
    pub stations: Vec<Station>,
    pub status: Status,
    pub called_at: DateTime<Utc>,
    pub called_on: NaiveDate,
    pub vote_on: NaiveDate,
    /// 390 Ter-I: when the union told the CFCRL.
    pub registrar_notified_on: Option<NaiveDate>,
    /// 390 Bis-III a: the request the roll is cut at (representativeness votes).
    pub request_filed_on: Option<NaiveDate>,
    pub roll: Vec<RollEntry>,
    pub roll_published_on: Option<NaiveDate>,
    pub roll_anomalies: Vec<Anomaly>,
    pub roll_challenges: Vec<RollChallenge>,
    pub observers: Vec<Observer>,
    pub held_on: Option<NaiveDate>,
    /// 390 Ter-II g: the records are kept until this day.
    pub records_keep_until: Option<NaiveDate>,
    pub results: Vec<StationResult>,
    pub tally: Option<Tally>,
    pub outcome: Option<Outcome>,
    pub results_recorded_on: Option<NaiveDate>,
    pub result_anomalies: Vec<Anomaly>,
    /// 390 Ter-II e: the last day to post the result.
    pub posting_due: Option<NaiveDate>,
    /// 390 Ter-II f: the last day to report it to the CFCRL.
    pub result_notice_due: Option<NaiveDate>,
    pub published_on: Option<NaiveDate>,
    pub publication_late: bool,
    /// The last day a challenge is received.
    pub challenge_until: Option<NaiveDate>,
    pub challenges: Vec<VoteChallenge>,
    pub effect: Option<Effect>,
    pub ended_at: Option<DateTime<Utc>>,
    pub end_reason: String,
}

impl Vote {
    /// Voters on the roll.
    pub fn roll_size(&self) -> u32 {
        u32::try_from(self.roll.len()).unwrap_or(u32::MAX)
    }

    /// Voters on each station's roll (every station, even empty ones).
    pub fn roll_by_station(&self) -> std::collections::BTreeMap<String, u32> {
        let mut m: std::collections::BTreeMap<String, u32> = self.stations.iter().map(|s| (s.id.clone(), 0)).collect();
        for e in &self.roll {
            let c = m.entry(e.station.clone()).or_insert(0);
            *c = c.saturating_add(1);
        }
        m
    }

    /// The roll challenges not yet resolved.
    pub fn pending_roll_challenges(&self) -> usize {
        self.roll_challenges.iter().filter(|c| c.accepted.is_none()).count()
    }

    /// The result as other procedures consume it, once the outcome was applied.
    pub fn reference(&self, vote_id: &str) -> Option<VoteRef> {
        if self.status != Status::OutcomeApplied {
            return None;
        }
        Some(VoteRef {
            vote_id: vote_id.to_string(),
            purpose: self.purpose,
            held_on: self.held_on?,
            outcome: self.outcome.clone()?,
            tally: self.tally.clone()?,
        })
    }

    /// The next legal date the vote is waiting on.
    pub fn next_deadline(&self) -> Option<Deadline> {
        match self.status {
            Status::Called | Status::RollPublished | Status::RollFinal => {
                Some(Deadline::new(self.vote_on, "vote.vote_on", self.purpose.article()))
            }
            Status::Held => self
                .result_notice_due
                .map(|d| Deadline::new(d, "vote.result_notice", "LFT 390 Ter-II f")),
            Status::ResultsRecorded => self
                .posting_due
                .map(|d| Deadline::new(d, "vote.result_posting", "LFT 390 Ter-II e")),
            Status::Published => self
                .challenge_until
                .map(|d| Deadline::new(d, "vote.challenge", "Faro's default")),
            _ => None,
        }
    }
}
