//! Bencher Metric Format: `{ benchmark: { measure: { value, lower_value?, upper_value? } } }`.
//!
//! Each measure becomes a metric. Bencher's built-in measures have known units: `latency` (ns),
//! `throughput` (ops/s, higher is better), `file-size` (B), `build-time` (s). Any other measure
//! has no unit in the file: it gets `B` when its name speaks of bytes, else `count`, and lower
//! is better (Bencher's default). `lower_value` and `upper_value` are kept under `extra`.

use std::collections::BTreeMap;

use serde_json::{Map, Value};

use super::{json, value_metric, Context, Draft, Format};
use crate::read::ReadErrorKind;
use crate::run::{Benchmark, Better, RunFile};

fn unit_and_direction(measure: &str) -> (&'static str, Better) {
    match measure {
        "latency" => ("ns", Better::Lower),
        "throughput" => ("ops/s", Better::Higher),
        "file-size" => ("B", Better::Lower),
        "build-time" => ("s", Better::Lower),
        other if other.to_ascii_lowercase().contains("byte") => ("B", Better::Lower),
        _ => ("count", Better::Lower),
    }
}

pub(crate) fn import(ctx: &Context) -> Result<Draft, ReadErrorKind> {
    let doc: BTreeMap<String, Map<String, Value>> = json::parse_lenient(ctx.file.bytes)?;
    let mut run = RunFile::new(ctx.stem(), ctx.fallback_timestamp);
    for (name, measures) in doc {
        let mut metrics = BTreeMap::new();
        for (measure, fields) in measures {
            let (unit, better) = unit_and_direction(&measure);
            let value = fields
                .get("value")
                .and_then(Value::as_f64)
                .unwrap_or(f64::NAN);
            let mut m = value_metric(unit, better, value);
            let bounds: Map<String, Value> = ["lower_value", "upper_value"]
                .into_iter()
                .filter_map(|k| fields.get(k).map(|v| (k.to_string(), v.clone())))
                .collect();
            if !bounds.is_empty() {
                m.extra = Some(bounds);
            }
            metrics.insert(measure, m);
        }
        run.benchmarks.push(Benchmark {
            timeline: None,
            name,
            params: BTreeMap::new(),
            metrics,
            extra: None,
        });
    }
    Ok(Draft {
        run,
        warnings: Vec::new(),
        format: Format::Bmf,
        tool_version: None,
    })
}
