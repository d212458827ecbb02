//! An agreement's file: deposit and registration, revisions, legitimization, termination and the
//! public version.

use super::*;
use crate::catalog::{Money, WageZone};
use crate::union::agreement::{
    execute, Agreement, AgreementKind, CertificateRef, Command, DepositInput, Event, Legitimization, Requirement,
    RevisionKind, Status, TerminationCause,
};
use crate::union::minimums::{AgreementDuration, AgreementTerms, Benefits, Flag, Position, VacationStep};
use crate::union::redact::Kind;
use crate::union::vote::{Outcome, Purpose, Tally, VoteRef};

type R = Run<Agreement, Command, Event>;

pub(super) fn vote_ref(purpose: Purpose, outcome: Outcome, held_on: NaiveDate) -> VoteRef {
    VoteRef {
        vote_id: format!("vote/{}", purpose.code()),
        purpose,
        held_on,
        outcome,
        tally: Tally {
            options: vec!["for".into(), "against".into()],
            votes: vec![70, 20],
            void: 1,
            blank: 1,
            roll: 120,
        },
    }
}

pub(super) fn terms(daily_wage: i64) -> AgreementTerms {
    AgreementTerms {
        zone: WageZone::General,
        wage_table: vec![
            Position {
                name: "Operador".into(),
                daily_wage: Money::from_pesos(daily_wage),
            },
            Position {
                name: "Supervisor".into(),
                daily_wage: Money::from_pesos(600),
            },
        ],
        benefits: Benefits {
            vacation: vec![
                VacationStep { from_year: 1, days: 14 },
                VacationStep { from_year: 2, days: 16 },
                VacationStep { from_year: 3, days: 18 },
                VacationStep { from_year: 4, days: 20 },
                VacationStep { from_year: 5, days: 22 },
                VacationStep { from_year: 6, days: 24 },
                VacationStep {
                    from_year: 11,
                    days: 26,
                },
                VacationStep {
                    from_year: 16,
                    days: 28,
                },
                VacationStep {
                    from_year: 21,
                    days: 30,
                },
                VacationStep {
                    from_year: 26,
                    days: 32,
                },
                VacationStep {
                    from_year: 31,
                    days: 34,
                },
            ],
            vacation_premium_percent: Some(30),
            year_end_bonus_days: Some(30),
            savings_fund_percent: Some(13),
            other: vec![],
        },
        duration: AgreementDuration::Indefinite,
    }
}

pub(super) fn initial() -> DepositInput {
    DepositInput {
        kind: AgreementKind::Initial,
        union_name: "Sindicato de Trabajadores de Planta Norte".into(),
        union_registration: "CFCRL-SIND-2026-0001".into(),
        employer_name: "Planta Norte SA de CV".into(),
        employer_rfc: "MAB9307148T4".into(),
        scope: "Planta Norte, Guadalajara, Jalisco".into(),
        covered_workers: 120,
        signed_on: day(2026, 3, 20),
        effective_from: None,
        duration: AgreementDuration::Indefinite,
        certificate: Some(CertificateRef {
            id: "CR-2026-15".into(),
            union: "SINDICATO DE TRABAJADORES DE PLANTA NORTE".into(),
            issued_on: day(2026, 1, 15),
            valid_until: day(2026, 7, 15),
        }),
        approval: Some(vote_ref(Purpose::InitialAgreement, Outcome::Approved, day(2026, 3, 18))),
        terms: Some(terms(400)),
        legacy_number: String::new(),
        legacy_deposited_on: None,
    }
}

fn deposited(input: DepositInput) -> R {
    let mut r = R::new(at(2026, 3, 23), execute);
    r.ok(Command::Deposit { input: Box::new(input) });
    r
}

fn registered() -> R {
    let mut r = deposited(initial());
    r.on(2026, 4, 1);
    r.ok(Command::Register {
        registration_number: "CCT-2026-000123".into(),
    });
    r
}

#[test]
fn lft_390_an_initial_agreement_is_registered_within_30_days() {
    let r = deposited(initial());
    let s = r.s();
    assert_eq!(s.status, Status::Deposited);
    assert!(s.unmet.is_empty(), "{:?}", s.unmet);
    assert_eq!(
        s.effective_from,
        day(2026, 3, 23),
        "390: from the deposit unless agreed otherwise"
    );
    // Thirty working days from Mon 23 March: 24-27, 30, 31, 1-3 April (9), 6-10 (14),
    // 13-17 (19), 20-24 (24), 27-30 (28), [1 May], 4, 5 May (30).
    assert_eq!(s.decide_by, day(2026, 5, 5));
    assert!(!s.minimums.as_ref().unwrap().below_law());
    let mut r = registered();
    let s = r.s();
    assert_eq!(s.status, Status::Registered);
    let d = s.revision_dates.clone().unwrap();
    // 399 Bis: the wage revision on 23 March 2027, requested by 20 February (20 February + 30
    // calendar days = 22 March, before the anniversary). 399: the full revision at two years,
    // 23 March 2028, requested by 22 January 2028 (+ 60 = 22 March 2028).
    assert_eq!((d.wage_on, d.wage_request_by), (day(2027, 3, 23), day(2027, 2, 20)));
    assert_eq!((d.full_on, d.full_request_by), (day(2028, 3, 23), day(2028, 1, 22)));
    assert_eq!(s.next_deadline().unwrap().on, day(2027, 2, 20));
    assert_eq!(
        r.err(Command::Register {
            registration_number: "again".into()
        })
        .code,
        "agreement.illegal_transition"
    );
}

#[test]
fn lft_387_390_an_initial_agreement_needs_the_certificate_and_the_workers_approval() {
    let cases: Vec<(DepositInput, &str)> = vec![
        (
            DepositInput {
                certificate: None,
                ..initial()
            },
            "agreement.requirement.certificate",
        ),
        (
            {
                let mut i = initial();
                i.certificate.as_mut().unwrap().union = "Otro Sindicato".into();
                i
            },
            "agreement.requirement.certificate_other_union",
        ),
        (
            DepositInput {
                signed_on: day(2026, 1, 10),
                ..initial()
            },
            "agreement.requirement.certificate_not_valid",
        ),
        (
            DepositInput {
                approval: None,
                ..initial()
            },
            "agreement.requirement.approval",
        ),
        (
            DepositInput {
                approval: Some(vote_ref(
                    Purpose::InitialAgreement,
                    Outcome::NoMajority,
                    day(2026, 3, 18),
                )),
                ..initial()
            },
            "agreement.requirement.approval_not_given",
        ),
        (
            DepositInput {
                approval: Some(vote_ref(Purpose::Revision, Outcome::Approved, day(2026, 3, 18))),
                ..initial()
            },
            "agreement.requirement.approval_not_given",
        ),
    ];
    for (input, code) in cases {
        let mut r = deposited(input);
        assert_eq!(r.s().unmet.first().map(Requirement::code), Some(code));
        let e = r.err(Command::Register {
            registration_number: "X".into(),
        });
        assert_eq!(
            (e.code, param(&e, "requirement")),
            ("agreement.requirements_unmet", Some(code))
        );
        r.ok(Command::Refuse {
            reason: "No acompañó lo que exige el artículo 390".into(),
        });
        assert_eq!(r.s().status, Status::Refused);
    }
}

#[test]
fn clauses_below_the_law_are_flagged_at_the_deposit_not_refused() {
    // 300 pesos a day is below the 2026 general minimum wage of 315.04.
    let mut r = deposited(DepositInput {
        terms: Some(terms(300)),
        ..initial()
    });
    let m = r.s().minimums.clone().unwrap();
    assert!(m.flags.contains(&Flag::WageBelowMinimum {
        position: "Operador".into(),
        daily_wage: Money::from_pesos(300),
        minimum: Money::from_centavos(31_504),
        zone: WageZone::General,
    }));
    r.ok(Command::Register {
        registration_number: "CCT-2026-000124".into(),
    });
}

#[test]
fn lft_399_a_fixed_term_of_a_year_is_revised_at_its_expiry() {
    let mut r = deposited(DepositInput {
        duration: AgreementDuration::Fixed { months: 12 },
        effective_from: Some(day(2026, 4, 1)),
        ..initial()
    });
    r.ok(Command::Register {
        registration_number: "CCT-2026-000125".into(),
    });
    let d = r.s().revision_dates.clone().unwrap();
    assert_eq!(d.full_on, day(2027, 4, 1));
    // 1 April 2027 - 61 days = 30 January 2027.
    assert_eq!(d.full_request_by, day(2027, 1, 30));
}

#[test]
fn lft_399_bis_400_bis_revisions_requested_approved_and_deposited() {
    let mut r = registered();
    r.on(2027, 2, 15);
    let e = r.ok(Command::RequestRevision {
        kind: RevisionKind::Wage,
    });
    assert!(matches!(&e[0], Event::RevisionRequested { timely: true, .. }));
    assert_eq!(
        r.err(Command::RequestRevision {
            kind: RevisionKind::Full
        })
        .code,
        "agreement.revision_pending"
    );
    r.on(2027, 3, 22);
    let e = r.err(Command::DepositRevision {
        kind: RevisionKind::Wage,
        agreed_on: day(2027, 3, 20),
        effective_from: None,
        vote: vote_ref(Purpose::Revision, Outcome::Rejected, day(2027, 3, 19)),
        terms: None,
    });
    assert_eq!(e.code, "agreement.revision_not_approved");
    r.ok(Command::DepositRevision {
        kind: RevisionKind::Wage,
        agreed_on: day(2027, 3, 20),
        effective_from: None,
        vote: vote_ref(Purpose::Revision, Outcome::Approved, day(2027, 3, 19)),
        terms: Some(terms(450)),
    });
    let s = r.s();
    assert!(s.pending_request.is_none());
    assert_eq!(s.revisions.len(), 1);
    let d = s.revision_dates.clone().unwrap();
    // The wage anniversary moves with the revision; the full revision keeps its date.
    assert_eq!(d.wage_on, day(2028, 3, 20));
    assert_eq!(d.full_on, day(2028, 3, 23));
    assert_eq!(
        s.terms.as_ref().unwrap().wage_table[0].daily_wage,
        Money::from_pesos(450)
    );
    // A late request is recorded as such.
    r.on(2028, 3, 1);
    let e = r.ok(Command::RequestRevision {
        kind: RevisionKind::Full,
    });
    assert!(matches!(&e[0], Event::RevisionRequested { timely: false, .. }));
}

fn legacy() -> DepositInput {
    DepositInput {
        kind: AgreementKind::Legacy,
        certificate: None,
        approval: None,
        legacy_number: "CC-1234/2015".into(),
        legacy_deposited_on: Some(day(2015, 6, 1)),
        signed_on: day(2015, 5, 20),
        effective_from: None,
        terms: None,
        ..initial()
    }
}

fn legacy_registered() -> R {
    let mut r = R::new(at(2022, 6, 1), execute);
    let e = r.ok(Command::Deposit {
        input: Box::new(legacy()),
    });
    assert_eq!(e.len(), 2, "a legacy agreement is recorded as registered at once");
    r
}

#[test]
fn transitory_11_a_legacy_agreement_is_legitimized_by_a_majority() {
    let mut r = legacy_registered();
    let s = r.s();
    assert_eq!((s.status, s.effective_from), (Status::Registered, day(2015, 6, 1)));
    assert_eq!(s.legitimization, Legitimization::Pending);
    assert_eq!(s.legitimization_deadline, Some(day(2023, 5, 1)));
    // A vote without a majority leaves it pending: another may be held.
    r.ok(Command::RecordLegitimization {
        vote: vote_ref(Purpose::Legitimization, Outcome::NoMajority, day(2022, 9, 1)),
    });
    assert!(matches!(r.s().legitimization, Legitimization::Inconclusive { .. }));
    let e = r.err(Command::RecordLegitimization {
        vote: vote_ref(Purpose::Revision, Outcome::Approved, day(2022, 10, 1)),
    });
    assert_eq!(e.code, "agreement.vote_purpose");
    r.ok(Command::RecordLegitimization {
        vote: vote_ref(Purpose::Legitimization, Outcome::Approved, day(2022, 10, 1)),
    });
    assert!(matches!(r.s().legitimization, Legitimization::Legitimized { .. }));
    assert_eq!(
        r.err(Command::RecordLegitimization {
            vote: vote_ref(Purpose::Legitimization, Outcome::Approved, day(2022, 11, 1)),
        })
        .code,
        "agreement.illegal_transition"
    );
    // A legitimized agreement does not lapse.
    r.on(2023, 5, 2);
    let e = r.err(Command::Terminate {
        cause: TerminationCause::LegitimizationLapsed,
        on: day(2023, 5, 2),
        vote: None,
        reason: "Sin legitimar".into(),
    });
    assert_eq!(e.code, "agreement.legitimization_not_lapsed");
}

#[test]
fn transitory_11_a_majority_against_terminates_it() {
    let mut r = legacy_registered();
    let e = r.ok(Command::RecordLegitimization {
        vote: vote_ref(Purpose::Legitimization, Outcome::Rejected, day(2022, 9, 1)),
    });
    assert!(matches!(
        &e[1],
        Event::Terminated {
            cause: TerminationCause::LegitimizationRejected,
            ..
        }
    ));
    assert_eq!(r.s().status, Status::Terminated);
    assert_eq!(r.s().termination, Some(TerminationCause::LegitimizationRejected));
}

#[test]
fn transitory_11_without_a_vote_by_1_may_2023_it_lapses() {
    let mut r = legacy_registered();
    r.on(2023, 5, 1);
    let e = r.err(Command::Terminate {
        cause: TerminationCause::LegitimizationLapsed,
        on: day(2023, 5, 1),
        vote: None,
        reason: "Sin legitimar".into(),
    });
    assert_eq!(e.code, "agreement.legitimization_not_lapsed");
    // A vote after the deadline does not save it.
    r.on(2023, 5, 10);
    let e = r.err(Command::RecordLegitimization {
        vote: vote_ref(Purpose::Legitimization, Outcome::Approved, day(2023, 5, 8)),
    });
    assert_eq!(e.code, "agreement.legitimization_deadline_passed");
    r.ok(Command::Terminate {
        cause: TerminationCause::LegitimizationLapsed,
        on: day(2023, 5, 2),
        vote: None,
        reason: "No se legitimó en el plazo".into(),
    });
    assert_eq!(r.s().status, Status::Terminated);
}

#[test]
fn an_agreement_deposited_after_the_reform_is_not_legacy() {
    let mut r = R::new(at(2022, 6, 1), execute);
    let e = r.err(Command::Deposit {
        input: Box::new(DepositInput {
            legacy_deposited_on: Some(day(2019, 5, 2)),
            ..legacy()
        }),
    });
    assert_eq!(
        (e.code, param(&e, "cutoff")),
        ("agreement.not_legacy", Some("2019-05-02"))
    );
}

#[test]
fn lft_401_termination_by_consent_needs_the_workers_vote() {
    let mut r = registered();
    r.on(2026, 9, 1);
    let e = r.err(Command::Terminate {
        cause: TerminationCause::MutualConsent,
        on: day(2026, 9, 1),
        vote: None,
        reason: "Mutuo consentimiento".into(),
    });
    assert_eq!(e.code, "agreement.termination_not_approved");
    let e = r.err(Command::Terminate {
        cause: TerminationCause::LegitimizationRejected,
        on: day(2026, 9, 1),
        vote: None,
        reason: "x".into(),
    });
    assert_eq!(e.code, "agreement.termination_cause");
    r.ok(Command::Terminate {
        cause: TerminationCause::MutualConsent,
        on: day(2026, 9, 1),
        vote: Some(vote_ref(Purpose::Termination, Outcome::Approved, day(2026, 8, 28))),
        reason: "Mutuo consentimiento".into(),
    });
    assert_eq!(r.s().status, Status::Terminated);
    assert!(r.s().next_deadline().is_none());
}

#[test]
fn lft_391_bis_the_public_version_has_no_personal_data() {
    let mut r = registered();
    let text = format!(
        "Firman por el sindicato María Pérez López (CURP {}) y por la empresa su apoderado. Tel. 33 1234 5678.",
        adult(1)
    );
    let e = r.ok(Command::PublishPublicVersion {
        text,
        names: vec!["Maria Perez Lopez".into()],
    });
    let Event::PublicVersionPublished {
        public_text, removed, ..
    } = &e[0]
    else {
        panic!()
    };
    assert_eq!(
        public_text,
        "Firman por el sindicato [NOMBRE ELIMINADO] (CURP [CURP ELIMINADA]) y por la empresa su apoderado. Tel. [TELÉFONO ELIMINADO]."
    );
    assert_eq!(removed, &vec![(Kind::Curp, 1), (Kind::Phone, 1), (Kind::Name, 1)]);
    assert!(r.s().public_version.is_some());
}
