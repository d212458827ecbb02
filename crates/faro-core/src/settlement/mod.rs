//! The settlement calculator of pre-judicial conciliation: a **reference** calculation of what a
//! worker is owed under the LFT when the employment ends, shown to both parties at the hearing.
//! It is not legal advice and binds no one: the parties agree on the amounts of a convenio, which
//! the conciliator checks against the legal minimums (LFT 684-E XIV, 33).
//!
//! Each concept is one [`SettlementLine`] with its article, the formula in words, the wage it is
//! computed on, the days (kept as an exact fraction) and the amount:
//!
//! | concept | article | days | wage |
//! |---|---|---|---|
//! | outstanding wages | LFT 33, 82 | the unpaid days given | daily wage |
//! | aguinaldo | LFT 87 | 15 × days worked in the calendar year / days of that year, minus days already paid | daily wage |
//! | vacation | LFT 76, 79 | the LFT 76 days of the service year in course × days served in it / its length, minus days taken | daily wage |
//! | vacation premium | LFT 80 | 25 % of the vacation days | daily wage |
//! | seniority premium | LFT 162, 485, 486 | 12 × years served (fractions included) | integrated wage, at least the minimum wage and at most twice it |
//! | constitutional severance | CPEUM 123-A-XXII; LFT 48, 50-III | 90 (three months of 30 days, LFT 89 ¶3) | integrated wage |
//! | twenty days per year | LFT 49, 50-II, 52 | 20 × years served (fractions included) | integrated wage |
//!
//! Who gets what ([`Termination`]):
//!
//! * **Seniority premium** (LFT 162-III): on any dismissal, justified or not, and on the
//!   worker's rescission for the employer's fault ("se separen por causa justificada"); on a
//!   voluntary resignation only after at least 15 whole years of service.
//! * **Three months** (CPEUM 123-A-XXII; LFT 48, 50-III via 52): unjustified dismissal, and the
//!   worker's rescission under LFT 51-52.
//! * **Twenty days per year** (LFT 50-II): the worker's rescission (LFT 52 sends to all of art.
//!   50), and an unjustified dismissal where the employer refuses reinstatement under LFT 49.
//!   On an unjustified dismissal the worker chose indemnification (LFT 48) and gets only the three
//!   months unless the employer refuses reinstatement.
//!
//! The numbers (15, 25 %, 12, twice the minimum wage, 15 years, 90, 20) are the `settlement.*`
//! parameters of `rules/parameters.toml`, read at the end date; the minimum wage is the one of the
//! zone in force on the end date (LFT 486). The vacation table is
//! [`crate::protocol::vacation_days_required`] on the end date.
//!
//! **Rounding**: every amount is computed exactly in centavos from the exact fraction of days and
//! rounded half up to the centavo once, at its line; the total is the sum of the rounded lines.
//!
//! Not computed here: back pay (salarios vencidos) and interest of LFT 48, which depend on a trial;
//! vacations of completed service years not yet enjoyed; the aguinaldo of earlier years; fixed-term
//! relations (LFT 50-I) and platform workers (LFT 50-IV); the seniority premium of non-permanent
//! ("de planta") workers; what a collective agreement grants above the law.

mod concepts;
mod days;
mod service;
#[cfg(test)]
mod tests;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::catalog::{Catalogs, Money, WageZone};
use crate::rules::Rules;
use crate::DomainError;

pub use days::Days;
pub use service::ServiceLength;

/// How the employment ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Termination {
    /// Dismissal without a justified cause (LFT 48); the worker asks to be indemnified.
    UnjustifiedDismissal,
    /// The worker left for a cause of LFT 51 within 30 days (LFT 52): indemnified under LFT 50.
    RescissionByWorker,
    /// The worker left voluntarily.
    Resignation,
    /// Dismissal for a cause of LFT 47.
    JustifiedDismissal,
}

/// What the calculator needs, as a form sends it. Money is in centavos.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SettlementInput {
    /// First day of the employment.
    pub start_date: NaiveDate,
    /// The day the relation ended (the last day served).
    pub end_date: NaiveDate,
    /// The day of the calculation (the hearing); not before the end date.
    pub calculated_on: NaiveDate,
    /// The daily wage (cuota diaria), greater than zero.
    pub daily_wage: Money,
    /// The integrated daily wage of LFT 84 and 89; the daily wage when absent. Not below it.
    #[serde(default)]
    pub integrated_daily_wage: Option<Money>,
    /// Where the work was done, for the minimum wage of LFT 486.
    pub zone: WageZone,
    pub termination: Termination,
    /// On an unjustified dismissal: the employer refuses reinstatement under LFT 49 and owes the
    /// twenty days per year of LFT 50-II. Only allowed with [`Termination::UnjustifiedDismissal`].
    #[serde(default)]
    pub reinstatement_refused: bool,
    /// Vacation days already taken in the service year in course.
    #[serde(default)]
    pub vacation_days_taken: u32,
    /// Days of this calendar year's aguinaldo already paid.
    #[serde(default)]
    pub aguinaldo_days_paid: u32,
    /// Days worked and not yet paid.
    #[serde(default)]
    pub unpaid_wage_days: u32,
}

/// A concept of the settlement.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Concept {
    OutstandingWages,
    Aguinaldo,
    Vacation,
    VacationPremium,
    SeniorityPremium,
    ConstitutionalSeverance,
    TwentyDaysPerYear,
}

impl Concept {
    /// The stable code, the translation key of the concept's name.
    pub fn code(self) -> &'static str {
        match self {
            Concept::OutstandingWages => "settlement.outstanding_wages",
            Concept::Aguinaldo => "settlement.aguinaldo",
            Concept::Vacation => "settlement.vacation",
            Concept::VacationPremium => "settlement.vacation_premium",
            Concept::SeniorityPremium => "settlement.seniority_premium",
            Concept::ConstitutionalSeverance => "settlement.constitutional_severance",
            Concept::TwentyDaysPerYear => "settlement.twenty_days_per_year",
        }
    }

    /// The legal basis.
    pub fn article(self) -> &'static str {
        match self {
            Concept::OutstandingWages => "LFT 33, 82",
            Concept::Aguinaldo => "LFT 87",
            Concept::Vacation => "LFT 76, 79",
            Concept::VacationPremium => "LFT 80",
            Concept::SeniorityPremium => "LFT 162, 485, 486",
            Concept::ConstitutionalSeverance => "CPEUM 123-A-XXII; LFT 48, 50-III",
            Concept::TwentyDaysPerYear => "LFT 49, 50-II, 52",
        }
    }
}

/// One line of the settlement: `amount = base_wage × days`, rounded half up to the centavo.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SettlementLine {
    pub concept: Concept,
    /// [`Concept::code`].
    pub code: &'static str,
    /// [`Concept::article`].
    pub article: &'static str,
    /// How the days were counted, in English (the UI translates by `code`).
    pub formula: String,
    /// The daily wage the line is computed on, after any floor or cap.
    pub base_wage: Money,
    pub days: Days,
    pub amount: Money,
    /// Codes of what the reader should know: `settlement.vacation_taken_exceeds_owed`,
    /// `settlement.aguinaldo_paid_exceeds_owed` (the days were clamped at zero),
    /// `settlement.wage_capped` (LFT 486), `settlement.wage_raised_to_minimum` (LFT 485).
    pub notes: Vec<&'static str>,
    /// The `settlement.*` parameters the line used.
    pub parameters: Vec<&'static str>,
}

/// An indemnity that is not owed, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NotDue {
    pub concept: Concept,
    pub code: &'static str,
    pub article: &'static str,
    /// `settlement.resignation_before_min_years` (LFT 162-III),
    /// `settlement.reinstatement_not_refused` (LFT 49, 50-II) or
    /// `settlement.not_due_on_termination` (the way it ended gives no right to it).
    pub reason: &'static str,
}

/// A reference settlement (not legal advice): the lines owed, what is not owed and why, and the
/// figures they were computed with.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Settlement {
    pub start_date: NaiveDate,
    pub end_date: NaiveDate,
    pub calculated_on: NaiveDate,
    pub termination: Termination,
    pub reinstatement_refused: bool,
    pub years_of_service: ServiceLength,
    pub daily_wage: Money,
    /// As given, or the daily wage.
    pub integrated_daily_wage: Money,
    pub zone: WageZone,
    /// The zone's minimum wage in force on the end date.
    pub minimum_wage: Money,
    /// The cap of the seniority premium's wage: twice the minimum wage (LFT 162-II, 486).
    pub seniority_wage_cap: Money,
    pub lines: Vec<SettlementLine>,
    pub not_due: Vec<NotDue>,
    /// The sum of the lines' amounts.
    pub total: Money,
}

/// Calculates the reference settlement of `input` with the rules and the minimum wage in force
/// on its end date. Errors (each names its `field`):
///
/// * `settlement.end_before_start` (`end_date`);
/// * `settlement.calculated_before_end` (`calculated_on`);
/// * `settlement.wage_not_positive` (`daily_wage` or `integrated_daily_wage`);
/// * `settlement.integrated_below_daily` (`integrated_daily_wage`);
/// * `settlement.reinstatement_not_applicable` (`reinstatement_refused` without an unjustified
///   dismissal);
/// * `settlement.date_out_of_range` (`end_date`: no minimum wage in the catalog or no
///   `settlement.*` rule in force on it);
/// * `settlement.overflow` (`daily_wage`: an amount too large to compute).
///
/// Vacation days taken or aguinaldo days paid beyond what is owed are not an error: the line is
/// clamped at zero and says so in its notes.
pub fn calculate(rules: &Rules, catalogs: &Catalogs, input: &SettlementInput) -> Result<Settlement, DomainError> {
    let integrated = validate(input)?;
    let service = ServiceLength::between(input.start_date, input.end_date).ok_or_else(|| {
        DomainError::field(
            "end_date",
            "settlement.date_out_of_range",
            "the service dates are out of range",
        )
    })?;
    let params = concepts::Parameters::load(rules, input.end_date)?;
    let minimum_wage = catalogs.minimum_wage_on(input.end_date, input.zone).ok_or_else(|| {
        DomainError::field(
            "end_date",
            "settlement.date_out_of_range",
            format!("the catalog has no minimum wage in force on {}", input.end_date),
        )
        .with("date", input.end_date.to_string())
    })?;
    let context = concepts::Context {
        input,
        integrated,
        service,
        minimum_wage,
        params,
    };
    let (lines, not_due, seniority_wage_cap) = concepts::lines(&context)?;
    let total = lines
        .iter()
        .try_fold(Money::ZERO, |sum, line| sum.checked_add(line.amount))
        .ok_or_else(concepts::overflow)?;
    Ok(Settlement {
        start_date: input.start_date,
        end_date: input.end_date,
        calculated_on: input.calculated_on,
        termination: input.termination,
        reinstatement_refused: input.reinstatement_refused,
        years_of_service: service,
        daily_wage: input.daily_wage,
        integrated_daily_wage: integrated,
        zone: input.zone,
        minimum_wage,
        seniority_wage_cap,
        lines,
        not_due,
        total,
    })
}

/// Checks the input; returns the integrated wage to use.
fn validate(input: &SettlementInput) -> Result<Money, DomainError> {
    if input.end_date < input.start_date {
        return Err(DomainError::field(
            "end_date",
            "settlement.end_before_start",
            format!(
                "the end date {} is before the start date {}",
                input.end_date, input.start_date
            ),
        ));
    }
    if input.calculated_on < input.end_date {
        return Err(DomainError::field(
            "calculated_on",
            "settlement.calculated_before_end",
            format!(
                "the calculation date {} is before the end date {}",
                input.calculated_on, input.end_date
            ),
        ));
    }
    if input.daily_wage <= Money::ZERO {
        return Err(DomainError::field(
            "daily_wage",
            "settlement.wage_not_positive",
            "the daily wage must be greater than zero",
        ));
    }
    let integrated = input.integrated_daily_wage.unwrap_or(input.daily_wage);
    if integrated <= Money::ZERO {
        return Err(DomainError::field(
            "integrated_daily_wage",
            "settlement.wage_not_positive",
            "the integrated daily wage must be greater than zero",
        ));
    }
    if integrated < input.daily_wage {
        return Err(DomainError::field(
            "integrated_daily_wage",
            "settlement.integrated_below_daily",
            format!(
                "the integrated daily wage {integrated} is below the daily wage {} it includes (LFT 84)",
                input.daily_wage
            ),
        ));
    }
    if input.reinstatement_refused && input.termination != Termination::UnjustifiedDismissal {
        return Err(DomainError::field(
            "reinstatement_refused",
            "settlement.reinstatement_not_applicable",
            "only an unjustified dismissal leads to a refused reinstatement (LFT 49)",
        ));
    }
    Ok(integrated)
}
