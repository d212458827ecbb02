//! The reads of conciliation: a case, the lists, the agenda, the conciliators' loads, the rooms,
//! the courts' lookup of constancias, and the statistics from the rollup.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use faro_core::conciliation::{Case, ConstanciaKind, Status};
use faro_core::{Jurisdiction, Role};
use serde::Serialize;

use super::row::{summary_row, SUMMARY_COLUMNS, SUMMARY_WIDTH};
use super::{constancia_of, ConciliationFilter, ConciliationRoom, ConciliationSummary};
use crate::dashboard::Month;
use crate::public::Page;
use crate::{Store, StoreError, Value};

/// A constancia de no conciliación the courts' lookup found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CertificateHit {
    pub folio: String,
    pub center: Jurisdiction,
    pub kind: ConstanciaKind,
    pub issued_on: NaiveDate,
}

/// The rollup's counts of one group (a centre, a month, a sector, or all).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct ConciliationCounts {
    pub key: String,
    /// Every case filed.
    pub cases: i64,
    /// The requests this centre handled: every case but those it forwarded to another.
    pub requests: i64,
    /// With a ratified convenio (including those later certified complied or not).
    pub settled: i64,
    /// With a constancia de no conciliación.
    pub not_conciliated: i64,
    /// Archived for the requester's absence.
    pub archived: i64,
    /// Closed as exempt from conciliation (685 Ter).
    pub exempt: i64,
    pub forwarded: i64,
    /// Concluded: settled, not conciliated, archived or exempt.
    pub closed: i64,
    /// The convenios' totals, in centavos.
    pub agreed: i64,
    /// Days from the filing to the close, summed over the closed cases.
    pub days_to_close: i64,
}

impl ConciliationCounts {
    /// The share of the cases that went through conciliation to an end (a convenio or a
    /// constancia) that ended in a convenio; `None` when there are none.
    pub fn settlement_rate(&self) -> Option<f64> {
        let base = self.settled + self.not_conciliated;
        (base > 0).then(|| self.settled as f64 / base as f64)
    }

    /// Mean days from the filing to the close; `None` when none closed.
    pub fn mean_days_to_close(&self) -> Option<f64> {
        (self.closed > 0).then(|| self.days_to_close as f64 / self.closed as f64)
    }

    fn add(&mut self, o: &ConciliationCounts) {
        self.cases += o.cases;
        self.requests += o.requests;
        self.settled += o.settled;
        self.not_conciliated += o.not_conciliated;
        self.archived += o.archived;
        self.exempt += o.exempt;
        self.forwarded += o.forwarded;
        self.closed += o.closed;
        self.agreed += o.agreed;
        self.days_to_close += o.days_to_close;
    }
}

/// The statistics of a period: in all, per centre, per month (every month of the period, empty
/// ones included) and per sector.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct ConciliationStats {
    pub total: ConciliationCounts,
    pub by_center: Vec<ConciliationCounts>,
    pub by_month: Vec<ConciliationCounts>,
    pub by_sector: Vec<ConciliationCounts>,
}

fn add_to(groups: &mut BTreeMap<String, ConciliationCounts>, key: &str, c: &ConciliationCounts) {
    groups
        .entry(key.to_string())
        .or_insert_with(|| ConciliationCounts {
            key: key.to_string(),
            ..ConciliationCounts::default()
        })
        .add(c);
}

/// The most cases one list or agenda returns.
const MAX_PAGE: u32 = 500;
const MAX_AGENDA: i64 = 2000;

impl Store {
    /// A case's read row and state.
    pub fn conciliation_case(&self, id: i64) -> Result<Option<(ConciliationSummary, Case)>, StoreError> {
        self.conciliation_case_where("c.id = ?", id.into())
    }

    /// The case with this folio (any case; letters in any case).
    pub fn conciliation_case_by_folio(&self, folio: &str) -> Result<Option<(ConciliationSummary, Case)>, StoreError> {
        self.conciliation_case_where("c.folio = ?", folio.trim().to_uppercase().into())
    }

    fn conciliation_case_where(
        &self,
        condition: &str,
        value: Value,
    ) -> Result<Option<(ConciliationSummary, Case)>, StoreError> {
        self.read(|tx| {
            let Some(r) = tx.query_one(
                &format!("SELECT {SUMMARY_COLUMNS}, c.state_json FROM conciliation_cases c WHERE {condition}"),
                &[value],
            )?
            else {
                return Ok(None);
            };
            let state: Case = serde_json::from_str(&r.string(SUMMARY_WIDTH)?)?;
            Ok(Some((summary_row(&r)?, state)))
        })
    }

    /// Cases, newest first, a page at a time.
    pub fn conciliation_cases(&self, f: &ConciliationFilter) -> Result<Page<ConciliationSummary>, StoreError> {
        let limit = f.limit.clamp(1, MAX_PAGE);
        let mut sql = format!("SELECT {SUMMARY_COLUMNS} FROM conciliation_cases c WHERE 1 = 1");
        let mut params: Vec<Value> = Vec::new();
        if let Some(c) = f.center {
            sql.push_str(" AND c.center = ?");
            params.push(c.code().into());
        }
        if let Some(s) = f.status {
            sql.push_str(" AND c.status = ?");
            params.push(s.code().into());
        }
        if let Some(id) = f.conciliator_id {
            sql.push_str(" AND c.conciliator_id = ?");
            params.push(id.into());
        }
        if let Some(d) = f.due_on_or_before {
            sql.push_str(" AND c.next_deadline <= ?");
            params.push(d.to_string().into());
        }
        if let Some(folio) = &f.folio {
            sql.push_str(" AND c.folio = ?");
            params.push(folio.trim().to_uppercase().into());
        }
        if let Some(after) = f.after {
            sql.push_str(" AND c.id < ?");
            params.push(after.into());
        }
        sql.push_str(" ORDER BY c.id DESC LIMIT ?");
        params.push(i64::from(limit + 1).into());
        self.read(|tx| {
            let rows = tx.query(&sql, &params)?;
            let more = rows.len() > limit as usize;
            let items = rows
                .iter()
                .take(limit as usize)
                .map(summary_row)
                .collect::<Result<Vec<_>, _>>()?;
            let next_after = if more { items.last().map(|i| i.id) } else { None };
            Ok(Page { items, next_after })
        })
    }

    /// The hearings of a centre (or of one of its conciliators) between two dates, inclusive, by
    /// date and time: those still to be held and those held (with their outcome). At most 2,000.
    pub fn conciliation_agenda(
        &self,
        center: Jurisdiction,
        conciliator_id: Option<i64>,
        from: NaiveDate,
        to: NaiveDate,
    ) -> Result<Vec<ConciliationSummary>, StoreError> {
        let mut sql = format!(
            "SELECT {SUMMARY_COLUMNS} FROM conciliation_cases c
             WHERE c.center = ? AND c.hearing_on >= ? AND c.hearing_on <= ?"
        );
        let mut params: Vec<Value> = vec![center.code().into(), from.to_string().into(), to.to_string().into()];
        if let Some(id) = conciliator_id {
            sql.push_str(" AND c.conciliator_id = ?");
            params.push(id.into());
        }
        sql.push_str(" ORDER BY c.hearing_on, c.hearing_time, c.id LIMIT ?");
        params.push(MAX_AGENDA.into());
        self.read(|tx| tx.query(&sql, &params)?.iter().map(summary_row).collect())
    }

    /// Every active conciliator of a centre (users with `Role::Conciliator` of that
    /// jurisdiction) and the hearings they have between two dates, inclusive: the input of
    /// `faro_core::conciliation::assign::pick_conciliator`. In user id order.
    pub fn conciliator_loads(
        &self,
        center: Jurisdiction,
        from: NaiveDate,
        to: NaiveDate,
    ) -> Result<Vec<(i64, i64)>, StoreError> {
        self.read(|tx| {
            tx.query(
                "SELECT u.id, (SELECT COUNT(*) FROM conciliation_cases c
                               WHERE c.conciliator_id = u.id AND c.hearing_on >= ? AND c.hearing_on <= ?)
                 FROM users u WHERE u.role = ? AND u.jurisdiction = ? AND u.active = 1 ORDER BY u.id",
                &[
                    from.to_string().into(),
                    to.to_string().into(),
                    Role::Conciliator.code().into(),
                    center.code().into(),
                ],
            )?
            .iter()
            .map(|r| Ok((r.i64(0)?, r.i64(1)?)))
            .collect()
        })
    }

    /// A centre's hearing rooms, by name.
    pub fn conciliation_rooms(&self, center: Jurisdiction) -> Result<Vec<ConciliationRoom>, StoreError> {
        self.read(|tx| {
            tx.query(
                "SELECT id, name, remote, active FROM conciliation_rooms WHERE center = ? ORDER BY name, id",
                &[center.code().into()],
            )?
            .iter()
            .map(|r| {
                Ok(ConciliationRoom {
                    id: r.i64(0)?,
                    center,
                    name: r.string(1)?,
                    remote: r.i64(2)? != 0,
                    active: r.i64(3)? != 0,
                })
            })
            .collect()
        })
    }

    /// The labour courts' lookup: the constancias de no conciliación issued to a party with this
    /// CURP or RFC (requester or summoned), or under this folio. Settled, archived, exempt and
    /// open cases give nothing. Oldest first.
    pub fn certificates_for(&self, identifier_or_folio: &str) -> Result<Vec<CertificateHit>, StoreError> {
        let key = identifier_or_folio.trim().to_uppercase();
        if key.is_empty() {
            return Ok(Vec::new());
        }
        let status = Status::NotConciliated.code();
        self.read(|tx| {
            let rows = tx.query(
                "SELECT c.id, c.folio, c.center, c.outcome, c.closed_on FROM conciliation_cases c
                 WHERE c.status = ? AND (c.folio = ?
                     OR c.id IN (SELECT p.case_id FROM conciliation_parties p WHERE p.identifier = ?))
                 ORDER BY c.id",
                &[status.into(), key.clone().into(), key.clone().into()],
            )?;
            rows.iter()
                .map(|r| {
                    let (center, outcome, issued) = (r.string(2)?, r.opt_string(3)?, r.opt_string(4)?);
                    let id = r.i64(0)?;
                    let bad = |what: &str| StoreError::Corrupt(format!("conciliation case {id}: no {what}"));
                    Ok(CertificateHit {
                        folio: r.string(1)?,
                        center: center.parse().map_err(|_| bad("centre"))?,
                        kind: outcome
                            .as_deref()
                            .and_then(constancia_of)
                            .ok_or_else(|| bad("constancia kind"))?,
                        issued_on: issued
                            .as_deref()
                            .and_then(|d| d.parse().ok())
                            .ok_or_else(|| bad("constancia date"))?,
                    })
                })
                .collect()
        })
    }

    /// The statistics of the months `from` to `to` (inclusive, by month of filing) of one centre,
    /// or of all when `center` is `None`, read from the rollup.
    pub fn conciliation_stats(
        &self,
        center: Option<Jurisdiction>,
        from: Month,
        to: Month,
    ) -> Result<ConciliationStats, StoreError> {
        let mut sql = "SELECT month, center, sector, cases, requests, settled, not_conciliated, archived, exempt,
                forwarded, closed, agreed, days_to_close
             FROM conciliation_rollup WHERE month >= ? AND month <= ?"
            .to_string();
        let mut params: Vec<Value> = vec![from.code().into(), to.code().into()];
        if let Some(c) = center {
            sql.push_str(" AND center = ?");
            params.push(c.code().into());
        }
        let rows = self.read(|tx| tx.query(&sql, &params))?;
        let (mut by_center, mut by_month, mut by_sector) = (BTreeMap::new(), BTreeMap::new(), BTreeMap::new());
        for m in from.through(to) {
            add_to(&mut by_month, &m.code(), &ConciliationCounts::default());
        }
        let mut total = ConciliationCounts::default();
        for r in &rows {
            let c = ConciliationCounts {
                key: String::new(),
                cases: r.i64(3)?,
                requests: r.i64(4)?,
                settled: r.i64(5)?,
                not_conciliated: r.i64(6)?,
                archived: r.i64(7)?,
                exempt: r.i64(8)?,
                forwarded: r.i64(9)?,
                closed: r.i64(10)?,
                agreed: r.i64(11)?,
                days_to_close: r.i64(12)?,
            };
            add_to(&mut by_month, &r.string(0)?, &c);
            add_to(&mut by_center, &r.string(1)?, &c);
            add_to(&mut by_sector, &r.string(2)?, &c);
            total.add(&c);
        }
        Ok(ConciliationStats {
            total,
            by_center: by_center.into_values().collect(),
            by_month: by_month.into_values().collect(),
            by_sector: by_sector.into_values().collect(),
        })
    }
}
