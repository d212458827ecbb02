//! Inspection programs (an office's plan for a period, with its inspectors' capacity and the share
//! kept for random draws) and the calendar of planned visits.

use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::Form;
use chrono::{Datelike, Months, NaiveDate, Utc};
use faro_core::inspection::program::ProgramDraft;
use faro_core::policy::{Action, Resource};
use faro_core::{Jurisdiction, Role};
use faro_store::StoreError;
use minijinja::{context, Value};
use serde::Deserialize;

use crate::ctx::Ctx;
use crate::error::WebError;
use crate::pages::blocking;
use axum::routing::{get, post};

use crate::routes::{route, RouteSpec, Surface};
use crate::AppState;

pub const ROUTES: &[RouteSpec] = &[
    route!(get, "/programs", ViewInspections, Page, list),
    route!(post, "/programs", PlanInspections, Page, create, jurisdictional),
    route!(get, "/calendar", ViewInspections, Page, calendar),
];

/// The jurisdiction whose records a user works on (federal users: all).
fn scope(ctx: &Ctx) -> Option<Jurisdiction> {
    ctx.user.as_ref().map(|u| u.jurisdiction)
}

#[derive(Debug, Default, Clone, Deserialize, serde::Serialize)]
pub struct ProgramForm {
    #[serde(default)]
    name: String,
    #[serde(default)]
    jurisdiction: String,
    #[serde(default)]
    office: String,
    #[serde(default)]
    starts_on: String,
    #[serde(default)]
    ends_on: String,
    #[serde(default)]
    capacity_per_inspector: String,
    #[serde(default)]
    random_share_pct: String,
}

fn field_error(field: &'static str, code: &'static str) -> faro_core::DomainError {
    faro_core::DomainError::field(field, code, format!("{field} is not valid"))
}

impl ProgramForm {
    fn to_draft(&self, ctx: &Ctx) -> Result<ProgramDraft, faro_core::DomainError> {
        let date = |field: &'static str, s: &str| -> Result<NaiveDate, faro_core::DomainError> {
            s.trim().parse().map_err(|_| field_error(field, "prog.invalid_date"))
        };
        let number = |field: &'static str, s: &str| -> Result<u32, faro_core::DomainError> {
            s.trim().parse().map_err(|_| field_error(field, "prog.invalid_number"))
        };
        let jurisdiction = if self.jurisdiction.trim().is_empty() {
            scope(ctx).unwrap_or(Jurisdiction::Federal)
        } else {
            self.jurisdiction
                .parse()
                .map_err(|_| field_error("jurisdiction", "prog.invalid"))?
        };
        Ok(ProgramDraft {
            name: self.name.clone(),
            jurisdiction,
            office: self.office.clone(),
            starts_on: date("starts_on", &self.starts_on)?,
            ends_on: date("ends_on", &self.ends_on)?,
            capacity_per_inspector: number("capacity_per_inspector", &self.capacity_per_inspector)?,
            random_share_pct: number("random_share_pct", &self.random_share_pct)?,
        })
    }
}

async fn render_list(
    app: &AppState,
    ctx: &Ctx,
    status: StatusCode,
    form: ProgramForm,
    message: Option<String>,
) -> Result<Response, WebError> {
    let store = app.store.clone();
    let j = scope(ctx);
    let programs = blocking(move || store.programs(j)).await?;
    let r = &app.renderer;
    let v = context! {
        ..r.base_context(ctx, "programs", "/programs"),
        ..context! {
            programs => Value::from_serialize(&programs),
            may_plan => ctx.may(Action::PlanInspections),
            form => Value::from_serialize(&form),
            message => message,
        }
    };
    r.page(status, "prog_list.html", v)
}

pub async fn list(State(app): State<AppState>, ctx: Ctx) -> Result<Response, WebError> {
    ctx.require(Action::ViewInspections, Resource::Collection)?;
    let today = Utc::now().date_naive();
    let form = ProgramForm {
        starts_on: today.to_string(),
        ends_on: (today + Months::new(6)).to_string(),
        capacity_per_inspector: "12".into(),
        random_share_pct: "10".into(),
        ..ProgramForm::default()
    };
    render_list(&app, &ctx, StatusCode::OK, form, None).await
}

pub async fn create(
    State(app): State<AppState>,
    ctx: Ctx,
    Form(form): Form<ProgramForm>,
) -> Result<Response, WebError> {
    ctx.require(Action::PlanInspections, Resource::Collection)?;
    let refused = |e: faro_core::DomainError| {
        let params = crate::pages::translated_params(&app, ctx.lang, &e.params);
        app.renderer.i18n.text(ctx.lang, e.code, &params)
    };
    let draft = match form.to_draft(&ctx) {
        Ok(d) => d,
        Err(e) => {
            let message = refused(e);
            return render_list(&app, &ctx, StatusCode::UNPROCESSABLE_ENTITY, form, Some(message)).await;
        }
    };
    ctx.require(Action::PlanInspections, Resource::InJurisdiction(draft.jurisdiction))?;
    let store = app.store.clone();
    let actor = ctx.actor();
    let result = tokio::task::spawn_blocking(move || store.create_program(&actor, Utc::now(), &draft))
        .await
        .map_err(|_| WebError::internal())?;
    match result {
        Ok(_) => Ok(Redirect::to("/programs").into_response()),
        Err(StoreError::Domain(e)) => {
            let message = refused(e);
            render_list(&app, &ctx, StatusCode::UNPROCESSABLE_ENTITY, form, Some(message)).await
        }
        Err(e) => Err(e.into()),
    }
}

#[derive(Debug, Default, Deserialize)]
pub struct CalendarQuery {
    /// YYYY-MM; this month if absent.
    #[serde(default)]
    month: String,
    /// "mine" (the default for inspectors) or "all".
    #[serde(default)]
    who: String,
}

pub async fn calendar(
    State(app): State<AppState>,
    ctx: Ctx,
    Query(q): Query<CalendarQuery>,
) -> Result<Response, WebError> {
    ctx.require(Action::ViewInspections, Resource::Collection)?;
    let today = Utc::now().date_naive();
    let first = if q.month.trim().is_empty() {
        NaiveDate::from_ymd_opt(today.year(), today.month(), 1)
    } else {
        NaiveDate::parse_from_str(&format!("{}-01", q.month.trim()), "%Y-%m-%d").ok()
    }
    .ok_or_else(|| WebError::bad_request("month must be YYYY-MM"))?;
    let last = (first + Months::new(1)).pred_opt().unwrap_or(first);
    let user = ctx.user.as_ref().ok_or_else(WebError::needs_login)?;
    let mine = match q.who.as_str() {
        "all" => false,
        "mine" => true,
        _ => user.role == Role::Inspector,
    };
    let inspector = mine.then_some(user.id);
    let protected = ctx.may(Action::ViewProtectedCases);
    let store = app.store.clone();
    let j = scope(&ctx);
    let entries = blocking(move || store.inspection_calendar(j, inspector, first, last, protected)).await?;
    // One row per day of the month that has visits.
    let mut days: Vec<Value> = Vec::new();
    let mut current: Option<(String, Vec<Value>)> = None;
    for e in &entries {
        let item = Value::from_serialize(e);
        match &mut current {
            Some((d, items)) if *d == e.date => items.push(item),
            _ => {
                if let Some((d, items)) = current.take() {
                    days.push(context! { date => d, items => items });
                }
                current = Some((e.date.clone(), vec![item]));
            }
        }
    }
    if let Some((d, items)) = current {
        days.push(context! { date => d, items => items });
    }
    let month = first.format("%Y-%m").to_string();
    let prev = (first - Months::new(1)).format("%Y-%m").to_string();
    let next = (first + Months::new(1)).format("%Y-%m").to_string();
    let r = &app.renderer;
    let v = context! {
        ..r.base_context(&ctx, "calendar", "/calendar"),
        ..context! {
            month => month, prev => prev, next => next, days => days, mine => mine,
            count => entries.len(),
        }
    };
    r.page(StatusCode::OK, "prog_calendar.html", v)
}
