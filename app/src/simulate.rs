//! Running core's simulation in the page without freezing it: bounded steps, a yield to the
//! browser once a task has run 20 ms (`browser::timing::Slices`), a progress signal and a
//! cancel flag.

use benchdash_core::sim::Simulation;
use benchdash_core::{read_run, write, RunFile};
use leptos::prelude::*;

/// Events simulated in one step: about 2 ms of work in the release build, so a task stops soon
/// after its 20 ms. (Yielding after every step spent more time in the browser's timeouts,
/// 4 ms each once nested, than in simulating.)
const EVENTS_PER_STEP: u64 = 40_000;

/// The state of a simulation running in the page.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Running {
    pub fraction: f64,
    pub cancelled: bool,
}

/// Runs `sim` in steps, keeping `status` up to date (None when idle), and hands the finished
/// run (with its content-derived id) to `done`. Setting `status`'s `cancelled` stops it.
pub fn run_in_steps(
    mut sim: Simulation,
    name: String,
    timestamp: String,
    status: RwSignal<Option<Running>>,
    done: impl FnOnce(RunFile) + 'static,
) {
    status.set(Some(Running {
        fraction: 0.0,
        cancelled: false,
    }));
    leptos::task::spawn_local(async move {
        let mut slices = crate::browser::timing::Slices::new();
        loop {
            if status.get_untracked().is_none_or(|s| s.cancelled) {
                status.set(None);
                return;
            }
            let progress = sim.advance(EVENTS_PER_STEP);
            status.update(|s| {
                if let Some(s) = s {
                    s.fraction = progress.fraction;
                }
            });
            if progress.done {
                break;
            }
            slices.pause().await;
        }
        let run = sim.finish(&name, &timestamp);
        // Read back through core's reader: the run gets its id and its summaries.
        let text = write::to_json(&run);
        status.set(None);
        if let Ok(loaded) = read_run("simulation", text.as_bytes()) {
            done(loaded.run);
        }
    });
}
