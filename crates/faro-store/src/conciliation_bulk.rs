//! Bulk loads of whole conciliation histories (the demo's national history), and the rebuild of
//! `conciliation_rollup`.
//!
//! [`Store::import_conciliation_histories`] writes, in one transaction per batch, the read rows
//! that [`Store::conciliation_command`] would have written for the same events
//! (`conciliation_cases`, `conciliation_parties`: the folio, the registry match, the room), and ONE
//! event of kind [`BATCH_IMPORTED`] whose payload carries every case's events under its subject
//! (`{"cases":[{"subject":"conciliation/12","events":[..]},..]}`, the layout of the inspection
//! batches), so the log stays complete at bulk speed. Each case's state is folded here from its
//! events with core's `apply` and checked against the state the history gives. The rows'
//! `created_seq` and `updated_seq` are the batch event's number. The conciliators a history names
//! are not checked against the users, as the command path does.
//!
//! The rollup is NOT updated by the import: call [`Store::rebuild_conciliation_rollup`] once the
//! load is done.

use chrono::{DateTime, Datelike, Utc};
use faro_core::conciliation::{self, Case, Event};
use faro_core::{Actor, DomainError, Jurisdiction};
use serde::Serialize;

use crate::batch::Payload;
use crate::conciliation::folio;
use crate::conciliation::rollup;
use crate::conciliation::row::{self, Lookups};
use crate::events::{append, next_seq, Append, EventSummary};
use crate::tx::Tx;
use crate::{timestamp, Store, StoreError};

/// The kind of the one event each imported batch of conciliation histories appends.
pub const BATCH_IMPORTED: &str = "conciliation.batch_imported";

/// The subject of that event.
pub const BATCH_SUBJECT: &str = "import/conciliation";

/// One case's whole history: its events, oldest first (the first is `Filed`), and the state they
/// leave it in (as `faro_demo`'s trails keep it; checked against the folded events).
#[derive(Debug, Clone, PartialEq)]
pub struct ConciliationHistory {
    pub events: Vec<Event>,
    pub state: Case,
    /// The registry's employer and workplace the case is about, when the loader knows them (the
    /// demo does); otherwise the store matches the employer party's RFC, as at filing.
    pub registry: Option<(i64, i64)>,
}

/// What an import of histories wrote.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct ConciliationImport {
    /// The number of the batch's event.
    pub seq: i64,
    pub cases: u64,
    /// Case events carried in the batch event's payload.
    pub events: u64,
}

fn inconsistent(detail: impl Into<String>) -> StoreError {
    StoreError::Domain(DomainError::new("import.history_inconsistent", detail))
}

/// The state of a history, folded from its events and checked against the one it gives.
fn fold(h: &ConciliationHistory) -> Result<Case, StoreError> {
    if !matches!(h.events.first(), Some(Event::Filed { .. })) {
        return Err(inconsistent("a conciliation history starts with its filing"));
    }
    let mut state: Option<Case> = None;
    for e in &h.events {
        state = conciliation::apply(state, e);
    }
    let state = state.ok_or_else(|| inconsistent("the case's events fold to nothing"))?;
    if state != h.state {
        return Err(inconsistent(
            "the state of a conciliation history is not what its events give",
        ));
    }
    Ok(state)
}

fn import(
    tx: &mut dyn Tx,
    actor: &Actor,
    at: &str,
    batch: &[ConciliationHistory],
) -> Result<ConciliationImport, StoreError> {
    if batch.is_empty() {
        return Err(StoreError::Domain(DomainError::new(
            "import.empty_batch",
            "an import batch must hold at least one case",
        )));
    }
    let (seq, prev) = next_seq(tx)?;
    let mut lookups = Lookups::default();
    let mut payload = Payload::with_capacity(batch.len() * 4096);
    let mut out = ConciliationImport {
        seq,
        ..ConciliationImport::default()
    };
    for h in batch {
        let s = fold(h)?;
        let mut place = lookups.place(tx, &s)?;
        if let Some((employer_id, workplace_id)) = h.registry {
            place.employer_id = Some(employer_id);
            place.workplace_id = Some(workplace_id);
        }
        let room_id = lookups.room(tx, &s)?;
        let id = row::next_case_id(tx)?;
        let folio = folio(s.center, s.received_at.year(), id);
        row::insert_case(tx, id, &folio, &s, &serde_json::to_string(&s)?, &place, room_id, seq)?;
        payload.case(&format!("conciliation/{id}"), &h.events)?;
        out.cases += 1;
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

/// When an event happened.
pub(crate) fn event_at(e: &Event) -> DateTime<Utc> {
    match e {
        Event::Filed { received_at, .. } => *received_at,
        Event::Forwarded { at, .. }
        | Event::ClosedExempt { at, .. }
        | Event::HearingScheduled { at, .. }
        | Event::HearingRescheduled { at, .. }
        | Event::ServiceRecorded { at, .. }
        | Event::HearingHeld { at, .. }
        | Event::SettlementRatified { at, .. }
        | Event::ConstanciaIssued { at, .. }
        | Event::Archived { at, .. }
        | Event::FineRequested { at, .. }
        | Event::InstallmentPaid { at, .. }
        | Event::PenaltyPaid { at, .. }
        | Event::ComplianceCertified { at, .. }
        | Event::NonComplianceCertified { at, .. } => *at,
    }
}

impl Store {
    /// The highest registry workplace among the cases loaded in bulk: where an interrupted load
    /// that goes workplace by workplace resumes.
    pub fn imported_conciliations_through(&self) -> Result<Option<i64>, StoreError> {
        self.read(|tx| {
            tx.query_one(
                "SELECT MAX(workplace_id) FROM conciliation_cases
                 WHERE created_seq IN (SELECT seq FROM events WHERE kind = ?)",
                &[BATCH_IMPORTED.into()],
            )?
            .map(|r| r.opt_i64(0))
            .transpose()
            .map(Option::flatten)
        })
    }

    /// Stores a batch of whole conciliation histories in one transaction: every case's read rows
    /// and one [`BATCH_IMPORTED`] event carrying all their events. The rollup is left as it was:
    /// call [`Store::rebuild_conciliation_rollup`] after the load.
    pub fn import_conciliation_histories(
        &self,
        actor: &Actor,
        at: DateTime<Utc>,
        batch: &[ConciliationHistory],
    ) -> Result<ConciliationImport, StoreError> {
        let stamp = timestamp(at);
        self.write(|tx| import(tx, actor, &stamp, batch))
    }

    /// Recomputes `conciliation_rollup` from the cases, in one transaction: the numbers the
    /// incremental updates of every command would have given.
    pub fn rebuild_conciliation_rollup(&self) -> Result<(), StoreError> {
        self.write(rollup::rebuild)
    }

    /// The events an import carried for one conciliation case (see [`imported_history`]).
    pub fn imported_conciliation_history(&self, subject: &str) -> Result<Vec<EventSummary>, StoreError> {
        self.read(|tx| crate::batch::imported_history(tx, subject))
    }
}
