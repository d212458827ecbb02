//! Every integrity check, with its evidence, and what it must not flag.

use std::collections::BTreeMap;

use super::*;
use crate::union::anomalies::{
    check_results, curp_list, identical_counts, results_after_deadline, turnout_above_roll, unanimity,
    voters_on_two_rolls, Anomaly, ResultsInput, RollRef,
};
use crate::union::vote::StationResult;

fn r(station: &str, votes: &[u32], void: u32, blank: u32) -> StationResult {
    StationResult {
        station: station.into(),
        votes: votes.to_vec(),
        void,
        blank,
    }
}

fn rolls(pairs: &[(&str, u32)]) -> BTreeMap<String, u32> {
    pairs.iter().map(|(s, n)| (s.to_string(), *n)).collect()
}

#[test]
fn turnout_above_the_roll_per_station_and_overall() {
    let roll = rolls(&[("C1", 100), ("C2", 50)]);
    // C1: 90 + 5 = 95 ballots for 100 voters: fine. C2: 48 + 2 + 1 = 51 for 50: flagged; 146
    // ballots for 150 voters overall: fine.
    let got = turnout_above_roll(&[r("C1", &[60, 30], 0, 5), r("C2", &[40, 8], 2, 1)], &roll);
    assert_eq!(
        got,
        vec![Anomaly::TurnoutAboveRoll {
            station: Some("C2".into()),
            ballots: 51,
            roll: 50
        }]
    );
    // 151 ballots for 150 voters overall as well when C1 is full too.
    let got = turnout_above_roll(&[r("C1", &[60, 40], 0, 0), r("C2", &[40, 8], 2, 1)], &roll);
    assert!(got.contains(&Anomaly::TurnoutAboveRoll {
        station: None,
        ballots: 151,
        roll: 150
    }));
    // A station without a roll has none.
    let got = turnout_above_roll(&[r("C9", &[1, 0], 0, 0)], &roll);
    assert_eq!(got.len(), 1);
}

#[test]
fn identical_counts_across_stations() {
    let results = [
        r("C1", &[40, 10], 1, 0),
        r("C2", &[40, 10], 1, 0),
        r("C3", &[40, 10], 0, 1),
        r("C4", &[3, 2], 0, 0),
        r("C5", &[3, 2], 0, 0),
    ];
    // C4 and C5 have 5 ballots each, below the threshold of 10: small stations repeat by chance.
    assert_eq!(
        identical_counts(&results, 10),
        vec![Anomaly::IdenticalCounts {
            stations: vec!["C1".into(), "C2".into()],
            counts: vec![40, 10, 1, 0]
        }]
    );
    assert_eq!(identical_counts(&results, 1).len(), 2);
}

#[test]
fn unanimity_at_a_large_workplace() {
    let options = vec!["for".to_string(), "against".to_string()];
    let results = [r("C1", &[300, 0], 4, 2), r("C2", &[200, 0], 0, 0)];
    assert_eq!(
        unanimity(&results, &options, 600, 100, 100),
        vec![Anomaly::Unanimity {
            option: "for".into(),
            votes: 500,
            valid: 500,
            roll: 600
        }]
    );
    // A small workplace, or one vote against, is not flagged.
    assert!(unanimity(&results, &options, 60, 100, 100).is_empty());
    let split = [r("C1", &[300, 1], 0, 0)];
    assert!(unanimity(&split, &options, 600, 100, 100).is_empty());
    // ...unless the deployment sets near-unanimity (99 %): 300 of 301 is 99.7 %.
    assert_eq!(unanimity(&split, &options, 600, 100, 99).len(), 1);
}

#[test]
fn results_entered_after_their_deadline() {
    assert_eq!(
        results_after_deadline(day(2026, 3, 24), day(2026, 3, 23)),
        Some(Anomaly::ResultsAfterDeadline {
            recorded_on: day(2026, 3, 24),
            due_on: day(2026, 3, 23)
        })
    );
    assert_eq!(results_after_deadline(day(2026, 3, 23), day(2026, 3, 23)), None);
}

#[test]
fn voters_on_two_rolls_at_once() {
    let roll = |id: &str, from: NaiveDate, until: NaiveDate, curps: &[u32]| RollRef {
        vote_id: id.into(),
        open_from: from,
        open_until: until,
        curps: curps.iter().map(|n| adult(*n)).collect(),
    };
    let rolls = [
        roll("vote/1", day(2026, 3, 2), day(2026, 3, 18), &[1, 2, 3]),
        // Overlaps vote/1 on 18 March.
        roll("vote/2", day(2026, 3, 18), day(2026, 4, 1), &[3, 4]),
        // After both: worker 1 again is no anomaly.
        roll("vote/3", day(2026, 5, 4), day(2026, 5, 20), &[1]),
    ];
    assert_eq!(
        voters_on_two_rolls(&rolls),
        vec![Anomaly::VoterOnTwoRolls {
            curp: adult(3),
            votes: vec!["vote/1".into(), "vote/2".into()]
        }]
    );
}

#[test]
fn support_lists_with_curps_that_do_not_parse_or_repeat() {
    let a = adult(1);
    let lower = a.to_lowercase();
    let mut wrong_digit = adult(2);
    wrong_digit.pop();
    wrong_digit.push(if adult(2).ends_with('0') { '1' } else { '0' });
    let list = [a.as_str(), "BADCURP", lower.as_str(), wrong_digit.as_str(), ""];
    let got = curp_list(&list);
    assert!(got.contains(&Anomaly::InvalidCurp {
        position: 2,
        value: "BADCURP".into(),
        error: "curp.length".into()
    }));
    assert!(got.contains(&Anomaly::InvalidCurp {
        position: 4,
        value: wrong_digit.clone(),
        error: "curp.check_digit".into()
    }));
    assert!(got.contains(&Anomaly::InvalidCurp {
        position: 5,
        value: String::new(),
        error: "curp.length".into()
    }));
    // The same CURP in lower case is a repeat.
    assert!(got.contains(&Anomaly::RepeatedCurp {
        curp: a.clone(),
        positions: vec![1, 3]
    }));
    assert_eq!(got.len(), 4);
    assert!(curp_list(&[adult(1).as_str(), adult(2).as_str()]).is_empty());
}

#[test]
fn every_result_check_at_once_with_the_rules_in_force() {
    let options = vec!["for".to_string(), "against".to_string()];
    let results = [r("C1", &[100, 0], 0, 0), r("C2", &[100, 0], 0, 0)];
    let roll = rolls(&[("C1", 60), ("C2", 60)]);
    let got = check_results(
        union_rules(),
        day(2026, 3, 18),
        &ResultsInput {
            results: &results,
            options: &options,
            roll_by_station: &roll,
            recorded_on: day(2026, 3, 30),
            due_on: day(2026, 3, 23),
        },
    )
    .unwrap();
    let codes: Vec<&str> = got.iter().map(Anomaly::code).collect();
    assert_eq!(
        codes,
        vec![
            "anomaly.turnout_above_roll",
            "anomaly.turnout_above_roll",
            "anomaly.turnout_above_roll",
            "anomaly.identical_counts",
            "anomaly.unanimity",
            "anomaly.results_after_deadline"
        ]
    );
}
