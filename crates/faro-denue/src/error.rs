//! Errors: [`DenueError`] stops an import before it starts; [`RowError`] rejects one row and the
//! import goes on.

use std::fmt;
use std::path::PathBuf;

/// Stable codes of [`RowError`]s raised by this crate (validation codes of `faro-core`, such as
/// `municipality.unknown`, pass through unchanged).
pub mod codes {
    /// The line has a different number of fields than the header.
    pub const FIELD_COUNT: &str = "csv.field_count";
    /// The file could not be read further; this error ends the iteration.
    pub const IO: &str = "io.read";
    /// `id` is not a positive integer.
    pub const ID: &str = "id.invalid";
    /// `per_ocu` is not a DENUE size band.
    pub const PER_OCU: &str = "per_ocu.invalid";
    /// `cve_ent` / `cve_mun` are not digits of the right length.
    pub const MUNICIPALITY_KEY: &str = "municipality.invalid_key";
    /// The municipality key is not in INEGI's catalog.
    pub const MUNICIPALITY_UNKNOWN: &str = "municipality.unknown";
    /// `codigo_act` is not a SCIAN class of the catalog.
    pub const SCIAN_UNKNOWN: &str = "scian.unknown";
    /// `cod_postal` is neither empty nor four or five digits.
    pub const POSTAL_CODE: &str = "postal_code.invalid";
    /// `latitud` / `longitud` are not numbers.
    pub const COORDINATES: &str = "coordinates.invalid";
    /// Only one of `latitud` / `longitud` is given.
    pub const COORDINATES_INCOMPLETE: &str = "coordinates.incomplete";
    /// The coordinates fall outside Mexico.
    pub const COORDINATES_OUTSIDE: &str = "coordinates.outside_mexico";
    /// `fecha_alta` is not a year and month.
    pub const FECHA_ALTA: &str = "fecha_alta.invalid";
}

/// An error that prevents reading the file at all.
#[derive(Debug, thiserror::Error)]
pub enum DenueError {
    /// The file could not be opened.
    #[error("cannot open {}: {source}", path.display())]
    Open { path: PathBuf, source: std::io::Error },
    /// Reading failed before the header was complete.
    #[error("cannot read the DENUE file: {0}")]
    Io(#[from] std::io::Error),
    /// The file has no header line.
    #[error("the file is empty: a DENUE file starts with a header line (id, nom_estab, ...)")]
    Empty,
    /// Essential columns are missing from the header.
    #[error("{}", missing_columns_text(missing, found))]
    MissingColumns {
        /// The missing essential columns.
        missing: Vec<&'static str>,
        /// The columns the header has, normalized.
        found: Vec<String>,
    },
}

/// How many found column names a missing-column message lists.
const MAX_LISTED_COLUMNS: usize = 24;

fn missing_columns_text(missing: &[&'static str], found: &[String]) -> String {
    let quoted: Vec<String> = missing.iter().map(|m| format!("'{m}'")).collect();
    let head = if quoted.len() == 1 {
        format!("column {} is missing", quoted.join(", "))
    } else {
        format!("columns {} are missing", quoted.join(", "))
    };
    let mut listed: Vec<&str> = found.iter().take(MAX_LISTED_COLUMNS).map(String::as_str).collect();
    let more = found.len().saturating_sub(MAX_LISTED_COLUMNS);
    let more_text = if more > 0 {
        format!(" and {more} more")
    } else {
        String::new()
    };
    if listed.is_empty() {
        listed.push("(none)");
    }
    format!(
        "{head}; this does not look like a DENUE file: found columns {}{more_text}",
        listed.join(", ")
    )
}

/// One rejected row: where it is, a stable code, and a reason a person can act on.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct RowError {
    /// Physical line in the file where the row starts; the header is line 1.
    pub line: u64,
    /// Stable machine code, see [`codes`].
    pub code: &'static str,
    /// English explanation naming the column and the value.
    pub reason: String,
}

impl RowError {
    /// A row error.
    pub fn new(line: u64, code: &'static str, reason: impl Into<String>) -> Self {
        RowError {
            line,
            code,
            reason: reason.into(),
        }
    }

    /// Whether this error ends the file (an I/O error) rather than rejecting one row.
    pub fn is_fatal(&self) -> bool {
        self.code == codes::IO
    }
}

impl fmt::Display for RowError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "line {}: {}", self.line, self.reason)
    }
}

impl std::error::Error for RowError {}
