//! Large loads into SQLite with the registry's secondary indexes and its full-text index set
//! aside: inserting millions of rows is about twice as fast without them, and building each
//! index once at the end takes seconds (FTS5's own `rebuild` reads the workplaces table). The definitions of the indexes set aside are kept in `deferred_indexes` in the same
//! transaction that drops them, so an interrupted load is completed by the next `migrate` (which
//! every command runs at start). PostgreSQL loads keep their indexes.
//!
//! While a load runs, searches that would use those indexes are slow; the unique indexes that
//! the load itself needs (employer key, workplace source key) stay.

use crate::tx::{Backend, Tx};
use crate::{Store, StoreError};

/// The tables whose secondary indexes a bulk load sets aside.
const TABLES: &str = "'workplaces', 'employers'";

/// The entry that stands for the full-text index: while it is pending, the bulk path does not
/// write to FTS5, and rebuilding runs FTS5's `rebuild` from the workplaces table.
pub(crate) const FTS_ENTRY: &str = "workplace_fts";
const FTS_REBUILD: &str = "INSERT INTO workplace_fts (workplace_fts) VALUES ('rebuild')";

/// The entry that stands for the counts of workplaces by state, which triggers keep: the load
/// sets the triggers aside with the indexes, and the counts are made again once at the end.
const COUNTS_ENTRY: &str = "workplace_counts";
const COUNTS_REBUILD: &str = "DELETE FROM workplace_counts;
    INSERT INTO workplace_counts (state, workplaces) SELECT state, COUNT(*) FROM workplaces GROUP BY state";

/// Is the full-text index set aside by a bulk load?
pub(crate) fn fts_deferred(tx: &mut dyn Tx) -> Result<bool, StoreError> {
    Ok(tx
        .query_one("SELECT 1 FROM deferred_indexes WHERE name = ?", &[FTS_ENTRY.into()])?
        .is_some())
}

fn set_aside(tx: &mut dyn Tx) -> Result<usize, StoreError> {
    // Indexes with SQL are the declared ones; the automatic indexes of UNIQUE constraints have
    // none and stay. Triggers go too (the counts of workplaces), and are made again.
    let rows = tx.query(
        &format!(
            "SELECT type, name, sql FROM sqlite_master
             WHERE type IN ('index', 'trigger') AND tbl_name IN ({TABLES}) AND sql IS NOT NULL ORDER BY name"
        ),
        &[],
    )?;
    for r in &rows {
        let (kind, name, sql) = (r.string(0)?, r.string(1)?, r.string(2)?);
        tx.execute(
            "INSERT INTO deferred_indexes (name, sql) VALUES (?, ?) ON CONFLICT (name) DO NOTHING",
            &[name.clone().into(), sql.into()],
        )?;
        let what = if kind == "trigger" { "TRIGGER" } else { "INDEX" };
        tx.batch(&format!("DROP {what} \"{}\"", name.replace('"', "")))?;
    }
    for (name, sql) in [(FTS_ENTRY, FTS_REBUILD), (COUNTS_ENTRY, COUNTS_REBUILD)] {
        tx.execute(
            "INSERT INTO deferred_indexes (name, sql) VALUES (?, ?) ON CONFLICT (name) DO NOTHING",
            &[name.into(), sql.into()],
        )?;
    }
    Ok(rows.len() + 2)
}

fn rebuild(tx: &mut dyn Tx) -> Result<usize, StoreError> {
    let rows = tx.query("SELECT name, sql FROM deferred_indexes ORDER BY name", &[])?;
    for r in &rows {
        let (name, sql) = (r.string(0)?, r.string(1)?);
        let exists = tx
            .query_one(
                "SELECT 1 FROM sqlite_master WHERE type IN ('index', 'trigger') AND name = ?",
                &[name.into()],
            )?
            .is_some();
        if !exists {
            tx.batch(&sql)?;
        }
    }
    tx.execute("DELETE FROM deferred_indexes", &[])?;
    Ok(rows.len())
}

impl Store {
    /// Runs `load` with the registry's secondary indexes set aside on SQLite, then rebuilds them,
    /// whether `load` succeeded or not. The WAL is checkpointed once, at the end, instead of after
    /// every batch (`SqliteDb::set_bulk_load`). On PostgreSQL it just runs `load`.
    pub fn with_deferred_indexes<T, E: From<StoreError>>(&self, load: impl FnOnce() -> Result<T, E>) -> Result<T, E> {
        if self.backend() != Backend::Sqlite {
            return load();
        }
        self.set_bulk_load(true)?;
        let deferred = self.defer_indexes();
        let loaded = deferred.map_err(E::from).and_then(|_| load());
        let restored = self.restore_deferred_indexes();
        let ended = self.set_bulk_load(false);
        restored?;
        ended?;
        loaded
    }

    /// Bulk-load mode on SQLite's writer (see `SqliteDb::set_bulk_load`).
    fn set_bulk_load(&self, on: bool) -> Result<(), StoreError> {
        match &self.db {
            crate::Db::Sqlite(d) => d.set_bulk_load(on),
            crate::Db::Postgres(_) => Ok(()),
        }
    }

    /// Sets the registry's secondary indexes aside (SQLite; nothing on PostgreSQL). Returns how
    /// many. Prefer [`Store::with_deferred_indexes`].
    pub fn defer_indexes(&self) -> Result<usize, StoreError> {
        if self.backend() != Backend::Sqlite {
            return Ok(0);
        }
        self.write(set_aside)
    }

    /// Rebuilds the indexes a bulk load set aside; returns how many were pending.
    pub fn restore_deferred_indexes(&self) -> Result<usize, StoreError> {
        if self.backend() != Backend::Sqlite {
            return Ok(0);
        }
        let pending = self.read(|tx| {
            Ok(tx
                .query_one("SELECT count(*) FROM deferred_indexes", &[])?
                .map(|r| r.i64(0))
                .transpose()?
                .unwrap_or(0))
        })?;
        if pending == 0 {
            return Ok(0);
        }
        self.write(rebuild)
    }
}
