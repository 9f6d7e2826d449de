//! Merging several runs into one, as `benchdash import a.json b.json -o out.json` does.
//!
//! The rule for metadata, chosen so that merging is predictable and loses nothing measured:
//! - benchmarks are concatenated in input order; a name that appears in two inputs is an error
//!   naming both inputs (silently keeping one would hide a measurement);
//! - `name` is the caller's, else the single input's, else the inputs' names joined by ` + `;
//! - `timestamp` is the latest of the inputs' (a merged run is as new as its newest part);
//! - `source.files` is the union, in order; `source.tool` the common tool, else `benchdash`;
//! - `git`, `machine` and `scenario` come from the first input that has them; tags are united,
//!   the first input winning a clash;
//! - a single input keeps its id; a merge of several gets a fresh content-derived id.

use std::collections::HashMap;

use crate::read::{content_id, parse_timestamp};
use crate::run::RunFile;
use crate::write;

/// Two inputs that both hold a benchmark of the same name.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("benchmark \"{benchmark}\" is in both {first} and {second}; rename one (benchmark names must be unique within a run)")]
pub struct MergeError {
    pub benchmark: String,
    pub first: String,
    pub second: String,
}

/// Merges labelled runs (label = the file name, for messages) into one run.
pub fn merge(inputs: Vec<(String, RunFile)>, name: Option<String>) -> Result<RunFile, MergeError> {
    let single = inputs.len() == 1;
    let mut iter = inputs.into_iter();
    let Some((first_label, mut merged)) = iter.next() else {
        let mut empty = RunFile::new(
            name.unwrap_or_else(|| "empty".into()),
            "1970-01-01T00:00:00Z",
        );
        empty.run.id = Some(content_id(write::to_json(&empty).as_bytes()));
        return Ok(empty);
    };
    let mut owner: HashMap<String, String> = merged
        .benchmarks
        .iter()
        .map(|b| (b.name.clone(), first_label.clone()))
        .collect();
    let mut names = vec![merged.run.name.clone()];
    for (label, other) in iter {
        for bench in &other.benchmarks {
            if let Some(first) = owner.get(&bench.name) {
                return Err(MergeError {
                    benchmark: bench.name.clone(),
                    first: first.clone(),
                    second: label,
                });
            }
        }
        for bench in &other.benchmarks {
            owner.insert(bench.name.clone(), label.clone());
        }
        names.push(other.run.name.clone());
        absorb(&mut merged, other);
    }
    if let Some(name) = name {
        merged.run.name = name;
    } else if !single {
        merged.run.name = names.join(" + ");
    }
    if !single {
        merged.run.id = None;
        merged.run.id = Some(content_id(write::to_json(&merged).as_bytes()));
    }
    Ok(merged)
}

fn absorb(into: &mut RunFile, other: RunFile) {
    let run = &mut into.run;
    let newer = match (
        parse_timestamp(&run.timestamp),
        parse_timestamp(&other.run.timestamp),
    ) {
        (Some(a), Some(b)) => b > a,
        _ => false,
    };
    if newer {
        run.timestamp = other.run.timestamp.clone();
    }
    match (&mut run.source, other.run.source) {
        (Some(mine), Some(theirs)) => {
            if mine.tool != theirs.tool {
                mine.tool = "benchdash".into();
                mine.tool_version = None;
            }
            for f in theirs.files {
                if !mine.files.contains(&f) {
                    mine.files.push(f);
                }
            }
        }
        (slot @ None, Some(theirs)) => *slot = Some(theirs),
        (_, None) => {}
    }
    run.git = run.git.take().or(other.run.git);
    run.machine = run.machine.take().or(other.run.machine);
    run.scenario = run.scenario.take().or(other.run.scenario);
    for (k, v) in other.run.tags {
        run.tags.entry(k).or_insert(v);
    }
    into.benchmarks.extend(other.benchmarks);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::read::read_run;

    fn run(name: &str, ts: &str, benches: &[&str], file: &str) -> RunFile {
        let benchmarks: Vec<String> = benches
            .iter()
            .map(|b| format!(r#"{{"name":"{b}","metrics":{{"time":{{"unit":"ns","better":"lower","value":1}}}}}}"#))
            .collect();
        let doc = format!(
            r#"{{"format":"benchdash/run","version":1,"run":{{"name":"{name}","timestamp":"{ts}",
            "source":{{"tool":"criterion","files":["{file}"]}},"tags":{{"who":"{name}"}}}},"benchmarks":[{}]}}"#,
            benchmarks.join(",")
        );
        read_run(file, doc.as_bytes()).unwrap().run
    }

    #[test]
    fn merge_concatenates_and_takes_the_latest_timestamp() {
        let a = run("a", "2026-01-01T00:00:00Z", &["x", "y"], "a.json");
        let b = run("b", "2026-02-01T00:00:00+01:00", &["z"], "b.json");
        let m = merge(
            vec![("a.json".into(), a.clone()), ("b.json".into(), b)],
            None,
        )
        .unwrap();
        let names: Vec<_> = m.benchmarks.iter().map(|b| b.name.as_str()).collect();
        assert_eq!(names, ["x", "y", "z"]);
        assert_eq!(m.run.name, "a + b");
        assert_eq!(m.run.timestamp, "2026-02-01T00:00:00+01:00");
        assert_eq!(m.run.source.as_ref().unwrap().files, ["a.json", "b.json"]);
        assert_eq!(m.run.tags["who"], "a");
        assert_ne!(m.run.id, a.run.id);
        assert_eq!(m.run.id.as_ref().unwrap().len(), 12);
    }

    #[test]
    fn single_input_keeps_its_identity_unless_renamed() {
        let a = run("a", "2026-01-01T00:00:00Z", &["x"], "a.json");
        let same = merge(vec![("a.json".into(), a.clone())], None).unwrap();
        assert_eq!(same, a);
        let renamed = merge(vec![("a.json".into(), a)], Some("v2".into())).unwrap();
        assert_eq!(renamed.run.name, "v2");
    }

    #[test]
    fn colliding_names_are_an_error_naming_both_files() {
        let a = run("a", "2026-01-01T00:00:00Z", &["x"], "a.json");
        let b = run("b", "2026-01-01T00:00:00Z", &["q", "x"], "b.json");
        let err = merge(vec![("a.json".into(), a), ("b.json".into(), b)], None).unwrap_err();
        assert_eq!(
            (
                err.benchmark.as_str(),
                err.first.as_str(),
                err.second.as_str()
            ),
            ("x", "a.json", "b.json")
        );
    }
}
