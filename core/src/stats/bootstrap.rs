//! Bootstrap confidence intervals of the relative change of a stat between two samples.
//!
//! The percentile bootstrap: resample each side with replacement (independently, each to its
//! own size), compute (stat(candidate*) − stat(baseline*)) / |stat(baseline*)|, repeat, and
//! take the type-7 quantiles (1 − level)/2 and (1 + level)/2 of the resampled changes.
//!
//! Portability: the generator is xoshiro256++ (`rand_xoshiro`), seeded from a `u64` with
//! SplitMix64; indices come from the high half of a 64×64-bit product (Lemire's method, without
//! the rejection step: its bias is below n/2⁶⁴). Everything after that is +, −, ×, ÷ and sqrt,
//! which IEEE 754 rounds the same way everywhere, so the same input and seed give the same
//! interval, bit for bit, natively and in wasm.

use rand_xoshiro::rand_core::{Rng, SeedableRng};
use rand_xoshiro::Xoshiro256PlusPlus;
use serde::Serialize;

use super::descriptive::quantile_sorted;
use super::Stat;

/// Default number of resamples. Efron and Tibshirani suggest at least 1,000 for percentile
/// intervals; 2,000 keeps the 2.5 % and 97.5 % quantiles stable to about a tenth of the
/// interval's width while comparing 1,000 benchmarks in well under a second.
pub const DEFAULT_RESAMPLES: usize = 2_000;

/// Default seed (any fixed number would do; reproducibility is what matters).
pub const DEFAULT_SEED: u64 = 0x5EED_BE4C_DA5B;

/// A confidence interval.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Interval {
    pub lower: f64,
    pub upper: f64,
    pub level: f64,
}

/// The portable generator, seeded.
pub fn rng(seed: u64) -> Xoshiro256PlusPlus {
    Xoshiro256PlusPlus::seed_from_u64(seed)
}

/// A uniform index below `n` (n > 0).
#[inline]
pub fn index(rng: &mut Xoshiro256PlusPlus, n: usize) -> usize {
    ((rng.next_u64() as u128 * n as u128) >> 64) as usize
}

/// A stable 64-bit FNV-1a hash, to derive a per-row seed from names (independent of row order).
pub fn seed_for(base: u64, parts: &[&str]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325 ^ base;
    for part in parts {
        for &byte in part.as_bytes().iter().chain(std::iter::once(&0xff)) {
            h ^= byte as u64;
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
    }
    h
}

/// The percentile-bootstrap interval of the relative change of `stat` from `baseline` to
/// `candidate`, at `level` (e.g. 0.95). `None` when a side is empty, the stat is undefined for
/// the samples, or fewer than half of the resamples give a finite change (a baseline stat at
/// or around zero).
pub fn relative_change_ci(
    baseline: &[f64],
    candidate: &[f64],
    stat: Stat,
    level: f64,
    resamples: usize,
    seed: u64,
) -> Option<Interval> {
    if baseline.is_empty() || candidate.is_empty() || resamples == 0 {
        return None;
    }
    stat.of_samples(baseline)?;
    stat.of_samples(candidate)?;
    let mut rng = rng(seed);
    let mut buf_b = vec![0.0; baseline.len()];
    let mut buf_c = vec![0.0; candidate.len()];
    let mut changes = Vec::with_capacity(resamples);
    for _ in 0..resamples {
        let b = resampled_stat(&mut rng, baseline, &mut buf_b, stat);
        let c = resampled_stat(&mut rng, candidate, &mut buf_c, stat);
        if let (Some(b), Some(c)) = (b, c) {
            let change = (c - b) / b.abs();
            if change.is_finite() {
                changes.push(change);
            }
        }
    }
    if changes.len() * 2 < resamples {
        return None;
    }
    changes.sort_by(f64::total_cmp);
    let alpha = (1.0 - level.clamp(0.0, 1.0)) / 2.0;
    Some(Interval {
        lower: quantile_sorted(&changes, alpha),
        upper: quantile_sorted(&changes, 1.0 - alpha),
        level,
    })
}

fn resampled_stat(
    rng: &mut Xoshiro256PlusPlus,
    xs: &[f64],
    buf: &mut [f64],
    stat: Stat,
) -> Option<f64> {
    let n = xs.len();
    if matches!(stat, Stat::Mean | Stat::Value) {
        // The common case without the buffer.
        let mut sum = 0.0;
        for _ in 0..n {
            sum += xs[index(rng, n)];
        }
        return Some(sum / n as f64);
    }
    for slot in buf.iter_mut() {
        *slot = xs[index(rng, n)];
    }
    if stat.needs_sort() {
        buf.sort_unstable_by(f64::total_cmp);
        stat.of_sorted(buf)
    } else {
        stat.of_samples(buf)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_seed_same_interval() {
        let a: Vec<f64> = (0..30).map(|i| 100.0 + (i % 7) as f64).collect();
        let b: Vec<f64> = (0..30).map(|i| 105.0 + (i % 5) as f64).collect();
        let x = relative_change_ci(&a, &b, Stat::Mean, 0.95, 500, 7).unwrap();
        let y = relative_change_ci(&a, &b, Stat::Mean, 0.95, 500, 7).unwrap();
        assert_eq!(x, y);
        assert!(x.lower < x.upper);
        let z = relative_change_ci(&a, &b, Stat::Median, 0.95, 500, 7).unwrap();
        assert!(z.lower <= z.upper);
    }

    #[test]
    fn identical_constant_samples_give_a_zero_interval() {
        let a = [5.0; 10];
        let ci = relative_change_ci(&a, &a, Stat::Mean, 0.95, 200, 1).unwrap();
        assert_eq!((ci.lower, ci.upper), (0.0, 0.0));
    }

    #[test]
    fn seeds_depend_on_names_not_order() {
        assert_eq!(seed_for(1, &["a", "b"]), seed_for(1, &["a", "b"]));
        assert_ne!(seed_for(1, &["a", "b"]), seed_for(1, &["ab", ""]));
    }
}
