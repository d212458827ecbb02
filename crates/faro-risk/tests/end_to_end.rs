//! Training, reporting, saving, loading, scoring and explaining on a synthetic inspection history
//! with a known logistic ground truth.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::time::Instant;

use chrono::{TimeZone, Utc};
use faro_risk::encode::Exclusion;
use faro_risk::{
    evaluate, explain, read_csv, score, score_with_factors, train, CsvOptions, Lang, Report, RiskModel, Selection,
    SplitKind, Table, TrainSpec,
};
use perpetual::ColumnarMatrix;

fn spec() -> TrainSpec {
    let mut spec = TrainSpec::new("violation");
    spec.time = Some("inspected_on".into());
    spec.selection = Some(Selection {
        column: "origin".into(),
        random_value: "random".into(),
    });
    spec.size = Some("employees".into());
    spec.groups = vec!["state".into()];
    spec
}

fn table(rows: usize, seed: u64) -> (Table, Vec<f64>) {
    let (csv, truth) = common::synthetic_csv(rows, seed);
    (read_csv(csv.as_bytes(), &CsvOptions::default()).unwrap(), truth)
}

#[test]
fn trains_reports_saves_scores_and_explains() {
    let started = Instant::now();
    let (table, truth) = table(3000, 7);
    let now = Utc.with_ymd_and_hms(2025, 1, 2, 3, 4, 5).unwrap();
    let (model, report) = train(&table, &spec(), now).unwrap();
    let trained = started.elapsed();

    // Ranking and calibration.
    let auc = report.model.auc.unwrap();
    assert!(auc > 0.7, "model AUC {auc}");
    let ece = report.calibration_error.unwrap();
    assert!(ece < 0.08, "calibration error {ece}");
    let baseline_auc = report.baseline.auc.unwrap();
    assert!(baseline_auc > 0.65, "baseline AUC {baseline_auc}");
    assert_eq!(model.test_metrics.model, report.model);
    assert_eq!(report.split.kind, SplitKind::Temporal);
    assert_eq!(
        report.split.fit_rows + report.split.calibration_rows + report.split.test_rows,
        3000
    );
    let test_window = report.split.test_window.clone().unwrap();
    let fit_window = report.split.fit_window.clone().unwrap();
    assert!(
        fit_window.end < test_window.start,
        "{fit_window:?} then {test_window:?}"
    );
    assert_eq!(report.calibrator, "isotonic");
    assert_eq!(report.at_k.len(), 4);
    assert!(report
        .at_k
        .iter()
        .all(|a| a.largest_first.is_some() && a.lift_vs_random.is_some()));
    assert!(report.at_k[2].lift_vs_random.unwrap() > 1.3);
    assert_eq!(report.gain.model.len(), 21);
    assert!((report.gain.model[20] - 1.0).abs() < 1e-9);

    // Roles and exclusions.
    let excluded = |c: &str| {
        report
            .dataset
            .excluded
            .iter()
            .find(|e| e.column == c)
            .map(|e| e.reason.clone())
    };
    assert_eq!(excluded("violation"), Some(Exclusion::Target));
    assert_eq!(excluded("inspected_on"), Some(Exclusion::Time));
    assert_eq!(excluded("origin"), Some(Exclusion::Selection));
    assert!(matches!(excluded("rfc"), Some(Exclusion::IdentifierLike { .. })));
    assert_eq!(
        model.schema.names(),
        vec!["opened_on", "employees", "x", "noise", "state"]
    );
    assert_eq!(report.importance[0].column, "x", "{:?}", report.importance);

    // Groups and selection bias.
    assert_eq!(report.groups[0].values.len(), 5);
    let selection = report.selection.as_ref().unwrap();
    assert!(selection.random.rows > 100 && selection.targeted.rows > 300);
    assert!(selection.auc_random.unwrap() > 0.65);
    assert!(selection.random.low.unwrap() < selection.random.rate.unwrap());

    // JSON round trip.
    let json = report.to_json().unwrap();
    let back: Report = serde_json::from_str(&json).unwrap();
    assert_eq!(back, report);

    // HTML: charts, no scripts, escaped data.
    for lang in [Lang::Es, Lang::En] {
        let html = report.to_html(lang);
        assert!(html.matches("<svg").count() >= 4, "charts");
        assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
        assert!(!html.contains("<script"), "no scripts and no unescaped data");
        assert!(!html.contains("risk."), "every locale key is translated");
        assert!(!html.contains("http://") || html.matches("http://").count() == html.matches("xmlns=").count());
    }
    assert!(report.to_html(Lang::Es).contains("Calibración"));

    // Save, load, identical scores.
    let mut bytes = Vec::new();
    model.save(&mut bytes).unwrap();
    let loaded = RiskModel::load(&bytes[..]).unwrap();
    let scores = score(&model, &table).unwrap();
    let reloaded = score(&loaded, &table).unwrap();
    assert_eq!(scores, reloaded);
    let mut again = Vec::new();
    loaded.save(&mut again).unwrap();
    assert_eq!(bytes, again, "a loaded model writes the same bytes");

    // The flat forest computes exactly the booster's log-odds.
    let encoded = model.schema.encode(&table, None).unwrap();
    let columns: Vec<&[f64]> = encoded.columns.iter().map(|c| c.as_ref()).collect();
    let booster = model
        .booster
        .predict_columnar(&ColumnarMatrix::new(columns, None, encoded.rows), true);
    assert!(scores
        .iter()
        .zip(&booster)
        .all(|(s, b)| s.log_odds.to_bits() == b.to_bits()));

    // Scores track the truth.
    let probabilities: Vec<f64> = scores.iter().map(|s| s.probability).collect();
    let mean_abs_error = probabilities
        .iter()
        .zip(&truth)
        .map(|(p, t)| (p - t).abs())
        .sum::<f64>()
        / truth.len() as f64;
    assert!(mean_abs_error < 0.12, "mean |p - truth| {mean_abs_error}");

    // Explanations add up to the log-odds and come sorted.
    let factors = explain(&model, &table, 5).unwrap();
    let contributions = faro_risk::explain::contributions(&model, &table, &[5]).unwrap();
    let total: f64 = contributions[0].iter().sum();
    assert!(
        (total - scores[5].log_odds).abs() < 1e-6,
        "{total} vs {}",
        scores[5].log_odds
    );
    assert!(factors
        .windows(2)
        .all(|w| w[0].contribution.abs() >= w[1].contribution.abs()));
    assert!(factors.iter().any(|f| f.column == "x"));
    let with_factors = score_with_factors(&model, &table.select_rows(&(0..200).collect::<Vec<_>>()), 3).unwrap();
    assert_eq!(with_factors.len(), 200);
    assert!(with_factors.iter().all(|r| r.factors.len() <= 3));
    assert_eq!(with_factors[7].score, scores[7]);
    assert!(explain(&model, &table, 3000).is_err());

    // Evaluating on new labelled data.
    let (fresh, _) = self::table(800, 99);
    let evaluated = evaluate(&model, &fresh, &model.eval_spec(), now).unwrap();
    assert_eq!(evaluated.split.kind, SplitKind::Evaluation);
    assert_eq!(evaluated.split.test_rows, 800);
    assert!(evaluated.model.auc.unwrap() > 0.7);

    // Scoring a file read with the model's kinds, without target or extra columns.
    let (csv, _) = common::synthetic_csv(50, 5);
    let units = read_csv(
        csv.as_bytes(),
        &CsvOptions {
            ignore: vec!["violation".into()],
            ..model.csv_options()
        },
    )
    .unwrap();
    assert_eq!(score(&model, &units).unwrap().len(), 50);

    eprintln!(
        "trained in {trained:?}, whole test {:?}, {} trees; AUC {auc:.3} (baseline {baseline_auc:.3}), ECE {ece:.3}, \
         mean |p - truth| {mean_abs_error:.3}, AUC on random draws {:.3}",
        started.elapsed(),
        model.trees(),
        selection.auc_random.unwrap_or(f64::NAN)
    );
}

#[test]
fn same_data_and_seed_give_the_same_model() {
    let (table, _) = table(1200, 3);
    let now = Utc.with_ymd_and_hms(2025, 1, 1, 0, 0, 0).unwrap();
    let (a, report_a) = train(&table, &spec(), now).unwrap();
    let (b, report_b) = train(&table, &spec(), now).unwrap();
    assert_eq!(a.to_json().unwrap(), b.to_json().unwrap());
    assert_eq!(report_a, report_b);
    assert_eq!(score(&a, &table).unwrap(), score(&b, &table).unwrap());
    // Without a time column the split is random but seeded.
    let mut random = spec();
    random.time = None;
    let (c, report_c) = train(&table, &random, now).unwrap();
    let (d, _) = train(&table, &random, now).unwrap();
    assert_eq!(report_c.split.kind, SplitKind::Random);
    assert_eq!(c.to_json().unwrap(), d.to_json().unwrap());
}

#[test]
fn noise_ranks_at_chance_and_a_strong_column_ranks_well() {
    let (table, _) = table(3000, 11);
    let now = Utc.with_ymd_and_hms(2025, 1, 1, 0, 0, 0).unwrap();
    let others = ["opened_on", "employees", "x", "noise", "state", "origin", "rfc"];
    let only = |keep: &str| {
        let mut s = TrainSpec::new("violation");
        s.time = Some("inspected_on".into());
        s.ignore = others.iter().filter(|c| **c != keep).map(|c| (*c).to_owned()).collect();
        s
    };
    let (_, noise) = train(&table, &only("noise"), now).unwrap();
    let noise_auc = noise.model.auc.unwrap();
    assert!((0.42..0.58).contains(&noise_auc), "noise AUC {noise_auc}");
    let (_, strong) = train(&table, &only("x"), now).unwrap();
    let strong_auc = strong.model.auc.unwrap();
    assert!(strong_auc > 0.72, "strong AUC {strong_auc}");
    eprintln!("noise AUC {noise_auc:.3}, strong AUC {strong_auc:.3}");
}
