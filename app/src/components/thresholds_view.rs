use benchdash_core::compare::check;
use benchdash_core::report;
use benchdash_core::thresholds::{ThresholdError, Thresholds};
use leptos::prelude::*;
use web_sys::HtmlInputElement;

use crate::browser::download;

use crate::store::Store;

/// The thresholds TOML, edited live: parse errors at their line, and the status of every limit
/// on the candidate run, re-evaluated as you type.
#[component]
pub fn ThresholdsView(
    store: RwSignal<Store>,
    text: RwSignal<String>,
    parsed: Memo<Result<Thresholds, ThresholdError>>,
) -> impl IntoView {
    let checked = Memo::new(move |_| {
        let Ok(t) = parsed.get() else { return None };
        store.with(|s| {
            s.pair().map(|(_, c)| {
                (
                    c.run.run.name.clone(),
                    check(&c.run, &t).map_err(|e| e.to_string()),
                )
            })
        })
    });
    let on_load = move |ev: leptos::ev::Event| {
        let input: HtmlInputElement = event_target(&ev);
        let Some(file) = input.files().and_then(|l| l.get(0)) else {
            return;
        };
        let file = gloo_file::File::from(file);
        leptos::task::spawn_local(async move {
            if let Ok(t) = gloo_file::futures::read_as_text(&file).await {
                text.set(t);
            }
        });
        input.set_value("");
    };
    view! {
        <section class="thresholds-view" aria-label="Thresholds">
            <div class="editor">
                <label for="thresholds-editor">"Thresholds (TOML, as benchdash.toml)"</label>
                <textarea
                    id="thresholds-editor"
                    spellcheck="false"
                    rows="18"
                    prop:value=move || text.get()
                    on:input=move |ev| text.set(event_target_value(&ev))
                ></textarea>
                <div class="editor-actions">
                    <input id="thresholds-file" class="visually-hidden" type="file" accept=".toml,text/plain" on:change=on_load />
                    <label class="button secondary" for="thresholds-file">"Load…"</label>
                    <button class="button" on:click=move |_| download("benchdash.toml", "text/plain", &text.get_untracked())>"Save"</button>
                </div>
                {move || match parsed.get() {
                    Ok(_) => view! { <p class="parse-ok" id="thresholds-parse">"Parsed."</p> }.into_any(),
                    Err(e) => view! { <p class="error-message" id="thresholds-parse" role="alert">{e.to_string()}</p> }.into_any(),
                }}
            </div>
            <div class="limits">
                {move || match checked.get() {
                    None => view! { <p class="empty">"No limits evaluated (fix the file, or load a run)."</p> }.into_any(),
                    Some((name, Err(e))) => view! { <p class="error-message">{format!("{name}: {e}")}</p> }.into_any(),
                    Some((name, Ok(c))) => view! {
                        <h3>{format!("Limits on {name}: ")}<span class=format!("status-badge {}", c.status.as_str()) id="limits-status">{c.status.as_str()}</span></h3>
                        <table class="limits-table">
                            <thead><tr><th>"benchmark"</th><th>"metric"</th><th>"rule"</th><th class="num">"value"</th><th>"status"</th></tr></thead>
                            <tbody>
                                {c.limits.into_iter().map(|l| view! {
                                    <tr class="limit-row" title=l.message.to_string()>
                                        <td>{l.benchmark.clone()}</td>
                                        <td>{l.metric.clone()}</td>
                                        <td>{l.rule.clone()}</td>
                                        <td class="num">{format!("{} {}", report::maybe(l.value), l.unit.clone().unwrap_or_default())}</td>
                                        <td class=format!("status {}", l.status.as_str().replace(' ', "-"))>{l.status.as_str()}</td>
                                    </tr>
                                }).collect_view()}
                            </tbody>
                        </table>
                    }.into_any(),
                }}
            </div>
        </section>
    }
}
