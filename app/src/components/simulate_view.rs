use benchdash_sim_protocol::presets;
use leptos::prelude::*;

use crate::browser::download;
use crate::simulate::{run_in_worker, Running};
use crate::store::Store;
use benchdash_sim_protocol::worker::{Job, Request};

const SUITE: &str = "default suite (every preset)";

/// Pick a preset or edit a scenario, set the seed, and simulate in the browser with a progress
/// bar and a cancel button; the result joins the runs.
#[component]
pub fn SimulateView(
    store: RwSignal<Store>,
    status: RwSignal<Option<Running>>,
    tab: RwSignal<super::Tab>,
    timeline: RwSignal<String>,
) -> impl IntoView {
    let preset = RwSignal::new(presets::PRESETS[0].name.to_string());
    let text = RwSignal::new(presets::PRESETS[0].text.to_string());
    let seed = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let choose = move |name: String| {
        if let Some(p) = presets::find(&name) {
            text.set(p.text.to_string());
        }
        preset.set(name);
    };
    let run = move |_| {
        error.set(None);
        let seed_value = match seed.get_untracked().trim() {
            "" => None,
            s => match s.parse::<u64>() {
                Ok(v) => Some(v),
                Err(_) => {
                    error.set(Some(format!("the seed `{s}` is not a whole number")));
                    return;
                }
            },
        };
        let job = if preset.get_untracked() == SUITE {
            Job::Suite
        } else {
            Job::Scenario(text.get_untracked())
        };
        let request = Request {
            job,
            seed: seed_value,
            timestamp: crate::files::now(),
        };
        run_in_worker(
            request,
            status,
            move |runs| {
                store.update(|s| {
                    for run in runs {
                        s.add_run("simulation", run, Vec::new());
                    }
                })
            },
            move |reason| error.set(Some(reason)),
        );
    };
    let download_result = move |_| {
        store.with_untracked(|s| {
            if let Some(r) = s.runs.iter().rev().find(|r| r.file == "simulation") {
                download(
                    "simulation.json",
                    "application/json",
                    &benchdash_core::write::to_json(&r.run),
                );
            }
        })
    };
    // The last simulated run and its first benchmark with a timeline, if it recorded one.
    let with_timeline = Memo::new(move |_| {
        store.with(|s| {
            let r = s.runs.iter().rev().find(|r| r.file == "simulation")?;
            let b = r.run.benchmarks.iter().find(|b| b.timeline.is_some())?;
            Some((r.id().to_string(), b.name.clone()))
        })
    });
    let show_timeline = move |_| {
        if let Some((id, benchmark)) = with_timeline.get_untracked() {
            store.update(|s| s.select(&id));
            timeline.set(benchmark);
            tab.set(super::Tab::Timeline);
        }
    };
    view! {
        <section class="simulate-view" aria-label="Simulate">
            <div class="sim-controls">
                <label>
                    "Preset "
                    <select id="preset-select" on:change=move |ev| choose(event_target_value(&ev))>
                        {presets::PRESETS
                            .iter()
                            .map(|p| view! { <option value=p.name title=p.summary>{format!("{} — {}", p.name, p.summary)}</option> })
                            .collect_view()}
                        <option value=SUITE>{SUITE}</option>
                    </select>
                </label>
                <label>"Seed " <input id="seed-input" type="text" inputmode="numeric" placeholder="the scenario's" prop:value=move || seed.get() on:input=move |ev| seed.set(event_target_value(&ev)) /></label>
                <button id="simulate-run" class="button" disabled=move || status.get().is_some() on:click=run>"Run"</button>
                <button id="simulate-cancel" class="button secondary" disabled=move || status.get().is_none() on:click=move |_| status.update(|s| if let Some(s) = s { s.cancelled = true })>"Cancel"</button>
                <button class="button secondary" on:click=download_result>"Download the last result"</button>
                {move || (status.get().is_none() && with_timeline.get().is_some()).then(|| view! {
                    <button id="simulate-timeline" class="button secondary" on:click=show_timeline>"Show its timeline"</button>
                })}
            </div>
            {move || status.get().map(|s| view! {
                <div class="sim-progress">
                    <progress id="simulate-progress" max="1" value=s.fraction></progress>
                    <span>{format!("{:.0}%", s.fraction * 100.0)}</span>
                </div>
            })}
            {move || error.get().map(|e| view! { <p class="error-message" id="simulate-error" role="alert">{e}</p> })}
            <label for="scenario-editor">"Scenario (TOML; see docs/simulation.md)"</label>
            <textarea
                id="scenario-editor"
                spellcheck="false"
                rows="20"
                disabled=move || preset.get() == SUITE
                prop:value=move || text.get()
                on:input=move |ev| text.set(event_target_value(&ev))
            ></textarea>
        </section>
    }
}
