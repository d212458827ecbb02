//! `/data`: open data of the published results (CSV and JSON, streamed page by page) and their
//! dictionary in Spanish and English.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use axum::Json;
use chrono::Utc;
use faro_core::policy::{Action, Resource};
use faro_store::public::{Page, PublicFilter, PublicFinding, PublicInspection, PublicSanction, PublishRule};
use minijinja::{context, Value};
use serde::Serialize;

use super::api::{PublicFindingItem, PublicInspectionItem};
use super::dictionary::{self, described, Dataset, DatasetDoc, Described};
use super::export::{self, pump, PAGE_ROWS};
use super::{csv, format, publish_rule, view};
use crate::ctx::Ctx;
use crate::error::WebError;
use crate::i18n::Lang;
use crate::AppState;

#[derive(Serialize)]
struct DictionaryDoc {
    title: Described,
    publication: Described,
    privacy: Described,
    /// The publication rule in force: "final" or "notified".
    publish_when: PublishRule,
    types: Vec<(&'static str, Described)>,
    datasets: Vec<DatasetDoc>,
}

const TYPES: [dictionary::Kind; 8] = [
    dictionary::Kind::Integer,
    dictionary::Kind::Text,
    dictionary::Kind::Code,
    dictionary::Kind::Date,
    dictionary::Kind::Pesos,
    dictionary::Kind::Centavos,
    dictionary::Kind::List,
    dictionary::Kind::CodeList,
];

fn dictionary_doc(app: &AppState, rule: PublishRule) -> DictionaryDoc {
    DictionaryDoc {
        title: described(app, "data.title"),
        publication: described(app, &format!("data.publication.{}", rule_code(rule))),
        privacy: described(app, "data.privacy"),
        publish_when: rule,
        types: TYPES
            .iter()
            .map(|k| (k.code(), described(app, &format!("data.type.{}", k.code()))))
            .collect(),
        datasets: dictionary::dataset_docs(app, &dictionary::DATASETS, "/data/", "data"),
    }
}

fn rule_code(rule: PublishRule) -> &'static str {
    match rule {
        PublishRule::Final => "final",
        PublishRule::Notified => "notified",
    }
}

/// The data page: the files and their dictionary.
pub async fn page(State(app): State<AppState>, ctx: Ctx) -> Result<Response, WebError> {
    ctx.require(Action::ViewPublic, Resource::Collection)?;
    let rule = publish_rule(&app, Utc::now().date_naive())?;
    let doc = dictionary_doc(&app, rule);
    let lang = ctx.lang;
    let types: Vec<Value> = doc
        .types
        .iter()
        .map(|(code, d)| context! { code => *code, es => d.es.clone(), en => d.en.clone() })
        .collect();
    let r = &app.renderer;
    let ctxv = context! {
        ..r.base_context(&ctx, "data", "/data"),
        ..context! {
            publication => match lang { Lang::Es => doc.publication.es.clone(), Lang::En => doc.publication.en.clone() },
            datasets => Value::from_serialize(&doc.datasets), types => types,
        }
    };
    view::page(StatusCode::OK, "pub_data.html", ctxv)
}

/// The dictionary as JSON.
pub async fn dictionary_json(State(app): State<AppState>, ctx: Ctx) -> Result<Json<serde_json::Value>, WebError> {
    ctx.require(Action::ViewPublic, Resource::Collection)?;
    let rule = publish_rule(&app, Utc::now().date_naive())?;
    Ok(Json(serde_json::to_value(dictionary_doc(&app, rule)).map_err(|e| {
        tracing::error!("dictionary: {e}");
        WebError::internal()
    })?))
}

fn header(d: &Dataset) -> Vec<u8> {
    let mut out = Vec::new();
    csv::record(&d.header(), &mut out);
    out
}

fn opt_pesos(c: Option<i64>) -> String {
    c.map(format::pesos_decimal).unwrap_or_default()
}

/// A line of inspections.csv, in the order of [`dictionary::INSPECTIONS_CSV`].
fn inspection_fields(i: &PublicInspectionItem) -> Vec<String> {
    vec![
        i.inspection_id.to_string(),
        i.workplace_id.to_string(),
        csv::text(&i.workplace_name),
        i.employer_id.to_string(),
        csv::text(&i.employer_name),
        csv::plain(&i.employer_kind),
        csv::plain(&i.state),
        csv::plain(&i.municipality),
        csv::plain(&i.scian_class),
        csv::plain(&i.sector),
        csv::plain(&i.kind),
        csv::plain(&i.matters.join(";")),
        csv::plain(&i.visit_date),
        csv::plain(i.closed_on.as_deref().unwrap_or("")),
        csv::plain(&i.result),
        i.findings.to_string(),
        i.sanction_id.map(|v| v.to_string()).unwrap_or_default(),
        csv::plain(i.sanction_status.as_deref().unwrap_or("")),
        opt_pesos(i.fines_imposed_centavos),
        opt_pesos(i.fines_paid_centavos),
    ]
}

/// A line of findings.csv, in the order of [`dictionary::FINDINGS_CSV`].
fn finding_fields(f: &PublicFindingItem) -> Vec<String> {
    vec![
        f.inspection_id.to_string(),
        f.workplace_id.to_string(),
        csv::plain(&f.record_date),
        csv::plain(&f.matter),
        csv::plain(&f.question_id),
        csv::plain(&f.violation),
        csv::text(&f.violation_title_es),
        csv::text(&f.violation_title_en),
        csv::text(&f.article),
        f.affected_workers.to_string(),
    ]
}

/// A line of sanctions.csv, in the order of [`dictionary::SANCTIONS_CSV`].
fn sanction_fields(s: &super::api::PublicSanctionItem) -> Vec<String> {
    vec![
        s.sanction_id.to_string(),
        s.inspection_id.to_string(),
        s.workplace_id.to_string(),
        csv::text(&s.workplace_name),
        s.employer_id.to_string(),
        csv::text(&s.employer_name),
        csv::plain(&s.employer_kind),
        csv::plain(&s.state),
        csv::plain(&s.sector),
        csv::plain(&s.status),
        csv::plain(&s.opened_on),
        csv::plain(s.resolved_on.as_deref().unwrap_or("")),
        csv::plain(s.final_on.as_deref().unwrap_or("")),
        format::pesos_decimal(s.fines_imposed_centavos),
        format::pesos_decimal(s.fines_paid_centavos),
    ]
}

fn inspection_pages(
    app: &AppState,
    rule: PublishRule,
) -> impl FnMut(Option<i64>) -> Result<(Vec<PublicInspection>, Option<i64>), faro_store::StoreError> {
    let store = app.store.clone();
    move |after| {
        let Page { items, next_after } = store.public_inspections(
            rule,
            &PublicFilter {
                after,
                limit: PAGE_ROWS,
                ..PublicFilter::default()
            },
        )?;
        Ok((items, next_after))
    }
}

async fn start(app: &AppState, ctx: &Ctx) -> Result<PublishRule, WebError> {
    ctx.require(Action::ViewPublic, Resource::Collection)?;
    publish_rule(app, Utc::now().date_naive())
}

pub async fn inspections_csv(State(app): State<AppState>, ctx: Ctx) -> Result<Response, WebError> {
    let rule = start(&app, &ctx).await?;
    let d = dictionary::INSPECTIONS_CSV;
    Ok(export::streamed(d.media_type, d.file, move |sink| {
        if !sink.send(header(&d)) {
            return Ok(());
        }
        pump(
            inspection_pages(&app, rule),
            |i, out| csv::record(&inspection_fields(&PublicInspectionItem::new(&app, i)), out),
            |b| sink.send(b),
        )
        .map(|_| ())
    }))
}

pub async fn inspections_json(State(app): State<AppState>, ctx: Ctx) -> Result<Response, WebError> {
    let rule = start(&app, &ctx).await?;
    let d = dictionary::INSPECTIONS_JSON;
    Ok(export::streamed(d.media_type, d.file, move |sink| {
        if !sink.send(b"[".to_vec()) {
            return Ok(());
        }
        let mut first = true;
        pump(
            inspection_pages(&app, rule),
            |i, out| {
                if !first {
                    out.push(b',');
                }
                first = false;
                out.push(b'\n');
                if let Err(e) = serde_json::to_writer(&mut *out, &PublicInspectionItem::new(&app, i)) {
                    tracing::error!("inspections.json: {e}");
                }
            },
            |b| sink.send(b),
        )?;
        sink.send(b"\n]\n".to_vec());
        Ok(())
    }))
}

pub async fn findings_csv(State(app): State<AppState>, ctx: Ctx) -> Result<Response, WebError> {
    let rule = start(&app, &ctx).await?;
    let d = dictionary::FINDINGS_CSV;
    Ok(export::streamed(d.media_type, d.file, move |sink| {
        if !sink.send(header(&d)) {
            return Ok(());
        }
        let store = app.store.clone();
        pump(
            |after: Option<(i64, String)>| {
                let items: Vec<PublicFinding> = store.public_findings(rule, after, PAGE_ROWS)?;
                let next = (items.len() == PAGE_ROWS as usize)
                    .then(|| items.last().map(|f| (f.inspection_id, f.question_id.clone())))
                    .flatten();
                Ok((items, next))
            },
            |f, out| csv::record(&finding_fields(&PublicFindingItem::new(&app, f)), out),
            |b| sink.send(b),
        )
        .map(|_| ())
    }))
}

pub async fn sanctions_csv(State(app): State<AppState>, ctx: Ctx) -> Result<Response, WebError> {
    let rule = start(&app, &ctx).await?;
    let d = dictionary::SANCTIONS_CSV;
    Ok(export::streamed(d.media_type, d.file, move |sink| {
        if !sink.send(header(&d)) {
            return Ok(());
        }
        let store = app.store.clone();
        pump(
            |after: Option<i64>| {
                let items: Vec<PublicSanction> = store.public_sanctions(rule, after, PAGE_ROWS)?;
                let next = (items.len() == PAGE_ROWS as usize)
                    .then(|| items.last().map(|s| s.id))
                    .flatten();
                Ok((items, next))
            },
            |s, out| csv::record(&sanction_fields(&super::api::PublicSanctionItem::new(&app, s)), out),
            |b| sink.send(b),
        )
        .map(|_| ())
    }))
}

#[cfg(test)]
mod tests {
    use super::super::api::PublicSanctionItem;
    use super::*;

    #[test]
    fn every_line_has_the_fields_of_its_header() {
        let i = PublicInspectionItem {
            inspection_id: 1,
            workplace_id: 2,
            workplace_name: "Sol, \"Centro\"".into(),
            employer_id: 3,
            employer_name: "Persona física".into(),
            employer_kind: "individual".into(),
            state: "09".into(),
            municipality: "09015".into(),
            scian_class: "311812".into(),
            sector: "31".into(),
            kind: "extraordinary".into(),
            matters: vec!["training".into(), "safety_health".into()],
            visit_date: "2026-03-02".into(),
            closed_on: None,
            result: "closed".into(),
            findings: 0,
            sanction_id: None,
            sanction_status: None,
            fines_imposed_centavos: Some(123_456),
            fines_paid_centavos: None,
        };
        let fields = inspection_fields(&i);
        assert_eq!(fields.len(), dictionary::INSPECTIONS_CSV.fields.len());
        assert_eq!(fields[2], "\"Sol, \"\"Centro\"\"\"");
        assert_eq!(fields[11], "training;safety_health");
        assert_eq!(fields[18], "1234.56");
        assert_eq!(fields[19], "");
        // The JSON record has exactly the dictionary's fields too.
        let json = serde_json::to_value(&i).unwrap();
        let keys: Vec<&str> = json.as_object().unwrap().keys().map(String::as_str).collect();
        let mut want: Vec<&str> = dictionary::INSPECTIONS_JSON.fields.iter().map(|f| f.name).collect();
        let mut got = keys.clone();
        want.sort_unstable();
        got.sort_unstable();
        assert_eq!(got, want);

        let f = PublicFindingItem {
            inspection_id: 1,
            workplace_id: 2,
            record_date: "2026-03-02".into(),
            matter: "training".into(),
            question_id: "tr.x".into(),
            violation: "lft-994-iv".into(),
            violation_title_es: "a".into(),
            violation_title_en: "b".into(),
            article: "LFT 132-XV".into(),
            affected_workers: 2,
        };
        assert_eq!(finding_fields(&f).len(), dictionary::FINDINGS_CSV.fields.len());
        let s = PublicSanctionItem {
            sanction_id: 1,
            inspection_id: 2,
            workplace_id: 3,
            workplace_name: "=cmd".into(),
            employer_id: 4,
            employer_name: "X".into(),
            employer_kind: "legal_entity".into(),
            state: "14".into(),
            sector: "23".into(),
            status: "final".into(),
            opened_on: "2026-03-02".into(),
            resolved_on: None,
            final_on: None,
            fines_imposed_centavos: 10,
            fines_paid_centavos: 0,
        };
        let fields = sanction_fields(&s);
        assert_eq!(fields.len(), dictionary::SANCTIONS_CSV.fields.len());
        assert_eq!(fields[3], "'=cmd");
    }
}
