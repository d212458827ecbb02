//! Faro's official documents (an inspection record, a sanction resolution, a conciliation
//! receipt...) as PDF, each with a verification code and a QR code of the URL that verifies it.
//!
//! The crate knows nothing of the procedures: a [`Document`] is a title, a folio, an issue date,
//! the code and URL, and a list of [`Block`]s. [`render_pdf`] lays it out on Letter paper with the
//! standard Helvetica fonts in WinAnsiEncoding (Spanish prints as is; characters outside WinAnsi
//! print as `?`), a header with the QR code on the first page, and on every page a footer
//! "folio · página N de M · código".

mod canvas;
mod code;
mod error;
mod labels;
mod layout;
mod metrics;
mod model;
mod pdf;
mod qr;
mod render;
mod winansi;
mod wrap;

pub use code::{normalize_code, sha256_hex, verification_code};
pub use error::DocError;
pub use model::{Block, Document, Lang, PageSize, Signature, SignatureStatus};
pub use render::{render_pdf, render_pdf_on};
