//! `faro backup FILE` and `faro restore FILE` (SQLite; PostgreSQL uses pg_dump and pg_restore).

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
    Ok(ExitCode::SUCCESS)
}

pub fn restore(target: &Target, args: &RestoreArgs) -> Result<ExitCode, CliError> {
    let store = target.open_existing()?;
    store.restore_from(&args.file)?;
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
    Ok(if report.is_intact() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}
