//! k6's `--out json=FILE` stream: one JSON object a line, a `Metric` line the first time a
//! metric is seen (`{"type":"Metric","data":{"name":…,"type":"trend",…},"metric":…}`) and a
//! `Point` line per sample (`{"metric":"http_req_duration","type":"Point","data":{"time":
//! RFC 3339,"value":…,"tags":{…}}}`).
//!
//! Read in one pass at a cost bounded by the windows, not the points: every point lands in a
//! window of the timeline (1 s from the first point, doubled while the points span more than
//! [`timeline::MAX_WINDOWS`]), and a window keeps sums and a log-linear histogram of its
//! request durations, which merge exactly when windows do. The run's totals are the windows'
//! merged.
//!
//! One benchmark, `http` (every HTTP request of the run): `latency` in ms from
//! `http_req_duration` (n, mean, min and max exact; median and p50/p90/p95/p99 from the
//! histogram: buckets 2^-8 of their value wide, so within 2^-9 (0.2 %) of k6's exact
//! figures), `requests` (`http_reqs`),
//! `failures` and `error_rate` (`http_req_failed`), `throughput` (requests over the time from
//! the first point to the last; k6's own rate divides by the test's whole duration, which the
//! stream does not hold). Its timeline (wall clock): `vus` (level: the mean of the window's
//! `vus` points), `throughput` (rate), `error_rate` (ratio), `latency_p50`/`p95`/`p99`
//! (quantile, ms). A second benchmark, `checks`, holds the `checks` rate when there are checks.
//! The run's time is its first window's start.

use std::borrow::Cow;
use std::collections::BTreeMap;

use serde::Deserialize;

use super::{metric, value_metric, Context, Draft, Format};
use crate::read::ReadErrorKind;
use crate::run::{Benchmark, Better, RunFile, Summary};
use crate::timeline::{self, Clock, Kind, Series, Timeline};

/// The mantissa bits a histogram bucket keeps: buckets 2^-8 of their value wide.
const BUCKET_BITS: u32 = 8;

/// How far a percentile may be from k6's exact one, relative: half a bucket.
#[cfg(test)]
pub(crate) const RELATIVE_ERROR: f64 = 1.0 / 512.0;

/// What a line says; anything else on it (tags, a metric's thresholds) is not read.
#[derive(Deserialize)]
struct Line<'a> {
    #[serde(rename = "type", borrow)]
    kind: Cow<'a, str>,
    #[serde(borrow)]
    metric: Cow<'a, str>,
    data: Data<'a>,
}

#[derive(Deserialize)]
struct Data<'a> {
    #[serde(borrow, default)]
    time: Option<Cow<'a, str>>,
    #[serde(default)]
    value: Option<f64>,
}

/// Whether a text is k6's JSON stream: its first line is a `Metric` or `Point` line.
pub(crate) fn claims(text: &str) -> bool {
    let Some(first) = text.lines().find(|l| !l.trim().is_empty()) else {
        return false;
    };
    let first = first.trim();
    first.starts_with('{')
        && first.contains("\"metric\"")
        && serde_json::from_str::<Line>(first)
            .is_ok_and(|l| l.kind == "Metric" || l.kind == "Point")
}

/// Durations in buckets of equal relative width: a bucket is a value's exponent and its
/// mantissa's first [`BUCKET_BITS`] bits, so its bits' order is the values' order.
#[derive(Clone, Default)]
struct Histogram {
    buckets: BTreeMap<u64, u64>,
    n: u64,
    sum: f64,
    min: f64,
    max: f64,
}

impl Histogram {
    fn add(&mut self, v: f64) {
        let key = v.to_bits() >> (52 - BUCKET_BITS);
        *self.buckets.entry(key).or_default() += 1;
        if self.n == 0 || v < self.min {
            self.min = v;
        }
        if self.n == 0 || v > self.max {
            self.max = v;
        }
        self.n += 1;
        self.sum += v;
    }

    fn merge(&mut self, other: &Histogram) {
        if other.n == 0 {
            return;
        }
        for (k, n) in &other.buckets {
            *self.buckets.entry(*k).or_default() += n;
        }
        if self.n == 0 || other.min < self.min {
            self.min = other.min;
        }
        if self.n == 0 || other.max > self.max {
            self.max = other.max;
        }
        self.n += other.n;
        self.sum += other.sum;
    }

    /// The `k`-th smallest value (from 0): exact at the ends, else its bucket's middle.
    fn at(&self, k: u64) -> f64 {
        if k == 0 {
            return self.min;
        }
        if k + 1 >= self.n {
            return self.max;
        }
        let mut seen = 0;
        for (key, n) in &self.buckets {
            seen += n;
            if seen > k {
                let lo = f64::from_bits(key << (52 - BUCKET_BITS));
                let hi = f64::from_bits((key + 1) << (52 - BUCKET_BITS));
                let mid = if hi.is_finite() {
                    lo + (hi - lo) / 2.0
                } else {
                    lo
                };
                return mid.clamp(self.min, self.max);
            }
        }
        self.max
    }

    /// k6's percentile (linear between the two nearest ranks, numpy's default), from the
    /// buckets.
    fn quantile(&self, p: f64) -> Option<f64> {
        if self.n == 0 {
            return None;
        }
        let rank = p * (self.n - 1) as f64;
        let below = libm::floor(rank);
        let fraction = rank - below;
        let a = self.at(below as u64);
        if fraction == 0.0 {
            return Some(a);
        }
        let b = self.at(below as u64 + 1);
        Some(a + (b - a) * fraction)
    }
}

/// One window's numbers.
#[derive(Clone, Default)]
struct Window {
    requests: f64,
    failed: f64,
    failed_points: u64,
    vus: f64,
    vus_points: u64,
    latency: Histogram,
}

impl Window {
    fn merge(&mut self, other: &Window) {
        self.requests += other.requests;
        self.failed += other.failed;
        self.failed_points += other.failed_points;
        self.vus += other.vus;
        self.vus_points += other.vus_points;
        self.latency.merge(&other.latency);
    }
}

/// The windows so far, by index from the first point's time (earlier points, which a stream
/// may hold, have negative ones).
struct Windows {
    origin: i128,
    width: i128,
    by_index: BTreeMap<i64, Window>,
}

impl Windows {
    fn at(&mut self, time: i128) -> &mut Window {
        let index = (time - self.origin).div_euclid(self.width) as i64;
        self.by_index.entry(index).or_default();
        while self.span() > timeline::MAX_WINDOWS as u64 {
            self.width *= 2;
            let old = std::mem::take(&mut self.by_index);
            for (i, w) in old {
                self.by_index.entry(i.div_euclid(2)).or_default().merge(&w);
            }
        }
        let index = (time - self.origin).div_euclid(self.width) as i64;
        self.by_index.entry(index).or_default()
    }

    fn span(&self) -> u64 {
        match (
            self.by_index.first_key_value(),
            self.by_index.last_key_value(),
        ) {
            (Some((a, _)), Some((b, _))) => b.abs_diff(*a) + 1,
            _ => 0,
        }
    }
}

fn invalid(text: String) -> ReadErrorKind {
    ReadErrorKind::Invalid(text)
}

/// An RFC 3339 time in nanoseconds since the Unix epoch.
fn nanos(text: &str) -> Option<i128> {
    time::OffsetDateTime::parse(text, &time::format_description::well_known::Rfc3339)
        .ok()
        .map(time::OffsetDateTime::unix_timestamp_nanos)
}

pub(crate) fn import(ctx: &Context) -> Result<Draft, ReadErrorKind> {
    let text =
        std::str::from_utf8(ctx.file.bytes).map_err(|e| invalid(format!("not UTF-8 text: {e}")))?;
    let mut windows: Option<Windows> = None;
    let (mut first, mut last) = (i128::MAX, i128::MIN);
    let (mut checks, mut check_points) = (0.0, 0u64);
    let mut duration_sum = 0.0;
    // The points of one sample share their time: parse each time once.
    let mut last_time: (String, i128) = (String::new(), 0);
    for (i, raw) in text.lines().enumerate() {
        let line = i + 1;
        if raw.trim().is_empty() {
            continue;
        }
        let l: Line = serde_json::from_str(raw)
            .map_err(|e| invalid(format!("line {line}: not a k6 JSON line: {e}")))?;
        match l.kind.as_ref() {
            "Metric" => continue,
            "Point" => {}
            other => {
                return Err(invalid(format!(
                    "line {line}: `type` is \"{other}\", not \"Metric\" or \"Point\""
                )))
            }
        }
        let (Some(time), Some(value)) = (l.data.time, l.data.value) else {
            return Err(invalid(format!(
                "line {line}: a `{}` point without a `data.time` and a `data.value`",
                l.metric
            )));
        };
        let t = if last_time.0 == time {
            last_time.1
        } else {
            let t = nanos(&time)
                .ok_or_else(|| invalid(format!("line {line}: `{time}` is not an RFC 3339 time")))?;
            last_time = (time.into_owned(), t);
            t
        };
        first = first.min(t);
        last = last.max(t);
        let windows = windows.get_or_insert_with(|| Windows {
            origin: t,
            width: 1_000_000_000,
            by_index: BTreeMap::new(),
        });
        // Every point has a window, so the timeline spans the whole stream.
        let w = windows.at(t);
        match l.metric.as_ref() {
            "http_req_duration" => {
                if value < 0.0 {
                    return Err(invalid(format!(
                        "line {line}: an http_req_duration of {value} ms, below zero"
                    )));
                }
                // `abs`: −0 is 0, in the histogram's bucket of 0.
                w.latency.add(value.abs());
                // The mean's sum in the stream's order, as k6 adds its samples.
                duration_sum += value;
            }
            "http_reqs" => w.requests += value,
            "http_req_failed" => {
                w.failed += value;
                w.failed_points += 1;
            }
            "vus" => {
                w.vus += value;
                w.vus_points += 1;
            }
            "checks" => {
                checks += value;
                check_points += 1;
            }
            _ => {}
        }
    }
    let Some(windows) = windows else {
        return Err(invalid(
            "no k6 points: a `--out json` stream has a `Point` line per sample".to_string(),
        ));
    };

    let mut total = Window::default();
    for w in windows.by_index.values() {
        total.merge(w);
    }
    let start_index = windows.by_index.first_key_value().map_or(0, |(i, _)| *i);
    let start = windows.origin + start_index as i128 * windows.width;
    let mut run = RunFile::new(ctx.stem(), ctx.fallback_timestamp);
    if let Some(t) = time::OffsetDateTime::from_unix_timestamp_nanos(start)
        .ok()
        .and_then(|t| {
            t.format(&time::format_description::well_known::Rfc3339)
                .ok()
        })
    {
        run.run.timestamp = t;
    }

    let mut metrics = BTreeMap::new();
    let h = &total.latency;
    if h.n > 0 {
        let summary = Summary {
            n: Some(h.n),
            mean: Some(duration_sum / h.n as f64),
            median: h.quantile(0.5),
            min: Some(h.min),
            max: Some(h.max),
            p50: h.quantile(0.5),
            p90: h.quantile(0.9),
            p95: h.quantile(0.95),
            p99: h.quantile(0.99),
            ..Summary::default()
        };
        metrics.insert(
            "latency".to_string(),
            metric("ms", Better::Lower, Vec::new(), Some(summary)),
        );
    }
    metrics.insert(
        "requests".to_string(),
        value_metric("count", Better::Higher, total.requests),
    );
    let span = (last - first) as f64 / 1e9;
    if span > 0.0 {
        metrics.insert(
            "throughput".to_string(),
            value_metric("req/s", Better::Higher, total.requests / span),
        );
    }
    let mut warnings = Vec::new();
    if total.failed_points > 0 {
        metrics.insert(
            "failures".to_string(),
            value_metric("count", Better::Lower, total.failed),
        );
        metrics.insert(
            "error_rate".to_string(),
            value_metric(
                "ratio",
                Better::Lower,
                total.failed / total.failed_points as f64,
            ),
        );
        if total.failed > 0.0 {
            warnings.push(format!(
                "\"http\": {} of {} requests failed",
                total.failed, total.failed_points
            ));
        }
    }
    run.benchmarks.push(Benchmark {
        name: "http".to_string(),
        params: BTreeMap::new(),
        metrics,
        extra: None,
        timeline: Some(timeline_of(&windows, last)),
    });
    if check_points > 0 {
        run.benchmarks.push(Benchmark {
            name: "checks".to_string(),
            params: BTreeMap::new(),
            metrics: BTreeMap::from([(
                "rate".to_string(),
                value_metric("ratio", Better::Higher, checks / check_points as f64),
            )]),
            extra: None,
            timeline: None,
        });
    }
    Ok(Draft {
        run,
        warnings,
        format: Format::K6Json,
        tool_version: None,
    })
}

/// The stream's timeline, its windows from the first point's to the one of the last point,
/// at `last_point` (ns since the epoch): the stream ends there, inside its last window.
fn timeline_of(windows: &Windows, last_point: i128) -> Timeline {
    let first = windows.by_index.first_key_value().map_or(0, |(i, _)| *i);
    let last = windows.by_index.last_key_value().map_or(-1, |(i, _)| *i);
    let empty = Window::default();
    let all: Vec<&Window> = (first..=last)
        .map(|i| windows.by_index.get(&i).unwrap_or(&empty))
        .collect();
    // How long the last window lasted: to the last point. One whose last point is at its
    // very start (no length) is counted as whole.
    let last_start = windows.origin + last as i128 * windows.width;
    let lasted = last_point - last_start;
    let cut = lasted > 0 && lasted < windows.width;
    let start = windows.origin + first as i128 * windows.width;
    let end = cut.then(|| timeline::duration((last_point - start) as u64));
    let n = all.len();
    let seconds = |k: usize| {
        (if cut && k + 1 == n {
            lasted
        } else {
            windows.width
        }) as f64
            / 1e9
    };
    let series = |f: &dyn Fn(&Window, f64) -> Option<f64>| {
        all.iter()
            .enumerate()
            .map(|(k, w)| f(w, seconds(k)))
            .collect()
    };
    let mut out = BTreeMap::new();
    out.insert(
        "vus".to_string(),
        Series::numbers(
            "count",
            Kind::Level,
            series(&|w, _| (w.vus_points > 0).then(|| w.vus / w.vus_points as f64)),
        ),
    );
    out.insert(
        "throughput".to_string(),
        Series::numbers("req/s", Kind::Rate, series(&|w, s| Some(w.requests / s))),
    );
    out.insert(
        "error_rate".to_string(),
        Series::numbers(
            "ratio",
            Kind::Ratio,
            series(&|w, _| (w.failed_points > 0).then(|| w.failed / w.failed_points as f64)),
        ),
    );
    for (name, p) in [
        ("latency_p50", 0.5),
        ("latency_p95", 0.95),
        ("latency_p99", 0.99),
    ] {
        out.insert(
            name.to_string(),
            Series::numbers("ms", Kind::Quantile, series(&|w, _| w.latency.quantile(p))),
        );
    }
    Timeline {
        clock: Clock::Wall,
        window: timeline::duration(windows.width as u64),
        end,
        series: out,
        phases: Vec::new(),
    }
}
