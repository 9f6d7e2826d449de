//! Bootstrap confidence intervals of the relative change of a stat between two samples.
//!
//! The percentile bootstrap: resample each side with replacement (independently, each to its
//! own size), compute (stat(candidate*) − stat(baseline*)) / |stat(baseline*)|, repeat, and
//! take the type-7 quantiles (1 − level)/2 and (1 + level)/2 of the resampled changes.
//!
//! Portability: the generator is xoshiro256++ (`rand_xoshiro`, through [`crate::random::Rng`]),
//! seeded from a `u64` with SplitMix64; an index below n is the high half of the product of n and a random word
//! (Lemire's method without the rejection step): two indices per 64-bit output from its 32-bit
//! halves for samples of up to 65,536 (bias below n/2³²), one per output beyond. Everything after that is +, −, ×, ÷ and sqrt,
//! which IEEE 754 rounds the same way everywhere, so the same input and seed give the same
//! interval, bit for bit, natively and in wasm.

use serde::Serialize;

use super::descriptive;
use super::Stat;
use crate::random::Rng;

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

/// The portable generator, seeded ([`crate::random::Rng`]).
pub fn rng(seed: u64) -> Rng {
    Rng::new(seed)
}

/// Calls `f` with `n` uniform indices below `n`. For samples of up to 65,536 observations each
/// 64-bit output gives two indices from its 32-bit halves (bias below n/2³² ≤ 1.5·10⁻⁵ of
/// each index's probability), which halves the generator's work; larger samples use
/// [`Rng::index`].
#[inline]
fn draw(rng: &mut Rng, n: usize, mut f: impl FnMut(usize)) {
    if n <= 1 << 16 {
        let m = n as u64;
        let mut left = n;
        while left >= 2 {
            let (i, j) = rng.index_pair(m);
            f(i);
            f(j);
            left -= 2;
        }
        if left == 1 {
            f(rng.index_half(m));
        }
    } else {
        for _ in 0..n {
            f(rng.index(n));
        }
    }
}

/// The mean of one resample of `xs`. Four running sums instead of one, so the additions do not
/// wait on each other (the sum of a resample is the hot loop of every comparison); their
/// order is fixed, so the result is the same bits on every target.
fn resampled_mean(rng: &mut Rng, xs: &[f64]) -> f64 {
    let n = xs.len();
    if n > 1 << 16 {
        let mut sum = 0.0;
        draw(rng, n, |i| sum += xs[i]);
        return sum / n as f64;
    }
    let m = n as u64;
    let (mut s0, mut s1, mut s2, mut s3) = (0.0, 0.0, 0.0, 0.0);
    let mut left = n;
    while left >= 4 {
        let (a, b) = rng.index_pair(m);
        let (c, d) = rng.index_pair(m);
        s0 += xs[a];
        s1 += xs[b];
        s2 += xs[c];
        s3 += xs[d];
        left -= 4;
    }
    for _ in 0..left {
        s0 += xs[rng.index_half(m)];
    }
    ((s0 + s1) + (s2 + s3)) / n as f64
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
    let mut side_b = Side::new(baseline, stat);
    let mut side_c = Side::new(candidate, stat);
    let mut changes = Vec::with_capacity(resamples);
    for _ in 0..resamples {
        let b = side_b.resampled_stat(&mut rng);
        let c = side_c.resampled_stat(&mut rng);
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
    let alpha = (1.0 - level.clamp(0.0, 1.0)) / 2.0;
    Some(Interval {
        lower: quantile_unsorted(&mut changes, alpha),
        upper: quantile_unsorted(&mut changes, 1.0 - alpha),
        level,
    })
}

/// The type-7 quantile `q` of finite values, by selection instead of a full sort (the values
/// at ranks ⌊h⌋ and ⌊h⌋ + 1 are exactly those a sort would put there). Reorders `v`.
fn quantile_unsorted(v: &mut [f64], q: f64) -> f64 {
    let n = v.len();
    let h = (n - 1) as f64 * q;
    let lo = (h.floor() as usize).min(n - 1);
    let (_, a, right) = v.select_nth_unstable_by(lo, f64::total_cmp);
    let a = *a;
    let b = right.iter().copied().reduce(f64::min).unwrap_or(a);
    a + (h - lo as f64) * (b - a)
}

/// One side's sample and scratch space for resampling it.
struct Side<'a> {
    xs: &'a [f64],
    stat: Stat,
    /// For order statistics: the sample sorted once, and how often each sorted observation
    /// was drawn. The k-th smallest value of a resample is then found by walking the counts,
    /// which gives exactly the value a sort of the resample would, in O(n) instead of
    /// O(n log n).
    sorted: Vec<f64>,
    counts: Vec<u32>,
    /// For the other stats: the resample itself.
    buf: Vec<f64>,
}

impl<'a> Side<'a> {
    fn new(xs: &'a [f64], stat: Stat) -> Side<'a> {
        let order = stat.needs_sort();
        Side {
            xs,
            stat,
            sorted: if order {
                descriptive::sorted(xs)
            } else {
                Vec::new()
            },
            counts: if order { vec![0; xs.len()] } else { Vec::new() },
            buf: if order {
                Vec::new()
            } else {
                vec![0.0; xs.len()]
            },
        }
    }

    fn resampled_stat(&mut self, rng: &mut Rng) -> Option<f64> {
        let n = self.xs.len();
        match self.stat {
            Stat::Mean | Stat::Value => Some(resampled_mean(rng, self.xs)),
            Stat::Median | Stat::Min | Stat::Max | Stat::Percentile(_) => {
                self.counts.iter_mut().for_each(|c| *c = 0);
                let counts = &mut self.counts;
                draw(rng, n, |i| counts[i] += 1);
                let q = match self.stat {
                    Stat::Median => 0.5,
                    Stat::Min => 0.0,
                    Stat::Max => 1.0,
                    Stat::Percentile(p) => (p / 100.0).clamp(0.0, 1.0),
                    _ => unreachable!("order statistics only"),
                };
                // Type-7: positions lo and lo + 1 of the sorted resample.
                let h = (n - 1) as f64 * q;
                let lo = h.floor() as usize;
                let hi = (lo + 1).min(n - 1);
                let (a, b) = (self.kth(lo), self.kth(hi));
                Some(a + (h - lo as f64) * (b - a))
            }
            Stat::StdDev | Stat::Cv => {
                let (xs, buf) = (self.xs, &mut self.buf);
                let mut k = 0;
                draw(rng, n, |i| {
                    buf[k] = xs[i];
                    k += 1;
                });
                self.stat.of_samples(&self.buf)
            }
        }
    }

    /// The k-th smallest (0-based) value of the current resample.
    fn kth(&self, k: usize) -> f64 {
        let mut seen = 0usize;
        for (value, &count) in self.sorted.iter().zip(&self.counts) {
            seen += count as usize;
            if seen > k {
                return *value;
            }
        }
        self.sorted[self.sorted.len() - 1]
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
    fn counting_order_statistics_equal_sorting_the_resample() {
        // Indices are drawn into the sorted sample (the same distribution as drawing into the
        // sample itself), so the reference resample is drawn from the sorted one.
        let raw: Vec<f64> = (0..37).map(|i| ((i * 7919) % 101) as f64 * 0.5).collect();
        let xs = descriptive::sorted(&raw);
        for stat in [
            Stat::Median,
            Stat::Min,
            Stat::Max,
            Stat::Percentile(95.0),
            Stat::Percentile(12.5),
        ] {
            let mut side = Side::new(&xs, stat);
            let mut r1 = rng(3);
            let mut r2 = rng(3);
            for _ in 0..50 {
                let fast = side.resampled_stat(&mut r1).unwrap();
                let mut resample = Vec::new();
                draw(&mut r2, xs.len(), |i| resample.push(xs[i]));
                resample.sort_by(f64::total_cmp);
                assert_eq!(fast, stat.of_sorted(&resample).unwrap(), "{stat}");
            }
        }
    }

    #[test]
    fn selection_quantiles_equal_sorted_quantiles() {
        let raw: Vec<f64> = (0..2001)
            .map(|i| ((i * 7919) % 1009) as f64 * 0.01 - 3.0)
            .collect();
        let sorted = descriptive::sorted(&raw);
        for q in [0.0, 0.025, 0.05, 0.5, 0.95, 0.975, 1.0] {
            let mut v = raw.clone();
            assert_eq!(
                quantile_unsorted(&mut v, q),
                descriptive::quantile_sorted(&sorted, q),
                "{q}"
            );
        }
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
