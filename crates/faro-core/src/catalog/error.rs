//! The error returned when an embedded catalog cannot be parsed.

/// A catalog file that does not have the expected shape. Names the file, the line (1-based, the
/// header being line 1) when the problem is in a row, and the reason.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CatalogError {
    /// A row that cannot be read or holds an invalid value.
    #[error("{file}, line {line}: {reason}")]
    Row {
        file: &'static str,
        line: u64,
        reason: String,
    },
    /// A problem with the file as a whole: missing column, wrong row count, bad compression.
    #[error("{file}: {reason}")]
    File { file: &'static str, reason: String },
}

impl CatalogError {
    pub(crate) fn row(file: &'static str, line: u64, reason: impl Into<String>) -> Self {
        CatalogError::Row {
            file,
            line,
            reason: reason.into(),
        }
    }

    pub(crate) fn file(file: &'static str, reason: impl Into<String>) -> Self {
        CatalogError::File {
            file,
            reason: reason.into(),
        }
    }

    /// The catalog file the error is about.
    pub fn file_name(&self) -> &'static str {
        match self {
            CatalogError::Row { file, .. } | CatalogError::File { file, .. } => file,
        }
    }
}
