//! What somebody asks to happen to a request for a certificate of representativeness, and what
//! happened.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use super::model::{Applicant, Certificate};
use crate::union::kinds;
use crate::union::members::SupporterInput;
use crate::union::vote::VoteRef;

/// What somebody asks.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "command", rename_all = "snake_case")]
pub enum Command {
    /// A union requests the certificate (390 Bis-I).
    Request {
        union: String,
        registration_number: String,
        employer_name: String,
        employer_rfc: String,
        workplace: String,
        activity: String,
        covered_workers: u32,
        support: Vec<SupporterInput>,
    },
    /// The registrar warns of missing data (390 Bis-I).
    NotifyDefects { observations: String },
    /// The union cures its request with a new support list.
    Correct { support: Vec<SupporterInput> },
    /// The notice is published online and at the workplace (390 Bis-II).
    PublishNotice,
    /// Another union joins within the 10 days (390 Bis-II).
    Join {
        union: String,
        registration_number: String,
        support: Vec<SupporterInput>,
    },
    /// The 10 days passed: count who qualifies.
    CloseWindow,
    /// One union qualified and the registrar verified its support (390 Bis-III).
    Issue { certificate_number: String },
    /// The vote between the qualifying unions (390 Bis-III): the winner gets the certificate.
    RecordVote { vote: VoteRef, certificate_number: String },
    /// The registrar denies the certificate.
    Deny { reason: String },
    /// The holder's strike began (387: the validity is extended while it lasts).
    RecordStrike { started_on: NaiveDate },
    /// The holder's strike ended.
    RecordStrikeEnded { ended_on: NaiveDate },
    /// The six months passed.
    Expire,
}

impl Command {
    pub fn name(&self) -> &'static str {
        match self {
            Command::Request { .. } => "request",
            Command::NotifyDefects { .. } => "notify_defects",
            Command::Correct { .. } => "correct",
            Command::PublishNotice => "publish_notice",
            Command::Join { .. } => "join",
            Command::CloseWindow => "close_window",
            Command::Issue { .. } => "issue",
            Command::RecordVote { .. } => "record_vote",
            Command::Deny { .. } => "deny",
            Command::RecordStrike { .. } => "record_strike",
            Command::RecordStrikeEnded { .. } => "record_strike_ended",
            Command::Expire => "expire",
        }
    }
}

/// What happened. Stored as the payload of an event of kind [`Event::kind`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Event {
    Requested {
        applicant: Applicant,
        employer_name: String,
        employer_rfc: String,
        workplace: String,
        activity: String,
        covered_workers: u32,
        defect_notice_by: NaiveDate,
        notice_by: NaiveDate,
        at: DateTime<Utc>,
    },
    DefectsNotified {
        observations: String,
        on: NaiveDate,
        cure_by: NaiveDate,
        late: bool,
    },
    Corrected {
        applicant: Applicant,
        on: NaiveDate,
        /// Cured after the 3 days of 390 Bis-I.
        late: bool,
    },
    NoticePublished {
        on: NaiveDate,
        window_until: NaiveDate,
        late: bool,
    },
    Joined {
        applicant: Applicant,
    },
    WindowClosed {
        qualifying: Vec<String>,
        on: NaiveDate,
    },
    VoteRequired {
        unions: Vec<String>,
        roll_due: NaiveDate,
    },
    Issued {
        certificate: Certificate,
    },
    Denied {
        reason: String,
        at: DateTime<Utc>,
    },
    StrikeRecorded {
        started_on: Option<NaiveDate>,
        ended_on: Option<NaiveDate>,
        valid_until: NaiveDate,
    },
    Expired {
        on: NaiveDate,
        at: DateTime<Utc>,
    },
}

impl Event {
    pub fn kind(&self) -> &'static str {
        match self {
            Event::Requested { .. } => kinds::REPRESENTATIVENESS_REQUESTED,
            Event::DefectsNotified { .. } => kinds::REPRESENTATIVENESS_DEFECTS_NOTIFIED,
            Event::Corrected { .. } => kinds::REPRESENTATIVENESS_CORRECTED,
            Event::NoticePublished { .. } => kinds::REPRESENTATIVENESS_NOTICE_PUBLISHED,
            Event::Joined { .. } => kinds::REPRESENTATIVENESS_JOINED,
            Event::WindowClosed { .. } => kinds::REPRESENTATIVENESS_WINDOW_CLOSED,
            Event::VoteRequired { .. } => kinds::REPRESENTATIVENESS_VOTE_REQUIRED,
            Event::Issued { .. } => kinds::REPRESENTATIVENESS_ISSUED,
            Event::Denied { .. } => kinds::REPRESENTATIVENESS_DENIED,
            Event::StrikeRecorded { .. } => kinds::REPRESENTATIVENESS_STRIKE_RECORDED,
            Event::Expired { .. } => kinds::REPRESENTATIVENESS_EXPIRED,
        }
    }
}
