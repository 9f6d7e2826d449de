//! ChromeDriver and headless Chromium: starting the driver, opening a WebDriver session, and
//! the guard that ends both however a test ends.
//!
//! ChromeDriver starts Chromium as its child, and Chromium starts its zygotes, renderers, GPU
//! and utility processes under that. Killing ChromeDriver alone (what `Child::kill` does)
//! leaves all of those running, so [`Driver`]'s `Drop` stops and kills the whole tree of
//! processes under ChromeDriver, found in `/proc`. It runs when a test returns and when it
//! panics: a panic inside an async test unwinds through the runtime's `block_on`, which drops
//! the test's future and with it every guard the test holds.
//!
//! The driver stays in the test's process group, so an interrupt from the terminal (Ctrl-C)
//! still reaches it and its browser as before. A test process killed outright (SIGKILL) runs no
//! `Drop`; nothing can clean up after that from inside it.

use std::collections::{BTreeMap, BTreeSet};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::{Client, ClientBuilder};

use crate::workspace_root;

/// How long ChromeDriver may take to listen on its port.
const DRIVER_START: Duration = Duration::from_secs(60);

/// A ChromeDriver process of our own and its browser's profile folder: the driver and every
/// process under it (Chromium and its helpers) killed, and the folder (tens of MB) removed,
/// when it is dropped.
pub struct Driver {
    child: Child,
    /// ChromeDriver's address, `http://127.0.0.1:<port>`.
    pub url: String,
    profile: PathBuf,
}

impl Driver {
    /// ChromeDriver's process id.
    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// ChromeDriver and every process under it now (Chromium and its helpers), parents first.
    pub fn processes(&self) -> Vec<u32> {
        process_tree(self.pid())
    }

    /// Stops every process of the tree first (so none can start another while they are being
    /// killed), then kills them all, and waits until they are gone.
    fn kill_tree(&mut self) {
        let root = self.pid();
        let mut known: BTreeSet<u32> = BTreeSet::new();
        loop {
            let tree: BTreeSet<u32> = process_tree(root).into_iter().collect();
            let new: Vec<u32> = tree.difference(&known).copied().collect();
            if new.is_empty() {
                break;
            }
            for &pid in &new {
                signal(pid, libc::SIGSTOP);
            }
            known.extend(new);
        }
        for &pid in &known {
            signal(pid, libc::SIGKILL);
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
        // Killed processes end at once; their parents (or init) reap them.
        let deadline = Instant::now() + Duration::from_secs(10);
        while known.iter().any(|&pid| is_running(pid)) && Instant::now() < deadline {
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

impl Drop for Driver {
    fn drop(&mut self) {
        self.kill_tree();
        let _ = std::fs::remove_dir_all(&self.profile);
    }
}

fn signal(pid: u32, signal: libc::c_int) {
    if let Ok(pid) = libc::pid_t::try_from(pid) {
        // SAFETY: kill(2) has no memory effects; `pid` is positive, a single process.
        unsafe {
            libc::kill(pid, signal);
        }
    }
}

/// The `(state, parent)` of a process, from `/proc/<pid>/stat`; `None` once it is reaped.
fn stat(pid: u32) -> Option<(char, u32)> {
    let text = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    // `pid (comm) state ppid …`: the command may hold spaces and parentheses.
    let rest = &text[text.rfind(')')? + 1..];
    let mut fields = rest.split_whitespace();
    let state = fields.next()?.chars().next()?;
    let parent = fields.next()?.parse().ok()?;
    Some((state, parent))
}

/// Whether a process still runs: it exists and is neither a zombie nor dead.
pub fn is_running(pid: u32) -> bool {
    matches!(stat(pid), Some((state, _)) if state != 'Z' && state != 'X')
}

/// `root` and every process under it, parents first, from one scan of `/proc`; empty when
/// `root` is gone.
pub fn process_tree(root: u32) -> Vec<u32> {
    let mut children: BTreeMap<u32, Vec<u32>> = BTreeMap::new();
    for entry in std::fs::read_dir("/proc").into_iter().flatten().flatten() {
        let Some(pid) = entry.file_name().to_str().and_then(|n| n.parse().ok()) else {
            continue;
        };
        if let Some((_, parent)) = stat(pid) {
            children.entry(parent).or_default().push(pid);
        }
    }
    if stat(root).is_none() {
        return Vec::new();
    }
    let mut tree = vec![root];
    let mut next = 0;
    while next < tree.len() {
        if let Some(below) = children.get(&tree[next]) {
            tree.extend(below);
        }
        next += 1;
    }
    tree
}

/// A free TCP port on 127.0.0.1 (free when asked: another process may take it after).
pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .expect("bind a port on 127.0.0.1")
        .local_addr()
        .expect("a local address")
        .port()
}

/// A fresh folder `target/e2e/<prefix>-<pid>-<port>`, so runs never share state.
pub fn scratch_dir(prefix: &str) -> PathBuf {
    let dir = workspace_root().join("target").join("e2e").join(format!(
        "{prefix}-{}-{}",
        std::process::id(),
        free_port()
    ));
    std::fs::create_dir_all(&dir).expect("create a scratch folder under target/e2e");
    dir
}

/// Starts ChromeDriver (`$CHROMEDRIVER`, else `/usr/bin/chromedriver`) on a free port and
/// waits until it listens.
pub fn start_driver() -> Driver {
    let binary = std::env::var("CHROMEDRIVER").unwrap_or_else(|_| "/usr/bin/chromedriver".into());
    assert!(
        Path::new(&binary).exists(),
        "ChromeDriver not found at {binary}: run `make setup` (installs Debian's chromium and chromium-driver)"
    );
    let port = free_port();
    let child = Command::new(&binary)
        .arg(format!("--port={port}"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot start {binary}: {e}"));
    // The guard exists from here on, so a failure below kills the driver too.
    let mut driver = Driver {
        child,
        url: format!("http://127.0.0.1:{port}"),
        profile: scratch_dir("profile"),
    };
    let deadline = Instant::now() + DRIVER_START;
    while TcpStream::connect(("127.0.0.1", port)).is_err() {
        if let Ok(Some(status)) = driver.child.try_wait() {
            panic!("ChromeDriver ({binary} --port={port}) exited before listening: {status}");
        }
        assert!(
            Instant::now() < deadline,
            "ChromeDriver did not listen on port {port} within {} s",
            DRIVER_START.as_secs()
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    driver
}

/// A WebDriver session in a fresh headless Chromium (`$CHROMIUM`, else `/usr/bin/chromium`)
/// whose profile is the driver's folder.
pub async fn connect(driver: &Driver) -> Client {
    let chromium = std::env::var("CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into());
    let caps = serde_json::json!({
        "goog:chromeOptions": {
            "binary": chromium,
            "args": [
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--no-first-run",
                "--window-size=1280,900", format!("--user-data-dir={}", driver.profile.display()),
            ]
        }
    });
    let caps = caps.as_object().expect("an object").clone();
    ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new())
        .capabilities(caps)
        .connect(&driver.url)
        .await
        .unwrap_or_else(|e| {
            panic!(
                "no WebDriver session in headless Chromium ({chromium}) through {}: {e}",
                driver.url
            )
        })
}
