//! Native import throughput on the same inputs as app/tests/import_speed.rs, for
//! `scripts/measure-import`. Ignored in the ordinary test run: a measurement, not a check (the
//! criterion bench `core/benches/import.rs` is the tracked figure).

use std::time::Instant;

use benchdash_core::import::Format;
use benchdash_core::testing::synthetic::{import_throughput, pytest_export, run_file_of};

#[test]
#[ignore]
fn measure_import_throughput_natively() {
    let origin = Instant::now();
    let clock = || origin.elapsed().as_secs_f64();
    let pytest = pytest_export(2_000, 400);
    let run_file = run_file_of(&pytest);
    let p = import_throughput(
        "big.json",
        pytest.as_bytes(),
        Format::PytestBenchmark,
        5,
        clock,
    );
    let r = import_throughput(
        "big-run.json",
        run_file.as_bytes(),
        Format::Benchdash,
        5,
        clock,
    );
    println!("MEASURE native pytest-benchmark {p:.1} MiB/s");
    println!("MEASURE native run-file {r:.1} MiB/s");
}
