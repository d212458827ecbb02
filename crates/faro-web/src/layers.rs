//! Middleware: the session layer (who, which language, CSRF), security headers, and the error
//! renderer that turns every `WebError` into an HTML page or a JSON body.

use std::net::SocketAddr;

use axum::body::{to_bytes, Body};
use axum::extract::{ConnectInfo, Request, State};
use axum::http::header::{self, HeaderValue};
use axum::http::{Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use chrono::Utc;

use crate::auth::{self, cookie_value, tokens_match, CSRF_COOKIE, LANG_COOKIE, SESSION_COOKIE};
use crate::ctx::Ctx;
use crate::error::{ErrorMarker, WebError};
use crate::i18n::Lang;
use crate::AppState;

const MAX_FORM_BYTES: usize = 256 * 1024;
/// Uploads (photos and files attached to an inspection): 10 MB and the form around them.
const MAX_UPLOAD_BYTES: usize = 10 * 1024 * 1024 + 64 * 1024;

/// The `csrf` field of a multipart form, which the page puts before the file: looked for in the
/// parts' headers, its value read up to the next boundary.
fn multipart_csrf(content_type: &str, body: &[u8]) -> Option<String> {
    let boundary = content_type
        .split(';')
        .map(str::trim)
        .find_map(|p| p.strip_prefix("boundary="))?
        .trim_matches('"');
    let delimiter = format!("--{boundary}");
    let text = String::from_utf8_lossy(&body[..body.len().min(64 * 1024)]);
    for part in text.split(delimiter.as_str()) {
        let Some((headers, value)) = part.split_once("\r\n\r\n") else {
            continue;
        };
        // The part's own name parameter, exactly (not `filename="csrf"`).
        let named_csrf = headers.lines().any(|l| {
            let l = l.to_ascii_lowercase();
            l.starts_with("content-disposition:") && l.split(';').skip(1).any(|p| p.trim() == "name=\"csrf\"")
        });
        if named_csrf {
            return Some(value.trim_end_matches("\r\n").to_string());
        }
    }
    None
}

fn header_str(req: &Request, name: header::HeaderName) -> &str {
    req.headers().get(name).and_then(|v| v.to_str().ok()).unwrap_or("")
}

/// Resolves the session, language and CSRF token; refuses state-changing requests whose CSRF
/// token does not match. Runs before every handler.
pub async fn session_layer(State(app): State<AppState>, req: Request, next: Next) -> Response {
    let cookies = header_str(&req, header::COOKIE).to_string();
    let client = req
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|c| c.0.ip().to_string())
        .unwrap_or_else(|| "unknown".to_string());
    let session_token = cookie_value(&cookies, SESSION_COOKIE).map(str::to_string);
    let session = match session_token {
        Some(token) if !token.is_empty() => {
            let store = app.store.clone();
            let hash = auth::session_id_hash(&token);
            match tokio::task::spawn_blocking(move || store.session(&hash, Utc::now())).await {
                Ok(Ok(s)) => s,
                Ok(Err(e)) => return WebError::from(e).into_response(),
                Err(e) => return WebError::from(e).into_response(),
            }
        }
        _ => None,
    };
    let mut new_csrf_cookie = None;
    let csrf = match &session {
        Some(s) => s.csrf_token.clone(),
        None => match cookie_value(&cookies, CSRF_COOKIE) {
            Some(v) if v.len() == 64 && v.bytes().all(|b| b.is_ascii_hexdigit()) => v.to_string(),
            _ => {
                let t = auth::random_token();
                new_csrf_cookie = Some(t.clone());
                t
            }
        },
    };
    let lang = match &session {
        Some(s) => Lang::parse(&s.user.language).unwrap_or(Lang::Es),
        None => cookie_value(&cookies, LANG_COOKIE)
            .and_then(Lang::parse)
            .unwrap_or_else(|| Lang::from_accept_language(header_str(&req, header::ACCEPT_LANGUAGE))),
    };
    let htmx = req.headers().contains_key("hx-request");
    let ctx = Ctx {
        user: session.map(|s| s.user),
        lang,
        csrf: csrf.clone(),
        client,
        htmx,
    };

    let unsafe_method = !matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS);
    let mut req = req;
    if unsafe_method {
        let (parts, body) = req.into_parts();
        let content_type = parts
            .headers
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .to_string();
        let multipart = content_type.starts_with("multipart/form-data");
        let limit = if multipart { MAX_UPLOAD_BYTES } else { MAX_FORM_BYTES };
        let bytes = match to_bytes(body, limit).await {
            Ok(b) => b,
            Err(_) => return WebError::new(StatusCode::PAYLOAD_TOO_LARGE, "error.too_large").into_response(),
        };
        let from_header = parts
            .headers
            .get("x-csrf-token")
            .and_then(|v| v.to_str().ok())
            .map(str::to_string);
        let is_form = parts
            .headers
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.starts_with("application/x-www-form-urlencoded"));
        let from_form = if is_form {
            serde_urlencoded::from_bytes::<Vec<(String, String)>>(&bytes)
                .ok()
                .and_then(|pairs| pairs.into_iter().find(|(k, _)| k == "csrf").map(|(_, v)| v))
        } else {
            None
        };
        let from_multipart = if multipart {
            multipart_csrf(&content_type, &bytes)
        } else {
            None
        };
        let provided = from_header.or(from_form).or(from_multipart).unwrap_or_default();
        // A brand-new visitor has no cookie yet, so nothing they send can match.
        if new_csrf_cookie.is_some() || !tokens_match(&provided, &csrf) {
            let mut r = WebError::csrf().into_response();
            r.extensions_mut().insert(ctx);
            return r;
        }
        req = Request::from_parts(parts, Body::from(bytes));
    }
    req.extensions_mut().insert(ctx.clone());
    let mut resp = next.run(req).await;
    resp.extensions_mut().insert(ctx);
    if let Some(t) = new_csrf_cookie {
        if let Ok(v) = HeaderValue::from_str(&auth::cookie(
            CSRF_COOKIE,
            &t,
            60 * 60 * 24,
            app.config.secure_cookies,
            true,
        )) {
            resp.headers_mut().append(header::SET_COOKIE, v);
        }
    }
    resp
}

/// How long a browser that reached Faro over HTTPS keeps refusing plain HTTP (one year).
const HSTS: &str = "max-age=31536000; includeSubDomains";

/// Security headers on every response. Strict-Transport-Security only when Faro is configured as
/// served over HTTPS (`secure_cookies`): sent over plain HTTP it would be ignored at best, and on a
/// development server it would pin the host to HTTPS.
pub async fn security_headers(State(app): State<AppState>, req: Request, next: Next) -> Response {
    let mut resp = next.run(req).await;
    let h = resp.headers_mut();
    let csp = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; \
               connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'";
    // A handler that sets a stricter policy of its own (the risk report: inline styles, no script,
    // sandboxed) keeps it.
    if !h.contains_key(header::CONTENT_SECURITY_POLICY) {
        h.insert(header::CONTENT_SECURITY_POLICY, HeaderValue::from_static(csp));
    }
    h.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    h.insert(header::REFERRER_POLICY, HeaderValue::from_static("same-origin"));
    h.insert("cross-origin-opener-policy", HeaderValue::from_static("same-origin"));
    h.insert(
        "permissions-policy",
        HeaderValue::from_static("camera=(), microphone=(), geolocation=()"),
    );
    if !h.contains_key(header::CACHE_CONTROL) {
        h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    if app.config.secure_cookies {
        h.insert(header::STRICT_TRANSPORT_SECURITY, HeaderValue::from_static(HSTS));
    }
    resp
}

fn code_for_status(status: StatusCode) -> &'static str {
    match status {
        StatusCode::NOT_FOUND => "error.not_found",
        StatusCode::METHOD_NOT_ALLOWED => "error.method_not_allowed",
        StatusCode::PAYLOAD_TOO_LARGE => "error.too_large",
        StatusCode::UNAUTHORIZED => "error.needs_login",
        StatusCode::FORBIDDEN => "error.forbidden",
        s if s.is_server_error() => "error.internal",
        _ => "error.bad_request",
    }
}

/// Turns errors into their final form: JSON under /api and for /health-style probes, an HTML
/// page (or a redirect to the login page) elsewhere. Also catches axum's own plain-text
/// rejections (bad path or query parameters, bad JSON) so that every error looks the same.
pub async fn render_errors(State(app): State<AppState>, req: Request, next: Next) -> Response {
    let path = req.uri().path().to_string();
    let query = req.uri().query().map(|q| format!("?{q}")).unwrap_or_default();
    let fallback_lang = Lang::from_accept_language(header_str(&req, header::ACCEPT_LANGUAGE));
    let is_api = path.starts_with("/api/") || path == "/ready" || path == "/health";
    let resp = next.run(req).await;
    let status = resp.status();
    if !(status.is_client_error() || status.is_server_error()) {
        return resp;
    }
    let ctx = resp.extensions().get::<Ctx>().cloned();
    let marker = resp.extensions().get::<ErrorMarker>().cloned();
    let err = match marker {
        Some(ErrorMarker(e)) => e,
        None => {
            let is_plain = resp
                .headers()
                .get(header::CONTENT_TYPE)
                .and_then(|v| v.to_str().ok())
                .is_none_or(|v| v.starts_with("text/plain"));
            if !is_plain {
                return resp;
            }
            let detail = match to_bytes(resp.into_body(), 4096).await {
                Ok(b) => String::from_utf8_lossy(&b).into_owned(),
                Err(_) => String::new(),
            };
            let code = code_for_status(status);
            let mut e = WebError::new(status, code);
            if code == "error.bad_request" {
                e = e.with("detail", detail);
            }
            e
        }
    };
    let lang = ctx.as_ref().map(|c| c.lang).unwrap_or(fallback_lang);
    if is_api {
        return crate::api::error_json(&app, lang, &err);
    }
    if err.status == StatusCode::UNAUTHORIZED {
        let next = format!("{path}{query}");
        let location = format!("/login?next={}", crate::pages::url_encode(&next));
        return (StatusCode::SEE_OTHER, [(header::LOCATION, location)]).into_response();
    }
    crate::pages::error_page(&app, ctx.as_ref(), &err)
}

#[cfg(test)]
mod tests {
    use super::multipart_csrf;

    #[test]
    fn the_csrf_field_of_a_multipart_form_is_found() {
        let body = "--XyZ\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\ntok-123\r\n--XyZ\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.png\"\r\nContent-Type: image/png\r\n\r\n\u{89}PNG\r\n--XyZ--\r\n";
        assert_eq!(
            multipart_csrf("multipart/form-data; boundary=XyZ", body.as_bytes()).as_deref(),
            Some("tok-123")
        );
        assert_eq!(
            multipart_csrf("multipart/form-data; boundary=\"XyZ\"", body.as_bytes()).as_deref(),
            Some("tok-123")
        );
        // No csrf part, or no boundary: nothing.
        let other = "--XyZ\r\nContent-Disposition: form-data; name=\"file\"\r\n\r\nx\r\n--XyZ--\r\n";
        assert_eq!(
            multipart_csrf("multipart/form-data; boundary=XyZ", other.as_bytes()),
            None
        );
        assert_eq!(multipart_csrf("multipart/form-data", body.as_bytes()), None);
        // A file whose name is "csrf" is not the token.
        let trick =
            "--XyZ\r\nContent-Disposition: form-data; name=\"file\"; filename=\"csrf\"\r\n\r\ntok\r\n--XyZ--\r\n";
        assert_eq!(
            multipart_csrf("multipart/form-data; boundary=XyZ", trick.as_bytes()),
            None
        );
    }
}
