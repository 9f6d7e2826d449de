//! `benchdash serve` under test: the server as a child process that is killed when the
//! [`Serving`] guard is dropped (also when a test panics), and a plain HTTP/1.1 client on a
//! `TcpStream` that sends the request target exactly as written (`/../x`, `/%2e%2e/x`), which
//! URL-normalising clients would not.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// How long the server may take to print its address: a bound for a busy machine, not a
/// pause (the test goes on as soon as the line is there).
const STARTUP: Duration = Duration::from_secs(120);

/// A running `benchdash serve`, killed and reaped on drop.
pub struct Serving {
    /// The address it printed (`http://127.0.0.1:<port>/`, with `?load=…` when it serves
    /// results).
    pub url: String,
    /// `127.0.0.1:<port>`, for [`request`].
    pub host: String,
    child: Child,
    stderr: Arc<Mutex<String>>,
}

impl Serving {
    /// Starts `binary serve <args>` and waits until it prints its address. Panics with the
    /// server's messages if it exits first.
    pub fn start<I, S>(binary: &Path, args: I) -> Serving
    where
        I: IntoIterator<Item = S>,
        S: AsRef<std::ffi::OsStr>,
    {
        let mut child = Command::new(binary)
            .arg("serve")
            .args(args)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start {}: {e}", binary.display()));
        let stdout = child.stdout.take().expect("piped stdout");
        let stderr = child.stderr.take().expect("piped stderr");
        let messages = Arc::new(Mutex::new(String::new()));
        let collected = Arc::clone(&messages);
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                let mut all = collected.lock().unwrap();
                all.push_str(&line);
                all.push('\n');
            }
        });
        let (sender, lines) = mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                if sender.send(line).is_err() {
                    break;
                }
            }
        });
        // The guard exists before the wait, so a panic below still kills the child.
        let mut serving = Serving {
            url: String::new(),
            host: String::new(),
            child,
            stderr: messages,
        };
        match lines.recv_timeout(STARTUP) {
            Ok(url) => {
                let host = url
                    .strip_prefix("http://")
                    .and_then(|rest| rest.split('/').next())
                    .unwrap_or_else(|| panic!("not an http:// address: {url:?}"))
                    .to_string();
                serving.url = url;
                serving.host = host;
                serving
            }
            Err(e) => {
                let _ = serving.child.kill();
                let status = match serving.child.wait() {
                    Ok(status) => format!("it ended with {status}"),
                    Err(e) => format!("cannot wait for it: {e}"),
                };
                panic!(
                    "benchdash serve printed no address ({e}; {status}); its messages:\n{}",
                    serving.messages()
                )
            }
        }
    }

    /// What the server wrote to standard error so far.
    pub fn messages(&self) -> String {
        self.stderr.lock().unwrap().clone()
    }

    /// The child's process id.
    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// `GET path` on this server.
    pub fn get(&self, path: &str) -> Reply {
        request(&self.host, "GET", path)
    }
}

impl Drop for Serving {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A response: status, headers (names in lower case) and body.
#[derive(Debug)]
pub struct Reply {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Reply {
    /// The first header called `name` (any case).
    pub fn header(&self, name: &str) -> Option<&str> {
        let name = name.to_ascii_lowercase();
        self.headers
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, v)| v.as_str())
    }

    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

/// Sends `method target` to `host` (`127.0.0.1:<port>`) as written, with `Connection: close`,
/// and reads the whole response.
pub fn request(host: &str, method: &str, target: &str) -> Reply {
    let mut stream =
        TcpStream::connect(host).unwrap_or_else(|e| panic!("cannot connect to {host}: {e}"));
    stream
        .set_read_timeout(Some(Duration::from_secs(60)))
        .expect("a read timeout");
    write!(
        stream,
        "{method} {target} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"
    )
    .expect("send the request");
    let mut raw = Vec::new();
    stream
        .read_to_end(&mut raw)
        .unwrap_or_else(|e| panic!("{method} {target}: cannot read the response: {e}"));
    let split = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .unwrap_or_else(|| panic!("{method} {target}: no end of headers in {raw:?}"));
    let head = String::from_utf8_lossy(&raw[..split]).into_owned();
    let mut lines = head.split("\r\n");
    let status_line = lines.next().unwrap_or_default();
    let status = status_line
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| panic!("{method} {target}: bad status line {status_line:?}"));
    let headers = lines
        .filter_map(|line| line.split_once(':'))
        .map(|(n, v)| (n.trim().to_ascii_lowercase(), v.trim().to_string()))
        .collect();
    Reply {
        status,
        headers,
        body: raw[split + 4..].to_vec(),
    }
}
