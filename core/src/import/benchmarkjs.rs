//! Benchmark.js's result lines, `NAME x 1,234 ops/sec ±1.23% (89 runs sampled)`: what
//! `String(event.target)` gives in a suite's `cycle` handler, the usual way to print a suite.
//!
//! Each line is a benchmark: `throughput` in ops/s (higher), its value the printed rate; the
//! relative margin of error (±, a percentage of the mean at 95 %) and the number of runs
//! sampled are kept under `extra` (`rme_percent`, `runs`). Other lines (`Fastest is …`) are
//! ignored.

use std::collections::{BTreeMap, HashMap};

use super::{unique_name, value_metric, Context, Draft, Format};
use crate::read::ReadErrorKind;
use crate::run::{Benchmark, Better, RunFile};

#[derive(Debug, PartialEq)]
struct Line<'a> {
    name: &'a str,
    hz: f64,
    rme: f64,
    runs: u64,
}

fn number(text: &str) -> Option<f64> {
    let cleaned: String = text.chars().filter(|c| *c != ',').collect();
    if !cleaned.starts_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    cleaned.parse().ok()
}

/// A result line: `None` when the line is not one, `Some(Err)` when it has the shape (`… x N
/// ops/sec …`) but broken numbers.
fn result_line(line: &str) -> Option<Result<Line<'_>, String>> {
    let line = line.trim_end();
    let (head, tail) = line.rsplit_once(" ops/sec ")?;
    let (name, hz) = head.rsplit_once(" x ")?;
    let name = name.trim();
    let broken = || {
        format!("`{name}`: expected `N ops/sec ±R% (K runs sampled)`, found `{hz} ops/sec {tail}`")
    };
    let Some(hz) = number(hz) else {
        return Some(Err(broken()));
    };
    let Some(rest) = tail.strip_prefix('±') else {
        return Some(Err(broken()));
    };
    let Some((rme, rest)) = rest.split_once("% (") else {
        return Some(Err(broken()));
    };
    let runs = rest
        .strip_suffix(" runs sampled)")
        .or_else(|| rest.strip_suffix(" run sampled)"));
    let (Some(rme), Some(Ok(runs))) = (number(rme), runs.map(str::parse::<u64>)) else {
        return Some(Err(broken()));
    };
    if name.is_empty() {
        return Some(Err(broken()));
    }
    Some(Ok(Line {
        name,
        hz,
        rme,
        runs,
    }))
}

/// Whether this text holds Benchmark.js result lines.
pub(crate) fn claims_text(text: &str) -> bool {
    if text.trim_start().starts_with(['{', '[', '<']) {
        return false;
    }
    text.lines()
        .any(|line| matches!(result_line(line), Some(Ok(_))))
}

pub(crate) fn import(ctx: &Context) -> Result<Draft, ReadErrorKind> {
    let text = std::str::from_utf8(ctx.file.bytes)
        .map_err(|e| ReadErrorKind::Invalid(format!("not UTF-8 text: {e}")))?;
    let mut run = RunFile::new(ctx.stem(), ctx.fallback_timestamp);
    let mut seen = HashMap::new();
    for (i, line) in text.lines().enumerate() {
        let Some(parsed) = result_line(line) else {
            continue;
        };
        let line =
            parsed.map_err(|why| ReadErrorKind::Invalid(format!("line {}: {why}", i + 1)))?;
        let mut throughput = value_metric("ops/s", Better::Higher, line.hz);
        let mut extra = serde_json::Map::new();
        if let Some(rme) = serde_json::Number::from_f64(line.rme) {
            extra.insert("rme_percent".to_string(), rme.into());
        }
        extra.insert("runs".to_string(), line.runs.into());
        throughput.extra = Some(extra);
        run.benchmarks.push(Benchmark {
            name: unique_name(&mut seen, line.name),
            params: BTreeMap::new(),
            metrics: BTreeMap::from([("throughput".to_string(), throughput)]),
            extra: None,
            timeline: None,
        });
    }
    if run.benchmarks.is_empty() {
        return Err(ReadErrorKind::Invalid(
            "no Benchmark.js result lines (`NAME x N ops/sec ±R% (K runs sampled)`)".to_string(),
        ));
    }
    Ok(Draft {
        run,
        warnings: Vec::new(),
        format: Format::BenchmarkJs,
        tool_version: None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn result_lines() {
        assert_eq!(
            result_line("RegExp#test x 16,114,570 ops/sec ±9.74% (8 runs sampled)"),
            Some(Ok(Line {
                name: "RegExp#test",
                hz: 16114570.0,
                rme: 9.74,
                runs: 8
            }))
        );
        assert_eq!(
            result_line("a x b x 0.52 ops/sec ±0.00% (1 run sampled)")
                .unwrap()
                .unwrap(),
            Line {
                name: "a x b",
                hz: 0.52,
                rme: 0.0,
                runs: 1
            }
        );
        assert!(result_line("Fastest is String#indexOf").is_none());
        assert!(result_line("a x 12 ops/sec ±1.2% (8 runs")
            .unwrap()
            .is_err());
        assert!(result_line("a x fast ops/sec ±1.2% (8 runs sampled)")
            .unwrap()
            .is_err());
    }
}
