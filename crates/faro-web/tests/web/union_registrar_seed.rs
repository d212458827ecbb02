//! A small registry of unions for the registrar's pages, written through the store's commands
//! (as `faro-store`'s conformance suite does) with a clock that starts on 7 March 2022 and only
//! moves forward:
//!
//! | record | state |
//! |---|---|
//! | union A | 22 members, complete: registered as `CFCRL-SIND-2022-9001`; a new leadership reported, to certify |
//! | union P | 21 members, complete: filed, waiting for the registrar |
//! | agreement L | legacy, of union A: recorded as registered at once |
//! | agreement D | initial, of union A, without certificate nor approval: deposited |
//! | vote V | leadership election of union A; stations C1 and C2, 5 voters each (one CURP invalid: an open flag); held on 2 May 2022 |

use std::sync::OnceLock;

use chrono::{DateTime, Duration, NaiveDate, Utc};
use faro_core::calendar::DayCount;
use faro_core::ids::curp::{build, CurpParts};
use faro_core::ids::Sex;
use faro_core::law::Law;
use faro_core::union::agreement::{self, AgreementKind, DepositInput};
use faro_core::union::members::{MemberInput, WorkerEntry};
use faro_core::union::minimums::AgreementDuration;
use faro_core::union::registration::{self, DocumentKind, FilingInput, Leadership, Officer, StatuteClause, UnionType};
use faro_core::union::vote::{self, Purpose, Station};
use faro_core::union::{RegistrarSettings, UnionRules};
use faro_core::{Actor, StateCode};
use faro_store::unions::{AgreementTarget, AnomalyFilter, Site, UnionLaw, UnionSite, UnionTarget, VoteTarget};
use faro_store::Store;

use crate::support::{catalogs, Fixture};

pub const NUMBER_A: &str = "CFCRL-SIND-2022-9001";
pub const NAME_A: &str = "Sindicato de Trabajadores de Prueba";
pub const NAME_P: &str = "Sindicato Pendiente de Registro";
/// The officer of union A's new leadership, waiting for its certification.
pub const NEW_LEADER: &str = "Ramón Torres";
pub const BAD_CURP: &str = "XXXX000000XXXXXX00";

/// The ids of the seeded records.
#[derive(Debug, Clone, Copy)]
pub struct Seeded {
    pub union_a: i64,
    pub union_p: i64,
    pub legacy: i64,
    pub deposited: i64,
    pub vote: i64,
    /// The open flag of the vote's roll (the invalid CURP).
    pub anomaly: i64,
}

fn law() -> &'static Law {
    static LAW: OnceLock<Law> = OnceLock::new();
    LAW.get_or_init(|| Law::official(catalogs(), None).expect("law"))
}

fn settings() -> &'static RegistrarSettings {
    static S: OnceLock<RegistrarSettings> = OnceLock::new();
    S.get_or_init(|| RegistrarSettings {
        unspecified_days: DayCount::Working,
    })
}

pub fn union_law() -> UnionLaw<'static> {
    UnionLaw {
        law: law(),
        rules: UnionRules::official().expect("the official union rules"),
        settings: settings(),
    }
}

pub fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

/// A valid CURP, different for each `n`, of an adult.
fn curp(n: u32) -> String {
    let letter = |k: u32| char::from(b'A' + u8::try_from(k % 26).unwrap());
    let initials: String = [n / 17576, n / 676, n / 26, n].iter().map(|k| letter(*k)).collect();
    build(&CurpParts {
        initials: &initials,
        birth_date: day(1980 + i32::try_from(n % 15).unwrap(), 1 + n % 12, 1 + n % 28),
        sex: if n.is_multiple_of(2) { Sex::Male } else { Sex::Female },
        state: "DF",
        consonants: "RNL",
        differentiator: '0',
    })
    .unwrap()
    .as_str()
    .to_string()
}

fn filing(name: &str, base: u32, members: u32, officer: &str) -> FilingInput {
    FilingInput {
        name: name.into(),
        union_type: UnionType::Company,
        address: "Av. Reforma 10".into(),
        founded_on: day(2022, 3, 4),
        purpose: "El estudio, mejoramiento y defensa de los intereses de sus miembros".into(),
        confederation: String::new(),
        documents: DocumentKind::ALL.to_vec(),
        statute_clauses: StatuteClause::ALL.to_vec(),
        members: (0..members)
            .map(|i| MemberInput {
                name: if i == 0 {
                    officer.into()
                } else {
                    format!("Trabajador {}", base + i)
                },
                curp: curp(base + i),
                rfc: String::new(),
                address: "Calle Hidalgo 1".into(),
                workplace: "Planta".into(),
            })
            .collect(),
        leadership: Leadership {
            officers: vec![Officer {
                name: officer.into(),
                office: "Secretaria General".into(),
            }],
            elected_on: day(2022, 3, 4),
            term_from: day(2022, 3, 4),
            term_until: day(2026, 3, 3),
            vote: None,
        },
    }
}

fn deposit(kind: AgreementKind, signed_on: NaiveDate) -> DepositInput {
    DepositInput {
        kind,
        union_name: NAME_A.into(),
        union_registration: NUMBER_A.into(),
        employer_name: "Panificadora de Prueba, S.A. de C.V.".into(),
        employer_rfc: String::new(),
        scope: "Planta de Iztapalapa".into(),
        covered_workers: 40,
        signed_on,
        effective_from: None,
        duration: AgreementDuration::Indefinite,
        certificate: None,
        approval: None,
        terms: None,
        legacy_number: if kind == AgreementKind::Legacy {
            "CCT-LEG-2016-12".into()
        } else {
            String::new()
        },
        legacy_deposited_on: (kind == AgreementKind::Legacy).then(|| day(2016, 2, 1)),
    }
}

struct Clock(DateTime<Utc>);

impl Clock {
    fn on(&mut self, d: NaiveDate) {
        let t = d.and_hms_opt(15, 0, 0).unwrap().and_utc();
        if t > self.0 {
            self.0 = t;
        }
    }
    fn tick(&mut self) -> DateTime<Utc> {
        self.0 += Duration::minutes(1);
        self.0
    }
}

/// Seeds the registry of the module's documentation into `f`'s store.
pub fn seed(f: &Fixture) -> Seeded {
    seed_store(&f.store)
}

pub fn seed_store(store: &Store) -> Seeded {
    let l = union_law();
    let actor = Actor::system("test");
    let mut clock = Clock(day(2022, 3, 7).and_hms_opt(15, 0, 0).unwrap().and_utc());
    let cdmx = UnionSite {
        state: StateCode::new(9).unwrap(),
        federal: false,
    };
    let file = |clock: &mut Clock, f: FilingInput| {
        store
            .union_command(
                &l,
                &actor,
                clock.tick(),
                UnionTarget::New(cdmx),
                &registration::Command::File { filing: Box::new(f) },
            )
            .expect("file a union")
            .id
    };
    let union_a = file(&mut clock, filing(NAME_A, 0, 22, "María Pérez"));
    clock.on(day(2022, 3, 8));
    let union_p = file(&mut clock, filing(NAME_P, 100, 21, "Lucía Gómez"));
    clock.on(day(2022, 3, 15));
    store
        .union_command(
            &l,
            &actor,
            clock.tick(),
            UnionTarget::Existing(union_a),
            &registration::Command::Register {
                registration_number: NUMBER_A.into(),
            },
        )
        .expect("register union A");
    clock.on(day(2022, 3, 16));
    store
        .union_command(
            &l,
            &actor,
            clock.tick(),
            UnionTarget::Existing(union_a),
            &registration::Command::ReportLeadershipChange {
                leadership: Leadership {
                    officers: vec![Officer {
                        name: NEW_LEADER.into(),
                        office: "Secretario General".into(),
                    }],
                    elected_on: day(2022, 3, 14),
                    term_from: day(2022, 3, 14),
                    term_until: day(2026, 3, 13),
                    vote: None,
                },
            },
        )
        .expect("report a leadership change");
    let site = Site {
        workplace_id: None,
        state: Some(StateCode::new(9).unwrap()),
        municipality: "09007".into(),
        sector: "311812".into(),
        federal: false,
    };
    let deposit_one = |clock: &mut Clock, kind, signed_on| {
        store
            .agreement_command(
                &l,
                &actor,
                clock.tick(),
                &AgreementTarget::New(site.clone()),
                &agreement::Command::Deposit {
                    input: Box::new(deposit(kind, signed_on)),
                },
            )
            .expect("deposit an agreement")
            .id
    };
    let legacy = deposit_one(&mut clock, AgreementKind::Legacy, day(2016, 1, 20));
    let deposited = deposit_one(&mut clock, AgreementKind::Initial, day(2022, 3, 14));
    let vote_on = day(2022, 5, 2);
    let vote = store
        .vote_command(
            &l,
            &actor,
            clock.tick(),
            VoteTarget::New,
            &vote::Command::Call {
                purpose: Purpose::LeadershipElection,
                subject: format!("union/{union_a}"),
                organizer: NAME_A.into(),
                options: vec!["Planilla Azul".into(), "Planilla Verde".into()],
                vote_on,
                stations: ["C1", "C2"]
                    .iter()
                    .map(|s| Station {
                        id: (*s).into(),
                        place: format!("Comedor {s}"),
                    })
                    .collect(),
                registrar_notified_on: None,
                request_filed_on: None,
            },
        )
        .expect("call the vote")
        .id;
    let mut workers: Vec<WorkerEntry> = (0..10u32)
        .map(|i| WorkerEntry {
            name: format!("Votante {i}"),
            curp: curp(200 + i),
            hired_on: Some(day(2020, 1, 6)),
            station: if i < 5 { "C1".into() } else { "C2".into() },
            ..WorkerEntry::default()
        })
        .collect();
    workers[0].curp = BAD_CURP.into();
    clock.on(day(2022, 3, 17));
    let target = VoteTarget::Existing(vote);
    for c in [vote::Command::PublishRoll { workers }, vote::Command::CloseRoll] {
        store
            .vote_command(&l, &actor, clock.tick(), target, &c)
            .expect("the roll");
    }
    clock.on(vote_on);
    store
        .vote_command(&l, &actor, clock.tick(), target, &vote::Command::Hold)
        .expect("hold the vote");
    let anomaly = store
        .open_union_anomalies(&AnomalyFilter {
            subject: Some(format!("vote/{vote}")),
            limit: 10,
            after: None,
        })
        .unwrap()
        .items
        .first()
        .expect("the invalid CURP is flagged")
        .id;
    Seeded {
        union_a,
        union_p,
        legacy,
        deposited,
        vote,
        anomaly,
    }
}

/// The matrix's path of a registrar's route, with the seeded records' ids.
pub fn matrix_path(path: &str, s: &Seeded) -> Option<String> {
    let (prefix, id) = if path.starts_with("/registrar/unions/") {
        ("/registrar/unions/", s.union_a)
    } else if path.starts_with("/registrar/agreements/") {
        ("/registrar/agreements/", s.deposited)
    } else if path.starts_with("/registrar/votes/") {
        ("/registrar/votes/", s.vote)
    } else if path.starts_with("/registrar/anomalies/") {
        ("/registrar/anomalies/", s.anomaly)
    } else if path.starts_with("/registrar") {
        return Some(path.to_string());
    } else {
        return None;
    };
    debug_assert!(path.starts_with(prefix));
    Some(path.replace("{id}", &id.to_string()))
}
