//! The registrar's work queue (`/registrar`): every filing, leadership change, certificate,
//! deposit and vote that awaits the registrar, the earliest legal date first, each with all its
//! dates (overdue ones marked), and the number of open integrity flags.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use chrono::Utc;
use faro_core::policy::{Action, Resource};
use faro_store::unions::{QueueItem, QueueKind};
use minijinja::{context, Value};

use super::run;
use super::view::{self, date, label};
use crate::ctx::Ctx;
use crate::error::WebError;
use crate::AppState;

/// The registrar's page of an item's record.
pub fn link(item: &QueueItem) -> String {
    match item.kind {
        QueueKind::Filing | QueueKind::Leadership | QueueKind::Certificate => format!("/registrar/unions/{}", item.id),
        QueueKind::Deposit => format!("/registrar/agreements/{}", item.id),
        QueueKind::VoteResults | QueueKind::VotePublication => format!("/registrar/votes/{}", item.id),
    }
}

pub async fn page(State(app): State<AppState>, ctx: Ctx) -> Result<Response, WebError> {
    ctx.require(Action::ManageUnionRegistry, Resource::Collection)?;
    let store = app.store.clone();
    let q = run::read(move || store.registrar_queue()).await?;
    let (i, lang) = (&app.renderer.i18n, ctx.lang);
    let today = Utc::now().date_naive();
    let items: Vec<Value> = q
        .items
        .iter()
        .map(|it| {
            let dates: Vec<Value> = it
                .dates
                .iter()
                .map(|d| {
                    context! { what => label(i, lang, "ureg.deadline", d.what), article => d.article,
                    on => date(d.on), overdue => d.on < today }
                })
                .collect();
            context! {
                kind => it.kind.code(), kind_label => label(i, lang, "ureg.queue.kind", it.kind.code()),
                link => link(it), id => it.id, name => it.name.clone(),
                status => label(i, lang, "ureg.status", &it.status), state => it.state.clone(),
                due_on => date(it.due_on), overdue => it.due_on < today, dates => dates,
            }
        })
        .collect();
    let v = context! {
        ..app.renderer.base_context(&ctx, "registrar", "/registrar"),
        ..context! { items => items, open_anomalies => q.open_anomalies, today => date(today) },
    };
    view::page(StatusCode::OK, "ureg_staff_queue.html", v)
}
