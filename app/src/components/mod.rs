//! The dashboard's views. Each component reads the signals it is given and leaves all reading
//! and judging of runs to core.

mod benchmark_table;
mod chart_figure;
mod compare_view;
mod drop_zone;
mod error_cards;
mod more_rows;
mod row_detail;
mod run_list;
mod simulate_view;
mod thresholds_view;
mod trend_view;

pub use benchmark_table::BenchmarkTable;
pub use chart_figure::{escape, with_hits, ChartFigure, Hit};
pub use compare_view::{comparison, visible_rows, CompareView, SortKey};
pub use drop_zone::DropZone;
pub use error_cards::ErrorCards;
pub use row_detail::{change_svg, distribution_svg, samples_of};
pub use run_list::{parse_tags, tags_text, RunList};
pub use simulate_view::SimulateView;
pub use thresholds_view::ThresholdsView;
pub use trend_view::{chart_svg, TrendView};

use benchdash_core::thresholds::Thresholds;
use leptos::prelude::*;

use crate::browser::{storage, theme, url};
use crate::store::Store;

/// The thresholds a first visit starts with: the orchestrator baseline's limits (seed 000) on
/// top of benchdash's default regression policy.
pub const DEFAULT_THRESHOLDS: &str =
    include_str!("../../../examples/thresholds/orchestrator-baseline.toml");

/// The name on the error card of a failed save to the browser's storage.
const STORAGE: &str = "browser storage";

/// The page's tabs, as named in the URL.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tab {
    Runs,
    Compare,
    Trends,
    Thresholds,
    Simulate,
}

impl Tab {
    const ALL: [Tab; 5] = [
        Tab::Runs,
        Tab::Compare,
        Tab::Trends,
        Tab::Thresholds,
        Tab::Simulate,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Tab::Runs => "runs",
            Tab::Compare => "compare",
            Tab::Trends => "trends",
            Tab::Thresholds => "thresholds",
            Tab::Simulate => "simulate",
        }
    }

    fn label(self) -> &'static str {
        match self {
            Tab::Runs => "Runs",
            Tab::Compare => "Compare",
            Tab::Trends => "Trends",
            Tab::Thresholds => "Thresholds",
            Tab::Simulate => "Simulate",
        }
    }

    pub fn parse(name: &str) -> Option<Tab> {
        Tab::ALL.into_iter().find(|t| t.name() == name)
    }
}

/// The whole page: header and tabs, the drop zone, error cards, and the current view. Runs and
/// thresholds are restored from the browser's storage and saved on every change; the view
/// (tab, baseline, candidate, filters) lives in the URL.
#[component]
pub fn App() -> impl IntoView {
    let mut initial = Store::with_example();
    initial.restore(&storage::get(storage::RUNS).unwrap_or_default());
    let wanted_baseline = url::param("baseline");
    let wanted_candidate = url::param("candidate");
    if let Some(id) = &wanted_baseline {
        initial.set_baseline(id);
    }
    if let Some(id) = &wanted_candidate {
        initial.set_candidate(id);
    }
    // `?load=URL` (repeatable): runs fetched from the page's own host, kept in the URL so the
    // address stays a shareable link.
    let links = url::params("load");
    let first_visit = initial.runs.iter().all(|r| r.example) && links.is_empty();
    let store = RwSignal::new(initial);
    let chosen_theme = RwSignal::new(theme::saved());
    theme::show(&chosen_theme.get_untracked());
    let sim_status = RwSignal::new(None::<crate::simulate::Running>);
    let suite_status = RwSignal::new(None::<crate::simulate::Running>);
    let loading = RwSignal::new(None::<crate::remote::Loading>);
    // A link's baseline and candidate name runs that arrive with its files.
    crate::remote::load_urls(links.clone(), store, loading, move |s| {
        if let (None, Some(id)) = (&s.baseline, &wanted_baseline) {
            s.set_baseline(id);
        }
        if let (None, Some(id)) = (&s.candidate, &wanted_candidate) {
            s.set_candidate(id);
        }
    });
    // A first visit (nothing saved) shows the default simulation suite, simulated in the
    // simulation's worker; until it is done, and whenever it is not wanted, the bundled
    // example stands in.
    if first_visit {
        crate::simulate::run_in_worker(
            benchdash_sim_protocol::worker::Request {
                scenario: None,
                seed: None,
                timestamp: crate::files::now(),
            },
            suite_status,
            move |run| store.update(|s| s.add_suite(run)),
            // The example stays; the reason is for whoever opens the console.
            |reason| web_sys::console::warn_1(&reason.into()),
        );
        // The suite only stands in until real runs arrive: once one does, stop simulating
        // it (its result would be dropped anyway), so the page's time goes to the user's runs.
        let has_real_runs = Memo::new(move |_| store.with(|s| s.runs.iter().any(|r| !r.example)));
        Effect::new(move || {
            if has_real_runs.get() {
                suite_status.update(|s| {
                    if let Some(s) = s {
                        s.cancelled = true;
                    }
                });
            }
        });
    }
    let tab = RwSignal::new(
        url::param("tab")
            .and_then(|t| Tab::parse(&t))
            .unwrap_or(Tab::Runs),
    );
    let filter = RwSignal::new(url::param("filter").unwrap_or_default());
    let verdict = RwSignal::new(url::param("verdict").unwrap_or_else(|| "all".into()));
    let thresholds_text = RwSignal::new(
        storage::get(storage::THRESHOLDS).unwrap_or_else(|| DEFAULT_THRESHOLDS.to_string()),
    );
    let parsed = Memo::new(move |_| thresholds_text.with(|t| Thresholds::parse("thresholds", t)));
    // The last thresholds that parsed: a typo while editing does not blank the comparison.
    let thresholds = Memo::new(move |previous: Option<&Thresholds>| match parsed.get() {
        Ok(t) => t,
        Err(_) => previous.cloned().unwrap_or_default(),
    });

    // Save what survives a reload, when the runs change (not on every selection: a big run
    // takes a while to write out). A full store says so in an error card.
    let runs_key = Memo::new(move |_| {
        store.with(|s| {
            s.runs
                .iter()
                .map(|r| {
                    (
                        r.id().to_string(),
                        r.run.run.name.clone(),
                        r.run.run.tags.clone(),
                    )
                })
                .collect::<Vec<_>>()
        })
    });
    Effect::new(move || {
        // Read, not just tracked: a memo nobody reads is never recomputed, so never changes.
        runs_key.with(|_| ());
        let result = crate::browser::timing::measure("benchdash: save the runs", || {
            let saved = store.with_untracked(Store::to_jsonl);
            if saved.is_empty() {
                storage::remove(storage::RUNS);
                Ok(())
            } else {
                storage::set(storage::RUNS, &saved)
            }
        });
        // One card is enough, however often the runs change while the store is full.
        let reported = store.with_untracked(|s| s.errors.iter().any(|e| e.file == STORAGE));
        if let Err(message) = result {
            if !reported {
                store.update(|s| s.push_error(STORAGE, message));
            }
        }
    });
    Effect::new(move || {
        let text = thresholds_text.get();
        let _ = storage::set(storage::THRESHOLDS, &text);
    });
    // Keep the URL in step with the view.
    Effect::new(move || {
        let (baseline, candidate) = store.with(|s| {
            (
                s.baseline.clone().unwrap_or_default(),
                s.candidate.clone().unwrap_or_default(),
            )
        });
        let mut query: Vec<(&str, String)> = links.iter().map(|l| ("load", l.clone())).collect();
        query.extend([
            ("tab", tab.get().name().to_string()),
            ("baseline", baseline),
            ("candidate", candidate),
            ("filter", filter.get()),
            (
                "verdict",
                if verdict.get() == "all" {
                    String::new()
                } else {
                    verdict.get()
                },
            ),
        ]);
        url::set(&query);
    });

    view! {
        <header class="topbar">
            <h1 class="brand">"benchdash"</h1>
            <p class="tagline">"Benchmark runs in, judgements out. Everything stays in your browser."</p>
            <div class="topbar-end">
            <nav class="tabs" aria-label="Views">
                {Tab::ALL
                    .into_iter()
                    .map(|t| {
                        view! {
                            <button
                                class="tab"
                                id=format!("tab-{}", t.name())
                                class:active=move || tab.get() == t
                                aria-current=move || (tab.get() == t).then_some("page")
                                on:click=move |_| tab.set(t)
                            >
                                {t.label()}
                            </button>
                        }
                    })
                    .collect_view()}
            </nav>
            <label class="theme-pick">
                "Theme "
                <select id="theme-select" on:change=move |ev| {
                    let choice = event_target_value(&ev);
                    theme::choose(&choice);
                    chosen_theme.set(choice);
                }>
                    {theme::CHOICES
                        .into_iter()
                        .map(|c| view! { <option value=c selected=move || chosen_theme.get() == c>{c}</option> })
                        .collect_view()}
                </select>
            </label>
            </div>
        </header>
        <main class="layout">
            <DropZone store=store />
            {move || suite_status.get().or(sim_status.get()).map(|s| view! {
                <div class="sim-progress banner" aria-live="polite">
                    <span>"Simulating…"</span>
                    <progress id="global-progress" max="1" value=s.fraction></progress>
                    <span>{format!("{:.0}%", s.fraction * 100.0)}</span>
                </div>
            })}
            {move || loading.get().map(|l| view! {
                <div id="load-progress" class="sim-progress banner" aria-live="polite">
                    <span>{format!("Loading {} of {} files…", l.done.min(l.total), l.total)}</span>
                    <progress max=l.total.max(1) value=l.done></progress>
                    <span>{l.current}</span>
                </div>
            })}
            <ErrorCards store=store />
            {move || match tab.get() {
                Tab::Runs => view! {
                    <section class="panels">
                        <RunList store=store />
                        <BenchmarkTable store=store />
                    </section>
                }
                .into_any(),
                Tab::Compare => view! { <CompareView store=store thresholds=thresholds filter=filter verdict=verdict /> }.into_any(),
                Tab::Trends => view! { <TrendView store=store thresholds=thresholds /> }.into_any(),
                Tab::Thresholds => view! { <ThresholdsView store=store text=thresholds_text parsed=parsed /> }.into_any(),
                Tab::Simulate => view! { <SimulateView store=store status=sim_status /> }.into_any(),
            }}
        </main>
    }
}
