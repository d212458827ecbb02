//! Which registered unions are overdue, as of a date, with the two periodic filings the law asks
//! of them:
//!
//! * **members** (377-III): joiners and leavers at least every 3 months, counted from the
//!   registration or the last update;
//! * **accounts** (373): an assembly at least every 6 months from the registration or the last
//!   one, and its minutes delivered to the CFCRL within the 10 days after it (so the filing is
//!   due 6 months plus 10 days after the previous assembly).
//!
//! Pure: the store hands in each union's last filings.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::clock::{months_after, term_end};
use super::registration::Union;
use super::rules::{Param, Term};
use super::Ctx;
use crate::DomainError;

/// A union's last periodic filings.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UnionFilings {
    pub union_id: String,
    pub name: String,
    pub registered_on: NaiveDate,
    pub last_member_update: Option<NaiveDate>,
    pub last_financial_assembly: Option<NaiveDate>,
}

impl UnionFilings {
    /// The filings of a registered union's file (`None` while it is not registered or after it
    /// was cancelled).
    pub fn of(union_id: &str, u: &Union) -> Option<UnionFilings> {
        if !u.status.is_registered() {
            return None;
        }
        Some(UnionFilings {
            union_id: union_id.to_string(),
            name: u.filing.name.clone(),
            registered_on: u.registered_on?,
            last_member_update: u.last_member_update,
            last_financial_assembly: u.last_financial_assembly,
        })
    }
}

/// A periodic filing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Obligation {
    MemberUpdate,
    FinancialReport,
}

impl Obligation {
    pub fn article(self) -> &'static str {
        match self {
            Obligation::MemberUpdate => "LFT 377-III",
            Obligation::FinancialReport => "LFT 373",
        }
    }
}

/// Where one obligation stands on a date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ObligationStatus {
    pub obligation: Obligation,
    /// The last day of the current period.
    pub due_on: NaiveDate,
    /// Days past `due_on` (0 when not overdue).
    pub days_overdue: i64,
}

impl ObligationStatus {
    pub fn overdue(&self) -> bool {
        self.days_overdue > 0
    }
}

/// Both obligations of one union on `as_of`.
pub fn obligations(ctx: &Ctx<'_>, f: &UnionFilings, as_of: NaiveDate) -> Result<Vec<ObligationStatus>, DomainError> {
    let members_from = f.last_member_update.unwrap_or(f.registered_on).max(f.registered_on);
    let accounts_from = f
        .last_financial_assembly
        .unwrap_or(f.registered_on)
        .max(f.registered_on);
    let members_due = months_after(ctx, Param::MemberUpdateMonths, members_from)?;
    let accounts_due = term_end(
        ctx,
        Term::FinancialMinutes,
        months_after(ctx, Param::FinancialReportMonths, accounts_from)?,
    )?;
    Ok([
        (Obligation::MemberUpdate, members_due),
        (Obligation::FinancialReport, accounts_due),
    ]
    .into_iter()
    .map(|(obligation, due_on)| ObligationStatus {
        obligation,
        due_on,
        days_overdue: (as_of - due_on).num_days().max(0),
    })
    .collect())
}

/// One overdue filing of one union.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Overdue {
    pub union_id: String,
    pub name: String,
    pub obligation: Obligation,
    pub article: String,
    pub due_on: NaiveDate,
    pub days_overdue: i64,
}

/// Every overdue filing of `unions` on `as_of`, the longest overdue first.
pub fn overdue(ctx: &Ctx<'_>, unions: &[UnionFilings], as_of: NaiveDate) -> Result<Vec<Overdue>, DomainError> {
    let mut out = Vec::new();
    for f in unions {
        for o in obligations(ctx, f, as_of)? {
            if o.overdue() {
                out.push(Overdue {
                    union_id: f.union_id.clone(),
                    name: f.name.clone(),
                    obligation: o.obligation,
                    article: o.obligation.article().to_string(),
                    due_on: o.due_on,
                    days_overdue: o.days_overdue,
                });
            }
        }
    }
    out.sort_by(|a, b| {
        b.days_overdue
            .cmp(&a.days_overdue)
            .then_with(|| a.union_id.cmp(&b.union_id))
            .then_with(|| a.obligation.cmp(&b.obligation))
    });
    Ok(out)
}
