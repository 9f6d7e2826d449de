//! Rate limiters shared by all tool attempts of a simulation.
//!
//! - Token bucket as GCRA, the algorithm of the `governor` crate: a theoretical arrival time
//!   (TAT) advances by the emission interval T = 1/rate per permit; a permit is granted at `now`
//!   when TAT − τ ≤ now, with τ = (burst − 1)·T, so a full bucket grants `burst` permits at once
//!   and then one every T. T is rounded to whole nanoseconds.
//! - Sliding window, exact: a log of grant times; a permit is granted when fewer than `limit`
//!   grants lie in (now − window, now], else at the oldest such grant + window.

use std::collections::VecDeque;

use super::scenario::{LimiterKind, Nanos, RateLimit};

#[derive(Debug, Clone)]
pub enum Limiter {
    Gcra {
        t: Nanos,
        tau: Nanos,
        tat: Nanos,
    },
    Window {
        window: Nanos,
        limit: usize,
        log: VecDeque<Nanos>,
    },
}

impl Limiter {
    pub fn new(config: &RateLimit) -> Limiter {
        match config.kind {
            LimiterKind::TokenBucket { burst } => {
                let t = libm::round(1e9 / config.rate).max(1.0) as Nanos;
                Limiter::Gcra {
                    t,
                    tau: t * (burst as Nanos - 1),
                    tat: 0,
                }
            }
            LimiterKind::SlidingWindow { window, limit } => Limiter::Window {
                window,
                limit: limit as usize,
                log: VecDeque::with_capacity(limit.min(1 << 16) as usize),
            },
        }
    }

    /// Takes a permit at `now`, or says when the next one can be had.
    #[inline]
    pub fn try_acquire(&mut self, now: Nanos) -> Result<(), Nanos> {
        match self {
            Limiter::Gcra { t, tau, tat } => {
                if *tat <= now + *tau {
                    *tat = (*tat).max(now) + *t;
                    Ok(())
                } else {
                    Err(*tat - *tau)
                }
            }
            Limiter::Window { window, limit, log } => {
                while let Some(&oldest) = log.front() {
                    if oldest + *window <= now {
                        log.pop_front();
                    } else {
                        break;
                    }
                }
                if log.len() < *limit {
                    log.push_back(now);
                    Ok(())
                } else {
                    Err(log[0] + *window)
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Grants under demand that never stops, from time 0 up to and including `until`.
    fn grants_until(limiter: &mut Limiter, until: Nanos) -> u64 {
        let mut now = 0;
        let mut n = 0;
        loop {
            match limiter.try_acquire(now) {
                Ok(()) => n += 1,
                Err(next) => {
                    if next > until {
                        return n;
                    }
                    now = next;
                }
            }
        }
    }

    #[test]
    fn token_bucket_grants_burst_then_one_per_interval() {
        // burst + ⌊W/T⌋ permits in [0, W]: 10 + 100 in one second at 100/s.
        let rl = RateLimit {
            rate: 100.0,
            kind: LimiterKind::TokenBucket { burst: 10 },
        };
        assert_eq!(grants_until(&mut Limiter::new(&rl), 1_000_000_000), 110);
        assert_eq!(grants_until(&mut Limiter::new(&rl), 999_999_999), 109);
        assert_eq!(grants_until(&mut Limiter::new(&rl), 0), 10);
    }

    #[test]
    fn sliding_window_grants_limit_per_window() {
        // 500 at t = 0, 500 more at t = 1 s, 500 at 2 s: 1500 in [0, 2 s].
        let rl = RateLimit {
            rate: 500.0,
            kind: LimiterKind::SlidingWindow {
                window: 1_000_000_000,
                limit: 500,
            },
        };
        assert_eq!(grants_until(&mut Limiter::new(&rl), 2_000_000_000), 1500);
        assert_eq!(grants_until(&mut Limiter::new(&rl), 1_999_999_999), 1000);
    }
}
