//! `benchdash simulate`: runs the orchestrator simulation (core's `sim`) on presets and
//! scenario files into one run file; with neither, the default suite (every preset).
//! The CLI owns what core may not: reading scenario files, the clock for `run.timestamp`,
//! and the progress bar (only on a terminal, never with `--quiet`).

use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;

use benchdash_core::write;
use benchdash_sim::{presets, Scenario, Simulation};
use time::format_description::well_known::Rfc3339;
use time::OffsetDateTime;

use crate::{output, Diagnostics, Failure};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// A preset by name (see `benchdash presets`); repeatable.
    #[arg(long, value_name = "NAME")]
    preset: Vec<String>,
    /// A scenario file (TOML, see docs/simulation.md); repeatable.
    #[arg(long, value_name = "FILE")]
    scenario: Vec<PathBuf>,
    /// Seed for every scenario, instead of each scenario's own.
    #[arg(long, value_name = "N")]
    seed: Option<u64>,
    /// The run's name (default: "simulation" and what was simulated).
    #[arg(long)]
    name: Option<String>,
    /// Write the run here (atomically) instead of to standard output.
    #[arg(short, long, value_name = "FILE")]
    output: Option<PathBuf>,
    /// The dashboard's first-visit story instead: 30 nightly runs, a day apart and ending now,
    /// with a slower tool from night 20 and fewer speculation hits on the last night
    /// (docs/dashboard.md), as a `.jsonl` history.
    #[arg(long, conflicts_with_all = ["preset", "scenario", "seed", "name"])]
    story: bool,
}

/// Events per step between progress updates.
const STEP: u64 = 200_000;

pub fn run(args: Args, diag: &Diagnostics) -> Result<ExitCode, Failure> {
    if args.story {
        return story(&args, diag);
    }
    let mut scenarios = Vec::new();
    for name in &args.preset {
        let preset = presets::find(name).ok_or_else(|| {
            let known: Vec<&str> = presets::PRESETS.iter().map(|p| p.name).collect();
            Failure(format!(
                "no preset named `{name}` (known: {})",
                known.join(", ")
            ))
        })?;
        scenarios.push(presets::scenario(preset));
    }
    for path in &args.scenario {
        let label = path.display().to_string();
        let text = std::fs::read_to_string(path)
            .map_err(|e| Failure(format!("{label}: cannot read: {e}")))?;
        scenarios.push(Scenario::parse(&label, &text)?);
    }
    let suite = scenarios.is_empty();
    if suite {
        scenarios = presets::all();
    }
    let mut seen = std::collections::BTreeSet::new();
    for s in &scenarios {
        if !seen.insert(s.name.clone()) {
            return Err(Failure(format!(
                "two scenarios are named `{}`; benchmark names must be unique in a run",
                s.name
            )));
        }
    }
    let name = args.name.clone().unwrap_or_else(|| {
        if suite {
            "simulation: default suite".to_string()
        } else {
            format!(
                "simulation: {}",
                scenarios
                    .iter()
                    .map(|s| s.name.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            )
        }
    });
    let mut sim = Simulation::suite(&scenarios, args.seed);
    let bar = (!diag.quiet && std::io::stderr().is_terminal()).then(|| {
        let bar = indicatif::ProgressBar::new(1000);
        bar.set_style(
            indicatif::ProgressStyle::with_template(
                "simulating {bar:40} {percent:>3}% {msg} ({elapsed})",
            )
            .expect("a valid template"),
        );
        bar
    });
    loop {
        let progress = sim.advance(STEP);
        if let Some(bar) = &bar {
            bar.set_position((progress.fraction * 1000.0) as u64);
            bar.set_message(format!("{} events", progress.events));
        }
        if progress.done {
            break;
        }
    }
    if let Some(bar) = bar {
        bar.finish_and_clear();
    }
    let events = sim.progress().events;
    let timestamp = now();
    let run = sim.finish(&name, &timestamp);
    output::emit(args.output.as_deref(), &write::to_json(&run))?;
    diag.note(format!(
        "simulated {} benchmark(s) from {} scenario(s), {events} events{}",
        run.benchmarks.len(),
        scenarios.len(),
        args.output
            .as_ref()
            .map(|p| format!(", into {}", p.display()))
            .unwrap_or_default()
    ));
    Ok(ExitCode::SUCCESS)
}

/// The run's timestamp: now, to the second, in RFC 3339.
fn now() -> String {
    OffsetDateTime::now_utc()
        .replace_nanosecond(0)
        .expect("0 is a valid nanosecond")
        .format(&Rfc3339)
        .expect("the current time formats as RFC 3339")
}

/// `--story`: the first visit's nightly runs, as a `.jsonl` history.
fn story(args: &Args, diag: &Diagnostics) -> Result<ExitCode, Failure> {
    let story = benchdash_sim::story::Story::new(&now()).expect("now is an RFC 3339 time");
    let runs = story.finish();
    let history: String = runs.iter().map(write::to_jsonl_line).collect();
    output::emit(args.output.as_deref(), &history)?;
    diag.note(format!(
        "simulated the story: {} nightly runs{}",
        runs.len(),
        args.output
            .as_ref()
            .map(|p| format!(", into {}", p.display()))
            .unwrap_or_default()
    ));
    Ok(ExitCode::SUCCESS)
}
