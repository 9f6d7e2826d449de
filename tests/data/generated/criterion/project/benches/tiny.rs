//! Tiny criterion benchmarks for benchdash's importer test data.
use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use std::hint::black_box;
use std::time::Duration;

fn fib_recursive(n: u64) -> u64 {
    if n < 2 {
        n
    } else {
        fib_recursive(n - 1) + fib_recursive(n - 2)
    }
}

fn fib_iterative(n: u64) -> u64 {
    let (mut a, mut b) = (0u64, 1u64);
    for _ in 0..n {
        let t = a.wrapping_add(b);
        a = b;
        b = t;
    }
    a
}

fn fib_memo(n: u64) -> u64 {
    let mut memo = vec![0u64; (n as usize) + 2];
    memo[1] = 1;
    for i in 2..=(n as usize) {
        memo[i] = memo[i - 1].wrapping_add(memo[i - 2]);
    }
    memo[n as usize]
}

/// A group of three functions over two input values: ids "fib/<function>/<n>".
fn bench_fib(c: &mut Criterion) {
    let mut group = c.benchmark_group("fib");
    for n in [10u64, 15] {
        group.bench_with_input(BenchmarkId::new("recursive", n), &n, |b, &n| {
            b.iter(|| fib_recursive(black_box(n)))
        });
        group.bench_with_input(BenchmarkId::new("iterative", n), &n, |b, &n| {
            b.iter(|| fib_iterative(black_box(n)))
        });
        group.bench_with_input(BenchmarkId::new("memo", n), &n, |b, &n| {
            b.iter(|| fib_memo(black_box(n)))
        });
    }
    group.finish();
}

/// Throughput: bytes per iteration (checksum) and elements per iteration (sum).
fn bench_throughput(c: &mut Criterion) {
    let data: Vec<u8> = (0..4096u32).map(|i| (i * 31 % 251) as u8).collect();
    let mut group = c.benchmark_group("throughput");
    group.throughput(Throughput::Bytes(data.len() as u64));
    group.bench_function("checksum_4k", |b| {
        b.iter(|| {
            black_box(&data)
                .iter()
                .fold(0u32, |acc, &x| acc.rotate_left(5) ^ u32::from(x))
        })
    });
    let nums: Vec<u64> = (0..1000).collect();
    // generate.sh sets CRIT_GEN_SLOWDOWN=2 for the second run of each pair, so that this one
    // benchmark shows a real regression ("Regressed") in change/ and in cargo-criterion's output.
    let slowdown: u64 = std::env::var("CRIT_GEN_SLOWDOWN")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1);
    group.throughput(Throughput::Elements(nums.len() as u64));
    group.bench_function("sum_1000", |b| {
        b.iter(|| {
            let mut total = 0u64;
            for _ in 0..slowdown {
                total = total.wrapping_add(black_box(&nums).iter().sum::<u64>());
            }
            total
        })
    });
    group.finish();
}

/// A lone benchmark outside any group: its id is just "parse_u64".
fn bench_single(c: &mut Criterion) {
    c.bench_function("parse_u64", |b| {
        b.iter(|| black_box("18446744073709551615").parse::<u64>().unwrap())
    });
}

fn config() -> Criterion {
    Criterion::default()
        .sample_size(10)
        .warm_up_time(Duration::from_millis(300))
        .measurement_time(Duration::from_millis(800))
}

criterion_group! {
    name = benches;
    config = config();
    targets = bench_fib, bench_throughput, bench_single
}
criterion_main!(benches);
