//! Histories: the runs in timestamp order, a series per benchmark and metric, and the change
//! points found in each series by E-Divisive means ([`crate::stats::changepoint`]).

use serde::Serialize;
use time::format_description::well_known::Rfc3339;
use time::OffsetDateTime;

use crate::compare::{RunRef, Verdict};
use crate::run::{Better, RunFile};
use crate::stats::{changepoint, Stat};
use crate::units::Unit;

/// What to analyse.
#[derive(Debug, Clone, PartialEq)]
pub struct Options {
    /// Only this metric (all metrics when `None`).
    pub metric: Option<String>,
    /// The stat plotted and searched. Default `mean`.
    pub stat: Stat,
    pub changepoint: changepoint::Options,
}

impl Default for Options {
    fn default() -> Options {
        Options {
            metric: None,
            stat: Stat::Mean,
            changepoint: changepoint::Options::default(),
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
    pub p_value: f64,
}

/// The result of [`analyze`].
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Trend {
    /// The runs, oldest first.
    pub runs: Vec<RunRef>,
    pub series: Vec<Series>,
    pub change_points: Vec<TrendChangePoint>,
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

/// Orders `runs` by timestamp (a stable sort: equal timestamps keep their order), builds a
/// series per benchmark and metric (in order of first appearance), and finds change points.
pub fn analyze(runs: &[RunFile], options: &Options) -> Result<Trend, TrendError> {
    let mut ordered: Vec<&RunFile> = runs.iter().collect();
    ordered.sort_by_cached_key(|r| sort_key(r));
    let mut series: Vec<Series> = Vec::new();
    for run in &ordered {
        for b in &run.benchmarks {
            for (name, m) in &b.metrics {
                if options.metric.as_ref().is_some_and(|want| want != name) {
                    continue;
                }
                let Some(value) = options.stat.of_metric(m) else {
                    continue;
                };
                let pos = series
                    .iter()
                    .position(|s| s.benchmark == b.name && s.metric == *name);
                let s = match pos {
                    Some(i) => &mut series[i],
                    None => {
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
                let value = if m.unit == s.unit {
                    value
                } else {
                    Unit::parse(&m.unit)
                        .convert(value, &Unit::parse(&s.unit))
                        .map_err(|_| TrendError {
                            benchmark: b.name.clone(),
                            metric: name.clone(),
                            run: run.id().to_string(),
                            unit: m.unit.clone(),
                            first: s.unit.clone(),
                        })?
                };
                s.points.push(Point {
                    run_id: run.id().to_string(),
                    run_name: run.run.name.clone(),
                    timestamp: run.run.timestamp.clone(),
                    value,
                });
            }
        }
    }
    let mut change_points = Vec::new();
    for s in &series {
        let values: Vec<f64> = s.points.iter().map(|p| p.value).collect();
        let found = changepoint::e_divisive(&values, &options.changepoint);
        for (i, cp) in found.iter().enumerate() {
            let start = if i == 0 { 0 } else { found[i - 1].index };
            let end = found.get(i + 1).map_or(values.len(), |n| n.index);
            let mean = |xs: &[f64]| xs.iter().sum::<f64>() / xs.len() as f64;
            let before = mean(&values[start..cp.index]);
            let after = mean(&values[cp.index..end]);
            let change = (before != 0.0).then(|| (after - before) / before.abs());
            let worse = match s.better {
                Better::Lower => after > before,
                Better::Higher => after < before,
            };
            let point = &s.points[cp.index];
            change_points.push(TrendChangePoint {
                benchmark: s.benchmark.clone(),
                metric: s.metric.clone(),
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
    }
    Ok(Trend {
        runs: ordered.iter().map(|r| RunRef::of(r)).collect(),
        series,
        change_points,
    })
}
