//! Histories: the runs in timestamp order, a series per benchmark and metric, and the change
//! points found in each series by a robust MOSUM search ([`crate::stats::changepoint`]), with
//! the false discoveries controlled across all the series at once (Benjamini–Hochberg).

use std::collections::HashMap;

use serde::Serialize;
use time::format_description::well_known::Rfc3339;
use time::OffsetDateTime;

use crate::compare::{RunRef, Status, Verdict};
use crate::run::{Better, Metric, RunFile};
use crate::stats::{changepoint, descriptive, inference, Stat};
use crate::thresholds::Thresholds;
use crate::units::Unit;

/// What to analyse.
#[derive(Debug, Clone, PartialEq)]
pub struct Options {
    /// Only this metric (all metrics when `None`).
    pub metric: Option<String>,
    /// The stat plotted and searched. Default `mean`.
    pub stat: Stat,
    /// The search of each series. [`analyze_with`] replaces its `min_change` by each series'
    /// policy `noise`.
    pub changepoint: changepoint::Options,
    /// The false discovery rate of the change points of all the series together
    /// (Benjamini–Hochberg over every candidate, with m the larger of the number of series
    /// searched and of candidates). Default 0.01.
    pub false_discovery_rate: f64,
}

impl Default for Options {
    fn default() -> Options {
        Options {
            metric: None,
            stat: Stat::Mean,
            changepoint: changepoint::Options::default(),
            false_discovery_rate: 0.01,
        }
    }
}

/// One run's value in a series.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Point {
    pub run_id: String,
    pub run_name: String,
    pub timestamp: String,
    pub value: f64,
    /// The confidence interval of `value`, where known: the file's own (`ci_lower`,
    /// `ci_upper`) or, for a mean with n and a standard deviation, the t-interval (see
    /// [`stats::inference::mean_interval`]). Only for the `mean` stat.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ci: Option<[f64; 2]>,
}

/// One benchmark and metric through the history.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Series {
    pub benchmark: String,
    pub metric: String,
    /// The unit of the first run that has the metric; later runs are converted into it.
    pub unit: String,
    pub better: Better,
    pub stat: Stat,
    pub points: Vec<Point>,
}

/// A change point of a series.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TrendChangePoint {
    pub benchmark: String,
    pub metric: String,
    /// The index (in the series' points) of the first point after the change.
    pub index: usize,
    pub run_id: String,
    pub timestamp: String,
    /// Mean of the series from the previous change point (or the start) up to this one.
    pub before: f64,
    /// Mean from this change point up to the next (or the end).
    pub after: f64,
    /// (after − before) / |before|; `None` when `before` is 0.
    pub change: Option<f64>,
    /// `regressed` or `improved`, by the metric's direction.
    pub verdict: Verdict,
    /// The search's p-value: the chance that a series without change has a statistic this
    /// large anywhere (see [`changepoint`]).
    pub p_value: f64,
}

/// The result of [`analyze`].
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Trend {
    /// The runs, oldest first.
    pub runs: Vec<RunRef>,
    pub series: Vec<Series>,
    /// Every series' change points, series by series.
    pub change_points: Vec<TrendChangePoint>,
}

/// A change point that makes the newest runs of its series a regression beyond the policy:
/// what `trend --fail-on` acts on ([`Trend::recent_regressions`]).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RecentRegression<'a> {
    pub change_point: &'a TrendChangePoint,
    /// `warn` or `fail` (a regression within the policy's `warn` is not reported).
    pub status: Status,
    /// The limit it went beyond: the policy's `fail` or `warn`.
    pub limit: f64,
}

impl Trend {
    /// Every change point, newest first (by the timestamp of the run where it starts; the
    /// larger change first within a run, then by series): the dashboard's Changes list, the
    /// page a team reads in the morning.
    pub fn newest_first(&self) -> Vec<&TrendChangePoint> {
        let mut all: Vec<(&TrendChangePoint, (Option<OffsetDateTime>, &str))> = self
            .change_points
            .iter()
            .map(|c| {
                // The text only orders what is not a time (equal times stay equal).
                let time = OffsetDateTime::parse(&c.timestamp, &Rfc3339).ok();
                let text = if time.is_some() {
                    ""
                } else {
                    c.timestamp.as_str()
                };
                (c, (time, text))
            })
            .collect();
        crate::order::sort_by(&mut all, |(a, ta), (b, tb)| {
            tb.cmp(ta)
                .then_with(|| {
                    let size = |c: &TrendChangePoint| c.change.map_or(0.0, f64::abs);
                    size(b).total_cmp(&size(a))
                })
                .then_with(|| (&a.benchmark, &a.metric).cmp(&(&b.benchmark, &b.metric)))
        });
        all.into_iter().map(|(c, _)| c).collect()
    }

    /// The change points that start the newest segment of their series (no later change
    /// point), lie within its last `within` points (`None`: twice the series' minimum segment
    /// length, [`changepoint::min_size_for`] of the options' `changepoint`, so that a step is
    /// reported from the first run that can show it, L runs after it, for L + 1 more runs),
    /// are regressions by the metric's `better`, and whose relative change is beyond the
    /// policy's `fail` (status fail) or else `warn` (status warn), strictly, as
    /// [`crate::compare`] judges a row; `thresholds.policy_for(benchmark, metric)` gives both.
    pub fn recent_regressions<'a>(
        &'a self,
        thresholds: &Thresholds,
        options: &changepoint::Options,
        within: Option<usize>,
    ) -> Vec<RecentRegression<'a>> {
        let mut out = Vec::new();
        for (i, cp) in self.change_points.iter().enumerate() {
            let newest = self
                .change_points
                .get(i + 1)
                .is_none_or(|next| next.benchmark != cp.benchmark || next.metric != cp.metric);
            if !newest || cp.verdict != Verdict::Regressed {
                continue;
            }
            let Some(len) = self
                .series
                .iter()
                .find(|s| s.benchmark == cp.benchmark && s.metric == cp.metric)
                .map(|s| s.points.len())
            else {
                continue;
            };
            let within = within.unwrap_or_else(|| 2 * changepoint::min_size_for(len, options));
            if cp.index + within < len {
                continue;
            }
            let Some(change) = cp.change else {
                continue;
            };
            let policy = thresholds.policy_for(&cp.benchmark, &cp.metric);
            let size = change.abs();
            let (status, limit) = if size > policy.fail {
                (Status::Fail, policy.fail)
            } else if size > policy.warn {
                (Status::Warn, policy.warn)
            } else {
                continue;
            };
            out.push(RecentRegression {
                change_point: cp,
                status,
                limit,
            });
        }
        out
    }

    /// The worst status of [`Trend::recent_regressions`]: `pass` when there is none.
    pub fn recent_status(
        &self,
        thresholds: &Thresholds,
        options: &changepoint::Options,
        within: Option<usize>,
    ) -> Status {
        worst(&self.recent_regressions(thresholds, options, within))
    }
}

/// The worst status of some [`RecentRegression`]s: `pass` when there is none.
pub fn worst(recent: &[RecentRegression]) -> Status {
    recent
        .iter()
        .map(|r| r.status)
        .max()
        .unwrap_or(Status::Pass)
}

/// A history that cannot be put into one series.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("benchmark `{benchmark}` metric `{metric}`: run `{run}` is in `{unit}`, earlier runs in `{first}`, which do not convert")]
pub struct TrendError {
    pub benchmark: String,
    pub metric: String,
    pub run: String,
    pub unit: String,
    pub first: String,
}

fn sort_key(run: &RunFile) -> (Option<OffsetDateTime>, String) {
    (
        OffsetDateTime::parse(&run.run.timestamp, &Rfc3339).ok(),
        run.run.timestamp.clone(),
    )
}

/// The confidence interval of a metric's mean: the file's own when it has both ends, else
/// the 95 % t-interval from the summary's (or the samples') mean, standard deviation and n.
fn interval_of_mean(m: &Metric, t_of_n: &mut HashMap<u64, Option<f64>>) -> Option<[f64; 2]> {
    let summary = m.summary.as_ref();
    if let Some((lo, hi)) = summary.and_then(|s| s.ci_lower.zip(s.ci_upper)) {
        return Some([lo, hi]);
    }
    let (mean, sd, n) = match summary.and_then(|s| Some((s.mean?, s.stddev?, s.n?))) {
        Some(known) => known,
        None if m.samples.len() >= 2 => (
            descriptive::mean(&m.samples),
            descriptive::std_dev(&m.samples)?,
            m.samples.len() as u64,
        ),
        None => return None,
    };
    // A history's runs mostly share n: the t quantile (an iterative inversion) once per n.
    let interval = inference::mean_interval_with(mean, sd, n, 0.95, |df, p| {
        *t_of_n
            .entry(n)
            .or_insert_with(|| inference::t_quantile(df, p))
    })?;
    Some([interval.lower, interval.upper])
}

/// [`analyze_with`] the default policy (noise 1 %).
pub fn analyze(runs: &[RunFile], options: &Options) -> Result<Trend, TrendError> {
    analyze_with(runs, options, &Thresholds::default())
}

/// Orders `runs` by timestamp (a stable sort: equal timestamps keep their order), builds a
/// series per benchmark and metric (in order of first appearance), and finds change points
/// (unless `options.change_points` is off): each series' candidates whose shift exceeds its
/// policy's `noise` (`thresholds.policy_for(benchmark, metric)`), then the Benjamini–Hochberg
/// procedure at `options.false_discovery_rate` over the candidates of every series, and the
/// per-series `significance` on top.
pub fn analyze_with(
    runs: &[RunFile],
    options: &Options,
    thresholds: &Thresholds,
) -> Result<Trend, TrendError> {
    // Each run's key parsed once, then one stable sort through `order` (the wasm's one copy).
    let keys: Vec<_> = runs.iter().map(sort_key).collect();
    let order = crate::order::permutation(runs.len(), &|a, b| keys[a].cmp(&keys[b]));
    let ordered: Vec<&RunFile> = order.into_iter().map(|i| &runs[i]).collect();
    let mut series: Vec<Series> = Vec::new();
    // Where each (benchmark, metric) series is in `series`: a history of hundreds of runs of
    // thousands of benchmarks must not search the list for every point.
    let mut position: HashMap<(&str, &str), usize> = HashMap::new();
    let mut t_of_n = HashMap::new();
    for run in &ordered {
        for b in &run.benchmarks {
            for (name, m) in &b.metrics {
                if options.metric.as_ref().is_some_and(|want| want != name) {
                    continue;
                }
                let Some(value) = options.stat.of_metric(m) else {
                    continue;
                };
                let s = match position.get(&(b.name.as_str(), name.as_str())) {
                    Some(&i) => &mut series[i],
                    None => {
                        position.insert((b.name.as_str(), name.as_str()), series.len());
                        series.push(Series {
                            benchmark: b.name.clone(),
                            metric: name.clone(),
                            unit: m.unit.clone(),
                            better: m.better,
                            stat: options.stat,
                            points: Vec::new(),
                        });
                        series.last_mut().expect("just pushed")
                    }
                };
                let ci = (options.stat == Stat::Mean)
                    .then(|| interval_of_mean(m, &mut t_of_n))
                    .flatten();
                let (value, ci) = if m.unit == s.unit {
                    (value, ci)
                } else {
                    let (from, to) = (Unit::parse(&m.unit), Unit::parse(&s.unit));
                    let convert = |v: f64| {
                        from.convert(v, &to).map_err(|_| TrendError {
                            benchmark: b.name.clone(),
                            metric: name.clone(),
                            run: run.id().to_string(),
                            unit: m.unit.clone(),
                            first: s.unit.clone(),
                        })
                    };
                    let ci = match ci {
                        Some([lo, hi]) => Some([convert(lo)?, convert(hi)?]),
                        None => None,
                    };
                    (convert(value)?, ci)
                };
                s.points.push(Point {
                    run_id: run.id().to_string(),
                    run_name: run.run.name.clone(),
                    timestamp: run.run.timestamp.clone(),
                    value,
                    ci,
                });
            }
        }
    }
    let change_points = across_series(&series, options, thresholds);
    Ok(Trend {
        runs: ordered.iter().map(|r| RunRef::of(r)).collect(),
        series,
        change_points,
    })
}

/// The change points of every series: each series' candidates (shift beyond its policy's
/// noise), kept when their p-value is below both the per-series significance and the
/// Benjamini–Hochberg cut-off over all candidates.
fn across_series(
    series: &[Series],
    options: &Options,
    thresholds: &Thresholds,
) -> Vec<TrendChangePoint> {
    let mut searched = 0usize;
    let candidates: Vec<(
        Vec<f64>,
        changepoint::Options,
        Vec<changepoint::ChangePoint>,
    )> = series
        .iter()
        .map(|s| {
            let values = values_of(s);
            let search = changepoint::Options {
                min_change: thresholds.policy_for(&s.benchmark, &s.metric).noise,
                ..options.changepoint
            };
            if values.len() >= 2 * changepoint::min_size_for(values.len(), &search) {
                searched += 1;
            }
            let found = changepoint::candidates(&values, &search);
            (values, search, found)
        })
        .collect();
    let mut p: Vec<f64> = candidates
        .iter()
        .flat_map(|(_, _, c)| c.iter().map(|c| c.p_value))
        .collect();
    let cut_off = benjamini_hochberg(&mut p, searched, options.false_discovery_rate);
    series
        .iter()
        .zip(candidates)
        .flat_map(|(s, (values, search, found))| {
            if found.is_empty() {
                return Vec::new();
            }
            let kept = changepoint::select(&values, &search, |c| {
                c.p_value < search.significance && cut_off.is_some_and(|cut| c.p_value <= cut)
            });
            describe(s, &values, &kept)
        })
        .collect()
}

/// The Benjamini–Hochberg cut-off of the p-values `p` (reordered) at rate `q` with at least
/// `m` hypotheses: the largest p₍ₖ₎ with p₍ₖ₎ ≤ k·q/m, m = max(m, p.len()); `None` when none.
fn benjamini_hochberg(p: &mut [f64], m: usize, q: f64) -> Option<f64> {
    p.sort_by(f64::total_cmp);
    let m = m.max(p.len()) as f64;
    p.iter()
        .enumerate()
        .filter(|&(k, &pk)| pk <= (k + 1) as f64 * q / m)
        .map(|(_, &pk)| pk)
        .next_back()
}

fn values_of(series: &Series) -> Vec<f64> {
    series.points.iter().map(|p| p.value).collect()
}

fn describe(
    series: &Series,
    values: &[f64],
    found: &[changepoint::ChangePoint],
) -> Vec<TrendChangePoint> {
    let mut change_points = Vec::with_capacity(found.len());
    for (i, cp) in found.iter().enumerate() {
        let start = if i == 0 { 0 } else { found[i - 1].index };
        let end = found.get(i + 1).map_or(values.len(), |n| n.index);
        let mean = |xs: &[f64]| xs.iter().sum::<f64>() / xs.len() as f64;
        let before = mean(&values[start..cp.index]);
        let after = mean(&values[cp.index..end]);
        let change = (before != 0.0).then(|| (after - before) / before.abs());
        let worse = match series.better {
            Better::Lower => after > before,
            Better::Higher => after < before,
        };
        let point = &series.points[cp.index];
        change_points.push(TrendChangePoint {
            benchmark: series.benchmark.clone(),
            metric: series.metric.clone(),
            index: cp.index,
            run_id: point.run_id.clone(),
            timestamp: point.timestamp.clone(),
            before,
            after,
            change,
            verdict: if worse {
                Verdict::Regressed
            } else {
                Verdict::Improved
            },
            p_value: cp.p_value,
        });
    }
    change_points
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::read::read_run;

    fn run(id: &str, time: &str, metric: &str) -> RunFile {
        let text = format!(
            r#"{{"format": "benchdash/run", "version": 1, "run": {{"id": "{id}", "name": "{id}", "timestamp": "{time}"}},
               "benchmarks": [{{"name": "b", "metrics": {{"latency": {metric}}}}}]}}"#
        );
        read_run(id, text.as_bytes()).unwrap().run
    }

    #[test]
    fn points_carry_the_files_interval_or_the_t_interval_of_the_mean() {
        let runs = [
            // Its own interval wins.
            run(
                "own",
                "2026-01-01T00:00:00Z",
                r#"{"unit": "ms", "better": "lower",
                    "summary": {"mean": 10, "stddev": 2, "n": 10, "ci_lower": 9, "ci_upper": 11.5}}"#,
            ),
            // Mean, stddev and n: the t-interval; in seconds, converted to the series' ms.
            run(
                "summary",
                "2026-01-02T00:00:00Z",
                r#"{"unit": "s", "better": "lower", "summary": {"mean": 0.01, "stddev": 0.002, "n": 10}}"#,
            ),
            // A single value: no interval.
            run(
                "value",
                "2026-01-03T00:00:00Z",
                r#"{"unit": "ms", "better": "lower", "value": 10}"#,
            ),
        ];
        let t = analyze(&runs, &Options::default()).unwrap();
        let points = &t.series[0].points;
        assert_eq!(points[0].ci, Some([9.0, 11.5]));
        let half = 2.262157 * 2.0 / 10f64.sqrt();
        let [lo, hi] = points[1].ci.unwrap();
        assert!((lo - (10.0 - half)).abs() < 1e-4 && (hi - (10.0 + half)).abs() < 1e-4);
        assert_eq!(points[2].ci, None);
        // Intervals are of the mean: a median trend has none.
        let median = Options {
            stat: Stat::Median,
            ..Options::default()
        };
        let m = analyze(&runs[..1], &median).unwrap();
        assert!(m
            .series
            .iter()
            .all(|s| s.points.iter().all(|p| p.ci.is_none())));
    }

    #[test]
    fn newest_first_orders_change_points_by_the_run_then_by_size() {
        let cp = |benchmark: &str, timestamp: &str, change: Option<f64>| TrendChangePoint {
            benchmark: benchmark.to_string(),
            metric: "latency".to_string(),
            index: 1,
            run_id: String::new(),
            timestamp: timestamp.to_string(),
            before: 1.0,
            after: 1.0,
            change,
            verdict: Verdict::Regressed,
            p_value: 0.0,
        };
        let trend = Trend {
            runs: Vec::new(),
            series: Vec::new(),
            change_points: vec![
                cp("old", "2026-01-01T00:00:00Z", Some(0.5)),
                // Later in time, though earlier as text: timestamps are compared as times.
                cp("new-small", "2026-01-02T01:00:00+02:00", Some(-0.05)),
                cp("new-big", "2026-01-01T23:00:00Z", Some(-0.2)),
                cp("new-none", "2026-01-01T23:00:00Z", None),
            ],
        };
        let order: Vec<&str> = trend
            .newest_first()
            .iter()
            .map(|c| c.benchmark.as_str())
            .collect();
        assert_eq!(order, ["new-big", "new-small", "new-none", "old"]);
    }

    #[test]
    fn series_keep_first_appearance_order_across_many_runs() {
        let runs: Vec<RunFile> = (0..50)
            .map(|i| {
                let text = format!(
                    r#"{{"format": "benchdash/run", "version": 1, "run": {{"id": "r{i}", "name": "r{i}", "timestamp": "2026-01-01T00:00:{i:02}Z"}},
                       "benchmarks": [{{"name": "z", "metrics": {{"latency": {{"unit": "ms", "better": "lower", "value": {i}}}}}}},
                                      {{"name": "a", "metrics": {{"latency": {{"unit": "ms", "better": "lower", "value": 1}}}}}}]}}"#
                );
                read_run("r", text.as_bytes()).unwrap().run
            })
            .collect();
        let t = analyze(&runs, &Options::default()).unwrap();
        let names: Vec<&str> = t.series.iter().map(|s| s.benchmark.as_str()).collect();
        assert_eq!(names, ["z", "a"]);
        assert_eq!(t.series[0].points.len(), 50);
        assert_eq!(t.series[0].points[49].value, 49.0);
    }

    #[test]
    fn each_series_gets_its_own_change_points() {
        // Two benchmarks over 40 runs: `up` steps up at run 20 (lower is better: regressed),
        // `down` steps down at run 12 and back up at 28; small deterministic wiggles.
        let runs: Vec<RunFile> = (0..40)
            .map(|i| {
                let wiggle = f64::from((i * 7) % 5) * 0.1;
                let up = if i >= 20 { 120.0 } else { 100.0 } + wiggle;
                let down = if (12..28).contains(&i) { 40.0 } else { 50.0 } + wiggle;
                let text = format!(
                    r#"{{"format": "benchdash/run", "version": 1, "run": {{"id": "r{i}", "name": "r{i}", "timestamp": "2026-01-01T00:00:{i:02}Z"}},
                       "benchmarks": [{{"name": "up", "metrics": {{"latency": {{"unit": "ms", "better": "lower", "value": {up}}}}}}},
                                      {{"name": "down", "metrics": {{"latency": {{"unit": "ms", "better": "lower", "value": {down}}}}}}}]}}"#
                );
                read_run("r", text.as_bytes()).unwrap().run
            })
            .collect();
        let all = analyze(&runs, &Options::default()).unwrap();
        let found: Vec<(&str, usize, Verdict)> = all
            .change_points
            .iter()
            .map(|c| (c.benchmark.as_str(), c.index, c.verdict))
            .collect();
        assert_eq!(
            found,
            [
                ("up", 20, Verdict::Regressed),
                ("down", 12, Verdict::Improved),
                ("down", 28, Verdict::Regressed)
            ]
        );
    }
}
