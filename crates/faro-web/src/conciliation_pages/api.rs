//! `POST /api/v1/conciliation/settlement`: the settlement calculator as JSON, with its OpenAPI
//! description, [`ConciliationApiDoc`] (merged into the main document by
//! `crate::api::openapi_document`).
//!
//! The body is [`faro_core::settlement::SettlementInput`] and the answer
//! [`faro_core::settlement::Settlement`], exactly as the core serializes them; the view types
//! here only describe them for the OpenAPI document, and a test checks that they serialize to the
//! same JSON as the core's types.

use axum::extract::State;
use axum::Json;
use chrono::NaiveDate;
use faro_core::catalog::{Money, WageZone};
use faro_core::policy::{Action, Resource};
use faro_core::settlement::{self, Concept, Termination};
use serde::{Deserialize, Serialize};
use utoipa::{OpenApi, ToSchema};

use crate::api::{ApiJson, ErrorBody};
use crate::ctx::Ctx;
use crate::error::WebError;
use crate::AppState;

/// How the employment ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum SettlementTermination {
    /// Dismissal without a justified cause (LFT 48); the worker asks to be indemnified.
    UnjustifiedDismissal,
    /// The worker left for a cause of LFT 51 (LFT 52).
    RescissionByWorker,
    /// The worker left voluntarily.
    Resignation,
    /// Dismissal for a cause of LFT 47.
    JustifiedDismissal,
}

impl From<SettlementTermination> for Termination {
    fn from(t: SettlementTermination) -> Self {
        match t {
            SettlementTermination::UnjustifiedDismissal => Termination::UnjustifiedDismissal,
            SettlementTermination::RescissionByWorker => Termination::RescissionByWorker,
            SettlementTermination::Resignation => Termination::Resignation,
            SettlementTermination::JustifiedDismissal => Termination::JustifiedDismissal,
        }
    }
}

impl From<Termination> for SettlementTermination {
    fn from(t: Termination) -> Self {
        match t {
            Termination::UnjustifiedDismissal => SettlementTermination::UnjustifiedDismissal,
            Termination::RescissionByWorker => SettlementTermination::RescissionByWorker,
            Termination::Resignation => SettlementTermination::Resignation,
            Termination::JustifiedDismissal => SettlementTermination::JustifiedDismissal,
        }
    }
}

/// The zone of the minimum wage (LFT 486 takes the zone's wage on the end date).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum SettlementZone {
    General,
    /// Zona Libre de la Frontera Norte, from 2019.
    NorthernBorder,
}

impl From<SettlementZone> for WageZone {
    fn from(z: SettlementZone) -> Self {
        match z {
            SettlementZone::General => WageZone::General,
            SettlementZone::NorthernBorder => WageZone::NorthernBorder,
        }
    }
}

impl From<WageZone> for SettlementZone {
    fn from(z: WageZone) -> Self {
        match z {
            WageZone::General => SettlementZone::General,
            WageZone::NorthernBorder => SettlementZone::NorthernBorder,
        }
    }
}

/// A concept of the settlement.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum SettlementConcept {
    OutstandingWages,
    Aguinaldo,
    Vacation,
    VacationPremium,
    SeniorityPremium,
    ConstitutionalSeverance,
    TwentyDaysPerYear,
}

impl From<Concept> for SettlementConcept {
    fn from(c: Concept) -> Self {
        match c {
            Concept::OutstandingWages => SettlementConcept::OutstandingWages,
            Concept::Aguinaldo => SettlementConcept::Aguinaldo,
            Concept::Vacation => SettlementConcept::Vacation,
            Concept::VacationPremium => SettlementConcept::VacationPremium,
            Concept::SeniorityPremium => SettlementConcept::SeniorityPremium,
            Concept::ConstitutionalSeverance => SettlementConcept::ConstitutionalSeverance,
            Concept::TwentyDaysPerYear => SettlementConcept::TwentyDaysPerYear,
        }
    }
}

/// What the calculator needs. Money is in centavos.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, ToSchema)]
pub struct SettlementRequest {
    /// First day of the employment.
    pub start_date: NaiveDate,
    /// The last day served.
    pub end_date: NaiveDate,
    /// The day of the calculation (e.g. the hearing); not before the end date.
    pub calculated_on: NaiveDate,
    /// The daily wage in centavos, greater than zero.
    pub daily_wage: i64,
    /// The integrated daily wage of LFT 84 and 89 in centavos; the daily wage when absent.
    #[serde(default)]
    pub integrated_daily_wage: Option<i64>,
    pub zone: SettlementZone,
    pub termination: SettlementTermination,
    /// The employer refuses reinstatement (LFT 49): only with an unjustified dismissal.
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

impl From<SettlementRequest> for settlement::SettlementInput {
    fn from(r: SettlementRequest) -> Self {
        settlement::SettlementInput {
            start_date: r.start_date,
            end_date: r.end_date,
            calculated_on: r.calculated_on,
            daily_wage: Money::from_centavos(r.daily_wage),
            integrated_daily_wage: r.integrated_daily_wage.map(Money::from_centavos),
            zone: r.zone.into(),
            termination: r.termination.into(),
            reinstatement_refused: r.reinstatement_refused,
            vacation_days_taken: r.vacation_days_taken,
            aguinaldo_days_paid: r.aguinaldo_days_paid,
            unpaid_wage_days: r.unpaid_wage_days,
        }
    }
}

/// A number of days held exactly: `numerator / denominator`, reduced.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct SettlementDays {
    pub numerator: i64,
    pub denominator: i64,
}

/// The length of the service.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct SettlementServiceLength {
    /// Service years completed.
    pub whole_years: u32,
    /// Days served since the last anniversary.
    pub extra_days: i64,
    /// Length of the service year in course: 365 or 366.
    pub service_year_days: i64,
    /// Days from the start date to the end date, both included.
    pub total_days: i64,
}

/// One line of the settlement: `amount = base_wage × days`, rounded half up to the centavo.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct SettlementLine {
    pub concept: SettlementConcept,
    /// The translation key of the concept, e.g. `settlement.aguinaldo`.
    pub code: String,
    /// The legal basis, e.g. "LFT 87".
    pub article: String,
    /// How the days were counted, in English.
    pub formula: String,
    /// The daily wage the line is computed on (centavos), after any floor or cap.
    pub base_wage: i64,
    pub days: SettlementDays,
    /// Centavos.
    pub amount: i64,
    /// Codes: `settlement.wage_capped`, `settlement.wage_raised_to_minimum`,
    /// `settlement.vacation_taken_exceeds_owed`, `settlement.aguinaldo_paid_exceeds_owed`.
    pub notes: Vec<String>,
    /// The `settlement.*` rules the line used.
    pub parameters: Vec<String>,
}

/// An indemnity that is not owed, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct SettlementNotDue {
    pub concept: SettlementConcept,
    pub code: String,
    pub article: String,
    /// `settlement.resignation_before_min_years`, `settlement.reinstatement_not_refused` or
    /// `settlement.not_due_on_termination`.
    pub reason: String,
}

/// A reference settlement: not legal advice. Money is in centavos.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct SettlementResponse {
    pub start_date: NaiveDate,
    pub end_date: NaiveDate,
    pub calculated_on: NaiveDate,
    pub termination: SettlementTermination,
    pub reinstatement_refused: bool,
    pub years_of_service: SettlementServiceLength,
    pub daily_wage: i64,
    pub integrated_daily_wage: i64,
    pub zone: SettlementZone,
    /// The zone's minimum wage in force on the end date.
    pub minimum_wage: i64,
    /// Twice the minimum wage: the cap of the seniority premium's wage (LFT 162-II, 486).
    pub seniority_wage_cap: i64,
    pub lines: Vec<SettlementLine>,
    pub not_due: Vec<SettlementNotDue>,
    /// The sum of the lines' amounts.
    pub total: i64,
}

impl From<&settlement::Settlement> for SettlementResponse {
    fn from(s: &settlement::Settlement) -> Self {
        let service = &s.years_of_service;
        SettlementResponse {
            start_date: s.start_date,
            end_date: s.end_date,
            calculated_on: s.calculated_on,
            termination: s.termination.into(),
            reinstatement_refused: s.reinstatement_refused,
            years_of_service: SettlementServiceLength {
                whole_years: service.whole_years,
                extra_days: service.extra_days,
                service_year_days: service.service_year_days,
                total_days: service.total_days,
            },
            daily_wage: s.daily_wage.centavos(),
            integrated_daily_wage: s.integrated_daily_wage.centavos(),
            zone: s.zone.into(),
            minimum_wage: s.minimum_wage.centavos(),
            seniority_wage_cap: s.seniority_wage_cap.centavos(),
            lines: s
                .lines
                .iter()
                .map(|l| SettlementLine {
                    concept: l.concept.into(),
                    code: l.code.to_string(),
                    article: l.article.to_string(),
                    formula: l.formula.clone(),
                    base_wage: l.base_wage.centavos(),
                    days: SettlementDays {
                        numerator: l.days.numerator(),
                        denominator: l.days.denominator(),
                    },
                    amount: l.amount.centavos(),
                    notes: l.notes.iter().map(|n| n.to_string()).collect(),
                    parameters: l.parameters.iter().map(|p| p.to_string()).collect(),
                })
                .collect(),
            not_due: s
                .not_due
                .iter()
                .map(|n| SettlementNotDue {
                    concept: n.concept.into(),
                    code: n.code.to_string(),
                    article: n.article.to_string(),
                    reason: n.reason.to_string(),
                })
                .collect(),
            total: s.total.centavos(),
        }
    }
}

/// Calculates a reference settlement (LFT 33, 48-50, 76-80, 87, 162, 485-486) from the rules in
/// force on the end date. Public; needs the `X-CSRF-Token` header like every POST. Not legal
/// advice. Refused input answers 422 with the code of the problem and its `field`.
#[utoipa::path(post, path = "/api/v1/conciliation/settlement", tag = "conciliation",
    request_body = SettlementRequest,
    responses(
        (status = 200, body = SettlementResponse), (status = 400, body = ErrorBody),
        (status = 403, body = ErrorBody),
        (status = 413, description = "The body is larger than a form may be", body = ErrorBody),
        (status = 415, description = "The body is not sent as application/json", body = ErrorBody),
        (status = 422, body = ErrorBody)
    ))]
pub async fn settlement(
    State(app): State<AppState>,
    ctx: Ctx,
    ApiJson(body): ApiJson<SettlementRequest>,
) -> Result<Json<SettlementResponse>, WebError> {
    ctx.require(Action::ViewPublic, Resource::Collection)?;
    let input = settlement::SettlementInput::from(body);
    let s = settlement::calculate(&app.law.rules, &app.catalogs, &input)?;
    Ok(Json(SettlementResponse::from(&s)))
}

#[derive(OpenApi)]
#[openapi(
    paths(settlement),
    tags((name = "conciliation", description = "Pre-judicial conciliation: the settlement calculator"))
)]
pub struct ConciliationApiDoc;

#[cfg(test)]
mod tests {
    use super::*;
    use faro_core::catalog::Catalogs;
    use faro_core::rules::Rules;
    use serde_json::json;

    /// The wire format is the core's: the request reads as `SettlementInput` does, and the answer
    /// serializes as `Settlement` does.
    #[test]
    fn the_view_types_are_the_cores_json() {
        let catalogs = Catalogs::embedded().unwrap();
        let body = json!({
            "start_date": "2022-03-01", "end_date": "2025-06-30", "calculated_on": "2025-07-10",
            "daily_wage": 50000, "integrated_daily_wage": 52000, "zone": "general",
            "termination": "unjustified_dismissal", "reinstatement_refused": true,
            "vacation_days_taken": 1, "aguinaldo_days_paid": 2, "unpaid_wage_days": 3
        });
        let ours: SettlementRequest = serde_json::from_value(body.clone()).unwrap();
        let core: settlement::SettlementInput = serde_json::from_value(body).unwrap();
        assert_eq!(settlement::SettlementInput::from(ours), core);
        for (termination, zone, refused) in [
            (Termination::UnjustifiedDismissal, WageZone::NorthernBorder, false),
            (Termination::UnjustifiedDismissal, WageZone::General, true),
            (Termination::Resignation, WageZone::General, false),
            (Termination::RescissionByWorker, WageZone::General, false),
            (Termination::JustifiedDismissal, WageZone::General, false),
        ] {
            let mut input = core_input();
            input.termination = termination;
            input.zone = zone;
            input.reinstatement_refused = refused;
            let s = settlement::calculate(Rules::official().unwrap(), &catalogs, &input).unwrap();
            assert_eq!(
                serde_json::to_value(SettlementResponse::from(&s)).unwrap(),
                serde_json::to_value(&s).unwrap()
            );
            // And the request types read what the core writes.
            let back: SettlementRequest = serde_json::from_value(serde_json::to_value(&input).unwrap()).unwrap();
            assert_eq!(settlement::SettlementInput::from(back), input);
        }
    }

    fn core_input() -> settlement::SettlementInput {
        settlement::SettlementInput {
            start_date: NaiveDate::from_ymd_opt(2009, 2, 1).unwrap(),
            end_date: NaiveDate::from_ymd_opt(2025, 6, 30).unwrap(),
            calculated_on: NaiveDate::from_ymd_opt(2025, 6, 30).unwrap(),
            daily_wage: Money::from_centavos(30_000),
            integrated_daily_wage: Some(Money::from_centavos(90_000)),
            zone: WageZone::General,
            termination: Termination::UnjustifiedDismissal,
            reinstatement_refused: false,
            vacation_days_taken: 30,
            aguinaldo_days_paid: 1,
            unpaid_wage_days: 4,
        }
    }
}
