//! github-action-benchmark: its `customSmallerIsBetter` / `customBiggerIsBetter` JSON (an
//! array of `{name, unit, value, range?, extra?}`), and its `data.js` history
//! (`window.BENCHMARK_DATA = {…}`), one run per entry of every suite.
//!
//! The custom JSON does not say which way is better: the tool is told by its configuration.
//! Forced formats (`customSmallerIsBetter`, `customBiggerIsBetter`) say it; detected files get
//! the direction from the unit (rates higher, everything else lower) and a warning. Units are
//! mapped to the run format's where they mean one (`ns/iter` → `ns`, `Megabytes` → `MB`,
//! `ops/sec` → `ops/s`); others stay as written. `range` and `extra` are kept under `extra`.

use std::collections::{BTreeMap, HashMap};

use serde::Deserialize;
use serde_json::{Map, Value};

use super::{better_for_unit, epoch_ms, json, unique_name, value_metric, Context, Draft, Format};
use crate::read::ReadErrorKind;
use crate::run::{Benchmark, Better, Git, RunFile};

#[derive(Deserialize)]
pub(super) struct Entry {
    name: String,
    unit: String,
    value: Option<f64>,
    #[serde(default)]
    range: Option<Value>,
    #[serde(default)]
    extra: Option<Value>,
}

/// The run format's spelling of a unit github-action-benchmark's tools write.
fn unit(text: &str) -> String {
    let t = text.trim();
    let base = t.strip_suffix("/iter").unwrap_or(t);
    match base {
        "Megabytes" | "megabytes" => "MB".into(),
        "Kilobytes" | "kilobytes" => "KB".into(),
        "Gigabytes" | "gigabytes" => "GB".into(),
        "bytes" | "Bytes" => "B".into(),
        "sec" | "seconds" => "s".into(),
        "μs" => "us".into(),
        other => match other.strip_suffix("/sec") {
            Some(per) => format!("{per}/s"),
            None => other.to_string(),
        },
    }
}

fn benchmarks(entries: Vec<Entry>, direction: impl Fn(&str) -> Better) -> Vec<Benchmark> {
    let mut seen = HashMap::new();
    entries
        .into_iter()
        .map(|e| {
            let unit = unit(&e.unit);
            let mut m = value_metric(&unit, direction(&unit), e.value.unwrap_or(f64::NAN));
            let extra: Map<String, Value> = [("range", e.range), ("extra", e.extra)]
                .into_iter()
                .filter_map(|(k, v)| v.map(|v| (k.to_string(), v)))
                .collect();
            if !extra.is_empty() {
                m.extra = Some(extra);
            }
            Benchmark {
                timeline: None,
                name: unique_name(&mut seen, &e.name),
                params: BTreeMap::new(),
                metrics: BTreeMap::from([("value".to_string(), m)]),
                extra: None,
            }
        })
        .collect()
}

pub(crate) fn import_custom(ctx: &Context, better: Option<Better>) -> Result<Draft, ReadErrorKind> {
    let entries: Vec<Entry> = json::parse_lenient(ctx.file.bytes)?;
    let mut run = RunFile::new(ctx.stem(), ctx.fallback_timestamp);
    let mut warnings = Vec::new();
    let format = match better {
        Some(Better::Lower) => Format::GithubActionBenchmarkSmaller,
        Some(Better::Higher) => Format::GithubActionBenchmarkBigger,
        None => {
            warnings.push(
                "the file does not say which way is better: rates are taken as higher-is-better, \
                 everything else lower (force one with --format customSmallerIsBetter or customBiggerIsBetter)"
                    .to_string(),
            );
            Format::GithubActionBenchmark
        }
    };
    let direction = |unit: &str| better.unwrap_or_else(|| better_for_unit(unit));
    run.benchmarks = benchmarks(entries, direction);
    Ok(Draft {
        run,
        warnings,
        format,
        tool_version: None,
    })
}

#[derive(Deserialize)]
struct Data {
    entries: BTreeMap<String, Vec<DataEntry>>,
}

#[derive(Deserialize)]
struct DataEntry {
    #[serde(default)]
    commit: Option<Map<String, Value>>,
    date: f64,
    #[serde(default)]
    tool: Option<String>,
    benches: Vec<Entry>,
}

/// Each entry of each suite in a `data.js`, as a run with its warnings.
pub(crate) fn import_data(ctx: &Context) -> Result<Vec<(RunFile, Vec<String>)>, ReadErrorKind> {
    let text = std::str::from_utf8(ctx.file.bytes)
        .map_err(|e| ReadErrorKind::Invalid(format!("not UTF-8 text ({e})")))?;
    let start = text.find('{').ok_or_else(|| {
        ReadErrorKind::Invalid("no `window.BENCHMARK_DATA = {…}` object found".into())
    })?;
    let body = text[start..].trim_end().trim_end_matches(';');
    let data: Data = json::parse_lenient(body.as_bytes()).map_err(|e| match e {
        // Positions are relative to the object; shift the line past the `window.…` prefix.
        ReadErrorKind::Syntax {
            message,
            line,
            column,
        } => ReadErrorKind::Syntax {
            message,
            line: line + text[..start].matches('\n').count(),
            column,
        },
        other => other,
    })?;
    let mut runs = Vec::new();
    for (suite, entries) in data.entries {
        for entry in entries {
            let commit = entry.commit.unwrap_or_default();
            let id = commit.get("id").and_then(Value::as_str).map(str::to_string);
            let short: String = id.as_deref().unwrap_or("?").chars().take(7).collect();
            let time = epoch_ms(entry.date).ok_or_else(|| {
                ReadErrorKind::Invalid(format!(
                    "suite \"{suite}\": date {} is not a time",
                    entry.date
                ))
            })?;
            let mut run = RunFile::new(format!("{suite} @ {short}"), time);
            run.run.git = Some(Git {
                commit: id,
                branch: None,
                dirty: None,
            });
            run.run.tags.insert("suite".into(), suite.clone());
            if let Some(tool) = &entry.tool {
                run.run.tags.insert("tool".into(), tool.clone());
            }
            let direction = |unit: &str| match entry.tool.as_deref() {
                Some("customBiggerIsBetter") => Better::Higher,
                Some("customSmallerIsBetter") => Better::Lower,
                _ => better_for_unit(unit),
            };
            run.benchmarks = benchmarks(entry.benches, direction);
            runs.push((run, Vec::new()));
        }
    }
    Ok(runs)
}
