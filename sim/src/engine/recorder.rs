//! The timeline's recorder (docs/simulation.md, "Timeline"): fixed-size accumulators per
//! window of virtual time, at most [`MAX_WINDOWS`] of them.
//!
//! Every call comes at the engine's current time, which never goes back, so only the newest
//! window is ever written: a call compares its time with that window's end and rolls forward
//! when it has passed. When a run outlives [`MAX_WINDOWS`] windows, adjacent pairs merge and
//! the window doubles; every accumulator is a sum, a time integral, a histogram or a worst
//! state, so the merged window is exactly what a window twice as long would have recorded.
//! Latencies are kept per window in `latencies.rs`.

mod latencies;

use benchdash_core::timeline::{
    self, Clock, Kind, Phase, Series, Timeline, BREAKER_STATES, MAX_WINDOWS,
};

use self::latencies::Latencies;
use crate::breaker::State;
use crate::scenario::{Config, Load, Nanos, Pattern};

/// The first window's length; it doubles as often as a long run needs.
const FIRST_WINDOW: Nanos = 1_000_000_000;
/// At most this many phases are kept (a burst of many cycles has one per cycle).
pub(super) const MAX_PHASES: usize = 1000;

#[derive(Debug, Clone, Copy, Default)]
struct Acc {
    arrivals: u64,
    ok: u64,
    failed: u64,
    waits: u64,
    /// ∫ queue depth dt and ∫ calls in flight dt over the window, in count·ns: exact
    /// integers, which a level of 2^64 held for 2^64 ns does not overflow.
    depth_ns: u128,
    calls_ns: u128,
}

impl Acc {
    fn add(&mut self, o: &Acc) {
        self.arrivals += o.arrivals;
        self.ok += o.ok;
        self.failed += o.failed;
        self.waits += o.waits;
        self.depth_ns += o.depth_ns;
        self.calls_ns += o.calls_ns;
    }
}

/// A level (a count that holds between changes) over the newest window, which starts at a:
/// with changes Δᵢ at tᵢ, its integral up to u is level(u)·(u − a) − Σ Δᵢ·(tᵢ − a), so a
/// change costs an add to the sum rather than a product of the level and the time it held.
/// Exact integers: the sum's terms are below 2^64·2^64 in size.
#[derive(Debug, Default)]
struct Level {
    now: u64,
    /// Σ Δᵢ·(tᵢ − a) over the window's changes so far, in count·ns.
    shift: i128,
}

impl Level {
    /// It changes to `v` at `since_start` into the window.
    #[inline]
    fn set(&mut self, since_start: Nanos, v: u64) {
        self.shift += (v as i128 - self.now as i128) * since_start as i128;
        self.now = v;
    }

    /// It goes up by one at `since_start` into the window.
    #[inline]
    fn rise(&mut self, since_start: Nanos) {
        self.shift += since_start as i128;
        self.now += 1;
    }

    /// It goes down by one at `since_start` into the window.
    #[inline]
    fn fall(&mut self, since_start: Nanos) {
        self.shift -= since_start as i128;
        self.now -= 1;
    }

    /// Its integral over the window up to `until` into it, in count·ns; the next window
    /// starts there.
    fn close(&mut self, until: Nanos) -> u128 {
        let held = self.now as i128 * until as i128 - std::mem::take(&mut self.shift);
        u128::try_from(held).expect("a level's integral is not negative")
    }
}

pub(super) struct Recorder {
    width: Nanos,
    /// The newest window's accumulators (a field, not the last of `acc`, since every event
    /// writes it) and where it ends; `acc` holds the windows before it.
    cur: Acc,
    cur_start: Nanos,
    cur_end: Nanos,
    acc: Vec<Acc>,
    latencies: Latencies,
    /// The worst state of each breaker per window (`breakers` per window), and now.
    states: Vec<u8>,
    breaker_now: Vec<u8>,
    breaker_names: Vec<String>,
    limiter: bool,
    /// Queue depth and calls in flight, each integrated over the time it held.
    depth: Level,
    calls: Level,
    phases: Vec<Phase>,
    /// Since when each breaker is in its state.
    breaker_since: Vec<Nanos>,
    dropped_phases: usize,
    /// The disturbances, `[from, to)` in nanoseconds, that recovery is measured after.
    pub(super) disturbances: Vec<(Nanos, Nanos)>,
}

/// Whether a configuration's run records a timeline: it has a rate pattern (an open
/// workload), an outage or a circuit breaker.
pub(super) fn records(cfg: &Config) -> bool {
    matches!(cfg.workload.load, Load::Open { .. })
        || cfg.circuit_breaker.is_some()
        || cfg.tools.iter().any(|t| !t.outages.is_empty())
}

/// The window a run certainly widens to, known before it starts: the longest of 1 s, 2 s,
/// 4 s, … that the run reaches for sure. That is known for a constant rate only: it issues
/// until its duration or its requests run out, whichever comes first, and with 1,000 requests
/// or more the last arrival is within a few per cent of that (0.9 of it is taken as sure). Widening is exact, so starting there records what
/// starting at 1 s and widening would; it skips the copies of widening, which dominate a
/// short run over a long virtual time.
fn first_window(cfg: &Config) -> Nanos {
    // Only a constant rate issues steadily to its end; other patterns may fall silent early.
    let Load::Open {
        pattern: Pattern::Constant { rate },
        ..
    } = &cfg.workload.load
    else {
        return FIRST_WINDOW;
    };
    let by_requests = cfg.workload.requests.map(|n| n as f64 / rate * 1e9);
    let planned = match (cfg.workload.duration.map(|d| d as f64), by_requests) {
        (Some(d), Some(r)) => Some(d.min(r)),
        (d, r) => d.or(r),
    }
    // At least 1,000 requests, so the last arrival's spread is a few per cent.
    .filter(|span| *rate > 0.0 && rate * span / 1e9 >= 1000.0);
    let Some(planned) = planned else {
        return FIRST_WINDOW;
    };
    // Windows double once a run passes MAX_WINDOWS of them: a run reaching `sure` ends with a
    // window at least as long as the longest w with (MAX_WINDOWS / 2) · w ≤ sure.
    let sure = 0.9 * planned;
    let mut width = FIRST_WINDOW;
    while (MAX_WINDOWS as f64 / 2.0) * (2 * width) as f64 <= sure && width < (1 << 62) {
        width *= 2;
    }
    width
}

impl Recorder {
    pub(super) fn new(cfg: &Config) -> Recorder {
        Recorder::starting_at(cfg, first_window(cfg))
    }

    /// A recorder whose first window is `first` long.
    fn starting_at(cfg: &Config, first: Nanos) -> Recorder {
        let breakers = if cfg.circuit_breaker.is_some() {
            cfg.tools.len()
        } else {
            0
        };
        let mut r = Recorder {
            width: first,
            cur: Acc::default(),
            cur_start: 0,
            cur_end: first,
            acc: Vec::new(),
            latencies: Latencies::new(),
            states: vec![0; breakers],
            breaker_now: vec![0; breakers],
            breaker_names: cfg
                .tools
                .iter()
                .take(breakers)
                .map(|t| t.name.clone())
                .collect(),
            limiter: cfg.rate_limit.is_some(),
            depth: Level::default(),
            calls: Level::default(),
            phases: Vec::new(),
            breaker_since: vec![0; breakers],
            dropped_phases: 0,
            disturbances: Vec::new(),
        };
        r.static_phases(cfg);
        r
    }

    fn phase(&mut self, from: Nanos, to: Nanos, label: String) {
        if self.phases.len() < MAX_PHASES {
            self.phases.push(Phase {
                from: timeline::duration(from),
                to: timeline::duration(to),
                label,
            });
        } else {
            self.dropped_phases += 1;
        }
    }

    /// The pattern's phases and the outages, known from the configuration; the disturbances.
    fn static_phases(&mut self, cfg: &Config) {
        let end = cfg.workload.duration;
        let clip = |t: Nanos| end.map_or(t, |d| t.min(d));
        if let Load::Open { pattern, .. } = &cfg.workload.load {
            match pattern {
                Pattern::Burst {
                    on, off, cycles, ..
                } => {
                    for c in 0..*cycles as u64 {
                        let from = c * (on + off);
                        if end.is_some_and(|d| from >= d) {
                            break;
                        }
                        self.phase(from, clip(from + on), "burst".into());
                        self.disturbances.push((from, clip(from + on)));
                    }
                }
                Pattern::Spike { at, length, .. } => {
                    if end.is_none_or(|d| *at < d) {
                        self.phase(*at, clip(at + length), "spike".into());
                        self.disturbances.push((*at, clip(at + length)));
                    }
                }
                Pattern::Ramp { over, .. } => {
                    self.phase(0, clip(*over), "ramp".into());
                    self.disturbances.push((0, clip(*over)));
                }
                Pattern::Step { rates, every } => {
                    for (i, rate) in rates.iter().enumerate() {
                        let from = i as u64 * every;
                        if end.is_some_and(|d| from >= d) {
                            break;
                        }
                        self.phase(from, clip(from + every), format!("step: {rate} req/s"));
                    }
                }
                Pattern::Constant { .. } => {}
            }
        }
        for tool in &cfg.tools {
            for &(from, to) in &tool.outages {
                self.phase(from, to, format!("outage: {}", tool.name));
                self.disturbances.push((from, to));
            }
        }
    }

    /// Moves the newest window forward to the one holding `t`, integrating the levels.
    #[inline]
    fn at(&mut self, t: Nanos) {
        if t >= self.cur_end {
            self.roll(t);
        }
    }

    #[cold]
    fn roll(&mut self, t: Nanos) {
        while t >= self.cur_end {
            let width = self.cur_end - self.cur_start;
            self.cur.depth_ns += self.depth.close(width);
            self.cur.calls_ns += self.calls.close(width);
            self.acc.push(std::mem::take(&mut self.cur));
            if self.acc.len() >= MAX_WINDOWS {
                self.widen();
            }
            self.cur_start = self.cur_end;
            self.cur_end += self.width;
            self.latencies.next_window();
            // A window starts in each breaker's state at its start.
            self.states.extend_from_slice(&self.breaker_now);
        }
    }

    /// Adjacent windows (all ended) merged in pairs; the window doubles. Window `i` becomes
    /// windows `2i` and `2i + 1` added (a lone last window is kept as it is); every write is
    /// to a window below the ones it reads, so this is done in place.
    fn widen(&mut self) {
        let n = self.acc.len();
        let half = n.div_ceil(2);
        for i in 0..half {
            let mut a = self.acc[2 * i];
            if 2 * i + 1 < n {
                a.add(&self.acc[2 * i + 1]);
            }
            self.acc[i] = a;
        }
        self.latencies.widen();
        let nb = self.breaker_now.len();
        for i in 0..half {
            for k in 0..nb {
                let second = if 2 * i + 1 < n {
                    self.states[(2 * i + 1) * nb + k]
                } else {
                    0
                };
                self.states[i * nb + k] = self.states[2 * i * nb + k].max(second);
            }
        }
        self.acc.truncate(half);
        self.states.truncate(half * nb);
        self.width *= 2;
        self.cur_end = half as u64 * self.width;
    }

    #[inline]
    pub(super) fn arrival(&mut self, t: Nanos) {
        self.at(t);
        self.cur.arrivals += 1;
    }

    #[inline]
    pub(super) fn done(&mut self, t: Nanos, failed: bool, latency: Nanos) {
        self.at(t);
        if failed {
            self.cur.failed += 1;
        } else {
            self.cur.ok += 1;
            self.latencies.add(latency);
        }
    }

    #[inline]
    pub(super) fn depth(&mut self, t: Nanos, queued: usize) {
        self.at(t);
        self.depth.set(t - self.cur_start, queued as u64);
    }

    #[inline]
    pub(super) fn call_started(&mut self, t: Nanos) {
        self.at(t);
        self.calls.rise(t - self.cur_start);
    }

    #[inline]
    pub(super) fn call_ended(&mut self, t: Nanos) {
        self.at(t);
        self.calls.fall(t - self.cur_start);
    }

    #[inline]
    pub(super) fn wait(&mut self, t: Nanos) {
        self.at(t);
        self.cur.waits += 1;
    }

    /// Breaker `k` may have changed state at `t` (a call was permitted, refused or recorded).
    #[inline]
    pub(super) fn breaker(&mut self, t: Nanos, k: usize, state: State) {
        let s = match state {
            State::Closed => 0,
            State::HalfOpen => 1,
            State::Open => 2,
        };
        if s == self.breaker_now[k] {
            return;
        }
        self.at(t);
        let nb = self.breaker_now.len();
        let slot = &mut self.states[self.acc.len() * nb + k];
        *slot = (*slot).max(s);
        let was = self.breaker_now[k];
        if was != 0 {
            let from = self.breaker_since[k];
            let label = format!(
                "breaker {}: {}",
                BREAKER_STATES[was as usize], self.breaker_names[k]
            );
            self.phase(from, t, label);
        }
        self.breaker_now[k] = s;
        self.breaker_since[k] = t;
    }

    /// The timeline at the run's end `now`.
    pub(super) fn finish(&mut self, now: Nanos) -> Timeline {
        self.at(now);
        self.cur.depth_ns += self.depth.close(now - self.cur_start);
        self.cur.calls_ns += self.calls.close(now - self.cur_start);
        for k in 0..self.breaker_now.len() {
            let s = self.breaker_now[k];
            if s != 0 {
                let label = format!(
                    "breaker {}: {}",
                    BREAKER_STATES[s as usize], self.breaker_names[k]
                );
                self.phase(self.breaker_since[k], now, label);
            }
        }
        // The run lasted `last` into its newest window. When it ended just as that window
        // began, the window has no length: what happened at that instant is counted in the
        // window that ends there, and every window is whole.
        let mut last = now - self.cur_start;
        let nb = self.breaker_now.len();
        if last == 0 && !self.acc.is_empty() {
            let newest = std::mem::take(&mut self.cur);
            self.cur = self.acc.pop().expect("a window before the newest");
            self.cur.add(&newest);
            self.latencies.fold_newest();
            let at = self.states.len() - nb;
            for k in 0..nb {
                self.states[at - nb + k] = self.states[at - nb + k].max(self.states[at + k]);
            }
            self.states.truncate(at);
            last = self.width;
        }
        // A run of no length at all has one window, counted as whole.
        let last = if last == 0 { self.width } else { last };
        self.acc.push(std::mem::take(&mut self.cur));
        let n = self.acc.len();
        // Every window lasts `width`, but the last lasts `last`: its rates are per second of
        // that and its levels averaged over it.
        let span = |i: usize| (if i + 1 == n { last } else { self.width }) as f64;
        let mut series = std::collections::BTreeMap::new();
        let col = |f: &dyn Fn(&Acc, f64) -> Option<f64>| -> Vec<Option<f64>> {
            self.acc
                .iter()
                .enumerate()
                .map(|(i, a)| f(a, span(i)))
                .collect()
        };
        series.insert(
            "offered_rate".to_string(),
            Series::numbers(
                "req/s",
                Kind::Rate,
                col(&|a, ns| Some(a.arrivals as f64 / (ns / 1e9))),
            ),
        );
        series.insert(
            "throughput".to_string(),
            Series::numbers(
                "req/s",
                Kind::Rate,
                col(&|a, ns| Some(a.ok as f64 / (ns / 1e9))),
            ),
        );
        series.insert(
            "error_rate".to_string(),
            Series::numbers(
                "ratio",
                Kind::Ratio,
                col(&|a, _| {
                    let done = a.ok + a.failed;
                    (done > 0).then(|| a.failed as f64 / done as f64)
                }),
            ),
        );
        series.insert(
            "queue_depth".to_string(),
            Series::numbers(
                "count",
                Kind::Level,
                col(&|a, ns| Some(a.depth_ns as f64 / ns)),
            ),
        );
        series.insert(
            "calls_in_flight".to_string(),
            Series::numbers(
                "count",
                Kind::Level,
                col(&|a, ns| Some(a.calls_ns as f64 / ns)),
            ),
        );
        if self.limiter {
            series.insert(
                "limiter_waits".to_string(),
                Series::numbers("count", Kind::Count, col(&|a, _| Some(a.waits as f64))),
            );
        }
        // The latencies of a window are its successful requests'.
        let quantiles: Vec<[Option<f64>; 3]> = (0..n)
            .map(|i| {
                self.latencies
                    .percentiles(i, self.acc[i].ok, [0.50, 0.95, 0.99])
            })
            .collect();
        for (j, name) in ["latency_p50", "latency_p95", "latency_p99"]
            .into_iter()
            .enumerate()
        {
            let values = quantiles.iter().map(|q| q[j]).collect();
            series.insert(
                name.to_string(),
                Series::numbers("ms", Kind::Quantile, values),
            );
        }
        for k in 0..nb {
            let values = (0..n)
                .map(|i| Some(self.states[i * nb + k] as f64))
                .collect();
            series.insert(
                format!("breaker_state:{}", self.breaker_names[k]),
                Series::states(&BREAKER_STATES, values),
            );
        }
        Timeline {
            clock: Clock::Virtual,
            window: timeline::duration(self.width),
            end: (last < self.width).then(|| timeline::duration(now)),
            series,
            phases: std::mem::take(&mut self.phases),
        }
    }

    /// Phases beyond [`MAX_PHASES`] that were not kept.
    pub(super) fn dropped_phases(&self) -> usize {
        self.dropped_phases
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn number(tl: &Timeline, name: &str, i: usize) -> f64 {
        tl.values(name).unwrap()[i].unwrap()
    }

    #[test]
    fn the_last_window_is_over_the_part_of_it_the_run_lasted() {
        let scenario = crate::presets::scenario(crate::presets::find("burst").unwrap());
        let cfg = &scenario.points[0].config;
        let s = 1_000_000_000;
        let feed = |r: &mut Recorder| {
            // Two arrivals a second, each done 100 ms later; 2 waiting from 2 s on.
            for k in 0..5u64 {
                let t = k * s / 2;
                r.arrival(t);
                r.done(t + s / 10, false, s / 10);
            }
            r.depth(2 * s, 2);
        };
        // The run ends at 2.5 s, halfway through window 2: its 1 arrival is 2 a second over
        // that half, and the queue's 2 is its average, not 1.
        let mut r = Recorder::starting_at(cfg, FIRST_WINDOW);
        feed(&mut r);
        let tl = r.finish(5 * s / 2);
        assert_eq!((tl.len(), tl.end.as_deref()), (3, Some("2500ms")));
        assert!(tl.check().is_ok());
        for i in 0..3 {
            assert_eq!(number(&tl, "offered_rate", i), 2.0, "window {i}");
        }
        assert_eq!(number(&tl, "queue_depth", 2), 2.0);
        assert_eq!(number(&tl, "queue_depth", 1), 0.0);

        // It ends just as window 3 begins, with a request done at that instant: window 3 has
        // no length, so the request is counted in window 2, and every window is whole.
        let mut r = Recorder::starting_at(cfg, FIRST_WINDOW);
        feed(&mut r);
        r.arrival(5 * s / 2);
        r.done(3 * s, false, s / 2);
        let tl = r.finish(3 * s);
        assert_eq!((tl.len(), tl.end.as_deref()), (3, None));
        assert_eq!(number(&tl, "offered_rate", 2), 2.0);
        assert_eq!(number(&tl, "throughput", 2), 2.0);
        assert_eq!(number(&tl, "queue_depth", 2), 2.0);
        // Its latencies are those of both: 100 ms and 500 ms.
        assert!(number(&tl, "latency_p99", 2) > 400.0);
    }

    #[test]
    fn starting_at_the_window_a_run_widens_to_records_what_widening_would() {
        // The speed bench's M/M/3: 100,000 requests at 2.4/s, about 41,667 s, so 1 s windows
        // widen five times, to 32 s; chosen up front it starts there.
        let scenario = crate::Scenario::parse("mmc.toml", crate::presets::SPEED_MMC).unwrap();
        let cfg = &scenario.points[0].config;
        assert_eq!(first_window(cfg), 32 * FIRST_WINDOW);
        let mut up_front = Recorder::new(cfg);
        let mut widened = Recorder::starting_at(cfg, FIRST_WINDOW);
        // The same events into both (in time order, as the engine makes them): arrivals about
        // 0.42 s apart, each with a request done that took 0.1–3 s,
        // some failing, the queue and the calls changing with them.
        let mut t: Nanos = 0;
        let mut x: u64 = 7;
        let mut in_flight = 0u64;
        for i in 0..100_000u64 {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            t += 300_000_000 + x % 250_000_000;
            let latency = 100_000_000 + x % 2_900_000_000;
            let starts = in_flight == 0 || x.is_multiple_of(2);
            for r in [&mut up_front, &mut widened] {
                r.arrival(t);
                r.depth(t, (x % 5) as usize);
                if starts {
                    r.call_started(t);
                } else {
                    r.call_ended(t);
                }
                r.done(t, i % 37 == 0, latency);
            }
            in_flight = if starts { in_flight + 1 } else { in_flight - 1 };
        }
        let (a, b) = (up_front.finish(t + 1), widened.finish(t + 1));
        assert_eq!(a.window, "32s");
        assert_eq!(a, b);

        // A ramp may fall silent before its end: no guess, it starts at 1 s.
        let ramp = crate::presets::scenario(crate::presets::find("stress").unwrap());
        assert_eq!(first_window(&ramp.points[0].config), FIRST_WINDOW);
    }
}
