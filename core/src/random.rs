//! The one seeded random source of core and the simulation: [`Rng`], xoshiro256++
//! (`rand_xoshiro`) seeded from a `u64` with SplitMix64, and the draws both use, each an
//! integer operation or an exact conversion and one multiplication by a power of two, so a
//! seed gives the same numbers, bit for bit, natively and in wasm32.
//!
//! Users: `stats::bootstrap` (index draws for resampling) and `benchdash_sim` (`dist`,
//! `ziggurat`, `metrics`: uniforms, indices, raw words).

use rand_xoshiro::rand_core::{Rng as _, SeedableRng};
use rand_xoshiro::Xoshiro256PlusPlus;

/// 2^-53: a 53-bit integer times this is a uniform number in [0, 1).
const UNIT: f64 = 1.0 / (1u64 << 53) as f64;

/// The portable generator, seeded.
#[derive(Debug, Clone)]
pub struct Rng {
    inner: Xoshiro256PlusPlus,
}

impl Rng {
    /// The generator of `seed` (SplitMix64 expands it to the state).
    pub fn new(seed: u64) -> Rng {
        Rng {
            inner: Xoshiro256PlusPlus::seed_from_u64(seed),
        }
    }

    /// 64 uniform random bits.
    #[inline(always)]
    pub fn next_u64(&mut self) -> u64 {
        self.inner.next_u64()
    }

    /// A uniform number in [0, 1), with 53 random bits.
    #[inline]
    pub fn uniform(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 * UNIT
    }

    /// A uniform number in (0, 1]: safe to take the logarithm of.
    #[inline]
    pub fn uniform_open0(&mut self) -> f64 {
        ((self.next_u64() >> 11) + 1) as f64 * UNIT
    }

    /// A uniform integer in 0..n (n > 0): the high half of the product of n and a random word
    /// (Lemire's multiply-shift without the rejection step; bias below n/2^64).
    #[inline]
    pub fn below(&mut self, n: u64) -> u64 {
        ((self.next_u64() as u128 * n as u128) >> 64) as u64
    }

    /// A uniform index below `n` (n > 0): [`Rng::below`] of `n`.
    #[inline]
    pub fn index(&mut self, n: usize) -> usize {
        self.below(n as u64) as usize
    }

    /// Two uniform indices below `n` (n ≤ 2^32) from one word: the high half's, then the low
    /// half's, each the multiply-shift of a 32-bit half (bias below n/2^32 of each index's
    /// probability). Half the generator's work of two [`Rng::index`] calls.
    #[inline(always)]
    pub fn index_pair(&mut self, n: u64) -> (usize, usize) {
        let x = self.next_u64();
        (
            (((x >> 32) * n) >> 32) as usize,
            (((x & 0xffff_ffff) * n) >> 32) as usize,
        )
    }

    /// One index below `n` (n ≤ 2^32) from the high half of a word: the first of
    /// [`Rng::index_pair`], the other half unused.
    #[inline(always)]
    pub fn index_half(&mut self, n: u64) -> usize {
        (((self.next_u64() >> 32) * n) >> 32) as usize
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn draws_are_the_generators_words_as_documented() {
        let (mut a, mut b) = (Rng::new(11), Xoshiro256PlusPlus::seed_from_u64(11));
        for n in [1u64, 2, 7, 100, 65_536, 1 << 40] {
            let x = b.next_u64();
            assert_eq!(a.below(n), ((x as u128 * n as u128) >> 64) as u64);
            let x = b.next_u64();
            assert_eq!(a.uniform().to_bits(), ((x >> 11) as f64 * UNIT).to_bits());
            let x = b.next_u64();
            let (hi, lo) = a.index_pair(n.min(1 << 32));
            let m = n.min(1 << 32);
            assert_eq!(
                (hi, lo),
                (
                    (((x >> 32) * m) >> 32) as usize,
                    (((x & 0xffff_ffff) * m) >> 32) as usize
                )
            );
        }
    }
}
