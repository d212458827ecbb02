//! The integrity flags for the registrar (`/registrar/anomalies`): the open ones, newest first,
//! each with its record, its list (roll, results, a support list), its kind and its evidence
//! (CONFIDENTIAL: it may hold CURPs), and the review: dismissed or confirmed, with a note.

use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use chrono::Utc;
use faro_core::policy::{Action, Resource};
use faro_store::unions::{AnomalyFilter, AnomalyRecord};
use minijinja::{context, Value};
use serde::Deserialize;

use super::run;
use super::view::{self, label, Failure};
use crate::ctx::Ctx;
use crate::error::WebError;
use crate::inspection_pages::failure::{blocking, Refusal};
use crate::inspection_pages::form::FormData;
use crate::pages::parse_id;
use crate::AppState;

/// Flags per page.
const PAGE: u32 = 100;

#[derive(Debug, Default, Deserialize)]
pub struct ListQuery {
    /// Only the flags of one record ("vote/12").
    pub subject: Option<String>,
    /// The page after this flag's id.
    pub after: Option<String>,
}

/// The registrar's page of a flagged record ("vote/12" -> "/registrar/votes/12").
fn record_link(subject: &str) -> Option<String> {
    let (kind, id) = subject.split_once('/')?;
    let id: i64 = id.parse().ok()?;
    match kind {
        "vote" => Some(format!("/registrar/votes/{id}")),
        _ => None,
    }
}

async fn render(
    app: &AppState,
    ctx: &Ctx,
    q: ListQuery,
    failure: Option<(i64, Failure)>,
    status: StatusCode,
) -> Result<Response, WebError> {
    let subject = q.subject.map(|s| s.trim().to_string()).filter(|s| !s.is_empty());
    let after = match q.after.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        Some(a) => Some(parse_id(a).map_err(|_| WebError::bad_request(format!("after: '{a}'")))?),
        None => None,
    };
    let filter = AnomalyFilter {
        subject: subject.clone(),
        limit: PAGE,
        after,
    };
    let store = app.store.clone();
    let page = run::read(move || store.open_union_anomalies(&filter)).await?;
    let (i, lang) = (&app.renderer.i18n, ctx.lang);
    let items: Vec<Value> = page
        .items
        .iter()
        .map(|a: &AnomalyRecord| {
            let failed = failure.as_ref().filter(|(id, _)| *id == a.id).map(|(_, f)| f);
            context! {
                id => a.id, subject => a.subject.clone(), link => record_link(&a.subject),
                list => a.list.clone(), kind => label(i, lang, "ureg.anomaly", &a.code),
                evidence => a.evidence.to_string(),
                failure => Failure::value(failed), posted => Failure::posted(failed),
            }
        })
        .collect();
    let next = page.next_after.map(|n| match &subject {
        Some(s) => format!("/registrar/anomalies?subject={}&after={n}", crate::pages::url_encode(s)),
        None => format!("/registrar/anomalies?after={n}"),
    });
    let v = context! {
        ..app.renderer.base_context(ctx, "registrar", "/registrar/anomalies"),
        ..context! {
            items => items, subject => subject, next => next,
            // Also at the top: a flag already reviewed is no longer in the list.
            failure => Failure::value(failure.as_ref().map(|(_, f)| f)),
        },
    };
    view::page(status, "ureg_staff_anomalies.html", v)
}

pub async fn page(State(app): State<AppState>, ctx: Ctx, Query(q): Query<ListQuery>) -> Result<Response, WebError> {
    ctx.require(Action::ViewUnionFiles, Resource::Collection)?;
    render(&app, &ctx, q, None, StatusCode::OK).await
}

/// Reviews flag `id`; a refusal (no decision, a flag already reviewed) redraws the list with
/// the reason next to that flag (422).
pub async fn review(
    State(app): State<AppState>,
    ctx: Ctx,
    Path(raw): Path<String>,
    body: Bytes,
) -> Result<Response, WebError> {
    ctx.require(Action::ManageUnionRegistry, Resource::Collection)?;
    let id = parse_id(&raw)?;
    let posted = FormData::parse(&body).unwrap_or_default();
    let store = app.store.clone();
    let actor = ctx.actor();
    let outcome = async {
        let f = FormData::parse(&body)?;
        let (decision, note) = super::parse::review(&f)?;
        blocking(move || store.review_union_anomaly(&actor, Utc::now(), id, decision, &note)).await
    }
    .await;
    match outcome {
        Ok(_) => Ok(Redirect::to("/registrar/anomalies").into_response()),
        Err(Refusal::Domain(e)) => {
            let failure = Failure::new(&app.renderer.i18n, ctx.lang, "review", &e, posted);
            render(
                &app,
                &ctx,
                ListQuery::default(),
                Some((id, failure)),
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await
        }
        Err(Refusal::Other(e)) => Err(e),
    }
}
