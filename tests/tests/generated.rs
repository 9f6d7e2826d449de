//! The importers on result files made here by running the real tools
//! (tests/data/generated/, made by its generate.sh; versions in its README). Each test reads
//! numbers straight off the tool's file and checks the run carries them.

use std::path::{Path, PathBuf};

use benchdash_core::import::{import, Format, Imported, Options, SourceFile};
use benchdash_core::{Better, RunFile};
use benchdash_tests::workspace_root;
use serde_json::Value;

fn generated(path: &str) -> PathBuf {
    workspace_root().join("tests/data/generated").join(path)
}

fn walk(dir: &Path, out: &mut Vec<(String, Vec<u8>)>) {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            walk(&p, out);
        } else {
            out.push((p.display().to_string(), std::fs::read(&p).unwrap()));
        }
    }
}

fn import_path(path: &str, options: &Options) -> Vec<Imported> {
    let root = generated(path);
    let mut files = Vec::new();
    if root.is_dir() {
        walk(&root, &mut files);
    } else {
        files.push((root.display().to_string(), std::fs::read(&root).unwrap()));
    }
    let sources: Vec<SourceFile> = files
        .iter()
        .map(|(p, b)| SourceFile {
            path: p,
            bytes: b,
            modified: None,
        })
        .collect();
    import(&sources, options).unwrap_or_else(|e| panic!("{e}"))
}

fn one(path: &str) -> (Format, RunFile, Vec<String>) {
    let mut imported = import_path(path, &Options::default());
    assert_eq!(imported.len(), 1, "{path}");
    let i = imported.remove(0);
    assert_eq!(i.runs.len(), 1);
    let loaded = i.runs.into_iter().next().unwrap();
    (i.format, loaded.run, loaded.warnings)
}

fn json(path: &str) -> Value {
    let text = std::fs::read_to_string(generated(path)).unwrap();
    // Google Benchmark writes bare NaN; Python's json reads it, serde_json does not.
    serde_json::from_str(&text.replace("NaN", "null")).unwrap()
}

#[test]
fn hyperfine_parameters_and_exit_codes() {
    let (format, run, _) = one("hyperfine/params-list.json");
    assert_eq!(format, Format::Hyperfine);
    let raw = json("hyperfine/params-list.json");
    assert_eq!(
        run.benchmarks.len(),
        raw["results"].as_array().unwrap().len()
    );
    let seq = run.benchmark("seq 1000000").unwrap();
    assert_eq!(seq.params["n"], "1000000");
    assert_eq!(seq.metrics["time"].samples.len(), 10);
    assert_eq!(
        seq.metrics["time"].headline(),
        raw["results"][2]["mean"].as_f64()
    );

    let (_, run, warnings) = one("hyperfine/exit-codes.json");
    assert_eq!(
        run.benchmark("always-fails").unwrap().metrics["error_rate"].value,
        Some(1.0)
    );
    assert_eq!(
        run.benchmark("alternates").unwrap().metrics["error_rate"].value,
        Some(0.5)
    );
    assert_eq!(
        run.benchmark("succeeds").unwrap().metrics["error_rate"].value,
        Some(0.0)
    );
    assert_eq!(warnings.len(), 2, "{warnings:?}");

    let (_, run, _) = one("hyperfine/single-run.json");
    let time = &run.benchmarks[0].metrics["time"];
    assert_eq!(time.samples.len(), 1);
    assert_eq!(time.summary.as_ref().unwrap().stddev, None);
}

#[test]
fn pytest_benchmark_export_groups_params_and_git() {
    let (format, run, _) = one("pytest-benchmark/out.json");
    assert_eq!(format, Format::PytestBenchmark);
    let raw = json("pytest-benchmark/out.json");
    let sorted = run.benchmark("sorting/test_sorted[1000]").unwrap();
    assert_eq!(sorted.params["size"], "1000");
    let raw_bench = raw["benchmarks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|b| b["name"] == "test_sorted[1000]")
        .unwrap();
    assert_eq!(
        sorted.metrics["time"].headline(),
        raw_bench["stats"]["mean"].as_f64()
    );
    assert_eq!(
        sorted.metrics["time"].summary.as_ref().unwrap().n,
        raw_bench["stats"]["rounds"].as_u64()
    );
    assert!(
        run.benchmark("test_fib_plain").is_some(),
        "no group, no prefix"
    );
    assert_eq!(
        run.run.git.as_ref().unwrap().commit.as_deref(),
        raw["commit_info"]["id"].as_str()
    );
    assert_eq!(run.run.timestamp, raw["datetime"].as_str().unwrap());
    assert_eq!(
        run.run.source.as_ref().unwrap().tool_version.as_deref(),
        Some("5.3.1")
    );
}

#[test]
fn pytest_benchmark_saved_storage_folder() {
    let imported = import_path("pytest-benchmark/saved", &Options::default());
    assert_eq!(imported.len(), 1);
    assert_eq!(imported[0].format, Format::PytestBenchmark);
    assert!(imported[0].files[0].contains("0001_"));
    assert_eq!(imported[0].runs[0].run.benchmarks.len(), 6);
}

#[test]
fn google_benchmark_repetitions_counters_errors_and_nan() {
    let (format, run, warnings) = one("gbench/repetitions.json");
    assert_eq!(format, Format::GoogleBenchmark);
    let push = run.benchmark("BM_VectorPushBack/8").unwrap();
    assert_eq!(push.metrics["time"].samples.len(), 3);
    let raw = json("gbench/repetitions.json");
    let mean = raw["benchmarks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|b| b["name"] == "BM_VectorPushBack/8_mean")
        .unwrap();
    let ours = push.metrics["time"].summary.as_ref().unwrap().mean.unwrap();
    assert!(
        (ours - mean["real_time"].as_f64().unwrap()).abs() < 1e-9 * ours,
        "mean of the repetitions = gbench's mean aggregate"
    );
    assert!(
        run.benchmark("BM_VectorPushBack/8_mean").is_none(),
        "aggregates are not benchmarks"
    );
    assert_eq!(
        run.benchmark("BM_StringConcat/16/16").unwrap().metrics["time"].unit,
        "us"
    );
    assert!(
        warnings.iter().any(|w| w.contains("reported an error")),
        "{warnings:?}"
    );
    let with_rates = run
        .benchmarks
        .iter()
        .find(|b| b.metrics.contains_key("throughput"))
        .expect("items_per_second");
    assert_eq!(with_rates.metrics["throughput"].better, Better::Higher);
}

#[test]
fn google_benchmark_aggregates_only() {
    let (_, run, _) = one("gbench/aggregates-only.json");
    let push = run.benchmark("BM_VectorPushBack/8").unwrap();
    let s = push.metrics["time"].summary.as_ref().unwrap();
    assert!(push.metrics["time"].samples.is_empty());
    assert!(s.mean.is_some() && s.median.is_some() && s.stddev.is_some());
}

#[test]
fn criterion_tree_new_and_base_baselines_with_throughput() {
    let new = import_path("criterion/target-criterion", &Options::default());
    let run = &new[0].runs[0].run;
    assert_eq!(new[0].format, Format::Criterion);
    assert_eq!(run.benchmarks.len(), 9);
    let sum = run.benchmark("throughput/sum_1000").unwrap();
    assert_eq!(sum.metrics["throughput"].unit, "elements/s");
    let mean_ns = sum.metrics["time"].summary.as_ref().unwrap().mean.unwrap();
    let est = json("criterion/target-criterion/throughput/sum_1000/new/estimates.json");
    assert_eq!(Some(mean_ns), est["mean"]["point_estimate"].as_f64());
    let throughput = &sum.metrics["throughput"];
    assert!((throughput.headline().unwrap() - 1000.0 / (mean_ns * 1e-9)).abs() < 1e-6);
    // One throughput per time sample: the evidence its verdict reads.
    let times = &sum.metrics["time"].samples;
    assert_eq!(throughput.samples.len(), times.len());
    for (rate, ns) in throughput.samples.iter().zip(times) {
        assert!((rate - 1000.0 / (ns * 1e-9)).abs() < 1e-6 * rate);
    }
    let fib = run.benchmark("fib/iterative/10").unwrap();
    assert_eq!(fib.params["value"], "10");
    assert_eq!(fib.metrics["time"].samples.len(), 10);

    let options = Options {
        criterion_baseline: "base".into(),
        ..Options::default()
    };
    let base = import_path("criterion/target-criterion", &options);
    let base_run = &base[0].runs[0].run;
    assert_eq!(base_run.run.name, "criterion (base)");
    assert_ne!(
        base_run.benchmark("throughput/sum_1000").unwrap().metrics["time"].summary,
        sum.metrics["time"].summary
    );
}

#[test]
fn cargo_criterion_message_stream() {
    let (format, run, _) = one("criterion/cargo-criterion.jsonl");
    assert_eq!(format, Format::CargoCriterion);
    assert_eq!(run.benchmarks.len(), 9);
    let text = std::fs::read_to_string(generated("criterion/cargo-criterion.jsonl")).unwrap();
    let first: Value = text
        .lines()
        .map(|l| serde_json::from_str::<Value>(l).unwrap())
        .find(|m| m["reason"] == "benchmark-complete")
        .unwrap();
    let b = run.benchmark(first["id"].as_str().unwrap()).unwrap();
    assert_eq!(
        b.metrics["time"].summary.as_ref().unwrap().mean,
        first["mean"]["estimate"].as_f64()
    );
    assert_eq!(
        b.metrics["time"].samples.len(),
        first["iteration_count"].as_array().unwrap().len()
    );
}
