//! `GET /conciliation/receipt/{folio}?code=..`: the requester's receipt page. It opens only with
//! the verification code of one of the case's receipts, so folios cannot be enumerated: an
//! unknown folio and a wrong code get the same answer. Without a code it asks for one.

use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use faro_core::conciliation::{Status, Venue};
use faro_core::policy::{Action, Resource};
use minijinja::{context, Value};
use serde::{Deserialize, Serialize};

use super::super::documents::KIND_RECEIPT;
use super::super::{labels, view};
use crate::ctx::Ctx;
use crate::error::WebError;
use crate::pages::blocking;
use crate::AppState;

#[derive(Debug, Default, Deserialize)]
pub struct ReceiptQuery {
    #[serde(default)]
    pub code: Option<String>,
    /// "pdf" for the receipt itself (the staff's `/documents/` is not public).
    #[serde(default)]
    pub format: Option<String>,
}

#[derive(Debug, Serialize)]
struct ReceiptView {
    folio: String,
    center: String,
    received_on: String,
    status: String,
    /// What the receipt says about the hearing: scheduled, forwarded, exempt or pending.
    state: &'static str,
    hearing_date: String,
    hearing_time: String,
    place: String,
    procedure_limit: String,
    routing: String,
    exemption: String,
    code: String,
    pdf: String,
}

pub async fn page(
    State(app): State<AppState>,
    ctx: Ctx,
    Path(folio): Path<String>,
    Query(q): Query<ReceiptQuery>,
) -> Result<Response, WebError> {
    ctx.require(Action::ViewPublic, Resource::Collection)?;
    let i18n = &app.renderer.i18n;
    let lang = ctx.lang;
    let folio: String = folio.trim().chars().take(40).collect();
    let path = format!("/conciliation/receipt/{}", crate::pages::url_encode(&folio));
    let code = q.code.unwrap_or_default().trim().chars().take(100).collect::<String>();
    let base = app.renderer.base_context(&ctx, "conciliation", &path);
    if code.is_empty() {
        let page = context! { ..base, ..context! { ask => true, action => path, folio => folio, wrong => false } };
        return view::page(StatusCode::OK, "conc_intake_receipt.html", page);
    }
    let store = app.store.clone();
    let wanted = folio.clone();
    let found = blocking(move || {
        let Some((summary, case)) = store.conciliation_case_by_folio(&wanted)? else {
            return Ok(None);
        };
        let subject = format!("conciliation/{}", summary.id);
        let docs = store.documents_of(&subject)?;
        let receipts: Vec<_> = docs.into_iter().filter(|d| d.kind == KIND_RECEIPT).collect();
        if !receipts.iter().any(|d| d.code == code) {
            return Ok(None);
        }
        let newest = receipts.last().map(|d| d.code.clone()).unwrap_or_default();
        Ok(Some((summary, case, newest)))
    })
    .await?;
    let Some((summary, case, newest)) = found else {
        if q.format.as_deref() == Some("pdf") {
            return Err(WebError::not_found());
        }
        let page = context! { ..base, ..context! { ask => true, action => path, folio => folio, wrong => true } };
        return view::page(StatusCode::NOT_FOUND, "conc_intake_receipt.html", page);
    };
    if q.format.as_deref() == Some("pdf") {
        let store = app.store.clone();
        let code = newest.clone();
        let pdf = blocking(move || store.document_pdf(&code))
            .await?
            .ok_or_else(WebError::not_found)?;
        return Ok(crate::inspection_pages::acta::pdf_response(&summary.folio, pdf));
    }
    let center = labels::center_name(i18n, &app.catalogs, lang, case.center);
    let (state, date, time, place) = match (&case.hearing, case.status) {
        (_, Status::Forwarded) => ("forwarded", String::new(), String::new(), String::new()),
        (_, Status::Exempt) => ("exempt", String::new(), String::new(), String::new()),
        (Some(h), _) => (
            "scheduled",
            h.slot.date.format("%Y-%m-%d").to_string(),
            h.slot.time.format("%H:%M").to_string(),
            match &h.slot.venue {
                Venue::Room { name } => i18n.text(lang, "conc.intake.receipt.room", &[("room", name.clone())]),
                Venue::Remote { .. } => i18n.text(lang, "conc.intake.receipt.remote", &[]),
            },
        ),
        (None, _) => ("pending", String::new(), String::new(), String::new()),
    };
    let forwarded_to = case
        .forward_due
        .map(|_| labels::center_name(i18n, &app.catalogs, lang, case.routing.competence.center()));
    let routing = match forwarded_to {
        Some(to) => i18n.text(lang, "conc.intake.receipt.other_center", &[("center", to)]),
        None => i18n.text(lang, &case.routing.reason, &[("article", case.routing.article.clone())]),
    };
    let exemption = case
        .exemption
        .as_ref()
        .map(|e| {
            i18n.text(
                lang,
                "conc.intake.receipt.exempt",
                &[
                    ("matter", labels::label(i18n, lang, "conc.exempt", &e.matter)),
                    ("article", e.article.clone()),
                ],
            )
        })
        .unwrap_or_default();
    let receipt = ReceiptView {
        folio: summary.folio.clone(),
        center,
        received_on: summary.filed_on.format("%Y-%m-%d").to_string(),
        status: labels::label(i18n, lang, "conc.status", &case.status),
        state,
        hearing_date: date,
        hearing_time: time,
        place,
        procedure_limit: case.procedure_limit.format("%Y-%m-%d").to_string(),
        routing,
        exemption,
        pdf: format!("{path}?code={}&format=pdf", crate::pages::url_encode(&newest)),
        code: newest,
    };
    let page = context! { ..base, ..context! { ask => false, receipt => Value::from_serialize(&receipt) } };
    view::page(StatusCode::OK, "conc_intake_receipt.html", page)
}
