//! The index schema and the mapping between [`Document`]s and tantivy documents.

use chrono::{Datelike, NaiveDate};
use tantivy::schema::{
    Field, IndexRecordOption, NumericOptions, Schema, TextFieldIndexing, TextOptions, Value, FAST, STORED, STRING,
};
use tantivy::TantivyDocument;

use crate::analyzer::PAIRS_ANALYZER_NAME;
use crate::document::{record_key, Document, Kind};
use crate::error::{Result, SearchError};

/// Names of the fast string fields that get facet counts, in [`crate::Facets`] order.
pub(crate) const FACET_FIELDS: [&str; 5] = ["kind", "state", "sector", "status", "federation"];

/// Name of the day-number field used for date filters and date sort.
pub(crate) const DATE_FIELD: &str = "date";

/// Handles of every field of the schema.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Fields {
    /// `kind:id`, for upsert/delete.
    pub key: Field,
    pub kind: Field,
    pub id: Field,
    pub number: Field,
    /// Normalized registration numbers, agreement numbers and RFCs (exact match).
    pub identifiers: Field,
    /// Union, employer and federation names (analyzed: terms and word pairs).
    pub names: Field,
    /// State and municipality (analyzed), so "Monterrey" in free text matches.
    pub places: Field,
    /// Agreement text (analyzed, stored for snippets).
    pub text: Field,
    pub title: Field,
    pub union_id: Field,
    pub union_name: Field,
    pub federation: Field,
    pub employer_rfc: Field,
    pub state: Field,
    pub municipality: Field,
    pub sector: Field,
    pub status: Field,
    /// Days from the common era (registration or deposit date).
    pub date: Field,
    /// Members or covered workers.
    pub people: Field,
}

/// Builds the schema this crate writes and expects.
pub(crate) fn build_schema() -> (Schema, Fields) {
    let mut b = Schema::builder();
    // Terms plus word pairs, no positions: phrases are matched through the pairs.
    let analyzed = |stored: bool| {
        let indexing = TextFieldIndexing::default()
            .set_tokenizer(PAIRS_ANALYZER_NAME)
            .set_index_option(IndexRecordOption::WithFreqs);
        let options = TextOptions::default().set_indexing_options(indexing);
        if stored {
            options.set_stored()
        } else {
            options
        }
    };
    let stored_only = TextOptions::default().set_stored();
    let keyword = STRING | FAST | STORED;
    let fields = Fields {
        key: b.add_text_field("key", STRING),
        kind: b.add_text_field("kind", keyword.clone()),
        id: b.add_text_field("id", stored_only.clone()),
        number: b.add_text_field("number", stored_only.clone()),
        identifiers: b.add_text_field("identifiers", STRING),
        names: b.add_text_field("names", analyzed(false)),
        places: b.add_text_field("places", analyzed(false)),
        text: b.add_text_field("text", analyzed(true)),
        title: b.add_text_field("title", stored_only.clone()),
        union_id: b.add_text_field("union_id", STRING | STORED),
        union_name: b.add_text_field("union_name", stored_only.clone()),
        federation: b.add_text_field("federation", keyword.clone()),
        employer_rfc: b.add_text_field("employer_rfc", stored_only),
        state: b.add_text_field("state", keyword.clone()),
        municipality: b.add_text_field("municipality", STRING | STORED),
        sector: b.add_text_field("sector", keyword.clone()),
        status: b.add_text_field("status", keyword),
        date: b.add_i64_field(
            DATE_FIELD,
            NumericOptions::default().set_indexed().set_fast().set_stored(),
        ),
        people: b.add_u64_field("people", NumericOptions::default().set_stored()),
    };
    (b.build(), fields)
}

/// Normalizes an identifier (RFC, registration or agreement number) for exact matching:
/// uppercase letters and digits only (plus `&` and `Ñ`, which occur in RFCs).
pub fn normalize_identifier(raw: &str) -> String {
    raw.chars()
        .filter(|c| c.is_alphanumeric() || *c == '&')
        .flat_map(char::to_uppercase)
        .collect()
}

/// Day number stored for a date.
pub(crate) fn day_number(date: NaiveDate) -> i64 {
    i64::from(date.num_days_from_ce())
}

/// Inverse of [`day_number`].
pub(crate) fn date_from_day_number(days: i64) -> Option<NaiveDate> {
    i32::try_from(days).ok().and_then(NaiveDate::from_num_days_from_ce_opt)
}

fn add_keyword(doc: &mut TantivyDocument, field: Field, value: &str) {
    let value = value.trim();
    if !value.is_empty() {
        doc.add_text(field, value);
    }
}

fn add_identifier(doc: &mut TantivyDocument, field: Field, raw: &str) {
    let normalized = normalize_identifier(raw);
    if !normalized.is_empty() {
        doc.add_text(field, normalized);
    }
}

/// Converts a record into the tantivy document to index.
pub(crate) fn to_tantivy(record: &Document, f: &Fields) -> Result<TantivyDocument> {
    let id = record.id().trim();
    if id.is_empty() {
        return Err(SearchError::InvalidDocument {
            id: String::from("(empty)"),
            reason: String::from("the id is empty"),
        });
    }
    let mut doc = TantivyDocument::default();
    doc.add_text(f.key, record_key(record.kind(), id));
    doc.add_text(f.kind, record.kind().as_str());
    doc.add_text(f.id, id);
    match record {
        Document::Union(u) => {
            doc.add_text(f.number, &u.registration_number);
            add_identifier(&mut doc, f.identifiers, &u.registration_number);
            doc.add_text(f.title, &u.name);
            add_names(&mut doc, f, &u.name);
            if let Some(federation) = &u.federation {
                add_names(&mut doc, f, federation);
                add_keyword(&mut doc, f.federation, federation);
            }
            add_place_and_facets(&mut doc, f, &u.state, &u.municipality, &u.sector, &u.status);
            doc.add_i64(f.date, day_number(u.registered_on));
            doc.add_u64(f.people, u.members);
        }
        Document::Agreement(a) => {
            doc.add_text(f.number, &a.number);
            add_identifier(&mut doc, f.identifiers, &a.number);
            doc.add_text(f.title, &a.employer_name);
            add_names(&mut doc, f, &a.employer_name);
            add_names(&mut doc, f, &a.union_name);
            doc.add_text(f.union_name, &a.union_name);
            add_keyword(&mut doc, f.union_id, &a.union_id);
            if let Some(federation) = &a.federation {
                add_names(&mut doc, f, federation);
                add_keyword(&mut doc, f.federation, federation);
            }
            if let Some(rfc) = &a.employer_rfc {
                add_keyword(&mut doc, f.employer_rfc, rfc);
                add_identifier(&mut doc, f.identifiers, rfc);
            }
            add_place_and_facets(&mut doc, f, &a.state, &a.municipality, &a.sector, &a.status);
            doc.add_i64(f.date, day_number(a.deposited_on));
            doc.add_u64(f.people, a.covered_workers);
            doc.add_text(f.text, &a.text);
        }
    }
    Ok(doc)
}

fn add_place_and_facets(
    doc: &mut TantivyDocument,
    f: &Fields,
    state: &str,
    municipality: &str,
    sector: &str,
    status: &str,
) {
    add_keyword(doc, f.state, state);
    add_keyword(doc, f.municipality, municipality);
    add_keyword(doc, f.sector, sector);
    add_keyword(doc, f.status, status);
    for place in [state, municipality] {
        doc.add_text(f.places, place);
    }
}

fn add_names(doc: &mut TantivyDocument, f: &Fields, name: &str) {
    doc.add_text(f.names, name);
}

/// The stored fields of a hit, read back from the index.
#[derive(Debug, Clone)]
pub(crate) struct StoredRecord {
    pub kind: Kind,
    pub id: String,
    pub number: String,
    pub title: String,
    pub union_id: Option<String>,
    pub union_name: Option<String>,
    pub federation: Option<String>,
    pub employer_rfc: Option<String>,
    pub state: String,
    pub municipality: String,
    pub sector: String,
    pub status: String,
    pub date: NaiveDate,
    pub people: u64,
    pub text: Option<String>,
}

fn text_of(doc: &TantivyDocument, field: Field) -> Option<String> {
    doc.get_first(field).and_then(|v| v.as_str().map(str::to_string))
}

/// Reads a stored tantivy document back into a [`StoredRecord`].
pub(crate) fn from_stored(doc: &TantivyDocument, f: &Fields) -> Result<StoredRecord> {
    let kind = text_of(doc, f.kind)
        .as_deref()
        .and_then(Kind::parse)
        .ok_or(SearchError::CorruptDocument("kind"))?;
    let id = text_of(doc, f.id).ok_or(SearchError::CorruptDocument("id"))?;
    let date = doc
        .get_first(f.date)
        .and_then(|v| v.as_i64())
        .and_then(date_from_day_number)
        .ok_or(SearchError::CorruptDocument("date"))?;
    Ok(StoredRecord {
        kind,
        id,
        number: text_of(doc, f.number).unwrap_or_default(),
        title: text_of(doc, f.title).unwrap_or_default(),
        union_id: text_of(doc, f.union_id),
        union_name: text_of(doc, f.union_name),
        federation: text_of(doc, f.federation),
        employer_rfc: text_of(doc, f.employer_rfc),
        state: text_of(doc, f.state).unwrap_or_default(),
        municipality: text_of(doc, f.municipality).unwrap_or_default(),
        sector: text_of(doc, f.sector).unwrap_or_default(),
        status: text_of(doc, f.status).unwrap_or_default(),
        date,
        people: doc.get_first(f.people).and_then(|v| v.as_u64()).unwrap_or(0),
        text: text_of(doc, f.text),
    })
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]
    use super::*;

    #[test]
    fn identifiers_normalize_to_uppercase_alphanumerics() {
        assert_eq!(normalize_identifier("wmt-970714 r10"), "WMT970714R10");
        assert_eq!(normalize_identifier("10/2345"), "102345");
        assert_eq!(normalize_identifier("ñ&a 010101 aaa"), "Ñ&A010101AAA");
    }

    #[test]
    fn day_numbers_round_trip() {
        let d = NaiveDate::from_ymd_opt(2024, 2, 29).unwrap();
        assert_eq!(date_from_day_number(day_number(d)), Some(d));
        assert_eq!(date_from_day_number(i64::MAX), None);
    }
}
