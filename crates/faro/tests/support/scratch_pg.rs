//! Scratch PostgreSQL databases for the tests that run the real binary on PostgreSQL (crash
//! cycles, backups): made through the server URL of `FARO_TEST_DATABASE_URL`, each with a name
//! of the run's own, and dropped when the test ends.

// Each test uses the part it needs.
#![allow(dead_code)]

use std::io::Write;
use std::time::{SystemTime, UNIX_EPOCH};

/// The server URL `admin` with its database replaced by `db` (keeping any `?options`).
pub fn database_url(admin: &str, db: &str) -> String {
    let Some(scheme_end) = admin.find("://") else {
        return format!("{admin} dbname={db}");
    };
    let start = scheme_end + 3;
    let (base, query) = match admin[start..].find('?') {
        Some(q) => admin.split_at(start + q),
        None => (admin, ""),
    };
    let base = match base[start..].find('/') {
        Some(p) => &base[..start + p],
        None => base,
    };
    format!("{base}/{db}{query}")
}

/// A connection to the server as its administrator, and the databases made through it.
pub struct ScratchPostgres {
    admin: postgres::Client,
    admin_url: String,
    made: Vec<String>,
}

impl ScratchPostgres {
    /// Connects to `admin_url` (the value of `env_var`); an unreachable server fails the test.
    pub fn connect(admin_url: &str, env_var: &str) -> ScratchPostgres {
        let admin = postgres::Client::connect(admin_url, postgres::NoTls).unwrap_or_else(|e| {
            panic!(
                "{env_var} is set but PostgreSQL is unreachable there ({}): {e}",
                faro_store::postgres::redact(admin_url)
            )
        });
        ScratchPostgres {
            admin,
            admin_url: admin_url.to_string(),
            made: Vec::new(),
        }
    }

    pub fn admin(&mut self) -> &mut postgres::Client {
        &mut self.admin
    }

    /// The URL of database `name` on this server.
    pub fn url(&self, name: &str) -> String {
        database_url(&self.admin_url, name)
    }

    /// A new, empty database `faro_<prefix>_<pid>_<nanos>[_<label>]`: its name.
    pub fn create(&mut self, prefix: &str, label: &str) -> String {
        let nanos = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map(|d| d.subsec_nanos())
            .unwrap_or(0);
        let mut name = format!("faro_{prefix}_{}_{nanos:08x}", std::process::id());
        if !label.is_empty() {
            name = format!("{name}_{label}");
        }
        self.execute(&format!("CREATE DATABASE {name}"));
        self.made.push(name.clone());
        name
    }

    /// A copy of database `name` as `copy` (replacing an older one), dropped at the end too.
    pub fn copy(&mut self, name: &str, copy: &str) {
        self.drop_database(copy);
        self.execute(&format!("CREATE DATABASE {copy} TEMPLATE {name}"));
        self.made.push(copy.to_string());
    }

    pub fn drop_database(&mut self, name: &str) {
        self.execute(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"));
        self.made.retain(|m| m != name);
    }

    fn execute(&mut self, sql: &str) {
        self.admin.batch_execute(sql).unwrap_or_else(|e| panic!("{sql}: {e}"));
    }
}

impl Drop for ScratchPostgres {
    fn drop(&mut self) {
        for db in self.made.iter().rev() {
            if let Err(e) = self
                .admin
                .batch_execute(&format!("DROP DATABASE IF EXISTS {db} WITH (FORCE)"))
            {
                let _ = writeln!(std::io::stderr(), "warning: could not drop the test database {db}: {e}");
            }
        }
    }
}
