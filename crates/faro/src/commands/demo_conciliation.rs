//! The demo's conciliation history: five years of requests to the federal and state centres,
//! generated workplace by workplace (`faro_demo::conciliation`) and stored in bulk
//! (`Store::import_conciliation_histories`), once. An interrupted load resumes after the last
//! workplace it stored, with the seed and day it started with.

use std::sync::Arc;
use std::time::Instant;

use chrono::{NaiveDate, Utc};
use faro_core::catalog::Catalogs;
use faro_core::law::Law;
use faro_core::{Actor, Jurisdiction, NewEvent};
use faro_demo::conciliation::{account_slots, ConciliationCase, ConciliationConfig, ConciliationGenerator};
use faro_store::conciliation_bulk::ConciliationHistory;
use faro_store::Store;
use serde::{Deserialize, Serialize};

use super::demo::workplace_facts;
use crate::error::CliError;
use crate::pipeline::pipeline;

/// The event that records the start of the load, with the seed and day ([`ConciliationsDone`]
/// without a count).
pub const DEMO_CONCILIATIONS_STARTED: &str = "demo.conciliations_started";

/// The event that records the finished load.
pub const DEMO_CONCILIATIONS_COMPLETED: &str = "demo.conciliations_completed";

/// What the conciliation history was generated with.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConciliationsDone {
    pub seed: u64,
    /// Nothing in the history happens on or after this day.
    pub today: NaiveDate,
    /// Cases stored by this load (a resumed load counts its last part only).
    pub cases: u64,
}

/// Workplaces read from the store at a time, and cases per transaction.
const WORKPLACE_PAGE: u32 = 5_000;
const CASES_PER_BATCH: usize = 2_000;

/// A case as the store imports it: its events, its state and its registry place.
pub fn to_store(c: ConciliationCase) -> ConciliationHistory {
    ConciliationHistory {
        events: c.trail.events().cloned().collect(),
        registry: Some((c.employer_id, c.workplace_id)),
        state: c.trail.state,
    }
}

#[derive(Default)]
struct Batch {
    histories: Vec<ConciliationHistory>,
}

/// Generates and stores the conciliation history once, unless the log says it is done.
pub fn ensure_conciliations(store: &Store, catalogs: &Catalogs, seed: u64, today: NaiveDate) -> Result<(), CliError> {
    if store.last_event_of_kind(DEMO_CONCILIATIONS_COMPLETED)?.is_some() {
        return Ok(());
    }
    let started = Instant::now();
    let actor = Actor::system("demo");
    let (seed, today) = match store.last_event_of_kind(DEMO_CONCILIATIONS_STARTED)? {
        Some(ev) => {
            let begun: ConciliationsDone = serde_json::from_str(&ev.payload).map_err(|e| {
                CliError::failed(format!(
                    "the start of the conciliation load (event {}) is unreadable: {e}",
                    ev.seq
                ))
            })?;
            (begun.seed, begun.today)
        }
        None => {
            let begun = ConciliationsDone { seed, today, cases: 0 };
            let payload = serde_json::to_value(&begun).map_err(|e| CliError::failed(e.to_string()))?;
            store.record_event(
                &actor,
                Utc::now(),
                &NewEvent::new(DEMO_CONCILIATIONS_STARTED, Jurisdiction::Federal, "demo", payload),
            )?;
            (seed, today)
        }
    };
    let law = Law::official(Arc::new(catalogs.clone()), None).map_err(|e| CliError::failed(e.detail))?;
    let mut generator = ConciliationGenerator::new(ConciliationConfig::new(seed, today), &law)
        .map_err(|e| CliError::failed(e.detail))?;
    for (username, slot) in account_slots() {
        if let Some(user) = store.user_by_username(username)? {
            generator.add_account(slot, user.id);
        }
    }
    let resume_after = store.imported_conciliations_through()?.unwrap_or(0);
    println!(
        "Generating five years of conciliation requests up to {today} (seed {seed}){}...",
        if resume_after > 0 {
            format!(", resuming after workplace {resume_after}")
        } else {
            String::new()
        }
    );
    let mut stored = 0u64;
    let generator = &generator;
    pipeline(
        |send| {
            let mut after = resume_after;
            let mut batch = Batch::default();
            loop {
                let page = store.workplace_facts(after, WORKPLACE_PAGE)?;
                let Some(last) = page.last() else { break };
                after = last.id;
                for w in &page {
                    let facts = workplace_facts(w)?;
                    let cases = generator.workplace(&facts).map_err(|e| CliError::failed(e.detail))?;
                    batch.histories.extend(cases.into_iter().map(to_store));
                    if batch.histories.len() >= CASES_PER_BATCH && !send(std::mem::take(&mut batch)) {
                        return Ok(());
                    }
                }
            }
            if !batch.histories.is_empty() {
                send(batch);
            }
            Ok(())
        },
        |batch| {
            let outcome = store.import_conciliation_histories(&actor, Utc::now(), &batch.histories)?;
            stored += outcome.cases;
            Ok(())
        },
    )?;
    store.rebuild_conciliation_rollup()?;
    let done = ConciliationsDone {
        seed,
        today,
        cases: stored,
    };
    let payload = serde_json::to_value(&done).map_err(|e| CliError::failed(e.to_string()))?;
    store.record_event(
        &actor,
        Utc::now(),
        &NewEvent::new(DEMO_CONCILIATIONS_COMPLETED, Jurisdiction::Federal, "demo", payload),
    )?;
    println!(
        "  {stored} conciliation cases loaded in {:.1} s",
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::commands::demo::tests::small_nation;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()
    }

    fn cases(s: &Store) -> Vec<(i64, Option<i64>, String)> {
        s.read(|tx| {
            tx.query(
                "SELECT id, workplace_id, state_json FROM conciliation_cases ORDER BY id",
                &[],
            )
        })
        .unwrap()
        .iter()
        .map(|r| (r.i64(0).unwrap(), r.opt_i64(1).unwrap(), r.string(2).unwrap()))
        .collect()
    }

    /// The step runs once, links every case to its workplace, checks the log, and an interrupted
    /// load resumes with the same cases as an uninterrupted one.
    #[test]
    fn the_conciliation_step_runs_once_and_resumes() {
        let dir = tempfile::tempdir().unwrap();
        let catalogs = Catalogs::embedded().unwrap();
        let whole = small_nation(dir.path(), "whole.sqlite3", 3_000);
        ensure_conciliations(&whole, &catalogs, 2026, today()).unwrap();
        let first = cases(&whole);
        assert!(first.len() > 300, "{}", first.len());
        assert!(
            first.iter().all(|(_, w, _)| w.is_some()),
            "every case has its workplace"
        );
        let done = whole.last_event_of_kind(DEMO_CONCILIATIONS_COMPLETED).unwrap().unwrap();
        let recorded: ConciliationsDone = serde_json::from_str(&done.payload).unwrap();
        assert_eq!(recorded.cases as usize, first.len());
        assert!(whole.verify_chain().unwrap().is_intact());
        let events = whole.counts().unwrap().events;
        ensure_conciliations(&whole, &catalogs, 2026, today()).unwrap();
        assert_eq!(whole.counts().unwrap().events, events, "a second start finds it done");

        // A load that stopped after the first 1,000 workplaces' cases.
        let resumed = small_nation(dir.path(), "resumed.sqlite3", 3_000);
        let law = Law::official(Arc::new(catalogs.clone()), None).unwrap();
        let generator = ConciliationGenerator::new(ConciliationConfig::new(2026, today()), &law).unwrap();
        let facts = resumed.workplace_facts(0, 1_000).unwrap();
        let part: Vec<ConciliationHistory> = facts
            .iter()
            .flat_map(|w| generator.workplace(&workplace_facts(w).unwrap()).unwrap())
            .map(to_store)
            .collect();
        let begun = ConciliationsDone {
            seed: 2026,
            today: today(),
            cases: 0,
        };
        resumed
            .record_event(
                &Actor::system("demo"),
                Utc::now(),
                &NewEvent::new(
                    DEMO_CONCILIATIONS_STARTED,
                    Jurisdiction::Federal,
                    "demo",
                    serde_json::to_value(&begun).unwrap(),
                ),
            )
            .unwrap();
        resumed
            .import_conciliation_histories(&Actor::system("demo"), Utc::now(), &part)
            .unwrap();
        // Resumed on another day and seed: the recorded ones win.
        ensure_conciliations(&resumed, &catalogs, 7, today() + chrono::Days::new(1)).unwrap();
        let strip = |v: Vec<(i64, Option<i64>, String)>| v.into_iter().map(|(_, w, j)| (w, j)).collect::<Vec<_>>();
        assert_eq!(strip(cases(&resumed)), strip(first));
    }
}
