//! Native import throughput on the same inputs as app/tests/import_speed.rs, for
//! `scripts/measure-import`. Ignored in the ordinary test run: a measurement, not a check (the
//! criterion bench `core/benches/import.rs` is the tracked figure).

use std::time::Instant;

use benchdash_core::import::synthetic::pytest_export;
use benchdash_core::import::{import, Format, Options, SourceFile};

fn throughput(path: &str, bytes: &[u8], format: Format) -> f64 {
    let files = [SourceFile {
        path,
        bytes,
        modified: None,
    }];
    let options = Options {
        format: Some(format),
        ..Options::default()
    };
    let mut best = f64::INFINITY;
    for _ in 0..5 {
        let start = Instant::now();
        let imported = import(&files, &options).unwrap();
        best = best.min(start.elapsed().as_secs_f64());
        assert_eq!(imported.len(), 1);
    }
    bytes.len() as f64 / (1024.0 * 1024.0) / best
}

#[test]
#[ignore]
fn measure_import_throughput_natively() {
    let pytest = pytest_export(2_000, 400);
    let files = [SourceFile {
        path: "big.json",
        bytes: pytest.as_bytes(),
        modified: None,
    }];
    let run = import(&files, &Options::default())
        .unwrap()
        .remove(0)
        .runs
        .remove(0)
        .run;
    let run_file = benchdash_core::write::to_json(&run);
    let p = throughput("big.json", pytest.as_bytes(), Format::PytestBenchmark);
    let r = throughput("big-run.json", run_file.as_bytes(), Format::Benchdash);
    println!("MEASURE native pytest-benchmark {p:.1} MiB/s");
    println!("MEASURE native run-file {r:.1} MiB/s");
}
