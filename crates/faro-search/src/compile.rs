//! Turns parsed text and filters into a tantivy query.

use std::ops::Bound;

use tantivy::query::{
    AllQuery, BooleanQuery, BoostQuery, ConstScoreQuery, EmptyQuery, Occur, Query as TantivyQuery, RangeQuery,
    TermQuery,
};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::tokenizer::TextAnalyzer;
use tantivy::Term;

use crate::analyzer::{analyze, pair_term};
use crate::parser::{Item, ParsedText};
use crate::query::Filters;
use crate::schema::{day_number, normalize_identifier, Fields};

/// Score multiplier of a match in names (union, employer, federation) over one in the text.
const NAMES_BOOST: f32 = 3.0;
/// Score multiplier of a match in places (state, municipality).
const PLACES_BOOST: f32 = 0.5;
/// Score multiplier of an exact identifier match (RFC, numbers): it should come first.
const IDENTIFIER_BOOST: f32 = 20.0;
/// Shortest normalized identifier tried as an exact match (shorter ones are noise).
const MIN_IDENTIFIER_LEN: usize = 3;

/// The compiled query and what snippets should highlight.
pub(crate) struct Compiled {
    pub query: Box<dyn TantivyQuery>,
    /// Analyzed terms of the positive part, for highlighting.
    pub highlight_terms: Vec<String>,
    /// Whether the positive part has text (so relevance order is meaningful).
    pub has_text: bool,
}

type BoxedQuery = Box<dyn TantivyQuery>;

fn or_all(mut queries: Vec<BoxedQuery>) -> Option<BoxedQuery> {
    match queries.len() {
        0 => None,
        1 => queries.pop(),
        _ => Some(Box::new(BooleanQuery::union(queries))),
    }
}

fn boosted(query: BoxedQuery, boost: f32) -> BoxedQuery {
    if (boost - 1.0).abs() < f32::EPSILON {
        query
    } else {
        Box::new(BoostQuery::new(query, boost))
    }
}

fn term_query(field: Field, text: &str) -> BoxedQuery {
    Box::new(TermQuery::new(
        Term::from_field_text(field, text),
        IndexRecordOption::WithFreqs,
    ))
}

/// Query matching analyzed `terms` in one field: the term itself, or for several terms (a
/// phrase) every consecutive word pair (see
/// [`spanish_pairs_analyzer`](crate::analyzer::spanish_pairs_analyzer)).
fn field_query(field: Field, terms: &[String]) -> Option<BoxedQuery> {
    match terms {
        [] => None,
        [term] => Some(term_query(field, term)),
        _ => {
            let mut pairs: Vec<BoxedQuery> = terms
                .windows(2)
                .map(|w| term_query(field, &pair_term(&w[0], &w[1])))
                .collect();
            if pairs.len() == 1 {
                pairs.pop()
            } else {
                Some(Box::new(BooleanQuery::intersection(pairs)))
            }
        }
    }
}

fn identifier_query(fields: &Fields, raw: &str) -> Option<BoxedQuery> {
    let normalized = normalize_identifier(raw);
    if normalized.chars().count() < MIN_IDENTIFIER_LEN {
        return None;
    }
    let term = TermQuery::new(
        Term::from_field_text(fields.identifiers, &normalized),
        IndexRecordOption::Basic,
    );
    Some(boosted(Box::new(term), IDENTIFIER_BOOST))
}

struct ItemQuery {
    query: BoxedQuery,
    terms: Vec<String>,
}

/// One typed word or phrase: any text field, or an exact identifier.
fn item_query(item: &Item, fields: &Fields, analyzer: &mut TextAnalyzer) -> Option<ItemQuery> {
    let tokens: Vec<String> = analyze(analyzer, item.text()).into_iter().map(|t| t.term).collect();
    if tokens.is_empty() {
        // Only stop words or punctuation: nothing to look for.
        return None;
    }
    let mut alternatives = Vec::with_capacity(4);
    for (field, boost) in [
        (fields.names, NAMES_BOOST),
        (fields.places, PLACES_BOOST),
        (fields.text, 1.0),
    ] {
        if let Some(q) = field_query(field, &tokens) {
            alternatives.push(boosted(q, boost));
        }
    }
    if let Some(q) = identifier_query(fields, item.text()) {
        alternatives.push(q);
    }
    let query = or_all(alternatives)?;
    Some(ItemQuery { query, terms: tokens })
}

/// Filter clause: const score 0 so filters don't change relevance.
fn filter(query: BoxedQuery) -> (Occur, BoxedQuery) {
    (Occur::Must, Box::new(ConstScoreQuery::new(query, 0.0)))
}

fn any_of(field: Field, values: &[String]) -> Option<BoxedQuery> {
    let terms: Vec<BoxedQuery> = values
        .iter()
        .map(|v| v.trim())
        .filter(|v| !v.is_empty())
        .map(|v| {
            Box::new(TermQuery::new(
                Term::from_field_text(field, v),
                IndexRecordOption::Basic,
            )) as BoxedQuery
        })
        .collect();
    or_all(terms)
}

fn filter_clauses(filters: &Filters, fields: &Fields) -> Vec<(Occur, BoxedQuery)> {
    let mut clauses = Vec::new();
    if let Some(kind) = filters.kind {
        if let Some(q) = any_of(fields.kind, &[kind.as_str().to_string()]) {
            clauses.push(filter(q));
        }
    }
    for (field, values) in [
        (fields.state, &filters.state),
        (fields.municipality, &filters.municipality),
        (fields.sector, &filters.sector),
        (fields.status, &filters.status),
        (fields.federation, &filters.federation),
    ] {
        if let Some(q) = any_of(field, values) {
            clauses.push(filter(q));
        }
    }
    if let Some(union_id) = &filters.union_id {
        // An empty union id matches nothing rather than everything.
        let q = any_of(fields.union_id, std::slice::from_ref(union_id)).unwrap_or_else(|| Box::new(EmptyQuery));
        clauses.push(filter(q));
    }
    let day = |d: Option<chrono::NaiveDate>| {
        d.map(|d| Bound::Included(Term::from_field_i64(fields.date, day_number(d))))
            .unwrap_or(Bound::Unbounded)
    };
    if filters.date_from.is_some() || filters.date_to.is_some() {
        let range = RangeQuery::new(day(filters.date_from), day(filters.date_to));
        clauses.push(filter(Box::new(range)));
    }
    clauses
}

/// Builds the full query: text (if any) AND filters AND NOT exclusions.
pub(crate) fn compile(
    parsed: &ParsedText,
    filters: &Filters,
    fields: &Fields,
    analyzer: &mut TextAnalyzer,
) -> Compiled {
    let mut clauses: Vec<(Occur, BoxedQuery)> = Vec::new();
    let mut highlight_terms = Vec::new();
    let has_text = !parsed.is_browse();
    if has_text {
        let mut required = Vec::new();
        for group in &parsed.groups {
            let alternatives: Vec<BoxedQuery> = group
                .iter()
                .filter_map(|item| item_query(item, fields, analyzer))
                .map(|iq| {
                    highlight_terms.extend(iq.terms);
                    iq.query
                })
                .collect();
            if let Some(q) = or_all(alternatives) {
                required.push((Occur::Must, q));
            }
        }
        let all_words = if required.is_empty() {
            None
        } else if required.len() == 1 {
            required.pop().map(|(_, q)| q)
        } else {
            Some(Box::new(BooleanQuery::new(required)) as BoxedQuery)
        };
        // The whole input may be one identifier typed with spaces ("WMT 970714 R10").
        let whole: String = parsed
            .groups
            .iter()
            .flatten()
            .map(Item::text)
            .collect::<Vec<_>>()
            .join(" ");
        let whole_identifier = if parsed.groups.len() > 1 {
            identifier_query(fields, &whole)
        } else {
            None
        };
        let positive = match (all_words, whole_identifier) {
            (Some(words), Some(id)) => Box::new(BooleanQuery::union(vec![words, id])),
            (Some(q), None) | (None, Some(q)) => q,
            // Something was typed but none of it is searchable: match nothing.
            (None, None) => Box::new(EmptyQuery) as BoxedQuery,
        };
        clauses.push((Occur::Must, positive));
    }
    clauses.extend(filter_clauses(filters, fields));
    for item in &parsed.excluded {
        if let Some(iq) = item_query(item, fields, analyzer) {
            clauses.push((Occur::MustNot, iq.query));
        }
    }
    if !clauses.iter().any(|(occur, _)| *occur == Occur::Must) {
        clauses.push((Occur::Must, Box::new(AllQuery)));
    }
    highlight_terms.sort();
    highlight_terms.dedup();
    Compiled {
        query: Box::new(BooleanQuery::new(clauses)),
        highlight_terms,
        has_text,
    }
}
