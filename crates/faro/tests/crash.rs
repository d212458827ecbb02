//! Crash safety of the real `faro serve`: under a bounded write load (a supervisor programs,
//! orders and cancels inspections through the forms, from three client threads) the server is
//! killed with SIGKILL at a random moment, again and again, and restarted on the same database.
//! After every kill, with the server down:
//!
//! 1. every write the server acknowledged (a 303 to the case) is in the database with its event;
//! 2. nothing is half-written: every case the load touched equals the fold of its logged events
//!    (and its columns agree with it), every logged event has its case, the chain head is the
//!    last event, no case appears that no request asked for, and the dashboard rollups equal what
//!    `Store::rebuild_rollups` computes on a copy of the database;
//! 3. `faro audit verify` exits 0.
//!
//! After each restart the sessions of the logins acknowledged before the kill must still work, and
//! the last cases acknowledged before it must be served.
//! Requests in flight when the server died may or may not have landed; both are counted.
//!
//! SQLite always; PostgreSQL when FARO_TEST_DATABASE_URL is set (a fresh database per run, made
//! with CREATE DATABASE and dropped after; an unreachable server fails the test). FARO_CRASH_CYCLES
//! (default 5 on SQLite, 3 on PostgreSQL) and FARO_CRASH_SEED change the run;
//! `scripts/crash-cycles.sh` runs many cycles and prints the figures of docs/RELIABILITY.md.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::fs::OpenOptions;
use std::io::{BufRead, BufReader, Write};
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdout, Command, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use chrono::{Days, Utc};
use faro_core::inspection::{self, Inspection, Kind, Matter, Origin};
use faro_core::Jurisdiction;
use faro_store::{Location, OpenMode, Row, Store};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

const PG_ENV: &str = "FARO_TEST_DATABASE_URL";
/// Client threads writing at once.
const WORKERS: usize = 3;
/// Writes a client thread sends per cycle at most (the load is bounded even if the kill is late).
const MAX_WRITES_PER_WORKER: usize = 600;
/// The kill comes this long after the load starts (milliseconds, drawn from the seeded RNG).
const KILL_AFTER_MS: std::ops::RangeInclusive<u64> = 50..=1500;
const DEFAULT_SEED: u64 = 20_261_124;
/// Cases acknowledged before a kill that are read back through the restarted server.
const RECENT_CASES_READ_BACK: usize = 10;
/// The demo accounts' password.
const PASSWORD: &str = faro_demo::DEMO_PASSWORD;

#[test]
fn sqlite_keeps_every_acknowledged_write_through_random_kills() {
    let figures = run(Place::sqlite(), cycles(5), seed());
    figures.print();
    figures.assert_clean();
}

#[test]
fn postgres_keeps_every_acknowledged_write_through_random_kills() {
    let Some(admin) = std::env::var(PG_ENV).ok().filter(|s| !s.trim().is_empty()) else {
        let _ = writeln!(
            std::io::stderr(),
            "\nnote: {PG_ENV} is not set; the PostgreSQL crash cycles pass without running (SQLite only)"
        );
        return;
    };
    let figures = run(Place::postgres(&admin), cycles(3), seed());
    figures.print();
    figures.assert_clean();
}

/// The harness itself: its checks see a lost write, a half-written case, rollups out of step
/// with the cases, and a broken chain (else a clean run would prove nothing).
#[test]
fn the_checks_catch_what_they_look_for() {
    let mut place = Place::sqlite();
    let faro = Faro::new(&place);
    faro.demo();
    let setup = Setup::read(&place.open());
    let mut ledger = Ledger::default();
    let mut server = faro.start();
    let load = Load {
        addr: server.addr,
        session: login(server.addr),
        setup: setup.clone(),
        pool: Vec::new(),
        rng: ChaCha8Rng::seed_from_u64(7),
        killed: Arc::new(AtomicBool::new(false)),
        limit: 40,
    };
    for sent in load.run() {
        assert!(matches!(sent.outcome, Outcome::Acknowledged(_)), "{sent:?}");
        ledger.record(sent);
    }
    server.kill();
    let all = setup.baseline();
    let clean = check(&mut place, &faro, &setup, &ledger, all);
    assert!(clean.lost.is_empty() && clean.problems.is_empty() && clean.audit.is_none());
    assert_eq!(clean.verified, 40);
    let tamper = |place: &Place, sql: &str, params: &[faro_store::Value]| {
        place
            .open()
            .write(|tx| tx.execute(sql, params))
            .unwrap_or_else(|e| panic!("{sql}: {e}"));
    };
    let (first, last) = (
        *ledger.cases.keys().next().unwrap(),
        *ledger.cases.keys().last().unwrap(),
    );

    // An acknowledged case the database does not have.
    let mut lost = Ledger {
        cases: ledger.cases.clone(),
        ..Ledger::default()
    };
    lost.cases.insert(last + 1000, vec![Op::Program]);
    let r = check(&mut place, &faro, &setup, &lost, all);
    assert!(r.lost.iter().any(|l| l.contains("is missing")), "{:?}", r.lost);

    // A case whose row is not what its events say.
    let original = place
        .open()
        .read(|tx| tx.query_one("SELECT state_json FROM inspections WHERE id = ?", &[first.into()]))
        .unwrap()
        .unwrap()
        .string(0)
        .unwrap();
    tamper(
        &place,
        "UPDATE inspections SET state_json = (SELECT state_json FROM inspections WHERE id = ?) WHERE id = ?",
        &[last.into(), first.into()],
    );
    let r = check(&mut place, &faro, &setup, &ledger, all);
    assert!(
        r.problems
            .iter()
            .any(|p| p.contains(&format!("case {first}: the stored state"))),
        "{:?}",
        r.problems
    );
    tamper(
        &place,
        "UPDATE inspections SET state_json = ? WHERE id = ?",
        &[original.into(), first.into()],
    );

    // A rollup out of step with the cases.
    tamper(
        &place,
        "UPDATE inspection_rollup SET cases = cases + 1 WHERE month = (SELECT MIN(month) FROM inspection_rollup)",
        &[],
    );
    let r = check(&mut place, &faro, &setup, &ledger, all);
    assert!(
        r.problems.iter().any(|p| p.starts_with("inspection_rollup differs")),
        "{:?}",
        r.problems
    );
    place.open().rebuild_rollups().unwrap();

    // An event whose case is gone, and a chain that no longer verifies.
    tamper(
        &place,
        "UPDATE events SET subject = ? WHERE seq = (SELECT MAX(seq) FROM events)",
        &[format!("inspection/{}", last + 1000).into()],
    );
    let r = check(&mut place, &faro, &setup, &ledger, all);
    assert!(r.audit.is_some(), "faro audit verify passed a rewritten event");
    assert!(
        r.problems.iter().any(|p| p.contains("the case does not exist")),
        "{:?}",
        r.problems
    );
}

fn cycles(default: u32) -> u32 {
    std::env::var("FARO_CRASH_CYCLES")
        .ok()
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or(default)
}

fn seed() -> u64 {
    std::env::var("FARO_CRASH_SEED")
        .ok()
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or(DEFAULT_SEED)
}

// ---------------------------------------------------------------------------------------------
// The run.

fn run(mut place: Place, cycles: u32, seed: u64) -> Figures {
    let started = Instant::now();
    let faro = Faro::new(&place);
    faro.demo();
    let setup = Setup::read(&place.open());
    let mut figures = Figures::new(place.backend(), seed);
    let mut ledger = Ledger::default();
    let mut rng = ChaCha8Rng::seed_from_u64(seed);

    // The demo itself passes the checks (else the harness, not the crash, is wrong).
    let first = check(&mut place, &faro, &setup, &ledger, setup.baseline());
    assert!(
        first.problems.is_empty() && first.audit.is_none(),
        "the fresh demo fails the checks: {:?} {:?}",
        first.problems,
        first.audit
    );
    let mut since = first.reached;
    let mut open_cases = first.open_cases;

    let mut server = faro.start();
    for cycle in 1..=cycles {
        let seen = ledger.check_after_restart(server.addr);
        figures.served_checked += seen.checked;
        figures
            .lost
            .extend(seen.lost.iter().map(|l| format!("cycle {cycle}: {l}")));
        if !figures.lost.is_empty() {
            break;
        }

        let session = login(server.addr);
        ledger.sessions.push(session.token.clone());
        figures.acknowledged += 1;

        let killed = Arc::new(AtomicBool::new(false));
        let workers: Vec<_> = (0..WORKERS)
            .map(|w| {
                let pool: Vec<(i64, bool)> = open_cases
                    .iter()
                    .enumerate()
                    .filter(|(i, _)| i % WORKERS == w)
                    .map(|(_, c)| *c)
                    .collect();
                let load = Load {
                    addr: server.addr,
                    session: session.clone(),
                    setup: setup.clone(),
                    pool,
                    rng: ChaCha8Rng::seed_from_u64(rng.gen()),
                    killed: killed.clone(),
                    limit: MAX_WRITES_PER_WORKER,
                };
                std::thread::spawn(move || load.run())
            })
            .collect();
        std::thread::sleep(Duration::from_millis(rng.gen_range(KILL_AFTER_MS)));
        killed.store(true, Ordering::SeqCst);
        server.kill();
        for w in workers {
            for sent in w.join().expect("a client thread") {
                figures.count(&sent);
                ledger.record(sent);
            }
        }

        let report = check(&mut place, &faro, &setup, &ledger, since);
        figures.absorb(cycle, &report, &mut ledger);
        since = report.reached;
        open_cases = report.open_cases;
        figures.cycles = cycle;
        if !figures.is_clean() {
            break;
        }
        server = faro.start();
    }
    if figures.is_clean() {
        // The sessions of the last cycle, then a last look at everything the load touched.
        let seen = ledger.check_after_restart(server.addr);
        figures.served_checked += seen.checked;
        figures
            .lost
            .extend(seen.lost.iter().map(|l| format!("after the last restart: {l}")));
        server.kill();
        let full = check(&mut place, &faro, &setup, &ledger, setup.baseline());
        figures.absorb(0, &full, &mut ledger);
    }
    figures.seconds = started.elapsed().as_secs_f64();
    figures.server_log = faro.log_tail();
    figures
}

// ---------------------------------------------------------------------------------------------
// The database: an SQLite file in a temporary folder, or a fresh PostgreSQL database.

struct Place {
    /// A scratch folder: the SQLite database itself, the server's log, the copies.
    dir: tempfile::TempDir,
    pg: Option<Pg>,
}

/// A PostgreSQL database of the run's own, made through the server URL and dropped at the end.
struct Pg {
    scratch: ScratchPostgres,
    name: String,
    url: String,
}

impl Place {
    fn sqlite() -> Place {
        Place {
            dir: tempfile::tempdir().expect("a temporary folder"),
            pg: None,
        }
    }

    fn postgres(admin_url: &str) -> Place {
        let mut scratch = ScratchPostgres::connect(admin_url, PG_ENV);
        let name = scratch.create("crash", "");
        Place {
            dir: tempfile::tempdir().expect("a temporary folder"),
            pg: Some(Pg {
                url: scratch.url(&name),
                name,
                scratch,
            }),
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

    fn data_dir(&self) -> PathBuf {
        self.dir().join("data")
    }

    /// The arguments that point `faro` at this database.
    fn faro_args(&self) -> Vec<String> {
        match &self.pg {
            None => vec!["--data-dir".into(), self.data_dir().display().to_string()],
            Some(pg) => vec!["--database-url".into(), pg.url.clone()],
        }
    }

    fn location(&self) -> Location {
        match &self.pg {
            None => Location::Sqlite(self.data_dir().join("faro.sqlite3")),
            Some(pg) => Location::Postgres(pg.url.clone()),
        }
    }

    fn open(&self) -> Store {
        Store::open(&self.location(), OpenMode::Existing).expect("open the database")
    }

    /// Waits until nothing holds the database: the killed server's PostgreSQL sessions end (and
    /// roll back what they had not committed) once PostgreSQL notices the client is gone.
    fn settle(&mut self) {
        let Some(Pg { scratch, name, .. }) = &mut self.pg else {
            return;
        };
        let admin = scratch.admin();
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            let row = admin
                .query_one(
                    "SELECT count(*) FROM pg_stat_activity WHERE datname = $1",
                    &[&name.as_str()],
                )
                .expect("read pg_stat_activity");
            let sessions: i64 = row.get(0);
            if sessions == 0 {
                return;
            }
            assert!(
                Instant::now() < deadline,
                "the killed server's {sessions} PostgreSQL sessions on {name} did not end in 20 s"
            );
            std::thread::sleep(Duration::from_millis(25));
        }
    }

    /// The rollups of a copy of the database (as it is now, server down) after
    /// `Store::rebuild_rollups` recomputed them from the cases there.
    fn rebuilt_rollups(&mut self) -> Vec<Vec<Row>> {
        let Some(pg) = &mut self.pg else {
            let copy = self.dir().join("copy");
            let _ = std::fs::remove_dir_all(&copy);
            std::fs::create_dir_all(&copy).expect("a folder for the copy");
            // The crashed files as they are: opening the copy recovers its write-ahead log.
            for suffix in ["", "-wal"] {
                let from = self.data_dir().join(format!("faro.sqlite3{suffix}"));
                if from.exists() {
                    std::fs::copy(&from, copy.join(format!("faro.sqlite3{suffix}"))).expect("copy the database");
                }
            }
            let rollups = rebuilt(&Location::Sqlite(copy.join("faro.sqlite3")));
            let _ = std::fs::remove_dir_all(&copy);
            return rollups;
        };
        let copy = format!("{}_copy", pg.name);
        pg.scratch.copy(&pg.name, &copy);
        let rollups = rebuilt(&Location::Postgres(pg.scratch.url(&copy)));
        pg.scratch.drop_database(&copy);
        rollups
    }
}

fn rebuilt(location: &Location) -> Vec<Vec<Row>> {
    let store = Store::open(location, OpenMode::Existing).expect("open the copy");
    store.rebuild_rollups().expect("rebuild the rollups on the copy");
    rollups(&store)
}

// ---------------------------------------------------------------------------------------------
// The binary.

struct Faro {
    /// A private copy of the binary: every start of a run uses the same build, even if the
    /// workspace is rebuilt meanwhile (a newer build would migrate the database under it).
    binary: PathBuf,
    args: Vec<String>,
    log: PathBuf,
}

struct Server {
    child: Child,
    addr: SocketAddr,
    /// Kept open: the server may print again, and a closed pipe would make that fail.
    _stdout: BufReader<ChildStdout>,
}

impl Faro {
    fn new(place: &Place) -> Faro {
        let binary = place.dir().join("faro");
        std::fs::copy(env!("CARGO_BIN_EXE_faro"), &binary).expect("copy the faro binary");
        Faro {
            binary,
            args: place.faro_args(),
            log: place.dir().join("serve.log"),
        }
    }

    fn command(&self) -> Command {
        let mut c = Command::new(&self.binary);
        c.args(&self.args)
            .env_remove("FARO_DATABASE_URL")
            .env_remove("FARO_DATA_DIR")
            .env_remove("FARO_LISTEN")
            .env("FARO_LOG", "warn")
            .stdin(Stdio::null());
        c
    }

    /// The demo nation at its smallest shipped size: 1,000 workplaces, their five years of
    /// inspections, and the demo accounts (about a second on SQLite).
    fn demo(&self) {
        let out = self
            .command()
            .args(["demo", "--scale", "0.01", "--no-serve"])
            .output()
            .expect("run faro demo");
        assert!(
            out.status.success(),
            "faro demo failed: {}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
    }

    fn start(&self) -> Server {
        let log = OpenOptions::new()
            .create(true)
            .append(true)
            .open(&self.log)
            .expect("the server log");
        let mut child = self
            .command()
            .args(["serve", "--listen", "127.0.0.1:0"])
            .stdout(Stdio::piped())
            .stderr(Stdio::from(log))
            .spawn()
            .expect("start faro serve");
        let stdout = child.stdout.take().map(BufReader::new);
        match stdout.and_then(|mut out| announced(&mut out).map(|addr| (addr, out))) {
            Some((addr, stdout)) => Server {
                child,
                addr,
                _stdout: stdout,
            },
            None => {
                let _ = child.kill();
                let status = child.wait();
                panic!("faro serve ended ({status:?}) before serving:\n{}", self.log_tail());
            }
        }
    }

    fn audit_verify(&self) -> Result<(), String> {
        let out = self
            .command()
            .args(["audit", "verify"])
            .output()
            .expect("run faro audit verify");
        if out.status.code() == Some(0) {
            Ok(())
        } else {
            Err(format!(
                "faro audit verify exited {:?}: {}{}",
                out.status.code(),
                String::from_utf8_lossy(&out.stdout).trim(),
                String::from_utf8_lossy(&out.stderr).trim()
            ))
        }
    }

    fn log_tail(&self) -> String {
        let text = std::fs::read_to_string(&self.log).unwrap_or_default();
        let lines: Vec<&str> = text.lines().collect();
        lines[lines.len().saturating_sub(20)..].join("\n")
    }
}

/// The address in "Faro is serving ... at http://ADDR/", once the server prints it.
fn announced(stdout: &mut BufReader<ChildStdout>) -> Option<SocketAddr> {
    let mut line = String::new();
    loop {
        line.clear();
        if stdout.read_line(&mut line).ok()? == 0 {
            return None;
        }
        if let Some(at) = line.trim().split(" at http://").nth(1) {
            return at.trim_end_matches('/').parse().ok();
        }
    }
}

impl Server {
    /// SIGKILL (what `Child::kill` sends on Unix), then reaps the process.
    fn kill(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.kill();
    }
}

// ---------------------------------------------------------------------------------------------
// What the load needs from the demo, read once.

#[derive(Clone)]
struct Setup {
    /// Workplace ids with their state code.
    workplaces: Vec<(i64, String)>,
    inspector_id: i64,
    /// The demo's last inspection and event: the load's cases and events come after.
    demo_inspection: i64,
    demo_seq: i64,
}

/// How far a check has looked: cases and events after these were not checked yet.
#[derive(Clone, Copy)]
struct Mark {
    inspection: i64,
    seq: i64,
}

impl Setup {
    fn read(store: &Store) -> Setup {
        let workplaces = store
            .read(|tx| tx.query("SELECT id, state FROM workplaces ORDER BY id LIMIT 400", &[]))
            .expect("read workplaces")
            .iter()
            .map(|r| (r.i64(0).unwrap(), r.string(1).unwrap()))
            .collect::<Vec<_>>();
        assert!(workplaces.len() >= 100, "the demo has too few workplaces");
        let inspector_id = store
            .user_by_username("inspector")
            .expect("read users")
            .expect("the demo inspector")
            .id;
        let (demo_inspection, demo_seq) = store
            .read(|tx| {
                let i = tx.query_one("SELECT COALESCE(MAX(id), 0) FROM inspections", &[])?;
                let s = tx.query_one("SELECT last_seq FROM event_chain_head WHERE id = 1", &[])?;
                Ok((i.unwrap().i64(0)?, s.unwrap().i64(0)?))
            })
            .expect("read the demo's last case and event");
        Setup {
            workplaces,
            inspector_id,
            demo_inspection,
            demo_seq,
        }
    }

    fn baseline(&self) -> Mark {
        Mark {
            inspection: self.demo_inspection,
            seq: self.demo_seq,
        }
    }
}

// ---------------------------------------------------------------------------------------------
// The write load.

#[derive(Clone)]
struct Session {
    token: String,
    csrf: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Op {
    Program,
    Order(i64),
    Cancel(i64),
}

impl Op {
    fn event_kind(self) -> &'static str {
        match self {
            Op::Program => "inspection.programmed",
            Op::Order(_) => "inspection.ordered",
            Op::Cancel(_) => "inspection.cancelled",
        }
    }
}

#[derive(Debug, Clone)]
enum Outcome {
    /// The server answered 303 to the case: committed.
    Acknowledged(i64),
    /// Sent whole, no whole answer: the server died with it.
    InFlight,
    /// Not sent whole (the server was gone): it cannot have been applied.
    NotSent,
    /// Any other answer, or a failure while the server was alive: a finding.
    Unexpected(String),
}

#[derive(Debug, Clone)]
struct Sent {
    op: Op,
    outcome: Outcome,
}

struct Load {
    addr: SocketAddr,
    session: Session,
    setup: Setup,
    /// Open cases of the load this client may act on: (id, ordered yet).
    pool: Vec<(i64, bool)>,
    rng: ChaCha8Rng,
    killed: Arc<AtomicBool>,
    /// Writes to send at most.
    limit: usize,
}

impl Load {
    fn run(mut self) -> Vec<Sent> {
        let mut sent = Vec::new();
        for _ in 0..self.limit {
            let op = self.pick();
            let (path, form) = self.request(op);
            let outcome = match http::send(self.addr, "POST", &path, &self.cookie(), Some(&form)) {
                Ok(reply) => match (reply.status, case_id(reply.header("location"))) {
                    (303, Some(id)) => Outcome::Acknowledged(id),
                    (status, _) => {
                        Outcome::Unexpected(format!("POST {path} answered {status}: {}", http::snippet(&reply.body)))
                    }
                },
                Err(failure) if !self.killed.load(Ordering::SeqCst) => Outcome::Unexpected(format!(
                    "POST {path} failed while the server was up: {}",
                    failure.detail()
                )),
                Err(http::Failure::NotSent(_)) => Outcome::NotSent,
                Err(http::Failure::NoAnswer(_)) => Outcome::InFlight,
            };
            let done = !matches!(outcome, Outcome::Acknowledged(_));
            if let Outcome::Acknowledged(id) = outcome {
                match op {
                    Op::Program => self.pool.push((id, false)),
                    Op::Order(_) => self.pool.push((id, true)),
                    Op::Cancel(_) => {}
                }
            }
            sent.push(Sent { op, outcome });
            if done {
                break;
            }
        }
        sent
    }

    /// Mostly new cases; some orders and cancellations of open ones (taken out of the pool: a
    /// case is acted on by one request at a time).
    fn pick(&mut self) -> Op {
        let roll: f64 = self.rng.gen();
        if roll < 0.55 || self.pool.is_empty() {
            return Op::Program;
        }
        let programmed: Vec<usize> = (0..self.pool.len()).filter(|&i| !self.pool[i].1).collect();
        if roll < 0.85 && !programmed.is_empty() {
            let i = programmed[self.rng.gen_range(0..programmed.len())];
            return Op::Order(self.pool.swap_remove(i).0);
        }
        let i = self.rng.gen_range(0..self.pool.len());
        Op::Cancel(self.pool.swap_remove(i).0)
    }

    fn request(&mut self, op: Op) -> (String, String) {
        let csrf = ("csrf", self.session.csrf.clone());
        match op {
            Op::Program => {
                let (workplace, state) = &self.setup.workplaces[self.rng.gen_range(0..self.setup.workplaces.len())];
                let jurisdiction = if self.rng.gen_bool(0.5) {
                    Jurisdiction::Federal.code()
                } else {
                    state.clone()
                };
                let kind = Kind::ALL[self.rng.gen_range(0..Kind::ALL.len())];
                let origin = Origin::ALL[self.rng.gen_range(0..Origin::ALL.len())];
                let planned = Utc::now().date_naive() + Days::new(self.rng.gen_range(0..120));
                let allowed: Vec<Matter> = Matter::ALL.into_iter().filter(|m| !m.is_protected()).collect();
                let mut pairs = vec![
                    csrf,
                    ("workplace", workplace.to_string()),
                    ("jurisdiction", jurisdiction),
                    ("kind", kind.code().to_string()),
                    ("origin", origin.code().to_string()),
                    ("planned_for", planned.to_string()),
                ];
                for _ in 0..self.rng.gen_range(1..=3) {
                    let m = allowed[self.rng.gen_range(0..allowed.len())];
                    pairs.push(("matter", m.code().to_string()));
                }
                ("/inspections".into(), http::form(&pairs))
            }
            Op::Order(id) => (
                format!("/inspections/{id}/order"),
                http::form(&[
                    csrf,
                    ("inspector", self.setup.inspector_id.to_string()),
                    ("scope", "Condiciones generales y capacitación".into()),
                    ("legal_basis", "LFT 540, 541 y 542".into()),
                ]),
            ),
            Op::Cancel(id) => (
                format!("/inspections/{id}/cancel"),
                http::form(&[csrf, ("reason", "Reprogramada por carga de trabajo".into())]),
            ),
        }
    }

    fn cookie(&self) -> String {
        format!("faro_session={}", self.session.token)
    }
}

/// The id in a redirect to "/inspections/{id}".
fn case_id(location: Option<&str>) -> Option<i64> {
    location?
        .strip_prefix("/inspections/")?
        .split(['/', '#', '?'])
        .next()?
        .parse()
        .ok()
}

/// Logs in as the demo supervisor through the form; returns the session and its CSRF token.
fn login(addr: SocketAddr) -> Session {
    let page = http::send(addr, "GET", "/login", "", None).expect("GET /login");
    assert_eq!(page.status, 200, "GET /login");
    let pre = page.cookie("faro_csrf").expect("a CSRF cookie for the login form");
    let field = http::hidden_csrf(&page.body).expect("a csrf field on the login page");
    let form = http::form(&[
        ("csrf", field),
        ("username", "supervisor".into()),
        ("password", PASSWORD.into()),
        ("next", "/".into()),
    ]);
    let r = http::send(addr, "POST", "/login", &format!("faro_csrf={pre}"), Some(&form)).expect("POST /login");
    assert_eq!(r.status, 303, "login: {}", http::snippet(&r.body));
    let token = r.cookie("faro_session").expect("a session cookie");
    let home = http::send(addr, "GET", "/", &format!("faro_session={token}"), None).expect("GET /");
    let csrf = http::hidden_csrf(&home.body).expect("the session's csrf field");
    Session { token, csrf }
}

// ---------------------------------------------------------------------------------------------
// What the server acknowledged, and what was in flight.

#[derive(Default)]
struct Ledger {
    /// Acknowledged operations by case, in order.
    cases: BTreeMap<i64, Vec<Op>>,
    /// Sessions acknowledged since the last restart, checked after it.
    sessions: Vec<String>,
    /// Cases acknowledged since the last restart: the last few are read back through it.
    recent: Vec<i64>,
    /// Orders and cancellations in flight at a kill, to see whether they landed.
    in_flight: Vec<Op>,
    /// Programs in flight at the kills so far (their ids are unknown).
    programs_in_flight: usize,
    /// Cases of the load that no acknowledgement named (in-flight programs that landed).
    unacknowledged_cases: usize,
}

struct SessionCheck {
    checked: usize,
    lost: Vec<String>,
}

impl Ledger {
    fn record(&mut self, sent: Sent) {
        match sent.outcome {
            Outcome::Acknowledged(id) => {
                let expected = match sent.op {
                    Op::Program => true,
                    Op::Order(target) | Op::Cancel(target) => target == id,
                };
                assert!(expected, "{:?} was acknowledged with case {id}", sent.op);
                self.cases.entry(id).or_default().push(sent.op);
                self.recent.push(id);
            }
            Outcome::InFlight => match sent.op {
                Op::Program => self.programs_in_flight += 1,
                op => self.in_flight.push(op),
            },
            Outcome::NotSent | Outcome::Unexpected(_) => {}
        }
    }

    /// Through the restarted server: the sessions acknowledged before the last kill still open
    /// a staff page, and the last cases acknowledged before it are served.
    fn check_after_restart(&mut self, addr: SocketAddr) -> SessionCheck {
        let mut lost = Vec::new();
        let mut checked = 0;
        let mut last = self
            .recent
            .split_off(self.recent.len().saturating_sub(RECENT_CASES_READ_BACK));
        self.recent.clear();
        last.sort_unstable();
        last.dedup();
        for token in self.sessions.drain(..) {
            let cookie = format!("faro_session={token}");
            let r = http::send(addr, "GET", "/inspections/new", &cookie, None).expect("GET /inspections/new");
            checked += 1;
            if r.status != 200 {
                lost.push(format!(
                    "an acknowledged login's session no longer works: GET /inspections/new answered {} ({:?})",
                    r.status,
                    r.header("location")
                ));
                continue;
            }
            for id in last.drain(..) {
                let r = http::send(addr, "GET", &format!("/inspections/{id}"), &cookie, None).expect("GET a case");
                checked += 1;
                if r.status != 200 {
                    lost.push(format!(
                        "acknowledged case {id} is not served: GET answered {}",
                        r.status
                    ));
                }
            }
        }
        SessionCheck { checked, lost }
    }
}

// ---------------------------------------------------------------------------------------------
// The checks, with the server down.

struct Report {
    lost: Vec<String>,
    problems: Vec<String>,
    audit: Option<String>,
    /// Acknowledged writes verified by this check.
    verified: usize,
    /// Orders and cancellations in flight that landed.
    landed: usize,
    /// Programs in flight that landed (cases no acknowledgement named, new since the last check).
    programs_landed: usize,
    /// The open cases of the load, for the next cycle: (id, ordered).
    open_cases: Vec<(i64, bool)>,
    reached: Mark,
}

fn check(place: &mut Place, faro: &Faro, setup: &Setup, ledger: &Ledger, since: Mark) -> Report {
    place.settle();
    let rebuilt = place.rebuilt_rollups();
    let store = place.open();
    let mut report = store
        .read(|tx| Ok(inspect(tx, setup, ledger, since)))
        .expect("read the database");
    let live = rollups(&store);
    drop(store);
    for ((name, _), (have, want)) in ROLLUPS.iter().zip(live.iter().zip(&rebuilt)) {
        if have != want {
            let extra: Vec<&Row> = have.iter().filter(|r| !want.contains(r)).take(5).collect();
            let missing: Vec<&Row> = want.iter().filter(|r| !have.contains(r)).take(5).collect();
            report.problems.push(format!(
                "{name} differs from its rebuild: {} rows vs {}; stored only {extra:?}; rebuilt only {missing:?}",
                have.len(),
                want.len()
            ));
        }
    }
    report.audit = faro.audit_verify().err();
    report
}

const ROLLUPS: [(&str, &str); 4] = [
    (
        "inspection_rollup",
        "SELECT month, state, sector, cases, inspections, visited, closed, with_findings, days_to_close
         FROM inspection_rollup ORDER BY month, state, sector",
    ),
    (
        "finding_rollup",
        "SELECT month, state, matter, inspections, with_findings FROM finding_rollup ORDER BY month, state, matter",
    ),
    (
        "fine_rollup",
        "SELECT year, state, sector, cases, sanctions, imposed, paid FROM fine_rollup ORDER BY year, state, sector",
    ),
    (
        "workplace_visit_years",
        "SELECT year, state, workplace_id FROM workplace_visit_years ORDER BY year, state, workplace_id",
    ),
];

fn rollups(store: &Store) -> Vec<Vec<Row>> {
    store
        .read(|tx| ROLLUPS.iter().map(|(_, sql)| tx.query(sql, &[])).collect())
        .expect("read the rollups")
}

/// Everything the load wrote, in one snapshot.
fn inspect(tx: &mut dyn faro_store::Tx, setup: &Setup, ledger: &Ledger, since: Mark) -> Report {
    let mut report = Report {
        lost: Vec::new(),
        problems: Vec::new(),
        audit: None,
        verified: 0,
        landed: 0,
        programs_landed: 0,
        open_cases: Vec::new(),
        reached: since,
    };
    let q = |tx: &mut dyn faro_store::Tx, sql: &str, p: &[faro_store::Value]| {
        tx.query(sql, p).unwrap_or_else(|e| panic!("{sql}: {e}"))
    };

    // The chain head is the last event, and the log has no gap.
    let head = q(tx, "SELECT last_seq FROM event_chain_head WHERE id = 1", &[]);
    let last = q(tx, "SELECT COALESCE(MAX(seq), 0), COUNT(*) FROM events", &[]);
    let (head, max, count) = (
        head[0].i64(0).unwrap(),
        last[0].i64(0).unwrap(),
        last[0].i64(1).unwrap(),
    );
    if head != max || max != count {
        report.problems.push(format!(
            "the chain head says {head} but the log holds {count} events up to {max}"
        ));
    }

    // The load's cases and their events.
    let cases: HashMap<i64, String> = q(
        tx,
        "SELECT id, status FROM inspections WHERE id > ?",
        &[setup.demo_inspection.into()],
    )
    .iter()
    .map(|r| (r.i64(0).unwrap(), r.string(1).unwrap()))
    .collect();
    let mut logged: HashSet<(i64, String)> = HashSet::new();
    let mut touched: BTreeSet<i64> = BTreeSet::new();
    for r in q(
        tx,
        "SELECT seq, subject, kind FROM events WHERE seq > ? AND subject LIKE 'inspection/%'",
        &[setup.demo_seq.into()],
    ) {
        let (seq, subject, kind) = (r.i64(0).unwrap(), r.string(1).unwrap(), r.string(2).unwrap());
        let Some(id) = subject.strip_prefix("inspection/").and_then(|s| s.parse::<i64>().ok()) else {
            report.problems.push(format!("event {seq} has the subject {subject:?}"));
            continue;
        };
        if seq > since.seq {
            touched.insert(id);
        }
        logged.insert((id, kind));
    }

    // 1. Every acknowledged write is there, with its event.
    for (id, ops) in &ledger.cases {
        let Some(status) = cases.get(id) else {
            report.lost.push(format!("acknowledged case {id} ({ops:?}) is missing"));
            continue;
        };
        for op in ops {
            report.verified += 1;
            if !logged.contains(&(*id, op.event_kind().to_string())) {
                report.lost.push(format!(
                    "case {id}: the acknowledged {op:?} has no {} event",
                    op.event_kind()
                ));
            }
        }
        let cancelled = ops.iter().any(|o| matches!(o, Op::Cancel(_)));
        let ordered = ops.iter().any(|o| matches!(o, Op::Order(_)));
        let fits = if cancelled {
            status == "cancelled"
        } else if ordered {
            status == "ordered" || status == "cancelled"
        } else {
            ["programmed", "ordered", "cancelled"].contains(&status.as_str())
        };
        if !fits {
            report
                .lost
                .push(format!("case {id} is {status} after the acknowledged {ops:?}"));
        }
    }
    for op in &ledger.in_flight {
        if let Op::Order(id) | Op::Cancel(id) = op {
            if logged.contains(&(*id, op.event_kind().to_string())) {
                report.landed += 1;
            }
        }
    }
    let unacknowledged = cases.keys().filter(|id| !ledger.cases.contains_key(id)).count();
    report.programs_landed = unacknowledged.saturating_sub(ledger.unacknowledged_cases);
    if unacknowledged > ledger.programs_in_flight {
        report.problems.push(format!(
            "{unacknowledged} cases of the load were never acknowledged, but only {} programs were in flight",
            ledger.programs_in_flight
        ));
    }

    // 2. Whole: every case touched since the last check equals the fold of its events, and its
    // columns agree with that state; every event's case exists.
    for id in q(
        tx,
        "SELECT id FROM inspections WHERE id > ? AND (id > ? OR updated_seq > ?)",
        &[setup.demo_inspection.into(), since.inspection.into(), since.seq.into()],
    ) {
        touched.insert(id.i64(0).unwrap());
    }
    for id in &touched {
        if let Err(problem) = whole(tx, *id) {
            report.problems.push(format!("case {id}: {problem}"));
        }
    }

    report.open_cases = {
        let mut open: Vec<(i64, bool)> = cases
            .iter()
            .filter(|(_, s)| *s == "programmed" || *s == "ordered")
            .map(|(id, s)| (*id, s == "ordered"))
            .collect();
        open.sort_unstable();
        open
    };
    report.reached = Mark {
        inspection: cases.keys().copied().max().unwrap_or(setup.demo_inspection),
        seq: head,
    };
    report
}

/// One case: its row and its logged events tell the same story.
fn whole(tx: &mut dyn faro_store::Tx, id: i64) -> Result<(), String> {
    let row = tx
        .query_one(
            "SELECT status, order_number, inspector_id, state_json, created_seq, updated_seq FROM inspections
             WHERE id = ?",
            &[id.into()],
        )
        .map_err(|e| e.to_string())?
        .ok_or("its events are logged but the case does not exist")?;
    let stored: Inspection =
        serde_json::from_str(&row.string(3).unwrap()).map_err(|e| format!("unreadable state: {e}"))?;
    let events = tx
        .query(
            "SELECT seq, kind, payload FROM events WHERE subject = ? ORDER BY seq",
            &[format!("inspection/{id}").into()],
        )
        .map_err(|e| e.to_string())?;
    let mut folded: Option<Inspection> = None;
    let mut seqs = Vec::new();
    for e in events
        .iter()
        .filter(|e| e.string(1).unwrap().starts_with("inspection."))
    {
        let event: inspection::Event =
            serde_json::from_str(&e.string(2).unwrap()).map_err(|err| format!("unreadable event: {err}"))?;
        if event.kind() != e.string(1).unwrap() {
            return Err(format!(
                "event {} is logged as {}",
                e.i64(0).unwrap(),
                e.string(1).unwrap()
            ));
        }
        folded = inspection::apply(folded, &event);
        seqs.push(e.i64(0).unwrap());
    }
    let folded = folded.ok_or("the case exists but none of its events is logged")?;
    if folded != stored {
        return Err(format!(
            "the stored state is not the fold of its {} events (stored {:?}, folded {:?})",
            seqs.len(),
            stored.status,
            folded.status
        ));
    }
    let (created, updated) = (row.i64(4).unwrap(), row.i64(5).unwrap());
    // Each command of the load logs one event: the last one is the last command's.
    if seqs.first() != Some(&created) || seqs.last() != Some(&updated) {
        return Err(format!(
            "created_seq {created} / updated_seq {updated} do not match its events {seqs:?}"
        ));
    }
    let columns = (
        row.string(0).unwrap(),
        row.opt_string(1).unwrap(),
        row.opt_i64(2).unwrap(),
    );
    let state = (
        stored.status.code().to_string(),
        stored.order.as_ref().map(|o| o.number.clone()),
        stored.order.as_ref().map(|o| o.inspector_id),
    );
    if columns != state {
        return Err(format!("its columns {columns:?} disagree with its state {state:?}"));
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// The figures.

struct Figures {
    backend: &'static str,
    seed: u64,
    cycles: u32,
    /// Writes acknowledged (logins included).
    acknowledged: usize,
    /// Acknowledged writes looked up after the restarts (each is looked up after every later one).
    checks: usize,
    /// Sessions and cases looked up through the restarted server.
    served_checked: usize,
    in_flight: usize,
    /// In-flight requests whose write is in the database (the others are not).
    landed: usize,
    not_sent: usize,
    lost: Vec<String>,
    half_written: Vec<String>,
    audit_failures: Vec<String>,
    unexpected: Vec<String>,
    seconds: f64,
    server_log: String,
}

impl Figures {
    fn new(backend: &'static str, seed: u64) -> Figures {
        Figures {
            backend,
            seed,
            cycles: 0,
            acknowledged: 0,
            checks: 0,
            served_checked: 0,
            in_flight: 0,
            landed: 0,
            not_sent: 0,
            lost: Vec::new(),
            half_written: Vec::new(),
            audit_failures: Vec::new(),
            unexpected: Vec::new(),
            seconds: 0.0,
            server_log: String::new(),
        }
    }

    fn count(&mut self, sent: &Sent) {
        match &sent.outcome {
            Outcome::Acknowledged(_) => self.acknowledged += 1,
            Outcome::InFlight => self.in_flight += 1,
            Outcome::NotSent => self.not_sent += 1,
            Outcome::Unexpected(what) => self.unexpected.push(what.clone()),
        }
    }

    /// Takes a check's findings (`cycle` 0: the final check).
    fn absorb(&mut self, cycle: u32, report: &Report, ledger: &mut Ledger) {
        let at = |what: &String| {
            if cycle == 0 {
                format!("final check: {what}")
            } else {
                format!("cycle {cycle}: {what}")
            }
        };
        self.lost.extend(report.lost.iter().map(at));
        self.half_written.extend(report.problems.iter().map(at));
        self.audit_failures.extend(report.audit.iter().map(at));
        self.checks += report.verified;
        if cycle > 0 {
            self.landed += report.landed + report.programs_landed;
            ledger.unacknowledged_cases += report.programs_landed;
            ledger.in_flight.clear();
        }
    }

    fn is_clean(&self) -> bool {
        self.lost.is_empty()
            && self.half_written.is_empty()
            && self.audit_failures.is_empty()
            && self.unexpected.is_empty()
    }

    fn print(&self) {
        let line = format!(
            "crash-summary backend={} seed={} cycles={} acknowledged={} checks={} served_checked={} \
             in_flight={} in_flight_landed={} in_flight_not_landed={} not_sent={} \
             lost={} half_written={} audit_failures={} unexpected={} seconds={:.0}",
            self.backend,
            self.seed,
            self.cycles,
            self.acknowledged,
            self.checks + self.served_checked,
            self.served_checked,
            self.in_flight,
            self.landed,
            self.in_flight.saturating_sub(self.landed),
            self.not_sent,
            self.lost.len(),
            self.half_written.len(),
            self.audit_failures.len(),
            self.unexpected.len(),
            self.seconds,
        );
        // Straight to stderr, so the line shows without --nocapture too when the test fails.
        let _ = writeln!(std::io::stderr(), "{line}");
    }

    fn assert_clean(&self) {
        let mut all = Vec::new();
        for (what, list) in [
            ("LOST", &self.lost),
            ("HALF-WRITTEN", &self.half_written),
            ("AUDIT", &self.audit_failures),
            ("UNEXPECTED", &self.unexpected),
        ] {
            all.extend(list.iter().take(20).map(|l| format!("{what}: {l}")));
        }
        assert!(
            all.is_empty(),
            "{} crash cycles (seed {}): {} problems\n{}\n--- server log (tail) ---\n{}",
            self.backend,
            self.seed,
            all.len(),
            all.join("\n"),
            self.server_log
        );
        assert!(self.cycles > 0, "no cycle ran");
    }
}

// ---------------------------------------------------------------------------------------------
// The HTTP client (tests/support/http.rs, shared with the privacy crawl).

#[path = "support/http.rs"]
mod http;
#[path = "support/scratch_pg.rs"]
mod scratch_pg;

use scratch_pg::ScratchPostgres;

#[test]
fn case_ids_are_read_from_locations() {
    assert_eq!(case_id(Some("/inspections/12")), Some(12));
    assert_eq!(case_id(Some("/login?next=%2F")), None);
}
