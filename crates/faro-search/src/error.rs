//! Typed errors of the search crate.
//!
//! `QueryError` is what a user's input can cause (and what a web layer turns into a 400 with the
//! message); `SearchError` wraps everything else (disk, index format, schema drift).

use thiserror::Error;

/// A problem with what the user asked for. The message says how to fix the request.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum QueryError {
    /// The search text is longer than the parser accepts.
    #[error("the search text has {len} characters; shorten it to at most {max}")]
    TooLong {
        /// Characters received.
        len: usize,
        /// Characters accepted.
        max: usize,
    },
    /// The search text has more words/phrases than a query may combine.
    #[error("the search text has {count} words or phrases; use at most {max}")]
    TooManyClauses {
        /// Clauses found.
        count: usize,
        /// Clauses accepted.
        max: usize,
    },
    /// The requested page size is zero or larger than allowed.
    #[error("page size {size} is not allowed; ask for between 1 and {max} results per page")]
    InvalidPageSize {
        /// Page size requested.
        size: usize,
        /// Largest page size.
        max: usize,
    },
    /// The requested page starts too deep in the result list.
    #[error(
        "results past position {max} cannot be paged to (asked for position {offset}); \
         narrow the search with filters instead"
    )]
    PageTooDeep {
        /// First result position requested.
        offset: usize,
        /// Deepest position served.
        max: usize,
    },
    /// `date_from` is after `date_to`.
    #[error("the date range starts on {from} but ends earlier, on {to}; swap the dates")]
    InvalidDateRange {
        /// Start of the range.
        from: chrono::NaiveDate,
        /// End of the range.
        to: chrono::NaiveDate,
    },
    /// A filter list has more values than allowed.
    #[error("filter `{filter}` has {count} values; use at most {max}")]
    TooManyFilterValues {
        /// Filter name.
        filter: &'static str,
        /// Values given.
        count: usize,
        /// Values accepted.
        max: usize,
    },
}

/// Any failure of the index: the user's query, the disk, or the index files.
#[derive(Debug, Error)]
pub enum SearchError {
    /// The request itself is invalid (see [`QueryError`]).
    #[error("invalid search: {0}")]
    Query(#[from] QueryError),
    /// The directory already holds an index.
    #[error("an index already exists in {0}; open it instead, or delete the directory to start over")]
    AlreadyExists(String),
    /// The directory holds no index.
    #[error("no search index found in {0}; create it first (Index::create) and fill it")]
    NotFound(String),
    /// The index on disk was built with a different schema (older or newer Faro).
    #[error(
        "the search index in {0} was built with a different schema; rebuild it \
         (delete the directory and run the indexer again)"
    )]
    SchemaMismatch(String),
    /// A stored document lacks a field this crate always writes.
    #[error("stored document is missing field `{0}`; the index is corrupt, rebuild it")]
    CorruptDocument(&'static str),
    /// A document to index is not valid.
    #[error("document {id} cannot be indexed: {reason}")]
    InvalidDocument {
        /// Document id.
        id: String,
        /// What is wrong.
        reason: String,
    },
    /// Filesystem error while preparing the index directory.
    #[error("cannot use index directory {path}: {source}")]
    Io {
        /// Directory path.
        path: String,
        /// Underlying error.
        source: std::io::Error,
    },
    /// Error reported by the tantivy engine (disk full, lock held by another writer, ...).
    #[error("search engine error: {0}")]
    Engine(#[from] tantivy::TantivyError),
}

/// Result alias for this crate.
pub type Result<T, E = SearchError> = std::result::Result<T, E>;
