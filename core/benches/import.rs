//! Import throughput on large files (issue: at least 200 MB/s natively for run files).
//!
//! The inputs are built in memory, deterministically: a ~10 MB pytest-benchmark export with
//! its `data` (2,000 benchmarks × 400 samples) and a ~10 MB benchdash run file of the same
//! benchmarks. Run with `cargo bench -p benchdash-core --bench import`.

use benchdash_core::import::{import, Format, Options, SourceFile};
use benchdash_core::testing::synthetic::{pytest_export, run_file_of};
use criterion::{criterion_group, criterion_main, Criterion, Throughput};

fn bench_import(c: &mut Criterion) {
    let pytest = pytest_export(2_000, 400);
    let files = [SourceFile {
        path: "big.json",
        bytes: pytest.as_bytes(),
        modified: None,
    }];
    let run_file = run_file_of(&pytest);

    let mut group = c.benchmark_group("import");
    group.sample_size(10);
    group.throughput(Throughput::Bytes(pytest.len() as u64));
    group.bench_function("pytest-benchmark 10 MB", |b| {
        b.iter(|| import(&files, &Options::default()).unwrap())
    });
    group.throughput(Throughput::Bytes(run_file.len() as u64));
    let run_files = [SourceFile {
        path: "big-run.json",
        bytes: run_file.as_bytes(),
        modified: None,
    }];
    let forced = Options {
        format: Some(Format::Benchdash),
        ..Options::default()
    };
    group.bench_function("benchdash run file", |b| {
        b.iter(|| import(&run_files, &forced).unwrap())
    });
    group.bench_function("detect pytest-benchmark", |b| {
        b.iter(|| benchdash_core::import::detect("big.json", pytest.as_bytes()))
    });
    group.finish();
}

criterion_group!(benches, bench_import);
criterion_main!(benches);
