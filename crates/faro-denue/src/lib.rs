//! Reader for INEGI's DENUE (Directorio Estadístico Nacional de Unidades Económicas) CSV files,
//! the national directory of establishments, for `faro import denue`.
//!
//! [`DenueReader`] streams a file of any size (the national file has about 5.5 million rows) in
//! either of INEGI's encodings, finds the columns by name, and yields one [`DenueRow`] per line or
//! a [`RowError`] that names the line and the problem, then goes on. [`Converter`] (or the
//! reference [`to_drafts`]) turns a row into the registry's employer and workplace drafts,
//! validated against the catalogs. [`synth`] writes synthetic DENUE files for tests and
//! benchmarks.
//!
//! The contact columns (`telefono`, `correoelec`, `www`) may hold personal data: they are never
//! decoded, and nothing of them reaches the drafts.
//!
//! ```no_run
//! use faro_core::catalog::Catalogs;
//! use faro_denue::{Converter, DenueReader, DenueRow};
//!
//! # fn main() -> Result<(), Box<dyn std::error::Error>> {
//! let cat = Catalogs::embedded()?;
//! let converter = Converter::new(&cat);
//! let mut reader = DenueReader::open("denue_inegi_09_.csv")?;
//! let mut row = DenueRow::new();
//! while let Some(read) = reader.read_row(&mut row) {
//!     match read.and_then(|()| converter.to_drafts(&row)) {
//!         Ok((employer_key, employer, workplace)) => { /* store */ }
//!         Err(e) if e.is_fatal() => return Err(e.into()),
//!         Err(e) => eprintln!("{e}"), // "line 812: per_ocu '7 personas' is not a DENUE size band ..."
//!     }
//!     // reader.bytes_read() against the file size drives a progress bar.
//! }
//! # Ok(())
//! # }
//! ```

mod columns;
mod convert;
mod encoding;
mod error;
mod legal_form;
mod record;
pub mod synth;

pub use columns::{ColumnMap, Field, DENUE_COLUMNS};
pub use convert::{to_drafts, Converter};
pub use encoding::{detect, Encoding, SAMPLE_LEN};
pub use error::{codes, DenueError, RowError};
pub use legal_form::{split_legal_form, LegalName};
pub use record::{DenueReader, DenueRow, ReadOptions};
