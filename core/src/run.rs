//! The run file: benchdash's one interchange format (docs/format.md, version 1).
//!
//! These are plain serde types. Reading applies the readers' rules (version check, derived ids,
//! summaries from samples, dropping metrics with no usable number): see [`crate::read`].
//! Writing is [`crate::write`]. Nothing here touches files.

use std::borrow::Cow;
use std::collections::BTreeMap;

use serde::{Deserialize, Deserializer, Serialize};

use crate::stats::descriptive;
use crate::units::{Unit, UnitError};

/// The value of the top-level `format` key of every run file.
pub const FORMAT: &str = "benchdash/run";
/// The run-file version this build reads and writes.
pub const VERSION: u32 = 1;

/// A whole run file: one run of a benchmark suite.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RunFile {
    pub format: String,
    pub version: u32,
    pub run: Run,
    #[serde(default)]
    pub benchmarks: Vec<Benchmark>,
}

/// Who, what and when: everything about a run that is not a measurement.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Run {
    /// Unique within a history. Readers fill it from the content hash when a file has none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// The human label.
    pub name: String,
    /// RFC 3339; orders a history.
    pub timestamp: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<Source>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub git: Option<Git>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub machine: Option<Machine>,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub tags: BTreeMap<String, String>,
    /// The simulation scenario that produced the run, when it came from `benchdash simulate`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scenario: Option<serde_json::Value>,
    /// Tool-specific details that have no place of their own.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub extra: Option<serde_json::Map<String, serde_json::Value>>,
}

/// The tool that measured (or imported) the run.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Source {
    pub tool: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tool_version: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub files: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Git {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub commit: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub branch: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dirty: Option<bool>,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Machine {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hostname: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub os: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cpu: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cores: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub memory_bytes: Option<u64>,
}

/// One benchmark of a run: a name and its metrics.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Benchmark {
    /// Unique within the run; `/` separates group levels.
    pub name: String,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub params: BTreeMap<String, String>,
    pub metrics: BTreeMap<String, Metric>,
    /// How the benchmark behaved over time (optional; [`crate::timeline`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timeline: Option<crate::timeline::Timeline>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub extra: Option<serde_json::Map<String, serde_json::Value>>,
}

/// Which way is good for a metric.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Better {
    Lower,
    Higher,
}

impl Better {
    pub fn as_str(self) -> &'static str {
        match self {
            Better::Lower => "lower",
            Better::Higher => "higher",
        }
    }

    /// The sign of a worse change: +1 when lower is better (a rise is worse), −1 when higher
    /// is better. A change times this is the change in the bad direction.
    pub fn worse(self) -> f64 {
        match self {
            Better::Lower => 1.0,
            Better::Higher => -1.0,
        }
    }
}

/// One measured quantity of a benchmark.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Metric {
    pub unit: String,
    pub better: Better,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub summary: Option<Summary>,
    /// Raw observations. `null` entries (JSON has no NaN) are dropped on reading.
    #[serde(
        default,
        skip_serializing_if = "Vec::is_empty",
        deserialize_with = "samples_without_nulls"
    )]
    pub samples: Vec<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub extra: Option<serde_json::Map<String, serde_json::Value>>,
}

/// Summary statistics of a metric, all in the metric's unit. Any subset may be present.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Summary {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub n: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mean: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stddev: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub median: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub p50: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub p90: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub p95: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub p99: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ci_lower: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ci_upper: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ci_level: Option<f64>,
}

fn samples_without_nulls<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<f64>, D::Error> {
    let raw: Option<Vec<Option<f64>>> = Option::deserialize(d)?;
    Ok(raw.unwrap_or_default().into_iter().flatten().collect())
}

impl Summary {
    /// The numbers that describe a distribution (the CI level is a setting, not a number of it).
    fn has_any_number(&self) -> bool {
        self.n.is_some()
            || [
                self.mean,
                self.stddev,
                self.median,
                self.min,
                self.max,
                self.p50,
                self.p90,
                self.p95,
                self.p99,
                self.ci_lower,
                self.ci_upper,
            ]
            .iter()
            .any(Option::is_some)
    }

    /// Fills every key that is absent from the samples; keys already present are kept, since
    /// a tool's own summary may cover more observations than it exported.
    pub fn fill_from_samples(&mut self, samples: &[f64]) {
        if samples.is_empty() {
            return;
        }
        let sorted = descriptive::sorted(samples);
        let fill = |slot: &mut Option<f64>, value: Option<f64>| {
            if slot.is_none() {
                *slot = value;
            }
        };
        if self.n.is_none() {
            self.n = Some(samples.len() as u64);
        }
        fill(&mut self.mean, Some(descriptive::mean(samples)));
        fill(&mut self.stddev, descriptive::std_dev(samples));
        fill(
            &mut self.median,
            Some(descriptive::quantile_sorted(&sorted, 0.5)),
        );
        fill(&mut self.min, sorted.first().copied());
        fill(&mut self.max, sorted.last().copied());
        fill(
            &mut self.p50,
            Some(descriptive::quantile_sorted(&sorted, 0.50)),
        );
        fill(
            &mut self.p90,
            Some(descriptive::quantile_sorted(&sorted, 0.90)),
        );
        fill(
            &mut self.p95,
            Some(descriptive::quantile_sorted(&sorted, 0.95)),
        );
        fill(
            &mut self.p99,
            Some(descriptive::quantile_sorted(&sorted, 0.99)),
        );
    }
}

impl Metric {
    /// The metric with its numbers converted into `to`: borrowed as it is when the units are
    /// the same, an error when they do not convert.
    pub fn in_unit(&self, to: &Unit) -> Result<Cow<'_, Metric>, UnitError> {
        let from = Unit::parse(&self.unit);
        if from.symbol == to.symbol {
            return Ok(Cow::Borrowed(self));
        }
        let conv = |v: f64| from.convert(v, to);
        let mut out = self.clone();
        out.unit = to.symbol.clone();
        out.value = self.value.map(conv).transpose()?;
        out.samples = self
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
        Ok(Cow::Owned(out))
    }

    /// The metric's headline number: `summary.mean`, else `value`, else the mean of `samples`.
    pub fn headline(&self) -> Option<f64> {
        self.summary
            .as_ref()
            .and_then(|s| s.mean)
            .or(self.value)
            .or_else(|| (!self.samples.is_empty()).then(|| descriptive::mean(&self.samples)))
    }

    /// Whether the metric carries any number at all; one that does not is dropped on reading.
    pub fn is_usable(&self) -> bool {
        self.value.is_some()
            || !self.samples.is_empty()
            || self.summary.as_ref().is_some_and(Summary::has_any_number)
    }
}

impl RunFile {
    /// A new, empty run file of the current version.
    pub fn new(name: impl Into<String>, timestamp: impl Into<String>) -> RunFile {
        RunFile {
            format: FORMAT.to_string(),
            version: VERSION,
            run: Run {
                id: None,
                name: name.into(),
                timestamp: timestamp.into(),
                source: None,
                git: None,
                machine: None,
                tags: BTreeMap::new(),
                scenario: None,
                extra: None,
            },
            benchmarks: Vec::new(),
        }
    }

    /// The run's id; empty only for a run file built in memory and not yet read or written.
    pub fn id(&self) -> &str {
        self.run.id.as_deref().unwrap_or("")
    }

    /// A benchmark's metric, by names.
    pub fn metric(&self, benchmark: &str, metric: &str) -> Option<&Metric> {
        self.benchmark(benchmark)
            .and_then(|b| b.metrics.get(metric))
    }

    pub fn benchmark(&self, name: &str) -> Option<&Benchmark> {
        self.benchmarks.iter().find(|b| b.name == name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn metric(value: Option<f64>, summary: Option<Summary>, samples: Vec<f64>) -> Metric {
        Metric {
            unit: "ms".into(),
            better: Better::Lower,
            value,
            summary,
            samples,
            extra: None,
        }
    }

    #[test]
    fn headline_prefers_summary_mean_then_value_then_samples() {
        let with_mean = Summary {
            mean: Some(5.0),
            ..Summary::default()
        };
        assert_eq!(
            metric(Some(1.0), Some(with_mean), vec![9.0]).headline(),
            Some(5.0)
        );
        assert_eq!(
            metric(Some(1.0), Some(Summary::default()), vec![9.0]).headline(),
            Some(1.0)
        );
        assert_eq!(metric(None, None, vec![2.0, 4.0]).headline(), Some(3.0));
        assert_eq!(metric(None, None, vec![]).headline(), None);
    }

    #[test]
    fn a_ci_level_alone_is_not_a_usable_number() {
        let level_only = Summary {
            ci_level: Some(0.95),
            ..Summary::default()
        };
        assert!(!metric(None, Some(level_only), vec![]).is_usable());
        let n_only = Summary {
            n: Some(3),
            ..Summary::default()
        };
        assert!(metric(None, Some(n_only), vec![]).is_usable());
    }

    #[test]
    fn filling_keeps_the_tools_own_keys() {
        let mut s = Summary {
            mean: Some(100.0),
            ..Summary::default()
        };
        s.fill_from_samples(&[1.0, 2.0, 3.0, 4.0]);
        assert_eq!(s.mean, Some(100.0));
        assert_eq!(s.n, Some(4));
        assert_eq!(s.median, Some(2.5));
        assert_eq!(s.min, Some(1.0));
        assert_eq!(s.max, Some(4.0));
        // Type-7 interpolation: 1 + 0.9 × 3 = 3.7.
        assert!((s.p90.unwrap() - 3.7).abs() < 1e-12);
    }
}
