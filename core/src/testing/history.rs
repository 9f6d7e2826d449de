//! A synthetic history of single-value runs, for the trend's calibration tests
//! (`core/tests/stats_changepoint.rs`) and its speed measurement (`core/benches/compare.rs`).

use std::collections::BTreeMap;

use crate::run::{Benchmark, Better, Metric, RunFile};

/// `runs` runs (`r0`, `r1`, …, a minute apart from 2026-01-01T00:00:00Z, ids their names) of
/// `benchmarks` benchmarks `bench0`, `bench1`, … with one metric, `time` in ns (lower is
/// better), a single value: `value(run, benchmark)`, called run by run and, within a run,
/// benchmark by benchmark, so a closure that draws its noise from a seeded generator gives
/// the same history every time.
pub fn history(
    runs: usize,
    benchmarks: usize,
    mut value: impl FnMut(usize, usize) -> f64,
) -> Vec<RunFile> {
    (0..runs)
        .map(|r| {
            let mut run = RunFile::new(
                format!("r{r}"),
                format!("2026-01-01T{:02}:{:02}:00Z", r / 60, r % 60),
            );
            run.run.id = Some(format!("r{r}"));
            for b in 0..benchmarks {
                let metric = Metric {
                    unit: "ns".into(),
                    better: Better::Lower,
                    value: Some(value(r, b)),
                    summary: None,
                    samples: Vec::new(),
                    extra: None,
                };
                run.benchmarks.push(Benchmark {
                    timeline: None,
                    name: format!("bench{b}"),
                    params: BTreeMap::new(),
                    metrics: BTreeMap::from([("time".to_string(), metric)]),
                    extra: None,
                });
            }
            run
        })
        .collect()
}
