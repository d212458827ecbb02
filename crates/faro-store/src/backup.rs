//! Backups of either backend, and the PostgreSQL client tools that make and restore them.
//!
//! SQLite backups are SQLite files made with SQLite's online backup API (`sqlite.rs`).
//! PostgreSQL backups are `pg_dump --format=custom` archives, restored with `pg_restore`.
//! What to run (the program, its arguments, its environment) is decided here by pure functions
//! ([`pg_dump_call`], [`pg_restore_call`], [`pg_restore_list_call`]), apart from running it
//! ([`run`]), so the decision is tested without PostgreSQL.

use std::ffi::OsString;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use crate::tx::Backend;

/// What went wrong with a backup or a restore. Each message says what to do about it.
#[derive(Debug, thiserror::Error)]
pub enum BackupError {
    #[error("{} already exists; a backup never overwrites a file: choose a new file name", .0.display())]
    FileExists(PathBuf),
    #[error("the backup {} does not exist", .0.display())]
    Missing(PathBuf),
    #[error(
        "{} is not a Faro backup: it is neither an SQLite database nor a pg_dump custom-format archive \
         (make backups with `faro backup FILE`)",
        .0.display()
    )]
    NotABackup(PathBuf),
    #[error("{} is a {found} but not a backup of a Faro database (it has no {missing}); refusing to restore it", .file.display())]
    NotFaro {
        file: PathBuf,
        found: &'static str,
        missing: &'static str,
    },
    #[error(
        "{} is a backup of {} and this database is {}: a backup is restored only to the backend it was \
         made from (to move between backends, export and import the data instead)",
        .file.display(), backend_label(*.found), backend_label(*.target)
    )]
    WrongBackend {
        file: PathBuf,
        found: Backend,
        target: Backend,
    },
    #[error(
        "{tool} was not found on the PATH; install the PostgreSQL client tools of the server's major \
         version or newer (Debian: apt-get install postgresql-client) and try again"
    )]
    ToolMissing { tool: &'static str },
    #[error("{tool} failed ({status}): {stderr}")]
    ToolFailed {
        tool: &'static str,
        status: String,
        stderr: String,
    },
    #[error("{what}: {source}")]
    Io {
        what: String,
        #[source]
        source: std::io::Error,
    },
}

impl BackupError {
    /// Is this the user's to fix by asking differently (a file name, a backend), rather than a
    /// failure of the operation itself?
    pub fn is_usage(&self) -> bool {
        matches!(
            self,
            BackupError::FileExists(_)
                | BackupError::Missing(_)
                | BackupError::NotABackup(_)
                | BackupError::NotFaro { .. }
                | BackupError::WrongBackend { .. }
        )
    }
}

fn backend_label(b: Backend) -> &'static str {
    match b {
        Backend::Sqlite => "SQLite",
        Backend::Postgres => "PostgreSQL",
    }
}

/// The first bytes of an SQLite database file.
const SQLITE_MAGIC: &[u8] = b"SQLite format 3\0";
/// The first bytes of a pg_dump custom-format archive.
const PG_CUSTOM_MAGIC: &[u8] = b"PGDMP";

/// What kind of backup a file holds, from its first bytes.
pub fn detect_backend(head: &[u8]) -> Option<Backend> {
    if head.starts_with(SQLITE_MAGIC) {
        Some(Backend::Sqlite)
    } else if head.starts_with(PG_CUSTOM_MAGIC) {
        Some(Backend::Postgres)
    } else {
        None
    }
}

/// Checks that `file` is a backup of `target`'s backend: it exists, and its first bytes say so.
pub fn check_backup_file(file: &Path, target: Backend) -> Result<(), BackupError> {
    if !file.is_file() {
        return Err(BackupError::Missing(file.to_path_buf()));
    }
    let mut head = [0u8; 16];
    let mut f = std::fs::File::open(file).map_err(|source| BackupError::Io {
        what: format!("cannot read the backup {}", file.display()),
        source,
    })?;
    let mut read = 0;
    while read < head.len() {
        match f.read(&mut head[read..]) {
            Ok(0) => break,
            Ok(n) => read += n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(source) => {
                return Err(BackupError::Io {
                    what: format!("cannot read the backup {}", file.display()),
                    source,
                })
            }
        }
    }
    match detect_backend(&head[..read]) {
        None => Err(BackupError::NotABackup(file.to_path_buf())),
        Some(found) if found != target => Err(BackupError::WrongBackend {
            file: file.to_path_buf(),
            found,
            target,
        }),
        Some(_) => Ok(()),
    }
}

/// Creates `dest` empty, failing if anything is there: the file is then ours to write (and to
/// remove if the backup fails), and a backup never replaces an existing file.
pub fn reserve_file(dest: &Path) -> Result<(), BackupError> {
    match std::fs::OpenOptions::new().write(true).create_new(true).open(dest) {
        Ok(_) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Err(BackupError::FileExists(dest.to_path_buf())),
        Err(source) => Err(BackupError::Io {
            what: format!("cannot create the backup file {}", dest.display()),
            source,
        }),
    }
}

/// One run of a PostgreSQL client tool, as decided: nothing here has run yet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ToolCall {
    pub program: &'static str,
    pub args: Vec<OsString>,
    /// Set in the tool's environment: the password, so it never appears in the process list.
    pub env: Vec<(&'static str, String)>,
}

/// `pg_dump --format=custom --no-owner --file=FILE URL`, the password moved from the URL to
/// `PGPASSWORD`.
pub fn pg_dump_call(url: &str, file: &Path) -> ToolCall {
    let (url, password) = split_password(url);
    ToolCall {
        program: "pg_dump",
        args: vec![
            "--format=custom".into(),
            "--no-owner".into(),
            flag_with_path("--file=", file),
            url.into(),
        ],
        env: password_env(password),
    }
}

/// `pg_restore --clean --if-exists --no-owner --single-transaction --dbname=URL FILE`: the
/// objects of the backup are dropped and created again in one transaction, so a restore that
/// fails changes nothing.
pub fn pg_restore_call(url: &str, file: &Path) -> ToolCall {
    let (url, password) = split_password(url);
    let mut dbname = OsString::from("--dbname=");
    dbname.push(url);
    ToolCall {
        program: "pg_restore",
        args: vec![
            "--clean".into(),
            "--if-exists".into(),
            "--no-owner".into(),
            "--single-transaction".into(),
            dbname,
            file.as_os_str().to_owned(),
        ],
        env: password_env(password),
    }
}

/// `pg_restore --list FILE`: the archive's table of contents, read before anything is dropped.
pub fn pg_restore_list_call(file: &Path) -> ToolCall {
    ToolCall {
        program: "pg_restore",
        args: vec!["--list".into(), file.as_os_str().to_owned()],
        env: Vec::new(),
    }
}

/// The tables every Faro database has: an archive without them is not a backup of Faro.
const FARO_TABLES: [&str; 2] = ["schema_migrations", "event_chain_head"];

/// The first Faro table missing from a `pg_restore --list` listing, if any. A table's data line
/// reads `216; 0 16390 TABLE DATA public events faro`.
pub fn missing_faro_table(listing: &str) -> Option<&'static str> {
    FARO_TABLES.into_iter().find(|table| {
        !listing.lines().any(|line| {
            let words: Vec<&str> = line.split_whitespace().collect();
            words
                .windows(4)
                .any(|w| w[0] == "TABLE" && w[1] == "DATA" && w[3] == *table)
        })
    })
}

fn flag_with_path(flag: &str, path: &Path) -> OsString {
    let mut s = OsString::from(flag);
    s.push(path.as_os_str());
    s
}

fn password_env(password: Option<String>) -> Vec<(&'static str, String)> {
    password.map(|p| vec![("PGPASSWORD", p)]).unwrap_or_default()
}

/// Splits the password out of `postgres://user:password@host/db` (percent-decoded), leaving
/// `postgres://user@host/db`. Anything else is returned as it is.
pub fn split_password(url: &str) -> (String, Option<String>) {
    let Some(scheme_end) = url.find("://") else {
        return (url.to_string(), None);
    };
    let start = scheme_end + 3;
    // The authority ends at the first '/', '?' or '#' after the scheme.
    let authority_end = url[start..].find(['/', '?', '#']).map_or(url.len(), |i| start + i);
    let authority = &url[start..authority_end];
    let Some(at) = authority.rfind('@') else {
        return (url.to_string(), None);
    };
    let userinfo = &authority[..at];
    let Some((user, password)) = userinfo.split_once(':') else {
        return (url.to_string(), None);
    };
    let rest = format!("{}{}{}", &url[..start], user, &url[start + at..]);
    (rest, Some(percent_decode(password)))
}

fn percent_decode(s: &str) -> String {
    fn hex(b: u8) -> Option<u8> {
        (b as char).to_digit(16).and_then(|d| u8::try_from(d).ok())
    }
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            if let (Some(hi), Some(lo)) = (hex(bytes[i + 1]), hex(bytes[i + 2])) {
                out.push(hi * 16 + lo);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// The most of a tool's error output a message carries (its end, where the reason is).
const STDERR_KEPT: usize = 4_000;

/// Runs `call`, waiting for it; its standard output is returned. A tool that cannot be started
/// or exits non-zero is an error carrying its own words (for example a version mismatch between
/// pg_dump and the server).
pub fn run(call: &ToolCall) -> Result<String, BackupError> {
    let output = Command::new(call.program)
        .args(&call.args)
        .envs(call.env.iter().map(|(k, v)| (*k, v.as_str())))
        .stdin(Stdio::null())
        .output()
        .map_err(|source| match source.kind() {
            std::io::ErrorKind::NotFound => BackupError::ToolMissing { tool: call.program },
            _ => BackupError::Io {
                what: format!("cannot run {}", call.program),
                source,
            },
        })?;
    if output.status.success() {
        return Ok(String::from_utf8_lossy(&output.stdout).into_owned());
    }
    let stderr = String::from_utf8_lossy(&output.stderr);
    let stderr = stderr.trim();
    let cut = stderr
        .char_indices()
        .map(|(i, _)| i)
        .find(|&i| stderr.len() - i <= STDERR_KEPT)
        .unwrap_or(0);
    Err(BackupError::ToolFailed {
        tool: call.program,
        status: output.status.to_string(),
        stderr: if stderr.is_empty() {
            "(it printed no reason)".to_string()
        } else {
            stderr[cut..].to_string()
        },
    })
}

/// `pg_dump` of `url` into the new file `dest`. A failed dump leaves no file behind.
pub fn pg_backup(url: &str, dest: &Path) -> Result<(), BackupError> {
    reserve_file(dest)?;
    match run(&pg_dump_call(url, dest)) {
        Ok(_) => Ok(()),
        Err(e) => {
            let _ = std::fs::remove_file(dest);
            Err(e)
        }
    }
}

/// `pg_restore` of the archive `source` into `url`, once it is known to be a Faro backup.
pub fn pg_restore(url: &str, source: &Path) -> Result<(), BackupError> {
    check_backup_file(source, Backend::Postgres)?;
    let listing = run(&pg_restore_list_call(source))?;
    if let Some(missing) = missing_faro_table(&listing) {
        return Err(BackupError::NotFaro {
            file: source.to_path_buf(),
            found: "pg_dump archive",
            missing,
        });
    }
    run(&pg_restore_call(url, source))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strings(call: &ToolCall) -> Vec<String> {
        call.args.iter().map(|a| a.to_string_lossy().into_owned()).collect()
    }

    #[test]
    fn pg_dump_is_custom_format_without_owners_into_the_file() {
        let call = pg_dump_call("postgres://faro@db.internal:5432/faro", Path::new("/b/faro.dump"));
        assert_eq!(call.program, "pg_dump");
        assert_eq!(
            strings(&call),
            [
                "--format=custom",
                "--no-owner",
                "--file=/b/faro.dump",
                "postgres://faro@db.internal:5432/faro"
            ]
        );
        assert!(call.env.is_empty());
    }

    #[test]
    fn pg_restore_cleans_in_one_transaction() {
        let call = pg_restore_call("postgres://faro@h/faro?sslmode=require", Path::new("x.dump"));
        assert_eq!(call.program, "pg_restore");
        assert_eq!(
            strings(&call),
            [
                "--clean",
                "--if-exists",
                "--no-owner",
                "--single-transaction",
                "--dbname=postgres://faro@h/faro?sslmode=require",
                "x.dump"
            ]
        );
        let list = pg_restore_list_call(Path::new("x.dump"));
        assert_eq!(
            (list.program, strings(&list)),
            ("pg_restore", vec!["--list".into(), "x.dump".into()])
        );
    }

    #[test]
    fn the_password_goes_to_the_environment_not_the_arguments() {
        let call = pg_dump_call("postgres://ana:s%40cr%3At@h:5433/faro?sslmode=require", Path::new("f"));
        assert_eq!(strings(&call)[3], "postgres://ana@h:5433/faro?sslmode=require");
        assert_eq!(call.env, vec![("PGPASSWORD", "s@cr:t".to_string())]);
        let call = pg_restore_call("postgresql://ana:pw@h/faro", Path::new("f"));
        assert!(strings(&call).iter().all(|a| !a.contains("pw")), "{:?}", strings(&call));
        assert_eq!(call.env, vec![("PGPASSWORD", "pw".to_string())]);
        // No password, or an '@' only in the path: nothing moves.
        assert_eq!(
            split_password("postgres://ana@h/faro"),
            ("postgres://ana@h/faro".into(), None)
        );
        assert_eq!(split_password("postgres://h/a@b"), ("postgres://h/a@b".into(), None));
        assert_eq!(split_password("postgres://h/db"), ("postgres://h/db".into(), None));
        // A stray '%' is kept as it is.
        assert_eq!(split_password("postgres://a:100%@h/db").1.as_deref(), Some("100%"));
    }

    #[test]
    fn a_backup_is_recognized_by_its_first_bytes() {
        assert_eq!(detect_backend(b"SQLite format 3\0\x10\0"), Some(Backend::Sqlite));
        assert_eq!(detect_backend(b"PGDMP\x01\x0e\0"), Some(Backend::Postgres));
        assert_eq!(detect_backend(b"-- PostgreSQL database dump"), None);
        assert_eq!(detect_backend(b""), None);
    }

    #[test]
    fn a_backup_of_the_other_backend_is_refused_by_name() {
        let dir = tempfile::tempdir().unwrap();
        let dump = dir.path().join("faro.dump");
        std::fs::write(&dump, b"PGDMP\x01\x0e\0rest").unwrap();
        let e = check_backup_file(&dump, Backend::Sqlite).unwrap_err();
        assert!(
            matches!(
                e,
                BackupError::WrongBackend {
                    found: Backend::Postgres,
                    ..
                }
            ),
            "{e:?}"
        );
        let m = e.to_string();
        assert!(
            m.contains("backup of PostgreSQL") && m.contains("this database is SQLite"),
            "{m}"
        );
        let sqlite = dir.path().join("faro.sqlite3");
        std::fs::write(&sqlite, b"SQLite format 3\0rest").unwrap();
        let m = check_backup_file(&sqlite, Backend::Postgres).unwrap_err().to_string();
        assert!(
            m.contains("backup of SQLite") && m.contains("this database is PostgreSQL"),
            "{m}"
        );
        assert!(check_backup_file(&sqlite, Backend::Sqlite).is_ok());
        let text = dir.path().join("plain.sql");
        std::fs::write(&text, "-- PostgreSQL database dump\n").unwrap();
        assert!(matches!(
            check_backup_file(&text, Backend::Postgres),
            Err(BackupError::NotABackup(_))
        ));
        let none = dir.path().join("none");
        assert!(matches!(
            check_backup_file(&none, Backend::Postgres),
            Err(BackupError::Missing(_))
        ));
    }

    #[test]
    fn a_backup_file_is_never_overwritten() {
        let dir = tempfile::tempdir().unwrap();
        let f = dir.path().join("b");
        reserve_file(&f).unwrap();
        std::fs::write(&f, b"kept").unwrap();
        let e = reserve_file(&f).unwrap_err();
        assert!(matches!(e, BackupError::FileExists(_)) && e.is_usage(), "{e:?}");
        assert!(e.to_string().contains("never overwrites"), "{e}");
        assert_eq!(std::fs::read(&f).unwrap(), b"kept");
    }

    #[test]
    fn an_archive_without_faro_tables_is_not_faro() {
        let faro = "; Archive created at 2026-11-24\n\
                    210; 1259 16385 TABLE public events faro\n\
                    3401; 0 16385 TABLE DATA public events faro\n\
                    3402; 0 16390 TABLE DATA public event_chain_head faro\n\
                    3403; 0 16400 TABLE DATA public schema_migrations faro\n";
        assert_eq!(missing_faro_table(faro), None);
        let other = "3401; 0 16385 TABLE DATA public orders shop\n3402; 0 1 TABLE public schema_migrations x\n";
        assert_eq!(missing_faro_table(other), Some("schema_migrations"));
    }

    #[test]
    fn a_missing_tool_and_a_failing_tool_are_told_apart() {
        let missing = ToolCall {
            program: "faro-no-such-tool-8f3a",
            args: vec![],
            env: vec![],
        };
        assert!(matches!(run(&missing), Err(BackupError::ToolMissing { .. })));
        let failing = ToolCall {
            program: "sh",
            args: vec!["-c".into(), "echo 'server version mismatch' >&2; exit 3".into()],
            env: vec![],
        };
        match run(&failing) {
            Err(BackupError::ToolFailed { tool, status, stderr }) => {
                assert_eq!(tool, "sh");
                assert!(status.contains('3'), "{status}");
                assert_eq!(stderr, "server version mismatch");
            }
            other => panic!("{other:?}"),
        }
        let env = ToolCall {
            program: "sh",
            args: vec!["-c".into(), "printf %s \"$PGPASSWORD\"".into()],
            env: vec![("PGPASSWORD", "pw".into())],
        };
        assert_eq!(run(&env).unwrap(), "pw");
    }
}
