//! An agreement's file for the registrar (`/registrar/agreements/{id}`): the deposit (union,
//! employer, workers covered, dates), the requirements of 390 it does not meet, its revisions
//! and votes; the decision on the deposit (register or refuse, within 30 days); and the public
//! version of 391 Bis: the text and the names to take out, a preview of what core's `redact`
//! removes, then the publication.

use std::collections::BTreeMap;

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use chrono::Utc;
use faro_core::policy::{Action, Resource};
use faro_core::union::agreement::{self, Status};
use faro_core::union::redact::{redact, Redacted};
use faro_core::DomainError;
use faro_store::unions::AgreementRecord;
use minijinja::{context, Value};

use super::run;
use super::unions::serde_plain;
use super::view::{self, date, label, opt_date, Failure};
use crate::ctx::Ctx;
use crate::error::WebError;
use crate::inspection_pages::failure::Refusal;
use crate::inspection_pages::form::FormData;
use crate::pages::parse_id;
use crate::AppState;

/// The forms the registrar may send on an agreement in its state.
pub fn available_forms(a: &agreement::Agreement) -> Vec<&'static str> {
    match a.status {
        Status::Deposited => vec!["register", "refuse"],
        Status::Registered => vec!["public_version"],
        Status::Refused | Status::Terminated => vec![],
    }
}

async fn load(app: &AppState, ctx: &Ctx, raw: &str, action: Action) -> Result<(i64, AgreementRecord), WebError> {
    ctx.require(action, Resource::Collection)?;
    let id = parse_id(raw)?;
    let store = app.store.clone();
    let a = run::read(move || store.agreement(id))
        .await?
        .ok_or_else(WebError::not_found)?;
    Ok((id, a))
}

/// What the preview shows: the public text and the count of each kind removed.
fn preview_view(app: &AppState, ctx: &Ctx, r: &Redacted) -> Value {
    let removed: Vec<Value> = r
        .summary()
        .into_iter()
        .map(|(k, n)| context! { kind => label(&app.renderer.i18n, ctx.lang, "ureg.redacted", &serde_plain(&k)), count => n })
        .collect();
    context! { text => r.text.clone(), removed => removed }
}

pub async fn render(
    app: &AppState,
    ctx: &Ctx,
    id: i64,
    a: &AgreementRecord,
    failure: Option<Failure>,
    preview: Option<(Value, FormData)>,
    status: StatusCode,
) -> Result<Response, WebError> {
    let posted: BTreeMap<String, String> = match (&failure, &preview) {
        (None, Some((_, kept))) => kept.pairs().iter().map(|(k, v)| (k.clone(), v.clone())).rev().collect(),
        _ => Failure::posted(failure.as_ref()),
    };
    let preview = preview.map(|(v, _)| v);
    let store = app.store.clone();
    let (votes, history) = run::read(move || {
        Ok((
            store.votes_of_agreement(id)?,
            store.history(&format!("agreement/{id}"), &[])?,
        ))
    })
    .await?;
    let (i, lang) = (&app.renderer.i18n, ctx.lang);
    let s = &a.state;
    let today = Utc::now().date_naive();
    let unmet: Vec<String> = s
        .unmet
        .iter()
        .map(|r| label(i, lang, "ureg.requirement", r.code()))
        .collect();
    let votes: Vec<Value> = votes
        .iter()
        .map(|v| {
            context! { id => v.id, purpose => label(i, lang, "ureg.purpose", v.purpose.code()),
            status => label(i, lang, "ureg.status", v.status.code()), vote_on => date(v.vote_on) }
        })
        .collect();
    let timeline: Vec<Value> = history
        .iter()
        .map(|e| {
            context! { seq => e.seq, at => e.at.clone(), actor => e.actor.clone(),
            kind => label(i, lang, "ureg.event", &e.kind) }
        })
        .collect();
    let public_version = s.public_version.as_ref().map(|p| {
        let removed: Vec<Value> = p
            .removed
            .iter()
            .map(|(k, n)| context! { kind => label(i, lang, "ureg.redacted", &serde_plain(k)), count => n })
            .collect();
        context! { published_on => date(p.published_on), removed => removed }
    });
    let path = format!("/registrar/agreements/{id}");
    let page = context! {
        ..app.renderer.base_context(ctx, "registrar", &path),
        ..context! {
            id => id,
            registration_number => s.registration_number.clone(),
            kind => label(i, lang, "ureg.agreement_kind", &serde_plain(&s.kind)),
            status => s.status.code(),
            status_label => label(i, lang, "ureg.status", s.status.code()),
            union_name => s.union_name.clone(),
            union_id => a.summary.union_id,
            union_registration => s.union_registration.clone(),
            employer_name => s.employer_name.clone(),
            employer_rfc => s.employer_rfc.as_ref().map(|r| r.as_str().to_string()),
            scope => s.scope.clone(),
            covered_workers => s.covered_workers,
            signed_on => date(s.signed_on),
            effective_from => date(s.effective_from),
            deposited_on => date(s.deposited_on),
            decide_by => date(s.decide_by),
            decide_overdue => s.status == Status::Deposited && s.decide_by < today,
            registered_on => opt_date(s.registered_on),
            certificate => s.certificate.as_ref().map(|c| context! { id => c.id.clone(), union => c.union.clone(),
                issued_on => date(c.issued_on), valid_until => date(c.valid_until) }),
            approval_vote_id => a.summary.approval_vote_id,
            unmet => unmet,
            votes => votes,
            public_version => public_version,
            end_reason => s.end_reason.clone(),
            forms => available_forms(s),
            preview => preview,
            timeline => timeline,
            failure => Failure::value(failure.as_ref()),
            posted => posted,
        },
    };
    view::page(status, "ureg_staff_agreement.html", page)
}

pub async fn page(State(app): State<AppState>, ctx: Ctx, Path(raw): Path<String>) -> Result<Response, WebError> {
    let (id, a) = load(&app, &ctx, &raw, Action::ViewUnionFiles).await?;
    render(&app, &ctx, id, &a, None, None, StatusCode::OK).await
}

async fn command(
    app: AppState,
    ctx: Ctx,
    raw: String,
    body: Bytes,
    form_name: &'static str,
    build: fn(&FormData) -> Result<agreement::Command, DomainError>,
) -> Result<Response, WebError> {
    let (id, a) = load(&app, &ctx, &raw, Action::ManageUnionRegistry).await?;
    let posted = FormData::parse(&body).unwrap_or_default();
    let outcome = async {
        let f = FormData::parse(&body)?;
        let c = build(&f)?;
        run::agreement(&app, ctx.actor(), id, c).await
    }
    .await;
    match outcome {
        Ok(_) => Ok(Redirect::to(&format!("/registrar/agreements/{id}")).into_response()),
        Err(Refusal::Domain(e)) => {
            let failure = Failure::new(&app.renderer.i18n, ctx.lang, form_name, &e, posted);
            render(
                &app,
                &ctx,
                id,
                &a,
                Some(failure),
                None,
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await
        }
        Err(Refusal::Other(e)) => Err(e),
    }
}

pub async fn register(
    State(app): State<AppState>,
    ctx: Ctx,
    Path(raw): Path<String>,
    body: Bytes,
) -> Result<Response, WebError> {
    command(app, ctx, raw, body, "register", super::parse::register_agreement).await
}

pub async fn refuse(
    State(app): State<AppState>,
    ctx: Ctx,
    Path(raw): Path<String>,
    body: Bytes,
) -> Result<Response, WebError> {
    command(app, ctx, raw, body, "refuse", super::parse::refuse_agreement).await
}

/// The public version: `action=preview` shows what `redact` removes and writes nothing;
/// `action=publish` publishes it (core redacts again: what is published is what was previewed).
pub async fn public_version(
    State(app): State<AppState>,
    ctx: Ctx,
    Path(raw): Path<String>,
    body: Bytes,
) -> Result<Response, WebError> {
    let (id, a) = load(&app, &ctx, &raw, Action::ManageUnionRegistry).await?;
    let posted = FormData::parse(&body).unwrap_or_default();
    let refused = |e: DomainError| Failure::new(&app.renderer.i18n, ctx.lang, "public_version", &e, posted.clone());
    let (text, names) = match super::parse::public_version(&posted) {
        Ok(v) => v,
        Err(e) => {
            let f = refused(e);
            return render(&app, &ctx, id, &a, Some(f), None, StatusCode::UNPROCESSABLE_ENTITY).await;
        }
    };
    if posted.text("action") != "publish" {
        // The form keeps what was typed, beside the preview.
        let preview = (preview_view(&app, &ctx, &redact(&text, &names)), posted.clone());
        return render(&app, &ctx, id, &a, None, Some(preview), StatusCode::OK).await;
    }
    match run::agreement(
        &app,
        ctx.actor(),
        id,
        agreement::Command::PublishPublicVersion { text, names },
    )
    .await
    {
        Ok(_) => Ok(Redirect::to(&format!("/registrar/agreements/{id}")).into_response()),
        Err(Refusal::Domain(e)) => {
            let f = refused(e);
            render(&app, &ctx, id, &a, Some(f), None, StatusCode::UNPROCESSABLE_ENTITY).await
        }
        Err(Refusal::Other(e)) => Err(e),
    }
}
