//! A union's read rows: `unions` (public columns from its state), `union_leaders` (the leadership
//! in office, public) and `union_files` (the whole state, confidential).

use faro_core::text::normalize;
use faro_core::union::registration::Union;

use super::common::{code_of, day, write_file, Table};
use super::derive::leadership_counts;
use super::UnionSite;
use crate::tx::Tx;
use crate::{timestamp, StoreError, Value};

/// The columns that follow the state, in the order of [`UPDATE_UNION`].
fn changing(s: &Union, seq: i64) -> Result<Vec<Value>, StoreError> {
    let l = leadership_counts(s);
    Ok(vec![
        s.registration_number.clone().into(),
        s.filing.name.clone().into(),
        normalize(&s.filing.name).into(),
        code_of(&s.filing.union_type)?.into(),
        s.filing.confederation.clone().into(),
        s.status.code().into(),
        s.member_count().into(),
        l.leaders.into(),
        l.known_sex.into(),
        l.women.into(),
        s.filing.founded_on.to_string().into(),
        day(s.registered_on),
        day(s.last_member_update),
        day(s.last_financial_assembly),
        day(s.member_update_due),
        day(s.financial_report_due),
        day(s.next_deadline().map(|d| d.on)),
        s.ended_at.map(timestamp).into(),
        seq.into(),
    ])
}

const UPDATE_UNION: &str = "UPDATE unions SET registration_number = ?, name = ?, name_key = ?, kind = ?,
     federation = ?, status = ?, members = ?, leaders = ?, leaders_known_sex = ?, women_leaders = ?, founded_on = ?,
     registered_on = ?, last_member_update = ?, last_financial_report = ?, member_update_due = ?,
     financial_report_due = ?, next_deadline = ?, ended_at = ?, updated_seq = ?
 WHERE id = ?";

/// Inserts a new union's rows as number `id` (`json` is its state serialized).
pub(crate) fn insert_union(
    tx: &mut dyn Tx,
    id: i64,
    site: &UnionSite,
    s: &Union,
    json: &str,
    seq: i64,
) -> Result<(), StoreError> {
    let mut params: Vec<Value> = vec![
        id.into(),
        site.state.as_str().into(),
        site.jurisdiction().code().into(),
        s.filed_on.to_string().into(),
        seq.into(),
    ];
    params.extend(changing(s, seq)?);
    tx.execute(
        "INSERT INTO unions (id, state, jurisdiction, filed_on, created_seq, registration_number, name, name_key, kind,
             federation, status, members, leaders, leaders_known_sex, women_leaders, founded_on, registered_on,
             last_member_update, last_financial_report, member_update_due, financial_report_due, next_deadline,
             ended_at, updated_seq)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        &params,
    )?;
    write_leaders(tx, id, s, false)?;
    write_file(tx, Table::Unions, id, json, true)
}

/// Rewrites union `id`'s rows after a change; the leaders only when the leadership changed.
pub(crate) fn update_union(
    tx: &mut dyn Tx,
    id: i64,
    before: &Union,
    s: &Union,
    json: &str,
    seq: i64,
) -> Result<(), StoreError> {
    let mut params = changing(s, seq)?;
    params.push(id.into());
    tx.execute(UPDATE_UNION, &params)?;
    if before.leadership != s.leadership {
        write_leaders(tx, id, s, true)?;
    }
    write_file(tx, Table::Unions, id, json, false)
}

/// The leadership in office, officer by officer (public: names and offices only).
fn write_leaders(tx: &mut dyn Tx, id: i64, s: &Union, replace: bool) -> Result<(), StoreError> {
    if replace {
        tx.execute("DELETE FROM union_leaders WHERE union_id = ?", &[id.into()])?;
    }
    for (i, o) in s.leadership.officers.iter().enumerate() {
        tx.execute(
            "INSERT INTO union_leaders (union_id, position, name, office) VALUES (?, ?, ?, ?)",
            &[
                id.into(),
                i64::try_from(i + 1).unwrap_or(i64::MAX).into(),
                o.name.clone().into(),
                o.office.clone().into(),
            ],
        )?;
    }
    Ok(())
}
