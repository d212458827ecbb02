//! The sanction resolution: the steps of each fine's calculation told in the reader's language
//! (from the figures `faro_core::fine::calculate` recorded, not from its English text), and the
//! resolution as a PDF, rendered on request from the resolution as it was issued (the
//! `sanction.resolved` event in the log), so the same resolution always gives the same bytes.

use axum::extract::{Path, State};
use axum::response::Response;
use chrono::{DateTime, Utc};
use faro_core::fine::FineCalculation;
use faro_core::policy::Action;
use faro_core::rules::Confidence;
use faro_core::sanction::{self, Fine, Sanction};
use faro_core::Jurisdiction;
use faro_docs::{Block, Document};
use faro_store::inspections::InspectionSummary;
use serde_json::json;

use super::access;
use super::acta::{canonical_json, pdf_response};
use super::case::question_text;
use super::parse;
use crate::ctx::Ctx;
use crate::error::WebError;
use crate::i18n::{I18n, Lang};
use crate::pages::blocking;
use crate::AppState;

fn yes_no(i: &I18n, lang: Lang, b: bool) -> String {
    i.text(lang, if b { "common.yes" } else { "common.no" }, &[])
}

/// The calculation of one fine, step by step, in `lang`.
pub fn steps(i: &I18n, lang: Lang, c: &FineCalculation) -> Vec<String> {
    let mut out = vec![i.text(
        lang,
        "sanc.step.rule",
        &[
            ("violation", c.rule.id.clone()),
            ("article", c.rule.article.clone()),
            ("date", c.violation_date.to_string()),
            ("from", c.rule.in_force_from.to_string()),
            ("min", c.rule.min_uma.to_string()),
            ("max", c.rule.max_uma.to_string()),
        ],
    )];
    if c.rule.confidence != Confidence::Primary {
        out.push(i.text(
            lang,
            "sanc.step.confidence",
            &[("tag", c.rule.confidence.tag().to_string())],
        ));
    }
    out.push(i.text(
        lang,
        "sanc.step.uma",
        &[("uma", c.uma_daily.to_string()), ("from", c.uma_valid_from.to_string())],
    ));
    out.push(i.text(
        lang,
        "sanc.step.individualized",
        &[
            ("intent", yes_no(i, lang, c.criteria.intent)),
            (
                "seriousness",
                i.text(
                    lang,
                    &format!("sanc.seriousness.{}", parse::seriousness_code(c.criteria.seriousness)),
                    &[],
                ),
            ),
            (
                "harm",
                i.text(lang, &format!("sanc.harm.{}", parse::harm_code(c.criteria.harm)), &[]),
            ),
            (
                "capacity",
                i.text(
                    lang,
                    &format!("sanc.capacity.{}", parse::capacity_code(c.criteria.capacity)),
                    &[],
                ),
            ),
            ("uma", c.individualized_uma.to_string()),
        ],
    ));
    match &c.recidivism {
        Some(r) => {
            out.push(i.text(
                lang,
                "sanc.step.repeat",
                &[
                    ("date", r.earlier_acta_date.to_string()),
                    ("until", r.window_end.to_string()),
                    ("factor", r.factor.to_string()),
                    ("earlier", r.earlier_per_worker_uma.to_string()),
                    ("uma", c.per_worker_uma.to_string()),
                ],
            ));
            if c.per_worker_uma > c.rule.max_uma {
                out.push(i.text(lang, "sanc.step.above_max", &[("max", c.rule.max_uma.to_string())]));
            }
        }
        None => out.push(i.text(lang, "sanc.step.no_repeat", &[])),
    }
    out.push(i.text(
        lang,
        "sanc.step.per_worker",
        &[
            ("uma", c.per_worker_uma.to_string()),
            ("daily", c.uma_daily.to_string()),
            ("amount", c.per_worker_amount.to_string()),
        ],
    ));
    out.push(i.text(
        lang,
        "sanc.step.total",
        &[
            ("workers", c.workers.to_string()),
            ("amount", c.per_worker_amount.to_string()),
            ("total", c.total.to_string()),
        ],
    ));
    if c.rule.criminal {
        out.push(i.text(lang, "sanc.step.criminal", &[("article", c.rule.article.clone())]));
    }
    out
}

/// The resolution as issued: its folio, fines and time, from the `sanction.resolved` event.
pub struct Issued {
    pub folio: String,
    pub fines: Vec<Fine>,
    pub at: DateTime<Utc>,
}

/// Reads the resolution as issued from the log (`None` before it is resolved, or when absolved
/// with no fine: then the state's folio and time are used).
fn issued(app: &AppState, id: i64, s: &Sanction) -> Result<Option<Issued>, faro_store::StoreError> {
    let history = app.store.history(&format!("sanction/{id}"), &[])?;
    if let Some(e) = history.iter().find(|e| e.kind == "sanction.resolved") {
        if let Some(rec) = app.store.event(e.seq)? {
            if let Ok(sanction::Event::Resolved { folio, fines, at }) = serde_json::from_str(&rec.payload) {
                return Ok(Some(Issued { folio, fines, at }));
            }
        }
    }
    Ok(match (s.status, s.resolved_at) {
        (sanction::Status::Absolved, Some(at)) => Some(Issued {
            folio: s.resolution_folio.clone(),
            fines: Vec::new(),
            at,
        }),
        _ => None,
    })
}

fn es(i: &I18n, key: &str) -> String {
    i.text(Lang::Es, key, &[])
}

/// The resolution document (Spanish, the language of the proceedings).
pub fn document(app: &AppState, id: i64, s: &Sanction, summary: Option<&InspectionSummary>, r: &Issued) -> Document {
    let i = &app.renderer.i18n;
    let fingerprint = canonical_json(&json!({
        "sanction": id,
        "inspection": s.inspection_id,
        "folio": r.folio,
        "at": r.at.to_rfc3339(),
        "fines": r.fines.iter().map(|f| json!({
            "number": f.number, "question": f.question_id, "violation": f.violation, "article": f.article,
            "workers": f.workers, "per_worker_uma": f.per_worker_uma, "amount": f.amount.centavos(),
        })).collect::<Vec<_>>(),
    }));
    let code = faro_docs::verification_code(fingerprint.as_bytes());
    let dash = "—".to_string();
    let mut blocks = vec![Block::Fields(vec![
        (
            es(i, "insp.doc.employer"),
            summary.map(|x| x.employer_name.clone()).unwrap_or_else(|| dash.clone()),
        ),
        (
            es(i, "insp.doc.rfc"),
            summary
                .and_then(|x| x.employer_rfc.clone())
                .unwrap_or_else(|| dash.clone()),
        ),
        (
            es(i, "insp.doc.workplace"),
            summary
                .map(|x| x.workplace_name.clone())
                .unwrap_or_else(|| dash.clone()),
        ),
        (
            es(i, "insp.doc.order"),
            summary
                .and_then(|x| x.order_number.clone())
                .unwrap_or_else(|| dash.clone()),
        ),
        (es(i, "sanc.doc.acta_date"), s.acta_date.to_string()),
    ])];
    blocks.push(Block::Heading(es(i, "sanc.doc.findings")));
    blocks.push(Block::Table {
        headers: vec![
            es(i, "insp.doc.col.question"),
            es(i, "insp.doc.col.article"),
            es(i, "insp.doc.col.workers"),
        ],
        rows: s
            .findings
            .iter()
            .map(|f| {
                vec![
                    question_text(app, Lang::Es, &f.question_id),
                    f.article.clone(),
                    f.affected_workers.to_string(),
                ]
            })
            .collect(),
    });
    blocks.push(Block::Paragraph(es(i, "sanc.doc.hearing")));
    blocks.push(Block::Heading(es(i, "sanc.doc.resolves")));
    if r.fines.is_empty() {
        blocks.push(Block::Paragraph(es(i, "sanc.doc.absolved")));
    } else {
        blocks.push(Block::Table {
            headers: vec![
                es(i, "insp.doc.col.number"),
                es(i, "insp.doc.col.article"),
                es(i, "insp.doc.col.workers"),
                es(i, "sanc.doc.col.uma"),
                es(i, "sanc.doc.col.amount"),
            ],
            rows: r
                .fines
                .iter()
                .map(|f| {
                    vec![
                        f.number.to_string(),
                        f.article.clone(),
                        f.workers.to_string(),
                        f.per_worker_uma.to_string(),
                        f.amount.to_string(),
                    ]
                })
                .collect(),
        });
        let total: faro_core::catalog::Money = r.fines.iter().map(|f| f.amount).sum();
        blocks.push(Block::Paragraph(i.text(
            Lang::Es,
            "sanc.doc.total",
            &[("total", total.to_string())],
        )));
        for f in &r.fines {
            blocks.push(Block::Heading(i.text(
                Lang::Es,
                "sanc.doc.fine",
                &[("number", f.number.to_string())],
            )));
            blocks.push(Block::Paragraph(steps(i, Lang::Es, &f.calculation).join("\n")));
            blocks.push(Block::Paragraph(i.text(
                Lang::Es,
                "sanc.doc.justification",
                &[("text", f.decision.justification.clone())],
            )));
        }
    }
    let authority = match s.jurisdiction {
        Jurisdiction::Federal => es(i, "insp.doc.authority.federal"),
        Jurisdiction::State(st) => i.text(
            Lang::Es,
            "insp.doc.authority.state",
            &[(
                "state",
                app.catalogs
                    .state(st)
                    .map(|x| x.name.clone())
                    .unwrap_or_else(|| st.as_str()),
            )],
        ),
    };
    Document {
        lang: faro_docs::Lang::Es,
        authority,
        title: es(i, "sanc.doc.title"),
        folio: r.folio.clone(),
        issued_at: r.at,
        verify_url: format!("/verify?code={code}"),
        verification_code: code,
        blocks,
    }
}

/// The document maker of sanction commands: when a command resolves the case (with fines or
/// absolving), the resolution's PDF is stored with its verification code in the same transaction,
/// so /verify finds it.
pub fn documents(
    app: &AppState,
    id: i64,
    s: &Sanction,
    events: &[sanction::Event],
    summary: Option<&InspectionSummary>,
) -> Result<Vec<faro_store::cases::NewDocument>, faro_store::StoreError> {
    let issued = events.iter().find_map(|e| match e {
        sanction::Event::Resolved { folio, fines, at } => Some(Issued {
            folio: folio.clone(),
            fines: fines.clone(),
            at: *at,
        }),
        sanction::Event::Absolved { folio, at } => Some(Issued {
            folio: folio.clone(),
            fines: Vec::new(),
            at: *at,
        }),
        _ => None,
    });
    let Some(issued) = issued else { return Ok(Vec::new()) };
    let doc = document(app, id, s, summary, &issued);
    let pdf = faro_docs::render_pdf(&doc)
        .map_err(|e| faro_store::StoreError::Config(format!("the resolution PDF could not be rendered: {e}")))?;
    let total: i64 = issued.fines.iter().map(|f| f.amount.centavos()).sum();
    Ok(vec![faro_store::cases::NewDocument {
        code: doc.verification_code.clone(),
        kind: "resolution".into(),
        folio: doc.folio.clone(),
        title: doc.title.clone(),
        sha256: faro_docs::sha256_hex(&pdf),
        summary: json!({
            "jurisdiction": s.jurisdiction.code(),
            "fines": issued.fines.len(),
            "total_centavos": total,
            "violations": issued.fines.iter().map(|f| f.article.clone()).collect::<Vec<_>>(),
        }),
        pdf,
    }])
}

/// GET /sanctions/{id}/resolution.pdf
pub async fn pdf(State(app): State<AppState>, ctx: Ctx, Path(raw): Path<String>) -> Result<Response, WebError> {
    let (id, s) = access::sanction(&app, &ctx, &raw, Action::ViewSanctions).await?;
    // The PDF stored when the case was resolved, byte for byte (its hash is what /verify checks).
    let a = app.clone();
    let stored = blocking(move || {
        let docs = a.store.documents_of(&format!("sanction/{id}"))?;
        match docs.iter().rev().find(|d| d.kind == "resolution") {
            Some(d) => Ok(a.store.document_pdf(&d.code)?.map(|pdf| (d.folio.clone(), pdf))),
            None => Ok(None),
        }
    })
    .await?;
    if let Some((folio, bytes)) = stored {
        return Ok(pdf_response(&folio, bytes));
    }
    let a = app.clone();
    let s2 = s.clone();
    let (issued, summary) = blocking(move || {
        let issued = issued(&a, id, &s2)?;
        let summary = a.store.inspection(s2.inspection_id)?.map(|(x, _)| x);
        Ok((issued, summary))
    })
    .await?;
    let issued = issued.ok_or_else(WebError::not_found)?;
    let doc = document(&app, id, &s, summary.as_ref(), &issued);
    let bytes = faro_docs::render_pdf(&doc).map_err(|e| {
        tracing::error!("resolution {id}: {e}");
        WebError::internal()
    })?;
    Ok(pdf_response(&doc.folio, bytes))
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;
    use faro_core::catalog::Catalogs;
    use faro_core::fine::{self, Capacity, Criteria, Harm, Seriousness};
    use faro_core::rules::Rules;

    fn calculation(prior: Vec<fine::PriorFine>) -> FineCalculation {
        fine::calculate(
            Rules::official().unwrap(),
            &Catalogs::embedded().unwrap(),
            &fine::FineInput {
                violation: "lft-1002".into(),
                violation_date: NaiveDate::from_ymd_opt(2026, 3, 2).unwrap(),
                affected_workers: 2,
                per_worker_uma: 100,
                criteria: Criteria {
                    intent: true,
                    seriousness: Seriousness::High,
                    harm: Harm::Potential,
                    capacity: Capacity::Low,
                    justification: "x".into(),
                },
                prior,
            },
        )
        .unwrap()
    }

    /// LFT 1002: 50 to 5,000 UMA; 100 UMA x $117.31 (UMA 2026) = $11,731.00 per worker; two
    /// workers: $23,462.00.
    #[test]
    fn steps_by_hand_in_both_languages() {
        let i = I18n::embedded().unwrap();
        let es = steps(&i, Lang::Es, &calculation(vec![]));
        assert_eq!(
            es[0],
            "Infracción lft-1002 (LFT 1002), cometida el 2026-03-02: la versión vigente desde el 2016-01-28 fija de 50 a 5000 UMA por persona trabajadora afectada."
        );
        assert!(es
            .iter()
            .any(|s| s == "UMA a la fecha de la infracción (LFT 992): $117.31 diarios, vigente desde el 2026-02-01."));
        assert!(es
            .iter()
            .any(|s| s.contains("intencionalidad Sí, gravedad Alta, daño Posible, capacidad económica Baja")));
        assert!(es
            .iter()
            .any(|s| s == "Por persona trabajadora: 100 UMA × $117.31 = $11,731.00."));
        assert!(es
            .iter()
            .any(|s| s == "Una multa por cada persona trabajadora afectada (LFT 992): 2 × $11,731.00 = $23,462.00."));
        assert!(es.iter().any(|s| s.starts_with("Sin reincidencia")));
        let en = steps(&i, Lang::En, &calculation(vec![]));
        assert_eq!(en.len(), es.len());
        assert!(en.iter().any(|s| s == "Per worker: 100 UMA × $117.31 = $11,731.00."));
    }

    /// An earlier acta of 2025-06-01 fined 3,000 UMA: doubled to 6,000, above the maximum.
    #[test]
    fn repeat_offence_steps() {
        let prior = vec![fine::PriorFine {
            acta_date: NaiveDate::from_ymd_opt(2025, 6, 1).unwrap(),
            per_worker_uma: 3000,
            overturned: false,
        }];
        let i = I18n::embedded().unwrap();
        let es = steps(&i, Lang::Es, &calculation(prior));
        assert!(es.iter().any(
            |s| s.starts_with("Reincidencia (LFT 992 V): el acta anterior del 2025-06-01")
                && s.ends_with("6000 UMA por persona.")
        ));
        assert!(es.iter().any(|s| s.contains("excede el máximo del rango (5000 UMA)")));
        assert!(es
            .iter()
            .any(|s| s == "Por persona trabajadora: 6000 UMA × $117.31 = $703,860.00."));
    }
}
