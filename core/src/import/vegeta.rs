//! Vegeta's JSON report (`vegeta report -type=json`): one attack, times in ns.
//!
//! The file becomes one benchmark, named after the file (the report names no target), with
//! the load testers' metrics (as oha's and Locust's: same names, so runs compare):
//! `latency` in ms (n = `requests`; `mean`, `min`, `max`, `50th` as the median and p50,
//! `90th`/`95th`/`99th`, all of them under the metric's `extra.percentiles`), `throughput`
//! (Vegeta's `throughput`: successful requests per second of `duration + wait`, req/s),
//! `request_rate` (`rate`: requests sent per second of the attack), `success_rate`
//! (`success`, ratio), `requests` and `errors` (the requests that did not succeed: `requests`
//! × (1 − `success`), rounded), `error_rate` (1 − `success`), `http_error_rate` (responses of
//! status 400 and up over responses; status `0` is no response), `data_rate` (`bytes_in.total`
//! over `duration + wait`, B/s) and `response_size` (`bytes_in.mean`, B). Status codes and
//! Vegeta's list of distinct `errors` are kept under the benchmark's `extra`; errors are
//! warned about. The run's time is `earliest`, the first request's.

use std::collections::BTreeMap;

use serde::Deserialize;
use serde_json::{Map, Value};

use super::{json, metric, timestamp, value_metric, Context, Draft, Format};
use crate::read::ReadErrorKind;
use crate::run::{Benchmark, Better, RunFile, Summary};

/// Whether a document's shape is Vegeta's report: `latencies` with a `50th`, `bytes_in` and
/// `status_codes` objects.
pub(crate) fn claims_shape(v: &Value) -> bool {
    v.get("latencies")
        .and_then(Value::as_object)
        .is_some_and(|l| l.contains_key("50th"))
        && v.get("bytes_in").is_some_and(Value::is_object)
        && v.get("status_codes").is_some_and(Value::is_object)
}

#[derive(Deserialize)]
struct Report {
    latencies: Latencies,
    #[serde(default)]
    bytes_in: Bytes,
    earliest: Option<String>,
    duration: Option<f64>,
    wait: Option<f64>,
    requests: u64,
    rate: Option<f64>,
    throughput: Option<f64>,
    success: Option<f64>,
    #[serde(default)]
    status_codes: BTreeMap<String, u64>,
    #[serde(default)]
    errors: Option<Vec<String>>,
}

#[derive(Deserialize)]
struct Latencies {
    mean: Option<f64>,
    #[serde(rename = "50th")]
    p50: Option<f64>,
    #[serde(rename = "90th")]
    p90: Option<f64>,
    #[serde(rename = "95th")]
    p95: Option<f64>,
    #[serde(rename = "99th")]
    p99: Option<f64>,
    max: Option<f64>,
    min: Option<f64>,
}

#[derive(Deserialize, Default)]
struct Bytes {
    total: Option<f64>,
    mean: Option<f64>,
}

/// ns to ms.
fn ms(ns: Option<f64>) -> Option<f64> {
    ns.map(|ns| ns / 1e6)
}

pub(crate) fn import(ctx: &Context) -> Result<Draft, ReadErrorKind> {
    let r: Report = json::parse_lenient(ctx.file.bytes)?;
    let mut run = RunFile::new(ctx.stem(), ctx.fallback_timestamp);
    let mut warnings = Vec::new();
    if let Some(success) = r.success.filter(|s| !(0.0..=1.0).contains(s)) {
        return Err(ReadErrorKind::Invalid(format!(
            "`success` is {success}: a ratio between 0 and 1"
        )));
    }
    let mut metrics = BTreeMap::new();
    if r.requests > 0 {
        let l = &r.latencies;
        let summary = Summary {
            n: Some(r.requests),
            mean: ms(l.mean),
            min: ms(l.min),
            max: ms(l.max),
            median: ms(l.p50),
            p50: ms(l.p50),
            p90: ms(l.p90),
            p95: ms(l.p95),
            p99: ms(l.p99),
            ..Summary::default()
        };
        let mut latency = metric("ms", Better::Lower, Vec::new(), Some(summary));
        let all: Map<String, Value> = [("50", l.p50), ("90", l.p90), ("95", l.p95), ("99", l.p99)]
            .into_iter()
            .filter_map(|(k, v)| ms(v).map(|v| (format!("p{k}"), Value::from(v))))
            .collect();
        if !all.is_empty() {
            latency.extra = Some(Map::from_iter([(
                "percentiles".to_string(),
                Value::Object(all),
            )]));
        }
        metrics.insert("latency".to_string(), latency);
    }
    let errors = r
        .success
        .map(|s| r.requests - (s * r.requests as f64).round().min(r.requests as f64) as u64);
    let elapsed_s = match (r.duration, r.wait) {
        (Some(d), w) => Some((d + w.unwrap_or(0.0)) / 1e9).filter(|s| *s > 0.0),
        _ => None,
    };
    let total = |codes: &mut dyn Iterator<Item = u64>| codes.fold(0u64, u64::saturating_add);
    let responses = total(
        &mut r
            .status_codes
            .iter()
            .filter(|(c, _)| c.as_str() != "0")
            .map(|(_, n)| *n),
    );
    let failed_status = total(
        &mut r
            .status_codes
            .iter()
            .filter(|(c, _)| c.parse::<u16>().is_ok_and(|c| c >= 400))
            .map(|(_, n)| *n),
    );
    let mut put = |name: &str, unit: &str, better: Better, v: Option<f64>| {
        if let Some(v) = v {
            metrics.insert(name.to_string(), value_metric(unit, better, v));
        }
    };
    put("throughput", "req/s", Better::Higher, r.throughput);
    put("request_rate", "req/s", Better::Higher, r.rate);
    put("success_rate", "ratio", Better::Higher, r.success);
    put("requests", "count", Better::Higher, Some(r.requests as f64));
    put("errors", "count", Better::Lower, errors.map(|e| e as f64));
    put(
        "error_rate",
        "ratio",
        Better::Lower,
        r.success.filter(|_| r.requests > 0).map(|s| 1.0 - s),
    );
    put(
        "http_error_rate",
        "ratio",
        Better::Lower,
        (responses > 0).then(|| failed_status as f64 / responses as f64),
    );
    put(
        "data_rate",
        "B/s",
        Better::Higher,
        r.bytes_in.total.zip(elapsed_s).map(|(b, s)| b / s),
    );
    put("response_size", "B", Better::Lower, r.bytes_in.mean);

    let name = run.run.name.clone();
    let listed = r.errors.unwrap_or_default();
    if errors.is_some_and(|e| e > 0) {
        let mut why = format!(
            "\"{name}\": {} of {} requests failed",
            errors.unwrap_or(0),
            r.requests
        );
        if !listed.is_empty() {
            why.push_str(&format!(": {}", listed.join("; ")));
        }
        warnings.push(why);
    }
    let mut extra = Map::new();
    if !r.status_codes.is_empty() {
        let codes: Map<String, Value> = r
            .status_codes
            .iter()
            .map(|(k, v)| (k.clone(), Value::from(*v)))
            .collect();
        extra.insert("status_codes".to_string(), Value::Object(codes));
    }
    if !listed.is_empty() {
        extra.insert(
            "errors".to_string(),
            Value::Array(listed.into_iter().map(Value::from).collect()),
        );
    }
    if let Some(time) = r.earliest.as_deref().and_then(timestamp) {
        run.run.timestamp = time;
    }
    run.benchmarks.push(Benchmark {
        name,
        params: BTreeMap::new(),
        metrics,
        extra: (!extra.is_empty()).then_some(extra),
        timeline: None,
    });
    Ok(Draft {
        run,
        warnings,
        format: Format::Vegeta,
        tool_version: None,
    })
}
