//! oha's JSON summary (`oha -j`, `--output-format json`): one load test of one URL, times in
//! seconds.
//!
//! The file becomes one benchmark, named after the file (oha does not write the URL), with
//! `latency` in s (n = the responses, counted from `statusCodeDistribution`; `average` as the
//! mean, `fastest`/`slowest` as min/max, `latencyPercentiles` as median and p50/p90/p95/p99, and
//! all of them under the metric's `extra.percentiles`), `throughput` (`requestsPerSec`, req/s),
//! `success_rate` (oha's `successRate`: requests that got a response, deadline aborts left
//! out), `requests` and `errors` (responses plus errors, and the errors of
//! `errorDistribution` but "aborted due to deadline", the requests in flight when a `-z` run
//! ends, which oha's success rate leaves out too), `error_rate` (errors over requests), `http_error_rate` (responses of
//! status 400 and up over responses), `data_rate` (`sizePerSec`, B/s) and `response_size`
//! (`sizePerRequest`, B). Status codes and errors are kept under the benchmark's `extra`; errors
//! and 4xx/5xx responses are warned about. oha writes no time: the file's is used.

use std::collections::BTreeMap;

use serde::Deserialize;
use serde_json::{Map, Value};

use super::{json, metric, value_metric, Context, Draft, Format};
use crate::read::ReadErrorKind;
use crate::run::{Benchmark, Better, RunFile, Summary};

/// Whether a document's shape is oha's: a `summary` with `requestsPerSec`, and
/// `latencyPercentiles`.
pub(crate) fn claims(v: &Value) -> bool {
    v.get("summary")
        .and_then(Value::as_object)
        .is_some_and(|s| s.contains_key("requestsPerSec"))
        && v.get("latencyPercentiles").is_some_and(Value::is_object)
}

/// oha's error for the requests cut at the end of a `-z` run.
const DEADLINE: &str = "aborted due to deadline";

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Output {
    summary: SummaryPart,
    #[serde(default)]
    latency_percentiles: BTreeMap<String, Option<f64>>,
    #[serde(default)]
    status_code_distribution: BTreeMap<String, u64>,
    #[serde(default)]
    error_distribution: BTreeMap<String, u64>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct SummaryPart {
    success_rate: Option<f64>,
    total: Option<f64>,
    slowest: Option<f64>,
    fastest: Option<f64>,
    average: Option<f64>,
    requests_per_sec: Option<f64>,
    size_per_request: Option<f64>,
    size_per_sec: Option<f64>,
}

pub(crate) fn import(ctx: &Context) -> Result<Draft, ReadErrorKind> {
    let out: Output = json::parse_lenient(ctx.file.bytes)?;
    let mut run = RunFile::new(ctx.stem(), ctx.fallback_timestamp);
    let mut warnings = Vec::new();
    let s = &out.summary;
    // Saturating: counts come from the file, and a sum must not overflow.
    let total = |counts: &mut dyn Iterator<Item = u64>| counts.fold(0u64, u64::saturating_add);
    let responses = total(&mut out.status_code_distribution.values().copied());
    // With `-z`, the requests still in flight at the deadline are cut: oha lists them as an
    // error but leaves them out of its success rate, and so does this importer.
    let aborted = out.error_distribution.get(DEADLINE).copied().unwrap_or(0);
    let errors = total(
        &mut out
            .error_distribution
            .iter()
            .filter(|(e, _)| e.as_str() != DEADLINE)
            .map(|(_, n)| *n),
    );
    let requests = responses.saturating_add(errors);
    let percentile = |key: &str| out.latency_percentiles.get(key).copied().flatten();
    let mut metrics = BTreeMap::new();
    if responses > 0 {
        let summary = Summary {
            n: Some(responses),
            mean: s.average,
            min: s.fastest,
            max: s.slowest,
            median: percentile("p50"),
            p50: percentile("p50"),
            p90: percentile("p90"),
            p95: percentile("p95"),
            p99: percentile("p99"),
            ..Summary::default()
        };
        let mut latency = metric("s", Better::Lower, Vec::new(), Some(summary));
        let all: Map<String, Value> = out
            .latency_percentiles
            .iter()
            .filter_map(|(k, v)| v.map(|v| (k.clone(), Value::from(v))))
            .collect();
        if !all.is_empty() {
            latency.extra = Some(Map::from_iter([(
                "percentiles".to_string(),
                Value::Object(all),
            )]));
        }
        metrics.insert("latency".to_string(), latency);
    }
    let mut put = |name: &str, unit: &str, better: Better, v: Option<f64>| {
        if let Some(v) = v {
            metrics.insert(name.to_string(), value_metric(unit, better, v));
        }
    };
    put("throughput", "req/s", Better::Higher, s.requests_per_sec);
    put("success_rate", "ratio", Better::Higher, s.success_rate);
    put("requests", "count", Better::Higher, Some(requests as f64));
    put("errors", "count", Better::Lower, Some(errors as f64));
    put(
        "error_rate",
        "ratio",
        Better::Lower,
        (requests > 0).then(|| errors as f64 / requests as f64),
    );
    let failed_status = total(
        &mut out
            .status_code_distribution
            .iter()
            .filter(|(code, _)| code.parse::<u16>().is_ok_and(|c| c >= 400))
            .map(|(_, n)| *n),
    );
    put(
        "http_error_rate",
        "ratio",
        Better::Lower,
        (responses > 0).then(|| failed_status as f64 / responses as f64),
    );
    put("data_rate", "B/s", Better::Higher, s.size_per_sec);
    put("response_size", "B", Better::Lower, s.size_per_request);

    let name = run.run.name.clone();
    if errors > 0 {
        let listed: Vec<String> = out
            .error_distribution
            .iter()
            .filter(|(e, _)| e.as_str() != DEADLINE)
            .map(|(e, n)| format!("{n} × {e}"))
            .collect();
        warnings.push(format!(
            "\"{name}\": {errors} of {requests} requests failed: {}",
            listed.join("; ")
        ));
    }
    if failed_status > 0 {
        warnings.push(format!(
            "\"{name}\": {failed_status} of {responses} responses had a status of 400 or more"
        ));
    }
    let mut extra = Map::new();
    let codes: Map<String, Value> = out
        .status_code_distribution
        .iter()
        .map(|(k, v)| (k.clone(), Value::from(*v)))
        .collect();
    extra.insert("status_codes".to_string(), Value::Object(codes));
    if !out.error_distribution.is_empty() {
        let errs: Map<String, Value> = out
            .error_distribution
            .iter()
            .map(|(k, v)| (k.clone(), Value::from(*v)))
            .collect();
        extra.insert("errors".to_string(), Value::Object(errs));
    }
    if aborted > 0 {
        extra.insert("aborted_at_deadline".to_string(), Value::from(aborted));
    }
    if let Some(duration) = s.total {
        extra.insert("duration_s".to_string(), Value::from(duration));
    }
    run.benchmarks.push(Benchmark {
        name,
        params: BTreeMap::new(),
        metrics,
        extra: Some(extra),
        timeline: None,
    });
    Ok(Draft {
        run,
        warnings,
        format: Format::Oha,
        tool_version: None,
    })
}
