//! Case 10: what the public sees. Published results follow the publication rule; no page, file
//! or API answer carries personal data; /verify finds documents by code and tells an authentic PDF
//! from a tampered one; the open data have their headers and rows; the dashboards' numbers equal
//! a count by hand, and a state analyst sees only their state.
//!
//! The cases, all planned for March 2026 (matter "training" unless said):
//!
//! | case | workplace (state, sector)         | what happens                                 | published |
//! |------|-----------------------------------|----------------------------------------------|-----------|
//! | 1    | Obra Pública Norte (14, 23)       | closed without findings                      | yes       |
//! | 2    | Abarrotes Luz Secreta (09, 46)    | one finding, corrected, closed; its acta has a document | yes |
//! | 3    | Obra Pública Norte                | in progress                                  | no        |
//! | 4    | Obra Pública Sur (14, 23)         | sent to sanction, resolution notified        | no        |
//! | 5    | Obra Pública Sur                  | sent to sanction, final, partly paid         | yes       |
//! | 6    | Obra Pública Norte                | cancelled                                    | no        |

use std::collections::BTreeMap;
use std::sync::OnceLock;

use axum::http::{Method, StatusCode};
use chrono::{DateTime, Duration, NaiveDate, TimeZone, Utc};
use faro_core::catalog::Money;
use faro_core::inspection::{
    Command, Kind, Matter, MeasureDraft, Origin, Participant, ParticipantRole, Signature, VerificationResult,
};
use faro_core::law::Law;
use faro_core::protocol::{Answer, Outcome};
use faro_core::registry::{EmployerDraft, PersonKind, SizeBand, WorkplaceDraft};
use faro_core::{sanction, Actor, Jurisdiction, Role, StateCode};
use faro_store::cases::NewDocument;
use faro_store::inspections::Target;
use faro_store::{Store, StoreError};
use serde_json::Value;

use crate::support::{catalogs, Agent, Fixture};

const SECRET_NAME: &str = "Juan Secreto Pérez";
const SECRET_CURP: &str = "SEPJ800101HDFCRN09";
const SECRET_NSS: &str = "12345678903";
const SECRET_NOTE: &str = "nunca recibió capacitación";
const FAILING: &str = "tr.training_provided";

fn law() -> &'static Law {
    static LAW: OnceLock<Law> = OnceLock::new();
    LAW.get_or_init(|| Law::official(catalogs(), None).expect("law"))
}

fn system() -> Actor {
    Actor::system("test")
}

fn t(day: u32, hour: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 3, day, hour, 0, 0).single().expect("time")
}

fn st(n: u8) -> StateCode {
    StateCode::new(n).expect("state")
}

/// What the scenario built.
struct Scenario {
    norte: i64,
    sur: i64,
    abarrotes: i64,
    company: i64,
    individual: i64,
    /// Inspection ids of cases 1 to 6 (index 0 is case 1).
    cases: Vec<i64>,
    imposed: i64,
    paid: i64,
    /// The acta of case 2: its code and its bytes.
    code: String,
    pdf: Vec<u8>,
}

struct Case<'a> {
    store: &'a Store,
    id: i64,
    now: DateTime<Utc>,
}

impl Case<'_> {
    fn run(&mut self, c: Command) {
        self.now += Duration::minutes(5);
        self.store
            .inspection_command(law(), &system(), self.now, Target::Existing(self.id), &c, None)
            .unwrap_or_else(|e| panic!("{}: {e}", c.name()));
    }

    fn answer_all(&mut self, failing: bool, note: &str) {
        let p = law()
            .protocols
            .for_matter(Matter::Training, self.now.date_naive())
            .expect("protocol");
        for q in &p.questions {
            let fails = failing && q.id == FAILING;
            self.run(Command::Answer(Answer {
                question_id: q.id.clone(),
                outcome: if fails { Outcome::Fails } else { Outcome::Complies },
                note: if fails { note.to_string() } else { String::new() },
                affected_workers: if fails { 3 } else { 0 },
                inputs: BTreeMap::new(),
            }));
        }
    }
}

fn inspector() -> Participant {
    Participant {
        name: "Inspectora Federal".into(),
        role: ParticipantRole::Inspector,
        signature: Signature::Signed,
    }
}

fn start(store: &Store, workplace_id: i64, state: u8, day: u32, visit: bool) -> Case<'_> {
    let now = t(day, 9);
    let out = store
        .inspection_command(
            law(),
            &system(),
            now,
            Target::New,
            &Command::Program {
                workplace_id,
                jurisdiction: Jurisdiction::State(st(state)),
                kind: Kind::Extraordinary,
                origin: Origin::Complaint,
                matters: vec![Matter::Training],
                planned_for: NaiveDate::from_ymd_opt(2026, 3, day).expect("date"),
                program_id: None,
            },
            None,
        )
        .expect("program");
    let mut c = Case { store, id: out.id, now };
    if visit {
        c.run(Command::Order {
            number: format!("OI-PUB-{:05}", out.id),
            inspector_id: 1,
            inspector_name: "Inspectora Federal".into(),
            scope: "Todo el centro".into(),
            legal_basis: "LFT 541".into(),
        });
        c.run(Command::Start);
    }
    c
}

fn draft(key: &str, name: &str, state: u8, municipality: &str, scian: &str) -> WorkplaceDraft {
    WorkplaceDraft {
        source_key: key.into(),
        name: name.into(),
        denue_id: None,
        street: "Calle Privada".into(),
        exterior_number: "7".into(),
        settlement: "Centro".into(),
        postal_code: "06000".into(),
        locality: "Ciudad".into(),
        state: st(state),
        municipality: municipality.into(),
        scian_class: scian.into(),
        size_band: SizeBand::B11To30,
        headcount: None,
        latitude: None,
        longitude: None,
        registered_on: None,
    }
}

fn scenario(store: &Store) -> Scenario {
    let employer = |key: &str, name: &str, kind: PersonKind| {
        store
            .register_employer(
                &system(),
                t(1, 8),
                key,
                &EmployerDraft {
                    rfc: None,
                    name: name.into(),
                    legal_form: if kind == PersonKind::LegalEntity {
                        "S.A. de C.V.".into()
                    } else {
                        String::new()
                    },
                    person_kind: kind,
                },
                Jurisdiction::Federal,
            )
            .expect("employer")
    };
    let company = employer("pub-company", "Constructora Transparente", PersonKind::LegalEntity);
    let individual = employer("pub-individual", SECRET_NAME, PersonKind::Individual);
    let wp = |e: i64, d: WorkplaceDraft| store.register_workplace(&system(), t(1, 8), e, &d).expect("workplace");
    let norte = wp(company, draft("pub:1", "Obra Pública Norte", 14, "14039", "236211"));
    let sur = wp(company, draft("pub:2", "Obra Pública Sur", 14, "14039", "236211"));
    let abarrotes = wp(
        individual,
        draft("pub:3", "Abarrotes Luz Secreta", 9, "09015", "461110"),
    );

    let mut cases = Vec::new();
    // 1.
    let mut c = start(store, norte, 14, 2, true);
    c.answer_all(false, "");
    c.run(Command::CloseRecord {
        folio: "ACTA-1".into(),
        participants: vec![inspector()],
    });
    c.run(Command::Close {
        reason: "Sin hallazgos".into(),
    });
    cases.push(c.id);
    // 2. Personal data everywhere they can go, and a document for /verify.
    let mut c = start(store, abarrotes, 9, 3, true);
    c.run(Command::AddInterview {
        code: "T-01".into(),
        matter: Matter::Training,
        summary: format!("{SECRET_NAME}, CURP {SECRET_CURP}, NSS {SECRET_NSS}: {SECRET_NOTE}"),
    });
    c.answer_all(true, &format!("{SECRET_NAME} ({SECRET_CURP}) {SECRET_NOTE}"));
    let pdf = format!("%PDF-1.4\n% acta de prueba {}\n%%EOF\n", c.id).into_bytes();
    let code = faro_docs::verification_code(&pdf);
    let maker = {
        let pdf = pdf.clone();
        let code = code.clone();
        move |_: &_, _: &_, _: &[_]| -> Result<Vec<NewDocument>, StoreError> {
            Ok(vec![NewDocument {
                code: code.clone(),
                kind: "acta".into(),
                folio: "ACTA-2".into(),
                title: "Acta de inspección extraordinaria".into(),
                sha256: faro_docs::sha256_hex(&pdf),
                summary: serde_json::json!({"matters": ["training"], "findings": 1}),
                pdf: pdf.clone(),
            }])
        }
    };
    c.now += Duration::minutes(5);
    store
        .inspection_command(
            law(),
            &system(),
            c.now,
            Target::Existing(c.id),
            &Command::CloseRecord {
                folio: "ACTA-2".into(),
                participants: vec![
                    inspector(),
                    Participant {
                        name: SECRET_NAME.into(),
                        role: ParticipantRole::WorkerRepresentative,
                        signature: Signature::Signed,
                    },
                ],
            },
            Some(&maker),
        )
        .expect("close record");
    c.run(Command::IssueMeasures {
        measures: vec![MeasureDraft {
            question_id: FAILING.into(),
            description: "Impartir la capacitación".into(),
            days: 5,
        }],
    });
    c.run(Command::BeginVerification);
    c.run(Command::RecordVerification {
        results: vec![VerificationResult {
            measure: 1,
            complied: true,
            note: format!("{SECRET_NAME} ya fue capacitado"),
        }],
    });
    c.now = t(3, 12) + Duration::days(4);
    c.run(Command::Close {
        reason: "Medidas cumplidas".into(),
    });
    cases.push(c.id);
    // 3.
    let mut c = start(store, norte, 14, 4, true);
    c.answer_all(true, "pendiente");
    cases.push(c.id);
    // 4. and 5.
    let mut sanctions = Vec::new();
    for day in [5, 6] {
        let mut c = start(store, sur, 14, day, true);
        c.answer_all(true, "sin constancias");
        c.run(Command::CloseRecord {
            folio: format!("ACTA-{day}"),
            participants: vec![inspector()],
        });
        c.run(Command::SendToSanction {
            reason: "No corregible".into(),
        });
        let (sid, _) = store.sanction_of_inspection(c.id).expect("read").expect("opened");
        for cmd in [
            sanction::Command::Summon,
            sanction::Command::RecordResponse {
                summary: "Sin pruebas".into(),
            },
            sanction::Command::CloseHearing,
            sanction::Command::Resolve {
                folio: format!("RES-{sid}"),
                decisions: vec![sanction::FineDecision {
                    question_id: FAILING.into(),
                    per_worker_uma: 300,
                    intent: false,
                    seriousness: sanction::Seriousness::Low,
                    harm: sanction::Harm::Potential,
                    capacity: sanction::Capacity::Medium,
                    justification: "Falta de capacitación".into(),
                }],
                prior: vec![],
            },
            sanction::Command::NotifyResolution,
        ] {
            store
                .sanction_command(law(), &system(), c.now, sid, &cmd)
                .unwrap_or_else(|e| panic!("{}: {e}", cmd.name()));
        }
        sanctions.push(sid);
        cases.push(c.id);
    }
    let later = t(6, 9) + Duration::days(60);
    let final_id = sanctions[1];
    store
        .sanction_command(law(), &system(), later, final_id, &sanction::Command::MarkFinal)
        .expect("final");
    let s = store
        .sanction_command(
            law(),
            &system(),
            later,
            final_id,
            &sanction::Command::RecordPayment {
                amount: Money::from_pesos(2500),
                paid_on: later.date_naive(),
                reference: "PAGO".into(),
            },
        )
        .expect("payment")
        .state;
    let imposed_all: i64 = sanctions
        .iter()
        .map(|id| store.sanction(*id).expect("read").expect("exists").imposed().centavos())
        .sum();
    assert!(imposed_all > s.imposed().centavos());
    // 6.
    let mut c = start(store, norte, 14, 7, false);
    c.run(Command::Cancel {
        reason: "Duplicada".into(),
    });
    cases.push(c.id);
    Scenario {
        norte,
        sur,
        abarrotes,
        company,
        individual,
        cases,
        imposed: s.imposed().centavos(),
        paid: s.paid().centavos(),
        code,
        pdf,
    }
}

fn assert_private(what: &str, body: &str) {
    for secret in [
        SECRET_NAME,
        "Secreto",
        SECRET_CURP,
        SECRET_NSS,
        SECRET_NOTE,
        "ya fue capacitado",
        "Inspectora Federal",
        "pendiente",
        "sin constancias",
    ] {
        assert!(!body.contains(secret), "{what} shows '{secret}'");
    }
}

async fn ok(agent: &mut Agent, uri: &str) -> String {
    let r = agent.get(uri).await;
    assert_eq!(r.status, StatusCode::OK, "{uri}: {}", r.text());
    r.text()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn results_show_only_published_cases() {
    let f = Fixture::new();
    let s = scenario(&f.store);
    let mut a = f.agent();
    let c = |n: usize| s.cases[n - 1];

    let list = ok(&mut a, "/results").await;
    for (id, shown) in [(s.norte, true), (s.sur, true), (s.abarrotes, true)] {
        assert_eq!(
            list.contains(&format!("/results/workplaces/{id}\"")),
            shown,
            "workplace {id}"
        );
    }
    // A workplace of the demo without inspections is not listed.
    let demo = f.workplaces()[0].id;
    assert!(!list.contains(&format!("/results/workplaces/{demo}\"")));
    let found = ok(&mut a, "/results?q=obra+publica&state=14&sector=23").await;
    assert!(found.contains("Obra Pública Norte") && found.contains("Obra Pública Sur"));
    assert!(!found.contains("Abarrotes Luz"));
    let none = ok(&mut a, "/results?q=juan+secreto").await;
    assert!(
        !none.contains("/results/workplaces/"),
        "an individual's name finds nothing"
    );
    let r = a.get("/results?state=99").await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);

    let norte = ok(&mut a, &format!("/results/workplaces/{}", s.norte)).await;
    assert!(
        norte.contains(&format!("id=\"inspection-{}\"", c(1))),
        "the closed case"
    );
    for hidden in [3, 6] {
        assert!(
            !norte.contains(&format!("id=\"inspection-{}\"", c(hidden))),
            "case {hidden}"
        );
    }
    assert!(norte.contains("Constructora Transparente"));
    let sur = ok(&mut a, &format!("/results/workplaces/{}", s.sur)).await;
    assert!(
        sur.contains(&format!("id=\"inspection-{}\"", c(5))),
        "the final sanction"
    );
    assert!(
        !sur.contains(&format!("id=\"inspection-{}\"", c(4))),
        "the notified, not final, sanction"
    );
    let money = |centavos: i64| Money::from_centavos(centavos).to_string();
    assert!(sur.contains(&money(s.imposed)) && sur.contains(&money(s.paid)));
    // The violation's title from the rules, and its article.
    let title = law()
        .rules
        .violation("lft-994-iv", NaiveDate::from_ymd_opt(2026, 3, 6).unwrap())
        .unwrap()
        .title_es
        .clone();
    assert!(sur.contains(&crate::support::html_escape(&title)) || sur.contains(&title));

    let abarrotes = ok(&mut a, &format!("/results/workplaces/{}", s.abarrotes)).await;
    assert!(abarrotes.contains("Persona física"));
    let company = ok(&mut a, &format!("/results/employers/{}", s.company)).await;
    assert!(
        company.contains(&format!("id=\"inspection-{}\"", c(1)))
            && company.contains(&format!("id=\"inspection-{}\"", c(5)))
    );
    assert!(!company.contains(&format!("id=\"inspection-{}\"", c(4))));
    assert_eq!(
        a.get("/results/workplaces/99999999").await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(a.get("/results/employers/abc").await.status, StatusCode::NOT_FOUND);

    // The API agrees.
    let page = a.get("/api/v1/public/inspections?limit=2").await.json();
    let ids: Vec<i64> = page["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["inspection_id"].as_i64().unwrap())
        .collect();
    assert_eq!(ids, vec![c(1), c(2)]);
    let next = page["next_after"].as_i64().expect("a next page");
    let page = a
        .get(&format!("/api/v1/public/inspections?limit=2&after={next}"))
        .await
        .json();
    assert_eq!(page["items"][0]["inspection_id"].as_i64(), Some(c(5)));
    assert!(page["next_after"].is_null());
    let cdmx = a.get("/api/v1/public/inspections?state=09&year=2026").await.json();
    assert_eq!(cdmx["items"].as_array().unwrap().len(), 1);
    let retail = a.get("/api/v1/public/inspections?sector=46").await.json();
    assert_eq!(retail["items"][0]["employer_name"], "Persona física");
    assert_eq!(retail["items"][0]["employer_kind"], "individual");
    let none = a.get("/api/v1/public/inspections?year=2025").await.json();
    assert!(none["items"].as_array().unwrap().is_empty());
    let bad = a.get("/api/v1/public/inspections?sector=99").await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(bad.api_error().0, "scian.unknown");
    let wr = a
        .get(&format!("/api/v1/public/workplaces/{}/results", s.sur))
        .await
        .json();
    assert_eq!(wr["inspections"].as_array().unwrap().len(), 1);
    assert_eq!(wr["sanctions"][0]["fines_imposed_centavos"].as_i64(), Some(s.imposed));
    assert_eq!(wr["findings"][0]["article"].as_str().map(|a| !a.is_empty()), Some(true));
    assert_eq!(wr["findings"][0]["violation_title_es"].as_str(), Some(title.as_str()));
    let _ = s.individual;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn no_personal_data_on_any_public_page_or_file() {
    let f = Fixture::new();
    let s = scenario(&f.store);
    let mut a = f.agent();
    let mut uris = vec![
        "/results".to_string(),
        "/results?q=abarrotes".to_string(),
        format!("/results/workplaces/{}", s.abarrotes),
        format!("/results/workplaces/{}", s.norte),
        format!("/results/workplaces/{}", s.sur),
        format!("/results/employers/{}", s.individual),
        format!("/results/employers/{}", s.company),
        format!("/verify?code={}", s.code),
        "/data".to_string(),
        "/data/inspections.csv".to_string(),
        "/data/inspections.json".to_string(),
        "/data/findings.csv".to_string(),
        "/data/sanctions.csv".to_string(),
        "/data/dictionary.json".to_string(),
        "/api/v1/public/inspections?limit=200".to_string(),
    ];
    for w in [s.abarrotes, s.norte, s.sur] {
        uris.push(format!("/api/v1/public/workplaces/{w}/results"));
    }
    for uri in &uris {
        let body = ok(&mut a, uri).await;
        assert_private(uri, &body);
    }
    // In English too.
    let mut en = f.agent().with_language("en");
    let body = ok(&mut en, &format!("/results/workplaces/{}", s.abarrotes)).await;
    assert_private("the English page", &body);
    // The case really holds them (the test would prove nothing otherwise).
    let (_, state) = f.store.inspection(s.cases[1]).unwrap().unwrap();
    let record = state.record.expect("a record");
    assert!(record.participants.iter().any(|p| p.name == SECRET_NAME));
    assert!(record.findings[0].note.contains(SECRET_CURP));
    assert!(state.interviews[0].summary.contains(SECRET_NSS));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn verify_finds_documents_and_compares_files() {
    let f = Fixture::new();
    let s = scenario(&f.store);
    let mut a = f.agent();

    let form = ok(&mut a, "/verify").await;
    assert!(form.contains("name=\"code\""));
    // The code as printed, and as a person may type it.
    let sha = faro_docs::sha256_hex(&s.pdf);
    for typed in [s.code.clone(), s.code.to_lowercase().replace('-', " ")] {
        let page = ok(&mut a, &format!("/verify?code={}", crate::support::url_encode(&typed))).await;
        assert!(page.contains("ACTA-2"), "{typed}");
        assert!(page.contains(&sha));
        assert!(page.contains("Acta de inspección extraordinaria"));
        assert!(
            page.contains("Capacitación y adiestramiento"),
            "the summary's matters, translated"
        );
    }
    // An unknown code, and text that is no code at all: a 404 page that says so.
    for wrong in ["ZZZZ-ZZZZ-ZZZZ", "not a code"] {
        let r = a
            .get(&format!("/verify?code={}", crate::support::url_encode(wrong)))
            .await;
        assert_eq!(r.status, StatusCode::NOT_FOUND);
        assert!(r.text().contains("Ningún documento tiene el código"), "{}", r.text());
    }

    // Uploading the PDF: the same bytes are authentic, one byte changed does not match.
    let csrf = a.csrf().await;
    let upload = |bytes: &[u8], code: &str| {
        let boundary = "----faro-test-boundary";
        let mut body = Vec::new();
        for (name, value) in [("csrf", csrf.as_bytes()), ("code", code.as_bytes())] {
            body.extend_from_slice(
                format!("--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n").as_bytes(),
            );
            body.extend_from_slice(value);
            body.extend_from_slice(b"\r\n");
        }
        body.extend_from_slice(
            format!("--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"acta.pdf\"\r\nContent-Type: application/pdf\r\n\r\n")
                .as_bytes(),
        );
        body.extend_from_slice(bytes);
        body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
        (format!("multipart/form-data; boundary={boundary}"), body)
    };
    // As a browser without script sends it: the token only in the form's field.
    let (ct, body) = upload(&s.pdf, &s.code);
    let r = a.request(Method::POST, "/verify", Some(&ct), body, &[]).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    assert!(r.text().contains("Auténtico"), "{}", r.text());
    // As htmx sends it: the token in the header too, and the result as a fragment.
    let (ct, body) = upload(&s.pdf, &s.code);
    let r = a
        .request(
            Method::POST,
            "/verify",
            Some(&ct),
            body,
            &[("x-csrf-token", csrf.as_str()), ("hx-request", "true")],
        )
        .await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.text().starts_with("<section id=\"verify-result\""));
    assert!(r.text().contains("Auténtico"));
    let mut tampered = s.pdf.clone();
    let last = tampered.len() - 8;
    tampered[last] ^= 0x01;
    let (ct, body) = upload(&tampered, &s.code);
    let r = a
        .request(
            Method::POST,
            "/verify",
            Some(&ct),
            body,
            &[("x-csrf-token", csrf.as_str())],
        )
        .await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.text().contains("No coincide"));
    assert!(r.text().contains(&faro_docs::sha256_hex(&tampered)));
    // A file for a code that does not exist.
    let (ct, body) = upload(&s.pdf, "ZZZZ-ZZZZ-ZZZZ");
    let r = a
        .request(
            Method::POST,
            "/verify",
            Some(&ct),
            body,
            &[("x-csrf-token", csrf.as_str())],
        )
        .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    // A plain form only looks the code up.
    let r = a.post_form("/verify", &[("csrf", &csrf), ("code", &s.code)]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert_eq!(
        r.location().as_deref(),
        Some(format!("/verify?code={}", s.code).as_str())
    );
    // htmx asks for the fragment only.
    let r = a
        .request(
            Method::GET,
            &format!("/verify?code={}", s.code),
            None,
            Vec::new(),
            &[("hx-request", "true")],
        )
        .await;
    assert!(r.text().starts_with("<section id=\"verify-result\""), "{}", r.text());
}

fn csv_lines(body: &str) -> Vec<&str> {
    body.split("\r\n").filter(|l| !l.is_empty()).collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn open_data_files_have_their_header_and_published_rows() {
    let f = Fixture::new();
    let s = scenario(&f.store);
    let mut a = f.agent();
    let dictionary: Value = serde_json::from_str(&ok(&mut a, "/data/dictionary.json").await).unwrap();
    let fields_of = |file: &str| -> Vec<String> {
        dictionary["datasets"]
            .as_array()
            .unwrap()
            .iter()
            .find(|d| d["file"] == file)
            .unwrap_or_else(|| panic!("{file} is not in the dictionary"))["fields"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| {
                assert!(f["description"]["es"]
                    .as_str()
                    .is_some_and(|d| !d.is_empty() && !d.starts_with("data.")));
                assert!(f["description"]["en"]
                    .as_str()
                    .is_some_and(|d| !d.is_empty() && !d.starts_with("data.")));
                f["name"].as_str().unwrap().to_string()
            })
            .collect()
    };

    let r = a.get("/data/inspections.csv").await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.header("content-type").as_deref(), Some("text/csv; charset=utf-8"));
    assert!(r.header("content-disposition").unwrap().contains("inspections.csv"));
    let body = r.text();
    let lines = csv_lines(&body);
    assert_eq!(
        lines[0],
        "inspection_id,workplace_id,workplace_name,employer_id,employer_name,employer_kind,state,municipality,\
         scian_class,sector,kind,matters,visit_date,closed_on,result,findings,sanction_id,sanction_status,\
         fines_imposed_mxn,fines_paid_mxn"
    );
    assert_eq!(
        lines[0].split(',').map(str::to_string).collect::<Vec<_>>(),
        fields_of("inspections.csv")
    );
    assert_eq!(lines.len(), 1 + 3, "cases 1, 2 and 5");
    let case5: Vec<&str> = lines[3].split(',').collect();
    assert_eq!(case5[0], s.cases[4].to_string());
    assert_eq!(case5[18], format!("{}.{:02}", s.imposed / 100, s.imposed % 100));
    assert_eq!(case5[19], format!("{}.{:02}", s.paid / 100, s.paid % 100));
    assert!(lines[2].contains(",Persona física,individual,09,09015,"));

    let findings = ok(&mut a, "/data/findings.csv").await;
    let lines = csv_lines(&findings);
    assert_eq!(
        lines[0].split(',').map(str::to_string).collect::<Vec<_>>(),
        fields_of("findings.csv")
    );
    assert_eq!(lines.len(), 1 + 2, "the findings of cases 2 and 5");
    let sanctions = ok(&mut a, "/data/sanctions.csv").await;
    let lines = csv_lines(&sanctions);
    assert_eq!(
        lines[0].split(',').map(str::to_string).collect::<Vec<_>>(),
        fields_of("sanctions.csv")
    );
    assert_eq!(lines.len(), 1 + 1);
    assert!(lines[1].starts_with(&format!(
        "{},{},",
        f.store.sanction_of_inspection(s.cases[4]).unwrap().unwrap().0,
        s.cases[4]
    )));

    let json: Value = serde_json::from_str(&ok(&mut a, "/data/inspections.json").await).expect("valid JSON");
    let items = json.as_array().expect("an array");
    assert_eq!(items.len(), 3);
    let mut keys: Vec<String> = items[0].as_object().unwrap().keys().cloned().collect();
    let mut want = fields_of("inspections.json");
    keys.sort();
    want.sort();
    assert_eq!(keys, want);
    assert_eq!(items[2]["fines_paid_centavos"].as_i64(), Some(s.paid));
    assert_eq!(items[0]["matters"], serde_json::json!(["training"]));

    let page = ok(&mut a, "/data").await;
    assert!(page.contains("fines_imposed_mxn") && page.contains("Sum of the fines imposed, in pesos."));
    assert!(page.contains("Suma de las multas impuestas, en pesos."));
}

fn by_key<'a>(v: &'a Value, key: &str) -> &'a Value {
    v.as_array()
        .unwrap()
        .iter()
        .find(|g| g["key"] == key)
        .unwrap_or_else(|| panic!("no group {key} in {v}"))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn dashboard_numbers_equal_a_hand_count() {
    let f = Fixture::new();
    let s = scenario(&f.store);
    let mut analyst = f.login("analista").await;
    let d = analyst.get("/api/v1/dashboards/summary?from=2026-03&to=2026-03").await;
    assert_eq!(d.status, StatusCode::OK, "{}", d.text());
    let d = d.json();
    // Cases 1-5 (6 was cancelled); 4 and 5 ended when sent to sanction; 2, 4 and 5 had findings.
    let totals = &d["totals"];
    assert_eq!(
        (
            totals["inspections"].as_i64(),
            totals["closed"].as_i64(),
            totals["with_findings"].as_i64()
        ),
        (Some(5), Some(4), Some(3))
    );
    let jal = by_key(&d["by_state"], "14");
    assert_eq!(
        (jal["inspections"].as_i64(), jal["closed"].as_i64()),
        (Some(4), Some(3))
    );
    assert_eq!(jal["name"], "Jalisco");
    let cdmx = by_key(&d["by_state"], "09");
    assert_eq!(
        (cdmx["inspections"].as_i64(), cdmx["days_to_close"].as_i64()),
        (Some(1), Some(4))
    );
    assert_eq!(cdmx["average_days_to_close"].as_f64(), Some(4.0));
    assert_eq!(by_key(&d["by_sector"], "23")["inspections"].as_i64(), Some(4));
    assert_eq!(by_key(&d["by_sector"], "46")["inspections"].as_i64(), Some(1));
    assert_eq!(d["by_month"].as_array().unwrap().len(), 1);
    let training = &d["by_matter"][0];
    assert_eq!(training["matter"], "training");
    // Records of cases 1, 2, 4 and 5 cover training; three have a finding in it.
    assert_eq!(
        (training["inspections"].as_i64(), training["with_findings"].as_i64()),
        (Some(4), Some(3))
    );
    assert_eq!(training["violation_rate"].as_f64(), Some(0.75));
    let both: i64 = [s.cases[3], s.cases[4]]
        .iter()
        .map(|i| {
            f.store
                .sanction_of_inspection(*i)
                .unwrap()
                .unwrap()
                .1
                .imposed()
                .centavos()
        })
        .sum();
    let fines = by_key(&d["fines_by_state"], "14");
    assert_eq!(
        (
            fines["sanctions"].as_i64(),
            fines["imposed_centavos"].as_i64(),
            fines["paid_centavos"].as_i64()
        ),
        (Some(2), Some(both), Some(s.paid))
    );
    assert_eq!(
        by_key(&d["fines_by_year"], "2026")["imposed_centavos"].as_i64(),
        Some(both)
    );
    assert_eq!(d["coverage"]["visited_last_12_months"].as_i64(), Some(5));
    // Five visits, to three workplaces: coverage counts workplaces.
    assert_eq!(d["coverage"]["year"].as_i64(), Some(2026));
    assert_eq!(d["coverage"]["workplaces_visited"].as_i64(), Some(3));
    assert_eq!(d["coverage"]["workplaces"].as_i64(), Some(f.counts().workplaces));

    // The page shows the same numbers, and a chart and a table for each.
    let page = analyst.get("/dashboards?from=2026-03&to=2026-03").await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.text());
    let html = page.text();
    assert!(html.contains("<dd id=\"card-inspections\">5</dd>"), "{html}");
    assert!(html.contains("<dd id=\"card-closed\">4</dd>"));
    for id in [
        "chart-by-month",
        "chart-by-state",
        "chart-by-sector",
        "chart-by-matter",
        "chart-fines-by-year",
    ] {
        assert!(html.contains(&format!("<svg id=\"{id}\" role=\"img\"")), "{id}");
    }
    assert!(html.contains("<th scope=\"row\">Jalisco</th><td>4</td><td>3</td>"));
    assert!(html.contains(&Money::from_centavos(both).to_string()));
    assert_private("the dashboard", &html);
    // The default period is the twelve months up to now; a bad one is refused.
    assert_eq!(analyst.get("/dashboards").await.status, StatusCode::OK);
    let bad = analyst.get("/api/v1/dashboards/summary?from=2026-05&to=2026-03").await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(bad.api_error().0, "dash.invalid_period");
    // Federal users may pick a state.
    let cdmx_only = analyst
        .get("/api/v1/dashboards/summary?from=2026-03&to=2026-03&state=09")
        .await
        .json();
    assert_eq!(cdmx_only["by_state"].as_array().unwrap().len(), 1);
    assert_eq!(cdmx_only["state"], "09");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_state_analyst_sees_only_their_state() {
    let f = Fixture::new();
    let _ = scenario(&f.store);
    f.add_user("analista.jal", Role::Analyst, Jurisdiction::State(st(14)));
    let mut jal = f.login("analista.jal").await;
    let d = jal
        .get("/api/v1/dashboards/summary?from=2026-03&to=2026-03")
        .await
        .json();
    assert_eq!(d["state"], "14");
    let states: Vec<&str> = d["by_state"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| g["key"].as_str().unwrap())
        .collect();
    assert_eq!(states, vec!["14"]);
    assert_eq!(d["totals"]["inspections"].as_i64(), Some(4));
    assert!(d["by_sector"].as_array().unwrap().iter().all(|g| g["key"] != "46"));
    let jal_workplaces = f
        .store
        .read(|tx| tx.query_one("SELECT COUNT(*) FROM workplaces WHERE state = '14'", &[]))
        .unwrap()
        .unwrap()
        .i64(0)
        .unwrap();
    assert_eq!(d["coverage"]["workplaces"].as_i64(), Some(jal_workplaces));
    // Another state is refused, in the page and in the API.
    let r = jal.get("/api/v1/dashboards/summary?state=09").await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert_eq!(r.api_error().0, "policy.other_jurisdiction");
    assert_eq!(jal.get("/dashboards?state=09").await.status, StatusCode::FORBIDDEN);
    let page = jal.get("/dashboards?from=2026-03&to=2026-03").await;
    assert_eq!(page.status, StatusCode::OK);
    let html = page.text();
    assert!(html.contains("<th scope=\"row\">Jalisco</th>"));
    assert!(!html.contains("Ciudad de México</th>"));
    assert!(!html.contains("name=\"state\""), "no state filter for a state user");
    // An inspector may not see dashboards at all.
    let mut inspector = f.login("inspector").await;
    assert_eq!(
        inspector.get("/api/v1/dashboards/summary").await.status,
        StatusCode::FORBIDDEN
    );
}
