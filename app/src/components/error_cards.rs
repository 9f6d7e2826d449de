use leptos::prelude::*;

use crate::store::Store;

/// One card per file that could not be read: its name and the reason. Dismissable; nothing
/// else on the page changes when a file fails.
#[component]
pub fn ErrorCards(store: RwSignal<Store>) -> impl IntoView {
    view! {
        <section class="error-cards" aria-live="polite">
            <For
                each=move || store.with(|s| s.errors.clone())
                key=|e| e.key
                children=move |e| {
                    let key = e.key;
                    view! {
                        <article class="error-card" role="alert">
                            <h3 class="error-file">{e.file}</h3>
                            <p class="error-message">{e.message}</p>
                            <button
                                class="dismiss"
                                aria-label="Dismiss"
                                on:click=move |_| store.update(|s| s.dismiss_error(key))
                            >
                                "×"
                            </button>
                        </article>
                    }
                }
            />
        </section>
    }
}
