//! index.html's static shell is the app's first render (app/src/shell.rs): the app rendered
//! here, in Chromium, must give exactly the shell's HTML once both are normalized. When it
//! does not (the first screen changed), the test prints the render between markers, and
//! `scripts/shell` writes it into index.html.

use benchdash_app::shell::{normalize, BEGIN, END};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

const INDEX: &str = include_str!("../../index.html");

/// The shell's contents in index.html (inside `<div id="shell" …>`), as the browser
/// serializes them.
fn shell_in_index() -> String {
    let start = INDEX
        .find(BEGIN)
        .expect("index.html has the shell's start marker")
        + BEGIN.len();
    let end = INDEX
        .find(END)
        .expect("index.html has the shell's end marker");
    let document = web_sys::window().unwrap().document().unwrap();
    let parsed = document.create_element("div").unwrap();
    parsed.set_inner_html(&INDEX[start..end]);
    let shell = parsed
        .query_selector("#shell")
        .unwrap()
        .expect("the shell is a #shell element");
    assert!(
        shell.has_attribute("inert"),
        "the shell answers no click until the app replaces it"
    );
    normalize(&shell.inner_html())
}

#[wasm_bindgen_test]
fn the_static_shell_is_the_apps_first_render() {
    let document = web_sys::window().unwrap().document().unwrap();
    let root: web_sys::HtmlElement = document.create_element("div").unwrap().unchecked_into();
    document.body().unwrap().append_child(&root).unwrap();
    // The first render, read before any task the app starts (the saved runs, the story) runs.
    let handle = leptos::mount::mount_to(root.clone(), benchdash_app::App);
    let rendered = normalize(&root.inner_html());
    // Kept: the tasks the app started would find it gone.
    handle.forget();
    let shell = shell_in_index();
    if rendered != shell {
        web_sys::console::log_1(&format!("SHELL-BEGIN\n{rendered}\nSHELL-END").into());
    }
    assert!(
        rendered == shell,
        "index.html's shell is not the app's first render: run scripts/shell"
    );
    // What a first visit shows at once: the example in the run list, with its benchmarks.
    for expected in [
        "orchestrator baseline (example)",
        "single-tool",
        "parallel-20",
    ] {
        assert!(shell.contains(expected), "{expected}");
    }
}
