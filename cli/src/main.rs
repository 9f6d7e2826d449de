//! The `benchdash` command line: a thin shell over `benchdash_core`.
//!
//! This binary owns what core may not do: reading files and folders, writing outputs
//! atomically, the clock, the terminal, and exit codes (docs/cli.md):
//! 0 ran and nothing reached the fail level, 1 something did, 2 usage or input error.

mod check;
mod compare;
mod export;
mod import;
mod index;
mod input;
mod output;
mod presets;
mod serve;
mod simulate;
mod trend;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// mimalloc instead of the system's allocator: the commands that read many files allocate on
/// several threads, where glibc grows each thread's heap a page at a time (4,600 `mprotect`
/// calls in `compare tree@a tree@b` of a thousand benchmarks). `compare` of that tree took
/// 60.8 ms ± 2.7 with glibc's and 53.8 ms ± 4.7 with mimalloc (docs/performance.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Benchmark results in, judgements out: import, compare and gate benchmark runs.
#[derive(Debug, Parser)]
#[command(name = "benchdash", version, long_about = None)]
struct Cli {
    /// Print nothing but errors.
    #[arg(long, short, global = true)]
    quiet: bool,
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Run the orchestrator simulation (presets, scenario files, or the default suite).
    Simulate(simulate::Args),
    /// List the simulation's presets.
    Presets(presets::Args),
    /// Convert other tools' results (and run files) into one run file: detect, validate, merge.
    Import(import::Args),
    /// Write a run in another tool's format (CSV, Bencher's BMF, github-action-benchmark).
    Export(export::Args),
    /// Compare a candidate run with a baseline: changes, intervals, p-values, verdicts.
    Compare(compare::Args),
    /// Check one run against the absolute limits of a thresholds file.
    Check(check::Args),
    /// Follow a history in timestamp order and find its change points.
    Trend(trend::Args),
    /// Write the manifest of a results folder (index.json), for the dashboard's `?load=`.
    Index(index::Args),
    /// Serve the built dashboard and the given results on a local HTTP server, opened with
    /// them loaded.
    Serve(serve::Args),
}

/// Why a command could not run: always exit code 2, with a message naming the file.
#[derive(Debug)]
pub struct Failure(pub String);

impl<E: std::fmt::Display> From<E> for Failure {
    fn from(e: E) -> Self {
        Failure(e.to_string())
    }
}

/// Where diagnostics go: stderr, unless `--quiet`.
pub struct Diagnostics {
    quiet: bool,
}

impl Diagnostics {
    pub fn note(&self, message: impl std::fmt::Display) {
        if !self.quiet {
            eprintln!("{message}");
        }
    }

    pub fn warn(&self, message: impl std::fmt::Display) {
        if !self.quiet {
            eprintln!("warning: {message}");
        }
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let diag = Diagnostics { quiet: cli.quiet };
    let result = match cli.command {
        Command::Simulate(args) => simulate::run(args, &diag),
        Command::Presets(args) => presets::run(args, &diag),
        Command::Import(args) => import::run(args, &diag),
        Command::Export(args) => export::run(args, &diag),
        Command::Compare(args) => compare::run(args, &diag),
        Command::Check(args) => check::run(args, &diag),
        Command::Trend(args) => trend::run(args, &diag),
        Command::Index(args) => index::run(args, &diag),
        Command::Serve(args) => serve::run(args, &diag),
    };
    match result {
        Ok(code) => code,
        Err(Failure(message)) => {
            eprintln!("error: {message}");
            ExitCode::from(2)
        }
    }
}
