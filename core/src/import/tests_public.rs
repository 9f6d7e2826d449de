//! Importers of formats whose tools cannot run here (JMH, BenchmarkDotNet, Vegeta), on
//! real files from public repositories (tests/data/public, each folder's README says where
//! from). Numbers are checked against the tool's own in the same file: JMH's `score` and
//! `scorePercentiles` beside its `rawData`, …

use serde_json::Value;

use super::tests::{error, import_one, names};
use super::*;

macro_rules! public {
    ($path:literal) => {
        (
            $path,
            &include_bytes!(concat!("../../../tests/data/public/", $path))[..],
        )
    };
}

fn close(a: f64, b: f64, rel: f64) -> bool {
    (a - b).abs() <= rel * a.abs().max(b.abs())
}

/// jcasbin's JMH results: 30 throughput results (ops/ms) and 7 single-shot ones (ms/op), one
/// fork of 3 iterations each, every one with `@Param`s.
#[test]
fn jmh_results_of_jcasbin() {
    let (path, bytes) = public!("jmh/jcasbin-jmh-result.json");
    let imported = import_one((path, bytes));
    assert_eq!(imported.format, Format::Jmh);
    let loaded = &imported.runs[0];
    let run = &loaded.run;
    assert_eq!(
        run.run.source.as_ref().unwrap().tool_version.as_deref(),
        Some("1.37")
    );
    assert_eq!(run.benchmarks.len(), 37);
    assert_eq!(
        names(run)[0],
        "org.casbin.jcasbin.main.benchmark.BenchmarkEnforce.enforce(dataScale=small, modelType=rbac, useCache=false)"
    );
    assert_eq!(
        names(run)[36],
        "org.casbin.jcasbin.main.benchmark.BenchmarkMemory.measureMemory(scenario=ABAC_Complex)"
    );
    // JMH's own numbers, read from the same file as plain JSON.
    let oracle: Vec<Value> = serde_json::from_slice(bytes).unwrap();
    for (bench, want) in run.benchmarks.iter().zip(&oracle) {
        let pm = &want["primaryMetric"];
        let mode = want["mode"].as_str().unwrap();
        let (metric, unit, better) = match mode {
            "thrpt" => ("throughput", "ops/ms", Better::Higher),
            "ss" => ("time", "ms", Better::Lower),
            other => panic!("{other}"),
        };
        assert_eq!(bench.metrics.len(), 1, "{}", bench.name);
        let m = &bench.metrics[metric];
        assert_eq!(m.unit, unit);
        assert_eq!(m.better, better);
        let raw: Vec<f64> = pm["rawData"][0]
            .as_array()
            .unwrap()
            .iter()
            .map(|x| x.as_f64().unwrap())
            .collect();
        assert_eq!(m.samples, raw, "{}", bench.name);
        let s = m.summary.as_ref().unwrap();
        assert_eq!(s.n, Some(3));
        let score = pm["score"].as_f64().unwrap();
        assert!(close(s.mean.unwrap(), score, 1e-12), "{}", bench.name);
        let pct = |k: &str| pm["scorePercentiles"][k].as_f64().unwrap();
        assert!(close(s.min.unwrap(), pct("0.0"), 1e-12));
        assert!(close(s.max.unwrap(), pct("100.0"), 1e-12));
        assert!(close(s.median.unwrap(), pct("50.0"), 1e-12));
        assert_eq!(s.ci_lower, pm["scoreConfidence"][0].as_f64());
        assert_eq!(s.ci_upper, pm["scoreConfidence"][1].as_f64());
        for (k, v) in want["params"].as_object().unwrap() {
            assert_eq!(bench.params[k], v.as_str().unwrap());
        }
    }
}

/// The modes and metrics jcasbin's file lacks: `avgt` in us/op with the gc profiler's
/// secondary metrics, the same method in two modes (one benchmark, two metrics), and `sample`
/// mode's percentiles (a hand-written file in JMH's layout).
#[test]
fn jmh_modes_secondary_metrics_and_percentiles() {
    let file = r#"[
 {"jmhVersion":"1.37","benchmark":"a.B.m","mode":"thrpt","params":{"n":"10"},
  "primaryMetric":{"score":2.0,"scoreError":0.5,"scoreConfidence":[1.5,2.5],"scorePercentiles":{"0.0":1.0,"100.0":3.0},"scoreUnit":"ops/us","rawData":[[1.0,2.0],[3.0,2.0]]},
  "secondaryMetrics":{}},
 {"jmhVersion":"1.37","benchmark":"a.B.m","mode":"avgt","params":{"n":"10"},
  "primaryMetric":{"score":0.5,"scoreError":0.1,"scoreConfidence":[0.4,0.6],"scorePercentiles":{},"scoreUnit":"us/op","rawData":[[0.5,0.5]]},
  "secondaryMetrics":{"·gc.alloc.rate":{"score":900.0,"scoreUnit":"MB/sec","rawData":[[900.0,900.0]]},
                      "·gc.alloc.rate.norm":{"score":48.0,"scoreError":0.0,"scoreConfidence":[48.0,48.0],"scorePercentiles":{},"scoreUnit":"B/op","rawData":[[48.0,48.0]]}}},
 {"jmhVersion":"1.37","benchmark":"a.B.one","mode":"ss",
  "primaryMetric":{"score":7.0,"scoreError":"NaN","scoreConfidence":["NaN","NaN"],"scorePercentiles":{"0.0":7.0},"scoreUnit":"s/op","rawData":[[7.0]]},
  "secondaryMetrics":{}},
 {"jmhVersion":"1.37","benchmark":"a.B.s","mode":"sample",
  "primaryMetric":{"score":120.5,"scoreError":3.0,"scoreConfidence":[117.5,123.5],
   "scorePercentiles":{"0.0":90.0,"50.0":110.0,"90.0":150.0,"95.0":170.0,"99.0":240.0,"99.9":900.0,"100.0":1200.0},
   "scoreUnit":"ns/op"},
  "secondaryMetrics":{}}
]"#;
    let imported = import_one(("jmh.json", file.as_bytes()));
    assert_eq!(imported.format, Format::Jmh);
    let run = &imported.runs[0].run;
    assert_eq!(names(run), ["a.B.m(n=10)", "a.B.one", "a.B.s"]);
    // One iteration: JMH writes its error and interval as the string "NaN".
    let one = &run.benchmarks[1].metrics["time"];
    assert_eq!(
        (one.unit.as_str(), one.samples.as_slice()),
        ("s", &[7.0][..])
    );
    assert_eq!(one.summary.as_ref().unwrap().ci_lower, None);
    let m = &run.benchmarks[0];
    assert_eq!(
        m.metrics.keys().collect::<Vec<_>>(),
        ["gc.alloc.rate", "gc.alloc.rate.norm", "throughput", "time"]
    );
    assert_eq!(m.metrics["throughput"].unit, "ops/us");
    assert_eq!(m.metrics["throughput"].samples, [1.0, 2.0, 3.0, 2.0]);
    assert_eq!(m.metrics["time"].unit, "us");
    assert_eq!(m.metrics["time"].better, Better::Lower);
    assert_eq!(m.metrics["gc.alloc.rate.norm"].unit, "B");
    assert_eq!(m.metrics["gc.alloc.rate.norm"].better, Better::Lower);
    assert_eq!(m.metrics["gc.alloc.rate"].unit, "MB/sec");
    assert_eq!(m.metrics["gc.alloc.rate"].better, Better::Higher);
    let s = run.benchmarks[2].metrics["time"].summary.as_ref().unwrap();
    assert_eq!(run.benchmarks[2].metrics["time"].unit, "ns");
    assert_eq!(
        (s.mean, s.median, s.p90, s.p95, s.p99, s.min, s.max),
        (
            Some(120.5),
            Some(110.0),
            Some(150.0),
            Some(170.0),
            Some(240.0),
            Some(90.0),
            Some(1200.0)
        )
    );
}

#[test]
fn jmh_bad_input_names_the_file_and_the_reason() {
    let (_, bytes) = public!("jmh/jcasbin-jmh-result.json");
    let text = std::str::from_utf8(bytes).unwrap();
    let cut = &text[..text.rfind("\"rawData\"").unwrap()];
    let err = error("jmh/cut.json", cut.as_bytes(), Some(Format::Jmh));
    assert!(err.starts_with("jmh/cut.json (read as jmh): "), "{err}");
    let cases: [(&str, &[u8], &str); 3] = [
        (
            "mode.json",
            br#"[{"benchmark":"a","mode":"fast","primaryMetric":{"score":1,"scoreUnit":"ops/s","rawData":[[1]]}}]"#,
            "unknown mode \"fast\"",
        ),
        (
            "type.json",
            br#"[{"benchmark":"a","mode":"thrpt","primaryMetric":{"score":"high","scoreUnit":"ops/s"}}]"#,
            "score",
        ),
        (
            "nothing.json",
            br#"[{"benchmark":"a","mode":"thrpt","primaryMetric":{"scoreUnit":"ops/s"}}]"#,
            "no result with a score",
        ),
    ];
    for (path, bytes, why) in cases {
        let err = error(path, bytes, None);
        assert!(err.starts_with(&format!("{path} (read as jmh): ")), "{err}");
        assert!(err.contains(why), "{err}");
    }
}

/// BenchmarkDotNet 0.12.1's full JSON report of two Fibonacci benchmarks, as
/// github-action-benchmark keeps it for its tests (its `Measurements` end in the pilot stage,
/// so the samples are `Statistics.OriginalValues`).
#[test]
fn benchmarkdotnet_full_report() {
    let (path, bytes) = public!("benchmarkdotnet/gab-Sample.Benchmarks-report-full.json");
    let imported = import_one((path, bytes));
    assert_eq!(imported.format, Format::BenchmarkDotNet);
    let run = &imported.runs[0].run;
    assert_eq!(
        names(run),
        ["Sample.Benchmarks.Fib10", "Sample.Benchmarks.Fib20"]
    );
    assert_eq!(
        run.run.source.as_ref().unwrap().tool_version.as_deref(),
        Some("0.12.1")
    );
    assert_eq!(run.run.timestamp, "2020-05-29T16:44:31Z");
    let machine = run.run.machine.as_ref().unwrap();
    assert_eq!(
        machine.cpu.as_deref(),
        Some("Intel Core i7-7820HQ CPU 2.90GHz (Kaby Lake)")
    );
    assert_eq!(machine.cores, Some(8));
    let oracle: Value = serde_json::from_slice(bytes).unwrap();
    for (bench, want) in run
        .benchmarks
        .iter()
        .zip(oracle["Benchmarks"].as_array().unwrap())
    {
        let st = &want["Statistics"];
        let m = &bench.metrics["time"];
        assert_eq!(m.unit, "ns");
        assert_eq!(m.better, Better::Lower);
        let values: Vec<f64> = st["OriginalValues"]
            .as_array()
            .unwrap()
            .iter()
            .map(|x| x.as_f64().unwrap())
            .collect();
        assert_eq!(m.samples, values);
        let s = m.summary.as_ref().unwrap();
        assert_eq!(s.n, st["N"].as_u64());
        let f = |v: Option<f64>, k: &str| close(v.unwrap(), st[k].as_f64().unwrap(), 1e-12);
        assert!(f(s.mean, "Mean"), "{}", bench.name);
        assert!(f(s.median, "Median"));
        assert!(f(s.min, "Min"));
        assert!(f(s.max, "Max"));
        assert!(f(s.stddev, "StandardDeviation"));
        assert_eq!(s.p90, st["Percentiles"]["P90"].as_f64());
        assert_eq!(s.p95, st["Percentiles"]["P95"].as_f64());
        assert_eq!(s.ci_lower, st["ConfidenceInterval"]["Lower"].as_f64());
        assert_eq!(s.ci_upper, st["ConfidenceInterval"]["Upper"].as_f64());
        assert_eq!(s.ci_level, Some(0.999));
    }
}

/// What the public report lacks: the workload's result measurements (per-op samples),
/// `Parameters` and the memory diagnoser (a hand-written report in BenchmarkDotNet's layout).
#[test]
fn benchmarkdotnet_measurements_params_and_memory() {
    let file = br#"{"Title":"B-20260101-120000","HostEnvironmentInfo":{"BenchmarkDotNetVersion":"0.13.12"},
      "Benchmarks":[{"FullName":"N.T.M(Size: 10)","Type":"T","Method":"M","Parameters":"Size=10",
        "Statistics":{"N":2,"Mean":15.0,"Median":15.0,"Min":10.0,"Max":20.0},
        "Memory":{"Gen0Collections":3,"Gen1Collections":0,"Gen2Collections":0,"TotalOperations":1000,"BytesAllocatedPerOperation":48},
        "Measurements":[
          {"IterationMode":"Overhead","IterationStage":"Actual","LaunchIndex":1,"IterationIndex":1,"Operations":100,"Nanoseconds":100},
          {"IterationMode":"Workload","IterationStage":"Actual","LaunchIndex":1,"IterationIndex":1,"Operations":100,"Nanoseconds":1100},
          {"IterationMode":"Workload","IterationStage":"Result","LaunchIndex":1,"IterationIndex":1,"Operations":100,"Nanoseconds":1000},
          {"IterationMode":"Workload","IterationStage":"Result","LaunchIndex":1,"IterationIndex":2,"Operations":100,"Nanoseconds":2000}]}]}"#;
    let imported = import_one(("x-report-full-compressed.json", file));
    assert_eq!(imported.format, Format::BenchmarkDotNet);
    let b = &imported.runs[0].run.benchmarks[0];
    assert_eq!(b.name, "N.T.M(Size: 10)");
    assert_eq!(b.params["Size"], "10");
    assert_eq!(b.metrics["time"].samples, [10.0, 20.0]);
    assert_eq!(b.metrics["alloc_bytes"].value, Some(48.0));
    assert_eq!(b.metrics["alloc_bytes"].unit, "B");
    assert_eq!(b.extra.as_ref().unwrap()["memory"]["Gen0Collections"], 3);
}

#[test]
fn benchmarkdotnet_bad_input_names_the_file_and_the_reason() {
    let (_, bytes) = public!("benchmarkdotnet/gab-Sample.Benchmarks-report-full.json");
    let text = std::str::from_utf8(bytes).unwrap();
    let cut = &text[..text.rfind("\"Percentiles\"").unwrap()];
    let err = error("b/cut.json", cut.as_bytes(), Some(Format::BenchmarkDotNet));
    assert!(
        err.starts_with("b/cut.json (read as benchmarkdotnet): "),
        "{err}"
    );
    let cases: [(&str, &[u8], &str); 2] = [
        (
            "type.json",
            br#"{"HostEnvironmentInfo":{},"Benchmarks":[{"FullName":"a","Statistics":{"Mean":"slow"}}]}"#,
            "Mean",
        ),
        (
            "empty.json",
            br#"{"HostEnvironmentInfo":{},"Benchmarks":[{"FullName":"a"}]}"#,
            "no benchmark with statistics",
        ),
    ];
    for (path, bytes, why) in cases {
        let err = error(path, bytes, None);
        assert!(
            err.starts_with(&format!("{path} (read as benchmarkdotnet): ")),
            "{err}"
        );
        assert!(err.contains(why), "{err}");
    }
}

/// A Vegeta 12.8 report printed in Seldon Core's benchmarking notebook (a 30 s REST attack,
/// 8882 requests, all 200), checked against the report's own numbers.
#[test]
fn vegeta_report_of_seldon() {
    let (path, bytes) = public!("vegeta/seldon-rest-report.json");
    let imported = import_one((path, bytes));
    assert_eq!(imported.format, Format::Vegeta);
    let loaded = &imported.runs[0];
    assert!(loaded.warnings.is_empty(), "{:?}", loaded.warnings);
    let run = &loaded.run;
    assert_eq!(names(run), ["seldon-rest-report"]);
    assert_eq!(run.run.timestamp, "2020-08-07T17:10:37.117884325Z");
    let want: Value = serde_json::from_slice(bytes).unwrap();
    let b = &run.benchmarks[0];
    let l = &b.metrics["latency"];
    assert_eq!((l.unit.as_str(), l.better), ("ms", Better::Lower));
    let s = l.summary.as_ref().unwrap();
    let ns = |k: &str| want["latencies"][k].as_f64().unwrap() / 1e6;
    assert_eq!(s.n, Some(8882));
    for (got, key) in [
        (s.mean, "mean"),
        (s.median, "50th"),
        (s.p90, "90th"),
        (s.p95, "95th"),
        (s.p99, "99th"),
        (s.min, "min"),
        (s.max, "max"),
    ] {
        assert!(close(got.unwrap(), ns(key), 1e-12), "{key}");
    }
    assert!(close(s.mean.unwrap(), 339.033885, 1e-12));
    let value = |m: &str| b.metrics[m].value.unwrap();
    assert_eq!(value("throughput"), 293.63176909007353);
    assert_eq!(b.metrics["throughput"].unit, "req/s");
    assert_eq!(value("request_rate"), 296.05832946673667);
    assert_eq!(value("requests"), 8882.0);
    assert_eq!(value("errors"), 0.0);
    assert_eq!(value("error_rate"), 0.0);
    assert_eq!(value("success_rate"), 1.0);
    assert_eq!(value("http_error_rate"), 0.0);
    assert_eq!(value("response_size"), 346.9673496960144);
    // bytes in over duration + wait.
    assert!(close(
        value("data_rate"),
        3081764.0 / ((30000844820.0 + 247925698.0) / 1e9),
        1e-12
    ));
    // Vegeta's own sums: throughput = successes / (duration + wait), rate = requests / duration.
    assert!(close(8882.0 / 30.248770518, 293.63176909007353, 1e-9));
    assert!(close(8882.0 / 30.000844820, 296.05832946673667, 1e-9));
    assert_eq!(b.extra.as_ref().unwrap()["status_codes"]["200"], 8882);
}

#[test]
fn vegeta_failures_and_bad_input() {
    let file = br#"{"latencies":{"total":40,"mean":10,"50th":8,"90th":20,"95th":20,"99th":20,"max":20,"min":2},
      "bytes_in":{"total":100,"mean":25},"bytes_out":{"total":0,"mean":0},
      "earliest":"2026-01-01T00:00:00Z","latest":"2026-01-01T00:00:01Z","end":"2026-01-01T00:00:01Z",
      "duration":1000000000,"wait":0,"requests":4,"rate":4,"throughput":2,"success":0.5,
      "status_codes":{"0":1,"200":2,"503":1},"errors":["503 Service Unavailable","dial tcp: connection refused"]}"#;
    let imported = import_one(("v.json", file));
    let loaded = &imported.runs[0];
    let b = &loaded.run.benchmarks[0];
    assert_eq!(b.metrics["errors"].value, Some(2.0));
    assert_eq!(b.metrics["error_rate"].value, Some(0.5));
    // One 503 of the three responses (status 0 is no response).
    assert!(close(
        b.metrics["http_error_rate"].value.unwrap(),
        1.0 / 3.0,
        1e-12
    ));
    assert!(
        loaded.warnings[0].contains("2 of 4 requests failed: 503 Service Unavailable"),
        "{:?}",
        loaded.warnings
    );
    let (_, real) = public!("vegeta/seldon-rest-report.json");
    let text = std::str::from_utf8(real).unwrap();
    let cut = &text[..text.find("\"requests\"").unwrap()];
    let err = error("v/cut.json", cut.as_bytes(), Some(Format::Vegeta));
    assert!(err.starts_with("v/cut.json (read as vegeta): "), "{err}");
    let cases: [(&str, &[u8], &str); 2] = [
        (
            "type.json",
            br#"{"latencies":{"50th":"fast"},"bytes_in":{},"status_codes":{},"requests":1}"#,
            "50th",
        ),
        (
            "ratio.json",
            br#"{"latencies":{"50th":1},"bytes_in":{},"status_codes":{},"requests":1,"success":7}"#,
            "`success` is 7",
        ),
    ];
    for (path, bytes, why) in cases {
        let err = error(path, bytes, None);
        assert!(
            err.starts_with(&format!("{path} (read as vegeta): ")),
            "{err}"
        );
        assert!(err.contains(why), "{err}");
    }
}
