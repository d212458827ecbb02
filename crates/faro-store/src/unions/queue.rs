//! The registrar's work queue: what awaits a decision of the Registral Authority, each item with
//! the legal date it is due by, the earliest first.
//!
//! * union filings under review (filed, defects notified, corrected, decision demanded), with the
//!   5 days to warn of defects and the 20 days to decide (366), the cure's term and the date the
//!   registration is deemed granted once the union demanded a decision;
//! * registered unions with a leadership change to certify (364 Bis: 10 days) or a deemed
//!   registration whose certificate is still to issue (366);
//! * deposited agreements, with the 30 days to decide (390);
//! * held votes whose results are to be recorded (390 Ter-II f) and recorded ones to publish
//!   (390 Ter-II e);
//! * the number of open integrity flags.
//!
//! The candidates are picked on the public tables' `status` and `next_deadline` columns; the
//! unions' dates of review are read from their confidential files (only those dates leave this
//! module: no member, no CURP). Deciding what is pending from a union's state is the pure
//! [`union_items`].

use chrono::NaiveDate;
use faro_core::union::registration::{Status as UnionStatus, Union};
use serde::Serialize;

use super::common::{date, opt_date};
use crate::{Store, StoreError};

/// The most items of each section the queue returns.
const MAX_SECTION: u32 = 500;

/// What kind of work an item is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum QueueKind {
    /// A registration under review (366).
    Filing,
    /// A leadership change to certify (364 Bis).
    Leadership,
    /// A deemed registration's certificate to issue (366).
    Certificate,
    /// An agreement deposited, to register or refuse (390).
    Deposit,
    /// A held vote whose results are to be recorded (390 Ter-II f).
    VoteResults,
    /// Recorded results to publish (390 Ter-II e).
    VotePublication,
}

impl QueueKind {
    pub fn code(self) -> &'static str {
        match self {
            QueueKind::Filing => "filing",
            QueueKind::Leadership => "leadership",
            QueueKind::Certificate => "certificate",
            QueueKind::Deposit => "deposit",
            QueueKind::VoteResults => "vote_results",
            QueueKind::VotePublication => "vote_publication",
        }
    }
}

/// One legal date of an item: what is due (a deadline code, "union.resolution") and when.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct QueueDate {
    pub what: &'static str,
    pub article: &'static str,
    pub on: NaiveDate,
}

/// One piece of work.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct QueueItem {
    pub kind: QueueKind,
    /// The record's id in its table (unions, agreements, votes).
    pub id: i64,
    /// The union's name; the agreement's union and employer; the vote's organizer.
    pub name: String,
    /// The record's status code.
    pub status: String,
    /// The state (two digits) of the record.
    pub state: String,
    /// The earliest of `dates`: the queue's order.
    pub due_on: NaiveDate,
    /// Every legal date of the item, in the order of the law.
    pub dates: Vec<QueueDate>,
}

/// The whole queue.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct RegistrarQueue {
    /// Every item, the earliest due first (then by kind and id).
    pub items: Vec<QueueItem>,
    /// Integrity flags not yet reviewed.
    pub open_anomalies: i64,
}

fn item(
    kind: QueueKind,
    id: i64,
    name: String,
    status: &str,
    state: String,
    dates: Vec<QueueDate>,
) -> Option<QueueItem> {
    let due_on = dates.iter().map(|d| d.on).min()?;
    Some(QueueItem {
        kind,
        id,
        name,
        status: status.to_string(),
        state,
        due_on,
        dates,
    })
}

/// The queue's items of one union, from its state: its review while it is under review; then a
/// leadership change waiting for its certification and a deemed registration's certificate.
pub fn union_items(id: i64, state: &str, u: &Union) -> Vec<QueueItem> {
    let d = |what, article, on| QueueDate { what, article, on };
    let name = u.filing.name.clone();
    let mut out = Vec::new();
    match u.status {
        UnionStatus::Filed | UnionStatus::DefectsNotified | UnionStatus::Corrected | UnionStatus::DecisionDemanded => {
            let mut dates = Vec::new();
            if u.status == UnionStatus::Filed && u.defects.is_empty() {
                dates.push(d("union.defect_notice", "LFT 366", u.defect_notice_by));
            }
            if let Some(c) = u.cure_by.filter(|_| u.status == UnionStatus::DefectsNotified) {
                dates.push(d("union.defect_cure", "LFT 366", c));
            }
            if u.status != UnionStatus::DefectsNotified {
                dates.push(d("union.resolution", "LFT 366", u.resolution_by));
            }
            if let Some(on) = u.deemed_on {
                dates.push(d("union.deemed_after_demand", "LFT 366", on));
            }
            out.extend(item(
                QueueKind::Filing,
                id,
                name.clone(),
                u.status.code(),
                state.to_string(),
                dates,
            ));
        }
        UnionStatus::Registered | UnionStatus::DeemedRegistered => {
            if let Some(p) = &u.pending_leadership {
                out.extend(item(
                    QueueKind::Leadership,
                    id,
                    name.clone(),
                    u.status.code(),
                    state.to_string(),
                    vec![d("union.leadership_certification", "LFT 364 Bis", p.certify_by)],
                ));
            }
            if let Some(on) = u.certificate_by.filter(|_| u.registration_number.is_none()) {
                out.extend(item(
                    QueueKind::Certificate,
                    id,
                    name,
                    u.status.code(),
                    state.to_string(),
                    vec![d("union.deemed_certificate", "LFT 366", on)],
                ));
            }
        }
        UnionStatus::Refused | UnionStatus::Cancelled => {}
    }
    out
}

impl Store {
    /// CONFIDENTIAL (the registrar's): the work queue, the earliest legal date first, at most
    /// 500 items of each section. Reads the files of the unions under review or with something
    /// to certify, but returns only their names, statuses and dates.
    pub fn registrar_queue(&self) -> Result<RegistrarQueue, StoreError> {
        let limit = i64::from(MAX_SECTION);
        self.read(|tx| {
            let mut items = Vec::new();
            let unions = tx.query(
                "SELECT u.id, u.state, f.state_json FROM unions u JOIN union_files f ON f.union_id = u.id
                 WHERE u.status IN ('filed', 'defects_notified', 'corrected', 'decision_demanded')
                 ORDER BY u.next_deadline, u.id LIMIT ?",
                &[limit.into()],
            )?;
            let certify = tx.query(
                "SELECT u.id, u.state, f.state_json FROM unions u JOIN union_files f ON f.union_id = u.id
                 WHERE u.status IN ('registered', 'deemed_registered')
                   AND (f.state_json LIKE '%\"pending_leadership\":{%'
                        OR (u.status = 'deemed_registered' AND u.registration_number IS NULL))
                 ORDER BY u.next_deadline, u.id LIMIT ?",
                &[limit.into()],
            )?;
            for r in unions.iter().chain(certify.iter()) {
                let u: Union = serde_json::from_str(&r.string(2)?)?;
                items.extend(union_items(r.i64(0)?, &r.string(1)?, &u));
            }
            for r in tx.query(
                "SELECT id, union_name, employer_name, status, state, decide_by FROM agreements
                 WHERE status = 'deposited' ORDER BY decide_by, id LIMIT ?",
                &[limit.into()],
            )? {
                let name = format!("{} · {}", r.string(1)?, r.string(2)?);
                let dates = vec![QueueDate {
                    what: "agreement.decision",
                    article: "LFT 390",
                    on: date(&r, 5)?,
                }];
                items.extend(item(
                    QueueKind::Deposit,
                    r.i64(0)?,
                    name,
                    &r.string(3)?,
                    r.string(4)?,
                    dates,
                ));
            }
            for r in tx.query(
                "SELECT id, organizer, status, state, next_deadline FROM votes
                 WHERE status IN ('held', 'results_recorded') AND next_deadline IS NOT NULL
                 ORDER BY next_deadline, id LIMIT ?",
                &[limit.into()],
            )? {
                let status = r.string(2)?;
                let (kind, what, article) = if status == "held" {
                    (QueueKind::VoteResults, "vote.result_notice", "LFT 390 Ter-II f")
                } else {
                    (QueueKind::VotePublication, "vote.result_posting", "LFT 390 Ter-II e")
                };
                let dates: Vec<QueueDate> = opt_date(&r, 4)?
                    .map(|on| QueueDate { what, article, on })
                    .into_iter()
                    .collect();
                items.extend(item(kind, r.i64(0)?, r.string(1)?, &status, r.string(3)?, dates));
            }
            items.sort_by_key(|a| (a.due_on, a.kind, a.id));
            let open_anomalies = tx
                .query_one("SELECT COUNT(*) FROM union_anomalies WHERE status = 'open'", &[])?
                .map(|r| r.i64(0))
                .transpose()?
                .unwrap_or(0);
            Ok(RegistrarQueue { items, open_anomalies })
        })
    }
}
