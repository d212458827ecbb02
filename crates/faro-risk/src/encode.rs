//! Which columns the models learn from, and how a table becomes the numeric matrix they read.
//!
//! The schema is fitted on the training rows and stored in the model, so that scoring applies
//! exactly the same encoding: numeric and date columns pass through (dates as days since
//! 1970-01-01, `NaN` when missing); a categorical column keeps its [`MAX_LEVELS`] most frequent
//! training levels as codes 1, 2, ... (see [`category_code`]) and every other level, including levels never seen in
//! training, becomes missing.

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};

use perpetual::ColumnarMatrix;
use serde::{Deserialize, Serialize};

use crate::csv_read::{parse_iso_date, parse_plain_number};
use crate::error::RiskError;
use crate::table::{date_to_days, gather, Column, ColumnData, ColumnKind, Table};

/// Most levels a categorical feature keeps (the booster handles each as its own bin).
pub const MAX_LEVELS: usize = 250;

/// The matrix value of the categorical level at `index` in a feature's `levels`: `index + 1`.
///
/// Why not `index`: perpetual 2.x partitions training rows on the *bin* of a category (its rank
/// among the values present, counted from 1; bin 0 is missing) but writes and predicts splits on
/// the category's *value*. The two agree only when the values present are exactly 1, 2, ..., L,
/// which this encoding guarantees for the training rows (every kept level occurs in them).
/// With codes from 0 the trees it grows are wrong and degenerate (a test guards this).
pub fn category_code(index: usize) -> f64 {
    (index + 1) as f64
}

/// The level index of a matrix value written by [`category_code`], if it is one.
pub fn category_index(value: f64) -> Option<usize> {
    (value.is_finite() && value >= 1.0 && value.fract() == 0.0).then(|| value as usize - 1)
}

/// A categorical column is identifier-like (excluded) when its distinct values exceed this
/// share of the training rows...
pub const ID_LIKE_SHARE: f64 = 0.5;
/// ...and this count, or when (in smaller tables) nearly every present value is distinct:
pub const ID_LIKE_MIN_DISTINCT: usize = 1000;
/// distinct values at least this share of the present values...
pub const ID_LIKE_UNIQUE_SHARE: f64 = 0.9;
/// ...and more than this many.
pub const ID_LIKE_UNIQUE_MIN: usize = 50;

/// How one feature is encoded.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum FeatureKind {
    /// Numbers as they are.
    Numeric,
    /// Dates as days since 1970-01-01.
    Date,
    /// Levels by training frequency; the matrix value of a level is its index here plus one.
    Categorical {
        /// The kept levels, most frequent first.
        levels: Vec<String>,
    },
}

impl FeatureKind {
    /// The kind of table column this feature reads.
    pub fn column_kind(&self) -> ColumnKind {
        match self {
            FeatureKind::Numeric => ColumnKind::Numeric,
            FeatureKind::Date => ColumnKind::Date,
            FeatureKind::Categorical { .. } => ColumnKind::Categorical,
        }
    }
}

/// One feature: a column of the table and its encoding.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Feature {
    /// The column's name.
    pub column: String,
    /// How it is encoded.
    #[serde(flatten)]
    pub kind: FeatureKind,
}

/// Why a column is not a feature.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "reason", rename_all = "snake_case")]
pub enum Exclusion {
    /// It is the outcome.
    Target,
    /// It is the time column (used to split, not to predict).
    Time,
    /// It is the identifier column.
    Id,
    /// It says how the inspection was selected, which would leak the targeting itself.
    Selection,
    /// The user asked to ignore it.
    Ignored,
    /// Almost every row has its own value (an identifier, a name, an address).
    IdentifierLike {
        /// Distinct values in the training rows.
        distinct: usize,
    },
    /// It has one value in the training rows.
    Constant,
    /// It is empty in the training rows.
    AllMissing,
}

/// A column left out of the features, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExcludedColumn {
    /// The column.
    pub column: String,
    /// Why.
    #[serde(flatten)]
    pub reason: Exclusion,
}

/// The columns that play a role other than feature.
#[derive(Debug, Clone, Copy, Default)]
pub struct Roles<'a> {
    /// The outcome column.
    pub target: &'a str,
    /// The time column.
    pub time: Option<&'a str>,
    /// The identifier column.
    pub id: Option<&'a str>,
    /// The selection (random draw or not) column.
    pub selection: Option<&'a str>,
    /// Columns to ignore.
    pub ignore: &'a [String],
}

/// The features of a model, fitted on its training rows.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FeatureSchema {
    /// The features, in matrix column order.
    pub features: Vec<Feature>,
    /// The columns left out, in table order.
    pub excluded: Vec<ExcludedColumn>,
}

/// A table encoded for the models: one `f64` column per feature (`NaN` = missing); numeric
/// columns of the whole table are borrowed, not copied.
#[derive(Debug, Clone)]
pub struct Encoded<'t> {
    /// One column per feature, in schema order.
    pub columns: Vec<Cow<'t, [f64]>>,
    /// Number of rows.
    pub rows: usize,
}

impl Encoded<'_> {
    /// The columns as the booster's zero-copy matrix.
    pub fn matrix(&self) -> ColumnarMatrix<'_, f64> {
        ColumnarMatrix::new(self.columns.iter().map(|c| c.as_ref()).collect(), None, self.rows)
    }
}

/// Counts of each code among `rows`.
fn level_counts(codes: &[u32], levels: usize, rows: &[usize]) -> Vec<usize> {
    let mut counts = vec![0usize; levels];
    for &r in rows {
        if let Some(slot) = codes.get(r).and_then(|&c| counts.get_mut(c as usize)) {
            *slot += 1;
        }
    }
    counts
}

/// The values of a numeric or date column at `rows`: `None` if all missing, `Some(true)` if
/// all equal.
fn numeric_constant(values: &[f64], rows: &[usize]) -> Option<bool> {
    let mut first: Option<f64> = None;
    for &r in rows {
        let v = values.get(r).copied().unwrap_or(f64::NAN);
        if v.is_nan() {
            continue;
        }
        match first {
            None => first = Some(v),
            Some(f) if f != v => return Some(false),
            Some(_) => {}
        }
    }
    first.map(|_| true)
}

fn classify(column: &Column, rows: &[usize]) -> Result<FeatureKind, Exclusion> {
    match &column.data {
        ColumnData::Numeric(values) | ColumnData::Date(values) => match numeric_constant(values, rows) {
            None => Err(Exclusion::AllMissing),
            Some(true) => Err(Exclusion::Constant),
            Some(false) if column.kind() == ColumnKind::Date => Ok(FeatureKind::Date),
            Some(false) => Ok(FeatureKind::Numeric),
        },
        ColumnData::Categorical { codes, levels } => {
            let counts = level_counts(codes, levels.len(), rows);
            let distinct = counts.iter().filter(|&&c| c > 0).count();
            if distinct == 0 {
                return Err(Exclusion::AllMissing);
            }
            if distinct == 1 {
                return Err(Exclusion::Constant);
            }
            let present: usize = counts.iter().sum();
            let share = distinct as f64 / rows.len().max(1) as f64;
            let nearly_unique =
                distinct as f64 >= ID_LIKE_UNIQUE_SHARE * present as f64 && distinct > ID_LIKE_UNIQUE_MIN;
            if share > ID_LIKE_SHARE && (distinct > ID_LIKE_MIN_DISTINCT || nearly_unique) {
                return Err(Exclusion::IdentifierLike { distinct });
            }
            let mut order: Vec<usize> = (0..levels.len()).filter(|&i| counts[i] > 0).collect();
            order.sort_by(|&a, &b| counts[b].cmp(&counts[a]).then_with(|| levels[a].cmp(&levels[b])));
            order.truncate(MAX_LEVELS);
            Ok(FeatureKind::Categorical {
                levels: order.into_iter().map(|i| levels[i].clone()).collect(),
            })
        }
    }
}

fn kind_error(column: &str, expected: ColumnKind, found: ColumnKind) -> RiskError {
    RiskError::KindMismatch {
        column: column.to_owned(),
        expected: expected.name(),
        found: found.name(),
        hint: "read the file with the model's column kinds (RiskModel::csv_options) or fix the column",
    }
}

/// Maps each table row to a feature value through a per-distinct-value cache, for columns whose
/// kind differs from the model's (numbers read where the model saw text).
fn via_text(column: &Column, rows: &[usize], lookup: impl Fn(&str) -> f64) -> Vec<f64> {
    let mut cache: HashMap<u64, f64> = HashMap::new();
    let values: &[f64] = match &column.data {
        ColumnData::Numeric(v) | ColumnData::Date(v) => v,
        ColumnData::Categorical { .. } => &[],
    };
    rows.iter()
        .map(|&r| {
            let v = values.get(r).copied().unwrap_or(f64::NAN);
            if v.is_nan() {
                return f64::NAN;
            }
            *cache
                .entry(v.to_bits())
                .or_insert_with(|| column.text(r).map_or(f64::NAN, |t| lookup(&t)))
        })
        .collect()
}

impl FeatureSchema {
    /// Chooses the features among `table`'s columns, looking only at `rows` (the training rows).
    pub fn fit(table: &Table, rows: &[usize], roles: &Roles<'_>) -> Result<FeatureSchema, RiskError> {
        let mut features = Vec::new();
        let mut excluded = Vec::new();
        for column in table.columns() {
            let name = column.name.as_str();
            let role = if name == roles.target {
                Some(Exclusion::Target)
            } else if roles.time == Some(name) {
                Some(Exclusion::Time)
            } else if roles.id == Some(name) {
                Some(Exclusion::Id)
            } else if roles.selection == Some(name) {
                Some(Exclusion::Selection)
            } else if roles.ignore.iter().any(|i| i == name) {
                Some(Exclusion::Ignored)
            } else {
                None
            };
            let decided = match role {
                Some(reason) => Err(reason),
                None => classify(column, rows),
            };
            match decided {
                Ok(kind) => features.push(Feature {
                    column: name.to_owned(),
                    kind,
                }),
                Err(reason) => excluded.push(ExcludedColumn {
                    column: name.to_owned(),
                    reason,
                }),
            }
        }
        if features.is_empty() {
            let detail = excluded
                .iter()
                .map(|e| format!("{} ({})", e.column, exclusion_words(&e.reason)))
                .collect::<Vec<_>>()
                .join(", ");
            return Err(RiskError::NoFeatures { detail });
        }
        Ok(FeatureSchema { features, excluded })
    }

    /// Matrix indices of the categorical features (for the booster's categorical splits).
    pub fn categorical_indices(&self) -> HashSet<usize> {
        self.features
            .iter()
            .enumerate()
            .filter(|(_, f)| matches!(f.kind, FeatureKind::Categorical { .. }))
            .map(|(i, _)| i)
            .collect()
    }

    /// The feature names, in matrix order.
    pub fn names(&self) -> Vec<&str> {
        self.features.iter().map(|f| f.column.as_str()).collect()
    }

    /// Encodes `table` (all rows, or `rows` in that order). Fails when a feature column is absent
    /// or holds values of another kind that cannot be converted.
    pub fn encode<'t>(&self, table: &'t Table, rows: Option<&[usize]>) -> Result<Encoded<'t>, RiskError> {
        let all: Vec<usize>;
        let (row_list, n) = match rows {
            Some(r) => (r, r.len()),
            None => {
                all = Vec::new();
                (&all[..], table.rows())
            }
        };
        let full = rows.is_none();
        let pick = |values: &'t [f64]| -> Cow<'t, [f64]> {
            if full {
                Cow::Borrowed(values)
            } else {
                Cow::Owned(gather(values, row_list, f64::NAN))
            }
        };
        let every_row: Vec<usize>;
        let index_list: &[usize] = if full {
            every_row = (0..n).collect();
            &every_row
        } else {
            row_list
        };
        let mut columns = Vec::with_capacity(self.features.len());
        for feature in &self.features {
            let column = table.require(&feature.column)?;
            let encoded = match (&feature.kind, &column.data) {
                (FeatureKind::Numeric, ColumnData::Numeric(v)) | (FeatureKind::Date, ColumnData::Date(v)) => pick(v),
                (FeatureKind::Numeric, ColumnData::Categorical { codes, levels }) => {
                    let parsed = parse_levels(&column.name, codes, levels, index_list, parse_plain_number)?;
                    Cow::Owned(map_codes(codes, &parsed, index_list))
                }
                (FeatureKind::Date, ColumnData::Categorical { codes, levels }) => {
                    let parse = |s: &str| parse_iso_date(s).map(date_to_days);
                    let parsed = parse_levels(&column.name, codes, levels, index_list, parse)
                        .map_err(|_| kind_error(&column.name, ColumnKind::Date, ColumnKind::Categorical))?;
                    Cow::Owned(map_codes(codes, &parsed, index_list))
                }
                (FeatureKind::Categorical { levels: model }, ColumnData::Categorical { codes, levels }) => {
                    let index: HashMap<&str, usize> = model.iter().enumerate().map(|(i, l)| (l.as_str(), i)).collect();
                    let mapped: Vec<f64> = levels
                        .iter()
                        .map(|l| index.get(l.as_str()).map_or(f64::NAN, |&i| category_code(i)))
                        .collect();
                    Cow::Owned(map_codes(codes, &mapped, index_list))
                }
                (FeatureKind::Categorical { levels: model }, ColumnData::Numeric(_) | ColumnData::Date(_)) => {
                    let index: HashMap<&str, usize> = model.iter().enumerate().map(|(i, l)| (l.as_str(), i)).collect();
                    Cow::Owned(via_text(column, index_list, |t| {
                        index.get(t).map_or(f64::NAN, |&i| category_code(i))
                    }))
                }
                (expected, _) => return Err(kind_error(&column.name, expected.column_kind(), column.kind())),
            };
            columns.push(encoded);
        }
        Ok(Encoded { columns, rows: n })
    }
}

/// Each level parsed by `parse` (`NaN` for levels unused by `rows`); an error names the first
/// row whose level does not parse.
fn parse_levels(
    column: &str,
    codes: &[u32],
    levels: &[String],
    rows: &[usize],
    parse: impl Fn(&str) -> Option<f64>,
) -> Result<Vec<f64>, RiskError> {
    let parsed: Vec<Option<f64>> = levels.iter().map(|l| parse(l)).collect();
    for &r in rows {
        if let Some(&code) = codes.get(r) {
            if let (Some(None), Some(level)) = (parsed.get(code as usize), levels.get(code as usize)) {
                return Err(RiskError::NotNumeric {
                    column: column.to_owned(),
                    row: r + 1,
                    value: level.clone(),
                });
            }
        }
    }
    Ok(parsed.into_iter().map(|p| p.unwrap_or(f64::NAN)).collect())
}

/// `mapped[codes[r]]` for each row r of `rows`, `NaN` for missing codes.
fn map_codes(codes: &[u32], mapped: &[f64], rows: &[usize]) -> Vec<f64> {
    rows.iter()
        .map(|&r| {
            codes
                .get(r)
                .and_then(|&c| mapped.get(c as usize))
                .copied()
                .unwrap_or(f64::NAN)
        })
        .collect()
}

/// Short English words for an exclusion, for error messages.
pub fn exclusion_words(reason: &Exclusion) -> String {
    match reason {
        Exclusion::Target => "the target".into(),
        Exclusion::Time => "the time column".into(),
        Exclusion::Id => "the id column".into(),
        Exclusion::Selection => "the selection column".into(),
        Exclusion::Ignored => "ignored".into(),
        Exclusion::IdentifierLike { distinct } => format!("identifier-like, {distinct} distinct values"),
        Exclusion::Constant => "constant".into(),
        Exclusion::AllMissing => "empty".into(),
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]
    use super::*;

    fn table() -> Table {
        Table::new(vec![
            Column::numeric("y", vec![1.0, 0.0, 1.0, 0.0]),
            Column::numeric("size", vec![10.0, f64::NAN, 3.0, 4.0]),
            Column::categorical("state", ["Jal", "CDMX", "Jal", "Son"]),
            Column::numeric("flat", vec![2.0, 2.0, f64::NAN, 2.0]),
            Column::categorical("empty", ["", "", "", ""]),
            Column::categorical("rfc", ["A", "B", "C", "D"]),
        ])
        .unwrap()
    }

    #[test]
    fn fit_excludes_roles_constants_and_empties() {
        let t = table();
        let ignore = vec!["rfc".to_owned()];
        let roles = Roles {
            target: "y",
            ignore: &ignore,
            ..Roles::default()
        };
        let s = FeatureSchema::fit(&t, &[0, 1, 2, 3], &roles).unwrap();
        assert_eq!(s.names(), vec!["size", "state"]);
        assert_eq!(
            s.features[1].kind,
            FeatureKind::Categorical {
                levels: vec!["Jal".into(), "CDMX".into(), "Son".into()]
            }
        );
        let reasons: Vec<(&str, &Exclusion)> = s.excluded.iter().map(|e| (e.column.as_str(), &e.reason)).collect();
        assert_eq!(
            reasons,
            vec![
                ("y", &Exclusion::Target),
                ("flat", &Exclusion::Constant),
                ("empty", &Exclusion::AllMissing),
                ("rfc", &Exclusion::Ignored)
            ]
        );
        assert_eq!(s.categorical_indices(), HashSet::from([1]));
    }

    #[test]
    fn identifier_like_columns_are_excluded() {
        let n = 2400;
        let ids: Vec<String> = (0..n).map(|i| format!("id{i}")).collect();
        let t = Table::new(vec![
            Column::numeric("y", (0..n).map(|i| (i % 2) as f64).collect()),
            Column::categorical("name", ids.iter()),
            Column::numeric("x", (0..n).map(|i| i as f64).collect()),
        ])
        .unwrap();
        let rows: Vec<usize> = (0..n).collect();
        let s = FeatureSchema::fit(
            &t,
            &rows,
            &Roles {
                target: "y",
                ..Roles::default()
            },
        )
        .unwrap();
        assert_eq!(s.names(), vec!["x"]);
        assert_eq!(s.excluded[1].reason, Exclusion::IdentifierLike { distinct: 2400 });
    }

    #[test]
    fn encode_maps_levels_and_unknowns_to_missing() {
        let t = table();
        let s = FeatureSchema::fit(
            &t,
            &[0, 1, 2],
            &Roles {
                target: "y",
                ..Roles::default()
            },
        )
        .unwrap();
        // Levels from rows 0..3 only: Jal (2), CDMX (1); "Son" is unknown.
        let e = s.encode(&t, None).unwrap();
        assert!(matches!(e.columns[0], Cow::Borrowed(_)));
        let state: Vec<f64> = e.columns[1].to_vec();
        assert_eq!(&state[..3], &[1.0, 2.0, 1.0]);
        assert!(state[3].is_nan());
        let e = s.encode(&t, Some(&[3, 0])).unwrap();
        assert_eq!(e.rows, 2);
        assert_eq!(e.columns[0].as_ref(), &[4.0, 10.0]);
        let m = e.matrix();
        assert_eq!((m.rows, m.cols), (2, 3));
    }

    #[test]
    fn encode_converts_numbers_read_as_text_and_back() {
        let train = Table::new(vec![
            Column::numeric("y", vec![1.0, 0.0, 1.0]),
            Column::categorical("scian", ["461110", "x", "461110"]),
            Column::numeric("n", vec![1.0, 2.0, 3.0]),
        ])
        .unwrap();
        let s = FeatureSchema::fit(
            &train,
            &[0, 1, 2],
            &Roles {
                target: "y",
                ..Roles::default()
            },
        )
        .unwrap();
        let score = Table::new(vec![
            Column::numeric("scian", vec![461110.0, 5.0]),
            Column::categorical("n", ["7", ""]),
        ])
        .unwrap();
        let e = s.encode(&score, None).unwrap();
        assert_eq!(e.columns[0][0], 1.0);
        assert!(e.columns[0][1].is_nan());
        assert_eq!(e.columns[1][0], 7.0);
        let bad = Table::new(vec![
            Column::numeric("scian", vec![1.0]),
            Column::categorical("n", ["seven"]),
        ])
        .unwrap();
        assert!(matches!(
            s.encode(&bad, None).unwrap_err(),
            RiskError::NotNumeric { row: 1, .. }
        ));
        let absent = Table::new(vec![Column::numeric("scian", vec![1.0])]).unwrap();
        assert!(matches!(
            s.encode(&absent, None).unwrap_err(),
            RiskError::MissingColumn { .. }
        ));
    }

    #[test]
    fn no_features_is_an_error() {
        let t = Table::new(vec![Column::numeric("y", vec![1.0, 0.0])]).unwrap();
        let e = FeatureSchema::fit(
            &t,
            &[0, 1],
            &Roles {
                target: "y",
                ..Roles::default()
            },
        )
        .unwrap_err();
        assert!(e.to_string().contains("y (the target)"), "{e}");
    }
}
