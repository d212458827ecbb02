//! The risk module's readers of outside files: the CSV of units (`faro risk train/evaluate/score
//! --csv`), the outcome column of a training table, and the model file (`--model`).

use std::collections::HashSet;

use faro_risk::csv_write::write_csv;
use faro_risk::encode::FeatureKind;
use faro_risk::split::temporal_split;
use faro_risk::target::parse_target;
use faro_risk::{read_csv, score_with_factors, Column, ColumnData, CsvOptions, RiskModel, Table, TrainSpec};

/// The first byte chooses the delimiter (sniffed, `,`, `;` or tab) and whether the first column
/// is forced numeric or categorical; the rest is the CSV. On success:
/// - every column has the table's number of rows, names are unique, categorical codes point at a
///   level (or are the missing code), dates are whole days, numbers are finite or `NaN`;
/// - reading the outcome of any column and the temporal split on any numeric or date column
///   do not panic, and the split's rows are in range and disjoint;
/// - the table written back as CSV reads again with the same names, rows and kinds (when it
///   has a column at all).
pub fn risk_csv(data: &[u8]) {
    let Some((&mode, file)) = data.split_first() else {
        return;
    };
    let mut opts = CsvOptions {
        delimiter: match mode & 3 {
            0 => None,
            1 => Some(b','),
            2 => Some(b';'),
            _ => Some(b'\t'),
        },
        ..CsvOptions::default()
    };
    if mode & 12 != 0 {
        // Force the first column's kind, as a model's options do when scoring.
        if let Ok(table) = read_csv(
            file,
            &CsvOptions {
                delimiter: opts.delimiter,
                ..CsvOptions::default()
            },
        ) {
            if let Some(first) = table.columns().first() {
                match mode & 12 {
                    4 => opts.numeric.push(first.name.clone()),
                    8 => opts.categorical.push(first.name.clone()),
                    _ => opts.ignore.push(first.name.clone()),
                }
            }
        }
    }
    let Ok(table) = read_csv(file, &opts) else {
        return;
    };
    check_table(&table);
    for column in table.columns() {
        if let Ok(labels) = parse_target(&table, &column.name) {
            assert_eq!(labels.len(), table.rows());
        }
        if let ColumnData::Numeric(values) | ColumnData::Date(values) = &column.data {
            if let Some(split) = temporal_split(values, 0.25) {
                let mut seen = HashSet::new();
                for &row in split.fit.iter().chain(&split.calibration).chain(&split.test) {
                    assert!(row < table.rows(), "split row {row} of {}", table.rows());
                    assert!(seen.insert(row), "row {row} is in two parts of the split");
                }
            }
        }
        let _ = TrainSpec::new(column.name.clone()).validate(&table);
    }
    if table.columns().is_empty() {
        // Every column ignored: nothing to write back (a CSV without columns reads as empty).
        return;
    }
    let mut written = Vec::new();
    if write_csv(&table, &mut written).is_err() {
        crate::broken("a table read from a CSV cannot be written back");
    }
    let mut forced = CsvOptions {
        delimiter: Some(b','),
        ..CsvOptions::default()
    };
    for column in table.columns() {
        match column.kind() {
            faro_risk::ColumnKind::Numeric => forced.numeric.push(column.name.clone()),
            faro_risk::ColumnKind::Categorical => forced.categorical.push(column.name.clone()),
            faro_risk::ColumnKind::Date => {}
        }
    }
    match read_csv(written.as_slice(), &forced) {
        Ok(again) => {
            assert_eq!(again.rows(), table.rows(), "rows differ after writing back");
            let names = |t: &Table| {
                t.columns()
                    .iter()
                    .map(|c| (c.name.clone(), c.kind()))
                    .collect::<Vec<_>>()
            };
            assert_eq!(names(&again), names(&table), "columns differ after writing back");
        }
        Err(e) => crate::broken(format!(
            "the table written back does not read: {e}\n{}",
            String::from_utf8_lossy(&written)
        )),
    }
}

/// The properties of any table.
fn check_table(table: &Table) {
    let rows = table.rows();
    let mut names = HashSet::new();
    for column in table.columns() {
        assert!(names.insert(column.name.as_str()), "duplicate column {:?}", column.name);
        assert_eq!(
            column.len(),
            rows,
            "column {:?} has {} rows of {rows}",
            column.name,
            column.len()
        );
        match &column.data {
            ColumnData::Numeric(values) => {
                assert!(values.iter().all(|v| v.is_finite() || v.is_nan()));
            }
            ColumnData::Date(days) => {
                assert!(days.iter().all(|d| d.is_nan() || d.fract() == 0.0));
            }
            ColumnData::Categorical { codes, levels } => {
                assert!(codes
                    .iter()
                    .all(|&c| c == faro_risk::table::MISSING_CODE || (c as usize) < levels.len()));
            }
        }
        for row in 0..rows {
            let _ = column.text(row);
        }
    }
}

/// A model file. On success: it writes to JSON that loads as the same model, and scoring a few
/// rows (a typical value, a missing value, an unknown level) gives one probability in [0, 1] per
/// row.
pub fn risk_model(data: &[u8]) {
    let Ok(model) = RiskModel::load(data) else {
        return;
    };
    let Ok(json) = model.to_json() else {
        crate::broken("a loaded model cannot be written");
    };
    if let Err(e) = RiskModel::load(json.as_bytes()) {
        crate::broken(format!("a loaded model, written again, does not load: {e}"));
    }
    let columns: Vec<Column> = model
        .schema
        .features
        .iter()
        .map(|f| match &f.kind {
            FeatureKind::Numeric => Column::numeric(f.column.clone(), vec![1.0, f64::NAN, -1.0e300]),
            FeatureKind::Date => Column::date_days(f.column.clone(), vec![19_000.0, f64::NAN, 0.0]),
            FeatureKind::Categorical { levels } => Column::categorical_opt(
                f.column.clone(),
                [levels.first().map(String::as_str), None, Some("\u{0}no such level")],
            ),
        })
        .collect();
    let Ok(table) = Table::new(columns) else {
        return;
    };
    if let Ok(scored) = score_with_factors(&model, &table, 3) {
        assert_eq!(scored.len(), table.rows());
        for s in &scored {
            let p = s.score.probability;
            assert!(p.is_nan() || (0.0..=1.0).contains(&p), "probability {p}");
        }
    }
}
