//! The simulation's Web Worker (trunk builds it from index.html's `data-type="worker"` link):
//! see `benchdash_app::sim_worker`.

fn main() {
    console_error_panic_hook::set_once();
    benchdash_app::sim_worker::start();
}
