//! A union's registration (LFT 364-366) and its reports afterwards, worked case by case.

use super::*;
use crate::union::members::{EntryIssue, MemberInput};
use crate::union::registration::{
    execute, CancellationGround, Command, Defect, DocumentKind, Event, FilingInput, Leadership, Officer, RefusalGround,
    Status, StatuteClause, Union, UnionType,
};

pub(super) fn members(n: u32) -> Vec<MemberInput> {
    (0..n)
        .map(|i| MemberInput {
            name: format!("Trabajador {i}"),
            curp: adult(i),
            rfc: String::new(),
            address: "Calle Hidalgo 1, Guadalajara".into(),
            workplace: "Planta Norte".into(),
        })
        .collect()
}

pub(super) fn leadership(elected_on: NaiveDate) -> Leadership {
    Leadership {
        officers: vec![Officer {
            name: "María Pérez".into(),
            office: "Secretaria General".into(),
        }],
        elected_on,
        term_from: elected_on,
        term_until: day(2030, 2, 28),
        vote: None,
    }
}

/// A complete filing of a company union with `n` workers, founded on 2 March 2026.
pub(super) fn filing(n: u32) -> FilingInput {
    FilingInput {
        name: "Sindicato de Trabajadores de Planta Norte".into(),
        union_type: UnionType::Company,
        address: "Av. Vallarta 100, Guadalajara".into(),
        founded_on: day(2026, 3, 2),
        purpose: "El estudio, mejoramiento y defensa de los intereses de sus miembros".into(),
        confederation: String::new(),
        documents: DocumentKind::ALL.to_vec(),
        statute_clauses: StatuteClause::ALL.to_vec(),
        members: members(n),
        leadership: leadership(day(2026, 3, 2)),
    }
}

type R = Run<Union, Command, Event>;

fn filed(n: u32) -> R {
    let mut r = R::new(at(2026, 3, 11), execute);
    r.ok(Command::File {
        filing: Box::new(filing(n)),
    });
    r
}

fn registered() -> R {
    let mut r = filed(20);
    r.ok(Command::Register {
        registration_number: "CFCRL-SIND-2026-0001".into(),
    });
    r
}

#[test]
fn a_complete_filing_is_registered_and_its_reports_fall_due() {
    let mut r = filed(20);
    let s = r.s();
    assert_eq!(s.status, Status::Filed);
    assert!(s.review.complete(), "{:?}", s.review.defects());
    // 366: defects by Thu 19 March, a decision by Thu 9 April (worked in tests/clock.rs).
    assert_eq!(s.defect_notice_by, day(2026, 3, 19));
    assert_eq!(s.resolution_by, day(2026, 4, 9));
    assert_eq!(s.next_deadline().unwrap().on, day(2026, 4, 9));
    r.on(2026, 3, 20);
    let e = r.ok(Command::Register {
        registration_number: "CFCRL-SIND-2026-0001".into(),
    });
    assert!(matches!(&e[0], Event::Registered { late: false, .. }));
    let s = r.s();
    assert_eq!(s.status, Status::Registered);
    // 377-III: members by 20 June (3 months); 373: accounts by 20 September, the minutes 10 days
    // later: Mon 21 (1), Tue 22 (2), Wed 23 (3), Thu 24 (4), Fri 25 (5), 28 Sep - 2 Oct (6-10).
    assert_eq!(s.member_update_due, Some(day(2026, 6, 20)));
    assert_eq!(s.financial_report_due, Some(day(2026, 10, 2)));
    assert_eq!(s.next_deadline().unwrap().what, "union.member_update_months");
    assert_eq!(e[0].kind(), kinds::UNION_REGISTERED);
}

#[test]
fn lft_364_nineteen_workers_are_one_short_and_the_union_is_warned_first() {
    let mut r = filed(19);
    let s = r.s();
    assert!(!s.review.membership_complete());
    assert!(s.review.defects().contains(&Defect::TooFewMembers {
        valid: 19,
        required: 20
    }));
    // Neither registered while defective nor refused before the warning.
    assert_eq!(
        r.err(Command::Register {
            registration_number: "X-1".into()
        })
        .code,
        "union.filing_incomplete"
    );
    assert_eq!(
        r.err(Command::Refuse {
            ground: RefusalGround::Membership,
            reason: "Menos de 20".into()
        })
        .code,
        "union.illegal_transition"
    );
    r.on(2026, 3, 13);
    let e = r.ok(Command::NotifyDefects {
        observations: String::new(),
    });
    let Event::DefectsNotified { cure_by, late, .. } = &e[0] else {
        panic!("{e:?}")
    };
    assert!(!late);
    // 735 by analogy: 3 working days from Fri 13 March: Tue 17, Wed 18, Thu 19.
    assert_eq!(*cure_by, day(2026, 3, 19));
    let e = r.err(Command::Refuse {
        ground: RefusalGround::Membership,
        reason: "Menos de 20".into(),
    });
    assert_eq!(e.code, "union.cure_term_running");
    r.on(2026, 3, 20);
    // The documents are complete: that ground is not available.
    let e = r.err(Command::Refuse {
        ground: RefusalGround::Documents,
        reason: "Faltan documentos".into(),
    });
    assert_eq!(e.code, "union.refusal_ground_unmet");
    r.ok(Command::Refuse {
        ground: RefusalGround::Membership,
        reason: "Se constituyó con 19 trabajadores".into(),
    });
    assert_eq!(r.s().status, Status::Refused);
    assert_eq!(r.s().refusal, Some(RefusalGround::Membership));
    assert_eq!(
        r.err(Command::Register {
            registration_number: "X".into()
        })
        .code,
        "union.illegal_transition"
    );
}

#[test]
fn lft_366_a_cured_filing_is_decided_within_20_days_of_the_cure() {
    let mut r = filed(19);
    r.on(2026, 3, 12);
    r.ok(Command::NotifyDefects {
        observations: String::new(),
    });
    r.on(2026, 3, 18);
    r.ok(Command::Correct {
        filing: Box::new(filing(21)),
    });
    let s = r.s();
    assert_eq!(s.status, Status::Corrected);
    assert!(s.review.complete());
    // Twenty working days from Wed 18 March: 19, 20, 23-27, 30, 31, 1-3, 6-10, 13, 14, 15 April.
    assert_eq!(s.resolution_by, day(2026, 4, 15));
    r.ok(Command::Register {
        registration_number: "CFCRL-SIND-2026-0002".into(),
    });
    assert_eq!(r.s().member_count(), 21);
}

#[test]
fn lft_366_silence_after_the_demand_registers_the_union_by_law() {
    let mut r = filed(20);
    // The 20 days end on Thu 9 April: the demand comes after.
    r.on(2026, 4, 9);
    let e = r.err(Command::DemandDecision);
    assert_eq!(e.code, "union.resolution_term_running");
    assert_eq!(param(&e, "resolution_by"), Some("2026-04-09"));
    r.on(2026, 4, 10);
    r.ok(Command::DemandDecision);
    // Three working days from Fri 10: Mon 13, Tue 14, Wed 15: deemed from Thu 16.
    assert_eq!(r.s().deemed_on, Some(day(2026, 4, 16)));
    r.on(2026, 4, 15);
    assert_eq!(
        r.err(Command::DeclareDeemedRegistered).code,
        "union.deemed_term_running"
    );
    r.on(2026, 4, 16);
    assert_eq!(
        r.err(Command::Register {
            registration_number: "X".into()
        })
        .code,
        "union.deemed_registered"
    );
    r.ok(Command::DeclareDeemedRegistered);
    let s = r.s();
    assert_eq!(s.status, Status::DeemedRegistered);
    assert_eq!(s.registered_on, Some(day(2026, 4, 16)));
    // The certificate within 3 days of the deemed grant (Wed 15): Thu 16, Fri 17, Mon 20.
    assert_eq!(s.certificate_by, Some(day(2026, 4, 20)));
    assert_eq!(s.next_deadline().unwrap().what, "union.deemed_certificate");
    r.on(2026, 4, 21);
    let e = r.ok(Command::IssueCertificate {
        registration_number: "CFCRL-SIND-2026-0003".into(),
    });
    assert!(matches!(&e[0], Event::CertificateIssued { late: true, .. }));
    assert_eq!(r.s().registration_number.as_deref(), Some("CFCRL-SIND-2026-0003"));
    assert_eq!(
        r.err(Command::IssueCertificate {
            registration_number: "again".into()
        })
        .code,
        "union.illegal_transition"
    );
}

#[test]
fn lft_366_before_the_deemed_day_the_registrar_may_still_decide_late() {
    let mut r = filed(20);
    r.on(2026, 4, 10);
    r.ok(Command::DemandDecision);
    r.on(2026, 4, 15);
    let e = r.ok(Command::Register {
        registration_number: "CFCRL-SIND-2026-0004".into(),
    });
    assert!(matches!(&e[0], Event::Registered { late: true, .. }));
}

#[test]
fn a_complete_filing_cannot_be_refused_except_for_its_purpose() {
    let mut r = filed(20);
    assert_eq!(
        r.err(Command::NotifyDefects {
            observations: String::new()
        })
        .code,
        "union.no_defects"
    );
    r.ok(Command::NotifyDefects {
        observations: "La finalidad no corresponde al artículo 356".into(),
    });
    assert!(matches!(r.s().defects.last(), Some(Defect::Observation { .. })));
    r.on(2026, 3, 20);
    let e = r.err(Command::Refuse {
        ground: RefusalGround::Membership,
        reason: "x".into(),
    });
    assert_eq!(e.code, "union.refusal_ground_unmet");
    r.ok(Command::Refuse {
        ground: RefusalGround::Purpose,
        reason: "Su finalidad no es la del 356".into(),
    });
    assert_eq!(r.s().status, Status::Refused);
}

#[test]
fn lft_365_and_371_missing_documents_and_statute_clauses_are_defects() {
    let mut f = filing(20);
    f.documents.retain(|d| *d != DocumentKind::LeadershipMinutes);
    f.statute_clauses
        .retain(|c| !matches!(c, StatuteClause::ElectionProcedure | StatuteClause::Duration));
    let mut r = R::new(at(2026, 3, 11), execute);
    r.ok(Command::File { filing: Box::new(f) });
    let defects = r.s().review.defects();
    assert!(defects.contains(&Defect::MissingDocument {
        document: DocumentKind::LeadershipMinutes
    }));
    assert!(defects.contains(&Defect::MissingStatuteClause {
        clause: StatuteClause::ElectionProcedure
    }));
    // 371-IV: silence on the duration means an indefinite union, not a defect.
    assert!(!defects.contains(&Defect::MissingStatuteClause {
        clause: StatuteClause::Duration
    }));
    assert!(r.s().review.membership_complete());
}

#[test]
fn lft_362_and_364_members_are_counted_from_their_curps() {
    // Founded 2 March 2026: born 2 March 2011 is 15 that day; born 3 March 2011 is 14.
    let mut f = filing(20);
    f.members[0].curp = curp(900, day(2011, 3, 2));
    f.members[1].curp = curp(901, day(2011, 3, 3));
    f.members[2].curp = f.members[3].curp.clone();
    f.members[4].curp = "NOESUNACURP".into();
    let mut r = R::new(at(2026, 3, 11), execute);
    r.ok(Command::File { filing: Box::new(f) });
    let check = &r.s().review.members;
    assert_eq!((check.listed, check.valid, check.required), (20, 17, 20));
    let issues: Vec<(usize, &EntryIssue)> = check.issues.iter().map(|i| (i.position, &i.issue)).collect();
    assert!(issues.contains(&(2, &EntryIssue::Underage { age: 14, min_age: 15 })));
    assert!(issues
        .iter()
        .any(|(p, i)| *p == 5 && matches!(i, EntryIssue::InvalidId { .. })));
    assert!(issues.contains(&(4, &EntryIssue::Repeated { first_position: 3 })));
}

#[test]
fn lft_364_an_employers_union_needs_three_employers() {
    let mut f = filing(0);
    f.union_type = UnionType::EmployersLocal;
    f.members = ["MAB9307148T4", "GODE561231GR8"]
        .iter()
        .map(|rfc| MemberInput {
            name: "Empresa".into(),
            rfc: rfc.to_string(),
            ..MemberInput::default()
        })
        .collect();
    let mut r = R::new(at(2026, 3, 11), execute);
    r.ok(Command::File { filing: Box::new(f) });
    let check = &r.s().review.members;
    assert_eq!((check.valid, check.required), (2, 3));
}

#[test]
fn lft_377_and_364_bis_a_leadership_change_reported_and_certified() {
    let mut r = registered();
    r.on(2026, 3, 18);
    // Elected Monday 2 March: ten working days end on Tue 17 March (see tests/clock.rs), so a
    // report on Wed 18 is late.
    let e = r.ok(Command::ReportLeadershipChange {
        leadership: leadership(day(2026, 3, 2)),
    });
    let Event::LeadershipChangeReported { late, certify_by, .. } = &e[0] else {
        panic!()
    };
    assert!(*late);
    // Certified within 10 working days of Wed 18: 19, 20, 23-27, 30, 31, 1 April.
    assert_eq!(*certify_by, day(2026, 4, 1));
    assert_eq!(
        r.err(Command::ReportLeadershipChange {
            leadership: leadership(day(2026, 3, 2))
        })
        .code,
        "union.leadership_pending"
    );
    r.on(2026, 3, 25);
    let e = r.ok(Command::CertifyLeadership);
    assert!(matches!(&e[0], Event::LeadershipCertified { late: false, .. }));
    assert!(r.s().pending_leadership.is_none());
    assert_eq!(r.err(Command::CertifyLeadership).code, "union.illegal_transition");
    // A report within the ten days is on time; a rejected one leaves the leadership as it was.
    r.on(2026, 3, 27);
    let mut l = leadership(day(2026, 3, 20));
    l.officers[0].name = "Juana Ruiz".into();
    let e = r.ok(Command::ReportLeadershipChange { leadership: l });
    assert!(matches!(&e[0], Event::LeadershipChangeReported { late: false, .. }));
    r.ok(Command::RejectLeadership {
        reason: "La convocatoria no se publicó con 10 días (371-IX b)".into(),
    });
    assert_eq!(r.s().leadership.officers[0].name, "María Pérez");
}

#[test]
fn lft_377_ii_statute_changes_report_missing_clauses() {
    let mut r = registered();
    r.on(2026, 4, 1);
    let mut clauses = StatuteClause::ALL.to_vec();
    clauses.retain(|c| *c != StatuteClause::WorkerConsultation);
    let e = r.ok(Command::ReportStatuteChange {
        adopted_on: day(2026, 3, 30),
        clauses,
        summary: "Reforma de los artículos 10 a 12".into(),
    });
    let Event::StatutesChanged {
        missing_clauses, late, ..
    } = &e[0]
    else {
        panic!()
    };
    assert_eq!(missing_clauses, &vec![StatuteClause::WorkerConsultation]);
    assert!(!late);
}

#[test]
fn lft_377_iii_member_updates() {
    let mut r = registered();
    r.on(2026, 6, 1);
    let joined = vec![MemberInput {
        name: "Nueva".into(),
        curp: adult(500),
        ..MemberInput::default()
    }];
    let left = vec![adult(0), adult(1)];
    let e = r.ok(Command::UpdateMembers {
        as_of: day(2026, 5, 31),
        joined: joined.clone(),
        left,
    });
    let Event::MembersUpdated {
        members_after,
        below_minimum,
        next_due,
        ..
    } = &e[0]
    else {
        panic!()
    };
    assert_eq!(*members_after, 19);
    assert!(*below_minimum, "19 members are below 364's twenty");
    assert_eq!(*next_due, day(2026, 9, 1));
    assert_eq!(r.s().member_count(), 19);
    assert_eq!(r.s().last_member_update, Some(day(2026, 5, 31)));
    // Joining twice, or leaving without being a member, is refused.
    let e = r.err(Command::UpdateMembers {
        as_of: day(2026, 6, 1),
        joined,
        left: vec![],
    });
    assert_eq!(e.code, "union.member_exists");
    let e = r.err(Command::UpdateMembers {
        as_of: day(2026, 6, 1),
        joined: vec![],
        left: vec![adult(0)],
    });
    assert_eq!(e.code, "union.member_unknown");
    let e = r.err(Command::UpdateMembers {
        as_of: day(2026, 6, 1),
        joined: vec![MemberInput {
            name: "Menor".into(),
            curp: curp(777, day(2012, 1, 1)),
            ..MemberInput::default()
        }],
        left: vec![],
    });
    assert_eq!(e.code, "union.member_invalid");
    assert_eq!(param(&e, "issue"), Some("union.entry.underage"));
}

#[test]
fn lft_373_financial_reports_every_six_months_and_ten_days() {
    let mut r = registered();
    // Registered 11 March 2026: the assembly by 11 September; minutes of an assembly on
    // Fri 4 September delivered Fri 18 September: 7, 8, 9, 10, 11, 14, 15, [16], 17, 18 is
    // the 9th working day: on time.
    r.on(2026, 9, 18);
    let e = r.ok(Command::FileFinancialReport {
        assembly_on: day(2026, 9, 4),
        period_from: day(2026, 3, 11),
        period_until: day(2026, 8, 31),
    });
    let Event::FinancialReportFiled { late, next_due, .. } = &e[0] else {
        panic!()
    };
    assert!(!late);
    // Next: an assembly by Thu 4 March 2027, minutes 10 working days later: 5, 8-12, [Mon 15
    // is the third Monday of March], 16-19 March.
    assert_eq!(*next_due, day(2027, 3, 19));
    // An assembly held more than six months after the last one is late even if filed at once.
    r.on(2027, 3, 10);
    let e = r.ok(Command::FileFinancialReport {
        assembly_on: day(2027, 3, 9),
        period_from: day(2026, 9, 1),
        period_until: day(2027, 2, 28),
    });
    assert!(matches!(&e[0], Event::FinancialReportFiled { late: true, .. }));
}

#[test]
fn lft_369_and_370_only_a_court_cancels_and_then_nothing_changes() {
    let mut r = registered();
    r.on(2026, 5, 4);
    r.ok(Command::RecordCancellation {
        court: "Tribunal Laboral Federal en Jalisco".into(),
        ruling_on: day(2026, 4, 30),
        ground: CancellationGround::Dissolution,
        reason: "Disolución acordada en asamblea".into(),
    });
    assert_eq!(r.s().status, Status::Cancelled);
    assert!(r.s().next_deadline().is_none());
    let e = r.err(Command::FileFinancialReport {
        assembly_on: day(2026, 5, 1),
        period_from: day(2026, 3, 1),
        period_until: day(2026, 4, 30),
    });
    assert_eq!(e.code, "union.illegal_transition");
    assert_eq!(param(&e, "status"), Some("cancelled"));
}

#[test]
fn malformed_input_is_refused_with_the_field() {
    let mut f = filing(20);
    f.name = "  ".into();
    let mut r = R::new(at(2026, 3, 11), execute);
    let e = r.err(Command::File { filing: Box::new(f) });
    assert_eq!((e.code, param(&e, "field")), ("field.required", Some("name")));
    let mut f = filing(20);
    f.founded_on = day(2026, 3, 12);
    assert_eq!(
        r.err(Command::File { filing: Box::new(f) }).code,
        "registry.date_in_future"
    );
    assert_eq!(r.err(Command::DemandDecision).code, "union.not_found");
}
