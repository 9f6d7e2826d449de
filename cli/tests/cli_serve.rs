//! `benchdash serve` end to end: started on a free port with real result files, read over HTTP
//! (the printed address, the redirect, the manifest, the files, their types), the requests
//! that must be refused, and the errors at startup. The dashboard here is a stand-in folder
//! (the browser test, tests/tests/e2e.rs, serves the real build); the server is killed when
//! each test ends, passing or not.

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use benchdash_core::manifest;
use benchdash_tests::serve::{request, Serving};
use predicates::prelude::*;

fn binary() -> PathBuf {
    assert_cmd::cargo::cargo_bin("benchdash")
}

fn data(path: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../tests/data")
        .join(path)
}

fn copy(from: &Path, to: &Path) {
    std::fs::create_dir_all(to.parent().unwrap()).unwrap();
    std::fs::copy(from, to).unwrap();
}

/// A stand-in for `dist/`: a page, its script, wasm and styles, and an icon.
fn dist(root: &Path) -> PathBuf {
    let dist = root.join("dist");
    std::fs::create_dir_all(&dist).unwrap();
    std::fs::write(
        dist.join("index.html"),
        "<!doctype html><p>the dashboard</p>",
    )
    .unwrap();
    std::fs::write(dist.join("benchdash-app-1.js"), "export default 1;").unwrap();
    std::fs::write(dist.join("benchdash-app-1_bg.wasm"), b"\0asm\x01\0\0\0").unwrap();
    std::fs::write(dist.join("main-1.css"), "body {}").unwrap();
    std::fs::write(dist.join("icon.svg"), "<svg/>").unwrap();
    dist
}

/// A results folder: two run files, a hyperfine export, a criterion tree, a broken file, a
/// note that is not results, and a link to a file inside the folder.
fn results(root: &Path) -> PathBuf {
    let results = root.join("results");
    copy(&data("runs/v0.1.0.json"), &results.join("runs/v0.1.0.json"));
    copy(&data("runs/v0.2.0.json"), &results.join("runs/v0.2.0.json"));
    copy(
        &data("fixtures/hyperfine/two.json"),
        &results.join("hyperfine/two.json"),
    );
    for name in ["benchmark", "estimates", "sample", "tukey"] {
        copy(
            &data(&format!(
                "fixtures/criterion-old/Fibonacci/Iterative/new/{name}.json"
            )),
            &results.join(format!("criterion/Fibonacci/Iterative/new/{name}.json")),
        );
    }
    copy(&data("runs/broken.json"), &results.join("broken.json"));
    std::fs::write(results.join("notes.txt"), "not results").unwrap();
    std::os::unix::fs::symlink(
        results.join("runs/v0.1.0.json"),
        results.join("runs/linked.json"),
    )
    .unwrap();
    results
}

fn start(args: &[&Path]) -> Serving {
    let mut all: Vec<&std::ffi::OsStr> = vec!["--port".as_ref(), "0".as_ref()];
    all.extend(args.iter().map(|a| a.as_os_str()));
    Serving::start(&binary(), all)
}

fn manifest_of(server: &Serving) -> manifest::Manifest {
    let reply = server.get("/results/index.json");
    assert_eq!(reply.status, 200, "{}", reply.text());
    assert_eq!(reply.header("content-type"), Some("application/json"));
    manifest::parse("index.json", &reply.body).unwrap()
}

#[test]
fn serves_the_dashboard_and_the_results_with_a_manifest() {
    let dir = tempfile::tempdir().unwrap();
    let dist = dist(dir.path());
    let results = results(dir.path());
    let single = data("fixtures/hyperfine/two.json");
    let server = start(&[Path::new("--dist"), &dist, &results, &single]);

    // The printed address is the page with the manifest's link.
    let (base, query) = server.url.split_once('?').expect("a query");
    assert!(
        base.starts_with("http://127.0.0.1:") && base.ends_with('/'),
        "{}",
        server.url
    );
    assert_ne!(server.host, "127.0.0.1:0");
    assert_eq!(query, "load=results/index.json");

    // The root without a query goes to the page with the results loaded; with one, the page.
    let root = server.get("/");
    assert_eq!(root.status, 302);
    assert_eq!(root.header("location"), Some("/?load=results/index.json"));
    let page = server.get("/?load=results/index.json");
    assert_eq!(page.status, 200);
    assert!(page.text().contains("the dashboard"), "{}", page.text());
    assert_eq!(
        page.header("content-type"),
        Some("text/html; charset=utf-8")
    );

    // The manifest is core's, with paths below /results/: the folder under its name, the
    // file under its own; the broken file and the note are not listed, the link inside is.
    let listed = manifest_of(&server);
    let paths: Vec<&str> = listed.files.iter().map(|e| e.path.as_str()).collect();
    assert_eq!(
        paths,
        [
            "results/runs/linked.json",
            "results/runs/v0.1.0.json",
            "results/runs/v0.2.0.json",
            "results/criterion/Fibonacci/Iterative/new/benchmark.json",
            "results/criterion/Fibonacci/Iterative/new/estimates.json",
            "results/criterion/Fibonacci/Iterative/new/sample.json",
            "results/criterion/Fibonacci/Iterative/new/tukey.json",
            "results/hyperfine/two.json",
            "two.json",
        ]
    );
    // Every listed file is served as it is on disk, dated for the formats that record no time.
    for entry in &listed.files {
        let on_disk = match entry.path.strip_prefix("results/") {
            Some(inner) => results.join(inner),
            None => single.clone(),
        };
        let reply = server.get(&format!("/results/{}", entry.path));
        assert_eq!(reply.status, 200, "{}", entry.path);
        assert_eq!(
            reply.body,
            std::fs::read(&on_disk).unwrap(),
            "{}",
            entry.path
        );
        assert_eq!(reply.header("content-type"), Some("application/json"));
        assert!(reply.header("last-modified").is_some(), "{reply:?}");
    }
    // The same manifest `benchdash index` writes for the folder, below the folder's name.
    let index = Command::cargo_bin("benchdash")
        .unwrap()
        .args(["index", "-q", "-o", "-"])
        .arg(&results)
        .output()
        .unwrap();
    let written = manifest::parse("index.json", &index.stdout).unwrap();
    let from_index: Vec<String> = written
        .files
        .iter()
        .map(|e| format!("results/{}", e.path))
        .collect();
    let served: Vec<&str> = paths
        .iter()
        .copied()
        .filter(|p| p.starts_with("results/"))
        .collect();
    assert_eq!(from_index, served);

    // The manifest is made on each request: a file added since is listed.
    copy(
        &data("runs/candidate.json"),
        &results.join("new/today.json"),
    );
    let again = manifest_of(&server);
    assert!(
        again
            .files
            .iter()
            .any(|e| e.path == "results/new/today.json"),
        "{again:?}"
    );

    // The dashboard's files, each with the type a browser needs.
    for (path, kind) in [
        ("/benchdash-app-1_bg.wasm", "application/wasm"),
        ("/benchdash-app-1.js", "text/javascript; charset=utf-8"),
        ("/main-1.css", "text/css; charset=utf-8"),
        ("/icon.svg", "image/svg+xml"),
        ("/index.html", "text/html; charset=utf-8"),
    ] {
        let reply = server.get(path);
        assert_eq!(reply.status, 200, "{path}");
        assert_eq!(reply.header("content-type"), Some(kind), "{path}");
        let on_disk = std::fs::read(dist.join(&path[1..])).unwrap();
        assert_eq!(reply.body, on_disk, "{path}");
    }
    // HEAD: the same headers, no body.
    let head = request(&server.host, "HEAD", "/benchdash-app-1_bg.wasm");
    assert_eq!(head.status, 200);
    assert_eq!(head.header("content-type"), Some("application/wasm"));
    assert_eq!(head.header("content-length"), Some("8"));
    assert!(head.body.is_empty(), "{head:?}");
    // The files left out are named once, at startup.
    let messages = server.messages();
    assert!(
        messages.contains("broken.json") && messages.contains("line 6"),
        "{messages}"
    );
}

#[test]
fn refuses_everything_outside_the_dashboard_and_the_given_paths() {
    let dir = tempfile::tempdir().unwrap();
    let dist = dist(dir.path());
    let results = results(dir.path());
    // A secret beside the served folders, and links to it from inside both.
    let secret = dir.path().join("secret.json");
    std::fs::write(&secret, r#"{"secret": "do not serve"}"#).unwrap();
    std::os::unix::fs::symlink(&secret, results.join("runs/leak.json")).unwrap();
    std::os::unix::fs::symlink(&secret, dist.join("leak.json")).unwrap();
    std::os::unix::fs::symlink(dir.path(), results.join("up")).unwrap();
    let server = start(&[Path::new("--dist"), &dist, &results]);

    // Every spelling of a way out: 403 (or 400/404), never the file.
    for target in [
        "/../Cargo.toml",
        "/../secret.json",
        "/%2e%2e/secret.json",
        "/%2E%2E/secret.json",
        "/.%2e/secret.json",
        "/results/%2e%2e/%2e%2e/secret.json",
        "/results/results%2f..%2f..%2fsecret.json",
        "/results/results%5c..%5c..%5csecret.json",
        "/results/results/../../secret.json",
        "//etc/passwd",
        "/results/results/runs/leak.json",
        "/results/results/up/secret.json",
        "/leak.json",
    ] {
        let reply = server.get(target);
        assert_eq!(reply.status, 403, "{target}: {reply:?}");
        assert!(!reply.text().contains("do not serve"), "{target}");
    }
    for (target, status) in [
        // Absolute, not a path: refused before any file is looked for.
        ("http://127.0.0.1/etc/passwd", 400),
        ("/etc/passwd", 404),
        // Served folders give only result files.
        ("/results/results/notes.txt", 404),
        ("/results/missing.json", 404),
    ] {
        let reply = server.get(target);
        assert_eq!(reply.status, status, "{target}: {reply:?}");
    }
    // The link leading out is not in the manifest either; the one inside is.
    let listed = manifest_of(&server);
    let paths: Vec<&str> = listed.files.iter().map(|e| e.path.as_str()).collect();
    assert!(
        !paths
            .iter()
            .any(|p| p.contains("leak") || p.contains("up/")),
        "{paths:?}"
    );
    assert!(paths.contains(&"results/runs/linked.json"), "{paths:?}");
    assert_eq!(server.get("/results/results/runs/linked.json").status, 200);
    assert!(
        server.messages().contains("leak.json"),
        "{}",
        server.messages()
    );
    // Only GET and HEAD.
    for method in ["POST", "PUT", "DELETE"] {
        let reply = request(&server.host, method, "/index.html");
        assert_eq!(reply.status, 405, "{method}");
        assert_eq!(reply.header("allow"), Some("GET, HEAD"));
    }
}

#[test]
fn paths_with_one_name_are_served_apart_and_without_results_the_page_is_plain() {
    let dir = tempfile::tempdir().unwrap();
    let dist = dist(dir.path());
    copy(
        &data("runs/v0.1.0.json"),
        &dir.path().join("a/runs/one.json"),
    );
    copy(
        &data("runs/v0.2.0.json"),
        &dir.path().join("b/runs/one.json"),
    );
    let a = dir.path().join("a/runs");
    let b = dir.path().join("b/runs");
    let server = start(&[Path::new("--dist"), &dist, &a, &b, &a]);
    let listed = manifest_of(&server);
    let mut paths: Vec<&str> = listed.files.iter().map(|e| e.path.as_str()).collect();
    paths.sort_unstable();
    assert_eq!(paths, ["2/runs/one.json", "runs/one.json"]);
    assert_eq!(
        server.get("/results/2/runs/one.json").body,
        std::fs::read(b.join("one.json")).unwrap()
    );
    drop(server);

    let plain = start(&[Path::new("--dist"), &dist]);
    assert!(
        plain.url.ends_with('/') && !plain.url.contains('?'),
        "{}",
        plain.url
    );
    assert_eq!(plain.get("/").status, 200);
    // Without results, /results/ is only the dashboard's own (it has none).
    assert_eq!(plain.get("/results/index.json").status, 404);
}

#[test]
fn a_missing_path_a_missing_build_or_a_taken_port_is_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    let dist = dist(dir.path());
    let missing = dir.path().join("nowhere/results.json");
    Command::cargo_bin("benchdash")
        .unwrap()
        .args(["serve", "--port", "0", "--dist"])
        .arg(&dist)
        .arg(data("runs/v0.1.0.json"))
        .arg(&missing)
        .timeout(std::time::Duration::from_secs(120))
        .assert()
        .code(2)
        .stdout("")
        .stderr(predicate::str::contains(format!(
            "{}: no such file or folder",
            missing.display()
        )));

    let empty = dir.path().join("empty");
    std::fs::create_dir_all(&empty).unwrap();
    Command::cargo_bin("benchdash")
        .unwrap()
        .args(["serve", "--port", "0", "--dist"])
        .arg(&empty)
        .timeout(std::time::Duration::from_secs(120))
        .assert()
        .code(2)
        .stderr(
            predicate::str::contains(empty.display().to_string())
                .and(predicate::str::contains("no index.html"))
                .and(predicate::str::contains("make dist")),
        );

    // A port that is taken.
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port().to_string();
    Command::cargo_bin("benchdash")
        .unwrap()
        .args(["serve", "--port", &port, "--dist"])
        .arg(&dist)
        .timeout(std::time::Duration::from_secs(120))
        .assert()
        .code(2)
        .stderr(predicate::str::contains(format!(
            "cannot listen on 127.0.0.1:{port}"
        )));
}
