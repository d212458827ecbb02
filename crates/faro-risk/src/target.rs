//! The binary outcome (violation found or not), from whatever the file calls it.

use crate::error::RiskError;
use crate::table::{ColumnData, Table};

/// A text value as an outcome: 1/0, true/false, yes/no, sí/si/no, y/n, t/f (any case).
pub fn parse_outcome(value: &str) -> Option<bool> {
    let v = value.trim().to_lowercase();
    match v.as_str() {
        "1" | "1.0" | "true" | "t" | "yes" | "y" | "sí" | "si" | "s" => Some(true),
        "0" | "0.0" | "false" | "f" | "no" | "n" => Some(false),
        _ => None,
    }
}

/// The outcome of every row of `table`'s column `column`; an error names the first row that is
/// missing or not binary. Rows are reported from 1.
pub fn parse_target(table: &Table, column: &str) -> Result<Vec<bool>, RiskError> {
    let col = table.require(column)?;
    match &col.data {
        ColumnData::Numeric(values) => values
            .iter()
            .enumerate()
            .map(|(i, &v)| {
                if v.is_nan() {
                    Err(RiskError::TargetMissing {
                        column: column.to_owned(),
                        row: i + 1,
                    })
                } else if v == 1.0 {
                    Ok(true)
                } else if v == 0.0 {
                    Ok(false)
                } else {
                    Err(RiskError::TargetNotBinary {
                        column: column.to_owned(),
                        row: i + 1,
                        value: format!("{v}"),
                    })
                }
            })
            .collect(),
        ColumnData::Date(_) => Err(RiskError::KindMismatch {
            column: column.to_owned(),
            expected: "binary (1/0)",
            found: "date",
            hint: "the target must be the outcome of the inspection, 1 for a violation found and 0 for none",
        }),
        ColumnData::Categorical { codes, levels } => {
            let parsed: Vec<Option<bool>> = levels.iter().map(|l| parse_outcome(l)).collect();
            codes
                .iter()
                .enumerate()
                .map(|(i, &code)| match levels.get(code as usize) {
                    None => Err(RiskError::TargetMissing {
                        column: column.to_owned(),
                        row: i + 1,
                    }),
                    Some(level) => {
                        parsed
                            .get(code as usize)
                            .copied()
                            .flatten()
                            .ok_or_else(|| RiskError::TargetNotBinary {
                                column: column.to_owned(),
                                row: i + 1,
                                value: level.clone(),
                            })
                    }
                })
                .collect()
        }
    }
}

/// Fails with [`RiskError::OneClass`] unless `labels` hold both outcomes.
pub fn require_both_classes(labels: &[bool], column: &str, where_: &'static str) -> Result<(), RiskError> {
    let positives = labels.iter().filter(|&&y| y).count();
    if positives == 0 {
        return Err(RiskError::OneClass {
            column: column.to_owned(),
            class: "negative (0)",
            where_,
        });
    }
    if positives == labels.len() {
        return Err(RiskError::OneClass {
            column: column.to_owned(),
            class: "positive (1)",
            where_,
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]
    use super::*;
    use crate::table::Column;

    #[test]
    fn accepts_the_usual_spellings() {
        for yes in ["1", "TRUE", "yes", "Sí", "si", "SI", " y "] {
            assert_eq!(parse_outcome(yes), Some(true), "{yes}");
        }
        for no in ["0", "False", "NO", "n"] {
            assert_eq!(parse_outcome(no), Some(false), "{no}");
        }
        assert_eq!(parse_outcome("2"), None);
        assert_eq!(parse_outcome("maybe"), None);
    }

    #[test]
    fn numeric_and_text_targets() {
        let t = Table::new(vec![
            Column::numeric("y", vec![1.0, 0.0, 1.0]),
            Column::categorical("z", ["sí", "no", "Sí"]),
        ])
        .unwrap();
        assert_eq!(parse_target(&t, "y").unwrap(), vec![true, false, true]);
        assert_eq!(parse_target(&t, "z").unwrap(), vec![true, false, true]);
    }

    #[test]
    fn non_binary_missing_and_absent_targets_are_errors() {
        let t = Table::new(vec![
            Column::numeric("y", vec![1.0, 2.0]),
            Column::categorical("z", ["yes", ""]),
            Column::categorical("w", ["yes", "perhaps"]),
        ])
        .unwrap();
        let e = parse_target(&t, "y").unwrap_err();
        assert!(
            matches!(e, RiskError::TargetNotBinary { row: 2, ref value, .. } if value == "2"),
            "{e:?}"
        );
        assert!(e.to_string().contains("line 3"));
        assert!(matches!(
            parse_target(&t, "z").unwrap_err(),
            RiskError::TargetMissing { row: 2, .. }
        ));
        assert!(matches!(
            parse_target(&t, "w").unwrap_err(),
            RiskError::TargetNotBinary { row: 2, .. }
        ));
        assert!(matches!(
            parse_target(&t, "nope").unwrap_err(),
            RiskError::MissingColumn { .. }
        ));
    }

    #[test]
    fn one_class_is_refused() {
        assert!(require_both_classes(&[true, false], "y", "").is_ok());
        let e = require_both_classes(&[true, true], "y", "").unwrap_err();
        assert!(e.to_string().contains("only positive"), "{e}");
        assert!(require_both_classes(&[], "y", "").is_err());
    }
}
