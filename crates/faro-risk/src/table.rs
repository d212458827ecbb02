//! The columnar table every other module reads: one typed vector per column, so that a million
//! rows cost eight bytes per numeric cell and four per categorical cell, and so that columns can be
//! lent to the booster without copying.

use std::collections::HashMap;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::error::RiskError;

/// The code of a missing value in a categorical column.
pub const MISSING_CODE: u32 = u32::MAX;

/// The values of one column. Numeric and date cells are `NaN` when missing; categorical cells
/// are [`MISSING_CODE`] when missing.
#[derive(Debug, Clone, PartialEq)]
pub enum ColumnData {
    /// Plain numbers.
    Numeric(Vec<f64>),
    /// Calendar dates as days since 1970-01-01 (whole numbers), usable as the time column or as
    /// a numeric feature.
    Date(Vec<f64>),
    /// Text values, dictionary encoded: `levels[codes[row]]`.
    Categorical {
        /// One code per row, an index into `levels`, or [`MISSING_CODE`].
        codes: Vec<u32>,
        /// The distinct values.
        levels: Vec<String>,
    },
}

/// The kind of a column, as inferred from a CSV or built in memory.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ColumnKind {
    /// Plain numbers.
    Numeric,
    /// ISO dates (YYYY-MM-DD).
    Date,
    /// Text values.
    Categorical,
}

impl ColumnKind {
    /// The lowercase English name, as used in error messages.
    pub fn name(self) -> &'static str {
        match self {
            ColumnKind::Numeric => "numeric",
            ColumnKind::Date => "date",
            ColumnKind::Categorical => "categorical",
        }
    }
}

/// One named column.
#[derive(Debug, Clone, PartialEq)]
pub struct Column {
    /// The column's name (a CSV header).
    pub name: String,
    /// Its values.
    pub data: ColumnData,
}

/// Days since 1970-01-01 of a date.
pub fn date_to_days(date: NaiveDate) -> f64 {
    let epoch = NaiveDate::from_ymd_opt(1970, 1, 1).unwrap_or(NaiveDate::MIN);
    (date - epoch).num_days() as f64
}

/// The date `days` after 1970-01-01, if `days` is a finite whole number in chrono's range.
pub fn days_to_date(days: f64) -> Option<NaiveDate> {
    if !days.is_finite() || days.fract() != 0.0 || days.abs() > 1.0e8 {
        return None;
    }
    let epoch = NaiveDate::from_ymd_opt(1970, 1, 1)?;
    epoch.checked_add_signed(chrono::TimeDelta::try_days(days as i64)?)
}

/// Dictionary encodes text values in order of first appearance; `None` is missing.
pub(crate) fn intern<I, S>(values: I) -> (Vec<u32>, Vec<String>)
where
    I: IntoIterator<Item = Option<S>>,
    S: AsRef<str>,
{
    let mut index: HashMap<String, u32> = HashMap::new();
    let mut levels: Vec<String> = Vec::new();
    let codes = values
        .into_iter()
        .map(|v| match v {
            None => MISSING_CODE,
            Some(s) => {
                let s = s.as_ref();
                match index.get(s) {
                    Some(&code) => code,
                    None => {
                        let code = levels.len() as u32;
                        index.insert(s.to_owned(), code);
                        levels.push(s.to_owned());
                        code
                    }
                }
            }
        })
        .collect();
    (codes, levels)
}

impl Column {
    /// A numeric column; `NaN` marks a missing value.
    pub fn numeric(name: impl Into<String>, values: Vec<f64>) -> Column {
        Column {
            name: name.into(),
            data: ColumnData::Numeric(values),
        }
    }

    /// A date column from days since 1970-01-01; `NaN` marks a missing value.
    pub fn date_days(name: impl Into<String>, days: Vec<f64>) -> Column {
        Column {
            name: name.into(),
            data: ColumnData::Date(days),
        }
    }

    /// A date column from calendar dates; `None` marks a missing value.
    pub fn dates(name: impl Into<String>, dates: impl IntoIterator<Item = Option<NaiveDate>>) -> Column {
        let days = dates.into_iter().map(|d| d.map_or(f64::NAN, date_to_days)).collect();
        Column::date_days(name, days)
    }

    /// A categorical column from text values; an empty (or all-blank) value is missing, as in a
    /// CSV.
    pub fn categorical<I, S>(name: impl Into<String>, values: I) -> Column
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        let (codes, levels) = intern(values.into_iter().map(|v| {
            let trimmed = v.as_ref().trim().to_owned();
            (!trimmed.is_empty()).then_some(trimmed)
        }));
        Column {
            name: name.into(),
            data: ColumnData::Categorical { codes, levels },
        }
    }

    /// A categorical column where `None` marks a missing value and every `Some` is a level
    /// (even an empty one).
    pub fn categorical_opt<I, S>(name: impl Into<String>, values: I) -> Column
    where
        I: IntoIterator<Item = Option<S>>,
        S: AsRef<str>,
    {
        let (codes, levels) = intern(values);
        Column {
            name: name.into(),
            data: ColumnData::Categorical { codes, levels },
        }
    }

    /// Number of rows.
    pub fn len(&self) -> usize {
        match &self.data {
            ColumnData::Numeric(v) | ColumnData::Date(v) => v.len(),
            ColumnData::Categorical { codes, .. } => codes.len(),
        }
    }

    /// Whether the column has no rows.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The column's kind.
    pub fn kind(&self) -> ColumnKind {
        match &self.data {
            ColumnData::Numeric(_) => ColumnKind::Numeric,
            ColumnData::Date(_) => ColumnKind::Date,
            ColumnData::Categorical { .. } => ColumnKind::Categorical,
        }
    }

    /// Whether the value at `row` is missing.
    pub fn is_missing(&self, row: usize) -> bool {
        match &self.data {
            ColumnData::Numeric(v) | ColumnData::Date(v) => v.get(row).is_none_or(|x| x.is_nan()),
            ColumnData::Categorical { codes, levels } => codes
                .get(row)
                .is_none_or(|&c| c == MISSING_CODE || c as usize >= levels.len()),
        }
    }

    /// Number of missing values.
    pub fn missing_count(&self) -> usize {
        match &self.data {
            ColumnData::Numeric(v) | ColumnData::Date(v) => v.iter().filter(|x| x.is_nan()).count(),
            ColumnData::Categorical { codes, levels } => codes
                .iter()
                .filter(|&&c| c == MISSING_CODE || c as usize >= levels.len())
                .count(),
        }
    }

    /// The value at `row` as text: numbers as Rust prints them, dates as YYYY-MM-DD, levels as
    /// they are; `None` when missing.
    pub fn text(&self, row: usize) -> Option<String> {
        match &self.data {
            ColumnData::Numeric(v) => v.get(row).filter(|x| !x.is_nan()).map(|x| format!("{x}")),
            ColumnData::Date(v) => v.get(row).and_then(|&d| days_to_date(d)).map(|d| d.to_string()),
            ColumnData::Categorical { codes, levels } => codes.get(row).and_then(|&c| levels.get(c as usize)).cloned(),
        }
    }

    /// The column restricted to `rows`, in that order.
    pub fn select(&self, rows: &[usize]) -> Column {
        let data = match &self.data {
            ColumnData::Numeric(v) => ColumnData::Numeric(gather(v, rows, f64::NAN)),
            ColumnData::Date(v) => ColumnData::Date(gather(v, rows, f64::NAN)),
            ColumnData::Categorical { codes, levels } => ColumnData::Categorical {
                codes: gather(codes, rows, MISSING_CODE),
                levels: levels.clone(),
            },
        };
        Column {
            name: self.name.clone(),
            data,
        }
    }
}

/// `values[rows[i]]` for every i, `missing` for an index out of range.
pub(crate) fn gather<T: Copy>(values: &[T], rows: &[usize], missing: T) -> Vec<T> {
    rows.iter()
        .map(|&r| values.get(r).copied().unwrap_or(missing))
        .collect()
}

/// A table of units (rows) described by named, typed columns of equal length.
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    columns: Vec<Column>,
    rows: usize,
}

impl Table {
    /// A table from columns, which must have equal lengths and distinct names.
    pub fn new(columns: Vec<Column>) -> Result<Table, RiskError> {
        let rows = columns.first().map_or(0, Column::len);
        let mut seen = std::collections::HashSet::new();
        for column in &columns {
            if !seen.insert(column.name.as_str()) {
                return Err(RiskError::DuplicateColumn {
                    column: column.name.clone(),
                });
            }
            if column.len() != rows {
                return Err(RiskError::LengthMismatch {
                    column: column.name.clone(),
                    expected: rows,
                    found: column.len(),
                });
            }
        }
        Ok(Table { columns, rows })
    }

    /// Number of rows.
    pub fn rows(&self) -> usize {
        self.rows
    }

    /// The columns, in order.
    pub fn columns(&self) -> &[Column] {
        &self.columns
    }

    /// The column called `name`, if any.
    pub fn column(&self, name: &str) -> Option<&Column> {
        self.columns.iter().find(|c| c.name == name)
    }

    /// The column called `name`, or an error listing the columns there are.
    pub fn require(&self, name: &str) -> Result<&Column, RiskError> {
        self.column(name)
            .ok_or_else(|| RiskError::missing_column(name, self.columns.iter().map(|c| c.name.as_str())))
    }

    /// The table restricted to `rows`, in that order.
    pub fn select_rows(&self, rows: &[usize]) -> Table {
        Table {
            columns: self.columns.iter().map(|c| c.select(rows)).collect(),
            rows: rows.len(),
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]
    use super::*;

    #[test]
    fn builders_and_accessors() {
        let t = Table::new(vec![
            Column::numeric("n", vec![1.0, f64::NAN, 3.5]),
            Column::categorical("c", ["a", "", "a"]),
            Column::dates(
                "d",
                [
                    NaiveDate::from_ymd_opt(1970, 1, 2),
                    None,
                    NaiveDate::from_ymd_opt(2024, 2, 29),
                ],
            ),
        ])
        .unwrap();
        assert_eq!(t.rows(), 3);
        let c = t.column("c").unwrap();
        assert_eq!(c.kind(), ColumnKind::Categorical);
        assert!(c.is_missing(1));
        assert_eq!(c.text(2).as_deref(), Some("a"));
        assert_eq!(c.missing_count(), 1);
        assert_eq!(t.column("n").unwrap().text(2).as_deref(), Some("3.5"));
        assert_eq!(t.column("n").unwrap().text(1), None);
        let d = t.column("d").unwrap();
        assert_eq!(d.text(0).as_deref(), Some("1970-01-02"));
        assert_eq!(d.text(2).as_deref(), Some("2024-02-29"));
        let sub = t.select_rows(&[2, 0]);
        assert_eq!(sub.rows(), 2);
        assert_eq!(sub.column("n").unwrap().data, ColumnData::Numeric(vec![3.5, 1.0]));
    }

    #[test]
    fn unequal_lengths_and_duplicate_names_are_refused() {
        let err = Table::new(vec![Column::numeric("a", vec![1.0]), Column::numeric("b", vec![])]).unwrap_err();
        assert!(matches!(err, RiskError::LengthMismatch { ref column, expected: 1, found: 0 } if column == "b"));
        let err = Table::new(vec![Column::numeric("a", vec![1.0]), Column::numeric("a", vec![2.0])]).unwrap_err();
        assert!(matches!(err, RiskError::DuplicateColumn { ref column } if column == "a"));
        let t = Table::new(vec![Column::numeric("a", vec![1.0])]).unwrap();
        let err = t.require("zz").unwrap_err().to_string();
        assert!(err.contains("zz") && err.contains("a"), "{err}");
    }

    #[test]
    fn date_round_trip() {
        let d = NaiveDate::from_ymd_opt(2001, 9, 11).unwrap();
        assert_eq!(days_to_date(date_to_days(d)), Some(d));
        assert_eq!(days_to_date(0.5), None);
        assert_eq!(days_to_date(f64::NAN), None);
    }
}
