//! Ballot rules and outcome rules, worked by hand.

use super::*;
use crate::union::vote::tally::{
    approval_outcome, classify, count_ballots, plurality_outcome, tally, Ballot, BallotClass, Outcome, StationResult,
    Tally, VoidReason,
};

fn ballot(number: u32, sealed: bool, marks: &[usize]) -> Ballot {
    Ballot {
        number,
        sealed,
        marks: marks.to_vec(),
    }
}

#[test]
fn lft_390_bis_iii_d_g_ballot_rules() {
    // Numbered and sealed, one box: valid.
    assert_eq!(classify(&ballot(1, true, &[1]), 2), BallotClass::Valid { option: 1 });
    // "No cruzadas": blank (void for the count, recorded apart).
    assert_eq!(classify(&ballot(2, true, &[]), 2), BallotClass::Blank);
    // "Marcadas en más de un recuadro": void.
    assert_eq!(
        classify(&ballot(3, true, &[0, 1]), 2),
        BallotClass::Void {
            reason: VoidReason::MarkedMoreThanOnce
        }
    );
    // Two marks in the same box are one box.
    assert_eq!(classify(&ballot(4, true, &[0, 0]), 2), BallotClass::Valid { option: 0 });
    // Not sealed, or without folio: not an authentic ballot.
    for b in [ballot(5, false, &[0]), ballot(0, true, &[0])] {
        assert_eq!(
            classify(&b, 2),
            BallotClass::Void {
                reason: VoidReason::NotAuthentic
            }
        );
    }
    assert_eq!(
        classify(&ballot(6, true, &[2]), 2),
        BallotClass::Void {
            reason: VoidReason::UnknownOption
        }
    );
}

#[test]
fn a_station_count_from_its_ballots() {
    let ballots = [
        ballot(1, true, &[0]),
        ballot(2, true, &[0]),
        ballot(3, true, &[1]),
        ballot(4, true, &[]),
        ballot(5, true, &[0, 1]),
        ballot(2, true, &[1]), // folio 2 again
        ballot(7, false, &[1]),
    ];
    let (r, voided) = count_ballots("C1", &ballots, 2);
    assert_eq!(r.votes, vec![2, 1]);
    assert_eq!((r.void, r.blank, r.ballots()), (3, 1, 7));
    assert_eq!(
        voided,
        vec![
            (5, VoidReason::MarkedMoreThanOnce),
            (2, VoidReason::RepeatedNumber),
            (7, VoidReason::NotAuthentic)
        ]
    );
}

fn approval(yes: u32, no: u32, void: u32, blank: u32, roll: u32) -> Tally {
    Tally {
        options: vec!["for".into(), "against".into()],
        votes: vec![yes, no],
        void,
        blank,
        roll,
    }
}

#[test]
fn lft_390_ter_majority_against_each_base() {
    use MajorityBase::*;
    // Roll of 100: 51 for is more than half of the roll.
    assert_eq!(
        approval_outcome(&approval(51, 10, 0, 0, 100), Roll, 0),
        Outcome::Approved
    );
    // 50 for is exactly half: no majority of the roll; but a majority of the valid votes, and
    // with 5 void and 5 blank, 50 of 70 ballots.
    let t = approval(50, 10, 5, 5, 100);
    assert_eq!(approval_outcome(&t, Roll, 0), Outcome::NoMajority);
    assert_eq!(approval_outcome(&t, ValidVotes, 0), Outcome::Approved);
    assert_eq!(approval_outcome(&t, BallotsCast, 0), Outcome::Approved);
    // 40 for, 45 against, 10 void: no majority of the roll nor of the 95 ballots (45 of 95 is
    // less than half); more against than for.
    let t = approval(40, 45, 10, 0, 100);
    assert_eq!(approval_outcome(&t, Roll, 0), Outcome::NoMajority);
    assert_eq!(approval_outcome(&t, BallotsCast, 0), Outcome::NoMajority);
    assert_eq!(approval_outcome(&t, ValidVotes, 0), Outcome::Rejected);
    // 60 against of a roll of 100: rejected on every base.
    for base in MajorityBase::ALL {
        assert_eq!(
            approval_outcome(&approval(30, 60, 0, 0, 100), base, 0),
            Outcome::Rejected
        );
    }
    // A tie of valid votes decides nothing.
    assert_eq!(
        approval_outcome(&approval(30, 30, 0, 0, 100), ValidVotes, 0),
        Outcome::NoMajority
    );
    // A turnout floor of 30 %: 29 ballots of 100 decide nothing, 30 do.
    assert_eq!(
        approval_outcome(&approval(29, 0, 0, 0, 100), ValidVotes, 30),
        Outcome::InsufficientTurnout
    );
    assert_eq!(
        approval_outcome(&approval(29, 0, 1, 0, 100), ValidVotes, 30),
        Outcome::Approved
    );
}

fn contest(votes: &[u32], void: u32, roll: u32) -> Tally {
    Tally {
        options: ["A", "B", "C"][..votes.len()].iter().map(|s| s.to_string()).collect(),
        votes: votes.to_vec(),
        void,
        blank: 0,
        roll,
    }
}

#[test]
fn lft_390_bis_iii_most_votes_with_a_30_percent_turnout() {
    // Roll 200: 60 ballots are 30 %. A has most votes.
    assert_eq!(
        plurality_outcome(&contest(&[40, 35, 5], 0, 200), 30),
        Outcome::Winner { option: "A".into() }
    );
    assert_eq!(
        plurality_outcome(&contest(&[40, 40, 5], 0, 200), 30),
        Outcome::Tie {
            options: vec!["A".into(), "B".into()]
        }
    );
    // Roll 300: 85 ballots are below 90 (30 %).
    assert_eq!(
        plurality_outcome(&contest(&[40, 40, 5], 0, 300), 30),
        Outcome::InsufficientTurnout
    );
    // Void ballots count for turnout (they are voters), not for an option.
    assert_eq!(
        plurality_outcome(&contest(&[40, 10], 40, 300), 30),
        Outcome::Winner { option: "A".into() }
    );
    assert_eq!(plurality_outcome(&contest(&[0, 0], 10, 10), 0), Outcome::NoMajority);
}

#[test]
fn the_stations_add_up_and_must_match_the_options() {
    let options = vec!["for".to_string(), "against".to_string()];
    let r = |station: &str, yes, no, void, blank| StationResult {
        station: station.into(),
        votes: vec![yes, no],
        void,
        blank,
    };
    let t = tally(&options, &[r("C1", 10, 5, 1, 0), r("C2", 7, 8, 0, 2)], 40).unwrap();
    assert_eq!(
        (t.votes.clone(), t.void, t.blank, t.ballots()),
        (vec![17, 13], 1, 2, 33)
    );
    let bad = StationResult {
        station: "C3".into(),
        votes: vec![1],
        void: 0,
        blank: 0,
    };
    let e = tally(&options, &[bad], 40).unwrap_err();
    assert_eq!((e.code, param(&e, "station")), ("vote.counts_mismatch", Some("C3")));
}
