//! An agreement's read rows: `agreements` (its columns, terms, public version and state, all
//! public: the state holds no worker's personal data) and `agreement_revisions`.

use chrono::NaiveDate;
use faro_core::union::agreement::{Agreement, Event};

use super::common::{code_of, day};
use super::derive::{legitimization_code, wage_increase_bp};
use super::place::Place;
use crate::tx::Tx;
use crate::{timestamp, StoreError, Value};

/// What the agreement's row links to besides its place: the union (by its registration number),
/// the certificate cited and the vote that approved it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct AgreementLinks {
    pub(crate) union_id: Option<i64>,
    pub(crate) certificate_number: Option<String>,
    pub(crate) approval_vote_id: Option<i64>,
}

/// A revision deposited, as `agreement_revisions` holds it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct RevisionRow {
    pub(crate) number: i64,
    pub(crate) kind: String,
    pub(crate) agreed_on: NaiveDate,
    pub(crate) effective_from: NaiveDate,
    pub(crate) deposited_on: NaiveDate,
    pub(crate) vote: String,
    pub(crate) increase_bp: Option<i64>,
}

/// The revisions `events` deposit on top of `before`, numbered after its own, each with the wage
/// increase from the terms in force before it to the terms it gives.
pub(crate) fn new_revisions(before: Option<&Agreement>, events: &[Event]) -> Result<Vec<RevisionRow>, StoreError> {
    let mut state = before.cloned();
    let mut out = Vec::new();
    for e in events {
        if let Event::RevisionDeposited {
            kind,
            agreed_on,
            effective_from,
            vote_id,
            terms,
            on,
            ..
        } = e
        {
            let prior = state.as_ref();
            let number = prior.map_or(0, |s| s.revisions.len()) + 1;
            let increase = match (prior.and_then(|s| s.terms.as_ref()), terms) {
                (Some(old), Some(new)) => wage_increase_bp(old, new),
                _ => None,
            };
            out.push(RevisionRow {
                number: i64::try_from(number).unwrap_or(i64::MAX),
                kind: code_of(kind)?,
                agreed_on: *agreed_on,
                effective_from: *effective_from,
                deposited_on: *on,
                vote: vote_id.clone(),
                increase_bp: increase,
            });
        }
        state = faro_core::union::agreement::apply(state, e);
    }
    Ok(out)
}

/// The last public version `events` publish.
pub(crate) fn last_public_text(events: &[Event]) -> Option<&str> {
    events.iter().rev().find_map(|e| match e {
        Event::PublicVersionPublished { public_text, .. } => Some(public_text.as_str()),
        _ => None,
    })
}

/// The columns that follow the state, in the order of [`UPDATE_AGREEMENT`].
fn changing(s: &Agreement, json: &str, seq: i64) -> Result<Vec<Value>, StoreError> {
    let dates = s.revision_dates.as_ref();
    let terms = s.terms.as_ref();
    Ok(vec![
        s.registration_number.clone().into(),
        s.status.code().into(),
        legitimization_code(&s.legitimization).into(),
        day(s.registered_on),
        s.termination.as_ref().map(code_of).transpose()?.into(),
        s.ended_at.map(timestamp).into(),
        day(s.next_deadline().map(|d| d.on)),
        day(dates.map(|d| d.wage_on)),
        day(dates.map(|d| d.wage_request_by)),
        day(dates.map(|d| d.full_on)),
        day(dates.map(|d| d.full_request_by)),
        i64::try_from(s.revisions.len()).unwrap_or(i64::MAX).into(),
        day(s.revisions.last().map(|r| r.deposited_on)),
        s.minimums.as_ref().is_some_and(|m| m.below_law()).into(),
        terms.map(|t| serde_json::to_string(&t.wage_table)).transpose()?.into(),
        terms.map(|t| serde_json::to_string(&t.benefits)).transpose()?.into(),
        day(s.public_version.as_ref().map(|p| p.published_on)),
        json.into(),
        seq.into(),
    ])
}

const UPDATE_AGREEMENT: &str = "UPDATE agreements SET registration_number = ?, status = ?, legitimization = ?,
     registered_on = ?, termination = ?, ended_at = ?, next_deadline = ?, wage_revision_on = ?, wage_request_by = ?,
     full_revision_on = ?, full_request_by = ?, revisions = ?, last_revision_on = ?, below_law = ?,
     wage_table_json = ?, benefits_json = ?, public_version_on = ?, state_json = ?, updated_seq = ?
 WHERE id = ?";

/// Inserts a new agreement's row as number `id`.
pub(crate) fn insert_agreement(
    tx: &mut dyn Tx,
    id: i64,
    s: &Agreement,
    json: &str,
    place: &Place,
    links: &AgreementLinks,
    seq: i64,
) -> Result<(), StoreError> {
    let mut params: Vec<Value> = vec![
        id.into(),
        code_of(&s.kind)?.into(),
        links.union_id.into(),
        s.union_name.clone().into(),
        s.union_registration.clone().into(),
        place.employer_id.into(),
        place.workplace_id.into(),
        s.employer_name.clone().into(),
        s.employer_rfc.as_ref().map(|r| r.as_str().to_string()).into(),
        place.state.clone().into(),
        place.municipality.clone().into(),
        place.sector.clone().into(),
        place.jurisdiction.code().into(),
        s.covered_workers.into(),
        s.signed_on.to_string().into(),
        s.effective_from.to_string().into(),
        s.deposited_on.to_string().into(),
        s.decide_by.to_string().into(),
        links.certificate_number.clone().into(),
        links.approval_vote_id.into(),
        seq.into(),
    ];
    params.extend(changing(s, json, seq)?);
    tx.execute(
        "INSERT INTO agreements (id, kind, union_id, union_name, union_registration, employer_id, workplace_id,
             employer_name, employer_rfc, state, municipality, sector, jurisdiction, covered_workers, signed_on,
             effective_from, deposited_on, decide_by, certificate_number, approval_vote_id, created_seq,
             registration_number, status, legitimization, registered_on, termination, ended_at, next_deadline,
             wage_revision_on, wage_request_by, full_revision_on, full_request_by, revisions, last_revision_on,
             below_law, wage_table_json, benefits_json, public_version_on, state_json, updated_seq)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?,
             ?, ?, ?, ?, ?, ?)",
        &params,
    )?;
    Ok(())
}

/// Rewrites agreement `id`'s row after a change.
pub(crate) fn update_agreement(
    tx: &mut dyn Tx,
    id: i64,
    s: &Agreement,
    json: &str,
    seq: i64,
) -> Result<(), StoreError> {
    let mut params = changing(s, json, seq)?;
    params.push(id.into());
    tx.execute(UPDATE_AGREEMENT, &params)?;
    Ok(())
}

/// Writes what the events add beside the state: the revisions deposited (and the increase of the
/// last one that gave a wage table) and the public version's text.
pub(crate) fn write_extras(
    tx: &mut dyn Tx,
    id: i64,
    revisions: &[RevisionRow],
    events: &[Event],
) -> Result<(), StoreError> {
    for r in revisions {
        tx.execute(
            "INSERT INTO agreement_revisions (agreement_id, number, kind, agreed_on, effective_from, deposited_on,
                 vote, increase_bp)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            &[
                id.into(),
                r.number.into(),
                r.kind.clone().into(),
                r.agreed_on.to_string().into(),
                r.effective_from.to_string().into(),
                r.deposited_on.to_string().into(),
                r.vote.clone().into(),
                r.increase_bp.into(),
            ],
        )?;
    }
    if revisions.iter().any(|r| r.increase_bp.is_some()) {
        tx.execute(
            "UPDATE agreements SET wage_increase_bp = (SELECT r.increase_bp FROM agreement_revisions r
                 WHERE r.agreement_id = ? AND r.increase_bp IS NOT NULL ORDER BY r.number DESC LIMIT 1)
             WHERE id = ?",
            &[id.into(), id.into()],
        )?;
    }
    if let Some(text) = last_public_text(events) {
        tx.execute(
            "UPDATE agreements SET public_text = ? WHERE id = ?",
            &[text.into(), id.into()],
        )?;
    }
    Ok(())
}
