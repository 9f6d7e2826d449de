//! The judgements' reasons in words: the one place they are phrased, for every report, the
//! JSON (whose `reasons` and `message` are these strings) and the page.

use std::fmt;

use serde::{Serialize, Serializer};

use super::{change, number};
use crate::compare::{Comparison, LimitNote, Reason, Status, Test};
use crate::thresholds::percent;

impl fmt::Display for Reason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Reason::OnlyInBaseline => f.write_str("only in the baseline"),
            Reason::OnlyInCandidate => f.write_str("only in the candidate"),
            Reason::Converted { from, to } => write!(f, "candidate converted from {from} to {to}"),
            Reason::NoStat { stat } => write!(f, "no {stat} on both sides: nothing to compare"),
            Reason::ZeroBaseline => {
                f.write_str("the baseline is 0: the relative change is undefined")
            }
            Reason::WithinNoise {
                stat,
                change: c,
                noise,
            } => write!(f, "{stat} {} within noise {}", change(*c), percent(*noise)),
            Reason::NotSignificant {
                p,
                significance,
                test,
            } => {
                let name = match test {
                    Test::WelchSummary => "welch on summaries",
                    Test::MannWhitney => "mann-whitney",
                    Test::History => "history",
                    Test::Welch | Test::None => "welch",
                };
                write!(f, "p = {} ≥ {significance} ({name})", number(*p))
            }
            Reason::IntervalInNoise {
                p,
                confidence,
                ci,
                noise,
            } => write!(
                f,
                "p = {} but the {}% interval [{}, {}] reaches into noise {}",
                number(*p),
                number(confidence * 100.0),
                change(ci[0]),
                change(ci[1]),
                percent(*noise)
            ),
            Reason::AgainstHistory { n, mean, unit } => write!(
                f,
                "against {n} earlier runs (mean {} {unit})",
                number(*mean)
            ),
            Reason::ShortHistory { n, min } => write!(
                f,
                "{n} earlier runs < history_min {min}: judged without the history"
            ),
            Reason::Regression {
                stat,
                change: c,
                better,
                status,
                limit,
            } => {
                let worse = if better.worse() < 0.0 { " worse" } else { "" };
                let (cmp, level) = match status {
                    Status::Pass => ("≤", "warn"),
                    other => (">", other.as_str()),
                };
                write!(
                    f,
                    "{stat} {}{worse} {cmp} {level} {}",
                    change(*c),
                    percent(*limit)
                )
            }
        }
    }
}

impl fmt::Display for LimitNote {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LimitNote::NoMatch { limit } => write!(f, "{limit}: no benchmark and metric match"),
            LimitNote::NoValue { stat } => write!(f, "no {stat} for this metric"),
            LimitNote::Reached {
                stat,
                value,
                unit,
                op,
                bound,
                level,
            } => write!(
                f,
                "{stat} {} {unit} {} {} {unit}: {}",
                number(*value),
                op.as_str(),
                number(*bound),
                level.as_str()
            ),
            LimitNote::Within { stat, value, unit } => {
                write!(f, "{stat} {} {unit} within limits", number(*value))
            }
        }
    }
}

impl Serialize for Reason {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl Serialize for LimitNote {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

/// A row's reasons as one line: `a; b`.
pub fn reasons(reasons: &[Reason]) -> String {
    reasons
        .iter()
        .map(Reason::to_string)
        .collect::<Vec<_>>()
        .join("; ")
}

/// What a comparison's history did, in a line: `11 earlier runs before the candidate; 40 rows
/// judged against them, 2 without (fewer than history_min runs with the metric)`. `None`
/// without a history.
pub fn history(c: &Comparison) -> Option<String> {
    let n = c.history_runs?;
    let decided = c.rows.iter().filter(|r| r.test == Test::History).count();
    let short = c
        .rows
        .iter()
        .filter(|r| r.test != Test::History && r.history_n.is_some())
        .count();
    let plural = |k: usize| if k == 1 { "" } else { "s" };
    let mut line = format!(
        "{n} earlier run{} before the candidate; {decided} row{} judged against {}",
        plural(n),
        plural(decided),
        if n == 1 { "it" } else { "them" }
    );
    if short > 0 {
        line.push_str(&format!(
            ", {short} without (fewer than history_min runs with the metric)"
        ));
    }
    Some(line)
}

/// How a row's verdict was reached, for people.
pub fn describe_test(test: Test) -> &'static str {
    match test {
        Test::Welch => "Welch's t-test on the samples",
        Test::WelchSummary => "Welch's t-test on mean, stddev and n",
        Test::MannWhitney => "Mann-Whitney U test",
        Test::History => "the candidate against its earlier runs (within- and between-run noise)",
        Test::None => "no test: the change (if any) against the noise band",
    }
}
