#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
//! The fast part of the fuzzing, on stable Rust and without cargo-fuzz: every saved input
//! (`corpus/<target>/`, `regressions/<target>/`) replayed through its target, then a short
//! mutation run from a fixed seed (bit flips, byte inserts and deletes, interesting bytes,
//! splices of corpus entries), the same inputs on every run.

use std::path::{Path, PathBuf};
use std::time::Instant;

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

fn dir(kind: &str, target: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(kind).join(target)
}

/// The files of `corpus/<target>/` or `regressions/<target>/` (a missing folder is empty),
/// sorted by name.
fn inputs(kind: &str, target: &str) -> Vec<(PathBuf, Vec<u8>)> {
    let Ok(entries) = std::fs::read_dir(dir(kind, target)) else {
        return Vec::new();
    };
    let mut files: Vec<PathBuf> = entries
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_file() && !p.file_name().is_some_and(|n| n.to_string_lossy().starts_with('.')))
        .collect();
    files.sort();
    files
        .into_iter()
        .map(|p| {
            let bytes = std::fs::read(&p).unwrap();
            (p, bytes)
        })
        .collect()
}

/// Runs a target on one input: the panic's message if it fails.
fn failure_of(target: faro_fuzz::Target, data: &[u8]) -> Option<String> {
    let e = std::panic::catch_unwind(|| target(data)).err()?;
    Some(
        e.downcast_ref::<String>()
            .cloned()
            .or_else(|| e.downcast_ref::<&str>().map(|s| s.to_string()))
            .unwrap_or_default(),
    )
}

/// Runs one input, naming the file when it fails.
fn replay(target: faro_fuzz::Target, path: &Path, data: &[u8]) {
    if let Some(message) = failure_of(target, data) {
        panic!("{} fails: {message}", path.display());
    }
}

#[test]
fn every_target_has_a_seed_corpus() {
    for (name, _) in faro_fuzz::TARGETS {
        assert!(
            !inputs("corpus", name).is_empty(),
            "corpus/{name}/ is empty: add a few realistic inputs"
        );
    }
}

#[test]
fn the_corpus_and_the_regressions_replay() {
    for (name, target) in faro_fuzz::TARGETS {
        let start = Instant::now();
        let mut count = 0;
        for kind in ["corpus", "regressions"] {
            for (path, data) in inputs(kind, name) {
                replay(*target, &path, &data);
                count += 1;
            }
        }
        eprintln!("{name}: {count} inputs replayed in {:.2?}", start.elapsed());
    }
}

/// Bytes that often sit on a parser's edges.
const INTERESTING: &[u8] = b"\0\x01\x7f\x80\xff\xc3\xa9\xef\xbb\xbf\r\n\t ,;\"'%&=+-./:0919AZaz\\<>#";

/// One mutation of `input`, sometimes spliced with `other`.
fn mutate(rng: &mut ChaCha8Rng, input: &[u8], other: &[u8]) -> Vec<u8> {
    let mut out = input.to_vec();
    for _ in 0..rng.gen_range(1..=4) {
        let len = out.len();
        match rng.gen_range(0..7) {
            0 if len > 0 => {
                let i = rng.gen_range(0..len);
                out[i] ^= 1 << rng.gen_range(0..8);
            }
            1 => {
                let i = rng.gen_range(0..=len);
                out.insert(i, INTERESTING[rng.gen_range(0..INTERESTING.len())]);
            }
            2 if len > 0 => {
                let i = rng.gen_range(0..len);
                let n = rng.gen_range(1..=(len - i).min(16));
                out.drain(i..i + n);
            }
            3 if len > 0 => {
                let i = rng.gen_range(0..len);
                out[i] = INTERESTING[rng.gen_range(0..INTERESTING.len())];
            }
            4 if !other.is_empty() => {
                // Splice: a head of this input and a tail of another.
                let cut = rng.gen_range(0..=len);
                let from = rng.gen_range(0..other.len());
                out.truncate(cut);
                out.extend_from_slice(&other[from..]);
            }
            5 if len > 0 => {
                // Duplicate a run of bytes (repeated fields, lines, operators).
                let i = rng.gen_range(0..len);
                let n = rng.gen_range(1..=(len - i).min(32));
                let run = out[i..i + n].to_vec();
                let at = rng.gen_range(0..=len);
                out.splice(at..at, run);
            }
            _ => {
                let i = rng.gen_range(0..=len);
                out.insert(i, rng.gen());
            }
        }
    }
    out
}

/// Mutations per target: the web targets send a request each, so they get fewer (and an
/// accepted evidence upload writes a file and two events).
fn budget(name: &str) -> usize {
    match name {
        "public_search" | "upload" => 1500,
        "evidence_upload" => 500,
        "risk_model" => 300,
        "denue" => 1000,
        _ => 3000,
    }
}

#[test]
fn a_seeded_mutation_run_finds_nothing() {
    for (index, (name, target)) in faro_fuzz::TARGETS.iter().enumerate() {
        let start = Instant::now();
        let seeds: Vec<Vec<u8>> = inputs("corpus", name)
            .into_iter()
            .chain(inputs("regressions", name))
            .map(|(_, d)| d)
            .collect();
        assert!(!seeds.is_empty(), "corpus/{name}/ is empty");
        let mut rng = ChaCha8Rng::seed_from_u64(0xFA50 + index as u64);
        for round in 0..budget(name) {
            let input = &seeds[rng.gen_range(0..seeds.len())];
            let other = &seeds[rng.gen_range(0..seeds.len())];
            let mutated = mutate(&mut rng, input, other);
            if let Some(message) = failure_of(*target, &mutated) {
                let saved = std::env::temp_dir().join(format!("faro-fuzz-{name}-{round}"));
                std::fs::write(&saved, &mutated).unwrap();
                panic!(
                    "{name}: mutation {round} fails ({message}); the input is in {} \
                     (copy it into crates/faro-fuzz/regressions/{name}/ once fixed)",
                    saved.display()
                );
            }
        }
        eprintln!("{name}: {} mutations in {:.2?}", budget(name), start.elapsed());
    }
}

/// Writes the generated seeds (DENUE files from the synthetic writer, a trained risk model).
/// Run once by hand: `cargo test -p faro-fuzz -- --ignored write_generated_seeds`.
#[test]
#[ignore]
fn write_generated_seeds() {
    use faro_denue::synth::{write_synthetic_with, SynthOptions};
    use faro_denue::Encoding;
    let cat = faro_core::catalog::Catalogs::embedded().unwrap();
    for (name, mode, encoding, rows, bad, multiline) in [
        ("seed-01-latin1-bad-rows", 0u8, Encoding::Windows1252, 8, 0.5, 0.2),
        ("seed-02-utf8", 1, Encoding::Utf8, 4, 0.0, 0.0),
        ("seed-03-forced-1252", 2, Encoding::Windows1252, 3, 0.3, 0.3),
    ] {
        let mut out = vec![mode];
        let options = SynthOptions {
            rows,
            seed: 11 + u64::from(mode),
            encoding,
            bad_fraction: bad,
            multiline_fraction: multiline,
        };
        write_synthetic_with(&mut out, &options, &cat).unwrap();
        std::fs::write(dir("corpus", "denue").join(name), out).unwrap();
    }

    // A model trained on a small table of 300 units.
    let mut csv = String::from("id,opened,state,employees,scian,violation\n");
    let mut rng = ChaCha8Rng::seed_from_u64(5);
    for i in 0..300 {
        let employees: u32 = rng.gen_range(1..500);
        let state = ["14", "09", "21", "19"][rng.gen_range(0..4)];
        let scian = ["461110", "722511", "311830"][rng.gen_range(0..3)];
        let p = 0.1 + 0.5 * f64::from(employees) / 500.0 + if scian == "722511" { 0.2 } else { 0.0 };
        let violation = u8::from(rng.gen_bool(p.min(0.95)));
        let month = 1 + i % 12;
        csv.push_str(&format!(
            "{i},2022-{month:02}-15,{state},{employees},{scian},{violation}\n"
        ));
    }
    let opts = faro_risk::CsvOptions {
        categorical: vec!["state".into(), "scian".into()],
        ..Default::default()
    };
    let table = faro_risk::read_csv(csv.as_bytes(), &opts).unwrap();
    let mut spec = faro_risk::TrainSpec::new("violation");
    spec.id = Some("id".into());
    spec.time = Some("opened".into());
    spec.budget = 0.1;
    let (model, _) = faro_risk::train(&table, &spec, chrono::Utc::now()).unwrap();
    let json = model.to_json().unwrap();
    std::fs::write(dir("corpus", "risk_model").join("seed-01-trained.json"), &json).unwrap();
    let csv_seed = [
        &[0u8][..],
        csv.lines().take(40).collect::<Vec<_>>().join("\n").as_bytes(),
    ]
    .concat();
    std::fs::write(dir("corpus", "risk_csv").join("seed-14-training-table"), csv_seed).unwrap();
    eprintln!("model: {} bytes", json.len());
}
