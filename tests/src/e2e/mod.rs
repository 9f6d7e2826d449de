//! The end-to-end harness (feature `e2e`): the trunk-built dashboard served from `dist/` on
//! 127.0.0.1, a ChromeDriver of the test's own driving a fresh headless Chromium through
//! fantoccini, and helpers that wait for what they click and read.
//!
//! - [`server`]: the static host (`dist/`, and folders mounted beside it).
//! - [`browser`]: ChromeDriver, the WebDriver session, and the guard that kills the driver and
//!   every browser process under it when a test ends, by returning or by panicking.
//! - [`page`]: find, click, type, read and wait, each bounded and naming its selector when it
//!   gives up.
//! - [`fixtures`], [`probes`]: test data and the speed measurements' in-page probes.
//!
//! A [`Dashboard`] holds the three together; [`open_dashboard`] starts them all.

pub mod browser;
pub mod fixtures;
pub mod page;
pub mod probes;
pub mod server;

use std::path::PathBuf;

use fantoccini::Client;

pub use browser::{free_port, is_running, process_tree, Driver};
pub use fixtures::{results_folder, run_id};
pub use page::{
    clear_and_type, click, click_by, click_css, find, find_by, save_screenshot, select_value,
    text_of, texts_of, type_into, type_thresholds, upload, value_of, wait_for_count, wait_for_text,
    STATE_TIMEOUT, TIMEOUT,
};
pub use probes::{install_probes, read_probes};
pub use server::StaticServer;

use crate::workspace_root;

/// The trunk-built dashboard: `$BENCHDASH_DIST`, else the workspace's `dist/`.
pub fn dist() -> PathBuf {
    let dist = std::env::var("BENCHDASH_DIST")
        .map(PathBuf::from)
        .unwrap_or_else(|_| workspace_root().join("dist"));
    assert!(
        dist.join("index.html").is_file(),
        "{} has no index.html: build the dashboard first (`make dist`, or `make test` which does it)",
        dist.display()
    );
    dist
}

/// The dashboard open in a fresh headless Chromium: the session, the driver and the server,
/// kept together so they live as long as the test, and dropped in that order. Dropping it,
/// also while a test panics, kills ChromeDriver and Chromium and stops the server.
pub struct Dashboard {
    /// The WebDriver session. `client.close()` ends it politely; the driver's guard ends
    /// whatever is left either way.
    pub client: Client,
    driver: Driver,
    _server: StaticServer,
}

impl Dashboard {
    /// ChromeDriver and every process under it now (Chromium and its helpers).
    pub fn processes(&self) -> Vec<u32> {
        self.driver.processes()
    }
}

/// The dashboard at the root of its host.
pub async fn open_dashboard() -> Dashboard {
    open_dashboard_with(Vec::new(), "").await
}

/// The dashboard with more folders served beside it, opened at `query` (e.g. `?load=…`).
pub async fn open_dashboard_with(mounts: Vec<(&'static str, PathBuf)>, query: &str) -> Dashboard {
    open_host(dist(), mounts, query).await
}

/// A host serving `root` at `/` and `mounts` under their prefixes, opened at `address`.
pub async fn open_host(
    root: PathBuf,
    mounts: Vec<(&'static str, PathBuf)>,
    address: &str,
) -> Dashboard {
    let server = StaticServer::start_with(root, mounts);
    let driver = browser::start_driver();
    let client = browser::connect(&driver).await;
    let url = format!("{}/{address}", server.url);
    client
        .goto(&url)
        .await
        .unwrap_or_else(|e| panic!("cannot open the dashboard at {url}: {e}"));
    Dashboard {
        client,
        driver,
        _server: server,
    }
}
