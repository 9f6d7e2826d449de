//! The checks that need more than one value, as the raw file becomes a `Config`
//! (`RawScenario::into_config`, `RawPattern::resolve`): each error is a `Blame`, the dotted
//! key to point at and the message; `parse.rs` turns it into a located `ScenarioError`.

use super::raw::{RawLimiterKind, RawPattern, RawScenario};
use super::values::{Duration, NonNeg};
use super::{
    Arrivals, BreakerConfig, Config, Cpu, LimiterKind, Llm, Load, Memory, Nanos, Orchestrator,
    Pattern, RateLimit, Speculation, Tool, Workload,
};
use crate::dist::Dist;

pub(super) type Blame = (String, String);

impl RawPattern {
    fn resolve(self) -> Result<Pattern, Blame> {
        let key = |k: &str| format!("workload.pattern.{k}");
        let given: Vec<&str> = [
            ("rate", self.rate.is_some()),
            ("from", self.from.is_some()),
            ("to", self.to.is_some()),
            ("over", self.over.is_some()),
            ("rates", self.rates.is_some()),
            ("every", self.every.is_some()),
            ("base", self.base.is_some()),
            ("peak", self.peak.is_some()),
            ("at", self.at.is_some()),
            ("for", self.length.is_some()),
            ("on", self.on.is_some()),
            ("off", self.off.is_some()),
            ("cycles", self.cycles.is_some()),
        ]
        .iter()
        .filter(|(_, g)| *g)
        .map(|(n, _)| *n)
        .collect();
        let needs: &[&str] = match self.kind.as_str() {
            "constant" => &["rate"],
            "ramp" => &["from", "to", "over"],
            "step" => &["rates", "every"],
            "spike" => &["base", "peak", "at", "for"],
            "burst" => &["rate", "on", "off", "cycles"],
            other => {
                return Err((
                    key("kind"),
                    format!("unknown pattern `{other}` (constant, ramp, step, spike, burst)"),
                ))
            }
        };
        for n in needs {
            if !given.contains(n) {
                return Err((key(n), format!("a {} pattern needs `{n}`", self.kind)));
            }
        }
        if let Some(extra) = given.iter().find(|g| !needs.contains(g)) {
            return Err((
                key(extra),
                format!("does not belong to a {} pattern", self.kind),
            ));
        }
        let num = |v: Option<NonNeg>| v.map(|v| v.0).unwrap_or(0.0);
        let ns = |v: Option<Duration>| v.map(|v| v.0).unwrap_or(0);
        let positive = |k: &str, v: Nanos| {
            if v == 0 {
                Err((key(k), "must be longer than 0".to_string()))
            } else {
                Ok(v)
            }
        };
        Ok(match self.kind.as_str() {
            "constant" => Pattern::Constant {
                rate: num(self.rate),
            },
            "ramp" => Pattern::Ramp {
                from: num(self.from),
                to: num(self.to),
                over: positive("over", ns(self.over))?,
            },
            "step" => {
                let rates: Vec<f64> = self.rates.unwrap_or_default().iter().map(|r| r.0).collect();
                if rates.is_empty() {
                    return Err((key("rates"), "needs at least one rate".into()));
                }
                Pattern::Step {
                    rates,
                    every: positive("every", ns(self.every))?,
                }
            }
            "spike" => Pattern::Spike {
                base: num(self.base),
                peak: num(self.peak),
                at: ns(self.at),
                length: ns(self.length),
            },
            _ => Pattern::Burst {
                rate: num(self.rate),
                on: positive("on", ns(self.on))?,
                off: ns(self.off),
                cycles: self.cycles.map(|c| c.0).unwrap_or(1),
            },
        })
    }
}

impl RawScenario {
    /// The checks that need more than one value; an error names the key to blame.
    pub(super) fn into_config(self) -> Result<Config, Blame> {
        let blame = |k: &str, m: &str| (k.to_string(), m.to_string());
        let w = self.workload;
        let load = match (w.pattern, w.clients) {
            (Some(_), Some(_)) => {
                return Err(blame(
                    "workload.clients",
                    "a workload is closed (clients) or open (pattern), not both",
                ))
            }
            (Some(p), None) => {
                if w.think.is_some() {
                    return Err(blame(
                        "workload.think",
                        "think time belongs to the closed model (clients), not to a pattern",
                    ));
                }
                let pattern = p.resolve()?;
                if pattern.max_rate() <= 0.0 {
                    return Err(blame(
                        "workload.pattern",
                        "the pattern never has a positive rate, so no request would arrive",
                    ));
                }
                Load::Open {
                    pattern,
                    arrivals: w.arrivals.unwrap_or(Arrivals::Poisson),
                }
            }
            (None, clients) => {
                if w.arrivals.is_some() {
                    return Err(blame(
                        "workload.arrivals",
                        "arrivals belong to the open model (pattern)",
                    ));
                }
                Load::Closed {
                    clients: clients.map(|c| c.0).unwrap_or(1),
                    think: w.think.unwrap_or_default().0,
                }
            }
        };
        let natural_end = match &load {
            Load::Open { pattern, .. } => pattern.natural_end(),
            Load::Closed { .. } => None,
        };
        if w.requests.is_none() && w.duration.is_none() && natural_end.is_none() {
            return Err(blame(
                "workload.requests",
                "the workload needs `requests` or `duration` (or a pattern that ends: ramp, step, \
                 burst)",
            ));
        }
        if w.requests == Some(0) {
            return Err(blame("workload.requests", "must be at least 1"));
        }
        if w.duration.is_some_and(|d| d.0 == 0) {
            return Err(blame("workload.duration", "must be longer than 0"));
        }
        let workload = Workload {
            requests: w.requests,
            duration: w.duration.map(|d| d.0).or(natural_end),
            load,
        };
        let zero = Dist::Constant { value: 0.0 };
        let llm = Llm {
            decision: self
                .llm
                .as_ref()
                .and_then(|l| l.decision)
                .map(|d| d.0)
                .unwrap_or(zero),
            aggregate: self
                .llm
                .as_ref()
                .and_then(|l| l.aggregate)
                .map(|d| d.0)
                .unwrap_or(zero),
        };
        let o = self.orchestrator;
        let tools: Vec<Tool> = self
            .tools
            .into_iter()
            .map(|t| Tool {
                name: t.name,
                calls: t.calls,
                latency: t.latency.0,
                failure_rate: t.failure_rate.0,
                outages: t.outages.iter().map(|o| (o.from.0, o.to.0)).collect(),
            })
            .collect();
        for (i, t) in tools.iter().enumerate() {
            for (from, to) in &t.outages {
                if from >= to {
                    return Err((
                        format!("tools[{i}].outages"),
                        "an outage needs `from` before `to`".into(),
                    ));
                }
            }
        }
        let calls: u64 = tools.iter().map(|t| t.calls as u64).sum();
        if calls > 100_000 {
            return Err(blame("tools", "more than 100,000 calls per request"));
        }
        let max_parallel = match o.max_parallel {
            Some(m) => m.0,
            None => (calls as u32).max(1),
        };
        let orchestrator = Orchestrator {
            mode: o.mode,
            max_parallel,
            max_concurrent_requests: o.max_concurrent_requests,
            timeout: o.timeout.0,
            retries: o.retries,
            backoff: o.backoff.0,
        };
        let rate_limit = match self.rate_limit {
            None => None,
            Some(r) => {
                if r.rate.0 <= 0.0 {
                    return Err(blame("rate_limit.rate", "must be positive"));
                }
                let kind = match r.kind {
                    RawLimiterKind::TokenBucket => {
                        if r.window.is_some() {
                            return Err(blame(
                                "rate_limit.window",
                                "belongs to kind = \"sliding_window\"",
                            ));
                        }
                        LimiterKind::TokenBucket {
                            burst: r.burst.map(|b| b.0).unwrap_or(1),
                        }
                    }
                    RawLimiterKind::SlidingWindow => {
                        if r.burst.is_some() {
                            return Err(blame(
                                "rate_limit.burst",
                                "belongs to kind = \"token_bucket\"",
                            ));
                        }
                        let window = r.window.map(|w| w.0).unwrap_or(1_000_000_000);
                        if window == 0 {
                            return Err(blame("rate_limit.window", "must be longer than 0"));
                        }
                        let limit = libm::round(r.rate.0 * window as f64 / 1e9);
                        if limit < 1.0 {
                            return Err(blame(
                                "rate_limit.window",
                                "rate × window allows less than one permit",
                            ));
                        }
                        LimiterKind::SlidingWindow {
                            window,
                            limit: limit.min(u32::MAX as f64) as u32,
                        }
                    }
                };
                Some(RateLimit {
                    rate: r.rate.0,
                    kind,
                })
            }
        };
        let circuit_breaker = match self.circuit_breaker {
            None => None,
            Some(b) => {
                if b.failure_rate.0 <= 0.0 {
                    return Err(blame("circuit_breaker.failure_rate", "must be above 0"));
                }
                Some(BreakerConfig {
                    window: b.window.0,
                    min_calls: b.min_calls.map(|m| m.0).unwrap_or(b.window.0),
                    failure_rate: b.failure_rate.0,
                    open_for: b.open_for.0,
                    half_open_calls: b.half_open_calls.map(|h| h.0).unwrap_or(1),
                })
            }
        };
        if let Some(total) = self.memory.as_ref().and_then(|m| m.total) {
            if total.0 <= 0.0 {
                return Err(blame("memory.total", "must be above 0"));
            }
        }
        Ok(Config {
            workload,
            llm,
            orchestrator,
            tools,
            rate_limit,
            speculation: self.speculation.map(|s| Speculation {
                hit_rate: s.hit_rate.0,
                overhead: s.overhead.0,
            }),
            circuit_breaker,
            memory: self.memory.map(|m| Memory {
                base: m.base.0,
                per_tool_call: m.per_tool_call.0,
                total: m.total.map(|t| t.0),
            }),
            cpu: self.cpu.map(|c| Cpu {
                cores: c.cores.0,
                per_tool_call: c.per_tool_call.0,
            }),
        })
    }
}
