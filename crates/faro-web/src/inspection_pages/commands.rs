//! The commands of an inspection, one route each: parse the form, check the action on the case,
//! run the command through the store (which decides it by the law, logs its events and issues
//! the record's PDF when the record closes), and go back to the case. A refusal redraws the case
//! page with the reason (422); nothing is written.

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use chrono::{DateTime, Datelike, Utc};
use faro_core::inspection::{Command, Event, Inspection};
use faro_core::policy::Action;
use faro_core::DomainError;
use faro_store::cases::NewDocument;
use faro_store::inspections::{InspectionSummary, Target};
use faro_store::StoreError;

use super::access::{self, Case};
use super::acta;
use super::case;
use super::failure::{self, Refusal};
use super::form::FormData;
use super::parse;
use crate::ctx::Ctx;
use crate::error::WebError;
use crate::AppState;

/// Runs `command` on inspection `id` as the user; the record's document is issued with it.
pub async fn execute(app: &AppState, ctx: &Ctx, id: i64, command: Command) -> Result<Inspection, Refusal> {
    let (a, actor) = (app.clone(), ctx.actor());
    failure::blocking(move || {
        let maker = |s: &InspectionSummary, i: &Inspection, evs: &[Event]| -> Result<Vec<NewDocument>, StoreError> {
            acta::documents(&a, s, i, evs)
        };
        a.store
            .inspection_command(&a.law, &actor, Utc::now(), Target::Existing(id), &command, Some(&maker))
            .map(|o| o.state)
    })
    .await
}

type Build = fn(&AppState, &Case, &FormData, DateTime<Utc>) -> Result<Command, DomainError>;

/// Back to the case after a command, or the case page again with the refusal next to the form
/// `form_name` that sent it (422; nothing was written).
async fn respond(
    app: &AppState,
    ctx: &Ctx,
    case: &Case,
    form_name: &'static str,
    posted: FormData,
    outcome: Result<Inspection, Refusal>,
) -> Result<Response, WebError> {
    match outcome {
        Ok(_) => Ok(Redirect::to(&format!("/inspections/{}", case.id)).into_response()),
        Err(refusal) => {
            let failure = refusal.into_failure(app, ctx.lang, form_name, posted)?;
            case::render(app, ctx, case, Some(failure), StatusCode::UNPROCESSABLE_ENTITY).await
        }
    }
}

/// The shape of every command route: authorize, build the command from the form, run it, and
/// go back to the case (`anchor` is where on the page), or redraw it with the refusal.
async fn run(
    app: AppState,
    ctx: Ctx,
    raw: String,
    body: Bytes,
    action: Action,
    form_name: &'static str,
    build: Build,
) -> Result<Response, WebError> {
    let case = access::inspection(&app, &ctx, &raw, action).await?;
    let posted = FormData::parse(&body).unwrap_or_default();
    let outcome = async {
        let f = FormData::parse(&body)?;
        let command = build(&app, &case, &f, Utc::now())?;
        execute(&app, &ctx, case.id, command).await
    }
    .await;
    respond(&app, &ctx, &case, form_name, posted, outcome).await
}

fn year(now: DateTime<Utc>) -> i32 {
    now.year()
}

pub async fn order(
    State(app): State<AppState>,
    ctx: Ctx,
    Path(raw): Path<String>,
    body: Bytes,
) -> Result<Response, WebError> {
    let case = access::inspection(&app, &ctx, &raw, Action::PlanInspections).await?;
    let posted = FormData::parse(&body).unwrap_or_default();
    let outcome = async {
        let f = FormData::parse(&body)?;
        let input = parse::order(&f)?;
        let inspector = eligible_inspector(&app, &case, input.inspector_id).await?;
        let now = Utc::now();
        let command = Command::Order {
            number: parse::order_number(case.inspection.jurisdiction, year(now), case.id),
            inspector_id: inspector.id,
            inspector_name: inspector.display_name.clone(),
            scope: input.scope,
            legal_basis: input.legal_basis,
        };
        execute(&app, &ctx, case.id, command).await
    }
    .await;
    respond(&app, &ctx, &case, "order", posted, outcome).await
}

/// Issues the record's PDF of an inspection whose record was loaded in bulk (it was never made):
/// the same document the closing of the record issues, with its verification code.
pub async fn issue_record(
    State(app): State<AppState>,
    ctx: Ctx,
    Path(raw): Path<String>,
    body: Bytes,
) -> Result<Response, WebError> {
    let case = access::inspection(&app, &ctx, &raw, Action::ConductInspections).await?;
    FormData::parse(&body).map_err(|_| WebError::bad_request("the form is malformed"))?;
    let doc = acta::document(&app, &case.summary, &case.inspection)?
        .ok_or_else(|| WebError::new(StatusCode::UNPROCESSABLE_ENTITY, "insp.error.no_record"))?;
    let pdf = faro_docs::render_pdf(&doc).map_err(acta::doc_error)?;
    let new = NewDocument {
        code: doc.verification_code.clone(),
        kind: acta::KIND.to_string(),
        folio: doc.folio.clone(),
        title: doc.title.clone(),
        sha256: faro_docs::sha256_hex(&pdf),
        summary: acta::summary_json(&doc, &case.inspection),
        pdf,
    };
    let (store, actor, id, j) = (app.store.clone(), ctx.actor(), case.id, case.inspection.jurisdiction);
    crate::pages::blocking(move || store.issue_document(&actor, Utc::now(), j, &format!("inspection/{id}"), &new))
        .await?;
    Ok(Redirect::to(&format!("/inspections/{}#related-title", case.id)).into_response())
}

/// The active inspector `id` of the case's jurisdiction, or a refusal on the inspector field.
async fn eligible_inspector(app: &AppState, case: &Case, id: i64) -> Result<faro_store::users::User, Refusal> {
    let store = app.store.clone();
    let users = failure::blocking(move || store.users()).await?;
    case::eligible_inspectors(&users, case.inspection.jurisdiction)
        .into_iter()
        .find(|u| u.id == id)
        .cloned()
        .ok_or_else(|| {
            DomainError::field(
                "inspector",
                "insp.error.inspector_not_eligible",
                "the inspector is not an active inspector of this jurisdiction",
            )
            .into()
        })
}

/// A supervisor gives the inspection to another inspector of its jurisdiction.
pub async fn reassign(
    State(app): State<AppState>,
    ctx: Ctx,
    Path(raw): Path<String>,
    body: Bytes,
) -> Result<Response, WebError> {
    let case = access::inspection(&app, &ctx, &raw, Action::PlanInspections).await?;
    let posted = FormData::parse(&body).unwrap_or_default();
    let outcome = async {
        let f = FormData::parse(&body)?;
        let inspector_id = super::form::id("inspector", f.text("inspector"))?;
        let inspector = eligible_inspector(&app, &case, inspector_id).await?;
        let command = Command::Reassign {
            inspector_id: inspector.id,
            inspector_name: inspector.display_name.clone(),
            reason: parse::reason(&f),
        };
        execute(&app, &ctx, case.id, command).await
    }
    .await;
    respond(&app, &ctx, &case, "reassign", posted, outcome).await
}

pub async fn notify(
    State(app): State<AppState>,
    ctx: Ctx,
    Path(raw): Path<String>,
    body: Bytes,
) -> Result<Response, WebError> {
    run(
        app,
        ctx,
        raw,
        body,
        Action::ConductInspections,
        "notify",
        |_, _, f, _| parse::notify(f),
    )
    .await
}

pub async fn start(
    State(app): State<AppState>,
    ctx: Ctx,
    Path(raw): Path<String>,
    body: Bytes,
) -> Result<Response, WebError> {
    run(
        app,
        ctx,
        raw,
        body,
        Action::ConductInspections,
        "start",
        |_, _, _, _| Ok(Command::Start),
    )
    .await
}

pub async fn close_record(
    State(app): State<AppState>,
    ctx: Ctx,
    Path(raw): Path<String>,
    body: Bytes,
) -> Result<Response, WebError> {
    run(
        app,
        ctx,
        raw,
        body,
        Action::ConductInspections,
        "record",
        |_, case, f, now| parse::close_record(f, parse::record_folio(case.inspection.jurisdiction, year(now), case.id)),
    )
    .await
}

pub async fn measures(
    State(app): State<AppState>,
    ctx: Ctx,
    Path(raw): Path<String>,
    body: Bytes,
) -> Result<Response, WebError> {
    run(
        app,
        ctx,
        raw,
        body,
        Action::ConductInspections,
        "measures",
        |_, _, f, _| parse::measures(f),
    )
    .await
}

pub async fn extend(
    State(app): State<AppState>,
    ctx: Ctx,
    Path(raw): Path<String>,
    body: Bytes,
) -> Result<Response, WebError> {
    run(
        app,
        ctx,
        raw,
        body,
        Action::ConductInspections,
        "extend",
        |_, _, f, _| parse::extension(f),
    )
    .await
}

pub async fn begin_verification(
    State(app): State<AppState>,
    ctx: Ctx,
    Path(raw): Path<String>,
    body: Bytes,
) -> Result<Response, WebError> {
    run(
        app,
        ctx,
        raw,
        body,
        Action::ConductInspections,
        "begin_verification",
        |_, _, _, _| Ok(Command::BeginVerification),
    )
    .await
}

pub async fn verification(
    State(app): State<AppState>,
    ctx: Ctx,
    Path(raw): Path<String>,
    body: Bytes,
) -> Result<Response, WebError> {
    run(
        app,
        ctx,
        raw,
        body,
        Action::ConductInspections,
        "verification",
        |_, _, f, _| parse::verification(f),
    )
    .await
}

pub async fn close(
    State(app): State<AppState>,
    ctx: Ctx,
    Path(raw): Path<String>,
    body: Bytes,
) -> Result<Response, WebError> {
    run(
        app,
        ctx,
        raw,
        body,
        Action::ConductInspections,
        "close",
        |_, _, f, _| {
            Ok(Command::Close {
                reason: parse::reason(f),
            })
        },
    )
    .await
}

pub async fn send_to_sanction(
    State(app): State<AppState>,
    ctx: Ctx,
    Path(raw): Path<String>,
    body: Bytes,
) -> Result<Response, WebError> {
    run(
        app,
        ctx,
        raw,
        body,
        Action::ConductInspections,
        "sanction",
        |_, _, f, _| {
            Ok(Command::SendToSanction {
                reason: parse::reason(f),
            })
        },
    )
    .await
}

pub async fn cancel(
    State(app): State<AppState>,
    ctx: Ctx,
    Path(raw): Path<String>,
    body: Bytes,
) -> Result<Response, WebError> {
    run(app, ctx, raw, body, Action::PlanInspections, "cancel", |_, _, f, _| {
        Ok(Command::Cancel {
            reason: parse::reason(f),
        })
    })
    .await
}
