//! The public web: query strings of the public search pages and their APIs, and uploaded
//! documents, through the real router in-process (sessions, CSRF, extractors, handlers,
//! templates) on a temporary SQLite store holding a small demo nation.

use std::sync::{Arc, OnceLock};

use axum::body::Body;
use axum::http::{header, Method, Request, Response, StatusCode};
use axum::Router;
use chrono::Utc;
use faro_core::catalog::Catalogs;
use faro_core::Actor;
use faro_store::{Location, OpenMode, Store};
use faro_web::registry_search::params::{to_query, SearchParams};
use faro_web::{AppState, WebConfig};
use http_body_util::BodyExt;
use tower::ServiceExt;

/// A CSRF token the fuzzed requests carry in their cookie (64 hex digits, as the server makes).
const CSRF: &str = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
/// The multipart boundary of the fuzzed uploads.
const BOUNDARY: &str = "FaroFuzzBoundary";
/// Workplaces of the demo nation behind the pages.
const DEMO_WORKPLACES: u64 = 200;

/// The application, its runtime, and the directory of its database (deleted with the process).
struct Server {
    app: Router,
    store: Arc<Store>,
    runtime: tokio::runtime::Runtime,
    _dir: tempfile::TempDir,
}

fn server() -> &'static Server {
    static SERVER: OnceLock<Result<Server, String>> = OnceLock::new();
    match SERVER.get_or_init(start) {
        Ok(server) => server,
        Err(e) => crate::broken(format!("the test server cannot start: {e}")),
    }
}

fn start() -> Result<Server, String> {
    let dir = tempfile::tempdir().map_err(|e| e.to_string())?;
    let store = Store::open(
        &Location::Sqlite(dir.path().join("faro.sqlite3")),
        OpenMode::CreateIfMissing,
    )
    .map_err(|e| e.to_string())?;
    store.migrate(Utc::now()).map_err(|e| e.to_string())?;
    let catalogs = Arc::new(Catalogs::embedded().map_err(|e| e.to_string())?);
    let config = faro_demo::DemoConfig {
        seed: 7,
        workplaces: DEMO_WORKPLACES,
    };
    let actor = Actor::system("fuzz");
    for batch in faro_demo::generate(&config, &catalogs) {
        store
            .import_batch(&actor, Utc::now(), &batch)
            .map_err(|e| e.to_string())?;
    }
    let store = Arc::new(store);
    let state = AppState::new(store.clone(), catalogs, WebConfig { secure_cookies: false })?;
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| e.to_string())?;
    Ok(Server {
        app: faro_web::app(state),
        store,
        runtime,
        _dir: dir,
    })
}

/// Sends one request; a 5xx (or a failure to answer) breaks the property, with the body.
fn send(request: Request<Body>, what: &str) -> StatusCode {
    match exchange(request) {
        Ok((status, _, body)) => {
            assert!(
                !status.is_server_error(),
                "{what} answered {status}:\n{}",
                body.chars().take(2000).collect::<String>()
            );
            status
        }
        Err(e) => crate::broken(format!("{what} got no answer: {e}")),
    }
}

/// The bytes as a query string a client could send: bytes that may not appear in a URI are
/// percent-encoded, everything else (`&`, `=`, `+`, `%` with whatever follows) is kept.
fn query_string(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len() * 3);
    for &b in bytes {
        if b.is_ascii_alphanumeric() || b"-._~!$&'()*+,;=:@/?%".contains(&b) {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// The public search routes that take a query string.
const SEARCH_ROUTES: [&str; 6] = [
    "/union-registry",
    "/api/v1/public/union-registry/search",
    "/results",
    "/api/v1/public/inspections",
    "/verify",
    "/union-registry/statistics",
];

/// The first byte chooses the route, htmx or not, and the language; the rest is the query string.
/// - no public search route answers 5xx to any query string;
/// - the union registry search's parameters, read as axum reads them, become either a 400's
///   error or a request the index accepts (it may refuse only the text, with a typed error).
pub fn public_search(data: &[u8]) {
    let Some((&mode, query)) = data.split_first() else {
        return;
    };
    if let Ok(params) = serde_urlencoded::from_bytes::<SearchParams>(query) {
        if let Ok(q) = to_query(crate::denue::catalogs(), &params) {
            assert!(
                q.validate().is_ok(),
                "to_query gave a request that does not validate: {q:?}"
            );
        }
    }
    let route = SEARCH_ROUTES[usize::from(mode) % SEARCH_ROUTES.len()];
    let uri = format!("{route}?{}", query_string(query));
    let mut builder = Request::builder().method(Method::GET).uri(uri.as_str());
    if mode & 0x40 != 0 {
        builder = builder.header("hx-request", "true");
    }
    if mode & 0x80 != 0 {
        builder = builder.header(header::ACCEPT_LANGUAGE, "en");
    }
    let Ok(request) = builder.body(Body::empty()) else {
        // Not a URI a client can send: the HTTP server refuses it before Faro sees it.
        return;
    };
    send(request, &format!("GET {uri}"));
}

/// A document uploaded to the public verification page (`POST /verify`, multipart with fields
/// `code` and `file`), or a plain form posted there. The first byte chooses how the CSRF token
/// travels (header, or a first multipart field as the page sends it), the content type (multipart
/// with a plain or quoted boundary, or a URL-encoded form) and htmx; the rest is the body.
/// No body gets a 5xx, and a request with the right token is never refused as forged.
pub fn upload(data: &[u8]) {
    let Some((&mode, body)) = data.split_first() else {
        return;
    };
    let content_type = match (mode >> 1) % 4 {
        0 => format!("multipart/form-data; boundary={BOUNDARY}"),
        1 => format!("multipart/form-data; boundary=\"{BOUNDARY}\""),
        2 => "application/x-www-form-urlencoded".to_string(),
        _ => format!("multipart/form-data; charset=utf-8; boundary={BOUNDARY}"),
    };
    let multipart = content_type.starts_with("multipart/");
    let token_in_body = mode & 1 == 1;
    let mut bytes = Vec::with_capacity(body.len() + 200);
    if token_in_body {
        if multipart {
            bytes.extend_from_slice(
                format!("--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n{CSRF}\r\n").as_bytes(),
            );
        } else {
            bytes.extend_from_slice(format!("csrf={CSRF}&").as_bytes());
        }
    }
    bytes.extend_from_slice(body);
    let mut builder = Request::builder()
        .method(Method::POST)
        .uri("/verify")
        .header(header::CONTENT_TYPE, content_type.as_str())
        .header(header::COOKIE, format!("{}={CSRF}", faro_web::auth::CSRF_COOKIE));
    if !token_in_body {
        builder = builder.header("x-csrf-token", CSRF);
    }
    if mode & 0x10 != 0 {
        builder = builder.header("hx-request", "true");
    }
    let Ok(request) = builder.body(Body::from(bytes)) else {
        return;
    };
    let status = send(request, &format!("POST /verify ({content_type})"));
    // A token in the header, or first in a URL-encoded form, is found whatever follows. (In a
    // multipart body the field's value runs to the next boundary, which the rest may not hold.)
    if !token_in_body || !multipart {
        assert_ne!(
            status,
            StatusCode::FORBIDDEN,
            "a request with the right CSRF token was refused"
        );
    }
}

// ---------------------------------------------------------------------------------------------
// Evidence uploaded during a visit.

/// The password of the staff the evidence target logs in as.
const STAFF_PASSWORD: &str = "fuzz-staff-password-2026";

/// An inspection in progress and its inspector's session, for the evidence uploads.
struct Visit {
    inspection_id: i64,
    /// The `Cookie` header of the inspector's session.
    cookies: String,
    /// The session's CSRF token.
    csrf: String,
}

/// Sends one request and returns its status, its `Set-Cookie` values and its body as text.
fn exchange(request: Request<Body>) -> Result<(StatusCode, Vec<String>, String), String> {
    let server = server();
    server.runtime.block_on(async {
        let response: Response<Body> = server.app.clone().oneshot(request).await.map_err(|e| e.to_string())?;
        let status = response.status();
        let cookies = response
            .headers()
            .get_all(header::SET_COOKIE)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .filter_map(|v| v.split(';').next())
            .map(str::to_string)
            .collect();
        let body = response
            .into_body()
            .collect()
            .await
            .map_err(|e| e.to_string())?
            .to_bytes();
        Ok((status, cookies, String::from_utf8_lossy(&body).into_owned()))
    })
}

/// The value of the first hidden `csrf` field of a page.
fn hidden_csrf(html: &str) -> Option<String> {
    let marker = "name=\"csrf\" value=\"";
    let start = html.find(marker)? + marker.len();
    let end = html[start..].find('"')? + start;
    Some(html[start..end].to_string())
}

fn form_encoded(pairs: &[(&str, &str)]) -> String {
    serde_urlencoded::to_string(pairs).unwrap_or_default()
}

/// A logged-in member of staff: the session's cookies and CSRF token.
struct Session {
    cookies: Vec<String>,
    csrf: String,
}

impl Session {
    fn cookie_header(&self) -> String {
        self.cookies.join("; ")
    }

    fn login(username: &str) -> Result<Session, String> {
        let get = Request::builder()
            .uri("/login")
            .body(Body::empty())
            .map_err(|e| e.to_string())?;
        let (_, cookies, page) = exchange(get)?;
        let token = hidden_csrf(&page).ok_or("no CSRF field on /login")?;
        let body = form_encoded(&[
            ("csrf", &token),
            ("username", username),
            ("password", STAFF_PASSWORD),
            ("next", "/"),
        ]);
        let post = Request::builder()
            .method(Method::POST)
            .uri("/login")
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .header(header::COOKIE, cookies.join("; "))
            .body(Body::from(body))
            .map_err(|e| e.to_string())?;
        let (status, mut session_cookies, _) = exchange(post)?;
        if status != StatusCode::SEE_OTHER {
            return Err(format!("login of {username}: {status}"));
        }
        session_cookies.extend(
            cookies
                .into_iter()
                .filter(|c| !c.starts_with(faro_web::auth::SESSION_COOKIE)),
        );
        let home = Request::builder()
            .uri("/")
            .header(header::COOKIE, session_cookies.join("; "))
            .body(Body::empty())
            .map_err(|e| e.to_string())?;
        let (_, _, page) = exchange(home)?;
        let csrf = hidden_csrf(&page).ok_or("no CSRF field on the home page")?;
        Ok(Session {
            cookies: session_cookies,
            csrf,
        })
    }

    /// Posts a form; the path of the redirect it answers with.
    fn post(&self, path: &str, pairs: &[(&str, &str)]) -> Result<String, String> {
        let mut all = vec![("csrf", self.csrf.as_str())];
        all.extend_from_slice(pairs);
        let request = Request::builder()
            .method(Method::POST)
            .uri(path)
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .header(header::COOKIE, self.cookie_header())
            .body(Body::from(form_encoded(&all)))
            .map_err(|e| e.to_string())?;
        let server = server();
        let response = server
            .runtime
            .block_on(server.app.clone().oneshot(request))
            .map_err(|e| e.to_string())?;
        if response.status() != StatusCode::SEE_OTHER {
            return Err(format!("POST {path}: {}", response.status()));
        }
        Ok(response
            .headers()
            .get(header::LOCATION)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_string())
    }
}

fn visit() -> &'static Visit {
    static VISIT: OnceLock<Result<Visit, String>> = OnceLock::new();
    match VISIT.get_or_init(start_visit) {
        Ok(visit) => visit,
        Err(e) => crate::broken(format!("the inspection to upload evidence to cannot be started: {e}")),
    }
}

/// Programs, orders, notifies and starts an inspection of a demo workplace through the pages, as
/// a federal supervisor and inspector do.
fn start_visit() -> Result<Visit, String> {
    let store = &server().store;
    let hash = faro_web::auth::hash_password(STAFF_PASSWORD).map_err(|e| format!("{e:?}"))?;
    let mut ids = Vec::new();
    for (username, role) in [
        ("supervisor.fuzz", faro_core::Role::InspectionSupervisor),
        ("inspector.fuzz", faro_core::Role::Inspector),
    ] {
        let user = faro_store::users::NewUser {
            username,
            display_name: username,
            role,
            jurisdiction: faro_core::Jurisdiction::Federal,
            password_hash: &hash,
            language: "es",
        };
        ids.push(
            store
                .create_user(&Actor::system("fuzz"), Utc::now(), &user)
                .map_err(|e| e.to_string())?,
        );
    }
    let workplace = store
        .search_workplaces(&faro_store::registry::WorkplaceQuery {
            limit: 1,
            ..Default::default()
        })
        .map_err(|e| e.to_string())?
        .items
        .into_iter()
        .next()
        .ok_or("the demo has no workplace")?;
    let supervisor = Session::login("supervisor.fuzz")?;
    let today = Utc::now().date_naive().to_string();
    let workplace_id = workplace.id.to_string();
    let created = supervisor.post(
        "/inspections",
        &[
            ("workplace", &workplace_id),
            ("jurisdiction", &workplace.state),
            ("kind", "extraordinary"),
            ("origin", "complaint"),
            ("planned_for", &today),
            ("matter", "safety_health"),
        ],
    )?;
    let inspection_id: i64 = created
        .trim_start_matches("/inspections/")
        .split(['/', '?', '#'])
        .next()
        .and_then(|id| id.parse().ok())
        .ok_or_else(|| format!("no inspection in the redirect {created:?}"))?;
    let base = format!("/inspections/{inspection_id}");
    let inspector_id = ids.get(1).copied().unwrap_or_default().to_string();
    supervisor.post(
        &format!("{base}/order"),
        &[
            ("inspector", &inspector_id),
            ("scope", "Seguridad e higiene"),
            ("legal_basis", "LFT 540-542"),
        ],
    )?;
    let inspector = Session::login("inspector.fuzz")?;
    let visit_at = (Utc::now() + chrono::Duration::minutes(10))
        .format("%Y-%m-%dT%H:%M")
        .to_string();
    inspector.post(&format!("{base}/notify"), &[("visit_at", &visit_at)])?;
    inspector.post(&format!("{base}/start"), &[])?;
    Ok(Visit {
        inspection_id,
        cookies: inspector.cookie_header(),
        csrf: inspector.csrf.clone(),
    })
}

/// Evidence uploaded by the inspector during a visit (`POST /inspections/{id}/attachments`,
/// multipart with fields `matter`, `caption` and `file`), logged in, on an inspection in
/// progress. The first byte chooses where the CSRF token travels (header, or the first field),
/// whether a valid `matter` field comes first, and htmx; the rest is the body.
/// No body gets a 5xx, and a refused upload (4xx) writes nothing: no event is appended.
pub fn evidence_upload(data: &[u8]) {
    let Some((&mode, body)) = data.split_first() else {
        return;
    };
    let visit = visit();
    let token_in_body = mode & 1 == 1;
    let mut bytes = Vec::with_capacity(body.len() + 300);
    if token_in_body {
        bytes.extend_from_slice(
            format!(
                "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n{}\r\n",
                visit.csrf
            )
            .as_bytes(),
        );
    }
    if mode & 2 == 2 {
        bytes.extend_from_slice(
            format!("--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"matter\"\r\n\r\nsafety_health\r\n")
                .as_bytes(),
        );
    }
    bytes.extend_from_slice(body);
    let path = format!("/inspections/{}/attachments", visit.inspection_id);
    let mut builder = Request::builder()
        .method(Method::POST)
        .uri(path.as_str())
        .header(
            header::CONTENT_TYPE,
            format!("multipart/form-data; boundary={BOUNDARY}"),
        )
        .header(header::COOKIE, visit.cookies.as_str());
    if !token_in_body {
        builder = builder.header("x-csrf-token", visit.csrf.as_str());
    }
    if mode & 0x10 != 0 {
        builder = builder.header("hx-request", "true");
    }
    let Ok(request) = builder.body(Body::from(bytes)) else {
        return;
    };
    let events = |what: &str| match server().store.counts() {
        Ok(c) => c.events,
        Err(e) => crate::broken(format!("counting events {what}: {e}")),
    };
    // One upload at a time: the count of events before and after must see only this one (the
    // replay and the mutation run share the server when cargo test runs them in parallel).
    static ONE_AT_A_TIME: std::sync::Mutex<()> = std::sync::Mutex::new(());
    let _turn = ONE_AT_A_TIME.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
    let before = events("before the upload");
    let status = send(request, &format!("POST {path}"));
    if status.is_client_error() {
        assert_eq!(
            events("after a refused upload"),
            before,
            "a refused upload ({status}) wrote to the event log"
        );
    }
}
