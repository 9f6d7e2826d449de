//! Broken scenarios are rejected with the file, the line and the key (docs/scenarios.md#errors).

use benchdash_sim::{presets, Scenario, ScenarioError};

const BASE: &str = r#"name = "base"
seed = 1

[workload]
requests = 100
clients = 2

[llm]
decision = { dist = "normal", mean = "156ms", sd = "12ms" }

[orchestrator]
mode = "parallel"
max_parallel = 4

[[tools]]
name = "search"
calls = 2
latency = { dist = "lognormal", mean = "298ms", sigma = 0.06 }
"#;

fn reject(text: &str) -> ScenarioError {
    match Scenario::parse("broken.toml", text) {
        Ok(_) => panic!("accepted:\n{text}"),
        Err(e) => e,
    }
}

fn line_of(text: &str, needle: &str) -> usize {
    text.lines().position(|l| l.contains(needle)).unwrap() + 1
}

#[test]
fn the_base_is_valid() {
    Scenario::parse("base.toml", BASE).unwrap();
}

#[test]
fn an_unknown_key_is_named_with_its_line() {
    let text = BASE.replace("max_parallel = 4", "max_parallel = 4\nmax_paralel = 5");
    let e = reject(&text);
    assert_eq!(e.key.as_deref(), Some("orchestrator.max_paralel"), "{e}");
    assert_eq!(e.line, Some(line_of(&text, "max_paralel = 5")), "{e}");
    assert!(e.message.contains("unknown field"), "{e}");
    let shown = e.to_string();
    let want = format!(
        "broken.toml: line {}: `orchestrator.max_paralel`: unknown field",
        line_of(&text, "max_paralel = 5")
    );
    assert!(shown.starts_with(&want), "{shown}");
}

#[test]
fn a_wrong_type_is_named_with_its_line() {
    let text = BASE.replace("calls = 2", "calls = \"two\"");
    let e = reject(&text);
    assert_eq!(e.key.as_deref(), Some("tools[0].calls"), "{e}");
    assert_eq!(e.line, Some(line_of(&text, "calls = \"two\"")), "{e}");
    let text = BASE.replace("\"156ms\"", "156");
    let e = reject(&text);
    assert_eq!(e.key.as_deref(), Some("llm.decision.mean"), "{e}");
    assert_eq!(e.line, Some(line_of(&text, "decision =")), "{e}");
}

#[test]
fn a_negative_rate_is_rejected() {
    let text = BASE.replace(
        "clients = 2",
        "pattern = { kind = \"constant\", rate = -5 }",
    );
    let e = reject(&text);
    assert_eq!(e.key.as_deref(), Some("workload.pattern.rate"), "{e}");
    assert_eq!(e.line, Some(line_of(&text, "rate = -5")), "{e}");
    assert!(e.message.contains("negative"), "{e}");
    let text = BASE.to_string() + "\n[rate_limit]\nkind = \"token_bucket\"\nrate = -100\n";
    let e = reject(&text);
    assert_eq!(e.key.as_deref(), Some("rate_limit.rate"), "{e}");
    assert_eq!(e.line, Some(line_of(&text, "rate = -100")), "{e}");
}

#[test]
fn max_parallel_zero_is_rejected() {
    let text = BASE.replace("max_parallel = 4", "max_parallel = 0");
    let e = reject(&text);
    assert_eq!(e.key.as_deref(), Some("orchestrator.max_parallel"), "{e}");
    assert_eq!(e.line, Some(line_of(&text, "max_parallel = 0")), "{e}");
    assert!(e.message.contains("at least 1"), "{e}");
}

#[test]
fn impossible_distributions_are_rejected() {
    for (dist, words) in [
        (r#"{ dist = "uniform", min = "5ms", max = "1ms" }"#, "min"),
        (r#"{ dist = "exponential", mean = "0ms" }"#, "positive mean"),
        (r#"{ dist = "normal", mean = "10ms" }"#, "needs `sd`"),
        (
            r#"{ dist = "normal", mean = "10ms", sd = "1ms", sigma = 0.1 }"#,
            "not `sigma`",
        ),
        (
            r#"{ dist = "gamma", mean = "10ms" }"#,
            "unknown distribution",
        ),
        (
            r#"{ dist = "lognormal", mean = "10ms", sigma = -1 }"#,
            "negative",
        ),
    ] {
        let text = BASE.replace(
            r#"{ dist = "lognormal", mean = "298ms", sigma = 0.06 }"#,
            dist,
        );
        let e = reject(&text);
        assert!(
            e.key
                .as_deref()
                .is_some_and(|k| k.starts_with("tools[0].latency")),
            "{dist}: {e}"
        );
        assert_eq!(e.line, Some(line_of(&text, "latency =")), "{dist}: {e}");
        assert!(e.message.contains(words), "{dist}: {e}");
    }
}

#[test]
fn bad_durations_and_probabilities_are_rejected() {
    let text = BASE.replace("\"12ms\"", "\"12 fortnights\"");
    let e = reject(&text);
    assert!(e.message.contains("fortnights"), "{e}");
    assert_eq!(e.line, Some(line_of(&text, "decision =")), "{e}");
    let text = BASE.replace("calls = 2", "calls = 2\nfailure_rate = 1.5");
    let e = reject(&text);
    assert_eq!(e.key.as_deref(), Some("tools[0].failure_rate"), "{e}");
    assert_eq!(e.line, Some(line_of(&text, "failure_rate")), "{e}");
}

#[test]
fn cross_field_errors_point_at_the_key() {
    let text = BASE.replace("requests = 100\n", "");
    let e = reject(&text);
    assert_eq!(e.key.as_deref(), Some("workload.requests"), "{e}");
    assert_eq!(e.line, Some(line_of(&text, "[workload]")), "{e}");
    let text = BASE.replace(
        "clients = 2",
        "clients = 2\npattern = { kind = \"constant\", rate = 5 }",
    );
    let e = reject(&text);
    assert_eq!(e.key.as_deref(), Some("workload.clients"), "{e}");
    assert_eq!(e.line, Some(line_of(&text, "clients = 2")), "{e}");
}

#[test]
fn a_sweep_value_of_the_wrong_type_is_named() {
    let text = BASE.to_string()
        + "\n[sweep]\nparam = \"orchestrator.max_parallel\"\nvalues = [2, \"many\"]\n";
    let e = reject(&text);
    assert_eq!(e.key.as_deref(), Some("sweep.values[1]"), "{e}");
    assert!(
        e.message
            .starts_with("with orchestrator.max_parallel = \"many\": invalid type: string"),
        "{e}"
    );
}

#[test]
fn a_bad_sweep_value_is_named() {
    let text =
        BASE.to_string() + "\n[sweep]\nparam = \"orchestrator.max_parallel\"\nvalues = [1, 0, 4]\n";
    let e = reject(&text);
    assert_eq!(e.key.as_deref(), Some("sweep.values[1]"), "{e}");
    assert_eq!(e.line, Some(line_of(&text, "values = [1, 0, 4]")), "{e}");
    assert!(e.message.contains("at least 1"), "{e}");
}

#[test]
fn invalid_toml_reports_the_line() {
    let text = BASE.replace("seed = 1", "seed = = 1");
    let e = reject(&text);
    assert_eq!(e.line, Some(2), "{e}");
    assert!(e.message.starts_with("not valid TOML"), "{e}");
}

#[test]
fn every_preset_parses() {
    assert!(!presets::PRESETS.is_empty());
    for p in presets::PRESETS {
        Scenario::parse(p.name, p.text).unwrap_or_else(|e| panic!("{e}"));
    }
}
