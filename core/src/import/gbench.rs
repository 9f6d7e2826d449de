//! Google Benchmark's JSON (`--benchmark_format=json` or `--benchmark_out`).
//!
//! Repetitions of one benchmark (entries of `run_type` `iteration` sharing a `run_name`)
//! become the samples of one benchmark; aggregates (`mean`, `median`, `stddev`, `cv`, …) are
//! not benchmarks of their own, and are used only when a benchmark has no iteration entries
//! (`--benchmark_report_aggregates_only`). `real_time` is `time` and `cpu_time` is `cpu_time`,
//! in `time_unit`; `items_per_second` and `bytes_per_second` are `throughput` (items/s) and
//! `bytes_throughput` (B/s); any other number on an entry is a user counter and becomes a
//! metric of its own name. Errors (`error_occurred`) and skipped runs are reported as warnings
//! and contribute no numbers. `context` fills the run's machine and time.

use std::collections::BTreeMap;

use serde::Deserialize;
use serde_json::{Map, Value};

use super::{json, metric, timestamp, Context, Draft, Format};
use crate::read::ReadErrorKind;
use crate::run::{Benchmark, Better, Machine, RunFile, Summary};

#[derive(Deserialize)]
pub(super) struct Export {
    #[serde(default)]
    context: Map<String, Value>,
    benchmarks: Vec<Map<String, Value>>,
}

const KNOWN: [&str; 26] = [
    "name",
    "family_index",
    "per_family_instance_index",
    "run_name",
    "run_type",
    "repetitions",
    "repetition_index",
    "threads",
    "iterations",
    "real_time",
    "cpu_time",
    "time_unit",
    "aggregate_name",
    "aggregate_unit",
    "bytes_per_second",
    "items_per_second",
    "label",
    "error_occurred",
    "error_message",
    "skipped",
    "skip_message",
    "big_o",
    "rms",
    "complexity_n",
    "manual_time",
    "process_time",
];

#[derive(Default)]
struct Group {
    unit: String,
    real: Vec<f64>,
    cpu: Vec<f64>,
    items: Vec<f64>,
    bytes: Vec<f64>,
    counters: BTreeMap<String, Vec<f64>>,
    /// aggregate name ("" for an unnamed aggregate) → real time.
    aggregates: BTreeMap<String, f64>,
    threads: Option<u64>,
}

fn num(entry: &Map<String, Value>, key: &str) -> Option<f64> {
    entry.get(key).and_then(Value::as_f64)
}

fn unit_of(entry: &Map<String, Value>) -> Result<String, ReadErrorKind> {
    let unit = entry
        .get("time_unit")
        .and_then(Value::as_str)
        .unwrap_or("ns");
    match unit {
        "ns" | "us" | "ms" | "s" => Ok(unit.to_string()),
        other => Err(ReadErrorKind::Invalid(format!(
            "unknown time_unit \"{other}\""
        ))),
    }
}

pub(crate) fn import(ctx: &Context) -> Result<Draft, ReadErrorKind> {
    let export: Export = json::parse_lenient(ctx.file.bytes)?;
    let context = &export.context;
    let time = context
        .get("date")
        .and_then(Value::as_str)
        .and_then(timestamp)
        .unwrap_or_else(|| ctx.fallback_timestamp.to_string());
    let mut run = RunFile::new(ctx.stem(), time);
    run.run.machine = Some(Machine {
        hostname: context
            .get("host_name")
            .and_then(Value::as_str)
            .map(str::to_string),
        os: None,
        cpu: num(context, "mhz_per_cpu").map(|mhz| format!("{mhz} MHz")),
        cores: num(context, "num_cpus").map(|n| n as u32),
        memory_bytes: None,
    });
    let mut warnings = Vec::new();
    let mut order: Vec<String> = Vec::new();
    let mut groups: BTreeMap<String, Group> = BTreeMap::new();
    for (i, entry) in export.benchmarks.iter().enumerate() {
        let name = entry
            .get("run_name")
            .or_else(|| entry.get("name"))
            .and_then(Value::as_str)
            .ok_or_else(|| ReadErrorKind::Invalid(format!("`benchmarks[{i}]` has no name")))?
            .to_string();
        if entry.get("error_occurred").and_then(Value::as_bool) == Some(true) {
            let why = entry
                .get("error_message")
                .and_then(Value::as_str)
                .unwrap_or("no message");
            warnings.push(format!("benchmark \"{name}\" reported an error: {why}"));
            continue;
        }
        if entry
            .get("skipped")
            .is_some_and(|s| s.as_bool() == Some(true) || s.as_u64().is_some_and(|n| n > 0))
        {
            let why = entry
                .get("skip_message")
                .and_then(Value::as_str)
                .unwrap_or("no message");
            warnings.push(format!("benchmark \"{name}\" was skipped: {why}"));
            continue;
        }
        if !groups.contains_key(&name) {
            order.push(name.clone());
        }
        let group = groups.entry(name).or_default();
        group.unit = unit_of(entry)?;
        group.threads = entry.get("threads").and_then(Value::as_u64);
        let is_aggregate = entry.get("run_type").and_then(Value::as_str) == Some("aggregate");
        let real = num(entry, "real_time");
        if is_aggregate {
            let agg = entry
                .get("aggregate_name")
                .and_then(Value::as_str)
                .unwrap_or("");
            // Aggregates measured as percentages (cv) are not times.
            if entry.get("aggregate_unit").and_then(Value::as_str) != Some("percentage") {
                if let Some(real) = real {
                    group.aggregates.insert(agg.to_string(), real);
                }
            }
            continue;
        }
        group.real.extend(real);
        group.cpu.extend(num(entry, "cpu_time"));
        group.items.extend(num(entry, "items_per_second"));
        group.bytes.extend(num(entry, "bytes_per_second"));
        for (key, value) in entry {
            if KNOWN.contains(&key.as_str()) {
                continue;
            }
            if let Some(x) = value.as_f64() {
                group.counters.entry(key.clone()).or_default().push(x);
            }
        }
    }
    for name in order {
        let g = groups
            .remove(&name)
            .expect("every name in order has a group");
        let mut metrics = BTreeMap::new();
        if !g.real.is_empty() {
            metrics.insert("time".into(), metric(&g.unit, Better::Lower, g.real, None));
            if !g.cpu.is_empty() {
                metrics.insert(
                    "cpu_time".into(),
                    metric(&g.unit, Better::Lower, g.cpu, None),
                );
            }
        } else if !g.aggregates.is_empty() {
            let summary = Summary {
                mean: g
                    .aggregates
                    .get("mean")
                    .or_else(|| g.aggregates.get(""))
                    .copied(),
                median: g.aggregates.get("median").copied(),
                stddev: g.aggregates.get("stddev").copied(),
                ..Summary::default()
            };
            metrics.insert(
                "time".into(),
                metric(&g.unit, Better::Lower, Vec::new(), Some(summary)),
            );
        }
        if !g.items.is_empty() {
            metrics.insert(
                "throughput".into(),
                metric("items/s", Better::Higher, g.items, None),
            );
        }
        if !g.bytes.is_empty() {
            metrics.insert(
                "bytes_throughput".into(),
                metric("B/s", Better::Higher, g.bytes, None),
            );
        }
        for (counter, values) in g.counters {
            let better = super::better_for_unit(&counter);
            metrics.insert(counter, metric("count", better, values, None));
        }
        if metrics.is_empty() {
            warnings.push(format!(
                "benchmark \"{name}\" has no time (complexity aggregates such as BigO and RMS are not imported)"
            ));
            continue;
        }
        let mut params = BTreeMap::new();
        if let Some(threads) = g.threads {
            params.insert("threads".to_string(), threads.to_string());
        }
        run.benchmarks.push(Benchmark {
            timeline: None,
            name,
            params,
            metrics,
            extra: None,
        });
    }
    Ok(Draft {
        run,
        warnings,
        format: Format::GoogleBenchmark,
        tool_version: context
            .get("library_version")
            .and_then(Value::as_str)
            .map(str::to_string),
    })
}
