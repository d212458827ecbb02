//! Running a [`Query`] against the [`Index`].

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use tantivy::collector::TopDocs;
use tantivy::query::Query as _;
use tantivy::{DocAddress, Order, Searcher, TantivyDocument};

use crate::compile::{compile, Compiled};
use crate::document::Kind;
use crate::error::Result;
use crate::facets::{FacetCollector, Facets};
use crate::index::Index;
use crate::parser::parse;
use crate::query::{Query, Sort, MAX_FACET_LIMIT};
use crate::schema::{from_stored, DATE_FIELD};
use crate::snippet::{Highlighter, SNIPPET_LEN};

/// One result.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Hit {
    /// Union or agreement.
    pub kind: Kind,
    /// Record id.
    pub id: String,
    /// Relevance score (only when sorted by relevance).
    pub score: Option<f32>,
    /// Registration number (unions) or agreement number.
    pub number: String,
    /// Union name (unions) or employer name (agreements).
    pub title: String,
    /// Holding union (agreements).
    pub union_id: Option<String>,
    /// Holding union's name (agreements).
    pub union_name: Option<String>,
    /// Federation, if any.
    pub federation: Option<String>,
    /// Employer RFC (agreements).
    pub employer_rfc: Option<String>,
    /// State.
    pub state: String,
    /// Municipality.
    pub municipality: String,
    /// Sector.
    pub sector: String,
    /// Status.
    pub status: String,
    /// Registration (unions) or deposit (agreements) date.
    pub date: NaiveDate,
    /// Members (unions) or covered workers (agreements).
    pub people: u64,
    /// Agreements: about 200 characters of the text as HTML (escaped, hits in `<mark>`).
    pub snippet: Option<String>,
}

/// A page of results with totals and facet counts.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Results {
    /// Documents matching the query and filters.
    pub total: u64,
    /// This page's hits.
    pub hits: Vec<Hit>,
    /// Counts over all matching documents (not just this page).
    pub facets: Facets,
    /// Zero-based page number served.
    pub page: usize,
    /// Page size served.
    pub page_size: usize,
    /// Order actually used.
    pub sort: Sort,
}

impl Index {
    /// Runs a search: validates the request, parses the text, applies filters, counts facets
    /// and returns one page of hits with snippets.
    pub fn search(&self, query: &Query) -> Result<Results> {
        query.validate()?;
        let parsed = parse(&query.text)?;
        let inner = &self.inner;
        let mut analyzer = inner.analyzer.clone();
        let compiled = compile(&parsed, &query.filters, &inner.fields, &mut analyzer);
        let sort = match query.sort {
            None | Some(Sort::Relevance) if compiled.has_text => Sort::Relevance,
            None | Some(Sort::Relevance) => Sort::Newest,
            Some(other) => other,
        };
        let searcher = inner.reader.searcher();
        let live: Vec<_> = searcher.segment_readers().iter().map(|s| s.segment_id()).collect();
        inner.facet_cache.retain(&live);
        let facets = FacetCollector {
            cache: &inner.facet_cache,
        };
        let top = TopDocs::with_limit(query.page_size.max(1)).and_offset(query.offset());
        let (addresses, tally) = match sort {
            Sort::Relevance => {
                // Two passes: top-k by score can skip blocks (block-max WAND) when it runs
                // alone; the facet pass does not score at all.
                let scored = searcher.search(&compiled.query, &top.order_by_score())?;
                let tally = searcher.search(&compiled.query, &facets)?;
                let addresses = scored
                    .into_iter()
                    .map(|(score, addr)| (Some(score), addr))
                    .collect::<Vec<_>>();
                (addresses, tally)
            }
            Sort::Newest | Sort::Oldest => {
                let order = if sort == Sort::Newest { Order::Desc } else { Order::Asc };
                let by_date = top.order_by_fast_field::<i64>(DATE_FIELD, order);
                let (dated, tally) = searcher.search(&compiled.query, &(by_date, facets))?;
                let addresses = dated.into_iter().map(|(_, addr)| (None, addr)).collect();
                (addresses, tally)
            }
        };
        let hits = load_hits(self, &searcher, &compiled, addresses)?;
        Ok(Results {
            total: tally.total,
            hits,
            facets: tally.into_facets(query.facet_limit.min(MAX_FACET_LIMIT)),
            page: query.page,
            page_size: query.page_size,
            sort,
        })
    }

    /// Explains the score of one document for a query (debugging relevance).
    pub fn explain(&self, query: &Query, kind: Kind, id: &str) -> Result<Option<String>> {
        let parsed = parse(&query.text)?;
        let inner = &self.inner;
        let mut analyzer = inner.analyzer.clone();
        let compiled = compile(&parsed, &query.filters, &inner.fields, &mut analyzer);
        let searcher = inner.reader.searcher();
        let key = tantivy::query::TermQuery::new(
            tantivy::Term::from_field_text(inner.fields.key, &crate::document::record_key(kind, id)),
            tantivy::schema::IndexRecordOption::Basic,
        );
        let found = searcher.search(&key, &TopDocs::with_limit(1).order_by_score())?;
        let Some((_, address)) = found.first() else {
            return Ok(None);
        };
        Ok(compiled
            .query
            .explain(&searcher, *address)
            .ok()
            .map(|e| e.to_pretty_json()))
    }
}

fn load_hits(
    index: &Index,
    searcher: &Searcher,
    compiled: &Compiled,
    addresses: Vec<(Option<f32>, DocAddress)>,
) -> Result<Vec<Hit>> {
    let inner = &index.inner;
    let mut highlighter = Highlighter::new(compiled.highlight_terms.clone(), inner.analyzer.clone());
    let mut hits = Vec::with_capacity(addresses.len());
    for (score, address) in addresses {
        let doc: TantivyDocument = searcher.doc(address)?;
        let stored = from_stored(&doc, &inner.fields)?;
        let snippet = match (&stored.kind, &stored.text) {
            (Kind::Agreement, Some(text)) => Some(highlighter.snippet(text, SNIPPET_LEN)),
            _ => None,
        };
        hits.push(Hit {
            kind: stored.kind,
            id: stored.id,
            score,
            number: stored.number,
            title: stored.title,
            union_id: stored.union_id,
            union_name: stored.union_name,
            federation: stored.federation,
            employer_rfc: stored.employer_rfc,
            state: stored.state,
            municipality: stored.municipality,
            sector: stored.sector,
            status: stored.status,
            date: stored.date,
            people: stored.people,
            snippet,
        });
    }
    Ok(hits)
}
