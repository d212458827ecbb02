//! Commands on conciliation cases, and the centres' hearing rooms: one transaction each, with
//! its events.

use chrono::{DateTime, Datelike, Utc};
use faro_core::conciliation::{self, Case, CenterSettings, Command, Event};
use faro_core::law::Law;
use faro_core::{Actor, DomainError, Jurisdiction, Role};

use super::row::{self, Lookups, SUMMARY_COLUMNS};
use super::{folio, rollup, ConciliationDocumentMaker, ConciliationOutcome, ConciliationSummary, ConciliationTarget};
use crate::cases::{insert_document, DocumentRecord, EventWriter};
use crate::tx::Tx;
use crate::{timestamp, Store, StoreError};

/// The event of a room added to a centre.
pub const ROOM_ADDED: &str = "conciliation.room_added";

/// A case as its row holds it, locked for the change.
struct Current {
    id: i64,
    folio: String,
    center: String,
    sector: String,
    state: Case,
}

fn load(tx: &mut dyn Tx, id: i64) -> Result<Current, StoreError> {
    let r = tx
        .query_one(
            &format!(
                "SELECT folio, center, sector, state_json FROM conciliation_cases WHERE id = ?{}",
                tx.dialect().for_update()
            ),
            &[id.into()],
        )?
        .ok_or_else(|| StoreError::NotFound(format!("conciliation case {id}")))?;
    Ok(Current {
        id,
        folio: r.string(0)?,
        center: r.string(1)?,
        sector: r.string(2)?,
        state: serde_json::from_str(&r.string(3)?)?,
    })
}

pub(crate) fn summary_in(tx: &mut dyn Tx, id: i64) -> Result<ConciliationSummary, StoreError> {
    let r = tx
        .query_one(
            &format!("SELECT {SUMMARY_COLUMNS} FROM conciliation_cases c WHERE c.id = ?"),
            &[id.into()],
        )?
        .ok_or_else(|| StoreError::NotFound(format!("conciliation case {id}")))?;
    row::summary_row(&r)
}

fn unknown_conciliator(id: &str, detail: &str) -> StoreError {
    StoreError::Domain(
        DomainError::field(
            "conciliator_id",
            "conciliation.conciliator_unknown",
            format!("user {id} {detail}"),
        )
        .with("conciliator_id", id),
    )
}

/// Every hearing the events set goes to an active conciliator of the case's centre.
fn check_conciliators(tx: &mut dyn Tx, center: Jurisdiction, events: &[Event]) -> Result<(), StoreError> {
    for e in events {
        let (Event::HearingScheduled { hearing, .. } | Event::HearingRescheduled { hearing, .. }) = e else {
            continue;
        };
        let text = &hearing.slot.conciliator_id;
        let id = row::conciliator_id(text)?;
        let r = tx
            .query_one(
                "SELECT role, jurisdiction, active FROM users WHERE id = ?",
                &[id.into()],
            )?
            .ok_or_else(|| unknown_conciliator(text, "does not exist"))?;
        if r.string(0)? != Role::Conciliator.code() {
            return Err(unknown_conciliator(text, "is not a conciliator"));
        }
        if r.string(1)? != center.code() {
            return Err(unknown_conciliator(text, "is not a conciliator of this centre"));
        }
        if r.i64(2)? == 0 {
            return Err(unknown_conciliator(text, "is not active"));
        }
    }
    Ok(())
}

/// No hearing the events set takes a time its conciliator, or its room, already has at another
/// case that is still waiting for its hearing. Checked inside the write transaction, which holds
/// the chain head's lock, so two filings at the same moment cannot book the same time.
fn check_free(
    tx: &mut dyn Tx,
    center: Jurisdiction,
    case_id: Option<i64>,
    room_id: Option<i64>,
    events: &[Event],
) -> Result<(), StoreError> {
    for e in events {
        let (Event::HearingScheduled { hearing, .. } | Event::HearingRescheduled { hearing, .. }) = e else {
            continue;
        };
        let slot = &hearing.slot;
        let (date, time) = (slot.date.to_string(), slot.time.format("%H:%M:%S").to_string());
        let others = " AND center = ? AND status = 'hearing_scheduled' AND id <> ?";
        let this = case_id.unwrap_or(0);
        let busy = tx
            .query_one(
                &format!("SELECT folio FROM conciliation_cases WHERE conciliator_id = ? AND hearing_on = ? AND hearing_time = ?{others}"),
                &[
                    row::conciliator_id(&slot.conciliator_id)?.into(),
                    date.clone().into(),
                    time.clone().into(),
                    center.code().into(),
                    this.into(),
                ],
            )?
            .map(|r| r.string(0))
            .transpose()?;
        let room_busy = match room_id {
            Some(room) => tx
                .query_one(
                    &format!("SELECT folio FROM conciliation_cases WHERE room_id = ? AND hearing_on = ? AND hearing_time = ?{others}"),
                    &[room.into(), date.clone().into(), time.clone().into(), center.code().into(), this.into()],
                )?
                .map(|r| r.string(0))
                .transpose()?,
            None => None,
        };
        if let Some(folio) = busy.or(room_busy) {
            return Err(StoreError::Domain(
                DomainError::field(
                    "slot",
                    "conciliation.slot_taken",
                    format!("the conciliator or the room already has case {folio} at that time"),
                )
                .with("date", date)
                .with("time", slot.time.format("%H:%M").to_string())
                .with("folio", folio),
            ));
        }
    }
    Ok(())
}

impl Store {
    /// Runs one command on a conciliation case (or files a new one), in one transaction: core
    /// decides, the events are logged under `conciliation/{id}`, the read rows and the rollup
    /// follow, and `maker`'s documents are stored. A refusal (`StoreError::Domain`), an unknown
    /// case (`NotFound`) or a failed rendering writes nothing.
    ///
    /// Filing assigns the folio and matches the employer party's RFC against the registry. A
    /// hearing must go to an active conciliator (`Role::Conciliator`) of the case's centre
    /// (`conciliation.conciliator_unknown` otherwise); a room named in the slot is linked to the
    /// centre's room of that name, if there is one.
    #[allow(clippy::too_many_arguments)]
    pub fn conciliation_command(
        &self,
        law: &Law,
        settings: &CenterSettings,
        actor: &Actor,
        now: DateTime<Utc>,
        target: ConciliationTarget,
        command: &Command,
        maker: Option<&ConciliationDocumentMaker<'_>>,
    ) -> Result<ConciliationOutcome, StoreError> {
        self.write(|tx| {
            let mut events = EventWriter::new(actor, timestamp(now));
            let seq = events.peek_seq(tx)?;
            let current = match target {
                ConciliationTarget::Existing(id) => Some(load(tx, id)?),
                ConciliationTarget::New => None,
            };
            let ctx = law.conciliation_ctx(now, settings);
            let (evs, next) =
                conciliation::execute(current.as_ref().map(|c| &c.state), command, &ctx).map_err(StoreError::Domain)?;
            check_conciliators(tx, next.center, &evs)?;
            let mut lookups = Lookups::default();
            let room_id = lookups.room(tx, &next)?;
            check_free(tx, next.center, current.as_ref().map(|c| c.id), room_id, &evs)?;
            let json = serde_json::to_string(&next)?;
            let (id, folio) = match current {
                Some(cur) => {
                    rollup::apply(tx, &cur.state, &cur.center, &cur.sector, -1)?;
                    row::update_case(tx, cur.id, &next, &json, room_id, seq)?;
                    rollup::apply(tx, &next, &cur.center, &cur.sector, 1)?;
                    (cur.id, cur.folio)
                }
                None => {
                    let place = lookups.place(tx, &next)?;
                    let id = row::next_case_id(tx)?;
                    let folio = folio(next.center, next.received_at.year(), id);
                    row::insert_case(tx, id, &folio, &next, &json, &place, room_id, seq)?;
                    rollup::apply(tx, &next, &next.center.code(), &place.sector, 1)?;
                    (id, folio)
                }
            };
            let subject = format!("conciliation/{id}");
            for e in &evs {
                events.append(tx, next.center, e.kind(), &subject, e)?;
            }
            let mut documents = Vec::new();
            if let Some(make) = maker {
                let summary = summary_in(tx, id)?;
                for doc in make(&summary, &next, &evs)? {
                    insert_document(tx, &mut events, next.center, &subject, &doc)?;
                    documents.push(DocumentRecord {
                        code: doc.code,
                        kind: doc.kind,
                        subject: subject.clone(),
                        folio: doc.folio,
                        title: doc.title,
                        issued_at: events.at().to_string(),
                        sha256: doc.sha256,
                        summary: doc.summary,
                    });
                }
            }
            Ok(ConciliationOutcome {
                id,
                folio,
                events: evs,
                state: next,
                documents,
                seq: events.first_seq.unwrap_or(seq),
            })
        })
    }

    /// Adds a hearing room to a centre (logged as [`ROOM_ADDED`]). Refused if the name is empty
    /// or longer than 100 characters, or taken at that centre (`Conflict`).
    pub fn add_conciliation_room(
        &self,
        actor: &Actor,
        now: DateTime<Utc>,
        center: Jurisdiction,
        name: &str,
        remote: bool,
    ) -> Result<i64, StoreError> {
        let name = faro_core::case::required_text("name", name, 100)?;
        let result = self.write(|tx| {
            let mut events = EventWriter::new(actor, timestamp(now));
            let seq = events.peek_seq(tx)?;
            if tx
                .query_one(
                    "SELECT id FROM conciliation_rooms WHERE center = ? AND name = ?",
                    &[center.code().into(), name.clone().into()],
                )?
                .is_some()
            {
                return Err(StoreError::Conflict(format!("the room '{name}' exists at this centre")));
            }
            let id = tx
                .query_one(
                    "INSERT INTO conciliation_rooms (center, name, remote, active, created_seq) VALUES (?, ?, ?, 1, ?)
                     RETURNING id",
                    &[center.code().into(), name.clone().into(), remote.into(), seq.into()],
                )?
                .ok_or_else(|| StoreError::Corrupt("a room insert returned no id".into()))?
                .i64(0)?;
            events.append(
                tx,
                center,
                ROOM_ADDED,
                &format!("conciliation_room/{id}"),
                &serde_json::json!({ "id": id, "center": center.code(), "name": name, "remote": remote }),
            )?;
            Ok(id)
        });
        match result {
            Err(e) if e.is_unique_violation() => {
                Err(StoreError::Conflict(format!("the room '{name}' exists at this centre")))
            }
            other => other,
        }
    }
}
