//! Case 3: state-changing requests need the session's CSRF token.

use axum::http::StatusCode;
use faro_web::auth::random_token;
use serde_json::json;

use crate::support::{page_contains, text, Fixture};

#[tokio::test]
async fn forms_without_or_with_a_wrong_token_are_refused() {
    let f = Fixture::new();
    let mut a = f.login("inspector").await;
    let good = a.csrf().await;
    let csrf_message = text("es", "error.csrf");

    for (path, extra) in [("/logout", vec![]), ("/language", vec![("lang", "en"), ("next", "/")])] {
        // No token at all.
        let r = a.post_form(path, &extra).await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{path} without token: {}", r.text());
        assert!(
            page_contains(&r.text(), &csrf_message),
            "{path}: the page names the CSRF problem"
        );
        // A wrong token, of the right shape.
        let wrong = random_token();
        let mut fields = extra.clone();
        fields.push(("csrf", &wrong));
        let r = a.post_form(path, &fields).await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{path} with a wrong token");
        assert!(page_contains(&r.text(), &csrf_message));
        // The header of a form post is checked the same way.
        let r = a
            .request(
                axum::http::Method::POST,
                path,
                Some("application/x-www-form-urlencoded"),
                b"lang=en".to_vec(),
                &[("x-csrf-token", "0000")],
            )
            .await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{path} with a short header token");
    }
    // Another user's token does not work for this session.
    let mut other = f.login("analista").await;
    let foreign = other.csrf().await;
    assert_ne!(foreign, good);
    let r = a.post_form("/logout", &[("csrf", &foreign)]).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);

    // Nothing happened: still logged in, still Spanish.
    let me = a.get("/api/v1/me").await;
    assert_eq!(me.status, StatusCode::OK);
    assert_eq!(me.json()["language"], "es");
    assert_eq!(me.json()["csrf_token"], good.as_str());

    // With the right token the same posts work.
    let r = a
        .post_form("/language", &[("csrf", &good), ("lang", "en"), ("next", "/")])
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let r = a.post_form("/logout", &[("csrf", &good)]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert_eq!(a.get("/api/v1/me").await.status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn a_new_visitor_cannot_post_at_all() {
    let f = Fixture::new();
    let mut a = f.agent();
    // No cookie yet: whatever token is sent cannot match.
    let t = random_token();
    let r = a
        .post_form("/language", &[("csrf", &t), ("lang", "en"), ("next", "/")])
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert!(page_contains(&r.text(), &text("es", "error.csrf")));
    let r = a
        .post_form("/login", &[("csrf", &t), ("username", "admin"), ("password", "x")])
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    // Once the visitor has the cookie, its token works.
    let token = a.csrf().await;
    let r = a
        .post_form("/language", &[("csrf", &token), ("lang", "en"), ("next", "/")])
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
}

#[tokio::test]
async fn api_posts_need_the_header() {
    let f = Fixture::new();
    let mut a = f.login("registrador").await;
    let good = a.csrf().await;
    let body = json!({ "name": "Patrón sin token", "legal_form": "SA de CV" }).to_string();
    let before = f.counts();

    let r = a.post_json("/api/v1/employers", &body, None).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN, "{}", r.text());
    let (code, message, _) = r.api_error();
    assert_eq!(code, "error.csrf");
    assert_eq!(message, text("es", "error.csrf"));

    let r = a.post_json("/api/v1/employers", &body, Some(&random_token())).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert_eq!(r.api_error().0, "error.csrf");

    let r = a.post_json("/api/v1/employers", &body, Some("")).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert_eq!(r.api_error().0, "error.csrf");

    // A token in a JSON body does not count: only the header does.
    let with_field = json!({ "name": "Patrón sin token", "csrf": good }).to_string();
    let r = a.post_json("/api/v1/employers", &with_field, None).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert_eq!(f.counts(), before, "refused posts change nothing");

    let r = a.post_json("/api/v1/employers", &body, Some(&good)).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    assert_eq!(f.counts().employers, before.employers + 1);
}
