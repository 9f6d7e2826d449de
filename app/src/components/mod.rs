//! The dashboard's views. Each component reads the signals it is given and leaves all reading
//! and judging of runs to core.

mod benchmark_table;
mod changes_view;
mod chart_figure;
mod compare_view;
mod drop_zone;
mod error_cards;
mod more_rows;
mod row_detail;
mod run_list;
mod simulate_view;
mod thresholds_view;
mod timeline_view;
mod trend_view;

pub use benchmark_table::BenchmarkTable;
pub use changes_view::{trend_link, ChangesView};
pub use chart_figure::{escape, with_hits, ChartFigure, Hit};
pub use compare_view::{comparison, visible_rows, CompareView, SortKey};
pub use drop_zone::DropZone;
pub use error_cards::ErrorCards;
pub use row_detail::{change_svg, distribution_svg, samples_of};
pub use run_list::{parse_tags, tags_text, RunList};
pub use simulate_view::SimulateView;
pub use thresholds_view::ThresholdsView;
pub use timeline_view::{panel_svg, panels, Marks, TimelineView};
pub use trend_view::{chart_svg, TrendView};

use benchdash_core::thresholds::Thresholds;
use leptos::prelude::*;

use std::cell::RefCell;
use std::rc::Rc;

use crate::browser::{storage, theme, url};
use crate::saved;
use crate::store::{Store, STORAGE};

/// The thresholds a first visit starts with: the orchestrator baseline's limits (seed 000) on
/// top of benchdash's default regression policy.
pub const DEFAULT_THRESHOLDS: &str =
    include_str!("../../../examples/thresholds/orchestrator-baseline.toml");

/// The page's tabs, as named in the URL.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tab {
    Runs,
    Compare,
    Trends,
    Changes,
    Thresholds,
    Timeline,
    Simulate,
}

impl Tab {
    const ALL: [Tab; 7] = [
        Tab::Runs,
        Tab::Compare,
        Tab::Trends,
        Tab::Changes,
        Tab::Thresholds,
        Tab::Timeline,
        Tab::Simulate,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Tab::Runs => "runs",
            Tab::Compare => "compare",
            Tab::Trends => "trends",
            Tab::Changes => "changes",
            Tab::Thresholds => "thresholds",
            Tab::Timeline => "timeline",
            Tab::Simulate => "simulate",
        }
    }

    fn label(self) -> &'static str {
        match self {
            Tab::Runs => "Runs",
            Tab::Compare => "Compare",
            Tab::Trends => "Trends",
            Tab::Changes => "Changes",
            Tab::Thresholds => "Thresholds",
            Tab::Timeline => "Timeline",
            Tab::Simulate => "Simulate",
        }
    }

    pub fn parse(name: &str) -> Option<Tab> {
        Tab::ALL.into_iter().find(|t| t.name() == name)
    }
}

/// What the Trends view shows: the metric followed and the benchmarks chosen (none: the first
/// few). Kept by the page, in the URL (`metric`, `bench`), so that a link from Changes opens a
/// benchmark's trend.
#[derive(Debug, Clone, Copy)]
pub struct TrendFocus {
    pub metric: RwSignal<String>,
    pub chosen: RwSignal<std::collections::BTreeSet<String>>,
}

/// The whole page: header and tabs, the drop zone, error cards, and the current view. Runs and
/// thresholds are restored from the browser's storage and saved on every change; the view
/// (tab, baseline, candidate, filters) lives in the URL.
#[component]
pub fn App() -> impl IntoView {
    let wanted_baseline = url::param("baseline");
    let wanted_candidate = url::param("candidate");
    // `?load=URL` (repeatable): runs fetched from the page's own host, kept in the URL so the
    // address stays a shareable link.
    let links = url::params("load");
    let linked = !links.is_empty();
    // The URL's baseline and candidate are chosen once their runs are there: the saved ones
    // below, or a link's.
    let store = RwSignal::new(Store::with_example());
    let chosen_theme = RwSignal::new(theme::saved());
    theme::show(&chosen_theme.get_untracked());
    let sim_status = RwSignal::new(None::<crate::simulate::Running>);
    let suite_status = RwSignal::new(None::<crate::simulate::Running>);
    let loading = RwSignal::new(None::<crate::remote::Loading>);
    // What the browser's database holds, once it is read (`None` until then, so nothing is
    // saved over it before), and its use of the quota.
    let in_database = RwSignal::new(None::<saved::Saved>);
    let usage = RwSignal::new(None::<Usage>);
    let database: Rc<RefCell<Option<Rc<rexie::Rexie>>>> = Rc::default();
    // A link's baseline and candidate name runs that arrive with its files.
    let (link_baseline, link_candidate) = (wanted_baseline.clone(), wanted_candidate.clone());
    crate::remote::load_urls(links.clone(), store, loading, move |s| {
        if let (None, Some(id)) = (&s.baseline, &link_baseline) {
            s.set_baseline(id);
        }
        if let (None, Some(id)) = (&s.candidate, &link_candidate) {
            s.set_candidate(id);
        }
    });
    // The saved runs come back from the database (and, once, from local storage, where they
    // were kept before); a first visit (nothing saved, no link) then tells the story
    // (`benchdash_sim::story`: a month of simulated nightly runs with a regression, a change
    // point and a warning), simulated in the simulation's worker. Until it is done, and
    // whenever it is not wanted, the bundled example stands in.
    {
        let database = database.clone();
        leptos::task::spawn_local(async move {
            let mut found = saved::Saved::new();
            match saved::open().await {
                Ok(db) => {
                    match saved::load(&db).await {
                        Ok(restored) => {
                            let jsonl: String = restored
                                .runs
                                .iter()
                                .map(|(_, text)| format!("{text}\n"))
                                .collect();
                            store.update(|s| s.restore(&jsonl));
                            found = restored.saved;
                        }
                        Err(e) => store.update(|s| s.push_error(STORAGE, e)),
                    }
                    *database.borrow_mut() = Some(Rc::new(db));
                }
                Err(e) => store.update(|s| s.push_error(STORAGE, e)),
            }
            // Local storage's runs join the store, and are saved to the database by the
            // effect below; local storage lets them go once they are.
            if let Some(old) = storage::get(storage::RUNS) {
                store.update(|s| s.restore(&old));
            }
            in_database.set(Some(found));
            if let Some(id) = &wanted_baseline {
                store.update(|s| s.set_baseline(id));
            }
            if let Some(id) = &wanted_candidate {
                store.update(|s| s.set_candidate(id));
            }
            usage.set(Usage::read().await);
            if !linked && store.with_untracked(|s| s.runs.iter().all(|r| r.example)) {
                tell_the_story(store, suite_status);
            }
        });
    }
    // The story only stands in until real runs arrive: once one does, it stops (its result
    // would be dropped anyway), so the page's time goes to the user's runs.
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
    let tab = RwSignal::new(
        url::param("tab")
            .and_then(|t| Tab::parse(&t))
            .unwrap_or(Tab::Runs),
    );
    let focus = TrendFocus {
        metric: RwSignal::new(url::param("metric").unwrap_or_default()),
        chosen: RwSignal::new(url::params("bench").into_iter().collect()),
    };
    // The benchmark the Timeline view shows (`timeline` in the URL; empty: its first).
    let timeline_benchmark = RwSignal::new(url::param("timeline").unwrap_or_default());
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

    // Save what survives a reload, when the runs change (not on every selection): the runs
    // that changed, in one transaction. A full store says so in an error card, once, and the
    // database keeps what it had.
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
        // Tracked too: the first save waits for the database to be read.
        if in_database.get().is_none() {
            return;
        }
        let Some(db) = database.borrow().clone() else {
            return;
        };
        leptos::task::spawn_local(async move {
            let Some(before) = in_database.get_untracked() else {
                return;
            };
            let wanted = saved::wanted(store.with_untracked(Store::to_save));
            match saved::save(&*db, &before, &wanted).await {
                saved::Saving::Unchanged => return,
                saved::Saving::Written(plan) => {
                    in_database.update_untracked(|s| {
                        if let Some(s) = s {
                            plan.apply(s);
                        }
                    });
                    storage::remove(storage::RUNS);
                    // Only a card to take back touches the store: every view reads it.
                    if store.with_untracked(Store::has_storage_card) {
                        store.update(Store::storage_written);
                    }
                    if usage
                        .get_untracked()
                        .is_none_or(|u| u.persistent != Some(true))
                    {
                        saved::persist().await;
                    }
                }
                saved::Saving::Refused(message) => {
                    if !store.with_untracked(Store::has_storage_card) {
                        store.update(|s| s.storage_refused(message));
                    }
                }
            }
            usage.set(Usage::read().await);
        });
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
        if tab.get() == Tab::Trends {
            query.push(("metric", focus.metric.get()));
            query.extend(focus.chosen.get().into_iter().map(|b| ("bench", b)));
        }
        if tab.get() == Tab::Timeline {
            query.push(("timeline", timeline_benchmark.get()));
        }
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
                        <div class="run-column">
                            <RunList store=store />
                            <p class="storage-usage" id="storage-usage">{move || usage.get().map(|u| u.describe())}</p>
                        </div>
                        <BenchmarkTable store=store />
                    </section>
                }
                .into_any(),
                Tab::Compare => view! { <CompareView store=store thresholds=thresholds filter=filter verdict=verdict /> }.into_any(),
                Tab::Trends => view! { <TrendView store=store thresholds=thresholds focus=focus /> }.into_any(),
                Tab::Changes => view! { <ChangesView store=store thresholds=thresholds tab=tab focus=focus /> }.into_any(),
                Tab::Thresholds => view! { <ThresholdsView store=store text=thresholds_text parsed=parsed /> }.into_any(),
                Tab::Timeline => view! { <TimelineView store=store benchmark=timeline_benchmark /> }.into_any(),
                Tab::Simulate => view! { <SimulateView store=store status=sim_status tab=tab timeline=timeline_benchmark /> }.into_any(),
            }}
        </main>
    }
}

/// Starts the first visit's story in the simulation's worker.
fn tell_the_story(store: RwSignal<Store>, status: RwSignal<Option<crate::simulate::Running>>) {
    crate::simulate::run_in_worker(
        benchdash_sim_protocol::worker::Request {
            job: benchdash_sim_protocol::worker::Job::Story,
            seed: None,
            timestamp: crate::files::now(),
        },
        status,
        move |runs| store.update(|s| s.add_story(runs)),
        // The example stays; the reason is for whoever opens the console.
        |reason| web_sys::console::warn_1(&reason.into()),
    );
}

/// What the page stores against what the browser lets it store.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Usage {
    pub used: f64,
    pub quota: f64,
    /// Whether the browser keeps the data under storage pressure.
    pub persistent: Option<bool>,
}

impl Usage {
    async fn read() -> Option<Usage> {
        let (used, quota) = saved::estimate().await?;
        Some(Usage {
            used,
            quota,
            persistent: saved::persisted().await,
        })
    }

    pub fn describe(&self) -> String {
        let kept = match self.persistent {
            Some(true) => "; kept under storage pressure (persistent)",
            Some(false) => "; the browser may clear it under storage pressure",
            None => "",
        };
        format!(
            "Stored in this browser: {} of {}{kept}.",
            saved::size(self.used),
            saved::size(self.quota)
        )
    }
}
