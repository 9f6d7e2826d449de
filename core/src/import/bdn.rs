//! BenchmarkDotNet's full JSON report (`--exporters json`, `JsonExporter.Full`:
//! `*-report-full.json`, and the same without indentation, `*-report-full-compressed.json`):
//! `{"Title", "HostEnvironmentInfo", "Benchmarks": [...]}`, times in ns.
//!
//! A benchmark is named by its `FullName` (`Namespace.Type.Method`, with its params in
//! parentheses when it has any); `Parameters` (`a=1&b=x`) become params. `time` (ns, per
//! operation) has as samples the `Measurements` of the workload's result stage
//! (`IterationMode` `Workload`, `IterationStage` `Result`: `Nanoseconds / Operations`), or, in a
//! report without them, `Statistics.OriginalValues`; the summary is BenchmarkDotNet's own
//! `Statistics`: `N`, `Mean`, `StandardDeviation`, `Median`, `Min`, `Max`, `P50`/`P90`/`P95`
//! of `Percentiles`, and `ConfidenceInterval` (its `Level`, an enum, as the level it names).
//! With the memory diagnoser, `Memory.BytesAllocatedPerOperation` is `alloc_bytes` (B, as Go's
//! `B/op`), and the GC counts stay under the benchmark's `extra`. The run's time is the one in
//! `Title` (`NAME-YYYYMMDD-HHMMSS`, local time read as UTC); `HostEnvironmentInfo` fills the
//! machine (`ProcessorName`, `OsVersion`, `LogicalCoreCount`), `BenchmarkDotNetVersion` is
//! the tool's version.

use std::collections::{BTreeMap, HashMap};

use serde::Deserialize;
use serde_json::{Map, Value};

use super::{json, metric, timestamp, unique_name, value_metric, Context, Draft, Format};
use crate::read::ReadErrorKind;
use crate::run::{Benchmark, Better, Machine, RunFile, Summary};

/// Whether a document's shape is BenchmarkDotNet's: a `HostEnvironmentInfo` object and a
/// `Benchmarks` array.
pub(crate) fn claims_shape(v: &Value) -> bool {
    v.get("HostEnvironmentInfo").is_some_and(Value::is_object)
        && v.get("Benchmarks").is_some_and(Value::is_array)
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct Report {
    title: Option<String>,
    #[serde(default)]
    host_environment_info: Host,
    benchmarks: Vec<Bench>,
}

#[derive(Deserialize, Default)]
#[serde(rename_all = "PascalCase")]
struct Host {
    benchmark_dot_net_version: Option<String>,
    os_version: Option<String>,
    processor_name: Option<String>,
    logical_core_count: Option<u32>,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct Bench {
    full_name: Option<String>,
    namespace: Option<String>,
    #[serde(rename = "Type")]
    type_name: Option<String>,
    method: Option<String>,
    #[serde(default)]
    parameters: Option<String>,
    statistics: Option<Statistics>,
    memory: Option<Memory>,
    #[serde(default)]
    measurements: Vec<Measurement>,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct Statistics {
    #[serde(default)]
    original_values: json::Numbers,
    #[serde(rename = "N")]
    n: Option<u64>,
    mean: Option<f64>,
    standard_deviation: Option<f64>,
    median: Option<f64>,
    min: Option<f64>,
    max: Option<f64>,
    #[serde(default)]
    percentiles: BTreeMap<String, Option<f64>>,
    confidence_interval: Option<Interval>,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct Interval {
    level: Option<u32>,
    lower: Option<f64>,
    upper: Option<f64>,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct Memory {
    bytes_allocated_per_operation: Option<f64>,
    #[serde(flatten)]
    rest: Map<String, Value>,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct Measurement {
    iteration_mode: Option<String>,
    iteration_stage: Option<String>,
    operations: Option<f64>,
    nanoseconds: Option<f64>,
}

/// BenchmarkDotNet's `ConfidenceLevel` enum, in its order (`L50` is 0, `L999` is 12).
const LEVELS: [f64; 14] = [
    0.5, 0.7, 0.75, 0.8, 0.85, 0.9, 0.92, 0.95, 0.96, 0.97, 0.98, 0.99, 0.999, 0.9999,
];

/// The run's time from a title `NAME-YYYYMMDD-HHMMSS`.
fn title_time(title: &str) -> Option<String> {
    let mut parts = title.rsplitn(3, '-');
    let time = parts.next()?;
    let date = parts.next()?;
    let digits = |s: &str, n: usize| s.len() == n && s.bytes().all(|b| b.is_ascii_digit());
    if !digits(time, 6) || !digits(date, 8) {
        return None;
    }
    timestamp(&format!(
        "{}-{}-{}T{}:{}:{}",
        &date[..4],
        &date[4..6],
        &date[6..],
        &time[..2],
        &time[2..4],
        &time[4..]
    ))
}

pub(crate) fn import(ctx: &Context) -> Result<Draft, ReadErrorKind> {
    let report: Report = json::parse_lenient(ctx.file.bytes)?;
    let mut run = RunFile::new(ctx.stem(), ctx.fallback_timestamp);
    let mut warnings = Vec::new();
    let mut seen = HashMap::new();
    for (i, b) in report.benchmarks.into_iter().enumerate() {
        let name = b
            .full_name
            .clone()
            .or_else(|| {
                let parts: Vec<&str> = [&b.namespace, &b.type_name, &b.method]
                    .into_iter()
                    .filter_map(|p| p.as_deref())
                    .collect();
                (!parts.is_empty()).then(|| parts.join("."))
            })
            .ok_or_else(|| {
                ReadErrorKind::Invalid(format!(
                    "`Benchmarks[{i}]` has no `FullName` (nor `Type` and `Method`)"
                ))
            })?;
        let params: BTreeMap<String, String> = b
            .parameters
            .as_deref()
            .unwrap_or("")
            .split('&')
            .filter_map(|p| p.split_once('='))
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        let mut samples: Vec<f64> = b
            .measurements
            .iter()
            .filter(|m| {
                m.iteration_mode.as_deref() == Some("Workload")
                    && m.iteration_stage.as_deref() == Some("Result")
            })
            .filter_map(|m| match (m.nanoseconds, m.operations) {
                (Some(ns), Some(ops)) if ops > 0.0 => Some(ns / ops),
                _ => None,
            })
            .collect();
        let mut summary = None;
        if let Some(s) = b.statistics {
            if samples.is_empty() {
                samples = s.original_values.0;
            }
            let pct = |k: &str| s.percentiles.get(k).copied().flatten();
            let ci = s.confidence_interval.as_ref();
            summary = Some(Summary {
                n: s.n,
                mean: s.mean,
                stddev: s.standard_deviation,
                median: s.median,
                min: s.min,
                max: s.max,
                p50: pct("P50"),
                p90: pct("P90"),
                p95: pct("P95"),
                ci_lower: ci.and_then(|c| c.lower),
                ci_upper: ci.and_then(|c| c.upper),
                ci_level: ci
                    .and_then(|c| c.level)
                    .and_then(|l| LEVELS.get(l as usize).copied()),
                ..Summary::default()
            });
        }
        let time = metric("ns", Better::Lower, samples, summary);
        if time.samples.is_empty() && time.summary.is_none() {
            warnings.push(format!(
                "\"{name}\" has no statistics nor measurements (it failed to run?)"
            ));
            continue;
        }
        let mut metrics = BTreeMap::from([("time".to_string(), time)]);
        let mut extra = None;
        if let Some(memory) = b.memory {
            if let Some(bytes) = memory.bytes_allocated_per_operation {
                metrics.insert(
                    "alloc_bytes".to_string(),
                    value_metric("B", Better::Lower, bytes),
                );
            }
            if !memory.rest.is_empty() {
                extra = Some(Map::from_iter([(
                    "memory".to_string(),
                    Value::Object(memory.rest),
                )]));
            }
        }
        run.benchmarks.push(Benchmark {
            name: unique_name(&mut seen, &name),
            params,
            metrics,
            extra,
            timeline: None,
        });
    }
    if run.benchmarks.is_empty() {
        return Err(ReadErrorKind::Invalid(
            "no benchmark with statistics or measurements in `Benchmarks`".to_string(),
        ));
    }
    if let Some(time) = report.title.as_deref().and_then(title_time) {
        run.run.timestamp = time;
    }
    let host = report.host_environment_info;
    let machine = Machine {
        hostname: None,
        os: host.os_version,
        cpu: host.processor_name,
        cores: host.logical_core_count,
        memory_bytes: None,
    };
    if machine != Machine::default() {
        run.run.machine = Some(machine);
    }
    Ok(Draft {
        run,
        warnings,
        format: Format::BenchmarkDotNet,
        tool_version: host.benchmark_dot_net_version,
    })
}
