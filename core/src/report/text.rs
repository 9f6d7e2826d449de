//! Plain-text reports: aligned tables, with ANSI colours only when asked for.

use super::{change, interval, number};
use crate::compare::{Check, Comparison, LimitRow, LimitStatus, Row, Status, Verdict};
use crate::trend::{RecentRegression, Trend};

const RED: &str = "\x1b[31m";
const GREEN: &str = "\x1b[32m";
const YELLOW: &str = "\x1b[33m";
const DIM: &str = "\x1b[2m";
const BOLD: &str = "\x1b[1m";
const RESET: &str = "\x1b[0m";

/// A table cell: its text, and a colour to wrap it in when colours are on.
struct Cell {
    text: String,
    colour: Option<&'static str>,
    right: bool,
}

fn left(text: impl Into<String>) -> Cell {
    Cell {
        text: text.into(),
        colour: None,
        right: false,
    }
}

fn right(text: impl Into<String>) -> Cell {
    Cell {
        text: text.into(),
        colour: None,
        right: true,
    }
}

fn painted(text: impl Into<String>, colour: Option<&'static str>) -> Cell {
    Cell {
        text: text.into(),
        colour,
        right: false,
    }
}

/// Lays out a table: columns padded to their widest cell (padding is computed on the plain
/// text, so colours never shift the columns).
fn table(headers: &[&str], rows: Vec<Vec<Cell>>, colour: bool) -> String {
    let widths: Vec<usize> = (0..headers.len())
        .map(|i| {
            rows.iter()
                .map(|r| r[i].text.chars().count())
                .chain(std::iter::once(headers[i].chars().count()))
                .max()
                .unwrap_or(0)
        })
        .collect();
    let mut out = String::new();
    let header: Vec<String> = headers
        .iter()
        .zip(&widths)
        .map(|(h, w)| format!("{h:<w$}"))
        .collect();
    let header = header.join("  ").trim_end().to_string();
    if colour {
        out.push_str(&format!("{BOLD}{header}{RESET}\n"));
    } else {
        out.push_str(&header);
        out.push('\n');
    }
    for row in rows {
        let mut line = String::new();
        let last = row.len() - 1;
        for (i, (cell, w)) in row.iter().zip(&widths).enumerate() {
            let pad = w - cell.text.chars().count();
            let padded = if cell.right {
                format!("{}{}", " ".repeat(pad), cell.text)
            } else if i == last {
                cell.text.clone()
            } else {
                format!("{}{}", cell.text, " ".repeat(pad))
            };
            match cell.colour.filter(|_| colour) {
                Some(c) => line.push_str(&format!("{c}{padded}{RESET}")),
                None => line.push_str(&padded),
            }
            if i != last {
                line.push_str("  ");
            }
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

fn status_colour(s: Status) -> Option<&'static str> {
    match s {
        Status::Pass => Some(GREEN),
        Status::Warn => Some(YELLOW),
        Status::Fail => Some(RED),
    }
}

fn limit_colour(s: LimitStatus) -> Option<&'static str> {
    match s {
        LimitStatus::NoData => Some(DIM),
        other => status_colour(other.status()),
    }
}

fn verdict_colour(v: Verdict) -> Option<&'static str> {
    match v {
        Verdict::Regressed => Some(RED),
        Verdict::Improved => Some(GREEN),
        Verdict::Noise | Verdict::Unchanged => Some(DIM),
        Verdict::Added | Verdict::Removed => None,
    }
}

fn opt(v: Option<f64>) -> String {
    v.map(number).unwrap_or_else(|| "-".to_string())
}

fn row_cells(r: &Row) -> Vec<Cell> {
    vec![
        left(&r.benchmark),
        left(&r.metric),
        left(r.stat.to_string()),
        right(opt(r.baseline)),
        right(opt(r.candidate)),
        left(&r.unit),
        right(r.change.map(change).unwrap_or_else(|| "-".into())),
        right(r.ci.map(interval).unwrap_or_else(|| "-".into())),
        right(opt(r.p_value)),
        painted(r.verdict.as_str(), verdict_colour(r.verdict)),
        painted(r.status.as_str(), status_colour(r.status)),
    ]
}

fn limits_table(limits: &[LimitRow], colour: bool) -> String {
    let rows = limits
        .iter()
        .map(|l| {
            vec![
                left(&l.benchmark),
                left(&l.metric),
                left(l.stat.to_string()),
                right(opt(l.value)),
                left(l.unit.clone().unwrap_or_default()),
                left(&l.rule),
                painted(l.status.as_str(), limit_colour(l.status)),
            ]
        })
        .collect();
    table(
        &[
            "benchmark",
            "metric",
            "stat",
            "value",
            "unit",
            "rule",
            "status",
        ],
        rows,
        colour,
    )
}

fn status_line(label: &str, status: Status, colour: bool) -> String {
    if colour {
        let c = status_colour(status).unwrap_or("");
        format!("{label}: {BOLD}{c}{}{RESET}\n", status.as_str())
    } else {
        format!("{label}: {}\n", status.as_str())
    }
}

/// `compare` as text: the rows, the limits, the reasons of every row that is not a plain
/// pass, and a summary line.
pub fn comparison(c: &Comparison, colour: bool) -> String {
    let mut out = format!(
        "baseline  {} ({})\ncandidate {} ({})\n",
        c.baseline.name, c.baseline.id, c.candidate.name, c.candidate.id
    );
    if let Some(history) = super::history(c) {
        out.push_str(&format!("history   {history}\n"));
    }
    out.push('\n');
    let rows = c.rows.iter().map(row_cells).collect();
    out.push_str(&table(
        &[
            "benchmark",
            "metric",
            "stat",
            "baseline",
            "candidate",
            "unit",
            "change",
            "ci",
            "p",
            "verdict",
            "status",
        ],
        rows,
        colour,
    ));
    let notes: Vec<String> = c
        .rows
        .iter()
        .filter(|r| r.status != Status::Pass || r.verdict == Verdict::Regressed)
        .map(|r| {
            format!(
                "  {} {}: {}",
                r.benchmark,
                r.metric,
                super::reasons(&r.reasons)
            )
        })
        .collect();
    if !notes.is_empty() {
        out.push('\n');
        out.push_str(&notes.join("\n"));
        out.push('\n');
    }
    if !c.limits.is_empty() {
        out.push_str("\nlimits (candidate)\n");
        out.push_str(&limits_table(&c.limits, colour));
    }
    let s = &c.summary;
    out.push_str(&format!(
        "\n{} regressed, {} improved, {} unchanged, {} noise, {} added, {} removed; geomean change {}\n",
        s.regressed,
        s.improved,
        s.unchanged,
        s.noise,
        s.added,
        s.removed,
        s.geomean_change.map(change).unwrap_or_else(|| "-".into())
    ));
    out.push_str(&status_line("status", c.status, colour));
    out
}

/// `check` as text.
pub fn check(c: &Check, colour: bool) -> String {
    let mut out = format!("run {} ({})\n\n", c.run.name, c.run.id);
    if c.limits.is_empty() {
        out.push_str("no limits to check\n");
    } else {
        out.push_str(&limits_table(&c.limits, colour));
        let notes: Vec<String> = c
            .limits
            .iter()
            .filter(|l| l.status != LimitStatus::Pass)
            .map(|l| format!("  {}", l.message))
            .collect();
        if !notes.is_empty() {
            out.push('\n');
            out.push_str(&notes.join("\n"));
            out.push('\n');
        }
    }
    out.push('\n');
    out.push_str(&status_line("status", c.status, colour));
    out
}

/// `trend` as text: per series, its points and change points.
/// One line for a change point that makes the newest runs a regression beyond the policy
/// (what `trend --fail-on` acts on).
pub fn recent_regression(r: &RecentRegression) -> String {
    let cp = r.change_point;
    format!(
        "{} {}: regressed {} from run `{}` ({}), beyond the policy's {} of {}",
        cp.benchmark,
        cp.metric,
        cp.change.map(change).unwrap_or_else(|| "-".into()),
        cp.run_id,
        cp.timestamp,
        r.status.as_str(),
        change(r.limit),
    )
}

pub fn trend(t: &Trend, colour: bool) -> String {
    let mut out = format!("{} runs, {} series\n", t.runs.len(), t.series.len());
    for s in &t.series {
        out.push_str(&format!(
            "\n{} {} ({} {}, {} is better)\n",
            s.benchmark,
            s.metric,
            s.stat,
            s.unit,
            s.better.as_str()
        ));
        let rows =
            s.points
                .iter()
                .enumerate()
                .map(|(i, p)| {
                    let cp = t.change_points.iter().find(|c| {
                        c.benchmark == s.benchmark && c.metric == s.metric && c.index == i
                    });
                    let mark = match cp {
                        Some(c) => painted(
                            format!(
                                "change point: {} ({} -> {}, p = {})",
                                c.change.map(change).unwrap_or_else(|| "-".into()),
                                number(c.before),
                                number(c.after),
                                number(c.p_value)
                            ),
                            verdict_colour(c.verdict),
                        ),
                        None => left(""),
                    };
                    vec![
                        right(i.to_string()),
                        left(&p.timestamp),
                        left(&p.run_name),
                        right(number(p.value)),
                        mark,
                    ]
                })
                .collect();
        out.push_str(&table(
            &["#", "timestamp", "run", "value", ""],
            rows,
            colour,
        ));
    }
    out.push_str(&format!("\n{} change point(s)\n", t.change_points.len()));
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::compare::compare;
    use crate::run::{Benchmark, Better, Metric, RunFile};
    use crate::thresholds::Thresholds;

    fn run(v: f64) -> RunFile {
        let mut r = RunFile::new("r", "2026-11-24T00:00:00Z");
        let metric = Metric {
            unit: "ms".into(),
            better: Better::Lower,
            value: None,
            summary: None,
            samples: (0..10).map(|i| v + i as f64 * 0.1).collect(),
            extra: None,
        };
        for name in ["short", "a-much-longer-benchmark-name"] {
            r.benchmarks.push(Benchmark {
                timeline: None,
                name: name.into(),
                params: Default::default(),
                metrics: [("latency".to_string(), metric.clone())].into(),
                extra: None,
            });
        }
        r
    }

    fn strip_ansi(s: &str) -> String {
        let mut out = String::new();
        let mut chars = s.chars();
        while let Some(c) = chars.next() {
            if c == '\x1b' {
                for d in chars.by_ref() {
                    if d == 'm' {
                        break;
                    }
                }
            } else {
                out.push(c);
            }
        }
        out
    }

    #[test]
    fn colours_never_shift_the_columns() {
        let c = compare(&run(100.0), &run(120.0), &Thresholds::default()).unwrap();
        let plain = comparison(&c, false);
        let coloured = comparison(&c, true);
        assert!(!plain.contains('\x1b'));
        assert!(coloured.contains(RED));
        assert_eq!(strip_ansi(&coloured), plain);
        // Every table line has its verdict column at the same offset.
        let offsets: Vec<usize> = plain
            .lines()
            .filter(|l| l.contains("latency") && !l.starts_with(" "))
            .map(|l| l.find("regressed").unwrap())
            .collect();
        assert_eq!(offsets.len(), 2);
        assert_eq!(offsets[0], offsets[1]);
    }
}
