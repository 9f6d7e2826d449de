//! The simulation's Web Worker: `benchdash-sim` runs on a thread of its own, so the page never
//! waits for it, and its code (the engine, the scenario reader, the presets' parse) is a second
//! wasm module that the browser fetches only when a simulation starts. The page's crate
//! (`benchdash-app`) cannot depend on `benchdash-sim`; this crate is the only one that joins
//! the two, so the engine stays out of the page's download (docs/performance.md).
//!
//! The messages are `benchdash_sim_protocol::worker`'s. Cancelling is the page terminating the
//! worker, so the worker needs no yielding: it simulates straight through, posting its progress.
//!
//! [`serve`] is the worker's logic with no browser in it (tested in Chromium by
//! worker/tests/serve.rs); [`start`] connects it to the worker's `onmessage`. The page's side is
//! `benchdash_app::simulate`.

use benchdash_sim::story::Story;
use benchdash_sim::{presets, Scenario, Simulation};
pub use benchdash_sim_protocol::worker::{Job, Reply, Request};

/// Events simulated between two progress messages: about 2 ms of work in the release build.
const EVENTS_PER_STEP: u64 = 40_000;

/// Simulates what `request` (JSON text) asks for, posting progress and then the run or the
/// reason it cannot be simulated.
pub fn serve(request: &str, mut post: impl FnMut(Reply)) {
    let request: Request = match serde_json::from_str(request) {
        Ok(r) => r,
        Err(e) => return post(Reply::Failed(format!("the page's request: {e}"))),
    };
    let (mut sim, name) = match &request.job {
        Job::Story => return tell(&request.timestamp, post),
        Job::Suite => (
            Simulation::suite(&presets::all(), request.seed),
            "simulation: default suite".to_string(),
        ),
        Job::Scenario(text) => match Scenario::parse("scenario.toml", text) {
            Ok(s) => {
                let name = format!("simulation: {}", s.name);
                (Simulation::new(&s, request.seed), name)
            }
            Err(e) => return post(Reply::Failed(e.to_string())),
        },
    };
    loop {
        let progress = sim.advance(EVENTS_PER_STEP);
        if progress.done {
            break;
        }
        post(Reply::Progress(progress.fraction));
    }
    let run = sim.finish(&name, &request.timestamp);
    post(Reply::Done(benchdash_core::write::to_json(&run)));
}

/// The story whose last night is `last`, posted as a history once simulated.
fn tell(last: &str, mut post: impl FnMut(Reply)) {
    let Some(mut story) = Story::new(last) else {
        return post(Reply::Failed(format!(
            "the page's request: `{last}` is not an RFC 3339 time"
        )));
    };
    loop {
        let progress = story.advance(EVENTS_PER_STEP);
        if progress.done {
            break;
        }
        post(Reply::Progress(progress.fraction));
    }
    let history = story
        .finish()
        .iter()
        .map(benchdash_core::write::to_jsonl_line)
        .collect();
    post(Reply::History(history));
}

/// The worker's entry point: answers each request posted to it with [`serve`].
pub fn start() {
    use wasm_bindgen::closure::Closure;
    use wasm_bindgen::{JsCast, JsValue};
    use web_sys::{DedicatedWorkerGlobalScope, MessageEvent};

    let scope: DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
    let replies = scope.clone();
    let post = move |reply: Reply| {
        // Posting fails only once the page has terminated the worker; nobody is listening.
        let _ = replies.post_message(&JsValue::from_str(&reply.to_json()));
    };
    let on_message = Closure::<dyn FnMut(MessageEvent)>::new(move |event: MessageEvent| {
        serve(&event.data().as_string().unwrap_or_default(), &post);
    });
    scope.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    // The handler lives as long as the worker does.
    on_message.forget();
    let _ = scope.post_message(&JsValue::from_str(&Reply::Ready.to_json()));
}
