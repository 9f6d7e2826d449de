//! The scenario's model: the validated configuration the engine runs (`Config` and its
//! parts), a sweep's `Point`s, and the `Scenario` of a file. Plain public data; reading it
//! from TOML is `parse.rs`.

use serde::Deserialize;

use crate::dist::Dist;

/// Nanoseconds of virtual time.
pub type Nanos = u64;

/// How tool calls of one request run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Mode {
    Parallel,
    Sequential,
}

/// Arrival timing of the open workload.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Arrivals {
    /// Exponential gaps at the pattern's current rate (by thinning).
    Poisson,
    /// Evenly spaced: a gap of 1/rate at the pattern's current rate.
    Uniform,
}

/// The open workload's arrival rate over time, in requests per second.
#[derive(Debug, Clone, PartialEq)]
pub enum Pattern {
    Constant {
        rate: f64,
    },
    Ramp {
        from: f64,
        to: f64,
        over: Nanos,
    },
    Step {
        rates: Vec<f64>,
        every: Nanos,
    },
    Spike {
        base: f64,
        peak: f64,
        at: Nanos,
        length: Nanos,
    },
    /// Each cycle: `on` at `rate`, then `off` idle.
    Burst {
        rate: f64,
        on: Nanos,
        off: Nanos,
        cycles: u32,
    },
}

impl Pattern {
    /// The rate at virtual time `t`.
    pub fn rate_at(&self, t: Nanos) -> f64 {
        match self {
            Pattern::Constant { rate } => *rate,
            Pattern::Ramp { from, to, over } => {
                if t >= *over {
                    *to
                } else {
                    from + (to - from) * (t as f64 / *over as f64)
                }
            }
            Pattern::Step { rates, every } => {
                let i = (t / every) as usize;
                rates[i.min(rates.len() - 1)]
            }
            Pattern::Spike {
                base,
                peak,
                at,
                length,
            } => {
                if t >= *at && t - at < *length {
                    *peak
                } else {
                    *base
                }
            }
            Pattern::Burst { rate, on, off, .. } => {
                if t % (on + off) < *on {
                    *rate
                } else {
                    0.0
                }
            }
        }
    }

    /// The highest rate the pattern reaches.
    pub fn max_rate(&self) -> f64 {
        match self {
            Pattern::Constant { rate } => *rate,
            Pattern::Ramp { from, to, .. } => from.max(*to),
            Pattern::Step { rates, .. } => rates.iter().copied().fold(0.0, f64::max),
            Pattern::Spike { base, peak, .. } => base.max(*peak),
            Pattern::Burst { rate, .. } => *rate,
        }
    }

    /// Where a pattern ends by itself (ramp, step, burst), if it does.
    pub fn natural_end(&self) -> Option<Nanos> {
        match self {
            Pattern::Ramp { over, .. } => Some(*over),
            Pattern::Step { rates, every } => Some(every * rates.len() as u64),
            Pattern::Burst {
                on, off, cycles, ..
            } => Some((on + off) * *cycles as u64),
            Pattern::Constant { .. } | Pattern::Spike { .. } => None,
        }
    }

    /// The next time after `t` at which the rate changes stepwise (for skipping idle time).
    pub fn next_change(&self, t: Nanos) -> Option<Nanos> {
        match self {
            Pattern::Constant { .. } => None,
            // A ramp from 0 has no arrivals at its very start: look again 1 ms later.
            Pattern::Ramp { over, .. } => (t < *over).then_some(t + 1_000_000),
            Pattern::Step { every, .. } => Some((t / every + 1) * every),
            Pattern::Spike { at, length, .. } => {
                if t < *at {
                    Some(*at)
                } else if t < at + length {
                    Some(at + length)
                } else {
                    None
                }
            }
            Pattern::Burst { on, off, .. } => {
                let period = on + off;
                let phase = t % period;
                Some(if phase < *on {
                    t - phase + on
                } else {
                    t - phase + period
                })
            }
        }
    }

    /// Whether the pattern is a stress pattern, whose breaking point is measured.
    pub fn is_stress(&self) -> bool {
        matches!(self, Pattern::Ramp { .. } | Pattern::Step { .. })
    }
}

/// Who issues requests.
#[derive(Debug, Clone, PartialEq)]
pub enum Load {
    /// Closed model: each client issues its next request `think` after its last is done.
    Closed { clients: u32, think: Nanos },
    /// Open model: arrivals by a rate pattern.
    Open {
        pattern: Pattern,
        arrivals: Arrivals,
    },
}

#[derive(Debug, Clone, PartialEq)]
pub struct Workload {
    /// Stop issuing after this many requests.
    pub requests: Option<u64>,
    /// Stop issuing at this virtual time.
    pub duration: Option<Nanos>,
    pub load: Load,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Llm {
    pub decision: Dist,
    pub aggregate: Dist,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Orchestrator {
    pub mode: Mode,
    pub max_parallel: u32,
    /// 0: unbounded.
    pub max_concurrent_requests: u32,
    /// 0: none.
    pub timeout: Nanos,
    pub retries: u32,
    pub backoff: Nanos,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Tool {
    pub name: String,
    pub calls: u32,
    pub latency: Dist,
    pub failure_rate: f64,
    /// Half-open intervals [from, to) of virtual time in which every attempt fails.
    pub outages: Vec<(Nanos, Nanos)>,
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub enum LimiterKind {
    /// GCRA: `burst` permits at once, then one every 1/rate.
    TokenBucket { burst: u32 },
    /// At most `limit` = rate × window permits in any window of that length (exact log).
    SlidingWindow { window: Nanos, limit: u32 },
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RateLimit {
    pub rate: f64,
    pub kind: LimiterKind,
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Speculation {
    pub hit_rate: f64,
    pub overhead: Nanos,
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct BreakerConfig {
    pub window: u32,
    pub min_calls: u32,
    pub failure_rate: f64,
    pub open_for: Nanos,
    pub half_open_calls: u32,
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Memory {
    /// MB.
    pub base: f64,
    /// MB per call in flight.
    pub per_tool_call: f64,
    /// MB: the machine's memory, for `memory_percent`.
    pub total: Option<f64>,
}

/// The orchestrator's own CPU: what each tool call costs it (building the request, parsing
/// the answer), on a machine of `cores`.
#[derive(Debug, Clone, PartialEq)]
pub struct Cpu {
    pub cores: u32,
    /// CPU time per call attempt.
    pub per_tool_call: Nanos,
}

/// One fully resolved, validated configuration: a scenario, or one point of its sweep.
#[derive(Debug, Clone, PartialEq)]
pub struct Config {
    pub workload: Workload,
    pub llm: Llm,
    pub orchestrator: Orchestrator,
    pub tools: Vec<Tool>,
    pub rate_limit: Option<RateLimit>,
    pub speculation: Option<Speculation>,
    pub circuit_breaker: Option<BreakerConfig>,
    pub memory: Option<Memory>,
    pub cpu: Option<Cpu>,
}

impl Config {
    /// Calls per request: every tool entry, `calls` times.
    pub fn calls_per_request(&self) -> u32 {
        self.tools.iter().map(|t| t.calls).sum()
    }
}

/// One benchmark to simulate: the scenario itself, or one value of its sweep.
#[derive(Debug, Clone, PartialEq)]
pub struct Point {
    /// The benchmark's name: the scenario's, plus `/param=value` for a sweep point.
    pub benchmark: String,
    /// The swept parameter's last key and the value, for the benchmark's params.
    pub param: Option<(String, String)>,
    pub config: Config,
}

/// A parsed, validated scenario file.
#[derive(Debug, Clone, PartialEq)]
pub struct Scenario {
    pub name: String,
    pub description: String,
    pub seed: u64,
    /// One point, or one per sweep value.
    pub points: Vec<Point>,
    /// The file's content as JSON, recorded in the run's `scenario` field.
    pub source: serde_json::Value,
}
