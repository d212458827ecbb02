//! Bad input files end in a typed error that names the column or line, never a panic.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use chrono::{TimeZone, Utc};
use faro_risk::{read_csv, train, CsvOptions, RiskError, Table, TrainSpec};

fn now() -> chrono::DateTime<Utc> {
    Utc.with_ymd_and_hms(2025, 1, 1, 0, 0, 0).unwrap()
}

/// A valid file of `rows` rows: size, sector, y alternating 0/1 with some signal.
fn good_csv(rows: usize) -> String {
    let mut text = String::from("size,sector,y\n");
    for i in 0..rows {
        text.push_str(&format!(
            "{},{},{}\n",
            i % 17,
            ["a", "b", "c"][i % 3],
            u8::from(i % 17 > 8)
        ));
    }
    text
}

fn train_text(text: &str, opts: &CsvOptions, target: &str) -> Result<(), RiskError> {
    let table: Table = read_csv(text.as_bytes(), opts)?;
    train(&table, &TrainSpec::new(target), now()).map(|_| ())
}

#[test]
fn a_good_file_trains() {
    train_text(&good_csv(200), &CsvOptions::default(), "y").unwrap();
}

#[test]
fn missing_target_column_names_the_column_and_lists_the_others() {
    let err = train_text(&good_csv(50), &CsvOptions::default(), "violation").unwrap_err();
    let message = err.to_string();
    assert!(matches!(err, RiskError::MissingColumn { .. }));
    assert!(
        message.contains("\"violation\"") && message.contains("size, sector, y"),
        "{message}"
    );
}

#[test]
fn one_class_only_is_refused() {
    let text = good_csv(50).replace(",1\n", ",0\n");
    let err = train_text(&text, &CsvOptions::default(), "y").unwrap_err();
    assert!(matches!(err, RiskError::OneClass { .. }), "{err:?}");
    assert!(err.to_string().contains("only negative"), "{err}");
}

#[test]
fn garbage_in_a_column_forced_numeric_names_column_and_line() {
    let text = good_csv(50).replacen("\n5,", "\nfive,", 1);
    let opts = CsvOptions {
        numeric: vec!["size".into()],
        ..CsvOptions::default()
    };
    let err = train_text(&text, &opts, "y").unwrap_err();
    assert!(
        matches!(err, RiskError::NotNumeric { ref column, row: 6, ref value } if column == "size" && value == "five"),
        "{err:?}"
    );
    assert!(err.to_string().contains("line 7"), "{err}");
    // Without forcing, the column is simply categorical and training works.
    train_text(&text, &CsvOptions::default(), "y").unwrap();
}

#[test]
fn ragged_rows_name_the_line() {
    let mut text = good_csv(30);
    text.push_str("1,a\n");
    let err = train_text(&text, &CsvOptions::default(), "y").unwrap_err();
    assert!(
        matches!(
            err,
            RiskError::RaggedRow {
                line: 32,
                expected: 3,
                found: 2
            }
        ),
        "{err:?}"
    );
}

#[test]
fn empty_files_are_refused() {
    assert!(matches!(
        train_text("", &CsvOptions::default(), "y").unwrap_err(),
        RiskError::EmptyFile
    ));
    assert!(matches!(
        train_text("size,sector,y\n", &CsvOptions::default(), "y").unwrap_err(),
        RiskError::NoRows
    ));
}

#[test]
fn non_binary_targets_name_the_row() {
    let text = good_csv(50).replacen(",1\n", ",2\n", 1);
    let err = train_text(&text, &CsvOptions::default(), "y").unwrap_err();
    assert!(
        matches!(err, RiskError::TargetNotBinary { ref column, ref value, .. } if column == "y" && value == "2"),
        "{err:?}"
    );
    let text = good_csv(50).replacen(",1\n", ",maybe\n", 1);
    let err = train_text(&text, &CsvOptions::default(), "y").unwrap_err();
    assert!(err.to_string().contains("\"maybe\""), "{err}");
    let text = good_csv(50).replacen(",1\n", ",\n", 1);
    assert!(matches!(
        train_text(&text, &CsvOptions::default(), "y").unwrap_err(),
        RiskError::TargetMissing { .. }
    ));
}

#[test]
fn too_few_rows_and_no_features_are_refused() {
    let err = train_text(&good_csv(10), &CsvOptions::default(), "y").unwrap_err();
    assert!(matches!(err, RiskError::TooFewRows { rows: 10, .. }), "{err:?}");
    let opts = CsvOptions {
        ignore: vec!["size".into(), "sector".into()],
        ..CsvOptions::default()
    };
    let err = train_text(&good_csv(50), &opts, "y").unwrap_err();
    assert!(matches!(err, RiskError::NoFeatures { .. }), "{err:?}");
}

#[test]
fn a_time_column_that_is_not_a_time_is_refused() {
    let table = read_csv(good_csv(50).as_bytes(), &CsvOptions::default()).unwrap();
    let mut spec = TrainSpec::new("y");
    spec.time = Some("sector".into());
    let err = train(&table, &spec, now()).unwrap_err();
    assert!(
        matches!(err, RiskError::KindMismatch { ref column, .. } if column == "sector"),
        "{err:?}"
    );
    spec.time = Some("nope".into());
    assert!(matches!(
        train(&table, &spec, now()).unwrap_err(),
        RiskError::MissingColumn { .. }
    ));
    let mut spec = TrainSpec::new("y");
    spec.test_fraction = 1.5;
    assert!(matches!(
        train(&table, &spec, now()).unwrap_err(),
        RiskError::InvalidSpec { .. }
    ));
}
