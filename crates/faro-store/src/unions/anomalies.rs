//! The integrity flags of the registry (`faro_core::union::anomalies`), kept for the registrar in
//! `union_anomalies` (CONFIDENTIAL: the evidence may hold CURPs): the flags of each vote's roll
//! and results, and of each support list of a certificate request, with their review (open,
//! dismissed or confirmed). A flag is a reason to look, not a finding: the registrar decides.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{DateTime, Utc};
use faro_core::union::anomalies::Anomaly;
use faro_core::union::representativeness::Representativeness;
use faro_core::union::vote::Vote;
use faro_core::{Actor, DomainError, Jurisdiction};
use serde::Serialize;
use sha2::{Digest, Sha256};

use super::derive::RecordKind;
use crate::cases::EventWriter;
use crate::public::Page;
use crate::tx::Tx;
use crate::{timestamp, Row, Store, StoreError, Value};

/// The event of a flag reviewed, logged under the flagged record's subject.
pub const ANOMALY_REVIEWED: &str = "union_registry.anomaly_reviewed";

/// What the registrar decided of a flag.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum AnomalyDecision {
    /// Looked at, and nothing wrong (a worker with two employers on two rolls, say).
    Dismissed,
    /// Confirmed: the registrar acts on it (390 Ter-II f: it may annul the vote).
    Confirmed,
}

impl AnomalyDecision {
    pub fn code(self) -> &'static str {
        match self {
            AnomalyDecision::Dismissed => "dismissed",
            AnomalyDecision::Confirmed => "confirmed",
        }
    }
}

/// A flag as the registrar sees it (CONFIDENTIAL: `evidence` may hold CURPs).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AnomalyRecord {
    pub id: i64,
    /// The flagged record: "vote/12" or "representativeness/3".
    pub subject: String,
    /// "roll", "results", or "support:" and the union's name.
    pub list: String,
    /// `Anomaly::code` ("anomaly.turnout_above_roll").
    pub code: String,
    /// The anomaly with its evidence, as core gives it.
    pub evidence: serde_json::Value,
    /// "open", "dismissed" or "confirmed".
    pub status: String,
    pub note: String,
    pub raised_seq: i64,
    pub reviewed_seq: Option<i64>,
    pub reviewed_at: Option<String>,
}

/// Filters of the open flags. Pages go by id, newest first.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AnomalyFilter {
    /// Only the flags of one record ("vote/12").
    pub subject: Option<String>,
    /// 1 to 500.
    pub limit: u32,
    pub after: Option<i64>,
}

/// A vote's flags by list: its roll's CURPs, and its results.
pub(crate) fn vote_flags(s: &Vote) -> Vec<(String, &Anomaly)> {
    s.roll_anomalies
        .iter()
        .map(|a| ("roll".to_string(), a))
        .chain(s.result_anomalies.iter().map(|a| ("results".to_string(), a)))
        .collect()
}

/// A certificate request's flags: each applicant's support list's CURPs.
pub(crate) fn request_flags(s: &Representativeness) -> Vec<(String, &Anomaly)> {
    s.applicants
        .iter()
        .flat_map(|a| a.anomalies.iter().map(move |x| (format!("support:{}", a.union), x)))
        .collect()
}

fn fingerprint(list: &str, evidence: &str) -> String {
    let mut h = Sha256::new();
    h.update(list.as_bytes());
    h.update(b"\n");
    h.update(evidence.as_bytes());
    hex::encode(h.finalize())
}

/// Brings a record's flags in line with its state: new flags are raised (open), open flags the
/// state no longer has (a corrected roll or support list) are dropped, reviewed ones stay. For a
/// record just written (`fresh`) nothing is read first.
pub(crate) fn sync(
    tx: &mut dyn Tx,
    source: RecordKind,
    id: i64,
    flags: &[(String, &Anomaly)],
    seq: i64,
    fresh: bool,
) -> Result<(), StoreError> {
    let mut wanted: BTreeMap<String, (&str, &Anomaly, String)> = BTreeMap::new();
    for (list, a) in flags {
        let evidence = serde_json::to_string(a)?;
        wanted.insert(fingerprint(list, &evidence), (list.as_str(), *a, evidence));
    }
    let mut have: BTreeSet<String> = BTreeSet::new();
    if !fresh {
        for r in tx.query(
            "SELECT fingerprint, status FROM union_anomalies WHERE source = ? AND source_id = ?",
            &[source.prefix().into(), id.into()],
        )? {
            let (fp, status) = (r.string(0)?, r.string(1)?);
            if status == "open" && !wanted.contains_key(&fp) {
                tx.execute(
                    "DELETE FROM union_anomalies WHERE source = ? AND source_id = ? AND fingerprint = ?",
                    &[source.prefix().into(), id.into(), fp.clone().into()],
                )?;
            }
            have.insert(fp);
        }
    }
    for (fp, (list, a, evidence)) in wanted {
        if have.contains(&fp) {
            continue;
        }
        tx.execute(
            "INSERT INTO union_anomalies (source, source_id, list, code, evidence, fingerprint, status, note, raised_seq)
             VALUES (?, ?, ?, ?, ?, ?, 'open', '', ?)
             ON CONFLICT (source, source_id, fingerprint) DO NOTHING",
            &[
                source.prefix().into(),
                id.into(),
                list.into(),
                a.code().into(),
                evidence.into(),
                fp.into(),
                seq.into(),
            ],
        )?;
    }
    Ok(())
}

const COLUMNS: &str =
    "id, source, source_id, list, code, evidence, status, note, raised_seq, reviewed_seq, reviewed_at";

fn record(r: &Row) -> Result<AnomalyRecord, StoreError> {
    Ok(AnomalyRecord {
        id: r.i64(0)?,
        subject: format!("{}/{}", r.string(1)?, r.i64(2)?),
        list: r.string(3)?,
        code: r.string(4)?,
        evidence: serde_json::from_str(&r.string(5)?)?,
        status: r.string(6)?,
        note: r.string(7)?,
        raised_seq: r.i64(8)?,
        reviewed_seq: r.opt_i64(9)?,
        reviewed_at: r.opt_string(10)?,
    })
}

fn anomaly_in(tx: &mut dyn Tx, id: i64, lock: bool) -> Result<AnomalyRecord, StoreError> {
    let lock = if lock { tx.dialect().for_update() } else { "" };
    let r = tx
        .query_one(
            &format!("SELECT {COLUMNS} FROM union_anomalies WHERE id = ?{lock}"),
            &[id.into()],
        )?
        .ok_or_else(|| StoreError::NotFound(format!("anomaly {id}")))?;
    record(&r)
}

/// The jurisdiction of the record a flag is about.
fn jurisdiction_of(tx: &mut dyn Tx, subject: &str) -> Result<Jurisdiction, StoreError> {
    let table = match subject.split_once('/') {
        Some(("vote", _)) => "votes",
        _ => "representativeness_requests",
    };
    let id: i64 = subject
        .split_once('/')
        .and_then(|(_, id)| id.parse().ok())
        .ok_or_else(|| StoreError::Corrupt(format!("an anomaly about '{subject}'")))?;
    let code = tx
        .query_one(&format!("SELECT jurisdiction FROM {table} WHERE id = ?"), &[id.into()])?
        .ok_or_else(|| StoreError::Corrupt(format!("an anomaly about {subject}, which is missing")))?
        .string(0)?;
    code.parse()
        .map_err(|_| StoreError::Corrupt(format!("{subject}'s jurisdiction is '{code}'")))
}

impl Store {
    /// The registrar's open flags (CONFIDENTIAL: the evidence may hold CURPs), newest first.
    pub fn open_union_anomalies(&self, f: &AnomalyFilter) -> Result<Page<AnomalyRecord>, StoreError> {
        let limit = f.limit.clamp(1, 500);
        let mut sql = format!("SELECT {COLUMNS} FROM union_anomalies WHERE status = 'open'");
        let mut params: Vec<Value> = Vec::new();
        if let Some(subject) = &f.subject {
            let (kind, id) = subject.split_once('/').unwrap_or(("", ""));
            sql.push_str(" AND source = ? AND source_id = ?");
            params.push(kind.into());
            params.push(id.parse::<i64>().unwrap_or(0).into());
        }
        if let Some(after) = f.after {
            sql.push_str(" AND id < ?");
            params.push(after.into());
        }
        sql.push_str(" ORDER BY id DESC LIMIT ?");
        params.push(i64::from(limit + 1).into());
        self.read(|tx| {
            let rows = tx.query(&sql, &params)?;
            let more = rows.len() > limit as usize;
            let items = rows
                .iter()
                .take(limit as usize)
                .map(record)
                .collect::<Result<Vec<_>, _>>()?;
            let next_after = if more { items.last().map(|i| i.id) } else { None };
            Ok(Page { items, next_after })
        })
    }

    /// The registrar's review of an open flag, logged as [`ANOMALY_REVIEWED`] under the flagged
    /// record's subject (the payload names the flag's code, not its evidence). A flag already
    /// reviewed is refused (`union_registry.anomaly_reviewed`); an unknown one is `NotFound`.
    pub fn review_union_anomaly(
        &self,
        actor: &Actor,
        now: DateTime<Utc>,
        id: i64,
        decision: AnomalyDecision,
        note: &str,
    ) -> Result<AnomalyRecord, StoreError> {
        let note = faro_core::case::optional_text("note", note, 2000)?;
        self.write(|tx| {
            let mut events = EventWriter::new(actor, timestamp(now));
            let seq = events.peek_seq(tx)?;
            let a = anomaly_in(tx, id, true)?;
            if a.status != "open" {
                return Err(StoreError::Domain(
                    DomainError::new(
                        "union_registry.anomaly_reviewed",
                        format!("anomaly {id} was already {}", a.status),
                    )
                    .with("status", a.status.clone()),
                ));
            }
            tx.execute(
                "UPDATE union_anomalies SET status = ?, note = ?, reviewed_seq = ?, reviewed_at = ? WHERE id = ?",
                &[
                    decision.code().into(),
                    note.clone().into(),
                    seq.into(),
                    events.at().into(),
                    id.into(),
                ],
            )?;
            let jurisdiction = jurisdiction_of(tx, &a.subject)?;
            events.append(
                tx,
                jurisdiction,
                ANOMALY_REVIEWED,
                &a.subject,
                &serde_json::json!({ "anomaly": id, "code": a.code, "decision": decision.code(), "note": note }),
            )?;
            anomaly_in(tx, id, false)
        })
    }
}
