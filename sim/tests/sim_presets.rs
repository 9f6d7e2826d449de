//! The presets give the model's own closed-form figures (sums of means, Little's law,
//! retry arithmetic, the modeled memory line, the capacity of the stress scenario). These
//! are checks of the presets against the model, not against the seeds: docs/simulation.md
//! sets each simulated figure beside the seed's and says why they differ.
// The expected values are computed natively only, with std's float functions: an oracle
// need not be bit-portable (clippy.toml's rule is for core's and the simulation's code).
#![allow(clippy::disallowed_methods)]

use benchdash_core::run::{Benchmark, RunFile};
use benchdash_sim::{presets, Simulation};

fn run(name: &str) -> RunFile {
    let scenario = presets::scenario(presets::find(name).unwrap());
    Simulation::new(&scenario, None).finish(name, "2026-01-01T00:00:00Z")
}

fn value(b: &Benchmark, metric: &str) -> f64 {
    b.metrics[metric].headline().unwrap()
}

fn close(got: f64, want: f64, tol: f64, what: &str) {
    assert!(
        (got - want).abs() <= tol,
        "{what}: got {got}, want {want} ± {tol}"
    );
}

#[test]
fn single_and_sequential_are_sums_of_means() {
    // 156 + 298 + 33 = 487 ms; per-request sd ≈ 23 ms, n = 1000: standard error 0.73 ms.
    let r = run("single-tool");
    close(value(&r.benchmarks[0], "latency"), 487.0, 3.0, "single");
    // 156 + 5 × 298 + 33 = 1679 ms; sd ≈ 45 ms: standard error 1.4 ms.
    let r = run("sequential-5");
    close(
        value(&r.benchmarks[0], "latency"),
        1679.0,
        6.0,
        "sequential",
    );
    // One call after another: nothing parallel to speed up, so no speedup is reported.
    assert!(!r.benchmarks[0].metrics.contains_key("speedup"));
    let r = run("single-tool");
    assert!(!r.benchmarks[0].metrics.contains_key("efficiency"));
}

#[test]
fn memory_is_the_modeled_line() {
    let r = run("memory-parallel");
    for (b, calls) in r.benchmarks.iter().zip([1.0, 10.0, 50.0, 100.0]) {
        close(value(b, "memory_peak"), 45.0 + 6.8 * calls, 1e-9, &b.name);
    }
}

#[test]
fn error_recovery_follows_retry_arithmetic() {
    // A request of 10 calls fails when one call fails r + 1 times: 1 − (1 − 0.1^(r+1))^10.
    // n = 2000: standard errors 0.011, 0.0066, 0.0022, 0.0007; tolerances 4 of them.
    let r = run("error-recovery");
    for (b, (retries, tol)) in
        r.benchmarks
            .iter()
            .zip([(0, 0.044), (1, 0.027), (2, 0.009), (3, 0.003)])
    {
        let p = 1.0 - (1.0 - 0.1f64.powi(retries + 1)).powi(10);
        close(value(b, "error_rate"), p, tol, &b.name);
    }
}

#[test]
fn concurrent_users_obey_littles_law() {
    // Closed, no think time: X = N / R for every point (edge effects < 1 %).
    let r = run("concurrent-users");
    for (b, n) in r.benchmarks.iter().zip([10.0, 50.0, 100.0, 200.0]) {
        let x = value(b, "throughput");
        let rt = value(b, "latency") / 1000.0;
        close(x, n / rt, 0.01 * x, &b.name);
    }
}

#[test]
fn rate_limited_presets_hold_their_rates() {
    let r = run("sliding-window-500");
    let b = &r.benchmarks[0];
    close(
        value(b, "rate_limit_accuracy"),
        1.0,
        0.001,
        "window accuracy",
    );
    close(value(b, "throughput"), 500.0, 2.0, "window throughput");
    let r = run("token-bucket-100");
    close(value(&r.benchmarks[0], "throughput"), 100.0, 0.5, "bucket");
}

#[test]
fn the_circuit_breaker_opens_once_and_recovers() {
    // Down 30 s–60 s at 20 req/s: 3 failures open it, it refuses for 30 s (≈ 600 requests),
    // the probes after 60 s succeed. Poisson arrivals: ± 4 √600 ≈ 100.
    let r = run("circuit-breaker");
    let b = &r.benchmarks[0];
    assert_eq!(value(b, "breaker_trips"), 1.0);
    close(value(b, "rejected"), 600.0, 100.0, "refused");
}

#[test]
fn stress_breaks_just_above_its_capacity() {
    // 264 slots / 220 ms = 1200 req/s. The ramp rises 1.1 req/s per second; past capacity
    // the backlog after τ s is ≈ 0.55 τ², and p95 passes 500 ms once the wait reaches
    // ≈ 250 ms (backlog 300, τ ≈ 23 s, +25 req/s). Windows are 18 s (±20 req/s).
    let r = run("stress");
    let bp = value(&r.benchmarks[0], "breaking_point");
    assert!((1190.0..1260.0).contains(&bp), "{bp}");
}
