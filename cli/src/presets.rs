//! `benchdash presets`: the simulation's presets (the default suite), one line each.

use std::process::ExitCode;

use benchdash_sim::presets::PRESETS;

use crate::{Diagnostics, Failure};

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum Format {
    Text,
    Json,
}

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Output format.
    #[arg(long, value_enum, default_value = "text")]
    format: Format,
}

pub fn run(args: Args, _diag: &Diagnostics) -> Result<ExitCode, Failure> {
    let text = match args.format {
        Format::Text => {
            let width = PRESETS.iter().map(|p| p.name.len()).max().unwrap_or(0);
            PRESETS
                .iter()
                .map(|p| format!("{:width$}  {}\n", p.name, p.summary))
                .collect::<String>()
        }
        Format::Json => {
            let list: Vec<serde_json::Value> = PRESETS
                .iter()
                .map(|p| {
                    let s = benchdash_sim::presets::scenario(p);
                    serde_json::json!({
                        "name": p.name,
                        "summary": p.summary,
                        "description": s.description,
                        "benchmarks": s.points.iter().map(|pt| pt.benchmark.clone()).collect::<Vec<_>>(),
                    })
                })
                .collect();
            let mut t = serde_json::to_string_pretty(&list).expect("plain data serialises");
            t.push('\n');
            t
        }
    };
    print!("{text}");
    Ok(ExitCode::SUCCESS)
}
