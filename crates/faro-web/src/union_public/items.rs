//! The registry's public records as the open data and the JSON API write them: one flat item per
//! union, agreement, revision and vote, built from the store's public views. Pure: no I/O.
//!
//! What is never here: members' or voters' names, CURPs, addresses or phones (the public views do
//! not carry them), nor an individual employer's name or RFC (only a legal entity's, whose RFC has
//! 12 characters). A vote's counts appear only once its results are published.

use chrono::NaiveDate;
use faro_store::unions::{AgreementRevision, AgreementSummary, UnionSummary, VoteSummary};
use serde::Serialize;
use utoipa::ToSchema;

/// A code as its enum serializes ("national_industry").
pub fn code_of<T: Serialize>(v: &T) -> String {
    match serde_json::to_value(v) {
        Ok(serde_json::Value::String(s)) => s,
        _ => String::new(),
    }
}

fn day(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

fn opt_day(d: Option<NaiveDate>) -> Option<String> {
    d.map(day)
}

/// Whether an employer with this RFC is a legal entity (3 letters, 12 characters): only then are
/// its name and RFC published.
pub fn is_legal_entity(rfc: Option<&str>) -> bool {
    rfc.is_some_and(|r| r.trim().chars().count() == 12)
}

/// The number of a record from its subject ("vote/12" gives 12 for "vote").
pub fn id_in_subject(subject: &str, kind: &str) -> Option<i64> {
    let (k, id) = subject.split_once('/')?;
    (k == kind).then(|| id.parse().ok()).flatten()
}

/// A union's public columns.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct UnionItem {
    pub union_id: i64,
    pub union_registration: Option<String>,
    pub union_name: String,
    pub union_kind: String,
    pub federation: String,
    pub state: String,
    pub jurisdiction: String,
    pub union_status: String,
    pub members: i64,
    pub leaders: i64,
    pub leaders_known_sex: i64,
    pub women_leaders: i64,
    pub founded_on: String,
    pub filed_on: String,
    pub registered_on: Option<String>,
    pub last_member_update: Option<String>,
    pub last_financial_report: Option<String>,
    pub member_update_due: Option<String>,
    pub financial_report_due: Option<String>,
}

impl UnionItem {
    pub fn new(u: &UnionSummary) -> Self {
        UnionItem {
            union_id: u.id,
            union_registration: u.registration_number.clone(),
            union_name: u.name.clone(),
            union_kind: code_of(&u.kind),
            federation: u.federation.clone(),
            state: u.state.clone(),
            jurisdiction: u.jurisdiction.code(),
            union_status: u.status.code().to_string(),
            members: u.members,
            leaders: u.leaders,
            leaders_known_sex: u.leaders_known_sex,
            women_leaders: u.women_leaders,
            founded_on: day(u.founded_on),
            filed_on: day(u.filed_on),
            registered_on: opt_day(u.registered_on),
            last_member_update: opt_day(u.last_member_update),
            last_financial_report: opt_day(u.last_financial_report),
            member_update_due: opt_day(u.member_update_due),
            financial_report_due: opt_day(u.financial_report_due),
        }
    }
}

/// An agreement's public columns.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct AgreementItem {
    pub agreement_id: i64,
    pub agreement_registration: Option<String>,
    pub agreement_kind: String,
    pub union_id: Option<i64>,
    pub union_name: String,
    pub union_registration: String,
    /// A legal entity's name; null for an individual employer.
    pub employer_name: Option<String>,
    pub employer_rfc: Option<String>,
    pub state: String,
    pub municipality: String,
    pub sector: String,
    pub jurisdiction: String,
    pub covered_workers: i64,
    pub agreement_status: String,
    pub legitimization: String,
    pub signed_on: String,
    pub effective_from: String,
    pub deposited_on: String,
    pub registered_on: Option<String>,
    pub termination: Option<String>,
    pub revisions: i64,
    pub last_revision_on: Option<String>,
    pub wage_increase_bp: Option<i64>,
    /// 1 when some clause in force is below the law, else 0.
    pub below_law: i64,
    pub certificate_number: Option<String>,
    pub approval_vote_id: Option<i64>,
    pub public_version_on: Option<String>,
}

impl AgreementItem {
    pub fn new(a: &AgreementSummary) -> Self {
        let entity = is_legal_entity(a.employer_rfc.as_deref());
        AgreementItem {
            agreement_id: a.id,
            agreement_registration: a.registration_number.clone(),
            agreement_kind: a.kind.clone(),
            union_id: a.union_id,
            union_name: a.union_name.clone(),
            union_registration: a.union_registration.clone(),
            employer_name: entity.then(|| a.employer_name.clone()),
            employer_rfc: if entity { a.employer_rfc.clone() } else { None },
            state: a.state.clone(),
            municipality: a.municipality.clone(),
            sector: a.sector.clone(),
            jurisdiction: a.jurisdiction.code(),
            covered_workers: a.covered_workers,
            agreement_status: a.status.code().to_string(),
            legitimization: a.legitimization.clone(),
            signed_on: day(a.signed_on),
            effective_from: day(a.effective_from),
            deposited_on: day(a.deposited_on),
            registered_on: opt_day(a.registered_on),
            termination: a.termination.clone(),
            revisions: a.revisions,
            last_revision_on: opt_day(a.last_revision_on),
            wage_increase_bp: a.wage_increase_bp,
            below_law: i64::from(a.below_law),
            certificate_number: a.certificate_number.clone(),
            approval_vote_id: a.approval_vote_id,
            public_version_on: opt_day(a.public_version_on),
        }
    }
}

/// A revision of an agreement.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct RevisionItem {
    pub agreement_id: i64,
    pub agreement_registration: Option<String>,
    pub revision_number: i64,
    pub revision_kind: String,
    pub agreed_on: String,
    pub effective_from: String,
    pub deposited_on: String,
    pub vote_id: Option<i64>,
    pub wage_increase_bp: Option<i64>,
}

impl RevisionItem {
    pub fn new(r: &AgreementRevision) -> Self {
        RevisionItem {
            agreement_id: r.agreement_id,
            agreement_registration: r.agreement_registration.clone(),
            revision_number: r.revision.number,
            revision_kind: r.revision.kind.clone(),
            agreed_on: day(r.revision.agreed_on),
            effective_from: day(r.revision.effective_from),
            deposited_on: day(r.revision.deposited_on),
            vote_id: id_in_subject(&r.revision.vote, "vote"),
            wage_increase_bp: r.revision.increase_bp,
        }
    }
}

/// Whether a vote's counts are public: once the registrar published its results.
pub fn results_public(v: &VoteSummary) -> bool {
    v.published_on.is_some()
}

/// A vote's call and, once published, its results (never the roll's names).
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct VoteItem {
    pub vote_id: i64,
    pub purpose: String,
    pub subject: String,
    pub agreement_id: Option<i64>,
    pub union_id: Option<i64>,
    pub state: String,
    pub jurisdiction: String,
    pub vote_status: String,
    pub called_on: String,
    pub vote_on: String,
    pub held_on: Option<String>,
    pub roll: Option<i64>,
    pub votes_for: Option<i64>,
    pub votes_against: Option<i64>,
    pub void: Option<i64>,
    pub blank: Option<i64>,
    pub ballots: Option<i64>,
    pub valid: Option<i64>,
    pub turnout_bp: Option<i64>,
    pub margin_bp: Option<i64>,
    pub outcome: Option<String>,
    pub winner: Option<String>,
    pub published_on: Option<String>,
}

impl VoteItem {
    pub fn new(v: &VoteSummary) -> Self {
        let public = results_public(v);
        let shown = |x: Option<i64>| x.filter(|_| public);
        VoteItem {
            vote_id: v.id,
            purpose: v.purpose.code().to_string(),
            subject: v.subject.clone(),
            agreement_id: v.agreement_id,
            union_id: v.union_id,
            state: v.state.clone(),
            jurisdiction: v.jurisdiction.code(),
            vote_status: v.status.code().to_string(),
            called_on: day(v.called_on),
            vote_on: day(v.vote_on),
            held_on: opt_day(v.held_on),
            roll: v.roll,
            votes_for: shown(v.votes_for),
            votes_against: shown(v.votes_against),
            void: shown(v.void),
            blank: shown(v.blank),
            ballots: shown(v.ballots),
            valid: shown(v.valid),
            turnout_bp: shown(v.turnout_bp),
            margin_bp: shown(v.margin_bp),
            outcome: v.outcome.clone().filter(|_| public),
            winner: v.winner.clone().filter(|_| public),
            published_on: opt_day(v.published_on),
        }
    }
}

/// A share in basis points as people read it: 9100 gives "91.00 %".
pub fn percent_bp(bp: i64) -> String {
    format!("{:.2} %", bp as f64 / 100.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn subjects_rfcs_and_percents() {
        assert_eq!(id_in_subject("vote/12", "vote"), Some(12));
        assert_eq!(id_in_subject("agreement/12", "vote"), None);
        assert_eq!(id_in_subject("vote/x", "vote"), None);
        assert!(is_legal_entity(Some("MAB9307148T4")));
        assert!(!is_legal_entity(Some("PEMA800101AB1")));
        assert!(!is_legal_entity(None));
        assert_eq!(percent_bp(9100), "91.00 %");
        assert_eq!(percent_bp(333), "3.33 %");
        assert_eq!(percent_bp(-50), "-0.50 %");
    }

    #[test]
    fn a_votes_counts_are_public_only_once_published() {
        let d = NaiveDate::from_ymd_opt(2022, 4, 1).unwrap();
        let mut v = VoteSummary {
            id: 3,
            purpose: faro_core::union::vote::Purpose::Legitimization,
            subject: "agreement/1".into(),
            agreement_id: Some(1),
            union_id: None,
            request_id: None,
            state: "14".into(),
            jurisdiction: faro_core::Jurisdiction::Federal,
            organizer: "S".into(),
            status: faro_core::union::vote::Status::ResultsRecorded,
            options: vec!["for".into(), "against".into()],
            called_on: d,
            vote_on: d,
            held_on: Some(d),
            roll: Some(100),
            votes_for: Some(75),
            votes_against: Some(15),
            void: Some(1),
            blank: Some(0),
            ballots: Some(91),
            valid: Some(90),
            totals: Some(vec![75, 15]),
            turnout_bp: Some(9100),
            margin_bp: Some(6666),
            outcome: Some("approved".into()),
            winner: None,
            effect: None,
            results_recorded_on: Some(d),
            published_on: None,
            next_deadline: None,
            ended_at: None,
            updated_seq: 1,
        };
        let hidden = VoteItem::new(&v);
        assert_eq!(
            (hidden.votes_for, hidden.turnout_bp, hidden.outcome),
            (None, None, None)
        );
        assert_eq!(hidden.roll, Some(100), "the roll's size is public");
        v.published_on = Some(d);
        let shown = VoteItem::new(&v);
        assert_eq!((shown.votes_for, shown.turnout_bp), (Some(75), Some(9100)));
        assert_eq!(shown.outcome.as_deref(), Some("approved"));
    }
}
