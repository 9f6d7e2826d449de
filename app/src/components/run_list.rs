use leptos::prelude::*;

use crate::store::Store;

/// The loaded runs: name, timestamp, source tool and number of benchmarks. Click to select.
#[component]
pub fn RunList(store: RwSignal<Store>) -> impl IntoView {
    view! {
        <section class="run-list">
            <div class="run-list-head">
                <h2>"Runs"</h2>
                <button class="clear-all" on:click=move |_| store.update(Store::clear)>"clear all"</button>
            </div>
            <ul>
                <For
                    each=move || store.with(|s| s.runs.clone())
                    key=|r| r.id().to_string()
                    children=move |r| {
                        let id = r.id().to_string();
                        let (id_b, id_c, id_r) = (id.clone(), id.clone(), id.clone());
                        let selected_id = id.clone();
                        let is_selected = Memo::new(move |_| store.with(|s| s.selected.as_deref() == Some(selected_id.as_str())));
                        let tool = r.run.run.source.as_ref().map(|s| s.tool.clone()).unwrap_or_else(|| "unknown".into());
                        view! {
                            <li class="run-item" class:selected=move || is_selected.get()>
                                <button
                                    class="run-select"
                                    aria-pressed=move || is_selected.get().to_string()
                                    on:click=move |_| store.update(|s| s.select(&id))
                                >
                                    <span class="run-name">{r.run.run.name.clone()}</span>
                                    {r.example.then(|| view! { <span class="badge">"example"</span> })}
                                    <span class="run-meta">
                                        <time class="run-timestamp">{r.run.run.timestamp.clone()}</time>
                                        <span class="run-tool">{tool}</span>
                                        <span class="run-count">{format!("{} benchmarks", r.run.benchmarks.len())}</span>
                                    </span>
                                </button>
                                <div class="run-actions">
                                    <button class="run-baseline" on:click={
                                        let id = id_b.clone();
                                        move |_| store.update(|s| s.set_baseline(&id))
                                    }>"baseline"</button>
                                    <button class="run-candidate" on:click={
                                        let id = id_c.clone();
                                        move |_| store.update(|s| s.set_candidate(&id))
                                    }>"candidate"</button>
                                    <button class="run-remove" aria-label="Remove this run" on:click={
                                        let id = id_r.clone();
                                        move |_| store.update(|s| s.remove(&id))
                                    }>"remove"</button>
                                </div>
                            </li>
                        }
                    }
                />
            </ul>
        </section>
    }
}
