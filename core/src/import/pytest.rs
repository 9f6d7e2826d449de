//! pytest-benchmark's `--benchmark-json` output and its saved `.benchmarks/…/NNNN_*.json`
//! files (the same document), old (2.5) and new. Times are in seconds.
//!
//! `stats` becomes the summary of `time` (`rounds` is n), `data` (with
//! `--benchmark-save-data`) its samples, `stats.ops` a `throughput` in ops/s; a `group` prefixes
//! the name; `params` become params; `machine_info` and `commit_info` fill the run's machine
//! and git fields; `datetime` is the run's time.

use std::collections::{BTreeMap, HashMap};

use serde::Deserialize;
use serde_json::Value;

use super::{json, metric, timestamp, unique_name, Context, Draft, Format};
use crate::read::ReadErrorKind;
use crate::run::{Benchmark, Better, Git, Machine, Metric, RunFile, Summary};

#[derive(Deserialize)]
pub(super) struct Export {
    #[serde(default)]
    machine_info: Option<Value>,
    #[serde(default)]
    commit_info: Option<Value>,
    benchmarks: Vec<Bench>,
    datetime: Option<String>,
    version: Option<String>,
}

#[derive(Deserialize)]
struct Bench {
    group: Option<String>,
    name: String,
    #[serde(default)]
    params: Option<BTreeMap<String, Value>>,
    stats: Stats,
    #[serde(default)]
    extra_info: Option<serde_json::Map<String, Value>>,
}

#[derive(Deserialize)]
struct Stats {
    min: Option<f64>,
    max: Option<f64>,
    mean: Option<f64>,
    stddev: Option<f64>,
    median: Option<f64>,
    rounds: Option<u64>,
    ops: Option<f64>,
    /// Samples (with `--benchmark-save-data`); anything that is not a number is skipped.
    #[serde(default)]
    data: json::Numbers,
}

fn text(v: Option<&Value>) -> Option<String> {
    v.and_then(Value::as_str)
        .map(str::to_string)
        .filter(|s| !s.is_empty())
}

pub(crate) fn import(ctx: &Context) -> Result<Draft, ReadErrorKind> {
    let export: Export = json::parse_lenient(ctx.file.bytes)?;
    let time = export
        .datetime
        .as_deref()
        .and_then(timestamp)
        .unwrap_or_else(|| ctx.fallback_timestamp.to_string());
    let mut run = RunFile::new(ctx.stem(), time);
    if let Some(m) = &export.machine_info {
        let cpu = m.get("cpu");
        run.run.machine = Some(Machine {
            hostname: text(m.get("node")),
            os: match (text(m.get("system")), text(m.get("release"))) {
                (Some(s), Some(r)) => Some(format!("{s} {r}")),
                (s, _) => s,
            },
            cpu: text(cpu.and_then(|c| c.get("brand_raw")))
                .or_else(|| text(cpu.and_then(|c| c.get("brand"))))
                .or_else(|| text(m.get("processor"))),
            cores: cpu
                .and_then(|c| c.get("count"))
                .and_then(Value::as_u64)
                .map(|c| c as u32),
            memory_bytes: None,
        });
    }
    if let Some(c) = &export.commit_info {
        run.run.git = Some(Git {
            commit: text(c.get("id")),
            branch: text(c.get("branch")),
            dirty: c.get("dirty").and_then(Value::as_bool),
        });
    }
    let mut seen = HashMap::new();
    for b in export.benchmarks {
        let full = match &b.group {
            Some(group) if !group.is_empty() => format!("{group}/{}", b.name),
            _ => b.name.clone(),
        };
        let name = unique_name(&mut seen, &full);
        let s = b.stats;
        let summary = Summary {
            n: s.rounds,
            mean: s.mean,
            stddev: s.stddev,
            median: s.median,
            min: s.min,
            max: s.max,
            ..Summary::default()
        };
        let mut metrics = BTreeMap::new();
        let data = s.data.0;
        if let Some(ops) = s.ops {
            metrics.insert("throughput".to_string(), throughput(ops, &summary));
        }
        metrics.insert(
            "time".to_string(),
            metric("s", Better::Lower, data, Some(summary)),
        );
        run.benchmarks.push(Benchmark {
            timeline: None,
            name,
            params: b
                .params
                .unwrap_or_default()
                .iter()
                .map(|(k, v)| (k.clone(), json::display(v)))
                .collect(),
            metrics,
            extra: b.extra_info.filter(|e| !e.is_empty()),
        });
    }
    Ok(Draft {
        run,
        warnings: Vec::new(),
        format: Format::PytestBenchmark,
        tool_version: export.version,
    })
}

/// pytest-benchmark's `ops` (1 / mean time) with the evidence of the time it is derived from,
/// so that its verdict cannot contradict the time's: the rounds, and the standard deviation
/// carried over by the delta method (sd_ops ≈ ops · sd_t / mean_t), for Welch's test on
/// summaries. Not one rate per saved round: that would double what a run with `data` holds
/// (and the dashboard's work on it) for a test that says the same to first order.
fn throughput(ops: f64, time: &Summary) -> Metric {
    let stddev = match (time.stddev, time.mean) {
        (Some(sd), Some(mean)) if mean > 0.0 => Some(ops * sd / mean),
        _ => None,
    };
    let summary = Summary {
        n: time.n,
        mean: Some(ops),
        stddev,
        ..Summary::default()
    };
    metric("ops/s", Better::Higher, Vec::new(), Some(summary))
}
