//! The roll built from the employer's list (LFT 390 Bis-III a) and the age rule (362).

use super::*;
use crate::union::members::{age_on, build_roll, Exclusion, RollCutoff, WorkerEntry};

fn worker(n: u32) -> WorkerEntry {
    WorkerEntry {
        name: format!("Trabajador {n}"),
        curp: adult(n),
        hired_on: Some(day(2023, 5, 2)),
        station: "C1".into(),
        ..WorkerEntry::default()
    }
}

#[test]
fn lft_390_bis_iii_a_who_is_on_the_roll_of_a_representativeness_vote() {
    let requested_on = day(2026, 3, 2);
    let list = vec![
        worker(0),
        WorkerEntry {
            trusted: true,
            ..worker(1)
        },
        // Hired after the request.
        WorkerEntry {
            hired_on: Some(day(2026, 3, 3)),
            ..worker(2)
        },
        // Dismissed 2 December 2025, within the 3 months before the request: on the roll.
        WorkerEntry {
            left_on: Some(day(2025, 12, 2)),
            ..worker(3)
        },
        // Dismissed 1 December 2025, one day before the 3 months: off.
        WorkerEntry {
            left_on: Some(day(2025, 12, 1)),
            ..worker(4)
        },
        // Quit: off, unless the matter is before a court.
        WorkerEntry {
            left_on: Some(day(2026, 2, 1)),
            quit: true,
            ..worker(5)
        },
        WorkerEntry {
            left_on: Some(day(2026, 2, 1)),
            quit: true,
            sub_iudice: true,
            ..worker(6)
        },
        // Dismissed after the request: still on it.
        WorkerEntry {
            left_on: Some(day(2026, 3, 20)),
            ..worker(7)
        },
        worker(0),
        WorkerEntry {
            name: String::new(),
            curp: String::new(),
            ..worker(9)
        },
    ];
    let roll = build_roll(union_rules(), &list, RollCutoff::Representativeness { requested_on }).unwrap();
    let names: Vec<&str> = roll.entries.iter().map(|e| e.name.as_str()).collect();
    assert_eq!(
        names,
        vec!["Trabajador 0", "Trabajador 3", "Trabajador 6", "Trabajador 7"]
    );
    assert_eq!(
        roll.excluded,
        vec![
            (2, Exclusion::Trusted),
            (3, Exclusion::HiredAfterRequest),
            (5, Exclusion::LeftBefore),
            (6, Exclusion::Quit),
            (9, Exclusion::Repeated),
            (10, Exclusion::Unidentified),
        ]
    );
}

#[test]
fn the_roll_of_a_consultation_takes_the_workers_on_the_day_of_the_vote() {
    let vote_on = day(2026, 3, 18);
    let list = vec![
        worker(0),
        WorkerEntry {
            left_on: Some(day(2026, 3, 17)),
            ..worker(1)
        },
        WorkerEntry {
            hired_on: Some(day(2026, 3, 10)),
            ..worker(2)
        },
    ];
    let roll = build_roll(union_rules(), &list, RollCutoff::Consultation { vote_on }).unwrap();
    assert_eq!(roll.entries.len(), 2);
    assert_eq!(roll.excluded, vec![(2, Exclusion::LeftBefore)]);
}

#[test]
fn ages_in_whole_years() {
    assert_eq!(age_on(day(2011, 3, 2), day(2026, 3, 2)), 15);
    assert_eq!(age_on(day(2011, 3, 3), day(2026, 3, 2)), 14);
    assert_eq!(age_on(day(2008, 2, 29), day(2026, 2, 28)), 17);
    assert_eq!(age_on(day(2008, 2, 29), day(2026, 3, 1)), 18);
    assert_eq!(age_on(day(2030, 1, 1), day(2026, 3, 2)), 0);
}
