//! The SQLite fast path of batch imports (DENUE, the demo). It writes exactly the rows and the
//! event of the portable path in `registry.rs`, in the same transaction, but binds the drafts'
//! fields straight into statements prepared once, without building intermediate values: bulk
//! loads are dominated by this per-row cost.

use std::collections::HashMap;

use faro_core::registry::{RegistryBatch, WorkplaceDraft};
use faro_core::text::normalize;
use rusqlite::{params, Connection, OptionalExtension};

use crate::events::{append, next_seq, Append};
use crate::registry::{
    fts_change, registered_employer, search_text, BatchOutcome, FtsChange, FTS_DELETE, FTS_INSERT, UPSERT_EMPLOYER,
    UPSERT_WORKPLACE, WORKPLACE_BY_KEY,
};
use crate::sqlite::SqliteTx;
use crate::StoreError;

pub(crate) fn import_batch_sqlite(
    conn: &Connection,
    ev: Append<'_>,
    batch: &RegistryBatch,
) -> Result<BatchOutcome, StoreError> {
    let (seq, prev) = next_seq(&mut SqliteTx { conn })?;
    let mut ids: HashMap<&str, (i64, &str)> = HashMap::with_capacity(batch.employers.len());
    {
        let mut stmt = conn.prepare_cached(UPSERT_EMPLOYER)?;
        for (key, e) in &batch.employers {
            let id: i64 = stmt.query_row(
                params![
                    key,
                    e.rfc,
                    e.name,
                    normalize(&e.name),
                    e.legal_form,
                    e.person_kind.code(),
                    seq,
                    seq
                ],
                |r| r.get(0),
            )?;
            ids.insert(key.as_str(), (id, e.name.as_str()));
        }
    }
    {
        let mut stmts = WorkplaceStatements {
            before: conn.prepare_cached(WORKPLACE_BY_KEY)?,
            upsert: conn.prepare_cached(UPSERT_WORKPLACE)?,
            fts_insert: conn.prepare_cached(FTS_INSERT)?,
            fts_delete: conn.prepare_cached(FTS_DELETE)?,
            fts: Vec::with_capacity(batch.workplaces.len()),
        };
        for (employer_key, w) in &batch.workplaces {
            let registered;
            let (employer_id, employer_name) = match ids.get(employer_key.as_str()) {
                Some(found) => *found,
                None => {
                    registered = registered_employer(&mut SqliteTx { conn }, employer_key, &w.source_key)?;
                    (registered.0, registered.1.as_str())
                }
            };
            stmts.upsert_workplace(seq, employer_id, employer_name, w)?;
        }
        stmts.apply_fts_changes()?;
    }
    append(&mut SqliteTx { conn }, seq, &prev, ev)?;
    Ok(BatchOutcome {
        seq,
        employers: batch.employers.len() as u64,
        workplaces: batch.workplaces.len() as u64,
    })
}

struct WorkplaceStatements<'c> {
    before: rusqlite::CachedStatement<'c>,
    upsert: rusqlite::CachedStatement<'c>,
    fts_insert: rusqlite::CachedStatement<'c>,
    fts_delete: rusqlite::CachedStatement<'c>,
    /// Full-text index changes, applied after every upsert of the batch (see `apply_fts_changes`).
    fts: Vec<(i64, Option<String>, String)>,
}

impl WorkplaceStatements<'_> {
    /// Upserts one workplace and keeps the full-text index in step (see registry.rs).
    fn upsert_workplace(
        &mut self,
        seq: i64,
        employer_id: i64,
        employer_name: &str,
        w: &WorkplaceDraft,
    ) -> Result<(), StoreError> {
        let text = search_text(w, employer_name);
        let before: Option<String> = self.before.query_row(params![w.source_key], |r| r.get(1)).optional()?;
        let state = w.state.as_str();
        let registered_on = w.registered_on.map(|d| d.to_string());
        let id: i64 = self.upsert.query_row(
            params![
                w.source_key,
                employer_id,
                w.name,
                text,
                w.denue_id,
                w.street,
                w.exterior_number,
                w.settlement,
                w.postal_code,
                w.locality,
                state,
                w.municipality,
                w.scian_class,
                w.size_band.code(),
                w.headcount,
                w.latitude,
                w.longitude,
                registered_on,
                seq,
                seq
            ],
            |r| r.get(0),
        )?;
        if !matches!(fts_change(before.as_deref(), &text), FtsChange::None) {
            self.fts.push((id, before, text));
        }
        Ok(())
    }

    /// Writes the batch's full-text changes last. Once FTS5 takes part in a transaction, every
    /// later statement that needs a statement journal (an upsert does) makes it flush its
    /// in-memory index to disk; writing it after the upserts keeps that to one flush per batch.
    fn apply_fts_changes(&mut self) -> Result<(), StoreError> {
        for (id, before, text) in self.fts.drain(..) {
            match fts_change(before.as_deref(), &text) {
                FtsChange::None => {}
                FtsChange::Insert => {
                    self.fts_insert.execute(params![id, text])?;
                }
                FtsChange::Replace { old } => {
                    self.fts_delete.execute(params![id, old])?;
                    self.fts_insert.execute(params![id, text])?;
                }
            }
        }
        Ok(())
    }
}
