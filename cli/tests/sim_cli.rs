//! `benchdash simulate` and `benchdash presets` end to end (docs/cli.md#simulate, docs/cli.md#presets).

use assert_cmd::Command;
use predicates::prelude::*;
use std::path::PathBuf;

fn bin() -> Command {
    Command::cargo_bin("benchdash").unwrap()
}

fn stdout_of(cmd: &mut Command) -> String {
    let out = cmd.assert().success();
    String::from_utf8(out.get_output().stdout.clone()).unwrap()
}

/// The run without its timestamp and id, which are the only parts that may differ.
fn without_clock(text: &str) -> serde_json::Value {
    let mut v: serde_json::Value = serde_json::from_str(text).unwrap();
    v["run"]["timestamp"] = serde_json::Value::Null;
    v["run"]["id"] = serde_json::Value::Null;
    v
}

#[test]
fn presets_lists_every_preset() {
    let text = stdout_of(bin().arg("presets"));
    for p in benchdash_sim::presets::PRESETS {
        assert!(
            text.lines().any(|l| l.starts_with(p.name)),
            "{} missing:\n{text}",
            p.name
        );
    }
    assert_eq!(text.lines().count(), 19);
    let json = stdout_of(bin().args(["presets", "--format", "json"]));
    let list: Vec<serde_json::Value> = serde_json::from_str(&json).unwrap();
    assert_eq!(list.len(), 19);
    assert_eq!(list[0]["name"], "single-tool");
    assert_eq!(
        list.iter().find(|p| p["name"] == "workers").unwrap()["benchmarks"][4],
        "workers/max_parallel=10"
    );
}

#[test]
fn simulate_a_preset_writes_a_readable_deterministic_run() {
    let args = [
        "simulate",
        "--preset",
        "parallel-5",
        "--seed",
        "7",
        "--quiet",
    ];
    let a = stdout_of(bin().args(args));
    let run = benchdash_core::read_run("stdout", a.as_bytes())
        .unwrap()
        .run;
    assert_eq!(run.run.name, "simulation: parallel-5");
    assert_eq!(run.run.source.as_ref().unwrap().tool, "benchdash-sim");
    assert!(benchdash_core::read::parse_timestamp(&run.run.timestamp).is_some());
    let b = &run.benchmarks[0];
    assert_eq!(b.name, "parallel-5");
    assert_eq!(b.extra.as_ref().unwrap()["seed"], 7);
    assert_eq!(b.metrics["latency"].samples.len(), 1000);
    // The same seed gives the same run, apart from the clock; another seed does not.
    let again = stdout_of(bin().args(args));
    assert_eq!(without_clock(&a), without_clock(&again));
    let other = stdout_of(bin().args(["simulate", "--preset", "parallel-5", "--seed", "8"]));
    assert_ne!(without_clock(&a), without_clock(&other));
}

#[test]
fn simulate_scenario_files_and_presets_into_one_run_file() {
    let dir = tempfile::tempdir().unwrap();
    let scenario = dir.path().join("mine.toml");
    std::fs::write(
        &scenario,
        r#"name = "mine"
[workload]
requests = 10
[[tools]]
name = "t"
latency = { dist = "constant", value = "5ms" }
"#,
    )
    .unwrap();
    let out = dir.path().join("run.json");
    bin()
        .args(["simulate", "--preset", "single-tool", "--scenario"])
        .arg(&scenario)
        .arg("-o")
        .arg(&out)
        .arg("--name")
        .arg("mixed")
        .assert()
        .success()
        .stdout("")
        // Not a terminal: a note, no progress bar.
        .stderr(predicate::str::contains("simulated 2 benchmark(s)"))
        .stderr(predicate::str::contains("simulating").not());
    let run = benchdash_core::read_run("run.json", &std::fs::read(&out).unwrap())
        .unwrap()
        .run;
    assert_eq!(run.run.name, "mixed");
    let names: Vec<_> = run.benchmarks.iter().map(|b| b.name.as_str()).collect();
    assert_eq!(names, ["single-tool", "mine"]);
    let latency = &run.benchmarks[1].metrics["latency"];
    assert_eq!(latency.summary.as_ref().unwrap().mean, Some(5.0));
    assert!(run.run.scenario.as_ref().unwrap()["mine"]["workload"]["requests"] == 10);
}

#[test]
fn a_broken_scenario_exits_two_naming_file_line_and_key() {
    let dir = tempfile::tempdir().unwrap();
    let scenario = dir.path().join("broken.toml");
    std::fs::write(
        &scenario,
        "name = \"b\"\n[workload]\nrequests = 10\n[orchestrator]\nmax_parallel = 0\n",
    )
    .unwrap();
    let out = dir.path().join("run.json");
    bin()
        .arg("simulate")
        .arg("--scenario")
        .arg(&scenario)
        .arg("-o")
        .arg(&out)
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "broken.toml: line 5: `orchestrator.max_parallel`",
        ))
        .stderr(predicate::str::contains("at least 1"));
    assert!(!out.exists(), "nothing half-written");
    bin()
        .args(["simulate", "--preset", "no-such-preset"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("no preset named `no-such-preset`"));
    bin()
        .args(["simulate", "--scenario", "/no/such/file.toml"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("/no/such/file.toml: cannot read"));
}

#[test]
fn simulate_with_nothing_runs_the_default_suite() {
    let text = stdout_of(bin().args(["simulate", "--quiet"]));
    let run = benchdash_core::read_run("suite", text.as_bytes())
        .unwrap()
        .run;
    assert_eq!(run.run.name, "simulation: default suite");
    let expected: usize = benchdash_sim::presets::all()
        .iter()
        .map(|s| s.points.len())
        .sum();
    assert_eq!(run.benchmarks.len(), expected);
    assert!(run
        .benchmark("stress")
        .unwrap()
        .metrics
        .contains_key("breaking_point"));
    assert_eq!(
        run.run
            .scenario
            .as_ref()
            .unwrap()
            .as_object()
            .unwrap()
            .len(),
        19
    );
}

#[test]
fn quiet_prints_nothing_but_the_run() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("run.json");
    bin()
        .args(["simulate", "--preset", "single-tool", "--quiet", "-o"])
        .arg(&out)
        .assert()
        .success()
        .stdout("")
        .stderr("");
    assert!(out.exists());
}

#[test]
fn the_seeds_limits_gate_the_simulated_suite_with_none_left_without_data() {
    // The presets the orchestrator's limits name; the example thresholds file must find a
    // metric for every limit in their run (no "no data"), and the seeds' warn tier shows:
    // parallel-20's efficiency (78 %) is under the 80 % warning.
    let dir = tempfile::tempdir().unwrap();
    let run = dir.path().join("suite.json");
    let mut simulate = bin();
    simulate.args(["-q", "simulate", "-o"]).arg(&run);
    for preset in [
        "single-tool",
        "parallel-5",
        "parallel-20",
        "memory-parallel",
        "sliding-window-500",
        "burst",
        "stress",
    ] {
        simulate.args(["--preset", preset]);
    }
    simulate.assert().success();
    let examples = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../examples/thresholds");
    let check = |file: &str| limits_of(&examples.join(file), &run);
    let limits = check("orchestrator-baseline.toml");
    assert_eq!(limits.len(), 5, "{limits:#?}");
    assert!(
        limits.iter().all(|l| l["status"] != "no data"),
        "{limits:#?}"
    );
    let warned: Vec<&str> = limits
        .iter()
        .filter(|l| l["status"] == "warn")
        .map(|l| l["benchmark"].as_str().unwrap())
        .collect();
    assert_eq!(warned, ["parallel-20"], "{limits:#?}");
    // The load tests' recovery limits find their metric: both presets report
    // `recovery_time`. `burst` is back within the seed's 2 s; `stress` is not back within
    // 30 s, nor at all before its run ends (docs/simulation.md: the queue at the ramp's end).
    let recovery = check("orchestrator-load.toml");
    let found: Vec<(&str, &str)> = recovery
        .iter()
        .map(|l| {
            (
                l["benchmark"].as_str().unwrap(),
                l["status"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        found,
        [("burst", "pass"), ("stress", "fail")],
        "{recovery:#?}"
    );
}

/// `benchdash check --format json` of `run` against `thresholds`: its limit rows.
fn limits_of(thresholds: &std::path::Path, run: &std::path::Path) -> Vec<serde_json::Value> {
    let out = bin()
        .args([
            "check",
            "--format",
            "json",
            "--fail-on",
            "never",
            "--thresholds",
        ])
        .arg(thresholds)
        .arg(run)
        .assert()
        .success();
    let v: serde_json::Value = serde_json::from_slice(&out.get_output().stdout).unwrap();
    v["limits"].as_array().unwrap().clone()
}

#[test]
fn every_limit_of_every_example_thresholds_file_finds_data_in_the_default_suite() {
    // One naming across the presets, the example run and the example files: `benchdash
    // simulate` (the default suite, what the first visit shows) gives every limit a metric,
    // and between them the files show the seeds' warn and fail tiers.
    let dir = tempfile::tempdir().unwrap();
    let run = dir.path().join("suite.json");
    bin()
        .args(["-q", "simulate", "-o"])
        .arg(&run)
        .assert()
        .success();
    let examples = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../examples/thresholds");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&examples)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .collect();
    files.sort();
    let mut statuses = std::collections::BTreeSet::new();
    let mut with_limits = 0;
    for file in &files {
        let limits = limits_of(file, &run);
        if limits.is_empty() {
            continue;
        }
        with_limits += 1;
        let empty: Vec<&serde_json::Value> =
            limits.iter().filter(|l| l["status"] == "no data").collect();
        assert!(empty.is_empty(), "{}: {empty:#?}", file.display());
        statuses.extend(
            limits
                .iter()
                .map(|l| l["status"].as_str().unwrap().to_string()),
        );
    }
    assert_eq!(with_limits, 5, "{files:?}");
    for tier in ["pass", "warn", "fail"] {
        assert!(statuses.contains(tier), "{statuses:?}");
    }
}

#[test]
fn export_timeline_writes_one_row_per_window_and_series() {
    let dir = tempfile::tempdir().unwrap();
    let run = dir.path().join("cb.json");
    bin()
        .args(["-q", "simulate", "--preset", "circuit-breaker", "-o"])
        .arg(&run)
        .assert()
        .success();
    let doc: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&run).unwrap()).unwrap();
    let tl = &doc["benchmarks"][0]["timeline"];
    let series = tl["series"].as_object().unwrap();
    let windows = series["throughput"]["values"].as_array().unwrap().len();
    let text = stdout_of(
        bin()
            .args(["export", "--to", "csv", "--timeline"])
            .arg(&run),
    );
    let mut lines = text.lines();
    assert_eq!(
        lines.next(),
        Some("benchmark,series,unit,window,from_s,to_s,value,state")
    );
    let rows: Vec<Vec<&str>> = lines.map(|l| l.split(',').collect()).collect();
    assert_eq!(
        rows.len(),
        series.len() * windows,
        "one row per window and series"
    );
    // Every row's value is the run file's, in the series' unit; a breaker's rows name the state.
    for row in &rows {
        let (name, i) = (row[1], row[3].parse::<usize>().unwrap());
        let s = &series[name];
        assert_eq!(row[0], "circuit-breaker");
        assert_eq!(row[2], s["unit"]);
        // Windows of 1 s, the last one ending with the run (`end`) when that cuts it short.
        let to = match tl["end"].as_str() {
            Some(end) if i + 1 == windows => benchdash_core::timeline::seconds(end).unwrap(),
            _ => (i + 1) as f64,
        };
        assert_eq!(row[4], i.to_string());
        assert!(
            (row[5].parse::<f64>().unwrap() - to).abs() < 1e-9,
            "{row:?}"
        );
        match s["values"][i].as_f64() {
            Some(v) => assert_eq!(row[6].parse::<f64>().unwrap(), v, "{name} {i}"),
            None => assert_eq!(row[6], "", "{name} {i}"),
        }
        if name == "breaker_state:database" {
            let index = s["values"][i].as_f64().unwrap() as usize;
            assert_eq!(row[7], s["states"][index], "{name} {i}");
        } else {
            assert_eq!(row[7], "");
        }
    }
    assert!(rows
        .iter()
        .any(|r| r[1] == "breaker_state:database" && r[7] == "open"));
    // Only CSV, and only for a run that has a timeline.
    bin()
        .args(["export", "--to", "bmf", "--timeline"])
        .arg(&run)
        .assert()
        .failure()
        .stderr(predicate::str::contains("--timeline writes CSV only"));
    let plain = dir.path().join("single.json");
    bin()
        .args(["-q", "simulate", "--preset", "single-tool", "-o"])
        .arg(&plain)
        .assert()
        .success();
    bin()
        .args(["export", "--to", "csv", "--timeline"])
        .arg(&plain)
        .assert()
        .failure()
        .stderr(
            predicate::str::contains("single.json").and(predicate::str::contains(
                "no benchmark of this run has a timeline",
            )),
        );
}

#[test]
fn simulate_story_writes_the_first_visits_month_as_a_history_trend_reads() {
    let dir = tempfile::tempdir().unwrap();
    let history = dir.path().join("story.jsonl");
    bin()
        .args(["simulate", "--story", "-o"])
        .arg(&history)
        .assert()
        .success()
        .stderr(predicate::str::contains("30 nightly runs"));
    let text = std::fs::read_to_string(&history).unwrap();
    assert_eq!(text.lines().count(), benchdash_sim::story::NIGHTS);
    // The trend finds the slower tool's change point at night 20, and --fail-on passes: it
    // is not in the newest runs any more.
    let out = stdout_of(
        bin()
            .args(["trend", "--metric", "latency", "--format", "json"])
            .arg(&history),
    );
    let trend: serde_json::Value = serde_json::from_str(&out).unwrap();
    let points = trend["change_points"].as_array().unwrap();
    assert!(
        points
            .iter()
            .any(|c| c["benchmark"] == "single-tool" && c["index"] == 19),
        "{points:?}"
    );
    // The story conflicts with what it replaces.
    bin()
        .args(["simulate", "--story", "--preset", "single-tool"])
        .assert()
        .code(2);
}
