//! Backup and restore, round trip, with the real `faro` binary.
//!
//! For each backend: a demo of 1,000 workplaces is built, and its fingerprint taken: the audit
//! chain head from `faro audit verify --json`, and a digest of every table's full content
//! (tables listed from the catalog, rows ordered by all their columns, every value as text).
//! `faro backup` writes a backup; `faro restore` puts it into a new, empty database, whose
//! fingerprint must be the same, table for table. Both are then served and must answer a few
//! public requests alike. A change written to the original after the backup is gone after the
//! backup is restored over it (a restore is one whole point in time), and the chain verifies.
//! A backup with one byte of one event's payload changed restores, but `faro restore` exits 1
//! naming the broken link. Backups of the other backend, existing backup files and (on
//! PostgreSQL) a missing pg_dump are refused with their reason.
//!
//! SQLite always; PostgreSQL when FARO_TEST_DATABASE_URL is set (new databases made with CREATE
//! DATABASE and dropped after; an unreachable server fails the test).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

#[path = "support/http.rs"]
mod http;
#[path = "support/process.rs"]
mod process;
#[path = "support/scratch_pg.rs"]
mod scratch_pg;

use process::Server;
use scratch_pg::ScratchPostgres;

use std::collections::BTreeMap;
use std::io::Write;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::Instant;

use sha2::{Digest, Sha256};

const PG_ENV: &str = "FARO_TEST_DATABASE_URL";
const PASSWORD: &str = "una-frase-larga-de-prueba";

/// Public answers compared between the original and the restored database.
const COMPARED: &[&str] = &[
    "/api/v1/public/union-registry/statistics",
    "/api/v1/public/inspections",
    "/api/v1/public/union-registry/search?q=sindicato",
    "/api/v1/public/workplaces/1/results",
    "/union-registry/statistics",
    "/conciliation/stats",
    "/results",
];

#[test]
fn sqlite_backup_restores_an_identical_database() {
    let mut place = Place::sqlite();
    round_trip(&mut place);
}

#[test]
fn postgres_backup_restores_an_identical_database() {
    let Some(admin) = std::env::var(PG_ENV).ok().filter(|s| !s.trim().is_empty()) else {
        let _ = writeln!(
            std::io::stderr(),
            "\nnote: {PG_ENV} is not set; the PostgreSQL backup round trip passes without running (SQLite only)"
        );
        return;
    };
    let mut place = Place::postgres(&admin);
    round_trip(&mut place);
}

fn round_trip(place: &mut Place) {
    let started = Instant::now();
    let original = place.new_db("orig");
    let demo = faro(&original, &["demo", "--scale", "0.01", "--no-serve"]);
    assert!(demo.status.success(), "faro demo: {}", text(&demo));
    let before = fingerprint(&original);
    assert!(
        before.head_seq > 0 && before.tables.len() > 10,
        "a real demo: {before:?}"
    );

    // The backup.
    let file = place.dir().join(match place.pg {
        None => "faro-backup.sqlite3",
        Some(_) => "faro-backup.dump",
    });
    let t = Instant::now();
    let b = faro(&original, &["backup", path(&file)]);
    let backup_ms = t.elapsed().as_millis();
    assert!(b.status.success(), "faro backup: {}", text(&b));
    assert!(
        text(&b).contains(&format!("audit chain head {} {}", before.head_seq, before.head_hash)),
        "the backup prints the head: {}",
        text(&b)
    );
    let backup_bytes = std::fs::metadata(&file).unwrap().len();
    let backup_content = std::fs::read(&file).unwrap();

    // A backup never overwrites a file.
    let again = faro(&original, &["backup", path(&file)]);
    assert_eq!(again.status.code(), Some(2), "{}", text(&again));
    assert!(text(&again).contains("already exists"), "{}", text(&again));
    assert_eq!(
        std::fs::read(&file).unwrap(),
        backup_content,
        "the backup file is untouched"
    );

    // Restored into a new, empty database: the same chain head and the same tables.
    let copy = place.new_db("copy");
    let t = Instant::now();
    let r = faro(&copy, &["restore", path(&file)]);
    let restore_ms = t.elapsed().as_millis();
    assert!(r.status.success(), "faro restore: {}", text(&r));
    assert!(text(&r).contains("chain intact"), "{}", text(&r));
    let restored = fingerprint(&copy);
    assert_same(&before, &restored, "the database restored from the backup");

    // Served, both answer alike.
    let answers = {
        let a = Server::start(command(&original));
        let c = Server::start(command(&copy));
        let original_answers = answers(&a);
        let copy_answers = answers(&c);
        assert_same_answers(&original_answers, &copy_answers, "the original and the restored copy");
        original_answers
    };

    // One more change to the original after the backup...
    let add = faro_env(
        &original,
        &[
            "user",
            "add",
            "despues.del.respaldo",
            "--role",
            "analyst",
            "--jurisdiction",
            "federal",
            "--name",
            "Después del respaldo",
        ],
        &[("FARO_NEW_PASSWORD", PASSWORD)],
    );
    assert!(add.status.success(), "faro user add: {}", text(&add));
    let changed = fingerprint(&original);
    assert_eq!(changed.head_seq, before.head_seq + 1, "the change is one event");
    let differs = first_difference(&before, &changed);
    assert!(differs.is_some(), "the fingerprint sees the change");
    // ...is gone once the backup is restored over it: a restore is a whole point in time.
    let search_index = original.search_index();
    if let Some(dir) = &search_index {
        assert!(
            dir.join("meta.json").exists(),
            "the served original has its search index on disk"
        );
    }
    let r = faro(&original, &["restore", path(&file)]);
    assert!(r.status.success(), "faro restore over the original: {}", text(&r));
    assert_same(
        &before,
        &fingerprint(&original),
        "the original after restoring its backup",
    );
    let users = count_users_named(&original, "despues.del.respaldo");
    assert_eq!(users, 0, "the user added after the backup is gone");
    let verify = faro(&original, &["audit", "verify"]);
    assert_eq!(verify.status.code(), Some(0), "{}", text(&verify));
    if let Some(dir) = &search_index {
        // The index described the database after the change; it is rebuilt from the restore.
        assert!(!dir.exists(), "the old search index is discarded: {}", text(&r));
        assert!(text(&r).contains("discarded the search index"), "{}", text(&r));
        let a = Server::start(command(&original));
        assert_same_answers(
            &answers,
            &self::answers(&a),
            "the original before and after the restore",
        );
    }

    // A tampered backup restores, but the restore exits 1 naming the broken link.
    let seq = (before.head_seq / 2).max(1);
    let tampered = tampered_backup(place, &file, seq);
    let r = faro(&copy, &["restore", path(&tampered)]);
    assert_eq!(r.status.code(), Some(1), "{}", text(&r));
    assert!(
        text(&r).contains(&format!("event {seq}: its content does not match its hash")),
        "the broken link is named: {}",
        text(&r)
    );

    refusals(place, &original, &file);

    let tables = before.tables.len();
    let rows: u64 = before.tables.values().map(|t| t.rows).sum();
    println!(
        "backup-summary backend={} tables={tables} rows={rows} events={} backup_bytes={backup_bytes} backup_ms={backup_ms} restore_ms={restore_ms} compared_answers={} seconds={}",
        place.backend(),
        before.events,
        COMPARED.len(),
        started.elapsed().as_secs()
    );
}

/// What is refused, and how: backups of the other backend, files that are no backup, and (on
/// PostgreSQL) a pg_dump that cannot be found. Nothing changes in the database.
fn refusals(place: &mut Place, db: &Db, own_backup: &Path) {
    let before = fingerprint(db);
    let junk = place.dir().join("notes.txt");
    std::fs::write(&junk, "-- PostgreSQL database dump\n").unwrap();
    let r = faro(db, &["restore", path(&junk)]);
    assert_eq!(r.status.code(), Some(2), "{}", text(&r));
    assert!(text(&r).contains("is not a Faro backup"), "{}", text(&r));
    let missing = place.dir().join("nothing-here.backup");
    let r = faro(db, &["restore", path(&missing)]);
    assert_eq!(r.status.code(), Some(2), "{}", text(&r));
    assert!(text(&r).contains("does not exist"), "{}", text(&r));

    match place.pg {
        None => {
            // A pg_dump archive (its header) is not restored into SQLite.
            let dump = place.dir().join("other.dump");
            std::fs::write(&dump, b"PGDMP\x01\x0e\x00\x04\x08\x01\x01\x01").unwrap();
            let r = faro(db, &["restore", path(&dump)]);
            assert_eq!(r.status.code(), Some(2), "{}", text(&r));
            assert!(
                text(&r).contains("is a backup of PostgreSQL and this database is SQLite"),
                "{}",
                text(&r)
            );
            // An SQLite file that is not Faro's.
            let foreign = place.dir().join("foreign.sqlite3");
            rusqlite::Connection::open(&foreign)
                .unwrap()
                .execute_batch("CREATE TABLE t (x INTEGER); INSERT INTO t VALUES (1);")
                .unwrap();
            let r = faro(db, &["restore", path(&foreign)]);
            assert_eq!(r.status.code(), Some(2), "{}", text(&r));
            assert!(text(&r).contains("not a backup of a Faro database"), "{}", text(&r));
        }
        Some(_) => {
            // A real SQLite backup is not restored into PostgreSQL, nor the other way.
            let lite = place.new_sqlite_db("lite");
            assert!(faro(&lite, &["migrate"]).status.success());
            let lite_backup = place.dir().join("lite.sqlite3");
            let b = faro(&lite, &["backup", path(&lite_backup)]);
            assert!(b.status.success(), "{}", text(&b));
            let r = faro(db, &["restore", path(&lite_backup)]);
            assert_eq!(r.status.code(), Some(2), "{}", text(&r));
            assert!(
                text(&r).contains("is a backup of SQLite and this database is PostgreSQL"),
                "{}",
                text(&r)
            );
            let r = faro(&lite, &["restore", path(own_backup)]);
            assert_eq!(r.status.code(), Some(2), "{}", text(&r));
            assert!(
                text(&r).contains("is a backup of PostgreSQL and this database is SQLite"),
                "{}",
                text(&r)
            );
            // No pg_dump on the PATH: a clear error, and no file left behind.
            let empty = place.dir().join("empty-path");
            std::fs::create_dir_all(&empty).unwrap();
            let out = place.dir().join("never.dump");
            let b = faro_env(db, &["backup", path(&out)], &[("PATH", path(&empty))]);
            assert_eq!(b.status.code(), Some(1), "{}", text(&b));
            assert!(text(&b).contains("pg_dump was not found on the PATH"), "{}", text(&b));
            assert!(!out.exists(), "a failed backup leaves no file");
            let r = faro_env(db, &["restore", path(own_backup)], &[("PATH", path(&empty))]);
            assert_eq!(r.status.code(), Some(1), "{}", text(&r));
            assert!(
                text(&r).contains("pg_restore was not found on the PATH"),
                "{}",
                text(&r)
            );
        }
    }
    assert_same(&before, &fingerprint(db), "the database after the refused restores");
}

/// A copy of `backup` with one byte of event `seq`'s payload changed.
fn tampered_backup(place: &mut Place, backup: &Path, seq: i64) -> PathBuf {
    match place.pg {
        None => {
            let tampered = place.dir().join("tampered.sqlite3");
            std::fs::copy(backup, &tampered).unwrap();
            let conn = rusqlite::Connection::open(&tampered).unwrap();
            let payload: String = conn
                .query_row("SELECT payload FROM events WHERE seq = ?1", [seq], |r| r.get(0))
                .unwrap();
            let changed = change_one_byte(&payload);
            let n = conn
                .execute(
                    "UPDATE events SET payload = ?1 WHERE seq = ?2",
                    rusqlite::params![changed, seq],
                )
                .unwrap();
            assert_eq!(n, 1);
            tampered
        }
        Some(_) => {
            // The archive is compressed: the backup is restored into a scratch database, one
            // byte changed there, and that database backed up again (which reports the break).
            let scratch = place.new_db("tamper");
            let r = faro(&scratch, &["restore", path(backup)]);
            assert!(r.status.success(), "{}", text(&r));
            let Db::Postgres { url, .. } = &scratch else {
                unreachable!()
            };
            let mut client = postgres::Client::connect(url, postgres::NoTls).unwrap();
            let row = client
                .query_one("SELECT payload FROM events WHERE seq = $1", &[&seq])
                .unwrap();
            let payload: String = row.get(0);
            let n = client
                .execute(
                    "UPDATE events SET payload = $1 WHERE seq = $2",
                    &[&change_one_byte(&payload), &seq],
                )
                .unwrap();
            assert_eq!(n, 1);
            drop(client);
            let tampered = place.dir().join("tampered.dump");
            let b = faro(&scratch, &["backup", path(&tampered)]);
            assert_eq!(
                b.status.code(),
                Some(1),
                "backing up a broken chain says so: {}",
                text(&b)
            );
            assert!(text(&b).contains(&format!("event {seq}:")), "{}", text(&b));
            assert!(tampered.is_file(), "the backup itself was written");
            tampered
        }
    }
}

/// The payload with its first lowercase letter changed to another (still valid JSON: the
/// letter is inside a string).
fn change_one_byte(payload: &str) -> String {
    let mut bytes = payload.as_bytes().to_vec();
    let i = bytes
        .iter()
        .position(u8::is_ascii_lowercase)
        .expect("a letter in the payload");
    bytes[i] = if bytes[i] == b'z' { b'y' } else { bytes[i] + 1 };
    String::from_utf8(bytes).unwrap()
}

// ---------------------------------------------------------------------------------------------
// The fingerprint of a database.

#[derive(Debug, Clone, PartialEq, Eq)]
struct TableSum {
    rows: u64,
    digest: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
struct Fingerprint {
    head_seq: i64,
    head_hash: String,
    events: u64,
    tables: BTreeMap<String, TableSum>,
}

fn fingerprint(db: &Db) -> Fingerprint {
    let out = faro(db, &["audit", "verify", "--json"]);
    assert_eq!(out.status.code(), Some(0), "faro audit verify: {}", text(&out));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(v["broken"].is_null(), "{v}");
    let tables = match db {
        Db::Sqlite { data } => sqlite_tables(&data.join("faro.sqlite3")),
        Db::Postgres { url, .. } => pg_tables(url),
    };
    Fingerprint {
        head_seq: v["head_seq"].as_i64().unwrap(),
        head_hash: v["head_hash"].as_str().unwrap().to_string(),
        events: v["events_checked"].as_u64().unwrap(),
        tables,
    }
}

/// Hashes rows of values (None is SQL NULL), each value length-prefixed so no two contents
/// hash alike by running together.
#[derive(Default)]
struct TableHasher {
    hasher: Sha256,
    rows: u64,
}

impl TableHasher {
    fn row(&mut self, values: &[Option<String>]) {
        self.rows += 1;
        self.hasher.update(b"R");
        for v in values {
            match v {
                None => self.hasher.update(b"N"),
                Some(s) => {
                    self.hasher.update(b"V");
                    self.hasher.update((s.len() as u64).to_le_bytes());
                    self.hasher.update(s.as_bytes());
                }
            }
        }
    }

    fn finish(self) -> TableSum {
        TableSum {
            rows: self.rows,
            digest: format!("{:x}", self.hasher.finalize()),
        }
    }
}

fn sqlite_tables(file: &Path) -> BTreeMap<String, TableSum> {
    let conn = rusqlite::Connection::open_with_flags(file, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY).unwrap();
    let names: Vec<String> = conn
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    let mut out = BTreeMap::new();
    for name in names {
        let quoted = format!("\"{}\"", name.replace('"', "\"\""));
        let columns = conn.prepare(&format!("SELECT * FROM {quoted}")).unwrap().column_count();
        let order: Vec<String> = (1..=columns).map(|i| i.to_string()).collect();
        let mut stmt = conn
            .prepare(&format!("SELECT * FROM {quoted} ORDER BY {}", order.join(", ")))
            .unwrap();
        let mut rows = stmt.query([]).unwrap();
        let mut h = TableHasher::default();
        while let Some(row) = rows.next().unwrap() {
            let values: Vec<Option<String>> = (0..columns)
                .map(|i| match row.get_ref(i).unwrap() {
                    rusqlite::types::ValueRef::Null => None,
                    rusqlite::types::ValueRef::Integer(v) => Some(v.to_string()),
                    rusqlite::types::ValueRef::Real(v) => Some(format!("{v:?}")),
                    rusqlite::types::ValueRef::Text(t) => Some(String::from_utf8_lossy(t).into_owned()),
                    rusqlite::types::ValueRef::Blob(b) => {
                        Some(b.iter().map(|x| format!("{x:02x}")).collect::<String>())
                    }
                })
                .collect();
            h.row(&values);
        }
        out.insert(name, h.finish());
    }
    out
}

fn pg_tables(url: &str) -> BTreeMap<String, TableSum> {
    let mut client = postgres::Client::connect(url, postgres::NoTls).unwrap();
    let names: Vec<String> = client
        .query(
            "SELECT table_name::text FROM information_schema.tables
             WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY 1",
            &[],
        )
        .unwrap()
        .iter()
        .map(|r| r.get(0))
        .collect();
    let mut out = BTreeMap::new();
    for name in names {
        let columns: Vec<String> = client
            .query(
                "SELECT column_name::text FROM information_schema.columns
                 WHERE table_schema = 'public' AND table_name = $1 ORDER BY ordinal_position",
                &[&name],
            )
            .unwrap()
            .iter()
            .map(|r| format!("\"{}\"::text", r.get::<_, String>(0).replace('"', "\"\"")))
            .collect();
        let order: Vec<String> = columns.iter().map(|c| format!("{c} COLLATE \"C\"")).collect();
        let sql = format!(
            "SELECT {} FROM public.\"{}\" ORDER BY {}",
            columns.join(", "),
            name.replace('"', "\"\""),
            order.join(", ")
        );
        let mut h = TableHasher::default();
        for row in client.query(&sql, &[]).unwrap() {
            let values: Vec<Option<String>> = (0..columns.len()).map(|i| row.get(i)).collect();
            h.row(&values);
        }
        out.insert(name, h.finish());
    }
    out
}

/// The first thing two fingerprints differ in: the chain head, or a table by name.
fn first_difference(a: &Fingerprint, b: &Fingerprint) -> Option<String> {
    if (a.head_seq, &a.head_hash) != (b.head_seq, &b.head_hash) {
        return Some(format!(
            "the audit chain head: {} {} against {} {}",
            a.head_seq, a.head_hash, b.head_seq, b.head_hash
        ));
    }
    let names: std::collections::BTreeSet<&String> = a.tables.keys().chain(b.tables.keys()).collect();
    names
        .into_iter()
        .find_map(|name| match (a.tables.get(name), b.tables.get(name)) {
            (Some(x), Some(y)) if x == y => None,
            (Some(x), Some(y)) => Some(format!(
                "table {name}: {} rows ({}) against {} rows ({})",
                x.rows, x.digest, y.rows, y.digest
            )),
            (Some(_), None) => Some(format!("table {name}: missing from the second database")),
            (None, _) => Some(format!("table {name}: only in the second database")),
        })
}

fn assert_same(expected: &Fingerprint, found: &Fingerprint, what: &str) {
    if let Some(d) = first_difference(expected, found) {
        panic!("{what} differs from the original in {d}");
    }
}

#[test]
fn the_fingerprint_names_the_first_table_that_differs() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("f.sqlite3");
    let conn = rusqlite::Connection::open(&file).unwrap();
    conn.execute_batch(
        "CREATE TABLE a (x INTEGER, y TEXT); INSERT INTO a VALUES (1, 'uno'), (2, NULL);
         CREATE TABLE b (z BLOB); INSERT INTO b VALUES (x'00ff');",
    )
    .unwrap();
    let fp = |tables| Fingerprint {
        head_seq: 1,
        head_hash: "h".into(),
        events: 1,
        tables,
    };
    let first = fp(sqlite_tables(&file));
    assert_eq!(first.tables["a"].rows, 2);
    assert_eq!(first_difference(&first, &fp(sqlite_tables(&file))), None);
    // NULL and the empty text are told apart, and so is a row order (rows are sorted first).
    conn.execute("UPDATE a SET y = '' WHERE x = 2", []).unwrap();
    let second = fp(sqlite_tables(&file));
    let d = first_difference(&first, &second).unwrap();
    assert!(d.starts_with("table a:"), "{d}");
    conn.execute("UPDATE a SET y = NULL WHERE x = 2", []).unwrap();
    conn.execute("UPDATE b SET z = x'00fe'", []).unwrap();
    let d = first_difference(&first, &fp(sqlite_tables(&file))).unwrap();
    assert!(d.starts_with("table b:"), "{d}");
    let mut moved = first.clone();
    moved.head_seq = 2;
    assert!(first_difference(&first, &moved).unwrap().contains("audit chain head"));
}

fn count_users_named(db: &Db, name: &str) -> i64 {
    match db {
        Db::Sqlite { data } => rusqlite::Connection::open(data.join("faro.sqlite3"))
            .unwrap()
            .query_row("SELECT COUNT(*) FROM users WHERE username = ?1", [name], |r| r.get(0))
            .unwrap(),
        Db::Postgres { url, .. } => postgres::Client::connect(url, postgres::NoTls)
            .unwrap()
            .query_one("SELECT COUNT(*) FROM users WHERE username = $1", &[&name])
            .unwrap()
            .get(0),
    }
}

// ---------------------------------------------------------------------------------------------
// Serving.

/// The compared answers of a server: status and body, with what differs per request (the CSRF
/// token of the forms, the address) blanked.
fn answers(server: &Server) -> Vec<(String, u16, String)> {
    COMPARED
        .iter()
        .map(|p| {
            let reply =
                http::send(server.addr, "GET", p, "", None).unwrap_or_else(|e| panic!("GET {p}: {}", e.detail()));
            assert_eq!(reply.status, 200, "GET {p}: {}", reply.body);
            (p.to_string(), reply.status, normalized(&reply.body, server.addr))
        })
        .collect()
}

fn normalized(body: &str, addr: SocketAddr) -> String {
    let mut out = body.replace(&addr.to_string(), "ADDR");
    let marker = "name=\"csrf\" value=\"";
    let mut from = 0;
    while let Some(at) = out[from..].find(marker) {
        let start = from + at + marker.len();
        let Some(len) = out[start..].find('"') else { break };
        out.replace_range(start..start + len, "CSRF");
        from = start;
    }
    out
}

fn assert_same_answers(a: &[(String, u16, String)], b: &[(String, u16, String)], what: &str) {
    for (x, y) in a.iter().zip(b) {
        assert_eq!(x.0, y.0);
        if x != y {
            let at = x.2.bytes().zip(y.2.bytes()).position(|(p, q)| p != q).unwrap_or(0);
            let lo = at.saturating_sub(80);
            panic!(
                "{what}: GET {} differs at byte {at}:\n{}\n-- against --\n{}",
                x.0,
                &x.2[lo..(at + 80).min(x.2.len())],
                &y.2[lo..(at + 80).min(y.2.len())]
            );
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Databases and the binary.

enum Db {
    /// The data folder holding `faro.sqlite3`.
    Sqlite {
        data: PathBuf,
    },
    Postgres {
        url: String,
    },
}

impl Db {
    fn args(&self) -> Vec<String> {
        match self {
            Db::Sqlite { data } => vec!["--data-dir".into(), data.display().to_string()],
            Db::Postgres { url } => vec!["--database-url".into(), url.clone()],
        }
    }

    /// Where `faro serve` keeps the search index of this database, when on disk.
    fn search_index(&self) -> Option<PathBuf> {
        match self {
            Db::Sqlite { data } => Some(data.join("search").join("registry")),
            Db::Postgres { .. } => None,
        }
    }
}

struct Place {
    dir: tempfile::TempDir,
    pg: Option<ScratchPostgres>,
}

impl Place {
    fn sqlite() -> Place {
        Place {
            dir: tempfile::tempdir().expect("a temporary folder"),
            pg: None,
        }
    }

    fn postgres(admin_url: &str) -> Place {
        Place {
            dir: tempfile::tempdir().expect("a temporary folder"),
            pg: Some(ScratchPostgres::connect(admin_url, PG_ENV)),
        }
    }

    fn backend(&self) -> &'static str {
        match self.pg {
            None => "sqlite",
            Some(_) => "postgres",
        }
    }

    fn dir(&self) -> &Path {
        self.dir.path()
    }

    /// A new database of this place's backend: an SQLite data folder after `faro migrate`, or
    /// a new, empty PostgreSQL database.
    fn new_db(&mut self, label: &str) -> Db {
        let Some(pg) = &mut self.pg else {
            let db = self.new_sqlite_db(label);
            if label != "orig" {
                let m = faro(&db, &["migrate"]);
                assert!(m.status.success(), "faro migrate: {}", text(&m));
            }
            return db;
        };
        let name = pg.create("backup", label);
        Db::Postgres { url: pg.url(&name) }
    }

    fn new_sqlite_db(&self, label: &str) -> Db {
        let data = self.dir().join(label);
        std::fs::create_dir_all(&data).unwrap();
        Db::Sqlite { data }
    }
}

fn command(db: &Db) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_faro"));
    c.args(db.args())
        .env_remove("FARO_DATABASE_URL")
        .env_remove("FARO_DATA_DIR")
        .env_remove("FARO_LISTEN")
        .env_remove("FARO_SEARCH_DIR")
        .env("FARO_LOG", "warn")
        .stdin(Stdio::null());
    c
}

fn faro(db: &Db, args: &[&str]) -> Output {
    faro_env(db, args, &[])
}

fn faro_env(db: &Db, args: &[&str], env: &[(&str, &str)]) -> Output {
    command(db)
        .args(args)
        .envs(env.iter().copied())
        .output()
        .expect("run faro")
}

fn path(p: &Path) -> &str {
    p.to_str().expect("a UTF-8 path")
}

fn text(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}
