//! Scenario files (TOML, docs/scenarios.md): parsing and validation.
//!
//! A scenario is read in one pass with serde, `deny_unknown_fields` everywhere, and small
//! value types that check themselves while they are read (a duration string with a unit, a
//! non-negative rate, a probability, a count of at least 1, a distribution with exactly its
//! own parameters). A value that fails its check therefore fails inside the TOML deserializer,
//! which knows where the value is: every [`ScenarioError`] names the file, the line and the
//! dotted key. Checks that need more than one value run afterwards and point at the line of
//! the key they blame.
//!
//! One concept per file: `model.rs` (the public types), `parse.rs` (`Scenario::parse`),
//! `locate.rs` (`ScenarioError` and where an error is), `values.rs` (the self-checking
//! values), `raw.rs` (the serde mirror of the file) and `checks.rs` (the cross-field checks).

mod checks;
mod locate;
mod model;
mod parse;
mod raw;
mod values;

pub use locate::ScenarioError;
pub use model::*;
pub use values::parse_duration;

#[cfg(test)]
mod tests {
    use super::locate::line_of_key;
    use super::*;
    use crate::dist::Dist;

    const GOOD: &str = r#"
name = "t"
seed = 1
[workload]
requests = 10
[llm]
decision = { dist = "constant", value = "156ms" }
[orchestrator]
max_parallel = 3
[[tools]]
name = "a"
calls = 5
latency = { dist = "lognormal", mean = "298ms", sigma = 0.06 }
"#;

    #[test]
    fn durations_parse_with_units() {
        assert_eq!(parse_duration("156ms"), Ok(156_000_000));
        assert_eq!(parse_duration("1.5s"), Ok(1_500_000_000));
        assert_eq!(parse_duration("30m"), Ok(1_800_000_000_000));
        assert_eq!(parse_duration("0ms"), Ok(0));
        assert!(parse_duration("15").is_err());
        assert!(parse_duration("-1s").is_err());
        assert!(parse_duration("3 parsecs").is_err());
    }

    #[test]
    fn a_good_scenario_parses() {
        let s = Scenario::parse("t.toml", GOOD).unwrap();
        assert_eq!(s.points.len(), 1);
        let c = &s.points[0].config;
        assert_eq!(c.orchestrator.max_parallel, 3);
        assert_eq!(c.calls_per_request(), 5);
        assert_eq!(c.llm.aggregate, Dist::Constant { value: 0.0 });
    }

    #[test]
    fn the_line_of_a_key_is_found() {
        assert_eq!(line_of_key(GOOD, "orchestrator.max_parallel"), Some(9));
        assert_eq!(line_of_key(GOOD, "tools[0].calls"), Some(12));
        assert_eq!(line_of_key(GOOD, "workload.requests"), Some(5));
    }
}

#[cfg(test)]
mod key_tests {
    use super::raw::RawScenario;

    /// Every kind of breakage of every preset names the key serde_path_to_error names.
    #[test]
    fn broken_presets_name_the_key_tracking_would() {
        let mut compared = 0;
        for preset in crate::presets::PRESETS {
            let doc: toml::Table = toml::from_str(preset.text).unwrap();
            compared += benchdash_core::testing::toml_keys::check_key_at_against_tracking::<
                RawScenario,
            >(&doc);
        }
        assert!(compared > 300, "only {compared} broken scenarios compared");
    }
}
