//! Faro's persistence. One [`Store`] serves SQLite (the embedded default) and PostgreSQL (production)
//! with the same queries, written once against the [`Tx`] interface. Every change goes through a
//! method that, in one transaction, updates the read tables and appends a hash-chained event.

pub mod backup;
mod batch;
mod bulk;
pub mod cases;
pub mod chain;
pub mod conciliation;
pub mod conciliation_bulk;
pub mod dashboard;
mod deferred;
mod events;
pub mod inspection_bulk;
pub mod inspections;
pub mod location;
mod migrate;
pub mod postgres;
pub mod programs;
pub mod public;
pub mod registry;
pub mod risk;
mod rollup;
pub mod sqlite;
pub mod tx;
pub mod unions;
pub mod users;
pub mod value;

use chrono::{DateTime, SecondsFormat, Utc};

pub use chain::{BrokenLink, EventRecord};
pub use events::{AuditReport, ChainCheckpoint, EventSummary};
pub use location::{parse_location, Location, OpenMode};
pub use tx::{Backend, Tx};
pub use value::{Row, Value};

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The database cannot be used as configured: the message says what to fix.
    #[error("{0}")]
    Config(String),
    #[error("not found: {0}")]
    NotFound(String),
    /// A uniqueness rule was broken (for example a user name taken).
    #[error("conflict: {0}")]
    Conflict(String),
    #[error(transparent)]
    Domain(#[from] faro_core::DomainError),
    #[error("stored data is not as expected: {0}")]
    Corrupt(String),
    #[error("SQLite: {0}")]
    Sqlite(#[from] rusqlite::Error),
    #[error("PostgreSQL: {0}")]
    Postgres(#[from] ::postgres::Error),
    #[error("connection pool: {0}")]
    Pool(#[from] r2d2::Error),
    #[error("payload: {0}")]
    Json(#[from] serde_json::Error),
    /// A backup or a restore could not be made (a file, a backend, a PostgreSQL client tool).
    #[error(transparent)]
    Backup(#[from] backup::BackupError),
}

impl StoreError {
    /// Is this a uniqueness violation reported by either backend?
    fn is_unique_violation(&self) -> bool {
        match self {
            StoreError::Sqlite(rusqlite::Error::SqliteFailure(e, _)) => {
                e.code == rusqlite::ErrorCode::ConstraintViolation
            }
            StoreError::Postgres(e) => e.code() == Some(&::postgres::error::SqlState::UNIQUE_VIOLATION),
            _ => false,
        }
    }
}

/// Times are stored as RFC 3339 UTC text with microseconds, the same on both backends.
pub fn timestamp(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(SecondsFormat::Micros, true)
}

enum Db {
    Sqlite(sqlite::SqliteDb),
    Postgres(postgres::PgDb),
}

/// The database, whichever backend it is.
pub struct Store {
    db: Db,
}

impl Store {
    /// Opens the database at `location`. Nothing is created unless `mode` allows it, and an
    /// existing file that is not a Faro database is refused.
    pub fn open(location: &Location, mode: OpenMode) -> Result<Self, StoreError> {
        let db = match location {
            Location::Sqlite(path) => {
                let existed = path.is_file() && std::fs::metadata(path).map(|m| m.len() > 0).unwrap_or(false);
                if existed {
                    // Checked read-only before opening for writing, which would switch a foreign
                    // file to WAL mode (a lasting change) before refusing it.
                    let probe = rusqlite::Connection::open_with_flags(path, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY);
                    let is_faro = probe
                        .and_then(|conn| {
                            conn.busy_timeout(std::time::Duration::from_secs(10))?;
                            conn.query_row(
                                "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'",
                                [],
                                |r| r.get::<_, i64>(0),
                            )
                        })
                        .map(|n| n > 0);
                    match is_faro {
                        Ok(true) => {}
                        Ok(false) => {
                            return Err(StoreError::Config(format!(
                                "{} is an SQLite database but not a Faro database; refusing to use it",
                                path.display()
                            )))
                        }
                        Err(e) => {
                            return Err(StoreError::Config(format!(
                                "{} is not a readable SQLite database: {e}",
                                path.display()
                            )))
                        }
                    }
                }
                Db::Sqlite(sqlite::SqliteDb::open(path, mode)?)
            }
            Location::Postgres(url) => Db::Postgres(postgres::PgDb::open(url)?),
        };
        Ok(Self { db })
    }

    pub fn backend(&self) -> Backend {
        match &self.db {
            Db::Sqlite(_) => Backend::Sqlite,
            Db::Postgres(_) => Backend::Postgres,
        }
    }

    /// Runs `f` in one write transaction: all of it is committed, or none.
    pub fn write<T>(&self, f: impl FnOnce(&mut dyn Tx) -> Result<T, StoreError>) -> Result<T, StoreError> {
        match &self.db {
            Db::Sqlite(d) => d.write(f),
            Db::Postgres(d) => d.write(f),
        }
    }

    /// Runs `f` on one consistent read snapshot.
    pub fn read<T>(&self, f: impl FnOnce(&mut dyn Tx) -> Result<T, StoreError>) -> Result<T, StoreError> {
        match &self.db {
            Db::Sqlite(d) => d.read(f),
            Db::Postgres(d) => d.read(f),
        }
    }

    /// Applies the migrations this binary carries that the database lacks; returns their names.
    pub fn migrate(&self, at: DateTime<Utc>) -> Result<Vec<String>, StoreError> {
        let backend = self.backend();
        self.write(|tx| {
            tx.batch(migrate::CREATE_TABLE)?;
            Ok(())
        })?;
        let applied = self.read(migrate::applied)?;
        let pending = migrate::pending(backend, &applied)?;
        let stamp = timestamp(at);
        let mut names = Vec::new();
        for m in pending {
            self.write(|tx| migrate::apply(tx, m, &stamp))?;
            names.push(format!("{:04}_{}", m.version, m.name));
        }
        // A bulk load that died before rebuilding the indexes it set aside is completed here.
        let rebuilt = self.restore_deferred_indexes()?;
        if rebuilt > 0 {
            names.push(format!(
                "rebuilt {rebuilt} indexes set aside by an interrupted bulk load"
            ));
        }
        Ok(names)
    }

    /// Is the database reachable and migrated? Used by `/ready`.
    pub fn ping(&self) -> Result<(), StoreError> {
        self.read(|tx| {
            tx.query_one("SELECT last_seq FROM event_chain_head WHERE id = 1", &[])?
                .ok_or_else(|| StoreError::Corrupt("the event chain head is missing".into()))?;
            Ok(())
        })
    }

    /// Copies the whole database into the new file `dest` (never an existing one): SQLite's
    /// online backup API, or `pg_dump --format=custom` for PostgreSQL. Both are consistent
    /// snapshots while the server keeps running.
    pub fn backup_to(&self, dest: &std::path::Path) -> Result<(), StoreError> {
        match &self.db {
            Db::Sqlite(d) => d.backup_to(dest),
            Db::Postgres(d) => Ok(backup::pg_backup(d.url(), dest)?),
        }
    }

    /// Replaces the whole database with a backup made by [`Store::backup_to`] on the same
    /// backend (`pg_restore --clean --single-transaction` for PostgreSQL). A backup of the other
    /// backend, or a file that is not a Faro backup, is refused before anything changes. Stop
    /// the server first; open the store again afterwards.
    pub fn restore_from(&self, source: &std::path::Path) -> Result<(), StoreError> {
        match &self.db {
            Db::Sqlite(d) => d.restore_from(source),
            Db::Postgres(d) => Ok(backup::pg_restore(d.url(), source)?),
        }
    }
}
