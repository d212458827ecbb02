//! `/union-registry/data`: the registry's open data (unions, agreements, revisions, votes; CSV
//! and JSON), streamed page by page so a national registry never sits in memory, and its
//! dictionary in Spanish and English.
//!
//! Each line is written from the record's JSON form in the order of the dictionary's fields, so
//! a file cannot drift from its dictionary.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use axum::Json;
use faro_core::policy::{Action, Resource};
use faro_store::unions::{AgreementFilter, UnionFilter};
use minijinja::{context, Value};
use serde::Serialize;

use super::dictionary::{self, DATASETS, KINDS};
use super::items::{AgreementItem, RevisionItem, UnionItem, VoteItem};
use super::view;
use crate::ctx::Ctx;
use crate::error::WebError;
use crate::public_pages::csv;
use crate::public_pages::dictionary::{dataset_docs, described, Dataset, DatasetDoc, Described, Kind};
use crate::public_pages::export::{self, pump, PAGE_ROWS};
use crate::AppState;

/// Rows per page for the reads that page by id (the store's own bound).
const ID_PAGE: u32 = 500;

#[derive(Serialize)]
struct TypeDoc {
    code: &'static str,
    description: Described,
}

#[derive(Serialize)]
struct DictionaryDoc {
    title: Described,
    privacy: Described,
    types: Vec<TypeDoc>,
    datasets: Vec<DatasetDoc>,
}

fn dictionary_doc(app: &AppState) -> DictionaryDoc {
    DictionaryDoc {
        title: described(app, "upub.data.title"),
        privacy: described(app, "upub.data.privacy"),
        types: KINDS
            .iter()
            .map(|k| TypeDoc {
                code: k.code(),
                description: described(app, &format!("data.type.{}", k.code())),
            })
            .collect(),
        datasets: dataset_docs(app, &DATASETS, "/union-registry/data/", "upub"),
    }
}

/// The data page: the files and their dictionary.
pub async fn page(State(app): State<AppState>, ctx: Ctx) -> Result<Response, WebError> {
    ctx.require(Action::ViewPublic, Resource::Collection)?;
    let doc = dictionary_doc(&app);
    let r = &app.renderer;
    let v = context! {
        ..r.base_context(&ctx, "union_registry", "/union-registry/data"),
        ..context! {
            datasets => Value::from_serialize(&doc.datasets),
            types => Value::from_serialize(&doc.types),
        }
    };
    view::page(StatusCode::OK, "ureg_data.html", v)
}

/// The dictionary as JSON.
pub async fn dictionary_json(State(app): State<AppState>, ctx: Ctx) -> Result<Json<serde_json::Value>, WebError> {
    ctx.require(Action::ViewPublic, Resource::Collection)?;
    serde_json::to_value(dictionary_doc(&app)).map(Json).map_err(|e| {
        tracing::error!("union registry dictionary: {e}");
        WebError::internal()
    })
}

fn header(d: &Dataset) -> Vec<u8> {
    let mut out = Vec::new();
    csv::record(&d.header(), &mut out);
    out
}

/// One CSV line of `item` in the order of `d`'s fields: free text neutralized, null empty.
pub fn csv_fields<T: Serialize>(d: &Dataset, item: &T) -> Vec<String> {
    let json = serde_json::to_value(item).unwrap_or(serde_json::Value::Null);
    d.fields
        .iter()
        .map(|f| match json.get(f.name) {
            None | Some(serde_json::Value::Null) => String::new(),
            Some(serde_json::Value::String(s)) if f.kind == Kind::Text => csv::text(s),
            Some(serde_json::Value::String(s)) => csv::plain(s),
            Some(other) => csv::plain(&other.to_string()),
        })
        .collect()
}

fn csv_line<T: Serialize>(d: &Dataset, item: &T, out: &mut Vec<u8>) {
    csv::record(&csv_fields(d, item), out);
}

/// Writes `item` as the next element of a JSON array (`first` says whether it opens it).
fn json_element<T: Serialize>(first: &mut bool, item: &T, out: &mut Vec<u8>) {
    if !*first {
        out.push(b',');
    }
    *first = false;
    out.push(b'\n');
    if let Err(e) = serde_json::to_writer(&mut *out, item) {
        tracing::error!("union registry export: {e}");
    }
}

fn union_pages(
    app: &AppState,
) -> impl FnMut(Option<i64>) -> Result<(Vec<UnionItem>, Option<i64>), faro_store::StoreError> {
    let store = app.store.clone();
    move |after| {
        let page = store.unions(&UnionFilter {
            limit: ID_PAGE,
            after,
            ..UnionFilter::default()
        })?;
        Ok((page.items.iter().map(UnionItem::new).collect(), page.next_after))
    }
}

fn agreement_pages(
    app: &AppState,
) -> impl FnMut(Option<i64>) -> Result<(Vec<AgreementItem>, Option<i64>), faro_store::StoreError> {
    let store = app.store.clone();
    move |after| {
        let page = store.agreements(&AgreementFilter {
            limit: ID_PAGE,
            after,
            ..AgreementFilter::default()
        })?;
        Ok((page.items.iter().map(AgreementItem::new).collect(), page.next_after))
    }
}

fn start(ctx: &Ctx) -> Result<(), WebError> {
    ctx.require(Action::ViewPublic, Resource::Collection)
}

/// A CSV file: its header, then every page of `fetch`.
fn csv_file<T: Serialize + 'static, C: Send + 'static>(
    d: Dataset,
    fetch: impl FnMut(Option<C>) -> Result<(Vec<T>, Option<C>), faro_store::StoreError> + Send + 'static,
) -> Response {
    export::streamed(d.media_type, d.file, move |sink| {
        if !sink.send(header(&d)) {
            return Ok(());
        }
        pump(fetch, |item, out| csv_line(&d, item, out), |b| sink.send(b)).map(|_| ())
    })
}

/// A JSON file: an array of every page of `fetch`.
fn json_file<T: Serialize + 'static, C: Send + 'static>(
    d: Dataset,
    fetch: impl FnMut(Option<C>) -> Result<(Vec<T>, Option<C>), faro_store::StoreError> + Send + 'static,
) -> Response {
    export::streamed(d.media_type, d.file, move |sink| {
        if !sink.send(b"[".to_vec()) {
            return Ok(());
        }
        let mut first = true;
        pump(fetch, |item, out| json_element(&mut first, item, out), |b| sink.send(b))?;
        sink.send(b"\n]\n".to_vec());
        Ok(())
    })
}

pub async fn unions_csv(State(app): State<AppState>, ctx: Ctx) -> Result<Response, WebError> {
    start(&ctx)?;
    Ok(csv_file(dictionary::UNIONS_CSV, union_pages(&app)))
}

pub async fn unions_json(State(app): State<AppState>, ctx: Ctx) -> Result<Response, WebError> {
    start(&ctx)?;
    Ok(json_file(dictionary::UNIONS_JSON, union_pages(&app)))
}

pub async fn agreements_csv(State(app): State<AppState>, ctx: Ctx) -> Result<Response, WebError> {
    start(&ctx)?;
    Ok(csv_file(dictionary::AGREEMENTS_CSV, agreement_pages(&app)))
}

pub async fn agreements_json(State(app): State<AppState>, ctx: Ctx) -> Result<Response, WebError> {
    start(&ctx)?;
    Ok(json_file(dictionary::AGREEMENTS_JSON, agreement_pages(&app)))
}

pub async fn revisions_csv(State(app): State<AppState>, ctx: Ctx) -> Result<Response, WebError> {
    start(&ctx)?;
    let store = app.store.clone();
    Ok(csv_file(dictionary::REVISIONS_CSV, move |after: Option<(i64, i64)>| {
        let rows = store.agreement_revisions_page(after, PAGE_ROWS)?;
        let next = (rows.len() == PAGE_ROWS as usize)
            .then(|| rows.last().map(|r| (r.agreement_id, r.revision.number)))
            .flatten();
        Ok((rows.iter().map(RevisionItem::new).collect::<Vec<_>>(), next))
    }))
}

pub async fn votes_csv(State(app): State<AppState>, ctx: Ctx) -> Result<Response, WebError> {
    start(&ctx)?;
    let store = app.store.clone();
    Ok(csv_file(dictionary::VOTES_CSV, move |after: Option<i64>| {
        let page = store.union_votes_page(after, PAGE_ROWS)?;
        Ok((
            page.items.iter().map(VoteItem::new).collect::<Vec<_>>(),
            page.next_after,
        ))
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys<T: Serialize>(item: &T) -> Vec<String> {
        let mut k: Vec<String> = serde_json::to_value(item)
            .unwrap()
            .as_object()
            .unwrap()
            .keys()
            .cloned()
            .collect();
        k.sort();
        k
    }

    fn names(d: &Dataset) -> Vec<String> {
        let mut n: Vec<String> = d.fields.iter().map(|f| f.name.to_string()).collect();
        n.sort();
        n
    }

    #[test]
    fn every_item_has_exactly_the_fields_of_its_dictionary() {
        let r = RevisionItem {
            agreement_id: 1,
            agreement_registration: None,
            revision_number: 2,
            revision_kind: "wage".into(),
            agreed_on: "2022-01-01".into(),
            effective_from: "2022-01-01".into(),
            deposited_on: "2022-01-02".into(),
            vote_id: Some(3),
            wage_increase_bp: Some(333),
        };
        assert_eq!(keys(&r), names(&dictionary::REVISIONS_CSV));
        let line = csv_fields(&dictionary::REVISIONS_CSV, &r);
        assert_eq!(
            line,
            [
                "1",
                "",
                "2",
                "wage",
                "2022-01-01",
                "2022-01-01",
                "2022-01-02",
                "3",
                "333"
            ]
        );
    }
}
