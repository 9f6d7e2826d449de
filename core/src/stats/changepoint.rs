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
//!    The shuffling stops early once so many shuffles have reached the observed Q that p can
//!    no longer fall below the significance level (the decision is the same).
//!    If p < significance the candidate becomes a change point, the segment is split in two,
//!    and the search goes on; otherwise it stops.
//!
//! All the Q of a segment take O(len log len) (`Splitter::divergences`): the within-side sums
//! of distances come from counts and sums in a Fenwick tree over the values' ranks, in one
//! pass backward and one forward. The values are ranked once per tested segment and their
//! ranks shuffled along with them, so a test with 199 permutations of 200 points is 199 × 400
//! Fenwick steps of O(log 200), where the pairwise sums took 199 × 40,000 distances.

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
        // Shuffling moves the values, not the set of them: rank once, shuffle the ranks along.
        let mut splitter = Splitter::new(&shuffled);
        let mut at_least = 0usize;
        for _ in 0..options.permutations {
            // Fisher–Yates.
            for i in (1..shuffled.len()).rev() {
                let j = index(&mut rng, i + 1);
                shuffled.swap(i, j);
                splitter.rank.swap(i, j);
            }
            if let Some((_, q_perm)) = splitter.best(&shuffled, min_size) {
                if q_perm >= q {
                    at_least += 1;
                    // The p-value only grows with more exceedances: once it has reached the
                    // significance level the candidate is rejected whatever the remaining
                    // shuffles give, so they are skipped (the same decision as the full
                    // test, and a rejected candidate's p-value is never reported). A history
                    // with no change stops after a few dozen shuffles instead of all.
                    if (1 + at_least) as f64 / (1 + options.permutations) as f64
                        >= options.significance
                    {
                        break;
                    }
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
    crate::order::sort_by_key(&mut found, |c| c.index);
    found
}

/// The split of `z` with the largest Q (the first of equals), as (τ, Q); `None` when no split
/// leaves `min_size` points on each side.
fn best_split(z: &[f64], min_size: usize) -> Option<(usize, f64)> {
    Splitter::new(z).best(z, min_size)
}

/// The ranks of a segment's values and the buffers of [`Splitter::divergences`], kept across
/// the permutations of the segment.
struct Splitter {
    /// Dense ranks: `rank[i]` is the number of distinct values below `z[i]` (equal values
    /// share a rank). A caller that reorders `z` reorders `rank` the same way.
    rank: Vec<usize>,
    tree: Fenwick,
    /// `within_right[τ]` = W(Z[τ..]).
    within_right: Vec<f64>,
}

impl Splitter {
    fn new(z: &[f64]) -> Splitter {
        let len = z.len();
        let order = crate::order::permutation(len, &|a, b| z[a].total_cmp(&z[b]));
        let mut rank = vec![0usize; len];
        let mut ranks = 0;
        for (i, &at) in order.iter().enumerate() {
            if i > 0 && z[at] != z[order[i - 1]] {
                ranks += 1;
            }
            rank[at] = ranks;
        }
        Splitter {
            rank,
            tree: Fenwick::new(ranks + 1),
            within_right: vec![0.0; len + 1],
        }
    }

    /// The split with the largest Q (the first of equals), as (τ, Q).
    fn best(&mut self, z: &[f64], min_size: usize) -> Option<(usize, f64)> {
        let mut best: Option<(usize, f64)> = None;
        self.divergences(z, min_size, |tau, q| {
            if best.is_none_or(|(_, b)| q > b) {
                best = Some((tau, q));
            }
        });
        best
    }

    /// Calls `visit(τ, Q(τ))` for every split of `z` that leaves `min_size` points on each
    /// side, in increasing τ, in O(len log len).
    ///
    /// Q needs, for each τ, the within sums W(Z[..τ]) and W(Z[τ..]), where
    /// W(S) = Σ_{i<k}|s_i−s_k|; the cross sum is then W(Z) − W(Z[..τ]) − W(Z[τ..]). Adding a
    /// value x to a set grows W by Σ|x−s| = x·#below − Σbelow + Σabove − x·#above, and a
    /// Fenwick tree over the ranks gives those counts and sums in O(log len). One backward
    /// pass gives every W(Z[τ..]) (and W(Z)), one forward pass every W(Z[..τ]). Equal values
    /// add nothing, so a constant segment gives exactly 0. Only +, −, × and ÷: the same bits
    /// natively and in wasm32.
    fn divergences(&mut self, z: &[f64], min_size: usize, mut visit: impl FnMut(usize, f64)) {
        let len = z.len();
        debug_assert_eq!(len, self.rank.len());
        if len < 2 * min_size {
            return;
        }
        let rank = &self.rank;
        let tree = &mut self.tree;
        let within_right = &mut self.within_right;

        tree.clear();
        let mut w = 0.0;
        within_right[len] = 0.0;
        for k in (0..len).rev() {
            w += tree.insert(rank[k], z[k]);
            within_right[k] = w;
        }
        let total = within_right[0];

        tree.clear();
        let mut within_left = 0.0;
        for tau in 1..=len - min_size {
            // Move z[τ − 1] to the left side.
            within_left += tree.insert(rank[tau - 1], z[tau - 1]);
            if tau < min_size {
                continue;
            }
            let within_right = within_right[tau];
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
            visit(tau, m * n / (m + n) * e);
        }
    }
}

/// Counts and sums of the values inserted so far, by rank: a Fenwick (binary indexed) tree for
/// the ranks below a value, and plain per-rank totals for the values equal to it.
struct Fenwick {
    /// 1-based: node i covers the ranks [i − lowbit(i), i).
    count: Vec<usize>,
    sum: Vec<f64>,
    /// The values of each rank inserted so far, and their sum.
    count_at: Vec<usize>,
    sum_at: Vec<f64>,
    /// All the values inserted so far, and their sum.
    inserted: usize,
    total: f64,
}

impl Fenwick {
    fn new(ranks: usize) -> Fenwick {
        Fenwick {
            count: vec![0; ranks + 1],
            sum: vec![0.0; ranks + 1],
            count_at: vec![0; ranks],
            sum_at: vec![0.0; ranks],
            inserted: 0,
            total: 0.0,
        }
    }

    fn clear(&mut self) {
        self.count.fill(0);
        self.sum.fill(0.0);
        self.count_at.fill(0);
        self.sum_at.fill(0.0);
        self.inserted = 0;
        self.total = 0.0;
    }

    /// Inserts `x` of rank `rank` and returns Σ|x − s| over the values inserted before it.
    fn insert(&mut self, rank: usize, x: f64) -> f64 {
        // The values below x.
        let (mut c_below, mut s_below) = (0, 0.0);
        let mut i = rank;
        while i > 0 {
            c_below += self.count[i];
            s_below += self.sum[i];
            i &= i - 1;
        }
        // The values above x: all but those below and those equal (which add 0).
        let c_above = self.inserted - c_below - self.count_at[rank];
        let mut grow = 0.0;
        if c_below > 0 {
            grow += x * c_below as f64 - s_below;
        }
        if c_above > 0 {
            grow += (self.total - s_below - self.sum_at[rank]) - x * c_above as f64;
        }
        let mut i = rank + 1;
        while i < self.count.len() {
            self.count[i] += 1;
            self.sum[i] += x;
            i += i & i.wrapping_neg();
        }
        self.count_at[rank] += 1;
        self.sum_at[rank] += x;
        self.inserted += 1;
        self.total += x;
        grow
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// The former O(len²) computation with running sums, kept as the oracle: (τ, Q, scale) for
    /// every split, where scale is Q's three terms added instead of subtracted (the size of
    /// what rounding works on; Q itself can be 0 or nearly so).
    fn quadratic(z: &[f64], min_size: usize) -> Vec<(usize, f64, f64)> {
        let len = z.len();
        let mut out = Vec::new();
        if len < 2 * min_size {
            return out;
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
            let scale = 2.0 * cross.abs() / (m * n) + left_term.abs() + right_term.abs();
            out.push((tau, m * n / (m + n) * e, m * n / (m + n) * scale));
        }
        out
    }

    fn quadratic_best_split(z: &[f64], min_size: usize) -> Option<(usize, f64)> {
        let mut best: Option<(usize, f64)> = None;
        for (tau, q, _) in quadratic(z, min_size) {
            if best.is_none_or(|(_, b)| q > b) {
                best = Some((tau, q));
            }
        }
        best
    }

    /// The former search, with the pairwise sums and the values sorted for every permutation.
    fn quadratic_e_divisive(series: &[f64], options: &Options) -> Vec<ChangePoint> {
        let min_size = options.min_size.max(1);
        let mut found: Vec<ChangePoint> = Vec::new();
        if series.len() < 2 * min_size || series.iter().any(|x| !x.is_finite()) {
            return found;
        }
        let mut rng = rng(options.seed);
        let mut segments: Vec<Segment> =
            vec![(0, series.len(), quadratic_best_split(series, min_size))];
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
                for i in (1..shuffled.len()).rev() {
                    let j = index(&mut rng, i + 1);
                    shuffled.swap(i, j);
                }
                if let Some((_, q_perm)) = quadratic_best_split(&shuffled, min_size) {
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
            let (left, right) = (&series[start..cut], &series[cut..end]);
            segments.push((start, cut, quadratic_best_split(left, min_size)));
            segments.push((cut, end, quadratic_best_split(right, min_size)));
        }
        found.sort_by_key(|c| c.index);
        found
    }

    /// Every Q of the Fenwick passes equals the pairwise one to 1e-9 of the larger of |Q| and
    /// its terms' size, and the best split is the same (or an equal Q to that precision).
    fn matches_the_oracle(z: &[f64], min_size: usize) -> Result<(), TestCaseError> {
        let want = quadratic(z, min_size);
        let mut got = Vec::new();
        Splitter::new(z).divergences(z, min_size, |tau, q| got.push((tau, q)));
        prop_assert_eq!(got.len(), want.len());
        let close = |a: f64, b: f64, scale: f64| (a - b).abs() <= 1e-9 * b.abs().max(scale);
        for (&(tau, q), &(want_tau, want_q, scale)) in got.iter().zip(&want) {
            prop_assert_eq!(tau, want_tau);
            prop_assert!(
                close(q, want_q, scale),
                "τ = {}: {} vs {} (scale {})",
                tau,
                q,
                want_q,
                scale
            );
        }
        let best = best_split(z, min_size);
        let want_best = quadratic_best_split(z, min_size);
        prop_assert_eq!(best.is_some(), want_best.is_some());
        if let (Some((tau, q)), Some((want_tau, want_q))) = (best, want_best) {
            let scale = want[want_tau - want[0].0].2;
            prop_assert!(close(q, want_q, scale), "best {} vs {}", q, want_q);
            if tau != want_tau {
                let other = want[tau - want[0].0];
                prop_assert!(close(other.1, want_q, scale), "τ {} vs {}", tau, want_tau);
            }
        }
        Ok(())
    }

    proptest! {
        #[test]
        fn fenwick_q_matches_the_pairwise_sums(
            z in prop::collection::vec(-1e3f64..1e3, 0..80),
            min_size in 1usize..6,
        ) {
            matches_the_oracle(&z, min_size)?;
        }

        #[test]
        fn fenwick_q_matches_with_ties(
            z in prop::collection::vec(0u8..4, 0..80),
            min_size in 1usize..6,
        ) {
            let z: Vec<f64> = z.into_iter().map(|v| 100.0 + 0.1 * f64::from(v)).collect();
            matches_the_oracle(&z, min_size)?;
        }

        #[test]
        fn fenwick_q_matches_at_the_min_size_boundary(
            min_size in 1usize..8,
            extra in 0usize..2,
            seed in any::<u64>(),
        ) {
            let mut r = rng(seed);
            let len = 2 * min_size - 1 + extra;
            let z: Vec<f64> = (0..len).map(|_| index(&mut r, 1000) as f64 * 0.37).collect();
            matches_the_oracle(&z, min_size)?;
            // One point short of two sides has no split at all.
            prop_assert_eq!(best_split(&z, min_size).is_none(), extra == 0);
        }
    }

    #[test]
    fn constant_series_give_exactly_zero() {
        for len in [2, 6, 7, 50] {
            for x in [0.0, 0.1, -3.7, 1e300] {
                let z = vec![x; len];
                let mut all = Vec::new();
                Splitter::new(&z).divergences(&z, 1, |tau, q| all.push((tau, q)));
                assert!(all.iter().all(|&(_, q)| q == 0.0), "{x} × {len}: {all:?}");
                assert_eq!(best_split(&z, 1), Some((1, 0.0)));
                assert_eq!(quadratic_best_split(&z, 1), Some((1, 0.0)));
            }
        }
    }

    #[test]
    fn the_search_finds_what_the_pairwise_sums_find() {
        // Steps, a stationary stretch and ties; the change points and p-values must be the
        // same and Q equal to 1e-9.
        let mut found = 0;
        for seed in 0..8u64 {
            let mut r = rng(seed);
            let z: Vec<f64> = (0..120)
                .map(|i| {
                    let level = [100.0, 108.0, 103.0][(i / 40 + seed as usize) % 3];
                    level + (index(&mut r, 50) as f64) * 0.1
                })
                .collect();
            let options = Options {
                seed,
                ..Options::default()
            };
            let got = e_divisive(&z, &options);
            let want = quadratic_e_divisive(&z, &options);
            assert_eq!(got.len(), want.len(), "seed {seed}: {got:?} vs {want:?}");
            for (g, w) in got.iter().zip(&want) {
                assert_eq!((g.index, g.p_value), (w.index, w.p_value), "seed {seed}");
                assert!((g.q - w.q).abs() <= 1e-9 * w.q.abs(), "seed {seed}");
            }
            found += got.len();
        }
        assert!(found >= 8, "{found}");
    }

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
