//! Conciliation requests on the web: the public online form (filed at the competent centre, the
//! first hearing set at once, a receipt reachable only with its code), bad input refused field by
//! field with nothing written, the federal routing, an exempt matter, the counter intake, the
//! courts' lookup API, the public statistics, and the pages in English.

use std::sync::Arc;

use axum::http::StatusCode;
use chrono::{Duration, NaiveTime, TimeZone, Utc};
use faro_core::conciliation::{CenterSettings, Command, HearingOutcome, Status};
use faro_core::law::Law;
use faro_core::{Actor, Jurisdiction, Role, StateCode};
use faro_store::conciliation::{ConciliationFilter, ConciliationTarget};

use crate::support::{catalogs, page_contains, Agent, Fixture};

const CURP: &str = "BOXW310820HNERXN09";

fn jalisco() -> Jurisdiction {
    Jurisdiction::State(StateCode::new(14).unwrap())
}

/// A worker of a grocery shop in Guadalajara (local, Jalisco's centre) against the company.
fn request<'a>(extra: &[(&'a str, &'a str)]) -> Vec<(&'a str, &'a str)> {
    let mut pairs = vec![
        ("requester_role", "worker"),
        ("requester.kind", "individual"),
        ("requester.name", "Ana López Pérez"),
        ("requester.curp", CURP),
        ("requester.address", "Av. Juárez 10, Guadalajara"),
        ("contact", "ana@example.mx"),
        ("counterpart.name", "Abarrotes del Centro SA de CV"),
        ("counterpart.rfc", "MAB9307148T4"),
        ("counterpart.address", "Calle Morelos 5, Guadalajara"),
        ("workplace.address", "Calle Morelos 5"),
        ("workplace.state", "14"),
        ("workplace.municipality", "Guadalajara"),
        ("workplace.activity", "461110"),
        ("objects", "dismissal"),
        ("objects", "christmas_bonus"),
        ("consent", "on"),
    ];
    for (k, _) in extra {
        pairs.retain(|(key, _)| key != k);
    }
    pairs.extend_from_slice(extra);
    pairs
}

fn cases(f: &Fixture) -> usize {
    f.store
        .conciliation_cases(&ConciliationFilter {
            limit: 500,
            ..Default::default()
        })
        .unwrap()
        .items
        .len()
}

async fn submit(agent: &mut Agent, path: &str, pairs: &[(&str, &str)]) -> crate::support::Resp {
    let csrf = agent.csrf().await;
    let mut all = vec![("csrf", csrf.as_str())];
    all.extend_from_slice(pairs);
    agent.post_form(path, &all).await
}

/// The folio and code of a receipt location.
fn receipt_of(location: &str) -> (String, String) {
    let rest = location
        .strip_prefix("/conciliation/receipt/")
        .expect("a receipt location");
    let (folio, query) = rest.split_once("?code=").expect("a code");
    (folio.to_string(), query.to_string())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_worker_files_online_and_gets_a_receipt_with_the_hearing() {
    let f = Fixture::new();
    let conc = f.add_user("conciliadora.jal", Role::Conciliator, jalisco());
    let mut a = f.agent().with_language("es-MX");
    let r = a.get("/conciliation/request").await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.text().contains("name=\"requester.curp\""));

    let r = submit(&mut a, "/conciliation/request", &request(&[])).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    let location = r.location().unwrap();
    let (folio, code) = receipt_of(&location);
    assert!(folio.starts_with("SC-14-"), "{folio}");

    let (_, case) = f.store.conciliation_case_by_folio(&folio).unwrap().unwrap();
    assert_eq!(case.center, jalisco());
    assert_eq!(case.status, Status::HearingScheduled);
    let h = case.hearing.clone().unwrap();
    let today = Utc::now().date_naive();
    assert!(h.slot.date > today && h.slot.date <= h.window.latest(), "{:?}", h);
    assert!(h.window.latest() <= case.procedure_limit);
    assert_eq!(h.slot.conciliator_id, conc.to_string());

    let page = a.get(&location).await;
    assert_eq!(page.status, StatusCode::OK);
    let html = page.text();
    assert!(html.contains(&folio));
    assert!(html.contains(&h.slot.date.format("%Y-%m-%d").to_string()));
    assert!(html.contains(&code));
    assert!(!html.contains(CURP), "no CURP on the receipt page");
    // The receipt PDF (the public cannot use the staff's /documents/) and /verify accept the code.
    assert!(html.contains("format=pdf"));
    let pdf = a.get(&format!("{location}&format=pdf")).await;
    assert_eq!(pdf.status, StatusCode::OK);
    assert!(pdf.body.starts_with(b"%PDF"));
    let v = a.get(&format!("/verify?code={code}")).await;
    assert_eq!(v.status, StatusCode::OK);
    assert!(v.text().contains(&folio), "{}", v.text());

    // Without the code, or with a wrong one, the folio shows nothing.
    let r = a.get(&format!("/conciliation/receipt/{folio}")).await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(!r.text().contains("receipt-folio"));
    let r = a.get(&format!("/conciliation/receipt/{folio}?code=ABCD-1234")).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    assert!(!r.text().contains("receipt-folio"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bad_input_is_refused_field_by_field_and_nothing_is_written() {
    let f = Fixture::new();
    f.add_user("conciliadora.jal", Role::Conciliator, jalisco());
    let mut a = f.agent().with_language("es-MX");
    let before = cases(&f);
    let r = submit(
        &mut a,
        "/conciliation/request",
        &request(&[("requester.curp", "BOXW310820HNERXN0X"), ("consent", "")]),
    )
    .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    let html = r.text();
    assert!(html.contains("r-requester-curp-error"), "a message at the CURP");
    assert!(html.contains("r-consent-error"), "a message at the consent");
    assert!(html.contains("Ana López Pérez"), "what was typed stays");
    assert_eq!(cases(&f), before, "nothing written");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_federal_branch_goes_to_the_federal_centre_and_an_exempt_matter_to_court() {
    let f = Fixture::new();
    let mut a = f.agent().with_language("es-MX");
    // A sugar mill (SCIAN 311311): LFT 527-I-5, the federal centre.
    let r = submit(
        &mut a,
        "/conciliation/request",
        &request(&[("workplace.activity", "311311")]),
    )
    .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    let (folio, _) = receipt_of(&r.location().unwrap());
    assert!(folio.starts_with("SC-FED-"), "{folio}");
    let (_, case) = f.store.conciliation_case_by_folio(&folio).unwrap().unwrap();
    assert_eq!(case.center, Jurisdiction::Federal);
    assert_eq!(case.status, Status::HearingScheduled, "the demo's federal conciliator");
    let page = a.get(&r.location().unwrap()).await.text();
    assert!(page_contains(&page, "527"), "the receipt says why this centre");

    // Discrimination (685 Ter): closed at once, the receipt says it goes to court.
    let r = submit(
        &mut a,
        "/conciliation/request",
        &request(&[
            ("exemption", "discrimination"),
            ("exemption_reason", "Me despidieron por estar embarazada"),
        ]),
    )
    .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    let (folio, _) = receipt_of(&r.location().unwrap());
    let (_, case) = f.store.conciliation_case_by_folio(&folio).unwrap().unwrap();
    assert_eq!(case.status, Status::Exempt);
    let page = a.get(&r.location().unwrap()).await.text();
    assert!(page.contains("receipt-exempt"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn without_a_conciliator_the_case_stays_filed_with_its_deadline() {
    let f = Fixture::new();
    let mut a = f.agent().with_language("es-MX");
    // Jalisco's centre has no conciliator in the fixture.
    let r = submit(&mut a, "/conciliation/request", &request(&[])).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    let (folio, _) = receipt_of(&r.location().unwrap());
    let (_, case) = f.store.conciliation_case_by_folio(&folio).unwrap().unwrap();
    assert_eq!(case.status, Status::Filed);
    let page = a.get(&r.location().unwrap()).await.text();
    assert!(page.contains("receipt-pending"));
    assert!(page.contains(&case.procedure_limit.to_string()));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn counter_intake_by_the_conciliator_and_not_at_another_states_centre() {
    let f = Fixture::new();
    let mut c = f.login("conciliador").await;
    let r = c.get("/conciliation/new").await;
    assert_eq!(r.status, StatusCode::OK);
    let r = submit(
        &mut c,
        "/conciliation/new",
        &request(&[("channel", "joint"), ("workplace.activity", "311311")]),
    )
    .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    let location = r.location().unwrap();
    let id: i64 = location.strip_prefix("/conciliation/").unwrap().parse().unwrap();
    let (_, case) = f.store.conciliation_case(id).unwrap().unwrap();
    assert_eq!(case.center, Jurisdiction::Federal);
    assert_eq!(case.status, Status::HearingScheduled);

    // A conciliator of Jalisco files at Jalisco's centre, not at Mexico City's.
    f.add_user("conciliadora.jal", Role::Conciliator, jalisco());
    let mut jal = f.login("conciliadora.jal").await;
    let before = cases(&f);
    let r = submit(&mut jal, "/conciliation/new", &request(&[("center", "09")])).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert_eq!(cases(&f), before);
    let r = submit(&mut jal, "/conciliation/new", &request(&[])).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    // The public has no counter.
    let r = f.agent().get("/conciliation/new").await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_courts_find_a_constancia_and_the_public_cannot() {
    let f = Fixture::new();
    let mut a = f.agent().with_language("es-MX");
    let r = submit(
        &mut a,
        "/conciliation/request",
        &request(&[("workplace.activity", "311311")]),
    )
    .await;
    let (folio, _) = receipt_of(&r.location().unwrap());
    let (summary, case) = f.store.conciliation_case_by_folio(&folio).unwrap().unwrap();
    // The hearing is held without agreement: constancia (684-E VIII).
    let h = case.hearing.unwrap();
    let law = Law::official(Arc::clone(&catalogs()), None).unwrap();
    let at = Utc
        .from_utc_datetime(&h.slot.date.and_time(NaiveTime::from_hms_opt(17, 0, 0).unwrap()))
        .max(Utc::now() + Duration::minutes(1));
    f.store
        .conciliation_command(
            &law,
            &CenterSettings::default(),
            &Actor::system("test"),
            at,
            ConciliationTarget::Existing(summary.id),
            &Command::HoldHearing {
                conciliator_id: h.slot.conciliator_id.clone(),
                outcome: HearingOutcome::NoAgreement,
            },
            None,
        )
        .unwrap();

    let r = f
        .agent()
        .get(&format!("/api/v1/conciliation/certificates?q={folio}"))
        .await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    let r = f
        .login("analista")
        .await
        .get(&format!("/api/v1/conciliation/certificates?q={folio}"))
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);

    let mut c = f.login("conciliador").await;
    for q in [folio.as_str(), CURP] {
        let r = c.get(&format!("/api/v1/conciliation/certificates?q={q}")).await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.text());
        let hits = r.json();
        assert_eq!(hits.as_array().unwrap().len(), 1, "{hits}");
        assert_eq!(hits[0]["folio"], folio.as_str());
        assert_eq!(hits[0]["center"], "federal");
        assert_eq!(hits[0]["kind"], "no_agreement");
        assert!(!r.text().contains("Ana"), "no personal data");
    }
    let r = c.get("/api/v1/conciliation/certificates?q=juan").await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert_eq!(r.api_error().0, "conc.intake.lookup.bad_query");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_public_statistics_and_the_pages_in_english() {
    let f = Fixture::new();
    let mut a = f.agent().with_language("es-MX");
    let r = submit(
        &mut a,
        "/conciliation/request",
        &request(&[("workplace.activity", "311311")]),
    )
    .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let r = a.get("/conciliation/stats").await;
    assert_eq!(r.status, StatusCode::OK);
    let html = r.text();
    assert!(html.contains("stats-by-center") && html.contains("stats-chart"));
    assert!(!html.contains("Ana López"), "no personal data");
    let r = a
        .get("/conciliation/stats?center=federal&from=2020-01&to=2020-03")
        .await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.text().contains("2020-02"));
    let r = a.get("/conciliation/stats?from=2020-13").await;
    assert!(r.status.is_client_error(), "{}", r.status);
    let r = a.get("/conciliation/stats?center=99").await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);

    let mut en = f.agent().with_language("en");
    let r = en.get("/conciliation/request").await;
    assert!(r.text().contains("Online conciliation request"));
    let r = en.get("/conciliation/stats").await;
    assert!(r.text().contains("Conciliation statistics"));
    let r = submit(&mut en, "/conciliation/request", &request(&[("contact", "nope")])).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page_contains(&r.text(), "Enter a valid e-mail address"));
}

/// A valid public request, for the authorization matrix (filed at Jalisco's centre).
pub fn matrix_request(csrf: &str) -> Vec<(&str, &str)> {
    let mut pairs = vec![("csrf", csrf)];
    pairs.extend(request(&[]));
    pairs
}
