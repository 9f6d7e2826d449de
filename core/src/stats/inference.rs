//! Two-sample tests: Welch's t-test (from samples or from mean, stddev and n) and the
//! Mann-Whitney U test. Both are two-sided. Distribution functions come from `statrs`.
//! Also the interval that inverts Welch's test for a ratio of means: [`fieller`] (Fieller's
//! confidence set of the relative change of the mean, with Welch's degrees of freedom).
//!
//! Degenerate inputs have documented answers instead of NaN (scipy returns NaN for them):
//! when both samples have zero variance, equal means give p = 1 and different means p = 0.

use serde::Serialize;
use statrs::distribution::{ContinuousCDF, Normal, StudentsT};

use super::bootstrap::Interval;
use super::descriptive;

/// The result of Welch's unequal-variances t-test.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct TTest {
    /// (mean_b − mean_a) / SE: positive when the second sample is larger.
    pub t: f64,
    /// Welch–Satterthwaite degrees of freedom.
    pub df: f64,
    /// Two-sided p-value.
    pub p_value: f64,
}

/// Welch's t-test of two samples; `None` unless both have at least two observations.
pub fn welch(a: &[f64], b: &[f64]) -> Option<TTest> {
    let ((ma, sa, na), (mb, sb, nb)) = (summary_of(a)?, summary_of(b)?);
    welch_from_summary(ma, sa, na, mb, sb, nb)
}

/// A sample's mean, sample standard deviation and size, as the `_from_summary` functions take
/// them; `None` below two observations.
fn summary_of(xs: &[f64]) -> Option<(f64, f64, f64)> {
    Some((
        descriptive::mean(xs),
        descriptive::std_dev(xs)?,
        xs.len() as f64,
    ))
}

/// Welch's t-test from each side's mean, sample standard deviation and size (for formats that
/// keep only a summary); `None` unless n ≥ 2 on both sides and every number is finite.
pub fn welch_from_summary(
    mean_a: f64,
    sd_a: f64,
    n_a: f64,
    mean_b: f64,
    sd_b: f64,
    n_b: f64,
) -> Option<TTest> {
    let w = Welch::new(mean_a, sd_a, n_a, mean_b, sd_b, n_b)?;
    let (va, vb, diff, df) = (w.va, w.vb, w.diff, w.df);
    let se2 = va + vb;
    if se2 == 0.0 {
        return Some(if diff == 0.0 {
            TTest {
                t: 0.0,
                df,
                p_value: 1.0,
            }
        } else {
            TTest {
                t: diff.signum() * f64::INFINITY,
                df,
                p_value: 0.0,
            }
        });
    }
    let t = diff / se2.sqrt();
    let dist = StudentsT::new(0.0, 1.0, df).ok()?;
    let p_value = (2.0 * dist.sf(t.abs())).min(1.0);
    Some(TTest { t, df, p_value })
}

/// The numbers Welch's test is made of, shared by [`welch_from_summary`] and [`fieller`] so
/// that the test and the interval read the same bits.
struct Welch {
    mean_a: f64,
    /// sd_a² / n_a and sd_b² / n_b: the squared standard errors of the two means.
    va: f64,
    vb: f64,
    /// mean_b − mean_a.
    diff: f64,
    /// Welch–Satterthwaite degrees of freedom (n_a + n_b − 2 when both variances are zero).
    df: f64,
}

impl Welch {
    fn new(mean_a: f64, sd_a: f64, n_a: f64, mean_b: f64, sd_b: f64, n_b: f64) -> Option<Welch> {
        let finite = [mean_a, sd_a, n_a, mean_b, sd_b, n_b]
            .iter()
            .all(|x| x.is_finite());
        if !finite || n_a < 2.0 || n_b < 2.0 || sd_a < 0.0 || sd_b < 0.0 {
            return None;
        }
        let va = sd_a * sd_a / n_a;
        let vb = sd_b * sd_b / n_b;
        let se2 = va + vb;
        let df = if se2 == 0.0 {
            n_a + n_b - 2.0
        } else {
            se2 * se2 / (va * va / (n_a - 1.0) + vb * vb / (n_b - 1.0))
        };
        Some(Welch {
            mean_a,
            va,
            vb,
            diff: mean_b - mean_a,
            df,
        })
    }
}

/// Fieller's confidence set for the relative change of the mean, (mean_b − mean_a) / |mean_a|:
/// every change δ that Welch's test, with the degrees of freedom of the test of no change,
/// does not reject at the level. It is an interval when the first mean is clearly away from
/// zero, and unbounded otherwise (the ratio of two means is then not pinned down).
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum RatioSet {
    /// The changes from `lower` to `upper` (the usual case).
    Interval(Interval),
    /// Every change except those strictly between `lower` and `upper`: two rays (one of the
    /// ends may be infinite), because the first mean is within its own interval's reach of
    /// zero.
    Outside { lower: f64, upper: f64, level: f64 },
    /// Every change: neither mean is pinned down well enough to say anything.
    Everything { level: f64 },
}

impl RatioSet {
    /// The set as an interval, when it is one.
    pub fn bounded(self) -> Option<Interval> {
        match self {
            RatioSet::Interval(i) => Some(i),
            _ => None,
        }
    }

    /// Whether the change `delta` is in the set (its ends included).
    pub fn contains(&self, delta: f64) -> bool {
        match *self {
            RatioSet::Interval(i) => i.lower <= delta && delta <= i.upper,
            RatioSet::Outside { lower, upper, .. } => !(lower < delta && delta < upper),
            RatioSet::Everything { .. } => true,
        }
    }
}

/// [`fieller_from_summary`] of two samples; `None` unless both have at least two observations.
pub fn fieller(a: &[f64], b: &[f64], level: f64) -> Option<RatioSet> {
    let ((ma, sa, na), (mb, sb, nb)) = (summary_of(a)?, summary_of(b)?);
    fieller_from_summary(ma, sa, na, mb, sb, nb, level)
}

/// Fieller's confidence set at `level` (e.g. 0.95) of the relative change from the first
/// mean to the second, (mean_b − mean_a) / |mean_a|, from each side's mean, sample standard
/// deviation and size; `None` where [`welch_from_summary`] is `None` or the level is not in
/// (0, 1).
///
/// With ρ = mean ratio, v = sd²/n of each side and t the (1 + level)/2 quantile of Student's
/// t with Welch's degrees of freedom (those of [`welch_from_summary`]), the set is
/// {ρ : (mean_b − ρ·mean_a)² ≤ t²·(v_b + ρ²·v_a)}. Written in δ = ρ − 1 it is
/// A·δ² − 2B·δ + C ≤ 0 with A = mean_a² − t²·v_a, B = diff·mean_a + t²·v_a and
/// C = diff² − t²·(v_a + v_b), where diff = mean_b − mean_a. C > 0 is exactly Welch's
/// |t| > t: the set leaves out δ = 0 exactly when Welch's two-sided p-value is below
/// 1 − level, and the sign of C decides it here too (the product of the roots is C / A), so
/// rounding cannot make the two disagree except at a tie of p with the level.
pub fn fieller_from_summary(
    mean_a: f64,
    sd_a: f64,
    n_a: f64,
    mean_b: f64,
    sd_b: f64,
    n_b: f64,
    level: f64,
) -> Option<RatioSet> {
    if !(level > 0.0 && level < 1.0) {
        return None;
    }
    let w = Welch::new(mean_a, sd_a, n_a, mean_b, sd_b, n_b)?;
    let t = t_quantile(w.df, (1.0 + level) / 2.0)?;
    let t2 = t * t;
    let m = w.mean_a;
    let a = m * m - t2 * w.va;
    let b = w.diff * m + t2 * w.va;
    let c = w.diff * w.diff - t2 * (w.va + w.vb);
    // The relative change divides by |mean_a|: for a negative first mean, δ's sign flips.
    let oriented = |lower: f64, upper: f64| {
        if m < 0.0 {
            (-upper, -lower)
        } else {
            (lower, upper)
        }
    };
    if a > 0.0 {
        // B² − AC, rearranged without cancellation: t²·(v_a·mean_b² + v_b·A) ≥ 0.
        let mean_b = m + w.diff;
        let disc = t2 * (w.va * mean_b * mean_b + w.vb * a);
        let q = b + disc.sqrt().copysign(b);
        let (r1, r2) = if q == 0.0 { (0.0, 0.0) } else { (q / a, c / q) };
        let (lower, upper) = oriented(r1.min(r2), r1.max(r2));
        return Some(RatioSet::Interval(Interval {
            lower,
            upper,
            level,
        }));
    }
    // A ≤ 0: the first mean is not clearly away from zero, and the set is unbounded.
    if a == 0.0 {
        // Linear: −2B·δ + C ≤ 0, a ray from C / 2B. With B = 0 too (a first mean of exactly
        // zero that does not vary) no change at all when C > 0, else every change.
        if b == 0.0 {
            return Some(if c > 0.0 {
                RatioSet::Outside {
                    lower: f64::NEG_INFINITY,
                    upper: f64::INFINITY,
                    level,
                }
            } else {
                RatioSet::Everything { level }
            });
        }
        let edge = c / (2.0 * b);
        let (lower, upper) = if b > 0.0 {
            (f64::NEG_INFINITY, edge)
        } else {
            (edge, f64::INFINITY)
        };
        let (lower, upper) = oriented(lower, upper);
        return Some(RatioSet::Outside {
            lower,
            upper,
            level,
        });
    }
    let disc = b * b - a * c;
    if disc < 0.0 {
        return Some(RatioSet::Everything { level });
    }
    let q = b + disc.sqrt().copysign(b);
    let (r1, r2) = if q == 0.0 { (0.0, 0.0) } else { (q / a, c / q) };
    let (lower, upper) = oriented(r1.min(r2), r1.max(r2));
    Some(RatioSet::Outside {
        lower,
        upper,
        level,
    })
}

/// The two-sided t-interval of a mean at `level` (e.g. 0.95) from the sample's mean,
/// standard deviation and size: mean ± t₍₁₊level₎/₂,ₙ₋₁ · sd / √n. `None` unless n ≥ 2 and
/// the numbers are finite.
pub fn mean_interval(mean: f64, sd: f64, n: u64, level: f64) -> Option<Interval> {
    mean_interval_with(mean, sd, n, level, t_quantile)
}

/// [`mean_interval`] with the t quantile from `quantile(df, p)`: the bands of trend charts,
/// hundreds of intervals of a few sample sizes, keep each n's quantile instead of inverting
/// the distribution again.
pub fn mean_interval_with(
    mean: f64,
    sd: f64,
    n: u64,
    level: f64,
    quantile: impl FnOnce(f64, f64) -> Option<f64>,
) -> Option<Interval> {
    if n < 2 || !mean.is_finite() || !sd.is_finite() || sd < 0.0 || !(0.0..1.0).contains(&level) {
        return None;
    }
    let half = quantile((n - 1) as f64, (1.0 + level) / 2.0)? * sd / (n as f64).sqrt();
    Some(Interval {
        lower: mean - half,
        upper: mean + half,
        level,
    })
}

/// The `p` quantile of Student's t distribution with `df` degrees of freedom (statrs; an
/// iterative inversion).
pub fn t_quantile(df: f64, p: f64) -> Option<f64> {
    let dist = StudentsT::new(0.0, 1.0, df).ok()?;
    Some(dist.inverse_cdf(p))
}

/// How a Mann-Whitney p-value was computed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Method {
    /// The exact null distribution of U (no ties, and one sample of at most 8).
    Exact,
    /// The normal approximation with tie and continuity corrections.
    Asymptotic,
}

/// The result of the Mann-Whitney U test.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct MannWhitney {
    /// U of the first sample: the number of pairs (a, b) with a > b, ties counting ½.
    pub u: f64,
    /// Two-sided p-value.
    pub p_value: f64,
    pub method: Method,
}

/// The largest other sample for which the exact distribution is computed (its counts stay in
/// i128).
const EXACT_MAX_OTHER: usize = 10_000;

/// The two-sided Mann-Whitney U test; `None` when a sample is empty. The method is chosen as
/// scipy.stats.mannwhitneyu's `auto` does: exact when there are no ties and one sample has at
/// most 8 observations, else the normal approximation with tie and continuity corrections.
pub fn mann_whitney(a: &[f64], b: &[f64]) -> Option<MannWhitney> {
    let (n1, n2) = (a.len(), b.len());
    if n1 == 0 || n2 == 0 {
        return None;
    }
    // Midranks of the pooled sample, found by merging the two samples sorted apart (the
    // samples' own sort, not a third copy of the standard library's sort for pairs).
    let (sorted_a, sorted_b) = (descriptive::sorted(a), descriptive::sorted(b));
    let n = n1 + n2;
    let mut rank_sum_a = 0.0;
    let mut tie_term = 0.0; // Σ (t³ − t) over groups of ties
    let (mut i, mut j) = (0, 0);
    while i < n1 || j < n2 {
        // The smallest value left (in the sort's total order, so it is the head of one of
        // the samples, which the loops below then move past), and how many of it each holds.
        let value = match (sorted_a.get(i), sorted_b.get(j)) {
            (Some(&x), Some(&y)) if y.total_cmp(&x).is_lt() => y,
            (Some(&x), _) => x,
            (None, Some(&y)) => y,
            (None, None) => unreachable!("the loop runs while a value is left"),
        };
        // Ties as `==` has them (−0 and +0 are one value), and a NaN tied with itself.
        let tied = |x: f64| x == value || x.total_cmp(&value).is_eq();
        let (start_a, start_b) = (i, j);
        while i < n1 && tied(sorted_a[i]) {
            i += 1;
        }
        while j < n2 && tied(sorted_b[j]) {
            j += 1;
        }
        let below = (start_a + start_b) as f64;
        let t = ((i - start_a) + (j - start_b)) as f64;
        let midrank = below + (t + 1.0) / 2.0; // ranks below+1 ..= below+t
        rank_sum_a += (i - start_a) as f64 * midrank;
        tie_term += t * t * t - t;
    }
    let (f1, f2) = (n1 as f64, n2 as f64);
    let u1 = rank_sum_a - f1 * (f1 + 1.0) / 2.0;
    let u2 = f1 * f2 - u1;
    let u_big = u1.max(u2);
    let ties = tie_term > 0.0;
    let (small, large) = (n1.min(n2), n1.max(n2));
    if !ties && small <= 8 && large <= EXACT_MAX_OTHER {
        // U takes integer values without ties.
        let sf = exact_sf(u_big as usize, small, large);
        return Some(MannWhitney {
            u: u1,
            p_value: (2.0 * sf).min(1.0),
            method: Method::Exact,
        });
    }
    let mu = f1 * f2 / 2.0;
    let nf = n as f64;
    let var = f1 * f2 / 12.0 * ((nf + 1.0) - tie_term / (nf * (nf - 1.0)));
    let p_value = if var <= 0.0 {
        1.0 // every observation equal
    } else {
        let z = (u_big - mu - 0.5) / var.sqrt();
        let normal = Normal::new(0.0, 1.0).ok()?;
        (2.0 * normal.sf(z)).min(1.0)
    };
    Some(MannWhitney {
        u: u1,
        p_value,
        method: Method::Asymptotic,
    })
}

/// P(U ≥ u) under the null hypothesis, without ties, for samples of sizes m ≤ n: the counts
/// of U are the coefficients of the Gaussian binomial coefficient [m+n choose m]_q, built as
/// ∏_{i=1..m} (1 − q^{n+i}) / (1 − q^i) in exact integers.
fn exact_sf(u: usize, m: usize, n: usize) -> f64 {
    let degree = m * n;
    let mut poly = vec![0i128; degree + 1];
    poly[0] = 1;
    for i in 1..=m {
        let shift = n + i;
        // Multiply by (1 − q^shift), from the top so each coefficient is read before it changes.
        for k in (shift..=degree).rev() {
            poly[k] -= poly[k - shift];
        }
        // Divide by (1 − q^i): r[k] = p[k] + r[k − i].
        for k in i..=degree {
            poly[k] += poly[k - i];
        }
    }
    let total: i128 = poly.iter().sum();
    let upper: i128 = poly.iter().skip(u.min(degree + 1)).sum();
    upper as f64 / total as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exact_distribution_counts_are_gaussian_binomials() {
        // m = n = 2: U ∈ {0,1,2,3,4} with counts 1,1,2,1,1 (6 arrangements).
        assert_eq!(exact_sf(0, 2, 2), 1.0);
        assert_eq!(exact_sf(3, 2, 2), 2.0 / 6.0);
        assert_eq!(exact_sf(4, 2, 2), 1.0 / 6.0);
        assert_eq!(exact_sf(5, 2, 2), 0.0);
    }

    #[test]
    fn mean_interval_uses_students_t_quantiles() {
        // Published t-table values: t(0.975, 9) = 2.262157, t(0.975, 1) = 12.706205.
        let i = mean_interval(10.0, 2.0, 10, 0.95).unwrap();
        let half = 2.262157 * 2.0 / 10f64.sqrt();
        assert!((i.upper - (10.0 + half)).abs() < 1e-5, "{i:?}");
        assert!((i.lower - (10.0 - half)).abs() < 1e-5, "{i:?}");
        let wide = mean_interval(0.0, 1.0, 2, 0.95).unwrap();
        assert!(
            (wide.upper - 12.706205 / 2f64.sqrt()).abs() < 1e-5,
            "{wide:?}"
        );
        assert!(mean_interval(1.0, 1.0, 1, 0.95).is_none());
        assert!(mean_interval(f64::NAN, 1.0, 5, 0.95).is_none());
    }

    #[test]
    fn zero_variance_has_defined_answers() {
        let same = welch(&[3.0, 3.0], &[3.0, 3.0]).unwrap();
        assert_eq!(same.p_value, 1.0);
        let apart = welch(&[3.0, 3.0], &[4.0, 4.0]).unwrap();
        assert_eq!(apart.p_value, 0.0);
        assert!(welch(&[1.0], &[1.0, 2.0]).is_none());
        let mw = mann_whitney(&[1.0, 1.0], &[1.0, 1.0]).unwrap();
        assert_eq!(mw.p_value, 1.0);
    }

    #[test]
    fn fieller_degenerate_and_unbounded_cases() {
        // No variance: the interval is the point change, and it leaves out 0 exactly when
        // the means differ (Welch's p = 0).
        let same = fieller(&[3.0, 3.0], &[3.0, 3.0], 0.95).unwrap();
        assert_eq!(same.bounded().map(|i| (i.lower, i.upper)), Some((0.0, 0.0)));
        let apart = fieller(&[4.0, 4.0], &[5.0, 5.0], 0.95).unwrap();
        assert_eq!(
            apart.bounded().map(|i| (i.lower, i.upper)),
            Some((0.25, 0.25))
        );
        assert!(!apart.contains(0.0));
        // A negative baseline: the change divides by |mean|, so −50 → −45 is +10 %.
        let neg = fieller_from_summary(-50.0, 1.0, 30.0, -45.0, 1.0, 30.0, 0.95)
            .unwrap()
            .bounded()
            .unwrap();
        assert!(neg.lower < 0.1 && 0.1 < neg.upper, "{neg:?}");
        let pos = fieller_from_summary(50.0, 1.0, 30.0, 55.0, 1.0, 30.0, 0.95)
            .unwrap()
            .bounded()
            .unwrap();
        assert!(pos.lower < 0.1 && 0.1 < pos.upper, "{pos:?}");
        // A baseline within its noise of zero: unbounded; a candidate far from zero leaves
        // a gap around 0 (two rays); both near zero: every change.
        let rays = fieller_from_summary(1.0, 5.0, 10.0, 10.0, 3.0, 10.0, 0.95).unwrap();
        assert!(matches!(rays, RatioSet::Outside { .. }), "{rays:?}");
        assert!(!rays.contains(0.0) && rays.contains(1e6) && rays.contains(-1e6));
        assert_eq!(rays.bounded(), None);
        let all = fieller_from_summary(0.1, 5.0, 6.0, 0.2, 5.0, 6.0, 0.95).unwrap();
        assert_eq!(all, RatioSet::Everything { level: 0.95 });
        // An exactly zero, constant baseline against a varying candidate.
        let zero = fieller_from_summary(0.0, 0.0, 5.0, 10.0, 1.0, 5.0, 0.95).unwrap();
        assert!(!zero.contains(0.0) && zero.bounded().is_none(), "{zero:?}");
        assert_eq!(
            fieller_from_summary(0.0, 0.0, 5.0, 0.0, 1.0, 5.0, 0.95),
            Some(RatioSet::Everything { level: 0.95 })
        );
        // What Welch's test refuses, and levels outside (0, 1).
        assert!(fieller(&[1.0], &[1.0, 2.0], 0.95).is_none());
        assert!(fieller_from_summary(1.0, 1.0, 5.0, 1.0, 1.0, 5.0, 1.0).is_none());
        assert!(fieller_from_summary(1.0, f64::NAN, 5.0, 1.0, 1.0, 5.0, 0.95).is_none());
    }

    #[test]
    fn signed_zeros_tie_and_nans_do_not_stop_the_ranking() {
        // −0 and +0 are one value: all four tie, so U is half of 2 × 2.
        let zeros = mann_whitney(&[-0.0, 0.0], &[0.0, -0.0]).unwrap();
        assert_eq!(zeros.u, 2.0);
        assert_eq!(zeros.p_value, 1.0);
        // NaNs (which readers drop before any test) sort to the ends, one tie group per bit
        // pattern; the ranking still ends, with finite answers.
        let nan = mann_whitney(&[1.0, 2.0], &[3.0, f64::NAN, -f64::NAN]).unwrap();
        assert!(nan.u.is_finite() && nan.p_value.is_finite(), "{nan:?}");
    }
}
