//! The certificate of representativeness (LFT 387, 388, 390 Bis), worked case by case.

use super::*;
use crate::union::anomalies::Anomaly;
use crate::union::members::{EntryIssue, SupporterInput};
use crate::union::representativeness::{execute, Command, Event, Representativeness, Status};
use crate::union::vote::{Outcome, Purpose, Tally, VoteRef};

type R = Run<Representativeness, Command, Event>;

/// `n` supporters, the first numbered from `from`.
fn support(from: u32, n: u32) -> Vec<SupporterInput> {
    (from..from + n)
        .map(|i| SupporterInput {
            name: format!("Trabajador {i}"),
            curp: adult(i),
            hired_on: Some(day(2024, 1, 8)),
            signed: true,
        })
        .collect()
}

fn request(n: u32, covered: u32) -> Command {
    request_with(support(0, n), covered)
}

fn request_with(support: Vec<SupporterInput>, covered: u32) -> Command {
    Command::Request {
        union: "Sindicato A".into(),
        registration_number: "CFCRL-SIND-2025-0100".into(),
        employer_name: "Planta Norte SA de CV".into(),
        employer_rfc: "MAB9307148T4".into(),
        workplace: "Planta Norte, Guadalajara".into(),
        activity: "Fabricación de autopartes".into(),
        covered_workers: covered,
        support,
    }
}

fn join(name: &str, from: u32, n: u32) -> Command {
    Command::Join {
        union: name.into(),
        registration_number: "CFCRL-SIND-2024-0042".into(),
        support: support(from, n),
    }
}

fn published(n: u32) -> R {
    let mut r = R::new(at(2026, 3, 2), execute);
    r.ok(request(n, 100));
    r.on(2026, 3, 4);
    r.ok(Command::PublishNotice);
    r
}

fn vote(outcome: Outcome) -> VoteRef {
    VoteRef {
        vote_id: "vote/31".into(),
        purpose: Purpose::Representativeness,
        held_on: day(2026, 4, 20),
        outcome,
        tally: Tally {
            options: vec!["Sindicato A".into(), "Sindicato B".into()],
            votes: vec![20, 25],
            void: 0,
            blank: 0,
            roll: 100,
        },
    }
}

#[test]
fn lft_390_bis_i_support_of_30_percent_rounded_up() {
    let mut r = R::new(at(2026, 3, 2), execute);
    r.ok(request(30, 100));
    let s = r.s();
    assert!(s.applicants[0].qualifies());
    assert_eq!(
        (s.applicants[0].support.valid, s.applicants[0].support.required),
        (30, 30)
    );
    // 390 Bis-II: the notice within 3 days of Mon 2 March: Tue 3, Wed 4, Thu 5.
    assert_eq!(s.notice_by, day(2026, 3, 5));
    // 30 % of 101 workers is 30.3: 31 are needed.
    let mut r = R::new(at(2026, 3, 2), execute);
    r.ok(request(30, 101));
    assert!(!r.s().applicants[0].qualifies());
    assert_eq!(r.s().applicants[0].support.required, 31);
}

#[test]
fn lft_390_bis_i_entries_that_do_not_count() {
    let mut list = support(0, 8);
    list[1].curp = list[0].curp.clone();
    list[2].curp = "ABC".into();
    list[3].hired_on = Some(day(2026, 3, 3));
    list[4].signed = false;
    list[5].hired_on = None;
    list[6].curp = String::new();
    let mut r = R::new(at(2026, 3, 2), execute);
    r.ok(request_with(list, 10));
    let a = &r.s().applicants[0];
    assert_eq!((a.support.listed, a.support.valid), (8, 2));
    let issues: Vec<(usize, &str)> = a.support.issues.iter().map(|i| (i.position, i.issue.code())).collect();
    assert_eq!(
        issues,
        vec![
            (2, "union.entry.repeated"),
            (3, "union.entry.invalid_id"),
            (4, "union.entry.hired_after_request"),
            (5, "union.entry.unsigned"),
            (6, "union.entry.missing_hiring_date"),
            (7, "union.entry.missing_id"),
        ]
    );
    assert!(matches!(
        a.support.issues[0].issue,
        EntryIssue::Repeated { first_position: 1 }
    ));
    // The same list's CURPs are flagged for the registrar.
    assert!(a
        .anomalies
        .iter()
        .any(|x| matches!(x, Anomaly::RepeatedCurp { positions, .. } if positions == &vec![1, 2])));
    assert!(a
        .anomalies
        .iter()
        .any(|x| matches!(x, Anomaly::InvalidCurp { position: 3, .. })));
}

#[test]
fn lft_390_bis_i_defects_are_warned_of_and_cured() {
    let mut r = R::new(at(2026, 3, 2), execute);
    r.ok(request(25, 100));
    r.on(2026, 3, 3);
    let e = r.ok(Command::NotifyDefects {
        observations: "Faltan 5 firmas".into(),
    });
    // Cure within 3 days of Tue 3: Wed 4, Thu 5, Fri 6.
    assert!(matches!(&e[0], Event::DefectsNotified { cure_by, late: false, .. } if *cure_by == day(2026, 3, 6)));
    assert_eq!(
        r.err(Command::PublishNotice).code,
        "representativeness.illegal_transition"
    );
    r.on(2026, 3, 5);
    r.ok(Command::Correct {
        support: support(0, 31),
    });
    assert_eq!(r.s().status, Status::Requested);
    assert!(r.s().applicants[0].qualifies());
    assert_eq!(
        r.err(Command::NotifyDefects {
            observations: String::new()
        })
        .code,
        "representativeness.no_defects"
    );
}

#[test]
fn lft_390_bis_ii_one_union_after_the_window_gets_a_six_month_certificate() {
    let mut r = published(30);
    // Ten working days from Wed 4 March: 5, 6, 9-13, 17, 18, 19.
    assert_eq!(r.s().window_until, Some(day(2026, 3, 19)));
    r.on(2026, 3, 19);
    assert_eq!(r.err(Command::CloseWindow).code, "representativeness.window_open");
    // A union that joins with too little support does not contend.
    r.ok(join("Sindicato B", 100, 10));
    r.on(2026, 3, 20);
    assert_eq!(
        r.err(join("Sindicato C", 200, 40)).code,
        "representativeness.window_closed"
    );
    let e = r.ok(Command::CloseWindow);
    assert!(
        matches!(&e[..], [Event::WindowClosed { qualifying, .. }] if qualifying == &vec!["Sindicato A".to_string()])
    );
    assert_eq!(r.s().status, Status::WindowClosed);
    r.ok(Command::Issue {
        certificate_number: "CR-2026-15".into(),
    });
    let s = r.s();
    let c = s.certificate.as_ref().unwrap();
    assert_eq!(
        (c.union.as_str(), c.issued_on, c.valid_until),
        ("Sindicato A", day(2026, 3, 20), day(2026, 9, 20))
    );
    // 387: while it is valid no other request is admitted.
    assert!(s.is_valid_on(day(2026, 9, 20)));
    assert!(!s.is_valid_on(day(2026, 9, 21)));
    assert_eq!(s.next_deadline().unwrap().on, day(2026, 9, 20));
}

#[test]
fn lft_390_bis_iii_several_unions_go_to_a_vote() {
    let mut r = published(30);
    r.on(2026, 3, 10);
    r.ok(join("Sindicato B", 100, 35));
    assert_eq!(
        r.err(join("sindicato b", 300, 35)).code,
        "representativeness.already_applicant"
    );
    r.on(2026, 3, 20);
    let e = r.ok(Command::CloseWindow);
    assert_eq!(e.len(), 2);
    let s = r.s();
    assert_eq!(s.status, Status::VoteRequired);
    // The roll within 10 days of the second request (Tue 10 March): 11, 12, 13, 17-20, 23, 24, 25.
    assert_eq!(s.roll_due, Some(day(2026, 3, 25)));
    assert_eq!(
        r.err(Command::Issue {
            certificate_number: "X".into()
        })
        .code,
        "representativeness.illegal_transition"
    );
    let e = r.err(Command::RecordVote {
        vote: vote(Outcome::Winner {
            option: "Sindicato C".into(),
        }),
        certificate_number: "CR-2026-16".into(),
    });
    assert_eq!(e.code, "representativeness.winner_unknown");
    r.on(2026, 4, 21);
    r.ok(Command::RecordVote {
        vote: vote(Outcome::Winner {
            option: "Sindicato B".into(),
        }),
        certificate_number: "CR-2026-16".into(),
    });
    let c = r.s().certificate.clone().unwrap();
    assert_eq!(
        (c.union.as_str(), c.vote_id.as_deref()),
        ("Sindicato B", Some("vote/31"))
    );
}

#[test]
fn lft_390_bis_iii_a_turnout_below_30_percent_gives_nobody_the_certificate() {
    let mut r = published(30);
    r.ok(join("Sindicato B", 100, 35));
    r.on(2026, 3, 20);
    r.ok(Command::CloseWindow);
    r.ok(Command::RecordVote {
        vote: vote(Outcome::InsufficientTurnout),
        certificate_number: String::new(),
    });
    assert_eq!(r.s().status, Status::Denied);
    assert!(r.s().certificate.is_none());
}

#[test]
fn nobody_with_30_percent_is_denied_when_the_window_closes() {
    let mut r = published(10);
    r.on(2026, 3, 20);
    let e = r.ok(Command::CloseWindow);
    assert!(matches!(&e[1], Event::Denied { .. }));
    assert_eq!(r.s().status, Status::Denied);
    assert_eq!(
        r.err(Command::PublishNotice).code,
        "representativeness.illegal_transition"
    );
}

#[test]
fn lft_387_a_strike_extends_the_validity_until_it_ends() {
    let mut r = published(30);
    r.on(2026, 3, 20);
    r.ok(Command::CloseWindow);
    r.ok(Command::Issue {
        certificate_number: "CR-2026-17".into(),
    });
    r.on(2026, 9, 1);
    r.ok(Command::RecordStrike {
        started_on: day(2026, 9, 1),
    });
    r.on(2026, 10, 1);
    assert!(r.s().is_valid_on(day(2026, 10, 1)));
    assert_eq!(r.err(Command::Expire).code, "representativeness.still_valid");
    r.on(2026, 11, 20);
    r.ok(Command::RecordStrikeEnded {
        ended_on: day(2026, 11, 15),
    });
    assert_eq!(r.s().certificate.as_ref().unwrap().valid_until, day(2026, 11, 15));
    r.ok(Command::Expire);
    assert_eq!(r.s().status, Status::Expired);
    assert!(!r.s().is_valid_on(day(2026, 11, 10)));
}

#[test]
fn a_certificate_expires_after_six_months_without_a_strike() {
    let mut r = published(30);
    r.on(2026, 3, 20);
    r.ok(Command::CloseWindow);
    r.ok(Command::Issue {
        certificate_number: "CR-2026-18".into(),
    });
    r.on(2026, 9, 20);
    assert_eq!(r.err(Command::Expire).code, "representativeness.still_valid");
    r.on(2026, 9, 21);
    r.ok(Command::Expire);
    assert!(r.s().next_deadline().is_none());
}
