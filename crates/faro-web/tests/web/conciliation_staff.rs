//! The conciliators' pages: cases filed through the store (at a past moment, so that the hearing
//! falls on the last working day up to today), then worked through the pages as the federal
//! conciliator: the agenda, the service of the summons, the hearing with a convenio of two
//! instalments (its PDF verifies at /verify), a payment, a refused command (422, nothing
//! written), a constancia for no agreement, the fine request when the employer does not come,
//! the deadlines dashboard, access by centre and role, and the pages in English.

use std::sync::OnceLock;

use axum::http::StatusCode;
use chrono::{DateTime, Duration, NaiveDate, NaiveTime, Utc};
use faro_core::calendar::LegalCalendar;
use faro_core::conciliation::{
    CenterSettings, Channel, Command, FederalFlags, Object, PartyInput, PartyRole, PersonKind, RequestInput, Slot,
    Status, Venue, WorkplaceInput,
};
use faro_core::law::Law;
use faro_core::{Actor, Jurisdiction, Role, StateCode};
use faro_store::conciliation::ConciliationTarget;
use faro_web::{AppState, WebConfig};

use crate::support::{catalogs, page_contains, text, Agent, Fixture};

const CURP: &str = "BOXW310820HNERXN09";

fn law() -> &'static Law {
    static LAW: OnceLock<Law> = OnceLock::new();
    LAW.get_or_init(|| Law::official(catalogs(), None).expect("law"))
}

/// A text of the conciliation locales (the staff pages' and the module's), or of the others.
fn t(lang: &str, key: &str) -> String {
    let files = match lang {
        "es" => [
            include_str!("../../locales/conciliation_staff.es.json"),
            include_str!("../../locales/conciliation.es.json"),
        ],
        _ => [
            include_str!("../../locales/conciliation_staff.en.json"),
            include_str!("../../locales/conciliation.en.json"),
        ],
    };
    files
        .iter()
        .find_map(|f| {
            let map: std::collections::BTreeMap<String, String> = serde_json::from_str(f).expect("locale");
            map.get(key).cloned()
        })
        .unwrap_or_else(|| text(lang, key))
}

/// The hearing day: the last working day up to today; the filing: 8 working days before it.
fn days() -> (NaiveDate, NaiveDate) {
    let cal = LegalCalendar::official();
    let mut h = Utc::now().date_naive();
    while !cal.is_working_day(h) {
        h -= Duration::days(1);
    }
    let mut f = h;
    let mut n = 0;
    while n < 8 {
        f -= Duration::days(1);
        if cal.is_working_day(f) {
            n += 1;
        }
    }
    (f, h)
}

fn request(employer: &str) -> RequestInput {
    RequestInput {
        requester_role: PartyRole::Worker,
        requester: PartyInput {
            kind: Some(PersonKind::Individual),
            name: "Ana López".into(),
            curp: CURP.into(),
            rfc: String::new(),
            address: "Av. Juárez 10, Ciudad de México".into(),
            representative: None,
        },
        counterpart_role: PartyRole::Employer,
        counterpart: PartyInput {
            kind: Some(PersonKind::LegalEntity),
            name: employer.into(),
            curp: String::new(),
            rfc: "MAB9307148T4".into(),
            address: "Calle Morelos 5, Ciudad de México".into(),
            representative: None,
        },
        workplace: WorkplaceInput {
            address: "Calle Morelos 5".into(),
            state: "09".into(),
            scian: String::new(),
            federal: FederalFlags {
                federal_government_company: true,
                ..FederalFlags::default()
            },
        },
        objects: vec![Object::Dismissal],
        object_detail: String::new(),
        exemption: None,
        exemption_reason: String::new(),
        priority: Vec::new(),
        revictimization_risk: false,
        channel: Channel::Counter,
        fast_track: false,
    }
}

/// The federal demo conciliator's id.
fn conciliator_id(f: &Fixture) -> i64 {
    f.store
        .users()
        .unwrap()
        .into_iter()
        .find(|u| u.username == "conciliador")
        .expect("the demo conciliator")
        .id
}

/// Files a request at the federal centre on `filed` and sets its hearing on `hearing` at the
/// conciliator's next free hour from 10:00, in Sala 1: through the store, with the pages' document maker.
pub fn seed_case(f: &Fixture, employer: &str, filed: NaiveDate, hearing: NaiveDate) -> i64 {
    let app = AppState::new(f.store.clone(), catalogs(), WebConfig { secure_cookies: false }).unwrap();
    let maker = |s: &_, c: &_, e: &[_]| faro_web::conciliation_pages::staff::maker::documents(&app, s, c, e);
    let at: DateTime<Utc> = filed.and_hms_opt(15, 0, 0).unwrap().and_utc();
    let actor = Actor::system("test");
    let file = Command::File {
        center: Jurisdiction::Federal,
        request: Box::new(request(employer)),
        forwarded_from: None,
    };
    let id = f
        .store
        .conciliation_command(
            law(),
            &CenterSettings::default(),
            &actor,
            at,
            ConciliationTarget::New,
            &file,
            Some(&maker),
        )
        .expect("file")
        .id;
    // The next free hour of the conciliator's day (a time is never booked twice).
    let taken = f
        .store
        .conciliation_agenda(Jurisdiction::Federal, Some(conciliator_id(f)), hearing, hearing)
        .unwrap()
        .len() as u32;
    let slot = Slot {
        date: hearing,
        time: NaiveTime::from_hms_opt(10 + taken, 0, 0).unwrap(),
        conciliator_id: conciliator_id(f).to_string(),
        venue: Venue::Room { name: "Sala 1".into() },
    };
    f.store
        .conciliation_command(
            law(),
            &CenterSettings::default(),
            &actor,
            at + Duration::minutes(1),
            ConciliationTarget::Existing(id),
            &Command::ScheduleHearing { slot },
            Some(&maker),
        )
        .expect("schedule");
    id
}

/// A case and one of its documents, for the authorization matrix.
pub fn seed_for_matrix(f: &Fixture) -> (i64, String) {
    let (filed, hearing) = days();
    let id = seed_case(f, "Matriz SA de CV", filed, hearing);
    let code = f.store.documents_of(&format!("conciliation/{id}")).unwrap()[0]
        .code
        .clone();
    (id, code)
}

/// A conciliation path of the matrix with its ids.
pub fn matrix_path(path: &str, case: i64, code: &str) -> Option<String> {
    path.starts_with("/conciliation/{id}").then(|| {
        path.replace("{id}", &case.to_string())
            .replace("{file}", &format!("{code}.pdf"))
    })
}

fn events(f: &Fixture, id: i64) -> usize {
    f.store.history(&format!("conciliation/{id}"), &[]).unwrap().len()
}

async fn post(a: &mut Agent, path: &str, pairs: &[(&str, &str)]) -> crate::support::Resp {
    let csrf = a.csrf().await;
    let mut all = vec![("csrf", csrf.as_str())];
    all.extend_from_slice(pairs);
    a.post_form(path, &all).await
}

async fn served(a: &mut Agent, id: i64, on: NaiveDate) {
    let on = on.to_string();
    let r = post(
        a,
        &format!("/conciliation/{id}/service"),
        &[("result", "served"), ("on", &on)],
    )
    .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_hearing_ends_in_a_convenio_through_the_pages() {
    let f = Fixture::new();
    let (filed, hearing) = days();
    let id = seed_case(&f, "Grupo Doña Lupe SA de CV", filed, hearing);
    let folio = f.store.conciliation_case(id).unwrap().unwrap().0.folio;
    let mut c = f.login("conciliador").await;

    // The agenda of the hearing day lists it, with the parties' identifiers masked.
    let r = c.get(&format!("/conciliation/agenda?date={hearing}")).await;
    assert_eq!(r.status, StatusCode::OK);
    let body = r.text();
    assert!(body.contains(&folio), "the agenda lists the case");
    assert!(body.contains("Ana López") && body.contains("Sala 1"));
    assert!(!body.contains(CURP) && body.contains("**************XN09"));
    // The list too; the case page shows the CURP in full.
    assert!(c.get("/conciliation").await.text().contains(&folio));
    let page = c.get(&format!("/conciliation/{id}")).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.text().contains(CURP));
    assert!(page.text().contains("form-service"));

    // The summons is served on the day of filing (in time), then the hearing is held.
    served(&mut c, id, filed).await;
    let due2 = (hearing + Duration::days(30)).to_string();
    let hearing_s = hearing.to_string();
    let r = post(
        &mut c,
        &format!("/conciliation/{id}/hearing"),
        &[
            ("outcome", "settlement"),
            ("item_concept", "dismissal"),
            ("item_description", "Indemnización constitucional"),
            ("item_amount", "30000"),
            ("installment_due_on", &hearing_s),
            ("installment_amount", "10000"),
            ("installment_due_on", &due2),
            ("installment_amount", "20000"),
            ("daily_wage", "400"),
            ("penalty_per_day", "400"),
            ("ratified", "on"),
            ("new_date", ""),
        ],
    )
    .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    let (_, case) = f.store.conciliation_case(id).unwrap().unwrap();
    assert_eq!(case.status, Status::Settled);
    assert_eq!(case.settlement.as_ref().unwrap().installments.len(), 2);

    // The convenio's PDF is stored, served from the case, and verifies at /verify.
    let docs = f.store.documents_of(&format!("conciliation/{id}")).unwrap();
    let kinds: Vec<&str> = docs.iter().map(|d| d.kind.as_str()).collect();
    assert!(
        kinds.contains(&"conc_receipt") && kinds.contains(&"conc_summons"),
        "{kinds:?}"
    );
    let convenio = docs.iter().find(|d| d.kind == "conc_convenio").expect("a convenio");
    let pdf = c
        .get(&format!("/conciliation/{id}/documents/{}.pdf", convenio.code))
        .await;
    assert_eq!(pdf.status, StatusCode::OK);
    assert!(pdf.body.starts_with(b"%PDF"));
    let v = f
        .agent()
        .get(&format!("/verify?code={}", crate::support::url_encode(&convenio.code)))
        .await;
    assert_eq!(v.status, StatusCode::OK);
    assert!(v.text().contains(&convenio.sha256), "/verify knows the convenio");
    assert!(!v.text().contains(CURP));

    // A payment of the first instalment.
    let today = Utc::now().date_naive().to_string();
    let r = post(
        &mut c,
        &format!("/conciliation/{id}/payment"),
        &[("installment", "1"), ("paid_on", &today)],
    )
    .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    let (_, case) = f.store.conciliation_case(id).unwrap().unwrap();
    assert!(case.settlement.as_ref().unwrap().installments[0].paid_on.is_some());

    // A refused command: no such instalment. 422 with the reason, nothing written.
    let before = events(&f, id);
    let r = post(
        &mut c,
        &format!("/conciliation/{id}/payment"),
        &[("installment", "9"), ("paid_on", &today)],
    )
    .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page_contains(&r.text(), &t("es", "conciliation.installment_unknown")));
    // Certifying compliance with an instalment unpaid is refused too.
    let r = post(&mut c, &format!("/conciliation/{id}/compliance"), &[]).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    // Bad input is a 422 with a message, never a 500.
    let r = post(
        &mut c,
        &format!("/conciliation/{id}/payment"),
        &[("installment", "x"), ("paid_on", "nope")],
    )
    .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(events(&f, id), before, "nothing written");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn no_agreement_issues_a_constancia_and_absence_a_fine_request() {
    let f = Fixture::new();
    let (filed, hearing) = days();
    let a = seed_case(&f, "Sin Acuerdo SA de CV", filed, hearing);
    let b = seed_case(&f, "Ausente SA de CV", filed, hearing);
    let mut c = f.login("conciliador").await;

    served(&mut c, a, filed).await;
    let r = post(
        &mut c,
        &format!("/conciliation/{a}/hearing"),
        &[("outcome", "no_agreement")],
    )
    .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    let (_, case) = f.store.conciliation_case(a).unwrap().unwrap();
    assert_eq!(case.status, Status::NotConciliated);
    let docs = f.store.documents_of(&format!("conciliation/{a}")).unwrap();
    assert!(docs.iter().any(|d| d.kind == "conc_constancia"), "a constancia");
    let page = c.get(&format!("/conciliation/{a}")).await.text();
    assert!(page.contains("id=\"constancia\""));

    served(&mut c, b, filed).await;
    let r = post(
        &mut c,
        &format!("/conciliation/{b}/hearing"),
        &[("outcome", "summoned_absent"), ("new_date", "")],
    )
    .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    let (_, case) = f.store.conciliation_case(b).unwrap().unwrap();
    assert_eq!(case.status, Status::NotConciliated);
    assert!(case.fine_requested, "the 994-VIII fine was requested");
    let page = c.get(&format!("/conciliation/{b}")).await.text();
    assert!(page_contains(&page, &t("es", "conc.staff.fine_requested")));
    let kinds: Vec<String> = f
        .store
        .history(&format!("conciliation/{b}"), &[])
        .unwrap()
        .into_iter()
        .map(|e| e.kind)
        .collect();
    assert!(kinds.iter().any(|k| k == "conciliation.fine_requested"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn deadlines_access_and_english() {
    let f = Fixture::new();
    let (filed, hearing) = days();
    // Never served: its summons' last day has passed.
    let id = seed_case(&f, "Vencido SA de CV", filed, hearing);
    let folio = f.store.conciliation_case(id).unwrap().unwrap().0.folio;
    let mut c = f.login("conciliador").await;
    let r = c.get("/conciliation/deadlines").await;
    assert_eq!(r.status, StatusCode::OK);
    let body = r.text();
    assert!(body.contains(&folio), "the overdue case is listed");
    assert!(page_contains(&body, &t("es", "conc.staff.overdue")));
    assert!(!body.contains("id=\"rooms\""), "rooms are for administrators");

    // A conciliator of Jalisco cannot open a case of the federal centre; an inspector sees no
    // conciliation at all.
    f.add_user(
        "conciliador.jal",
        Role::Conciliator,
        Jurisdiction::State(StateCode::new(14).unwrap()),
    );
    let mut jal = f.login("conciliador.jal").await;
    assert_eq!(
        jal.get(&format!("/conciliation/{id}")).await.status,
        StatusCode::FORBIDDEN
    );
    let r = post(
        &mut jal,
        &format!("/conciliation/{id}/service"),
        &[("result", "served")],
    )
    .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    let mut insp = f.login("inspector").await;
    assert_eq!(insp.get("/conciliation").await.status, StatusCode::FORBIDDEN);
    assert_eq!(
        insp.get(&format!("/conciliation/{id}")).await.status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(insp.get("/conciliation/agenda").await.status, StatusCode::FORBIDDEN);
    // Bad filters are a 400, not a 500.
    assert_eq!(c.get("/conciliation?status=nope").await.status, StatusCode::BAD_REQUEST);
    assert_eq!(
        c.get("/conciliation/agenda?date=2026-13-01").await.status,
        StatusCode::BAD_REQUEST
    );

    // An administrator adds a room; an empty name is refused.
    let mut admin = f.login("admin").await;
    let r = post(&mut admin, "/conciliation/rooms", &[("name", "Sala 7")]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    assert!(admin.get("/conciliation/deadlines").await.text().contains("Sala 7"));
    let r = post(&mut admin, "/conciliation/rooms", &[("name", " ")]).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    let r = post(&mut admin, "/conciliation/rooms", &[("name", "Sala 7")]).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);

    // English.
    let r = post(&mut c, "/language", &[("lang", "en"), ("next", "/conciliation/agenda")]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let body = c.get(&format!("/conciliation/agenda?date={hearing}")).await.text();
    assert!(page_contains(&body, &t("en", "conc.staff.agenda.title")));
    let body = c.get(&format!("/conciliation/{id}")).await.text();
    assert!(page_contains(&body, &t("en", "conc.staff.form.service")));
    assert!(page_contains(
        &c.get("/conciliation/deadlines").await.text(),
        &t("en", "conc.staff.deadlines.title")
    ));
}
