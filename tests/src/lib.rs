//! Helpers shared by benchdash's cross-crate tests: where the workspace and its files are,
//! `benchdash serve` as a guarded child process with a raw HTTP client ([`serve`]), and
//! (feature `e2e`) the browser end-to-end harness.

use std::path::PathBuf;

#[cfg(feature = "e2e")]
pub mod e2e;
pub mod serve;

/// The workspace root (the parent of this crate).
pub fn workspace_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("tests/ has a parent")
        .to_path_buf()
}
