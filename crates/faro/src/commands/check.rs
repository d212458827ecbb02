//! `faro check rfc|curp|nss VALUE`: the verdict and its reasons; exit 0 when valid, 1 when not.

use std::process::ExitCode;

use faro_core::ids::{self, IdKind};

use crate::cli::{CheckArgs, IdKindArg};
use crate::error::CliError;

pub fn run(args: &CheckArgs) -> Result<ExitCode, CliError> {
    let kind = match args.kind {
        IdKindArg::Rfc => IdKind::Rfc,
        IdKindArg::Curp => IdKind::Curp,
        IdKindArg::Nss => IdKind::Nss,
    };
    let report = ids::check(kind, &args.value);
    if args.json {
        let text = serde_json::to_string_pretty(&report).map_err(|e| CliError::failed(e.to_string()))?;
        println!("{text}");
    } else {
        print!("{}", report.to_text());
    }
    Ok(if report.valid {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}
