//! Locust's `--json` (stdout) and `--json-file NAME` output: a JSON array with one entry per
//! endpoint, Locust's raw counters at the end of the run: the request and failure counts, the
//! exact total, min and max response time (ms), the response-time histogram (`response_times`:
//! rounded response time → count; Locust rounds to two significant digits above 100 ms) and
//! the requests and failures of every second (`num_reqs_per_sec`, keyed by Unix second).
//!
//! An entry becomes a benchmark named as the stats CSV's rows are ([`super::locust`]:
//! `METHOD NAME`), plus `Aggregated`, every entry merged as Locust merges its total. The
//! metrics are the CSV's, computed as Locust computes its report: `latency` in ms (n = the
//! requests with a response time; the mean from the exact total, min and max exact; the
//! median and p50/p90/p95/p99 from the histogram by Locust's own rule,
//! `calculate_response_time_percentile`, and every percentile Locust reports under the
//! metric's `extra.percentiles`; the standard deviation from the histogram, so of the rounded
//! times), `throughput` and `failure_throughput` (over the time between the run's first
//! request and its last, for every entry, as Locust's `total_rps`), `requests`, `failures`, `error_rate` and `content_size`
//! (the average response size, B). Each benchmark's **timeline** (wall clock, 1 s windows from
//! the first second any entry has) holds `throughput` (rate: that second's requests) and
//! `error_rate` (ratio). The run's time is the first request's (`start_time`).

use std::collections::{BTreeMap, HashMap};

use serde::Deserialize;
use serde_json::{Map, Value};

use super::locust::Endpoint;
use super::{json, metric, unique_name, value_metric, Context, Draft, Format};
use crate::read::ReadErrorKind;
use crate::run::{Benchmark, Better, RunFile, Summary};
use crate::timeline::{self, Clock, Kind, Series, Timeline};

/// Locust's `PERCENTILES_TO_REPORT`, as its CSV headers name them.
const PERCENTILES: [(f64, &str); 11] = [
    (0.50, "50%"),
    (0.66, "66%"),
    (0.75, "75%"),
    (0.80, "80%"),
    (0.90, "90%"),
    (0.95, "95%"),
    (0.98, "98%"),
    (0.99, "99%"),
    (0.999, "99.9%"),
    (0.9999, "99.99%"),
    (1.0, "100%"),
];

/// Whether a document's shape is Locust's JSON: a non-empty array of entries with a `name`, a
/// `num_requests` and `response_times` and `num_reqs_per_sec` objects.
pub(crate) fn claims_shape(v: &Value) -> bool {
    v.as_array().is_some_and(|items| {
        !items.is_empty()
            && items.iter().all(|i| {
                i.get("name").is_some_and(Value::is_string)
                    && i.get("num_requests").is_some_and(Value::is_number)
                    && i.get("response_times").is_some_and(Value::is_object)
                    && i.get("num_reqs_per_sec").is_some_and(Value::is_object)
            })
    })
}

#[derive(Deserialize, Clone, Default)]
struct Entry {
    name: String,
    #[serde(default)]
    method: Option<String>,
    last_request_timestamp: Option<f64>,
    start_time: Option<f64>,
    num_requests: u64,
    #[serde(default)]
    num_none_requests: u64,
    #[serde(default)]
    num_failures: u64,
    #[serde(default)]
    total_response_time: f64,
    max_response_time: Option<f64>,
    min_response_time: Option<f64>,
    #[serde(default)]
    total_content_length: f64,
    /// Rounded response time (ms, as a string key) → requests.
    response_times: BTreeMap<String, u64>,
    #[serde(default)]
    num_reqs_per_sec: BTreeMap<String, u64>,
    #[serde(default)]
    num_fail_per_sec: BTreeMap<String, u64>,
}

/// An entry's numbers, its keys parsed.
#[derive(Clone, Default)]
struct Stats {
    requests: u64,
    none_requests: u64,
    failures: u64,
    total_time: f64,
    min: Option<f64>,
    max: Option<f64>,
    content: f64,
    first: Option<f64>,
    last: Option<f64>,
    /// Response time → count, in order of time.
    histogram: BTreeMap<i64, u64>,
    per_second: BTreeMap<i64, u64>,
    failures_per_second: BTreeMap<i64, u64>,
}

fn invalid(text: String) -> ReadErrorKind {
    ReadErrorKind::Invalid(text)
}

/// A map keyed by whole numbers written as strings (`"210"`, `"1796235717"`).
fn keyed(
    map: &BTreeMap<String, u64>,
    entry: &str,
    field: &str,
) -> Result<BTreeMap<i64, u64>, ReadErrorKind> {
    let mut out = BTreeMap::new();
    for (key, n) in map {
        let k: i64 = key.trim().parse().map_err(|_| {
            invalid(format!(
                "entry \"{entry}\": `{field}` has the key `{key}`, not a whole number"
            ))
        })?;
        *out.entry(k).or_default() += n;
    }
    Ok(out)
}

impl Stats {
    fn of(e: &Entry) -> Result<Stats, ReadErrorKind> {
        Ok(Stats {
            requests: e.num_requests,
            none_requests: e.num_none_requests,
            failures: e.num_failures,
            total_time: e.total_response_time,
            min: e.min_response_time,
            max: e.max_response_time,
            content: e.total_content_length,
            first: e.start_time,
            last: e.last_request_timestamp,
            histogram: keyed(&e.response_times, &e.name, "response_times")?,
            per_second: keyed(&e.num_reqs_per_sec, &e.name, "num_reqs_per_sec")?,
            failures_per_second: keyed(&e.num_fail_per_sec, &e.name, "num_fail_per_sec")?,
        })
    }

    /// Another entry's numbers added, as Locust's `StatsEntry.extend` builds its total.
    fn extend(&mut self, other: &Stats) {
        self.requests += other.requests;
        self.none_requests += other.none_requests;
        self.failures += other.failures;
        self.total_time += other.total_time;
        self.content += other.content;
        let pick = |a: Option<f64>, b: Option<f64>, f: fn(f64, f64) -> f64| match (a, b) {
            (Some(a), Some(b)) => Some(f(a, b)),
            (a, b) => a.or(b),
        };
        self.min = pick(self.min, other.min, f64::min);
        self.max = pick(self.max, other.max, f64::max);
        self.first = pick(self.first, other.first, f64::min);
        self.last = pick(self.last, other.last, f64::max);
        for (map, from) in [
            (&mut self.histogram, &other.histogram),
            (&mut self.per_second, &other.per_second),
            (&mut self.failures_per_second, &other.failures_per_second),
        ] {
            for (k, n) in from {
                *map.entry(*k).or_default() += n;
            }
        }
    }

    /// The requests with a response time.
    fn timed(&self) -> u64 {
        self.requests.saturating_sub(self.none_requests)
    }

    /// Locust's `calculate_response_time_percentile`: the largest response time such that
    /// more than `requests − ⌊requests · percent⌋` requests took at least as long.
    fn percentile(&self, percent: f64) -> Option<f64> {
        let requests = self.timed();
        let wanted = libm::floor(requests as f64 * percent) as u64;
        let mut processed = 0u64;
        for (time, n) in self.histogram.iter().rev() {
            processed += n;
            if requests.saturating_sub(processed) <= wanted {
                return Some(*time as f64);
            }
        }
        None
    }

    /// The standard deviation of the histogram's (rounded) times around their mean.
    fn stddev(&self) -> Option<f64> {
        let n: u64 = self.histogram.values().sum();
        if n < 2 {
            return None;
        }
        let mean = self
            .histogram
            .iter()
            .map(|(t, c)| *t as f64 * *c as f64)
            .sum::<f64>()
            / n as f64;
        let squares: f64 = self
            .histogram
            .iter()
            .map(|(t, c)| {
                let d = *t as f64 - mean;
                d * d * *c as f64
            })
            .sum();
        Some(libm::sqrt(squares / (n - 1) as f64))
    }

    /// The metrics; the rates over `span`, the run's (Locust divides every entry's counts by
    /// the time between the run's first request and its last).
    fn metrics(&self, span: Option<f64>) -> BTreeMap<String, crate::run::Metric> {
        let mut metrics = BTreeMap::new();
        let requests = self.requests as f64;
        let timed = self.timed();
        if timed > 0 {
            let mut percentiles = Map::new();
            for (p, header) in PERCENTILES {
                if let Some(v) = self.percentile(p) {
                    percentiles.insert(header.to_string(), Value::from(v));
                }
            }
            // As Locust's report: a median never beyond the exact min and max.
            let median = self.percentile(0.5).map(|m| {
                let m = self.max.map_or(m, |max| m.min(max));
                self.min.map_or(m, |min| m.max(min))
            });
            let summary = Summary {
                n: Some(timed),
                mean: Some(self.total_time / timed as f64),
                median,
                stddev: self.stddev(),
                min: self.min,
                max: self.max,
                p50: self.percentile(0.5),
                p90: self.percentile(0.9),
                p95: self.percentile(0.95),
                p99: self.percentile(0.99),
                ..Summary::default()
            };
            let mut latency = metric("ms", Better::Lower, Vec::new(), Some(summary));
            latency.extra = Some(Map::from_iter([(
                "percentiles".to_string(),
                Value::Object(percentiles),
            )]));
            metrics.insert("latency".to_string(), latency);
        }
        if requests > 0.0 {
            metrics.insert(
                "error_rate".to_string(),
                value_metric("ratio", Better::Lower, self.failures as f64 / requests),
            );
            metrics.insert(
                "content_size".to_string(),
                value_metric("B", Better::Lower, self.content / requests),
            );
        }
        if let Some(span) = span.filter(|s| *s > 0.0) {
            {
                metrics.insert(
                    "throughput".to_string(),
                    value_metric("req/s", Better::Higher, requests / span),
                );
                metrics.insert(
                    "failure_throughput".to_string(),
                    value_metric("req/s", Better::Lower, self.failures as f64 / span),
                );
            }
        }
        metrics.insert(
            "requests".to_string(),
            value_metric("count", Better::Higher, requests),
        );
        metrics.insert(
            "failures".to_string(),
            value_metric("count", Better::Lower, self.failures as f64),
        );
        metrics
    }

    /// The requests and the error rate of every second from `start` to `end` (inclusive), in
    /// windows of as many whole seconds as keep them within [`timeline::MAX_WINDOWS`] (counted
    /// straight into the windows, so a file's odd keys cost no memory).
    fn timeline(&self, start: i64, end: i64) -> Timeline {
        // `abs_diff`: the keys are any whole numbers a file holds, so the span may not fit
        // an i64 (end ≥ start: they are the least and the greatest key).
        let span = end.abs_diff(start).saturating_add(1);
        let width = span.div_ceil(timeline::MAX_WINDOWS as u64).max(1);
        let windows = span.div_ceil(width) as usize;
        let mut requests = vec![0u64; windows];
        let mut failures = vec![0u64; windows];
        let index = |second: i64| {
            let i = (second >= start).then(|| second.abs_diff(start) / width)?;
            usize::try_from(i).ok().filter(|i| *i < windows)
        };
        for (second, n) in &self.per_second {
            if let Some(i) = index(*second) {
                requests[i] += n;
            }
        }
        for (second, n) in &self.failures_per_second {
            if let Some(i) = index(*second) {
                failures[i] += n;
            }
        }
        let rate = requests
            .iter()
            .map(|n| Some(*n as f64 / width as f64))
            .collect();
        let errors = requests
            .iter()
            .zip(&failures)
            .map(|(n, f)| (*n > 0).then(|| *f as f64 / *n as f64))
            .collect();
        let mut series = BTreeMap::new();
        series.insert(
            "throughput".to_string(),
            Series::numbers("req/s", Kind::Rate, rate),
        );
        series.insert(
            "error_rate".to_string(),
            Series::numbers("ratio", Kind::Ratio, errors),
        );
        Timeline {
            clock: Clock::Wall,
            window: timeline::duration(width.saturating_mul(1_000_000_000)),
            end: None,
            series,
            phases: Vec::new(),
        }
    }
}

pub(crate) fn import(ctx: &Context) -> Result<Draft, ReadErrorKind> {
    let entries: Vec<Entry> = json::parse_lenient(ctx.file.bytes)?;
    if entries.is_empty() {
        return Err(invalid(
            "a Locust JSON without entries: no requests were recorded".to_string(),
        ));
    }
    let mut stats = Vec::with_capacity(entries.len());
    let mut total = Stats::default();
    for e in &entries {
        let s = Stats::of(e)?;
        total.extend(&s);
        stats.push(s);
    }
    let seconds = || stats.iter().flat_map(|s| s.per_second.keys().copied());
    let (start, end) = (seconds().min(), seconds().max());

    let span = total.first.zip(total.last).map(|(a, b)| b - a);
    let mut run = RunFile::new(ctx.stem(), ctx.fallback_timestamp);
    if let Some(t) = total.first.and_then(|s| super::epoch_ms(s * 1000.0)) {
        run.run.timestamp = t;
    }
    let mut warnings = Vec::new();
    let mut seen = HashMap::new();
    let named = entries
        .iter()
        .zip(&stats)
        .map(|(e, s)| (e.method.as_deref().unwrap_or(""), e.name.as_str(), s))
        .chain([("", "Aggregated", &total)]);
    for (method, endpoint, s) in named {
        let name = unique_name(&mut seen, &super::locust::endpoint_name(method, endpoint));
        let Endpoint { params, warning } =
            super::locust::endpoint(method, &name, s.failures, s.requests);
        warnings.extend(warning);
        run.benchmarks.push(Benchmark {
            name,
            params,
            metrics: s.metrics(span),
            extra: None,
            timeline: start.zip(end).map(|(a, b)| s.timeline(a, b)),
        });
    }
    Ok(Draft {
        run,
        warnings,
        format: Format::LocustJson,
        tool_version: None,
    })
}
