//! Change points in a series: a robust **MOSUM** (moving-sum) procedure for shifts in the mean
//! of the log values (Eichinger and Kirch, "A MOSUM procedure for the estimation of multiple
//! random change points", Bernoulli 24(1), 2018; the R package `mosum` of Meier, Kirch and
//! Cho, J. Stat. Softw. 97(8), 2021), with the package's boundary extension, a robust scale
//! and clipping of single outliers. docs/statistics.md says why and what the calibration
//! tests measure.
//!
//! The procedure on a series x₀ … xₙ₋₁:
//! 1. y = ln x when every value is positive (benchmark noise is multiplicative, and a shift
//!    in y is a relative shift of x); otherwise y = x / |median x|.
//! 2. A robust scale s₀ = 1.4826 · MAD(yᵢ₊₁ − yᵢ) / √2: differences cancel the level, so the
//!    steps being looked for do not inflate it, and the median ignores outliers.
//! 3. Outliers: z = y, except that a value further than 3 s₀ from its running median of five
//!    (fewer at the ends) is replaced by that median. A running median keeps steps and
//!    removes single spikes, so one wild run adds nothing to any window. The scale of z is σ = √(Σ dᵢ² / (2(n − 1))) over z's differences winsorised at
//!    ± 3√2 s₀ (the variance of what is tested, heavy tails included).
//! 4. With the minimum segment L (default max(5, ⌈√n / 2⌉)) and the bandwidth G = 2L, the
//!    statistic at k (L ≤ k ≤ n − L) is T(k) = |mean(z[k..k+G]) − mean(z[k−G..k])| /
//!    (σ √(2/G)); within G of an end the windows are the first (last) min(2G, n) points split
//!    at k (the `mosum` package's boundary extension), so a change can be found L points from
//!    the newest run.
//! 5. Candidates are the k whose T is the largest within L − 1 points either side (so change
//!    points are at least L apart and no segment is shorter than L). Each gets the
//!    asymptotic p-value of the MOSUM maximum, p = 1 − exp(−2 e^{b − aT}) with
//!    a = √(2 ln(n/G)), b = 2 ln(n/G) + ½ ln ln(n/G) + ln(3/2) − ½ ln π: the probability that
//!    a series without change has a statistic this large anywhere.
//! 6. A candidate is a change point when p < `significance` and its shift (the relative
//!    change between its two windows' means of z) is larger than `min_change`.
//! 7. Each change point is then located by the likelihood maximum of a single mean change
//!    (the CUSUM) between its neighbours, at most G either side: MOSUM's maximum detects well
//!    but locates more loosely (the refinement of Cho and Kirch, AISM 74, 2022).
//!
//! Everything is O(n) but the running medians (five values each); the transcendental
//! functions are `libm`'s, so the result is the same bits natively and in wasm32.

use serde::Serialize;

use super::descriptive;

/// The knobs of the search, with the defaults documented in docs/statistics.md.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Options {
    /// A candidate is accepted when its p-value (the chance that a series without change has
    /// a statistic this large anywhere) is below this. Default 0.005: at most about one false
    /// change point per 200 stationary series, before any control across series
    /// (`trend::analyze` adds that).
    pub significance: f64,
    /// The fewest points on each side of a change point (and between two). `None` (default):
    /// [`min_segment`] of the series' length, which grows with it.
    pub min_size: Option<usize>,
    /// Shifts of at most this relative size are not reported. Default 0.01, the policy's
    /// default `noise`; `trend::analyze_with` uses each series' policy noise instead.
    pub min_change: f64,
}

impl Default for Options {
    fn default() -> Options {
        Options {
            significance: 0.005,
            min_size: None,
            min_change: 0.01,
        }
    }
}

/// A change point: the series changes between `index − 1` and `index`.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct ChangePoint {
    /// The first point of the new regime.
    pub index: usize,
    /// The standardised statistic T at `index`.
    pub statistic: f64,
    /// The asymptotic p-value of T (see the module's documentation).
    pub p_value: f64,
    /// The relative shift between the windows either side (after / before − 1).
    pub shift: f64,
}

/// The default minimum segment length of a series of `n` points: max(5, ⌈√n / 2⌉): 5 up to
/// 100 points, 10 at 365, 15 at 816, 50 at 10,000.
pub fn min_segment(n: usize) -> usize {
    let half_root = (n as f64).sqrt() / 2.0;
    (half_root.ceil() as usize).max(5)
}

/// The minimum segment length `options` gives a series of `n` points.
pub fn min_size_for(n: usize, options: &Options) -> usize {
    options.min_size.unwrap_or_else(|| min_segment(n)).max(1)
}

/// The change points of `series`, in index order: the candidates whose p-value is below
/// `options.significance`, located ([`select`]).
pub fn detect(series: &[f64], options: &Options) -> Vec<ChangePoint> {
    select(series, options, |c| c.p_value < options.significance)
}

/// Every candidate of `series` whose shift is larger than `options.min_change`, with its
/// p-value, whatever the significance, at the MOSUM statistic's maximum (not yet located):
/// `trend::analyze` chooses among the candidates of all its series at once, then calls
/// [`select`].
pub fn candidates(series: &[f64], options: &Options) -> Vec<ChangePoint> {
    prepare(series, options).map_or_else(Vec::new, |p| p.candidates(options))
}

/// The candidates that `keep` keeps, each then located by the likelihood (CUSUM) maximum of
/// one change in the mean between its neighbours (at most G points either side, and at least
/// L from each neighbour): the MOSUM maximum is a good detector but a noisier locator.
/// Change points stay at least L apart; their statistic, p-value and shift are the
/// detection's.
pub fn select(
    series: &[f64],
    options: &Options,
    keep: impl Fn(&ChangePoint) -> bool,
) -> Vec<ChangePoint> {
    let Some(p) = prepare(series, options) else {
        return Vec::new();
    };
    let kept: Vec<ChangePoint> = p
        .candidates(options)
        .into_iter()
        .filter(|c| keep(c))
        .collect();
    let n = p.z.len();
    let mut located: Vec<ChangePoint> = Vec::with_capacity(kept.len());
    for (i, c) in kept.iter().enumerate() {
        let prev = located.last().map_or(0, |c| c.index);
        let next = kept.get(i + 1).map_or(n, |c| c.index);
        let (a, b) = (
            c.index.saturating_sub(p.g).max(prev),
            (c.index + p.g).min(next),
        );
        let lo = (a + 1).max(prev + p.l);
        let hi = (b - 1).min(next.saturating_sub(p.l));
        let mut best = (c.index, f64::NEG_INFINITY);
        for tau in lo..=hi {
            let (m, k) = ((tau - a) as f64, (b - tau) as f64);
            let d = (p.mean(tau, b) - p.mean(a, tau)).abs() * (m * k / (m + k)).sqrt();
            if d > best.1 {
                best = (tau, d);
            }
        }
        located.push(ChangePoint {
            index: best.0,
            ..*c
        });
    }
    located
}

/// A series ready for the search: z, its scale and prefix sums, L and G.
struct Prepared {
    z: Vec<f64>,
    prefix: Vec<f64>,
    sigma: f64,
    logs: bool,
    l: usize,
    g: usize,
}

fn prepare(series: &[f64], options: &Options) -> Option<Prepared> {
    let n = series.len();
    let l = min_size_for(n, options);
    if n < 2 * l || n < 3 || series.iter().any(|x| !x.is_finite()) {
        return None;
    }
    let logs = series.iter().all(|&x| x > 0.0);
    let y: Vec<f64> = if logs {
        series.iter().map(|&x| libm::log(x)).collect()
    } else {
        let abs: Vec<f64> = series.iter().map(|x| x.abs()).collect();
        let m = descriptive::median(&abs)?;
        if m == 0.0 {
            return None;
        }
        series.iter().map(|&x| x / m).collect()
    };
    let Clipped { values: z, sigma } = clipped(&y)?;
    let mut prefix = Vec::with_capacity(n + 1);
    prefix.push(0.0);
    let mut sum = 0.0;
    for &v in &z {
        sum += v;
        prefix.push(sum);
    }
    Some(Prepared {
        z,
        prefix,
        sigma,
        logs,
        l,
        g: 2 * l,
    })
}

impl Prepared {
    fn mean(&self, a: usize, b: usize) -> f64 {
        (self.prefix[b] - self.prefix[a]) / (b - a) as f64
    }

    fn candidates(&self, options: &Options) -> Vec<ChangePoint> {
        let (n, l, g) = (self.z.len(), self.l, self.g);
        // (T, difference of the windows' means in z) at each k in l..=n − l.
        let stats: Vec<(f64, f64)> = (l..=n - l)
            .map(|k| {
                let (start, end) = if n <= 2 * g {
                    (0, n)
                } else if k < g {
                    (0, 2 * g)
                } else if k + g > n {
                    (n - 2 * g, n)
                } else {
                    (k - g, k + g)
                };
                let (left, right) = ((k - start) as f64, (end - k) as f64);
                let diff = self.mean(k, end) - self.mean(start, k);
                let t = diff.abs() / (self.sigma * (1.0 / left + 1.0 / right).sqrt());
                (t, diff)
            })
            .collect();
        let (a, b) = gumbel(n, g);
        let mut found = Vec::new();
        for (i, &(t, diff)) in stats.iter().enumerate() {
            // The largest within l − 1 either side; of equals, the first.
            let lo = i.saturating_sub(l - 1);
            let hi = (i + l).min(stats.len());
            let best =
                stats[lo..i].iter().all(|s| s.0 < t) && stats[i + 1..hi].iter().all(|s| s.0 <= t);
            if !best || t.is_nan() {
                continue;
            }
            let shift = if self.logs { libm::expm1(diff) } else { diff };
            if shift.abs() <= options.min_change {
                continue;
            }
            // p = 1 − exp(−2 e^{b − aT}).
            let p_value = (-libm::expm1(-2.0 * libm::exp(b - a * t))).clamp(0.0, 1.0);
            found.push(ChangePoint {
                index: l + i,
                statistic: t,
                p_value,
                shift,
            });
        }
        found
    }
}

/// The clipped series and its scale; `None` when nothing varies.
struct Clipped {
    values: Vec<f64>,
    sigma: f64,
}

fn clipped(y: &[f64]) -> Option<Clipped> {
    let n = y.len();
    let diffs: Vec<f64> = y.windows(2).map(|w| w[1] - w[0]).collect();
    let mut s0 = 1.4826 * descriptive::mad(&diffs)? / std::f64::consts::SQRT_2;
    if s0 == 0.0 || !s0.is_finite() {
        // Mostly ties (instruction counts, sizes): the plain standard deviation instead.
        s0 = descriptive::std_dev(&diffs).unwrap_or(0.0) / std::f64::consts::SQRT_2;
    }
    if s0 == 0.0 || !s0.is_finite() {
        return None;
    }
    let mut values = Vec::with_capacity(n);
    let mut window = [0.0f64; 5];
    for i in 0..n {
        let (lo, hi) = (i.saturating_sub(2), (i + 3).min(n));
        let w = &mut window[..hi - lo];
        w.copy_from_slice(&y[lo..hi]);
        w.sort_by(f64::total_cmp);
        let median = descriptive::quantile_sorted(w, 0.5);
        // An outlier is replaced by the median: it then adds nothing at all to a window.
        let v = y[i];
        values.push(if (v - median).abs() <= 3.0 * s0 {
            v
        } else {
            median
        });
    }
    let bound = 3.0 * std::f64::consts::SQRT_2 * s0;
    let squares: f64 = values
        .windows(2)
        .map(|w| {
            let d = (w[1] - w[0]).clamp(-bound, bound);
            d * d
        })
        .sum();
    let sigma = (squares / (2.0 * (n - 1) as f64)).sqrt();
    (sigma > 0.0 && sigma.is_finite()).then_some(Clipped { values, sigma })
}

/// The scaling constants (a, b) of the MOSUM maximum's Gumbel limit for `n` points and
/// bandwidth `g` (equal windows). The ratio is held at 4 or more: the limit is asymptotic and
/// a shorter series would get a meaningless (or undefined) ln ln.
fn gumbel(n: usize, g: usize) -> (f64, f64) {
    let r = (n as f64 / g as f64).max(4.0);
    let log_r = libm::log(r);
    let a = (2.0 * log_r).sqrt();
    let b = 2.0 * log_r + 0.5 * libm::log(log_r) + libm::log(1.5)
        - 0.5 * libm::log(std::f64::consts::PI);
    (a, b)
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
        let cps = detect(&z, &Options::default());
        assert_eq!(cps.len(), 1, "{cps:?}");
        assert_eq!(cps[0].index, 20);
        assert!((cps[0].shift - 0.2).abs() < 0.01, "{cps:?}");
    }

    #[test]
    fn a_noiseless_step_is_found() {
        let mut z = vec![100.0; 30];
        z.extend(vec![120.0; 30]);
        let cps = detect(&z, &Options::default());
        assert_eq!(cps.iter().map(|c| c.index).collect::<Vec<_>>(), [30]);
    }

    #[test]
    fn short_or_flat_series_have_none() {
        assert!(detect(&[1.0, 2.0], &Options::default()).is_empty());
        assert!(detect(&[5.0; 30], &Options::default()).is_empty());
        assert!(detect(&[0.0; 30], &Options::default()).is_empty());
        assert!(detect(
            &[1.0, f64::NAN, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0],
            &Options::default()
        )
        .is_empty());
    }

    #[test]
    fn a_shift_inside_the_noise_band_is_not_reported() {
        // A 0.8 % step with almost no noise: significant, but inside the 1 % band.
        let z: Vec<f64> = (0..60)
            .map(|i| if i < 30 { 100.0 } else { 100.8 } + (i % 3) as f64 * 0.001)
            .collect();
        assert!(detect(&z, &Options::default()).is_empty());
        let loose = Options {
            min_change: 0.005,
            ..Options::default()
        };
        assert_eq!(detect(&z, &loose).len(), 1);
    }

    #[test]
    fn non_positive_series_are_searched_on_the_raw_scale() {
        let z: Vec<f64> = (0..60)
            .map(|i| if i < 30 { -1.0 } else { 1.0 } + (i % 3) as f64 * 0.01)
            .collect();
        let cps = detect(&z, &Options::default());
        assert_eq!(cps.iter().map(|c| c.index).collect::<Vec<_>>(), [30]);
    }

    #[test]
    fn the_minimum_segment_grows_with_the_series() {
        assert_eq!(min_segment(10), 5);
        assert_eq!(min_segment(100), 5);
        assert_eq!(min_segment(365), 10);
        assert_eq!(min_segment(816), 15);
        assert_eq!(min_segment(10_000), 50);
    }
}
