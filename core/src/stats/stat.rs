//! Which number of a metric to judge: `mean median min max stddev cv value` or `pNN`
//! (docs/cli.md#stat), and how to get it from samples or from a metric's summary.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::descriptive;
use crate::run::Metric;

/// A statistic of a metric.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Stat {
    Mean,
    Median,
    Min,
    Max,
    StdDev,
    /// Coefficient of variation: stddev / |mean|.
    Cv,
    /// The metric's headline number (`summary.mean`, else `value`, else the samples' mean).
    Value,
    /// A type-7 percentile, 0 ≤ p ≤ 100 (`p95`, `p99.9`).
    Percentile(f64),
}

/// A stat name that is not one of the known ones.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("unknown stat `{0}` (expected one of mean median min max stddev cv value, or pNN like p95 or p99.9)")]
pub struct StatError(pub String);

impl FromStr for Stat {
    type Err = StatError;
    fn from_str(s: &str) -> Result<Stat, StatError> {
        Ok(match s.trim() {
            "mean" => Stat::Mean,
            "median" => Stat::Median,
            "min" => Stat::Min,
            "max" => Stat::Max,
            "stddev" => Stat::StdDev,
            "cv" => Stat::Cv,
            "value" => Stat::Value,
            other => {
                let p = other
                    .strip_prefix('p')
                    .filter(|d| !d.is_empty() && d.chars().all(|c| c.is_ascii_digit() || c == '.'))
                    .and_then(|d| d.parse::<f64>().ok())
                    .filter(|p| (0.0..=100.0).contains(p))
                    .ok_or_else(|| StatError(s.to_string()))?;
                Stat::Percentile(p)
            }
        })
    }
}

impl fmt::Display for Stat {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Stat::Mean => f.write_str("mean"),
            Stat::Median => f.write_str("median"),
            Stat::Min => f.write_str("min"),
            Stat::Max => f.write_str("max"),
            Stat::StdDev => f.write_str("stddev"),
            Stat::Cv => f.write_str("cv"),
            Stat::Value => f.write_str("value"),
            Stat::Percentile(p) => write!(f, "p{p}"),
        }
    }
}

impl Serialize for Stat {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Stat {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Stat, D::Error> {
        let text = String::deserialize(d)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

impl Stat {
    /// The stat of a sample; `None` when the sample is too small for it (stddev and cv need
    /// two observations) or it is undefined (cv of a zero mean).
    pub fn of_samples(self, xs: &[f64]) -> Option<f64> {
        if xs.is_empty() {
            return None;
        }
        match self {
            Stat::Mean | Stat::Value => Some(descriptive::mean(xs)),
            Stat::Median => descriptive::median(xs),
            Stat::Min => descriptive::min(xs),
            Stat::Max => descriptive::max(xs),
            Stat::StdDev => descriptive::std_dev(xs),
            Stat::Cv => descriptive::cv(xs),
            Stat::Percentile(p) => descriptive::percentile(xs, p),
        }
    }

    /// The stat of an already sorted sample (faster for order statistics; used by the
    /// bootstrap).
    pub fn of_sorted(self, sorted: &[f64]) -> Option<f64> {
        match self {
            Stat::Median => (!sorted.is_empty()).then(|| descriptive::quantile_sorted(sorted, 0.5)),
            Stat::Min => sorted.first().copied(),
            Stat::Max => sorted.last().copied(),
            Stat::Percentile(p) => {
                (!sorted.is_empty()).then(|| descriptive::quantile_sorted(sorted, p / 100.0))
            }
            other => other.of_samples(sorted),
        }
    }

    /// Whether the stat depends on the order of the observations (and so needs a sort).
    pub fn needs_sort(self) -> bool {
        matches!(
            self,
            Stat::Median | Stat::Min | Stat::Max | Stat::Percentile(_)
        )
    }

    /// The stat of a metric, in the metric's unit: from the samples when there are any (so
    /// every stat is available), else from the summary's keys, else from a single `value`,
    /// which stands for every location stat (mean, median, min, max, pNN) of its one
    /// observation and has no spread.
    pub fn of_metric(self, metric: &Metric) -> Option<f64> {
        if self == Stat::Value {
            return metric.headline();
        }
        let summary = metric.summary.as_ref();
        let from_summary = summary.and_then(|s| match self {
            Stat::Mean => s.mean,
            Stat::Median => s.median.or(s.p50),
            Stat::Min => s.min,
            Stat::Max => s.max,
            Stat::StdDev => s.stddev,
            Stat::Cv => match (s.stddev, s.mean) {
                (Some(sd), Some(m)) if m != 0.0 => Some(sd / m.abs()),
                _ => None,
            },
            Stat::Percentile(50.0) => s.p50.or(s.median),
            Stat::Percentile(90.0) => s.p90,
            Stat::Percentile(95.0) => s.p95,
            Stat::Percentile(99.0) => s.p99,
            Stat::Percentile(0.0) => s.min,
            Stat::Percentile(100.0) => s.max,
            _ => None,
        });
        // A tool's own summary may cover more observations than the samples it exported, so
        // it wins for the keys it has (readers fill the missing ones from the samples).
        if let Some(v) = from_summary {
            return Some(v);
        }
        if !metric.samples.is_empty() {
            return self.of_samples(&metric.samples);
        }
        let single = metric
            .value
            .filter(|_| metric.summary.is_none() || summary_is_single(metric));
        match self {
            Stat::StdDev | Stat::Cv => None,
            _ => single,
        }
    }
}

/// A metric whose summary says nothing about a distribution (only a CI level, say).
fn summary_is_single(metric: &Metric) -> bool {
    metric
        .summary
        .as_ref()
        .is_none_or(|s| s.n.is_none_or(|n| n <= 1) && s.mean.is_none() && s.stddev.is_none())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::run::{Better, Summary};

    #[test]
    fn names_round_trip() {
        for name in [
            "mean", "median", "min", "max", "stddev", "cv", "value", "p95", "p99.9", "p0",
        ] {
            let stat: Stat = name.parse().unwrap();
            assert_eq!(stat.to_string(), name);
        }
        assert_eq!("p99.9".parse::<Stat>().unwrap(), Stat::Percentile(99.9));
        for bad in ["p", "p101", "avg", "p-1", "pnan", ""] {
            assert!(bad.parse::<Stat>().is_err(), "{bad}");
        }
    }

    #[test]
    fn metric_stats_prefer_summary_then_samples_then_value() {
        let m = Metric {
            unit: "ms".into(),
            better: Better::Lower,
            value: None,
            summary: Some(Summary {
                mean: Some(10.0),
                p95: Some(19.0),
                ..Summary::default()
            }),
            samples: vec![1.0, 2.0, 3.0],
            extra: None,
        };
        assert_eq!(Stat::Mean.of_metric(&m), Some(10.0));
        assert_eq!(Stat::Percentile(95.0).of_metric(&m), Some(19.0));
        assert_eq!(Stat::Median.of_metric(&m), Some(2.0));
        let single = Metric {
            value: Some(0.96),
            summary: None,
            samples: vec![],
            ..m
        };
        assert_eq!(Stat::Mean.of_metric(&single), Some(0.96));
        assert_eq!(Stat::Percentile(99.0).of_metric(&single), Some(0.96));
        assert_eq!(Stat::StdDev.of_metric(&single), None);
    }
}
