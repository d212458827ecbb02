//! Cases about the database as a whole: backup and restore, and what `Store::open` accepts.

use std::fs;

use chrono::Utc;
use faro_core::Jurisdiction;
use faro_core::NewEvent;
use faro_store::registry::WorkplaceQuery;
use faro_store::{Backend, Location, OpenMode, Store, StoreError};

use crate::fixtures::*;
use crate::harness::Ctx;

fn everything(store: &Store) -> Vec<i64> {
    store
        .search_workplaces(&WorkplaceQuery {
            limit: 200,
            ..Default::default()
        })
        .expect("search")
        .items
        .iter()
        .map(|s| s.id)
        .collect()
}

fn expect_config<T>(r: Result<T, StoreError>, needle: &str) -> String {
    match r {
        Err(StoreError::Config(m)) => {
            assert!(m.contains(needle), "the message should mention {needle:?}: {m}");
            m
        }
        Err(e) => panic!("expected a Config error mentioning {needle:?}, got {e:?}"),
        Ok(_) => panic!("expected a Config error mentioning {needle:?}, but it succeeded"),
    }
}

/// The refusal of a backup or restore: its message must mention `needle`.
fn expect_refused<T>(r: Result<T, StoreError>, needle: &str) -> String {
    match r {
        Err(StoreError::Backup(e)) if e.is_usage() => {
            let m = e.to_string();
            assert!(m.contains(needle), "the message should mention {needle:?}: {m}");
            m
        }
        Err(e) => panic!("expected a refused backup or restore mentioning {needle:?}, got {e:?}"),
        Ok(_) => panic!("expected a refused backup or restore mentioning {needle:?}, but it succeeded"),
    }
}

/// Backs up to a new file and restores from it: SQLite's backup API, or pg_dump and pg_restore
/// (which must then be on the PATH).
pub fn backup_and_restore(ctx: &Ctx) {
    let store = &ctx.store;
    store.import_batch(&system(), at(1), &registry_batch()).expect("import");
    make_user(store, "ana");
    seed_events(store, 3);
    let dest = ctx.dir.path().join(match store.backend() {
        Backend::Sqlite => "backup.sqlite3",
        Backend::Postgres => "backup.dump",
    });

    store.backup_to(&dest).expect("backup");
    let original = store.verify_chain().expect("verify");
    let counts = store.counts().expect("counts");
    if store.backend() == Backend::Sqlite {
        let backup = Store::open(&Location::Sqlite(dest.clone()), OpenMode::Existing).expect("open the backup");
        let copy = backup.verify_chain().expect("verify the backup");
        assert!(copy.is_intact(), "{copy:?}");
        assert_eq!(
            (copy.head_seq, &copy.head_hash),
            (original.head_seq, &original.head_hash)
        );
        assert_eq!(backup.counts().expect("counts"), counts);
        assert_eq!(backup.users().expect("users"), store.users().expect("users"));
        assert_eq!(everything(&backup), everything(store));
        assert_eq!(
            backup.migrate(Utc::now()).expect("migrate the backup"),
            Vec::<String>::new()
        );
    }

    // A backup never overwrites a file.
    let bytes = fs::read(&dest).expect("read the backup");
    expect_refused(store.backup_to(&dest), "already exists");
    assert_eq!(
        fs::read(&dest).expect("read the backup"),
        bytes,
        "the existing file is untouched"
    );

    // Change the database, then restore: it is back at the backup's head.
    let ev = NewEvent::new(
        "test.after_backup",
        Jurisdiction::Federal,
        "later",
        serde_json::json!({}),
    );
    store.record_event(&system(), at(50), &ev).expect("record");
    make_user(store, "beto");
    store
        .import_batch(&system(), at(51), &{
            let mut b = registry_batch();
            b.source = "second".into();
            for (_, w) in &mut b.workplaces {
                w.source_key = format!("{}-b", w.source_key);
            }
            b
        })
        .expect("import more");
    assert_ne!(store.counts().expect("counts"), counts);

    store.restore_from(&dest).expect("restore");
    let restored = store.verify_chain().expect("verify after restore");
    assert!(restored.is_intact(), "{restored:?}");
    assert_eq!(
        (restored.head_seq, &restored.head_hash),
        (original.head_seq, &original.head_hash)
    );
    assert_eq!(store.counts().expect("counts"), counts);
    assert!(store.user_by_username("beto").expect("read").is_none());
    assert_eq!(store.last_event_of_kind("test.after_backup").expect("last"), None);
    let found = store
        .search_workplaces(&WorkplaceQuery {
            text: Some("panaderia".into()),
            limit: 50,
            ..Default::default()
        })
        .expect("search after restore");
    assert_eq!(found.items.len(), 2, "the search index is restored with the rows");

    // The restored database keeps working, for this store and a new one.
    let seq = store
        .record_event(&system(), at(60), &ev)
        .expect("record after restore");
    assert_eq!(seq, original.head_seq + 1);
    let again = ctx.reopen();
    let report = again.verify_chain().expect("verify from a new store");
    assert!(report.is_intact(), "{report:?}");
    assert_eq!(report.head_seq, seq);

    expect_refused(
        store.restore_from(&ctx.dir.path().join("missing.sqlite3")),
        "does not exist",
    );
    // A backup of the other backend is refused before anything changes.
    let other = ctx.dir.path().join("other");
    fs::write(
        &other,
        match store.backend() {
            Backend::Sqlite => &b"PGDMP\x01\x0e\x00"[..],
            Backend::Postgres => &b"SQLite format 3\x00"[..],
        },
    )
    .expect("write");
    expect_refused(store.restore_from(&other), "is a backup of");
    assert_eq!(store.verify_chain().expect("verify").head_seq, seq);
}

// ---------------------------------------------------------------------------------------------
// Opening. These are about files and URLs, not about a migrated database, so they run once.

#[test]
fn missing_sqlite_file_is_refused_without_creating_it() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("nope.sqlite3");
    expect_config(
        Store::open(&Location::Sqlite(path.clone()), OpenMode::Existing),
        "does not exist",
    );
    assert!(!path.exists(), "nothing was created");
    let deep = dir.path().join("no/such/folder/faro.sqlite3");
    expect_config(
        Store::open(&Location::Sqlite(deep.clone()), OpenMode::CreateIfMissing),
        "does not exist",
    );
    assert!(!deep.exists());
    expect_config(
        Store::open(&Location::Sqlite(dir.path().to_path_buf()), OpenMode::CreateIfMissing),
        "folder",
    );
}

#[test]
fn non_faro_sqlite_file_is_refused_and_left_alone() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("recipes.db");
    {
        let conn = rusqlite::Connection::open(&path).expect("create a foreign database");
        conn.execute_batch(
            "CREATE TABLE recipes (id INTEGER PRIMARY KEY, name TEXT); INSERT INTO recipes (name) VALUES ('mole');",
        )
        .expect("fill it");
    }
    for mode in [OpenMode::Existing, OpenMode::CreateIfMissing] {
        expect_config(
            Store::open(&Location::Sqlite(path.clone()), mode),
            "not a Faro database",
        );
    }
    let conn = rusqlite::Connection::open(&path).expect("reopen the foreign database");
    let name: String = conn
        .query_row("SELECT name FROM recipes", [], |r| r.get(0))
        .expect("its row is there");
    assert_eq!(name, "mole");
    let tables: i64 = conn
        .query_row("SELECT COUNT(*) FROM sqlite_master WHERE type = 'table'", [], |r| {
            r.get(0)
        })
        .expect("count tables");
    assert_eq!(tables, 1, "no Faro table was added");
    let journal: String = conn
        .query_row("PRAGMA journal_mode", [], |r| r.get(0))
        .expect("journal mode");
    assert_eq!(journal, "delete", "the refused file's journal mode was not changed");
}

#[test]
fn garbage_file_is_refused_and_left_alone() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("garbage.sqlite3");
    let garbage: Vec<u8> = b"this is not a database, just some bytes\n"
        .iter()
        .copied()
        .cycle()
        .take(8192)
        .collect();
    fs::write(&path, &garbage).expect("write garbage");
    for mode in [OpenMode::Existing, OpenMode::CreateIfMissing] {
        match Store::open(&Location::Sqlite(path.clone()), mode) {
            Err(StoreError::Config(m)) => assert!(m.contains("garbage.sqlite3"), "the message names the file: {m}"),
            Err(e) => panic!("a garbage file must be a Config error, got {e:?}"),
            Ok(_) => panic!("a garbage file was accepted as a database"),
        }
    }
    assert_eq!(fs::read(&path).expect("read"), garbage, "the file is untouched");
}

#[test]
fn empty_file_is_a_new_database() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("empty.sqlite3");
    fs::write(&path, b"").expect("touch");
    let store = Store::open(&Location::Sqlite(path), OpenMode::Existing).expect("an empty file is a new database");
    let applied = store.migrate(Utc::now()).expect("migrate");
    assert_eq!(applied.first().map(String::as_str), Some("0001_init"));
    store.ping().expect("ping");
}

#[test]
fn existing_faro_file_reopens_with_its_data() {
    let dir = tempfile::tempdir().expect("tempdir");
    let location = Location::Sqlite(dir.path().join("faro.sqlite3"));
    let head = {
        let store = Store::open(&location, OpenMode::CreateIfMissing).expect("create");
        store.migrate(Utc::now()).expect("migrate");
        seed_events(&store, 4);
        store.verify_chain().expect("verify").head_hash
    };
    let store = Store::open(&location, OpenMode::Existing).expect("reopen");
    assert_eq!(store.backend(), Backend::Sqlite);
    assert_eq!(store.migrate(Utc::now()).expect("migrate"), Vec::<String>::new());
    let report = store.verify_chain().expect("verify");
    assert!(report.is_intact(), "{report:?}");
    assert_eq!((report.head_seq, report.head_hash), (4, head));
}

#[test]
fn unreachable_postgres_is_an_error_not_a_panic() {
    let url = "postgres://faro:s3cret@127.0.0.1:1/faro?connect_timeout=5";
    let m = expect_config(
        Store::open(&Location::Postgres(url.into()), OpenMode::Existing),
        "cannot connect",
    );
    assert!(!m.contains("s3cret"), "the password is not shown: {m}");
    let parsed = faro_store::parse_location(url).expect("a valid URL");
    assert!(Store::open(&parsed, OpenMode::CreateIfMissing).is_err());
    expect_config(
        Store::open(
            &Location::Postgres("postgres://127.0.0.1:notaport/faro".into()),
            OpenMode::Existing,
        ),
        "not valid",
    );
}

fn sqlite_index_names(store: &Store) -> Vec<String> {
    store
        .read(|tx| {
            tx.query(
                "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name IN ('workplaces', 'employers')
                 AND sql IS NOT NULL ORDER BY name",
                &[],
            )?
            .iter()
            .map(|r| r.string(0))
            .collect()
        })
        .expect("index names")
}

/// A bulk load sets the registry's secondary indexes aside and rebuilds them after, with the
/// same results; an interrupted load has them rebuilt by the next migrate. PostgreSQL keeps them.
pub fn bulk_loads_defer_indexes(ctx: &Ctx) {
    let store = &ctx.store;
    let loaded = store
        .with_deferred_indexes(|| store.import_batch(&system(), at(1), &registry_batch()))
        .expect("a bulk load");
    assert_eq!(loaded.workplaces, 6);
    let by_state = |s: u8| {
        store
            .search_workplaces(&WorkplaceQuery {
                state: Some(state(s)),
                limit: 50,
                ..Default::default()
            })
            .expect("search")
            .items
            .len()
    };
    let in_jalisco = by_state(14);
    assert!(in_jalisco > 0);
    assert_eq!(everything(store).len(), 6);
    let by_text = |t: &str| {
        store
            .search_workplaces(&WorkplaceQuery {
                text: Some(t.into()),
                limit: 50,
                ..Default::default()
            })
            .expect("search")
            .items
            .len()
    };
    assert_eq!(by_text("lupe"), 2, "the full-text index is rebuilt after the load");
    assert!(store.verify_chain().expect("verify").is_intact());
    assert_workplace_counts(store);
    if store.backend() == Backend::Postgres {
        assert_eq!(store.defer_indexes().expect("no-op"), 0);
        return;
    }
    let indexes = sqlite_index_names(store);
    assert!(indexes.contains(&"workplaces_state".to_string()), "{indexes:?}");
    // A failed load still gets its indexes back.
    let failed: Result<(), StoreError> = store.with_deferred_indexes(|| Err(StoreError::Conflict("boom".into())));
    assert!(failed.is_err());
    assert_eq!(sqlite_index_names(store), indexes);
    // Interrupted: set aside, then the process "dies"; the next migrate rebuilds them.
    assert_eq!(
        store.defer_indexes().expect("defer"),
        indexes.len() + 4 + 2,
        "the indexes, the four triggers (one keeps the full-text index, three count workplaces), the full-text index and the counts"
    );
    assert!(sqlite_index_names(store).is_empty());
    assert_eq!(by_state(14), in_jalisco, "searches still answer, only slower");
    let reopened = Store::open(&ctx.location, OpenMode::Existing).expect("reopen");
    let applied = reopened.migrate(Utc::now()).expect("migrate");
    assert!(applied.iter().any(|m| m.contains("rebuilt")), "{applied:?}");
    assert_eq!(sqlite_index_names(&reopened), indexes);
    assert_eq!(
        reopened
            .search_workplaces(&WorkplaceQuery {
                text: Some("lupe".into()),
                limit: 50,
                ..Default::default()
            })
            .expect("search")
            .items
            .len(),
        2
    );
    assert!(reopened.migrate(Utc::now()).expect("migrate again").is_empty());
    assert_workplace_counts(&reopened);
}

/// The counts of workplaces by state that triggers keep equal a count of the table.
pub fn assert_workplace_counts(store: &Store) {
    let rows = |sql: &str| -> Vec<(String, i64)> {
        store
            .read(|tx| tx.query(sql, &[]))
            .expect("read")
            .iter()
            .map(|r| (r.string(0).expect("state"), r.i64(1).expect("count")))
            .collect()
    };
    assert_eq!(
        rows("SELECT state, workplaces FROM workplace_counts WHERE workplaces <> 0 ORDER BY state"),
        rows("SELECT state, COUNT(*) FROM workplaces GROUP BY state ORDER BY state")
    );
}
