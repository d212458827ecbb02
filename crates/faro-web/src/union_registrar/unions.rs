//! A union's file for the registrar (`/registrar/unions/{id}`): its status and legal dates, the
//! documents of 365 and the statutes' clauses of 371 as filed, the member count (never the
//! members), the leadership in office and the one waiting for its certification, the defects
//! warned of, the history; and one form for each command core allows in its status.

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use chrono::{NaiveDate, Utc};
use faro_core::policy::{Action, Resource};
use faro_core::union::registration::{self, DocumentKind, Leadership, RefusalGround, Status, Union};
use faro_core::DomainError;
use minijinja::{context, Value};

use super::run;
use super::view::{self, date, label, opt_date, Failure};
use crate::ctx::Ctx;
use crate::error::WebError;
use crate::inspection_pages::failure::Refusal;
use crate::inspection_pages::form::FormData;
use crate::pages::parse_id;
use crate::AppState;

/// The forms the registrar may send on a union in its state, in the order of the procedure.
pub fn available_forms(u: &Union, today: NaiveDate) -> Vec<&'static str> {
    let mut forms = Vec::new();
    match u.status {
        Status::Filed => {
            if u.defects.is_empty() {
                forms.push("defects");
            }
            forms.push("register");
        }
        Status::Corrected => forms.extend(["defects", "register", "refuse"]),
        Status::DefectsNotified => forms.push("refuse"),
        Status::DecisionDemanded => {
            if u.deemed_on.is_some_and(|d| today >= d) {
                forms.push("deemed");
            } else {
                forms.extend(["register", "refuse"]);
            }
        }
        Status::Registered | Status::DeemedRegistered => {
            if u.status == Status::DeemedRegistered && u.registration_number.is_none() {
                forms.push("certificate");
            }
            if u.pending_leadership.is_some() {
                forms.extend(["certify_leadership", "reject_leadership"]);
            }
            forms.push("financial_report");
        }
        Status::Refused | Status::Cancelled => {}
    }
    forms
}

fn leadership_view(l: &Leadership) -> Value {
    let officers: Vec<Value> = l
        .officers
        .iter()
        .map(|o| context! { name => o.name.clone(), office => o.office.clone() })
        .collect();
    context! {
        officers => officers, elected_on => date(l.elected_on), term_from => date(l.term_from),
        term_until => date(l.term_until),
    }
}

async fn load(app: &AppState, ctx: &Ctx, raw: &str, action: Action) -> Result<(i64, Union), WebError> {
    ctx.require(action, Resource::Collection)?;
    let id = parse_id(raw)?;
    let store = app.store.clone();
    let u = run::read(move || store.union_file(id))
        .await?
        .ok_or_else(WebError::not_found)?;
    Ok((id, u))
}

/// Draws the union's page; `failure` puts a refused form's reason and values back on it.
pub async fn render(
    app: &AppState,
    ctx: &Ctx,
    id: i64,
    u: &Union,
    failure: Option<Failure>,
    status: StatusCode,
) -> Result<Response, WebError> {
    let store = app.store.clone();
    let (record, history) =
        run::read(move || Ok((store.union(id)?, store.history(&format!("union/{id}"), &[])?))).await?;
    let (i, lang) = (&app.renderer.i18n, ctx.lang);
    let today = Utc::now().date_naive();
    let documents: Vec<Value> = DocumentKind::ALL
        .iter()
        .map(|d| {
            let code = serde_plain(d);
            context! { name => label(i, lang, "ureg.document", &code), article => d.article(),
            present => u.filing.documents.contains(d) }
        })
        .collect();
    let missing_clauses: Vec<Value> = u
        .review
        .missing_clauses
        .iter()
        .map(|c| context! { name => label(i, lang, "ureg.clause", &serde_plain(c)), article => c.article() })
        .collect();
    let defects: Vec<String> = u
        .defects
        .iter()
        .map(|d| match d {
            registration::Defect::Observation { text } => text.clone(),
            other => label(i, lang, "ureg.defect", other.code()),
        })
        .collect();
    let grounds: Vec<Value> = [
        RefusalGround::Purpose,
        RefusalGround::Membership,
        RefusalGround::Documents,
    ]
    .iter()
    .map(|g| {
        let code = super::parse::refusal_ground_code(*g);
        context! { code => code, name => label(i, lang, "ureg.ground", code), article => g.article() }
    })
    .collect();
    let timeline: Vec<Value> = history
        .iter()
        .map(|e| {
            context! { seq => e.seq, at => e.at.clone(), actor => e.actor.clone(),
            kind => label(i, lang, "ureg.event", &e.kind) }
        })
        .collect();
    let deadline = u.next_deadline();
    let path = format!("/registrar/unions/{id}");
    let page = context! {
        ..app.renderer.base_context(ctx, "registrar", &path),
        ..context! {
            id => id,
            name => u.filing.name.clone(),
            kind => label(i, lang, "ureg.union_type", &serde_plain(&u.filing.union_type)),
            status => u.status.code(),
            status_label => label(i, lang, "ureg.status", u.status.code()),
            registration_number => u.registration_number.clone(),
            state => record.as_ref().map(|r| r.summary.state.clone()).unwrap_or_default(),
            confederation => u.filing.confederation.clone(),
            purpose => u.filing.purpose.clone(),
            founded_on => date(u.filing.founded_on),
            members => u.member_count(),
            members_valid => u.review.members.valid,
            members_required => u.review.members.required,
            documents => documents,
            missing_clauses => missing_clauses,
            has_leadership => u.review.has_leadership,
            defects => defects,
            leadership => leadership_view(&u.leadership),
            pending => u.pending_leadership.as_ref().map(|p| context! {
                leadership => leadership_view(&p.leadership), reported_on => date(p.reported_on),
                certify_by => date(p.certify_by) }),
            dates => context! {
                filed_on => date(u.filed_on),
                defect_notice_by => (u.status == Status::Filed && u.defects.is_empty()).then(|| date(u.defect_notice_by)),
                resolution_by => (!u.status.is_registered() && !u.status.is_terminal()).then(|| date(u.resolution_by)),
                cure_by => opt_date(u.cure_by),
                deemed_on => opt_date(u.deemed_on),
                registered_on => opt_date(u.registered_on),
                certificate_by => opt_date(u.certificate_by.filter(|_| u.registration_number.is_none())),
                member_update_due => opt_date(u.member_update_due),
                financial_report_due => opt_date(u.financial_report_due),
            },
            next_deadline => deadline.as_ref().map(|d| context! {
                on => date(d.on), what => label(i, lang, "ureg.deadline", &d.what), article => d.article.clone(),
                overdue => d.on < today }),
            end_reason => u.end_reason.clone(),
            grounds => grounds,
            forms => available_forms(u, today),
            timeline => timeline,
            today => date(today),
            failure => Failure::value(failure.as_ref()),
            posted => Failure::posted(failure.as_ref()),
        },
    };
    view::page(status, "ureg_staff_union.html", page)
}

/// The snake_case code of a unit enum ("national_industry").
pub(super) fn serde_plain<T: serde::Serialize>(value: &T) -> String {
    match serde_json::to_value(value) {
        Ok(serde_json::Value::String(s)) => s,
        _ => String::new(),
    }
}

pub async fn page(State(app): State<AppState>, ctx: Ctx, Path(raw): Path<String>) -> Result<Response, WebError> {
    let (id, u) = load(&app, &ctx, &raw, Action::ViewUnionFiles).await?;
    render(&app, &ctx, id, &u, None, StatusCode::OK).await
}

type Build = fn(&FormData) -> Result<registration::Command, DomainError>;

/// Every command route: authorize, build the command, run it, and go back to the union, or
/// redraw it with the refusal next to the form `form_name` (422, nothing written).
async fn command(
    app: AppState,
    ctx: Ctx,
    raw: String,
    body: Bytes,
    form_name: &'static str,
    build: Build,
) -> Result<Response, WebError> {
    let (id, u) = load(&app, &ctx, &raw, Action::ManageUnionRegistry).await?;
    let posted = FormData::parse(&body).unwrap_or_default();
    let outcome = async {
        let f = FormData::parse(&body)?;
        let c = build(&f)?;
        run::union(&app, ctx.actor(), id, c).await
    }
    .await;
    match outcome {
        Ok(_) => Ok(Redirect::to(&format!("/registrar/unions/{id}")).into_response()),
        Err(Refusal::Domain(e)) => {
            let failure = Failure::new(&app.renderer.i18n, ctx.lang, form_name, &e, posted);
            render(&app, &ctx, id, &u, Some(failure), StatusCode::UNPROCESSABLE_ENTITY).await
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

command_route!(defects, "defects", |f| Ok(super::parse::notify_defects(f)));
command_route!(register, "register", super::parse::register_union);
command_route!(refuse, "refuse", super::parse::refuse_union);
command_route!(deemed, "deemed", |_| Ok(registration::Command::DeclareDeemedRegistered));
command_route!(certificate, "certificate", super::parse::certificate);
command_route!(certify_leadership, "certify_leadership", |_| Ok(
    registration::Command::CertifyLeadership
));
command_route!(reject_leadership, "reject_leadership", super::parse::reject_leadership);
command_route!(financial_report, "financial_report", super::parse::financial_report);
