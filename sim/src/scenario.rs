//! Scenario files (TOML, docs/scenarios.md): parsing and validation.
//!
//! A scenario is read in one pass with serde, `deny_unknown_fields` everywhere, and small
//! value types that check themselves while they are read (a duration string with a unit, a
//! non-negative rate, a probability, a count of at least 1, a distribution with exactly its
//! own parameters). A value that fails its check therefore fails inside the TOML deserializer,
//! which knows where the value is: every [`ScenarioError`] names the file, the line and the
//! dotted key. Checks that need more than one value run afterwards and point at the line of
//! the key they blame.

use std::fmt;

use serde::de::{self, Deserializer, Visitor};
use serde::Deserialize;

use super::dist::Dist;

/// Why a scenario was rejected: the file, the line (1-based) and the key, and the reason.
#[derive(Debug, Clone, PartialEq)]
pub struct ScenarioError {
    pub file: String,
    pub line: Option<usize>,
    pub key: Option<String>,
    pub message: String,
}

impl fmt::Display for ScenarioError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: ", self.file)?;
        if let Some(line) = self.line {
            write!(f, "line {line}: ")?;
        }
        if let Some(key) = &self.key {
            write!(f, "`{key}`: ")?;
        }
        write!(f, "{}", self.message)
    }
}

impl std::error::Error for ScenarioError {}

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

impl Scenario {
    /// Parses and validates a scenario file. `file` names it in errors.
    pub fn parse(file: &str, text: &str) -> Result<Scenario, ScenarioError> {
        let raw: RawScenario = deserialize_located(file, text)?;
        let table: toml::Table = toml::from_str(text).map_err(|e| ScenarioError {
            file: file.to_string(),
            line: None,
            key: None,
            message: e.message().to_string(),
        })?;
        let source = serde_json::to_value(&table).unwrap_or(serde_json::Value::Null);
        let locate = |key: &str| line_of_key(text, key);
        let fail = |key: &str, message: String| ScenarioError {
            file: file.to_string(),
            line: locate(key),
            key: Some(key.to_string()),
            message,
        };
        let name = raw.name.clone();
        if name.trim().is_empty() {
            return Err(fail("name", "must not be empty".into()));
        }
        let description = raw.description.clone();
        let seed = raw.seed;
        let points = match &raw.sweep {
            None => vec![Point {
                benchmark: name.clone(),
                param: None,
                config: raw.into_config().map_err(|(k, m)| fail(&k, m))?,
            }],
            Some(sweep) => {
                // The base scenario must be valid on its own, too.
                raw.clone().into_config().map_err(|(k, m)| fail(&k, m))?;
                let leaf = sweep.param.rsplit('.').next().unwrap_or("").to_string();
                if sweep.values.is_empty() {
                    return Err(fail("sweep.values", "needs at least one value".into()));
                }
                let mut points = Vec::new();
                for (i, value) in sweep.values.iter().enumerate() {
                    let key = format!("sweep.values[{i}]");
                    let mut point_table = table.clone();
                    point_table.remove("sweep");
                    set_path(&mut point_table, &sweep.param, value)
                        .map_err(|m| fail("sweep.param", m))?;
                    // Written out and read back as text, not deserialised from the table: the
                    // same deserialiser as the file's, so the dashboard carries one copy of it.
                    let point: RawScenario = toml::to_string(&point_table)
                        .map_err(|e| e.to_string())
                        .and_then(|text| {
                            toml::from_str(&text)
                                .map_err(|e: toml::de::Error| e.message().trim().to_string())
                        })
                        .map_err(|message| {
                            let mut e2 = fail("sweep.values", String::new());
                            e2.key = Some(key.clone());
                            e2.message = format!("with {} = {}: {message}", sweep.param, value);
                            e2
                        })?;
                    let config = point.into_config().map_err(|(k, m)| {
                        let mut e2 = fail("sweep.values", String::new());
                        e2.key = Some(key.clone());
                        e2.message = format!("with {} = {value}: `{k}` {m}", sweep.param);
                        e2
                    })?;
                    let shown = match value {
                        toml::Value::String(s) => s.clone(),
                        other => other.to_string(),
                    };
                    points.push(Point {
                        benchmark: format!("{name}/{leaf}={shown}"),
                        param: Some((leaf.clone(), shown)),
                        config,
                    });
                }
                points
            }
        };
        Ok(Scenario {
            name,
            description,
            seed,
            points,
            source,
        })
    }
}

// ---------------------------------------------------------------------------------------------
// Locating errors.

fn deserialize_located<T: serde::de::DeserializeOwned>(
    file: &str,
    text: &str,
) -> Result<T, ScenarioError> {
    let de = toml::de::Deserializer::parse(text).map_err(|e| ScenarioError {
        file: file.to_string(),
        line: e.span().map(|s| line_at(text, s.start)),
        key: None,
        message: format!("not valid TOML: {}", e.message().trim()),
    })?;
    T::deserialize(de).map_err(|err| {
        // The key from the error's span, looked up in the document (crate::toml_path): an
        // unknown key's span is the key itself, so it is named, not just its table.
        let key = err
            .span()
            .and_then(|span| benchdash_core::toml_path::key_at(text, span))
            .unwrap_or_default();
        let line = err
            .span()
            .map(|s| line_at(text, s.start))
            .or_else(|| line_of_key(text, &key));
        ScenarioError {
            file: file.to_string(),
            line,
            key: (!key.is_empty()).then_some(key),
            message: err.message().trim().to_string(),
        }
    })
}

fn line_at(text: &str, offset: usize) -> usize {
    text[..offset.min(text.len())]
        .bytes()
        .filter(|&b| b == b'\n')
        .count()
        + 1
}

/// The line of a dotted key (`orchestrator.max_parallel`, `tools[1].calls`) in the text, by a
/// plain scan of table headers and `key =` lines; the table's header line when the key itself
/// is absent (a default was used), and `None` if neither is found.
fn line_of_key(text: &str, key: &str) -> Option<usize> {
    let segments: Vec<(String, Option<usize>)> = key
        .split('.')
        .map(|s| match s.find('[') {
            Some(i) => (
                s[..i].to_string(),
                s[i + 1..].trim_end_matches(']').parse().ok(),
            ),
            None => (s.to_string(), None),
        })
        .collect();
    let (leaf, _) = segments.last()?.clone();
    let table: Vec<&(String, Option<usize>)> = segments[..segments.len() - 1].iter().collect();
    let table_name: String = table
        .iter()
        .map(|(n, _)| n.as_str())
        .collect::<Vec<_>>()
        .join(".");
    let index = table.last().and_then(|(_, i)| *i).unwrap_or(0);
    let mut current = String::new();
    let mut seen = 0usize;
    let mut header_line = None;
    for (n, raw_line) in text.lines().enumerate() {
        let line = raw_line.trim();
        if let Some(h) = line.strip_prefix("[[") {
            current = h.split("]]").next().unwrap_or("").trim().to_string();
            if current == table_name {
                seen += 1;
                if seen == index + 1 {
                    header_line = Some(n + 1);
                }
            }
            continue;
        }
        if let Some(h) = line.strip_prefix('[') {
            current = h.split(']').next().unwrap_or("").trim().to_string();
            if current == table_name {
                header_line = Some(n + 1);
            }
            continue;
        }
        let in_table = current == table_name && (seen == 0 || seen == index + 1);
        let name_here = line.split('=').next().unwrap_or("").trim();
        if in_table && name_here == leaf {
            return Some(n + 1);
        }
        // An inline table: `pattern = { kind = ..., rate = -5 }`.
        if table_name.ends_with(name_here)
            && !name_here.is_empty()
            && line.contains('{')
            && line.contains(&format!("{leaf} "))
        {
            return Some(n + 1);
        }
    }
    header_line
}

/// Sets a dotted path in a TOML table; a path through an array of tables sets every element.
fn set_path(table: &mut toml::Table, path: &str, value: &toml::Value) -> Result<(), String> {
    let (head, rest) = match path.split_once('.') {
        Some((h, r)) => (h, Some(r)),
        None => (path, None),
    };
    match rest {
        None => {
            table.insert(head.to_string(), value.clone());
            Ok(())
        }
        Some(rest) => {
            let entry = table
                .entry(head.to_string())
                .or_insert_with(|| toml::Value::Table(toml::Table::new()));
            match entry {
                toml::Value::Table(t) => set_path(t, rest, value),
                toml::Value::Array(items) => {
                    for item in items {
                        match item {
                            toml::Value::Table(t) => set_path(t, rest, value)?,
                            _ => return Err(format!("`{head}` is not a table")),
                        }
                    }
                    Ok(())
                }
                _ => Err(format!("`{head}` is not a table")),
            }
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Self-checking values.

/// A duration string with a unit: `ns us ms s m h` (`"156ms"`, `"1.5s"`, `"30m"`).
#[derive(Debug, Clone, Copy, PartialEq, Default)]
struct Duration(Nanos);

/// Parses a duration string into nanoseconds (rounded to the nearest nanosecond).
pub fn parse_duration(text: &str) -> Result<Nanos, String> {
    let t = text.trim();
    let split = t
        .find(|c: char| c.is_ascii_alphabetic())
        .ok_or_else(|| format!("`{text}` has no unit (use ns, us, ms, s, m or h)"))?;
    let (number, unit) = t.split_at(split);
    let scale = match unit.trim() {
        "ns" => 1.0,
        "us" | "µs" => 1e3,
        "ms" => 1e6,
        "s" => 1e9,
        "m" | "min" => 60e9,
        "h" => 3600e9,
        other => {
            return Err(format!(
                "`{other}` is not a unit of time (ns, us, ms, s, m, h)"
            ))
        }
    };
    let value: f64 = number
        .trim()
        .parse()
        .map_err(|_| format!("`{text}` is not a duration like \"150ms\""))?;
    if !value.is_finite() || value < 0.0 {
        return Err(format!("`{text}`: a duration must not be negative"));
    }
    let ns = libm::round(value * scale);
    if ns > 1e18 {
        return Err(format!("`{text}` is too long"));
    }
    Ok(ns as Nanos)
}

impl<'de> Deserialize<'de> for Duration {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = Duration;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a duration string with a unit, like \"150ms\"")
            }
            fn visit_str<E: de::Error>(self, s: &str) -> Result<Duration, E> {
                parse_duration(s).map(Duration).map_err(E::custom)
            }
        }
        d.deserialize_any(V)
    }
}

/// A number ≥ 0 (integer or float).
#[derive(Debug, Clone, Copy, PartialEq, Default)]
struct NonNeg(f64);

impl<'de> Deserialize<'de> for NonNeg {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = NonNeg;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a non-negative number")
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<NonNeg, E> {
                self.visit_f64(v as f64)
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<NonNeg, E> {
                self.visit_f64(v as f64)
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<NonNeg, E> {
                if v.is_finite() && v >= 0.0 {
                    Ok(NonNeg(v))
                } else {
                    Err(E::custom(format!("must not be negative (got {v})")))
                }
            }
        }
        d.deserialize_any(V)
    }
}

/// A probability in [0, 1].
#[derive(Debug, Clone, Copy, PartialEq, Default)]
struct Prob(f64);

impl<'de> Deserialize<'de> for Prob {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let NonNeg(v) = NonNeg::deserialize(d)?;
        if v > 1.0 {
            return Err(de::Error::custom(format!(
                "must be between 0 and 1 (got {v})"
            )));
        }
        Ok(Prob(v))
    }
}

/// An integer ≥ 1.
#[derive(Debug, Clone, Copy, PartialEq)]
struct AtLeastOne(u32);

impl<'de> Deserialize<'de> for AtLeastOne {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = AtLeastOne;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("an integer of at least 1")
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<AtLeastOne, E> {
                if v < 1 {
                    Err(E::custom(format!("must be at least 1 (got {v})")))
                } else {
                    self.visit_u64(v as u64)
                }
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<AtLeastOne, E> {
                if v < 1 {
                    return Err(E::custom(format!("must be at least 1 (got {v})")));
                }
                u32::try_from(v)
                    .map(AtLeastOne)
                    .map_err(|_| E::custom(format!("{v} is too large")))
            }
        }
        d.deserialize_any(V)
    }
}

/// A size string: `"45MB"`, `"6.8MB"`, `"1GB"`, `"512KiB"`; kept in MB (10^6 bytes).
#[derive(Debug, Clone, Copy, PartialEq)]
struct SizeMb(f64);

impl<'de> Deserialize<'de> for SizeMb {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        let t = s.trim();
        let split = t
            .find(|c: char| c.is_ascii_alphabetic())
            .ok_or_else(|| de::Error::custom(format!("`{s}` has no unit (use B, KB, MB, GB)")))?;
        let (number, unit) = t.split_at(split);
        let scale = match unit {
            "B" => 1e-6,
            "KB" => 1e-3,
            "MB" => 1.0,
            "GB" => 1e3,
            "KiB" => 1024.0 / 1e6,
            "MiB" => 1_048_576.0 / 1e6,
            "GiB" => 1_073_741_824.0 / 1e6,
            other => {
                return Err(de::Error::custom(format!(
                    "`{other}` is not a unit of size (B, KB, MB, GB, KiB, MiB, GiB)"
                )))
            }
        };
        let v: f64 = number
            .trim()
            .parse()
            .map_err(|_| de::Error::custom(format!("`{s}` is not a size like \"45MB\"")))?;
        if !v.is_finite() || v < 0.0 {
            return Err(de::Error::custom(format!("`{s}`: must not be negative")));
        }
        Ok(SizeMb(v * scale))
    }
}

/// A distribution table: `{ dist = "normal", mean = "156ms", sd = "12ms" }`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawDist {
    dist: String,
    value: Option<Duration>,
    mean: Option<Duration>,
    sd: Option<Duration>,
    sigma: Option<NonNeg>,
    min: Option<Duration>,
    max: Option<Duration>,
}

#[derive(Debug, Clone, Copy, PartialEq)]
struct DistSpec(Dist);

impl TryFrom<RawDist> for DistSpec {
    type Error = String;
    fn try_from(r: RawDist) -> Result<DistSpec, String> {
        let given: Vec<&str> = [
            ("value", r.value.is_some()),
            ("mean", r.mean.is_some()),
            ("sd", r.sd.is_some()),
            ("sigma", r.sigma.is_some()),
            ("min", r.min.is_some()),
            ("max", r.max.is_some()),
        ]
        .iter()
        .filter(|(_, g)| *g)
        .map(|(n, _)| *n)
        .collect();
        let needs: &[&str] = match r.dist.as_str() {
            "constant" => &["value"],
            "normal" => &["mean", "sd"],
            "lognormal" => &["mean", "sigma"],
            "exponential" => &["mean"],
            "uniform" => &["min", "max"],
            other => {
                return Err(format!(
                    "unknown distribution `{other}` (constant, normal, lognormal, exponential, \
                     uniform)"
                ))
            }
        };
        for n in needs {
            if !given.contains(n) {
                return Err(format!("a {} distribution needs `{n}`", r.dist));
            }
        }
        if let Some(extra) = given.iter().find(|g| !needs.contains(g)) {
            return Err(format!(
                "a {} distribution takes {}, not `{extra}`",
                r.dist,
                needs
                    .iter()
                    .map(|n| format!("`{n}`"))
                    .collect::<Vec<_>>()
                    .join(" and ")
            ));
        }
        let ns = |d: Option<Duration>| d.map(|d| d.0 as f64).unwrap_or(0.0);
        let dist = match r.dist.as_str() {
            "constant" => Dist::Constant { value: ns(r.value) },
            "normal" => Dist::Normal {
                mean: ns(r.mean),
                sd: ns(r.sd),
            },
            "lognormal" => {
                if ns(r.mean) <= 0.0 {
                    return Err("a lognormal distribution needs a positive mean".into());
                }
                let sigma = r.sigma.map(|s| s.0).unwrap_or(0.0);
                if sigma > 5.0 {
                    return Err(format!("sigma = {sigma} is implausibly large (at most 5)"));
                }
                Dist::lognormal(ns(r.mean), sigma)
            }
            "exponential" => {
                if ns(r.mean) <= 0.0 {
                    return Err("an exponential distribution needs a positive mean".into());
                }
                Dist::Exponential { mean: ns(r.mean) }
            }
            _ => {
                let (min, max) = (ns(r.min), ns(r.max));
                if min > max {
                    return Err(format!(
                        "impossible uniform distribution: min ({}) is above max ({})",
                        fmt_ns(min),
                        fmt_ns(max)
                    ));
                }
                Dist::Uniform { min, max }
            }
        };
        Ok(DistSpec(dist))
    }
}

impl<'de> Deserialize<'de> for DistSpec {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let raw = RawDist::deserialize(d)?;
        DistSpec::try_from(raw).map_err(de::Error::custom)
    }
}

fn fmt_ns(ns: f64) -> String {
    format!("{}ms", ns / 1e6)
}

// ---------------------------------------------------------------------------------------------
// The file's shape.

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawScenario {
    name: String,
    #[serde(default)]
    description: String,
    #[serde(default = "default_seed")]
    seed: u64,
    workload: RawWorkload,
    llm: Option<RawLlm>,
    #[serde(default)]
    orchestrator: RawOrchestrator,
    #[serde(default)]
    tools: Vec<RawTool>,
    rate_limit: Option<RawRateLimit>,
    speculation: Option<RawSpeculation>,
    circuit_breaker: Option<RawBreaker>,
    memory: Option<RawMemory>,
    sweep: Option<RawSweep>,
}

fn default_seed() -> u64 {
    42
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawWorkload {
    requests: Option<u64>,
    duration: Option<Duration>,
    clients: Option<AtLeastOne>,
    think: Option<Duration>,
    pattern: Option<RawPattern>,
    arrivals: Option<Arrivals>,
}

/// A rate pattern, read flat (every key optional) so that each value's errors carry its own
/// path; which keys a kind needs is checked in [`RawPattern::resolve`].
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPattern {
    kind: String,
    rate: Option<NonNeg>,
    from: Option<NonNeg>,
    to: Option<NonNeg>,
    over: Option<Duration>,
    rates: Option<Vec<NonNeg>>,
    every: Option<Duration>,
    base: Option<NonNeg>,
    peak: Option<NonNeg>,
    at: Option<Duration>,
    #[serde(rename = "for")]
    length: Option<Duration>,
    on: Option<Duration>,
    off: Option<Duration>,
    cycles: Option<AtLeastOne>,
}

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

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawLlm {
    decision: Option<DistSpec>,
    aggregate: Option<DistSpec>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawOrchestrator {
    #[serde(default = "default_mode")]
    mode: Mode,
    max_parallel: Option<AtLeastOne>,
    #[serde(default)]
    max_concurrent_requests: u32,
    #[serde(default)]
    timeout: Duration,
    #[serde(default)]
    retries: u32,
    #[serde(default)]
    backoff: Duration,
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
struct RawTool {
    name: String,
    #[serde(default = "one")]
    calls: u32,
    latency: DistSpec,
    #[serde(default)]
    failure_rate: Prob,
    #[serde(default)]
    outages: Vec<RawOutage>,
}

fn one() -> u32 {
    1
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawOutage {
    from: Duration,
    to: Duration,
}

#[derive(Debug, Clone, Copy, Deserialize)]
#[serde(rename_all = "snake_case")]
enum RawLimiterKind {
    TokenBucket,
    SlidingWindow,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRateLimit {
    kind: RawLimiterKind,
    rate: NonNeg,
    burst: Option<AtLeastOne>,
    window: Option<Duration>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSpeculation {
    hit_rate: Prob,
    #[serde(default)]
    overhead: Duration,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawBreaker {
    window: AtLeastOne,
    min_calls: Option<AtLeastOne>,
    failure_rate: Prob,
    open_for: Duration,
    half_open_calls: Option<AtLeastOne>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawMemory {
    base: SizeMb,
    per_tool_call: SizeMb,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSweep {
    param: String,
    values: Vec<toml::Value>,
}

type Blame = (String, String);

impl RawScenario {
    /// The checks that need more than one value; an error names the key to blame.
    fn into_config(self) -> Result<Config, Blame> {
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
            }),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const GOOD: &str = r#"
name = "t"
seed = 1
[workload]
requests = 10
[llm]
decision = { dist = "constant", value = "156ms" }
[orchestrator]
max_parallel = 3
[[tools]]
name = "a"
calls = 5
latency = { dist = "lognormal", mean = "298ms", sigma = 0.06 }
"#;

    #[test]
    fn durations_parse_with_units() {
        assert_eq!(parse_duration("156ms"), Ok(156_000_000));
        assert_eq!(parse_duration("1.5s"), Ok(1_500_000_000));
        assert_eq!(parse_duration("30m"), Ok(1_800_000_000_000));
        assert_eq!(parse_duration("0ms"), Ok(0));
        assert!(parse_duration("15").is_err());
        assert!(parse_duration("-1s").is_err());
        assert!(parse_duration("3 parsecs").is_err());
    }

    #[test]
    fn a_good_scenario_parses() {
        let s = Scenario::parse("t.toml", GOOD).unwrap();
        assert_eq!(s.points.len(), 1);
        let c = &s.points[0].config;
        assert_eq!(c.orchestrator.max_parallel, 3);
        assert_eq!(c.calls_per_request(), 5);
        assert_eq!(c.llm.aggregate, Dist::Constant { value: 0.0 });
    }

    #[test]
    fn the_line_of_a_key_is_found() {
        assert_eq!(line_of_key(GOOD, "orchestrator.max_parallel"), Some(9));
        assert_eq!(line_of_key(GOOD, "tools[0].calls"), Some(12));
        assert_eq!(line_of_key(GOOD, "workload.requests"), Some(5));
    }
}

#[cfg(test)]
mod key_tests {
    use super::*;

    /// Every kind of breakage of every preset names the key serde_path_to_error names.
    #[test]
    fn broken_presets_name_the_key_tracking_would() {
        let mut compared = 0;
        for preset in crate::presets::PRESETS {
            let doc: toml::Table = toml::from_str(preset.text).unwrap();
            compared += benchdash_core::testing::toml_keys::check_key_at_against_tracking::<
                RawScenario,
            >(&doc);
        }
        assert!(compared > 300, "only {compared} broken scenarios compared");
    }
}
