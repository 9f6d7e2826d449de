//! The earlier runs a comparison may read: the evidence of how much a benchmark moves from run
//! to run when nothing changed ([`History`]).

use std::borrow::Cow;
use std::collections::HashMap;

use time::format_description::well_known::Rfc3339;
use time::OffsetDateTime;

use crate::run::{Benchmark, Metric, RunFile};
use crate::stats::history::Earlier;
use crate::stats::Stat;
use crate::units::Unit;

/// When a run was made, for ordering: the parsed timestamp, then the text (the rule of
/// [`crate::trend`]).
pub(crate) type RunTime = (Option<OffsetDateTime>, String);

pub(crate) fn run_time(run: &RunFile) -> RunTime {
    (
        OffsetDateTime::parse(&run.run.timestamp, &Rfc3339).ok(),
        run.run.timestamp.clone(),
    )
}

/// Earlier runs of a suite, oldest first, each once (by run id), with their benchmarks
/// indexed by name so that a thousand rows can each look through them.
#[derive(Debug, Clone, Default)]
pub struct History<'a> {
    runs: Vec<Indexed<'a>>,
}

#[derive(Debug, Clone)]
struct Indexed<'a> {
    time: RunTime,
    run: &'a RunFile,
    benchmarks: HashMap<&'a str, &'a Benchmark>,
}

impl<'a> Indexed<'a> {
    fn of(run: &'a RunFile) -> Indexed<'a> {
        Indexed {
            time: run_time(run),
            run,
            benchmarks: run
                .benchmarks
                .iter()
                .map(|b| (b.name.as_str(), b))
                .collect(),
        }
    }
}

impl Indexed<'_> {
    /// The same run: the same value, or the same id (a run read twice). Runs made in memory
    /// have no id, and are only themselves.
    fn is(&self, run: &RunFile) -> bool {
        std::ptr::eq(self.run, run) || (!run.id().is_empty() && self.run.id() == run.id())
    }
}

impl<'a> History<'a> {
    /// No history: comparisons judge by the two runs alone.
    pub fn none() -> History<'a> {
        History::default()
    }

    /// The runs, in any order; a run id seen twice is read once.
    pub fn new(runs: impl IntoIterator<Item = &'a RunFile>) -> History<'a> {
        let mut seen = std::collections::HashSet::new();
        let mut indexed: Vec<Indexed<'a>> = runs
            .into_iter()
            .filter(|r| r.id().is_empty() || seen.insert(r.id()))
            .map(Indexed::of)
            .collect();
        crate::order::sort_by(&mut indexed, |a, b| a.time.cmp(&b.time));
        History { runs: indexed }
    }

    pub fn len(&self) -> usize {
        self.runs.len()
    }

    pub fn is_empty(&self) -> bool {
        self.runs.is_empty()
    }

    /// What a comparison of `candidate` with `baseline` reads: the runs made before the
    /// candidate (not the candidate itself), with the baseline among them when it is older
    /// and not there yet. `None` for an empty history, or one with nothing before the
    /// candidate but the baseline: the two runs alone, whose verdicts are those without a
    /// history (a dashboard with two runs loaded says nothing of a history).
    pub(crate) fn before<'h>(
        &'h self,
        baseline: &'h RunFile,
        candidate: &RunFile,
    ) -> Option<Before<'h>> {
        if self.is_empty() {
            return None;
        }
        let cut = run_time(candidate);
        let mut runs: Vec<Cow<'h, Indexed<'h>>> = self
            .runs
            .iter()
            .filter(|r| r.time < cut && !r.is(candidate))
            .map(Cow::Borrowed)
            .collect();
        let baseline_time = run_time(baseline);
        if !runs.iter().any(|r| r.is(baseline)) && baseline_time < cut {
            let at = runs.partition_point(|r| r.time <= baseline_time);
            runs.insert(at, Cow::Owned(Indexed::of(baseline)));
        }
        if runs.iter().all(|r| r.is(baseline)) {
            return None;
        }
        Some(Before { runs })
    }
}

/// The earlier runs of one comparison, oldest first.
pub(crate) struct Before<'a> {
    runs: Vec<Cow<'a, Indexed<'a>>>,
}

impl Before<'_> {
    /// How many runs.
    pub(crate) fn len(&self) -> usize {
        self.runs.len()
    }

    /// The `stat` of a benchmark's metric in the newest `window` runs that have it (in `unit`;
    /// runs whose unit does not convert are left out), oldest first, each with its within-run
    /// variance where `stat` is the mean.
    pub(crate) fn points(
        &self,
        benchmark: &str,
        metric: &str,
        stat: Stat,
        unit: &str,
        window: usize,
    ) -> Vec<Earlier> {
        let unit = Unit::parse(unit);
        let mut points: Vec<Earlier> = self
            .runs
            .iter()
            .rev()
            .filter_map(|r| r.benchmarks.get(benchmark)?.metrics.get(metric))
            .filter_map(|m| {
                let m = m.in_unit(&unit).ok()?;
                Some(Earlier {
                    value: stat.of_metric(&m)?,
                    within: (stat == Stat::Mean).then(|| within(&m)).flatten(),
                })
            })
            .take(window)
            .collect();
        points.reverse();
        points
    }
}

/// A metric's squared standard error of the mean, sd² / n, and n, from its summary or samples
/// (n ≥ 2).
pub(crate) fn within_of(m: &Metric) -> Option<(f64, f64)> {
    let (_, sd, n) = super::mean_sd_n(m)?;
    (n >= 2.0 && sd.is_finite()).then(|| (sd * sd / n, n))
}

fn within(m: &Metric) -> Option<f64> {
    within_of(m).map(|(v, _)| v)
}
