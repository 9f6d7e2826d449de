//! Test data built for the end-to-end tests from the files in `tests/data/`.

use std::path::PathBuf;

use super::browser::free_port;
use crate::workspace_root;

/// A results folder as a team would publish it: run files, a hyperfine export and a criterion
/// tree, with its manifest written by core (as `benchdash index` writes it), plus an entry for
/// a file that is not there.
pub fn results_folder() -> PathBuf {
    let data = workspace_root().join("tests").join("data");
    let root = workspace_root().join("target").join("e2e").join(format!(
        "results-{}-{}",
        std::process::id(),
        free_port()
    ));
    let copy = |from: PathBuf, to: &str| {
        let to = root.join(to);
        std::fs::create_dir_all(to.parent().unwrap()).unwrap();
        std::fs::copy(&from, &to).unwrap();
    };
    copy(data.join("runs/v0.1.0.json"), "runs/v0.1.0.json");
    copy(data.join("runs/v0.2.0.json"), "runs/v0.2.0.json");
    copy(
        data.join("fixtures/hyperfine/two.json"),
        "hyperfine/two.json",
    );
    for name in ["benchmark", "estimates", "sample", "tukey"] {
        copy(
            data.join(format!(
                "fixtures/criterion-old/Fibonacci/Iterative/new/{name}.json"
            )),
            &format!("criterion/Fibonacci/Iterative/new/{name}.json"),
        );
    }
    let mut files = Vec::new();
    let mut stack = vec![root.clone()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else {
                let relative = path.strip_prefix(&root).unwrap();
                files.push(benchdash_core::import::FileData {
                    path: relative.to_string_lossy().replace('\\', "/"),
                    bytes: std::fs::read(&path).unwrap(),
                    modified: None,
                });
            }
        }
    }
    let sources: Vec<_> = files.iter().map(|f| f.source()).collect();
    let (mut manifest, errors) = benchdash_core::manifest::build(&sources);
    assert!(errors.is_empty(), "{errors:?}");
    manifest.files.push(benchdash_core::manifest::Entry {
        path: "runs/missing.json".into(),
        format: "benchdash".into(),
        timestamp: None,
    });
    std::fs::write(root.join("index.json"), manifest.to_json()).unwrap();
    root
}

pub fn run_id(path: &str) -> String {
    let file = workspace_root().join("tests/data").join(path);
    let loaded = benchdash_core::read_run(path, &std::fs::read(file).unwrap()).unwrap();
    loaded.run.id().to_string()
}

/// A year of nightly runs as a team's results folder: 365 run files of 200 benchmarks each
/// (one single-value `time` metric, ±1 % of deterministic noise), in which every tenth
/// benchmark steps up 12 % from run 300, with the manifest core writes. Returns the folder
/// and its run files, oldest first.
pub fn year_of_history() -> (PathBuf, Vec<PathBuf>) {
    nightly_history(365, 200)
}

/// [`year_of_history`]'s folder with `runs` runs of `benchmarks` benchmarks (`r0`, `r1`, …).
pub fn nightly_history(runs: usize, benchmarks: usize) -> (PathBuf, Vec<PathBuf>) {
    let root = workspace_root().join("target").join("e2e").join(format!(
        "history-{runs}x{benchmarks}-{}-{}",
        std::process::id(),
        free_port()
    ));
    std::fs::create_dir_all(&root).unwrap();
    let runs = benchdash_core::testing::history::history(runs, benchmarks, |r, b| {
        // A fixed pseudo-random ±1 % per (run, benchmark): no generator needed.
        let noise = ((r * 7919 + b * 104_729) % 201) as f64 / 100.0 - 1.0;
        let step = if b % 10 == 0 && r >= 300 { 1.12 } else { 1.0 };
        1000.0 * step * (1.0 + noise / 100.0)
    });
    let mut files = Vec::new();
    let mut paths = Vec::new();
    for run in &runs {
        let name = format!("{}.json", run.run.name);
        let text = benchdash_core::write::to_json(run);
        let path = root.join(&name);
        std::fs::write(&path, &text).unwrap();
        paths.push(path);
        files.push(benchdash_core::import::FileData {
            path: name,
            bytes: text.into_bytes(),
            modified: None,
        });
    }
    let sources: Vec<_> = files.iter().map(|f| f.source()).collect();
    let (manifest, errors) = benchdash_core::manifest::build(&sources);
    assert!(errors.is_empty(), "{errors:?}");
    std::fs::write(root.join("index.json"), manifest.to_json()).unwrap();
    (root, paths)
}
