//! The dashboard's entry point: mount the app on the page trunk built.

fn main() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(benchdash_app::App);
}
