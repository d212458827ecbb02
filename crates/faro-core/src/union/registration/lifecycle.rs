//! The union's file as a pure state machine: [`decide`] checks a command against the state, the
//! clock and the rules; [`apply`] folds one event into the state.

use std::collections::BTreeSet;

use chrono::NaiveDate;

use super::command::{Command, Event};
use super::model::{
    DocumentKind, Filing, FilingInput, Leadership, Officer, PendingLeadership, RefusalGround, Review, Status,
    StatuteClause, Union,
};
use crate::case::{optional_text, required_text};
use crate::union::check::{next_day, not_found, not_future, ordered, prev_day, wrong_state};
use crate::union::clock::{months_after, term_end};
use crate::union::members::{check_members, MemberKind};
use crate::union::rules::{Param, Term};
use crate::union::Ctx;
use crate::DomainError;

const ILLEGAL: &str = "union.illegal_transition";

fn refuse(code: &'static str, detail: impl Into<String>) -> DomainError {
    DomainError::new(code, detail)
}

fn check_leadership(l: &Leadership, today: NaiveDate) -> Result<Leadership, DomainError> {
    not_future("leadership.elected_on", l.elected_on, today)?;
    ordered("leadership.term_until", l.term_from, l.term_until)?;
    let officers = l
        .officers
        .iter()
        .map(|o| {
            Ok(Officer {
                name: required_text("leadership.officers.name", &o.name, 300)?,
                office: required_text("leadership.officers.office", &o.office, 200)?,
            })
        })
        .collect::<Result<Vec<_>, DomainError>>()?;
    Ok(Leadership {
        officers,
        vote: l.vote.as_ref().map(|v| v.trim().to_string()).filter(|v| !v.is_empty()),
        ..l.clone()
    })
}

fn missing_clauses(clauses: &[StatuteClause]) -> Vec<StatuteClause> {
    let have: BTreeSet<StatuteClause> = clauses.iter().copied().collect();
    StatuteClause::ALL
        .into_iter()
        .filter(|c| c.required() && !have.contains(c))
        .collect()
}

fn dedup<T: Ord + Copy>(items: &[T]) -> Vec<T> {
    items.iter().copied().collect::<BTreeSet<T>>().into_iter().collect()
}

/// Checks a filing and reviews it against 364, 365 and 371.
fn review(ctx: &Ctx<'_>, input: &FilingInput) -> Result<(Filing, Review), DomainError> {
    let today = ctx.now.date_naive();
    not_future("founded_on", input.founded_on, today)?;
    let kind = input.union_type.member_kind();
    let (members, check) = check_members(ctx.rules, kind, &input.members, input.founded_on)?;
    let leadership = check_leadership(&input.leadership, today)?;
    let documents = dedup(&input.documents);
    let statute_clauses = dedup(&input.statute_clauses);
    let review = Review {
        missing_documents: DocumentKind::ALL
            .into_iter()
            .filter(|d| !documents.contains(d))
            .collect(),
        missing_clauses: missing_clauses(&statute_clauses),
        has_leadership: !leadership.officers.is_empty(),
        members: check,
    };
    let filing = Filing {
        name: required_text("name", &input.name, 300)?,
        union_type: input.union_type,
        address: required_text("address", &input.address, 500)?,
        founded_on: input.founded_on,
        purpose: required_text("purpose", &input.purpose, 4000)?,
        confederation: optional_text("confederation", &input.confederation, 300)?,
        documents,
        statute_clauses,
        members,
        leadership,
    };
    Ok((filing, review))
}

/// The first member update and financial minutes due after a registration on `on`.
fn dues_after(ctx: &Ctx<'_>, on: NaiveDate) -> Result<(NaiveDate, NaiveDate), DomainError> {
    let members = months_after(ctx, Param::MemberUpdateMonths, on)?;
    let accounts = term_end(
        ctx,
        Term::FinancialMinutes,
        months_after(ctx, Param::FinancialReportMonths, on)?,
    )?;
    Ok((members, accounts))
}

fn file(ctx: &Ctx<'_>, input: &FilingInput) -> Result<Vec<Event>, DomainError> {
    let today = ctx.now.date_naive();
    let (filing, review) = review(ctx, input)?;
    Ok(vec![Event::Filed {
        filing: Box::new(filing),
        review,
        received_at: ctx.now,
        filed_on: today,
        defect_notice_by: term_end(ctx, Term::DefectNotice, today)?,
        resolution_by: term_end(ctx, Term::Resolution, today)?,
    }])
}

fn registration_number(value: &str) -> Result<String, DomainError> {
    required_text("registration_number", value, 60)
}

/// Whether the registration already holds by law (366): on or after `deemed_on`.
fn deemed(s: &Union, today: NaiveDate) -> bool {
    s.status == Status::DecisionDemanded && s.deemed_on.is_some_and(|d| today >= d)
}

fn deemed_error(s: &Union) -> DomainError {
    refuse(
        "union.deemed_registered",
        "no decision came within 3 days of the demand: the registration holds by law (LFT 366); declare it",
    )
    .with("deemed_on", s.deemed_on.map(|d| d.to_string()).unwrap_or_default())
}

fn register(ctx: &Ctx<'_>, s: &Union, number: &str) -> Result<Vec<Event>, DomainError> {
    let today = ctx.now.date_naive();
    if deemed(s, today) {
        return Err(deemed_error(s));
    }
    if !s.review.complete() {
        return Err(refuse(
            "union.filing_incomplete",
            "the filing has defects: warn of them (LFT 366) before deciding",
        )
        .with("defects", s.review.defects().len().to_string()));
    }
    let (member_update_due, financial_report_due) = dues_after(ctx, today)?;
    Ok(vec![Event::Registered {
        registration_number: registration_number(number)?,
        on: today,
        late: today > s.resolution_by,
        member_update_due,
        financial_report_due,
    }])
}

fn refuse_registration(
    ctx: &Ctx<'_>,
    s: &Union,
    ground: RefusalGround,
    reason: &str,
) -> Result<Vec<Event>, DomainError> {
    let today = ctx.now.date_naive();
    if deemed(s, today) {
        return Err(deemed_error(s));
    }
    if s.defects_notified_on.is_none() {
        return Err(refuse(
            "union.refusal_without_notice",
            "the union must first be warned of the defects and given the chance to cure them (LFT 366)",
        ));
    }
    if s.status == Status::DefectsNotified {
        if let Some(by) = s.cure_by.filter(|by| today <= *by) {
            return Err(refuse(
                "union.cure_term_running",
                format!("the union may cure the defects until {by}"),
            )
            .with("cure_by", by.to_string()));
        }
    }
    let supported = match ground {
        RefusalGround::Purpose => true,
        RefusalGround::Membership => !s.review.membership_complete(),
        RefusalGround::Documents => !s.review.documents_complete(),
    };
    if !supported {
        return Err(DomainError::field(
            "ground",
            "union.refusal_ground_unmet",
            format!(
                "the filing meets the requirement {} names; a union that meets them cannot be refused (LFT 366)",
                ground.article()
            ),
        )
        .with("article", ground.article()));
    }
    Ok(vec![Event::Refused {
        ground,
        article: ground.article().to_string(),
        reason: required_text("reason", reason, 4000)?,
        on: today,
        at: ctx.now,
    }])
}

fn update_members(
    ctx: &Ctx<'_>,
    s: &Union,
    as_of: NaiveDate,
    joined: &[crate::union::members::MemberInput],
    left: &[String],
) -> Result<Vec<Event>, DomainError> {
    let today = ctx.now.date_naive();
    not_future("as_of", as_of, today)?;
    let kind = s.filing.union_type.member_kind();
    let (new, check) = check_members(ctx.rules, kind, joined, as_of)?;
    if let Some(issue) = check.issues.first() {
        return Err(DomainError::field(
            "joined",
            "union.member_invalid",
            format!(
                "member {} ({}) does not count: {}",
                issue.position,
                issue.name,
                issue.issue.code()
            ),
        )
        .with("position", issue.position.to_string())
        .with("issue", issue.issue.code()));
    }
    let current: BTreeSet<String> = s.members.iter().map(|m| m.key()).collect();
    if let Some(m) = new.iter().find(|m| current.contains(&m.key())) {
        return Err(DomainError::field(
            "joined",
            "union.member_exists",
            format!("{} is already a member", m.name),
        )
        .with("member", m.key()));
    }
    let left: Vec<String> = left.iter().map(|k| crate::ids::normalize(k)).collect();
    let mut leaving = BTreeSet::new();
    for k in &left {
        if !current.contains(k) || !leaving.insert(k.clone()) {
            return Err(DomainError::field(
                "left",
                "union.member_unknown",
                format!("{k} is not a member (or is listed twice)"),
            )
            .with("member", k.clone()));
        }
    }
    let after = s.members.len() - leaving.len() + new.len();
    let after = u32::try_from(after).unwrap_or(u32::MAX);
    let required = match kind {
        MemberKind::Workers => ctx.rules.count(Param::MinWorkers, as_of)?,
        MemberKind::Employers => ctx.rules.count(Param::MinEmployers, as_of)?,
    };
    Ok(vec![Event::MembersUpdated {
        as_of,
        joined: new,
        left,
        members_after: after,
        below_minimum: after < required,
        next_due: months_after(ctx, Param::MemberUpdateMonths, today)?,
        on: today,
    }])
}

fn financial_report(
    ctx: &Ctx<'_>,
    s: &Union,
    assembly_on: NaiveDate,
    period_from: NaiveDate,
    period_until: NaiveDate,
) -> Result<Vec<Event>, DomainError> {
    let today = ctx.now.date_naive();
    not_future("assembly_on", assembly_on, today)?;
    ordered("period_until", period_from, period_until)?;
    let previous = s.last_financial_assembly.or(s.registered_on).unwrap_or(s.filed_on);
    let assembly_due = months_after(ctx, Param::FinancialReportMonths, previous)?;
    let late = today > term_end(ctx, Term::FinancialMinutes, assembly_on)? || assembly_on > assembly_due;
    Ok(vec![Event::FinancialReportFiled {
        assembly_on,
        period_from,
        period_until,
        filed_on: today,
        late,
        next_due: term_end(
            ctx,
            Term::FinancialMinutes,
            months_after(ctx, Param::FinancialReportMonths, assembly_on)?,
        )?,
    }])
}

/// Decides what a command does to a union's file (`None` before it exists).
pub fn decide(state: Option<&Union>, command: &Command, ctx: &Ctx<'_>) -> Result<Vec<Event>, DomainError> {
    let now = ctx.now;
    let today = now.date_naive();
    let Some(s) = state else {
        return match command {
            Command::File { filing } => file(ctx, filing),
            other => Err(not_found("union.not_found", other.name())),
        };
    };
    let illegal = || Err(wrong_state(ILLEGAL, command.name(), s.status.code()));
    if s.status.is_terminal() {
        return illegal();
    }
    let registered = s.status.is_registered();
    match command {
        Command::File { .. } => Err(refuse("union.exists", "the union has already filed")),
        Command::NotifyDefects { observations } => {
            if !matches!(s.status, Status::Filed | Status::Corrected) {
                return illegal();
            }
            let observations = optional_text("observations", observations, 4000)?;
            let mut defects = s.review.defects();
            if !observations.is_empty() {
                defects.push(super::model::Defect::Observation { text: observations });
            }
            if defects.is_empty() {
                return Err(refuse(
                    "union.no_defects",
                    "the filing meets every requirement: it must be registered (LFT 366)",
                ));
            }
            Ok(vec![Event::DefectsNotified {
                defects,
                on: today,
                cure_by: term_end(ctx, Term::DefectCure, today)?,
                late: s.status == Status::Filed && today > s.defect_notice_by,
            }])
        }
        Command::Correct { filing } => {
            if s.status != Status::DefectsNotified {
                return illegal();
            }
            let (filing, review) = review(ctx, filing)?;
            let resolution_by = if ctx.rules.review_restarts_on_cure(today)? {
                term_end(ctx, Term::Resolution, today)?
            } else {
                s.resolution_by
            };
            Ok(vec![Event::Corrected {
                filing: Box::new(filing),
                review,
                on: today,
                resolution_by,
            }])
        }
        Command::DemandDecision => {
            if !matches!(s.status, Status::Filed | Status::Corrected) {
                return illegal();
            }
            if today <= s.resolution_by {
                return Err(refuse(
                    "union.resolution_term_running",
                    format!("the registrar may decide until {} (LFT 366)", s.resolution_by),
                )
                .with("resolution_by", s.resolution_by.to_string()));
            }
            Ok(vec![Event::DecisionDemanded {
                on: today,
                deemed_on: next_day(term_end(ctx, Term::DeemedAfterDemand, today)?),
            }])
        }
        Command::Register { registration_number } => {
            if !matches!(s.status, Status::Filed | Status::Corrected | Status::DecisionDemanded) {
                return illegal();
            }
            register(ctx, s, registration_number)
        }
        Command::Refuse { ground, reason } => {
            if !matches!(
                s.status,
                Status::DefectsNotified | Status::Corrected | Status::DecisionDemanded
            ) {
                return illegal();
            }
            refuse_registration(ctx, s, *ground, reason)
        }
        Command::DeclareDeemedRegistered => {
            if s.status != Status::DecisionDemanded {
                return illegal();
            }
            let Some(on) = s.deemed_on.filter(|d| today >= *d) else {
                return Err(refuse(
                    "union.deemed_term_running",
                    "the registrar may still decide within 3 days of the demand (LFT 366)",
                )
                .with("deemed_on", s.deemed_on.map(|d| d.to_string()).unwrap_or_default()));
            };
            let (member_update_due, financial_report_due) = dues_after(ctx, on)?;
            Ok(vec![Event::DeemedRegistered {
                on,
                certificate_by: term_end(ctx, Term::DeemedCertificate, prev_day(on))?,
                member_update_due,
                financial_report_due,
            }])
        }
        Command::IssueCertificate {
            registration_number: number,
        } => {
            if s.status != Status::DeemedRegistered || s.registration_number.is_some() {
                return illegal();
            }
            Ok(vec![Event::CertificateIssued {
                registration_number: registration_number(number)?,
                on: today,
                late: s.certificate_by.is_some_and(|by| today > by),
            }])
        }
        Command::ReportLeadershipChange { leadership } => {
            if !registered {
                return illegal();
            }
            if s.pending_leadership.is_some() {
                return Err(refuse(
                    "union.leadership_pending",
                    "a leadership change is waiting for its certification",
                ));
            }
            let leadership = check_leadership(leadership, today)?;
            if leadership.officers.is_empty() {
                return Err(DomainError::field(
                    "leadership.officers",
                    "field.required",
                    "a leadership has at least one officer",
                ));
            }
            Ok(vec![Event::LeadershipChangeReported {
                late: today > term_end(ctx, Term::LeadershipReport, leadership.elected_on)?,
                leadership,
                reported_on: today,
                certify_by: term_end(ctx, Term::LeadershipCertification, today)?,
            }])
        }
        Command::CertifyLeadership => {
            let Some(p) = s.pending_leadership.as_ref().filter(|_| registered) else {
                return illegal();
            };
            Ok(vec![Event::LeadershipCertified {
                leadership: p.leadership.clone(),
                on: today,
                late: today > p.certify_by,
            }])
        }
        Command::RejectLeadership { reason } => {
            if !registered || s.pending_leadership.is_none() {
                return illegal();
            }
            Ok(vec![Event::LeadershipRejected {
                reason: required_text("reason", reason, 4000)?,
                on: today,
            }])
        }
        Command::ReportStatuteChange {
            adopted_on,
            clauses,
            summary,
        } => {
            if !registered {
                return illegal();
            }
            not_future("adopted_on", *adopted_on, today)?;
            let clauses = dedup(clauses);
            Ok(vec![Event::StatutesChanged {
                missing_clauses: missing_clauses(&clauses),
                clauses,
                summary: required_text("summary", summary, 4000)?,
                adopted_on: *adopted_on,
                reported_on: today,
                late: today > term_end(ctx, Term::StatuteReport, *adopted_on)?,
            }])
        }
        Command::UpdateMembers { as_of, joined, left } => {
            if !registered {
                return illegal();
            }
            update_members(ctx, s, *as_of, joined, left)
        }
        Command::FileFinancialReport {
            assembly_on,
            period_from,
            period_until,
        } => {
            if !registered {
                return illegal();
            }
            financial_report(ctx, s, *assembly_on, *period_from, *period_until)
        }
        Command::RecordCancellation {
            court,
            ruling_on,
            ground,
            reason,
        } => {
            if !registered {
                return illegal();
            }
            not_future("ruling_on", *ruling_on, today)?;
            Ok(vec![Event::Cancelled {
                court: required_text("court", court, 300)?,
                ruling_on: *ruling_on,
                ground: *ground,
                reason: required_text("reason", reason, 4000)?,
                at: now,
            }])
        }
    }
}

/// Folds one event into the state.
pub fn apply(state: Option<Union>, event: &Event) -> Option<Union> {
    if let Event::Filed {
        filing,
        review,
        received_at,
        filed_on,
        defect_notice_by,
        resolution_by,
    } = event
    {
        return Some(Union {
            status: Status::Filed,
            review: review.clone(),
            received_at: *received_at,
            filed_on: *filed_on,
            defect_notice_by: *defect_notice_by,
            resolution_by: *resolution_by,
            defects: Vec::new(),
            defects_notified_on: None,
            cure_by: None,
            corrected_on: None,
            demanded_on: None,
            deemed_on: None,
            registration_number: None,
            registered_on: None,
            certificate_by: None,
            refusal: None,
            leadership: filing.leadership.clone(),
            pending_leadership: None,
            statute_clauses: filing.statute_clauses.clone(),
            members: filing.members.clone(),
            last_member_update: None,
            last_financial_assembly: None,
            member_update_due: None,
            financial_report_due: None,
            ended_at: None,
            end_reason: String::new(),
            filing: filing.as_ref().clone(),
        });
    }
    let mut s = state?;
    match event {
        Event::Filed { .. } => {}
        Event::DefectsNotified {
            defects, on, cure_by, ..
        } => {
            s.defects = defects.clone();
            s.defects_notified_on = Some(*on);
            s.cure_by = Some(*cure_by);
            s.status = Status::DefectsNotified;
        }
        Event::Corrected {
            filing,
            review,
            on,
            resolution_by,
        } => {
            s.leadership = filing.leadership.clone();
            s.statute_clauses = filing.statute_clauses.clone();
            s.members = filing.members.clone();
            s.filing = filing.as_ref().clone();
            s.review = review.clone();
            s.corrected_on = Some(*on);
            s.resolution_by = *resolution_by;
            s.status = Status::Corrected;
        }
        Event::DecisionDemanded { on, deemed_on } => {
            s.demanded_on = Some(*on);
            s.deemed_on = Some(*deemed_on);
            s.status = Status::DecisionDemanded;
        }
        Event::Registered {
            registration_number,
            on,
            member_update_due,
            financial_report_due,
            ..
        } => {
            s.registration_number = Some(registration_number.clone());
            s.registered_on = Some(*on);
            s.member_update_due = Some(*member_update_due);
            s.financial_report_due = Some(*financial_report_due);
            s.status = Status::Registered;
        }
        Event::Refused { ground, reason, at, .. } => {
            s.refusal = Some(*ground);
            s.status = Status::Refused;
            s.ended_at = Some(*at);
            s.end_reason = reason.clone();
        }
        Event::DeemedRegistered {
            on,
            certificate_by,
            member_update_due,
            financial_report_due,
        } => {
            s.registered_on = Some(*on);
            s.certificate_by = Some(*certificate_by);
            s.member_update_due = Some(*member_update_due);
            s.financial_report_due = Some(*financial_report_due);
            s.status = Status::DeemedRegistered;
        }
        Event::CertificateIssued {
            registration_number, ..
        } => s.registration_number = Some(registration_number.clone()),
        Event::LeadershipChangeReported {
            leadership,
            reported_on,
            certify_by,
            ..
        } => {
            s.pending_leadership = Some(PendingLeadership {
                leadership: leadership.clone(),
                reported_on: *reported_on,
                certify_by: *certify_by,
            })
        }
        Event::LeadershipCertified { leadership, .. } => {
            s.leadership = leadership.clone();
            s.pending_leadership = None;
        }
        Event::LeadershipRejected { .. } => s.pending_leadership = None,
        Event::StatutesChanged { clauses, .. } => s.statute_clauses = clauses.clone(),
        Event::MembersUpdated {
            as_of,
            joined,
            left,
            next_due,
            ..
        } => {
            s.members.retain(|m| !left.contains(&m.key()));
            s.members.extend(joined.iter().cloned());
            s.last_member_update = Some(*as_of);
            s.member_update_due = Some(*next_due);
        }
        Event::FinancialReportFiled {
            assembly_on, next_due, ..
        } => {
            s.last_financial_assembly = Some(*assembly_on);
            s.financial_report_due = Some(*next_due);
        }
        Event::Cancelled { reason, at, .. } => {
            s.pending_leadership = None;
            s.status = Status::Cancelled;
            s.ended_at = Some(*at);
            s.end_reason = reason.clone();
        }
    }
    Some(s)
}

/// Decides and applies in one step.
pub fn execute(state: Option<&Union>, command: &Command, ctx: &Ctx<'_>) -> Result<(Vec<Event>, Union), DomainError> {
    crate::case::execute(state, command, ctx, decide, apply, || {
        DomainError::new("union.not_found", "the union's file does not exist")
    })
}
