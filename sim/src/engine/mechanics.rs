//! The state that drives a simulation: the clock, the random source, the pending events, the
//! slabs of requests and calls, the admission queue, the rate limiter and its waiters, the
//! breakers and the workload's position. Nothing here is a measurement (`measurements.rs`).

use std::collections::VecDeque;

use super::{Event, Kind};
use crate::breaker::Breaker;
use crate::dist::Rng;
use crate::limiter::Limiter;
use crate::queue::Queue;
use crate::scenario::{Config, Load, Nanos};

/// A request in flight.
#[derive(Debug, Clone, Default)]
pub(super) struct Req {
    pub(super) arrival: Nanos,
    pub(super) client: u32,
    pub(super) next_call: u32,
    pub(super) done_calls: u32,
    pub(super) failed: bool,
    pub(super) speculating: bool,
    pub(super) decision_done: bool,
    pub(super) tools_done: bool,
    pub(super) work: Nanos,
    pub(super) tool_start: Nanos,
    pub(super) tool_work: Nanos,
}

/// A tool call in flight, over its attempts.
#[derive(Debug, Clone, Default)]
pub(super) struct Call {
    pub(super) req: u32,
    pub(super) tool: u32,
    pub(super) attempt: u32,
    pub(super) failed: bool,
    pub(super) timed_out: bool,
    pub(super) ticket: Option<u32>,
}

pub(super) struct Mechanics {
    pub(super) rng: Rng,
    pub(super) now: Nanos,
    seq: u64,
    /// Pending events by (time, sequence number), as one 128-bit key.
    queue: Queue<Event>,
    pub(super) reqs: Vec<Req>,
    free_reqs: Vec<u32>,
    pub(super) calls: Vec<Call>,
    free_calls: Vec<u32>,
    /// Tool index of each call position of a request.
    pub(super) call_tool: Vec<u32>,
    pub(super) admission: VecDeque<u32>,
    pub(super) active: u32,
    pub(super) limiter: Option<Limiter>,
    pub(super) waiters: VecDeque<u32>,
    /// Reused buffer of the attempts a wake-up lets through.
    pub(super) granted: Vec<u32>,
    pub(super) wake_pending: bool,
    pub(super) breakers: Vec<Breaker>,
    // Workload state.
    pub(super) issued: u64,
    pub(super) arrivals_over: bool,
    pub(super) lambda_max: f64,
    pub(super) arrival_x: f64,
}

impl Mechanics {
    pub(super) fn new(cfg: &Config, seed: u64) -> Mechanics {
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
        let lambda_max = match &cfg.workload.load {
            Load::Open { pattern, .. } => pattern.max_rate(),
            Load::Closed { .. } => 0.0,
        };
        Mechanics {
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
        }
    }

    /// Whether every event has run.
    pub(super) fn is_done(&self) -> bool {
        self.queue.is_empty()
    }

    #[inline]
    pub(super) fn schedule(&mut self, time: Nanos, kind: Kind, id: u32) {
        self.seq += 1;
        self.queue.push(
            ((time as u128) << 64) | self.seq as u128,
            Event { time, kind, id },
        );
    }

    /// The next event, the clock moved to it.
    #[inline]
    pub(super) fn next_event(&mut self) -> Option<Event> {
        let (_, ev) = self.queue.pop()?;
        self.now = ev.time;
        Some(ev)
    }

    /// A slot for a new request: a freed one, or a new one at the end.
    pub(super) fn add_req(&mut self, req: Req) -> u32 {
        match self.free_reqs.pop() {
            Some(id) => {
                self.reqs[id as usize] = req;
                id
            }
            None => {
                self.reqs.push(req);
                (self.reqs.len() - 1) as u32
            }
        }
    }

    /// Takes a finished request out of its slot, which becomes free.
    pub(super) fn remove_req(&mut self, id: u32) -> Req {
        let r = std::mem::take(&mut self.reqs[id as usize]);
        self.free_reqs.push(id);
        r
    }

    /// A slot for a new call: a freed one, or a new one at the end.
    pub(super) fn add_call(&mut self, call: Call) -> u32 {
        match self.free_calls.pop() {
            Some(c) => {
                self.calls[c as usize] = call;
                c
            }
            None => {
                self.calls.push(call);
                (self.calls.len() - 1) as u32
            }
        }
    }

    /// Frees a finished call's slot; returns its request.
    pub(super) fn remove_call(&mut self, cid: u32) -> u32 {
        let id = self.calls[cid as usize].req;
        self.free_calls.push(cid);
        id
    }

    /// Requests waiting for admission plus attempts waiting for a permit.
    #[inline]
    pub(super) fn queued(&self) -> usize {
        self.admission.len() + self.waiters.len()
    }
}
