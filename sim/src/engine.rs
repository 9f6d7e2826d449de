//! The discrete-event engine: one configuration (a scenario or one sweep point) in virtual
//! time.
//!
//! Time is integer nanoseconds. Pending events sit in a binary heap ordered by (time, sequence
//! number); the sequence number is the order of scheduling, so simultaneous events run in the
//! order they were scheduled and a run is a pure function of the configuration and the seed.
//! Requests and calls live in slabs with free lists, so a long run allocates only for its
//! peak concurrency.

use std::collections::{BTreeMap, VecDeque};

use benchdash_core::run::{Benchmark, Better, Metric};

use super::breaker::{Breaker, Permit};
use super::dist::{round_ns, Rng};
use super::limiter::Limiter;
use super::metrics::{self, DepthTime, Latencies};
use super::queue::Queue;
use super::scenario::{Arrivals, Config, LimiterKind, Load, Mode, Nanos, Pattern};

/// p95 latency above this, or an error rate above [`BREAK_ERRORS`], marks the breaking point.
const BREAK_P95_NS: f64 = 500e6;
const BREAK_ERRORS: f64 = 0.01;

/// The pause of a closed client whose request took no time and who has no think time.
const ZERO_TIME_PAUSE: Nanos = 1_000_000;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Kind {
    Arrive,
    Issue,
    DecisionDone,
    SpecStart,
    AttemptStart,
    AttemptDone,
    ReqDone,
    LimiterWake,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Event {
    time: Nanos,
    kind: Kind,
    id: u32,
}

#[derive(Debug, Clone, Default)]
struct Req {
    arrival: Nanos,
    client: u32,
    next_call: u32,
    done_calls: u32,
    failed: bool,
    speculating: bool,
    decision_done: bool,
    tools_done: bool,
    work: Nanos,
    tool_start: Nanos,
    tool_work: Nanos,
}

#[derive(Debug, Clone, Default)]
struct Call {
    req: u32,
    tool: u32,
    attempt: u32,
    failed: bool,
    timed_out: bool,
    ticket: Option<u32>,
}

/// Per-window figures of a stress pattern, by arrival time.
#[derive(Debug, Clone, Default)]
struct Window {
    finished: u64,
    errors: u64,
    latencies_ms: Vec<f32>,
}

/// One configuration's simulation.
pub struct Engine {
    cfg: Config,
    rng: Rng,
    now: Nanos,
    seq: u64,
    /// Pending events by (time, sequence number), as one 128-bit key.
    queue: Queue<Event>,
    reqs: Vec<Req>,
    free_reqs: Vec<u32>,
    calls: Vec<Call>,
    free_calls: Vec<u32>,
    /// Tool index of each call position of a request.
    call_tool: Vec<u32>,
    admission: VecDeque<u32>,
    active: u32,
    limiter: Option<Limiter>,
    waiters: VecDeque<u32>,
    /// Reused buffer of the attempts a wake-up lets through.
    granted: Vec<u32>,
    wake_pending: bool,
    breakers: Vec<Breaker>,
    // Workload state.
    issued: u64,
    arrivals_over: bool,
    lambda_max: f64,
    arrival_x: f64,
    // Counters.
    pub events: u64,
    finished: u64,
    errors: u64,
    first_arrival: Option<Nanos>,
    last_done: Nanos,
    latency: Latencies,
    work_sum: f64,
    tool_work_sum: f64,
    tool_phase_sum: f64,
    ok_count: u64,
    timeouts: u64,
    retries: u64,
    rejected: u64,
    spec_requests: u64,
    spec_hits: u64,
    wasted_calls: u64,
    calls_in_flight: u64,
    peak_calls: u64,
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
}

impl Engine {
    pub fn new(cfg: &Config, seed: u64) -> Engine {
        let cfg = cfg.clone();
        let call_tool = cfg
            .tools
            .iter()
            .enumerate()
            .flat_map(|(i, t)| std::iter::repeat_n(i as u32, t.calls as usize))
            .collect();
        let breakers = match cfg.circuit_breaker {
            Some(b) => cfg.tools.iter().map(|_| Breaker::new(b)).collect(),
            None => Vec::new(),
        };
        let (lambda_max, window_len) = match &cfg.workload.load {
            Load::Open { pattern, .. } => (
                pattern.max_rate(),
                match pattern {
                    Pattern::Ramp { over, .. } => (over / 100).max(1),
                    Pattern::Step { every, .. } => *every,
                    _ => 0,
                },
            ),
            Load::Closed { .. } => (0.0, 0),
        };
        let mut e = Engine {
            limiter: cfg.rate_limit.as_ref().map(Limiter::new),
            rng: Rng::new(seed),
            now: 0,
            seq: 0,
            queue: Queue::default(),
            reqs: Vec::new(),
            free_reqs: Vec::new(),
            calls: Vec::new(),
            free_calls: Vec::new(),
            call_tool,
            admission: VecDeque::new(),
            active: 0,
            waiters: VecDeque::new(),
            granted: Vec::new(),
            wake_pending: false,
            breakers,
            issued: 0,
            arrivals_over: false,
            lambda_max,
            arrival_x: 0.0,
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
            cfg,
        };
        match e.cfg.workload.load.clone() {
            Load::Closed { clients, .. } => {
                for c in 0..clients {
                    if e.may_issue(0) {
                        e.issued += 1;
                        e.schedule(0, Kind::Issue, c);
                    }
                }
            }
            Load::Open { .. } => e.schedule_next_arrival(0, true),
        }
        e
    }

    /// Whether every event has run.
    pub fn is_done(&self) -> bool {
        self.queue.is_empty()
    }

    /// How far the run is, in [0, 1].
    pub fn fraction(&self) -> f64 {
        if self.is_done() {
            return 1.0;
        }
        let by_count = self
            .cfg
            .workload
            .requests
            .map(|r| self.finished as f64 / r as f64)
            .unwrap_or(0.0);
        let by_time = self
            .cfg
            .workload
            .duration
            .map(|d| self.now as f64 / d as f64)
            .unwrap_or(0.0);
        by_count.max(by_time).clamp(0.0, 0.999)
    }

    /// Runs up to `max_events` events; returns how many ran.
    pub fn advance(&mut self, max_events: u64) -> u64 {
        let mut n = 0;
        while n < max_events {
            let Some((_, ev)) = self.queue.pop() else {
                break;
            };
            n += 1;
            self.now = ev.time;
            self.dispatch(ev);
        }
        self.events += n;
        n
    }

    #[inline]
    fn schedule(&mut self, time: Nanos, kind: Kind, id: u32) {
        self.seq += 1;
        self.queue.push(
            ((time as u128) << 64) | self.seq as u128,
            Event { time, kind, id },
        );
    }

    fn dispatch(&mut self, ev: Event) {
        let t = ev.time;
        match ev.kind {
            Kind::Arrive => {
                self.arrive(t, 0);
                self.schedule_next_arrival(t, false);
            }
            Kind::Issue => self.arrive(t, ev.id),
            Kind::DecisionDone => {
                let r = &mut self.reqs[ev.id as usize];
                r.decision_done = true;
                if !r.speculating {
                    self.tool_phase(ev.id, t);
                } else if r.tools_done {
                    self.aggregate(ev.id, t);
                }
            }
            Kind::SpecStart => self.tool_phase(ev.id, t),
            Kind::AttemptStart => self.begin_attempt(ev.id, t),
            Kind::AttemptDone => self.attempt_done(ev.id, t),
            Kind::ReqDone => self.req_done(ev.id, t),
            Kind::LimiterWake => self.wake(t),
        }
    }

    // -- workload ------------------------------------------------------------------------------

    fn may_issue(&self, t: Nanos) -> bool {
        self.cfg.workload.requests.is_none_or(|r| self.issued < r)
            && self.cfg.workload.duration.is_none_or(|d| t < d)
    }

    fn schedule_next_arrival(&mut self, t: Nanos, first: bool) {
        if self.arrivals_over {
            return;
        }
        let Load::Open { pattern, arrivals } = &self.cfg.workload.load else {
            return;
        };
        let end = self.cfg.workload.duration.unwrap_or(Nanos::MAX);
        let next = match arrivals {
            Arrivals::Poisson => {
                // Thinning (Lewis–Shedler): candidates at the peak rate, kept with
                // probability rate(t) / peak.
                let mean_gap = 1e9 / self.lambda_max;
                let mut x = t as f64;
                loop {
                    x += self.rng.exponential(mean_gap);
                    if x >= end as f64 {
                        break None;
                    }
                    let at = round_ns(x);
                    let rate = pattern.rate_at(at);
                    if rate >= self.lambda_max || self.rng.uniform() * self.lambda_max < rate {
                        break Some(at);
                    }
                }
            }
            Arrivals::Uniform => {
                // Evenly spaced at the current rate; idle stretches are skipped to where the
                // rate comes back.
                // The exact position is kept in floating point so that rounded gaps do not
                // accumulate: 1/30 s is 33,333,333.3 ns.
                let mut x = if first {
                    t as f64
                } else {
                    self.arrival_x + 1e9 / pattern.rate_at(t)
                };
                loop {
                    let at = round_ns(x);
                    if at >= end {
                        break None;
                    }
                    if pattern.rate_at(at) > 0.0 {
                        self.arrival_x = x;
                        break Some(at);
                    }
                    match pattern.next_change(at) {
                        Some(c) => x = c as f64,
                        None => break None,
                    }
                }
            }
        };
        match next {
            Some(at) if self.may_issue(at) => {
                self.issued += 1;
                self.schedule(at, Kind::Arrive, 0);
            }
            _ => self.arrivals_over = true,
        }
    }

    fn arrive(&mut self, t: Nanos, client: u32) {
        if self.first_arrival.is_none() {
            self.first_arrival = Some(t);
            self.depth.set(t, 0);
        }
        let req = Req {
            arrival: t,
            client,
            ..Req::default()
        };
        let id = match self.free_reqs.pop() {
            Some(id) => {
                self.reqs[id as usize] = req;
                id
            }
            None => {
                self.reqs.push(req);
                (self.reqs.len() - 1) as u32
            }
        };
        let limit = self.cfg.orchestrator.max_concurrent_requests;
        if limit == 0 || self.active < limit {
            self.start(id, t);
        } else {
            self.admission.push_back(id);
            self.depth_changed(t);
        }
    }

    #[inline]
    fn depth_changed(&mut self, t: Nanos) {
        self.depth.set(t, self.admission.len() + self.waiters.len());
    }

    // -- a request's life ----------------------------------------------------------------------

    fn start(&mut self, id: u32, t: Nanos) {
        self.active += 1;
        let decision = self.cfg.llm.decision.sample(&mut self.rng);
        let calls = self.call_tool.len() as u64;
        let r = &mut self.reqs[id as usize];
        r.work += decision;
        match self.cfg.speculation {
            None => self.schedule(t + decision, Kind::DecisionDone, id),
            Some(spec) => {
                self.spec_requests += 1;
                let hit = self.rng.uniform() < spec.hit_rate;
                let r = &mut self.reqs[id as usize];
                if hit {
                    self.spec_hits += 1;
                    r.speculating = true;
                    self.schedule(t + spec.overhead, Kind::SpecStart, id);
                } else {
                    self.wasted_calls += calls;
                }
                self.schedule(t + spec.overhead + decision, Kind::DecisionDone, id);
            }
        }
    }

    fn tool_phase(&mut self, id: u32, t: Nanos) {
        self.reqs[id as usize].tool_start = t;
        let calls = self.call_tool.len() as u32;
        if calls == 0 {
            self.tools_finished(id, t);
            return;
        }
        let first = match self.cfg.orchestrator.mode {
            Mode::Parallel => self.cfg.orchestrator.max_parallel.min(calls),
            Mode::Sequential => 1,
        };
        for _ in 0..first {
            self.launch_call(id, t);
        }
    }

    fn launch_call(&mut self, id: u32, t: Nanos) {
        let r = &mut self.reqs[id as usize];
        let position = r.next_call;
        r.next_call += 1;
        self.calls_in_flight += 1;
        self.peak_calls = self.peak_calls.max(self.calls_in_flight);
        let call = Call {
            req: id,
            tool: self.call_tool[position as usize],
            ..Call::default()
        };
        let cid = match self.free_calls.pop() {
            Some(c) => {
                self.calls[c as usize] = call;
                c
            }
            None => {
                self.calls.push(call);
                (self.calls.len() - 1) as u32
            }
        };
        self.begin_attempt(cid, t);
    }

    fn begin_attempt(&mut self, cid: u32, t: Nanos) {
        let tool = self.calls[cid as usize].tool as usize;
        let mut ticket = None;
        if let Some(b) = self.breakers.get_mut(tool) {
            match b.permit(t) {
                Permit::Refused => {
                    self.rejected += 1;
                    self.calls[cid as usize].ticket = None;
                    self.attempt_failed(cid, t);
                    return;
                }
                Permit::Allowed(tk) => ticket = Some(tk),
            }
        }
        self.calls[cid as usize].ticket = ticket;
        match &mut self.limiter {
            None => self.execute(cid, t),
            Some(limiter) => {
                if self.waiters.is_empty() {
                    match limiter.try_acquire(t) {
                        Ok(()) => self.execute(cid, t),
                        Err(at) => {
                            self.waiters.push_back(cid);
                            self.saturated_since = t;
                            self.acc_first = t / self.acc_window + 1;
                            self.acc_counts.clear();
                            self.depth_changed(t);
                            self.wake_pending = true;
                            self.schedule(at, Kind::LimiterWake, 0);
                        }
                    }
                } else {
                    debug_assert!(self.wake_pending, "waiters always have a wake-up scheduled");
                    self.waiters.push_back(cid);
                    self.depth_changed(t);
                }
            }
        }
    }

    fn wake(&mut self, t: Nanos) {
        self.wake_pending = false;
        let Some(limiter) = self.limiter.as_mut() else {
            return;
        };
        let mut next = None;
        let mut granted = std::mem::take(&mut self.granted);
        granted.clear();
        while let Some(&cid) = self.waiters.front() {
            match limiter.try_acquire(t) {
                Ok(()) => {
                    self.waiters.pop_front();
                    granted.push(cid);
                }
                Err(at) => {
                    next = Some(at);
                    break;
                }
            }
        }
        if granted.is_empty() && next.is_none() {
            self.granted = granted;
            return;
        }
        let w = t / self.acc_window;
        if w >= self.acc_first {
            let i = (w - self.acc_first) as usize;
            if i >= self.acc_counts.len() {
                self.acc_counts.resize(i + 1, 0);
            }
            self.acc_counts[i] += granted.len() as u64;
        }
        self.depth_changed(t);
        match next {
            Some(at) => {
                self.wake_pending = true;
                self.schedule(at, Kind::LimiterWake, 0);
            }
            None => {
                // The stretch ends at t: windows [k·W, (k+1)·W) with (k+1)·W ≤ t were full.
                let full = (t / self.acc_window).saturating_sub(self.acc_first) as usize;
                let counted = full.min(self.acc_counts.len());
                self.acc_grants += self.acc_counts[..counted].iter().sum::<u64>();
                self.acc_windows += full as u64;
                debug_assert!(t >= self.saturated_since);
            }
        }
        for &cid in &granted {
            self.execute(cid, t);
        }
        self.granted = granted;
    }

    fn execute(&mut self, cid: u32, t: Nanos) {
        let call = &self.calls[cid as usize];
        let tool = &self.cfg.tools[call.tool as usize];
        let req = call.req;
        let sampled = tool.latency.sample(&mut self.rng);
        let timeout = self.cfg.orchestrator.timeout;
        let (duration, timed_out) = if timeout > 0 && sampled > timeout {
            (timeout, true)
        } else {
            (sampled, false)
        };
        let in_outage = tool.outages.iter().any(|&(from, to)| t >= from && t < to);
        let failed = timed_out
            || in_outage
            || (tool.failure_rate > 0.0 && self.rng.uniform() < tool.failure_rate);
        let call = &mut self.calls[cid as usize];
        call.failed = failed;
        call.timed_out = timed_out;
        let r = &mut self.reqs[req as usize];
        r.work += duration;
        r.tool_work += duration;
        self.schedule(t + duration, Kind::AttemptDone, cid);
    }

    fn attempt_done(&mut self, cid: u32, t: Nanos) {
        let call = &self.calls[cid as usize];
        let (tool, failed, ticket) = (call.tool as usize, call.failed, call.ticket);
        if let (Some(b), Some(tk)) = (self.breakers.get_mut(tool), ticket) {
            b.record(t, tk, failed);
        }
        if failed {
            if call.timed_out {
                self.timeouts += 1;
            }
            self.attempt_failed(cid, t);
        } else {
            self.call_done(cid, t);
        }
    }

    fn attempt_failed(&mut self, cid: u32, t: Nanos) {
        let call = &mut self.calls[cid as usize];
        if call.attempt < self.cfg.orchestrator.retries {
            call.attempt += 1;
            self.retries += 1;
            let backoff = self.cfg.orchestrator.backoff;
            if backoff == 0 {
                self.begin_attempt(cid, t);
            } else {
                self.schedule(t + backoff, Kind::AttemptStart, cid);
            }
        } else {
            let req = call.req;
            self.reqs[req as usize].failed = true;
            self.call_done(cid, t);
        }
    }

    fn call_done(&mut self, cid: u32, t: Nanos) {
        let id = self.calls[cid as usize].req;
        self.free_calls.push(cid);
        self.calls_in_flight -= 1;
        let total = self.call_tool.len() as u32;
        let r = &mut self.reqs[id as usize];
        r.done_calls += 1;
        if r.next_call < total {
            self.launch_call(id, t);
        } else if r.done_calls == total {
            self.tools_finished(id, t);
        }
    }

    fn tools_finished(&mut self, id: u32, t: Nanos) {
        let r = &mut self.reqs[id as usize];
        r.tools_done = true;
        if r.decision_done {
            self.aggregate(id, t);
        }
    }

    fn aggregate(&mut self, id: u32, t: Nanos) {
        let a = self.cfg.llm.aggregate.sample(&mut self.rng);
        let r = &mut self.reqs[id as usize];
        r.work += a;
        // The tool phase ends when the aggregation starts.
        let tool_phase = t - r.tool_start;
        if !r.failed {
            self.tool_phase_sum += tool_phase as f64;
            self.tool_work_sum += r.tool_work as f64;
        }
        self.schedule(t + a, Kind::ReqDone, id);
    }

    fn req_done(&mut self, id: u32, t: Nanos) {
        let r = std::mem::take(&mut self.reqs[id as usize]);
        self.free_reqs.push(id);
        self.finished += 1;
        self.last_done = t;
        let latency = t - r.arrival;
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
        self.active -= 1;
        if let Some(next) = self.admission.pop_front() {
            self.depth_changed(t);
            self.start(next, t);
        }
        if let Load::Closed { think, .. } = self.cfg.workload.load {
            // A request that took no time at all (everything constant 0, or refused at once by
            // an open breaker) with no think time would let a client issue requests forever
            // at one instant; such a client waits 1 ms.
            let think = if think == 0 && latency == 0 {
                ZERO_TIME_PAUSE
            } else {
                think
            };
            if self.may_issue(t + think) {
                self.issued += 1;
                if think == 0 {
                    self.arrive(t, r.client);
                } else {
                    self.schedule(t + think, Kind::Issue, r.client);
                }
            }
        }
    }

    // -- results -------------------------------------------------------------------------------

    /// The benchmark of this run.
    pub fn benchmark(
        &mut self,
        name: &str,
        params: BTreeMap<String, String>,
        seed: u64,
    ) -> Benchmark {
        let mut m: BTreeMap<String, Metric> = BTreeMap::new();
        let cfg = &self.cfg;
        let count = |v: u64| metrics::value("count", Better::Lower, v as f64);
        if let Some(lat) = self.latency.metric() {
            m.insert("latency".into(), lat);
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
        let mean_latency = self.latency.mean();
        if self.ok_count > 0 && mean_latency > 0.0 {
            let mean_work = self.work_sum / self.ok_count as f64;
            m.insert(
                "speedup".into(),
                metrics::value("x", Better::Higher, mean_work / mean_latency),
            );
        }
        let calls = self.call_tool.len() as f64;
        if calls > 0.0 && self.tool_phase_sum > 0.0 {
            let width = match cfg.orchestrator.mode {
                Mode::Parallel => calls.min(cfg.orchestrator.max_parallel as f64),
                Mode::Sequential => 1.0,
            };
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
        if cfg.orchestrator.timeout > 0 {
            m.insert("timeouts".into(), count(self.timeouts));
        }
        if cfg.orchestrator.retries > 0 {
            m.insert("retries".into(), count(self.retries));
        }
        if cfg.circuit_breaker.is_some() {
            let trips = self.breakers.iter().map(|b| b.trips).sum();
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
        if self.first_arrival.is_some() {
            let now = self.now;
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
            m.insert(
                "memory_peak".into(),
                metrics::value(
                    "MB",
                    Better::Lower,
                    mem.base + mem.per_tool_call * self.peak_calls as f64,
                ),
            );
        }
        let mut extra = serde_json::Map::new();
        extra.insert("seed".into(), seed.into());
        extra.insert("events".into(), self.events.into());
        extra.insert("requests".into(), self.finished.into());
        extra.insert(
            "virtual_seconds".into(),
            serde_json::Value::from(self.now as f64 / 1e9),
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
        Benchmark {
            name: name.to_string(),
            params,
            metrics: m,
            extra: Some(extra),
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
