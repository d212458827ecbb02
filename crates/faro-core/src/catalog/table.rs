//! Reading the embedded CSV files: columns found by header name, errors that name file and line.

use csv::{ReaderBuilder, StringRecord};

use super::CatalogError;

/// One data row of a catalog file, with its columns in the order the caller asked for.
pub(crate) struct Row<'r> {
    file: &'static str,
    line: u64,
    record: &'r StringRecord,
    columns: &'r [usize],
}

impl Row<'_> {
    /// The trimmed value of the `i`-th requested column.
    pub(crate) fn get(&self, i: usize) -> Result<&str, CatalogError> {
        self.columns
            .get(i)
            .and_then(|&c| self.record.get(c))
            .map(str::trim)
            .ok_or_else(|| self.error(format!("missing column {}", i + 1)))
    }

    /// The `i`-th requested column, which must be exactly `n` ASCII digits.
    pub(crate) fn digits(&self, i: usize, n: usize, what: &str) -> Result<&str, CatalogError> {
        let v = self.get(i)?;
        if v.len() == n && v.bytes().all(|b| b.is_ascii_digit()) {
            Ok(v)
        } else {
            Err(self.error(format!("{what} '{v}' is not {n} digits")))
        }
    }

    /// The `i`-th requested column, which must not be empty.
    pub(crate) fn required(&self, i: usize, what: &str) -> Result<&str, CatalogError> {
        let v = self.get(i)?;
        if v.is_empty() {
            Err(self.error(format!("{what} is empty")))
        } else {
            Ok(v)
        }
    }

    /// An error about this row.
    pub(crate) fn error(&self, reason: impl Into<String>) -> CatalogError {
        CatalogError::row(self.file, self.line, reason)
    }
}

/// Calls `f` for every data row of the CSV `data`, giving it the columns named in `columns` (in
/// that order). Returns the number of rows read.
pub(crate) fn for_each_row(
    file: &'static str,
    data: &[u8],
    columns: &[&str],
    mut f: impl FnMut(&Row<'_>) -> Result<(), CatalogError>,
) -> Result<usize, CatalogError> {
    let mut reader = ReaderBuilder::new().has_headers(true).from_reader(data);
    let headers = reader
        .headers()
        .map_err(|e| CatalogError::file(file, format!("cannot read the header: {e}")))?
        .clone();
    let mut indices = Vec::with_capacity(columns.len());
    for name in columns {
        let i = headers
            .iter()
            .position(|h| h.trim() == *name)
            .ok_or_else(|| CatalogError::file(file, format!("column '{name}' is missing")))?;
        indices.push(i);
    }
    let mut record = StringRecord::new();
    let mut count = 0usize;
    loop {
        let more = reader.read_record(&mut record).map_err(|e| {
            let line = e.position().map_or(0, |p| p.line());
            CatalogError::row(file, line, e.to_string())
        })?;
        if !more {
            break;
        }
        let line = record.position().map_or(0, |p| p.line());
        f(&Row {
            file,
            line,
            record: &record,
            columns: &indices,
        })?;
        count += 1;
    }
    Ok(count)
}
