//! Tiny libtest `#[bench]` benchmarks (nightly-only API, built with RUSTC_BOOTSTRAP=1).
#![feature(test)]
extern crate test;

use test::{black_box, Bencher};

#[bench]
fn sum_1000(b: &mut Bencher) {
    let v: Vec<u64> = (0..1000).collect();
    b.iter(|| black_box(&v).iter().sum::<u64>());
}

#[bench]
fn copy_4k(b: &mut Bencher) {
    let src = vec![7u8; 4096];
    b.bytes = 4096;
    b.iter(|| black_box(src.clone()));
}

#[bench]
fn format_number(b: &mut Bencher) {
    b.iter(|| format!("{}", black_box(123_456_789u64)));
}

#[test]
fn not_a_bench() {}
