//! `benchdash export`: a run (any importable input) in another tool's format.

use std::path::PathBuf;
use std::process::ExitCode;

use benchdash_core::export::{export, ExportFormat};

use crate::{input, output, Diagnostics, Failure};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The run: a run file, or anything `benchdash import` reads that holds one run.
    #[arg(value_name = "RUN")]
    run: PathBuf,
    /// The format to write.
    #[arg(long, value_name = "FORMAT", value_parser = ExportFormat::NAMES)]
    to: String,
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
