//! Domain errors: a stable machine code plus the values a translated message needs.

use serde::Serialize;

/// An error a person can act on. `code` is stable (it is the translation key and the API's error
/// code); `params` fill the placeholders of the translated message.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, thiserror::Error)]
#[error("{code}: {detail}")]
pub struct DomainError {
    pub code: &'static str,
    /// English detail for logs and the CLI; user-facing text comes from the translation files.
    pub detail: String,
    pub params: Vec<(&'static str, String)>,
}

impl DomainError {
    pub fn new(code: &'static str, detail: impl Into<String>) -> Self {
        Self {
            code,
            detail: detail.into(),
            params: Vec::new(),
        }
    }

    pub fn with(mut self, name: &'static str, value: impl Into<String>) -> Self {
        self.params.push((name, value.into()));
        self
    }

    pub fn field(field: &'static str, code: &'static str, detail: impl Into<String>) -> Self {
        Self::new(code, detail).with("field", field)
    }
}
