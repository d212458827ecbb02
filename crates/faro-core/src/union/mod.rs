//! The union and collective-agreement registry (LFT 356-403 as reformed DOF 01-05-2019; CPEUM
//! 123-A-XXII Bis), as the Registral Authority (the CFCRL) keeps it. Pure: no I/O, no clock reads.
//!
//! * [`rules`]: the registry's deadlines and parameters as data (`rules/union/*.toml`), every
//!   number of the law and every unconfirmed choice (majority bases, turnout floors) with its
//!   article and confidence tag.
//! * [`clock`]: terms counted on the registrar's calendar (LFT 733, 734) and months.
//! * [`members`]: the member list of a registration (364, 362), the support list of a
//!   certificate of representativeness (390 Bis-I) and the voter roll (390 Bis-III a).
//! * [`registration`]: the union, from its filing to its registration (366) and what it reports
//!   afterwards: leadership (364 Bis, 377-II), statutes, members (377-III), accounts (373).
//! * [`agreement`]: the collective agreement: deposit and registration (390), revisions (399,
//!   399 Bis, 400 Bis), legitimization (2019 decree, Transitory 11th), termination (401), the
//!   public version (391 Bis).
//! * [`representativeness`]: the certificate of representativeness (387, 388, 390 Bis).
//! * [`vote`]: the workers' votes (consultas: 390 Bis-III, 390 Ter, 371-IX, Transitory 11th) with
//!   the roll, the stations, the results, the outcome and challenges; [`vote::tally`] holds the
//!   ballot and majority rules.
//! * [`anomalies`]: integrity checks over results, rolls and support lists, for the registrar.
//! * [`minimums`]: a structured agreement checked against the legal minimums on a date.
//! * [`redact`]: the public version of a text, personal data removed (365 Bis, 391 Bis).
//! * [`compliance`]: which unions are overdue with their member updates and financial reports.
//!
//! Each procedure is a state machine like conciliation's: `decide(state, command, ctx) ->
//! events`, `apply(state, event) -> state`, `execute` for both. Event kinds are the constants of
//! [`kinds`] (`event::kinds` is not extended; the store matches on these).
//!
//! ## Plain "días" and [`RegistrarSettings`]
//!
//! Most terms of these articles are plain "días" (366, 364 Bis, 373, 377, 390, 390 Bis,
//! 390 Ter-I and II e); only 390 Ter-II f says "hábiles" and 399, 399 Bis "naturales". As in
//! conciliation, the rules file says `day_count = "unstated"` for those and the registrar
//! chooses with [`RegistrarSettings::unspecified_days`] (default: working days).
//!
//! ## "At least N days before"
//!
//! A call, a notice or a roll published "con N días de anticipación" leaves N whole days between
//! the act and the event: counted from the day after the act (LFT 733), the N-th day must fall
//! before the day of the vote, as conciliation reads the 5 days of notice of 684-E IV. "Sin que
//! exceda de quince días": the vote falls on or before the 15th day.

pub mod agreement;
pub mod anomalies;
mod check;
pub mod clock;
pub mod compliance;
pub mod members;
pub mod minimums;
pub mod redact;
pub mod registration;
pub mod representativeness;
pub mod rules;
#[cfg(test)]
mod tests;
pub mod vote;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::calendar::{DayCount, LegalCalendar};
use crate::catalog::Catalogs;
use crate::rules::Rules;

pub use clock::Deadline;
pub use rules::{MajorityBase, Param, Term, UnionRules};

/// The Registral Authority's own choices where the law leaves room.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct RegistrarSettings {
    /// How the terms the LFT gives in plain "días" are counted (see the module documentation).
    /// Default: working days.
    pub unspecified_days: DayCount,
}

impl Default for RegistrarSettings {
    fn default() -> Self {
        RegistrarSettings {
            unspecified_days: DayCount::Working,
        }
    }
}

/// What a registry decision may consult besides the state: the clock, the registry's rules, the
/// general rules and catalogs (minimum wages, the year-end bonus and vacation premium, for the
/// agreements' minimums), the registrar's calendar and its settings.
#[derive(Clone, Copy)]
pub struct Ctx<'a> {
    pub now: DateTime<Utc>,
    pub rules: &'a UnionRules,
    /// `rules/*.toml`: the `settlement.*` parameters the minimums read.
    pub law_rules: &'a Rules,
    pub catalogs: &'a Catalogs,
    /// The registrar's calendar: LFT 74 rest days plus its closure days (LFT 734).
    pub calendar: &'a LegalCalendar,
    pub settings: &'a RegistrarSettings,
}

/// The event kinds of the registry, one per event variant (`Event::kind` of each procedure
/// returns these). Kept here because `event::kinds` belongs to the registry of employers.
pub mod kinds {
    pub const UNION_FILED: &str = "union.filed";
    pub const UNION_DEFECTS_NOTIFIED: &str = "union.defects_notified";
    pub const UNION_CORRECTED: &str = "union.corrected";
    pub const UNION_DECISION_DEMANDED: &str = "union.decision_demanded";
    pub const UNION_REGISTERED: &str = "union.registered";
    pub const UNION_REFUSED: &str = "union.refused";
    pub const UNION_DEEMED_REGISTERED: &str = "union.deemed_registered";
    pub const UNION_CERTIFICATE_ISSUED: &str = "union.certificate_issued";
    pub const UNION_LEADERSHIP_CHANGE_REPORTED: &str = "union.leadership_change_reported";
    pub const UNION_LEADERSHIP_CERTIFIED: &str = "union.leadership_certified";
    pub const UNION_LEADERSHIP_REJECTED: &str = "union.leadership_rejected";
    pub const UNION_STATUTES_CHANGED: &str = "union.statutes_changed";
    pub const UNION_MEMBERS_UPDATED: &str = "union.members_updated";
    pub const UNION_FINANCIAL_REPORT_FILED: &str = "union.financial_report_filed";
    pub const UNION_CANCELLED: &str = "union.cancelled";

    pub const AGREEMENT_DEPOSITED: &str = "agreement.deposited";
    pub const AGREEMENT_REGISTERED: &str = "agreement.registered";
    pub const AGREEMENT_REFUSED: &str = "agreement.refused";
    pub const AGREEMENT_REVISION_REQUESTED: &str = "agreement.revision_requested";
    pub const AGREEMENT_REVISION_DEPOSITED: &str = "agreement.revision_deposited";
    pub const AGREEMENT_LEGITIMIZATION_RECORDED: &str = "agreement.legitimization_recorded";
    pub const AGREEMENT_PUBLIC_VERSION_PUBLISHED: &str = "agreement.public_version_published";
    pub const AGREEMENT_TERMINATED: &str = "agreement.terminated";

    pub const REPRESENTATIVENESS_REQUESTED: &str = "representativeness.requested";
    pub const REPRESENTATIVENESS_DEFECTS_NOTIFIED: &str = "representativeness.defects_notified";
    pub const REPRESENTATIVENESS_CORRECTED: &str = "representativeness.corrected";
    pub const REPRESENTATIVENESS_NOTICE_PUBLISHED: &str = "representativeness.notice_published";
    pub const REPRESENTATIVENESS_JOINED: &str = "representativeness.joined";
    pub const REPRESENTATIVENESS_WINDOW_CLOSED: &str = "representativeness.window_closed";
    pub const REPRESENTATIVENESS_VOTE_REQUIRED: &str = "representativeness.vote_required";
    pub const REPRESENTATIVENESS_ISSUED: &str = "representativeness.issued";
    pub const REPRESENTATIVENESS_DENIED: &str = "representativeness.denied";
    pub const REPRESENTATIVENESS_STRIKE_RECORDED: &str = "representativeness.strike_recorded";
    pub const REPRESENTATIVENESS_EXPIRED: &str = "representativeness.expired";

    pub const VOTE_CALLED: &str = "vote.called";
    pub const VOTE_ROLL_PUBLISHED: &str = "vote.roll_published";
    pub const VOTE_ROLL_CHALLENGED: &str = "vote.roll_challenged";
    pub const VOTE_ROLL_CHALLENGE_RESOLVED: &str = "vote.roll_challenge_resolved";
    pub const VOTE_ROLL_CLOSED: &str = "vote.roll_closed";
    pub const VOTE_OBSERVER_ACCREDITED: &str = "vote.observer_accredited";
    pub const VOTE_HELD: &str = "vote.held";
    pub const VOTE_RESULTS_RECORDED: &str = "vote.results_recorded";
    pub const VOTE_RESULTS_PUBLISHED: &str = "vote.results_published";
    pub const VOTE_CHALLENGED: &str = "vote.challenged";
    pub const VOTE_CHALLENGE_RESOLVED: &str = "vote.challenge_resolved";
    pub const VOTE_ANNULLED: &str = "vote.annulled";
    pub const VOTE_OUTCOME_APPLIED: &str = "vote.outcome_applied";
    pub const VOTE_CANCELLED: &str = "vote.cancelled";

    /// Every kind above, for the store's projector and the tests.
    pub const ALL: &[&str] = &[
        UNION_FILED,
        UNION_DEFECTS_NOTIFIED,
        UNION_CORRECTED,
        UNION_DECISION_DEMANDED,
        UNION_REGISTERED,
        UNION_REFUSED,
        UNION_DEEMED_REGISTERED,
        UNION_CERTIFICATE_ISSUED,
        UNION_LEADERSHIP_CHANGE_REPORTED,
        UNION_LEADERSHIP_CERTIFIED,
        UNION_LEADERSHIP_REJECTED,
        UNION_STATUTES_CHANGED,
        UNION_MEMBERS_UPDATED,
        UNION_FINANCIAL_REPORT_FILED,
        UNION_CANCELLED,
        AGREEMENT_DEPOSITED,
        AGREEMENT_REGISTERED,
        AGREEMENT_REFUSED,
        AGREEMENT_REVISION_REQUESTED,
        AGREEMENT_REVISION_DEPOSITED,
        AGREEMENT_LEGITIMIZATION_RECORDED,
        AGREEMENT_PUBLIC_VERSION_PUBLISHED,
        AGREEMENT_TERMINATED,
        REPRESENTATIVENESS_REQUESTED,
        REPRESENTATIVENESS_DEFECTS_NOTIFIED,
        REPRESENTATIVENESS_CORRECTED,
        REPRESENTATIVENESS_NOTICE_PUBLISHED,
        REPRESENTATIVENESS_JOINED,
        REPRESENTATIVENESS_WINDOW_CLOSED,
        REPRESENTATIVENESS_VOTE_REQUIRED,
        REPRESENTATIVENESS_ISSUED,
        REPRESENTATIVENESS_DENIED,
        REPRESENTATIVENESS_STRIKE_RECORDED,
        REPRESENTATIVENESS_EXPIRED,
        VOTE_CALLED,
        VOTE_ROLL_PUBLISHED,
        VOTE_ROLL_CHALLENGED,
        VOTE_ROLL_CHALLENGE_RESOLVED,
        VOTE_ROLL_CLOSED,
        VOTE_OBSERVER_ACCREDITED,
        VOTE_HELD,
        VOTE_RESULTS_RECORDED,
        VOTE_RESULTS_PUBLISHED,
        VOTE_CHALLENGED,
        VOTE_CHALLENGE_RESOLVED,
        VOTE_ANNULLED,
        VOTE_OUTCOME_APPLIED,
        VOTE_CANCELLED,
    ];
}
