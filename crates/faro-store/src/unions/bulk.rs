//! Bulk loads of whole registry histories (the demo's national registry: tens of thousands of
//! unions, hundreds of thousands of agreements), and the rebuild of the rollups.
//!
//! [`Store::import_union_registry`] writes, in one transaction per batch, the read rows the four
//! commands would have written for the same events, and ONE event of kind [`BATCH_IMPORTED`]
//! whose payload carries every record's events under its subject
//! (`{"cases":[{"subject":"union/12","events":[..]},..]}`, the layout of the other batches), so the
//! log stays complete at bulk speed. Each record's state is folded here from its events with
//! core's `apply`, never taken on trust. The rows' `created_seq` and `updated_seq` are the batch
//! event's number.
//!
//! Records cite each other by id (a vote's subject "agreement/7", an agreement's approval
//! "vote/31"), so the loader numbers its records itself, from [`Store::union_registry_next_ids`],
//! and the store keeps those ids. Within a batch, unions are written first, then certificate
//! requests, agreements and votes; a vote's subject must be written already (in this batch or an
//! earlier one). Unlike the commands, the import does not check that the votes and certificates
//! an agreement cites hold what it says, nor that a certificate request's workplace is free: the
//! history is the registry's own. An agreement whose union is not in the registry is stored
//! without the link.
//!
//! The rollups are NOT updated by the import: call [`Store::rebuild_union_rollup`] once the load
//! is done.

use chrono::{DateTime, NaiveDate, Utc};
use faro_core::union::agreement::{self, Agreement};
use faro_core::union::registration::{self, Union};
use faro_core::union::representativeness::{self, Representativeness};
use faro_core::union::vote::{self, Vote};
use faro_core::{Actor, DomainError, Jurisdiction};
use serde::de::DeserializeOwned;
use serde::Serialize;

use super::agreement_row::{self, AgreementLinks};
use super::anomalies::{self, request_flags, vote_flags};
use super::common::{sync_sequence, Table};
use super::derive::{parse_subject, vote_number, RecordKind};
use super::links::vote_link;
use super::place::Lookups;
use super::{request_row, rollup, union_row, vote_row, Site, UnionSite};
use crate::batch::Payload;
use crate::events::{append, next_seq, Append, EventSummary};
use crate::tx::Tx;
use crate::{timestamp, Store, StoreError};

/// The kind of the one event each imported batch of registry histories appends.
pub const BATCH_IMPORTED: &str = "union_registry.batch_imported";

/// The subject of that event.
pub const BATCH_SUBJECT: &str = "import/union_registry";

/// A union's whole history, oldest first (the first event is `Filed`), as number `id`.
#[derive(Debug, Clone, PartialEq)]
pub struct UnionHistory {
    pub id: i64,
    pub site: UnionSite,
    pub events: Vec<registration::Event>,
}

/// A certificate request's whole history (the first event is `Requested`), as number `id`.
#[derive(Debug, Clone, PartialEq)]
pub struct RepresentativenessHistory {
    pub id: i64,
    pub site: Site,
    pub events: Vec<representativeness::Event>,
}

/// An agreement's whole history (the first event is `Deposited`), as number `id`.
#[derive(Debug, Clone, PartialEq)]
pub struct AgreementHistory {
    pub id: i64,
    pub site: Site,
    pub events: Vec<agreement::Event>,
}

/// A vote's whole history (the first event is `Called`, whose subject must be in the registry),
/// as number `id`.
#[derive(Debug, Clone, PartialEq)]
pub struct VoteHistory {
    pub id: i64,
    pub events: Vec<vote::Event>,
}

/// One batch: written in one transaction, in this order.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct UnionRegistryBatch {
    pub unions: Vec<UnionHistory>,
    pub requests: Vec<RepresentativenessHistory>,
    pub agreements: Vec<AgreementHistory>,
    pub votes: Vec<VoteHistory>,
}

impl UnionRegistryBatch {
    fn len(&self) -> usize {
        self.unions.len() + self.requests.len() + self.agreements.len() + self.votes.len()
    }
}

/// What an import wrote.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct UnionRegistryImport {
    /// The number of the batch's event.
    pub seq: i64,
    pub unions: u64,
    pub requests: u64,
    pub agreements: u64,
    pub votes: u64,
    /// Record events carried in the batch event's payload.
    pub events: u64,
}

/// The first free id of each kind of record: where a loader numbers its histories from.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct NextIds {
    pub unions: i64,
    pub requests: i64,
    pub agreements: i64,
    pub votes: i64,
}

/// A workplace of the registry with its employer, as a loader of registry histories reads it
/// (the demo generates each workplace's agreements from this).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RegistryWorkplace {
    pub id: i64,
    pub employer_id: i64,
    pub employer_name: String,
    /// "S.A. de C.V."; empty for a person.
    pub employer_legal_form: String,
    pub employer_rfc: Option<String>,
    /// Two-digit state code ("14").
    pub state: String,
    /// INEGI key of the municipality ("14039").
    pub municipality: String,
    pub scian_class: String,
    pub size_band: String,
    pub headcount: Option<i64>,
}

fn inconsistent(detail: impl Into<String>) -> StoreError {
    StoreError::Domain(DomainError::new("import.history_inconsistent", detail))
}

/// The state a history's events fold to; the first must be the one that opens the record.
fn fold<S, E>(
    subject: &str,
    events: &[E],
    opens: fn(&E) -> bool,
    apply: fn(Option<S>, &E) -> Option<S>,
) -> Result<S, StoreError> {
    if !events.first().is_some_and(opens) {
        return Err(inconsistent(format!(
            "the history of {subject} does not start with the event that opens it"
        )));
    }
    let mut state = None;
    for e in events {
        state = apply(state, e);
    }
    state.ok_or_else(|| inconsistent(format!("the events of {subject} fold to nothing")))
}

fn import(
    tx: &mut dyn Tx,
    actor: &Actor,
    at: &str,
    batch: &UnionRegistryBatch,
) -> Result<UnionRegistryImport, StoreError> {
    if batch.len() == 0 {
        return Err(StoreError::Domain(DomainError::new(
            "import.empty_batch",
            "an import batch must hold at least one record",
        )));
    }
    let (seq, prev) = next_seq(tx)?;
    let mut lookups = Lookups::default();
    let mut payload = Payload::with_capacity(batch.len() * 4096);
    let mut out = UnionRegistryImport {
        seq,
        ..UnionRegistryImport::default()
    };
    for h in &batch.unions {
        let subject = RecordKind::Union.subject(h.id);
        let s: Union = fold(
            &subject,
            &h.events,
            |e| matches!(e, registration::Event::Filed { .. }),
            registration::apply,
        )?;
        union_row::insert_union(tx, h.id, &h.site, &s, &serde_json::to_string(&s)?, seq)?;
        payload.case(&subject, &h.events)?;
        out.unions += 1;
    }
    for h in &batch.requests {
        let subject = RecordKind::Representativeness.subject(h.id);
        let s: Representativeness = fold(
            &subject,
            &h.events,
            |e| matches!(e, representativeness::Event::Requested { .. }),
            representativeness::apply,
        )?;
        let place = lookups.place(tx, &h.site, &s.employer_rfc)?;
        request_row::insert_request(tx, &mut lookups, h.id, &s, &serde_json::to_string(&s)?, &place, seq)?;
        anomalies::sync(tx, RecordKind::Representativeness, h.id, &request_flags(&s), seq, true)?;
        payload.case(&subject, &h.events)?;
        out.requests += 1;
    }
    for h in &batch.agreements {
        let subject = RecordKind::Agreement.subject(h.id);
        let s: Agreement = fold(
            &subject,
            &h.events,
            |e| matches!(e, agreement::Event::Deposited { .. }),
            agreement::apply,
        )?;
        let links = AgreementLinks {
            union_id: lookups.union(tx, &s.union_registration)?.map(|u| u.id),
            certificate_number: s.certificate.as_ref().map(|c| c.id.trim().to_string()),
            approval_vote_id: s.approval.as_ref().and_then(|v| vote_number(&v.vote_id)),
        };
        let rfc = s
            .employer_rfc
            .as_ref()
            .map(|r| r.as_str().to_string())
            .unwrap_or_default();
        let place = lookups.place(tx, &h.site, &rfc)?;
        agreement_row::insert_agreement(tx, h.id, &s, &serde_json::to_string(&s)?, &place, &links, seq)?;
        let revisions = agreement_row::new_revisions(None, &h.events)?;
        agreement_row::write_extras(tx, h.id, &revisions, &h.events)?;
        payload.case(&subject, &h.events)?;
        out.agreements += 1;
    }
    for h in &batch.votes {
        let subject = RecordKind::Vote.subject(h.id);
        let s: Vote = fold(
            &subject,
            &h.events,
            |e| matches!(e, vote::Event::Called { .. }),
            vote::apply,
        )?;
        let link = vote_link(tx, s.purpose, &s.subject).map_err(|e| match e {
            StoreError::Domain(d) => inconsistent(format!("{subject}: {}", d.detail)),
            other => other,
        })?;
        vote_row::insert_vote(tx, h.id, &s, &serde_json::to_string(&s)?, &link, seq)?;
        anomalies::sync(tx, RecordKind::Vote, h.id, &vote_flags(&s), seq, true)?;
        payload.case(&subject, &h.events)?;
        out.votes += 1;
    }
    for (table, n) in [
        (Table::Unions, out.unions),
        (Table::Requests, out.requests),
        (Table::Agreements, out.agreements),
        (Table::Votes, out.votes),
    ] {
        if n > 0 {
            sync_sequence(tx, table)?;
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

/// When an imported event happened, from its own fields: its instant (`at`, `received_at`), else
/// the first of its dates, else `fallback` (the batch's time).
fn event_time(event: &serde_json::Value, fallback: &str) -> String {
    for key in ["at", "received_at"] {
        if let Some(t) = event.get(key).and_then(|v| v.as_str()) {
            if let Ok(t) = t.parse::<DateTime<Utc>>() {
                return timestamp(t);
            }
        }
    }
    for key in ["on", "filed_on", "reported_on", "called_on", "as_of"] {
        if let Some(d) = event.get(key).and_then(|v| v.as_str()) {
            if let Ok(d) = d.parse::<NaiveDate>() {
                if let Some(t) = d.and_hms_opt(0, 0, 0) {
                    return timestamp(t.and_utc());
                }
            }
        }
    }
    fallback.to_string()
}

/// The kinds of an imported record's events, checked by deserializing them.
fn kinds<E: DeserializeOwned>(
    events: &[serde_json::Value],
    kind: fn(&E) -> &'static str,
) -> Result<Vec<&'static str>, StoreError> {
    events
        .iter()
        .map(|v| Ok(kind(&serde_json::from_value::<E>(v.clone())?)))
        .collect()
}

impl Store {
    /// Stores a batch of whole registry histories in one transaction: every record's read rows
    /// and one [`BATCH_IMPORTED`] event carrying all their events. An id already taken is a
    /// `Conflict`; a history that does not fold, or a vote whose subject is not in the registry,
    /// is refused (`import.history_inconsistent`) and nothing of the batch is written. The
    /// rollups are left as they were: call [`Store::rebuild_union_rollup`] after the load.
    pub fn import_union_registry(
        &self,
        actor: &Actor,
        at: DateTime<Utc>,
        batch: &UnionRegistryBatch,
    ) -> Result<UnionRegistryImport, StoreError> {
        let stamp = timestamp(at);
        match self.write(|tx| import(tx, actor, &stamp, batch)) {
            Err(e) if e.is_unique_violation() => Err(StoreError::Conflict(
                "a record of the batch has an id (or a registration or certificate number) already taken".into(),
            )),
            other => other,
        }
    }

    /// The first free id of each kind of record, for a loader to number its histories from.
    pub fn union_registry_next_ids(&self) -> Result<NextIds, StoreError> {
        self.read(|tx| {
            let mut next = |t: Table| -> Result<i64, StoreError> {
                Ok(tx
                    .query_one(&format!("SELECT COALESCE(MAX(id), 0) + 1 FROM {}", t.name()), &[])?
                    .map(|r| r.i64(0))
                    .transpose()?
                    .unwrap_or(1))
            };
            Ok(NextIds {
                unions: next(Table::Unions)?,
                requests: next(Table::Requests)?,
                agreements: next(Table::Agreements)?,
                votes: next(Table::Votes)?,
            })
        })
    }

    /// Workplaces with an id above `after_id`, in id order, at most `limit` (1 to 50,000), each
    /// with its employer: what a loader of registry histories generates them from.
    pub fn registry_workplaces(&self, after_id: i64, limit: u32) -> Result<Vec<RegistryWorkplace>, StoreError> {
        self.read(|tx| {
            tx.query(
                "SELECT w.id, w.employer_id, e.name, e.legal_form, e.rfc, w.state, w.municipality, w.scian_class,
                        w.size_band, w.headcount
                 FROM workplaces w JOIN employers e ON e.id = w.employer_id
                 WHERE w.id > ? ORDER BY w.id LIMIT ?",
                &[after_id.into(), i64::from(limit.clamp(1, 50_000)).into()],
            )?
            .iter()
            .map(|r| {
                Ok(RegistryWorkplace {
                    id: r.i64(0)?,
                    employer_id: r.i64(1)?,
                    employer_name: r.string(2)?,
                    employer_legal_form: r.string(3)?,
                    employer_rfc: r.opt_string(4)?,
                    state: r.string(5)?,
                    municipality: r.string(6)?,
                    scian_class: r.string(7)?,
                    size_band: r.string(8)?,
                    headcount: r.opt_i64(9)?,
                })
            })
            .collect()
        })
    }

    /// Recomputes the registry's four rollups from the read tables, in one transaction: the
    /// numbers the incremental updates of every command would have given.
    pub fn rebuild_union_rollup(&self) -> Result<(), StoreError> {
        self.write(rollup::rebuild)
    }

    /// The events an import carried for one record ("agreement/7"), as its history shows them:
    /// each at its own time (its instant, or the day it names), with the number and actor of the
    /// batch event that logged it. Empty for a record not imported.
    pub fn imported_union_registry_history(&self, subject: &str) -> Result<Vec<EventSummary>, StoreError> {
        let Some((kind, id)) = parse_subject(subject) else {
            return Ok(Vec::new());
        };
        let table = match kind {
            RecordKind::Union => Table::Unions,
            RecordKind::Agreement => Table::Agreements,
            RecordKind::Representativeness => Table::Requests,
            RecordKind::Vote => Table::Votes,
        };
        self.read(|tx| {
            let Some(row) = tx.query_one(
                &format!("SELECT created_seq FROM {} WHERE id = ?", table.name()),
                &[id.into()],
            )?
            else {
                return Ok(Vec::new());
            };
            let seq = row.i64(0)?;
            let Some(event) = tx.query_one(
                "SELECT actor, kind, payload, at FROM events WHERE seq = ?",
                &[seq.into()],
            )?
            else {
                return Ok(Vec::new());
            };
            if event.string(1)? != BATCH_IMPORTED {
                return Ok(Vec::new());
            }
            let (actor, payload, batch_at) = (event.string(0)?, event.string(2)?, event.string(3)?);
            let needle = format!("{{\"subject\":{},\"events\":", serde_json::to_string(subject)?);
            let start = payload
                .find(&needle)
                .ok_or_else(|| StoreError::Corrupt(format!("batch event {seq} does not carry {subject}")))?
                + needle.len();
            let events: Vec<serde_json::Value> = serde_json::Deserializer::from_str(&payload[start..])
                .into_iter::<Vec<serde_json::Value>>()
                .next()
                .ok_or_else(|| StoreError::Corrupt(format!("{subject} has no events in batch {seq}")))??;
            let names = match kind {
                RecordKind::Union => kinds::<registration::Event>(&events, registration::Event::kind)?,
                RecordKind::Agreement => kinds::<agreement::Event>(&events, agreement::Event::kind)?,
                RecordKind::Representativeness => {
                    kinds::<representativeness::Event>(&events, representativeness::Event::kind)?
                }
                RecordKind::Vote => kinds::<vote::Event>(&events, vote::Event::kind)?,
            };
            Ok(events
                .iter()
                .zip(names)
                .map(|(e, kind)| EventSummary {
                    seq,
                    at: event_time(e, &batch_at),
                    actor: actor.clone(),
                    kind: kind.to_string(),
                    subject: subject.to_string(),
                })
                .collect())
        })
    }
}
