//! A cold visit under network throttling: a fresh Chromium (an empty cache) whose network the
//! DevTools protocol slows to a profile's latency and bandwidth, opening the release build on a
//! static host that compresses as production hosts do, and the times a visitor waits
//! (`scripts/load-times`; the figures are in docs/performance.md).
//!
//! The DevTools commands go through ChromeDriver's passthrough, `POST
//! /session/{id}/goog/cdp/execute`, a command of our own for fantoccini ([`Cdp`]).

use std::time::{Duration, Instant};

use fantoccini::wd::WebDriverCompatibleCommand;
use fantoccini::Client;
use serde_json::{json, Value};

use super::{browser, dist, StaticServer};

/// A network to emulate: Lighthouse's profiles, as the dashboard issue names them.
#[derive(Debug, Clone, Copy)]
pub struct Network {
    pub name: &'static str,
    /// Round-trip latency added to every request, ms.
    pub latency_ms: f64,
    /// Bits per second, down and up.
    pub down_bits: f64,
    pub up_bits: f64,
}

/// Lighthouse's desktop profile: 40 ms, 10 Mbit/s.
pub const DESKTOP: Network = Network {
    name: "desktop",
    latency_ms: 40.0,
    down_bits: 10_240_000.0,
    up_bits: 10_240_000.0,
};

/// Slow 4G, Lighthouse's mobile profile: 150 ms, 1.6 Mbit/s down, 750 kbit/s up.
pub const SLOW_4G: Network = Network {
    name: "slow-4g",
    latency_ms: 150.0,
    down_bits: 1_638_400.0,
    up_bits: 768_000.0,
};

/// A DevTools-protocol command, through ChromeDriver.
#[derive(Debug)]
pub struct Cdp {
    pub cmd: &'static str,
    pub params: Value,
}

impl WebDriverCompatibleCommand for Cdp {
    fn endpoint(
        &self,
        base_url: &url::Url,
        session_id: Option<&str>,
    ) -> Result<url::Url, url::ParseError> {
        base_url.join(&format!(
            "session/{}/goog/cdp/execute",
            session_id.unwrap_or_default()
        ))
    }

    fn method_and_body(&self, _request_url: &url::Url) -> (http::Method, Option<String>) {
        let body = json!({ "cmd": self.cmd, "params": self.params });
        (http::Method::POST, Some(body.to_string()))
    }
}

/// Sends a DevTools command; panics with its name when Chromium refuses it.
pub async fn cdp(client: &Client, cmd: &'static str, params: Value) -> Value {
    client
        .issue_cmd(Cdp { cmd, params })
        .await
        .unwrap_or_else(|e| panic!("DevTools command {cmd} failed: {e}"))
}

/// Installed before the page's own scripts: stamps `__first_content` (ms since navigation)
/// the first time the run list shows a run and the selected run's benchmark names, whoever
/// draws them (the static shell, `#shell`, or the app), and `__app` the first time the app
/// draws its own.
const FIRST_CONTENT_PROBE: &str = r#"
(() => {
  const shown = () =>
    document.querySelector('.run-item') && document.querySelector('.benchmark-row');
  const drawn_by_app = () =>
    [...document.querySelectorAll('.run-item')].some(e => !e.closest('#shell'));
  const stamp = () => {
    const now = performance.now();
    if (window.__first_content == null && shown()) window.__first_content = now;
    if (window.__app == null && drawn_by_app()) window.__app = now;
  };
  new MutationObserver(stamp).observe(document, { childList: true, subtree: true });
  document.addEventListener('DOMContentLoaded', stamp);
})();
"#;

/// What one cold visit measured.
#[derive(Debug, Clone)]
pub struct ColdVisit {
    /// From navigation to the run list with benchmark names on the screen: in the page and
    /// painted, ms.
    pub first_content_ms: f64,
    /// The browser's first contentful paint, ms.
    pub first_paint_ms: f64,
    /// From navigation to the app's own run list (the wasm started and drew it), ms.
    pub app_ms: f64,
    /// Bytes over the network (compressed), all requests of the visit up to then.
    pub bytes: f64,
}

/// One cold visit of the release build (`dist/`) under `network`: a fresh browser profile,
/// the cache disabled, the probe installed, then the page opened.
pub async fn cold_visit(network: Network) -> ColdVisit {
    let server = StaticServer::compressed(dist());
    let driver = browser::start_driver();
    let client = browser::connect(&driver).await;
    client.goto("about:blank").await.expect("open a blank page");
    cdp(&client, "Network.enable", json!({})).await;
    cdp(
        &client,
        "Network.setCacheDisabled",
        json!({ "cacheDisabled": true }),
    )
    .await;
    cdp(
        &client,
        "Network.emulateNetworkConditions",
        json!({
            "offline": false,
            "latency": network.latency_ms,
            "downloadThroughput": network.down_bits / 8.0,
            "uploadThroughput": network.up_bits / 8.0,
        }),
    )
    .await;
    cdp(
        &client,
        "Page.addScriptToEvaluateOnNewDocument",
        json!({ "source": FIRST_CONTENT_PROBE }),
    )
    .await;
    client
        .goto(&format!("{}/", server.url))
        .await
        .expect("open the dashboard");
    let deadline = Instant::now() + Duration::from_secs(120);
    loop {
        let v = client
            .execute(
                r#"if (window.__first_content == null || window.__app == null) return null;
                   const paint = performance.getEntriesByName('first-contentful-paint')[0];
                   const bytes = performance.getEntriesByType('navigation')
                     .concat(performance.getEntriesByType('resource'))
                     .reduce((s, e) => s + (e.transferSize || 0), 0);
                   return [window.__first_content, paint ? paint.startTime : null, window.__app, bytes];"#,
                vec![],
            )
            .await
            .expect("read the probe");
        if let Some(a) = v.as_array() {
            let n = |i: usize| a[i].as_f64().unwrap_or(f64::NAN);
            // Seen once it is both in the page and painted (the CSS may hold the paint back).
            let visit = ColdVisit {
                first_content_ms: n(0).max(n(1)),
                first_paint_ms: n(1),
                app_ms: n(2),
                bytes: n(3),
            };
            let _ = client.close().await;
            return visit;
        }
        assert!(
            Instant::now() < deadline,
            "no run list within 120 s of a {} visit",
            network.name
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}
