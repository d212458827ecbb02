//! The registrar's pages of the union registry, on the small registry of
//! `union_registrar_seed`: the work queue, registering a union through its form, recording a
//! vote's results station by station and publishing them, a count that is not a number (422,
//! nothing written), more ballots than the roll (recorded, and flagged for review: core flags,
//! it does not refuse), the public version's preview and publication, a flag's review, access
//! by role and the CSRF token.

use std::collections::BTreeMap;

use axum::http::StatusCode;
use faro_core::union::registration;
use faro_core::union::vote::Status as VoteStatus;
use faro_store::unions::AnomalyFilter;

use crate::support::{hidden_csrf, page_contains, Agent, Fixture};
use crate::union_registrar_seed::{seed, Seeded, NAME_P, NEW_LEADER};

/// A text of the registrar's locale.
fn t(lang: &str, key: &str) -> String {
    let file = match lang {
        "es" => include_str!("../../locales/union_registrar.es.json"),
        _ => include_str!("../../locales/union_registrar.en.json"),
    };
    let map: BTreeMap<String, String> = serde_json::from_str(file).expect("locale");
    map.get(key)
        .cloned()
        .unwrap_or_else(|| panic!("no {lang} text for {key}"))
}

fn fill(mut s: String, params: &[(&str, &str)]) -> String {
    for (k, v) in params {
        s = s.replace(&format!("{{{k}}}"), v);
    }
    s
}

async fn registrar(f: &Fixture) -> Agent {
    f.login("registrador").await
}

/// The page at `path` and the CSRF token of its forms.
async fn page_and_token(a: &mut Agent, path: &str) -> (String, String) {
    let r = a.get(path).await;
    assert_eq!(r.status, StatusCode::OK, "{path}: {}", r.text());
    let body = r.text();
    let token = hidden_csrf(&body).expect("a csrf field");
    (body, token)
}

fn history_kinds(f: &Fixture, subject: &str) -> Vec<String> {
    f.store
        .history(subject, &[])
        .unwrap()
        .into_iter()
        .map(|e| e.kind)
        .collect()
}

/// The results form's fields: `counts[station] = [option 1, option 2, void, blank]`.
fn results_form<'a>(token: &'a str, counts: &[[&'a str; 4]]) -> Vec<(String, &'a str)> {
    let mut pairs = vec![("csrf".to_string(), token)];
    for (i, c) in counts.iter().enumerate() {
        pairs.push((format!("votes.{i}.0"), c[0]));
        pairs.push((format!("votes.{i}.1"), c[1]));
        pairs.push((format!("void.{i}"), c[2]));
        pairs.push((format!("blank.{i}"), c[3]));
    }
    pairs
}

async fn post_owned(a: &mut Agent, path: &str, pairs: &[(String, &str)]) -> crate::support::Resp {
    let borrowed: Vec<(&str, &str)> = pairs.iter().map(|(k, v)| (k.as_str(), *v)).collect();
    a.post_form(path, &borrowed).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_queue_lists_a_pending_filing_with_its_legal_dates_earliest_first() {
    let f = Fixture::new();
    let s: Seeded = seed(&f);
    let mut a = registrar(&f).await;
    let r = a.get("/registrar").await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    let body = r.text();
    let pending = f.store.union_file(s.union_p).unwrap().unwrap();
    let filing_row = format!("id=\"item-filing-{}\"", s.union_p);
    assert!(body.contains(&filing_row), "the pending filing is listed: {body}");
    assert!(page_contains(&body, NAME_P));
    for d in [pending.defect_notice_by, pending.resolution_by] {
        assert!(body.contains(&d.to_string()), "the filing's date {d} is shown");
    }
    assert!(page_contains(&body, &t("es", "ureg.deadline.union.resolution")));
    assert!(page_contains(&body, &t("es", "ureg.deadline.union.defect_notice")));
    // The deposit (30 days) and the held vote come after the filing's 5 days.
    let deposit_row = format!("id=\"item-deposit-{}\"", s.deposited);
    let vote_row = format!("id=\"item-vote_results-{}\"", s.vote);
    let at = |needle: &str| body.find(needle).unwrap_or_else(|| panic!("{needle} is listed"));
    assert!(at(&filing_row) < at(&deposit_row));
    assert!(at(&deposit_row) < at(&vote_row));
    // Registered union A is listed for its leadership change only; the legacy agreement is
    // registered.
    assert!(!body.contains(&format!("item-filing-{}\"", s.union_a)));
    let a_file = f.store.union_file(s.union_a).unwrap().unwrap();
    let certify_by = a_file.pending_leadership.expect("a pending leadership").certify_by;
    let leadership_row = format!("id=\"item-leadership-{}\"", s.union_a);
    let row = &body[at(&leadership_row)..];
    assert!(row[..row.find("</tr>").unwrap()].contains(&certify_by.to_string()));
    assert!(!body.contains(&format!("item-deposit-{}\"", s.legacy)));
    assert!(body.contains("id=\"open-anomalies\""));
    // The staff navigation leads here.
    assert!(body.contains("href=\"/registrar\""));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn registering_a_union_through_the_form_changes_its_status_and_logs_the_event() {
    let f = Fixture::new();
    let s = seed(&f);
    let mut a = registrar(&f).await;
    let path = format!("/registrar/unions/{}", s.union_p);
    let (body, token) = page_and_token(&mut a, &path).await;
    assert!(body.contains("id=\"form-register\""), "a filed union can be registered");
    assert!(body.contains("id=\"form-defects\""));
    assert!(
        !body.contains("id=\"form-refuse\""),
        "no refusal before a defect notice (LFT 366)"
    );

    // A number already given is refused next to the form; nothing is written.
    let before = history_kinds(&f, &format!("union/{}", s.union_p));
    let r = a
        .post_form(
            &format!("{path}/register"),
            &[("csrf", &token), ("registration_number", "CFCRL-SIND-2022-9001")],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.text());
    assert!(page_contains(&r.text(), &t("es", "ureg.error.number_taken")));
    assert!(
        r.text().contains("value=\"CFCRL-SIND-2022-9001\""),
        "the form keeps what was typed"
    );
    assert_eq!(history_kinds(&f, &format!("union/{}", s.union_p)), before);

    let r = a
        .post_form(
            &format!("{path}/register"),
            &[("csrf", &token), ("registration_number", "CFCRL-SIND-2022-9002")],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    assert_eq!(r.location().as_deref(), Some(path.as_str()));
    let u = f.store.union_file(s.union_p).unwrap().unwrap();
    assert_eq!(u.status, registration::Status::Registered);
    assert_eq!(u.registration_number.as_deref(), Some("CFCRL-SIND-2022-9002"));
    let history = f.store.history(&format!("union/{}", s.union_p), &[]).unwrap();
    let last = history.last().expect("events");
    assert_eq!(last.kind, "union.registered");
    assert!(
        last.actor.ends_with(":registrador"),
        "logged as the registrar: {}",
        last.actor
    );
    let (body, _) = page_and_token(&mut a, &path).await;
    assert!(page_contains(&body, &t("es", "ureg.status.registered")));
    assert!(body.contains("CFCRL-SIND-2022-9002"));
    assert!(page_contains(&body, &t("es", "ureg.event.union.registered")));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_registrar_records_a_votes_results_per_station_and_publishes_them() {
    let f = Fixture::new();
    let s = seed(&f);
    let mut a = registrar(&f).await;
    let path = format!("/registrar/votes/{}", s.vote);
    let (body, token) = page_and_token(&mut a, &path).await;
    assert!(body.contains("id=\"form-results\""));
    assert!(body.contains("name=\"votes.1.0\""), "one input per station and option");
    assert!(
        !body.contains(crate::union_registrar_seed::BAD_CURP),
        "no voter on the page"
    );
    let pairs = results_form(&token, &[["3", "1", "0", "1"], ["2", "2", "1", "0"]]);
    let r = post_owned(&mut a, &format!("{path}/results"), &pairs).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    let v = f.store.vote_file(s.vote).unwrap().unwrap();
    assert_eq!(v.status, VoteStatus::ResultsRecorded);
    let by_station: Vec<(String, Vec<u32>, u32, u32)> = v
        .results
        .iter()
        .map(|r| (r.station.clone(), r.votes.clone(), r.void, r.blank))
        .collect();
    assert_eq!(
        by_station,
        vec![
            ("C1".to_string(), vec![3, 1], 0, 1),
            ("C2".to_string(), vec![2, 2], 1, 0)
        ]
    );
    let (body, token) = page_and_token(&mut a, &path).await;
    assert!(body.contains("id=\"form-publish\""));
    assert!(body.contains("id=\"tally\""));
    let r = a.post_form(&format!("{path}/publish"), &[("csrf", &token)]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    assert_eq!(
        f.store.vote_file(s.vote).unwrap().unwrap().status,
        VoteStatus::Published
    );
    let public = f.store.vote(s.vote).unwrap().unwrap();
    assert_eq!(public.summary.ballots, Some(10));
    assert_eq!(public.stations[0].votes, Some(vec![3, 1]));
    let kinds = history_kinds(&f, &format!("vote/{}", s.vote));
    assert!(kinds.ends_with(&[
        "vote.results_recorded".to_string(),
        "vote.results_published".to_string()
    ]));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_count_that_is_not_a_whole_number_is_refused_naming_its_station_and_nothing_is_written() {
    let f = Fixture::new();
    let s = seed(&f);
    let path = format!("/registrar/votes/{}", s.vote);
    let before = history_kinds(&f, &format!("vote/{}", s.vote));
    for (lang, option) in [("es", "Planilla Azul"), ("en", "Planilla Azul")] {
        let mut a = registrar(&f).await.with_language(lang);
        // The registrar's own language is Spanish; English is asked for through the switch.
        let token = a.csrf().await;
        let switched = a
            .post_form("/language", &[("csrf", &token), ("lang", lang), ("next", "/")])
            .await;
        assert_eq!(switched.status, StatusCode::SEE_OTHER);
        let (_, token) = page_and_token(&mut a, &path).await;
        let pairs = results_form(&token, &[["3", "1", "0", "1"], ["dos", "2", "1", "0"]]);
        let r = post_owned(&mut a, &format!("{path}/results"), &pairs).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.text());
        let body = r.text();
        let want = fill(
            t(lang, "ureg.error.count_invalid"),
            &[("station", "C2"), ("option", option), ("max", "1000000")],
        );
        assert!(page_contains(&body, &want), "{lang}: {want} in {body}");
        assert!(body.contains("id=\"in-votes.1.0\" name=\"votes.1.0\" value=\"dos\" aria-invalid=\"true\""));
        assert!(body.contains("value=\"3\""), "the other counts are kept");
    }
    assert_eq!(f.store.vote_file(s.vote).unwrap().unwrap().status, VoteStatus::Held);
    assert_eq!(history_kinds(&f, &format!("vote/{}", s.vote)), before);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn more_ballots_than_the_roll_are_recorded_and_flagged_for_the_registrar() {
    // Core does not refuse them: a count above the roll is a reason to look (an open flag the
    // registrar confirms or dismisses, and may annul the vote for, LFT 390 Ter-II f).
    let f = Fixture::new();
    let s = seed(&f);
    let mut a = registrar(&f).await;
    let path = format!("/registrar/votes/{}", s.vote);
    let (_, token) = page_and_token(&mut a, &path).await;
    let pairs = results_form(&token, &[["6", "2", "0", "1"], ["2", "2", "1", "0"]]);
    let r = post_owned(&mut a, &format!("{path}/results"), &pairs).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    let open = f
        .store
        .open_union_anomalies(&AnomalyFilter {
            subject: Some(format!("vote/{}", s.vote)),
            limit: 50,
            after: None,
        })
        .unwrap();
    assert!(open.items.iter().any(|x| x.code == "anomaly.turnout_above_roll"));
    let (body, _) = page_and_token(&mut a, &path).await;
    assert!(page_contains(&body, &t("es", "ureg.vote.above_roll")));
    assert!(body.contains("id=\"form-annul\""), "the registrar may annul it");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_public_version_is_previewed_without_writing_then_published_redacted() {
    let f = Fixture::new();
    let s = seed(&f);
    let mut a = registrar(&f).await;
    let path = format!("/registrar/agreements/{}", s.legacy);
    let (body, token) = page_and_token(&mut a, &path).await;
    assert!(body.contains("id=\"form-public_version\""));
    let text =
        "Firman María Pérez por el sindicato. El trabajador Pedro Gil Ruiz, CURP BOXW310820HNERXN09, recibe $1,200.00.";
    let pv = format!("{path}/public-version");
    let r = a
        .post_form(
            &pv,
            &[
                ("csrf", &token),
                ("text", text),
                ("names", "Pedro Gil Ruiz"),
                ("action", "preview"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    let body = r.text();
    let preview = &body[body.find("id=\"preview\"").expect("a preview")..];
    assert!(preview.contains("[CURP ELIMINADA]") && preview.contains("[NOMBRE ELIMINADO]"));
    assert!(page_contains(preview, "María Pérez"), "the signatory stays");
    assert!(!preview.contains("BOXW310820HNERXN09") && !preview.contains("Pedro Gil"));
    assert!(
        f.store.agreement(s.legacy).unwrap().unwrap().public_text.is_none(),
        "a preview writes nothing"
    );

    let r = a
        .post_form(
            &pv,
            &[
                ("csrf", &token),
                ("text", text),
                ("names", "Pedro Gil Ruiz"),
                ("action", "publish"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    let public = f
        .store
        .agreement(s.legacy)
        .unwrap()
        .unwrap()
        .public_text
        .expect("published");
    assert!(public.contains("[CURP ELIMINADA]") && public.contains("María Pérez"));
    assert!(!public.contains("BOXW310820HNERXN09") && !public.contains("Pedro Gil"));

    // A deposit lacking its certificate is refused by the law when registered.
    let dpath = format!("/registrar/agreements/{}", s.deposited);
    let (body, token) = page_and_token(&mut a, &dpath).await;
    assert!(body.contains("id=\"unmet\""));
    let r = a
        .post_form(
            &format!("{dpath}/register"),
            &[("csrf", &token), ("registration_number", "CCT-2022-1")],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page_contains(
        &r.text(),
        &t("es", "ureg.error.agreement.requirements_unmet")
    ));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_flag_is_reviewed_once_with_its_note() {
    let f = Fixture::new();
    let s = seed(&f);
    let mut a = registrar(&f).await;
    let (body, token) = page_and_token(&mut a, "/registrar/anomalies").await;
    assert!(body.contains(&format!("id=\"anomaly-{}\"", s.anomaly)));
    let path = format!("/registrar/anomalies/{}/review", s.anomaly);
    let r = a.post_form(&path, &[("csrf", &token), ("note", "sin decisión")]).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "a decision is required");
    let r = a
        .post_form(
            &path,
            &[
                ("csrf", &token),
                ("decision", "dismissed"),
                ("note", "CURP mal capturada"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    let open = f
        .store
        .open_union_anomalies(&AnomalyFilter {
            limit: 50,
            ..Default::default()
        })
        .unwrap();
    assert!(open.items.iter().all(|x| x.id != s.anomaly));
    let r = a.post_form(&path, &[("csrf", &token), ("decision", "confirmed")]).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    let want = fill(
        t("es", "ureg.error.union_registry.anomaly_reviewed"),
        &[("status", "dismissed")],
    );
    assert!(page_contains(&r.text(), &want), "{}", r.text());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn others_are_refused_and_every_form_needs_its_csrf_token() {
    let f = Fixture::new();
    let s = seed(&f);
    // Anonymous: to the login.
    let mut anon = f.agent();
    let r = anon.get("/registrar").await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert_eq!(r.location().as_deref(), Some("/login?next=/registrar"));
    let r = anon.get(&format!("/registrar/votes/{}", s.vote)).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    // An inspector: refused, and nothing written.
    let mut insp = f.login("inspector").await;
    assert_eq!(insp.get("/registrar").await.status, StatusCode::FORBIDDEN);
    assert_eq!(
        insp.get(&format!("/registrar/unions/{}", s.union_p)).await.status,
        StatusCode::FORBIDDEN
    );
    let token = insp.csrf().await;
    let r = insp
        .post_form(
            &format!("/registrar/unions/{}/register", s.union_p),
            &[("csrf", &token), ("registration_number", "CFCRL-X-1")],
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert_eq!(
        f.store.union_file(s.union_p).unwrap().unwrap().status,
        registration::Status::Filed
    );
    // The registrar without the token: refused, nothing written.
    let mut a = registrar(&f).await;
    let r = a
        .post_form(
            &format!("/registrar/unions/{}/register", s.union_p),
            &[("registration_number", "CFCRL-X-2")],
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert!(page_contains(&r.text(), &crate::support::text("es", "error.csrf")));
    assert_eq!(
        f.store.union_file(s.union_p).unwrap().unwrap().status,
        registration::Status::Filed
    );
    // An unknown record is not found.
    assert_eq!(a.get("/registrar/unions/999999").await.status, StatusCode::NOT_FOUND);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_reported_leadership_is_certified_through_its_form() {
    let f = Fixture::new();
    let s = seed(&f);
    let mut a = registrar(&f).await;
    let path = format!("/registrar/unions/{}", s.union_a);
    let (body, token) = page_and_token(&mut a, &path).await;
    assert!(body.contains("id=\"form-certify_leadership\""));
    assert!(body.contains("id=\"form-reject_leadership\""));
    assert!(
        !body.contains("id=\"form-register\""),
        "a registered union is not registered again"
    );
    // Rejecting needs its reason; nothing is written without it.
    let r = a
        .post_form(
            &format!("{path}/leadership/reject"),
            &[("csrf", &token), ("reason", " ")],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(f
        .store
        .union_file(s.union_a)
        .unwrap()
        .unwrap()
        .pending_leadership
        .is_some());
    let r = a
        .post_form(&format!("{path}/leadership/certify"), &[("csrf", &token)])
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    let u = f.store.union_file(s.union_a).unwrap().unwrap();
    assert!(u.pending_leadership.is_none());
    assert_eq!(u.leadership.officers[0].name, NEW_LEADER);
    assert_eq!(
        history_kinds(&f, &format!("union/{}", s.union_a))
            .last()
            .map(String::as_str),
        Some("union.leadership_certified")
    );
    // Certified twice: the law refuses, in the user's language.
    let r = a
        .post_form(&format!("{path}/leadership/certify"), &[("csrf", &token)])
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    let want = fill(
        t("es", "ureg.error.union.illegal_transition"),
        &[
            ("command", &t("es", "ureg.command.certify_leadership")),
            ("status", &t("es", "ureg.status.registered")),
        ],
    );
    assert!(page_contains(&r.text(), &want), "{want}");
}
