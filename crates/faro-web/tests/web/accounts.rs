//! Accounts over HTTPS and throttling by client: what sessions.rs and headers.rs leave out.

use axum::http::StatusCode;
use faro_core::{Jurisdiction, Role};
use faro_web::auth::{CSRF_COOKIE, LANG_COOKIE, MAX_FAILURES_PER_CLIENT, SESSION_COOKIE};
use faro_web::WebConfig;

use crate::support::{Fixture, PASSWORD};

/// The Set-Cookie line that sets `name`.
fn set_cookie<'a>(lines: &'a [String], name: &str) -> Option<&'a String> {
    lines.iter().find(|c| c.starts_with(&format!("{name}=")))
}

#[tokio::test]
async fn over_https_every_cookie_is_secure_and_hsts_is_sent() {
    let f = Fixture::with_config(WebConfig { secure_cookies: true });
    let mut a = f.agent();
    let first = a.get("/login").await;
    assert_eq!(first.status, StatusCode::OK);
    let csrf = set_cookie(&first.set_cookies(), CSRF_COOKIE)
        .cloned()
        .expect("a new visitor gets the CSRF cookie");
    let hsts = first.header("strict-transport-security").expect("HSTS over HTTPS");
    assert!(hsts.starts_with("max-age=31536000"), "{hsts}");

    let login = a.login("supervisor", PASSWORD).await;
    assert_eq!(login.status, StatusCode::SEE_OTHER, "{}", login.text());
    let session = set_cookie(&login.set_cookies(), SESSION_COOKIE)
        .cloned()
        .expect("a session cookie");
    let csrf_token = a.csrf().await;
    let lang = a
        .post_form("/language", &[("csrf", &csrf_token), ("lang", "en"), ("next", "/")])
        .await;
    let lang = set_cookie(&lang.set_cookies(), LANG_COOKIE)
        .cloned()
        .expect("a language cookie");
    for c in [&csrf, &session, &lang] {
        let attrs: Vec<&str> = c.split(';').map(str::trim).collect();
        assert!(attrs.contains(&"Secure"), "{c}");
        assert!(attrs.contains(&"SameSite=Lax"), "{c}");
    }
    for c in [&csrf, &session] {
        assert!(c.split(';').map(str::trim).any(|a| a == "HttpOnly"), "{c}");
    }

    // Logging out clears the session with a cookie just as strict.
    let token = a.csrf().await;
    let out = a.post_form("/logout", &[("csrf", &token)]).await;
    let cleared = set_cookie(&out.set_cookies(), SESSION_COOKIE)
        .cloned()
        .expect("the session cookie is cleared");
    assert!(cleared.contains("Max-Age=0") && cleared.contains("Secure"), "{cleared}");
}

#[tokio::test]
async fn over_plain_http_no_hsts_and_no_secure_flag() {
    let f = Fixture::new();
    let mut a = f.agent();
    let r = a.get("/login").await;
    assert!(r.header("strict-transport-security").is_none());
    let csrf = set_cookie(&r.set_cookies(), CSRF_COOKIE).cloned().expect("csrf cookie");
    assert!(!csrf.contains("Secure"), "{csrf}");
}

#[tokio::test]
async fn one_client_guessing_many_accounts_is_throttled() {
    let f = Fixture::new();
    f.add_user("victim", Role::Inspector, Jurisdiction::Federal);
    let mut a = f.agent();
    // A password spray: one wrong guess for each of many accounts, none reaching the per-account
    // limit.
    for i in 0..MAX_FAILURES_PER_CLIENT {
        let r = a.login(&format!("guess{i}"), "Invierno2026!").await;
        assert_eq!(r.status, StatusCode::UNAUTHORIZED, "guess {i}");
    }
    // The same client is now refused even with a right password, and gets no session.
    let r = a.login("victim", PASSWORD).await;
    assert_eq!(r.status, StatusCode::TOO_MANY_REQUESTS, "{}", r.text());
    assert!(a.cookie(SESSION_COOKIE).is_none());
}
