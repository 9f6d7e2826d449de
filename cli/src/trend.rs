//! `benchdash trend PATH...`: a history in timestamp order, with its change points; the exit
//! code says whether a change point in the newest runs is a regression beyond the policy
//! (`--fail-on`, as `compare`'s).

use std::path::PathBuf;
use std::process::ExitCode;

use benchdash_core::report;
use benchdash_core::stats::Stat;
use benchdash_core::trend::{self, Options};

use crate::compare::{emit, load_thresholds, parse_stat, FailOn, OutputArgs};
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
    /// The thresholds file (TOML): each series' policy (its `noise`, `warn` and `fail`).
    #[arg(long, value_name = "FILE")]
    thresholds: Option<PathBuf>,
    /// The status from which the exit code is 1: a change point in the newest runs that is a
    /// regression beyond the policy's `warn` or `fail`.
    #[arg(long, value_enum, default_value = "fail")]
    fail_on: FailOn,
    #[command(flatten)]
    out: OutputArgs,
}

pub fn run(args: Args, diag: &Diagnostics) -> Result<ExitCode, Failure> {
    let thresholds = load_thresholds(args.thresholds.as_deref())?;
    let runs = input::read_runs(&args.paths, diag)?;
    let options = Options {
        metric: args.metric,
        stat: args.stat,
        ..Options::default()
    };
    let result = trend::analyze_with(&runs, &options, &thresholds)?;
    if result.series.is_empty() {
        diag.warn("no series: no run has the requested metric");
    }
    emit(
        &args.out,
        |colour| report::text::trend(&result, colour),
        || report::markdown::trend(&result),
        || report::json::render(&result),
    )?;
    let recent = result.recent_regressions(&thresholds, &options.changepoint, None);
    for r in &recent {
        diag.warn(report::text::recent_regression(r));
    }
    Ok(args.fail_on.exit_code(trend::worst(&recent)))
}
