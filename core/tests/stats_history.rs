//! Calibration of the history-aware verdict (docs/statistics.md states the figures), at a
//! team's scale: histories of 60 nightly runs of 100 benchmarks, the newest run compared with
//! the one before it, with the 58 runs before those as history.
//!
//! Each benchmark has two metrics: `ops`, a single value per run (higher is better) with 1 %
//! run-to-run noise, and `time`, 20 samples per run with 3 % within-run noise around a run
//! level that itself moves 1.5 % from run to run (machine noise between runs). In 20 of the
//! 100 benchmarks the newest run is 8 % worse on both metrics. Ten such histories, seeded.
//!
//! The proof asked for: at most 2 % of the unchanged metrics regressed or improved with the
//! history, and at least 90 % of the steps regressed. The same comparisons without the
//! history are printed beside (and must be worse: that is why the history is read).
// The expected values are computed natively only, with std's float functions: an oracle
// need not be bit-portable (clippy.toml's rule is for core's and the simulation's code).
#![allow(clippy::disallowed_methods)]

use std::collections::BTreeMap;

use benchdash_core::compare::{compare, compare_with_history, History, Reason, Test, Verdict};
use benchdash_core::run::{Benchmark, Better, Metric, RunFile};
use benchdash_core::thresholds::Thresholds;
use rand_xoshiro::rand_core::{Rng, SeedableRng};
use rand_xoshiro::Xoshiro256PlusPlus;

const RUNS: usize = 60;
const BENCHMARKS: usize = 100;
const STEPPED: usize = 20;
const SAMPLES: usize = 20;

struct Normal(Xoshiro256PlusPlus);

impl Normal {
    fn uniform(&mut self) -> f64 {
        ((self.0.next_u64() >> 11) as f64 + 0.5) / (1u64 << 53) as f64
    }
    /// Box–Muller.
    fn next(&mut self) -> f64 {
        let (u, v) = (self.uniform(), self.uniform());
        (-2.0 * u.ln()).sqrt() * (std::f64::consts::TAU * v).cos()
    }
}

fn metric(unit: &str, better: Better, value: Option<f64>, samples: Vec<f64>) -> Metric {
    Metric {
        unit: unit.into(),
        better,
        value,
        summary: None,
        samples,
        extra: None,
    }
}

/// One history: `RUNS` runs, oldest first; the last one has the steps.
fn history(seed: u64) -> Vec<RunFile> {
    let mut rng = Normal(Xoshiro256PlusPlus::seed_from_u64(seed));
    (0..RUNS)
        .map(|i| {
            let mut run = RunFile::new(
                format!("nightly {i}"),
                format!("2026-10-{:02}T{:02}:00:00Z", 1 + i / 24, i % 24),
            );
            for b in 0..BENCHMARKS {
                let step = if i == RUNS - 1 && b < STEPPED {
                    0.08
                } else {
                    0.0
                };
                let ops = 1000.0 * (1.0 - step) * (1.0 + 0.01 * rng.next());
                let level = 100.0 * (1.0 + step) * (1.0 + 0.015 * rng.next());
                let samples = (0..SAMPLES)
                    .map(|_| level * (1.0 + 0.03 * rng.next()))
                    .collect();
                let mut metrics = BTreeMap::new();
                metrics.insert(
                    "ops".to_string(),
                    metric("op/s", Better::Higher, Some(ops), Vec::new()),
                );
                metrics.insert(
                    "time".to_string(),
                    metric("ms", Better::Lower, None, samples),
                );
                run.benchmarks.push(Benchmark {
                    timeline: None,
                    name: format!("bench/{b:03}"),
                    params: BTreeMap::new(),
                    metrics,
                    extra: None,
                });
            }
            run
        })
        .collect()
}

/// Per metric name: (unchanged metrics judged regressed or improved, unchanged metrics,
/// steps judged regressed, steps).
#[derive(Default, Debug)]
struct Rates {
    false_alarms: BTreeMap<&'static str, (usize, usize)>,
    detected: BTreeMap<&'static str, (usize, usize)>,
}

impl Rates {
    fn add(&mut self, rows: &[benchdash_core::compare::Row]) {
        for row in rows {
            let metric: &'static str = if row.metric == "ops" { "ops" } else { "time" };
            let stepped = row.benchmark.as_str() < "bench/020";
            if stepped {
                let e = self.detected.entry(metric).or_default();
                e.0 += usize::from(row.verdict == Verdict::Regressed);
                e.1 += 1;
            } else {
                let e = self.false_alarms.entry(metric).or_default();
                e.0 += usize::from(matches!(
                    row.verdict,
                    Verdict::Regressed | Verdict::Improved
                ));
                e.1 += 1;
            }
        }
    }

    fn rate(counts: &BTreeMap<&'static str, (usize, usize)>) -> f64 {
        let (hit, all) = counts
            .values()
            .fold((0, 0), |(h, a), (x, y)| (h + x, a + y));
        hit as f64 / all as f64
    }
}

fn show(name: &str, rates: &Rates) {
    let per = |c: &BTreeMap<&'static str, (usize, usize)>| {
        c.iter()
            .map(|(m, (h, a))| format!("{m} {h}/{a}"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    println!(
        "{name}: false alarms {:.2} % ({}), 8 % steps regressed {:.1} % ({})",
        100.0 * Rates::rate(&rates.false_alarms),
        per(&rates.false_alarms),
        100.0 * Rates::rate(&rates.detected),
        per(&rates.detected),
    );
}

#[test]
fn the_history_keeps_false_alarms_rare_and_finds_the_steps() {
    let thresholds = Thresholds::default();
    let (mut with, mut without) = (Rates::default(), Rates::default());
    for seed in 0..10 {
        let runs = history(1000 + seed);
        let (candidate, baseline) = (&runs[RUNS - 1], &runs[RUNS - 2]);
        let earlier = History::new(&runs[..RUNS - 2]);
        let judged = compare_with_history(baseline, candidate, &earlier, &thresholds).unwrap();
        for row in &judged.rows {
            assert_eq!(row.test, Test::History, "{row:?}");
            // The window: the newest 30 of the 59 runs before the candidate.
            assert_eq!(row.history_n, Some(30), "{row:?}");
        }
        with.add(&judged.rows);
        without.add(&compare(baseline, candidate, &thresholds).unwrap().rows);
    }
    show("with the history", &with);
    show("without it", &without);
    let false_alarms = Rates::rate(&with.false_alarms);
    let detected = Rates::rate(&with.detected);
    assert!(false_alarms <= 0.02, "{with:?}");
    assert!(detected >= 0.90, "{with:?}");
    // What the history is for: the two runs alone take machine noise for changes.
    assert!(
        Rates::rate(&without.false_alarms) > 2.0 * false_alarms.max(0.01),
        "{without:?}"
    );
}

#[test]
fn a_short_history_is_not_used_and_the_row_says_so() {
    let runs = history(7);
    let (candidate, baseline) = (&runs[RUNS - 1], &runs[RUNS - 2]);
    // Two runs before the baseline: three earlier runs with it, fewer than history_min (5).
    let earlier = History::new(&runs[RUNS - 4..RUNS - 2]);
    let judged =
        compare_with_history(baseline, candidate, &earlier, &Thresholds::default()).unwrap();
    let plain = compare(baseline, candidate, &Thresholds::default()).unwrap();
    for (row, alone) in judged.rows.iter().zip(&plain.rows) {
        assert_eq!(row.history_n, Some(3));
        assert!(row.reasons.contains(&Reason::ShortHistory { n: 3, min: 5 }));
        assert_eq!(
            (row.verdict, row.test, row.p_value),
            (alone.verdict, alone.test, alone.p_value)
        );
    }
    assert!(plain.rows.iter().all(|r| r.history_n.is_none()));
}

#[test]
fn only_runs_made_before_the_candidate_count() {
    let runs = history(8);
    let (candidate, baseline) = (&runs[RUNS - 1], &runs[RUNS - 2]);
    // The candidate itself and a later copy of a run are in the history: neither is read.
    let mut later = runs[0].clone();
    later.run.timestamp = "2026-12-01T00:00:00Z".into();
    let mut given: Vec<&RunFile> = runs[RUNS - 10..].iter().collect();
    given.push(&later);
    let earlier = History::new(given);
    let judged =
        compare_with_history(baseline, candidate, &earlier, &Thresholds::default()).unwrap();
    // Runs 50..=58: nine before the candidate, the baseline among them.
    assert!(judged.rows.iter().all(|r| r.history_n == Some(9)));
}

#[test]
fn the_history_mean_and_interval_match_an_independent_computation() {
    // Single values: the prediction interval of a new observation, computed here from the
    // textbook formula (scipy.stats.t.ppf(0.975, 29) = 2.045229642132703).
    let runs = history(9);
    let (candidate, baseline) = (&runs[RUNS - 1], &runs[RUNS - 2]);
    let earlier = History::new(&runs[..RUNS - 2]);
    let judged =
        compare_with_history(baseline, candidate, &earlier, &Thresholds::default()).unwrap();
    let row = judged
        .rows
        .iter()
        .find(|r| r.benchmark == "bench/050" && r.metric == "ops")
        .unwrap();
    let values: Vec<f64> = runs[RUNS - 31..RUNS - 1]
        .iter()
        .map(|r| r.metric("bench/050", "ops").unwrap().value.unwrap())
        .collect();
    let h = values.len() as f64;
    let mean = values.iter().sum::<f64>() / h;
    let sd = (values.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / (h - 1.0)).sqrt();
    let c = candidate.metric("bench/050", "ops").unwrap().value.unwrap();
    let half = 2.045_229_642_132_703 * sd * (1.0 + 1.0 / h).sqrt();
    let ci = row.ci.unwrap();
    assert!((row.history_mean.unwrap() - mean).abs() < 1e-9 * mean);
    assert!((ci[0] - (c - mean - half) / mean).abs() < 1e-9, "{ci:?}");
    assert!((ci[1] - (c - mean + half) / mean).abs() < 1e-9, "{ci:?}");
}
