//! The orchestrator simulation (docs/scenarios.md for the file, docs/simulation.md for the model): a deterministic discrete-event model
//! of an async LLM tool orchestrator whose output is an ordinary run file.
//!
//! ```
//! use benchdash_sim::{Scenario, Simulation};
//! let text = r#"
//! name = "parallel-5"
//! [workload]
//! requests = 100
//! [llm]
//! decision = { dist = "constant", value = "156ms" }
//! aggregate = { dist = "constant", value = "33ms" }
//! [orchestrator]
//! max_parallel = 5
//! [[tools]]
//! name = "web_search"
//! calls = 5
//! latency = { dist = "constant", value = "298ms" }
//! "#;
//! let scenario = Scenario::parse("parallel-5.toml", text).unwrap();
//! let mut sim = Simulation::new(&scenario, None);
//! while !sim.advance(10_000).done {}
//! let run = sim.finish("run", "2026-01-01T00:00:00Z");
//! let latency = &run.benchmarks[0].metrics["latency"];
//! assert_eq!(latency.summary.as_ref().unwrap().mean, Some(487.0));
//! ```
//!
//! - [`scenario`]: the TOML file, parsed and validated, with errors that name line and key.
//! - [`engine`]: virtual time in integer nanoseconds, the event queue, a request's life.
//! - [`dist`]: the seeded RNG (xoshiro256++) and samplers on `libm`, identical on every target.
//! - [`ziggurat`]: table-driven normal and exponential samplers (libm only on rare paths).
//! - [`fastexp`]: a table-driven `exp` of basic operations for the lognormal sampler.
//! - [`limiter`]: GCRA token bucket and exact sliding window; [`breaker`]: count-based breaker.
//! - [`queue`]: the pending events, a 4-ary heap on (time, sequence number).
//! - [`metrics`]: bounded accumulators (10,000-sample reservoir, histogram, time-weighted depth).
//! - [`presets`]: the seeds' scenarios, embedded; the default suite.
//! - [`story`]: the first visit's month of simulated nightly runs, with two changes landing.
//!
//! Pure like all of core: no clock (the caller passes `run.timestamp`), no I/O, no threads.

pub mod breaker;
pub mod dist;
pub mod engine;
pub mod fastexp;
pub mod limiter;
pub mod metrics;
pub mod presets;
pub mod queue;
pub mod scenario;
pub mod story;
pub mod ziggurat;

use std::collections::BTreeMap;

pub use scenario::{Scenario, ScenarioError};

use benchdash_core::run::{RunFile, Source};
use engine::Engine;

/// The tool name recorded in the runs the simulation writes.
pub const TOOL: &str = "benchdash-sim";

/// How far a simulation is.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Progress {
    /// Every benchmark is simulated; call [`Simulation::finish`].
    pub done: bool,
    /// In [0, 1], over all benchmarks of the simulation.
    pub fraction: f64,
    /// Events processed so far.
    pub events: u64,
}

struct Job {
    scenario: usize,
    point: usize,
    seed: u64,
}

/// One or more scenarios (every sweep point of each), simulated one after another in bounded
/// steps, into one run file.
pub struct Simulation {
    scenarios: Vec<Scenario>,
    jobs: Vec<Job>,
    current: usize,
    engine: Option<Engine>,
    benchmarks: Vec<benchdash_core::run::Benchmark>,
    events: u64,
}

impl Simulation {
    /// A simulation of one scenario; `seed` overrides the scenario's own.
    pub fn new(scenario: &Scenario, seed: Option<u64>) -> Simulation {
        Simulation::suite(std::slice::from_ref(scenario), seed)
    }

    /// A simulation of several scenarios into one run (the default suite is
    /// [`presets::all`]); `seed` overrides every scenario's own.
    pub fn suite(scenarios: &[Scenario], seed: Option<u64>) -> Simulation {
        let mut jobs = Vec::new();
        for (s, scenario) in scenarios.iter().enumerate() {
            for p in 0..scenario.points.len() {
                jobs.push(Job {
                    scenario: s,
                    point: p,
                    seed: seed.unwrap_or(scenario.seed),
                });
            }
        }
        Simulation {
            scenarios: scenarios.to_vec(),
            jobs,
            current: 0,
            engine: None,
            benchmarks: Vec::new(),
            events: 0,
        }
    }

    /// Runs at most `max_events` events (at least one step of progress when any remain).
    /// A caller that wants to stay responsive (the dashboard) calls this in a loop and yields
    /// between calls; to cancel, it simply drops the `Simulation`.
    pub fn advance(&mut self, max_events: u64) -> Progress {
        let mut budget = max_events.max(1);
        while budget > 0 && self.current < self.jobs.len() {
            let job = &self.jobs[self.current];
            let point = &self.scenarios[job.scenario].points[job.point];
            let engine = self
                .engine
                .get_or_insert_with(|| Engine::new(&point.config, job.seed));
            let ran = engine.advance(budget);
            budget -= ran;
            self.events += ran;
            if engine.is_done() {
                let params: BTreeMap<String, String> = point.param.clone().into_iter().collect();
                let mut engine = self.engine.take().expect("running");
                self.benchmarks
                    .push(engine.benchmark(&point.benchmark, params, job.seed));
                self.current += 1;
            }
        }
        self.progress()
    }

    pub fn progress(&self) -> Progress {
        let total = self.jobs.len().max(1) as f64;
        let within = self.engine.as_ref().map(Engine::fraction).unwrap_or(0.0);
        let done = self.current >= self.jobs.len();
        Progress {
            done,
            fraction: if done {
                1.0
            } else {
                (self.current as f64 + within) / total
            },
            events: self.events,
        }
    }

    /// Runs to the end.
    pub fn run_to_end(&mut self) {
        while !self.advance(1 << 20).done {}
    }

    /// The run file: one benchmark per scenario (or per sweep point). Runs whatever is left
    /// first. `timestamp` is RFC 3339, from the caller's clock (core has none).
    pub fn finish(mut self, name: &str, timestamp: &str) -> RunFile {
        self.run_to_end();
        let mut run = RunFile::new(name, timestamp);
        run.run.source = Some(Source {
            tool: TOOL.to_string(),
            tool_version: Some(benchdash_core::VERSION.to_string()),
            files: self
                .scenarios
                .iter()
                .map(|s| format!("{}.toml", s.name))
                .collect(),
        });
        let mut scenarios = serde_json::Map::new();
        for s in &self.scenarios {
            scenarios.insert(s.name.clone(), s.source.clone());
        }
        run.run.scenario = Some(serde_json::Value::Object(scenarios));
        run.benchmarks = self.benchmarks;
        run
    }
}

/// The default suite: every preset, into one run file.
pub fn default_suite(seed: Option<u64>, timestamp: &str) -> RunFile {
    Simulation::suite(&presets::all(), seed).finish("simulation: default suite", timestamp)
}

/// A fingerprint of a run: the SHA-256 (hex) of the bytes core writes for it. Equal
/// fingerprints natively and in wasm prove the simulation is identical on both.
pub fn fingerprint(run: &RunFile) -> String {
    use sha2::{Digest, Sha256};
    Sha256::digest(benchdash_core::write::to_json(run).as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// The determinism check's scenarios: every preset, `stress-short`
/// ([`presets::short_stress`], the part of `stress` the browser check can afford) and the
/// given ones.
pub fn determinism_cases(extra: &[Scenario]) -> Vec<Scenario> {
    let mut scenarios = presets::all();
    scenarios.push(presets::short_stress());
    scenarios.extend(extra.iter().cloned());
    scenarios
}

/// The determinism check's list: each of [`determinism_cases`] simulated alone, named after
/// itself, at a fixed timestamp, as `name fingerprint` lines.
pub fn fingerprints(extra: &[Scenario]) -> String {
    determinism_cases(extra)
        .iter()
        .map(|s| {
            let run = Simulation::new(s, None).finish(&s.name, "2026-01-01T00:00:00Z");
            format!("{} {}\n", s.name, fingerprint(&run))
        })
        .collect()
}
