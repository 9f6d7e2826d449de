//! The presets parsed: the default suite, and the scenarios of the speed and determinism
//! checks. Their names and texts are `benchdash_sim_protocol::presets`'s, which the page reads
//! without this crate.

pub use benchdash_sim_protocol::presets::{find, Preset, PRESETS};

use crate::scenario::Scenario;

/// A preset's scenario. Presets are tested to parse, so this does not fail.
pub fn scenario(preset: &Preset) -> Scenario {
    Scenario::parse(&format!("{}.toml", preset.name), preset.text)
        .unwrap_or_else(|e| panic!("preset {} is broken: {e}", preset.name))
}

/// Every preset, parsed: the default suite.
pub fn all() -> Vec<Scenario> {
    PRESETS.iter().map(scenario).collect()
}

/// Requests of [`short_stress`]: enough for the ramp to pass the breaking point (≈ 1200
/// req/s, after ≈ 670,000 requests), about 40 % of the whole preset's events.
pub const SHORT_STRESS_REQUESTS: u64 = 800_000;

/// `stress` cut to its first [`SHORT_STRESS_REQUESTS`] requests (`workload.requests` added to
/// its file) and named `stress-short`: the same ramp, queue, samplers and breaking point in
/// fewer events. The browser's determinism check (worker/tests/sim_stress.rs) runs it because
/// the whole preset is too long for an unoptimised wasm test build; natively both are
/// checked (`super::determinism_cases`).
pub fn short_stress() -> Scenario {
    let stress = find("stress").expect("the stress preset exists");
    let text = stress
        .text
        .replacen("name = \"stress\"", "name = \"stress-short\"", 1)
        .replacen(
            "[workload]\n",
            &format!("[workload]\nrequests = {SHORT_STRESS_REQUESTS}\n"),
            1,
        );
    Scenario::parse("stress-short.toml", &text)
        .unwrap_or_else(|e| panic!("the shortened stress preset is broken: {e}"))
}

/// M/M/3 with 100,000 requests (Poisson arrivals at 2.4/s, exponential service of 1 s): the
/// scenario of the criterion case `sim/mmc` (sim/benches/sim.rs) and of the speed test in
/// Chromium (worker/tests/sim.rs), one text so that their ratio compares the same work.
pub const SPEED_MMC: &str = r#"
name = "mmc"
[workload]
requests = 100000
pattern = { kind = "constant", rate = 2.4 }
[orchestrator]
max_concurrent_requests = 3
[[tools]]
name = "server"
latency = { dist = "exponential", mean = "1s" }
"#;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_preset_parses_and_is_named_after_its_file() {
        for p in PRESETS {
            let s = scenario(p);
            assert_eq!(s.name, p.name);
            assert!(p.text.contains("# Seed"), "{} names its seed", p.name);
        }
    }

    #[test]
    fn the_short_stress_is_stress_with_a_request_limit() {
        let short = short_stress();
        let full = scenario(find("stress").unwrap());
        assert_eq!(short.name, "stress-short");
        assert_eq!(full.points[0].config.workload.requests, None);
        let mut config = short.points[0].config.clone();
        assert_eq!(config.workload.requests, Some(SHORT_STRESS_REQUESTS));
        config.workload.requests = None;
        assert_eq!(config, full.points[0].config);
    }
}
