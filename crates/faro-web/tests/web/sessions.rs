//! Case 4: logging in and out, throttling, cookie flags, no session fixation.

use std::collections::BTreeMap;

use axum::http::StatusCode;
use faro_core::{Jurisdiction, Role};
use faro_web::auth::{random_token, MAX_FAILURES_PER_USER, SESSION_COOKIE, THROTTLE_WINDOW_MINUTES};

use crate::support::{message, page_contains, text, Fixture, PASSWORD};

fn session_cookie_header(set_cookies: &[String]) -> String {
    set_cookies
        .iter()
        .find(|c| c.starts_with(&format!("{SESSION_COOKIE}=")))
        .cloned()
        .unwrap_or_else(|| panic!("no {SESSION_COOKIE} cookie set: {set_cookies:?}"))
}

#[tokio::test]
async fn wrong_password_is_a_401_page() {
    let f = Fixture::new();
    let mut a = f.agent();
    let r = a.login("inspector", "not-the-password").await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    assert!(r.header("content-type").is_some_and(|c| c.starts_with("text/html")));
    assert!(page_contains(&r.text(), &text("es", "login.failed")), "{}", r.text());
    assert!(a.cookie(SESSION_COOKIE).is_none());
    // An unknown user gets exactly the same answer.
    let r2 = a.login("nobody-here", "not-the-password").await;
    assert_eq!(r2.status, StatusCode::UNAUTHORIZED);
    assert!(page_contains(&r2.text(), &text("es", "login.failed")));
    // Empty fields too.
    let r3 = a.login("", "").await;
    assert_eq!(r3.status, StatusCode::UNAUTHORIZED);
    // Still anonymous.
    assert_eq!(a.get("/api/v1/me").await.status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn repeated_failures_throttle_the_account() {
    let f = Fixture::new();
    f.add_user("throttled", Role::Inspector, Jurisdiction::Federal);
    f.add_user("bystander", Role::Inspector, Jurisdiction::Federal);
    let mut a = f.agent();
    for i in 0..MAX_FAILURES_PER_USER {
        let r = a.login("throttled", "wrong-password").await;
        assert_eq!(r.status, StatusCode::UNAUTHORIZED, "failure {i}");
    }
    let r = a.login("throttled", PASSWORD).await;
    assert_eq!(r.status, StatusCode::TOO_MANY_REQUESTS, "{}", r.text());
    let mut p = BTreeMap::new();
    p.insert("minutes".to_string(), THROTTLE_WINDOW_MINUTES.to_string());
    assert!(
        page_contains(&r.text(), &message("es", "login.throttled", &p)),
        "{}",
        r.text()
    );
    assert!(a.cookie(SESSION_COOKIE).is_none(), "no session while throttled");
    assert_eq!(a.get("/api/v1/me").await.status, StatusCode::UNAUTHORIZED);

    // Another account is not locked by them.
    let mut b = f.agent();
    assert_eq!(b.login("bystander", PASSWORD).await.status, StatusCode::SEE_OTHER);
}

#[tokio::test]
async fn login_sets_a_safe_cookie_and_a_new_session_each_time() {
    let f = Fixture::new();
    let mut a = f.agent();
    // An attacker plants a session id before the victim logs in.
    let planted = random_token();
    a.cookies.insert(SESSION_COOKIE.to_string(), planted.clone());
    let r = a.login("supervisor", PASSWORD).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert_eq!(r.location().as_deref(), Some("/"));
    let c = session_cookie_header(&r.set_cookies());
    let attrs: Vec<&str> = c.split(';').map(str::trim).collect();
    assert!(attrs.contains(&"HttpOnly"), "{c}");
    assert!(attrs.contains(&"SameSite=Lax"), "{c}");
    assert!(attrs.contains(&"Path=/"), "{c}");
    let first = a.cookie(SESSION_COOKIE).expect("session");
    assert_ne!(first, planted, "the planted id must not become the session");
    assert_eq!(first.len(), 64);
    assert_eq!(a.get("/api/v1/me").await.json()["username"], "supervisor");

    // The planted id authenticates nobody.
    let mut attacker = f.agent();
    attacker.cookies.insert(SESSION_COOKIE.to_string(), planted);
    assert_eq!(attacker.get("/api/v1/me").await.status, StatusCode::UNAUTHORIZED);

    // Logging in again gives another session id.
    let r = a.login("supervisor", PASSWORD).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let second = a.cookie(SESSION_COOKIE).expect("session");
    assert_ne!(first, second);
    let mut b = f.agent();
    let r = b.login("supervisor", PASSWORD).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let third = b.cookie(SESSION_COOKIE).expect("session");
    assert!(third != first && third != second);

    // A `next` outside the site is not followed.
    let mut c = f.agent();
    let page = c.get("/login?next=//evil.example/x").await;
    let token = crate::support::hidden_csrf(&page.text()).expect("csrf");
    let r = c
        .post_form(
            "/login",
            &[
                ("csrf", &token),
                ("username", "supervisor"),
                ("password", PASSWORD),
                ("next", "https://evil.example/"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert_eq!(r.location().as_deref(), Some("/"));
}

#[tokio::test]
async fn logout_ends_the_session() {
    let f = Fixture::new();
    let mut a = f.login("conciliador").await;
    let old = a.cookie(SESSION_COOKIE).expect("session");
    assert_eq!(a.get("/registry").await.status, StatusCode::OK);
    let token = a.csrf().await;
    let r = a.post_form("/logout", &[("csrf", &token)]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert_eq!(r.location().as_deref(), Some("/"));
    let cleared = session_cookie_header(&r.set_cookies());
    assert!(cleared.contains("Max-Age=0"), "{cleared}");
    assert!(a.cookie(SESSION_COOKIE).is_none());

    // Replaying the old cookie does not authenticate any more.
    let mut replay = f.agent();
    replay.cookies.insert(SESSION_COOKIE.to_string(), old);
    let me = replay.get("/api/v1/me").await;
    assert_eq!(me.status, StatusCode::UNAUTHORIZED);
    assert_eq!(me.api_error().0, "error.needs_login");
    let page = replay.get("/registry").await;
    assert_eq!(page.status, StatusCode::SEE_OTHER);
    assert_eq!(page.location().as_deref(), Some("/login?next=/registry"));
}
