use leptos::prelude::*;
use web_sys::{DragEvent, HtmlInputElement};

use crate::files::{load_drop, load_file_list};
use crate::store::Store;

/// Where files come in: dropped on the zone, or picked (several at once) with the button.
#[component]
pub fn DropZone(store: RwSignal<Store>) -> impl IntoView {
    let dragging = RwSignal::new(false);
    // `webkitdirectory` has no typed attribute in the view macro: set it once mounted.
    let folder = NodeRef::<leptos::html::Input>::new();
    Effect::new(move || {
        if let Some(input) = folder.get() {
            input.set_webkitdirectory(true);
        }
    });
    let on_drop = move |ev: DragEvent| {
        ev.prevent_default();
        dragging.set(false);
        if let Some(transfer) = ev.data_transfer() {
            load_drop(transfer, store);
        }
    };
    let on_pick = move |ev: leptos::ev::Event| {
        let input: HtmlInputElement = event_target(&ev);
        load_file_list(input.files(), store);
        // Clear, so picking the same file again (after fixing it) fires `change` again.
        input.set_value("");
    };
    view! {
        <section
            class="drop-zone"
            class:dragging=move || dragging.get()
            on:dragover=move |ev: DragEvent| {
                ev.prevent_default();
                dragging.set(true);
            }
            on:dragleave=move |_| dragging.set(false)
            on:drop=on_drop
            aria-label="Load run files"
        >
            <p>
                "Drop result files or folders here: benchdash runs and histories, criterion, hyperfine, pytest-benchmark, "
                "Google Benchmark, Bencher BMF, github-action-benchmark, k6, asv. Or"
            </p>
            <div class="pickers">
                <input id="file-input" class="visually-hidden" type="file" multiple accept=".json,.jsonl,.js,application/json" on:change=on_pick />
                <label class="button" for="file-input">"choose files…"</label>
                <input id="folder-input" class="visually-hidden" type="file" multiple node_ref=folder on:change=on_pick />
                <label class="button secondary" for="folder-input">"choose a folder (criterion tree)…"</label>
            </div>
        </section>
    }
}
