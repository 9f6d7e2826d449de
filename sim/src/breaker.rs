//! A count-based circuit breaker, as resilience4j's `COUNT_BASED` sliding window.
//!
//! - **Closed**: outcomes go into a ring of the last `window` calls. Once at least `min_calls`
//!   are recorded and the failure rate in the ring is ≥ `failure_rate`, it opens (a trip).
//! - **Open**: every call is refused at once, for `open_for`.
//! - **Half-open** (the first call after `open_for`): `half_open_calls` probe calls are
//!   permitted, others refused; when all probes are back, it closes (ring cleared) if their
//!   failure rate is below the threshold, else it opens again (another trip).
//!
//! Outcomes of calls permitted in an earlier state are ignored once the state has moved on,
//! as resilience4j ignores them by generation.

use super::scenario::{BreakerConfig, Nanos};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum State {
    Closed,
    Open,
    HalfOpen,
}

/// What the breaker says to a call.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Permit {
    /// Go ahead; report the outcome with this ticket.
    Allowed(u32),
    Refused,
}

#[derive(Debug, Clone)]
pub struct Breaker {
    cfg: BreakerConfig,
    state: State,
    /// Bumped on every state change; tickets of other generations are ignored.
    generation: u32,
    open_until: Nanos,
    ring: Vec<bool>,
    pos: usize,
    recorded: usize,
    failures: usize,
    probes_permitted: u32,
    probes_done: u32,
    probe_failures: u32,
    pub trips: u64,
}

impl Breaker {
    pub fn new(cfg: BreakerConfig) -> Breaker {
        Breaker {
            cfg,
            state: State::Closed,
            generation: 0,
            open_until: 0,
            ring: vec![false; cfg.window as usize],
            pos: 0,
            recorded: 0,
            failures: 0,
            probes_permitted: 0,
            probes_done: 0,
            probe_failures: 0,
            trips: 0,
        }
    }

    /// The state at `now` (an open breaker whose time is up counts as half-open).
    pub fn state(&self, now: Nanos) -> State {
        if self.state == State::Open && now >= self.open_until {
            State::HalfOpen
        } else {
            self.state
        }
    }

    /// The state as the rules have it: an open breaker stays open until the first call after
    /// `open_for`, which makes it half-open (the timeline's band shows this).
    #[inline]
    pub fn current(&self) -> State {
        self.state
    }

    pub fn permit(&mut self, now: Nanos) -> Permit {
        if self.state == State::Open {
            if now < self.open_until {
                return Permit::Refused;
            }
            self.set(State::HalfOpen);
        }
        match self.state {
            State::Closed => Permit::Allowed(self.generation),
            State::HalfOpen => {
                if self.probes_permitted < self.cfg.half_open_calls {
                    self.probes_permitted += 1;
                    Permit::Allowed(self.generation)
                } else {
                    Permit::Refused
                }
            }
            State::Open => Permit::Refused,
        }
    }

    pub fn record(&mut self, now: Nanos, ticket: u32, failed: bool) {
        if ticket != self.generation {
            return;
        }
        match self.state {
            State::Closed => {
                if self.recorded == self.ring.len() {
                    if self.ring[self.pos] {
                        self.failures -= 1;
                    }
                } else {
                    self.recorded += 1;
                }
                self.ring[self.pos] = failed;
                self.failures += failed as usize;
                self.pos = (self.pos + 1) % self.ring.len();
                let min = (self.cfg.min_calls as usize).min(self.ring.len());
                if self.recorded >= min
                    && self.failures as f64 >= self.cfg.failure_rate * self.recorded as f64
                {
                    self.trip(now);
                }
            }
            State::HalfOpen => {
                self.probes_done += 1;
                self.probe_failures += failed as u32;
                if self.probes_done == self.cfg.half_open_calls {
                    if self.probe_failures as f64 >= self.cfg.failure_rate * self.probes_done as f64
                    {
                        self.trip(now);
                    } else {
                        self.set(State::Closed);
                    }
                }
            }
            State::Open => {}
        }
    }

    fn trip(&mut self, now: Nanos) {
        self.trips += 1;
        self.open_until = now + self.cfg.open_for;
        self.set(State::Open);
    }

    fn set(&mut self, state: State) {
        self.state = state;
        self.generation = self.generation.wrapping_add(1);
        self.pos = 0;
        self.recorded = 0;
        self.failures = 0;
        self.probes_permitted = 0;
        self.probes_done = 0;
        self.probe_failures = 0;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cfg() -> BreakerConfig {
        BreakerConfig {
            window: 4,
            min_calls: 4,
            failure_rate: 0.5,
            open_for: 100,
            half_open_calls: 2,
        }
    }

    fn call(b: &mut Breaker, now: Nanos, failed: bool) -> bool {
        match b.permit(now) {
            Permit::Allowed(t) => {
                b.record(now, t, failed);
                true
            }
            Permit::Refused => false,
        }
    }

    #[test]
    fn follows_resilience4j_state_sequence() {
        let mut b = Breaker::new(cfg());
        // Below min_calls nothing happens, even at 100 % failures.
        for _ in 0..3 {
            assert!(call(&mut b, 0, true));
        }
        assert_eq!(b.state(0), State::Closed);
        // The fourth call makes 4 of 4 ≥ 50 %: open.
        assert!(call(&mut b, 1, false));
        assert_eq!(b.state(1), State::Open);
        assert_eq!(b.trips, 1);
        // Refused until open_for has passed (opened at 1, so until 101).
        assert!(!call(&mut b, 100, false));
        assert_eq!(b.state(101), State::HalfOpen);
        // Two probes: one failure of two is ≥ 50 %: open again.
        let t1 = b.permit(101);
        let t2 = b.permit(101);
        assert_eq!(b.permit(101), Permit::Refused, "only two probes");
        if let (Permit::Allowed(a), Permit::Allowed(c)) = (t1, t2) {
            b.record(102, a, false);
            b.record(102, c, true);
        }
        assert_eq!(b.state(102), State::Open);
        assert_eq!(b.trips, 2);
        // Half-open at 202, two good probes: closed, with a fresh window.
        assert!(call(&mut b, 202, false));
        assert_eq!(b.state(202), State::HalfOpen);
        assert!(call(&mut b, 202, false));
        assert_eq!(b.state(202), State::Closed);
        assert!(call(&mut b, 203, true));
        assert_eq!(b.state(203), State::Closed);
    }

    #[test]
    fn the_window_slides() {
        let mut b = Breaker::new(cfg());
        // F S S S: 25 % — stays closed; then S: window S S S S.
        for f in [true, false, false, false, false] {
            call(&mut b, 0, f);
        }
        assert_eq!(b.state(0), State::Closed);
        // Two failures: window S S F F = 50 %: open.
        call(&mut b, 0, true);
        assert_eq!(b.state(0), State::Closed);
        call(&mut b, 0, true);
        assert_eq!(b.state(0), State::Open);
    }
}
