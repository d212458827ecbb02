//! Case 10: labor inspection, referrals and sanctions through HTTP, as staff use them: a
//! supervisor programs and orders, an inspector visits and answers the checklist, the record's
//! PDF is issued with its code, the case goes to sanction, and the sanctions officer resolves,
//! with the fine in the ledger. Also: the ordinary notice, jurisdictions, protected cases, and
//! bad input (422 in Spanish, nothing written).

use std::collections::BTreeMap;
use std::sync::OnceLock;

use axum::http::{Method, StatusCode};
use chrono::{Duration, Utc};
use faro_core::inspection::{Matter, Status};
use faro_core::protocol::Protocols;
use faro_store::registry::WorkplaceSummary;

use crate::support::{catalogs, hidden_csrf, page_contains, Agent, Fixture, Resp};

/// The Spanish and English texts of the whole application, as the server merges them.
fn locale(lang: &str) -> &'static BTreeMap<String, String> {
    static ES: OnceLock<BTreeMap<String, String>> = OnceLock::new();
    static EN: OnceLock<BTreeMap<String, String>> = OnceLock::new();
    let merge = |a: &str, b: &str| {
        let mut m: BTreeMap<String, String> = serde_json::from_str(a).expect("locale");
        m.extend(serde_json::from_str::<BTreeMap<String, String>>(b).expect("inspection locale"));
        m
    };
    match lang {
        "es" => ES.get_or_init(|| {
            merge(
                include_str!("../../locales/es.json"),
                include_str!("../../locales/inspection.es.json"),
            )
        }),
        _ => EN.get_or_init(|| {
            merge(
                include_str!("../../locales/en.json"),
                include_str!("../../locales/inspection.en.json"),
            )
        }),
    }
}

/// The text of `key` with its placeholders filled.
fn say(lang: &str, key: &str, params: &[(&str, &str)]) -> String {
    let mut s = locale(lang)
        .get(key)
        .unwrap_or_else(|| panic!("no {lang} text for {key}"))
        .clone();
    for (k, v) in params {
        s = s.replace(&format!("{{{k}}}"), v);
    }
    s
}

fn today() -> String {
    Utc::now().date_naive().to_string()
}

/// The id at the end of a redirect to "/inspections/{id}".
fn id_from(r: &Resp, prefix: &str) -> i64 {
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", short(&r.text()));
    let loc = r.location().expect("a redirect");
    loc.strip_prefix(prefix)
        .and_then(|rest| rest.split(['/', '#', '?']).next())
        .and_then(|id| id.parse().ok())
        .unwrap_or_else(|| panic!("no id in {loc}"))
}

fn short(s: &str) -> String {
    let flat = s.split_whitespace().collect::<Vec<_>>().join(" ");
    let start = flat.find("<main").unwrap_or(0);
    flat.chars().skip(start).take(600).collect()
}

fn see_other(r: &Resp, what: &str) {
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{what}: {}", short(&r.text()));
}

fn user_id(f: &Fixture, username: &str) -> i64 {
    f.store.user_by_username(username).expect("read").expect("user").id
}

fn status_of(f: &Fixture, id: i64) -> Status {
    f.store.inspection(id).expect("read").expect("inspection").1.status
}

/// A POST with the agent's CSRF token added.
async fn post(a: &mut Agent, path: &str, pairs: &[(&str, &str)]) -> Resp {
    let csrf = a.csrf().await;
    let mut all: Vec<(&str, &str)> = vec![("csrf", csrf.as_str())];
    all.extend_from_slice(pairs);
    a.post_form(path, &all).await
}

/// Programs an inspection as the supervisor and returns its id.
async fn program(sup: &mut Agent, workplace: &WorkplaceSummary, kind: &str, matters: &[&str]) -> i64 {
    let mut pairs = vec![
        ("workplace", workplace.id.to_string()),
        ("jurisdiction", workplace.state.clone()),
        ("kind", kind.to_string()),
        ("origin", "complaint".to_string()),
        ("planned_for", today()),
    ];
    for m in matters {
        pairs.push(("matter", m.to_string()));
    }
    let borrowed: Vec<(&str, &str)> = pairs.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let r = post(sup, "/inspections", &borrowed).await;
    id_from(&r, "/inspections/")
}

/// Programs and orders an inspection to the federal inspector.
async fn ordered(f: &Fixture, sup: &mut Agent, workplace: &WorkplaceSummary, kind: &str, matters: &[&str]) -> i64 {
    let id = program(sup, workplace, kind, matters).await;
    let inspector = user_id(f, "inspector").to_string();
    let r = post(
        sup,
        &format!("/inspections/{id}/order"),
        &[
            ("inspector", &inspector),
            ("scope", "Subcontratación y REPSE"),
            ("legal_basis", "LFT 540, 541 y 542"),
        ],
    )
    .await;
    see_other(&r, "order");
    id
}

/// Answers a question through its form.
async fn answer(a: &mut Agent, id: i64, matter: &str, pairs: &[(&str, &str)]) -> Resp {
    post(a, &format!("/inspections/{id}/protocol/{matter}"), pairs).await
}

/// Answers every question of `matter`: all comply except `failing` (with `affected` workers
/// and, for a computed question, its inputs).
async fn answer_all(a: &mut Agent, id: i64, matter: Matter, failing: &[(&str, &[(&str, &str)])]) {
    let protocol = Protocols::official()
        .expect("protocols")
        .for_matter(matter, Utc::now().date_naive())
        .expect("protocol in force");
    for q in &protocol.questions {
        let mut pairs: Vec<(String, String)> = vec![("question".into(), q.id.clone())];
        match failing.iter().find(|(id, _)| *id == q.id) {
            Some((_, extra)) => {
                pairs.push(("outcome".into(), "fails".into()));
                pairs.push(("affected_workers".into(), "3".into()));
                pairs.push(("note".into(), "Sin constancia de registro".into()));
                for (k, v) in *extra {
                    pairs.push((k.to_string(), v.to_string()));
                }
            }
            // A computed question would need its facts: those are left as not applicable.
            None if q.check.is_some() => pairs.push(("outcome".into(), "not_applicable".into())),
            None => pairs.push(("outcome".into(), "complies".into())),
        }
        let borrowed: Vec<(&str, &str)> = pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
        let r = answer(a, id, matter.code(), &borrowed).await;
        see_other(&r, &format!("answer {}", q.id));
    }
}

/// A multipart body with one file field and the form's other fields.
fn multipart(fields: &[(&str, &str)], file: (&str, &str, &[u8])) -> (String, Vec<u8>) {
    let boundary = "faro-test-boundary-7d1e";
    let mut body = Vec::new();
    for (k, v) in fields {
        body.extend_from_slice(
            format!("--{boundary}\r\nContent-Disposition: form-data; name=\"{k}\"\r\n\r\n{v}\r\n").as_bytes(),
        );
    }
    let (name, media_type, bytes) = file;
    body.extend_from_slice(
        format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{name}\"\r\nContent-Type: {media_type}\r\n\r\n"
        )
        .as_bytes(),
    );
    body.extend_from_slice(bytes);
    body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
    (format!("multipart/form-data; boundary={boundary}"), body)
}

/// Uploads a file as a browser without JavaScript does: the CSRF token is the form's first field.
async fn upload_without_js(a: &mut Agent, id: i64, matter: &str, name: &str, media_type: &str, bytes: &[u8]) -> Resp {
    let csrf = a.csrf().await;
    let (ct, body) = multipart(
        &[("csrf", &csrf), ("matter", matter), ("caption", "Extintor")],
        (name, media_type, bytes),
    );
    a.request(
        Method::POST,
        &format!("/inspections/{id}/attachments"),
        Some(&ct),
        body,
        &[],
    )
    .await
}

/// Uploads a file to an inspection (the CSRF token in the header, as htmx sends it).
async fn upload(a: &mut Agent, id: i64, matter: &str, name: &str, media_type: &str, bytes: &[u8]) -> Resp {
    let csrf = a.csrf().await;
    let (ct, body) = multipart(&[("matter", matter), ("caption", "Fachada")], (name, media_type, bytes));
    a.request(
        Method::POST,
        &format!("/inspections/{id}/attachments"),
        Some(&ct),
        body,
        &[("x-csrf-token", &csrf)],
    )
    .await
}

fn participants() -> Vec<(&'static str, &'static str)> {
    vec![
        ("participant_name", "Jorge Luis Méndez Salazar"),
        ("participant_role", "inspector"),
        ("participant_signature", "signed"),
        ("participant_name", "Laura Gómez"),
        ("participant_role", "employer_representative"),
        ("participant_signature", "refused"),
        ("participant_name", ""),
        ("participant_role", "witness"),
        ("participant_signature", "signed"),
    ]
}

/// The sanctions officer summons, hears the response and fines finding `q` with `uma` per worker.
async fn resolve(f: &Fixture, sanction: i64, q: &str, uma: &str) {
    let mut sanc = f.login("sanciones").await;
    let base = format!("/sanctions/{sanction}");
    see_other(&post(&mut sanc, &format!("{base}/summon"), &[]).await, "summon");
    see_other(
        &post(
            &mut sanc,
            &format!("{base}/response"),
            &[("summary", "Niega los hechos")],
        )
        .await,
        "response",
    );
    see_other(&post(&mut sanc, &format!("{base}/hearing"), &[]).await, "hearing");
    let r = post(
        &mut sanc,
        &format!("{base}/resolve"),
        &[
            (&format!("decide.{q}"), "fine"),
            (&format!("uma.{q}"), uma),
            (&format!("justification.{q}"), "Monto mínimo: primera infracción"),
        ],
    )
    .await;
    see_other(&r, "resolve");
}

/// The cases the authorization matrix needs, made through the same pages staff use.
pub struct Cases {
    /// An inspection (not protected) whose record closed and was sent to sanction, resolved with
    /// a fine.
    pub inspection: i64,
    pub matter: &'static str,
    pub attachment: String,
    pub document: String,
    pub sanction: i64,
    /// A referral of a child-labor inspection.
    pub referral: i64,
}

/// An extraordinary subcontracting inspection at `workplace`, taken to sanction with a file, an
/// acta and one failed (not correctable) question; and a child-labor inspection whose under-15
/// finding opened referrals.
pub async fn seed_cases(f: &Fixture, workplace: &WorkplaceSummary) -> Cases {
    let mut sup = f.login("supervisor").await;
    let mut insp = f.login("inspector").await;
    let id = ordered(f, &mut sup, workplace, "extraordinary", &["subcontracting"]).await;
    see_other(
        &post(&mut insp, &format!("/inspections/{id}/start"), &[]).await,
        "start",
    );
    let png = b"\x89PNG\r\n\x1a\nnot really an image";
    see_other(
        &upload(&mut insp, id, "subcontracting", "fachada.png", "image/png", png).await,
        "upload",
    );
    answer_all(&mut insp, id, Matter::Subcontracting, &[("sc.repse_registration", &[])]).await;
    see_other(
        &post(&mut insp, &format!("/inspections/{id}/record"), &participants()).await,
        "record",
    );
    see_other(
        &post(&mut insp, &format!("/inspections/{id}/sanction"), &[]).await,
        "sanction",
    );
    let (_, state) = f.store.inspection(id).expect("read").expect("case");
    let attachment = state.attachments[0].sha256.clone();
    let document = f.store.documents_of(&format!("inspection/{id}")).expect("documents")[0]
        .code
        .clone();
    let sanction = f.store.sanction_of_inspection(id).expect("read").expect("sanction").0;
    resolve(f, sanction, "sc.repse_registration", "2000").await;

    let child = ordered(f, &mut sup, workplace, "extraordinary", &["child_labor"]).await;
    see_other(
        &post(&mut insp, &format!("/inspections/{child}/start"), &[]).await,
        "start",
    );
    let r = answer(
        &mut insp,
        child,
        "child_labor",
        &[
            ("question", "cl.under_15"),
            ("outcome", "fails"),
            ("affected_workers", "1"),
            ("input.age", "12"),
        ],
    )
    .await;
    see_other(&r, "under 15");
    let referral = f.store.referrals_of_inspection(child).expect("read")[0].0;
    Cases {
        inspection: id,
        matter: "subcontracting",
        attachment,
        document,
        sanction,
        referral,
    }
}

/// The concrete path of an inspection, referral or sanction route for the matrix, or `None` for
/// the other routes.
pub fn matrix_path(path: &str, c: &Cases) -> Option<String> {
    let p = if path.starts_with("/inspections/{id}") {
        path.replace("{id}", &c.inspection.to_string())
            .replace("{matter}", c.matter)
            .replace("{sha256}", &c.attachment)
    } else if path.starts_with("/referrals/{id}") {
        path.replace("{id}", &c.referral.to_string())
    } else if path.starts_with("/sanctions/{id}") {
        path.replace("{id}", &c.sanction.to_string())
    } else if path == "/documents/{file}" {
        format!("/documents/{}.pdf", c.document)
    } else {
        return None;
    };
    Some(p)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_inspection_from_program_to_fine_through_the_pages() {
    let f = Fixture::new();
    let w = f.workplace_outside_jalisco();
    let mut sup = f.login("supervisor").await;
    let mut insp = f.login("inspector").await;

    // Program: the planning form for the workplace, then the case page.
    let r = sup.get(&format!("/inspections/new?workplace={}", w.id)).await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(page_contains(&r.text(), &w.name), "the form names the workplace");
    let id = program(&mut sup, &w, "extraordinary", &["subcontracting"]).await;
    let page = sup.get(&format!("/inspections/{id}")).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page_contains(&page.text(), &say("es", "insp.status.programmed", &[])));
    assert!(page.text().contains(&format!("action=\"/inspections/{id}/order\"")));
    assert!(!page.text().contains("/start\""), "no start before the order");

    // Order, with the number generated by the server.
    let inspector = user_id(&f, "inspector").to_string();
    let r = post(
        &mut sup,
        &format!("/inspections/{id}/order"),
        &[
            ("inspector", &inspector),
            ("scope", "REPSE"),
            ("legal_basis", "LFT 540-542"),
        ],
    )
    .await;
    see_other(&r, "order");
    let (_, s) = f.store.inspection(id).unwrap().unwrap();
    let year = Utc::now().format("%Y").to_string();
    assert_eq!(
        s.order.as_ref().unwrap().number,
        format!("OI-{}-{year}-{id:06}", w.state)
    );
    assert_eq!(s.order.as_ref().unwrap().inspector_id, user_id(&f, "inspector"));

    // Notice (an extraordinary visit needs no 24 hours) and start.
    let visit = (Utc::now() + Duration::minutes(10))
        .format("%Y-%m-%dT%H:%M")
        .to_string();
    see_other(
        &post(&mut insp, &format!("/inspections/{id}/notify"), &[("visit_at", &visit)]).await,
        "notify",
    );
    assert_eq!(status_of(&f, id), Status::Notified);
    see_other(
        &post(&mut insp, &format!("/inspections/{id}/start"), &[]).await,
        "start",
    );
    assert_eq!(status_of(&f, id), Status::InProgress);

    // The checklist on the phone: every question with its article and three choices.
    let r = insp.get(&format!("/inspections/{id}/protocol/subcontracting")).await;
    assert_eq!(r.status, StatusCode::OK);
    let html = r.text();
    assert_eq!(
        html.matches("value=\"not_applicable\"").count(),
        5,
        "one form per question"
    );
    assert!(html.contains("LFT"), "articles are shown");
    assert!(!html.contains("<script>"), "no inline script");

    // A failed answer without affected workers is refused in Spanish and writes nothing.
    let before = f.counts().events;
    let r = answer(
        &mut insp,
        id,
        "subcontracting",
        &[("question", "sc.repse_registration"), ("outcome", "fails")],
    )
    .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        page_contains(&r.text(), &say("es", "protocol.affected_required", &[])),
        "{}",
        short(&r.text())
    );
    assert_eq!(f.counts().events, before);

    // A photo and an interview.
    let png = b"\x89PNG\r\n\x1a\nbytes of a photo";
    see_other(
        &upload(&mut insp, id, "subcontracting", "fachada.png", "image/png", png).await,
        "upload",
    );
    let (_, s) = f.store.inspection(id).unwrap().unwrap();
    let sha = s.attachments[0].sha256.clone();
    // A larger photo from a page without JavaScript (the token in the form, 600 KB).
    let big: Vec<u8> = (0..600_000u32).map(|i| (i % 251) as u8).collect();
    see_other(
        &upload_without_js(&mut insp, id, "subcontracting", "extintor.jpg", "image/jpeg", &big).await,
        "upload without JavaScript",
    );
    // Without the token it is refused.
    let (ct, body) = multipart(&[("matter", "subcontracting")], ("x.jpg", "image/jpeg", b"x"));
    let r = insp
        .request(
            Method::POST,
            &format!("/inspections/{id}/attachments"),
            Some(&ct),
            body,
            &[],
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    let r = insp.get(&format!("/inspections/{id}/attachments/{sha}")).await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.body, png.to_vec());
    assert_eq!(r.header("content-type").as_deref(), Some("image/png"));
    let r = post(
        &mut insp,
        &format!("/inspections/{id}/interviews"),
        &[
            ("matter", "subcontracting"),
            ("code", "E-01"),
            ("summary", "Dice que su patrón es otra empresa"),
        ],
    )
    .await;
    see_other(&r, "interview");

    // Every question, one failing; then the record closes with its participants.
    answer_all(&mut insp, id, Matter::Subcontracting, &[("sc.repse_registration", &[])]).await;
    see_other(
        &post(&mut insp, &format!("/inspections/{id}/record"), &participants()).await,
        "record",
    );
    assert_eq!(status_of(&f, id), Status::RecordClosed);
    let (summary, s) = f.store.inspection(id).unwrap().unwrap();
    let record = s.record.as_ref().unwrap();
    assert_eq!(record.participants.len(), 2, "the blank row is skipped");
    assert_eq!(record.findings.len(), 1);
    assert_eq!(record.folio, format!("AI-{}-{year}-{id:06}", w.state));

    // The acta: stored with its code, downloadable as a PDF by the staff of the case.
    let docs = f.store.documents_of(&format!("inspection/{id}")).unwrap();
    assert_eq!(docs.len(), 1);
    let doc = &docs[0];
    assert_eq!(doc.kind, "acta");
    assert_eq!(doc.folio, record.folio);
    let fingerprint = faro_web::inspection_pages::acta::fingerprint(&summary, &s).unwrap();
    assert_eq!(doc.code, faro_docs::verification_code(fingerprint.as_bytes()));
    let page = insp.get(&format!("/inspections/{id}")).await;
    assert!(page.text().contains(&format!("/documents/{}.pdf", doc.code)));
    let pdf = insp.get(&format!("/documents/{}.pdf", doc.code)).await;
    assert_eq!(pdf.status, StatusCode::OK);
    assert_eq!(pdf.header("content-type").as_deref(), Some("application/pdf"));
    assert!(pdf.body.starts_with(b"%PDF-"));
    assert_eq!(faro_docs::sha256_hex(&pdf.body), doc.sha256);
    let typed = doc.code.to_lowercase().replace('-', "");
    assert_eq!(
        insp.get(&format!("/documents/{typed}.pdf")).await.status,
        StatusCode::OK,
        "codes are read as typed"
    );
    assert_eq!(
        insp.get("/documents/AAAA-BBBB-CCCC.pdf").await.status,
        StatusCode::NOT_FOUND
    );

    // The supervisor's workload counts the open case for the inspector.
    let r = sup.get("/inspections/workload").await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(page_contains(&r.text(), "Jorge Luis Méndez Salazar"));
    let r = insp.get("/inspections?mine=1").await;
    assert!(r.text().contains(&format!("href=\"/inspections/{id}\"")));

    // Not correctable: it goes to the sanction procedure.
    see_other(
        &post(&mut insp, &format!("/inspections/{id}/sanction"), &[]).await,
        "sanction",
    );
    assert_eq!(status_of(&f, id), Status::SentToSanction);
    let (sid, _) = f.store.sanction_of_inspection(id).unwrap().unwrap();

    // The sanctions officer: summons, hears, resolves.
    let mut sanc = f.login("sanciones").await;
    let base = format!("/sanctions/{sid}");
    see_other(&post(&mut sanc, &format!("{base}/summon"), &[]).await, "summon");
    see_other(
        &post(
            &mut sanc,
            &format!("{base}/response"),
            &[("summary", "Alega que el contrato está en trámite")],
        )
        .await,
        "response",
    );
    see_other(&post(&mut sanc, &format!("{base}/hearing"), &[]).await, "hearing");
    let page = sanc.get(&base).await;
    assert_eq!(page.status, StatusCode::OK);
    // LFT 1004-C: 2,000 to 50,000 UMA; the middle criteria (3 points of 8) suggest
    // 2,000 + 48,000 x 3 / 8 = 20,000.
    assert!(page.text().contains("value=\"20000\""), "{}", short(&page.text()));
    assert!(page_contains(
        &page.text(),
        &say(
            "es",
            "sanc.resolve.range",
            &[("min", "2000"), ("max", "50000"), ("article", "LFT 1004-C")]
        )
    ));
    let q = "sc.repse_registration";
    // Recomputing the suggestion with every criterion at its highest writes nothing.
    let before = f.counts().events;
    let r = post(
        &mut sanc,
        &format!("{base}/resolve"),
        &[
            ("preview", "1"),
            (&format!("decide.{q}"), "fine"),
            (&format!("intent.{q}"), "1"),
            (&format!("seriousness.{q}"), "high"),
            (&format!("harm.{q}"), "actual"),
            (&format!("capacity.{q}"), "high"),
        ],
    )
    .await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.text().contains("value=\"50000\""), "all criteria: the maximum");
    assert_eq!(f.counts().events, before);
    // A justification is required (LFT 992): refused in Spanish, nothing written.
    let r = post(
        &mut sanc,
        &format!("{base}/resolve"),
        &[(&format!("decide.{q}"), "fine"), (&format!("uma.{q}"), "2500")],
    )
    .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page_contains(&r.text(), &say("es", "fine.justification_required", &[])));
    assert_eq!(f.counts().events, before);
    let r = post(
        &mut sanc,
        &format!("{base}/resolve"),
        &[
            (&format!("decide.{q}"), "fine"),
            (&format!("uma.{q}"), "2500"),
            (&format!("seriousness.{q}"), "medium"),
            (&format!("harm.{q}"), "potential"),
            (&format!("capacity.{q}"), "low"),
            (
                &format!("justification.{q}"),
                "Tres personas sin registro REPSE; empresa pequeña",
            ),
        ],
    )
    .await;
    see_other(&r, "resolve");
    let s = f.store.sanction(sid).unwrap().unwrap();
    assert_eq!(s.status, faro_core::sanction::Status::Resolved);
    // 2,500 UMA x the UMA of the acta date x 3 workers.
    let acta_date = Utc::now().date_naive();
    let uma = catalogs().uma_on(acta_date).unwrap().daily;
    let expected = uma.checked_mul(2500 * 3).unwrap();
    assert_eq!(s.imposed(), expected);
    assert_eq!(s.fines[0].workers, 3);
    let page = sanc.get(&base).await;
    assert!(
        page_contains(&page.text(), &expected.to_string()),
        "the ledger shows the amount"
    );
    assert!(
        page_contains(
            &page.text(),
            &say(
                "es",
                "sanc.step.total",
                &[
                    ("workers", "3"),
                    ("amount", &uma.checked_mul(2500).unwrap().to_string()),
                    ("total", &expected.to_string())
                ]
            )
        ),
        "the calculation is shown step by step"
    );
    let list = sanc.get("/sanctions").await;
    assert!(page_contains(&list.text(), &expected.to_string()));

    // The resolution PDF, rendered the same each time.
    let a = sanc.get(&format!("{base}/resolution.pdf")).await;
    assert_eq!(a.status, StatusCode::OK);
    assert!(a.body.starts_with(b"%PDF-"));
    let b = sanc.get(&format!("{base}/resolution.pdf")).await;
    assert_eq!(a.body, b.body);
    // It was stored when the case was resolved, with its code: the PDF served is that one.
    let sanction_id = base.trim_start_matches("/sanctions/").to_string();
    let docs = f.store.documents_of(&format!("sanction/{sanction_id}")).unwrap();
    let stored = docs
        .iter()
        .find(|d| d.kind == "resolution")
        .expect("the resolution is a stored document");
    assert_eq!(stored.sha256, faro_docs::sha256_hex(&a.body));

    // Notified, then a partial payment: the ledger keeps paid and outstanding.
    see_other(
        &post(&mut sanc, &format!("{base}/notify"), &[]).await,
        "notify resolution",
    );
    let r = post(
        &mut sanc,
        &format!("{base}/payment"),
        &[("amount", "1,000.50"), ("paid_on", &today()), ("reference", "SAT-123")],
    )
    .await;
    see_other(&r, "payment");
    let s = f.store.sanction(sid).unwrap().unwrap();
    assert_eq!(s.paid(), faro_core::catalog::Money::from_centavos(100_050));
    assert_eq!(s.outstanding(), expected - s.paid());
    let page = sanc.get(&base).await;
    assert!(page_contains(&page.text(), &s.outstanding().to_string()));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_ordinary_visit_needs_24_hours_notice() {
    let f = Fixture::new();
    let w = f.workplace_outside_jalisco();
    let mut sup = f.login("supervisor").await;
    let mut insp = f.login("inspector").await;
    let id = ordered(&f, &mut sup, &w, "initial", &["training"]).await;
    let page = insp.get(&format!("/inspections/{id}")).await;
    assert!(
        !page.text().contains(&format!("/inspections/{id}/start\"")),
        "an ordinary visit is notified first"
    );
    let before = f.counts().events;
    let soon = (Utc::now() + Duration::hours(2)).format("%Y-%m-%dT%H:%M").to_string();
    let r = post(&mut insp, &format!("/inspections/{id}/notify"), &[("visit_at", &soon)]).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    let want = say(
        "es",
        "inspection.notice_too_short",
        &[("hours", "24"), ("article", "RGITAS (article not confirmed)")],
    );
    assert!(page_contains(&r.text(), &want), "{}", short(&r.text()));
    assert!(r.text().contains("id=\"form-notify\""), "the form is shown again");
    assert_eq!(f.counts().events, before, "nothing written");
    assert_eq!(status_of(&f, id), Status::Ordered);
    // Starting without the notice is refused too.
    let r = post(&mut insp, &format!("/inspections/{id}/start"), &[]).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page_contains(&r.text(), &say("es", "inspection.notice_required", &[])));
    // With a day and a half of notice it is accepted.
    let later = (Utc::now() + Duration::hours(36)).format("%Y-%m-%dT%H:%M").to_string();
    see_other(
        &post(&mut insp, &format!("/inspections/{id}/notify"), &[("visit_at", &later)]).await,
        "notify",
    );
    assert_eq!(status_of(&f, id), Status::Notified);
    // But the visit cannot start before the notified time.
    let r = post(&mut insp, &format!("/inspections/{id}/start"), &[]).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_state_inspector_cannot_open_another_states_case() {
    let f = Fixture::new();
    let w = f.workplace_outside_jalisco();
    let mut sup = f.login("supervisor").await;
    let id = ordered(&f, &mut sup, &w, "extraordinary", &["training"]).await;
    let mut jal = f.login("inspector.jal").await;
    let forbidden = crate::support::text("es", "policy.other_jurisdiction");
    for path in [
        format!("/inspections/{id}"),
        format!("/inspections/{id}/protocol/training"),
    ] {
        let r = jal.get(&path).await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{path}");
        assert!(page_contains(&r.text(), &forbidden), "{path}");
    }
    let before = f.counts().events;
    let r = post(&mut jal, &format!("/inspections/{id}/start"), &[]).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert_eq!(f.counts().events, before);
    // Their list is of their state only.
    let r = jal.get("/inspections").await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(!r.text().contains(&format!("href=\"/inspections/{id}\"")));
    // The federal inspector sees it.
    let mut fed = f.login("inspector").await;
    assert_eq!(fed.get(&format!("/inspections/{id}")).await.status, StatusCode::OK);
    assert!(fed
        .get("/inspections")
        .await
        .text()
        .contains(&format!("href=\"/inspections/{id}\"")));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn child_labor_cases_are_hidden_from_analysts_and_referred() {
    let f = Fixture::new();
    let w = f.workplace_outside_jalisco();
    let mut sup = f.login("supervisor").await;
    let mut insp = f.login("inspector").await;
    let id = ordered(&f, &mut sup, &w, "extraordinary", &["child_labor"]).await;
    let mut analyst = f.login("analista").await;
    let r = analyst.get(&format!("/inspections/{id}")).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert!(page_contains(
        &r.text(),
        &crate::support::text("es", "policy.role_not_allowed")
    ));
    let list = analyst.get("/inspections").await;
    assert_eq!(list.status, StatusCode::OK);
    assert!(
        !list.text().contains(&format!("href=\"/inspections/{id}\"")),
        "not listed either"
    );
    let mut sanc = f.login("sanciones").await;
    assert_eq!(
        sanc.get(&format!("/inspections/{id}")).await.status,
        StatusCode::FORBIDDEN
    );
    let mut admin = f.login("admin").await;
    assert!(admin
        .get("/inspections")
        .await
        .text()
        .contains(&format!("href=\"/inspections/{id}\"")));

    // A child under 15 found working: two referrals open at once.
    see_other(
        &post(&mut insp, &format!("/inspections/{id}/start"), &[]).await,
        "start",
    );
    let r = answer(
        &mut insp,
        id,
        "child_labor",
        &[
            ("question", "cl.under_15"),
            ("outcome", "fails"),
            ("affected_workers", "1"),
            ("input.age", "12"),
        ],
    )
    .await;
    see_other(&r, "answer");
    let referrals = f.store.referrals_of_inspection(id).unwrap();
    assert_eq!(referrals.len(), 2);
    let rid = referrals[0].0;
    let list = insp.get("/referrals").await;
    assert!(list.text().contains(&format!("href=\"/referrals/{rid}\"")));
    assert_eq!(
        analyst.get(&format!("/referrals/{rid}")).await.status,
        StatusCode::FORBIDDEN
    );

    // Closed only after it was sent.
    let before = f.counts().events;
    let r = post(
        &mut insp,
        &format!("/referrals/{rid}/close"),
        &[("outcome", "attended"), ("text", "x")],
    )
    .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page_contains(&r.text(), &say("es", "referral.not_sent", &[])));
    assert_eq!(f.counts().events, before);
    let base = format!("/referrals/{rid}");
    see_other(
        &post(
            &mut insp,
            &format!("{base}/measure"),
            &[("text", "Se retiró al menor de la línea")],
        )
        .await,
        "measure",
    );
    see_other(
        &post(
            &mut insp,
            &format!("{base}/send"),
            &[("authority_name", "PPNNA de la entidad"), ("reference", "OF-77")],
        )
        .await,
        "send",
    );
    see_other(
        &post(
            &mut insp,
            &format!("{base}/acknowledge"),
            &[("authority_case", "EXP-9")],
        )
        .await,
        "ack",
    );
    see_other(
        &post(
            &mut insp,
            &format!("{base}/close"),
            &[("outcome", "attended"), ("text", "Menor bajo protección")],
        )
        .await,
        "close",
    );
    let r = f.store.referral(rid).unwrap().unwrap();
    assert_eq!(r.status, faro_core::referral::Status::Closed);
    assert_eq!(r.measures.len(), 1);
    let page = insp.get(&base).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page_contains(&page.text(), &say("es", "ref.outcome.attended", &[])));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bad_input_is_refused_in_spanish_and_writes_nothing() {
    let f = Fixture::new();
    let w = f.workplace_outside_jalisco();
    let mut sup = f.login("supervisor").await;
    let before = f.counts();
    let ws = w.id.to_string();
    let cases: Vec<(Vec<(&str, &str)>, String)> = vec![
        (
            vec![
                ("workplace", &ws),
                ("jurisdiction", &w.state),
                ("kind", "initial"),
                ("origin", "program"),
                ("planned_for", "2026-03-02"),
            ],
            say("es", "inspection.no_matters", &[]),
        ),
        (
            vec![
                ("workplace", &ws),
                ("jurisdiction", &w.state),
                ("kind", "initial"),
                ("origin", "program"),
                ("matter", "training"),
                ("planned_for", "mañana"),
            ],
            say(
                "es",
                "insp.error.date_invalid",
                &[("field", &say("es", "insp.field.planned_for", &[]))],
            ),
        ),
        (
            vec![
                ("workplace", "999999"),
                ("jurisdiction", "federal"),
                ("kind", "initial"),
                ("origin", "program"),
                ("matter", "training"),
                ("planned_for", "2026-03-02"),
            ],
            say("es", "insp.error.workplace_unknown", &[("value", "999999")]),
        ),
        (
            vec![
                ("workplace", &ws),
                ("jurisdiction", &w.state),
                ("kind", "sorpresa"),
                ("origin", "program"),
                ("matter", "training"),
                ("planned_for", "2026-03-02"),
            ],
            say("es", "inspection.kind_unknown", &[]),
        ),
    ];
    for (pairs, want) in cases {
        let r = post(&mut sup, "/inspections", &pairs).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{pairs:?}");
        assert!(
            page_contains(&r.text(), &want),
            "{pairs:?}: want «{want}» in {}",
            short(&r.text())
        );
        assert!(r.text().contains("lang=\"es-MX\""));
    }
    assert_eq!(f.counts(), before, "nothing written");
    assert!(f
        .store
        .inspections(&faro_store::inspections::InspectionFilter {
            include_protected: true,
            limit: 10,
            ..Default::default()
        })
        .unwrap()
        .is_empty());

    // An order naming somebody who is not an inspector.
    let id = program(&mut sup, &w, "initial", &["training"]).await;
    let before = f.counts().events;
    let analyst = user_id(&f, "analista").to_string();
    for who in [analyst.as_str(), "abc", ""] {
        let r = post(
            &mut sup,
            &format!("/inspections/{id}/order"),
            &[("inspector", who), ("scope", "x"), ("legal_basis", "y")],
        )
        .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{who}");
        assert!(r.text().contains("id=\"form-order\""));
    }
    assert_eq!(f.counts().events, before);
    // Not a number at all: a 404, not a 500.
    assert_eq!(sup.get("/inspections/abc").await.status, StatusCode::NOT_FOUND);
    assert_eq!(sup.get("/inspections/99999999").await.status, StatusCode::NOT_FOUND);
    assert_eq!(
        sup.get(&format!("/inspections/{id}/protocol/nothing")).await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        sup.get("/inspections?status=perdida").await.status,
        StatusCode::BAD_REQUEST
    );
    // The planning form answers any workplace text.
    assert_eq!(
        sup.get("/inspections/new?workplace=%27%3B--").await.status,
        StatusCode::OK
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_pages_speak_english_too() {
    let f = Fixture::new();
    let w = f.workplace_outside_jalisco();
    let mut sup = f.login("supervisor").await;
    let id = program(&mut sup, &w, "initial", &["training", "safety_health"]).await;
    let csrf = sup.csrf().await;
    see_other(
        &sup.post_form("/language", &[("csrf", &csrf), ("lang", "en"), ("next", "/")])
            .await,
        "language",
    );
    for path in [
        "/inspections".to_string(),
        "/inspections/workload".to_string(),
        format!("/inspections/new?workplace={}", w.id),
        format!("/inspections/{id}"),
        format!("/inspections/{id}/protocol/safety_health"),
        "/sanctions".to_string(),
        "/referrals".to_string(),
        "/".to_string(),
    ] {
        let r = sup.get(&path).await;
        assert_eq!(r.status, StatusCode::OK, "{path}");
        assert!(r.text().contains("lang=\"en\""), "{path}");
        assert!(hidden_csrf(&r.text()).is_some(), "{path}");
    }
    let page = sup.get(&format!("/inspections/{id}")).await;
    assert!(page_contains(&page.text(), &say("en", "insp.order.form", &[])));
    let home = sup.get("/").await;
    assert!(
        home.text().contains("href=\"/inspections/workload\""),
        "the home page links the supervisor's work"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn corrective_measures_are_ordered_extended_verified_and_sanctioned() {
    let f = Fixture::new();
    let w = f.workplace_outside_jalisco();
    let mut sup = f.login("supervisor").await;
    let mut insp = f.login("inspector").await;
    let id = ordered(&f, &mut sup, &w, "extraordinary", &["safety_health"]).await;
    see_other(
        &post(&mut insp, &format!("/inspections/{id}/start"), &[]).await,
        "start",
    );
    answer_all(
        &mut insp,
        id,
        Matter::SafetyHealth,
        &[("sh.fire_prevention", &[]), ("sh.first_aid", &[])],
    )
    .await;
    see_other(
        &post(&mut insp, &format!("/inspections/{id}/record"), &participants()).await,
        "record",
    );
    let page = insp.get(&format!("/inspections/{id}")).await;
    assert!(
        page.text().contains("id=\"form-measures\""),
        "correctable findings get measures"
    );
    assert!(
        page.text().contains("max=\"30\""),
        "safety measures: at most 30 working days"
    );

    // More days than the rule allows: refused with the article, nothing written.
    let before = f.counts().events;
    let r = post(
        &mut insp,
        &format!("/inspections/{id}/measures"),
        &[
            ("measure_question", "sh.fire_prevention"),
            ("measure_description", "Instalar extintores"),
            ("measure_days", "45"),
        ],
    )
    .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page_contains(&r.text(), "30"), "{}", short(&r.text()));
    assert_eq!(f.counts().events, before);
    let r = post(
        &mut insp,
        &format!("/inspections/{id}/measures"),
        &[
            ("measure_question", "sh.fire_prevention"),
            ("measure_description", "Instalar extintores en la nave 2"),
            ("measure_days", "10"),
            ("measure_question", "sh.first_aid"),
            ("measure_description", "Dotar el botiquín"),
            ("measure_days", "5"),
        ],
    )
    .await;
    see_other(&r, "measures");
    assert_eq!(status_of(&f, id), Status::CorrectiveMeasures);
    let page = insp.get(&format!("/inspections/{id}")).await;
    let (_, s) = f.store.inspection(id).unwrap().unwrap();
    let first = s.measures[0].deadline;
    let left = (first - Utc::now().date_naive()).num_days().to_string();
    assert!(
        page_contains(&page.text(), &say("es", "insp.deadline.left", &[("days", &left)])),
        "days left are shown"
    );

    // A safety measure is extended once.
    let extend = [("measure", "1"), ("days", "5"), ("reason", "Proveedor sin existencias")];
    see_other(
        &post(&mut insp, &format!("/inspections/{id}/extension"), &extend).await,
        "extend",
    );
    let (_, s) = f.store.inspection(id).unwrap().unwrap();
    assert!(s.measures[0].extended && s.measures[0].deadline > first);
    let r = post(&mut insp, &format!("/inspections/{id}/extension"), &extend).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page_contains(&r.text(), &say("es", "inspection.already_extended", &[])));

    // Verification: one complied, one not; it cannot close, it goes to sanction.
    see_other(
        &post(&mut insp, &format!("/inspections/{id}/verification/begin"), &[]).await,
        "begin",
    );
    let r = post(
        &mut insp,
        &format!("/inspections/{id}/verification"),
        &[
            ("result.1", "complied"),
            ("note.1", "Extintores instalados"),
            ("result.2", "not_complied"),
        ],
    )
    .await;
    see_other(&r, "verification");
    let page = insp.get(&format!("/inspections/{id}")).await;
    assert!(page.text().contains("id=\"form-sanction\"") && !page.text().contains("id=\"form-close\""));
    let r = post(&mut insp, &format!("/inspections/{id}/close"), &[]).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page_contains(&r.text(), &say("es", "inspection.findings_pending", &[])));
    see_other(
        &post(&mut insp, &format!("/inspections/{id}/sanction"), &[]).await,
        "sanction",
    );
    let (_, sanction) = f.store.sanction_of_inspection(id).unwrap().unwrap();
    let sent: Vec<&str> = sanction.findings.iter().map(|f| f.question_id.as_str()).collect();
    assert_eq!(
        sent,
        vec!["sh.first_aid"],
        "only the measure not complied is sanctioned"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_supervisor_reassigns_an_inspection_to_another_inspector() {
    let f = Fixture::new();
    let w = f.workplace_outside_jalisco();
    let mut sup = f.login("supervisor").await;
    let id = ordered(&f, &mut sup, &w, "extraordinary", &["training"]).await;
    let (inspector, supervisor, jal) = (
        user_id(&f, "inspector").to_string(),
        user_id(&f, "supervisor").to_string(),
        user_id(&f, "inspector.jal").to_string(),
    );
    let path = format!("/inspections/{id}/reassign");
    let page = sup.get(&format!("/inspections/{id}")).await;
    assert!(page.text().contains("id=\"form-reassign\""), "{}", short(&page.text()));
    // Inspectors do not reassign.
    let mut insp = f.login("inspector").await;
    let before = f.counts().events;
    let r = post(&mut insp, &path, &[("inspector", &supervisor), ("reason", "x")]).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    // A state inspector cannot take a federal case; the same inspector is no change; a reason
    // is required. Each is refused with its reason and nothing is written.
    for (who, reason, key) in [
        (jal.as_str(), "Carga de trabajo", "insp.error.inspector_not_eligible"),
        (inspector.as_str(), "Carga de trabajo", "inspection.same_inspector"),
        (supervisor.as_str(), "", "field.required"),
    ] {
        let r = post(&mut sup, &path, &[("inspector", who), ("reason", reason)]).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{key}");
        assert!(r.text().contains("id=\"form-reassign\""), "{key}");
        if key != "field.required" {
            assert!(
                page_contains(&r.text(), &say("es", key, &[])),
                "{key}: {}",
                short(&r.text())
            );
        }
    }
    assert_eq!(f.counts().events, before, "nothing written");
    see_other(
        &post(
            &mut sup,
            &path,
            &[("inspector", &supervisor), ("reason", "Incapacidad médica")],
        )
        .await,
        "reassign",
    );
    let (summary, state) = f.store.inspection(id).expect("read").expect("inspection");
    let order = state.order.expect("order");
    assert_eq!(order.inspector_id.to_string(), supervisor);
    assert_eq!(summary.inspector_id.map(|i| i.to_string()), Some(supervisor.clone()));
    assert_eq!(order.number, parse_number(&page.text()), "the order keeps its number");
    assert!(order
        .inspector_name
        .contains(&*f.store.user_by_username("supervisor").unwrap().unwrap().display_name));
    // The read row (behind the lists and the workload) follows; the timeline says so.
    let page = sup.get(&format!("/inspections/{id}")).await;
    assert!(page_contains(
        &page.text(),
        &say("es", "insp.event.inspection.reassigned", &[])
    ));
    assert_eq!(f.counts().events, before + 1);
}

/// The order number shown on a case page.
fn parse_number(page: &str) -> String {
    let start = page.find("OI-").expect("an order number");
    page[start..]
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '-')
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_record_loaded_in_bulk_gets_its_pdf_on_request() {
    let f = Fixture::new();
    let w = f.workplace_outside_jalisco();
    let mut sup = f.login("supervisor").await;
    let mut insp = f.login("inspector").await;
    let id = ordered(&f, &mut sup, &w, "extraordinary", &["training"]).await;
    see_other(
        &post(&mut insp, &format!("/inspections/{id}/start"), &[]).await,
        "start",
    );
    answer_all(&mut insp, id, Matter::Training, &[]).await;
    see_other(
        &post(&mut insp, &format!("/inspections/{id}/record"), &participants()).await,
        "record",
    );
    // As if loaded in bulk: the record exists, its PDF does not.
    let subject = format!("inspection/{id}");
    f.store
        .write(|tx| tx.execute("DELETE FROM documents WHERE subject = ?", &[subject.clone().into()]))
        .unwrap();
    let page = insp.get(&format!("/inspections/{id}")).await;
    assert!(
        page.text().contains(&format!("action=\"/inspections/{id}/acta\"")),
        "{}",
        short(&page.text())
    );
    // Analysts read cases but issue nothing.
    let mut analyst = f.login("analista").await;
    let r = post(&mut analyst, &format!("/inspections/{id}/acta"), &[]).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    see_other(&post(&mut insp, &format!("/inspections/{id}/acta"), &[]).await, "acta");
    let docs = f.store.documents_of(&subject).unwrap();
    assert_eq!(docs.len(), 1);
    assert_eq!(docs[0].kind, "acta");
    // It verifies, its issuance is in the case's history, and it is issued once.
    let verify = insp.get(&format!("/verify?code={}", docs[0].code)).await;
    assert_eq!(verify.status, StatusCode::OK);
    assert!(f
        .store
        .history(&subject, &[])
        .unwrap()
        .iter()
        .any(|e| e.kind == "document.issued"));
    let again = post(&mut insp, &format!("/inspections/{id}/acta"), &[]).await;
    assert_eq!(again.status, StatusCode::CONFLICT);
    assert_eq!(f.store.documents_of(&subject).unwrap().len(), 1);
    let page = insp.get(&format!("/inspections/{id}")).await;
    assert!(!page.text().contains(&format!("action=\"/inspections/{id}/acta\"")));
}
