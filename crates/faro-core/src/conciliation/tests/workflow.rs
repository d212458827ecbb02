//! Worked cases of the lifecycle, dates checked by hand on the 2026 calendar.

use super::settlement::three_instalments;
use super::*;
use crate::catalog::Money;

fn pesos(p: i64) -> Money {
    Money::from_pesos(p)
}

/// An ordinary case filed Monday 2 March 2026, its hearing on Tuesday 17 March.
pub(super) fn ordinary_until_hearing(run: &mut Run) {
    run.on(2026, 3, 2);
    run.ok(file(worker_request()));
    run.ok(Command::ScheduleHearing {
        slot: slot(day(2026, 3, 17)),
    });
}

fn serve(run: &mut Run, result: ServiceResult, y: i32, m: u32, d: u32) -> Vec<Event> {
    run.on(y, m, d);
    run.ok(Command::RecordService {
        result,
        on: day(y, m, d),
        note: String::new(),
    })
}

#[test]
fn an_ordinary_case_settles_and_is_complied_with() {
    let mut r = Run::new(at(2026, 3, 2));
    let events = r.ok(file(worker_request()));
    assert_eq!(events.len(), 1);
    let s = r.s();
    assert_eq!((s.status, s.track), (Status::Filed, Track::Ordinary));
    assert_eq!(s.routing.competence, Competence::Local { state: jal() });
    assert_eq!(s.forward_due, None);
    // 2 March + 45 calendar days: 29 to the end of March, 16 April.
    assert_eq!(s.procedure_limit, day(2026, 4, 16));
    assert_eq!(s.interruption.start, day(2026, 3, 2));
    // 15 working days from 2 March end on 24 March (16 March is a rest day).
    let e = r.err(Command::ScheduleHearing {
        slot: slot(day(2026, 3, 25)),
    });
    assert_eq!(e.code, "conciliation.hearing_outside_window");
    // A hearing on Friday 6 March leaves no time for 5 days of notice: service would have had
    // to be by Thursday 26 February (27, 2, 3, 4, 5 before the 6th).
    let e = r.err(Command::ScheduleHearing {
        slot: slot(day(2026, 3, 6)),
    });
    assert_eq!(e.code, "conciliation.no_time_for_summons");
    assert_eq!(param(&e, "serve_by"), Some("2026-02-26"));
    r.ok(Command::ScheduleHearing {
        slot: slot(day(2026, 3, 17)),
    });
    let h = r.s().hearing.clone().unwrap();
    assert_eq!((h.number, h.purpose), (1, HearingPurpose::First));
    assert_eq!(h.summons.method, NoticeMethod::Personal);
    assert_eq!(h.summons.serve_by, Some(day(2026, 3, 6)));
    assert_eq!(r.s().next_deadline(), Some(day(2026, 3, 6)));
    // A failed attempt, then service on Thursday 5 March, in time.
    serve(&mut r, ServiceResult::NotFound, 2026, 3, 3);
    assert_eq!(r.s().hearing.as_ref().unwrap().summons.attempts, 1);
    let ev = serve(&mut r, ServiceResult::Served, 2026, 3, 5);
    assert!(matches!(ev[0], Event::ServiceRecorded { timely: Some(true), .. }));
    assert!(r.s().hearing.as_ref().unwrap().summons.effective());
    assert_eq!(
        r.err(Command::RecordService {
            result: ServiceResult::Served,
            on: day(2026, 3, 5),
            note: String::new()
        })
        .code,
        "conciliation.summons_already_served"
    );
    // Not before the hearing day.
    r.on(2026, 3, 16);
    let e = r.err(Command::HoldHearing {
        conciliator_id: "17".into(),
        outcome: HearingOutcome::NoAgreement,
    });
    assert_eq!(e.code, "conciliation.hearing_not_yet");
    // The hearing: 30,000 in three instalments (17 March, 31 March, 17 April).
    r.on(2026, 3, 17);
    let ev = r.hold(HearingOutcome::Settlement(three_instalments(day(2026, 3, 17))));
    assert_eq!(ev.len(), 2);
    assert_eq!(r.s().status, Status::Settled);
    assert_eq!(r.s().interruption.resumes_on, None);
    assert_eq!(r.s().next_deadline(), Some(day(2026, 3, 17)));
    r.ok(Command::RecordPayment {
        installment: 1,
        paid_on: day(2026, 3, 17),
    });
    // Instalment 2, due 31 March, paid 3 April: 1, 2, 3 April late, 3 x 400 = 1,200 pesos.
    r.on(2026, 4, 3);
    let ev = r.ok(Command::RecordPayment {
        installment: 2,
        paid_on: day(2026, 4, 3),
    });
    match &ev[0] {
        Event::InstallmentPaid {
            days_late,
            penalty_accrued,
            amount,
            ..
        } => {
            assert_eq!(
                (*days_late, *penalty_accrued, *amount),
                (3, pesos(1_200), pesos(10_000))
            );
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(
        r.err(Command::RecordPayment {
            installment: 2,
            paid_on: day(2026, 4, 3)
        })
        .code,
        "conciliation.installment_already_paid"
    );
    assert_eq!(
        r.err(Command::CertifyCompliance).code,
        "conciliation.installments_unpaid"
    );
    r.on(2026, 4, 17);
    r.ok(Command::RecordPayment {
        installment: 3,
        paid_on: day(2026, 4, 17),
    });
    let e = r.err(Command::CertifyCompliance);
    assert_eq!(
        (e.code, param(&e, "outstanding")),
        ("conciliation.penalty_unpaid", Some("120000"))
    );
    let e = r.err(Command::RecordPenaltyPayment {
        amount: pesos(2_000),
        paid_on: day(2026, 4, 17),
    });
    assert_eq!(e.code, "conciliation.penalty_overpaid");
    r.ok(Command::RecordPenaltyPayment {
        amount: pesos(1_200),
        paid_on: day(2026, 4, 17),
    });
    let ev = r.ok(Command::CertifyCompliance);
    assert!(matches!(
        &ev[0],
        Event::ComplianceCertified { total_paid, penalty_accrued, .. }
            if *total_paid == pesos(30_000) && *penalty_accrued == pesos(1_200)
    ));
    assert_eq!(r.s().status, Status::Complied);
    assert_eq!(
        r.err(Command::CertifyNonCompliance { note: String::new() }).code,
        "conciliation.illegal_transition"
    );
}

#[test]
fn an_absent_employer_gets_a_constancia_and_a_fine_request_only_if_validly_summoned() {
    let mut r = Run::new(at(2026, 3, 2));
    ordinary_until_hearing(&mut r);
    // Served Monday 9 March for a hearing on the 17th: too late (the last day was the 6th).
    let ev = serve(&mut r, ServiceResult::Served, 2026, 3, 9);
    assert!(matches!(
        ev[0],
        Event::ServiceRecorded {
            timely: Some(false),
            ..
        }
    ));
    r.on(2026, 3, 17);
    let e = r.err(Command::HoldHearing {
        conciliator_id: "17".into(),
        outcome: HearingOutcome::SummonedAbsent { new_slot: None },
    });
    assert_eq!(e.code, "conciliation.summons_not_effective");
    // Moved to Tuesday 31 March; the summons must be served by Monday 23 (24-27, 30 before 31).
    let e = r.err(Command::Reschedule {
        slot: slot(day(2026, 4, 17)),
        reason: "Citatorio extemporáneo".into(),
    });
    assert_eq!(e.code, "conciliation.hearing_too_late");
    assert_eq!(param(&e, "limit"), Some("2026-04-16"));
    r.ok(Command::Reschedule {
        slot: slot(day(2026, 3, 31)),
        reason: "Citatorio extemporáneo".into(),
    });
    let h = r.s().hearing.clone().unwrap();
    assert_eq!(
        (h.number, h.reschedules, h.summons.serve_by),
        (1, 1, Some(day(2026, 3, 23)))
    );
    serve(&mut r, ServiceResult::Refused, 2026, 3, 18);
    r.on(2026, 3, 31);
    let ev = r.hold(HearingOutcome::SummonedAbsent { new_slot: None });
    let s = r.s();
    assert_eq!(s.status, Status::NotConciliated);
    let c = s.constancia.as_ref().unwrap();
    assert_eq!(
        (c.kind, c.issued_on, c.article.as_str()),
        (ConstanciaKind::SummonedAbsent, day(2026, 3, 31), "LFT 684-E X")
    );
    // 521-III / 684-E X: the limitation period runs again from the day after the hearing.
    assert_eq!(s.interruption.resumes_on, Some(day(2026, 4, 1)));
    assert_eq!(s.interruption.cause, Some(ResumeCause::Constancia));
    assert!(s.fine_requested);
    let fine = ev
        .iter()
        .find_map(|e| match e {
            Event::FineRequested { fine, .. } => Some(fine.clone()),
            _ => None,
        })
        .unwrap();
    assert_eq!(fine.violation, "lft-994-viii");
    assert_eq!(fine.article, "LFT 994-VIII");
    assert_eq!((fine.min_uma, fine.max_uma), (50, 100));
    assert_eq!(fine.violation_date, day(2026, 3, 31));
    assert_eq!(fine.employer_rfc.as_deref(), Some(COMPANY_RFC));
    assert_eq!(fine.center, jalisco());
    // Terminal: nothing changes it.
    assert_eq!(
        r.err(Command::Reschedule {
            slot: slot(day(2026, 4, 2)),
            reason: "x".into()
        })
        .code,
        "conciliation.illegal_transition"
    );
}

#[test]
fn an_absent_requester_is_archived_without_constancia() {
    let mut r = Run::new(at(2026, 3, 2));
    ordinary_until_hearing(&mut r);
    serve(&mut r, ServiceResult::Served, 2026, 3, 4);
    r.on(2026, 3, 17);
    let ev = r.hold(HearingOutcome::RequesterAbsent { summoned_present: true });
    assert_eq!(ev.len(), 2);
    let s = r.s();
    assert_eq!(s.status, Status::Archived);
    assert_eq!(s.constancia, None);
    assert_eq!(s.interruption.resumes_on, Some(day(2026, 3, 18)));
    assert_eq!(s.interruption.cause, Some(ResumeCause::Archive));
    assert!(!s.fine_requested);
    // Both absent: archived, and the validly summoned employer is still fined.
    let mut r = Run::new(at(2026, 3, 2));
    ordinary_until_hearing(&mut r);
    serve(&mut r, ServiceResult::Served, 2026, 3, 4);
    r.on(2026, 3, 17);
    let ev = r.hold(HearingOutcome::RequesterAbsent {
        summoned_present: false,
    });
    assert!(ev.iter().any(|e| matches!(e, Event::FineRequested { .. })));
    assert_eq!(r.s().status, Status::Archived);
}

#[test]
fn an_absent_worker_summoned_by_the_employer_is_not_fined() {
    let mut input = worker_request();
    std::mem::swap(&mut input.requester, &mut input.counterpart);
    input.requester_role = PartyRole::Employer;
    input.counterpart_role = PartyRole::Worker;
    input.requester.representative = Some(RepresentativeInput {
        name: "Luis Pérez".into(),
        curp: String::new(),
        capacity: "apoderado".into(),
    });
    let mut r = Run::new(at(2026, 3, 2));
    r.ok(file(input));
    r.ok(Command::ScheduleHearing {
        slot: slot(day(2026, 3, 17)),
    });
    serve(&mut r, ServiceResult::Served, 2026, 3, 4);
    r.on(2026, 3, 17);
    let ev = r.hold(HearingOutcome::SummonedAbsent { new_slot: None });
    assert!(!ev.iter().any(|e| matches!(e, Event::FineRequested { .. })));
    assert_eq!(r.s().status, Status::NotConciliated);
}

#[test]
fn the_fast_track_hearing_within_5_working_days_and_its_reset() {
    let mut input = worker_request();
    input.fast_track = true;
    // Filed Friday 11 September 2026: 5 working days end Monday 21 (16 September is a rest day).
    let mut r = Run::new(at(2026, 9, 11));
    r.ok(file(input.clone()));
    assert_eq!(r.s().track, Track::FastTrack);
    let e = r.err(Command::ScheduleHearing {
        slot: slot(day(2026, 9, 22)),
    });
    assert_eq!(
        (e.code, param(&e, "latest")),
        ("conciliation.hearing_outside_window", Some("2026-09-21"))
    );
    r.ok(Command::ScheduleHearing {
        slot: slot(day(2026, 9, 18)),
    });
    assert_eq!(
        r.s().hearing.as_ref().unwrap().summons.method,
        NoticeMethod::ByRequester
    );
    // The requester delivers it: no 5-day rule.
    let ev = serve(&mut r, ServiceResult::Served, 2026, 9, 17);
    assert!(matches!(ev[0], Event::ServiceRecorded { timely: None, .. }));
    assert_eq!(
        r.err(Command::CloseForFailedService { note: String::new() }).code,
        "conciliation.service_not_by_centre"
    );
    r.on(2026, 9, 18);
    let e = r.err(Command::HoldHearing {
        conciliator_id: "17".into(),
        outcome: HearingOutcome::SummonedAbsent { new_slot: None },
    });
    assert_eq!(e.code, "conciliation.new_hearing_required");
    // New hearing within 15 working days of 18 September: 21-25, 28-30, 1-2 October, 5-9 ->
    // Friday 9 October. On Friday 2 October, the summons must be served by Thursday 24 September.
    let e = r.err(Command::HoldHearing {
        conciliator_id: "17".into(),
        outcome: HearingOutcome::SummonedAbsent {
            new_slot: Some(slot(day(2026, 10, 12))),
        },
    });
    assert_eq!(param(&e, "latest"), Some("2026-10-09"));
    let ev = r.hold(HearingOutcome::SummonedAbsent {
        new_slot: Some(slot(day(2026, 10, 2))),
    });
    assert!(!ev
        .iter()
        .any(|e| matches!(e, Event::FineRequested { .. } | Event::ConstanciaIssued { .. })));
    let s = r.s();
    assert_eq!((s.status, s.track), (Status::HearingScheduled, Track::Ordinary));
    let h = s.hearing.as_ref().unwrap();
    assert_eq!((h.number, h.purpose), (2, HearingPurpose::FastTrackReset));
    assert_eq!(
        (h.summons.method, h.summons.serve_by),
        (NoticeMethod::Personal, Some(day(2026, 9, 24)))
    );
    assert_eq!(s.held[0].result, HearingResult::FastTrackReset);

    // Fast track, the requester does not come: archived without constancia, and no fine.
    let mut r = Run::new(at(2026, 9, 11));
    r.ok(file(input));
    r.ok(Command::ScheduleHearing {
        slot: slot(day(2026, 9, 18)),
    });
    serve(&mut r, ServiceResult::Served, 2026, 9, 14);
    r.on(2026, 9, 18);
    let ev = r.hold(HearingOutcome::RequesterAbsent {
        summoned_present: false,
    });
    assert_eq!(ev.len(), 2);
    assert_eq!((r.s().status, r.s().constancia.is_none()), (Status::Archived, true));
}

#[test]
fn a_joint_filing_hearing_at_once_and_a_joint_new_hearing() {
    let mut input = worker_request();
    input.channel = Channel::Joint;
    let mut r = Run::new(at(2026, 3, 2));
    r.ok(file(input));
    // At once, the same day (684-E VI "en ese momento").
    r.ok(Command::ScheduleHearing {
        slot: slot(day(2026, 3, 2)),
    });
    let h = r.s().hearing.clone().unwrap();
    assert_eq!(h.summons.method, NoticeMethod::AtFiling);
    assert!(h.summons.effective());
    assert_eq!(
        r.err(Command::RecordService {
            result: ServiceResult::Served,
            on: day(2026, 3, 2),
            note: String::new()
        })
        .code,
        "conciliation.no_summons_needed"
    );
    // No agreement; they ask together for a new hearing within 5 working days of 2 March:
    // 3, 4, 5, 6, 9 -> Monday 9 March.
    let e = r.err(Command::HoldHearing {
        conciliator_id: "17".into(),
        outcome: HearingOutcome::JointNewHearing {
            slot: slot(day(2026, 3, 10)),
        },
    });
    assert_eq!(param(&e, "latest"), Some("2026-03-09"));
    r.hold(HearingOutcome::JointNewHearing {
        slot: slot(day(2026, 3, 5)),
    });
    let s = r.s();
    assert_eq!(s.status, Status::HearingScheduled);
    assert_eq!(s.constancia, None);
    let h = s.hearing.as_ref().unwrap();
    assert_eq!(
        (h.number, h.purpose, h.summons.method),
        (2, HearingPurpose::JointRequest, NoticeMethod::AtHearing)
    );
    r.on(2026, 3, 5);
    r.hold(HearingOutcome::NoAgreement);
    let s = r.s();
    assert_eq!(s.status, Status::NotConciliated);
    assert_eq!(s.constancia.as_ref().unwrap().kind, ConstanciaKind::NoAgreement);
    assert_eq!(s.interruption.resumes_on, Some(day(2026, 3, 6)));
    assert_eq!(s.held.len(), 2);
}

#[test]
fn a_justified_absence_sets_a_new_hearing_within_5_days() {
    let mut r = Run::new(at(2026, 3, 2));
    ordinary_until_hearing(&mut r);
    serve(&mut r, ServiceResult::Served, 2026, 3, 4);
    r.on(2026, 3, 17);
    // 5 working days from Tuesday 17 March: 18, 19, 20, 23, 24.
    let justified = |date| HearingOutcome::JustifiedAbsence {
        absent: AbsentSide::Summoned,
        reason: "Incapacidad médica".into(),
        new_slot: slot(date),
    };
    let e = r.err(Command::HoldHearing {
        conciliator_id: "17".into(),
        outcome: justified(day(2026, 3, 25)),
    });
    assert_eq!(param(&e, "latest"), Some("2026-03-24"));
    r.hold(justified(day(2026, 3, 20)));
    let h = r.s().hearing.clone().unwrap();
    assert_eq!((h.number, h.summons.method), (2, NoticeMethod::Bulletin));
    assert_eq!(r.s().held[0].note, "Incapacidad médica");
    // Told by the bulletin, the employer misses the new hearing: constancia and fine.
    r.on(2026, 3, 20);
    let ev = r.hold(HearingOutcome::SummonedAbsent { new_slot: None });
    assert!(ev
        .iter()
        .any(|e| matches!(e, Event::FineRequested { fine, .. } if fine.hearing == 2)));
}

#[test]
fn a_summons_that_cannot_be_served_ends_with_a_constancia() {
    let mut r = Run::new(at(2026, 3, 2));
    ordinary_until_hearing(&mut r);
    let e = r.err(Command::CloseForFailedService { note: String::new() });
    assert_eq!(
        (e.code, param(&e, "required")),
        ("conciliation.service_attempts_pending", Some("1"))
    );
    serve(&mut r, ServiceResult::NotFound, 2026, 3, 4);
    r.on(2026, 3, 9);
    r.ok(Command::CloseForFailedService {
        note: "Domicilio inexistente".into(),
    });
    let s = r.s();
    assert_eq!(s.status, Status::NotConciliated);
    let c = s.constancia.as_ref().unwrap();
    assert_eq!(
        (c.kind, c.issued_on, c.article.as_str()),
        (ConstanciaKind::ServiceFailed, day(2026, 3, 9), "LFT 684-E XI")
    );
    assert_eq!(s.interruption.resumes_on, Some(day(2026, 3, 10)));
    assert!(!s.fine_requested);
}

#[test]
fn non_compliance_is_certified_once_something_is_overdue() {
    let mut r = Run::new(at(2026, 3, 2));
    ordinary_until_hearing(&mut r);
    serve(&mut r, ServiceResult::Served, 2026, 3, 4);
    r.on(2026, 3, 17);
    r.hold(HearingOutcome::Settlement(three_instalments(day(2026, 3, 17))));
    r.ok(Command::RecordPayment {
        installment: 1,
        paid_on: day(2026, 3, 17),
    });
    assert_eq!(
        r.err(Command::CertifyNonCompliance { note: String::new() }).code,
        "conciliation.nothing_overdue"
    );
    // Instalment 2 was due 31 March; on 10 April it is 10 days late: 4,000 pesos.
    r.on(2026, 4, 10);
    let ev = r.ok(Command::CertifyNonCompliance {
        note: "Sin pago".into(),
    });
    match &ev[0] {
        Event::NonComplianceCertified {
            outstanding,
            unpaid_installments,
            penalty_accrued,
            ..
        } => {
            assert_eq!(*outstanding, pesos(20_000));
            assert_eq!(unpaid_installments, &vec![2, 3]);
            assert_eq!(*penalty_accrued, pesos(4_000));
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(r.s().status, Status::NotComplied);
}

#[test]
fn commands_out_of_place_are_refused_with_a_reason() {
    let mut r = Run::new(at(2026, 3, 2));
    assert_eq!(r.err(Command::CertifyCompliance).code, "conciliation.not_found");
    r.ok(file(worker_request()));
    assert_eq!(r.err(file(worker_request())).code, "conciliation.exists");
    let e = r.err(Command::HoldHearing {
        conciliator_id: "17".into(),
        outcome: HearingOutcome::NoAgreement,
    });
    assert_eq!(e.code, "conciliation.illegal_transition");
    assert_eq!(
        (param(&e, "command"), param(&e, "status")),
        (Some("hold_hearing"), Some("filed"))
    );
    assert_eq!(
        r.err(Command::RecordPayment {
            installment: 1,
            paid_on: day(2026, 3, 2)
        })
        .code,
        "conciliation.illegal_transition"
    );
    let mut bad = slot(day(2026, 3, 17));
    bad.conciliator_id = " ".into();
    let e = r.err(Command::ScheduleHearing { slot: bad });
    assert_eq!(param(&e, "field"), Some("conciliator_id"));
}

#[test]
fn events_round_trip_through_json_and_replay_to_the_same_state() {
    let mut r = Run::new(at(2026, 3, 2));
    let mut events = r.ok(file(worker_request()));
    events.extend(r.ok(Command::ScheduleHearing {
        slot: slot(day(2026, 3, 17)),
    }));
    events.extend(serve(&mut r, ServiceResult::Served, 2026, 3, 4));
    r.on(2026, 3, 17);
    events.extend(r.hold(HearingOutcome::Settlement(three_instalments(day(2026, 3, 17)))));
    events.extend(r.ok(Command::RecordPayment {
        installment: 1,
        paid_on: day(2026, 3, 17),
    }));
    let mut replayed = None;
    for e in &events {
        let json = serde_json::to_string(e).unwrap();
        let back: Event = serde_json::from_str(&json).unwrap();
        assert_eq!(&back, e);
        assert!(back.kind().starts_with("conciliation."));
        replayed = apply(replayed, &back);
    }
    assert_eq!(replayed.as_ref(), r.state.as_ref());
    let c = Command::HoldHearing {
        conciliator_id: "17".into(),
        outcome: HearingOutcome::Settlement(three_instalments(day(2026, 3, 17))),
    };
    let json = serde_json::to_string(&c).unwrap();
    assert_eq!(serde_json::from_str::<Command>(&json).unwrap(), c);
}
