//! Large, deterministic inputs for measuring import speed: the criterion bench
//! (`core/benches/import.rs`) and the same measurement in headless Chromium
//! (`app/tests/import_speed.rs`) build the very same bytes.

use std::fmt::Write;

/// A number that looks like a timing and needs all its digits (worst case for parsing).
fn sample(i: usize, j: usize) -> f64 {
    let x = ((i * 7919 + j * 104_729) % 100_003) as f64 / 100_003.0;
    1.0e-4 * (1.0 + x) + 1.0e-9 * j as f64
}

/// A pytest-benchmark export with its `data`: `benchmarks` × `samples` timings.
pub fn pytest_export(benchmarks: usize, samples: usize) -> String {
    let mut s = String::from(
        r#"{"machine_info":{"node":"bench","system":"Linux"},"commit_info":{"id":"abc","dirty":false},"benchmarks":["#,
    );
    for i in 0..benchmarks {
        if i > 0 {
            s.push(',');
        }
        let data: Vec<f64> = (0..samples).map(|j| sample(i, j)).collect();
        let mean = data.iter().sum::<f64>() / samples as f64;
        write!(
            s,
            r#"{{"group":"g{}","name":"test_{i}","fullname":"t.py::test_{i}","params":null,"stats":{{"min":{},"max":{},"mean":{mean},"stddev":1e-6,"rounds":{samples},"median":{mean},"ops":{},"data":{:?}}}}}"#,
            i % 10,
            data[0],
            data[samples - 1],
            1.0 / mean,
            data
        )
        .unwrap();
    }
    s.push_str(r#"],"datetime":"2026-11-24T00:00:00+00:00","version":"5.3.1"}"#);
    s
}

/// The best of `rounds` imports of `bytes` as `format`, in MiB/s, timed by `now_seconds`: the
/// caller's clock (`Instant` natively, `performance.now()` in a browser), since core has none.
pub fn import_throughput(
    path: &str,
    bytes: &[u8],
    format: crate::import::Format,
    rounds: usize,
    now_seconds: impl Fn() -> f64,
) -> f64 {
    let files = [crate::import::SourceFile {
        path,
        bytes,
        modified: None,
    }];
    let options = crate::import::Options {
        format: Some(format),
        ..crate::import::Options::default()
    };
    let mut best = f64::INFINITY;
    for _ in 0..rounds {
        let start = now_seconds();
        let imported =
            crate::import::import(&files, &options).expect("the synthetic input imports");
        best = best.min(now_seconds() - start);
        assert_eq!(imported.len(), 1);
    }
    bytes.len() as f64 / (1024.0 * 1024.0) / best
}

/// The run file the pytest-benchmark export of [`pytest_export`] becomes, as core writes it.
pub fn run_file_of(pytest: &str) -> String {
    let files = [crate::import::SourceFile {
        path: "big.json",
        bytes: pytest.as_bytes(),
        modified: None,
    }];
    let mut imported = crate::import::import(&files, &crate::import::Options::default())
        .expect("the synthetic input imports");
    crate::write::to_json(&imported.remove(0).runs.remove(0).run)
}
