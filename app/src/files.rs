//! Browser files (and pasted text) to bytes: the one place the app uses the File API.

use benchdash_core::import::{epoch_ms, is_result_file};
use benchdash_core::manifest::is_manifest;
use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

use crate::store::{import_files, Incoming, Store};

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
            // In a chosen folder, skip what cannot be results (criterion's CSVs and reports);
            // a file picked on its own is always tried, so a wrong pick gets its error card.
            if from_folder && !is_result_file(&path) {
                continue;
            }
            let modified = epoch_ms(file.last_modified());
            let blob = gloo_file::Blob::from(web_sys::Blob::from(file));
            match gloo_file::futures::read_as_bytes(&blob).await {
                // A results folder's manifest lists files and holds no results.
                Ok(bytes) if from_folder && is_manifest(&bytes) => {}
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
            add_in_two_steps(batch, store).await;
        }
    });
}

/// Imports `batch`, yields to the page, then adds the result to the store: the import and
/// the views' update are two tasks instead of one long one.
async fn add_in_two_steps(batch: Vec<Incoming>, store: RwSignal<Store>) {
    let results = import_files(&batch, &now());
    drop(batch);
    gloo_timers::future::TimeoutFuture::new(0).await;
    store.update(|s| {
        s.add_imported(results);
    });
}

/// Pasted text, imported like a dropped file (see [`Store::add_text`]).
pub fn load_text(text: &str, store: RwSignal<Store>) {
    let now = now();
    store.update(|s| s.add_text(text, &now));
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
                Ok(incoming) if is_manifest(&incoming.bytes) => {}
                Ok(incoming) => batch.push(incoming),
                Err(message) => store
                    .update(|s| s.push_error(&path, format!("cannot read the file: {message}"))),
            }
        }
        if !batch.is_empty() {
            // Walking pops from the end; import in name order, as the CLI does.
            batch.sort_by(|a, b| a.path.cmp(&b.path));
            add_in_two_steps(batch, store).await;
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
