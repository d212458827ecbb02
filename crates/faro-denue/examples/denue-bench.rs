//! Measures the reader on a DENUE file: rows per second reading only, reading plus conversion to
//! registry drafts with [`Converter`], and (with `--reference`) with the reference [`to_drafts`].
//!
//! Usage: cargo run --release -p faro-denue --example denue-bench -- FILE [--passes N] [--read-only | --drafts-only] [--reference]

use std::process::ExitCode;
use std::time::{Duration, Instant};

use faro_core::catalog::Catalogs;
use faro_denue::{to_drafts, Converter, DenueReader, DenueRow};

/// Result of one pass over the file.
struct Pass {
    rows: u64,
    errors: u64,
    bytes: u64,
    elapsed: Duration,
}

impl Pass {
    fn report(&self, what: &str) {
        let secs = self.elapsed.as_secs_f64().max(1e-9);
        println!(
            "{what:<22} {:>9} rows {:>6} errors {:>7.2} s {:>10.0} rows/s {:>7.1} MB/s",
            self.rows,
            self.errors,
            secs,
            self.rows as f64 / secs,
            self.bytes as f64 / secs / 1e6
        );
    }
}

/// What a pass does with each row.
#[derive(Clone, Copy)]
enum Work<'a> {
    /// Nothing: reading only.
    Read,
    /// [`Converter::to_drafts`].
    Convert(&'a Converter<'a>),
    /// The reference [`to_drafts`], through `faro-core`'s validation.
    Reference(&'a Catalogs),
}

/// Reads the file and does `work` with each row.
fn pass(path: &str, work: Work<'_>) -> Result<Pass, String> {
    let start = Instant::now();
    let mut reader = DenueReader::open(path).map_err(|e| e.to_string())?;
    let mut row = DenueRow::new();
    let (mut rows, mut errors) = (0u64, 0u64);
    while let Some(res) = reader.read_row(&mut row) {
        rows += 1;
        let outcome = match (res, work) {
            (Ok(()), Work::Convert(c)) => c.to_drafts(&row).map(|d| {
                std::hint::black_box(d);
            }),
            (Ok(()), Work::Reference(cat)) => to_drafts(&row, cat).map(|d| {
                std::hint::black_box(d);
            }),
            (res, _) => res,
        };
        if let Err(e) = outcome {
            if errors < 3 {
                eprintln!("  {e}");
            }
            errors += 1;
        }
    }
    Ok(Pass {
        rows,
        errors,
        bytes: reader.bytes_read(),
        elapsed: start.elapsed(),
    })
}

fn run() -> Result<(), String> {
    let mut args = std::env::args().skip(1);
    let path = args
        .next()
        .ok_or("usage: denue-bench FILE [--passes N] [--read-only | --drafts-only] [--reference]")?;
    let (mut passes, mut read, mut drafts, mut reference) = (1usize, true, true, false);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--passes" => {
                let n = args.next().ok_or("--passes needs a number")?;
                passes = n.parse().map_err(|e| format!("--passes: {e}"))?;
            }
            "--read-only" => drafts = false,
            "--drafts-only" => read = false,
            "--reference" => reference = true,
            other => return Err(format!("unknown option {other}")),
        }
    }
    let cat = Catalogs::embedded().map_err(|e| e.to_string())?;
    let converter = Converter::new(&cat);
    let encoding = DenueReader::open(&path).map_err(|e| e.to_string())?.encoding();
    println!("{path} ({})", encoding.name());
    for _ in 0..passes {
        if read {
            pass(&path, Work::Read)?.report("read");
        }
        if drafts {
            pass(&path, Work::Convert(&converter))?.report("read + Converter");
        }
        if reference {
            pass(&path, Work::Reference(&cat))?.report("read + to_drafts");
        }
    }
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
