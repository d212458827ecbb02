//! Fuzz targets for every parser of outside input, one pure function per target.
//!
//! Each `fn(&[u8])` feeds arbitrary bytes to the real parser and checks the properties that must
//! hold for any input: it never panics, and whatever it accepts is consistent (an identifier
//! re-renders to a string that parses to the same value, a table's columns all have its number
//! of rows, a public page never answers 5xx...). A broken property is an assertion failure,
//! which libFuzzer reports as a crash.
//!
//! The same functions run in three places:
//! - `fuzz/` (cargo-fuzz, nightly, libFuzzer): `scripts/fuzz.sh` runs each for a bounded time;
//! - `tests/corpus.rs` (stable, `cargo test`): every file of `corpus/<target>/` and
//!   `regressions/<target>/` is replayed, then a short seeded mutation run;
//! - anywhere else that wants to check one input: [`run`].

mod denue;
mod ids;
mod risk;
mod rules;
mod search;
mod web;

pub use denue::denue;
pub use ids::identifiers;
pub use risk::{risk_csv, risk_model};
pub use rules::rules_overrides;
pub use search::search_text;
pub use web::{evidence_upload, public_search, upload};

/// A fuzz target: arbitrary bytes in, a panic if a property fails.
pub type Target = fn(&[u8]);

/// Every target by name; the name is also the folder of its corpus and regressions and the name
/// of its cargo-fuzz binary.
pub const TARGETS: &[(&str, Target)] = &[
    ("identifiers", identifiers),
    ("denue", denue),
    ("risk_csv", risk_csv),
    ("risk_model", risk_model),
    ("search_text", search_text),
    ("public_search", public_search),
    ("upload", upload),
    ("evidence_upload", evidence_upload),
    ("rules_overrides", rules_overrides),
];

/// Runs the target called `name` on `data`; `false` if there is no such target.
pub fn run(name: &str, data: &[u8]) -> bool {
    match TARGETS.iter().find(|(n, _)| *n == name) {
        Some((_, target)) => {
            target(data);
            true
        }
        None => false,
    }
}

/// The input as text: lossy UTF-8, so that invalid sequences become U+FFFD (every parser of
/// text is reached with what a browser or a terminal would hand it).
pub(crate) fn text(data: &[u8]) -> std::borrow::Cow<'_, str> {
    String::from_utf8_lossy(data)
}

/// Reports a broken property. Panicking is how a fuzz target fails: libFuzzer records the input
/// as a crash, and the replay test fails on it. (Assertions panic the same way.)
#[allow(clippy::panic)]
#[track_caller]
pub(crate) fn broken(message: impl std::fmt::Display) -> ! {
    panic!("{message}")
}
