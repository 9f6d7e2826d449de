//! Absolute limits (the thresholds file's `[[limit]]` entries) applied to one run: [`check`],
//! and the limits part of every comparison (on the candidate).

use serde::Serialize;

use super::{CompareError, LimitNote, RunRef, Status};
use crate::run::{Metric, RunFile};
use crate::stats::Stat;
use crate::thresholds::{glob_match, Limit, Op};
use crate::units::Unit;

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
    /// Its name in the JSON contract.
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
    pub message: LimitNote,
}

/// The result of [`check`].
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Check {
    pub run: RunRef,
    pub status: Status,
    pub limits: Vec<LimitRow>,
}

/// Applies the limits of `thresholds` to one run.
pub fn check(
    run: &RunFile,
    thresholds: &crate::thresholds::Thresholds,
) -> Result<Check, CompareError> {
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

/// Every limit applied to every metric it matches in `run`.
pub(super) fn evaluate_limits(
    run: &RunFile,
    limits: &[Limit],
) -> Result<Vec<LimitRow>, CompareError> {
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
                message: LimitNote::NoMatch {
                    limit: limit.describe(),
                },
            });
        }
    }
    Ok(out)
}

/// The condition's text at the level reached (the fail condition, else the warn one, when
/// none is).
fn rule_text(limit: &Limit, reached: Option<Status>) -> String {
    match reached {
        Some(Status::Fail) => limit.fail.as_ref().map(|c| c.text.clone()),
        Some(Status::Warn) => limit.warn.as_ref().map(|c| c.text.clone()),
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
    let bound = |level: Status| -> Result<Option<(Op, f64)>, CompareError> {
        let cond = if level == Status::Fail {
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
                            "{} `{}` does not fit benchmark `{benchmark}` metric `{metric}`: {source}",
                            level.as_str(),
                            c.text
                        ),
                    })
            })
            .transpose()
    };
    let fail = bound(Status::Fail)?;
    let warn = bound(Status::Warn)?;
    let value = limit.stat.of_metric(m);
    let mut row = LimitRow {
        benchmark: benchmark.to_string(),
        metric: metric.to_string(),
        stat: limit.stat,
        value,
        unit: Some(m.unit.clone()),
        rule: rule_text(limit, None),
        status: LimitStatus::NoData,
        message: LimitNote::NoValue { stat: limit.stat },
    };
    let Some(v) = value else {
        return Ok(row);
    };
    let holds = |b: Option<(Op, f64)>| b.filter(|(op, x)| op.holds(v, *x));
    let (status, reached) = if let Some(b) = holds(fail) {
        (LimitStatus::Fail, Some((Status::Fail, b)))
    } else if let Some(b) = holds(warn) {
        (LimitStatus::Warn, Some((Status::Warn, b)))
    } else {
        (LimitStatus::Pass, None)
    };
    row.status = status;
    row.rule = rule_text(limit, reached.map(|r| r.0));
    row.message = match reached {
        Some((level, (op, bound))) => LimitNote::Reached {
            stat: limit.stat,
            value: v,
            unit: m.unit.clone(),
            op,
            bound,
            level,
        },
        None => LimitNote::Within {
            stat: limit.stat,
            value: v,
            unit: m.unit.clone(),
        },
    };
    Ok(row)
}
