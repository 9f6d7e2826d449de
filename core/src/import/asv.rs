//! airspeed velocity (asv) result files, versions 1 and 2.
//!
//! Version 1: `results` maps a benchmark to a number, `null`/`NaN` (failed or skipped), or
//! `{ "params": [[…], …], "result": […] }`. Version 2: `result_columns` names the columns of
//! each `results` entry (`result`, `params`, `samples`, `stats_ci_99_a`, …).
//! Parameterised benchmarks become one benchmark per combination of parameter values (in
//! asv's order, the first parameter varying slowest), named `name(v1, v2)`. The unit comes
//! from the benchmark's name as asv decides its type: `time_`/`timeraw_` seconds,
//! `mem_`/`peakmem_` bytes, `track_` a plain `count`. Missing results are warnings.

use std::collections::BTreeMap;

use serde::Deserialize;
use serde_json::Value;

use super::{epoch_ms, json, metric, value_metric, Context, Draft, Format};
use crate::read::ReadErrorKind;
use crate::run::{Benchmark, Better, Git, Machine, RunFile, Summary};

#[derive(Deserialize)]
pub(super) struct Results {
    #[serde(default)]
    commit_hash: Option<String>,
    #[serde(default)]
    date: Option<f64>,
    #[serde(default)]
    params: BTreeMap<String, Value>,
    #[serde(default)]
    result_columns: Option<Vec<String>>,
    results: BTreeMap<String, Value>,
    #[serde(default)]
    version: Option<u64>,
}

fn unit_of(name: &str) -> &'static str {
    let function = name.rsplit('.').next().unwrap_or(name);
    if function.starts_with("time_") || function.starts_with("timeraw_") {
        "s"
    } else if function.starts_with("mem_") || function.starts_with("peakmem_") {
        "B"
    } else {
        "count"
    }
}

/// Every combination of parameter values, first parameter slowest (itertools.product).
fn combinations(params: &[Vec<String>]) -> Vec<Vec<String>> {
    params.iter().fold(vec![Vec::new()], |acc, values| {
        acc.iter()
            .flat_map(|prefix| {
                values.iter().map(move |v| {
                    let mut next = prefix.clone();
                    next.push(v.clone());
                    next
                })
            })
            .collect()
    })
}

fn param_values(v: Option<&Value>) -> Vec<Vec<String>> {
    v.and_then(Value::as_array)
        .map(|lists| {
            lists
                .iter()
                .map(|list| {
                    list.as_array()
                        .map(|vs| {
                            vs.iter()
                                .map(|x| json::display(x).trim_matches('\'').to_string())
                                .collect()
                        })
                        .unwrap_or_default()
                })
                .collect()
        })
        .unwrap_or_default()
}

/// One benchmark's entry in either version's shape: a result per parameter combination, the
/// parameter values, and (version 2) the samples per combination.
struct Entry {
    results: Vec<Option<f64>>,
    params: Vec<Vec<String>>,
    samples: Vec<Vec<f64>>,
}

fn numbers(v: Option<&Value>) -> Vec<Option<f64>> {
    match v {
        Some(Value::Array(items)) => items.iter().map(Value::as_f64).collect(),
        Some(other) => vec![other.as_f64()],
        None => Vec::new(),
    }
}

pub(crate) fn import(ctx: &Context) -> Result<Draft, ReadErrorKind> {
    let doc: Results = json::parse_lenient(ctx.file.bytes)?;
    let time = doc
        .date
        .and_then(epoch_ms)
        .unwrap_or_else(|| ctx.fallback_timestamp.to_string());
    let mut run = RunFile::new(ctx.stem(), time);
    let param = |k: &str| {
        doc.params
            .get(k)
            .and_then(Value::as_str)
            .map(str::to_string)
            .filter(|s| !s.is_empty())
    };
    run.run.machine = Some(Machine {
        hostname: param("machine"),
        os: param("os"),
        cpu: param("cpu"),
        cores: None,
        memory_bytes: None,
    });
    run.run.git = doc.commit_hash.clone().map(|commit| Git {
        commit: Some(commit),
        ..Git::default()
    });
    for (k, v) in &doc.params {
        if let Some(s) = v.as_str().filter(|s| !s.is_empty()) {
            run.run.tags.insert(k.clone(), s.to_string());
        }
    }
    let mut warnings = Vec::new();
    let columns = doc.result_columns.clone();
    for (name, entry) in &doc.results {
        let unit = unit_of(name);
        // (results, params, samples) in both versions' shapes.
        let Entry {
            results,
            params,
            samples,
        } = match (&columns, entry) {
            (Some(cols), Value::Array(row)) => {
                let col = |c: &str| cols.iter().position(|x| x == c).and_then(|i| row.get(i));
                let samples = col("samples")
                    .and_then(Value::as_array)
                    .map(|per| {
                        per.iter()
                            .map(|s| numbers(Some(s)).into_iter().flatten().collect())
                            .collect()
                    })
                    .unwrap_or_default();
                Entry {
                    results: numbers(col("result")),
                    params: param_values(col("params")),
                    samples,
                }
            }
            (_, Value::Object(o)) => Entry {
                results: numbers(o.get("result")),
                params: param_values(o.get("params")),
                samples: Vec::new(),
            },
            (_, other) => Entry {
                results: vec![other.as_f64()],
                params: Vec::new(),
                samples: Vec::new(),
            },
        };
        let combos = if params.is_empty() {
            vec![Vec::new()]
        } else {
            combinations(&params)
        };
        for (i, combo) in combos.iter().enumerate() {
            let label = if combo.is_empty() {
                name.clone()
            } else {
                format!("{name}({})", combo.join(", "))
            };
            let Some(Some(value)) = results.get(i) else {
                warnings.push(format!(
                    "benchmark \"{label}\" has no result (failed or skipped in asv)"
                ));
                continue;
            };
            let sample = samples.get(i).cloned().unwrap_or_default();
            let m = if sample.is_empty() {
                value_metric(unit, Better::Lower, *value)
            } else {
                // asv's result is the median of its samples; keep it as asv reported it.
                let summary = Summary {
                    median: Some(*value),
                    ..Summary::default()
                };
                let mut m = metric(unit, Better::Lower, sample, Some(summary));
                m.value = Some(*value);
                m
            };
            let metric_name = match unit {
                "s" => "time",
                "B" => "memory",
                _ => "value",
            };
            run.benchmarks.push(Benchmark {
                timeline: None,
                name: label,
                params: combo
                    .iter()
                    .enumerate()
                    .map(|(j, v)| (format!("p{j}"), v.clone()))
                    .collect(),
                metrics: BTreeMap::from([(metric_name.to_string(), m)]),
                extra: None,
            });
        }
    }
    Ok(Draft {
        run,
        warnings,
        format: Format::Asv,
        tool_version: doc.version.map(|v| format!("results format {v}")),
    })
}
