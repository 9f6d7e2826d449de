//! hyperfine's `--export-json`: one benchmark per command, times in seconds.
//!
//! `times` become the samples of `time`; `user` and `system` become `user_time` and
//! `system_time`; `memory_usage_byte` (newer hyperfine) becomes `memory`; `parameters` become
//! params. Runs that exited non-zero are reported as a warning and an `error_rate`, not hidden.

use std::collections::{BTreeMap, HashMap};

use serde::Deserialize;

use super::{json, metric, unique_name, value_metric, Context, Draft, Format};
use crate::read::ReadErrorKind;
use crate::run::{Benchmark, Better, RunFile, Summary};

#[derive(Deserialize)]
pub(super) struct Export {
    results: Vec<Command>,
}

#[derive(Deserialize)]
struct Command {
    command: String,
    mean: Option<f64>,
    stddev: Option<f64>,
    median: Option<f64>,
    user: Option<f64>,
    system: Option<f64>,
    min: Option<f64>,
    max: Option<f64>,
    #[serde(default)]
    times: Vec<Option<f64>>,
    #[serde(default)]
    exit_codes: Vec<Option<i64>>,
    #[serde(default)]
    parameters: BTreeMap<String, serde_json::Value>,
    #[serde(default)]
    memory_usage_byte: Vec<Option<f64>>,
}

pub(crate) fn import(ctx: &Context) -> Result<Draft, ReadErrorKind> {
    let export: Export = json::parse_lenient(ctx.file.bytes)?;
    let mut run = RunFile::new(ctx.stem(), ctx.fallback_timestamp);
    let mut warnings = Vec::new();
    let mut seen = HashMap::new();
    for c in export.results {
        let name = unique_name(&mut seen, &c.command);
        let mut metrics = BTreeMap::new();
        let summary = Summary {
            mean: c.mean,
            stddev: c.stddev,
            median: c.median,
            min: c.min,
            max: c.max,
            ..Summary::default()
        };
        let times: Vec<f64> = c.times.into_iter().flatten().collect();
        metrics.insert(
            "time".to_string(),
            metric("s", Better::Lower, times, Some(summary)),
        );
        if let Some(user) = c.user {
            metrics.insert(
                "user_time".to_string(),
                value_metric("s", Better::Lower, user),
            );
        }
        if let Some(system) = c.system {
            metrics.insert(
                "system_time".to_string(),
                value_metric("s", Better::Lower, system),
            );
        }
        let memory: Vec<f64> = c.memory_usage_byte.into_iter().flatten().collect();
        if !memory.is_empty() {
            metrics.insert(
                "memory".to_string(),
                metric("B", Better::Lower, memory, None),
            );
        }
        if !c.exit_codes.is_empty() {
            let failed = c.exit_codes.iter().filter(|code| **code != Some(0)).count();
            if failed > 0 {
                warnings.push(format!(
                    "benchmark \"{name}\": {failed} of {} runs exited non-zero",
                    c.exit_codes.len()
                ));
            }
            let rate = failed as f64 / c.exit_codes.len() as f64;
            metrics.insert(
                "error_rate".to_string(),
                value_metric("ratio", Better::Lower, rate),
            );
        }
        run.benchmarks.push(Benchmark {
            timeline: None,
            name,
            params: c
                .parameters
                .iter()
                .map(|(k, v)| (k.clone(), json::display(v)))
                .collect(),
            metrics,
            extra: None,
        });
    }
    Ok(Draft {
        run,
        warnings,
        format: Format::Hyperfine,
        tool_version: None,
    })
}
