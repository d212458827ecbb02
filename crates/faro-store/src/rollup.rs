//! The dashboard rollups: small tables of counts by month (or year), state, sector and matter, kept
//! in the same transaction as every change to the cases they count. Each case contributes one
//! row's worth of counts; a change subtracts the case's old contribution and adds its new one.
//! Beside them, the workplaces visited each year (for the coverage of the registry).

use faro_core::inspection::{Inspection, Status};
use faro_core::sanction::{Sanction, Status as SanctionStatus};

use crate::tx::Tx;
use crate::{StoreError, Value};

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
    let counts = [
        sign,
        sign * counted,
        sign * i64::from(visited(s.status)),
        sign * i64::from(closed),
        sign * with_findings,
        sign * days_to_close,
    ];
    // The case's row, and its share of the copies summed over sectors and over states.
    let (m, st, se) = (Value::from(month.as_str()), Value::from(state), Value::from(sector));
    for (table, keys, values) in [
        (
            "inspection_rollup",
            &["month", "state", "sector"][..],
            vec![m.clone(), st.clone(), se.clone()],
        ),
        (
            "inspection_rollup_by_state",
            &["month", "state"][..],
            vec![m.clone(), st],
        ),
        ("inspection_rollup_by_sector", &["month", "sector"][..], vec![m, se]),
    ] {
        add_counts(tx, table, keys, &values, &counts)?;
    }
    if sign > 0 && visited(s.status) {
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

/// The count columns of an inspection rollup, in the order [`inspection`] passes them.
const COUNTS: [&str; 6] = [
    "cases",
    "inspections",
    "visited",
    "closed",
    "with_findings",
    "days_to_close",
];

/// Adds `counts` to the row of `table` keyed by `keys` = `values`, and deletes the row when its
/// last case left it.
fn add_counts(
    tx: &mut dyn Tx,
    table: &str,
    keys: &[&str],
    values: &[Value],
    counts: &[i64; 6],
) -> Result<(), StoreError> {
    let columns = keys.iter().chain(COUNTS.iter()).copied().collect::<Vec<_>>().join(", ");
    let marks = vec!["?"; keys.len() + COUNTS.len()].join(", ");
    let updates = COUNTS
        .iter()
        .map(|c| format!("{c} = {table}.{c} + excluded.{c}"))
        .collect::<Vec<_>>()
        .join(", ");
    let mut params = values.to_vec();
    params.extend(counts.iter().map(|c| Value::from(*c)));
    tx.execute(
        &format!(
            "INSERT INTO {table} ({columns}) VALUES ({marks}) ON CONFLICT ({}) DO UPDATE SET {updates}",
            keys.join(", ")
        ),
        &params,
    )?;
    if counts[0] < 0 {
        let wheres = keys
            .iter()
            .map(|k| format!("{k} = ?"))
            .collect::<Vec<_>>()
            .join(" AND ");
        tx.execute(&format!("DELETE FROM {table} WHERE {wheres} AND cases = 0"), values)?;
    }
    Ok(())
}
