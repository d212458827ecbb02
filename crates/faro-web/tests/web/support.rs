//! What every case shares: a fresh store with a small demo nation and the demo accounts, the
//! application around it, and an in-process HTTP agent with a cookie jar.

use std::collections::{BTreeMap, HashMap};
use std::sync::{Arc, OnceLock};

use axum::body::Body;
use axum::http::{header, HeaderMap, Method, Request, StatusCode};
use axum::Router;
use chrono::Utc;
use faro_core::catalog::Catalogs;
use faro_core::registry::RegistryBatch;
use faro_core::{Actor, Jurisdiction, Role, StateCode};
use faro_store::registry::{RegistryCounts, WorkplaceQuery, WorkplaceSummary};
use faro_store::users::NewUser;
use faro_store::{Location, OpenMode, Store};
use faro_web::{AppState, WebConfig};
use http_body_util::BodyExt;
use serde_json::Value;
use tower::ServiceExt;

/// The password of every account the tests create (the demo's).
pub const PASSWORD: &str = faro_demo::DEMO_PASSWORD;

/// Workplaces in the demo nation of each fixture.
const DEMO_WORKPLACES: u64 = 400;

pub fn catalogs() -> Arc<Catalogs> {
    static C: OnceLock<Arc<Catalogs>> = OnceLock::new();
    C.get_or_init(|| Arc::new(Catalogs::embedded().expect("embedded catalogs")))
        .clone()
}

/// argon2 is deliberately slow: one hash serves every account.
fn password_hash() -> &'static str {
    static H: OnceLock<String> = OnceLock::new();
    H.get_or_init(|| faro_web::auth::hash_password(PASSWORD).expect("hash"))
}

fn demo_batches() -> &'static [RegistryBatch] {
    static B: OnceLock<Vec<RegistryBatch>> = OnceLock::new();
    B.get_or_init(|| {
        let cat = catalogs();
        let cfg = faro_demo::DemoConfig {
            seed: 7,
            workplaces: DEMO_WORKPLACES,
        };
        faro_demo::generate(&cfg, &cat).collect()
    })
}

/// One language's files (one per module) as one table.
fn merged(files: &[&str]) -> BTreeMap<String, String> {
    let mut all = BTreeMap::new();
    for f in files {
        let part: BTreeMap<String, String> = serde_json::from_str(f).expect("a locale file");
        all.extend(part);
    }
    all
}

/// The translations, read from the same files the server embeds, to check messages.
pub fn locale(lang: &str) -> &'static BTreeMap<String, String> {
    static ES: OnceLock<BTreeMap<String, String>> = OnceLock::new();
    static EN: OnceLock<BTreeMap<String, String>> = OnceLock::new();
    match lang {
        "es" => ES.get_or_init(|| {
            merged(&[
                include_str!("../../locales/es.json"),
                include_str!("../../locales/inspection.es.json"),
                include_str!("../../locales/public.es.json"),
                include_str!("../../locales/program.es.json"),
                include_str!("../../locales/risk.es.json"),
            ])
        }),
        "en" => EN.get_or_init(|| {
            merged(&[
                include_str!("../../locales/en.json"),
                include_str!("../../locales/inspection.en.json"),
                include_str!("../../locales/public.en.json"),
                include_str!("../../locales/program.en.json"),
                include_str!("../../locales/risk.en.json"),
            ])
        }),
        other => panic!("no locale {other}"),
    }
}

/// The text of `key` in `lang`, placeholders filled from `params`.
pub fn message(lang: &str, key: &str, params: &BTreeMap<String, String>) -> String {
    let table = locale(lang);
    let mut s = table
        .get(key)
        .cloned()
        .unwrap_or_else(|| panic!("no {lang} text for {key}"));
    for (k, v) in params {
        let v = if k == "field" {
            table
                .get(&format!("field.name.{v}"))
                .cloned()
                .unwrap_or_else(|| v.clone())
        } else {
            v.clone()
        };
        s = s.replace(&format!("{{{k}}}"), &v);
    }
    s
}

pub fn text(lang: &str, key: &str) -> String {
    message(lang, key, &BTreeMap::new())
}

/// HTML escaping as minijinja does it, to find a message inside a page.
pub fn html_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#x27;"),
            '/' => out.push_str("&#x2f;"),
            c => out.push(c),
        }
    }
    out
}

pub fn page_contains(body: &str, message: &str) -> bool {
    body.contains(message) || body.contains(&html_escape(message))
}

/// A fresh database with the demo nation and the demo accounts, and the app around it.
pub struct Fixture {
    pub store: Arc<Store>,
    pub app: Router,
    /// The application's state (its search index, caches).
    pub state: AppState,
    _dir: tempfile::TempDir,
}

impl Fixture {
    pub fn new() -> Fixture {
        Fixture::with_config(WebConfig { secure_cookies: false })
    }

    /// The same, with the web configuration given (e.g. served over HTTPS).
    pub fn with_config(config: WebConfig) -> Fixture {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("faro.db");
        let store = Store::open(&Location::Sqlite(path), OpenMode::CreateIfMissing).expect("open store");
        store.migrate(Utc::now()).expect("migrate");
        let actor = Actor::system("test");
        for batch in demo_batches() {
            store
                .import_batch(&actor, Utc::now(), batch)
                .expect("import demo batch");
        }
        let store = Arc::new(store);
        let state = AppState::new(store.clone(), catalogs(), config).expect("state");
        let app = faro_web::app(state.clone());
        let f = Fixture {
            store,
            app,
            state,
            _dir: dir,
        };
        for u in faro_demo::demo_users() {
            f.add_named_user(&u.username, &u.display_name, u.role, u.jurisdiction);
        }
        f
    }

    pub fn add_user(&self, username: &str, role: Role, jurisdiction: Jurisdiction) -> i64 {
        self.add_named_user(username, &format!("Prueba {username}"), role, jurisdiction)
    }

    pub fn add_named_user(&self, username: &str, display_name: &str, role: Role, jurisdiction: Jurisdiction) -> i64 {
        self.store
            .create_user(
                &Actor::system("test"),
                Utc::now(),
                &NewUser {
                    username,
                    display_name,
                    role,
                    jurisdiction,
                    password_hash: password_hash(),
                    language: "es",
                },
            )
            .expect("create user")
    }

    pub fn agent(&self) -> Agent {
        Agent {
            app: self.app.clone(),
            cookies: HashMap::new(),
            accept_language: None,
        }
    }

    /// An agent logged in as `username`.
    pub async fn login(&self, username: &str) -> Agent {
        let mut a = self.agent();
        let r = a.login(username, PASSWORD).await;
        assert_eq!(
            r.status,
            StatusCode::SEE_OTHER,
            "login of {username} failed: {}",
            r.text()
        );
        assert!(a.cookie(faro_web::auth::SESSION_COOKIE).is_some());
        a
    }

    pub fn counts(&self) -> RegistryCounts {
        self.store.counts().expect("counts")
    }

    /// Some workplaces of the demo, in id order.
    pub fn workplaces(&self) -> Vec<WorkplaceSummary> {
        self.store
            .search_workplaces(&WorkplaceQuery {
                limit: 200,
                ..Default::default()
            })
            .expect("search")
            .items
    }

    /// A workplace outside Jalisco (14), the state of the demo's state inspector.
    pub fn workplace_outside_jalisco(&self) -> WorkplaceSummary {
        self.workplaces()
            .into_iter()
            .find(|w| w.state != "14")
            .expect("a workplace outside Jalisco")
    }

    /// A municipality key of a state.
    pub fn municipality_of(&self, state: u8) -> String {
        let s = StateCode::new(state).expect("state");
        catalogs().municipalities_of(s)[0].cvegeo.clone()
    }
}

/// An in-process client: sends requests through the router with `oneshot`, keeps cookies.
#[derive(Clone)]
pub struct Agent {
    app: Router,
    pub cookies: HashMap<String, String>,
    pub accept_language: Option<String>,
}

pub struct Resp {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: Vec<u8>,
}

impl Resp {
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
    pub fn json(&self) -> Value {
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|e| panic!("not JSON ({e}), status {}: {}", self.status, self.text()))
    }
    pub fn header(&self, name: &str) -> Option<String> {
        self.headers.get(name).and_then(|v| v.to_str().ok()).map(str::to_string)
    }
    pub fn location(&self) -> Option<String> {
        self.header("location")
    }
    pub fn set_cookies(&self) -> Vec<String> {
        self.headers
            .get_all(header::SET_COOKIE)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .map(str::to_string)
            .collect()
    }
    pub fn is_json(&self) -> bool {
        self.header("content-type")
            .is_some_and(|c| c.starts_with("application/json"))
    }
    /// The `{error: {code, message, params}}` body of an API error, checked for its shape.
    pub fn api_error(&self) -> (String, String, BTreeMap<String, String>) {
        assert!(
            self.is_json(),
            "an API error must be JSON, got {:?}: {}",
            self.header("content-type"),
            self.text()
        );
        let v = self.json();
        let e = v.get("error").unwrap_or_else(|| panic!("no error object: {v}"));
        let obj = e.as_object().unwrap_or_else(|| panic!("error is not an object: {v}"));
        assert_eq!(obj.len(), 3, "error has exactly code, message, params: {v}");
        let code = e["code"].as_str().unwrap_or_else(|| panic!("no code: {v}")).to_string();
        let message = e["message"]
            .as_str()
            .unwrap_or_else(|| panic!("no message: {v}"))
            .to_string();
        let params = e["params"]
            .as_object()
            .unwrap_or_else(|| panic!("params is not an object: {v}"))
            .iter()
            .map(|(k, v)| {
                (
                    k.clone(),
                    v.as_str()
                        .unwrap_or_else(|| panic!("param {k} not text: {v}"))
                        .to_string(),
                )
            })
            .collect();
        (code, message, params)
    }
}

/// The hidden `csrf` field of a page.
pub fn hidden_csrf(html: &str) -> Option<String> {
    let marker = "name=\"csrf\" value=\"";
    let start = html.find(marker)? + marker.len();
    let end = html[start..].find('"')? + start;
    Some(html[start..end].to_string())
}

pub fn url_encode(s: &str) -> String {
    let mut out = String::new();
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

pub fn form(pairs: &[(&str, &str)]) -> String {
    pairs
        .iter()
        .map(|(k, v)| format!("{}={}", url_encode(k), url_encode(v)))
        .collect::<Vec<_>>()
        .join("&")
}

impl Agent {
    pub fn cookie(&self, name: &str) -> Option<String> {
        self.cookies.get(name).cloned()
    }

    pub fn with_language(mut self, lang: &str) -> Agent {
        self.accept_language = Some(lang.to_string());
        self
    }

    pub async fn send(&mut self, mut req: Request<Body>) -> Resp {
        if !self.cookies.is_empty() && !req.headers().contains_key(header::COOKIE) {
            let c = self
                .cookies
                .iter()
                .map(|(k, v)| format!("{k}={v}"))
                .collect::<Vec<_>>()
                .join("; ");
            req.headers_mut()
                .insert(header::COOKIE, c.parse().expect("cookie header"));
        }
        if let Some(l) = &self.accept_language {
            if !req.headers().contains_key(header::ACCEPT_LANGUAGE) {
                req.headers_mut()
                    .insert(header::ACCEPT_LANGUAGE, l.parse().expect("accept-language"));
            }
        }
        let resp = self.app.clone().oneshot(req).await.expect("the router is infallible");
        let (parts, body) = resp.into_parts();
        let body = body.collect().await.expect("body").to_bytes().to_vec();
        let r = Resp {
            status: parts.status,
            headers: parts.headers,
            body,
        };
        for c in r.set_cookies() {
            let first = c.split(';').next().unwrap_or("");
            if let Some((k, v)) = first.split_once('=') {
                if v.is_empty() || c.contains("Max-Age=0") {
                    self.cookies.remove(k.trim());
                } else {
                    self.cookies.insert(k.trim().to_string(), v.to_string());
                }
            }
        }
        r
    }

    pub async fn request(
        &mut self,
        method: Method,
        uri: &str,
        content_type: Option<&str>,
        body: Vec<u8>,
        headers: &[(&str, &str)],
    ) -> Resp {
        let mut b = Request::builder().method(method).uri(uri);
        if let Some(ct) = content_type {
            b = b.header(header::CONTENT_TYPE, ct);
        }
        for (k, v) in headers {
            b = b.header(*k, *v);
        }
        let req = b.body(Body::from(body)).expect("request");
        self.send(req).await
    }

    pub async fn get(&mut self, uri: &str) -> Resp {
        self.request(Method::GET, uri, None, Vec::new(), &[]).await
    }

    pub async fn post_form(&mut self, uri: &str, pairs: &[(&str, &str)]) -> Resp {
        self.request(
            Method::POST,
            uri,
            Some("application/x-www-form-urlencoded"),
            form(pairs).into_bytes(),
            &[],
        )
        .await
    }

    /// A JSON POST; `csrf` goes in the X-CSRF-Token header when given.
    pub async fn post_json(&mut self, uri: &str, body: &str, csrf: Option<&str>) -> Resp {
        let headers: Vec<(&str, &str)> = csrf.map(|t| vec![("x-csrf-token", t)]).unwrap_or_default();
        self.request(
            Method::POST,
            uri,
            Some("application/json"),
            body.as_bytes().to_vec(),
            &headers,
        )
        .await
    }

    /// The CSRF token this agent's forms carry (read from the hidden field of the home page; a
    /// new visitor gets its cookie on the way).
    pub async fn csrf(&mut self) -> String {
        let r = self.get("/").await;
        assert_eq!(r.status, StatusCode::OK);
        hidden_csrf(&r.text()).expect("a csrf field on the home page")
    }

    /// Logs in through the form: GET /login for the token, then POST it with the credentials.
    pub async fn login(&mut self, username: &str, password: &str) -> Resp {
        let page = self.get("/login").await;
        let token = if page.status == StatusCode::OK {
            hidden_csrf(&page.text()).expect("a csrf field on the login page")
        } else {
            // Already logged in: /login redirects; the token is on every page.
            self.csrf().await
        };
        self.post_form(
            "/login",
            &[
                ("csrf", &token),
                ("username", username),
                ("password", password),
                ("next", "/"),
            ],
        )
        .await
    }
}
