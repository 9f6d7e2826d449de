//! `benchdash import`: read other tools' results (and run files, `.jsonl` histories, folders),
//! convert, validate and normalise them, and merge them into one run file.

use std::path::PathBuf;
use std::process::ExitCode;

use benchdash_core::import::Format;
use benchdash_core::{merge, write};

use crate::{input, output, Diagnostics, Failure};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Result files or folders: run files, `.jsonl` histories, a `target/criterion` tree,
    /// hyperfine, pytest-benchmark, Google Benchmark, BMF, github-action-benchmark, k6 (summaries,
    /// and `--out json` as timelines), asv,
    /// Locust (`--csv`'s `_stats.csv`, `_stats_history.csv` as timelines, and `--json`), oha, go test
    /// -bench (text, -json), libtest bench lines, Benchmark.js, Vitest, pyperf, Catch2 XML, JMH
    /// (`-rf json`), BenchmarkDotNet (`--exporters json`), Vegeta (`report -type=json`).
    #[arg(required = true, value_name = "PATH")]
    paths: Vec<PathBuf>,
    /// Write the run here (atomically) instead of to standard output.
    #[arg(short, long, value_name = "FILE")]
    output: Option<PathBuf>,
    /// The merged run's name (default: the input's, or the inputs' joined by " + ").
    #[arg(long)]
    name: Option<String>,
    /// Read the inputs as this format instead of detecting it.
    #[arg(long, value_name = "NAME", value_parser = parse_format)]
    format: Option<Format>,
    /// Which saved baseline of a criterion tree to read.
    #[arg(long, value_name = "NAME", default_value = "new")]
    criterion_baseline: String,
}

fn parse_format(name: &str) -> Result<Format, String> {
    Format::parse(name).ok_or_else(|| {
        format!(
            "unknown format \"{name}\"; known formats: {}",
            Format::known()
        )
    })
}

pub fn run(args: Args, diag: &Diagnostics) -> Result<ExitCode, Failure> {
    let options = input::options(args.format, Some(args.criterion_baseline));
    let inputs = input::read_paths_with(&args.paths, &options)?;
    let mut formats: Vec<&str> = Vec::new();
    let mut labelled = Vec::new();
    for input in inputs {
        if !formats.contains(&input.format.name()) {
            formats.push(input.format.name());
        }
        let count = input.runs.len();
        for (i, loaded) in input.runs.into_iter().enumerate() {
            for warning in &loaded.warnings {
                diag.warn(format!("{}: {warning}", input.label));
            }
            let label = if count > 1 {
                format!("{} (line {})", input.label, i + 1)
            } else {
                input.label.clone()
            };
            labelled.push((label, loaded.run));
        }
    }
    let files = labelled.len();
    let merged = merge::merge(labelled, args.name)?;
    output::emit(args.output.as_deref(), &write::to_json(&merged))?;
    diag.note(format!(
        "imported {} benchmarks from {files} run(s) (format: {}){}",
        merged.benchmarks.len(),
        formats.join(", "),
        args.output
            .as_ref()
            .map(|p| format!(" into {}", p.display()))
            .unwrap_or_default()
    ));
    Ok(ExitCode::SUCCESS)
}
