//! Where the database is: an SQLite file or a PostgreSQL URL. A typo is refused with a reason,
//! never turned into a new empty database.

use std::path::{Path, PathBuf};

use crate::StoreError;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Location {
    Sqlite(PathBuf),
    Postgres(String),
}

/// Whether opening may create a new SQLite file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OpenMode {
    /// The database must already exist (serve, audit, backup...).
    Existing,
    /// Create the file if it is missing; its folder must exist (migrate, demo).
    CreateIfMissing,
}

const POSTGRES_TYPOS: [&str; 6] = ["postgress", "postgre", "postgresq", "pg", "psql", "postgis"];

/// Parses `postgres://...`, `postgresql://...`, `sqlite:PATH`, `sqlite://PATH` or a bare file path.
pub fn parse_location(text: &str) -> Result<Location, StoreError> {
    let t = text.trim();
    if t.is_empty() {
        return Err(StoreError::Config("the database URL is empty".into()));
    }
    if let Some((scheme, rest)) = t.split_once("://") {
        let scheme_l = scheme.to_ascii_lowercase();
        return match scheme_l.as_str() {
            "postgres" | "postgresql" => Ok(Location::Postgres(t.to_string())),
            "sqlite" => sqlite_path(rest),
            s if POSTGRES_TYPOS.contains(&s) => Err(StoreError::Config(format!(
                "unknown database scheme '{scheme}://': did you mean 'postgres://'?"
            ))),
            _ => Err(StoreError::Config(format!(
                "unknown database scheme '{scheme}://': use 'postgres://user@host/db' or 'sqlite:PATH'"
            ))),
        };
    }
    if let Some(rest) = t.strip_prefix("sqlite:") {
        return sqlite_path(rest);
    }
    sqlite_path(t)
}

fn sqlite_path(p: &str) -> Result<Location, StoreError> {
    if p.is_empty() {
        return Err(StoreError::Config("the SQLite URL names no file".into()));
    }
    if p == ":memory:" {
        return Err(StoreError::Config(
            "an in-memory SQLite database would lose every record at exit; give a file path".into(),
        ));
    }
    Ok(Location::Sqlite(PathBuf::from(p)))
}

/// Checks that an SQLite path may be opened in this mode, with a message that says what to do.
pub fn check_sqlite_path(path: &Path, mode: OpenMode) -> Result<(), StoreError> {
    if path.is_dir() {
        return Err(StoreError::Config(format!(
            "{} is a folder, not a database file (try {}/faro.sqlite3)",
            path.display(),
            path.display()
        )));
    }
    if path.exists() {
        return Ok(());
    }
    match mode {
        OpenMode::Existing => Err(StoreError::Config(format!(
            "the database {} does not exist; check the path, or create it with `faro migrate --database-url {}` or `faro demo`",
            path.display(),
            path.display()
        ))),
        OpenMode::CreateIfMissing => {
            let parent = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
            if parent.is_dir() {
                Ok(())
            } else {
                Err(StoreError::Config(format!(
                    "the folder {} does not exist, so the database {} cannot be created there",
                    parent.display(),
                    path.display()
                )))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_schemes() {
        assert_eq!(
            parse_location("postgres://u@h/db").unwrap(),
            Location::Postgres("postgres://u@h/db".into())
        );
        assert_eq!(parse_location("sqlite:x.db").unwrap(), Location::Sqlite("x.db".into()));
        assert_eq!(
            parse_location("sqlite:///tmp/x.db").unwrap(),
            Location::Sqlite("/tmp/x.db".into())
        );
        assert_eq!(
            parse_location("data/faro.sqlite3").unwrap(),
            Location::Sqlite("data/faro.sqlite3".into())
        );
        let e = parse_location("postgress://h/db").unwrap_err().to_string();
        assert!(e.contains("did you mean 'postgres://'"), "{e}");
        assert!(parse_location("mysql://h/db").is_err());
        assert!(parse_location("").is_err());
        assert!(parse_location("sqlite::memory:").is_err());
    }

    #[test]
    fn refuses_missing_files_and_folders() {
        let dir = tempfile::tempdir().unwrap();
        let missing = dir.path().join("nope.sqlite3");
        assert!(check_sqlite_path(&missing, OpenMode::Existing).is_err());
        assert!(check_sqlite_path(&missing, OpenMode::CreateIfMissing).is_ok());
        let deep = dir.path().join("no/such/folder/x.sqlite3");
        assert!(check_sqlite_path(&deep, OpenMode::CreateIfMissing).is_err());
        assert!(check_sqlite_path(dir.path(), OpenMode::CreateIfMissing).is_err());
    }
}
