//! Writes a synthetic DENUE file (INEGI's layout) for tests and benchmarks.
//!
//! Usage: denue-synth ROWS OUTPUT [--latin1] [--bad-fraction F] [--multiline-fraction F] [--seed N]

use std::fs::File;
use std::process::ExitCode;

use faro_core::catalog::Catalogs;
use faro_denue::synth::{write_synthetic_with, SynthOptions};
use faro_denue::Encoding;

const USAGE: &str = "usage: denue-synth ROWS OUTPUT [--latin1] [--bad-fraction F] [--multiline-fraction F] [--seed N]";

/// Parsed command line.
struct Args {
    output: String,
    options: SynthOptions,
}

fn parse_args(mut args: impl Iterator<Item = String>) -> Result<Args, String> {
    let mut positional = Vec::new();
    let mut options = SynthOptions {
        encoding: Encoding::Utf8,
        ..SynthOptions::default()
    };
    while let Some(arg) = args.next() {
        let mut value = |name: &str| args.next().ok_or_else(|| format!("{name} needs a value"));
        match arg.as_str() {
            "--latin1" => options.encoding = Encoding::Windows1252,
            "--utf8" => options.encoding = Encoding::Utf8,
            "--bad-fraction" => options.bad_fraction = parse_fraction("--bad-fraction", &value("--bad-fraction")?)?,
            "--multiline-fraction" => {
                options.multiline_fraction = parse_fraction("--multiline-fraction", &value("--multiline-fraction")?)?
            }
            "--seed" => options.seed = value("--seed")?.parse().map_err(|e| format!("--seed: {e}"))?,
            "-h" | "--help" => return Err(USAGE.to_string()),
            s if s.starts_with('-') => return Err(format!("unknown option {s}\n{USAGE}")),
            _ => positional.push(arg),
        }
    }
    let [rows, output] = <[String; 2]>::try_from(positional).map_err(|_| USAGE.to_string())?;
    options.rows = rows
        .replace('_', "")
        .parse()
        .map_err(|e| format!("ROWS '{rows}': {e}"))?;
    Ok(Args { output, options })
}

fn parse_fraction(name: &str, v: &str) -> Result<f64, String> {
    match v.parse::<f64>() {
        Ok(f) if (0.0..=1.0).contains(&f) => Ok(f),
        _ => Err(format!("{name} must be a number between 0 and 1, not '{v}'")),
    }
}

fn run() -> Result<(), String> {
    let args = parse_args(std::env::args().skip(1))?;
    let cat = Catalogs::embedded().map_err(|e| format!("catalogs: {e}"))?;
    let file = File::create(&args.output).map_err(|e| format!("cannot create {}: {e}", args.output))?;
    let summary =
        write_synthetic_with(file, &args.options, &cat).map_err(|e| format!("writing {}: {e}", args.output))?;
    eprintln!(
        "wrote {} rows ({} lines, {} bad) to {} in {}",
        summary.rows,
        summary.lines,
        summary.bad.len(),
        args.output,
        args.options.encoding.name()
    );
    Ok(())
}

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("{e}");
            ExitCode::FAILURE
        }
    }
}
