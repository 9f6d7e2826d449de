//! The verdict and status rules of docs/statistics.md#the-verdict, case by case.

use std::collections::BTreeMap;

use benchdash_core::compare::{check, compare, LimitStatus, Status, Verdict};
use benchdash_core::run::{Benchmark, Better, Metric, RunFile, Summary};
use benchdash_core::thresholds::Thresholds;

fn metric(unit: &str, better: Better) -> Metric {
    Metric {
        unit: unit.into(),
        better,
        value: None,
        summary: None,
        samples: vec![],
        extra: None,
    }
}

fn value(v: f64, better: Better) -> Metric {
    Metric {
        value: Some(v),
        ..metric("ms", better)
    }
}

fn summary(mean: f64, sd: f64, n: u64) -> Metric {
    Metric {
        summary: Some(Summary {
            n: Some(n),
            mean: Some(mean),
            stddev: Some(sd),
            ..Summary::default()
        }),
        ..metric("ms", Better::Lower)
    }
}

fn run(benchmarks: Vec<(&str, Vec<(&str, Metric)>)>) -> RunFile {
    let mut r = RunFile::new("r", "2026-11-24T00:00:00Z");
    for (name, metrics) in benchmarks {
        r.benchmarks.push(Benchmark {
            timeline: None,
            name: name.into(),
            params: BTreeMap::new(),
            metrics: metrics
                .into_iter()
                .map(|(k, m)| (k.to_string(), m))
                .collect(),
            extra: None,
        });
    }
    r
}

fn one(b: Metric, c: Metric, t: &Thresholds) -> (Verdict, Status, Option<f64>) {
    let cmp = compare(
        &run(vec![("x", vec![("m", b)])]),
        &run(vec![("x", vec![("m", c)])]),
        t,
    )
    .unwrap();
    let r = &cmp.rows[0];
    (r.verdict, r.status, r.change)
}

#[test]
fn single_values_are_judged_by_the_noise_band_alone() {
    let t = Thresholds::default();
    let lower = Better::Lower;
    assert_eq!(
        one(value(100.0, lower), value(100.5, lower), &t).0,
        Verdict::Noise
    );
    assert_eq!(
        one(value(100.0, lower), value(103.0, lower), &t).0,
        Verdict::Regressed
    );
    assert_eq!(
        one(value(100.0, lower), value(103.0, lower), &t).1,
        Status::Pass
    );
    assert_eq!(
        one(value(100.0, lower), value(107.0, lower), &t).1,
        Status::Warn
    );
    assert_eq!(
        one(value(100.0, lower), value(112.0, lower), &t).1,
        Status::Fail
    );
    assert_eq!(
        one(value(100.0, lower), value(90.0, lower), &t).0,
        Verdict::Improved
    );
    // Higher is better: a drop is the regression.
    let higher = Better::Higher;
    let (v, s, change) = one(value(100.0, higher), value(88.0, higher), &t);
    assert_eq!((v, s), (Verdict::Regressed, Status::Fail));
    assert!((change.unwrap() + 0.12).abs() < 1e-12);
    assert_eq!(
        one(value(100.0, higher), value(120.0, higher), &t).0,
        Verdict::Improved
    );
    // Exactly at warn is not beyond it.
    assert_eq!(
        one(value(100.0, lower), value(105.0, lower), &t).1,
        Status::Pass
    );
}

#[test]
fn summaries_use_welch_on_mean_sd_and_n() {
    let t = Thresholds::default();
    // 487 ± 31 (n = 100) vs 490 ± 30: p ≈ 0.49 → unchanged.
    assert_eq!(
        one(summary(487.0, 31.0, 100), summary(490.0, 30.0, 100), &t).0,
        Verdict::Unchanged
    );
    // 487 ± 23 vs 530 ± 25 (n = 100): significant, +8.8 % → regressed, warn.
    let (v, s, _) = one(summary(487.0, 23.0, 100), summary(530.0, 25.0, 100), &t);
    assert_eq!((v, s), (Verdict::Regressed, Status::Warn));
}

#[test]
fn samples_use_the_interval_against_noise() {
    let t = Thresholds::default();
    let with = |xs: Vec<f64>| Metric {
        samples: xs,
        ..metric("ms", Better::Lower)
    };
    let base: Vec<f64> = (0..40).map(|i| 100.0 + (i % 5) as f64 * 0.1).collect();
    // +0.5 %: significant (tiny noise) but inside the 1 % band → noise.
    let small: Vec<f64> = base.iter().map(|x| x * 1.005).collect();
    assert_eq!(one(with(base.clone()), with(small), &t).0, Verdict::Noise);
    // +20 %: regressed and fail.
    let big: Vec<f64> = base.iter().map(|x| x * 1.2).collect();
    let (v, s, _) = one(with(base.clone()), with(big), &t);
    assert_eq!((v, s), (Verdict::Regressed, Status::Fail));
    // Identical samples: p = 1 → unchanged.
    assert_eq!(
        one(with(base.clone()), with(base.clone()), &t).0,
        Verdict::Unchanged
    );
    // Mann-Whitney decides when asked.
    let mw = Thresholds::parse("t", "[regression]\ntest = \"mann-whitney\"\n").unwrap();
    let big: Vec<f64> = base.iter().map(|x| x * 1.2).collect();
    let cmp = compare(
        &run(vec![("x", vec![("m", with(base.clone()))])]),
        &run(vec![("x", vec![("m", with(big))])]),
        &mw,
    )
    .unwrap();
    assert_eq!(cmp.rows[0].test, benchdash_core::compare::Test::MannWhitney);
    assert_eq!(cmp.rows[0].p_value, cmp.rows[0].mann_whitney_p);
}

#[test]
fn overrides_apply_later_entries_last() {
    let t = Thresholds::parse(
        "t",
        "[[regression.override]]\nbenchmark = \"load/*\"\nwarn = \"15%\"\nfail = \"30%\"\n\n[[regression.override]]\nbenchmark = \"load/big\"\nfail = \"20%\"\n",
    )
    .unwrap();
    let p = t.policy_for("load/big", "latency");
    assert_eq!((p.warn, p.fail), (0.15, 0.20));
    let p = t.policy_for("load/small", "latency");
    assert_eq!((p.warn, p.fail), (0.15, 0.30));
    let p = t.policy_for("single", "latency");
    assert_eq!((p.warn, p.fail), (0.05, 0.10));
}

#[test]
fn added_removed_and_geomean() {
    let b = run(vec![
        ("a", vec![("latency", value(100.0, Better::Lower))]),
        ("gone", vec![("latency", value(1.0, Better::Lower))]),
        ("t", vec![("throughput", value(100.0, Better::Higher))]),
    ]);
    let c = run(vec![
        ("a", vec![("latency", value(110.0, Better::Lower))]),
        ("t", vec![("throughput", value(110.0, Better::Higher))]),
        ("new", vec![("latency", value(1.0, Better::Lower))]),
    ]);
    let cmp = compare(&b, &c, &Thresholds::default()).unwrap();
    let s = &cmp.summary;
    assert_eq!((s.added, s.removed, s.regressed, s.improved), (1, 1, 1, 1));
    // Latency 1.1× worse, throughput 1.1× better: the oriented geometric mean is 0.
    assert!(s.geomean_change.unwrap().abs() < 1e-12);
    // +10 % exactly is a warn: only a change beyond `fail` fails.
    assert_eq!(cmp.status, Status::Warn);
}

#[test]
fn limits_take_the_worst_level_that_holds() {
    let t = Thresholds::parse(
        "t",
        "[[limit]]\nbenchmark = \"single-tool\"\nmetric = \"latency\"\nwarn = \"> 550ms\"\nfail = \"> 0.65s\"\n\n[[limit]]\nmetric = \"memory\"\nstat = \"max\"\nfail = \"> 1GB\"\nwarn = \"> 850MB\"\n\n[[limit]]\nbenchmark = \"absent\"\nfail = \"> 1\"\n",
    )
    .unwrap();
    let mut mem = metric("MiB", Better::Lower);
    mem.samples = vec![700.0, 900.0, 820.0];
    let r = run(vec![
        (
            "single-tool",
            vec![("latency", value(700.0, Better::Lower))],
        ),
        ("load/50", vec![("memory", mem)]),
    ]);
    let c = check(&r, &t).unwrap();
    let statuses: Vec<_> = c.limits.iter().map(|l| l.status).collect();
    // 700 ms > 650 ms: fail; max 900 MiB = 943.7 MB > 850 MB but < 1 GB: warn; no match.
    assert_eq!(
        statuses,
        vec![LimitStatus::Fail, LimitStatus::Warn, LimitStatus::NoData]
    );
    assert_eq!(c.status, Status::Fail);
    assert_eq!(c.limits[0].rule, "> 0.65s");
}

#[test]
fn the_example_threshold_files_parse_and_fit_the_example_run() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../examples/thresholds");
    let mut names = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        let text = std::fs::read_to_string(&path).unwrap();
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        let t = Thresholds::parse(&name, &text).unwrap_or_else(|e| panic!("{e}"));
        if name == "defaults.toml" {
            assert_eq!(t, Thresholds::default());
        }
        names.push(name);
    }
    assert!(names.len() >= 5, "{names:?}");
    let text = std::fs::read_to_string(format!("{dir}/orchestrator-baseline.toml")).unwrap();
    let t = Thresholds::parse("orchestrator-baseline.toml", &text).unwrap();
    let (name, bytes) = benchdash_core::examples::ORCHESTRATOR_BASELINE;
    let run = benchdash_core::read_run(name, bytes.as_bytes())
        .unwrap()
        .run;
    let c = check(&run, &t).unwrap();
    // The baseline itself passes its own limits, and every limit finds its metric.
    assert_eq!(c.status, Status::Pass, "{:#?}", c.limits);
    assert!(c.limits.iter().all(|l| l.status == LimitStatus::Pass));
    assert_eq!(c.limits.len(), 5); // parallel/* matches two benchmarks
}

/// Samples of a lognormal-ish spread around `centre`, from a fixed little generator.
fn samples(centre: f64, n: usize, seed: u64) -> Vec<f64> {
    let mut x = seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1;
    (0..n)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            centre * (1.0 + ((x >> 11) as f64 / (1u64 << 53) as f64 - 0.5) * 0.06)
        })
        .collect()
}

#[test]
fn intervals_left_out_and_filled_later_equal_the_whole_comparison() {
    use benchdash_core::compare::{compare_with, fill_interval, History, Intervals};
    // Forty benchmarks: every third 5 % slower (its verdict reads the interval), the rest
    // unchanged; one in seconds on the candidate side (the fill converts units too).
    let mut base = Vec::new();
    let mut cand = Vec::new();
    let names: Vec<String> = (0..40).map(|i| format!("b{i}")).collect();
    for (i, name) in names.iter().enumerate() {
        let shift = if i % 3 == 0 { 1.05 } else { 1.0 };
        let mut b = metric("ms", Better::Lower);
        b.samples = samples(100.0, 50, i as u64);
        let mut c = metric("ms", Better::Lower);
        c.samples = samples(100.0 * shift, 50, 1000 + i as u64);
        if i == 1 {
            c.unit = "s".into();
            c.samples.iter_mut().for_each(|x| *x /= 1000.0);
        }
        base.push((name.as_str(), vec![("latency", b)]));
        cand.push((name.as_str(), vec![("latency", c)]));
    }
    let (base, cand) = (run(base), run(cand));
    let t = Thresholds::default();
    let whole = compare(&base, &cand, &t).unwrap();
    let mut lazy = compare_with(&base, &cand, &History::none(), &t, Intervals::Deciding).unwrap();
    let left_out = lazy.rows.iter().filter(|r| r.interval_left_out).count();
    assert!(
        left_out > 10,
        "unchanged rows wait for their interval: {left_out}"
    );
    for r in &lazy.rows {
        if r.interval_left_out {
            assert!(r.ci.is_none());
            assert!(
                r.p_value.unwrap() >= 0.05,
                "only non-deciding rows wait: {r:?}"
            );
        }
    }
    // Verdicts and statuses do not wait.
    let verdicts = |c: &benchdash_core::compare::Comparison| {
        c.rows
            .iter()
            .map(|r| (r.verdict, r.status))
            .collect::<Vec<_>>()
    };
    assert_eq!(verdicts(&lazy), verdicts(&whole));
    for r in &mut lazy.rows {
        fill_interval(r, &base, &cand, &t);
    }
    assert_eq!(lazy, whole);
    // The same as a `Deferred`: filled a few at a time, to the end, or on threads.
    use benchdash_core::compare::{Deferred, Pending};
    let mut deferred = Deferred::new(&base, &cand, &t).unwrap();
    assert_eq!(verdicts(&deferred), verdicts(&whole));
    assert_eq!(deferred.left(), left_out);
    assert_eq!(deferred.fill(3), left_out - 3);
    assert_eq!(deferred.clone().finish(), whole);
    let threaded = deferred.finish_with(|waiting| {
        std::thread::scope(|scope| {
            for part in waiting.chunks_mut(4) {
                scope.spawn(move || part.iter_mut().for_each(Pending::compute));
            }
        })
    });
    assert_eq!(threaded, whole);
}

#[test]
fn rows_judged_in_any_order_on_threads_finish_as_the_whole_comparison() {
    use benchdash_core::compare::{compare_with, History, Intervals, Rows};
    let mut base = Vec::new();
    let mut cand = Vec::new();
    let names: Vec<String> = (0..30).map(|i| format!("b{i}")).collect();
    for (i, name) in names.iter().enumerate() {
        let shift = if i % 4 == 0 { 1.08 } else { 1.0 };
        let mut b = metric("ms", Better::Lower);
        b.samples = samples(100.0, 40, i as u64);
        let mut c = metric("ms", Better::Lower);
        c.samples = samples(100.0 * shift, 40, 500 + i as u64);
        let mut extra = metric("MB", Better::Lower);
        extra.samples = samples(10.0, 40, 900 + i as u64);
        base.push((name.as_str(), vec![("latency", b)]));
        // One metric only in the candidate, on one benchmark.
        cand.push((
            name.as_str(),
            if i == 3 {
                vec![("latency", c), ("memory", extra)]
            } else {
                vec![("latency", c)]
            },
        ));
    }
    let mut gone = metric("ms", Better::Lower);
    gone.samples = samples(5.0, 40, 7);
    base.push(("gone", vec![("latency", gone.clone())]));
    cand.push(("arrived", vec![("latency", gone)]));
    let (base, cand) = (run(base), run(cand));
    let t = Thresholds::default();
    let history = History::none();
    let serial = compare_with(&base, &cand, &history, &t, Intervals::Deciding).unwrap();
    let rows = Rows::new(&base, &cand, &history, &t);
    assert_eq!(rows.len(), serial.rows.len());
    // Judged last to first on two threads, put back in row order.
    let mut judged: Vec<_> = std::thread::scope(|scope| {
        let rows = &rows;
        let halves: Vec<_> = [(0, rows.len() / 2), (rows.len() / 2, rows.len())]
            .into_iter()
            .map(|(from, to)| {
                scope.spawn(move || {
                    (from..to)
                        .rev()
                        .map(|i| (i, rows.judge(i)))
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        halves
            .into_iter()
            .rev()
            .flat_map(|h| h.join().unwrap())
            .collect()
    });
    benchdash_core::order::sort_by_key(&mut judged, |(i, _)| *i);
    let parallel = rows
        .finish(judged.into_iter().map(|(_, r)| r).collect())
        .unwrap();
    assert_eq!(parallel, serial);
    let verdicts: Vec<_> = parallel.rows.iter().map(|r| r.verdict).collect();
    assert!(verdicts.contains(&benchdash_core::compare::Verdict::Added));
    assert!(verdicts.contains(&benchdash_core::compare::Verdict::Removed));
    assert!(verdicts.contains(&benchdash_core::compare::Verdict::Regressed));
}
