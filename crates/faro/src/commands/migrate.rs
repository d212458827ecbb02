//! `faro migrate`: creates the database if needed and applies the migrations it lacks.

use std::process::ExitCode;

use crate::db::Target;
use crate::error::CliError;

pub fn run(target: &Target) -> Result<ExitCode, CliError> {
    let store = target.open_or_create()?;
    let report = store.verify_chain()?;
    println!(
        "{}: schema up to date ({} events in the log)",
        target.describe(),
        report.events_checked
    );
    Ok(ExitCode::SUCCESS)
}
