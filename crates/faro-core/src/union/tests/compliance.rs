//! Which unions are overdue (LFT 373, 377-III), worked by hand.

use super::registration::filing;
use super::*;
use crate::union::compliance::{obligations, overdue, Obligation, UnionFilings};
use crate::union::registration::{execute, Command, Union};

#[test]
fn lft_377_iii_and_373_due_dates_from_the_last_filings() {
    let c = ctx(at(2026, 6, 12));
    // Registered Wed 11 March 2026, nothing filed since: members due 11 June (a day late on
    // the 12th); the first accounts' assembly by 11 September and its minutes 10 working days
    // later: 14, 15, [16], 17, 18, 21-25, 28 September.
    let new = UnionFilings {
        union_id: "union/1".into(),
        name: "Sindicato Nuevo".into(),
        registered_on: day(2026, 3, 11),
        last_member_update: None,
        last_financial_assembly: None,
    };
    let got = obligations(&c, &new, day(2026, 6, 12)).unwrap();
    assert_eq!(got[0].obligation, Obligation::MemberUpdate);
    assert_eq!((got[0].due_on, got[0].days_overdue), (day(2026, 6, 11), 1));
    assert_eq!((got[1].due_on, got[1].days_overdue), (day(2026, 9, 28), 0));
    // Last accounts' assembly 1 September 2025: the next by 1 March 2026, minutes by Fri 13
    // March (2-6, 9-13): on 12 June, 91 days overdue. Members updated 1 May: due 1 August.
    let old = UnionFilings {
        union_id: "union/2".into(),
        name: "Sindicato Antiguo".into(),
        registered_on: day(2025, 1, 10),
        last_member_update: Some(day(2026, 5, 1)),
        last_financial_assembly: Some(day(2025, 9, 1)),
    };
    let list = overdue(&c, &[new.clone(), old], day(2026, 6, 12)).unwrap();
    let got: Vec<(&str, Obligation, NaiveDate, i64)> = list
        .iter()
        .map(|o| (o.union_id.as_str(), o.obligation, o.due_on, o.days_overdue))
        .collect();
    assert_eq!(
        got,
        vec![
            ("union/2", Obligation::FinancialReport, day(2026, 3, 13), 91),
            ("union/1", Obligation::MemberUpdate, day(2026, 6, 11), 1),
        ]
    );
    assert_eq!(list[0].article, "LFT 373");
    // On the due date itself nobody is overdue.
    assert!(overdue(&c, &[new], day(2026, 6, 11)).unwrap().is_empty());
}

#[test]
fn the_filings_of_a_file_and_only_of_a_registered_one() {
    let cx = ctx(at(2026, 3, 11));
    let (_, filed) = execute(
        None,
        &Command::File {
            filing: Box::new(filing(20)),
        },
        &cx,
    )
    .unwrap();
    assert!(UnionFilings::of("union/3", &filed).is_none());
    let (_, u): (_, Union) = execute(
        Some(&filed),
        &Command::Register {
            registration_number: "CFCRL-SIND-2026-0009".into(),
        },
        &cx,
    )
    .unwrap();
    let f = UnionFilings::of("union/3", &u).unwrap();
    assert_eq!((f.registered_on, f.last_member_update), (day(2026, 3, 11), None));
    // The file's own dates agree with the compliance view.
    let o = obligations(&cx, &f, day(2026, 3, 11)).unwrap();
    assert_eq!(Some(o[0].due_on), u.member_update_due);
    assert_eq!(Some(o[1].due_on), u.financial_report_due);
}
