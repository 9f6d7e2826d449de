//! JMH's JSON result file (`-rf json`, `-rff FILE`): an array of results, one per benchmark
//! method, mode and set of `@Param` values, each with `benchmark`, `mode`, `params`,
//! `primaryMetric` and `secondaryMetrics`.
//!
//! A benchmark is named `benchmark` with its params after it, `name(k=v, k=v)` (JMH runs one
//! method once per combination of params, so the name alone repeats), and the params are also
//! kept as params. The mode gives the metric: `thrpt` is `throughput` in the score's unit
//! (`ops/s`, `ops/ms`, …), better higher; `avgt`, `sample` and `ss` are `time` in the unit of
//! `X/op` (`ns/op` is ns), better lower. A method run in two modes (JMH's `Mode.All`, or
//! `@BenchmarkMode({Throughput, AverageTime})`) is one benchmark with both metrics. The samples
//! are `rawData` (forks × iterations, one score an iteration); `scoreConfidence` is the
//! 99.9 % confidence interval JMH prints; in `sample` mode, whose `rawData` is a histogram
//! JMH writes apart, `scorePercentiles` give the median and p50/p90/p95/p99, `0.0`/`100.0`
//! the min and max, and `score` the mean. Each secondary metric (the gc profiler's
//! `·gc.alloc.rate.norm` in B/op, …) is a metric of its own, named without JMH's leading `·`,
//! its unit's `/op` dropped (`B/op` is B), better from the unit (rates higher). `jmhVersion`
//! is the tool's version; JMH writes no time, so the file's is used. Where JMH has no number
//! (the error and interval of a single iteration) it writes the string `"NaN"`: no number.

use std::collections::{BTreeMap, HashMap};

use serde::Deserialize;
use serde_json::{Map, Value};

use super::{better_for_unit, json, metric, unique_name, Context, Draft, Format};
use crate::read::ReadErrorKind;
use crate::run::{Benchmark, Better, Metric, RunFile, Summary};

/// Whether a document's shape is JMH's: a non-empty array whose every item has a `benchmark`
/// string, a `mode` string and a `primaryMetric` object with a `scoreUnit`.
pub(crate) fn claims_shape(v: &Value) -> bool {
    v.as_array().is_some_and(|items| {
        !items.is_empty()
            && items.iter().all(|i| {
                i.get("benchmark").is_some_and(Value::is_string)
                    && i.get("mode").is_some_and(Value::is_string)
                    && i.get("primaryMetric")
                        .is_some_and(|m| m.get("scoreUnit").is_some_and(Value::is_string))
            })
    })
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Entry {
    jmh_version: Option<String>,
    benchmark: String,
    mode: String,
    #[serde(default)]
    params: BTreeMap<String, Value>,
    primary_metric: JmhMetric,
    #[serde(default)]
    secondary_metrics: BTreeMap<String, JmhMetric>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct JmhMetric {
    #[serde(default, deserialize_with = "number")]
    score: Option<f64>,
    #[serde(default, deserialize_with = "number")]
    score_error: Option<f64>,
    #[serde(default)]
    score_confidence: Vec<Number>,
    #[serde(default)]
    score_percentiles: BTreeMap<String, Number>,
    score_unit: String,
    #[serde(default)]
    raw_data: Vec<json::Numbers>,
}

/// A number as JMH writes it: a JSON number, or the string `"NaN"` (or `"Infinity"`,
/// `"-Infinity"`) where it has none (`scoreError` of a single iteration); both are `None`
/// but the number.
#[derive(Deserialize)]
#[serde(transparent)]
struct Number(#[serde(deserialize_with = "number")] Option<f64>);

fn number<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<f64>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Raw {
        Number(f64),
        Text(String),
        Null(()),
    }
    match Raw::deserialize(d)? {
        Raw::Number(x) => Ok(Some(x)),
        Raw::Null(()) => Ok(None),
        Raw::Text(t) if matches!(t.as_str(), "NaN" | "Infinity" | "-Infinity") => Ok(None),
        Raw::Text(t) => Err(serde::de::Error::custom(format!(
            "expected a number, found the string \"{t}\""
        ))),
    }
}

impl JmhMetric {
    /// The metric in `unit`, its samples from `rawData`, the interval from `scoreConfidence`,
    /// and, if `percentiles`, the rest of the summary from `score` and `scorePercentiles`.
    fn to_metric(&self, unit: &str, better: Better, percentiles: bool) -> Metric {
        let samples: Vec<f64> = self.raw_data.iter().flat_map(|f| f.0.clone()).collect();
        let pct = |k: &str| self.score_percentiles.get(k).and_then(|n| n.0);
        let (ci_lower, ci_upper) = match self.score_confidence.as_slice() {
            [Number(Some(lo)), Number(Some(hi))] if lo.is_finite() && hi.is_finite() => {
                (Some(*lo), Some(*hi))
            }
            _ => (None, None),
        };
        let mut summary = Summary {
            ci_lower,
            ci_upper,
            ci_level: ci_lower.map(|_| 0.999),
            ..Summary::default()
        };
        if percentiles || samples.is_empty() {
            summary.mean = self.score;
        }
        if percentiles {
            summary.median = pct("50.0");
            summary.p50 = pct("50.0");
            summary.p90 = pct("90.0");
            summary.p95 = pct("95.0");
            summary.p99 = pct("99.0");
            summary.min = pct("0.0");
            summary.max = pct("100.0");
        }
        let mut m = metric(unit, better, samples, Some(summary));
        if let Some(err) = self.score_error.filter(|e| e.is_finite()) {
            m.extra = Some(Map::from_iter([(
                "score_error".to_string(),
                Value::from(err),
            )]));
        }
        m
    }
}

/// The metric of a mode and its unit: `thrpt` keeps the score's rate unit, the time modes
/// take the time unit of `X/op`.
fn primary(mode: &str, unit: &str) -> Result<(&'static str, String, Better), String> {
    match mode {
        "thrpt" => Ok(("throughput", unit.to_string(), Better::Higher)),
        "avgt" | "sample" | "ss" => {
            let time = unit.strip_suffix("/op").unwrap_or(unit);
            Ok(("time", time.to_string(), Better::Lower))
        }
        other => Err(format!(
            "unknown mode \"{other}\" (JMH writes thrpt, avgt, sample or ss)"
        )),
    }
}

pub(crate) fn import(ctx: &Context) -> Result<Draft, ReadErrorKind> {
    let results: Vec<Entry> = json::parse_lenient(ctx.file.bytes)?;
    if results.is_empty() {
        return Err(ReadErrorKind::Invalid(
            "no results in this JMH file (an empty array)".to_string(),
        ));
    }
    let mut run = RunFile::new(ctx.stem(), ctx.fallback_timestamp);
    let mut warnings = Vec::new();
    let mut index: HashMap<String, usize> = HashMap::new();
    let mut seen = HashMap::new();
    let tool_version = results.iter().find_map(|r| r.jmh_version.clone());
    for (i, r) in results.into_iter().enumerate() {
        let params: BTreeMap<String, String> = r
            .params
            .iter()
            .map(|(k, v)| (k.clone(), json::display(v)))
            .collect();
        let name = if params.is_empty() {
            r.benchmark.clone()
        } else {
            let list: Vec<String> = params.iter().map(|(k, v)| format!("{k}={v}")).collect();
            format!("{}({})", r.benchmark, list.join(", "))
        };
        let (metric_name, unit, better) = primary(&r.mode, &r.primary_metric.score_unit)
            .map_err(|why| ReadErrorKind::Invalid(format!("`[{i}]` (\"{name}\"): {why}")))?;
        let mut metrics = BTreeMap::new();
        let primary_metric = r
            .primary_metric
            .to_metric(&unit, better, r.mode == "sample");
        if primary_metric.samples.is_empty() && primary_metric.summary.is_none() {
            warnings.push(format!("\"{name}\" ({}) has no score", r.mode));
            continue;
        }
        metrics.insert(metric_name.to_string(), primary_metric);
        for (key, m) in &r.secondary_metrics {
            let key = key.trim_start_matches('·');
            let unit = m.score_unit.strip_suffix("/op").unwrap_or(&m.score_unit);
            let better = better_for_unit(unit);
            let secondary = m.to_metric(unit, better, false);
            if !secondary.samples.is_empty() || secondary.summary.is_some() {
                metrics.insert(key.to_string(), secondary);
            }
        }
        // One method in two modes is one benchmark with both metrics.
        if let Some(&at) = index.get(&name) {
            let bench: &mut Benchmark = &mut run.benchmarks[at];
            if metrics.keys().all(|k| !bench.metrics.contains_key(k)) {
                bench.metrics.extend(metrics);
                continue;
            }
        }
        let unique = unique_name(&mut seen, &name);
        index.entry(name).or_insert(run.benchmarks.len());
        run.benchmarks.push(Benchmark {
            name: unique,
            params,
            metrics,
            extra: None,
            timeline: None,
        });
    }
    if run.benchmarks.is_empty() {
        return Err(ReadErrorKind::Invalid(
            "no result with a score in `[].primaryMetric`".to_string(),
        ));
    }
    Ok(Draft {
        run,
        warnings,
        format: Format::Jmh,
        tool_version,
    })
}
