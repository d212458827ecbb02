//! A small union registry seeded through the store's commands, for the web tests of the registry
//! (public pages, search, the registrar's pages). Use [`seed`]:
//!
//! ```ignore
//! let f = Fixture::new();
//! let s = union_seed::seed(&f.store);
//! // s.union_id, s.agreement_id, s.legitimization_vote_id, s.revision_vote_id,
//! // s.personal: every member's and voter's CURP and name, the addresses and the planted phone,
//! //             none of which may appear on a public page.
//! ```
//!
//! What it builds, in 2022 (before the legitimization deadline of 1 May 2023):
//!
//! | record | what happens |
//! |---|---|
//! | union [`UNION_NAME`], Jalisco (14), federal | 22 members (named María Pérez (F) and Juan López (M), then 20 "Trabajador N"); officers María Pérez, Juan López and Rosa Díaz (not a member): 3 leaders, 2 of known sex, 1 woman; registered [`UNION_NUMBER`] on 2022-03-15; no filing since, so overdue today |
//! | agreement (legacy, 2015), Grupo Doña Lupe ([`EMPLOYER_RFC`]), Zapopan (14120), sector 72 | 200 workers; wage table Operador $300, Supervisor $600, Ayudante $150 (below the minimum wage); registered on its deposit as [`AGREEMENT_NUMBER`]; public version published with a CURP, a phone and a signatory's name planted, which core's redaction removes |
//! | legitimization vote | stations C1 (50 on the roll: 40 for, 5 against) and C2 (50: 35 for, 10 against, 1 void): 75 for, 15 against, 1 void, 0 blank; 91 ballots; turnout 91.00 %, margin 66.66 %; applied: the agreement is legitimized |
//! | revision vote | station C1 (100: 60 for, 30 against): turnout 90.00 %, margin 33.33 %; a wage revision deposited (Operador $330) |

#![allow(dead_code)]

use std::sync::OnceLock;

use chrono::{DateTime, Duration, NaiveDate, Utc};
use faro_core::catalog::{Money, WageZone};
use faro_core::ids::curp::{build, CurpParts};
use faro_core::ids::Sex;
use faro_core::law::Law;
use faro_core::union::agreement::{self, AgreementKind, DepositInput, RevisionKind};
use faro_core::union::clock::term_end;
use faro_core::union::members::{MemberInput, WorkerEntry};
use faro_core::union::minimums::{AgreementDuration, AgreementTerms, Benefits, Position, VacationStep};
use faro_core::union::registration::{self, DocumentKind, FilingInput, Leadership, Officer, StatuteClause, UnionType};
use faro_core::union::vote::{self, Purpose, Station, StationResult, VoteRef};
use faro_core::union::{RegistrarSettings, Term, UnionRules};
use faro_core::{Actor, StateCode};
use faro_store::unions::{AgreementTarget, Site, UnionLaw, UnionSite, UnionTarget, VoteTarget};
use faro_store::Store;

use crate::support::catalogs;

pub const UNION_NAME: &str = "Sindicato de Trabajadores de Restaurantes de Jalisco";
pub const UNION_NUMBER: &str = "CFCRL-SIND-2022-0101";
pub const FEDERATION: &str = "Confederación Nacional de Prueba";
/// A legacy agreement is registered on its deposit under its old number.
pub const AGREEMENT_NUMBER: &str = "CCT-LEG-2015-101";
pub const EMPLOYER_NAME: &str = "Grupo Doña Lupe";
/// A legal entity's RFC (12 characters): its name and RFC are public.
pub const EMPLOYER_RFC: &str = "MAB9307148T4";
/// The officers (public, LFT 365 Bis).
pub const OFFICERS: [(&str, &str); 3] = [
    ("María Pérez", "Secretaria General"),
    ("Juan López", "Secretario de Finanzas"),
    ("Rosa Díaz", "Secretaria de Actas"),
];
pub const MEMBER_ADDRESS: &str = "Calle Hidalgo 1";
/// Planted in the agreement's text before redaction.
pub const PHONE: &str = "33 1234 5678";
pub const SIGNATORY: &str = "Pedro Páramo Ruiz";
/// A clause of the public version that stays after redaction.
pub const CLAUSE: &str = "Cláusula tercera. La jornada será de ocho horas.";

/// What [`seed`] built, and the personal data no public answer may show.
#[derive(Debug, Clone)]
pub struct Seeded {
    pub union_id: i64,
    pub agreement_id: i64,
    pub legitimization_vote_id: i64,
    pub revision_vote_id: i64,
    /// Members' and voters' CURPs and names (except the officers'), addresses and the phone.
    pub personal: Vec<String>,
}

fn law() -> &'static Law {
    static LAW: OnceLock<Law> = OnceLock::new();
    LAW.get_or_init(|| Law::official(catalogs(), None).expect("law"))
}

fn settings() -> &'static RegistrarSettings {
    static S: OnceLock<RegistrarSettings> = OnceLock::new();
    S.get_or_init(RegistrarSettings::default)
}

pub fn union_law() -> UnionLaw<'static> {
    UnionLaw {
        law: law(),
        rules: UnionRules::official().expect("the official union rules"),
        settings: settings(),
    }
}

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("a date")
}

/// A valid CURP, different for each `n`.
pub fn curp(n: u32, sex: Sex) -> String {
    let letter = |k: u32| char::from(b'A' + u8::try_from(k % 26).expect("a letter"));
    let initials: String = [n / 17576, n / 676, n / 26, n].iter().map(|k| letter(*k)).collect();
    build(&CurpParts {
        initials: &initials,
        birth_date: day(1980 + i32::try_from(n % 15).expect("year"), 1 + n % 12, 1 + n % 28),
        sex,
        state: "JC",
        consonants: "RNL",
        differentiator: '0',
    })
    .expect("a CURP")
    .as_str()
    .to_string()
}

fn terms(operador: i64) -> AgreementTerms {
    let position = |name: &str, pesos: i64| Position {
        name: name.into(),
        daily_wage: Money::from_pesos(pesos),
    };
    AgreementTerms {
        zone: WageZone::General,
        wage_table: vec![
            position("Operador", operador),
            position("Supervisor", 600),
            position("Ayudante", 150),
        ],
        benefits: Benefits {
            vacation: [(1, 12), (2, 14), (3, 16), (4, 18), (5, 20), (6, 22), (11, 24)]
                .into_iter()
                .map(|(from_year, days)| VacationStep { from_year, days })
                .collect(),
            vacation_premium_percent: Some(30),
            year_end_bonus_days: Some(30),
            savings_fund_percent: Some(13),
            other: vec![],
        },
        duration: AgreementDuration::Indefinite,
    }
}

struct Run<'a> {
    store: &'a Store,
    now: DateTime<Utc>,
    next_curp: u32,
    personal: Vec<String>,
}

impl Run<'_> {
    fn on(&mut self, d: NaiveDate) {
        let t = d.and_hms_opt(15, 0, 0).expect("a time").and_utc();
        if t > self.now {
            self.now = t;
        }
    }

    fn tick(&mut self) -> DateTime<Utc> {
        self.now += Duration::minutes(1);
        self.now
    }

    fn actor() -> Actor {
        Actor::system("union-seed")
    }

    fn agreement(&mut self, id: i64, c: agreement::Command) -> agreement::Agreement {
        let now = self.tick();
        self.store
            .agreement_command(&union_law(), &Self::actor(), now, &AgreementTarget::Existing(id), &c)
            .unwrap_or_else(|e| panic!("agreement command: {e}"))
            .state
    }

    fn vote(
        &mut self,
        target: VoteTarget,
        c: vote::Command,
    ) -> faro_store::unions::RegistryOutcome<vote::Vote, vote::Event> {
        let now = self.tick();
        self.store
            .vote_command(&union_law(), &Self::actor(), now, target, &c)
            .unwrap_or_else(|e| panic!("vote command: {e}"))
    }

    /// Calls, holds, publishes and applies an approval vote on `subject`.
    fn full_vote(
        &mut self,
        purpose: Purpose,
        subject: &str,
        rolls: &[(&str, u32)],
        results: &[[u32; 4]],
    ) -> (i64, VoteRef) {
        let today = self.now.date_naive();
        let vote_on = term_end(&union_law().ctx(self.now), Term::CallMin, today).expect("a term") + Duration::days(1);
        let id = self
            .vote(
                VoteTarget::New,
                vote::Command::Call {
                    purpose,
                    subject: subject.into(),
                    organizer: UNION_NAME.into(),
                    options: vec![],
                    vote_on,
                    stations: rolls
                        .iter()
                        .map(|(s, _)| Station {
                            id: (*s).into(),
                            place: format!("Comedor {s}"),
                        })
                        .collect(),
                    registrar_notified_on: Some(today),
                    request_filed_on: None,
                },
            )
            .id;
        let mut workers = Vec::new();
        for (station, n) in rolls {
            let base = self.next_curp;
            self.next_curp += n;
            for i in 0..*n {
                let c = curp(base + i, if i % 2 == 0 { Sex::Male } else { Sex::Female });
                let name = format!("Votante Confidencial {}", base + i);
                self.personal.push(c.clone());
                self.personal.push(name.clone());
                workers.push(WorkerEntry {
                    name,
                    curp: c,
                    hired_on: Some(day(2020, 1, 6)),
                    station: (*station).into(),
                    ..WorkerEntry::default()
                });
            }
        }
        let e = VoteTarget::Existing(id);
        self.vote(e, vote::Command::PublishRoll { workers });
        self.vote(e, vote::Command::CloseRoll);
        self.on(vote_on);
        self.vote(e, vote::Command::Hold);
        let results = rolls
            .iter()
            .zip(results)
            .map(|((station, _), r)| StationResult {
                station: (*station).into(),
                votes: vec![r[0], r[1]],
                void: r[2],
                blank: r[3],
            })
            .collect();
        self.vote(e, vote::Command::RecordResults { results });
        let published = self.vote(e, vote::Command::PublishResults);
        let until = published.state.challenge_until.expect("a challenge term");
        self.on(until + Duration::days(1));
        self.vote(e, vote::Command::ApplyOutcome);
        let reference = self
            .store
            .vote_reference(id)
            .expect("read the vote")
            .expect("an applied vote has a reference");
        (id, reference)
    }
}

/// Seeds the registry described in the module's documentation into `store`.
pub fn seed(store: &Store) -> Seeded {
    let mut run = Run {
        store,
        now: day(2022, 3, 7).and_hms_opt(15, 0, 0).expect("a time").and_utc(),
        next_curp: 0,
        personal: vec![MEMBER_ADDRESS.to_string(), PHONE.to_string(), SIGNATORY.to_string()],
    };
    // The union: 22 members, two of them officers.
    let mut members = Vec::new();
    for (i, (name, sex)) in [("María Pérez", Sex::Female), ("Juan López", Sex::Male)]
        .iter()
        .enumerate()
    {
        let c = curp(u32::try_from(i).expect("small"), *sex);
        run.personal.push(c.clone());
        members.push(MemberInput {
            name: (*name).into(),
            curp: c,
            rfc: String::new(),
            address: MEMBER_ADDRESS.into(),
            workplace: "Restaurante Centro".into(),
        });
    }
    for i in 2..22u32 {
        let c = curp(i, Sex::Male);
        let name = format!("Trabajador Confidencial {i}");
        run.personal.push(c.clone());
        run.personal.push(name.clone());
        members.push(MemberInput {
            name,
            curp: c,
            rfc: String::new(),
            address: MEMBER_ADDRESS.into(),
            workplace: "Restaurante Centro".into(),
        });
    }
    run.next_curp = 22;
    let filing = FilingInput {
        name: UNION_NAME.into(),
        union_type: UnionType::Industrial,
        address: "Av. Vallarta 100".into(),
        founded_on: day(2022, 3, 4),
        purpose: "El estudio, mejoramiento y defensa de los intereses de sus miembros".into(),
        confederation: FEDERATION.into(),
        documents: DocumentKind::ALL.to_vec(),
        statute_clauses: StatuteClause::ALL.to_vec(),
        members,
        leadership: Leadership {
            officers: OFFICERS
                .iter()
                .map(|(name, office)| Officer {
                    name: (*name).into(),
                    office: (*office).into(),
                })
                .collect(),
            elected_on: day(2022, 3, 4),
            term_from: day(2022, 3, 4),
            term_until: day(2026, 3, 3),
            vote: None,
        },
    };
    let now = run.tick();
    let union_id = store
        .union_command(
            &union_law(),
            &Run::actor(),
            now,
            UnionTarget::New(UnionSite {
                state: StateCode::new(14).expect("Jalisco"),
                federal: true,
            }),
            &registration::Command::File {
                filing: Box::new(filing),
            },
        )
        .expect("file the union")
        .id;
    run.on(day(2022, 3, 15));
    let now = run.tick();
    store
        .union_command(
            &union_law(),
            &Run::actor(),
            now,
            UnionTarget::Existing(union_id),
            &registration::Command::Register {
                registration_number: UNION_NUMBER.into(),
            },
        )
        .expect("register the union");
    // The legacy agreement.
    run.on(day(2022, 3, 16));
    let deposit = DepositInput {
        kind: AgreementKind::Legacy,
        union_name: UNION_NAME.into(),
        union_registration: UNION_NUMBER.into(),
        employer_name: EMPLOYER_NAME.into(),
        employer_rfc: EMPLOYER_RFC.into(),
        scope: "Restaurantes de Grupo Doña Lupe en Jalisco".into(),
        covered_workers: 200,
        signed_on: day(2015, 5, 20),
        effective_from: None,
        duration: AgreementDuration::Indefinite,
        certificate: None,
        approval: None,
        terms: Some(terms(300)),
        legacy_number: AGREEMENT_NUMBER.into(),
        legacy_deposited_on: Some(day(2015, 6, 1)),
    };
    let now = run.tick();
    let deposited = store
        .agreement_command(
            &union_law(),
            &Run::actor(),
            now,
            &AgreementTarget::New(Site {
                workplace_id: None,
                state: Some(StateCode::new(14).expect("Jalisco")),
                municipality: "14120".into(),
                sector: "722514".into(),
                federal: true,
            }),
            &agreement::Command::Deposit {
                input: Box::new(deposit),
            },
        )
        .expect("deposit the agreement");
    let agreement_id = deposited.id;
    if deposited.state.status == agreement::Status::Deposited {
        run.agreement(
            agreement_id,
            agreement::Command::Register {
                registration_number: AGREEMENT_NUMBER.into(),
            },
        );
    }
    let planted_curp = curp(0, Sex::Female);
    run.agreement(
        agreement_id,
        agreement::Command::PublishPublicVersion {
            text: format!(
                "Contrato colectivo de trabajo.\n{CLAUSE}\nFirma por la empresa {SIGNATORY}, CURP {planted_curp}, \
                 teléfono {PHONE}."
            ),
            names: vec![SIGNATORY.into()],
        },
    );
    // The legitimization, in two stations.
    let subject = format!("agreement/{agreement_id}");
    let (legitimization_vote_id, legitimization) = run.full_vote(
        Purpose::Legitimization,
        &subject,
        &[("C1", 50), ("C2", 50)],
        &[[40, 5, 0, 0], [35, 10, 1, 0]],
    );
    run.agreement(
        agreement_id,
        agreement::Command::RecordLegitimization { vote: legitimization },
    );
    // A wage revision.
    let (revision_vote_id, revision) = run.full_vote(Purpose::Revision, &subject, &[("C1", 100)], &[[60, 30, 0, 0]]);
    let agreed_on = run.now.date_naive();
    run.agreement(
        agreement_id,
        agreement::Command::DepositRevision {
            kind: RevisionKind::Wage,
            agreed_on,
            effective_from: None,
            vote: revision,
            terms: Some(terms(330)),
        },
    );
    Seeded {
        union_id,
        agreement_id,
        legitimization_vote_id,
        revision_vote_id,
        personal: run.personal,
    }
}
