//! Which model scores: the baseline when the trees learned nothing or rank the validation rows
//! worse, and whichever model scores also explains.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use chrono::{TimeZone, Utc};
use faro_risk::{
    explain, read_csv, score, train, CsvOptions, RiskModel, Scorer, ScorerChoice, ScorerReason, Table, TrainSpec,
};

fn now() -> chrono::DateTime<Utc> {
    Utc.with_ymd_and_hms(2025, 1, 2, 3, 4, 5).unwrap()
}

fn synthetic(rows: usize, seed: u64) -> Table {
    let (csv, _) = common::synthetic_csv(rows, seed);
    read_csv(csv.as_bytes(), &CsvOptions::default()).unwrap()
}

/// Units whose outcome is a coin toss with a 30 % base rate, whatever their columns say.
fn noise(rows: usize) -> Table {
    let mut state = 0x2545_f491_4f6c_dd1d_u64;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        (state >> 11) as f64 / (1u64 << 53) as f64
    };
    let mut csv = String::from("id,employees,sector,violation\n");
    for i in 0..rows {
        let employees = 1 + (next() * 500.0) as u32;
        let sector = ["11", "23", "31", "46", "72"][(next() * 5.0) as usize % 5];
        let violation = u8::from(next() < 0.3);
        csv.push_str(&format!("u{i},{employees},{sector},{violation}\n"));
    }
    read_csv(csv.as_bytes(), &CsvOptions::default()).unwrap()
}

fn spec(choice: ScorerChoice) -> TrainSpec {
    let mut spec = TrainSpec::new("violation");
    spec.time = Some("inspected_on".into());
    spec.scorer = choice;
    spec
}

#[test]
fn a_baseline_that_scores_also_explains_and_survives_a_round_trip() {
    let table = synthetic(2000, 11);
    let (model, report) = train(&table, &spec(ScorerChoice::Baseline), now()).unwrap();
    assert_eq!(model.scorer.scorer, Scorer::Baseline);
    assert_eq!(model.scorer.reason, ScorerReason::Requested);
    assert_eq!(report.scorer, Some(model.scorer));

    // The scores are the baseline's log-odds, calibrated.
    let encoded = model.schema.encode(&table, None).unwrap();
    let baseline = model.baseline.predict(&encoded);
    let scores = score(&model, &table).unwrap();
    for (s, z) in scores.iter().zip(&baseline) {
        assert_eq!(s.log_odds.to_bits(), z.to_bits());
        assert_eq!(s.probability, model.calibrator.probability(*z));
    }
    // The factors add up to the score: the baseline's terms plus its intercept.
    for row in [0, 17, 999, 1999] {
        let factors = explain(&model, &table, row).unwrap();
        assert!(!factors.is_empty());
        let sum: f64 = factors.iter().map(|f| f.contribution).sum::<f64>() + model.baseline.intercept;
        assert!(
            (sum - scores[row].log_odds).abs() < 1e-9,
            "row {row}: {sum} vs {}",
            scores[row].log_odds
        );
    }
    // The model's test metrics are the scorer's.
    assert_eq!(report.model.auc, report.baseline.auc);

    let json = model.to_json().unwrap();
    let loaded = RiskModel::load(json.as_bytes()).unwrap();
    assert_eq!(loaded.scorer, model.scorer);
    assert_eq!(score(&loaded, &table).unwrap(), scores);
}

#[test]
fn when_the_trees_keep_nothing_the_baseline_scores() {
    let table = noise(3000);
    let mut spec = TrainSpec::new("violation");
    spec.id = Some("id".into());
    let (model, report) = train(&table, &spec, now()).unwrap();
    assert_eq!(model.trees(), 0, "on pure noise early stopping keeps no tree");
    assert_eq!(model.scorer.scorer, Scorer::Baseline);
    assert_eq!(model.scorer.reason, ScorerReason::NoTrees);
    // The scores are not all the same.
    let scores = score(&model, &table).unwrap();
    assert!(scores.iter().any(|s| s.log_odds != scores[0].log_odds));
    // Asked for, the trees score anyway: one score for everybody.
    spec.scorer = ScorerChoice::Trees;
    let (trees, _) = train(&table, &spec, now()).unwrap();
    assert_eq!(trees.scorer.scorer, Scorer::Trees);
    let scores = score(&trees, &table).unwrap();
    assert!(scores.iter().all(|s| s.log_odds == scores[0].log_odds));
    assert!(report.to_html(faro_risk::Lang::Es).contains("no conservó ningún árbol"));
}

#[test]
fn auto_scores_with_the_model_that_ranked_the_validation_rows_better() {
    for seed in [3, 7, 19] {
        let table = synthetic(2500, seed);
        let (model, report) = train(&table, &spec(ScorerChoice::Auto), now()).unwrap();
        let d = model.scorer;
        let (t, b) = (d.trees_validation_auc.unwrap(), d.baseline_validation_auc.unwrap());
        let want = if model.trees() == 0 || b > t {
            Scorer::Baseline
        } else {
            Scorer::Trees
        };
        assert_eq!(d.scorer, want, "seed {seed}: trees {t}, baseline {b}");
        let html = report.to_html(faro_risk::Lang::En);
        assert!(html.contains("Model that gives the scores"), "seed {seed}");
    }
}

#[test]
fn models_written_before_the_choice_load_as_scored_by_their_trees() {
    let table = synthetic(1500, 5);
    let (model, _) = train(&table, &spec(ScorerChoice::Trees), now()).unwrap();
    let mut value: serde_json::Value = serde_json::from_str(&model.to_json().unwrap()).unwrap();
    value.as_object_mut().unwrap().remove("scorer");
    value["spec"].as_object_mut().unwrap().remove("scorer");
    let old = RiskModel::load(value.to_string().as_bytes()).unwrap();
    assert_eq!(old.scorer.scorer, Scorer::Trees);
    assert_eq!(old.spec.scorer, ScorerChoice::Auto);
    assert_eq!(score(&old, &table).unwrap(), score(&model, &table).unwrap());
}
