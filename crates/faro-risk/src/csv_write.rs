//! Writing a table as CSV, readable back by [`crate::read_csv`] with the same kinds (and by any
//! other tool): missing cells empty, dates as YYYY-MM-DD, numbers in Rust's shortest exact form.

use std::io::Write;

use crate::table::{days_to_date, MISSING_CODE};
use crate::{ColumnData, RiskError, Table};

fn quoted(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

/// Writes `table` to `out`, a header line then one line per row.
pub fn write_csv(table: &Table, out: &mut impl Write) -> Result<(), RiskError> {
    let io = |e: std::io::Error| RiskError::Write(e.to_string());
    let header: Vec<String> = table.columns().iter().map(|c| quoted(&c.name)).collect();
    writeln!(out, "{}", header.join(",")).map_err(io)?;
    let mut line = Vec::with_capacity(table.columns().len());
    for row in 0..table.rows() {
        line.clear();
        for c in table.columns() {
            line.push(match &c.data {
                ColumnData::Numeric(v) => {
                    let x = v[row];
                    if x.is_nan() {
                        String::new()
                    } else {
                        x.to_string()
                    }
                }
                ColumnData::Date(v) => days_to_date(v[row]).map(|d| d.to_string()).unwrap_or_default(),
                ColumnData::Categorical { codes, levels } => {
                    let code = codes[row];
                    if code == MISSING_CODE {
                        String::new()
                    } else {
                        levels.get(code as usize).map(|l| quoted(l)).unwrap_or_default()
                    }
                }
            });
        }
        if line.len() == 1 && line[0].is_empty() {
            // A row of one missing cell would be an empty line, which CSV readers skip: quote it.
            line[0] = "\"\"".to_string();
        }
        writeln!(out, "{}", line.join(",")).map_err(io)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use crate::{read_csv, Column, CsvOptions};

    /// Found by fuzzing (`crates/faro-fuzz/regressions/risk_csv/one-column-missing-cell`): a
    /// missing cell of a one-column table was written as an empty line, and the row was lost.
    #[test]
    fn a_one_column_table_keeps_its_missing_cells() {
        let table = Table::new(vec![Column::numeric("target", vec![f64::NAN, 0.0, f64::NAN])]).unwrap();
        let mut out = Vec::new();
        write_csv(&table, &mut out).unwrap();
        assert_eq!(String::from_utf8(out.clone()).unwrap(), "target\n\"\"\n0\n\"\"\n");
        let back = read_csv(&out[..], &CsvOptions::default()).unwrap();
        assert_eq!(back.rows(), 3);
        assert_eq!(back.columns()[0].missing_count(), 2);
    }

    #[test]
    fn a_written_table_reads_back_the_same() {
        let table = Table::new(vec![
            Column::numeric("x", vec![1.5, f64::NAN, -2.0]),
            Column::categorical("state", ["07", "a,b", "09"]),
            Column::dates(
                "day",
                [
                    chrono::NaiveDate::from_ymd_opt(2024, 3, 1),
                    None,
                    chrono::NaiveDate::from_ymd_opt(2025, 1, 2),
                ],
            ),
        ])
        .unwrap();
        let mut out = Vec::new();
        write_csv(&table, &mut out).unwrap();
        let text = String::from_utf8(out.clone()).unwrap();
        assert_eq!(text, "x,state,day\n1.5,07,2024-03-01\n,\"a,b\",\n-2,09,2025-01-02\n");
        let options = CsvOptions {
            categorical: vec!["state".into()],
            ..CsvOptions::default()
        };
        let back = read_csv(&out[..], &options).unwrap();
        assert_eq!(back.rows(), 3);
        assert_eq!(back.column("state").unwrap().text(1).as_deref(), Some("a,b"));
        assert_eq!(back.column("day").unwrap().kind(), crate::ColumnKind::Date);
    }
}
