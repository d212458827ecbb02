//! Bulk loads of case histories (`Store::import_inspection_histories`) and the rebuild of the
//! rollups (`Store::rebuild_rollups`): the same events give the same read rows as the command
//! path, the rebuilt rollups equal the incremental ones, and an imported case takes commands.
//!
//! The scenario, on the fixtures' six workplaces (Sol: 1 and 2; Lupe: 3 and 6; Esperanza: 4 and 5):
//!
//! | case | workplace | what happens                                                                  |
//! |------|-----------|-------------------------------------------------------------------------------|
//! | 1    | 1         | general conditions + safety: pay under the minimum wage (prosecutor referral, sent, acknowledged, closed), a fire-safety measure extended and not complied; sanction: answered, resolved, final, paid |
//! | 2    | 2         | safety: a measure complied, closed                                            |
//! | 3    | 2         | general conditions: minimum wage again (repeat offence, read from the ledger); sanction: no answer, appeal reduced, collection, written off |
//! | 4    | 3         | child labor: a child under 15 (two referrals); sanction: appeal annulled      |
//! | 5    | 4         | training: no findings, closed                                                 |
//! | 6    | 5         | programmed, cancelled                                                         |
//! | 7    | 6         | notified, the visit still to come                                             |
//! | 8    | 6         | extraordinary, in progress                                                    |
//! | 9    | 4         | general conditions: sent to sanction without measures, absolved                |

use std::collections::BTreeMap;

use chrono::{DateTime, Duration, NaiveDate, TimeZone, Utc};
use faro_core::fine::{suggested_uma, Criteria};
use faro_core::inspection::{
    self, Command, Kind, Matter, MeasureDraft, Origin, Participant, ParticipantRole, Signature, VerificationResult,
};
use faro_core::protocol::{Answer, Check, Outcome};
use faro_core::sanction::{self, AppealOutcome, Capacity, FineDecision, Harm, Seriousness};
use faro_core::{referral, Jurisdiction};
use faro_store::inspection_bulk::{InspectionHistory, BATCH_IMPORTED};
use faro_store::inspections::Target;
use faro_store::{Row, Store, StoreError};
use serde::de::DeserializeOwned;

use crate::fixtures::{event_count, registry_batch, state, system};
use crate::harness::{pg_admin_url, Ctx};
use crate::inspections::law;

fn t0() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2025, 2, 3, 15, 0, 0)
        .single()
        .expect("a valid time")
}

fn jal() -> Jurisdiction {
    Jurisdiction::State(state(14))
}

/// A second, empty store of the same backend as the case's.
fn twin(ctx: &Ctx) -> Ctx {
    match ctx.store.backend() {
        faro_store::Backend::Sqlite => Ctx::sqlite(),
        faro_store::Backend::Postgres => Ctx::postgres(&pg_admin_url().expect("the PostgreSQL URL")),
    }
}

/// An answer that gives `fails` (computed questions get the inputs that compute it).
fn answer(q: &faro_core::protocol::Question, fails: bool) -> Answer {
    let mut inputs = BTreeMap::new();
    let mut put = |k: &str, v: &str| {
        inputs.insert(k.to_string(), v.to_string());
    };
    match q.check {
        Some(Check::MinimumWage) => {
            put("lowest_daily_wage", if fails { "100.00" } else { "900.00" });
            put("zone", "general");
        }
        Some(Check::VacationDays) => {
            put("years_of_service", "3");
            put("days_granted", if fails { "0" } else { "30" });
        }
        Some(Check::WeeklyHours) => put("weekly_hours", if fails { "60" } else { "40" }),
        Some(Check::MinorAge) => put("age", if fails { "13" } else { "30" }),
        None => {}
    }
    Answer {
        question_id: q.id.clone(),
        outcome: if fails { Outcome::Fails } else { Outcome::Complies },
        note: if fails {
            "Se hizo constar.".into()
        } else {
            String::new()
        },
        affected_workers: if fails { 3 } else { 0 },
        inputs,
    }
}

fn inspector() -> Vec<Participant> {
    vec![Participant {
        name: "Inspectora Federal".into(),
        role: ParticipantRole::Inspector,
        signature: Signature::Signed,
    }]
}

/// Drives cases through the store's commands with a clock that only moves forward.
struct Commands<'a> {
    store: &'a Store,
    now: DateTime<Utc>,
}

impl Commands<'_> {
    fn tick(&mut self, d: Duration) -> DateTime<Utc> {
        self.now += d;
        self.now
    }

    fn at_day(&mut self, day: NaiveDate) {
        let t = day.and_hms_opt(16, 0, 0).expect("a time").and_utc();
        if t > self.now {
            self.now = t;
        }
    }

    fn insp(&mut self, id: i64, c: Command) -> inspection::Inspection {
        let now = self.tick(Duration::minutes(7));
        self.store
            .inspection_command(law(), &system(), now, Target::Existing(id), &c, None)
            .unwrap_or_else(|e| panic!("{} on inspection {id}: {e}", c.name()))
            .state
    }

    fn program(&mut self, workplace_id: i64, kind: Kind, matters: Vec<Matter>, jurisdiction: Jurisdiction) -> i64 {
        let now = self.tick(Duration::days(1));
        self.store
            .inspection_command(
                law(),
                &system(),
                now,
                Target::New,
                &Command::Program {
                    workplace_id,
                    jurisdiction,
                    kind,
                    origin: if kind == Kind::Extraordinary {
                        Origin::Complaint
                    } else {
                        Origin::Program
                    },
                    matters,
                    planned_for: (now + Duration::days(10)).date_naive(),
                    program_id: None,
                },
                None,
            )
            .expect("program")
            .id
    }

    fn order(&mut self, id: i64) {
        self.insp(
            id,
            Command::Order {
                number: format!("OI-T-{id}"),
                inspector_id: 7,
                inspector_name: "Inspectora Federal".into(),
                scope: "Todo el centro de trabajo".into(),
                legal_basis: "LFT 541, 542".into(),
            },
        );
    }

    /// Orders, notifies two days ahead and starts an ordinary inspection.
    fn visit(&mut self, id: i64) {
        self.order(id);
        let visit_at = self.now + Duration::days(2);
        self.insp(id, Command::Notify { visit_at });
        self.now = visit_at;
        self.insp(id, Command::Start);
    }

    fn answer_matter(&mut self, id: i64, matter: Matter, failing: &[&str]) {
        let p = law()
            .protocols
            .for_matter(matter, self.now.date_naive())
            .expect("protocol");
        for q in &p.questions {
            self.insp(id, Command::Answer(answer(q, failing.contains(&q.id.as_str()))));
        }
    }

    fn close_record(&mut self, id: i64) -> inspection::Inspection {
        self.insp(
            id,
            Command::CloseRecord {
                folio: format!("ACTA-{id}"),
                participants: inspector(),
            },
        )
    }

    fn sanction(&mut self, id: i64, c: sanction::Command) -> sanction::Sanction {
        let now = self.tick(Duration::minutes(7));
        self.store
            .sanction_command(law(), &system(), now, id, &c)
            .unwrap_or_else(|e| panic!("{} on sanction {id}: {e}", c.name()))
            .state
    }

    fn referral(&mut self, id: i64, c: referral::Command) {
        let now = self.tick(Duration::hours(3));
        self.store
            .referral_command(law(), &system(), now, id, &c)
            .unwrap_or_else(|e| panic!("{} on referral {id}: {e}", c.name()));
    }

    /// The sanction procedure of an inspection just sent to it, summoned and heard (with an answer
    /// from the employer, or after the period), then resolved with the suggested amounts.
    fn resolve(&mut self, inspection_id: i64, respond: bool, absolve: bool) -> (i64, sanction::Sanction) {
        let (sid, _) = self
            .store
            .sanction_of_inspection(inspection_id)
            .expect("read")
            .expect("the procedure opened");
        let s = self.sanction(sid, sanction::Command::Summon);
        (sid, self.hear_and_resolve(sid, &s, respond, absolve))
    }

    /// From the summons on: the hearing and the resolution.
    fn hear_and_resolve(
        &mut self,
        sid: i64,
        s: &sanction::Sanction,
        respond: bool,
        absolve: bool,
    ) -> sanction::Sanction {
        if respond {
            self.sanction(
                sid,
                sanction::Command::RecordResponse {
                    summary: "Pruebas y alegatos".into(),
                },
            );
        } else {
            self.at_day(s.response_deadline.expect("a deadline") + Duration::days(2));
        }
        let s = self.sanction(sid, sanction::Command::CloseHearing);
        let decisions = if absolve {
            Vec::new()
        } else {
            s.findings
                .iter()
                .map(|f| {
                    let criteria = Criteria {
                        intent: true,
                        seriousness: Seriousness::Medium,
                        harm: Harm::Potential,
                        capacity: Capacity::Medium,
                        justification: "Criterios del art. 992".into(),
                    };
                    let range = law().rules.violation(&f.violation, s.acta_date).expect("rule").range();
                    FineDecision {
                        question_id: f.question_id.clone(),
                        per_worker_uma: suggested_uma(range, &criteria),
                        intent: criteria.intent,
                        seriousness: criteria.seriousness,
                        harm: criteria.harm,
                        capacity: criteria.capacity,
                        justification: criteria.justification,
                    }
                })
                .collect()
        };
        self.tick(Duration::days(3));
        self.sanction(
            sid,
            sanction::Command::Resolve {
                folio: format!("RES-{sid}"),
                decisions,
                prior: Vec::new(),
            },
        )
    }
}

/// Runs the scenario of the module comment through the store's commands.
fn scenario(store: &Store) {
    let mut c = Commands { store, now: t0() };
    let federal = Jurisdiction::Federal;

    // Case 1.
    let id = c.program(
        1,
        Kind::Periodic,
        vec![Matter::GeneralConditions, Matter::SafetyHealth],
        federal,
    );
    c.visit(id);
    c.answer_matter(id, Matter::GeneralConditions, &["gc.minimum_wage"]);
    c.answer_matter(id, Matter::SafetyHealth, &["sh.fire_prevention"]);
    c.close_record(id);
    let s = c.insp(
        id,
        Command::IssueMeasures {
            measures: vec![MeasureDraft {
                question_id: "sh.fire_prevention".into(),
                description: "Recargar extintores".into(),
                days: 10,
            }],
        },
    );
    let deadline = s.measures[0].deadline;
    c.insp(
        id,
        Command::ExtendMeasure {
            measure: 1,
            days: 5,
            reason: "Proveedor".into(),
        },
    );
    c.at_day(deadline + Duration::days(10));
    c.insp(id, Command::BeginVerification);
    c.insp(
        id,
        Command::RecordVerification {
            results: vec![VerificationResult {
                measure: 1,
                complied: false,
                note: "Sin recargar".into(),
            }],
        },
    );
    c.insp(
        id,
        Command::SendToSanction {
            reason: "Incumplimientos".into(),
        },
    );
    let (rid, _) = store.referrals_of_inspection(id).expect("referrals")[0].clone();
    c.referral(
        rid,
        referral::Command::Send {
            authority_name: "Fiscalía General de la República".into(),
            reference: "OF-1".into(),
        },
    );
    c.referral(
        rid,
        referral::Command::Acknowledge {
            authority_case: "CI-1".into(),
        },
    );
    c.referral(
        rid,
        referral::Command::FollowUp {
            text: "En trámite".into(),
        },
    );
    c.referral(
        rid,
        referral::Command::Close {
            outcome: referral::Outcome::Attended,
            text: "Concluido".into(),
        },
    );
    let (sid, s) = c.resolve(id, true, false);
    assert_eq!(s.fines.len(), 2);
    let s = c.sanction(sid, sanction::Command::NotifyResolution);
    c.at_day(s.appeal_deadline.expect("deadline") + Duration::days(1));
    let s = c.sanction(sid, sanction::Command::MarkFinal);
    let s = c.sanction(
        sid,
        sanction::Command::RecordPayment {
            amount: s.outstanding(),
            paid_on: c.now.date_naive(),
            reference: "LC-1".into(),
        },
    );
    assert_eq!(s.status, sanction::Status::Paid);

    // Case 2.
    let id = c.program(2, Kind::Periodic, vec![Matter::SafetyHealth], federal);
    c.visit(id);
    c.answer_matter(id, Matter::SafetyHealth, &["sh.safety_commission"]);
    c.close_record(id);
    c.insp(
        id,
        Command::IssueMeasures {
            measures: vec![MeasureDraft {
                question_id: "sh.safety_commission".into(),
                description: "Integrar la comisión".into(),
                days: 5,
            }],
        },
    );
    c.tick(Duration::days(20));
    c.insp(id, Command::BeginVerification);
    c.insp(
        id,
        Command::RecordVerification {
            results: vec![VerificationResult {
                measure: 1,
                complied: true,
                note: String::new(),
            }],
        },
    );
    assert_eq!(
        c.insp(
            id,
            Command::Close {
                reason: "Cumplió".into()
            }
        )
        .status,
        inspection::Status::Closed
    );

    // Case 3: the minimum wage again, for the same employer: a repeat offence.
    let id = c.program(2, Kind::Periodic, vec![Matter::GeneralConditions], jal());
    c.visit(id);
    c.answer_matter(id, Matter::GeneralConditions, &["gc.minimum_wage", "gc.weekly_rest"]);
    c.close_record(id);
    c.insp(
        id,
        Command::IssueMeasures {
            measures: vec![MeasureDraft {
                question_id: "gc.weekly_rest".into(),
                description: "Otorgar el descanso".into(),
                days: 30,
            }],
        },
    );
    c.tick(Duration::days(45));
    c.insp(id, Command::BeginVerification);
    c.insp(
        id,
        Command::RecordVerification {
            results: vec![VerificationResult {
                measure: 1,
                complied: false,
                note: String::new(),
            }],
        },
    );
    c.insp(
        id,
        Command::SendToSanction {
            reason: "Incumplimientos".into(),
        },
    );
    let (rid, _) = store.referrals_of_inspection(id).expect("referrals")[0].clone();
    c.referral(
        rid,
        referral::Command::Send {
            authority_name: "Fiscalía General del Estado de Jalisco".into(),
            reference: "OF-3".into(),
        },
    );
    let (sid, s) = c.resolve(id, false, false);
    assert!(
        s.fines.iter().any(|f| f.repeat_offence),
        "the ledger makes it a repeat offence"
    );
    let s = c.sanction(sid, sanction::Command::NotifyResolution);
    c.sanction(
        sid,
        sanction::Command::FileAppeal {
            summary: "Revisión".into(),
        },
    );
    // The doubled fine is reduced to the minimum of its fraction.
    let floor = law()
        .rules
        .violation(&s.fines[1].violation, s.acta_date)
        .expect("rule")
        .range()
        .min
        .max(1);
    let s = c.sanction(
        sid,
        sanction::Command::DecideAppeal {
            outcome: AppealOutcome::Reduced,
            reductions: vec![(2, floor)],
        },
    );
    assert_eq!(s.status, sanction::Status::Final);
    c.at_day(s.payment_deadline.expect("deadline") + Duration::days(1));
    c.sanction(
        sid,
        sanction::Command::SendToCollection {
            reference: "CF-3".into(),
        },
    );
    c.sanction(
        sid,
        sanction::Command::WriteOff {
            reason: "Incosteable".into(),
        },
    );

    // Case 4: a child under 15.
    let id = c.program(3, Kind::Extraordinary, vec![Matter::ChildLabor], jal());
    c.order(id);
    c.insp(id, Command::Start);
    c.answer_matter(id, Matter::ChildLabor, &["cl.under_15"]);
    c.close_record(id);
    c.insp(
        id,
        Command::SendToSanction {
            reason: "Menor de 15".into(),
        },
    );
    assert_eq!(store.referrals_of_inspection(id).expect("referrals").len(), 2);
    let (sid, _) = c.resolve(id, true, false);
    c.sanction(sid, sanction::Command::NotifyResolution);
    c.sanction(
        sid,
        sanction::Command::FileAppeal {
            summary: "Revisión".into(),
        },
    );
    let s = c.sanction(
        sid,
        sanction::Command::DecideAppeal {
            outcome: AppealOutcome::Annulled,
            reductions: Vec::new(),
        },
    );
    assert_eq!(s.status, sanction::Status::Annulled);

    // Case 5: no findings.
    let id = c.program(4, Kind::Periodic, vec![Matter::Training], federal);
    c.visit(id);
    c.answer_matter(id, Matter::Training, &[]);
    c.close_record(id);
    c.insp(
        id,
        Command::Close {
            reason: "Sin hallazgos".into(),
        },
    );

    // Case 6: cancelled.
    let id = c.program(5, Kind::Periodic, vec![Matter::GeneralConditions], jal());
    c.insp(
        id,
        Command::Cancel {
            reason: "No se localizó".into(),
        },
    );

    // Case 7: notified.
    let id = c.program(6, Kind::Periodic, vec![Matter::SafetyHealth], federal);
    c.order(id);
    let visit_at = c.now + Duration::days(3);
    c.insp(id, Command::Notify { visit_at });

    // Case 8: in progress.
    let id = c.program(6, Kind::Extraordinary, vec![Matter::GeneralConditions], jal());
    c.order(id);
    c.insp(id, Command::Start);
    let p = law()
        .protocols
        .for_matter(Matter::GeneralConditions, c.now.date_naive())
        .expect("protocol");
    for q in p.questions.iter().take(5) {
        c.insp(id, Command::Answer(answer(q, false)));
    }

    // Case 9: sent to sanction without measures, absolved.
    let id = c.program(4, Kind::Periodic, vec![Matter::GeneralConditions], jal());
    c.visit(id);
    c.answer_matter(id, Matter::GeneralConditions, &["gc.aguinaldo"]);
    c.close_record(id);
    c.insp(
        id,
        Command::SendToSanction {
            reason: "Sin medidas".into(),
        },
    );
    let (_, s) = c.resolve(id, true, true);
    assert_eq!(s.status, sanction::Status::Absolved);
}

/// The events of one case, read back from the log.
fn case_events<E: DeserializeOwned>(store: &Store, subject: &str, prefix: &str) -> Vec<E> {
    store
        .history(subject, &[])
        .expect("history")
        .iter()
        .filter(|e| e.kind.starts_with(prefix))
        .map(|e| {
            let ev = store.event(e.seq).expect("event").expect("exists");
            serde_json::from_str(&ev.payload).expect("a case event")
        })
        .collect()
}

/// Every inspection of the store as a history, from the events its commands logged.
fn histories_from_log(store: &Store) -> Vec<InspectionHistory> {
    let ids = store
        .read(|tx| tx.query("SELECT id FROM inspections ORDER BY id", &[]))
        .expect("ids");
    ids.iter()
        .map(|r| {
            let id = r.i64(0).expect("an id");
            InspectionHistory {
                events: case_events(store, &format!("inspection/{id}"), "inspection."),
                referrals: store
                    .referrals_of_inspection(id)
                    .expect("referrals")
                    .iter()
                    .map(|(rid, _)| case_events(store, &format!("referral/{rid}"), "referral."))
                    .collect(),
                sanction: store
                    .sanction_of_inspection(id)
                    .expect("sanction")
                    .map(|(sid, _)| case_events(store, &format!("sanction/{sid}"), "sanction.")),
            }
        })
        .collect()
}

/// The read rows of the cases and the rollups, without the event numbers (which differ).
const TABLES: &[(&str, &str)] = &[
    (
        "inspections",
        "SELECT id, workplace_id, employer_id, jurisdiction, state, sector, kind, origin, status, matters, protected,
             program_id, inspector_id, order_number, planned_for, visit_at, started_at, record_closed_at, ended_at,
             findings, next_deadline, state_json FROM inspections ORDER BY id",
    ),
    (
        "inspection_findings",
        "SELECT * FROM inspection_findings ORDER BY inspection_id, question_id",
    ),
    (
        "referrals",
        "SELECT id, inspection_id, workplace_id, jurisdiction, authority, matter, status, opened_at, send_by,
             follow_up_by, closed_at, state_json FROM referrals ORDER BY id",
    ),
    (
        "sanctions",
        "SELECT id, inspection_id, workplace_id, employer_id, jurisdiction, state, sector, status, opened_at,
             next_deadline, resolved_on, final_on, imposed, paid, state_json FROM sanctions ORDER BY id",
    ),
    ("fines", "SELECT * FROM fines ORDER BY sanction_id, number"),
];

const ROLLUPS: &[(&str, &str)] = &[
    (
        "inspection_rollup",
        "SELECT * FROM inspection_rollup ORDER BY month, state, sector",
    ),
    (
        "finding_rollup",
        "SELECT * FROM finding_rollup ORDER BY month, state, matter",
    ),
    ("fine_rollup", "SELECT * FROM fine_rollup ORDER BY year, state, sector"),
    (
        "inspection_rollup_by_state",
        "SELECT * FROM inspection_rollup_by_state ORDER BY month, state",
    ),
    (
        "inspection_rollup_by_sector",
        "SELECT * FROM inspection_rollup_by_sector ORDER BY month, sector",
    ),
    (
        "finding_rollup_by_matter",
        "SELECT * FROM finding_rollup_by_matter ORDER BY month, matter",
    ),
    (
        "workplace_visit_counts",
        "SELECT * FROM workplace_visit_counts ORDER BY year, state",
    ),
    (
        "workplace_visit_years",
        "SELECT * FROM workplace_visit_years ORDER BY year, state, workplace_id",
    ),
];

fn dump(store: &Store, sql: &str) -> Vec<Row> {
    store.read(|tx| tx.query(sql, &[])).expect("dump")
}

fn snapshot(store: &Store, tables: &[(&str, &str)]) -> Vec<(String, Vec<Row>)> {
    tables
        .iter()
        .map(|(name, sql)| (name.to_string(), dump(store, sql)))
        .collect()
}

fn assert_same(a: &[(String, Vec<Row>)], b: &[(String, Vec<Row>)]) {
    for ((name, rows_a), (_, rows_b)) in a.iter().zip(b) {
        assert!(!rows_a.is_empty(), "{name} is empty: the scenario does not exercise it");
        assert_eq!(rows_a.len(), rows_b.len(), "{name}: row counts differ");
        for (x, y) in rows_a.iter().zip(rows_b) {
            assert_eq!(x, y, "{name}: a row differs");
        }
    }
}

/// The rebuilt rollups equal the incremental ones; the events the commands logged, imported in
/// bulk into another database, give the same read rows and the same rollups.
pub fn bulk_import_matches_the_command_path(ctx: &Ctx) {
    let commanded = &ctx.store;
    commanded
        .import_batch(&system(), t0(), &registry_batch())
        .expect("registry");
    scenario(commanded);

    let incremental = snapshot(commanded, ROLLUPS);
    commanded.rebuild_rollups().expect("rebuild");
    assert_same(&incremental, &snapshot(commanded, ROLLUPS));

    let other = twin(ctx);
    let bulk = &other.store;
    bulk.import_batch(&system(), t0(), &registry_batch()).expect("registry");
    let histories = histories_from_log(commanded);
    assert_eq!(histories.len(), 9);
    let (first, rest) = histories.split_at(4);
    let one = bulk
        .import_inspection_histories(&system(), t0(), first)
        .expect("import");
    let two = bulk.import_inspection_histories(&system(), t0(), rest).expect("import");
    assert_eq!((one.inspections, two.inspections), (4, 5));
    assert_eq!(one.referrals + two.referrals, 4);
    assert_eq!(one.sanctions + two.sanctions, 4);
    bulk.rebuild_rollups().expect("rebuild");

    assert_same(&snapshot(commanded, TABLES), &snapshot(bulk, TABLES));
    assert_same(&incremental, &snapshot(bulk, ROLLUPS));

    // One event per batch, carrying every case's events under its subject.
    let logged: usize = histories
        .iter()
        .map(|h| {
            h.events.len() + h.referrals.iter().map(Vec::len).sum::<usize>() + h.sanction.as_ref().map_or(0, Vec::len)
        })
        .sum();
    assert_eq!((one.events + two.events) as usize, logged);
    assert_eq!(event_count(bulk), two.seq);
    let ev = bulk.event(one.seq).expect("event").expect("exists");
    assert_eq!(ev.kind, BATCH_IMPORTED);
    let payload: serde_json::Value = serde_json::from_str(&ev.payload).expect("json");
    let subjects: Vec<&str> = payload["cases"]
        .as_array()
        .expect("cases")
        .iter()
        .map(|c| c["subject"].as_str().expect("subject"))
        .collect();
    assert_eq!(
        subjects,
        [
            "inspection/1",
            "referral/1",
            "sanction/1",
            "inspection/2",
            "inspection/3",
            "referral/2",
            "sanction/2",
            "inspection/4",
            "referral/3",
            "referral/4",
            "sanction/3"
        ]
    );
    assert_eq!(payload["cases"][0]["events"][0]["type"], "programmed");
    assert!(bulk.verify_chain().expect("verify").is_intact());
    // The rows name the batch that created them.
    let created: i64 = dump(bulk, "SELECT MIN(created_seq) FROM inspections")[0]
        .i64(0)
        .expect("seq");
    assert_eq!(created, one.seq);
    // An imported case's history shows the events the batch carried, each at its own time, as
    // the command path's history shows them (under the batch event's number and actor).
    for subject in ["inspection/1", "referral/1", "sanction/1", "inspection/4"] {
        let timeline = |store: &Store| -> Vec<(String, String)> {
            store
                .history(subject, &[])
                .expect("history")
                .into_iter()
                .map(|e| {
                    // These two events carry a date only (the day it became final, the day of
                    // the payment): an imported history shows that day.
                    let dated = matches!(e.kind.as_str(), "sanction.became_final" | "sanction.payment_recorded");
                    let at = if dated { e.at[..10].to_string() } else { e.at };
                    (e.kind, at)
                })
                .collect()
        };
        let imported = bulk.history(subject, &[]).expect("history");
        assert!(!imported.is_empty(), "{subject}");
        assert!(imported.iter().all(|e| e.seq == one.seq && e.subject == subject));
        assert_eq!(timeline(bulk), timeline(commanded), "{subject}");
    }
    assert!(bulk.history("inspection/999", &[]).expect("history").is_empty());
}

/// Runs one command through core alone, for histories built without a store.
fn core_inspection(
    state: &mut Option<inspection::Inspection>,
    events: &mut Vec<inspection::Event>,
    now: DateTime<Utc>,
    c: Command,
) {
    let (evs, next) = inspection::execute(state.as_ref(), &c, &law().inspection_ctx(now))
        .unwrap_or_else(|e| panic!("{}: {e:?}", c.name()));
    events.extend(evs);
    *state = Some(next);
}

/// Imported cases take commands where they stopped: the folded state is what core expects,
/// and the rollups rebuilt after the import stay right under the incremental updates.
pub fn commands_continue_an_imported_case(ctx: &Ctx) {
    let store = &ctx.store;
    store
        .import_batch(&system(), t0(), &registry_batch())
        .expect("registry");
    let mut now = t0();
    let gc = law()
        .protocols
        .for_matter(Matter::GeneralConditions, now.date_naive())
        .expect("protocol");

    // An extraordinary inspection in progress, five questions answered.
    let (mut s1, mut e1) = (None, Vec::new());
    core_inspection(
        &mut s1,
        &mut e1,
        now,
        Command::Program {
            workplace_id: 3,
            jurisdiction: jal(),
            kind: Kind::Extraordinary,
            origin: Origin::Complaint,
            matters: vec![Matter::GeneralConditions],
            planned_for: now.date_naive(),
            program_id: None,
        },
    );
    for c in [
        Command::Order {
            number: "OI-X-1".into(),
            inspector_id: 1,
            inspector_name: "Inspector".into(),
            scope: "Todo".into(),
            legal_basis: "LFT 541".into(),
        },
        Command::Start,
    ] {
        now += Duration::minutes(10);
        core_inspection(&mut s1, &mut e1, now, c);
    }
    for q in gc.questions.iter().take(5) {
        now += Duration::minutes(2);
        core_inspection(&mut s1, &mut e1, now, Command::Answer(answer(q, false)));
    }

    // An inspection sent to sanction, its procedure summoned.
    let (mut s2, mut e2) = (None, Vec::new());
    core_inspection(
        &mut s2,
        &mut e2,
        now,
        Command::Program {
            workplace_id: 4,
            jurisdiction: jal(),
            kind: Kind::Extraordinary,
            origin: Origin::Complaint,
            matters: vec![Matter::GeneralConditions],
            planned_for: now.date_naive(),
            program_id: None,
        },
    );
    for c in [
        Command::Order {
            number: "OI-X-2".into(),
            inspector_id: 1,
            inspector_name: "Inspector".into(),
            scope: "Todo".into(),
            legal_basis: "LFT 541".into(),
        },
        Command::Start,
    ] {
        now += Duration::minutes(10);
        core_inspection(&mut s2, &mut e2, now, c);
    }
    for q in &gc.questions {
        now += Duration::minutes(2);
        core_inspection(
            &mut s2,
            &mut e2,
            now,
            Command::Answer(answer(q, q.id == "gc.aguinaldo")),
        );
    }
    now += Duration::minutes(20);
    core_inspection(
        &mut s2,
        &mut e2,
        now,
        Command::CloseRecord {
            folio: "A-2".into(),
            participants: inspector(),
        },
    );
    now += Duration::days(2);
    core_inspection(
        &mut s2,
        &mut e2,
        now,
        Command::SendToSanction {
            reason: "Aguinaldo".into(),
        },
    );
    let s2 = s2.expect("state");
    let sctx = law().sanction_ctx(now);
    let (mut sanction_events, opened) = sanction::execute(
        None,
        &sanction::Command::Open {
            inspection_id: 0,
            workplace_id: 4,
            employer_id: 3,
            jurisdiction: jal(),
            acta_date: s2.record.as_ref().expect("record").closed_at.date_naive(),
            findings: s2.unresolved_findings().into_iter().cloned().collect(),
        },
        &sctx,
    )
    .expect("open");
    now += Duration::days(5);
    let (more, summoned) =
        sanction::execute(Some(&opened), &sanction::Command::Summon, &law().sanction_ctx(now)).expect("summon");
    sanction_events.extend(more);

    let before = event_count(store);
    let out = store
        .import_inspection_histories(
            &system(),
            now,
            &[
                InspectionHistory {
                    events: e1,
                    referrals: Vec::new(),
                    sanction: None,
                },
                InspectionHistory {
                    events: e2,
                    referrals: Vec::new(),
                    sanction: Some(sanction_events),
                },
            ],
        )
        .expect("import");
    assert_eq!(event_count(store), before + 1);
    store.rebuild_rollups().expect("rebuild");
    let (sid, stored) = store.sanction_of_inspection(2).expect("read").expect("imported");
    assert_eq!(
        stored.inspection_id, 2,
        "the store gives the procedure its inspection's id"
    );
    assert_eq!(stored.response_deadline, summoned.response_deadline);

    // The inspection in progress: the rest of the questions, the record, the end.
    let mut c = Commands { store, now };
    for q in gc.questions.iter().skip(5) {
        c.insp(1, Command::Answer(answer(q, false)));
    }
    c.close_record(1);
    assert_eq!(
        c.insp(
            1,
            Command::Close {
                reason: "Sin hallazgos".into()
            }
        )
        .status,
        inspection::Status::Closed
    );
    // The procedure: answer, hearing, resolution (the ledger is read), notification.
    let s = c.hear_and_resolve(sid, &stored, true, false);
    assert_eq!(s.status, sanction::Status::Resolved);
    assert_eq!(dump(store, "SELECT COUNT(*) FROM fines")[0].i64(0).expect("count"), 1);
    // The history of an imported case shows the batch that created it.
    let updated = store.inspection(1).expect("read").expect("exists").0.updated_seq;
    assert!(updated > out.seq);
    let history = store.history("inspection/1", &[out.seq]).expect("history");
    // First the events the batch carried, then the batch event, then the new commands.
    assert_eq!(history[0].kind, "inspection.programmed");
    let batch = history
        .iter()
        .position(|e| e.kind == BATCH_IMPORTED)
        .expect("the batch event");
    assert!(history[..batch].iter().all(|e| e.seq == out.seq));
    assert!(history[batch + 1..].iter().all(|e| e.seq > out.seq));
    assert!(batch + 1 < history.len());

    let incremental = snapshot(store, ROLLUPS);
    store.rebuild_rollups().expect("rebuild");
    assert_same(&incremental, &snapshot(store, ROLLUPS));
    assert!(store.verify_chain().expect("verify").is_intact());
}

/// A history the command path could not have produced is refused, and nothing is written.
pub fn inconsistent_histories_are_refused(ctx: &Ctx) {
    let store = &ctx.store;
    store
        .import_batch(&system(), t0(), &registry_batch())
        .expect("registry");
    let now = t0();
    let gc = law()
        .protocols
        .for_matter(Matter::GeneralConditions, now.date_naive())
        .expect("protocol");
    let (mut s, mut events) = (None, Vec::new());
    core_inspection(
        &mut s,
        &mut events,
        now,
        Command::Program {
            workplace_id: 1,
            jurisdiction: jal(),
            kind: Kind::Extraordinary,
            origin: Origin::Complaint,
            matters: vec![Matter::GeneralConditions],
            planned_for: now.date_naive(),
            program_id: None,
        },
    );
    let programmed = events.clone();
    for c in [
        Command::Order {
            number: "OI-R-1".into(),
            inspector_id: 1,
            inspector_name: "Inspector".into(),
            scope: "Todo".into(),
            legal_basis: "LFT 541".into(),
        },
        Command::Start,
    ] {
        core_inspection(&mut s, &mut events, now, c);
    }
    for q in &gc.questions {
        core_inspection(
            &mut s,
            &mut events,
            now,
            Command::Answer(answer(q, q.id == "gc.minimum_wage")),
        );
    }
    let before = event_count(store);
    let refused = |batch: &[InspectionHistory], code: &str| {
        match store.import_inspection_histories(&system(), now, batch) {
            Err(StoreError::Domain(e)) => assert_eq!(e.code, code),
            other => panic!("expected {code}, got {other:?}"),
        }
        assert_eq!(event_count(store), before);
        assert_eq!(
            dump(store, "SELECT COUNT(*) FROM inspections")[0]
                .i64(0)
                .expect("count"),
            0
        );
    };
    refused(&[], "import.empty_batch");
    // The failed minimum wage required a referral that the history does not bring.
    let good = InspectionHistory {
        events: programmed,
        referrals: Vec::new(),
        sanction: None,
    };
    let missing_referral = InspectionHistory {
        events: events.clone(),
        referrals: Vec::new(),
        sanction: None,
    };
    refused(&[good.clone(), missing_referral], "import.history_inconsistent");
    // A procedure for an inspection that was not sent to sanction.
    let stray = InspectionHistory {
        sanction: Some(Vec::new()),
        ..good.clone()
    };
    refused(&[stray], "import.history_inconsistent");
    // Events that do not start with the programming.
    let headless = InspectionHistory {
        events: events[1..].to_vec(),
        referrals: Vec::new(),
        sanction: None,
    };
    refused(&[headless], "import.history_inconsistent");
    // An unknown workplace.
    let mut elsewhere = good.clone();
    if let Some(inspection::Event::Programmed { workplace_id, .. }) = elsewhere.events.first_mut() {
        *workplace_id = 999;
    }
    assert!(matches!(
        store.import_inspection_histories(&system(), now, &[elsewhere]),
        Err(StoreError::NotFound(_))
    ));
    assert_eq!(event_count(store), before);
    store
        .import_inspection_histories(&system(), now, &[good])
        .expect("a consistent history");
}
