//! Locust's `--csv PREFIX` request statistics, `PREFIX_stats.csv`: one row per endpoint
//! (`Type` is the HTTP method, `Name` the request's name) and the `Aggregated` row.
//!
//! A row becomes a benchmark named `METHOD NAME` (`GET /`; the `Aggregated` row is
//! `Aggregated`) with `latency` in ms (n = the request count; the average as the mean; Locust's
//! median, min, max and its 50/90/95/99 % columns; every percentile column under the metric's
//! `extra.percentiles`), `throughput` (`Requests/s`, req/s, higher), `failure_throughput`
//! (`Failures/s`, req/s, lower), `requests` and `failures` (counts), `error_rate` (failures
//! over requests, ratio, lower) and `content_size` (the average response size, B). Failed
//! requests are a warning. Locust's percentiles and median come from its response-time
//! histogram, rounded to two significant digits ("approximated", as its table says); the
//! mean, min and max are exact. `N/A` (no requests) is no number. The file has no time: its
//! modification time is the run's.
//!
//! Locust's other CSVs (`_stats_history.csv`, `_failures.csv`, `_exceptions.csv`) are not
//! this format: detection asks for the stats file's own header ([`claims`]).

use std::collections::{BTreeMap, HashMap};

use serde_json::{Map, Value};

use super::{metric, unique_name, value_metric, Context, Draft, Format};
use crate::read::ReadErrorKind;
use crate::run::{Benchmark, Better, Metric, RunFile, Summary};

/// The columns this importer reads, by the names of Locust 1.0 and later (the request type
/// column was `Method` before 1.0, the counts `# requests` and `# failures`).
#[derive(Clone, Copy, PartialEq)]
enum Column {
    Type,
    Name,
    Requests,
    Failures,
    Median,
    Average,
    Min,
    Max,
    ContentSize,
    RequestsPerSecond,
    FailuresPerSecond,
    /// A percentile column (`50%`, `99.9%`, `100%`): its header and its fraction.
    Percentile,
}

fn column(header: &str) -> Option<Column> {
    let h = header.trim().to_ascii_lowercase();
    Some(match h.as_str() {
        "type" | "method" => Column::Type,
        "name" => Column::Name,
        "request count" | "# requests" => Column::Requests,
        "failure count" | "# failures" => Column::Failures,
        "median response time" => Column::Median,
        "average response time" => Column::Average,
        "min response time" => Column::Min,
        "max response time" => Column::Max,
        "average content size" => Column::ContentSize,
        "requests/s" => Column::RequestsPerSecond,
        "failures/s" | "requests failed/s" => Column::FailuresPerSecond,
        _ if h.ends_with('%') && h[..h.len() - 1].parse::<f64>().is_ok() => Column::Percentile,
        _ => return None,
    })
}

/// Whether a file's first line is a Locust stats header: a request type, a name, a request
/// count and a median response time, and no column of the history file (`Timestamp`).
pub(crate) fn claims(text: &str) -> bool {
    let Some(header) = header_cells(text, &["type", "method"]) else {
        return false;
    };
    let columns: Vec<Option<Column>> = header.iter().map(column).collect();
    columns.first() == Some(&Some(Column::Type))
        && columns.get(1) == Some(&Some(Column::Name))
        && columns.contains(&Some(Column::Requests))
        && columns.contains(&Some(Column::Median))
}

/// The cells of a text's first line (after a byte-order mark), read as a CSV record, when the
/// line starts with one of `starts` (case-insensitively, after any quotes): every Locust CSV's
/// header, for its importer's `claims`.
pub(crate) fn header_cells(text: &str, starts: &[&str]) -> Option<csv::StringRecord> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let first = text.lines().next()?;
    // A cheap refusal first: a minified JSON document is one long line.
    let bare = first.trim_start_matches('"');
    if !starts.iter().any(|w| {
        bare.get(..w.len())
            .is_some_and(|start| start.eq_ignore_ascii_case(w))
    }) {
        return None;
    }
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(first.as_bytes());
    reader.records().next()?.ok()
}

/// A cell as a number: empty and `N/A` are none; anything else that is not a number is an
/// error naming the line and the column (every Locust CSV writes its cells so).
pub(crate) fn number(cell: &str, line: u64, header: &str) -> Result<Option<f64>, ReadErrorKind> {
    let cell = cell.trim();
    if cell.is_empty() || cell.eq_ignore_ascii_case("n/a") {
        return Ok(None);
    }
    match cell.parse::<f64>() {
        Ok(x) if x.is_finite() => Ok(Some(x)),
        _ => Err(ReadErrorKind::Invalid(format!(
            "line {line}, column `{header}`: `{cell}` is not a number"
        ))),
    }
}

/// A request's benchmark name, as every Locust importer names it: `METHOD NAME` (`GET /`), or
/// the name alone when there is no method (`Aggregated`).
pub(crate) fn endpoint_name(method: &str, endpoint: &str) -> String {
    if method.is_empty() {
        endpoint.to_string()
    } else {
        format!("{method} {endpoint}")
    }
}

/// What every Locust importer gives an endpoint's benchmark besides its metrics: the `method`
/// param (none without a method) and, when some of its requests failed, the warning.
pub(crate) struct Endpoint {
    pub params: BTreeMap<String, String>,
    pub warning: Option<String>,
}

/// [`Endpoint`] of the benchmark `name` (already [`endpoint_name`]'s, made unique), whose
/// `failures` of `requests` failed.
pub(crate) fn endpoint<N: std::fmt::Display + PartialOrd + Default>(
    method: &str,
    name: &str,
    failures: N,
    requests: N,
) -> Endpoint {
    let mut params = BTreeMap::new();
    if !method.is_empty() {
        params.insert("method".to_string(), method.to_string());
    }
    let warning = (failures > N::default())
        .then(|| format!("\"{name}\": {failures} of {requests} requests failed"));
    Endpoint { params, warning }
}

pub(crate) fn import(ctx: &Context) -> Result<Draft, ReadErrorKind> {
    let bytes = ctx.file.bytes;
    let bytes = bytes.strip_prefix("\u{feff}".as_bytes()).unwrap_or(bytes);
    let text = std::str::from_utf8(bytes)
        .map_err(|e| ReadErrorKind::Invalid(format!("not UTF-8 text: {e}")))?;
    if !claims(text) {
        return Err(ReadErrorKind::Invalid(
            "not a Locust stats CSV: the first line must be its header \
             (Type,Name,Request Count,…,Median Response Time,…)"
                .to_string(),
        ));
    }
    // The header is read as a record like the others, so that every position is the reader's.
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(bytes);
    let mut headers = csv::StringRecord::new();
    reader
        .read_record(&mut headers)
        .map_err(|e| ReadErrorKind::Invalid(format!("not CSV: {e}")))?;
    let columns: Vec<Option<Column>> = headers.iter().map(column).collect();
    let find = |want: Column| columns.iter().position(|c| *c == Some(want));

    let mut run = RunFile::new(ctx.stem(), ctx.fallback_timestamp);
    let mut warnings = Vec::new();
    let mut seen = HashMap::new();
    let mut record = csv::StringRecord::new();
    loop {
        // Where the next record starts, as a 1-based line counted from its byte offset (which
        // after a `\r\n`, as Python's csv module ends lines, points at the `\n`).
        let mut at = usize::try_from(reader.position().byte())
            .unwrap_or(usize::MAX)
            .min(bytes.len());
        while matches!(bytes.get(at), Some(b'\r' | b'\n')) {
            at += 1;
        }
        let line = bytes[..at].iter().filter(|&&b| b == b'\n').count() as u64 + 1;
        let more = reader
            .read_record(&mut record)
            .map_err(|e| ReadErrorKind::Invalid(format!("not CSV: {e}")))?;
        if !more {
            break;
        }
        if record.len() != headers.len() {
            return Err(ReadErrorKind::Invalid(format!(
                "line {line}: {} cells, the header has {}",
                record.len(),
                headers.len()
            )));
        }
        let cell = |c: Column| find(c).map_or("", |i| record[i].trim());
        let num = |c: Column| match find(c) {
            Some(i) => number(&record[i], line, &headers[i]),
            None => Ok(None),
        };
        let method = cell(Column::Type);
        let endpoint = cell(Column::Name);
        if endpoint.is_empty() {
            return Err(ReadErrorKind::Invalid(format!(
                "line {line}: the request has no name"
            )));
        }
        let name = unique_name(&mut seen, &endpoint_name(method, endpoint));

        let requests = num(Column::Requests)?;
        let failures = num(Column::Failures)?;
        let mut percentiles = Map::new();
        let mut summary = Summary {
            n: requests.filter(|r| *r >= 0.0).map(|r| r as u64),
            mean: num(Column::Average)?,
            median: num(Column::Median)?,
            min: num(Column::Min)?,
            max: num(Column::Max)?,
            ..Summary::default()
        };
        for (i, c) in columns.iter().enumerate() {
            if *c != Some(Column::Percentile) {
                continue;
            }
            let header = headers[i].trim();
            let Some(value) = number(&record[i], line, header)? else {
                continue;
            };
            percentiles.insert(header.to_string(), Value::from(value));
            match header {
                "50%" => summary.p50 = Some(value),
                "90%" => summary.p90 = Some(value),
                "95%" => summary.p95 = Some(value),
                "99%" => summary.p99 = Some(value),
                _ => {}
            }
        }
        let mut metrics = BTreeMap::new();
        // No requests: Locust's zeros (min, max, average) are no measurement.
        if requests.is_some_and(|r| r > 0.0) {
            let mut latency: Metric = metric("ms", Better::Lower, Vec::new(), Some(summary));
            if !percentiles.is_empty() {
                latency.extra = Some(Map::from_iter([(
                    "percentiles".to_string(),
                    Value::Object(percentiles),
                )]));
            }
            metrics.insert("latency".to_string(), latency);
            if let Some(size) = num(Column::ContentSize)? {
                metrics.insert(
                    "content_size".to_string(),
                    value_metric("B", Better::Lower, size),
                );
            }
        }
        if let Some(r) = requests {
            metrics.insert(
                "requests".to_string(),
                value_metric("count", Better::Higher, r),
            );
        }
        if let Some(f) = failures {
            metrics.insert(
                "failures".to_string(),
                value_metric("count", Better::Lower, f),
            );
        }
        if let (Some(r), Some(f)) = (requests, failures) {
            if r > 0.0 {
                metrics.insert(
                    "error_rate".to_string(),
                    value_metric("ratio", Better::Lower, f / r),
                );
            }
        }
        // Warned about only when both counts are there.
        let counts = requests.zip(failures).unwrap_or((0.0, 0.0));
        let Endpoint { params, warning } = self::endpoint(method, &name, counts.1, counts.0);
        warnings.extend(warning);
        if let Some(rps) = num(Column::RequestsPerSecond)? {
            metrics.insert(
                "throughput".to_string(),
                value_metric("req/s", Better::Higher, rps),
            );
        }
        if let Some(fps) = num(Column::FailuresPerSecond)? {
            metrics.insert(
                "failure_throughput".to_string(),
                value_metric("req/s", Better::Lower, fps),
            );
        }
        run.benchmarks.push(Benchmark {
            name,
            params,
            metrics,
            extra: None,
            timeline: None,
        });
    }
    if run.benchmarks.is_empty() {
        return Err(ReadErrorKind::Invalid(
            "a Locust stats CSV without rows: no requests were recorded".to_string(),
        ));
    }
    Ok(Draft {
        run,
        warnings,
        format: Format::Locust,
        tool_version: None,
    })
}
