//! The browser's services the dashboard uses: downloads, local storage and the URL. Thin
//! wrappers, so views never touch web-sys directly.

use wasm_bindgen::JsCast;

/// Offers `text` as a file download named `name`.
pub fn download(name: &str, mime: &str, text: &str) {
    let parts = js_sys::Array::of1(&wasm_bindgen::JsValue::from_str(text));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let Ok(blob) = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options) else {
        return;
    };
    let Ok(url) = web_sys::Url::create_object_url_with_blob(&blob) else {
        return;
    };
    let document = web_sys::window().and_then(|w| w.document());
    if let Some(anchor) = document
        .and_then(|d| d.create_element("a").ok())
        .and_then(|a| a.dyn_into::<web_sys::HtmlAnchorElement>().ok())
    {
        anchor.set_href(&url);
        anchor.set_download(name);
        anchor.click();
    }
    let _ = web_sys::Url::revoke_object_url(&url);
}

/// Local storage: what survives a reload. Writes report failure (a full store) as an error
/// message instead of failing silently.
pub mod storage {
    use gloo_storage::{LocalStorage, Storage};
    use wasm_bindgen::JsCast;

    pub const RUNS: &str = "benchdash.runs";
    pub const THRESHOLDS: &str = "benchdash.thresholds";

    pub fn get(key: &str) -> Option<String> {
        LocalStorage::raw().get_item(key).ok().flatten()
    }

    pub fn set(key: &str, value: &str) -> Result<(), String> {
        LocalStorage::raw().set_item(key, value).map_err(|e| {
            let why = e
                .dyn_ref::<js_sys::Error>()
                .map(|e| String::from(e.message()))
                .unwrap_or_else(|| "the browser refused".to_string());
            format!("the browser's storage is full or unavailable ({why}); what you load now will not survive a reload")
        })
    }

    pub fn remove(key: &str) {
        LocalStorage::delete(key);
    }
}

/// The view in the URL's query (`?tab=compare&baseline=…`), so a shared link reproduces it.
pub mod url {
    /// The query's value for `key`.
    pub fn param(key: &str) -> Option<String> {
        let search = web_sys::window()?.location().search().ok()?;
        let params = web_sys::UrlSearchParams::new_with_str(&search).ok()?;
        params.get(key).filter(|v| !v.is_empty())
    }

    /// Every value of `key` in the query, in order (`?load=a&load=b`), empty ones left out.
    pub fn params(key: &str) -> Vec<String> {
        let Some(search) = web_sys::window().and_then(|w| w.location().search().ok()) else {
            return Vec::new();
        };
        let Ok(params) = web_sys::UrlSearchParams::new_with_str(&search) else {
            return Vec::new();
        };
        params
            .get_all(key)
            .iter()
            .filter_map(|v| v.as_string())
            .filter(|v| !v.is_empty())
            .collect()
    }

    /// Replaces the query with `pairs` (empty values are left out), without a reload.
    pub fn set(pairs: &[(&str, String)]) {
        let Some(window) = web_sys::window() else {
            return;
        };
        let Ok(params) = web_sys::UrlSearchParams::new() else {
            return;
        };
        for (k, v) in pairs {
            if !v.is_empty() {
                params.append(k, v);
            }
        }
        let query = String::from(params.to_string());
        let path = window.location().pathname().unwrap_or_default();
        let target = if query.is_empty() {
            path
        } else {
            format!("{path}?{query}")
        };
        if let Ok(history) = window.history() {
            let _ = history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&target));
        }
    }
}
