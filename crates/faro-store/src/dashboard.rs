//! The managers' dashboards, read from the rollups (`inspection_rollup`, `finding_rollup`,
//! `fine_rollup`), which stay small at national scale, plus counts of workplaces (in the registry,
//! and visited in the period's last year, from `workplace_visit_years`). Every rollup
//! query is bounded by a range of months (or years), the first column of the table's primary
//! key, so it reads an index range and never the cases themselves.

use std::collections::BTreeMap;

use faro_core::{DomainError, StateCode};
use serde::Serialize;

use crate::tx::Tx;
use crate::{Row, Store, StoreError, Value};

/// A calendar month, "YYYY-MM" as the rollups key it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Month {
    year: i32,
    /// 1 to 12.
    month: u32,
}

impl Month {
    pub fn new(year: i32, month: u32) -> Result<Month, DomainError> {
        if !(1..=12).contains(&month) || !(1900..=9999).contains(&year) {
            return Err(invalid_month(&format!("{year}-{month}")));
        }
        Ok(Month { year, month })
    }

    /// Reads "YYYY-MM".
    pub fn parse(s: &str) -> Result<Month, DomainError> {
        let t = s.trim();
        let bad = || invalid_month(t);
        let (y, m) = t.split_once('-').ok_or_else(bad)?;
        if y.len() != 4 || m.len() != 2 || !y.bytes().chain(m.bytes()).all(|b| b.is_ascii_digit()) {
            return Err(bad());
        }
        Month::new(y.parse().map_err(|_| bad())?, m.parse().map_err(|_| bad())?).map_err(|_| bad())
    }

    pub fn year(self) -> i32 {
        self.year
    }

    /// The month `n` months before this one (after it when `n` is negative).
    pub fn minus(self, n: i32) -> Month {
        let index = self.year * 12 + (self.month as i32 - 1) - n;
        Month {
            year: index.div_euclid(12),
            month: index.rem_euclid(12) as u32 + 1,
        }
    }

    /// Months from `self` to `to`, both included (empty if `to` is earlier).
    pub fn through(self, to: Month) -> Vec<Month> {
        let mut out = Vec::new();
        let mut m = self;
        while m <= to && out.len() < 1200 {
            out.push(m);
            m = m.minus(-1);
        }
        out
    }

    pub fn code(self) -> String {
        format!("{:04}-{:02}", self.year, self.month)
    }
}

fn invalid_month(value: &str) -> DomainError {
    DomainError::new("dash.invalid_month", format!("'{value}' is not a month (YYYY-MM)")).with("value", value)
}

/// What a dashboard shows: a period of months, and one state or the whole country.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DashboardFilter {
    pub state: Option<StateCode>,
    pub from: Month,
    pub to: Month,
}

/// Inspection counts of one group (a state, a two-digit sector, a month or a status).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct InspectionCounts {
    pub key: String,
    /// Inspections planned in the period, cancelled ones left out.
    pub inspections: i64,
    /// Those that ended (closed, or sent to the sanction procedure).
    pub closed: i64,
    /// Those whose record has at least one finding.
    pub with_findings: i64,
    /// Days from the visit (or the programming) to the end, summed over the closed ones.
    pub days_to_close: i64,
}

/// For one matter: inspections whose record covered it, and those with a finding in it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct MatterCounts {
    pub matter: String,
    pub inspections: i64,
    pub with_findings: i64,
}

/// Fines of one group (a state, a two-digit sector or a year), in centavos. Annulled
/// resolutions are left out.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct FineCounts {
    pub key: String,
    pub sanctions: i64,
    pub imposed: i64,
    pub paid: i64,
}

/// Every number of the dashboards.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Dashboard {
    pub by_state: Vec<InspectionCounts>,
    pub by_sector: Vec<InspectionCounts>,
    pub by_month: Vec<InspectionCounts>,
    pub by_matter: Vec<MatterCounts>,
    pub fines_by_state: Vec<FineCounts>,
    pub fines_by_sector: Vec<FineCounts>,
    pub fines_by_year: Vec<FineCounts>,
    /// Inspections that reached the visit, planned in the 12 months ending with the period's last
    /// month. The rollups count inspections, not distinct workplaces: a workplace inspected twice
    /// counts twice, so coverage computed from this is an upper bound.
    pub visited_last_12_months: i64,
    /// The year of the period's last month, whose visits measure the coverage of the registry.
    pub coverage_year: i32,
    /// Distinct workplaces with an inspection planned in `coverage_year` that reached the visit
    /// (of the state, when one is chosen): with `workplaces`, the exact coverage of the registry.
    pub workplaces_visited: i64,
    /// Workplaces in the registry (of the state, when one is chosen).
    pub workplaces: i64,
}

/// The common WHERE of a rollup query: the range on the key's first column (an index range of
/// the primary key), and the state.
fn period(column: &str, from: String, to: String, state: Option<StateCode>) -> (String, Vec<Value>) {
    let mut sql = format!("{column} >= ? AND {column} <= ?");
    let mut params: Vec<Value> = vec![from.into(), to.into()];
    if let Some(s) = state {
        sql.push_str(" AND state = ?");
        params.push(s.as_str().into());
    }
    (sql, params)
}

/// A row of `inspection_rollup_by_state`: one month and state, the counts of the inspections not
/// cancelled, and how many were visited.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InspectionRollupRow {
    pub month: String,
    pub state: String,
    pub counts: InspectionCounts,
    pub visited: i64,
}

/// `fine_rollup` summed over the statuses (annulled left out) of one year, state and sector.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FineRollupRow {
    pub year: String,
    pub state: String,
    pub sector: String,
    pub counts: FineCounts,
}

fn add(groups: &mut BTreeMap<String, InspectionCounts>, key: &str, c: &InspectionCounts) {
    let g = groups.entry(key.to_string()).or_insert_with(|| InspectionCounts {
        key: key.to_string(),
        ..InspectionCounts::default()
    });
    g.inspections += c.inspections;
    g.closed += c.closed;
    g.with_findings += c.with_findings;
    g.days_to_close += c.days_to_close;
}

fn add_fines(groups: &mut BTreeMap<String, FineCounts>, key: &str, c: &FineCounts) {
    let g = groups.entry(key.to_string()).or_insert_with(|| FineCounts {
        key: key.to_string(),
        ..FineCounts::default()
    });
    g.sanctions += c.sanctions;
    g.imposed += c.imposed;
    g.paid += c.paid;
}

/// Folds the rows by month and state of the period (and of the coverage window, which may reach
/// further back) into the dashboards' groups by state and month, and the visits of the 12 months
/// ending at `to`. The groups by sector come from their own rollup.
pub fn fold_inspections(rows: &[InspectionRollupRow], from: Month, to: Month) -> Dashboard {
    let (first, last, window) = (from.code(), to.code(), to.minus(11).code());
    let (mut state, mut month) = (BTreeMap::new(), BTreeMap::new());
    let mut visited_last_12_months = 0;
    for r in rows {
        let m = r.month.as_str();
        if m >= window.as_str() && m <= last.as_str() {
            visited_last_12_months += r.visited;
        }
        if m < first.as_str() || m > last.as_str() {
            continue;
        }
        add(&mut state, &r.state, &r.counts);
        add(&mut month, &r.month, &r.counts);
    }
    let done = |g: BTreeMap<String, InspectionCounts>| g.into_values().filter(|c| c.inspections != 0).collect();
    Dashboard {
        by_state: done(state),
        by_month: done(month),
        visited_last_12_months,
        ..Dashboard::default()
    }
}

/// Folds the fine rollup rows of the period's years into groups by state, sector and year.
pub fn fold_fines(rows: &[FineRollupRow]) -> (Vec<FineCounts>, Vec<FineCounts>, Vec<FineCounts>) {
    let (mut state, mut sector, mut year) = (BTreeMap::new(), BTreeMap::new(), BTreeMap::new());
    for r in rows {
        add_fines(&mut state, &r.state, &r.counts);
        add_fines(&mut sector, &r.sector, &r.counts);
        add_fines(&mut year, &r.year, &r.counts);
    }
    let done = |g: BTreeMap<String, FineCounts>| g.into_values().filter(|c| c.sanctions != 0).collect();
    (done(state), done(sector), done(year))
}

/// A `SELECT SUM(..)` as a number, 0 when there is nothing to sum.
fn sum(tx: &mut dyn Tx, sql: &str, params: &[Value]) -> Result<i64, StoreError> {
    match tx.query_one(sql, params)? {
        Some(r) => Ok(r.opt_i64(0)?.unwrap_or(0)),
        None => Ok(0),
    }
}

/// The four counts of an inspection group, from column `first` on.
fn counts_at(r: &Row, first: usize) -> Result<InspectionCounts, StoreError> {
    Ok(InspectionCounts {
        key: String::new(),
        inspections: r.i64(first)?,
        closed: r.i64(first + 1)?,
        with_findings: r.i64(first + 2)?,
        days_to_close: r.i64(first + 3)?,
    })
}

impl Store {
    /// The dashboards' numbers for a period and a state (or the country), in one read snapshot:
    /// one index range of each rollup, folded here, and one count of workplaces. Fines are counted
    /// by the year their procedure opened, for the years the period touches.
    pub fn dashboard(&self, f: &DashboardFilter) -> Result<Dashboard, StoreError> {
        let earliest = f.from.min(f.to.minus(11));
        self.read(|tx| {
            let (wheres, params) = period("month", earliest.code(), f.to.code(), f.state);
            let rows = tx
                .query(
                    &format!(
                        "SELECT month, state, inspections, closed, with_findings, days_to_close, visited
                         FROM inspection_rollup_by_state WHERE {wheres}"
                    ),
                    &params,
                )?
                .iter()
                .map(|r: &Row| {
                    Ok(InspectionRollupRow {
                        month: r.string(0)?,
                        state: r.string(1)?,
                        counts: counts_at(r, 2)?,
                        visited: r.i64(6)?,
                    })
                })
                .collect::<Result<Vec<_>, StoreError>>()?;
            let mut d = fold_inspections(&rows, f.from, f.to);
            // By sector: the copy summed over states for the country; a state's own rows
            // (indexed by state and month) otherwise.
            let (table, (wheres, params)) = match f.state {
                None => (
                    "inspection_rollup_by_sector",
                    period("month", f.from.code(), f.to.code(), None),
                ),
                Some(_) => (
                    "inspection_rollup",
                    period("month", f.from.code(), f.to.code(), f.state),
                ),
            };
            d.by_sector = tx
                .query(
                    &format!(
                        "SELECT sector, SUM(inspections), SUM(closed), SUM(with_findings), SUM(days_to_close)
                         FROM {table} WHERE {wheres} GROUP BY sector HAVING SUM(inspections) <> 0 ORDER BY sector"
                    ),
                    &params,
                )?
                .iter()
                .map(|r| {
                    Ok(InspectionCounts {
                        key: r.string(0)?,
                        ..counts_at(r, 1)?
                    })
                })
                .collect::<Result<Vec<_>, StoreError>>()?;
            // By matter: the copy summed over states for the country; a state's own rows otherwise.
            let (table, (wheres, params)) = match f.state {
                None => (
                    "finding_rollup_by_matter",
                    period("month", f.from.code(), f.to.code(), None),
                ),
                Some(_) => ("finding_rollup", period("month", f.from.code(), f.to.code(), f.state)),
            };
            d.by_matter = tx
                .query(
                    &format!(
                        "SELECT matter, SUM(inspections), SUM(with_findings) FROM {table}
                         WHERE {wheres} GROUP BY matter ORDER BY matter"
                    ),
                    &params,
                )?
                .iter()
                .map(|r| {
                    Ok(MatterCounts {
                        matter: r.string(0)?,
                        inspections: r.i64(1)?,
                        with_findings: r.i64(2)?,
                    })
                })
                .collect::<Result<Vec<_>, StoreError>>()?;
            let (wheres, params) = period(
                "year",
                format!("{:04}", f.from.year()),
                format!("{:04}", f.to.year()),
                f.state,
            );
            let fines = tx
                .query(
                    &format!(
                        "SELECT year, state, sector, SUM(sanctions), SUM(imposed), SUM(paid) FROM fine_rollup
                         WHERE {wheres} GROUP BY year, state, sector"
                    ),
                    &params,
                )?
                .iter()
                .map(|r: &Row| {
                    Ok(FineRollupRow {
                        year: r.string(0)?,
                        state: r.string(1)?,
                        sector: r.string(2)?,
                        counts: FineCounts {
                            key: String::new(),
                            sanctions: r.i64(3)?,
                            imposed: r.i64(4)?,
                            paid: r.i64(5)?,
                        },
                    })
                })
                .collect::<Result<Vec<_>, StoreError>>()?;
            (d.fines_by_state, d.fines_by_sector, d.fines_by_year) = fold_fines(&fines);
            // Both counts are kept by state as the records change (`workplace_counts` by triggers,
            // `workplace_visit_counts` by the rollups).
            let (state_filter, state_param): (&str, Vec<Value>) = match f.state {
                Some(s) => (" AND state = ?", vec![s.as_str().into()]),
                None => ("", Vec::new()),
            };
            d.workplaces = sum(
                tx,
                &format!("SELECT SUM(workplaces) FROM workplace_counts WHERE 1 = 1{state_filter}"),
                &state_param,
            )?;
            d.coverage_year = f.to.year();
            let mut params = vec![Value::from(format!("{:04}", f.to.year()))];
            params.extend(state_param);
            d.workplaces_visited = sum(
                tx,
                &format!("SELECT SUM(workplaces) FROM workplace_visit_counts WHERE year = ?{state_filter}"),
                &params,
            )?;
            Ok(d)
        })
    }
}

#[cfg(test)]
mod tests {
    use faro_core::inspection::Status as InspectionStatus;

    use super::*;

    #[test]
    fn months_parse_and_count_back_across_years() {
        let m = Month::parse("2026-03").unwrap();
        assert_eq!(m.code(), "2026-03");
        assert_eq!(m.minus(11).code(), "2025-04");
        assert_eq!(m.minus(3).code(), "2025-12");
        assert_eq!(m.minus(-10).code(), "2027-01");
        assert_eq!(
            Month::parse("2025-11")
                .unwrap()
                .through(m)
                .iter()
                .map(|m| m.code())
                .collect::<Vec<_>>(),
            vec!["2025-11", "2025-12", "2026-01", "2026-02", "2026-03"]
        );
        assert!(m.through(Month::parse("2026-02").unwrap()).is_empty());
        for bad in [
            "2026-13",
            "2026-00",
            "2026-3",
            "26-03",
            "2026/03",
            "",
            "abcd-ef",
            "2026-03-01",
        ] {
            assert_eq!(Month::parse(bad).unwrap_err().code, "dash.invalid_month", "{bad}");
        }
    }

    fn row(month: &str, state: &str, n: [i64; 4], visited: i64) -> InspectionRollupRow {
        InspectionRollupRow {
            month: month.into(),
            state: state.into(),
            counts: InspectionCounts {
                key: String::new(),
                inspections: n[0],
                closed: n[1],
                with_findings: n[2],
                days_to_close: n[3],
            },
            visited,
        }
    }

    #[test]
    fn inspections_fold_by_state_and_month() {
        let rows = vec![
            // Before the period, inside the coverage window: counts only as visits.
            row("2025-06", "14", [2, 2, 1, 8], 2),
            // Before the coverage window too: not counted at all.
            row("2025-02", "14", [7, 7, 7, 7], 7),
            row("2026-02", "14", [3, 3, 1, 12], 3),
            row("2026-02", "14", [1, 0, 0, 0], 1),
            row("2026-03", "09", [6, 2, 2, 6], 2),
            // Only cancelled inspections: no group.
            row("2026-03", "09", [0, 0, 0, 0], 0),
        ];
        let d = fold_inspections(
            &rows,
            Month::parse("2026-02").unwrap(),
            Month::parse("2026-03").unwrap(),
        );
        let keyed = |v: &[InspectionCounts]| {
            v.iter()
                .map(|c| {
                    (
                        c.key.clone(),
                        [c.inspections, c.closed, c.with_findings, c.days_to_close],
                    )
                })
                .collect::<Vec<_>>()
        };
        assert_eq!(
            keyed(&d.by_state),
            vec![("09".into(), [6, 2, 2, 6]), ("14".into(), [4, 3, 1, 12])]
        );
        assert_eq!(
            keyed(&d.by_month),
            vec![("2026-02".into(), [4, 3, 1, 12]), ("2026-03".into(), [6, 2, 2, 6])]
        );
        // Visited in 2025-04..2026-03.
        assert_eq!(d.visited_last_12_months, 8);
    }

    #[test]
    fn fines_fold_by_state_sector_and_year() {
        let f = |year: &str, state: &str, sector: &str, n: [i64; 3]| FineRollupRow {
            year: year.into(),
            state: state.into(),
            sector: sector.into(),
            counts: FineCounts {
                key: String::new(),
                sanctions: n[0],
                imposed: n[1],
                paid: n[2],
            },
        };
        let (state, sector, year) = fold_fines(&[
            f("2025", "14", "23", [1, 100, 100]),
            f("2026", "14", "46", [2, 300, 50]),
            f("2026", "09", "46", [0, 0, 0]),
        ]);
        let keyed = |v: &[FineCounts]| {
            v.iter()
                .map(|c| (c.key.clone(), [c.sanctions, c.imposed, c.paid]))
                .collect::<Vec<_>>()
        };
        assert_eq!(keyed(&state), vec![("14".into(), [3, 400, 150])]);
        assert_eq!(
            keyed(&sector),
            vec![("23".into(), [1, 100, 100]), ("46".into(), [2, 300, 50])]
        );
        assert_eq!(
            keyed(&year),
            vec![("2025".into(), [1, 100, 100]), ("2026".into(), [2, 300, 50])]
        );
    }

    #[test]
    fn visited_statuses_are_those_after_the_visit_began() {
        for s in InspectionStatus::ALL {
            let visited = crate::rollup::visited(s);
            let before = matches!(
                s,
                InspectionStatus::Programmed
                    | InspectionStatus::Ordered
                    | InspectionStatus::Notified
                    | InspectionStatus::Cancelled
            );
            assert_eq!(visited, !before, "{s:?}");
        }
    }
}
