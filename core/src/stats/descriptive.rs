//! Descriptive statistics of one sample.
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
    sorted[lo] + (h - lo as f64) * (sorted[hi] - sorted[lo])
}

#[cfg(test)]
mod tests {
    use super::*;

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
}
