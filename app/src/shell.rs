//! index.html's static shell: the app's first screen (the header, the load bar, the bundled
//! example in the run list and its benchmarks) written into the page as plain HTML, so a cold
//! visit shows it as soon as the HTML and the CSS arrive, seconds before the wasm has
//! downloaded on a slow network. It is `inert` (nothing in it answers a click) and has no ids,
//! so neither a visitor nor a test can act on it by mistake; the app removes it as it mounts.
//!
//! It is the app's own first render: `app/tests/shell.rs` renders [`crate::App`] and fails if
//! the shell differs from it (after [`normalize`]), and `scripts/shell` writes the render into
//! index.html between [`BEGIN`] and [`END`].

/// The markers around the shell in index.html.
pub const BEGIN: &str = "<!-- shell: the app's first screen, written by scripts/shell -->";
pub const END: &str = "<!-- /shell -->";

/// Removes the shell from the page, if it is there.
pub fn remove() {
    let shell = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id("shell"));
    if let Some(shell) = shell {
        shell.remove();
    }
}

/// The shell's form of rendered HTML: without the framework's placeholder comments (`<!---->`)
/// and without `id` and `for` attributes (the app's ids stay unique to the app).
pub fn normalize(html: &str) -> String {
    let mut out = html.replace("<!---->", "");
    for attribute in [" id=\"", " for=\""] {
        while let Some(start) = out.find(attribute) {
            let value = start + attribute.len();
            let end = out[value..].find('"').map_or(out.len(), |i| value + i + 1);
            out.replace_range(start..end, "");
        }
    }
    out
}
