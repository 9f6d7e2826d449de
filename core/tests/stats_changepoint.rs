//! Calibration of the change-point search (`stats::changepoint`, `trend`), default options,
//! seeded so that they never flake; the measured rates are printed (`--nocapture`) and
//! recorded in docs/statistics.md.
//!
//! - 400 stationary series of 365 points in each of four noise families (Gaussian 2 %,
//!   lognormal 2 %, Student-t with 3 degrees of freedom scaled to 2 %, Gaussian 2 % with 1 %
//!   of points spiked by 5 to 20 σ): at most 4 false change points per family (1 per 100).
//! - Steps of 5 % and 10 % in 2 % Gaussian noise at uniform positions (each side at least the
//!   minimum segment, 10 points at 365): at least 95 % found within ±2 points.
//! - A linear drift of 20 % over 300 points in 2 % noise: at most 3 change points in any
//!   series.
//! - A single 10 σ spike (first, second, middle, second last or last point): no change point.
//! - A history of 365 runs × 200 benchmarks through `trend::analyze`, 3 % noise, 20
//!   benchmarks each stepping +12 % and back (40 real steps): at least 38 found within ±2
//!   points and at most 2 others.
//!
//! cargo test --release -p benchdash-core --test stats_changepoint -- --nocapture
// The expected values are computed natively only, with std's float functions: an oracle
// need not be bit-portable (clippy.toml's rule is for core's and the simulation's code).
#![allow(clippy::disallowed_methods)]

use std::collections::BTreeMap;

use benchdash_core::compare::{Status, Verdict};
use benchdash_core::run::RunFile;
use benchdash_core::stats::changepoint::{detect, min_segment, Options};
use benchdash_core::thresholds::Thresholds;
use benchdash_core::trend;
use rand_xoshiro::rand_core::{Rng, SeedableRng};
use rand_xoshiro::Xoshiro256PlusPlus;

fn uniform(rng: &mut Xoshiro256PlusPlus) -> f64 {
    ((rng.next_u64() >> 11) as f64 + 0.5) / (1u64 << 53) as f64
}

fn gaussian(rng: &mut Xoshiro256PlusPlus) -> f64 {
    let (a, b) = (uniform(rng), uniform(rng));
    libm::sqrt(-2.0 * libm::log(a)) * libm::cos(std::f64::consts::TAU * b)
}

/// Student's t with 3 degrees of freedom, scaled to unit variance.
fn student_t3(rng: &mut Xoshiro256PlusPlus) -> f64 {
    let z = gaussian(rng);
    let chi2: f64 = (0..3).map(|_| gaussian(rng).powi(2)).sum();
    z / libm::sqrt(chi2 / 3.0) / libm::sqrt(3.0)
}

#[derive(Debug, Clone, Copy)]
enum Noise {
    Gaussian,
    Lognormal,
    StudentT3,
    Outliers,
}

/// A point of level `level` with 2 % noise of the family.
fn point(rng: &mut Xoshiro256PlusPlus, level: f64, noise: Noise) -> f64 {
    match noise {
        Noise::Gaussian => level * (1.0 + 0.02 * gaussian(rng)),
        Noise::Lognormal => level * libm::exp(0.02 * gaussian(rng)),
        Noise::StudentT3 => level * (1.0 + 0.02 * student_t3(rng)),
        Noise::Outliers => {
            let x = level * (1.0 + 0.02 * gaussian(rng));
            if uniform(rng) < 0.01 {
                x * (1.0 + 0.02 * (5.0 + 15.0 * uniform(rng)))
            } else {
                x
            }
        }
    }
}

fn stationary(seed: u64, len: usize, noise: Noise) -> Vec<f64> {
    let mut rng = Xoshiro256PlusPlus::seed_from_u64(seed);
    (0..len).map(|_| point(&mut rng, 100.0, noise)).collect()
}

#[test]
fn stationary_series_have_at_most_one_false_change_point_per_100() {
    for (k, noise) in [
        Noise::Gaussian,
        Noise::Lognormal,
        Noise::StudentT3,
        Noise::Outliers,
    ]
    .into_iter()
    .enumerate()
    {
        let (mut alarms, mut series_with) = (0, 0);
        for seed in 0..400u64 {
            let z = stationary(10_000 * (k as u64 + 1) + seed, 365, noise);
            assert!(z.iter().all(|&x| x > 0.0));
            let n = detect(&z, &Options::default()).len();
            alarms += n;
            series_with += usize::from(n > 0);
        }
        eprintln!(
            "stationary {noise:?}: {alarms} false change points in {series_with} of 400 series"
        );
        assert!(alarms <= 4, "{noise:?}: {alarms} false change points");
    }
}

#[test]
fn steps_of_5_and_10_percent_are_found_within_two_points() {
    let n = 365;
    let l = min_segment(n);
    for step in [0.05, 0.10] {
        let (mut found, mut extra) = (0, 0);
        let trials = 200;
        for seed in 0..trials {
            let mut rng = Xoshiro256PlusPlus::seed_from_u64(77_000 + seed + (step * 1000.0) as u64);
            let at = l + (rng.next_u64() % (n - 2 * l + 1) as u64) as usize;
            let z: Vec<f64> = (0..n)
                .map(|i| {
                    let level = if i >= at { 100.0 * (1.0 + step) } else { 100.0 };
                    point(&mut rng, level, Noise::Gaussian)
                })
                .collect();
            let cps = detect(&z, &Options::default());
            let hit = cps.iter().any(|c| c.index.abs_diff(at) <= 2);
            found += usize::from(hit);
            extra += cps.len() - usize::from(hit);
        }
        eprintln!(
            "step {}%: {found} of {trials} found within ±2; {extra} other change points",
            step * 100.0
        );
        assert!(found * 100 >= 95 * trials as usize, "{step}: {found}");
    }
}

#[test]
fn a_linear_drift_gives_at_most_three_change_points() {
    let (mut total, mut most) = (0, 0);
    let trials = 200;
    for seed in 0..trials {
        let mut rng = Xoshiro256PlusPlus::seed_from_u64(88_000 + seed);
        let z: Vec<f64> = (0..300)
            .map(|i| {
                point(
                    &mut rng,
                    100.0 * (1.0 + 0.2 * i as f64 / 299.0),
                    Noise::Gaussian,
                )
            })
            .collect();
        let n = detect(&z, &Options::default()).len();
        total += n;
        most = most.max(n);
    }
    eprintln!("drift: {total} change points in {trials} series, at most {most} in one");
    assert!(most <= 3, "{most}");
}

#[test]
fn a_single_ten_sigma_spike_is_no_change_point() {
    let n = 365;
    let mut tried = 0;
    for seed in 0..200u64 {
        let base = stationary(99_000 + seed, n, Noise::Gaussian);
        if !detect(&base, &Options::default()).is_empty() {
            // A false alarm of the noise itself (counted by the stationary test).
            continue;
        }
        for at in [0, 1, n / 2, n - 2, n - 1] {
            let mut z = base.clone();
            z[at] *= 1.2; // 10 σ of 2 % noise
            let cps = detect(&z, &Options::default());
            assert!(cps.is_empty(), "seed {seed}, spike at {at}: {cps:?}");
            // And downward.
            let mut z = base.clone();
            z[at] *= 0.8;
            let cps = detect(&z, &Options::default());
            assert!(cps.is_empty(), "seed {seed}, dip at {at}: {cps:?}");
            tried += 2;
        }
    }
    eprintln!("spike: no change point in {tried} spiked series");
    assert!(tried >= 900);
}

/// `runs` runs; `level(run, benchmark)` is each benchmark's true level, with 3 % Gaussian
/// noise on it.
fn history(
    seed: u64,
    runs: usize,
    benchmarks: usize,
    level: impl Fn(usize, usize) -> f64,
) -> Vec<RunFile> {
    let mut rng = Xoshiro256PlusPlus::seed_from_u64(seed);
    benchdash_core::testing::history::history(runs, benchmarks, |r, b| {
        level(r, b) * (1.0 + 0.03 * gaussian(&mut rng))
    })
}

#[test]
fn a_history_of_365_runs_by_200_benchmarks_finds_its_40_steps_and_little_else() {
    // Benchmarks 0, 10, …, 190 step +12 % at `up` and back at `down`, both drawn at random.
    let mut rng = Xoshiro256PlusPlus::seed_from_u64(2026);
    let steps: BTreeMap<usize, (usize, usize)> = (0..20)
        .map(|i| {
            let up = 20 + (rng.next_u64() % 150) as usize;
            let down = up + 30 + (rng.next_u64() % (315 - up) as u64) as usize;
            (i * 10, (up, down))
        })
        .collect();
    let runs = history(7, 365, 200, |r, b| match steps.get(&b) {
        Some(&(up, down)) if (up..down).contains(&r) => 112.0,
        _ => 100.0,
    });
    let t = trend::analyze(&runs, &trend::Options::default()).unwrap();
    let (mut found, mut others) = (0, Vec::new());
    for c in &t.change_points {
        let b: usize = c.benchmark["bench".len()..].parse().unwrap();
        let near = |at: usize| c.index.abs_diff(at) <= 2;
        match steps.get(&b) {
            Some(&(up, down)) if near(up) || near(down) => {
                found += 1;
                let want = if near(up) {
                    Verdict::Regressed
                } else {
                    Verdict::Improved
                };
                assert_eq!(c.verdict, want, "{c:?}");
            }
            _ => others.push((
                c.benchmark.clone(),
                c.index,
                c.change,
                c.p_value,
                steps.get(&b),
            )),
        }
    }
    eprintln!(
        "history 365 × 200: {found} of 40 steps found within ±2; {} others {others:?}",
        others.len()
    );
    assert!(found >= 38, "{found}");
    assert!(others.len() <= 2, "{others:?}");
}

#[test]
fn recent_regressions_are_judged_by_the_policy() {
    // 100 runs: minimum segment 5, so by default a change point counts while it is among the
    // newest 10 runs; 20 here.
    let runs = history(11, 100, 6, |r, b| match b {
        0 if r >= 85 => 112.0,               // +12 %, 15 runs ago: fail
        1 if r >= 85 => 109.0,               // +9 %: warn
        2 if r >= 85 => 88.0,                // −12 %: an improvement
        3 if (50..75).contains(&r) => 112.0, // regressed and fixed
        4 if r >= 50 => 112.0,               // regressed long ago, never fixed
        _ => 100.0,
    });
    let options = trend::Options::default();
    let t = trend::analyze(&runs, &options).unwrap();
    let th = Thresholds::default();
    let cp = &options.changepoint;
    let none = t.recent_regressions(&th, cp, None);
    assert!(none.is_empty(), "{none:?}");
    assert_eq!(t.recent_status(&th, cp, None), Status::Pass);
    let recent = t.recent_regressions(&th, cp, Some(20));
    let got: Vec<(&str, usize, Status)> = recent
        .iter()
        .map(|r| {
            (
                r.change_point.benchmark.as_str(),
                r.change_point.index,
                r.status,
            )
        })
        .collect();
    assert_eq!(
        got,
        [("bench0", 85, Status::Fail), ("bench1", 85, Status::Warn)],
        "{:?}",
        t.change_points
    );
    assert_eq!(recent[0].limit, 0.10);
    assert_eq!(t.recent_status(&th, cp, Some(20)), Status::Fail);
    // Looking back 60 runs brings in bench4's old regression, not bench3's fixed one.
    let wide = t.recent_regressions(&th, cp, Some(60));
    let names: Vec<&str> = wide
        .iter()
        .map(|r| r.change_point.benchmark.as_str())
        .collect();
    assert_eq!(names, ["bench0", "bench1", "bench4"]);
    // A looser policy passes what the default only warns about.
    let loose =
        Thresholds::parse("t.toml", "[regression]\nwarn = \"11%\"\nfail = \"20%\"\n").unwrap();
    let loose_status: Vec<Status> = t
        .recent_regressions(&loose, cp, Some(20))
        .iter()
        .map(|r| r.status)
        .collect();
    assert_eq!(loose_status, [Status::Warn]);
}
