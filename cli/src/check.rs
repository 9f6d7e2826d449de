//! `benchdash check RUN`: the absolute limits of a thresholds file on one run.

use std::path::PathBuf;
use std::process::ExitCode;

use benchdash_core::compare::{self, LimitStatus};
use benchdash_core::report;

use crate::compare::{emit, load_thresholds, FailOn, OutputArgs};
use crate::{input, Diagnostics, Failure};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The run to check (a run file, or anything the importers read).
    #[arg(value_name = "RUN")]
    run: PathBuf,
    /// The thresholds file (TOML) with the `[[limit]]` entries.
    #[arg(long, value_name = "FILE")]
    thresholds: Option<PathBuf>,
    /// The status from which the exit code is 1.
    #[arg(long, value_enum, default_value = "fail")]
    fail_on: FailOn,
    #[command(flatten)]
    out: OutputArgs,
}

pub fn run(args: Args, diag: &Diagnostics) -> Result<ExitCode, Failure> {
    let thresholds = load_thresholds(args.thresholds.as_deref())?;
    if thresholds.limits.is_empty() {
        diag.warn("no limits to check (pass a thresholds file with [[limit]] entries)");
    }
    let (label, loaded) = input::read_one(&args.run)?;
    for w in &loaded.warnings {
        diag.warn(format!("{label}: {w}"));
    }
    let result = compare::check(&loaded.run, &thresholds)?;
    for l in result
        .limits
        .iter()
        .filter(|l| l.status == LimitStatus::NoData)
    {
        diag.warn(format!("no data: {}", l.message));
    }
    emit(
        &args.out,
        |colour| report::text::check(&result, colour),
        || report::markdown::check(&result),
        || report::json::render(&result),
    )?;
    Ok(args.fail_on.exit_code(result.status))
}
