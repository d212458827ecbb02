//! Runs one conformance case on a fresh database of each backend.
//!
//! SQLite: a new file in a temporary folder, always. PostgreSQL: when `FARO_TEST_DATABASE_URL` is
//! set, a new database `faro_t_<unique>` created through that URL and dropped afterwards (also when
//! the case fails). A set but unreachable URL fails the PostgreSQL cases; an unset one skips them
//! with a one-line note.

use std::io::Write as _;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Once;
use std::time::{SystemTime, UNIX_EPOCH};

use chrono::Utc;
use faro_store::{Location, OpenMode, Store};

pub const PG_ENV: &str = "FARO_TEST_DATABASE_URL";

/// What a case gets: a migrated, empty store, where it lives, and a scratch folder.
///
/// Fields drop in order: the store (its connections) before the PostgreSQL database is dropped.
pub struct Ctx {
    pub store: Store,
    pub location: Location,
    /// What the first `migrate` on the fresh database applied.
    pub first_migration: Vec<String>,
    /// A scratch folder (backup files, the SQLite database itself).
    pub dir: tempfile::TempDir,
    _pg: Option<PgDatabase>,
}

impl Ctx {
    pub fn sqlite() -> Self {
        let dir = tempfile::tempdir().expect("a temporary folder");
        let location = Location::Sqlite(dir.path().join("faro.sqlite3"));
        let store = Store::open(&location, OpenMode::CreateIfMissing).expect("open a new SQLite store");
        let first_migration = store.migrate(Utc::now()).expect("migrate a new SQLite store");
        Self {
            store,
            location,
            first_migration,
            dir,
            _pg: None,
        }
    }

    pub fn postgres(admin_url: &str) -> Self {
        let pg = PgDatabase::create(admin_url);
        let location = Location::Postgres(pg.url.clone());
        let store = Store::open(&location, OpenMode::CreateIfMissing)
            .unwrap_or_else(|e| panic!("open the store on the new database {}: {e}", pg.name));
        let first_migration = store.migrate(Utc::now()).expect("migrate a new PostgreSQL store");
        Self {
            store,
            location,
            first_migration,
            dir: tempfile::tempdir().expect("a temporary folder"),
            _pg: Some(pg),
        }
    }

    /// A second, independent store on the same database.
    pub fn reopen(&self) -> Store {
        Store::open(&self.location, OpenMode::Existing).expect("reopen the same database")
    }
}

/// The PostgreSQL server URL for the tests, if any.
pub fn pg_admin_url() -> Option<String> {
    std::env::var(PG_ENV).ok().filter(|s| !s.trim().is_empty())
}

pub fn on_sqlite(case: fn(&Ctx)) {
    let ctx = Ctx::sqlite();
    case(&ctx);
}

pub fn on_postgres(case: fn(&Ctx)) {
    let Some(url) = pg_admin_url() else {
        static NOTE: Once = Once::new();
        NOTE.call_once(|| {
            // Written to the process's stderr directly, so the test harness does not swallow it.
            let _ = writeln!(
                std::io::stderr(),
                "\nnote: {PG_ENV} is not set; the PostgreSQL conformance cases pass without running (SQLite only)"
            );
        });
        return;
    };
    let ctx = Ctx::postgres(&url);
    case(&ctx);
}

/// A database of its own for one case; dropped (best effort) when the case ends, even by a panic.
pub struct PgDatabase {
    admin: postgres::Client,
    pub name: String,
    pub url: String,
}

impl PgDatabase {
    pub fn create(admin_url: &str) -> Self {
        let mut admin = postgres::Client::connect(admin_url, postgres::NoTls).unwrap_or_else(|e| {
            panic!(
                "{PG_ENV} is set but PostgreSQL is unreachable there ({}): {e}",
                faro_store::postgres::redact(admin_url)
            )
        });
        let name = unique_name();
        admin
            .batch_execute(&format!("CREATE DATABASE {name}"))
            .unwrap_or_else(|e| panic!("CREATE DATABASE {name}: {e}"));
        let url = database_url(admin_url, &name);
        Self { admin, name, url }
    }
}

impl Drop for PgDatabase {
    fn drop(&mut self) {
        if let Err(e) = self
            .admin
            .batch_execute(&format!("DROP DATABASE IF EXISTS {} WITH (FORCE)", self.name))
        {
            let _ = writeln!(
                std::io::stderr(),
                "warning: could not drop the test database {}: {e}",
                self.name
            );
        }
    }
}

fn unique_name() -> String {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.subsec_nanos())
        .unwrap_or(0);
    format!(
        "faro_t_{}_{}_{nanos:08x}",
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::Relaxed)
    )
}

/// The server URL with its database replaced by `db` (keeping any `?options`); a key=value
/// connection string gets `dbname=` appended, which overrides an earlier one.
pub fn database_url(admin: &str, db: &str) -> String {
    let Some(scheme_end) = admin.find("://") else {
        return format!("{admin} dbname={db}");
    };
    let start = scheme_end + 3;
    let (base, query) = match admin[start..].find('?') {
        Some(q) => admin.split_at(start + q),
        None => (admin, ""),
    };
    let base = match base[start..].find('/') {
        Some(p) => &base[..start + p],
        None => base,
    };
    format!("{base}/{db}{query}")
}

/// Declares every case once and runs it as a test on each backend: `sqlite::<case>` and `postgres::<case>`.
macro_rules! conformance_cases {
    ($($module:ident :: $case:ident),* $(,)?) => {
        mod sqlite {
            $(
                #[test]
                fn $case() {
                    crate::harness::on_sqlite(crate::$module::$case)
                }
            )*
        }
        mod postgres {
            $(
                #[test]
                fn $case() {
                    crate::harness::on_postgres(crate::$module::$case)
                }
            )*
        }
    };
}
pub(crate) use conformance_cases;

#[test]
fn database_urls_are_built_from_the_server_url() {
    assert_eq!(
        database_url("postgres://postgres@127.0.0.1:5432/test", "x"),
        "postgres://postgres@127.0.0.1:5432/x"
    );
    assert_eq!(
        database_url("postgres://u:p@h/test?sslmode=disable", "x"),
        "postgres://u:p@h/x?sslmode=disable"
    );
    assert_eq!(database_url("postgresql://h:5432", "x"), "postgresql://h:5432/x");
    assert_eq!(
        database_url("postgres://h?connect_timeout=3", "x"),
        "postgres://h/x?connect_timeout=3"
    );
    assert_eq!(
        database_url("host=h user=u dbname=test", "x"),
        "host=h user=u dbname=test dbname=x"
    );
}
