//! Import throughput in headless Chromium, for `scripts/measure-import` (which also measures
//! native and prints the ratio). Ignored in the ordinary test run: it is a measurement, not a
//! check, and is meaningful only in a release build.

use benchdash_core::import::Format;
use benchdash_core::testing::synthetic::{import_throughput, pytest_export, run_file_of};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
#[ignore]
fn measure_import_throughput_in_chromium() {
    let performance = web_sys::window().unwrap().performance().unwrap();
    let clock = || performance.now() / 1000.0;
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
    console_log!("MEASURE wasm pytest-benchmark {p:.1} MiB/s");
    console_log!("MEASURE wasm run-file {r:.1} MiB/s");
}
