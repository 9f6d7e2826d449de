//! benchdash's core: everything the CLI and the dashboard share, byte for byte.
//!
//! Core is pure: it takes and returns bytes and values. It opens no files, reads no clocks and
//! keeps no globals, so the same code runs natively and in wasm32 and gives the same answers.
//! See ARCHITECTURE.md for the map of modules.
//!
//! - [`units`] — unit strings, dimensions and exact conversions.
//! - [`run`] — the run-file model (serde types) of format version 1.
//! - [`read`] — bytes to a validated, normalised run, with file-naming errors.
//! - [`write`] — a run to bytes.
//! - [`merge`] — several runs into one.
//! - [`import`] — other tools' result files to runs (criterion, hyperfine, pytest-benchmark, …).
//! - [`manifest`] — a results folder's `index.json`: its result files, for the dashboard's `?load=`.
//! - [`export`] — a run in other tools' formats (CSV, Bencher's BMF, github-action-benchmark).
//! - [`stats`] — statistics: descriptive, tests (Welch, Mann-Whitney), bootstrap intervals,
//!   change points (E-Divisive means), and [`stats::Stat`], the number being judged.
//! - [`thresholds`] — the thresholds file: regression policy, overrides, absolute limits.
//! - [`compare`] — baseline vs candidate (verdicts and statuses), and `check` of limits.
//! - [`trend`] — a history in timestamp order, with its change points.
//! - [`report`] — comparisons, checks and trends as text, Markdown or JSON strings.
//! - [`examples`] — run files bundled into every build.
//! - [`toml_path`] — the key at an error's position in a TOML file (thresholds, scenarios).
//! - [`order`] — sorting through one copy of the standard library's sort (the wasm's size).
//! - [`random`] — the seeded, portable random source the bootstrap and the simulation share.

pub mod compare;
pub mod examples;
pub mod export;
pub mod import;
mod json_path;
pub mod manifest;
pub mod merge;
pub mod order;
pub mod random;
pub mod read;
pub mod report;
pub mod run;
pub mod stats;
#[cfg(feature = "testing")]
pub mod testing;
pub mod thresholds;
pub mod timeline;
pub mod toml_path;
pub mod trend;
pub mod units;
pub mod write;

pub use read::read_run;
pub use run::{Better, RunFile, Summary};

/// This build's version, as recorded in the runs it writes.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");
