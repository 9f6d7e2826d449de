//! Importers on real files: public fixtures copied from the tools' own repositories
//! (tests/data/fixtures, see SOURCES.md there) and files made here by running the tools
//! (tests/data/generated). Each test asserts numbers read off the file, not just success.

use super::*;

macro_rules! fixture {
    ($path:literal) => {
        (
            $path,
            &include_bytes!(concat!("../../../tests/data/fixtures/", $path))[..],
        )
    };
}

pub(super) fn import_one(file: (&str, &[u8])) -> Imported {
    let files = [SourceFile {
        path: file.0,
        bytes: file.1,
        modified: Some("2026-01-02T03:04:05Z"),
    }];
    let mut out = import(&files, &Options::default()).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(out.len(), 1);
    out.remove(0)
}

/// The error of importing one file (detected, or as `format`), which must name the file.
pub(super) fn error(path: &str, bytes: &[u8], format: Option<Format>) -> String {
    let files = [SourceFile {
        path,
        bytes,
        modified: None,
    }];
    let options = Options {
        format,
        ..Options::default()
    };
    let err = import(&files, &options)
        .expect_err("should fail")
        .to_string();
    assert!(err.starts_with(path), "{err}");
    err
}

pub(super) fn names(run: &RunFile) -> Vec<&str> {
    run.benchmarks.iter().map(|b| b.name.as_str()).collect()
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-12 * a.abs().max(b.abs()).max(1.0)
}

#[test]
fn hyperfine_export() {
    let imported = import_one(fixture!("hyperfine/two.json"));
    assert_eq!(imported.format, Format::Hyperfine);
    let run = &imported.runs[0].run;
    assert_eq!(run.benchmarks.len(), 2);
    let b = run.benchmark("sleep 0.1").unwrap();
    let time = &b.metrics["time"];
    assert_eq!(time.unit, "s");
    assert_eq!(time.better, Better::Lower);
    assert_eq!(time.samples.len(), 27);
    assert!(close(time.headline().unwrap(), 0.10753446442370372));
    assert_eq!(time.summary.as_ref().unwrap().n, Some(27));
    assert_eq!(b.metrics["error_rate"].value, Some(0.0));
    assert!(b.metrics.contains_key("user_time"));
    // No timestamp in hyperfine's file: the modification time is used.
    assert_eq!(run.run.timestamp, "2026-01-02T03:04:05Z");
    assert_eq!(run.run.source.as_ref().unwrap().tool, "hyperfine");
    assert_eq!(
        run.run.source.as_ref().unwrap().files,
        ["hyperfine/two.json"]
    );
}

#[test]
fn hyperfine_non_zero_exits_are_reported() {
    let doc = br#"{"results":[{"command":"false","mean":0.001,"stddev":null,"median":0.001,"user":0,"system":0,"min":0.001,"max":0.001,
        "times":[0.001,0.001,0.001,0.001],"exit_codes":[1,0,1,1],"parameters":{"n":"3"}}]}"#;
    let imported = import_one(("fails.json", doc));
    let loaded = &imported.runs[0];
    let b = &loaded.run.benchmarks[0];
    assert_eq!(b.metrics["error_rate"].value, Some(0.75));
    assert_eq!(b.params["n"], "3");
    assert!(
        loaded
            .warnings
            .iter()
            .any(|w| w.contains("3 of 4 runs exited non-zero")),
        "{:?}",
        loaded.warnings
    );
}

#[test]
fn pytest_benchmark_new_format() {
    let imported = import_one(fixture!("pytest-benchmark/four.json"));
    assert_eq!(imported.format, Format::PytestBenchmark);
    let run = &imported.runs[0].run;
    assert_eq!(run.benchmarks.len(), 4);
    let fib = run.benchmark("test_fib_1").unwrap();
    let time = &fib.metrics["time"];
    assert_eq!(time.unit, "s");
    assert!(close(time.headline().unwrap(), 1.4995610248628836e-07));
    assert_eq!(time.summary.as_ref().unwrap().n, Some(68536));
    let throughput = &fib.metrics["throughput"];
    assert!(close(throughput.headline().unwrap(), 6668618.238403659));
    // The time's evidence, carried over: its rounds, and its spread by the delta method.
    let ops = throughput.summary.as_ref().unwrap();
    assert_eq!(ops.n, Some(68536));
    let time_summary = time.summary.as_ref().unwrap();
    let cv = time_summary.stddev.unwrap() / time_summary.mean.unwrap();
    assert!(close(ops.stddev.unwrap(), 6668618.238403659 * cv));
    assert_eq!(fib.metrics["throughput"].better, Better::Higher);
    assert_eq!(run.run.timestamp, "2019-12-06T08:58:58.115974Z");
    let git = run.run.git.as_ref().unwrap();
    assert_eq!(
        git.commit.as_deref(),
        Some("b8e9e2af2493a1ee2f3fa758a9572cd9972e6db7")
    );
    assert_eq!(git.branch.as_deref(), Some("master"));
    assert_eq!(git.dirty, Some(true));
    let machine = run.run.machine.as_ref().unwrap();
    assert_eq!(machine.hostname.as_deref(), Some("Corgi.local"));
    assert_eq!(
        machine.cpu.as_deref(),
        Some("Intel(R) Core(TM) i5-5257U CPU @ 2.70GHz")
    );
    assert_eq!(
        run.run.source.as_ref().unwrap().tool_version.as_deref(),
        Some("3.2.2")
    );
}

#[test]
fn pytest_benchmark_saved_2_5_file() {
    let imported = import_one(fixture!(
        "pytest-benchmark/0001_b87b9aae14ff14a7887a6bbaa9731b9a8760555d_20150814_190343_uncommitted-changes.json"
    ));
    let run = &imported.runs[0].run;
    let b = run.benchmark("test_xfast_parametrized[0]").unwrap();
    let s = b.metrics["time"].summary.as_ref().unwrap();
    assert_eq!(s.n, Some(9987));
    assert!(close(s.stddev.unwrap(), 2.140441942118885e-07));
    assert_eq!(run.run.timestamp, "2015-08-15T00:01:46.250433+00:00");
    assert_eq!(
        run.run.source.as_ref().unwrap().tool_version.as_deref(),
        Some("2.5.0")
    );
}

#[test]
fn google_benchmark_plain_run() {
    let imported = import_one(fixture!("gbench/gab_googlecpp_output.json"));
    assert_eq!(imported.format, Format::GoogleBenchmark);
    let run = &imported.runs[0].run;
    let fib = run.benchmark("fib_20").unwrap();
    assert_eq!(fib.metrics["time"].unit, "ns");
    assert!(close(
        fib.metrics["time"].headline().unwrap(),
        27455.600415007055
    ));
    assert_eq!(run.run.timestamp, "2019-11-29T21:26:59Z");
}

#[test]
fn google_benchmark_repetitions_are_samples_and_aggregates_are_not_benchmarks() {
    let imported = import_one(fixture!("gbench/test3_run0.json"));
    let run = &imported.runs[0].run;
    let names: Vec<&str> = run.benchmarks.iter().map(|b| b.name.as_str()).collect();
    assert_eq!(names, ["BM_One", "BM_Two", "short", "medium"]);
    assert_eq!(
        run.benchmark("BM_Two").unwrap().metrics["time"].samples,
        [9.0, 8.0]
    );
    assert_eq!(
        run.benchmark("medium").unwrap().metrics["time"].samples,
        [8.0, 9.0]
    );
    // An aggregate-only benchmark keeps its aggregate as the value, not as a sample.
    let one = &run.benchmark("BM_One").unwrap().metrics["time"];
    assert!(one.samples.is_empty());
    assert_eq!(one.headline(), Some(10.0));
    assert_eq!(run.run.machine.as_ref().unwrap().cores, Some(4));
}

#[test]
fn google_benchmark_complexity_aggregates_are_warned_about() {
    let imported = import_one(fixture!("gbench/test1_run1.json"));
    let loaded = &imported.runs[0];
    assert!(loaded.run.benchmark("BM_2xFaster").is_some());
    assert!(loaded.run.benchmark("MyComplexityTest").is_none());
    assert!(
        loaded
            .warnings
            .iter()
            .any(|w| w.contains("MyComplexityTest") && w.contains("BigO")),
        "{:?}",
        loaded.warnings
    );
}

#[test]
fn google_benchmark_errors_counters_and_rates() {
    let doc = br#"{"context":{"date":"2024-05-01T10:00:00+02:00","host_name":"box","num_cpus":8,"library_version":"v1.8.3"},
      "benchmarks":[
        {"name":"BM_Copy/64","run_name":"BM_Copy/64","run_type":"iteration","repetitions":2,"repetition_index":0,"threads":1,
         "iterations":100,"real_time":10.0,"cpu_time":9.0,"time_unit":"us","bytes_per_second":6.4e6,"items_per_second":1e5,"hits":3},
        {"name":"BM_Copy/64","run_name":"BM_Copy/64","run_type":"iteration","repetitions":2,"repetition_index":1,"threads":1,
         "iterations":100,"real_time":12.0,"cpu_time":11.0,"time_unit":"us","bytes_per_second":5.3e6,"items_per_second":0.8e5,"hits":5},
        {"name":"BM_Copy/64_mean","run_name":"BM_Copy/64","run_type":"aggregate","aggregate_name":"mean","real_time":11.0,"cpu_time":10.0,"time_unit":"us"},
        {"name":"BM_Copy/64_cv","run_name":"BM_Copy/64","run_type":"aggregate","aggregate_name":"cv","aggregate_unit":"percentage","real_time":0.12,"time_unit":"us"},
        {"name":"BM_Broken","run_name":"BM_Broken","run_type":"iteration","error_occurred":true,"error_message":"no network","iterations":0,"real_time":0,"time_unit":"ns"}
      ]}"#;
    let imported = import_one(("gb.json", doc));
    let loaded = &imported.runs[0];
    let b = loaded.run.benchmark("BM_Copy/64").unwrap();
    assert_eq!(b.metrics["time"].unit, "us");
    assert_eq!(b.metrics["time"].samples, [10.0, 12.0]);
    assert_eq!(b.metrics["cpu_time"].samples, [9.0, 11.0]);
    assert_eq!(b.metrics["bytes_throughput"].unit, "B/s");
    assert_eq!(b.metrics["throughput"].unit, "items/s");
    assert_eq!(b.metrics["throughput"].better, Better::Higher);
    assert_eq!(b.metrics["hits"].samples, [3.0, 5.0]);
    assert!(loaded.run.benchmark("BM_Broken").is_none());
    assert!(loaded
        .warnings
        .iter()
        .any(|w| w.contains("BM_Broken") && w.contains("no network")));
    assert_eq!(loaded.run.run.timestamp, "2024-05-01T10:00:00+02:00");
    assert_eq!(
        loaded
            .run
            .run
            .source
            .as_ref()
            .unwrap()
            .tool_version
            .as_deref(),
        Some("v1.8.3")
    );
}

#[test]
fn bencher_metric_format() {
    let imported = import_one(fixture!("bencher-bmf/report_latency.json"));
    assert_eq!(imported.format, Format::Bmf);
    let run = &imported.runs[0].run;
    let a = &run.benchmark("tests::benchmark_a").unwrap().metrics["latency"];
    assert_eq!((a.unit.as_str(), a.value), ("ns", Some(3247.0)));
    assert_eq!(a.extra.as_ref().unwrap()["lower_value"], 1044.0);
    let dhat = import_one(fixture!("bencher-bmf/report_dhat.json"));
    let m = &dhat.runs[0]
        .run
        .benchmark("bench_play_game")
        .unwrap()
        .metrics;
    assert_eq!(
        (m["Total Bytes"].unit.as_str(), m["Total Bytes"].value),
        ("B", Some(662.0))
    );
    assert_eq!(m["Total Blocks"].unit, "count");
}

#[test]
fn github_action_benchmark_custom_json() {
    let imported = import_one(fixture!(
        "github-action-benchmark/customBiggerIsBetter_output.json"
    ));
    assert_eq!(imported.format, Format::GithubActionBenchmark);
    let loaded = &imported.runs[0];
    let throughput = &loaded
        .run
        .benchmark("My Custom Bigger Is Better Benchmark - Throughput")
        .unwrap()
        .metrics["value"];
    assert_eq!(
        (
            throughput.unit.as_str(),
            throughput.value,
            throughput.better
        ),
        ("req/s", Some(70.0), Better::Higher)
    );
    let memory = &loaded
        .run
        .benchmark("My Custom Bigger Is Better Benchmark - Free Memory")
        .unwrap()
        .metrics["value"];
    assert_eq!(memory.unit, "MB");
    assert_eq!(memory.extra.as_ref().unwrap()["range"], "3");
    assert!(
        !loaded.warnings.is_empty(),
        "the guessed direction is announced"
    );
    // Forcing the format settles the direction.
    let files = [SourceFile {
        path: "custom.json",
        bytes: include_bytes!(
            "../../../tests/data/fixtures/github-action-benchmark/customBiggerIsBetter_output.json"
        ),
        modified: None,
    }];
    let options = Options {
        format: Some(Format::GithubActionBenchmarkBigger),
        ..Options::default()
    };
    let forced = import(&files, &options).unwrap().remove(0);
    assert_eq!(
        forced.runs[0].run.benchmarks[1].metrics["value"].better,
        Better::Higher
    );
    assert!(forced.runs[0].warnings.is_empty());
}

#[test]
fn github_action_benchmark_data_js_is_a_history() {
    let imported = import_one(fixture!("github-action-benchmark/original_data.js"));
    assert_eq!(imported.format, Format::GithubActionBenchmarkData);
    assert_eq!(imported.runs.len(), 1);
    let run = &imported.runs[0].run;
    assert_eq!(run.run.timestamp, "2019-11-28T07:45:27.603Z");
    let bench = &run.benchmark("bench_fib_10").unwrap().metrics["value"];
    assert_eq!(
        (bench.unit.as_str(), bench.value, bench.better),
        ("ns", Some(100.0), Better::Lower)
    );
    assert_eq!(
        run.run.git.as_ref().unwrap().commit.as_deref(),
        Some("prev commit id")
    );
    // The ids of a history's runs hash the run's index as 8 bytes; the dashboard's test
    // (app/tests/web.rs) checks the same file, so both targets give the same ids.
    let ids: Vec<&str> = include_str!("../../../tests/data/data-js-ids.txt")
        .lines()
        .collect();
    assert_eq!(vec![run.id()], ids);
}

#[test]
fn asv_version_1_results() {
    let imported = import_one(fixture!("asv/cheetah/05d283b9-py2.7-Cython-numpy1.8.json"));
    assert_eq!(imported.format, Format::Asv);
    let run = &imported.runs[0].run;
    let lat = &run
        .benchmark("time_coordinates.time_latitude")
        .unwrap()
        .metrics["time"];
    assert_eq!(
        (lat.unit.as_str(), lat.value),
        ("s", Some(6.59472942352295e-05))
    );
    assert_eq!(run.run.timestamp, "2013-12-10T15:20:01Z");
    assert_eq!(
        run.run.git.as_ref().unwrap().commit.as_deref(),
        Some("05d283b9694ed6db6e3f2df3f21d832e78bded7f")
    );
}

#[test]
fn asv_version_2_results_with_samples() {
    let imported = import_one(fixture!("asv/django-asv/00370342-conda-py3.10.json"));
    let run = &imported.runs[0].run;
    let b = &run
        .benchmark("data_struct_benchmarks.multi_value_dict.benchmark.MultiValueDictBench.time_multi_value_dict")
        .unwrap()
        .metrics["time"];
    assert_eq!(b.samples.len(), 10);
    assert_eq!(b.value, Some(0.4280574655001601));
    assert_eq!(b.summary.as_ref().unwrap().median, Some(0.4280574655001601));
    assert_eq!(
        run.run.machine.as_ref().unwrap().hostname.as_deref(),
        Some("ubuntu-22.04")
    );
}

#[test]
fn asv_parameters_nan_and_null() {
    let doc = br#"{"commit_hash":"abc","date":1700000000000,"params":{"machine":"m"},"version":1,
      "results":{"suite.time_fill":{"params":[["10","100"],["'a'","'b'"]],"result":[1.0,2.0,NaN,4.0]},
                 "suite.mem_list":null,"suite.track_count":7}}"#;
    let imported = import_one(("asv.json", doc));
    let loaded = &imported.runs[0];
    let names: Vec<&str> = loaded
        .run
        .benchmarks
        .iter()
        .map(|b| b.name.as_str())
        .collect();
    assert_eq!(
        names,
        [
            "suite.time_fill(10, a)",
            "suite.time_fill(10, b)",
            "suite.time_fill(100, b)",
            "suite.track_count"
        ]
    );
    assert_eq!(loaded.run.benchmarks[2].metrics["time"].value, Some(4.0));
    assert_eq!(loaded.run.benchmarks[3].metrics["value"].unit, "count");
    assert_eq!(loaded.warnings.len(), 2, "{:?}", loaded.warnings);
}

#[test]
fn criterion_old_layout_tree() {
    let base = "../../../tests/data/fixtures/criterion-old/Fibonacci";
    let _ = base;
    macro_rules! tree {
        ($($p:literal),*) => { [$(SourceFile { path: concat!("criterion/Fibonacci/", $p), bytes: include_bytes!(concat!("../../../tests/data/fixtures/criterion-old/Fibonacci/", $p)), modified: None }),*] };
    }
    let files = tree!(
        "Iterative/new/benchmark.json",
        "Iterative/new/estimates.json",
        "Iterative/new/sample.json",
        "Iterative/new/tukey.json",
        "Iterative/base/benchmark.json",
        "Iterative/base/estimates.json",
        "Iterative/base/sample.json",
        "Recursive/new/benchmark.json",
        "Recursive/new/estimates.json",
        "Recursive/new/sample.json",
        "Iterative/change/estimates.json"
    );
    let imported = import(&files, &Options::default()).unwrap().remove(0);
    assert_eq!(imported.format, Format::Criterion);
    let run = &imported.runs[0].run;
    assert_eq!(run.run.name, "criterion (new)");
    let names: Vec<&str> = run.benchmarks.iter().map(|b| b.name.as_str()).collect();
    assert_eq!(names, ["Fibonacci/Iterative", "Fibonacci/Recursive"]);
    let time = &run.benchmarks[0].metrics["time"];
    assert_eq!(time.unit, "ns");
    assert!(close(
        time.summary.as_ref().unwrap().mean.unwrap(),
        4.723173110355467
    ));
    assert_eq!(time.summary.as_ref().unwrap().ci_level, Some(0.95));
    // sample.json holds totals: per-iteration times are around the mean estimate.
    assert!(!time.samples.is_empty());
    let sample_mean = time.samples.iter().sum::<f64>() / time.samples.len() as f64;
    assert!((sample_mean - 4.72).abs() < 0.2, "{sample_mean}");
    // Asking for a baseline that is not there names the ones that are.
    let options = Options {
        criterion_baseline: "main".into(),
        ..Options::default()
    };
    let err = import(&files, &options).unwrap_err().to_string();
    assert!(
        err.contains("\"main\"") && err.contains("base") && err.contains("new"),
        "{err}"
    );
}

/// A criterion tree's `new` baseline with modification times, for the two ways of reading it.
fn criterion_new_baseline() -> Vec<FileData> {
    let dir = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../tests/data/fixtures/criterion-old/Fibonacci"
    );
    let mut files = Vec::new();
    for (bench, time) in [
        ("Iterative", "2026-01-02T03:04:05Z"),
        ("Recursive", "2026-01-02T03:04:07Z"),
    ] {
        for name in [
            "benchmark.json",
            "estimates.json",
            "sample.json",
            "tukey.json",
        ] {
            let bytes = std::fs::read(format!("{dir}/{bench}/new/{name}")).unwrap();
            files.push(FileData {
                path: format!("criterion/Fibonacci/{bench}/new/{name}"),
                bytes,
                modified: Some(time.to_string()),
            });
        }
    }
    files
}

#[test]
fn a_baseline_read_a_folder_at_a_time_is_the_run_import_gives() {
    let files = criterion_new_baseline();
    let sources: Vec<SourceFile> = files.iter().map(FileData::source).collect();
    let whole = import(&sources, &Options::default()).unwrap().remove(0);
    // Folder by folder, in the reverse order, as threads may finish them.
    let mut folders = Vec::new();
    for bench in ["Recursive", "Iterative"] {
        let mine: Vec<SourceFile> = sources
            .iter()
            .filter(|f| f.path.contains(bench))
            .cloned()
            .collect();
        folders.push(
            read_criterion_folder(&mine)
                .unwrap()
                .expect("a benchmark.json"),
        );
    }
    let pieces = criterion_baseline_run("new", folders, &Options::default()).unwrap();
    assert_eq!(pieces, whole);
    assert_eq!(whole.runs[0].run.benchmarks.len(), 2);
    // Dated by the newest of the baseline's data files.
    assert_eq!(whole.runs[0].run.run.timestamp, "2026-01-02T03:04:07Z");
    // A folder without a benchmark.json holds no benchmark.
    let only_samples: Vec<SourceFile> = sources
        .iter()
        .filter(|f| f.path.ends_with("Iterative/new/sample.json"))
        .cloned()
        .collect();
    assert!(read_criterion_folder(&only_samples).unwrap().is_none());
}

#[test]
fn a_baselines_id_hashes_its_data_files_and_not_tukey_json() {
    let id = |files: &[FileData]| {
        let sources: Vec<SourceFile> = files.iter().map(FileData::source).collect();
        import(&sources, &Options::default())
            .unwrap()
            .remove(0)
            .runs[0]
            .run
            .run
            .id
            .clone()
            .unwrap()
    };
    let files = criterion_new_baseline();
    assert!(files.iter().any(|f| f.path.ends_with("tukey.json")));
    let without_tukey: Vec<FileData> = files
        .iter()
        .filter(|f| !f.path.ends_with("tukey.json"))
        .cloned()
        .collect();
    // Tukey's fences follow from the samples: the same run with or without them.
    assert_eq!(id(&files), id(&without_tukey));
    let mut other_fences = files.clone();
    for f in other_fences
        .iter_mut()
        .filter(|f| f.path.ends_with("tukey.json"))
    {
        f.bytes = b"[1.0, 2.0, 3.0, 4.0]".to_vec();
    }
    assert_eq!(id(&files), id(&other_fences));
    // A changed sample is another run.
    let mut other_samples = files.clone();
    let sample = other_samples
        .iter_mut()
        .find(|f| f.path.ends_with("Iterative/new/sample.json"))
        .unwrap();
    sample.bytes.push(b' ');
    assert_ne!(id(&files), id(&other_samples));
}

#[test]
fn cargo_criterion_messages() {
    let doc = br#"{"reason":"group-complete","group_name":"fib","benchmarks":[]}
{"reason":"benchmark-complete","id":"fib/20","report_directory":"target/criterion/reports/fib/20","iteration_count":[10,20,30],"measured_values":[1000.0,2200.0,2700.0],"unit":"ns","throughput":[{"per_iteration":1024,"unit":"bytes"}],"typical":{"estimate":100.0,"lower_bound":95.0,"upper_bound":105.0,"unit":"ns"},"mean":{"estimate":100.0,"lower_bound":95.0,"upper_bound":105.0,"unit":"ns"},"median":{"estimate":99.0,"lower_bound":94.0,"upper_bound":104.0,"unit":"ns"},"median_abs_dev":{"estimate":1.0,"lower_bound":0.5,"upper_bound":1.5,"unit":"ns"},"slope":null,"change":null}
"#;
    let imported = import_one(("messages.jsonl", doc));
    assert_eq!(imported.format, Format::CargoCriterion);
    let b = imported.runs[0].run.benchmark("fib/20").unwrap();
    assert_eq!(b.metrics["time"].samples, [100.0, 110.0, 90.0]);
    assert_eq!(
        b.metrics["time"].summary.as_ref().unwrap().ci_lower,
        Some(95.0)
    );
    // 1024 bytes per 100 ns iteration = 10.24e9 B/s: criterion's figure, from the mean time.
    let throughput = &b.metrics["throughput"];
    assert!(close(throughput.headline().unwrap(), 10.24e9));
    // And one throughput per time sample, the evidence its verdict reads.
    let per_sample: Vec<f64> = [100.0, 110.0, 90.0]
        .iter()
        .map(|ns| 1024.0 / (ns * 1e-9))
        .collect();
    assert_eq!(throughput.samples.len(), 3);
    for (got, want) in throughput.samples.iter().zip(&per_sample) {
        assert!(close(*got, *want), "{got} {want}");
    }
}

#[test]
fn unknown_formats_list_the_known_ones() {
    let files = [SourceFile {
        path: "notes.json",
        bytes: br#"{"hello": "world"}"#,
        modified: None,
    }];
    let err = import(&files, &Options::default()).unwrap_err().to_string();
    assert!(err.starts_with("notes.json: unknown format"), "{err}");
    assert!(
        err.contains("hyperfine") && err.contains("pytest-benchmark") && err.contains("k6"),
        "{err}"
    );
}

#[test]
fn broken_files_name_the_format_tried_and_where() {
    let files = [SourceFile {
        path: "hf.json",
        bytes: br#"{"results":[{"command":"a","mean":"slow"}]}"#,
        modified: None,
    }];
    let options = Options {
        format: Some(Format::Hyperfine),
        ..Options::default()
    };
    let err = import(&files, &options).unwrap_err().to_string();
    assert!(
        err.starts_with("hf.json (read as hyperfine): at `results[0].mean`"),
        "{err}"
    );
    let files = [SourceFile {
        path: "data.js",
        bytes: b"window.BENCHMARK_DATA = {\n  \"entries\": {\n    \"x\": [ }\n}",
        modified: None,
    }];
    let err = import(&files, &Options::default()).unwrap_err().to_string();
    assert!(err.contains("line 3"), "{err}");
}

#[test]
fn benchdash_run_files_pass_through() {
    let (name, text) = crate::examples::ORCHESTRATOR_BASELINE;
    let imported = import_one((name, text.as_bytes()));
    assert_eq!(imported.format, Format::Benchdash);
    assert_eq!(imported.runs[0].run.id(), "example-baseline");
}

#[test]
fn import_write_read_round_trips() {
    for file in [
        fixture!("hyperfine/two.json"),
        fixture!("pytest-benchmark/four.json"),
        fixture!("gbench/test3_run0.json"),
        fixture!("asv/django-asv/00370342-conda-py3.10.json"),
        fixture!("bencher-bmf/report_bmf_mixed.json"),
    ] {
        let run = import_one(file).runs.remove(0).run;
        let text = crate::write::to_json(&run);
        let back = crate::read::read_run("x.json", text.as_bytes())
            .unwrap()
            .run;
        assert_eq!(back, run, "{}", file.0);
    }
}

#[test]
fn every_fixture_is_detected() {
    let cases = [
        (fixture!("hyperfine/one.json"), Format::Hyperfine),
        (fixture!("pytest-benchmark/two.json"), Format::PytestBenchmark),
        (
            fixture!("pytest-benchmark/0030_5b78858eb718649a31fb93d8dc96ca2cee41a4cd_20150815_030419_uncommitted-changes.json"),
            Format::PytestBenchmark,
        ),
        (fixture!("gbench/test4_run1.json"), Format::GoogleBenchmark),
        (fixture!("bencher-bmf/report_bmf_mixed.json"), Format::Bmf),
        (fixture!("github-action-benchmark/customSmallerIsBetter_output2.json"), Format::GithubActionBenchmark),
        (fixture!("asv/cheetah/05d283b9-py2.7-Cython-numpy1.8.json"), Format::Asv),
    ];
    for ((path, bytes), want) in cases {
        assert_eq!(detect(path, bytes), Some(want), "{path}");
    }
}

#[test]
fn files_that_are_not_json_say_so_with_the_position() {
    let files = [SourceFile {
        path: "notes.txt",
        bytes: b"{\n  \"a\": 1,\n  oops\n}",
        modified: None,
    }];
    let err = import(&files, &Options::default()).unwrap_err().to_string();
    assert!(err.starts_with("notes.txt: not valid JSON"), "{err}");
    assert!(err.contains("line 3 column 3"), "{err}");
    // A truncated run file is still read as a run file, by the run-file reader.
    let files = [SourceFile {
        path: "run.json",
        bytes: br#"{"format": "benchdash/run", "version": 1, "run": {"#,
        modified: None,
    }];
    let err = import(&files, &Options::default()).unwrap_err();
    assert_eq!(err.format, Some(Format::Benchdash));
    assert!(err.to_string().contains("EOF"), "{err}");
}

// Found by fuzzing (fuzz/, target import_auto): `--format criterion` on a lone file, here an
// empty one, failed naming "criterion tree" instead of the file.
#[test]
fn fuzz_criterion_forced_on_a_lone_file_names_the_file() {
    let files = [SourceFile {
        path: "x.json",
        bytes: b"",
        modified: None,
    }];
    let options = Options {
        format: Some(Format::Criterion),
        ..Options::default()
    };
    let err = import(&files, &options).unwrap_err().to_string();
    assert!(err.starts_with("x.json (read as criterion): "), "{err}");
}

/// Detection reads a [`json::Shape`] (the document cut at a fixed depth) instead of the whole
/// document: on every JSON file in tests/data, both give the same format.
#[test]
fn detecting_on_the_shape_agrees_with_detecting_on_the_whole_document() {
    fn walk(dir: &std::path::Path, out: &mut Vec<std::path::PathBuf>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(&path, out);
            } else if path.extension().is_some_and(|e| e == "json") {
                out.push(path);
            }
        }
    }
    let mut files = Vec::new();
    walk(
        &std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/data"),
        &mut files,
    );
    let mut compared = 0;
    for path in &files {
        let bytes = std::fs::read(path).unwrap();
        let Ok(whole) = json::parse_lenient::<serde_json::Value>(&bytes) else {
            continue;
        };
        let json::Shape(shape) = json::parse_lenient(&bytes).unwrap();
        assert_eq!(
            json::detect(&shape),
            json::detect(&whole),
            "{}",
            path.display()
        );
        compared += 1;
    }
    assert!(compared >= 40, "only {compared} JSON files compared");
}

#[test]
fn a_shape_keeps_three_levels_and_the_kind_of_the_fourth() {
    let json::Shape(shape) = json::parse_lenient(
        br#"{"a": {"b": {"c": 1, "d": [1, 2], "e": {"f": 2}}}, "n": NaN, "s": [[["x"]]]}"#,
    )
    .unwrap();
    assert_eq!(
        shape,
        serde_json::json!({"a": {"b": {"c": 1, "d": [], "e": {}}}, "n": null, "s": [[[]]]})
    );
}

/// pytest-benchmark exports parse without tracking the path (they grow big); a broken one is
/// parsed again with it, so its error still says where.
#[test]
fn a_broken_pytest_export_names_the_field() {
    let files = [SourceFile {
        path: "pb.json",
        bytes: br#"{"machine_info": {}, "benchmarks": [{"name": "t", "stats": {"rounds": "many", "data": [1, NaN]}}]}"#,
        modified: None,
    }];
    let err = import(&files, &Options::default()).unwrap_err().to_string();
    assert!(
        err.starts_with("pb.json (read as pytest-benchmark): at `benchmarks[0].stats.rounds`"),
        "{err}"
    );
}

/// An import job's steps (detect, parse with the format given, hash in slices, check) give
/// what the one-call import with detection gives, for every format's fixture, histories and github-action-benchmark's
/// several-run `data.js` included.
#[test]
fn importing_in_steps_equals_importing_at_once() {
    let history =
        crate::write::to_jsonl_line(&import_one(fixture!("hyperfine/two.json")).runs[0].run)
            + &crate::write::to_jsonl_line(
                &import_one(fixture!("pytest-benchmark/four.json")).runs[0].run,
            );
    let (example, example_text) = crate::examples::ORCHESTRATOR_BASELINE;
    let files: Vec<(&str, &[u8])> = vec![
        fixture!("hyperfine/two.json"),
        fixture!("pytest-benchmark/four.json"),
        fixture!("gbench/test3_run0.json"),
        fixture!("asv/django-asv/00370342-conda-py3.10.json"),
        fixture!("bencher-bmf/report_bmf_mixed.json"),
        fixture!("github-action-benchmark/customSmallerIsBetter_output2.json"),
        fixture!("github-action-benchmark/original_data.js"),
        (
            "k6.json",
            include_bytes!("../../../tests/data/generated/k6/summary-export.json"),
        ),
        ("history.jsonl", history.as_bytes()),
        (example, example_text.as_bytes()),
    ];
    for (path, bytes) in files {
        let file = SourceFile {
            path,
            bytes,
            modified: None,
        };
        let at_once = import(&[file], &Options::default()).unwrap();
        let format = detect(path, bytes).unwrap();
        let given = Options {
            format: Some(format),
            ..Options::default()
        };
        let stepped: Vec<Imported> = ImportJob::new(&[file], &given)
            .finish()
            .into_iter()
            .map(Result::unwrap)
            .collect();
        assert_eq!(stepped[0].format, format, "{path}");
        assert_eq!(stepped, at_once, "{path}");
        // Hashed in slices (a few bytes, or a mebibyte, a step), the ids are the same.
        for slice in [7, 1 << 20] {
            let mut job = ImportJob::new(&[file], &given).with_hash_step(slice);
            let mut steps = Vec::new();
            while let Some(step) = job.step() {
                steps.push(step);
            }
            assert_eq!(steps[..2], [Step::Detect, Step::Parse], "{path}");
            assert_eq!(steps.last(), Some(&Step::Check), "{path}");
            let stepped: Vec<Imported> = job.finish().into_iter().map(Result::unwrap).collect();
            assert_eq!(stepped, at_once, "{path}, {slice}");
        }
    }
}

/// Every kind of mismatch in the formats' real files (each scalar of another type, each
/// container of another kind, each member removed) names the field serde_path_to_error names,
/// though core finds it from the error's position instead (json_path.rs).
#[test]
fn broken_files_name_the_field_tracking_would() {
    use crate::json_path::check_against_tracking as check;
    let doc =
        |(_, bytes): (&str, &[u8])| serde_json::from_slice::<serde_json::Value>(bytes).unwrap();
    let compared = [
        (
            "pytest-benchmark",
            check::<pytest::Export>(&doc(fixture!("pytest-benchmark/four.json"))),
        ),
        (
            "hyperfine",
            check::<hyperfine::Export>(&doc(fixture!("hyperfine/two.json"))),
        ),
        (
            "gbench",
            check::<gbench::Export>(&doc(fixture!("gbench/test3_run0.json"))),
        ),
        (
            "asv",
            check::<asv::Results>(&doc(fixture!("asv/django-asv/00370342-conda-py3.10.json"))),
        ),
        (
            "github-action-benchmark",
            check::<Vec<gab::Entry>>(&doc(fixture!(
                "github-action-benchmark/customSmallerIsBetter_output.json"
            ))),
        ),
        (
            "criterion",
            check::<criterion::Estimates>(&doc(fixture!(
                "criterion-old/Fibonacci/Iterative/new/estimates.json"
            ))),
        ),
    ];
    for (format, n) in compared {
        assert!(n > 20, "{format}: only {n} broken files compared");
    }
}

/// A job stops when its caller's budget says so, says what is left, and resumes where it
/// stopped: a criterion tree first, then the other files in order, a broken one included.
#[test]
fn an_import_job_stops_and_resumes_between_steps() {
    let files = [
        SourceFile {
            path: "hyperfine.json",
            bytes: fixture!("hyperfine/two.json").1,
            modified: None,
        },
        SourceFile {
            path: "broken.json",
            bytes: b"{\"benchmarks\": [",
            modified: None,
        },
        SourceFile {
            path: "pytest.json",
            bytes: fixture!("pytest-benchmark/four.json").1,
            modified: None,
        },
    ];
    let options = Options::default();
    let mut job = ImportJob::new(&files, &options);
    assert_eq!(job.left(), 3);
    let mut budget = 2;
    assert!(!job.run_until(|| {
        budget -= 1;
        budget > 0
    }));
    assert_eq!(
        job.next_step(),
        Some(Step::Hash),
        "detect and parse are done"
    );
    assert_eq!((job.left(), job.results().len()), (3, 0));
    let mut steps = 0;
    while !job.run_until(|| false) {
        steps += 1;
    }
    assert!(steps >= 4, "one step a call: {steps}");
    assert_eq!(job.left(), 0);
    assert_eq!(job.finish(), import_each(&files, &options));
}

#[test]
fn a_lone_file_read_as_criterion_is_named_itself_in_the_error() {
    // Found by the fuzz target import_go_test: a file outside a tree whose content reads as
    // criterion was named by its folder.
    let file = SourceFile {
        path: "x/bench.txt",
        bytes: br#"{"group_id": "g", "function_id": "f", "value_str": null, "throughput": null, "full_id": "g/f", "directory_name": "g/f", "title": "g/f"}"#,
        modified: None,
    };
    let options = Options {
        format: Some(Format::Criterion),
        ..Options::default()
    };
    for result in import_each(&[file], &options) {
        let err = result.expect_err("one file is no tree with a baseline");
        assert!(err.to_string().starts_with("x/bench.txt"), "{err}");
    }
}
