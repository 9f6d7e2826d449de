//! The static host: `dist/` (or any folder) served on an ephemeral port of 127.0.0.1 by
//! tiny_http in a thread of its own, stopped when the [`StaticServer`] is dropped.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::thread::JoinHandle;

/// A folder served at `/` on 127.0.0.1, with more folders mounted under URL prefixes (a results
/// folder at `/results/`, or the dashboard itself in a subfolder, as a GitHub Pages project site
/// is). Dropping it stops the server and joins its thread.
pub struct StaticServer {
    /// `http://127.0.0.1:<port>`, without a trailing slash.
    pub url: String,
    server: Arc<tiny_http::Server>,
    thread: Option<JoinHandle<()>>,
}

fn content_type(path: &Path) -> &'static str {
    match path.extension().and_then(|e| e.to_str()).unwrap_or("") {
        "html" => "text/html; charset=utf-8",
        "js" => "text/javascript",
        "wasm" => "application/wasm",
        "css" => "text/css",
        "json" => "application/json",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        _ => "application/octet-stream",
    }
}

impl StaticServer {
    /// Serves `root` at `/` and each `(prefix, folder)` at `/prefix/`.
    pub fn start_with(root: PathBuf, mounts: Vec<(&'static str, PathBuf)>) -> StaticServer {
        let server =
            Arc::new(tiny_http::Server::http("127.0.0.1:0").expect("bind a port on 127.0.0.1"));
        let url = format!(
            "http://{}",
            server.server_addr().to_ip().expect("an IP address")
        );
        let serving = Arc::clone(&server);
        let thread = std::thread::spawn(move || {
            for request in serving.incoming_requests() {
                let response = respond(&root, &mounts, request.url());
                let _ = request.respond(response);
            }
        });
        StaticServer {
            url,
            server,
            thread: Some(thread),
        }
    }
}

/// The response to a request for `url`: the file it names, or 404.
fn respond(root: &Path, mounts: &[(&'static str, PathBuf)], url: &str) -> tiny_http::ResponseBox {
    let path = url.split('?').next().unwrap_or("/");
    let relative = path.trim_start_matches('/');
    let relative = if relative.is_empty() {
        "index.html"
    } else {
        relative
    };
    let file = mounts
        .iter()
        .find_map(|(prefix, folder)| {
            relative
                .strip_prefix(prefix)
                .and_then(|rest| rest.strip_prefix('/'))
                .map(|rest| folder.join(rest))
        })
        .unwrap_or_else(|| root.join(relative));
    // A folder's address serves its index.html, as static hosts do.
    let file = if file.is_dir() {
        file.join("index.html")
    } else {
        file
    };
    if !relative.contains("..") && file.is_file() {
        let bytes = std::fs::read(&file).expect("read a dist file");
        let header =
            tiny_http::Header::from_bytes(&b"Content-Type"[..], content_type(&file).as_bytes())
                .expect("a valid header");
        tiny_http::Response::from_data(bytes)
            .with_header(header)
            .boxed()
    } else {
        tiny_http::Response::from_string("not found")
            .with_status_code(404)
            .boxed()
    }
}

impl Drop for StaticServer {
    fn drop(&mut self) {
        // Ends `incoming_requests`; the listener closes when the last `Arc` goes.
        self.server.unblock();
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}
