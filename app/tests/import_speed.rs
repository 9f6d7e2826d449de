//! Import throughput in headless Chromium, for `scripts/measure-import` (which also measures
//! native and prints the ratio). Ignored in the ordinary test run: it is a measurement, not a
//! check, and is meaningful only in a release build.

use benchdash_core::import::synthetic::pytest_export;
use benchdash_core::import::{import, Format, Options, SourceFile};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn now_ms() -> f64 {
    web_sys::window().unwrap().performance().unwrap().now()
}

/// The best of five imports, in MiB/s.
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
        let start = now_ms();
        let imported = import(&files, &options).unwrap();
        best = best.min(now_ms() - start);
        assert_eq!(imported.len(), 1);
    }
    bytes.len() as f64 / (1024.0 * 1024.0) / (best / 1000.0)
}

#[wasm_bindgen_test]
#[ignore]
fn measure_import_throughput_in_chromium() {
    let pytest = pytest_export(2_000, 400);
    let run = import(
        &[SourceFile {
            path: "big.json",
            bytes: pytest.as_bytes(),
            modified: None,
        }],
        &Options::default(),
    )
    .unwrap()
    .remove(0)
    .runs
    .remove(0)
    .run;
    let run_file = benchdash_core::write::to_json(&run);
    let p = throughput("big.json", pytest.as_bytes(), Format::PytestBenchmark);
    let r = throughput("big-run.json", run_file.as_bytes(), Format::Benchdash);
    console_log!("MEASURE wasm pytest-benchmark {p:.1} MiB/s");
    console_log!("MEASURE wasm run-file {r:.1} MiB/s");
}
