//! Shared test data: fixed times, actors, drafts, a registry batch, users, and seeded events.

use chrono::{DateTime, Duration, NaiveDate, TimeZone, Utc};
use faro_core::registry::{EmployerDraft, PersonKind, RegistryBatch, SizeBand, WorkplaceDraft};
use faro_core::{Actor, Jurisdiction, NewEvent, Role, StateCode};
use faro_store::users::{NewUser, User};
use faro_store::{EventRecord, Store, StoreError};

/// A fixed instant, so stored times are predictable; `at(n)` is `n` seconds after it.
pub fn t0() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 3, 2, 10, 0, 0)
        .single()
        .expect("a valid fixed time")
}

pub fn at(seconds: i64) -> DateTime<Utc> {
    t0() + Duration::seconds(seconds)
}

pub fn system() -> Actor {
    Actor::system("conformance")
}

pub fn state(code: u8) -> StateCode {
    StateCode::new(code).expect("a valid state code")
}

pub fn employer(rfc: Option<&str>, name: &str, person_kind: PersonKind) -> EmployerDraft {
    EmployerDraft {
        rfc: rfc.map(str::to_string),
        name: name.to_string(),
        legal_form: match person_kind {
            PersonKind::LegalEntity => "S.A. de C.V.".into(),
            PersonKind::Individual => String::new(),
        },
        person_kind,
    }
}

pub fn workplace(
    source_key: &str,
    name: &str,
    st: u8,
    municipality: &str,
    scian: &str,
    band: SizeBand,
) -> WorkplaceDraft {
    WorkplaceDraft {
        source_key: source_key.to_string(),
        name: name.to_string(),
        denue_id: None,
        street: "Av. Reforma".into(),
        exterior_number: "12".into(),
        settlement: "Centro".into(),
        postal_code: "06000".into(),
        locality: "Ciudad".into(),
        state: state(st),
        municipality: municipality.to_string(),
        scian_class: scian.to_string(),
        size_band: band,
        headcount: None,
        latitude: None,
        longitude: None,
        registered_on: None,
    }
}

/// A workplace with every optional field filled, to check that each one round-trips.
pub fn full_workplace(source_key: &str) -> WorkplaceDraft {
    WorkplaceDraft {
        denue_id: Some(6_543_210),
        headcount: Some(23),
        latitude: Some(19.432_608),
        longitude: Some(-99.133_209),
        registered_on: NaiveDate::from_ymd_opt(2019, 5, 1),
        ..workplace(
            source_key,
            "Panadería El Sol Centro",
            9,
            "09015",
            "311812",
            SizeBand::B11To30,
        )
    }
}

pub const RFC_SOL: &str = "PES010101AB1";
pub const RFC_LUPE: &str = "GDL990101XY2";
pub const KEY_SOL: &str = "rfc:PES010101AB1";
pub const KEY_LUPE: &str = "rfc:GDL990101XY2";
pub const KEY_ESPERANZA: &str = "name:ABARROTES LA ESPERANZA";

/// Three employers and six workplaces spread over states, municipalities, SCIAN codes and sizes.
///
/// | key     | name                                  | employer   | state | municipality | scian  | band  |
/// |---------|---------------------------------------|------------|-------|--------------|--------|-------|
/// | demo:1  | Panadería El Sol Centro               | Sol        | 09    | 09015        | 311812 | 11-30 |
/// | demo:2  | Panadería El Sol Norte                | Sol        | 09    | 09005        | 311812 | 6-10  |
/// | demo:3  | Taquería Doña Lupe                    | Lupe       | 14    | 14039        | 722514 | 0-5   |
/// | demo:4  | Abarrotes La Esperanza                | Esperanza  | 14    | 14039        | 461110 | 0-5   |
/// | demo:5  | Abarrotes La Esperanza Sucursal       | Esperanza  | 14    | 14120        | 461110 | 0-5   |
/// | demo:6  | Tacos Lupe Express                    | Lupe       | 09    | 09015        | 722514 | 6-10  |
pub fn registry_batch() -> RegistryBatch {
    RegistryBatch {
        source: "demo".into(),
        employers: vec![
            (
                KEY_SOL.into(),
                employer(Some(RFC_SOL), "Panificadora El Sol", PersonKind::LegalEntity),
            ),
            (
                KEY_LUPE.into(),
                employer(Some(RFC_LUPE), "Grupo Doña Lupe", PersonKind::LegalEntity),
            ),
            (
                KEY_ESPERANZA.into(),
                employer(None, "Abarrotes La Esperanza", PersonKind::Individual),
            ),
        ],
        workplaces: vec![
            (KEY_SOL.into(), full_workplace("demo:1")),
            (
                KEY_SOL.into(),
                workplace(
                    "demo:2",
                    "Panadería El Sol Norte",
                    9,
                    "09005",
                    "311812",
                    SizeBand::B6To10,
                ),
            ),
            (
                KEY_LUPE.into(),
                workplace("demo:3", "Taquería Doña Lupe", 14, "14039", "722514", SizeBand::B0To5),
            ),
            (
                KEY_ESPERANZA.into(),
                workplace(
                    "demo:4",
                    "Abarrotes La Esperanza",
                    14,
                    "14039",
                    "461110",
                    SizeBand::B0To5,
                ),
            ),
            (
                KEY_ESPERANZA.into(),
                workplace(
                    "demo:5",
                    "Abarrotes La Esperanza Sucursal",
                    14,
                    "14120",
                    "461110",
                    SizeBand::B0To5,
                ),
            ),
            (
                KEY_LUPE.into(),
                workplace("demo:6", "Tacos Lupe Express", 9, "09015", "722514", SizeBand::B6To10),
            ),
        ],
    }
}

pub fn new_user<'a>(username: &'a str, jurisdiction: Jurisdiction) -> NewUser<'a> {
    NewUser {
        username,
        display_name: "Ana Pérez",
        role: Role::Inspector,
        jurisdiction,
        password_hash: "$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA",
        language: "es",
    }
}

/// Creates a user and reads it back.
pub fn make_user(store: &Store, username: &str) -> User {
    store
        .create_user(&system(), t0(), &new_user(username, Jurisdiction::State(state(9))))
        .expect("create a user");
    store
        .user_by_username(username)
        .expect("read a user")
        .expect("the user exists")
}

/// Appends `n` plain events (through `record_event`) and returns the whole log.
pub fn seed_events(store: &Store, n: i64) -> Vec<EventRecord> {
    for i in 1..=n {
        let ev = NewEvent::new(
            "test.happened",
            Jurisdiction::Federal,
            format!("thing/{i}"),
            serde_json::json!({ "n": i, "note": "ñandú" }),
        );
        store.record_event(&system(), at(i), &ev).expect("record an event");
    }
    all_events(store)
}

pub fn all_events(store: &Store) -> Vec<EventRecord> {
    let head = store.counts().expect("counts").events;
    (1..=head)
        .map(|seq| store.event(seq).expect("read an event").expect("the event exists"))
        .collect()
}

pub fn event_count(store: &Store) -> i64 {
    store.counts().expect("counts").events
}

pub fn assert_conflict<T: std::fmt::Debug>(r: Result<T, StoreError>) {
    match r {
        Err(StoreError::Conflict(_)) => {}
        other => panic!("expected a Conflict, got {other:?}"),
    }
}
