//! The lines of the settlement, one function per concept.

use chrono::{Datelike, NaiveDate};

use super::days::{line_amount, Days};
use super::service::{calendar_year_worked, ServiceLength};
use super::{Concept, NotDue, SettlementInput, SettlementLine, Termination};
use crate::catalog::Money;
use crate::protocol::vacation_days_required;
use crate::rules::Rules;
use crate::DomainError;

pub(super) const AGUINALDO_DAYS: &str = "settlement.aguinaldo_days";
pub(super) const VACATION_PREMIUM_PERCENT: &str = "settlement.vacation_premium_percent";
pub(super) const SENIORITY_DAYS_PER_YEAR: &str = "settlement.seniority_premium_days_per_year";
pub(super) const SENIORITY_WAGE_CAP_MULTIPLE: &str = "settlement.seniority_premium_wage_cap_multiple";
pub(super) const SENIORITY_RESIGNATION_MIN_YEARS: &str = "settlement.seniority_premium_resignation_min_years";
pub(super) const SEVERANCE_DAYS: &str = "settlement.constitutional_severance_days";
pub(super) const INDEMNITY_DAYS_PER_YEAR: &str = "settlement.indemnity_days_per_year";

/// The `settlement.*` parameters in force on the end date.
#[derive(Debug, Clone, Copy)]
pub(super) struct Parameters {
    aguinaldo_days: i64,
    vacation_premium_percent: i64,
    seniority_days_per_year: i64,
    seniority_wage_cap_multiple: i64,
    seniority_resignation_min_years: i64,
    severance_days: i64,
    indemnity_days_per_year: i64,
}

impl Parameters {
    pub(super) fn load(rules: &Rules, on: NaiveDate) -> Result<Parameters, DomainError> {
        let get = |id: &'static str| -> Result<i64, DomainError> {
            let value = rules.parameter_int(id, on).map_err(|e| {
                if e.code == "rules.not_in_force" {
                    DomainError::field(
                        "end_date",
                        "settlement.date_out_of_range",
                        format!("the rule '{id}' is not in force on {on}"),
                    )
                    .with("id", id)
                    .with("date", on.to_string())
                } else {
                    e
                }
            })?;
            if value < 0 {
                return Err(DomainError::new("rules.invalid", format!("parameter '{id}' is negative")).with("id", id));
            }
            Ok(value)
        };
        Ok(Parameters {
            aguinaldo_days: get(AGUINALDO_DAYS)?,
            vacation_premium_percent: get(VACATION_PREMIUM_PERCENT)?,
            seniority_days_per_year: get(SENIORITY_DAYS_PER_YEAR)?,
            seniority_wage_cap_multiple: get(SENIORITY_WAGE_CAP_MULTIPLE)?,
            seniority_resignation_min_years: get(SENIORITY_RESIGNATION_MIN_YEARS)?,
            severance_days: get(SEVERANCE_DAYS)?,
            indemnity_days_per_year: get(INDEMNITY_DAYS_PER_YEAR)?,
        })
    }
}

/// Everything the lines are computed from.
pub(super) struct Context<'a> {
    pub(super) input: &'a SettlementInput,
    pub(super) integrated: Money,
    pub(super) service: ServiceLength,
    pub(super) minimum_wage: Money,
    pub(super) params: Parameters,
}

pub(super) fn overflow() -> DomainError {
    DomainError::field(
        "daily_wage",
        "settlement.overflow",
        "an amount of the settlement is too large to compute",
    )
}

/// The lines owed, the indemnities not owed, and the seniority premium's wage cap.
pub(super) fn lines(cx: &Context<'_>) -> Result<(Vec<SettlementLine>, Vec<NotDue>, Money), DomainError> {
    let mut lines = Vec::with_capacity(7);
    let mut not_due = Vec::new();
    if cx.input.unpaid_wage_days > 0 {
        lines.push(outstanding_wages(cx)?);
    }
    lines.push(aguinaldo(cx)?);
    let vacation = vacation(cx)?;
    let premium = vacation_premium(cx, vacation.days)?;
    lines.push(vacation);
    lines.push(premium);
    let cap = cx
        .minimum_wage
        .checked_mul(cx.params.seniority_wage_cap_multiple)
        .ok_or_else(overflow)?;
    match seniority_premium_reason(cx) {
        None => lines.push(seniority_premium(cx, cap)?),
        Some(reason) => not_due.push(not_due_line(Concept::SeniorityPremium, reason)),
    }
    match severance_reason(cx.input.termination) {
        None => lines.push(severance(cx)?),
        Some(reason) => not_due.push(not_due_line(Concept::ConstitutionalSeverance, reason)),
    }
    match twenty_days_reason(cx.input) {
        None => lines.push(twenty_days(cx)?),
        Some(reason) => not_due.push(not_due_line(Concept::TwentyDaysPerYear, reason)),
    }
    Ok((lines, not_due, cap))
}

fn line(
    concept: Concept,
    formula: String,
    base_wage: Money,
    days: Days,
    notes: Vec<&'static str>,
    parameters: Vec<&'static str>,
) -> Result<SettlementLine, DomainError> {
    Ok(SettlementLine {
        concept,
        code: concept.code(),
        article: concept.article(),
        formula,
        base_wage,
        days,
        amount: line_amount(base_wage, days).ok_or_else(overflow)?,
        notes,
        parameters,
    })
}

fn not_due_line(concept: Concept, reason: &'static str) -> NotDue {
    NotDue {
        concept,
        code: concept.code(),
        article: concept.article(),
        reason,
    }
}

/// `owed - already`, clamped at zero; the flag says whether it was clamped.
fn net_of(owed: Days, already: u32) -> Result<(Days, bool), DomainError> {
    let net = owed.minus(Days::whole(i64::from(already))).ok_or_else(overflow)?;
    Ok(if net.is_negative() {
        (Days::ZERO, true)
    } else {
        (net, false)
    })
}

/// The years served as a fraction, times `per_year` days.
fn days_per_year_served(service: &ServiceLength, per_year: i64) -> Result<Days, DomainError> {
    let (years, of) = service.years_fraction().ok_or_else(overflow)?;
    Days::new(years.checked_mul(per_year).ok_or_else(overflow)?, of).ok_or_else(overflow)
}

fn outstanding_wages(cx: &Context<'_>) -> Result<SettlementLine, DomainError> {
    let n = cx.input.unpaid_wage_days;
    line(
        Concept::OutstandingWages,
        format!("{n} days worked and not paid × the daily wage"),
        cx.input.daily_wage,
        Days::whole(i64::from(n)),
        Vec::new(),
        Vec::new(),
    )
}

/// LFT 87: 15 days a year, proportional to the days worked in the calendar year of the end date.
fn aguinaldo(cx: &Context<'_>) -> Result<SettlementLine, DomainError> {
    let (worked, year_days) = calendar_year_worked(cx.input.start_date, cx.input.end_date).ok_or_else(overflow)?;
    let per_year = cx.params.aguinaldo_days;
    let owed = Days::new(per_year.checked_mul(worked).ok_or_else(overflow)?, year_days).ok_or_else(overflow)?;
    let paid = cx.input.aguinaldo_days_paid;
    let (days, clamped) = net_of(owed, paid)?;
    let mut formula = format!(
        "{per_year} days × {worked}/{year_days} days worked in {} = {owed} days, less {paid} days already paid",
        cx.input.end_date.year()
    );
    let mut notes = Vec::new();
    if clamped {
        formula.push_str("; more was paid than is owed, so nothing is owed");
        notes.push("settlement.aguinaldo_paid_exceeds_owed");
    }
    line(
        Concept::Aguinaldo,
        formula,
        cx.input.daily_wage,
        days,
        notes,
        vec![AGUINALDO_DAYS],
    )
}

/// LFT 76, 79: the days LFT 76 gives for the service year in course, proportional to the days
/// served in it, less the days taken.
fn vacation(cx: &Context<'_>) -> Result<SettlementLine, DomainError> {
    let service = &cx.service;
    let year = service.whole_years.saturating_add(1);
    let entitlement = i64::from(vacation_days_required(year, cx.input.end_date));
    let owed = Days::new(
        entitlement.checked_mul(service.extra_days).ok_or_else(overflow)?,
        service.service_year_days,
    )
    .ok_or_else(overflow)?;
    let taken = cx.input.vacation_days_taken;
    let (days, clamped) = net_of(owed, taken)?;
    let mut formula = format!(
        "{entitlement} days (LFT 76, service year {year}) × {}/{} days served in that year = {owed} days, less {taken} days taken",
        service.extra_days, service.service_year_days
    );
    let mut notes = Vec::new();
    if clamped {
        formula.push_str("; more days were taken than are owed, so nothing is owed");
        notes.push("settlement.vacation_taken_exceeds_owed");
    }
    line(Concept::Vacation, formula, cx.input.daily_wage, days, notes, Vec::new())
}

/// LFT 80: 25 % of the wages of the vacation days owed.
fn vacation_premium(cx: &Context<'_>, vacation_days: Days) -> Result<SettlementLine, DomainError> {
    let percent = cx.params.vacation_premium_percent;
    let days = vacation_days.scaled(percent, 100).ok_or_else(overflow)?;
    line(
        Concept::VacationPremium,
        format!("{percent} % of the {vacation_days} vacation days owed"),
        cx.input.daily_wage,
        days,
        Vec::new(),
        vec![VACATION_PREMIUM_PERCENT],
    )
}

/// LFT 162-III: why the seniority premium is not owed, if it is not.
fn seniority_premium_reason(cx: &Context<'_>) -> Option<&'static str> {
    match cx.input.termination {
        Termination::Resignation if i64::from(cx.service.whole_years) < cx.params.seniority_resignation_min_years => {
            Some("settlement.resignation_before_min_years")
        }
        _ => None,
    }
}

/// LFT 162: 12 days per year served, fractions included, on the integrated wage (LFT 84, 89)
/// raised to the minimum wage (485) and capped at twice it (486), both of the end date.
fn seniority_premium(cx: &Context<'_>, cap: Money) -> Result<SettlementLine, DomainError> {
    let per_year = cx.params.seniority_days_per_year;
    let mut notes = Vec::new();
    let base = if cx.integrated > cap {
        notes.push("settlement.wage_capped");
        cap
    } else if cx.integrated < cx.minimum_wage {
        notes.push("settlement.wage_raised_to_minimum");
        cx.minimum_wage
    } else {
        cx.integrated
    };
    let days = days_per_year_served(&cx.service, per_year)?;
    let formula = format!(
        "{per_year} days × {} years and {}/{} days served, on the integrated wage {} limited to between the minimum wage {} and {} times it ({cap})",
        cx.service.whole_years,
        cx.service.extra_days,
        cx.service.service_year_days,
        cx.integrated,
        cx.minimum_wage,
        cx.params.seniority_wage_cap_multiple,
    );
    line(
        Concept::SeniorityPremium,
        formula,
        base,
        days,
        notes,
        vec![
            SENIORITY_DAYS_PER_YEAR,
            SENIORITY_WAGE_CAP_MULTIPLE,
            SENIORITY_RESIGNATION_MIN_YEARS,
        ],
    )
}

/// CPEUM 123-A-XXII; LFT 48, 50-III, 52: why the three months are not owed, if they are not.
fn severance_reason(termination: Termination) -> Option<&'static str> {
    match termination {
        Termination::UnjustifiedDismissal | Termination::RescissionByWorker => None,
        Termination::Resignation | Termination::JustifiedDismissal => Some("settlement.not_due_on_termination"),
    }
}

/// Three months of integrated wage, counted as 90 days.
fn severance(cx: &Context<'_>) -> Result<SettlementLine, DomainError> {
    let n = cx.params.severance_days;
    line(
        Concept::ConstitutionalSeverance,
        format!("three months of integrated wage: {n} days"),
        cx.integrated,
        Days::whole(n),
        Vec::new(),
        vec![SEVERANCE_DAYS],
    )
}

/// LFT 49, 50-II, 52: why the twenty days per year are not owed, if they are not.
fn twenty_days_reason(input: &SettlementInput) -> Option<&'static str> {
    match input.termination {
        Termination::RescissionByWorker => None,
        Termination::UnjustifiedDismissal if input.reinstatement_refused => None,
        Termination::UnjustifiedDismissal => Some("settlement.reinstatement_not_refused"),
        Termination::Resignation | Termination::JustifiedDismissal => Some("settlement.not_due_on_termination"),
    }
}

/// LFT 50-II: 20 days of integrated wage per year served, fractions included.
fn twenty_days(cx: &Context<'_>) -> Result<SettlementLine, DomainError> {
    let per_year = cx.params.indemnity_days_per_year;
    let days = days_per_year_served(&cx.service, per_year)?;
    line(
        Concept::TwentyDaysPerYear,
        format!(
            "{per_year} days × {} years and {}/{} days served",
            cx.service.whole_years, cx.service.extra_days, cx.service.service_year_days
        ),
        cx.integrated,
        days,
        Vec::new(),
        vec![INDEMNITY_DAYS_PER_YEAR],
    )
}
