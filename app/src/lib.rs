//! The benchdash dashboard: a thin Leptos shell over `benchdash_core`.
//!
//! - [`store`]: the loaded runs and the files that failed, as plain data with the rules for
//!   adding and removing them. No DOM.
//! - [`files`]: browser `File`s to bytes (the only place that touches the File API).
//! - [`remote`]: `?load=` URLs (same origin only, manifests followed) fetched to bytes.
//! - [`browser`]: downloads, local storage (themes, thresholds) and the URL.
//! - [`saved`]: the runs that survive a reload, in IndexedDB (rexie), and the storage quota.
//! - [`simulate`]: the page's side of a simulation: starts the worker, shows its progress.
//!   The worker itself is the `benchdash-sim-worker` crate (worker/): this crate cannot reach
//!   the engine.
//! - [`components`]: the views.
//! - [`shell`]: index.html's static shell, the first screen before the wasm has arrived.
//!
//! All reading and judging of run files is core's, and so is printing numbers
//! (`benchdash_core::report::number`); the app never parses a run itself.

pub mod browser;
pub mod components;
pub mod files;
pub mod remote;
pub mod saved;
pub mod shell;
pub mod simulate;
pub mod store;

pub use components::App;
