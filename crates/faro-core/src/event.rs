//! Events: what core decides happened. The store chains them by hash and projects them into the
//! read tables in the same transaction.

use serde::{Deserialize, Serialize};
use std::fmt;

use crate::Jurisdiction;

/// Who did something. Written into every event.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Actor {
    /// A logged-in staff member.
    User { id: i64, username: String },
    /// A command-line operation (import, demo, user add), with the command name.
    System { name: String },
    /// Somebody from the public, without an account.
    Public,
}

impl Actor {
    pub fn system(name: &str) -> Self {
        Actor::System { name: name.to_string() }
    }
    /// The stored label: "user:12:ana", "system:import-denue", "public".
    pub fn label(&self) -> String {
        match self {
            Actor::User { id, username } => format!("user:{id}:{username}"),
            Actor::System { name } => format!("system:{name}"),
            Actor::Public => "public".to_string(),
        }
    }
}

impl fmt::Display for Actor {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.label())
    }
}

/// An event decided by core, not yet stored. `kind` is a stable dotted name ("employer.registered");
/// `subject` names the record it is about ("employer/123"), or is empty when the store assigns the id.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NewEvent {
    pub kind: String,
    pub jurisdiction: Jurisdiction,
    pub subject: String,
    pub payload: serde_json::Value,
}

impl NewEvent {
    pub fn new(kind: &str, jurisdiction: Jurisdiction, subject: impl Into<String>, payload: serde_json::Value) -> Self {
        Self {
            kind: kind.to_string(),
            jurisdiction,
            subject: subject.into(),
            payload,
        }
    }
}

/// The names of the event kinds core produces. The store's projector matches on these.
pub mod kinds {
    pub const EMPLOYER_REGISTERED: &str = "employer.registered";
    pub const EMPLOYER_UPDATED: &str = "employer.updated";
    pub const WORKPLACE_REGISTERED: &str = "workplace.registered";
    pub const WORKPLACE_UPDATED: &str = "workplace.updated";
    /// A batch of employers and workplaces loaded from an outside source (DENUE, the demo):
    /// the payload carries every row, so the history stays complete at bulk speed.
    pub const REGISTRY_BATCH_IMPORTED: &str = "registry.batch_imported";
    /// The demo nation finished loading; the payload is its configuration (seed, size).
    pub const DEMO_COMPLETED: &str = "demo.completed";
    pub const USER_CREATED: &str = "user.created";
    pub const USER_PASSWORD_CHANGED: &str = "user.password_changed";
    pub const USER_LANGUAGE_CHANGED: &str = "user.language_changed";
    pub const USER_LOCKED: &str = "user.locked";
    pub const SESSION_STARTED: &str = "session.started";
    pub const SESSION_ENDED: &str = "session.ended";
}
