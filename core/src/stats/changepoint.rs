//! Change points in a series: E-Divisive means (Matteson and James, "A Nonparametric Approach
//! for Multiple Change Point Analysis of Multivariate Data", JASA 2014), with a permutation
//! test for significance, as MongoDB's signal-processing service (Daly et al., ICPE 2020) and
//! DataStax's Hunter use it on performance histories.
//!
//! Why this method: it makes no assumption about the distribution (benchmark noise is skewed
//! and heavy-tailed), needs no window size or expected number of changes, finds several change
//! points by bisection, and its permutation test gives a p-value with a plain meaning: how
//! often a shuffled, change-free history would look as divided as this one.
//!
//! The algorithm, with α = 1 (plain distances):
//! 1. For a segment Z and each split τ (each side at least `min_size` points) into X = Z[..τ]
//!    and Y = Z[τ..] of sizes m and n, the divergence is
//!    Q(τ) = mn/(m+n) · ( 2/(mn)·Σ|x−y| − 1/C(m,2)·Σ_{i<k}|x_i−x_k| − 1/C(n,2)·Σ_{j<k}|y_j−y_k| ).
//! 2. The candidate of the segment is the τ with the largest Q; over all current segments the
//!    candidate with the largest Q is tested.
//! 3. Test: shuffle the segment's values `permutations` times with the seeded portable RNG and
//!    recompute the segment's largest Q; p = (1 + #{shuffled ≥ observed}) / (1 + permutations).
//!    If p < significance the candidate becomes a change point, the segment is split in two,
//!    and the search goes on; otherwise it stops.
//!
//! Every Q of a segment is computed in O(len²) with running sums, so a test with 199
//! permutations of 200 points is a few million additions.

use serde::Serialize;

use super::bootstrap::{index, rng};

/// The knobs of the search, with the defaults documented in docs/statistics.md.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Options {
    /// A candidate is accepted when its permutation p-value is below this. Default 0.05.
    pub significance: f64,
    /// Shuffles per test. Default 199 (p-values in steps of 0.005).
    pub permutations: usize,
    /// The fewest points on each side of a split. Default 3.
    pub min_size: usize,
    /// The permutation test's seed.
    pub seed: u64,
}

impl Default for Options {
    fn default() -> Options {
        Options {
            significance: 0.05,
            permutations: 199,
            min_size: 3,
            seed: super::bootstrap::DEFAULT_SEED,
        }
    }
}

/// A change point: the series changes between `index − 1` and `index`.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct ChangePoint {
    /// The first point of the new regime.
    pub index: usize,
    /// The divergence Q at the split.
    pub q: f64,
    /// The permutation p-value.
    pub p_value: f64,
}

/// A segment `[start, end)` of the series and its best split `(τ, Q)`, if it has one.
type Segment = (usize, usize, Option<(usize, f64)>);

/// The change points of `series`, in index order.
pub fn e_divisive(series: &[f64], options: &Options) -> Vec<ChangePoint> {
    let min_size = options.min_size.max(1);
    let mut found: Vec<ChangePoint> = Vec::new();
    if series.len() < 2 * min_size || series.iter().any(|x| !x.is_finite()) {
        return found;
    }
    let mut rng = rng(options.seed);
    // Segments as [start, end); the best split of each is cached.
    let mut segments: Vec<Segment> = vec![(0, series.len(), best_split(series, min_size))];
    while let Some((seg_i, (tau, q))) = segments
        .iter()
        .enumerate()
        .filter_map(|(i, s)| s.2.map(|b| (i, b)))
        .max_by(|a, b| a.1 .1.total_cmp(&b.1 .1))
    {
        let (start, end, _) = segments[seg_i];
        let mut shuffled = series[start..end].to_vec();
        let mut at_least = 0usize;
        for _ in 0..options.permutations {
            // Fisher–Yates.
            for i in (1..shuffled.len()).rev() {
                let j = index(&mut rng, i + 1);
                shuffled.swap(i, j);
            }
            if let Some((_, q_perm)) = best_split(&shuffled, min_size) {
                if q_perm >= q {
                    at_least += 1;
                }
            }
        }
        let p_value = (1 + at_least) as f64 / (1 + options.permutations) as f64;
        if p_value >= options.significance {
            break;
        }
        let cut = start + tau;
        found.push(ChangePoint {
            index: cut,
            q,
            p_value,
        });
        segments.remove(seg_i);
        segments.push((start, cut, best_split(&series[start..cut], min_size)));
        segments.push((cut, end, best_split(&series[cut..end], min_size)));
    }
    found.sort_by_key(|c| c.index);
    found
}

/// The split of `z` with the largest Q (the first of equals), as (τ, Q); `None` when no split
/// leaves `min_size` points on each side.
fn best_split(z: &[f64], min_size: usize) -> Option<(usize, f64)> {
    let len = z.len();
    if len < 2 * min_size {
        return None;
    }
    // Within-right sum for τ = 0 is every pair; within-left is zero.
    let mut total = 0.0;
    for i in 0..len {
        for k in i + 1..len {
            total += (z[i] - z[k]).abs();
        }
    }
    let mut within_left = 0.0;
    let mut within_right = total;
    let mut best: Option<(usize, f64)> = None;
    for tau in 1..=len - min_size {
        // Move z[tau − 1] from the right side to the left.
        let moved = z[tau - 1];
        let mut to_left = 0.0;
        for &x in &z[..tau - 1] {
            to_left += (x - moved).abs();
        }
        let mut to_right = 0.0;
        for &y in &z[tau..] {
            to_right += (y - moved).abs();
        }
        within_left += to_left;
        within_right -= to_right;
        if tau < min_size {
            continue;
        }
        let m = tau as f64;
        let n = (len - tau) as f64;
        let cross = total - within_left - within_right;
        let left_term = if tau > 1 {
            within_left / (m * (m - 1.0) / 2.0)
        } else {
            0.0
        };
        let right_term = if len - tau > 1 {
            within_right / (n * (n - 1.0) / 2.0)
        } else {
            0.0
        };
        let e = 2.0 * cross / (m * n) - left_term - right_term;
        let q = m * n / (m + n) * e;
        if best.is_none_or(|(_, b)| q > b) {
            best = Some((tau, q));
        }
    }
    best
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_clean_step_is_found_exactly() {
        let mut z = vec![10.0; 20];
        z.extend(vec![12.0; 20]);
        for (i, x) in z.iter_mut().enumerate() {
            *x += (i % 3) as f64 * 0.01;
        }
        let cps = e_divisive(&z, &Options::default());
        assert_eq!(cps.len(), 1, "{cps:?}");
        assert_eq!(cps[0].index, 20);
    }

    #[test]
    fn short_or_flat_series_have_none() {
        assert!(e_divisive(&[1.0, 2.0], &Options::default()).is_empty());
        assert!(e_divisive(&[5.0; 30], &Options::default()).is_empty());
    }

    #[test]
    fn running_sums_match_the_definition() {
        let z = [1.0, 4.0, 2.0, 8.0, 5.0, 7.0, 3.0];
        let (tau, q) = best_split(&z, 2).unwrap();
        let direct = |t: usize| {
            let (x, y) = z.split_at(t);
            let (m, n) = (x.len() as f64, y.len() as f64);
            let cross: f64 = x
                .iter()
                .flat_map(|a| y.iter().map(move |b| (a - b).abs()))
                .sum();
            let within = |s: &[f64]| {
                let mut w = 0.0;
                for i in 0..s.len() {
                    for k in i + 1..s.len() {
                        w += (s[i] - s[k]).abs();
                    }
                }
                w
            };
            let e = 2.0 * cross / (m * n)
                - within(x) / (m * (m - 1.0) / 2.0)
                - within(y) / (n * (n - 1.0) / 2.0);
            m * n / (m + n) * e
        };
        let best = (2..=5)
            .max_by(|&a, &b| direct(a).total_cmp(&direct(b)))
            .unwrap();
        assert_eq!(tau, best);
        assert!((q - direct(best)).abs() < 1e-9);
    }
}
