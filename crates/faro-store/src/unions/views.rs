//! The registry's public views: each record's public columns as the reads return them, the
//! lists' filters, and the mapping from rows. None of them carries a member's, voter's or
//! supporter's personal data.

use chrono::NaiveDate;
use faro_core::union::agreement::{self, Agreement};
use faro_core::union::minimums::{Benefits, Position};
use faro_core::union::registration::{self, UnionType};
use faro_core::union::representativeness;
use faro_core::union::vote::{self, Purpose};
use faro_core::{Jurisdiction, StateCode};
use serde::Serialize;

use super::common::{date, from_code, opt_date, parsed};
use crate::{Row, StoreError};

pub(super) fn jurisdiction(r: &Row, i: usize) -> Result<Jurisdiction, StoreError> {
    let t = r.string(i)?;
    t.parse()
        .map_err(|_| StoreError::Corrupt(format!("a registry row's jurisdiction is '{t}'")))
}

pub(super) fn json_opt<T: serde::de::DeserializeOwned>(r: &Row, i: usize) -> Result<Option<T>, StoreError> {
    r.opt_string(i)?
        .map(|t| serde_json::from_str(&t).map_err(StoreError::from))
        .transpose()
}

/// A union's public columns.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct UnionSummary {
    pub id: i64,
    pub registration_number: Option<String>,
    pub name: String,
    pub kind: UnionType,
    /// The federation or confederation ('' when none).
    pub federation: String,
    /// The state of its domicile ("14").
    pub state: String,
    pub jurisdiction: Jurisdiction,
    pub status: registration::Status,
    pub members: i64,
    /// The leadership in office: its size, the officers whose sex the member list gives, and the
    /// women among them.
    pub leaders: i64,
    pub leaders_known_sex: i64,
    pub women_leaders: i64,
    pub founded_on: NaiveDate,
    pub filed_on: NaiveDate,
    pub registered_on: Option<NaiveDate>,
    pub last_member_update: Option<NaiveDate>,
    /// The last accounts' assembly reported (373).
    pub last_financial_report: Option<NaiveDate>,
    pub member_update_due: Option<NaiveDate>,
    pub financial_report_due: Option<NaiveDate>,
    pub next_deadline: Option<NaiveDate>,
    pub ended_at: Option<String>,
    pub updated_seq: i64,
}

pub(super) const UNION_COLUMNS: &str =
    "id, registration_number, name, kind, federation, state, jurisdiction, status, members,
    leaders, leaders_known_sex, women_leaders, founded_on, filed_on, registered_on, last_member_update,
    last_financial_report, member_update_due, financial_report_due, next_deadline, ended_at, updated_seq";

pub(super) fn union_row(r: &Row) -> Result<UnionSummary, StoreError> {
    Ok(UnionSummary {
        id: r.i64(0)?,
        registration_number: r.opt_string(1)?,
        name: r.string(2)?,
        kind: from_code(r, 3, "union type")?,
        federation: r.string(4)?,
        state: r.string(5)?,
        jurisdiction: jurisdiction(r, 6)?,
        status: parsed(r, 7, "status", registration::Status::parse)?,
        members: r.i64(8)?,
        leaders: r.i64(9)?,
        leaders_known_sex: r.i64(10)?,
        women_leaders: r.i64(11)?,
        founded_on: date(r, 12)?,
        filed_on: date(r, 13)?,
        registered_on: opt_date(r, 14)?,
        last_member_update: opt_date(r, 15)?,
        last_financial_report: opt_date(r, 16)?,
        member_update_due: opt_date(r, 17)?,
        financial_report_due: opt_date(r, 18)?,
        next_deadline: opt_date(r, 19)?,
        ended_at: r.opt_string(20)?,
        updated_seq: r.i64(21)?,
    })
}

/// One officer of the leadership in office (public: 364 Bis, 365 Bis).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Leader {
    pub name: String,
    pub office: String,
}

/// A union as the public registry shows it: its columns and its leadership.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct UnionRecord {
    pub summary: UnionSummary,
    pub leaders: Vec<Leader>,
}

/// Filters of the union list. Pages go by id, newest first.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct UnionFilter {
    pub state: Option<StateCode>,
    pub status: Option<registration::Status>,
    /// The start of the name (accents, case and punctuation aside: "sindicato de trab").
    pub name_prefix: Option<String>,
    pub registration_number: Option<String>,
    /// 1 to 500.
    pub limit: u32,
    /// Keyset pagination: the `next_after` of the previous page.
    pub after: Option<i64>,
}

/// An agreement's public columns.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AgreementSummary {
    pub id: i64,
    pub registration_number: Option<String>,
    /// "initial" or "legacy".
    pub kind: String,
    pub union_id: Option<i64>,
    pub union_name: String,
    pub union_registration: String,
    pub employer_id: Option<i64>,
    pub workplace_id: Option<i64>,
    pub employer_name: String,
    pub employer_rfc: Option<String>,
    pub state: String,
    pub municipality: String,
    /// Two-digit SCIAN sector ('' when unknown).
    pub sector: String,
    pub jurisdiction: Jurisdiction,
    pub covered_workers: i64,
    pub status: agreement::Status,
    /// "not_required", "pending", "inconclusive", "legitimized", "rejected".
    pub legitimization: String,
    pub signed_on: NaiveDate,
    pub effective_from: NaiveDate,
    pub deposited_on: NaiveDate,
    pub decide_by: NaiveDate,
    pub registered_on: Option<NaiveDate>,
    /// `TerminationCause` code.
    pub termination: Option<String>,
    pub ended_at: Option<String>,
    pub next_deadline: Option<NaiveDate>,
    pub wage_revision_on: Option<NaiveDate>,
    pub wage_request_by: Option<NaiveDate>,
    pub full_revision_on: Option<NaiveDate>,
    pub full_request_by: Option<NaiveDate>,
    pub revisions: i64,
    pub last_revision_on: Option<NaiveDate>,
    /// The wage increase of the last revision that gave a wage table, in basis points.
    pub wage_increase_bp: Option<i64>,
    pub below_law: bool,
    pub certificate_number: Option<String>,
    pub approval_vote_id: Option<i64>,
    pub public_version_on: Option<NaiveDate>,
    pub updated_seq: i64,
}

pub(super) const AGREEMENT_COLUMNS: &str = "id, registration_number, kind, union_id, union_name, union_registration,
    employer_id, workplace_id, employer_name, employer_rfc, state, municipality, sector, jurisdiction, covered_workers,
    status, legitimization, signed_on, effective_from, deposited_on, decide_by, registered_on, termination, ended_at,
    next_deadline, wage_revision_on, wage_request_by, full_revision_on, full_request_by, revisions, last_revision_on,
    wage_increase_bp, below_law, certificate_number, approval_vote_id, public_version_on, updated_seq";

pub(super) fn agreement_row(r: &Row) -> Result<AgreementSummary, StoreError> {
    Ok(AgreementSummary {
        id: r.i64(0)?,
        registration_number: r.opt_string(1)?,
        kind: r.string(2)?,
        union_id: r.opt_i64(3)?,
        union_name: r.string(4)?,
        union_registration: r.string(5)?,
        employer_id: r.opt_i64(6)?,
        workplace_id: r.opt_i64(7)?,
        employer_name: r.string(8)?,
        employer_rfc: r.opt_string(9)?,
        state: r.string(10)?,
        municipality: r.string(11)?,
        sector: r.string(12)?,
        jurisdiction: jurisdiction(r, 13)?,
        covered_workers: r.i64(14)?,
        status: parsed(r, 15, "status", agreement::Status::parse)?,
        legitimization: r.string(16)?,
        signed_on: date(r, 17)?,
        effective_from: date(r, 18)?,
        deposited_on: date(r, 19)?,
        decide_by: date(r, 20)?,
        registered_on: opt_date(r, 21)?,
        termination: r.opt_string(22)?,
        ended_at: r.opt_string(23)?,
        next_deadline: opt_date(r, 24)?,
        wage_revision_on: opt_date(r, 25)?,
        wage_request_by: opt_date(r, 26)?,
        full_revision_on: opt_date(r, 27)?,
        full_request_by: opt_date(r, 28)?,
        revisions: r.i64(29)?,
        last_revision_on: opt_date(r, 30)?,
        wage_increase_bp: r.opt_i64(31)?,
        below_law: r.i64(32)? != 0,
        certificate_number: r.opt_string(33)?,
        approval_vote_id: r.opt_i64(34)?,
        public_version_on: opt_date(r, 35)?,
        updated_seq: r.i64(36)?,
    })
}

/// A revision deposited.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RevisionRecord {
    pub number: i64,
    /// "wage" or "full".
    pub kind: String,
    pub agreed_on: NaiveDate,
    pub effective_from: NaiveDate,
    pub deposited_on: NaiveDate,
    /// The vote that approved it ("vote/12").
    pub vote: String,
    pub increase_bp: Option<i64>,
}

/// An agreement as the public registry shows it: its columns, its terms, its public version
/// (391 Bis: personal data removed), its revisions and its file (which holds no worker's data).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AgreementRecord {
    pub summary: AgreementSummary,
    pub wage_table: Option<Vec<Position>>,
    pub benefits: Option<Benefits>,
    pub public_text: Option<String>,
    pub revisions: Vec<RevisionRecord>,
    pub state: Agreement,
}

/// Filters of the agreement list. Pages go by id, newest first.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AgreementFilter {
    pub union_id: Option<i64>,
    pub employer_id: Option<i64>,
    pub state: Option<StateCode>,
    pub status: Option<agreement::Status>,
    /// 1 to 500.
    pub limit: u32,
    pub after: Option<i64>,
}

/// A request for a certificate of representativeness as the public registry shows it (the
/// support lists stay confidential).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RepresentativenessSummary {
    pub id: i64,
    pub status: representativeness::Status,
    pub employer_name: String,
    pub employer_rfc: String,
    pub employer_id: Option<i64>,
    pub workplace_id: Option<i64>,
    pub workplace: String,
    pub state: String,
    pub municipality: String,
    pub sector: String,
    pub jurisdiction: Jurisdiction,
    pub covered_workers: i64,
    pub applicants: i64,
    pub requested_on: NaiveDate,
    pub notice_published_on: Option<NaiveDate>,
    pub window_until: Option<NaiveDate>,
    pub certificate_number: Option<String>,
    pub holder: Option<String>,
    pub holder_union_id: Option<i64>,
    pub issued_on: Option<NaiveDate>,
    pub valid_until: Option<NaiveDate>,
    pub vote_id: Option<i64>,
    pub next_deadline: Option<NaiveDate>,
    pub ended_at: Option<String>,
    pub updated_seq: i64,
}

pub(super) const REQUEST_COLUMNS: &str =
    "id, status, employer_name, employer_rfc, employer_id, workplace_id, workplace, state,
    municipality, sector, jurisdiction, covered_workers, applicants, requested_on, notice_published_on, window_until,
    certificate_number, holder, holder_union_id, issued_on, valid_until, vote_id, next_deadline, ended_at, updated_seq";

pub(super) fn request_row(r: &Row) -> Result<RepresentativenessSummary, StoreError> {
    Ok(RepresentativenessSummary {
        id: r.i64(0)?,
        status: parsed(r, 1, "status", representativeness::Status::parse)?,
        employer_name: r.string(2)?,
        employer_rfc: r.string(3)?,
        employer_id: r.opt_i64(4)?,
        workplace_id: r.opt_i64(5)?,
        workplace: r.string(6)?,
        state: r.string(7)?,
        municipality: r.string(8)?,
        sector: r.string(9)?,
        jurisdiction: jurisdiction(r, 10)?,
        covered_workers: r.i64(11)?,
        applicants: r.i64(12)?,
        requested_on: date(r, 13)?,
        notice_published_on: opt_date(r, 14)?,
        window_until: opt_date(r, 15)?,
        certificate_number: r.opt_string(16)?,
        holder: r.opt_string(17)?,
        holder_union_id: r.opt_i64(18)?,
        issued_on: opt_date(r, 19)?,
        valid_until: opt_date(r, 20)?,
        vote_id: r.opt_i64(21)?,
        next_deadline: opt_date(r, 22)?,
        ended_at: r.opt_string(23)?,
        updated_seq: r.i64(24)?,
    })
}

/// A vote's public columns: the call, the totals and the outcome (never the roll).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct VoteSummary {
    pub id: i64,
    pub purpose: Purpose,
    pub subject: String,
    pub agreement_id: Option<i64>,
    pub union_id: Option<i64>,
    pub request_id: Option<i64>,
    pub state: String,
    pub jurisdiction: Jurisdiction,
    pub organizer: String,
    pub status: vote::Status,
    pub options: Vec<String>,
    pub called_on: NaiveDate,
    pub vote_on: NaiveDate,
    pub held_on: Option<NaiveDate>,
    /// Voters on the roll (its size only).
    pub roll: Option<i64>,
    /// For and against, in an approval.
    pub votes_for: Option<i64>,
    pub votes_against: Option<i64>,
    pub void: Option<i64>,
    pub blank: Option<i64>,
    pub ballots: Option<i64>,
    pub valid: Option<i64>,
    /// Votes per option, in the order of `options`.
    pub totals: Option<Vec<u32>>,
    pub turnout_bp: Option<i64>,
    pub margin_bp: Option<i64>,
    /// `Outcome::code`.
    pub outcome: Option<String>,
    pub winner: Option<String>,
    /// The effect's code ("legitimized").
    pub effect: Option<String>,
    pub results_recorded_on: Option<NaiveDate>,
    pub published_on: Option<NaiveDate>,
    pub next_deadline: Option<NaiveDate>,
    pub ended_at: Option<String>,
    pub updated_seq: i64,
}

pub(super) const VOTE_COLUMNS: &str =
    "id, purpose, subject, agreement_id, union_id, request_id, state, jurisdiction, organizer,
    status, options_json, called_on, vote_on, held_on, roll, votes_for, votes_against, void, blank, ballots, valid,
    totals_json, turnout_bp, margin_bp, outcome, winner, effect, results_recorded_on, published_on, next_deadline,
    ended_at, updated_seq";

fn purpose_of(code: &str) -> Option<Purpose> {
    Purpose::ALL.into_iter().find(|p| p.code() == code)
}

pub(super) fn vote_row(r: &Row) -> Result<VoteSummary, StoreError> {
    Ok(VoteSummary {
        id: r.i64(0)?,
        purpose: parsed(r, 1, "purpose", purpose_of)?,
        subject: r.string(2)?,
        agreement_id: r.opt_i64(3)?,
        union_id: r.opt_i64(4)?,
        request_id: r.opt_i64(5)?,
        state: r.string(6)?,
        jurisdiction: jurisdiction(r, 7)?,
        organizer: r.string(8)?,
        status: parsed(r, 9, "status", vote::Status::parse)?,
        options: serde_json::from_str(&r.string(10)?)?,
        called_on: date(r, 11)?,
        vote_on: date(r, 12)?,
        held_on: opt_date(r, 13)?,
        roll: r.opt_i64(14)?,
        votes_for: r.opt_i64(15)?,
        votes_against: r.opt_i64(16)?,
        void: r.opt_i64(17)?,
        blank: r.opt_i64(18)?,
        ballots: r.opt_i64(19)?,
        valid: r.opt_i64(20)?,
        totals: json_opt(r, 21)?,
        turnout_bp: r.opt_i64(22)?,
        margin_bp: r.opt_i64(23)?,
        outcome: r.opt_string(24)?,
        winner: r.opt_string(25)?,
        effect: r.opt_string(26)?,
        results_recorded_on: opt_date(r, 27)?,
        published_on: opt_date(r, 28)?,
        next_deadline: opt_date(r, 29)?,
        ended_at: r.opt_string(30)?,
        updated_seq: r.i64(31)?,
    })
}

/// A polling station: the size of its roll and its results record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StationRecord {
    pub station: String,
    pub place: String,
    pub roll: i64,
    pub votes: Option<Vec<u32>>,
    pub void: Option<i64>,
    pub blank: Option<i64>,
}

/// A vote as the public registry shows it: its columns and its stations' results.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct VoteRecord {
    pub summary: VoteSummary,
    pub stations: Vec<StationRecord>,
}

/// Which unions the compliance view looks at.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OverdueFilter {
    pub state: Option<StateCode>,
    /// At most this many overdue filings (1 to 5,000), the longest overdue first.
    pub limit: u32,
}
