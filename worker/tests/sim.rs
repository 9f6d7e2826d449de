//! The simulation in headless Chromium (wasm-bindgen-test): presets and the determinism
//! scenarios give exactly the fingerprints (SHA-256 of the run file's bytes) that core
//! computes natively (tests/data/sim-determinism.txt, checked by
//! sim/tests/sim_determinism.rs). The determinism scenarios exercise every distribution,
//! both arrival processes, the closed model, both limiters, the breaker, speculation,
//! retries, timeouts, outages, memory and a sweep, so equal fingerprints mean the RNG, the
//! libm samplers and the event order are the same on both targets.
//!
//! The simulation runs in chunks with a yield to the browser between them, as the
//! dashboard will run it. `stress` (7 million events, 85 % of the suite) would not fit
//! wasm-bindgen-test's 20 s budget for a file with an unoptimised test build:
//! worker/tests/sim_stress.rs checks its first 800,000 requests (`stress-short`) on a page of
//! its own, and sim/tests/sim_determinism.rs checks the whole of it natively.

use benchdash_sim::{self as sim, presets, Scenario, Simulation};
use wasm_bindgen::prelude::wasm_bindgen;
use wasm_bindgen_test::*;

#[wasm_bindgen]
extern "C" {
    /// `Date.now()`: milliseconds, for the speed figure.
    #[wasm_bindgen(js_namespace = Date)]
    fn now() -> f64;
}

wasm_bindgen_test_configure!(run_in_browser);

const GOLDEN: &str = include_str!("../../tests/data/sim-determinism.txt");
const EXTRA: [(&str, &str); 2] = [
    (
        "sim-determinism.toml",
        include_str!("../../tests/data/sim-determinism.toml"),
    ),
    (
        "sim-determinism-closed.toml",
        include_str!("../../tests/data/sim-determinism-closed.toml"),
    ),
];

fn golden(name: &str) -> &'static str {
    GOLDEN
        .lines()
        .find_map(|l| l.strip_prefix(name).and_then(|r| r.strip_prefix(' ')))
        .unwrap_or_else(|| panic!("{name} is not in the golden list"))
}

/// Simulates in chunks of `chunk` events, yielding to the browser between them.
async fn fingerprint(scenario: &Scenario, chunk: u64) -> String {
    let mut sim = Simulation::new(scenario, None);
    while !sim.advance(chunk).done {
        gloo_timers::future::TimeoutFuture::new(0).await;
    }
    sim::fingerprint(&sim.finish(&scenario.name, "2026-01-01T00:00:00Z"))
}

#[wasm_bindgen_test]
async fn determinism_scenarios_match_native() {
    for (file, text) in EXTRA {
        let scenario = Scenario::parse(file, text).unwrap();
        // Small chunks: stepping must not change the result either.
        assert_eq!(
            fingerprint(&scenario, 1_000).await,
            golden(&scenario.name),
            "{file}"
        );
    }
}

#[wasm_bindgen_test]
async fn presets_match_native() {
    // `stress` is checked in its shortened form by worker/tests/sim_stress.rs.
    for preset in presets::PRESETS.iter().filter(|p| p.name != "stress") {
        let scenario = presets::scenario(preset);
        assert_eq!(
            fingerprint(&scenario, 100_000).await,
            golden(preset.name),
            "{}",
            preset.name
        );
    }
}

#[wasm_bindgen_test]
fn a_broken_scenario_is_rejected_with_line_and_key_in_wasm() {
    let e = Scenario::parse(
        "broken.toml",
        "name = \"b\"\n[workload]\nrequests = 1\n[orchestrator]\nmax_parallel = 0\n",
    )
    .unwrap_err();
    assert_eq!(e.line, Some(5));
    assert_eq!(e.key.as_deref(), Some("orchestrator.max_parallel"));
}

#[wasm_bindgen_test]
async fn speed_in_wasm() {
    // Prints events/s (run with `--release -- --nocapture` for the figure in
    // docs/simulation.md); asserts only the event count, which is exact.
    // The best of three runs: the first also pays for the browser's tiering compiler.
    let scenario = Scenario::parse("mmc.toml", benchdash_sim::presets::SPEED_MMC).unwrap();
    let mut best = f64::INFINITY;
    let mut events = 0;
    for _ in 0..3 {
        let start = now();
        let mut sim = Simulation::new(&scenario, None);
        while !sim.advance(100_000).done {
            gloo_timers::future::TimeoutFuture::new(0).await;
        }
        best = best.min(now() - start);
        events = sim.progress().events;
    }
    console_log!(
        "sim/mmc in wasm: {events} events in {best} ms (best of 3) = {:.2} M events/s",
        events as f64 / best / 1000.0
    );
    assert_eq!(events, 400_000);
}
