//! `benchdash compare BASELINE CANDIDATE`: per benchmark and metric, the change, its interval,
//! the p-value, the verdict and the status, plus the limits on the candidate.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use benchdash_core::compare::{self, Status};
use benchdash_core::report::{self, Format};
use benchdash_core::run::RunFile;
use benchdash_core::stats::Stat;
use benchdash_core::thresholds::Thresholds;
use rayon::prelude::*;

use crate::{input, output, Diagnostics, Failure};

/// How the result is printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum FormatArg {
    Text,
    Json,
    Markdown,
}

impl From<FormatArg> for Format {
    fn from(f: FormatArg) -> Format {
        match f {
            FormatArg::Text => Format::Text,
            FormatArg::Json => Format::Json,
            FormatArg::Markdown => Format::Markdown,
        }
    }
}

/// The status from which the exit code is 1.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum FailOn {
    Warn,
    Fail,
    Never,
}

impl FailOn {
    /// Exit code 1 when `status` reaches this level, else 0.
    pub fn exit_code(self, status: Status) -> ExitCode {
        let reached = match self {
            FailOn::Warn => status >= Status::Warn,
            FailOn::Fail => status >= Status::Fail,
            FailOn::Never => false,
        };
        if reached {
            ExitCode::from(1)
        } else {
            ExitCode::SUCCESS
        }
    }
}

/// Options shared by `compare`, `check` and `trend`.
#[derive(Debug, clap::Args)]
pub struct OutputArgs {
    /// Output format.
    #[arg(long, value_enum, default_value = "text")]
    pub format: FormatArg,
    /// Write the report here (atomically) instead of to standard output.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

impl OutputArgs {
    /// Colours only for text on a terminal, and never with NO_COLOR set (no-color.org).
    fn colour(&self) -> bool {
        self.format == FormatArg::Text
            && self.output.is_none()
            && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
            && std::io::stdout().is_terminal()
    }
}

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The run to compare against (a run file, or anything the importers read).
    #[arg(value_name = "BASELINE")]
    baseline: PathBuf,
    /// The run being judged.
    #[arg(value_name = "CANDIDATE")]
    candidate: PathBuf,
    /// The thresholds file (TOML): regression policy and limits. Defaults apply without one.
    #[arg(long, value_name = "FILE")]
    thresholds: Option<PathBuf>,
    /// The stat to compare: mean median min max stddev cv value or pNN (overrides the file).
    #[arg(long, value_name = "STAT", value_parser = parse_stat)]
    stat: Option<Stat>,
    /// Earlier runs (a run file, a `.jsonl` history or a folder; repeat for more): each
    /// metric is judged against its run-to-run noise in the runs made before the candidate.
    #[arg(long, value_name = "PATH")]
    history: Vec<PathBuf>,
    /// The status from which the exit code is 1.
    #[arg(long, value_enum, default_value = "fail")]
    fail_on: FailOn,
    #[command(flatten)]
    out: OutputArgs,
}

pub fn parse_stat(text: &str) -> Result<Stat, String> {
    text.parse()
        .map_err(|e: benchdash_core::stats::StatError| e.to_string())
}

/// Reads the thresholds file, or the defaults without one.
pub fn load_thresholds(path: Option<&Path>) -> Result<Thresholds, Failure> {
    match path {
        None => Ok(Thresholds::default()),
        Some(path) => {
            let label = path.display().to_string();
            let text = std::fs::read_to_string(path)
                .map_err(|e| Failure(format!("{label}: cannot read: {e}")))?;
            Ok(Thresholds::parse(&label, &text)?)
        }
    }
}

/// Renders a report in the chosen format and writes it.
pub fn emit(
    out: &OutputArgs,
    text: impl FnOnce(bool) -> String,
    markdown: impl FnOnce() -> String,
    json: impl FnOnce() -> String,
) -> Result<(), Failure> {
    let rendered = match Format::from(out.format) {
        Format::Text => text(out.colour()),
        Format::Markdown => markdown(),
        Format::Json => json(),
    };
    output::emit(out.output.as_deref(), &rendered)
}

/// `compare::compare_with_history` on the machine's cores (rayon's threads): the rows are
/// judged in parallel ([`compare::Rows`]), and then the bootstrap intervals that decide no
/// verdict are filled in. Each row is judged on its own and each interval is seeded by its
/// row's names, so the result is the same, bit for bit, however the work is split.
fn compare_in_parallel(
    baseline: &RunFile,
    candidate: &RunFile,
    history: &compare::History,
    thresholds: &Thresholds,
) -> Result<compare::Comparison, compare::CompareError> {
    let rows = compare::Rows::new(baseline, candidate, history, thresholds);
    let judged = (0..rows.len())
        .into_par_iter()
        .map(|i| rows.judge(i))
        .collect();
    let mut result = rows.finish(judged)?;
    result
        .rows
        .par_iter_mut()
        .filter(|r| r.interval_left_out)
        .for_each(|row| compare::fill_interval(row, baseline, candidate, thresholds));
    Ok(result)
}

pub fn run(args: Args, diag: &Diagnostics) -> Result<ExitCode, Failure> {
    let mut thresholds = load_thresholds(args.thresholds.as_deref())?;
    if let Some(stat) = args.stat {
        thresholds.force_stat(stat);
    }
    let ((base_label, baseline), (cand_label, candidate)) =
        input::read_two(&args.baseline, &args.candidate)?;
    for w in &baseline.warnings {
        diag.warn(format!("{base_label}: {w}"));
    }
    for w in &candidate.warnings {
        diag.warn(format!("{cand_label}: {w}"));
    }
    let earlier = input::read_runs(&args.history, diag)?;
    let history = compare::History::new(&earlier);
    let result = compare_in_parallel(&baseline.run, &candidate.run, &history, &thresholds)?;
    for l in result
        .limits
        .iter()
        .filter(|l| l.status == compare::LimitStatus::NoData)
    {
        diag.warn(format!("no data: {}", l.message));
    }
    emit(
        &args.out,
        |colour| report::text::comparison(&result, colour),
        || report::markdown::comparison(&result),
        || report::json::render(&result),
    )?;
    Ok(args.fail_on.exit_code(result.status))
}
