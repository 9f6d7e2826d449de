//! Files fetched from URLs (`?load=URL`, repeatable): the one place the app uses `fetch`.
//!
//! Only URLs of the page's own origin are fetched (a relative URL resolves against the page):
//! the dashboard is meant to be put beside a results folder on a static host, and a link must
//! not make a visitor's browser pull files from anywhere else. A fetched manifest
//! (`benchdash index`, see `benchdash_core::manifest`) is replaced by the files it lists,
//! resolved against the manifest's own URL. Everything fetched goes through the same import as
//! a dropped file; every failure is an error card naming the URL and the reason.

use benchdash_core::import::epoch_ms;
use benchdash_core::manifest;
use futures::StreamExt;
use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

use crate::store::{Incoming, Store};

/// What the page shows while links load.
#[derive(Debug, Clone, PartialEq)]
pub struct Loading {
    /// Files fetched (or failed) so far.
    pub done: usize,
    /// Files known so far (a manifest adds its files once it is read).
    pub total: usize,
    /// The file being fetched.
    pub current: String,
}

/// Resolves `reference` (absolute, or relative to `base`) and accepts it only when it is on
/// `origin`. The error says why, for a card.
pub fn resolve(reference: &str, base: &str, origin: &str) -> Result<web_sys::Url, String> {
    let url = web_sys::Url::new_with_base(reference, base)
        .map_err(|_| format!("\"{reference}\" is not a URL"))?;
    let found = url.origin();
    if found != origin {
        let from = if found == "null" {
            format!("a {} URL, which has no origin", url.protocol())
        } else {
            format!("on another origin ({found})")
        };
        return Err(format!(
            "not loaded: it is {from}, and the dashboard loads only files from its own origin \
             ({origin}); put the results folder on the same host as the dashboard"
        ));
    }
    Ok(url)
}

/// A manifest entry's path as a URL reference: each `/`-separated segment percent-encoded
/// (manifests hold file paths, so a `#`, `?` or `%` in a file name is part of the name), with
/// `.` and `..` kept as steps.
pub fn entry_reference(path: &str) -> String {
    path.split('/')
        .map(|segment| match segment {
            "." | ".." => segment.to_string(),
            _ => String::from(js_sys::encode_uri_component(segment)),
        })
        .collect::<Vec<_>>()
        .join("/")
}

/// How a URL is named on cards and in the progress line, and the path the importers see (its
/// file name and folders matter to detection and criterion trees): its path, decoded.
pub fn shown(url: &web_sys::Url) -> String {
    let path = url.pathname();
    js_sys::decode_uri_component(&path)
        .ok()
        .and_then(|p| p.as_string())
        .unwrap_or(path)
}

/// Fetches one same-origin URL: its bytes and `Last-Modified` (the modification time of
/// formats that record none). Revalidated with the server, so a link shows the folder as it
/// is now.
async fn fetch(url: &str) -> Result<(Vec<u8>, Option<String>), String> {
    let window = web_sys::window().ok_or("no window")?;
    let init = web_sys::RequestInit::new();
    // The browser enforces the origin too, redirects included.
    init.set_mode(web_sys::RequestMode::SameOrigin);
    init.set_cache(web_sys::RequestCache::NoCache);
    let response = JsFuture::from(window.fetch_with_str_and_init(url, &init))
        .await
        .map_err(|e| format!("the request failed ({})", js_message(&e)))?;
    let response: web_sys::Response = response.unchecked_into();
    if !response.ok() {
        return Err(format!(
            "the server answered HTTP {} {}",
            response.status(),
            response.status_text()
        ));
    }
    let modified = response
        .headers()
        .get("last-modified")
        .ok()
        .flatten()
        .and_then(|text| epoch_ms(js_sys::Date::parse(&text)));
    let buffer = response
        .array_buffer()
        .map_err(|e| format!("cannot read the response ({})", js_message(&e)))?;
    let buffer = JsFuture::from(buffer)
        .await
        .map_err(|e| format!("cannot read the response ({})", js_message(&e)))?;
    Ok((js_sys::Uint8Array::new(&buffer).to_vec(), modified))
}

fn js_message(value: &wasm_bindgen::JsValue) -> String {
    value
        .dyn_ref::<js_sys::Error>()
        .map(|e| String::from(e.message()))
        .or_else(|| value.as_string())
        .unwrap_or_else(|| "unknown error".to_string())
}

/// Files fetched at once from a manifest: the browser's connections per host. (A link's files
/// once never arrived with 6 in flight: the hosts of the e2e tests and of `benchdash serve`,
/// both tiny_http, could leave a new connection unserved behind kept-alive ones; both now
/// close every connection after its answer: cli/src/serve.rs, `respond_and_close`.)
pub const PARALLEL: usize = 6;

/// Loads every URL in order, as if its files had been dropped: a manifest's files are
/// fetched [`PARALLEL`] at a time and shown as they arrive, in imports of 1, 2, 4, … files
/// (a criterion tree's files together, once all are in); the runs are added as links' runs
/// (not saved). `loading` follows the progress and is `None` when done; `after_each` runs on
/// the store after every import (the page uses it to apply a link's baseline and candidate
/// once their runs are there).
///
/// Only this loop changes `progress`, between awaits: the fetches in flight share nothing.
pub fn load_urls(
    urls: Vec<String>,
    store: RwSignal<Store>,
    loading: RwSignal<Option<Loading>>,
    after_each: impl Fn(&mut Store) + 'static,
) {
    if urls.is_empty() {
        return;
    }
    let Some(window) = web_sys::window() else {
        return;
    };
    let page = window.location().href().unwrap_or_default();
    let origin = window.location().origin().unwrap_or_default();
    let mut progress = Loading {
        done: 0,
        total: urls.len(),
        current: String::new(),
    };
    loading.set(Some(progress.clone()));
    let fail = move |file: &str, message: String| {
        store.update(|s| s.push_error(file, message));
    };
    let after_each = std::rc::Rc::new(after_each);
    let import = move |batch: Vec<Incoming>| {
        let after_each = after_each.clone();
        async move {
            if batch.is_empty() {
                return;
            }
            let results = crate::files::import_in_steps(&batch, &crate::files::now()).await;
            drop(batch);
            store.update(|s| {
                s.add_linked_imported(results);
                (*after_each)(s);
            });
        }
    };
    spawn_local(async move {
        for reference in urls {
            let url = match resolve(&reference, &page, &origin) {
                Ok(url) => url,
                Err(message) => {
                    fail(&reference, message);
                    progress.done += 1;
                    loading.set(Some(progress.clone()));
                    continue;
                }
            };
            let name = shown(&url);
            progress.current.clone_from(&name);
            loading.set(Some(progress.clone()));
            let fetched = fetch(&url.href()).await;
            progress.done += 1;
            loading.set(Some(progress.clone()));
            let (bytes, modified) = match fetched {
                Ok(ok) => ok,
                Err(message) => {
                    fail(&name, message);
                    continue;
                }
            };
            if !manifest::is_manifest(&bytes) {
                import(vec![Incoming {
                    path: name,
                    bytes,
                    modified,
                }])
                .await;
                continue;
            }
            let listed = match manifest::parse(&name, &bytes) {
                Ok(listed) => listed,
                Err(err) => {
                    fail(&name, err.message);
                    continue;
                }
            };
            if listed.files.is_empty() {
                fail(&name, "the manifest lists no files".to_string());
            }
            progress.total += listed.files.len();
            loading.set(Some(progress.clone()));
            let mut files = Vec::new();
            for entry in listed.files {
                match resolve(&entry_reference(&entry.path), &url.href(), &origin) {
                    Ok(file) => files.push(file),
                    Err(message) => {
                        fail(&format!("{} (listed in {name})", entry.path), message);
                        progress.done += 1;
                    }
                }
            }
            loading.set(Some(progress.clone()));
            // In the manifest's order, PARALLEL in flight at a time, fetched while the files
            // already in are imported. The imports take twice as many files each time (and
            // whatever else has arrived): the first file shows at once, and a long history
            // costs a few imports, not one per file, since every import re-renders the views
            // of all the runs so far (when those views still copied every run, one import per
            // arrival took a year's history 13 s; docs/performance.md).
            let (arrivals, mut arrived) = futures::channel::mpsc::unbounded::<Incoming>();
            let mut tree = Vec::new();
            let fetching = async {
                let arrivals = arrivals;
                let mut arriving =
                    futures::stream::iter(files.into_iter().map(|file| async move {
                        let shown_as = shown(&file);
                        (shown_as, fetch(&file.href()).await)
                    }))
                    .buffered(PARALLEL);
                while let Some((file_name, fetched)) = arriving.next().await {
                    progress.done += 1;
                    progress.current.clone_from(&file_name);
                    loading.set(Some(progress.clone()));
                    match fetched {
                        Ok((bytes, modified)) => {
                            let file = Incoming {
                                path: file_name,
                                bytes,
                                modified,
                            };
                            if benchdash_core::import::is_criterion_tree_file(&file.path) {
                                tree.push(file);
                            } else {
                                // The receiver lives as long as this loop.
                                let _ = arrivals.unbounded_send(file);
                            }
                        }
                        Err(message) => fail(&file_name, format!("{message} (listed in {name})")),
                    }
                }
                // Dropping `arrivals` ends the imports once the last batch is in.
            };
            let importing = async {
                let mut wanted = 1;
                while let Some(first) = arrived.next().await {
                    let mut batch = vec![first];
                    while batch.len() < wanted {
                        match arrived.next().await {
                            Some(file) => batch.push(file),
                            None => break,
                        }
                    }
                    while let Ok(file) = arrived.try_recv() {
                        batch.push(file);
                    }
                    import(batch).await;
                    wanted *= 2;
                }
            };
            futures::future::join(fetching, importing).await;
            import(tree).await;
        }
        loading.set(None);
    });
}
