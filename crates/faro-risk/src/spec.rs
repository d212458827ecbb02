//! What the caller asks for: which column is the outcome, which is time, which say how units
//! were selected, how big they are and how to group them; and the training parameters.

use serde::{Deserialize, Serialize};

use crate::error::RiskError;
use crate::gbdt::DEFAULT_BUDGET;
use crate::table::Table;

/// Default share of rows held out for testing.
pub const DEFAULT_TEST_FRACTION: f64 = 0.25;
/// Default seed.
pub const DEFAULT_SEED: u64 = 42;

/// The column that says how each inspection was selected, and the value that marks a random
/// draw (e.g. column `origin`, value `random`). Comparing random rows with the others measures
/// selection bias; the model's AUC on random rows alone is the unbiased estimate.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Selection {
    /// The column.
    pub column: String,
    /// The value marking a random draw (compared as text, trimmed, case-insensitive).
    pub random_value: String,
}

/// Which fitted model scores: the trees, the logistic baseline, or whichever ranked the
/// validation rows better (the default).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ScorerChoice {
    /// The trees, unless they learned nothing (no tree kept) or the baseline's AUC on the
    /// validation rows is higher.
    #[default]
    Auto,
    /// Always the trees.
    Trees,
    /// Always the logistic baseline.
    Baseline,
}

impl ScorerChoice {
    /// Parses `auto`, `trees` or `baseline`.
    pub fn parse(value: &str) -> Option<ScorerChoice> {
        match value.trim().to_ascii_lowercase().as_str() {
            "auto" => Some(ScorerChoice::Auto),
            "trees" => Some(ScorerChoice::Trees),
            "baseline" => Some(ScorerChoice::Baseline),
            _ => None,
        }
    }
}

/// Everything `train` needs to know.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TrainSpec {
    /// The binary outcome column.
    pub target: String,
    /// The time column (date or number): with it the split is temporal.
    pub time: Option<String>,
    /// The identifier column, never a feature.
    pub id: Option<String>,
    /// The selection column, never a feature.
    pub selection: Option<Selection>,
    /// The size column (e.g. employees), for the "largest workplaces first" comparison; it stays
    /// a feature.
    pub size: Option<String>,
    /// Columns to break the metrics down by (state, industry...); they stay features.
    pub groups: Vec<String>,
    /// Share of rows held out for testing, in (0, 0.9].
    pub test_fraction: f64,
    /// The booster's budget, in (0, 5].
    pub budget: f32,
    /// The seed of every random choice.
    pub seed: u64,
    /// Columns never used as features.
    pub ignore: Vec<String>,
    /// Which model scores (see [`ScorerChoice`]); specs written before it existed read as auto.
    #[serde(default)]
    pub scorer: ScorerChoice,
}

impl TrainSpec {
    /// Defaults for everything but the target: no time, id, selection, size or groups; test
    /// fraction 0.25; budget 0.5; seed 42.
    pub fn new(target: impl Into<String>) -> TrainSpec {
        TrainSpec {
            target: target.into(),
            time: None,
            id: None,
            selection: None,
            size: None,
            groups: Vec::new(),
            test_fraction: DEFAULT_TEST_FRACTION,
            budget: DEFAULT_BUDGET,
            seed: DEFAULT_SEED,
            ignore: Vec::new(),
            scorer: ScorerChoice::Auto,
        }
    }

    /// Checks the parameters and that every named column is in `table`.
    pub fn validate(&self, table: &Table) -> Result<(), RiskError> {
        if !(self.test_fraction > 0.0 && self.test_fraction <= 0.9) {
            return Err(RiskError::InvalidSpec {
                name: "test fraction",
                reason: format!(
                    "{} is outside (0, 0.9]; 0.25 holds out a quarter of the rows",
                    self.test_fraction
                ),
            });
        }
        if !(self.budget > 0.0 && self.budget <= 5.0) {
            return Err(RiskError::InvalidSpec {
                name: "budget",
                reason: format!("{} is outside (0, 5]; 0.5 is the default, 1.0 learns more", self.budget),
            });
        }
        self.eval().validate(table)?;
        for name in self.time.iter().chain(&self.id).chain(&self.ignore) {
            table.require(name)?;
        }
        if self.time.as_deref() == Some(self.target.as_str()) || self.id.as_deref() == Some(self.target.as_str()) {
            return Err(RiskError::InvalidSpec {
                name: "columns",
                reason: format!("the target {:?} cannot also be the time or id column", self.target),
            });
        }
        Ok(())
    }

    /// The evaluation part of this spec.
    pub fn eval(&self) -> EvalSpec {
        EvalSpec {
            target: self.target.clone(),
            selection: self.selection.clone(),
            size: self.size.clone(),
            groups: self.groups.clone(),
        }
    }
}

/// What `evaluate` needs: the outcome and the columns of the report's comparisons.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EvalSpec {
    /// The binary outcome column.
    pub target: String,
    /// The selection column.
    pub selection: Option<Selection>,
    /// The size column, for "largest first".
    pub size: Option<String>,
    /// Columns to break the metrics down by.
    pub groups: Vec<String>,
}

impl EvalSpec {
    /// Checks that every named column is in `table`.
    pub fn validate(&self, table: &Table) -> Result<(), RiskError> {
        table.require(&self.target)?;
        for name in self
            .size
            .iter()
            .chain(&self.groups)
            .chain(self.selection.as_ref().map(|s| &s.column))
        {
            table.require(name)?;
        }
        Ok(())
    }
}
