//! The dashboard rollups: small tables of counts by month (or year), state, sector and matter, kept
//! in the same transaction as every change to the cases they count. Each case contributes one
//! row's worth of counts; a change subtracts the case's old contribution and adds its new one.
//! Beside them, the workplaces visited each year (for the coverage of the registry).

use faro_core::inspection::{Inspection, Status};
use faro_core::sanction::{Sanction, Status as SanctionStatus};

use crate::tx::Tx;
use crate::StoreError;

/// Whether an inspection in this status has been visited (the visit began).
pub(crate) fn visited(status: Status) -> bool {
    matches!(
        status,
        Status::InProgress
            | Status::RecordClosed
            | Status::CorrectiveMeasures
            | Status::Verification
            | Status::Closed
            | Status::SentToSanction
    )
}

/// Adds (`sign` = 1) or removes (`sign` = -1) an inspection's contribution.
pub(crate) fn inspection(
    tx: &mut dyn Tx,
    s: &Inspection,
    state: &str,
    sector: &str,
    sign: i64,
) -> Result<(), StoreError> {
    let month = s.planned_for.format("%Y-%m").to_string();
    let record = s.record.as_ref();
    let counted = i64::from(s.status != Status::Cancelled);
    let with_findings = i64::from(record.is_some_and(|r| !r.findings.is_empty()));
    let closed = matches!(s.status, Status::Closed | Status::SentToSanction);
    let days_to_close = match (closed, s.ended_at) {
        (true, Some(end)) => (end - s.started_at.unwrap_or(s.programmed_at)).num_days().max(0),
        _ => 0,
    };
    let key = [month.clone().into(), state.into(), sector.into()];
    let counts = [
        sign,
        sign * counted,
        sign * i64::from(visited(s.status)),
        sign * i64::from(closed),
        sign * with_findings,
        sign * days_to_close,
    ];
    tx.execute(
        "INSERT INTO inspection_rollup (month, state, sector, cases, inspections, visited, closed, with_findings, days_to_close)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (month, state, sector) DO UPDATE SET
             cases = inspection_rollup.cases + excluded.cases,
             inspections = inspection_rollup.inspections + excluded.inspections,
             visited = inspection_rollup.visited + excluded.visited,
             closed = inspection_rollup.closed + excluded.closed,
             with_findings = inspection_rollup.with_findings + excluded.with_findings,
             days_to_close = inspection_rollup.days_to_close + excluded.days_to_close",
        &key.iter().cloned().chain(counts.map(Into::into)).collect::<Vec<_>>(),
    )?;
    if sign < 0 {
        tx.execute(
            "DELETE FROM inspection_rollup WHERE month = ? AND state = ? AND sector = ? AND cases = 0",
            &key,
        )?;
    } else if visited(s.status) {
        // A visit never un-happens: the set of workplaces visited in a year only grows.
        tx.execute(
            "INSERT INTO workplace_visit_years (year, state, workplace_id) VALUES (?, ?, ?)
             ON CONFLICT (year, state, workplace_id) DO NOTHING",
            &[month[..4].to_string().into(), state.into(), s.workplace_id.into()],
        )?;
    }
    if let Some(r) = record {
        for matter in &s.matters {
            let found = i64::from(r.findings.iter().any(|f| f.matter == *matter));
            let key = [month.clone().into(), state.into(), matter.code().into()];
            tx.execute(
                "INSERT INTO finding_rollup (month, state, matter, inspections, with_findings) VALUES (?, ?, ?, ?, ?)
                 ON CONFLICT (month, state, matter) DO UPDATE SET
                     inspections = finding_rollup.inspections + excluded.inspections,
                     with_findings = finding_rollup.with_findings + excluded.with_findings",
                &key.iter()
                    .cloned()
                    .chain([sign.into(), (sign * found).into()])
                    .collect::<Vec<_>>(),
            )?;
            if sign < 0 {
                tx.execute(
                    "DELETE FROM finding_rollup WHERE month = ? AND state = ? AND matter = ? AND inspections = 0",
                    &key,
                )?;
            }
        }
    }
    Ok(())
}

/// Adds or removes a sanction case's contribution to the fines rollup. Annulled resolutions
/// count as cases only.
pub(crate) fn fines(tx: &mut dyn Tx, s: &Sanction, state: &str, sector: &str, sign: i64) -> Result<(), StoreError> {
    let key = [s.opened_at.format("%Y").to_string().into(), state.into(), sector.into()];
    let counted = i64::from(s.status != SanctionStatus::Annulled);
    let counts = [
        sign,
        sign * counted,
        sign * counted * s.imposed().centavos(),
        sign * counted * s.paid().centavos(),
    ];
    tx.execute(
        "INSERT INTO fine_rollup (year, state, sector, cases, sanctions, imposed, paid) VALUES (?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (year, state, sector) DO UPDATE SET
             cases = fine_rollup.cases + excluded.cases,
             sanctions = fine_rollup.sanctions + excluded.sanctions,
             imposed = fine_rollup.imposed + excluded.imposed,
             paid = fine_rollup.paid + excluded.paid",
        &key.iter().cloned().chain(counts.map(Into::into)).collect::<Vec<_>>(),
    )?;
    if sign < 0 {
        tx.execute(
            "DELETE FROM fine_rollup WHERE year = ? AND state = ? AND sector = ? AND cases = 0",
            &key,
        )?;
    }
    Ok(())
}
