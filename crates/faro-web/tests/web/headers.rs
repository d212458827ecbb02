//! Cases 7 and 8: security headers on every page, and the probes.

use axum::http::StatusCode;

use crate::support::{Fixture, Resp};

fn check_security_headers(r: &Resp, label: &str) {
    let csp = r
        .header("content-security-policy")
        .unwrap_or_else(|| panic!("{label}: no CSP"));
    let directives: Vec<&str> = csp.split(';').map(str::trim).collect();
    assert!(directives.contains(&"frame-ancestors 'none'"), "{label}: {csp}");
    assert!(directives.contains(&"script-src 'self'"), "{label}: {csp}");
    assert!(directives.contains(&"object-src 'none'"), "{label}: {csp}");
    assert!(
        directives.iter().any(|d| d.starts_with("default-src")),
        "{label}: {csp}"
    );
    assert!(
        !csp.contains("unsafe-inline") && !csp.contains("unsafe-eval"),
        "{label}: {csp}"
    );
    assert_eq!(
        r.header("x-content-type-options").as_deref(),
        Some("nosniff"),
        "{label}"
    );
    let referrer = r
        .header("referrer-policy")
        .unwrap_or_else(|| panic!("{label}: no Referrer-Policy"));
    assert!(
        [
            "no-referrer",
            "same-origin",
            "strict-origin",
            "strict-origin-when-cross-origin"
        ]
        .contains(&referrer.as_str()),
        "{label}: Referrer-Policy {referrer}"
    );
    assert_eq!(r.header("x-frame-options").as_deref(), Some("DENY"), "{label}");
}

#[tokio::test]
async fn pages_carry_security_headers() {
    let f = Fixture::new();
    let mut anon = f.agent();
    let mut staff = f.login("admin").await;
    let w = f.workplaces().into_iter().next().expect("workplace");
    let pages = [
        ("/", StatusCode::OK),
        ("/login", StatusCode::OK),
        ("/api/docs", StatusCode::OK),
        ("/registry", StatusCode::SEE_OTHER),
        ("/nowhere", StatusCode::NOT_FOUND),
        ("/api/v1/me", StatusCode::UNAUTHORIZED),
        ("/health", StatusCode::OK),
    ];
    for (path, status) in pages {
        let r = anon.get(path).await;
        assert_eq!(r.status, status, "anonymous {path}");
        check_security_headers(&r, &format!("anonymous {path}"));
    }
    let staff_pages = [
        "/".to_string(),
        "/registry?q=a".to_string(),
        format!("/workplaces/{}", w.id),
        format!("/employers/{}", w.employer_id),
        "/audit".to_string(),
        "/users".to_string(),
        "/api/v1/me".to_string(),
    ];
    for path in &staff_pages {
        let r = staff.get(path).await;
        assert_eq!(r.status, StatusCode::OK, "admin {path}");
        check_security_headers(&r, &format!("admin {path}"));
        if !path.starts_with("/api/") {
            assert_eq!(
                r.header("cache-control").as_deref(),
                Some("no-store"),
                "{path}: staff pages are not cached"
            );
            assert!(r.header("content-type").is_some_and(|c| c.starts_with("text/html")));
        }
    }
    // A refused form post is an error page with the same headers.
    let r = staff.post_form("/logout", &[]).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    check_security_headers(&r, "refused logout");
}

#[tokio::test]
async fn probes_answer_json() {
    let f = Fixture::new();
    let mut a = f.agent();
    let r = a.get("/health").await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.is_json());
    let v = r.json();
    assert_eq!(v["status"], "ok");
    assert_eq!(v["version"], env!("CARGO_PKG_VERSION"));

    let r = a.get("/ready").await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.is_json());
    let v = r.json();
    assert_eq!(v["status"], "ready");
    assert_eq!(v["backend"], "sqlite");

    // Probes never need a session, nor set one.
    assert!(r.set_cookies().iter().all(|c| !c.starts_with("faro_session")));
}
