//! The features of a workplace as of a day, their names (which are also the keys of their
//! explanations in the translation files: `risk.feature.<name>`), and a columnar table of them.

use std::collections::HashMap;

use crate::inspection::Matter;

/// Whether a feature is a number or a category.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FeatureKind {
    Numeric,
    Categorical,
}

/// A feature's name and kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FeatureSpec {
    pub name: &'static str,
    pub kind: FeatureKind,
}

const fn num(name: &'static str) -> FeatureSpec {
    FeatureSpec {
        name,
        kind: FeatureKind::Numeric,
    }
}

const fn cat(name: &'static str) -> FeatureSpec {
    FeatureSpec {
        name,
        kind: FeatureKind::Categorical,
    }
}

/// The categorical features, in the order of [`Features::categories`].
pub const CATEGORICAL: [FeatureSpec; 3] = [cat("sector"), cat("subsector"), cat("state")];

/// The numeric features, in the order of [`Features::numbers`].
pub const NUMERIC: [FeatureSpec; N_NUMERIC] = [
    num("size_band"),
    num("headcount"),
    num("workplace_age_years"),
    num("employer_workplaces"),
    num("municipality_population_thousands"),
    num("wp_visits"),
    num("wp_visits_with_findings"),
    num("wp_findings_general_conditions"),
    num("wp_findings_safety_health"),
    num("wp_findings_training"),
    num("wp_findings_child_labor"),
    num("wp_findings_forced_labor"),
    num("wp_findings_subcontracting"),
    num("wp_findings_freedom_of_association"),
    num("wp_findings_discrimination_harassment"),
    num("wp_complaints"),
    num("wp_days_since_last_visit"),
    num("wp_last_visit_had_findings"),
    num("employer_other_visits"),
    num("employer_other_visits_with_findings"),
    num("employer_other_complaints"),
    num("employer_fines"),
    num("employer_fines_outstanding_mxn"),
    num("employer_conciliation_requests_2y"),
    num("state_child_labor_rate"),
    num("complaint"),
];

pub const N_NUMERIC: usize = 26;

/// Every feature: the categorical ones first, then the numeric ones.
pub const FEATURES: [FeatureSpec; 3 + N_NUMERIC] = {
    let mut all = [cat("sector"); 3 + N_NUMERIC];
    let mut i = 0;
    while i < 3 {
        all[i] = CATEGORICAL[i];
        i += 1;
    }
    let mut j = 0;
    while j < N_NUMERIC {
        all[3 + j] = NUMERIC[j];
        j += 1;
    }
    all
};

/// Indices into [`Features::numbers`].
pub mod idx {
    pub const SIZE_BAND: usize = 0;
    pub const HEADCOUNT: usize = 1;
    pub const WORKPLACE_AGE_YEARS: usize = 2;
    pub const EMPLOYER_WORKPLACES: usize = 3;
    pub const MUNICIPALITY_POPULATION: usize = 4;
    pub const WP_VISITS: usize = 5;
    pub const WP_VISITS_WITH_FINDINGS: usize = 6;
    /// The first of the eight per-matter counts, in [`crate::inspection::Matter::ALL`] order.
    pub const WP_FINDINGS_FIRST: usize = 7;
    pub const WP_COMPLAINTS: usize = 15;
    pub const WP_DAYS_SINCE_LAST_VISIT: usize = 16;
    pub const WP_LAST_VISIT_HAD_FINDINGS: usize = 17;
    pub const EMPLOYER_OTHER_VISITS: usize = 18;
    pub const EMPLOYER_OTHER_WITH_FINDINGS: usize = 19;
    pub const EMPLOYER_OTHER_COMPLAINTS: usize = 20;
    pub const EMPLOYER_FINES: usize = 21;
    pub const EMPLOYER_FINES_OUTSTANDING_MXN: usize = 22;
    pub const EMPLOYER_CONCILIATION_2Y: usize = 23;
    pub const STATE_CHILD_LABOR_RATE: usize = 24;
    pub const COMPLAINT: usize = 25;
}

/// The name of the per-matter findings count of `matter`.
pub fn findings_feature(matter: Matter) -> &'static str {
    let i = Matter::ALL.iter().position(|m| *m == matter).unwrap_or(0);
    NUMERIC[idx::WP_FINDINGS_FIRST + i].name
}

/// One workplace's features on one day. Missing numbers are NaN (never inspected: no days since
/// the last visit; headcount or registration date unknown).
#[derive(Debug, Clone)]
pub struct Features {
    /// Two-digit sector, three-digit subsector and state, as numbers (23, 236, 7); their levels
    /// are written as text in the table ("23", "236", "07").
    pub categories: [u32; 3],
    pub numbers: [f64; N_NUMERIC],
}

impl Features {
    /// Equal value by value, NaN equal to NaN (the leakage test compares rows this way).
    pub fn same_as(&self, other: &Features) -> bool {
        self.categories == other.categories
            && self
                .numbers
                .iter()
                .zip(other.numbers.iter())
                .all(|(a, b)| a.to_bits() == b.to_bits() || (a.is_nan() && b.is_nan()))
    }
}

/// A category's text: the state with two digits ("07"), the sector and subsector as they are.
pub fn category_text(category: usize, value: u32) -> String {
    if category == 2 {
        format!("{value:02}")
    } else {
        value.to_string()
    }
}

/// One column of a [`FeatureTable`].
#[derive(Debug, Clone, PartialEq)]
pub enum FeatureColumn {
    Numeric {
        name: &'static str,
        values: Vec<f64>,
    },
    /// `codes[i]` indexes `levels`.
    Categorical {
        name: &'static str,
        codes: Vec<u32>,
        levels: Vec<String>,
    },
}

impl FeatureColumn {
    pub fn name(&self) -> &'static str {
        match self {
            FeatureColumn::Numeric { name, .. } | FeatureColumn::Categorical { name, .. } => name,
        }
    }
}

/// Rows of features stored by column, as the model reads them.
#[derive(Debug, Clone, Default)]
pub struct FeatureTable {
    categories: [Vec<u32>; 3],
    levels: [Vec<String>; 3],
    level_codes: [HashMap<u32, u32>; 3],
    numbers: Vec<Vec<f64>>,
    rows: usize,
}

impl FeatureTable {
    pub fn new() -> FeatureTable {
        FeatureTable {
            numbers: vec![Vec::new(); N_NUMERIC],
            ..FeatureTable::default()
        }
    }

    pub fn with_capacity(rows: usize) -> FeatureTable {
        FeatureTable {
            categories: [
                Vec::with_capacity(rows),
                Vec::with_capacity(rows),
                Vec::with_capacity(rows),
            ],
            numbers: (0..N_NUMERIC).map(|_| Vec::with_capacity(rows)).collect(),
            ..FeatureTable::default()
        }
    }

    pub fn push(&mut self, f: &Features) {
        for (i, value) in f.categories.iter().enumerate() {
            let next = u32::try_from(self.levels[i].len()).unwrap_or(u32::MAX);
            let levels = &mut self.levels[i];
            let code = *self.level_codes[i].entry(*value).or_insert_with(|| {
                levels.push(category_text(i, *value));
                next
            });
            self.categories[i].push(code);
        }
        for (column, value) in self.numbers.iter_mut().zip(f.numbers.iter()) {
            column.push(*value);
        }
        self.rows += 1;
    }

    pub fn rows(&self) -> usize {
        self.rows
    }

    /// The columns, categorical ones first, in [`FEATURES`] order.
    pub fn into_columns(self) -> Vec<FeatureColumn> {
        let FeatureTable {
            categories,
            levels,
            numbers,
            ..
        } = self;
        let mut out = Vec::with_capacity(FEATURES.len());
        for ((spec, codes), levels) in CATEGORICAL.iter().zip(categories).zip(levels) {
            out.push(FeatureColumn::Categorical {
                name: spec.name,
                codes,
                levels,
            });
        }
        for (spec, values) in NUMERIC.iter().zip(numbers) {
            out.push(FeatureColumn::Numeric {
                name: spec.name,
                values,
            });
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_unique_and_indices_match() {
        let mut names: Vec<_> = FEATURES.iter().map(|f| f.name).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), FEATURES.len());
        assert_eq!(NUMERIC[idx::COMPLAINT].name, "complaint");
        assert_eq!(NUMERIC[idx::STATE_CHILD_LABOR_RATE].name, "state_child_labor_rate");
        assert_eq!(NUMERIC[idx::WP_COMPLAINTS].name, "wp_complaints");
        assert_eq!(findings_feature(Matter::SafetyHealth), "wp_findings_safety_health");
        assert_eq!(
            findings_feature(Matter::DiscriminationHarassment),
            "wp_findings_discrimination_harassment"
        );
    }

    #[test]
    fn the_table_codes_categories_in_order_of_appearance() {
        let mut t = FeatureTable::new();
        let mut f = Features {
            categories: [23, 236, 7],
            numbers: [0.0; N_NUMERIC],
        };
        t.push(&f);
        f.categories[0] = 31;
        f.numbers[idx::WP_VISITS] = 2.0;
        t.push(&f);
        f.categories[0] = 23;
        t.push(&f);
        assert_eq!(t.rows(), 3);
        let cols = t.into_columns();
        match &cols[0] {
            FeatureColumn::Categorical { name, codes, levels } => {
                assert_eq!(*name, "sector");
                assert_eq!(codes, &vec![0, 1, 0]);
                assert_eq!(levels, &vec!["23".to_string(), "31".to_string()]);
            }
            other => panic!("{other:?}"),
        }
        match &cols[2] {
            FeatureColumn::Categorical { levels, .. } => assert_eq!(levels, &vec!["07".to_string()]),
            other => panic!("{other:?}"),
        }
        match &cols[3 + idx::WP_VISITS] {
            FeatureColumn::Numeric { name, values } => {
                assert_eq!(*name, "wp_visits");
                assert_eq!(values, &vec![0.0, 2.0, 2.0]);
            }
            other => panic!("{other:?}"),
        }
    }
}
