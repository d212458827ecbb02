//! The dashboard rollups: small tables of counts by month, state, sector, status and matter, kept
//! in the same transaction as every change to the cases they count. Each case contributes one
//! row's worth of counts; a change subtracts the case's old contribution and adds its new one.

use faro_core::inspection::{Inspection, Status};
use faro_core::sanction::Sanction;

use crate::tx::Tx;
use crate::StoreError;

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
    let with_findings = i64::from(record.is_some_and(|r| !r.findings.is_empty()));
    let closed = matches!(s.status, Status::Closed | Status::SentToSanction);
    let days_to_close = match (closed, s.ended_at) {
        (true, Some(end)) => (end - s.started_at.unwrap_or(s.programmed_at)).num_days().max(0),
        _ => 0,
    };
    tx.execute(
        "INSERT INTO inspection_rollup (month, state, sector, status, inspections, with_findings, days_to_close, closed)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (month, state, sector, status) DO UPDATE SET
             inspections = inspection_rollup.inspections + excluded.inspections,
             with_findings = inspection_rollup.with_findings + excluded.with_findings,
             days_to_close = inspection_rollup.days_to_close + excluded.days_to_close,
             closed = inspection_rollup.closed + excluded.closed",
        &[
            month.clone().into(),
            state.into(),
            sector.into(),
            s.status.code().into(),
            sign.into(),
            (sign * with_findings).into(),
            (sign * days_to_close).into(),
            (sign * i64::from(closed)).into(),
        ],
    )?;
    if let Some(r) = record {
        for matter in &s.matters {
            let found = i64::from(r.findings.iter().any(|f| f.matter == *matter));
            tx.execute(
                "INSERT INTO finding_rollup (month, state, matter, inspections, with_findings) VALUES (?, ?, ?, ?, ?)
                 ON CONFLICT (month, state, matter) DO UPDATE SET
                     inspections = finding_rollup.inspections + excluded.inspections,
                     with_findings = finding_rollup.with_findings + excluded.with_findings",
                &[
                    month.clone().into(),
                    state.into(),
                    matter.code().into(),
                    sign.into(),
                    (sign * found).into(),
                ],
            )?;
        }
    }
    if sign < 0 {
        tx.execute("DELETE FROM inspection_rollup WHERE inspections = 0", &[])?;
        tx.execute("DELETE FROM finding_rollup WHERE inspections = 0", &[])?;
    }
    Ok(())
}

/// Adds or removes a sanction case's contribution to the fines rollup.
pub(crate) fn fines(tx: &mut dyn Tx, s: &Sanction, state: &str, sector: &str, sign: i64) -> Result<(), StoreError> {
    let year = s.opened_at.format("%Y").to_string();
    tx.execute(
        "INSERT INTO fine_rollup (year, state, sector, status, sanctions, imposed, paid) VALUES (?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (year, state, sector, status) DO UPDATE SET
             sanctions = fine_rollup.sanctions + excluded.sanctions,
             imposed = fine_rollup.imposed + excluded.imposed,
             paid = fine_rollup.paid + excluded.paid",
        &[
            year.into(),
            state.into(),
            sector.into(),
            s.status.code().into(),
            sign.into(),
            (sign * s.imposed().centavos()).into(),
            (sign * s.paid().centavos()).into(),
        ],
    )?;
    if sign < 0 {
        tx.execute("DELETE FROM fine_rollup WHERE sanctions = 0", &[])?;
    }
    Ok(())
}
