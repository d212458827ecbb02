//! Appending to the event log inside a write transaction, reading it, and verifying its chain.

use faro_core::{Actor, Jurisdiction};
use serde::Serialize;

use crate::chain::{event_hash, BrokenLink, EventRecord, Verifier};
use crate::tx::Tx;
use crate::{Store, StoreError, Value};

/// The sequence number the next event will get, with the hash it must link to. Locks the chain
/// head for the rest of the transaction on PostgreSQL (SQLite's writer lock already does).
pub(crate) fn next_seq(tx: &mut dyn Tx) -> Result<(i64, String), StoreError> {
    let sql = format!(
        "SELECT last_seq, last_hash FROM event_chain_head WHERE id = 1{}",
        tx.dialect().for_update()
    );
    let row = tx
        .query_one(&sql, &[])?
        .ok_or_else(|| StoreError::Corrupt("the event chain head is missing".into()))?;
    Ok((row.i64(0)? + 1, row.string(1)?))
}

/// One event to append, its payload already serialized.
pub(crate) struct Append<'a> {
    pub actor: &'a Actor,
    pub at: &'a str,
    pub jurisdiction: Jurisdiction,
    pub kind: &'a str,
    pub subject: &'a str,
    pub payload: &'a str,
}

/// Appends one event as number `seq` (from [`next_seq`]) and moves the chain head.
pub(crate) fn append(tx: &mut dyn Tx, seq: i64, prev_hash: &str, ev: Append<'_>) -> Result<String, StoreError> {
    let actor = ev.actor.label();
    let jurisdiction = ev.jurisdiction.code();
    let hash = event_hash(
        seq,
        prev_hash,
        ev.at,
        &actor,
        &jurisdiction,
        ev.kind,
        ev.subject,
        ev.payload,
    );
    tx.execute(
        "INSERT INTO events (seq, at, actor, jurisdiction, kind, subject, payload, prev_hash, hash)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        &[
            seq.into(),
            ev.at.into(),
            actor.into(),
            jurisdiction.into(),
            ev.kind.into(),
            ev.subject.into(),
            ev.payload.into(),
            prev_hash.into(),
            hash.clone().into(),
        ],
    )?;
    tx.execute(
        "UPDATE event_chain_head SET last_seq = ?, last_hash = ? WHERE id = 1",
        &[seq.into(), hash.clone().into()],
    )?;
    Ok(hash)
}

/// Convenience: allocate the next number and append in one go (for single-event changes).
pub(crate) fn append_next(tx: &mut dyn Tx, ev: Append<'_>) -> Result<i64, StoreError> {
    let (seq, prev) = next_seq(tx)?;
    append(tx, seq, &prev, ev)?;
    Ok(seq)
}

/// An event as shown in a record's history.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct EventSummary {
    pub seq: i64,
    pub at: String,
    pub actor: String,
    pub kind: String,
    pub subject: String,
}

/// The result of walking the whole chain.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct AuditReport {
    pub events_checked: u64,
    pub head_seq: i64,
    pub head_hash: String,
    pub broken: Option<BrokenLink>,
}

impl AuditReport {
    pub fn is_intact(&self) -> bool {
        self.broken.is_none()
    }
}

const VERIFY_PAGE: i64 = 5_000;

fn record_of(r: &crate::Row) -> Result<EventRecord, StoreError> {
    Ok(EventRecord {
        seq: r.i64(0)?,
        at: r.string(1)?,
        actor: r.string(2)?,
        jurisdiction: r.string(3)?,
        kind: r.string(4)?,
        subject: r.string(5)?,
        payload: r.string(6)?,
        prev_hash: r.string(7)?,
        hash: r.string(8)?,
    })
}

impl Store {
    /// Recomputes the chain from the first event to the head and names the first broken link.
    /// Reads in pages within one snapshot, so the log may be larger than memory.
    pub fn verify_chain(&self) -> Result<AuditReport, StoreError> {
        self.read(|tx| {
            let head = tx
                .query_one("SELECT last_seq, last_hash FROM event_chain_head WHERE id = 1", &[])?
                .ok_or_else(|| StoreError::Corrupt("the event chain head is missing".into()))?;
            let (head_seq, head_hash) = (head.i64(0)?, head.string(1)?);
            let mut verifier = Verifier::default();
            let mut after = 0i64;
            loop {
                let rows = tx.query(
                    "SELECT seq, at, actor, jurisdiction, kind, subject, payload, prev_hash, hash
                     FROM events WHERE seq > ? ORDER BY seq LIMIT ?",
                    &[after.into(), VERIFY_PAGE.into()],
                )?;
                if rows.is_empty() {
                    break;
                }
                for r in &rows {
                    let ev = record_of(r)?;
                    after = ev.seq;
                    if let Err(b) = verifier.feed(&ev) {
                        return Ok(AuditReport {
                            events_checked: verifier.checked,
                            head_seq,
                            head_hash,
                            broken: Some(b),
                        });
                    }
                }
            }
            let broken = verifier.finish(head_seq, &head_hash).err();
            Ok(AuditReport {
                events_checked: verifier.checked,
                head_seq,
                head_hash,
                broken,
            })
        })
    }

    /// The events about one record, oldest first, plus the bulk events named by `extra_seqs`. A case
    /// loaded in bulk shows the events its batch carried, each at its own time and under the
    /// batch event's number and actor.
    pub fn history(&self, subject: &str, extra_seqs: &[i64]) -> Result<Vec<EventSummary>, StoreError> {
        self.read(|tx| {
            // A case loaded in bulk has its earlier events inside the batch event's payload.
            let mut out = crate::batch::imported_history(tx, subject)?;
            for r in tx.query(
                "SELECT seq, at, actor, kind, subject FROM events WHERE subject = ? ORDER BY seq LIMIT 500",
                &[subject.into()],
            )? {
                out.push(summary_of(&r)?);
            }
            for seq in extra_seqs {
                if let Some(r) = tx.query_one(
                    "SELECT seq, at, actor, kind, subject FROM events WHERE seq = ?",
                    &[Value::Int(*seq)],
                )? {
                    let e = summary_of(&r)?;
                    // The batch event stays beside the imported events it carried (same number).
                    if !out.iter().any(|o| o.seq == e.seq && o.kind == e.kind) {
                        out.push(e);
                    }
                }
            }
            out.sort_by_key(|e| e.seq);
            Ok(out)
        })
    }

    /// One event with its full payload.
    pub fn event(&self, seq: i64) -> Result<Option<EventRecord>, StoreError> {
        self.read(|tx| {
            tx.query_one(
                "SELECT seq, at, actor, jurisdiction, kind, subject, payload, prev_hash, hash FROM events WHERE seq = ?",
                &[seq.into()],
            )?
            .map(|r| record_of(&r))
            .transpose()
        })
    }

    /// The latest event of a kind, with its payload.
    pub fn last_event_of_kind(&self, kind: &str) -> Result<Option<EventRecord>, StoreError> {
        self.read(|tx| {
            tx.query_one(
                "SELECT seq, at, actor, jurisdiction, kind, subject, payload, prev_hash, hash FROM events
                 WHERE kind = ? ORDER BY seq DESC LIMIT 1",
                &[kind.into()],
            )?
            .map(|r| record_of(&r))
            .transpose()
        })
    }

    /// The most recent events, newest first.
    pub fn recent_events(&self, limit: i64) -> Result<Vec<EventSummary>, StoreError> {
        self.read(|tx| {
            tx.query(
                "SELECT seq, at, actor, kind, subject FROM events ORDER BY seq DESC LIMIT ?",
                &[limit.into()],
            )?
            .iter()
            .map(summary_of)
            .collect()
        })
    }
}

fn summary_of(r: &crate::Row) -> Result<EventSummary, StoreError> {
    Ok(EventSummary {
        seq: r.i64(0)?,
        at: r.string(1)?,
        actor: r.string(2)?,
        kind: r.string(3)?,
        subject: r.string(4)?,
    })
}
