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

/// `--out json` of the run of `EXPORT` and `PRINTED`.
const STREAM: &[u8] = include_bytes!("../../../tests/data/generated/k6/out.json");

fn export_metric(name: &str) -> Value {
    let doc: Value = serde_json::from_slice(EXPORT).unwrap();
    doc["metrics"][name].clone()
}

#[test]
fn the_stream_gives_the_totals_of_k6s_own_summary_of_its_run() {
    let imported = import_one(("k6/out.json", STREAM));
    assert_eq!(imported.format, Format::K6Json);
    let loaded = &imported.runs[0];
    let http = bench(&loaded.run, "http");
    let duration = export_metric("http_req_duration");
    let latency = &http.metrics["latency"];
    assert_eq!(
        (latency.unit.as_str(), latency.better),
        ("ms", Better::Lower)
    );
    let s = latency.summary.as_ref().unwrap();
    assert_eq!(s.n, duration["count"].as_u64());
    // Exact: the extremes, and the mean (summed in the stream's order, as k6 adds them).
    assert_eq!(s.min, duration["min"].as_f64());
    assert_eq!(s.max, duration["max"].as_f64());
    let mean = duration["avg"].as_f64().unwrap();
    assert!((s.mean.unwrap() - mean).abs() <= 1e-12 * mean, "{s:?}");
    // The percentiles from the histogram: within half a bucket of k6's exact ones.
    for (got, key) in [
        (s.median, "med"),
        (s.p50, "med"),
        (s.p90, "p(90)"),
        (s.p95, "p(95)"),
        (s.p99, "p(99)"),
    ] {
        let want = duration[key].as_f64().unwrap();
        let got = got.unwrap();
        assert!(
            (got - want).abs() <= k6_json::RELATIVE_ERROR * want,
            "{key}: {got} vs k6's {want}"
        );
    }
    let reqs = export_metric("http_reqs");
    assert_eq!(http.metrics["requests"].value, reqs["count"].as_f64());
    let failed = export_metric("http_req_failed");
    assert_eq!(http.metrics["failures"].value, failed["passes"].as_f64());
    assert_eq!(http.metrics["error_rate"].value, failed["value"].as_f64());
    assert_eq!(
        bench(&loaded.run, "checks").metrics["rate"].value,
        export_metric("checks")["value"].as_f64()
    );
    // k6's rate is over the test's whole duration (count / rate); ours over the points' span,
    // which lies inside it and misses at most the first iteration's start and the wind-down.
    let k6_duration = reqs["count"].as_f64().unwrap() / reqs["rate"].as_f64().unwrap();
    let span = http.metrics["requests"].value.unwrap() / http.metrics["throughput"].value.unwrap();
    assert!(
        span <= k6_duration && span > k6_duration - 1.5,
        "{span} vs {k6_duration}"
    );
    assert_eq!(
        loaded.warnings,
        [format!(
            "\"http\": {} of {} requests failed",
            failed["passes"], reqs["count"]
        )]
    );
}

#[test]
fn the_timeline_has_a_window_a_second_and_follows_the_stages() {
    let imported = import_one(("k6/out.json", STREAM));
    let run = &imported.runs[0].run;
    let tl = bench(run, "http").timeline.as_ref().unwrap();
    tl.check().unwrap();
    assert_eq!(
        (tl.clock, tl.window.as_str()),
        (crate::timeline::Clock::Wall, "1s")
    );
    // The stages last 20 s; the last iterations end within the next second.
    assert!((20..=22).contains(&tl.len()), "{}", tl.len());
    let reqs = export_metric("http_reqs")["count"].as_f64().unwrap();
    let throughput = tl.values("throughput").unwrap();
    // The stream ends with its last point, 20.2 s after its first, inside the last window,
    // whose rate is over the part of it the stream lasted.
    let end = tl.end_seconds().unwrap();
    assert_eq!(tl.end.as_deref(), Some("20219.641982ms"));
    assert!(
        end > (tl.len() - 1) as f64 && end < tl.len() as f64,
        "{end}"
    );
    let spans: Vec<f64> = (0..tl.len())
        .map(|i| tl.window_end(i).unwrap() - tl.window_start(i).unwrap())
        .collect();
    let counted: f64 = throughput
        .iter()
        .zip(&spans)
        .map(|(r, d)| r.unwrap() * d)
        .sum();
    assert!((counted - reqs).abs() < 1e-9, "{counted} of {reqs}");
    // Each window's failures, from its error rate and requests, add up to k6's count.
    let errors = tl.values("error_rate").unwrap();
    let failed: f64 = errors
        .iter()
        .zip(throughput)
        .map(|(e, r)| e.unwrap_or(0.0) * r.unwrap())
        .sum();
    assert!((failed - export_metric("http_req_failed")["passes"].as_f64().unwrap()).abs() < 1e-9);
    // The VUs ramp 0 → 4 over 6 s, hold 4 for 8 s, ramp down to 0: k6's gauge's min and max.
    let vus = export_metric("vus");
    let levels: Vec<f64> = tl
        .values("vus")
        .unwrap()
        .iter()
        .flatten()
        .copied()
        .collect();
    let max = levels.iter().copied().fold(f64::MIN, f64::max);
    let min = levels.iter().copied().fold(f64::MAX, f64::min);
    assert_eq!(
        (min, max),
        (vus["min"].as_f64().unwrap(), vus["max"].as_f64().unwrap())
    );
    let at = |i: usize| tl.values("vus").unwrap()[i].unwrap();
    assert!(at(0) <= 1.0 && at(10) == 4.0 && at(19) <= 1.0, "{levels:?}");
    // Quantiles in order, inside the run's extremes.
    let s = bench(run, "http").metrics["latency"]
        .summary
        .clone()
        .unwrap();
    for i in 0..tl.len() {
        let q = |n: &str| tl.values(n).unwrap()[i];
        if let (Some(a), Some(b), Some(c)) = (q("latency_p50"), q("latency_p95"), q("latency_p99"))
        {
            assert!(
                s.min.unwrap() <= a && a <= b && b <= c && c <= s.max.unwrap(),
                "{i}"
            );
        }
    }
}

#[test]
fn a_long_stream_widens_its_windows_and_keeps_its_totals() {
    // The last point three days later: 1 s windows would be 259,200; they double to 256 s.
    let text = std::str::from_utf8(STREAM).unwrap();
    let last = text
        .lines()
        .rev()
        .find(|l| l.contains("\"Point\""))
        .unwrap();
    let time = last
        .split("\"time\":\"")
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap();
    let later = time.replacen("2026-12-03", "2026-12-06", 1);
    assert_ne!(later, time);
    let long = text.replacen(last, &last.replacen(time, &later, 1), 1);
    let short = import_one(("k6/out.json", STREAM));
    let long = import_one(("k6/long.json", long.as_bytes()));
    let (short, long) = (
        bench(&short.runs[0].run, "http"),
        bench(&long.runs[0].run, "http"),
    );
    let tl = long.timeline.as_ref().unwrap();
    tl.check().unwrap();
    assert_eq!(tl.window, "256s");
    assert!(tl.len() <= crate::timeline::MAX_WINDOWS);
    let requests: f64 = tl
        .values("throughput")
        .unwrap()
        .iter()
        .flatten()
        .map(|r| r * 256.0)
        .sum();
    assert_eq!(Some(requests), short.metrics["requests"].value);
    // The windows' histograms merge exactly: the same latency summary.
    assert_eq!(long.metrics["latency"], short.metrics["latency"]);
}

#[test]
fn bad_streams_name_the_file_and_the_line() {
    let text = std::str::from_utf8(STREAM).unwrap();
    let lines = text.lines().count();
    // Cut in the middle of its last line, as a killed k6 leaves it.
    let cut = &text[..text.len() - 40];
    let err = error("k6/cut.json", cut.as_bytes(), None);
    assert!(err.starts_with("k6/cut.json (read as k6-json): "), "{err}");
    assert!(
        err.contains(&format!("line {lines}: not a k6 JSON line: EOF")),
        "{err}"
    );
    // A value of the wrong type, and a point without its time.
    let bad = text.replacen("\"value\":1,", "\"value\":\"1\",", 1);
    let err = error("k6/bad.json", bad.as_bytes(), None);
    assert!(
        err.contains("line 2: not a k6 JSON line: invalid type: string \"1\""),
        "{err}"
    );
    let first_point = text.lines().nth(1).unwrap();
    let untimed = text.replacen(
        first_point,
        &first_point.replacen("\"time\"", "\"when\"", 1),
        1,
    );
    let err = error("k6/t.json", untimed.as_bytes(), None);
    assert!(
        err.contains("line 2: a `http_reqs` point without a `data.time`"),
        "{err}"
    );
    let err = error("k6/n.json", b"\n", Some(Format::K6Json));
    assert!(err.contains("no k6 points"), "{err}");
    let err = error(
        "k6/neg.json",
        br#"{"metric":"http_req_duration","type":"Point","data":{"time":"2026-12-03T13:41:45Z","value":-1}}"#,
        None,
    );
    assert!(
        err.contains("line 1: an http_req_duration of -1 ms, below zero"),
        "{err}"
    );
}

/// k6 flushes its points in batches, so a stream need not be in time order: a point earlier
/// than the first opens windows before it, and the run starts there.
#[test]
fn an_earlier_point_later_in_the_stream_moves_the_start() {
    let point = |metric: &str, time: &str, value: f64| {
        format!(
            r#"{{"metric":"{metric}","type":"Point","data":{{"time":"{time}","value":{value},"tags":{{}}}}}}"#
        )
    };
    let text = [
        point("http_reqs", "2026-12-03T10:00:05.5Z", 1.0),
        point("http_req_duration", "2026-12-03T10:00:05.5Z", 20.0),
        point("http_reqs", "2026-12-03T10:00:00.5Z", 1.0),
        point("http_req_duration", "2026-12-03T10:00:00.5Z", 10.0),
    ]
    .join("\n");
    let imported = import_one(("k6/order.json", text.as_bytes()));
    assert_eq!(imported.format, Format::K6Json);
    let run = &imported.runs[0].run;
    assert_eq!(run.run.timestamp, "2026-12-03T10:00:00.5Z");
    let http = bench(run, "http");
    let tl = http.timeline.as_ref().unwrap();
    assert_eq!(
        tl.values("throughput").unwrap(),
        [
            Some(1.0),
            Some(0.0),
            Some(0.0),
            Some(0.0),
            Some(0.0),
            Some(1.0)
        ]
    );
    assert_eq!(tl.values("latency_p50").unwrap()[0], Some(10.0));
    assert_eq!(tl.values("latency_p50").unwrap()[5], Some(20.0));
    let s = http.metrics["latency"].summary.as_ref().unwrap();
    assert_eq!(
        (s.min, s.max, s.mean, s.p50),
        (Some(10.0), Some(20.0), Some(15.0), Some(15.0))
    );
    // Five seconds from the first point to the last.
    assert_eq!(http.metrics["throughput"].value, Some(2.0 / 5.0));
}
