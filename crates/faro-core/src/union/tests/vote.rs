//! A vote's workflow: the call and its window, the roll and its challenges, observers, the day
//! of the vote, the results, their publication, challenges and the outcome's effect.

use super::*;
use crate::union::anomalies::Anomaly;
use crate::union::members::{RollEntry, WorkerEntry};
use crate::union::vote::{
    execute, Command, Effect, Event, ObserverRole, Outcome, Purpose, RollChange, Station, StationResult, Status, Vote,
};

type R = Run<Vote, Command, Event>;

pub(super) fn stations() -> Vec<Station> {
    vec![
        Station {
            id: "C1".into(),
            place: "Comedor, Planta Norte".into(),
        },
        Station {
            id: "C2".into(),
            place: "Almacén, Planta Norte".into(),
        },
    ]
}

pub(super) fn call(purpose: Purpose, vote_on: NaiveDate, notified: Option<NaiveDate>) -> Command {
    Command::Call {
        purpose,
        subject: "agreement/7".into(),
        organizer: "Sindicato de Trabajadores de Planta Norte".into(),
        options: vec!["Sindicato A".into(), "Sindicato B".into()],
        vote_on,
        stations: stations(),
        registrar_notified_on: notified,
        request_filed_on: (purpose == Purpose::Representativeness).then_some(day(2026, 2, 2)),
    }
}

/// 20 workers (10 per station), a trusted employee and one who left before the vote.
pub(super) fn workers() -> Vec<WorkerEntry> {
    let mut w: Vec<WorkerEntry> = (0..20)
        .map(|i| WorkerEntry {
            name: format!("Trabajador {i}"),
            curp: adult(i),
            hired_on: Some(day(2020, 1, 6)),
            station: if i < 10 { "C1" } else { "C2" }.into(),
            ..WorkerEntry::default()
        })
        .collect();
    w.push(WorkerEntry {
        name: "Gerente".into(),
        curp: adult(100),
        trusted: true,
        station: "C1".into(),
        ..WorkerEntry::default()
    });
    w.push(WorkerEntry {
        name: "Ya no labora".into(),
        curp: adult(101),
        left_on: Some(day(2026, 3, 1)),
        station: "C1".into(),
        ..WorkerEntry::default()
    });
    w
}

fn result(station: &str, votes: &[u32], void: u32, blank: u32) -> StationResult {
    StationResult {
        station: station.into(),
        votes: votes.to_vec(),
        void,
        blank,
    }
}

/// An initial agreement's consultation called on Mon 2 March 2026 for Wed 18 March, the roll
/// published and final.
fn ready(purpose: Purpose) -> R {
    let mut r = R::new(at(2026, 3, 2), execute);
    r.ok(call(purpose, day(2026, 3, 18), Some(day(2026, 3, 2))));
    r.on(2026, 3, 4);
    r.ok(Command::PublishRoll { workers: workers() });
    r.ok(Command::CloseRoll);
    r
}

fn held(purpose: Purpose) -> R {
    let mut r = ready(purpose);
    r.on(2026, 3, 18);
    r.ok(Command::Hold);
    r
}

#[test]
fn lft_390_ter_the_call_is_10_to_15_days_ahead() {
    let mut r = R::new(at(2026, 3, 2), execute);
    // Worked in tests/clock.rs: from Wed 18 to Tue 24 March.
    let e = r.err(call(Purpose::InitialAgreement, day(2026, 3, 17), Some(day(2026, 3, 2))));
    assert_eq!(e.code, "vote.call_outside_window");
    assert_eq!(param(&e, "earliest"), Some("2026-03-18"));
    assert_eq!(param(&e, "latest"), Some("2026-03-24"));
    let e = r.err(call(Purpose::InitialAgreement, day(2026, 3, 25), Some(day(2026, 3, 2))));
    assert_eq!(e.code, "vote.call_outside_window");
    r.ok(call(Purpose::InitialAgreement, day(2026, 3, 24), Some(day(2026, 3, 2))));
    assert_eq!(r.s().options, vec!["for".to_string(), "against".to_string()]);
    assert_eq!(r.s().next_deadline().unwrap().on, day(2026, 3, 24));
}

#[test]
fn lft_390_ter_i_the_registrar_is_told_10_days_ahead() {
    let mut r = R::new(at(2026, 3, 2), execute);
    let e = r.err(call(Purpose::Revision, day(2026, 3, 18), None));
    assert_eq!(e.code, "vote.registrar_notice_missing");
    let e = r.err(call(Purpose::Revision, day(2026, 3, 18), Some(day(2026, 3, 3))));
    assert_eq!(e.code, "registry.date_in_future");
    // With the official rules the notice and the call have the same ten days; a deployment that
    // asks for twelve days of notice refuses a notice given with the call 16 days ahead (Mon 2
    // to Wed 18 March: twelve working days end on Thu 19).
    let longer = union_rules()
        .with_overrides("[deadlines.\"vote.registrar_notice_min\"]\namount = 12\n")
        .unwrap();
    let cx = ctx_with(at(2026, 3, 2), &longer, &law().calendar, &WORKING);
    let e = execute(
        None,
        &call(Purpose::Revision, day(2026, 3, 18), Some(day(2026, 3, 2))),
        &cx,
    )
    .unwrap_err();
    assert_eq!(e.code, "vote.registrar_notice_late");
    assert!(execute(
        None,
        &call(Purpose::Revision, day(2026, 3, 20), Some(day(2026, 3, 2))),
        &cx
    )
    .is_ok());
    r.ok(call(Purpose::Revision, day(2026, 3, 18), Some(day(2026, 3, 2))));
    assert_eq!(r.s().registrar_notified_on, Some(day(2026, 3, 2)));
}

#[test]
fn lft_371_ix_a_leadership_election_needs_10_days_and_its_roll_3() {
    let mut r = R::new(at(2026, 4, 1), execute);
    let mut c = call(Purpose::LeadershipElection, day(2026, 4, 30), None);
    if let Command::Call { options, .. } = &mut c {
        *options = vec!["Planilla Verde".into()];
    }
    // No maximum for an election call; a month ahead is fine.
    r.ok(c);
    // Roll on Mon 27 April: 28, 29, 30 — the third day is the election: too late. Fri 24 works.
    r.on(2026, 4, 27);
    assert_eq!(
        r.err(Command::PublishRoll { workers: workers() }).code,
        "vote.roll_too_late"
    );
    r.on(2026, 4, 24);
    r.ok(Command::PublishRoll { workers: workers() });
}

#[test]
fn a_contest_names_its_options_and_a_representativeness_vote_its_request() {
    let mut r = R::new(at(2026, 3, 2), execute);
    let mut c = call(Purpose::Representativeness, day(2026, 3, 18), None);
    if let Command::Call { options, .. } = &mut c {
        options.truncate(1);
    }
    assert_eq!(r.err(c).code, "vote.too_few_options");
    let mut c = call(Purpose::Representativeness, day(2026, 3, 18), None);
    if let Command::Call { options, .. } = &mut c {
        options[1] = " sindicato a ".into();
    }
    assert_eq!(r.err(c).code, "vote.option_repeated");
    let mut c = call(Purpose::Representativeness, day(2026, 3, 18), None);
    if let Command::Call { request_filed_on, .. } = &mut c {
        *request_filed_on = None;
    }
    assert_eq!(r.err(c).code, "field.required");
    let mut c = call(Purpose::InitialAgreement, day(2026, 3, 18), Some(day(2026, 3, 2)));
    if let Command::Call { stations, .. } = &mut c {
        stations[1].id = "C1".into();
    }
    assert_eq!(r.err(c).code, "vote.station_repeated");
}

#[test]
fn the_roll_from_the_employers_list_with_challenges_and_corrections() {
    let mut r = R::new(at(2026, 3, 2), execute);
    r.ok(call(Purpose::InitialAgreement, day(2026, 3, 18), Some(day(2026, 3, 2))));
    let mut list = workers();
    list[5].curp = "XXXX000000XXXXXX00".into();
    r.ok(Command::PublishRoll { workers: list });
    let s = r.s();
    // The trusted employee and the worker who left are out.
    assert_eq!(s.roll_size(), 20);
    assert!(matches!(
        s.roll_anomalies.as_slice(),
        [Anomaly::InvalidCurp { position: 6, .. }]
    ));
    let newcomer = RollEntry {
        name: "Omitido".into(),
        curp: adult(300),
        station: "C2".into(),
    };
    r.ok(Command::ChallengeRoll {
        change: RollChange::Include {
            entry: newcomer.clone(),
        },
        by: "Trabajador 3".into(),
        reason: "Labora desde 2024 y no aparece".into(),
    });
    r.ok(Command::ChallengeRoll {
        change: RollChange::Correct {
            curp: "XXXX000000XXXXXX00".into(),
            entry: RollEntry {
                name: "Trabajador 5".into(),
                curp: adult(5),
                station: "C1".into(),
            },
        },
        by: "Trabajador 5".into(),
        reason: "CURP mal capturada".into(),
    });
    // Excluding somebody not on the roll is refused at once.
    let e = r.err(Command::ChallengeRoll {
        change: RollChange::Exclude { curp: adult(999) },
        by: "x".into(),
        reason: "y".into(),
    });
    assert_eq!(e.code, "vote.roll_change_conflict");
    assert_eq!(r.err(Command::CloseRoll).code, "vote.roll_challenges_pending");
    r.ok(Command::ResolveRollChallenge {
        number: 1,
        accepted: true,
    });
    r.ok(Command::ResolveRollChallenge {
        number: 2,
        accepted: true,
    });
    assert_eq!(
        r.err(Command::ResolveRollChallenge {
            number: 2,
            accepted: false
        })
        .code,
        "vote.roll_challenge_unknown"
    );
    r.ok(Command::CloseRoll);
    let s = r.s();
    assert_eq!(s.status, Status::RollFinal);
    assert_eq!(s.roll_size(), 21);
    assert!(s.roll.contains(&newcomer));
    assert!(s.roll.iter().any(|e| e.curp == adult(5)));
    assert_eq!(s.roll_by_station()["C2"], 11);
}

#[test]
fn lft_390_bis_iii_c_two_representatives_per_party_and_station() {
    let mut r = ready(Purpose::Representativeness);
    for name in ["Rep 1", "Rep 2"] {
        r.ok(Command::AccreditObserver {
            name: name.into(),
            party: "Sindicato A".into(),
            station: "C1".into(),
            role: ObserverRole::Representative,
        });
    }
    let e = r.err(Command::AccreditObserver {
        name: "Rep 3".into(),
        party: "sindicato a".into(),
        station: "C1".into(),
        role: ObserverRole::Representative,
    });
    assert_eq!((e.code, param(&e, "max")), ("vote.too_many_representatives", Some("2")));
    // Another station, another party, or an accredited observer: fine.
    r.ok(Command::AccreditObserver {
        name: "Rep 3".into(),
        party: "Sindicato A".into(),
        station: "C2".into(),
        role: ObserverRole::Representative,
    });
    r.ok(Command::AccreditObserver {
        name: "Observadora".into(),
        party: "OIT".into(),
        station: "C1".into(),
        role: ObserverRole::Observer,
    });
    assert_eq!(
        r.err(Command::AccreditObserver {
            name: "x".into(),
            party: "y".into(),
            station: "C9".into(),
            role: ObserverRole::Observer,
        })
        .code,
        "vote.unknown_station"
    );
    assert_eq!(r.s().observers.len(), 4);
}

#[test]
fn lft_390_ter_ii_the_vote_on_its_day_results_posting_and_records() {
    let mut r = ready(Purpose::InitialAgreement);
    r.on(2026, 3, 17);
    assert_eq!(r.err(Command::Hold).code, "vote.not_vote_day");
    r.on(2026, 3, 18);
    r.ok(Command::Hold);
    let s = r.s();
    // Posted within 2 days (Thu 19, Fri 20); reported within 3 working days (19, 20, 23);
    // records kept 5 years.
    assert_eq!(s.posting_due, Some(day(2026, 3, 20)));
    assert_eq!(s.result_notice_due, Some(day(2026, 3, 23)));
    assert_eq!(s.records_keep_until, Some(day(2031, 3, 18)));
    assert_eq!(
        r.err(Command::RecordResults {
            results: vec![result("C1", &[8, 2], 0, 0)]
        })
        .code,
        "vote.station_missing"
    );
    assert_eq!(
        r.err(Command::RecordResults {
            results: vec![result("C1", &[8, 2], 0, 0), result("C1", &[8, 2], 0, 0)]
        })
        .code,
        "vote.station_repeated"
    );
    // Entered on Tue 24, the day after they were due: flagged.
    r.on(2026, 3, 24);
    r.ok(Command::RecordResults {
        results: vec![result("C1", &[8, 2], 0, 0), result("C2", &[5, 3], 1, 1)],
    });
    let s = r.s();
    let t = s.tally.as_ref().unwrap();
    assert_eq!((t.votes.clone(), t.void, t.blank, t.roll), (vec![13, 5], 1, 1, 20));
    // 13 of a roll of 20 is a majority of the workers (390 Ter, the literal reading).
    assert_eq!(s.outcome, Some(Outcome::Approved));
    assert!(s.result_anomalies.contains(&Anomaly::ResultsAfterDeadline {
        recorded_on: day(2026, 3, 24),
        due_on: day(2026, 3, 23)
    }));
    r.ok(Command::PublishResults);
    let s = r.s();
    assert!(s.publication_late);
    // Challenges within 10 working days of the vote: 19, 20, 23-27, 30, 31 March, 1 April.
    assert_eq!(s.challenge_until, Some(day(2026, 4, 1)));
    r.on(2026, 4, 1);
    assert_eq!(r.err(Command::ApplyOutcome).code, "vote.challenge_term_running");
    r.on(2026, 4, 2);
    assert_eq!(
        r.err(Command::Challenge {
            by: "Trabajador 1".into(),
            grounds: "x".into()
        })
        .code,
        "vote.challenge_term_over"
    );
    let e = r.ok(Command::ApplyOutcome);
    assert!(matches!(
        &e[0],
        Event::OutcomeApplied {
            effect: Effect::AgreementApproved,
            ..
        }
    ));
    let v = r.s().reference("vote/9").unwrap();
    assert_eq!(
        (v.purpose, v.outcome, v.held_on),
        (Purpose::InitialAgreement, Outcome::Approved, day(2026, 3, 18))
    );
    assert_eq!(
        r.err(Command::Annul { reason: "x".into() }).code,
        "vote.illegal_transition"
    );
}

#[test]
fn a_challenge_upholds_or_annuls_the_vote() {
    for founded in [false, true] {
        let mut r = held(Purpose::Legitimization);
        r.ok(Command::RecordResults {
            results: vec![result("C1", &[2, 8], 0, 0), result("C2", &[3, 6], 1, 0)],
        });
        // 14 against of a roll of 20: rejected.
        assert_eq!(r.s().outcome, Some(Outcome::Rejected));
        assert_eq!(
            r.err(Command::Challenge {
                by: "x".into(),
                grounds: "y".into()
            })
            .code,
            "vote.illegal_transition",
            "challenged before the result was published"
        );
        r.ok(Command::PublishResults);
        r.on(2026, 3, 20);
        r.ok(Command::Challenge {
            by: "Sindicato titular".into(),
            grounds: "Hubo coacción en la mesa C2".into(),
        });
        assert_eq!(r.s().status, Status::Challenged);
        r.ok(Command::ResolveChallenge {
            founded,
            resolution: "Resuelto".into(),
        });
        if founded {
            assert_eq!(r.s().status, Status::Annulled);
            assert_eq!(r.err(Command::ApplyOutcome).code, "vote.illegal_transition");
        } else {
            assert_eq!(r.s().status, Status::Upheld);
            // The vote stands: its outcome applies at once.
            let e = r.ok(Command::ApplyOutcome);
            assert!(matches!(
                &e[0],
                Event::OutcomeApplied {
                    effect: Effect::LegitimizationRejected,
                    ..
                }
            ));
        }
    }
}

#[test]
fn the_effect_of_each_outcome() {
    use Effect as E;
    let winner = Outcome::Winner { option: "A".into() };
    let cases = [
        (Purpose::InitialAgreement, Outcome::Approved, E::AgreementApproved),
        (Purpose::InitialAgreement, Outcome::NoMajority, E::AgreementNotApproved),
        (Purpose::Revision, Outcome::Approved, E::RevisionApproved),
        (Purpose::Revision, Outcome::Rejected, E::RevisionNotApproved),
        (Purpose::Legitimization, Outcome::Approved, E::Legitimized),
        (Purpose::Legitimization, Outcome::Rejected, E::LegitimizationRejected),
        (
            Purpose::Legitimization,
            Outcome::NoMajority,
            E::LegitimizationInconclusive,
        ),
        (
            Purpose::Legitimization,
            Outcome::InsufficientTurnout,
            E::LegitimizationInconclusive,
        ),
        (Purpose::Termination, Outcome::Approved, E::Terminated),
        (Purpose::Termination, Outcome::Rejected, E::TerminationNotApproved),
        (
            Purpose::LeadershipElection,
            winner.clone(),
            E::LeadershipElected { slate: "A".into() },
        ),
        (
            Purpose::LeadershipElection,
            Outcome::Tie { options: vec![] },
            E::NoLeadershipElected,
        ),
        (
            Purpose::Representativeness,
            winner,
            E::RepresentativenessWinner { union: "A".into() },
        ),
        (
            Purpose::Representativeness,
            Outcome::InsufficientTurnout,
            E::NoRepresentativeness,
        ),
    ];
    for (p, o, e) in cases {
        assert_eq!(Effect::of(p, &o), e, "{p:?} {o:?}");
    }
}

#[test]
fn the_legitimization_rule_is_the_deployments() {
    // 13 for of a roll of 30 with 20 ballots: no majority of the roll, but a majority of the
    // ballots cast where a deployment reads the protocol that way.
    let overridden = union_rules()
        .with_overrides("[parameters.\"vote.legitimization_majority_base\"]\nvalue = \"ballots_cast\"\n")
        .unwrap();
    let mut list = workers();
    for i in 0..10 {
        list.push(WorkerEntry {
            name: format!("Extra {i}"),
            curp: adult(200 + i),
            station: "C2".into(),
            ..WorkerEntry::default()
        });
    }
    let results = vec![result("C1", &[7, 3], 0, 0), result("C2", &[6, 4], 0, 0)];
    for (rules, expected) in [(union_rules(), Outcome::NoMajority), (&overridden, Outcome::Approved)] {
        let mut state = None;
        let mut go = |c: Command, now: DateTime<Utc>| {
            let cx = ctx_with(now, rules, &law().calendar, &WORKING);
            let (_, next) = execute(state.as_ref(), &c, &cx).unwrap();
            state = Some(next);
        };
        go(
            call(Purpose::Legitimization, day(2026, 3, 18), Some(day(2026, 3, 2))),
            at(2026, 3, 2),
        );
        go(Command::PublishRoll { workers: list.clone() }, at(2026, 3, 4));
        go(Command::CloseRoll, at(2026, 3, 4));
        go(Command::Hold, at(2026, 3, 18));
        go(
            Command::RecordResults {
                results: results.clone(),
            },
            at(2026, 3, 18),
        );
        assert_eq!(state.unwrap().outcome, Some(expected));
    }
}

#[test]
fn a_vote_is_cancelled_only_before_it_is_held() {
    let mut r = ready(Purpose::Termination);
    r.ok(Command::Cancel {
        reason: "Las partes desistieron".into(),
    });
    assert_eq!(r.s().status, Status::Cancelled);
    assert_eq!(r.err(Command::Hold).code, "vote.illegal_transition");
    let mut r = held(Purpose::Termination);
    assert_eq!(
        r.err(Command::Cancel { reason: "x".into() }).code,
        "vote.illegal_transition"
    );
}

#[test]
fn identical_counts_are_flagged_when_results_are_recorded() {
    let mut r = held(Purpose::Revision);
    r.ok(Command::RecordResults {
        results: vec![result("C1", &[6, 4], 0, 0), result("C2", &[6, 4], 0, 0)],
    });
    assert!(r.s().result_anomalies.contains(&Anomaly::IdenticalCounts {
        stations: vec!["C1".into(), "C2".into()],
        counts: vec![6, 4, 0, 0]
    }));
}
