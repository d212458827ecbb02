//! Reading any CSV of units into a [`Table`], inferring each column's kind.
//!
//! - The delimiter is `,`, `;` or a tab, whichever appears most in the header line (or given).
//! - The input must be UTF-8; a byte-order mark is skipped.
//! - Values are trimmed; an empty value, `NA`, `N/A`, `null` or `NaN` (any case) is missing.
//! - A column is numeric when every non-missing value is a plain number (digits, sign, one `.`
//!   for decimals, exponent; no thousands separators), a date column when every non-missing value
//!   is an ISO date `YYYY-MM-DD`, and categorical otherwise. [`CsvOptions`] overrides this.
//!
//! Columns whose kind is forced are parsed as they stream by; the others keep their text until
//! the end of the file (about the size of the file), then become typed vectors.

use std::collections::{HashMap, HashSet};
use std::io::{BufRead, BufReader, Read};

use chrono::NaiveDate;

use crate::error::RiskError;
use crate::table::{date_to_days, intern, Column, ColumnData, Table, MISSING_CODE};

/// How to read a CSV: kinds forced by the user (or by a model) and columns to skip.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CsvOptions {
    /// Columns read as numbers; a value that is not a plain number is an error naming the row.
    pub numeric: Vec<String>,
    /// Columns read as text even when every value looks like a number or a date (postal codes,
    /// industry codes).
    pub categorical: Vec<String>,
    /// Columns not read at all.
    pub ignore: Vec<String>,
    /// The field delimiter; `None` sniffs `,`, `;` or tab from the header line.
    pub delimiter: Option<u8>,
}

/// Whether a trimmed value stands for "missing".
pub fn is_missing_token(value: &str) -> bool {
    value.is_empty()
        || value.eq_ignore_ascii_case("na")
        || value.eq_ignore_ascii_case("n/a")
        || value.eq_ignore_ascii_case("null")
        || value.eq_ignore_ascii_case("nan")
}

/// A plain number: only digits, signs, `.`, `e`/`E`, and a finite value.
pub fn parse_plain_number(value: &str) -> Option<f64> {
    let bytes = value.as_bytes();
    let allowed = bytes
        .iter()
        .all(|c| c.is_ascii_digit() || matches!(c, b'-' | b'+' | b'.' | b'e' | b'E'));
    if !allowed || !bytes.iter().any(u8::is_ascii_digit) {
        return None;
    }
    value.parse::<f64>().ok().filter(|v| v.is_finite())
}

/// An ISO calendar date `YYYY-MM-DD`.
pub fn parse_iso_date(value: &str) -> Option<NaiveDate> {
    let b = value.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    NaiveDate::parse_from_str(value, "%Y-%m-%d").ok()
}

/// One column being read.
enum Builder {
    Skip,
    Numeric(Vec<f64>),
    Categorical {
        index: HashMap<String, u32>,
        levels: Vec<String>,
        codes: Vec<u32>,
    },
    Infer {
        text: String,
        ends: Vec<u32>,
        numeric: bool,
        date: bool,
        any: bool,
    },
}

impl Builder {
    fn push(&mut self, value: &str, column: &str, row: usize) -> Result<(), RiskError> {
        let missing = is_missing_token(value);
        match self {
            Builder::Skip => {}
            Builder::Numeric(values) => {
                if missing {
                    values.push(f64::NAN);
                } else {
                    let v = parse_plain_number(value).ok_or_else(|| RiskError::NotNumeric {
                        column: column.to_owned(),
                        row,
                        value: value.to_owned(),
                    })?;
                    values.push(v);
                }
            }
            Builder::Categorical { index, levels, codes } => {
                if missing {
                    codes.push(MISSING_CODE);
                } else if let Some(&code) = index.get(value) {
                    codes.push(code);
                } else {
                    let code = levels.len() as u32;
                    index.insert(value.to_owned(), code);
                    levels.push(value.to_owned());
                    codes.push(code);
                }
            }
            Builder::Infer {
                text,
                ends,
                numeric,
                date,
                any,
            } => {
                if !missing {
                    *any = true;
                    if *numeric && parse_plain_number(value).is_none() {
                        *numeric = false;
                    }
                    if *date && parse_iso_date(value).is_none() {
                        *date = false;
                    }
                    text.push_str(value);
                }
                let end = u32::try_from(text.len()).map_err(|_| RiskError::TooLarge {
                    column: column.to_owned(),
                })?;
                ends.push(end);
            }
        }
        Ok(())
    }

    fn finish(self) -> Option<ColumnData> {
        match self {
            Builder::Skip => None,
            Builder::Numeric(values) => Some(ColumnData::Numeric(values)),
            Builder::Categorical { levels, codes, .. } => Some(ColumnData::Categorical { codes, levels }),
            Builder::Infer {
                text,
                ends,
                numeric,
                date,
                any,
            } => {
                let cells = ends.iter().scan(0usize, |start, &end| {
                    let cell = text.get(*start..end as usize).unwrap_or("");
                    *start = end as usize;
                    Some(cell)
                });
                Some(if !any || numeric {
                    ColumnData::Numeric(cells.map(|c| parse_plain_number(c).unwrap_or(f64::NAN)).collect())
                } else if date {
                    ColumnData::Date(
                        cells
                            .map(|c| parse_iso_date(c).map_or(f64::NAN, date_to_days))
                            .collect(),
                    )
                } else {
                    let (codes, levels) = intern(cells.map(|c| (!c.is_empty()).then_some(c)));
                    ColumnData::Categorical { codes, levels }
                })
            }
        }
    }
}

/// The delimiter most frequent in the first line of `head` among `,`, `;` and tab (`,` on ties).
fn sniff_delimiter(head: &[u8]) -> u8 {
    // The header is the first line that is not empty: the CSV parser skips empty lines.
    let line = head
        .split(|&b| b == b'\n')
        .map(|l| l.strip_suffix(b"\r").unwrap_or(l))
        .find(|l| !l.is_empty())
        .unwrap_or(head);
    let count = |d: u8| line.iter().filter(|&&b| b == d).count();
    let mut best = (b',', count(b','));
    for d in [b';', b'\t'] {
        let c = count(d);
        if c > best.1 {
            best = (d, c);
        }
    }
    best.0
}

fn csv_error(err: csv::Error) -> RiskError {
    let line = err.position().map_or(0, csv::Position::line);
    match err.into_kind() {
        csv::ErrorKind::Io(e) => RiskError::Io(e),
        csv::ErrorKind::UnequalLengths { pos, expected_len, len } => RiskError::RaggedRow {
            line: pos.map_or(line, |p| p.line()),
            expected: expected_len as usize,
            found: len as usize,
        },
        other => RiskError::Csv {
            line,
            detail: format!("{other:?}"),
        },
    }
}

/// Reads a whole CSV into a [`Table`]. Errors name the line (1 = header) or the data row.
pub fn read_csv(reader: impl Read, opts: &CsvOptions) -> Result<Table, RiskError> {
    let mut buffered = BufReader::with_capacity(1 << 16, reader);
    let head = buffered.fill_buf()?;
    if head.starts_with(&[0xEF, 0xBB, 0xBF]) {
        buffered.consume(3);
    }
    let head = buffered.fill_buf()?;
    let delimiter = opts.delimiter.unwrap_or_else(|| sniff_delimiter(head));
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(true)
        .flexible(false)
        .from_reader(buffered);

    let header = reader.byte_headers().map_err(csv_error)?.clone();
    if header.is_empty() || (header.len() == 1 && header[0].iter().all(u8::is_ascii_whitespace)) {
        return Err(RiskError::EmptyFile);
    }
    let mut names = Vec::with_capacity(header.len());
    for (i, raw) in header.iter().enumerate() {
        let name = std::str::from_utf8(raw)
            .map_err(|_| RiskError::NotUtf8 {
                line: 1,
                column: format!("column_{}", i + 1),
            })?
            .trim()
            // A byte order mark after empty lines is not part of the name.
            .trim_start_matches('\u{feff}')
            .trim();
        names.push(if name.is_empty() {
            format!("column_{}", i + 1)
        } else {
            name.to_owned()
        });
    }
    let mut seen = HashSet::new();
    for name in &names {
        if !seen.insert(name.as_str()) {
            return Err(RiskError::DuplicateColumn { column: name.clone() });
        }
    }
    for name in opts.numeric.iter().chain(&opts.categorical).chain(&opts.ignore) {
        if !seen.contains(name.as_str()) {
            return Err(RiskError::missing_column(name, names.iter().map(String::as_str)));
        }
    }
    if let Some(both) = opts.numeric.iter().find(|n| opts.categorical.contains(n)) {
        return Err(RiskError::InvalidSpec {
            name: "column kinds",
            reason: format!("column {both:?} is declared both numeric and categorical; choose one"),
        });
    }

    let mut builders: Vec<Builder> = names
        .iter()
        .map(|name| {
            if opts.ignore.contains(name) {
                Builder::Skip
            } else if opts.numeric.contains(name) {
                Builder::Numeric(Vec::new())
            } else if opts.categorical.contains(name) {
                Builder::Categorical {
                    index: HashMap::new(),
                    levels: Vec::new(),
                    codes: Vec::new(),
                }
            } else {
                Builder::Infer {
                    text: String::new(),
                    ends: Vec::new(),
                    numeric: true,
                    date: true,
                    any: false,
                }
            }
        })
        .collect();

    let mut record = csv::ByteRecord::new();
    let mut row = 0usize;
    while reader.read_byte_record(&mut record).map_err(csv_error)? {
        row += 1;
        let line = record.position().map_or(row as u64 + 1, csv::Position::line);
        for ((raw, builder), name) in record.iter().zip(builders.iter_mut()).zip(&names) {
            if matches!(builder, Builder::Skip) {
                continue;
            }
            let value = std::str::from_utf8(raw).map_err(|_| RiskError::NotUtf8 {
                line,
                column: name.clone(),
            })?;
            builder.push(value.trim(), name, row)?;
        }
    }
    if row == 0 {
        return Err(RiskError::NoRows);
    }
    let columns = builders
        .into_iter()
        .zip(names)
        .filter_map(|(builder, name)| builder.finish().map(|data| Column { name, data }))
        .collect();
    Table::new(columns)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]
    use super::*;
    use crate::table::ColumnKind;
    use proptest::prelude::*;

    fn read(text: &str) -> Result<Table, RiskError> {
        read_csv(text.as_bytes(), &CsvOptions::default())
    }

    /// Found by fuzzing (`crates/faro-fuzz/regressions/risk_csv/blank-line-before-header`): the
    /// delimiter was sniffed from the empty first line (so `,`) while the parser took the next
    /// line as the header, and a byte order mark there stayed in the first column's name.
    #[test]
    fn empty_lines_before_the_header_do_not_hide_its_delimiter() {
        let t = read("\r\n\n\u{feff}unit;state;violation\nA;14;1\nB;09;0\n").unwrap();
        let names: Vec<&str> = t.columns().iter().map(|c| c.name.as_str()).collect();
        assert_eq!(names, ["unit", "state", "violation"]);
        assert_eq!(t.rows(), 2);
    }

    #[test]
    fn infers_numeric_date_and_categorical() {
        let t = read(
            "\u{feff}id,size,opened,state,code\n1,10,2020-01-05,Jalisco,007\n2,NA,2021-03-01,,12\n3,2.5e1,,CDMX,x1\n",
        )
        .unwrap();
        assert_eq!(t.rows(), 3);
        let kind = |n: &str| t.column(n).unwrap().kind();
        assert_eq!(kind("id"), ColumnKind::Numeric);
        assert_eq!(kind("size"), ColumnKind::Numeric);
        assert_eq!(kind("opened"), ColumnKind::Date);
        assert_eq!(kind("state"), ColumnKind::Categorical);
        assert_eq!(kind("code"), ColumnKind::Categorical);
        let size = t.column("size").unwrap();
        assert!(size.is_missing(1));
        assert_eq!(size.text(2).as_deref(), Some("25"));
        assert_eq!(t.column("opened").unwrap().text(0).as_deref(), Some("2020-01-05"));
        assert!(t.column("opened").unwrap().is_missing(2));
        assert!(t.column("state").unwrap().is_missing(1));
        // Text of a categorical column is kept as written, leading zeros included.
        assert_eq!(t.column("code").unwrap().text(0).as_deref(), Some("007"));
    }

    #[test]
    fn sniffs_semicolons_and_trims() {
        let t = read("a; b\n1; x \n2;y\n").unwrap();
        assert_eq!(t.column("b").unwrap().text(0).as_deref(), Some("x"));
        assert_eq!(t.column("a").unwrap().kind(), ColumnKind::Numeric);
    }

    #[test]
    fn thousands_separators_are_not_numbers() {
        let t = read("a\n\"1,234.5\"\n2\n").unwrap();
        assert_eq!(t.column("a").unwrap().kind(), ColumnKind::Categorical);
        assert_eq!(parse_plain_number("1,234.5"), None);
        assert_eq!(parse_plain_number("inf"), None);
        assert_eq!(parse_plain_number("-1.5e3"), Some(-1500.0));
        assert_eq!(parse_plain_number("+"), None);
    }

    #[test]
    fn overrides_force_kinds_and_skip_columns() {
        let opts = CsvOptions {
            numeric: vec!["n".into()],
            categorical: vec!["cp".into()],
            ignore: vec!["junk".into()],
            delimiter: None,
        };
        let t = read_csv("n,cp,junk\n1,01000,z\n,44100,w\n".as_bytes(), &opts).unwrap();
        assert!(t.column("junk").is_none());
        assert_eq!(t.column("cp").unwrap().kind(), ColumnKind::Categorical);
        assert_eq!(t.column("cp").unwrap().text(0).as_deref(), Some("01000"));
        assert!(t.column("n").unwrap().is_missing(1));
    }

    #[test]
    fn garbage_in_a_forced_numeric_column_names_column_and_row() {
        let opts = CsvOptions {
            numeric: vec!["n".into()],
            ..CsvOptions::default()
        };
        let err = read_csv("n,m\n1,a\n2,b\nabc,c\n".as_bytes(), &opts).unwrap_err();
        match &err {
            RiskError::NotNumeric { column, row, value } => {
                assert_eq!((column.as_str(), *row, value.as_str()), ("n", 3, "abc"));
            }
            other => panic!("unexpected {other:?}"),
        }
        assert!(err.to_string().contains("line 4"), "{err}");
    }

    #[test]
    fn ragged_rows_name_the_line() {
        let err = read("a,b\n1,2\n3\n").unwrap_err();
        assert!(
            matches!(
                err,
                RiskError::RaggedRow {
                    line: 3,
                    expected: 2,
                    found: 1
                }
            ),
            "{err:?}"
        );
    }

    #[test]
    fn empty_inputs_are_errors() {
        assert!(matches!(read("").unwrap_err(), RiskError::EmptyFile));
        assert!(matches!(read("\u{feff}").unwrap_err(), RiskError::EmptyFile));
        assert!(matches!(read("a,b\n").unwrap_err(), RiskError::NoRows));
    }

    #[test]
    fn invalid_utf8_and_unknown_override_and_duplicates() {
        let err = read_csv(&b"a,b\n1,\xff\n"[..], &CsvOptions::default()).unwrap_err();
        assert!(
            matches!(err, RiskError::NotUtf8 { line: 2, ref column } if column == "b"),
            "{err:?}"
        );
        let opts = CsvOptions {
            ignore: vec!["nope".into()],
            ..CsvOptions::default()
        };
        assert!(matches!(
            read_csv("a\n1\n".as_bytes(), &opts).unwrap_err(),
            RiskError::MissingColumn { .. }
        ));
        assert!(matches!(
            read("a,a\n1,2\n").unwrap_err(),
            RiskError::DuplicateColumn { .. }
        ));
    }

    #[test]
    fn crlf_line_ends_and_quoted_delimiters() {
        let t = read("name,n\r\n\"Pérez, S.A.\",1\r\n\"x\",2\r\n").unwrap();
        assert_eq!(t.column("name").unwrap().text(0).as_deref(), Some("Pérez, S.A."));
        assert_eq!(t.column("n").unwrap().kind(), ColumnKind::Numeric);
    }

    #[test]
    fn all_missing_column_is_numeric_nan() {
        let t = read("a,b\n1,\n2,NA\n").unwrap();
        assert_eq!(t.column("b").unwrap().kind(), ColumnKind::Numeric);
        assert_eq!(t.column("b").unwrap().missing_count(), 2);
    }

    proptest! {
        /// Any table of plain numbers and words written as CSV reads back with the same cells.
        #[test]
        fn written_tables_read_back(
            nums in proptest::collection::vec(-1.0e6f64..1.0e6, 1..40),
            words in proptest::collection::vec("w[a-z]{0,5}", 1..40),
        ) {
            let n = nums.len().min(words.len());
            let mut text = String::from("num;word\n");
            for i in 0..n {
                text.push_str(&format!("{};{}\n", nums[i], words[i]));
            }
            let t = read(&text).unwrap();
            prop_assert_eq!(t.rows(), n);
            match &t.column("num").unwrap().data {
                ColumnData::Numeric(v) => prop_assert_eq!(&v[..], &nums[..n]),
                other => prop_assert!(false, "not numeric: {:?}", other),
            }
            for (i, word) in words.iter().enumerate().take(n) {
                let text = t.column("word").unwrap().text(i);
                prop_assert_eq!(text.as_deref(), Some(word.as_str()));
            }
        }

        /// Arbitrary bytes never panic the reader.
        #[test]
        fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..200)) {
            let _ = read_csv(&bytes[..], &CsvOptions::default());
        }
    }
}
