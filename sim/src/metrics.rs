//! Bounded-memory metric accumulators.
//!
//! Latencies: every observation goes into exact running moments (Welford), exact min and max,
//! and a log-linear histogram with 1024 sub-buckets per power of two (relative resolution
//! 2^-10 ≈ 0.1 %); a deterministic reservoir (Algorithm R on its own seeded stream) keeps at
//! most 10,000 samples. With up to 10,000 observations the samples are all of them and the
//! percentiles are exact (type 7, as everywhere in benchdash); beyond that the percentiles
//! come from the histogram over all observations. Memory stays bounded however long the run.

use benchdash_core::run::{Better, Metric, Summary};
use benchdash_core::stats::descriptive;

use super::dist::Rng;

/// The most latency samples a benchmark carries.
pub const SAMPLE_CAP: usize = 10_000;

const SUB_BITS: u32 = 10;
const SUB: u64 = 1 << SUB_BITS;

/// Running summary of nanosecond observations.
#[derive(Debug, Clone)]
pub struct Latencies {
    n: u64,
    mean: f64,
    m2: f64,
    min: u64,
    max: u64,
    buckets: Vec<u64>,
    samples: Vec<u64>,
    rng: Rng,
}

fn bucket_of(v: u64) -> usize {
    if v < SUB {
        v as usize
    } else {
        let e = 63 - v.leading_zeros(); // ≥ SUB_BITS
        let shift = e - SUB_BITS;
        ((shift as u64 + 1) * SUB + ((v >> shift) - SUB)) as usize
    }
}

/// The midpoint of a bucket's range, in ns.
fn bucket_value(i: usize) -> f64 {
    let i = i as u64;
    if i < SUB {
        i as f64
    } else {
        let shift = i / SUB - 1;
        let low = (SUB + i % SUB) << shift;
        low as f64 + ((1u64 << shift) as f64 - 1.0) / 2.0
    }
}

impl Latencies {
    pub fn new(seed: u64) -> Latencies {
        Latencies {
            n: 0,
            mean: 0.0,
            m2: 0.0,
            min: u64::MAX,
            max: 0,
            buckets: Vec::new(),
            samples: Vec::new(),
            rng: Rng::new(seed ^ 0x5EED_0F5A_3B1E_5A3C),
        }
    }

    #[inline]
    pub fn record(&mut self, v: u64) {
        self.n += 1;
        let x = v as f64;
        let d = x - self.mean;
        self.mean += d / self.n as f64;
        self.m2 += d * (x - self.mean);
        self.min = self.min.min(v);
        self.max = self.max.max(v);
        let b = bucket_of(v);
        if b >= self.buckets.len() {
            self.buckets.resize(b + 1, 0);
        }
        self.buckets[b] += 1;
        if self.samples.len() < SAMPLE_CAP {
            self.samples.push(v);
        } else {
            let j = self.rng.below(self.n) as usize;
            if j < SAMPLE_CAP {
                self.samples[j] = v;
            }
        }
    }

    pub fn count(&self) -> u64 {
        self.n
    }

    /// Mean in ns (NaN when empty).
    pub fn mean(&self) -> f64 {
        if self.n == 0 {
            f64::NAN
        } else {
            self.mean
        }
    }

    /// The type-7 quantile over all observations, in ns: exact up to [`SAMPLE_CAP`]
    /// observations, from the histogram beyond.
    pub fn quantile(&self, q: f64) -> f64 {
        if self.n as usize <= SAMPLE_CAP {
            let xs: Vec<f64> = self.samples.iter().map(|&v| v as f64).collect();
            descriptive::quantile_sorted(&descriptive::sorted(&xs), q)
        } else {
            let h = (self.n - 1) as f64 * q;
            let lo = libm::floor(h) as u64;
            let a = self.order_stat(lo);
            let b = self.order_stat((lo + 1).min(self.n - 1));
            (a + (h - lo as f64) * (b - a)).clamp(self.min as f64, self.max as f64)
        }
    }

    /// The k-th smallest observation (0-based), to the histogram's resolution.
    fn order_stat(&self, k: u64) -> f64 {
        let mut seen = 0;
        for (i, &c) in self.buckets.iter().enumerate() {
            seen += c;
            if seen > k {
                return bucket_value(i);
            }
        }
        self.max as f64
    }

    /// The metric, in ms: samples (all, or the deterministic subsample) and a summary over all.
    pub fn metric(&self) -> Option<Metric> {
        self.metric_per(1.0)
    }

    /// The metric of each latency divided by `per` (a request's time per call), in ms.
    pub fn metric_per(&self, per: f64) -> Option<Metric> {
        if self.n == 0 {
            return None;
        }
        let ms = |ns: f64| ns / 1e6 / per;
        let summary = Summary {
            n: Some(self.n),
            mean: Some(ms(self.mean)),
            stddev: (self.n >= 2).then(|| ms((self.m2 / (self.n - 1) as f64).sqrt())),
            median: Some(ms(self.quantile(0.5))),
            min: Some(ms(self.min as f64)),
            max: Some(ms(self.max as f64)),
            p50: Some(ms(self.quantile(0.5))),
            p90: Some(ms(self.quantile(0.9))),
            p95: Some(ms(self.quantile(0.95))),
            p99: Some(ms(self.quantile(0.99))),
            ..Summary::default()
        };
        Some(Metric {
            unit: "ms".into(),
            better: Better::Lower,
            value: None,
            summary: Some(summary),
            samples: self.samples.iter().map(|&v| ms(v as f64)).collect(),
            extra: None,
        })
    }
}

/// Time spent at each queue depth.
#[derive(Debug, Clone, Default)]
pub struct DepthTime {
    time: Vec<u64>,
    depth: usize,
    since: u64,
    started: bool,
}

impl DepthTime {
    /// The depth changes to `depth` at `now`.
    #[inline]
    pub fn set(&mut self, now: u64, depth: usize) {
        if self.started {
            if self.depth >= self.time.len() {
                self.time.resize(self.depth + 1, 0);
            }
            self.time[self.depth] += now - self.since;
        }
        self.started = true;
        self.depth = depth;
        self.since = now;
    }

    /// The time-weighted quantile of the depth up to `now`.
    pub fn quantile(&mut self, now: u64, q: f64) -> f64 {
        let depth = self.depth;
        self.set(now, depth);
        let total: u64 = self.time.iter().sum();
        if total == 0 {
            return 0.0;
        }
        let mut acc = 0u64;
        for (d, &t) in self.time.iter().enumerate() {
            acc += t;
            if acc as f64 >= q * total as f64 {
                return d as f64;
            }
        }
        (self.time.len() - 1) as f64
    }
}

/// A single-value metric.
pub fn value(unit: &str, better: Better, v: f64) -> Metric {
    Metric {
        unit: unit.into(),
        better,
        value: Some(v),
        summary: None,
        samples: Vec::new(),
        extra: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn buckets_are_monotone_and_fine() {
        let mut last = 0;
        for v in [
            0u64,
            1,
            1023,
            1024,
            1025,
            2047,
            2048,
            5_000_000,
            298_000_000,
            u64::MAX / 2,
        ] {
            let b = bucket_of(v);
            assert!(b >= last);
            last = b;
            let mid = bucket_value(b);
            assert!(
                (mid - v as f64).abs() <= v as f64 / 1000.0 + 0.5,
                "{v} {mid}"
            );
        }
    }

    #[test]
    fn small_samples_are_exact_and_large_ones_capped() {
        let mut l = Latencies::new(1);
        for v in 1..=5u64 {
            l.record(v * 1_000_000);
        }
        assert_eq!(l.quantile(0.5), 3_000_000.0);
        let m = l.metric().unwrap();
        assert_eq!(m.samples, vec![1.0, 2.0, 3.0, 4.0, 5.0]);
        assert_eq!(m.summary.unwrap().mean, Some(3.0));

        let mut big = Latencies::new(1);
        for v in 0..100_000u64 {
            big.record(v * 1000 + 1_000_000);
        }
        let m = big.metric().unwrap();
        assert_eq!(m.samples.len(), SAMPLE_CAP);
        let s = m.summary.unwrap();
        assert_eq!(s.n, Some(100_000));
        // Exact: p50 = 1 ms + 49_999.5 µs = 50.9995 ms; the histogram is within 0.1 %.
        assert!((s.p50.unwrap() - 50.9995).abs() < 0.051, "{:?}", s.p50);
        assert!((s.mean.unwrap() - 50.9995).abs() < 1e-9);
    }

    #[test]
    fn depth_quantile_is_time_weighted() {
        let mut d = DepthTime::default();
        d.set(0, 0);
        d.set(90, 3); // depth 0 for 90
        d.set(100, 0); // depth 3 for 10
        assert_eq!(d.quantile(100, 0.9), 0.0);
        assert_eq!(d.quantile(100, 0.95), 3.0);
    }
}
