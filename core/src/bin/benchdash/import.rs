//! `benchdash import`: read run files (and `.jsonl` histories), validate and normalise them,
//! and merge them into one run file.

use std::path::PathBuf;
use std::process::ExitCode;

use benchdash_core::{merge, write};

use crate::{input, output, Diagnostics, Failure};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Run files, `.jsonl` histories or folders of them.
    #[arg(required = true, value_name = "PATH")]
    paths: Vec<PathBuf>,
    /// Write the run here (atomically) instead of to standard output.
    #[arg(short, long, value_name = "FILE")]
    output: Option<PathBuf>,
    /// The merged run's name (default: the input's, or the inputs' joined by " + ").
    #[arg(long)]
    name: Option<String>,
}

pub fn run(args: Args, diag: &Diagnostics) -> Result<ExitCode, Failure> {
    let inputs = input::read_paths(&args.paths)?;
    let mut labelled = Vec::new();
    for input in inputs {
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
        "imported {} benchmarks from {files} run(s) (format: benchdash run file){}",
        merged.benchmarks.len(),
        args.output
            .as_ref()
            .map(|p| format!(" into {}", p.display()))
            .unwrap_or_default()
    ));
    Ok(ExitCode::SUCCESS)
}
