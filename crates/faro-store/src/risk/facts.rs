//! Reading what the risk model learns from: the registry's workplaces, the closed inspection
//! records with the matters they covered and found, the fines with their payments, and the
//! conciliation requests naming an employer. Read in pages by id, so a national registry never
//! sits in memory as rows of text.

use std::collections::HashMap;

use chrono::NaiveDate;
use faro_core::inspection::{Matter, Origin};
use faro_core::registry::SizeBand;
use faro_core::risk::{ConciliationFacts, FineFacts, History, InspectionFacts, MatterSet, WorkplaceFacts};
use serde::Deserialize;

use crate::tx::Tx;
use crate::{Store, StoreError};

const PAGE: i64 = 50_000;

fn corrupt(detail: String) -> StoreError {
    StoreError::Corrupt(detail)
}

/// The day of a stored date or RFC 3339 time ("2024-03-05" or "2024-03-05T10:00:00.000000Z").
fn day(text: &str) -> Result<NaiveDate, StoreError> {
    let d = text.get(..10).unwrap_or(text);
    NaiveDate::parse_from_str(d, "%Y-%m-%d").map_err(|_| corrupt(format!("'{text}' is not a date")))
}

/// The municipality's INEGI key as a number: the stored key ("14039"), or the state's code and
/// the municipality's three digits where only those were stored.
fn municipality_key(state: &str, municipality: &str) -> u32 {
    let m: u32 = municipality.trim().parse().unwrap_or(0);
    if municipality.trim().len() <= 3 {
        state.trim().parse::<u32>().unwrap_or(0) * 1000 + m
    } else {
        m
    }
}

/// Which rows to read: all, or those of a set of employers.
#[derive(Clone, Copy)]
enum Scope<'a> {
    All,
    Employers(&'a [i64]),
}

impl Scope<'_> {
    /// The extra condition and its parameters.
    fn condition(self, column: &str) -> (String, Vec<crate::Value>) {
        match self {
            Scope::All => (String::new(), Vec::new()),
            Scope::Employers(ids) => {
                let marks = vec!["?"; ids.len()].join(", ");
                (
                    format!(" AND {column} IN ({marks})"),
                    ids.iter().map(|&id| id.into()).collect(),
                )
            }
        }
    }
}

/// Employers per query of a scoped read: far under the bound-parameter limits of both backends.
const EMPLOYERS_PER_QUERY: usize = 500;

/// Runs a paged query: `sql` has `{scope}` where the scope's condition goes, and ends with
/// `ORDER BY id LIMIT ?` after `id > ?`. A large set of employers is read in chunks.
fn paged(
    tx: &mut dyn Tx,
    sql: &str,
    scope: Scope,
    column: &str,
    mut each: impl FnMut(&mut dyn Tx, &[crate::Row]) -> Result<(), StoreError>,
) -> Result<(), StoreError> {
    let scopes: Vec<Scope> = match scope {
        Scope::All => vec![Scope::All],
        Scope::Employers(ids) => ids.chunks(EMPLOYERS_PER_QUERY).map(Scope::Employers).collect(),
    };
    for scope in scopes {
        let (condition, scope_params) = scope.condition(column);
        let sql = sql.replace("{scope}", &condition);
        let mut after = 0i64;
        loop {
            let mut params: Vec<crate::Value> = vec![after.into()];
            params.extend(scope_params.iter().cloned());
            params.push(PAGE.into());
            let rows = tx.query(&sql, &params)?;
            let Some(last) = rows.last() else { break };
            after = last.i64(0)?;
            each(tx, &rows)?;
            if rows.len() < PAGE as usize {
                break;
            }
        }
    }
    Ok(())
}

/// A workplace row (id, employer_id, municipality, scian_class, size_band, headcount,
/// registered_on, state) as facts.
fn workplace_facts(r: &crate::Row) -> Result<WorkplaceFacts, StoreError> {
    let band = r.string(4)?;
    Ok(WorkplaceFacts {
        id: r.i64(0)?,
        employer_id: r.i64(1)?,
        municipality: municipality_key(&r.string(7)?, &r.string(2)?),
        scian_class: r.string(3)?.parse().unwrap_or(0),
        size_band: SizeBand::from_code(&band).ok_or_else(|| corrupt(format!("'{band}' is not a size band")))?,
        headcount: r.opt_i64(5)?.and_then(|h| u32::try_from(h).ok()),
        registered_on: r.opt_string(6)?.as_deref().map(day).transpose()?,
    })
}

fn workplaces(tx: &mut dyn Tx, scope: Scope) -> Result<Vec<WorkplaceFacts>, StoreError> {
    let mut out = Vec::new();
    paged(
        tx,
        "SELECT id, employer_id, municipality, scian_class, size_band, headcount, registered_on, state
         FROM workplaces WHERE id > ?{scope} ORDER BY id LIMIT ?",
        scope,
        "employer_id",
        |_, rows| {
            for r in rows {
                out.push(workplace_facts(r)?);
            }
            Ok(())
        },
    )?;
    Ok(out)
}

fn matter_set(codes: &str) -> MatterSet {
    codes
        .split(',')
        .filter_map(|c| c.trim().parse::<Matter>().ok())
        .collect()
}

fn inspections(tx: &mut dyn Tx, scope: Scope) -> Result<Vec<InspectionFacts>, StoreError> {
    let mut out = Vec::new();
    paged(
        tx,
        "SELECT id, workplace_id, employer_id, COALESCE(visit_at, started_at, planned_for), record_closed_at,
                origin, matters
         FROM inspections WHERE id > ? AND record_closed_at IS NOT NULL{scope} ORDER BY id LIMIT ?",
        scope,
        "employer_id",
        |tx, rows| {
            let first = rows.first().map(|r| r.i64(0)).transpose()?.unwrap_or(0);
            let after = rows.last().map(|r| r.i64(0)).transpose()?.unwrap_or(0);
            let mut found: HashMap<i64, MatterSet> = HashMap::new();
            for r in tx.query(
                "SELECT inspection_id, matter FROM inspection_findings WHERE inspection_id >= ? AND inspection_id <= ?",
                &[first.into(), after.into()],
            )? {
                let set = found.entry(r.i64(0)?).or_default();
                if let Ok(m) = r.string(1)?.parse::<Matter>() {
                    *set = set.with(m);
                }
            }
            for r in rows {
                let id = r.i64(0)?;
                let origin = r.string(5)?;
                out.push(InspectionFacts {
                    id,
                    workplace_id: r.i64(1)?,
                    employer_id: r.i64(2)?,
                    visited_on: day(&r.string(3)?)?,
                    known_on: day(&r.string(4)?)?,
                    origin: Origin::parse(&origin).map_err(|_| corrupt(format!("'{origin}' is not an origin")))?,
                    matters: matter_set(&r.string(6)?),
                    findings: found.get(&id).copied().unwrap_or_default(),
                });
            }
            Ok(())
        },
    )?;
    Ok(out)
}

/// Only the payments of a sanction's folded state.
#[derive(Deserialize)]
struct Paid {
    payments: Vec<faro_core::sanction::Payment>,
}

fn fines(tx: &mut dyn Tx, scope: Scope) -> Result<Vec<FineFacts>, StoreError> {
    let mut out = Vec::new();
    paged(
        tx,
        "SELECT id, employer_id, resolved_on, imposed, state_json FROM sanctions
         WHERE id > ? AND resolved_on IS NOT NULL{scope} ORDER BY id LIMIT ?",
        scope,
        "employer_id",
        |_, rows| {
            for r in rows {
                let paid: Paid = serde_json::from_str(&r.string(4)?)?;
                out.push(FineFacts {
                    employer_id: r.i64(1)?,
                    imposed_on: day(&r.string(2)?)?,
                    amount: r.i64(3)?,
                    payments: paid.payments.iter().map(|p| (p.paid_on, p.amount.centavos())).collect(),
                });
            }
            Ok(())
        },
    )?;
    Ok(out)
}

fn conciliations(tx: &mut dyn Tx, scope: Scope) -> Result<Vec<ConciliationFacts>, StoreError> {
    let mut out = Vec::new();
    paged(
        tx,
        "SELECT id, employer_id, filed_on FROM conciliation_cases
         WHERE id > ? AND employer_id IS NOT NULL{scope} ORDER BY id LIMIT ?",
        scope,
        "employer_id",
        |_, rows| {
            for r in rows {
                out.push(ConciliationFacts {
                    employer_id: r.i64(1)?,
                    filed_on: day(&r.string(2)?)?,
                });
            }
            Ok(())
        },
    )?;
    Ok(out)
}

/// The closed records that covered child labor in a state (for its area rate), as facts of no
/// workplace of the employer's: only their matters, findings and days count.
fn child_labor_records(tx: &mut dyn Tx, state: &str) -> Result<Vec<InspectionFacts>, StoreError> {
    let rows = tx.query(
        "SELECT i.id, i.workplace_id, i.employer_id, COALESCE(i.visit_at, i.started_at, i.planned_for),
                i.record_closed_at, i.origin, i.matters,
                EXISTS (SELECT 1 FROM inspection_findings f WHERE f.inspection_id = i.id AND f.matter = 'child_labor')
         FROM inspections i
         WHERE i.state = ? AND i.record_closed_at IS NOT NULL AND i.matters LIKE '%child_labor%'",
        &[state.into()],
    )?;
    rows.iter()
        .map(|r| {
            let origin = r.string(5)?;
            let found = r.i64(7)? != 0;
            Ok(InspectionFacts {
                id: r.i64(0)?,
                workplace_id: r.i64(1)?,
                employer_id: r.i64(2)?,
                visited_on: day(&r.string(3)?)?,
                known_on: day(&r.string(4)?)?,
                origin: Origin::parse(&origin).map_err(|_| corrupt(format!("'{origin}' is not an origin")))?,
                matters: matter_set(&r.string(6)?),
                findings: if found {
                    MatterSet::EMPTY.with(Matter::ChildLabor)
                } else {
                    MatterSet::EMPTY
                },
            })
        })
        .collect()
}

impl Store {
    /// The whole history the risk model learns from, read in one snapshot. `population` gives
    /// each municipality's population by its INEGI key as a number.
    pub fn risk_history(&self, population: HashMap<u32, u64>) -> Result<History, StoreError> {
        self.read(|tx| {
            Ok(History::new(
                workplaces(tx, Scope::All)?,
                inspections(tx, Scope::All)?,
                fines(tx, Scope::All)?,
                conciliations(tx, Scope::All)?,
                population,
            ))
        })
    }

    /// The history of one employer (its workplaces, records, fines and requests) and the state's
    /// child-labor records: enough for the features of any of its workplaces today
    /// ([`History::features_of`]), without reading the registry. `None` if the workplace does not
    /// exist.
    pub fn risk_history_of_workplace(
        &self,
        workplace_id: i64,
        population: HashMap<u32, u64>,
    ) -> Result<Option<History>, StoreError> {
        self.risk_history_of_workplaces(&[workplace_id], population)
    }

    /// The same for many workplaces at once (an inspection plan's picks), in one snapshot: the
    /// histories of their employers and the child-labor records of their states. `None` if none
    /// of them exists.
    pub fn risk_history_of_workplaces(
        &self,
        workplace_ids: &[i64],
        population: HashMap<u32, u64>,
    ) -> Result<Option<History>, StoreError> {
        self.read(|tx| {
            let mut employers = std::collections::BTreeSet::new();
            let mut states = std::collections::BTreeSet::new();
            for chunk in workplace_ids.chunks(EMPLOYERS_PER_QUERY) {
                let marks = vec!["?"; chunk.len()].join(", ");
                let params: Vec<crate::Value> = chunk.iter().map(|&id| id.into()).collect();
                for r in tx.query(
                    &format!("SELECT employer_id, state FROM workplaces WHERE id IN ({marks})"),
                    &params,
                )? {
                    employers.insert(r.i64(0)?);
                    states.insert(r.string(1)?);
                }
            }
            if employers.is_empty() {
                return Ok(None);
            }
            let employers: Vec<i64> = employers.into_iter().collect();
            let scope = Scope::Employers(&employers);
            let mut records = inspections(tx, scope)?;
            let own: std::collections::HashSet<i64> = records.iter().map(|x| x.id).collect();
            let mut elsewhere = Vec::new();
            for state in &states {
                elsewhere.extend(
                    child_labor_records(tx, state)?
                        .into_iter()
                        .filter(|x| !own.contains(&x.id)),
                );
            }
            let mut workplaces = workplaces(tx, scope)?;
            // The workplaces of other employers' child-labor records, so the replay can place
            // them in the state (their features are never asked for).
            let known: std::collections::HashSet<i64> = workplaces.iter().map(|w| w.id).collect();
            let ids: std::collections::BTreeSet<i64> = elsewhere
                .iter()
                .map(|x| x.workplace_id)
                .filter(|id| !known.contains(id))
                .collect();
            for id in ids {
                if let Some(w) = tx.query_one(
                    "SELECT id, employer_id, municipality, scian_class, size_band, headcount, registered_on, state
                     FROM workplaces WHERE id = ?",
                    &[id.into()],
                )? {
                    workplaces.push(workplace_facts(&w)?);
                }
            }
            records.extend(elsewhere);
            Ok(Some(History::new(
                workplaces,
                records,
                fines(tx, scope)?,
                conciliations(tx, scope)?,
                population,
            )))
        })
    }
}
