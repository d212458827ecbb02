//! Why a document could not be rendered.

/// A document that cannot be rendered. `code()` is stable (a translation key, like a
/// `faro_core::DomainError` code) and `params()` are the values its message needs.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DocError {
    #[error("the verification URL cannot be encoded as a QR code: {detail}")]
    QrCode { detail: String },
    #[error("the table in block {block} has no columns")]
    TableWithoutColumns { block: usize },
    #[error("row {row} of the table in block {block} has {found} cells but the table has {expected} columns")]
    TableRowWidth {
        block: usize,
        row: usize,
        expected: usize,
        found: usize,
    },
    #[error("a page could not be compressed: {detail}")]
    Compression { detail: String },
}

impl DocError {
    pub fn code(&self) -> &'static str {
        match self {
            DocError::QrCode { .. } => "docs.qr_code",
            DocError::TableWithoutColumns { .. } => "docs.table_without_columns",
            DocError::TableRowWidth { .. } => "docs.table_row_width",
            DocError::Compression { .. } => "docs.compression",
        }
    }

    /// The values a translated message needs (block and row numbers are 0-based).
    pub fn params(&self) -> Vec<(&'static str, String)> {
        match self {
            DocError::QrCode { detail } | DocError::Compression { detail } => {
                vec![("detail", detail.clone())]
            }
            DocError::TableWithoutColumns { block } => vec![("block", block.to_string())],
            DocError::TableRowWidth {
                block,
                row,
                expected,
                found,
            } => vec![
                ("block", block.to_string()),
                ("row", row.to_string()),
                ("expected", expected.to_string()),
                ("found", found.to_string()),
            ],
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_and_params() {
        let e = DocError::TableRowWidth {
            block: 2,
            row: 7,
            expected: 3,
            found: 2,
        };
        assert_eq!(e.code(), "docs.table_row_width");
        assert_eq!(
            e.params(),
            vec![
                ("block", "2".to_string()),
                ("row", "7".to_string()),
                ("expected", "3".to_string()),
                ("found", "2".to_string())
            ]
        );
        assert_eq!(
            DocError::TableWithoutColumns { block: 0 }.code(),
            "docs.table_without_columns"
        );
        assert_eq!(DocError::QrCode { detail: "x".into() }.code(), "docs.qr_code");
    }
}
