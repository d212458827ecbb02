//! The SQLite backend: one writer connection behind a mutex (`BEGIN IMMEDIATE`), a pool of
//! readers, WAL journal, busy timeout.

use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard};
use std::time::Duration;

use r2d2_sqlite::SqliteConnectionManager;
use rusqlite::types::{ToSqlOutput, ValueRef};
use rusqlite::{Connection, OpenFlags};

use crate::location::{check_sqlite_path, OpenMode};
use crate::tx::{Backend, Tx};
use crate::value::{Row, Value};
use crate::StoreError;

const BUSY_TIMEOUT: Duration = Duration::from_secs(10);

impl rusqlite::ToSql for Value {
    fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
        Ok(match self {
            Value::Null => ToSqlOutput::Borrowed(ValueRef::Null),
            Value::Int(v) => ToSqlOutput::Borrowed(ValueRef::Integer(*v)),
            Value::Real(v) => ToSqlOutput::Borrowed(ValueRef::Real(*v)),
            Value::Text(s) => ToSqlOutput::Borrowed(ValueRef::Text(s.as_bytes())),
            Value::Bytes(b) => ToSqlOutput::Borrowed(ValueRef::Blob(b)),
        })
    }
}

/// Each connection's page cache, MiB, unless `FARO_SQLITE_CACHE_MIB` says otherwise: 8 readers
/// and the writer's own (below) can hold up to about 770 MiB of pages once warm.
const DEFAULT_CACHE_MIB: u32 = 64;
/// The environment variable that sizes each reader's page cache, for servers with little memory.
pub const CACHE_MIB_VAR: &str = "FARO_SQLITE_CACHE_MIB";

/// The readers' page cache in MiB from `FARO_SQLITE_CACHE_MIB` (1 to 4096), or the default.
pub fn cache_mib(value: Option<&str>) -> Result<u32, StoreError> {
    match value.map(str::trim) {
        None | Some("") => Ok(DEFAULT_CACHE_MIB),
        Some(v) => v.parse::<u32>().ok().filter(|m| (1..=4096).contains(m)).ok_or_else(|| {
            StoreError::Config(format!(
                "{CACHE_MIB_VAR}={v:?}: give each SQLite connection's page cache in MiB, a whole number from 1 to 4096"
            ))
        }),
    }
}

fn configure(conn: &Connection, cache_mib: u32) -> rusqlite::Result<()> {
    conn.busy_timeout(BUSY_TIMEOUT)?;
    conn.execute_batch(&format!(
        "PRAGMA journal_mode = WAL;
         PRAGMA synchronous = NORMAL;
         PRAGMA foreign_keys = ON;
         PRAGMA temp_store = MEMORY;
         PRAGMA cache_size = -{};",
        u64::from(cache_mib) * 1024
    ))?;
    Ok(())
}

/// The one writer gets a larger page cache (256 MiB): bulk loads update several indexes at
/// random places, and a cache that holds them keeps the load from re-reading pages.
const WRITER_PRAGMAS: &str = "PRAGMA cache_size = -262144;";

/// Bulk loads checkpoint the WAL every 16,384 pages (64 MiB) instead of every 1,000: about
/// once per dozen batches of 5,000 rows instead of after each. Not never: a WAL held until the
/// end of a load grows as large as the load (about 0.9 GB per million DENUE rows) and needs
/// that much free disk besides the database itself.
const BULK_LOAD_PRAGMAS: &str = "PRAGMA wal_autocheckpoint = 16384;";
/// SQLite's default automatic checkpoint, every 1,000 pages of WAL.
const END_BULK_LOAD_PRAGMAS: &str = "PRAGMA wal_autocheckpoint = 1000;";

pub struct SqliteDb {
    path: PathBuf,
    writer: Mutex<Connection>,
    readers: r2d2::Pool<SqliteConnectionManager>,
}

impl SqliteDb {
    pub fn open(path: &Path, mode: OpenMode) -> Result<Self, StoreError> {
        check_sqlite_path(path, mode)?;
        let cache = cache_mib(std::env::var(CACHE_MIB_VAR).ok().as_deref())?;
        let flags = match mode {
            OpenMode::Existing => OpenFlags::SQLITE_OPEN_READ_WRITE,
            OpenMode::CreateIfMissing => OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_CREATE,
        } | OpenFlags::SQLITE_OPEN_NO_MUTEX
            | OpenFlags::SQLITE_OPEN_URI;
        let writer = Connection::open_with_flags(path, flags)
            .map_err(|e| StoreError::Config(format!("cannot open the database {}: {e}", path.display())))?;
        configure(&writer, cache)
            .and_then(|()| writer.execute_batch(WRITER_PRAGMAS))
            .map_err(|e| StoreError::Config(format!("{} is not a usable SQLite database: {e}", path.display())))?;
        let manager = SqliteConnectionManager::file(path)
            .with_flags(OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX)
            .with_init(move |c| configure(c, cache));
        let readers = r2d2::Pool::builder()
            .max_size(8)
            .min_idle(Some(0))
            .build(manager)
            .map_err(|e| StoreError::Config(format!("cannot open readers on {}: {e}", path.display())))?;
        Ok(Self {
            path: path.to_path_buf(),
            writer: Mutex::new(writer),
            readers,
        })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    fn lock_writer(&self) -> Result<MutexGuard<'_, Connection>, StoreError> {
        self.writer
            .lock()
            .map_err(|_| StoreError::Corrupt("the SQLite writer lock was poisoned by a crashed write".into()))
    }

    /// Runs `f` in a `BEGIN IMMEDIATE` transaction: committed if it returns Ok, rolled back otherwise.
    pub fn write<T>(&self, f: impl FnOnce(&mut dyn Tx) -> Result<T, StoreError>) -> Result<T, StoreError> {
        self.write_conn(|conn| f(&mut SqliteTx { conn }))
    }

    /// Like [`SqliteDb::write`], with the connection itself, for the bulk paths that bind values
    /// straight into prepared statements.
    pub(crate) fn write_conn<T>(&self, f: impl FnOnce(&Connection) -> Result<T, StoreError>) -> Result<T, StoreError> {
        let conn = self.lock_writer()?;
        conn.execute_batch("BEGIN IMMEDIATE")?;
        match f(&conn) {
            Ok(v) => match conn.execute_batch("COMMIT") {
                Ok(()) => Ok(v),
                Err(e) => {
                    let _ = conn.execute_batch("ROLLBACK");
                    Err(e.into())
                }
            },
            Err(e) => {
                let _ = conn.execute_batch("ROLLBACK");
                Err(e)
            }
        }
    }

    /// Enters or leaves bulk-load mode on the writer. In it, the WAL is checkpointed far less
    /// often (each checkpoint copies pages back and syncs both files; by default that happens
    /// after nearly every batch); leaving it checkpoints once and truncates the WAL. Committed
    /// transactions stay durable in the WAL meanwhile, so an interrupted load loses nothing it
    /// committed.
    pub(crate) fn set_bulk_load(&self, on: bool) -> Result<(), StoreError> {
        let conn = self.lock_writer()?;
        if on {
            conn.execute_batch(BULK_LOAD_PRAGMAS)?;
        } else {
            conn.execute_batch(END_BULK_LOAD_PRAGMAS)?;
            // Readers may hold the WAL open; a partial checkpoint is then finished by the next
            // automatic one, so the result is not an error.
            conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))?;
        }
        Ok(())
    }

    /// Runs `f` on a reader connection inside a read transaction (one consistent snapshot).
    pub fn read<T>(&self, f: impl FnOnce(&mut dyn Tx) -> Result<T, StoreError>) -> Result<T, StoreError> {
        let conn = self.readers.get()?;
        conn.execute_batch("BEGIN")?;
        let mut tx = SqliteTx { conn: &conn };
        let out = f(&mut tx);
        let _ = conn.execute_batch("COMMIT");
        out
    }

    /// Online backup of the whole database into the new file `dest` (SQLite's backup API:
    /// consistent while the server keeps running). An existing file is never overwritten, and a
    /// failed backup leaves no file behind.
    pub fn backup_to(&self, dest: &Path) -> Result<(), StoreError> {
        crate::backup::reserve_file(dest)?;
        let result = (|| -> Result<(), StoreError> {
            let src = self.readers.get()?;
            let mut out = Connection::open(dest)?;
            {
                let backup = rusqlite::backup::Backup::new(&src, &mut out)?;
                backup.run_to_completion(256, Duration::from_millis(5), None)?;
            }
            out.execute_batch("PRAGMA journal_mode = DELETE;")?;
            Ok(())
        })();
        if result.is_err() {
            let _ = std::fs::remove_file(dest);
        }
        result
    }

    /// Replaces the whole database with the content of `source` (a file made by `backup_to`).
    /// A file that is not an SQLite database of Faro is refused before anything changes.
    pub fn restore_from(&self, source: &Path) -> Result<(), StoreError> {
        crate::backup::check_backup_file(source, Backend::Sqlite)?;
        let src = Connection::open_with_flags(source, OpenFlags::SQLITE_OPEN_READ_ONLY)?;
        for table in ["schema_migrations", "event_chain_head"] {
            let present: i64 = src.query_row(
                "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = ?1",
                [table],
                |r| r.get(0),
            )?;
            if present == 0 {
                return Err(crate::backup::BackupError::NotFaro {
                    file: source.to_path_buf(),
                    found: "SQLite database",
                    missing: table,
                }
                .into());
            }
        }
        let mut conn = self.lock_writer()?;
        let backup = rusqlite::backup::Backup::new(&src, &mut conn)?;
        backup.run_to_completion(256, Duration::from_millis(5), None)?;
        Ok(())
    }
}

/// A transaction on the SQLite connection, as the portable queries see it.
pub(crate) struct SqliteTx<'c> {
    pub(crate) conn: &'c Connection,
}

fn value_of(v: ValueRef<'_>) -> Value {
    match v {
        ValueRef::Null => Value::Null,
        ValueRef::Integer(i) => Value::Int(i),
        ValueRef::Real(f) => Value::Real(f),
        ValueRef::Text(t) => Value::Text(String::from_utf8_lossy(t).into_owned()),
        ValueRef::Blob(b) => Value::Bytes(b.to_vec()),
    }
}

impl Tx for SqliteTx<'_> {
    fn backend(&self) -> Backend {
        Backend::Sqlite
    }

    fn execute(&mut self, sql: &str, params: &[Value]) -> Result<u64, StoreError> {
        let mut stmt = self.conn.prepare_cached(sql)?;
        let n = stmt.execute(rusqlite::params_from_iter(params.iter()))?;
        Ok(n as u64)
    }

    fn batch(&mut self, sql: &str) -> Result<(), StoreError> {
        Ok(self.conn.execute_batch(sql)?)
    }

    fn query(&mut self, sql: &str, params: &[Value]) -> Result<Vec<Row>, StoreError> {
        let mut stmt = self.conn.prepare_cached(sql)?;
        let cols = stmt.column_count();
        let mut rows = stmt.query(rusqlite::params_from_iter(params.iter()))?;
        let mut out = Vec::new();
        while let Some(r) = rows.next()? {
            let mut vals = Vec::with_capacity(cols);
            for i in 0..cols {
                vals.push(value_of(r.get_ref(i)?));
            }
            out.push(Row(vals));
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn autocheckpoint(db: &SqliteDb) -> i64 {
        let conn = db.lock_writer().unwrap();
        conn.query_row("PRAGMA wal_autocheckpoint", [], |r| r.get(0)).unwrap()
    }

    #[test]
    fn bulk_load_holds_checkpoints_and_leaves_an_empty_wal() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("t.sqlite3");
        let db = SqliteDb::open(&path, OpenMode::CreateIfMissing).unwrap();
        db.write(|tx| tx.batch("CREATE TABLE t (x TEXT)")).unwrap();
        db.set_bulk_load(true).unwrap();
        assert_eq!(autocheckpoint(&db), 16384);
        // Over SQLite's default 1,000-page automatic checkpoint, under the bulk load's: all of it
        // stays in the WAL.
        for _ in 0..20 {
            db.write(|tx| {
                tx.batch(
                    "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 200)
                     INSERT INTO t SELECT hex(randomblob(1000)) FROM n",
                )
            })
            .unwrap();
        }
        let wal = dir.path().join("t.sqlite3-wal");
        assert!(std::fs::metadata(&wal).unwrap().len() > 4096 * 1000);
        db.set_bulk_load(false).unwrap();
        assert_eq!(autocheckpoint(&db), 1000);
        assert_eq!(std::fs::metadata(&wal).unwrap().len(), 0, "checkpointed and truncated");
        let n: i64 = db
            .read(|tx| tx.query_one("SELECT count(*) FROM t", &[])?.unwrap().i64(0))
            .unwrap();
        assert_eq!(n, 4000);
    }

    #[test]
    fn the_page_cache_is_sized_by_the_environment_or_refused() {
        assert_eq!(super::cache_mib(None).unwrap(), 64);
        assert_eq!(super::cache_mib(Some(" ")).unwrap(), 64);
        assert_eq!(super::cache_mib(Some("8")).unwrap(), 8);
        for bad in ["0", "-1", "4097", "lots", "8.5"] {
            let e = super::cache_mib(Some(bad)).unwrap_err().to_string();
            assert!(e.contains("FARO_SQLITE_CACHE_MIB") && e.contains("1 to 4096"), "{e}");
        }
    }
}
