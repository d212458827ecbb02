//! `/results`: the published results of inspections, searched by workplace or employer, state and
//! sector, and shown per workplace and per employer.

use std::collections::BTreeMap;

use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use chrono::{NaiveDate, Utc};
use faro_core::policy::{Action, Resource};
use faro_store::public::{PublicFinding, PublicInspection, PublicSanction, PublicSearch, PublicWorkplace};
use minijinja::{context, Value};
use serde::{Deserialize, Serialize};

use super::{format, parse_number, parse_sector, parse_state, publish_rule, view};
use crate::ctx::Ctx;
use crate::error::WebError;
use crate::i18n::Lang;
use crate::pages::{blocking, parse_id};
use crate::AppState;

#[derive(Debug, Deserialize, Serialize, Default, Clone)]
pub struct ResultsQuery {
    #[serde(default)]
    pub q: String,
    #[serde(default)]
    pub state: String,
    #[serde(default)]
    pub sector: String,
    #[serde(default)]
    pub after: String,
}

const MAX_TEXT: usize = 200;
const PAGE: u32 = 50;

#[derive(Serialize)]
struct WorkplaceRow {
    id: i64,
    name: String,
    employer_id: i64,
    employer_name: String,
    place: String,
    sector: String,
}

fn workplace_row(app: &AppState, lang: Lang, w: &PublicWorkplace) -> WorkplaceRow {
    let two: String = w.scian_class.chars().take(2).collect();
    WorkplaceRow {
        id: w.id,
        name: w.name.clone(),
        employer_id: w.employer.id,
        employer_name: view::employer_name(app, lang, w.employer.name.as_deref()),
        place: view::place_name(app, &w.municipality, &w.state),
        sector: view::sector(app, &two).1,
    }
}

#[derive(Serialize)]
struct InspectionRow {
    id: i64,
    workplace_id: i64,
    workplace_name: String,
    visit_date: String,
    closed_on: String,
    kind: String,
    matters: String,
    result: String,
    findings: i64,
    sanction_status: String,
    imposed: String,
    paid: String,
}

fn inspection_row(app: &AppState, lang: Lang, i: &PublicInspection) -> InspectionRow {
    let money = |c: Option<i64>| c.map(format::money).unwrap_or_default();
    InspectionRow {
        id: i.id,
        workplace_id: i.workplace_id,
        workplace_name: i.workplace_name.clone(),
        visit_date: i.visit_date.clone(),
        closed_on: i.closed_on.clone().unwrap_or_default(),
        kind: view::label(app, lang, "pub.kind", &i.kind),
        matters: i
            .matters
            .iter()
            .map(|m| view::label(app, lang, "pub.matter", m))
            .collect::<Vec<_>>()
            .join(", "),
        result: view::label(app, lang, "pub.result", &i.result),
        findings: i.findings,
        sanction_status: i
            .sanction_status
            .as_deref()
            .map(|s| view::label(app, lang, "pub.sanction_status", s))
            .unwrap_or_default(),
        imposed: money(i.imposed_centavos),
        paid: money(i.paid_centavos),
    }
}

/// The violation's title in the rules in force on the record's date, in the request's language.
pub(super) fn violation_title(app: &AppState, lang: Lang, violation: &str, record_date: &str) -> String {
    let on = record_date
        .parse::<NaiveDate>()
        .unwrap_or_else(|_| Utc::now().date_naive());
    match app.law.rules.violation(violation, on) {
        Ok(v) => match lang {
            Lang::Es => v.title_es.clone(),
            Lang::En => v.title_en.clone(),
        },
        Err(_) => violation.to_string(),
    }
}

#[derive(Serialize)]
struct FindingRow {
    inspection_id: i64,
    record_date: String,
    article: String,
    violation: String,
    title: String,
    affected_workers: i64,
}

#[derive(Serialize)]
struct MatterGroup {
    matter: String,
    findings: Vec<FindingRow>,
}

/// Findings grouped by matter, matters in the order of their names.
fn findings_by_matter(app: &AppState, lang: Lang, findings: &[PublicFinding]) -> Vec<MatterGroup> {
    let mut groups: BTreeMap<String, Vec<FindingRow>> = BTreeMap::new();
    for f in findings {
        groups
            .entry(view::label(app, lang, "pub.matter", &f.matter))
            .or_default()
            .push(FindingRow {
                inspection_id: f.inspection_id,
                record_date: f.record_date.clone(),
                article: f.article.clone(),
                violation: f.violation.clone(),
                title: violation_title(app, lang, &f.violation, &f.record_date),
                affected_workers: f.affected_workers,
            });
    }
    groups
        .into_iter()
        .map(|(matter, findings)| MatterGroup { matter, findings })
        .collect()
}

#[derive(Serialize)]
struct SanctionRow {
    id: i64,
    inspection_id: i64,
    workplace_name: String,
    status: String,
    opened_on: String,
    final_on: String,
    imposed: String,
    paid: String,
}

fn sanction_rows(app: &AppState, lang: Lang, sanctions: &[PublicSanction]) -> Vec<SanctionRow> {
    sanctions
        .iter()
        .map(|s| SanctionRow {
            id: s.id,
            inspection_id: s.inspection_id,
            workplace_name: s.workplace_name.clone(),
            status: view::label(app, lang, "pub.sanction_status", &s.status),
            opened_on: s.opened_on.clone(),
            final_on: s.final_on.clone().unwrap_or_default(),
            imposed: format::money(s.imposed_centavos),
            paid: format::money(s.paid_centavos),
        })
        .collect()
}

/// The totals shown above the lists.
fn totals(inspections: &[PublicInspection], sanctions: &[PublicSanction]) -> Value {
    let findings: i64 = inspections.iter().map(|i| i.findings).sum();
    let imposed: i64 = sanctions.iter().map(|s| s.imposed_centavos).sum();
    let paid: i64 = sanctions.iter().map(|s| s.paid_centavos).sum();
    context! {
        inspections => format::thousands(inspections.len() as i64), findings => format::thousands(findings),
        sanctions => format::thousands(sanctions.len() as i64), imposed => format::money(imposed),
        paid => format::money(paid),
    }
}

fn states(app: &AppState) -> Vec<Value> {
    app.catalogs
        .states()
        .iter()
        .map(|s| context! { code => s.code.as_str(), name => s.name.clone() })
        .collect()
}

fn sectors(app: &AppState) -> Vec<Value> {
    app.catalogs
        .scian_sectors()
        .iter()
        .map(|s| context! { code => s.code.clone(), name => s.name.clone() })
        .collect()
}

/// Workplaces with published results.
pub async fn search(
    State(app): State<AppState>,
    ctx: Ctx,
    Query(q): Query<ResultsQuery>,
) -> Result<Response, WebError> {
    ctx.require(Action::ViewPublic, Resource::Collection)?;
    let text: String = q.q.trim().chars().take(MAX_TEXT).collect();
    let search = PublicSearch {
        text: (!text.is_empty()).then(|| text.clone()),
        state: parse_state(&q.state)?,
        sectors: parse_sector(&app, &q.sector)?,
        after: parse_number("after", &q.after)?,
        limit: PAGE,
    };
    let rule = publish_rule(&app, Utc::now().date_naive())?;
    let store = app.store.clone();
    let page = blocking(move || store.public_search(rule, &search)).await?;
    let lang = ctx.lang;
    let items: Vec<WorkplaceRow> = page.items.iter().map(|w| workplace_row(&app, lang, w)).collect();
    let with = |after: &str| {
        let p = ResultsQuery {
            q: text.clone(),
            after: after.to_string(),
            ..q.clone()
        };
        format!("/results?{}", serde_urlencoded::to_string(&p).unwrap_or_default())
    };
    let next_url = page.next_after.map(|a| with(&a.to_string()));
    let current = with("");
    let r = &app.renderer;
    let ctxv = context! {
        ..r.base_context(&ctx, "results", &current),
        ..context! {
            q => context! { text => text.clone(), state => q.state.trim(), sector => q.sector.trim() },
            items => Value::from_serialize(&items), next_url => next_url,
            states => states(&app), sectors => sectors(&app),
        }
    };
    if ctx.htmx {
        return view::page(StatusCode::OK, "pub_results_list.html", ctxv);
    }
    view::page(StatusCode::OK, "pub_results.html", ctxv)
}

/// One workplace's public facts and published results.
pub async fn workplace(State(app): State<AppState>, ctx: Ctx, Path(raw): Path<String>) -> Result<Response, WebError> {
    ctx.require(Action::ViewPublic, Resource::Collection)?;
    let id = parse_id(&raw)?;
    let rule = publish_rule(&app, Utc::now().date_naive())?;
    let store = app.store.clone();
    let res = blocking(move || store.public_workplace_results(rule, id))
        .await?
        .ok_or_else(WebError::not_found)?;
    let lang = ctx.lang;
    let w = &res.workplace;
    let two: String = w.scian_class.chars().take(2).collect();
    let activity = app
        .catalogs
        .scian_class(&w.scian_class)
        .map(|c| c.title.clone())
        .unwrap_or_else(|| view::sector(&app, &two).1);
    let r = &app.renderer;
    let ctxv = context! {
        ..r.base_context(&ctx, "results", &format!("/results/workplaces/{id}")),
        ..context! {
            w => Value::from_serialize(workplace_row(&app, lang, w)),
            activity => activity, scian_class => w.scian_class.clone(),
            legal_entity => w.employer.legal_entity,
            totals => totals(&res.inspections, &res.sanctions),
            inspections => Value::from_serialize(res.inspections.iter().map(|i| inspection_row(&app, lang, i)).collect::<Vec<_>>()),
            matters => Value::from_serialize(findings_by_matter(&app, lang, &res.findings)),
            sanctions => Value::from_serialize(sanction_rows(&app, lang, &res.sanctions)),
            truncated => res.truncated, show_workplace => false,
        }
    };
    view::page(StatusCode::OK, "pub_workplace.html", ctxv)
}

/// One employer's published results, over all its workplaces.
pub async fn employer(State(app): State<AppState>, ctx: Ctx, Path(raw): Path<String>) -> Result<Response, WebError> {
    ctx.require(Action::ViewPublic, Resource::Collection)?;
    let id = parse_id(&raw)?;
    let rule = publish_rule(&app, Utc::now().date_naive())?;
    let store = app.store.clone();
    let res = blocking(move || store.public_employer_results(rule, id))
        .await?
        .ok_or_else(WebError::not_found)?;
    let lang = ctx.lang;
    let r = &app.renderer;
    let ctxv = context! {
        ..r.base_context(&ctx, "results", &format!("/results/employers/{id}")),
        ..context! {
            name => view::employer_name(&app, lang, res.employer.name.as_deref()),
            legal_entity => res.employer.legal_entity,
            totals => totals(&res.inspections, &res.sanctions),
            items => Value::from_serialize(res.workplaces.iter().map(|w| workplace_row(&app, lang, w)).collect::<Vec<_>>()),
            next_url => Option::<String>::None,
            inspections => Value::from_serialize(res.inspections.iter().map(|i| inspection_row(&app, lang, i)).collect::<Vec<_>>()),
            matters => Value::from_serialize(findings_by_matter(&app, lang, &res.findings)),
            sanctions => Value::from_serialize(sanction_rows(&app, lang, &res.sanctions)),
            truncated => res.truncated, show_workplace => true,
        }
    };
    view::page(StatusCode::OK, "pub_employer.html", ctxv)
}
