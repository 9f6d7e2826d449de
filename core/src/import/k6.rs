//! k6 end-of-test summaries: the `--summary-export` JSON, and the `handleSummary(data)` JSON.
//!
//! Every k6 metric (sub-metrics such as `http_req_duration{status:200}` included) becomes a
//! benchmark. Trends become `latency` (time trends, ms) or `value` with their percentiles
//! (every `p(X)` k6 wrote, `p(99.9)` included, also under the metric's `extra.percentiles`)
//! and, when `--summary-trend-stats` asks for `count`, their n;
//! counters `count` and a `throughput` rate; rates (`http_req_failed`, `checks`) a `rate` in
//! `ratio`; gauges a `value`. k6 writes no time: the file's modification time is used.
//!
//! Thresholds are kept under the benchmark's `extra.thresholds` as `pass`/`fail`, and every
//! failed one is a warning. Careful: in `--summary-export` a threshold's `true` means it
//! *failed*; in `handleSummary` data, `{ "ok": false }` does.

use std::collections::BTreeMap;

use serde::Deserialize;
use serde_json::{Map, Value};

use super::{json, metric, value_metric, Context, Draft, Format};
use crate::read::ReadErrorKind;
use crate::run::{Benchmark, Better, Metric, RunFile, Summary};

#[derive(Deserialize)]
struct Export {
    metrics: BTreeMap<String, Map<String, Value>>,
}

#[derive(Clone, Copy, PartialEq)]
enum Kind {
    Trend,
    Counter,
    Rate,
    Gauge,
}

/// What a metric holds, by k6's `contains`, or by name for `--summary-export`, which omits it.
fn contains(name: &str, declared: Option<&str>) -> &'static str {
    match declared {
        Some("time") => "time",
        Some("data") => "data",
        Some(_) => "default",
        None => {
            let base = name.split('{').next().unwrap_or(name);
            if base.starts_with("data_") {
                "data"
            } else if base.starts_with("http_req_") && base != "http_req_failed"
                || base.ends_with("_duration")
                || base.ends_with("_time")
            {
                "time"
            } else {
                "default"
            }
        }
    }
}

fn kind(fields: &Map<String, Value>, values: &Map<String, Value>) -> Kind {
    match fields.get("type").and_then(Value::as_str) {
        Some("trend") => Kind::Trend,
        Some("counter") => Kind::Counter,
        Some("rate") => Kind::Rate,
        Some(_) => Kind::Gauge,
        None if values.contains_key("avg") || values.contains_key("med") => Kind::Trend,
        None if values.contains_key("count") => Kind::Counter,
        None if values.contains_key("passes") || values.contains_key("fails") => Kind::Rate,
        None => Kind::Gauge,
    }
}

fn num(values: &Map<String, Value>, key: &str) -> Option<f64> {
    values.get(key).and_then(Value::as_f64)
}

pub(crate) fn import(ctx: &Context) -> Result<Draft, ReadErrorKind> {
    let export: Export = json::parse_lenient(ctx.file.bytes)?;
    let mut run = RunFile::new(ctx.stem(), ctx.fallback_timestamp);
    let mut warnings = Vec::new();
    for (name, fields) in export.metrics {
        // handleSummary nests the numbers under `values`; --summary-export does not.
        let values = fields
            .get("values")
            .and_then(Value::as_object)
            .unwrap_or(&fields)
            .clone();
        let holds = contains(&name, fields.get("contains").and_then(Value::as_str));
        let (unit, rate_unit) = match holds {
            "time" => ("ms", "ms/s"),
            "data" => ("B", "B/s"),
            _ => ("count", ""),
        };
        let base = name.split('{').next().unwrap_or(&name);
        let more_is_good = matches!(
            base,
            "http_reqs" | "iterations" | "checks" | "data_received" | "data_sent"
        );
        let mut metrics: BTreeMap<String, Metric> = BTreeMap::new();
        match kind(&fields, &values) {
            Kind::Trend => {
                // `count` is there when `--summary-trend-stats` asks for it: the samples.
                let n = num(&values, "count")
                    .filter(|c| *c >= 0.0 && c.fract() == 0.0)
                    .map(|c| c as u64);
                let summary = Summary {
                    n,
                    mean: num(&values, "avg"),
                    median: num(&values, "med"),
                    min: num(&values, "min"),
                    max: num(&values, "max"),
                    p50: num(&values, "p(50)"),
                    p90: num(&values, "p(90)"),
                    p95: num(&values, "p(95)"),
                    p99: num(&values, "p(99)"),
                    ..Summary::default()
                };
                let metric_name = if holds == "time" { "latency" } else { "value" };
                let mut trend = metric(unit, Better::Lower, Vec::new(), Some(summary));
                // Every percentile k6 was asked for (`p(99.9)`, `p(75)`, …), as `p99.9`.
                let all: Map<String, Value> = values
                    .iter()
                    .filter_map(|(k, v)| {
                        let p = k.strip_prefix("p(")?.strip_suffix(')')?;
                        Some((format!("p{p}"), Value::from(v.as_f64()?)))
                    })
                    .collect();
                if !all.is_empty() {
                    trend.extra = Some(Map::from_iter([(
                        "percentiles".to_string(),
                        Value::Object(all),
                    )]));
                }
                metrics.insert(metric_name.into(), trend);
            }
            Kind::Counter => {
                let better = if more_is_good {
                    Better::Higher
                } else {
                    Better::Lower
                };
                if let Some(count) = num(&values, "count") {
                    metrics.insert("count".into(), value_metric(unit, better, count));
                }
                if let Some(rate) = num(&values, "rate") {
                    let per = if rate_unit.is_empty() {
                        match base {
                            "http_reqs" => "req/s".to_string(),
                            other => format!("{other}/s"),
                        }
                    } else {
                        rate_unit.to_string()
                    };
                    metrics.insert("throughput".into(), value_metric(&per, better, rate));
                }
            }
            Kind::Rate => {
                let lower = base.contains("fail") || base.contains("error");
                let better = if lower { Better::Lower } else { Better::Higher };
                let value = num(&values, "rate").or_else(|| num(&values, "value"));
                if let Some(v) = value {
                    metrics.insert("rate".into(), value_metric("ratio", better, v));
                }
            }
            Kind::Gauge => {
                if let Some(v) = num(&values, "value") {
                    metrics.insert("value".into(), value_metric(unit, Better::Lower, v));
                }
            }
        }
        let mut extra = None;
        if let Some(Value::Object(thresholds)) = fields.get("thresholds") {
            let mut statuses = Map::new();
            for (expr, state) in thresholds {
                let failed = match state {
                    Value::Bool(b) => *b,
                    Value::Object(o) => o.get("ok").and_then(Value::as_bool) == Some(false),
                    _ => false,
                };
                if failed {
                    warnings.push(format!("k6 threshold `{expr}` on \"{name}\" failed"));
                }
                statuses.insert(
                    expr.clone(),
                    Value::from(if failed { "fail" } else { "pass" }),
                );
            }
            extra = Some(Map::from_iter([(
                "thresholds".to_string(),
                Value::Object(statuses),
            )]));
        }
        run.benchmarks.push(Benchmark {
            timeline: None,
            name,
            params: BTreeMap::new(),
            metrics,
            extra,
        });
    }
    Ok(Draft {
        run,
        warnings,
        format: Format::K6,
        tool_version: None,
    })
}
