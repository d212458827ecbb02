//! Conciliation cases through the store (`Store::conciliation_command` and the reads), and their
//! bulk import (`Store::import_conciliation_histories`).
//!
//! The scenario, on a registry of one employer (Grupo Doña Lupe, RFC DLU990101AB1: workplace cw:1
//! in Jalisco, SCIAN 722514, and cw:2 in Mexico City), all filed on Monday 2 March 2026:
//!
//! | case | centre  | against             | what happens                                                  |
//! |------|---------|---------------------|---------------------------------------------------------------|
//! | 1    | Jalisco | Lupe (registry)     | hearing 17 March 10:00, conciliator A, Sala 1; served 5 March; convenio of $30,000 |
//! | 2    | Jalisco | MAB9307148T4        | hearing 18 March 10:00, conciliator B, remote; served; no agreement: constancia |
//! | 3    | Jalisco | Lupe                | hearing 17 March 11:00, A, Sala 1; served; the requester does not come: archived |
//! | 4    | Jalisco | Lupe                | discrimination claimed: exempt at filing (685 Ter)            |
//! | 5    | Jalisco | Lupe, workplace CDMX| forwarded to Mexico City (684-E V)                            |
//! | 6    | Jalisco | Lupe                | hearing 19 March 10:00, A, Sala 1; summons still to serve     |
//! | 7    | federal | Lupe                | filed (the routing says Jalisco: 24 hours to forward)         |
//!
//! Every requester is the same worker (one CURP), so the courts' lookup by CURP must find the
//! constancia of case 2 and nothing of the others.

use chrono::{DateTime, Duration, NaiveDate, NaiveTime, TimeZone, Utc};
use faro_core::catalog::Money;
use faro_core::conciliation::assign::pick_conciliator;
use faro_core::conciliation::{
    CenterSettings, Channel, Command, ConstanciaKind, Event, ExemptMatter, FederalFlags, HearingOutcome, Installment,
    Item, Object, PartyInput, PartyRole, PersonKind, RequestInput, ServiceResult, SettlementInput, Slot, Status, Venue,
    WorkplaceInput,
};
use faro_core::registry::SizeBand;
use faro_core::{Jurisdiction, Role};
use faro_store::cases::NewDocument;
use faro_store::conciliation::{ConciliationFilter, ConciliationOutcome, ConciliationSummary, ConciliationTarget};
use faro_store::conciliation_bulk::{ConciliationHistory, BATCH_IMPORTED};
use faro_store::dashboard::Month;
use faro_store::users::NewUser;
use faro_store::{Row, Store, StoreError};

use crate::fixtures::{employer, event_count, state, system, workplace};
use crate::harness::{pg_admin_url, Ctx};
use crate::inspections::law;

const CURP: &str = "BOXW310820HNERXN09";
const OTHER_RFC: &str = "MAB9307148T4";
/// The registry's employer (the check digit is not SAT's: a warning, not an error).
const RFC_LUPE: &str = "DLU990101AB1";

fn jal() -> Jurisdiction {
    Jurisdiction::State(state(14))
}

fn cdmx() -> Jurisdiction {
    Jurisdiction::State(state(9))
}

fn day(m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, m, d).unwrap()
}

fn settings() -> CenterSettings {
    CenterSettings::default()
}

/// A worker's request against `rfc` for a workplace in `st` of SCIAN class `scian`.
fn request(rfc: &str, st: &str, scian: &str) -> RequestInput {
    RequestInput {
        requester_role: PartyRole::Worker,
        requester: PartyInput {
            kind: Some(PersonKind::Individual),
            name: "Ana López".into(),
            curp: CURP.into(),
            rfc: String::new(),
            address: "Av. Juárez 10, Guadalajara".into(),
            representative: None,
        },
        counterpart_role: PartyRole::Employer,
        counterpart: PartyInput {
            kind: Some(PersonKind::LegalEntity),
            name: "Grupo Doña Lupe".into(),
            curp: String::new(),
            rfc: rfc.into(),
            address: "Calle Morelos 5, Guadalajara".into(),
            representative: None,
        },
        workplace: WorkplaceInput {
            address: "Calle Morelos 5".into(),
            state: st.into(),
            scian: scian.into(),
            federal: FederalFlags::default(),
        },
        objects: vec![Object::Dismissal, Object::ChristmasBonus],
        object_detail: String::new(),
        exemption: None,
        exemption_reason: String::new(),
        priority: Vec::new(),
        revictimization_risk: false,
        channel: Channel::Counter,
        fast_track: false,
    }
}

fn file(center: Jurisdiction, r: RequestInput) -> Command {
    Command::File {
        center,
        request: Box::new(r),
        forwarded_from: None,
    }
}

fn slot(date: NaiveDate, hour: u32, conciliator: i64, venue: Venue) -> Slot {
    Slot {
        date,
        time: NaiveTime::from_hms_opt(hour, 0, 0).unwrap(),
        conciliator_id: conciliator.to_string(),
        venue,
    }
}

fn room(name: &str) -> Venue {
    Venue::Room { name: name.into() }
}

/// $30,000 for the dismissal, paid on the day of the hearing.
fn convenio(on: NaiveDate) -> SettlementInput {
    let total = Money::from_pesos(30_000);
    SettlementInput {
        items: vec![Item {
            concept: Object::Dismissal,
            description: "Indemnización constitucional".into(),
            amount: total,
        }],
        installments: vec![Installment {
            number: 1,
            due_on: on,
            amount: total,
            paid_on: None,
        }],
        daily_wage: Money::from_pesos(400),
        penalty_per_day: Money::from_pesos(400),
        ratified: true,
    }
}

/// Drives cases through the store with a clock that only moves forward.
struct Run<'a> {
    store: &'a Store,
    now: DateTime<Utc>,
}

impl<'a> Run<'a> {
    fn new(store: &'a Store) -> Self {
        Run {
            store,
            now: Utc.with_ymd_and_hms(2026, 3, 2, 15, 0, 0).single().unwrap(),
        }
    }

    /// Moves the clock to 15:00 UTC of `d` (09:00 in Jalisco), if that is later.
    fn on(&mut self, d: NaiveDate) {
        let t = d.and_hms_opt(15, 0, 0).unwrap().and_utc();
        if t > self.now {
            self.now = t;
        }
    }

    fn try_run(&mut self, target: ConciliationTarget, c: &Command) -> Result<ConciliationOutcome, StoreError> {
        self.now += Duration::minutes(1);
        self.store
            .conciliation_command(law(), &settings(), &system(), self.now, target, c, None)
    }

    fn run(&mut self, id: i64, c: Command) -> ConciliationOutcome {
        self.try_run(ConciliationTarget::Existing(id), &c)
            .unwrap_or_else(|e| panic!("{} on case {id}: {e}", c.name()))
    }

    fn file(&mut self, center: Jurisdiction, r: RequestInput) -> i64 {
        self.try_run(ConciliationTarget::New, &file(center, r))
            .expect("file")
            .id
    }

    fn serve(&mut self, id: i64, on: NaiveDate) {
        self.on(on);
        self.run(
            id,
            Command::RecordService {
                result: ServiceResult::Served,
                on,
                note: String::new(),
            },
        );
    }

    fn hold(&mut self, id: i64, conciliator: i64, on: NaiveDate, outcome: HearingOutcome) -> ConciliationOutcome {
        self.on(on);
        self.run(
            id,
            Command::HoldHearing {
                conciliator_id: conciliator.to_string(),
                outcome,
            },
        )
    }
}

/// The ids the scenario's setup gave.
struct Setup {
    /// Conciliators A and B of Jalisco, C of Mexico City.
    a: i64,
    b: i64,
    c: i64,
    sala: i64,
}

fn conciliator(store: &Store, name: &str, jurisdiction: Jurisdiction) -> i64 {
    store
        .create_user(
            &system(),
            crate::fixtures::t0(),
            &NewUser {
                username: name,
                display_name: "Conciliadora",
                role: Role::Conciliator,
                jurisdiction,
                password_hash: "$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA",
                language: "es",
            },
        )
        .expect("a conciliator")
}

/// The registry, three conciliators and the Jalisco centre's rooms.
fn setup(store: &Store) -> Setup {
    let lupe = store
        .register_employer(
            &system(),
            crate::fixtures::t0(),
            &format!("rfc:{RFC_LUPE}"),
            &employer(
                Some(RFC_LUPE),
                "Grupo Doña Lupe",
                faro_core::registry::PersonKind::LegalEntity,
            ),
            jal(),
        )
        .expect("employer");
    for (key, st, municipality) in [("cw:1", 14, "14039"), ("cw:2", 9, "09015")] {
        store
            .register_workplace(
                &system(),
                crate::fixtures::t0(),
                lupe,
                &workplace(key, "Taquería Doña Lupe", st, municipality, "722514", SizeBand::B0To5),
            )
            .expect("workplace");
    }
    let a = conciliator(store, "conc-a", jal());
    let b = conciliator(store, "conc-b", jal());
    let c = conciliator(store, "conc-c", cdmx());
    // An inspector of Jalisco is not a conciliator.
    store
        .create_user(
            &system(),
            crate::fixtures::t0(),
            &crate::fixtures::new_user("insp", jal()),
        )
        .expect("an inspector");
    let sala = store
        .add_conciliation_room(&system(), crate::fixtures::t0(), jal(), "Sala 1", false)
        .expect("room");
    store
        .add_conciliation_room(&system(), crate::fixtures::t0(), jal(), "Sala virtual", true)
        .expect("room");
    Setup { a, b, c, sala }
}

/// Runs the scenario of the module comment; returns the case ids in its order.
fn scenario(store: &Store, s: &Setup) -> Vec<i64> {
    let mut r = Run::new(store);
    let c1 = r.file(jal(), request(RFC_LUPE, "14", "722514"));
    let c2 = r.file(jal(), request(OTHER_RFC, "14", "461110"));
    let c3 = r.file(jal(), request(RFC_LUPE, "14", "722514"));
    let c4 = r.file(
        jal(),
        RequestInput {
            exemption: Some(ExemptMatter::Discrimination),
            exemption_reason: "Despido por embarazo".into(),
            ..request(RFC_LUPE, "14", "722514")
        },
    );
    let c5 = r.file(jal(), request(RFC_LUPE, "09", "722514"));
    let c6 = r.file(jal(), request(RFC_LUPE, "14", "722514"));
    let c7 = r.file(Jurisdiction::Federal, request(RFC_LUPE, "14", "722514"));
    r.run(
        c5,
        Command::Forward {
            to: cdmx(),
            reason: "El centro de trabajo está en la Ciudad de México".into(),
        },
    );
    for (id, date, hour, who, venue) in [
        (c1, day(3, 17), 10, s.a, room("Sala 1")),
        (c2, day(3, 18), 10, s.b, Venue::Remote { link: String::new() }),
        (c3, day(3, 17), 11, s.a, room("Sala 1")),
        (c6, day(3, 19), 10, s.a, room("Sala 1")),
    ] {
        r.run(
            id,
            Command::ScheduleHearing {
                slot: slot(date, hour, who, venue),
            },
        );
    }
    for id in [c1, c2, c3] {
        r.serve(id, day(3, 5));
    }
    r.hold(c1, s.a, day(3, 17), HearingOutcome::Settlement(convenio(day(3, 17))));
    r.hold(
        c3,
        s.a,
        day(3, 17),
        HearingOutcome::RequesterAbsent { summoned_present: true },
    );
    r.hold(c2, s.b, day(3, 18), HearingOutcome::NoAgreement);
    vec![c1, c2, c3, c4, c5, c6, c7]
}

fn one(store: &Store, sql: &str) -> i64 {
    store
        .read(|tx| tx.query_one(sql, &[]))
        .expect("query")
        .expect("a row")
        .i64(0)
        .expect("a number")
}

fn summary(store: &Store, id: i64) -> ConciliationSummary {
    store.conciliation_case(id).expect("read").expect("the case").0
}

fn kinds(store: &Store, subject: &str) -> Vec<String> {
    store
        .history(subject, &[])
        .expect("history")
        .into_iter()
        .map(|e| e.kind)
        .collect()
}

/// A request filed, scheduled, served and held with a convenio: its read row, its events under
/// `conciliation/{id}`, the receipt stored with the filing, the audit chain, and the rollup.
pub fn conciliation_settles_through_the_store(ctx: &Ctx) {
    let store = &ctx.store;
    let s = setup(store);
    let mut r = Run::new(store);
    // The filing issues a receipt (the web renders it; here, bytes).
    let receipt = |sum: &ConciliationSummary, _: &_, evs: &[Event]| -> Result<Vec<NewDocument>, StoreError> {
        assert!(matches!(evs[0], Event::Filed { .. }));
        Ok(vec![NewDocument {
            code: "RCPT-0001-AAAA".into(),
            kind: "conciliation_receipt".into(),
            folio: sum.folio.clone(),
            title: "Acuse de solicitud".into(),
            sha256: "11".repeat(32),
            summary: serde_json::json!({ "folio": sum.folio }),
            pdf: b"%PDF-1.4 receipt".to_vec(),
        }])
    };
    r.now += Duration::minutes(1);
    let filed = store
        .conciliation_command(
            law(),
            &settings(),
            &system(),
            r.now,
            ConciliationTarget::New,
            &file(jal(), request(RFC_LUPE, "14", "722514")),
            Some(&receipt),
        )
        .expect("file");
    let id = filed.id;
    assert_eq!(filed.folio, "SC-14-2026-0000001");
    assert_eq!(filed.documents.len(), 1);
    assert_eq!(filed.documents[0].subject, format!("conciliation/{id}"));
    let doc = store.document("RCPT-0001-AAAA").unwrap().expect("stored");
    assert_eq!(
        (doc.folio.as_str(), doc.kind.as_str()),
        ("SC-14-2026-0000001", "conciliation_receipt")
    );
    // Filed: matched to the registry's employer and its one workplace in Jalisco.
    let lupe = store.employers_by_rfc(RFC_LUPE).unwrap()[0];
    let cw1 = one(store, "SELECT id FROM workplaces WHERE source_key = 'cw:1'");
    let row = summary(store, id);
    assert_eq!(row.status, Status::Filed);
    assert_eq!((row.employer_id, row.workplace_id), (Some(lupe), Some(cw1)));
    assert_eq!((row.state.as_str(), row.sector.as_str()), ("14", "72"));
    assert_eq!(row.center, jal());
    assert_eq!(row.objects, ["dismissal", "christmas_bonus"]);
    assert_eq!((row.track.as_str(), row.channel.as_str()), ("ordinary", "counter"));
    assert_eq!(row.filed_on, day(3, 2));
    // 2 March + 45 calendar days (LFT 684-D): 29 days to the end of March, 16 April.
    assert_eq!(row.procedure_limit, day(4, 16));
    assert_eq!(row.next_deadline, Some(day(4, 16)));
    assert_eq!(
        store
            .conciliation_case_by_folio("sc-14-2026-0000001")
            .unwrap()
            .unwrap()
            .0,
        row
    );

    r.run(
        id,
        Command::ScheduleHearing {
            slot: slot(day(3, 17), 10, s.a, room("Sala 1")),
        },
    );
    let row = summary(store, id);
    assert_eq!(row.status, Status::HearingScheduled);
    assert_eq!(
        (row.conciliator_id, row.hearing_on, row.room_id),
        (Some(s.a), Some(day(3, 17)), Some(s.sala))
    );
    assert_eq!(row.hearing_time, NaiveTime::from_hms_opt(10, 0, 0));
    // The summons must be served by Friday 6 March: five working days (9-13 March) before the
    // 17th, Monday 16 March being a rest day (LFT 74 VI).
    assert_eq!(row.next_deadline, Some(day(3, 6)));
    r.serve(id, day(3, 5));
    assert_eq!(summary(store, id).next_deadline, Some(day(3, 17)));
    let held = r.hold(id, s.a, day(3, 17), HearingOutcome::Settlement(convenio(day(3, 17))));
    assert_eq!(held.state.status, Status::Settled);
    assert_eq!(held.folio, "SC-14-2026-0000001");
    let row = summary(store, id);
    assert_eq!(row.status, Status::Settled);
    assert_eq!(row.outcome.as_deref(), Some("settlement"));
    assert_eq!(row.agreed, Some(3_000_000));
    assert_eq!(row.closed_on, Some(day(3, 17)));
    // The hearing held stays on the row (and in the agenda).
    assert_eq!((row.conciliator_id, row.hearing_on), (Some(s.a), Some(day(3, 17))));
    // The instalment, due on the day, is what the case waits on now.
    assert_eq!(row.next_deadline, Some(day(3, 17)));

    assert_eq!(
        kinds(store, &format!("conciliation/{id}")),
        [
            "conciliation.filed",
            "document.issued",
            "conciliation.hearing_scheduled",
            "conciliation.service_recorded",
            "conciliation.hearing_held",
            "conciliation.settlement_ratified",
        ]
    );
    let ev = store.event(held.seq).unwrap().unwrap();
    assert_eq!(
        (ev.kind.as_str(), ev.jurisdiction.as_str()),
        ("conciliation.hearing_held", "14")
    );
    let back: Event = serde_json::from_str(&ev.payload).unwrap();
    assert_eq!(back, held.events[0]);
    assert!(store.verify_chain().unwrap().is_intact());

    // The rollup: one case filed in March 2026 at Jalisco, sector 72, settled in 15 days.
    let rollup = store
        .read(|tx| tx.query("SELECT * FROM conciliation_rollup", &[]))
        .unwrap();
    assert_eq!(rollup.len(), 1);
    assert_eq!(
        rollup[0],
        Row(vec![
            "2026-03".into(),
            "14".into(),
            "72".into(),
            1i64.into(), // cases
            1i64.into(), // requests
            1i64.into(), // settled
            0i64.into(),
            0i64.into(),
            0i64.into(),
            0i64.into(),
            1i64.into(),         // closed
            3_000_000i64.into(), // agreed
            15i64.into(),        // 2 to 17 March
        ])
    );
    let stats = store
        .conciliation_stats(Some(jal()), Month::new(2026, 3).unwrap(), Month::new(2026, 3).unwrap())
        .unwrap();
    assert_eq!(
        (stats.total.requests, stats.total.settled, stats.total.agreed),
        (1, 1, 3_000_000)
    );
    assert_eq!(stats.total.settlement_rate(), Some(1.0));
    assert_eq!(stats.total.mean_days_to_close(), Some(15.0));
}

/// A refused command, a hearing for somebody who is not a conciliator of the centre, a failed
/// rendering, an unknown case: nothing is written.
pub fn conciliation_refusals_write_nothing(ctx: &Ctx) {
    let store = &ctx.store;
    let s = setup(store);
    let mut r = Run::new(store);
    let id = r.file(jal(), request(RFC_LUPE, "14", "722514"));
    let before = (event_count(store), store.conciliation_case(id).unwrap());
    let rollup = || {
        store
            .read(|tx| tx.query("SELECT * FROM conciliation_rollup ORDER BY month, center, sector", &[]))
            .unwrap()
    };
    let rollup_before = rollup();
    let unchanged = |what: &str| {
        assert_eq!(event_count(store), before.0, "{what}: an event was written");
        assert_eq!(
            store.conciliation_case(id).unwrap(),
            before.1,
            "{what}: the case changed"
        );
    };
    let domain_code = |e: StoreError| match e {
        StoreError::Domain(d) => d.code,
        other => panic!("expected a refusal, got {other}"),
    };
    // 15 working days from 2 March end on 24 March (LFT 684-E IV).
    let e = r
        .try_run(
            ConciliationTarget::Existing(id),
            &Command::ScheduleHearing {
                slot: slot(day(3, 25), 10, s.a, room("Sala 1")),
            },
        )
        .unwrap_err();
    assert_eq!(domain_code(e), "conciliation.hearing_outside_window");
    unchanged("outside the window");
    for (who, what) in [
        ("999".to_string(), "nobody"),
        (s.c.to_string(), "another centre's conciliator"),
        ("4".to_string(), "an inspector"),
        ("Lic. Pérez".to_string(), "not an id"),
    ] {
        let mut sl = slot(day(3, 17), 10, 0, room("Sala 1"));
        sl.conciliator_id = who;
        let e = r
            .try_run(ConciliationTarget::Existing(id), &Command::ScheduleHearing { slot: sl })
            .unwrap_err();
        assert_eq!(domain_code(e), "conciliation.conciliator_unknown", "{what}");
        unchanged(what);
    }
    // A document that cannot be rendered.
    let failing = |_: &ConciliationSummary, _: &_, _: &[Event]| -> Result<Vec<NewDocument>, StoreError> {
        Err(StoreError::Config("the PDF could not be rendered".into()))
    };
    let schedule = Command::ScheduleHearing {
        slot: slot(day(3, 17), 10, s.a, room("Sala 1")),
    };
    let e = store.conciliation_command(
        law(),
        &settings(),
        &system(),
        r.now,
        ConciliationTarget::Existing(id),
        &schedule,
        Some(&failing),
    );
    assert!(matches!(e, Err(StoreError::Config(_))));
    unchanged("a failed rendering");
    // Unknown case; a command other than filing for a new one; filing an existing one.
    assert!(matches!(
        r.try_run(ConciliationTarget::Existing(999), &schedule),
        Err(StoreError::NotFound(_))
    ));
    assert_eq!(
        domain_code(r.try_run(ConciliationTarget::New, &schedule).unwrap_err()),
        "conciliation.not_found"
    );
    assert_eq!(
        domain_code(
            r.try_run(
                ConciliationTarget::Existing(id),
                &file(jal(), request(RFC_LUPE, "14", "722514"))
            )
            .unwrap_err()
        ),
        "conciliation.exists"
    );
    // An invalid request files nothing.
    let mut bad = request(RFC_LUPE, "14", "722514");
    bad.requester.curp = "XXXX".into();
    assert_eq!(
        domain_code(r.try_run(ConciliationTarget::New, &file(jal(), bad)).unwrap_err()),
        "curp.invalid"
    );
    unchanged("an invalid request");
    assert_eq!(one(store, "SELECT COUNT(*) FROM conciliation_cases"), 1);
    assert_eq!(one(store, "SELECT COUNT(*) FROM conciliation_parties"), 2);
    assert_eq!(rollup(), rollup_before);
    // Rooms: a name taken at the centre, an empty one.
    assert!(matches!(
        store.add_conciliation_room(&system(), r.now, jal(), "Sala 1", false),
        Err(StoreError::Conflict(_))
    ));
    assert!(matches!(
        store.add_conciliation_room(&system(), r.now, jal(), "  ", false),
        Err(StoreError::Domain(_))
    ));
    unchanged("refused rooms");
    // The same name at another centre is another room.
    store
        .add_conciliation_room(&system(), r.now, cdmx(), "Sala 1", false)
        .unwrap();
    let rooms = store.conciliation_rooms(jal()).unwrap();
    assert_eq!(
        rooms.iter().map(|r| (r.name.as_str(), r.remote)).collect::<Vec<_>>(),
        [("Sala 1", false), ("Sala virtual", true)]
    );
    assert_eq!(store.conciliation_rooms(cdmx()).unwrap().len(), 1);

    // A time a conciliator or a room already has is refused (checked in the transaction).
    r.run(id, schedule.clone());
    let other = r.file(jal(), request(RFC_LUPE, "14", "722514"));
    let count = event_count(store);
    for (sl, what) in [
        (slot(day(3, 17), 10, s.a, room("Sala virtual")), "the same conciliator"),
        (slot(day(3, 17), 10, s.b, room("Sala 1")), "the same room"),
    ] {
        let e = r
            .try_run(
                ConciliationTarget::Existing(other),
                &Command::ScheduleHearing { slot: sl },
            )
            .unwrap_err();
        assert_eq!(domain_code(e), "conciliation.slot_taken", "{what}");
        assert_eq!(event_count(store), count, "{what}: nothing written");
    }
    // Another conciliator, remote, at the same time; or the first one an hour later.
    r.run(
        other,
        Command::ScheduleHearing {
            slot: slot(day(3, 17), 10, s.b, Venue::Remote { link: String::new() }),
        },
    );
    let third = r.file(jal(), request(RFC_LUPE, "14", "722514"));
    r.run(
        third,
        Command::ScheduleHearing {
            slot: slot(day(3, 17), 11, s.a, room("Sala 1")),
        },
    );
}

fn ids(page: &[ConciliationSummary]) -> Vec<i64> {
    page.iter().map(|c| c.id).collect()
}

/// The case lists, the agenda and the conciliators' loads.
pub fn conciliation_lists_agenda_and_loads(ctx: &Ctx) {
    let store = &ctx.store;
    let s = setup(store);
    let c = scenario(store, &s);
    let (c1, c2, c3, c6, c7) = (c[0], c[1], c[2], c[5], c[6]);
    let list = |f: ConciliationFilter| {
        store
            .conciliation_cases(&ConciliationFilter {
                limit: if f.limit == 0 { 50 } else { f.limit },
                ..f
            })
            .unwrap()
    };
    let at_jal = ConciliationFilter {
        center: Some(jal()),
        ..ConciliationFilter::default()
    };
    assert_eq!(ids(&list(at_jal.clone()).items), [6, 5, 4, 3, 2, 1]);
    assert_eq!(
        ids(&list(ConciliationFilter {
            center: Some(Jurisdiction::Federal),
            ..ConciliationFilter::default()
        })
        .items),
        [c7]
    );
    assert_eq!(summary(store, c7).folio, "SC-FED-2026-0000007");
    assert_eq!(ids(&list(ConciliationFilter::default()).items).len(), 7);
    // Keyset pages of two, newest first.
    let mut seen = Vec::new();
    let mut after = None;
    loop {
        let page = list(ConciliationFilter {
            limit: 2,
            after,
            ..at_jal.clone()
        });
        seen.extend(ids(&page.items));
        match page.next_after {
            Some(n) => after = Some(n),
            None => break,
        }
    }
    assert_eq!(seen, [6, 5, 4, 3, 2, 1]);
    // By status, conciliator, folio.
    let by_status = |st: Status| {
        ids(&list(ConciliationFilter {
            status: Some(st),
            ..at_jal.clone()
        })
        .items)
    };
    assert_eq!(by_status(Status::HearingScheduled), [c6]);
    assert_eq!(by_status(Status::Settled), [c1]);
    assert_eq!(by_status(Status::NotConciliated), [c2]);
    assert_eq!(by_status(Status::Archived), [c3]);
    assert_eq!(by_status(Status::Exempt), [c[3]]);
    assert_eq!(by_status(Status::Forwarded), [c[4]]);
    assert_eq!(
        ids(&list(ConciliationFilter {
            conciliator_id: Some(s.a),
            ..ConciliationFilter::default()
        })
        .items),
        [c6, c3, c1]
    );
    assert_eq!(
        ids(&list(ConciliationFilter {
            folio: Some("SC-14-2026-0000002".into()),
            ..ConciliationFilter::default()
        })
        .items),
        [c2]
    );
    // Due by 10 March: case 6, whose summons for Thursday 19 March must be served by Tuesday 10
    // (the five working days 11, 12, 13, 17, 18 March, the 16th a rest day), and case 7, with
    // 24 hours to forward (3 March).
    assert_eq!(summary(store, c6).next_deadline, Some(day(3, 10)));
    assert_eq!(summary(store, c7).next_deadline, Some(day(3, 3)));
    assert_eq!(
        ids(&list(ConciliationFilter {
            due_on_or_before: Some(day(3, 10)),
            ..ConciliationFilter::default()
        })
        .items),
        [c7, c6]
    );
    assert_eq!(
        ids(&list(ConciliationFilter {
            due_on_or_before: Some(day(3, 10)),
            ..at_jal.clone()
        })
        .items),
        [c6]
    );
    // The agenda, by date and time.
    let agenda = store.conciliation_agenda(jal(), None, day(3, 16), day(3, 20)).unwrap();
    assert_eq!(ids(&agenda), [c1, c3, c2, c6]);
    assert_eq!(
        agenda
            .iter()
            .map(|a| a.hearing_time.unwrap().to_string())
            .collect::<Vec<_>>(),
        ["10:00:00", "11:00:00", "10:00:00", "10:00:00"]
    );
    assert_eq!(agenda[2].room_id, None, "a remote hearing has no room");
    assert_eq!(
        ids(&store
            .conciliation_agenda(jal(), Some(s.a), day(3, 16), day(3, 20))
            .unwrap()),
        [c1, c3, c6]
    );
    assert!(store
        .conciliation_agenda(jal(), None, day(3, 20), day(3, 31))
        .unwrap()
        .is_empty());
    assert!(store
        .conciliation_agenda(cdmx(), None, day(3, 1), day(3, 31))
        .unwrap()
        .is_empty());
    // Loads: Jalisco's conciliators only (not C of Mexico City, nor the inspector).
    let loads = store.conciliator_loads(jal(), day(3, 16), day(3, 20)).unwrap();
    assert_eq!(loads, [(s.a, 3), (s.b, 1)]);
    assert_eq!(pick_conciliator(&loads), Some(s.b));
    let loads = store.conciliator_loads(jal(), day(3, 19), day(3, 19)).unwrap();
    assert_eq!(loads, [(s.a, 1), (s.b, 0)]);
    assert_eq!(pick_conciliator(&loads), Some(s.b));
    assert_eq!(
        store.conciliator_loads(cdmx(), day(3, 1), day(3, 31)).unwrap(),
        [(s.c, 0)]
    );
    // A hearing set for a conciliator counts in the load.
    let mut r = Run::new(store);
    r.on(day(3, 3));
    let next = r.file(jal(), request(RFC_LUPE, "14", "722514"));
    r.run(
        next,
        Command::ScheduleHearing {
            slot: slot(day(3, 19), 12, s.b, room("Sala 1")),
        },
    );
    assert_eq!(
        store.conciliator_loads(jal(), day(3, 19), day(3, 19)).unwrap(),
        [(s.a, 1), (s.b, 1)]
    );
    assert_eq!(pick_conciliator(&[(s.a, 1), (s.b, 1)]), Some(s.a.min(s.b)));
}

/// The labour courts' lookup finds a constancia by the worker's CURP, the employer's RFC and the
/// folio, and nothing for the settled, archived, exempt, forwarded or open cases.
pub fn conciliation_certificates_lookup(ctx: &Ctx) {
    let store = &ctx.store;
    let s = setup(store);
    let c = scenario(store, &s);
    let expected = faro_store::conciliation::CertificateHit {
        folio: "SC-14-2026-0000002".into(),
        center: jal(),
        kind: ConstanciaKind::NoAgreement,
        issued_on: day(3, 18),
    };
    assert_eq!(store.certificates_for(CURP).unwrap(), std::slice::from_ref(&expected));
    assert_eq!(
        store.certificates_for(&CURP.to_lowercase()).unwrap(),
        std::slice::from_ref(&expected)
    );
    assert_eq!(
        store.certificates_for(OTHER_RFC).unwrap(),
        std::slice::from_ref(&expected)
    );
    assert_eq!(store.certificates_for(" sc-14-2026-0000002 ").unwrap(), [expected]);
    // Lupe is the summoned party of every other case: none has a constancia.
    assert!(store.certificates_for(RFC_LUPE).unwrap().is_empty());
    for id in [c[0], c[2], c[3], c[4], c[5], c[6]] {
        let folio = summary(store, id).folio;
        assert!(store.certificates_for(&folio).unwrap().is_empty(), "{folio}");
    }
    assert!(store.certificates_for("").unwrap().is_empty());
    assert!(store.certificates_for("GODE561231GR8").unwrap().is_empty());
}

/// The rollup after the scenario, rebuilt from the cases, and the statistics read from it.
pub fn conciliation_rollup_and_stats(ctx: &Ctx) {
    let store = &ctx.store;
    let s = setup(store);
    scenario(store, &s);
    let incremental = snapshot(store, ROLLUP);
    store.rebuild_conciliation_rollup().unwrap();
    assert_same(&incremental, &snapshot(store, ROLLUP));
    let march = Month::new(2026, 3).unwrap();
    let stats = store.conciliation_stats(Some(jal()), march.minus(1), march).unwrap();
    let t = &stats.total;
    // Cases 1 to 6: 5 requests (case 5 forwarded), 1 convenio, 1 constancia, 1 archived, 1
    // exempt; closed: 1, 2, 3, 4; days: 15 (1) + 16 (2) + 15 (3) + 0 (4).
    assert_eq!(
        (
            t.cases,
            t.requests,
            t.settled,
            t.not_conciliated,
            t.archived,
            t.exempt,
            t.forwarded
        ),
        (6, 5, 1, 1, 1, 1, 1)
    );
    assert_eq!((t.closed, t.agreed, t.days_to_close), (4, 3_000_000, 46));
    assert_eq!(t.settlement_rate(), Some(0.5));
    assert_eq!(
        stats
            .by_month
            .iter()
            .map(|m| (m.key.as_str(), m.cases))
            .collect::<Vec<_>>(),
        [("2026-02", 0), ("2026-03", 6)]
    );
    assert_eq!(
        stats
            .by_sector
            .iter()
            .map(|m| (m.key.as_str(), m.cases))
            .collect::<Vec<_>>(),
        [("46", 1), ("72", 5)]
    );
    let all = store.conciliation_stats(None, march, march).unwrap();
    assert_eq!(
        all.by_center
            .iter()
            .map(|m| (m.key.as_str(), m.cases, m.requests))
            .collect::<Vec<_>>(),
        [("14", 6, 5), ("federal", 1, 1)]
    );
    assert_eq!(all.total.cases, 7);
    let federal = store
        .conciliation_stats(Some(Jurisdiction::Federal), march, march)
        .unwrap();
    assert_eq!((federal.total.cases, federal.total.closed), (1, 0));
    assert_eq!(
        store
            .conciliation_stats(None, Month::new(2026, 4).unwrap(), Month::new(2026, 4).unwrap())
            .unwrap()
            .total,
        Default::default()
    );
}

const TABLES: &[(&str, &str)] = &[
    (
        "conciliation_cases",
        "SELECT id, folio, center, status, track, object, channel, received_at, filed_on, procedure_limit,
             next_deadline, conciliator_id, hearing_on, hearing_time, room_id, employer_id, workplace_id, state, sector,
             outcome, agreed, closed_on, ended_at, state_json FROM conciliation_cases ORDER BY id",
    ),
    (
        "conciliation_parties",
        "SELECT * FROM conciliation_parties ORDER BY case_id, role, identifier",
    ),
];

const ROLLUP: &[(&str, &str)] = &[(
    "conciliation_rollup",
    "SELECT * FROM conciliation_rollup ORDER BY month, center, sector",
)];

fn snapshot(store: &Store, tables: &[(&str, &str)]) -> Vec<(String, Vec<Row>)> {
    tables
        .iter()
        .map(|(name, sql)| (name.to_string(), store.read(|tx| tx.query(sql, &[])).expect("dump")))
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

/// A second, empty store of the same backend as the case's.
fn twin(ctx: &Ctx) -> Ctx {
    match ctx.store.backend() {
        faro_store::Backend::Sqlite => Ctx::sqlite(),
        faro_store::Backend::Postgres => Ctx::postgres(&pg_admin_url().expect("the PostgreSQL URL")),
    }
}

/// Every case of the store as a history, from the events its commands logged.
fn histories_from_log(store: &Store) -> Vec<ConciliationHistory> {
    let ids = store
        .read(|tx| tx.query("SELECT id FROM conciliation_cases ORDER BY id", &[]))
        .unwrap();
    ids.iter()
        .map(|r| {
            let id = r.i64(0).unwrap();
            let events = store
                .history(&format!("conciliation/{id}"), &[])
                .unwrap()
                .iter()
                .filter(|e| e.kind.starts_with("conciliation."))
                .map(|e| serde_json::from_str(&store.event(e.seq).unwrap().unwrap().payload).unwrap())
                .collect();
            ConciliationHistory {
                events,
                state: store.conciliation_case(id).unwrap().unwrap().1,
                registry: None,
            }
        })
        .collect()
}

/// The events the commands logged, imported in bulk into another database, give the same read
/// rows and, rebuilt, the same rollup; the batch is one event carrying every case's events.
pub fn conciliation_bulk_import_matches_the_command_path(ctx: &Ctx) {
    let commanded = &ctx.store;
    let s = setup(commanded);
    scenario(commanded, &s);
    let other = twin(ctx);
    let bulk = &other.store;
    setup(bulk);
    let histories = histories_from_log(commanded);
    assert_eq!(histories.len(), 7);
    // A history whose state is not what its events give is refused, and writes nothing.
    let before = event_count(bulk);
    let mut wrong = histories[0].clone();
    wrong.state.fine_requested = true;
    let e = bulk
        .import_conciliation_histories(&system(), crate::fixtures::t0(), &[wrong])
        .unwrap_err();
    assert!(
        matches!(e, StoreError::Domain(ref d) if d.code == "import.history_inconsistent"),
        "{e}"
    );
    let mut headless = histories[0].clone();
    headless.events.remove(0);
    assert!(bulk
        .import_conciliation_histories(&system(), crate::fixtures::t0(), &[headless])
        .is_err());
    assert!(bulk
        .import_conciliation_histories(&system(), crate::fixtures::t0(), &[])
        .is_err());
    assert_eq!(event_count(bulk), before);

    let (first, rest) = histories.split_at(3);
    let one = bulk
        .import_conciliation_histories(&system(), crate::fixtures::t0(), first)
        .unwrap();
    let two = bulk
        .import_conciliation_histories(&system(), crate::fixtures::t0(), rest)
        .unwrap();
    assert_eq!((one.cases, two.cases), (3, 4));
    assert_eq!(
        (one.events + two.events) as usize,
        histories.iter().map(|h| h.events.len()).sum::<usize>()
    );
    assert_eq!(event_count(bulk), two.seq);
    bulk.rebuild_conciliation_rollup().unwrap();
    assert_same(&snapshot(commanded, TABLES), &snapshot(bulk, TABLES));
    assert_same(&snapshot(commanded, ROLLUP), &snapshot(bulk, ROLLUP));
    let ev = bulk.event(one.seq).unwrap().unwrap();
    assert_eq!(
        (ev.kind.as_str(), ev.subject.as_str()),
        (BATCH_IMPORTED, "import/conciliation")
    );
    let payload: serde_json::Value = serde_json::from_str(&ev.payload).unwrap();
    assert_eq!(payload["cases"][2]["subject"], "conciliation/3");
    assert_eq!(payload["cases"][0]["events"][0]["type"], "filed");
    assert!(bulk.verify_chain().unwrap().is_intact());
    // The history of an imported case, from its batch.
    let imported = bulk.imported_conciliation_history("conciliation/1").unwrap();
    assert_eq!(
        imported.iter().map(|e| e.kind.as_str()).collect::<Vec<_>>(),
        histories[0].events.iter().map(Event::kind).collect::<Vec<_>>()
    );
    assert!(imported.iter().all(|e| e.seq == one.seq));
    // A case's history (what its page shows) includes them.
    assert_eq!(bulk.history("conciliation/1", &[]).unwrap(), imported);
    assert!(bulk
        .imported_conciliation_history("conciliation/99")
        .unwrap()
        .is_empty());
    // The same lookups work on the imported cases.
    assert_eq!(bulk.certificates_for(CURP).unwrap().len(), 1);
    // An imported case takes commands where it stopped: case 6 gets its summons served.
    let mut r = Run::new(bulk);
    r.serve(6, day(3, 9));
    assert_eq!(summary(bulk, 6).next_deadline, Some(day(3, 19)));
    let mut r = Run::new(commanded);
    r.serve(6, day(3, 9));
    let incremental = snapshot(bulk, ROLLUP);
    bulk.rebuild_conciliation_rollup().unwrap();
    assert_same(&incremental, &snapshot(bulk, ROLLUP));
    assert_same(&snapshot(commanded, ROLLUP), &snapshot(bulk, ROLLUP));
}

/// A loader that knows the registry place of its cases (the demo) gives it, and an interrupted
/// load resumes after the highest workplace stored.
pub fn conciliation_bulk_keeps_the_registry_place_it_is_given(ctx: &Ctx) {
    let commanded = &ctx.store;
    let s = setup(commanded);
    scenario(commanded, &s);
    let other = twin(ctx);
    let bulk = &other.store;
    setup(bulk);
    assert_eq!(bulk.imported_conciliations_through().unwrap(), None);
    let places: Vec<(i64, i64)> = bulk
        .read(|tx| tx.query("SELECT employer_id, id FROM workplaces ORDER BY id LIMIT 2", &[]))
        .unwrap()
        .iter()
        .map(|r| (r.i64(0).unwrap(), r.i64(1).unwrap()))
        .collect();
    let mut histories = histories_from_log(commanded);
    histories.truncate(2);
    histories[0].registry = Some(places[0]);
    histories[1].registry = Some(places[1]);
    bulk.import_conciliation_histories(&system(), crate::fixtures::t0(), &histories)
        .unwrap();
    let stored: Vec<(Option<i64>, Option<i64>)> = bulk
        .read(|tx| {
            tx.query(
                "SELECT employer_id, workplace_id FROM conciliation_cases ORDER BY id",
                &[],
            )
        })
        .unwrap()
        .iter()
        .map(|r| (r.opt_i64(0).unwrap(), r.opt_i64(1).unwrap()))
        .collect();
    assert_eq!(
        stored,
        places.iter().map(|(e, w)| (Some(*e), Some(*w))).collect::<Vec<_>>()
    );
    assert_eq!(bulk.imported_conciliations_through().unwrap(), Some(places[1].1));
}
