//! Faro's public search over the registry of unions and collective agreements.
//!
//! Every union and agreement is searchable by free text (names, places and the public text of
//! the agreements, Spanish-aware: accents, plurals), by exact identifiers (employer RFC,
//! registration and agreement numbers), and filterable by kind, state, municipality, sector,
//! status, federation, union and date range, with facet counts and highlighted snippets.
//!
//! ```
//! # fn main() -> Result<(), faro_search::SearchError> {
//! use faro_search::{Document, Index, Query, UnionDoc};
//! let index = Index::in_memory()?;
//! let mut writer = index.writer()?;
//! writer.add(&Document::Union(UnionDoc {
//!     id: "u1".into(),
//!     registration_number: "10/2345".into(),
//!     name: "Sindicato de Trabajadores de la Industria Textil".into(),
//!     federation: Some("CTM".into()),
//!     state: "Puebla".into(),
//!     municipality: "Puebla".into(),
//!     sector: "31".into(),
//!     status: "vigente".into(),
//!     registered_on: chrono::NaiveDate::from_ymd_opt(1998, 3, 2).unwrap_or_default(),
//!     members: 420,
//! }))?;
//! writer.commit()?;
//! let results = index.search(&Query::text("sindicatos textiles"))?;
//! assert_eq!(results.total, 1);
//! # Ok(())
//! # }
//! ```
//!
//! Search text syntax: words (all required), `"phrases"`, `-excluded`, `a OR b`; see
//! [`parser`] and its limits [`MAX_QUERY_CHARS`] and [`MAX_CLAUSES`].

pub mod analyzer;
mod compile;
mod document;
mod error;
mod facets;
mod index;
pub mod parser;
mod query;
mod schema;
mod search;
pub mod snippet;

pub use document::{AgreementDoc, Document, Kind, UnionDoc};
pub use error::{QueryError, Result, SearchError};
pub use facets::{FacetCount, Facets};
pub use index::{Index, IndexOptions, Writer, WriterOptions};
pub use parser::{MAX_CLAUSES, MAX_QUERY_CHARS};
pub use query::{
    Filters, Query, Sort, DEFAULT_PAGE_SIZE, MAX_FACET_LIMIT, MAX_FILTER_VALUES, MAX_OFFSET, MAX_PAGE_SIZE,
};
pub use schema::normalize_identifier;
pub use search::{Hit, Results};
