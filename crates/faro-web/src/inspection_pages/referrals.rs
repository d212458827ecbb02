//! Referrals of child-labor and forced-labor findings to the child protection authority and the
//! public prosecutor: the list (open first, with the overdue flagged) and each case with its
//! actions: send, record an immediate measure, acknowledge, follow up, close with the outcome.

use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use chrono::Utc;
use faro_core::policy::{Action, Resource};
use faro_core::referral::{self, Referral, Status};
use minijinja::{context, Value};
use serde::Deserialize;

use super::access::{self, may_on};
use super::case::{posted_values, question_text, timeline};
use super::failure::{self, Failure};
use super::form::FormData;
use super::parse;
use super::view::{self, label};
use crate::ctx::Ctx;
use crate::error::WebError;
use crate::i18n::Lang;
use crate::pages::blocking;
use crate::AppState;

#[derive(Debug, Default, Deserialize)]
pub struct ListQuery {
    #[serde(default)]
    pub open: String,
}

fn row(app: &AppState, lang: Lang, id: i64, r: &Referral) -> Value {
    let now = Utc::now();
    context! {
        id => id, inspection_id => r.inspection_id,
        authority => label(app, lang, "ref.authority", r.authority.code()),
        matter => label(app, lang, "matter", r.matter.code()),
        status => r.status.code(), status_label => label(app, lang, "ref.status", r.status.code()),
        opened_at => view::at(r.opened_at), send_by => view::at(r.send_by),
        follow_up_by => r.follow_up_by.map(|d| d.to_string()),
        overdue => r.is_overdue(now),
    }
}

pub async fn list(State(app): State<AppState>, ctx: Ctx, Query(q): Query<ListQuery>) -> Result<Response, WebError> {
    ctx.require(Action::ViewProtectedCases, Resource::Collection)?;
    let Some(user) = ctx.user.clone() else {
        return Err(WebError::needs_login());
    };
    let open_only = q.open != "0";
    let store = app.store.clone();
    let rows = blocking(move || store.referrals(Some(user.jurisdiction), open_only, 200)).await?;
    let lang = ctx.lang;
    let r = &app.renderer;
    let page = context! {
        ..r.base_context(&ctx, "inspections", "/referrals"),
        ..context! {
            items => rows.iter().map(|(id, x)| row(&app, lang, *id, x)).collect::<Vec<_>>(),
            open_only => open_only,
            overdue => rows.iter().filter(|(_, x)| x.is_overdue(Utc::now())).count(),
            jurisdiction => view::jurisdiction_name(&app, lang, user.jurisdiction),
        }
    };
    view::page(StatusCode::OK, "ref_list.html", page)
}

/// The actions a referral in `status` takes, in the order of the procedure.
pub fn available(status: Status) -> Vec<&'static str> {
    match status {
        Status::Open => vec!["send", "measure"],
        Status::Sent => vec!["acknowledge", "measure", "follow_up", "close"],
        Status::Acknowledged => vec!["measure", "follow_up", "close"],
        Status::Closed => Vec::new(),
    }
}

async fn render(
    app: &AppState,
    ctx: &Ctx,
    id: i64,
    r: &Referral,
    failure: Option<Failure>,
    status: StatusCode,
) -> Result<Response, WebError> {
    let lang = ctx.lang;
    let store = app.store.clone();
    let iid = r.inspection_id;
    let (history, summary) = blocking(move || {
        Ok((
            store.history(&format!("referral/{id}"), &[])?,
            store.inspection(iid)?.map(|(s, _)| s),
        ))
    })
    .await?;
    let may_manage = may_on(ctx, Action::ManageReferrals, r.jurisdiction);
    let notes = |v: &[referral::Note]| -> Vec<Value> {
        v.iter()
            .map(|n| context! { text => n.text.clone(), at => view::at(n.at) })
            .collect()
    };
    let outcomes: Vec<Value> = referral::Outcome::ALL
        .iter()
        .map(|o| context! { code => o.code(), name => label(app, lang, "ref.outcome", o.code()) })
        .collect();
    let path = format!("/referrals/{id}");
    let rr = &app.renderer;
    let page = context! {
        ..rr.base_context(ctx, "inspections", &path),
        ..context! {
            r => row(app, lang, id, r),
            question => question_text(app, lang, &r.question_id),
            workplace => summary.as_ref().map(|s| s.workplace_name.clone()),
            employer => summary.as_ref().map(|s| s.employer_name.clone()),
            address => summary.as_ref().map(|s| s.address.clone()),
            jurisdiction => view::jurisdiction_name(app, lang, r.jurisdiction),
            sent_at => r.sent_at.map(view::at),
            authority_name => r.authority_name.clone(),
            reference => r.reference.clone(),
            authority_case => r.authority_case.clone(),
            measures => notes(&r.measures),
            follow_ups => notes(&r.follow_ups),
            outcome => r.outcome.map(|o| label(app, lang, "ref.outcome", o.code())),
            closed_at => r.closed_at.map(view::at),
            forms => if may_manage { available(r.status) } else { Vec::new() },
            outcomes => outcomes,
            history => timeline(app, lang, &history),
            v => posted_values(failure.as_ref()),
            failure => failure.as_ref().map(|f| context! { form => f.form.clone(), message => f.message.clone() }),
        }
    };
    view::page(status, "ref_case.html", page)
}

pub async fn page(State(app): State<AppState>, ctx: Ctx, Path(raw): Path<String>) -> Result<Response, WebError> {
    let (id, r) = access::referral(&app, &ctx, &raw, Action::ViewProtectedCases).await?;
    render(&app, &ctx, id, &r, None, StatusCode::OK).await
}

type Build = fn(&FormData) -> Result<referral::Command, faro_core::DomainError>;

async fn run(
    app: AppState,
    ctx: Ctx,
    raw: String,
    body: Bytes,
    form_name: &'static str,
    build: Build,
) -> Result<Response, WebError> {
    let (id, r) = access::referral(&app, &ctx, &raw, Action::ManageReferrals).await?;
    let posted = FormData::parse(&body).unwrap_or_default();
    let outcome = async {
        let f = FormData::parse(&body)?;
        let command = build(&f)?;
        let (a, actor) = (app.clone(), ctx.actor());
        failure::blocking(move || a.store.referral_command(&a.law, &actor, Utc::now(), id, &command)).await
    }
    .await;
    match outcome {
        Ok(_) => Ok(Redirect::to(&format!("/referrals/{id}")).into_response()),
        Err(refusal) => {
            let failure = refusal.into_failure(&app, ctx.lang, form_name, posted)?;
            render(&app, &ctx, id, &r, Some(failure), StatusCode::UNPROCESSABLE_ENTITY).await
        }
    }
}

pub async fn send(
    State(app): State<AppState>,
    ctx: Ctx,
    Path(raw): Path<String>,
    body: Bytes,
) -> Result<Response, WebError> {
    run(app, ctx, raw, body, "send", |f| Ok(parse::referral_send(f))).await
}

pub async fn measure(
    State(app): State<AppState>,
    ctx: Ctx,
    Path(raw): Path<String>,
    body: Bytes,
) -> Result<Response, WebError> {
    run(app, ctx, raw, body, "measure", |f| Ok(parse::referral_measure(f))).await
}

pub async fn acknowledge(
    State(app): State<AppState>,
    ctx: Ctx,
    Path(raw): Path<String>,
    body: Bytes,
) -> Result<Response, WebError> {
    run(app, ctx, raw, body, "acknowledge", |f| {
        Ok(parse::referral_acknowledge(f))
    })
    .await
}

pub async fn follow_up(
    State(app): State<AppState>,
    ctx: Ctx,
    Path(raw): Path<String>,
    body: Bytes,
) -> Result<Response, WebError> {
    run(app, ctx, raw, body, "follow_up", |f| Ok(parse::referral_follow_up(f))).await
}

pub async fn close(
    State(app): State<AppState>,
    ctx: Ctx,
    Path(raw): Path<String>,
    body: Bytes,
) -> Result<Response, WebError> {
    run(app, ctx, raw, body, "close", parse::referral_close).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn actions_follow_status() {
        assert_eq!(available(Status::Open), vec!["send", "measure"]);
        assert!(available(Status::Sent).contains(&"close"));
        assert!(
            !available(Status::Open).contains(&"close"),
            "closed only after it was sent"
        );
        assert!(available(Status::Closed).is_empty());
    }
}
