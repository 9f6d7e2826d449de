//! The recorder's latencies per window: a small log-linear histogram (16 sub-buckets per
//! octave of 1.024 µs units) from which p50, p95 and p99 are read with linear interpolation
//! inside a bucket: within 1/32 of the value, in integer arithmetic and basic IEEE
//! operations only.
//!
//! A window holds its latencies' bucket numbers as a list while it has at most
//! [`SPARSE_MAX`] of them, and as the histogram's 433 counts past that. Both give the same
//! percentiles (the same buckets, counts and ranks); the list is there because a run that
//! is long in virtual time and short in requests (the speed bench's M/M/3: 77 requests per
//! window) would otherwise spend as long zeroing and scanning mostly empty histograms as
//! simulating. Either way a window's storage is bounded whatever its requests.

use crate::scenario::Nanos;

/// Latencies are histogrammed in units of 2^10 ns.
const UNIT_SHIFT: u32 = 10;
/// 2^SUB sub-buckets per octave.
const SUB: u32 = 4;
/// Values below 2^(SUB+1) units are their own bucket; above, octaves up to 2^TOP units
/// (≈ 1,100 s), beyond which everything is in the last bucket: 433 buckets.
const TOP: u32 = 30;
pub(super) const BINS: usize = (2 << SUB) + ((TOP - SUB - 1) as usize) * (1 << SUB) + 1;
/// A window keeps up to this many bucket numbers (256 bytes, against the histogram's
/// 1,732); past it, reading the percentiles from the list would cost more than from counts.
const SPARSE_MAX: usize = 128;
/// No dense row.
const NONE: u32 = u32::MAX;

// Bucket numbers are kept as u16.
const _: () = assert!(BINS <= u16::MAX as usize);

/// The bucket of a latency in nanoseconds: values below 2^(SUB+1) units are their own
/// bucket; a value of octave e (2^e ≤ u < 2^(e+1)) above them is in bucket
/// 2^(SUB+1) + (e − SUB − 1)·2^SUB + its SUB bits after the leading one; past octave TOP − 1,
/// the last bucket. Written without branches (the sum below is that formula with s = e − SUB,
/// and the small values' formula with s = 0), since every request done computes it.
#[inline]
pub(super) fn bucket(ns: Nanos) -> usize {
    let u = ns >> UNIT_SHIFT;
    let e = 63 - (u | 1).leading_zeros(); // floor(log2 u), 0 for u = 0
    let s = e.max(SUB) - SUB;
    let b = ((s as u64) << SUB) + (u >> s);
    b.min(BINS as u64 - 1) as usize
}

/// The lower edge and the width of bucket `b`, in nanoseconds.
fn bucket_span(b: usize) -> (f64, f64) {
    let unit = (1u64 << UNIT_SHIFT) as f64;
    if b < (2 << SUB) {
        return (b as f64 * unit, unit);
    }
    let k = b - (2 << SUB);
    let e = (k >> SUB) as u32 + SUB + 1;
    let sub = (k & ((1 << SUB) - 1)) as u64;
    let width = (1u64 << (e - SUB)) as f64;
    ((((1u64 << SUB) + sub) as f64) * width * unit, width * unit)
}

/// Where a window's latencies are: its list starts at `start` in [`Latencies::samples`] and
/// runs to the next window's start (empty for a dense window), or its counts are `row`.
#[derive(Debug, Clone, Copy)]
struct Slot {
    start: u32,
    row: u32,
}

/// The latencies of every window so far; only the newest (the last) is written.
#[derive(Debug)]
pub(super) struct Latencies {
    /// The bucket numbers of the windows that are lists, one window after another.
    samples: Vec<u16>,
    /// `BINS` counts per dense window.
    dense: Vec<u32>,
    slots: Vec<Slot>,
    /// The newest window's slot, as the hot path reads it.
    cur: Slot,
    /// Past this many samples the newest window's list is spilled into counts: the list
    /// is its latencies while it is a list, and the ones not yet counted once it has counts.
    spill_past: usize,
    /// Counts for reading a list's percentiles.
    scratch: Vec<u32>,
}

impl Latencies {
    /// One window, empty.
    pub(super) fn new() -> Latencies {
        let cur = Slot {
            start: 0,
            row: NONE,
        };
        Latencies {
            samples: Vec::new(),
            dense: Vec::new(),
            slots: vec![cur],
            cur,
            spill_past: SPARSE_MAX,
            scratch: Vec::new(),
        }
    }

    /// A latency of the newest window.
    #[inline]
    pub(super) fn add(&mut self, latency: Nanos) {
        // One test per latency, whether the window is a list or counts: a list grown past
        // SPARSE_MAX is counted in one go.
        self.samples.push(bucket(latency) as u16);
        if self.samples.len() > self.spill_past {
            self.spill();
        }
    }

    /// The newest window's list is counted (into new counts if it had none) and emptied.
    #[cold]
    fn spill(&mut self) {
        let start = self.cur.start as usize;
        if self.cur.row == NONE {
            self.cur.row = self.new_row() as u32;
            *self.slots.last_mut().expect("a window") = self.cur;
        }
        let counts = &mut self.dense[self.cur.row as usize * BINS..][..BINS];
        for &b in &self.samples[start..] {
            counts[b as usize] += 1;
        }
        self.samples.truncate(start);
    }

    /// The newest window's latencies all where they are read: in its list, or in its counts
    /// with its list empty.
    fn settle(&mut self) {
        if self.cur.row != NONE && self.samples.len() > self.cur.start as usize {
            self.spill();
        }
    }

    fn new_row(&mut self) -> usize {
        let row = self.dense.len() / BINS;
        self.dense.resize(self.dense.len() + BINS, 0);
        row
    }

    /// A new newest window, empty.
    pub(super) fn next_window(&mut self) {
        self.settle();
        self.spill_past = self.samples.len() + SPARSE_MAX;
        self.cur = Slot {
            start: self.samples.len() as u32,
            row: NONE,
        };
        self.slots.push(self.cur);
    }

    /// The newest window's latencies added to the window before it, which becomes the
    /// newest.
    pub(super) fn fold_newest(&mut self) {
        self.settle();
        let newest = self.slots.pop().expect("a newest window");
        let prev = *self.slots.last().expect("a window before the newest");
        let lists = prev.row == NONE && newest.row == NONE;
        // Both lists: they are already one after the other, and make one list (longer than
        // SPARSE_MAX perhaps, which reading allows). Else the one with counts takes the
        // other's latencies.
        if !lists {
            let row = if prev.row != NONE {
                prev.row
            } else {
                newest.row
            } as usize;
            let other = if prev.row != NONE { newest } else { prev };
            let counts = &mut self.dense[row * BINS..][..BINS];
            if other.row == NONE {
                for &b in &self.samples[other.start as usize..] {
                    counts[b as usize] += 1;
                }
            } else {
                let (a, b) = (row.min(other.row as usize), row.max(other.row as usize));
                let (low, high) = self.dense.split_at_mut(b * BINS);
                let (into, from) = if row == a {
                    (&mut low[a * BINS..][..BINS], &high[..BINS])
                } else {
                    (&mut high[..BINS], &low[a * BINS..][..BINS])
                };
                for (d, &s) in into.iter_mut().zip(from) {
                    *d += s;
                }
            }
            self.samples.truncate(prev.start as usize);
            *self.slots.last_mut().expect("a window") = Slot {
                start: prev.start,
                row: row as u32,
            };
        }
        self.cur = *self.slots.last().expect("a window");
        self.spill_past = usize::MAX;
    }

    /// The window `i`'s list.
    fn list(&self, i: usize) -> std::ops::Range<usize> {
        let end = self
            .slots
            .get(i + 1)
            .map_or(self.samples.len(), |s| s.start as usize);
        self.slots[i].start as usize..end
    }

    /// Adjacent windows merged in pairs (a lone last one kept as it is): window `i` becomes
    /// the latencies of windows `2i` and `2i + 1`, a list if they fit in one.
    pub(super) fn widen(&mut self) {
        self.settle();
        let n = self.slots.len();
        let mut samples = Vec::with_capacity(self.samples.len());
        let mut merged = Latencies {
            samples: Vec::new(),
            dense: Vec::new(),
            slots: Vec::with_capacity(n.div_ceil(2)),
            cur: self.cur,
            spill_past: 0,
            scratch: Vec::new(),
        };
        for pair in 0..n.div_ceil(2) {
            let parts = (2 * pair)..(2 * pair + 2).min(n);
            let listed: usize = parts.clone().map(|i| self.list(i).len()).sum();
            let all_lists = parts.clone().all(|i| self.slots[i].row == NONE);
            let start = samples.len() as u32;
            if all_lists && listed <= SPARSE_MAX {
                for i in parts {
                    samples.extend_from_slice(&self.samples[self.list(i)]);
                }
                merged.slots.push(Slot { start, row: NONE });
            } else {
                let row = merged.new_row();
                let counts = &mut merged.dense[row * BINS..(row + 1) * BINS];
                for i in parts {
                    let slot = self.slots[i];
                    if slot.row == NONE {
                        for &b in &self.samples[self.list(i)] {
                            counts[b as usize] += 1;
                        }
                    } else {
                        let src = &self.dense[slot.row as usize * BINS..][..BINS];
                        for (d, &s) in counts.iter_mut().zip(src) {
                            *d += s;
                        }
                    }
                }
                merged.slots.push(Slot {
                    start,
                    row: row as u32,
                });
            }
        }
        merged.samples = samples;
        merged.cur = *merged.slots.last().expect("a window");
        merged.spill_past = merged.cur.start as usize + SPARSE_MAX;
        *self = merged;
    }

    /// The `qs` quantiles (in increasing order) of window `i`'s `n` latencies, in
    /// milliseconds: for each, the bucket where the rank q·n falls, interpolated linearly
    /// inside it; `None` for an empty window.
    pub(super) fn percentiles<const K: usize>(
        &mut self,
        i: usize,
        n: u64,
        qs: [f64; K],
    ) -> [Option<f64>; K] {
        self.settle();
        let slot = self.slots[i];
        if slot.row != NONE {
            let counts = &self.dense[slot.row as usize * BINS..][..BINS];
            return from_counts(counts, n, qs);
        }
        let list = &self.samples[self.list(i)];
        debug_assert_eq!(list.len() as u64, n);
        if list.is_empty() {
            return [None; K];
        }
        // Counted between the list's lowest and highest buckets only: a window's latencies
        // span a few octaves of the 27, and sorting the list would cost more.
        let (lo, hi) = list
            .iter()
            .fold((u16::MAX, 0), |(lo, hi), &b| (lo.min(b), hi.max(b)));
        self.scratch.resize(BINS, 0);
        let counts = &mut self.scratch[lo as usize..=hi as usize];
        counts.fill(0);
        for &b in list {
            counts[(b - lo) as usize] += 1;
        }
        walk(counts, lo as usize, n, qs)
    }
}

/// The `qs` quantiles (in increasing order) of a histogram of `n` latencies, as
/// [`Latencies::percentiles`]. One pass: a higher quantile's bucket is never below a lower
/// one's.
fn from_counts<const K: usize>(hist: &[u32], n: u64, qs: [f64; K]) -> [Option<f64>; K] {
    debug_assert_eq!(hist.iter().map(|&c| c as u64).sum::<u64>(), n);
    walk(hist, 0, n, qs)
}

/// The quantiles from the counts of buckets `first`, `first + 1`, …, `n` in all. Each
/// quantile's bucket is the lowest whose count and those below it reach the quantile's rank;
/// the quantiles up to the median are found walking up from the lowest bucket, those above
/// it walking down from the highest, so that p95 and p99 cost a few buckets, not the whole
/// span below them.
fn walk<const K: usize>(counts: &[u32], first: usize, n: u64, qs: [f64; K]) -> [Option<f64>; K] {
    let mut out = [None; K];
    if n == 0 || counts.is_empty() {
        return out;
    }
    let rank = qs.map(|q| q * n as f64);
    // A whole count reaches a rank when it reaches the rank rounded up; compared as integers,
    // a bucket's test is cheap enough to make on empty ones too (they never decide it: the
    // bucket beside them would have), sparing a branch the processor cannot predict.
    let reach = rank.map(|r| r.ceil() as u64);
    let at = |j: usize, b: usize, below: u64| {
        let (lo, width) = bucket_span(first + b);
        let f = ((rank[j] - below as f64) / counts[b] as f64).clamp(0.0, 1.0);
        Some((lo + f * width) / 1e6)
    };
    let upper = reach.iter().position(|&r| 2 * r > n).unwrap_or(K);
    // Up: `below` counts the buckets under `b`.
    let (mut b, mut below) = (0, 0u64);
    for j in 0..upper {
        while b + 1 < counts.len() && below + (counts[b] as u64) < reach[j] {
            below += counts[b] as u64;
            b += 1;
        }
        out[j] = at(j, b, below);
    }
    // Down: `upto` counts the buckets up to `b` and `b` itself (all n at the top).
    let (mut b, mut upto) = (counts.len() - 1, n);
    for j in (upper..K).rev() {
        while b > 0 && upto - counts[b] as u64 >= reach[j] {
            upto -= counts[b] as u64;
            b -= 1;
        }
        out[j] = at(j, b, upto - counts[b] as u64);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The `q` quantile of a histogram in milliseconds.
    fn percentile(hist: &[u32], q: f64) -> Option<f64> {
        let n: u64 = hist.iter().map(|&c| c as u64).sum();
        from_counts(hist, n, [q])[0]
    }

    /// The bucket by its definition, a case at a time.
    fn bucket_by_cases(ns: Nanos) -> usize {
        let u = ns >> UNIT_SHIFT;
        if u < (2 << SUB) {
            return u as usize;
        }
        let e = 63 - u.leading_zeros();
        if e >= TOP {
            return BINS - 1;
        }
        let sub = (u >> (e - SUB)) & ((1 << SUB) - 1);
        (2 << SUB) + ((e - SUB - 1) as usize) * (1 << SUB) + sub as usize
    }

    #[test]
    fn the_branchless_bucket_is_the_bucket_by_cases() {
        // Every unit up to 2^20 (every bucket boundary of the first 16 octaves), then each
        // octave's edges and a spread of values inside it, up to u64::MAX.
        for u in 0..(1u64 << 20) {
            for ns in [u << UNIT_SHIFT, (u << UNIT_SHIFT) | 1023] {
                assert_eq!(bucket(ns), bucket_by_cases(ns), "{ns}");
            }
        }
        let mut x: u64 = 3;
        for e in 0..64 {
            let base = 1u64 << e;
            for _ in 0..1000 {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                let ns = base | (x & (base - 1));
                assert_eq!(bucket(ns), bucket_by_cases(ns), "{ns}");
            }
            for ns in [
                base - 1,
                base,
                base + 1,
                base.wrapping_mul(2).wrapping_sub(1),
            ] {
                assert_eq!(bucket(ns), bucket_by_cases(ns), "{ns}");
            }
        }
        assert_eq!(bucket(u64::MAX), BINS - 1);
    }

    #[test]
    fn buckets_cover_values_in_order_within_a_32nd() {
        let mut last = 0;
        for ns in (0..40u32)
            .map(|e| 1u64 << e)
            .chain([487_000_000, 206_123_456, 999])
        {
            for v in [ns, ns + ns / 3, ns * 2 - 1] {
                let b = bucket(v);
                assert!(b < BINS);
                let (lo, w) = bucket_span(b);
                if v < (1u64 << (TOP + UNIT_SHIFT)) {
                    assert!(
                        lo <= v as f64 && (v as f64) < lo + w,
                        "{v}: [{lo}, {})",
                        lo + w
                    );
                    if v >= 1 << (UNIT_SHIFT + SUB + 1) {
                        assert!(w / lo <= 1.0 / 16.0 + 1e-12, "{v}: width {w} at {lo}");
                    }
                }
            }
            let b = bucket(ns);
            if ns.is_power_of_two() {
                assert!(b >= last, "buckets rise with the value");
                last = b;
            }
        }
    }

    /// A quantile of counts the plain way: the first bucket at which the running count
    /// reaches the rank, interpolated inside it.
    fn quantile_by_scan(counts: &[u32], first: usize, q: f64) -> Option<f64> {
        let n: u64 = counts.iter().map(|&c| c as u64).sum();
        let rank = q * n as f64;
        let mut below = 0u64;
        for (b, &c) in counts.iter().enumerate() {
            if c > 0 && (below + c as u64) as f64 >= rank {
                let (lo, width) = bucket_span(first + b);
                return Some(
                    (lo + ((rank - below as f64) / c as f64).clamp(0.0, 1.0) * width) / 1e6,
                );
            }
            below += c as u64;
        }
        None
    }

    #[test]
    fn the_walks_up_and_down_find_each_quantile_of_a_plain_scan() {
        // Spans of every shape (one bucket, a few, the whole histogram; runs of empty
        // buckets; everything in the top or the bottom bucket), each quantile of several.
        let qs = [0.001, 0.01, 0.25, 0.5, 0.5001, 0.75, 0.95, 0.99, 0.999, 1.0];
        let mut x: u64 = 5;
        for case in 0..2000 {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            let len = 1 + (x % BINS as u64) as usize;
            let first = (x >> 20) as usize % (BINS - len + 1);
            let mut counts = vec![0u32; len];
            let filled = 1 + (x >> 30) as usize % 200;
            for k in 0..filled {
                let r = (x >> 3).wrapping_mul(k as u64 + 1).rotate_left(k as u32);
                let b = match case % 4 {
                    0 => len - 1,
                    1 => 0,
                    _ => (r % len as u64) as usize,
                };
                counts[b] += 1 + (r >> 50) as u32 % 4;
            }
            let n: u64 = counts.iter().map(|&c| c as u64).sum();
            let got = walk(&counts, first, n, qs);
            for (j, &q) in qs.iter().enumerate() {
                assert_eq!(
                    got[j],
                    quantile_by_scan(&counts, first, q),
                    "case {case}, q {q}"
                );
            }
        }
        assert_eq!(walk(&[0u32; 4], 0, 0, qs), [None; 10]);
    }

    #[test]
    fn percentiles_of_a_histogram_are_close_to_the_exact_ones() {
        // 1,000 latencies spread from 100 ms to 600 ms: the exact p95 is 575 ms.
        let mut h = vec![0u32; BINS];
        let xs: Vec<u64> = (0..1000u64).map(|i| 100_000_000 + i * 500_000).collect();
        for &x in &xs {
            h[bucket(x)] += 1;
        }
        for q in [0.5, 0.95, 0.99] {
            let exact = xs[(q * 1000.0) as usize - 1] as f64 / 1e6;
            let got = percentile(&h, q).unwrap();
            assert!(
                (got - exact).abs() / exact < 1.0 / 32.0,
                "q {q}: {got} vs {exact}"
            );
        }
        assert_eq!(percentile(&vec![0; BINS], 0.5), None);
    }

    #[test]
    fn folding_the_newest_window_into_the_one_before_keeps_both_windows_latencies() {
        // Lists and counts (past 128) in each place, and counts with latencies not yet
        // counted (200); the folded window's percentiles are those of all its latencies.
        for (a, b) in [
            (3, 5),
            (200, 7),
            (7, 200),
            (300, 129),
            (300, 300),
            (100, 28),
        ] {
            let mut store = Latencies::new();
            let early: Vec<Nanos> = (0..40).map(|i| 1_000_000 + i * 37_000).collect();
            for &v in &early {
                store.add(v);
            }
            store.next_window();
            let mut lat = Vec::new();
            for i in 0..(a + b) {
                if i == a {
                    store.next_window();
                }
                let v = 2_000_000 + (i as u64 * 7_919_000) % 900_000_000;
                store.add(v);
                lat.push(v);
            }
            store.fold_newest();
            let qs = [0.5, 0.95, 0.99];
            let hist = |xs: &[Nanos]| {
                let mut h = vec![0u32; BINS];
                for &v in xs {
                    h[bucket(v)] += 1;
                }
                h
            };
            let n = lat.len() as u64;
            assert_eq!(
                store.percentiles(1, n, qs),
                from_counts(&hist(&lat), n, qs),
                "{a} + {b}"
            );
            assert_eq!(
                store.percentiles(0, 40, qs),
                from_counts(&hist(&early), 40, qs)
            );
        }
    }

    #[test]
    fn lists_give_the_percentiles_of_counts_through_widening() {
        // Windows of every size around the switch, with ties and a latency past the top
        // bucket, widened twice; the newest (300) has counts and latencies not yet counted.
        // Each window's percentiles from the store are those of a histogram of the same
        // latencies.
        let sizes = [0, 1, 2, 3, 5, 64, 65, 127, 128, 129, 200, 1000, 7, 300];
        let mut store = Latencies::new();
        let mut windows: Vec<Vec<Nanos>> = Vec::new();
        let mut x: u64 = 11;
        for (w, &size) in sizes.iter().enumerate() {
            if w > 0 {
                store.next_window();
            }
            let mut lat = Vec::new();
            for _ in 0..size {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                // Few distinct buckets at times, so ties are common; sometimes ≈ 2,000 s.
                let v = match x % 10 {
                    0 => 2_000_000_000_000,
                    1..=4 => 5_000_000 + (x >> 40) % 4 * 1_000_000,
                    _ => (x >> 20) % 3_000_000_000,
                };
                store.add(v);
                lat.push(v);
            }
            windows.push(lat);
        }
        let qs = [0.5, 0.95, 0.99];
        let check = |store: &mut Latencies, windows: &[Vec<Nanos>]| {
            for (i, lat) in windows.iter().enumerate() {
                let mut h = vec![0u32; BINS];
                for &v in lat {
                    h[bucket(v)] += 1;
                }
                let n = lat.len() as u64;
                assert_eq!(store.percentiles(i, n, qs), from_counts(&h, n, qs), "{i}");
            }
        };
        check(&mut store, &windows);
        for _ in 0..2 {
            store.widen();
            windows = windows.chunks(2).map(|p| p.concat()).collect();
            check(&mut store, &windows);
        }
    }
}
