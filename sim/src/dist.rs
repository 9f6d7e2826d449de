//! The seeded random source and the samplers of the scenario's distributions.
//!
//! Every draw goes through [`Rng`] (core's `random::Rng`: xoshiro256++ from `rand_xoshiro`,
//! seeded with SplitMix64; re-exported here with the ziggurat's [`Deviates`]),
//! and every transcendental function through `libm`, so one seed gives the same numbers on
//! every target: `f64::ln` and friends may differ in the last bit between native and wasm,
//! `libm`'s pure-Rust versions do not. Basic arithmetic and `sqrt` are exactly rounded by
//! IEEE 754 everywhere.
//!
//! Normal and exponential draws come from the ziggurat (`ziggurat.rs`): constant tables and
//! basic arithmetic on about 99 % of draws, `libm` on the rest. Lognormal draws are
//! `libm::exp` of a normal one.

pub use crate::ziggurat::Deviates;
pub use benchdash_core::random::Rng;

/// A distribution of durations, in nanoseconds (as parsed from a scenario).
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Dist {
    Constant {
        value: f64,
    },
    /// Redrawn while negative.
    Normal {
        mean: f64,
        sd: f64,
    },
    /// `mean` is the arithmetic mean; `mu` = ln(mean) − σ²/2 is precomputed.
    LogNormal {
        mean: f64,
        sigma: f64,
        mu: f64,
    },
    Exponential {
        mean: f64,
    },
    Uniform {
        min: f64,
        max: f64,
    },
}

impl Dist {
    pub fn lognormal(mean: f64, sigma: f64) -> Dist {
        Dist::LogNormal {
            mean,
            sigma,
            mu: libm::log(mean) - sigma * sigma / 2.0,
        }
    }

    /// The distribution's mean, in nanoseconds.
    pub fn mean(&self) -> f64 {
        match *self {
            Dist::Constant { value } => value,
            // The mean of the normal truncated at zero is not `mean`; callers use this only for
            // sizing, and the scenario rules keep mean ≥ 0.
            Dist::Normal { mean, .. } => mean,
            Dist::LogNormal { mean, .. } => mean,
            Dist::Exponential { mean } => mean,
            Dist::Uniform { min, max } => (min + max) / 2.0,
        }
    }

    /// One draw, rounded to whole nanoseconds.
    #[inline]
    pub fn sample(&self, rng: &mut Rng) -> u64 {
        let x = match *self {
            Dist::Constant { value } => value,
            Dist::Normal { mean, sd } => {
                if sd == 0.0 {
                    mean
                } else {
                    loop {
                        let x = mean + sd * rng.standard_normal();
                        if x >= 0.0 {
                            break x;
                        }
                    }
                }
            }
            Dist::LogNormal { sigma, mu, .. } => {
                super::fastexp::exp(mu + sigma * rng.standard_normal())
            }
            Dist::Exponential { mean } => rng.exponential(mean),
            Dist::Uniform { min, max } => min + (max - min) * rng.uniform(),
        };
        round_ns(x)
    }
}

/// `x` rounded half away from zero to whole nanoseconds, saturating at 0 and `u64::MAX`
/// (NaN gives 0): exactly `libm::round(x) as u64`, without the call. Below 2^53 the
/// truncation `x as i64`, its conversion back and the subtraction are all exact, so the
/// fraction is exact on every target (and the conversions are single instructions); from
/// 2^53 up every `f64` is an integer already.
#[inline(always)]
pub fn round_ns(x: f64) -> u64 {
    if x >= 9_007_199_254_740_992.0 {
        x as u64
    } else if x > 0.0 {
        let i = x as i64;
        (i + (x - i as f64 >= 0.5) as i64) as u64
    } else {
        // Zero, negative (rounds to 0 or saturates there) or NaN.
        0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mean_of(d: Dist, n: usize) -> f64 {
        let mut rng = Rng::new(7);
        (0..n).map(|_| d.sample(&mut rng) as f64).sum::<f64>() / n as f64
    }

    #[test]
    fn sample_means_match_the_parameters() {
        // 200k draws: the standard error is sd/447, so 1% tolerances are > 4 standard errors.
        let n = 200_000;
        let close = |got: f64, want: f64, tol: f64| {
            assert!((got - want).abs() <= tol * want, "{got} vs {want}")
        };
        close(mean_of(Dist::Exponential { mean: 1e6 }, n), 1e6, 0.01);
        close(mean_of(Dist::lognormal(298e6, 0.06), n), 298e6, 0.001);
        close(mean_of(Dist::Uniform { min: 1e6, max: 3e6 }, n), 2e6, 0.005);
        close(
            mean_of(
                Dist::Normal {
                    mean: 156e6,
                    sd: 12e6,
                },
                n,
            ),
            156e6,
            0.001,
        );
        assert_eq!(mean_of(Dist::Constant { value: 5e6 }, 10), 5e6);
    }

    #[test]
    fn normal_is_redrawn_while_negative() {
        let mut rng = Rng::new(1);
        let d = Dist::Normal { mean: 0.0, sd: 1e6 };
        // Half-normal: mean sd·√(2/π).
        let n = 100_000;
        let m = (0..n).map(|_| d.sample(&mut rng) as f64).sum::<f64>() / n as f64;
        let want = 1e6 * (2.0 / core::f64::consts::PI).sqrt();
        assert!((m - want).abs() < 0.01 * want, "{m} vs {want}");
    }

    #[test]
    fn round_ns_is_libm_round_as_u64() {
        let mut rng = Rng::new(3);
        let mut xs = vec![
            0.0,
            -0.0,
            0.5,
            1.5,
            2.5,
            0.49999999999999994,
            -0.3,
            -0.5,
            -0.7,
            -1e30,
            4503599627370495.5,
            4503599627370496.5,
            9007199254740991.0,
            9007199254740992.0,
            9007199254740994.0,
            1.8446744073709552e19,
            1e300,
            f64::INFINITY,
            f64::NEG_INFINITY,
            f64::NAN,
            f64::MIN_POSITIVE,
        ];
        for _ in 0..100_000 {
            let scale = [1.0, 1e3, 1e6, 1e9, 1e12, 1e17][rng.below(6) as usize];
            xs.push((rng.uniform() - 0.1) * scale);
        }
        for x in xs {
            assert_eq!(round_ns(x), libm::round(x) as u64, "{x:?}");
        }
    }

    #[test]
    fn the_same_seed_gives_the_same_stream() {
        let mut a = Rng::new(42);
        let mut b = Rng::new(42);
        for _ in 0..100 {
            assert_eq!(a.uniform().to_bits(), b.uniform().to_bits());
        }
        assert_ne!(Rng::new(1).uniform(), Rng::new(2).uniform());
    }
}
