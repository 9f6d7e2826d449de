//! `benchdash serve [PATH]...`: the built dashboard and the given results on a local HTTP
//! server (tiny_http, one process, a few threads), so the page opens with those results
//! already loaded.
//!
//! Addresses (docs/cli.md#serve):
//! - `/` and the dashboard's files: the release build, `dist/` (`--dist`, or found beside the
//!   binary, in the checkout it was built from, or above the current folder).
//! - `/results/index.json`: the manifest of every given path, made on each request from the
//!   files as they are then, by `core::manifest::build` (what `benchdash index` writes).
//! - `/results/<name>/…`: the given paths, each under its file or folder name (`2/<name>` and
//!   so on when two share a name); in a folder, only result files by name (`.json`, `.jsonl`,
//!   `.ndjson`, `data.js`).
//! - `/` without a query, when results were given, redirects to `/?load=results/index.json`.
//!
//! Nothing else is served: a path with `.` or `..` segments (also percent-encoded), an
//! encoded `/` or `\`, an empty segment, or a file whose real path (links resolved) is outside
//! the dashboard's folder or the given path, is refused with 403. Only GET and HEAD.

use std::collections::{HashMap, HashSet};
use std::io::Write;
use std::net::IpAddr;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;

use benchdash_core::import::{self, FileData, ImportError};
use benchdash_core::manifest::{self, Manifest};
use percent_encoding::percent_decode_str;
use tiny_http::{Header, Method, Request, Response, ResponseBox, StatusCode};

use crate::{input, Diagnostics, Failure};

/// Where the results are, and their manifest, below the host's root.
const RESULTS: &str = "results";
/// The manifest's address relative to the page, as the printed link and the redirect give it.
const MANIFEST_LINK: &str = "results/index.json";
/// Threads answering requests: a page fetches its script, wasm, styles and results together.
const THREADS: usize = 4;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Result files or folders (every format benchdash reads), served with a manifest so the
    /// dashboard opens with them loaded.
    #[arg(value_name = "PATH")]
    paths: Vec<PathBuf>,
    /// The port to listen on; 0 picks a free one (the address printed says which).
    #[arg(long, default_value_t = 8080)]
    port: u16,
    /// The address to listen on. Anyone who can reach it can read the served files.
    #[arg(long, default_value = "127.0.0.1", value_name = "IP")]
    address: IpAddr,
    /// The built dashboard (`trunk build --release --offline` writes `dist/`). Default: the
    /// `dist/` beside the binary's checkout, or above the current folder.
    #[arg(long, value_name = "DIR")]
    dist: Option<PathBuf>,
    /// Open the printed address in the system's browser.
    #[arg(long)]
    open: bool,
}

/// A given path, served under `/results/<key>`.
struct Mount {
    /// The URL segments it is served under (its name, or a number and its name).
    key: Vec<String>,
    /// Its real path (links resolved).
    root: PathBuf,
    /// As the user gave it, for messages.
    shown: PathBuf,
    is_dir: bool,
}

/// What is served.
struct Site {
    /// The dashboard's folder, real path.
    dist: PathBuf,
    mounts: Vec<Mount>,
}

pub fn run(args: Args, diag: &Diagnostics) -> Result<ExitCode, Failure> {
    let dist = find_dist(args.dist.as_deref())?;
    let site = Site {
        dist,
        mounts: mounts(&args.paths)?,
    };
    if !site.mounts.is_empty() {
        let (manifest, skipped) = site.manifest()?;
        for err in &skipped {
            diag.warn(format!("left out {err}"));
        }
        if manifest.files.is_empty() {
            diag.warn("the given paths hold no result files; the dashboard will show none");
        }
        diag.note(format!(
            "serving {} result file(s) from {}",
            manifest.files.len(),
            site.mounts
                .iter()
                .map(|m| m.shown.display().to_string())
                .collect::<Vec<_>>()
                .join(", ")
        ));
    }
    let server = tiny_http::Server::http((args.address, args.port)).map_err(|e| {
        Failure(format!(
            "cannot listen on {}:{}: {e} (--port N takes another port, --port 0 any free one)",
            args.address, args.port
        ))
    })?;
    let bound = server
        .server_addr()
        .to_ip()
        .ok_or_else(|| Failure("the server is not on an IP address".to_string()))?;
    let mut url = format!("http://{bound}/");
    if !site.mounts.is_empty() {
        url.push_str("?load=");
        url.push_str(MANIFEST_LINK);
    }
    // The address on standard output, alone on its line, whatever `--quiet` says: it is what
    // the command gives.
    let mut out = std::io::stdout().lock();
    writeln!(out, "{url}")
        .and_then(|()| out.flush())
        .map_err(|e| Failure(format!("standard output: {e}")))?;
    drop(out);
    diag.note(format!(
        "the dashboard from {}; Ctrl-C stops the server",
        site.dist.display()
    ));
    if args.open {
        if let Err(e) = open::that_detached(&url) {
            diag.warn(format!("could not open a browser ({e}); open {url}"));
        }
    }

    let server = Arc::new(server);
    let site = Arc::new(site);
    let quiet = diag.quiet;
    let workers: Vec<_> = (0..THREADS)
        .map(|_| {
            let server = Arc::clone(&server);
            let site = Arc::clone(&site);
            std::thread::spawn(move || {
                let diag = Diagnostics { quiet };
                for request in server.incoming_requests() {
                    answer(&site, request, &diag);
                }
            })
        })
        .collect();
    for worker in workers {
        let _ = worker.join();
    }
    Ok(ExitCode::SUCCESS)
}

/// The built dashboard: `given` (which must hold `index.html`), else the first `dist/` with an
/// `index.html` beside the binary (in an ancestor of its folder: `target/release/` is in the
/// checkout), in the checkout it was built from, or in the current folder or above it.
fn find_dist(given: Option<&Path>) -> Result<PathBuf, Failure> {
    const BUILD: &str = "build it with `make dist` (`trunk build --release --offline`)";
    if let Some(dir) = given {
        if !dir.join("index.html").is_file() {
            return Err(Failure(format!(
                "{}: not a built dashboard (no index.html in it); {BUILD}",
                dir.display()
            )));
        }
        return dir
            .canonicalize()
            .map_err(|e| Failure(format!("{}: {e}", dir.display())));
    }
    let mut places: Vec<PathBuf> = Vec::new();
    if let Ok(exe) = std::env::current_exe().and_then(|e| e.canonicalize()) {
        places.extend(exe.ancestors().skip(1).map(|a| a.join("dist")));
    }
    places.push(Path::new(env!("CARGO_MANIFEST_DIR")).join("../dist"));
    if let Ok(cwd) = std::env::current_dir() {
        places.extend(cwd.ancestors().map(|a| a.join("dist")));
    }
    places
        .iter()
        .find(|p| p.join("index.html").is_file())
        .map(|p| p.canonicalize().unwrap_or_else(|_| p.clone()))
        .ok_or_else(|| {
            Failure(format!(
                "no built dashboard found (no dist/index.html beside the benchdash binary, in \
                 the checkout it was built from, or above the current folder): {BUILD}, or \
                 pass --dist DIR"
            ))
        })
}

/// The given paths as mounts, each under its name; a path given twice is served once. A
/// path that does not exist is an error naming it.
fn mounts(paths: &[PathBuf]) -> Result<Vec<Mount>, Failure> {
    // The manifest's own name is taken.
    let mut taken: HashSet<String> = HashSet::from(["index.json".to_string()]);
    let mut seen = HashSet::new();
    let mut mounts = Vec::new();
    for path in paths {
        let shown = path.display();
        if std::fs::symlink_metadata(path).is_err() {
            return Err(Failure(format!("{shown}: no such file or folder")));
        }
        let root = path
            .canonicalize()
            .map_err(|e| Failure(format!("{shown}: {e}")))?;
        if !seen.insert(root.clone()) {
            continue;
        }
        let name = root
            .file_name()
            .map_or_else(|| "root".to_string(), |n| n.to_string_lossy().into_owned());
        let key = if taken.insert(name.clone()) {
            vec![name]
        } else {
            let number = (2..)
                .map(|n: u32| n.to_string())
                .find(|n| !taken.contains(n))
                .expect("a free number");
            taken.insert(number.clone());
            vec![number, name]
        };
        mounts.push(Mount {
            key,
            is_dir: root.is_dir(),
            root,
            shown: path.clone(),
        });
    }
    Ok(mounts)
}

impl Site {
    /// The manifest of every mount's result files as they are now, paths relative to
    /// `/results/`, and the files left out (that do not import, or lead outside their mount).
    fn manifest(&self) -> Result<(Manifest, Vec<ImportError>), Failure> {
        let mut files = Vec::new();
        let mut outside = Vec::new();
        // Each listed path as found on disk, for the warnings.
        let mut on_disk = HashMap::new();
        for mount in &self.mounts {
            let key = mount.key.join("/");
            if !mount.is_dir {
                let file = input::read_file(&mount.root)?;
                on_disk.insert(key.clone(), mount.shown.display().to_string());
                files.push(FileData { path: key, ..file });
                continue;
            }
            let mut found = Vec::new();
            input::collect(&mount.root, &mut found)?;
            for file in found {
                let on = Path::new(&file.path);
                let inner = on.strip_prefix(&mount.root).unwrap_or(on);
                let shown = mount.shown.join(inner).display().to_string();
                if !within(on, &mount.root) {
                    outside.push(ImportError {
                        file: shown,
                        format: None,
                        kind: benchdash_core::read::ReadErrorKind::Invalid(format!(
                            "it leads outside {}, which is not served",
                            mount.shown.display()
                        )),
                    });
                    continue;
                }
                let segments: Vec<String> = inner
                    .components()
                    .map(|c| c.as_os_str().to_string_lossy().into_owned())
                    .collect();
                let listed = format!("{key}/{}", segments.join("/"));
                on_disk.insert(listed.clone(), shown);
                files.push(FileData {
                    path: listed,
                    ..file
                });
            }
        }
        let sources: Vec<_> = files.iter().map(FileData::source).collect();
        let (manifest, mut skipped) = manifest::build(&sources);
        for err in &mut skipped {
            if let Some(path) = on_disk.get(&err.file) {
                err.file.clone_from(path);
            }
        }
        skipped.extend(outside);
        Ok((manifest, skipped))
    }

    /// What a request for `url` (its path and query, as sent) gets.
    fn route(&self, url: &str) -> Reply {
        let (path, query) = match url.split_once('?') {
            Some((path, query)) => (path, Some(query)),
            None => (url, None),
        };
        let Some(path) = path.strip_prefix('/') else {
            return Reply::Status(400, "the request's path must start with /");
        };
        let segments = match segments(path) {
            Ok(segments) => segments,
            Err(reply) => return reply,
        };
        if segments.is_empty() && query.is_none() && !self.mounts.is_empty() {
            return Reply::Redirect(format!("/?load={MANIFEST_LINK}"));
        }
        if !self.mounts.is_empty() && segments.first().map(String::as_str) == Some(RESULTS) {
            return self.result(&segments[1..]);
        }
        let mut file = self.dist.clone();
        file.extend(&segments);
        // A folder's address serves its index.html, as static hosts do.
        if file.is_dir() {
            file.push("index.html");
        }
        served(&file, &self.dist)
    }

    /// A request under `/results/`: the manifest, or a mount's file.
    fn result(&self, rest: &[String]) -> Reply {
        if rest == ["index.json"] {
            return match self.manifest() {
                Ok((manifest, _)) => Reply::Manifest(manifest.to_json()),
                Err(Failure(message)) => Reply::Error(message),
            };
        }
        for mount in &self.mounts {
            let Some(inner) = rest.strip_prefix(mount.key.as_slice()) else {
                continue;
            };
            if !mount.is_dir {
                return if inner.is_empty() {
                    served(&mount.root, &mount.root)
                } else {
                    Reply::Status(404, "not found")
                };
            }
            // Only what the manifest could list: result files.
            let Some(name) = inner.last() else {
                return Reply::Status(404, "not found");
            };
            if !import::is_result_file(name) {
                return Reply::Status(404, "not found");
            }
            let mut file = mount.root.clone();
            file.extend(inner);
            // A text file (`.txt`, `.xml`, …) is listed only when its content is results.
            return match served(&file, &mount.root) {
                Reply::File { real, .. }
                    if !std::fs::read(&real).is_ok_and(|bytes| import::counts(name, &bytes)) =>
                {
                    Reply::Status(404, "not found")
                }
                reply => reply,
            };
        }
        Reply::Status(404, "not found")
    }
}

/// A request path's segments, percent-decoded; refused (403) when one is `.` or `..`, holds a
/// `/`, `\` or NUL (encoded or not), or is empty before the last (`//etc`).
fn segments(path: &str) -> Result<Vec<String>, Reply> {
    const REFUSED: Reply = Reply::Status(403, "refused: the path leaves the served folders");
    let raw: Vec<&str> = path.split('/').collect();
    let mut out = Vec::new();
    for (i, segment) in raw.iter().enumerate() {
        if segment.is_empty() {
            if i + 1 == raw.len() {
                break;
            }
            return Err(REFUSED);
        }
        let decoded = percent_decode_str(segment)
            .decode_utf8()
            .map_err(|_| Reply::Status(400, "the path is not UTF-8"))?;
        if decoded == "." || decoded == ".." || decoded.contains(['/', '\\', '\0']) {
            return Err(REFUSED);
        }
        out.push(decoded.into_owned());
    }
    Ok(out)
}

/// Whether `path`'s real path (links resolved) is `root` or inside it.
fn within(path: &Path, root: &Path) -> bool {
    path.canonicalize().is_ok_and(|real| real.starts_with(root))
}

/// The file at `file` if it is a regular file whose real path is inside `root`.
fn served(file: &Path, root: &Path) -> Reply {
    match file.canonicalize() {
        Err(_) => Reply::Status(404, "not found"),
        Ok(real) if !real.starts_with(root) => {
            Reply::Status(403, "refused: the path leads outside the served folders")
        }
        Ok(real) if !real.is_file() => Reply::Status(404, "not found"),
        Ok(real) => Reply::File {
            real,
            named: file.to_path_buf(),
        },
    }
}

enum Reply {
    /// A file: its real path, and the path it was asked as (whose extension sets the type).
    File {
        real: PathBuf,
        named: PathBuf,
    },
    Manifest(String),
    Redirect(String),
    Status(u16, &'static str),
    Error(String),
}

/// The Content-Type of a file by its name.
fn content_type(path: &Path) -> &'static str {
    let extension = path
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or("")
        .to_ascii_lowercase();
    match extension.as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "wasm" => "application/wasm",
        "css" => "text/css; charset=utf-8",
        "json" => "application/json",
        "jsonl" | "ndjson" => "application/x-ndjson",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "ico" => "image/x-icon",
        "txt" => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}

fn header(name: &str, value: &str) -> Header {
    Header::from_bytes(name.as_bytes(), value.as_bytes()).expect("a valid header")
}

fn text(status: u16, message: &str) -> ResponseBox {
    Response::from_string(format!("{message}\n"))
        .with_status_code(StatusCode(status))
        .with_header(header("Content-Type", "text/plain; charset=utf-8"))
        .boxed()
}

/// Answers one request; a failure to send (the browser went away) is not the server's.
fn answer(site: &Site, request: Request, diag: &Diagnostics) {
    let method = request.method().clone();
    let url = request.url().to_string();
    let response = if !matches!(method, Method::Get | Method::Head) {
        text(405, "only GET and HEAD").with_header(header("Allow", "GET, HEAD"))
    } else {
        match site.route(&url) {
            Reply::File { real, named } => file_response(&real, &named),
            Reply::Manifest(json) => Response::from_string(json)
                .with_header(header("Content-Type", "application/json"))
                .boxed(),
            Reply::Redirect(to) => Response::empty(StatusCode(302))
                .with_header(header("Location", &to))
                .boxed(),
            Reply::Status(status, message) => text(status, message),
            Reply::Error(message) => {
                diag.warn(format!("{method} {url}: {message}"));
                text(500, &message)
            }
        }
    };
    // Refusals are told (a 404 is most often a browser's favicon.ico).
    let status = response.status_code().0;
    if matches!(status, 400 | 403 | 405) {
        diag.note(format!("{method} {url}: {status}"));
    }
    let response = response
        .with_header(header("Cache-Control", "no-cache"))
        .with_header(header("X-Content-Type-Options", "nosniff"));
    let _ = respond_and_close(request, response, method == Method::Head);
}

/// Sends `response` with `Connection: close`, so the browser opens a new connection for its
/// next request instead of keeping this one.
///
/// Why: tiny_http 0.12 runs each connection as a task of its pool for as long as the client
/// keeps it open, and its pool can leave a new connection's task queued behind them (several
/// connections accepted at once are queued against the same idle thread). A browser's
/// keep-alive connections then hold every thread, and the queued connection's requests are
/// never read: a page fetching six files at once hung until the browser gave up on a
/// connection. With every connection closed after its answer, every task ends at once, and
/// no request waits for another's connection. tiny_http refuses a `Connection` header
/// (`Response::add_header`), so the answer is serialised by tiny_http into memory and the
/// header added after its status line.
fn respond_and_close(request: Request, response: ResponseBox, head: bool) -> std::io::Result<()> {
    let version = request.http_version().clone();
    let headers = request.headers().to_vec();
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

fn file_response(real: &Path, named: &Path) -> ResponseBox {
    let file = match std::fs::File::open(real) {
        Ok(file) => file,
        Err(e) => return text(404, &format!("cannot read: {e}")),
    };
    let modified = file.metadata().and_then(|m| m.modified()).ok();
    let mut response = Response::from_file(file)
        .with_header(header("Content-Type", content_type(named)))
        .boxed();
    // The dashboard dates runs whose files record no time by it, as the CLI does by the
    // file's modification time.
    if let Some(time) = modified {
        response = response.with_header(header("Last-Modified", &httpdate::fmt_http_date(time)));
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    fn refused(path: &str) -> bool {
        matches!(segments(path), Err(Reply::Status(403, _)))
    }

    #[test]
    fn traversal_in_any_spelling_is_refused() {
        for path in [
            "../Cargo.toml",
            "results/../../etc/passwd",
            "%2e%2e/Cargo.toml",
            "%2E%2E/Cargo.toml",
            ".%2e/x",
            "results/%2e%2e%2fCargo.toml",
            "a%2fb",
            "a%5cb",
            "/etc/passwd",
            "a//b",
            "./index.html",
            "a%00b",
        ] {
            assert!(refused(path), "{path}");
        }
    }

    #[test]
    fn ordinary_paths_are_decoded() {
        let ok = |p: &str| segments(p).ok().unwrap();
        assert!(ok("").is_empty());
        assert_eq!(ok("results/runs/"), ["results", "runs"]);
        assert_eq!(ok("a%20b/c..d.json"), ["a b", "c..d.json"]);
    }

    #[test]
    fn the_types_a_browser_needs() {
        assert_eq!(content_type(Path::new("a/b.wasm")), "application/wasm");
        assert_eq!(
            content_type(Path::new("x.js")),
            "text/javascript; charset=utf-8"
        );
        assert_eq!(content_type(Path::new("x.JSON")), "application/json");
        assert_eq!(content_type(Path::new("x.svg")), "image/svg+xml");
    }
}
