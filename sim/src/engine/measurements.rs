//! What is measured of a simulation: counters, the latency reservoir, sums of work, the
//! time-weighted queue depth, the rate limiter's accuracy over saturated stretches and the
//! per-window figures of a stress pattern; and, at the end, the run's metrics as a
//! `Benchmark`. Nothing here drives the simulation (`mechanics.rs`).

use std::collections::BTreeMap;

use benchdash_core::run::{Benchmark, Better, Metric};
use benchdash_core::timeline::Timeline;

use super::mechanics::{Mechanics, Req};
use super::recorder::{self, Recorder};
use crate::breaker::Breaker;
use crate::metrics::{self, DepthTime, Latencies};
use crate::scenario::{Config, LimiterKind, Load, Mode, Nanos, Pattern};

/// p95 latency above this, or an error rate above [`BREAK_ERRORS`], marks the breaking point.
const BREAK_P95_NS: f64 = 500e6;
const BREAK_ERRORS: f64 = 0.01;

/// Per-window figures of a stress pattern, by arrival time.
#[derive(Debug, Clone, Default)]
struct Window {
    finished: u64,
    errors: u64,
    latencies_ms: Vec<f32>,
}

pub(super) struct Measurements {
    pub(super) events: u64,
    pub(super) finished: u64,
    errors: u64,
    first_arrival: Option<Nanos>,
    last_done: Nanos,
    latency: Latencies,
    work_sum: f64,
    tool_work_sum: f64,
    tool_phase_sum: f64,
    ok_count: u64,
    pub(super) timeouts: u64,
    pub(super) retries: u64,
    pub(super) rejected: u64,
    pub(super) spec_requests: u64,
    pub(super) spec_hits: u64,
    pub(super) wasted_calls: u64,
    calls_in_flight: u64,
    peak_calls: u64,
    calls_launched: u64,
    depth: DepthTime,
    /// Accuracy is measured over whole windows of `acc_window` that lie strictly inside a
    /// stretch of time in which attempts were waiting for permits (demand above the rate).
    acc_window: Nanos,
    saturated_since: Nanos,
    /// Grants per window during the current saturated stretch, from window `acc_first`.
    acc_counts: Vec<u64>,
    acc_first: u64,
    acc_grants: u64,
    acc_windows: u64,
    windows: Vec<Window>,
    window_len: Nanos,
    /// The timeline's recorder, for a run that records one (`recorder::records`); held in
    /// place rather than boxed, since most events reach it.
    timeline: Option<Recorder>,
}

impl Measurements {
    pub(super) fn new(cfg: &Config, seed: u64) -> Measurements {
        let window_len = match &cfg.workload.load {
            Load::Open { pattern, .. } => match pattern {
                Pattern::Ramp { over, .. } => (over / 100).max(1),
                Pattern::Step { every, .. } => *every,
                _ => 0,
            },
            Load::Closed { .. } => 0,
        };
        Measurements {
            events: 0,
            finished: 0,
            errors: 0,
            first_arrival: None,
            last_done: 0,
            latency: Latencies::new(seed),
            work_sum: 0.0,
            tool_work_sum: 0.0,
            tool_phase_sum: 0.0,
            ok_count: 0,
            timeouts: 0,
            retries: 0,
            rejected: 0,
            spec_requests: 0,
            spec_hits: 0,
            wasted_calls: 0,
            calls_in_flight: 0,
            peak_calls: 0,
            calls_launched: 0,
            depth: DepthTime::default(),
            acc_window: match cfg.rate_limit.map(|r| r.kind) {
                Some(LimiterKind::SlidingWindow { window, .. }) => window,
                _ => 1_000_000_000,
            },
            saturated_since: 0,
            acc_counts: Vec::new(),
            acc_first: 0,
            acc_grants: 0,
            acc_windows: 0,
            windows: Vec::new(),
            window_len,
            timeline: recorder::records(cfg).then(|| Recorder::new(cfg)),
        }
    }

    /// An arrival at `t`: the first starts the depth's clock.
    pub(super) fn arrival(&mut self, t: Nanos) {
        if self.first_arrival.is_none() {
            self.first_arrival = Some(t);
            self.depth.set(t, 0);
        }
        if let Some(rec) = &mut self.timeline {
            rec.arrival(t);
        }
    }

    /// The queues (admission and permits) now hold `queued`.
    #[inline]
    pub(super) fn depth_changed(&mut self, t: Nanos, queued: usize) {
        self.depth.set(t, queued);
        if let Some(rec) = &mut self.timeline {
            rec.depth(t, queued);
        }
    }

    #[inline]
    pub(super) fn call_launched(&mut self, t: Nanos) {
        self.calls_in_flight += 1;
        self.calls_launched += 1;
        self.peak_calls = self.peak_calls.max(self.calls_in_flight);
        if let Some(rec) = &mut self.timeline {
            rec.call_started(t);
        }
    }

    #[inline]
    pub(super) fn call_ended(&mut self, t: Nanos) {
        self.calls_in_flight -= 1;
        if let Some(rec) = &mut self.timeline {
            rec.call_ended(t);
        }
    }

    /// An attempt waits for a rate limiter's permit at `t`.
    #[inline]
    pub(super) fn limiter_wait(&mut self, t: Nanos) {
        if let Some(rec) = &mut self.timeline {
            rec.wait(t);
        }
    }

    /// Breaker `tool` is in `state` after a call's permit or outcome at `t`.
    #[inline]
    pub(super) fn breaker(&mut self, t: Nanos, tool: usize, state: crate::breaker::State) {
        if let Some(rec) = &mut self.timeline {
            rec.breaker(t, tool, state);
        }
    }

    /// The first attempt to wait for a permit, at `t`: a saturated stretch begins.
    pub(super) fn saturation_began(&mut self, t: Nanos) {
        self.saturated_since = t;
        self.acc_first = t / self.acc_window + 1;
        self.acc_counts.clear();
    }

    /// A wake-up at `t` let `n` waiting attempts through.
    pub(super) fn permits_granted(&mut self, t: Nanos, n: usize) {
        let w = t / self.acc_window;
        if w >= self.acc_first {
            let i = (w - self.acc_first) as usize;
            if i >= self.acc_counts.len() {
                self.acc_counts.resize(i + 1, 0);
            }
            self.acc_counts[i] += n as u64;
        }
    }

    /// No attempt waits any more: the stretch ends at `t`.
    pub(super) fn saturation_ended(&mut self, t: Nanos) {
        // Windows [k·W, (k+1)·W) with (k+1)·W ≤ t were full.
        let full = (t / self.acc_window).saturating_sub(self.acc_first) as usize;
        let counted = full.min(self.acc_counts.len());
        self.acc_grants += self.acc_counts[..counted].iter().sum::<u64>();
        self.acc_windows += full as u64;
        debug_assert!(t >= self.saturated_since);
    }

    /// A request's tool phase took `tool_phase` (counted only for requests that succeed).
    pub(super) fn tool_phase_ended(&mut self, r: &Req, tool_phase: Nanos) {
        if !r.failed {
            self.tool_phase_sum += tool_phase as f64;
            self.tool_work_sum += r.tool_work as f64;
        }
    }

    /// Request `r` is done at `t`, `latency` after its arrival.
    pub(super) fn request_done(&mut self, r: &Req, t: Nanos, latency: Nanos) {
        self.finished += 1;
        self.last_done = t;
        if let Some(rec) = &mut self.timeline {
            rec.done(t, r.failed, latency);
        }
        if r.failed {
            self.errors += 1;
        } else {
            self.ok_count += 1;
            self.latency.record(latency);
            self.work_sum += r.work as f64;
        }
        if let Some(w) = r.arrival.checked_div(self.window_len) {
            let w = w as usize;
            if w >= self.windows.len() {
                self.windows.resize(w + 1, Window::default());
            }
            let win = &mut self.windows[w];
            win.finished += 1;
            if r.failed {
                win.errors += 1;
            } else {
                win.latencies_ms.push((latency as f64 / 1e6) as f32);
            }
        }
    }

    // -- results -------------------------------------------------------------------------------

    /// The run's benchmark: the metrics its configuration calls for, and the run's figures
    /// (seed, events, requests, virtual time, an unreached breaking point) as `extra`.
    pub(super) fn benchmark(
        &mut self,
        cfg: &Config,
        mech: &Mechanics,
        name: &str,
        params: BTreeMap<String, String>,
        seed: u64,
    ) -> Benchmark {
        let now = mech.now;
        let mut m: BTreeMap<String, Metric> = BTreeMap::new();
        self.performance(cfg, mech.call_tool.len(), &mut m);
        self.resilience(cfg, &mech.breakers, &mut m);
        self.capacity(cfg, now, &mut m);
        let mut extra = serde_json::Map::new();
        extra.insert("seed".into(), seed.into());
        extra.insert("events".into(), self.events.into());
        extra.insert("requests".into(), self.finished.into());
        extra.insert(
            "virtual_seconds".into(),
            serde_json::Value::from(now as f64 / 1e9),
        );
        if let Load::Open { pattern, .. } = &cfg.workload.load {
            if pattern.is_stress() {
                match self.breaking_point(pattern) {
                    Some(rate) => {
                        m.insert(
                            "breaking_point".into(),
                            metrics::value("req/s", Better::Higher, rate),
                        );
                    }
                    None => {
                        extra.insert(
                            "breaking_point".into(),
                            format!("not reached up to {} req/s", pattern.max_rate()).into(),
                        );
                    }
                }
            }
        }
        let timeline = self.timeline.as_mut().map(|rec| {
            let mut tl = rec.finish(now);
            if rec.dropped_phases() > 0 {
                extra.insert(
                    "timeline_phases_dropped".into(),
                    rec.dropped_phases().into(),
                );
            }
            recovery(&mut tl, &rec.disturbances, &mut m);
            tl
        });
        Benchmark {
            name: name.to_string(),
            params,
            metrics: m,
            timeline,
            extra: Some(extra),
        }
    }

    /// Latency, throughput, error rate, and where calls run side by side, speedup and
    /// efficiency.
    fn performance(&self, cfg: &Config, calls: usize, m: &mut BTreeMap<String, Metric>) {
        if let Some(lat) = self.latency.metric() {
            m.insert("latency".into(), lat);
        }
        // TinyTroupe's `avg_time_per_step` (seed 001): a step is one agent's call, so where a
        // request makes several calls, its time per call.
        if calls > 1 {
            if let Some(per_step) = self.latency.metric_per(calls as f64) {
                m.insert("time_per_step".into(), per_step);
            }
        }
        if let Some(first) = self.first_arrival {
            if self.last_done > first && self.ok_count > 0 {
                let span_s = (self.last_done - first) as f64 / 1e9;
                m.insert(
                    "throughput".into(),
                    metrics::value("req/s", Better::Higher, self.ok_count as f64 / span_s),
                );
            }
        }
        // Speedup and efficiency measure what running calls side by side gains: they apply
        // only where a request makes several calls and may run more than one at a time
        // (docs/simulation.md). Elsewhere they are 1 by construction, or, behind a rate
        // limiter's queue, a ratio of waiting that says nothing about parallelism.
        let parallel = cfg.orchestrator.mode == Mode::Parallel
            && calls > 1
            && cfg.orchestrator.max_parallel > 1;
        let mean_latency = self.latency.mean();
        if parallel && self.ok_count > 0 && mean_latency > 0.0 {
            let mean_work = self.work_sum / self.ok_count as f64;
            m.insert(
                "speedup".into(),
                metrics::value("x", Better::Higher, mean_work / mean_latency),
            );
        }
        let calls = calls as f64;
        if parallel && self.tool_phase_sum > 0.0 {
            let width = calls.min(cfg.orchestrator.max_parallel as f64);
            m.insert(
                "efficiency".into(),
                metrics::value(
                    "ratio",
                    Better::Higher,
                    self.tool_work_sum / self.tool_phase_sum / width,
                ),
            );
        }
        if self.finished > 0 {
            m.insert(
                "error_rate".into(),
                metrics::value(
                    "ratio",
                    Better::Lower,
                    self.errors as f64 / self.finished as f64,
                ),
            );
        }
    }

    /// Timeouts, retries, the breakers' trips and refusals, the rate limiter's accuracy.
    fn resilience(&self, cfg: &Config, breakers: &[Breaker], m: &mut BTreeMap<String, Metric>) {
        let count = |v: u64| metrics::value("count", Better::Lower, v as f64);
        if cfg.orchestrator.timeout > 0 {
            m.insert("timeouts".into(), count(self.timeouts));
        }
        if cfg.orchestrator.retries > 0 {
            m.insert("retries".into(), count(self.retries));
        }
        if cfg.circuit_breaker.is_some() {
            let trips = breakers.iter().map(|b| b.trips).sum();
            m.insert("breaker_trips".into(), count(trips));
            m.insert("rejected".into(), count(self.rejected));
        }
        if let Some(rl) = &cfg.rate_limit {
            if self.acc_windows > 0 {
                let seconds = self.acc_windows as f64 * self.acc_window as f64 / 1e9;
                let achieved = self.acc_grants as f64 / seconds;
                m.insert(
                    "rate_limit_accuracy".into(),
                    metrics::value("ratio", Better::Higher, achieved / rl.rate),
                );
            }
        }
    }

    /// Queue depth, speculation's hit rate and waste, peak memory.
    fn capacity(&mut self, cfg: &Config, now: Nanos, m: &mut BTreeMap<String, Metric>) {
        let count = |v: u64| metrics::value("count", Better::Lower, v as f64);
        if self.first_arrival.is_some() {
            m.insert(
                "queue_depth".into(),
                metrics::value("count", Better::Lower, self.depth.quantile(now, 0.95)),
            );
        }
        if cfg.speculation.is_some() && self.spec_requests > 0 {
            m.insert(
                "speculation_hit_rate".into(),
                metrics::value(
                    "ratio",
                    Better::Higher,
                    self.spec_hits as f64 / self.spec_requests as f64,
                ),
            );
            m.insert("wasted_calls".into(), count(self.wasted_calls));
        }
        if let Some(mem) = &cfg.memory {
            let peak = mem.base + mem.per_tool_call * self.peak_calls as f64;
            m.insert(
                "memory_peak".into(),
                metrics::value("MB", Better::Lower, peak),
            );
            if let Some(total) = mem.total {
                m.insert(
                    "memory_percent".into(),
                    metrics::value("ratio", Better::Lower, peak / total),
                );
            }
        }
        if let (Some(cpu), Some(first)) = (&cfg.cpu, self.first_arrival) {
            if self.last_done > first {
                let busy = self.calls_launched as f64 * cpu.per_tool_call as f64;
                let available = (self.last_done - first) as f64 * cpu.cores as f64;
                m.insert(
                    "cpu".into(),
                    metrics::value("ratio", Better::Lower, busy / available),
                );
            }
        }
    }

    /// The arrival rate of the first window (by arrival time) whose p95 latency exceeds
    /// 500 ms or whose error rate exceeds 1 %.
    fn breaking_point(&self, pattern: &Pattern) -> Option<f64> {
        for (i, w) in self.windows.iter().enumerate() {
            if w.finished == 0 {
                continue;
            }
            let errors = w.errors as f64 / w.finished as f64;
            let p95 = if w.latencies_ms.is_empty() {
                0.0
            } else {
                let xs: Vec<f64> = w.latencies_ms.iter().map(|&v| v as f64).collect();
                benchdash_core::stats::descriptive::quantile_sorted(
                    &benchdash_core::stats::descriptive::sorted(&xs),
                    0.95,
                ) * 1e6
            };
            if p95 > BREAK_P95_NS || errors > BREAK_ERRORS {
                let start = i as u64 * self.window_len;
                let rate = match pattern {
                    Pattern::Ramp { .. } => pattern.rate_at(start + self.window_len / 2),
                    _ => pattern.rate_at(start),
                };
                return Some(rate);
            }
        }
        None
    }
}

/// The recovery time after the run's disturbances (docs/simulation.md, "Recovery time"): the
/// longest, as `recovery_time`, with how many disturbances there were and how many never
/// came back before the run's end. Each recovery is also a phase of the timeline, from the
/// disturbance's end to the end of the window that was back within the band (or to the
/// run's end), so that a chart can mark it.
fn recovery(tl: &mut Timeline, disturbances: &[(Nanos, Nanos)], m: &mut BTreeMap<String, Metric>) {
    use benchdash_core::timeline as t;
    let Some(&(from, to)) = disturbances.first() else {
        return;
    };
    let s = |ns: Nanos| ns as f64 / 1e9;
    let Some(reference) = t::reference_span(tl, s(from), s(to)) else {
        return;
    };
    let noise = benchdash_core::thresholds::Policy::default().noise;
    let found: Vec<(Nanos, t::Recovery)> = disturbances
        .iter()
        .filter_map(|&(_, end)| Some((end, t::recovery(tl, reference, s(end), noise)?)))
        .collect();
    let Some(worst) = found.iter().map(|(_, r)| r.seconds).reduce(f64::max) else {
        return;
    };
    for (end, r) in &found {
        if tl.phases.len() >= recorder::MAX_PHASES {
            break;
        }
        let back = end + libm::round(r.seconds * 1e9) as Nanos;
        tl.phases.push(t::Phase {
            from: t::duration(*end),
            to: t::duration(back),
            label: if r.recovered {
                t::RECOVERY_PHASE
            } else {
                t::NOT_RECOVERED_PHASE
            }
            .to_string(),
        });
    }
    let mut metric = metrics::value("s", Better::Lower, worst);
    let mut extra = serde_json::Map::new();
    extra.insert("disturbances".into(), found.len().into());
    extra.insert(
        "not_recovered".into(),
        found.iter().filter(|(_, r)| !r.recovered).count().into(),
    );
    metric.extra = Some(extra);
    m.insert("recovery_time".into(), metric);
}
