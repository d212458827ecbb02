//! Inspection plans from the risk scores: the supervisor asks for a plan for a program (its
//! capacity, matters, constraints and random share), reviews what the planner proposes, and
//! accepts it (which programs every inspection at once) or discards it.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::Form;
use chrono::Utc;
use faro_core::inspection::{Matter, Origin};
use faro_core::policy::{Action, Resource};
use faro_core::registry::SizeBand;
use faro_core::risk::schedule::schedule;
use faro_core::targeting::{self, Candidate, ClusterSpec, PlanSpec, Selection};
use faro_core::{DomainError, StateCode};
use faro_store::programs::ProgramSummary;
use faro_store::risk::plans::PlannedInspection;
use faro_store::risk::NewPlan;
use faro_store::StoreError;
use minijinja::{context, Value};
use serde::{Deserialize, Serialize};

use super::jurisdiction_of;
use crate::ctx::Ctx;
use crate::error::WebError;
use crate::pages::{blocking, parse_id};
use crate::AppState;

/// What the supervisor asks for.
#[derive(Debug, Clone, Default, Serialize)]
pub struct PlanForm {
    /// The state whose workplaces a federal program plans (state programs: their own).
    state: String,
    /// The matters ticked (the form repeats the field `matters`).
    matters: Vec<String>,
    inspectors: String,
    max_sector_share_pct: String,
    min_small_share_pct: String,
    min_per_area: String,
}

impl PlanForm {
    /// From the posted fields, repeated `matters` included (unknown fields are ignored).
    fn from_pairs(pairs: Vec<(String, String)>) -> PlanForm {
        let mut f = PlanForm::default();
        for (k, v) in pairs {
            match k.as_str() {
                "state" => f.state = v,
                "matters" => f.matters.push(v),
                "inspectors" => f.inspectors = v,
                "max_sector_share_pct" => f.max_sector_share_pct = v,
                "min_small_share_pct" => f.min_small_share_pct = v,
                "min_per_area" => f.min_per_area = v,
                _ => {}
            }
        }
        f
    }
}

/// What the stored plan keeps of the request, beside the planner's spec.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct PlanRequest {
    state: String,
    inspectors: u32,
    spec: PlanSpec,
}

fn invalid(field: &'static str, code: &'static str) -> DomainError {
    DomainError::field(field, code, format!("{field} is not valid"))
}

/// A program, whoever's it is: the callers then ask the policy about its jurisdiction (so a user
/// of another state is refused, not told it does not exist).
async fn program(app: &AppState, id: i64) -> Result<ProgramSummary, WebError> {
    let store = app.store.clone();
    blocking(move || store.program(id))
        .await?
        .ok_or_else(WebError::not_found)
}

fn default_form(p: &ProgramSummary) -> PlanForm {
    PlanForm {
        state: p
            .jurisdiction
            .parse::<StateCode>()
            .map(|s| s.as_str())
            .unwrap_or_default(),
        matters: vec![
            Matter::GeneralConditions.code().into(),
            Matter::SafetyHealth.code().into(),
        ],
        inspectors: p.inspectors.max(1).to_string(),
        max_sector_share_pct: "30".into(),
        min_small_share_pct: "20".into(),
        min_per_area: "3".into(),
    }
}

async fn render_form(
    app: &AppState,
    ctx: &Ctx,
    p: &ProgramSummary,
    form: &PlanForm,
    status: StatusCode,
    message: Option<String>,
) -> Result<Response, WebError> {
    let store = app.store.clone();
    let pid = p.id;
    let (run, plans) = blocking(move || Ok((store.latest_score_run()?, store.plans_of_program(pid)?))).await?;
    let plans: Vec<Value> = plans
        .iter()
        .map(|pl| context! { id => pl.id, status => pl.status.clone(), picks => pl.picks.len() })
        .collect();
    let states: Vec<Value> = app
        .catalogs
        .states()
        .iter()
        .map(|s| context! { code => s.code.as_str(), name => s.name.clone() })
        .collect();
    let r = &app.renderer;
    let v = context! {
        ..r.base_context(ctx, "programs", &format!("/programs/{}/plan", p.id)),
        ..context! {
            program => Value::from_serialize(p),
            form => Value::from_serialize(form),
            run => Value::from_serialize(&run),
            plans => plans,
            matters => Matter::ALL.iter().map(|m| m.code()).collect::<Vec<_>>(),
            states => states,
            federal => p.jurisdiction == "federal",
            message => message,
        }
    };
    r.page(status, "risk_plan_form.html", v)
}

pub async fn form(State(app): State<AppState>, ctx: Ctx, Path(raw): Path<String>) -> Result<Response, WebError> {
    ctx.require(Action::PlanInspections, Resource::Collection)?;
    let p = program(&app, parse_id(&raw)?).await?;
    ctx.require(
        Action::PlanInspections,
        Resource::InJurisdiction(jurisdiction_of(&p.jurisdiction)?),
    )?;
    render_form(&app, &ctx, &p, &default_form(&p), StatusCode::OK, None).await
}

/// The form as the planner's request, or the first field at fault.
fn request(form: &PlanForm, p: &ProgramSummary) -> Result<(StateCode, Vec<Matter>, u32, PlanSpec), DomainError> {
    let number = |field: &'static str, s: &str, max: u32| -> Result<u32, DomainError> {
        s.trim()
            .parse::<u32>()
            .ok()
            .filter(|v| *v <= max)
            .ok_or_else(|| invalid(field, "plan.invalid_number"))
    };
    let state = match p.jurisdiction.parse::<StateCode>() {
        Ok(own) => own,
        Err(_) => form
            .state
            .trim()
            .parse::<StateCode>()
            .map_err(|_| invalid("state", "plan.state_required"))?,
    };
    let mut matters = Vec::new();
    for code in form.matters.iter().flat_map(|m| m.split(',')) {
        let m: Matter = code
            .trim()
            .parse()
            .map_err(|_| invalid("matters", "plan.matters_required"))?;
        if !matters.contains(&m) {
            matters.push(m);
        }
    }
    if matters.is_empty() {
        return Err(invalid("matters", "plan.matters_required"));
    }
    let inspectors = number("inspectors", &form.inspectors, 10_000)?.max(1);
    let capacity = i64::from(p.capacity_per_inspector as u32)
        .saturating_mul(i64::from(inspectors))
        .saturating_mul(months(p))
        - p.planned;
    if capacity <= 0 {
        return Err(invalid("inspectors", "plan.no_capacity_left"));
    }
    let min_per_area = number("min_per_area", &form.min_per_area, 100)?;
    let spec = PlanSpec {
        capacity: u32::try_from(capacity).unwrap_or(u32::MAX),
        random_share_pct: u32::try_from(p.random_share_pct).unwrap_or(10),
        max_sector_share_pct: number("max_sector_share_pct", &form.max_sector_share_pct, 100)?,
        min_small_share_pct: number("min_small_share_pct", &form.min_small_share_pct, 100)?,
        cluster: (min_per_area > 1).then_some(ClusterSpec {
            min_per_area,
            max_areas: None,
        }),
        seed: u64::try_from(p.id).unwrap_or(0),
    };
    Ok((state, matters, inspectors, spec))
}

fn months(p: &ProgramSummary) -> i64 {
    let parse = |s: &str| chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").ok();
    match (parse(&p.starts_on), parse(&p.ends_on)) {
        (Some(a), Some(b)) => {
            use chrono::Datelike;
            (i64::from(b.year()) * 12 + i64::from(b.month0()) - i64::from(a.year()) * 12 - i64::from(a.month0()) + 1)
                .max(1)
        }
        _ => 1,
    }
}

pub async fn create(
    State(app): State<AppState>,
    ctx: Ctx,
    Path(raw): Path<String>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, WebError> {
    let form = PlanForm::from_pairs(pairs);
    ctx.require(Action::PlanInspections, Resource::Collection)?;
    let p = program(&app, parse_id(&raw)?).await?;
    let jurisdiction = jurisdiction_of(&p.jurisdiction)?;
    ctx.require(Action::PlanInspections, Resource::InJurisdiction(jurisdiction))?;
    let refused = |e: &DomainError| {
        let params = crate::pages::translated_params(&app, ctx.lang, &e.params);
        app.renderer.i18n.text(ctx.lang, e.code, &params)
    };
    let (state, matters, inspectors, spec) = match request(&form, &p) {
        Ok(r) => r,
        Err(e) => {
            let message = refused(&e);
            return render_form(&app, &ctx, &p, &form, StatusCode::UNPROCESSABLE_ENTITY, Some(message)).await;
        }
    };
    let store = app.store.clone();
    let law = app.law.clone();
    let actor = ctx.actor();
    let program_id = p.id;
    let starts = p.starts_on.clone();
    let ends = p.ends_on.clone();
    let result = tokio::task::spawn_blocking(move || -> Result<Result<i64, DomainError>, StoreError> {
        let Some(run) = store.latest_score_run()? else {
            return Ok(Err(DomainError::new(
                "plan.no_scores",
                "the registry has not been scored yet",
            )));
        };
        let ks: Vec<usize> = matters
            .iter()
            .map(|m| Matter::ALL.iter().position(|x| x == m).unwrap_or(0))
            .collect();
        let candidates: Vec<Candidate> = store
            .risk_candidates(Some(&state.as_str()))?
            .into_iter()
            .filter_map(|s| {
                // The chance of a violation of any of the plan's matters that have a model.
                let mut none = 1.0;
                let mut any_model = false;
                for k in &ks {
                    if let Some(p) = s.by_matter[*k] {
                        none *= 1.0 - p;
                        any_model = true;
                    }
                }
                any_model.then(|| Candidate {
                    workplace_id: s.workplace_id,
                    sector: s.sector.clone(),
                    size_band: SizeBand::from_code(&s.size_band).unwrap_or(SizeBand::B0To5),
                    municipality: s.municipality.clone(),
                    latitude: None,
                    longitude: None,
                    probability: 1.0 - none,
                })
            })
            .collect();
        if candidates.is_empty() {
            return Ok(Err(DomainError::new(
                "plan.no_candidates",
                "no scored workplace in the state for these matters",
            )));
        }
        let plan = match targeting::plan(&candidates, &spec) {
            Ok(plan) => plan,
            Err(e) => return Ok(Err(e)),
        };
        let today = Utc::now().date_naive();
        let parse = |s: &str| chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap_or(today);
        let start = parse(&starts).max(today + chrono::Duration::days(1));
        let end = parse(&ends).max(start);
        let areas: Vec<&str> = plan.picks.iter().map(|p| p.area.as_str()).collect();
        let days = schedule(&areas, start, end, &law.calendar);
        let picks = plan
            .picks
            .iter()
            .zip(days)
            .map(|(pick, day)| PlannedInspection {
                workplace_id: pick.workplace_id,
                origin: match pick.selection {
                    Selection::Random => Origin::Random,
                    Selection::Model { .. } => Origin::RiskModel,
                },
                planned_for: day,
            })
            .collect();
        let request = PlanRequest {
            state: state.as_str(),
            inspectors,
            spec,
        };
        let id = store.propose_plan(
            &actor,
            Utc::now(),
            &NewPlan {
                program_id,
                run_id: run.id,
                matters,
                spec_json: serde_json::to_string(&request)?,
                plan_json: serde_json::to_string(&plan)?,
                picks,
            },
        )?;
        Ok(Ok(id))
    })
    .await
    .map_err(|_| WebError::internal())??;
    match result {
        Ok(id) => Ok(Redirect::to(&format!("/plans/{id}")).into_response()),
        Err(e) => {
            let message = refused(&e);
            render_form(&app, &ctx, &p, &form, StatusCode::UNPROCESSABLE_ENTITY, Some(message)).await
        }
    }
}

async fn plan_in_scope(
    app: &AppState,
    ctx: &Ctx,
    raw: &str,
    action: Action,
) -> Result<(faro_store::risk::PlanRecord, ProgramSummary), WebError> {
    let id = parse_id(raw)?;
    let store = app.store.clone();
    let plan = blocking(move || store.plan(id))
        .await?
        .ok_or_else(WebError::not_found)?;
    let p = program(app, plan.program_id).await?;
    ctx.require(action, Resource::InJurisdiction(jurisdiction_of(&p.jurisdiction)?))?;
    Ok((plan, p))
}

/// How many factors the plan shows beside each pick, per matter.
const PICK_FACTORS: usize = 3;

pub async fn view(State(app): State<AppState>, ctx: Ctx, Path(raw): Path<String>) -> Result<Response, WebError> {
    ctx.require(Action::ViewInspections, Resource::Collection)?;
    let (plan, p) = plan_in_scope(&app, &ctx, &raw, Action::ViewInspections).await?;
    let planned: targeting::Plan = serde_json::from_str(&plan.plan_json).map_err(|_| WebError::internal())?;
    // The picks' names, and why each is in the plan: its strongest factors today, per matter
    // of the plan. One blocking task for both.
    let (names, reasons) = {
        let (app, lang) = (app.clone(), ctx.lang);
        let ids: Vec<i64> = plan.picks.iter().map(|p| p.workplace_id).collect();
        let matters = plan.matters.clone();
        blocking(move || {
            let names = app.store.workplace_names(&ids)?;
            let today = Utc::now().date_naive();
            let reasons = super::explain::factors_of_workplaces(&app, &ids, &matters, today, lang, PICK_FACTORS);
            Ok((names, reasons))
        })
        .await?
    };
    let several_matters = plan.matters.len() > 1;
    let probability: std::collections::HashMap<i64, f64> =
        planned.picks.iter().map(|p| (p.workplace_id, p.probability)).collect();
    let picks: Vec<Value> = plan
        .picks
        .iter()
        .map(|pick| {
            let (name, employer, municipality, scian) = names.get(&pick.workplace_id).cloned().unwrap_or_default();
            let state = municipality.get(..2).unwrap_or("").to_string();
            context! {
                workplace_id => pick.workplace_id,
                name => name,
                employer => employer,
                place => crate::pages::place_name(&app, &municipality, &state),
                sector => app.catalogs.scian_sector_of_class(&scian).map(|s| s.name.clone()).unwrap_or_default(),
                random => pick.origin == Origin::Random,
                date => pick.planned_for.to_string(),
                percent => format!("{:.1}", probability.get(&pick.workplace_id).copied().unwrap_or(0.0) * 100.0),
                reasons => reasons.get(&pick.workplace_id).cloned().unwrap_or_default(),
                several_matters => several_matters,
            }
        })
        .collect();
    let s = &planned.summary;
    let summary = context! {
        capacity => s.capacity,
        candidates => s.candidates,
        model_picks => s.model_picks,
        random_picks => s.random_picks,
        expected_model => format!("{:.1}", s.expected_findings_model),
        expected_random => format!("{:.1}", s.expected_findings_random),
        rate_model => format!("{:.1}", s.expected_rate_model * 100.0),
        rate_random => format!("{:.1}", s.expected_rate_random * 100.0),
        rate_population => format!("{:.1}", s.population_rate * 100.0),
        small_share => format!("{:.1}", s.small_share_pct),
        areas => s.areas,
        constraints => s.constraints.iter().map(|c| note_text(&app, ctx.lang, c)).collect::<Vec<_>>(),
        by_sector => s.by_sector.iter().map(|(code, n)| context! {
            sector => app.catalogs.scian_sector(code).map(|x| x.name.clone()).unwrap_or_else(|| code.clone()),
            count => n,
        }).collect::<Vec<_>>(),
    };
    let r = &app.renderer;
    let v = context! {
        ..r.base_context(&ctx, "programs", &format!("/plans/{}", plan.id)),
        ..context! {
            plan => Value::from_serialize(&plan),
            matters => plan.matters.iter().map(|m| m.code()).collect::<Vec<_>>(),
            program => Value::from_serialize(&p),
            picks => picks,
            summary => summary,
            may_decide => plan.status == "proposed" && ctx.may(Action::PlanInspections),
        }
    };
    r.page(StatusCode::OK, "risk_plan.html", v)
}

/// A constraint note in the reader's language, its numbers filled in.
fn note_text(app: &AppState, lang: crate::i18n::Lang, note: &targeting::ConstraintNote) -> String {
    let mut params: Vec<(&str, String)> = Vec::new();
    if let Ok(serde_json::Value::Object(fields)) = serde_json::to_value(note) {
        for key in [
            "candidates",
            "capacity",
            "sector_cap",
            "required",
            "planned",
            "small_candidates",
            "model_target",
            "model_planned",
            "eligible_areas",
        ] {
            if let Some(v) = fields.get(key) {
                params.push((key, v.to_string()));
            }
        }
        if let Some(serde_json::Value::Array(sectors)) = fields.get("sectors") {
            let names: Vec<String> = sectors
                .iter()
                .filter_map(|s| s.as_str())
                .map(|code| {
                    app.catalogs
                        .scian_sector(code)
                        .map(|x| x.name.clone())
                        .unwrap_or_else(|| code.to_string())
                })
                .collect();
            params.push(("sectors", names.join(", ")));
        }
    }
    app.renderer.i18n.text(lang, note.code(), &params)
}

async fn decide(app: AppState, ctx: Ctx, raw: String, accept: bool) -> Result<Response, WebError> {
    ctx.require(Action::PlanInspections, Resource::Collection)?;
    let (plan, _) = plan_in_scope(&app, &ctx, &raw, Action::PlanInspections).await?;
    let store = app.store.clone();
    let law = app.law.clone();
    let actor = ctx.actor();
    let id = plan.id;
    let program_id = plan.program_id;
    blocking(move || {
        if accept {
            store.accept_plan(&law, &actor, Utc::now(), id).map(|_| ())
        } else {
            store.discard_plan(&actor, Utc::now(), id)
        }
    })
    .await?;
    let to = if accept {
        format!("/programs?accepted={program_id}")
    } else {
        format!("/plans/{id}")
    };
    Ok(Redirect::to(&to).into_response())
}

pub async fn accept(State(app): State<AppState>, ctx: Ctx, Path(raw): Path<String>) -> Result<Response, WebError> {
    decide(app, ctx, raw, true).await
}

pub async fn discard(State(app): State<AppState>, ctx: Ctx, Path(raw): Path<String>) -> Result<Response, WebError> {
    decide(app, ctx, raw, false).await
}
