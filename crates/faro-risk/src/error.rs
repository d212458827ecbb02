//! The one error type of the crate. Every message names the column, row or line involved and says
//! what to change, because the person reading it is usually looking at a CSV file they exported.
//!
//! Rows are counted from 1 over data rows; in a CSV with a one-line header, data row `r` is
//! file line `r + 1`, and messages print both.

/// Everything that can go wrong while reading, training, evaluating, scoring or explaining.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum RiskError {
    /// The input has no header line at all.
    #[error("the file is empty: it needs a header line with the column names and at least one data row")]
    EmptyFile,
    /// The input has a header but no data rows.
    #[error("the file has a header but no data rows")]
    NoRows,
    /// Reading the input failed below the CSV level.
    #[error("could not read the input: {0}")]
    Io(#[from] std::io::Error),
    /// The CSV is malformed in a way other than a ragged row (e.g. a quote never closed).
    #[error("line {line}: the CSV is malformed ({detail}); check the quoting around that line")]
    Csv {
        /// File line (1 = header).
        line: u64,
        /// What the CSV parser said.
        detail: String,
    },
    /// A row has more or fewer fields than the header.
    #[error("line {line}: the row has {found} fields but the header has {expected}; every row needs one value per column (leave it empty when missing)")]
    RaggedRow {
        /// File line (1 = header).
        line: u64,
        /// Number of columns in the header.
        expected: usize,
        /// Number of fields in this row.
        found: usize,
    },
    /// A field is not valid UTF-8.
    #[error("line {line}, column {column:?}: the text is not valid UTF-8; save the file as UTF-8")]
    NotUtf8 {
        /// File line (1 = header).
        line: u64,
        /// The column of the bad field.
        column: String,
    },
    /// Two columns share a name.
    #[error("the column name {column:?} appears more than once; rename one of them")]
    DuplicateColumn {
        /// The repeated name.
        column: String,
    },
    /// A column named by the user or the model is not in the table.
    #[error("there is no column {column:?}; the columns are: {available}")]
    MissingColumn {
        /// The name asked for.
        column: String,
        /// The names present, comma separated.
        available: String,
    },
    /// A value of a column forced (or required) to be numeric is not a plain number.
    #[error("column {column:?}, row {row} (line {}): {value:?} is not a plain number (digits, optional sign, '.' for decimals, no thousands separators); fix the value or declare the column categorical", row + 1)]
    NotNumeric {
        /// The column.
        column: String,
        /// Data row, from 1.
        row: usize,
        /// The offending text.
        value: String,
    },
    /// A column holds a kind of values the model cannot use there.
    #[error("column {column:?} holds {found} values but {expected} values are needed; {hint}")]
    KindMismatch {
        /// The column.
        column: String,
        /// Kind expected.
        expected: &'static str,
        /// Kind found.
        found: &'static str,
        /// What to do.
        hint: &'static str,
    },
    /// The target holds a value that is not a binary outcome.
    #[error("target column {column:?}, row {row} (line {}): {value:?} is not a binary outcome; use 1/0, true/false, yes/no or sí/no", row + 1)]
    TargetNotBinary {
        /// The target column.
        column: String,
        /// Data row, from 1.
        row: usize,
        /// The offending value.
        value: String,
    },
    /// The target is empty in a row.
    #[error("target column {column:?}, row {row} (line {}): the outcome is missing; every row used for training or evaluation needs a 1/0 outcome (remove rows without one)", row + 1)]
    TargetMissing {
        /// The target column.
        column: String,
        /// Data row, from 1.
        row: usize,
    },
    /// The target (or the training part of it) has only one class.
    #[error("target column {column:?} has only {class} rows{where_}; training needs both violations (1) and non-violations (0)")]
    OneClass {
        /// The target column.
        column: String,
        /// "positive" or "negative".
        class: &'static str,
        /// Where, e.g. " in the training rows".
        where_: &'static str,
    },
    /// Too few rows to split and train.
    #[error("only {rows} rows with an outcome; at least {needed} are needed to train and test a model")]
    TooFewRows {
        /// Rows available.
        rows: usize,
        /// Rows needed.
        needed: usize,
    },
    /// Columns of a table built in memory have different lengths.
    #[error(
        "column {column:?} has {found} rows but the first column has {expected}; all columns must have the same length"
    )]
    LengthMismatch {
        /// The column.
        column: String,
        /// Rows of the first column.
        expected: usize,
        /// Rows of this column.
        found: usize,
    },
    /// No usable feature column is left after exclusions.
    #[error(
        "no column is left to learn from: {detail}; add numeric, date or categorical columns describing the units"
    )]
    NoFeatures {
        /// Why each column was excluded.
        detail: String,
    },
    /// A column is too large for the in-memory representation.
    #[error("column {column:?} holds more than 4 GiB of text; split the file")]
    TooLarge {
        /// The column.
        column: String,
    },
    /// A parameter of a spec is invalid.
    #[error("invalid {name}: {reason}")]
    InvalidSpec {
        /// The parameter.
        name: &'static str,
        /// What is wrong and the valid range.
        reason: String,
    },
    /// The gradient-boosting library refused the data.
    #[error("the gradient-boosting library failed: {0}")]
    Booster(String),
    /// A file given as a model is not one.
    #[error("this is not a Faro risk model file ({0}); pass the .json file written by `faro risk train`")]
    NotAModel(String),
    /// A model file of another format version.
    #[error("the model file has format version {found}, this version of Faro reads version {expected}; train the model again")]
    FormatVersion {
        /// Version in the file.
        found: u64,
        /// Version this code reads.
        expected: u32,
    },
    /// Writing a model or report failed.
    #[error("could not write: {0}")]
    Write(String),
    /// A row index outside the table.
    #[error("row index {row} is outside the table, which has {rows} rows")]
    RowOutOfRange {
        /// Index asked for (from 0).
        row: usize,
        /// Rows in the table.
        rows: usize,
    },
}

impl RiskError {
    /// A [`RiskError::MissingColumn`] listing the available names.
    pub(crate) fn missing_column<'a>(column: &str, available: impl IntoIterator<Item = &'a str>) -> Self {
        let available: Vec<&str> = available.into_iter().collect();
        RiskError::MissingColumn {
            column: column.to_owned(),
            available: available.join(", "),
        }
    }
}
