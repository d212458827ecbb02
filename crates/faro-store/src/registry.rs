//! The employer and workplace registry: projections of registry events, and the queries behind
//! search and the detail pages.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use faro_core::event::kinds;
use faro_core::registry::{BatchEvent, DecidedBatch, EmployerDraft, RegistryBatch, WorkplaceDraft};
use faro_core::text::normalize;
use faro_core::{Actor, Jurisdiction, StateCode};
use serde::Serialize;

use crate::events::{append, append_next, next_seq, Append};
use crate::tx::{Backend, Tx};
use crate::{timestamp, Store, StoreError, Value};

/// What a batch import did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct BatchOutcome {
    pub seq: i64,
    pub employers: u64,
    pub workplaces: u64,
}

/// Inserts an employer, or updates the one with the same key; returns its id.
pub(crate) const UPSERT_EMPLOYER: &str =
    "INSERT INTO employers (key, rfc, name, name_norm, legal_form, person_kind, created_seq, updated_seq)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (key) DO UPDATE SET rfc = excluded.rfc, name = excluded.name, name_norm = excluded.name_norm,
         legal_form = excluded.legal_form, person_kind = excluded.person_kind, updated_seq = excluded.updated_seq
     RETURNING id";

/// Inserts a workplace, or updates the one with the same source key; returns its id.
pub(crate) const UPSERT_WORKPLACE: &str =
    "INSERT INTO workplaces (source_key, employer_id, name, search_text, denue_id, street, exterior_number,
         settlement, postal_code, locality, state, municipality, scian_class, size_band, headcount,
         latitude, longitude, registered_on, created_seq, updated_seq)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (source_key) DO UPDATE SET employer_id = excluded.employer_id, name = excluded.name,
         search_text = excluded.search_text, denue_id = excluded.denue_id, street = excluded.street,
         exterior_number = excluded.exterior_number, settlement = excluded.settlement,
         postal_code = excluded.postal_code, locality = excluded.locality, state = excluded.state,
         municipality = excluded.municipality, scian_class = excluded.scian_class,
         size_band = excluded.size_band, headcount = excluded.headcount, latitude = excluded.latitude,
         longitude = excluded.longitude, registered_on = excluded.registered_on,
         updated_seq = excluded.updated_seq
     RETURNING id";

/// The id and indexed text of a workplace, by its source key (before an upsert, to keep the
/// SQLite full-text index in step).
pub(crate) const WORKPLACE_BY_KEY: &str = "SELECT id, search_text FROM workplaces WHERE source_key = ?";
/// Adds a workplace's text to SQLite's full-text index.
pub(crate) const FTS_INSERT: &str = "INSERT INTO workplace_fts (rowid, search_text) VALUES (?, ?)";
/// Removes a workplace's old text from SQLite's full-text index (external-content FTS5 needs the
/// old text to remove it).
pub(crate) const FTS_DELETE: &str =
    "INSERT INTO workplace_fts (workplace_fts, rowid, search_text) VALUES ('delete', ?, ?)";

/// The statements that keep SQLite's full-text index in step after a workplace is written,
/// given its indexed text before (none for a new row) and now: each with the text it binds
/// after the row id. Nothing when the text did not change.
pub(crate) fn fts_writes<'a>(before: Option<&'a str>, text: &'a str) -> Vec<(&'static str, &'a str)> {
    match before {
        None => vec![(FTS_INSERT, text)],
        Some(old) if old == text => Vec::new(),
        Some(old) => vec![(FTS_DELETE, old), (FTS_INSERT, text)],
    }
}

fn upsert_employer(tx: &mut dyn Tx, seq: i64, key: &str, e: &EmployerDraft) -> Result<i64, StoreError> {
    let row = tx
        .query_one(
            UPSERT_EMPLOYER,
            &[
                key.into(),
                e.rfc.clone().into(),
                e.name.clone().into(),
                normalize(&e.name).into(),
                e.legal_form.clone().into(),
                e.person_kind.code().into(),
                seq.into(),
                seq.into(),
            ],
        )?
        .ok_or_else(|| StoreError::Corrupt("an employer upsert returned no id".into()))?;
    row.i64(0)
}

pub(crate) fn employer_id_by_key(tx: &mut dyn Tx, key: &str) -> Result<Option<i64>, StoreError> {
    tx.query_one("SELECT id FROM employers WHERE key = ?", &[key.into()])?
        .map(|r| r.i64(0))
        .transpose()
}

pub(crate) fn search_text(w: &WorkplaceDraft, employer_name: &str) -> String {
    let mut s = normalize(&w.name);
    let e = normalize(employer_name);
    if !e.is_empty() && e != s {
        s.push(' ');
        s.push_str(&e);
    }
    s
}

fn upsert_workplace(
    tx: &mut dyn Tx,
    seq: i64,
    employer_id: i64,
    employer_name: &str,
    w: &WorkplaceDraft,
) -> Result<i64, StoreError> {
    let text = search_text(w, employer_name);
    let before = if tx.backend() == Backend::Sqlite {
        tx.query_one(WORKPLACE_BY_KEY, &[w.source_key.clone().into()])?
            .map(|r| r.string(1))
            .transpose()?
    } else {
        None
    };
    let row = tx
        .query_one(
            UPSERT_WORKPLACE,
            &[
                w.source_key.clone().into(),
                employer_id.into(),
                w.name.clone().into(),
                text.clone().into(),
                w.denue_id.into(),
                w.street.clone().into(),
                w.exterior_number.clone().into(),
                w.settlement.clone().into(),
                w.postal_code.clone().into(),
                w.locality.clone().into(),
                w.state.as_str().into(),
                w.municipality.clone().into(),
                w.scian_class.clone().into(),
                w.size_band.code().into(),
                w.headcount.into(),
                w.latitude.into(),
                w.longitude.into(),
                w.registered_on.map(|d| d.to_string()).into(),
                seq.into(),
                seq.into(),
            ],
        )?
        .ok_or_else(|| StoreError::Corrupt("a workplace upsert returned no id".into()))?;
    let id = row.i64(0)?;
    if tx.backend() == Backend::Sqlite {
        for (sql, indexed) in fts_writes(before.as_deref(), &text) {
            tx.execute(sql, &[id.into(), indexed.into()])?;
        }
    }
    Ok(id)
}

/// The batch import written against [`Tx`], for any backend (SQLite has a faster path in
/// `bulk.rs` that writes the same rows and the same event).
fn import_batch_portable(tx: &mut dyn Tx, ev: Append<'_>, batch: &RegistryBatch) -> Result<BatchOutcome, StoreError> {
    let (seq, prev) = next_seq(tx)?;
    let mut ids: HashMap<&str, (i64, &str)> = HashMap::with_capacity(batch.employers.len());
    for (key, e) in &batch.employers {
        let id = upsert_employer(tx, seq, key, e)?;
        ids.insert(key.as_str(), (id, e.name.as_str()));
    }
    for (employer_key, w) in &batch.workplaces {
        let registered;
        let (employer_id, employer_name) = match ids.get(employer_key.as_str()) {
            Some(found) => *found,
            None => {
                registered = registered_employer(tx, employer_key, &w.source_key)?;
                (registered.0, registered.1.as_str())
            }
        };
        upsert_workplace(tx, seq, employer_id, employer_name, w)?;
    }
    append(tx, seq, &prev, ev)?;
    Ok(BatchOutcome {
        seq,
        employers: batch.employers.len() as u64,
        workplaces: batch.workplaces.len() as u64,
    })
}

/// The id and name of an employer a batch names but does not carry: it must be registered already.
/// The name goes into the workplace's search text, as for every other workplace.
pub(crate) fn registered_employer(
    tx: &mut dyn Tx,
    employer_key: &str,
    workplace_key: &str,
) -> Result<(i64, String), StoreError> {
    let row = tx
        .query_one("SELECT id, name FROM employers WHERE key = ?", &[employer_key.into()])?
        .ok_or_else(|| {
            StoreError::NotFound(format!(
                "workplace {workplace_key} names employer {employer_key}, which is neither in the batch nor registered"
            ))
        })?;
    Ok((row.i64(0)?, row.string(1)?))
}

impl Store {
    /// Loads a batch of employers and workplaces (DENUE, the demo) as one event and its projection.
    /// Re-importing the same source keys updates the rows instead of duplicating them.
    pub fn import_batch(
        &self,
        actor: &Actor,
        at: DateTime<Utc>,
        batch: &RegistryBatch,
    ) -> Result<BatchOutcome, StoreError> {
        let event = faro_core::registry::decide_import_batch(batch)?;
        self.import_with_event(actor, at, batch, &event)
    }

    /// Stores a batch whose event was decided beforehand (for example on the thread that read it).
    pub fn import_decided(
        &self,
        actor: &Actor,
        at: DateTime<Utc>,
        decided: &DecidedBatch,
    ) -> Result<BatchOutcome, StoreError> {
        self.import_with_event(actor, at, decided.batch(), decided.event())
    }

    fn import_with_event(
        &self,
        actor: &Actor,
        at: DateTime<Utc>,
        batch: &RegistryBatch,
        event: &BatchEvent,
    ) -> Result<BatchOutcome, StoreError> {
        let stamp = timestamp(at);
        let ev = Append {
            actor,
            at: &stamp,
            jurisdiction: event.jurisdiction,
            kind: event.kind,
            subject: &event.subject,
            payload: &event.payload,
        };
        match &self.db {
            crate::Db::Sqlite(d) => d.write_conn(|conn| crate::bulk::import_batch_sqlite(conn, ev, batch)),
            crate::Db::Postgres(_) => self.write(|tx| import_batch_portable(tx, ev, batch)),
        }
    }

    /// Registers one employer. Refused if the key (RFC, or name when there is none) is taken.
    pub fn register_employer(
        &self,
        actor: &Actor,
        at: DateTime<Utc>,
        key: &str,
        draft: &EmployerDraft,
        jurisdiction: Jurisdiction,
    ) -> Result<i64, StoreError> {
        let stamp = timestamp(at);
        self.write(|tx| {
            // Lock the chain head first: on PostgreSQL this serializes concurrent registrations, so
            // the check below sees a rival's committed row instead of upserting over it.
            let (seq, prev) = next_seq(tx)?;
            if employer_id_by_key(tx, key)?.is_some() {
                return Err(StoreError::Conflict(format!(
                    "an employer with key {key} is already registered"
                )));
            }
            let id = upsert_employer(tx, seq, key, draft)?;
            let ev = faro_core::registry::decide_register_employer(draft, key, jurisdiction);
            let mut payload = ev.payload;
            payload["id"] = id.into();
            append(
                tx,
                seq,
                &prev,
                Append {
                    actor,
                    at: &stamp,
                    jurisdiction,
                    kind: kinds::EMPLOYER_REGISTERED,
                    subject: &format!("employer/{id}"),
                    payload: &serde_json::to_string(&payload)?,
                },
            )?;
            Ok(id)
        })
    }

    /// Registers one workplace of an existing employer.
    pub fn register_workplace(
        &self,
        actor: &Actor,
        at: DateTime<Utc>,
        employer_id: i64,
        draft: &WorkplaceDraft,
    ) -> Result<i64, StoreError> {
        let stamp = timestamp(at);
        self.write(|tx| {
            // Chain head first, as in `register_employer`: the uniqueness check must not race.
            let (seq, prev) = next_seq(tx)?;
            let employer = tx
                .query_one("SELECT name FROM employers WHERE id = ?", &[employer_id.into()])?
                .ok_or_else(|| StoreError::NotFound(format!("employer {employer_id}")))?;
            let employer_name = employer.string(0)?;
            if tx
                .query_one(
                    "SELECT id FROM workplaces WHERE source_key = ?",
                    &[draft.source_key.clone().into()],
                )?
                .is_some()
            {
                return Err(StoreError::Conflict(format!(
                    "workplace {} already exists",
                    draft.source_key
                )));
            }
            let id = upsert_workplace(tx, seq, employer_id, &employer_name, draft)?;
            let ev = faro_core::registry::decide_register_workplace(draft, employer_id);
            let mut payload = ev.payload;
            payload["id"] = id.into();
            append(
                tx,
                seq,
                &prev,
                Append {
                    actor,
                    at: &stamp,
                    jurisdiction: ev.jurisdiction,
                    kind: kinds::WORKPLACE_REGISTERED,
                    subject: &format!("workplace/{id}"),
                    payload: &serde_json::to_string(&payload)?,
                },
            )?;
            Ok(id)
        })
    }

    /// Appends an event that changes no read table (used by callers that only record facts).
    pub fn record_event(
        &self,
        actor: &Actor,
        at: DateTime<Utc>,
        event: &faro_core::NewEvent,
    ) -> Result<i64, StoreError> {
        let stamp = timestamp(at);
        let payload = serde_json::to_string(&event.payload)?;
        self.write(|tx| {
            append_next(
                tx,
                Append {
                    actor,
                    at: &stamp,
                    jurisdiction: event.jurisdiction,
                    kind: &event.kind,
                    subject: &event.subject,
                    payload: &payload,
                },
            )
        })
    }
}

/// Filters of a registry search. All are optional; results are ordered by id.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct WorkplaceQuery {
    /// Words of the workplace or employer name; each word matches as a prefix.
    pub text: Option<String>,
    /// An RFC, whole or its beginning.
    pub rfc: Option<String>,
    pub state: Option<StateCode>,
    pub municipality: Option<String>,
    /// SCIAN code prefix: a sector ("46"), subsector ("461") or class ("461110").
    pub scian: Option<String>,
    pub size_band: Option<String>,
    pub employer_id: Option<i64>,
    /// Keyset pagination: only ids greater than this.
    pub after_id: Option<i64>,
    pub limit: u32,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct WorkplaceSummary {
    pub id: i64,
    pub name: String,
    pub employer_id: i64,
    pub employer_name: String,
    pub employer_rfc: Option<String>,
    pub state: String,
    pub municipality: String,
    pub scian_class: String,
    pub size_band: String,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct SearchPage {
    pub items: Vec<WorkplaceSummary>,
    /// More results exist after the last item (ask again with `after_id` = its id).
    pub has_more: bool,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct WorkplaceDetail {
    pub id: i64,
    pub source_key: String,
    pub name: String,
    pub employer_id: i64,
    pub employer_name: String,
    pub employer_rfc: Option<String>,
    pub denue_id: Option<i64>,
    pub street: String,
    pub exterior_number: String,
    pub settlement: String,
    pub postal_code: String,
    pub locality: String,
    pub state: String,
    pub municipality: String,
    pub scian_class: String,
    pub size_band: String,
    pub headcount: Option<i64>,
    pub latitude: Option<f64>,
    pub longitude: Option<f64>,
    pub registered_on: Option<String>,
    pub created_seq: i64,
    pub updated_seq: i64,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct EmployerDetail {
    pub id: i64,
    pub key: String,
    pub rfc: Option<String>,
    pub name: String,
    pub legal_form: String,
    pub person_kind: String,
    pub workplace_count: i64,
    pub created_seq: i64,
    pub updated_seq: i64,
}

/// Counts shown on dashboards.
#[derive(Debug, Clone, Copy, Serialize, PartialEq, Eq)]
pub struct RegistryCounts {
    pub employers: i64,
    pub workplaces: i64,
    pub events: i64,
}

/// Turns free text into a full-text query of prefix terms, per backend. Only letters, digits and
/// Ñ/& survive normalization, so no query syntax can be injected.
fn text_terms(text: &str) -> Vec<String> {
    normalize(text)
        .split(' ')
        .filter(|t| !t.is_empty() && *t != "&")
        .take(8)
        .map(|t| t.replace('&', ""))
        .filter(|t| !t.is_empty())
        .collect()
}

fn fts_query(backend: Backend, terms: &[String]) -> String {
    match backend {
        Backend::Sqlite => terms.iter().map(|t| format!("\"{t}\"*")).collect::<Vec<_>>().join(" "),
        Backend::Postgres => terms
            .iter()
            .map(|t| format!("{}:*", t.to_lowercase()))
            .collect::<Vec<_>>()
            .join(" & "),
    }
}

const SUMMARY_COLUMNS: &str =
    "w.id, w.name, w.employer_id, e.name, e.rfc, w.state, w.municipality, w.scian_class, w.size_band";

fn summary_of(r: &crate::Row) -> Result<WorkplaceSummary, StoreError> {
    Ok(WorkplaceSummary {
        id: r.i64(0)?,
        name: r.string(1)?,
        employer_id: r.i64(2)?,
        employer_name: r.string(3)?,
        employer_rfc: r.opt_string(4)?,
        state: r.string(5)?,
        municipality: r.string(6)?,
        scian_class: r.string(7)?,
        size_band: r.string(8)?,
    })
}

/// A prefix filter that an ordinary index can serve, as `(condition, pattern)`: SQLite's LIKE is
/// case-insensitive and so cannot use a plain index, its GLOB can; PostgreSQL's LIKE can, with
/// a `text_pattern_ops` index. Only letters, digits, '&' and 'Ñ' of the prefix are kept, so
/// it never holds a wildcard of either syntax.
fn prefix_filter(backend: Backend, column: &str, prefix: &str) -> Option<(String, String)> {
    let clean: String = prefix
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '&' || *c == 'Ñ')
        .collect();
    if clean.is_empty() {
        return None;
    }
    Some(match backend {
        Backend::Sqlite => (format!("{column} GLOB ?"), format!("{clean}*")),
        Backend::Postgres => (format!("{column} LIKE ?"), format!("{clean}%")),
    })
}

fn build_search(backend: Backend, q: &WorkplaceQuery) -> (String, Vec<Value>) {
    let mut from = String::from("workplaces w JOIN employers e ON e.id = w.employer_id");
    // The column results are ordered and paged by. With a text search on SQLite it is the
    // full-text index's rowid: the index then drives the query in that order (CROSS JOIN keeps
    // the planner from looping over a filter's index and querying the full-text index per row).
    let mut order = "w.id";
    let mut wheres: Vec<String> = Vec::new();
    let mut params: Vec<Value> = Vec::new();
    if let Some(text) = &q.text {
        let terms = text_terms(text);
        if !terms.is_empty() {
            match backend {
                Backend::Sqlite => {
                    from = String::from(
                        "workplace_fts f CROSS JOIN workplaces w ON w.id = f.rowid JOIN employers e ON e.id = w.employer_id",
                    );
                    order = "f.rowid";
                    wheres.push("workplace_fts MATCH ?".into());
                }
                Backend::Postgres => {
                    wheres.push("to_tsvector('simple', w.search_text) @@ to_tsquery('simple', ?)".into());
                }
            }
            params.push(fts_query(backend, &terms).into());
        }
    }
    if let Some(rfc) = &q.rfc {
        if let Some((condition, pattern)) = prefix_filter(backend, "e.rfc", &rfc.trim().to_uppercase()) {
            wheres.push(condition);
            params.push(pattern.into());
        }
    }
    if let Some(s) = q.state {
        wheres.push("w.state = ?".into());
        params.push(s.as_str().into());
    }
    if let Some(m) = &q.municipality {
        wheres.push("w.municipality = ?".into());
        params.push(m.clone().into());
    }
    if let Some(s) = &q.scian {
        let digits: String = s.chars().filter(|c| c.is_ascii_digit()).collect();
        if let Some((condition, pattern)) = prefix_filter(backend, "w.scian_class", &digits) {
            wheres.push(condition);
            params.push(pattern.into());
        }
    }
    if let Some(b) = &q.size_band {
        wheres.push("w.size_band = ?".into());
        params.push(b.clone().into());
    }
    if let Some(e) = q.employer_id {
        wheres.push("w.employer_id = ?".into());
        params.push(e.into());
    }
    if let Some(a) = q.after_id {
        wheres.push(format!("{order} > ?"));
        params.push(a.into());
    }
    let limit = q.limit.clamp(1, 200);
    let where_sql = if wheres.is_empty() {
        String::new()
    } else {
        format!(" WHERE {}", wheres.join(" AND "))
    };
    params.push(i64::from(limit + 1).into());
    (
        format!("SELECT {SUMMARY_COLUMNS} FROM {from}{where_sql} ORDER BY {order} LIMIT ?"),
        params,
    )
}

impl Store {
    pub fn search_workplaces(&self, q: &WorkplaceQuery) -> Result<SearchPage, StoreError> {
        let (sql, params) = build_search(self.backend(), q);
        let limit = q.limit.clamp(1, 200) as usize;
        self.read(|tx| {
            let rows = tx.query(&sql, &params)?;
            let has_more = rows.len() > limit;
            let items = rows.iter().take(limit).map(summary_of).collect::<Result<Vec<_>, _>>()?;
            Ok(SearchPage { items, has_more })
        })
    }

    pub fn workplace(&self, id: i64) -> Result<Option<WorkplaceDetail>, StoreError> {
        self.read(|tx| {
            let Some(r) = tx.query_one(
                "SELECT w.id, w.source_key, w.name, w.employer_id, e.name, e.rfc, w.denue_id, w.street,
                        w.exterior_number, w.settlement, w.postal_code, w.locality, w.state, w.municipality,
                        w.scian_class, w.size_band, w.headcount, w.latitude, w.longitude, w.registered_on,
                        w.created_seq, w.updated_seq
                 FROM workplaces w JOIN employers e ON e.id = w.employer_id WHERE w.id = ?",
                &[id.into()],
            )?
            else {
                return Ok(None);
            };
            Ok(Some(WorkplaceDetail {
                id: r.i64(0)?,
                source_key: r.string(1)?,
                name: r.string(2)?,
                employer_id: r.i64(3)?,
                employer_name: r.string(4)?,
                employer_rfc: r.opt_string(5)?,
                denue_id: r.opt_i64(6)?,
                street: r.string(7)?,
                exterior_number: r.string(8)?,
                settlement: r.string(9)?,
                postal_code: r.string(10)?,
                locality: r.string(11)?,
                state: r.string(12)?,
                municipality: r.string(13)?,
                scian_class: r.string(14)?,
                size_band: r.string(15)?,
                headcount: r.opt_i64(16)?,
                latitude: r.opt_f64(17)?,
                longitude: r.opt_f64(18)?,
                registered_on: r.opt_string(19)?,
                created_seq: r.i64(20)?,
                updated_seq: r.i64(21)?,
            }))
        })
    }

    pub fn employer(&self, id: i64) -> Result<Option<EmployerDetail>, StoreError> {
        self.read(|tx| {
            let Some(r) = tx.query_one(
                "SELECT e.id, e.key, e.rfc, e.name, e.legal_form, e.person_kind, e.created_seq, e.updated_seq,
                        (SELECT COUNT(*) FROM workplaces w WHERE w.employer_id = e.id)
                 FROM employers e WHERE e.id = ?",
                &[id.into()],
            )?
            else {
                return Ok(None);
            };
            Ok(Some(EmployerDetail {
                id: r.i64(0)?,
                key: r.string(1)?,
                rfc: r.opt_string(2)?,
                name: r.string(3)?,
                legal_form: r.string(4)?,
                person_kind: r.string(5)?,
                created_seq: r.i64(6)?,
                updated_seq: r.i64(7)?,
                workplace_count: r.i64(8)?,
            }))
        })
    }

    /// Employers whose RFC is exactly `rfc`.
    pub fn employers_by_rfc(&self, rfc: &str) -> Result<Vec<i64>, StoreError> {
        self.read(|tx| {
            tx.query(
                "SELECT id FROM employers WHERE rfc = ? ORDER BY id LIMIT 50",
                &[rfc.into()],
            )?
            .iter()
            .map(|r| r.i64(0))
            .collect()
        })
    }

    pub fn counts(&self) -> Result<RegistryCounts, StoreError> {
        self.read(|tx| {
            let one = |tx: &mut dyn Tx, sql: &str| -> Result<i64, StoreError> {
                tx.query_one(sql, &[])?
                    .map(|r| r.i64(0))
                    .transpose()
                    .map(|v| v.unwrap_or(0))
            };
            Ok(RegistryCounts {
                employers: one(tx, "SELECT COUNT(*) FROM employers")?,
                workplaces: one(tx, "SELECT COUNT(*) FROM workplaces")?,
                events: one(tx, "SELECT last_seq FROM event_chain_head WHERE id = 1")?,
            })
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_terms_cannot_inject_query_syntax() {
        assert_eq!(
            text_terms("Panadería \"la\" OR * Espiga-"),
            vec!["PANADERIA", "LA", "OR", "ESPIGA"]
        );
        assert_eq!(fts_query(Backend::Sqlite, &text_terms("pan mx")), "\"PAN\"* \"MX\"*");
        assert_eq!(fts_query(Backend::Postgres, &text_terms("pan mx")), "pan:* & mx:*");
        assert!(text_terms("  & ").is_empty());
    }
}
