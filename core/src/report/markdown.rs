//! Markdown reports, to paste into a pull request: a status line and tables, worst rows first.

use super::{change, interval, maybe, number};
use crate::compare::{worst_first, Check, Comparison, LimitRow, LimitStatus};
use crate::trend::Trend;

fn cell(text: &str) -> String {
    text.replace('|', "\\|").replace('\n', " ")
}

fn status_mark(status: &str) -> String {
    match status {
        "fail" => "❌ fail".to_string(),
        "warn" => "⚠️ warn".to_string(),
        "pass" => "✅ pass".to_string(),
        other => other.to_string(),
    }
}

fn limits_table(limits: &[LimitRow]) -> String {
    let mut sorted: Vec<&LimitRow> = limits.iter().collect();
    let weight = |l: &LimitRow| match l.status {
        LimitStatus::Fail => 3,
        LimitStatus::Warn => 2,
        LimitStatus::NoData => 1,
        LimitStatus::Pass => 0,
    };
    crate::order::sort_by_key(&mut sorted, |l| std::cmp::Reverse(weight(l)));
    let mut out = String::from(
        "| Benchmark | Metric | Stat | Value | Rule | Status |\n| --- | --- | --- | ---: | --- | --- |\n",
    );
    for l in sorted {
        out.push_str(&format!(
            "| {} | {} | {} | {} | `{}` | {} |\n",
            cell(&l.benchmark),
            cell(&l.metric),
            l.stat,
            match (&l.value, &l.unit) {
                (Some(v), Some(u)) => format!("{} {}", number(*v), cell(u)),
                (v, _) => maybe(*v),
            },
            cell(&l.rule),
            status_mark(l.status.as_str())
        ));
    }
    out
}

/// `compare` as Markdown.
pub fn comparison(c: &Comparison) -> String {
    let s = &c.summary;
    let mut out = format!(
        "### benchdash: {}\n\n**{}** → **{}**: {} regressed, {} improved, {} unchanged, {} noise, {} added, {} removed; geomean change {}\n\n",
        status_mark(c.status.as_str()),
        cell(&c.baseline.name),
        cell(&c.candidate.name),
        s.regressed,
        s.improved,
        s.unchanged,
        s.noise,
        s.added,
        s.removed,
        s.geomean_change.map(change).unwrap_or_else(|| "–".into())
    );
    out.push_str(
        "| Benchmark | Metric | Baseline | Candidate | Change | CI | p | Verdict | Status |\n",
    );
    out.push_str("| --- | --- | ---: | ---: | ---: | --- | ---: | --- | --- |\n");
    for r in worst_first(&c.rows) {
        out.push_str(&format!(
            "| {} | {} | {} | {} | {} | {} | {} | {} | {} |\n",
            cell(&r.benchmark),
            cell(&r.metric),
            maybe(r.baseline),
            maybe(r.candidate),
            r.change.map(change).unwrap_or_else(|| "–".into()),
            r.ci.map(interval).unwrap_or_else(|| "–".into()),
            maybe(r.p_value),
            r.verdict.as_str(),
            status_mark(r.status.as_str())
        ));
    }
    out.push_str(
        "\n<sub>change = (candidate − baseline) / |baseline|, in the baseline's unit; \
         CI: interval of the change (Fieller's for the mean, else bootstrap; where the history \
         decided, of the candidate against the earlier runs' mean); p: the deciding test's p-value.</sub>\n",
    );
    if !c.limits.is_empty() {
        out.push_str("\n#### Limits (candidate)\n\n");
        out.push_str(&limits_table(&c.limits));
    }
    out
}

/// `check` as Markdown.
pub fn check(c: &Check) -> String {
    let mut out = format!(
        "### benchdash check: {}\n\n**{}**\n\n",
        status_mark(c.status.as_str()),
        cell(&c.run.name)
    );
    if c.limits.is_empty() {
        out.push_str("No limits to check.\n");
    } else {
        out.push_str(&limits_table(&c.limits));
    }
    out
}

/// `trend` as Markdown: one row per change point, then the series' sizes.
pub fn trend(t: &Trend) -> String {
    let mut out = format!(
        "### benchdash trend: {} change point(s) in {} series over {} runs\n\n",
        t.change_points.len(),
        t.series.len(),
        t.runs.len()
    );
    if !t.change_points.is_empty() {
        out.push_str(
            "| Benchmark | Metric | Run | Timestamp | Before | After | Change | Verdict | p |\n",
        );
        out.push_str("| --- | --- | --- | --- | ---: | ---: | ---: | --- | ---: |\n");
        for c in &t.change_points {
            out.push_str(&format!(
                "| {} | {} | {} | {} | {} | {} | {} | {} | {} |\n",
                cell(&c.benchmark),
                cell(&c.metric),
                cell(&c.run_id),
                c.timestamp,
                number(c.before),
                number(c.after),
                c.change.map(change).unwrap_or_else(|| "–".into()),
                c.verdict.as_str(),
                number(c.p_value)
            ));
        }
    }
    out
}
