//! What the dashboard's page and its simulation worker both need, as plain data: the presets
//! (the seeds' scenarios, by name and TOML text) and the messages between the page and the
//! worker. No engine and no scenario parser: the page depends on this crate and not on
//! `benchdash-sim`, so Cargo keeps the engine out of the page's wasm.
//!
//! - [`presets`]: `presets/*.toml` at the repository root, embedded with `include_str!`.
//! - [`worker`]: the page's [`worker::Request`] and the worker's [`worker::Reply`]s, as JSON text.

pub mod presets;
pub mod worker;
