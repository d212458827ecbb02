//! From a [`Document`] to the bytes of its PDF.

use crate::error::DocError;
use crate::layout::lay_out;
use crate::model::{Document, Lang, PageSize};
use crate::pdf::{self, Info};
use crate::qr::QrMatrix;

/// Renders `doc` on Letter paper, the size of Mexican official documents.
///
/// Deterministic: the same document gives the same bytes (no random identifiers, no clock; the
/// file's creation date is `issued_at`).
pub fn render_pdf(doc: &Document) -> Result<Vec<u8>, DocError> {
    render_pdf_on(doc, PageSize::Letter)
}

/// Renders `doc` on the given paper size.
pub fn render_pdf_on(doc: &Document, size: PageSize) -> Result<Vec<u8>, DocError> {
    let qr = QrMatrix::encode(&doc.verify_url)?;
    let pages: Vec<Vec<u8>> = lay_out(doc, size, &qr)?
        .into_iter()
        .map(|page| page.into_bytes())
        .collect();
    let (width, height) = size.dimensions();
    let info = Info {
        title: &doc.title,
        author: &doc.authority,
        subject: &doc.folio,
        created: doc.issued_at,
        lang: match doc.lang {
            Lang::Es => "es-MX",
            Lang::En => "en",
        },
    };
    pdf::write(&pages, width, height, &info)
}
