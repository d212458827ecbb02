//! The SQLite fast path of batch imports (DENUE, the demo). It writes exactly the rows and the
//! event of the portable path in `registry.rs`, in the same transaction, but it is shaped for
//! SQLite's costs, which dominate bulk loads:
//!
//! - values are bound straight into statements prepared once per batch;
//! - each row is plainly inserted, and only when its key is registered already (the insert fails
//!   its UNIQUE check, before writing anything) looked up and updated by id. An upsert
//!   (`INSERT ... ON CONFLICT DO UPDATE`) is a multi-row statement to SQLite, so it opens a
//!   statement journal for every row;
//! - the FTS5 index is written after all the rows of the batch: once FTS5 takes part in a
//!   transaction, every statement that opens a savepoint makes it flush its in-memory index.

use std::collections::HashMap;
use std::fmt::Write as _;

use faro_core::registry::{EmployerDraft, RegistryBatch, WorkplaceDraft};
use faro_core::text::normalize;
use rusqlite::{params, CachedStatement, Connection, ToSql};

use crate::events::{append, next_seq, Append};
use crate::registry::{fts_writes, registered_employer, BatchOutcome, WORKPLACE_BY_KEY};
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
    // Each employer's id and normalized name (the workplaces' search text ends with it).
    let mut ids: HashMap<&str, (i64, String)> = HashMap::with_capacity(batch.employers.len());
    {
        let mut stmts = EmployerStatements {
            by_key: conn.prepare_cached(EMPLOYER_BY_KEY)?,
            insert: conn.prepare_cached(INSERT_EMPLOYER)?,
            update: conn.prepare_cached(UPDATE_EMPLOYER)?,
        };
        for (key, e) in &batch.employers {
            let name_norm = normalize(&e.name);
            let id = stmts.put(conn, seq, key, e, &name_norm)?;
            ids.insert(key.as_str(), (id, name_norm));
        }
    }
    {
        let mut stmts = WorkplaceStatements {
            by_key: conn.prepare_cached(WORKPLACE_BY_KEY)?,
            insert: conn.prepare_cached(INSERT_WORKPLACE)?,
            update: conn.prepare_cached(UPDATE_WORKPLACE)?,
            fts: Vec::with_capacity(batch.workplaces.len()),
            fts_deferred: crate::deferred::fts_deferred(&mut SqliteTx { conn })?,
            state: String::with_capacity(2),
            date: String::with_capacity(10),
        };
        for (employer_key, w) in &batch.workplaces {
            let registered;
            let (employer_id, employer_norm) = match ids.get(employer_key.as_str()) {
                Some((id, norm)) => (*id, norm.as_str()),
                None => {
                    let (id, name) = registered_employer(&mut SqliteTx { conn }, employer_key, &w.source_key)?;
                    registered = normalize(&name);
                    (id, registered.as_str())
                }
            };
            stmts.put(conn, seq, employer_id, employer_norm, w)?;
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

/// The workplace's search text, as `registry::search_text` makes it, from its employer's name
/// normalized already (once per employer, not once per workplace).
fn search_text_with(w: &WorkplaceDraft, employer_norm: &str) -> String {
    let mut s = normalize(&w.name);
    if !employer_norm.is_empty() && employer_norm != s {
        s.reserve(employer_norm.len() + 1);
        s.push(' ');
        s.push_str(employer_norm);
    }
    s
}

/// Did the statement fail on a UNIQUE constraint (the key is registered already)?
fn is_unique_violation(e: &rusqlite::Error) -> bool {
    matches!(e, rusqlite::Error::SqliteFailure(f, _) if f.extended_code == rusqlite::ffi::SQLITE_CONSTRAINT_UNIQUE)
}

/// Binds `values` to the statement's parameters 1, 2, ... in order, with no allocation.
fn bind_all(stmt: &mut CachedStatement<'_>, values: &[&dyn ToSql]) -> Result<(), StoreError> {
    for (i, v) in values.iter().enumerate() {
        stmt.raw_bind_parameter(i + 1, v)?;
    }
    Ok(())
}

struct EmployerStatements<'c> {
    by_key: CachedStatement<'c>,
    insert: CachedStatement<'c>,
    update: CachedStatement<'c>,
}

impl EmployerStatements<'_> {
    /// Inserts the employer, or updates the one with the same key; returns its id. The insert
    /// comes first: a new key (every key of a first load) then costs one index probe instead
    /// of two, and a key registered already fails the insert's UNIQUE check before anything is
    /// written, and is then updated.
    fn put(
        &mut self,
        conn: &Connection,
        seq: i64,
        key: &str,
        e: &EmployerDraft,
        name_norm: &str,
    ) -> Result<i64, StoreError> {
        let kind = e.person_kind.code();
        bind_all(
            &mut self.insert,
            &[&e.rfc, &e.name, &name_norm, &e.legal_form, &kind, &seq, &key, &seq],
        )?;
        match self.insert.raw_execute() {
            Ok(_) => return Ok(conn.last_insert_rowid()),
            Err(err) if is_unique_violation(&err) => {}
            Err(err) => return Err(err.into()),
        }
        let id: i64 = self.by_key.query_row(params![key], |r| r.get(0))?;
        bind_all(
            &mut self.update,
            &[&e.rfc, &e.name, &name_norm, &e.legal_form, &kind, &seq, &id],
        )?;
        self.update.raw_execute()?;
        Ok(id)
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
    /// The state code and the registration date as text, reused from row to row.
    state: String,
    date: String,
}

impl WorkplaceStatements<'_> {
    /// Inserts the workplace, or updates the one with the same source key. As for employers,
    /// the insert comes first and a registered key falls back to the update.
    fn put(
        &mut self,
        conn: &Connection,
        seq: i64,
        employer_id: i64,
        employer_norm: &str,
        w: &WorkplaceDraft,
    ) -> Result<(), StoreError> {
        let text = search_text_with(w, employer_norm);
        // The state as `StateCode::as_str` writes it ("09"), and the date, into reused buffers.
        self.state.clear();
        write!(self.state, "{:02}", w.state.number()).map_err(|e| StoreError::Corrupt(format!("a state: {e}")))?;
        let state = self.state.as_str();
        let size_band = w.size_band.code();
        self.date.clear();
        let registered_on = match w.registered_on {
            Some(d) => {
                write!(self.date, "{d}").map_err(|e| StoreError::Corrupt(format!("a date: {e}")))?;
                Some(self.date.as_str())
            }
            None => None,
        };
        let values: [&dyn ToSql; 18] = [
            &employer_id,
            &w.name,
            &text,
            &w.denue_id,
            &w.street,
            &w.exterior_number,
            &w.settlement,
            &w.postal_code,
            &w.locality,
            &state,
            &w.municipality,
            &w.scian_class,
            &size_band,
            &w.headcount,
            &w.latitude,
            &w.longitude,
            &registered_on,
            &seq,
        ];
        bind_all(&mut self.insert, &values)?;
        self.insert.raw_bind_parameter(19, &w.source_key)?;
        self.insert.raw_bind_parameter(20, seq)?;
        let (id, before) = match self.insert.raw_execute() {
            Ok(_) => (conn.last_insert_rowid(), None),
            Err(err) if is_unique_violation(&err) => {
                let (id, before): (i64, String) = self
                    .by_key
                    .query_row(params![w.source_key], |r| Ok((r.get(0)?, r.get(1)?)))?;
                bind_all(&mut self.update, &values)?;
                self.update.raw_bind_parameter(19, id)?;
                self.update.raw_execute()?;
                (id, Some(before))
            }
            Err(err) => return Err(err.into()),
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::registry::search_text;
    use faro_core::registry::SizeBand;
    use faro_core::StateCode;

    fn draft(name: &str) -> WorkplaceDraft {
        WorkplaceDraft {
            source_key: "denue:1".into(),
            name: name.into(),
            denue_id: Some(1),
            street: String::new(),
            exterior_number: String::new(),
            settlement: String::new(),
            postal_code: "06000".into(),
            locality: String::new(),
            state: StateCode::new(9).unwrap(),
            municipality: "09015".into(),
            scian_class: "461110".into(),
            size_band: SizeBand::B0To5,
            headcount: None,
            latitude: None,
            longitude: None,
            registered_on: None,
        }
    }

    #[test]
    fn search_text_from_a_normalized_employer_name_is_the_registry_one() {
        for (workplace, employer) in [
            ("Panadería la Espiga", "Panificadora Espiga, S.A. de C.V."),
            ("ABARROTES  ÑOÑO", "Abarrotes ñoño"),
            ("Tienda", ""),
            ("", "Grupo  Uno"),
            ("Café & Té", "  "),
        ] {
            let w = draft(workplace);
            assert_eq!(
                search_text_with(&w, &normalize(employer)),
                search_text(&w, employer),
                "{workplace} / {employer}"
            );
        }
    }
}
