//! Change points (E-Divisive means with a permutation test, default options):
//! - a 10 % step at point 50 of 100, with 2 % Gaussian noise, is found within ±2 points in
//!   each of 20 seeded series;
//! - 200 stationary points (2 % noise) give no change point in at least 90 % of 40 seeded
//!   series (the permutation test at 0.05 allows about 5 % false alarms per test; the measured
//!   rate is printed and recorded in docs/statistics.md).

use benchdash_core::stats::changepoint::{e_divisive, Options};
use rand_xoshiro::rand_core::{Rng, SeedableRng};
use rand_xoshiro::Xoshiro256PlusPlus;

fn gaussian(rng: &mut Xoshiro256PlusPlus) -> f64 {
    let mut u = || ((rng.next_u64() >> 11) as f64 + 0.5) / (1u64 << 53) as f64;
    let (a, b) = (u(), u());
    (-2.0 * a.ln()).sqrt() * (std::f64::consts::TAU * b).cos()
}

fn series(seed: u64, len: usize, step_at: Option<usize>) -> Vec<f64> {
    let mut rng = Xoshiro256PlusPlus::seed_from_u64(seed);
    (0..len)
        .map(|i| {
            let level = if step_at.is_some_and(|s| i >= s) {
                110.0
            } else {
                100.0
            };
            level * (1.0 + 0.02 * gaussian(&mut rng))
        })
        .collect()
}

#[test]
fn a_ten_percent_step_is_found_within_two_points() {
    let mut extra = 0;
    for seed in 0..20 {
        let z = series(seed, 100, Some(50));
        let cps = e_divisive(&z, &Options::default());
        assert!(
            cps.iter().any(|c| c.index.abs_diff(50) <= 2),
            "seed {seed}: {cps:?}"
        );
        extra += cps.len() - 1;
    }
    eprintln!("step: 20 of 20 found within ±2; {extra} extra change points in all");
}

#[test]
fn stationary_series_mostly_have_none() {
    let seeds = 40;
    let clean = (0..seeds)
        .filter(|&seed| e_divisive(&series(1000 + seed, 200, None), &Options::default()).is_empty())
        .count();
    eprintln!("stationary: {clean} of {seeds} series without a change point");
    assert!(clean as f64 / seeds as f64 >= 0.90, "{clean} of {seeds}");
}

/// The false-alarm rate over many more series, for docs/statistics.md. Slow in a debug build:
/// cargo test --release -p benchdash-core --test stats_changepoint -- --ignored --nocapture
#[test]
#[ignore]
fn stationary_false_alarm_rate_over_400_series() {
    let seeds = 400;
    let alarms = (0..seeds)
        .filter(|&seed| {
            !e_divisive(&series(5000 + seed, 200, None), &Options::default()).is_empty()
        })
        .count();
    eprintln!("stationary: {alarms} of {seeds} series with a change point");
    assert!(alarms as f64 / seeds as f64 <= 0.10);
}
