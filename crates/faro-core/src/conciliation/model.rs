//! The state of one conciliation case, as its events made it.

use chrono::{DateTime, NaiveDate, NaiveTime, Utc};
use serde::{Deserialize, Serialize};

use super::clock::{Interruption, Window};
use super::competence::{Forwarding, Routing};
use super::exceptions::Exemption;
use super::request::{Channel, RequestDraft};
use super::settlement::Settlement;
use crate::Jurisdiction;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Received; the centre sets the hearing or forwards the request.
    Filed,
    /// Sent to the competent centre (684-E V). Ends the case here.
    Forwarded,
    /// Closed without conciliation: an exempt matter (685 Ter).
    Exempt,
    HearingScheduled,
    /// A convenio was ratified; its compliance is followed.
    Settled,
    /// A constancia de no conciliación was issued (684-E VIII, X, XI).
    NotConciliated,
    /// Archived for the requester's lack of interest, without a constancia (684-E X, fast track).
    Archived,
    /// The convenio was complied with, certified (684-E XIV).
    Complied,
    /// Non-compliance with the convenio was certified; the worker may enforce it (684-E XIII).
    NotComplied,
}

impl Status {
    pub const ALL: [Status; 9] = [
        Status::Filed,
        Status::Forwarded,
        Status::Exempt,
        Status::HearingScheduled,
        Status::Settled,
        Status::NotConciliated,
        Status::Archived,
        Status::Complied,
        Status::NotComplied,
    ];
    pub fn code(self) -> &'static str {
        match self {
            Status::Filed => "filed",
            Status::Forwarded => "forwarded",
            Status::Exempt => "exempt",
            Status::HearingScheduled => "hearing_scheduled",
            Status::Settled => "settled",
            Status::NotConciliated => "not_conciliated",
            Status::Archived => "archived",
            Status::Complied => "complied",
            Status::NotComplied => "not_complied",
        }
    }
    pub fn parse(s: &str) -> Option<Status> {
        Status::ALL.into_iter().find(|k| k.code() == s.trim())
    }
    /// No command changes a case in these states.
    pub fn is_terminal(self) -> bool {
        matches!(
            self,
            Status::Forwarded
                | Status::Exempt
                | Status::NotConciliated
                | Status::Archived
                | Status::Complied
                | Status::NotComplied
        )
    }
}

/// Which procedure the case follows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Track {
    /// 684-E IV: hearing within 15 days, summons served by the centre 5 days ahead.
    Ordinary,
    /// 684-E VI: both parties filed together; hearing within 5 days.
    Joint,
    /// 684-E, last paragraphs: hearing within 5 working days, the requester delivers the summons.
    FastTrack,
}

impl Track {
    pub fn code(self) -> &'static str {
        match self {
            Track::Ordinary => "ordinary",
            Track::Joint => "joint",
            Track::FastTrack => "fast_track",
        }
    }
    /// The track a request asks for.
    pub fn of(channel: Channel, fast_track: bool) -> Track {
        match (channel, fast_track) {
            (Channel::Joint, _) => Track::Joint,
            (_, true) => Track::FastTrack,
            _ => Track::Ordinary,
        }
    }
}

/// Where a hearing takes place.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Venue {
    /// A conciliation room of the centre (684-E V: assigned by turn).
    Room { name: String },
    /// By video; the link, if already known.
    Remote { link: String },
}

/// A date, time, conciliator and place for a hearing.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Slot {
    pub date: NaiveDate,
    /// The centre's local time.
    pub time: NaiveTime,
    /// The conciliator's id in the store (a user id, as a string).
    pub conciliator_id: String,
    pub venue: Venue,
}

/// Why a hearing was set.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum HearingPurpose {
    /// The first hearing (684-E IV, VI, or the fast track).
    First,
    /// The parties' joint request after no agreement (684-E VIII).
    JointRequest,
    /// A justified absence (684-E IX).
    JustifiedAbsence,
    /// Fast track, only the requester came: ordinary rules from here (684-E, last paragraphs).
    FastTrackReset,
}

/// How the summoned party is told of the hearing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum NoticeMethod {
    /// Personally by the centre's notifier, at least 5 days ahead (684-E IV).
    Personal,
    /// Delivered by the requester (fast track).
    ByRequester,
    /// Both parties filed together and were told at once (684-E VI).
    AtFiling,
    /// Told in the act of the earlier hearing (684-E VIII, IX).
    AtHearing,
    /// The centre's bulletin or electronic mailbox, for the party absent with cause (684-E IX).
    Bulletin,
}

/// What happened to the summons.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SummonsStatus {
    Pending,
    /// Delivered to the party or its representative.
    Served,
    /// The party refused to receive it; the notifier records the refusal and leaves it, and the
    /// service holds (Faro's reading of the notification rules, [U]).
    Refused,
    /// The party was not found at the address; the last attempt failed.
    NotFound,
}

/// The summons for the current hearing.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Summons {
    pub method: NoticeMethod,
    pub status: SummonsStatus,
    pub served_on: Option<NaiveDate>,
    /// Failed attempts (not found).
    pub attempts: u32,
    /// Personal service: the last day it gives the 5 days of notice.
    pub serve_by: Option<NaiveDate>,
}

impl Summons {
    /// A summons that needs serving.
    pub fn pending(method: NoticeMethod, serve_by: Option<NaiveDate>) -> Summons {
        Summons {
            method,
            status: SummonsStatus::Pending,
            served_on: None,
            attempts: 0,
            serve_by,
        }
    }
    /// A party told in the act, at filing or by the bulletin on `on`.
    pub fn notified(method: NoticeMethod, on: NaiveDate) -> Summons {
        Summons {
            method,
            status: SummonsStatus::Served,
            served_on: Some(on),
            attempts: 0,
            serve_by: None,
        }
    }
    /// Whether the method is a service that must be recorded (personal or by the requester).
    pub fn needs_service(&self) -> bool {
        matches!(self.method, NoticeMethod::Personal | NoticeMethod::ByRequester)
    }
    pub fn delivered(&self) -> bool {
        matches!(self.status, SummonsStatus::Served | SummonsStatus::Refused)
    }
    /// The summoned party was validly called to this hearing: personal service in time, the
    /// requester's delivery, or a notice in the act, at filing or by the bulletin. Only then does
    /// its absence lead to a constancia and, for an employer, the fine.
    pub fn effective(&self) -> bool {
        match self.method {
            NoticeMethod::Personal => {
                self.delivered() && matches!((self.served_on, self.serve_by), (Some(s), Some(by)) if s <= by)
            }
            NoticeMethod::ByRequester => self.delivered(),
            NoticeMethod::AtFiling | NoticeMethod::AtHearing | NoticeMethod::Bulletin => true,
        }
    }
}

/// A hearing set.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Hearing {
    /// 1 for the first hearing, then 2, 3, ...
    pub number: u32,
    pub purpose: HearingPurpose,
    pub slot: Slot,
    /// The legal window the date was checked against.
    pub window: Window,
    pub summons: Summons,
    /// Times the centre moved it.
    pub reschedules: u32,
    pub set_at: DateTime<Utc>,
}

/// Who missed a hearing for a cause the conciliator accepted (684-E IX, 684-F II).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AbsentSide {
    Requester,
    Summoned,
    Both,
}

/// What a hearing ended in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum HearingResult {
    Settlement,
    NoAgreement,
    /// No agreement and a new hearing at the parties' joint request (684-E VIII).
    JointNewHearing,
    RequesterAbsent,
    SummonedAbsent,
    /// Fast track, only the requester came: new hearing under the ordinary rules.
    FastTrackReset,
    JustifiedAbsence,
}

/// A hearing that took place (or was called and someone missed it).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HeldHearing {
    pub number: u32,
    pub date: NaiveDate,
    pub conciliator_id: String,
    pub requester_present: bool,
    pub summoned_present: bool,
    pub result: HearingResult,
    /// The justified absence's cause, if any.
    pub note: String,
}

/// Which constancia was issued.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ConstanciaKind {
    /// The parties did not agree (684-E VIII).
    NoAgreement,
    /// Only the requester came (684-E X; 684-E IV for an employer).
    SummonedAbsent,
    /// The summons could not be served despite the attempts (684-E XI).
    ServiceFailed,
}

impl ConstanciaKind {
    pub fn article(self) -> &'static str {
        match self {
            ConstanciaKind::NoAgreement => "LFT 684-E VIII",
            ConstanciaKind::SummonedAbsent => "LFT 684-E X",
            ConstanciaKind::ServiceFailed => "LFT 684-E XI",
        }
    }
}

/// The constancia of having exhausted pre-judicial conciliation: with it the requester may sue.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Constancia {
    pub kind: ConstanciaKind,
    pub issued_on: NaiveDate,
    pub article: String,
    /// The hearing it comes from, if any.
    pub hearing: Option<u32>,
}

/// One conciliation case at one centre.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Case {
    /// The centre handling it: the CFCRL (federal) or a state's centre.
    pub center: Jurisdiction,
    pub request: RequestDraft,
    /// The competence computed at filing (advice; the centre decides).
    pub routing: Routing,
    pub track: Track,
    pub status: Status,
    pub received_at: DateTime<Utc>,
    /// The filing that began the procedure: here, or at the centre that forwarded it.
    pub filed_on: NaiveDate,
    pub forwarded_from: Option<Jurisdiction>,
    /// The last day of the procedure (684-D).
    pub procedure_limit: NaiveDate,
    /// Set when the routing says another centre is competent: the 24 hours to forward it.
    pub forward_due: Option<DateTime<Utc>>,
    pub forwarding: Option<Forwarding>,
    pub exemption: Option<Exemption>,
    /// The current (or last) hearing set.
    pub hearing: Option<Hearing>,
    pub held: Vec<HeldHearing>,
    pub settlement: Option<Settlement>,
    pub constancia: Option<Constancia>,
    /// A 994-VIII fine was requested for the employer's absence.
    pub fine_requested: bool,
    pub interruption: Interruption,
    pub ended_at: Option<DateTime<Utc>>,
    pub end_reason: String,
}

impl Case {
    /// The date the case is waiting on now, for workload views.
    pub fn next_deadline(&self) -> Option<NaiveDate> {
        match self.status {
            Status::Filed => Some(self.forward_due.map(|d| d.date_naive()).unwrap_or(self.procedure_limit)),
            Status::HearingScheduled => self.hearing.as_ref().map(|h| {
                if h.summons.needs_service() && !h.summons.delivered() {
                    h.summons.serve_by.unwrap_or(h.slot.date).min(h.slot.date)
                } else {
                    h.slot.date
                }
            }),
            Status::Settled => self.settlement.as_ref().and_then(Settlement::next_due),
            _ => None,
        }
    }
}
