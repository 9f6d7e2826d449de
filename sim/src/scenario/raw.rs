//! The file's shape: serde mirrors of the TOML (`RawScenario` and its tables), with
//! `deny_unknown_fields` everywhere and the self-checking values of `values.rs` as fields.
//! No rule that needs two values is here: those are `checks.rs`.

use serde::Deserialize;

use super::values::{AtLeastOne, DistSpec, Duration, NonNeg, Prob, SizeMb};
use super::{Arrivals, Mode};

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawScenario {
    pub(super) name: String,
    #[serde(default)]
    pub(super) description: String,
    #[serde(default = "default_seed")]
    pub(super) seed: u64,
    pub(super) workload: RawWorkload,
    pub(super) llm: Option<RawLlm>,
    #[serde(default)]
    pub(super) orchestrator: RawOrchestrator,
    #[serde(default)]
    pub(super) tools: Vec<RawTool>,
    pub(super) rate_limit: Option<RawRateLimit>,
    pub(super) speculation: Option<RawSpeculation>,
    pub(super) circuit_breaker: Option<RawBreaker>,
    pub(super) memory: Option<RawMemory>,
    pub(super) cpu: Option<RawCpu>,
    pub(super) sweep: Option<RawSweep>,
}

fn default_seed() -> u64 {
    42
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawWorkload {
    pub(super) requests: Option<u64>,
    pub(super) duration: Option<Duration>,
    pub(super) clients: Option<AtLeastOne>,
    pub(super) think: Option<Duration>,
    pub(super) pattern: Option<RawPattern>,
    pub(super) arrivals: Option<Arrivals>,
}

/// A rate pattern, read flat (every key optional) so that each value's errors carry its own
/// path; which keys a kind needs is checked in [`RawPattern::resolve`].
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawPattern {
    pub(super) kind: String,
    pub(super) rate: Option<NonNeg>,
    pub(super) from: Option<NonNeg>,
    pub(super) to: Option<NonNeg>,
    pub(super) over: Option<Duration>,
    pub(super) rates: Option<Vec<NonNeg>>,
    pub(super) every: Option<Duration>,
    pub(super) base: Option<NonNeg>,
    pub(super) peak: Option<NonNeg>,
    pub(super) at: Option<Duration>,
    #[serde(rename = "for")]
    pub(super) length: Option<Duration>,
    pub(super) on: Option<Duration>,
    pub(super) off: Option<Duration>,
    pub(super) cycles: Option<AtLeastOne>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawLlm {
    pub(super) decision: Option<DistSpec>,
    pub(super) aggregate: Option<DistSpec>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawOrchestrator {
    #[serde(default = "default_mode")]
    pub(super) mode: Mode,
    pub(super) max_parallel: Option<AtLeastOne>,
    #[serde(default)]
    pub(super) max_concurrent_requests: u32,
    #[serde(default)]
    pub(super) timeout: Duration,
    #[serde(default)]
    pub(super) retries: u32,
    #[serde(default)]
    pub(super) backoff: Duration,
}

impl Default for RawOrchestrator {
    fn default() -> Self {
        RawOrchestrator {
            mode: Mode::Parallel,
            max_parallel: None,
            max_concurrent_requests: 0,
            timeout: Duration(0),
            retries: 0,
            backoff: Duration(0),
        }
    }
}

fn default_mode() -> Mode {
    Mode::Parallel
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawTool {
    pub(super) name: String,
    #[serde(default = "one")]
    pub(super) calls: u32,
    pub(super) latency: DistSpec,
    #[serde(default)]
    pub(super) failure_rate: Prob,
    #[serde(default)]
    pub(super) outages: Vec<RawOutage>,
}

fn one() -> u32 {
    1
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawOutage {
    pub(super) from: Duration,
    pub(super) to: Duration,
}

#[derive(Debug, Clone, Copy, Deserialize)]
#[serde(rename_all = "snake_case")]
pub(super) enum RawLimiterKind {
    TokenBucket,
    SlidingWindow,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawRateLimit {
    pub(super) kind: RawLimiterKind,
    pub(super) rate: NonNeg,
    pub(super) burst: Option<AtLeastOne>,
    pub(super) window: Option<Duration>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawSpeculation {
    pub(super) hit_rate: Prob,
    #[serde(default)]
    pub(super) overhead: Duration,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawBreaker {
    pub(super) window: AtLeastOne,
    pub(super) min_calls: Option<AtLeastOne>,
    pub(super) failure_rate: Prob,
    pub(super) open_for: Duration,
    pub(super) half_open_calls: Option<AtLeastOne>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawMemory {
    pub(super) base: SizeMb,
    pub(super) per_tool_call: SizeMb,
    pub(super) total: Option<SizeMb>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawCpu {
    pub(super) cores: AtLeastOne,
    pub(super) per_tool_call: Duration,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawSweep {
    pub(super) param: String,
    pub(super) values: Vec<toml::Value>,
}
