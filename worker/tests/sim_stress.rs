//! `stress` in headless Chromium: its first 800,000 requests (`stress-short`, built by
//! `benchdash_sim::presets::short_stress` the same way natively and here) give exactly the
//! fingerprint core computes natively (tests/data/sim-determinism.txt, checked by
//! sim/tests/sim_determinism.rs, which also checks the whole preset). The cut keeps what
//! `stress` adds to the other presets: a ramp past the capacity of a bounded admission queue,
//! tens of thousands of requests queued at once, and a breaking point found from the ramp's
//! windows.
//!
//! A test file of its own, because wasm-bindgen-test gives each file (one browser page) 20 s
//! and this one takes several seconds in an unoptimised test build (worker/tests/sim.rs
//! checks every other preset).

use benchdash_sim::{self as sim, presets, Simulation};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

const GOLDEN: &str = include_str!("../../tests/data/sim-determinism.txt");

#[wasm_bindgen_test]
async fn short_stress_matches_native() {
    let scenario = presets::short_stress();
    let want = GOLDEN
        .lines()
        .find_map(|l| l.strip_prefix("stress-short "))
        .expect("stress-short is in the golden list");
    let mut sim = Simulation::new(&scenario, None);
    // Chunks with a yield to the browser between them, as the dashboard runs a simulation.
    while !sim.advance(500_000).done {
        gloo_timers::future::TimeoutFuture::new(0).await;
    }
    let run = sim.finish(&scenario.name, "2026-01-01T00:00:00Z");
    let bench = &run.benchmarks[0];
    assert!(
        bench.metrics.contains_key("breaking_point"),
        "the cut reaches the breaking point"
    );
    assert_eq!(sim::fingerprint(&run), want);
}
