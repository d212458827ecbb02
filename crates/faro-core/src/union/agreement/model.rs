//! A collective agreement's file in the registry.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use crate::ids::Rfc;
use crate::union::clock::Deadline;
use crate::union::minimums::{AgreementDuration, AgreementTerms, MinimumsReport};
use crate::union::redact::Kind as RedactedKind;
use crate::union::vote::VoteRef;

/// An initial agreement, or one that existed on 1 May 2019 and had to be legitimized.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AgreementKind {
    Initial,
    Legacy,
}

/// The certificate of representativeness the union holds (387, 390-c).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CertificateRef {
    pub id: String,
    /// The union it was issued to.
    pub union: String,
    pub issued_on: NaiveDate,
    pub valid_until: NaiveDate,
}

/// A deposit as the parties file it (390).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DepositInput {
    pub kind: AgreementKind,
    pub union_name: String,
    /// The union's registration number.
    pub union_registration: String,
    pub employer_name: String,
    pub employer_rfc: String,
    /// 390-d: the companies and workplaces it covers.
    pub scope: String,
    pub covered_workers: u32,
    pub signed_on: NaiveDate,
    /// 390: it takes effect on the deposit unless the parties agreed another date; 399 counts
    /// the revisions from it.
    pub effective_from: Option<NaiveDate>,
    pub duration: AgreementDuration,
    /// 390-c: required for an initial agreement.
    pub certificate: Option<CertificateRef>,
    /// 390 Ter-III a: the workers' approval of an initial agreement.
    pub approval: Option<VoteRef>,
    /// The structured terms, when the file gives them.
    pub terms: Option<AgreementTerms>,
    /// A legacy agreement: the number it was deposited under and when.
    pub legacy_number: String,
    pub legacy_deposited_on: Option<NaiveDate>,
}

/// What an initial agreement's registration still lacks.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "requirement", rename_all = "snake_case")]
pub enum Requirement {
    /// 390-c: no certificate of representativeness.
    Certificate,
    /// The certificate was issued to another union.
    CertificateOtherUnion { union: String },
    /// 387: signed outside the certificate's six months.
    CertificateNotValid {
        issued_on: NaiveDate,
        valid_until: NaiveDate,
    },
    /// 390 Ter-III a: no approval vote.
    Approval,
    /// The vote given is not an approval of an initial agreement, or did not approve it.
    ApprovalNotGiven { outcome: String },
}

impl Requirement {
    pub fn code(&self) -> &'static str {
        match self {
            Requirement::Certificate => "agreement.requirement.certificate",
            Requirement::CertificateOtherUnion { .. } => "agreement.requirement.certificate_other_union",
            Requirement::CertificateNotValid { .. } => "agreement.requirement.certificate_not_valid",
            Requirement::Approval => "agreement.requirement.approval",
            Requirement::ApprovalNotGiven { .. } => "agreement.requirement.approval_not_given",
        }
    }
}

/// Where a legacy agreement's legitimization stands.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum Legitimization {
    /// An initial agreement: nothing to legitimize.
    NotRequired,
    Pending,
    /// A vote without a majority either way; another may be held before the deadline.
    Inconclusive {
        vote_id: String,
    },
    Legitimized {
        vote_id: String,
        on: NaiveDate,
    },
    /// A majority voted against: the agreement is terminated.
    Rejected {
        vote_id: String,
        on: NaiveDate,
    },
}

/// A wage revision (399 Bis, every year) or a full one (399, every two years).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RevisionKind {
    Wage,
    Full,
}

/// A revision requested and waiting for its convenio.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RevisionRequest {
    pub kind: RevisionKind,
    pub requested_on: NaiveDate,
    /// The anniversary (or expiry) the request is for.
    pub due_on: NaiveDate,
    /// Made at least 30 (wage) or 60 (full) calendar days ahead.
    pub timely: bool,
}

/// A revision deposited.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Revision {
    pub kind: RevisionKind,
    pub agreed_on: NaiveDate,
    pub effective_from: NaiveDate,
    pub vote_id: String,
    pub deposited_on: NaiveDate,
    pub minimums: Option<MinimumsReport>,
}

/// The revision calendar: when the next wage and full revisions fall and the last day to
/// request each (399, 399 Bis).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RevisionDates {
    pub wage_on: NaiveDate,
    pub wage_request_by: NaiveDate,
    pub full_on: NaiveDate,
    pub full_request_by: NaiveDate,
    /// What the periods count from: the effect of the agreement or of its last revision.
    pub wage_from: NaiveDate,
    pub full_from: NaiveDate,
}

/// Why an agreement ended (401; Transitory 11th).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TerminationCause {
    /// 401-I: mutual consent approved by the workers' vote.
    MutualConsent,
    /// 401-II: the work ended.
    EndOfWork,
    /// 401-III: the company or establishment closed.
    Closure,
    /// Transitory 11th: a majority voted against legitimizing it.
    LegitimizationRejected,
    /// Transitory 11th: not legitimized by the deadline.
    LegitimizationLapsed,
    /// A court's ruling (e.g. loss of titularidad, 389).
    CourtRuling,
}

impl TerminationCause {
    pub fn article(self) -> &'static str {
        match self {
            TerminationCause::MutualConsent => "LFT 401-I",
            TerminationCause::EndOfWork => "LFT 401-II",
            TerminationCause::Closure => "LFT 401-III",
            TerminationCause::LegitimizationRejected | TerminationCause::LegitimizationLapsed => {
                "2019 decree, Transitory 11th"
            }
            TerminationCause::CourtRuling => "LFT 389",
        }
    }
}

/// The public version last published (391 Bis): when, and how many items of each kind were
/// removed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PublicVersion {
    pub published_on: NaiveDate,
    pub removed: Vec<(RedactedKind, usize)>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Deposited; the CFCRL decides within 30 days (390).
    Deposited,
    Registered,
    Refused,
    Terminated,
}

impl Status {
    pub const ALL: [Status; 4] = [
        Status::Deposited,
        Status::Registered,
        Status::Refused,
        Status::Terminated,
    ];
    pub fn code(self) -> &'static str {
        match self {
            Status::Deposited => "deposited",
            Status::Registered => "registered",
            Status::Refused => "refused",
            Status::Terminated => "terminated",
        }
    }
    pub fn parse(s: &str) -> Option<Status> {
        Status::ALL.into_iter().find(|k| k.code() == s.trim())
    }
    pub fn is_terminal(self) -> bool {
        matches!(self, Status::Refused | Status::Terminated)
    }
}

/// One agreement's file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Agreement {
    pub status: Status,
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
    /// The terms checked against the law on the deposit (or the last revision).
    pub minimums: Option<MinimumsReport>,
    pub unmet: Vec<Requirement>,
    pub deposited_at: DateTime<Utc>,
    pub deposited_on: NaiveDate,
    /// 390: the last day to decide the registration.
    pub decide_by: NaiveDate,
    pub registration_number: Option<String>,
    pub registered_on: Option<NaiveDate>,
    pub revision_dates: Option<RevisionDates>,
    pub pending_request: Option<RevisionRequest>,
    pub revisions: Vec<Revision>,
    pub legitimization: Legitimization,
    /// Transitory 11th: the deadline a legacy agreement had.
    pub legitimization_deadline: Option<NaiveDate>,
    pub public_version: Option<PublicVersion>,
    pub termination: Option<TerminationCause>,
    pub ended_at: Option<DateTime<Utc>>,
    pub end_reason: String,
}

impl Agreement {
    /// The next legal date the file is waiting on.
    pub fn next_deadline(&self) -> Option<Deadline> {
        match self.status {
            Status::Deposited => Some(Deadline::new(self.decide_by, "agreement.registration", "LFT 390")),
            Status::Registered => {
                let mut due = Vec::new();
                if let Some(d) = &self.revision_dates {
                    due.push(Deadline::new(
                        d.wage_request_by,
                        "agreement.wage_revision_request",
                        "LFT 399 Bis",
                    ));
                    due.push(Deadline::new(
                        d.full_request_by,
                        "agreement.revision_request",
                        "LFT 399",
                    ));
                }
                if matches!(
                    self.legitimization,
                    Legitimization::Pending | Legitimization::Inconclusive { .. }
                ) {
                    if let Some(d) = self.legitimization_deadline {
                        due.push(Deadline::new(
                            d,
                            "agreement.legitimization_deadline",
                            "2019 decree, Transitory 11th",
                        ));
                    }
                }
                due.into_iter().min_by_key(|d| d.on)
            }
            Status::Refused | Status::Terminated => None,
        }
    }
}
