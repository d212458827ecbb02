//! The records the index holds: unions and collective agreements (CBAs).
//!
//! These are plain data; the caller maps Faro's own records onto them. Ids are strings so any
//! key scheme fits. Empty strings mean "unknown" and are not indexed as filter/facet values.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// Which kind of record a document or hit is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// A registered union.
    Union,
    /// A deposited collective bargaining agreement.
    Agreement,
}

impl Kind {
    /// Stable value stored in the index and shown in facets.
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Union => "union",
            Kind::Agreement => "agreement",
        }
    }

    /// Inverse of [`Kind::as_str`].
    pub fn parse(value: &str) -> Option<Kind> {
        match value {
            "union" => Some(Kind::Union),
            "agreement" => Some(Kind::Agreement),
            _ => None,
        }
    }
}

/// A union as published in the public registry.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct UnionDoc {
    /// Stable id (unique among unions).
    pub id: String,
    /// Registration number (exact-match searchable).
    pub registration_number: String,
    /// Union name (full-text searchable).
    pub name: String,
    /// Federation or confederation it belongs to, if any.
    pub federation: Option<String>,
    /// State (filter and facet; exact value).
    pub state: String,
    /// Municipality (filter; exact value).
    pub municipality: String,
    /// Industry sector, e.g. SCIAN 2-digit code (filter and facet).
    pub sector: String,
    /// Registry status, e.g. "vigente" (filter and facet).
    pub status: String,
    /// Date of registration (date filter and date sort).
    pub registered_on: NaiveDate,
    /// Declared members.
    pub members: u64,
}

/// A collective agreement with the text of its public (already redacted) version.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AgreementDoc {
    /// Stable id (unique among agreements).
    pub id: String,
    /// Deposit/file number (exact-match searchable).
    pub number: String,
    /// Id of the union holding the agreement (filterable).
    pub union_id: String,
    /// Name of that union (full-text searchable).
    pub union_name: String,
    /// Federation of that union, if any.
    pub federation: Option<String>,
    /// Employer's name (full-text searchable).
    pub employer_name: String,
    /// Employer's RFC; companies' RFCs are public (exact-match searchable).
    pub employer_rfc: Option<String>,
    /// State (filter and facet; exact value).
    pub state: String,
    /// Municipality (filter; exact value).
    pub municipality: String,
    /// SCIAN 2-digit sector (filter and facet).
    pub sector: String,
    /// Status, e.g. "vigente", "terminado" (filter and facet).
    pub status: String,
    /// Date of deposit (date filter and date sort).
    pub deposited_on: NaiveDate,
    /// Workers covered.
    pub covered_workers: u64,
    /// Public version of the agreement text (full-text searchable, snippets).
    pub text: String,
}

/// One record to index.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Document {
    /// A union.
    Union(UnionDoc),
    /// An agreement.
    Agreement(AgreementDoc),
}

impl Document {
    /// Kind of the record.
    pub fn kind(&self) -> Kind {
        match self {
            Document::Union(_) => Kind::Union,
            Document::Agreement(_) => Kind::Agreement,
        }
    }

    /// Id of the record (unique within its kind).
    pub fn id(&self) -> &str {
        match self {
            Document::Union(u) => &u.id,
            Document::Agreement(a) => &a.id,
        }
    }
}

/// Unique key of a record across kinds, used for upserts and deletes.
pub(crate) fn record_key(kind: Kind, id: &str) -> String {
    format!("{}:{id}", kind.as_str())
}
