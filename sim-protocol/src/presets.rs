//! The presets: the seeds' scenarios as scenario files shipped in `presets/` at the
//! repository root and embedded in every build (native and wasm). Together they are the
//! default suite of `benchdash simulate`. Parsing them is `benchdash_sim::presets`'s.

/// A preset: its name, the one-line summary and the TOML text of its file.
#[derive(Debug, Clone, Copy)]
pub struct Preset {
    pub name: &'static str,
    pub summary: &'static str,
    pub text: &'static str,
}

macro_rules! preset {
    ($name:literal, $summary:literal) => {
        Preset {
            name: $name,
            summary: $summary,
            text: include_str!(concat!("../../presets/", $name, ".toml")),
        }
    };
}

/// Every preset, in the spec's order.
pub const PRESETS: &[Preset] = &[
    preset!(
        "single-tool",
        "seed 000: one web search, decision + tool + result (487 ms)"
    ),
    preset!(
        "sequential-5",
        "seed 000: 5 web searches one after another (2340 ms)"
    ),
    preset!(
        "parallel-5",
        "seed 000: 5 web searches in parallel (487 ms, 4.8x)"
    ),
    preset!(
        "parallel-20",
        "seed 000: 20 parallel API calls, 10 at a time (892 ms, 6.4x)"
    ),
    preset!(
        "token-bucket-100",
        "seed 000: 1000 requests, 100/s token bucket (99.8 req/s, queue p95 3)"
    ),
    preset!(
        "sliding-window-500",
        "seed 000: 60 s at a 500/s sliding window (499.2 req/s, 99.84 %)"
    ),
    preset!(
        "speculation",
        "seed 000: speculative calls, 73.2 % hits, 15 ms overhead (2.3x on a hit)"
    ),
    preset!(
        "memory-parallel",
        "seed 000: 1, 10, 50, 100 parallel tools (45 MB + 6.8 MB a tool)"
    ),
    preset!(
        "agents-parallel",
        "seed 001: 1, 5, 10, 20 agents, sequential vs parallel (4x at 10)"
    ),
    preset!(
        "workers",
        "seed 001: 10 agents on 1, 2, 4, 8, auto workers (1.0x to 8.0x)"
    ),
    preset!(
        "error-recovery",
        "seed 001: 10 % call failures with 0 to 3 retries"
    ),
    preset!(
        "load-constant",
        "seed 002: constant load (p95 < 500 ms, errors < 1 %)"
    ),
    preset!(
        "load-ramp-up",
        "seed 002: ramp-up load (p95 < 500 ms, errors < 1 %)"
    ),
    preset!(
        "load-spike",
        "seed 002: spike load (p95 < 500 ms, errors < 1 %)"
    ),
    preset!(
        "load-step",
        "seed 002: step load (p95 < 500 ms, errors < 1 %)"
    ),
    preset!("burst", "seed 000: 10 s at 500 req/s, 10 s idle, 30 cycles"),
    preset!(
        "stress",
        "seed 000: ramp 10 to 2000 req/s, breaking point (~1200 req/s)"
    ),
    preset!(
        "circuit-breaker",
        "seed 003: a tool outage; the breaker opens, fails fast, recovers"
    ),
    preset!(
        "concurrent-users",
        "seed 003: 10, 50, 100, 200 concurrent users (243 to 4166 req/s)"
    ),
];

/// A preset by name.
pub fn find(name: &str) -> Option<&'static Preset> {
    PRESETS.iter().find(|p| p.name == name)
}
