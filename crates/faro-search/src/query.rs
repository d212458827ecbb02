//! The search request: free text, filters, sort, page and facet size.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::document::Kind;
use crate::error::QueryError;

/// Largest page size served.
pub const MAX_PAGE_SIZE: usize = 50;
/// Default page size.
pub const DEFAULT_PAGE_SIZE: usize = 20;
/// Deepest result position that can be paged to (offset pagination costs grow with depth).
pub const MAX_OFFSET: usize = 10_000;
/// Most values one filter may list.
pub const MAX_FILTER_VALUES: usize = 64;
/// Largest `facet_limit`.
pub const MAX_FACET_LIMIT: usize = 100;

/// Result order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Sort {
    /// Best match first (BM25). Without search text this falls back to [`Sort::Newest`].
    Relevance,
    /// Latest registration/deposit date first.
    Newest,
    /// Earliest registration/deposit date first.
    Oldest,
}

/// Filters; every non-empty list restricts results to documents having one of its values
/// (exact, case-sensitive match on the value given at indexing time).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Filters {
    /// Only unions or only agreements.
    pub kind: Option<Kind>,
    /// States.
    pub state: Vec<String>,
    /// Municipalities.
    pub municipality: Vec<String>,
    /// Sectors (SCIAN 2-digit codes).
    pub sector: Vec<String>,
    /// Statuses.
    pub status: Vec<String>,
    /// Federations.
    pub federation: Vec<String>,
    /// Agreements of one union (by union id).
    pub union_id: Option<String>,
    /// Registration/deposit date on or after this day.
    pub date_from: Option<NaiveDate>,
    /// Registration/deposit date on or before this day.
    pub date_to: Option<NaiveDate>,
}

/// A search request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Query {
    /// What the user typed (see the crate docs for the syntax). Empty means "browse".
    pub text: String,
    /// Filters.
    pub filters: Filters,
    /// Order; `None` means relevance when there is text, newest first otherwise.
    pub sort: Option<Sort>,
    /// Zero-based page number.
    pub page: usize,
    /// Results per page, 1..=[`MAX_PAGE_SIZE`].
    pub page_size: usize,
    /// How many federations to return in the facet counts (the other facets are small and
    /// always complete). Values above [`MAX_FACET_LIMIT`] are clamped.
    pub facet_limit: usize,
}

impl Default for Query {
    fn default() -> Self {
        Query {
            text: String::new(),
            filters: Filters::default(),
            sort: None,
            page: 0,
            page_size: DEFAULT_PAGE_SIZE,
            facet_limit: 10,
        }
    }
}

impl Query {
    /// A query for `text` with default filters and paging.
    pub fn text(text: impl Into<String>) -> Query {
        Query {
            text: text.into(),
            ..Query::default()
        }
    }

    /// Offset of the first result of the requested page.
    pub fn offset(&self) -> usize {
        self.page.saturating_mul(self.page_size)
    }

    /// Checks paging, dates and filter sizes; text is checked by the parser.
    pub fn validate(&self) -> Result<(), QueryError> {
        if self.page_size == 0 || self.page_size > MAX_PAGE_SIZE {
            return Err(QueryError::InvalidPageSize {
                size: self.page_size,
                max: MAX_PAGE_SIZE,
            });
        }
        let offset = self.offset();
        if offset > MAX_OFFSET {
            return Err(QueryError::PageTooDeep {
                offset,
                max: MAX_OFFSET,
            });
        }
        if let (Some(from), Some(to)) = (self.filters.date_from, self.filters.date_to) {
            if from > to {
                return Err(QueryError::InvalidDateRange { from, to });
            }
        }
        let lists: [(&'static str, usize); 5] = [
            ("state", self.filters.state.len()),
            ("municipality", self.filters.municipality.len()),
            ("sector", self.filters.sector.len()),
            ("status", self.filters.status.len()),
            ("federation", self.filters.federation.len()),
        ];
        for (filter, count) in lists {
            if count > MAX_FILTER_VALUES {
                return Err(QueryError::TooManyFilterValues {
                    filter,
                    count,
                    max: MAX_FILTER_VALUES,
                });
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_size_bounds() {
        let mut q = Query::text("x");
        assert!(q.validate().is_ok());
        q.page_size = 0;
        assert!(matches!(q.validate(), Err(QueryError::InvalidPageSize { size: 0, .. })));
        q.page_size = MAX_PAGE_SIZE + 1;
        assert!(q.validate().is_err());
        q.page_size = MAX_PAGE_SIZE;
        assert!(q.validate().is_ok());
    }

    #[test]
    fn deep_pages_are_refused_without_overflow() {
        let q = Query {
            page: usize::MAX,
            ..Query::default()
        };
        assert!(matches!(q.validate(), Err(QueryError::PageTooDeep { .. })));
        let q = Query {
            page: MAX_OFFSET / DEFAULT_PAGE_SIZE,
            ..Query::default()
        };
        assert!(q.validate().is_ok());
    }

    #[test]
    fn reversed_dates_are_refused() {
        let mut q = Query::default();
        q.filters.date_from = NaiveDate::from_ymd_opt(2024, 5, 1);
        q.filters.date_to = NaiveDate::from_ymd_opt(2024, 4, 30);
        assert!(matches!(q.validate(), Err(QueryError::InvalidDateRange { .. })));
    }

    #[test]
    fn query_deserializes_with_defaults() {
        let q: Query =
            serde_json::from_str(r#"{"text":"salario","filters":{"state":["Jalisco"]}}"#).unwrap_or_default();
        assert_eq!(q.text, "salario");
        assert_eq!(q.filters.state, vec!["Jalisco".to_string()]);
        assert_eq!(q.page_size, DEFAULT_PAGE_SIZE);
    }
}
