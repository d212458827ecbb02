//! `faro demo`: builds, once, a demo database with a synthetic nation, five years of its
//! inspections (with their referrals and sanction procedures) and one account per role, then
//! serves it. A second run finds the finished demo and serves it at once; a demo built before the
//! inspections existed gains them on its next start.

use std::process::ExitCode;
use std::sync::Arc;
use std::time::Instant;

use chrono::{NaiveDate, Utc};
use faro_core::catalog::Catalogs;
use faro_core::event::kinds;
use faro_core::law::Law;
use faro_core::registry::{DecidedBatch, SizeBand};
use faro_core::{Actor, Jurisdiction, NewEvent, StateCode};
use faro_demo::inspections::{
    account_slots, demo_programs, CaseHistory, HistoryConfig, HistoryGenerator, WorkplaceFacts,
};
use faro_demo::{demo_users, generate, DemoConfig, DEMO_PASSWORD};
use faro_store::inspection_bulk::{self, InspectionHistory, PreparedHistory};
use faro_store::users::NewUser;
use faro_store::Store;
use serde::{Deserialize, Serialize};

use crate::cli::DemoArgs;
use crate::db::Target;
use crate::error::CliError;
use crate::pipeline::pipeline;

/// Workplaces at scale 1.
pub const BASE_WORKPLACES: f64 = 100_000.0;

pub fn workplaces_for_scale(scale: f64) -> Result<u64, CliError> {
    if !scale.is_finite() || scale <= 0.0 || scale > 100.0 {
        return Err(CliError::usage(format!(
            "--scale {scale} is out of range: give a number above 0 and at most 100 (50 is national size)"
        )));
    }
    Ok(((BASE_WORKPLACES * scale).round() as u64).max(1))
}

pub fn run(target: &Target, args: &DemoArgs) -> Result<ExitCode, CliError> {
    let started = Instant::now();
    let workplaces = workplaces_for_scale(args.scale)?;
    let cfg = DemoConfig {
        seed: args.seed,
        workplaces,
    };
    let store = target.open_or_create()?;
    let catalogs = Catalogs::embedded()?;
    match completed_demo(&store)? {
        Some(done) => {
            println!("Using the demo already in {} ({done}).", target.describe());
            if done.workplaces != cfg.workplaces || done.seed != cfg.seed {
                println!(
                    "  (it differs from the requested {} workplaces, seed {}: remove the data folder to rebuild it)",
                    cfg.workplaces, cfg.seed
                );
            }
        }
        None => {
            println!(
                "Building the demo nation in {}: {} workplaces, seed {}...",
                target.describe(),
                cfg.workplaces,
                cfg.seed
            );
            load_nation(&store, &catalogs, &cfg)?;
        }
    }
    // The accounts first: the histories give some of their cases to the demo's inspector and
    // conciliator accounts.
    ensure_users(&store)?;
    ensure_inspections(&store, &catalogs, cfg.seed, Utc::now().date_naive())?;
    super::demo_conciliation::ensure_conciliations(&store, &catalogs, cfg.seed, Utc::now().date_naive())?;
    super::demo_unions::ensure_union_registry(&store, &catalogs, cfg.seed, Utc::now().date_naive())?;
    ensure_risk_models(&store, &catalogs, cfg.seed, Utc::now().date_naive())?;
    let counts = store.counts()?;
    println!(
        "Ready in {:.1} s: {} employers, {} workplaces, {} events.",
        started.elapsed().as_secs_f64(),
        counts.employers,
        counts.workplaces,
        counts.events
    );
    if args.no_serve {
        print_logins(None);
        return Ok(ExitCode::SUCCESS);
    }
    // The union registry's search index beside the database, as `faro serve` keeps it.
    let mut serve_args = args.serve.clone();
    serve_args.search_dir = super::serve::search_dir(target.data_dir.as_deref(), &serve_args);
    super::serve::serve(store, catalogs, &serve_args, |addr| print_logins(Some(addr)))
}

/// Trains the risk models on the demo's history and scores the registry, once: a demo that has
/// models keeps them (retrain with `faro risk retrain`).
fn ensure_risk_models(store: &Store, catalogs: &Catalogs, seed: u64, today: NaiveDate) -> Result<(), CliError> {
    if !store.active_risk_models()?.is_empty() {
        return Ok(());
    }
    let t = Instant::now();
    println!("Training the risk models on the inspection history...");
    let opts = crate::risk::RetrainOptions {
        as_of: today,
        matters: Vec::new(),
        budget: 0.5,
        seed,
        score: true,
    };
    let summary = crate::risk::retrain(store, catalogs, &Actor::system("demo"), Utc::now(), &opts)?;
    for (matter, result) in &summary.matters {
        if let crate::risk::MatterResult::Trained { report, .. } = result {
            println!(
                "  {}: AUC {:.3} (baseline {:.3})",
                matter.code(),
                report.model.auc.unwrap_or(f64::NAN),
                report.baseline.auc.unwrap_or(f64::NAN)
            );
        }
    }
    if let Some((_, n, _)) = summary.scored {
        println!(
            "  {n} workplaces scored; models trained and stored in {:.1} s",
            t.elapsed().as_secs_f64()
        );
    }
    Ok(())
}

/// The configuration of the finished demo recorded in the log, if any.
fn completed_demo(store: &Store) -> Result<Option<Completed>, CliError> {
    let Some(ev) = store.last_event_of_kind(kinds::DEMO_COMPLETED)? else {
        return Ok(None);
    };
    let cfg: DemoConfig = serde_json::from_str(&ev.payload)
        .map_err(|e| CliError::failed(format!("the demo record (event {}) is unreadable: {e}", ev.seq)))?;
    Ok(Some(Completed {
        seed: cfg.seed,
        workplaces: cfg.workplaces,
    }))
}

struct Completed {
    seed: u64,
    workplaces: u64,
}

impl std::fmt::Display for Completed {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} workplaces, seed {}", self.workplaces, self.seed)
    }
}

fn load_nation(store: &Store, catalogs: &Catalogs, cfg: &DemoConfig) -> Result<(), CliError> {
    let actor = Actor::system("demo");
    let started = Instant::now();
    let bar = indicatif::ProgressBar::new(cfg.workplaces);
    bar.set_style(
        indicatif::ProgressStyle::with_template("  {bar:40} {pos}/{len} workplaces {per_sec} ETA {eta}")
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
    );
    // Generating and storing run on two threads, so both cores work; the search indexes are
    // built once at the end.
    let load = || {
        pipeline(
            |send| {
                for batch in generate(cfg, catalogs) {
                    // The generating thread also decides each batch's event (serializes its rows).
                    let decided = DecidedBatch::decide(batch).map_err(|e| CliError::failed(e.detail))?;
                    if !send(decided) {
                        break;
                    }
                }
                Ok(())
            },
            |decided| {
                let outcome = store.import_decided(&actor, Utc::now(), &decided)?;
                bar.inc(outcome.workplaces);
                Ok(())
            },
        )
    };
    store.with_deferred_indexes(load)?;
    bar.finish_and_clear();
    let payload = serde_json::to_value(cfg).map_err(|e| CliError::failed(e.to_string()))?;
    store.record_event(
        &actor,
        Utc::now(),
        &NewEvent::new(kinds::DEMO_COMPLETED, Jurisdiction::Federal, "demo", payload),
    )?;
    println!(
        "  {} workplaces loaded in {:.1} s",
        cfg.workplaces,
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

/// The event that records the finished inspection history; its payload is [`InspectionsDone`].
pub const DEMO_INSPECTIONS_COMPLETED: &str = "demo.inspections_completed";

/// The event that records the start of the inspection history's load, with the seed and the day
/// it is generated for ([`InspectionsDone`] without a count), so an interrupted load resumes with
/// the same ones, even on another day.
pub const DEMO_INSPECTIONS_STARTED: &str = "demo.inspections_started";

/// What the finished inspection history was generated with.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InspectionsDone {
    pub seed: u64,
    /// Nothing in the history happens on or after this day.
    pub today: NaiveDate,
    pub years: u32,
    /// Inspections stored by this load (a resumed load counts its last part only).
    pub inspections: u64,
}

/// Workplaces read from the store at a time.
const WORKPLACE_PAGE: u32 = 5_000;
/// Cases per transaction (a batch ends with a whole workplace, so it may hold a few more).
const CASES_PER_BATCH: usize = 2_000;

/// Generates and stores the inspection history once, unless the log says it is done. A load that
/// was interrupted resumes after the last workplace it stored, with the seed and day it started
/// with and the fines ledger as stored.
fn ensure_inspections(store: &Store, catalogs: &Catalogs, seed: u64, today: NaiveDate) -> Result<(), CliError> {
    if store.last_event_of_kind(DEMO_INSPECTIONS_COMPLETED)?.is_some() {
        return Ok(());
    }
    let started = Instant::now();
    let actor = Actor::system("demo");
    let (seed, today) = match store.last_event_of_kind(DEMO_INSPECTIONS_STARTED)? {
        Some(ev) => {
            let begun: InspectionsDone = serde_json::from_str(&ev.payload).map_err(|e| {
                CliError::failed(format!(
                    "the start of the inspection load (event {}) is unreadable: {e}",
                    ev.seq
                ))
            })?;
            (begun.seed, begun.today)
        }
        None => {
            let begun = InspectionsDone {
                seed,
                today,
                years: HistoryConfig::new(seed, today).years,
                inspections: 0,
            };
            let payload = serde_json::to_value(&begun).map_err(|e| CliError::failed(e.to_string()))?;
            store.record_event(
                &actor,
                Utc::now(),
                &NewEvent::new(DEMO_INSPECTIONS_STARTED, Jurisdiction::Federal, "demo", payload),
            )?;
            (seed, today)
        }
    };
    let law = Law::official(Arc::new(catalogs.clone()), None).map_err(|e| CliError::failed(e.detail))?;
    let cfg = HistoryConfig::new(seed, today);
    let mut generator = HistoryGenerator::new(cfg, &law);
    for (username, slot) in account_slots() {
        if let Some(user) = store.user_by_username(username)? {
            generator.add_account(slot, user.id, &user.display_name);
        }
    }
    ensure_programs(store, catalogs, &actor, &mut generator, &cfg)?;
    for (employer_id, fine) in store.fines_ledger()? {
        generator.remember_fine(employer_id, fine);
    }
    let resume_after = store.imported_inspections_through()?.unwrap_or(0);
    let total = u64::try_from(store.counts()?.workplaces).unwrap_or(0);
    println!(
        "Generating five years of inspections up to {today} (seed {seed}){}...",
        if resume_after > 0 {
            format!(", resuming after workplace {resume_after}")
        } else {
            String::new()
        }
    );
    let bar = indicatif::ProgressBar::new(total);
    bar.set_style(
        indicatif::ProgressStyle::with_template("  {bar:40} {pos}/{len} workplaces {msg} ETA {eta}")
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
    );
    let mut stored = 0u64;
    pipeline(
        |send| {
            let mut after = resume_after;
            let mut batch = HistoryBatch::default();
            loop {
                let page = store.workplace_facts(after, WORKPLACE_PAGE)?;
                let Some(last) = page.last() else { break };
                after = last.id;
                for w in &page {
                    let facts = workplace_facts(w)?;
                    let cases = generator.workplace(&facts).map_err(|e| CliError::failed(e.detail))?;
                    // Folding and serializing each case also happens here, off the writing thread.
                    for case in cases {
                        batch.histories.push(PreparedHistory::prepare(to_store(case))?);
                    }
                    batch.workplaces += 1;
                    if batch.histories.len() >= CASES_PER_BATCH && !send(std::mem::take(&mut batch)) {
                        return Ok(());
                    }
                }
                if batch.histories.is_empty() && batch.workplaces >= u64::from(WORKPLACE_PAGE) {
                    // Workplaces without cases still count on the progress bar.
                    let _ = send(std::mem::take(&mut batch));
                }
            }
            if batch.workplaces > 0 {
                send(batch);
            }
            Ok(())
        },
        |batch| {
            if !batch.histories.is_empty() {
                let outcome = store.import_prepared_histories(&actor, Utc::now(), &batch.histories)?;
                stored += outcome.inspections;
                bar.set_message(format!("{stored} inspections"));
            }
            bar.inc(batch.workplaces);
            Ok(())
        },
    )?;
    bar.finish_and_clear();
    store.rebuild_rollups()?;
    let done = InspectionsDone {
        seed,
        today,
        years: cfg.years,
        inspections: stored,
    };
    let payload = serde_json::to_value(&done).map_err(|e| CliError::failed(e.to_string()))?;
    store.record_event(
        &actor,
        Utc::now(),
        &NewEvent::new(DEMO_INSPECTIONS_COMPLETED, Jurisdiction::Federal, "demo", payload),
    )?;
    println!(
        "  {stored} inspections with their referrals and sanctions loaded in {:.1} s",
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

/// Creates the demo's inspection programs that do not exist yet (a resumed load finds those it
/// created) and tells the generator their ids.
fn ensure_programs(
    store: &Store,
    catalogs: &Catalogs,
    actor: &Actor,
    generator: &mut HistoryGenerator<'_>,
    cfg: &HistoryConfig,
) -> Result<(), CliError> {
    let existing = store.program_keys()?;
    for p in demo_programs(cfg, catalogs) {
        let found = existing.iter().find(|k| {
            k.jurisdiction == p.draft.jurisdiction.code()
                && k.office == p.draft.office
                && k.starts_on == p.draft.starts_on.to_string()
        });
        let id = match found {
            Some(k) => k.id,
            None => store.create_program(actor, Utc::now(), &p.draft)?,
        };
        generator.add_program(&p, id);
    }
    Ok(())
}

/// Histories of whole workplaces, stored in one transaction.
#[derive(Default)]
struct HistoryBatch {
    histories: Vec<PreparedHistory>,
    /// Workplaces whose histories the batch completes.
    workplaces: u64,
}

/// A registry row as the generator takes it.
pub(crate) fn workplace_facts(w: &inspection_bulk::WorkplaceFacts) -> Result<WorkplaceFacts, CliError> {
    let bad = |what: &str| CliError::failed(format!("workplace {} has an unreadable {what}", w.id));
    Ok(WorkplaceFacts {
        id: w.id,
        employer_id: w.employer_id,
        state: w.state.parse::<StateCode>().map_err(|_| bad("state"))?,
        scian_class: w.scian_class.clone(),
        size_band: SizeBand::from_code(&w.size_band).ok_or_else(|| bad("size band"))?,
        headcount: w.headcount.and_then(|h| u32::try_from(h).ok()),
        registered_on: w.registered_on,
    })
}

/// A generated case as the store imports it: the events of each case, in order.
pub fn to_store(h: CaseHistory) -> InspectionHistory {
    InspectionHistory {
        events: h.inspection.steps.into_iter().flat_map(|s| s.events).collect(),
        referrals: h
            .referrals
            .into_iter()
            .map(|r| r.steps.into_iter().flat_map(|s| s.events).collect())
            .collect(),
        sanction: h.sanction.map(|t| t.steps.into_iter().flat_map(|s| s.events).collect()),
    }
}

/// Creates the demo accounts that do not exist yet.
fn ensure_users(store: &Store) -> Result<(), CliError> {
    let actor = Actor::system("demo");
    let mut hash: Option<String> = None;
    for u in demo_users() {
        if store.user_by_username(&u.username)?.is_some() {
            continue;
        }
        let h = match &hash {
            Some(h) => h.clone(),
            None => {
                let h = faro_web::auth::hash_password(&u.password).map_err(CliError::failed)?;
                hash = Some(h.clone());
                h
            }
        };
        store.create_user(
            &actor,
            Utc::now(),
            &NewUser {
                username: &u.username,
                display_name: &u.display_name,
                role: u.role,
                jurisdiction: u.jurisdiction,
                password_hash: &h,
                language: "es",
            },
        )?;
    }
    Ok(())
}

fn print_logins(addr: Option<std::net::SocketAddr>) {
    if let Some(a) = addr {
        println!();
        println!("Faro demo: http://{a}/");
    }
    println!("Demo logins (password for all: {DEMO_PASSWORD}):");
    for u in demo_users() {
        let j = match u.jurisdiction {
            Jurisdiction::Federal => "federal".to_string(),
            Jurisdiction::State(s) => format!("state {s}"),
        };
        println!("  {:<14} {:<22} {j}", u.username, u.role.code());
    }
    if addr.is_some() {
        println!("Stop with Ctrl-C.");
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    #[test]
    fn scale_maps_to_workplaces() {
        assert_eq!(workplaces_for_scale(1.0).unwrap(), 100_000);
        assert_eq!(workplaces_for_scale(50.0).unwrap(), 5_000_000);
        assert_eq!(workplaces_for_scale(0.01).unwrap(), 1_000);
        assert!(workplaces_for_scale(0.0).is_err());
        assert!(workplaces_for_scale(f64::NAN).is_err());
        assert!(workplaces_for_scale(1000.0).is_err());
    }

    use faro_core::{referral, sanction};
    use faro_store::inspections::Target;
    use faro_store::{Location, OpenMode, Row};

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()
    }

    /// A migrated SQLite store holding a small demo nation.
    pub(crate) fn small_nation(dir: &std::path::Path, name: &str, workplaces: u64) -> Store {
        let store = Store::open(&Location::Sqlite(dir.join(name)), OpenMode::CreateIfMissing).unwrap();
        store.migrate(Utc::now()).unwrap();
        let catalogs = Catalogs::embedded().unwrap();
        for batch in generate(&DemoConfig { seed: 2026, workplaces }, &catalogs) {
            store.import_batch(&Actor::system("demo"), Utc::now(), &batch).unwrap();
        }
        store
    }

    fn law() -> Law {
        Law::official(Arc::new(Catalogs::embedded().unwrap()), None).unwrap()
    }

    fn generated(store: &Store, law: &Law, limit: usize) -> Vec<CaseHistory> {
        let cfg = HistoryConfig::new(2026, today());
        let mut g = HistoryGenerator::new(cfg, law);
        let catalogs = Catalogs::embedded().unwrap();
        ensure_programs(store, &catalogs, &Actor::system("demo"), &mut g, &cfg).unwrap();
        for (employer, fine) in store.fines_ledger().unwrap() {
            g.remember_fine(employer, fine);
        }
        let facts: Vec<WorkplaceFacts> = store
            .workplace_facts(0, 50_000)
            .unwrap()
            .iter()
            .take(limit)
            .map(|w| workplace_facts(w).unwrap())
            .collect();
        g.workplaces(&facts).unwrap()
    }

    const CASE_TABLES: &[&str] = &[
        "SELECT id, workplace_id, employer_id, jurisdiction, state, sector, kind, origin, status, matters, protected,
             program_id, inspector_id, order_number, planned_for, visit_at, started_at, record_closed_at, ended_at,
             findings, next_deadline, state_json FROM inspections ORDER BY id",
        "SELECT * FROM inspection_findings ORDER BY inspection_id, question_id",
        "SELECT id, inspection_id, workplace_id, jurisdiction, authority, matter, status, opened_at, send_by,
             follow_up_by, closed_at, state_json FROM referrals ORDER BY id",
        "SELECT id, inspection_id, workplace_id, employer_id, jurisdiction, state, sector, status, opened_at,
             next_deadline, resolved_on, final_on, imposed, paid, state_json FROM sanctions ORDER BY id",
        "SELECT * FROM fines ORDER BY sanction_id, number",
        "SELECT * FROM inspection_rollup ORDER BY month, state, sector",
        "SELECT * FROM finding_rollup ORDER BY month, state, matter",
        "SELECT * FROM fine_rollup ORDER BY year, state, sector",
        "SELECT * FROM inspection_rollup_by_state ORDER BY month, state",
        "SELECT * FROM inspection_rollup_by_sector ORDER BY month, sector",
        "SELECT * FROM finding_rollup_by_matter ORDER BY month, matter",
        "SELECT * FROM workplace_visit_counts ORDER BY year, state",
        "SELECT * FROM workplace_visit_years ORDER BY year, state, workplace_id",
        "SELECT id, name, jurisdiction, office, starts_on, ends_on FROM inspection_programs ORDER BY id",
    ];

    fn dump(store: &Store, sql: &str) -> Vec<Row> {
        store.read(|tx| tx.query(sql, &[])).unwrap()
    }

    /// The generated histories, run command by command through the store (which opens the
    /// referrals and sanctions itself), give the rows and rollups their bulk import gives.
    #[test]
    fn generated_histories_import_as_their_commands_would_store_them() {
        let dir = tempfile::tempdir().unwrap();
        let law = law();
        let bulk = small_nation(dir.path(), "bulk.sqlite3", 1_500);
        let commanded = small_nation(dir.path(), "commanded.sqlite3", 1_500);
        let cases = generated(&bulk, &law, 1_500);
        // The same programs, with the same ids, in the other database.
        let cfg = HistoryConfig::new(2026, today());
        let mut other = HistoryGenerator::new(cfg, &law);
        ensure_programs(
            &commanded,
            &Catalogs::embedded().unwrap(),
            &Actor::system("demo"),
            &mut other,
            &cfg,
        )
        .unwrap();
        assert!(cases.iter().any(|c| c.inspection.state.program_id.is_some()));
        assert!(cases.iter().any(|c| c.sanction.is_some()));
        assert!(
            cases.iter().any(|c| !c.referrals.is_empty()),
            "the sample has no referral"
        );
        let actor = Actor::system("demo");
        for case in &cases {
            let mut id = None;
            for step in &case.inspection.steps {
                let target = id.map_or(Target::New, Target::Existing);
                let out = commanded
                    .inspection_command(&law, &actor, step.at, target, &step.command, None)
                    .unwrap_or_else(|e| panic!("{} at {}: {e}", step.command.name(), step.at));
                id = Some(out.id);
            }
            let id = id.unwrap();
            let referral_ids = commanded.referrals_of_inspection(id).unwrap();
            assert_eq!(referral_ids.len(), case.referrals.len());
            for ((rid, _), trail) in referral_ids.iter().zip(&case.referrals) {
                for step in trail
                    .steps
                    .iter()
                    .filter(|s| !matches!(s.command, referral::Command::Open { .. }))
                {
                    commanded
                        .referral_command(&law, &actor, step.at, *rid, &step.command)
                        .unwrap();
                }
            }
            if let Some(trail) = &case.sanction {
                let (sid, _) = commanded.sanction_of_inspection(id).unwrap().unwrap();
                for step in trail
                    .steps
                    .iter()
                    .filter(|s| !matches!(s.command, sanction::Command::Open { .. }))
                {
                    commanded
                        .sanction_command(&law, &actor, step.at, sid, &step.command)
                        .unwrap_or_else(|e| panic!("{} at {}: {e}", step.command.name(), step.at));
                }
            }
        }
        let histories: Vec<InspectionHistory> = cases.into_iter().map(to_store).collect();
        for chunk in histories.chunks(97) {
            bulk.import_inspection_histories(&actor, Utc::now(), chunk).unwrap();
        }
        bulk.rebuild_rollups().unwrap();
        for sql in CASE_TABLES {
            let (a, b) = (dump(&bulk, sql), dump(&commanded, sql));
            assert!(!a.is_empty(), "{sql}");
            assert_eq!(a.len(), b.len(), "{sql}");
            for (x, y) in a.iter().zip(&b) {
                assert_eq!(x, y, "{sql}");
            }
        }
    }

    /// The demo step runs once; an interrupted load resumes where it stopped and ends with the
    /// same cases as an uninterrupted one.
    #[test]
    fn the_inspection_step_runs_once_and_resumes() {
        let dir = tempfile::tempdir().unwrap();
        let catalogs = Catalogs::embedded().unwrap();
        let whole = small_nation(dir.path(), "whole.sqlite3", 3_000);
        ensure_inspections(&whole, &catalogs, 2026, today()).unwrap();
        let inspections = |s: &Store| dump(s, "SELECT id, workplace_id, state_json FROM inspections ORDER BY id");
        let first = inspections(&whole);
        assert!(first.len() > 300, "{}", first.len());
        let done = whole.last_event_of_kind(DEMO_INSPECTIONS_COMPLETED).unwrap().unwrap();
        let recorded: InspectionsDone = serde_json::from_str(&done.payload).unwrap();
        assert_eq!(recorded.inspections as usize, first.len());
        assert_eq!(recorded.today, today());
        // A second start finds it done.
        let events = whole.counts().unwrap().events;
        ensure_inspections(&whole, &catalogs, 2026, today()).unwrap();
        assert_eq!(whole.counts().unwrap().events, events);
        assert_eq!(inspections(&whole), first);

        // A load that stopped after the first 1,000 workplaces.
        let resumed = small_nation(dir.path(), "resumed.sqlite3", 3_000);
        let law = law();
        let part: Vec<InspectionHistory> = generated(&resumed, &law, 1_000).into_iter().map(to_store).collect();
        resumed
            .import_inspection_histories(&Actor::system("demo"), Utc::now(), &part)
            .unwrap();
        let begun = InspectionsDone {
            seed: 2026,
            today: today(),
            years: 5,
            inspections: 0,
        };
        let payload = serde_json::to_value(&begun).unwrap();
        let started = NewEvent::new(DEMO_INSPECTIONS_STARTED, Jurisdiction::Federal, "demo", payload);
        resumed
            .record_event(&Actor::system("demo"), Utc::now(), &started)
            .unwrap();
        // Resumed the next day and with another seed: the load goes on as it started.
        ensure_inspections(&resumed, &catalogs, 7, today() + chrono::Days::new(1)).unwrap();
        assert_eq!(inspections(&resumed), first);
        for sql in CASE_TABLES {
            assert_eq!(dump(&resumed, sql), dump(&whole, sql), "{sql}");
        }
        assert!(resumed.verify_chain().unwrap().is_intact());
    }
}
