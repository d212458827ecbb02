//! The feed of the public search index: the unions and agreements changed after a point, with the
//! public fields the index holds, in the order of their last change.
//!
//! A row's `updated_seq` is the event of its last change; a bulk import gives every row of a batch
//! the same one, so the feed walks `(updated_seq, id)` and its cursor keeps both, per table. Writes
//! take the chain head's lock until they commit, so rows appear in `updated_seq` order and a reader
//! that has seen up to some `(seq, id)` never misses an older row committed later.
//!
//! Only public tables are read (`unions`, `agreements`, and `employers` for whether the employer
//! is a legal entity): an individual employer's name and RFC are personal data and are left out.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::common::{date, opt_date};
use crate::{Row, Store, StoreError};

/// The most rows of each kind one call returns.
pub const MAX_FEED_PAGE: u32 = 5_000;

/// Where the feed stopped: the last `(updated_seq, id)` seen of each table. The default is the
/// beginning.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FeedCursor {
    pub union_seq: i64,
    pub union_id: i64,
    pub agreement_seq: i64,
    pub agreement_id: i64,
}

impl FeedCursor {
    /// The cursor after every row whose last change is event `seq` or earlier.
    pub fn at_seq(seq: i64) -> FeedCursor {
        FeedCursor {
            union_seq: seq,
            union_id: i64::MAX,
            agreement_seq: seq,
            agreement_id: i64::MAX,
        }
    }

    /// The highest event number seen.
    pub fn max_seq(&self) -> i64 {
        self.union_seq.max(self.agreement_seq)
    }
}

/// A union as the public search indexes it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct UnionChange {
    pub id: i64,
    pub registration_number: Option<String>,
    pub name: String,
    /// '' when none.
    pub federation: String,
    /// The state's two-digit code ("14").
    pub state: String,
    /// `registration::Status` code.
    pub status: String,
    pub members: i64,
    pub filed_on: NaiveDate,
    pub registered_on: Option<NaiveDate>,
    pub updated_seq: i64,
}

/// An agreement as the public search indexes it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AgreementChange {
    pub id: i64,
    pub registration_number: Option<String>,
    pub union_id: Option<i64>,
    pub union_name: String,
    pub union_registration: String,
    /// The holding union's federation ('' when none or the union is not in the registry).
    pub federation: String,
    /// The employer's name and RFC when it is a legal entity; `None` for an individual.
    pub employer_name: Option<String>,
    pub employer_rfc: Option<String>,
    /// The state's two-digit code, the municipality's INEGI key ("14039", '' when unknown) and
    /// the two-digit SCIAN sector ('' when unknown).
    pub state: String,
    pub municipality: String,
    pub sector: String,
    /// `agreement::Status` code, and the legitimization's.
    pub status: String,
    pub legitimization: String,
    pub deposited_on: NaiveDate,
    pub registered_on: Option<NaiveDate>,
    pub covered_workers: i64,
    /// The public version (personal data removed by core's redaction), once published.
    pub public_text: Option<String>,
    pub updated_seq: i64,
}

/// One page of the feed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct RegistryChanges {
    pub unions: Vec<UnionChange>,
    pub agreements: Vec<AgreementChange>,
    /// Where to continue (the given cursor where a table had nothing new).
    pub next: FeedCursor,
    /// True when either table may have more after `next`.
    pub more: bool,
}

/// Whether an employer's name and RFC may be shown: a legal entity in the registry of employers,
/// or, for an employer not in it, a 12-character RFC (a persona moral's; 13 is an individual's).
pub(crate) fn is_legal_entity(person_kind: Option<&str>, rfc: Option<&str>) -> bool {
    match person_kind {
        Some(kind) => kind == "legal_entity",
        None => rfc.is_some_and(|r| {
            let r = r.trim();
            r.chars().count() == 12 && r.chars().all(|c| c.is_alphanumeric() || c == '&')
        }),
    }
}

const UNION_SQL: &str = "SELECT id, registration_number, name, federation, state, status, members, filed_on,
        registered_on, updated_seq
     FROM unions
     WHERE updated_seq >= ? AND (updated_seq > ? OR id > ?)
     ORDER BY updated_seq, id LIMIT ?";

const AGREEMENT_SQL: &str = "SELECT a.id, a.registration_number, a.union_id, a.union_name, a.union_registration,
        COALESCE(u.federation, ''), a.employer_name, a.employer_rfc, e.person_kind, a.state, a.municipality,
        a.sector, a.status, a.legitimization, a.deposited_on, a.registered_on, a.covered_workers,
        a.public_text, a.updated_seq
     FROM agreements a
     LEFT JOIN unions u ON u.id = a.union_id
     LEFT JOIN employers e ON e.id = a.employer_id
     WHERE a.updated_seq >= ? AND (a.updated_seq > ? OR a.id > ?)
     ORDER BY a.updated_seq, a.id LIMIT ?";

fn union_change(r: &Row) -> Result<UnionChange, StoreError> {
    Ok(UnionChange {
        id: r.i64(0)?,
        registration_number: r.opt_string(1)?,
        name: r.string(2)?,
        federation: r.string(3)?,
        state: r.string(4)?,
        status: r.string(5)?,
        members: r.i64(6)?,
        filed_on: date(r, 7)?,
        registered_on: opt_date(r, 8)?,
        updated_seq: r.i64(9)?,
    })
}

fn agreement_change(r: &Row) -> Result<AgreementChange, StoreError> {
    let rfc = r.opt_string(7)?;
    let person_kind = r.opt_string(8)?;
    let public = is_legal_entity(person_kind.as_deref(), rfc.as_deref());
    Ok(AgreementChange {
        id: r.i64(0)?,
        registration_number: r.opt_string(1)?,
        union_id: r.opt_i64(2)?,
        union_name: r.string(3)?,
        union_registration: r.string(4)?,
        federation: r.string(5)?,
        employer_name: if public { Some(r.string(6)?) } else { None },
        employer_rfc: if public { rfc } else { None },
        state: r.string(9)?,
        municipality: r.string(10)?,
        sector: r.string(11)?,
        status: r.string(12)?,
        legitimization: r.string(13)?,
        deposited_on: date(r, 14)?,
        registered_on: opt_date(r, 15)?,
        covered_workers: r.i64(16)?,
        public_text: r.opt_string(17)?,
        updated_seq: r.i64(18)?,
    })
}

impl Store {
    /// The unions and agreements changed after `after`, at most `limit` of each kind (clamped to
    /// 1..=[`MAX_FEED_PAGE`]), oldest change first, with where to continue. Public fields only.
    pub fn union_registry_changes(&self, after: &FeedCursor, limit: u32) -> Result<RegistryChanges, StoreError> {
        let limit = limit.clamp(1, MAX_FEED_PAGE);
        let fetch = i64::from(limit) + 1;
        self.read(|tx| {
            let rows = tx.query(
                UNION_SQL,
                &[
                    after.union_seq.into(),
                    after.union_seq.into(),
                    after.union_id.into(),
                    fetch.into(),
                ],
            )?;
            let more_unions = rows.len() > limit as usize;
            let unions = rows
                .iter()
                .take(limit as usize)
                .map(union_change)
                .collect::<Result<Vec<_>, _>>()?;
            let rows = tx.query(
                AGREEMENT_SQL,
                &[
                    after.agreement_seq.into(),
                    after.agreement_seq.into(),
                    after.agreement_id.into(),
                    fetch.into(),
                ],
            )?;
            let more_agreements = rows.len() > limit as usize;
            let agreements = rows
                .iter()
                .take(limit as usize)
                .map(agreement_change)
                .collect::<Result<Vec<_>, _>>()?;
            let mut next = *after;
            if let Some(u) = unions.last() {
                next.union_seq = u.updated_seq;
                next.union_id = u.id;
            }
            if let Some(a) = agreements.last() {
                next.agreement_seq = a.updated_seq;
                next.agreement_id = a.id;
            }
            Ok(RegistryChanges {
                unions,
                agreements,
                next,
                more: more_unions || more_agreements,
            })
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_legal_entities_are_named() {
        assert!(is_legal_entity(Some("legal_entity"), None));
        assert!(!is_legal_entity(Some("individual"), Some("MAB9307148T4")));
        assert!(is_legal_entity(None, Some("MAB9307148T4")));
        assert!(!is_legal_entity(None, Some("PEGJ800101AB1")));
        assert!(!is_legal_entity(None, None));
    }

    #[test]
    fn a_cursor_at_a_seq_is_past_every_row_of_it() {
        let c = FeedCursor::at_seq(7);
        assert_eq!(c.max_seq(), 7);
        assert_eq!(c.union_id, i64::MAX);
    }
}
