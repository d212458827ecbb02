//! Server-rendered pages. Each handler parses its input, asks the policy, reads or writes through
//! the store (on a blocking thread), and renders a template.

use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::Form;
use chrono::{Duration, Utc};
use faro_core::policy::{Action, Resource};
use faro_core::registry::SizeBand;
use faro_core::{Jurisdiction, StateCode};
use faro_store::registry::{WorkplaceQuery, WorkplaceSummary};
use faro_store::EventSummary;
use minijinja::{context, Value};
use serde::{Deserialize, Serialize};

use crate::auth::{self, LANG_COOKIE, SESSION_COOKIE};
use crate::ctx::Ctx;
use crate::error::WebError;
use crate::i18n::Lang;
use crate::{AppState, AuditCheckpoint};

/// Runs a store call on a blocking thread.
pub async fn blocking<T, F>(f: F) -> Result<T, WebError>
where
    F: FnOnce() -> Result<T, faro_store::StoreError> + Send + 'static,
    T: Send + 'static,
{
    Ok(tokio::task::spawn_blocking(f).await??)
}

pub fn url_encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' | b'/' => out.push(b as char),
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

pub fn error_page(app: &AppState, ctx: Option<&Ctx>, err: &WebError) -> Response {
    let r = &app.renderer;
    let fallback;
    let ctx = match ctx {
        Some(c) => c,
        None => {
            fallback = Ctx {
                user: None,
                lang: Lang::Es,
                csrf: String::new(),
                client: String::new(),
                htmx: false,
            };
            &fallback
        }
    };
    let message = r
        .i18n
        .text(ctx.lang, err.code, &translated_params(app, ctx.lang, &err.params));
    let page = context! { ..r.base_context(ctx, "", "/"), ..context! { message => message } };
    match r.render("error.html", page) {
        Ok(html) => (err.status, Html(html)).into_response(),
        Err(_) => (err.status, message).into_response(),
    }
}

/// Field names inside messages are translated too when a key exists for them.
pub fn translated_params(app: &AppState, lang: Lang, params: &[(&'static str, String)]) -> Vec<(&'static str, String)> {
    params
        .iter()
        .map(|(k, v)| {
            let key = format!("field.name.{v}");
            if *k == "field" && app.renderer.i18n.has(&key) {
                (*k, app.renderer.i18n.text(lang, &key, &[]))
            } else {
                (*k, v.clone())
            }
        })
        .collect()
}

fn jurisdiction_name(app: &AppState, lang: Lang, j: Jurisdiction) -> String {
    match j {
        Jurisdiction::Federal => app.renderer.i18n.text(lang, "jurisdiction.federal", &[]),
        Jurisdiction::State(s) => app
            .catalogs
            .state(s)
            .map(|st| st.name.clone())
            .unwrap_or_else(|| s.as_str()),
    }
}

pub(crate) fn place_name(app: &AppState, municipality: &str, state: &str) -> String {
    let muni = app.catalogs.municipality(municipality).map(|m| m.name.clone());
    let st = state
        .parse::<StateCode>()
        .ok()
        .and_then(|s| app.catalogs.state(s))
        .map(|s| s.name.clone())
        .unwrap_or_else(|| state.to_string());
    match muni {
        Some(m) => format!("{m}, {st}"),
        None => st,
    }
}

fn with_thousands(n: i64) -> String {
    let s = n.abs().to_string();
    let mut out = String::new();
    for (i, ch) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).rem_euclid(3) == 0 {
            out.push(',');
        }
        out.push(ch);
    }
    if n < 0 {
        format!("-{out}")
    } else {
        out
    }
}

pub async fn home(State(app): State<AppState>, ctx: Ctx) -> Result<Response, WebError> {
    ctx.require(Action::ViewPublic, Resource::Collection)?;
    let r = &app.renderer;
    let Some(user) = ctx.user.clone() else {
        return r.page(StatusCode::OK, "home_public.html", r.base_context(&ctx, "home", "/"));
    };
    ctx.require(Action::ViewStaffHome, Resource::Collection)?;
    let store = app.store.clone();
    let counts = blocking(move || store.counts()).await?;
    let i = &r.i18n;
    let lang = ctx.lang;
    let page = context! {
        ..r.base_context(&ctx, "home", "/"),
        ..context! {
            welcome => i.text(lang, "home.staff_title", &[("name", user.display_name.clone())]),
            role_line => i.text(lang, "home.your_role", &[
                ("role", i.text(lang, &format!("role.{}", user.role.code()), &[])),
                ("jurisdiction", jurisdiction_name(&app, lang, user.jurisdiction)),
            ]),
            counts_line => i.text(lang, "home.registry_counts", &[
                ("employers", with_thousands(counts.employers)),
                ("workplaces", with_thousands(counts.workplaces)),
                ("events", with_thousands(counts.events)),
            ]),
        }
    };
    r.page(StatusCode::OK, "home_staff.html", page)
}

#[derive(Debug, Deserialize, Default)]
pub struct LoginQuery {
    #[serde(default)]
    next: String,
}

fn login_page(
    app: &AppState,
    ctx: &Ctx,
    status: StatusCode,
    next: &str,
    username: &str,
    message: Option<String>,
) -> Result<Response, WebError> {
    let r = &app.renderer;
    let page = context! {
        ..r.base_context(ctx, "login", "/login"),
        ..context! { next => auth::safe_next(next), username => username, message => message }
    };
    r.page(status, "login.html", page)
}

pub async fn login_form(
    State(app): State<AppState>,
    ctx: Ctx,
    Query(q): Query<LoginQuery>,
) -> Result<Response, WebError> {
    ctx.require(Action::ViewPublic, Resource::Collection)?;
    if ctx.user.is_some() {
        return Ok(Redirect::to(auth::safe_next(&q.next)).into_response());
    }
    login_page(&app, &ctx, StatusCode::OK, &q.next, "", None)
}

#[derive(Debug, Deserialize)]
pub struct LoginForm {
    #[serde(default)]
    username: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    next: String,
}

/// Outcome of a login attempt, decided on a blocking thread (argon2 is deliberately slow).
enum LoginOutcome {
    Ok(Box<faro_store::users::User>),
    Failed,
    Throttled,
}

pub async fn login_submit(
    State(app): State<AppState>,
    ctx: Ctx,
    Form(f): Form<LoginForm>,
) -> Result<Response, WebError> {
    ctx.require(Action::ViewPublic, Resource::Collection)?;
    let username = f.username.trim().to_string();
    if username.is_empty() || f.password.is_empty() || username.len() > 100 || f.password.len() > 1024 {
        let msg = app.renderer.i18n.text(ctx.lang, "login.failed", &[]);
        return login_page(&app, &ctx, StatusCode::UNAUTHORIZED, &f.next, &username, Some(msg));
    }
    let store = app.store.clone();
    let client = ctx.client.clone();
    let (u2, p2) = (username.clone(), f.password.clone());
    let outcome = blocking(move || {
        let now = Utc::now();
        let since = now - Duration::minutes(auth::THROTTLE_WINDOW_MINUTES);
        let (by_user, by_client) = store.login_failures_since(&u2, &client, since)?;
        if by_user >= auth::MAX_FAILURES_PER_USER || by_client >= auth::MAX_FAILURES_PER_CLIENT {
            return Ok(LoginOutcome::Throttled);
        }
        let user = store.user_by_username(&u2)?;
        let ok = match &user {
            Some(u) if u.active => auth::verify_password(&p2, &u.password_hash),
            _ => {
                let _ = auth::verify_password(&p2, auth::dummy_hash());
                false
            }
        };
        match (ok, user) {
            (true, Some(u)) => Ok(LoginOutcome::Ok(Box::new(u))),
            _ => {
                store.record_login_failure(now, &u2, &client)?;
                Ok(LoginOutcome::Failed)
            }
        }
    })
    .await?;
    match outcome {
        LoginOutcome::Throttled => {
            let msg = app.renderer.i18n.text(
                ctx.lang,
                "login.throttled",
                &[("minutes", auth::THROTTLE_WINDOW_MINUTES.to_string())],
            );
            login_page(&app, &ctx, StatusCode::TOO_MANY_REQUESTS, &f.next, &username, Some(msg))
        }
        LoginOutcome::Failed => {
            let msg = app.renderer.i18n.text(ctx.lang, "login.failed", &[]);
            login_page(&app, &ctx, StatusCode::UNAUTHORIZED, &f.next, &username, Some(msg))
        }
        LoginOutcome::Ok(user) => {
            // A new session id at every login: no fixation.
            let token = auth::random_token();
            let csrf = auth::random_token();
            let hash = auth::session_id_hash(&token);
            let store = app.store.clone();
            let client = ctx.client.clone();
            let expires = Utc::now() + Duration::hours(auth::SESSION_HOURS);
            blocking(move || store.start_session(Utc::now(), &user, &hash, &csrf, expires, &client)).await?;
            let cookie = auth::cookie(
                SESSION_COOKIE,
                &token,
                auth::SESSION_HOURS * 3600,
                app.config.secure_cookies,
                true,
            );
            let mut resp = Redirect::to(auth::safe_next(&f.next)).into_response();
            if let Ok(v) = HeaderValue::from_str(&cookie) {
                resp.headers_mut().append(header::SET_COOKIE, v);
            }
            Ok(resp)
        }
    }
}

pub async fn logout(
    State(app): State<AppState>,
    ctx: Ctx,
    headers: axum::http::HeaderMap,
) -> Result<Response, WebError> {
    ctx.require(Action::ManageOwnAccount, Resource::Collection)?;
    let cookies = headers.get(header::COOKIE).and_then(|v| v.to_str().ok()).unwrap_or("");
    if let Some(token) = auth::cookie_value(cookies, SESSION_COOKIE) {
        let hash = auth::session_id_hash(token);
        let store = app.store.clone();
        blocking(move || store.end_session(Utc::now(), &hash)).await?;
    }
    let mut resp = Redirect::to("/").into_response();
    if let Ok(v) = HeaderValue::from_str(&auth::cookie(SESSION_COOKIE, "", 0, app.config.secure_cookies, true)) {
        resp.headers_mut().append(header::SET_COOKIE, v);
    }
    Ok(resp)
}

#[derive(Debug, Deserialize)]
pub struct LanguageForm {
    #[serde(default)]
    lang: String,
    #[serde(default)]
    next: String,
}

/// Switches the language: remembered on the user's account when logged in, in a cookie otherwise.
pub async fn set_language(
    State(app): State<AppState>,
    ctx: Ctx,
    Form(f): Form<LanguageForm>,
) -> Result<Response, WebError> {
    ctx.require(Action::ViewPublic, Resource::Collection)?;
    let lang = Lang::parse(&f.lang).ok_or_else(|| WebError::bad_request(format!("unknown language '{}'", f.lang)))?;
    if let Some(user) = ctx.user.clone() {
        let store = app.store.clone();
        let actor = ctx.actor();
        blocking(move || store.set_language(&actor, Utc::now(), &user, lang.code())).await?;
    }
    let mut resp = Redirect::to(auth::safe_next(&f.next)).into_response();
    let c = auth::cookie(
        LANG_COOKIE,
        lang.code(),
        60 * 60 * 24 * 365,
        app.config.secure_cookies,
        false,
    );
    if let Ok(v) = HeaderValue::from_str(&c) {
        resp.headers_mut().append(header::SET_COOKIE, v);
    }
    Ok(resp)
}

/// The longest RFC (an individual's).
/// The shortest RFC prefix a search accepts.
const MIN_RFC_PREFIX_CHARS: usize = 3;
const MAX_RFC_CHARS: usize = 13;

/// Query string of the registry search, kept as text so that any input gets a clear message.
#[derive(Debug, Deserialize, Serialize, Default, Clone)]
pub struct SearchParams {
    #[serde(default)]
    pub q: String,
    #[serde(default)]
    pub rfc: String,
    #[serde(default)]
    pub state: String,
    #[serde(default)]
    pub municipality: String,
    #[serde(default)]
    pub scian: String,
    #[serde(default)]
    pub size_band: String,
    #[serde(default)]
    pub after: String,
    #[serde(default)]
    pub limit: String,
}

impl SearchParams {
    pub fn is_empty(&self) -> bool {
        [
            &self.q,
            &self.rfc,
            &self.state,
            &self.municipality,
            &self.scian,
            &self.size_band,
        ]
        .iter()
        .all(|s| s.trim().is_empty())
    }

    /// Parses into a store query; a bad value is a 400 naming the parameter.
    pub fn to_query(&self, default_limit: u32) -> Result<WorkplaceQuery, WebError> {
        let opt = |s: &str| {
            let t = s.trim();
            (!t.is_empty()).then(|| t.to_string())
        };
        let state = match opt(&self.state) {
            None => None,
            Some(s) => Some(s.parse::<StateCode>().map_err(WebError::from)?),
        };
        // An RFC has 12 or 13 characters: a longer prefix cannot match, and a pattern of tens of
        // thousands of characters is past what the database accepts in LIKE (a 500 before).
        if let Some(r) = opt(&self.rfc) {
            if r.chars().count() > MAX_RFC_CHARS {
                return Err(WebError::from(
                    faro_core::DomainError::field("rfc", "field.too_long", "an RFC has at most 13 characters")
                        .with("max", MAX_RFC_CHARS.to_string()),
                ));
            }
            // A prefix of one or two letters matches a large share of all employers, and says
            // nothing: ask for the name letters of the RFC at least.
            if r.chars().count() < MIN_RFC_PREFIX_CHARS {
                return Err(WebError::from(
                    faro_core::DomainError::field(
                        "rfc",
                        "search.rfc_too_short",
                        "give at least 3 characters of the RFC",
                    )
                    .with("min", MIN_RFC_PREFIX_CHARS.to_string()),
                ));
            }
        }
        let municipality = opt(&self.municipality);
        if let Some(m) = &municipality {
            if m.len() != 5 || !m.bytes().all(|b| b.is_ascii_digit()) {
                return Err(WebError::from(
                    faro_core::DomainError::new("municipality.unknown", "bad municipality key")
                        .with("value", m.as_str()),
                ));
            }
        }
        let scian = opt(&self.scian);
        if let Some(s) = &scian {
            if s.len() < 2 || s.len() > 6 || !s.bytes().all(|b| b.is_ascii_digit()) {
                return Err(WebError::from(
                    faro_core::DomainError::new("scian.unknown", "bad SCIAN prefix").with("value", s.as_str()),
                ));
            }
        }
        let size_band = opt(&self.size_band);
        if let Some(b) = &size_band {
            if SizeBand::from_code(b).is_none() {
                return Err(WebError::from(
                    faro_core::DomainError::new("size_band.invalid", "bad size band").with("value", b.as_str()),
                ));
            }
        }
        let number = |field: &'static str, s: &str| -> Result<Option<i64>, WebError> {
            match opt(s) {
                None => Ok(None),
                Some(t) => t.parse::<i64>().map(Some).map_err(|_| {
                    WebError::from(faro_core::DomainError::field(
                        field,
                        "field.invalid_number",
                        "not a number",
                    ))
                }),
            }
        };
        let after_id = number("after", &self.after)?;
        let limit = number("limit", &self.limit)?
            .map(|l| l.clamp(1, 200) as u32)
            .unwrap_or(default_limit);
        Ok(WorkplaceQuery {
            text: opt(&self.q),
            rfc: opt(&self.rfc),
            state,
            municipality,
            scian,
            size_band,
            employer_id: None,
            after_id,
            limit,
        })
    }

    fn next_url(&self, base: &str, after: i64) -> String {
        let mut p = self.clone();
        p.after = after.to_string();
        format!("{base}?{}", serde_urlencoded::to_string(&p).unwrap_or_default())
    }
}

#[derive(Serialize)]
struct ResultRow {
    id: i64,
    name: String,
    employer_id: i64,
    employer_name: String,
    employer_rfc: Option<String>,
    place: String,
    scian_class: String,
    scian_title: String,
    size_band: String,
}

fn result_rows(app: &AppState, items: &[WorkplaceSummary]) -> Vec<ResultRow> {
    items
        .iter()
        .map(|w| ResultRow {
            id: w.id,
            name: w.name.clone(),
            employer_id: w.employer_id,
            employer_name: w.employer_name.clone(),
            employer_rfc: w.employer_rfc.clone(),
            place: place_name(app, &w.municipality, &w.state),
            scian_class: w.scian_class.clone(),
            scian_title: app
                .catalogs
                .scian_class(&w.scian_class)
                .map(|c| c.title.clone())
                .unwrap_or_default(),
            size_band: w.size_band.clone(),
        })
        .collect()
}

pub async fn registry_search(
    State(app): State<AppState>,
    ctx: Ctx,
    Query(params): Query<SearchParams>,
) -> Result<Response, WebError> {
    ctx.require(Action::ViewRegistry, Resource::Collection)?;
    let r = &app.renderer;
    let searched = !params.is_empty();
    let query = params.to_query(50)?;
    let mut warnings = Vec::new();
    if let Some(rfc) = &query.rfc {
        if rfc.len() >= 12 {
            match faro_core::ids::rfc::Rfc::parse(rfc) {
                Ok(c) => warnings.extend(c.warnings.iter().map(|w| {
                    r.i18n
                        .text(ctx.lang, "search.rfc_warning", &[("warning", w.to_string())])
                })),
                Err(e) => warnings.push(
                    r.i18n
                        .text(ctx.lang, "search.rfc_warning", &[("warning", e.to_string())]),
                ),
            }
        }
    }
    let page = if searched {
        let store = app.store.clone();
        let q = query.clone();
        Some(blocking(move || store.search_workplaces(&q)).await?)
    } else {
        None
    };
    let (items, has_more) = page.map(|p| (p.items, p.has_more)).unwrap_or_default();
    let next_url = if has_more {
        items.last().map(|w| params.next_url("/registry", w.id))
    } else {
        None
    };
    let states: Vec<Value> = app
        .catalogs
        .states()
        .iter()
        .map(|s| context! { code => s.code.as_str(), name => s.name.clone() })
        .collect();
    let bands: Vec<&str> = SizeBand::ALL.iter().map(|b| b.code()).collect();
    let current = if searched {
        params.next_url("/registry", 0).replace("after=0", "after=")
    } else {
        "/registry".into()
    };
    let page = context! {
        ..r.base_context(&ctx, "registry", &current),
        ..context! {
            q => context! { text => params.q.clone(), rfc => params.rfc.clone(), state => params.state.clone(),
                            municipality => params.municipality.clone(), scian => params.scian.clone(),
                            size_band => params.size_band.clone() },
            searched => searched,
            items => result_rows(&app, &items),
            next_url => next_url,
            warnings => warnings,
            states => states,
            bands => bands,
        }
    };
    if ctx.htmx {
        return r.page(StatusCode::OK, "search_results.html", page);
    }
    r.page(StatusCode::OK, "search.html", page)
}

/// A record id from a path: a positive integer, or the record does not exist.
pub fn parse_id(raw: &str) -> Result<i64, WebError> {
    raw.parse::<i64>()
        .ok()
        .filter(|v| *v > 0)
        .ok_or_else(WebError::not_found)
}

fn history_rows(h: Vec<EventSummary>) -> Vec<Value> {
    h.into_iter()
        .map(|e| context! { seq => e.seq, at => e.at, actor => e.actor, kind => e.kind })
        .collect()
}

pub async fn employer_page(
    State(app): State<AppState>,
    ctx: Ctx,
    Path(raw): Path<String>,
) -> Result<Response, WebError> {
    ctx.require(Action::ViewRegistry, Resource::Collection)?;
    let id = parse_id(&raw)?;
    let store = app.store.clone();
    let (employer, page, history) = blocking(move || {
        let Some(e) = store.employer(id)? else {
            return Ok((None, None, Vec::new()));
        };
        let page = store.search_workplaces(&WorkplaceQuery {
            employer_id: Some(id),
            limit: 100,
            ..Default::default()
        })?;
        let history = store.history(&format!("employer/{id}"), &[e.created_seq, e.updated_seq])?;
        Ok((Some(e), Some(page), history))
    })
    .await?;
    let (Some(e), Some(page)) = (employer, page) else {
        return Err(WebError::not_found());
    };
    let r = &app.renderer;
    let title = r.i18n.text(
        ctx.lang,
        "employer.workplaces",
        &[("count", with_thousands(e.workplace_count))],
    );
    let path = format!("/employers/{id}");
    let ctxv = context! {
        ..r.base_context(&ctx, "registry", &path),
        ..context! {
            e => Value::from_serialize(&e),
            workplaces_title => title,
            items => result_rows(&app, &page.items),
            next_url => Option::<String>::None,
            warnings => Vec::<String>::new(),
            history => history_rows(history),
        }
    };
    r.page(StatusCode::OK, "employer.html", ctxv)
}

pub async fn workplace_page(
    State(app): State<AppState>,
    ctx: Ctx,
    Path(raw): Path<String>,
) -> Result<Response, WebError> {
    ctx.require(Action::ViewRegistry, Resource::Collection)?;
    let id = parse_id(&raw)?;
    let store = app.store.clone();
    let (w, history) = blocking(move || {
        let Some(w) = store.workplace(id)? else {
            return Ok((None, Vec::new()));
        };
        let history = store.history(&format!("workplace/{id}"), &[w.created_seq, w.updated_seq])?;
        Ok((Some(w), history))
    })
    .await?;
    let w = w.ok_or_else(WebError::not_found)?;
    // The risk and its reasons, for those who plan and carry out inspections.
    let risk = if ctx.may(Action::ViewRisk) {
        let app2 = app.clone();
        let lang = ctx.lang;
        tokio::task::spawn_blocking(move || {
            crate::risk_pages::explain::workplace_risk(&app2, id, chrono::Utc::now().date_naive(), lang)
        })
        .await
        .map_err(|_| WebError::internal())?
    } else {
        None
    };
    let r = &app.renderer;
    let mut address: Vec<String> = Vec::new();
    let street = format!("{} {}", w.street, w.exterior_number).trim().to_string();
    for part in [street, w.settlement.clone(), w.locality.clone()] {
        if !part.is_empty() {
            address.push(part);
        }
    }
    let address = if address.is_empty() {
        r.i18n.text(ctx.lang, "common.not_available", &[])
    } else {
        address.join(", ")
    };
    let path = format!("/workplaces/{id}");
    let ctxv = context! {
        ..r.base_context(&ctx, "registry", &path),
        ..context! {
            w => Value::from_serialize(&w),
            address => address,
            place => place_name(&app, &w.municipality, &w.state),
            scian_title => app.catalogs.scian_class(&w.scian_class).map(|c| c.title.clone()).unwrap_or_default(),
            history => history_rows(history),
            risk => Value::from_serialize(&risk),
        }
    };
    r.page(StatusCode::OK, "workplace.html", ctxv)
}

#[derive(Debug, Deserialize)]
pub struct AuditQuery {
    /// `1`: walk the whole chain again instead of only what is new.
    #[serde(default)]
    full: Option<String>,
}

/// The audit page walks the whole chain again when its last full walk is older than this, so an
/// event altered before the checkpoint is found within the hour even if nobody asks.
const AUDIT_FULL_WALK_HOURS: i64 = 1;

/// The audit page verifies the chain without reading the whole log at every view: the first view
/// (and `?full=1`) walks it all; later views walk only the events after the last intact walk's
/// end. The page says which it did and when the last full walk was.
pub async fn audit_page(
    State(app): State<AppState>,
    ctx: Ctx,
    Query(q): Query<AuditQuery>,
) -> Result<Response, WebError> {
    ctx.require(Action::ViewAudit, Resource::Collection)?;
    let store = app.store.clone();
    let previous = if q.full.as_deref() == Some("1") {
        None
    } else {
        app.audit_checkpoint
            .lock()
            .ok()
            .and_then(|c| c.clone())
            .filter(|c| Utc::now() - c.full_at < Duration::hours(AUDIT_FULL_WALK_HOURS))
    };
    let since = previous.clone();
    let (report, recent) = blocking(move || {
        let report = match &since {
            Some(c) => store.verify_chain_since(&c.chain)?,
            None => store.verify_chain()?,
        };
        Ok((report, store.recent_events(50)?))
    })
    .await?;
    let next = report.is_intact().then(|| AuditCheckpoint {
        chain: faro_store::ChainCheckpoint {
            seq: report.head_seq,
            hash: report.head_hash.clone(),
        },
        full_at: previous.as_ref().map_or_else(Utc::now, |p| p.full_at),
        full_events: previous.as_ref().map_or(report.events_checked, |p| p.full_events),
    });
    if let Ok(mut slot) = app.audit_checkpoint.lock() {
        *slot = next.clone();
    }
    let r = &app.renderer;
    let verdict = match (&report.broken, &previous, &next) {
        (Some(b), _, _) => r.i18n.text(ctx.lang, "audit.broken", &[("problem", b.to_string())]),
        (None, Some(p), Some(n)) => r.i18n.text(
            ctx.lang,
            "audit.intact_since",
            &[
                ("full_at", p.full_at.format("%Y-%m-%d %H:%M UTC").to_string()),
                ("count", with_thousands(n.full_events as i64)),
                ("new", with_thousands(report.events_checked as i64)),
                ("hash", report.head_hash.clone()),
            ],
        ),
        (None, _, _) => r.i18n.text(
            ctx.lang,
            "audit.intact",
            &[
                ("count", with_thousands(report.events_checked as i64)),
                ("hash", report.head_hash.clone()),
            ],
        ),
    };
    let ctxv = context! {
        ..r.base_context(&ctx, "audit", "/audit"),
        ..context! {
            intact => report.broken.is_none(), verdict => verdict, history => history_rows(recent),
            incremental => previous.is_some(),
        }
    };
    r.page(StatusCode::OK, "audit.html", ctxv)
}

pub async fn users_page(State(app): State<AppState>, ctx: Ctx) -> Result<Response, WebError> {
    ctx.require(Action::ManageUsers, Resource::Collection)?;
    let store = app.store.clone();
    let users = blocking(move || store.users()).await?;
    let r = &app.renderer;
    let rows: Vec<Value> = users
        .iter()
        .map(|u| {
            context! {
                username => u.username.clone(), display_name => u.display_name.clone(), role => u.role.code(),
                jurisdiction_name => jurisdiction_name(&app, ctx.lang, u.jurisdiction), language => u.language.clone(),
            }
        })
        .collect();
    let ctxv = context! { ..r.base_context(&ctx, "users", "/users"), ..context! { users => rows } };
    r.page(StatusCode::OK, "users.html", ctxv)
}

pub async fn not_found() -> WebError {
    WebError::not_found()
}
