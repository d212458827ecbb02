//! What a document is made of: plain data, with no knowledge of the procedure that issues it.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// The language the fixed parts of the document (labels, footer, signature statuses) are printed in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Lang {
    Es,
    En,
}

/// An official document ready to be rendered.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Document {
    pub lang: Lang,
    /// The issuing authority, e.g. "Secretaría del Trabajo y Previsión Social — Inspección Federal del Trabajo".
    pub authority: String,
    pub title: String,
    pub folio: String,
    pub issued_at: DateTime<Utc>,
    /// Printed in the header and in every page's footer (see [`crate::verification_code`]).
    pub verification_code: String,
    /// Printed in the header and encoded in the QR code.
    pub verify_url: String,
    pub blocks: Vec<Block>,
}

/// One piece of the document's body, laid out top to bottom.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Block {
    Heading(String),
    /// Word-wrapped; a `\n` starts a new line.
    Paragraph(String),
    /// `label: value` pairs, the label in bold in a column of its own.
    Fields(Vec<(String, String)>),
    /// Every row must have as many cells as there are headers; the header row is repeated on
    /// every page the table runs onto.
    Table {
        headers: Vec<String>,
        rows: Vec<Vec<String>>,
    },
    /// One line per person: name, role and whether they signed.
    Signatures(Vec<Signature>),
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Signature {
    pub name: String,
    pub role: String,
    pub status: SignatureStatus,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum SignatureStatus {
    Signed,
    Refused,
    Absent,
}

/// The paper size. Mexican official documents use Letter, which [`crate::render_pdf`] uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
pub enum PageSize {
    /// 612 x 792 pt (8.5 x 11 in).
    #[default]
    Letter,
    /// 595.28 x 841.89 pt (210 x 297 mm).
    A4,
}

impl PageSize {
    /// Width and height in PDF points.
    pub fn dimensions(self) -> (f64, f64) {
        match self {
            PageSize::Letter => (612.0, 792.0),
            PageSize::A4 => (595.28, 841.89),
        }
    }
}
