//! libtest's benchmark lines, `test NAME ... bench:  1,234 ns/iter (+/- 56)` with an optional
//! ` = 800 MB/s`: what nightly `#[bench]` (`cargo bench`) prints, and what criterion prints
//! with `--output-format bencher`. Also libtest's JSON lines (`--format json -Z
//! unstable-options`): `{"type": "bench", "name", "median", "deviation", "mib_per_second"}`.
//!
//! The figure is the median of libtest's samples in ns per iteration: `time` (ns) with that
//! median as its value; the `+/-` is the range of the (winsorised) samples, kept under
//! `extra.deviation`, not a standard deviation. `MB/s` is `throughput` (MB/s, higher).
//! Numbers may have thousands separators (`1,234`) and, in newer Rust, decimals.

use std::collections::{BTreeMap, HashMap};

use serde::Deserialize;

use super::{unique_name, Context, Draft, Format};
use crate::read::{parse_json, ReadErrorKind};
use crate::run::{Benchmark, Better, Metric, RunFile, Summary};

/// One benchmark line, read.
#[derive(Debug, PartialEq)]
struct Line<'a> {
    name: &'a str,
    median: f64,
    deviation: f64,
    mb_per_s: Option<f64>,
}

fn number(text: &str) -> Option<f64> {
    let cleaned: String = text.chars().filter(|c| *c != ',').collect();
    if cleaned.is_empty() || !cleaned.starts_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    cleaned.parse().ok()
}

/// A bench line: `None` when the line is not one, `Some(Err)` when it starts like one
/// (`test NAME ... bench:`) but the rest is broken.
fn bench_line(line: &str) -> Option<Result<Line<'_>, String>> {
    let rest = line.trim_end().strip_prefix("test ")?;
    let (name, figures) = rest.split_once(" ... bench:")?;
    let name = name.trim();
    let broken = || {
        format!(
            "`{name}`: expected `N ns/iter (+/- D)`, found `{}`",
            figures.trim()
        )
    };
    let mut fields = figures.split_whitespace();
    let (Some(median), Some("ns/iter"), Some("(+/-"), Some(deviation)) =
        (fields.next(), fields.next(), fields.next(), fields.next())
    else {
        return Some(Err(broken()));
    };
    let (Some(median), Some(deviation)) =
        (number(median), deviation.strip_suffix(')').and_then(number))
    else {
        return Some(Err(broken()));
    };
    let mb_per_s = match (fields.next(), fields.next(), fields.next()) {
        (None, _, _) => None,
        (Some("="), Some(rate), Some("MB/s")) => match number(rate) {
            Some(rate) => Some(rate),
            None => return Some(Err(broken())),
        },
        _ => return Some(Err(broken())),
    };
    Some(Ok(Line {
        name,
        median,
        deviation,
        mb_per_s,
    }))
}

/// Whether this text holds libtest bench lines.
pub(crate) fn claims_text(text: &str) -> bool {
    if text.trim_start().starts_with(['{', '[', '<']) {
        return false;
    }
    text.lines()
        .any(|line| matches!(bench_line(line), Some(Ok(_))))
}

#[derive(Deserialize)]
struct Event {
    #[serde(rename = "type")]
    kind: String,
    #[serde(default)]
    event: Option<String>,
    #[serde(default)]
    name: Option<String>,
    median: Option<f64>,
    deviation: Option<f64>,
    mib_per_second: Option<f64>,
}

/// What detection reads of an event: a broken field elsewhere is the importer's to report.
#[derive(Deserialize)]
struct Head {
    #[serde(rename = "type")]
    kind: String,
    #[serde(default)]
    event: Option<String>,
}

/// Whether this text is libtest's JSON lines: the first line is a suite, test or bench event.
pub(crate) fn claims_json(text: &str) -> bool {
    let Some(first) = text.lines().find(|l| !l.trim().is_empty()) else {
        return false;
    };
    // libtest writes `type` first (`{ "type": "suite", … }`): checking the first key keeps a
    // big one-line JSON document of another tool from being parsed twice.
    let first = first.trim();
    first
        .strip_prefix('{')
        .is_some_and(|body| body.trim_start().starts_with("\"type\""))
        && parse_json::<Head>(first.as_bytes()).is_ok_and(|e| {
            matches!(e.kind.as_str(), "suite" | "test" | "bench")
                && (e.event.is_some() || e.kind == "bench")
        })
}

fn time_metric(median: f64, deviation: f64) -> Metric {
    let mut extra = serde_json::Map::new();
    if let Some(d) = serde_json::Number::from_f64(deviation) {
        extra.insert("deviation".to_string(), serde_json::Value::Number(d));
    }
    Metric {
        unit: "ns".to_string(),
        better: Better::Lower,
        value: median.is_finite().then_some(median),
        summary: Some(Summary {
            median: median.is_finite().then_some(median),
            ..Summary::default()
        }),
        samples: Vec::new(),
        extra: (!extra.is_empty()).then_some(extra),
    }
}

pub(crate) fn import(ctx: &Context) -> Result<Draft, ReadErrorKind> {
    let text = std::str::from_utf8(ctx.file.bytes)
        .map_err(|e| ReadErrorKind::Invalid(format!("not UTF-8 text: {e}")))?;
    let json = claims_json(text);
    let mut run = RunFile::new(ctx.stem(), ctx.fallback_timestamp);
    let mut warnings = Vec::new();
    let mut seen = HashMap::new();
    for (i, line) in text.lines().enumerate() {
        let (name, median, deviation, rate) = if json {
            if line.trim().is_empty() {
                continue;
            }
            let event: Event = parse_json(line.as_bytes()).map_err(|e| {
                ReadErrorKind::Invalid(format!("line {}: not a libtest JSON event: {e}", i + 1))
            })?;
            if event.kind == "test" && event.event.as_deref() == Some("failed") {
                warnings.push(format!(
                    "benchmark \"{}\" failed",
                    event.name.as_deref().unwrap_or("?")
                ));
            }
            if event.kind != "bench" {
                continue;
            }
            let (Some(name), Some(median)) = (event.name, event.median) else {
                return Err(ReadErrorKind::Invalid(format!(
                    "line {}: a bench event needs `name` and `median`",
                    i + 1
                )));
            };
            (
                name,
                median,
                event.deviation.unwrap_or(f64::NAN),
                event.mib_per_second,
            )
        } else {
            if let Some(rest) = line.strip_prefix("test ") {
                if let Some(name) = rest.trim_end().strip_suffix(" ... FAILED") {
                    warnings.push(format!("benchmark \"{}\" failed", name.trim()));
                }
            }
            let Some(parsed) = bench_line(line) else {
                continue;
            };
            let parsed =
                parsed.map_err(|why| ReadErrorKind::Invalid(format!("line {}: {why}", i + 1)))?;
            (
                parsed.name.to_string(),
                parsed.median,
                parsed.deviation,
                parsed.mb_per_s,
            )
        };
        let mut metrics = BTreeMap::new();
        metrics.insert("time".to_string(), time_metric(median, deviation));
        if let Some(rate) = rate {
            metrics.insert(
                "throughput".to_string(),
                super::value_metric("MB/s", Better::Higher, rate),
            );
        }
        run.benchmarks.push(Benchmark {
            name: unique_name(&mut seen, &name),
            params: BTreeMap::new(),
            metrics,
            extra: None,
            timeline: None,
        });
    }
    if run.benchmarks.is_empty() {
        return Err(ReadErrorKind::Invalid(
            "no benchmark lines (`test NAME ... bench: N ns/iter (+/- D)`)".to_string(),
        ));
    }
    Ok(Draft {
        run,
        warnings,
        format: Format::Libtest,
        tool_version: None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bench_lines_old_and_new() {
        assert_eq!(
            bench_line("test fib::bench_10 ... bench:       1,234 ns/iter (+/- 56)"),
            Some(Ok(Line {
                name: "fib::bench_10",
                median: 1234.0,
                deviation: 56.0,
                mb_per_s: None
            }))
        );
        assert_eq!(
            bench_line(
                "test copy_4k       ... bench:         807.33 ns/iter (+/- 759.98) = 5075 MB/s"
            ),
            Some(Ok(Line {
                name: "copy_4k",
                median: 807.33,
                deviation: 759.98,
                mb_per_s: Some(5075.0)
            }))
        );
        // criterion's bencher output: ids may hold spaces and slashes.
        assert_eq!(
            bench_line("test fib 20/iter ... bench:       12,345 ns/iter (+/- 1,001)")
                .unwrap()
                .unwrap()
                .name,
            "fib 20/iter"
        );
        assert!(bench_line("test it_works ... ok").is_none());
        assert!(bench_line("running 3 tests").is_none());
        assert!(bench_line("test a ... bench:  12 ns/iter (+/-")
            .unwrap()
            .is_err());
        assert!(bench_line("test a ... bench:  x ns/iter (+/- 1)")
            .unwrap()
            .is_err());
    }
}
