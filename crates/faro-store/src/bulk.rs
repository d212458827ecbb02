//! The SQLite fast path of batch imports (DENUE, the demo). It writes exactly the rows and the
//! event of the portable path in `registry.rs`, in the same transaction, but it is shaped for
//! SQLite's costs, which dominate bulk loads:
//!
//! - values are bound straight into statements prepared once per batch;
//! - each row is looked up by its key, then plainly inserted or updated by id. An upsert
//!   (`INSERT ... ON CONFLICT DO UPDATE`) is a multi-row statement to SQLite, so it opens a
//!   statement journal for every row;
//! - the FTS5 index is written after all the rows of the batch: once FTS5 takes part in a
//!   transaction, every statement that opens a savepoint makes it flush its in-memory index.

use std::collections::HashMap;

use faro_core::registry::{EmployerDraft, RegistryBatch, WorkplaceDraft};
use faro_core::text::normalize;
use rusqlite::{params, CachedStatement, Connection, OptionalExtension};

use crate::events::{append, next_seq, Append};
use crate::registry::{fts_writes, registered_employer, search_text, BatchOutcome, WORKPLACE_BY_KEY};
use crate::sqlite::SqliteTx;
use crate::StoreError;

const EMPLOYER_BY_KEY: &str = "SELECT id FROM employers WHERE key = ?";
const INSERT_EMPLOYER: &str =
    "INSERT INTO employers (rfc, name, name_norm, legal_form, person_kind, updated_seq, key, created_seq)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?)";
const UPDATE_EMPLOYER: &str =
    "UPDATE employers SET rfc = ?, name = ?, name_norm = ?, legal_form = ?, person_kind = ?, updated_seq = ?
     WHERE id = ?";

const INSERT_WORKPLACE: &str =
    "INSERT INTO workplaces (employer_id, name, search_text, denue_id, street, exterior_number, settlement,
         postal_code, locality, state, municipality, scian_class, size_band, headcount, latitude, longitude,
         registered_on, updated_seq, source_key, created_seq)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
const UPDATE_WORKPLACE: &str =
    "UPDATE workplaces SET employer_id = ?, name = ?, search_text = ?, denue_id = ?, street = ?,
         exterior_number = ?, settlement = ?, postal_code = ?, locality = ?, state = ?, municipality = ?,
         scian_class = ?, size_band = ?, headcount = ?, latitude = ?, longitude = ?, registered_on = ?,
         updated_seq = ?
     WHERE id = ?";

pub(crate) fn import_batch_sqlite(
    conn: &Connection,
    ev: Append<'_>,
    batch: &RegistryBatch,
) -> Result<BatchOutcome, StoreError> {
    let (seq, prev) = next_seq(&mut SqliteTx { conn })?;
    let mut ids: HashMap<&str, (i64, &str)> = HashMap::with_capacity(batch.employers.len());
    {
        let mut stmts = EmployerStatements {
            by_key: conn.prepare_cached(EMPLOYER_BY_KEY)?,
            insert: conn.prepare_cached(INSERT_EMPLOYER)?,
            update: conn.prepare_cached(UPDATE_EMPLOYER)?,
        };
        for (key, e) in &batch.employers {
            let id = stmts.put(conn, seq, key, e)?;
            ids.insert(key.as_str(), (id, e.name.as_str()));
        }
    }
    {
        let mut stmts = WorkplaceStatements {
            by_key: conn.prepare_cached(WORKPLACE_BY_KEY)?,
            insert: conn.prepare_cached(INSERT_WORKPLACE)?,
            update: conn.prepare_cached(UPDATE_WORKPLACE)?,
            fts: Vec::with_capacity(batch.workplaces.len()),
            fts_deferred: crate::deferred::fts_deferred(&mut SqliteTx { conn })?,
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
            stmts.put(conn, seq, employer_id, employer_name, w)?;
        }
        stmts.apply_fts_changes(conn)?;
    }
    append(&mut SqliteTx { conn }, seq, &prev, ev)?;
    Ok(BatchOutcome {
        seq,
        employers: batch.employers.len() as u64,
        workplaces: batch.workplaces.len() as u64,
    })
}

struct EmployerStatements<'c> {
    by_key: CachedStatement<'c>,
    insert: CachedStatement<'c>,
    update: CachedStatement<'c>,
}

impl EmployerStatements<'_> {
    /// Inserts the employer, or updates the one with the same key; returns its id.
    fn put(&mut self, conn: &Connection, seq: i64, key: &str, e: &EmployerDraft) -> Result<i64, StoreError> {
        let existing: Option<i64> = self.by_key.query_row(params![key], |r| r.get(0)).optional()?;
        let name_norm = normalize(&e.name);
        let kind = e.person_kind.code();
        match existing {
            Some(id) => {
                self.update
                    .execute(params![e.rfc, e.name, name_norm, e.legal_form, kind, seq, id])?;
                Ok(id)
            }
            None => {
                self.insert
                    .execute(params![e.rfc, e.name, name_norm, e.legal_form, kind, seq, key, seq])?;
                Ok(conn.last_insert_rowid())
            }
        }
    }
}

struct WorkplaceStatements<'c> {
    by_key: CachedStatement<'c>,
    insert: CachedStatement<'c>,
    update: CachedStatement<'c>,
    /// Full-text index changes, written after every row of the batch (see the module comment).
    fts: Vec<(i64, Option<String>, String)>,
    /// A bulk load set the full-text index aside: it is rebuilt at the end (deferred.rs).
    fts_deferred: bool,
}

impl WorkplaceStatements<'_> {
    /// Inserts the workplace, or updates the one with the same source key.
    fn put(
        &mut self,
        conn: &Connection,
        seq: i64,
        employer_id: i64,
        employer_name: &str,
        w: &WorkplaceDraft,
    ) -> Result<(), StoreError> {
        let text = search_text(w, employer_name);
        let existing: Option<(i64, String)> = self
            .by_key
            .query_row(params![w.source_key], |r| Ok((r.get(0)?, r.get(1)?)))
            .optional()?;
        let state = w.state.as_str();
        let registered_on = w.registered_on.map(|d| d.to_string());
        let values = params![
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
        ];
        let (id, before) = match existing {
            Some((id, before)) => {
                let mut all = values.to_vec();
                all.push(&id);
                self.update.execute(all.as_slice())?;
                (id, Some(before))
            }
            None => {
                let mut all = values.to_vec();
                all.push(&w.source_key);
                all.push(&seq);
                self.insert.execute(all.as_slice())?;
                (conn.last_insert_rowid(), None)
            }
        };
        // New rows, and rows whose indexed text changed, go to the full-text index.
        if !self.fts_deferred && before.as_deref() != Some(text.as_str()) {
            self.fts.push((id, before, text));
        }
        Ok(())
    }

    /// Writes the batch's full-text changes, after all its rows.
    fn apply_fts_changes(&mut self, conn: &Connection) -> Result<(), StoreError> {
        for (id, before, text) in self.fts.drain(..) {
            for (sql, indexed) in fts_writes(before.as_deref(), &text) {
                conn.prepare_cached(sql)?.execute(params![id, indexed])?;
            }
        }
        Ok(())
    }
}
