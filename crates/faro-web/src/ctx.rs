//! The per-request context: who is asking (resolved once by the session layer), in which language,
//! and the CSRF token their forms must carry.

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use faro_core::policy::{authorize, Action, Decision, Principal, Resource};
use faro_core::Actor;
use faro_store::users::User;

use crate::error::WebError;
use crate::i18n::Lang;

/// Put in the request's extensions by the session layer.
#[derive(Debug, Clone)]
pub struct Ctx {
    pub user: Option<User>,
    pub lang: Lang,
    pub csrf: String,
    /// The client's address, for throttling and the log.
    pub client: String,
    /// Was this request made by htmx (wants a fragment)?
    pub htmx: bool,
}

impl Ctx {
    pub fn principal(&self) -> Principal {
        match &self.user {
            None => Principal::Anonymous,
            Some(u) => Principal::Staff {
                user_id: u.id,
                role: u.role,
                jurisdiction: u.jurisdiction,
            },
        }
    }

    pub fn actor(&self) -> Actor {
        match &self.user {
            None => Actor::Public,
            Some(u) => Actor::User {
                id: u.id,
                username: u.username.clone(),
            },
        }
    }

    /// Asks the one authorization policy; a refusal becomes the matching error.
    pub fn require(&self, action: Action, resource: Resource) -> Result<(), WebError> {
        match authorize(&self.principal(), action, resource) {
            Decision::Allow => Ok(()),
            Decision::NeedsLogin => Err(WebError::needs_login()),
            Decision::Deny(reason) => Err(WebError::forbidden(reason)),
        }
    }

    pub fn may(&self, action: Action) -> bool {
        authorize(&self.principal(), action, Resource::Collection).is_allowed()
    }
}

impl<S: Send + Sync> FromRequestParts<S> for Ctx {
    type Rejection = WebError;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        parts.extensions.get::<Ctx>().cloned().ok_or_else(WebError::internal)
    }
}
