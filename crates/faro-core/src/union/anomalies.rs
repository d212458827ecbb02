//! Integrity checks that flag anomalies for the registrar: pure functions over a vote's results,
//! the rolls of votes under way and support lists, each flag with its evidence (stations, counts,
//! CURPs). A flag is a reason to look, not a finding: the registrar decides (390 Ter-II f, h: the
//! CFCRL may verify and annul a consultation with substantive inconsistencies).
//!
//! The thresholds that are Faro's choices (how big a station must be before identical counts are
//! suspicious, what roll size makes unanimity odd) are `anomaly.*` parameters, tagged U.

use std::collections::{BTreeMap, BTreeSet};

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::rules::{reaches, Param, UnionRules};
use super::vote::tally::StationResult;
use crate::ids::{normalize, Curp};
use crate::DomainError;

/// One anomaly with its evidence.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Anomaly {
    /// More ballots in a station's boxes than voters on its roll (`station` = None: the whole
    /// vote).
    TurnoutAboveRoll {
        station: Option<String>,
        ballots: u32,
        roll: u32,
    },
    /// Stations whose counts (every option, void, blank) are exactly the same.
    IdenticalCounts { stations: Vec<String>, counts: Vec<u32> },
    /// One option got (nearly) every valid vote at a large workplace.
    Unanimity {
        option: String,
        votes: u32,
        valid: u32,
        roll: u32,
    },
    /// The results were entered after the day they were due (390 Ter-II f).
    ResultsAfterDeadline { recorded_on: NaiveDate, due_on: NaiveDate },
    /// A voter on the rolls of two or more votes under way at the same time.
    VoterOnTwoRolls { curp: String, votes: Vec<String> },
    /// A CURP in a list that does not parse, with the parser's code ("curp.check_digit").
    InvalidCurp {
        position: usize,
        value: String,
        error: String,
    },
    /// A CURP that appears more than once in one list (1-based positions).
    RepeatedCurp { curp: String, positions: Vec<usize> },
}

impl Anomaly {
    /// A stable code, for translations and filters.
    pub fn code(&self) -> &'static str {
        match self {
            Anomaly::TurnoutAboveRoll { .. } => "anomaly.turnout_above_roll",
            Anomaly::IdenticalCounts { .. } => "anomaly.identical_counts",
            Anomaly::Unanimity { .. } => "anomaly.unanimity",
            Anomaly::ResultsAfterDeadline { .. } => "anomaly.results_after_deadline",
            Anomaly::VoterOnTwoRolls { .. } => "anomaly.voter_on_two_rolls",
            Anomaly::InvalidCurp { .. } => "anomaly.invalid_curp",
            Anomaly::RepeatedCurp { .. } => "anomaly.repeated_curp",
        }
    }
}

/// Turnout above the roll, per station and overall. `roll_by_station` maps each station to the
/// voters its roll holds; a station missing from it has a roll of 0.
pub fn turnout_above_roll(results: &[StationResult], roll_by_station: &BTreeMap<String, u32>) -> Vec<Anomaly> {
    let mut out = Vec::new();
    let mut total_ballots = 0u32;
    for r in results {
        let ballots = r.ballots();
        total_ballots = total_ballots.saturating_add(ballots);
        let roll = roll_by_station.get(&r.station).copied().unwrap_or(0);
        if ballots > roll {
            out.push(Anomaly::TurnoutAboveRoll {
                station: Some(r.station.clone()),
                ballots,
                roll,
            });
        }
    }
    let total_roll = roll_by_station.values().fold(0u32, |a, b| a.saturating_add(*b));
    if total_ballots > total_roll {
        out.push(Anomaly::TurnoutAboveRoll {
            station: None,
            ballots: total_ballots,
            roll: total_roll,
        });
    }
    out
}

/// Groups of two or more stations with identical counts, ignoring stations with fewer than
/// `anomaly.identical_counts_min_ballots` ballots.
pub fn identical_counts(results: &[StationResult], min_ballots: u32) -> Vec<Anomaly> {
    let mut groups: BTreeMap<Vec<u32>, Vec<String>> = BTreeMap::new();
    for r in results.iter().filter(|r| r.ballots() >= min_ballots.max(1)) {
        let mut counts = r.votes.clone();
        counts.push(r.void);
        counts.push(r.blank);
        groups.entry(counts).or_default().push(r.station.clone());
    }
    groups
        .into_iter()
        .filter(|(_, stations)| stations.len() > 1)
        .map(|(counts, stations)| Anomaly::IdenticalCounts { stations, counts })
        .collect()
}

/// One option with at least `percent` of the valid votes where the roll has at least
/// `min_roll` voters. `options` names the options in the order of the counts.
pub fn unanimity(
    results: &[StationResult],
    options: &[String],
    roll: u32,
    min_roll: u32,
    percent: u32,
) -> Vec<Anomaly> {
    if roll < min_roll || results.is_empty() {
        return Vec::new();
    }
    let mut totals = vec![0u32; options.len()];
    for r in results {
        for (t, v) in totals.iter_mut().zip(&r.votes) {
            *t = t.saturating_add(*v);
        }
    }
    let valid = totals.iter().fold(0u32, |a, b| a.saturating_add(*b));
    if valid == 0 {
        return Vec::new();
    }
    options
        .iter()
        .zip(&totals)
        .filter(|(_, v)| reaches(**v, valid, percent))
        .map(|(o, v)| Anomaly::Unanimity {
            option: o.clone(),
            votes: *v,
            valid,
            roll,
        })
        .collect()
}

/// Results entered after the day they were due.
pub fn results_after_deadline(recorded_on: NaiveDate, due_on: NaiveDate) -> Option<Anomaly> {
    (recorded_on > due_on).then_some(Anomaly::ResultsAfterDeadline { recorded_on, due_on })
}

/// The roll of one vote, for the cross-roll check: its id, the days it is under way (from the
/// call to the vote, both included) and the CURPs on it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RollRef {
    pub vote_id: String,
    pub open_from: NaiveDate,
    pub open_until: NaiveDate,
    pub curps: Vec<String>,
}

/// CURPs on the rolls of two or more votes whose periods overlap. A worker with two employers
/// may rightly be on two rolls; the flag asks the registrar to look.
pub fn voters_on_two_rolls(rolls: &[RollRef]) -> Vec<Anomaly> {
    let mut by_curp: BTreeMap<String, BTreeSet<usize>> = BTreeMap::new();
    for (i, r) in rolls.iter().enumerate() {
        for c in &r.curps {
            let c = normalize(c);
            if !c.is_empty() {
                by_curp.entry(c).or_default().insert(i);
            }
        }
    }
    let mut out = Vec::new();
    for (curp, idx) in by_curp {
        if idx.len() < 2 {
            continue;
        }
        let idx: Vec<usize> = idx.into_iter().collect();
        let mut hit: BTreeSet<String> = BTreeSet::new();
        for (n, &a) in idx.iter().enumerate() {
            for &b in &idx[n + 1..] {
                let (ra, rb) = (&rolls[a], &rolls[b]);
                if ra.open_from <= rb.open_until && rb.open_from <= ra.open_until {
                    hit.insert(ra.vote_id.clone());
                    hit.insert(rb.vote_id.clone());
                }
            }
        }
        if !hit.is_empty() {
            out.push(Anomaly::VoterOnTwoRolls {
                curp,
                votes: hit.into_iter().collect(),
            });
        }
    }
    out
}

/// The CURPs of one list (a support list, a roll, a member list) that do not parse or repeat.
/// Positions are 1-based; a repeat is compared after normalizing (spaces, case).
pub fn curp_list(curps: &[&str]) -> Vec<Anomaly> {
    let mut out = Vec::new();
    let mut seen: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for (i, raw) in curps.iter().enumerate() {
        let position = i + 1;
        match Curp::parse(raw) {
            Ok(c) => seen.entry(c.value.as_str().to_string()).or_default().push(position),
            Err(e) => out.push(Anomaly::InvalidCurp {
                position,
                value: raw.trim().to_string(),
                error: e.code().to_string(),
            }),
        }
    }
    for (curp, positions) in seen {
        if positions.len() > 1 {
            out.push(Anomaly::RepeatedCurp { curp, positions });
        }
    }
    out
}

/// Every check over one vote's results, with the thresholds of the rules in force on `on`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResultsInput<'a> {
    pub results: &'a [StationResult],
    pub options: &'a [String],
    pub roll_by_station: &'a BTreeMap<String, u32>,
    pub recorded_on: NaiveDate,
    pub due_on: NaiveDate,
}

/// Runs the result checks: turnout above the roll, identical counts, unanimity, late entry.
pub fn check_results(rules: &UnionRules, on: NaiveDate, input: &ResultsInput<'_>) -> Result<Vec<Anomaly>, DomainError> {
    let roll = input.roll_by_station.values().fold(0u32, |a, b| a.saturating_add(*b));
    let mut out = turnout_above_roll(input.results, input.roll_by_station);
    out.extend(identical_counts(
        input.results,
        rules.count(Param::IdenticalCountsMinBallots, on)?,
    ));
    out.extend(unanimity(
        input.results,
        input.options,
        roll,
        rules.count(Param::UnanimityMinRoll, on)?,
        rules.percent(Param::UnanimityPercent, on)?,
    ));
    out.extend(results_after_deadline(input.recorded_on, input.due_on));
    Ok(out)
}
