//! Risk targeting on Faro's own history: one model per matter trained on the inspections'
//! records (features as of the day before each visit), stored as a new version with its event,
//! then every workplace of the registry scored with the active models. Used by
//! `faro risk retrain`, `faro risk export`, `faro demo` and the server's schedule.

use std::collections::{BTreeMap, HashMap};
use std::time::Instant;

use chrono::{DateTime, NaiveDate, Utc};
use faro_core::catalog::Catalogs;
use faro_core::inspection::Matter;
use faro_core::risk::{FeatureTable, History};
use faro_core::Actor;
use faro_risk::registry::{scoring_table, training_spec, training_table};
use faro_risk::{Report, RiskModel};
use faro_store::risk::{NewRiskModel, ScoreRow};
use faro_store::Store;

use crate::error::CliError;

/// Fewest training rows, and fewest rows of each outcome, for a matter to get a model: below
/// this the evaluation would say nothing.
pub const MIN_ROWS: usize = 200;
pub const MIN_EACH_CLASS: usize = 20;

/// What a retraining is asked to do.
#[derive(Debug, Clone)]
pub struct RetrainOptions {
    pub as_of: NaiveDate,
    /// Empty: every matter with enough history.
    pub matters: Vec<Matter>,
    pub budget: f32,
    pub seed: u64,
    pub score: bool,
}

/// One matter's result.
#[derive(Debug)]
pub enum MatterResult {
    Trained {
        model_id: i64,
        report: Box<Report>,
        seconds: f64,
    },
    Skipped(String),
}

/// What a retraining did.
#[derive(Debug)]
pub struct RetrainSummary {
    pub matters: Vec<(Matter, MatterResult)>,
    /// The scoring run and the workplaces scored, when scored.
    pub scored: Option<(i64, usize, f64)>,
    pub read_seconds: f64,
}

fn failed(e: impl std::fmt::Display) -> CliError {
    CliError::failed(e.to_string())
}

/// Each municipality's population by its INEGI key as a number.
pub fn population(catalogs: &Catalogs) -> HashMap<u32, u64> {
    catalogs
        .municipalities()
        .iter()
        .filter_map(|m| m.cvegeo.parse::<u32>().ok().map(|k| (k, m.population)))
        .collect()
}

fn date(text: Option<&str>, fallback: NaiveDate) -> NaiveDate {
    text.and_then(|t| NaiveDate::parse_from_str(t.get(..10).unwrap_or(t), "%Y-%m-%d").ok())
        .unwrap_or(fallback)
}

/// Trains one matter's model on `history` up to `as_of`; `None` with the reason when the history
/// is too thin.
pub fn train_matter(
    history: &History,
    matter: Matter,
    opts: &RetrainOptions,
    now: DateTime<Utc>,
) -> Result<Result<(RiskModel, Report), String>, CliError> {
    let from = NaiveDate::MIN;
    let mut rows = history.training_rows(&[matter], from, opts.as_of);
    let rows = rows.pop().ok_or_else(|| CliError::failed("no training rows"))?;
    let positives = rows.positives();
    let negatives = rows.len() - positives;
    if rows.len() < MIN_ROWS || positives < MIN_EACH_CLASS || negatives < MIN_EACH_CLASS {
        return Ok(Err(format!(
            "not enough history: {} inspections covered it, {positives} found violations (at least {MIN_ROWS} and {MIN_EACH_CLASS} of each outcome are needed)",
            rows.len()
        )));
    }
    let table = training_table(rows).map_err(failed)?;
    let spec = training_spec(opts.budget, opts.seed);
    faro_risk::train(&table, &spec, now).map(Ok).map_err(failed)
}

/// The record to store for a trained model.
pub fn new_model(
    matter: Matter,
    model: &RiskModel,
    report: &Report,
    as_of: NaiveDate,
) -> Result<NewRiskModel, CliError> {
    let split = &report.split;
    Ok(NewRiskModel {
        matter,
        train_from: date(split.fit_window.as_ref().map(|w| w.start.as_str()), as_of),
        cutoff: date(split.test_window.as_ref().map(|w| w.start.as_str()), as_of),
        test_until: date(split.test_window.as_ref().map(|w| w.end.as_str()), as_of),
        train_rows: (split.fit_rows + split.calibration_rows) as u64,
        test_rows: split.test_rows as u64,
        positives: report.dataset.positives as u64,
        auc: report.model.auc,
        baseline_auc: report.baseline.auc,
        lift_at_10: report.model.lift_at_10,
        fingerprint: model.fingerprint.clone(),
        params_json: serde_json::to_string(&model.spec).map_err(failed)?,
        report_json: report.to_json().map_err(failed)?,
        model_json: model.to_json().map_err(failed)?,
    })
}

/// Retrains and (unless told not to) scores the registry.
pub fn retrain(
    store: &Store,
    catalogs: &Catalogs,
    actor: &Actor,
    now: DateTime<Utc>,
    opts: &RetrainOptions,
) -> Result<RetrainSummary, CliError> {
    let started = Instant::now();
    let history = store.risk_history(population(catalogs))?;
    let read_seconds = started.elapsed().as_secs_f64();
    let matters: Vec<Matter> = if opts.matters.is_empty() {
        Matter::ALL.to_vec()
    } else {
        opts.matters.clone()
    };
    let mut results = Vec::new();
    for matter in matters {
        let t = Instant::now();
        match train_matter(&history, matter, opts, now)? {
            Ok((model, report)) => {
                let record = new_model(matter, &model, &report, opts.as_of)?;
                let model_id = store.save_risk_model(actor, now, &record)?;
                results.push((
                    matter,
                    MatterResult::Trained {
                        model_id,
                        report: Box::new(report),
                        seconds: t.elapsed().as_secs_f64(),
                    },
                ));
            }
            Err(reason) => results.push((matter, MatterResult::Skipped(reason))),
        }
    }
    let any_model = !store.active_risk_models()?.is_empty();
    let scored = if opts.score && any_model {
        let t = Instant::now();
        let (run, n) = score_registry(store, &history, actor, now, opts.as_of)?;
        Some((run, n, t.elapsed().as_secs_f64()))
    } else {
        None
    };
    Ok(RetrainSummary {
        matters: results,
        scored,
        read_seconds,
    })
}

/// Scores every workplace as of `as_of` with the active model of each matter and stores the
/// run. Returns the run's id and the workplaces scored.
pub fn score_registry(
    store: &Store,
    history: &History,
    actor: &Actor,
    now: DateTime<Utc>,
    as_of: NaiveDate,
) -> Result<(i64, usize), CliError> {
    let models = store.active_risk_models()?;
    if models.is_empty() {
        return Err(CliError::failed(
            "no model is active: train one first (faro risk retrain)",
        ));
    }
    let n = history.workplaces().len();
    let mut features = FeatureTable::with_capacity(n);
    let mut rows: Vec<ScoreRow> = Vec::with_capacity(n);
    history.scoring_rows(as_of, |w, f| {
        features.push(f);
        rows.push(ScoreRow {
            workplace_id: w.id,
            state: format!("{:02}", w.state()),
            municipality: format!("{:05}", w.municipality),
            sector: w.sector().to_string(),
            size_band: w.size_band.code().to_string(),
            by_matter: [None; 8],
            any: 0.0,
        });
    });
    let table = scoring_table(features).map_err(failed)?;
    let mut used = BTreeMap::new();
    let mut none = vec![1.0f64; n];
    for (info, json) in &models {
        let Ok(matter) = info.matter.parse::<Matter>() else {
            continue;
        };
        let k = Matter::ALL.iter().position(|m| *m == matter).unwrap_or(0);
        let model = RiskModel::load(json.as_bytes()).map_err(failed)?;
        let scores = faro_risk::score(&model, &table).map_err(failed)?;
        for s in scores {
            if let Some(row) = rows.get_mut(s.row) {
                row.by_matter[k] = Some(s.probability);
                none[s.row] *= 1.0 - s.probability;
            }
        }
        used.insert(matter.code().to_string(), info.id);
    }
    for (row, p_none) in rows.iter_mut().zip(none) {
        row.any = 1.0 - p_none;
    }
    let run = store.save_risk_scores(actor, now, as_of, &used, &rows)?;
    Ok((run, n))
}
