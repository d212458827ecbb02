//! What somebody asks to happen to a conciliation case, and what happened.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use super::clock::Interruption;
use super::competence::{Forwarding, Routing};
use super::exceptions::{ExemptMatter, Exemption};
use super::model::{AbsentSide, Constancia, Hearing, HeldHearing, Track};
use super::request::{RequestDraft, RequestInput};
use super::settlement::{Settlement, SettlementInput};
use crate::catalog::Money;
use crate::Jurisdiction;

pub use super::model::Slot;

/// A request another centre forwarded here (684-E V): where, and when it was first filed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ForwardedFrom {
    pub center: Jurisdiction,
    pub filed_on: NaiveDate,
}

/// What the notifier (or the requester, on the fast track) reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ServiceResult {
    Served,
    Refused,
    NotFound,
}

/// How a hearing went.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "outcome", rename_all = "snake_case")]
pub enum HearingOutcome {
    /// Both present; a convenio signed and ratified in the act (684-E VIII).
    Settlement(SettlementInput),
    /// Both present, no agreement: constancia (684-E VIII).
    NoAgreement,
    /// Both present, no agreement, and they jointly ask for a new hearing within 5 days
    /// (684-E VIII); no constancia yet.
    JointNewHearing { slot: Slot },
    /// The requester did not come (without cause): archived for lack of interest, without a
    /// constancia (684-E X; fast track). If the summoned employer did not come either, it is
    /// still fined.
    RequesterAbsent { summoned_present: bool },
    /// Only the requester came. Ordinary and joint filing: constancia, and the 994-VIII fine for
    /// an employer (684-E X, IV). Fast track: `new_slot` is the new hearing within 15 days under
    /// the ordinary rules.
    SummonedAbsent { new_slot: Option<Slot> },
    /// A party (or both) missed it for a cause the conciliator accepts (684-E IX, 684-F II): a
    /// new hearing within 5 days.
    JustifiedAbsence {
        absent: AbsentSide,
        reason: String,
        new_slot: Slot,
    },
}

impl HearingOutcome {
    pub fn name(&self) -> &'static str {
        match self {
            HearingOutcome::Settlement(_) => "settlement",
            HearingOutcome::NoAgreement => "no_agreement",
            HearingOutcome::JointNewHearing { .. } => "joint_new_hearing",
            HearingOutcome::RequesterAbsent { .. } => "requester_absent",
            HearingOutcome::SummonedAbsent { .. } => "summoned_absent",
            HearingOutcome::JustifiedAbsence { .. } => "justified_absence",
        }
    }
}

/// What somebody asks to happen to a case.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "command", rename_all = "snake_case")]
pub enum Command {
    /// Receive a request at `center` (validated here; a claimed 685 Ter matter closes it at once).
    File {
        center: Jurisdiction,
        request: Box<RequestInput>,
        forwarded_from: Option<ForwardedFrom>,
    },
    /// Declare the centre not competent and send the request to `to` (684-E V).
    Forward { to: Jurisdiction, reason: String },
    /// Close without conciliation: the matter is exempt (685 Ter).
    DeclareExempt { matter: ExemptMatter, reason: String },
    /// Set the first hearing (684-E IV, VI or the fast track).
    ScheduleHearing { slot: Slot },
    /// Move the hearing set (e.g. the summons could not be served in time). Within 684-D.
    Reschedule { slot: Slot, reason: String },
    /// The notifier's (or the requester's) report on the summons.
    RecordService {
        result: ServiceResult,
        on: NaiveDate,
        note: String,
    },
    /// End the stage because the summons could not be served (684-E XI).
    CloseForFailedService { note: String },
    /// Record the hearing.
    HoldHearing {
        conciliator_id: String,
        outcome: HearingOutcome,
    },
    /// An instalment of the convenio was paid, in full.
    RecordPayment { installment: u32, paid_on: NaiveDate },
    /// Some of the accrued penalty was paid.
    RecordPenaltyPayment { amount: Money, paid_on: NaiveDate },
    /// Certify that the convenio was complied with (684-E XIV).
    CertifyCompliance,
    /// Certify that it was not (the worker may enforce it, 684-E XIII).
    CertifyNonCompliance { note: String },
}

impl Command {
    /// The stable name of the command, for the API and the policy.
    pub fn name(&self) -> &'static str {
        match self {
            Command::File { .. } => "file",
            Command::Forward { .. } => "forward",
            Command::DeclareExempt { .. } => "declare_exempt",
            Command::ScheduleHearing { .. } => "schedule_hearing",
            Command::Reschedule { .. } => "reschedule",
            Command::RecordService { .. } => "record_service",
            Command::CloseForFailedService { .. } => "close_for_failed_service",
            Command::HoldHearing { .. } => "hold_hearing",
            Command::RecordPayment { .. } => "record_payment",
            Command::RecordPenaltyPayment { .. } => "record_penalty_payment",
            Command::CertifyCompliance => "certify_compliance",
            Command::CertifyNonCompliance { .. } => "certify_non_compliance",
        }
    }
}

/// The 994-VIII fine the case asks the sanctions ledger to impose.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FineRequest {
    /// The violation rule id in `rules/violations.toml` ("lft-994-viii").
    pub violation: String,
    pub article: String,
    pub min_uma: u32,
    pub max_uma: u32,
    /// The day of the missed hearing: the UMA of that day applies (LFT 992).
    pub violation_date: NaiveDate,
    pub center: Jurisdiction,
    /// The employer as the request names it (empty if only the workplace is known).
    pub employer_name: String,
    pub employer_rfc: Option<String>,
    pub employer_address: String,
    pub workplace_address: String,
    pub hearing: u32,
}

/// What happened to a case. Stored as the payload of an event of kind [`Event::kind`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Event {
    Filed {
        center: Jurisdiction,
        request: Box<RequestDraft>,
        routing: Routing,
        track: Track,
        received_at: DateTime<Utc>,
        filed_on: NaiveDate,
        forwarded_from: Option<Jurisdiction>,
        procedure_limit: NaiveDate,
        /// The 24 hours to forward, when the routing says another centre is competent.
        forward_due: Option<DateTime<Utc>>,
        interruption: Interruption,
    },
    /// Sent to the competent centre; the requester is told (684-E V).
    Forwarded {
        forwarding: Forwarding,
        reason: String,
        /// Sent after the 24 hours.
        late: bool,
        /// The centre chose what the routing table says.
        routing_agrees: bool,
        at: DateTime<Utc>,
    },
    ClosedExempt {
        exemption: Exemption,
        interruption: Interruption,
        at: DateTime<Utc>,
    },
    HearingScheduled {
        hearing: Hearing,
        /// The track from now on (the fast track turns ordinary after its reset).
        track: Track,
        at: DateTime<Utc>,
    },
    HearingRescheduled {
        hearing: Hearing,
        reason: String,
        at: DateTime<Utc>,
    },
    ServiceRecorded {
        hearing: u32,
        result: ServiceResult,
        on: NaiveDate,
        /// Personal service: whether it gave the 5 days of notice.
        timely: Option<bool>,
        attempts: u32,
        note: String,
        at: DateTime<Utc>,
    },
    HearingHeld {
        held: HeldHearing,
        at: DateTime<Utc>,
    },
    SettlementRatified {
        settlement: Settlement,
        at: DateTime<Utc>,
    },
    ConstanciaIssued {
        constancia: Constancia,
        interruption: Interruption,
        note: String,
        at: DateTime<Utc>,
    },
    /// Archived for the requester's lack of interest, without a constancia (684-E X).
    Archived {
        on: NaiveDate,
        interruption: Interruption,
        at: DateTime<Utc>,
    },
    /// For the sanctions ledger: the employer missed the hearing it was validly summoned to.
    FineRequested {
        fine: FineRequest,
        at: DateTime<Utc>,
    },
    InstallmentPaid {
        installment: u32,
        amount: Money,
        paid_on: NaiveDate,
        days_late: u32,
        /// The penalty accrued on the whole convenio up to the payment.
        penalty_accrued: Money,
        at: DateTime<Utc>,
    },
    PenaltyPaid {
        amount: Money,
        paid_on: NaiveDate,
        at: DateTime<Utc>,
    },
    ComplianceCertified {
        total_paid: Money,
        penalty_accrued: Money,
        penalty_paid: Money,
        on: NaiveDate,
        at: DateTime<Utc>,
    },
    NonComplianceCertified {
        outstanding: Money,
        unpaid_installments: Vec<u32>,
        penalty_accrued: Money,
        penalty_outstanding: Money,
        on: NaiveDate,
        note: String,
        at: DateTime<Utc>,
    },
}

impl Event {
    /// The event kind in the log ("conciliation.filed").
    pub fn kind(&self) -> &'static str {
        match self {
            Event::Filed { .. } => "conciliation.filed",
            Event::Forwarded { .. } => "conciliation.forwarded",
            Event::ClosedExempt { .. } => "conciliation.closed_exempt",
            Event::HearingScheduled { .. } => "conciliation.hearing_scheduled",
            Event::HearingRescheduled { .. } => "conciliation.hearing_rescheduled",
            Event::ServiceRecorded { .. } => "conciliation.service_recorded",
            Event::HearingHeld { .. } => "conciliation.hearing_held",
            Event::SettlementRatified { .. } => "conciliation.settlement_ratified",
            Event::ConstanciaIssued { .. } => "conciliation.constancia_issued",
            Event::Archived { .. } => "conciliation.archived",
            Event::FineRequested { .. } => "conciliation.fine_requested",
            Event::InstallmentPaid { .. } => "conciliation.installment_paid",
            Event::PenaltyPaid { .. } => "conciliation.penalty_paid",
            Event::ComplianceCertified { .. } => "conciliation.compliance_certified",
            Event::NonComplianceCertified { .. } => "conciliation.non_compliance_certified",
        }
    }
}
