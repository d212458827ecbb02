//! The centre's cases (filters and keyset pages), the agenda of hearings of a day and its week,
//! the dashboard of the legal clock (cases near or past their deadline, per conciliator and per
//! centre), and the centre's hearing rooms.

use std::collections::BTreeMap;

use axum::body::Bytes;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use chrono::{Datelike, Duration, NaiveDate, Utc};
use faro_core::calendar::DayCount;
use faro_core::conciliation::{Case, Status};
use faro_core::policy::{Action, Resource};
use faro_core::{Jurisdiction, Role};
use faro_store::conciliation::{ConciliationFilter, ConciliationSummary};
use faro_store::users::User;
use faro_store::StoreError;
use minijinja::{context, Value};
use serde::Deserialize;

use super::super::labels::{self, center_name};
use super::super::view;
use super::access::{center_of, may_on};
use super::case::{conciliators, party_masked};
use crate::ctx::Ctx;
use crate::error::WebError;
use crate::i18n::Lang;
use crate::inspection_pages::form::FormData;
use crate::pages::blocking;
use crate::AppState;

/// Cases on one page of the list.
const PAGE_SIZE: u32 = 50;
/// The dashboard's horizon: deadlines within this many working days count as near. A choice of
/// the product, not of the law.
const NEAR_WORKING_DAYS: u32 = 3;
/// The most cases the dashboard reads.
const DASHBOARD_LIMIT: u32 = 500;

fn bad(key: &'static str, value: &str) -> WebError {
    WebError::new(StatusCode::BAD_REQUEST, key).with("value", value.to_string())
}

fn opt(s: &Option<String>) -> Option<&str> {
    s.as_deref().map(str::trim).filter(|v| !v.is_empty())
}

fn parse_date(s: Option<&str>) -> Result<Option<NaiveDate>, WebError> {
    s.map(|v| NaiveDate::parse_from_str(v, "%Y-%m-%d").map_err(|_| bad("conc.staff.error.bad_date", v)))
        .transpose()
}

fn parse_id(s: Option<&str>) -> Result<Option<i64>, WebError> {
    s.map(|v| {
        v.parse::<i64>()
            .ok()
            .filter(|n| *n > 0)
            .ok_or_else(|| bad("conc.staff.error.bad_number", v))
    })
    .transpose()
}

fn date(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

fn names(users: &[User]) -> BTreeMap<i64, String> {
    users.iter().map(|u| (u.id, u.display_name.clone())).collect()
}

/// A row of a list: folio, status, hearing, conciliator, next deadline and whether it passed.
fn row(app: &AppState, lang: Lang, s: &ConciliationSummary, names: &BTreeMap<i64, String>, today: NaiveDate) -> Value {
    let i = &app.renderer.i18n;
    context! {
        id => s.id, folio => s.folio.clone(),
        center => center_name(i, &app.catalogs, lang, s.center),
        status => labels::label(i, lang, "conc.status", &s.status),
        track => labels::label_of_code(i, lang, "conc.track", &s.track),
        filed_on => date(s.filed_on),
        hearing_on => s.hearing_on.map(date), hearing_time => s.hearing_time.map(|t| t.format("%H:%M").to_string()),
        conciliator => s.conciliator_id.and_then(|c| names.get(&c).cloned()),
        next_deadline => s.next_deadline.map(date),
        overdue => s.next_deadline.is_some_and(|d| d < today),
        days => s.next_deadline.map(|d| (d - today).num_days()),
    }
}

fn statuses(app: &AppState, lang: Lang) -> Vec<Value> {
    Status::ALL
        .iter()
        .map(|s| context! { code => s.code(), name => labels::label(&app.renderer.i18n, lang, "conc.status", s) })
        .collect()
}

#[derive(Debug, Default, Deserialize)]
pub struct ListQuery {
    pub center: Option<String>,
    pub status: Option<String>,
    pub conciliator: Option<String>,
    pub due: Option<String>,
    pub folio: Option<String>,
    pub after: Option<String>,
}

/// `GET /conciliation`: the centre's cases, newest first.
pub async fn list(State(app): State<AppState>, ctx: Ctx, Query(q): Query<ListQuery>) -> Result<Response, WebError> {
    ctx.require(Action::ViewConciliation, Resource::Collection)?;
    let lang = ctx.lang;
    let center = center_of(&ctx, opt(&q.center))?;
    let status = opt(&q.status)
        .map(|s| Status::parse(s).ok_or_else(|| bad("conc.staff.error.bad_status", s)))
        .transpose()?;
    let filter = ConciliationFilter {
        center: Some(center),
        status,
        conciliator_id: parse_id(opt(&q.conciliator))?,
        due_on_or_before: parse_date(opt(&q.due))?,
        folio: opt(&q.folio).map(str::to_string),
        limit: PAGE_SIZE,
        after: parse_id(opt(&q.after))?,
    };
    let store = app.store.clone();
    let f2 = filter.clone();
    let (page, users) = blocking(move || Ok((store.conciliation_cases(&f2)?, store.users()?))).await?;
    let today = Utc::now().date_naive();
    let n = names(&users);
    let rows: Vec<Value> = page.items.iter().map(|s| row(&app, lang, s, &n, today)).collect();
    let mut next = None;
    if let Some(after) = page.next_after {
        let mut pairs = vec![
            ("center".to_string(), center.code()),
            ("after".to_string(), after.to_string()),
        ];
        for (k, v) in [
            ("status", &q.status),
            ("conciliator", &q.conciliator),
            ("due", &q.due),
            ("folio", &q.folio),
        ] {
            if let Some(v) = opt(v) {
                pairs.push((k.to_string(), v.to_string()));
            }
        }
        next = serde_urlencoded::to_string(&pairs)
            .ok()
            .map(|s| format!("/conciliation?{s}"));
    }
    let conciliator_options: Vec<Value> = conciliators(&users, center)
        .into_iter()
        .map(|u| context! { id => u.id, name => u.display_name.clone() })
        .collect();
    let page_ctx = context! {
        ..app.renderer.base_context(&ctx, "conciliation", "/conciliation"),
        ..context! {
            center => center_name(&app.renderer.i18n, &app.catalogs, lang, center),
            center_code => center.code(),
            rows => rows, next => next, statuses => statuses(&app, lang), conciliators => conciliator_options,
            q => context! { status => opt(&q.status), conciliator => opt(&q.conciliator), due => opt(&q.due),
                            folio => opt(&q.folio) },
        },
    };
    view::page(StatusCode::OK, "conc_staff_list.html", page_ctx)
}

#[derive(Debug, Default, Deserialize)]
pub struct AgendaQuery {
    pub center: Option<String>,
    pub date: Option<String>,
    pub conciliator: Option<String>,
}

/// Whose agenda: a conciliator sees their own; others (administrators, analysts) any
/// conciliator of the centre, or all of them.
fn agenda_conciliator(ctx: &Ctx, asked: Option<i64>) -> Option<i64> {
    match &ctx.user {
        Some(u) if u.role == Role::Conciliator => Some(u.id),
        _ => asked,
    }
}

/// `GET /conciliation/agenda`: the hearings of a day and of its week (Monday to Sunday).
pub async fn agenda(State(app): State<AppState>, ctx: Ctx, Query(q): Query<AgendaQuery>) -> Result<Response, WebError> {
    ctx.require(Action::ViewConciliation, Resource::Collection)?;
    let lang = ctx.lang;
    let center = center_of(&ctx, opt(&q.center))?;
    let today = Utc::now().date_naive();
    let day = parse_date(opt(&q.date))?.unwrap_or(today);
    let who = agenda_conciliator(&ctx, parse_id(opt(&q.conciliator))?);
    let monday = day - Duration::days(i64::from(day.weekday().num_days_from_monday()));
    let sunday = monday + Duration::days(6);
    let store = app.store.clone();
    let (rows, users) = blocking(move || {
        let rows = store.conciliation_agenda(center, who, monday, sunday)?;
        let mut out: Vec<(ConciliationSummary, Option<Case>)> = Vec::new();
        for s in rows {
            let case = store.conciliation_case(s.id)?.map(|(_, c)| c);
            out.push((s, case));
        }
        Ok::<_, StoreError>((out, store.users()?))
    })
    .await?;
    let n = names(&users);
    let i = &app.renderer.i18n;
    let item = |s: &ConciliationSummary, c: &Option<Case>| -> Value {
        let hearing = c.as_ref().and_then(|c| c.hearing.as_ref());
        context! {
            id => s.id, folio => s.folio.clone(),
            date => s.hearing_on.map(date), time => s.hearing_time.map(|t| t.format("%H:%M").to_string()),
            status => labels::label(i, lang, "conc.status", &s.status),
            scheduled => s.status == Status::HearingScheduled,
            conciliator => s.conciliator_id.and_then(|c| n.get(&c).cloned()),
            remote => hearing.map(|h| matches!(h.slot.venue, faro_core::conciliation::Venue::Remote { .. })),
            venue => hearing.map(|h| match &h.slot.venue {
                faro_core::conciliation::Venue::Room { name } => name.clone(),
                faro_core::conciliation::Venue::Remote { link } => link.clone(),
            }),
            summons => hearing.map(|h| labels::label(i, lang, "conc.summons_status", &h.summons.status)),
            summons_pending => hearing.is_some_and(|h| h.summons.needs_service() && !h.summons.delivered()),
            requester => c.as_ref().map(|c| party_masked(&app, lang, &c.request.requester)),
            counterpart => c.as_ref().map(|c| party_masked(&app, lang, &c.request.counterpart)),
        }
    };
    let day_items: Vec<Value> = rows
        .iter()
        .filter(|(s, _)| s.hearing_on == Some(day))
        .map(|(s, c)| item(s, c))
        .collect();
    let week: Vec<Value> = (0..7)
        .map(|k| {
            let d = monday + Duration::days(k);
            let items: Vec<Value> = rows
                .iter()
                .filter(|(s, _)| s.hearing_on == Some(d))
                .map(|(s, c)| item(s, c))
                .collect();
            context! { date => date(d), weekday => i.text(lang, &format!("conc.staff.weekday.{k}"), &[]),
            current => d == day, items => items }
        })
        .collect();
    let choose = !matches!(&ctx.user, Some(u) if u.role == Role::Conciliator);
    let conciliator_options: Vec<Value> = conciliators(&users, center)
        .into_iter()
        .map(|u| context! { id => u.id, name => u.display_name.clone(), selected => Some(u.id) == who })
        .collect();
    let page_ctx = context! {
        ..app.renderer.base_context(&ctx, "conciliation", "/conciliation/agenda"),
        ..context! {
            center => center_name(i, &app.catalogs, lang, center), center_code => center.code(),
            day => date(day), previous => date(day - Duration::days(1)), next => date(day + Duration::days(1)),
            previous_week => date(day - Duration::days(7)), next_week => date(day + Duration::days(7)),
            items => day_items, week => week, choose => choose, conciliators => conciliator_options,
            who => who.and_then(|w| n.get(&w).cloned()),
        },
    };
    view::page(StatusCode::OK, "conc_staff_agenda.html", page_ctx)
}

#[derive(Debug, Default, Deserialize)]
pub struct DeadlinesQuery {
    pub center: Option<String>,
}

/// Why a room could not be added, and what was typed.
struct RoomFailure {
    message: String,
    name: String,
}

async fn render_deadlines(
    app: &AppState,
    ctx: &Ctx,
    asked: Option<&str>,
    failure: Option<RoomFailure>,
    status: StatusCode,
) -> Result<Response, WebError> {
    ctx.require(Action::ViewConciliation, Resource::Collection)?;
    let lang = ctx.lang;
    let i = &app.renderer.i18n;
    // "all": every centre, for those whose jurisdiction covers every centre.
    let all = asked == Some("all") && matches!(&ctx.user, Some(u) if u.jurisdiction == Jurisdiction::Federal);
    let center = if all { None } else { Some(center_of(ctx, asked)?) };
    let today = Utc::now().date_naive();
    let horizon = app.law.calendar.deadline(today, NEAR_WORKING_DAYS, DayCount::Working);
    let filter = ConciliationFilter {
        center,
        due_on_or_before: Some(horizon),
        limit: DASHBOARD_LIMIT,
        ..Default::default()
    };
    let store = app.store.clone();
    let room_center = center.filter(|c| may_on(ctx, Action::ManageConciliation, *c));
    let (page, users, rooms) = blocking(move || {
        let rooms = match room_center {
            Some(c) => store.conciliation_rooms(c)?,
            None => Vec::new(),
        };
        Ok((store.conciliation_cases(&filter)?, store.users()?, rooms))
    })
    .await?;
    let n = names(&users);
    let open: Vec<&ConciliationSummary> = page
        .items
        .iter()
        .filter(|s| !s.status.is_terminal() && s.next_deadline.is_some())
        .collect();
    let mut sorted = open.clone();
    sorted.sort_by_key(|s| (s.next_deadline, s.id));
    let rows: Vec<Value> = sorted.iter().map(|s| row(app, lang, s, &n, today)).collect();
    // Counts: (overdue, near) per conciliator and per centre.
    let mut per_conciliator: BTreeMap<String, (u32, u32)> = BTreeMap::new();
    let mut per_center: BTreeMap<String, (u32, u32)> = BTreeMap::new();
    for s in &open {
        let overdue = s.next_deadline.is_some_and(|d| d < today);
        let who = s
            .conciliator_id
            .and_then(|c| n.get(&c).cloned())
            .unwrap_or_else(|| i.text(lang, "conc.staff.unassigned", &[]));
        for (map, key) in [
            (&mut per_conciliator, who),
            (&mut per_center, center_name(i, &app.catalogs, lang, s.center)),
        ] {
            let e = map.entry(key).or_default();
            if overdue {
                e.0 += 1;
            } else {
                e.1 += 1;
            }
        }
    }
    let counts = |m: &BTreeMap<String, (u32, u32)>| -> Vec<Value> {
        m.iter()
            .map(|(k, (o, near))| context! { name => k.clone(), overdue => o, near => near, total => o + near })
            .collect()
    };
    let overdue_total = open
        .iter()
        .filter(|s| s.next_deadline.is_some_and(|d| d < today))
        .count();
    let rooms: Vec<Value> = rooms
        .iter()
        .map(|r| context! { name => r.name.clone(), remote => r.remote, active => r.active })
        .collect();
    let page_ctx = context! {
        ..app.renderer.base_context(ctx, "conciliation", "/conciliation/deadlines"),
        ..context! {
            center => center.map(|c| center_name(i, &app.catalogs, lang, c)), center_code => center.map(|c| c.code()),
            all => all, horizon => date(horizon), today => date(today), near_days => NEAR_WORKING_DAYS,
            rows => rows, overdue_total => overdue_total, near_total => open.len() - overdue_total,
            per_conciliator => counts(&per_conciliator), per_center => counts(&per_center),
            manage_rooms => room_center.is_some(), rooms => rooms,
            room_failure => failure.as_ref().map(|f| context! { message => f.message.clone(), name => f.name.clone() }),
        },
    };
    view::page(status, "conc_staff_deadlines.html", page_ctx)
}

/// `GET /conciliation/deadlines`.
pub async fn deadlines(
    State(app): State<AppState>,
    ctx: Ctx,
    Query(q): Query<DeadlinesQuery>,
) -> Result<Response, WebError> {
    render_deadlines(&app, &ctx, opt(&q.center), None, StatusCode::OK).await
}

/// `POST /conciliation/rooms`: a hearing room for a centre (`name`, `remote`, `center`).
pub async fn add_room(State(app): State<AppState>, ctx: Ctx, body: Bytes) -> Result<Response, WebError> {
    ctx.require(Action::ManageConciliation, Resource::Collection)?;
    let f = FormData::parse(&body).unwrap_or_default();
    let asked = Some(f.text("center")).filter(|s| !s.trim().is_empty());
    let center = center_of(&ctx, asked)?;
    ctx.require(Action::ManageConciliation, Resource::InJurisdiction(center))?;
    let name = f.text("name").to_string();
    let remote = matches!(f.text("remote"), "on" | "true" | "1");
    let (store, actor, n2) = (app.store.clone(), ctx.actor(), name.clone());
    let result =
        tokio::task::spawn_blocking(move || store.add_conciliation_room(&actor, Utc::now(), center, &n2, remote))
            .await
            .map_err(|_| WebError::internal())?;
    let message = match result {
        Ok(_) => {
            return Ok(Redirect::to(&format!("/conciliation/deadlines?center={}#rooms", center.code())).into_response())
        }
        Err(StoreError::Domain(mut e)) => {
            // The store names the field "name"; on this page it is the room's name.
            for p in e.params.iter_mut() {
                if p.0 == "field" && p.1 == "name" {
                    p.1 = "room_name".to_string();
                }
            }
            labels::error_text(&app.renderer.i18n, ctx.lang, &e)
        }
        Err(StoreError::Conflict(_)) => {
            app.renderer
                .i18n
                .text(ctx.lang, "conc.staff.room_exists", &[("name", name.trim().to_string())])
        }
        Err(other) => return Err(other.into()),
    };
    let code = center.code();
    render_deadlines(
        &app,
        &ctx,
        Some(code.as_str()),
        Some(RoomFailure { message, name }),
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await
}
