use leptos::prelude::*;
use web_sys::{DragEvent, HtmlInputElement};

use crate::files::load_file_list;
use crate::store::Store;

/// Where files come in: dropped on the zone, or picked (several at once) with the button.
#[component]
pub fn DropZone(store: RwSignal<Store>) -> impl IntoView {
    let dragging = RwSignal::new(false);
    let on_drop = move |ev: DragEvent| {
        ev.prevent_default();
        dragging.set(false);
        load_file_list(ev.data_transfer().and_then(|dt| dt.files()), store);
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
            <p>"Drop run files here (.json run files, .jsonl histories), or"</p>
            <label class="button" for="file-input">"choose files…"</label>
            <input id="file-input" class="visually-hidden" type="file" multiple accept=".json,.jsonl,application/json" on:change=on_pick />
        </section>
    }
}
