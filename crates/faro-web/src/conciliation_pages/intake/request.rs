//! The request form: `GET/POST /conciliation/request` for anyone, without an account (filed at
//! the centre the routing of LFT 527-529 finds competent), and `GET/POST /conciliation/new` for
//! the staff at the counter (filed at the user's centre, or one they choose and may act on; the
//! channel is the counter or the joint filing of both parties, 684-E VI). Bad input redraws the
//! form with a message per field (422) and writes nothing.

use std::collections::BTreeMap;

use axum::body::Bytes;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use chrono::Utc;
use faro_core::conciliation::{route, Channel, ExemptMatter, FederalBranches, Object};
use faro_core::policy::{Action, Resource};
use faro_core::Jurisdiction;
use minijinja::{context, Value};
use serde::Serialize;

use super::super::{labels, view};
use super::filing::{self, Filed};
use super::form::{self, FieldErrors, Posted, ACTIVITIES};
use crate::ctx::Ctx;
use crate::error::WebError;
use crate::inspection_pages::form::FormData;
use crate::AppState;

pub const PUBLIC_PATH: &str = "/conciliation/request";
pub const COUNTER_PATH: &str = "/conciliation/new";

#[derive(Debug, Serialize)]
struct Choice {
    value: String,
    label: String,
}

#[derive(Debug, Serialize)]
struct ErrorView {
    id: String,
    label: String,
    message: String,
}

/// The page of the form, with what was posted and the messages.
fn render(
    app: &AppState,
    ctx: &Ctx,
    staff: bool,
    posted: &Posted,
    errors: &FieldErrors,
    status: StatusCode,
) -> Result<Response, WebError> {
    let i18n = &app.renderer.i18n;
    let lang = ctx.lang;
    let messages: BTreeMap<String, String> = errors
        .iter()
        .map(|(f, e)| (f.clone(), labels::error_text(i18n, lang, e)))
        .collect();
    // Every field has an entry (empty when fine): the templates run with strict undefined.
    let mut all_messages: BTreeMap<String, String> = form::FIELDS
        .iter()
        .chain(["form"].iter())
        .map(|f| (f.to_string(), String::new()))
        .collect();
    all_messages.extend(messages.clone());
    let summary: Vec<ErrorView> = messages
        .iter()
        .map(|(f, m)| ErrorView {
            id: format!("r-{}", f.replace('.', "-")),
            label: i18n.text(lang, &format!("conc.intake.field.{f}"), &[]),
            message: m.clone(),
        })
        .collect();
    let values: BTreeMap<&str, String> = form::FIELDS.iter().map(|f| (*f, posted.text(f))).collect();
    let lists: BTreeMap<&str, Vec<String>> = ["objects", "priority", "federal"]
        .iter()
        .map(|f| (*f, posted.all(f)))
        .collect();
    let checks: BTreeMap<&str, bool> = ["fast_track", "revictimization_risk", "consent"]
        .iter()
        .map(|f| (*f, posted.checked(f)))
        .collect();
    let objects: Vec<Choice> = Object::ALL
        .iter()
        .map(|o| Choice {
            value: o.code().into(),
            label: labels::label(i18n, lang, "conc.object", o),
        })
        .collect();
    let exemptions: Vec<Choice> = ExemptMatter::ALL
        .iter()
        .map(|m| Choice {
            value: m.code().into(),
            label: labels::label(i18n, lang, "conc.exempt", m),
        })
        .collect();
    let states: Vec<Choice> = app
        .catalogs
        .states()
        .iter()
        .map(|s| Choice {
            value: s.code.as_str(),
            label: s.name.clone(),
        })
        .collect();
    let activities: Vec<Choice> = ACTIVITIES
        .iter()
        .map(|c| Choice {
            value: c.to_string(),
            label: i18n.text(lang, &format!("conc.intake.activity.{c}"), &[]),
        })
        .collect();
    let centers: Vec<Choice> = std::iter::once(Jurisdiction::Federal)
        .chain(app.catalogs.states().iter().map(|s| Jurisdiction::State(s.code)))
        .map(|j| Choice {
            value: j.code(),
            label: labels::center_name(i18n, &app.catalogs, lang, j),
        })
        .collect();
    let own_center = ctx.user.as_ref().map(|u| u.jurisdiction.code()).unwrap_or_default();
    let path = if staff { COUNTER_PATH } else { PUBLIC_PATH };
    let page = context! {
        ..app.renderer.base_context(ctx, "conciliation", path),
        ..context! {
            action => path,
            staff => staff,
            v => Value::from_serialize(&values),
            lists => Value::from_serialize(&lists),
            checks => Value::from_serialize(&checks),
            errors => Value::from_serialize(&all_messages),
            summary => Value::from_serialize(&summary),
            objects => Value::from_serialize(&objects),
            exemptions => Value::from_serialize(&exemptions),
            states => Value::from_serialize(&states),
            activities => Value::from_serialize(&activities),
            centers => Value::from_serialize(&centers),
            own_center => own_center,
        }
    };
    view::page(status, "conc_intake_form.html", page)
}

pub async fn public_form(State(app): State<AppState>, ctx: Ctx) -> Result<Response, WebError> {
    ctx.require(Action::ViewPublic, Resource::Collection)?;
    render(
        &app,
        &ctx,
        false,
        &Posted::default(),
        &FieldErrors::new(),
        StatusCode::OK,
    )
}

pub async fn counter_form(State(app): State<AppState>, ctx: Ctx) -> Result<Response, WebError> {
    ctx.require(Action::ConductConciliation, Resource::Collection)?;
    render(
        &app,
        &ctx,
        true,
        &Posted::default(),
        &FieldErrors::new(),
        StatusCode::OK,
    )
}

fn receipt_location(f: &Filed) -> String {
    format!(
        "/conciliation/receipt/{}?code={}",
        crate::pages::url_encode(&f.folio),
        crate::pages::url_encode(&f.receipt_code)
    )
}

/// Files and schedules on a blocking thread; a refusal of the filing is a field error.
async fn file(
    app: &AppState,
    ctx: &Ctx,
    center: Jurisdiction,
    input: faro_core::conciliation::RequestInput,
) -> Result<Result<Filed, FieldErrors>, WebError> {
    let (a, actor, lang) = (app.clone(), ctx.actor(), ctx.lang);
    let result =
        tokio::task::spawn_blocking(move || filing::file_and_schedule(&a, lang, &actor, Utc::now(), center, input))
            .await?;
    match result {
        Ok(f) => Ok(Ok(f)),
        Err(faro_store::StoreError::Domain(e)) => {
            let field = e
                .params
                .iter()
                .find(|(k, _)| *k == "field")
                .map(|(_, v)| v.clone())
                .unwrap_or_else(|| "form".into());
            Ok(Err(FieldErrors::from([(field, e)])))
        }
        Err(other) => Err(other.into()),
    }
}

pub async fn public_submit(State(app): State<AppState>, ctx: Ctx, body: Bytes) -> Result<Response, WebError> {
    ctx.require(Action::ViewPublic, Resource::Collection)?;
    let posted = Posted(FormData::parse(&body).unwrap_or_default());
    let (input, draft) = match form::parse(&posted, Channel::Online, &app.catalogs) {
        Ok(ok) => ok,
        Err(errors) => return render(&app, &ctx, false, &posted, &errors, StatusCode::UNPROCESSABLE_ENTITY),
    };
    // The competent centre (527-529): the public files there directly.
    let w = &draft.workplace;
    let routing = route(
        FederalBranches::official()?,
        w.scian.as_deref(),
        w.state,
        w.federal,
        Utc::now().date_naive(),
    );
    match file(&app, &ctx, routing.competence.center(), input).await? {
        Ok(f) => Ok(Redirect::to(&receipt_location(&f)).into_response()),
        Err(errors) => render(&app, &ctx, false, &posted, &errors, StatusCode::UNPROCESSABLE_ENTITY),
    }
}

pub async fn counter_submit(State(app): State<AppState>, ctx: Ctx, body: Bytes) -> Result<Response, WebError> {
    ctx.require(Action::ConductConciliation, Resource::Collection)?;
    let posted = Posted(FormData::parse(&body).unwrap_or_default());
    let own = ctx
        .user
        .as_ref()
        .map(|u| u.jurisdiction)
        .ok_or_else(WebError::needs_login)?;
    let center = match posted.text("center").as_str() {
        "" => own,
        text => text
            .parse::<Jurisdiction>()
            .map_err(|_| WebError::bad_request("center"))?,
    };
    ctx.require(Action::ConductConciliation, Resource::InJurisdiction(center))?;
    let mut errors = FieldErrors::new();
    let channel = form::channel(&posted, &mut errors);
    let parsed = form::parse(&posted, channel, &app.catalogs);
    let input = match parsed {
        Ok((input, _)) if errors.is_empty() => input,
        Ok(_) => return render(&app, &ctx, true, &posted, &errors, StatusCode::UNPROCESSABLE_ENTITY),
        Err(mut more) => {
            more.extend(errors);
            return render(&app, &ctx, true, &posted, &more, StatusCode::UNPROCESSABLE_ENTITY);
        }
    };
    match file(&app, &ctx, center, input).await? {
        Ok(f) => Ok(Redirect::to(&format!("/conciliation/{}", f.id)).into_response()),
        Err(errors) => render(&app, &ctx, true, &posted, &errors, StatusCode::UNPROCESSABLE_ENTITY),
    }
}
