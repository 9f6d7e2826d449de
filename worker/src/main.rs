//! The simulation's Web Worker (trunk builds it from index.html's `data-type="worker"` link):
//! see `benchdash_sim_worker`.

fn main() {
    console_error_panic_hook::set_once();
    benchdash_sim_worker::start();
}
