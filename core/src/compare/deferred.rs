//! A comparison whose intervals that decide no verdict come later, a few at a time.

use super::{deciding, interval_of, CompareError, Comparison, Row};
use crate::run::RunFile;
use crate::thresholds::{Policy, Thresholds};

/// A [`Comparison`] with every verdict, status and deciding interval, whose other bootstrap
/// intervals (most of a comparison's work: 2,000 resamples of both samples per row) are still
/// to compute: [`Deferred::fill`] computes some, [`Deferred::finish`] the rest. It reads as
/// the comparison so far (its rows say `interval_left_out` until theirs is filled), and owns
/// what the filling needs, so it outlives the runs it was made from. Filled to the end it is
/// exactly [`super::compare`]'s comparison: every interval is seeded by its row's names.
#[derive(Debug, Clone, PartialEq)]
pub struct Deferred {
    comparison: Comparison,
    /// The rows still waiting, the next one last.
    waiting: Vec<Waiting>,
}

/// What one left-out interval needs: both samples (the candidate's in the row's unit) and
/// the row's policy.
#[derive(Debug, Clone, PartialEq)]
struct Waiting {
    row: usize,
    baseline: Vec<f64>,
    candidate: Vec<f64>,
    policy: Policy,
}

impl Deferred {
    /// Compares `candidate` with `baseline` (see [`super::compare`]), leaving out the
    /// intervals no verdict reads.
    pub fn new(
        baseline: &RunFile,
        candidate: &RunFile,
        thresholds: &Thresholds,
    ) -> Result<Deferred, CompareError> {
        let mut comparison = deciding(baseline, candidate, thresholds)?;
        let mut waiting = Vec::new();
        for (i, row) in comparison.rows.iter_mut().enumerate().rev() {
            if !row.interval_left_out {
                continue;
            }
            match (row.metric_in(baseline), row.metric_in(candidate)) {
                (Some(b), Some(c)) => waiting.push(Waiting {
                    row: i,
                    baseline: b.into_owned().samples,
                    candidate: c.into_owned().samples,
                    policy: thresholds.policy_for(&row.benchmark, &row.metric),
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
            let Some(w) = self.waiting.pop() else { break };
            let row = &mut self.comparison.rows[w.row];
            row.ci = interval_of(row, &w.baseline, &w.candidate, &w.policy);
            row.interval_left_out = false;
        }
        self.left()
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
        if let Some(w) = self.waiting.iter().find(|w| w.row == i) {
            row.ci = interval_of(&row, &w.baseline, &w.candidate, &w.policy);
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
}

impl std::ops::Deref for Deferred {
    type Target = Comparison;

    fn deref(&self) -> &Comparison {
        &self.comparison
    }
}
