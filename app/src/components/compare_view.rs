use benchdash_core::compare::{by_severity, Deferred, History, Row, Test, Verdict};
use benchdash_core::report;
use benchdash_core::thresholds::Thresholds;
use leptos::prelude::*;

use super::more_rows::{MoreRows, PAGE};
use super::row_detail::RowDetail;
use crate::browser::download;
use crate::store::Store;

/// Columns a reader can sort by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SortKey {
    Severity,
    Benchmark,
    Change,
    PValue,
}

/// The comparison of the chosen pair under the current thresholds, with every loaded run as
/// history (the comparison reads those made before the candidate), or why there is none. The
/// bootstrap intervals that decide no verdict are left out (`interval_left_out`): they are
/// most of the work, and the view fills them in after the table is up ([`Deferred::fill`]).
pub fn comparison(store: &Store, thresholds: &Thresholds) -> Option<Result<Deferred, String>> {
    let (b, c) = store.pair()?;
    let history = History::new(store.runs.iter().map(|r| &r.run));
    Some(Deferred::with_history(&b.run, &c.run, &history, thresholds).map_err(|e| e.to_string()))
}

/// What the history did, or how to give the comparison one.
pub fn history_note(c: &benchdash_core::compare::Comparison, min: usize) -> String {
    match report::history(c) {
        Some(line) if c.history_runs != Some(0) => format!("History: {line}."),
        _ => format!(
            "No history: no loaded run is older than the candidate but the baseline. With {min} or more earlier runs loaded, each row is judged against its run-to-run noise."
        ),
    }
}

/// Intervals computed per step (a few milliseconds); the page gets the thread back between
/// steps once a task has run 20 ms.
const INTERVALS_PER_STEP: usize = 16;

/// The rows a reader asked for: filtered by a name fragment and a verdict, sorted.
pub fn visible_rows(rows: &[Row], filter: &str, verdict: &str, sort: SortKey) -> Vec<Row> {
    let needle = filter.to_lowercase();
    let mut out: Vec<Row> = rows
        .iter()
        .filter(|r| {
            needle.is_empty()
                || r.benchmark.to_lowercase().contains(&needle)
                || r.metric.contains(&needle)
        })
        .filter(|r| verdict == "all" || r.verdict.as_str() == verdict)
        .cloned()
        .collect();
    benchdash_core::order::sort_by(&mut out, |a, b| match sort {
        SortKey::Severity => by_severity(a, b),
        SortKey::Benchmark => (&a.benchmark, &a.metric).cmp(&(&b.benchmark, &b.metric)),
        SortKey::Change => b
            .change
            .unwrap_or(0.0)
            .abs()
            .total_cmp(&a.change.unwrap_or(0.0).abs()),
        SortKey::PValue => a
            .p_value
            .unwrap_or(1.0)
            .total_cmp(&b.p_value.unwrap_or(1.0)),
    });
    out
}

/// The interval of a row once it is filled (`None` while it waits).
fn interval_of(c: &Deferred, (benchmark, metric): &(String, String)) -> Option<Option<[f64; 2]>> {
    c.rows
        .iter()
        .find(|r| &r.benchmark == benchmark && &r.metric == metric)
        .filter(|r| !r.interval_left_out)
        .map(|r| r.ci)
}

pub(super) fn verdict_class(v: Verdict) -> &'static str {
    match v {
        Verdict::Regressed => "verdict regressed",
        Verdict::Improved => "verdict improved",
        Verdict::Noise => "verdict noise",
        Verdict::Unchanged => "verdict unchanged",
        Verdict::Added | Verdict::Removed => "verdict changed-set",
    }
}

/// Baseline against candidate: the rows of the compare contract, with summary counts, the
/// geometric mean, filters, sorting and exports.
#[component]
pub fn CompareView(
    store: RwSignal<Store>,
    thresholds: Memo<Thresholds>,
    filter: RwSignal<String>,
    verdict: RwSignal<String>,
) -> impl IntoView {
    let sort = RwSignal::new(SortKey::Severity);
    // The opened row, by benchmark and metric (rows are rebuilt on every change).
    let detail = RwSignal::new(None::<(String, String)>);
    let shown = RwSignal::new(PAGE);
    let result = Memo::new(move |_| thresholds.with(|t| store.with(|s| comparison(s, t))));
    // The intervals left out, filled in slices between yields to the page; a new comparison
    // restarts the work (the generation tells a running loop that it is stale).
    let filled = RwSignal::new(None::<Deferred>);
    let generation = StoredValue::new(0u64);
    Effect::new(move || {
        let current = result.get();
        let mine = generation.get_value() + 1;
        generation.set_value(mine);
        let Some(Ok(c)) = current else {
            filled.set(None);
            return;
        };
        filled.set(Some(c));
        leptos::task::spawn_local(async move {
            // The first yield lets the rows appear; then the page gets the thread back once a
            // task has filled for 20 ms.
            gloo_timers::future::TimeoutFuture::new(0).await;
            let mut slices = crate::browser::timing::Slices::new();
            loop {
                if generation.get_value() != mine {
                    return;
                }
                let mut left = 0;
                filled.update(|c| {
                    left = c.as_mut().map_or(0, |c| c.fill(INTERVALS_PER_STEP));
                });
                if left == 0 {
                    return;
                }
                slices.pause().await;
            }
        });
    });
    // Everything filled, now (exports want every interval).
    let complete = move || Some(filled.get_untracked()?.finish());
    let run_options = move |chosen: fn(&Store) -> Option<String>| {
        store.with(|s| {
            let current = chosen(s);
            s.runs
                .iter()
                .map(|r| {
                    let id = r.id().to_string();
                    let selected = current.as_deref() == Some(id.as_str());
                    view! { <option value=id selected=selected>{format!("{} ({})", r.run.run.name, r.run.run.timestamp)}</option> }
                })
                .collect_view()
        })
    };
    let export = move |kind: &'static str| {
        if let Some(c) = complete() {
            match kind {
                "md" => download(
                    "comparison.md",
                    "text/markdown",
                    &report::markdown::comparison(&c),
                ),
                "csv" => download(
                    "comparison.csv",
                    "text/csv",
                    &benchdash_core::export::comparison_csv(&c),
                ),
                _ => download(
                    "comparison.json",
                    "application/json",
                    &report::json::render(&c),
                ),
            }
        }
    };
    let header = move |label: &'static str, key: SortKey| {
        view! {
            <th scope="col">
                <button class="sort" class:active=move || sort.get() == key on:click=move |_| sort.set(key)>{label}</button>
            </th>
        }
    };
    view! {
        <section class="compare-view" aria-label="Compare">
            <div class="pair">
                <label>
                    "Baseline "
                    <select id="baseline-select" on:change=move |ev| store.update(|s| s.set_baseline(&event_target_value(&ev)))>
                        {move || run_options(|s| s.pair().map(|(b, _)| b.id().to_string()))}
                    </select>
                </label>
                <label>
                    "Candidate "
                    <select id="candidate-select" on:change=move |ev| store.update(|s| s.set_candidate(&event_target_value(&ev)))>
                        {move || run_options(|s| s.pair().map(|(_, c)| c.id().to_string()))}
                    </select>
                </label>
            </div>
            {move || match result.get() {
                None => view! { <p class="empty">"Load two runs to compare them."</p> }.into_any(),
                Some(Err(e)) => view! { <p class="error-message compare-error">{e}</p> }.into_any(),
                Some(Ok(c)) => {
                    let s = c.summary.clone();
                    let status = c.status.as_str();
                    let note = history_note(&c, thresholds.with(|t| t.regression.history_min));
                    view! {
                        <p class="history-note" id="compare-history">{note}</p>
                        <div class="compare-summary">
                            <span class=format!("status-badge {status}") id="compare-status">{format!("status: {status}")}</span>
                            <span>{format!("{} regressed", s.regressed)}</span>
                            <span>{format!("{} improved", s.improved)}</span>
                            <span>{format!("{} unchanged", s.unchanged)}</span>
                            <span>{format!("{} noise", s.noise)}</span>
                            <span>{format!("{} added", s.added)}</span>
                            <span>{format!("{} removed", s.removed)}</span>
                            <span>{format!("geomean {}", s.geomean_change.map(report::change).unwrap_or_else(|| "–".into()))}</span>
                        </div>
                    }
                    .into_any()
                }
            }}
            <div class="filters">
                <label>"Filter " <input id="compare-filter" type="search" placeholder="benchmark or metric" prop:value=move || filter.get() on:input=move |ev| filter.set(event_target_value(&ev)) /></label>
                <label>
                    "Verdict "
                    <select id="verdict-filter" on:change=move |ev| verdict.set(event_target_value(&ev))>
                        {["all", "regressed", "improved", "unchanged", "noise", "added", "removed"]
                            .into_iter()
                            .map(|v| view! { <option value=v selected=move || verdict.get() == v>{v}</option> })
                            .collect_view()}
                    </select>
                </label>
                <span class="exports">
                    "Export: "
                    <button on:click=move |_| export("md")>"Markdown"</button>
                    <button on:click=move |_| export("csv")>"CSV"</button>
                    <button on:click=move |_| export("json")>"JSON"</button>
                </span>
            </div>
            {move || {
                let (benchmark, metric) = detail.get()?;
                let Some(Ok(c)) = result.get() else { return None };
                let row = c.filled_row(&benchmark, &metric)?;
                Some(view! { <RowDetail store=store thresholds=thresholds row=row on_close=Callback::new(move |_| detail.set(None)) /> })
            }}
            // Focusable, so a keyboard can scroll a table wider than the window.
            <div class="table-scroll" tabindex="0" role="region" aria-label="The comparison's rows">
                <table class="compare-table">
                    <thead>
                        <tr>
                            {header("benchmark", SortKey::Benchmark)}
                            <th scope="col">"metric"</th>
                            <th scope="col" class="num">"baseline"</th>
                            <th scope="col" class="num">"candidate"</th>
                            {header("change", SortKey::Change)}
                            <th scope="col">"CI"</th>
                            {header("p", SortKey::PValue)}
                            <th scope="col">"test"</th>
                            {header("verdict", SortKey::Severity)}
                            <th scope="col">"status"</th>
                        </tr>
                    </thead>
                    <tbody>
                        {move || {
                            let Some(Ok(c)) = result.get() else { return Vec::new() };
                            visible_rows(&c.rows, &filter.get(), &verdict.get(), sort.get())
                                .into_iter()
                                .take(shown.get())
                                .map(|r| {
                                    let reasons = report::reasons(&r.reasons);
                                    let key = (r.benchmark.clone(), r.metric.clone());
                                    let open_key = key.clone();
                                    let is_open = Memo::new(move |_| detail.get().as_ref() == Some(&open_key));
                                    view! {
                                        <tr class="compare-row" class:open=move || is_open.get() title=reasons>
                                            <td class="bench-name">
                                                <button class="row-open" aria-expanded=move || is_open.get().to_string() aria-controls="row-detail" on:click=move |_| {
                                                    let key = key.clone();
                                                    detail.update(|d| *d = if d.as_ref() == Some(&key) { None } else { Some(key) });
                                                }>{r.benchmark.clone()}</button>
                                            </td>
                                            <td>{r.metric.clone()}</td>
                                            <td class="num">{format!("{} {}", report::maybe(r.baseline), r.unit)}</td>
                                            <td class="num">{report::maybe(r.candidate)}</td>
                                            <td class="num">{r.change.map(report::change).unwrap_or_else(|| "–".into())}</td>
                                            <td class="ci">{
                                                let (ci, waiting, key) = (r.ci, r.interval_left_out, (r.benchmark.clone(), r.metric.clone()));
                                                move || {
                                                    let ci = if waiting { filled.with(|f| interval_of(f.as_ref()?, &key)) } else { Some(ci) };
                                                    match ci {
                                                        None => "…".to_string(),
                                                        Some(ci) => ci.map(report::interval).unwrap_or_else(|| "–".into()),
                                                    }
                                                }
                                            }</td>
                                            <td class="num">{report::maybe(r.p_value)}</td>
                                            <td class="test" title=report::describe_test(r.test)>{
                                                match r.history_n {
                                                    Some(n) if r.test == Test::History => format!("{} ({n})", r.test.as_str()),
                                                    _ => r.test.as_str().to_string(),
                                                }
                                            }</td>
                                            <td class=verdict_class(r.verdict)>{r.verdict.as_str()}</td>
                                            <td class=format!("status {}", r.status.as_str())>{r.status.as_str()}</td>
                                        </tr>
                                    }
                                })
                                .collect::<Vec<_>>()
                        }}
                    </tbody>
                </table>
            </div>
            <MoreRows shown=shown total=Signal::derive(move || match result.get() {
                Some(Ok(c)) => visible_rows(&c.rows, &filter.get(), &verdict.get(), sort.get()).len(),
                _ => 0,
            }) />
        </section>
    }
}
