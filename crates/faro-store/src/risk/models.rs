//! Model versions and the scores of the registry: stored with their events, one transaction each.

use chrono::{DateTime, NaiveDate, Utc};
use faro_core::inspection::Matter;
use faro_core::risk::kinds;
use faro_core::{Actor, Jurisdiction};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::cases::EventWriter;
use crate::tx::Tx;
use crate::{timestamp, Row, Store, StoreError, Value};

/// A trained model to store.
#[derive(Debug, Clone, PartialEq)]
pub struct NewRiskModel {
    pub matter: Matter,
    pub train_from: NaiveDate,
    pub cutoff: NaiveDate,
    pub test_until: NaiveDate,
    pub train_rows: u64,
    pub test_rows: u64,
    pub positives: u64,
    pub auc: Option<f64>,
    pub baseline_auc: Option<f64>,
    pub lift_at_10: Option<f64>,
    pub fingerprint: String,
    pub params_json: String,
    pub report_json: String,
    pub model_json: String,
}

/// A stored model version, without its (large) model and report texts.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RiskModelInfo {
    pub id: i64,
    pub matter: String,
    pub trained_at: String,
    pub train_from: String,
    pub cutoff: String,
    pub test_until: String,
    pub train_rows: i64,
    pub test_rows: i64,
    pub positives: i64,
    pub auc: Option<f64>,
    pub baseline_auc: Option<f64>,
    pub lift_at_10: Option<f64>,
    pub fingerprint: String,
    pub digest: String,
    pub active: bool,
    pub seq: i64,
}

const INFO_COLUMNS: &str = "id, matter, trained_at, train_from, cutoff, test_until, train_rows, test_rows, positives,
     auc, baseline_auc, lift_at_10, fingerprint, digest, active, created_seq";

fn info(r: &Row) -> Result<RiskModelInfo, StoreError> {
    Ok(RiskModelInfo {
        id: r.i64(0)?,
        matter: r.string(1)?,
        trained_at: r.string(2)?,
        train_from: r.string(3)?,
        cutoff: r.string(4)?,
        test_until: r.string(5)?,
        train_rows: r.i64(6)?,
        test_rows: r.i64(7)?,
        positives: r.i64(8)?,
        auc: r.opt_f64(9)?,
        baseline_auc: r.opt_f64(10)?,
        lift_at_10: r.opt_f64(11)?,
        fingerprint: r.string(12)?,
        digest: r.string(13)?,
        active: r.i64(14)? != 0,
        seq: r.i64(15)?,
    })
}

/// What the model's event records: enough to know which model scored what, and to detect a
/// model file replaced behind the log's back (its digest).
#[derive(Serialize)]
struct ModelTrained<'a> {
    model_id: i64,
    matter: &'a str,
    train_from: NaiveDate,
    cutoff: NaiveDate,
    test_until: NaiveDate,
    train_rows: u64,
    test_rows: u64,
    positives: u64,
    auc: Option<f64>,
    baseline_auc: Option<f64>,
    fingerprint: &'a str,
    digest: &'a str,
}

/// One workplace's scores: the probability of a violation of each matter (in `Matter::ALL`
/// order; `None` where no model of the matter was active) and of any of them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ScoreRow {
    pub workplace_id: i64,
    pub state: String,
    pub municipality: String,
    pub sector: String,
    pub size_band: String,
    pub by_matter: [Option<f64>; 8],
    pub any: f64,
}

/// A scoring of the registry.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ScoreRun {
    pub id: i64,
    pub scored_on: String,
    pub scored_at: String,
    /// matter code -> model id.
    pub models: std::collections::BTreeMap<String, i64>,
    pub workplaces: i64,
    pub digest: String,
}

#[derive(Serialize)]
struct ScoresComputed<'a> {
    run_id: i64,
    scored_on: NaiveDate,
    models: &'a std::collections::BTreeMap<String, i64>,
    workplaces: u64,
    digest: &'a str,
}

const SCORE_COLUMNS: &str =
    "workplace_id, state, municipality, sector, size_band, p_general_conditions, p_safety_health,
     p_training, p_child_labor, p_forced_labor, p_subcontracting, p_freedom_of_association,
     p_discrimination_harassment, p_any";

/// Rows per INSERT statement when writing scores (15 parameters each).
const SCORE_CHUNK: usize = 500;

pub(crate) fn score_row(r: &Row, offset: usize) -> Result<ScoreRow, StoreError> {
    let mut by_matter = [None; 8];
    for (k, p) in by_matter.iter_mut().enumerate() {
        *p = r.opt_f64(offset + 5 + k)?;
    }
    Ok(ScoreRow {
        workplace_id: r.i64(offset)?,
        state: r.string(offset + 1)?,
        municipality: r.string(offset + 2)?,
        sector: r.string(offset + 3)?,
        size_band: r.string(offset + 4)?,
        by_matter,
        any: r.opt_f64(offset + 13)?.unwrap_or(0.0),
    })
}

fn insert_scores(tx: &mut dyn Tx, run_id: i64, rows: &[ScoreRow]) -> Result<(), StoreError> {
    if rows.is_empty() {
        return Ok(());
    }
    let one = format!("(?, {})", vec!["?"; 14].join(", "));
    let sql = format!(
        "INSERT INTO risk_scores (run_id, {SCORE_COLUMNS}) VALUES {}",
        vec![one.as_str(); rows.len()].join(", ")
    );
    let mut params: Vec<Value> = Vec::with_capacity(rows.len() * 15);
    for s in rows {
        params.push(run_id.into());
        params.push(s.workplace_id.into());
        params.push(s.state.as_str().into());
        params.push(s.municipality.as_str().into());
        params.push(s.sector.as_str().into());
        params.push(s.size_band.as_str().into());
        for p in s.by_matter {
            params.push(p.map_or(Value::Null, Value::Real));
        }
        params.push(s.any.into());
    }
    tx.execute(&sql, &params)?;
    Ok(())
}

impl Store {
    /// Stores a trained model as the active one of its matter (the previous stays, inactive), with
    /// its event.
    pub fn save_risk_model(&self, actor: &Actor, now: DateTime<Utc>, m: &NewRiskModel) -> Result<i64, StoreError> {
        let digest = hex::encode(Sha256::digest(m.model_json.as_bytes()));
        self.write(|tx| {
            let mut events = EventWriter::new(actor, timestamp(now));
            let seq = events.peek_seq(tx)?;
            tx.execute(
                "UPDATE risk_models SET active = 0 WHERE matter = ?",
                &[m.matter.code().into()],
            )?;
            let id = tx
                .query_one(
                    "INSERT INTO risk_models (matter, trained_at, train_from, cutoff, test_until, train_rows,
                         test_rows, positives, auc, baseline_auc, lift_at_10, fingerprint, params_json, report_json,
                         model_json, digest, active, created_seq)
                     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?) RETURNING id",
                    &[
                        m.matter.code().into(),
                        timestamp(now).into(),
                        m.train_from.to_string().into(),
                        m.cutoff.to_string().into(),
                        m.test_until.to_string().into(),
                        (m.train_rows as i64).into(),
                        (m.test_rows as i64).into(),
                        (m.positives as i64).into(),
                        m.auc.map_or(Value::Null, Value::Real),
                        m.baseline_auc.map_or(Value::Null, Value::Real),
                        m.lift_at_10.map_or(Value::Null, Value::Real),
                        m.fingerprint.as_str().into(),
                        m.params_json.as_str().into(),
                        m.report_json.as_str().into(),
                        m.model_json.as_str().into(),
                        digest.as_str().into(),
                        seq.into(),
                    ],
                )?
                .ok_or_else(|| StoreError::Corrupt("the new model got no id".into()))?
                .i64(0)?;
            let payload = ModelTrained {
                model_id: id,
                matter: m.matter.code(),
                train_from: m.train_from,
                cutoff: m.cutoff,
                test_until: m.test_until,
                train_rows: m.train_rows,
                test_rows: m.test_rows,
                positives: m.positives,
                auc: m.auc,
                baseline_auc: m.baseline_auc,
                fingerprint: &m.fingerprint,
                digest: &digest,
            };
            events.append(
                tx,
                Jurisdiction::Federal,
                kinds::MODEL_TRAINED,
                &format!("risk_model/{id}"),
                &payload,
            )?;
            Ok(id)
        })
    }

    /// Every stored model version, newest first.
    pub fn risk_models(&self) -> Result<Vec<RiskModelInfo>, StoreError> {
        self.read(|tx| {
            tx.query(&format!("SELECT {INFO_COLUMNS} FROM risk_models ORDER BY id DESC"), &[])?
                .iter()
                .map(info)
                .collect()
        })
    }

    /// A model's record, its model file and its report, as stored.
    pub fn risk_model(&self, id: i64) -> Result<Option<(RiskModelInfo, String, String)>, StoreError> {
        self.read(|tx| {
            let Some(r) = tx.query_one(
                &format!("SELECT {INFO_COLUMNS}, model_json, report_json FROM risk_models WHERE id = ?"),
                &[id.into()],
            )?
            else {
                return Ok(None);
            };
            Ok(Some((info(&r)?, r.string(16)?, r.string(17)?)))
        })
    }

    /// The active model of each matter that has one, with its model file.
    pub fn active_risk_models(&self) -> Result<Vec<(RiskModelInfo, String)>, StoreError> {
        self.read(|tx| {
            tx.query(
                &format!("SELECT {INFO_COLUMNS}, model_json FROM risk_models WHERE active = 1 ORDER BY matter"),
                &[],
            )?
            .iter()
            .map(|r| Ok((info(r)?, r.string(16)?)))
            .collect()
        })
    }

    /// Replaces the registry's scores with a new run's, in one transaction, with its event.
    /// `models` names the model of each matter scored.
    pub fn save_risk_scores(
        &self,
        actor: &Actor,
        now: DateTime<Utc>,
        scored_on: NaiveDate,
        models: &std::collections::BTreeMap<String, i64>,
        scores: &[ScoreRow],
    ) -> Result<i64, StoreError> {
        let mut hash = Sha256::new();
        for s in scores {
            hash.update(s.workplace_id.to_le_bytes());
            for p in s.by_matter {
                hash.update(p.unwrap_or(-1.0).to_le_bytes());
            }
        }
        let digest = hex::encode(hash.finalize());
        self.write(|tx| {
            let mut events = EventWriter::new(actor, timestamp(now));
            let seq = events.peek_seq(tx)?;
            let run_id = tx
                .query_one(
                    "INSERT INTO risk_score_runs (scored_on, scored_at, models_json, workplaces, digest, created_seq)
                     VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
                    &[
                        scored_on.to_string().into(),
                        timestamp(now).into(),
                        serde_json::to_string(models)?.into(),
                        (scores.len() as i64).into(),
                        digest.as_str().into(),
                        seq.into(),
                    ],
                )?
                .ok_or_else(|| StoreError::Corrupt("the score run got no id".into()))?
                .i64(0)?;
            tx.execute("DELETE FROM risk_scores", &[])?;
            for chunk in scores.chunks(SCORE_CHUNK) {
                insert_scores(tx, run_id, chunk)?;
            }
            let payload = ScoresComputed {
                run_id,
                scored_on,
                models,
                workplaces: scores.len() as u64,
                digest: &digest,
            };
            events.append(
                tx,
                Jurisdiction::Federal,
                kinds::SCORES_COMPUTED,
                &format!("risk_run/{run_id}"),
                &payload,
            )?;
            Ok(run_id)
        })
    }

    /// The latest scoring run, if the registry was ever scored.
    pub fn latest_score_run(&self) -> Result<Option<ScoreRun>, StoreError> {
        self.read(|tx| {
            let Some(r) = tx.query_one(
                "SELECT id, scored_on, scored_at, models_json, workplaces, digest FROM risk_score_runs
                 ORDER BY id DESC LIMIT 1",
                &[],
            )?
            else {
                return Ok(None);
            };
            Ok(Some(ScoreRun {
                id: r.i64(0)?,
                scored_on: r.string(1)?,
                scored_at: r.string(2)?,
                models: serde_json::from_str(&r.string(3)?)?,
                workplaces: r.i64(4)?,
                digest: r.string(5)?,
            }))
        })
    }

    /// A workplace's current scores.
    pub fn workplace_risk(&self, workplace_id: i64) -> Result<Option<ScoreRow>, StoreError> {
        self.read(|tx| {
            tx.query_one(
                &format!("SELECT {SCORE_COLUMNS} FROM risk_scores WHERE workplace_id = ?"),
                &[workplace_id.into()],
            )?
            .map(|r| score_row(&r, 0))
            .transpose()
        })
    }

    /// The scores of the workplaces of a state (or all), highest probability of any violation
    /// first: the candidates of a plan.
    pub fn risk_candidates(&self, state: Option<&str>) -> Result<Vec<ScoreRow>, StoreError> {
        self.read(|tx| {
            let rows = match state {
                Some(s) => tx.query(
                    &format!(
                        "SELECT {SCORE_COLUMNS} FROM risk_scores WHERE state = ? ORDER BY p_any DESC, workplace_id"
                    ),
                    &[s.into()],
                )?,
                None => tx.query(
                    &format!("SELECT {SCORE_COLUMNS} FROM risk_scores ORDER BY p_any DESC, workplace_id"),
                    &[],
                )?,
            };
            rows.iter().map(|r| score_row(r, 0)).collect()
        })
    }
}

/// A workplace in a risk ranking: its registry facts and its scores.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RankedWorkplace {
    pub name: String,
    pub employer_name: String,
    pub scian_class: String,
    pub score: ScoreRow,
}

/// A workplace's name, its employer's, its municipality key and its SCIAN class.
pub type WorkplaceName = (String, String, String, String);

/// The column of a matter's probability (from the fixed list: never user text in SQL).
fn probability_column(matter: Option<Matter>) -> String {
    match matter {
        Some(m) => format!("s.p_{}", m.code()),
        None => "s.p_any".to_string(),
    }
}

impl Store {
    /// The workplaces most likely to be found in violation (of `matter`, or of any matter), in a
    /// state or the whole country, highest first; `limit` at most 500.
    pub fn risk_ranking(
        &self,
        state: Option<&str>,
        matter: Option<Matter>,
        limit: u32,
    ) -> Result<Vec<RankedWorkplace>, StoreError> {
        let column = probability_column(matter);
        let columns = SCORE_COLUMNS
            .split(',')
            .map(|c| format!("s.{}", c.trim()))
            .collect::<Vec<_>>()
            .join(", ");
        let limit = i64::from(limit.clamp(1, 500));
        self.read(|tx| {
            let (filter, mut params): (&str, Vec<Value>) = match state {
                Some(s) => (" AND s.state = ?", vec![s.into()]),
                None => ("", Vec::new()),
            };
            params.push(limit.into());
            let sql = format!(
                "SELECT w.name, e.name, w.scian_class, {columns}
                 FROM risk_scores s JOIN workplaces w ON w.id = s.workplace_id JOIN employers e ON e.id = w.employer_id
                 WHERE {column} IS NOT NULL{filter}
                 ORDER BY {column} DESC, s.workplace_id LIMIT ?"
            );
            tx.query(&sql, &params)?
                .iter()
                .map(|r| {
                    Ok(RankedWorkplace {
                        name: r.string(0)?,
                        employer_name: r.string(1)?,
                        scian_class: r.string(2)?,
                        score: score_row(r, 3)?,
                    })
                })
                .collect()
        })
    }

    /// Names and places of workplaces, for lists of ids (a plan's picks): id -> (name, employer,
    /// municipality key, SCIAN class).
    pub fn workplace_names(&self, ids: &[i64]) -> Result<std::collections::HashMap<i64, WorkplaceName>, StoreError> {
        self.read(|tx| {
            let mut out = std::collections::HashMap::new();
            for chunk in ids.chunks(500) {
                let marks = vec!["?"; chunk.len()].join(", ");
                let params: Vec<Value> = chunk.iter().map(|i| (*i).into()).collect();
                for r in tx.query(
                    &format!(
                        "SELECT w.id, w.name, e.name, w.municipality, w.scian_class
                         FROM workplaces w JOIN employers e ON e.id = w.employer_id WHERE w.id IN ({marks})"
                    ),
                    &params,
                )? {
                    out.insert(r.i64(0)?, (r.string(1)?, r.string(2)?, r.string(3)?, r.string(4)?));
                }
            }
            Ok(out)
        })
    }
}
