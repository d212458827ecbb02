//! A union's file in the registry: its filing, the review of it, its status and what it reported
//! after registration.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use crate::union::clock::Deadline;
use crate::union::members::{EntryIssue, ListCheck, Member, MemberKind};

/// The kinds of workers' and employers' unions (360, 361). The list of 360 is illustrative;
/// these are the ones it names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum UnionType {
    /// Gremial: workers of one trade.
    Trade,
    /// De empresa: workers of one company.
    Company,
    /// Industrial: workers of two or more companies of one branch.
    Industrial,
    /// Nacional de industria: one branch, two or more states.
    NationalIndustry,
    /// De oficios varios: mixed trades, where fewer than 20 workers of one trade in the municipality.
    VariousTrades,
    /// Employers of one or more branches, local (361-I).
    EmployersLocal,
    /// Employers of several states (361-II).
    EmployersNational,
}

impl UnionType {
    pub fn member_kind(self) -> MemberKind {
        match self {
            UnionType::EmployersLocal | UnionType::EmployersNational => MemberKind::Employers,
            _ => MemberKind::Workers,
        }
    }
}

/// The documents of 365.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DocumentKind {
    /// 365-I: the minutes of the founding assembly.
    FoundingMinutes,
    /// 365-II: the member list.
    MemberList,
    /// 365-III: the statutes.
    Statutes,
    /// 365-IV: the minutes of the assembly that elected the leadership.
    LeadershipMinutes,
}

impl DocumentKind {
    pub const ALL: [DocumentKind; 4] = [
        DocumentKind::FoundingMinutes,
        DocumentKind::MemberList,
        DocumentKind::Statutes,
        DocumentKind::LeadershipMinutes,
    ];
    pub fn article(self) -> &'static str {
        match self {
            DocumentKind::FoundingMinutes => "LFT 365-I",
            DocumentKind::MemberList => "LFT 365-II",
            DocumentKind::Statutes => "LFT 365-III",
            DocumentKind::LeadershipMinutes => "LFT 365-IV",
        }
    }
}

/// What the statutes must contain (371). Duration (IV) may be left out (the union is then of
/// indefinite duration), so it is not required.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StatuteClause {
    Name,
    Address,
    Purpose,
    Duration,
    Admission,
    RightsAndDuties,
    Expulsion,
    Assemblies,
    ElectionProcedure,
    GenderRepresentation,
    ElectoralBody,
    LeadershipTerm,
    Assets,
    Dues,
    Accounts,
    Liquidation,
    WorkerConsultation,
}

impl StatuteClause {
    pub const ALL: [StatuteClause; 17] = [
        StatuteClause::Name,
        StatuteClause::Address,
        StatuteClause::Purpose,
        StatuteClause::Duration,
        StatuteClause::Admission,
        StatuteClause::RightsAndDuties,
        StatuteClause::Expulsion,
        StatuteClause::Assemblies,
        StatuteClause::ElectionProcedure,
        StatuteClause::GenderRepresentation,
        StatuteClause::ElectoralBody,
        StatuteClause::LeadershipTerm,
        StatuteClause::Assets,
        StatuteClause::Dues,
        StatuteClause::Accounts,
        StatuteClause::Liquidation,
        StatuteClause::WorkerConsultation,
    ];
    pub fn article(self) -> &'static str {
        match self {
            StatuteClause::Name => "LFT 371-I",
            StatuteClause::Address => "LFT 371-II",
            StatuteClause::Purpose => "LFT 371-III",
            StatuteClause::Duration => "LFT 371-IV",
            StatuteClause::Admission => "LFT 371-V",
            StatuteClause::RightsAndDuties => "LFT 371-VI",
            StatuteClause::Expulsion => "LFT 371-VII",
            StatuteClause::Assemblies => "LFT 371-VIII",
            StatuteClause::ElectionProcedure => "LFT 371-IX",
            StatuteClause::GenderRepresentation => "LFT 371-IX Bis",
            StatuteClause::ElectoralBody => "LFT 371-IX Ter",
            StatuteClause::LeadershipTerm => "LFT 371-X",
            StatuteClause::Assets => "LFT 371-XI",
            StatuteClause::Dues => "LFT 371-XII",
            StatuteClause::Accounts => "LFT 371-XIII",
            StatuteClause::Liquidation => "LFT 371-XIV",
            StatuteClause::WorkerConsultation => "LFT 371-XIV Bis",
        }
    }
    /// Whether the statutes must have it (all but the duration).
    pub fn required(self) -> bool {
        self != StatuteClause::Duration
    }
}

/// One officer of the leadership.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Officer {
    pub name: String,
    /// "Secretario General", "Secretario de Finanzas", ...
    pub office: String,
}

/// A leadership as elected.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Leadership {
    pub officers: Vec<Officer>,
    pub elected_on: NaiveDate,
    pub term_from: NaiveDate,
    pub term_until: NaiveDate,
    /// The vote that elected it, when the registry followed it (a vote id).
    pub vote: Option<String>,
}

/// A registration request as the union files it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FilingInput {
    pub name: String,
    pub union_type: UnionType,
    pub address: String,
    /// The day of the founding assembly.
    pub founded_on: NaiveDate,
    /// The purpose, as the statutes state it (356).
    pub purpose: String,
    /// The federation or confederation it belongs to, if any (365 Bis-VII).
    pub confederation: String,
    pub documents: Vec<DocumentKind>,
    pub statute_clauses: Vec<StatuteClause>,
    pub members: Vec<crate::union::members::MemberInput>,
    pub leadership: Leadership,
}

/// A filing as checked and recorded.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Filing {
    pub name: String,
    pub union_type: UnionType,
    pub address: String,
    pub founded_on: NaiveDate,
    pub purpose: String,
    pub confederation: String,
    pub documents: Vec<DocumentKind>,
    pub statute_clauses: Vec<StatuteClause>,
    pub members: Vec<Member>,
    pub leadership: Leadership,
}

/// A defect the registrar warns of (366, second paragraph).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "defect", rename_all = "snake_case")]
pub enum Defect {
    MissingDocument {
        document: DocumentKind,
    },
    MissingStatuteClause {
        clause: StatuteClause,
    },
    TooFewMembers {
        valid: u32,
        required: u32,
    },
    MemberNotCounted {
        position: usize,
        issue: EntryIssue,
    },
    NoLeadership,
    /// Something the registrar observed that Faro does not check (e.g. the purpose, 356).
    Observation {
        text: String,
    },
}

impl Defect {
    pub fn code(&self) -> &'static str {
        match self {
            Defect::MissingDocument { .. } => "union.defect.missing_document",
            Defect::MissingStatuteClause { .. } => "union.defect.missing_statute_clause",
            Defect::TooFewMembers { .. } => "union.defect.too_few_members",
            Defect::MemberNotCounted { .. } => "union.defect.member_not_counted",
            Defect::NoLeadership => "union.defect.no_leadership",
            Defect::Observation { .. } => "union.defect.observation",
        }
    }
}

/// The check of a filing against 364, 365 and 371.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Review {
    pub missing_documents: Vec<DocumentKind>,
    pub missing_clauses: Vec<StatuteClause>,
    pub members: ListCheck,
    pub has_leadership: bool,
}

impl Review {
    /// Whether the documents of 365 (with statutes meeting 371) are all there: ground III of 366.
    pub fn documents_complete(&self) -> bool {
        self.missing_documents.is_empty() && self.missing_clauses.is_empty() && self.has_leadership
    }
    /// Whether the members reach 364: ground II of 366.
    pub fn membership_complete(&self) -> bool {
        self.members.meets_minimum()
    }
    /// Nothing to warn of.
    pub fn complete(&self) -> bool {
        self.documents_complete() && self.membership_complete()
    }
    /// The defects found, in the order of the law.
    pub fn defects(&self) -> Vec<Defect> {
        let mut out: Vec<Defect> = self
            .missing_documents
            .iter()
            .map(|d| Defect::MissingDocument { document: *d })
            .collect();
        out.extend(
            self.missing_clauses
                .iter()
                .map(|c| Defect::MissingStatuteClause { clause: *c }),
        );
        if !self.has_leadership {
            out.push(Defect::NoLeadership);
        }
        if !self.membership_complete() {
            out.push(Defect::TooFewMembers {
                valid: self.members.valid,
                required: self.members.required,
            });
        }
        out.extend(self.members.issues.iter().map(|i| Defect::MemberNotCounted {
            position: i.position,
            issue: i.issue.clone(),
        }));
        out
    }
}

/// Where a registration stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Received; the registrar reviews it (5 days to warn of defects, 20 to decide).
    Filed,
    /// The registrar warned of defects (366); the union cures them.
    DefectsNotified,
    /// The union delivered its corrections; the registrar decides.
    Corrected,
    /// The 20 days passed without a decision and the union demanded one (366).
    DecisionDemanded,
    Registered,
    /// No decision within 3 days of the demand: registered by law (366).
    DeemedRegistered,
    /// Refused on a ground of 366.
    Refused,
    /// Cancelled by a court (369, 370).
    Cancelled,
}

impl Status {
    pub const ALL: [Status; 8] = [
        Status::Filed,
        Status::DefectsNotified,
        Status::Corrected,
        Status::DecisionDemanded,
        Status::Registered,
        Status::DeemedRegistered,
        Status::Refused,
        Status::Cancelled,
    ];
    pub fn code(self) -> &'static str {
        match self {
            Status::Filed => "filed",
            Status::DefectsNotified => "defects_notified",
            Status::Corrected => "corrected",
            Status::DecisionDemanded => "decision_demanded",
            Status::Registered => "registered",
            Status::DeemedRegistered => "deemed_registered",
            Status::Refused => "refused",
            Status::Cancelled => "cancelled",
        }
    }
    pub fn parse(s: &str) -> Option<Status> {
        Status::ALL.into_iter().find(|k| k.code() == s.trim())
    }
    pub fn is_terminal(self) -> bool {
        matches!(self, Status::Refused | Status::Cancelled)
    }
    /// A union with legal existence (368).
    pub fn is_registered(self) -> bool {
        matches!(self, Status::Registered | Status::DeemedRegistered)
    }
}

/// The grounds on which registration may be refused (366), and only these.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RefusalGround {
    /// 366-I: the purpose is not that of 356.
    Purpose,
    /// 366-II: fewer members than 364 requires.
    Membership,
    /// 366-III: the documents of 365 are not all there.
    Documents,
}

impl RefusalGround {
    pub fn article(self) -> &'static str {
        match self {
            RefusalGround::Purpose => "LFT 366-I",
            RefusalGround::Membership => "LFT 366-II",
            RefusalGround::Documents => "LFT 366-III",
        }
    }
}

/// The causes for which a court may cancel a registration (369).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CancellationGround {
    /// 369-I: dissolution.
    Dissolution,
    /// 369-II: it no longer meets the legal requirements.
    LostRequirements,
    /// 369-III: its leaders extorted employers.
    Extortion,
}

/// A leadership change reported and waiting for its certification (364 Bis).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PendingLeadership {
    pub leadership: Leadership,
    pub reported_on: NaiveDate,
    pub certify_by: NaiveDate,
}

/// One union's file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Union {
    pub status: Status,
    pub filing: Filing,
    pub review: Review,
    pub received_at: DateTime<Utc>,
    pub filed_on: NaiveDate,
    /// 366: the last day to warn of defects.
    pub defect_notice_by: NaiveDate,
    /// 366: the last day to decide (from the filing or the cure).
    pub resolution_by: NaiveDate,
    /// The defects warned of, if any.
    pub defects: Vec<Defect>,
    pub defects_notified_on: Option<NaiveDate>,
    pub cure_by: Option<NaiveDate>,
    pub corrected_on: Option<NaiveDate>,
    pub demanded_on: Option<NaiveDate>,
    /// The first day the registration is deemed granted if nobody decides (366).
    pub deemed_on: Option<NaiveDate>,
    pub registration_number: Option<String>,
    pub registered_on: Option<NaiveDate>,
    /// A deemed registration: the last day to issue its certificate.
    pub certificate_by: Option<NaiveDate>,
    pub refusal: Option<RefusalGround>,
    /// The leadership in office as last certified (or as filed).
    pub leadership: Leadership,
    pub pending_leadership: Option<PendingLeadership>,
    pub statute_clauses: Vec<StatuteClause>,
    pub members: Vec<Member>,
    /// The last member update (377-III) and the last accounts' assembly (373).
    pub last_member_update: Option<NaiveDate>,
    pub last_financial_assembly: Option<NaiveDate>,
    /// The dates the next member update and financial minutes are due.
    pub member_update_due: Option<NaiveDate>,
    pub financial_report_due: Option<NaiveDate>,
    pub ended_at: Option<DateTime<Utc>>,
    pub end_reason: String,
}

impl Union {
    /// How many members the file holds now.
    pub fn member_count(&self) -> u32 {
        u32::try_from(self.members.len()).unwrap_or(u32::MAX)
    }

    /// The next legal date the file is waiting on, for workload views.
    pub fn next_deadline(&self) -> Option<Deadline> {
        match self.status {
            Status::Filed if self.defects.is_empty() && !self.review.complete() => Some(Deadline::new(
                self.defect_notice_by.min(self.resolution_by),
                "union.defect_notice",
                "LFT 366",
            )),
            Status::Filed | Status::Corrected => Some(Deadline::new(self.resolution_by, "union.resolution", "LFT 366")),
            Status::DefectsNotified => self
                .cure_by
                .map(|d| Deadline::new(d, "union.defect_cure", "LFT 366; LFT 735")),
            Status::DecisionDemanded => self
                .deemed_on
                .map(|d| Deadline::new(d, "union.deemed_after_demand", "LFT 366")),
            Status::Registered | Status::DeemedRegistered => {
                let mut due: Vec<Deadline> = Vec::new();
                if let Some(d) = self.certificate_by.filter(|_| self.registration_number.is_none()) {
                    due.push(Deadline::new(d, "union.deemed_certificate", "LFT 366"));
                }
                if let Some(p) = &self.pending_leadership {
                    due.push(Deadline::new(
                        p.certify_by,
                        "union.leadership_certification",
                        "LFT 364 Bis",
                    ));
                }
                if let Some(d) = self.member_update_due {
                    due.push(Deadline::new(d, "union.member_update_months", "LFT 377-III"));
                }
                if let Some(d) = self.financial_report_due {
                    due.push(Deadline::new(d, "union.financial_minutes", "LFT 373"));
                }
                due.into_iter().min_by_key(|d| d.on)
            }
            Status::Refused | Status::Cancelled => None,
        }
    }
}
