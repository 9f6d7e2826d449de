use leptos::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{DragEvent, HtmlInputElement};

use crate::files::{load_drop, load_file_list, load_text};
use crate::store::Store;

/// Whether a paste goes to a field the user is typing in (the thresholds editor, a filter),
/// which keeps it, rather than to the page.
fn is_editable(target: Option<web_sys::EventTarget>) -> bool {
    target
        .and_then(|t| t.dyn_into::<web_sys::HtmlElement>().ok())
        .is_some_and(|el| {
            el.is_content_editable()
                || matches!(el.tag_name().as_str(), "INPUT" | "TEXTAREA" | "SELECT")
        })
}

/// Whether a drag carries files (a browser's `Files` type): text dragged into a field is the
/// field's, not a load.
fn carries_files(ev: &DragEvent) -> bool {
    ev.data_transfer()
        .is_some_and(|t| t.types().includes(&"Files".into(), 0))
}

/// Where files come in, in one compact bar above the views: dropped anywhere on the window
/// (the whole window is the target while something is dragged over it), picked (several at
/// once) with the buttons, or pasted: anywhere on the page outside a text field, or into the
/// bar's text box.
#[component]
pub fn DropZone(store: RwSignal<Store>) -> impl IntoView {
    let dragging = RwSignal::new(false);
    // The window, not the bar, takes drops: a drop anywhere loads, and the overlay says so.
    let on_dragover = window_event_listener(leptos::ev::dragover, move |ev: DragEvent| {
        if !carries_files(&ev) {
            return;
        }
        ev.prevent_default();
        // `dragover` repeats every few milliseconds: tell the view only of the change.
        if !dragging.get_untracked() {
            dragging.set(true);
        }
    });
    // `dragleave` fires for every element left; leaving the window has no element to go to.
    let on_dragleave = window_event_listener(leptos::ev::dragleave, move |ev: DragEvent| {
        if ev.related_target().is_none() {
            dragging.set(false);
        }
    });
    let on_drop = window_event_listener(leptos::ev::drop, move |ev: DragEvent| {
        if !carries_files(&ev) {
            return;
        }
        ev.prevent_default();
        dragging.set(false);
        if let Some(transfer) = ev.data_transfer() {
            load_drop(transfer, store);
        }
    });
    on_cleanup(move || {
        on_dragover.remove();
        on_dragleave.remove();
        on_drop.remove();
    });
    let pasted = RwSignal::new(String::new());
    // A paste on the page (not in a field): copied files, else the text.
    let on_paste = window_event_listener(leptos::ev::paste, move |ev| {
        if is_editable(ev.target()) {
            return;
        }
        let Some(data) = ev.clipboard_data() else {
            return;
        };
        ev.prevent_default();
        if data.files().is_some_and(|f| f.length() > 0) {
            load_file_list(data.files(), store);
        } else if let Ok(text) = data.get_data("text/plain") {
            load_text(&text, store);
        }
    });
    on_cleanup(move || on_paste.remove());
    let load_pasted = move |_| {
        load_text(&pasted.get_untracked(), store);
        pasted.set(String::new());
    };
    // `webkitdirectory` has no typed attribute in the view macro: set it once mounted.
    let folder = NodeRef::<leptos::html::Input>::new();
    Effect::new(move || {
        if let Some(input) = folder.get() {
            input.set_webkitdirectory(true);
        }
    });
    let on_pick = move |ev: leptos::ev::Event| {
        let input: HtmlInputElement = event_target(&ev);
        load_file_list(input.files(), store);
        // Clear, so picking the same file again (after fixing it) fires `change` again.
        input.set_value("");
    };
    view! {
        <div class="drop-overlay" class:shown=move || dragging.get() aria-hidden="true">
            <p>"Drop result files or folders to load them"</p>
        </div>
        <section class="drop-zone" class:dragging=move || dragging.get() aria-label="Load run files">
            <span class="load-title" title="benchdash runs and histories, criterion, hyperfine, pytest-benchmark, Google Benchmark, Bencher BMF, github-action-benchmark, k6, asv">
                "Load results (drop them anywhere):"
            </span>
            <div class="pickers">
                <input id="file-input" class="visually-hidden" type="file" multiple accept=".json,.jsonl,.js,.txt,.log,.out,.xml,.csv,application/json,text/plain,application/xml,text/csv" on:change=on_pick />
                <label class="button" for="file-input">"choose files…"</label>
                <input id="folder-input" class="visually-hidden" type="file" multiple node_ref=folder on:change=on_pick />
                <label class="button secondary" for="folder-input">"choose a folder (criterion tree)…"</label>
            </div>
            <div class="paste">
                <label for="paste-input" class="visually-hidden">"Paste results here, or anywhere on the page"</label>
                <textarea
                    id="paste-input"
                    rows="1"
                    spellcheck="false"
                    placeholder="or paste results (any format)"
                    prop:value=move || pasted.get()
                    on:input=move |ev| pasted.set(event_target_value(&ev))
                ></textarea>
                <button
                    id="paste-load"
                    class="button"
                    disabled=move || pasted.with(|t| t.trim().is_empty())
                    on:click=load_pasted
                >
                    "Load pasted text"
                </button>
            </div>
        </section>
    }
}
