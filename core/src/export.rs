//! Writing a run in other tools' formats, so results flow on into Bencher and
//! github-action-benchmark's GitHub Pages charts, or into a spreadsheet.
//!
//! - `csv`: one row per benchmark and metric, with the headline and every summary key;
//!   [`timeline_csv`] instead writes one row per window and series of every benchmark's
//!   timeline (`benchdash export RUN --to csv --timeline`).
//! - `bmf` (Bencher Metric Format): one measure per metric, named as the metric, `value` the
//!   headline, `lower_value`/`upper_value` the confidence interval when known, else min/max.
//!   Times named `time` or `latency` become Bencher's `latency` measure in ns, as Bencher
//!   expects.
//! - `customSmallerIsBetter` / `customBiggerIsBetter` (github-action-benchmark): the tool takes
//!   one direction per file, so each writes only the metrics of its direction (the others are
//!   counted in [`Exported::skipped`]); `github-action-benchmark` means `customSmallerIsBetter`.
//!   Entries are named `benchmark` when the benchmark has one metric, else
//!   `benchmark - metric`; `range` is `± stddev` when known.

use serde_json::{json, Map, Value};

use crate::run::{Better, Metric, RunFile};
use crate::units;

/// The formats `benchdash export` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportFormat {
    Csv,
    Bmf,
    GithubSmallerIsBetter,
    GithubBiggerIsBetter,
}

impl ExportFormat {
    pub const NAMES: [&'static str; 5] = [
        "csv",
        "bmf",
        "github-action-benchmark",
        "customSmallerIsBetter",
        "customBiggerIsBetter",
    ];

    pub fn parse(name: &str) -> Option<ExportFormat> {
        Some(match name {
            "csv" => ExportFormat::Csv,
            "bmf" => ExportFormat::Bmf,
            "github-action-benchmark" | "customSmallerIsBetter" => {
                ExportFormat::GithubSmallerIsBetter
            }
            "customBiggerIsBetter" => ExportFormat::GithubBiggerIsBetter,
            _ => return None,
        })
    }
}

/// An exported run: the text, and how many metrics the format could not carry.
#[derive(Debug, Clone, PartialEq)]
pub struct Exported {
    pub text: String,
    pub skipped: usize,
}

pub fn export(run: &RunFile, format: ExportFormat) -> Exported {
    match format {
        ExportFormat::Csv => Exported {
            text: csv(run),
            skipped: 0,
        },
        ExportFormat::Bmf => Exported {
            text: bmf(run),
            skipped: 0,
        },
        ExportFormat::GithubSmallerIsBetter => github(run, Better::Lower),
        ExportFormat::GithubBiggerIsBetter => github(run, Better::Higher),
    }
}

const CSV_COLUMNS: [&str; 15] = [
    "benchmark",
    "metric",
    "unit",
    "better",
    "value",
    "n",
    "mean",
    "stddev",
    "median",
    "min",
    "max",
    "p50",
    "p90",
    "p95",
    "p99",
];

fn csv(run: &RunFile) -> String {
    let mut writer = csv::Writer::from_writer(Vec::new());
    let number = |x: Option<f64>| x.map(|v| v.to_string()).unwrap_or_default();
    writer
        .write_record(CSV_COLUMNS)
        .expect("writing to memory cannot fail");
    for b in &run.benchmarks {
        for (name, m) in &b.metrics {
            let s = m.summary.clone().unwrap_or_default();
            let record = [
                b.name.clone(),
                name.clone(),
                m.unit.clone(),
                m.better.as_str().to_string(),
                number(m.headline()),
                s.n.map(|n| n.to_string()).unwrap_or_default(),
                number(s.mean),
                number(s.stddev),
                number(s.median),
                number(s.min),
                number(s.max),
                number(s.p50),
                number(s.p90),
                number(s.p95),
                number(s.p99),
            ];
            writer
                .write_record(&record)
                .expect("writing to memory cannot fail");
        }
    }
    String::from_utf8(writer.into_inner().expect("in-memory writer flushes"))
        .expect("CSV of UTF-8 fields is UTF-8")
}

/// The columns of [`timeline_csv`].
pub const TIMELINE_COLUMNS: [&str; 8] = [
    "benchmark",
    "series",
    "unit",
    "window",
    "from_s",
    "to_s",
    "value",
    "state",
];

/// Every benchmark's timeline as CSV: one row per window and series, in benchmark order,
/// then series by name, then window. `from_s` and `to_s` are the window's span in seconds
/// from the run's start (the last one's `to_s` is the run's end when that cut it short); `value` is empty where the window has no data; a state series'
/// `value` is the state's index and `state` its name. `None` when no benchmark has a
/// timeline.
pub fn timeline_csv(run: &RunFile) -> Option<String> {
    if run.benchmarks.iter().all(|b| b.timeline.is_none()) {
        return None;
    }
    let mut writer = csv::Writer::from_writer(Vec::new());
    writer
        .write_record(TIMELINE_COLUMNS)
        .expect("writing to memory cannot fail");
    for b in &run.benchmarks {
        let Some(tl) = &b.timeline else { continue };
        // Whole nanoseconds, so that window edges print as the decimals they are (0.3, not
        // 0.30000000000000004).
        let ns = |s: f64| libm::round(s * 1e9) as u64;
        let (w_ns, end_ns) = (tl.window_seconds().map(ns), tl.end_seconds().map(ns));
        // The last window ends with the run (`end`) when that cuts it short.
        let edge = |i: usize| match w_ns {
            Some(w) => ((i as u64 * w).min(end_ns.unwrap_or(u64::MAX)) as f64 / 1e9).to_string(),
            None => String::new(),
        };
        for (name, series) in &tl.series {
            for (i, v) in series.values.iter().enumerate() {
                let record = [
                    b.name.clone(),
                    name.clone(),
                    series.unit.clone(),
                    i.to_string(),
                    edge(i),
                    edge(i + 1),
                    v.map(|x| x.to_string()).unwrap_or_default(),
                    series.state_at(i).unwrap_or_default().to_string(),
                ];
                writer
                    .write_record(&record)
                    .expect("writing to memory cannot fail");
            }
        }
    }
    Some(
        String::from_utf8(writer.into_inner().expect("in-memory writer flushes"))
            .expect("CSV of UTF-8 fields is UTF-8"),
    )
}

/// A metric's headline and bounds in `unit` (a time metric in ns for Bencher's `latency`).
fn bounds(m: &Metric) -> (Option<f64>, Option<f64>) {
    let s = m.summary.clone().unwrap_or_default();
    match (s.ci_lower, s.ci_upper) {
        (Some(lo), Some(hi)) => (Some(lo), Some(hi)),
        _ => (s.min, s.max),
    }
}

fn bmf(run: &RunFile) -> String {
    let mut doc = Map::new();
    for b in &run.benchmarks {
        let mut measures = Map::new();
        for (name, m) in &b.metrics {
            let Some(value) = m.headline() else { continue };
            let is_time = units::Unit::parse(&m.unit).converts_to(&units::Unit::parse("ns"));
            let (measure, factor) = if is_time && (name == "time" || name == "latency") {
                (
                    "latency".to_string(),
                    units::convert(1.0, &m.unit, "ns").unwrap_or(1.0),
                )
            } else {
                (name.clone(), 1.0)
            };
            let (lo, hi) = bounds(m);
            let mut fields = Map::new();
            fields.insert("value".into(), json!(value * factor));
            if let Some(lo) = lo {
                fields.insert("lower_value".into(), json!(lo * factor));
            }
            if let Some(hi) = hi {
                fields.insert("upper_value".into(), json!(hi * factor));
            }
            measures.insert(measure, Value::Object(fields));
        }
        doc.insert(b.name.clone(), Value::Object(measures));
    }
    let mut text =
        serde_json::to_string_pretty(&Value::Object(doc)).expect("JSON values serialise");
    text.push('\n');
    text
}

fn github(run: &RunFile, direction: Better) -> Exported {
    let mut entries = Vec::new();
    let mut skipped = 0;
    for b in &run.benchmarks {
        for (name, m) in &b.metrics {
            if m.better != direction {
                skipped += 1;
                continue;
            }
            let Some(value) = m.headline() else { continue };
            let label = if b.metrics.len() == 1 {
                b.name.clone()
            } else {
                format!("{} - {name}", b.name)
            };
            let mut entry = Map::new();
            entry.insert("name".into(), json!(label));
            entry.insert("unit".into(), json!(m.unit));
            entry.insert("value".into(), json!(value));
            if let Some(sd) = m.summary.as_ref().and_then(|s| s.stddev) {
                entry.insert("range".into(), json!(format!("± {sd}")));
            }
            entries.push(Value::Object(entry));
        }
    }
    let mut text =
        serde_json::to_string_pretty(&Value::Array(entries)).expect("JSON values serialise");
    text.push('\n');
    Exported { text, skipped }
}

/// A comparison as CSV: one row per benchmark and metric, worst first, with the columns of
/// the `compare --format json` rows.
pub fn comparison_csv(c: &crate::compare::Comparison) -> String {
    let mut writer = csv::Writer::from_writer(Vec::new());
    let number = |x: Option<f64>| x.map(|v| v.to_string()).unwrap_or_default();
    writer
        .write_record([
            "benchmark",
            "metric",
            "unit",
            "better",
            "stat",
            "baseline",
            "candidate",
            "change",
            "ci_lower",
            "ci_upper",
            "p_value",
            "verdict",
            "status",
            "reasons",
        ])
        .expect("writing to memory cannot fail");
    for r in crate::compare::worst_first(&c.rows) {
        writer
            .write_record([
                r.benchmark.clone(),
                r.metric.clone(),
                r.unit.clone(),
                r.better.as_str().to_string(),
                r.stat.to_string(),
                number(r.baseline),
                number(r.candidate),
                number(r.change),
                number(r.ci.map(|c| c[0])),
                number(r.ci.map(|c| c[1])),
                number(r.p_value),
                r.verdict.as_str().to_string(),
                r.status.as_str().to_string(),
                crate::report::reasons(&r.reasons),
            ])
            .expect("writing to memory cannot fail");
    }
    String::from_utf8(writer.into_inner().expect("in-memory writer flushes"))
        .expect("CSV of UTF-8 fields is UTF-8")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::{import, Format, Options, SourceFile};

    fn example() -> RunFile {
        let (name, text) = crate::examples::ORCHESTRATOR_BASELINE;
        crate::read_run(name, text.as_bytes()).unwrap().run
    }

    fn reimport(text: &str, format: Format) -> RunFile {
        let files = [SourceFile {
            path: "exported.json",
            bytes: text.as_bytes(),
            modified: None,
        }];
        let options = Options {
            format: Some(format),
            ..Options::default()
        };
        import(&files, &options)
            .unwrap()
            .remove(0)
            .runs
            .remove(0)
            .run
    }

    #[test]
    fn csv_has_a_row_per_metric_with_the_headline() {
        let text = export(&example(), ExportFormat::Csv).text;
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines[0], CSV_COLUMNS.join(","));
        assert_eq!(lines.len(), 1 + 15);
        assert!(
            lines.contains(&"parallel-5,latency,ms,lower,487,100,487,31,,,,,,,"),
            "{text}"
        );
        assert!(text.contains("memory-parallel/calls=50,memory_peak,MB,lower,389,"));
    }

    #[test]
    fn csv_quotes_fields_that_need_it() {
        let mut run = example();
        run.benchmarks[0].name = "a,\"b\"".into();
        let text = export(&run, ExportFormat::Csv).text;
        assert!(text.contains("\"a,\"\"b\"\"\",latency"), "{text}");
    }

    #[test]
    fn bmf_round_trips_through_the_bmf_importer() {
        let run = example();
        let text = export(&run, ExportFormat::Bmf).text;
        let back = reimport(&text, Format::Bmf);
        // Time metrics are Bencher latencies in ns: 487 ms = 4.87e8 ns.
        let latency = &back.benchmark("parallel-5").unwrap().metrics["latency"];
        assert_eq!((latency.unit.as_str(), latency.value), ("ns", Some(4.87e8)));
        let speedup = &back.benchmark("parallel-5").unwrap().metrics["speedup"];
        assert_eq!(speedup.value, Some(4.8));
        assert_eq!(back.benchmarks.len(), run.benchmarks.len());
    }

    #[test]
    fn github_exports_split_by_direction_and_round_trip() {
        let run = example();
        let smaller = export(&run, ExportFormat::GithubSmallerIsBetter);
        let bigger = export(&run, ExportFormat::GithubBiggerIsBetter);
        let total: usize = run.benchmarks.iter().map(|b| b.metrics.len()).sum();
        let count = |t: &str| serde_json::from_str::<Vec<Value>>(t).unwrap().len();
        assert_eq!(count(&smaller.text) + count(&bigger.text), total);
        assert_eq!(smaller.skipped, count(&bigger.text));
        let back = reimport(&smaller.text, Format::GithubActionBenchmarkSmaller);
        let single = &back.benchmark("single-tool").unwrap().metrics["value"];
        assert_eq!(single.unit, "ms");
        assert!((single.value.unwrap() - 488.98).abs() < 1e-9);
        let back = reimport(&bigger.text, Format::GithubActionBenchmarkBigger);
        let eff = &back.benchmark("parallel-5 - efficiency").unwrap().metrics["value"];
        assert_eq!((eff.value, eff.better), (Some(0.96), Better::Higher));
    }
}
