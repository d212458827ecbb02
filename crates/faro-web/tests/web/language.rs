//! Case 5: Spanish by default, English on request, and the choice remembered on the account.

use axum::http::StatusCode;
use faro_core::{Jurisdiction, Role};
use faro_web::auth::LANG_COOKIE;

use crate::support::{page_contains, text, Fixture, PASSWORD};

fn html_lang(body: &str) -> Option<String> {
    let marker = "<html lang=\"";
    let start = body.find(marker)? + marker.len();
    let end = body[start..].find('"')? + start;
    Some(body[start..end].to_string())
}

#[tokio::test]
async fn spanish_by_default_english_on_request() {
    let f = Fixture::new();
    let r = f.agent().get("/").await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(html_lang(&r.text()).as_deref(), Some("es-MX"));
    assert!(page_contains(&r.text(), &text("es", "app.tagline")));
    assert!(page_contains(&r.text(), &text("es", "nav.login")));

    let r = f.agent().with_language("en-US,en;q=0.9").get("/").await;
    assert_eq!(html_lang(&r.text()).as_deref(), Some("en"));
    assert!(page_contains(&r.text(), &text("en", "app.tagline")));
    assert!(!page_contains(&r.text(), &text("es", "app.tagline")));

    let r = f.agent().with_language("fr-FR, es;q=0.5").get("/login").await;
    assert_eq!(html_lang(&r.text()).as_deref(), Some("es-MX"));
    assert!(page_contains(&r.text(), &text("es", "login.title")));

    // The public can switch too; it is kept in a cookie.
    let mut a = f.agent();
    let token = a.csrf().await;
    let r = a
        .post_form("/language", &[("csrf", &token), ("lang", "en"), ("next", "/login")])
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert_eq!(r.location().as_deref(), Some("/login"));
    assert_eq!(a.cookie(LANG_COOKIE).as_deref(), Some("en"));
    let r = a.get("/login").await;
    assert_eq!(html_lang(&r.text()).as_deref(), Some("en"));
    assert!(page_contains(&r.text(), &text("en", "login.title")));
}

#[tokio::test]
async fn switching_is_remembered_on_the_account() {
    let f = Fixture::new();
    f.add_user("bilingue", Role::Analyst, Jurisdiction::Federal);
    let mut a = f.login("bilingue").await;
    let r = a.get("/registry").await;
    assert_eq!(html_lang(&r.text()).as_deref(), Some("es-MX"));
    assert!(page_contains(&r.text(), &text("es", "search.title")));

    let token = a.csrf().await;
    let r = a
        .post_form("/language", &[("csrf", &token), ("lang", "en"), ("next", "/registry")])
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert_eq!(r.location().as_deref(), Some("/registry"));
    let r = a.get("/registry").await;
    assert_eq!(html_lang(&r.text()).as_deref(), Some("en"));
    assert!(page_contains(&r.text(), &text("en", "search.title")));
    assert_eq!(
        f.store
            .user_by_username("bilingue")
            .expect("read")
            .expect("user")
            .language,
        "en"
    );

    // Log out; a brand-new client (no language cookie, a Spanish browser) logs in again.
    let token = a.csrf().await;
    assert_eq!(
        a.post_form("/logout", &[("csrf", &token)]).await.status,
        StatusCode::SEE_OTHER
    );
    let mut b = f.agent().with_language("es-MX");
    assert_eq!(b.login("bilingue", PASSWORD).await.status, StatusCode::SEE_OTHER);
    assert!(b.cookie(LANG_COOKIE).is_none());
    let r = b.get("/").await;
    assert_eq!(html_lang(&r.text()).as_deref(), Some("en"));
    assert!(page_contains(&r.text(), &text("en", "home.tasks")));
    assert_eq!(b.get("/api/v1/me").await.json()["language"], "en");

    // And back to Spanish.
    let token = b.csrf().await;
    let r = b
        .post_form("/language", &[("csrf", &token), ("lang", "es"), ("next", "/")])
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert_eq!(html_lang(&b.get("/").await.text()).as_deref(), Some("es-MX"));

    // An unknown language is a 400, not a crash, and changes nothing.
    let r = b
        .post_form("/language", &[("csrf", &token), ("lang", "xx"), ("next", "/")])
        .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert_eq!(
        f.store
            .user_by_username("bilingue")
            .expect("read")
            .expect("user")
            .language,
        "es"
    );
}
