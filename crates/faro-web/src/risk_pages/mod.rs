//! Risk targeting for the inspectorate: the models and how well they did (`/risk`, each model's
//! full report), the ranking of workplaces (`/risk/ranking`), the risk and its reasons on each
//! workplace's page (`explain`), and inspection plans generated for a program, reviewed and
//! accepted by a supervisor (`plan`).

pub mod explain;
mod plan;

use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use faro_core::inspection::Matter;
use faro_core::policy::{Action, Resource};
use faro_core::Jurisdiction;
use minijinja::{context, Value};
use serde::{Deserialize, Serialize};

use crate::ctx::Ctx;
use crate::error::WebError;
use crate::pages::{blocking, parse_id};
use crate::routes::{route, RouteSpec, Surface};
use crate::AppState;

pub use explain::ModelCache;

pub const ROUTES: &[RouteSpec] = &[
    route!(get, "/risk", ViewRisk, Page, overview),
    route!(get, "/risk/models/{id}/report", ViewRisk, Page, report),
    route!(get, "/risk/ranking", ViewRisk, Page, ranking),
    route!(get, "/programs/{id}/plan", PlanInspections, Page, plan::form),
    route!(
        post,
        "/programs/{id}/plan",
        PlanInspections,
        Page,
        plan::create,
        jurisdictional
    ),
    route!(get, "/plans/{id}", ViewInspections, Page, plan::view, jurisdictional),
    route!(
        post,
        "/plans/{id}/accept",
        PlanInspections,
        Page,
        plan::accept,
        jurisdictional
    ),
    route!(
        post,
        "/plans/{id}/discard",
        PlanInspections,
        Page,
        plan::discard,
        jurisdictional
    ),
];

/// A model as the overview shows it.
#[derive(Debug, Serialize)]
struct ModelCard {
    id: i64,
    matter: String,
    trained_at: String,
    train_from: String,
    cutoff: String,
    test_until: String,
    train_rows: i64,
    test_rows: i64,
    auc: String,
    baseline_auc: String,
    /// Which model gives the scores: `trees` or `baseline`.
    scorer: &'static str,
    lift_at_10: String,
    /// Hit rates in the test window: the random draws, and the model's top 10% of them.
    random_rate: String,
    model_rate_on_random: String,
    random_rows: usize,
    active: bool,
    seq: i64,
}

fn pct(x: Option<f64>) -> String {
    x.map_or_else(|| "–".to_string(), |v| format!("{:.1}%", v * 100.0))
}

fn num(x: Option<f64>) -> String {
    x.map_or_else(|| "–".to_string(), |v| format!("{v:.3}"))
}

pub async fn overview(State(app): State<AppState>, ctx: Ctx) -> Result<Response, WebError> {
    ctx.require(Action::ViewRisk, Resource::Collection)?;
    let store = app.store.clone();
    let (models, run) = blocking(move || {
        let models = store.risk_models()?;
        let mut cards = Vec::new();
        for m in models.iter().filter(|m| m.active) {
            let report = store
                .risk_model(m.id)?
                .and_then(|(_, _, json)| serde_json::from_str::<faro_risk::Report>(&json).ok());
            let selection = report.as_ref().and_then(|r| r.selection.clone());
            cards.push(ModelCard {
                id: m.id,
                matter: m.matter.clone(),
                trained_at: m.trained_at.get(..10).unwrap_or(&m.trained_at).to_string(),
                train_from: m.train_from.clone(),
                cutoff: m.cutoff.clone(),
                test_until: m.test_until.clone(),
                train_rows: m.train_rows,
                test_rows: m.test_rows,
                auc: num(m.auc),
                baseline_auc: num(m.baseline_auc),
                scorer: match report.as_ref().and_then(|r| r.scorer).map(|d| d.scorer) {
                    Some(faro_risk::Scorer::Baseline) => "baseline",
                    _ => "trees",
                },
                lift_at_10: m.lift_at_10.map_or_else(|| "–".to_string(), |v| format!("{v:.2}×")),
                random_rate: pct(selection.as_ref().and_then(|s| s.random.rate)),
                model_rate_on_random: pct(selection.as_ref().and_then(|s| s.model_top_10_of_random.rate)),
                random_rows: selection.as_ref().map_or(0, |s| s.random.rows),
                active: m.active,
                seq: m.seq,
            });
        }
        let older: Vec<_> = models.into_iter().filter(|m| !m.active).collect();
        Ok(((cards, older), store.latest_score_run()?))
    })
    .await?;
    let (cards, older) = models;
    let r = &app.renderer;
    let v = context! {
        ..r.base_context(&ctx, "risk", "/risk"),
        ..context! {
            models => Value::from_serialize(&cards),
            older => Value::from_serialize(&older),
            run => Value::from_serialize(&run),
            may_plan => ctx.may(Action::PlanInspections),
        }
    };
    r.page(StatusCode::OK, "risk_index.html", v)
}

/// A model's full evaluation report, as the library renders it: a self-contained page with inline
/// styles and SVG charts and no script, served under a policy that allows exactly that.
pub async fn report(State(app): State<AppState>, ctx: Ctx, Path(raw): Path<String>) -> Result<Response, WebError> {
    ctx.require(Action::ViewRisk, Resource::Collection)?;
    let id = parse_id(&raw)?;
    let store = app.store.clone();
    let found = blocking(move || store.risk_model(id)).await?;
    let (_, _, json) = found.ok_or_else(WebError::not_found)?;
    let report: faro_risk::Report = serde_json::from_str(&json).map_err(|_| WebError::internal())?;
    let lang = match ctx.lang {
        crate::i18n::Lang::Es => faro_risk::Lang::Es,
        crate::i18n::Lang::En => faro_risk::Lang::En,
    };
    let mut response = (StatusCode::OK, report.to_html(lang)).into_response();
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/html; charset=utf-8"),
    );
    headers.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(
            "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'none'; sandbox",
        ),
    );
    Ok(response)
}

#[derive(Debug, Default, Deserialize)]
pub struct RankingQuery {
    #[serde(default)]
    state: String,
    #[serde(default)]
    matter: String,
}

pub async fn ranking(
    State(app): State<AppState>,
    ctx: Ctx,
    Query(q): Query<RankingQuery>,
) -> Result<Response, WebError> {
    ctx.require(Action::ViewRisk, Resource::Collection)?;
    // A state's staff rank their own state; federal staff any state or the country.
    let own = ctx.user.as_ref().and_then(|u| u.jurisdiction.state());
    let state = match own {
        Some(s) => Some(s.as_str()),
        None if q.state.trim().is_empty() => None,
        None => Some(
            q.state
                .trim()
                .parse::<faro_core::StateCode>()
                .map_err(|_| WebError::bad_request("state must be a state code 01-32"))?
                .as_str(),
        ),
    };
    let matter = if q.matter.trim().is_empty() {
        None
    } else {
        Some(
            q.matter
                .trim()
                .parse::<Matter>()
                .map_err(|_| WebError::bad_request("matter is not a matter of inspection"))?,
        )
    };
    let store = app.store.clone();
    let st = state.clone();
    let rows = blocking(move || store.risk_ranking(st.as_deref(), matter, 100)).await?;
    let k = matter.map(|m| Matter::ALL.iter().position(|x| *x == m).unwrap_or(0));
    let items: Vec<Value> = rows
        .iter()
        .enumerate()
        .map(|(i, r)| {
            let p = match k {
                Some(k) => r.score.by_matter[k],
                None => Some(r.score.any),
            };
            context! {
                rank => i + 1,
                workplace_id => r.score.workplace_id,
                name => r.name.clone(),
                employer => r.employer_name.clone(),
                place => crate::pages::place_name(&app, &r.score.municipality, &r.score.state),
                sector => app.catalogs.scian_sector(&r.score.sector).map(|s| s.name.clone()).unwrap_or_default(),
                size_band => r.score.size_band.clone(),
                percent => pct(p),
            }
        })
        .collect();
    let states: Vec<Value> = app
        .catalogs
        .states()
        .iter()
        .map(|s| context! { code => s.code.as_str(), name => s.name.clone() })
        .collect();
    let r = &app.renderer;
    let v = context! {
        ..r.base_context(&ctx, "risk", "/risk/ranking"),
        ..context! {
            items => items,
            state => state.unwrap_or_default(),
            matter => matter.map(|m| m.code()).unwrap_or_default(),
            matters => Matter::ALL.iter().map(|m| m.code()).collect::<Vec<_>>(),
            states => states,
            own_state => own.is_some(),
        }
    };
    r.page(StatusCode::OK, "risk_ranking.html", v)
}

/// The jurisdiction a program's plan is made in.
fn jurisdiction_of(code: &str) -> Result<Jurisdiction, WebError> {
    code.parse().map_err(|_| WebError::internal())
}
