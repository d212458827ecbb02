//! Ballots, counts and outcomes.
//!
//! * A ballot is valid only if it is numbered, sealed (390 Bis-III d: "foliadas, selladas y
//!   autorizadas") and marked in exactly one box; a ballot marked in more than one box is void,
//!   an unmarked one is blank (390 Bis-III g counts it as void: Faro records it apart and never
//!   counts it for an option). A number that appears twice in one count makes the second ballot
//!   void.
//! * The results record of each station gives the votes per option, the void and the blank
//!   ballots.
//! * An approval (initial agreement, revision, legitimization, termination by consent) needs a
//!   majority whose base is a parameter ([`MajorityBase`]), and may have a turnout floor; the
//!   representativeness vote and leadership elections go to the option with most votes (388,
//!   390 Bis-III), the former with a turnout of at least 30 % of the covered workers.

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};

use crate::union::rules::{reaches, MajorityBase};
use crate::DomainError;

/// The options of an approval vote, in the order of the counts.
pub const APPROVAL_OPTIONS: [&str; 2] = ["for", "against"];

/// The results record of one polling station.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StationResult {
    pub station: String,
    /// Votes per option, in the order of the vote's options.
    pub votes: Vec<u32>,
    /// Ballots marked in more than one box, or not authentic.
    pub void: u32,
    /// Ballots not marked.
    pub blank: u32,
}

impl StationResult {
    /// Every ballot in the boxes.
    pub fn ballots(&self) -> u32 {
        self.valid().saturating_add(self.void).saturating_add(self.blank)
    }
    /// Ballots counted for an option.
    pub fn valid(&self) -> u32 {
        self.votes.iter().fold(0u32, |a, b| a.saturating_add(*b))
    }
}

/// One paper ballot as the count examines it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Ballot {
    /// Its folio; 0 when it has none.
    pub number: u32,
    pub sealed: bool,
    /// The boxes marked, by option index.
    pub marks: Vec<usize>,
}

/// Why a ballot does not count.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum VoidReason {
    /// 390 Bis-III g: "marcadas en más de un recuadro".
    MarkedMoreThanOnce,
    /// Not numbered or not sealed: not an authentic ballot (390 Bis-III d).
    NotAuthentic,
    /// A mark outside the boxes of the options.
    UnknownOption,
    /// A second ballot with a number already counted.
    RepeatedNumber,
}

/// What a ballot is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "class", rename_all = "snake_case")]
pub enum BallotClass {
    Valid { option: usize },
    Blank,
    Void { reason: VoidReason },
}

/// Classifies one ballot of a vote with `options` boxes.
pub fn classify(ballot: &Ballot, options: usize) -> BallotClass {
    if ballot.number == 0 || !ballot.sealed {
        return BallotClass::Void {
            reason: VoidReason::NotAuthentic,
        };
    }
    let marks: BTreeSet<usize> = ballot.marks.iter().copied().collect();
    match marks.len() {
        0 => BallotClass::Blank,
        1 => match marks.into_iter().next() {
            Some(option) if option < options => BallotClass::Valid { option },
            _ => BallotClass::Void {
                reason: VoidReason::UnknownOption,
            },
        },
        _ => BallotClass::Void {
            reason: VoidReason::MarkedMoreThanOnce,
        },
    }
}

/// Counts a station's ballots into its results record, and lists the void ones by number.
pub fn count_ballots(station: &str, ballots: &[Ballot], options: usize) -> (StationResult, Vec<(u32, VoidReason)>) {
    let mut result = StationResult {
        station: station.to_string(),
        votes: vec![0; options],
        void: 0,
        blank: 0,
    };
    let mut voided = Vec::new();
    let mut numbers = BTreeSet::new();
    for b in ballots {
        let class = if b.number != 0 && !numbers.insert(b.number) {
            BallotClass::Void {
                reason: VoidReason::RepeatedNumber,
            }
        } else {
            classify(b, options)
        };
        match class {
            BallotClass::Valid { option } => {
                if let Some(v) = result.votes.get_mut(option) {
                    *v = v.saturating_add(1);
                }
            }
            BallotClass::Blank => result.blank = result.blank.saturating_add(1),
            BallotClass::Void { reason } => {
                result.void = result.void.saturating_add(1);
                voided.push((b.number, reason));
            }
        }
    }
    (result, voided)
}

/// The totals of a vote.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Tally {
    pub options: Vec<String>,
    pub votes: Vec<u32>,
    pub void: u32,
    pub blank: u32,
    /// Voters on the roll.
    pub roll: u32,
}

impl Tally {
    pub fn valid(&self) -> u32 {
        self.votes.iter().fold(0u32, |a, b| a.saturating_add(*b))
    }
    /// Every ballot in the boxes: the turnout.
    pub fn ballots(&self) -> u32 {
        self.valid().saturating_add(self.void).saturating_add(self.blank)
    }
    /// The votes of option `i` (0 if there is none).
    pub fn votes_of(&self, i: usize) -> u32 {
        self.votes.get(i).copied().unwrap_or(0)
    }
}

/// Adds up the stations' records. Each record must give one count per option.
pub fn tally(options: &[String], results: &[StationResult], roll: u32) -> Result<Tally, DomainError> {
    let mut t = Tally {
        options: options.to_vec(),
        votes: vec![0; options.len()],
        void: 0,
        blank: 0,
        roll,
    };
    for r in results {
        if r.votes.len() != options.len() {
            return Err(DomainError::field(
                "results",
                "vote.counts_mismatch",
                format!(
                    "station {} gives {} counts but the vote has {} options",
                    r.station,
                    r.votes.len(),
                    options.len()
                ),
            )
            .with("station", r.station.clone())
            .with("expected", options.len().to_string()));
        }
        for (t, v) in t.votes.iter_mut().zip(&r.votes) {
            *t = t.saturating_add(*v);
        }
        t.void = t.void.saturating_add(r.void);
        t.blank = t.blank.saturating_add(r.blank);
    }
    Ok(t)
}

/// What a vote decided.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "outcome", rename_all = "snake_case")]
pub enum Outcome {
    /// An approval reached its majority.
    Approved,
    /// The votes against reached the same majority.
    Rejected,
    /// Neither side reached it (a tie, or too few votes for either against the roll).
    NoMajority,
    /// Fewer ballots than the turnout floor.
    InsufficientTurnout,
    /// The option with most votes.
    Winner { option: String },
    /// Two or more options share the most votes.
    Tie { options: Vec<String> },
}

impl Outcome {
    pub fn code(&self) -> &'static str {
        match self {
            Outcome::Approved => "approved",
            Outcome::Rejected => "rejected",
            Outcome::NoMajority => "no_majority",
            Outcome::InsufficientTurnout => "insufficient_turnout",
            Outcome::Winner { .. } => "winner",
            Outcome::Tie { .. } => "tie",
        }
    }
}

/// "More than half of `base`": `votes * 2 > base`.
fn majority_of(votes: u32, base: u32) -> bool {
    u64::from(votes) * 2 > u64::from(base)
}

/// An approval vote's outcome: the first option is "for", the second "against".
///
/// * `Roll`: approved when the votes for are more than half the roll; rejected when the votes
///   against are; otherwise no majority.
/// * `BallotsCast`: the same against every ballot in the boxes.
/// * `ValidVotes`: more for than against, or the reverse; a tie is no majority.
///
/// Before any of this, a turnout below `turnout_min_percent` of the roll decides nothing.
pub fn approval_outcome(t: &Tally, base: MajorityBase, turnout_min_percent: u32) -> Outcome {
    if !reaches(t.ballots(), t.roll, turnout_min_percent) {
        return Outcome::InsufficientTurnout;
    }
    let (yes, no) = (t.votes_of(0), t.votes_of(1));
    let (approved, rejected) = match base {
        MajorityBase::Roll => (majority_of(yes, t.roll), majority_of(no, t.roll)),
        MajorityBase::BallotsCast => (majority_of(yes, t.ballots()), majority_of(no, t.ballots())),
        MajorityBase::ValidVotes => (yes > no, no > yes),
    };
    match (approved, rejected) {
        (true, _) => Outcome::Approved,
        (false, true) => Outcome::Rejected,
        (false, false) => Outcome::NoMajority,
    }
}

/// A contest's outcome (representativeness, leadership): the option with most valid votes,
/// provided the ballots reach `turnout_min_percent` of the roll; a shared first place is a tie;
/// no valid vote at all is no majority.
pub fn plurality_outcome(t: &Tally, turnout_min_percent: u32) -> Outcome {
    if !reaches(t.ballots(), t.roll, turnout_min_percent) {
        return Outcome::InsufficientTurnout;
    }
    let best = t.votes.iter().copied().max().unwrap_or(0);
    if best == 0 {
        return Outcome::NoMajority;
    }
    let top: Vec<String> = t
        .options
        .iter()
        .zip(&t.votes)
        .filter(|(_, v)| **v == best)
        .map(|(o, _)| o.clone())
        .collect();
    match top.as_slice() {
        [one] => Outcome::Winner { option: one.clone() },
        _ => Outcome::Tie { options: top },
    }
}
