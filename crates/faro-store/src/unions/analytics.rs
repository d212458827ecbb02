//! The registry's public analytics, read from the rollups (`rollup.rs`): coverage of the
//! agreements, wage increases, votes and the leaderships' women.

use faro_core::StateCode;
use serde::Serialize;

use crate::{Store, StoreError, Value};

/// Agreements by state and sector (`agreement_rollup`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct CoverageRow {
    pub state: String,
    pub sector: String,
    pub agreements: i64,
    /// In force (registered), and the workers they cover.
    pub registered: i64,
    pub registered_workers: i64,
    /// Legacy agreements legitimized by their workers (2019 decree, Transitory 11th).
    pub legitimized: i64,
    pub legitimized_workers: i64,
    pub pending_legitimization: i64,
    pub terminated: i64,
    /// In force with some clause below the law.
    pub below_law: i64,
}

/// Wage increases by year of effect and sector (`agreement_wage_rollup`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct WageRow {
    pub year: String,
    pub sector: String,
    pub revisions: i64,
    pub increase_bp: i64,
    /// Increases weighted by the workers each agreement covers, and those workers.
    pub weighted_bp: i64,
    pub workers: i64,
}

impl WageRow {
    /// The mean increase per revision, in basis points.
    pub fn mean_increase_bp(&self) -> Option<f64> {
        (self.revisions > 0).then(|| self.increase_bp as f64 / self.revisions as f64)
    }
    /// The mean increase per worker covered, in basis points.
    pub fn weighted_mean_bp(&self) -> Option<f64> {
        (self.workers > 0).then(|| self.weighted_bp as f64 / self.workers as f64)
    }
}

/// Votes by year, state and purpose (`vote_rollup`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct VoteYearRow {
    pub year: String,
    pub state: String,
    pub purpose: String,
    pub votes: i64,
    /// With results that stand (recorded, neither annulled nor cancelled).
    pub counted: i64,
    pub roll: i64,
    pub ballots: i64,
    /// Sums of the counted votes' turnouts and margins, in basis points.
    pub turnout_bp: i64,
    pub margin_bp: i64,
    pub approved: i64,
    pub annulled: i64,
    pub cancelled: i64,
}

impl VoteYearRow {
    /// The mean turnout of the counted votes, in basis points.
    pub fn mean_turnout_bp(&self) -> Option<f64> {
        (self.counted > 0).then(|| self.turnout_bp as f64 / self.counted as f64)
    }
    /// The mean margin of the counted votes, in basis points.
    pub fn mean_margin_bp(&self) -> Option<f64> {
        (self.counted > 0).then(|| self.margin_bp as f64 / self.counted as f64)
    }
}

/// Unions by state (`union_rollup`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct LeadershipRow {
    pub state: String,
    pub unions: i64,
    pub registered: i64,
    pub members: i64,
    pub leaders: i64,
    pub leaders_known_sex: i64,
    pub women_leaders: i64,
}

impl LeadershipRow {
    /// The share of women among the registered unions' leaders whose sex is known.
    pub fn women_share(&self) -> Option<f64> {
        (self.leaders_known_sex > 0).then(|| self.women_leaders as f64 / self.leaders_known_sex as f64)
    }
}

/// The public analytics of the registry, read from the rollups.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct UnionAnalytics {
    pub coverage: Vec<CoverageRow>,
    pub wages: Vec<WageRow>,
    pub votes: Vec<VoteYearRow>,
    pub leadership: Vec<LeadershipRow>,
}

impl Store {
    /// The public analytics from the rollups: all states, or one (the wage increases are by
    /// sector only).
    pub fn union_analytics(&self, state: Option<StateCode>) -> Result<UnionAnalytics, StoreError> {
        let (filter, params): (&str, Vec<Value>) = match state {
            Some(s) => (" WHERE state = ?", vec![s.as_str().into()]),
            None => ("", Vec::new()),
        };
        self.read(|tx| {
            let coverage = tx
                .query(
                    &format!(
                        "SELECT state, sector, agreements, registered, registered_workers, legitimized,
                             legitimized_workers, pending_legitimization, terminated, below_law
                         FROM agreement_rollup{filter} ORDER BY state, sector"
                    ),
                    &params,
                )?
                .iter()
                .map(|r| {
                    Ok(CoverageRow {
                        state: r.string(0)?,
                        sector: r.string(1)?,
                        agreements: r.i64(2)?,
                        registered: r.i64(3)?,
                        registered_workers: r.i64(4)?,
                        legitimized: r.i64(5)?,
                        legitimized_workers: r.i64(6)?,
                        pending_legitimization: r.i64(7)?,
                        terminated: r.i64(8)?,
                        below_law: r.i64(9)?,
                    })
                })
                .collect::<Result<Vec<_>, StoreError>>()?;
            let wages = tx
                .query(
                    "SELECT year, sector, revisions, increase_bp, weighted_bp, workers FROM agreement_wage_rollup
                     ORDER BY year, sector",
                    &[],
                )?
                .iter()
                .map(|r| {
                    Ok(WageRow {
                        year: r.string(0)?,
                        sector: r.string(1)?,
                        revisions: r.i64(2)?,
                        increase_bp: r.i64(3)?,
                        weighted_bp: r.i64(4)?,
                        workers: r.i64(5)?,
                    })
                })
                .collect::<Result<Vec<_>, StoreError>>()?;
            let votes = tx
                .query(
                    &format!(
                        "SELECT year, state, purpose, votes, counted, roll, ballots, turnout_bp, margin_bp, approved,
                             annulled, cancelled
                         FROM vote_rollup{filter} ORDER BY year, state, purpose"
                    ),
                    &params,
                )?
                .iter()
                .map(|r| {
                    Ok(VoteYearRow {
                        year: r.string(0)?,
                        state: r.string(1)?,
                        purpose: r.string(2)?,
                        votes: r.i64(3)?,
                        counted: r.i64(4)?,
                        roll: r.i64(5)?,
                        ballots: r.i64(6)?,
                        turnout_bp: r.i64(7)?,
                        margin_bp: r.i64(8)?,
                        approved: r.i64(9)?,
                        annulled: r.i64(10)?,
                        cancelled: r.i64(11)?,
                    })
                })
                .collect::<Result<Vec<_>, StoreError>>()?;
            let leadership = tx
                .query(
                    &format!(
                        "SELECT state, unions, registered, members, leaders, leaders_known_sex, women_leaders
                         FROM union_rollup{filter} ORDER BY state"
                    ),
                    &params,
                )?
                .iter()
                .map(|r| {
                    Ok(LeadershipRow {
                        state: r.string(0)?,
                        unions: r.i64(1)?,
                        registered: r.i64(2)?,
                        members: r.i64(3)?,
                        leaders: r.i64(4)?,
                        leaders_known_sex: r.i64(5)?,
                        women_leaders: r.i64(6)?,
                    })
                })
                .collect::<Result<Vec<_>, StoreError>>()?;
            Ok(UnionAnalytics {
                coverage,
                wages,
                votes,
                leadership,
            })
        })
    }
}
