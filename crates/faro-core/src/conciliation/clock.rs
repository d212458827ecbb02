//! The legal clock of conciliation, read from the `conciliation.*` rules of
//! `rules/deadlines.toml` and computed on the centre's calendar (LFT 74 rest days and its closure
//! days, LFT 734), plus the interruption of the limitation period (LFT 521-III).
//!
//! Terms follow LFT 733: they start the day after the act and the last day counts, so the
//! hearing "within 15 days" of a request received on `d` may be on any day up to
//! `calendar.deadline(d, 15, count)`. Where the law says plain "días" the count is the centre's
//! [`CenterSettings::unspecified_days`]; see the module documentation of `conciliation`.

use chrono::{Days, NaiveDate};
use serde::{Deserialize, Serialize};

use super::{CenterSettings, Ctx};
use crate::calendar::DayCount;
use crate::rules::{DeadlineRule, DeadlineUnit};
use crate::DomainError;

/// The terms of the procedure, each a rule of `rules/deadlines.toml`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Term {
    /// 684-E IV: the hearing within 15 days of receiving the request.
    Hearing,
    /// 684-E IV: the summons served at least 5 days before the hearing.
    SummonsNotice,
    /// 684-D: the whole procedure within 45 calendar days.
    ProcedureMax,
    /// 684-E VI: joint filing, the hearing within 5 days.
    JointHearing,
    /// 684-E IX: justified absence, a new hearing within 5 days.
    AbsenceRehearing,
    /// 684-E VIII: no agreement, a new hearing at the parties' joint request within 5 days.
    JointRehearing,
    /// 684-E, last paragraphs: the fast track, the hearing within 5 working days.
    FastTrackHearing,
    /// 684-E, last paragraphs: fast track, only the requester came: a new hearing within 15 days.
    FastTrackResetHearing,
    /// 684-E V: an incompetent centre forwards the request within 24 hours.
    Forward,
}

impl Term {
    pub const ALL: [Term; 9] = [
        Term::Hearing,
        Term::SummonsNotice,
        Term::ProcedureMax,
        Term::JointHearing,
        Term::AbsenceRehearing,
        Term::JointRehearing,
        Term::FastTrackHearing,
        Term::FastTrackResetHearing,
        Term::Forward,
    ];

    /// The id of its rule in `rules/deadlines.toml`.
    pub fn rule_id(self) -> &'static str {
        match self {
            Term::Hearing => "conciliation.hearing",
            Term::SummonsNotice => "conciliation.summons_notice",
            Term::ProcedureMax => "conciliation.procedure_max",
            Term::JointHearing => "conciliation.joint_hearing",
            Term::AbsenceRehearing => "conciliation.absence_rehearing",
            Term::JointRehearing => "conciliation.joint_rehearing",
            Term::FastTrackHearing => "conciliation.fast_track_hearing",
            Term::FastTrackResetHearing => "conciliation.fast_track_reset_hearing",
            Term::Forward => "conciliation.forward",
        }
    }

    /// Whether the law leaves the day type unstated (plain "días"): then the centre's setting
    /// counts the days, not the rule's `day_count`. This is a reading of the text of each
    /// fraction, kept next to the rule ids; the rules are tagged U for it.
    pub fn day_type_unstated(self) -> bool {
        matches!(
            self,
            Term::Hearing
                | Term::SummonsNotice
                | Term::JointHearing
                | Term::AbsenceRehearing
                | Term::JointRehearing
                | Term::FastTrackResetHearing
        )
    }
}

/// How the days of `term` count: the centre's setting where the law is silent, else the rule's.
/// A rule in hours counts calendar time.
pub fn day_count(rule: &DeadlineRule, settings: &CenterSettings) -> DayCount {
    match rule.unit {
        DeadlineUnit::Days(_) if !rule.day_count_stated => settings.unspecified_days,
        DeadlineUnit::Days(count) => count,
        DeadlineUnit::Hours => DayCount::Calendar,
    }
}

/// The rule of `term` in force on `on`, its amount in days and how they count.
fn days_of(ctx: &Ctx<'_>, term: Term, on: NaiveDate) -> Result<(u32, DayCount, String), DomainError> {
    let rule = ctx.rules.deadline(term.rule_id(), on)?;
    let days = match rule.unit {
        DeadlineUnit::Days(_) => rule.amount,
        DeadlineUnit::Hours => rule.amount.div_ceil(24),
    };
    Ok((days, day_count(rule, ctx.settings), rule.meta.article.clone()))
}

/// The last day of `term` counted from `from` (the day of the act; LFT 733).
pub fn term_end(ctx: &Ctx<'_>, term: Term, from: NaiveDate) -> Result<NaiveDate, DomainError> {
    let (days, count, _) = days_of(ctx, term, from)?;
    Ok(ctx.calendar.deadline(from, days, count))
}

/// The last day of the procedure (684-D): 45 calendar days after the filing.
pub fn procedure_limit(ctx: &Ctx<'_>, filed_on: NaiveDate) -> Result<NaiveDate, DomainError> {
    term_end(ctx, Term::ProcedureMax, filed_on)
}

/// The dates a hearing may be set on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Window {
    pub term: Term,
    /// The day the term runs from (the request, the earlier hearing).
    pub from: NaiveDate,
    /// The last day of the term itself.
    pub legal_end: NaiveDate,
    /// The last day of the procedure (684-D).
    pub limit: NaiveDate,
    pub article: String,
}

impl Window {
    /// The last day a hearing may be on: the earlier of the term's end and the 684-D limit.
    pub fn latest(&self) -> NaiveDate {
        self.legal_end.min(self.limit)
    }
}

/// The window of `term` counted from `from`, within the procedure begun on `filed_on`.
pub fn window(ctx: &Ctx<'_>, term: Term, from: NaiveDate, filed_on: NaiveDate) -> Result<Window, DomainError> {
    let (_, _, article) = days_of(ctx, term, from)?;
    Ok(Window {
        term,
        from,
        legal_end: term_end(ctx, term, from)?,
        limit: procedure_limit(ctx, filed_on)?,
        article,
    })
}

/// A window bounded only by the 684-D limit, for a hearing the centre moves (no term of the law
/// applies to it).
pub fn limit_window(ctx: &Ctx<'_>, from: NaiveDate, filed_on: NaiveDate) -> Result<Window, DomainError> {
    let limit = procedure_limit(ctx, filed_on)?;
    let (_, _, article) = days_of(ctx, Term::ProcedureMax, filed_on)?;
    Ok(Window {
        term: Term::ProcedureMax,
        from,
        legal_end: limit,
        limit,
        article,
    })
}

/// Checks a hearing date against a window: not before today or the window's start, on a
/// working day of the centre, not after the 684-D limit (`conciliation.hearing_too_late`) nor
/// after the term (`conciliation.hearing_outside_window`).
pub fn check_hearing_date(ctx: &Ctx<'_>, w: &Window, date: NaiveDate) -> Result<(), DomainError> {
    let today = ctx.now.date_naive();
    if date < today || date < w.from {
        return Err(DomainError::field(
            "date",
            "conciliation.hearing_in_past",
            "the hearing cannot be in the past",
        )
        .with("earliest", today.max(w.from).to_string()));
    }
    if date > w.limit {
        return Err(DomainError::field(
            "date",
            "conciliation.hearing_too_late",
            format!(
                "the whole procedure ends on {} (45 calendar days, LFT 684-D); no hearing can be set after it",
                w.limit
            ),
        )
        .with("limit", w.limit.to_string())
        .with("article", "LFT 684-D"));
    }
    if date > w.legal_end {
        return Err(DomainError::field(
            "date",
            "conciliation.hearing_outside_window",
            format!("the hearing must be on or before {} ({})", w.legal_end, w.article),
        )
        .with("latest", w.legal_end.to_string())
        .with("article", w.article.clone()));
    }
    if !ctx.calendar.is_working_day(date) {
        return Err(DomainError::field(
            "date",
            "conciliation.hearing_not_working_day",
            format!("{date} is not a working day of the centre"),
        )
        .with("date", date.to_string()));
    }
    Ok(())
}

/// The last working day the summons may be served for a hearing on `hearing_on` (684-E IV):
/// the five days of notice, counted from the day after service (LFT 733), must all pass before
/// the hearing day. With working days, service on Friday 6 March 2026 counts 9-13 March, so the
/// hearing may be on Tuesday 17 (Monday 16 is a rest day) at the earliest; for a hearing on
/// 17 March the last day of service is that Friday 6.
pub fn latest_timely_service(ctx: &Ctx<'_>, hearing_on: NaiveDate) -> Result<NaiveDate, DomainError> {
    let (days, count, _) = days_of(ctx, Term::SummonsNotice, hearing_on)?;
    // Going back one day at a time; the loop ends within days * 3 + 30 steps for any calendar
    // that has a working day every few weeks, and is bounded anyway.
    let mut s = hearing_on;
    for _ in 0..400 {
        s = match s.pred_opt() {
            Some(p) => p,
            None => break,
        };
        if ctx.calendar.is_working_day(s) && ctx.calendar.deadline(s, days, count) < hearing_on {
            return Ok(s);
        }
    }
    Ok(NaiveDate::MIN)
}

/// Whether a summons served on `served_on` gave the notice 684-E IV requires for `hearing_on`.
pub fn summons_timely(ctx: &Ctx<'_>, served_on: NaiveDate, hearing_on: NaiveDate) -> Result<bool, DomainError> {
    Ok(served_on <= latest_timely_service(ctx, hearing_on)?)
}

/// What ended the interruption of the limitation period.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ResumeCause {
    /// The constancia de no conciliación (521-III; 684-E X and XI).
    Constancia,
    /// The file was archived for lack of interest (521-III; 684-E X).
    Archive,
    /// The centre closed the request as exempt (685 Ter). 521-III does not name this case;
    /// Faro treats it like an archive [U].
    Exempt,
}

/// The interruption of the limitation period by the request (LFT 521-III): from the filing
/// (also before a centre that was not competent) until the day after the constancia or the
/// archive. A settled case keeps no end: the convenio ends the dispute (684-E XIII).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Interruption {
    pub start: NaiveDate,
    /// The day the period runs again, if it does.
    pub resumes_on: Option<NaiveDate>,
    pub cause: Option<ResumeCause>,
    pub article: String,
}

impl Interruption {
    /// The interruption a request filed on `filed_on` begins.
    pub fn begin(filed_on: NaiveDate) -> Interruption {
        Interruption {
            start: filed_on,
            resumes_on: None,
            cause: None,
            article: "LFT 521-III".to_string(),
        }
    }

    /// The day the period resumes after an act on `act_on`: the next day ("a partir del día
    /// siguiente").
    pub fn resume_date(act_on: NaiveDate) -> NaiveDate {
        act_on.checked_add_days(Days::new(1)).unwrap_or(NaiveDate::MAX)
    }

    /// This interruption ended by `cause` on `act_on`.
    pub fn ended(&self, act_on: NaiveDate, cause: ResumeCause) -> Interruption {
        Interruption {
            resumes_on: Some(Interruption::resume_date(act_on)),
            cause: Some(cause),
            ..self.clone()
        }
    }

    /// Whole days the period stood still: from the start to the day before it resumes (to
    /// `as_of` while it has not).
    pub fn days(&self, as_of: NaiveDate) -> i64 {
        let end = self.resumes_on.unwrap_or_else(|| Interruption::resume_date(as_of));
        (end - self.start).num_days().max(0)
    }
}
