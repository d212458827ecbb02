//! The public reads the registry's open data and public pages need beyond `read.rs`: every vote
//! and every revision a page at a time (keyset-paginated, so a national registry is exported in
//! bounded memory), and the votes that concern a union. Public tables only.

use super::common::date;
use super::views::{vote_row, RevisionRecord, VoteSummary, VOTE_COLUMNS};
use crate::public::Page;
use crate::{Store, StoreError, Value};

/// The most rows one page returns.
const MAX_PAGE: u32 = 5_000;

/// A revision with the agreement it belongs to, as the open data lists it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct AgreementRevision {
    pub agreement_id: i64,
    pub agreement_registration: Option<String>,
    pub revision: RevisionRecord,
}

impl Store {
    /// Every vote, oldest first, a page at a time (`after`: the previous page's `next_after`).
    pub fn union_votes_page(&self, after: Option<i64>, limit: u32) -> Result<Page<VoteSummary>, StoreError> {
        let limit = limit.clamp(1, MAX_PAGE);
        let sql = format!("SELECT {VOTE_COLUMNS} FROM votes WHERE id > ? ORDER BY id LIMIT ?");
        let params: Vec<Value> = vec![after.unwrap_or(0).into(), i64::from(limit + 1).into()];
        self.read(|tx| {
            let rows = tx.query(&sql, &params)?;
            let more = rows.len() > limit as usize;
            let items = rows
                .iter()
                .take(limit as usize)
                .map(vote_row)
                .collect::<Result<Vec<_>, _>>()?;
            let next_after = if more { items.last().map(|v| v.id) } else { None };
            Ok(Page { items, next_after })
        })
    }

    /// Every revision, by agreement and number, a page at a time after `(agreement_id, number)`.
    /// The page is the last when it holds fewer than `limit` rows.
    pub fn agreement_revisions_page(
        &self,
        after: Option<(i64, i64)>,
        limit: u32,
    ) -> Result<Vec<AgreementRevision>, StoreError> {
        let limit = limit.clamp(1, MAX_PAGE);
        let (agreement, number) = after.unwrap_or((0, 0));
        self.read(|tx| {
            tx.query(
                "SELECT r.agreement_id, a.registration_number, r.number, r.kind, r.agreed_on, r.effective_from,
                     r.deposited_on, r.vote, r.increase_bp
                 FROM agreement_revisions r JOIN agreements a ON a.id = r.agreement_id
                 WHERE r.agreement_id > ? OR (r.agreement_id = ? AND r.number > ?)
                 ORDER BY r.agreement_id, r.number LIMIT ?",
                &[
                    agreement.into(),
                    agreement.into(),
                    number.into(),
                    i64::from(limit).into(),
                ],
            )?
            .iter()
            .map(|r| {
                Ok(AgreementRevision {
                    agreement_id: r.i64(0)?,
                    agreement_registration: r.opt_string(1)?,
                    revision: RevisionRecord {
                        number: r.i64(2)?,
                        kind: r.string(3)?,
                        agreed_on: date(r, 4)?,
                        effective_from: date(r, 5)?,
                        deposited_on: date(r, 6)?,
                        vote: r.string(7)?,
                        increase_bp: r.opt_i64(8)?,
                    },
                })
            })
            .collect()
        })
    }

    /// The votes about a union or about its agreements, oldest first (at most `limit`).
    pub fn votes_of_union(&self, union_id: i64, limit: u32) -> Result<Vec<VoteSummary>, StoreError> {
        let limit = limit.clamp(1, MAX_PAGE);
        self.read(|tx| {
            tx.query(
                &format!(
                    "SELECT {VOTE_COLUMNS} FROM votes WHERE union_id = ?
                         OR agreement_id IN (SELECT id FROM agreements WHERE union_id = ?)
                     ORDER BY id LIMIT ?"
                ),
                &[union_id.into(), union_id.into(), i64::from(limit).into()],
            )?
            .iter()
            .map(vote_row)
            .collect()
        })
    }
}
