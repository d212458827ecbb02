//! Inspections, referrals and sanctions through the store: each command is one transaction with
//! its events, follow-on cases open in the same transaction, and the rollups follow.

use std::collections::BTreeMap;
use std::sync::{Arc, OnceLock};

use chrono::{DateTime, Duration, NaiveDate, Utc};
use faro_core::catalog::{Catalogs, Money};
use faro_core::inspection::{Command, Kind, Matter, Origin, Participant, ParticipantRole, Signature, Status};
use faro_core::law::Law;
use faro_core::protocol::{Answer, Check, Outcome};
use faro_core::registry::{PersonKind, SizeBand};
use faro_core::{sanction, Jurisdiction};
use faro_store::cases::NewDocument;
use faro_store::inspections::{InspectionFilter, Target};
use faro_store::{Store, StoreError};

use crate::fixtures::{employer, event_count, state, system, t0, workplace};
use crate::harness::Ctx;

pub fn law() -> &'static Law {
    static LAW: OnceLock<Law> = OnceLock::new();
    LAW.get_or_init(|| Law::official(Arc::new(Catalogs::embedded().expect("catalogs")), None).expect("law"))
}

fn jal() -> Jurisdiction {
    Jurisdiction::State(state(14))
}

/// Registers one workplace in Jalisco (construction, SCIAN 236) and returns its id.
pub fn a_workplace(store: &Store, key: &str) -> i64 {
    let e = store
        .register_employer(
            &system(),
            t0(),
            &format!("emp-{key}"),
            &employer(Some("CON010101AB1"), "Constructora Demo", PersonKind::LegalEntity),
            jal(),
        )
        .expect("employer");
    store
        .register_workplace(
            &system(),
            t0(),
            e,
            &workplace(key, "Obra Demo", 14, "039", "236211", SizeBand::B11To30),
        )
        .expect("workplace")
}

fn answer(q: &faro_core::protocol::Question, fail: bool) -> Answer {
    let mut inputs = BTreeMap::new();
    if q.check == Some(Check::MinorAge) {
        inputs.insert("age".to_string(), if fail { "13" } else { "30" }.to_string());
    }
    Answer {
        question_id: q.id.clone(),
        outcome: if fail { Outcome::Fails } else { Outcome::Complies },
        note: String::new(),
        affected_workers: if fail { 2 } else { 0 },
        inputs,
    }
}

pub struct Driver<'a> {
    pub store: &'a Store,
    pub id: i64,
    pub now: DateTime<Utc>,
}

impl<'a> Driver<'a> {
    /// Programs an extraordinary inspection of `matter` at the workplace and starts it.
    pub fn started(store: &'a Store, workplace_id: i64, matter: Matter) -> Self {
        let now = t0();
        let out = store
            .inspection_command(
                law(),
                &system(),
                now,
                Target::New,
                &Command::Program {
                    workplace_id,
                    jurisdiction: jal(),
                    kind: Kind::Extraordinary,
                    origin: Origin::Complaint,
                    matters: vec![matter],
                    planned_for: now.date_naive(),
                    program_id: None,
                },
                None,
            )
            .expect("program");
        let mut d = Driver { store, id: out.id, now };
        d.run(Command::Order {
            number: format!("OI-14-2026-{:06}", out.id),
            inspector_id: 1,
            inspector_name: "Inspectora".into(),
            scope: "Todo el centro".into(),
            legal_basis: "LFT 541".into(),
        })
        .expect("order");
        d.run(Command::Start).expect("start");
        d
    }

    pub fn run(&mut self, c: Command) -> Result<faro_core::inspection::Inspection, StoreError> {
        self.now += Duration::minutes(5);
        self.store
            .inspection_command(law(), &system(), self.now, Target::Existing(self.id), &c, None)
            .map(|o| o.state)
    }

    /// Answers every question of the matter, failing those in `failing`, and closes the record.
    pub fn answer_and_close(&mut self, matter: Matter, failing: &[&str]) {
        let p = law()
            .protocols
            .for_matter(matter, self.now.date_naive())
            .expect("protocol");
        for q in &p.questions {
            self.run(Command::Answer(answer(q, failing.contains(&q.id.as_str()))))
                .expect("answer");
        }
        self.run(Command::CloseRecord {
            folio: format!("ACTA-{}", self.id),
            participants: vec![Participant {
                name: "Inspectora".into(),
                role: ParticipantRole::Inspector,
                signature: Signature::Signed,
            }],
        })
        .expect("close record");
    }
}

fn rollup_total(store: &Store, table: &str, column: &str) -> i64 {
    store
        .read(|tx| {
            let r = tx.query_one(&format!("SELECT COALESCE(SUM({column}), 0) FROM {table}"), &[])?;
            r.map(|r| r.i64(0)).transpose()
        })
        .expect("rollup")
        .unwrap_or(0)
}

/// A child under 15 opens two referrals in the same transaction; the case goes to sanction and
/// the procedure opens with it; the resolution reads the employer's earlier fines (repeat offence).
pub fn inspection_to_sanction_with_referrals(ctx: &Ctx) {
    let store = &ctx.store;
    let wp = a_workplace(store, "w1");
    let mut d = Driver::started(store, wp, Matter::ChildLabor);
    let p = law()
        .protocols
        .for_matter(Matter::ChildLabor, d.now.date_naive())
        .unwrap();
    let under_15 = p.questions.iter().find(|q| q.check == Some(Check::MinorAge)).unwrap();
    d.answer_and_close(Matter::ChildLabor, &[under_15.id.as_str()]);
    let referrals = store.referrals_of_inspection(d.id).unwrap();
    assert_eq!(referrals.len(), 2, "child protection and prosecutor");
    // Protected cases are left out of lists unless asked for.
    let hidden = store
        .inspections(&InspectionFilter {
            limit: 50,
            ..InspectionFilter::default()
        })
        .unwrap();
    assert!(hidden.iter().all(|i| i.id != d.id));
    let shown = store
        .inspections(&InspectionFilter {
            include_protected: true,
            limit: 50,
            ..InspectionFilter::default()
        })
        .unwrap();
    assert!(shown.iter().any(|i| i.id == d.id && i.protected && i.findings == 1));

    let after = d
        .run(Command::SendToSanction {
            reason: "Menor de 15".into(),
        })
        .unwrap();
    assert_eq!(after.status, Status::SentToSanction);
    let (sid, s) = store
        .sanction_of_inspection(d.id)
        .unwrap()
        .expect("the procedure opened");
    assert_eq!(s.findings.len(), 1);
    assert_eq!(s.employer_id, store.inspection(d.id).unwrap().unwrap().0.employer_id);

    let mut now = d.now;
    let run = |c: sanction::Command, now: DateTime<Utc>| {
        store.sanction_command(law(), &system(), now, sid, &c).map(|o| o.state)
    };
    run(sanction::Command::Summon, now).unwrap();
    run(
        sanction::Command::RecordResponse {
            summary: "Sin pruebas".into(),
        },
        now,
    )
    .unwrap();
    run(sanction::Command::CloseHearing, now).unwrap();
    now += Duration::days(1);
    let decision = sanction::FineDecision {
        question_id: under_15.id.clone(),
        per_worker_uma: 1000,
        intent: true,
        seriousness: sanction::Seriousness::High,
        harm: sanction::Harm::Actual,
        capacity: sanction::Capacity::Medium,
        justification: "Dos menores de 13 años en obra".into(),
    };
    let resolved = run(
        sanction::Command::Resolve {
            folio: "RES-1".into(),
            decisions: vec![decision.clone()],
            prior: vec![],
        },
        now,
    )
    .unwrap();
    // 1,000 UMA x $117.31 x 2 workers (LFT 992: one fine per affected worker).
    assert_eq!(resolved.imposed(), Money::from_centavos(23_462_000));
    assert_eq!(rollup_total(store, "fine_rollup", "imposed"), 23_462_000);

    // A second inspection of the same employer a year later: the store hands core the earlier
    // fine, and the new one is double it.
    let mut d2 = Driver::started(store, wp, Matter::ChildLabor);
    d2.now = now + Duration::days(300);
    d2.answer_and_close(Matter::ChildLabor, &[under_15.id.as_str()]);
    d2.run(Command::SendToSanction {
        reason: "Reincidencia".into(),
    })
    .unwrap();
    let (sid2, _) = store.sanction_of_inspection(d2.id).unwrap().unwrap();
    let t = d2.now;
    for c in [
        sanction::Command::Summon,
        sanction::Command::RecordResponse { summary: "Nada".into() },
        sanction::Command::CloseHearing,
    ] {
        store.sanction_command(law(), &system(), t, sid2, &c).unwrap();
    }
    let s2 = store
        .sanction_command(
            law(),
            &system(),
            t,
            sid2,
            &sanction::Command::Resolve {
                folio: "RES-2".into(),
                decisions: vec![sanction::FineDecision {
                    per_worker_uma: 300,
                    ..decision
                }],
                prior: vec![],
            },
        )
        .unwrap()
        .state;
    assert!(s2.fines[0].repeat_offence);
    assert_eq!(s2.fines[0].per_worker_uma, 2000);
    // The audit chain is intact after all of it.
    assert!(store.verify_chain().unwrap().is_intact());
}

/// A command that fails, or whose document cannot be rendered, writes nothing: no event, no row.
pub fn failed_commands_write_nothing(ctx: &Ctx) {
    let store = &ctx.store;
    let wp = a_workplace(store, "w2");
    let mut d = Driver::started(store, wp, Matter::Training);
    let before = event_count(store);
    // Illegal transition.
    let e = d.run(Command::Close { reason: String::new() }).unwrap_err();
    assert!(
        matches!(e, StoreError::Domain(ref de) if de.code == "inspection.illegal_transition"),
        "{e}"
    );
    assert_eq!(event_count(store), before);
    // Answer every question, then a document maker that fails: the record stays open.
    let p = law()
        .protocols
        .for_matter(Matter::Training, d.now.date_naive())
        .unwrap();
    for q in &p.questions {
        d.run(Command::Answer(answer(q, false))).unwrap();
    }
    let before = event_count(store);
    let failing = |_: &_, _: &_, _: &[_]| -> Result<Vec<NewDocument>, StoreError> {
        Err(StoreError::Config("the PDF could not be rendered".into()))
    };
    let r = store.inspection_command(
        law(),
        &system(),
        d.now,
        Target::Existing(d.id),
        &Command::CloseRecord {
            folio: "A".into(),
            participants: vec![Participant {
                name: "I".into(),
                role: ParticipantRole::Inspector,
                signature: Signature::Signed,
            }],
        },
        Some(&failing),
    );
    assert!(r.is_err());
    assert_eq!(event_count(store), before);
    assert_eq!(store.inspection(d.id).unwrap().unwrap().1.status, Status::InProgress);
    // With a working maker the record closes and its document is stored, found by its code.
    let maker = |_: &_, _: &_, _: &[_]| -> Result<Vec<NewDocument>, StoreError> {
        Ok(vec![NewDocument {
            code: "ABCD-EFGH-JKMN".into(),
            kind: "acta".into(),
            folio: "A".into(),
            title: "Acta de inspección".into(),
            sha256: "00".repeat(32),
            summary: serde_json::json!({"matters": ["training"]}),
            pdf: b"%PDF-1.4 test".to_vec(),
        }])
    };
    store
        .inspection_command(
            law(),
            &system(),
            d.now,
            Target::Existing(d.id),
            &Command::CloseRecord {
                folio: "A".into(),
                participants: vec![Participant {
                    name: "I".into(),
                    role: ParticipantRole::Inspector,
                    signature: Signature::Signed,
                }],
            },
            Some(&maker),
        )
        .unwrap();
    let doc = store.document("ABCD-EFGH-JKMN").unwrap().expect("stored");
    assert_eq!(doc.subject, format!("inspection/{}", d.id));
    assert_eq!(
        store.document_pdf("ABCD-EFGH-JKMN").unwrap().unwrap(),
        b"%PDF-1.4 test".to_vec()
    );
    // No findings: it closes directly, and the rollup counts it once, as closed.
    d.run(Command::Close {
        reason: "Sin hallazgos".into(),
    })
    .unwrap();
    assert_eq!(rollup_total(store, "inspection_rollup", "inspections"), 1);
    assert_eq!(rollup_total(store, "inspection_rollup", "closed"), 1);
    // Unknown workplace: not found, nothing written.
    let before = event_count(store);
    let r = store.inspection_command(
        law(),
        &system(),
        d.now,
        Target::New,
        &Command::Program {
            workplace_id: 999_999,
            jurisdiction: jal(),
            kind: Kind::Periodic,
            origin: Origin::Program,
            matters: vec![Matter::Training],
            planned_for: NaiveDate::from_ymd_opt(2026, 4, 1).unwrap(),
            program_id: None,
        },
        None,
    );
    assert!(matches!(r, Err(StoreError::NotFound(_))));
    assert_eq!(event_count(store), before);
}

/// Attachments are stored once under their hash and read back byte for byte.
pub fn attachments_round_trip(ctx: &Ctx) {
    let store = &ctx.store;
    let bytes: Vec<u8> = (0..=255u8).cycle().take(70_000).collect();
    let h1 = store
        .put_attachment(&system(), t0(), jal(), "image/jpeg", &bytes)
        .unwrap();
    let h2 = store
        .put_attachment(&system(), t0(), jal(), "image/jpeg", &bytes)
        .unwrap();
    assert_eq!(h1, h2);
    assert_eq!(h1.len(), 64);
    let (media, back) = store.attachment(&h1).unwrap().unwrap();
    assert_eq!(media, "image/jpeg");
    assert_eq!(back, bytes);
    assert!(store.attachment(&"ab".repeat(32)).unwrap().is_none());
}

/// Aggregates come back as numbers on both backends (PostgreSQL's SUM of integers is NUMERIC).
pub fn aggregates_read_as_numbers(ctx: &Ctx) {
    let row = ctx
        .store
        .read(|tx| {
            tx.query_one(
                "SELECT SUM(x), AVG(x), SUM(-x), SUM(x) * 1000000000000 FROM (SELECT 3 AS x UNION ALL SELECT 4 AS x) t",
                &[],
            )
        })
        .unwrap()
        .unwrap();
    assert_eq!(row.i64(0).unwrap(), 7);
    assert!((row.opt_f64(1).unwrap().unwrap() - 3.5).abs() < 1e-9);
    assert_eq!(row.i64(2).unwrap(), -7);
    assert_eq!(row.i64(3).unwrap(), 7_000_000_000_000);
}

/// A program counts its inspectors, capacity and random share; the calendar lists planned visits
/// of one jurisdiction and leaves protected cases out unless asked.
pub fn programs_capacity_and_calendar(ctx: &Ctx) {
    use faro_core::inspection::program::ProgramDraft;
    let store = &ctx.store;
    for name in ["ana", "beto"] {
        store
            .create_user(&system(), t0(), &crate::fixtures::new_user(name, jal()))
            .unwrap();
    }
    let draft = ProgramDraft {
        name: "Programa Jalisco 2026-1".into(),
        jurisdiction: jal(),
        office: "Guadalajara".into(),
        starts_on: NaiveDate::from_ymd_opt(2026, 3, 1).unwrap(),
        ends_on: NaiveDate::from_ymd_opt(2026, 5, 31).unwrap(),
        capacity_per_inspector: 10,
        random_share_pct: 10,
    };
    let pid = store.create_program(&system(), t0(), &draft).unwrap();
    let bad = ProgramDraft {
        random_share_pct: 90,
        ..draft.clone()
    };
    let before = event_count(store);
    assert!(matches!(
        store.create_program(&system(), t0(), &bad),
        Err(StoreError::Domain(_))
    ));
    assert_eq!(event_count(store), before);

    let wp = a_workplace(store, "w3");
    let mut ids = Vec::new();
    for (i, (origin, matter)) in [
        (Origin::Program, Matter::Training),
        (Origin::Random, Matter::SafetyHealth),
        (Origin::Program, Matter::ChildLabor),
    ]
    .into_iter()
    .enumerate()
    {
        let out = store
            .inspection_command(
                law(),
                &system(),
                t0(),
                Target::New,
                &Command::Program {
                    workplace_id: wp,
                    jurisdiction: jal(),
                    kind: Kind::Periodic,
                    origin,
                    matters: vec![matter],
                    planned_for: NaiveDate::from_ymd_opt(2026, 3, 10 + u32::try_from(i).unwrap()).unwrap(),
                    program_id: Some(pid),
                },
                None,
            )
            .unwrap();
        ids.push(out.id);
    }
    let p = store.programs(Some(jal())).unwrap();
    assert_eq!(p.len(), 1);
    let p = &p[0];
    assert_eq!((p.inspectors, p.planned, p.random, p.done), (2, 3, 1, 0));
    // 10 a month x 2 inspectors x 3 months; 10% of 3 planned, rounded up.
    assert_eq!((p.capacity, p.random_quota), (60, 1));
    assert!(store.programs(Some(Jurisdiction::State(state(9)))).unwrap().is_empty());

    let march = |d| NaiveDate::from_ymd_opt(2026, 3, d).unwrap();
    let cal = store
        .inspection_calendar(Some(jal()), None, march(1), march(31), false)
        .unwrap();
    assert_eq!(
        cal.iter().map(|e| e.inspection_id).collect::<Vec<_>>(),
        ids[..2].to_vec()
    );
    assert_eq!(cal[0].date, "2026-03-10");
    let all = store
        .inspection_calendar(Some(jal()), None, march(1), march(31), true)
        .unwrap();
    assert_eq!(all.len(), 3);
    let other = store
        .inspection_calendar(Some(Jurisdiction::State(state(9))), None, march(1), march(31), true)
        .unwrap();
    assert!(other.is_empty());
    assert!(
        store
            .inspection_calendar(None, None, march(11), march(11), true)
            .unwrap()
            .len()
            == 1
    );
}
