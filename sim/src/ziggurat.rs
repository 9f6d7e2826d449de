//! Ziggurat samplers for the standard normal and the standard exponential (Marsaglia & Tsang,
//! "The Ziggurat Method for Generating Random Variables", 2000, with 256 layers as in
//! `rand_distr`, and the index, sign and uniform taken from separate bits of one draw, as
//! Doornik 2005 recommends).
//!
//! The density under the curve is covered by 256 layers of equal area: a draw picks a layer
//! (8 bits) and a point in it (53 bits); about 99 % of draws (normal: 98.8 %, exponential:
//! 98.9 %) fall inside the layer's rectangle under the curve and are returned after one
//! multiplication and one comparison. Only the rest — the wedge beside the curve, and the
//! tail beyond the last layer — call `libm` (`exp`, `log`). Tables and arithmetic are
//! IEEE basic operations (no fused multiply-add), so a draw is the same bits on every target.
//!
//! The tables are constants in `ziggurat_tables.rs`, built by `build` below with `libm` from
//! the published R and V; a test rebuilds them and checks every bit (`BLESS=1` rewrites the
//! file after a deliberate change).

#[rustfmt::skip]
mod tables;

use benchdash_core::random::Rng;
use tables::{EXP_F, EXP_R, EXP_X, NORM_F, NORM_R, NORM_X};

/// 2^-53: a 53-bit integer times this is a uniform number in [0, 1).
const UNIT: f64 = 1.0 / (1u64 << 53) as f64;

/// The ziggurat's deviates as methods of the shared [`Rng`] (`dist` re-exports this).
pub trait Deviates {
    /// A standard normal deviate, by the ziggurat: about 99 % of draws take one 64-bit word,
    /// a table look-up and a multiplication; the rest call `libm`.
    fn standard_normal(&mut self) -> f64;
    /// An exponential deviate with the given mean, by the ziggurat as well.
    fn exponential(&mut self, mean: f64) -> f64;
}

impl Deviates for Rng {
    #[inline]
    fn standard_normal(&mut self) -> f64 {
        normal(self)
    }

    #[inline]
    fn exponential(&mut self, mean: f64) -> f64 {
        mean * exponential(self)
    }
}

/// A standard normal deviate: one 64-bit draw, and more only on the rare wedge and tail
/// paths.
#[inline(always)]
pub fn normal(rng: &mut Rng) -> f64 {
    loop {
        let bits = rng.next_u64();
        let i = (bits & 0xff) as usize;
        let negative = bits & 0x100 != 0;
        let x = (bits >> 11) as f64 * UNIT * NORM_X[i];
        let sign = |x: f64| if negative { -x } else { x };
        if x < NORM_X[i + 1] {
            return sign(x);
        }
        if i == 0 {
            // The tail beyond R (Marsaglia 1964): x = −ln(U1)/R, accepted when
            // −2·ln(U2) ≥ x².
            loop {
                let x = -libm::log(rng.uniform_open0()) / NORM_R;
                let y = -libm::log(rng.uniform_open0());
                if y + y >= x * x {
                    return sign(NORM_R + x);
                }
            }
        }
        // The wedge: a uniform height between the layer's bounds, under the curve or not.
        if NORM_F[i + 1] + (NORM_F[i] - NORM_F[i + 1]) * rng.uniform() < libm::exp(-0.5 * x * x) {
            return sign(x);
        }
    }
}

/// A standard exponential deviate (mean 1): one 64-bit draw, more only on the rare paths.
#[inline(always)]
pub fn exponential(rng: &mut Rng) -> f64 {
    loop {
        let bits = rng.next_u64();
        let i = (bits & 0xff) as usize;
        let x = (bits >> 11) as f64 * UNIT * EXP_X[i];
        if x < EXP_X[i + 1] {
            return x;
        }
        if i == 0 {
            // The tail beyond R is R plus an exponential (memorylessness).
            return EXP_R - libm::log(rng.uniform_open0());
        }
        if EXP_F[i + 1] + (EXP_F[i] - EXP_F[i + 1]) * rng.uniform() < libm::exp(-x) {
            return x;
        }
    }
}

/// The layer edges `x` (x[0] = V / f(R), the base layer's width including its tail, x[1] = R,
/// …, x[256] = 0) and the unnormalised density at each, `f[i] = f(x[i])`, for a density `f`
/// with inverse `f_inv`, tail start `r` and layer area `v` (the construction of
/// `rand_distr`'s `ziggurat_tables.py`).
#[cfg(test)]
fn build(r: f64, v: f64, f: fn(f64) -> f64, f_inv: fn(f64) -> f64) -> ([f64; 257], [f64; 257]) {
    let mut x = [0.0; 257];
    x[0] = v / f(r);
    x[1] = r;
    for i in 2..256 {
        x[i] = f_inv(v / x[i - 1] + f(x[i - 1]));
    }
    let mut fx = [0.0; 257];
    for i in 0..257 {
        fx[i] = f(x[i]);
    }
    (x, fx)
}

#[cfg(test)]
#[allow(clippy::disallowed_methods)] // native oracles, not portable code
mod tests {
    use super::*;
    use statrs::distribution::{ChiSquared, ContinuousCDF, Exp, Normal};

    /// R and V of Marsaglia & Tsang (2000), 256 layers.
    const NORM_V: f64 = 0.00492867323399;
    const EXP_V: f64 = 0.003949659822581557;

    fn normal_tables() -> ([f64; 257], [f64; 257]) {
        build(
            NORM_R,
            NORM_V,
            |x| libm::exp(-x * x / 2.0),
            |y| libm::sqrt(-2.0 * libm::log(y)),
        )
    }

    fn exp_tables() -> ([f64; 257], [f64; 257]) {
        build(EXP_R, EXP_V, |x| libm::exp(-x), |y| -libm::log(y))
    }

    fn rust(name: &str, values: &[f64]) -> String {
        let mut s = format!("pub static {name}: [f64; {}] = [\n", values.len());
        for v in values {
            s += &format!("    {v:?},\n");
        }
        s + "];\n"
    }

    #[test]
    fn the_tables_are_those_libm_builds() {
        let (nx, nf) = normal_tables();
        let (ex, ef) = exp_tables();
        let same = |a: &[f64], b: &[f64]| {
            a.len() == b.len() && a.iter().zip(b).all(|(p, q)| p.to_bits() == q.to_bits())
        };
        let ok = same(&nx, &NORM_X) && same(&nf, &NORM_F) && same(&ex, &EXP_X) && same(&ef, &EXP_F);
        if !ok && std::env::var_os("BLESS").is_some() {
            let text = format!(
                "//! Generated by `ziggurat::tests::the_tables_are_those_libm_builds` with \
                 BLESS=1:\n//! the ziggurat layers of the standard normal (R = {NORM_R:?}, \
                 V = {NORM_V:?})\n//! and the standard exponential (R = {EXP_R:?}, V = \
                 {EXP_V:?}),\n//! 256 layers each, built with `libm`.\n\n\
                 pub const NORM_R: f64 = {NORM_R:?};\npub const EXP_R: f64 = {EXP_R:?};\n\n{}\n{}\n{}\n{}",
                rust("NORM_X", &nx),
                rust("NORM_F", &nf),
                rust("EXP_X", &ex),
                rust("EXP_F", &ef)
            );
            let path = concat!(env!("CARGO_MANIFEST_DIR"), "/src/sim/ziggurat/tables.rs");
            std::fs::write(path, text).unwrap();
            return;
        }
        assert!(
            ok,
            "the ziggurat tables are stale: rebuild them with BLESS=1"
        );
        // The construction closes: the last layer ends at the mode, within rounding.
        assert!(nx[255] > 0.0 && nx[255] < 0.3 && nx[256] == 0.0 && nf[256] == 1.0);
        assert!(ex[255] > 0.0 && ex[255] < 0.1 && ex[256] == 0.0 && ef[256] == 1.0);
        for i in 0..256 {
            assert!(nx[i] > nx[i + 1] && ex[i] > ex[i + 1], "layer {i}");
        }
    }

    /// n draws from the sampler `which` ("normal" or "exponential") of a seeded `Rng`.
    fn draws(which: &str, n: usize, seed: u64) -> Vec<f64> {
        let mut rng = Rng::new(seed);
        (0..n)
            .map(|_| match which {
                "normal" => rng.standard_normal(),
                _ => rng.exponential(1.0),
            })
            .collect()
    }

    /// The Kolmogorov–Smirnov statistic of sorted `xs` against `cdf`.
    fn ks(xs: &[f64], cdf: impl Fn(f64) -> f64) -> f64 {
        let n = xs.len() as f64;
        xs.iter()
            .enumerate()
            .map(|(i, &x)| {
                let c = cdf(x);
                (c - i as f64 / n).max((i + 1) as f64 / n - c)
            })
            .fold(0.0, f64::max)
    }

    /// Pearson's χ² over `bins` bins of equal probability under `cdf`.
    fn chi2(xs: &[f64], bins: usize, cdf: impl Fn(f64) -> f64) -> f64 {
        let mut counts = vec![0u64; bins];
        for &x in xs {
            let b = ((cdf(x) * bins as f64) as usize).min(bins - 1);
            counts[b] += 1;
        }
        let e = xs.len() as f64 / bins as f64;
        counts.iter().map(|&c| (c as f64 - e).powi(2) / e).sum()
    }

    // One million draws. Under the null hypothesis √n·D has the Kolmogorov distribution, whose
    // 0.999 quantile is 1.95, so D < 1.95 / 1000; χ² with 999 degrees of freedom is checked
    // against its own 0.999 quantile. Moments: the sample mean has standard error 1/√n, the
    // variance √(2/n) (normal) — bounds of 5 standard errors.
    const N: usize = 1_000_000;

    #[test]
    fn the_normal_sampler_follows_the_normal_distribution() {
        let mut xs = draws("normal", N, 11);
        let n = N as f64;
        let mean = xs.iter().sum::<f64>() / n;
        let var = xs.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / (n - 1.0);
        let skew = xs.iter().map(|x| (x - mean).powi(3)).sum::<f64>() / n / var.powf(1.5);
        let kurt = xs.iter().map(|x| (x - mean).powi(4)).sum::<f64>() / n / (var * var);
        assert!(mean.abs() < 5.0 / n.sqrt(), "mean {mean}");
        assert!((var - 1.0).abs() < 5.0 * (2.0 / n).sqrt(), "variance {var}");
        assert!(skew.abs() < 5.0 * (6.0 / n).sqrt(), "skewness {skew}");
        assert!(
            (kurt - 3.0).abs() < 5.0 * (24.0 / n).sqrt(),
            "kurtosis {kurt}"
        );
        let phi = Normal::standard();
        let crit = ChiSquared::new(999.0).unwrap().inverse_cdf(0.999);
        let c = chi2(&xs, 1000, |x| phi.cdf(x));
        assert!(c < crit, "χ² {c} ≥ {crit}");
        // The tail beyond R (2.6e-4 of the mass, on both sides) and the sign are right too.
        let tail = xs.iter().filter(|x| x.abs() > NORM_R).count() as f64;
        let p = 2.0 * phi.cdf(-NORM_R);
        assert!(
            (tail - n * p).abs() < 5.0 * (n * p).sqrt(),
            "{tail} beyond R, want {}",
            n * p
        );
        let negative = xs.iter().filter(|x| **x < 0.0).count() as f64;
        assert!((negative - n / 2.0).abs() < 5.0 * (n / 4.0).sqrt());
        xs.sort_by(f64::total_cmp);
        let d = ks(&xs, |x| phi.cdf(x));
        assert!(d < 1.95 / n.sqrt(), "KS D = {d}");
    }

    #[test]
    fn the_exponential_sampler_follows_the_exponential_distribution() {
        let mut xs = draws("exponential", N, 12);
        let n = N as f64;
        let mean = xs.iter().sum::<f64>() / n;
        let var = xs.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / (n - 1.0);
        // Exp(1): mean 1 (standard error 1/√n), variance 1 (standard error √(8/n)).
        assert!((mean - 1.0).abs() < 5.0 / n.sqrt(), "mean {mean}");
        assert!((var - 1.0).abs() < 5.0 * (8.0 / n).sqrt(), "variance {var}");
        let e = Exp::new(1.0).unwrap();
        let crit = ChiSquared::new(999.0).unwrap().inverse_cdf(0.999);
        let c = chi2(&xs, 1000, |x| e.cdf(x));
        assert!(c < crit, "χ² {c} ≥ {crit}");
        let tail = xs.iter().filter(|&&x| x > EXP_R).count() as f64;
        let p = libm::exp(-EXP_R);
        assert!(
            (tail - n * p).abs() < 5.0 * (n * p).sqrt(),
            "{tail} beyond R"
        );
        assert!(xs.iter().all(|&x| x >= 0.0));
        xs.sort_by(f64::total_cmp);
        let d = ks(&xs, |x| e.cdf(x));
        assert!(d < 1.95 / n.sqrt(), "KS D = {d}");
    }

    #[test]
    fn the_exponential_tail_beyond_r_is_r_plus_an_exponential() {
        // Only about 1 draw in 2,200 lands beyond R, so the whole-distribution tests above see
        // a few hundred and would miss a tail drawn with the wrong scale. Here: 2·10⁷ draws,
        // about 9,200 beyond R, whose excess over R must be Exp(1) (memorylessness).
        let mut rng = Rng::new(99);
        let mut excess: Vec<f64> = (0..20_000_000)
            .map(|_| rng.exponential(1.0))
            .filter(|&x| x > EXP_R)
            .map(|x| x - EXP_R)
            .collect();
        let n = excess.len() as f64;
        let expected = 2e7 * libm::exp(-EXP_R);
        assert!((n - expected).abs() < 5.0 * expected.sqrt(), "{n} beyond R");
        let mean = excess.iter().sum::<f64>() / n;
        // Exp(1): standard error of the mean 1/√n ≈ 0.0104; a tail scaled by 0.9 is 10 away.
        assert!((mean - 1.0).abs() < 5.0 / n.sqrt(), "excess mean {mean}");
        excess.sort_by(f64::total_cmp);
        let e = Exp::new(1.0).unwrap();
        let d = ks(&excess, |x| e.cdf(x));
        assert!(d < 1.95 / n.sqrt(), "KS D = {d}");
    }

    #[test]
    fn the_normal_tail_beyond_r_follows_the_normal_tail() {
        // As for the exponential: the whole-distribution tests see few draws beyond R. Here
        // 2·10⁷ draws, about 5,100 with |x| > R, against the normal's tail given |x| > R.
        let mut rng = Rng::new(7);
        let mut tail: Vec<f64> = (0..20_000_000)
            // Both signs' tails together: the sign is one bit of the draw, apart from |x|.
            .map(|_| rng.standard_normal().abs())
            .filter(|&x| x > NORM_R)
            .collect();
        let n = tail.len() as f64;
        let z = Normal::new(0.0, 1.0).unwrap();
        let beyond = z.sf(NORM_R);
        let expected = 2e7 * 2.0 * beyond;
        assert!((n - expected).abs() < 5.0 * expected.sqrt(), "{n} beyond R");
        tail.sort_by(f64::total_cmp);
        let d = ks(&tail, |x| 1.0 - z.sf(x) / beyond);
        assert!(d < 1.95 / n.sqrt(), "KS D = {d}");
    }
}
