//! Migrations per backend, embedded in the binary and applied at start, each in its own transaction.

use sha2::{Digest, Sha256};

use crate::tx::{Backend, Tx};
use crate::StoreError;

pub struct Migration {
    pub version: i64,
    pub name: &'static str,
    pub sql: &'static str,
}

const SQLITE: &[Migration] = &[
    Migration {
        version: 1,
        name: "init",
        sql: include_str!("../migrations/sqlite/0001_init.sql"),
    },
    Migration {
        version: 2,
        name: "inspections",
        sql: include_str!("../migrations/sqlite/0002_inspections.sql"),
    },
    Migration {
        version: 3,
        name: "program_index",
        sql: include_str!("../migrations/sqlite/0003_program_index.sql"),
    },
    Migration {
        version: 4,
        name: "dashboard_rollups",
        sql: include_str!("../migrations/sqlite/0004_dashboard_rollups.sql"),
    },
    Migration {
        version: 5,
        name: "conciliation",
        sql: include_str!("../migrations/sqlite/0005_conciliation.sql"),
    },
    Migration {
        version: 6,
        name: "risk",
        sql: include_str!("../migrations/sqlite/0006_risk.sql"),
    },
    Migration {
        version: 7,
        name: "unions",
        sql: include_str!("../migrations/sqlite/0007_unions.sql"),
    },
    Migration {
        version: 8,
        name: "union_search_feed",
        sql: include_str!("../migrations/sqlite/0008_union_search_feed.sql"),
    },
];

const POSTGRES: &[Migration] = &[
    Migration {
        version: 1,
        name: "init",
        sql: include_str!("../migrations/postgres/0001_init.sql"),
    },
    Migration {
        version: 2,
        name: "inspections",
        sql: include_str!("../migrations/postgres/0002_inspections.sql"),
    },
    Migration {
        version: 3,
        name: "program_index",
        sql: include_str!("../migrations/postgres/0003_program_index.sql"),
    },
    Migration {
        version: 4,
        name: "dashboard_rollups",
        sql: include_str!("../migrations/postgres/0004_dashboard_rollups.sql"),
    },
    Migration {
        version: 5,
        name: "conciliation",
        sql: include_str!("../migrations/postgres/0005_conciliation.sql"),
    },
    Migration {
        version: 6,
        name: "risk",
        sql: include_str!("../migrations/postgres/0006_risk.sql"),
    },
    Migration {
        version: 7,
        name: "unions",
        sql: include_str!("../migrations/postgres/0007_unions.sql"),
    },
    Migration {
        version: 8,
        name: "union_search_feed",
        sql: include_str!("../migrations/postgres/0008_union_search_feed.sql"),
    },
];

pub fn migrations(backend: Backend) -> &'static [Migration] {
    match backend {
        Backend::Sqlite => SQLITE,
        Backend::Postgres => POSTGRES,
    }
}

fn checksum(sql: &str) -> String {
    hex::encode(Sha256::digest(sql.as_bytes()))
}

pub const CREATE_TABLE: &str = "CREATE TABLE IF NOT EXISTS schema_migrations (
    version BIGINT PRIMARY KEY, name TEXT NOT NULL, checksum TEXT NOT NULL, applied_at TEXT NOT NULL)";

/// What is applied already, as (version, checksum).
pub fn applied(tx: &mut dyn Tx) -> Result<Vec<(i64, String)>, StoreError> {
    tx.query("SELECT version, checksum FROM schema_migrations ORDER BY version", &[])?
        .iter()
        .map(|r| Ok((r.i64(0)?, r.string(1)?)))
        .collect()
}

/// Checks the applied migrations against the ones this binary carries, and returns those still to apply.
pub fn pending(backend: Backend, applied: &[(i64, String)]) -> Result<Vec<&'static Migration>, StoreError> {
    let known = migrations(backend);
    for (version, sum) in applied {
        match known.iter().find(|m| m.version == *version) {
            None => {
                return Err(StoreError::Config(format!(
                    "the database has schema version {version}, which this Faro does not know: it was migrated by a newer Faro; upgrade Faro"
                )))
            }
            Some(m) if checksum(m.sql) != *sum => {
                return Err(StoreError::Config(format!(
                    "schema migration {version} ({}) differs from the one applied to this database; migrations must never be edited after release",
                    m.name
                )))
            }
            Some(_) => {}
        }
    }
    Ok(known
        .iter()
        .filter(|m| !applied.iter().any(|(v, _)| *v == m.version))
        .collect())
}

pub fn apply(tx: &mut dyn Tx, m: &Migration, at: &str) -> Result<(), StoreError> {
    tx.batch(m.sql)?;
    tx.execute(
        "INSERT INTO schema_migrations (version, name, checksum, applied_at) VALUES (?, ?, ?, ?)",
        &[m.version.into(), m.name.into(), checksum(m.sql).into(), at.into()],
    )?;
    Ok(())
}
