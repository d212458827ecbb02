//! The API answers what its OpenAPI document says it answers. These are the cases schemathesis
//! (`scripts/schemathesis.sh`) found: a JSON POST without `Content-Type: application/json`
//! answered 415, and a body that is not JSON answered 400, and neither status was in the
//! document; and the message of both was axum's English inside a Spanish sentence. Now each
//! refusal of a JSON body has its own code, a message wholly in the request's language, and a
//! status the document lists for the operation.

use axum::http::{Method, StatusCode};
use serde_json::Value;

use crate::support::{message, Agent, Fixture, Resp};

/// The statuses the OpenAPI document lists for one operation.
fn documented_statuses(method: &str, path: &str) -> Vec<u16> {
    let doc = faro_web::api::openapi_document();
    let responses = &doc["paths"][path][method]["responses"];
    let Value::Object(map) = responses else {
        panic!("{method} {path} is not in the OpenAPI document");
    };
    map.keys().map(|k| k.parse().expect("a numeric status")).collect()
}

/// The JSON POST operations of the API, each with a well-formed body.
const OPERATIONS: [(&str, &str); 3] = [
    (
        "/api/v1/employers",
        r#"{"name": "Patrón de prueba", "legal_form": "SA de CV"}"#,
    ),
    (
        "/api/v1/workplaces",
        r#"{"employer_id": 1, "name": "Centro", "postal_code": "06000", "municipality": "09015", "scian_class": "461110"}"#,
    ),
    (
        "/api/v1/conciliation/settlement",
        r#"{"start_date": "2020-01-01", "end_date": "2024-01-01", "calculated_on": "2024-01-02", "daily_wage": 50000, "zone": "general", "termination": "unjustified_dismissal"}"#,
    ),
];

/// A refused body: what it is, its content type, its bytes, and the status and code it must get.
type Malformed = (&'static str, Option<&'static str>, Vec<u8>, StatusCode, &'static str);

/// The ways a JSON body is refused before the handler sees it, and what each must get.
fn malformed() -> Vec<Malformed> {
    vec![
        (
            "no content type",
            None,
            Vec::new(),
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "error.json_content_type",
        ),
        (
            "a form's content type",
            Some("application/x-www-form-urlencoded"),
            b"name=x".to_vec(),
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "error.json_content_type",
        ),
        (
            "a NUL byte",
            Some("application/json"),
            vec![0],
            StatusCode::BAD_REQUEST,
            "error.json_syntax",
        ),
        (
            "an empty body",
            Some("application/json"),
            Vec::new(),
            StatusCode::BAD_REQUEST,
            "error.json_syntax",
        ),
        (
            "cut JSON",
            Some("application/json"),
            b"{\"name\": ".to_vec(),
            StatusCode::BAD_REQUEST,
            "error.json_syntax",
        ),
        (
            "a JSON array",
            Some("application/json"),
            b"[]".to_vec(),
            StatusCode::UNPROCESSABLE_ENTITY,
            "error.json_data",
        ),
        (
            "a number for a text",
            Some("application/json"),
            br#"{"name": 5, "employer_id": "x", "termination": 7}"#.to_vec(),
            StatusCode::UNPROCESSABLE_ENTITY,
            "error.json_data",
        ),
    ]
}

async fn post(a: &mut Agent, path: &str, content_type: Option<&str>, body: Vec<u8>, csrf: &str) -> Resp {
    a.request(Method::POST, path, content_type, body, &[("x-csrf-token", csrf)])
        .await
}

#[tokio::test]
async fn refused_json_bodies_have_a_documented_status_and_a_translated_message() {
    let f = Fixture::new();
    let before = f.counts();
    for lang in ["es", "en"] {
        let mut a = f.login("admin").await.with_language(lang);
        // The administrator's language setting is Spanish; English comes from the header only
        // for the anonymous agent below, so the logged-in one is checked in Spanish.
        let csrf = a.csrf().await;
        let mut anonymous = f.agent().with_language(lang);
        let anonymous_csrf = anonymous.csrf().await;
        for (path, _) in OPERATIONS {
            let documented = documented_statuses("post", path);
            for (label, content_type, body, want, code) in malformed() {
                for (who, agent, token, expect_lang) in [
                    ("admin", &mut a, csrf.as_str(), "es"),
                    ("anonymous", &mut anonymous, anonymous_csrf.as_str(), lang),
                ] {
                    let r = post(agent, path, content_type, body.clone(), token).await;
                    let case = format!("{who} POST {path} with {label} ({lang})");
                    if who == "anonymous" && path != "/api/v1/conciliation/settlement" {
                        // Only the public calculator lets an anonymous visitor in; the others
                        // may refuse for the login first. Whatever they answer is documented.
                        assert!(r.status.is_client_error(), "{case}: {}", r.status);
                        assert!(
                            documented.contains(&r.status.as_u16()),
                            "{case}: {} is not among the documented {documented:?}",
                            r.status
                        );
                        continue;
                    }
                    assert_eq!(r.status, want, "{case}: {}", r.text());
                    assert!(
                        documented.contains(&want.as_u16()),
                        "{case}: {want} is not among the documented {documented:?}"
                    );
                    assert!(
                        r.header("content-type")
                            .is_some_and(|c| c.starts_with("application/json")),
                        "{case}: the refusal is JSON"
                    );
                    let (got_code, got_message, params) = r.api_error();
                    assert_eq!(got_code, code, "{case}");
                    assert_eq!(got_message, message(expect_lang, code, &params), "{case}");
                    if code == "error.json_content_type" {
                        assert!(
                            !got_message.contains("Expected request"),
                            "{case}: axum's English is not the message: {got_message}"
                        );
                    } else {
                        assert!(
                            params.get("detail").is_some_and(|d| !d.is_empty()),
                            "{case}: the technical detail is kept for the developer"
                        );
                    }
                }
            }
        }
    }
    // (The logins themselves are events; nothing else may be.)
    let after = f.counts();
    assert_eq!(
        (after.employers, after.workplaces),
        (before.employers, before.workplaces),
        "refused bodies register nothing"
    );
}

#[tokio::test]
async fn the_json_posts_accept_their_own_bodies_and_document_a_too_large_one() {
    let f = Fixture::new();
    let mut a = f.login("admin").await;
    let csrf = a.csrf().await;
    for (path, body) in OPERATIONS {
        let documented = documented_statuses("post", path);
        // The well-formed body gets past the JSON extractor (whatever the handler then decides).
        let r = a.post_json(path, body, Some(&csrf)).await;
        match path {
            "/api/v1/employers" => assert_eq!(r.status, StatusCode::CREATED, "{}", r.text()),
            "/api/v1/conciliation/settlement" => assert_eq!(r.status, StatusCode::OK, "{}", r.text()),
            _ => {}
        }
        assert!(
            !matches!(r.status.as_u16(), 400 | 415 | 500..=599),
            "POST {path}: {} {}",
            r.status,
            r.text()
        );
        assert!(
            documented.contains(&r.status.as_u16()),
            "POST {path}: {} is not among the documented {documented:?}",
            r.status
        );
        // A body larger than any form is refused before the CSRF check, with a documented 413.
        let big = format!(r#"{{"name": "{}"}}"#, "x".repeat(300 * 1024));
        let r = a.post_json(path, &big, Some(&csrf)).await;
        assert_eq!(r.status, StatusCode::PAYLOAD_TOO_LARGE, "POST {path}");
        assert!(documented.contains(&413), "POST {path}: 413 is not documented");
        assert_eq!(r.api_error().0, "error.too_large");
    }
}
