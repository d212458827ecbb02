//! The public search of the union registry (`/union-registry`, `/api/v1/public/union-registry/search`)
//! and its index kept current from the store (`faro_web::registry_search::RegistryIndex`).
//!
//! The seed, through the store's commands (2022): two registered unions (CDMX, federation CTM;
//! Nuevo León, federation CROC), and two legacy agreements registered with a public version:
//! one in Guadalajara (Jalisco) whose text speaks of "capacitación", one in Monterrey (Nuevo León)
//! about "despensa". A third agreement is deposited after the index first caught up.

use std::sync::OnceLock;

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use axum::Router;
use chrono::{DateTime, Duration, NaiveDate, Utc};
use faro_core::calendar::DayCount;
use faro_core::ids::curp::{build, CurpParts};
use faro_core::ids::Sex;
use faro_core::union::agreement::{self, AgreementKind, DepositInput};
use faro_core::union::members::MemberInput;
use faro_core::union::minimums::AgreementDuration;
use faro_core::union::registration::{self, DocumentKind, FilingInput, Leadership, Officer, StatuteClause, UnionType};
use faro_core::union::{RegistrarSettings, UnionRules};
use faro_core::{Actor, StateCode};
use faro_store::unions::{AgreementTarget, Site, UnionLaw, UnionSite, UnionTarget};
use faro_store::Store;
use faro_web::registry_search::{RegistryIndex, CURSOR_FILE};
use faro_web::{AppState, WebConfig};
use http_body_util::BodyExt;
use serde_json::Value;
use tower::ServiceExt;

use crate::support::{catalogs, html_escape, Fixture};

/// A text of this module's locale files (the shared test locale does not load them).
fn text(lang: &str, key: &str) -> String {
    let file = match lang {
        "es" => include_str!("../../locales/registry_search.es.json"),
        _ => include_str!("../../locales/registry_search.en.json"),
    };
    let table: std::collections::HashMap<String, String> = serde_json::from_str(file).unwrap();
    table
        .get(key)
        .cloned()
        .unwrap_or_else(|| panic!("no {lang} text for {key}"))
}

const RFC_JALISCO: &str = "MAB9307148T4";
const RFC_NL: &str = "GOM0105157H5";

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

fn settings() -> &'static RegistrarSettings {
    static S: OnceLock<RegistrarSettings> = OnceLock::new();
    S.get_or_init(|| RegistrarSettings {
        unspecified_days: DayCount::Working,
    })
}

fn curp(n: u32) -> String {
    let letter = |k: u32| char::from(b'A' + u8::try_from(k % 26).unwrap());
    let initials: String = [n / 17576, n / 676, n / 26, n].iter().map(|k| letter(*k)).collect();
    build(&CurpParts {
        initials: &initials,
        birth_date: day(1980 + i32::try_from(n % 15).unwrap(), 1 + n % 12, 1 + n % 28),
        sex: Sex::Female,
        state: "DF",
        consonants: "RNL",
        differentiator: '0',
    })
    .unwrap()
    .as_str()
    .to_string()
}

/// Drives the registry's commands with a clock that only moves forward.
struct Seed<'a> {
    store: &'a Store,
    app: &'a AppState,
    now: DateTime<Utc>,
    next_curp: u32,
}

impl<'a> Seed<'a> {
    fn new(store: &'a Store, app: &'a AppState) -> Self {
        Seed {
            store,
            app,
            now: day(2022, 3, 7).and_hms_opt(15, 0, 0).unwrap().and_utc(),
            next_curp: 0,
        }
    }

    fn law(&self) -> UnionLaw<'_> {
        UnionLaw {
            law: &self.app.law,
            rules: UnionRules::official().unwrap(),
            settings: settings(),
        }
    }

    fn tick(&mut self) -> DateTime<Utc> {
        self.now += Duration::minutes(1);
        self.now
    }

    /// Files and registers a union of 22 members.
    fn union(&mut self, name: &str, state: u8, federation: &str, number: &str) -> i64 {
        let base = self.next_curp;
        self.next_curp += 22;
        let members = (0..22)
            .map(|i| MemberInput {
                name: format!("Agremiada {}", base + i),
                curp: curp(base + i),
                rfc: String::new(),
                address: "Calle Hidalgo 1".into(),
                workplace: "Planta".into(),
            })
            .collect();
        let filing = FilingInput {
            name: name.into(),
            union_type: UnionType::Company,
            address: "Av. Reforma 10".into(),
            founded_on: day(2022, 3, 4),
            purpose: "El estudio, mejoramiento y defensa de los intereses de sus miembros".into(),
            confederation: federation.into(),
            documents: DocumentKind::ALL.to_vec(),
            statute_clauses: StatuteClause::ALL.to_vec(),
            members,
            leadership: Leadership {
                officers: vec![Officer {
                    name: "Agremiada General".into(),
                    office: "Secretaria General".into(),
                }],
                elected_on: day(2022, 3, 4),
                term_from: day(2022, 3, 4),
                term_until: day(2026, 3, 3),
                vote: None,
            },
        };
        let now = self.tick();
        let site = UnionSite {
            state: StateCode::new(state).unwrap(),
            federal: false,
        };
        let id = self
            .store
            .union_command(
                &self.law(),
                &Actor::system("test"),
                now,
                UnionTarget::New(site),
                &registration::Command::File {
                    filing: Box::new(filing),
                },
            )
            .expect("file a union")
            .id;
        let now = self.tick() + Duration::days(8);
        self.now = now;
        self.store
            .union_command(
                &self.law(),
                &Actor::system("test"),
                now,
                UnionTarget::Existing(id),
                &registration::Command::Register {
                    registration_number: number.into(),
                },
            )
            .expect("register a union");
        id
    }

    fn agreement_command(&mut self, target: &AgreementTarget, c: agreement::Command) -> i64 {
        let now = self.tick();
        self.store
            .agreement_command(&self.law(), &Actor::system("test"), now, target, &c)
            .unwrap_or_else(|e| panic!("{}: {e}", c.name()))
            .id
    }

    /// Deposits a legacy agreement of `union` at `municipality`, registers it and publishes
    /// `public_text` as its public version.
    #[allow(clippy::too_many_arguments)]
    fn agreement(
        &mut self,
        union: (&str, &str),
        employer: (&str, &str),
        state: u8,
        municipality: &str,
        number: &str,
        public_text: &str,
    ) -> i64 {
        let input = DepositInput {
            kind: AgreementKind::Legacy,
            union_name: union.0.into(),
            union_registration: union.1.into(),
            employer_name: employer.0.into(),
            employer_rfc: employer.1.into(),
            scope: format!("Centros de {}", employer.0),
            covered_workers: 120,
            signed_on: day(2015, 5, 20),
            effective_from: None,
            duration: AgreementDuration::Indefinite,
            certificate: None,
            approval: None,
            terms: None,
            legacy_number: format!("LEG-{number}"),
            legacy_deposited_on: Some(day(2015, 6, 1)),
        };
        let id = self.agreement_command(
            &AgreementTarget::New(Site {
                workplace_id: None,
                state: Some(StateCode::new(state).unwrap()),
                municipality: municipality.into(),
                sector: "722514".into(),
                federal: false,
            }),
            agreement::Command::Deposit { input: Box::new(input) },
        );
        let target = AgreementTarget::Existing(id);
        // A legacy deposit may already stand registered.
        let status = self.store.agreement(id).unwrap().unwrap().summary.status;
        if status == agreement::Status::Deposited {
            self.agreement_command(
                &target,
                agreement::Command::Register {
                    registration_number: number.into(),
                },
            );
        }
        self.agreement_command(
            &target,
            agreement::Command::PublishPublicVersion {
                text: public_text.into(),
                names: vec![],
            },
        );
        id
    }
}

const UNION_CDMX: (&str, &str) = (
    "Sindicato de Trabajadores de Alimentos del Valle",
    "CFCRL-SIND-2022-0101",
);
const UNION_NL: (&str, &str) = (
    "Sindicato Progresista de Restaurantes del Norte",
    "CFCRL-SIND-2022-0102",
);

struct World {
    f: Fixture,
    state: AppState,
    jalisco: i64,
    nuevo_leon: i64,
}

/// The seed, and an app whose index caught up once.
fn world() -> World {
    let f = Fixture::new();
    let state = AppState::new(f.store.clone(), catalogs(), WebConfig { secure_cookies: false }).unwrap();
    let mut seed = Seed::new(&f.store, &state);
    seed.union(UNION_CDMX.0, 9, "Confederación de Trabajadores de México", UNION_CDMX.1);
    seed.union(
        UNION_NL.0,
        19,
        "Confederación Revolucionaria de Obreros y Campesinos",
        UNION_NL.1,
    );
    let jalisco = seed.agreement(
        UNION_CDMX,
        ("Cocinas Tapatías", RFC_JALISCO),
        14,
        "14039",
        "CCT-2022-0001",
        "Cláusula 7. La empresa impartirá capacitación técnica a todo el personal de cocina. \
         Cláusula 8. El aguinaldo será de treinta días de salario.",
    );
    let nuevo_leon = seed.agreement(
        UNION_NL,
        ("Restaurantes Regios", RFC_NL),
        19,
        "19039",
        "CCT-2022-0002",
        "Cláusula 3. Los trabajadores recibirán despensa mensual en especie.",
    );
    state.registry_index.catch_up(&f.store).expect("catch up");
    World {
        f,
        state,
        jalisco,
        nuevo_leon,
    }
}

async fn get(app: &Router, uri: &str, lang: &str) -> (StatusCode, String) {
    let req = Request::builder()
        .uri(uri)
        .header(header::ACCEPT_LANGUAGE, lang)
        .body(Body::empty())
        .unwrap();
    let resp = app.clone().oneshot(req).await.unwrap();
    let status = resp.status();
    let body = resp.into_body().collect().await.unwrap().to_bytes();
    // The templates escape '/' in attributes.
    (status, String::from_utf8_lossy(&body).replace("&#x2f;", "/"))
}

async fn api(app: &Router, query: &str) -> (StatusCode, Value) {
    let (status, body) = get(app, &format!("/api/v1/public/union-registry/search?{query}"), "es").await;
    (status, serde_json::from_str(&body).unwrap_or(Value::Null))
}

fn count(facet: &Value, value: &str) -> u64 {
    facet
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["value"] == value)
        .map_or(0, |c| c["count"].as_u64().unwrap())
}

#[tokio::test]
async fn an_accentless_plural_finds_the_clause_with_a_highlighted_snippet() {
    let w = world();
    let app = faro_web::app(w.state.clone());
    let (status, html) = get(&app, "/union-registry?q=capacitaciones", "es").await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("<mark>capacitación</mark>"), "{html}");
    assert!(html.contains(&format!("/union-registry/agreements/{}", w.jalisco)));
    assert!(!html.contains(&format!("/union-registry/agreements/{}\"", w.nuevo_leon)));
    assert!(html.contains(&html_escape(&text("es", "ureg_search.title"))));
    let (_, json) = api(&app, "q=capacitaciones").await;
    assert_eq!(json["total"], 1);
    assert_eq!(json["hits"][0]["id"], w.jalisco.to_string());
    assert_eq!(json["hits"][0]["state"], "Jalisco");
    assert_eq!(json["hits"][0]["municipality"], "Guadalajara");
    assert!(json["hits"][0]["snippet"]
        .as_str()
        .unwrap()
        .contains("<mark>capacitación</mark>"));
}

#[tokio::test]
async fn facets_count_and_a_filter_narrows() {
    let w = world();
    let app = faro_web::app(w.state.clone());
    let (status, all) = api(&app, "").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(all["total"], 4);
    assert_eq!(count(&all["facets"]["kind"], "union"), 2);
    assert_eq!(count(&all["facets"]["kind"], "agreement"), 2);
    assert_eq!(count(&all["facets"]["state"], "Nuevo León"), 2);
    assert_eq!(count(&all["facets"]["state"], "Jalisco"), 1);
    assert_eq!(
        count(&all["facets"]["federation"], "Confederación de Trabajadores de México"),
        2
    );
    // By state code or name, and by kind: the filters narrow.
    let (_, nl) = api(&app, "state=19&kind=agreement").await;
    assert_eq!(nl["total"], 1);
    assert_eq!(nl["hits"][0]["id"], w.nuevo_leon.to_string());
    let (_, by_name) = api(&app, "state=Nuevo%20Le%C3%B3n").await;
    assert_eq!(by_name["total"], 2);
    // The page shows the facet counts as links that filter.
    let (_, html) = get(&app, "/union-registry", "es").await;
    assert!(
        html.contains("href=\"/union-registry?state=Nuevo+Le%C3%B3n\""),
        "{html}"
    );
    assert!(html.contains("(2)"));
}

#[tokio::test]
async fn a_new_command_is_found_after_catch_up() {
    let w = world();
    let app = faro_web::app(w.state.clone());
    let (_, before) = api(&app, "q=lavanderia").await;
    assert_eq!(before["total"], 0);
    let mut seed = Seed::new(&w.f.store, &w.state);
    seed.now = day(2022, 6, 1).and_hms_opt(15, 0, 0).unwrap().and_utc();
    let id = seed.agreement(
        UNION_CDMX,
        ("Lavanderías del Bajío", RFC_NL),
        11,
        "11020",
        "CCT-2022-0003",
        "Cláusula 1. Servicio de lavandería para la ropa de trabajo.",
    );
    let done = w.state.registry_index.catch_up_now(&w.f.store).unwrap();
    assert_eq!((done.unions, done.agreements), (0, 1));
    let (_, after) = api(&app, "q=lavanderia").await;
    assert_eq!(after["total"], 1);
    assert_eq!(after["hits"][0]["id"], id.to_string());
    // Nothing new: nothing indexed.
    let again = w.state.registry_index.catch_up_now(&w.f.store).unwrap();
    assert_eq!((again.unions, again.agreements), (0, 0));
}

#[tokio::test]
async fn a_reopened_index_continues_from_its_cursor() {
    let w = world();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("search").join("registry");
    let seq = {
        let index = RegistryIndex::open_dir(&path, catalogs()).unwrap();
        let done = index.catch_up(&w.f.store).unwrap();
        assert_eq!((done.unions, done.agreements), (2, 2));
        assert!(done.seq > 0);
        index.indexed_seq()
    };
    assert!(path.join(CURSOR_FILE).exists());
    let index = RegistryIndex::open_dir(&path, catalogs()).unwrap();
    assert_eq!(index.indexed_seq(), seq);
    let done = index.catch_up(&w.f.store).unwrap();
    assert_eq!((done.unions, done.agreements), (0, 0), "nothing is indexed twice");
    assert_eq!(index.index().num_docs(), 4);
    // Served from the directory.
    let state = w
        .state
        .clone()
        .with_registry_index_dir(dir.path().join("other"))
        .unwrap();
    state.registry_index.catch_up(&w.f.store).unwrap();
    let app = faro_web::app(state);
    let (_, json) = api(&app, "q=despensas").await;
    assert_eq!(json["total"], 1);
}

#[tokio::test]
async fn a_rebuild_gives_the_same_index() {
    let w = world();
    let done = w.state.registry_index.rebuild(&w.f.store).unwrap();
    assert_eq!((done.unions, done.agreements), (2, 2));
    assert_eq!(w.state.registry_index.index().num_docs(), 4);
}

#[tokio::test]
async fn bad_input_is_a_400_in_the_users_language() {
    let w = world();
    let app = faro_web::app(w.state.clone());
    let long = format!("q={}", "a".repeat(600));
    for (query, key) in [
        ("state=Atlantis", "ureg_search.error.state"),
        ("from=2024-02-30", "ureg_search.error.date"),
        ("sort=azar", "ureg_search.error.sort"),
        ("page=abc", "ureg_search.error.page"),
        ("from=2024-05-01&to=2024-01-01", "ureg_search.error.dates_reversed"),
        (long.as_str(), "ureg_search.error.too_long"),
    ] {
        let (status, html) = get(&app, &format!("/union-registry?{query}"), "es").await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{query}");
        let first = text("es", key);
        let fixed = first.split('{').next().unwrap();
        assert!(html.contains(&html_escape(fixed)), "{query}: {html}");
        let (status, json) = api(&app, query).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{query}");
        assert_eq!(json["error"]["code"], key);
    }
    let (status, html) = get(&app, "/union-registry?sort=azar", "en").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(html.contains(&html_escape(&text("en", "ureg_search.error.sort"))));
}

#[tokio::test]
async fn the_public_navigation_links_the_registry() {
    let w = world();
    let app = faro_web::app(w.state.clone());
    let (_, html) = get(&app, "/", "es").await;
    assert!(html.contains("href=\"/union-registry\""));
    assert!(html.contains(&text("es", "nav.union_registry")));
}
