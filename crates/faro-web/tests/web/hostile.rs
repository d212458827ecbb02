//! Case 6: bad input is never a 5xx. Invalid ids, query strings, encodings and bodies are
//! refused with a 4xx; API errors are JSON `{error: {code, message, params}}` in the request's
//! language; and a refused write leaves nothing half-written.

use std::collections::BTreeMap;

use axum::http::{Method, StatusCode};
use faro_core::{Jurisdiction, Role};
use serde_json::json;

use crate::support::{message, page_contains, text, Agent, Fixture, Resp};

/// What a hostile request must get.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Want {
    /// A 4xx.
    Refused,
    /// Anything but a server error. For inputs that are decoded leniently (invalid UTF-8 in a
    /// query string becomes U+FFFD, as browsers do) or that are merely large: they find nothing.
    NoCrash,
}

fn huge(n: usize) -> String {
    "palabra ".repeat(n / 8)
}

/// Checks a JSON error: shape, a known code, and the message in `lang` built from its params.
fn check_api_error(r: &Resp, lang: &str, label: &str) -> String {
    let (code, msg, params) = r.api_error();
    assert!(
        crate::support::locale(lang).contains_key(&code),
        "{label}: code {code} has no {lang} translation"
    );
    assert_eq!(msg, message(lang, &code, &params), "{label}: message of {code}");
    assert_ne!(msg, code, "{label}: the message must be text, not the code");
    code
}

fn page_is_error(r: &Resp, label: &str) {
    assert!(
        r.header("content-type").is_some_and(|c| c.starts_with("text/html")),
        "{label}: an error page is HTML: {:?}",
        r.header("content-type")
    );
    assert!(
        page_contains(&r.text(), &text("es", "error.title")),
        "{label}: {}",
        r.text()
    );
}

async fn get_all(a: &mut Agent, cases: &[(String, Want)], api: bool) -> Vec<String> {
    let mut failures = Vec::new();
    for (uri, want) in cases {
        let r = a.get(uri).await;
        let label = format!("GET {}", if uri.len() > 80 { &uri[..80] } else { uri });
        let s = r.status;
        let ok = match want {
            Want::Refused => s.is_client_error(),
            Want::NoCrash => !s.is_server_error(),
        };
        if !ok {
            failures.push(format!(
                "{label}: {s} (want {want:?}): {}",
                r.text().chars().take(300).collect::<String>()
            ));
            continue;
        }
        if s.is_client_error() {
            if api {
                check_api_error(&r, "es", &label);
            } else {
                page_is_error(&r, &label);
            }
        }
    }
    failures
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn hostile_reads_are_4xx_never_5xx() {
    let f = Fixture::new();
    let mut a = f.login("inspector").await;
    // Long, but within what an HTTP server accepts in a request line (http::Uri's limit is 64 KiB).
    let big = huge(40_000);
    let refused = |s: &str| (s.to_string(), Want::Refused);
    let lenient = |s: &str| (s.to_string(), Want::NoCrash);
    let mut pages: Vec<(String, Want)> = [
        "/workplaces/abc",
        "/workplaces/-1",
        "/workplaces/0",
        "/workplaces/1.5",
        "/workplaces/99999999999999999999",
        "/workplaces/999999999",
        "/workplaces/%FF",
        "/workplaces/%00",
        "/workplaces/1%20OR%201=1",
        "/employers/abc",
        "/employers/-1",
        "/employers/99999999999999999999",
        "/employers/999999999",
        "/registry?state=99",
        "/registry?state=abc",
        "/registry?state=-1",
        "/registry?municipality=abc",
        "/registry?municipality=123456",
        "/registry?scian=x",
        "/registry?scian=1",
        "/registry?scian=1234567",
        "/registry?size_band=zzz",
        "/registry?q=x&limit=abc",
        "/registry?q=x&limit=99999999999999999999",
        "/registry?q=x&after=%00",
        "/registry?q=x&after=abc",
        "/registry?q=a&q=b",
        "/no/such/page",
        "/static/nope.css",
    ]
    .iter()
    .map(|s| refused(s))
    .collect();
    pages.extend(
        [
            "/registry?q=%FF%FE",
            "/registry?rfc=%C3%28",
            "/registry?q=%00%01%02",
            "/registry?q=%22%20OR%20*%20NEAR(",
            "/registry?rfc=%25_%25",
            "/registry?q=x&limit=-5",
            "/login?next=%FF",
        ]
        .iter()
        .map(|s| lenient(s)),
    );
    pages.push((
        format!("/registry?q={}", crate::support::url_encode(&big)),
        Want::NoCrash,
    ));
    pages.push((format!("/registry?rfc={}", "A".repeat(50_000)), Want::Refused));
    pages.push((format!("/registry?q={}", "A".repeat(50_000)), Want::NoCrash));
    pages.push(("/registry?rfc=XAXX010101000X".to_string(), Want::Refused));
    // One or two letters of an RFC match a large share of all employers: refused with a reason.
    pages.push(("/registry?rfc=GA".to_string(), Want::Refused));

    let mut api: Vec<(String, Want)> = [
        "/api/v1/workplaces/abc",
        "/api/v1/workplaces/-1",
        "/api/v1/workplaces/99999999999999999999",
        "/api/v1/workplaces/%FF",
        "/api/v1/employers/abc",
        "/api/v1/employers/0",
        "/api/v1/workplaces?state=99",
        "/api/v1/workplaces?municipality=abc",
        "/api/v1/workplaces?scian=x",
        "/api/v1/workplaces?limit=abc",
        "/api/v1/workplaces?after=%00",
        "/api/v1/workplaces?size_band=%FF",
        "/api/v1/workplaces?q=a&q=b",
        "/api/v1/identifiers/foo/bar",
        "/api/v1/identifiers/rfc/%FF",
        "/api/v1/nothing-here",
        "/api/nothing",
    ]
    .iter()
    .map(|s| refused(s))
    .collect();
    api.push((format!("/api/v1/identifiers/rfc/{}", "A".repeat(65)), Want::Refused));
    api.push((
        format!("/api/v1/workplaces?q={}", crate::support::url_encode(&big)),
        Want::NoCrash,
    ));
    api.push(("/api/v1/workplaces?q=%FF%FE&rfc=%C3%28".to_string(), Want::NoCrash));
    api.push(("/api/v1/workplaces?rfc=g".to_string(), Want::Refused));
    api.push((
        format!("/api/v1/workplaces?rfc={}", "%C3%91".repeat(10_000)),
        Want::Refused,
    ));
    api.push((
        format!("/api/v1/workplaces?q={}", "%C3%91".repeat(8_000)),
        Want::NoCrash,
    ));
    api.push(("/api/v1/identifiers/curp/%FF%FE".to_string(), Want::NoCrash));

    let before = f.counts();
    let mut failures = get_all(&mut a, &pages, false).await;
    failures.extend(get_all(&mut a, &api, true).await);

    // Other methods on known paths.
    let r = a.request(Method::PUT, "/registry", None, Vec::new(), &[]).await;
    if !r.status.is_client_error() {
        failures.push(format!("PUT /registry: {}", r.status));
    }
    let r = a
        .request(Method::DELETE, "/api/v1/workplaces/1", None, Vec::new(), &[])
        .await;
    if !r.status.is_client_error() {
        failures.push(format!("DELETE /api/v1/workplaces/1: {}", r.status));
    } else {
        check_api_error(&r, "es", "DELETE");
    }
    let csrf = a.csrf().await;
    let r = a
        .request(
            Method::PATCH,
            "/api/v1/workplaces",
            None,
            Vec::new(),
            &[("x-csrf-token", &csrf)],
        )
        .await;
    assert_eq!(r.status, StatusCode::METHOD_NOT_ALLOWED);
    assert_eq!(check_api_error(&r, "es", "PATCH"), "error.method_not_allowed");

    assert!(
        failures.is_empty(),
        "{} hostile reads misbehaved:\n{}",
        failures.len(),
        failures.join("\n")
    );
    assert_eq!(f.counts(), before, "reads write nothing");

    // Specific codes the user can act on.
    let r = a.get("/api/v1/workplaces?state=99").await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    let (code, msg, params) = r.api_error();
    assert_eq!(code, "state_code.invalid");
    assert_eq!(params.get("value").map(String::as_str), Some("99"));
    assert_eq!(msg, "La clave de entidad 99 no es válida (01 a 32).");
    let r = a.get("/api/v1/workplaces?limit=abc").await;
    let (code, _, params) = r.api_error();
    assert_eq!(code, "field.invalid_number");
    assert_eq!(params.get("field").map(String::as_str), Some("limit"));
    assert_eq!(a.get("/api/v1/workplaces/-1").await.api_error().0, "error.not_found");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn hostile_writes_are_refused_and_write_nothing() {
    let f = Fixture::new();
    let w = f.workplaces().into_iter().next().expect("a workplace");
    let mut a = f.login("admin").await;
    let csrf = a.csrf().await;
    let valid = json!({
        "employer_id": w.employer_id, "name": "Centro válido", "postal_code": "06000",
        "municipality": w.municipality, "scian_class": w.scian_class, "headcount": 4
    });
    let with = |k: &str, v: serde_json::Value| {
        let mut b = valid.clone();
        b[k] = v;
        b.to_string()
    };
    let without = |k: &str| {
        let mut b = valid.clone();
        b.as_object_mut().expect("object").remove(k);
        b.to_string()
    };
    let deep = format!("{}{}", "[".repeat(5000), "]".repeat(5000));
    let workplace_bodies: Vec<(&str, String)> = vec![
        ("malformed", "{\"name\": ".to_string()),
        ("not json", "name=Centro".to_string()),
        ("empty", String::new()),
        ("null", "null".to_string()),
        ("array", "[]".to_string()),
        ("deep nesting", deep.clone()),
        ("empty object", "{}".to_string()),
        ("missing name", without("name")),
        ("missing municipality", without("municipality")),
        ("missing employer", without("employer_id")),
        ("employer as text", with("employer_id", json!("uno"))),
        ("employer as float", with("employer_id", json!(1e30))),
        ("employer negative", with("employer_id", json!(-1))),
        ("employer unknown", with("employer_id", json!(999_999_999))),
        ("headcount negative", with("headcount", json!(-3))),
        ("headcount huge", with("headcount", json!(1u64 << 40))),
        (
            "headcount and band disagree",
            with("size_band", json!("251 y más personas")),
        ),
        ("no headcount nor band", without("headcount")),
        ("name empty", with("name", json!("   "))),
        ("name control chars", with("name", json!("Centro\u{0}\u{7}"))),
        ("name too long", with("name", json!("x".repeat(301)))),
        ("name not text", with("name", json!({"a": 1}))),
        ("municipality unknown", with("municipality", json!("99999"))),
        (
            "municipality injection",
            with("municipality", json!("09015' OR '1'='1")),
        ),
        ("scian unknown", with("scian_class", json!("000000"))),
        ("postal code bad", with("postal_code", json!("ABCDE"))),
        ("latitude alone", with("latitude", json!(19.4))),
        ("outside Mexico", {
            let mut b = valid.clone();
            b["latitude"] = json!(48.85);
            b["longitude"] = json!(2.35);
            b.to_string()
        }),
        ("size band bad", with("size_band", json!("muchos"))),
        ("huge body", with("street", json!("x".repeat(300 * 1024)))),
    ];
    let employer_bodies: Vec<(&str, String)> = vec![
        ("malformed", "{".to_string()),
        ("missing name", "{\"rfc\": \"\"}".to_string()),
        ("name empty", json!({"name": ""}).to_string()),
        ("rfc invalid", json!({"name": "Patrón", "rfc": "NOTANRFC"}).to_string()),
        ("rfc wrong type", json!({"name": "Patrón", "rfc": 12}).to_string()),
        ("name control chars", json!({"name": "Pat\u{1b}[31mrón"}).to_string()),
        (
            "legal form too long",
            json!({"name": "Patrón largo", "legal_form": "y".repeat(5000)}).to_string(),
        ),
        ("deep nesting", deep),
    ];

    let before = f.counts();
    let mut failures = Vec::new();
    for (path, bodies) in [
        ("/api/v1/workplaces", &workplace_bodies),
        ("/api/v1/employers", &employer_bodies),
    ] {
        for (label, body) in bodies {
            let r = a.post_json(path, body, Some(&csrf)).await;
            if !r.status.is_client_error() {
                failures.push(format!("POST {path} {label}: {} {}", r.status, r.text()));
                continue;
            }
            check_api_error(&r, "es", label);
        }
    }
    // The wrong content type, and a duplicate employer (a conflict, not a crash).
    let r = a
        .request(
            Method::POST,
            "/api/v1/workplaces",
            Some("text/plain"),
            valid.to_string().into_bytes(),
            &[("x-csrf-token", &csrf)],
        )
        .await;
    assert!(r.status.is_client_error(), "text/plain body: {}", r.status);
    check_api_error(&r, "es", "text/plain");
    let r = a
        .request(
            Method::POST,
            "/api/v1/workplaces",
            None,
            valid.to_string().into_bytes(),
            &[("x-csrf-token", &csrf)],
        )
        .await;
    assert!(r.status.is_client_error(), "no content type: {}", r.status);

    assert!(
        failures.is_empty(),
        "{} hostile writes misbehaved:\n{}",
        failures.len(),
        failures.join("\n")
    );
    assert_eq!(f.counts(), before, "refused writes leave nothing behind");

    // A duplicate is a 409 and adds nothing either.
    let e = json!({"name": "Patrón único de prueba"}).to_string();
    assert_eq!(
        a.post_json("/api/v1/employers", &e, Some(&csrf)).await.status,
        StatusCode::CREATED
    );
    let after_one = f.counts();
    let r = a.post_json("/api/v1/employers", &e, Some(&csrf)).await;
    assert_eq!(r.status, StatusCode::CONFLICT);
    assert_eq!(check_api_error(&r, "es", "duplicate"), "error.conflict");
    assert_eq!(f.counts(), after_one);

    // Page forms: an oversized body, an unknown language, a JSON body to a form endpoint.
    let r = a
        .post_form("/language", &[("csrf", &csrf), ("lang", "xx"), ("next", "/")])
        .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    page_is_error(&r, "POST /language xx");
    let big = "z".repeat(300 * 1024);
    let r = a
        .post_form("/language", &[("csrf", &csrf), ("lang", "en"), ("next", &big)])
        .await;
    assert_eq!(r.status, StatusCode::PAYLOAD_TOO_LARGE);
    page_is_error(&r, "POST /language huge");
    let r = a
        .request(
            Method::POST,
            "/language",
            Some("application/json"),
            b"{\"lang\":\"en\"}".to_vec(),
            &[("x-csrf-token", &csrf)],
        )
        .await;
    assert!(r.status.is_client_error(), "JSON to a form: {}", r.status);
    page_is_error(&r, "POST /language json");
    let r = a
        .post_form(
            "/login",
            &[("csrf", &csrf), ("username", &"u".repeat(5000)), ("password", "p")],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    assert_eq!(f.counts(), after_one, "refused form posts change nothing");
    assert_eq!(
        f.store
            .user_by_username("admin")
            .expect("read")
            .expect("admin")
            .language,
        "es"
    );
}

#[tokio::test]
async fn api_errors_speak_the_request_language() {
    let f = Fixture::new();
    let long = format!("/api/v1/identifiers/rfc/{}", "A".repeat(65));
    for (lang, accept) in [
        ("es", None),
        ("es", Some("es-MX")),
        ("en", Some("en-US,en;q=0.9")),
        ("en", Some("en")),
    ] {
        let mut a = f.agent();
        if let Some(h) = accept {
            a = a.with_language(h);
        }
        let label = format!("{accept:?}");
        let r = a.get("/api/v1/workplaces").await;
        assert_eq!(r.status, StatusCode::UNAUTHORIZED);
        assert_eq!(check_api_error(&r, lang, &label), "error.needs_login");
        assert_eq!(r.api_error().1, text(lang, "error.needs_login"));
        let r = a.get("/api/v1/identifiers/passport/X").await;
        assert_eq!(r.status, StatusCode::NOT_FOUND);
        assert_eq!(check_api_error(&r, lang, &label), "error.not_found");
        let r = a.get(&long).await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST);
        assert_eq!(check_api_error(&r, lang, &label), "error.bad_request");
        let r = a.get("/api/v1/nowhere").await;
        assert_eq!(r.status, StatusCode::NOT_FOUND);
        assert_eq!(check_api_error(&r, lang, &label), "error.not_found");
    }

    // A logged-in user's own setting decides (here English), for validation messages too.
    f.add_user("english", Role::Inspector, Jurisdiction::Federal);
    let mut a = f.login("english").await;
    let csrf = a.csrf().await;
    let r = a
        .post_form("/language", &[("csrf", &csrf), ("lang", "en"), ("next", "/")])
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let r = a.get("/api/v1/workplaces?state=99").await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(check_api_error(&r, "en", "english user"), "state_code.invalid");
    let mut p = BTreeMap::new();
    p.insert("value".to_string(), "99".to_string());
    assert_eq!(r.api_error().1, message("en", "state_code.invalid", &p));
    let r = a.post_json("/api/v1/employers", "{\"name\": \"\"}", Some(&csrf)).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(check_api_error(&r, "en", "english user"), "field.required");
    assert!(r.api_error().1.starts_with("The field"), "{}", r.api_error().1);

    // The account's setting wins over the header, as on pages.
    let mut es_user = f.login("inspector").await.with_language("en");
    let r = es_user.get("/api/v1/workplaces?state=99").await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        check_api_error(&r, "es", "spanish user, english header"),
        "state_code.invalid"
    );
    let mut en_user = a.with_language("es-MX");
    let r = en_user.get("/api/v1/workplaces/0").await;
    assert_eq!(
        check_api_error(&r, "en", "english user, spanish header"),
        "error.not_found"
    );
}
