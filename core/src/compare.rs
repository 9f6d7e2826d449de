//! Judging runs: [`compare`] a baseline with a candidate (per benchmark and metric: change,
//! confidence interval, p-value, verdict and status, by the rules of shared/spec/thresholds.md),
//! and [`check`] one run against absolute limits. docs/statistics.md states every rule in
//! words; the serialised shapes are the stable JSON of shared/spec/cli.md.

use serde::Serialize;

use crate::report::short;
use crate::run::{Better, Metric, RunFile};
use crate::stats::{bootstrap, descriptive, inference, Stat};
use crate::thresholds::{glob_match, percent, IntervalMethod, Limit, Policy, Test, Thresholds};
use crate::units::{Unit, UnitError};

/// A run as the reports name it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RunRef {
    pub id: String,
    pub name: String,
    pub timestamp: String,
}

impl RunRef {
    pub fn of(run: &RunFile) -> RunRef {
        RunRef {
            id: run.id().to_string(),
            name: run.run.name.clone(),
            timestamp: run.run.timestamp.clone(),
        }
    }
}

/// What the statistics say about one benchmark and metric.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Verdict {
    Regressed,
    Improved,
    Unchanged,
    Noise,
    Added,
    Removed,
}

impl Verdict {
    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::Regressed => "regressed",
            Verdict::Improved => "improved",
            Verdict::Unchanged => "unchanged",
            Verdict::Noise => "noise",
            Verdict::Added => "added",
            Verdict::Removed => "removed",
        }
    }
}

/// What the policy makes of it. Ordered: pass < warn < fail.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    Pass,
    Warn,
    Fail,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Pass => "pass",
            Status::Warn => "warn",
            Status::Fail => "fail",
        }
    }
}

/// A limit's status: a [`Status`], or `no data` when nothing matched it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum LimitStatus {
    #[serde(rename = "pass")]
    Pass,
    #[serde(rename = "warn")]
    Warn,
    #[serde(rename = "fail")]
    Fail,
    #[serde(rename = "no data")]
    NoData,
}

impl LimitStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            LimitStatus::Pass => "pass",
            LimitStatus::Warn => "warn",
            LimitStatus::Fail => "fail",
            LimitStatus::NoData => "no data",
        }
    }

    /// Its weight in the overall status: `no data` is reported, not failed.
    pub fn status(self) -> Status {
        match self {
            LimitStatus::Warn => Status::Warn,
            LimitStatus::Fail => Status::Fail,
            LimitStatus::Pass | LimitStatus::NoData => Status::Pass,
        }
    }
}

/// One benchmark and metric, baseline against candidate.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Row {
    pub benchmark: String,
    pub metric: String,
    /// The baseline's unit (the candidate's numbers are converted into it).
    pub unit: String,
    pub better: Better,
    pub stat: Stat,
    pub baseline: Option<f64>,
    pub candidate: Option<f64>,
    /// (candidate − baseline) / |baseline|.
    pub change: Option<f64>,
    /// The interval of `change`: Fieller's for the mean (from samples, or from mean, stddev
    /// and n), the seeded bootstrap for other stats (or with `interval = "bootstrap"`).
    pub ci: Option<[f64; 2]>,
    /// The p-value of the deciding test (Welch's unless the policy says Mann-Whitney).
    pub p_value: Option<f64>,
    /// The Mann-Whitney U test's p-value, reported beside Welch's where samples exist.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mann_whitney_p: Option<f64>,
    /// How the verdict was reached: `welch`, `welch-summary`, `mann-whitney`, `point`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub test: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub n_baseline: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub n_candidate: Option<u64>,
    pub verdict: Verdict,
    pub status: Status,
    pub reasons: Vec<String>,
    /// The bootstrap interval was left out ([`Intervals::Deciding`]): both sides have samples,
    /// but the verdict did not need it. [`fill_interval`] computes it.
    #[serde(skip)]
    pub interval_left_out: bool,
}

/// Which rows get their bootstrap interval during [`compare_with`]. The bootstrap is most of a
/// comparison's work (2,000 resamples of both samples per row), and only rows whose p-value is
/// below the significance level read their interval to reach a verdict.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Intervals {
    /// Every row with samples on both sides (what [`compare`] does).
    All,
    /// Only the rows whose verdict reads the interval; the others are marked
    /// `interval_left_out`, for [`fill_interval`] to complete later or on another thread.
    Deciding,
}

impl Row {
    /// Sort key, worst first: status, then verdict, then the size of the change in the bad
    /// direction.
    pub fn severity(&self) -> (u8, u8, f64) {
        let verdict = match self.verdict {
            Verdict::Regressed => 5,
            Verdict::Removed => 4,
            Verdict::Noise => 3,
            Verdict::Added => 2,
            Verdict::Unchanged => 1,
            Verdict::Improved => 0,
        };
        let sign = direction(self.better);
        let bad = self.change.map(|c| c * sign).unwrap_or(0.0);
        (self.status as u8, verdict, bad)
    }
}

/// One limit applied to one metric of one benchmark (or to nothing: `no data`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LimitRow {
    pub benchmark: String,
    pub metric: String,
    pub stat: Stat,
    pub value: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unit: Option<String>,
    pub rule: String,
    pub status: LimitStatus,
    pub message: String,
}

/// Counts of the rows' verdicts and the geometric mean of the changes.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct CompareSummary {
    pub regressed: usize,
    pub improved: usize,
    pub unchanged: usize,
    pub noise: usize,
    pub added: usize,
    pub removed: usize,
    /// exp(mean(ln r)) − 1 over the compared rows where both stats are positive, with
    /// r = candidate / baseline when lower is better and baseline / candidate when higher is
    /// better: positive means worse overall, whatever the metrics' directions.
    pub geomean_change: Option<f64>,
}

/// The result of [`compare`].
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Comparison {
    pub baseline: RunRef,
    pub candidate: RunRef,
    /// The worst status of all rows and limits.
    pub status: Status,
    pub summary: CompareSummary,
    pub rows: Vec<Row>,
    pub limits: Vec<LimitRow>,
}

/// The result of [`check`].
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Check {
    pub run: RunRef,
    pub status: Status,
    pub limits: Vec<LimitRow>,
}

/// Why runs could not be judged.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum CompareError {
    /// A limit whose bound cannot be expressed in the unit of a metric it matches; `rule`
    /// names the limit (`limit[2] (line 14: …)`), `message` the condition, metric and units.
    #[error("{rule}: {message}")]
    LimitUnit { rule: String, message: String },
    /// The same metric in units that do not convert.
    #[error("benchmark `{benchmark}` metric `{metric}`: the baseline is in `{baseline}` and the candidate in `{candidate}`, which do not convert")]
    MetricUnits {
        benchmark: String,
        metric: String,
        baseline: String,
        candidate: String,
    },
}

/// +1 when lower is better (a rise is bad), −1 when higher is better.
fn direction(better: Better) -> f64 {
    match better {
        Better::Lower => 1.0,
        Better::Higher => -1.0,
    }
}

/// Compares a candidate run with a baseline under a policy, and applies the limits to the
/// candidate. Rows come in the baseline's order, then what only the candidate has.
pub fn compare(
    baseline: &RunFile,
    candidate: &RunFile,
    thresholds: &Thresholds,
) -> Result<Comparison, CompareError> {
    compare_with(baseline, candidate, thresholds, Intervals::All)
}

/// [`compare`], with the choice of which rows get their interval now. Verdicts, statuses and
/// everything else are the same either way; [`fill_interval`] on each left-out row gives
/// exactly the rows of [`compare`].
pub fn compare_with(
    baseline: &RunFile,
    candidate: &RunFile,
    thresholds: &Thresholds,
    intervals: Intervals,
) -> Result<Comparison, CompareError> {
    let mut rows = Vec::new();
    for b in &baseline.benchmarks {
        let c = candidate.benchmark(&b.name);
        for (name, bm) in &b.metrics {
            match c.and_then(|c| c.metrics.get(name)) {
                Some(cm) => rows.push(compare_metric(
                    &b.name, name, bm, cm, thresholds, intervals,
                )?),
                None => rows.push(one_sided(&b.name, name, bm, thresholds, Verdict::Removed)),
            }
        }
        if let Some(c) = c {
            for (name, cm) in &c.metrics {
                if !b.metrics.contains_key(name) {
                    rows.push(one_sided(&b.name, name, cm, thresholds, Verdict::Added));
                }
            }
        }
    }
    for c in &candidate.benchmarks {
        if baseline.benchmark(&c.name).is_none() {
            for (name, cm) in &c.metrics {
                rows.push(one_sided(&c.name, name, cm, thresholds, Verdict::Added));
            }
        }
    }
    let limits = evaluate_limits(candidate, &thresholds.limits)?;
    let mut summary = CompareSummary::default();
    let mut log_sum = 0.0;
    let mut log_n = 0usize;
    for r in &rows {
        match r.verdict {
            Verdict::Regressed => summary.regressed += 1,
            Verdict::Improved => summary.improved += 1,
            Verdict::Unchanged => summary.unchanged += 1,
            Verdict::Noise => summary.noise += 1,
            Verdict::Added => summary.added += 1,
            Verdict::Removed => summary.removed += 1,
        }
        if let (Some(b), Some(c)) = (r.baseline, r.candidate) {
            if b > 0.0
                && c > 0.0
                && matches!(
                    r.verdict,
                    Verdict::Regressed | Verdict::Improved | Verdict::Unchanged | Verdict::Noise
                )
            {
                // Oriented so that a ratio above 1 is always worse.
                let ratio = match r.better {
                    Better::Lower => c / b,
                    Better::Higher => b / c,
                };
                log_sum += libm::log(ratio);
                log_n += 1;
            }
        }
    }
    summary.geomean_change = (log_n > 0).then(|| libm::exp(log_sum / log_n as f64) - 1.0);
    let status = rows
        .iter()
        .map(|r| r.status)
        .chain(limits.iter().map(|l| l.status.status()))
        .max()
        .unwrap_or(Status::Pass);
    Ok(Comparison {
        baseline: RunRef::of(baseline),
        candidate: RunRef::of(candidate),
        status,
        summary,
        rows,
        limits,
    })
}

/// Whether the interval of `stat`'s change has a closed form under `policy`: Fieller's for
/// the mean, the interval that inverts Welch's test.
fn closed_form(stat: Stat, policy: &Policy) -> bool {
    stat == Stat::Mean && policy.interval == IntervalMethod::ClosedForm
}

/// The interval of a row's change: Fieller's for the mean under the default policy (unbounded
/// sets give none), else the bootstrap, seeded by the row's names (so it does not depend on
/// the row's position, the thread that computes it, or when).
fn interval_of(row: &Row, bs: &[f64], cs: &[f64], policy: &Policy) -> Option<bootstrap::Interval> {
    if closed_form(row.stat, policy) {
        return inference::fieller(bs, cs, policy.confidence)?.bounded();
    }
    let seed = bootstrap::seed_for(policy.seed, &[&row.benchmark, &row.metric]);
    bootstrap::relative_change_ci(bs, cs, row.stat, policy.confidence, policy.resamples, seed)
}

/// Computes the interval [`compare_with`] left out of `row` (a no-op for other rows), exactly
/// as [`compare`] would have: the same samples, unit conversion, policy and seed.
pub fn fill_interval(
    row: &mut Row,
    baseline: &RunFile,
    candidate: &RunFile,
    thresholds: &Thresholds,
) {
    if !row.interval_left_out {
        return;
    }
    row.interval_left_out = false;
    let metric = |run: &RunFile| {
        run.benchmark(&row.benchmark)
            .and_then(|b| b.metrics.get(&row.metric))
            .cloned()
    };
    let (Some(bm), Some(cm)) = (metric(baseline), metric(candidate)) else {
        return;
    };
    let cm = match convert_metric(&cm, &Unit::parse(&bm.unit)) {
        Ok(Some(converted)) => converted,
        Ok(None) => cm,
        Err(_) => return,
    };
    let policy = thresholds.policy_for(&row.benchmark, &row.metric);
    row.ci = interval_of(row, &bm.samples, &cm.samples, &policy).map(|i| [i.lower, i.upper]);
}

/// Applies the limits of `thresholds` to one run.
pub fn check(run: &RunFile, thresholds: &Thresholds) -> Result<Check, CompareError> {
    let limits = evaluate_limits(run, &thresholds.limits)?;
    let status = limits
        .iter()
        .map(|l| l.status.status())
        .max()
        .unwrap_or(Status::Pass);
    Ok(Check {
        run: RunRef::of(run),
        status,
        limits,
    })
}

fn one_sided(
    benchmark: &str,
    metric: &str,
    m: &Metric,
    thresholds: &Thresholds,
    verdict: Verdict,
) -> Row {
    let stat = thresholds.policy_for(benchmark, metric).stat;
    let value = stat.of_metric(m);
    let (baseline, candidate, reason) = if verdict == Verdict::Added {
        (None, value, "only in the candidate")
    } else {
        (value, None, "only in the baseline")
    };
    Row {
        benchmark: benchmark.to_string(),
        metric: metric.to_string(),
        unit: m.unit.clone(),
        better: m.better,
        stat,
        baseline,
        candidate,
        change: None,
        ci: None,
        p_value: None,
        mann_whitney_p: None,
        test: None,
        n_baseline: None,
        n_candidate: None,
        verdict,
        status: Status::Pass,
        reasons: vec![reason.to_string()],
        interval_left_out: false,
    }
}

/// A metric's numbers converted into `to` (a no-op when the units are equal).
fn convert_metric(m: &Metric, to: &Unit) -> Result<Option<Metric>, UnitError> {
    let from = Unit::parse(&m.unit);
    if from.symbol == to.symbol {
        return Ok(None);
    }
    let conv = |v: f64| from.convert(v, to);
    let mut out = m.clone();
    out.unit = to.symbol.clone();
    out.value = m.value.map(conv).transpose()?;
    out.samples = m
        .samples
        .iter()
        .map(|&v| conv(v))
        .collect::<Result<_, _>>()?;
    if let Some(s) = &mut out.summary {
        for slot in [
            &mut s.mean,
            &mut s.stddev,
            &mut s.median,
            &mut s.min,
            &mut s.max,
            &mut s.p50,
            &mut s.p90,
            &mut s.p95,
            &mut s.p99,
            &mut s.ci_lower,
            &mut s.ci_upper,
        ] {
            *slot = slot.map(conv).transpose()?;
        }
    }
    Ok(Some(out))
}

/// Mean, stddev and n of a metric, from its summary or its samples.
fn mean_sd_n(m: &Metric) -> Option<(f64, f64, f64)> {
    let s = m.summary.as_ref();
    let n = s
        .and_then(|s| s.n)
        .map(|n| n as f64)
        .or_else(|| (!m.samples.is_empty()).then_some(m.samples.len() as f64))?;
    let mean = s
        .and_then(|s| s.mean)
        .or_else(|| (!m.samples.is_empty()).then(|| descriptive::mean(&m.samples)))?;
    let sd = s
        .and_then(|s| s.stddev)
        .or_else(|| descriptive::std_dev(&m.samples))?;
    Some((mean, sd, n))
}

fn sample_count(m: &Metric) -> Option<u64> {
    if !m.samples.is_empty() {
        Some(m.samples.len() as u64)
    } else {
        m.summary.as_ref().and_then(|s| s.n).or(m.value.map(|_| 1))
    }
}

fn signed_percent(change: f64) -> String {
    format!("{:+.1}%", change * 100.0)
}

fn compare_metric(
    benchmark: &str,
    metric: &str,
    bm: &Metric,
    cm: &Metric,
    thresholds: &Thresholds,
    intervals: Intervals,
) -> Result<Row, CompareError> {
    let policy = thresholds.policy_for(benchmark, metric);
    let unit = Unit::parse(&bm.unit);
    let converted = convert_metric(cm, &unit).map_err(|_| CompareError::MetricUnits {
        benchmark: benchmark.to_string(),
        metric: metric.to_string(),
        baseline: bm.unit.clone(),
        candidate: cm.unit.clone(),
    })?;
    let mut reasons = Vec::new();
    if converted.is_some() {
        reasons.push(format!(
            "candidate converted from {} to {}",
            cm.unit, bm.unit
        ));
    }
    let cm = converted.as_ref().unwrap_or(cm);
    let stat = policy.stat;
    let b = stat.of_metric(bm);
    let c = stat.of_metric(cm);
    let mut row = Row {
        benchmark: benchmark.to_string(),
        metric: metric.to_string(),
        unit: bm.unit.clone(),
        better: bm.better,
        stat,
        baseline: b,
        candidate: c,
        change: None,
        ci: None,
        p_value: None,
        mann_whitney_p: None,
        test: None,
        n_baseline: sample_count(bm),
        n_candidate: sample_count(cm),
        verdict: Verdict::Unchanged,
        status: Status::Pass,
        reasons,
        interval_left_out: false,
    };
    let (Some(b), Some(c)) = (b, c) else {
        row.reasons
            .push(format!("no {stat} on both sides: nothing to compare"));
        return Ok(row);
    };
    let change = if b == c {
        0.0
    } else if b == 0.0 {
        row.reasons
            .push("the baseline is 0: the relative change is undefined".to_string());
        return Ok(row);
    } else {
        (c - b) / b.abs()
    };
    row.change = Some(change);
    let sign = direction(bm.better);
    let bad = change * sign;
    judge(&mut row, bm, cm, &policy, bad, sign, intervals);
    if row.verdict == Verdict::Regressed {
        let (level, status) = if bad > policy.fail {
            ("fail", Status::Fail)
        } else if bad > policy.warn {
            ("warn", Status::Warn)
        } else {
            ("", Status::Pass)
        };
        row.status = status;
        let limit = if status == Status::Fail {
            policy.fail
        } else {
            policy.warn
        };
        let cmp = if status == Status::Pass { "≤" } else { ">" };
        let level = if level.is_empty() { "warn" } else { level };
        let worse = if sign < 0.0 { " worse" } else { "" };
        row.reasons.push(format!(
            "{stat} {}{worse} {cmp} {level} {}",
            signed_percent(change),
            percent(limit)
        ));
    }
    Ok(row)
}

/// Sets the verdict (and the p-value and interval behind it).
fn judge(
    row: &mut Row,
    bm: &Metric,
    cm: &Metric,
    policy: &Policy,
    bad: f64,
    sign: f64,
    intervals: Intervals,
) {
    let by_point = |row: &mut Row| {
        let noise = policy.noise;
        row.verdict = if bad.abs() <= noise {
            Verdict::Noise
        } else if bad > 0.0 {
            Verdict::Regressed
        } else {
            Verdict::Improved
        };
        if row.verdict == Verdict::Noise {
            row.reasons.push(format!(
                "{} {} within noise {}",
                row.stat,
                signed_percent(bad * sign),
                percent(noise)
            ));
        }
    };
    let (bs, cs) = (&bm.samples, &cm.samples);
    if bs.len() >= 2 && cs.len() >= 2 {
        let welch = inference::welch(bs, cs).map(|t| t.p_value);
        let mw = inference::mann_whitney(bs, cs).map(|u| u.p_value);
        row.mann_whitney_p = mw;
        let (p, name) = match policy.test {
            Test::Welch => (welch, "welch"),
            Test::MannWhitney => (mw, "mann-whitney"),
        };
        row.p_value = p;
        row.test = Some(name);
        let deciding = p.is_some_and(|p| p < policy.significance);
        let ci = if deciding || intervals == Intervals::All {
            interval_of(row, bs, cs, policy)
        } else {
            row.interval_left_out = true;
            None
        };
        row.ci = ci.map(|i| [i.lower, i.upper]);
        let Some(p) = p else {
            by_point(row);
            return;
        };
        if p >= policy.significance {
            row.verdict = Verdict::Unchanged;
            row.reasons.push(format!(
                "p = {} ≥ {} ({name})",
                short(p),
                policy.significance
            ));
            return;
        }
        match ci {
            Some(ci) => by_interval(row, ci, p, policy, sign),
            None => by_point(row),
        }
        return;
    }
    if let (Some((mb, sb, nb)), Some((mc, sc, nc))) = (mean_sd_n(bm), mean_sd_n(cm)) {
        if let Some(t) = inference::welch_from_summary(mb, sb, nb, mc, sc, nc) {
            row.p_value = Some(t.p_value);
            row.test = Some("welch-summary");
            // Fieller's interval works from the same three numbers as Welch's test.
            let ci = closed_form(row.stat, policy)
                .then(|| inference::fieller_from_summary(mb, sb, nb, mc, sc, nc, policy.confidence))
                .flatten()
                .and_then(inference::RatioSet::bounded);
            row.ci = ci.map(|i| [i.lower, i.upper]);
            if t.p_value >= policy.significance {
                row.verdict = Verdict::Unchanged;
                row.reasons.push(format!(
                    "p = {} ≥ {} (welch on summaries)",
                    short(t.p_value),
                    policy.significance
                ));
                return;
            }
            match ci {
                Some(ci) => by_interval(row, ci, t.p_value, policy, sign),
                None => by_point(row),
            }
            return;
        }
    }
    row.test = Some("point");
    by_point(row);
}

/// The verdict of a real change (p below the significance level) from its interval: the
/// interval of the change in the bad direction against the noise band.
fn by_interval(row: &mut Row, ci: bootstrap::Interval, p: f64, policy: &Policy, sign: f64) {
    let (lo, hi) = if sign > 0.0 {
        (ci.lower, ci.upper)
    } else {
        (-ci.upper, -ci.lower)
    };
    row.verdict = if lo > policy.noise {
        Verdict::Regressed
    } else if hi < -policy.noise {
        Verdict::Improved
    } else {
        Verdict::Noise
    };
    if row.verdict == Verdict::Noise {
        row.reasons.push(format!(
            "p = {} but the {}% interval [{}, {}] reaches into noise {}",
            short(p),
            short(policy.confidence * 100.0),
            signed_percent(ci.lower),
            signed_percent(ci.upper),
            percent(policy.noise)
        ));
    }
}

/// Every limit applied to every metric it matches in `run`.
pub fn evaluate_limits(run: &RunFile, limits: &[Limit]) -> Result<Vec<LimitRow>, CompareError> {
    let mut out = Vec::new();
    for limit in limits {
        let mut matched = false;
        for b in run
            .benchmarks
            .iter()
            .filter(|b| glob_match(&limit.benchmark, &b.name))
        {
            for (name, m) in b
                .metrics
                .iter()
                .filter(|(n, _)| glob_match(&limit.metric, n))
            {
                matched = true;
                out.push(evaluate_limit(limit, &b.name, name, m)?);
            }
        }
        if !matched {
            out.push(LimitRow {
                benchmark: limit.benchmark.clone(),
                metric: limit.metric.clone(),
                stat: limit.stat,
                value: None,
                unit: None,
                rule: rule_text(limit, None),
                status: LimitStatus::NoData,
                message: format!("{}: no benchmark and metric match", limit.describe()),
            });
        }
    }
    Ok(out)
}

fn rule_text(limit: &Limit, reached: Option<&str>) -> String {
    match reached {
        Some("fail") => limit.fail.as_ref().map(|c| c.text.clone()),
        Some("warn") => limit.warn.as_ref().map(|c| c.text.clone()),
        _ => limit
            .fail
            .as_ref()
            .or(limit.warn.as_ref())
            .map(|c| c.text.clone()),
    }
    .unwrap_or_default()
}

fn evaluate_limit(
    limit: &Limit,
    benchmark: &str,
    metric: &str,
    m: &Metric,
) -> Result<LimitRow, CompareError> {
    let unit = Unit::parse(&m.unit);
    let bound =
        |which: &'static str| -> Result<Option<(crate::thresholds::Op, f64)>, CompareError> {
            let cond = if which == "fail" {
                &limit.fail
            } else {
                &limit.warn
            };
            cond.as_ref()
                .map(|c| {
                    c.bound_in(&unit)
                        .map(|b| (c.op, b))
                        .map_err(|source| CompareError::LimitUnit {
                        rule: limit.describe(),
                        message: format!(
                            "{which} `{}` does not fit benchmark `{benchmark}` metric `{metric}`: {source}",
                            c.text
                        ),
                    })
                })
                .transpose()
        };
    let fail = bound("fail")?;
    let warn = bound("warn")?;
    let value = limit.stat.of_metric(m);
    let mut row = LimitRow {
        benchmark: benchmark.to_string(),
        metric: metric.to_string(),
        stat: limit.stat,
        value,
        unit: Some(m.unit.clone()),
        rule: rule_text(limit, None),
        status: LimitStatus::NoData,
        message: String::new(),
    };
    let Some(v) = value else {
        row.message = format!("no {} for this metric", limit.stat);
        return Ok(row);
    };
    let holds = |b: Option<(crate::thresholds::Op, f64)>| b.filter(|(op, x)| op.holds(v, *x));
    let (status, reached) = if let Some(b) = holds(fail) {
        (LimitStatus::Fail, Some(("fail", b)))
    } else if let Some(b) = holds(warn) {
        (LimitStatus::Warn, Some(("warn", b)))
    } else {
        (LimitStatus::Pass, None)
    };
    row.status = status;
    row.rule = rule_text(limit, reached.map(|r| r.0));
    row.message = match reached {
        Some((level, (op, bound))) => format!(
            "{} {} {} {} {} {}: {level}",
            limit.stat,
            short(v),
            m.unit,
            op.as_str(),
            short(bound),
            m.unit
        ),
        None => format!("{} {} {} within limits", limit.stat, short(v), m.unit),
    };
    Ok(row)
}
