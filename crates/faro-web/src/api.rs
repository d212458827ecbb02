//! The JSON API under `/api/v1`, its OpenAPI document, the probes and the API documentation page.
//!
//! Handlers answer with view types declared here (never the store's structs directly), so the
//! document at `/api/openapi.json` describes exactly what is sent; the document is snapshot-tested.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use axum::body::Bytes;
use axum::extract::{FromRequest, Path, Query, Request, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use chrono::Utc;
use faro_core::ids::{self, IdKind};
use faro_core::policy::{Action, Resource};
use faro_core::registry::{employer_key, validate_employer, validate_workplace, EmployerInput, WorkplaceInput};
use faro_store::registry::{EmployerDetail, WorkplaceDetail, WorkplaceSummary};
use minijinja::context;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, OpenApi, ToSchema};

use crate::ctx::Ctx;
use crate::error::WebError;
use crate::i18n::Lang;
use crate::pages::{blocking, parse_id, translated_params, SearchParams};
use crate::AppState;

/// The body of every error answer.
#[derive(Debug, Serialize, ToSchema)]
pub struct ApiError {
    /// Stable machine code, e.g. `rfc.invalid` or `error.not_found`.
    pub code: String,
    /// The message in the request's language: the logged-in user's setting, otherwise the
    /// `Accept-Language` header (Spanish unless it asks for English).
    pub message: String,
    /// The values the message was built from (field names, offending values).
    pub params: BTreeMap<String, String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ErrorBody {
    pub error: ApiError,
}

/// Turns an error into its JSON answer.
pub fn error_json(app: &AppState, lang: Lang, err: &WebError) -> Response {
    let params = translated_params(app, lang, &err.params);
    let message = app.renderer.i18n.text(lang, err.code, &params);
    let body = ErrorBody {
        error: ApiError {
            code: err.code.to_string(),
            message,
            params: err.params.iter().map(|(k, v)| (k.to_string(), v.clone())).collect(),
        },
    };
    (err.status, Json(body)).into_response()
}

/// A JSON request body whose refusals are API errors like any other: the status the OpenAPI
/// document lists for it, a code with a message in the request's language, and the parser's own
/// words kept in `params.detail` for the developer. A body that is not JSON at all is a 400; JSON
/// of the wrong shape (a missing field, a number where a text goes, an unknown variant) is a 422.
/// (axum's own `Json` calls some of the latter "syntax errors", and answers them in English.)
#[derive(Debug)]
pub struct ApiJson<T>(pub T);

/// Whether a `Content-Type` says JSON: `application/json` or `application/*+json`, with any
/// parameters.
fn is_json_content_type(value: &str) -> bool {
    let essence = value.split(';').next().unwrap_or("").trim().to_ascii_lowercase();
    essence == "application/json" || (essence.starts_with("application/") && essence.ends_with("+json"))
}

impl<T: DeserializeOwned, S: Send + Sync> FromRequest<S> for ApiJson<T> {
    type Rejection = WebError;

    async fn from_request(req: Request, state: &S) -> Result<Self, WebError> {
        let json = req
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(is_json_content_type);
        if !json {
            return Err(WebError::new(
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                "error.json_content_type",
            ));
        }
        let bytes = Bytes::from_request(req, state)
            .await
            .map_err(|e| WebError::bad_request(e.body_text()))?;
        let value: serde_json::Value = serde_json::from_slice(&bytes)
            .map_err(|e| WebError::new(StatusCode::BAD_REQUEST, "error.json_syntax").with("detail", e.to_string()))?;
        let body = T::deserialize(value).map_err(|e| {
            WebError::new(StatusCode::UNPROCESSABLE_ENTITY, "error.json_data").with("detail", e.to_string())
        })?;
        Ok(ApiJson(body))
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Health {
    pub status: String,
    pub version: String,
}

/// Liveness: the process answers.
#[utoipa::path(get, path = "/health", tag = "probes", responses((status = 200, body = Health)))]
pub async fn health() -> Json<Health> {
    Json(Health {
        status: "ok".into(),
        version: env!("CARGO_PKG_VERSION").into(),
    })
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Ready {
    pub status: String,
    /// "sqlite" or "postgres".
    pub backend: String,
}

/// Readiness: the database is reachable and migrated.
#[utoipa::path(get, path = "/ready", tag = "probes", responses(
    (status = 200, body = Ready),
    (status = 503, description = "The database is unreachable", body = ErrorBody)
))]
pub async fn ready(State(app): State<AppState>) -> Result<Json<Ready>, WebError> {
    let store = app.store.clone();
    let backend = store.backend().name().to_string();
    tokio::task::spawn_blocking(move || store.ping()).await?.map_err(|e| {
        tracing::warn!("not ready: {e}");
        WebError::new(StatusCode::SERVICE_UNAVAILABLE, "error.unavailable")
    })?;
    Ok(Json(Ready {
        status: "ready".into(),
        backend,
    }))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Me {
    pub username: String,
    pub display_name: String,
    pub role: String,
    /// "federal" or a two-digit state code.
    pub jurisdiction: String,
    pub language: String,
    /// Send it back in the `X-CSRF-Token` header of every POST.
    pub csrf_token: String,
}

/// The logged-in user, and the CSRF token their API writes must carry.
#[utoipa::path(get, path = "/api/v1/me", tag = "account", responses(
    (status = 200, body = Me), (status = 401, body = ErrorBody)
))]
pub async fn me(ctx: Ctx) -> Result<Json<Me>, WebError> {
    ctx.require(Action::ManageOwnAccount, Resource::Collection)?;
    let u = ctx.user.clone().ok_or_else(WebError::needs_login)?;
    Ok(Json(Me {
        username: u.username,
        display_name: u.display_name,
        role: u.role.code().into(),
        jurisdiction: u.jurisdiction.code(),
        language: u.language,
        csrf_token: ctx.csrf.clone(),
    }))
}

/// The registry search parameters, as the API documents them.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[allow(dead_code)]
pub struct SearchParamsDoc {
    /// Words of the workplace or employer name (each matches as a prefix).
    q: Option<String>,
    /// An RFC, whole or its beginning.
    rfc: Option<String>,
    /// State code, 01 to 32.
    state: Option<String>,
    /// INEGI municipality key, five digits.
    municipality: Option<String>,
    /// SCIAN code prefix, 2 to 6 digits.
    scian: Option<String>,
    /// Size band code, e.g. `0-5`, `251+`.
    size_band: Option<String>,
    /// Keyset pagination: the `next_after` of the previous page.
    after: Option<String>,
    /// Results per page, 1 to 200 (default 50).
    limit: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct WorkplaceItem {
    pub id: i64,
    pub name: String,
    pub employer_id: i64,
    pub employer_name: String,
    pub employer_rfc: Option<String>,
    pub state: String,
    pub municipality: String,
    pub scian_class: String,
    pub size_band: String,
}

impl From<WorkplaceSummary> for WorkplaceItem {
    fn from(w: WorkplaceSummary) -> Self {
        Self {
            id: w.id,
            name: w.name,
            employer_id: w.employer_id,
            employer_name: w.employer_name,
            employer_rfc: w.employer_rfc,
            state: w.state,
            municipality: w.municipality,
            scian_class: w.scian_class,
            size_band: w.size_band,
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct WorkplacePage {
    pub items: Vec<WorkplaceItem>,
    /// Pass as `after` to get the next page; absent on the last page.
    pub next_after: Option<i64>,
}

/// Searches the employer and workplace registry.
#[utoipa::path(get, path = "/api/v1/workplaces", tag = "registry", params(SearchParamsDoc), responses(
    (status = 200, body = WorkplacePage), (status = 401, body = ErrorBody), (status = 422, body = ErrorBody)
))]
pub async fn search_workplaces(
    State(app): State<AppState>,
    ctx: Ctx,
    Query(params): Query<SearchParams>,
) -> Result<Json<WorkplacePage>, WebError> {
    ctx.require(Action::ViewRegistry, Resource::Collection)?;
    let query = params.to_query(50)?;
    let store = app.store.clone();
    let page = blocking(move || store.search_workplaces(&query)).await?;
    let next_after = if page.has_more {
        page.items.last().map(|w| w.id)
    } else {
        None
    };
    Ok(Json(WorkplacePage {
        items: page.items.into_iter().map(WorkplaceItem::from).collect(),
        next_after,
    }))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Workplace {
    pub id: i64,
    pub name: String,
    pub employer_id: i64,
    pub employer_name: String,
    pub employer_rfc: Option<String>,
    pub denue_id: Option<i64>,
    pub street: String,
    pub exterior_number: String,
    pub settlement: String,
    pub postal_code: String,
    pub locality: String,
    pub state: String,
    pub municipality: String,
    pub scian_class: String,
    pub size_band: String,
    pub headcount: Option<i64>,
    pub latitude: Option<f64>,
    pub longitude: Option<f64>,
    pub registered_on: Option<String>,
    /// Where the record came from: `denue:ID`, `demo:N` or `manual:...`.
    pub source_key: String,
}

impl From<WorkplaceDetail> for Workplace {
    fn from(w: WorkplaceDetail) -> Self {
        Self {
            id: w.id,
            name: w.name,
            employer_id: w.employer_id,
            employer_name: w.employer_name,
            employer_rfc: w.employer_rfc,
            denue_id: w.denue_id,
            street: w.street,
            exterior_number: w.exterior_number,
            settlement: w.settlement,
            postal_code: w.postal_code,
            locality: w.locality,
            state: w.state,
            municipality: w.municipality,
            scian_class: w.scian_class,
            size_band: w.size_band,
            headcount: w.headcount,
            latitude: w.latitude,
            longitude: w.longitude,
            registered_on: w.registered_on,
            source_key: w.source_key,
        }
    }
}

/// One workplace.
#[utoipa::path(get, path = "/api/v1/workplaces/{id}", tag = "registry",
    params(("id" = i64, Path, description = "Workplace id")),
    responses((status = 200, body = Workplace), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn get_workplace(
    State(app): State<AppState>,
    ctx: Ctx,
    Path(raw): Path<String>,
) -> Result<Json<Workplace>, WebError> {
    ctx.require(Action::ViewRegistry, Resource::Collection)?;
    let id = parse_id(&raw)?;
    let store = app.store.clone();
    let w = blocking(move || store.workplace(id))
        .await?
        .ok_or_else(WebError::not_found)?;
    Ok(Json(w.into()))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Employer {
    pub id: i64,
    pub rfc: Option<String>,
    pub name: String,
    pub legal_form: String,
    /// "legal_entity" or "individual".
    pub person_kind: String,
    pub workplace_count: i64,
}

impl From<EmployerDetail> for Employer {
    fn from(e: EmployerDetail) -> Self {
        Self {
            id: e.id,
            rfc: e.rfc,
            name: e.name,
            legal_form: e.legal_form,
            person_kind: e.person_kind,
            workplace_count: e.workplace_count,
        }
    }
}

/// One employer.
#[utoipa::path(get, path = "/api/v1/employers/{id}", tag = "registry",
    params(("id" = i64, Path, description = "Employer id")),
    responses((status = 200, body = Employer), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn get_employer(
    State(app): State<AppState>,
    ctx: Ctx,
    Path(raw): Path<String>,
) -> Result<Json<Employer>, WebError> {
    ctx.require(Action::ViewRegistry, Resource::Collection)?;
    let id = parse_id(&raw)?;
    let store = app.store.clone();
    let e = blocking(move || store.employer(id))
        .await?
        .ok_or_else(WebError::not_found)?;
    Ok(Json(e.into()))
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct NewEmployer {
    /// RFC: 12 characters for a legal entity, 13 for an individual. Optional.
    #[serde(default)]
    pub rfc: String,
    pub name: String,
    /// E.g. "SA de CV". Empty for individuals.
    #[serde(default)]
    pub legal_form: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Created {
    pub id: i64,
    /// Warnings that did not stop the registration (e.g. an RFC check digit that does not match).
    pub warnings: Vec<String>,
}

/// Registers an employer. Needs the `X-CSRF-Token` header (see `/api/v1/me`).
#[utoipa::path(post, path = "/api/v1/employers", tag = "registry", request_body = NewEmployer, responses(
    (status = 201, body = Created),
    (status = 400, description = "The body is not JSON", body = ErrorBody),
    (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
    (status = 409, body = ErrorBody),
    (status = 413, description = "The body is larger than a form may be", body = ErrorBody),
    (status = 415, description = "The body is not sent as application/json", body = ErrorBody),
    (status = 422, body = ErrorBody)
))]
pub async fn create_employer(
    State(app): State<AppState>,
    ctx: Ctx,
    ApiJson(body): ApiJson<NewEmployer>,
) -> Result<(StatusCode, Json<Created>), WebError> {
    // Employers are national records; registering one needs the right only over the user's own
    // jurisdiction, where the event is recorded.
    let user = ctx.user.clone().ok_or_else(WebError::needs_login)?;
    ctx.require(Action::EditRegistry, Resource::InJurisdiction(user.jurisdiction))?;
    let input = EmployerInput {
        rfc: body.rfc,
        name: body.name,
        legal_form: body.legal_form,
    };
    let (draft, warnings) = validate_employer(&input)?;
    let key = employer_key(&draft, "api");
    let store = app.store.clone();
    let actor = ctx.actor();
    let id = blocking(move || store.register_employer(&actor, Utc::now(), &key, &draft, user.jurisdiction)).await?;
    Ok((StatusCode::CREATED, Json(Created { id, warnings })))
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct NewWorkplace {
    pub employer_id: i64,
    pub name: String,
    #[serde(default)]
    pub street: String,
    #[serde(default)]
    pub exterior_number: String,
    #[serde(default)]
    pub settlement: String,
    pub postal_code: String,
    #[serde(default)]
    pub locality: String,
    /// INEGI municipality key, five digits; its first two are the state.
    pub municipality: String,
    /// SCIAN class, six digits.
    pub scian_class: String,
    pub headcount: Option<u32>,
    pub size_band: Option<String>,
    pub latitude: Option<f64>,
    pub longitude: Option<f64>,
}

/// Registers a workplace of an existing employer. The user needs authority over the workplace's
/// state. Needs the `X-CSRF-Token` header.
#[utoipa::path(post, path = "/api/v1/workplaces", tag = "registry", request_body = NewWorkplace, responses(
    (status = 201, body = Created),
    (status = 400, description = "The body is not JSON", body = ErrorBody),
    (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
    (status = 404, body = ErrorBody),
    (status = 413, description = "The body is larger than a form may be", body = ErrorBody),
    (status = 415, description = "The body is not sent as application/json", body = ErrorBody),
    (status = 422, body = ErrorBody)
))]
pub async fn create_workplace(
    State(app): State<AppState>,
    ctx: Ctx,
    ApiJson(body): ApiJson<NewWorkplace>,
) -> Result<(StatusCode, Json<Created>), WebError> {
    ctx.require(Action::EditRegistry, Resource::Collection)?;
    let input = WorkplaceInput {
        name: body.name,
        street: body.street,
        exterior_number: body.exterior_number,
        settlement: body.settlement,
        postal_code: body.postal_code,
        locality: body.locality,
        municipality: body.municipality,
        scian_class: body.scian_class,
        headcount: body.headcount,
        size_band: body.size_band,
        latitude: body.latitude,
        longitude: body.longitude,
        denue_id: None,
        registered_on: Some(Utc::now().date_naive()),
    };
    let source_key = format!("manual:{}", &crate::auth::random_token()[..20]);
    let draft = validate_workplace(&input, source_key, &app.catalogs)?;
    ctx.require(Action::EditRegistry, Resource::InJurisdiction(draft.jurisdiction()))?;
    let store = app.store.clone();
    let actor = ctx.actor();
    let employer_id = body.employer_id;
    let id = blocking(move || store.register_workplace(&actor, Utc::now(), employer_id, &draft)).await?;
    Ok((
        StatusCode::CREATED,
        Json(Created {
            id,
            warnings: Vec::new(),
        }),
    ))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct AuditVerdict {
    pub intact: bool,
    pub events_checked: u64,
    pub head_seq: i64,
    pub head_hash: String,
    /// The first broken link, in words, when the chain is broken.
    pub first_broken_link: Option<String>,
}

/// Recomputes the hash chain of the event log and names the first broken link.
#[utoipa::path(get, path = "/api/v1/audit/verify", tag = "audit", responses(
    (status = 200, body = AuditVerdict), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)
))]
pub async fn audit_verify(State(app): State<AppState>, ctx: Ctx) -> Result<Json<AuditVerdict>, WebError> {
    ctx.require(Action::ViewAudit, Resource::Collection)?;
    let store = app.store.clone();
    let r = blocking(move || store.verify_chain()).await?;
    Ok(Json(AuditVerdict {
        intact: r.broken.is_none(),
        events_checked: r.events_checked,
        head_seq: r.head_seq,
        head_hash: r.head_hash,
        first_broken_link: r.broken.map(|b| b.to_string()),
    }))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Finding {
    pub code: String,
    pub message: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct IdentifierCheck {
    /// "rfc", "curp" or "nss".
    pub kind: String,
    pub valid: bool,
    pub normalized: Option<String>,
    pub errors: Vec<Finding>,
    pub warnings: Vec<Finding>,
    pub details: BTreeMap<String, String>,
}

/// Checks an RFC, CURP or NSS: structure, embedded date and check digit. Nothing is stored.
#[utoipa::path(get, path = "/api/v1/identifiers/{kind}/{value}", tag = "identifiers",
    params(("kind" = String, Path, description = "rfc, curp or nss"), ("value" = String, Path, description = "The identifier")),
    responses((status = 200, body = IdentifierCheck), (status = 404, body = ErrorBody)))]
pub async fn check_identifier(
    ctx: Ctx,
    Path((kind, value)): Path<(String, String)>,
) -> Result<Json<IdentifierCheck>, WebError> {
    ctx.require(Action::ViewPublic, Resource::Collection)?;
    let kind: IdKind = kind.parse().map_err(|_| WebError::not_found())?;
    if value.len() > 64 {
        return Err(WebError::bad_request("the identifier is longer than 64 characters"));
    }
    let r = ids::check(kind, &value);
    let findings = |v: Vec<ids::Finding>| {
        v.into_iter()
            .map(|f| Finding {
                code: f.code,
                message: f.message,
            })
            .collect()
    };
    Ok(Json(IdentifierCheck {
        kind: r.kind,
        valid: r.valid,
        normalized: r.normalized,
        errors: findings(r.errors),
        warnings: findings(r.warnings),
        details: r.details,
    }))
}

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Faro API",
        description = "Faro's JSON API: the employer and workplace registry, identifiers and the audit log. \
                       Authenticate by logging in (the session cookie); every POST carries the CSRF token \
                       from /api/v1/me in the X-CSRF-Token header. Errors are JSON with a stable code and \
                       a message in Spanish or English (Accept-Language).",
        license(name = "AGPL-3.0-or-later")
    ),
    paths(
        health, ready, me, search_workplaces, get_workplace, create_workplace, get_employer,
        create_employer, audit_verify, check_identifier
    ),
    components(schemas(ErrorBody, ApiError)),
    tags(
        (name = "probes", description = "Liveness and readiness"),
        (name = "account", description = "The logged-in user"),
        (name = "registry", description = "Employers and workplaces"),
        (name = "audit", description = "The hash-chained event log"),
        (name = "identifiers", description = "RFC, CURP and NSS checks")
    )
)]
pub struct ApiDoc;

/// The OpenAPI document, built once.
pub fn openapi_document() -> &'static serde_json::Value {
    static DOC: OnceLock<serde_json::Value> = OnceLock::new();
    DOC.get_or_init(|| {
        let mut doc = ApiDoc::openapi();
        doc.merge(crate::public_pages::api::PublicApiDoc::openapi());
        doc.merge(crate::conciliation_pages::api::ConciliationApiDoc::openapi());
        doc.merge(crate::conciliation_pages::intake::lookup::LookupApiDoc::openapi());
        doc.merge(crate::union_public::api::UnionPublicApiDoc::openapi());
        doc.merge(crate::registry_search::api::RegistrySearchApiDoc::openapi());
        serde_json::to_value(doc).unwrap_or(serde_json::Value::Null)
    })
}

/// The OpenAPI 3.1 document of this API.
pub async fn openapi_json() -> Json<&'static serde_json::Value> {
    Json(openapi_document())
}

/// One operation as the documentation page lists it.
#[derive(Debug, Serialize)]
struct OperationView {
    method: String,
    path: String,
    summary: String,
    params: Vec<ParamView>,
    responses: Vec<ResponseView>,
}

#[derive(Debug, Serialize)]
struct ParamView {
    name: String,
    location: String,
    required: bool,
    description: String,
}

#[derive(Debug, Serialize)]
struct ResponseView {
    status: String,
    description: String,
}

fn text(v: &serde_json::Value, key: &str) -> String {
    v.get(key).and_then(|s| s.as_str()).unwrap_or_default().to_string()
}

/// Reads the operations out of the OpenAPI document, in path order.
fn operations(doc: &serde_json::Value) -> Vec<OperationView> {
    let mut out = Vec::new();
    let Some(paths) = doc.get("paths").and_then(|p| p.as_object()) else {
        return out;
    };
    for (path, item) in paths {
        let Some(methods) = item.as_object() else { continue };
        for (method, op) in methods {
            let params = op
                .get("parameters")
                .and_then(|p| p.as_array())
                .map(|ps| {
                    ps.iter()
                        .map(|p| ParamView {
                            name: text(p, "name"),
                            location: text(p, "in"),
                            required: p.get("required").and_then(|r| r.as_bool()).unwrap_or(false),
                            description: text(p, "description"),
                        })
                        .collect()
                })
                .unwrap_or_default();
            let responses = op
                .get("responses")
                .and_then(|r| r.as_object())
                .map(|rs| {
                    rs.iter()
                        .map(|(status, r)| ResponseView {
                            status: status.clone(),
                            description: match text(r, "description") {
                                d if d.is_empty() => status
                                    .parse::<u16>()
                                    .ok()
                                    .and_then(|s| StatusCode::from_u16(s).ok())
                                    .and_then(|s| s.canonical_reason())
                                    .unwrap_or_default()
                                    .to_string(),
                                d => d,
                            },
                        })
                        .collect()
                })
                .unwrap_or_default();
            let summary = match text(op, "summary") {
                s if s.is_empty() => text(op, "description"),
                s => s,
            };
            out.push(OperationView {
                method: method.to_uppercase(),
                path: path.clone(),
                summary,
                params,
                responses,
            });
        }
    }
    out
}

/// A browsable page of the API, rendered on the server from the OpenAPI document (no script, no
/// asset from the network).
pub async fn docs_page(State(app): State<AppState>, ctx: Ctx) -> Result<Response, WebError> {
    ctx.require(Action::ViewPublic, Resource::Collection)?;
    let r = &app.renderer;
    let page = context! {
        ..r.base_context(&ctx, "api", "/api/docs"),
        ..context! { operations => minijinja::Value::from_serialize(operations(openapi_document())) }
    };
    r.page(StatusCode::OK, "api_docs.html", page)
}
