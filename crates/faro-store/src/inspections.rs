//! Inspections, their referrals and sanction procedures: each command is decided by core and,
//! in one transaction, its events are appended to the log and the case's read rows (and the
//! dashboard rollups) are updated. A failed protocol item that calls for a referral opens it, and
//! an inspection sent to sanction opens its procedure, in the same transaction.

use chrono::{DateTime, NaiveDate, Utc};
use faro_core::inspection::{self, Event as InspectionEvent, Inspection, Status as InspectionStatus};
use faro_core::law::Law;
use faro_core::referral::{self, Referral};
use faro_core::sanction::{self, PriorFineRecord, Sanction};
use faro_core::{Actor, DomainError, Jurisdiction};
use serde::Serialize;

use crate::cases::{insert_document, EventWriter, NewDocument};
use crate::rollup;
use crate::tx::Tx;
use crate::{timestamp, Store, StoreError, Value};

/// Which inspection a command is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    /// A new inspection (the command must be `Program`).
    New,
    Existing(i64),
}

/// The registry facts about an inspection's workplace, for pages and documents.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct InspectionSummary {
    pub id: i64,
    pub workplace_id: i64,
    pub workplace_name: String,
    pub employer_id: i64,
    pub employer_name: String,
    pub employer_rfc: Option<String>,
    pub employer_person_kind: String,
    pub address: String,
    pub municipality: String,
    pub jurisdiction: String,
    pub state: String,
    pub sector: String,
    pub kind: String,
    pub origin: String,
    pub status: String,
    pub matters: Vec<String>,
    pub protected: bool,
    pub inspector_id: Option<i64>,
    pub order_number: Option<String>,
    pub planned_for: String,
    pub visit_at: Option<String>,
    pub findings: i64,
    pub next_deadline: Option<String>,
    pub updated_seq: i64,
}

const SUMMARY_COLUMNS: &str = "i.id, i.workplace_id, w.name, i.employer_id, e.name, e.rfc, e.person_kind,
    w.street || ' ' || w.exterior_number || ', ' || w.settlement || ', CP ' || w.postal_code, w.municipality,
    i.jurisdiction, i.state, i.sector, i.kind, i.origin, i.status, i.matters, i.protected, i.inspector_id,
    i.order_number, i.planned_for, i.visit_at, i.findings, i.next_deadline, i.updated_seq";
const SUMMARY_FROM: &str =
    "FROM inspections i JOIN workplaces w ON w.id = i.workplace_id JOIN employers e ON e.id = i.employer_id";

fn summary_row(r: &crate::Row) -> Result<InspectionSummary, StoreError> {
    Ok(InspectionSummary {
        id: r.i64(0)?,
        workplace_id: r.i64(1)?,
        workplace_name: r.string(2)?,
        employer_id: r.i64(3)?,
        employer_name: r.string(4)?,
        employer_rfc: r.opt_string(5)?,
        employer_person_kind: r.string(6)?,
        address: r.string(7)?,
        municipality: r.string(8)?,
        jurisdiction: r.string(9)?,
        state: r.string(10)?,
        sector: r.string(11)?,
        kind: r.string(12)?,
        origin: r.string(13)?,
        status: r.string(14)?,
        matters: r
            .string(15)?
            .split(',')
            .filter(|m| !m.is_empty())
            .map(str::to_string)
            .collect(),
        protected: r.i64(16)? != 0,
        inspector_id: r.opt_i64(17)?,
        order_number: r.opt_string(18)?,
        planned_for: r.string(19)?,
        visit_at: r.opt_string(20)?,
        findings: r.i64(21)?,
        next_deadline: r.opt_string(22)?,
        updated_seq: r.i64(23)?,
    })
}

/// Filters of the inspection lists. Protected cases (child or forced labor) are left out unless
/// `include_protected` is set: the caller sets it only when the policy allows.
#[derive(Debug, Clone, Default)]
pub struct InspectionFilter {
    /// Only cases of this jurisdiction (a state user sees their state; federal sees all).
    pub jurisdiction: Option<Jurisdiction>,
    pub status: Option<InspectionStatus>,
    pub open_only: bool,
    pub inspector_id: Option<i64>,
    pub workplace_id: Option<i64>,
    pub employer_id: Option<i64>,
    /// Only cases with a pending measure deadline on or before this date.
    pub deadline_by: Option<NaiveDate>,
    pub include_protected: bool,
    pub before_id: Option<i64>,
    pub limit: u32,
}

/// The outcome of a command: the case's id, its state after, and the first event's number.
#[derive(Debug, Clone)]
pub struct Outcome<S> {
    pub id: i64,
    pub state: S,
    pub seq: i64,
}

/// Renders the documents a change issues (the inspection record when it closes), inside the
/// transaction: if rendering fails, nothing is committed.
pub type DocumentMaker<'a> =
    &'a dyn Fn(&InspectionSummary, &Inspection, &[InspectionEvent]) -> Result<Vec<NewDocument>, StoreError>;

/// Renders the documents a sanction command issues (the resolution), given the case's id, its
/// state after the command, the events, and the inspection it came from.
pub type SanctionDocumentMaker<'a> =
    &'a dyn Fn(i64, &Sanction, &[sanction::Event], Option<&InspectionSummary>) -> Result<Vec<NewDocument>, StoreError>;

fn domain(e: DomainError) -> StoreError {
    StoreError::Domain(e)
}

fn load_json<T: serde::de::DeserializeOwned>(tx: &mut dyn Tx, sql: &str, id: i64) -> Result<Option<T>, StoreError> {
    let sql = format!("{sql}{}", tx.dialect().for_update());
    match tx.query_one(&sql, &[id.into()])? {
        Some(r) => Ok(Some(serde_json::from_str(&r.string(0)?)?)),
        None => Ok(None),
    }
}

fn summary_in(tx: &mut dyn Tx, id: i64) -> Result<InspectionSummary, StoreError> {
    let r = tx
        .query_one(
            &format!("SELECT {SUMMARY_COLUMNS} {SUMMARY_FROM} WHERE i.id = ?"),
            &[id.into()],
        )?
        .ok_or_else(|| StoreError::NotFound(format!("inspection {id}")))?;
    summary_row(&r)
}

pub(crate) fn matters_text(s: &Inspection) -> String {
    s.matters.iter().map(|m| m.code()).collect::<Vec<_>>().join(",")
}

pub(crate) fn is_protected(s: &Inspection) -> bool {
    s.matters.iter().any(|m| m.is_protected()) || !s.referrals.is_empty()
}

/// Where an inspection's workplace is: the registry facts its read rows copy.
#[derive(Debug, Clone)]
pub(crate) struct Place {
    pub(crate) employer_id: i64,
    pub(crate) state: String,
    pub(crate) sector: String,
}

/// Writes the read row of an inspection (insert when new) and returns its id. `json` is the
/// state serialized (the bulk load has it already).
pub(crate) fn write_inspection_row(
    tx: &mut dyn Tx,
    id: Option<i64>,
    s: &Inspection,
    json: &str,
    place: &Place,
    seq: i64,
) -> Result<i64, StoreError> {
    let (employer_id, state, sector) = (place.employer_id, place.state.as_str(), place.sector.as_str());
    let order = s.order.as_ref();
    let record_closed = s.record.as_ref().map(|r| timestamp(r.closed_at));
    let values: Vec<Value> = vec![
        s.status.code().into(),
        matters_text(s).into(),
        is_protected(s).into(),
        order.map(|o| o.inspector_id).into(),
        order.map(|o| o.number.clone()).into(),
        s.visit_at.map(timestamp).into(),
        s.started_at.map(timestamp).into(),
        record_closed.into(),
        s.ended_at.map(timestamp).into(),
        i64::try_from(s.findings().len()).unwrap_or(i64::MAX).into(),
        s.next_deadline().map(|d| d.to_string()).into(),
        json.into(),
        seq.into(),
    ];
    match id {
        Some(id) => {
            let mut params = values;
            params.push(id.into());
            tx.execute(
                "UPDATE inspections SET status = ?, matters = ?, protected = ?, inspector_id = ?, order_number = ?,
                     visit_at = ?, started_at = ?, record_closed_at = ?, ended_at = ?, findings = ?, next_deadline = ?,
                     state_json = ?, updated_seq = ?
                 WHERE id = ?",
                &params,
            )?;
            Ok(id)
        }
        None => {
            let mut params: Vec<Value> = vec![
                s.workplace_id.into(),
                employer_id.into(),
                s.jurisdiction.code().into(),
                state.into(),
                sector.into(),
                s.kind.code().into(),
                s.origin.code().into(),
                s.program_id.into(),
                s.planned_for.to_string().into(),
            ];
            params.extend(values);
            params.push(seq.into());
            let row = tx
                .query_one(
                    "INSERT INTO inspections (workplace_id, employer_id, jurisdiction, state, sector, kind, origin,
                         program_id, planned_for, status, matters, protected, inspector_id, order_number, visit_at,
                         started_at, record_closed_at, ended_at, findings, next_deadline, state_json, updated_seq,
                         created_seq)
                     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                     RETURNING id",
                    &params,
                )?
                .ok_or_else(|| StoreError::Corrupt("an inspection insert returned no id".into()))?;
            row.i64(0)
        }
    }
}

pub(crate) fn write_findings(tx: &mut dyn Tx, id: i64, s: &Inspection, employer_id: i64) -> Result<(), StoreError> {
    let Some(record) = &s.record else { return Ok(()) };
    let date = record.closed_at.date_naive().to_string();
    for f in &record.findings {
        tx.execute(
            "INSERT INTO inspection_findings (inspection_id, question_id, workplace_id, employer_id, matter, violation,
                 article, affected_workers, record_date)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            &[
                id.into(),
                f.question_id.clone().into(),
                s.workplace_id.into(),
                employer_id.into(),
                f.matter.code().into(),
                f.violation.clone().into(),
                f.article.clone().into(),
                f.affected_workers.into(),
                date.clone().into(),
            ],
        )?;
    }
    Ok(())
}

/// The inspection a follow-on case (referral, sanction) comes from.
struct Origin<'a> {
    inspection_id: i64,
    inspection: &'a Inspection,
    employer_id: i64,
    state: &'a str,
    sector: &'a str,
}

/// Inserts a referral's read row; returns its id.
pub(crate) fn insert_referral(tx: &mut dyn Tx, r: &Referral, seq: i64) -> Result<i64, StoreError> {
    let row = tx
        .query_one(
            "INSERT INTO referrals (inspection_id, workplace_id, jurisdiction, authority, matter, status, opened_at,
                 send_by, follow_up_by, closed_at, state_json, created_seq, updated_seq)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
            &[
                r.inspection_id.into(),
                r.workplace_id.into(),
                r.jurisdiction.code().into(),
                r.authority.code().into(),
                r.matter.code().into(),
                r.status.code().into(),
                timestamp(r.opened_at).into(),
                timestamp(r.send_by).into(),
                r.follow_up_by.map(|d| d.to_string()).into(),
                r.closed_at.map(timestamp).into(),
                serde_json::to_string(r)?.into(),
                seq.into(),
                seq.into(),
            ],
        )?
        .ok_or_else(|| StoreError::Corrupt("a referral insert returned no id".into()))?;
    row.i64(0)
}

/// Opens a referral case inside the transaction; returns its id.
fn open_referral(
    tx: &mut dyn Tx,
    law: &Law,
    events: &mut EventWriter<'_>,
    now: DateTime<Utc>,
    origin: &Origin<'_>,
    (authority, matter, question_id): (inspection::ReferralAuthority, inspection::Matter, &str),
) -> Result<i64, StoreError> {
    let (inspection_id, s) = (origin.inspection_id, origin.inspection);
    let exists = tx.query_one(
        "SELECT id FROM referrals WHERE inspection_id = ? AND authority = ?",
        &[inspection_id.into(), authority.code().into()],
    )?;
    if let Some(r) = exists {
        return r.i64(0);
    }
    let cmd = referral::Command::Open {
        inspection_id,
        workplace_id: s.workplace_id,
        jurisdiction: s.jurisdiction,
        authority,
        matter,
        question_id: question_id.to_string(),
    };
    let (evs, state) = referral::execute(None, &cmd, &law.referral_ctx(now)).map_err(domain)?;
    let seq = events.peek_seq(tx)?;
    let rid = insert_referral(tx, &state, seq)?;
    let subject = format!("referral/{rid}");
    for e in &evs {
        events.append(tx, s.jurisdiction, e.kind(), &subject, e)?;
    }
    Ok(rid)
}

pub(crate) fn write_sanction_row(
    tx: &mut dyn Tx,
    id: Option<i64>,
    s: &Sanction,
    state: &str,
    sector: &str,
    seq: i64,
) -> Result<i64, StoreError> {
    let common: Vec<Value> = vec![
        s.status.code().into(),
        s.next_deadline().map(|d| d.to_string()).into(),
        s.resolved_at.map(|t| t.date_naive().to_string()).into(),
        s.final_on.map(|d| d.to_string()).into(),
        s.imposed().centavos().into(),
        s.paid().centavos().into(),
        serde_json::to_string(s)?.into(),
        seq.into(),
    ];
    match id {
        Some(id) => {
            let mut p = common;
            p.push(id.into());
            tx.execute(
                "UPDATE sanctions SET status = ?, next_deadline = ?, resolved_on = ?, final_on = ?, imposed = ?, paid = ?,
                     state_json = ?, updated_seq = ? WHERE id = ?",
                &p,
            )?;
            Ok(id)
        }
        None => {
            let mut p: Vec<Value> = vec![
                s.inspection_id.into(),
                s.workplace_id.into(),
                s.employer_id.into(),
                s.jurisdiction.code().into(),
                state.into(),
                sector.into(),
                timestamp(s.opened_at).into(),
            ];
            p.extend(common);
            p.push(seq.into());
            let row = tx
                .query_one(
                    "INSERT INTO sanctions (inspection_id, workplace_id, employer_id, jurisdiction, state, sector, opened_at,
                         status, next_deadline, resolved_on, final_on, imposed, paid, state_json, updated_seq, created_seq)
                     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                    &p,
                )?
                .ok_or_else(|| StoreError::Corrupt("a sanction insert returned no id".into()))?;
            row.i64(0)
        }
    }
}

pub(crate) fn write_fines(tx: &mut dyn Tx, id: i64, s: &Sanction) -> Result<(), StoreError> {
    tx.execute("DELETE FROM fines WHERE sanction_id = ?", &[id.into()])?;
    let overturned = s.status == sanction::Status::Annulled;
    for f in &s.fines {
        tx.execute(
            "INSERT INTO fines (sanction_id, number, employer_id, violation, article, acta_date, workers, per_worker_uma,
                 amount, repeat_offence, overturned)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            &[
                id.into(),
                f.number.into(),
                s.employer_id.into(),
                f.violation.clone().into(),
                f.article.clone().into(),
                s.acta_date.to_string().into(),
                f.workers.into(),
                f.per_worker_uma.into(),
                f.amount.centavos().into(),
                f.repeat_offence.into(),
                overturned.into(),
            ],
        )?;
    }
    Ok(())
}

fn open_sanction(
    tx: &mut dyn Tx,
    law: &Law,
    events: &mut EventWriter<'_>,
    now: DateTime<Utc>,
    origin: &Origin<'_>,
) -> Result<i64, StoreError> {
    let (inspection_id, s, employer_id, state, sector) = (
        origin.inspection_id,
        origin.inspection,
        origin.employer_id,
        origin.state,
        origin.sector,
    );
    let findings = match s.record.as_ref() {
        Some(_) => s.unresolved_findings().into_iter().cloned().collect(),
        None => Vec::new(),
    };
    let acta_date = s
        .record
        .as_ref()
        .map(|r| r.closed_at.date_naive())
        .unwrap_or(now.date_naive());
    let cmd = sanction::Command::Open {
        inspection_id,
        workplace_id: s.workplace_id,
        employer_id,
        jurisdiction: s.jurisdiction,
        acta_date,
        findings,
    };
    let (evs, st) = sanction::execute(None, &cmd, &law.sanction_ctx(now)).map_err(domain)?;
    let seq = events.peek_seq(tx)?;
    let sid = write_sanction_row(tx, None, &st, state, sector, seq)?;
    rollup::fines(tx, &st, state, sector, 1)?;
    let subject = format!("sanction/{sid}");
    for e in &evs {
        events.append(tx, s.jurisdiction, e.kind(), &subject, e)?;
    }
    Ok(sid)
}

/// Runs one command on an inspection (or programs a new one) inside the caller's transaction,
/// appending its events with `events`: [`Store::inspection_command`] in one transaction of its
/// own, and the acceptance of a plan for all its inspections at once.
pub(crate) fn inspection_command_in(
    tx: &mut dyn Tx,
    law: &Law,
    events: &mut EventWriter<'_>,
    now: DateTime<Utc>,
    target: Target,
    command: &inspection::Command,
    documents: Option<DocumentMaker<'_>>,
) -> Result<Outcome<Inspection>, StoreError> {
    let seq = events.peek_seq(tx)?;
    let (id, current, employer_id, state, sector) = match target {
        Target::Existing(id) => {
            let r = tx
                .query_one(
                    &format!(
                        "SELECT state_json, employer_id, state, sector FROM inspections WHERE id = ?{}",
                        tx.dialect().for_update()
                    ),
                    &[id.into()],
                )?
                .ok_or_else(|| StoreError::NotFound(format!("inspection {id}")))?;
            let current: Inspection = serde_json::from_str(&r.string(0)?)?;
            (Some(id), Some(current), r.i64(1)?, r.string(2)?, r.string(3)?)
        }
        Target::New => {
            let inspection::Command::Program { workplace_id, .. } = command else {
                return Err(domain(DomainError::new(
                    "inspection.not_found",
                    "only a programmed inspection can be created",
                )));
            };
            let r = tx
                .query_one(
                    "SELECT employer_id, state, scian_class FROM workplaces WHERE id = ?",
                    &[(*workplace_id).into()],
                )?
                .ok_or_else(|| StoreError::NotFound(format!("workplace {workplace_id}")))?;
            let scian = r.string(2)?;
            (None, None, r.i64(0)?, r.string(1)?, scian.chars().take(2).collect())
        }
    };
    let (evs, next) = inspection::execute(current.as_ref(), command, &law.inspection_ctx(now)).map_err(domain)?;
    if let Some(old) = &current {
        rollup::inspection(tx, old, &state, &sector, -1)?;
    }
    let place = Place {
        employer_id,
        state: state.clone(),
        sector: sector.clone(),
    };
    let id = write_inspection_row(tx, id, &next, &serde_json::to_string(&next)?, &place, seq)?;
    rollup::inspection(tx, &next, &state, &sector, 1)?;
    let subject = format!("inspection/{id}");
    for e in &evs {
        events.append(tx, next.jurisdiction, e.kind(), &subject, e)?;
    }
    let origin = Origin {
        inspection_id: id,
        inspection: &next,
        employer_id,
        state: &state,
        sector: &sector,
    };
    for e in &evs {
        match e {
            InspectionEvent::RecordClosed { .. } => write_findings(tx, id, &next, employer_id)?,
            InspectionEvent::ReferralRequired {
                authority,
                question_id,
                matter,
                ..
            } => {
                open_referral(tx, law, events, now, &origin, (*authority, *matter, question_id))?;
            }
            InspectionEvent::SentToSanction { .. } => {
                open_sanction(tx, law, events, now, &origin)?;
            }
            _ => {}
        }
    }
    if let Some(make) = documents {
        let summary = summary_in(tx, id)?;
        for doc in make(&summary, &next, &evs)? {
            insert_document(tx, events, next.jurisdiction, &subject, &doc)?;
        }
    }
    Ok(Outcome {
        id,
        state: next,
        seq: events.first_seq.unwrap_or(seq),
    })
}

impl Store {
    /// Runs one command on an inspection (or programs a new one).
    pub fn inspection_command(
        &self,
        law: &Law,
        actor: &Actor,
        now: DateTime<Utc>,
        target: Target,
        command: &inspection::Command,
        documents: Option<DocumentMaker<'_>>,
    ) -> Result<Outcome<Inspection>, StoreError> {
        self.write(|tx| {
            let mut events = EventWriter::new(actor, timestamp(now));
            inspection_command_in(tx, law, &mut events, now, target, command, documents)
        })
    }

    pub fn inspection(&self, id: i64) -> Result<Option<(InspectionSummary, Inspection)>, StoreError> {
        self.read(|tx| {
            let Some(r) = tx.query_one(
                &format!("SELECT {SUMMARY_COLUMNS}, i.state_json {SUMMARY_FROM} WHERE i.id = ?"),
                &[id.into()],
            )?
            else {
                return Ok(None);
            };
            let summary = summary_row(&r)?;
            let state: Inspection = serde_json::from_str(&r.string(24)?)?;
            Ok(Some((summary, state)))
        })
    }

    pub fn inspections(&self, f: &InspectionFilter) -> Result<Vec<InspectionSummary>, StoreError> {
        let mut sql = format!("SELECT {SUMMARY_COLUMNS} {SUMMARY_FROM} WHERE 1 = 1");
        let mut params: Vec<Value> = Vec::new();
        if let Some(j) = f.jurisdiction {
            if j != Jurisdiction::Federal {
                sql.push_str(" AND i.jurisdiction = ?");
                params.push(j.code().into());
            }
        }
        if let Some(s) = f.status {
            sql.push_str(" AND i.status = ?");
            params.push(s.code().into());
        }
        if f.open_only {
            sql.push_str(" AND i.status NOT IN ('closed', 'sent_to_sanction', 'cancelled')");
        }
        if let Some(v) = f.inspector_id {
            sql.push_str(" AND i.inspector_id = ?");
            params.push(v.into());
        }
        if let Some(v) = f.workplace_id {
            sql.push_str(" AND i.workplace_id = ?");
            params.push(v.into());
        }
        if let Some(v) = f.employer_id {
            sql.push_str(" AND i.employer_id = ?");
            params.push(v.into());
        }
        if let Some(d) = f.deadline_by {
            sql.push_str(" AND i.next_deadline <= ?");
            params.push(d.to_string().into());
        }
        if !f.include_protected {
            sql.push_str(" AND i.protected = 0");
        }
        if let Some(b) = f.before_id {
            sql.push_str(" AND i.id < ?");
            params.push(b.into());
        }
        sql.push_str(" ORDER BY i.id DESC LIMIT ?");
        params.push(i64::from(f.limit.clamp(1, 500)).into());
        self.read(|tx| tx.query(&sql, &params)?.iter().map(summary_row).collect())
    }

    /// Runs one command on a referral case.
    pub fn referral_command(
        &self,
        law: &Law,
        actor: &Actor,
        now: DateTime<Utc>,
        id: i64,
        command: &referral::Command,
    ) -> Result<Outcome<Referral>, StoreError> {
        self.write(|tx| {
            let mut events = EventWriter::new(actor, timestamp(now));
            let seq = events.peek_seq(tx)?;
            let current: Referral = load_json(tx, "SELECT state_json FROM referrals WHERE id = ?", id)?
                .ok_or_else(|| StoreError::NotFound(format!("referral {id}")))?;
            let (evs, next) = referral::execute(Some(&current), command, &law.referral_ctx(now)).map_err(domain)?;
            tx.execute(
                "UPDATE referrals SET status = ?, follow_up_by = ?, closed_at = ?, state_json = ?, updated_seq = ?
                 WHERE id = ?",
                &[
                    next.status.code().into(),
                    next.follow_up_by.map(|d| d.to_string()).into(),
                    next.closed_at.map(timestamp).into(),
                    serde_json::to_string(&next)?.into(),
                    seq.into(),
                    id.into(),
                ],
            )?;
            let subject = format!("referral/{id}");
            for e in &evs {
                events.append(tx, next.jurisdiction, e.kind(), &subject, e)?;
            }
            Ok(Outcome { id, state: next, seq })
        })
    }

    pub fn referral(&self, id: i64) -> Result<Option<Referral>, StoreError> {
        self.read(|tx| load_json(tx, "SELECT state_json FROM referrals WHERE id = ?", id))
    }

    /// Referral cases, newest first; `jurisdiction` None or federal gives all.
    pub fn referrals(
        &self,
        jurisdiction: Option<Jurisdiction>,
        open_only: bool,
        limit: u32,
    ) -> Result<Vec<(i64, Referral)>, StoreError> {
        let mut sql = "SELECT id, state_json FROM referrals WHERE 1 = 1".to_string();
        let mut params: Vec<Value> = Vec::new();
        if let Some(j) = jurisdiction.filter(|j| *j != Jurisdiction::Federal) {
            sql.push_str(" AND jurisdiction = ?");
            params.push(j.code().into());
        }
        if open_only {
            sql.push_str(" AND status <> 'closed'");
        }
        sql.push_str(" ORDER BY id DESC LIMIT ?");
        params.push(i64::from(limit.clamp(1, 500)).into());
        self.read(|tx| {
            tx.query(&sql, &params)?
                .iter()
                .map(|r| Ok((r.i64(0)?, serde_json::from_str(&r.string(1)?)?)))
                .collect()
        })
    }

    /// Runs one command on a sanction procedure. For a resolution, the employer's earlier fines
    /// are read here and handed to core for the repeat-offence rule (LFT 992).
    pub fn sanction_command(
        &self,
        law: &Law,
        actor: &Actor,
        now: DateTime<Utc>,
        id: i64,
        command: &sanction::Command,
    ) -> Result<Outcome<Sanction>, StoreError> {
        self.sanction_command_with_documents(law, actor, now, id, command, None)
    }

    /// [`Store::sanction_command`], also storing the documents the change issues (the resolution's
    /// PDF), rendered inside the transaction: a failed rendering commits nothing.
    pub fn sanction_command_with_documents(
        &self,
        law: &Law,
        actor: &Actor,
        now: DateTime<Utc>,
        id: i64,
        command: &sanction::Command,
        documents: Option<SanctionDocumentMaker<'_>>,
    ) -> Result<Outcome<Sanction>, StoreError> {
        self.write(|tx| {
            let mut events = EventWriter::new(actor, timestamp(now));
            let seq = events.peek_seq(tx)?;
            let r = tx
                .query_one(
                    &format!(
                        "SELECT state_json, state, sector FROM sanctions WHERE id = ?{}",
                        tx.dialect().for_update()
                    ),
                    &[id.into()],
                )?
                .ok_or_else(|| StoreError::NotFound(format!("sanction {id}")))?;
            let current: Sanction = serde_json::from_str(&r.string(0)?)?;
            let (state, sector) = (r.string(1)?, r.string(2)?);
            let command = match command {
                sanction::Command::Resolve { folio, decisions, .. } => {
                    let prior = tx
                        .query(
                            "SELECT violation, acta_date, per_worker_uma, overturned FROM fines
                             WHERE employer_id = ? AND sanction_id <> ?",
                            &[current.employer_id.into(), id.into()],
                        )?
                        .iter()
                        .map(|r| {
                            Ok(PriorFineRecord {
                                violation: r.string(0)?,
                                acta_date: r
                                    .string(1)?
                                    .parse()
                                    .map_err(|_| StoreError::Corrupt("a fine's acta date is not a date".into()))?,
                                per_worker_uma: u32::try_from(r.i64(2)?).unwrap_or(u32::MAX),
                                overturned: r.i64(3)? != 0,
                            })
                        })
                        .collect::<Result<Vec<_>, StoreError>>()?;
                    sanction::Command::Resolve {
                        folio: folio.clone(),
                        decisions: decisions.clone(),
                        prior,
                    }
                }
                other => other.clone(),
            };
            let (evs, next) = sanction::execute(Some(&current), &command, &law.sanction_ctx(now)).map_err(domain)?;
            rollup::fines(tx, &current, &state, &sector, -1)?;
            write_sanction_row(tx, Some(id), &next, &state, &sector, seq)?;
            rollup::fines(tx, &next, &state, &sector, 1)?;
            if evs.iter().any(|e| {
                matches!(
                    e,
                    sanction::Event::Resolved { .. } | sanction::Event::AppealDecided { .. }
                )
            }) {
                write_fines(tx, id, &next)?;
            }
            let subject = format!("sanction/{id}");
            for e in &evs {
                events.append(tx, next.jurisdiction, e.kind(), &subject, e)?;
            }
            if let Some(make) = documents {
                let summary = summary_in(tx, next.inspection_id).ok();
                for doc in make(id, &next, &evs, summary.as_ref())? {
                    insert_document(tx, &mut events, next.jurisdiction, &subject, &doc)?;
                }
            }
            Ok(Outcome { id, state: next, seq })
        })
    }

    pub fn sanction(&self, id: i64) -> Result<Option<Sanction>, StoreError> {
        self.read(|tx| load_json(tx, "SELECT state_json FROM sanctions WHERE id = ?", id))
    }

    /// The sanction procedure an inspection was sent to, if any.
    pub fn sanction_of_inspection(&self, inspection_id: i64) -> Result<Option<(i64, Sanction)>, StoreError> {
        self.read(|tx| {
            tx.query_one(
                "SELECT id, state_json FROM sanctions WHERE inspection_id = ?",
                &[inspection_id.into()],
            )?
            .map(|r| Ok((r.i64(0)?, serde_json::from_str(&r.string(1)?)?)))
            .transpose()
        })
    }

    /// Sanction procedures, newest first.
    pub fn sanctions(
        &self,
        jurisdiction: Option<Jurisdiction>,
        status: Option<sanction::Status>,
        limit: u32,
    ) -> Result<Vec<(i64, Sanction)>, StoreError> {
        let mut sql = "SELECT id, state_json FROM sanctions WHERE 1 = 1".to_string();
        let mut params: Vec<Value> = Vec::new();
        if let Some(j) = jurisdiction.filter(|j| *j != Jurisdiction::Federal) {
            sql.push_str(" AND jurisdiction = ?");
            params.push(j.code().into());
        }
        if let Some(s) = status {
            sql.push_str(" AND status = ?");
            params.push(s.code().into());
        }
        sql.push_str(" ORDER BY id DESC LIMIT ?");
        params.push(i64::from(limit.clamp(1, 500)).into());
        self.read(|tx| {
            tx.query(&sql, &params)?
                .iter()
                .map(|r| Ok((r.i64(0)?, serde_json::from_str(&r.string(1)?)?)))
                .collect()
        })
    }

    /// The referral cases an inspection opened.
    pub fn referrals_of_inspection(&self, inspection_id: i64) -> Result<Vec<(i64, Referral)>, StoreError> {
        self.read(|tx| {
            tx.query(
                "SELECT id, state_json FROM referrals WHERE inspection_id = ? ORDER BY id",
                &[inspection_id.into()],
            )?
            .iter()
            .map(|r| Ok((r.i64(0)?, serde_json::from_str(&r.string(1)?)?)))
            .collect()
        })
    }

    /// Stores an attachment's bytes under their SHA-256 (idempotent) and returns the hash.
    pub fn put_attachment(
        &self,
        actor: &Actor,
        now: DateTime<Utc>,
        jurisdiction: Jurisdiction,
        media_type: &str,
        bytes: &[u8],
    ) -> Result<String, StoreError> {
        use sha2::{Digest, Sha256};
        let hash = hex::encode(Sha256::digest(bytes));
        self.write(|tx| {
            if tx
                .query_one(
                    "SELECT sha256 FROM attachments WHERE sha256 = ?",
                    &[hash.clone().into()],
                )?
                .is_some()
            {
                return Ok(hash.clone());
            }
            let mut events = EventWriter::new(actor, timestamp(now));
            let seq = events.peek_seq(tx)?;
            tx.execute(
                "INSERT INTO attachments (sha256, media_type, size, bytes, created_seq) VALUES (?, ?, ?, ?, ?)",
                &[
                    hash.clone().into(),
                    media_type.into(),
                    i64::try_from(bytes.len()).unwrap_or(i64::MAX).into(),
                    bytes.to_vec().into(),
                    seq.into(),
                ],
            )?;
            events.append(
                tx,
                jurisdiction,
                "attachment.stored",
                &format!("attachment/{hash}"),
                &serde_json::json!({ "sha256": hash, "media_type": media_type, "size": bytes.len() }),
            )?;
            Ok(hash.clone())
        })
    }

    /// An attachment's media type and bytes.
    pub fn attachment(&self, sha256: &str) -> Result<Option<(String, Vec<u8>)>, StoreError> {
        self.read(|tx| {
            tx.query_one(
                "SELECT media_type, bytes FROM attachments WHERE sha256 = ?",
                &[sha256.into()],
            )?
            .map(|r| Ok((r.string(0)?, r.bytes(1)?)))
            .transpose()
        })
    }
}
