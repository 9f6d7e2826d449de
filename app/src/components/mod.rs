//! The dashboard's views. Each component reads the [`Store`] signal it is given and never
//! parses or judges runs itself.

mod benchmark_table;
mod drop_zone;
mod error_cards;
mod run_list;

pub use benchmark_table::BenchmarkTable;
pub use drop_zone::DropZone;
pub use error_cards::ErrorCards;
pub use run_list::RunList;

use leptos::prelude::*;

use crate::store::Store;

/// The whole page: header, drop zone, error cards, the runs and the selected run's table.
#[component]
pub fn App() -> impl IntoView {
    let store = RwSignal::new(Store::with_example());
    view! {
        <header class="topbar">
            <h1 class="brand">"benchdash"</h1>
            <p class="tagline">"Benchmark runs in, judgements out. Everything stays in your browser."</p>
        </header>
        <main class="layout">
            <DropZone store=store />
            <ErrorCards store=store />
            <section class="panels">
                <RunList store=store />
                <BenchmarkTable store=store />
            </section>
        </main>
    }
}
