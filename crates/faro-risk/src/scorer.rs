//! Which of the two fitted models gives the scores.
//!
//! The trees usually rank better, but not always: on a weak or mostly linear signal, early
//! stopping may keep no tree at all (every unit then gets the same score, which ranks nothing),
//! or the logistic baseline may simply rank the validation rows better. Serving the worse of two
//! models the report shows side by side would be a disservice, so by default the one with the
//! higher AUC on the validation rows scores; the report says which and why.

use serde::{Deserialize, Serialize};

use crate::spec::ScorerChoice;

/// The model whose log-odds are the scores.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Scorer {
    /// The gradient-boosted trees.
    #[default]
    Trees,
    /// The logistic baseline.
    Baseline,
}

/// Why the scorer was chosen.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ScorerReason {
    /// The training spec asked for it.
    Requested,
    /// Early stopping kept no tree: the trees give every unit the same score.
    NoTrees,
    /// Its AUC on the validation rows was higher (ties go to the trees).
    HigherValidationAuc,
    /// The validation rows had one class only, so nothing could be compared: the trees.
    NotComparable,
}

/// What decided the scorer: the choice asked for and the validation AUCs compared.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct ScorerDecision {
    /// The model that scores.
    pub scorer: Scorer,
    /// Why.
    pub reason: ScorerReason,
    /// AUC of the trees on the validation rows.
    pub trees_validation_auc: Option<f64>,
    /// AUC of the baseline on the validation rows.
    pub baseline_validation_auc: Option<f64>,
}

/// Decides which model scores, from the choice asked for, the number of trees kept and each
/// model's AUC on the validation rows.
pub fn choose(choice: ScorerChoice, trees: usize, trees_auc: Option<f64>, baseline_auc: Option<f64>) -> ScorerDecision {
    let (scorer, reason) = match choice {
        ScorerChoice::Trees => (Scorer::Trees, ScorerReason::Requested),
        ScorerChoice::Baseline => (Scorer::Baseline, ScorerReason::Requested),
        ScorerChoice::Auto if trees == 0 => (Scorer::Baseline, ScorerReason::NoTrees),
        ScorerChoice::Auto => match (trees_auc, baseline_auc) {
            (Some(t), Some(b)) if b > t => (Scorer::Baseline, ScorerReason::HigherValidationAuc),
            (Some(_), Some(_)) => (Scorer::Trees, ScorerReason::HigherValidationAuc),
            _ => (Scorer::Trees, ScorerReason::NotComparable),
        },
    };
    ScorerDecision {
        scorer,
        reason,
        trees_validation_auc: trees_auc,
        baseline_validation_auc: baseline_auc,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn auto_takes_the_better_ranking_and_ties_go_to_the_trees() {
        let d = choose(ScorerChoice::Auto, 40, Some(0.61), Some(0.72));
        assert_eq!(
            (d.scorer, d.reason),
            (Scorer::Baseline, ScorerReason::HigherValidationAuc)
        );
        let d = choose(ScorerChoice::Auto, 40, Some(0.72), Some(0.61));
        assert_eq!((d.scorer, d.reason), (Scorer::Trees, ScorerReason::HigherValidationAuc));
        let d = choose(ScorerChoice::Auto, 40, Some(0.7), Some(0.7));
        assert_eq!(d.scorer, Scorer::Trees);
        assert_eq!(d.trees_validation_auc, Some(0.7));
    }

    #[test]
    fn no_tree_means_the_baseline_whatever_the_aucs() {
        // A constant score has AUC 0.5; a baseline just as bad still ranks by something.
        let d = choose(ScorerChoice::Auto, 0, Some(0.5), Some(0.49));
        assert_eq!((d.scorer, d.reason), (Scorer::Baseline, ScorerReason::NoTrees));
    }

    #[test]
    fn one_class_validation_keeps_the_trees_and_a_request_is_obeyed() {
        let d = choose(ScorerChoice::Auto, 12, None, None);
        assert_eq!((d.scorer, d.reason), (Scorer::Trees, ScorerReason::NotComparable));
        let d = choose(ScorerChoice::Trees, 0, Some(0.5), Some(0.9));
        assert_eq!((d.scorer, d.reason), (Scorer::Trees, ScorerReason::Requested));
        let d = choose(ScorerChoice::Baseline, 50, Some(0.9), Some(0.5));
        assert_eq!((d.scorer, d.reason), (Scorer::Baseline, ScorerReason::Requested));
    }
}
