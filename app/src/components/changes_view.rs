//! Changes: every change point across all benchmarks and metrics of the loaded history, newest
//! first, the page a team opens in the morning. Each links to its benchmark's trend.

use std::collections::BTreeSet;

use benchdash_core::report;
use benchdash_core::thresholds::Thresholds;
use benchdash_core::trend::{analyze_with, Options};
use leptos::prelude::*;

use super::compare_view::verdict_class;
use super::more_rows::{MoreRows, PAGE};
use super::{Tab, TrendFocus};
use crate::store::Store;

/// One line of the list, with what the page knows of the run where the change starts.
#[derive(Debug, Clone, PartialEq)]
struct Change {
    benchmark: String,
    metric: String,
    unit: String,
    before: f64,
    after: f64,
    change: Option<f64>,
    verdict: benchdash_core::compare::Verdict,
    p_value: f64,
    run_name: String,
    timestamp: String,
    commit: Option<String>,
}

/// The query of a link to a benchmark's trend (the URL state the Trends view reads).
pub fn trend_link(benchmark: &str, metric: &str) -> String {
    let params = web_sys::UrlSearchParams::new().expect("URLSearchParams exists");
    params.append("tab", Tab::Trends.name());
    params.append("metric", metric);
    params.append("bench", benchmark);
    format!("?{}", String::from(params.to_string()))
}

/// The Changes tab. `focus` and `tab` are set by a link's click, so the trend opens in place
/// (the link's address opens the same view in a new tab).
#[component]
pub fn ChangesView(
    store: RwSignal<Store>,
    thresholds: Memo<Thresholds>,
    tab: RwSignal<Tab>,
    focus: TrendFocus,
) -> impl IntoView {
    // Every metric's series at once, as `benchdash trend` searches them: the false discovery
    // rate is controlled across the whole history.
    let changes = Memo::new(move |_| {
        store.with(|s| {
            let runs: Vec<_> = s.runs.iter().map(|r| r.run.clone()).collect();
            let trend = thresholds
                .with(|t| analyze_with(&runs, &Options::default(), t))
                .map_err(|e| e.to_string())?;
            let series = trend.series.len();
            let list: Vec<Change> = trend
                .newest_first()
                .into_iter()
                .map(|c| {
                    let run = s.run(&c.run_id);
                    Change {
                        benchmark: c.benchmark.clone(),
                        metric: c.metric.clone(),
                        unit: trend
                            .series
                            .iter()
                            .find(|s| s.benchmark == c.benchmark && s.metric == c.metric)
                            .map(|s| s.unit.clone())
                            .unwrap_or_default(),
                        before: c.before,
                        after: c.after,
                        change: c.change,
                        verdict: c.verdict,
                        p_value: c.p_value,
                        run_name: run.map(|r| r.run.run.name.clone()).unwrap_or_default(),
                        timestamp: c.timestamp.clone(),
                        commit: run
                            .and_then(|r| r.run.run.git.as_ref())
                            .and_then(|g| g.commit.clone()),
                    }
                })
                .collect();
            Ok::<_, String>((list, series, runs.len()))
        })
    });
    let shown = RwSignal::new(PAGE);
    let total = Signal::derive(move || changes.with(|c| c.as_ref().map_or(0, |c| c.0.len())));
    let open = move |benchmark: String, metric: String| {
        focus.metric.set(metric);
        focus.chosen.set(BTreeSet::from([benchmark]));
        tab.set(Tab::Trends);
    };
    view! {
        <section class="changes-view" aria-label="Changes">
            {move || match changes.get() {
                Err(e) => view! { <p class="error-message" role="alert">{e}</p> }.into_any(),
                Ok((list, series, runs)) => view! {
                    <p class="changes-summary" id="changes-summary">{
                        match list.len() {
                            0 => format!("No change points in {series} series over {runs} runs."),
                            1 => format!("1 change point in {series} series over {runs} runs, newest first."),
                            n => format!("{n} change points in {series} series over {runs} runs, newest first."),
                        }
                    }</p>
                    <div class="table-wrap">
                    <table class="changes-table">
                        <thead>
                            <tr>
                                <th scope="col">"started in"</th>
                                <th scope="col">"time"</th>
                                <th scope="col">"commit"</th>
                                <th scope="col">"benchmark"</th>
                                <th scope="col">"metric"</th>
                                <th scope="col" class="num">"before"</th>
                                <th scope="col" class="num">"after"</th>
                                <th scope="col" class="num">"change"</th>
                                <th scope="col">"verdict"</th>
                                <th scope="col">"trend"</th>
                            </tr>
                        </thead>
                        <tbody>
                            {list.into_iter().take(shown.get()).map(|c| {
                                let href = trend_link(&c.benchmark, &c.metric);
                                let (b, m) = (c.benchmark.clone(), c.metric.clone());
                                view! {
                                    <tr class="change-row" title=format!("p = {}", report::number(c.p_value))>
                                        <td>{c.run_name.clone()}</td>
                                        <td class="time">{c.timestamp.clone()}</td>
                                        <td class="commit">{c.commit.as_deref().map(|h| h.chars().take(10).collect::<String>()).unwrap_or_else(|| "–".into())}</td>
                                        <td class="bench-name">{c.benchmark.clone()}</td>
                                        <td>{c.metric.clone()}</td>
                                        <td class="num">{format!("{} {}", report::number(c.before), c.unit)}</td>
                                        <td class="num">{report::number(c.after)}</td>
                                        <td class="num">{c.change.map(report::change).unwrap_or_else(|| "–".into())}</td>
                                        <td class=verdict_class(c.verdict)>{c.verdict.as_str()}</td>
                                        <td>
                                            <a class="trend-link" href=href on:click=move |ev| {
                                                ev.prevent_default();
                                                open(b.clone(), m.clone());
                                            }>{format!("{} trend", c.benchmark)}</a>
                                        </td>
                                    </tr>
                                }
                            }).collect_view()}
                        </tbody>
                    </table>
                    </div>
                    <MoreRows shown=shown total=total />
                }.into_any(),
            }}
        </section>
    }
}
