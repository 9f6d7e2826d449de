//! The thresholds file (docs/thresholds.md): the regression policy with per-benchmark
//! overrides, and absolute limits. Parsed from TOML; every error names the file, the line and
//! the key (`regression.warn`, `limit[2].fail`).

use std::fmt;

use serde::{Deserialize, Serialize};
use toml::Spanned;

use crate::stats::{bootstrap, Stat};
use crate::units::{Quantity, Unit};

/// Which test decides whether a change with samples is real.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Test {
    Welch,
    MannWhitney,
}

/// Where the interval of a change comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum IntervalMethod {
    /// A closed form where the stat has one (Fieller's interval for the mean, which inverts
    /// Welch's test), the seeded bootstrap for the other stats. The default.
    ClosedForm,
    /// The seeded percentile bootstrap for every stat.
    Bootstrap,
}

impl IntervalMethod {
    pub fn as_str(self) -> &'static str {
        match self {
            IntervalMethod::ClosedForm => "closed-form",
            IntervalMethod::Bootstrap => "bootstrap",
        }
    }
}

/// The regression policy for one benchmark and metric. Fractions are plain ratios (5 % = 0.05).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Policy {
    /// |change| at or inside this is noise, never a regression. Default 1 %.
    pub noise: f64,
    /// A regression beyond this warns. Default 5 %.
    pub warn: f64,
    /// A regression beyond this fails. Default 10 %.
    pub fail: f64,
    /// The p-value below which a change with samples counts as real. Default 0.05.
    pub significance: f64,
    /// The confidence level of the interval of the change. Default 0.95.
    pub confidence: f64,
    /// The stat compared. Default `mean`.
    pub stat: Stat,
    /// Welch (default) or Mann-Whitney.
    pub test: Test,
    /// Where the interval of the change comes from. Default: the closed form.
    pub interval: IntervalMethod,
    /// Bootstrap resamples. Default 2,000.
    pub resamples: usize,
    /// Bootstrap seed (each row mixes in its benchmark and metric names).
    pub seed: u64,
    /// How many of the newest earlier runs a history-aware verdict reads. Default 30.
    pub history_window: usize,
    /// Below this many earlier runs with the metric, the verdict ignores the history.
    /// Default 5.
    pub history_min: usize,
}

impl Default for Policy {
    fn default() -> Policy {
        Policy {
            noise: 0.01,
            warn: 0.05,
            fail: 0.10,
            significance: 0.05,
            confidence: 0.95,
            stat: Stat::Mean,
            test: Test::Welch,
            interval: IntervalMethod::ClosedForm,
            resamples: bootstrap::DEFAULT_RESAMPLES,
            seed: bootstrap::DEFAULT_SEED,
            history_window: 30,
            history_min: 5,
        }
    }
}

/// A `[[regression.override]]`: a glob over benchmark names (and optionally metric names) and
/// the policy keys it changes. Later overrides win.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Override {
    pub benchmark: String,
    pub metric: String,
    pub noise: Option<f64>,
    pub warn: Option<f64>,
    pub fail: Option<f64>,
    pub significance: Option<f64>,
    pub confidence: Option<f64>,
    pub stat: Option<Stat>,
    pub test: Option<Test>,
}

/// A comparison operator of a limit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Op {
    Lt,
    Le,
    Gt,
    Ge,
    Eq,
    Ne,
}

impl Op {
    pub fn as_str(self) -> &'static str {
        match self {
            Op::Lt => "<",
            Op::Le => "<=",
            Op::Gt => ">",
            Op::Ge => ">=",
            Op::Eq => "==",
            Op::Ne => "!=",
        }
    }

    pub fn holds(self, value: f64, bound: f64) -> bool {
        match self {
            Op::Lt => value < bound,
            Op::Le => value <= bound,
            Op::Gt => value > bound,
            Op::Ge => value >= bound,
            Op::Eq => value == bound,
            Op::Ne => value != bound,
        }
    }
}

/// One side of a limit: `"> 650ms"`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Condition {
    pub op: Op,
    #[serde(skip)]
    pub quantity: Quantity,
    /// As written, for messages.
    pub text: String,
}

impl Condition {
    pub fn parse(text: &str) -> Result<Condition, String> {
        let t = text.trim();
        let (op, rest) = [
            ("<=", Op::Le),
            (">=", Op::Ge),
            ("==", Op::Eq),
            ("!=", Op::Ne),
            ("<", Op::Lt),
            (">", Op::Gt),
        ]
        .iter()
        .find_map(|(sym, op)| t.strip_prefix(sym).map(|rest| (*op, rest)))
        .ok_or_else(|| {
            format!("`{text}` must start with an operator (< <= > >= == !=), like \"> 650ms\"")
        })?;
        let quantity = Quantity::parse(rest).map_err(|e| e.to_string())?;
        Ok(Condition {
            op,
            quantity,
            text: t.to_string(),
        })
    }

    /// The bound in `unit`.
    pub fn bound_in(&self, unit: &Unit) -> Result<f64, crate::units::UnitError> {
        self.quantity.value_in(unit)
    }
}

/// One side of a limit, resolved for a chart: where its line goes and what it says.
#[derive(Debug, Clone, PartialEq)]
pub struct Bound {
    /// `warn` or `fail`.
    pub level: &'static str,
    /// The bound in the series' unit.
    pub value: f64,
    /// `fail > 650ms`.
    pub label: String,
}

/// A `[[limit]]`: an absolute bound on a stat of the metrics it matches.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Limit {
    /// 1-based position among the `[[limit]]` tables, for messages.
    pub index: usize,
    /// The line of its `[[limit]]` header.
    pub line: usize,
    pub benchmark: String,
    pub metric: String,
    pub stat: Stat,
    pub warn: Option<Condition>,
    pub fail: Option<Condition>,
}

impl Limit {
    /// How the rule is named in messages: `limit[2] (benchmark "single-tool", metric "latency")`.
    pub fn describe(&self) -> String {
        format!(
            "limit[{}] (line {}: benchmark \"{}\", metric \"{}\")",
            self.index, self.line, self.benchmark, self.metric
        )
    }
}

/// A whole thresholds file.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct Thresholds {
    pub regression: Policy,
    pub overrides: Vec<Override>,
    pub limits: Vec<Limit>,
}

/// Why a thresholds file could not be used.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub struct ThresholdError {
    pub file: String,
    /// 1-based, when known.
    pub line: Option<usize>,
    /// The key's path, like `regression.warn` or `limit[2].fail`; empty when unknown.
    pub key: String,
    pub message: String,
}

impl fmt::Display for ThresholdError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file)?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
        }
        if !self.key.is_empty() {
            write!(f, ": `{}`", self.key)?;
        }
        write!(f, ": {}", self.message)
    }
}

// ---- the TOML shape ----------------------------------------------------------------------

#[derive(Debug, Deserialize)]
#[serde(untagged)]
enum Number {
    Float(f64),
    Int(i64),
    Text(String),
}

#[derive(Debug, Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawFile {
    #[serde(default)]
    regression: Option<RawRegression>,
    #[serde(default)]
    limit: Vec<Spanned<RawLimit>>,
}

#[derive(Debug, Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawRegression {
    noise: Option<Spanned<Number>>,
    warn: Option<Spanned<Number>>,
    fail: Option<Spanned<Number>>,
    significance: Option<Spanned<f64>>,
    confidence: Option<Spanned<f64>>,
    stat: Option<Spanned<String>>,
    test: Option<Spanned<String>>,
    interval: Option<Spanned<String>>,
    resamples: Option<Spanned<i64>>,
    seed: Option<Spanned<i64>>,
    history_window: Option<Spanned<i64>>,
    history_min: Option<Spanned<i64>>,
    #[serde(default, rename = "override")]
    overrides: Vec<Spanned<RawOverride>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawOverride {
    benchmark: Option<Spanned<String>>,
    metric: Option<Spanned<String>>,
    noise: Option<Spanned<Number>>,
    warn: Option<Spanned<Number>>,
    fail: Option<Spanned<Number>>,
    significance: Option<Spanned<f64>>,
    confidence: Option<Spanned<f64>>,
    stat: Option<Spanned<String>>,
    test: Option<Spanned<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawLimit {
    benchmark: Option<Spanned<String>>,
    metric: Option<Spanned<String>>,
    stat: Option<Spanned<String>>,
    warn: Option<Spanned<String>>,
    fail: Option<Spanned<String>>,
}

struct Ctx<'a> {
    file: &'a str,
    text: &'a str,
}

impl Ctx<'_> {
    fn line_of(&self, offset: usize) -> usize {
        let offset = offset.min(self.text.len());
        self.text[..offset].bytes().filter(|&b| b == b'\n').count() + 1
    }

    fn err(&self, offset: Option<usize>, key: &str, message: impl Into<String>) -> ThresholdError {
        ThresholdError {
            file: self.file.to_string(),
            line: offset.map(|o| self.line_of(o)),
            key: key.to_string(),
            message: message.into(),
        }
    }

    fn at<T>(&self, s: &Spanned<T>, key: &str, message: impl Into<String>) -> ThresholdError {
        self.err(Some(s.span().start), key, message)
    }
}

impl Thresholds {
    /// Parses a thresholds file. `file` names it in errors.
    pub fn parse(file: &str, text: &str) -> Result<Thresholds, ThresholdError> {
        let ctx = Ctx { file, text };
        let raw: RawFile = toml::from_str(text).map_err(|e| {
            let offset = e.span().map(|s| s.start);
            let key = e
                .span()
                .and_then(|span| crate::toml_path::key_at_numbered(text, span, 1))
                .unwrap_or_default();
            ctx.err(offset, &key, e.message().trim().to_string())
        })?;
        let mut out = Thresholds::default();
        if let Some(r) = raw.regression {
            let p = &mut out.regression;
            if let Some(v) = &r.noise {
                p.noise = fraction(&ctx, v, "regression.noise")?;
            }
            if let Some(v) = &r.warn {
                p.warn = fraction(&ctx, v, "regression.warn")?;
            }
            if let Some(v) = &r.fail {
                p.fail = fraction(&ctx, v, "regression.fail")?;
            }
            if let Some(v) = &r.significance {
                p.significance = probability(&ctx, v, "regression.significance")?;
            }
            if let Some(v) = &r.confidence {
                p.confidence = probability(&ctx, v, "regression.confidence")?;
            }
            if let Some(v) = &r.stat {
                p.stat = stat(&ctx, v, "regression.stat")?;
            }
            if let Some(v) = &r.test {
                p.test = test(&ctx, v, "regression.test")?;
            }
            if let Some(v) = &r.interval {
                p.interval = interval(&ctx, v, "regression.interval")?;
            }
            if let Some(v) = &r.resamples {
                p.resamples = count(&ctx, v, "regression.resamples", 1..=1_000_000)?;
            }
            if let Some(v) = &r.seed {
                p.seed = *v.get_ref() as u64;
            }
            if let Some(v) = &r.history_window {
                p.history_window = count(&ctx, v, "regression.history_window", 2..=10_000)?;
            }
            if let Some(v) = &r.history_min {
                p.history_min = count(&ctx, v, "regression.history_min", 2..=10_000)?;
            }
            if p.history_min > p.history_window {
                let at = r.history_min.as_ref().map(|s| s.span().start);
                return Err(ctx.err(
                    at,
                    "regression.history_min",
                    format!(
                        "history_min ({}) is larger than history_window ({})",
                        p.history_min, p.history_window
                    ),
                ));
            }
            if p.warn > p.fail {
                let at = r.warn.as_ref().map(|s| s.span().start);
                return Err(ctx.err(
                    at,
                    "regression.warn",
                    format!(
                        "warn ({}) is larger than fail ({})",
                        percent(p.warn),
                        percent(p.fail)
                    ),
                ));
            }
            for (i, o) in r.overrides.iter().enumerate() {
                let k = |name: &str| format!("regression.override[{}].{name}", i + 1);
                let raw = o.get_ref();
                let opt_fraction = |v: &Option<Spanned<Number>>, name: &str| {
                    v.as_ref().map(|v| fraction(&ctx, v, &k(name))).transpose()
                };
                let opt_prob = |v: &Option<Spanned<f64>>, name: &str| {
                    v.as_ref()
                        .map(|v| probability(&ctx, v, &k(name)))
                        .transpose()
                };
                out.overrides.push(Override {
                    benchmark: pattern(&ctx, &raw.benchmark, &k("benchmark"))?,
                    metric: pattern(&ctx, &raw.metric, &k("metric"))?,
                    noise: opt_fraction(&raw.noise, "noise")?,
                    warn: opt_fraction(&raw.warn, "warn")?,
                    fail: opt_fraction(&raw.fail, "fail")?,
                    significance: opt_prob(&raw.significance, "significance")?,
                    confidence: opt_prob(&raw.confidence, "confidence")?,
                    stat: raw
                        .stat
                        .as_ref()
                        .map(|v| stat(&ctx, v, &k("stat")))
                        .transpose()?,
                    test: raw
                        .test
                        .as_ref()
                        .map(|v| test(&ctx, v, &k("test")))
                        .transpose()?,
                });
            }
        }
        for (i, l) in raw.limit.iter().enumerate() {
            let k = |name: &str| format!("limit[{}].{name}", i + 1);
            let raw = l.get_ref();
            let cond = |v: &Option<Spanned<String>>, name: &str| {
                v.as_ref()
                    .map(|v| Condition::parse(v.get_ref()).map_err(|m| ctx.at(v, &k(name), m)))
                    .transpose()
            };
            let limit = Limit {
                index: i + 1,
                line: ctx.line_of(l.span().start),
                benchmark: pattern(&ctx, &raw.benchmark, &k("benchmark"))?,
                metric: pattern(&ctx, &raw.metric, &k("metric"))?,
                stat: raw
                    .stat
                    .as_ref()
                    .map(|v| stat(&ctx, v, &k("stat")))
                    .transpose()?
                    .unwrap_or(Stat::Mean),
                warn: cond(&raw.warn, "warn")?,
                fail: cond(&raw.fail, "fail")?,
            };
            if limit.warn.is_none() && limit.fail.is_none() {
                return Err(ctx.at(
                    l,
                    &format!("limit[{}]", i + 1),
                    "a limit needs `warn`, `fail` or both",
                ));
            }
            out.limits.push(limit);
        }
        Ok(out)
    }

    /// The policy for one benchmark and metric: the defaults, then each matching override in
    /// file order (later ones win).
    pub fn policy_for(&self, benchmark: &str, metric: &str) -> Policy {
        let mut p = self.regression.clone();
        for o in &self.overrides {
            if glob_match(&o.benchmark, benchmark) && glob_match(&o.metric, metric) {
                p.noise = o.noise.unwrap_or(p.noise);
                p.warn = o.warn.unwrap_or(p.warn);
                p.fail = o.fail.unwrap_or(p.fail);
                p.significance = o.significance.unwrap_or(p.significance);
                p.confidence = o.confidence.unwrap_or(p.confidence);
                p.stat = o.stat.unwrap_or(p.stat);
                p.test = o.test.unwrap_or(p.test);
            }
        }
        p
    }

    /// The bounds of the limits on `stat` of `benchmark`'s `metric`, in `unit`, for drawing on
    /// a chart of that series: one per `warn` and `fail` side of each matching limit. A bound
    /// whose unit does not convert to `unit` is left out (`check` reports it as an error).
    pub fn bounds_for(&self, benchmark: &str, metric: &str, stat: Stat, unit: &str) -> Vec<Bound> {
        let unit = Unit::parse(unit);
        self.limits
            .iter()
            .filter(|l| l.stat == stat)
            .filter(|l| glob_match(&l.benchmark, benchmark) && glob_match(&l.metric, metric))
            .flat_map(|l| [("warn", &l.warn), ("fail", &l.fail)].map(|(lv, c)| (lv, c.as_ref())))
            .filter_map(|(level, c)| {
                let c = c?;
                Some(Bound {
                    level,
                    value: c.bound_in(&unit).ok()?,
                    label: format!("{level} {}", c.text),
                })
            })
            .collect()
    }

    /// Makes `stat` the stat of every row (the CLI's `--stat`), overriding the file.
    pub fn force_stat(&mut self, stat: Stat) {
        self.regression.stat = stat;
        for o in &mut self.overrides {
            o.stat = None;
        }
    }
}

/// `"5%"`, `"0.05"` or `0.05` as a fraction (0.05). Negative values are refused.
fn fraction(ctx: &Ctx, v: &Spanned<Number>, key: &str) -> Result<f64, ThresholdError> {
    let value = match v.get_ref() {
        Number::Float(f) => *f,
        Number::Int(i) => *i as f64,
        Number::Text(t) => {
            let q = Quantity::parse(t).map_err(|e| ctx.at(v, key, e.to_string()))?;
            q.value_in(&Unit::parse("ratio"))
                .map_err(|_| ctx.at(v, key, format!("`{t}` is not a percentage like \"5%\"")))?
        }
    };
    if !(value.is_finite() && value >= 0.0) {
        return Err(ctx.at(v, key, "must be a percentage of at least 0%"));
    }
    Ok(value)
}

fn probability(ctx: &Ctx, v: &Spanned<f64>, key: &str) -> Result<f64, ThresholdError> {
    let p = *v.get_ref();
    if p > 0.0 && p < 1.0 {
        Ok(p)
    } else {
        Err(ctx.at(v, key, format!("{p} must be between 0 and 1 (exclusive)")))
    }
}

/// A whole number in `range` (resamples, runs).
fn count(
    ctx: &Ctx,
    v: &Spanned<i64>,
    key: &str,
    range: std::ops::RangeInclusive<usize>,
) -> Result<usize, ThresholdError> {
    usize::try_from(*v.get_ref())
        .ok()
        .filter(|n| range.contains(n))
        .ok_or_else(|| {
            let (least, most) = (range.start(), range.end());
            ctx.at(v, key, format!("must be between {least} and {most}"))
        })
}

fn stat(ctx: &Ctx, v: &Spanned<String>, key: &str) -> Result<Stat, ThresholdError> {
    v.get_ref()
        .parse()
        .map_err(|e: crate::stats::StatError| ctx.at(v, key, e.to_string()))
}

fn test(ctx: &Ctx, v: &Spanned<String>, key: &str) -> Result<Test, ThresholdError> {
    match v.get_ref().as_str() {
        "welch" => Ok(Test::Welch),
        "mann-whitney" => Ok(Test::MannWhitney),
        other => Err(ctx.at(
            v,
            key,
            format!("unknown test `{other}` (expected \"welch\" or \"mann-whitney\")"),
        )),
    }
}

fn interval(ctx: &Ctx, v: &Spanned<String>, key: &str) -> Result<IntervalMethod, ThresholdError> {
    match v.get_ref().as_str() {
        "closed-form" => Ok(IntervalMethod::ClosedForm),
        "bootstrap" => Ok(IntervalMethod::Bootstrap),
        other => Err(ctx.at(
            v,
            key,
            format!("unknown interval `{other}` (expected \"closed-form\" or \"bootstrap\")"),
        )),
    }
}

fn pattern(ctx: &Ctx, v: &Option<Spanned<String>>, key: &str) -> Result<String, ThresholdError> {
    match v {
        None => Ok("*".to_string()),
        Some(s) if s.get_ref().is_empty() => {
            Err(ctx.at(s, key, "an empty pattern matches nothing"))
        }
        Some(s) => Ok(s.get_ref().clone()),
    }
}

/// A fraction as a short percentage: 0.05 → "5%", 0.125 → "12.5%".
pub fn percent(f: f64) -> String {
    let p = f * 100.0;
    let rounded = (p * 1e6).round() / 1e6;
    format!("{rounded}%")
}

/// Glob matching of names: `*` matches any run of characters (slashes included), `?` exactly
/// one character; everything else matches itself. The whole name must match.
pub fn glob_match(pattern: &str, name: &str) -> bool {
    let p: Vec<char> = pattern.chars().collect();
    let n: Vec<char> = name.chars().collect();
    let (mut pi, mut ni) = (0, 0);
    let mut star: Option<(usize, usize)> = None;
    while ni < n.len() {
        if pi < p.len() && (p[pi] == '?' || p[pi] == n[ni]) {
            pi += 1;
            ni += 1;
        } else if pi < p.len() && p[pi] == '*' {
            star = Some((pi, ni));
            pi += 1;
        } else if let Some((sp, sn)) = star {
            pi = sp + 1;
            ni = sn + 1;
            star = Some((sp, sn + 1));
        } else {
            return false;
        }
    }
    while pi < p.len() && p[pi] == '*' {
        pi += 1;
    }
    pi == p.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bounds_for_a_chart_match_globs_and_convert_units() {
        let t = Thresholds::parse(
            "t.toml",
            "[[limit]]\nbenchmark = \"load/*\"\nmetric = \"latency\"\nwarn = \"> 0.5s\"\nfail = \"> 650ms\"\n\
             [[limit]]\nbenchmark = \"load/*\"\nmetric = \"latency\"\nstat = \"p95\"\nfail = \"> 1s\"\n\
             [[limit]]\nmetric = \"throughput\"\nfail = \"< 10req/s\"\n",
        )
        .unwrap();
        let b = t.bounds_for("load/50-tools", "latency", Stat::Mean, "ms");
        assert_eq!(b.len(), 2, "{b:?}");
        assert_eq!((b[0].level, b[0].value), ("warn", 500.0));
        assert_eq!(
            (b[1].level, b[1].value, b[1].label.as_str()),
            ("fail", 650.0, "fail > 650ms")
        );
        assert!(t
            .bounds_for("single-tool", "latency", Stat::Mean, "ms")
            .is_empty());
        // A bound in a unit the series cannot convert to is not drawn.
        assert!(t.bounds_for("x", "throughput", Stat::Mean, "ms").is_empty());
        assert_eq!(
            t.bounds_for("x", "throughput", Stat::Mean, "req/s")[0].value,
            10.0
        );
    }

    #[test]
    fn globs() {
        assert!(glob_match("*", "anything/at/all"));
        assert!(glob_match("load/*", "load/50-tools"));
        assert!(!glob_match("load/*", "unload/50"));
        assert!(glob_match("parallel/?-tools", "parallel/5-tools"));
        assert!(!glob_match("parallel/?-tools", "parallel/20-tools"));
        assert!(glob_match("*tools*", "parallel/20-tools"));
        assert!(glob_match("a*b*c", "aXXbYYc"));
        assert!(!glob_match("a*b*c", "aXXbYY"));
        assert!(glob_match("", ""));
        assert!(!glob_match("", "x"));
    }

    #[test]
    fn the_spec_example_parses() {
        let text = r#"
[regression]
noise = "1%"
warn = "5%"
fail = "10%"
significance = 0.05
confidence = 0.95
stat = "mean"

[[regression.override]]
benchmark = "load/*"
warn = "15%"
fail = "30%"

[[limit]]
benchmark = "single-tool"
metric = "latency"
stat = "mean"
warn = "> 550ms"
fail = "> 650ms"

[[limit]]
metric = "efficiency"
warn = "< 0.8"
fail = "< 0.7"

[[limit]]
metric = "error_rate"
fail = ">= 1%"
"#;
        let t = Thresholds::parse("benchdash.toml", text).unwrap();
        assert_eq!(t.regression, Policy::default());
        assert_eq!(t.policy_for("load/50", "latency").warn, 0.15);
        assert_eq!(t.policy_for("single-tool", "latency").warn, 0.05);
        assert_eq!(t.limits.len(), 3);
        assert_eq!(t.limits[0].line, 15);
        assert_eq!(t.limits[1].benchmark, "*");
        assert_eq!(t.limits[2].fail.as_ref().unwrap().op, Op::Ge);
        assert!(t.limits[2].warn.is_none());
    }

    #[test]
    fn keys_come_from_the_one_toml_locator_and_syntax_errors_name_the_line() {
        // The key of a value of the wrong type inside the second `[[limit]]`, found in the
        // document's spanned parse (toml_path) and numbered as people count.
        let text = "[[limit]]\nfail = \"<1\"\n[[limit]]\nmetric = 3\n";
        let e = Thresholds::parse("t.toml", text).unwrap_err();
        assert_eq!((e.line, e.key.as_str()), (Some(4), "limit[2].metric"));
        let e = Thresholds::parse("t.toml", "[regression]\nnoise = true\n").unwrap_err();
        assert_eq!((e.line, e.key.as_str()), (Some(2), "regression.noise"));
        // A syntax error has no key to name: the line and toml's message say it.
        let e = Thresholds::parse("t.toml", "[regression]\nwarn = = \"5%\"\n").unwrap_err();
        assert_eq!((e.line, e.key.as_str()), (Some(2), ""));
        assert!(e.to_string().starts_with("t.toml:2: "), "{e}");
        let e = Thresholds::parse("t.toml", "[[limit]]\nfail = \"<1\"\n[regression\n").unwrap_err();
        assert_eq!((e.line, e.key.as_str()), (Some(3), ""), "{e}");
    }

    #[test]
    fn the_history_keys_are_read_and_checked() {
        let t = Thresholds::parse(
            "t.toml",
            "[regression]\nhistory_window = 60\nhistory_min = 10\n",
        )
        .unwrap();
        assert_eq!(
            (t.regression.history_window, t.regression.history_min),
            (60, 10)
        );
        let d = Thresholds::default().regression;
        assert_eq!((d.history_window, d.history_min), (30, 5));
        let e = Thresholds::parse(
            "t.toml",
            "[regression]\nhistory_window = 8\nhistory_min = 9\n",
        )
        .unwrap_err();
        assert_eq!(
            (e.line, e.key.as_str()),
            (Some(3), "regression.history_min")
        );
        assert!(e.message.contains("larger than history_window (8)"), "{e}");
        let e = Thresholds::parse("t.toml", "[regression]\nhistory_min = 1\n").unwrap_err();
        assert_eq!(
            e.to_string(),
            "t.toml:2: `regression.history_min`: must be between 2 and 10000"
        );
        let e = Thresholds::parse("t.toml", "[regression]\nresamples = 0\n").unwrap_err();
        assert_eq!(
            e.to_string(),
            "t.toml:2: `regression.resamples`: must be between 1 and 1000000"
        );
    }

    #[test]
    fn errors_name_line_and_key() {
        let e = Thresholds::parse("t.toml", "[regression]\nnoise = \"1%\"\nwarn = \"lots\"\n")
            .unwrap_err();
        assert_eq!((e.line, e.key.as_str()), (Some(3), "regression.warn"));
        let e = Thresholds::parse("t.toml", "[[limit]]\nmetric = \"x\"\nfail = \"650ms\"\n")
            .unwrap_err();
        assert_eq!((e.line, e.key.as_str()), (Some(3), "limit[1].fail"));
        let e = Thresholds::parse("t.toml", "[regression]\nnoize = \"1%\"\n").unwrap_err();
        assert_eq!(e.line, Some(2));
        assert!(e.message.contains("noize"), "{e}");
        let e = Thresholds::parse("t.toml", "[regression]\nsignificance = \"x\"\n").unwrap_err();
        assert_eq!(
            (e.line, e.key.as_str()),
            (Some(2), "regression.significance")
        );
        let e = Thresholds::parse(
            "t.toml",
            "[[limit]]\nfail = \"<1\"\n[[limit]]\nstat = \"p200\"\nfail = \"<1\"\n",
        )
        .unwrap_err();
        assert_eq!((e.line, e.key.as_str()), (Some(4), "limit[2].stat"));
        assert!(
            e.to_string().starts_with("t.toml:4: `limit[2].stat`"),
            "{e}"
        );
        let e = Thresholds::parse(
            "t.toml",
            "[regression]\nnoise = \"1%\"\ninterval = \"jackknife\"\n",
        )
        .unwrap_err();
        assert_eq!((e.line, e.key.as_str()), (Some(3), "regression.interval"));
        assert!(
            e.to_string()
                .starts_with("t.toml:3: `regression.interval`: unknown interval `jackknife`"),
            "{e}"
        );
        let t = Thresholds::parse("t.toml", "[regression]\ninterval = \"bootstrap\"\n").unwrap();
        assert_eq!(t.regression.interval, IntervalMethod::Bootstrap);
        assert_eq!(
            Thresholds::default().regression.interval,
            IntervalMethod::ClosedForm
        );
        let e = Thresholds::parse("t.toml", "[regression\n").unwrap_err();
        assert_eq!(e.line, Some(1));
        let e = Thresholds::parse("t.toml", "[regression]\nwarn = \"20%\"\n").unwrap_err();
        assert!(e.message.contains("larger than fail"), "{e}");
    }
}
