//! `benchdash compare`, `check` and `trend` end to end: exit codes (0, 1, 2 and `--fail-on`),
//! every output format, and bad threshold files.

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use predicates::prelude::*;
use serde_json::{json, Value};

fn bin() -> Command {
    let mut c = Command::cargo_bin("benchdash").unwrap();
    c.env("NO_COLOR", "1");
    c
}

/// Deterministic samples around `centre` (±2 %), `n` of them.
fn samples(centre: f64, n: usize) -> Vec<f64> {
    (0..n)
        .map(|i| centre * (1.0 + 0.02 * (((i * 7919) % 13) as f64 / 6.0 - 1.0)))
        .collect()
}

fn write_run(dir: &Path, file: &str, name: &str, ts: &str, latency: f64, tput: f64) -> PathBuf {
    let run = json!({
        "format": "benchdash/run", "version": 1,
        "run": { "id": name, "name": name, "timestamp": ts },
        "benchmarks": [
            { "name": "single-tool", "metrics": {
                "latency": { "unit": "ms", "better": "lower", "samples": samples(latency, 20) },
                "throughput": { "unit": "req/s", "better": "higher", "samples": samples(tput, 20) }
            }},
            { "name": "parallel/5-tools", "metrics": {
                "efficiency": { "unit": "ratio", "better": "higher", "value": 0.96 }
            }}
        ]
    });
    let path = dir.join(file);
    std::fs::write(&path, serde_json::to_string_pretty(&run).unwrap()).unwrap();
    path
}

fn write(dir: &Path, file: &str, text: &str) -> PathBuf {
    let path = dir.join(file);
    std::fs::write(&path, text).unwrap();
    path
}

struct Fixture {
    _dir: tempfile::TempDir,
    base: PathBuf,
    same: PathBuf,
    warn: PathBuf,
    fail: PathBuf,
    dir: PathBuf,
}

fn fixture() -> Fixture {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().to_path_buf();
    Fixture {
        base: write_run(
            &p,
            "base.json",
            "base",
            "2026-11-01T00:00:00Z",
            500.0,
            100.0,
        ),
        same: write_run(
            &p,
            "same.json",
            "same",
            "2026-11-02T00:00:00Z",
            500.0,
            100.0,
        ),
        warn: write_run(
            &p,
            "warn.json",
            "warn",
            "2026-11-03T00:00:00Z",
            535.0,
            100.0,
        ),
        fail: write_run(&p, "fail.json", "fail", "2026-11-04T00:00:00Z", 500.0, 80.0),
        dir: p,
        _dir: dir,
    }
}

fn json_out(cmd: &mut Command, code: i32) -> Value {
    let out = cmd.assert().code(code);
    serde_json::from_slice(&out.get_output().stdout).unwrap()
}

#[test]
fn identical_runs_pass_with_exit_zero() {
    let f = fixture();
    bin()
        .args(["compare"])
        .arg(&f.base)
        .arg(&f.same)
        .assert()
        .code(0)
        .stdout(predicate::str::contains("status: pass"))
        .stdout(predicate::str::contains("unchanged"))
        .stdout(predicate::str::contains("\x1b").not());
}

#[test]
fn a_warn_exits_zero_unless_fail_on_warn() {
    let f = fixture();
    let v = json_out(
        bin()
            .arg("compare")
            .arg(&f.base)
            .arg(&f.warn)
            .args(["--format", "json"]),
        0,
    );
    assert_eq!(v["status"], "warn");
    let row = v["rows"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["metric"] == "latency")
        .unwrap();
    assert_eq!(row["verdict"], "regressed");
    assert_eq!(row["status"], "warn");
    assert!(row["reasons"][0].as_str().unwrap().contains("> warn 5%"));
    bin()
        .arg("compare")
        .arg(&f.base)
        .arg(&f.warn)
        .args(["--fail-on", "warn"])
        .assert()
        .code(1);
}

#[test]
fn a_failing_throughput_drop_exits_one_unless_never() {
    let f = fixture();
    bin()
        .arg("compare")
        .arg(&f.base)
        .arg(&f.fail)
        .assert()
        .code(1)
        .stdout(predicate::str::contains("status: fail"));
    bin()
        .arg("compare")
        .arg(&f.base)
        .arg(&f.fail)
        .args(["--fail-on", "never"])
        .assert()
        .code(0);
}

#[test]
fn json_has_the_stable_keys() {
    let f = fixture();
    let v = json_out(
        bin()
            .arg("compare")
            .arg(&f.base)
            .arg(&f.fail)
            .args(["--format", "json"]),
        1,
    );
    assert_eq!(v["baseline"]["id"], "base");
    assert_eq!(v["candidate"]["name"], "fail");
    assert_eq!(v["status"], "fail");
    for key in [
        "regressed",
        "improved",
        "unchanged",
        "noise",
        "added",
        "removed",
        "geomean_change",
    ] {
        assert!(v["summary"].get(key).is_some(), "summary.{key}");
    }
    let rows = v["rows"].as_array().unwrap();
    let tput = rows.iter().find(|r| r["metric"] == "throughput").unwrap();
    for key in [
        "benchmark",
        "metric",
        "unit",
        "better",
        "stat",
        "baseline",
        "candidate",
        "change",
        "ci",
        "p_value",
        "verdict",
        "status",
        "reasons",
    ] {
        assert!(tput.get(key).is_some(), "rows[].{key}");
    }
    assert_eq!(tput["better"], "higher");
    assert_eq!(tput["verdict"], "regressed");
    assert_eq!(tput["status"], "fail");
    let ci = tput["ci"].as_array().unwrap();
    assert!(ci[0].as_f64().unwrap() < ci[1].as_f64().unwrap());
    // A single value has no interval and no p-value.
    let eff = rows.iter().find(|r| r["metric"] == "efficiency").unwrap();
    assert!(eff["ci"].is_null() && eff["p_value"].is_null());
    assert_eq!(eff["verdict"], "noise");
    assert!(v["limits"].as_array().unwrap().is_empty());
}

#[test]
fn markdown_puts_the_worst_rows_first() {
    let f = fixture();
    let out = bin()
        .arg("compare")
        .arg(&f.base)
        .arg(&f.fail)
        .args(["--format", "markdown"])
        .assert()
        .code(1);
    let text = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    assert!(text.starts_with("### benchdash: ❌ fail"), "{text}");
    let first_row = text
        .lines()
        .find(|l| l.starts_with("| single-tool") || l.starts_with("| parallel"))
        .unwrap();
    assert!(
        first_row.contains("throughput") && first_row.contains("regressed"),
        "{text}"
    );
}

#[test]
fn stat_flag_switches_the_compared_stat() {
    let f = fixture();
    let v = json_out(
        bin()
            .arg("compare")
            .arg(&f.base)
            .arg(&f.same)
            .args(["--stat", "p95", "--format", "json"]),
        0,
    );
    assert!(v["rows"]
        .as_array()
        .unwrap()
        .iter()
        .all(|r| r["stat"] == "p95"));
    bin()
        .arg("compare")
        .arg(&f.base)
        .arg(&f.same)
        .args(["--stat", "p101"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("p101"));
}

#[test]
fn thresholds_change_the_policy_and_add_limits() {
    let f = fixture();
    let t = write(
        &f.dir,
        "relaxed.toml",
        "[regression]\nwarn = \"10%\"\nfail = \"30%\"\n\n[[limit]]\nbenchmark = \"single-tool\"\nmetric = \"latency\"\nwarn = \"> 0.52s\"\nfail = \"> 650ms\"\n\n[[limit]]\nbenchmark = \"nothing/*\"\nfail = \"> 1\"\n",
    );
    let v = json_out(
        bin()
            .arg("compare")
            .arg(&f.base)
            .arg(&f.warn)
            .arg("--thresholds")
            .arg(&t)
            .args(["--format", "json"]),
        0,
    );
    let latency = v["rows"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["metric"] == "latency")
        .unwrap();
    assert_eq!(latency["verdict"], "regressed");
    assert_eq!(latency["status"], "pass"); // +7% < warn 10%
    let limits = v["limits"].as_array().unwrap();
    assert_eq!(limits[0]["status"], "warn"); // mean 535 ms > 0.52 s
    assert_eq!(limits[0]["rule"], "> 0.52s");
    assert_eq!(limits[1]["status"], "no data");
    assert_eq!(v["status"], "warn");
}

#[test]
fn bad_threshold_files_exit_two_naming_line_and_key() {
    let f = fixture();
    let cases = [
        (
            "syntax.toml",
            "[regression]\nwarn = \"5%\nfail = 1\n",
            "syntax.toml:2",
        ),
        (
            "key.toml",
            "[regression]\nnoise = \"1%\"\nwarn = \"five\"\n",
            "syntax",
        ),
        (
            "unknown.toml",
            "[regression]\nnoize = \"1%\"\n",
            "unknown.toml:2",
        ),
        (
            "op.toml",
            "[[limit]]\nmetric = \"latency\"\nfail = \"650ms\"\n",
            "op.toml:3: `limit[1].fail`",
        ),
        (
            "stat.toml",
            "[regression]\nstat = \"average\"\n",
            "stat.toml:2: `regression.stat`",
        ),
    ];
    for (file, text, expect) in cases {
        let t = write(&f.dir, file, text);
        let expect = if expect == "syntax" {
            "key.toml:3: `regression.warn`"
        } else {
            expect
        };
        bin()
            .arg("compare")
            .arg(&f.base)
            .arg(&f.same)
            .arg("--thresholds")
            .arg(&t)
            .assert()
            .code(2)
            .stderr(predicate::str::contains(expect));
    }
    // A limit in ms on a metric in req/s: an error naming the rule.
    let t = write(
        &f.dir,
        "units.toml",
        "[[limit]]\nmetric = \"throughput\"\nfail = \"> 650ms\"\n",
    );
    bin()
        .arg("check")
        .arg(&f.base)
        .arg("--thresholds")
        .arg(&t)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("limit[1] (line 1"))
        .stderr(predicate::str::contains("req/s"));
    bin()
        .arg("compare")
        .arg(&f.base)
        .arg(&f.same)
        .arg("--thresholds")
        .arg(f.dir.join("missing.toml"))
        .assert()
        .code(2)
        .stderr(predicate::str::contains("missing.toml"));
}

#[test]
fn unreadable_inputs_exit_two() {
    let f = fixture();
    bin()
        .arg("compare")
        .arg(&f.base)
        .arg(f.dir.join("nope.json"))
        .assert()
        .code(2)
        .stderr(predicate::str::contains("nope.json"));
    bin().args(["compare"]).arg(&f.base).assert().code(2);
    bin()
        .arg("check")
        .arg(f.dir.join("nope.json"))
        .assert()
        .code(2);
}

#[test]
fn check_applies_limits_in_every_format() {
    let f = fixture();
    let t = write(
        &f.dir,
        "limits.toml",
        "[[limit]]\nbenchmark = \"single-tool\"\nmetric = \"latency\"\nwarn = \"> 550ms\"\nfail = \"> 650ms\"\n\n[[limit]]\nmetric = \"efficiency\"\nwarn = \"< 0.98\"\nfail = \"< 0.7\"\n\n[[limit]]\nmetric = \"error_rate\"\nfail = \">= 1%\"\n",
    );
    let v = json_out(
        bin()
            .arg("check")
            .arg(&f.base)
            .arg("--thresholds")
            .arg(&t)
            .args(["--format", "json"]),
        0,
    );
    assert_eq!(v["status"], "warn");
    let limits = v["limits"].as_array().unwrap();
    assert_eq!(limits[0]["status"], "pass");
    assert_eq!(limits[1]["status"], "warn");
    assert_eq!(limits[1]["value"], 0.96);
    assert_eq!(limits[2]["status"], "no data");
    bin()
        .arg("check")
        .arg(&f.base)
        .arg("--thresholds")
        .arg(&t)
        .args(["--fail-on", "warn"])
        .assert()
        .code(1)
        .stdout(predicate::str::contains("status: warn"))
        .stderr(predicate::str::contains("no data"));
    bin()
        .arg("check")
        .arg(&f.base)
        .arg("--thresholds")
        .arg(&t)
        .args(["--format", "markdown"])
        .assert()
        .code(0)
        .stdout(predicate::str::contains("### benchdash check: ⚠️ warn"));
    let strict = write(
        &f.dir,
        "strict.toml",
        "[[limit]]\nmetric = \"latency\"\nfail = \"> 400ms\"\n",
    );
    bin()
        .arg("check")
        .arg(&f.warn)
        .arg("--thresholds")
        .arg(&strict)
        .assert()
        .code(1);
}

#[test]
fn trend_finds_the_step_in_a_history() {
    let dir = tempfile::tempdir().unwrap();
    for i in 0..16 {
        let latency = if i < 8 { 500.0 } else { 560.0 } * (1.0 + 0.005 * ((i % 3) as f64 - 1.0));
        write_run(
            dir.path(),
            &format!("run{i:02}.json"),
            &format!("r{i:02}"),
            // Timestamps in reverse of the file names: trend must order by time.
            &format!("2026-11-{:02}T00:00:00Z", 28 - i),
            latency,
            100.0,
        );
    }
    let v = json_out(
        bin()
            .arg("trend")
            .arg(dir.path())
            .args(["--metric", "latency", "--format", "json"]),
        0,
    );
    let series = v["series"].as_array().unwrap();
    assert_eq!(series.len(), 1);
    assert_eq!(series[0]["points"][0]["run_id"], "r15");
    let cps = v["change_points"].as_array().unwrap();
    assert_eq!(cps.len(), 1, "{cps:?}");
    assert_eq!(cps[0]["index"], 8);
    assert_eq!(cps[0]["run_id"], "r07");
    assert_eq!(cps[0]["verdict"], "improved"); // later in time is lower: 560 -> 500
    bin()
        .arg("trend")
        .arg(dir.path())
        .assert()
        .code(0)
        .stdout(predicate::str::contains("change point"));
    bin()
        .arg("trend")
        .arg(dir.path())
        .args(["--format", "markdown"])
        .assert()
        .code(0)
        .stdout(predicate::str::contains("| single-tool | latency | r07 |"));
}

/// 30 nightly runs of `single-tool`, latency stepping from 500 to `after` ms at run `step`
/// (0.5 % run-to-run wobble), oldest first.
fn history(dir: &Path, step: usize, after: f64) {
    for i in 0..30 {
        let centre = if i < step { 500.0 } else { after };
        let latency = centre * (1.0 + 0.005 * ((i % 3) as f64 - 1.0));
        write_run(
            dir,
            &format!("run{i:02}.json"),
            &format!("r{i:02}"),
            &format!("2026-11-{:02}T00:00:00Z", i + 1),
            latency,
            100.0,
        );
    }
}

#[test]
fn trend_fails_on_a_regression_in_the_newest_runs() {
    let dir = tempfile::tempdir().unwrap();
    // +20 %: beyond the default fail (10 %), 8 runs before the newest.
    history(dir.path(), 22, 600.0);
    bin()
        .arg("trend")
        .arg(dir.path())
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "single-tool latency: regressed +20",
        ))
        .stderr(predicate::str::contains("from run `r22`"));
    bin()
        .arg("trend")
        .arg(dir.path())
        .args(["--fail-on", "never"])
        .assert()
        .code(0);
    // A thresholds file that allows 25 % turns the fail into a pass; 15 % into a warn.
    let lenient = write(
        dir.path(),
        "lenient.toml",
        "[regression]\nwarn = \"25%\"\nfail = \"30%\"\n",
    );
    bin()
        .arg("trend")
        .arg(dir.path())
        .arg("--thresholds")
        .arg(&lenient)
        .assert()
        .code(0);
    let warn = write(
        dir.path(),
        "warn.toml",
        "[regression]\nwarn = \"15%\"\nfail = \"30%\"\n",
    );
    bin()
        .arg("trend")
        .arg(dir.path())
        .arg("--thresholds")
        .arg(&warn)
        .assert()
        .code(0);
    bin()
        .arg("trend")
        .arg(dir.path())
        .arg("--thresholds")
        .arg(&warn)
        .args(["--fail-on", "warn"])
        .assert()
        .code(1);
}

#[test]
fn trend_passes_a_regression_already_old_or_an_improvement() {
    let old = tempfile::tempdir().unwrap();
    // The step is 20 runs old: the newest runs are the new normal, not a fresh regression.
    history(old.path(), 10, 600.0);
    bin().arg("trend").arg(old.path()).assert().code(0);
    let better = tempfile::tempdir().unwrap();
    history(better.path(), 22, 400.0);
    bin().arg("trend").arg(better.path()).assert().code(0);
}

#[test]
fn trend_with_a_broken_thresholds_file_exits_two_naming_it() {
    let dir = tempfile::tempdir().unwrap();
    history(dir.path(), 22, 600.0);
    let bad = write(dir.path(), "bad.toml", "[regression]\nfail = \"lots\"\n");
    bin()
        .arg("trend")
        .arg(dir.path().join("run00.json"))
        .arg("--thresholds")
        .arg(&bad)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("bad.toml"));
}

#[test]
fn intervals_computed_on_several_threads_equal_cores_single_threaded_comparison() {
    use benchdash_core::{compare, read::read_run, report, thresholds::Thresholds};
    let dir = tempfile::tempdir().unwrap();
    let run = |name: &str, shift: f64| {
        let benchmarks: Vec<Value> = (0..24)
            .map(|i| {
                let centre = 100.0 + i as f64 * if i % 4 == 0 { shift } else { 1.0 };
                json!({ "name": format!("b{i}"), "metrics": {
                    "latency": { "unit": "ms", "better": "lower", "samples": samples(centre, 30) } } })
            })
            .collect();
        let text = json!({ "format": "benchdash/run", "version": 1,
            "run": { "id": name, "name": name, "timestamp": "2026-11-01T00:00:00Z" },
            "benchmarks": benchmarks })
        .to_string();
        (write(dir.path(), &format!("{name}.json"), &text), text)
    };
    let (base_path, base_text) = run("base", 1.0);
    let (cand_path, cand_text) = run("cand", 1.1);
    let out = json_out(
        bin()
            .args(["compare", "--format", "json", "--fail-on", "never"])
            .arg(&base_path)
            .arg(&cand_path),
        0,
    );
    let base = read_run("base", base_text.as_bytes()).unwrap().run;
    let cand = read_run("cand", cand_text.as_bytes()).unwrap().run;
    let whole = compare::compare(&base, &cand, &Thresholds::default()).unwrap();
    let expected: Value = serde_json::from_str(&report::json::render(&whole)).unwrap();
    assert_eq!(out["rows"], expected["rows"]);
    assert!(out["rows"]
        .as_array()
        .unwrap()
        .iter()
        .all(|r| r["ci"].is_array()));
}

/// A real criterion tree (criterion 0.8.2, tests/data/generated/README.md) with two saved
/// baselines: `base` (the first `cargo bench -- --save-baseline base`) and `new` (the second
/// run, `-- --baseline base`, with throughput/sum_1000 made twice as slow).
fn criterion_tree() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../tests/data/generated/criterion/target-criterion")
}

fn at(tree: &Path, baseline: &str) -> String {
    format!("{}@{baseline}", tree.display())
}

/// criterion's mean of a baseline's samples: `mean` in estimates.json, and the plain mean of
/// `times[i] / iters[i]` from sample.json.
fn criterion_means(tree: &Path, id: &str, baseline: &str) -> (f64, f64) {
    let read = |file: &str| -> Value {
        let text = std::fs::read(tree.join(id).join(baseline).join(file)).unwrap();
        serde_json::from_slice(&text).unwrap()
    };
    let estimate = read("estimates.json")["mean"]["point_estimate"]
        .as_f64()
        .unwrap();
    let sample = read("sample.json");
    let per_iter: Vec<f64> = sample["iters"]
        .as_array()
        .unwrap()
        .iter()
        .zip(sample["times"].as_array().unwrap())
        .map(|(i, t)| t.as_f64().unwrap() / i.as_f64().unwrap())
        .collect();
    (
        estimate,
        per_iter.iter().sum::<f64>() / per_iter.len() as f64,
    )
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-9 * a.abs().max(b.abs())
}

#[test]
fn two_baselines_of_one_criterion_tree_compare_like_for_like() {
    let tree = criterion_tree();
    let v = json_out(
        bin()
            .args(["compare", "--format", "json", "--fail-on", "never"])
            .arg(at(&tree, "base"))
            .arg(at(&tree, "new")),
        0,
    );
    assert_eq!(v["baseline"]["name"], "criterion (base)");
    assert_eq!(v["candidate"]["name"], "criterion (new)");
    let rows = v["rows"].as_array().unwrap();
    let times: Vec<&Value> = rows.iter().filter(|r| r["metric"] == "time").collect();
    let mut names: Vec<&str> = times
        .iter()
        .map(|r| r["benchmark"].as_str().unwrap())
        .collect();
    names.sort_unstable();
    assert_eq!(
        names,
        [
            "fib/iterative/10",
            "fib/iterative/15",
            "fib/memo/10",
            "fib/memo/15",
            "fib/recursive/10",
            "fib/recursive/15",
            "parse_u64",
            "throughput/checksum_4k",
            "throughput/sum_1000",
        ]
    );
    for row in &times {
        let id = row["benchmark"].as_str().unwrap();
        assert_eq!(row["stat"], "mean");
        assert_eq!(row["unit"], "ns");
        for (side, baseline) in [("baseline", "base"), ("candidate", "new")] {
            let got = row[side].as_f64().unwrap();
            let (estimate, of_samples) = criterion_means(&tree, id, baseline);
            assert!(
                close(got, estimate),
                "{id} {side}: {got} vs criterion's {estimate}"
            );
            assert!(close(got, of_samples), "{id} {side}: {got} vs {of_samples}");
        }
        // Every sample was read: the tests ran on them.
        assert!(row["p_value"].is_number(), "{id}: {row}");
    }
    // The second run did throughput/sum_1000's work twice.
    let sum = times
        .iter()
        .find(|r| r["benchmark"] == "throughput/sum_1000")
        .unwrap();
    assert_eq!(sum["verdict"], "regressed", "{sum}");
    assert!(sum["change"].as_f64().unwrap() > 0.5, "{sum}");
}

#[test]
fn a_missing_baseline_or_tree_exits_two_naming_what_exists() {
    let tree = criterion_tree();
    bin()
        .arg("compare")
        .arg(at(&tree, "base"))
        .arg(at(&tree, "nope"))
        .assert()
        .code(2)
        .stderr(predicate::str::contains(format!(
            "{} has no baseline `nope`; its baselines are: base, new",
            tree.display()
        )));
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("criterion");
    bin()
        .arg("compare")
        .arg(at(&missing, "base"))
        .arg(at(&tree, "new"))
        .assert()
        .code(2)
        .stderr(predicate::str::contains(format!(
            "{} does not exist",
            missing.display()
        )));
    // A folder with no criterion files, and a file, are not trees.
    write(dir.path(), "run.json", "{}");
    for not_a_tree in [dir.path().to_path_buf(), dir.path().join("run.json")] {
        bin()
            .arg("import")
            .arg(at(&not_a_tree, "base"))
            .assert()
            .code(2)
            .stderr(predicate::str::contains("not a criterion tree"));
    }
}

#[test]
fn import_reads_a_baseline_as_the_criterion_baseline_flag_does() {
    let tree = criterion_tree();
    let out = bin()
        .arg("import")
        .arg(at(&tree, "base"))
        .assert()
        .success();
    let by_at: Value = serde_json::from_slice(&out.get_output().stdout).unwrap();
    let out = bin()
        .arg("import")
        .arg(&tree)
        .args(["--criterion-baseline", "base"])
        .assert()
        .success();
    let by_flag: Value = serde_json::from_slice(&out.get_output().stdout).unwrap();
    assert_eq!(by_at["run"]["id"], by_flag["run"]["id"]);
    assert_eq!(by_at["benchmarks"], by_flag["benchmarks"]);
}

#[test]
fn a_file_literally_named_with_an_at_is_read_as_itself() {
    let f = fixture();
    // `base@new` exists: it is the run file, not the baseline `new` of a tree `base`.
    let literal = f.dir.join("base@new");
    std::fs::copy(&f.base, &literal).unwrap();
    std::fs::create_dir(f.dir.join("base")).unwrap();
    bin()
        .arg("compare")
        .arg(&literal)
        .arg(&f.same)
        .assert()
        .code(0)
        .stdout(predicate::str::contains("status: pass"));
}

#[test]
// The p-values' logs are an oracle's comparison, natively only.
#[allow(clippy::disallowed_methods)]
fn a_criterion_throughput_is_judged_on_the_same_evidence_as_its_time() {
    let tree = criterion_tree();
    let v = json_out(
        bin()
            .args(["compare", "--format", "json", "--fail-on", "never"])
            .arg(at(&tree, "base"))
            .arg(at(&tree, "new")),
        0,
    );
    let rows = v["rows"].as_array().unwrap();
    let row = |bench: &str, metric: &str| {
        rows.iter()
            .find(|r| r["benchmark"] == bench && r["metric"] == metric)
            .unwrap_or_else(|| panic!("no {bench} {metric}"))
            .clone()
    };
    for bench in ["throughput/checksum_4k", "throughput/sum_1000"] {
        let (time, rate) = (row(bench, "time"), row(bench, "throughput"));
        // A throughput is elements over time: tested on one rate per time sample, it gets the
        // time's verdict, not a contradicting one from the bare noise band.
        assert_eq!(rate["test"], "welch", "{rate}");
        assert_eq!(rate["n_candidate"], time["n_candidate"], "{rate}");
        assert_eq!(
            rate["verdict"], time["verdict"],
            "{bench}: {time} vs {rate}"
        );
        let (pt, pr) = (
            time["p_value"].as_f64().unwrap(),
            rate["p_value"].as_f64().unwrap(),
        );
        assert!(
            (pt.ln() - pr.ln()).abs() < 0.5 * pt.ln().abs(),
            "{pt} vs {pr}"
        );
        // In opposite directions: more time is less throughput.
        assert!(time["change"].as_f64().unwrap() * rate["change"].as_f64().unwrap() < 0.0);
    }
}

/// Nightly runs `run00..run{n-1}` of `write_run` with latency ±2 % around 500 ms, made
/// `2026-11-01` onwards; the last one `last` instead.
fn nightly(dir: &Path, n: usize, last: f64) -> Vec<PathBuf> {
    (0..n)
        .map(|i| {
            let wobble = [0.0, 0.012, -0.009, 0.004, -0.013, 0.008, -0.002][i % 7];
            let latency = if i == n - 1 {
                last
            } else {
                500.0 * (1.0 + wobble)
            };
            write_run(
                dir,
                &format!("run{i:02}.json"),
                &format!("r{i:02}"),
                &format!("2026-11-{:02}T00:00:00Z", i + 1),
                latency,
                100.0,
            )
        })
        .collect()
}

#[test]
fn history_turns_machine_noise_into_unchanged_and_keeps_a_real_step() {
    let dir = tempfile::tempdir().unwrap();
    let runs = nightly(dir.path(), 12, 500.0 * 1.013 * 1.012);
    let (base, cand) = (&runs[10], &runs[11]);
    let row = |v: &Value, bench: &str, metric: &str| {
        v["rows"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["benchmark"] == bench && r["metric"] == metric)
            .unwrap()
            .clone()
    };
    // Two runs alone: their within-run samples (±2 %) cannot see the runs' ±1 % wobble, so
    // the latest run's 2.5 % over the one before comes out a regression.
    let alone = json_out(
        bin()
            .args(["compare", "--format", "json", "--fail-on", "never"])
            .arg(base)
            .arg(cand),
        0,
    );
    let latency = row(&alone, "single-tool", "latency");
    assert_eq!(
        (latency["verdict"].as_str(), latency["test"].as_str()),
        (Some("regressed"), Some("welch"))
    );
    assert!(latency.get("history_n").is_none());
    // With the folder as history (the candidate itself in it is left out): within the
    // history's spread, unchanged, and the row says what decided it.
    let judged = json_out(
        bin()
            .args(["compare", "--format", "json", "--fail-on", "never"])
            .arg(base)
            .arg(cand)
            .arg("--history")
            .arg(dir.path()),
        0,
    );
    let latency = row(&judged, "single-tool", "latency");
    assert_eq!(latency["test"], "history", "{latency}");
    assert_eq!(latency["history_n"], 11, "{latency}");
    assert_ne!(latency["verdict"], "regressed", "{latency}");
    assert!(latency["reasons"][0]
        .as_str()
        .unwrap()
        .starts_with("against 11 earlier runs (mean "));
    // A single value with no spread in its history: any move is real, so a history of
    // identical values still judges the efficiency (unchanged here).
    let efficiency = row(&judged, "parallel/5-tools", "efficiency");
    assert_eq!(
        (efficiency["test"].as_str(), efficiency["verdict"].as_str()),
        (Some("history"), Some("unchanged"))
    );

    // A real 12 % step is still a regression, and fails.
    let stepped = tempfile::tempdir().unwrap();
    let runs = nightly(stepped.path(), 12, 560.0);
    let v = json_out(
        bin()
            .args(["compare", "--format", "json"])
            .arg(&runs[10])
            .arg(&runs[11])
            .arg("--history")
            .arg(stepped.path()),
        1,
    );
    let latency = row(&v, "single-tool", "latency");
    assert_eq!(
        (latency["verdict"].as_str(), latency["status"].as_str()),
        (Some("regressed"), Some("fail"))
    );
    assert_eq!(latency["test"], "history");
}

#[test]
fn history_flags_are_repeatable_and_a_short_history_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let runs = nightly(dir.path(), 4, 500.0);
    let v = json_out(
        bin()
            .args(["compare", "--format", "json"])
            .arg(&runs[2])
            .arg(&runs[3])
            .arg("--history")
            .arg(&runs[0])
            .arg("--history")
            .arg(&runs[1]),
        0,
    );
    let latency = v["rows"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["metric"] == "latency")
        .unwrap();
    assert_eq!(latency["history_n"], 3, "{latency}");
    assert_eq!(latency["test"], "welch", "{latency}");
    let why = latency["reasons"].to_string();
    assert!(
        why.contains("3 earlier runs < history_min 5: judged without the history"),
        "{why}"
    );
}

#[test]
fn an_unreadable_history_exits_two_naming_the_file() {
    let f = fixture();
    let broken = write(&f.dir, "broken.json", "{ not json");
    bin()
        .arg("compare")
        .arg(&f.base)
        .arg(&f.same)
        .arg("--history")
        .arg(&broken)
        .assert()
        .code(2)
        .stdout("")
        .stderr(predicate::str::contains("broken.json"));
    bin()
        .arg("compare")
        .arg(&f.base)
        .arg(&f.same)
        .arg("--history")
        .arg(f.dir.join("missing"))
        .assert()
        .code(2)
        .stderr(predicate::str::contains("missing"));
}
