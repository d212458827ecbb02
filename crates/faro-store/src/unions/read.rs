//! The registry's reads. The public ones read only public tables (never `*_files` nor
//! `union_anomalies`); the registrar's confidential ones are named `*_file`.

use chrono::{DateTime, Utc};
use faro_core::union::compliance::{self, Overdue, UnionFilings};
use faro_core::union::registration::Union;
use faro_core::union::representativeness::Representativeness;
use faro_core::union::vote::{Vote, VoteRef};

use super::common::{date, opt_date};
use super::derive::RecordKind;
use super::views::{
    agreement_row, json_opt, request_row, union_row, vote_row, AgreementFilter, AgreementRecord, AgreementSummary,
    Leader, OverdueFilter, RepresentativenessSummary, RevisionRecord, StationRecord, UnionFilter, UnionRecord,
    UnionSummary, VoteRecord, VoteSummary, AGREEMENT_COLUMNS, REQUEST_COLUMNS, UNION_COLUMNS, VOTE_COLUMNS,
};
use super::UnionLaw;
use crate::public::Page;
use crate::tx::{Backend, Tx};
use crate::{Row, Store, StoreError, Value};

/// The most records one page returns.
const MAX_PAGE: u32 = 500;

/// A name-prefix filter an ordinary index serves, as `(condition, pattern)`: the prefix
/// normalized like `name_key` (`faro_core::text::normalize`: upper case, accents and punctuation
/// removed, so it never holds a wildcard), matched with GLOB on SQLite and LIKE on PostgreSQL (with
/// a `text_pattern_ops` index). `None` for a prefix with nothing to match.
fn name_prefix(backend: Backend, prefix: &str) -> Option<(&'static str, String)> {
    let key = faro_core::text::normalize(prefix);
    if key.is_empty() {
        return None;
    }
    Some(match backend {
        Backend::Sqlite => ("name_key GLOB ?", format!("{key}*")),
        Backend::Postgres => ("name_key LIKE ?", format!("{key}%")),
    })
}

/// Runs a page query (`sql` ends with its WHERE clauses) ordered by id, newest first.
fn page<T>(
    store: &Store,
    sql: String,
    mut params: Vec<Value>,
    limit: u32,
    after: Option<i64>,
    row: fn(&Row) -> Result<T, StoreError>,
    id_of: fn(&T) -> i64,
) -> Result<Page<T>, StoreError> {
    let limit = limit.clamp(1, MAX_PAGE);
    let mut sql = sql;
    if let Some(after) = after {
        sql.push_str(" AND id < ?");
        params.push(after.into());
    }
    sql.push_str(" ORDER BY id DESC LIMIT ?");
    params.push(i64::from(limit + 1).into());
    store.read(|tx| {
        let rows = tx.query(&sql, &params)?;
        let more = rows.len() > limit as usize;
        let items = rows
            .iter()
            .take(limit as usize)
            .map(row)
            .collect::<Result<Vec<_>, _>>()?;
        let next_after = if more { items.last().map(id_of) } else { None };
        Ok(Page { items, next_after })
    })
}

fn file_of<T: serde::de::DeserializeOwned>(
    tx: &mut dyn Tx,
    table: &str,
    key: &str,
    id: i64,
) -> Result<Option<T>, StoreError> {
    tx.query_one(&format!("SELECT state_json FROM {table} WHERE {key} = ?"), &[id.into()])?
        .map(|r| Ok(serde_json::from_str(&r.string(0)?)?))
        .transpose()
}

impl Store {
    /// A union as the public registry shows it.
    pub fn union(&self, id: i64) -> Result<Option<UnionRecord>, StoreError> {
        self.read(|tx| {
            let Some(r) = tx.query_one(
                &format!("SELECT {UNION_COLUMNS} FROM unions WHERE id = ?"),
                &[id.into()],
            )?
            else {
                return Ok(None);
            };
            let leaders = tx
                .query(
                    "SELECT name, office FROM union_leaders WHERE union_id = ? ORDER BY position",
                    &[id.into()],
                )?
                .iter()
                .map(|l| {
                    Ok(Leader {
                        name: l.string(0)?,
                        office: l.string(1)?,
                    })
                })
                .collect::<Result<Vec<_>, StoreError>>()?;
            Ok(Some(UnionRecord {
                summary: union_row(&r)?,
                leaders,
            }))
        })
    }

    /// Unions, newest first, a page at a time.
    pub fn unions(&self, f: &UnionFilter) -> Result<Page<UnionSummary>, StoreError> {
        let mut sql = format!("SELECT {UNION_COLUMNS} FROM unions WHERE 1 = 1");
        let mut params: Vec<Value> = Vec::new();
        if let Some(s) = f.state {
            sql.push_str(" AND state = ?");
            params.push(s.as_str().into());
        }
        if let Some(s) = f.status {
            sql.push_str(" AND status = ?");
            params.push(s.code().into());
        }
        if let Some(n) = &f.registration_number {
            sql.push_str(" AND registration_number = ?");
            params.push(n.trim().into());
        }
        if let Some(prefix) = &f.name_prefix {
            if let Some((condition, pattern)) = name_prefix(self.backend(), prefix) {
                sql.push_str(&format!(" AND {condition}"));
                params.push(pattern.into());
            }
        }
        page(self, sql, params, f.limit, f.after, union_row, |u| u.id)
    }

    /// CONFIDENTIAL (the registrar's): a union's whole file, with its members' CURPs and
    /// addresses (LFT 365 Bis).
    pub fn union_file(&self, id: i64) -> Result<Option<Union>, StoreError> {
        self.read(|tx| file_of(tx, "union_files", "union_id", id))
    }

    /// The registered unions overdue with their member updates (377-III) or their accounts
    /// (373) on `now`'s date, the longest overdue first (`compliance::overdue`; each union named
    /// by its subject, "union/12").
    pub fn overdue_unions(
        &self,
        law: &UnionLaw<'_>,
        now: DateTime<Utc>,
        f: &OverdueFilter,
    ) -> Result<Vec<Overdue>, StoreError> {
        let mut sql = "SELECT id, name, registered_on, last_member_update, last_financial_report FROM unions
             WHERE status IN ('registered', 'deemed_registered') AND registered_on IS NOT NULL"
            .to_string();
        let mut params: Vec<Value> = Vec::new();
        if let Some(s) = f.state {
            sql.push_str(" AND state = ?");
            params.push(s.as_str().into());
        }
        sql.push_str(" ORDER BY id");
        let filings = self.read(|tx| {
            tx.query(&sql, &params)?
                .iter()
                .map(|r| {
                    Ok(UnionFilings {
                        union_id: RecordKind::Union.subject(r.i64(0)?),
                        name: r.string(1)?,
                        registered_on: date(r, 2)?,
                        last_member_update: opt_date(r, 3)?,
                        last_financial_assembly: opt_date(r, 4)?,
                    })
                })
                .collect::<Result<Vec<_>, StoreError>>()
        })?;
        let mut out = compliance::overdue(&law.ctx(now), &filings, now.date_naive())?;
        out.truncate(f.limit.clamp(1, 5000) as usize);
        Ok(out)
    }

    /// An agreement as the public registry shows it.
    pub fn agreement(&self, id: i64) -> Result<Option<AgreementRecord>, StoreError> {
        self.read(|tx| {
            let Some(r) = tx.query_one(
                &format!(
                    "SELECT {AGREEMENT_COLUMNS}, wage_table_json, benefits_json, public_text, state_json
                     FROM agreements WHERE id = ?"
                ),
                &[id.into()],
            )?
            else {
                return Ok(None);
            };
            let revisions = tx
                .query(
                    "SELECT number, kind, agreed_on, effective_from, deposited_on, vote, increase_bp
                     FROM agreement_revisions WHERE agreement_id = ? ORDER BY number",
                    &[id.into()],
                )?
                .iter()
                .map(|v| {
                    Ok(RevisionRecord {
                        number: v.i64(0)?,
                        kind: v.string(1)?,
                        agreed_on: date(v, 2)?,
                        effective_from: date(v, 3)?,
                        deposited_on: date(v, 4)?,
                        vote: v.string(5)?,
                        increase_bp: v.opt_i64(6)?,
                    })
                })
                .collect::<Result<Vec<_>, StoreError>>()?;
            Ok(Some(AgreementRecord {
                summary: agreement_row(&r)?,
                wage_table: json_opt(&r, 37)?,
                benefits: json_opt(&r, 38)?,
                public_text: r.opt_string(39)?,
                revisions,
                state: serde_json::from_str(&r.string(40)?)?,
            }))
        })
    }

    /// Agreements, newest first, a page at a time.
    pub fn agreements(&self, f: &AgreementFilter) -> Result<Page<AgreementSummary>, StoreError> {
        let mut sql = format!("SELECT {AGREEMENT_COLUMNS} FROM agreements WHERE 1 = 1");
        let mut params: Vec<Value> = Vec::new();
        if let Some(u) = f.union_id {
            sql.push_str(" AND union_id = ?");
            params.push(u.into());
        }
        if let Some(e) = f.employer_id {
            sql.push_str(" AND employer_id = ?");
            params.push(e.into());
        }
        if let Some(s) = f.state {
            sql.push_str(" AND state = ?");
            params.push(s.as_str().into());
        }
        if let Some(s) = f.status {
            sql.push_str(" AND status = ?");
            params.push(s.code().into());
        }
        page(self, sql, params, f.limit, f.after, agreement_row, |a| a.id)
    }

    /// A request for a certificate of representativeness as the public registry shows it.
    pub fn representativeness(&self, id: i64) -> Result<Option<RepresentativenessSummary>, StoreError> {
        self.read(|tx| {
            tx.query_one(
                &format!("SELECT {REQUEST_COLUMNS} FROM representativeness_requests WHERE id = ?"),
                &[id.into()],
            )?
            .map(|r| request_row(&r))
            .transpose()
        })
    }

    /// CONFIDENTIAL (the registrar's): a request's whole file, with its support lists' checks.
    pub fn representativeness_file(&self, id: i64) -> Result<Option<Representativeness>, StoreError> {
        self.read(|tx| file_of(tx, "representativeness_files", "request_id", id))
    }

    /// A vote as the public registry shows it.
    pub fn vote(&self, id: i64) -> Result<Option<VoteRecord>, StoreError> {
        self.read(|tx| {
            let Some(r) = tx.query_one(&format!("SELECT {VOTE_COLUMNS} FROM votes WHERE id = ?"), &[id.into()])? else {
                return Ok(None);
            };
            let stations = tx
                .query(
                    "SELECT station, place, roll, votes_json, void, blank FROM vote_stations WHERE vote_id = ?
                     ORDER BY station",
                    &[id.into()],
                )?
                .iter()
                .map(|s| {
                    Ok(StationRecord {
                        station: s.string(0)?,
                        place: s.string(1)?,
                        roll: s.i64(2)?,
                        votes: json_opt(s, 3)?,
                        void: s.opt_i64(4)?,
                        blank: s.opt_i64(5)?,
                    })
                })
                .collect::<Result<Vec<_>, StoreError>>()?;
            Ok(Some(VoteRecord {
                summary: vote_row(&r)?,
                stations,
            }))
        })
    }

    /// The votes about an agreement (its revisions, legitimization, termination) and the one
    /// that approved it before its deposit, oldest first.
    pub fn votes_of_agreement(&self, agreement_id: i64) -> Result<Vec<VoteSummary>, StoreError> {
        self.read(|tx| {
            tx.query(
                &format!(
                    "SELECT {VOTE_COLUMNS} FROM votes WHERE agreement_id = ?
                         OR id = (SELECT approval_vote_id FROM agreements WHERE id = ?)
                     ORDER BY id"
                ),
                &[agreement_id.into(), agreement_id.into()],
            )?
            .iter()
            .map(vote_row)
            .collect()
        })
    }

    /// A vote's result as the agreement and certificate commands cite it ("vote/12"), once its
    /// outcome was applied: the totals, never the roll.
    pub fn vote_reference(&self, id: i64) -> Result<Option<VoteRef>, StoreError> {
        Ok(self
            .vote_file(id)?
            .and_then(|v| v.reference(&RecordKind::Vote.subject(id))))
    }

    /// CONFIDENTIAL (the registrar's): a vote's whole file, with its roll (names, CURPs).
    pub fn vote_file(&self, id: i64) -> Result<Option<Vote>, StoreError> {
        self.read(|tx| file_of(tx, "vote_files", "vote_id", id))
    }
}
