//! Programming an inspection: the planner picks a workplace (by its id in the registry,
//! `?workplace=ID`), the jurisdiction that acts, the kind, the origin, the matters and the date.

use axum::body::Bytes;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use chrono::Utc;
use faro_core::inspection::{Kind, Matter, Origin};
use faro_core::policy::{Action, Resource};
use faro_core::{Jurisdiction, StateCode};
use faro_store::inspections::Target;
use faro_store::registry::WorkplaceDetail;
use minijinja::{context, Value};
use serde::Deserialize;

use super::failure::{self, Failure, Refusal};
use super::form::FormData;
use super::parse;
use super::view::{self, label};
use crate::ctx::Ctx;
use crate::error::WebError;
use crate::pages::blocking;
use crate::AppState;

#[derive(Debug, Default, Deserialize)]
pub struct NewQuery {
    #[serde(default)]
    pub workplace: String,
}

/// The jurisdictions a user may program an inspection of this workplace in: their own if it
/// covers the workplace's state (federal covers all), and for federal staff also the state's.
pub fn jurisdictions_for(user: Jurisdiction, workplace_state: Option<StateCode>) -> Vec<Jurisdiction> {
    let mut out = Vec::new();
    if user == Jurisdiction::Federal {
        out.push(Jurisdiction::Federal);
    }
    if let Some(s) = workplace_state {
        let local = Jurisdiction::State(s);
        if user.covers(local) {
            out.push(local);
        }
    }
    out
}

fn workplace_state(w: &WorkplaceDetail) -> Option<StateCode> {
    w.state.parse::<StateCode>().ok()
}

async fn render(
    app: &AppState,
    ctx: &Ctx,
    raw_workplace: &str,
    failure: Option<Failure>,
    status: StatusCode,
) -> Result<Response, WebError> {
    let lang = ctx.lang;
    let wanted = raw_workplace.trim().parse::<i64>().ok().filter(|v| *v > 0);
    let workplace = match wanted {
        Some(id) => {
            let store = app.store.clone();
            blocking(move || store.workplace(id)).await?
        }
        None => None,
    };
    let user_jurisdiction = ctx
        .user
        .as_ref()
        .map(|u| u.jurisdiction)
        .unwrap_or(Jurisdiction::Federal);
    let choices = workplace
        .as_ref()
        .map(|w| jurisdictions_for(user_jurisdiction, workplace_state(w)))
        .unwrap_or_default();
    let posted = failure.as_ref().map(|f| f.posted.clone()).unwrap_or_default();
    let chosen_matters: Vec<String> = posted.all("matter").into_iter().map(str::to_string).collect();
    let options = |codes: Vec<&'static str>, prefix: &str| -> Vec<Value> {
        codes
            .into_iter()
            .map(|c| context! { code => c, name => label(app, lang, prefix, c) })
            .collect()
    };
    let w = workplace.as_ref().map(|w| {
        context! {
            id => w.id, name => w.name.clone(), employer => w.employer_name.clone(), rfc => w.employer_rfc.clone(),
            state => w.state.clone(), municipality => w.municipality.clone(), scian => w.scian_class.clone(),
            address => format!("{} {}, {}", w.street, w.exterior_number, w.settlement).trim().to_string(),
        }
    });
    let jurisdictions: Vec<Value> = choices
        .iter()
        .map(|j| context! { code => j.code(), name => view::jurisdiction_name(app, lang, *j) })
        .collect();
    let r = &app.renderer;
    let page = context! {
        ..r.base_context(ctx, "inspections", "/inspections/new"),
        ..context! {
            asked => raw_workplace.trim().to_string(),
            workplace => w,
            not_found => wanted.is_some() && workplace.is_none() || (!raw_workplace.trim().is_empty() && wanted.is_none()),
            jurisdictions => jurisdictions,
            kinds => options(Kind::ALL.iter().map(|k| k.code()).collect(), "insp.kind"),
            origins => options(Origin::ALL.iter().map(|o| o.code()).collect(), "insp.origin"),
            matters => options(Matter::ALL.iter().map(|m| m.code()).collect(), "matter"),
            chosen_matters => chosen_matters,
            v => context! {
                kind => posted.text("kind"), origin => posted.text("origin"),
                jurisdiction => posted.text("jurisdiction"),
                planned_for => if posted.has("planned_for") { posted.text("planned_for").to_string() }
                               else { Utc::now().date_naive().to_string() },
            },
            failure => failure.map(|f| f.message),
        }
    };
    view::page(status, "insp_new.html", page)
}

pub async fn new_form(State(app): State<AppState>, ctx: Ctx, Query(q): Query<NewQuery>) -> Result<Response, WebError> {
    ctx.require(Action::PlanInspections, Resource::Collection)?;
    render(&app, &ctx, &q.workplace, None, StatusCode::OK).await
}

pub async fn create(State(app): State<AppState>, ctx: Ctx, body: Bytes) -> Result<Response, WebError> {
    ctx.require(Action::PlanInspections, Resource::Collection)?;
    let posted = FormData::parse(&body).unwrap_or_default();
    match program(&app, &ctx, &body).await {
        Ok(id) => Ok(Redirect::to(&format!("/inspections/{id}")).into_response()),
        Err(refusal) => {
            let failure = refusal.into_failure(&app, ctx.lang, "program", posted.clone())?;
            render(
                &app,
                &ctx,
                posted.text("workplace"),
                Some(failure),
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await
        }
    }
}

async fn program(app: &AppState, ctx: &Ctx, body: &[u8]) -> Result<i64, Refusal> {
    let f = FormData::parse(body)?;
    let input = parse::program(&f)?;
    let store = app.store.clone();
    let wid = input.workplace_id;
    let workplace = failure::blocking(move || store.workplace(wid)).await?.ok_or_else(|| {
        faro_core::DomainError::field("workplace", "insp.error.workplace_unknown", "no such workplace")
            .with("value", wid.to_string())
    })?;
    ctx.require(Action::PlanInspections, Resource::InJurisdiction(input.jurisdiction))?;
    let user = ctx
        .user
        .as_ref()
        .map(|u| u.jurisdiction)
        .unwrap_or(Jurisdiction::Federal);
    if !jurisdictions_for(user, workplace_state(&workplace)).contains(&input.jurisdiction) {
        return Err(faro_core::DomainError::field(
            "jurisdiction",
            "insp.error.jurisdiction_not_for_workplace",
            "a state inspects only workplaces in its state",
        )
        .into());
    }
    let (a, actor, cmd) = (app.clone(), ctx.actor(), input.command());
    let out = failure::blocking(move || {
        a.store
            .inspection_command(&a.law, &actor, Utc::now(), Target::New, &cmd, None)
    })
    .await?;
    Ok(out.id)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn who_programs_where() {
        let jal = StateCode::new(14).unwrap();
        let cdmx = StateCode::new(9).unwrap();
        assert_eq!(
            jurisdictions_for(Jurisdiction::Federal, Some(jal)),
            vec![Jurisdiction::Federal, Jurisdiction::State(jal)]
        );
        assert_eq!(
            jurisdictions_for(Jurisdiction::State(jal), Some(jal)),
            vec![Jurisdiction::State(jal)]
        );
        assert!(jurisdictions_for(Jurisdiction::State(jal), Some(cdmx)).is_empty());
        assert_eq!(
            jurisdictions_for(Jurisdiction::Federal, None),
            vec![Jurisdiction::Federal]
        );
    }
}
