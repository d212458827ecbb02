//! What a command cites of other records, checked inside its transaction: the votes whose results
//! it relies on (each must be a stored vote whose applied result is exactly the one cited), the
//! certificate of representativeness, the unions by registration number, and the record a vote is
//! about. Core checks what a citation says; the store checks that it is true.

use chrono::NaiveDate;
use faro_core::text::normalize;
use faro_core::union::agreement::CertificateRef;
use faro_core::union::representativeness::Representativeness;
use faro_core::union::vote::{Purpose, Vote, VoteRef};
use faro_core::DomainError;

use super::derive::{parse_subject, subjects_for, vote_number, RecordKind};
use super::place::Lookups;
use super::vote_row::VoteLink;
use crate::tx::Tx;
use crate::StoreError;

fn refused(field: &'static str, code: &'static str, detail: String) -> StoreError {
    StoreError::Domain(DomainError::field(field, code, detail))
}

/// The records a stored vote is linked to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct CitedVote {
    pub(crate) id: i64,
    pub(crate) agreement_id: Option<i64>,
    pub(crate) request_id: Option<i64>,
}

/// The stored vote `v` names ("vote/N"), whose outcome was applied and whose result is exactly
/// `v`'s: `union_registry.vote_unknown` or `union_registry.vote_mismatch` otherwise.
pub(crate) fn check_vote_ref(tx: &mut dyn Tx, field: &'static str, v: &VoteRef) -> Result<CitedVote, StoreError> {
    let unknown = || {
        refused(
            field,
            "union_registry.vote_unknown",
            format!(
                "'{}' is not a vote of the registry (votes are cited as vote/N)",
                v.vote_id
            ),
        )
    };
    let id = vote_number(&v.vote_id).ok_or_else(unknown)?;
    let r = tx
        .query_one(
            "SELECT f.state_json, v.agreement_id, v.request_id FROM votes v JOIN vote_files f ON f.vote_id = v.id
             WHERE v.id = ?",
            &[id.into()],
        )?
        .ok_or_else(unknown)?;
    let stored: Vote = serde_json::from_str(&r.string(0)?)?;
    if stored.reference(&v.vote_id).as_ref() != Some(v) {
        return Err(StoreError::Domain(
            DomainError::field(
                field,
                "union_registry.vote_mismatch",
                format!(
                    "{} has no applied result, or not the one cited (its status is {})",
                    v.vote_id,
                    stored.status.code()
                ),
            )
            .with("vote", v.vote_id.clone()),
        ));
    }
    Ok(CitedVote {
        id,
        agreement_id: r.opt_i64(1)?,
        request_id: r.opt_i64(2)?,
    })
}

/// A vote cited by a record must be about that record (a revision's vote about its agreement).
pub(crate) fn check_vote_subject(
    field: &'static str,
    cited: Option<i64>,
    record: i64,
    vote_id: &str,
) -> Result<(), StoreError> {
    if cited == Some(record) {
        return Ok(());
    }
    Err(refused(
        field,
        "union_registry.vote_other_subject",
        format!("{vote_id} is about another record"),
    ))
}

/// The certificate `c` cites is one the registry issued, to that union, on that day.
pub(crate) fn check_certificate(tx: &mut dyn Tx, c: &CertificateRef) -> Result<String, StoreError> {
    let r = tx.query_one(
        "SELECT holder, issued_on FROM representativeness_requests WHERE certificate_number = ?",
        &[c.id.trim().into()],
    )?;
    let matches = match &r {
        Some(r) => {
            let holder = r.opt_string(0)?.unwrap_or_default();
            let issued = r.opt_string(1)?.unwrap_or_default();
            normalize(&holder) == normalize(&c.union) && issued == c.issued_on.to_string()
        }
        None => false,
    };
    if !matches {
        return Err(StoreError::Domain(
            DomainError::field(
                "certificate",
                "union_registry.certificate_unknown",
                format!(
                    "the registry issued no certificate {} to {} on {}",
                    c.id, c.union, c.issued_on
                ),
            )
            .with("certificate", c.id.clone()),
        ));
    }
    Ok(c.id.trim().to_string())
}

/// The registered union with this registration number.
pub(crate) fn registered_union(
    tx: &mut dyn Tx,
    lookups: &mut Lookups,
    field: &'static str,
    registration_number: &str,
) -> Result<i64, StoreError> {
    match lookups.union(tx, registration_number)? {
        Some(u) if u.registered => Ok(u.id),
        Some(_) => Err(refused(
            field,
            "union_registry.union_not_registered",
            format!("the union {registration_number} is not registered"),
        )),
        None => Err(refused(
            field,
            "union_registry.union_unknown",
            format!("no union is registered as {registration_number}"),
        )),
    }
}

/// The record a vote for `purpose` names as its subject, which must exist and be of a kind the
/// purpose allows (see `derive::subjects_for`).
pub(crate) fn vote_link(tx: &mut dyn Tx, purpose: Purpose, subject: &str) -> Result<VoteLink, StoreError> {
    let allowed = subjects_for(purpose);
    let names = allowed
        .iter()
        .map(|k| format!("{}/N", k.prefix()))
        .collect::<Vec<_>>()
        .join(" or ");
    let (kind, id) = parse_subject(subject)
        .filter(|(k, _)| allowed.contains(k))
        .ok_or_else(|| {
            refused(
                "subject",
                "union_registry.vote_subject_invalid",
                format!("a {} vote is about {names}, not '{subject}'", purpose.code()),
            )
        })?;
    let table = match kind {
        RecordKind::Union => "unions",
        RecordKind::Agreement => "agreements",
        RecordKind::Representativeness => "representativeness_requests",
        RecordKind::Vote => "votes",
    };
    let r = tx
        .query_one(
            &format!("SELECT state, jurisdiction FROM {table} WHERE id = ?"),
            &[id.into()],
        )?
        .ok_or_else(|| {
            refused(
                "subject",
                "union_registry.vote_subject_unknown",
                format!("{subject} is not in the registry"),
            )
        })?;
    Ok(VoteLink {
        agreement_id: (kind == RecordKind::Agreement).then_some(id),
        union_id: (kind == RecordKind::Union).then_some(id),
        request_id: (kind == RecordKind::Representativeness).then_some(id),
        state: r.string(0)?,
        jurisdiction: r.string(1)?,
    })
}

/// LFT 387: while a certificate is in force at a workplace no other request is admitted there,
/// and a request under way is joined (390 Bis-II), not requested again.
pub(crate) fn check_workplace_free(tx: &mut dyn Tx, key: &str, today: NaiveDate) -> Result<(), StoreError> {
    let rows = tx.query(
        "SELECT r.id, r.status, f.state_json FROM representativeness_requests r
         JOIN representativeness_files f ON f.request_id = r.id
         WHERE r.workplace_key = ? AND r.status NOT IN ('denied', 'expired')",
        &[key.into()],
    )?;
    for r in rows {
        let (id, status) = (r.i64(0)?, r.string(1)?);
        if status == "issued" {
            let s: Representativeness = serde_json::from_str(&r.string(2)?)?;
            if s.is_valid_on(today) {
                return Err(StoreError::Domain(
                    DomainError::new(
                        "representativeness.certificate_in_force",
                        format!("a certificate is in force at this workplace (request {id}, LFT 387)"),
                    )
                    .with("request", id.to_string()),
                ));
            }
        } else {
            return Err(StoreError::Domain(
                DomainError::new(
                    "representativeness.request_open",
                    format!("request {id} is under way at this workplace: join it (LFT 390 Bis-II)"),
                )
                .with("request", id.to_string()),
            ));
        }
    }
    Ok(())
}
