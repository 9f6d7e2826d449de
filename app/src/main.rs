//! The dashboard's entry point: mount the app on the page trunk built.

fn main() {
    console_error_panic_hook::set_once();
    // index.html's static shell (`#shell`: the app's first screen as HTML, so a visitor sees
    // the page while the wasm downloads) makes way for the app itself.
    benchdash_app::shell::remove();
    leptos::mount::mount_to_body(benchdash_app::App);
}
