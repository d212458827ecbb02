//! Errors as the web sees them: a stable code (the translation key), an HTTP status, and the
//! values the translated message needs. Handlers return `WebError`; the `render_errors` layer
//! turns it into an HTML page or a JSON body in the request's language.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use faro_core::DomainError;
use faro_store::StoreError;

#[derive(Debug, Clone)]
pub struct WebError {
    pub status: StatusCode,
    pub code: &'static str,
    pub params: Vec<(&'static str, String)>,
}

impl WebError {
    pub fn new(status: StatusCode, code: &'static str) -> Self {
        Self {
            status,
            code,
            params: Vec::new(),
        }
    }
    pub fn with(mut self, name: &'static str, value: impl Into<String>) -> Self {
        self.params.push((name, value.into()));
        self
    }
    pub fn not_found() -> Self {
        Self::new(StatusCode::NOT_FOUND, "error.not_found")
    }
    pub fn needs_login() -> Self {
        Self::new(StatusCode::UNAUTHORIZED, "error.needs_login")
    }
    pub fn forbidden(reason: &'static str) -> Self {
        Self::new(StatusCode::FORBIDDEN, reason)
    }
    pub fn bad_request(detail: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, "error.bad_request").with("detail", detail)
    }
    pub fn csrf() -> Self {
        Self::new(StatusCode::FORBIDDEN, "error.csrf")
    }
    pub fn internal() -> Self {
        Self::new(StatusCode::INTERNAL_SERVER_ERROR, "error.internal")
    }
}

impl From<DomainError> for WebError {
    fn from(e: DomainError) -> Self {
        Self {
            status: StatusCode::UNPROCESSABLE_ENTITY,
            code: e.code,
            params: e.params,
        }
    }
}

impl From<StoreError> for WebError {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::NotFound(_) => WebError::not_found(),
            StoreError::Conflict(d) => WebError::new(StatusCode::CONFLICT, "error.conflict").with("detail", d),
            StoreError::Domain(d) => d.into(),
            StoreError::Pool(_) | StoreError::Config(_) => {
                tracing::error!("database unavailable: {e}");
                WebError::new(StatusCode::SERVICE_UNAVAILABLE, "error.unavailable")
            }
            other => {
                tracing::error!("store error: {other}");
                WebError::internal()
            }
        }
    }
}

impl From<tokio::task::JoinError> for WebError {
    fn from(e: tokio::task::JoinError) -> Self {
        tracing::error!("a blocking task failed: {e}");
        WebError::internal()
    }
}

/// The marker the error layer looks for in a response's extensions.
#[derive(Debug, Clone)]
pub struct ErrorMarker(pub WebError);

impl IntoResponse for WebError {
    fn into_response(self) -> Response {
        let mut r = self.status.into_response();
        r.extensions_mut().insert(ErrorMarker(self));
        r
    }
}
