//! The simulation against independent closed forms: the spec's worked checks, queueing
//! theory (M/M/1, M/M/c by Erlang C, M/D/1 by Pollaczek–Khinchine, the response-time law),
//! order statistics (H_n/μ), exact limiter permit counts, the breaker's state sequence and
//! retry arithmetic. No expected number here was read off the simulator; each tolerance is
//! stated beside its test with the standard error it covers.
// The expected values are computed natively only, with std's float functions: an oracle
// need not be bit-portable (clippy.toml's rule is for core's and the simulation's code).
#![allow(clippy::disallowed_methods)]

use benchdash_core::run::{Benchmark, RunFile};
use benchdash_sim::{Scenario, Simulation};

fn simulate(text: &str) -> RunFile {
    let scenario = Scenario::parse("test.toml", text).unwrap_or_else(|e| panic!("{e}"));
    Simulation::new(&scenario, None).finish("test", "2026-01-01T00:00:00Z")
}

fn bench(run: &RunFile) -> &Benchmark {
    &run.benchmarks[0]
}

fn value(b: &Benchmark, metric: &str) -> f64 {
    b.metrics
        .get(metric)
        .unwrap_or_else(|| panic!("no {metric} in {:?}", b.metrics.keys()))
        .headline()
        .unwrap()
}

fn summary(b: &Benchmark, metric: &str) -> benchdash_core::Summary {
    b.metrics[metric].summary.clone().unwrap()
}

fn close(got: f64, want: f64, tol: f64, what: &str) {
    assert!(
        (got - want).abs() <= tol,
        "{what}: got {got}, want {want} ± {tol}"
    );
}

const WORKED: &str = r#"
name = "worked"
[workload]
requests = 50
[llm]
decision = { dist = "constant", value = "156ms" }
aggregate = { dist = "constant", value = "33ms" }
[orchestrator]
mode = "MODE"
max_parallel = 3
[[tools]]
name = "web_search"
calls = CALLS
latency = { dist = "constant", value = "298ms" }
[memory]
base = "45MB"
per_tool_call = "6.8MB"
"#;

fn worked(mode: &str, calls: u32) -> String {
    WORKED
        .replace("MODE", mode)
        .replace("CALLS", &calls.to_string())
}

#[test]
fn worked_check_sequential_and_parallel() {
    // 156 + 5 × 298 + 33 = 1679 ms one after another; with 3 at once the calls take two
    // rounds: 156 + 2 × 298 + 33 = 785 ms.
    let seq = simulate(&worked("sequential", 5));
    let s = summary(bench(&seq), "latency");
    assert_eq!((s.min, s.max), (Some(1679.0), Some(1679.0)));
    // Nothing runs side by side: no speedup or efficiency to report (they would be 1).
    let metrics = &bench(&seq).metrics;
    assert!(!metrics.contains_key("speedup") && !metrics.contains_key("efficiency"));

    let par = simulate(&worked("parallel", 5));
    let b = bench(&par);
    let s = summary(b, "latency");
    assert_eq!(
        (s.min, s.max, s.mean),
        (Some(785.0), Some(785.0), Some(785.0))
    );
    // 1679 / 785 = 2.1389; tool phase 1490 / 596 = 2.5, over min(5, 3) = 0.8333.
    close(value(b, "speedup"), 1679.0 / 785.0, 1e-12, "speedup");
    assert_eq!(format!("{:.4}", value(b, "speedup")), "2.1389");
    close(value(b, "efficiency"), 2.5 / 3.0, 1e-12, "efficiency");
    // Memory: 45 MB + 6.8 MB × 3 calls in flight at most.
    close(value(b, "memory_peak"), 45.0 + 6.8 * 3.0, 1e-9, "memory");
    // One client, back to back: 50 requests in 50 × 785 ms.
    close(value(b, "throughput"), 1000.0 / 785.0, 1e-9, "throughput");
    assert_eq!(value(b, "error_rate"), 0.0);
}

#[test]
fn worked_check_speculation() {
    // One call; a hit: max(156 + 15, 15 + 298) + 33 = 346 ms; a miss: 15 + 156 + 298 + 33 =
    // 502 ms; mean 0.73 × 346 + 0.27 × 502 = 388.12 ms. With n = 20,000 the per-request
    // standard deviation 156·√(0.73·0.27) = 69.3 ms gives a standard error of 0.49 ms;
    // the tolerance 2 ms is 4 standard errors. The hit rate's standard error is 0.0031.
    let text = worked("parallel", 1).replace("requests = 50", "requests = 20000")
        + "[speculation]\nhit_rate = 0.73\noverhead = \"15ms\"\n";
    let run = simulate(&text);
    let b = bench(&run);
    let lat = &b.metrics["latency"];
    assert!(lat.samples.iter().all(|&x| x == 346.0 || x == 502.0));
    close(
        summary(b, "latency").mean.unwrap(),
        388.12,
        2.0,
        "mean latency",
    );
    close(value(b, "speculation_hit_rate"), 0.73, 0.0125, "hit rate");
    let misses = (1.0 - value(b, "speculation_hit_rate")) * 20000.0;
    close(
        value(b, "wasted_calls"),
        misses,
        0.5,
        "wasted calls = one per miss",
    );
}

fn single_server(arrival_rate: f64, latency: &str, servers: u32, requests: u64) -> String {
    format!(
        r#"
name = "queue"
seed = 7
[workload]
requests = {requests}
pattern = {{ kind = "constant", rate = {arrival_rate} }}
[orchestrator]
max_concurrent_requests = {servers}
[[tools]]
name = "server"
latency = {latency}
"#
    )
}

#[test]
fn mm1_mean_time_in_system() {
    // The spec's check: λ = 0.8/s, exponential service with mean 1 s, one at a time:
    // W = 1/(μ − λ) = 5 s. The asymptotic variance of the mean sojourn time of M/M/1 at
    // ρ = 0.8 is about 2000 s²/n (autocorrelated samples), so n = 400,000 gives a standard
    // error of 0.07 s; the tolerance 0.3 s is over 4 of them.
    let run = simulate(&single_server(
        0.8,
        r#"{ dist = "exponential", mean = "1s" }"#,
        1,
        400_000,
    ));
    let w = summary(bench(&run), "latency").mean.unwrap() / 1000.0;
    close(w, 5.0, 0.3, "M/M/1 W");
}

fn erlang_c(c: u32, a: f64) -> f64 {
    // P(wait) = (a^c/c!)(c/(c−a)) / (Σ_{k<c} a^k/k! + (a^c/c!)(c/(c−a)))
    let mut term = 1.0;
    let mut sum = 0.0;
    for k in 0..c {
        if k > 0 {
            term *= a / k as f64;
        }
        sum += term;
    }
    let last = term * a / c as f64 * (c as f64 / (c as f64 - a));
    last / (sum + last)
}

#[test]
fn mmc_mean_wait_by_erlang_c() {
    // c = 3, λ = 2.4/s, μ = 1/s (a = 2.4, ρ = 0.8): W = C(3, 2.4)/(cμ − λ) + 1/μ = 2.079 s.
    // Three servers relax faster than one; with n = 400,000 the standard error is below
    // 0.02 s, and the tolerance 0.08 s is 4 of them.
    let c = 3;
    let lambda = 2.4;
    let w_theory = erlang_c(c, lambda) / (c as f64 - lambda) + 1.0;
    assert!((w_theory - 2.0787).abs() < 1e-3, "{w_theory}");
    let run = simulate(&single_server(
        lambda,
        r#"{ dist = "exponential", mean = "1s" }"#,
        c,
        400_000,
    ));
    let w = summary(bench(&run), "latency").mean.unwrap() / 1000.0;
    close(w, w_theory, 0.08, "M/M/3 W");
}

#[test]
fn md1_mean_wait_by_pollaczek_khinchine() {
    // Constant service 1 s, λ = 0.8: Wq = ρ/(2μ(1 − ρ)) = 2 s, W = 3 s. Deterministic
    // service halves the variance against M/M/1; n = 300,000 gives a standard error near
    // 0.04 s, tolerance 0.15 s.
    let run = simulate(&single_server(
        0.8,
        r#"{ dist = "constant", value = "1s" }"#,
        1,
        300_000,
    ));
    let w = summary(bench(&run), "latency").mean.unwrap() / 1000.0;
    close(w, 3.0, 0.15, "M/D/1 W");
}

#[test]
fn max_of_n_exponentials_is_harmonic() {
    // 5 parallel calls, exponential with mean 100 ms, nothing else: the tool phase is the
    // maximum of 5 exponentials, E = H_5 × 100 ms = 228.33 ms, sd = 100·√(Σ1/k²) = 121 ms.
    // n = 20,000: standard error 0.86 ms; tolerance 4 ms.
    let text = r#"
name = "max"
[workload]
requests = 20000
[orchestrator]
max_parallel = 5
[[tools]]
name = "t"
calls = 5
latency = { dist = "exponential", mean = "100ms" }
"#;
    let run = simulate(text);
    let h5 = 1.0 + 1.0 / 2.0 + 1.0 / 3.0 + 1.0 / 4.0 + 1.0 / 5.0;
    close(
        summary(bench(&run), "latency").mean.unwrap(),
        h5 * 100.0,
        4.0,
        "E[max of 5]",
    );
    // Sequential-equivalent 5 × 100 ms over 228.3 ms.
    close(value(bench(&run), "speedup"), 5.0 / h5, 0.05, "speedup");
}

fn limited(kind: &str) -> String {
    format!(
        r#"
name = "limited"
[workload]
requests = 500
clients = 500
[[tools]]
name = "api"
latency = {{ dist = "constant", value = "0ms" }}
[rate_limit]
{kind}
"#
    )
}

#[test]
fn token_bucket_grants_exactly_burst_plus_rate_times_window() {
    // 500 requests at t = 0 against 100/s with burst 10: 10 at once, then one every 10 ms.
    // Within the first second (latency ≤ 1000 ms): 10 + 100 = 110 exactly. The limiter is
    // saturated from t = 0 to the last grant at 4.9 s; the whole windows [1 s, 2 s),
    // [2 s, 3 s), [3 s, 4 s) inside it hold 100 grants each: accuracy exactly 1.
    let run = simulate(&limited("kind = \"token_bucket\"\nrate = 100\nburst = 10"));
    let b = bench(&run);
    let within = b.metrics["latency"]
        .samples
        .iter()
        .filter(|&&x| x <= 1000.0)
        .count();
    assert_eq!(within, 110);
    assert_eq!(summary(b, "latency").max, Some(4900.0));
    close(value(b, "rate_limit_accuracy"), 1.0, 1e-12, "accuracy");
}

#[test]
fn sliding_window_grants_exactly_limit_per_window() {
    // 50 per 1 s window: 50 at 0, 50 at 1 s, …: 100 within [0, 1 s], 500 by 9 s.
    let run = simulate(&limited(
        "kind = \"sliding_window\"\nrate = 50\nwindow = \"1s\"",
    ));
    let b = bench(&run);
    let samples = &b.metrics["latency"].samples;
    assert_eq!(samples.iter().filter(|&&x| x <= 1000.0).count(), 100);
    assert_eq!(samples.iter().filter(|&&x| x < 1000.0).count(), 50);
    assert_eq!(summary(b, "latency").max, Some(9000.0));
}

#[test]
fn circuit_breaker_follows_its_state_sequence_through_an_outage() {
    // One client, one call of 10 ms, 10 ms think time; the tool is down for [0, 1 s).
    // Requests at 0, 20, 40, 60 fail; the 4th failure (at 70) opens the breaker until 170.
    // Requests at 80, 90, …, 160 are refused at once (9). Each half-open probe (at 170, 280,
    // 390, …, 940: 8 probes, all inside the outage) fails and reopens it for 100 ms, during
    // which 9 more are refused. The probe at 1050 succeeds and closes it. Trips: 1 + 8 = 9;
    // refused: 9 × 9 = 81.
    let text = r#"
name = "breaker"
[workload]
duration = "2s"
clients = 1
think = "10ms"
[[tools]]
name = "flaky"
latency = { dist = "constant", value = "10ms" }
outages = [{ from = "0s", to = "1s" }]
[circuit_breaker]
window = 4
min_calls = 4
failure_rate = 0.5
open_for = "100ms"
half_open_calls = 1
"#;
    let run = simulate(text);
    let b = bench(&run);
    assert_eq!(value(b, "breaker_trips"), 9.0);
    assert_eq!(value(b, "rejected"), 81.0);
    // Failed requests: 4 + 8 probes + 81 refused = 93.
    let finished = b.extra.as_ref().unwrap()["requests"].as_u64().unwrap() as f64;
    close(value(b, "error_rate"), 93.0 / finished, 1e-12, "errors");
}

#[test]
fn error_rate_with_retries_is_p_to_the_r_plus_one() {
    // p = 0.3, r = 2: a call fails with p³ = 0.027. n = 50,000: standard error 0.00072,
    // tolerance 0.003. Retries per call: p + p² = 0.39 (standard error ≈ 0.0028 per call
    // mean), tolerance 0.012.
    let text = r#"
name = "retries"
[workload]
requests = 50000
[orchestrator]
retries = 2
backoff = "5ms"
[[tools]]
name = "flaky"
latency = { dist = "constant", value = "10ms" }
failure_rate = 0.3
"#;
    let run = simulate(text);
    let b = bench(&run);
    close(value(b, "error_rate"), 0.027, 0.003, "p^(r+1)");
    close(
        value(b, "retries") / 50000.0,
        0.39,
        0.012,
        "retries per call",
    );
    // A success after k retries takes 10 + k × (5 + 10) ms; none takes more than 40 ms.
    let s = summary(b, "latency");
    assert_eq!((s.min, s.max), (Some(10.0), Some(40.0)));
}

#[test]
fn timeouts_cut_attempts() {
    // Exponential latency with mean 100 ms cut at 100 ms: P(timeout) = e^-1 = 0.3679.
    // n = 50,000: standard error 0.0022, tolerance 0.009. Successful attempts are < 100 ms.
    let text = r#"
name = "timeouts"
[workload]
requests = 50000
[orchestrator]
timeout = "100ms"
[[tools]]
name = "slow"
latency = { dist = "exponential", mean = "100ms" }
"#;
    let run = simulate(text);
    let b = bench(&run);
    let p = (-1.0f64).exp();
    close(value(b, "error_rate"), p, 0.009, "timeout rate");
    close(value(b, "timeouts") / 50000.0, p, 0.009, "timeouts");
    assert!(summary(b, "latency").max.unwrap() <= 100.0);
}

#[test]
fn closed_system_obeys_the_response_time_law() {
    // Little's law for a closed system: throughput X = N / (R + Z), with N clients, think
    // time Z and mean response time R, whatever the service. Both sides are measured over
    // the same 40,000 requests; the law holds to the edge effects of start and end (< 0.5 %).
    let text = r#"
name = "closed"
[workload]
requests = 40000
clients = 10
think = "1s"
[orchestrator]
max_concurrent_requests = 2
[[tools]]
name = "server"
latency = { dist = "exponential", mean = "150ms" }
"#;
    let run = simulate(text);
    let b = bench(&run);
    let r = summary(b, "latency").mean.unwrap() / 1000.0;
    let x = value(b, "throughput");
    close(x, 10.0 / (r + 1.0), 0.005 * x, "X = N/(R+Z)");
}

#[test]
fn poisson_arrivals_come_at_the_pattern_rate() {
    // 100/s for 100 s: the count is Poisson(10,000), sd 100; tolerance 400.
    let text = r#"
name = "poisson"
[workload]
duration = "100s"
pattern = { kind = "constant", rate = 100 }
[[tools]]
name = "t"
latency = { dist = "constant", value = "1ms" }
"#;
    let run = simulate(text);
    let n = bench(&run).extra.as_ref().unwrap()["requests"]
        .as_f64()
        .unwrap();
    close(n, 10_000.0, 400.0, "arrivals");
}

#[test]
fn uniform_arrivals_follow_burst_and_step_patterns_exactly() {
    // Evenly spaced: 3 cycles of 10 s on at 500/s = 15,000; steps of 10 s at 10, 20, 30/s
    // = 600.
    let burst = r#"
name = "burst"
[workload]
pattern = { kind = "burst", rate = 500, on = "10s", off = "10s", cycles = 3 }
arrivals = "uniform"
[[tools]]
name = "t"
latency = { dist = "constant", value = "1ms" }
"#;
    let run = simulate(burst);
    assert_eq!(
        bench(&run).extra.as_ref().unwrap()["requests"].as_u64(),
        Some(15_000)
    );
    let step = burst.replace(
        r#"{ kind = "burst", rate = 500, on = "10s", off = "10s", cycles = 3 }"#,
        r#"{ kind = "step", rates = [10, 20, 30], every = "10s" }"#,
    );
    let run = simulate(&step);
    assert_eq!(
        bench(&run).extra.as_ref().unwrap()["requests"].as_u64(),
        Some(600)
    );
}

#[test]
fn a_ramp_breaks_between_capacity_and_the_fluid_limit() {
    // 50 slots × 100 ms of service: capacity 500 req/s. A ramp 10 → 2000 over 100 s rises
    // 19.9 req/s per second; past 500 req/s the backlog after τ s is ≈ 19.9 τ²/2 requests,
    // each waiting backlog/500 s. p95 passes 500 ms (a wait of 400 ms, backlog 200) at
    // τ ≈ 4.5 s, i.e. ≈ 590 req/s. The breaking point lies between 500 and 620 req/s.
    let text = r#"
name = "stress"
[workload]
pattern = { kind = "ramp", from = 10, to = 2000, over = "100s" }
arrivals = "uniform"
[orchestrator]
max_concurrent_requests = 50
[[tools]]
name = "t"
latency = { dist = "constant", value = "100ms" }
"#;
    let run = simulate(text);
    let bp = value(bench(&run), "breaking_point");
    assert!((500.0..620.0).contains(&bp), "breaking point {bp}");
}

#[test]
fn latency_samples_are_capped_and_the_summary_covers_all() {
    let text = r#"
name = "many"
[workload]
requests = 25000
[[tools]]
name = "t"
latency = { dist = "uniform", min = "1ms", max = "3ms" }
"#;
    let run = simulate(text);
    let lat = &bench(&run).metrics["latency"];
    assert_eq!(lat.samples.len(), 10_000);
    let s = lat.summary.clone().unwrap();
    assert_eq!(s.n, Some(25_000));
    // Uniform(1, 3) ms: mean 2, median 2, p95 2.9 (standard errors ≈ 0.004 and 0.003 ms).
    close(s.mean.unwrap(), 2.0, 0.02, "mean");
    close(s.p50.unwrap(), 2.0, 0.03, "median");
    close(s.p95.unwrap(), 2.9, 0.02, "p95");
}

#[test]
fn the_same_seed_gives_the_same_bytes_and_another_seed_does_not() {
    let text = worked("parallel", 5).replace(
        r#"{ dist = "constant", value = "298ms" }"#,
        r#"{ dist = "lognormal", mean = "298ms", sigma = 0.2 }"#,
    );
    let scenario = Scenario::parse("t.toml", &text).unwrap();
    let json = |seed| {
        benchdash_core::write::to_json(
            &Simulation::new(&scenario, seed).finish("t", "2026-01-01T00:00:00Z"),
        )
    };
    assert_eq!(json(None), json(None));
    assert_eq!(json(Some(1)), json(Some(1)));
    assert_ne!(json(Some(1)), json(Some(2)));
}

#[test]
fn stepping_gives_the_same_run_as_running_through() {
    let scenario = Scenario::parse("t.toml", &worked("parallel", 5)).unwrap();
    let mut stepped = Simulation::new(&scenario, None);
    let mut last = 0.0;
    loop {
        let p = stepped.advance(7);
        assert!(p.fraction >= last && p.fraction <= 1.0);
        last = p.fraction;
        if p.done {
            break;
        }
    }
    assert_eq!(last, 1.0);
    let a = stepped.finish("t", "2026-01-01T00:00:00Z");
    let b = Simulation::new(&scenario, None).finish("t", "2026-01-01T00:00:00Z");
    assert_eq!(a, b);
}

#[test]
fn a_sweep_gives_one_benchmark_per_value() {
    let text =
        worked("parallel", 5) + "[sweep]\nparam = \"orchestrator.max_parallel\"\nvalues = [1, 5]\n";
    let run = simulate(&text);
    let names: Vec<_> = run.benchmarks.iter().map(|b| b.name.as_str()).collect();
    assert_eq!(names, ["worked/max_parallel=1", "worked/max_parallel=5"]);
    // 156 + 5 × 298 + 33 and 156 + 298 + 33.
    assert_eq!(summary(&run.benchmarks[0], "latency").mean, Some(1679.0));
    assert_eq!(summary(&run.benchmarks[1], "latency").mean, Some(487.0));
    assert_eq!(run.benchmarks[1].params["max_parallel"], "5");
}

#[test]
fn zero_time_requests_do_not_stall_a_closed_run() {
    // Nothing takes time and there is no think time: without a floor a client would issue
    // requests forever at t = 0. With the documented 1 ms pause, one client in 1 s issues
    // exactly the requests at 0, 1, …, 999 ms.
    let text = r#"
name = "instant"
[workload]
duration = "1s"
clients = 1
"#;
    let run = simulate(text);
    assert_eq!(
        bench(&run).extra.as_ref().unwrap()["requests"].as_u64(),
        Some(1000)
    );
}
