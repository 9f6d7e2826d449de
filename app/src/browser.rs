//! The browser's services the dashboard uses: downloads (text, and charts as PNG), local
//! storage, the colour theme and the URL. Thin
//! wrappers, so views never touch web-sys directly.

use wasm_bindgen::JsCast;

/// Offers `text` as a file download named `name`.
pub fn download(name: &str, mime: &str, text: &str) {
    if let Some(blob) = text_blob(text, mime) {
        download_blob(name, &blob);
    }
}

fn text_blob(text: &str, mime: &str) -> Option<web_sys::Blob> {
    let parts = js_sys::Array::of1(&wasm_bindgen::JsValue::from_str(text));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    web_sys::Blob::new_with_str_sequence_and_options(&parts, &options).ok()
}

/// Offers `blob` as a file download named `name`.
pub fn download_blob(name: &str, blob: &web_sys::Blob) {
    let Ok(url) = web_sys::Url::create_object_url_with_blob(blob) else {
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

/// Renders an SVG document to a PNG at `scale` times its `width` × `height` (2 for sharp
/// text on high-density screens): the browser draws the SVG as an image onto a canvas, so the
/// PNG shows exactly what the page shows, from the same plotters drawing.
pub async fn png_of_svg(
    svg: &str,
    width: u32,
    height: u32,
    scale: u32,
) -> Result<web_sys::Blob, String> {
    use wasm_bindgen_futures::JsFuture;
    let fail = |what: &str| format!("could not make the PNG: {what}");
    let blob = text_blob(svg, "image/svg+xml;charset=utf-8").ok_or_else(|| fail("no blob"))?;
    let url = web_sys::Url::create_object_url_with_blob(&blob).map_err(|_| fail("no URL"))?;
    let image = web_sys::HtmlImageElement::new().map_err(|_| fail("no image"))?;
    let loaded = js_sys::Promise::new(&mut |resolve, reject| {
        image.set_onload(Some(&resolve));
        image.set_onerror(Some(&reject));
    });
    image.set_src(&url);
    let drawn = JsFuture::from(loaded).await;
    let _ = web_sys::Url::revoke_object_url(&url);
    drawn.map_err(|_| fail("the browser could not draw the SVG"))?;
    let canvas = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.create_element("canvas").ok())
        .and_then(|c| c.dyn_into::<web_sys::HtmlCanvasElement>().ok())
        .ok_or_else(|| fail("no canvas"))?;
    canvas.set_width(width * scale);
    canvas.set_height(height * scale);
    let context = canvas
        .get_context("2d")
        .ok()
        .flatten()
        .and_then(|c| c.dyn_into::<web_sys::CanvasRenderingContext2d>().ok())
        .ok_or_else(|| fail("no 2D context"))?;
    context
        .draw_image_with_html_image_element_and_dw_and_dh(
            &image,
            0.0,
            0.0,
            f64::from(width * scale),
            f64::from(height * scale),
        )
        .map_err(|_| fail("drawing failed"))?;
    let encoded = js_sys::Promise::new(&mut |resolve, _reject| {
        let _ = canvas.to_blob_with_type(&resolve, "image/png");
    });
    let png = JsFuture::from(encoded)
        .await
        .map_err(|_| fail("encoding failed"))?;
    png.dyn_into::<web_sys::Blob>()
        .map_err(|_| fail("the canvas gave no PNG"))
}

/// Renders `svg` to PNG and offers it as a download named `{name}.png`.
pub fn download_png(name: &str, svg: String, width: u32, height: u32) {
    let file = format!("{name}.png");
    wasm_bindgen_futures::spawn_local(async move {
        if let Ok(png) = png_of_svg(&svg, width, height, 2).await {
            download_blob(&file, &png);
        }
    });
}

/// Named spans of the page's own work in the browser's performance timeline: DevTools'
/// Performance panel shows them under "Timings", and the speed-budget test reads them to say
/// which step of a load took the time.
pub mod timing {
    /// Runs `work`, recorded as the span `name`.
    pub fn measure<T>(name: &str, work: impl FnOnce() -> T) -> T {
        let Some(performance) = web_sys::window().and_then(|w| w.performance()) else {
            return work();
        };
        let start = format!("{name} (start)");
        let _ = performance.mark(&start);
        let out = work();
        let _ = performance.measure_with_start_mark(name, &start);
        performance.clear_marks_with_mark_name(&start);
        out
    }

    /// How long a task may run before [`Slices::pause`] yields.
    const SLICE_MS: f64 = 20.0;

    /// Long work in steps that share the main thread: [`Slices::pause`] between steps yields
    /// to the page once the current task has run for [`SLICE_MS`], and otherwise goes straight
    /// on, so small inputs finish in one task and each yield (a timeout, 4 ms or more once
    /// nested) is spent only where it buys the page time.
    pub struct Slices {
        since: f64,
    }

    impl Default for Slices {
        fn default() -> Self {
            Slices::new()
        }
    }

    impl Slices {
        pub fn new() -> Slices {
            Slices { since: now() }
        }

        pub async fn pause(&mut self) {
            if now() - self.since >= SLICE_MS {
                gloo_timers::future::TimeoutFuture::new(0).await;
                self.since = now();
            }
        }
    }

    fn now() -> f64 {
        web_sys::window()
            .and_then(|w| w.performance())
            .map_or(0.0, |p| p.now())
    }
}

/// The colour theme: the system's unless the reader picked one, kept across visits.
pub mod theme {
    pub const KEY: &str = "benchdash.theme";
    /// The choices, as stored and as set on `<html data-theme>` ("system" sets nothing).
    pub const CHOICES: [&str; 3] = ["system", "light", "dark"];

    /// The saved choice, or "system".
    pub fn saved() -> String {
        super::storage::get(KEY)
            .filter(|t| CHOICES.contains(&t.as_str()))
            .unwrap_or_else(|| "system".into())
    }

    /// Shows the page in `choice`.
    pub fn show(choice: &str) {
        let root = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.document_element());
        if let Some(root) = root {
            let _ = if choice == "system" {
                root.remove_attribute("data-theme")
            } else {
                root.set_attribute("data-theme", choice)
            };
        }
    }

    /// The reader's pick: shown, and saved for the next visit.
    pub fn choose(choice: &str) {
        show(choice);
        if choice == "system" {
            super::storage::remove(KEY);
        } else {
            let _ = super::storage::set(KEY, choice);
        }
    }
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
