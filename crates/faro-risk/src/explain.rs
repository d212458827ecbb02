//! Why a unit scored what it scored: per row, the factors (columns) that raise or lower its
//! log-odds, largest effect first: from the booster's per-feature contributions (see
//! [`crate::gbdt`]) or, when the logistic baseline scores, from its terms.
//!
//! Every feature is one original column (categorical columns are not one-hot encoded for the
//! booster), so a contribution is already per column. Contributions are in log-odds and, with
//! the model's base value, add up to the row's log-odds.

use serde::{Deserialize, Serialize};

use crate::error::RiskError;
use crate::gbdt;
use crate::model::RiskModel;
use crate::scorer::Scorer;
use crate::table::Table;

/// Rows explained per call of the booster, to bound memory.
const CHUNK: usize = 4096;

/// One column's push on one row's score.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Factor {
    /// The column.
    pub column: String,
    /// The row's value in that column as text (`None` when missing).
    pub value: Option<String>,
    /// Effect on the log-odds: positive raises the risk, negative lowers it.
    pub contribution: f64,
}

/// Contributions for `rows` of `table`: one vector of `features + 1` values per row (the last
/// is the base value).
pub fn contributions(model: &RiskModel, table: &Table, rows: &[usize]) -> Result<Vec<Vec<f64>>, RiskError> {
    if let Some(&bad) = rows.iter().find(|&&r| r >= table.rows()) {
        return Err(RiskError::RowOutOfRange {
            row: bad,
            rows: table.rows(),
        });
    }
    let width = model.schema.features.len() + 1;
    let mut out = Vec::with_capacity(rows.len());
    for chunk in rows.chunks(CHUNK) {
        let encoded = model.schema.encode(table, Some(chunk))?;
        let flat = match model.scorer.scorer {
            Scorer::Trees => gbdt::contributions(&model.booster, &encoded)?,
            Scorer::Baseline => model.baseline.contributions(&encoded, width - 1),
        };
        out.extend(flat.chunks(width).map(<[f64]>::to_vec));
    }
    Ok(out)
}

/// The factors of each of `rows`, at most `top` per row, by decreasing absolute contribution
/// (columns contributing exactly 0 are left out).
pub fn explain_rows(
    model: &RiskModel,
    table: &Table,
    rows: &[usize],
    top: usize,
) -> Result<Vec<Vec<Factor>>, RiskError> {
    let features = &model.schema.features;
    let columns: Vec<_> = features
        .iter()
        .map(|f| table.require(&f.column))
        .collect::<Result<_, _>>()?;
    let all = contributions(model, table, rows)?;
    Ok(rows
        .iter()
        .zip(all)
        .map(|(&row, values)| {
            let mut factors: Vec<Factor> = features
                .iter()
                .zip(&columns)
                .zip(&values)
                .filter(|(_, &c)| c != 0.0)
                .map(|((feature, column), &contribution)| Factor {
                    column: feature.column.clone(),
                    value: column.text(row),
                    contribution,
                })
                .collect();
            factors.sort_by(|a, b| {
                b.contribution
                    .abs()
                    .total_cmp(&a.contribution.abs())
                    .then_with(|| a.column.cmp(&b.column))
            });
            factors.truncate(top);
            factors
        })
        .collect())
}

/// All the factors of one row.
pub fn explain(model: &RiskModel, table: &Table, row: usize) -> Result<Vec<Factor>, RiskError> {
    Ok(explain_rows(model, table, &[row], usize::MAX)?
        .pop()
        .unwrap_or_default())
}
