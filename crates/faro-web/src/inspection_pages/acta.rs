//! The inspection record (acta) as an official PDF, issued in the same transaction that closes
//! the record, and its download by the staff who may see the case.
//!
//! The document is always in Spanish, the language of the proceedings. Its verification code is
//! `verification_code` of the canonical JSON (keys sorted, no spaces) of the record and the case
//! it belongs to, so the same record always gets the same code.

use axum::extract::{Path, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use faro_core::inspection::{Event, Inspection};
use faro_core::policy::{Action, Resource};
use faro_core::{DomainError, Jurisdiction};
use faro_docs::{Block, Document, Signature, SignatureStatus};
use faro_store::cases::NewDocument;
use faro_store::inspections::InspectionSummary;
use faro_store::StoreError;
use serde_json::{json, Value};

use super::access;
use super::case::question_text;
use crate::ctx::Ctx;
use crate::error::WebError;
use crate::i18n::Lang;
use crate::pages::blocking;
use crate::AppState;

/// The kind of the document in the store (and on /verify).
pub const KIND: &str = "acta";

/// JSON with object keys sorted and no insignificant white space: the same value, the same text.
pub fn canonical_json(v: &Value) -> String {
    let mut out = String::new();
    write_canonical(v, &mut out);
    out
}

fn write_canonical(v: &Value, out: &mut String) {
    match v {
        Value::Object(map) => {
            let mut keys: Vec<&String> = map.keys().collect();
            keys.sort();
            out.push('{');
            for (i, k) in keys.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                out.push_str(&Value::String((*k).clone()).to_string());
                out.push(':');
                if let Some(value) = map.get(*k) {
                    write_canonical(value, out);
                }
            }
            out.push('}');
        }
        Value::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_canonical(item, out);
            }
            out.push(']');
        }
        other => out.push_str(&other.to_string()),
    }
}

/// What the acta's code fingerprints: the record and the case it belongs to.
pub fn fingerprint(summary: &InspectionSummary, inspection: &Inspection) -> Result<String, StoreError> {
    let v = json!({
        "inspection": summary.id,
        "workplace": summary.workplace_id,
        "jurisdiction": inspection.jurisdiction,
        "order": inspection.order.as_ref().map(|o| o.number.clone()),
        "record": serde_json::to_value(&inspection.record)?,
    });
    Ok(canonical_json(&v))
}

fn es(app: &AppState, key: &str) -> String {
    app.renderer.i18n.text(Lang::Es, key, &[])
}

fn authority(app: &AppState, j: Jurisdiction) -> String {
    match j {
        Jurisdiction::Federal => es(app, "insp.doc.authority.federal"),
        Jurisdiction::State(s) => app.renderer.i18n.text(
            Lang::Es,
            "insp.doc.authority.state",
            &[(
                "state",
                app.catalogs
                    .state(s)
                    .map(|st| st.name.clone())
                    .unwrap_or_else(|| s.as_str()),
            )],
        ),
    }
}

fn label(app: &AppState, prefix: &str, code: &str) -> String {
    app.renderer.i18n.text(Lang::Es, &format!("{prefix}.{code}"), &[])
}

/// The acta as a document, or `None` while the record is open.
pub fn document(
    app: &AppState,
    summary: &InspectionSummary,
    inspection: &Inspection,
) -> Result<Option<Document>, StoreError> {
    let Some(record) = &inspection.record else {
        return Ok(None);
    };
    let code = faro_docs::verification_code(fingerprint(summary, inspection)?.as_bytes());
    let dash = "—".to_string();
    let order = inspection.order.as_ref();
    let fields = vec![
        (es(app, "insp.doc.workplace"), summary.workplace_name.clone()),
        (es(app, "insp.doc.address"), summary.address.clone()),
        (es(app, "insp.doc.employer"), summary.employer_name.clone()),
        (
            es(app, "insp.doc.rfc"),
            summary.employer_rfc.clone().unwrap_or_else(|| dash.clone()),
        ),
        (
            es(app, "insp.doc.order"),
            order
                .map(|o| format!("{} ({})", o.number, o.issued_at.format("%Y-%m-%d")))
                .unwrap_or_else(|| dash.clone()),
        ),
        (
            es(app, "insp.doc.inspector"),
            order.map(|o| o.inspector_name.clone()).unwrap_or_else(|| dash.clone()),
        ),
        (
            es(app, "insp.doc.kind"),
            label(app, "insp.kind", inspection.kind.code()),
        ),
        (
            es(app, "insp.doc.matters"),
            inspection
                .matters
                .iter()
                .map(|m| label(app, "matter", m.code()))
                .collect::<Vec<_>>()
                .join("; "),
        ),
        (
            es(app, "insp.doc.started"),
            inspection
                .started_at
                .map(|t| t.format("%Y-%m-%d %H:%M UTC").to_string())
                .unwrap_or_else(|| dash.clone()),
        ),
        (
            es(app, "insp.doc.closed"),
            record.closed_at.format("%Y-%m-%d %H:%M UTC").to_string(),
        ),
    ];
    let mut blocks = vec![Block::Fields(fields), Block::Heading(es(app, "insp.doc.findings"))];
    if record.findings.is_empty() {
        blocks.push(Block::Paragraph(es(app, "insp.doc.no_findings")));
    } else {
        blocks.push(Block::Table {
            headers: vec![
                es(app, "insp.doc.col.number"),
                es(app, "insp.doc.col.matter"),
                es(app, "insp.doc.col.question"),
                es(app, "insp.doc.col.article"),
                es(app, "insp.doc.col.workers"),
                es(app, "insp.doc.col.note"),
            ],
            rows: record
                .findings
                .iter()
                .enumerate()
                .map(|(n, f)| {
                    vec![
                        (n + 1).to_string(),
                        label(app, "matter", f.matter.code()),
                        question_text(app, Lang::Es, &f.question_id),
                        f.article.clone(),
                        f.affected_workers.to_string(),
                        f.note.clone(),
                    ]
                })
                .collect(),
        });
    }
    if !inspection.measures.is_empty() {
        blocks.push(Block::Heading(es(app, "insp.doc.measures")));
        blocks.push(Block::Table {
            headers: vec![
                es(app, "insp.doc.col.number"),
                es(app, "insp.doc.col.measure"),
                es(app, "insp.doc.col.deadline"),
            ],
            rows: inspection
                .measures
                .iter()
                .map(|m| vec![m.number.to_string(), m.description.clone(), m.deadline.to_string()])
                .collect(),
        });
    }
    blocks.push(Block::Paragraph(es(app, "insp.doc.presumption")));
    blocks.push(Block::Heading(es(app, "insp.doc.participants")));
    blocks.push(Block::Signatures(
        record
            .participants
            .iter()
            .map(|p| Signature {
                name: p.name.clone(),
                role: label(app, "insp.participant", p.role.code()),
                status: match p.signature {
                    faro_core::inspection::Signature::Signed => SignatureStatus::Signed,
                    faro_core::inspection::Signature::Refused => SignatureStatus::Refused,
                    faro_core::inspection::Signature::Absent => SignatureStatus::Absent,
                },
            })
            .collect(),
    ));
    Ok(Some(Document {
        lang: faro_docs::Lang::Es,
        authority: authority(app, inspection.jurisdiction),
        title: es(app, "insp.doc.acta_title"),
        folio: record.folio.clone(),
        issued_at: record.closed_at,
        verify_url: format!("/verify?code={code}"),
        verification_code: code,
        blocks,
    }))
}

pub fn doc_error(e: faro_docs::DocError) -> StoreError {
    let mut d = DomainError::new(e.code(), e.to_string());
    for (k, v) in e.params() {
        d = d.with(k, v);
    }
    StoreError::Domain(d)
}

/// The documents a change issues: the acta when the record closes (the store's `DocumentMaker`).
pub fn documents(
    app: &AppState,
    summary: &InspectionSummary,
    inspection: &Inspection,
    events: &[Event],
) -> Result<Vec<NewDocument>, StoreError> {
    if !events.iter().any(|e| matches!(e, Event::RecordClosed { .. })) {
        return Ok(Vec::new());
    }
    let Some(doc) = document(app, summary, inspection)? else {
        return Ok(Vec::new());
    };
    let pdf = faro_docs::render_pdf(&doc).map_err(doc_error)?;
    Ok(vec![NewDocument {
        code: doc.verification_code.clone(),
        kind: KIND.to_string(),
        folio: doc.folio.clone(),
        title: doc.title.clone(),
        sha256: faro_docs::sha256_hex(&pdf),
        summary: summary_json(&doc, inspection),
        pdf,
    }])
}

/// What /verify shows of a record: no personal data.
pub fn summary_json(doc: &Document, inspection: &Inspection) -> serde_json::Value {
    json!({
        "kind": KIND,
        "folio": doc.folio,
        "issued_at": doc.issued_at.to_rfc3339(),
        "jurisdiction": inspection.jurisdiction.code(),
        "matters": inspection.matters.iter().map(|m| m.code()).collect::<Vec<_>>(),
        "findings": inspection.findings().len(),
    })
}

/// A PDF response, shown in the browser, saved as `folio.pdf`.
pub fn pdf_response(folio: &str, pdf: Vec<u8>) -> Response {
    let name: String = folio
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() || c == '-' { c } else { '_' })
        .collect();
    (
        StatusCode::OK,
        [
            (header::CONTENT_TYPE, "application/pdf".to_string()),
            (header::CONTENT_DISPOSITION, format!("inline; filename=\"{name}.pdf\"")),
        ],
        pdf,
    )
        .into_response()
}

/// GET /documents/{code}.pdf: the stored PDF of an inspection's document, for staff who may see
/// the inspection.
pub async fn download(State(app): State<AppState>, ctx: Ctx, Path(file): Path<String>) -> Result<Response, WebError> {
    ctx.require(Action::ViewInspections, Resource::Collection)?;
    let code = file
        .strip_suffix(".pdf")
        .and_then(faro_docs::normalize_code)
        .ok_or_else(WebError::not_found)?;
    let store = app.store.clone();
    let c2 = code.clone();
    let record = blocking(move || store.document(&c2))
        .await?
        .ok_or_else(WebError::not_found)?;
    let inspection_id = record
        .subject
        .strip_prefix("inspection/")
        .ok_or_else(WebError::not_found)?
        .to_string();
    access::inspection(&app, &ctx, &inspection_id, Action::ViewInspections).await?;
    let store = app.store.clone();
    let pdf = blocking(move || store.document_pdf(&code))
        .await?
        .ok_or_else(WebError::not_found)?;
    Ok(pdf_response(&record.folio, pdf))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn canonical_json_sorts_keys_at_every_level() {
        let a = json!({"b": 1, "a": {"d": [1, {"z": true, "y": null}], "c": "x"}});
        assert_eq!(
            canonical_json(&a),
            r#"{"a":{"c":"x","d":[1,{"y":null,"z":true}]},"b":1}"#
        );
        let text = r#"{"a":{"d":[1,{"y":null,"z":true}],"c":"x"},"b":1}"#;
        let b: Value = serde_json::from_str(text).unwrap();
        assert_eq!(canonical_json(&a), canonical_json(&b));
        assert_eq!(canonical_json(&json!("ñ \"q\"")), r#""ñ \"q\"""#);
    }
}
