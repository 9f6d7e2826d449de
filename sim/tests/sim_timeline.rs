//! The timeline the simulation records (docs/simulation.md, "Timeline" and "Recovery time"),
//! against what follows from the scenario and the model's rules: a constant rate's achieved
//! rate, the circuit breaker's band, a burst's recovery, a stress ramp's queue, the bound on
//! the number of windows. No expected number here was read off the simulator.

use benchdash_core::run::{Benchmark, RunFile};
use benchdash_core::timeline::{Timeline, MAX_WINDOWS};
use benchdash_sim::{presets, Scenario, Simulation};

fn simulate(text: &str) -> RunFile {
    let scenario = Scenario::parse("test.toml", text).unwrap_or_else(|e| panic!("{e}"));
    Simulation::new(&scenario, None).finish("test", "2026-01-01T00:00:00Z")
}

fn preset(name: &str) -> RunFile {
    let scenario = presets::scenario(presets::find(name).unwrap());
    Simulation::new(&scenario, None).finish(name, "2026-01-01T00:00:00Z")
}

fn timeline(b: &Benchmark) -> &Timeline {
    b.timeline.as_ref().expect("the benchmark has a timeline")
}

fn values(tl: &Timeline, name: &str) -> Vec<f64> {
    tl.values(name)
        .unwrap_or_else(|| panic!("no series {name} in {:?}", tl.series.keys()))
        .iter()
        .map(|v| v.unwrap_or(f64::NAN))
        .collect()
}

fn constant_rate(arrivals: &str) -> String {
    format!(
        r#"
name = "constant"
seed = 7
[workload]
duration = "60s"
pattern = {{ kind = "constant", rate = 100 }}
arrivals = "{arrivals}"
[llm]
decision = {{ dist = "constant", value = "10ms" }}
aggregate = {{ dist = "constant", value = "5ms" }}
[[tools]]
name = "t"
latency = {{ dist = "constant", value = "20ms" }}
"#
    )
}

#[test]
fn a_constant_rates_achieved_rate_is_the_rate_in_every_window_after_warm_up() {
    // Evenly spaced arrivals at 100 req/s, each done 35 ms later: every whole window after
    // the first holds 100 completions, one more or less at the edges.
    let run = simulate(&constant_rate("uniform"));
    let tl = timeline(&run.benchmarks[0]);
    assert_eq!(tl.window, "1s");
    let achieved = values(tl, "throughput");
    let offered = values(tl, "offered_rate");
    assert_eq!(achieved.len(), 61, "60 s and the last completions");
    for i in 1..60 {
        assert!(
            (achieved[i] - 100.0).abs() <= 1.0,
            "window {i}: {}",
            achieved[i]
        );
        assert!(
            (offered[i] - 100.0).abs() <= 1.0,
            "window {i}: {}",
            offered[i]
        );
    }
    // Poisson arrivals: a window's count is Poisson(100), standard deviation 10 req/s; every
    // window within 4.5 sd (a chance of 7e-6 each outside), and the mean of the 59 windows
    // within 4 standard errors (10 / √59 = 1.3 req/s).
    let run = simulate(&constant_rate("poisson"));
    let tl = timeline(&run.benchmarks[0]);
    let achieved = values(tl, "throughput");
    for (i, &x) in achieved.iter().enumerate().take(60).skip(1) {
        assert!((x - 100.0).abs() <= 45.0, "window {i}: {x}");
    }
    let mean = achieved[1..60].iter().sum::<f64>() / 59.0;
    assert!(
        (mean - 100.0).abs() <= 4.0 * 10.0 / 59f64.sqrt(),
        "mean {mean}"
    );
    // The latencies are all 35 ms: every percentile of every window with requests is 35 ms
    // within the histogram's 1/32.
    for name in ["latency_p50", "latency_p95", "latency_p99"] {
        for (i, v) in tl.values(name).unwrap().iter().enumerate() {
            if let Some(v) = v {
                assert!((v - 35.0).abs() <= 35.0 / 32.0, "{name} window {i}: {v}");
            }
        }
    }
    assert!(values(tl, "error_rate")[1..60].iter().all(|&e| e == 0.0));
}

/// The span of the only phase with this label, in seconds.
fn only_phase(tl: &Timeline, label: &str) -> (f64, f64) {
    let spans: Vec<(f64, f64)> = tl
        .phases
        .iter()
        .filter(|p| p.label == label)
        .map(|p| p.seconds().expect("phases are durations"))
        .collect();
    assert_eq!(spans.len(), 1, "one {label:?} phase in {:?}", tl.phases);
    spans[0]
}

#[test]
fn the_circuit_breakers_band_follows_the_models_rules_exactly() {
    let run = preset("circuit-breaker");
    let b = &run.benchmarks[0];
    let tl = timeline(b);
    // The preset: outage of `database` over [30 s, 60 s), 20 req/s, open_for 30 s, two probes.
    assert_eq!(only_phase(tl, "outage: database"), (30.0, 60.0));
    let (trip, probe) = only_phase(tl, "breaker open: database");
    let (probe2, close) = only_phase(tl, "breaker half_open: database");
    // It trips on the outage's first failures (3 failures of the last ≤ 10 calls reach 30 %):
    // within the outage's first second at 20 req/s.
    assert!((30.0..31.0).contains(&trip), "trip at {trip}");
    // Open for exactly open_for; half-open at the first call after it (arrivals 1/20 s apart
    // on average: well within a second), and the probes are after the outage, so both
    // succeed and it closes when the second returns (a ~40 ms call).
    assert!(probe >= trip + 30.0, "probe at {probe}, trip at {trip}");
    assert!(probe < trip + 31.0, "probe at {probe}");
    assert_eq!(probe2, probe, "half-open from the probe");
    assert!(close > probe && close < probe + 1.0, "closed at {close}");
    assert_eq!(b.metrics["breaker_trips"].headline(), Some(1.0));
    // The band: each window's worst state among those it overlaps, from the spans above.
    let band = tl.get("breaker_state:database").unwrap();
    assert_eq!(band.states, ["closed", "half_open", "open"]);
    for i in 0..tl.len() {
        let (from, to) = (i as f64, i as f64 + 1.0);
        let overlaps = |a: f64, b: f64| a < to && b > from;
        let want = if overlaps(trip, probe) {
            "open"
        } else if overlaps(probe, close) {
            "half_open"
        } else {
            "closed"
        };
        assert_eq!(band.state_at(i), Some(want), "window {i}");
    }
    // The recovery: refusals go on until the breaker closes, so the window it closes in has
    // errors when any call was refused in it; the next window is back (no queue, latency as
    // before the outage).
    let recovery = b.metrics["recovery_time"].headline().unwrap();
    let k = close.floor() as usize;
    let errors = tl.values("error_rate").unwrap()[k].unwrap_or(0.0);
    let back = if errors > 0.0 { k + 1 } else { k };
    assert_eq!(
        recovery,
        (back + 1) as f64 - 60.0,
        "recovery {recovery}, closed at {close}"
    );
    // The timeline marks it: a phase from the outage's end to the window that was back.
    assert_eq!(only_phase(tl, "recovery"), (60.0, (back + 1) as f64));
}

#[test]
fn a_burst_with_ample_capacity_recovers_within_one_window() {
    // 200 req/s for 5 s in three cycles, each request 100 ms, no limit on concurrency: no
    // queue ever, the latency is the same in and out of the bursts.
    let run = simulate(
        r#"
name = "ample"
[workload]
pattern = { kind = "burst", rate = 200, on = "5s", off = "5s", cycles = 3 }
[llm]
decision = { dist = "constant", value = "50ms" }
aggregate = { dist = "constant", value = "10ms" }
[[tools]]
name = "t"
latency = { dist = "constant", value = "40ms" }
"#,
    );
    let b = &run.benchmarks[0];
    let m = &b.metrics["recovery_time"];
    assert_eq!(m.unit, "s");
    assert_eq!(m.headline(), Some(1.0), "one window");
    let extra = m.extra.as_ref().unwrap();
    assert_eq!(extra["disturbances"], 3);
    assert_eq!(extra["not_recovered"], 0);
    let tl = timeline(b);
    let bursts: Vec<_> = tl.phases.iter().filter(|p| p.label == "burst").collect();
    assert_eq!(bursts.len(), 3);
    assert_eq!(
        (bursts[2].from.as_str(), bursts[2].to.as_str()),
        ("20s", "25s")
    );
    assert!(values(tl, "queue_depth").iter().all(|&d| d == 0.0));
    // Each burst's recovery is a phase of one window from its end; the run ends 93 ms after
    // the last burst (its last request done), inside the window that is back.
    let recoveries: Vec<_> = tl
        .phases
        .iter()
        .filter(|p| p.label == "recovery")
        .map(|p| p.seconds().unwrap())
        .collect();
    let end = tl.end_seconds().unwrap();
    assert!((25.0..26.0).contains(&end), "{end}");
    assert_eq!(recoveries, [(5.0, 6.0), (15.0, 16.0), (25.0, end)]);
}

#[test]
fn a_stress_ramp_past_capacity_shows_the_queue_growing_after_the_breaking_point() {
    // 20 slots of 100 ms serve 200 req/s; the ramp 10 → 400 req/s over 60 s passes it at
    // 10 + 390 t / 60 = 200, t ≈ 29.2 s. Past it the queue grows by (rate − 200) a second.
    let run = simulate(
        r#"
name = "ramp"
[workload]
pattern = { kind = "ramp", from = 10, to = 400, over = "60s" }
arrivals = "uniform"
[llm]
decision = { dist = "constant", value = "50ms" }
aggregate = { dist = "constant", value = "10ms" }
[orchestrator]
max_concurrent_requests = 20
[[tools]]
name = "t"
latency = { dist = "constant", value = "40ms" }
"#,
    );
    let b = &run.benchmarks[0];
    let tl = timeline(b);
    let depth = values(tl, "queue_depth");
    // Below capacity (up to 25 s: 172 req/s) nothing waits long: under one request on average.
    assert!(depth[..25].iter().all(|&d| d < 1.0), "{:?}", &depth[..25]);
    // From 31 s to the ramp's end, every window's mean queue is longer than the last's.
    for i in 31..60 {
        assert!(
            depth[i] > depth[i - 1],
            "window {i}: {} after {}",
            depth[i],
            depth[i - 1]
        );
    }
    // By the ramp's end the backlog is ∫ (rate − 200) dt from 29.2 s to 60 s ≈ 3,000
    // requests; the last whole window's mean is near it (the integral to 59.5 s: 2,900).
    let backlog: f64 = (0..600)
        .map(|k| 29.2 + (59.5 - 29.2) * (k as f64 + 0.5) / 600.0)
        .map(|t| (10.0 + 390.0 * t / 60.0 - 200.0) * (59.5 - 29.2) / 600.0)
        .sum();
    assert!(
        (depth[59] - backlog).abs() / backlog < 0.05,
        "queue {} against {backlog}",
        depth[59]
    );
    // The achieved rate stays at capacity while the queue grows.
    let achieved = values(tl, "throughput");
    for (i, &x) in achieved.iter().enumerate().take(60).skip(31) {
        assert!((x - 200.0).abs() <= 1.0, "window {i}: {x}");
    }
    assert!(b.metrics.contains_key("breaking_point"));
    // The ramp is the disturbance: after it the backlog of ≈ 3,000 drains at 200 req/s, 15 s.
    let recovery = b.metrics["recovery_time"].headline().unwrap();
    assert!((14.0..=18.0).contains(&recovery), "recovery {recovery}");
}

#[test]
fn a_long_run_keeps_at_most_2000_windows_that_widen_exactly() {
    // 3 hours at 2 req/s: 10,800 s of windows widen from 1 s to 8 s (10,800 / 8 = 1,350).
    let run = simulate(
        r#"
name = "long"
[workload]
duration = "10800s"
pattern = { kind = "constant", rate = 2 }
arrivals = "uniform"
[llm]
decision = { dist = "constant", value = "50ms" }
aggregate = { dist = "constant", value = "10ms" }
[[tools]]
name = "t"
latency = { dist = "constant", value = "40ms" }
"#,
    );
    let b = &run.benchmarks[0];
    let tl = timeline(b);
    assert!(tl.len() <= MAX_WINDOWS);
    assert_eq!(tl.window, "8s");
    // The last arrival is at 10,799.5 s and done 100 ms later, in window 1,349.
    assert_eq!(tl.len(), 1350, "10,800 s / 8 s");
    assert!(tl.check().is_ok());
    // Merging kept every request: the achieved rate × each window's length sums to the
    // requests done. The last window ends with the run, at 10,799.6 s.
    assert_eq!(tl.end.as_deref(), Some("10799600ms"));
    let done: f64 = values(tl, "throughput")
        .iter()
        .enumerate()
        .map(|(i, r)| r * (tl.window_end(i).unwrap() - tl.window_start(i).unwrap()))
        .sum();
    assert!((done - 21_600.0).abs() < 1e-6, "{done}");
    // A widened window is 8 s of 2 req/s: 16 arrivals, 2 req/s.
    assert!(values(tl, "offered_rate")[1..1349]
        .iter()
        .all(|&r| r == 2.0));
}

#[test]
fn every_preset_with_a_pattern_outage_or_breaker_records_a_valid_timeline() {
    for p in presets::all()
        .into_iter()
        .filter(|p| p.name != "stress")
        .chain([presets::short_stress()])
    {
        let run = Simulation::new(&p, None).finish(&p.name, "2026-01-01T00:00:00Z");
        // Through the reader: the timeline passes its rules.
        let text = benchdash_core::write::to_json(&run);
        let back = benchdash_core::read_run("sim.json", text.as_bytes())
            .unwrap_or_else(|e| panic!("{}: {e}", p.name));
        for b in &back.run.benchmarks {
            let cfg = &p.points[0].config;
            let wants = matches!(
                cfg.workload.load,
                benchdash_sim::scenario::Load::Open { .. }
            ) || cfg.circuit_breaker.is_some()
                || cfg.tools.iter().any(|t| !t.outages.is_empty());
            assert_eq!(b.timeline.is_some(), wants, "{}", b.name);
        }
    }
}
