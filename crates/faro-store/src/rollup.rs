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
        add_counts(tx, table, keys, &values, &INSPECTION_COUNTS, &counts)?;
    }
    if sign > 0 && visited(s.status) {
        // A visit never un-happens: the set of workplaces visited in a year only grows, and its
        // size by state is counted as it grows.
        let (year, st) = (Value::from(&month[..4]), Value::from(state));
        let added = tx.execute(
            "INSERT INTO workplace_visit_years (year, state, workplace_id) VALUES (?, ?, ?)
             ON CONFLICT (year, state, workplace_id) DO NOTHING",
            &[year.clone(), st.clone(), s.workplace_id.into()],
        )?;
        if added > 0 {
            add_counts(
                tx,
                "workplace_visit_counts",
                &["year", "state"],
                &[year, st],
                &["workplaces"],
                &[1],
            )?;
        }
    }
    if let Some(r) = record {
        for matter in &s.matters {
            let found = i64::from(r.findings.iter().any(|f| f.matter == *matter));
            let counts = [sign, sign * found];
            let (m, st, code) = (
                Value::from(month.as_str()),
                Value::from(state),
                Value::from(matter.code()),
            );
            for (table, keys, values) in [
                (
                    "finding_rollup",
                    &["month", "state", "matter"][..],
                    vec![m.clone(), st, code.clone()],
                ),
                ("finding_rollup_by_matter", &["month", "matter"][..], vec![m, code]),
            ] {
                add_counts(tx, table, keys, &values, &FINDING_COUNTS, &counts)?;
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
    add_counts(
        tx,
        "fine_rollup",
        &["year", "state", "sector"],
        &key,
        &FINE_COUNTS,
        &counts,
    )
}

/// The count columns of an inspection rollup, in the order [`inspection`] passes them; the first
/// counts every case, so a row whose first count is 0 is empty.
const INSPECTION_COUNTS: [&str; 6] = [
    "cases",
    "inspections",
    "visited",
    "closed",
    "with_findings",
    "days_to_close",
];

/// The count columns of the fines rollup: every case, then those not annulled and their amounts.
const FINE_COUNTS: [&str; 4] = ["cases", "sanctions", "imposed", "paid"];

/// The count columns of a finding rollup: records covering the matter, and those with a finding.
const FINDING_COUNTS: [&str; 2] = ["inspections", "with_findings"];

/// Adds `counts` (to the columns `columns`) to the row of `table` keyed by `keys` = `values`,
/// and deletes the row once its first count is back to 0.
pub(crate) fn add_counts(
    tx: &mut dyn Tx,
    table: &str,
    keys: &[&str],
    values: &[Value],
    columns: &[&str],
    counts: &[i64],
) -> Result<(), StoreError> {
    let names = keys
        .iter()
        .chain(columns.iter())
        .copied()
        .collect::<Vec<_>>()
        .join(", ");
    let marks = vec!["?"; keys.len() + columns.len()].join(", ");
    let updates = columns
        .iter()
        .map(|c| format!("{c} = {table}.{c} + excluded.{c}"))
        .collect::<Vec<_>>()
        .join(", ");
    let mut params = values.to_vec();
    params.extend(counts.iter().map(|c| Value::from(*c)));
    tx.execute(
        &format!(
            "INSERT INTO {table} ({names}) VALUES ({marks}) ON CONFLICT ({}) DO UPDATE SET {updates}",
            keys.join(", ")
        ),
        &params,
    )?;
    if counts.first().is_some_and(|c| *c < 0) {
        let wheres = keys
            .iter()
            .map(|k| format!("{k} = ?"))
            .collect::<Vec<_>>()
            .join(" AND ");
        tx.execute(
            &format!("DELETE FROM {table} WHERE {wheres} AND {} = 0", columns[0]),
            values,
        )?;
    }
    Ok(())
}
