//! What somebody asks to happen to an agreement's file, and what happened.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use super::model::{
    AgreementKind, CertificateRef, DepositInput, Legitimization, Requirement, RevisionDates, RevisionKind,
    TerminationCause,
};
use crate::ids::Rfc;
use crate::union::kinds;
use crate::union::minimums::{AgreementDuration, AgreementTerms, MinimumsReport};
use crate::union::redact::Kind as RedactedKind;
use crate::union::vote::VoteRef;

/// What somebody asks.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "command", rename_all = "snake_case")]
pub enum Command {
    /// Deposit the agreement (390). A legacy agreement is recorded as registered at once.
    Deposit { input: Box<DepositInput> },
    /// The CFCRL registers it (390: within 30 days).
    Register { registration_number: String },
    /// The CFCRL refuses it.
    Refuse { reason: String },
    /// A party requests a revision (399, 399 Bis).
    RequestRevision { kind: RevisionKind },
    /// The revision agreed and approved by the workers (390 Ter, 400 Bis) is deposited.
    DepositRevision {
        kind: RevisionKind,
        agreed_on: NaiveDate,
        effective_from: Option<NaiveDate>,
        vote: VoteRef,
        terms: Option<AgreementTerms>,
    },
    /// The result of a legitimization vote of a legacy agreement (Transitory 11th).
    RecordLegitimization { vote: VoteRef },
    /// The agreement ends (401; a legacy one not legitimized in time).
    Terminate {
        cause: TerminationCause,
        on: NaiveDate,
        vote: Option<VoteRef>,
        reason: String,
    },
    /// Publish the public version of the text (391 Bis): `names` are the signatories and
    /// workers named in it.
    PublishPublicVersion { text: String, names: Vec<String> },
}

impl Command {
    pub fn name(&self) -> &'static str {
        match self {
            Command::Deposit { .. } => "deposit",
            Command::Register { .. } => "register",
            Command::Refuse { .. } => "refuse",
            Command::RequestRevision { .. } => "request_revision",
            Command::DepositRevision { .. } => "deposit_revision",
            Command::RecordLegitimization { .. } => "record_legitimization",
            Command::Terminate { .. } => "terminate",
            Command::PublishPublicVersion { .. } => "publish_public_version",
        }
    }
}

/// The deposit as recorded.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Deposit {
    pub kind: AgreementKind,
    pub union_name: String,
    pub union_registration: String,
    pub employer_name: String,
    pub employer_rfc: Option<Rfc>,
    pub scope: String,
    pub covered_workers: u32,
    pub signed_on: NaiveDate,
    pub effective_from: NaiveDate,
    pub duration: AgreementDuration,
    pub certificate: Option<CertificateRef>,
    pub approval: Option<VoteRef>,
    pub terms: Option<AgreementTerms>,
}

/// What happened. Stored as the payload of an event of kind [`Event::kind`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Event {
    Deposited {
        deposit: Box<Deposit>,
        minimums: Option<MinimumsReport>,
        unmet: Vec<Requirement>,
        legitimization: Legitimization,
        legitimization_deadline: Option<NaiveDate>,
        on: NaiveDate,
        decide_by: NaiveDate,
        at: DateTime<Utc>,
    },
    Registered {
        registration_number: String,
        on: NaiveDate,
        late: bool,
        revision_dates: RevisionDates,
    },
    Refused {
        reason: String,
        on: NaiveDate,
        at: DateTime<Utc>,
    },
    RevisionRequested {
        kind: RevisionKind,
        on: NaiveDate,
        due_on: NaiveDate,
        timely: bool,
    },
    RevisionDeposited {
        kind: RevisionKind,
        agreed_on: NaiveDate,
        effective_from: NaiveDate,
        vote_id: String,
        terms: Option<AgreementTerms>,
        minimums: Option<MinimumsReport>,
        revision_dates: RevisionDates,
        on: NaiveDate,
    },
    LegitimizationRecorded {
        vote_id: String,
        legitimization: Legitimization,
        on: NaiveDate,
    },
    PublicVersionPublished {
        /// The text with the personal data removed.
        public_text: String,
        removed: Vec<(RedactedKind, usize)>,
        on: NaiveDate,
    },
    Terminated {
        cause: TerminationCause,
        article: String,
        on: NaiveDate,
        vote_id: Option<String>,
        reason: String,
        at: DateTime<Utc>,
    },
}

impl Event {
    pub fn kind(&self) -> &'static str {
        match self {
            Event::Deposited { .. } => kinds::AGREEMENT_DEPOSITED,
            Event::Registered { .. } => kinds::AGREEMENT_REGISTERED,
            Event::Refused { .. } => kinds::AGREEMENT_REFUSED,
            Event::RevisionRequested { .. } => kinds::AGREEMENT_REVISION_REQUESTED,
            Event::RevisionDeposited { .. } => kinds::AGREEMENT_REVISION_DEPOSITED,
            Event::LegitimizationRecorded { .. } => kinds::AGREEMENT_LEGITIMIZATION_RECORDED,
            Event::PublicVersionPublished { .. } => kinds::AGREEMENT_PUBLIC_VERSION_PUBLISHED,
            Event::Terminated { .. } => kinds::AGREEMENT_TERMINATED,
        }
    }
}
