use std::collections::BTreeMap;

use benchdash_core::run::Run;
use leptos::prelude::*;

use crate::browser::download;
use crate::store::Store;

/// Tags as typed in the editor, `key=value` pairs separated by commas; a bare word is a tag
/// with an empty value. An `=` without a key is an error that names the pair.
pub fn parse_tags(text: &str) -> Result<BTreeMap<String, String>, String> {
    let mut tags = BTreeMap::new();
    for pair in text.split(',').map(str::trim).filter(|p| !p.is_empty()) {
        let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
        let key = key.trim();
        if key.is_empty() {
            return Err(format!("`{pair}` has no key before `=`"));
        }
        tags.insert(key.to_string(), value.trim().to_string());
    }
    Ok(tags)
}

/// Tags as the editor shows them: the inverse of [`parse_tags`].
pub fn tags_text(tags: &BTreeMap<String, String>) -> String {
    tags.iter()
        .map(|(k, v)| {
            if v.is_empty() {
                k.clone()
            } else {
                format!("{k}={v}")
            }
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// The git and machine fields of a run, as short phrases ("main @ 1a2b3c4", "ci-1 · linux ·
/// 2 cores").
fn provenance(run: &Run) -> Vec<String> {
    let mut out = Vec::new();
    if let Some(g) = &run.git {
        let commit = g
            .commit
            .as_deref()
            .map(|c| c.chars().take(7).collect::<String>());
        let text = match (g.branch.as_deref(), commit) {
            (Some(b), Some(c)) => format!("{b} @ {c}"),
            (Some(b), None) => b.to_string(),
            (None, Some(c)) => c,
            (None, None) => String::new(),
        };
        if !text.is_empty() {
            out.push(if g.dirty == Some(true) {
                format!("{text} (dirty)")
            } else {
                text
            });
        }
    }
    if let Some(m) = &run.machine {
        let parts: Vec<String> = [
            m.hostname.clone(),
            m.os.clone(),
            m.cpu.clone(),
            m.cores.map(|c| format!("{c} cores")),
        ]
        .into_iter()
        .flatten()
        .collect();
        if !parts.is_empty() {
            out.push(parts.join(" · "));
        }
    }
    out
}

/// What the list shows of a run: a few fields, so that the list's items can be remade on
/// every change of the store without copying the runs (a year of history is 73,000
/// benchmarks, and copying them on every import was most of the time a link took).
#[derive(Debug, Clone, PartialEq)]
struct RunItem {
    id: String,
    name: String,
    tags: BTreeMap<String, String>,
    timestamp: String,
    tool: String,
    benchmarks: usize,
    provenance: Vec<String>,
    example: bool,
}

impl RunItem {
    fn of(r: &crate::store::LoadedRun) -> RunItem {
        RunItem {
            id: r.id().to_string(),
            name: r.run.run.name.clone(),
            tags: r.run.run.tags.clone(),
            timestamp: r.run.run.timestamp.clone(),
            tool: r
                .run
                .run
                .source
                .as_ref()
                .map(|s| s.tool.clone())
                .unwrap_or_else(|| "unknown".into()),
            benchmarks: r.run.benchmarks.len(),
            provenance: provenance(&r.run.run),
            example: r.example,
        }
    }
}

/// The loaded runs: name, time, source tool, git and machine, tags. Click to select; choose
/// the baseline and the candidate; rename, tag, download or remove.
#[component]
pub fn RunList(store: RwSignal<Store>) -> impl IntoView {
    // The run whose name and tags are being edited.
    let editing = RwSignal::new(None::<String>);
    view! {
        <section class="run-list">
            <div class="run-list-head">
                <h2>"Runs"</h2>
                <button class="clear-all" on:click=move |_| store.update(Store::clear)>"clear all"</button>
            </div>
            <ul>
                <For
                    each=move || store.with(|s| s.runs.iter().map(RunItem::of).collect::<Vec<_>>())
                    key=|r| (r.id.clone(), r.name.clone(), r.tags.clone())
                    children=move |r| {
                        let id = r.id.clone();
                        let (id_b, id_c, id_r, id_e, id_d) = (id.clone(), id.clone(), id.clone(), id.clone(), id.clone());
                        let selected_id = id.clone();
                        let is_selected = Memo::new(move |_| store.with(|s| s.selected.as_deref() == Some(selected_id.as_str())));
                        let edit_id = id.clone();
                        let is_editing = Memo::new(move |_| editing.get().as_deref() == Some(edit_id.as_str()));
                        let tool = r.tool.clone();
                        let name = r.name.clone();
                        let tags = r.tags.clone();
                        let file_name = format!("{}.json", name.replace(|c: char| !c.is_ascii_alphanumeric() && c != '-' && c != '.', "_"));
                        let download_id = id.clone();
                        view! {
                            <li class="run-item" class:selected=move || is_selected.get()>
                                <button
                                    class="run-select"
                                    aria-pressed=move || is_selected.get().to_string()
                                    on:click=move |_| store.update(|s| s.select(&id))
                                >
                                    <span class="run-name">{name.clone()}</span>
                                    {r.example.then(|| view! { <span class="badge">"example"</span> })}
                                    <span class="run-meta">
                                        <time class="run-timestamp">{r.timestamp.clone()}</time>
                                        <span class="run-tool">{tool}</span>
                                        <span class="run-count">{format!("{} benchmarks", r.benchmarks)}</span>
                                        {r.provenance.iter().map(|p| view! { <span class="run-provenance">{p.clone()}</span> }).collect_view()}
                                    </span>
                                    <span class="run-tags">
                                        {tags.iter().map(|(k, v)| {
                                            let text = if v.is_empty() { k.clone() } else { format!("{k}: {v}") };
                                            view! { <span class="tag">{text}</span> }
                                        }).collect_view()}
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
                                    <button class="run-edit" aria-expanded=move || is_editing.get().to_string() on:click={
                                        let id = id_e.clone();
                                        move |_| editing.update(|e| *e = if e.as_deref() == Some(id.as_str()) { None } else { Some(id.clone()) })
                                    }>"edit"</button>
                                    <button class="run-download" aria-label="Download this run file" on:click=move |_| {
                                        // The run as it is now, read when asked for.
                                        let text = store.with_untracked(|s| {
                                            s.run(&download_id).map(|r| benchdash_core::write::to_json(&r.run))
                                        });
                                        if let Some(text) = text {
                                            download(&file_name, "application/json", &text);
                                        }
                                    }>"download"</button>
                                    <button class="run-remove" aria-label="Remove this run" on:click={
                                        let id = id_r.clone();
                                        move |_| store.update(|s| s.remove(&id))
                                    }>"remove"</button>
                                </div>
                                <Show when=move || is_editing.get()>
                                    <RunEditor store=store editing=editing id=id_d.clone() name=name.clone() tags=tags.clone() />
                                </Show>
                            </li>
                        }
                    }
                />
            </ul>
        </section>
    }
}

/// The name and tags of one run, editable; saved on "save" or Enter, dropped on "cancel".
#[component]
fn RunEditor(
    store: RwSignal<Store>,
    editing: RwSignal<Option<String>>,
    id: String,
    name: String,
    tags: BTreeMap<String, String>,
) -> impl IntoView {
    let name_text = RwSignal::new(name);
    let tags_input = RwSignal::new(tags_text(&tags));
    let problem = RwSignal::new(None::<String>);
    let save = move || match parse_tags(&tags_input.get_untracked()) {
        Ok(tags) => {
            store.update(|s| {
                s.rename(&id, &name_text.get_untracked());
                s.set_tags(&id, tags);
            });
            editing.set(None);
        }
        Err(e) => problem.set(Some(e)),
    };
    let save_on_enter = {
        let save = save.clone();
        move |ev: leptos::ev::KeyboardEvent| {
            if ev.key() == "Enter" {
                save();
            }
        }
    };
    view! {
        <form class="run-editor" on:submit=move |ev| { ev.prevent_default(); }>
            <label>"Name " <input class="run-name-input" type="text" prop:value=move || name_text.get() on:input=move |ev| name_text.set(event_target_value(&ev)) on:keydown=save_on_enter.clone() /></label>
            <label>"Tags " <input class="run-tags-input" type="text" placeholder="pr=123, nightly" prop:value=move || tags_input.get() on:input=move |ev| { tags_input.set(event_target_value(&ev)); problem.set(None); } on:keydown=save_on_enter /></label>
            {move || problem.get().map(|p| view! { <p class="error-message" role="alert">{p}</p> })}
            <div class="editor-actions">
                <button type="button" class="run-save" on:click={
                    let save = save.clone();
                    move |_| save()
                }>"save"</button>
                <button type="button" class="run-cancel" on:click=move |_| editing.set(None)>"cancel"</button>
            </div>
        </form>
    }
}
