//! Descriptive statistics of one sample.
//!
//! Everything here is plain arithmetic (and `sqrt`, which IEEE 754 rounds exactly), so results
//! are the same bits natively and in wasm; the geometric mean uses `libm` for `ln` and `exp`.
//!
//! Percentiles use linear interpolation between closest ranks (Hyndman and Fan's type 7, the
//! default of numpy, R and Excel's PERCENTILE.INC): for q in [0, 1] the position is
//! h = (n − 1)·q, and the value is x⌊h⌋ + (h − ⌊h⌋)·(x⌊h⌋+1 − x⌊h⌋).

/// The arithmetic mean. The mean of an empty sample is NaN; callers check for emptiness.
pub fn mean(xs: &[f64]) -> f64 {
    xs.iter().sum::<f64>() / xs.len() as f64
}

/// The sample standard deviation (denominator n − 1); `None` below two observations.
pub fn std_dev(xs: &[f64]) -> Option<f64> {
    if xs.len() < 2 {
        return None;
    }
    let m = mean(xs);
    let ss: f64 = xs.iter().map(|x| (x - m) * (x - m)).sum();
    Some((ss / (xs.len() - 1) as f64).sqrt())
}

/// A sorted copy (total order, so the result is the same on every platform).
pub fn sorted(xs: &[f64]) -> Vec<f64> {
    let mut v = xs.to_vec();
    v.sort_by(f64::total_cmp);
    v
}

/// The type-7 quantile `q` (0 ≤ q ≤ 1) of an already sorted, non-empty sample.
pub fn quantile_sorted(sorted: &[f64], q: f64) -> f64 {
    debug_assert!(!sorted.is_empty());
    let h = (sorted.len() - 1) as f64 * q.clamp(0.0, 1.0);
    let lo = h.floor() as usize;
    let hi = (lo + 1).min(sorted.len() - 1);
    // Rounding in `a + t·(b − a)` can land one ulp outside [a, b]; a quantile never may.
    let x = sorted[lo] + (h - lo as f64) * (sorted[hi] - sorted[lo]);
    x.clamp(sorted[lo], sorted[hi])
}

/// Equal-width histogram bin edges for `xs` (in any order) by numpy's `"auto"` rule (numpy
/// 2.x `histogram_bin_edges`): the bin width is the smaller of Sturges' range/(log₂n + 1) and
/// the Freedman–Diaconis 2·IQR/∛n, the latter kept at least half of the square-root rule's
/// range/√n so that a tight middle does not ask for hundreds of bins; then ⌈range/width⌉
/// bins, at most `max_bins`. A sample with no spread gets one bin from x − ½ to x + ½, as in
/// numpy. Empty or non-finite input gives no edges. The dashboard draws both sides of a
/// comparison on the edges of the pooled samples, so their bars line up.
pub fn bin_edges(xs: &[f64], max_bins: usize) -> Vec<f64> {
    if xs.is_empty() || xs.iter().any(|x| !x.is_finite()) || max_bins == 0 {
        return Vec::new();
    }
    let s = sorted(xs);
    let (first, last) = (s[0], s[s.len() - 1]);
    if first == last {
        return vec![first - 0.5, last + 0.5];
    }
    let n = s.len() as f64;
    let range = last - first;
    let iqr = quantile_sorted(&s, 0.75) - quantile_sorted(&s, 0.25);
    let fd = 2.0 * iqr / libm::cbrt(n);
    let sqrt_rule = range / n.sqrt();
    let sturges = range / (libm::log2(n) + 1.0);
    let width = fd.max(sqrt_rule / 2.0).min(sturges);
    let bins = ((range / width).ceil() as usize).clamp(1, max_bins);
    let step = range / bins as f64;
    (0..=bins)
        .map(|i| {
            if i == bins {
                last
            } else {
                first + i as f64 * step
            }
        })
        .collect()
}

/// How many of `xs` fall in each bin of `edges`: bin i holds edges[i] ≤ x < edges[i + 1], the
/// last bin also its right edge (numpy's convention). Values outside are not counted.
pub fn histogram(xs: &[f64], edges: &[f64]) -> Vec<usize> {
    let bins = edges.len().saturating_sub(1);
    let mut counts = vec![0; bins];
    if bins == 0 {
        return counts;
    }
    for &x in xs {
        if x < edges[0] || x > edges[bins] || x.is_nan() {
            continue;
        }
        let i = edges
            .partition_point(|&e| e <= x)
            .saturating_sub(1)
            .min(bins - 1);
        counts[i] += 1;
    }
    counts
}

/// The median (the type-7 quantile 0.5); `None` for an empty sample.
pub fn median(xs: &[f64]) -> Option<f64> {
    (!xs.is_empty()).then(|| quantile_sorted(&sorted(xs), 0.5))
}

/// The type-7 percentile `p` (0 ≤ p ≤ 100) of an unsorted sample; `None` when it is empty.
pub fn percentile(xs: &[f64], p: f64) -> Option<f64> {
    (!xs.is_empty()).then(|| quantile_sorted(&sorted(xs), p / 100.0))
}

/// The median absolute deviation from the median, unscaled (multiply by 1.4826 for a
/// consistent estimate of σ under normality); `None` for an empty sample.
pub fn mad(xs: &[f64]) -> Option<f64> {
    let m = median(xs)?;
    let deviations: Vec<f64> = xs.iter().map(|x| (x - m).abs()).collect();
    median(&deviations)
}

/// The smallest observation (NaN-free input assumed; readers drop nulls).
pub fn min(xs: &[f64]) -> Option<f64> {
    xs.iter().copied().reduce(f64::min)
}

/// The largest observation.
pub fn max(xs: &[f64]) -> Option<f64> {
    xs.iter().copied().reduce(f64::max)
}

/// The coefficient of variation: sample standard deviation over the mean. `None` below two
/// observations or when the mean is zero.
pub fn cv(xs: &[f64]) -> Option<f64> {
    let sd = std_dev(xs)?;
    let m = mean(xs);
    (m != 0.0).then(|| sd / m.abs())
}

/// The geometric mean, exp(mean(ln x)); `None` when the sample is empty or holds a value ≤ 0.
/// `libm` keeps the bits identical across targets.
pub fn geometric_mean(xs: &[f64]) -> Option<f64> {
    if xs.is_empty() || xs.iter().any(|&x| x <= 0.0 || !x.is_finite()) {
        return None;
    }
    let mean_log = xs.iter().map(|&x| libm::log(x)).sum::<f64>() / xs.len() as f64;
    Some(libm::exp(mean_log))
}

/// Tukey's fences and how many observations fall beyond them, the classification criterion.rs
/// prints: beyond 1.5 IQR from the quartiles is a mild outlier, beyond 3 IQR a severe one.
/// Quartiles are type-7.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
pub struct Outliers {
    /// Q1 − 3·IQR, Q1 − 1.5·IQR, Q3 + 1.5·IQR, Q3 + 3·IQR.
    pub fences: [f64; 4],
    pub low_severe: usize,
    pub low_mild: usize,
    pub high_mild: usize,
    pub high_severe: usize,
}

impl Outliers {
    pub fn total(&self) -> usize {
        self.low_severe + self.low_mild + self.high_mild + self.high_severe
    }
}

/// Tukey's fences of a sample with quartiles `q1` and `q3`: Q1 − 3·IQR, Q1 − 1.5·IQR,
/// Q3 + 1.5·IQR, Q3 + 3·IQR.
fn tukey_fences(q1: f64, q3: f64) -> [f64; 4] {
    let iqr = q3 - q1;
    [
        q1 - 3.0 * iqr,
        q1 - 1.5 * iqr,
        q3 + 1.5 * iqr,
        q3 + 3.0 * iqr,
    ]
}

/// The five numbers of a box plot: the whisker ends (the most extreme observations within
/// Tukey's inner fences, so the mild and severe outliers of [`tukey_outliers`] lie beyond
/// them), the quartiles and the median (type-7); `None` for an empty sample.
pub fn box_plot(xs: &[f64]) -> Option<[f64; 5]> {
    if xs.is_empty() {
        return None;
    }
    let s = sorted(xs);
    let (q1, median, q3) = (
        quantile_sorted(&s, 0.25),
        quantile_sorted(&s, 0.5),
        quantile_sorted(&s, 0.75),
    );
    let fences = tukey_fences(q1, q3);
    let low = s.iter().copied().find(|&x| x >= fences[1]).unwrap_or(q1);
    let high = s
        .iter()
        .rev()
        .copied()
        .find(|&x| x <= fences[2])
        .unwrap_or(q3);
    Some([low, q1, median, q3, high])
}

/// Classifies a sample by Tukey's fences; `None` for an empty sample.
pub fn tukey_outliers(xs: &[f64]) -> Option<Outliers> {
    if xs.is_empty() {
        return None;
    }
    let s = sorted(xs);
    let fences = tukey_fences(quantile_sorted(&s, 0.25), quantile_sorted(&s, 0.75));
    let mut o = Outliers {
        fences,
        low_severe: 0,
        low_mild: 0,
        high_mild: 0,
        high_severe: 0,
    };
    for &x in &s {
        if x < fences[0] {
            o.low_severe += 1;
        } else if x < fences[1] {
            o.low_mild += 1;
        } else if x > fences[3] {
            o.high_severe += 1;
        } else if x > fences[2] {
            o.high_mild += 1;
        }
    }
    Some(o)
}

/// Everything above about one sample, as one serialisable value.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Description {
    pub n: usize,
    pub mean: f64,
    pub stddev: Option<f64>,
    pub median: f64,
    pub mad: f64,
    pub min: f64,
    pub max: f64,
    pub p5: f64,
    pub p25: f64,
    pub p75: f64,
    pub p95: f64,
    pub p99: f64,
    pub cv: Option<f64>,
    pub geometric_mean: Option<f64>,
    pub outliers: Outliers,
}

/// Describes a non-empty sample; `None` when it is empty.
pub fn describe(xs: &[f64]) -> Option<Description> {
    if xs.is_empty() {
        return None;
    }
    let s = sorted(xs);
    let q = |p: f64| quantile_sorted(&s, p);
    Some(Description {
        n: xs.len(),
        mean: mean(xs),
        stddev: std_dev(xs),
        median: q(0.5),
        mad: mad(xs)?,
        min: s[0],
        max: s[s.len() - 1],
        p5: q(0.05),
        p25: q(0.25),
        p75: q(0.75),
        p95: q(0.95),
        p99: q(0.99),
        cv: cv(xs),
        geometric_mean: geometric_mean(xs),
        outliers: tukey_outliers(xs)?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Expected edges and counts from numpy 2.4.6:
    /// `np.histogram_bin_edges(a + b, "auto")`, `np.histogram(a, edges)`,
    /// `np.histogram(b, edges)`.
    #[test]
    fn bins_and_counts_match_numpy_auto() {
        let a = [
            487.1, 501.9, 476.4, 462.0, 512.3, 490.8, 471.2, 495.5, 483.9, 508.7,
        ];
        let b = [
            500.0, 520.5, 510.2, 530.1, 505.5, 515.0, 525.3, 498.7, 512.2, 540.0, 519.9, 507.7,
        ];
        let pooled: Vec<f64> = a.iter().chain(&b).copied().collect();
        let edges = bin_edges(&pooled, 60);
        assert_eq!(edges, [462.0, 475.0, 488.0, 501.0, 514.0, 527.0, 540.0]);
        assert_eq!(histogram(&a, &edges), [2, 3, 2, 3, 0, 0]);
        assert_eq!(histogram(&b, &edges), [0, 0, 2, 4, 4, 2]);
        // No IQR: the square-root rule's floor decides (numpy: 11 bins from 1 to 2).
        let tight: Vec<f64> = [1.0; 5]
            .iter()
            .chain(&[2.0; 5])
            .chain(&[1.5; 20])
            .copied()
            .collect();
        let edges = bin_edges(&tight, 60);
        assert_eq!(edges.len(), 12);
        assert!((edges[1] - 1.0909090909090908).abs() < 1e-12);
        assert_eq!(histogram(&tight, &edges).iter().sum::<usize>(), 30);
        // No spread: one bin around the value; the cap holds; nothing for empty input.
        assert_eq!(bin_edges(&[3.0, 3.0, 3.0], 60), [2.5, 3.5]);
        assert_eq!(bin_edges(&pooled, 3).len(), 4);
        assert!(bin_edges(&[], 60).is_empty());
    }

    #[test]
    fn mean_and_sample_std_dev() {
        // R: sd(c(2,4,4,4,5,5,7,9)) = 2.13808993529939
        let xs = [2.0, 4.0, 4.0, 4.0, 5.0, 5.0, 7.0, 9.0];
        assert_eq!(mean(&xs), 5.0);
        assert!((std_dev(&xs).unwrap() - 2.138_089_935_299_39).abs() < 1e-12);
        assert_eq!(std_dev(&[1.0]), None);
    }

    #[test]
    fn type7_quantiles_match_numpy() {
        // numpy.percentile([15, 20, 35, 40, 50], [0, 25, 40, 50, 95, 100])
        //   = [15., 20., 29., 35., 48., 50.]
        let s = sorted(&[50.0, 15.0, 40.0, 20.0, 35.0]);
        let expect = [
            (0.0, 15.0),
            (0.25, 20.0),
            (0.4, 29.0),
            (0.5, 35.0),
            (0.95, 48.0),
            (1.0, 50.0),
        ];
        for (q, want) in expect {
            assert!((quantile_sorted(&s, q) - want).abs() < 1e-12, "q={q}");
        }
        assert_eq!(quantile_sorted(&[7.0], 0.99), 7.0);
    }

    #[test]
    fn box_plot_whiskers_stop_at_the_inner_fences() {
        // Q1 = 2.25, Q3 = 4.75 (type 7), so the inner fences are −1.5 and 8.5: 100 is beyond.
        let [low, q1, median, q3, high] = box_plot(&[5.0, 1.0, 100.0, 3.0, 2.0, 4.0]).unwrap();
        assert_eq!([low, q1, median, q3, high], [1.0, 2.25, 3.5, 4.75, 5.0]);
        let outliers = tukey_outliers(&[5.0, 1.0, 100.0, 3.0, 2.0, 4.0]).unwrap();
        assert!(high <= outliers.fences[2] && low >= outliers.fences[1]);
        assert_eq!(outliers.total(), 1);
        assert_eq!(box_plot(&[7.0]).unwrap(), [7.0; 5]);
        assert_eq!(box_plot(&[]), None);
    }
}
