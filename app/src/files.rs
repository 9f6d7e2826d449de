//! Browser files to bytes: the one place the app uses the File API.

use benchdash_core::import::{epoch_ms, is_result_file};
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::store::{Incoming, Store};

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
            let now = now();
            store.update(|s| s.add_files(&batch, &now));
        }
    });
}
