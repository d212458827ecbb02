//! The union and agreement registry through the store (`Store::union_command`,
//! `representativeness_command`, `vote_command`, `agreement_command` and the reads), its rollups
//! and its bulk import (`Store::import_union_registry`).
//!
//! The scenario (2022, before the legitimization deadline of 1 May 2023), on the registry of
//! `fixtures::registry_batch` (Sol in Mexico City, SCIAN 311812; Lupe in Jalisco, 722514):
//!
//! | record | what happens |
//! |---|---|
//! | union A, CDMX, local | 22 members; officers María Pérez (a member, M), Juan López (a member, H), Rosa Díaz (no member): 3 leaders, 2 of known sex, 1 woman; registered CFCRL-SIND-2022-0001 |
//! | union B, Jalisco, federal | 20 members; officer Ana Ruiz (a member, M); registered CFCRL-SIND-2022-0002 |
//! | union C, CDMX | 19 members: filed, incomplete, never registered |
//! | request R, Sol Centro | union A, 21 supporters (one CURP invalid: a flag) of 50 workers; the certificate CR-2022-0001 |
//! | vote V1, initial agreement, about R | roll 40 (C1); 30 for, 6 against, 1 void, 1 blank: approved; turnout 9500 bp, margin 6666 bp |
//! | agreement AG1, Sol Centro | initial, 50 workers, certificate CR-2022-0001, approval V1; registered; public version published |
//! | agreement AG2, Lupe, Jalisco, federal | legacy (2015), 200 workers, wages 300/600 |
//! | vote V2, legitimization of AG2 | roll 100 (C1 50 with one invalid CURP: a flag, C2 50); 75 for, 15 against, 1 void: approved; 9100 bp, 6666 bp; AG2 legitimized |
//! | vote V3, revision of AG2 | roll 100; 60 for, 30 against: approved; 9000 bp, 3333 bp; wages 330/600: +333 bp |
//! | agreement AG3, Sol Norte | initial, 10 workers, no certificate nor approval: refused |
//! | vote V4, termination of AG1 | called, then cancelled |

use std::collections::BTreeMap;
use std::sync::OnceLock;

use chrono::{DateTime, Duration, NaiveDate, Utc};
use faro_core::calendar::DayCount;
use faro_core::catalog::{Money, WageZone};
use faro_core::ids::curp::{build, CurpParts};
use faro_core::ids::Sex;
use faro_core::union::agreement::{self, AgreementKind, CertificateRef, DepositInput, RevisionKind};
use faro_core::union::clock::term_end;
use faro_core::union::members::{MemberInput, SupporterInput, WorkerEntry};
use faro_core::union::minimums::{AgreementDuration, AgreementTerms, Benefits, Position, VacationStep};
use faro_core::union::registration::{self, DocumentKind, FilingInput, Leadership, Officer, StatuteClause, UnionType};
use faro_core::union::representativeness;
use faro_core::union::vote::{self, Purpose, Station, StationResult, VoteRef};
use faro_core::union::{kinds, RegistrarSettings, Term, UnionRules};
use faro_store::unions::FeedCursor;
use faro_store::unions::{
    AgreementFilter, AgreementHistory, AgreementTarget, AnomalyDecision, AnomalyFilter, CoverageRow, LeadershipRow,
    OverdueFilter, RepresentativenessHistory, RepresentativenessTarget, Site, UnionFilter, UnionHistory, UnionLaw,
    UnionRegistryBatch, UnionSite, UnionTarget, VoteHistory, VoteTarget, VoteYearRow, WageRow, BATCH_IMPORTED,
};
use faro_store::{Store, StoreError, Value};

use crate::fixtures::{all_events, event_count, registry_batch, state, system, t0, RFC_SOL};
use crate::harness::{pg_admin_url, Ctx};
use crate::inspections::law;

const NAME_A: &str = "Sindicato de Trabajadores de Panificadora El Sol";
const NAME_B: &str = "Sindicato Nacional de la Industria Restaurantera";
const NUMBER_A: &str = "CFCRL-SIND-2022-0001";
const NUMBER_B: &str = "CFCRL-SIND-2022-0002";
const CERTIFICATE: &str = "CR-2022-0001";
const BAD_CURP: &str = "XXXX000000XXXXXX00";
/// Grupo Doña Lupe's RFC in this registry: one whose structure parses (the fixture's does not,
/// and a deposit refuses an RFC that does not parse).
const RFC_LUPE: &str = "MAB9307148T4";

/// `fixtures::registry_batch`, with Lupe's RFC replaced by [`RFC_LUPE`].
fn registry() -> faro_core::registry::RegistryBatch {
    let mut b = registry_batch();
    for (_, e) in &mut b.employers {
        if e.name == "Grupo Doña Lupe" {
            e.rfc = Some(RFC_LUPE.into());
        }
    }
    b
}

fn settings() -> &'static RegistrarSettings {
    static S: OnceLock<RegistrarSettings> = OnceLock::new();
    S.get_or_init(|| RegistrarSettings {
        unspecified_days: DayCount::Working,
    })
}

fn union_law() -> UnionLaw<'static> {
    UnionLaw {
        law: law(),
        rules: UnionRules::official().expect("the official union rules"),
        settings: settings(),
    }
}

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

/// A valid CURP, different for each `n`, of an adult of `sex`.
fn curp(n: u32, sex: Sex) -> String {
    let letter = |k: u32| char::from(b'A' + u8::try_from(k % 26).unwrap());
    let initials: String = [n / 17576, n / 676, n / 26, n].iter().map(|k| letter(*k)).collect();
    build(&CurpParts {
        initials: &initials,
        birth_date: day(1980 + i32::try_from(n % 15).unwrap(), 1 + n % 12, 1 + n % 28),
        sex,
        state: "DF",
        consonants: "RNL",
        differentiator: '0',
    })
    .unwrap()
    .as_str()
    .to_string()
}

/// The member list: named members first (each with its sex), then `rest` anonymous workers;
/// CURPs numbered from `base`.
fn members(base: u32, named: &[(&str, Sex)], rest: u32) -> Vec<MemberInput> {
    let named = named.iter().enumerate().map(|(i, (name, sex))| MemberInput {
        name: (*name).into(),
        curp: curp(base + u32::try_from(i).unwrap(), *sex),
        rfc: String::new(),
        address: "Calle Hidalgo 1".into(),
        workplace: "Planta".into(),
    });
    let skip = u32::try_from(named.len()).unwrap();
    named
        .chain((0..rest).map(|i| MemberInput {
            name: format!("Trabajador {}", base + skip + i),
            curp: curp(base + skip + i, Sex::Male),
            rfc: String::new(),
            address: "Calle Hidalgo 1".into(),
            workplace: "Planta".into(),
        }))
        .collect()
}

fn filing(name: &str, kind: UnionType, members: Vec<MemberInput>, officers: &[(&str, &str)]) -> FilingInput {
    FilingInput {
        name: name.into(),
        union_type: kind,
        address: "Av. Reforma 10".into(),
        founded_on: day(2022, 3, 4),
        purpose: "El estudio, mejoramiento y defensa de los intereses de sus miembros".into(),
        confederation: "Confederación Nacional".into(),
        documents: DocumentKind::ALL.to_vec(),
        statute_clauses: StatuteClause::ALL.to_vec(),
        members,
        leadership: Leadership {
            officers: officers
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
    }
}

fn terms(operador: i64) -> AgreementTerms {
    AgreementTerms {
        zone: WageZone::General,
        wage_table: vec![
            Position {
                name: "Operador".into(),
                daily_wage: Money::from_pesos(operador),
            },
            Position {
                name: "Supervisor".into(),
                daily_wage: Money::from_pesos(600),
            },
        ],
        benefits: Benefits {
            vacation: [
                (1, 14),
                (2, 16),
                (3, 18),
                (4, 20),
                (5, 22),
                (6, 24),
                (11, 26),
                (16, 28),
                (21, 30),
                (26, 32),
                (31, 34),
            ]
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

/// The ids of the scenario's records.
#[derive(Debug, Clone, Copy, Default)]
struct Ids {
    a: i64,
    b: i64,
    c: i64,
    r: i64,
    v1: i64,
    v2: i64,
    v3: i64,
    v4: i64,
    ag1: i64,
    ag2: i64,
    ag3: i64,
    /// The workplaces Sol Centro and Sol Norte; Lupe's employer.
    sol_centro: i64,
    sol_norte: i64,
    lupe: i64,
}

/// Drives the registry through the store with a clock that only moves forward.
struct Run<'a> {
    store: &'a Store,
    now: DateTime<Utc>,
    /// Every CURP the scenario gave (members, supporters, voters).
    curps: Vec<String>,
    next_curp: u32,
}

impl<'a> Run<'a> {
    fn new(store: &'a Store) -> Self {
        Run {
            store,
            now: day(2022, 3, 7).and_hms_opt(15, 0, 0).unwrap().and_utc(),
            curps: Vec::new(),
            next_curp: 0,
        }
    }

    fn on(&mut self, d: NaiveDate) {
        let t = d.and_hms_opt(15, 0, 0).unwrap().and_utc();
        if t > self.now {
            self.now = t;
        }
    }

    fn tick(&mut self) -> DateTime<Utc> {
        self.now += Duration::minutes(1);
        self.now
    }

    fn today(&self) -> NaiveDate {
        self.now.date_naive()
    }

    /// `n` CURPs never given before.
    fn fresh(&mut self, n: u32) -> u32 {
        let base = self.next_curp;
        self.next_curp += n;
        base
    }

    fn union(
        &mut self,
        target: UnionTarget,
        c: registration::Command,
    ) -> Result<faro_store::unions::RegistryOutcome<registration::Union, registration::Event>, StoreError> {
        let now = self.tick();
        self.store.union_command(&union_law(), &system(), now, target, &c)
    }

    fn agreement(
        &mut self,
        target: &AgreementTarget,
        c: agreement::Command,
    ) -> Result<faro_store::unions::RegistryOutcome<agreement::Agreement, agreement::Event>, StoreError> {
        let now = self.tick();
        self.store.agreement_command(&union_law(), &system(), now, target, &c)
    }

    fn request(
        &mut self,
        target: &RepresentativenessTarget,
        c: representativeness::Command,
    ) -> Result<
        faro_store::unions::RegistryOutcome<representativeness::Representativeness, representativeness::Event>,
        StoreError,
    > {
        let now = self.tick();
        self.store
            .representativeness_command(&union_law(), &system(), now, target, &c)
    }

    fn vote(
        &mut self,
        target: VoteTarget,
        c: vote::Command,
    ) -> Result<faro_store::unions::RegistryOutcome<vote::Vote, vote::Event>, StoreError> {
        let now = self.tick();
        self.store.vote_command(&union_law(), &system(), now, target, &c)
    }

    fn file_union(&mut self, site: UnionSite, f: FilingInput) -> i64 {
        for m in &f.members {
            self.curps.push(m.curp.clone());
        }
        self.union(
            UnionTarget::New(site),
            registration::Command::File { filing: Box::new(f) },
        )
        .expect("file a union")
        .id
    }

    /// Calls a vote on `subject` for the earliest day the law allows.
    fn call(&mut self, purpose: Purpose, subject: &str, stations: &[&str]) -> (i64, NaiveDate) {
        let today = self.today();
        let vote_on = term_end(&union_law().ctx(self.now), Term::CallMin, today).unwrap() + Duration::days(1);
        let out = self
            .vote(
                VoteTarget::New,
                vote::Command::Call {
                    purpose,
                    subject: subject.into(),
                    organizer: NAME_A.into(),
                    options: vec![],
                    vote_on,
                    stations: stations
                        .iter()
                        .map(|s| Station {
                            id: (*s).into(),
                            place: format!("Comedor {s}"),
                        })
                        .collect(),
                    registrar_notified_on: Some(today),
                    request_filed_on: None,
                },
            )
            .unwrap_or_else(|e| panic!("call a {} vote: {e}", purpose.code()));
        (out.id, vote_on)
    }

    /// Calls, holds and closes an approval vote: `rolls` voters per station (the first station's
    /// first voter with an invalid CURP when `bad_curp`), `results` (for, against, void, blank)
    /// per station; the outcome applied once the challenge term is over.
    fn full_vote(
        &mut self,
        purpose: Purpose,
        subject: &str,
        rolls: &[(&str, u32)],
        results: &[[u32; 4]],
        bad_curp: bool,
    ) -> (i64, VoteRef) {
        let names: Vec<&str> = rolls.iter().map(|(s, _)| *s).collect();
        let (id, vote_on) = self.call(purpose, subject, &names);
        let mut workers = Vec::new();
        for (station, n) in rolls {
            let base = self.fresh(*n);
            for i in 0..*n {
                let c = curp(base + i, if i % 2 == 0 { Sex::Male } else { Sex::Female });
                self.curps.push(c.clone());
                workers.push(WorkerEntry {
                    name: format!("Votante {}", base + i),
                    curp: c,
                    hired_on: Some(day(2020, 1, 6)),
                    station: (*station).into(),
                    ..WorkerEntry::default()
                });
            }
        }
        if bad_curp {
            workers[0].curp = BAD_CURP.into();
        }
        let e = VoteTarget::Existing(id);
        self.vote(e, vote::Command::PublishRoll { workers })
            .expect("publish the roll");
        self.vote(e, vote::Command::CloseRoll).expect("close the roll");
        self.on(vote_on);
        self.vote(e, vote::Command::Hold).expect("hold the vote");
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
        self.vote(e, vote::Command::RecordResults { results })
            .expect("record the results");
        let published = self
            .vote(e, vote::Command::PublishResults)
            .expect("publish the results");
        let until = published.state.challenge_until.unwrap();
        self.on(until + Duration::days(1));
        self.vote(e, vote::Command::ApplyOutcome).expect("apply the outcome");
        let reference = self
            .store
            .vote_reference(id)
            .unwrap()
            .expect("an applied vote has a reference");
        (id, reference)
    }
}

fn workplace_id(store: &Store, key: &str) -> i64 {
    store
        .read(|tx| tx.query_one("SELECT id FROM workplaces WHERE source_key = ?", &[key.into()]))
        .unwrap()
        .unwrap()
        .i64(0)
        .unwrap()
}

fn employer_id(store: &Store, rfc: &str) -> i64 {
    store
        .read(|tx| tx.query_one("SELECT id FROM employers WHERE rfc = ?", &[rfc.into()]))
        .unwrap()
        .unwrap()
        .i64(0)
        .unwrap()
}

/// The unions of the scenario, registered, and the certificate at Sol Centro.
fn unions_and_certificate(run: &mut Run<'_>) -> Ids {
    run.store.import_batch(&system(), t0(), &registry()).expect("registry");
    let mut ids = Ids {
        sol_centro: workplace_id(run.store, "demo:1"),
        sol_norte: workplace_id(run.store, "demo:2"),
        lupe: employer_id(run.store, RFC_LUPE),
        ..Ids::default()
    };
    let base = run.fresh(22);
    ids.a = run.file_union(
        UnionSite {
            state: state(9),
            federal: false,
        },
        filing(
            NAME_A,
            UnionType::Company,
            members(base, &[("María Pérez", Sex::Female), ("Juan López", Sex::Male)], 20),
            &[
                ("maria  PEREZ", "Secretaria General"),
                ("Juan López", "Secretario de Finanzas"),
                ("Rosa Díaz", "Secretaria de Actas"),
            ],
        ),
    );
    let base = run.fresh(20);
    ids.b = run.file_union(
        UnionSite {
            state: state(14),
            federal: true,
        },
        filing(
            NAME_B,
            UnionType::NationalIndustry,
            members(base, &[("Ana Ruiz", Sex::Female)], 19),
            &[("Ana Ruiz", "Secretaria General")],
        ),
    );
    let base = run.fresh(19);
    ids.c = run.file_union(
        UnionSite {
            state: state(9),
            federal: false,
        },
        filing(
            "Sindicato Incompleto",
            UnionType::Company,
            members(base, &[], 19),
            &[("Pedro Gil", "Secretario General")],
        ),
    );
    run.on(day(2022, 3, 15));
    for (id, number) in [(ids.a, NUMBER_A), (ids.b, NUMBER_B)] {
        run.union(
            UnionTarget::Existing(id),
            registration::Command::Register {
                registration_number: number.into(),
            },
        )
        .expect("register");
    }
    run.on(day(2022, 3, 16));
    let base = run.fresh(21);
    let mut support: Vec<SupporterInput> = (0..21)
        .map(|i| SupporterInput {
            name: format!("Simpatizante {i}"),
            curp: curp(base + i, Sex::Female),
            hired_on: Some(day(2020, 1, 6)),
            signed: true,
        })
        .collect();
    support[20].curp = BAD_CURP.into();
    run.curps.extend(support.iter().take(20).map(|s| s.curp.clone()));
    ids.r = run
        .request(
            &RepresentativenessTarget::New(Site {
                workplace_id: Some(ids.sol_centro),
                ..Site::default()
            }),
            request_command(support),
        )
        .expect("request the certificate")
        .id;
    let r = RepresentativenessTarget::Existing(ids.r);
    run.on(day(2022, 3, 17));
    let published = run
        .request(&r, representativeness::Command::PublishNotice)
        .expect("publish the notice");
    run.on(published.state.window_until.unwrap() + Duration::days(1));
    run.request(&r, representativeness::Command::CloseWindow)
        .expect("close the window");
    run.request(
        &r,
        representativeness::Command::Issue {
            certificate_number: CERTIFICATE.into(),
        },
    )
    .expect("issue the certificate");
    ids
}

fn request_command(support: Vec<SupporterInput>) -> representativeness::Command {
    representativeness::Command::Request {
        union: NAME_A.into(),
        registration_number: NUMBER_A.into(),
        employer_name: "Panificadora El Sol".into(),
        employer_rfc: RFC_SOL.into(),
        workplace: "Panadería El Sol Centro".into(),
        activity: "Panificación".into(),
        covered_workers: 50,
        support,
    }
}

fn initial_deposit(
    run: &Run<'_>,
    covered: u32,
    certificate: Option<CertificateRef>,
    approval: Option<VoteRef>,
) -> DepositInput {
    DepositInput {
        kind: AgreementKind::Initial,
        union_name: NAME_A.into(),
        union_registration: NUMBER_A.into(),
        employer_name: "Panificadora El Sol".into(),
        employer_rfc: RFC_SOL.into(),
        scope: "Panadería El Sol, Ciudad de México".into(),
        covered_workers: covered,
        signed_on: run.today(),
        effective_from: None,
        duration: AgreementDuration::Indefinite,
        certificate,
        approval,
        terms: Some(terms(400)),
        legacy_number: String::new(),
        legacy_deposited_on: None,
    }
}

fn certificate_ref(store: &Store, r: i64) -> CertificateRef {
    let s = store.representativeness(r).unwrap().unwrap();
    CertificateRef {
        id: s.certificate_number.unwrap(),
        union: s.holder.unwrap(),
        issued_on: s.issued_on.unwrap(),
        valid_until: s.valid_until.unwrap(),
    }
}

/// The whole scenario through the commands.
fn scenario(store: &Store) -> (Ids, Vec<String>) {
    let mut run = Run::new(store);
    let mut ids = unions_and_certificate(&mut run);
    // V1 and AG1.
    let (v1, approval) = run.full_vote(
        Purpose::InitialAgreement,
        &format!("representativeness/{}", ids.r),
        &[("C1", 40)],
        &[[30, 6, 1, 1]],
        false,
    );
    ids.v1 = v1;
    let deposit = initial_deposit(&run, 50, Some(certificate_ref(store, ids.r)), Some(approval));
    ids.ag1 = run
        .agreement(
            &AgreementTarget::New(Site {
                workplace_id: Some(ids.sol_centro),
                ..Site::default()
            }),
            agreement::Command::Deposit {
                input: Box::new(deposit),
            },
        )
        .expect("deposit AG1")
        .id;
    let ag1 = AgreementTarget::Existing(ids.ag1);
    run.on(run.today() + Duration::days(1));
    run.agreement(
        &ag1,
        agreement::Command::Register {
            registration_number: "CCT-2022-000001".into(),
        },
    )
    .expect("register AG1");
    let maria = run.curps[0].clone();
    run.agreement(
        &ag1,
        agreement::Command::PublishPublicVersion {
            text: format!(
                "Contrato colectivo. Firma por el sindicato María Pérez, CURP {maria}, y por la empresa su apoderado."
            ),
            names: vec!["María Pérez".into()],
        },
    )
    .expect("publish the public version");
    // AG2, legacy, legitimized (V2) and revised (V3).
    let legacy = DepositInput {
        kind: AgreementKind::Legacy,
        union_name: NAME_B.into(),
        union_registration: NUMBER_B.into(),
        employer_name: "Grupo Doña Lupe".into(),
        employer_rfc: RFC_LUPE.into(),
        scope: "Restaurantes de Grupo Doña Lupe en Jalisco".into(),
        covered_workers: 200,
        signed_on: day(2015, 5, 20),
        effective_from: None,
        duration: AgreementDuration::Indefinite,
        certificate: None,
        approval: None,
        terms: Some(terms(300)),
        legacy_number: "CCT-LEG-2015-77".into(),
        legacy_deposited_on: Some(day(2015, 6, 1)),
    };
    ids.ag2 = run
        .agreement(
            &AgreementTarget::New(Site {
                workplace_id: None,
                state: Some(state(14)),
                municipality: "14039".into(),
                sector: "722514".into(),
                federal: true,
            }),
            agreement::Command::Deposit {
                input: Box::new(legacy),
            },
        )
        .expect("deposit AG2")
        .id;
    let ag2 = AgreementTarget::Existing(ids.ag2);
    let subject = format!("agreement/{}", ids.ag2);
    let (v2, legitimization) = run.full_vote(
        Purpose::Legitimization,
        &subject,
        &[("C1", 50), ("C2", 50)],
        &[[40, 5, 0, 0], [35, 10, 1, 0]],
        true,
    );
    ids.v2 = v2;
    run.agreement(&ag2, agreement::Command::RecordLegitimization { vote: legitimization })
        .expect("record the legitimization");
    let (v3, revision) = run.full_vote(Purpose::Revision, &subject, &[("C1", 100)], &[[60, 30, 0, 0]], false);
    ids.v3 = v3;
    run.agreement(
        &ag2,
        agreement::Command::DepositRevision {
            kind: RevisionKind::Wage,
            agreed_on: run.today(),
            effective_from: None,
            vote: revision,
            terms: Some(terms(330)),
        },
    )
    .expect("deposit the revision");
    // AG3: refused.
    ids.ag3 = run
        .agreement(
            &AgreementTarget::New(Site {
                workplace_id: Some(ids.sol_norte),
                ..Site::default()
            }),
            agreement::Command::Deposit {
                input: Box::new(initial_deposit(&run, 10, None, None)),
            },
        )
        .expect("deposit AG3")
        .id;
    run.agreement(
        &AgreementTarget::Existing(ids.ag3),
        agreement::Command::Refuse {
            reason: "Sin constancia de representatividad ni consulta".into(),
        },
    )
    .expect("refuse AG3");
    // V4: called and cancelled.
    let (v4, _) = run.call(Purpose::Termination, &format!("agreement/{}", ids.ag1), &["C1"]);
    ids.v4 = v4;
    run.vote(
        VoteTarget::Existing(v4),
        vote::Command::Cancel {
            reason: "Las partes desisten".into(),
        },
    )
    .expect("cancel V4");
    (ids, run.curps)
}

pub fn unions_register_through_certificate(ctx: &Ctx) {
    let store = &ctx.store;
    let mut run = Run::new(store);
    let ids = unions_and_certificate(&mut run);
    let a = store.union(ids.a).unwrap().unwrap();
    let s = &a.summary;
    assert_eq!(s.registration_number.as_deref(), Some(NUMBER_A));
    assert_eq!(s.status, registration::Status::Registered);
    assert_eq!((s.state.as_str(), s.jurisdiction.code()), ("09", "09".to_string()));
    assert_eq!(s.kind, UnionType::Company);
    assert_eq!(s.federation, "Confederación Nacional");
    assert_eq!(s.members, 22);
    // María Pérez (M) matched despite the spelling, Juan López (H), Rosa Díaz not a member.
    assert_eq!((s.leaders, s.leaders_known_sex, s.women_leaders), (3, 2, 1));
    assert_eq!(s.registered_on, Some(day(2022, 3, 15)));
    assert_eq!(s.member_update_due, Some(day(2022, 6, 15)));
    assert_eq!(s.next_deadline, Some(day(2022, 6, 15)));
    assert_eq!(
        a.leaders.iter().map(|l| l.office.as_str()).collect::<Vec<_>>(),
        ["Secretaria General", "Secretario de Finanzas", "Secretaria de Actas"]
    );
    let b = store.union(ids.b).unwrap().unwrap().summary;
    assert_eq!((b.jurisdiction.code(), b.women_leaders), ("federal".to_string(), 1));
    let c = store.union(ids.c).unwrap().unwrap().summary;
    assert_eq!((c.status, c.registration_number), (registration::Status::Filed, None));
    // The lists: by state, status and name prefix (accents and case aside), a page at a time.
    let page = |f: UnionFilter| {
        store
            .unions(&UnionFilter { limit: 10, ..f })
            .unwrap()
            .items
            .iter()
            .map(|u| u.id)
            .collect::<Vec<_>>()
    };
    assert_eq!(page(UnionFilter::default()), vec![ids.c, ids.b, ids.a]);
    assert_eq!(
        page(UnionFilter {
            state: Some(state(9)),
            ..UnionFilter::default()
        }),
        vec![ids.c, ids.a]
    );
    assert_eq!(
        page(UnionFilter {
            status: Some(registration::Status::Registered),
            ..UnionFilter::default()
        }),
        vec![ids.b, ids.a]
    );
    assert_eq!(
        page(UnionFilter {
            name_prefix: Some("sindicato de TRABAJADORES de pan".into()),
            ..UnionFilter::default()
        }),
        vec![ids.a]
    );
    assert_eq!(
        page(UnionFilter {
            registration_number: Some(NUMBER_B.into()),
            ..UnionFilter::default()
        }),
        vec![ids.b]
    );
    let first = store
        .unions(&UnionFilter {
            limit: 2,
            ..UnionFilter::default()
        })
        .unwrap();
    assert_eq!(first.next_after, Some(ids.b));
    let rest = store
        .unions(&UnionFilter {
            limit: 2,
            after: first.next_after,
            ..UnionFilter::default()
        })
        .unwrap();
    assert_eq!((rest.items.len(), rest.items[0].id, rest.next_after), (1, ids.a, None));
    // The certificate, held by union A, at the registry's workplace.
    let r = store.representativeness(ids.r).unwrap().unwrap();
    assert_eq!(r.status, representativeness::Status::Issued);
    assert_eq!(r.certificate_number.as_deref(), Some(CERTIFICATE));
    assert_eq!(r.holder_union_id, Some(ids.a));
    assert_eq!(r.employer_id, Some(employer_id(store, RFC_SOL)));
    assert_eq!(
        (r.state.as_str(), r.municipality.as_str(), r.sector.as_str()),
        ("09", "09015", "31")
    );
    let valid_until = r.valid_until.unwrap();
    assert_eq!(
        valid_until,
        r.issued_on.unwrap().checked_add_months(chrono::Months::new(6)).unwrap()
    );
    // The support list's invalid CURP is flagged for the registrar.
    let flags = store
        .open_union_anomalies(&AnomalyFilter {
            subject: Some(format!("representativeness/{}", ids.r)),
            limit: 10,
            after: None,
        })
        .unwrap()
        .items;
    assert_eq!(flags.len(), 1);
    assert_eq!(
        (flags[0].code.as_str(), flags[0].list.as_str()),
        ("anomaly.invalid_curp", &*format!("support:{NAME_A}"))
    );
    // The log: each record's events under its subject.
    let events = all_events(store);
    let of = |subject: String| {
        events
            .iter()
            .filter(|e| e.subject == subject)
            .map(|e| e.kind.as_str())
            .collect::<Vec<_>>()
    };
    assert_eq!(
        of(format!("union/{}", ids.a)),
        [kinds::UNION_FILED, kinds::UNION_REGISTERED]
    );
    assert_eq!(
        of(format!("representativeness/{}", ids.r)),
        [
            kinds::REPRESENTATIVENESS_REQUESTED,
            kinds::REPRESENTATIVENESS_NOTICE_PUBLISHED,
            kinds::REPRESENTATIVENESS_WINDOW_CLOSED,
            kinds::REPRESENTATIVENESS_ISSUED
        ]
    );
    let b_filed = events.iter().find(|e| e.subject == format!("union/{}", ids.b)).unwrap();
    assert_eq!(b_filed.jurisdiction, "federal");
    // The compliance view: on 1 July both registered unions owe their member update (due 15 June).
    let overdue = store
        .overdue_unions(
            &union_law(),
            day(2022, 7, 1).and_hms_opt(15, 0, 0).unwrap().and_utc(),
            &OverdueFilter {
                state: None,
                limit: 100,
            },
        )
        .unwrap();
    let mut late: Vec<(String, i64)> = overdue.iter().map(|o| (o.union_id.clone(), o.days_overdue)).collect();
    late.sort();
    assert_eq!(
        late,
        vec![(format!("union/{}", ids.a), 16), (format!("union/{}", ids.b), 16)]
    );
    let jalisco = store
        .overdue_unions(
            &union_law(),
            day(2022, 7, 1).and_hms_opt(15, 0, 0).unwrap().and_utc(),
            &OverdueFilter {
                state: Some(state(14)),
                limit: 100,
            },
        )
        .unwrap();
    assert_eq!(jalisco.len(), 1);
    // A support list corrected after the registrar's warning: the flags of the old list that
    // were never reviewed go, the new list's come.
    let base = run.fresh(12);
    let mut support: Vec<SupporterInput> = (0..12)
        .map(|i| SupporterInput {
            name: format!("Simpatizante {i}"),
            curp: curp(base + i, Sex::Male),
            hired_on: Some(day(2020, 1, 6)),
            signed: true,
        })
        .collect();
    support[3].curp = BAD_CURP.into();
    support[4].curp = support[5].curp.clone();
    let mut norte = request_command(support.clone());
    if let representativeness::Command::Request { workplace, .. } = &mut norte {
        *workplace = "Panadería El Sol Norte".into();
    }
    let norte = run
        .request(
            &RepresentativenessTarget::New(Site {
                workplace_id: Some(ids.sol_norte),
                ..Site::default()
            }),
            norte,
        )
        .expect("request at Sol Norte")
        .id;
    let flags_of = |id: i64| {
        let mut codes: Vec<String> = store
            .open_union_anomalies(&AnomalyFilter {
                subject: Some(format!("representativeness/{id}")),
                limit: 10,
                after: None,
            })
            .unwrap()
            .items
            .into_iter()
            .map(|a| a.code)
            .collect();
        codes.sort();
        codes
    };
    assert_eq!(flags_of(norte), ["anomaly.invalid_curp", "anomaly.repeated_curp"]);
    let target = RepresentativenessTarget::Existing(norte);
    run.request(
        &target,
        representativeness::Command::NotifyDefects {
            observations: "Faltan firmas".into(),
        },
    )
    .expect("warn of the defects");
    support[3].curp = curp(base + 3, Sex::Male);
    run.request(&target, representativeness::Command::Correct { support })
        .expect("correct the list");
    assert_eq!(flags_of(norte), ["anomaly.repeated_curp"]);
    assert_eq!(
        store.representativeness(norte).unwrap().unwrap().status,
        representativeness::Status::Requested
    );
}

/// Row counts of every registry table, and the log's length.
fn snapshot(store: &Store) -> (i64, Vec<i64>) {
    let counts = TABLES
        .iter()
        .map(|(t, _, _)| {
            store
                .read(|tx| tx.query_one(&format!("SELECT COUNT(*) FROM {t}"), &[]))
                .unwrap()
                .unwrap()
                .i64(0)
                .unwrap()
        })
        .collect();
    (event_count(store), counts)
}

fn refused_code(r: Result<impl std::fmt::Debug, StoreError>) -> String {
    match r {
        Err(StoreError::Domain(e)) => e.code.to_string(),
        other => panic!("expected a refusal, got {other:?}"),
    }
}

pub fn union_refusals_write_nothing(ctx: &Ctx) {
    let store = &ctx.store;
    let mut run = Run::new(store);
    let ids = unions_and_certificate(&mut run);
    let before = snapshot(store);
    let same = |run: &Run<'_>| assert_eq!(snapshot(run.store), before, "a refused command wrote something");
    // Core's refusal: the incomplete union cannot be registered.
    let e = run.union(
        UnionTarget::Existing(ids.c),
        registration::Command::Register {
            registration_number: "CFCRL-SIND-2022-0003".into(),
        },
    );
    assert_eq!(refused_code(e), "union.filing_incomplete");
    same(&run);
    // An unknown record.
    let e = run.union(UnionTarget::Existing(9_999), registration::Command::DemandDecision);
    assert!(matches!(e, Err(StoreError::NotFound(_))), "{e:?}");
    same(&run);
    // A registration number already given: a conflict, and union D stays as it was (not even
    // filed: the whole transaction is undone).
    let base = run.fresh(20);
    let d = run.file_union(
        UnionSite {
            state: state(9),
            federal: false,
        },
        filing(
            "Sindicato D",
            UnionType::Company,
            members(base, &[], 20),
            &[("Luis Mora", "Secretario General")],
        ),
    );
    let before_d = snapshot(store);
    let e = run.union(
        UnionTarget::Existing(d),
        registration::Command::Register {
            registration_number: NUMBER_A.into(),
        },
    );
    assert!(matches!(e, Err(StoreError::Conflict(_))), "{e:?}");
    assert_eq!(snapshot(store), before_d);
    assert_eq!(
        store.union(d).unwrap().unwrap().summary.status,
        registration::Status::Filed
    );
    // The store's own checks: a vote that is not in the registry, a union that is not
    // registered, a subject that does not exist, a workplace whose certificate is in force.
    let before = snapshot(store);
    let forged = VoteRef {
        vote_id: "vote/77".into(),
        purpose: Purpose::InitialAgreement,
        held_on: run.today(),
        outcome: vote::Outcome::Approved,
        tally: vote::Tally {
            options: vec!["for".into(), "against".into()],
            votes: vec![40, 0],
            void: 0,
            blank: 0,
            roll: 40,
        },
    };
    let sol = AgreementTarget::New(Site {
        workplace_id: Some(ids.sol_centro),
        ..Site::default()
    });
    let deposit = initial_deposit(&run, 50, Some(certificate_ref(store, ids.r)), Some(forged));
    let e = run.agreement(
        &sol,
        agreement::Command::Deposit {
            input: Box::new(deposit),
        },
    );
    assert_eq!(refused_code(e), "union_registry.vote_unknown");
    let mut other_union = initial_deposit(&run, 50, None, None);
    other_union.union_registration = "CFCRL-SIND-1999-9999".into();
    let e = run.agreement(
        &sol,
        agreement::Command::Deposit {
            input: Box::new(other_union),
        },
    );
    assert_eq!(refused_code(e), "union_registry.union_unknown");
    let mut forged_certificate = certificate_ref(store, ids.r);
    forged_certificate.union = NAME_B.into();
    let deposit = initial_deposit(&run, 50, Some(forged_certificate), None);
    let e = run.agreement(
        &sol,
        agreement::Command::Deposit {
            input: Box::new(deposit),
        },
    );
    assert_eq!(refused_code(e), "union_registry.certificate_unknown");
    let today = run.today();
    let call = |purpose: Purpose, subject: String, vote_on: NaiveDate, options: Vec<String>| vote::Command::Call {
        purpose,
        subject,
        organizer: NAME_A.into(),
        options,
        vote_on,
        stations: vec![Station {
            id: "C1".into(),
            place: "Comedor".into(),
        }],
        registrar_notified_on: purpose.is_approval().then_some(today),
        request_filed_on: None,
    };
    let earliest = term_end(&union_law().ctx(run.now), Term::CallMin, run.today()).unwrap() + Duration::days(1);
    let e = run.vote(
        VoteTarget::New,
        call(Purpose::Revision, "agreement/999".into(), earliest, vec![]),
    );
    assert_eq!(refused_code(e), "union_registry.vote_subject_unknown");
    // A leadership election is about a union, not a certificate request.
    let e = run.vote(
        VoteTarget::New,
        call(
            Purpose::LeadershipElection,
            format!("representativeness/{}", ids.r),
            today + Duration::days(30),
            vec!["Planilla Roja".into()],
        ),
    );
    assert_eq!(refused_code(e), "union_registry.vote_subject_invalid");
    let base = run.fresh(20);
    let support = (0..20)
        .map(|i| SupporterInput {
            name: format!("Simpatizante {i}"),
            curp: curp(base + i, Sex::Male),
            hired_on: Some(day(2020, 1, 6)),
            signed: true,
        })
        .collect();
    let e = run.request(
        &RepresentativenessTarget::New(Site::default()),
        request_command(support),
    );
    assert_eq!(refused_code(e), "representativeness.certificate_in_force");
    let e = store.review_union_anomaly(&system(), run.now, 9_999, AnomalyDecision::Dismissed, "");
    assert!(matches!(e, Err(StoreError::NotFound(_))), "{e:?}");
    assert_eq!(snapshot(store), before, "a refused command wrote something");
}

pub fn agreement_with_vote_and_legitimization(ctx: &Ctx) {
    let store = &ctx.store;
    let (ids, _) = scenario(store);
    // AG1: initial, with its certificate and approval, registered, its public version redacted.
    let ag1 = store.agreement(ids.ag1).unwrap().unwrap();
    let s = &ag1.summary;
    assert_eq!((s.status, s.kind.as_str()), (agreement::Status::Registered, "initial"));
    assert_eq!(s.registration_number.as_deref(), Some("CCT-2022-000001"));
    assert_eq!(
        (s.union_id, s.employer_id, s.workplace_id),
        (Some(ids.a), Some(employer_id(store, RFC_SOL)), Some(ids.sol_centro))
    );
    assert_eq!(
        (s.state.as_str(), s.municipality.as_str(), s.sector.as_str()),
        ("09", "09015", "31")
    );
    assert_eq!(
        (s.certificate_number.as_deref(), s.approval_vote_id),
        (Some(CERTIFICATE), Some(ids.v1))
    );
    assert_eq!((s.legitimization.as_str(), s.below_law), ("not_required", false));
    assert!(s.wage_revision_on.is_some() && s.full_revision_on.is_some());
    assert_eq!(ag1.wage_table.as_ref().map(Vec::len), Some(2));
    assert_eq!(ag1.benefits.as_ref().and_then(|b| b.year_end_bonus_days), Some(30));
    let text = ag1.public_text.clone().unwrap();
    assert!(
        !text.contains("María Pérez") && text.starts_with("Contrato colectivo."),
        "{text}"
    );
    assert!(s.public_version_on.is_some());
    // V1 approved it: the totals, never the roll.
    let v1 = store.vote(ids.v1).unwrap().unwrap();
    let t = &v1.summary;
    assert_eq!(t.request_id, Some(ids.r));
    assert_eq!(
        (
            t.roll,
            t.votes_for,
            t.votes_against,
            t.void,
            t.blank,
            t.ballots,
            t.valid
        ),
        (Some(40), Some(30), Some(6), Some(1), Some(1), Some(38), Some(36))
    );
    assert_eq!((t.turnout_bp, t.margin_bp), (Some(9500), Some(6666)));
    assert_eq!(
        (t.outcome.as_deref(), t.effect.as_deref()),
        (Some("approved"), Some("agreement_approved"))
    );
    assert_eq!(t.status, vote::Status::OutcomeApplied);
    assert_eq!(v1.stations.len(), 1);
    assert_eq!(
        (v1.stations[0].roll, v1.stations[0].votes.clone()),
        (40, Some(vec![30, 6]))
    );
    // AG2: legacy, legitimized by V2, revised with V3 (+333 bp).
    let ag2 = store.agreement(ids.ag2).unwrap().unwrap();
    let s = &ag2.summary;
    assert_eq!(
        (s.status, s.kind.as_str(), s.legitimization.as_str()),
        (agreement::Status::Registered, "legacy", "legitimized")
    );
    assert_eq!(
        (s.employer_id, s.workplace_id, s.union_id),
        (Some(ids.lupe), None, Some(ids.b))
    );
    assert_eq!(
        (s.state.as_str(), s.sector.as_str(), s.jurisdiction.code()),
        ("14", "72", "federal".to_string())
    );
    assert_eq!((s.revisions, s.wage_increase_bp), (1, Some(333)));
    assert_eq!(ag2.revisions.len(), 1);
    assert_eq!(ag2.revisions[0].vote, format!("vote/{}", ids.v3));
    assert_eq!(ag2.wage_table.as_ref().unwrap()[0].daily_wage, Money::from_pesos(330));
    let votes: Vec<i64> = store
        .votes_of_agreement(ids.ag2)
        .unwrap()
        .iter()
        .map(|v| v.id)
        .collect();
    assert_eq!(votes, vec![ids.v2, ids.v3]);
    let votes: Vec<i64> = store
        .votes_of_agreement(ids.ag1)
        .unwrap()
        .iter()
        .map(|v| v.id)
        .collect();
    assert_eq!(
        votes,
        vec![ids.v1, ids.v4],
        "the approval before the deposit, and the vote about it"
    );
    let v2 = store.vote(ids.v2).unwrap().unwrap();
    assert_eq!(
        (v2.summary.roll, v2.summary.ballots, v2.summary.turnout_bp),
        (Some(100), Some(91), Some(9100))
    );
    assert_eq!(v2.stations.iter().map(|s| s.roll).collect::<Vec<_>>(), vec![50, 50]);
    // AG3 refused; V4 cancelled.
    assert_eq!(
        store.agreement(ids.ag3).unwrap().unwrap().summary.status,
        agreement::Status::Refused
    );
    assert_eq!(
        store.vote(ids.v4).unwrap().unwrap().summary.status,
        vote::Status::Cancelled
    );
    // The lists.
    let list = |f: AgreementFilter| {
        store
            .agreements(&AgreementFilter { limit: 10, ..f })
            .unwrap()
            .items
            .iter()
            .map(|a| a.id)
            .collect::<Vec<_>>()
    };
    assert_eq!(
        list(AgreementFilter {
            union_id: Some(ids.a),
            ..AgreementFilter::default()
        }),
        vec![ids.ag3, ids.ag1]
    );
    assert_eq!(
        list(AgreementFilter {
            employer_id: Some(ids.lupe),
            ..AgreementFilter::default()
        }),
        vec![ids.ag2]
    );
    assert_eq!(
        list(AgreementFilter {
            state: Some(state(9)),
            status: Some(agreement::Status::Registered),
            ..AgreementFilter::default()
        }),
        vec![ids.ag1]
    );
    // A revision vote must be about the agreement it revises: V3 cited for AG1 is refused.
    let mut run = Run::new(store);
    run.on(day(2022, 12, 1));
    let v3 = store.vote_reference(ids.v3).unwrap().unwrap();
    let e = run.agreement(
        &AgreementTarget::Existing(ids.ag1),
        agreement::Command::DepositRevision {
            kind: RevisionKind::Wage,
            agreed_on: run.today(),
            effective_from: None,
            vote: v3.clone(),
            terms: None,
        },
    );
    assert_eq!(refused_code(e), "union_registry.vote_other_subject");
    // A result altered on the way is not the stored one.
    let mut altered = v3;
    altered.tally.votes = vec![99, 1];
    let e = run.agreement(
        &AgreementTarget::Existing(ids.ag2),
        agreement::Command::DepositRevision {
            kind: RevisionKind::Wage,
            agreed_on: run.today(),
            effective_from: None,
            vote: altered,
            terms: None,
        },
    );
    assert_eq!(refused_code(e), "union_registry.vote_mismatch");
    // The roll's invalid CURP of V2 is flagged; the registrar dismisses it, once.
    let flags = store
        .open_union_anomalies(&AnomalyFilter {
            subject: Some(format!("vote/{}", ids.v2)),
            limit: 10,
            after: None,
        })
        .unwrap()
        .items;
    assert_eq!(flags.len(), 1);
    assert_eq!(
        (flags[0].list.as_str(), flags[0].code.as_str()),
        ("roll", "anomaly.invalid_curp")
    );
    let before = event_count(store);
    let reviewed = store
        .review_union_anomaly(
            &system(),
            run.now,
            flags[0].id,
            AnomalyDecision::Dismissed,
            "Error de captura",
        )
        .unwrap();
    assert_eq!(
        (reviewed.status.as_str(), reviewed.note.as_str()),
        ("dismissed", "Error de captura")
    );
    assert_eq!(event_count(store), before + 1);
    let last = store.event(before + 1).unwrap().unwrap();
    assert_eq!(
        (last.kind.as_str(), last.subject.clone()),
        ("union_registry.anomaly_reviewed", format!("vote/{}", ids.v2))
    );
    assert_eq!(last.jurisdiction, "federal");
    let e = store.review_union_anomaly(&system(), run.now, flags[0].id, AnomalyDecision::Confirmed, "");
    assert_eq!(refused_code(e), "union_registry.anomaly_reviewed");
    assert!(store
        .open_union_anomalies(&AnomalyFilter {
            subject: Some(format!("vote/{}", ids.v2)),
            limit: 10,
            after: None,
        })
        .unwrap()
        .items
        .is_empty());
}

/// The rollups as the scenario leaves them, counted by hand from the table in the module's
/// documentation.
fn hand_count() -> (Vec<LeadershipRow>, Vec<CoverageRow>, Vec<WageRow>, Vec<VoteYearRow>) {
    let leadership = vec![
        LeadershipRow {
            state: "09".into(),
            unions: 2,
            registered: 1,
            members: 22,
            leaders: 3,
            leaders_known_sex: 2,
            women_leaders: 1,
        },
        LeadershipRow {
            state: "14".into(),
            unions: 1,
            registered: 1,
            members: 20,
            leaders: 1,
            leaders_known_sex: 1,
            women_leaders: 1,
        },
    ];
    let coverage = vec![
        CoverageRow {
            state: "09".into(),
            sector: "31".into(),
            agreements: 2,
            registered: 1,
            registered_workers: 50,
            ..CoverageRow::default()
        },
        CoverageRow {
            state: "14".into(),
            sector: "72".into(),
            agreements: 1,
            registered: 1,
            registered_workers: 200,
            legitimized: 1,
            legitimized_workers: 200,
            ..CoverageRow::default()
        },
    ];
    // 300 + 600 -> 330 + 600: 30 / 900 = 3.333 % = 333 bp, for 200 workers.
    let wages = vec![WageRow {
        year: "2022".into(),
        sector: "72".into(),
        revisions: 1,
        increase_bp: 333,
        weighted_bp: 66_600,
        workers: 200,
    }];
    let vote = |state: &str, purpose: &str, roll: i64, ballots: i64, turnout: i64, margin: i64| VoteYearRow {
        year: "2022".into(),
        state: state.into(),
        purpose: purpose.into(),
        votes: 1,
        counted: 1,
        roll,
        ballots,
        turnout_bp: turnout,
        margin_bp: margin,
        approved: 1,
        annulled: 0,
        cancelled: 0,
    };
    let votes = vec![
        // V1: 38 of 40 = 9500 bp; (30 - 6) / 36 = 6666 bp.
        vote("09", "initial_agreement", 40, 38, 9500, 6666),
        VoteYearRow {
            year: "2022".into(),
            state: "09".into(),
            purpose: "termination".into(),
            votes: 1,
            cancelled: 1,
            ..VoteYearRow::default()
        },
        // V2: 91 of 100; (75 - 15) / 90 = 6666 bp.
        vote("14", "legitimization", 100, 91, 9100, 6666),
        // V3: 90 of 100; (60 - 30) / 90 = 3333 bp.
        vote("14", "revision", 100, 90, 9000, 3333),
    ];
    (leadership, coverage, wages, votes)
}

pub fn union_rollup_matches_a_hand_count(ctx: &Ctx) {
    let store = &ctx.store;
    scenario(store);
    let (leadership, coverage, wages, votes) = hand_count();
    let a = store.union_analytics(None).unwrap();
    assert_eq!(a.leadership, leadership);
    assert_eq!(a.coverage, coverage);
    assert_eq!(a.wages, wages);
    assert_eq!(a.votes, votes);
    assert_eq!(a.leadership[0].women_share(), Some(0.5));
    assert_eq!(a.wages[0].mean_increase_bp(), Some(333.0));
    assert_eq!(a.votes[2].mean_turnout_bp(), Some(9100.0));
    // One state.
    let jal = store.union_analytics(Some(state(14))).unwrap();
    assert_eq!(jal.leadership, leadership[1..].to_vec());
    assert_eq!(jal.coverage, coverage[1..].to_vec());
    assert_eq!(jal.votes, votes[2..].to_vec());
    // The rebuild from the tables gives the same numbers.
    store.rebuild_union_rollup().unwrap();
    assert_eq!(store.union_analytics(None).unwrap(), a);
}

/// The registry's tables and the columns compared between two stores (all but the event
/// numbers), with their order.
const TABLES: &[(&str, &str, &str)] = &[
    (
        "unions",
        "id, registration_number, name, name_key, kind, federation, state, jurisdiction, status, members, leaders,
         leaders_known_sex, women_leaders, founded_on, filed_on, registered_on, last_member_update,
         last_financial_report, member_update_due, financial_report_due, next_deadline, ended_at",
        "id",
    ),
    (
        "union_leaders",
        "union_id, position, name, office",
        "union_id, position",
    ),
    ("union_files", "union_id, state_json", "union_id"),
    (
        "representativeness_requests",
        "id, status, employer_name, employer_rfc, employer_id, workplace_id, workplace, workplace_key, state,
         municipality, sector, jurisdiction, covered_workers, applicants, requested_on, notice_published_on,
         window_until, certificate_number, holder, holder_union_id, issued_on, valid_until, vote_id, next_deadline,
         ended_at",
        "id",
    ),
    ("representativeness_files", "request_id, state_json", "request_id"),
    (
        "agreements",
        "id, registration_number, kind, union_id, union_name, union_registration, employer_id, workplace_id,
         employer_name, employer_rfc, state, municipality, sector, jurisdiction, covered_workers, status,
         legitimization, signed_on, effective_from, deposited_on, decide_by, registered_on, termination, ended_at,
         next_deadline, wage_revision_on, wage_request_by, full_revision_on, full_request_by, revisions,
         last_revision_on, wage_increase_bp, below_law, certificate_number, approval_vote_id, wage_table_json,
         benefits_json, public_text, public_version_on, state_json",
        "id",
    ),
    (
        "agreement_revisions",
        "agreement_id, number, kind, agreed_on, effective_from, deposited_on, vote, increase_bp",
        "agreement_id, number",
    ),
    (
        "votes",
        "id, purpose, subject, agreement_id, union_id, request_id, state, jurisdiction, organizer, status,
         options_json, called_on, vote_on, held_on, roll, votes_for, votes_against, void, blank, ballots, valid,
         totals_json, turnout_bp, margin_bp, outcome, winner, effect, results_recorded_on, published_on,
         next_deadline, ended_at",
        "id",
    ),
    (
        "vote_stations",
        "vote_id, station, place, roll, votes_json, void, blank",
        "vote_id, station",
    ),
    ("vote_files", "vote_id, state_json", "vote_id"),
    (
        "union_anomalies",
        "source, source_id, list, code, evidence, fingerprint",
        "source, source_id, fingerprint",
    ),
    ("union_rollup", "*", "state"),
    ("agreement_rollup", "*", "state, sector"),
    ("agreement_wage_rollup", "*", "year, sector"),
    ("vote_rollup", "*", "year, state, purpose"),
];

fn dump(store: &Store) -> BTreeMap<&'static str, Vec<Vec<Value>>> {
    TABLES
        .iter()
        .map(|(t, cols, order)| {
            let rows = store
                .read(|tx| tx.query(&format!("SELECT {cols} FROM {t} ORDER BY {order}"), &[]))
                .unwrap()
                .into_iter()
                .map(|r| r.0)
                .collect();
            (*t, rows)
        })
        .collect()
}

/// Every record's events, from the log, as a batch with the same ids.
fn histories(store: &Store, ids: &Ids) -> UnionRegistryBatch {
    let mut by_subject: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for e in all_events(store) {
        if kinds::ALL.contains(&e.kind.as_str()) {
            by_subject.entry(e.subject.clone()).or_default().push(e.payload.clone());
        }
    }
    fn events<E: serde::de::DeserializeOwned>(by: &BTreeMap<String, Vec<String>>, subject: String) -> Vec<E> {
        by[&subject].iter().map(|p| serde_json::from_str(p).unwrap()).collect()
    }
    let union = |id: i64, st: u8, federal: bool| UnionHistory {
        id,
        site: UnionSite {
            state: state(st),
            federal,
        },
        events: events(&by_subject, format!("union/{id}")),
    };
    UnionRegistryBatch {
        unions: vec![union(ids.a, 9, false), union(ids.b, 14, true), union(ids.c, 9, false)],
        requests: vec![RepresentativenessHistory {
            id: ids.r,
            site: Site {
                workplace_id: Some(ids.sol_centro),
                ..Site::default()
            },
            events: events(&by_subject, format!("representativeness/{}", ids.r)),
        }],
        agreements: vec![
            AgreementHistory {
                id: ids.ag1,
                site: Site {
                    workplace_id: Some(ids.sol_centro),
                    ..Site::default()
                },
                events: events(&by_subject, format!("agreement/{}", ids.ag1)),
            },
            AgreementHistory {
                id: ids.ag2,
                site: Site {
                    workplace_id: None,
                    state: Some(state(14)),
                    municipality: "14039".into(),
                    sector: "72".into(),
                    federal: true,
                },
                events: events(&by_subject, format!("agreement/{}", ids.ag2)),
            },
            AgreementHistory {
                id: ids.ag3,
                site: Site {
                    workplace_id: Some(ids.sol_norte),
                    ..Site::default()
                },
                events: events(&by_subject, format!("agreement/{}", ids.ag3)),
            },
        ],
        votes: [ids.v1, ids.v2, ids.v3, ids.v4]
            .into_iter()
            .map(|id| VoteHistory {
                id,
                events: events(&by_subject, format!("vote/{id}")),
            })
            .collect(),
    }
}

pub fn union_bulk_import_matches_the_command_path(ctx: &Ctx) {
    let commands = &ctx.store;
    let (ids, _) = scenario(commands);
    let batch = histories(commands, &ids);
    // The same registry, then the histories in one batch.
    let bulk_ctx = match &ctx.location {
        faro_store::Location::Sqlite(_) => Ctx::sqlite(),
        faro_store::Location::Postgres(_) => Ctx::postgres(&pg_admin_url().unwrap()),
    };
    let bulk = &bulk_ctx.store;
    bulk.import_batch(&system(), t0(), &registry()).expect("registry");
    let next = bulk.union_registry_next_ids().unwrap();
    assert_eq!((next.unions, next.requests, next.agreements, next.votes), (1, 1, 1, 1));
    let before = event_count(bulk);
    let out = bulk.import_union_registry(&system(), t0(), &batch).expect("import");
    assert_eq!(event_count(bulk), before + 1, "one event for the whole batch");
    assert_eq!((out.unions, out.requests, out.agreements, out.votes), (3, 1, 3, 4));
    let carried: usize = batch.unions.iter().map(|h| h.events.len()).sum::<usize>()
        + batch.requests.iter().map(|h| h.events.len()).sum::<usize>()
        + batch.agreements.iter().map(|h| h.events.len()).sum::<usize>()
        + batch.votes.iter().map(|h| h.events.len()).sum::<usize>();
    assert_eq!(out.events, u64::try_from(carried).unwrap());
    assert_eq!(bulk.event(out.seq).unwrap().unwrap().kind, BATCH_IMPORTED);
    bulk.rebuild_union_rollup().unwrap();
    // Every row equal (the flags compared by what they flag; their review is not in any history).
    let (a, b) = (dump(commands), dump(bulk));
    for (t, _, _) in TABLES {
        assert_eq!(a[t], b[t], "table {t}");
    }
    // The incremental rollups equal their rebuild.
    commands.rebuild_union_rollup().unwrap();
    assert_eq!(dump(commands), a);
    // The next ids follow the imported ones (PostgreSQL's sequences too): a new union after the
    // import gets the next number.
    let next = bulk.union_registry_next_ids().unwrap();
    assert_eq!((next.unions, next.votes), (ids.c + 1, ids.v4 + 1));
    let mut run = Run::new(bulk);
    run.on(day(2022, 12, 1));
    let base = run.fresh(20);
    let e = run.file_union(
        UnionSite {
            state: state(9),
            federal: false,
        },
        filing(
            "Sindicato Nuevo",
            UnionType::Company,
            members(base, &[], 20),
            &[("Eva Luna", "Secretaria General")],
        ),
    );
    assert_eq!(e, ids.c + 1);
    // A command continues an imported record.
    run.agreement(
        &AgreementTarget::Existing(ids.ag2),
        agreement::Command::RequestRevision {
            kind: RevisionKind::Full,
        },
    )
    .expect("a revision request on an imported agreement");
    // The imported record's history reads its events from the batch.
    let history = bulk
        .imported_union_registry_history(&format!("vote/{}", ids.v2))
        .unwrap();
    let expected: Vec<&str> = batch.votes[1].events.iter().map(vote::Event::kind).collect();
    assert_eq!(history.iter().map(|h| h.kind.as_str()).collect::<Vec<_>>(), expected);
    assert!(history.iter().all(|h| h.seq == out.seq));
    assert!(history[0].at.starts_with("2022-"), "{}", history[0].at);
    assert!(commands
        .imported_union_registry_history(&format!("vote/{}", ids.v2))
        .unwrap()
        .is_empty());
    // A history that does not fold is refused, and nothing is written.
    let mut broken = UnionRegistryBatch::default();
    broken.votes.push(VoteHistory {
        id: 500,
        events: batch.votes[0].events[1..].to_vec(),
    });
    let before = event_count(bulk);
    let e = bulk.import_union_registry(&system(), t0(), &broken);
    assert_eq!(refused_code(e), "import.history_inconsistent");
    let taken = bulk.import_union_registry(
        &system(),
        t0(),
        &UnionRegistryBatch {
            unions: batch.unions[..1].to_vec(),
            ..UnionRegistryBatch::default()
        },
    );
    assert!(matches!(taken, Err(StoreError::Conflict(_))), "{taken:?}");
    assert_eq!(event_count(bulk), before);
}

pub fn union_public_reads_hold_no_personal_data(ctx: &Ctx) {
    let store = &ctx.store;
    let (ids, curps) = scenario(store);
    assert!(curps.len() > 300, "{}", curps.len());
    let mut public = Vec::new();
    for id in [ids.a, ids.b, ids.c] {
        public.push(serde_json::to_string(&store.union(id).unwrap()).unwrap());
    }
    public.push(
        serde_json::to_string(
            &store
                .unions(&UnionFilter {
                    limit: 100,
                    ..UnionFilter::default()
                })
                .unwrap()
                .items,
        )
        .unwrap(),
    );
    for id in [ids.ag1, ids.ag2, ids.ag3] {
        public.push(serde_json::to_string(&store.agreement(id).unwrap()).unwrap());
        public.push(serde_json::to_string(&store.votes_of_agreement(id).unwrap()).unwrap());
    }
    public.push(
        serde_json::to_string(
            &store
                .agreements(&AgreementFilter {
                    limit: 100,
                    ..AgreementFilter::default()
                })
                .unwrap()
                .items,
        )
        .unwrap(),
    );
    for id in [ids.v1, ids.v2, ids.v3, ids.v4] {
        public.push(serde_json::to_string(&store.vote(id).unwrap()).unwrap());
        public.push(serde_json::to_string(&store.vote_reference(id).unwrap()).unwrap());
    }
    public.push(serde_json::to_string(&store.representativeness(ids.r).unwrap()).unwrap());
    public.push(serde_json::to_string(&store.union_analytics(None).unwrap()).unwrap());
    let overdue = store
        .overdue_unions(
            &union_law(),
            day(2023, 1, 10).and_hms_opt(15, 0, 0).unwrap().and_utc(),
            &OverdueFilter {
                state: None,
                limit: 100,
            },
        )
        .unwrap();
    assert!(!overdue.is_empty());
    public.push(serde_json::to_string(&overdue).unwrap());
    let all = public.join("\n");
    for c in curps.iter().chain([BAD_CURP.to_string()].iter()) {
        assert!(!all.contains(c.as_str()), "a public read shows the CURP {c}");
    }
    assert!(!all.contains("Calle Hidalgo"), "a public read shows a member's address");
    assert!(
        !all.contains("Votante") && !all.contains("Simpatizante"),
        "a public read names a voter or supporter"
    );
    // They are in the registrar's confidential files.
    let file = serde_json::to_string(&store.union_file(ids.a).unwrap().unwrap()).unwrap();
    assert!(file.contains(&curps[0]) && file.contains("Calle Hidalgo"));
    let roll = serde_json::to_string(&store.vote_file(ids.v2).unwrap().unwrap()).unwrap();
    assert!(roll.contains("Votante") && roll.contains(BAD_CURP));
    let request = serde_json::to_string(&store.representativeness_file(ids.r).unwrap().unwrap()).unwrap();
    assert!(request.contains(BAD_CURP));
    // And no public table holds a CURP either: the public tables' text, all of it.
    let mut text = String::new();
    for t in [
        "unions",
        "union_leaders",
        "representativeness_requests",
        "agreements",
        "agreement_revisions",
        "votes",
        "vote_stations",
    ] {
        for r in store.read(|tx| tx.query(&format!("SELECT * FROM {t}"), &[])).unwrap() {
            for v in r.0 {
                if let Value::Text(s) = v {
                    text.push_str(&s);
                    text.push('\n');
                }
            }
        }
    }
    for c in &curps {
        assert!(!text.contains(c.as_str()), "a public table holds the CURP {c}");
    }
}

/// Walks the search feed from `after` with pages of `limit`, returning every union and agreement
/// id in the order given and the final cursor.
fn walk_feed(store: &Store, after: FeedCursor, limit: u32) -> (Vec<i64>, Vec<i64>, FeedCursor, Vec<String>) {
    let (mut unions, mut agreements, mut json) = (Vec::new(), Vec::new(), Vec::new());
    let mut cursor = after;
    loop {
        let page = store.union_registry_changes(&cursor, limit).unwrap();
        assert!(page.unions.len() <= limit as usize && page.agreements.len() <= limit as usize);
        unions.extend(page.unions.iter().map(|u| u.id));
        agreements.extend(page.agreements.iter().map(|a| a.id));
        json.push(serde_json::to_string(&page).unwrap());
        cursor = page.next;
        if !page.more {
            break;
        }
    }
    (unions, agreements, cursor, json)
}

/// The search index's feed (`Store::union_registry_changes`): every union and agreement once, in
/// the order of their last change, paged by (seq, id) so that a bulk import's rows, which share
/// one seq, page too; a later command shows only what changed; no personal data.
pub fn union_search_feed_pages_changes_without_personal_data(ctx: &Ctx) {
    let store = &ctx.store;
    let (ids, curps) = scenario(store);
    let (unions, agreements, cursor, json) = walk_feed(store, FeedCursor::default(), 1);
    let sorted = |mut v: Vec<i64>| {
        v.sort_unstable();
        v
    };
    assert_eq!(sorted(unions.clone()), sorted(vec![ids.a, ids.b, ids.c]));
    assert_eq!(sorted(agreements.clone()), sorted(vec![ids.ag1, ids.ag2, ids.ag3]));
    let text = json.join("\n");
    for curp in &curps {
        assert!(!text.contains(curp.as_str()), "the feed holds the CURP {curp}");
    }
    // AG1's public version is there (redacted), with its place and the union's federation.
    let all = store.union_registry_changes(&FeedCursor::default(), 100).unwrap();
    assert!(!all.more);
    let ag1 = all.agreements.iter().find(|a| a.id == ids.ag1).unwrap();
    assert!(ag1.public_text.as_deref().unwrap().starts_with("Contrato colectivo."));
    assert_eq!(ag1.state, "09");
    assert_eq!(ag1.federation, "Confederación Nacional");
    assert_eq!(ag1.employer_name.as_deref(), Some("Panificadora El Sol"));
    let ag2 = all.agreements.iter().find(|a| a.id == ids.ag2).unwrap();
    assert_eq!((ag2.municipality.as_str(), ag2.sector.as_str()), ("14039", "72"));
    assert_eq!(cursor.max_seq(), all.next.max_seq());
    let seqs: Vec<i64> = all.agreements.iter().map(|a| a.updated_seq).collect();
    assert!(seqs.windows(2).all(|w| w[0] <= w[1]), "{seqs:?}");
    // Nothing after the end; a command shows only its record.
    let none = store.union_registry_changes(&cursor, 10).unwrap();
    assert!(none.unions.is_empty() && none.agreements.is_empty() && !none.more);
    assert_eq!(none.next, cursor);
    let mut run = Run::new(store);
    run.on(day(2022, 12, 1));
    run.agreement(
        &AgreementTarget::Existing(ids.ag3),
        agreement::Command::Deposit {
            input: Box::new(initial_deposit(&run, 10, None, None)),
        },
    )
    .expect_err("a deposited agreement cannot be deposited again");
    run.union(
        UnionTarget::Existing(ids.a),
        registration::Command::Register {
            registration_number: "X".into(),
        },
    )
    .expect_err("nor a union registered twice");
    let quiet = store.union_registry_changes(&cursor, 10).unwrap();
    assert!(
        quiet.unions.is_empty() && quiet.agreements.is_empty(),
        "a refusal changes nothing"
    );
    // A bulk import gives all its rows one seq: pages of one still see each row once.
    let batch = histories(store, &ids);
    let bulk_ctx = match &ctx.location {
        faro_store::Location::Sqlite(_) => Ctx::sqlite(),
        faro_store::Location::Postgres(_) => Ctx::postgres(&pg_admin_url().unwrap()),
    };
    let bulk = &bulk_ctx.store;
    bulk.import_batch(&system(), t0(), &registry()).expect("registry");
    bulk.import_union_registry(&system(), t0(), &batch).expect("import");
    let (u, a, _, _) = walk_feed(bulk, FeedCursor::default(), 1);
    assert_eq!(sorted(u.clone()), sorted(unions));
    assert_eq!(u.len(), 3);
    assert_eq!(sorted(a.clone()), sorted(agreements));
    assert_eq!(a.len(), 3);
}
