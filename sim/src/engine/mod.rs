//! The discrete-event engine: one configuration (a scenario or one sweep point) in virtual
//! time.
//!
//! Time is integer nanoseconds. Pending events sit in a binary heap ordered by (time, sequence
//! number); the sequence number is the order of scheduling, so simultaneous events run in the
//! order they were scheduled and a run is a pure function of the configuration and the seed.
//! Requests and calls live in slabs with free lists, so a long run allocates only for its
//! peak concurrency.
//!
//! The [`Engine`] owns the configuration and two parts: [`Mechanics`] (`mechanics.rs`), the
//! state that drives the run (clock, random source, events, slabs, queues, limiter,
//! breakers, the workload's position), and [`Measurements`] (`measurements.rs`), what is
//! recorded of it (counters, samples, per-window figures) and the metrics made of that at
//! the end. This file is the events: a request's life, from arrival to done.

mod measurements;
mod mechanics;
mod recorder;

use std::collections::BTreeMap;

use benchdash_core::run::Benchmark;

use super::breaker::Permit;
use super::dist::{round_ns, Deviates as _};
use super::scenario::{Arrivals, Config, Load, Mode, Nanos};
use measurements::Measurements;
use mechanics::{Call, Mechanics, Req};

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

/// One configuration's simulation.
pub struct Engine {
    cfg: Config,
    /// The state that drives the simulation.
    mech: Mechanics,
    /// What is recorded of it.
    meas: Measurements,
}

impl Engine {
    pub fn new(cfg: &Config, seed: u64) -> Engine {
        let cfg = cfg.clone();
        let mut e = Engine {
            mech: Mechanics::new(&cfg, seed),
            meas: Measurements::new(&cfg, seed),
            cfg,
        };
        match e.cfg.workload.load.clone() {
            Load::Closed { clients, .. } => {
                for c in 0..clients {
                    if e.may_issue(0) {
                        e.mech.issued += 1;
                        e.mech.schedule(0, Kind::Issue, c);
                    }
                }
            }
            Load::Open { .. } => e.schedule_next_arrival(0, true),
        }
        e
    }

    /// Whether every event has run.
    pub fn is_done(&self) -> bool {
        self.mech.is_done()
    }

    /// Events processed so far.
    pub fn events(&self) -> u64 {
        self.meas.events
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
            .map(|r| self.meas.finished as f64 / r as f64)
            .unwrap_or(0.0);
        let by_time = self
            .cfg
            .workload
            .duration
            .map(|d| self.mech.now as f64 / d as f64)
            .unwrap_or(0.0);
        by_count.max(by_time).clamp(0.0, 0.999)
    }

    /// Runs up to `max_events` events; returns how many ran.
    pub fn advance(&mut self, max_events: u64) -> u64 {
        let mut n = 0;
        while n < max_events {
            let Some(ev) = self.mech.next_event() else {
                break;
            };
            n += 1;
            self.dispatch(ev);
        }
        self.meas.events += n;
        n
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
                let r = &mut self.mech.reqs[ev.id as usize];
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
        self.cfg
            .workload
            .requests
            .is_none_or(|r| self.mech.issued < r)
            && self.cfg.workload.duration.is_none_or(|d| t < d)
    }

    fn schedule_next_arrival(&mut self, t: Nanos, first: bool) {
        if self.mech.arrivals_over {
            return;
        }
        let Load::Open { arrivals, .. } = &self.cfg.workload.load else {
            return;
        };
        let next = match arrivals {
            Arrivals::Poisson => self.next_poisson_arrival(t),
            Arrivals::Uniform => self.next_uniform_arrival(t, first),
        };
        match next {
            Some(at) if self.may_issue(at) => {
                self.mech.issued += 1;
                self.mech.schedule(at, Kind::Arrive, 0);
            }
            _ => self.mech.arrivals_over = true,
        }
    }

    /// Thinning (Lewis–Shedler): candidates at the peak rate, kept with probability
    /// rate(t) / peak.
    fn next_poisson_arrival(&mut self, t: Nanos) -> Option<Nanos> {
        let Load::Open { pattern, .. } = &self.cfg.workload.load else {
            return None;
        };
        let end = self.cfg.workload.duration.unwrap_or(Nanos::MAX);
        let mech = &mut self.mech;
        let mean_gap = 1e9 / mech.lambda_max;
        let mut x = t as f64;
        loop {
            x += mech.rng.exponential(mean_gap);
            if x >= end as f64 {
                break None;
            }
            let at = round_ns(x);
            let rate = pattern.rate_at(at);
            if rate >= mech.lambda_max || mech.rng.uniform() * mech.lambda_max < rate {
                break Some(at);
            }
        }
    }

    /// Evenly spaced at the current rate; idle stretches are skipped to where the rate comes
    /// back. The exact position is kept in floating point so that rounded gaps do not
    /// accumulate: 1/30 s is 33,333,333.3 ns.
    fn next_uniform_arrival(&mut self, t: Nanos, first: bool) -> Option<Nanos> {
        let Load::Open { pattern, .. } = &self.cfg.workload.load else {
            return None;
        };
        let end = self.cfg.workload.duration.unwrap_or(Nanos::MAX);
        let mut x = if first {
            t as f64
        } else {
            self.mech.arrival_x + 1e9 / pattern.rate_at(t)
        };
        loop {
            let at = round_ns(x);
            if at >= end {
                break None;
            }
            if pattern.rate_at(at) > 0.0 {
                self.mech.arrival_x = x;
                break Some(at);
            }
            match pattern.next_change(at) {
                Some(c) => x = c as f64,
                None => break None,
            }
        }
    }

    fn arrive(&mut self, t: Nanos, client: u32) {
        self.meas.arrival(t);
        let id = self.mech.add_req(Req {
            arrival: t,
            client,
            ..Req::default()
        });
        let limit = self.cfg.orchestrator.max_concurrent_requests;
        if limit == 0 || self.mech.active < limit {
            self.start(id, t);
        } else {
            self.mech.admission.push_back(id);
            self.depth_changed(t);
        }
    }

    #[inline]
    fn depth_changed(&mut self, t: Nanos) {
        self.meas.depth_changed(t, self.mech.queued());
    }

    // -- a request's life ----------------------------------------------------------------------

    fn start(&mut self, id: u32, t: Nanos) {
        let mech = &mut self.mech;
        mech.active += 1;
        let decision = self.cfg.llm.decision.sample(&mut mech.rng);
        let calls = mech.call_tool.len() as u64;
        mech.reqs[id as usize].work += decision;
        match self.cfg.speculation {
            None => mech.schedule(t + decision, Kind::DecisionDone, id),
            Some(spec) => {
                self.meas.spec_requests += 1;
                let hit = mech.rng.uniform() < spec.hit_rate;
                if hit {
                    self.meas.spec_hits += 1;
                    mech.reqs[id as usize].speculating = true;
                    mech.schedule(t + spec.overhead, Kind::SpecStart, id);
                } else {
                    self.meas.wasted_calls += calls;
                }
                mech.schedule(t + spec.overhead + decision, Kind::DecisionDone, id);
            }
        }
    }

    fn tool_phase(&mut self, id: u32, t: Nanos) {
        self.mech.reqs[id as usize].tool_start = t;
        let calls = self.mech.call_tool.len() as u32;
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
        let r = &mut self.mech.reqs[id as usize];
        let position = r.next_call;
        r.next_call += 1;
        self.meas.call_launched(t);
        let cid = self.mech.add_call(Call {
            req: id,
            tool: self.mech.call_tool[position as usize],
            ..Call::default()
        });
        self.begin_attempt(cid, t);
    }

    fn begin_attempt(&mut self, cid: u32, t: Nanos) {
        let tool = self.mech.calls[cid as usize].tool as usize;
        let mut ticket = None;
        if let Some(b) = self.mech.breakers.get_mut(tool) {
            let permit = b.permit(t);
            self.meas.breaker(t, tool, b.current());
            match permit {
                Permit::Refused => {
                    self.meas.rejected += 1;
                    self.mech.calls[cid as usize].ticket = None;
                    self.attempt_failed(cid, t);
                    return;
                }
                Permit::Allowed(tk) => ticket = Some(tk),
            }
        }
        self.mech.calls[cid as usize].ticket = ticket;
        match &mut self.mech.limiter {
            None => self.execute(cid, t),
            Some(limiter) => {
                if self.mech.waiters.is_empty() {
                    match limiter.try_acquire(t) {
                        Ok(()) => self.execute(cid, t),
                        Err(at) => {
                            self.mech.waiters.push_back(cid);
                            self.meas.limiter_wait(t);
                            self.meas.saturation_began(t);
                            self.depth_changed(t);
                            self.mech.wake_pending = true;
                            self.mech.schedule(at, Kind::LimiterWake, 0);
                        }
                    }
                } else {
                    debug_assert!(
                        self.mech.wake_pending,
                        "waiters always have a wake-up scheduled"
                    );
                    self.mech.waiters.push_back(cid);
                    self.meas.limiter_wait(t);
                    self.depth_changed(t);
                }
            }
        }
    }

    fn wake(&mut self, t: Nanos) {
        let mech = &mut self.mech;
        mech.wake_pending = false;
        let Some(limiter) = mech.limiter.as_mut() else {
            return;
        };
        let mut next = None;
        let mut granted = std::mem::take(&mut mech.granted);
        granted.clear();
        while let Some(&cid) = mech.waiters.front() {
            match limiter.try_acquire(t) {
                Ok(()) => {
                    mech.waiters.pop_front();
                    granted.push(cid);
                }
                Err(at) => {
                    next = Some(at);
                    break;
                }
            }
        }
        if granted.is_empty() && next.is_none() {
            mech.granted = granted;
            return;
        }
        self.meas.permits_granted(t, granted.len());
        self.depth_changed(t);
        match next {
            Some(at) => {
                self.mech.wake_pending = true;
                self.mech.schedule(at, Kind::LimiterWake, 0);
            }
            None => self.meas.saturation_ended(t),
        }
        for &cid in &granted {
            self.execute(cid, t);
        }
        self.mech.granted = granted;
    }

    fn execute(&mut self, cid: u32, t: Nanos) {
        let mech = &mut self.mech;
        let call = &mech.calls[cid as usize];
        let tool = &self.cfg.tools[call.tool as usize];
        let req = call.req;
        let sampled = tool.latency.sample(&mut mech.rng);
        let timeout = self.cfg.orchestrator.timeout;
        let (duration, timed_out) = if timeout > 0 && sampled > timeout {
            (timeout, true)
        } else {
            (sampled, false)
        };
        let in_outage = tool.outages.iter().any(|&(from, to)| t >= from && t < to);
        let failed = timed_out
            || in_outage
            || (tool.failure_rate > 0.0 && mech.rng.uniform() < tool.failure_rate);
        let call = &mut mech.calls[cid as usize];
        call.failed = failed;
        call.timed_out = timed_out;
        let r = &mut mech.reqs[req as usize];
        r.work += duration;
        r.tool_work += duration;
        mech.schedule(t + duration, Kind::AttemptDone, cid);
    }

    fn attempt_done(&mut self, cid: u32, t: Nanos) {
        let call = &self.mech.calls[cid as usize];
        let (tool, failed, ticket) = (call.tool as usize, call.failed, call.ticket);
        let timed_out = call.timed_out;
        if let (Some(b), Some(tk)) = (self.mech.breakers.get_mut(tool), ticket) {
            b.record(t, tk, failed);
            self.meas.breaker(t, tool, b.current());
        }
        if failed {
            if timed_out {
                self.meas.timeouts += 1;
            }
            self.attempt_failed(cid, t);
        } else {
            self.call_done(cid, t);
        }
    }

    fn attempt_failed(&mut self, cid: u32, t: Nanos) {
        let call = &mut self.mech.calls[cid as usize];
        if call.attempt < self.cfg.orchestrator.retries {
            call.attempt += 1;
            self.meas.retries += 1;
            let backoff = self.cfg.orchestrator.backoff;
            if backoff == 0 {
                self.begin_attempt(cid, t);
            } else {
                self.mech.schedule(t + backoff, Kind::AttemptStart, cid);
            }
        } else {
            let req = call.req;
            self.mech.reqs[req as usize].failed = true;
            self.call_done(cid, t);
        }
    }

    // Inlined into its callers by force: left to itself the compiler stopped inlining it once
    // the timeline's hooks grew it, and the call cost every workload (callgrind, the speed
    // example: 1.2 M of 157 M instructions on `mmc`, 2.0 M of 152 M on `concurrent-users`).
    #[inline(always)]
    fn call_done(&mut self, cid: u32, t: Nanos) {
        let id = self.mech.remove_call(cid);
        self.meas.call_ended(t);
        let total = self.mech.call_tool.len() as u32;
        let r = &mut self.mech.reqs[id as usize];
        r.done_calls += 1;
        if r.next_call < total {
            self.launch_call(id, t);
        } else if r.done_calls == total {
            self.tools_finished(id, t);
        }
    }

    fn tools_finished(&mut self, id: u32, t: Nanos) {
        let r = &mut self.mech.reqs[id as usize];
        r.tools_done = true;
        if r.decision_done {
            self.aggregate(id, t);
        }
    }

    fn aggregate(&mut self, id: u32, t: Nanos) {
        let mech = &mut self.mech;
        let a = self.cfg.llm.aggregate.sample(&mut mech.rng);
        let r = &mut mech.reqs[id as usize];
        r.work += a;
        // The tool phase ends when the aggregation starts.
        self.meas.tool_phase_ended(r, t - r.tool_start);
        mech.schedule(t + a, Kind::ReqDone, id);
    }

    fn req_done(&mut self, id: u32, t: Nanos) {
        let r = self.mech.remove_req(id);
        let latency = t - r.arrival;
        self.meas.request_done(&r, t, latency);
        self.mech.active -= 1;
        if let Some(next) = self.mech.admission.pop_front() {
            self.depth_changed(t);
            self.start(next, t);
        }
        if let Load::Closed { think, .. } = self.cfg.workload.load {
            self.next_closed_request(&r, t, latency, think);
        }
    }

    /// A closed client's next request after `r`, done at `t`.
    fn next_closed_request(&mut self, r: &Req, t: Nanos, latency: Nanos, think: Nanos) {
        // A request that took no time at all (everything constant 0, or refused at once by
        // an open breaker) with no think time would let a client issue requests forever at
        // one instant; such a client waits 1 ms.
        let think = if think == 0 && latency == 0 {
            ZERO_TIME_PAUSE
        } else {
            think
        };
        if self.may_issue(t + think) {
            self.mech.issued += 1;
            if think == 0 {
                self.arrive(t, r.client);
            } else {
                self.mech.schedule(t + think, Kind::Issue, r.client);
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
        self.meas
            .benchmark(&self.cfg, &self.mech, name, params, seed)
    }
}
