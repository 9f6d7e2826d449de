//! Calibration of the verdict rule by simulation (docs/statistics.md states the figures).
//!
//! - A/A: 1,000 comparisons of two samples from the same lognormal distribution. A
//!   `regressed` verdict needs Welch's p < 0.05 *and* the interval above +noise in the bad
//!   direction, so its rate is bounded by the one-sided half of the significance level,
//!   2.5 %. With noise = 0 (the loosest policy) the test allows 2.5 % + 1.5 % (three binomial
//!   standard errors of 1,000 trials at 2.5 % ≈ 1.5 %); with the default 1 % noise band no
//!   false regression is expected at all, and at most 0.5 % are allowed.
//! - A/B: a 5 % slowdown, n = 50 on each side, lognormal with σ = 0.05 (a 5 % coefficient of
//!   variation): `regressed` in at least 90 % of 400 comparisons.
//!
//! The samples come from a seeded xoshiro256++, so the figures are the same on every run.
// The expected values are computed natively only, with std's float functions: an oracle
// need not be bit-portable (clippy.toml's rule is for core's and the simulation's code).
#![allow(clippy::disallowed_methods)]

use std::collections::BTreeMap;

use benchdash_core::compare::{compare, Verdict};
use benchdash_core::run::{Benchmark, Better, Metric, RunFile};
use benchdash_core::thresholds::Thresholds;
use rand_xoshiro::rand_core::{Rng, SeedableRng};
use rand_xoshiro::Xoshiro256PlusPlus;

struct Normal(Xoshiro256PlusPlus);

impl Normal {
    fn uniform(&mut self) -> f64 {
        ((self.0.next_u64() >> 11) as f64 + 0.5) / (1u64 << 53) as f64
    }
    /// Box–Muller.
    fn next(&mut self) -> f64 {
        let (u, v) = (self.uniform(), self.uniform());
        (-2.0 * u.ln()).sqrt() * (std::f64::consts::TAU * v).cos()
    }
    fn lognormal(&mut self, n: usize, median: f64, sigma: f64) -> Vec<f64> {
        (0..n)
            .map(|_| median * (sigma * self.next()).exp())
            .collect()
    }
}

fn run(samples: Vec<f64>) -> RunFile {
    let mut r = RunFile::new("r", "2026-11-24T00:00:00Z");
    let mut metrics = BTreeMap::new();
    metrics.insert(
        "latency".to_string(),
        Metric {
            unit: "ms".into(),
            better: Better::Lower,
            value: None,
            summary: None,
            samples,
            extra: None,
        },
    );
    r.benchmarks.push(Benchmark {
        timeline: None,
        name: "b".into(),
        params: BTreeMap::new(),
        metrics,
        extra: None,
    });
    r
}

fn verdicts(
    trials: usize,
    n: usize,
    shift: f64,
    thresholds: &Thresholds,
    seed: u64,
) -> BTreeMap<&'static str, usize> {
    let mut rng = Normal(Xoshiro256PlusPlus::seed_from_u64(seed));
    let mut counts = BTreeMap::new();
    for _ in 0..trials {
        let a = run(rng.lognormal(n, 100.0, 0.05));
        let b = run(rng.lognormal(n, 100.0 * (1.0 + shift), 0.05));
        let c = compare(&a, &b, thresholds).unwrap();
        *counts.entry(c.rows[0].verdict.as_str()).or_insert(0) += 1;
    }
    counts
}

fn thresholds(noise: &str) -> Thresholds {
    // 1,000 resamples keep the debug-build test fast; the verdict's false-positive bound comes
    // from the p-value, which does not depend on the resamples.
    let text = format!("[regression]\nnoise = \"{noise}\"\nresamples = 1000\n");
    Thresholds::parse("calibration.toml", &text).unwrap()
}

#[test]
fn a_a_comparisons_rarely_regress() {
    let trials = 1_000;
    let loose = verdicts(trials, 30, 0.0, &thresholds("0%"), 1);
    let regressed = loose.get(Verdict::Regressed.as_str()).copied().unwrap_or(0);
    eprintln!("A/A, noise 0%: {loose:?}");
    assert!(
        regressed as f64 / trials as f64 <= 0.025 + 0.015,
        "A/A regressed {regressed} of {trials} with noise 0%"
    );
    // Below the significance level overall (both directions): at most 5 % + 2 %.
    let unchanged = loose.get("unchanged").copied().unwrap_or(0);
    assert!(
        (trials - unchanged) as f64 / trials as f64 <= 0.07,
        "{loose:?}"
    );

    let default = verdicts(trials, 30, 0.0, &thresholds("1%"), 2);
    eprintln!("A/A, noise 1%: {default:?}");
    let regressed = default.get("regressed").copied().unwrap_or(0);
    assert!(regressed as f64 / trials as f64 <= 0.005, "{default:?}");
}

#[test]
fn a_five_percent_slowdown_is_detected() {
    let trials = 400;
    let counts = verdicts(trials, 50, 0.05, &thresholds("1%"), 3);
    eprintln!("A/B, +5%, n = 50: {counts:?}");
    let regressed = counts.get("regressed").copied().unwrap_or(0);
    assert!(
        regressed as f64 / trials as f64 >= 0.90,
        "detected {regressed} of {trials}"
    );
}

/// The same A/A and A/B figures with the default 2,000 resamples and more trials, for
/// docs/statistics.md. Slow in a debug build:
/// cargo test --release -p benchdash-core --test stats_calibration -- --ignored --nocapture
#[test]
#[ignore]
fn calibration_with_defaults_and_more_trials() {
    let t = Thresholds::default();
    let aa = verdicts(5_000, 30, 0.0, &t, 11);
    eprintln!("A/A, defaults, n = 30, 5000 trials: {aa:?}");
    let ab = verdicts(2_000, 50, 0.05, &t, 12);
    eprintln!("A/B, +5%, defaults, n = 50, 2000 trials: {ab:?}");
    assert!(aa.get("regressed").copied().unwrap_or(0) as f64 / 5000.0 <= 0.025);
    assert!(ab.get("regressed").copied().unwrap_or(0) as f64 / 2000.0 >= 0.90);
}
