//! The public analytics' rollups of the registry, kept in the same transaction as every change to
//! the records they count: each record contributes one row's worth of counts, and a change
//! subtracts the record's old contribution and adds its new one. The wage rollup only grows: a
//! revision deposited is never undone.
//!
//! * `union_rollup` by state: unions, registered, their members and their leaderships' women.
//! * `agreement_rollup` by state and sector: agreements registered (in force) and the workers
//!   they cover, legacy ones legitimized and still to legitimize, terminated, below the law.
//! * `agreement_wage_rollup` by year of effect and sector: revisions with a wage increase, the
//!   increases' sum in basis points and the sum weighted by the workers covered.
//! * `vote_rollup` by year, state and purpose: votes whose results stand, their rolls, ballots,
//!   turnout and margin sums (basis points), approvals; annulled and cancelled ones.
//!
//! [`rebuild`] recomputes all four from the read tables: the second definition of the same
//! numbers, which the conformance suite checks against the incremental one.

use faro_core::union::agreement::{Agreement, Legitimization, Status as AgreementStatus};
use faro_core::union::registration::Union;
use faro_core::union::vote::{Outcome, Status as VoteStatus, Vote};

use super::agreement_row::RevisionRow;
use super::derive::{leadership_counts, margin_bp, turnout_bp};
use crate::rollup::add_counts;
use crate::tx::Tx;
use crate::StoreError;

const UNION_COUNTS: [&str; 6] = [
    "unions",
    "registered",
    "members",
    "leaders",
    "leaders_known_sex",
    "women_leaders",
];

const AGREEMENT_COUNTS: [&str; 8] = [
    "agreements",
    "registered",
    "registered_workers",
    "legitimized",
    "legitimized_workers",
    "pending_legitimization",
    "terminated",
    "below_law",
];

const WAGE_COUNTS: [&str; 4] = ["revisions", "increase_bp", "weighted_bp", "workers"];

const VOTE_COUNTS: [&str; 9] = [
    "votes",
    "counted",
    "roll",
    "ballots",
    "turnout_bp",
    "margin_bp",
    "approved",
    "annulled",
    "cancelled",
];

/// A union's counts: it, and when registered, its members and leadership.
pub(crate) fn union_counts(s: &Union) -> [i64; 6] {
    let registered = i64::from(s.status.is_registered());
    let l = leadership_counts(s);
    [
        1,
        registered,
        registered * i64::from(s.member_count()),
        registered * l.leaders,
        registered * l.known_sex,
        registered * l.women,
    ]
}

/// An agreement's counts.
pub(crate) fn agreement_counts(s: &Agreement) -> [i64; 8] {
    let registered = i64::from(s.status == AgreementStatus::Registered);
    let workers = i64::from(s.covered_workers);
    let legitimized = registered * i64::from(matches!(s.legitimization, Legitimization::Legitimized { .. }));
    let pending = registered
        * i64::from(matches!(
            s.legitimization,
            Legitimization::Pending | Legitimization::Inconclusive { .. }
        ));
    [
        1,
        registered,
        registered * workers,
        legitimized,
        legitimized * workers,
        pending,
        i64::from(s.status == AgreementStatus::Terminated),
        registered * i64::from(s.minimums.as_ref().is_some_and(|m| m.below_law())),
    ]
}

/// A vote's counts. Its results stand when recorded and the vote was neither annulled nor
/// cancelled.
pub(crate) fn vote_counts(s: &Vote) -> [i64; 9] {
    let stands = s
        .tally
        .as_ref()
        .filter(|_| !matches!(s.status, VoteStatus::Annulled | VoteStatus::Cancelled));
    let counted = i64::from(stands.is_some());
    let approved = stands.is_some() && matches!(s.outcome, Some(Outcome::Approved | Outcome::Winner { .. }));
    [
        1,
        counted,
        stands.map_or(0, |t| i64::from(t.roll)),
        stands.map_or(0, |t| i64::from(t.ballots())),
        stands.and_then(turnout_bp).unwrap_or(0),
        stands.and_then(|t| margin_bp(s.purpose, t)).unwrap_or(0),
        i64::from(approved),
        i64::from(s.status == VoteStatus::Annulled),
        i64::from(s.status == VoteStatus::Cancelled),
    ]
}

fn signed<const N: usize>(counts: [i64; N], sign: i64) -> [i64; N] {
    counts.map(|c| c * sign)
}

/// Adds (`sign` = 1) or removes (`sign` = -1) a union's contribution; `state` is its row's.
pub(crate) fn union(tx: &mut dyn Tx, state: &str, s: &Union, sign: i64) -> Result<(), StoreError> {
    add_counts(
        tx,
        "union_rollup",
        &["state"],
        &[state.into()],
        &UNION_COUNTS,
        &signed(union_counts(s), sign),
    )
}

/// Adds or removes an agreement's contribution; `state` and `sector` are its row's.
pub(crate) fn agreement(
    tx: &mut dyn Tx,
    state: &str,
    sector: &str,
    s: &Agreement,
    sign: i64,
) -> Result<(), StoreError> {
    add_counts(
        tx,
        "agreement_rollup",
        &["state", "sector"],
        &[state.into(), sector.into()],
        &AGREEMENT_COUNTS,
        &signed(agreement_counts(s), sign),
    )
}

/// Adds the revisions deposited with a wage increase (by the year of their effect).
pub(crate) fn wages(tx: &mut dyn Tx, sector: &str, workers: u32, revisions: &[RevisionRow]) -> Result<(), StoreError> {
    let workers = i64::from(workers);
    for r in revisions {
        let Some(bp) = r.increase_bp else {
            continue;
        };
        add_counts(
            tx,
            "agreement_wage_rollup",
            &["year", "sector"],
            &[r.effective_from.format("%Y").to_string().into(), sector.into()],
            &WAGE_COUNTS,
            &[1, bp, bp * workers, workers],
        )?;
    }
    Ok(())
}

/// Adds or removes a vote's contribution; `state` is its row's (its subject's).
pub(crate) fn vote(tx: &mut dyn Tx, state: &str, s: &Vote, sign: i64) -> Result<(), StoreError> {
    add_counts(
        tx,
        "vote_rollup",
        &["year", "state", "purpose"],
        &[
            s.vote_on.format("%Y").to_string().into(),
            state.into(),
            s.purpose.code().into(),
        ],
        &VOTE_COUNTS,
        &signed(vote_counts(s), sign),
    )
}

/// Recomputes the four rollups from the read tables.
pub(crate) fn rebuild(tx: &mut dyn Tx) -> Result<(), StoreError> {
    for t in [
        "union_rollup",
        "agreement_rollup",
        "agreement_wage_rollup",
        "vote_rollup",
    ] {
        tx.execute(&format!("DELETE FROM {t}"), &[])?;
    }
    let reg = "status IN ('registered', 'deemed_registered')";
    tx.execute(
        &format!(
            "INSERT INTO union_rollup (state, unions, registered, members, leaders, leaders_known_sex, women_leaders)
             SELECT state, COUNT(*), SUM(CASE WHEN {reg} THEN 1 ELSE 0 END),
                 SUM(CASE WHEN {reg} THEN members ELSE 0 END), SUM(CASE WHEN {reg} THEN leaders ELSE 0 END),
                 SUM(CASE WHEN {reg} THEN leaders_known_sex ELSE 0 END),
                 SUM(CASE WHEN {reg} THEN women_leaders ELSE 0 END)
             FROM unions GROUP BY state"
        ),
        &[],
    )?;
    let reg = "status = 'registered'";
    tx.execute(
        &format!(
            "INSERT INTO agreement_rollup (state, sector, agreements, registered, registered_workers, legitimized,
                 legitimized_workers, pending_legitimization, terminated, below_law)
             SELECT state, sector, COUNT(*), SUM(CASE WHEN {reg} THEN 1 ELSE 0 END),
                 SUM(CASE WHEN {reg} THEN covered_workers ELSE 0 END),
                 SUM(CASE WHEN {reg} AND legitimization = 'legitimized' THEN 1 ELSE 0 END),
                 SUM(CASE WHEN {reg} AND legitimization = 'legitimized' THEN covered_workers ELSE 0 END),
                 SUM(CASE WHEN {reg} AND legitimization IN ('pending', 'inconclusive') THEN 1 ELSE 0 END),
                 SUM(CASE WHEN status = 'terminated' THEN 1 ELSE 0 END),
                 SUM(CASE WHEN {reg} AND below_law = 1 THEN 1 ELSE 0 END)
             FROM agreements GROUP BY state, sector"
        ),
        &[],
    )?;
    tx.execute(
        "INSERT INTO agreement_wage_rollup (year, sector, revisions, increase_bp, weighted_bp, workers)
         SELECT substr(r.effective_from, 1, 4), a.sector, COUNT(*), SUM(r.increase_bp),
             SUM(r.increase_bp * a.covered_workers), SUM(a.covered_workers)
         FROM agreement_revisions r JOIN agreements a ON a.id = r.agreement_id
         WHERE r.increase_bp IS NOT NULL
         GROUP BY substr(r.effective_from, 1, 4), a.sector",
        &[],
    )?;
    let stands = "ballots IS NOT NULL AND status NOT IN ('annulled', 'cancelled')";
    tx.execute(
        &format!(
            "INSERT INTO vote_rollup (year, state, purpose, votes, counted, roll, ballots, turnout_bp, margin_bp,
                 approved, annulled, cancelled)
             SELECT substr(vote_on, 1, 4), state, purpose, COUNT(*), SUM(CASE WHEN {stands} THEN 1 ELSE 0 END),
                 SUM(CASE WHEN {stands} THEN roll ELSE 0 END), SUM(CASE WHEN {stands} THEN ballots ELSE 0 END),
                 SUM(CASE WHEN {stands} THEN COALESCE(turnout_bp, 0) ELSE 0 END),
                 SUM(CASE WHEN {stands} THEN COALESCE(margin_bp, 0) ELSE 0 END),
                 SUM(CASE WHEN {stands} AND outcome IN ('approved', 'winner') THEN 1 ELSE 0 END),
                 SUM(CASE WHEN status = 'annulled' THEN 1 ELSE 0 END),
                 SUM(CASE WHEN status = 'cancelled' THEN 1 ELSE 0 END)
             FROM votes GROUP BY substr(vote_on, 1, 4), state, purpose"
        ),
        &[],
    )?;
    Ok(())
}
