//! Why a row or a limit came out as it did, as data. `crate::report` puts them in words (and
//! the JSON has those words), so every report and the page say the same.

use super::{Status, Test};
use crate::run::Better;
use crate::stats::Stat;
use crate::thresholds::Op;

/// One reason of a comparison's row.
#[derive(Debug, Clone, PartialEq)]
pub enum Reason {
    /// Only the baseline has the metric.
    OnlyInBaseline,
    /// Only the candidate has the metric.
    OnlyInCandidate,
    /// The candidate's numbers were converted into the baseline's unit.
    Converted { from: String, to: String },
    /// A side lacks the stat compared.
    NoStat { stat: Stat },
    /// The baseline is 0, so the relative change is undefined.
    ZeroBaseline,
    /// The change is within the noise band.
    WithinNoise { stat: Stat, change: f64, noise: f64 },
    /// The test's p-value is not below the significance level.
    NotSignificant {
        p: f64,
        significance: f64,
        test: Test,
    },
    /// Significant, but the interval of the change reaches into the noise band.
    IntervalInNoise {
        p: f64,
        confidence: f64,
        ci: [f64; 2],
        noise: f64,
    },
    /// The history decided: the candidate against `n` earlier runs whose mean was `mean`
    /// (in `unit`).
    AgainstHistory { n: usize, mean: f64, unit: String },
    /// The history had only `n` earlier runs with the metric, fewer than `min`: judged
    /// without it.
    ShortHistory { n: usize, min: usize },
    /// A regression, and the level it reached (`Pass`: within the warn limit, `limit`).
    Regression {
        stat: Stat,
        change: f64,
        better: Better,
        status: Status,
        limit: f64,
    },
}

/// What a limit found.
#[derive(Debug, Clone, PartialEq)]
pub enum LimitNote {
    /// No benchmark and metric match the limit (named by `Limit::describe`).
    NoMatch { limit: String },
    /// The metric has no such stat.
    NoValue { stat: Stat },
    /// The value reached the limit's `level` condition.
    Reached {
        stat: Stat,
        value: f64,
        unit: String,
        op: Op,
        bound: f64,
        level: Status,
    },
    /// The value reached no condition.
    Within {
        stat: Stat,
        value: f64,
        unit: String,
    },
}
