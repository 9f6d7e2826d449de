//! Locust's `--csv PREFIX` history, `PREFIX_stats_history.csv`: a row every few seconds (one by
//! default) with the users running and the totals so far, for `Aggregated` and, with
//! `--csv-full-history`, for every endpoint. Each endpoint becomes a benchmark named as the
//! stats importer names it ([`super::locust`]: `GET /`, `Aggregated`) whose **timeline**
//! (docs/format.md, "Timelines"; wall-clock windows of the rows' interval, or of several when
//! the history is longer than 2,000 of them) holds:
//!
//! - `users` (level, count): the users running at the window's end;
//! - `throughput` (rate, req/s) and `error_rate` (ratio): from the differences of the total
//!   request and failure counts between two rows, so exactly the window's requests (Locust's
//!   own `Requests/s` column is an average over its last ten or so seconds, and lags);
//! - `latency_mean` (level, ms): the window's exact mean, from the differences of the totals
//!   (count × average response time);
//! - `latency_p50`, `latency_p95`, `latency_p99` (quantile, ms): Locust's "current"
//!   percentiles, over about the last 10 s (its `CURRENT_RESPONSE_TIME_PERCENTILE_WINDOW`),
//!   rounded to two significant digits. A row whose every percentile is 0 has none: Locust
//!   writes 0 when it has no cached totals from 10 s before.
//!
//! The benchmark's metrics are the last row's totals, named as the stats file's are:
//! `latency` (n, mean, median, min, max), `requests`, `failures`, `error_rate`, `throughput`
//! (requests over the history's span) and `content_size`. The run's timestamp is the first
//! row's (`Timestamp` is Unix seconds).

use std::collections::{BTreeMap, HashMap};

use super::locust::{endpoint_name, header_cells, number, Endpoint};
use super::{metric, unique_name, value_metric, Context, Draft, Format};
use crate::read::ReadErrorKind;
use crate::run::{Benchmark, Better, RunFile, Summary};
use crate::timeline::{self, Clock, Kind, Series, Timeline};

/// The columns this importer reads (Locust 1.0 and later; 2.x writes them all).
#[derive(Clone, Copy, PartialEq)]
enum Column {
    Timestamp,
    Users,
    Type,
    Name,
    /// A percentile column (`50%`, `99.9%`, `100%`).
    Percentile,
    TotalRequests,
    TotalFailures,
    TotalMedian,
    TotalAverage,
    TotalMin,
    TotalMax,
    TotalContentSize,
}

fn column(header: &str) -> Option<Column> {
    let h = header.trim().to_ascii_lowercase();
    Some(match h.as_str() {
        "timestamp" => Column::Timestamp,
        "user count" => Column::Users,
        "type" | "method" => Column::Type,
        "name" => Column::Name,
        "total request count" => Column::TotalRequests,
        "total failure count" => Column::TotalFailures,
        "total median response time" => Column::TotalMedian,
        "total average response time" => Column::TotalAverage,
        "total min response time" => Column::TotalMin,
        "total max response time" => Column::TotalMax,
        "total average content size" => Column::TotalContentSize,
        _ if h.ends_with('%') && h[..h.len() - 1].parse::<f64>().is_ok() => Column::Percentile,
        _ => return None,
    })
}

/// The columns without which a history is not one.
const NEEDED: [(Column, &str); 4] = [
    (Column::Timestamp, "Timestamp"),
    (Column::Name, "Name"),
    (Column::TotalRequests, "Total Request Count"),
    (Column::TotalAverage, "Total Average Response Time"),
];

/// Whether a file's first line is a Locust history header: `Timestamp` first, a `Name` and the
/// total request count.
pub(crate) fn claims(text: &str) -> bool {
    let Some(header) = header_cells(text, &["timestamp"]) else {
        return false;
    };
    let columns: Vec<Option<Column>> = header.iter().map(column).collect();
    columns.first() == Some(&Some(Column::Timestamp))
        && columns.contains(&Some(Column::Name))
        && columns.contains(&Some(Column::TotalRequests))
}

/// One row of one endpoint, the numbers this importer uses.
#[derive(Debug, Clone, Default)]
struct Row {
    time: i64,
    users: Option<f64>,
    /// The current percentiles by header (`50%`), when Locust had them.
    percentiles: Vec<(String, f64)>,
    requests: f64,
    failures: f64,
    median: Option<f64>,
    average: Option<f64>,
    min: Option<f64>,
    max: Option<f64>,
    content_size: Option<f64>,
}

fn invalid(text: String) -> ReadErrorKind {
    ReadErrorKind::Invalid(text)
}

pub(crate) fn import(ctx: &Context) -> Result<Draft, ReadErrorKind> {
    let bytes = ctx.file.bytes;
    let bytes = bytes.strip_prefix("\u{feff}".as_bytes()).unwrap_or(bytes);
    let text = std::str::from_utf8(bytes).map_err(|e| invalid(format!("not UTF-8 text: {e}")))?;
    let first = text.lines().next().unwrap_or("").trim_start_matches('"');
    if !first
        .get(..9)
        .is_some_and(|start| start.eq_ignore_ascii_case("timestamp"))
    {
        return Err(invalid(
            "not a Locust history CSV: the first line must be its header \
             (Timestamp,User Count,Type,Name,…,Total Request Count,…)"
                .to_string(),
        ));
    }
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(bytes);
    let mut headers = csv::StringRecord::new();
    reader
        .read_record(&mut headers)
        .map_err(|e| invalid(format!("not CSV: {e}")))?;
    let columns: Vec<Option<Column>> = headers.iter().map(column).collect();
    let find = |want: Column| columns.iter().position(|c| *c == Some(want));
    for (needed, name) in NEEDED {
        if find(needed).is_none() {
            return Err(invalid(format!("the header has no `{name}` column")));
        }
    }

    // The endpoints in the order they first appear, each with its rows in the file's order.
    let mut order: Vec<(String, String)> = Vec::new();
    let mut rows: HashMap<(String, String), Vec<Row>> = HashMap::new();
    let mut record = csv::StringRecord::new();
    // The header is line 1; Locust writes no quoted newlines, so a record is a line.
    let mut line = 1u64;
    while reader
        .read_record(&mut record)
        .map_err(|e| invalid(format!("line {}: not CSV: {e}", line + 1)))?
    {
        line += 1;
        if record.len() != headers.len() {
            return Err(invalid(format!(
                "line {line}: {} cells, the header has {}",
                record.len(),
                headers.len()
            )));
        }
        let num = |c: Column| match find(c) {
            Some(i) => number(&record[i], line, &headers[i]),
            None => Ok(None),
        };
        let cell = |c: Column| find(c).map_or("", |i| record[i].trim());
        let time = num(Column::Timestamp)?
            // Up to the year 9999, as RFC 3339 (and a run's timestamp) can write.
            .filter(|t| *t >= 0.0 && *t <= 253_402_300_799.0 && t.fract() == 0.0)
            .ok_or_else(|| {
                invalid(format!(
                    "line {line}: the timestamp `{}` is not whole Unix seconds",
                    cell(Column::Timestamp)
                ))
            })? as i64;
        let endpoint = cell(Column::Name);
        if endpoint.is_empty() {
            return Err(invalid(format!("line {line}: the request has no name")));
        }
        let mut percentiles = Vec::new();
        for (i, c) in columns.iter().enumerate() {
            if *c == Some(Column::Percentile) {
                if let Some(v) = number(&record[i], line, &headers[i])? {
                    percentiles.push((headers[i].trim().to_string(), v));
                }
            }
        }
        // Locust's 0 for "no totals cached from 10 s before" (see the module's comment).
        if percentiles.iter().all(|(_, v)| *v == 0.0) {
            percentiles.clear();
        }
        let row = Row {
            time,
            users: num(Column::Users)?,
            percentiles,
            requests: num(Column::TotalRequests)?.unwrap_or(0.0),
            failures: num(Column::TotalFailures)?.unwrap_or(0.0),
            median: num(Column::TotalMedian)?,
            average: num(Column::TotalAverage)?,
            min: num(Column::TotalMin)?,
            max: num(Column::TotalMax)?,
            content_size: num(Column::TotalContentSize)?,
        };
        let key = (cell(Column::Type).to_string(), endpoint.to_string());
        let list = rows.entry(key.clone()).or_default();
        if let Some(last) = list.last() {
            if row.time < last.time {
                return Err(invalid(format!(
                    "line {line}: `{endpoint}` goes back in time ({} after {})",
                    row.time, last.time
                )));
            }
        }
        if list.is_empty() {
            order.push(key);
        }
        list.push(row);
    }
    if order.is_empty() {
        return Err(invalid(
            "a Locust history CSV without rows: nothing was recorded".to_string(),
        ));
    }
    let start = rows
        .values()
        .filter_map(|r| r.first())
        .map(|r| r.time)
        .min();
    let start = start.unwrap_or(0);
    let end = rows.values().filter_map(|r| r.last()).map(|r| r.time).max();
    let end = end.unwrap_or(start);
    // A history of more than MAX_WINDOWS intervals gets windows of several, chosen up front
    // so that no more than MAX_WINDOWS are ever held (whatever the timestamps say).
    let step = interval(rows.values());
    let intervals = ((end - start) / step).saturating_add(1);
    let window =
        step.saturating_mul((intervals as u64).div_ceil(timeline::MAX_WINDOWS as u64) as i64);

    let mut run = RunFile::new(ctx.stem(), ctx.fallback_timestamp);
    if let Some(t) = super::epoch_ms(start as f64 * 1000.0) {
        run.run.timestamp = t;
    }
    let mut warnings = Vec::new();
    let mut seen = HashMap::new();
    for (method, endpoint) in &order {
        let list = &rows[&(method.clone(), endpoint.clone())];
        let name = unique_name(&mut seen, &endpoint_name(method, endpoint));
        let last = list.last().expect("an endpoint has a row");
        let Endpoint { params, warning } =
            super::locust::endpoint(method, &name, last.failures, last.requests);
        warnings.extend(warning);
        run.benchmarks.push(Benchmark {
            name,
            params,
            metrics: totals(last, list.first().map_or(last.time, |r| r.time)),
            extra: None,
            timeline: Some(timeline_of(list, start, end, window)),
        });
    }
    Ok(Draft {
        run,
        warnings,
        format: Format::LocustHistory,
        tool_version: None,
    })
}

/// The rows' interval in whole seconds: the most common step between two rows of an endpoint
/// (Locust's `CSV_STATS_INTERVAL_SEC`, 1 by default; a row now and then comes late).
fn interval<'a>(rows: impl Iterator<Item = &'a Vec<Row>>) -> i64 {
    let mut steps: BTreeMap<i64, usize> = BTreeMap::new();
    for list in rows {
        for pair in list.windows(2) {
            let step = pair[1].time - pair[0].time;
            if step > 0 {
                *steps.entry(step).or_default() += 1;
            }
        }
    }
    // The most common; on a tie, the shortest (the map is in order of step).
    steps
        .into_iter()
        .fold(
            (1, 0),
            |best, (step, n)| if n > best.1 { (step, n) } else { best },
        )
        .0
}

/// The last row's totals as the benchmark's metrics.
fn totals(last: &Row, first_time: i64) -> BTreeMap<String, crate::run::Metric> {
    let mut metrics = BTreeMap::new();
    let requests = last.requests;
    if requests > 0.0 {
        let summary = Summary {
            n: Some(requests as u64),
            mean: last.average,
            median: last.median,
            min: last.min,
            max: last.max,
            ..Summary::default()
        };
        metrics.insert(
            "latency".to_string(),
            metric("ms", Better::Lower, Vec::new(), Some(summary)),
        );
        metrics.insert(
            "error_rate".to_string(),
            value_metric("ratio", Better::Lower, last.failures / requests),
        );
        if let Some(size) = last.content_size {
            metrics.insert(
                "content_size".to_string(),
                value_metric("B", Better::Lower, size),
            );
        }
        let span = (last.time - first_time) as f64;
        if span > 0.0 {
            metrics.insert(
                "throughput".to_string(),
                value_metric("req/s", Better::Higher, requests / span),
            );
        }
    }
    metrics.insert(
        "requests".to_string(),
        value_metric("count", Better::Higher, requests),
    );
    metrics.insert(
        "failures".to_string(),
        value_metric("count", Better::Lower, last.failures),
    );
    metrics
}

/// An endpoint's rows as a timeline of `window`-second windows from `start` to `end` (every
/// endpoint's the same, so their windows line up): window `i` is
/// what happened between the rows at `start + i·window` and `start + (i+1)·window`. A row
/// late or missing leaves the windows it skipped to share the difference (their rate is the
/// same) and the levels and percentiles on the last of them. A window of several intervals
/// (a history longer than [`timeline::MAX_WINDOWS`] of them) is likewise the difference of
/// the totals across it, with the levels and percentiles of the row that closes it.
fn timeline_of(rows: &[Row], start: i64, end: i64, window: i64) -> Timeline {
    let windows = usize::try_from((end - start).div_euclid(window)).unwrap_or(0);
    let mut users = vec![None; windows];
    let mut throughput = vec![None; windows];
    let mut error_rate = vec![None; windows];
    let mut mean = vec![None; windows];
    let mut quantiles: BTreeMap<&str, Vec<Option<f64>>> = ["50%", "95%", "99%"]
        .into_iter()
        .map(|p| (p, vec![None; windows]))
        .collect();
    // Each boundary's row: window boundary `k` (at `start + k·window`) is the first row at or
    // after it and before the next one (the last of the rows at that time).
    let mut boundaries: Vec<(usize, &Row)> = Vec::new();
    for row in rows {
        let Ok(k) = usize::try_from((row.time - start).div_euclid(window)) else {
            continue;
        };
        match boundaries.last_mut() {
            // The row nearest the boundary from after it; of two at one time, the later.
            Some((last, kept)) if *last == k => {
                if kept.time == row.time {
                    *kept = row;
                }
            }
            _ => boundaries.push((k, row)),
        }
    }
    // Locust writes an endpoint from its first request on: at the boundary before its first
    // row, its totals were zero.
    let zero = Row {
        average: Some(0.0),
        ..Row::default()
    };
    if let Some(&(first, _)) = boundaries.first() {
        if first > 0 {
            boundaries.insert(0, (first - 1, &zero));
        }
    }
    for pair in boundaries.windows(2) {
        let ((from, b), (upto, row)) = (pair[0], pair[1]);
        if upto > windows {
            break;
        }
        let i = upto - 1;
        users[i] = row.users;
        for (p, values) in quantiles.iter_mut() {
            values[i] = row
                .percentiles
                .iter()
                .find(|(h, _)| h == p)
                .map(|(_, v)| *v);
        }
        let requests = row.requests - b.requests;
        let failures = row.failures - b.failures;
        if requests < 0.0 || failures < 0.0 {
            // Locust's totals were reset (`--reset-stats`, or the web UI's reset).
            continue;
        }
        let span = (upto - from) as f64 * window as f64;
        for value in &mut throughput[from..upto] {
            *value = Some(requests / span);
        }
        if requests > 0.0 {
            error_rate[i] = Some(failures / requests);
            if let (Some(a), Some(b_avg)) = (row.average, b.average) {
                let total = a * row.requests - b_avg * b.requests;
                mean[i] = Some((total / requests).max(0.0));
            }
        }
    }
    let mut series = BTreeMap::new();
    series.insert(
        "users".to_string(),
        Series::numbers("count", Kind::Level, users),
    );
    series.insert(
        "throughput".to_string(),
        Series::numbers("req/s", Kind::Rate, throughput),
    );
    series.insert(
        "error_rate".to_string(),
        Series::numbers("ratio", Kind::Ratio, error_rate),
    );
    series.insert(
        "latency_mean".to_string(),
        Series::numbers("ms", Kind::Level, mean),
    );
    for (p, values) in quantiles {
        let name = format!("latency_p{}", p.trim_end_matches('%'));
        series.insert(name, Series::numbers("ms", Kind::Quantile, values));
    }
    Timeline {
        clock: Clock::Wall,
        window: timeline::duration((window as u64).saturating_mul(1_000_000_000)),
        end: None,
        series,
        phases: Vec::new(),
    }
}
