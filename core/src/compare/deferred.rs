//! A comparison whose intervals that decide no verdict come later, a few at a time.

use super::{deciding, interval_named, CompareError, Comparison, History, Row};
use crate::run::RunFile;
use crate::stats::Stat;
use crate::thresholds::{Policy, Thresholds};

/// A [`Comparison`] with every verdict, status and deciding interval, whose other bootstrap
/// intervals (most of a comparison's work: 2,000 resamples of both samples per row) are still
/// to compute: [`Deferred::fill`] computes some, [`Deferred::finish`] the rest (or
/// [`Deferred::finish_with`], on the caller's threads). It reads as the comparison so far
/// (its rows say `interval_left_out` until theirs is filled), and owns what the filling
/// needs, so it outlives the runs it was made from. Filled to the end it is exactly
/// [`super::compare`]'s comparison: every interval is seeded by its row's names.
#[derive(Debug, Clone, PartialEq)]
pub struct Deferred {
    comparison: Comparison,
    /// The rows still waiting, the next one last.
    waiting: Vec<Pending>,
}

/// One interval still to compute, independent of the others and of the runs: both samples
/// (the candidate's in the row's unit), the row's names, stat and policy.
#[derive(Debug, Clone, PartialEq)]
pub struct Pending {
    row: usize,
    benchmark: String,
    metric: String,
    stat: Stat,
    baseline: Vec<f64>,
    candidate: Vec<f64>,
    policy: Policy,
    /// Once computed: the interval, or `None` where the bootstrap gives none.
    done: Option<Option<[f64; 2]>>,
}

impl Pending {
    fn interval(&self) -> Option<[f64; 2]> {
        self.done.unwrap_or_else(|| {
            interval_named(
                &self.benchmark,
                &self.metric,
                self.stat,
                &self.baseline,
                &self.candidate,
                &self.policy,
            )
        })
    }

    /// Computes the interval (anywhere: on any thread, in any order).
    pub fn compute(&mut self) {
        self.done = Some(self.interval());
    }
}

impl Deferred {
    /// Compares `candidate` with `baseline` (see [`super::compare`]), leaving out the
    /// intervals no verdict reads.
    pub fn new(
        baseline: &RunFile,
        candidate: &RunFile,
        thresholds: &Thresholds,
    ) -> Result<Deferred, CompareError> {
        Deferred::with_history(baseline, candidate, &History::none(), thresholds)
    }

    /// [`Deferred::new`] with a history (see [`super::compare_with_history`]). The history's
    /// verdicts have closed-form intervals, so nothing of the history is kept.
    pub fn with_history(
        baseline: &RunFile,
        candidate: &RunFile,
        history: &History,
        thresholds: &Thresholds,
    ) -> Result<Deferred, CompareError> {
        let mut comparison = deciding(baseline, candidate, history, thresholds)?;
        let mut waiting = Vec::new();
        for (i, row) in comparison.rows.iter_mut().enumerate().rev() {
            if !row.interval_left_out {
                continue;
            }
            match (row.metric_in(baseline), row.metric_in(candidate)) {
                (Some(b), Some(c)) => waiting.push(Pending {
                    row: i,
                    benchmark: row.benchmark.clone(),
                    metric: row.metric.clone(),
                    stat: row.stat,
                    baseline: b.into_owned().samples,
                    candidate: c.into_owned().samples,
                    policy: thresholds.policy_for(&row.benchmark, &row.metric),
                    done: None,
                }),
                // Nothing to resample: the interval stays absent.
                _ => row.interval_left_out = false,
            }
        }
        Ok(Deferred {
            comparison,
            waiting,
        })
    }

    /// How many intervals are still to compute.
    pub fn left(&self) -> usize {
        self.waiting.len()
    }

    /// Computes up to `n` more intervals, in row order, and says how many are left.
    pub fn fill(&mut self, n: usize) -> usize {
        for _ in 0..n {
            let Some(pending) = self.waiting.pop() else {
                break;
            };
            self.put(&pending);
        }
        self.left()
    }

    fn put(&mut self, pending: &Pending) {
        let row = &mut self.comparison.rows[pending.row];
        row.ci = pending.interval();
        row.interval_left_out = false;
    }

    /// The row of `benchmark` and `metric` with its interval, computed now if it is still
    /// waiting (the comparison itself is left as it is).
    pub fn filled_row(&self, benchmark: &str, metric: &str) -> Option<Row> {
        let i = self
            .comparison
            .rows
            .iter()
            .position(|r| r.benchmark == benchmark && r.metric == metric)?;
        let mut row = self.comparison.rows[i].clone();
        if let Some(pending) = self.waiting.iter().find(|w| w.row == i) {
            row.ci = pending.interval();
            row.interval_left_out = false;
        }
        Some(row)
    }

    /// The comparison so far: what the intervals still waiting leave out is marked
    /// `interval_left_out`.
    pub fn comparison(&self) -> &Comparison {
        &self.comparison
    }

    /// The whole comparison: every interval filled.
    pub fn finish(mut self) -> Comparison {
        self.fill(usize::MAX);
        self.comparison
    }

    /// The whole comparison, with `compute` given every interval still waiting to
    /// [`Pending::compute`] as it likes (the CLI spreads them over its cores; core has no
    /// threads). What it leaves uncomputed is computed here. The result is [`Deferred::finish`]'s.
    pub fn finish_with(mut self, compute: impl FnOnce(&mut [Pending])) -> Comparison {
        let mut waiting = std::mem::take(&mut self.waiting);
        compute(&mut waiting);
        for pending in &waiting {
            self.put(pending);
        }
        self.comparison
    }
}

impl std::ops::Deref for Deferred {
    type Target = Comparison;

    fn deref(&self) -> &Comparison {
        &self.comparison
    }
}
