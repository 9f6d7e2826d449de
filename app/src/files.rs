//! Browser files to bytes: the one place the app uses the File API.

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::store::Store;

/// Reads every file of a `FileList` and adds it to the store, one file at a time, so a broken
/// file becomes its own error card and never stops the others.
pub fn load_file_list(list: Option<web_sys::FileList>, store: RwSignal<Store>) {
    let Some(list) = list else { return };
    // Collect first: the caller may clear the input, which empties a live FileList.
    let files: Vec<gloo_file::File> = gloo_file::FileList::from(list).iter().cloned().collect();
    spawn_local(async move {
        for file in files {
            let name = file.name();
            match gloo_file::futures::read_as_bytes(&file).await {
                Ok(bytes) => store.update(|s| s.add_file(&name, &bytes)),
                Err(err) => {
                    store.update(|s| s.push_error(&name, format!("cannot read the file: {err}")))
                }
            }
        }
    });
}
