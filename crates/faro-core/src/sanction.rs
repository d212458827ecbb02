//! The administrative sanction procedure (LFT arts. 992-1010, RGITAS) as a pure state machine,
//! and the ledger of each fine from imposition to collection.
//!
//! ```text
//! opened -> summoned -> heard -> resolved -> notified -> final -> paid
//!                                   \           |  \        \
//!                                    absolved   |   appealed  -> in_collection -> collected
//!                                               |     |  \                  \
//!                                               |     |   annulled           written_off
//!                                               +<----+ (upheld or reduced)
//! ```
//! The employer is heard before any sanction (art. 1009): the hearing closes only after its
//! response or after the response period (rule `sanction.hearing_response`). Fines are calculated
//! by [`crate::fine::calculate`] from the violation catalog in force on the violation date.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use crate::calendar::{DayCount, LegalCalendar};
use crate::case::required_text as text;
use crate::catalog::{Catalogs, Money};
use crate::fine::{self, FineCalculation, FineInput, PriorFine};
pub use crate::fine::{Capacity, Harm, Seriousness};
use crate::inspection::Finding;
use crate::rules::{DeadlineUnit, Rules};
use crate::{DomainError, Jurisdiction};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Opened,
    Summoned,
    Heard,
    Resolved,
    Notified,
    Appealed,
    Final,
    Paid,
    InCollection,
    Collected,
    WrittenOff,
    Annulled,
    Absolved,
}

impl Status {
    pub const ALL: [Status; 13] = [
        Status::Opened,
        Status::Summoned,
        Status::Heard,
        Status::Resolved,
        Status::Notified,
        Status::Appealed,
        Status::Final,
        Status::Paid,
        Status::InCollection,
        Status::Collected,
        Status::WrittenOff,
        Status::Annulled,
        Status::Absolved,
    ];
    pub fn code(self) -> &'static str {
        match self {
            Status::Opened => "opened",
            Status::Summoned => "summoned",
            Status::Heard => "heard",
            Status::Resolved => "resolved",
            Status::Notified => "notified",
            Status::Appealed => "appealed",
            Status::Final => "final",
            Status::Paid => "paid",
            Status::InCollection => "in_collection",
            Status::Collected => "collected",
            Status::WrittenOff => "written_off",
            Status::Annulled => "annulled",
            Status::Absolved => "absolved",
        }
    }
    pub fn parse(s: &str) -> Option<Status> {
        Status::ALL.into_iter().find(|k| k.code() == s.trim())
    }
    pub fn is_terminal(self) -> bool {
        matches!(
            self,
            Status::Paid | Status::Collected | Status::WrittenOff | Status::Annulled | Status::Absolved
        )
    }
    /// Is the resolution final (no appeal pending or possible)? Public results wait for this.
    pub fn is_final(self) -> bool {
        matches!(
            self,
            Status::Final
                | Status::Paid
                | Status::InCollection
                | Status::Collected
                | Status::WrittenOff
                | Status::Absolved
        )
    }
}

/// The sanctions officer's decision for one violation: the amount chosen within the legal range and
/// why (the individualization criteria of LFT 992).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FineDecision {
    pub question_id: String,
    pub per_worker_uma: u32,
    pub intent: bool,
    pub seriousness: Seriousness,
    pub harm: Harm,
    pub capacity: Capacity,
    pub justification: String,
}

/// One line of the resolution: a fine, calculated.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Fine {
    pub number: u32,
    pub question_id: String,
    pub violation: String,
    pub article: String,
    pub workers: u32,
    pub per_worker_uma: u32,
    pub amount: Money,
    pub repeat_offence: bool,
    pub decision: FineDecision,
    pub calculation: FineCalculation,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AppealOutcome {
    Upheld,
    Reduced,
    Annulled,
}

impl AppealOutcome {
    pub fn parse(s: &str) -> Option<AppealOutcome> {
        match s.trim() {
            "upheld" => Some(AppealOutcome::Upheld),
            "reduced" => Some(AppealOutcome::Reduced),
            "annulled" => Some(AppealOutcome::Annulled),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Payment {
    pub amount: Money,
    pub paid_on: NaiveDate,
    pub reference: String,
}

/// One sanction case: the procedure for the findings one inspection sent to it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Sanction {
    pub inspection_id: i64,
    pub workplace_id: i64,
    pub employer_id: i64,
    pub jurisdiction: Jurisdiction,
    pub acta_date: NaiveDate,
    pub findings: Vec<Finding>,
    pub status: Status,
    pub opened_at: DateTime<Utc>,
    pub summoned_at: Option<DateTime<Utc>>,
    pub response_deadline: Option<NaiveDate>,
    pub response: Option<String>,
    pub heard_at: Option<DateTime<Utc>>,
    pub resolution_folio: String,
    pub resolved_at: Option<DateTime<Utc>>,
    pub fines: Vec<Fine>,
    pub notified_at: Option<DateTime<Utc>>,
    pub payment_deadline: Option<NaiveDate>,
    pub appeal_deadline: Option<NaiveDate>,
    pub appeal: Option<String>,
    pub appeal_outcome: Option<AppealOutcome>,
    pub final_on: Option<NaiveDate>,
    pub collection_reference: String,
    pub payments: Vec<Payment>,
    pub closed_reason: String,
}

impl Sanction {
    pub fn imposed(&self) -> Money {
        self.fines.iter().map(|f| f.amount).sum()
    }
    pub fn paid(&self) -> Money {
        self.payments.iter().map(|p| p.amount).sum()
    }
    pub fn outstanding(&self) -> Money {
        let o = self.imposed() - self.paid();
        if o < Money::ZERO {
            Money::ZERO
        } else {
            o
        }
    }
    /// The deadline the case is waiting on now, for dashboards of overdue work.
    pub fn next_deadline(&self) -> Option<NaiveDate> {
        match self.status {
            Status::Summoned => self.response_deadline,
            Status::Notified => self.appeal_deadline,
            Status::Final => self.payment_deadline,
            _ => None,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "command", rename_all = "snake_case")]
pub enum Command {
    Open {
        inspection_id: i64,
        workplace_id: i64,
        employer_id: i64,
        jurisdiction: Jurisdiction,
        acta_date: NaiveDate,
        findings: Vec<Finding>,
    },
    /// The formal summons (emplazamiento) naming the alleged violations; starts the hearing period.
    Summon,
    RecordResponse {
        summary: String,
    },
    CloseHearing,
    /// The resolution. `prior` is the employer's fines history the store read (for art. 992's
    /// repeat-offence rule); `decisions` has one entry per finding, or none to absolve.
    Resolve {
        folio: String,
        decisions: Vec<FineDecision>,
        prior: Vec<PriorFineRecord>,
    },
    NotifyResolution,
    FileAppeal {
        summary: String,
    },
    DecideAppeal {
        outcome: AppealOutcome,
        /// For a reduction: the new amount per worker of each fine, by number.
        reductions: Vec<(u32, u32)>,
    },
    MarkFinal,
    RecordPayment {
        amount: Money,
        paid_on: NaiveDate,
        reference: String,
    },
    SendToCollection {
        reference: String,
    },
    WriteOff {
        reason: String,
    },
}

/// A fine of the same employer in an earlier resolution, as the store found it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PriorFineRecord {
    pub violation: String,
    pub acta_date: NaiveDate,
    pub per_worker_uma: u32,
    pub overturned: bool,
}

impl Command {
    pub fn name(&self) -> &'static str {
        match self {
            Command::Open { .. } => "open",
            Command::Summon => "summon",
            Command::RecordResponse { .. } => "record_response",
            Command::CloseHearing => "close_hearing",
            Command::Resolve { .. } => "resolve",
            Command::NotifyResolution => "notify_resolution",
            Command::FileAppeal { .. } => "file_appeal",
            Command::DecideAppeal { .. } => "decide_appeal",
            Command::MarkFinal => "mark_final",
            Command::RecordPayment { .. } => "record_payment",
            Command::SendToCollection { .. } => "send_to_collection",
            Command::WriteOff { .. } => "write_off",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Event {
    Opened {
        inspection_id: i64,
        workplace_id: i64,
        employer_id: i64,
        jurisdiction: Jurisdiction,
        acta_date: NaiveDate,
        findings: Vec<Finding>,
        at: DateTime<Utc>,
    },
    Summoned {
        at: DateTime<Utc>,
        response_deadline: NaiveDate,
    },
    ResponseRecorded {
        summary: String,
        at: DateTime<Utc>,
    },
    HearingClosed {
        at: DateTime<Utc>,
    },
    Resolved {
        folio: String,
        fines: Vec<Fine>,
        at: DateTime<Utc>,
    },
    Absolved {
        folio: String,
        at: DateTime<Utc>,
    },
    ResolutionNotified {
        at: DateTime<Utc>,
        appeal_deadline: NaiveDate,
        payment_deadline: NaiveDate,
    },
    AppealFiled {
        summary: String,
        at: DateTime<Utc>,
    },
    AppealDecided {
        outcome: AppealOutcome,
        fines: Vec<Fine>,
        at: DateTime<Utc>,
    },
    BecameFinal {
        on: NaiveDate,
        payment_deadline: NaiveDate,
    },
    PaymentRecorded {
        payment: Payment,
        settled: bool,
    },
    SentToCollection {
        reference: String,
        at: DateTime<Utc>,
    },
    WrittenOff {
        reason: String,
        at: DateTime<Utc>,
    },
}

impl Event {
    /// When it happened; events that carry only a date happened at its start (UTC).
    pub fn at(&self) -> DateTime<Utc> {
        let day = |d: &NaiveDate| d.and_time(chrono::NaiveTime::MIN).and_utc();
        match self {
            Event::Opened { at, .. }
            | Event::Summoned { at, .. }
            | Event::ResponseRecorded { at, .. }
            | Event::HearingClosed { at }
            | Event::Resolved { at, .. }
            | Event::Absolved { at, .. }
            | Event::ResolutionNotified { at, .. }
            | Event::AppealFiled { at, .. }
            | Event::AppealDecided { at, .. }
            | Event::SentToCollection { at, .. }
            | Event::WrittenOff { at, .. } => *at,
            Event::BecameFinal { on, .. } => day(on),
            Event::PaymentRecorded { payment, .. } => day(&payment.paid_on),
        }
    }

    pub fn kind(&self) -> &'static str {
        match self {
            Event::Opened { .. } => "sanction.opened",
            Event::Summoned { .. } => "sanction.summoned",
            Event::ResponseRecorded { .. } => "sanction.response_recorded",
            Event::HearingClosed { .. } => "sanction.hearing_closed",
            Event::Resolved { .. } => "sanction.resolved",
            Event::Absolved { .. } => "sanction.absolved",
            Event::ResolutionNotified { .. } => "sanction.resolution_notified",
            Event::AppealFiled { .. } => "sanction.appeal_filed",
            Event::AppealDecided { .. } => "sanction.appeal_decided",
            Event::BecameFinal { .. } => "sanction.became_final",
            Event::PaymentRecorded { .. } => "sanction.payment_recorded",
            Event::SentToCollection { .. } => "sanction.sent_to_collection",
            Event::WrittenOff { .. } => "sanction.written_off",
        }
    }
}

pub struct Ctx<'a> {
    pub now: DateTime<Utc>,
    pub rules: &'a Rules,
    pub calendar: &'a LegalCalendar,
    pub catalogs: &'a Catalogs,
}

/// The date a deadline rule gives from `from` (the day the act took effect).
fn deadline_from(ctx: &Ctx<'_>, rule_id: &str, from: NaiveDate) -> Result<NaiveDate, DomainError> {
    let rule = ctx.rules.deadline(rule_id, from)?;
    let (days, count) = match rule.unit {
        DeadlineUnit::Days(c) => (rule.amount, c),
        DeadlineUnit::Hours => (rule.amount.div_ceil(24), DayCount::Calendar),
    };
    Ok(ctx.calendar.deadline(from, days, count))
}

fn calculate_fines(
    s: &Sanction,
    decisions: &[FineDecision],
    prior: &[PriorFineRecord],
    ctx: &Ctx<'_>,
) -> Result<Vec<Fine>, DomainError> {
    let mut fines = Vec::with_capacity(decisions.len());
    for (i, d) in decisions.iter().enumerate() {
        let finding = s
            .findings
            .iter()
            .find(|f| f.question_id == d.question_id)
            .ok_or_else(|| {
                DomainError::field(
                    "decisions",
                    "sanction.decision_without_finding",
                    format!("'{}' is not a finding sent to this procedure", d.question_id),
                )
                .with("question", d.question_id.clone())
            })?;
        if fines.iter().any(|f: &Fine| f.question_id == d.question_id) {
            return Err(
                DomainError::field("decisions", "sanction.duplicate_decision", "one fine per finding")
                    .with("question", d.question_id.clone()),
            );
        }
        let input = FineInput {
            violation: finding.violation.clone(),
            violation_date: s.acta_date,
            affected_workers: finding.affected_workers.max(1),
            per_worker_uma: d.per_worker_uma,
            criteria: fine::Criteria {
                intent: d.intent,
                seriousness: d.seriousness,
                harm: d.harm,
                capacity: d.capacity,
                justification: d.justification.clone(),
            },
            prior: prior
                .iter()
                .filter(|p| p.violation == finding.violation)
                .map(|p| PriorFine {
                    acta_date: p.acta_date,
                    per_worker_uma: p.per_worker_uma,
                    overturned: p.overturned,
                })
                .collect(),
        };
        let calculation = fine::calculate(ctx.rules, ctx.catalogs, &input)?;
        fines.push(Fine {
            number: u32::try_from(i + 1).unwrap_or(u32::MAX),
            question_id: d.question_id.clone(),
            violation: finding.violation.clone(),
            article: calculation.rule.article.clone(),
            workers: calculation.workers,
            per_worker_uma: calculation.per_worker_uma,
            amount: calculation.total,
            repeat_offence: calculation.recidivism.is_some(),
            decision: d.clone(),
            calculation,
        });
    }
    Ok(fines)
}

pub fn decide(state: Option<&Sanction>, command: &Command, ctx: &Ctx<'_>) -> Result<Vec<Event>, DomainError> {
    let now = ctx.now;
    let today = now.date_naive();
    let Some(s) = state else {
        return match command {
            Command::Open {
                inspection_id,
                workplace_id,
                employer_id,
                jurisdiction,
                acta_date,
                findings,
            } => {
                if findings.is_empty() {
                    return Err(DomainError::new(
                        "sanction.no_findings",
                        "a sanction procedure needs at least one finding",
                    ));
                }
                Ok(vec![Event::Opened {
                    inspection_id: *inspection_id,
                    workplace_id: *workplace_id,
                    employer_id: *employer_id,
                    jurisdiction: *jurisdiction,
                    acta_date: *acta_date,
                    findings: findings.clone(),
                    at: now,
                }])
            }
            other => Err(DomainError::new(
                "sanction.not_found",
                format!("cannot {} a sanction procedure that does not exist", other.name()),
            )),
        };
    };
    let illegal = || {
        Err(DomainError::new(
            "sanction.illegal_transition",
            format!(
                "cannot {} a sanction procedure that is {}",
                command.name(),
                s.status.code()
            ),
        )
        .with("command", command.name())
        .with("status", s.status.code()))
    };
    if s.status.is_terminal() {
        return illegal();
    }
    match command {
        Command::Open { .. } => Err(DomainError::new("sanction.exists", "the procedure is already open")),
        Command::Summon => {
            if s.status != Status::Opened {
                return illegal();
            }
            Ok(vec![Event::Summoned {
                at: now,
                response_deadline: deadline_from(ctx, "sanction.hearing_response", today)?,
            }])
        }
        Command::RecordResponse { summary } => {
            if s.status != Status::Summoned {
                return illegal();
            }
            if let Some(deadline) = s.response_deadline {
                if today > deadline {
                    return Err(DomainError::new(
                        "sanction.response_late",
                        format!("the response period ended on {deadline}"),
                    )
                    .with("deadline", deadline.to_string()));
                }
            }
            Ok(vec![Event::ResponseRecorded {
                summary: text("summary", summary, 8000)?,
                at: now,
            }])
        }
        Command::CloseHearing => {
            if s.status != Status::Summoned {
                return illegal();
            }
            let window_open = s.response_deadline.is_some_and(|d| today <= d);
            if window_open && s.response.is_none() {
                return Err(DomainError::new(
                    "sanction.hearing_window_open",
                    "the employer may still answer: the hearing closes after its response or after the period (LFT 1009)",
                )
                .with("deadline", s.response_deadline.map(|d| d.to_string()).unwrap_or_default()));
            }
            Ok(vec![Event::HearingClosed { at: now }])
        }
        Command::Resolve {
            folio,
            decisions,
            prior,
        } => {
            if s.status != Status::Heard {
                return illegal();
            }
            let folio = text("folio", folio, 60)?;
            if decisions.is_empty() {
                return Ok(vec![Event::Absolved { folio, at: now }]);
            }
            let fines = calculate_fines(s, decisions, prior, ctx)?;
            Ok(vec![Event::Resolved { folio, fines, at: now }])
        }
        Command::NotifyResolution => {
            if s.status != Status::Resolved {
                return illegal();
            }
            Ok(vec![Event::ResolutionNotified {
                at: now,
                appeal_deadline: deadline_from(ctx, "sanction.appeal", today)?,
                payment_deadline: deadline_from(ctx, "sanction.payment", today)?,
            }])
        }
        Command::FileAppeal { summary } => {
            if s.status != Status::Notified {
                return illegal();
            }
            if let Some(deadline) = s.appeal_deadline {
                if today > deadline {
                    return Err(DomainError::new(
                        "sanction.appeal_late",
                        format!("the appeal period ended on {deadline}"),
                    )
                    .with("deadline", deadline.to_string()));
                }
            }
            Ok(vec![Event::AppealFiled {
                summary: text("summary", summary, 8000)?,
                at: now,
            }])
        }
        Command::DecideAppeal { outcome, reductions } => {
            if s.status != Status::Appealed {
                return illegal();
            }
            let fines = match outcome {
                AppealOutcome::Upheld | AppealOutcome::Annulled => s.fines.clone(),
                AppealOutcome::Reduced => {
                    if reductions.is_empty() {
                        return Err(DomainError::field(
                            "reductions",
                            "sanction.reduction_missing",
                            "give the reduced amounts",
                        ));
                    }
                    let mut fines = s.fines.clone();
                    for (number, uma) in reductions {
                        let f = fines.iter_mut().find(|f| f.number == *number).ok_or_else(|| {
                            DomainError::field(
                                "reductions",
                                "sanction.fine_unknown",
                                format!("there is no fine {number}"),
                            )
                        })?;
                        if *uma >= f.per_worker_uma {
                            return Err(DomainError::field(
                                "reductions",
                                "sanction.not_a_reduction",
                                "a reduction lowers the amount",
                            )
                            .with("number", number.to_string()));
                        }
                        let mut decision = f.decision.clone();
                        decision.per_worker_uma = *uma;
                        let recalculated = calculate_fines(s, std::slice::from_ref(&decision), &[], ctx)?;
                        if let Some(mut r) = recalculated.into_iter().next() {
                            r.number = f.number;
                            *f = r;
                        }
                    }
                    fines
                }
            };
            Ok(vec![Event::AppealDecided {
                outcome: *outcome,
                fines,
                at: now,
            }])
        }
        Command::MarkFinal => {
            let ok = match s.status {
                Status::Notified => s.appeal_deadline.is_some_and(|d| today > d),
                _ => false,
            };
            if !ok {
                if s.status == Status::Notified {
                    return Err(DomainError::new(
                        "sanction.appeal_window_open",
                        "the resolution becomes final once the appeal period has passed",
                    )
                    .with("deadline", s.appeal_deadline.map(|d| d.to_string()).unwrap_or_default()));
                }
                return illegal();
            }
            Ok(vec![Event::BecameFinal {
                on: today,
                payment_deadline: s.payment_deadline.unwrap_or(today),
            }])
        }
        Command::RecordPayment {
            amount,
            paid_on,
            reference,
        } => {
            if !matches!(s.status, Status::Notified | Status::Final | Status::InCollection) {
                return illegal();
            }
            if *amount <= Money::ZERO {
                return Err(DomainError::field(
                    "amount",
                    "sanction.payment_not_positive",
                    "the amount must be more than zero",
                ));
            }
            if *amount > s.outstanding() {
                return Err(DomainError::field(
                    "amount",
                    "sanction.overpayment",
                    format!("only {} is outstanding", s.outstanding()),
                )
                .with("outstanding", s.outstanding().to_string()));
            }
            if *paid_on > today {
                return Err(DomainError::field(
                    "paid_on",
                    "sanction.payment_in_future",
                    "the payment date is in the future",
                ));
            }
            let settled = *amount == s.outstanding();
            Ok(vec![Event::PaymentRecorded {
                payment: Payment {
                    amount: *amount,
                    paid_on: *paid_on,
                    reference: text("reference", reference, 200)?,
                },
                settled,
            }])
        }
        Command::SendToCollection { reference } => {
            if s.status != Status::Final {
                return illegal();
            }
            if s.payment_deadline.is_some_and(|d| today <= d) {
                return Err(DomainError::new(
                    "sanction.payment_window_open",
                    "the fine can be sent to the tax authority once the payment period has passed",
                )
                .with(
                    "deadline",
                    s.payment_deadline.map(|d| d.to_string()).unwrap_or_default(),
                ));
            }
            Ok(vec![Event::SentToCollection {
                reference: text("reference", reference, 200)?,
                at: now,
            }])
        }
        Command::WriteOff { reason } => {
            if s.status != Status::InCollection {
                return illegal();
            }
            Ok(vec![Event::WrittenOff {
                reason: text("reason", reason, 2000)?,
                at: now,
            }])
        }
    }
}

pub fn apply(state: Option<Sanction>, event: &Event) -> Option<Sanction> {
    if let Event::Opened {
        inspection_id,
        workplace_id,
        employer_id,
        jurisdiction,
        acta_date,
        findings,
        at,
    } = event
    {
        return Some(Sanction {
            inspection_id: *inspection_id,
            workplace_id: *workplace_id,
            employer_id: *employer_id,
            jurisdiction: *jurisdiction,
            acta_date: *acta_date,
            findings: findings.clone(),
            status: Status::Opened,
            opened_at: *at,
            summoned_at: None,
            response_deadline: None,
            response: None,
            heard_at: None,
            resolution_folio: String::new(),
            resolved_at: None,
            fines: Vec::new(),
            notified_at: None,
            payment_deadline: None,
            appeal_deadline: None,
            appeal: None,
            appeal_outcome: None,
            final_on: None,
            collection_reference: String::new(),
            payments: Vec::new(),
            closed_reason: String::new(),
        });
    }
    let mut s = state?;
    match event {
        Event::Opened { .. } => {}
        Event::Summoned { at, response_deadline } => {
            s.status = Status::Summoned;
            s.summoned_at = Some(*at);
            s.response_deadline = Some(*response_deadline);
        }
        Event::ResponseRecorded { summary, .. } => s.response = Some(summary.clone()),
        Event::HearingClosed { at } => {
            s.status = Status::Heard;
            s.heard_at = Some(*at);
        }
        Event::Resolved { folio, fines, at } => {
            s.status = Status::Resolved;
            s.resolution_folio = folio.clone();
            s.fines = fines.clone();
            s.resolved_at = Some(*at);
        }
        Event::Absolved { folio, at } => {
            s.status = Status::Absolved;
            s.resolution_folio = folio.clone();
            s.resolved_at = Some(*at);
            s.final_on = Some(at.date_naive());
        }
        Event::ResolutionNotified {
            at,
            appeal_deadline,
            payment_deadline,
        } => {
            s.status = Status::Notified;
            s.notified_at = Some(*at);
            s.appeal_deadline = Some(*appeal_deadline);
            s.payment_deadline = Some(*payment_deadline);
        }
        Event::AppealFiled { summary, .. } => {
            s.status = Status::Appealed;
            s.appeal = Some(summary.clone());
        }
        Event::AppealDecided { outcome, fines, at } => {
            s.appeal_outcome = Some(*outcome);
            s.fines = fines.clone();
            if *outcome == AppealOutcome::Annulled {
                s.status = Status::Annulled;
                s.closed_reason = "appeal_annulled".into();
            } else {
                s.status = Status::Final;
                s.final_on = Some(at.date_naive());
            }
        }
        Event::BecameFinal { on, payment_deadline } => {
            s.status = Status::Final;
            s.final_on = Some(*on);
            s.payment_deadline = Some(*payment_deadline);
        }
        Event::PaymentRecorded { payment, settled } => {
            s.payments.push(payment.clone());
            if *settled {
                s.status = if s.status == Status::InCollection {
                    Status::Collected
                } else {
                    if s.final_on.is_none() {
                        s.final_on = Some(payment.paid_on);
                    }
                    Status::Paid
                };
            }
        }
        Event::SentToCollection { reference, .. } => {
            s.status = Status::InCollection;
            s.collection_reference = reference.clone();
        }
        Event::WrittenOff { reason, .. } => {
            s.status = Status::WrittenOff;
            s.closed_reason = reason.clone();
        }
    }
    Some(s)
}

pub fn execute(
    state: Option<&Sanction>,
    command: &Command,
    ctx: &Ctx<'_>,
) -> Result<(Vec<Event>, Sanction), DomainError> {
    crate::case::execute(state, command, ctx, decide, apply, || {
        DomainError::new("sanction.not_found", "the sanction procedure does not exist")
    })
}

#[cfg(test)]
mod tests {
    use std::sync::{Arc, OnceLock};

    use chrono::{Duration, TimeZone};

    use super::*;
    use crate::catalog::Catalogs;
    use crate::inspection::Matter;
    use crate::law::Law;
    use crate::StateCode;

    fn law() -> &'static Law {
        static LAW: OnceLock<Law> = OnceLock::new();
        LAW.get_or_init(|| Law::official(Arc::new(Catalogs::embedded().unwrap()), None).unwrap())
    }

    fn finding(q: &str, violation: &str, workers: u32) -> Finding {
        Finding {
            question_id: q.into(),
            matter: Matter::SafetyHealth,
            article: "LFT 132-XVII".into(),
            violation: violation.into(),
            affected_workers: workers,
            note: String::new(),
            correctable: true,
            measure: None,
        }
    }

    fn decision(q: &str, uma: u32) -> FineDecision {
        FineDecision {
            question_id: q.into(),
            per_worker_uma: uma,
            intent: false,
            seriousness: Seriousness::Medium,
            harm: Harm::Potential,
            capacity: Capacity::Medium,
            justification: "Riesgo de incendio sin extintores".into(),
        }
    }

    struct Run {
        state: Option<Sanction>,
        now: DateTime<Utc>,
    }

    impl Run {
        /// Opened on Monday 2 March 2026 for an acta of the same day.
        fn new(findings: Vec<Finding>) -> Run {
            let mut r = Run {
                state: None,
                now: Utc.with_ymd_and_hms(2026, 3, 2, 16, 0, 0).unwrap(),
            };
            r.ok(Command::Open {
                inspection_id: 1,
                workplace_id: 2,
                employer_id: 3,
                jurisdiction: Jurisdiction::State(StateCode::new(14).unwrap()),
                acta_date: NaiveDate::from_ymd_opt(2026, 3, 2).unwrap(),
                findings,
            });
            r
        }
        fn try_do(&mut self, c: Command) -> Result<Vec<Event>, DomainError> {
            let (events, next) = execute(self.state.as_ref(), &c, &law().sanction_ctx(self.now))?;
            self.state = Some(next);
            Ok(events)
        }
        fn ok(&mut self, c: Command) -> Vec<Event> {
            let name = c.name();
            self.try_do(c).unwrap_or_else(|e| panic!("{name}: {e}"))
        }
        fn s(&self) -> &Sanction {
            self.state.as_ref().unwrap()
        }
        fn on(&mut self, y: i32, m: u32, d: u32) {
            self.now = Utc.with_ymd_and_hms(y, m, d, 16, 0, 0).unwrap();
        }
        fn heard(&mut self) {
            self.ok(Command::Summon);
            self.ok(Command::RecordResponse {
                summary: "La empresa ofrece facturas de compra de extintores".into(),
            });
            self.ok(Command::CloseHearing);
        }
    }

    #[test]
    fn the_employer_is_heard_before_the_resolution() {
        let mut r = Run::new(vec![finding("sh.fire", "lft-994-v", 3)]);
        r.ok(Command::Summon);
        // 15 working days counted from the day after Monday 2 March 2026 (LFT 733), with the
        // weekends and 16 March (third Monday of March, LFT 74) off: 3-6, 9-13, 17-20, 23, 24.
        assert_eq!(r.s().response_deadline, NaiveDate::from_ymd_opt(2026, 3, 24));
        assert_eq!(
            r.try_do(Command::CloseHearing).unwrap_err().code,
            "sanction.hearing_window_open"
        );
        let resolve = Command::Resolve {
            folio: "RES-1".into(),
            decisions: vec![decision("sh.fire", 300)],
            prior: vec![],
        };
        assert_eq!(r.try_do(resolve).unwrap_err().code, "sanction.illegal_transition");
        r.on(2026, 3, 25);
        assert_eq!(
            r.try_do(Command::RecordResponse {
                summary: "tarde".into()
            })
            .unwrap_err()
            .code,
            "sanction.response_late"
        );
        r.ok(Command::CloseHearing);
        assert_eq!(r.s().status, Status::Heard);
    }

    #[test]
    fn the_fine_is_per_worker_at_the_uma_of_the_violation_date() {
        let mut r = Run::new(vec![finding("sh.fire", "lft-994-v", 3)]);
        r.heard();
        r.ok(Command::Resolve {
            folio: "RES-1".into(),
            decisions: vec![decision("sh.fire", 300)],
            prior: vec![],
        });
        // 300 UMA x $117.31 (in force from 1 February 2026) = $35,193.00 per worker, x 3 workers.
        assert_eq!(r.s().imposed(), Money::from_centavos(10_557_900));
        assert!(!r.s().fines[0].repeat_offence);
        // Outside the legal range of 994-V (250-5,000) it is refused.
        let mut r2 = Run::new(vec![finding("sh.fire", "lft-994-v", 1)]);
        r2.heard();
        let e = r2
            .try_do(Command::Resolve {
                folio: "RES-2".into(),
                decisions: vec![decision("sh.fire", 249)],
                prior: vec![],
            })
            .unwrap_err();
        assert_eq!(e.code, "fine.amount_out_of_range");
    }

    #[test]
    fn a_repeat_offence_within_two_years_doubles_the_earlier_fine() {
        let mut r = Run::new(vec![finding("sh.fire", "lft-994-v", 1)]);
        r.heard();
        r.ok(Command::Resolve {
            folio: "RES-1".into(),
            decisions: vec![decision("sh.fire", 300)],
            prior: vec![PriorFineRecord {
                violation: "lft-994-v".into(),
                acta_date: NaiveDate::from_ymd_opt(2025, 6, 1).unwrap(),
                per_worker_uma: 400,
                overturned: false,
            }],
        });
        // Double the 400 UMA imposed before: 800 x $117.31 = $93,848.00.
        assert!(r.s().fines[0].repeat_offence);
        assert_eq!(r.s().imposed(), Money::from_centavos(9_384_800));
    }

    #[test]
    fn no_fines_absolves_and_the_case_ends() {
        let mut r = Run::new(vec![finding("sh.fire", "lft-994-v", 1)]);
        r.heard();
        r.ok(Command::Resolve {
            folio: "RES-1".into(),
            decisions: vec![],
            prior: vec![],
        });
        assert_eq!(r.s().status, Status::Absolved);
        assert!(r.s().status.is_final());
        assert_eq!(
            r.try_do(Command::NotifyResolution).unwrap_err().code,
            "sanction.illegal_transition"
        );
    }

    #[test]
    fn from_resolution_to_payment_and_to_collection() {
        let mut r = Run::new(vec![finding("sh.fire", "lft-994-v", 1)]);
        r.heard();
        r.ok(Command::Resolve {
            folio: "RES-1".into(),
            decisions: vec![decision("sh.fire", 300)],
            prior: vec![],
        });
        r.ok(Command::NotifyResolution);
        assert_eq!(
            r.try_do(Command::MarkFinal).unwrap_err().code,
            "sanction.appeal_window_open"
        );
        r.now += Duration::days(40);
        r.ok(Command::MarkFinal);
        assert!(r.s().status.is_final());
        // A partial payment, then an overpayment refused, then the rest settles it.
        let today = r.now.date_naive();
        r.ok(Command::RecordPayment {
            amount: Money::from_pesos(10_000),
            paid_on: today,
            reference: "SAT-1".into(),
        });
        assert_eq!(r.s().outstanding(), Money::from_centavos(3_519_300 - 1_000_000));
        let e = r
            .try_do(Command::RecordPayment {
                amount: Money::from_pesos(30_000),
                paid_on: today,
                reference: "SAT-2".into(),
            })
            .unwrap_err();
        assert_eq!(e.code, "sanction.overpayment");
        // Unpaid after the payment period: to the tax authority (LFT 1010), then collected there.
        r.ok(Command::SendToCollection {
            reference: "SAT-CRED-9".into(),
        });
        r.ok(Command::RecordPayment {
            amount: r.s().outstanding(),
            paid_on: today,
            reference: "SAT-3".into(),
        });
        assert_eq!(r.s().status, Status::Collected);
        assert_eq!(r.s().outstanding(), Money::ZERO);
    }

    #[test]
    fn an_appeal_can_reduce_or_annul() {
        let mut r = Run::new(vec![finding("sh.fire", "lft-994-v", 2)]);
        r.heard();
        r.ok(Command::Resolve {
            folio: "RES-1".into(),
            decisions: vec![decision("sh.fire", 1000)],
            prior: vec![],
        });
        r.ok(Command::NotifyResolution);
        r.ok(Command::FileAppeal {
            summary: "Recurso de revisión".into(),
        });
        assert_eq!(
            r.try_do(Command::DecideAppeal {
                outcome: AppealOutcome::Reduced,
                reductions: vec![(1, 1200)],
            })
            .unwrap_err()
            .code,
            "sanction.not_a_reduction"
        );
        r.ok(Command::DecideAppeal {
            outcome: AppealOutcome::Reduced,
            reductions: vec![(1, 500)],
        });
        // 500 x $117.31 x 2 workers = $117,310.00.
        assert_eq!(r.s().imposed(), Money::from_centavos(11_731_000));
        assert_eq!(r.s().status, Status::Final);

        let mut a = Run::new(vec![finding("sh.fire", "lft-994-v", 1)]);
        a.heard();
        a.ok(Command::Resolve {
            folio: "RES-2".into(),
            decisions: vec![decision("sh.fire", 300)],
            prior: vec![],
        });
        a.ok(Command::NotifyResolution);
        a.ok(Command::FileAppeal {
            summary: "Nulidad".into(),
        });
        a.ok(Command::DecideAppeal {
            outcome: AppealOutcome::Annulled,
            reductions: vec![],
        });
        assert_eq!(a.s().status, Status::Annulled);
        assert!(!a.s().status.is_final());
    }
}
