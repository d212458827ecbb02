//! What a command can fail with, and the exit code each failure gives.

use std::fmt;

#[derive(Debug)]
pub enum CliError {
    /// The user asked for something that cannot be done as given (exit 2).
    Usage(String),
    /// The operation failed; the message says why (exit 1).
    Failed(String),
}

impl CliError {
    pub fn usage(m: impl Into<String>) -> Self {
        CliError::Usage(m.into())
    }
    pub fn failed(m: impl Into<String>) -> Self {
        CliError::Failed(m.into())
    }
    pub fn exit_code(&self) -> u8 {
        match self {
            CliError::Usage(_) => 2,
            CliError::Failed(_) => 1,
        }
    }
}

impl fmt::Display for CliError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CliError::Usage(m) | CliError::Failed(m) => f.write_str(m),
        }
    }
}

impl From<faro_store::StoreError> for CliError {
    fn from(e: faro_store::StoreError) -> Self {
        match e {
            faro_store::StoreError::Config(m) => CliError::Usage(m),
            faro_store::StoreError::Backup(b) if b.is_usage() => CliError::Usage(b.to_string()),
            other => CliError::Failed(other.to_string()),
        }
    }
}

impl From<std::io::Error> for CliError {
    fn from(e: std::io::Error) -> Self {
        CliError::Failed(e.to_string())
    }
}

impl From<faro_core::catalog::CatalogError> for CliError {
    fn from(e: faro_core::catalog::CatalogError) -> Self {
        CliError::Failed(format!("the embedded catalogs cannot be read: {e}"))
    }
}
