//! Fieller's interval of the relative change of the mean (docs/statistics.md, "Confidence
//! intervals"): it agrees with Welch's test case by case, and covers the true change at its
//! nominal rate. The oracle for its values is tests/reference (stats_reference.rs).
//!
//! cargo test --release -p benchdash-core --test stats_interval -- --nocapture
// The expected values are computed natively only, with std's float functions: an oracle
// need not be bit-portable (clippy.toml's rule is for core's and the simulation's code).
#![allow(clippy::disallowed_methods)]

use std::collections::BTreeMap;

use benchdash_core::compare::compare;
use benchdash_core::run::{Benchmark, Better, Metric, RunFile, Summary};
use benchdash_core::stats::inference::{self, RatioSet};
use benchdash_core::stats::{bootstrap, Stat};
use benchdash_core::thresholds::Thresholds;
use rand_xoshiro::rand_core::{Rng, SeedableRng};
use rand_xoshiro::Xoshiro256PlusPlus;

struct Draw(Xoshiro256PlusPlus);

impl Draw {
    fn uniform(&mut self) -> f64 {
        ((self.0.next_u64() >> 11) as f64 + 0.5) / (1u64 << 53) as f64
    }
    /// Box–Muller.
    fn normal(&mut self) -> f64 {
        let (u, v) = (self.uniform(), self.uniform());
        (-2.0 * u.ln()).sqrt() * (std::f64::consts::TAU * v).cos()
    }
    fn normals(&mut self, n: usize, mean: f64, sd: f64) -> Vec<f64> {
        (0..n).map(|_| mean + sd * self.normal()).collect()
    }
    fn below(&mut self, n: u64) -> u64 {
        self.0.next_u64() % n
    }
}

/// The interval leaves out a change of 0 exactly when Welch's two-sided p-value is below
/// 1 − level, over 20,000 seeded summaries chosen to put many near the boundary (a t statistic
/// drawn around the critical value), baselines near zero and negative ones included. Only
/// floating-point ties, where p equals 1 − level to 1e-12, may go either way.
#[test]
fn the_interval_leaves_out_zero_exactly_when_welch_rejects() {
    let mut r = Draw(Xoshiro256PlusPlus::seed_from_u64(20_261_202));
    let (mut cases, mut ties, mut excluded) = (0, 0, 0);
    for i in 0..20_000 {
        let level = [0.8, 0.9, 0.95, 0.99][i % 4];
        let (na, nb) = (2.0 + r.below(60) as f64, 2.0 + r.below(60) as f64);
        let sd_a = 10.0 * (0.1 + 2.0 * r.uniform());
        let sd_b = 10.0 * (0.1 + 2.0 * r.uniform());
        let se = (sd_a * sd_a / na + sd_b * sd_b / nb).sqrt();
        let mean_a = match i % 5 {
            0 => r.normal() * sd_a / na.sqrt() * 3.0, // near zero: unbounded sets
            1 => -100.0 - 50.0 * r.uniform(),
            _ => 100.0 + 50.0 * r.uniform(),
        };
        // A t statistic around the critical value (about 1.3 to 2.6), either sign.
        let t = (1.0 + 2.0 * r.uniform()) * if r.below(2) == 0 { 1.0 } else { -1.0 };
        let mean_b = mean_a + t * se;
        let test = inference::welch_from_summary(mean_a, sd_a, na, mean_b, sd_b, nb).unwrap();
        let set =
            inference::fieller_from_summary(mean_a, sd_a, na, mean_b, sd_b, nb, level).unwrap();
        let alpha = 1.0 - level;
        cases += 1;
        if (test.p_value - alpha).abs() <= 1e-12 {
            ties += 1;
            continue;
        }
        let leaves_out = !set.contains(0.0);
        excluded += leaves_out as usize;
        assert_eq!(
            leaves_out,
            test.p_value < alpha,
            "case {i}: {mean_a} ± {sd_a} (n {na}) → {mean_b} ± {sd_b} (n {nb}), level \
             {level}: p = {}, set {set:?}",
            test.p_value
        );
    }
    eprintln!("{cases} cases, {excluded} leave out 0, {ties} ties");
    assert!(ties * 1000 < cases, "{ties} ties");
    assert!(
        excluded > cases / 4 && excluded < cases * 3 / 4,
        "{excluded}"
    );
}

/// The same from samples, through `fieller` and `welch`.
#[test]
fn from_samples_too() {
    let mut r = Draw(Xoshiro256PlusPlus::seed_from_u64(7));
    for i in 0..2_000 {
        let (na, nb) = (2 + r.below(40) as usize, 2 + r.below(40) as usize);
        let shift = 0.15 * (r.uniform() - 0.5);
        let a = r.normals(na, 100.0, 8.0);
        let b = r.normals(nb, 100.0 * (1.0 + shift), 12.0);
        let p = inference::welch(&a, &b).unwrap().p_value;
        let set = inference::fieller(&a, &b, 0.95).unwrap();
        if (p - 0.05).abs() > 1e-12 {
            assert_eq!(!set.contains(0.0), p < 0.05, "case {i}: p = {p}, {set:?}");
        }
    }
}

fn run(metric: Metric) -> RunFile {
    let mut r = RunFile::new("r", "2026-12-02T00:00:00Z");
    r.benchmarks.push(Benchmark {
        timeline: None,
        name: "b".into(),
        params: BTreeMap::new(),
        metrics: [("latency".to_string(), metric)].into_iter().collect(),
        extra: None,
    });
    r
}

fn samples(xs: Vec<f64>) -> Metric {
    Metric {
        unit: "ms".into(),
        better: Better::Lower,
        value: None,
        summary: None,
        samples: xs,
        extra: None,
    }
}

/// Coverage: 2,000 seeded pairs of normal samples (baseline 100 ± 10, n = 20; candidate
/// 105 ± 15, n = 30, a true change of +5 %), through `compare` with the default policy. The
/// nominal 95 % interval must cover +5 % in 93 % to 97 % of them (docs/statistics.md records
/// the rate).
#[test]
fn the_95_percent_interval_covers_the_true_change() {
    let mut r = Draw(Xoshiro256PlusPlus::seed_from_u64(95));
    let t = Thresholds::default();
    let trials = 2_000;
    let mut covered = 0;
    for _ in 0..trials {
        let a = r.normals(20, 100.0, 10.0);
        let b = r.normals(30, 105.0, 15.0);
        let row = &compare(&run(samples(a.clone())), &run(samples(b.clone())), &t)
            .unwrap()
            .rows[0];
        let [lo, hi] = row.ci.expect("a bounded interval");
        let direct = inference::fieller(&a, &b, 0.95).unwrap().bounded().unwrap();
        assert_eq!([direct.lower, direct.upper], [lo, hi]);
        covered += (lo <= 0.05 && 0.05 <= hi) as usize;
    }
    let rate = covered as f64 / trials as f64;
    eprintln!("Fieller 95 % interval covers +5 %: {covered} of {trials} ({rate:.4})");
    assert!((0.93..=0.97).contains(&rate), "{rate}");
}

/// `compare` gives summary-only rows Fieller's interval too, and decides them by it; an
/// unbounded set gives no interval; `interval = "bootstrap"` brings back the bootstrap; other
/// stats keep the bootstrap.
#[test]
fn compare_chooses_the_interval() {
    let summary = |mean: f64, sd: f64, n: u64| Metric {
        summary: Some(Summary {
            n: Some(n),
            mean: Some(mean),
            stddev: Some(sd),
            ..Summary::default()
        }),
        ..samples(vec![])
    };
    let t = Thresholds::default();
    let row = compare(
        &run(summary(487.0, 23.0, 100)),
        &run(summary(512.0, 25.0, 100)),
        &t,
    )
    .unwrap()
    .rows
    .remove(0);
    let want = inference::fieller_from_summary(487.0, 23.0, 100.0, 512.0, 25.0, 100.0, 0.95)
        .unwrap()
        .bounded()
        .unwrap();
    assert_eq!(row.ci, Some([want.lower, want.upper]));
    assert_eq!(row.test, benchdash_core::compare::Test::WelchSummary);
    assert_eq!(row.verdict.as_str(), "regressed");
    // Significant, but the interval reaches into the 1 % noise band: noise, not regressed.
    let row = compare(
        &run(summary(1000.0, 20.0, 200)),
        &run(summary(1008.0, 20.0, 200)),
        &t,
    )
    .unwrap()
    .rows
    .remove(0);
    assert!(row.p_value.unwrap() < 0.05, "{row:?}");
    assert_eq!(row.verdict.as_str(), "noise", "{row:?}");
    // A baseline mean within its noise of zero: Fieller's set is unbounded, so no interval.
    let row = compare(
        &run(summary(1.0, 5.0, 10)),
        &run(summary(10.0, 3.0, 10)),
        &t,
    )
    .unwrap()
    .rows
    .remove(0);
    assert!(matches!(
        inference::fieller_from_summary(1.0, 5.0, 10.0, 10.0, 3.0, 10.0, 0.95),
        Some(RatioSet::Outside { .. })
    ));
    assert_eq!(row.ci, None);

    let a: Vec<f64> = (0..30).map(|i| 100.0 + (i % 7) as f64).collect();
    let b: Vec<f64> = (0..30).map(|i| 104.0 + (i % 5) as f64).collect();
    let seed = bootstrap::seed_for(bootstrap::DEFAULT_SEED, &["b", "latency"]);
    let boot = Thresholds::parse("t.toml", "[regression]\ninterval = \"bootstrap\"\n").unwrap();
    let row = &compare(&run(samples(a.clone())), &run(samples(b.clone())), &boot)
        .unwrap()
        .rows[0];
    let want = bootstrap::relative_change_ci(&a, &b, Stat::Mean, 0.95, 2000, seed).unwrap();
    assert_eq!(row.ci, Some([want.lower, want.upper]));
    let mut median = t.clone();
    median.force_stat(Stat::Median);
    let row = &compare(&run(samples(a.clone())), &run(samples(b.clone())), &median)
        .unwrap()
        .rows[0];
    let want = bootstrap::relative_change_ci(&a, &b, Stat::Median, 0.95, 2000, seed).unwrap();
    assert_eq!(row.ci, Some([want.lower, want.upper]));
}
