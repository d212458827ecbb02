//! What somebody asks to happen to a union's file, and what happened.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use super::model::{CancellationGround, Defect, Filing, FilingInput, Leadership, RefusalGround, Review, StatuteClause};
use crate::union::kinds;
use crate::union::members::{Member, MemberInput};

/// What somebody asks.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "command", rename_all = "snake_case")]
pub enum Command {
    /// The union files its registration (365).
    File { filing: Box<FilingInput> },
    /// The registrar warns of the defects found, plus its own observations (366).
    NotifyDefects { observations: String },
    /// The union delivers the corrected filing.
    Correct { filing: Box<FilingInput> },
    /// The 20 days passed: the union demands a decision (366).
    DemandDecision,
    /// The registrar registers the union under `registration_number`.
    Register { registration_number: String },
    /// The registrar refuses, on a ground of 366 only.
    Refuse { ground: RefusalGround, reason: String },
    /// The 3 days after the demand passed: the registration is deemed granted (366).
    DeclareDeemedRegistered,
    /// The certificate of a deemed registration, with its number.
    IssueCertificate { registration_number: String },
    /// The union reports a new leadership (377-II).
    ReportLeadershipChange { leadership: Leadership },
    /// The registrar issues the toma de nota (364 Bis).
    CertifyLeadership,
    /// The registrar does not certify it: the election breached 371-IX.
    RejectLeadership { reason: String },
    /// The union reports a change of statutes (377-II).
    ReportStatuteChange {
        adopted_on: NaiveDate,
        clauses: Vec<StatuteClause>,
        summary: String,
    },
    /// The union reports who joined and who left (377-III). `left` holds CURPs (or RFCs).
    UpdateMembers {
        as_of: NaiveDate,
        joined: Vec<MemberInput>,
        left: Vec<String>,
    },
    /// The union delivers the minutes of the assembly where the leadership gave its account (373).
    FileFinancialReport {
        assembly_on: NaiveDate,
        period_from: NaiveDate,
        period_until: NaiveDate,
    },
    /// A court cancelled the registration (369; never by administrative means, 370).
    RecordCancellation {
        court: String,
        ruling_on: NaiveDate,
        ground: CancellationGround,
        reason: String,
    },
}

impl Command {
    pub fn name(&self) -> &'static str {
        match self {
            Command::File { .. } => "file",
            Command::NotifyDefects { .. } => "notify_defects",
            Command::Correct { .. } => "correct",
            Command::DemandDecision => "demand_decision",
            Command::Register { .. } => "register",
            Command::Refuse { .. } => "refuse",
            Command::DeclareDeemedRegistered => "declare_deemed_registered",
            Command::IssueCertificate { .. } => "issue_certificate",
            Command::ReportLeadershipChange { .. } => "report_leadership_change",
            Command::CertifyLeadership => "certify_leadership",
            Command::RejectLeadership { .. } => "reject_leadership",
            Command::ReportStatuteChange { .. } => "report_statute_change",
            Command::UpdateMembers { .. } => "update_members",
            Command::FileFinancialReport { .. } => "file_financial_report",
            Command::RecordCancellation { .. } => "record_cancellation",
        }
    }
}

/// What happened. Stored as the payload of an event of kind [`Event::kind`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Event {
    Filed {
        filing: Box<Filing>,
        review: Review,
        received_at: DateTime<Utc>,
        filed_on: NaiveDate,
        defect_notice_by: NaiveDate,
        resolution_by: NaiveDate,
    },
    DefectsNotified {
        defects: Vec<Defect>,
        on: NaiveDate,
        cure_by: NaiveDate,
        /// Warned after the 5 days of 366.
        late: bool,
    },
    Corrected {
        filing: Box<Filing>,
        review: Review,
        on: NaiveDate,
        resolution_by: NaiveDate,
    },
    DecisionDemanded {
        on: NaiveDate,
        deemed_on: NaiveDate,
    },
    Registered {
        registration_number: String,
        on: NaiveDate,
        /// Decided after the 20 days.
        late: bool,
        member_update_due: NaiveDate,
        financial_report_due: NaiveDate,
    },
    Refused {
        ground: RefusalGround,
        article: String,
        reason: String,
        on: NaiveDate,
        at: DateTime<Utc>,
    },
    DeemedRegistered {
        /// The first day the registration holds by law.
        on: NaiveDate,
        certificate_by: NaiveDate,
        member_update_due: NaiveDate,
        financial_report_due: NaiveDate,
    },
    CertificateIssued {
        registration_number: String,
        on: NaiveDate,
        late: bool,
    },
    LeadershipChangeReported {
        leadership: Leadership,
        reported_on: NaiveDate,
        /// Reported after the 10 days of 377-II.
        late: bool,
        certify_by: NaiveDate,
    },
    LeadershipCertified {
        leadership: Leadership,
        on: NaiveDate,
        late: bool,
    },
    LeadershipRejected {
        reason: String,
        on: NaiveDate,
    },
    StatutesChanged {
        clauses: Vec<StatuteClause>,
        missing_clauses: Vec<StatuteClause>,
        summary: String,
        adopted_on: NaiveDate,
        reported_on: NaiveDate,
        late: bool,
    },
    MembersUpdated {
        as_of: NaiveDate,
        joined: Vec<Member>,
        left: Vec<String>,
        members_after: u32,
        /// Fewer members than 364 requires: a ground for a court to cancel (369-II); a flag.
        below_minimum: bool,
        next_due: NaiveDate,
        on: NaiveDate,
    },
    FinancialReportFiled {
        assembly_on: NaiveDate,
        period_from: NaiveDate,
        period_until: NaiveDate,
        filed_on: NaiveDate,
        /// Delivered after the 10 days of 373, or the assembly came more than 6 months after
        /// the last one.
        late: bool,
        next_due: NaiveDate,
    },
    Cancelled {
        court: String,
        ruling_on: NaiveDate,
        ground: CancellationGround,
        reason: String,
        at: DateTime<Utc>,
    },
}

impl Event {
    pub fn kind(&self) -> &'static str {
        match self {
            Event::Filed { .. } => kinds::UNION_FILED,
            Event::DefectsNotified { .. } => kinds::UNION_DEFECTS_NOTIFIED,
            Event::Corrected { .. } => kinds::UNION_CORRECTED,
            Event::DecisionDemanded { .. } => kinds::UNION_DECISION_DEMANDED,
            Event::Registered { .. } => kinds::UNION_REGISTERED,
            Event::Refused { .. } => kinds::UNION_REFUSED,
            Event::DeemedRegistered { .. } => kinds::UNION_DEEMED_REGISTERED,
            Event::CertificateIssued { .. } => kinds::UNION_CERTIFICATE_ISSUED,
            Event::LeadershipChangeReported { .. } => kinds::UNION_LEADERSHIP_CHANGE_REPORTED,
            Event::LeadershipCertified { .. } => kinds::UNION_LEADERSHIP_CERTIFIED,
            Event::LeadershipRejected { .. } => kinds::UNION_LEADERSHIP_REJECTED,
            Event::StatutesChanged { .. } => kinds::UNION_STATUTES_CHANGED,
            Event::MembersUpdated { .. } => kinds::UNION_MEMBERS_UPDATED,
            Event::FinancialReportFiled { .. } => kinds::UNION_FINANCIAL_REPORT_FILED,
            Event::Cancelled { .. } => kinds::UNION_CANCELLED,
        }
    }
}
