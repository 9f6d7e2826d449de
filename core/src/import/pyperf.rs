//! pyperf's JSON (`python -m pyperf timeit … -o FILE`, a `pyperf.Runner` script's `-o FILE`,
//! pyperformance's results): `{"version", "metadata", "benchmarks": [{"metadata", "runs"}]}`,
//! one file for one benchmark or a suite of many.
//!
//! Metadata is inherited: the file's, then the benchmark's (a one-benchmark file keeps even
//! the name and the unit at the top). A benchmark's `name` is its name; the values of all its
//! runs (not the warm-ups, nor the calibration runs, which have none) are the samples of one
//! metric: `time` in s for the unit `second`, `memory` in B for `byte`, `value` (count) for
//! `integer`. `loops` becomes a param. The run's time is the earliest run's `date` (local time
//! without a zone, read as UTC); `hostname`, `cpu_model_name`, `cpu_count` and `platform` fill
//! the machine; `perf_version` is the tool's version.

use std::collections::{BTreeMap, HashMap};

use serde::Deserialize;
use serde_json::{Map, Value};

use super::{json, metric, timestamp, unique_name, Context, Draft, Format};
use crate::read::ReadErrorKind;
use crate::run::{Benchmark, Better, Machine, RunFile};

/// Whether a document's shape is pyperf's: a `version` string and `benchmarks`, each with
/// `runs`.
pub(crate) fn claims_shape(v: &Value) -> bool {
    v.get("version").is_some_and(Value::is_string)
        && v.get("benchmarks")
            .and_then(Value::as_array)
            .is_some_and(|b| {
                !b.is_empty() && b.iter().all(|b| b.get("runs").is_some_and(Value::is_array))
            })
}

#[derive(Deserialize)]
struct Export {
    #[serde(default)]
    metadata: Map<String, Value>,
    benchmarks: Vec<Bench>,
}

#[derive(Deserialize)]
struct Bench {
    #[serde(default)]
    metadata: Map<String, Value>,
    runs: Vec<Run>,
}

#[derive(Deserialize)]
struct Run {
    #[serde(default)]
    metadata: Map<String, Value>,
    #[serde(default)]
    values: json::Numbers,
}

fn text(meta: &Map<String, Value>, key: &str) -> Option<String> {
    meta.get(key).and_then(Value::as_str).map(str::to_string)
}

pub(crate) fn import(ctx: &Context) -> Result<Draft, ReadErrorKind> {
    let export: Export = json::parse_lenient(ctx.file.bytes)?;
    let top = &export.metadata;
    let mut earliest: Option<String> = None;
    let mut run = RunFile::new(ctx.stem(), ctx.fallback_timestamp);
    let mut warnings = Vec::new();
    let mut seen = HashMap::new();
    for (i, bench) in export.benchmarks.into_iter().enumerate() {
        // The benchmark's metadata over the file's.
        let mut meta = top.clone();
        meta.extend(bench.metadata);
        let name = text(&meta, "name").ok_or_else(|| {
            ReadErrorKind::Invalid(format!("`benchmarks[{i}]` has no `name` in its metadata"))
        })?;
        let unit = text(&meta, "unit").unwrap_or_else(|| "second".to_string());
        let (metric_name, unit) = match unit.as_str() {
            "second" => ("time", "s"),
            "byte" => ("memory", "B"),
            "integer" => ("value", "count"),
            other => {
                return Err(ReadErrorKind::Invalid(format!(
                    "benchmark \"{name}\": unknown unit \"{other}\" (pyperf writes second, byte or integer)"
                )))
            }
        };
        let mut samples = Vec::new();
        for r in bench.runs {
            if let Some(date) = r
                .metadata
                .get("date")
                .and_then(Value::as_str)
                .and_then(timestamp)
            {
                let earlier = earliest.as_ref().is_none_or(|e| {
                    crate::read::parse_timestamp(&date) < crate::read::parse_timestamp(e)
                });
                if earlier {
                    earliest = Some(date);
                }
            }
            samples.extend(r.values.0);
        }
        if samples.is_empty() {
            warnings.push(format!(
                "benchmark \"{name}\" has no values (only calibration or warm-up runs)"
            ));
            continue;
        }
        let mut params = BTreeMap::new();
        if let Some(loops) = meta.get("loops").and_then(Value::as_u64) {
            params.insert("loops".to_string(), loops.to_string());
        }
        run.benchmarks.push(Benchmark {
            name: unique_name(&mut seen, &name),
            params,
            metrics: BTreeMap::from([(
                metric_name.to_string(),
                metric(unit, Better::Lower, samples, None),
            )]),
            extra: None,
            timeline: None,
        });
    }
    if run.benchmarks.is_empty() {
        return Err(ReadErrorKind::Invalid(
            "no benchmark with values in `benchmarks[].runs[].values`".to_string(),
        ));
    }
    if let Some(time) = earliest {
        run.run.timestamp = time;
    }
    let machine = Machine {
        hostname: text(top, "hostname"),
        os: text(top, "platform"),
        cpu: text(top, "cpu_model_name"),
        cores: top
            .get("cpu_count")
            .and_then(Value::as_u64)
            .and_then(|n| u32::try_from(n).ok()),
        memory_bytes: None,
    };
    if machine != Machine::default() {
        run.run.machine = Some(machine);
    }
    Ok(Draft {
        run,
        warnings,
        format: Format::Pyperf,
        tool_version: text(top, "perf_version"),
    })
}
