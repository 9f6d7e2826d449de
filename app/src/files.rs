//! Browser files (and pasted text) to bytes: the one place the app uses the File API.

use benchdash_core::import::{counts, epoch_ms, is_result_file, ImportJob, SourceFile, Step};
use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

use crate::browser::timing::{measure, Slices};
use crate::store::{Imports, Incoming, Store};

/// Now, as RFC 3339 (the browser's clock: core has none).
pub fn now() -> String {
    epoch_ms(js_sys::Date::now()).unwrap_or_else(|| "1970-01-01T00:00:00Z".to_string())
}

/// Reads every file of a `FileList` and imports them as one batch (so a chosen criterion
/// folder is seen whole); a file that cannot even be read becomes its own error card.
pub fn load_file_list(list: Option<web_sys::FileList>, store: RwSignal<Store>) {
    let Some(list) = list else { return };
    // Collect first: the caller may clear the input, which empties a live FileList.
    let files: Vec<web_sys::File> = (0..list.length()).filter_map(|i| list.item(i)).collect();
    spawn_local(async move {
        let mut batch = Vec::new();
        for file in files {
            // Inside a chosen folder the relative path keeps the tree's shape.
            let relative = js_sys::Reflect::get(&file, &"webkitRelativePath".into())
                .ok()
                .and_then(|v| v.as_string())
                .unwrap_or_default();
            let from_folder = !relative.is_empty();
            let path = if from_folder { relative } else { file.name() };
            // In a chosen folder only what core counts as results is imported (not criterion's
            // CSVs and reports, nor a manifest), and the name is asked first so nothing else is
            // read; a file picked on its own is always tried, so a wrong pick gets its error
            // card.
            if from_folder && !is_result_file(&path) {
                continue;
            }
            let modified = epoch_ms(file.last_modified());
            let blob = gloo_file::Blob::from(web_sys::Blob::from(file));
            match gloo_file::futures::read_as_bytes(&blob).await {
                Ok(bytes) if from_folder && !counts(&path, &bytes) => {}
                Ok(bytes) => batch.push(Incoming {
                    path,
                    bytes,
                    modified,
                }),
                Err(err) => {
                    store.update(|s| s.push_error(&path, format!("cannot read the file: {err}")))
                }
            }
        }
        if !batch.is_empty() {
            add_in_steps(batch, store).await;
        }
    });
}

/// Imports `batch` in steps ([`import_in_steps`]), then adds the result to the store.
async fn add_in_steps(batch: Vec<Incoming>, store: RwSignal<Store>) {
    let results = import_in_steps(&batch, &now()).await;
    drop(batch);
    measure("benchdash: show the runs", || {
        store.update(|s| {
            s.add_imported(results);
        })
    });
}

/// What [`crate::store::import_files`] does, as core's [`ImportJob`] in steps between which
/// the page gets the main thread back once a task has run 20 ms ([`Slices`]); each step is a
/// span of the performance timeline. On a 10 MB export each step is at most ~50 ms in a
/// browser, where the whole import was one task of 150.
pub async fn import_in_steps(files: &[Incoming], now: &str) -> Imports {
    let mut slices = Slices::new();
    let sources: Vec<SourceFile> = files.iter().map(Incoming::source).collect();
    let mut job = ImportJob::new(&sources, &crate::store::import_options(now));
    while let Some(step) = job.next_step() {
        measure(span(step), || job.step());
        slices.pause().await;
    }
    job.finish()
}

/// A step's name in the performance timeline.
fn span(step: Step) -> &'static str {
    match step {
        Step::Tree => "benchdash: import a criterion tree",
        Step::Detect => "benchdash: detect the format",
        Step::Parse => "benchdash: parse",
        Step::Hash => "benchdash: hash",
        Step::Check => "benchdash: check",
    }
}

/// Pasted text, imported in steps like a dropped file (named by [`crate::store::pasted_file`]).
pub fn load_text(text: &str, store: RwSignal<Store>) {
    if let Some(file) = crate::store::pasted_file(text) {
        spawn_local(add_in_steps(vec![file], store));
    }
}

/// A drop: files as they are, and folders (where the browser gives entries, as Chromium and
/// Firefox do) walked recursively, so a dropped `target/criterion` tree is imported whole.
pub fn load_drop(transfer: web_sys::DataTransfer, store: RwSignal<Store>) {
    // Entries must be taken while the drop event is being handled.
    let items = transfer.items();
    let entries: Vec<web_sys::FileSystemEntry> = (0..items.length())
        .filter_map(|i| items.get(i))
        .filter_map(|item| item.webkit_get_as_entry().ok().flatten())
        .collect();
    if !entries.iter().any(web_sys::FileSystemEntry::is_directory) {
        load_file_list(transfer.files(), store);
        return;
    }
    spawn_local(async move {
        let mut batch = Vec::new();
        let mut pending = entries;
        while let Some(entry) = pending.pop() {
            if entry.is_directory() {
                let dir: web_sys::FileSystemDirectoryEntry = entry.unchecked_into();
                match read_all_entries(&dir.create_reader()).await {
                    Ok(children) => pending.extend(children),
                    Err(message) => store.update(|s| s.push_error(&dir.full_path(), message)),
                }
                continue;
            }
            // Paths inside a dropped folder start with "/": keep them relative, like a pick's.
            let path = entry.full_path().trim_start_matches('/').to_string();
            if !is_result_file(&path) {
                continue;
            }
            let file_entry: web_sys::FileSystemFileEntry = entry.unchecked_into();
            let read = async {
                let file = entry_file(&file_entry).await?;
                let modified = epoch_ms(file.last_modified());
                let blob = gloo_file::Blob::from(web_sys::Blob::from(file));
                let bytes = gloo_file::futures::read_as_bytes(&blob)
                    .await
                    .map_err(|e| e.to_string())?;
                Ok::<_, String>(Incoming {
                    path: path.clone(),
                    bytes,
                    modified,
                })
            };
            match read.await {
                Ok(incoming) if !counts(&incoming.path, &incoming.bytes) => {}
                Ok(incoming) => batch.push(incoming),
                Err(message) => store
                    .update(|s| s.push_error(&path, format!("cannot read the file: {message}"))),
            }
        }
        if !batch.is_empty() {
            // Walking pops from the end; import in name order, as the CLI does.
            benchdash_core::order::sort_by(&mut batch, |a, b| a.path.cmp(&b.path));
            add_in_steps(batch, store).await;
        }
    });
}

/// Every entry of a folder: `readEntries` gives them in batches until an empty one.
async fn read_all_entries(
    reader: &web_sys::FileSystemDirectoryReader,
) -> Result<Vec<web_sys::FileSystemEntry>, String> {
    let mut all = Vec::new();
    loop {
        let promise = js_sys::Promise::new(&mut |resolve, reject| {
            if let Err(e) = reader.read_entries_with_callback_and_callback(&resolve, &reject) {
                let _ = reject.call1(&wasm_bindgen::JsValue::NULL, &e);
            }
        });
        let batch: js_sys::Array = JsFuture::from(promise)
            .await
            .map_err(|e| format!("cannot list the folder: {e:?}"))?
            .unchecked_into();
        if batch.length() == 0 {
            return Ok(all);
        }
        all.extend(
            batch
                .iter()
                .map(|v| v.unchecked_into::<web_sys::FileSystemEntry>()),
        );
    }
}

/// The `File` behind a file entry.
async fn entry_file(entry: &web_sys::FileSystemFileEntry) -> Result<web_sys::File, String> {
    let promise = js_sys::Promise::new(&mut |resolve, reject| {
        entry.file_with_callback_and_callback(&resolve, &reject);
    });
    JsFuture::from(promise)
        .await
        .map(|v| v.unchecked_into())
        .map_err(|e| format!("{e:?}"))
}
