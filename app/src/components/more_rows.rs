//! "Showing 200 of 2,000 rows": a long table shows its first page at once and grows on
//! request, so a big run or comparison is on screen without laying out every row.

use leptos::prelude::*;

/// Rows shown at first, and added per "show more".
pub const PAGE: usize = 200;

/// The line under a table that shows `shown` of `total` rows, with "show more" and
/// "show all"; nothing when every row is shown.
#[component]
pub fn MoreRows(shown: RwSignal<usize>, #[prop(into)] total: Signal<usize>) -> impl IntoView {
    move || {
        let (now, total) = (shown.get(), total.get());
        (total > now).then(|| {
            view! {
                <p class="more-rows">
                    {format!("Showing {now} of {total} rows. ")}
                    <button class="rows-more" on:click=move |_| shown.update(|n| *n = n.saturating_add(PAGE))>
                        {format!("show {} more", PAGE.min(total - now))}
                    </button>
                    " "
                    <button class="rows-all" on:click=move |_| shown.set(usize::MAX)>"show all"</button>
                </p>
            }
        })
    }
}
