//! `compare` at scale: two runs of 1,000 benchmarks with 100 samples each (the mean's interval
//! by Fieller's formula, the default; by the bootstrap with 2,000 resamples, `interval =
//! "bootstrap"`; and the median, which is always bootstrapped), plus the pieces on one pair of
//! samples, the change point search of a trend (the robust MOSUM search) on a 200-point
//! series, and a whole trend of 365 runs × 200 benchmarks (20 of them with two steps).
//!
//! cargo bench -p benchdash-core --bench compare
//! cargo bench -p benchdash-core --bench compare -- trend
//! Figures: docs/performance.md.

use std::collections::BTreeMap;

use benchdash_core::compare::compare;
use benchdash_core::run::{Benchmark, Better, Metric, RunFile};
use benchdash_core::stats::{bootstrap, changepoint, inference, Stat};
use benchdash_core::thresholds::Thresholds;
use benchdash_core::trend;
use criterion::{criterion_group, criterion_main, Criterion};
use rand_xoshiro::rand_core::{Rng, SeedableRng};
use rand_xoshiro::Xoshiro256PlusPlus;

fn samples(rng: &mut Xoshiro256PlusPlus, n: usize, centre: f64) -> Vec<f64> {
    (0..n)
        .map(|_| {
            // A sum of uniforms: cheap, roughly normal, deterministic.
            let u: f64 = (0..4)
                .map(|_| (rng.next_u64() >> 11) as f64 / (1u64 << 53) as f64)
                .sum();
            centre * (1.0 + 0.05 * (u - 2.0))
        })
        .collect()
}

/// A run of `benchmarks` benchmarks with `n` samples each; `shift` slows every third one.
pub fn synthetic_run(seed: u64, benchmarks: usize, n: usize, shift: f64) -> RunFile {
    let mut rng = Xoshiro256PlusPlus::seed_from_u64(seed);
    let mut run = RunFile::new(format!("run-{seed}"), "2026-11-24T00:00:00Z");
    run.run.id = Some(format!("run-{seed}"));
    for i in 0..benchmarks {
        let centre = 100.0 + i as f64;
        let centre = if i % 3 == 0 {
            centre * (1.0 + shift)
        } else {
            centre
        };
        let mut metrics = BTreeMap::new();
        metrics.insert(
            "time".to_string(),
            Metric {
                unit: "ns".into(),
                better: Better::Lower,
                value: None,
                summary: None,
                samples: samples(&mut rng, n, centre),
                extra: None,
            },
        );
        run.benchmarks.push(Benchmark {
            timeline: None,
            name: format!("group{}/bench{i}", i / 100),
            params: BTreeMap::new(),
            metrics,
            extra: None,
        });
    }
    run
}

fn benches(c: &mut Criterion) {
    let base = synthetic_run(1, 1000, 100, 0.0);
    let cand = synthetic_run(2, 1000, 100, 0.05);
    let t = Thresholds::default();
    let mut group = c.benchmark_group("compare");
    group.sample_size(10);
    group.bench_function("1000 benchmarks x 100 samples", |b| {
        b.iter(|| compare(&base, &cand, &t).unwrap())
    });
    let boot = Thresholds::parse("bench.toml", "[regression]\ninterval = \"bootstrap\"\n").unwrap();
    group.bench_function("1000 benchmarks x 100 samples, bootstrap", |b| {
        b.iter(|| compare(&base, &cand, &boot).unwrap())
    });
    let mut median = t.clone();
    median.force_stat(Stat::Median);
    group.bench_function("1000 benchmarks x 100 samples, median", |b| {
        b.iter(|| compare(&base, &cand, &median).unwrap())
    });
    group.finish();

    let a = &base.benchmarks[0].metrics["time"].samples;
    let b2 = &cand.benchmarks[0].metrics["time"].samples;
    c.bench_function("welch 100 vs 100", |b| b.iter(|| inference::welch(a, b2)));
    c.bench_function("mann-whitney 100 vs 100", |b| {
        b.iter(|| inference::mann_whitney(a, b2))
    });
    c.bench_function("fieller 100 vs 100", |b| {
        b.iter(|| inference::fieller(a, b2, 0.95))
    });
    c.bench_function("bootstrap mean 100 vs 100, 2000 resamples", |b| {
        b.iter(|| bootstrap::relative_change_ci(a, b2, Stat::Mean, 0.95, 2000, 7))
    });

    // A trend of 200 runs with a 10 % step half way: the dashboard's trend view at its budget.
    let mut rng = Xoshiro256PlusPlus::seed_from_u64(3);
    let mut series = samples(&mut rng, 100, 100.0);
    series.extend(samples(&mut rng, 100, 110.0));
    let options = changepoint::Options::default();
    c.bench_function("change points 200 points with a step", |b| {
        b.iter(|| changepoint::detect(&series, &options))
    });

    let history = history(365, 200);
    let mut group = c.benchmark_group("trend");
    group.sample_size(10);
    group.bench_function("365 runs x 200 benchmarks", |b| {
        b.iter(|| trend::analyze(&history, &trend::Options::default()).unwrap())
    });
    group.finish();
}

/// `runs` runs of `benchmarks` single-value benchmarks, 3 % noise; every tenth benchmark
/// steps +12 % at a third of the history and back at two thirds.
fn history(runs: usize, benchmarks: usize) -> Vec<RunFile> {
    let mut rng = Xoshiro256PlusPlus::seed_from_u64(4);
    benchdash_core::testing::history::history(runs, benchmarks, |r, i| {
        let up = i % 10 == 0 && (runs / 3..2 * runs / 3).contains(&r);
        let centre = if up { 112.0 } else { 100.0 };
        samples(&mut rng, 1, centre)[0]
    })
}

criterion_group!(group, benches);
criterion_main!(group);
