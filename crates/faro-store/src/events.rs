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

/// Where an earlier walk of the chain ended intact: its last event and that event's hash.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChainCheckpoint {
    pub seq: i64,
    pub hash: String,
}

impl AuditReport {
    pub fn is_intact(&self) -> bool {
        self.broken.is_none()
    }
}

/// The chain walk reads at most this many events at a time...
const VERIFY_PAGE: i64 = 5_000;
/// ...and at most about this many bytes of payload: a bulk import's event carries thousands of
/// records (megabytes), so a page of 5,000 of them would hold the whole log in memory at once.
/// A single event larger than this is read alone.
const VERIFY_PAGE_BYTES: u64 = 8 * 1024 * 1024;

/// Where each page of a chain walk ends: the events `(seq, payload bytes)` in order, cut so that a
/// page holds at most `budget` bytes of payload, or one event when that event alone is larger.
fn page_ends(sizes: &[(i64, u64)], budget: u64) -> Vec<i64> {
    let mut ends = Vec::new();
    let mut bytes = 0u64;
    let mut last = None;
    for &(seq, size) in sizes {
        if last.is_some() && bytes.saturating_add(size) > budget {
            ends.extend(last);
            bytes = 0;
        }
        bytes = bytes.saturating_add(size);
        last = Some(seq);
    }
    ends.extend(last);
    ends
}

/// What a chain walk read, for the test of its memory bound.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
struct WalkStats {
    pages: u64,
    /// Payload bytes of the largest page read.
    largest_page_bytes: u64,
}

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
    /// Reads in pages within one snapshot, so the log may be larger than memory: each page holds
    /// at most [`VERIFY_PAGE`] events and about [`VERIFY_PAGE_BYTES`] of payload.
    pub fn verify_chain(&self) -> Result<AuditReport, StoreError> {
        self.verify_chain_within(VERIFY_PAGE_BYTES, None)
            .map(|(report, _)| report)
    }

    /// Verifies only the events after `checkpoint`, an earlier intact walk's end, and that the
    /// checkpoint's event still has the hash recorded there; then the head. `events_checked`
    /// counts the new events. Cheap enough for every view of the audit page: a change to an event
    /// before the checkpoint is found by the next full walk ([`Store::verify_chain`]), not here.
    pub fn verify_chain_since(&self, checkpoint: &ChainCheckpoint) -> Result<AuditReport, StoreError> {
        self.verify_chain_within(VERIFY_PAGE_BYTES, Some(checkpoint))
            .map(|(report, _)| report)
    }

    fn verify_chain_within(
        &self,
        budget: u64,
        checkpoint: Option<&ChainCheckpoint>,
    ) -> Result<(AuditReport, WalkStats), StoreError> {
        self.read(|tx| {
            let head = tx
                .query_one("SELECT last_seq, last_hash FROM event_chain_head WHERE id = 1", &[])?
                .ok_or_else(|| StoreError::Corrupt("the event chain head is missing".into()))?;
            let (head_seq, head_hash) = (head.i64(0)?, head.string(1)?);
            let mut stats = WalkStats::default();
            let (mut verifier, mut after) = match checkpoint {
                None => (Verifier::default(), 0i64),
                Some(c) => {
                    let stored = tx
                        .query_one("SELECT hash FROM events WHERE seq = ?", &[c.seq.into()])?
                        .map(|r| r.string(0))
                        .transpose()?;
                    if stored.as_deref() != Some(c.hash.as_str()) {
                        let report = AuditReport {
                            events_checked: 0,
                            head_seq,
                            head_hash,
                            broken: Some(BrokenLink::ContentAltered { seq: c.seq }),
                        };
                        return Ok((report, stats));
                    }
                    (Verifier::resume(c.seq, &c.hash), c.seq)
                }
            };
            loop {
                // The sizes first (no payload is held), then the events in pages cut by size.
                // octet_length: bytes, as the budget counts them, and both backends read it
                // without reading the payload itself (SQLite from the record header, PostgreSQL
                // without detoasting), where length() would scan every payload for characters.
                let sizes = tx
                    .query(
                        "SELECT seq, COALESCE(octet_length(payload), 0) FROM events WHERE seq > ? ORDER BY seq LIMIT ?",
                        &[after.into(), VERIFY_PAGE.into()],
                    )?
                    .iter()
                    .map(|r| Ok((r.i64(0)?, u64::try_from(r.i64(1)?).unwrap_or(0))))
                    .collect::<Result<Vec<_>, StoreError>>()?;
                if sizes.is_empty() {
                    break;
                }
                for end in page_ends(&sizes, budget) {
                    let rows = tx.query(
                        "SELECT seq, at, actor, jurisdiction, kind, subject, payload, prev_hash, hash
                         FROM events WHERE seq > ? AND seq <= ? ORDER BY seq",
                        &[after.into(), end.into()],
                    )?;
                    stats.pages += 1;
                    let mut bytes = 0u64;
                    for r in &rows {
                        let ev = record_of(r)?;
                        bytes += ev.payload.len() as u64;
                        after = ev.seq;
                        if let Err(b) = verifier.feed(&ev) {
                            stats.largest_page_bytes = stats.largest_page_bytes.max(bytes);
                            let report = AuditReport {
                                events_checked: verifier.checked,
                                head_seq,
                                head_hash,
                                broken: Some(b),
                            };
                            return Ok((report, stats));
                        }
                    }
                    stats.largest_page_bytes = stats.largest_page_bytes.max(bytes);
                    // Rows deleted between the two reads cannot happen in one snapshot; should
                    // the page come back short, the next size query starts after what was read.
                    after = after.max(end);
                }
            }
            let broken = verifier.finish(head_seq, &head_hash).err();
            let report = AuditReport {
                events_checked: verifier.checked,
                head_seq,
                head_hash,
                broken,
            };
            Ok((report, stats))
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

#[cfg(test)]
mod tests {
    use chrono::{TimeZone, Utc};
    use faro_core::{Actor, Jurisdiction, NewEvent};

    use super::{page_ends, ChainCheckpoint, WalkStats, VERIFY_PAGE_BYTES};
    use crate::{BrokenLink, Location, OpenMode, Store};

    /// A new SQLite store, migrated at the tests' first moment (the directory lives as long as
    /// the first element).
    fn migrated_store() -> (tempfile::TempDir, Store, chrono::DateTime<Utc>) {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(
            &Location::Sqlite(dir.path().join("faro.sqlite3")),
            OpenMode::CreateIfMissing,
        )
        .unwrap();
        let t0 = Utc.with_ymd_and_hms(2026, 1, 5, 9, 0, 0).unwrap();
        store.migrate(t0).unwrap();
        (dir, store, t0)
    }

    #[test]
    fn pages_are_cut_by_payload_size() {
        // Small events share a page; an event over the budget is read alone.
        assert_eq!(page_ends(&[(1, 10), (2, 10), (3, 10)], 100), vec![3]);
        assert_eq!(page_ends(&[(1, 60), (2, 60), (3, 60)], 100), vec![1, 2, 3]);
        assert_eq!(page_ends(&[(1, 500), (2, 10), (3, 10), (4, 500)], 100), vec![1, 3, 4]);
        assert_eq!(page_ends(&[(1, 50), (2, 50), (3, 1)], 100), vec![2, 3]);
        assert_eq!(page_ends(&[], 100), Vec::<i64>::new());
    }

    /// Bulk-import events are megabytes each: the chain walk holds about its budget of payload
    /// at a time (before, one page of 5,000 events held the whole log), and still finds a
    /// tampered event in a later page.
    #[test]
    fn the_chain_walk_holds_a_bounded_amount_of_payload() {
        let (_dir, store, t0) = migrated_store();
        let actor = Actor::system("test");
        let big = "x".repeat(1024 * 1024);
        for i in 0..8i64 {
            let payload = if i % 2 == 0 {
                serde_json::json!({ "n": i, "rows": big })
            } else {
                serde_json::json!({ "n": i })
            };
            let ev = NewEvent::new("test.batch", Jurisdiction::Federal, format!("batch/{i}"), payload);
            store.record_event(&actor, t0, &ev).unwrap();
        }
        let whole = store.verify_chain().unwrap();
        assert!(whole.is_intact(), "{whole:?}");
        assert_eq!(whole.events_checked, 8);
        let budget = 1536 * 1024;
        let (report, stats): (_, WalkStats) = store.verify_chain_within(budget, None).unwrap();
        assert_eq!(report, whole);
        assert!(stats.pages >= 4, "{stats:?}");
        assert!(stats.largest_page_bytes <= budget, "{stats:?}");
        let (_, one_page) = store.verify_chain_within(VERIFY_PAGE_BYTES, None).unwrap();
        assert_eq!(
            one_page.pages, 1,
            "4 MiB of payload fit the default budget: {one_page:?}"
        );

        store
            .write(|tx| {
                tx.execute(
                    "UPDATE events SET payload = ? WHERE seq = (SELECT MAX(seq) - 1 FROM events)",
                    &[r#"{"n":99}"#.into()],
                )
            })
            .unwrap();
        let (tampered, _) = store.verify_chain_within(budget, None).unwrap();
        assert!(!tampered.is_intact(), "{tampered:?}");
    }

    /// The audit page's walk: only the events after an intact walk's end, and a check that the
    /// end itself is unchanged.
    #[test]
    fn a_walk_since_a_checkpoint_checks_only_what_is_new() {
        let (_dir, store, t0) = migrated_store();
        let actor = Actor::system("test");
        let record = |i: i64| {
            let ev = NewEvent::new(
                "test.step",
                Jurisdiction::Federal,
                format!("step/{i}"),
                serde_json::json!({ "n": i }),
            );
            store.record_event(&actor, t0, &ev).unwrap();
        };
        (0..5).for_each(record);
        let full = store.verify_chain().unwrap();
        assert!(full.is_intact());
        let checkpoint = ChainCheckpoint {
            seq: full.head_seq,
            hash: full.head_hash.clone(),
        };
        let nothing_new = store.verify_chain_since(&checkpoint).unwrap();
        assert!(nothing_new.is_intact());
        assert_eq!(nothing_new.events_checked, 0);
        (5..8).for_each(record);
        let since = store.verify_chain_since(&checkpoint).unwrap();
        assert!(since.is_intact(), "{since:?}");
        assert_eq!(since.events_checked, 3);
        assert_eq!(since.head_seq, full.head_seq + 3);
        assert_eq!(since.head_hash, store.verify_chain().unwrap().head_hash);

        // A new event altered: found by the incremental walk.
        let tamper = |sql: &str, seq: i64| {
            store.write(|tx| tx.execute(sql, &[seq.into()])).unwrap();
        };
        tamper("UPDATE events SET payload = '{\"n\":0}' WHERE seq = ?", since.head_seq);
        let altered = store.verify_chain_since(&checkpoint).unwrap();
        assert_eq!(altered.broken, Some(BrokenLink::ContentAltered { seq: since.head_seq }));
        // The checkpoint's own event altered (its stored hash changed): found too.
        tamper("UPDATE events SET hash = 'x' WHERE seq = ?", checkpoint.seq);
        let moved = store.verify_chain_since(&checkpoint).unwrap();
        assert_eq!(moved.broken, Some(BrokenLink::ContentAltered { seq: checkpoint.seq }));
        assert_eq!(moved.events_checked, 0);
    }
}
