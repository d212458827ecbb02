//! Bulk loads of whole case histories (the demo's five years of inspections), and the rebuild of
//! the dashboard rollups from the read tables.
//!
//! [`Store::import_inspection_histories`] writes, in one transaction per batch, the read rows that
//! [`Store::inspection_command`], `referral_command` and `sanction_command` would have written
//! for the same events (`inspections`, `inspection_findings`, `referrals`, `sanctions`, `fines`),
//! and ONE event of kind [`BATCH_IMPORTED`] whose payload carries every case's events under its
//! subject (`inspection/12`, `referral/3`, `sanction/5`), so the log stays complete at bulk speed.
//! Each case's state is folded here from its events with core's `apply`, never taken on trust, so
//! `state_json` is exactly what the command path would have stored. The rows' `created_seq` and
//! `updated_seq` are the batch event's number, as for registry batches.
//!
//! The rollups are NOT updated by the import: call [`Store::rebuild_rollups`] once the load is
//! done. That rebuild is the second definition of the rollup logic (the first, incremental, is in
//! `rollup.rs`); the conformance suite checks that both agree.

use std::collections::HashMap;
use std::fmt::Write as _;

use chrono::{DateTime, NaiveDate, Utc};
use faro_core::inspection::{self, Inspection, Matter, Status as InspectionStatus};
use faro_core::referral::{self, Referral};
use faro_core::sanction::{self, PriorFineRecord, Sanction, Status as SanctionStatus};
use faro_core::{Actor, DomainError, Jurisdiction};
use serde::Serialize;

use crate::batch::Payload;
use crate::events::{append, next_seq, Append};
use crate::inspections::{
    insert_referral, write_findings, write_fines, write_inspection_row, write_sanction_row, Place,
};
use crate::rollup;
use crate::tx::{Backend, Tx};
use crate::{timestamp, Store, StoreError};

/// The kind of the one event each imported batch of case histories appends.
pub const BATCH_IMPORTED: &str = "inspection.batch_imported";

/// The subject of that event.
pub const BATCH_SUBJECT: &str = "import/inspections";

/// One inspection's whole history, with the referral cases and the sanction procedure it opened.
///
/// The store folds each case's state from its events. The inspection id that referral and
/// sanction events carry (`Opened { inspection_id, .. }`) is assigned by the store: whatever the
/// history holds there is replaced by the id the inspection gets.
#[derive(Debug, Clone, PartialEq)]
pub struct InspectionHistory {
    /// The inspection's events, oldest first; the first is `Programmed`.
    pub events: Vec<inspection::Event>,
    /// One list of events per referral case, in the order the inspection required them.
    pub referrals: Vec<Vec<referral::Event>>,
    /// The sanction procedure's events, when the inspection was sent to sanction.
    pub sanction: Option<Vec<sanction::Event>>,
}

/// What an import of histories wrote.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct HistoryImport {
    /// The number of the batch's event.
    pub seq: i64,
    pub inspections: u64,
    pub referrals: u64,
    pub sanctions: u64,
    /// Case events carried in the batch event's payload.
    pub events: u64,
}

/// A workplace as the demo's history generator reads it from the registry.
#[derive(Debug, Clone, PartialEq)]
pub struct WorkplaceFacts {
    pub id: i64,
    pub employer_id: i64,
    /// Two-digit state code ("14").
    pub state: String,
    pub scian_class: String,
    pub size_band: String,
    pub headcount: Option<i64>,
    pub registered_on: Option<NaiveDate>,
}

/// An inspection program as a bulk load finds it again.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProgramKey {
    pub id: i64,
    pub jurisdiction: String,
    pub office: String,
    pub starts_on: String,
}

fn inconsistent(detail: impl Into<String>) -> StoreError {
    StoreError::Domain(DomainError::new("import.history_inconsistent", detail))
}

fn place_of(tx: &mut dyn Tx, cache: &mut HashMap<i64, Place>, workplace_id: i64) -> Result<Place, StoreError> {
    if let Some(p) = cache.get(&workplace_id) {
        return Ok(p.clone());
    }
    let r = tx
        .query_one(
            "SELECT employer_id, state, scian_class FROM workplaces WHERE id = ?",
            &[workplace_id.into()],
        )?
        .ok_or_else(|| StoreError::NotFound(format!("workplace {workplace_id}")))?;
    let place = Place {
        employer_id: r.i64(0)?,
        state: r.string(1)?,
        sector: r.string(2)?.chars().take(2).collect(),
    };
    cache.insert(workplace_id, place.clone());
    Ok(place)
}

/// The inspection's state, folded from its events.
fn fold_inspection(events: &[inspection::Event]) -> Result<Inspection, StoreError> {
    if !matches!(events.first(), Some(inspection::Event::Programmed { .. })) {
        return Err(inconsistent("an inspection history starts with its programming"));
    }
    let mut state: Option<Inspection> = None;
    for e in events {
        state = inspection::apply(state, e);
    }
    state.ok_or_else(|| inconsistent("the inspection's events fold to nothing"))
}

/// A history made ready for the store: the inspection folded and serialized, which can be done
/// on another thread than the one that writes (as the demo does). Built only by
/// [`PreparedHistory::prepare`], so the state and its events cannot disagree.
#[derive(Debug, Clone, PartialEq)]
pub struct PreparedHistory {
    inspection: Inspection,
    state_json: String,
    events_json: String,
    events: u64,
    referrals: Vec<Vec<referral::Event>>,
    sanction: Option<Vec<sanction::Event>>,
}

impl PreparedHistory {
    /// Folds the inspection's events and serializes its state and its events. The referral and
    /// sanction cases are folded at the import, once the inspection's id is known.
    pub fn prepare(h: InspectionHistory) -> Result<PreparedHistory, StoreError> {
        let inspection = fold_inspection(&h.events)?;
        Ok(PreparedHistory {
            state_json: serde_json::to_string(&inspection)?,
            events_json: serde_json::to_string(&h.events)?,
            events: h.events.len() as u64,
            inspection,
            referrals: h.referrals,
            sanction: h.sanction,
        })
    }

    /// The inspection as its events left it.
    pub fn inspection(&self) -> &Inspection {
        &self.inspection
    }
}

/// The cases an inspection opened, folded from their events with the inspection's id put in, and
/// checked against what the command path would have opened: one referral per authority a failed
/// answer required, and the sanction procedure exactly when the inspection was sent to it.
struct FollowOns {
    referrals: Vec<(Referral, Vec<referral::Event>)>,
    sanction: Option<(Sanction, Vec<sanction::Event>)>,
}

fn fold_follow_ons(h: &PreparedHistory, inspection_id: i64, employer_id: i64) -> Result<FollowOns, StoreError> {
    let s = &h.inspection;
    if h.referrals.len() != s.referrals.len() {
        return Err(inconsistent(format!(
            "the inspection required {} referrals; the history holds {}",
            s.referrals.len(),
            h.referrals.len()
        )));
    }
    let mut referrals = Vec::with_capacity(h.referrals.len());
    for (events, authority) in h.referrals.iter().zip(&s.referrals) {
        let mut events = events.clone();
        if let Some(referral::Event::Opened { inspection_id: id, .. }) = events.first_mut() {
            *id = inspection_id;
        } else {
            return Err(inconsistent("a referral history starts with its opening"));
        }
        let mut r: Option<Referral> = None;
        for e in &events {
            r = referral::apply(r, e);
        }
        let r = r.ok_or_else(|| inconsistent("a referral's events fold to nothing"))?;
        if r.authority != *authority || r.workplace_id != s.workplace_id {
            return Err(inconsistent(
                "a referral does not match the one its inspection required",
            ));
        }
        referrals.push((r, events));
    }
    let sanction = match (&h.sanction, s.status) {
        (Some(events), InspectionStatus::SentToSanction) => {
            let mut events = events.clone();
            if let Some(sanction::Event::Opened { inspection_id: id, .. }) = events.first_mut() {
                *id = inspection_id;
            } else {
                return Err(inconsistent("a sanction history starts with its opening"));
            }
            let mut st: Option<Sanction> = None;
            for e in &events {
                st = sanction::apply(st, e);
            }
            let st = st.ok_or_else(|| inconsistent("a sanction's events fold to nothing"))?;
            if st.employer_id != employer_id || st.workplace_id != s.workplace_id {
                return Err(inconsistent(
                    "the sanction procedure names another employer or workplace than its inspection",
                ));
            }
            Some((st, events))
        }
        (None, InspectionStatus::SentToSanction) => {
            return Err(inconsistent("an inspection sent to sanction comes with its procedure"))
        }
        (Some(_), _) => return Err(inconsistent("only an inspection sent to sanction opens a procedure")),
        (None, _) => None,
    };
    Ok(FollowOns { referrals, sanction })
}

fn import(tx: &mut dyn Tx, actor: &Actor, at: &str, batch: &[PreparedHistory]) -> Result<HistoryImport, StoreError> {
    if batch.is_empty() {
        return Err(StoreError::Domain(DomainError::new(
            "import.empty_batch",
            "an import batch must hold at least one case",
        )));
    }
    let (seq, prev) = next_seq(tx)?;
    let mut places: HashMap<i64, Place> = HashMap::new();
    // The inspections' events, and room for the few referral and sanction cases.
    let room: usize = batch.iter().map(|h| h.events_json.len() + 64).sum();
    let mut payload = Payload::with_capacity(room + room / 8);
    let mut out = HistoryImport {
        seq,
        ..HistoryImport::default()
    };
    for h in batch {
        let place = place_of(tx, &mut places, h.inspection.workplace_id)?;
        // The referral and sanction states carry the inspection's id, known once its row is in.
        let id = write_inspection_row(tx, None, &h.inspection, &h.state_json, &place, seq)?;
        let folded = fold_follow_ons(h, id, place.employer_id)?;
        write_findings(tx, id, &h.inspection, place.employer_id)?;
        payload.raw_case(&format!("inspection/{id}"), &h.events_json, h.events)?;
        out.inspections += 1;
        for (r, events) in &folded.referrals {
            let rid = insert_referral(tx, r, seq)?;
            payload.case(&format!("referral/{rid}"), events)?;
            out.referrals += 1;
        }
        if let Some((s, events)) = &folded.sanction {
            let sid = write_sanction_row(tx, None, s, &place.state, &place.sector, seq)?;
            write_fines(tx, sid, s)?;
            payload.case(&format!("sanction/{sid}"), events)?;
            out.sanctions += 1;
        }
    }
    out.events = payload.events;
    let payload = payload.finish()?;
    append(
        tx,
        seq,
        &prev,
        Append {
            actor,
            at,
            jurisdiction: Jurisdiction::Federal,
            kind: BATCH_IMPORTED,
            subject: BATCH_SUBJECT,
            payload: &payload,
        },
    )?;
    Ok(out)
}

/// Whole days from `started` to `ended` as `chrono::Duration::num_days` counts them (truncated,
/// never negative), per backend. Times are stored as "YYYY-MM-DDTHH:MM:SS.ffffffZ".
fn whole_days(backend: Backend, ended: &str, started: &str) -> String {
    match backend {
        Backend::Sqlite => {
            let micros = |c: &str| {
                format!("(CAST(strftime('%s', {c}) AS INTEGER) * 1000000 + CAST(substr({c}, 21, 6) AS INTEGER))")
            };
            format!("MAX(({} - {}) / 86400000000, 0)", micros(ended), micros(started))
        }
        Backend::Postgres => {
            format!("GREATEST(FLOOR(EXTRACT(EPOCH FROM ({ended}::timestamptz - {started}::timestamptz)) / 86400), 0)")
        }
    }
}

/// The rollups recomputed from the read tables: the same numbers `rollup.rs` keeps case by case.
fn rebuild(tx: &mut dyn Tx) -> Result<(), StoreError> {
    let closed = format!(
        "status IN ('{}', '{}')",
        InspectionStatus::Closed.code(),
        InspectionStatus::SentToSanction.code()
    );
    // An ended case always has a visit (closing needs a record); the incremental rollup falls
    // back to the programming time, which is not a column, only for a case that never started.
    let days = whole_days(tx.backend(), "ended_at", "started_at");
    let cancelled = InspectionStatus::Cancelled.code();
    let visited = InspectionStatus::ALL
        .into_iter()
        .filter(|s| rollup::visited(*s))
        .map(|s| format!("'{}'", s.code()))
        .collect::<Vec<_>>()
        .join(", ");
    tx.execute("DELETE FROM inspection_rollup", &[])?;
    tx.execute(
        &format!(
            "INSERT INTO inspection_rollup (month, state, sector, cases, inspections, visited, closed, with_findings, days_to_close)
             SELECT substr(planned_for, 1, 7), state, sector, COUNT(*),
                 SUM(CASE WHEN status <> '{cancelled}' THEN 1 ELSE 0 END),
                 SUM(CASE WHEN status IN ({visited}) THEN 1 ELSE 0 END),
                 SUM(CASE WHEN {closed} THEN 1 ELSE 0 END),
                 SUM(CASE WHEN findings > 0 THEN 1 ELSE 0 END),
                 SUM(CASE WHEN {closed} AND ended_at IS NOT NULL AND started_at IS NOT NULL THEN {days} ELSE 0 END)
             FROM inspections GROUP BY substr(planned_for, 1, 7), state, sector"
        ),
        &[],
    )?;
    for (table, keys) in [
        ("inspection_rollup_by_state", "month, state"),
        ("inspection_rollup_by_sector", "month, sector"),
    ] {
        tx.execute(&format!("DELETE FROM {table}"), &[])?;
        tx.execute(
            &format!(
                "INSERT INTO {table} ({keys}, cases, inspections, visited, closed, with_findings, days_to_close)
                 SELECT {keys}, SUM(cases), SUM(inspections), SUM(visited), SUM(closed), SUM(with_findings),
                     SUM(days_to_close)
                 FROM inspection_rollup GROUP BY {keys}"
            ),
            &[],
        )?;
    }
    tx.execute("DELETE FROM workplace_visit_years", &[])?;
    tx.execute(
        &format!(
            "INSERT INTO workplace_visit_years (year, state, workplace_id)
             SELECT DISTINCT substr(planned_for, 1, 4), state, workplace_id FROM inspections
             WHERE status IN ({visited})"
        ),
        &[],
    )?;
    tx.execute("DELETE FROM workplace_visit_counts", &[])?;
    tx.execute(
        "INSERT INTO workplace_visit_counts (year, state, workplaces)
         SELECT year, state, COUNT(*) FROM workplace_visit_years GROUP BY year, state",
        &[],
    )?;
    let mut matters = String::new();
    for (i, m) in Matter::ALL.iter().enumerate() {
        if i > 0 {
            matters.push_str(" UNION ALL ");
        }
        let _ = write!(matters, "SELECT '{}' AS code", m.code());
    }
    tx.execute("DELETE FROM finding_rollup", &[])?;
    tx.execute(
        &format!(
            "INSERT INTO finding_rollup (month, state, matter, inspections, with_findings)
             SELECT substr(i.planned_for, 1, 7), i.state, m.code, COUNT(*),
                 SUM(CASE WHEN EXISTS (SELECT 1 FROM inspection_findings f
                                       WHERE f.inspection_id = i.id AND f.matter = m.code) THEN 1 ELSE 0 END)
             FROM inspections i JOIN ({matters}) m ON (',' || i.matters || ',') LIKE ('%,' || m.code || ',%')
             WHERE i.record_closed_at IS NOT NULL
             GROUP BY substr(i.planned_for, 1, 7), i.state, m.code"
        ),
        &[],
    )?;
    tx.execute("DELETE FROM finding_rollup_by_matter", &[])?;
    tx.execute(
        "INSERT INTO finding_rollup_by_matter (month, matter, inspections, with_findings)
         SELECT month, matter, SUM(inspections), SUM(with_findings) FROM finding_rollup GROUP BY month, matter",
        &[],
    )?;
    tx.execute("DELETE FROM fine_rollup", &[])?;
    tx.execute(
        &format!(
            "INSERT INTO fine_rollup (year, state, sector, cases, sanctions, imposed, paid)
             SELECT substr(opened_at, 1, 4), state, sector, COUNT(*),
                 SUM(CASE WHEN {counted} THEN 1 ELSE 0 END),
                 SUM(CASE WHEN {counted} THEN imposed ELSE 0 END),
                 SUM(CASE WHEN {counted} THEN paid ELSE 0 END)
             FROM sanctions GROUP BY substr(opened_at, 1, 4), state, sector",
            counted = format_args!("status <> '{}'", SanctionStatus::Annulled.code())
        ),
        &[],
    )?;
    Ok(())
}

impl Store {
    /// Stores a batch of whole case histories in one transaction: the read rows of every
    /// inspection, referral and sanction, and one [`BATCH_IMPORTED`] event carrying all their
    /// events. The rollups are left as they were: call [`Store::rebuild_rollups`] after the load.
    pub fn import_inspection_histories(
        &self,
        actor: &Actor,
        at: DateTime<Utc>,
        batch: &[InspectionHistory],
    ) -> Result<HistoryImport, StoreError> {
        let prepared = batch
            .iter()
            .map(|h| PreparedHistory::prepare(h.clone()))
            .collect::<Result<Vec<_>, _>>()?;
        self.import_prepared_histories(actor, at, &prepared)
    }

    /// [`Store::import_inspection_histories`] for histories prepared beforehand (for example on
    /// the thread that generated them).
    pub fn import_prepared_histories(
        &self,
        actor: &Actor,
        at: DateTime<Utc>,
        batch: &[PreparedHistory],
    ) -> Result<HistoryImport, StoreError> {
        let stamp = timestamp(at);
        self.write(|tx| import(tx, actor, &stamp, batch))
    }

    /// Recomputes `inspection_rollup`, `finding_rollup` and `fine_rollup` from the cases, in one
    /// transaction. Gives the tables the incremental updates of every command would have given.
    pub fn rebuild_rollups(&self) -> Result<(), StoreError> {
        self.write(rebuild)
    }

    /// Workplaces with an id above `after_id`, in id order, at most `limit` (1 to 50,000).
    pub fn workplace_facts(&self, after_id: i64, limit: u32) -> Result<Vec<WorkplaceFacts>, StoreError> {
        self.read(|tx| {
            tx.query(
                "SELECT id, employer_id, state, scian_class, size_band, headcount, registered_on FROM workplaces
                 WHERE id > ? ORDER BY id LIMIT ?",
                &[after_id.into(), i64::from(limit.clamp(1, 50_000)).into()],
            )?
            .iter()
            .map(|r| {
                Ok(WorkplaceFacts {
                    id: r.i64(0)?,
                    employer_id: r.i64(1)?,
                    state: r.string(2)?,
                    scian_class: r.string(3)?,
                    size_band: r.string(4)?,
                    headcount: r.opt_i64(5)?,
                    registered_on: r.opt_string(6)?.and_then(|d| d.parse().ok()),
                })
            })
            .collect()
        })
    }

    /// The highest workplace id among the inspections that bulk imports created, if any: an
    /// interrupted load of histories generated in workplace order resumes after it.
    pub fn imported_inspections_through(&self) -> Result<Option<i64>, StoreError> {
        self.read(|tx| {
            tx.query_one(
                "SELECT MAX(i.workplace_id) FROM inspections i JOIN events e ON e.seq = i.created_seq
                 WHERE e.kind = ?",
                &[BATCH_IMPORTED.into()],
            )?
            .map(|r| r.opt_i64(0))
            .transpose()
            .map(Option::flatten)
        })
    }

    /// Every inspection program's id, authority, office and first day (without the counts of
    /// `Store::programs`), for a load that must reuse the programs it created.
    pub fn program_keys(&self) -> Result<Vec<ProgramKey>, StoreError> {
        self.read(|tx| {
            tx.query(
                "SELECT id, jurisdiction, office, starts_on FROM inspection_programs ORDER BY id",
                &[],
            )?
            .iter()
            .map(|r| {
                Ok(ProgramKey {
                    id: r.i64(0)?,
                    jurisdiction: r.string(1)?,
                    office: r.string(2)?,
                    starts_on: r.string(3)?,
                })
            })
            .collect()
        })
    }

    /// Every line of the fines ledger, by employer, as `sanction_command` hands earlier fines to
    /// core for the repeat-offence rule (LFT 992).
    pub fn fines_ledger(&self) -> Result<Vec<(i64, PriorFineRecord)>, StoreError> {
        self.read(|tx| {
            tx.query(
                "SELECT employer_id, violation, acta_date, per_worker_uma, overturned FROM fines
                 ORDER BY sanction_id, number",
                &[],
            )?
            .iter()
            .map(|r| {
                Ok((
                    r.i64(0)?,
                    PriorFineRecord {
                        violation: r.string(1)?,
                        acta_date: r
                            .string(2)?
                            .parse()
                            .map_err(|_| StoreError::Corrupt("a fine's acta date is not a date".into()))?,
                        per_worker_uma: u32::try_from(r.i64(3)?).unwrap_or(u32::MAX),
                        overturned: r.i64(4)? != 0,
                    },
                ))
            })
            .collect()
        })
    }
}
