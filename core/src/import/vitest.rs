//! Vitest's `vitest bench --outputJson FILE`: `files[].groups[].benchmarks[]`, times in
//! milliseconds (tinybench's statistics).
//!
//! A benchmark is `GROUP > NAME` (the group's `fullName` is the file and its `describe`s, as
//! Vitest prints them). `time` (ms) gets tinybench's summary: n = `sampleCount`, `mean`, `sd`
//! as std dev, `median`, `min`, `max`, `p99`, and the mean's 95 % interval `mean ± moe`;
//! `samples` (older Vitest writes them; 4.x leaves the list empty) are its samples.
//! `hz` is `throughput` (ops/s, higher).

use std::collections::{BTreeMap, HashMap};

use serde::Deserialize;
use serde_json::Value;

use super::{json, metric, unique_name, value_metric, Context, Draft, Format};
use crate::read::ReadErrorKind;
use crate::run::{Benchmark, Better, RunFile, Summary};

/// Whether a document's shape is Vitest's: `files`, an array of objects with `groups`.
pub(crate) fn claims_shape(v: &Value) -> bool {
    v.get("files")
        .and_then(Value::as_array)
        .is_some_and(|files| {
            !files.is_empty()
                && files
                    .iter()
                    .all(|f| f.get("groups").is_some_and(Value::is_array))
        })
}

#[derive(Deserialize)]
struct Export {
    files: Vec<File>,
}

#[derive(Deserialize)]
struct File {
    #[serde(default)]
    groups: Vec<Group>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Group {
    full_name: String,
    #[serde(default)]
    benchmarks: Vec<Bench>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Bench {
    name: String,
    hz: Option<f64>,
    min: Option<f64>,
    max: Option<f64>,
    mean: Option<f64>,
    sd: Option<f64>,
    median: Option<f64>,
    p99: Option<f64>,
    moe: Option<f64>,
    sample_count: Option<u64>,
    #[serde(default)]
    samples: json::Numbers,
}

pub(crate) fn import(ctx: &Context) -> Result<Draft, ReadErrorKind> {
    let export: Export = json::parse_lenient(ctx.file.bytes)?;
    let mut run = RunFile::new(ctx.stem(), ctx.fallback_timestamp);
    let mut seen = HashMap::new();
    for group in export.files.into_iter().flat_map(|f| f.groups) {
        for b in group.benchmarks {
            let name = unique_name(&mut seen, &format!("{} > {}", group.full_name, b.name));
            let interval = match (b.mean, b.moe) {
                (Some(mean), Some(moe)) => (Some(mean - moe), Some(mean + moe), Some(0.95)),
                _ => (None, None, None),
            };
            let summary = Summary {
                n: b.sample_count,
                mean: b.mean,
                stddev: b.sd,
                median: b.median,
                min: b.min,
                max: b.max,
                p99: b.p99,
                ci_lower: interval.0,
                ci_upper: interval.1,
                ci_level: interval.2,
                ..Summary::default()
            };
            let mut metrics = BTreeMap::new();
            metrics.insert(
                "time".to_string(),
                metric("ms", Better::Lower, b.samples.0, Some(summary)),
            );
            if let Some(hz) = b.hz {
                metrics.insert(
                    "throughput".to_string(),
                    value_metric("ops/s", Better::Higher, hz),
                );
            }
            run.benchmarks.push(Benchmark {
                name,
                params: BTreeMap::new(),
                metrics,
                extra: None,
                timeline: None,
            });
        }
    }
    if run.benchmarks.is_empty() {
        return Err(ReadErrorKind::Invalid(
            "no benchmarks in `files[].groups[].benchmarks`".to_string(),
        ));
    }
    Ok(Draft {
        run,
        warnings: Vec::new(),
        format: Format::Vitest,
        tool_version: None,
    })
}
