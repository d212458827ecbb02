//! `conciliation_rollup`: counts by month of filing, centre and sector, kept in the same
//! transaction as every change to the cases it counts. Each case contributes one row's worth of
//! counts; a change subtracts the case's old contribution and adds its new one.
//!
//! The rebuild from `conciliation_cases` ([`rebuild`]) is the second definition of the same
//! numbers; the conformance suite checks that both agree.

use faro_core::conciliation::{Case, Status};

use super::row::{agreed, closed_on, days_to_close, settled};
use crate::tx::{Backend, Tx};
use crate::StoreError;

/// Adds (`sign` = 1) or removes (`sign` = -1) a case's contribution; `center` and `sector` are
/// its row's (fixed at filing, like the month).
pub(crate) fn apply(tx: &mut dyn Tx, s: &Case, center: &str, sector: &str, sign: i64) -> Result<(), StoreError> {
    let month = s.filed_on.format("%Y-%m").to_string();
    let is = |status: Status| i64::from(s.status == status);
    let counts = [
        1,
        i64::from(s.status != Status::Forwarded),
        i64::from(settled(s.status)),
        is(Status::NotConciliated),
        is(Status::Archived),
        is(Status::Exempt),
        is(Status::Forwarded),
        i64::from(closed_on(s).is_some()),
        agreed(s).unwrap_or(0),
        days_to_close(s).unwrap_or(0),
    ];
    let key = [month.into(), center.into(), sector.into()];
    tx.execute(
        "INSERT INTO conciliation_rollup (month, center, sector, cases, requests, settled, not_conciliated, archived,
             exempt, forwarded, closed, agreed, days_to_close)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (month, center, sector) DO UPDATE SET
             cases = conciliation_rollup.cases + excluded.cases,
             requests = conciliation_rollup.requests + excluded.requests,
             settled = conciliation_rollup.settled + excluded.settled,
             not_conciliated = conciliation_rollup.not_conciliated + excluded.not_conciliated,
             archived = conciliation_rollup.archived + excluded.archived,
             exempt = conciliation_rollup.exempt + excluded.exempt,
             forwarded = conciliation_rollup.forwarded + excluded.forwarded,
             closed = conciliation_rollup.closed + excluded.closed,
             agreed = conciliation_rollup.agreed + excluded.agreed,
             days_to_close = conciliation_rollup.days_to_close + excluded.days_to_close",
        &key.iter()
            .cloned()
            .chain(counts.map(|c| (sign * c).into()))
            .collect::<Vec<_>>(),
    )?;
    if sign < 0 {
        tx.execute(
            "DELETE FROM conciliation_rollup WHERE month = ? AND center = ? AND sector = ? AND cases = 0",
            &key,
        )?;
    }
    Ok(())
}

fn quoted(statuses: impl Iterator<Item = Status>) -> String {
    statuses
        .map(|s| format!("'{}'", s.code()))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Recomputes the whole rollup from the cases' rows.
pub(crate) fn rebuild(tx: &mut dyn Tx) -> Result<(), StoreError> {
    let days = match tx.backend() {
        Backend::Sqlite => "MAX(CAST(julianday(closed_on) - julianday(filed_on) AS INTEGER), 0)",
        Backend::Postgres => "GREATEST(CAST(closed_on AS DATE) - CAST(filed_on AS DATE), 0)",
    };
    let settled = quoted(Status::ALL.into_iter().filter(|s| settled(*s)));
    let count = |s: Status| format!("SUM(CASE WHEN status = '{}' THEN 1 ELSE 0 END)", s.code());
    tx.execute("DELETE FROM conciliation_rollup", &[])?;
    tx.execute(
        &format!(
            "INSERT INTO conciliation_rollup (month, center, sector, cases, requests, settled, not_conciliated,
                 archived, exempt, forwarded, closed, agreed, days_to_close)
             SELECT substr(filed_on, 1, 7), center, sector, COUNT(*),
                 SUM(CASE WHEN status <> '{forwarded}' THEN 1 ELSE 0 END),
                 SUM(CASE WHEN status IN ({settled}) THEN 1 ELSE 0 END),
                 {not_conciliated}, {archived}, {exempt}, {forwarded_count},
                 SUM(CASE WHEN closed_on IS NOT NULL THEN 1 ELSE 0 END),
                 SUM(COALESCE(agreed, 0)),
                 SUM(CASE WHEN closed_on IS NOT NULL THEN {days} ELSE 0 END)
             FROM conciliation_cases GROUP BY substr(filed_on, 1, 7), center, sector",
            forwarded = Status::Forwarded.code(),
            not_conciliated = count(Status::NotConciliated),
            archived = count(Status::Archived),
            exempt = count(Status::Exempt),
            forwarded_count = count(Status::Forwarded),
        ),
        &[],
    )?;
    Ok(())
}
