//! `benchdash trend PATH...`: a history in timestamp order, with its change points.

use std::path::PathBuf;
use std::process::ExitCode;

use benchdash_core::report;
use benchdash_core::stats::Stat;
use benchdash_core::trend::{self, Options};

use crate::compare::{emit, parse_stat, OutputArgs};
use crate::{input, Diagnostics, Failure};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Run files, `.jsonl` histories or folders of them.
    #[arg(required = true, value_name = "PATH")]
    paths: Vec<PathBuf>,
    /// Only this metric (default: every metric).
    #[arg(long, value_name = "M")]
    metric: Option<String>,
    /// The stat followed: mean median min max stddev cv value or pNN.
    #[arg(long, value_name = "STAT", value_parser = parse_stat, default_value = "mean")]
    stat: Stat,
    #[command(flatten)]
    out: OutputArgs,
}

pub fn run(args: Args, diag: &Diagnostics) -> Result<ExitCode, Failure> {
    let inputs = input::read_paths(&args.paths)?;
    let mut runs = Vec::new();
    for input in inputs {
        for loaded in input.runs {
            for w in &loaded.warnings {
                diag.warn(format!("{}: {w}", input.label));
            }
            runs.push(loaded.run);
        }
    }
    let options = Options {
        metric: args.metric,
        stat: args.stat,
        ..Options::default()
    };
    let result = trend::analyze(&runs, &options)?;
    if result.series.is_empty() {
        diag.warn("no series: no run has the requested metric");
    }
    emit(
        &args.out,
        |colour| report::text::trend(&result, colour),
        || report::markdown::trend(&result),
        || report::json::render(&result),
    )?;
    Ok(ExitCode::SUCCESS)
}
