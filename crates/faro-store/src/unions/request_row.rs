//! A request for a certificate of representativeness: its public row
//! (`representativeness_requests`: the workplace, the unions' count, the certificate) and its
//! state, confidential (`representativeness_files`: the support lists' checks name workers).

use faro_core::ids::normalize as normalize_id;
use faro_core::text::normalize;
use faro_core::union::representativeness::Representativeness;

use super::common::{day, write_file, Table};
use super::derive::vote_number;
use super::place::{Lookups, Place};
use crate::tx::Tx;
use crate::{timestamp, StoreError, Value};

/// The key one certificate in force is kept per (387): the employer's RFC and the workplace,
/// normalized.
pub(crate) fn workplace_key(employer_rfc: &str, workplace: &str) -> String {
    format!("{}|{}", normalize_id(employer_rfc), normalize(workplace))
}

/// The union the certificate went to, found by the registration number its applicant gave.
fn holder_union_id(tx: &mut dyn Tx, lookups: &mut Lookups, s: &Representativeness) -> Result<Option<i64>, StoreError> {
    let Some(c) = &s.certificate else {
        return Ok(None);
    };
    let Some(a) = s.applicants.iter().find(|a| normalize(&a.union) == normalize(&c.union)) else {
        return Ok(None);
    };
    Ok(lookups.union(tx, &a.registration_number)?.map(|u| u.id))
}

/// The columns that follow the state, in the order of [`UPDATE_REQUEST`].
fn changing(
    tx: &mut dyn Tx,
    lookups: &mut Lookups,
    s: &Representativeness,
    seq: i64,
) -> Result<Vec<Value>, StoreError> {
    let c = s.certificate.as_ref();
    Ok(vec![
        s.status.code().into(),
        i64::try_from(s.applicants.len()).unwrap_or(i64::MAX).into(),
        day(s.notice_published_on),
        day(s.window_until),
        c.map(|c| c.number.clone()).filter(|n| !n.is_empty()).into(),
        c.map(|c| c.union.clone()).into(),
        holder_union_id(tx, lookups, s)?.into(),
        day(c.map(|c| c.issued_on)),
        day(c.map(|c| c.valid_until)),
        c.and_then(|c| c.vote_id.as_deref()).and_then(vote_number).into(),
        day(s.next_deadline().map(|d| d.on)),
        s.ended_at.map(timestamp).into(),
        seq.into(),
    ])
}

const UPDATE_REQUEST: &str = "UPDATE representativeness_requests SET status = ?, applicants = ?,
     notice_published_on = ?, window_until = ?, certificate_number = ?, holder = ?, holder_union_id = ?,
     issued_on = ?, valid_until = ?, vote_id = ?, next_deadline = ?, ended_at = ?, updated_seq = ?
 WHERE id = ?";

/// Inserts a new request's rows as number `id`.
pub(crate) fn insert_request(
    tx: &mut dyn Tx,
    lookups: &mut Lookups,
    id: i64,
    s: &Representativeness,
    json: &str,
    place: &Place,
    seq: i64,
) -> Result<(), StoreError> {
    let mut params: Vec<Value> = vec![
        id.into(),
        s.employer_name.clone().into(),
        s.employer_rfc.clone().into(),
        place.employer_id.into(),
        place.workplace_id.into(),
        s.workplace.clone().into(),
        workplace_key(&s.employer_rfc, &s.workplace).into(),
        place.state.clone().into(),
        place.municipality.clone().into(),
        place.sector.clone().into(),
        place.jurisdiction.code().into(),
        s.covered_workers.into(),
        s.requested_on.to_string().into(),
        seq.into(),
    ];
    params.extend(changing(tx, lookups, s, seq)?);
    tx.execute(
        "INSERT INTO representativeness_requests (id, employer_name, employer_rfc, employer_id, workplace_id,
             workplace, workplace_key, state, municipality, sector, jurisdiction, covered_workers, requested_on,
             created_seq, status, applicants, notice_published_on, window_until, certificate_number, holder,
             holder_union_id, issued_on, valid_until, vote_id, next_deadline, ended_at, updated_seq)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        &params,
    )?;
    write_file(tx, Table::Requests, id, json, true)
}

/// Rewrites request `id`'s rows after a change.
pub(crate) fn update_request(
    tx: &mut dyn Tx,
    lookups: &mut Lookups,
    id: i64,
    s: &Representativeness,
    json: &str,
    seq: i64,
) -> Result<(), StoreError> {
    let mut params = changing(tx, lookups, s, seq)?;
    params.push(id.into());
    tx.execute(UPDATE_REQUEST, &params)?;
    write_file(tx, Table::Requests, id, json, false)
}
