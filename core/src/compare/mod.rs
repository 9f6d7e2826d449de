//! Judging a candidate run against a baseline: per benchmark and metric, the change, its
//! confidence interval, the p-value, the verdict and the status, by the rules of
//! docs/thresholds.md. docs/statistics.md states every rule in words; the serialised
//! shapes are the stable JSON of docs/cli.md#json-reports. The verdict rule lives here and only here.
//!
//! - [`compare`]: the whole comparison; [`Deferred`]: the same with the bootstrap intervals
//!   that decide no verdict still to compute, filled a few at a time ([`Deferred::fill`]).
//! - `limits.rs`: absolute limits on one run ([`check`]), also part of every comparison.
//! - `reason.rs`: why a row or a limit came out as it did, as data ([`Reason`],
//!   [`LimitNote`]); `crate::report` puts them in words.
//! - `deferred.rs`: [`Deferred`].
//! - `history.rs`: [`History`], the earlier runs whose run-to-run noise a history-aware
//!   verdict reads ([`compare_with_history`]).

mod deferred;
mod history;
mod limits;
mod reason;

use std::cmp::Ordering;
use std::collections::BTreeMap;

use serde::Serialize;

pub use deferred::{Deferred, Pending};
pub use history::History;
pub use limits::{check, Check, LimitRow, LimitStatus};
pub use reason::{LimitNote, Reason};

use crate::run::{Better, Metric, RunFile};
use crate::stats::{bootstrap, descriptive, history as against, inference, Stat};
use crate::thresholds::{self, IntervalMethod, Policy, Thresholds};
use crate::units::Unit;

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
    /// Its name in the JSON contract (and the page's verdict filter).
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

/// What the policy makes of it: the level reached. Ordered: pass < warn < fail.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    Pass,
    Warn,
    Fail,
}

impl Status {
    /// Its name in the JSON contract.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Pass => "pass",
            Status::Warn => "warn",
            Status::Fail => "fail",
        }
    }
}

/// Which evidence decided a row's verdict (the JSON's `test`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Test {
    /// Welch's t-test on the samples.
    #[serde(rename = "welch")]
    Welch,
    /// The Mann-Whitney U test on the samples.
    #[serde(rename = "mann-whitney")]
    MannWhitney,
    /// Welch's t-test on mean, stddev and n.
    #[serde(rename = "welch-summary")]
    WelchSummary,
    /// The candidate against the distribution of its earlier runs (within-run and between-run
    /// variance; [`crate::stats::history`]).
    #[serde(rename = "history")]
    History,
    /// No test: single values (the change against the noise band), or nothing to compare.
    #[serde(rename = "none")]
    None,
}

impl Test {
    /// Its name in the JSON contract.
    pub fn as_str(self) -> &'static str {
        match self {
            Test::Welch => "welch",
            Test::MannWhitney => "mann-whitney",
            Test::WelchSummary => "welch-summary",
            Test::History => "history",
            Test::None => "none",
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
    /// Which evidence decided the verdict.
    pub test: Test,
    /// How many earlier runs with this metric the history held (at most the policy's
    /// `history_window`); absent without a history.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub history_n: Option<usize>,
    /// The mean of those runs' stat, in the row's unit, where the history decided; `ci` is
    /// then the interval of the candidate's change from it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub history_mean: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub n_baseline: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub n_candidate: Option<u64>,
    pub verdict: Verdict,
    pub status: Status,
    pub reasons: Vec<Reason>,
    /// The bootstrap interval was left out ([`Intervals::Deciding`]): both sides have samples,
    /// but the verdict did not need it. [`Deferred::fill`] or [`fill_interval`] computes it.
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
        let bad = self.change.map(|c| c * self.better.worse()).unwrap_or(0.0);
        (self.status as u8, verdict, bad)
    }

    /// The row's metric in `run`, its numbers in the row's unit; `None` where `run` does not
    /// have it or its unit does not convert.
    pub fn metric_in<'a>(&self, run: &'a RunFile) -> Option<std::borrow::Cow<'a, Metric>> {
        run.metric(&self.benchmark, &self.metric)?
            .in_unit(&Unit::parse(&self.unit))
            .ok()
    }
}

/// The order of the reports and the page: worse rows first (by [`Row::severity`]).
pub fn by_severity(a: &Row, b: &Row) -> Ordering {
    let (sa, sb) = (a.severity(), b.severity());
    sb.0.cmp(&sa.0)
        .then(sb.1.cmp(&sa.1))
        .then(sb.2.total_cmp(&sa.2))
}

/// Rows sorted worst first ([`by_severity`]); equal rows keep their order.
pub fn worst_first(rows: &[Row]) -> Vec<&Row> {
    let mut sorted: Vec<&Row> = rows.iter().collect();
    crate::order::sort_by(&mut sorted, |a, b| by_severity(a, b));
    sorted
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
    /// With a history: how many of its runs were made before the candidate (the baseline
    /// counted), the runs the rows could read.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub history_runs: Option<usize>,
    pub summary: CompareSummary,
    pub rows: Vec<Row>,
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

/// Compares a candidate run with a baseline under a policy, and applies the limits to the
/// candidate. Rows come in the baseline's order, then what only the candidate has. It is
/// [`Deferred`] filled to the end.
pub fn compare(
    baseline: &RunFile,
    candidate: &RunFile,
    thresholds: &Thresholds,
) -> Result<Comparison, CompareError> {
    compare_with_history(baseline, candidate, &History::none(), thresholds)
}

/// [`compare`], judging each row also by the runs of `history` made before the candidate
/// (and the baseline, when it is older): with at least the policy's `history_min` of them, a
/// row's verdict is the candidate against their distribution (`Test::History`,
/// docs/statistics.md); with fewer, the row is judged as [`compare`] does and says so. An
/// empty history is [`compare`].
pub fn compare_with_history(
    baseline: &RunFile,
    candidate: &RunFile,
    history: &History,
    thresholds: &Thresholds,
) -> Result<Comparison, CompareError> {
    Ok(Deferred::with_history(baseline, candidate, history, thresholds)?.finish())
}

/// [`compare`], with the choice of which rows get their interval now. Verdicts, statuses and
/// everything else are the same either way; [`fill_interval`] on each left-out row gives
/// exactly the rows of [`compare`]. The CLI judges the rows themselves on its threads too,
/// through [`Rows`], and then fills the left-out intervals there.
pub fn compare_with(
    baseline: &RunFile,
    candidate: &RunFile,
    history: &History,
    thresholds: &Thresholds,
    intervals: Intervals,
) -> Result<Comparison, CompareError> {
    match intervals {
        Intervals::All => compare_with_history(baseline, candidate, history, thresholds),
        Intervals::Deciding => deciding(baseline, candidate, history, thresholds),
    }
}

/// The comparison with only the intervals that decide a verdict.
fn deciding(
    baseline: &RunFile,
    candidate: &RunFile,
    history: &History,
    thresholds: &Thresholds,
) -> Result<Comparison, CompareError> {
    let rows = Rows::new(baseline, candidate, history, thresholds);
    let judged = (0..rows.len()).map(|i| rows.judge(i)).collect();
    rows.finish(judged)
}

/// A comparison's rows before they are judged, in the order it lists them: each
/// [`Rows::judge`]s on its own (on any thread, in any order, for a shell with threads), and
/// [`Rows::finish`] of them all is the comparison with its deciding intervals, as
/// [`compare_with`]`(…, Intervals::Deciding)` gives it.
pub struct Rows<'a> {
    baseline: &'a RunFile,
    candidate: &'a RunFile,
    before: Option<history::Before<'a>>,
    thresholds: &'a Thresholds,
    pairs: Vec<Pair<'a>>,
}

/// One row to judge: a metric in both runs, or in one of them.
enum Pair<'a> {
    Both {
        benchmark: &'a str,
        metric: &'a str,
        baseline: &'a Metric,
        candidate: &'a Metric,
    },
    One {
        benchmark: &'a str,
        metric: &'a str,
        of: &'a Metric,
        verdict: Verdict,
    },
}

impl<'a> Rows<'a> {
    /// The rows of `candidate` against `baseline`, judged with `history` (see
    /// [`compare_with_history`]).
    pub fn new(
        baseline: &'a RunFile,
        candidate: &'a RunFile,
        history: &'a History,
        thresholds: &'a Thresholds,
    ) -> Rows<'a> {
        // By name: `RunFile::benchmark` searches, and a thousand benchmarks searched for
        // each other's names are a million string comparisons. (The first of a name wins, as
        // in `RunFile::benchmark`.)
        let by_name = |run: &'a RunFile| -> BTreeMap<&'a str, &'a crate::run::Benchmark> {
            run.benchmarks
                .iter()
                .rev()
                .map(|b| (b.name.as_str(), b))
                .collect()
        };
        let (in_baseline, in_candidate) = (by_name(baseline), by_name(candidate));
        let mut pairs = Vec::new();
        for b in &baseline.benchmarks {
            let c = in_candidate.get(b.name.as_str()).copied();
            for (name, bm) in &b.metrics {
                pairs.push(match c.and_then(|c| c.metrics.get(name)) {
                    Some(cm) => Pair::Both {
                        benchmark: &b.name,
                        metric: name,
                        baseline: bm,
                        candidate: cm,
                    },
                    None => Pair::One {
                        benchmark: &b.name,
                        metric: name,
                        of: bm,
                        verdict: Verdict::Removed,
                    },
                });
            }
            if let Some(c) = c {
                for (name, cm) in &c.metrics {
                    if !b.metrics.contains_key(name) {
                        pairs.push(Pair::One {
                            benchmark: &b.name,
                            metric: name,
                            of: cm,
                            verdict: Verdict::Added,
                        });
                    }
                }
            }
        }
        for c in &candidate.benchmarks {
            if !in_baseline.contains_key(c.name.as_str()) {
                for (name, cm) in &c.metrics {
                    pairs.push(Pair::One {
                        benchmark: &c.name,
                        metric: name,
                        of: cm,
                        verdict: Verdict::Added,
                    });
                }
            }
        }
        Rows {
            baseline,
            candidate,
            before: history.before(baseline, candidate),
            thresholds,
            pairs,
        }
    }

    /// How many rows.
    pub fn len(&self) -> usize {
        self.pairs.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.pairs.is_empty()
    }

    /// Judges row `index` (below [`Rows::len`]).
    pub fn judge(&self, index: usize) -> Result<Row, CompareError> {
        match self.pairs[index] {
            Pair::Both {
                benchmark,
                metric,
                baseline,
                candidate,
            } => compare_metric(
                benchmark,
                metric,
                baseline,
                candidate,
                self.before.as_ref(),
                self.thresholds,
            ),
            Pair::One {
                benchmark,
                metric,
                of,
                verdict,
            } => Ok(one_sided(benchmark, metric, of, self.thresholds, verdict)),
        }
    }

    /// The comparison of the rows judged, in row order (the first error, in row order, is
    /// the error).
    pub fn finish(
        self,
        judged: Vec<Result<Row, CompareError>>,
    ) -> Result<Comparison, CompareError> {
        let Rows {
            baseline,
            candidate,
            before,
            thresholds,
            ..
        } = self;
        let rows = judged.into_iter().collect::<Result<Vec<Row>, _>>()?;
        let limits = limits::evaluate_limits(candidate, &thresholds.limits)?;
        let summary = summarise(&rows);
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
            history_runs: before.as_ref().map(history::Before::len),
            summary,
            rows,
            limits,
        })
    }
}

fn summarise(rows: &[Row]) -> CompareSummary {
    let mut summary = CompareSummary::default();
    let mut log_sum = 0.0;
    let mut log_n = 0usize;
    for r in rows {
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
    summary
}

/// Whether the interval of `stat`'s change has a closed form under `policy`: Fieller's for
/// the mean, the interval that inverts Welch's test.
fn closed_form(stat: Stat, policy: &Policy) -> bool {
    stat == Stat::Mean && policy.interval == IntervalMethod::ClosedForm
}

/// The interval of a row's change: Fieller's for the mean under the default policy (unbounded
/// sets give none), else the bootstrap, seeded by the row's names (so it does not depend on
/// the row's position, the thread that computes it, or when).
fn interval_of(row: &Row, bs: &[f64], cs: &[f64], policy: &Policy) -> Option<[f64; 2]> {
    interval_named(&row.benchmark, &row.metric, row.stat, bs, cs, policy)
}

fn interval_named(
    benchmark: &str,
    metric: &str,
    stat: Stat,
    bs: &[f64],
    cs: &[f64],
    policy: &Policy,
) -> Option<[f64; 2]> {
    if closed_form(stat, policy) {
        return inference::fieller(bs, cs, policy.confidence)?
            .bounded()
            .map(|i| [i.lower, i.upper]);
    }
    let seed = bootstrap::seed_for(policy.seed, &[benchmark, metric]);
    bootstrap::relative_change_ci(bs, cs, stat, policy.confidence, policy.resamples, seed)
        .map(|i| [i.lower, i.upper])
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
    let (Some(bm), Some(cm)) = (row.metric_in(baseline), row.metric_in(candidate)) else {
        return;
    };
    let policy = thresholds.policy_for(&row.benchmark, &row.metric);
    row.ci = interval_of(row, &bm.samples, &cm.samples, &policy);
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
        (None, value, Reason::OnlyInCandidate)
    } else {
        (value, None, Reason::OnlyInBaseline)
    };
    Row {
        verdict,
        reasons: vec![reason],
        ..Row::untested(benchmark, metric, m, stat, baseline, candidate)
    }
}

impl Row {
    /// A row of `benchmark` and `metric` in the unit and direction of `m` with both sides'
    /// stat, before any evidence is read: no change, no test, unchanged, pass.
    fn untested(
        benchmark: &str,
        metric: &str,
        m: &Metric,
        stat: Stat,
        baseline: Option<f64>,
        candidate: Option<f64>,
    ) -> Row {
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
            test: Test::None,
            history_n: None,
            history_mean: None,
            n_baseline: None,
            n_candidate: None,
            verdict: Verdict::Unchanged,
            status: Status::Pass,
            reasons: Vec::new(),
            interval_left_out: false,
        }
    }
}

/// Mean, stddev and n of a metric, from its summary or its samples.
pub(crate) fn mean_sd_n(m: &Metric) -> Option<(f64, f64, f64)> {
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

fn compare_metric(
    benchmark: &str,
    metric: &str,
    bm: &Metric,
    cm: &Metric,
    before: Option<&history::Before>,
    thresholds: &Thresholds,
) -> Result<Row, CompareError> {
    let policy = thresholds.policy_for(benchmark, metric);
    let converted = cm
        .in_unit(&Unit::parse(&bm.unit))
        .map_err(|_| CompareError::MetricUnits {
            benchmark: benchmark.to_string(),
            metric: metric.to_string(),
            baseline: bm.unit.clone(),
            candidate: cm.unit.clone(),
        })?;
    let mut reasons = Vec::new();
    if let std::borrow::Cow::Owned(_) = converted {
        reasons.push(Reason::Converted {
            from: cm.unit.clone(),
            to: bm.unit.clone(),
        });
    }
    let cm = converted.as_ref();
    let stat = policy.stat;
    let b = stat.of_metric(bm);
    let c = stat.of_metric(cm);
    let mut row = Row {
        n_baseline: sample_count(bm),
        n_candidate: sample_count(cm),
        reasons,
        ..Row::untested(benchmark, metric, bm, stat, b, c)
    };
    let (Some(b), Some(c)) = (b, c) else {
        row.reasons.push(Reason::NoStat { stat });
        return Ok(row);
    };
    let change = if b == c {
        0.0
    } else if b == 0.0 {
        row.reasons.push(Reason::ZeroBaseline);
        return Ok(row);
    } else {
        (c - b) / b.abs()
    };
    row.change = Some(change);
    let bad = change * bm.better.worse();
    let earlier =
        before.map(|h| h.points(benchmark, metric, stat, &bm.unit, policy.history_window));
    match earlier {
        Some(points) if points.len() >= policy.history_min => {
            row.history_n = Some(points.len());
            let latest = against::Latest {
                value: c,
                within: (stat == Stat::Mean)
                    .then(|| history::within_of(cm))
                    .flatten(),
            };
            if !judge_by_history(&mut row, &points, latest, &policy) {
                judge(&mut row, bm, cm, &policy, bad);
            }
        }
        Some(points) => {
            row.history_n = Some(points.len());
            row.reasons.push(Reason::ShortHistory {
                n: points.len(),
                min: policy.history_min,
            });
            judge(&mut row, bm, cm, &policy, bad);
        }
        None => judge(&mut row, bm, cm, &policy, bad),
    }
    if row.verdict == Verdict::Regressed {
        let status = if bad > policy.fail {
            Status::Fail
        } else if bad > policy.warn {
            Status::Warn
        } else {
            Status::Pass
        };
        row.status = status;
        row.reasons.push(Reason::Regression {
            stat,
            change,
            better: bm.better,
            status,
            limit: if status == Status::Fail {
                policy.fail
            } else {
                policy.warn
            },
        });
    }
    Ok(row)
}

/// Sets the verdict (and the p-value and interval behind it). `bad` is the change in the bad
/// direction. Leaves out the intervals the verdict does not read.
fn judge(row: &mut Row, bm: &Metric, cm: &Metric, policy: &Policy, bad: f64) {
    let by_point = |row: &mut Row| by_point(row, bad, policy.noise);
    let (bs, cs) = (&bm.samples, &cm.samples);
    if bs.len() >= 2 && cs.len() >= 2 {
        let welch = inference::welch(bs, cs).map(|t| t.p_value);
        let mw = inference::mann_whitney(bs, cs).map(|u| u.p_value);
        row.mann_whitney_p = mw;
        let (p, test) = match policy.test {
            thresholds::Test::Welch => (welch, Test::Welch),
            thresholds::Test::MannWhitney => (mw, Test::MannWhitney),
        };
        row.p_value = p;
        row.test = test;
        let deciding = p.is_some_and(|p| p < policy.significance);
        let ci = if deciding {
            interval_of(row, bs, cs, policy)
        } else {
            row.interval_left_out = true;
            None
        };
        row.ci = ci;
        let Some(p) = p else {
            by_point(row);
            return;
        };
        if p >= policy.significance {
            row.verdict = Verdict::Unchanged;
            row.reasons.push(Reason::NotSignificant {
                p,
                significance: policy.significance,
                test,
            });
            return;
        }
        match ci {
            Some(ci) => by_interval(row, ci, p, policy),
            None => by_point(row),
        }
        return;
    }
    if let (Some((mb, sb, nb)), Some((mc, sc, nc))) = (mean_sd_n(bm), mean_sd_n(cm)) {
        if let Some(t) = inference::welch_from_summary(mb, sb, nb, mc, sc, nc) {
            row.p_value = Some(t.p_value);
            row.test = Test::WelchSummary;
            // Fieller's interval works from the same three numbers as Welch's test.
            let ci = closed_form(row.stat, policy)
                .then(|| inference::fieller_from_summary(mb, sb, nb, mc, sc, nc, policy.confidence))
                .flatten()
                .and_then(inference::RatioSet::bounded)
                .map(|i| [i.lower, i.upper]);
            row.ci = ci;
            if t.p_value >= policy.significance {
                row.verdict = Verdict::Unchanged;
                row.reasons.push(Reason::NotSignificant {
                    p: t.p_value,
                    significance: policy.significance,
                    test: Test::WelchSummary,
                });
                return;
            }
            match ci {
                Some(ci) => by_interval(row, ci, t.p_value, policy),
                None => by_point(row),
            }
            return;
        }
    }
    row.test = Test::None;
    by_point(row);
}

/// Sets the verdict from the candidate against its history ([`against::against`]): p at or
/// above the significance level is unchanged; below it, the interval of the candidate's
/// change from the history's mean decides against the noise band, as [`by_interval`] does
/// for two runs. Returns `false`, leaving the row as it was, where the history gives no test
/// (its values are not finite).
fn judge_by_history(
    row: &mut Row,
    points: &[against::Earlier],
    latest: against::Latest,
    policy: &Policy,
) -> bool {
    let Some(prediction) = against::against(points, latest, policy.confidence) else {
        return false;
    };
    let p = prediction.p_value;
    let mean = prediction.mean;
    row.test = Test::History;
    row.p_value = Some(p);
    row.history_mean = Some(mean);
    row.reasons.push(Reason::AgainstHistory {
        n: prediction.n,
        mean,
        unit: row.unit.clone(),
    });
    let ci = (mean != 0.0).then(|| [prediction.lower / mean.abs(), prediction.upper / mean.abs()]);
    row.ci = ci;
    if p >= policy.significance {
        row.verdict = Verdict::Unchanged;
        row.reasons.push(Reason::NotSignificant {
            p,
            significance: policy.significance,
            test: Test::History,
        });
        return true;
    }
    match ci {
        Some(ci) => by_interval(row, ci, p, policy),
        None => {
            // A history whose mean is 0 has no relative change: the change from the baseline
            // against the noise band, as for single values.
            let bad = row.change.unwrap_or(0.0) * row.better.worse();
            by_point(row, bad, policy.noise);
        }
    }
    true
}

/// The verdict of a change without an interval: `bad` (the change in the bad direction)
/// against the noise band.
fn by_point(row: &mut Row, bad: f64, noise: f64) {
    row.verdict = if bad.abs() <= noise {
        Verdict::Noise
    } else if bad > 0.0 {
        Verdict::Regressed
    } else {
        Verdict::Improved
    };
    if row.verdict == Verdict::Noise {
        row.reasons.push(Reason::WithinNoise {
            stat: row.stat,
            change: bad * row.better.worse(),
            noise,
        });
    }
}

/// The verdict of a real change (p below the significance level) from its interval: the
/// interval of the change in the bad direction against the noise band.
fn by_interval(row: &mut Row, ci: [f64; 2], p: f64, policy: &Policy) {
    let (lo, hi) = if row.better.worse() > 0.0 {
        (ci[0], ci[1])
    } else {
        (-ci[1], -ci[0])
    };
    row.verdict = if lo > policy.noise {
        Verdict::Regressed
    } else if hi < -policy.noise {
        Verdict::Improved
    } else {
        Verdict::Noise
    };
    if row.verdict == Verdict::Noise {
        row.reasons.push(Reason::IntervalInNoise {
            p,
            confidence: policy.confidence,
            ci,
            noise: policy.noise,
        });
    }
}
