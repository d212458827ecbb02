//! A vote's file for the registrar (`/registrar/votes/{id}`): the call, the stations with the
//! size of each roll (counts only: never a voter), the results record of each station, the
//! tally, the outcome and the integrity flags raised; and the commands core allows in its
//! state: hold it on its day, RECORD THE RESULTS station by station, publish them, apply the
//! outcome once challenges are over, or annul it (390 Ter-II f).

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use chrono::Utc;
use faro_core::policy::{Action, Resource};
use faro_core::union::vote::{self, Status, Vote};
use faro_core::DomainError;
use minijinja::{context, Value};

use super::parse::{self, count_input};
use super::run;
use super::view::{self, date, label, opt_date, Failure};
use crate::ctx::Ctx;
use crate::error::WebError;
use crate::i18n::{I18n, Lang};
use crate::inspection_pages::failure::Refusal;
use crate::inspection_pages::form::FormData;
use crate::pages::parse_id;
use crate::AppState;

/// The forms the registrar may send on a vote in its state.
pub fn available_forms(v: &Vote) -> Vec<&'static str> {
    match v.status {
        Status::RollFinal => vec!["hold"],
        Status::Held => vec!["results"],
        Status::ResultsRecorded => vec!["publish", "annul"],
        Status::Published | Status::Upheld => vec!["apply", "annul"],
        Status::Challenged => vec!["annul"],
        _ => vec![],
    }
}

/// An option as the page names it: "for" and "against" translated, a union or slate as given.
fn option_label(i: &I18n, lang: Lang, option: &str) -> String {
    label(i, lang, "ureg.option", option)
}

async fn load(app: &AppState, ctx: &Ctx, raw: &str, action: Action) -> Result<(i64, Vote), WebError> {
    ctx.require(action, Resource::Collection)?;
    let id = parse_id(raw)?;
    let store = app.store.clone();
    let v = run::read(move || store.vote_file(id))
        .await?
        .ok_or_else(WebError::not_found)?;
    Ok((id, v))
}

/// The subject's page for the registrar ("agreement/7" -> "/registrar/agreements/7").
fn subject_link(subject: &str) -> Option<String> {
    let (kind, id) = subject.split_once('/')?;
    let id: i64 = id.parse().ok()?;
    match kind {
        "agreement" => Some(format!("/registrar/agreements/{id}")),
        "union" => Some(format!("/registrar/unions/{id}")),
        _ => None,
    }
}

pub async fn render(
    app: &AppState,
    ctx: &Ctx,
    id: i64,
    v: &Vote,
    failure: Option<Failure>,
    status: StatusCode,
) -> Result<Response, WebError> {
    let store = app.store.clone();
    let subject = format!("vote/{id}");
    let history = run::read(move || store.history(&subject, &[])).await?;
    let (i, lang) = (&app.renderer.i18n, ctx.lang);
    let rolls = v.roll_by_station();
    let options: Vec<String> = v.options.iter().map(|o| option_label(i, lang, o)).collect();
    let stations: Vec<Value> = v
        .stations
        .iter()
        .enumerate()
        .map(|(n, s)| {
            let roll = rolls.get(&s.id).copied().unwrap_or(0);
            let result = v.results.iter().find(|r| r.station == s.id).map(|r| {
                context! { votes => r.votes.clone(), void => r.void, blank => r.blank, ballots => r.ballots(),
                above_roll => r.ballots() > roll }
            });
            let inputs: Vec<String> = (0..v.options.len())
                .map(|o| count_input("votes", n, Some(o)))
                .collect();
            context! {
                id => s.id.clone(), place => s.place.clone(), roll => roll, result => result,
                inputs => inputs, void_input => count_input("void", n, None), blank_input => count_input("blank", n, None),
            }
        })
        .collect();
    let tally = v.tally.as_ref().map(|t| {
        context! { votes => t.votes.clone(), void => t.void, blank => t.blank, ballots => t.ballots(),
        valid => t.valid(), roll => t.roll }
    });
    let outcome = v.outcome.as_ref().map(|o| {
        let winner = match o {
            vote::Outcome::Winner { option } => Some(option_label(i, lang, option)),
            _ => None,
        };
        context! { label => label(i, lang, "ureg.outcome", o.code()), winner => winner }
    });
    let anomalies: Vec<String> = v
        .roll_anomalies
        .iter()
        .chain(v.result_anomalies.iter())
        .map(|a| label(i, lang, "ureg.anomaly", a.code()))
        .collect();
    let timeline: Vec<Value> = history
        .iter()
        .map(|e| {
            context! { seq => e.seq, at => e.at.clone(), actor => e.actor.clone(),
            kind => label(i, lang, "ureg.event", &e.kind) }
        })
        .collect();
    let today = Utc::now().date_naive();
    let path = format!("/registrar/votes/{id}");
    let page = context! {
        ..app.renderer.base_context(ctx, "registrar", &path),
        ..context! {
            id => id,
            purpose => label(i, lang, "ureg.purpose", v.purpose.code()),
            article => v.purpose.article(),
            subject => v.subject.clone(),
            subject_link => subject_link(&v.subject),
            organizer => v.organizer.clone(),
            status => v.status.code(),
            status_label => label(i, lang, "ureg.status", v.status.code()),
            options => options,
            stations => stations,
            roll_size => v.roll_size(),
            pending_roll_challenges => v.pending_roll_challenges(),
            called_on => date(v.called_on),
            vote_on => date(v.vote_on),
            vote_today => v.vote_on == today,
            held_on => opt_date(v.held_on),
            result_notice_due => opt_date(v.result_notice_due),
            posting_due => opt_date(v.posting_due),
            published_on => opt_date(v.published_on),
            publication_late => v.publication_late,
            challenge_until => opt_date(v.challenge_until),
            tally => tally,
            outcome => outcome,
            effect => v.effect.as_ref().map(|e| label(i, lang, "ureg.effect", &effect_code(e))),
            anomalies => anomalies,
            end_reason => v.end_reason.clone(),
            forms => available_forms(v),
            timeline => timeline,
            failure => Failure::value(failure.as_ref()),
            posted => Failure::posted(failure.as_ref()),
        },
    };
    view::page(status, "ureg_staff_vote.html", page)
}

fn effect_code(e: &vote::Effect) -> String {
    match serde_json::to_value(e) {
        Ok(serde_json::Value::Object(m)) => m.get("effect").and_then(|v| v.as_str()).unwrap_or_default().to_string(),
        _ => String::new(),
    }
}

pub async fn page(State(app): State<AppState>, ctx: Ctx, Path(raw): Path<String>) -> Result<Response, WebError> {
    let (id, v) = load(&app, &ctx, &raw, Action::ViewUnionFiles).await?;
    render(&app, &ctx, id, &v, None, StatusCode::OK).await
}

type Build = fn(&AppState, Lang, &Vote, &FormData) -> Result<vote::Command, DomainError>;

async fn command(
    app: AppState,
    ctx: Ctx,
    raw: String,
    body: Bytes,
    form_name: &'static str,
    build: Build,
) -> Result<Response, WebError> {
    let (id, v) = load(&app, &ctx, &raw, Action::ManageUnionRegistry).await?;
    let posted = FormData::parse(&body).unwrap_or_default();
    let outcome = async {
        let f = FormData::parse(&body)?;
        let c = build(&app, ctx.lang, &v, &f)?;
        run::vote(&app, ctx.actor(), id, c).await
    }
    .await;
    match outcome {
        Ok(_) => Ok(Redirect::to(&format!("/registrar/votes/{id}")).into_response()),
        Err(Refusal::Domain(e)) => {
            let failure = Failure::new(&app.renderer.i18n, ctx.lang, form_name, &e, posted);
            render(&app, &ctx, id, &v, Some(failure), StatusCode::UNPROCESSABLE_ENTITY).await
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
            command(app, ctx, raw, body, $form, $build).await
        }
    };
}

command_route!(hold, "hold", |_, _, _, _| Ok(vote::Command::Hold));
command_route!(results, "results", |app, lang, v, f| {
    let i = &app.renderer.i18n;
    parse::station_results(
        f,
        v,
        |o| option_label(i, lang, o),
        &i.text(lang, "ureg.vote.void", &[]),
        &i.text(lang, "ureg.vote.blank", &[]),
    )
});
command_route!(publish, "publish", |_, _, _, _| Ok(vote::Command::PublishResults));
command_route!(apply, "apply", |_, _, _, _| Ok(vote::Command::ApplyOutcome));
command_route!(annul, "annul", |_, _, _, f| parse::annul(f));
