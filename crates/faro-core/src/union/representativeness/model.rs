//! A request for a certificate of representativeness as its events made it.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use crate::union::anomalies::Anomaly;
use crate::union::clock::Deadline;
use crate::union::members::ListCheck;

/// A union asking for the certificate: the first requester or one that joined (390 Bis-II).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Applicant {
    pub union: String,
    pub registration_number: String,
    pub requested_on: NaiveDate,
    /// The support list's check: the list itself stays confidential (390 Bis-I) and is not
    /// kept here.
    pub support: ListCheck,
    /// CURPs that do not parse or repeat.
    pub anomalies: Vec<Anomaly>,
}

impl Applicant {
    /// It reached 30 % of the covered workers.
    pub fn qualifies(&self) -> bool {
        self.support.meets_minimum()
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Received; the notice is published within 3 days (390 Bis-II).
    Requested,
    /// The registrar warned of missing data (390 Bis-I, within 3 days); the union cures within 3.
    DefectsNotified,
    /// The notice is out; other unions may join within 10 days.
    NoticePublished,
    /// The window closed with one union qualifying: the registrar verifies and issues.
    WindowClosed,
    /// Several unions qualify: the CFCRL holds a vote (390 Bis-III).
    VoteRequired,
    /// The certificate was issued; valid 6 months (387).
    Issued,
    Denied,
    /// Its six months passed (no strike extending it).
    Expired,
}

impl Status {
    pub const ALL: [Status; 8] = [
        Status::Requested,
        Status::DefectsNotified,
        Status::NoticePublished,
        Status::WindowClosed,
        Status::VoteRequired,
        Status::Issued,
        Status::Denied,
        Status::Expired,
    ];
    pub fn code(self) -> &'static str {
        match self {
            Status::Requested => "requested",
            Status::DefectsNotified => "defects_notified",
            Status::NoticePublished => "notice_published",
            Status::WindowClosed => "window_closed",
            Status::VoteRequired => "vote_required",
            Status::Issued => "issued",
            Status::Denied => "denied",
            Status::Expired => "expired",
        }
    }
    pub fn parse(s: &str) -> Option<Status> {
        Status::ALL.into_iter().find(|k| k.code() == s.trim())
    }
    pub fn is_terminal(self) -> bool {
        matches!(self, Status::Denied | Status::Expired)
    }
}

/// The certificate issued.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Certificate {
    pub number: String,
    pub union: String,
    pub issued_on: NaiveDate,
    pub valid_until: NaiveDate,
    /// The vote that decided it, when several unions contended.
    pub vote_id: Option<String>,
}

/// One request for a certificate at one workplace.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Representativeness {
    pub status: Status,
    pub employer_name: String,
    pub employer_rfc: String,
    pub workplace: String,
    pub activity: String,
    /// Workers the agreement would cover.
    pub covered_workers: u32,
    pub applicants: Vec<Applicant>,
    pub requested_at: DateTime<Utc>,
    pub requested_on: NaiveDate,
    /// 390 Bis-I: the last day to warn of defects.
    pub defect_notice_by: NaiveDate,
    pub cure_by: Option<NaiveDate>,
    /// 390 Bis-II: the last day to publish the notice.
    pub notice_by: NaiveDate,
    pub notice_published_on: Option<NaiveDate>,
    /// 390 Bis-II: the last day another union may join.
    pub window_until: Option<NaiveDate>,
    /// 390 Bis-III a: the last day to build the roll (10 days from the second request).
    pub roll_due: Option<NaiveDate>,
    pub certificate: Option<Certificate>,
    /// A strike of the holder under way since this day: the validity is extended (387).
    pub strike_since: Option<NaiveDate>,
    pub ended_at: Option<DateTime<Utc>>,
    pub end_reason: String,
}

impl Representativeness {
    /// The unions that reached 30 %.
    pub fn qualifying(&self) -> Vec<&Applicant> {
        self.applicants.iter().filter(|a| a.qualifies()).collect()
    }

    /// Whether the certificate is in force on `on` (387: six months, extended while the holder's
    /// strike lasts). While it is, no other request is admitted at the workplace.
    pub fn is_valid_on(&self, on: NaiveDate) -> bool {
        match (&self.certificate, self.status) {
            (Some(c), Status::Issued) => c.issued_on <= on && (on <= c.valid_until || self.strike_since.is_some()),
            _ => false,
        }
    }

    /// The next legal date the request is waiting on.
    pub fn next_deadline(&self) -> Option<Deadline> {
        match self.status {
            Status::Requested => Some(Deadline::new(
                self.notice_by,
                "representativeness.notice",
                "LFT 390 Bis-II",
            )),
            Status::DefectsNotified => self
                .cure_by
                .map(|d| Deadline::new(d, "representativeness.defect_cure", "LFT 390 Bis-I")),
            Status::NoticePublished => self
                .window_until
                .map(|d| Deadline::new(d, "representativeness.joining_window", "LFT 390 Bis-II")),
            Status::VoteRequired => self
                .roll_due
                .map(|d| Deadline::new(d, "representativeness.roll", "LFT 390 Bis-III a")),
            Status::Issued if self.strike_since.is_none() => self
                .certificate
                .as_ref()
                .map(|c| Deadline::new(c.valid_until, "representativeness.validity_months", "LFT 387")),
            _ => None,
        }
    }
}
