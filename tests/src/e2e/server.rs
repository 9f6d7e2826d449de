//! The static host: `dist/` (or any folder) served on an ephemeral port of 127.0.0.1 by
//! tiny_http in a thread of its own, stopped when the [`StaticServer`] is dropped.

use std::collections::HashMap;
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
        StaticServer::start(root, mounts, false)
    }

    /// Serves `root` at `/` as production hosts do: text, JS and wasm gzipped for a browser
    /// that accepts it (GitHub Pages, Netlify and nginx's `gzip_static` all do), so that a
    /// throttled visit downloads what a real one would.
    pub fn compressed(root: PathBuf) -> StaticServer {
        StaticServer::start(root, Vec::new(), true)
    }

    fn start(root: PathBuf, mounts: Vec<(&'static str, PathBuf)>, gzip: bool) -> StaticServer {
        let server =
            Arc::new(tiny_http::Server::http("127.0.0.1:0").expect("bind a port on 127.0.0.1"));
        let url = format!(
            "http://{}",
            server.server_addr().to_ip().expect("an IP address")
        );
        // Compressed once, before the first request, so no request waits for it.
        let gzipped = if gzip {
            gzip_folder(&root)
        } else {
            HashMap::new()
        };
        let none = HashMap::new();
        let serving = Arc::clone(&server);
        let thread = std::thread::spawn(move || {
            for request in serving.incoming_requests() {
                let accepts_gzip = request
                    .headers()
                    .iter()
                    .any(|h| h.field.equiv("Accept-Encoding") && h.value.as_str().contains("gzip"));
                let gzipped = if accepts_gzip { &gzipped } else { &none };
                let response = respond(&root, &mounts, request.url(), gzipped);
                let _ = respond_and_close(request, response);
            }
        });
        StaticServer {
            url,
            server,
            thread: Some(thread),
        }
    }
}

/// Sends `response` with `Connection: close`, as `benchdash serve` does and for the same
/// reason (cli/src/serve.rs, `respond_and_close`): tiny_http's pool can leave a connection
/// queued behind the browser's kept-alive ones, and a page fetching several files at once
/// then waits forever for one of them. tiny_http refuses a `Connection` header, so the
/// answer is serialised into memory and the header added after its status line.
fn respond_and_close(
    request: tiny_http::Request,
    response: tiny_http::ResponseBox,
) -> std::io::Result<()> {
    use std::io::Write;
    let version = request.http_version().clone();
    let headers = request.headers().to_vec();
    let head = *request.method() == tiny_http::Method::Head;
    let mut bytes = Vec::new();
    response.raw_print(&mut bytes, version, &headers, head, None)?;
    let status_line = bytes
        .windows(2)
        .position(|w| w == b"\r\n")
        .map_or(bytes.len(), |i| i + 2);
    let mut writer = request.into_writer();
    writer.write_all(&bytes[..status_line])?;
    writer.write_all(b"Connection: close\r\n")?;
    writer.write_all(&bytes[status_line..])?;
    writer.flush()
}

/// Every file directly in `folder` but images, gzipped at the best level.
fn gzip_folder(folder: &Path) -> HashMap<PathBuf, Vec<u8>> {
    use std::io::Write;
    let mut out = HashMap::new();
    for entry in std::fs::read_dir(folder)
        .expect("read the served folder")
        .flatten()
    {
        let path = entry.path();
        if !path.is_file() || content_type(&path) == "image/png" {
            continue;
        }
        let bytes = std::fs::read(&path).expect("read a served file");
        let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
        encoder.write_all(&bytes).expect("gzip in memory");
        out.insert(path, encoder.finish().expect("gzip in memory"));
    }
    out
}

/// The response to a request for `url`: the file it names (its gzipped bytes when `gzipped`
/// has them), or 404.
fn respond(
    root: &Path,
    mounts: &[(&'static str, PathBuf)],
    url: &str,
    gzipped: &HashMap<PathBuf, Vec<u8>>,
) -> tiny_http::ResponseBox {
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
        let kind = content_type(&file);
        let header = |name: &str, value: &str| {
            tiny_http::Header::from_bytes(name.as_bytes(), value.as_bytes())
                .expect("a valid header")
        };
        if let Some(body) = gzipped.get(&file) {
            return tiny_http::Response::from_data(body.clone())
                .with_header(header("Content-Type", kind))
                .with_header(header("Content-Encoding", "gzip"))
                .boxed();
        }
        let bytes = std::fs::read(&file).expect("read a dist file");
        tiny_http::Response::from_data(bytes)
            .with_header(header("Content-Type", kind))
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
