//! The `benchdash` binary end to end: arguments, exit codes (docs/cli.md#exit-codes), messages and
//! output files.

use assert_cmd::Command;
use predicates::prelude::*;
use std::path::PathBuf;

fn bin() -> Command {
    Command::cargo_bin("benchdash").unwrap()
}

fn data(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../tests/data/runs")
        .join(name)
}

fn example() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../examples/runs/orchestrator-baseline.json")
}

#[test]
fn help_and_version_exit_zero() {
    bin()
        .arg("--help")
        .assert()
        .success()
        .stdout(predicate::str::contains("import"));
    bin()
        .arg("--version")
        .assert()
        .success()
        .stdout(predicate::str::contains(env!("CARGO_PKG_VERSION")));
}

#[test]
fn usage_errors_exit_two() {
    bin().assert().code(2);
    bin().arg("import").assert().code(2);
    bin().args(["no-such-command"]).assert().code(2);
}

#[test]
fn import_normalizes_one_file_to_stdout() {
    let out = bin()
        .arg("import")
        .arg(data("candidate.json"))
        .assert()
        .success();
    let text = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    let run = benchdash_core::read_run("stdout", text.as_bytes())
        .unwrap()
        .run;
    assert_eq!(run.run.name, "candidate v0.2.0");
    // The summary was computed from the samples and written out.
    let latency = &run.benchmark("parallel/5-tools").unwrap().metrics["latency"];
    assert_eq!(latency.summary.as_ref().unwrap().n, Some(5));
    assert!(text.contains("\"p95\""));
}

#[test]
fn import_merges_several_files_into_one_output_file() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("merged.json");
    let other = dir.path().join("other.json");
    let renamed = std::fs::read_to_string(data("candidate.json"))
        .unwrap()
        .replace("parallel/5-tools", "parallel/6-tools")
        .replace("single-tool", "single-tool-b")
        .replace("memory/idle", "memory/busy");
    std::fs::write(&other, renamed).unwrap();
    bin()
        .arg("import")
        .arg(data("candidate.json"))
        .arg(&other)
        .args(["--name", "merged", "-o"])
        .arg(&out)
        .assert()
        .success()
        .stderr(predicate::str::contains(
            "imported 6 benchmarks from 2 run(s)",
        ));
    let run = benchdash_core::read_run("merged.json", &std::fs::read(&out).unwrap())
        .unwrap()
        .run;
    assert_eq!(run.benchmarks.len(), 6);
    assert_eq!(run.run.name, "merged");
}

#[test]
fn bad_json_names_the_file_line_and_column_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out.json");
    std::fs::write(&out, "previous contents").unwrap();
    bin()
        .arg("import")
        .arg(data("candidate.json"))
        .arg(data("broken.json"))
        .arg("-o")
        .arg(&out)
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "broken.json (read as benchdash): not valid JSON",
        ))
        .stderr(predicate::str::contains("line 6 column 0"));
    // The old output is untouched and no temporary file is left behind.
    assert_eq!(std::fs::read_to_string(&out).unwrap(), "previous contents");
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
}

#[test]
fn wrong_types_name_the_field_path() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("typed.json");
    let text = std::fs::read_to_string(data("candidate.json"))
        .unwrap()
        .replace("\"value\": 99.8", "\"value\": \"fast\"");
    std::fs::write(&bad, text).unwrap();
    bin()
        .arg("import")
        .arg(&bad)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("typed.json"))
        .stderr(predicate::str::contains(
            "benchmarks[0].metrics.throughput.value",
        ));
}

#[test]
fn unknown_version_and_missing_file_exit_two() {
    let dir = tempfile::tempdir().unwrap();
    let future = dir.path().join("future.json");
    std::fs::write(
        &future,
        r#"{"format":"benchdash/run","version":3,"run":{"name":"x","timestamp":"2026-01-01T00:00:00Z"}}"#,
    )
    .unwrap();
    bin()
        .arg("import")
        .arg(&future)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("version 3 is not supported"));
    bin()
        .args(["import", "/definitely/not/here.json"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("/definitely/not/here.json"));
}

#[test]
fn colliding_benchmark_names_are_an_error() {
    bin()
        .arg("import")
        .arg(data("candidate.json"))
        .arg(example())
        .assert()
        .code(2)
        .stderr(predicate::str::contains("\"single-tool\" is in both"));
}

#[test]
fn dropped_metrics_are_warned_about_and_quiet_silences_it() {
    let dir = tempfile::tempdir().unwrap();
    let doc = dir.path().join("nulls.json");
    std::fs::write(
        &doc,
        r#"{"format":"benchdash/run","version":1,"run":{"name":"x","timestamp":"2026-01-01T00:00:00Z"},
        "benchmarks":[{"name":"b","metrics":{"t":{"unit":"ms","better":"lower","value":null},
        "u":{"unit":"ms","better":"lower","value":2}}}]}"#,
    )
    .unwrap();
    bin()
        .arg("import")
        .arg(&doc)
        .assert()
        .success()
        .stderr(predicate::str::contains("warning:"))
        .stderr(predicate::str::contains("\"b\": metric \"t\""));
    bin()
        .args(["--quiet", "import"])
        .arg(&doc)
        .assert()
        .success()
        .stderr(predicate::str::is_empty());
}

#[test]
fn jsonl_histories_and_folders_are_read() {
    let dir = tempfile::tempdir().unwrap();
    let one = std::fs::read_to_string(data("candidate.json")).unwrap();
    let line = |name: &str, bench: &str| {
        let v: serde_json::Value = serde_json::from_str(
            &one.replace("candidate v0.2.0", name)
                .replace("parallel/5-tools", bench)
                .replace("single-tool", &format!("{bench}-single"))
                .replace("memory/idle", &format!("{bench}-mem")),
        )
        .unwrap();
        v.to_string()
    };
    std::fs::write(
        dir.path().join("history.jsonl"),
        format!("{}\n{}\n", line("a", "x"), line("b", "y")),
    )
    .unwrap();
    bin()
        .arg("import")
        .arg(dir.path())
        .assert()
        .success()
        .stderr(predicate::str::contains(
            "imported 6 benchmarks from 2 run(s)",
        ));
}

fn fixture(path: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../tests/data/fixtures")
        .join(path)
}

#[test]
fn import_detects_and_prints_the_format() {
    let out = bin()
        .arg("import")
        .arg(fixture("hyperfine/two.json"))
        .assert()
        .success()
        .stderr(predicate::str::contains("(format: hyperfine)"));
    let text = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    let run = benchdash_core::read_run("stdout", text.as_bytes())
        .unwrap()
        .run;
    assert_eq!(run.benchmarks.len(), 2);
    assert_eq!(run.run.source.unwrap().tool, "hyperfine");
}

#[test]
fn import_reads_a_criterion_tree_folder_and_picks_the_baseline() {
    bin()
        .arg("import")
        .arg(fixture("criterion-old"))
        .assert()
        .success()
        .stderr(predicate::str::contains("imported 2 benchmarks"))
        .stderr(predicate::str::contains("format: criterion"));
    bin()
        .arg("import")
        .arg(fixture("criterion-old"))
        .args(["--criterion-baseline", "nope"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "no benchmark has a \"nope\" baseline",
        ));
}

#[test]
fn import_format_can_be_forced_and_unknown_names_list_the_known() {
    bin()
        .arg("import")
        .arg(fixture(
            "github-action-benchmark/customBiggerIsBetter_output.json",
        ))
        .args(["--format", "customBiggerIsBetter"])
        .assert()
        .success()
        .stdout(predicate::str::contains("\"better\": \"higher\""));
    bin()
        .arg("import")
        .arg(fixture("hyperfine/two.json"))
        .args(["--format", "nonsense"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "known formats: benchdash, criterion",
        ));
    bin()
        .arg("import")
        .arg(fixture("hyperfine/two.json"))
        .args(["--format", "pytest-benchmark"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("(read as pytest-benchmark)"));
}

#[test]
fn import_merges_different_tools_into_one_run() {
    bin()
        .arg("import")
        .arg(fixture("hyperfine/two.json"))
        .arg(fixture("pytest-benchmark/four.json"))
        .assert()
        .success()
        .stderr(predicate::str::contains(
            "imported 6 benchmarks from 2 run(s) (format: hyperfine, pytest-benchmark)",
        ));
}

#[test]
fn export_writes_each_format_and_reports_what_it_left_out() {
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("run.csv");
    bin()
        .arg("export")
        .arg(example())
        .args(["--to", "csv", "-o"])
        .arg(&csv)
        .assert()
        .success();
    let text = std::fs::read_to_string(&csv).unwrap();
    assert!(text.starts_with("benchmark,metric,unit,better,value"));
    assert_eq!(text.lines().count(), 16);
    bin()
        .arg("export")
        .arg(fixture("hyperfine/two.json"))
        .args(["--to", "bmf"])
        .assert()
        .success()
        .stdout(predicate::str::contains("\"sleep 0.1\""))
        .stdout(predicate::str::contains("\"latency\""));
    bin()
        .arg("export")
        .arg(example())
        .args(["--to", "github-action-benchmark"])
        .assert()
        .success()
        .stderr(predicate::str::contains(
            "left out: export them with --to customBiggerIsBetter",
        ));
    bin()
        .arg("export")
        .arg(example())
        .args(["--to", "xml"])
        .assert()
        .code(2);
}

#[test]
fn output_to_a_device_writes_to_it_instead_of_replacing_it() {
    // Renaming a temporary file over /dev/null would turn the device into a regular file.
    bin()
        .arg("import")
        .arg(data("candidate.json"))
        .args(["-o", "/dev/null"])
        .assert()
        .success();
    let meta = std::fs::metadata("/dev/null").unwrap();
    assert!(!meta.is_file(), "/dev/null is still a device");
    assert_eq!(std::fs::read("/dev/null").unwrap().len(), 0);
}

#[test]
fn a_pipe_is_read_to_its_end() {
    // A pipe's metadata says 0 bytes: the reader must not take that for its length.
    let run = benchdash_core::examples::ORCHESTRATOR_BASELINE.1;
    bin()
        .args(["import", "/dev/stdin"])
        .write_stdin(run)
        .assert()
        .success()
        .stdout(predicates::str::contains("parallel-20"));
}

#[cfg(unix)]
#[test]
fn written_files_follow_the_umask_like_any_tools_output() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let bin = assert_cmd::cargo::cargo_bin("benchdash");
    for (umask, mode) in [("022", 0o644), ("027", 0o640), ("077", 0o600)] {
        let out = dir.path().join(format!("run-{umask}.json"));
        // Through a shell: the umask is the process's, and the test's threads share theirs.
        let status = std::process::Command::new("sh")
            .arg("-c")
            .arg(format!(
                "umask {umask} && exec \"$0\" -q simulate --preset single-tool -o \"$1\""
            ))
            .arg(&bin)
            .arg(&out)
            .status()
            .unwrap();
        assert!(status.success());
        let got = std::fs::metadata(&out).unwrap().permissions().mode() & 0o777;
        assert_eq!(got, mode, "umask {umask}: {got:o}");
        // The manifest too, written over the one before (the atomic rename) from the second
        // round on.
        let status = std::process::Command::new("sh")
            .arg("-c")
            .arg(format!("umask {umask} && exec \"$0\" -q index \"$1\""))
            .arg(&bin)
            .arg(dir.path())
            .status()
            .unwrap();
        assert!(status.success());
        let index = std::fs::metadata(dir.path().join("index.json")).unwrap();
        assert_eq!(
            index.permissions().mode() & 0o777,
            mode,
            "index.json under umask {umask}"
        );
    }
}
