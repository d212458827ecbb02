//! The public API (`/api/v1/public`) and the dashboards' numbers as JSON, with their view types
//! and their OpenAPI description, [`PublicApiDoc`]. `crate::api::openapi_document` serves it
//! merged into the main document (`doc.merge(PublicApiDoc::openapi())`).

use axum::extract::{Path, Query, State};
use axum::Json;
use chrono::Utc;
use faro_core::policy::{Action, Resource};
use faro_store::public::{PublicFilter, PublicFinding, PublicInspection, PublicSanction, PublicWorkplace};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, OpenApi, ToSchema};

use super::dashboard::{self, DashboardParams};
use super::results::violation_title;
use super::{parse_number, parse_sector, parse_state, publish_rule, view};
use crate::api::ErrorBody;
use crate::ctx::Ctx;
use crate::error::WebError;
use crate::i18n::Lang;
use crate::pages::{blocking, parse_id};
use crate::AppState;

/// The employer's name as published: a legal entity's name, else "Persona física".
fn employer_name(app: &AppState, name: Option<&str>) -> String {
    view::employer_name(app, Lang::Es, name)
}

fn employer_kind(legal_entity: bool) -> String {
    if legal_entity { "legal_entity" } else { "individual" }.to_string()
}

/// A published inspection. The same record is a line of `/data/inspections.json`.
#[derive(Debug, Serialize, ToSchema)]
pub struct PublicInspectionItem {
    pub inspection_id: i64,
    pub workplace_id: i64,
    /// The workplace's commercial name.
    pub workplace_name: String,
    pub employer_id: i64,
    /// The name of a legal entity; "Persona física" for an individual (personal data are not
    /// published).
    pub employer_name: String,
    /// "legal_entity" or "individual".
    pub employer_kind: String,
    /// State code, 01 to 32.
    pub state: String,
    /// INEGI municipality key, five digits.
    pub municipality: String,
    /// SCIAN class, six digits.
    pub scian_class: String,
    /// SCIAN two-digit code.
    pub sector: String,
    /// initial, periodic, verification or extraordinary.
    pub kind: String,
    /// Matter codes: general_conditions, safety_health, training, subcontracting,
    /// freedom_of_association, discrimination_harassment.
    pub matters: Vec<String>,
    /// Date of the visit, YYYY-MM-DD.
    pub visit_date: String,
    /// Date the inspection ended, YYYY-MM-DD.
    pub closed_on: Option<String>,
    /// "closed" (without sanction) or "sent_to_sanction".
    pub result: String,
    /// Number of findings in the inspection record.
    pub findings: i64,
    pub sanction_id: Option<i64>,
    /// Status of the sanction procedure (final, paid, in_collection...).
    pub sanction_status: Option<String>,
    /// Fines imposed, in centavos.
    pub fines_imposed_centavos: Option<i64>,
    /// Fines paid, in centavos.
    pub fines_paid_centavos: Option<i64>,
}

impl PublicInspectionItem {
    pub fn new(app: &AppState, i: &PublicInspection) -> Self {
        Self {
            inspection_id: i.id,
            workplace_id: i.workplace_id,
            workplace_name: i.workplace_name.clone(),
            employer_id: i.employer.id,
            employer_name: employer_name(app, i.employer.name.as_deref()),
            employer_kind: employer_kind(i.employer.legal_entity),
            state: i.state.clone(),
            municipality: i.municipality.clone(),
            scian_class: i.scian_class.clone(),
            sector: i.sector.clone(),
            kind: i.kind.clone(),
            matters: i.matters.clone(),
            visit_date: i.visit_date.clone(),
            closed_on: i.closed_on.clone(),
            result: i.result.clone(),
            findings: i.findings,
            sanction_id: i.sanction_id,
            sanction_status: i.sanction_status.clone(),
            fines_imposed_centavos: i.imposed_centavos,
            fines_paid_centavos: i.paid_centavos,
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct PublicInspectionPage {
    pub items: Vec<PublicInspectionItem>,
    /// Pass as `after` to get the next page; absent on the last page.
    pub next_after: Option<i64>,
}

/// A finding of a published inspection: the provision breached, never the inspector's notes.
#[derive(Debug, Serialize, ToSchema)]
pub struct PublicFindingItem {
    pub inspection_id: i64,
    pub workplace_id: i64,
    /// Date of the inspection record, YYYY-MM-DD.
    pub record_date: String,
    pub matter: String,
    /// The protocol question that failed.
    pub question_id: String,
    /// The violation's id in Faro's catalog of LFT 992-1010 (e.g. lft-994-iv).
    pub violation: String,
    pub violation_title_es: String,
    pub violation_title_en: String,
    /// The provision breached, e.g. "LFT 132-XV".
    pub article: String,
    pub affected_workers: i64,
}

impl PublicFindingItem {
    pub fn new(app: &AppState, f: &PublicFinding) -> Self {
        Self {
            inspection_id: f.inspection_id,
            workplace_id: f.workplace_id,
            record_date: f.record_date.clone(),
            matter: f.matter.clone(),
            question_id: f.question_id.clone(),
            violation: f.violation.clone(),
            violation_title_es: violation_title(app, Lang::Es, &f.violation, &f.record_date),
            violation_title_en: violation_title(app, Lang::En, &f.violation, &f.record_date),
            article: f.article.clone(),
            affected_workers: f.affected_workers,
        }
    }
}

/// A published sanction procedure.
#[derive(Debug, Serialize, ToSchema)]
pub struct PublicSanctionItem {
    pub sanction_id: i64,
    pub inspection_id: i64,
    pub workplace_id: i64,
    pub workplace_name: String,
    pub employer_id: i64,
    pub employer_name: String,
    pub employer_kind: String,
    pub state: String,
    pub sector: String,
    pub status: String,
    pub opened_on: String,
    pub resolved_on: Option<String>,
    pub final_on: Option<String>,
    pub fines_imposed_centavos: i64,
    pub fines_paid_centavos: i64,
}

impl PublicSanctionItem {
    pub fn new(app: &AppState, s: &PublicSanction) -> Self {
        Self {
            sanction_id: s.id,
            inspection_id: s.inspection_id,
            workplace_id: s.workplace_id,
            workplace_name: s.workplace_name.clone(),
            employer_id: s.employer.id,
            employer_name: employer_name(app, s.employer.name.as_deref()),
            employer_kind: employer_kind(s.employer.legal_entity),
            state: s.state.clone(),
            sector: s.sector.clone(),
            status: s.status.clone(),
            opened_on: s.opened_on.clone(),
            resolved_on: s.resolved_on.clone(),
            final_on: s.final_on.clone(),
            fines_imposed_centavos: s.imposed_centavos,
            fines_paid_centavos: s.paid_centavos,
        }
    }
}

/// A workplace's public facts.
#[derive(Debug, Serialize, ToSchema)]
pub struct PublicWorkplaceItem {
    pub workplace_id: i64,
    pub name: String,
    pub employer_id: i64,
    pub employer_name: String,
    pub employer_kind: String,
    pub state: String,
    pub municipality: String,
    pub scian_class: String,
}

impl PublicWorkplaceItem {
    fn new(app: &AppState, w: &PublicWorkplace) -> Self {
        Self {
            workplace_id: w.id,
            name: w.name.clone(),
            employer_id: w.employer.id,
            employer_name: employer_name(app, w.employer.name.as_deref()),
            employer_kind: employer_kind(w.employer.legal_entity),
            state: w.state.clone(),
            municipality: w.municipality.clone(),
            scian_class: w.scian_class.clone(),
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct WorkplaceResults {
    pub workplace: PublicWorkplaceItem,
    /// Published inspections, newest first (at most 500).
    pub inspections: Vec<PublicInspectionItem>,
    pub findings: Vec<PublicFindingItem>,
    pub sanctions: Vec<PublicSanctionItem>,
    /// More than 500 inspections: the lists hold the newest.
    pub truncated: bool,
}

/// Filters of the published inspections.
#[derive(Debug, Deserialize, Default, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PublicInspectionParams {
    /// State code, 01 to 32.
    #[serde(default)]
    state: String,
    /// SCIAN sector: a two-digit code or a range such as 31-33.
    #[serde(default)]
    sector: String,
    /// Year of the visit.
    #[serde(default)]
    year: String,
    /// Keyset pagination: the `next_after` of the previous page.
    #[serde(default)]
    after: String,
    /// Results per page, 1 to 200 (default 50).
    #[serde(default)]
    limit: String,
}

/// Published inspection results: those closed without sanction and those whose sanction
/// resolution is public under the deployment's rule (by default, once final). Open, cancelled and
/// child- or forced-labor cases are never published. No personal data.
#[utoipa::path(get, path = "/api/v1/public/inspections", tag = "public", params(PublicInspectionParams), responses(
    (status = 200, body = PublicInspectionPage), (status = 422, body = ErrorBody)
))]
pub async fn public_inspections(
    State(app): State<AppState>,
    ctx: Ctx,
    Query(p): Query<PublicInspectionParams>,
) -> Result<Json<PublicInspectionPage>, WebError> {
    ctx.require(Action::ViewPublic, Resource::Collection)?;
    let year = match parse_number("year", &p.year)? {
        None => None,
        Some(y) => Some(
            i32::try_from(y)
                .ok()
                .filter(|y| (1900..=9999).contains(y))
                .ok_or_else(|| {
                    WebError::from(faro_core::DomainError::field(
                        "year",
                        "field.invalid_number",
                        "not a year",
                    ))
                })?,
        ),
    };
    let limit = parse_number("limit", &p.limit)?
        .map(|l| l.clamp(1, 200) as u32)
        .unwrap_or(50);
    let filter = PublicFilter {
        state: parse_state(&p.state)?,
        sectors: parse_sector(&app, &p.sector)?,
        year,
        after: parse_number("after", &p.after)?,
        limit,
    };
    let rule = publish_rule(&app, Utc::now().date_naive())?;
    let store = app.store.clone();
    let page = blocking(move || store.public_inspections(rule, &filter)).await?;
    Ok(Json(PublicInspectionPage {
        items: page.items.iter().map(|i| PublicInspectionItem::new(&app, i)).collect(),
        next_after: page.next_after,
    }))
}

/// A workplace's public facts and published results (empty lists when it has none).
#[utoipa::path(get, path = "/api/v1/public/workplaces/{id}/results", tag = "public",
    params(("id" = i64, Path, description = "Workplace id")),
    responses((status = 200, body = WorkplaceResults), (status = 404, body = ErrorBody)))]
pub async fn workplace_results(
    State(app): State<AppState>,
    ctx: Ctx,
    Path(raw): Path<String>,
) -> Result<Json<WorkplaceResults>, WebError> {
    ctx.require(Action::ViewPublic, Resource::Collection)?;
    let id = parse_id(&raw)?;
    let rule = publish_rule(&app, Utc::now().date_naive())?;
    let store = app.store.clone();
    let r = blocking(move || store.public_workplace_results(rule, id))
        .await?
        .ok_or_else(WebError::not_found)?;
    Ok(Json(WorkplaceResults {
        workplace: PublicWorkplaceItem::new(&app, &r.workplace),
        inspections: r
            .inspections
            .iter()
            .map(|i| PublicInspectionItem::new(&app, i))
            .collect(),
        findings: r.findings.iter().map(|f| PublicFindingItem::new(&app, f)).collect(),
        sanctions: r.sanctions.iter().map(|s| PublicSanctionItem::new(&app, s)).collect(),
        truncated: r.truncated,
    }))
}

/// Inspection counts of one group.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct InspectionGroup {
    /// The group's code: a state code, a SCIAN sector ("31-33") or a month (YYYY-MM).
    pub key: String,
    pub name: String,
    /// Inspections planned in the period, cancelled ones left out.
    pub inspections: i64,
    /// Those that ended (closed or sent to sanction).
    pub closed: i64,
    /// Those whose record has at least one finding.
    pub with_findings: i64,
    /// Days from the visit to the end, summed over the closed ones.
    pub days_to_close: i64,
    pub average_days_to_close: Option<f64>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct MatterGroup {
    pub matter: String,
    pub name: String,
    /// Inspections whose record covered the matter.
    pub inspections: i64,
    /// Those with at least one finding in it.
    pub with_findings: i64,
    /// with_findings / inspections.
    pub violation_rate: Option<f64>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct FineGroup {
    /// A state code, a SCIAN sector or a year.
    pub key: String,
    pub name: String,
    pub sanctions: i64,
    pub imposed_centavos: i64,
    pub paid_centavos: i64,
    /// paid / imposed.
    pub collection_rate: Option<f64>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Coverage {
    /// Workplaces in the registry (of the state shown).
    pub workplaces: i64,
    /// The calendar year of the period's last month.
    pub year: i32,
    /// Distinct workplaces with an inspection planned in `year` that reached the visit.
    pub workplaces_visited: i64,
    /// workplaces_visited / workplaces: the share of the registry inspected in `year`.
    pub coverage: Option<f64>,
    /// Inspections visited in the 12 months ending with the period's last month (by planned
    /// month). A workplace inspected twice counts twice.
    pub visited_last_12_months: i64,
}

/// Every number of the dashboards.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct DashboardSummary {
    /// The state shown, or absent for the whole country.
    pub state: Option<String>,
    /// First and last month of the period, YYYY-MM.
    pub from: String,
    pub to: String,
    pub totals: InspectionGroup,
    pub by_state: Vec<InspectionGroup>,
    pub by_sector: Vec<InspectionGroup>,
    /// Every month of the period, with zeros where nothing was planned.
    pub by_month: Vec<InspectionGroup>,
    pub by_matter: Vec<MatterGroup>,
    pub fines_totals: FineGroup,
    pub fines_by_state: Vec<FineGroup>,
    pub fines_by_sector: Vec<FineGroup>,
    /// By the year the procedure opened, for the years the period touches.
    pub fines_by_year: Vec<FineGroup>,
    pub coverage: Coverage,
}

/// The dashboards' numbers. A state user gets their state; a federal user the country or, with
/// `state`, one state. Read from the rollups.
#[utoipa::path(get, path = "/api/v1/dashboards/summary", tag = "dashboards", params(DashboardParams), responses(
    (status = 200, body = DashboardSummary), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
    (status = 422, body = ErrorBody)
))]
pub async fn dashboard_summary(
    State(app): State<AppState>,
    ctx: Ctx,
    Query(p): Query<DashboardParams>,
) -> Result<Json<DashboardSummary>, WebError> {
    let summary = dashboard::load(&app, &ctx, &p).await?;
    Ok(Json(summary))
}

#[derive(OpenApi)]
#[openapi(
    paths(public_inspections, workplace_results, dashboard_summary),
    tags(
        (name = "public", description = "Published results of inspections, without personal data"),
        (name = "dashboards", description = "Managers' dashboards of inspections and fines")
    )
)]
pub struct PublicApiDoc;

#[cfg(test)]
mod tests {
    use super::*;

    /// What `crate::api::openapi_document` serves once it merges this module's document (see the
    /// module docs): every `/api/v1` route here is described, with its schemas.
    #[test]
    fn the_merged_document_describes_every_route_of_this_module() {
        let mut doc = crate::api::ApiDoc::openapi();
        doc.merge(PublicApiDoc::openapi());
        let json = serde_json::to_value(&doc).unwrap();
        for r in super::super::ROUTES.iter().filter(|r| r.path.starts_with("/api/v1/")) {
            assert!(
                json["paths"][r.path][r.method].is_object(),
                "{} {} is not described",
                r.method,
                r.path
            );
        }
        let schemas = json["components"]["schemas"].as_object().unwrap();
        for s in [
            "ErrorBody",
            "PublicInspectionPage",
            "PublicInspectionItem",
            "WorkplaceResults",
            "DashboardSummary",
        ] {
            assert!(schemas.contains_key(s), "schema {s}");
        }
        // Every reference resolves.
        let text = json.to_string();
        for part in text.split("\"$ref\":\"#/components/schemas/").skip(1) {
            let name = part.split('"').next().unwrap();
            assert!(schemas.contains_key(name), "dangling reference to {name}");
        }
    }
}
