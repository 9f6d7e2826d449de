//! Helpers for tests and benchmarks, behind the `testing` feature so that they are not part of
//! the library's API: dev-dependencies enable it (`features = ["testing"]`).
//!
//! - [`synthetic`]: large deterministic inputs for the speed measurements.
//! - [`history`]: a synthetic history of single-value runs (trend tests and benches).
//! - [`toml_keys`]: the TOML error locator checked against serde_path_to_error.

pub mod history;
pub mod synthetic;
pub mod toml_keys;
