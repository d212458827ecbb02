//! `/verify`: anyone checks an official document by its verification code (printed on every page
//! and in its QR code), and may upload the PDF they hold to learn whether it is the one Faro
//! issued, byte for byte (its SHA-256).

use axum::body::to_bytes;
use axum::extract::{FromRequest, Multipart, Query, Request, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use faro_core::policy::{Action, Resource};
use faro_store::cases::DocumentRecord;
use minijinja::{context, Value};
use serde::{Deserialize, Serialize};

use super::view;
use crate::ctx::Ctx;
use crate::error::WebError;
use crate::i18n::Lang;
use crate::pages::{blocking, url_encode};
use crate::AppState;

#[derive(Debug, Deserialize, Default)]
pub struct VerifyQuery {
    #[serde(default)]
    code: String,
}

/// What the comparison of an uploaded file found.
struct Verdict {
    authentic: bool,
    uploaded_sha256: String,
}

#[derive(Serialize)]
struct Fact {
    label: String,
    value: String,
}

/// A value of a document's public summary as text.
fn value_text(app: &AppState, lang: Lang, key: &str, v: &serde_json::Value) -> String {
    use serde_json::Value as J;
    match v {
        J::Null => "—".into(),
        J::Bool(b) => view::text(app, lang, if *b { "common.yes" } else { "common.no" }),
        J::Number(n) => n.to_string(),
        J::String(s) if key.starts_with("matter") => view::label(app, lang, "pub.matter", s),
        J::String(s) if key == "jurisdiction" => match s.as_str() {
            "federal" => view::text(app, lang, "jurisdiction.federal"),
            code => view::state_name(app, code),
        },
        J::String(s) => s.clone(),
        J::Array(items) => items
            .iter()
            .map(|i| value_text(app, lang, key, i))
            .collect::<Vec<_>>()
            .join(", "),
        J::Object(_) => v.to_string(),
    }
}

/// Summary entries the page already shows from the document's own columns.
const SHOWN: [&str; 6] = ["kind", "folio", "title", "issued_at", "code", "sha256"];

fn summary_facts(app: &AppState, lang: Lang, summary: &serde_json::Value) -> Vec<Fact> {
    match summary {
        serde_json::Value::Object(map) => map
            .iter()
            .filter(|(k, _)| !SHOWN.contains(&k.as_str()))
            .map(|(k, v)| Fact {
                label: view::label(app, lang, "pub.summary", k),
                value: value_text(app, lang, k, v),
            })
            .collect(),
        serde_json::Value::Null => Vec::new(),
        other => vec![Fact {
            label: view::text(app, lang, "pub.verify.summary"),
            value: value_text(app, lang, "", other),
        }],
    }
}

/// Looks a code up as typed: `Err(())` when it is not a code or no document has it.
async fn lookup(app: &AppState, raw: &str) -> Result<Result<DocumentRecord, ()>, WebError> {
    let Some(code) = faro_docs::normalize_code(raw) else {
        return Ok(Err(()));
    };
    let store = app.store.clone();
    Ok(blocking(move || store.document(&code)).await?.ok_or(()))
}

fn render(
    app: &AppState,
    ctx: &Ctx,
    status: StatusCode,
    typed: &str,
    doc: Option<&DocumentRecord>,
    verdict: Option<Verdict>,
) -> Result<Response, WebError> {
    let lang = ctx.lang;
    let r = &app.renderer;
    let unknown = !typed.trim().is_empty() && doc.is_none();
    let unknown_message = r
        .i18n
        .text(lang, "pub.verify.unknown", &[("code", typed.trim().to_string())]);
    let doc_view = doc.map(|d| {
        context! {
            code => d.code.clone(), kind => view::label(app, lang, "pub.doc_kind", &d.kind), folio => d.folio.clone(),
            title => d.title.clone(), issued_at => d.issued_at.chars().take(16).collect::<String>().replace('T', " "),
            sha256 => d.sha256.clone(),
        }
    });
    let summary = doc.map(|d| summary_facts(app, lang, &d.summary)).unwrap_or_default();
    let verdict = verdict.map(|v| {
        let key = if v.authentic {
            "pub.verify.authentic"
        } else {
            "pub.verify.mismatch"
        };
        context! { authentic => v.authentic, message => view::text(app, lang, key), uploaded_sha256 => v.uploaded_sha256 }
    });
    let path = match doc {
        Some(d) => format!("/verify?code={}", url_encode(&d.code)),
        None => "/verify".to_string(),
    };
    let page = context! {
        ..r.base_context(ctx, "verify", &path),
        ..context! {
            code => doc.map(|d| d.code.clone()).unwrap_or_else(|| typed.trim().to_string()),
            unknown => unknown, unknown_message => unknown_message,
            doc => doc_view, summary => Value::from_serialize(&summary), verdict => verdict,
        }
    };
    let template = if ctx.htmx {
        "pub_verify_result.html"
    } else {
        "pub_verify.html"
    };
    view::page(status, template, page)
}

/// The form, or the document a code names; an unknown code is a 404 page that says so.
pub async fn page(State(app): State<AppState>, ctx: Ctx, Query(q): Query<VerifyQuery>) -> Result<Response, WebError> {
    ctx.require(Action::ViewPublic, Resource::Collection)?;
    let typed: String = q.code.chars().take(64).collect();
    if typed.trim().is_empty() {
        return render(&app, &ctx, StatusCode::OK, "", None, None);
    }
    match lookup(&app, &typed).await? {
        Ok(doc) => render(&app, &ctx, StatusCode::OK, &typed, Some(&doc), None),
        Err(()) => render(&app, &ctx, StatusCode::NOT_FOUND, &typed, None, None),
    }
}

/// Compares an uploaded PDF (multipart fields `code` and `file`) with the stored one. A form
/// without a file only looks the code up (a redirect to the GET page).
pub async fn upload(State(app): State<AppState>, ctx: Ctx, req: Request) -> Result<Response, WebError> {
    ctx.require(Action::ViewPublic, Resource::Collection)?;
    let content_type = req
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_ascii_lowercase();
    if !content_type.starts_with("multipart/form-data") {
        let bytes = to_bytes(req.into_body(), 64 * 1024)
            .await
            .map_err(|_| WebError::bad_request("the form is too large"))?;
        let code = serde_urlencoded::from_bytes::<Vec<(String, String)>>(&bytes)
            .ok()
            .and_then(|pairs| pairs.into_iter().find(|(k, _)| k == "code").map(|(_, v)| v))
            .unwrap_or_default();
        let to = match code.trim() {
            "" => "/verify".to_string(),
            c => format!("/verify?code={}", url_encode(&c.chars().take(64).collect::<String>())),
        };
        return Ok(Redirect::to(&to).into_response());
    }
    let mut form = Multipart::from_request(req, &())
        .await
        .map_err(|e| WebError::bad_request(e.body_text()))?;
    let mut code = String::new();
    let mut file: Option<Vec<u8>> = None;
    while let Some(field) = form
        .next_field()
        .await
        .map_err(|e| WebError::bad_request(e.body_text()))?
    {
        match field.name() {
            Some("code") => {
                code = field
                    .text()
                    .await
                    .map_err(|e| WebError::bad_request(e.body_text()))?
                    .chars()
                    .take(64)
                    .collect()
            }
            Some("file") => {
                let bytes = field.bytes().await.map_err(|e| WebError::bad_request(e.body_text()))?;
                file = (!bytes.is_empty()).then(|| bytes.to_vec());
            }
            _ => {}
        }
    }
    let doc = match lookup(&app, &code).await? {
        Ok(d) => d,
        Err(()) => return render(&app, &ctx, StatusCode::NOT_FOUND, &code, None, None),
    };
    let Some(bytes) = file else {
        return Err(WebError::from(faro_core::DomainError::field(
            "file",
            "pub.verify.no_file",
            "choose the PDF file to compare",
        )));
    };
    let uploaded = faro_docs::sha256_hex(&bytes);
    let verdict = Verdict {
        authentic: uploaded.eq_ignore_ascii_case(doc.sha256.trim()),
        uploaded_sha256: uploaded,
    };
    render(&app, &ctx, StatusCode::OK, &code, Some(&doc), Some(verdict))
}
