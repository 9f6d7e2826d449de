//! The text and newer formats (Go, libtest, Benchmark.js, Vitest, pyperf, Catch2) on files
//! made here by running the tools (tests/data/generated, `generate-formats.sh`). Numbers are
//! checked against what the tool itself printed: the line in its text output, its console
//! table beside the JSON (Vitest), or its own reading of the file (pyperf's API).

use super::tests::{error, import_one, names};
use super::*;

macro_rules! generated {
    ($path:literal) => {
        (
            $path,
            &include_bytes!(concat!("../../../tests/data/generated/", $path))[..],
        )
    };
}

fn close(a: f64, b: f64, rel: f64) -> bool {
    (a - b).abs() <= rel * a.abs().max(b.abs())
}

/// The `(name, unit, value)` triples of Go's result lines, split by hand (whitespace), as the
/// oracle of the Go importer.
fn go_lines(text: &str) -> Vec<(String, String, f64)> {
    let mut out = Vec::new();
    for line in text.lines().filter(|l| l.starts_with("Benchmark")) {
        let fields: Vec<&str> = line.split_whitespace().collect();
        if fields.len() < 4 {
            continue;
        }
        for pair in fields[2..].chunks(2) {
            out.push((
                fields[0].to_string(),
                pair[1].to_string(),
                pair[0].parse().unwrap(),
            ));
        }
    }
    out
}

/// Go's metric name for a unit, as docs/formats.md says.
fn go_metric(unit: &str) -> &str {
    match unit {
        "ns/op" => "time",
        "B/op" => "alloc_bytes",
        "allocs/op" => "allocs",
        "MB/s" => "throughput",
        other => other,
    }
}

/// Every line's every value is a sample of its benchmark's metric, in order.
fn assert_go_matches_lines(run: &RunFile, text: &str) {
    let lines = go_lines(text);
    assert!(lines.len() > 10, "{lines:?}");
    for b in &run.benchmarks {
        for (metric, m) in &b.metrics {
            let want: Vec<f64> = lines
                .iter()
                .filter(|(name, unit, _)| {
                    go_metric(unit) == metric && name.strip_suffix("-2").unwrap_or(name) == b.name
                })
                .map(|l| l.2)
                .collect();
            assert_eq!(m.samples, want, "{} {metric}", b.name);
        }
    }
}

#[test]
fn go_test_bench_text_with_count_and_benchmem() {
    let file = generated!("go/bench.txt");
    let imported = import_one(file);
    assert_eq!(imported.format, Format::GoTest);
    let run = &imported.runs[0].run;
    assert_eq!(
        names(run),
        [
            "BenchmarkSum",
            "BenchmarkConcat/n=4",
            "BenchmarkConcat/n=64",
            "BenchmarkSortCustom"
        ]
    );
    let sum = run.benchmark("BenchmarkSum").unwrap();
    assert_eq!(sum.params["procs"], "2");
    assert_eq!(sum.params["package"], "example.com/tinybench");
    let time = &sum.metrics["time"];
    assert_eq!((time.unit.as_str(), time.better), ("ns", Better::Lower));
    // The three lines of `-count 3`, as printed.
    assert_eq!(time.samples, [4425.0, 5554.0, 4357.0]);
    assert_eq!(time.summary.as_ref().unwrap().n, Some(3));
    let mbs = &sum.metrics["throughput"];
    assert_eq!((mbs.unit.as_str(), mbs.better), ("MB/s", Better::Higher));
    assert_eq!(mbs.samples, [1808.05, 1440.36, 1835.92]);
    let concat = run.benchmark("BenchmarkConcat/n=64").unwrap();
    assert_eq!(concat.metrics["alloc_bytes"].unit, "B");
    assert_eq!(concat.metrics["alloc_bytes"].samples, [248.0; 3]);
    assert_eq!(concat.metrics["allocs"].samples, [5.0; 3]);
    // A `b.ReportMetric` unit is a metric of its own.
    let custom = &run.benchmark("BenchmarkSortCustom").unwrap().metrics["compares/op"];
    assert_eq!(
        (custom.unit.as_str(), custom.samples.len()),
        ("compares/op", 3)
    );
    assert_eq!(custom.samples[0], 33.0);
    let machine = run.run.machine.as_ref().unwrap();
    assert_eq!(machine.os.as_deref(), Some("linux/amd64"));
    assert_eq!(machine.cpu.as_deref(), Some("AMD EPYC"));
    assert_eq!(run.run.timestamp, "2026-01-02T03:04:05Z");
    assert_go_matches_lines(run, std::str::from_utf8(file.1).unwrap());
}

#[test]
fn go_test_json_stream_is_its_output_lines() {
    let file = generated!("go/bench.jsonl");
    let imported = import_one(file);
    assert_eq!(imported.format, Format::GoTest);
    let run = &imported.runs[0].run;
    assert_eq!(run.benchmarks.len(), 4);
    assert_eq!(
        run.benchmark("BenchmarkSum").unwrap().metrics["time"].samples,
        [7452.0, 5728.0]
    );
    assert_eq!(
        run.benchmark("BenchmarkConcat/n=4").unwrap().metrics["time"].samples,
        [198.2, 67.53]
    );
    // The first event's time.
    assert_eq!(run.run.timestamp, "2026-12-02T18:21:56.821579693Z");
    // The oracle: test2json's Output pieces joined by serde_json, read as text.
    let mut joined = String::new();
    for line in std::str::from_utf8(file.1).unwrap().lines() {
        let event: serde_json::Value = serde_json::from_str(line).unwrap();
        if event["Action"] == "output" {
            joined.push_str(event["Output"].as_str().unwrap());
        }
    }
    assert_go_matches_lines(run, &joined);
    let as_text = import_one(("joined.txt", joined.as_bytes()));
    assert_eq!(as_text.runs[0].run.benchmarks, run.benchmarks);
}

#[test]
fn go_test_cpu_list_keeps_each_gomaxprocs_apart() {
    let imported = import_one(generated!("go/cpu-list.txt"));
    let run = &imported.runs[0].run;
    assert_eq!(names(run), ["BenchmarkSum", "BenchmarkSum-2"]);
    assert!(!run.benchmarks[0].params.contains_key("procs"));
    assert_eq!(run.benchmarks[1].params["procs"], "2");
    assert_eq!(run.benchmarks[0].metrics["time"].samples, [5763.0]);
    assert_eq!(run.benchmarks[1].metrics["time"].samples, [6120.0]);
}

#[test]
fn go_test_several_packages_and_failures() {
    let text = "pkg: a/x\nBenchmarkA-4 \t 10\t 5 ns/op\n--- FAIL: BenchmarkB-4\nok a/x 1s\npkg: a/y\nBenchmarkA-4 \t 10\t 7 ns/op\nPASS\n";
    let imported = import_one(("two.txt", text.as_bytes()));
    let loaded = &imported.runs[0];
    assert_eq!(names(&loaded.run), ["a/x/BenchmarkA", "a/y/BenchmarkA"]);
    assert_eq!(loaded.run.benchmarks[1].metrics["time"].samples, [7.0]);
    assert!(
        loaded
            .warnings
            .iter()
            .any(|w| w.contains("BenchmarkB-4") && w.contains("failed")),
        "{:?}",
        loaded.warnings
    );
}

#[test]
fn libtest_bench_text() {
    let imported = import_one(generated!("libtest/bench.txt"));
    assert_eq!(imported.format, Format::Libtest);
    let run = &imported.runs[0].run;
    // The ignored #[test] is no benchmark.
    assert_eq!(names(run), ["copy_4k", "format_number", "sum_1000"]);
    let copy = run.benchmark("copy_4k").unwrap();
    let time = &copy.metrics["time"];
    assert_eq!(time.unit, "ns");
    assert_eq!(time.value, Some(702.72));
    assert_eq!(time.headline(), Some(702.72));
    assert_eq!(time.summary.as_ref().unwrap().median, Some(702.72));
    assert_eq!(time.extra.as_ref().unwrap()["deviation"], 647.82);
    assert_eq!(copy.metrics["throughput"].value, Some(5834.0));
    assert_eq!(copy.metrics["throughput"].better, Better::Higher);
    assert_eq!(
        run.benchmark("sum_1000").unwrap().metrics["time"].value,
        Some(919.66)
    );
    assert!(!run
        .benchmark("sum_1000")
        .unwrap()
        .metrics
        .contains_key("throughput"));
}

#[test]
fn libtest_json_lines() {
    let imported = import_one(generated!("libtest/bench.jsonl"));
    assert_eq!(imported.format, Format::Libtest);
    let run = &imported.runs[0].run;
    assert_eq!(names(run), ["copy_4k", "format_number", "sum_1000"]);
    let copy = run.benchmark("copy_4k").unwrap();
    assert_eq!(copy.metrics["time"].value, Some(684.2483511740331));
    assert_eq!(copy.metrics["throughput"].value, Some(5988.0));
}

#[test]
fn libtest_lines_with_thousands_separators() {
    // Older libtest and criterion's `--output-format bencher`: integers with commas.
    let text = "test fib 20 ... bench:      12,345 ns/iter (+/- 1,234)\ntest b ... bench: 5 ns/iter (+/- 0) = 1,200 MB/s\n";
    let imported = import_one(("bencher.txt", text.as_bytes()));
    let run = &imported.runs[0].run;
    assert_eq!(
        run.benchmark("fib 20").unwrap().metrics["time"].value,
        Some(12345.0)
    );
    assert_eq!(
        run.benchmark("b").unwrap().metrics["throughput"].value,
        Some(1200.0)
    );
}

#[test]
fn benchmarkjs_lines() {
    let imported = import_one(generated!("benchmarkjs/suite.txt"));
    assert_eq!(imported.format, Format::BenchmarkJs);
    let run = &imported.runs[0].run;
    assert_eq!(
        names(run),
        ["RegExp#test", "String#indexOf", "Array#sort 1k"]
    );
    let t = &run.benchmark("RegExp#test").unwrap().metrics["throughput"];
    assert_eq!((t.unit.as_str(), t.better), ("ops/s", Better::Higher));
    assert_eq!(t.value, Some(3_404_062.0));
    let extra = t.extra.as_ref().unwrap();
    assert_eq!(
        (extra["rme_percent"].as_f64(), extra["runs"].as_u64()),
        (Some(11.45), Some(8))
    );
    assert_eq!(
        run.benchmark("Array#sort 1k").unwrap().metrics["throughput"].value,
        Some(409.0)
    );
}

/// Vitest's console table of the same run: `name → (hz, mean ms, samples)` as printed.
fn vitest_console(text: &str) -> Vec<(String, f64, f64, u64)> {
    let mut out = Vec::new();
    for line in text.lines() {
        let Some(row) = line.trim_start().strip_prefix("· ") else {
            continue;
        };
        let fields: Vec<&str> = row.split_whitespace().collect();
        let n = fields.len();
        // name…, hz, min, max, mean, p75, p99, p995, p999, rme, samples
        let name = fields[..n - 10].join(" ");
        let hz = fields[n - 10].replace(',', "").parse().unwrap();
        let mean = fields[n - 7].parse().unwrap();
        let samples = fields[n - 1].parse().unwrap();
        out.push((name, hz, mean, samples));
    }
    out
}

#[test]
fn vitest_output_json_against_its_console_table() {
    let imported = import_one(generated!("vitest/bench.json"));
    assert_eq!(imported.format, Format::Vitest);
    let run = &imported.runs[0].run;
    assert_eq!(
        names(run),
        [
            "tiny.bench.js > json roundtrip",
            "tiny.bench.js > sorting > sort 100",
            "tiny.bench.js > sorting > sort 1000"
        ]
    );
    let console = vitest_console(include_str!(
        "../../../tests/data/generated/vitest/console.log"
    ));
    assert!(console.len() >= 3, "{console:?}");
    for (name, hz, mean, samples) in console {
        let b = run
            .benchmarks
            .iter()
            .find(|b| b.name.ends_with(&format!("> {name}")))
            .unwrap_or_else(|| panic!("{name}"));
        let time = &b.metrics["time"];
        assert_eq!(time.unit, "ms");
        let s = time.summary.as_ref().unwrap();
        assert_eq!(s.n, Some(samples), "{name}");
        // The table rounds hz to 2 decimals and the mean to 4.
        assert!(
            (s.mean.unwrap() - mean).abs() <= 0.00005,
            "{name}: {s:?} vs {mean}"
        );
        let got_hz = b.metrics["throughput"].value.unwrap();
        assert!((got_hz - hz).abs() <= 0.005, "{name}: {got_hz} vs {hz}");
        let (lo, hi) = (s.ci_lower.unwrap(), s.ci_upper.unwrap());
        assert!(lo < s.mean.unwrap() && s.mean.unwrap() < hi);
        assert_eq!(s.ci_level, Some(0.95));
    }
}

/// pyperf's own reading (`oracle.py`, pyperf's API): file, name, unit, values, mean, first
/// value, loops.
fn pyperf_oracle() -> Vec<(String, String, String, usize, f64, f64, String)> {
    include_str!("../../../tests/data/generated/pyperf/pyperf-oracle.log")
        .lines()
        .map(|line| {
            let f: Vec<&str> = line.split('\t').collect();
            (
                f[0].to_string(),
                f[1].to_string(),
                f[2].to_string(),
                f[3].parse().unwrap(),
                f[4].parse().unwrap(),
                f[5].parse().unwrap(),
                f[6].to_string(),
            )
        })
        .collect()
}

#[test]
fn pyperf_single_and_suite_against_pyperf_itself() {
    let oracle = pyperf_oracle();
    assert_eq!(oracle.len(), 4);
    for file in [
        generated!("pyperf/timeit.json"),
        generated!("pyperf/suite.json"),
    ] {
        let imported = import_one(file);
        assert_eq!(imported.format, Format::Pyperf);
        let run = &imported.runs[0].run;
        let want: Vec<_> = oracle.iter().filter(|o| file.0.ends_with(&o.0)).collect();
        assert_eq!(run.benchmarks.len(), want.len(), "{}", file.0);
        for (name, unit, n, mean, first, loops) in
            want.iter().map(|o| (&o.1, &o.2, o.3, o.4, o.5, &o.6))
        {
            let b = run.benchmark(name).unwrap_or_else(|| panic!("{name}"));
            assert_eq!(unit, "second");
            let time = &b.metrics["time"];
            assert_eq!(time.unit, "s");
            assert_eq!(time.samples.len(), n, "{name}");
            assert_eq!(time.samples[0], first, "{name}");
            assert!(close(time.headline().unwrap(), mean, 1e-12), "{name}");
            assert_eq!(&b.params["loops"], loops, "{name}");
        }
        let source = run.run.source.as_ref().unwrap();
        assert_eq!(source.tool_version.as_deref(), Some("2.11.0"));
        let machine = run.run.machine.as_ref().unwrap();
        assert_eq!(machine.cores, Some(2));
        assert_eq!(machine.cpu.as_deref(), Some("AMD EPYC"));
    }
    // The earliest run's date, without a zone, read as UTC.
    let run = import_one(generated!("pyperf/timeit.json"))
        .runs
        .remove(0)
        .run;
    assert!(
        run.run.timestamp.starts_with("2026-12-02T18:2"),
        "{}",
        run.run.timestamp
    );
}

#[test]
fn catch2_xml_reporter() {
    let imported = import_one(generated!("catch2/bench.xml"));
    assert_eq!(imported.format, Format::Catch2);
    let run = &imported.runs[0].run;
    assert_eq!(
        names(run),
        [
            "Fibonacci/fib 10",
            "Fibonacci/fib 15",
            "Containers/sort 100 ints"
        ]
    );
    let time = &run.benchmark("Fibonacci/fib 10").unwrap().metrics["time"];
    assert_eq!(time.unit, "ns");
    let s = time.summary.as_ref().unwrap();
    // As the XML prints them: <mean value="75.434" lowerBound="73.0141" upperBound="84.9494"
    // ci="0.95"/>, <standardDeviation value="10.4049" …/>, samples="20".
    assert_eq!(
        (s.n, s.mean, s.ci_lower, s.ci_upper, s.ci_level, s.stddev),
        (
            Some(20),
            Some(75.434),
            Some(73.0141),
            Some(84.9494),
            Some(0.95),
            Some(10.4049)
        )
    );
    let sort = &run.benchmark("Containers/sort 100 ints").unwrap().metrics["time"];
    assert_eq!(sort.headline(), Some(693.474));
}

#[test]
fn catch2_sections_and_v3_root() {
    let xml = br#"<?xml version="1.0" encoding="UTF-8"?>
<Catch2TestRun name="t" rng-seed="1" catch2-version="3.5.2">
  <TestCase name="Maps &amp; sets" tags="[b]" filename="a.cpp" line="3">
    <Section name="insert" filename="a.cpp" line="4">
      <BenchmarkResults name="1k" samples="100" resamples="100000" iterations="1" clockResolution="20" estimatedDuration="1e+06">
        <mean value="5.5" lowerBound="5" upperBound="6" ci="0.95"/>
        <standardDeviation value="0.5" lowerBound="0.4" upperBound="0.6" ci="0.95"/>
        <outliers variance="0.1" lowMild="0" lowSevere="0" highMild="0" highSevere="0"/>
      </BenchmarkResults>
      <OverallResults successes="0" failures="0" expectedFailures="0"/>
    </Section>
    <OverallResult success="true"/>
  </TestCase>
</Catch2TestRun>
"#;
    let imported = import_one(("v3.xml", xml));
    let run = &imported.runs[0].run;
    assert_eq!(names(run), ["Maps & sets/insert/1k"]);
    assert_eq!(run.benchmarks[0].metrics["time"].headline(), Some(5.5));
}

/// Cuts `bytes` just before the last `marker`: a file that ends in the middle of a result.
fn cut_before_last<'a>(bytes: &'a [u8], marker: &str) -> &'a [u8] {
    let text = std::str::from_utf8(bytes).unwrap();
    &bytes[..text.rfind(marker).unwrap()]
}

#[test]
fn truncated_files_fail_naming_the_file() {
    let cases: [(&str, &[u8], Format); 9] = [
        (
            "go/bench.txt",
            cut_before_last(generated!("go/bench.txt").1, " ns/op"),
            Format::GoTest,
        ),
        (
            "go/bench.jsonl",
            cut_before_last(generated!("go/bench.jsonl").1, "\"}"),
            Format::GoTest,
        ),
        (
            "libtest/bench.txt",
            cut_before_last(generated!("libtest/bench.txt").1, " ns/iter"),
            Format::Libtest,
        ),
        (
            "libtest/bench.jsonl",
            cut_before_last(generated!("libtest/bench.jsonl").1, "}"),
            Format::Libtest,
        ),
        (
            "benchmarkjs/suite.txt",
            cut_before_last(generated!("benchmarkjs/suite.txt").1, " runs sampled"),
            Format::BenchmarkJs,
        ),
        (
            "vitest/bench.json",
            cut_before_last(generated!("vitest/bench.json").1, "\"median\""),
            Format::Vitest,
        ),
        (
            "pyperf/suite.json",
            cut_before_last(generated!("pyperf/suite.json").1, "\"values\""),
            Format::Pyperf,
        ),
        (
            "catch2/bench.xml",
            cut_before_last(generated!("catch2/bench.xml").1, "</BenchmarkResults>"),
            Format::Catch2,
        ),
        (
            "catch2/cut.xml",
            cut_before_last(generated!("catch2/bench.xml").1, "value=\"693"),
            Format::Catch2,
        ),
    ];
    for (path, bytes, format) in cases {
        // Forced, the format's importer says what is wrong; detected, the file still fails.
        let forced = error(path, bytes, Some(format));
        assert!(
            forced.starts_with(&format!("{path} (read as {format}): ")),
            "{forced}"
        );
        let detected = error(path, bytes, None);
        assert!(detected.starts_with(path), "{detected}");
    }
}

#[test]
fn wrong_types_fail_naming_the_file_and_the_place() {
    let cases: [(&str, &[u8], &str); 6] = [
        ("go.jsonl", b"{\"Time\":\"2026-01-01T00:00:00Z\",\"Action\":\"output\",\"Package\":\"p\",\"Output\":5}\n", "line 1"),
        ("go.txt", b"BenchmarkA-2  10  5 ns/op\nBenchmarkA-2  10  fast ns/op\n", "line 2: `BenchmarkA-2`: `fast` is not a number"),
        ("lt.jsonl", b"{ \"type\": \"bench\", \"name\": \"a\", \"median\": \"slow\" }\n", "line 1"),
        ("v.json", br#"{"files":[{"groups":[{"fullName":"f","benchmarks":[{"name":"a","mean":"slow"}]}]}]}"#, "mean"),
        ("p.json", br#"{"version":"1.0","metadata":{"name":"a","unit":"parsec"},"benchmarks":[{"runs":[{"values":[1]}]}]}"#, "unknown unit \"parsec\""),
        ("c.xml", br#"<Catch name="x"><TestCase name="t"><BenchmarkResults name="b" samples="2"><mean value="fast"/></BenchmarkResults></TestCase></Catch>"#, "<mean value=\"fast\">: not a number"),
    ];
    for (path, bytes, why) in cases {
        let err = error(path, bytes, None);
        assert!(err.starts_with(&format!("{path} (read as ")), "{err}");
        assert!(err.contains(why), "{err}");
    }
}

/// Every file under tests/data and examples/, with its path relative to the repository.
fn every_data_file() -> Vec<(String, Vec<u8>)> {
    fn walk(root: &std::path::Path, dir: &std::path::Path, out: &mut Vec<(String, Vec<u8>)>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(root, &path, out);
            } else {
                let rel = path
                    .strip_prefix(root)
                    .unwrap()
                    .to_string_lossy()
                    .replace('\\', "/");
                out.push((rel, std::fs::read(&path).unwrap()));
            }
        }
    }
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let mut out = Vec::new();
    walk(&root, &root.join("tests/data"), &mut out);
    walk(&root, &root.join("examples"), &mut out);
    out.sort();
    out
}

/// No file in the repository's test data is claimed by two formats: each text format's own
/// predicate and the JSON detection are asked separately ([`claimants`]), so an overlap shows
/// even where [`detect`]'s order would hide it. The generated files of the new formats are
/// claimed by theirs, and their sources, notes and console logs by none.
#[test]
fn no_two_formats_claim_one_file() {
    let files = every_data_file();
    assert!(files.len() > 150, "only {} files", files.len());
    let mut claimed = 0;
    for (path, bytes) in &files {
        let formats = claimants(path, bytes);
        assert!(formats.len() <= 1, "{path} is claimed by {formats:?}");
        assert_eq!(detect(path, bytes), formats.first().copied(), "{path}");
        claimed += formats.len();
        // A file whose extension says it is text is counted in a folder only when detected.
        if is_result_file(path) && !is_manifest(bytes) {
            assert_eq!(
                counts(path, bytes),
                !(path.ends_with(".txt") || path.ends_with(".log") || path.ends_with(".xml"))
                    || !formats.is_empty(),
                "{path}"
            );
        }
    }
    assert!(claimed > 60, "only {claimed} files claimed");
    let expected = [
        ("tests/data/generated/go/bench.txt", Some(Format::GoTest)),
        ("tests/data/generated/go/bench.jsonl", Some(Format::GoTest)),
        ("tests/data/generated/go/cpu-list.txt", Some(Format::GoTest)),
        (
            "tests/data/generated/libtest/bench.txt",
            Some(Format::Libtest),
        ),
        (
            "tests/data/generated/libtest/bench.jsonl",
            Some(Format::Libtest),
        ),
        (
            "tests/data/generated/benchmarkjs/suite.txt",
            Some(Format::BenchmarkJs),
        ),
        (
            "tests/data/generated/vitest/bench.json",
            Some(Format::Vitest),
        ),
        (
            "tests/data/generated/pyperf/timeit.json",
            Some(Format::Pyperf),
        ),
        (
            "tests/data/generated/pyperf/suite.json",
            Some(Format::Pyperf),
        ),
        (
            "tests/data/generated/catch2/bench.xml",
            Some(Format::Catch2),
        ),
        // Sources, notes and other printouts: nobody's.
        ("tests/data/generated/go/tiny_test.go", None),
        ("tests/data/generated/go/VERSION.txt", None),
        ("tests/data/generated/libtest/tiny_bench.rs", None),
        ("tests/data/generated/benchmarkjs/tiny_bench.cjs", None),
        ("tests/data/generated/vitest/console.log", None),
        ("tests/data/generated/vitest/tiny.bench.js", None),
        ("tests/data/generated/pyperf/suite-dump.log", None),
        ("tests/data/generated/pyperf/timeit-stats.log", None),
        ("tests/data/generated/pyperf/pyperf-oracle.log", None),
        ("tests/data/generated/catch2/console.txt", None),
        ("tests/data/generated/catch2/tiny_bench.cpp", None),
        (
            "tests/data/generated/criterion/cargo-criterion.jsonl",
            Some(Format::CargoCriterion),
        ),
        (
            "tests/data/generated/gbench/plain.json",
            Some(Format::GoogleBenchmark),
        ),
        (
            "tests/data/public/jmh/jcasbin-jmh-result.json",
            Some(Format::Jmh),
        ),
        ("tests/data/public/jmh/README.md", None),
        (
            "tests/data/public/benchmarkdotnet/gab-Sample.Benchmarks-report-full.json",
            Some(Format::BenchmarkDotNet),
        ),
        (
            "tests/data/public/vegeta/seldon-rest-report.json",
            Some(Format::Vegeta),
        ),
        (
            "tests/data/generated/k6/summary-export.json",
            Some(Format::K6),
        ),
        (
            "tests/data/generated/k6/handle-summary.json",
            Some(Format::K6),
        ),
        ("tests/data/generated/k6/out.json", Some(Format::K6Json)),
        ("tests/data/generated/k6/printed.txt", None),
    ];
    for (path, want) in expected {
        let (_, bytes) = files
            .iter()
            .find(|(p, _)| p == path)
            .unwrap_or_else(|| panic!("{path} is missing"));
        assert_eq!(
            claimants(path, bytes),
            want.into_iter().collect::<Vec<_>>(),
            "{path}"
        );
    }
}

/// Each text format's predicate refuses the other formats' real files and any JSON document,
/// checked one predicate at a time.
#[test]
fn text_predicates_refuse_json_and_each_other() {
    for (path, bytes) in every_data_file() {
        let Ok(text) = std::str::from_utf8(&bytes) else {
            continue;
        };
        if json::parse_lenient::<serde_json::Value>(&bytes).is_ok() {
            assert!(
                text::claimants(text).is_empty(),
                "{path}: a JSON document claimed as text"
            );
        }
    }
    for (text, want) in [
        ("BenchmarkX-2 \t 10 \t 5 ns/op\n", Format::GoTest),
        ("test x ... bench: 5 ns/iter (+/- 1)\n", Format::Libtest),
        (
            "x x 5 ops/sec ±1.00% (5 runs sampled)\n",
            Format::BenchmarkJs,
        ),
        ("<Catch name=\"a\"></Catch>\n", Format::Catch2),
    ] {
        assert_eq!(text::claimants(text), [want], "{text}");
    }
}
