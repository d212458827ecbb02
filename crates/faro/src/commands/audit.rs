//! `faro audit verify`: recomputes the hash chain and names the first broken link.

use std::process::ExitCode;

use crate::cli::AuditVerifyArgs;
use crate::db::Target;
use crate::error::CliError;

pub fn verify(target: &Target, args: &AuditVerifyArgs) -> Result<ExitCode, CliError> {
    let store = target.open_existing()?;
    let report = store.verify_chain()?;
    if args.json {
        let text = serde_json::to_string_pretty(&report).map_err(|e| CliError::failed(e.to_string()))?;
        println!("{text}");
    } else {
        match &report.broken {
            None => println!(
                "intact: {} events verified; head {} {}",
                report.events_checked, report.head_seq, report.head_hash
            ),
            Some(b) => println!("BROKEN after {} intact events: {b}", report.events_checked),
        }
    }
    Ok(if report.is_intact() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}
