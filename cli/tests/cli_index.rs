//! `benchdash index DIR` end to end: the manifest's content, relative paths, order, bad
//! files, and its output written whole or not at all.

use assert_cmd::Command;
use benchdash_core::manifest;
use predicates::prelude::*;
use std::path::{Path, PathBuf};

fn bin() -> Command {
    Command::cargo_bin("benchdash").unwrap()
}

fn data(path: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../tests/data")
        .join(path)
}

fn copy(from: &Path, to: &Path) {
    std::fs::create_dir_all(to.parent().unwrap()).unwrap();
    std::fs::copy(from, to).unwrap();
}

/// A results folder: two run files (in name order the newer first), a hyperfine export, a
/// criterion tree, and an unrelated file that is not results.
fn results() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    copy(&data("runs/v0.2.0.json"), &root.join("runs/a-v0.2.0.json"));
    copy(&data("runs/v0.1.0.json"), &root.join("runs/b-v0.1.0.json"));
    copy(
        &data("fixtures/hyperfine/two.json"),
        &root.join("hyperfine/two.json"),
    );
    for name in ["benchmark", "estimates", "sample", "tukey"] {
        copy(
            &data(&format!(
                "fixtures/criterion-old/Fibonacci/Iterative/new/{name}.json"
            )),
            &root.join(format!("criterion/Fibonacci/Iterative/new/{name}.json")),
        );
    }
    std::fs::write(root.join("notes.txt"), "not results").unwrap();
    dir
}

fn read_manifest(path: &Path) -> manifest::Manifest {
    manifest::parse("index.json", &std::fs::read(path).unwrap()).unwrap()
}

fn paths(m: &manifest::Manifest) -> Vec<&str> {
    m.files.iter().map(|e| e.path.as_str()).collect()
}

#[test]
fn index_lists_result_files_by_run_time_then_path() {
    let dir = results();
    bin()
        .arg("index")
        .arg(dir.path())
        .assert()
        .success()
        .stderr(predicate::str::contains("indexed 7 file(s)"));
    let m = read_manifest(&dir.path().join("index.json"));
    assert_eq!(
        paths(&m),
        [
            // Dated runs first, oldest first, whatever their names.
            "runs/b-v0.1.0.json",
            "runs/a-v0.2.0.json",
            // Files that record no time, by path.
            "criterion/Fibonacci/Iterative/new/benchmark.json",
            "criterion/Fibonacci/Iterative/new/estimates.json",
            "criterion/Fibonacci/Iterative/new/sample.json",
            "criterion/Fibonacci/Iterative/new/tukey.json",
            "hyperfine/two.json",
        ]
    );
    assert_eq!(m.files[0].format, "benchdash");
    assert_eq!(
        m.files[0].timestamp.as_deref(),
        Some("2026-11-01T10:00:00Z")
    );
    assert_eq!(m.files[2].format, "criterion");
    assert_eq!(m.files[6].format, "hyperfine");
    assert_eq!(m.files[6].timestamp, None);

    // Deterministic: indexing again (the old manifest is not listed) gives the same bytes.
    let first = std::fs::read(dir.path().join("index.json")).unwrap();
    bin().arg("index").arg(dir.path()).assert().success();
    assert_eq!(std::fs::read(dir.path().join("index.json")).unwrap(), first);
}

#[test]
fn paths_are_relative_to_the_manifest_wherever_it_is_written() {
    let dir = results();
    let site = tempfile::tempdir().unwrap();
    let out = site.path().join("site").join("results.json");
    std::fs::create_dir_all(out.parent().unwrap()).unwrap();
    bin()
        .arg("index")
        .arg(dir.path())
        .arg("-o")
        .arg(&out)
        .assert()
        .success();
    let m = read_manifest(&out);
    let first = Path::new(&m.files[0].path);
    assert!(m.files[0].path.starts_with("../"), "{:?}", m.files[0]);
    assert_eq!(
        std::fs::read(out.parent().unwrap().join(first)).unwrap(),
        std::fs::read(data("runs/v0.1.0.json")).unwrap()
    );

    // To standard output, paths are relative to DIR.
    let assert = bin()
        .arg("index")
        .arg(dir.path())
        .args(["-o", "-"])
        .assert()
        .success();
    let m = manifest::parse("stdout", &assert.get_output().stdout).unwrap();
    assert_eq!(m.files[0].path, "runs/b-v0.1.0.json");
    assert!(!dir.path().join("index.json").exists());
}

#[test]
fn a_bad_file_is_left_out_with_a_warning_or_fails_with_strict() {
    let dir = results();
    std::fs::copy(
        data("runs/broken.json"),
        dir.path().join("runs/broken.json"),
    )
    .unwrap();
    std::fs::write(dir.path().join("package.json"), r#"{"name": "site"}"#).unwrap();
    bin()
        .arg("index")
        .arg(dir.path())
        .assert()
        .success()
        .stderr(predicate::str::contains("broken.json").and(predicate::str::contains("line 6")))
        .stderr(
            predicate::str::contains("package.json")
                .and(predicate::str::contains("unknown format")),
        )
        .stderr(predicate::str::contains("(2 left out)"));
    let index = dir.path().join("index.json");
    let m = read_manifest(&index);
    assert_eq!(m.files.len(), 7);
    assert!(!paths(&m)
        .iter()
        .any(|p| p.contains("broken") || p.contains("package")));

    // --strict: exit 2 naming the files, and the previous manifest is untouched.
    let before = std::fs::read(&index).unwrap();
    bin()
        .arg("index")
        .arg(dir.path())
        .arg("--strict")
        .assert()
        .code(2)
        .stderr(predicate::str::contains("broken.json"))
        .stderr(predicate::str::contains("--strict"));
    assert_eq!(std::fs::read(&index).unwrap(), before);
}

#[test]
fn output_is_written_whole_or_not_at_all() {
    let dir = results();
    // A folder that does not exist: exit 2, nothing written anywhere.
    bin()
        .arg("index")
        .arg(dir.path())
        .arg("-o")
        .arg(dir.path().join("missing/index.json"))
        .assert()
        .code(2)
        .stderr(predicate::str::contains("missing"));
    assert!(!dir.path().join("missing").exists());
    // Success leaves the manifest and no temporary file beside it.
    bin().arg("index").arg(dir.path()).assert().success();
    let mut names: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(
        names,
        ["criterion", "hyperfine", "index.json", "notes.txt", "runs"]
    );
    // A device is written to, never replaced.
    bin()
        .arg("index")
        .arg(dir.path())
        .args(["-o", "/dev/null"])
        .assert()
        .success();
    assert!(!std::fs::metadata("/dev/null").unwrap().is_file());
}

#[test]
fn not_a_folder_exits_two_and_an_empty_folder_gives_an_empty_manifest() {
    bin()
        .arg("index")
        .arg(data("runs/v0.1.0.json"))
        .assert()
        .code(2)
        .stderr(predicate::str::contains("not a folder"));
    let empty = tempfile::tempdir().unwrap();
    bin()
        .arg("index")
        .arg(empty.path())
        .assert()
        .success()
        .stderr(predicate::str::contains("no result files"));
    assert!(read_manifest(&empty.path().join("index.json"))
        .files
        .is_empty());
}

#[test]
fn other_commands_skip_a_manifest_in_a_folder() {
    let dir = results();
    bin().arg("index").arg(dir.path()).assert().success();
    bin()
        .arg("trend")
        .arg(dir.path().join("runs"))
        .assert()
        .success();
    std::fs::copy(
        dir.path().join("index.json"),
        dir.path().join("runs/index.json"),
    )
    .unwrap();
    bin()
        .arg("trend")
        .arg(dir.path().join("runs"))
        .assert()
        .success();
    // Given on its own, it is named for what it is.
    bin()
        .arg("import")
        .arg(dir.path().join("index.json"))
        .assert()
        .code(2)
        .stderr(predicate::str::contains("manifest"));
}
