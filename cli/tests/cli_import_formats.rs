//! `benchdash import` on the text and newer formats (tests/data/generated, made by
//! generate-formats.sh): detected from content, alone and in a folder, where a `.txt` or
//! `.xml` file counts only when its content is one of the formats.

use assert_cmd::Command;
use predicates::prelude::*;
use std::path::{Path, PathBuf};

fn bin() -> Command {
    Command::cargo_bin("benchdash").unwrap()
}

fn generated(path: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../tests/data/generated")
        .join(path)
}

fn copy(from: &Path, to: &Path) {
    std::fs::create_dir_all(to.parent().unwrap()).unwrap();
    std::fs::copy(from, to).unwrap();
}

#[test]
fn import_detects_each_new_format() {
    for (path, format, benchmarks) in [
        ("go/bench.txt", "go-test", 4),
        ("go/bench.jsonl", "go-test", 4),
        ("libtest/bench.txt", "libtest", 3),
        ("benchmarkjs/suite.txt", "benchmarkjs", 3),
        ("vitest/bench.json", "vitest", 3),
        ("pyperf/suite.json", "pyperf", 3),
        ("catch2/bench.xml", "catch2", 3),
        ("k6/summary-export.json", "k6", 19),
        ("k6/handle-summary.json", "k6", 19),
    ] {
        bin()
            .arg("import")
            .arg(generated(path))
            .assert()
            .success()
            .stderr(predicate::str::contains(format!(
                "imported {benchmarks} benchmarks from 1 run(s) (format: {format})"
            )));
    }
}

/// The formats tested on public files (tests/data/public).
#[test]
fn import_detects_the_public_files_formats() {
    let data = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../tests/data");
    for (path, format, benchmarks) in [
        ("public/jmh/jcasbin-jmh-result.json", "jmh", 37),
        (
            "public/benchmarkdotnet/gab-Sample.Benchmarks-report-full.json",
            "benchmarkdotnet",
            2,
        ),
        ("public/vegeta/seldon-rest-report.json", "vegeta", 1),
    ] {
        bin()
            .arg("import")
            .arg(data.join(path))
            .assert()
            .success()
            .stderr(predicate::str::contains(format!(
                "imported {benchmarks} benchmarks from 1 run(s) (format: {format})"
            )));
    }
}

#[test]
fn a_folder_counts_text_files_only_when_they_are_results() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    copy(&generated("go/bench.txt"), &root.join("go/bench.txt"));
    copy(&generated("go/VERSION.txt"), &root.join("go/VERSION.txt"));
    copy(
        &generated("catch2/bench.xml"),
        &root.join("catch2/bench.xml"),
    );
    copy(
        &generated("catch2/console.txt"),
        &root.join("catch2/console.txt"),
    );
    std::fs::write(root.join("notes.log"), "nothing measured here\n").unwrap();
    std::fs::write(root.join("pom.xml"), "<project></project>\n").unwrap();
    bin()
        .arg("import")
        .arg(root)
        .assert()
        .success()
        .stderr(predicate::str::contains(
            "imported 7 benchmarks from 2 run(s)",
        ));
    // Named on its own, a text file that is no format is an error naming it.
    bin()
        .arg("import")
        .arg(root.join("go/VERSION.txt"))
        .assert()
        .code(2)
        .stderr(predicate::str::contains("VERSION.txt"));
}
