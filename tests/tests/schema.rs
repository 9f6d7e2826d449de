//! docs/run.schema.json describes the run files users meet: every example and test run file
//! validates against it, the files core writes validate against it (every simulated preset's,
//! timelines and all, and the timelines imported from Locust's history and JSON and from k6's
//! `--out json`), and documents core
//! rejects for their shape fail it too.

use benchdash_tests::workspace_root;
use serde_json::Value;

fn schema() -> jsonschema::Validator {
    let text = std::fs::read_to_string(workspace_root().join("docs/run.schema.json")).unwrap();
    let schema: Value = serde_json::from_str(&text).expect("the schema is JSON");
    jsonschema::options()
        .should_validate_formats(true)
        .build(&schema)
        .expect("the schema is a valid JSON Schema")
}

/// A change that makes a valid document invalid.
type Mutation = fn(&mut Value);

fn errors(validator: &jsonschema::Validator, doc: &Value) -> Vec<String> {
    validator
        .iter_errors(doc)
        .map(|e| format!("{} at {}", e, e.instance_path))
        .collect()
}

fn run_files() -> Vec<std::path::PathBuf> {
    let mut files = Vec::new();
    for dir in ["examples/runs", "tests/data/runs"] {
        for entry in std::fs::read_dir(workspace_root().join(dir)).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_some_and(|e| e == "json") && !path.ends_with("broken.json") {
                files.push(path);
            }
        }
    }
    assert!(files.len() >= 2, "found the example files: {files:?}");
    files
}

#[test]
fn example_and_test_run_files_validate() {
    let validator = schema();
    for path in run_files() {
        let doc: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
        let errs = errors(&validator, &doc);
        assert!(errs.is_empty(), "{}: {errs:?}", path.display());
    }
}

#[test]
fn files_core_writes_validate() {
    let validator = schema();
    for path in run_files() {
        let bytes = std::fs::read(&path).unwrap();
        let run = benchdash_core::read_run(&path.display().to_string(), &bytes)
            .unwrap()
            .run;
        let doc: Value = serde_json::from_str(&benchdash_core::write::to_json(&run)).unwrap();
        let errs = errors(&validator, &doc);
        assert!(errs.is_empty(), "{}: {errs:?}", path.display());
    }
}

#[test]
fn every_simulated_timeline_and_every_imported_one_validates() {
    use benchdash_sim::{presets, Simulation};
    let validator = schema();
    // Validates the run as core writes it; returns how many timelines it holds.
    let check = |what: &str, run: &benchdash_core::run::RunFile| {
        let doc: Value = serde_json::from_str(&benchdash_core::write::to_json(run)).unwrap();
        let errs = errors(&validator, &doc);
        assert!(errs.is_empty(), "{what}: {errs:?}");
        run.benchmarks
            .iter()
            .filter(|b| b.timeline.is_some())
            .count()
    };
    let mut simulated = 0;
    // `stress` in full is 2 million requests; its first 800,000 pass the breaking point.
    for p in presets::all()
        .into_iter()
        .filter(|p| p.name != "stress")
        .chain([presets::short_stress()])
    {
        let run = Simulation::new(&p, None).finish(&p.name, "2026-01-01T00:00:00Z");
        simulated += check(&p.name, &run);
    }
    // load-constant, load-ramp-up, load-spike, load-step, burst, stress and circuit-breaker
    // record one, and the rate limiters' presets (a limiter's waits).
    assert!(simulated >= 7, "{simulated} simulated timelines");
    let mut imported_timelines = 0;
    for file in [
        "locust/run_stats_history.csv",
        "locust/steps_stats_history.csv",
        "locust/json-run.json",
        "k6/out.json",
    ] {
        let path = workspace_root().join("tests/data/generated").join(file);
        let bytes = std::fs::read(&path).unwrap();
        let source = benchdash_core::import::SourceFile {
            path: file,
            bytes: &bytes,
            modified: None,
        };
        let imported = benchdash_core::import::import(&[source], &Default::default()).unwrap();
        imported_timelines += check(file, &imported[0].runs[0].run);
    }
    assert_eq!(
        imported_timelines,
        1 + 3 + 5 + 1,
        "Locust's and k6's timelines"
    );
}

#[test]
fn documents_core_rejects_fail_the_schema_too() {
    let validator = schema();
    let good: Value = serde_json::json!({
        "format": "benchdash/run", "version": 1,
        "run": { "name": "r", "timestamp": "2026-11-22T21:59:13Z" },
        "benchmarks": [ { "name": "a", "metrics": { "t": { "unit": "ms", "better": "lower", "value": 1 } } } ]
    });
    assert!(validator.is_valid(&good));
    let mutations: [(&str, Mutation); 5] = [
        ("wrong version", |d| d["version"] = 2.into()),
        ("no timestamp", |d| {
            d["run"].as_object_mut().unwrap().remove("timestamp");
        }),
        ("bad timestamp", |d| {
            d["run"]["timestamp"] = "yesterday".into()
        }),
        ("bad direction", |d| {
            d["benchmarks"][0]["metrics"]["t"]["better"] = "sideways".into()
        }),
        ("no unit", |d| {
            d["benchmarks"][0]["metrics"]["t"]
                .as_object_mut()
                .unwrap()
                .remove("unit");
        }),
    ];
    for (what, mutate) in mutations {
        let mut doc = good.clone();
        mutate(&mut doc);
        assert!(!validator.is_valid(&doc), "{what} should fail the schema");
        let text = doc.to_string();
        assert!(
            benchdash_core::read_run("doc.json", text.as_bytes()).is_err(),
            "{what} should fail core's reader"
        );
    }
}
