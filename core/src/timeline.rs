//! A benchmark's behaviour over time (docs/format.md, "Timelines"): fixed windows from the
//! start of its run, named series with one value per window, and named spans of time.
//!
//! The model is plain serde data, like the rest of [`crate::run`]; [`Timeline::check`] is the
//! readers' rule for it, [`Timeline::fit`] widens a timeline that has more windows than the
//! format allows, merging adjacent windows by each series' [`Kind`], and [`recovery`] measures
//! how long the benchmark took to come back after a disturbance. Nothing here reads a clock.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::units::{Dimension, Quantity, Unit};

/// The most windows a timeline may hold; longer runs use wider windows.
pub const MAX_WINDOWS: usize = 2000;

/// The states of a circuit breaker's series, best first (their indices are the values).
pub const BREAKER_STATES: [&str; 3] = ["closed", "half_open", "open"];

/// The unit of a series of states.
pub const STATE_UNIT: &str = "state";

/// A benchmark's timeline.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Timeline {
    pub clock: Clock,
    /// Every window's length, a duration such as `"1s"` or `"250ms"`. Window `i` covers
    /// [i·window, (i+1)·window) from the run's start, the last one up to `end`.
    pub window: String,
    /// Where the run ended (a duration from its start) when that cuts the last window short:
    /// the last window's numbers are then over the part of it the run lasted (a rate per
    /// second of that part, a level averaged over it). Absent when every window is whole.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end: Option<String>,
    /// By name; every series has one value per window.
    #[serde(default)]
    pub series: BTreeMap<String, Series>,
    /// Named spans of time (pattern phases, outages), for charts.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub phases: Vec<Phase>,
}

/// Whose time the windows are in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Clock {
    /// A simulation's virtual time.
    Virtual,
    /// A real tool's wall-clock time.
    Wall,
}

/// One named series: a unit and one value per window (`None` where a window has no data).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Series {
    pub unit: String,
    /// How windows merge when a timeline widens; inferred from the unit when absent
    /// ([`Series::kind`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<Kind>,
    /// A `state` series' states, best first; its values are indices into this list.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub states: Vec<String>,
    #[serde(serialize_with = "whole_as_integers")]
    pub values: Vec<Option<f64>>,
}

/// Whole values written as JSON integers (`3`, not `3.0`): a state's index is an integer in
/// the schema, and counts read as counts in any tool.
fn whole_as_integers<S: serde::Serializer>(
    values: &[Option<f64>],
    serializer: S,
) -> Result<S::Ok, S::Error> {
    use serde::ser::SerializeSeq;
    // Below 2^53 every whole f64 is an exact i64.
    const EXACT: f64 = 9_007_199_254_740_992.0;
    let mut seq = serializer.serialize_seq(Some(values.len()))?;
    for v in values {
        match v {
            Some(x) if x.fract() == 0.0 && x.abs() < EXACT => {
                seq.serialize_element(&(*x as i64))?
            }
            other => seq.serialize_element(other)?,
        }
    }
    seq.end()
}

/// What a series' values are, which says how two adjacent windows merge into one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// Events per second in the window: merged windows average (the windows are equal).
    Rate,
    /// Events counted in the window: merged windows sum.
    Count,
    /// A level averaged over the window (queue depth, calls in flight): merged windows average.
    Level,
    /// A fraction of the window's events (error rate): merged windows average.
    Ratio,
    /// A percentile of the window's observations: merged windows take the largest, an upper
    /// bound of the merged window's percentile. (A producer that keeps the observations, as
    /// the simulation does, merges them exactly instead.)
    Quantile,
    /// An index into the series' states (best first): merged windows take the worst state.
    State,
}

/// A named span of time, from the run's start.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Phase {
    pub from: String,
    pub to: String,
    pub label: String,
}

impl Phase {
    /// The span in seconds, when both ends are durations.
    pub fn seconds(&self) -> Option<(f64, f64)> {
        Some((seconds(&self.from)?, seconds(&self.to)?))
    }
}

/// A duration string (`"1s"`, `"250ms"`, `"1500us"`, `"10ns"`) in seconds; `None` when it is
/// not a non-negative, finite number with a time unit.
pub fn seconds(text: &str) -> Option<f64> {
    let q = Quantity::parse(text).ok()?;
    let unit = q.unit.as_ref()?;
    if unit.dimension != Dimension::Time {
        return None;
    }
    let s = unit.convert(q.value, &Unit::parse("s")).ok()?;
    (s >= 0.0 && s.is_finite()).then_some(s)
}

/// A whole number of nanoseconds as a duration string: whole seconds as `"Ns"`, anything
/// else in milliseconds (`"30012.5ms"`), exact to the nanosecond.
pub fn duration(ns: u64) -> String {
    if ns.is_multiple_of(1_000_000_000) {
        format!("{}s", ns / 1_000_000_000)
    } else if ns.is_multiple_of(1_000_000) {
        format!("{}ms", ns / 1_000_000)
    } else {
        // ns / 1e6 is exact enough: f64 has 53 bits, and Display prints the shortest form
        // that reads back to the same number.
        format!("{}ms", ns as f64 / 1e6)
    }
}

impl Series {
    /// A series of numbers.
    pub fn numbers(unit: &str, kind: Kind, values: Vec<Option<f64>>) -> Series {
        Series {
            unit: unit.to_string(),
            kind: Some(kind),
            states: Vec::new(),
            values,
        }
    }

    /// A series of states (listed best first); `values` are indices into `states`.
    pub fn states(states: &[&str], values: Vec<Option<f64>>) -> Series {
        Series {
            unit: STATE_UNIT.to_string(),
            kind: Some(Kind::State),
            states: states.iter().map(|s| s.to_string()).collect(),
            values,
        }
    }

    /// The series' kind: as written, else from its unit (`state` → state, `X/s` → rate,
    /// `count` → count, `ratio` and `%` → ratio, a time unit → quantile, anything else →
    /// level).
    pub fn kind(&self) -> Kind {
        if let Some(k) = self.kind {
            return k;
        }
        if self.unit == STATE_UNIT {
            return Kind::State;
        }
        match Unit::parse(&self.unit).dimension {
            Dimension::Rate(_) | Dimension::SizeRate => Kind::Rate,
            Dimension::Count => Kind::Count,
            Dimension::Fraction => Kind::Ratio,
            Dimension::Time => Kind::Quantile,
            _ => Kind::Level,
        }
    }

    /// The state of window `i` of a state series, by name.
    pub fn state_at(&self, i: usize) -> Option<&str> {
        let v = (*self.values.get(i)?)?;
        self.states.get(v as usize).map(String::as_str)
    }

    /// Windows `i .. i + n` merged into one value by the series' kind, all windows whole;
    /// `None` when none of them has data.
    pub fn merged(&self, i: usize, n: usize) -> Option<f64> {
        self.merged_over(i, n, |_| 1.0)
    }

    /// Windows `i .. i + n` merged, window `k` lasting `span(k)` (in any unit): a rate, a
    /// level or a ratio is their mean weighted by how long each lasted.
    fn merged_over(&self, i: usize, n: usize, span: impl Fn(usize) -> f64) -> Option<f64> {
        let end = (i + n).min(self.values.len());
        let present: Vec<(f64, f64)> = (i.min(end)..end)
            .filter_map(|k| Some((self.values[k]?, span(k))))
            .collect();
        if present.is_empty() {
            return None;
        }
        Some(match self.kind() {
            Kind::Count => present.iter().map(|(v, _)| v).sum(),
            Kind::Quantile | Kind::State => {
                present.iter().map(|(v, _)| *v).fold(f64::MIN, f64::max)
            }
            // A window without data contributes nothing to a rate or a level of time it has
            // no data about; the average is over the windows that have some.
            Kind::Rate | Kind::Level | Kind::Ratio => {
                let time: f64 = present.iter().map(|(_, d)| d).sum();
                present.iter().map(|(v, d)| v * d).sum::<f64>() / time
            }
        })
    }
}

impl Timeline {
    /// How many windows the timeline has (every series has as many values).
    pub fn len(&self) -> usize {
        self.series
            .values()
            .map(|s| s.values.len())
            .max()
            .unwrap_or(0)
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The window's length in seconds (`None` if `window` is not a duration).
    pub fn window_seconds(&self) -> Option<f64> {
        seconds(&self.window).filter(|&s| s > 0.0)
    }

    /// A series by name.
    pub fn get(&self, name: &str) -> Option<&Series> {
        self.series.get(name)
    }

    /// A series' values by name.
    pub fn values(&self, name: &str) -> Option<&[Option<f64>]> {
        self.series.get(name).map(|s| s.values.as_slice())
    }

    /// The series whose names start with `prefix` (`"breaker_state:"` gives every breaker's),
    /// with the rest of the name.
    pub fn with_prefix<'a>(
        &'a self,
        prefix: &'a str,
    ) -> impl Iterator<Item = (&'a str, &'a Series)> + 'a {
        self.series
            .iter()
            .filter_map(move |(name, s)| Some((name.strip_prefix(prefix)?, s)))
    }

    /// The start of window `i`, in seconds from the run's start.
    pub fn window_start(&self, i: usize) -> Option<f64> {
        Some(self.window_seconds()? * i as f64)
    }

    /// Where the timeline ends, in seconds from the run's start: `end`, else the end of its
    /// last window.
    pub fn end_seconds(&self) -> Option<f64> {
        match &self.end {
            Some(end) => seconds(end),
            None => Some(self.window_seconds()? * self.len() as f64),
        }
    }

    /// The end of window `i`, in seconds from the run's start (the last one's is `end`).
    pub fn window_end(&self, i: usize) -> Option<f64> {
        let whole = self.window_seconds()? * (i + 1) as f64;
        Some(whole.min(self.end_seconds()?))
    }

    /// Windows `i .. i + n` of `series` merged into one value by the series' kind, the last
    /// window weighed by the part of it the run lasted.
    pub fn merged(&self, series: &Series, i: usize, n: usize) -> Option<f64> {
        let w = self.window_seconds().unwrap_or(1.0);
        series.merged_over(i, n, |k| {
            let from = w * k as f64;
            self.window_end(k).map_or(w, |to| to - from)
        })
    }

    /// The readers' rule for a timeline: `window` is a positive duration; every series has
    /// the same number of values, at most [`MAX_WINDOWS`]; a state series lists its states and
    /// holds whole indices into them; phases are spans of durations. The error says what is
    /// wrong, for the caller to put the file and the benchmark in front of it.
    pub fn check(&self) -> Result<(), String> {
        if self.window_seconds().is_none() {
            return Err(format!(
                "`window` is \"{}\", which is not a positive duration (like \"1s\" or \"250ms\")",
                self.window
            ));
        }
        let mut len = None;
        for (name, s) in &self.series {
            let n = s.values.len();
            if n > MAX_WINDOWS {
                return Err(format!(
                    "series \"{name}\" has {n} windows, more than the {MAX_WINDOWS} a timeline may hold (use wider windows)"
                ));
            }
            match len {
                None => len = Some((name, n)),
                Some((first, m)) if m != n => {
                    return Err(format!(
                        "series \"{name}\" has {n} values but \"{first}\" has {m} (every series has one value per window)"
                    ))
                }
                Some(_) => {}
            }
            if s.kind() == Kind::State {
                if s.states.is_empty() {
                    return Err(format!("state series \"{name}\" has no `states` to index"));
                }
                for (i, v) in s.values.iter().enumerate() {
                    if let Some(v) = *v {
                        if v < 0.0 || v.fract() != 0.0 || v as usize >= s.states.len() {
                            return Err(format!(
                                "state series \"{name}\": value {v} of window {i} is not an index into its {} states",
                                s.states.len()
                            ));
                        }
                    }
                }
            }
        }
        if let Some(end) = &self.end {
            // The run ends inside the last window (a tolerance for the rounding of products
            // of the window).
            let (w, n) = (self.window_seconds().unwrap_or(1.0), self.len() as f64);
            match seconds(end) {
                Some(e) if e > w * (n - 1.0) * (1.0 + 1e-9) && e <= w * n * (1.0 + 1e-9) => {}
                Some(_) => {
                    return Err(format!(
                        "`end` is {end}, which is not inside the last of the {n} windows of {} (it ends the run inside that window)",
                        self.window
                    ))
                }
                None => {
                    return Err(format!(
                        "`end` is \"{end}\", which is not a duration from the run's start (like \"95.5s\")"
                    ))
                }
            }
        }
        for (i, p) in self.phases.iter().enumerate() {
            match p.seconds() {
                Some((from, to)) if from <= to => {}
                Some(_) => {
                    return Err(format!(
                        "phase {i} (\"{}\") ends at {} before it starts at {}",
                        p.label, p.to, p.from
                    ))
                }
                None => {
                    return Err(format!(
                        "phase {i} (\"{}\"): `from` and `to` must be durations from the run's start (like \"30s\"), not \"{}\" and \"{}\"",
                        p.label, p.from, p.to
                    ))
                }
            }
        }
        Ok(())
    }

    /// The timeline with every `factor` adjacent windows merged into one (by each series'
    /// [`Kind`]); the window becomes `factor` times as long.
    pub fn widen(&self, factor: usize) -> Timeline {
        let factor = factor.max(1);
        let len = self.len();
        let windows = len.div_ceil(factor);
        let series = self
            .series
            .iter()
            .map(|(name, s)| {
                let values = (0..windows)
                    .map(|w| self.merged(s, w * factor, factor))
                    .collect();
                (
                    name.clone(),
                    Series {
                        values,
                        ..s.clone()
                    },
                )
            })
            .collect();
        let (window, end) = match self.window_seconds() {
            Some(s) => {
                let (w_ns, end_ns) = (
                    libm::round(s * 1e9 * factor as f64) as u64,
                    self.end_seconds().map(|e| libm::round(e * 1e9) as u64),
                );
                // The last merged window is cut short when its windows were, or when there
                // were fewer than `factor` of them.
                let end = end_ns.filter(|&e| e < w_ns * windows as u64).map(duration);
                (duration(w_ns), end)
            }
            None => (self.window.clone(), self.end.clone()),
        };
        Timeline {
            clock: self.clock,
            window,
            end,
            series,
            phases: self.phases.clone(),
        }
    }

    /// The timeline within `max` windows: as it is when it fits, else widened by the smallest
    /// whole factor that makes it fit.
    pub fn fit(self, max: usize) -> Timeline {
        let len = self.len();
        if len <= max.max(1) {
            return self;
        }
        self.widen(len.div_ceil(max.max(1)))
    }
}

/// How long a benchmark took to come back after a disturbance (docs/simulation.md,
/// "Recovery time").
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Recovery {
    /// Seconds from the disturbance's end to the end of the first window, starting at or
    /// after that end, whose figures are back within the band; when none is, to the end of
    /// the timeline.
    pub seconds: f64,
    /// Whether a window was back within the band (else `seconds` is a lower bound).
    pub recovered: bool,
}

/// The label of a phase from a disturbance's end to its [`Recovery`]: to the end of the
/// window that was back within the band.
pub const RECOVERY_PHASE: &str = "recovery";
/// The label of a phase from a disturbance's end to the timeline's end, when no window after
/// it was back within the band.
pub const NOT_RECOVERED_PHASE: &str = "not recovered";

/// The series [`recovery`] reads.
pub const LATENCY_P95: &str = "latency_p95";
pub const ERROR_RATE: &str = "error_rate";
pub const QUEUE_DEPTH: &str = "queue_depth";

/// The span of time whose windows are the reference level for recovery after disturbances
/// of which the first is `[from, to)` (seconds): the windows wholly before `from`, or when
/// there are none (a burst at the run's start), the disturbance's first tenth, at least
/// three windows of it.
pub fn reference_span(tl: &Timeline, from: f64, to: f64) -> Option<(f64, f64)> {
    let w = tl.window_seconds()?;
    let before = libm::floor(from / w) * w;
    if before >= w {
        return Some((0.0, before));
    }
    let tenth = libm::floor((to - from) / w / 10.0).max(3.0) * w;
    Some((from, (from + tenth).min(to.max(from + w))))
}

/// The recovery after a disturbance that ends at `end` (seconds from the run's start), with
/// the windows of `reference` (a span of seconds, [`reference_span`]) as the level to come
/// back to and `noise` the policy's noise band (a fraction, like 0.01).
///
/// The band is the reference windows' highest p95 latency × (1 + noise), their highest error
/// rate × (1 + noise) + 0.001, and their highest mean queue depth + 1. A window is back within
/// the band when none of its figures is above it (a window where no request finished has no
/// latency or error rate to be out of band). The recovery time is from `end` to the end of
/// the first window, among those that start at or after `end`, that is back within the band.
/// `None` when the timeline has no window length or `end` lies beyond the timeline.
pub fn recovery(tl: &Timeline, reference: (f64, f64), end: f64, noise: f64) -> Option<Recovery> {
    let w = tl.window_seconds()?;
    let len = tl.len();
    let total = tl.end_seconds()?;
    if end > total {
        return None;
    }
    // Window indices, with a tolerance for the rounding of products of the window.
    let index = |s: f64| (libm::round(s / w * 1e6) / 1e6) as usize;
    let (ref_from, ref_to) = (index(reference.0).min(len), index(reference.1).min(len));
    let highest = |name: &str| -> Option<f64> {
        let values = tl.values(name)?;
        values[ref_from..ref_to.max(ref_from)]
            .iter()
            .flatten()
            .copied()
            .reduce(f64::max)
    };
    let p95_band = highest(LATENCY_P95).map(|r| r * (1.0 + noise));
    let err_band = highest(ERROR_RATE).unwrap_or(0.0) * (1.0 + noise) + 0.001;
    let depth_band = highest(QUEUE_DEPTH).unwrap_or(0.0) + 1.0;
    let within = |name: &str, i: usize, band: Option<f64>| -> bool {
        match (
            tl.values(name).and_then(|v| v.get(i).copied().flatten()),
            band,
        ) {
            (Some(v), Some(b)) => v <= b,
            _ => true,
        }
    };
    let start = libm::ceil(end / w - 1e-6).max(0.0) as usize;
    for i in start..len {
        if within(LATENCY_P95, i, p95_band)
            && within(ERROR_RATE, i, Some(err_band))
            && within(QUEUE_DEPTH, i, Some(depth_band))
        {
            return Some(Recovery {
                seconds: tl.window_end(i)? - end,
                recovered: true,
            });
        }
    }
    Some(Recovery {
        seconds: (total - end).max(0.0),
        recovered: false,
    })
}

#[cfg(test)]
mod tests {

    #[test]
    fn whole_values_are_written_as_integers_and_read_back_the_same() {
        let series = Series::states(&BREAKER_STATES, vec![Some(0.0), Some(2.0), None]);
        let text = serde_json::to_string(&series).unwrap();
        assert!(text.contains(r#""values":[0,2,null]"#), "{text}");
        let rate = Series::numbers("req/s", Kind::Rate, vec![Some(38.0), Some(0.5), Some(-0.0)]);
        let text = serde_json::to_string(&rate).unwrap();
        assert!(text.contains(r#""values":[38,0.5,0]"#), "{text}");
        let back: Series = serde_json::from_str(&text).unwrap();
        assert_eq!(back.values, [Some(38.0), Some(0.5), Some(0.0)]);
        // Beyond 2^53 a whole f64 stays a float (an i64 there would not be exact).
        let big = Series::numbers("count", Kind::Count, vec![Some(1e300)]);
        let text = serde_json::to_string(&big).unwrap();
        assert!(text.contains(r#""values":[1e+300]"#), "{text}");
    }
    use super::*;

    fn tl(series: Vec<(&str, Series)>) -> Timeline {
        Timeline {
            clock: Clock::Virtual,
            window: "1s".into(),
            end: None,
            series: series
                .into_iter()
                .map(|(n, s)| (n.to_string(), s))
                .collect(),
            phases: Vec::new(),
        }
    }

    #[test]
    fn durations_read_and_write() {
        assert_eq!(seconds("1s"), Some(1.0));
        assert_eq!(seconds("250ms"), Some(0.25));
        assert_eq!(seconds("1500us"), Some(0.0015));
        assert_eq!(seconds("5"), None, "a duration has a unit");
        assert_eq!(seconds("5 req/s"), None);
        assert_eq!(seconds("-1s"), None);
        assert_eq!(duration(2_000_000_000), "2s");
        assert_eq!(duration(250_000_000), "250ms");
        assert_eq!(duration(30_012_345_678), "30012.345678ms");
        assert_eq!(seconds(&duration(30_012_345_678)), Some(30.012345678));
    }

    #[test]
    fn kinds_follow_the_unit_when_absent() {
        let s = |unit: &str| Series {
            unit: unit.into(),
            kind: None,
            states: vec![],
            values: vec![],
        };
        assert_eq!(s("req/s").kind(), Kind::Rate);
        assert_eq!(s("count").kind(), Kind::Count);
        assert_eq!(s("ratio").kind(), Kind::Ratio);
        assert_eq!(s("%").kind(), Kind::Ratio);
        assert_eq!(s("ms").kind(), Kind::Quantile);
        assert_eq!(s("state").kind(), Kind::State);
        assert_eq!(s("MB").kind(), Kind::Level);
    }

    #[test]
    fn widening_merges_each_kind_by_its_rule() {
        let t = tl(vec![
            (
                "rate",
                Series::numbers(
                    "req/s",
                    Kind::Rate,
                    vec![Some(10.0), Some(20.0), Some(30.0), None, Some(5.0)],
                ),
            ),
            (
                "waits",
                Series::numbers(
                    "count",
                    Kind::Count,
                    vec![Some(1.0), Some(2.0), Some(3.0), Some(4.0), Some(5.0)],
                ),
            ),
            (
                "p95",
                Series::numbers(
                    "ms",
                    Kind::Quantile,
                    vec![Some(100.0), Some(300.0), None, None, Some(7.0)],
                ),
            ),
            (
                "b",
                Series::states(
                    &BREAKER_STATES,
                    vec![Some(0.0), Some(2.0), Some(1.0), Some(0.0), Some(0.0)],
                ),
            ),
        ]);
        let w = t.widen(2);
        assert_eq!(w.window, "2s");
        assert_eq!(w.len(), 3);
        assert_eq!(
            w.values("rate").unwrap(),
            &[Some(15.0), Some(30.0), Some(5.0)]
        );
        assert_eq!(
            w.values("waits").unwrap(),
            &[Some(3.0), Some(7.0), Some(5.0)]
        );
        assert_eq!(w.values("p95").unwrap(), &[Some(300.0), None, Some(7.0)]);
        assert_eq!(w.get("b").unwrap().state_at(0), Some("open"));
        assert_eq!(w.get("b").unwrap().state_at(1), Some("half_open"));
        assert!(w.check().is_ok());
        // The total count is kept by any widening.
        let f = t.clone().fit(2);
        assert_eq!(f.len(), 2);
        assert_eq!(f.window, "3s");
        let total: f64 = f.values("waits").unwrap().iter().flatten().sum();
        assert_eq!(total, 15.0);
        assert_eq!(t.clone().fit(5), t, "a timeline that fits is kept");
    }

    #[test]
    fn a_last_window_cut_short_by_end_weighs_by_its_length() {
        // Windows of 1 s; the run ends at 2.5 s, so window 2 lasted half a second.
        let mut t = tl(vec![
            (
                "rate",
                Series::numbers(
                    "req/s",
                    Kind::Rate,
                    vec![Some(10.0), Some(20.0), Some(30.0)],
                ),
            ),
            (
                "depth",
                Series::numbers("count", Kind::Level, vec![Some(1.0), Some(1.0), Some(4.0)]),
            ),
            (
                "waits",
                Series::numbers("count", Kind::Count, vec![Some(1.0), Some(2.0), Some(3.0)]),
            ),
        ]);
        t.end = Some("2500ms".into());
        assert!(t.check().is_ok());
        assert_eq!(t.end_seconds(), Some(2.5));
        assert_eq!(
            (t.window_end(0), t.window_end(1), t.window_end(2)),
            (Some(1.0), Some(2.0), Some(2.5))
        );
        // Into one window of 3 s, cut short at 2.5 s: the rate is the 10 + 20 + 15 events
        // over 2.5 s, the level its time average, the count the sum.
        let one = t.widen(3);
        assert_eq!(
            (one.window.as_str(), one.end.as_deref()),
            ("3s", Some("2500ms"))
        );
        assert_eq!(one.values("rate").unwrap(), &[Some(45.0 / 2.5)]);
        assert_eq!(one.values("depth").unwrap(), &[Some(4.0 / 2.5)]);
        assert_eq!(one.values("waits").unwrap(), &[Some(6.0)]);
        assert!(one.check().is_ok());
        // Into windows of 2 s: [0, 2) is whole, [2, 2.5) keeps its own numbers.
        let two = t.widen(2);
        assert_eq!(two.end.as_deref(), Some("2500ms"));
        assert_eq!(two.values("rate").unwrap(), &[Some(15.0), Some(30.0)]);
        // Whole windows that do not divide by the factor: the last merged one is cut short.
        let mut whole = t.clone();
        whole.end = None;
        let merged = whole.widen(2);
        assert_eq!(merged.end.as_deref(), Some("3s"));
        assert_eq!(merged.values("rate").unwrap(), &[Some(15.0), Some(30.0)]);
        assert_eq!(whole.widen(3).end, None, "3 windows of 1 s make one of 3 s");

        // `end` must lie inside the last window.
        for bad in ["2s", "3001ms", "soon"] {
            t.end = Some(bad.into());
            let e = t.check().unwrap_err();
            assert!(e.contains("`end`"), "{bad}: {e}");
        }
        t.end = Some("3s".into());
        assert!(t.check().is_ok(), "a last window may be whole");
    }

    #[test]
    fn recovery_in_a_last_window_cut_short_ends_with_the_run() {
        let mut t = tl(vec![(
            LATENCY_P95,
            Series::numbers(
                "ms",
                Kind::Quantile,
                vec![Some(10.0), Some(90.0), Some(10.0)],
            ),
        )]);
        t.end = Some("2200ms".into());
        let r = recovery(&t, (0.0, 1.0), 2.0, 0.01).unwrap();
        assert!(r.recovered);
        assert!((r.seconds - 0.2).abs() < 1e-12, "{}", r.seconds);
    }

    #[test]
    fn check_names_what_is_wrong() {
        let mut t = tl(vec![
            (
                "a",
                Series::numbers("req/s", Kind::Rate, vec![Some(1.0); 3]),
            ),
            (
                "b",
                Series::numbers("req/s", Kind::Rate, vec![Some(1.0); 2]),
            ),
        ]);
        let e = t.check().unwrap_err();
        assert!(e.contains("\"b\" has 2 values but \"a\" has 3"), "{e}");
        t.series.remove("b");
        assert!(t.check().is_ok());
        t.window = "fast".into();
        assert!(t.check().unwrap_err().contains("`window` is \"fast\""));
        t.window = "1s".into();
        t.series.insert(
            "s".into(),
            Series::states(&BREAKER_STATES, vec![Some(0.0), Some(3.0), None]),
        );
        let e = t.check().unwrap_err();
        assert!(e.contains("value 3 of window 1"), "{e}");
        t.series.remove("s");
        t.series.insert(
            "long".into(),
            Series::numbers("count", Kind::Count, vec![None; MAX_WINDOWS + 1]),
        );
        assert!(t.check().unwrap_err().contains("more than the 2000"));
        t.series.remove("long");
        t.phases.push(Phase {
            from: "30s".into(),
            to: "20s".into(),
            label: "outage".into(),
        });
        assert!(t
            .check()
            .unwrap_err()
            .contains("ends at 20s before it starts at 30s"));
    }

    #[test]
    fn recovery_is_the_end_of_the_first_window_back_in_band() {
        // Reference p95 at most 102 ms before the disturbance [3, 5); back in band in window 7.
        let p95 = vec![100.0, 102.0, 98.0, 400.0, 600.0, 500.0, 200.0, 103.0, 100.0];
        let t = tl(vec![
            (
                LATENCY_P95,
                Series::numbers("ms", Kind::Quantile, p95.into_iter().map(Some).collect()),
            ),
            (
                ERROR_RATE,
                Series::numbers("ratio", Kind::Ratio, vec![Some(0.0); 9]),
            ),
        ]);
        let span = reference_span(&t, 3.0, 5.0).unwrap();
        assert_eq!(span, (0.0, 3.0));
        let r = recovery(&t, span, 5.0, 0.01).unwrap();
        assert_eq!(
            r,
            Recovery {
                seconds: 3.0,
                recovered: true
            },
            "103 ≤ 102 × 1.01"
        );
        let r = recovery(&t, span, 5.0, 0.0).unwrap();
        assert_eq!(
            r,
            Recovery {
                seconds: 4.0,
                recovered: true
            },
            "103 > 102, then 100"
        );
        let r = recovery(&t, span, 8.0, -0.5).unwrap();
        assert_eq!(
            r,
            Recovery {
                seconds: 1.0,
                recovered: false
            }
        );
        assert_eq!(recovery(&t, span, 10.0, 0.05), None);
        // A disturbance at the start: its first tenth, at least three windows.
        assert_eq!(reference_span(&t, 0.0, 5.0), Some((0.0, 3.0)));
        assert_eq!(reference_span(&t, 0.5, 80.0), Some((0.5, 7.5)));
    }
}
