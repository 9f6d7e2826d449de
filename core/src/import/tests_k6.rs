//! The k6 importers on files k6 v1.1.0 made here (tests/data/generated/k6, generate-formats.sh
//! k6): the `--summary-export` and `handleSummary` JSON (`k6`), checked against the text
//! summary k6 printed at the end of the same run (`printed.txt`), and the `--out json` stream
//! of that run (`k6-json`), checked against its `--summary-export`.

use std::collections::BTreeMap;

use serde_json::Value;

use super::tests::{error, import_one};
use super::*;
use crate::run::Benchmark;

const EXPORT: &[u8] = include_bytes!("../../../tests/data/generated/k6/summary-export.json");
/// What k6 printed at the end of the run of `EXPORT` (`--summary-mode=full`): the oracle.
const PRINTED: &str = include_str!("../../../tests/data/generated/k6/printed.txt");
/// A second run's `handleSummary(data)`, and its own `--summary-export` (its oracle).
const HANDLE: &[u8] = include_bytes!("../../../tests/data/generated/k6/handle-summary.json");
const HANDLE_EXPORT: &[u8] =
    include_bytes!("../../../tests/data/generated/k6/handle-summary-export.json");

fn bench<'a>(run: &'a RunFile, name: &str) -> &'a Benchmark {
    run.benchmarks
        .iter()
        .find(|b| b.name == name)
        .unwrap_or_else(|| panic!("no benchmark {name:?}"))
}

/// A section of the printed summary: from its `█ TITLE` line to the next `█`.
fn section(title: &str) -> &'static str {
    let start = PRINTED
        .find(&format!("█ {title}"))
        .unwrap_or_else(|| panic!("no section {title}"));
    let body = &PRINTED[start + "█ ".len()..];
    &body[..body.find('█').unwrap_or(body.len())]
}

/// The metric lines of k6's printed totals: the metric's name (a sub-metric's line,
/// `  { name:home }....`, is its parent's name with the tag: `http_req_duration{name:home}`) and
/// what follows its dots.
fn printed_totals() -> Vec<(String, String)> {
    let mut rows = Vec::new();
    let mut parent = String::new();
    for line in section("TOTAL RESULTS").lines() {
        let Some((head, rest)) = line.split_once(": ") else {
            continue;
        };
        let head = head.trim().trim_end_matches('.');
        let name = match head.strip_prefix("{ ") {
            Some(tag) => format!("{parent}{{{}}}", tag.trim_end_matches(" }")),
            None => {
                parent = head.to_string();
                parent.clone()
            }
        };
        rows.push((name, rest.trim().to_string()));
    }
    rows
}

/// A duration as k6 prints it (`344.23µs`, `47.59ms`, `0s`), in ms.
fn printed_ms(text: &str) -> f64 {
    let (number, scale) = if let Some(n) = text.strip_suffix("µs") {
        (n, 1e-3)
    } else if let Some(n) = text.strip_suffix("ns") {
        (n, 1e-6)
    } else if let Some(n) = text.strip_suffix("ms") {
        (n, 1.0)
    } else if let Some(n) = text.strip_suffix('s') {
        (n, 1e3)
    } else {
        panic!("not a duration: {text}")
    };
    number.parse::<f64>().unwrap() * scale
}

/// k6 prints times with two decimals in the unit it picks, truncated: within 0.01 of that.
fn printed_close(got: f64, printed: &str) -> bool {
    let want = printed_ms(printed);
    if want == 0.0 {
        return got == 0.0;
    }
    let unit = printed_ms(&format!(
        "1{}",
        printed.trim_start_matches(|c: char| c.is_ascii_digit() || c == '.')
    ));
    (got - want).abs() < 0.01 * unit + 1e-12
}

/// `key=value` pairs of a printed line.
fn pairs(rest: &str) -> BTreeMap<&str, &str> {
    rest.split_whitespace()
        .filter_map(|w| w.split_once('='))
        .collect()
}

#[test]
fn summary_export_matches_what_k6_printed() {
    let imported = import_one(("k6/summary-export.json", EXPORT));
    assert_eq!(imported.format, Format::K6);
    let loaded = &imported.runs[0];
    let run = &loaded.run;
    let totals = printed_totals();
    let (mut trends, mut others) = (0, 0);
    for (name, rest) in &totals {
        if name.starts_with("checks_") {
            continue;
        }
        let b = bench(run, name);
        if rest.starts_with("avg=") {
            let p = pairs(rest);
            let latency = &b.metrics["latency"];
            assert_eq!(
                (latency.unit.as_str(), latency.better),
                ("ms", Better::Lower)
            );
            let s = latency.summary.as_ref().unwrap();
            let pct = &latency.extra.as_ref().unwrap()["percentiles"];
            for (key, got) in [
                ("avg", s.mean),
                ("min", s.min),
                ("med", s.median),
                ("max", s.max),
                ("p(90)", s.p90),
                ("p(95)", s.p95),
                ("p(99)", s.p99),
                ("p(99.9)", pct["p99.9"].as_f64()),
            ] {
                let got = got.unwrap_or_else(|| panic!("{name}: no {key}"));
                assert!(
                    printed_close(got, p[key]),
                    "{name} {key}: {got} vs {}",
                    p[key]
                );
            }
            assert_eq!(s.n, Some(p["count"].parse().unwrap()), "{name}");
            trends += 1;
            continue;
        }
        let words: Vec<&str> = rest.split_whitespace().collect();
        match name.as_str() {
            // `344   17.099052/s`
            "http_reqs" | "iterations" => {
                assert_eq!(b.metrics["count"].value, Some(words[0].parse().unwrap()));
                let rate: f64 = words[1].trim_end_matches("/s").parse().unwrap();
                let throughput = &b.metrics["throughput"];
                assert!((throughput.value.unwrap() - rate).abs() < 1e-6, "{name}");
                assert_eq!(throughput.better, Better::Higher);
            }
            // `6.10% 21 out of 344`: k6's own counts give the rate exactly.
            "http_req_failed" => {
                let rate = &b.metrics["rate"];
                let (of, all): (f64, f64) = (words[1].parse().unwrap(), words[4].parse().unwrap());
                assert_eq!(rate.value, Some(of / all));
                assert_eq!((rate.unit.as_str(), rate.better), ("ratio", Better::Lower));
                let percent: f64 = words[0].trim_end_matches('%').parse().unwrap();
                assert!((rate.value.unwrap() * 100.0 - percent).abs() < 0.01);
            }
            // `1     min=1         max=4`: the gauge's last value.
            "vus" | "vus_max" => {
                assert_eq!(b.metrics["value"].value, Some(words[0].parse().unwrap()));
            }
            // `61 kB 3.0 kB/s`, rounded.
            "data_received" | "data_sent" => {
                let count = &b.metrics["count"];
                assert_eq!(count.unit, "B");
                let kb: f64 = words[0].parse().unwrap();
                assert_eq!(words[1], "kB");
                assert!((count.value.unwrap() / 1000.0 - kb).abs() <= 0.5, "{name}");
                assert_eq!(b.metrics["throughput"].unit, "B/s");
            }
            other => panic!("a printed metric the test does not know: {other}"),
        }
        others += 1;
    }
    assert_eq!((trends, others), (10, 7), "{totals:?}");

    // `checks_succeeded...: 87.79% 151 out of 172`: the `checks` rate.
    let (_, succeeded) = totals
        .iter()
        .find(|(n, _)| n == "checks_succeeded")
        .unwrap();
    let words: Vec<&str> = succeeded.split_whitespace().collect();
    let checks = &bench(run, "checks").metrics["rate"];
    let (of, all): (f64, f64) = (words[1].parse().unwrap(), words[4].parse().unwrap());
    assert_eq!(checks.value, Some(of / all));
    assert_eq!(checks.better, Better::Higher);

    // Every threshold as printed: `✓ 'p(95)<500' …` passed, `✗ 'rate<0.01' …` failed, and
    // only the failed one is warned about.
    let mut metric = "";
    let mut thresholds = 0;
    for line in section("THRESHOLDS").lines().map(str::trim) {
        let Some((mark, rest)) = line.split_once(" '") else {
            if !line.is_empty() && !line.starts_with("THRESHOLDS") {
                metric = line;
            }
            continue;
        };
        let expr = rest.split_once("' ").unwrap().0;
        let want = if mark == "✓" { "pass" } else { "fail" };
        let extra = bench(run, metric).extra.as_ref().unwrap();
        assert_eq!(extra["thresholds"][expr], want, "{metric} {expr}");
        let warned = loaded.warnings.iter().any(|w| w.contains(expr));
        assert_eq!(
            warned,
            want == "fail",
            "{metric} {expr}: {:?}",
            loaded.warnings
        );
        thresholds += 1;
    }
    assert_eq!(thresholds, 3);
    assert_eq!(loaded.warnings.len(), 1, "{:?}", loaded.warnings);
}

/// `handleSummary(data)` nests the numbers under `values`, declares each metric's type and
/// what it holds, and writes a threshold as `{ "ok": false }` where `--summary-export` writes
/// `true`: read as k6 wrote them, the two files of one run are the same benchmarks.
#[test]
fn handle_summary_reads_as_the_summary_export_of_its_run() {
    let handle = import_one(("k6/handle-summary.json", HANDLE));
    let export = import_one(("k6/handle-summary-export.json", HANDLE_EXPORT));
    assert_eq!((handle.format, export.format), (Format::K6, Format::K6));
    let (h, e) = (&handle.runs[0], &export.runs[0]);
    let raw: Value = serde_json::from_slice(HANDLE).unwrap();
    assert!(raw["metrics"]["http_reqs"]["values"].is_object());
    assert_eq!(
        h.run.benchmarks.len(),
        raw["metrics"].as_object().unwrap().len()
    );
    assert_eq!(h.run.benchmarks, e.run.benchmarks);
    assert_eq!(h.warnings, e.warnings);
    assert!(h.warnings.iter().any(|w| w.contains("rate<0.01")));
    let failed = &bench(&h.run, "http_req_failed");
    assert_eq!(
        failed.extra.as_ref().unwrap()["thresholds"]["rate<0.01"],
        "fail"
    );
    let values = &raw["metrics"]["http_req_failed"]["values"];
    assert_eq!(
        failed.metrics["rate"].value,
        Some(
            values["passes"].as_f64().unwrap()
                / (values["passes"].as_f64().unwrap() + values["fails"].as_f64().unwrap())
        )
    );
}

#[test]
fn bad_summaries_name_the_file_and_the_reason() {
    let cut = &EXPORT[..EXPORT.len() / 2];
    let err = error("k6/cut.json", cut, Some(Format::K6));
    assert!(err.starts_with("k6/cut.json (read as k6): "), "{err}");
    assert!(err.contains("EOF"), "{err}");
    let err = error("k6/m.json", br#"{"metrics": [1, 2]}"#, Some(Format::K6));
    assert!(err.starts_with("k6/m.json (read as k6): "), "{err}");
    assert!(err.contains("metrics"), "{err}");
}
