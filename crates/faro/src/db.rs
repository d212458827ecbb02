//! Which database a command works on: `--database-url` (or FARO_DATABASE_URL) when given, else
//! `faro.sqlite3` in the data folder.

use std::path::PathBuf;

use chrono::Utc;
use faro_store::{parse_location, Location, OpenMode, Store};

use crate::cli::DbArgs;
use crate::error::CliError;

pub const SQLITE_FILE: &str = "faro.sqlite3";

pub struct Target {
    pub location: Location,
    /// The data folder, when the database is the default one inside it (then it may be created).
    pub data_dir: Option<PathBuf>,
}

impl Target {
    pub fn from_cli(args: &DbArgs) -> Result<Self, CliError> {
        match &args.database_url {
            Some(url) => Ok(Target {
                location: parse_location(url)?,
                data_dir: None,
            }),
            None => Ok(Target {
                location: Location::Sqlite(args.data_dir.join(SQLITE_FILE)),
                data_dir: Some(args.data_dir.clone()),
            }),
        }
    }

    /// A short description for messages, without any password.
    pub fn describe(&self) -> String {
        match &self.location {
            Location::Sqlite(p) => format!("SQLite {}", p.display()),
            Location::Postgres(url) => format!("PostgreSQL {}", faro_store::postgres::redact(url)),
        }
    }

    /// Opens an existing database and applies pending migrations.
    pub fn open_existing(&self) -> Result<Store, CliError> {
        let store = Store::open(&self.location, OpenMode::Existing).map_err(|e| match (&self.data_dir, e) {
            (Some(dir), faro_store::StoreError::Config(_)) if !dir.join(SQLITE_FILE).exists() => {
                CliError::usage(format!(
                    "there is no Faro database in {}: run `faro demo` for a demo, or `faro migrate` for an empty one",
                    dir.display()
                ))
            }
            (_, e) => e.into(),
        })?;
        migrate(&store)?;
        Ok(store)
    }

    /// Opens the database, creating the default data folder and the SQLite file when missing
    /// (an explicit --database-url must point to an existing folder), and migrates it.
    pub fn open_or_create(&self) -> Result<Store, CliError> {
        if let Some(dir) = &self.data_dir {
            std::fs::create_dir_all(dir)
                .map_err(|e| CliError::failed(format!("cannot create the data folder {}: {e}", dir.display())))?;
        }
        let store = Store::open(&self.location, OpenMode::CreateIfMissing)?;
        migrate(&store)?;
        Ok(store)
    }
}

fn migrate(store: &Store) -> Result<Vec<String>, CliError> {
    let applied = store.migrate(Utc::now())?;
    for m in &applied {
        tracing::info!("applied migration {m}");
    }
    Ok(applied)
}
