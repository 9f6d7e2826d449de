//! `benchdash export`: a run (any importable input) in another tool's format.

use std::path::PathBuf;
use std::process::ExitCode;

use benchdash_core::export::{export, timeline_csv, ExportFormat};

use crate::{input, output, Diagnostics, Failure};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The run: a run file, or anything `benchdash import` reads that holds one run.
    #[arg(value_name = "RUN")]
    run: PathBuf,
    /// The format to write.
    #[arg(long, value_name = "FORMAT", value_parser = ExportFormat::NAMES)]
    to: String,
    /// With `--to csv`: every benchmark's timeline, one row per window and series, instead
    /// of the metrics.
    #[arg(long)]
    timeline: bool,
    /// Write here (atomically) instead of to standard output.
    #[arg(short, long, value_name = "FILE")]
    output: Option<PathBuf>,
}

pub fn run(args: Args, diag: &Diagnostics) -> Result<ExitCode, Failure> {
    let format = ExportFormat::parse(&args.to).expect("clap checked the name");
    let (label, loaded) = input::read_one(&args.run)?;
    for warning in &loaded.warnings {
        diag.warn(format!("{label}: {warning}"));
    }
    if args.timeline {
        if format != ExportFormat::Csv {
            return Err(Failure(format!(
                "--timeline writes CSV only: use --to csv, not --to {}",
                args.to
            )));
        }
        let Some(text) = timeline_csv(&loaded.run) else {
            return Err(Failure(format!(
                "{label}: no benchmark of this run has a timeline (simulations of scenarios with a rate pattern, an outage or a breaker record one)"
            )));
        };
        output::emit(args.output.as_deref(), &text)?;
        return Ok(ExitCode::SUCCESS);
    }
    let exported = export(&loaded.run, format);
    output::emit(args.output.as_deref(), &exported.text)?;
    if exported.skipped > 0 {
        let other = match format {
            ExportFormat::GithubBiggerIsBetter => "customSmallerIsBetter",
            _ => "customBiggerIsBetter",
        };
        diag.note(format!(
            "{} metric(s) of the other direction were left out: export them with --to {other}",
            exported.skipped
        ));
    }
    Ok(ExitCode::SUCCESS)
}
