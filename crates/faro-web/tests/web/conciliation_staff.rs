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
    let id = file_request(f, employer, filed);
    schedule_seeded(f, id, filed, hearing);
    id
}

/// Runs a command on the store as the system at `at`, with the pages' document maker: the id of
/// the case.
fn seed_command(f: &Fixture, at: DateTime<Utc>, target: ConciliationTarget, command: &Command) -> i64 {
    let app = AppState::new(f.store.clone(), catalogs(), WebConfig { secure_cookies: false }).unwrap();
    let maker = |s: &_, c: &_, e: &[_]| faro_web::conciliation_pages::staff::maker::documents(&app, s, c, e);
    f.store
        .conciliation_command(
            law(),
            &CenterSettings::default(),
            &Actor::system("test"),
            at,
            target,
            command,
            Some(&maker),
        )
        .unwrap_or_else(|e| panic!("{}: {e}", command.name()))
        .id
}

/// Files a request at the federal centre on `filed`, with no hearing set yet.
fn file_request(f: &Fixture, employer: &str, filed: NaiveDate) -> i64 {
    let file = Command::File {
        center: Jurisdiction::Federal,
        request: Box::new(request(employer)),
        forwarded_from: None,
    };
    seed_command(
        f,
        filed.and_hms_opt(15, 0, 0).unwrap().and_utc(),
        ConciliationTarget::New,
        &file,
    )
}

/// Sets the hearing of case `id` (filed on `filed`) on `hearing`.
fn schedule_seeded(f: &Fixture, id: i64, filed: NaiveDate, hearing: NaiveDate) {
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
    let at = filed.and_hms_opt(15, 1, 0).unwrap().and_utc();
    seed_command(
        f,
        at,
        ConciliationTarget::Existing(id),
        &Command::ScheduleHearing { slot },
    );
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

/// The longest part of a message between its placeholders, to find it on a page.
fn fixed_part(message: &str) -> &str {
    message
        .split(['{', '}'])
        .step_by(2)
        .max_by_key(|part| part.len())
        .unwrap_or(message)
}

/// The `n`th working day after today.
fn working_days_ahead(n: u32) -> NaiveDate {
    let cal = LegalCalendar::official();
    let mut d = Utc::now().date_naive();
    let mut k = 0;
    while k < n {
        d += Duration::days(1);
        if cal.is_working_day(d) {
            k += 1;
        }
    }
    d
}

/// The staff commands the other tests do not reach, each through its form: rescheduling, the
/// summons that cannot be served, a justified absence, forwarding to the competent centre, the
/// exemption of LFT 685 Ter and a penalty payment. Each refused form is a 422 with its reason
/// and writes nothing.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_other_staff_commands_through_their_forms() {
    let f = Fixture::new();
    let (filed, hearing) = days();
    let conciliator = conciliator_id(&f).to_string();
    let mut c = f.login("conciliador").await;
    let later = working_days_ahead(10);
    let later_s = later.to_string();
    let slot = |reason: &'static str| {
        vec![
            ("date", later_s.clone()),
            ("time", "12:00".to_string()),
            ("conciliator_id", conciliator.clone()),
            ("venue", "room".to_string()),
            ("room", "Sala 1".to_string()),
            ("reason", reason.to_string()),
        ]
    };
    async fn send(a: &mut Agent, path: &str, v: &[(&'static str, String)]) -> crate::support::Resp {
        let refs: Vec<(&str, &str)> = v.iter().map(|(k, x)| (*k, x.as_str())).collect();
        post(a, path, &refs).await
    }

    // Rescheduling: the reason is required; with it, the hearing moves and a new summons is due.
    let moved = seed_case(&f, "Reprogramada SA de CV", filed, hearing);
    let before = events(&f, moved);
    let r = send(&mut c, &format!("/conciliation/{moved}/reschedule"), &slot("")).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.text());
    assert_eq!(events(&f, moved), before, "nothing written");
    let r = send(
        &mut c,
        &format!("/conciliation/{moved}/reschedule"),
        &slot("La sala no está disponible"),
    )
    .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    let (_, case) = f.store.conciliation_case(moved).unwrap().unwrap();
    let h = case.hearing.as_ref().unwrap();
    assert_eq!((h.slot.date, h.reschedules), (later, 1));

    // The summons that cannot be served: refused until the attempts the rules ask for are
    // recorded, then the stage ends with a constancia (684-E XI).
    let unserved = seed_case(&f, "Inlocalizable SA de CV", filed, hearing);
    let before = events(&f, unserved);
    let r = post(&mut c, &format!("/conciliation/{unserved}/service-failed"), &[]).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.text());
    assert!(page_contains(
        &r.text(),
        fixed_part(&t("es", "conciliation.service_attempts_pending"))
    ));
    assert_eq!(events(&f, unserved), before, "nothing written");
    let on = filed.to_string();
    let mut closed = false;
    for _ in 0..5 {
        let r = post(
            &mut c,
            &format!("/conciliation/{unserved}/service"),
            &[("result", "not_found"), ("on", &on), ("note", "Domicilio cerrado")],
        )
        .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
        let r = post(
            &mut c,
            &format!("/conciliation/{unserved}/service-failed"),
            &[("note", "Sin persona que reciba")],
        )
        .await;
        if r.status == StatusCode::SEE_OTHER {
            closed = true;
            break;
        }
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.text());
    }
    assert!(closed, "closed once the attempts are recorded");
    let (_, case) = f.store.conciliation_case(unserved).unwrap().unwrap();
    assert!(case.status.is_terminal(), "{:?}", case.status);

    // A justified absence of the employer: the hearing is set again.
    let absent = seed_case(&f, "Justificada SA de CV", filed, hearing);
    served(&mut c, absent, filed).await;
    let mut form = vec![
        ("outcome", "justified_absence".to_string()),
        ("absent", "summoned".to_string()),
        ("reason", "Incapacidad médica del representante".to_string()),
    ];
    for (k, v) in slot("") {
        if k != "reason" {
            form.push((
                match k {
                    "date" => "new_date",
                    "time" => "new_time",
                    "conciliator_id" => "new_conciliator_id",
                    "venue" => "new_venue",
                    _ => "new_room",
                },
                v,
            ));
        }
    }
    // Too late for a justified absence (684-E IX): refused, then a date within its term.
    let r = send(&mut c, &format!("/conciliation/{absent}/hearing"), &form).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.text());
    let soon = working_days_ahead(2);
    for (k, v) in form.iter_mut() {
        if *k == "new_date" {
            *v = soon.to_string();
        }
    }
    let r = send(&mut c, &format!("/conciliation/{absent}/hearing"), &form).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    let (_, case) = f.store.conciliation_case(absent).unwrap().unwrap();
    assert_eq!(case.status, Status::HearingScheduled);
    let h = case.hearing.as_ref().unwrap();
    assert_eq!((h.number, h.slot.date), (2, soon));

    // Forwarding a request the federal centre is not competent for, to Jalisco's centre.
    let today = Utc::now().date_naive();
    let misrouted = file_request(&f, "Local SA de CV", today);
    let before = events(&f, misrouted);
    let r = post(
        &mut c,
        &format!("/conciliation/{misrouted}/forward"),
        &[("to", "99"), ("reason", "x")],
    )
    .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.text());
    let r = post(
        &mut c,
        &format!("/conciliation/{misrouted}/forward"),
        &[("to", "federal"), ("reason", "x")],
    )
    .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.text());
    assert!(page_contains(&r.text(), &t("es", "conciliation.forward_to_self")));
    assert_eq!(events(&f, misrouted), before, "nothing written");
    let r = post(
        &mut c,
        &format!("/conciliation/{misrouted}/forward"),
        &[("to", "14"), ("reason", "Industria de competencia local")],
    )
    .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    let (_, case) = f.store.conciliation_case(misrouted).unwrap().unwrap();
    assert_eq!(
        case.forwarding.as_ref().map(|x| x.to),
        Some(Jurisdiction::State(StateCode::new(14).unwrap()))
    );

    // The exemption of LFT 685 Ter: a matter of the list and a reason, or a 422.
    let exempt = file_request(&f, "Discrimina SA de CV", today);
    let before = events(&f, exempt);
    let r = post(
        &mut c,
        &format!("/conciliation/{exempt}/exempt"),
        &[("matter", "astrology"), ("reason", "x")],
    )
    .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.text());
    assert!(page_contains(
        &r.text(),
        fixed_part(&t("es", "conciliation.exemption_unknown"))
    ));
    assert_eq!(events(&f, exempt), before, "nothing written");
    let r = post(
        &mut c,
        &format!("/conciliation/{exempt}/exempt"),
        &[("matter", "discrimination"), ("reason", "Despido por embarazo")],
    )
    .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    let (_, case) = f.store.conciliation_case(exempt).unwrap().unwrap();
    assert!(
        case.exemption.is_some() && case.status.is_terminal(),
        "{:?}",
        case.status
    );

    // A penalty payment above what is owed is refused; what is owed, if anything, is accepted.
    let settled = seed_case(&f, "Morosa SA de CV", filed, hearing);
    served(&mut c, settled, filed).await;
    let hearing_s = hearing.to_string();
    let r = post(
        &mut c,
        &format!("/conciliation/{settled}/hearing"),
        &[
            ("outcome", "settlement"),
            ("item_concept", "dismissal"),
            ("item_description", "Indemnización"),
            ("item_amount", "10000"),
            ("installment_due_on", &hearing_s),
            ("installment_amount", "10000"),
            ("daily_wage", "400"),
            ("penalty_per_day", "400"),
            ("ratified", "on"),
        ],
    )
    .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    let today_s = today.to_string();
    let before = events(&f, settled);
    let r = post(
        &mut c,
        &format!("/conciliation/{settled}/penalty-payment"),
        &[("amount", "1000000"), ("paid_on", &today_s)],
    )
    .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.text());
    assert!(page_contains(
        &r.text(),
        fixed_part(&t("es", "conciliation.penalty_overpaid"))
    ));
    let r = post(
        &mut c,
        &format!("/conciliation/{settled}/penalty-payment"),
        &[("amount", "cien"), ("paid_on", &today_s)],
    )
    .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.text());
    assert_eq!(events(&f, settled), before, "nothing written");
    let (_, case) = f.store.conciliation_case(settled).unwrap().unwrap();
    let owed = case.settlement.as_ref().unwrap().penalty_outstanding(today);
    if owed > faro_core::catalog::Money::ZERO {
        let amount = format!("{:.2}", owed.centavos() as f64 / 100.0);
        let r = post(
            &mut c,
            &format!("/conciliation/{settled}/penalty-payment"),
            &[("amount", &amount), ("paid_on", &today_s)],
        )
        .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
        let (_, case) = f.store.conciliation_case(settled).unwrap().unwrap();
        assert_eq!(
            case.settlement.as_ref().unwrap().penalty_outstanding(today),
            faro_core::catalog::Money::ZERO
        );
    }
    assert!(f.store.verify_chain().unwrap().is_intact());
}
