//! The commands on a conciliation case, one route each: parse the form, check
//! `ConductConciliation` on the case's centre, run the command through the store with the
//! document maker, and go back to the case (303). A refusal redraws the case page with the
//! reason (422); nothing is written.

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use chrono::Utc;
use faro_core::conciliation::{Case, CenterSettings, Command, Event};
use faro_core::policy::Action;
use faro_core::DomainError;
use faro_store::cases::NewDocument;
use faro_store::conciliation::{ConciliationSummary, ConciliationTarget};
use faro_store::StoreError;

use super::access::{self, Loaded};
use super::case::{self, Failure};
use super::{maker, parse};
use crate::ctx::Ctx;
use crate::error::WebError;
use crate::inspection_pages::failure::{self as insp_failure, Refusal};
use crate::inspection_pages::form::FormData;
use crate::AppState;

/// Runs `command` on case `id` as the user, issuing its documents.
pub async fn execute(app: &AppState, ctx: &Ctx, id: i64, command: Command) -> Result<Case, Refusal> {
    let (a, actor) = (app.clone(), ctx.actor());
    insp_failure::blocking(move || {
        let make = |s: &ConciliationSummary, c: &Case, evs: &[Event]| -> Result<Vec<NewDocument>, StoreError> {
            maker::documents(&a, s, c, evs)
        };
        a.store
            .conciliation_command(
                &a.law,
                &CenterSettings::default(),
                &actor,
                Utc::now(),
                ConciliationTarget::Existing(id),
                &command,
                Some(&make),
            )
            .map(|o| o.state)
    })
    .await
}

type Build = fn(&Loaded, &FormData) -> Result<Command, DomainError>;

/// Every command route: authorize, build the command, run it, and go back to the case, or
/// redraw it with the refusal next to the form `form_name`.
async fn run(
    app: AppState,
    ctx: Ctx,
    raw: String,
    body: Bytes,
    form_name: &'static str,
    build: Build,
) -> Result<Response, WebError> {
    let loaded = access::load(&app, &ctx, &raw, Action::ConductConciliation).await?;
    let posted = FormData::parse(&body).unwrap_or_default();
    let outcome = async {
        let f = FormData::parse(&body)?;
        let command = build(&loaded, &f)?;
        execute(&app, &ctx, loaded.id, command).await
    }
    .await;
    match outcome {
        Ok(_) => Ok(Redirect::to(&format!("/conciliation/{}", loaded.id)).into_response()),
        Err(Refusal::Domain(e)) => {
            let failure = Failure {
                form: form_name.to_string(),
                message: super::super::labels::error_text(&app.renderer.i18n, ctx.lang, &e),
                posted,
            };
            case::render(&app, &ctx, &loaded, Some(failure), StatusCode::UNPROCESSABLE_ENTITY).await
        }
        Err(Refusal::Other(e)) => Err(e),
    }
}

macro_rules! command_route {
    ($name:ident, $form:literal, $build:expr) => {
        pub async fn $name(
            State(app): State<AppState>,
            ctx: Ctx,
            Path(raw): Path<String>,
            body: Bytes,
        ) -> Result<Response, WebError> {
            run(app, ctx, raw, body, $form, $build).await
        }
    };
}

command_route!(schedule, "schedule", |_, f| parse::schedule(f));
command_route!(reschedule, "reschedule", |_, f| parse::reschedule(f));
command_route!(service, "service", |_, f| parse::service(f));
command_route!(service_failed, "service_failed", |_, f| parse::service_failed(f));
command_route!(hearing, "hearing", |l, f| {
    let default = l
        .case
        .hearing
        .as_ref()
        .map(|h| h.slot.conciliator_id.clone())
        .unwrap_or_default();
    parse::hearing(f, &default)
});
command_route!(payment, "payment", |_, f| parse::payment(f));
command_route!(penalty_payment, "penalty_payment", |_, f| parse::penalty_payment(f));
command_route!(compliance, "compliance", |_, _| Ok(Command::CertifyCompliance));
command_route!(non_compliance, "non_compliance", |_, f| parse::non_compliance(f));
command_route!(forward, "forward", |_, f| parse::forward(f));
command_route!(exempt, "exempt", |_, f| parse::exempt(f));
