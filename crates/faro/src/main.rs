//! The one Faro binary: `serve`, `demo`, `migrate`, `import denue`, `check`, `user add`,
//! `audit verify`, `backup` and `restore`.

mod cli;
mod commands;
mod db;
mod error;
mod pipeline;
mod risk;

use std::process::ExitCode;

use clap::Parser;

use crate::cli::{AuditCommand, Cli, Command, ImportCommand, RiskCommand, RulesCommand, UserCommand};
use crate::error::CliError;

fn main() -> ExitCode {
    let cli = Cli::parse();
    init_logging(cli.verbose);
    match run(cli) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("faro: {e}");
            ExitCode::from(e.exit_code())
        }
    }
}

fn init_logging(verbose: bool) {
    // perpetual warns at every chunk of trees faro-risk grows on purpose (it stops them itself).
    let default = if verbose {
        "info,faro=debug"
    } else {
        "warn,faro=info,faro_web=info,perpetual=error"
    };
    let filter = tracing_subscriber::EnvFilter::try_from_env("FARO_LOG")
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new(default));
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .try_init();
}

fn run(cli: Cli) -> Result<ExitCode, CliError> {
    let target = db::Target::from_cli(&cli.db)?;
    match cli.command {
        Command::Serve(args) => commands::serve::run(&target, &args),
        Command::Demo(args) => commands::demo::run(&target, &args),
        Command::Migrate => commands::migrate::run(&target),
        Command::Import(ImportCommand::Denue(args)) => commands::import::run(&target, &args),
        Command::Check(args) => commands::check::run(&args),
        Command::User(UserCommand::Add(args)) => commands::user::add(&target, &args),
        Command::Audit(AuditCommand::Verify(args)) => commands::audit::verify(&target, &args),
        Command::Backup(args) => commands::backup::backup(&target, &args),
        Command::Restore(args) => commands::backup::restore(&target, &args),
        Command::Rules(RulesCommand::List(args)) => commands::rules::list(&args),
        Command::Rules(RulesCommand::Check(args)) => commands::rules::check(&args),
        Command::Risk(RiskCommand::Train(args)) => commands::risk::train(&args),
        Command::Risk(RiskCommand::Evaluate(args)) => commands::risk::evaluate(&args),
        Command::Risk(RiskCommand::Score(args)) => commands::risk::score(&args),
        Command::Risk(RiskCommand::Retrain(args)) => commands::risk::retrain(&target, &args),
        Command::Risk(RiskCommand::Export(args)) => commands::risk::export(&target, &args),
    }
}
