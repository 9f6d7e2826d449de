//! The end-to-end harness (feature `e2e`): the trunk-built dashboard served from `dist/` on
//! 127.0.0.1, a ChromeDriver of the test's own driving a fresh headless Chromium through
//! fantoccini, and helpers that wait for what they click and read.
//!
//! - [`server`]: the static host (`dist/`, and folders mounted beside it); [`open_served`]
//!   opens the page as `benchdash serve` serves it instead.
//! - [`browser`]: ChromeDriver, the WebDriver session, and the guard that kills the driver and
//!   every browser process under it when a test ends, by returning or by panicking.
//! - [`page`]: find, click, type, read and wait, each bounded and naming its selector when it
//!   gives up.
//! - [`fixtures`], [`probes`]: test data and the speed measurements' in-page probes.
//! - [`throttle`]: a cold visit under a throttled network (DevTools protocol), and what the
//!   visitor waited.
//!
//! A [`Dashboard`] holds the three together; [`open_dashboard`] starts them all.

pub mod browser;
pub mod fixtures;
pub mod page;
pub mod probes;
pub mod server;
pub mod throttle;

use std::path::PathBuf;

use fantoccini::Client;

pub use browser::{free_port, is_running, process_tree, Driver};
pub use fixtures::{nightly_history, results_folder, run_id, year_of_history};
pub use page::{
    clear_and_type, click, click_by, click_css, find, find_by, save_screenshot, select_value,
    text_of, texts_of, type_into, type_thresholds, upload, value_of, wait_for_count, wait_for_text,
    STATE_TIMEOUT, TIMEOUT,
};
pub use probes::{install_probes, read_probes};
pub use server::StaticServer;

use crate::serve::Serving;

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
    /// What serves the page, kept until the end: the harness's [`StaticServer`], or
    /// `benchdash serve` (a [`Serving`] child process, killed when dropped).
    _host: Box<dyn std::any::Any + Send>,
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
        _host: Box::new(server),
    }
}

/// The dashboard as `benchdash serve --port 0 --dist <dist> <paths>` serves it, opened at its
/// root without a query (the server redirects to the page with its results' link), and the
/// address the command printed.
pub async fn open_served(paths: &[PathBuf]) -> (Dashboard, String) {
    let binary = benchdash_binary();
    let mut args = vec![
        "--port".into(),
        "0".into(),
        "--dist".into(),
        dist().into_os_string(),
    ];
    args.extend(paths.iter().map(|p| p.clone().into_os_string()));
    let serving = Serving::start(&binary, args);
    let printed = serving.url.clone();
    let driver = browser::start_driver();
    let client = browser::connect(&driver).await;
    let root = format!("http://{}/", serving.host);
    client
        .goto(&root)
        .await
        .unwrap_or_else(|e| panic!("cannot open the dashboard at {root}: {e}"));
    let dashboard = Dashboard {
        client,
        driver,
        _host: Box::new(serving),
    };
    (dashboard, printed)
}

/// The `benchdash` binary of this checkout, built now (debug) if it is not up to date: the
/// test crate cannot depend on a binary, and a stale one would test old code.
pub fn benchdash_binary() -> PathBuf {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let output = std::process::Command::new(cargo)
        .current_dir(workspace_root())
        .args([
            "build",
            "--locked",
            "-p",
            "benchdash",
            "--bin",
            "benchdash",
            "--message-format=json-render-diagnostics",
        ])
        .stderr(std::process::Stdio::inherit())
        .output()
        .expect("run cargo build -p benchdash");
    assert!(
        output.status.success(),
        "cargo build -p benchdash failed ({})",
        output.status
    );
    String::from_utf8_lossy(&output.stdout)
        .lines()
        .filter_map(|line| serde_json::from_str::<serde_json::Value>(line).ok())
        .filter(|message| message["reason"] == "compiler-artifact")
        .find_map(|message| message["executable"].as_str().map(PathBuf::from))
        .expect("cargo build names the benchdash executable")
}
