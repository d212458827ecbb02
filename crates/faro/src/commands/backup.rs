//! `faro backup FILE` and `faro restore FILE`, on SQLite (its online backup API) and PostgreSQL
//! (pg_dump and pg_restore). Both verify the audit chain afterwards and print its head.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use crate::cli::{BackupArgs, RestoreArgs};
use crate::db::Target;
use crate::error::CliError;

pub fn backup(target: &Target, args: &BackupArgs) -> Result<ExitCode, CliError> {
    let store = target.open_existing()?;
    store.backup_to(&args.file)?;
    let report = store.verify_chain()?;
    println!(
        "backed up {} to {} (audit chain head {} {})",
        target.describe(),
        args.file.display(),
        report.head_seq,
        report.head_hash
    );
    match &report.broken {
        None => Ok(ExitCode::SUCCESS),
        Some(b) => {
            eprintln!(
                "faro: the backup was written, but the audit chain of the database is broken after {} intact events: {b}",
                report.events_checked
            );
            Ok(ExitCode::from(1))
        }
    }
}

pub fn restore(target: &Target, args: &RestoreArgs) -> Result<ExitCode, CliError> {
    let store = target.open_existing()?;
    store.restore_from(&args.file)?;
    // Opened again: the restored database may be of an older Faro, and is migrated here.
    drop(store);
    let store = target.open_existing()?;
    let discarded = match search_index_dir(target, args) {
        Some(dir) => discard_search_index(&dir)?,
        None => None,
    };
    let report = store.verify_chain()?;
    println!(
        "restored {} from {}: {} events, chain {}; head {} {}",
        target.describe(),
        args.file.display(),
        report.events_checked,
        if report.is_intact() { "intact" } else { "BROKEN" },
        report.head_seq,
        report.head_hash
    );
    if let Some(dir) = discarded {
        println!(
            "discarded the search index in {} (it described the database before the restore); `faro serve` builds it again",
            dir.display()
        );
    }
    match &report.broken {
        None => Ok(ExitCode::SUCCESS),
        Some(b) => {
            eprintln!(
                "faro: the restored audit chain is broken after {} intact events: {b}",
                report.events_checked
            );
            Ok(ExitCode::from(1))
        }
    }
}

/// The search index `faro serve` would use for this database.
fn search_index_dir(target: &Target, args: &RestoreArgs) -> Option<PathBuf> {
    args.search_dir
        .clone()
        .or_else(|| target.data_dir.as_ref().map(|d| d.join("search").join("registry")))
}

/// Removes the union registry's search index in `dir`, if that is what `dir` holds (its
/// tantivy meta file and Faro's cursor file): it describes the database as it was before the
/// restore, and its cursor would skip the events written after it. A folder that does not look
/// like an index is left alone.
fn discard_search_index(dir: &Path) -> Result<Option<PathBuf>, CliError> {
    let is_index = dir.join("meta.json").is_file() && dir.join(faro_web::registry_search::CURSOR_FILE).is_file();
    if !is_index {
        return Ok(None);
    }
    std::fs::remove_dir_all(dir).map_err(|e| {
        CliError::failed(format!(
            "the database was restored, but the old search index in {} could not be removed ({e}); \
             remove that folder before `faro serve`",
            dir.display()
        ))
    })?;
    Ok(Some(dir.to_path_buf()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_search_index_is_discarded() {
        let dir = tempfile::tempdir().unwrap();
        let index = dir.path().join("registry");
        std::fs::create_dir_all(&index).unwrap();
        std::fs::write(index.join("meta.json"), "{}").unwrap();
        let other = dir.path().join("other");
        std::fs::create_dir_all(&other).unwrap();
        std::fs::write(other.join("meta.json"), "{}").unwrap();
        assert_eq!(discard_search_index(&other).unwrap(), None);
        assert!(
            other.join("meta.json").exists(),
            "a folder without the cursor file is kept"
        );
        std::fs::write(index.join(faro_web::registry_search::CURSOR_FILE), "{}").unwrap();
        assert_eq!(discard_search_index(&index).unwrap(), Some(index.clone()));
        assert!(!index.exists());
        assert_eq!(
            discard_search_index(&index).unwrap(),
            None,
            "nothing there: nothing to do"
        );
    }
}
