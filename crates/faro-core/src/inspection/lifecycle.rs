//! The lifecycle of one inspection as a pure state machine.
//!
//! `decide(state, command, ctx)` checks a command against the current state, the clock and the legal
//! rules and returns the events that happen (or a [`DomainError`] saying why not); `apply(state,
//! event)` folds one event into the state. The store keeps the events in the hash-chained log and
//! the folded state in the read tables, in one transaction.
//!
//! ```text
//! programmed -> ordered -> notified -> in_progress -> record_closed -> corrective_measures
//!                  \______(extraordinary)_____/            |  \             |
//!                                                          |   \            v
//!                                                          |    \----> verification -> closed
//!                                                          v                  \
//!                                                       closed                 -> sent_to_sanction
//! programmed | ordered | notified -> cancelled
//! ```

use std::collections::{BTreeMap, BTreeSet};

use chrono::{DateTime, Duration, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use super::matter::{Matter, ReferralAuthority};
use crate::calendar::{DayCount, LegalCalendar};
use crate::case::{optional_text, required_text};
use crate::catalog::Catalogs;
use crate::protocol::{self, Answer, MeasureKind, Outcome, Protocols};
use crate::rules::{DeadlineUnit, Rules};
use crate::{DomainError, Jurisdiction};

/// Ordinary inspections (initial, periodic, verification of compliance) and extraordinary ones.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    Initial,
    Periodic,
    /// Checks that earlier corrective measures were carried out (de comprobación).
    Verification,
    Extraordinary,
}

impl Kind {
    pub const ALL: [Kind; 4] = [Kind::Initial, Kind::Periodic, Kind::Verification, Kind::Extraordinary];
    pub fn code(self) -> &'static str {
        match self {
            Kind::Initial => "initial",
            Kind::Periodic => "periodic",
            Kind::Verification => "verification",
            Kind::Extraordinary => "extraordinary",
        }
    }
    /// Ordinary inspections need notice ahead; extraordinary ones do not.
    pub fn is_ordinary(self) -> bool {
        self != Kind::Extraordinary
    }
    pub fn parse(s: &str) -> Result<Kind, DomainError> {
        Kind::ALL.into_iter().find(|k| k.code() == s.trim()).ok_or_else(|| {
            DomainError::field(
                "kind",
                "inspection.kind_unknown",
                format!("'{s}' is not a kind of inspection"),
            )
        })
    }
}

/// Why the inspection was planned.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Origin {
    /// Chosen by the office's program.
    Program,
    /// A complaint from a worker or anybody (LFT 1003).
    Complaint,
    /// Ranked by the risk model.
    RiskModel,
    /// Drawn at random (the share of each program kept random to measure the model's bias).
    Random,
    /// Follows up an earlier inspection.
    FollowUp,
}

impl Origin {
    pub const ALL: [Origin; 5] = [
        Origin::Program,
        Origin::Complaint,
        Origin::RiskModel,
        Origin::Random,
        Origin::FollowUp,
    ];
    pub fn code(self) -> &'static str {
        match self {
            Origin::Program => "program",
            Origin::Complaint => "complaint",
            Origin::RiskModel => "risk_model",
            Origin::Random => "random",
            Origin::FollowUp => "follow_up",
        }
    }
    pub fn parse(s: &str) -> Result<Origin, DomainError> {
        Origin::ALL
            .into_iter()
            .find(|k| k.code() == s.trim())
            .ok_or_else(|| DomainError::field("origin", "inspection.origin_unknown", format!("'{s}' is not an origin")))
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Programmed,
    Ordered,
    Notified,
    InProgress,
    RecordClosed,
    CorrectiveMeasures,
    Verification,
    Closed,
    SentToSanction,
    Cancelled,
}

impl Status {
    pub const ALL: [Status; 10] = [
        Status::Programmed,
        Status::Ordered,
        Status::Notified,
        Status::InProgress,
        Status::RecordClosed,
        Status::CorrectiveMeasures,
        Status::Verification,
        Status::Closed,
        Status::SentToSanction,
        Status::Cancelled,
    ];
    pub fn code(self) -> &'static str {
        match self {
            Status::Programmed => "programmed",
            Status::Ordered => "ordered",
            Status::Notified => "notified",
            Status::InProgress => "in_progress",
            Status::RecordClosed => "record_closed",
            Status::CorrectiveMeasures => "corrective_measures",
            Status::Verification => "verification",
            Status::Closed => "closed",
            Status::SentToSanction => "sent_to_sanction",
            Status::Cancelled => "cancelled",
        }
    }
    pub fn parse(s: &str) -> Option<Status> {
        Status::ALL.into_iter().find(|k| k.code() == s.trim())
    }
    /// No command changes an inspection in these states.
    pub fn is_terminal(self) -> bool {
        matches!(self, Status::Closed | Status::SentToSanction | Status::Cancelled)
    }
    /// Still open work for the inspectorate.
    pub fn is_open(self) -> bool {
        !self.is_terminal()
    }
}

/// The numbered inspection order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Order {
    pub number: String,
    pub inspector_id: i64,
    pub inspector_name: String,
    pub scope: String,
    pub legal_basis: String,
    pub issued_at: DateTime<Utc>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ParticipantRole {
    Inspector,
    EmployerRepresentative,
    WorkerRepresentative,
    Witness,
}

impl ParticipantRole {
    pub const ALL: [ParticipantRole; 4] = [
        ParticipantRole::Inspector,
        ParticipantRole::EmployerRepresentative,
        ParticipantRole::WorkerRepresentative,
        ParticipantRole::Witness,
    ];
    pub fn code(self) -> &'static str {
        match self {
            ParticipantRole::Inspector => "inspector",
            ParticipantRole::EmployerRepresentative => "employer_representative",
            ParticipantRole::WorkerRepresentative => "worker_representative",
            ParticipantRole::Witness => "witness",
        }
    }
    pub fn parse(s: &str) -> Option<ParticipantRole> {
        ParticipantRole::ALL.into_iter().find(|k| k.code() == s.trim())
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Signature {
    Signed,
    Refused,
    Absent,
}

impl Signature {
    pub fn code(self) -> &'static str {
        match self {
            Signature::Signed => "signed",
            Signature::Refused => "refused",
            Signature::Absent => "absent",
        }
    }
    pub fn parse(s: &str) -> Option<Signature> {
        [Signature::Signed, Signature::Refused, Signature::Absent]
            .into_iter()
            .find(|k| k.code() == s.trim())
    }
}

/// Somebody who took part in the visit, as the record lists them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Participant {
    pub name: String,
    pub role: ParticipantRole,
    pub signature: Signature,
}

/// A failed protocol item, as the record states it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Finding {
    pub question_id: String,
    pub matter: Matter,
    pub article: String,
    pub violation: String,
    pub affected_workers: u32,
    pub note: String,
    pub correctable: bool,
    pub measure: Option<MeasureKind>,
}

/// The closed inspection record (acta).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Record {
    pub folio: String,
    pub closed_at: DateTime<Utc>,
    pub participants: Vec<Participant>,
    pub findings: Vec<Finding>,
}

/// A worker interview, anonymized: a code the inspector chooses, never a name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Interview {
    pub code: String,
    pub matter: Matter,
    pub summary: String,
    pub at: DateTime<Utc>,
}

/// A photo or file attached to the inspection; the bytes live in the store under their hash.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AttachmentRef {
    pub sha256: String,
    pub file_name: String,
    pub media_type: String,
    pub size: u64,
    pub caption: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MeasureState {
    Pending,
    Complied,
    NotComplied,
}

/// A corrective measure ordered for one finding, with its deadline.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Measure {
    pub number: u32,
    pub question_id: String,
    pub kind: MeasureKind,
    pub description: String,
    pub days: u32,
    pub deadline: NaiveDate,
    pub extended: bool,
    pub state: MeasureState,
    pub verification_note: String,
}

/// What the inspector asks for one measure when issuing them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MeasureDraft {
    pub question_id: String,
    pub description: String,
    /// Days to comply: working days for safety and health (0 = immediately), else as the rule says.
    pub days: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VerificationResult {
    pub measure: u32,
    pub complied: bool,
    pub note: String,
}

/// One inspection, as its events made it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Inspection {
    pub workplace_id: i64,
    pub jurisdiction: Jurisdiction,
    pub kind: Kind,
    pub origin: Origin,
    pub matters: Vec<Matter>,
    pub status: Status,
    pub program_id: Option<i64>,
    pub planned_for: NaiveDate,
    pub programmed_at: DateTime<Utc>,
    pub order: Option<Order>,
    pub notified_at: Option<DateTime<Utc>>,
    pub visit_at: Option<DateTime<Utc>>,
    pub started_at: Option<DateTime<Utc>>,
    /// The protocol answers, by question id.
    pub answers: BTreeMap<String, Answer>,
    pub interviews: Vec<Interview>,
    pub attachments: Vec<AttachmentRef>,
    pub record: Option<Record>,
    pub measures: Vec<Measure>,
    pub referrals: Vec<ReferralAuthority>,
    pub ended_at: Option<DateTime<Utc>>,
    pub end_reason: String,
}

impl Inspection {
    pub fn findings(&self) -> &[Finding] {
        self.record.as_ref().map(|r| r.findings.as_slice()).unwrap_or(&[])
    }
    /// The date protocols and rules are taken at: the visit, else the plan.
    pub fn act_date(&self) -> NaiveDate {
        self.started_at.map(|t| t.date_naive()).unwrap_or(self.planned_for)
    }
    /// Findings that still call for a sanction: not correctable, or whose measure was not complied.
    pub fn unresolved_findings(&self) -> Vec<&Finding> {
        self.findings()
            .iter()
            .filter(|f| {
                if !f.correctable {
                    return true;
                }
                match self.measures.iter().find(|m| m.question_id == f.question_id) {
                    Some(m) => m.state != MeasureState::Complied,
                    None => true,
                }
            })
            .collect()
    }
    /// The earliest pending measure deadline, for workload views.
    pub fn next_deadline(&self) -> Option<NaiveDate> {
        self.measures
            .iter()
            .filter(|m| m.state == MeasureState::Pending)
            .map(|m| m.deadline)
            .min()
    }
}

/// What somebody asks to happen to an inspection.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "command", rename_all = "snake_case")]
pub enum Command {
    Program {
        workplace_id: i64,
        jurisdiction: Jurisdiction,
        kind: Kind,
        origin: Origin,
        matters: Vec<Matter>,
        planned_for: NaiveDate,
        program_id: Option<i64>,
    },
    Order {
        number: String,
        inspector_id: i64,
        inspector_name: String,
        scope: String,
        legal_basis: String,
    },
    /// A supervisor gives the inspection to another inspector, any time from the order until
    /// it ends; the order's number, scope and legal basis stay.
    Reassign {
        inspector_id: i64,
        inspector_name: String,
        reason: String,
    },
    Notify {
        visit_at: DateTime<Utc>,
    },
    Start,
    Answer(Answer),
    AddInterview {
        code: String,
        matter: Matter,
        summary: String,
    },
    Attach(AttachmentRef),
    CloseRecord {
        folio: String,
        participants: Vec<Participant>,
    },
    IssueMeasures {
        measures: Vec<MeasureDraft>,
    },
    ExtendMeasure {
        measure: u32,
        days: u32,
        reason: String,
    },
    BeginVerification,
    RecordVerification {
        results: Vec<VerificationResult>,
    },
    Close {
        reason: String,
    },
    SendToSanction {
        reason: String,
    },
    Cancel {
        reason: String,
    },
}

impl Command {
    /// The stable name of the command, for the API and the policy.
    pub fn name(&self) -> &'static str {
        match self {
            Command::Program { .. } => "program",
            Command::Order { .. } => "order",
            Command::Reassign { .. } => "reassign",
            Command::Notify { .. } => "notify",
            Command::Start => "start",
            Command::Answer(_) => "answer",
            Command::AddInterview { .. } => "add_interview",
            Command::Attach(_) => "attach",
            Command::CloseRecord { .. } => "close_record",
            Command::IssueMeasures { .. } => "issue_measures",
            Command::ExtendMeasure { .. } => "extend_measure",
            Command::BeginVerification => "begin_verification",
            Command::RecordVerification { .. } => "record_verification",
            Command::Close { .. } => "close",
            Command::SendToSanction { .. } => "send_to_sanction",
            Command::Cancel { .. } => "cancel",
        }
    }
}

/// What happened to an inspection. Stored as the payload of an event of kind [`Event::kind`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Event {
    Programmed {
        workplace_id: i64,
        jurisdiction: Jurisdiction,
        kind: Kind,
        origin: Origin,
        matters: Vec<Matter>,
        planned_for: NaiveDate,
        program_id: Option<i64>,
        at: DateTime<Utc>,
    },
    Ordered {
        order: Order,
    },
    Reassigned {
        previous_inspector_id: i64,
        inspector_id: i64,
        inspector_name: String,
        reason: String,
        at: DateTime<Utc>,
    },
    Notified {
        notified_at: DateTime<Utc>,
        visit_at: DateTime<Utc>,
    },
    Started {
        at: DateTime<Utc>,
    },
    Answered {
        answer: Answer,
        outcome: Outcome,
        at: DateTime<Utc>,
    },
    /// A failed answer calls for a referral to another authority; the store opens the referral case.
    ReferralRequired {
        authority: ReferralAuthority,
        question_id: String,
        matter: Matter,
        at: DateTime<Utc>,
    },
    InterviewAdded {
        interview: Interview,
    },
    AttachmentAdded {
        attachment: AttachmentRef,
        at: DateTime<Utc>,
    },
    RecordClosed {
        record: Record,
    },
    MeasuresIssued {
        measures: Vec<Measure>,
        at: DateTime<Utc>,
    },
    MeasureExtended {
        measure: u32,
        days: u32,
        deadline: NaiveDate,
        reason: String,
        at: DateTime<Utc>,
    },
    VerificationBegun {
        at: DateTime<Utc>,
    },
    VerificationRecorded {
        results: Vec<VerificationResult>,
        at: DateTime<Utc>,
    },
    Closed {
        reason: String,
        at: DateTime<Utc>,
    },
    SentToSanction {
        findings: Vec<Finding>,
        reason: String,
        at: DateTime<Utc>,
    },
    Cancelled {
        reason: String,
        at: DateTime<Utc>,
    },
}

impl Event {
    /// When it happened.
    pub fn at(&self) -> DateTime<Utc> {
        match self {
            Event::Programmed { at, .. }
            | Event::Reassigned { at, .. }
            | Event::Started { at }
            | Event::Answered { at, .. }
            | Event::ReferralRequired { at, .. }
            | Event::AttachmentAdded { at, .. }
            | Event::MeasuresIssued { at, .. }
            | Event::MeasureExtended { at, .. }
            | Event::VerificationBegun { at }
            | Event::VerificationRecorded { at, .. }
            | Event::Closed { at, .. }
            | Event::SentToSanction { at, .. }
            | Event::Cancelled { at, .. } => *at,
            Event::Ordered { order } => order.issued_at,
            Event::Notified { notified_at, .. } => *notified_at,
            Event::InterviewAdded { interview } => interview.at,
            Event::RecordClosed { record } => record.closed_at,
        }
    }

    /// The event kind in the log ("inspection.programmed").
    pub fn kind(&self) -> &'static str {
        match self {
            Event::Programmed { .. } => "inspection.programmed",
            Event::Ordered { .. } => "inspection.ordered",
            Event::Reassigned { .. } => "inspection.reassigned",
            Event::Notified { .. } => "inspection.notified",
            Event::Started { .. } => "inspection.started",
            Event::Answered { .. } => "inspection.answered",
            Event::ReferralRequired { .. } => "inspection.referral_required",
            Event::InterviewAdded { .. } => "inspection.interview_added",
            Event::AttachmentAdded { .. } => "inspection.attachment_added",
            Event::RecordClosed { .. } => "inspection.record_closed",
            Event::MeasuresIssued { .. } => "inspection.measures_issued",
            Event::MeasureExtended { .. } => "inspection.measure_extended",
            Event::VerificationBegun { .. } => "inspection.verification_begun",
            Event::VerificationRecorded { .. } => "inspection.verification_recorded",
            Event::Closed { .. } => "inspection.closed",
            Event::SentToSanction { .. } => "inspection.sent_to_sanction",
            Event::Cancelled { .. } => "inspection.cancelled",
        }
    }
}

/// What a decision may consult besides the state: the clock and the law as data.
#[derive(Clone, Copy)]
pub struct Ctx<'a> {
    pub now: DateTime<Utc>,
    pub rules: &'a Rules,
    pub protocols: &'a Protocols,
    pub calendar: &'a LegalCalendar,
    pub catalogs: &'a Catalogs,
}

fn refuse(code: &'static str, detail: impl Into<String>) -> DomainError {
    DomainError::new(code, detail)
}

fn wrong_state(state: &Inspection, command: &Command) -> DomainError {
    DomainError::new(
        "inspection.illegal_transition",
        format!(
            "cannot {} an inspection that is {}",
            command.name(),
            state.status.code()
        ),
    )
    .with("command", command.name())
    .with("status", state.status.code())
}

/// The question's protocol must be one of the inspection's matters, in the version in force at
/// the visit.
fn question_of<'p>(
    state: &Inspection,
    ctx: &Ctx<'p>,
    question_id: &str,
) -> Result<(Matter, &'p protocol::Question), DomainError> {
    let unknown = || {
        DomainError::field(
            "question",
            "inspection.question_not_in_scope",
            format!("question '{question_id}' is not part of this inspection's protocols"),
        )
        .with("question", question_id)
    };
    for matter in &state.matters {
        let p = ctx.protocols.for_matter(*matter, state.act_date())?;
        if let Some(q) = p.questions.iter().find(|q| q.id == question_id) {
            return Ok((*matter, q));
        }
    }
    Err(unknown())
}

/// Decides what a command does to an inspection (`None` before it exists).
pub fn decide(state: Option<&Inspection>, command: &Command, ctx: &Ctx<'_>) -> Result<Vec<Event>, DomainError> {
    let now = ctx.now;
    let Some(s) = state else {
        return match command {
            Command::Program {
                workplace_id,
                jurisdiction,
                kind,
                origin,
                matters,
                planned_for,
                program_id,
            } => {
                let matters: BTreeSet<Matter> = matters.iter().copied().collect();
                if matters.is_empty() {
                    return Err(DomainError::field(
                        "matters",
                        "inspection.no_matters",
                        "an inspection covers at least one matter",
                    ));
                }
                if *kind == Kind::Verification && *origin != Origin::FollowUp && *origin != Origin::Program {
                    // Allowed, but a verification usually follows up earlier measures; nothing to refuse.
                }
                Ok(vec![Event::Programmed {
                    workplace_id: *workplace_id,
                    jurisdiction: *jurisdiction,
                    kind: *kind,
                    origin: *origin,
                    matters: matters.into_iter().collect(),
                    planned_for: *planned_for,
                    program_id: *program_id,
                    at: now,
                }])
            }
            other => Err(refuse(
                "inspection.not_found",
                format!("cannot {} an inspection that does not exist", other.name()),
            )),
        };
    };
    if s.status.is_terminal() {
        return Err(wrong_state(s, command));
    }
    let illegal = || Err(wrong_state(s, command));
    match command {
        Command::Program { .. } => Err(refuse("inspection.exists", "the inspection is already programmed")),
        Command::Order {
            number,
            inspector_id,
            inspector_name,
            scope,
            legal_basis,
        } => {
            if s.status != Status::Programmed {
                return illegal();
            }
            Ok(vec![Event::Ordered {
                order: Order {
                    number: required_text("number", number, 60)?,
                    inspector_id: *inspector_id,
                    inspector_name: required_text("inspector", inspector_name, 200)?,
                    scope: required_text("scope", scope, 2000)?,
                    legal_basis: required_text("legal_basis", legal_basis, 2000)?,
                    issued_at: now,
                },
            }])
        }
        Command::Reassign {
            inspector_id,
            inspector_name,
            reason,
        } => {
            let order = match (&s.order, s.status.is_terminal()) {
                (Some(order), false) => order,
                _ => return illegal(),
            };
            if order.inspector_id == *inspector_id {
                return Err(DomainError::field(
                    "inspector",
                    "inspection.same_inspector",
                    "the inspection is already assigned to that inspector",
                ));
            }
            Ok(vec![Event::Reassigned {
                previous_inspector_id: order.inspector_id,
                inspector_id: *inspector_id,
                inspector_name: required_text("inspector", inspector_name, 200)?,
                reason: required_text("reason", reason, 2000)?,
                at: now,
            }])
        }
        Command::Notify { visit_at } => {
            if s.status != Status::Ordered {
                return illegal();
            }
            if s.kind.is_ordinary() {
                let rule = ctx.rules.deadline("inspection.ordinary_notice", now.date_naive())?;
                let hours = match rule.unit {
                    DeadlineUnit::Hours => i64::from(rule.amount),
                    DeadlineUnit::Days(_) => i64::from(rule.amount) * 24,
                };
                if *visit_at - now < Duration::hours(hours) {
                    return Err(DomainError::field(
                        "visit_at",
                        "inspection.notice_too_short",
                        format!(
                            "an ordinary inspection must be notified at least {hours} hours before the visit ({})",
                            rule.meta.article
                        ),
                    )
                    .with("hours", hours.to_string())
                    .with("article", rule.meta.article.clone()));
                }
            } else if *visit_at < now {
                return Err(DomainError::field(
                    "visit_at",
                    "inspection.visit_in_past",
                    "the visit cannot be before the notice",
                ));
            }
            Ok(vec![Event::Notified {
                notified_at: now,
                visit_at: *visit_at,
            }])
        }
        Command::Start => match (s.status, s.kind.is_ordinary()) {
            (Status::Notified, _) => {
                if let Some(visit) = s.visit_at {
                    if now < visit && s.kind.is_ordinary() {
                        return Err(refuse(
                            "inspection.before_notified_visit",
                            format!("the visit was notified for {visit}; an ordinary inspection cannot start earlier"),
                        )
                        .with("visit_at", visit.to_rfc3339()));
                    }
                }
                Ok(vec![Event::Started { at: now }])
            }
            (Status::Ordered, false) => Ok(vec![Event::Started { at: now }]),
            (Status::Ordered, true) => Err(refuse(
                "inspection.notice_required",
                "an ordinary inspection must be notified before the visit",
            )),
            _ => illegal(),
        },
        Command::Answer(answer) => {
            if s.status != Status::InProgress {
                return illegal();
            }
            let (matter, q) = question_of(s, ctx, &answer.question_id)?;
            let mut answer = answer.clone();
            answer.note = optional_text("note", &answer.note, 4000)?;
            let outcome = protocol::evaluate(q, &answer, s.act_date(), ctx.catalogs)?;
            if outcome != Outcome::Fails {
                answer.affected_workers = 0;
            }
            let mut events = vec![Event::Answered {
                answer: answer.clone(),
                outcome,
                at: now,
            }];
            if outcome == Outcome::Fails {
                for authority in &q.referral {
                    if !s.referrals.contains(authority) {
                        events.push(Event::ReferralRequired {
                            authority: *authority,
                            question_id: q.id.clone(),
                            matter,
                            at: now,
                        });
                    }
                }
            }
            Ok(events)
        }
        Command::AddInterview { code, matter, summary } => {
            if s.status != Status::InProgress {
                return illegal();
            }
            if !s.matters.contains(matter) {
                return Err(DomainError::field(
                    "matter",
                    "inspection.matter_not_in_scope",
                    "the interview's matter is not part of this inspection",
                ));
            }
            let code = required_text("code", code, 40)?;
            Ok(vec![Event::InterviewAdded {
                interview: Interview {
                    code,
                    matter: *matter,
                    summary: required_text("summary", summary, 4000)?,
                    at: now,
                },
            }])
        }
        Command::Attach(a) => {
            if !matches!(s.status, Status::InProgress | Status::Verification) {
                return illegal();
            }
            let valid_hash = a.sha256.len() == 64 && a.sha256.bytes().all(|b| b.is_ascii_hexdigit());
            if !valid_hash {
                return Err(DomainError::field(
                    "file",
                    "inspection.attachment_invalid",
                    "the attachment's hash is not a SHA-256",
                ));
            }
            let mut a = a.clone();
            a.file_name = required_text("file_name", &a.file_name, 200)?;
            a.caption = optional_text("caption", &a.caption, 500)?;
            Ok(vec![Event::AttachmentAdded { attachment: a, at: now }])
        }
        Command::CloseRecord { folio, participants } => {
            if s.status != Status::InProgress {
                return illegal();
            }
            let mut findings = Vec::new();
            let mut unanswered = 0usize;
            for matter in &s.matters {
                let p = ctx.protocols.for_matter(*matter, s.act_date())?;
                for q in &p.questions {
                    match s.answers.get(&q.id) {
                        None => unanswered += 1,
                        Some(a) if a.outcome == Outcome::Fails => findings.push(Finding {
                            question_id: q.id.clone(),
                            matter: *matter,
                            article: q.article.clone(),
                            violation: q.violation.clone(),
                            affected_workers: a.affected_workers.max(1),
                            note: a.note.clone(),
                            correctable: q.correctable,
                            measure: q.measure,
                        }),
                        Some(_) => {}
                    }
                }
            }
            if unanswered > 0 {
                return Err(refuse(
                    "inspection.unanswered_questions",
                    format!("{unanswered} protocol questions have no answer; answer each (or mark it not applicable) before closing the record"),
                )
                .with("count", unanswered.to_string()));
            }
            if participants.is_empty() {
                return Err(DomainError::field(
                    "participants",
                    "inspection.no_participants",
                    "the record lists at least the inspector",
                ));
            }
            let mut people = Vec::with_capacity(participants.len());
            for p in participants {
                people.push(Participant {
                    name: required_text("participant", &p.name, 200)?,
                    role: p.role,
                    signature: p.signature,
                });
            }
            if !people.iter().any(|p| p.role == ParticipantRole::Inspector) {
                return Err(DomainError::field(
                    "participants",
                    "inspection.no_inspector",
                    "the record must list the inspector",
                ));
            }
            Ok(vec![Event::RecordClosed {
                record: Record {
                    folio: required_text("folio", folio, 60)?,
                    closed_at: now,
                    participants: people,
                    findings,
                },
            }])
        }
        Command::IssueMeasures { measures } => {
            if s.status != Status::RecordClosed {
                return illegal();
            }
            if measures.is_empty() {
                return Err(DomainError::field(
                    "measures",
                    "inspection.no_measures",
                    "give at least one corrective measure",
                ));
            }
            let record_date = s
                .record
                .as_ref()
                .map(|r| r.closed_at.date_naive())
                .unwrap_or(now.date_naive());
            let mut issued: Vec<Measure> = Vec::new();
            for (i, d) in measures.iter().enumerate() {
                let finding = s
                    .findings()
                    .iter()
                    .find(|f| f.question_id == d.question_id)
                    .ok_or_else(|| {
                        DomainError::field(
                            "measures",
                            "inspection.measure_without_finding",
                            format!("'{}' is not a finding of this record", d.question_id),
                        )
                        .with("question", d.question_id.clone())
                    })?;
                if !finding.correctable {
                    return Err(DomainError::field(
                        "measures",
                        "inspection.not_correctable",
                        format!(
                            "'{}' cannot be corrected by an order; it goes to the sanction procedure",
                            d.question_id
                        ),
                    )
                    .with("question", d.question_id.clone()));
                }
                if issued.iter().any(|m| m.question_id == d.question_id) {
                    return Err(DomainError::field(
                        "measures",
                        "inspection.duplicate_measure",
                        "one measure per finding",
                    )
                    .with("question", d.question_id.clone()));
                }
                let kind = finding.measure.unwrap_or(MeasureKind::General);
                let rule_id = match kind {
                    MeasureKind::Safety => "inspection.safety_correction_max",
                    MeasureKind::General => "inspection.general_correction_max",
                };
                let rule = ctx.rules.deadline(rule_id, record_date)?;
                let count = match rule.unit {
                    DeadlineUnit::Days(c) => c,
                    DeadlineUnit::Hours => DayCount::Calendar,
                };
                if d.days > rule.amount {
                    return Err(DomainError::field(
                        "days",
                        "inspection.measure_days_out_of_range",
                        format!("at most {} days ({})", rule.amount, rule.meta.article),
                    )
                    .with("max", rule.amount.to_string())
                    .with("article", rule.meta.article.clone()));
                }
                let deadline = if d.days == 0 {
                    record_date
                } else {
                    ctx.calendar.deadline(record_date, d.days, count)
                };
                issued.push(Measure {
                    number: u32::try_from(i + 1).unwrap_or(u32::MAX),
                    question_id: d.question_id.clone(),
                    kind,
                    description: required_text("description", &d.description, 2000)?,
                    days: d.days,
                    deadline,
                    extended: false,
                    state: MeasureState::Pending,
                    verification_note: String::new(),
                });
            }
            Ok(vec![Event::MeasuresIssued {
                measures: issued,
                at: now,
            }])
        }
        Command::ExtendMeasure { measure, days, reason } => {
            if s.status != Status::CorrectiveMeasures {
                return illegal();
            }
            let m = s.measures.iter().find(|m| m.number == *measure).ok_or_else(|| {
                DomainError::field(
                    "measure",
                    "inspection.measure_unknown",
                    format!("there is no measure {measure}"),
                )
            })?;
            if m.kind != MeasureKind::Safety {
                return Err(refuse(
                    "inspection.extension_not_allowed",
                    "only safety-and-health measures can be extended",
                ));
            }
            if m.extended {
                return Err(refuse("inspection.already_extended", "a measure can be extended once"));
            }
            let rule = match ctx.rules.deadline("inspection.safety_extension_max", m.deadline) {
                Err(e) if e.code == "rules.not_in_force" => {
                    return Err(refuse(
                        "inspection.extension_not_in_force",
                        "the rules in force on the measure's deadline give no extension",
                    )
                    .with("date", m.deadline.to_string()));
                }
                other => other?,
            };
            if *days == 0 || *days > rule.amount {
                return Err(DomainError::field(
                    "days",
                    "inspection.measure_days_out_of_range",
                    format!("an extension is 1 to {} days ({})", rule.amount, rule.meta.article),
                )
                .with("max", rule.amount.to_string())
                .with("article", rule.meta.article.clone()));
            }
            let count = match rule.unit {
                DeadlineUnit::Days(c) => c,
                DeadlineUnit::Hours => DayCount::Calendar,
            };
            Ok(vec![Event::MeasureExtended {
                measure: *measure,
                days: *days,
                deadline: ctx.calendar.deadline(m.deadline, *days, count),
                reason: required_text("reason", reason, 2000)?,
                at: now,
            }])
        }
        Command::BeginVerification => {
            if s.status != Status::CorrectiveMeasures {
                return illegal();
            }
            Ok(vec![Event::VerificationBegun { at: now }])
        }
        Command::RecordVerification { results } => {
            if s.status != Status::Verification {
                return illegal();
            }
            let mut seen = BTreeSet::new();
            for r in results {
                if !s.measures.iter().any(|m| m.number == r.measure) {
                    return Err(DomainError::field(
                        "measure",
                        "inspection.measure_unknown",
                        format!("there is no measure {}", r.measure),
                    ));
                }
                if !seen.insert(r.measure) {
                    return Err(DomainError::field(
                        "measure",
                        "inspection.duplicate_measure",
                        "one result per measure",
                    ));
                }
            }
            if seen.len() != s.measures.len() {
                return Err(refuse(
                    "inspection.verification_incomplete",
                    "record a result for every measure",
                )
                .with("count", (s.measures.len() - seen.len()).to_string()));
            }
            let mut results = results.clone();
            for r in &mut results {
                r.note = optional_text("note", &r.note, 2000)?;
            }
            Ok(vec![Event::VerificationRecorded { results, at: now }])
        }
        Command::Close { reason } => {
            let reason = optional_text("reason", reason, 2000)?;
            match s.status {
                Status::RecordClosed if s.findings().is_empty() => Ok(vec![Event::Closed { reason, at: now }]),
                Status::RecordClosed => Err(refuse(
                    "inspection.findings_pending",
                    "the record has findings: issue corrective measures or send it to the sanction procedure",
                )),
                Status::Verification if s.measures.iter().any(|m| m.state == MeasureState::Pending) => Err(refuse(
                    "inspection.verification_incomplete",
                    "record the verification of every measure first",
                )),
                Status::Verification if !s.unresolved_findings().is_empty() => Err(refuse(
                    "inspection.findings_pending",
                    "some findings were not corrected: send the inspection to the sanction procedure",
                )),
                Status::Verification => Ok(vec![Event::Closed { reason, at: now }]),
                _ => illegal(),
            }
        }
        Command::SendToSanction { reason } => {
            let reason = optional_text("reason", reason, 2000)?;
            match s.status {
                Status::RecordClosed | Status::Verification => {
                    if s.status == Status::Verification && s.measures.iter().any(|m| m.state == MeasureState::Pending) {
                        return Err(refuse(
                            "inspection.verification_incomplete",
                            "record the verification of every measure first",
                        ));
                    }
                    let findings: Vec<Finding> = s.unresolved_findings().into_iter().cloned().collect();
                    if findings.is_empty() {
                        return Err(refuse(
                            "inspection.nothing_to_sanction",
                            "no finding is left to sanction; close the inspection",
                        ));
                    }
                    Ok(vec![Event::SentToSanction {
                        findings,
                        reason,
                        at: now,
                    }])
                }
                _ => illegal(),
            }
        }
        Command::Cancel { reason } => match s.status {
            Status::Programmed | Status::Ordered | Status::Notified => Ok(vec![Event::Cancelled {
                reason: required_text("reason", reason, 2000)?,
                at: now,
            }]),
            _ => illegal(),
        },
    }
}

/// Folds one event into the state. Events come from [`decide`], so they are legal by construction;
/// an event that does not fit (a corrupt log) leaves the state as it was except for its own data.
pub fn apply(state: Option<Inspection>, event: &Event) -> Option<Inspection> {
    if let Event::Programmed {
        workplace_id,
        jurisdiction,
        kind,
        origin,
        matters,
        planned_for,
        program_id,
        at,
    } = event
    {
        return Some(Inspection {
            workplace_id: *workplace_id,
            jurisdiction: *jurisdiction,
            kind: *kind,
            origin: *origin,
            matters: matters.clone(),
            status: Status::Programmed,
            program_id: *program_id,
            planned_for: *planned_for,
            programmed_at: *at,
            order: None,
            notified_at: None,
            visit_at: None,
            started_at: None,
            answers: BTreeMap::new(),
            interviews: Vec::new(),
            attachments: Vec::new(),
            record: None,
            measures: Vec::new(),
            referrals: Vec::new(),
            ended_at: None,
            end_reason: String::new(),
        });
    }
    let mut s = state?;
    match event {
        Event::Programmed { .. } => {}
        Event::Ordered { order } => {
            s.order = Some(order.clone());
            s.status = Status::Ordered;
        }
        Event::Reassigned {
            inspector_id,
            inspector_name,
            ..
        } => {
            if let Some(order) = s.order.as_mut() {
                order.inspector_id = *inspector_id;
                order.inspector_name = inspector_name.clone();
            }
        }
        Event::Notified { notified_at, visit_at } => {
            s.notified_at = Some(*notified_at);
            s.visit_at = Some(*visit_at);
            s.status = Status::Notified;
        }
        Event::Started { at } => {
            s.started_at = Some(*at);
            s.status = Status::InProgress;
        }
        Event::Answered { answer, outcome, .. } => {
            let mut a = answer.clone();
            a.outcome = *outcome;
            s.answers.insert(a.question_id.clone(), a);
        }
        Event::ReferralRequired { authority, .. } => {
            if !s.referrals.contains(authority) {
                s.referrals.push(*authority);
            }
        }
        Event::InterviewAdded { interview } => s.interviews.push(interview.clone()),
        Event::AttachmentAdded { attachment, .. } => s.attachments.push(attachment.clone()),
        Event::RecordClosed { record } => {
            s.record = Some(record.clone());
            s.status = Status::RecordClosed;
        }
        Event::MeasuresIssued { measures, .. } => {
            s.measures = measures.clone();
            s.status = Status::CorrectiveMeasures;
        }
        Event::MeasureExtended {
            measure,
            deadline,
            days,
            ..
        } => {
            if let Some(m) = s.measures.iter_mut().find(|m| m.number == *measure) {
                m.deadline = *deadline;
                m.days = m.days.saturating_add(*days);
                m.extended = true;
            }
        }
        Event::VerificationBegun { .. } => s.status = Status::Verification,
        Event::VerificationRecorded { results, .. } => {
            for r in results {
                if let Some(m) = s.measures.iter_mut().find(|m| m.number == r.measure) {
                    m.state = if r.complied {
                        MeasureState::Complied
                    } else {
                        MeasureState::NotComplied
                    };
                    m.verification_note = r.note.clone();
                }
            }
        }
        Event::Closed { reason, at } => {
            s.status = Status::Closed;
            s.ended_at = Some(*at);
            s.end_reason = reason.clone();
        }
        Event::SentToSanction { reason, at, .. } => {
            s.status = Status::SentToSanction;
            s.ended_at = Some(*at);
            s.end_reason = reason.clone();
        }
        Event::Cancelled { reason, at } => {
            s.status = Status::Cancelled;
            s.ended_at = Some(*at);
            s.end_reason = reason.clone();
        }
    }
    Some(s)
}

/// Decides and applies in one step: the events and the state after them.
pub fn execute(
    state: Option<&Inspection>,
    command: &Command,
    ctx: &Ctx<'_>,
) -> Result<(Vec<Event>, Inspection), DomainError> {
    crate::case::execute(state, command, ctx, decide, apply, || {
        DomainError::new("inspection.not_found", "the inspection does not exist")
    })
}
