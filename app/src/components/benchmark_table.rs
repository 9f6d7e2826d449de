use benchdash_core::report;
use leptos::prelude::*;

use super::more_rows::{MoreRows, PAGE};

use crate::store::Store;

/// One table row: a benchmark's metric and the numbers reviewers look at first.
#[derive(Debug, Clone, PartialEq)]
struct Row {
    benchmark: String,
    metric: String,
    unit: String,
    better: &'static str,
    headline: String,
    n: String,
    stddev: String,
    p95: String,
    min: String,
    max: String,
}

/// The first `limit` rows of the selected run.
fn rows(store: &Store, limit: usize) -> Vec<Row> {
    let Some(loaded) = store.selected_run() else {
        return Vec::new();
    };
    loaded
        .run
        .benchmarks
        .iter()
        .flat_map(|b| {
            b.metrics.iter().map(move |(name, m)| {
                let s = m.summary.clone().unwrap_or_default();
                Row {
                    benchmark: b.name.clone(),
                    metric: name.clone(),
                    unit: m.unit.clone(),
                    better: m.better.as_str(),
                    headline: report::maybe(m.headline()),
                    n: s.n.map(|n| n.to_string()).unwrap_or_else(|| "–".into()),
                    stddev: report::maybe(s.stddev),
                    p95: report::maybe(s.p95),
                    min: report::maybe(s.min),
                    max: report::maybe(s.max),
                }
            })
        })
        .take(limit)
        .collect()
}

/// The selected run's benchmarks and metrics.
#[component]
pub fn BenchmarkTable(store: RwSignal<Store>) -> impl IntoView {
    let shown = RwSignal::new(PAGE);
    let total = Memo::new(move |_| {
        store.with(|s| {
            s.selected_run().map_or(0, |r| {
                r.run.benchmarks.iter().map(|b| b.metrics.len()).sum()
            })
        })
    });
    let title = move || {
        store.with(|s| {
            s.selected_run()
                .map(|r| r.run.run.name.clone())
                .unwrap_or_else(|| "No run selected".into())
        })
    };
    view! {
        <section class="benchmarks">
            <h2 class="benchmarks-title">{title}</h2>
            // Focusable, so a keyboard can scroll a table wider than the window.
            <div class="table-scroll" tabindex="0" role="region" aria-label="Benchmarks of the selected run">
                <table class="benchmark-table">
                    <thead>
                        <tr>
                            <th scope="col">"benchmark"</th>
                            <th scope="col">"metric"</th>
                            <th scope="col" class="num">"value"</th>
                            <th scope="col">"unit"</th>
                            <th scope="col" class="num">"n"</th>
                            <th scope="col" class="num">"stddev"</th>
                            <th scope="col" class="num">"p95"</th>
                            <th scope="col" class="num">"min"</th>
                            <th scope="col" class="num">"max"</th>
                            <th scope="col">"better"</th>
                        </tr>
                    </thead>
                    <tbody>
                        {move || {
                            store
                                .with(|s| rows(s, shown.get()))
                                .into_iter()
                                .map(|r| {
                                    view! {
                                        <tr class="benchmark-row">
                                            <td class="bench-name">{r.benchmark}</td>
                                            <td class="metric-name">{r.metric}</td>
                                            <td class="num headline">{r.headline}</td>
                                            <td>{r.unit}</td>
                                            <td class="num">{r.n}</td>
                                            <td class="num">{r.stddev}</td>
                                            <td class="num">{r.p95}</td>
                                            <td class="num">{r.min}</td>
                                            <td class="num">{r.max}</td>
                                            <td class="better">{r.better}</td>
                                        </tr>
                                    }
                                })
                                .collect_view()
                        }}
                    </tbody>
                </table>
            </div>
            <MoreRows shown=shown total=total />
        </section>
    }
}
