//! The page's side of a simulation: it starts the simulation's Web Worker (crate
//! `benchdash-sim-worker`, in worker/),
//! keeps a progress signal up to date, and terminates the worker when the simulation is
//! cancelled. The worker's wasm is fetched on the first simulation and cached by the browser.

use std::cell::RefCell;
use std::rc::Rc;

use benchdash_core::read::read_history_jsonl;
use benchdash_core::{read_run, RunFile};
use leptos::prelude::*;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{ErrorEvent, MessageEvent, Worker};

use benchdash_sim_protocol::worker::{Reply, Request};

/// The file the worker's loader is at, next to the page (trunk writes it from the
/// `benchdash-sim-worker` crate; see index.html).
pub const LOADER: &str = "./benchdash-sim-worker_loader.js";

/// The state of a simulation running in the worker.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Running {
    pub fraction: f64,
    pub cancelled: bool,
}

/// Simulates `request` in a worker of its own, keeping `status` up to date (None when idle),
/// and hands the finished runs (one, or a story's nights; with their content-derived ids) to
/// `done`, or the reason it cannot
/// be simulated to `failed`. Setting `status`'s `cancelled` stops it: the worker is terminated
/// at its next message, a few milliseconds later.
pub fn run_in_worker(
    request: Request,
    status: RwSignal<Option<Running>>,
    done: impl FnOnce(Vec<RunFile>) + 'static,
    failed: impl FnOnce(String) + 'static,
) {
    status.set(Some(Running {
        fraction: 0.0,
        cancelled: false,
    }));
    let worker = match Worker::new(LOADER) {
        Ok(w) => w,
        Err(e) => {
            status.set(None);
            failed(format!(
                "the browser did not start the simulation's worker: {e:?}"
            ));
            return;
        }
    };
    let request = serde_json::to_string(&request).expect("a request serialises");
    // Whichever comes first of the run, the reason it failed, or the worker's own error ends
    // the simulation: the worker is terminated and unhooked, and one of the callbacks is called.
    let ending = Rc::new(RefCell::new(Some((done, failed))));
    // The two handlers, kept until the simulation ends and then dropped, once the handler that
    // ended it has returned (wasm-bindgen does not allow dropping a closure while it runs).
    let handlers: Rc<RefCell<Option<Handlers>>> = Rc::default();
    let unhook = {
        let (worker, handlers) = (worker.clone(), handlers.clone());
        move || {
            worker.terminate();
            worker.set_onmessage(None);
            worker.set_onerror(None);
            status.set(None);
            let done_with = handlers.borrow_mut().take();
            leptos::task::spawn_local(async move { drop(done_with) });
        }
    };
    let end = {
        let unhook = unhook.clone();
        move |outcome: Result<Vec<RunFile>, String>| {
            unhook();
            if let Some((done, failed)) = ending.borrow_mut().take() {
                match outcome {
                    Ok(run) => done(run),
                    Err(reason) => failed(reason),
                }
            }
        }
    };
    let on_message = {
        let (worker, end) = (worker.clone(), end.clone());
        Closure::<dyn FnMut(MessageEvent)>::new(move |event: MessageEvent| {
            if status.get_untracked().is_none_or(|s| s.cancelled) {
                // Cancelled: ends without a word.
                return unhook();
            }
            let text = event.data().as_string().unwrap_or_default();
            match serde_json::from_str::<Reply>(&text) {
                Ok(Reply::Ready) => {
                    let _ = worker.post_message(&JsValue::from_str(&request));
                }
                Ok(Reply::Progress(fraction)) => status.update(|s| {
                    if let Some(s) = s {
                        s.fraction = fraction;
                    }
                }),
                // Read back through core's reader: the run gets its id and its summaries.
                Ok(Reply::Done(run)) => end(read_run("simulation", run.as_bytes())
                    .map(|loaded| vec![loaded.run])
                    .map_err(|e| e.to_string())),
                Ok(Reply::History(runs)) => end(read_history_jsonl("simulation", runs.as_bytes())
                    .map(|runs| runs.into_iter().map(|loaded| loaded.run).collect())
                    .map_err(|e| e.to_string())),
                Ok(Reply::Failed(reason)) => end(Err(reason)),
                Err(e) => end(Err(format!(
                    "the simulation's worker replied `{text}`: {e}"
                ))),
            }
        })
    };
    // A worker that cannot load its module, or panics, reports here instead.
    let on_error = Closure::<dyn FnMut(ErrorEvent)>::new(move |event: ErrorEvent| {
        end(Err(format!(
            "the simulation's worker stopped: {}",
            event.message()
        )))
    });
    worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
    *handlers.borrow_mut() = Some((on_message, on_error));
}

type Handlers = (
    Closure<dyn FnMut(MessageEvent)>,
    Closure<dyn FnMut(ErrorEvent)>,
);
