//! `faro import denue FILE`: streams INEGI's DENUE CSV into the registry in batches, one
//! transaction and one event per batch. Re-importing updates rows (keyed by the DENUE id), never
//! duplicates them. Rejected rows go to a report with their line and reason; the import goes on.

use std::collections::HashSet;
use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use chrono::Utc;
use faro_core::catalog::Catalogs;
use faro_core::registry::{DecidedBatch, RegistryBatch};
use faro_core::Actor;
use faro_denue::{Converter, DenueReader, DenueRow, RowError};
use faro_store::Store;

use crate::cli::ImportDenueArgs;
use crate::db::Target;
use crate::error::CliError;
use crate::pipeline::pipeline;

/// What an import did.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct ImportSummary {
    pub rows_read: u64,
    pub imported: u64,
    pub rejected: u64,
    pub batches: u64,
}

/// The rejected rows, written as CSV: line, code, reason.
struct Report {
    path: PathBuf,
    out: Option<BufWriter<File>>,
}

impl Report {
    fn new(path: PathBuf) -> Self {
        Self { path, out: None }
    }

    fn write(&mut self, e: &RowError) -> Result<(), CliError> {
        if self.out.is_none() {
            let f = File::create(&self.path)
                .map_err(|err| CliError::failed(format!("cannot write the report {}: {err}", self.path.display())))?;
            let mut w = BufWriter::new(f);
            writeln!(w, "line,code,reason")?;
            self.out = Some(w);
        }
        if let Some(w) = self.out.as_mut() {
            writeln!(w, "{},{},\"{}\"", e.line, e.code, e.reason.replace('"', "\"\""))?;
        }
        Ok(())
    }

    fn finish(&mut self) -> Result<bool, CliError> {
        match self.out.as_mut() {
            Some(w) => {
                w.flush()?;
                Ok(true)
            }
            None => Ok(false),
        }
    }
}

fn default_report_path(file: &Path) -> PathBuf {
    let mut name = file.file_name().map(|n| n.to_os_string()).unwrap_or_default();
    name.push(".rejected.csv");
    file.with_file_name(name)
}

pub fn run(target: &Target, args: &ImportDenueArgs) -> Result<ExitCode, CliError> {
    if args.batch == 0 || args.batch > 100_000 {
        return Err(CliError::usage("--batch must be between 1 and 100000"));
    }
    let mut reader =
        DenueReader::open(&args.file).map_err(|e| CliError::usage(format!("{}: {e}", args.file.display())))?;
    let store = target.open_existing()?;
    let catalogs = Catalogs::embedded()?;
    let size = std::fs::metadata(&args.file).map(|m| m.len()).unwrap_or(0);
    let bar = if args.quiet {
        indicatif::ProgressBar::hidden()
    } else {
        let b = indicatif::ProgressBar::new(size);
        b.set_style(
            indicatif::ProgressStyle::with_template("{bar:40} {bytes}/{total_bytes} {msg} ETA {eta}")
                .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
        );
        b
    };
    let report_path = args.report.clone().unwrap_or_else(|| default_report_path(&args.file));
    let mut report = Report::new(report_path.clone());
    let started = Instant::now();
    let existing = store.counts()?.workplaces.max(0) as u64;
    let defer = defer_indexes(size, existing);
    if defer && !args.quiet {
        println!("a large load: the registry's search indexes are rebuilt once, at the end");
    }
    let mut load = || {
        import(&store, &catalogs, &mut reader, args.batch, &mut report, |s, bytes| {
            bar.set_position(bytes);
            bar.set_message(format!("{} rows, {} rejected", s.imported, s.rejected));
        })
    };
    let summary = if defer {
        store.with_deferred_indexes(load)?
    } else {
        load()?
    };
    bar.finish_and_clear();
    let wrote_report = report.finish()?;
    let secs = started.elapsed().as_secs_f64().max(1e-6);
    println!(
        "imported {} rows ({} rejected) from {} ({}) into {} in {:.1} s: {:.0} rows/s",
        summary.imported,
        summary.rejected,
        args.file.display(),
        reader.encoding().name(),
        target.describe(),
        secs,
        summary.rows_read as f64 / secs
    );
    if wrote_report {
        println!("rejected rows, with line and reason: {}", report_path.display());
    }
    Ok(ExitCode::SUCCESS)
}

/// Bytes per row of a DENUE file, on average (INEGI's files and the synthetic ones alike).
const BYTES_PER_ROW: u64 = 400;

/// Whether a load of `file_bytes` into a registry of `existing` workplaces should set the search
/// indexes aside and rebuild them at the end: for large loads, and where the load is large
/// against what is there (rebuilding costs about as much as the existing rows).
pub fn defer_indexes(file_bytes: u64, existing: u64) -> bool {
    let rows = file_bytes / BYTES_PER_ROW;
    rows >= 50_000 && rows >= existing / 4
}

/// One batch as the reading thread hands it to the writing one.
struct Parsed {
    /// The rows with their event already decided (serialized) on the reading thread; none when
    /// every row of the batch was rejected.
    decided: Option<DecidedBatch>,
    rows_read: u64,
    rejected: u64,
    /// Bytes of the file read so far, for the progress bar.
    bytes: u64,
}

/// Reads every row, converts it, and stores the batches. Reading and converting run on one
/// thread and writing on another, so both cores work. Each batch is one transaction: if the
/// import stops (a fatal read error, a database error), the batches before it are stored and
/// re-running the import completes it. `progress` is called after each batch.
pub fn import<R: std::io::Read + Send>(
    store: &Store,
    catalogs: &Catalogs,
    reader: &mut DenueReader<R>,
    batch_size: usize,
    report: &mut (impl RejectSink + Send),
    mut progress: impl FnMut(&ImportSummary, u64),
) -> Result<ImportSummary, CliError> {
    let actor = Actor::system("import-denue");
    let mut summary = ImportSummary::default();
    pipeline(
        |send| parse_batches(catalogs, reader, batch_size, report, send),
        |parsed: Parsed| {
            summary.rows_read += parsed.rows_read;
            summary.rejected += parsed.rejected;
            if let Some(decided) = &parsed.decided {
                store_batch(store, &actor, decided, &mut summary)?;
            }
            progress(&summary, parsed.bytes);
            Ok(())
        },
    )?;
    Ok(summary)
}

/// The reading thread: rows to batches, rejected rows to the report. Stops early when `send`
/// says the writer has stopped (it reports why).
fn parse_batches<R: std::io::Read>(
    catalogs: &Catalogs,
    reader: &mut DenueReader<R>,
    batch_size: usize,
    report: &mut impl RejectSink,
    send: &mut dyn FnMut(Parsed) -> bool,
) -> Result<(), CliError> {
    let converter = Converter::new(catalogs);
    let mut row = DenueRow::new();
    let mut batch = new_batch();
    let (mut rows_read, mut rejected) = (0u64, 0u64);
    let mut seen_employers: HashSet<String> = HashSet::new();
    while let Some(read) = reader.read_row(&mut row) {
        rows_read += 1;
        match read.and_then(|()| converter.to_drafts(&row)) {
            Ok((key, employer, workplace)) => {
                if seen_employers.insert(key.clone()) {
                    batch.employers.push((key.clone(), employer));
                }
                batch.workplaces.push((key, workplace));
            }
            Err(e) if e.is_fatal() => {
                return Err(CliError::failed(format!("the import stopped: {e}")));
            }
            Err(e) => {
                rejected += 1;
                report.reject(&e)?;
            }
        }
        if batch.workplaces.len() >= batch_size {
            let full = std::mem::replace(&mut batch, new_batch());
            seen_employers.clear();
            if !send(Parsed::new(full, rows_read, rejected, reader.bytes_read())?) {
                return Ok(());
            }
            (rows_read, rejected) = (0, 0);
        }
    }
    send(Parsed::new(batch, rows_read, rejected, reader.bytes_read())?);
    Ok(())
}

impl Parsed {
    /// Decides the batch's event here, on the reading thread.
    fn new(batch: RegistryBatch, rows_read: u64, rejected: u64, bytes: u64) -> Result<Self, CliError> {
        let decided = if batch.is_empty() { None } else { Some(decide(batch)?) };
        Ok(Parsed {
            decided,
            rows_read,
            rejected,
            bytes,
        })
    }
}

fn decide(batch: RegistryBatch) -> Result<DecidedBatch, CliError> {
    DecidedBatch::decide(batch).map_err(|e| CliError::failed(e.detail))
}

fn new_batch() -> RegistryBatch {
    RegistryBatch {
        source: "denue".into(),
        ..Default::default()
    }
}

fn store_batch(
    store: &Store,
    actor: &Actor,
    decided: &DecidedBatch,
    summary: &mut ImportSummary,
) -> Result<(), CliError> {
    let outcome = store.import_decided(actor, Utc::now(), decided)?;
    summary.imported += outcome.workplaces;
    summary.batches += 1;
    Ok(())
}

/// Where rejected rows go.
pub trait RejectSink {
    fn reject(&mut self, e: &RowError) -> Result<(), CliError>;
}

impl RejectSink for Report {
    fn reject(&mut self, e: &RowError) -> Result<(), CliError> {
        self.write(e)
    }
}

impl RejectSink for Vec<RowError> {
    fn reject(&mut self, e: &RowError) -> Result<(), CliError> {
        self.push(e.clone());
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use faro_denue::synth::{write_synthetic_with, SynthOptions};
    use faro_store::{Location, OpenMode};

    fn store_in(dir: &Path) -> Store {
        let s = Store::open(&Location::Sqlite(dir.join("t.sqlite3")), OpenMode::CreateIfMissing).unwrap();
        s.migrate(Utc::now()).unwrap();
        s
    }

    #[test]
    fn imports_idempotently_and_reports_bad_rows() {
        let cat = Catalogs::embedded().unwrap();
        let dir = tempfile::tempdir().unwrap();
        let mut csv = Vec::new();
        let opts = SynthOptions {
            rows: 500,
            seed: 7,
            bad_fraction: 0.05,
            multiline_fraction: 0.02,
            ..SynthOptions::default()
        };
        let synth = write_synthetic_with(&mut csv, &opts, &cat).unwrap();
        let store = store_in(dir.path());
        let run = |store: &Store| {
            let mut reader = DenueReader::new(&csv[..]).unwrap();
            let mut rejected: Vec<RowError> = Vec::new();
            let s = import(store, &cat, &mut reader, 64, &mut rejected, |_, _| {}).unwrap();
            (s, rejected)
        };
        let (first, rejected) = run(&store);
        assert_eq!(first.rows_read, 500);
        assert_eq!(first.rejected, synth.bad.len() as u64);
        assert!(first.rejected > 0);
        assert_eq!(first.imported + first.rejected, 500);
        // Each rejected row is reported at the line where it starts, with the expected reason.
        let mut got: Vec<(u64, &str)> = rejected.iter().map(|e| (e.line, e.code)).collect();
        let mut want: Vec<(u64, &str)> = synth.bad.iter().map(|(l, k)| (*l, k.expected_code())).collect();
        got.sort();
        want.sort();
        assert_eq!(got, want);
        let counts = store.counts().unwrap();
        assert_eq!(counts.workplaces as u64, first.imported);
        // Re-importing the same file updates, never duplicates.
        let (second, _) = run(&store);
        assert_eq!(second.imported, first.imported);
        let again = store.counts().unwrap();
        assert_eq!(again.workplaces, counts.workplaces);
        assert_eq!(again.employers, counts.employers);
        assert!(store.verify_chain().unwrap().is_intact());
    }

    #[test]
    fn large_loads_defer_indexes() {
        assert!(!defer_indexes(1_000_000, 0), "2,500 rows are not a bulk load");
        assert!(
            defer_indexes(400 * 1_000_000, 0),
            "a million rows into an empty registry"
        );
        assert!(defer_indexes(400 * 1_000_000, 2_000_000));
        assert!(
            !defer_indexes(400 * 100_000, 5_000_000),
            "a state's file into a national registry"
        );
    }

    #[test]
    fn report_path_sits_beside_the_file() {
        assert_eq!(
            default_report_path(Path::new("/data/denue_09.csv")),
            PathBuf::from("/data/denue_09.csv.rejected.csv")
        );
    }
}
