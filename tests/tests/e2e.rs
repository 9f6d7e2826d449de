//! End-to-end: the trunk-built dashboard in a real headless Chromium, driven through
//! ChromeDriver (WebDriver) by fantoccini.
//!
//! Needs `dist/` from `trunk build --release` (run `make test`, which builds it first), the
//! Chromium and ChromeDriver that `scripts/setup` installs, and nothing else: the test serves
//! `dist/` itself on 127.0.0.1 and starts its own ChromeDriver. A missing piece is a failure
//! with instructions, never a skip. The harness (server, driver, session, and the helpers that
//! wait for what they click and read) is `benchdash_tests::e2e`; this file holds the tests.

use std::time::{Duration, Instant};

use benchdash_tests::e2e::*;
use benchdash_tests::workspace_root;
use fantoccini::Locator;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn loads_runs_other_tools_results_a_folder_and_a_broken_file() {
    let dashboard = open_dashboard().await;
    let client = &dashboard.client;

    // The first visit simulates the story in the page (the bundled example stands in until it
    // is done), so the page is never empty: a month of nightly runs, the newest selected.
    let runs = wait_for_count(client, ".run-item", 1).await;
    assert!(runs[0].contains("example"), "{runs:?}");
    let runs = wait_for_count(client, ".run-item", 30).await;
    assert!(runs[29].contains("nightly 30 (simulated)"), "{runs:?}");
    assert!(
        runs[29].contains("benchdash-sim") && runs[29].contains("12 benchmarks"),
        "{runs:?}"
    );
    let rows = texts_of(client, ".benchmark-row").await;
    assert!(
        rows.iter()
            .any(|r| r.contains("parallel-5") && r.contains("speedup")),
        "{rows:?}"
    );
    save_screenshot(client, "foundation-example").await;

    // Upload a valid run file, a hyperfine export and a broken file together.
    let data = workspace_root().join("tests").join("data");
    let files = [
        data.join("runs/candidate.json"),
        data.join("fixtures/hyperfine/two.json"),
        data.join("runs/broken.json"),
    ];
    upload(client, "file-input", &files).await;

    let cards = wait_for_count(client, ".error-card", 1).await;
    assert!(cards[0].contains("broken.json"), "{cards:?}");
    assert!(
        cards[0].contains("line 6"),
        "the card gives the position: {cards:?}"
    );

    // The valid runs replaced the example; the broken one cost nothing else.
    let runs = wait_for_count(client, ".run-item", 2).await;
    assert!(runs[0].contains("candidate v0.2.0"), "{runs:?}");
    assert!(runs[0].contains("pytest-benchmark"), "{runs:?}");
    assert!(runs[0].contains("3 benchmarks"), "{runs:?}");
    assert!(runs[0].contains("2026-11-22T21:59:13Z"), "{runs:?}");
    assert!(
        runs[1].contains("hyperfine") && runs[1].contains("2 benchmarks"),
        "{runs:?}"
    );

    // Select the candidate and read its table.
    click_css(client, ".run-item .run-select").await;
    let rows = wait_for_count(client, ".benchmark-row", 4).await;
    assert!(
        rows.iter()
            .any(|r| r.contains("memory/idle") && r.contains("45.2") && r.contains("MiB")),
        "{rows:?}"
    );

    // A criterion tree, chosen as a folder, becomes one run.
    upload(
        client,
        "folder-input",
        &[data.join("fixtures/criterion-old")],
    )
    .await;
    let runs = wait_for_count(client, ".run-item", 3).await;
    assert!(
        runs[2].contains("criterion (new)") && runs[2].contains("2 benchmarks"),
        "{runs:?}"
    );
    let rows = wait_for_count(client, ".benchmark-row", 2).await;
    assert!(
        rows.iter()
            .any(|r| r.contains("Fibonacci/Iterative") && r.contains("ns")),
        "{rows:?}"
    );

    // A second broken upload adds a second card and still loses nothing.
    upload(client, "file-input", &[data.join("runs/broken.json")]).await;
    wait_for_count(client, ".error-card", 2).await;
    wait_for_count(client, ".run-item", 3).await;

    // A drop anywhere on the window (a DataTransfer built in the page, as a browser builds one
    // for a dropped file; here on the page's body, far from the load bar) goes through the
    // same import.
    let hyperfine = std::fs::read_to_string(data.join("fixtures/hyperfine/one.json")).unwrap();
    client
        .execute(
            r#"const dt = new DataTransfer();
               dt.items.add(new File([arguments[0]], "dropped-hyperfine.json", { type: "application/json" }));
               document.body.dispatchEvent(new DragEvent("drop", { dataTransfer: dt, bubbles: true, cancelable: true }));"#,
            vec![serde_json::Value::from(hyperfine)],
        )
        .await
        .expect("drop a file");
    let runs = wait_for_count(client, ".run-item", 4).await;
    assert!(
        runs[3].contains("dropped-hyperfine") && runs[3].contains("hyperfine"),
        "{runs:?}"
    );

    save_screenshot(client, "foundation-loaded").await;

    // The runs are saved in IndexedDB, and the page says how much it stores.
    click(client, "tab-runs").await;
    let usage = wait_for_text(client, "#storage-usage", "Stored in this browser").await;
    assert!(usage.contains(" of "), "{usage}");
    dashboard.client.close().await.expect("end the session");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn compares_two_runs_edits_thresholds_and_keeps_everything_across_a_reload() {
    let dashboard = open_dashboard().await;
    let client = &dashboard.client;
    wait_for_count(client, ".run-item", 1).await;
    // The tab's icon is the build's own file, so no visit asks the host for a missing one.
    let icon = client
        .execute_async(
            "const done = arguments[arguments.length - 1]; \
             const link = document.querySelector('link[rel=icon]'); \
             if (!link) { done('no icon link'); return; } \
             fetch(link.href).then(r => done(r.status + ' ' + r.headers.get('content-type')), e => done(String(e)));",
            vec![],
        )
        .await
        .expect("fetch the icon");
    assert!(
        icon.as_str()
            .is_some_and(|s| s.starts_with("200 image/svg")),
        "{icon:?}"
    );

    let data = workspace_root().join("tests/data/runs");
    upload(
        client,
        "file-input",
        &[data.join("v0.1.0.json"), data.join("v0.2.0.json")],
    )
    .await;
    wait_for_count(client, ".run-item", 2).await;

    // Trends: the metric across both runs, drawn by plotters as SVG, with its values beneath.
    click(client, "tab-trends").await;
    wait_for_count(client, "#trend-chart svg", 1).await;
    let points = wait_for_count(client, ".trend-row", 4).await;
    assert!(
        points
            .iter()
            .any(|p| p.contains("single-tool") && p.contains("v0.2.0")),
        "{points:?}"
    );
    // Hovering a point shows its run and value; limit lines and bands are drawn by plotters
    // (checked in the component tests).
    let hits = texts_of(client, "#trend-chart .hit").await.len();
    assert_eq!(hits, 4, "a tooltip target per point");
    client
        .execute(
            "document.querySelector('#trend-chart .hit').dispatchEvent(new MouseEvent('mouseover', {bubbles: true, clientX: 200, clientY: 200}))",
            vec![],
        )
        .await
        .expect("hover a point");
    let tip = wait_for_text(client, ".chart-tip", "single-tool").await;
    assert!(tip.contains("v0.1.0") && tip.contains(" ms"), "{tip}");
    save_screenshot(client, "trends").await;

    // Compare: the newest run is the candidate and the one before it the baseline, by default.
    click(client, "tab-compare").await;
    let rows = wait_for_count(client, ".compare-row", 4).await;
    let single = rows
        .iter()
        .find(|r| r.contains("single-tool"))
        .expect("a single-tool row");
    assert!(
        single.contains("regressed") && single.contains("fail"),
        "{rows:?}"
    );
    let throughput = rows
        .iter()
        .find(|r| r.contains("throughput"))
        .expect("a throughput row");
    assert!(throughput.contains("improved"), "{rows:?}");
    wait_for_text(client, "#compare-status", "status: fail").await;
    // Two runs: no history beyond the baseline, and the page says so.
    wait_for_text(client, "#compare-history", "No history").await;
    save_screenshot(client, "compare").await;

    // A row opens its detail: both distributions, the interval of the change, the tests.
    click_by(
        client,
        Locator::XPath("//button[contains(@class, 'row-open') and text()='single-tool']"),
    )
    .await;
    wait_for_count(client, "#detail-distribution svg", 1).await;
    wait_for_count(client, "#detail-change svg", 1).await;
    let facts = wait_for_text(client, ".row-test", "Welch").await;
    assert!(facts.contains("p = "), "{facts}");
    let ci = text_of(client, ".row-ci").await;
    assert!(ci.starts_with('[') && ci.contains('%'), "{ci}");
    client
        .execute(
            "document.getElementById('detail-distribution').scrollIntoView()",
            vec![],
        )
        .await
        .unwrap();
    save_screenshot(client, "row-detail").await;
    click_css(client, ".row-close").await;
    wait_for_count(client, "#row-detail", 0).await;

    // Filter to the regressions; the URL now holds the view.
    select_value(client, "#verdict-filter", "regressed").await;
    let rows = wait_for_count(client, ".compare-row", 1).await;
    assert!(rows[0].contains("single-tool"), "{rows:?}");
    let shared = client.current_url().await.unwrap().to_string();
    assert!(
        shared.contains("tab=compare") && shared.contains("verdict=regressed"),
        "{shared}"
    );

    // Thresholds: a limit the candidate breaks, then one it meets, evaluated as typed.
    click(client, "tab-thresholds").await;
    type_thresholds(
        client,
        "[[limit]]\nbenchmark = \"single-tool\"\nmetric = \"latency\"\nfail = \"> 500ms\"\n",
    )
    .await;
    wait_for_text(client, "#limits-status", "fail").await;
    type_thresholds(
        client,
        "[[limit]]\nbenchmark = \"single-tool\"\nmetric = \"latency\"\nfail = \"> 0.6s\"\n",
    )
    .await;
    wait_for_text(client, "#limits-status", "pass").await;
    let limits = wait_for_count(client, ".limit-row", 1).await;
    assert!(
        limits[0].contains("single-tool") && limits[0].contains("pass"),
        "{limits:?}"
    );
    save_screenshot(client, "thresholds").await;
    // A broken file shows its error at its line.
    type_thresholds(client, "[regression]\nwarn = \"5%\"\nfail = \"ten\"\n").await;
    let error = wait_for_text(client, "#thresholds-parse", ":3").await;
    assert!(error.contains("fail"), "{error}");
    type_thresholds(
        client,
        "[[limit]]\nbenchmark = \"single-tool\"\nmetric = \"latency\"\nfail = \"> 0.6s\"\n",
    )
    .await;
    wait_for_text(client, "#thresholds-parse", "Parsed").await;

    // Reload: the view (from the URL), the runs and the thresholds are still there.
    client.refresh().await.expect("reload");
    wait_for_text(client, "#thresholds-parse", "Parsed").await;
    click(client, "tab-runs").await;
    let runs = wait_for_count(client, ".run-item", 2).await;
    assert!(runs.iter().all(|r| !r.contains("example")), "{runs:?}");
    click(client, "tab-thresholds").await;
    let kept = value_of(client, "#thresholds-editor").await;
    assert!(kept.contains("> 0.6s"), "{kept}");

    // The shared link reproduces the view: the Compare tab, filtered to regressions.
    client.goto(&shared).await.expect("open the shared link");
    let rows = wait_for_count(client, ".compare-row", 1).await;
    assert!(
        rows[0].contains("single-tool") && rows[0].contains("regressed"),
        "{rows:?}"
    );
    save_screenshot(client, "shared-link").await;

    // Simulate a preset in the page: it joins the runs, and is kept across a reload too.
    click(client, "tab-simulate").await;
    select_value(client, "#preset-select", "parallel-5").await;
    click(client, "simulate-run").await;
    click(client, "tab-runs").await;
    let runs = wait_for_count(client, ".run-item", 3).await;
    assert!(
        runs[2].contains("simulation: parallel-5") && runs[2].contains("benchdash-sim"),
        "{runs:?}"
    );
    let rows = wait_for_count(
        client,
        ".benchmark-row",
        texts_of(client, ".benchmark-row").await.len().max(1),
    )
    .await;
    assert!(
        rows.iter()
            .any(|r| r.contains("parallel-5") && r.contains("latency")),
        "{rows:?}"
    );
    save_screenshot(client, "simulated").await;

    // The simulation runs in its worker: a scenario it cannot read comes back as the reason,
    // naming the key, and a long one can be cancelled; neither adds a run.
    click(client, "tab-simulate").await;
    let edit_requests = |requests: &str| {
        format!(
            "const e = document.getElementById('scenario-editor');
             e.value = e.value.replace(/requests = .*/, 'requests = {requests}');
             e.dispatchEvent(new Event('input'));"
        )
    };
    client
        .execute(&edit_requests("\"many\""), vec![])
        .await
        .expect("break the scenario");
    click(client, "simulate-run").await;
    let reason = wait_for_text(client, "#simulate-error", "workload.requests").await;
    assert!(reason.contains("scenario.toml"), "{reason}");
    // 10^8 requests: minutes of simulating, were it not cancelled.
    client
        .execute(&edit_requests("100000000"), vec![])
        .await
        .expect("lengthen the scenario");
    click(client, "simulate-run").await;
    // Cancelled while the worker reports progress, so it was running, not failing.
    let deadline = Instant::now() + Duration::from_secs(60);
    while client
        .execute(
            "const p = document.getElementById('simulate-progress'); return p ? p.value : 0;",
            vec![],
        )
        .await
        .unwrap()
        .as_f64()
        .unwrap_or(0.0)
        <= 0.0
    {
        assert!(
            Instant::now() < deadline,
            "no progress from the worker after 60 s"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert!(texts_of(client, "#simulate-error").await.is_empty());
    click(client, "simulate-cancel").await;
    wait_for_count(client, "#simulate-progress", 0).await;
    click(client, "tab-runs").await;
    wait_for_count(client, ".run-item", 3).await;

    // Rename and tag a run in place; a dark theme by choice.
    click_css(client, ".run-item .run-edit").await;
    clear_and_type(client, ".run-name-input", "first release").await;
    type_into(client, ".run-tags-input", "pr=42, nightly").await;
    click_css(client, ".run-save").await;
    let runs = wait_for_text(client, ".run-item", "first release").await;
    assert!(
        runs.contains("pr: 42") && runs.contains("nightly"),
        "{runs}"
    );
    select_value(client, "#theme-select", "dark").await;
    let renamed_at = |runs: &[String]| runs.iter().position(|r| r.contains("first release"));
    let shown = renamed_at(&texts_of(client, ".run-item").await);

    // All of it survives a reload, in the order it was shown (the browser's database lists
    // its records by id, and the simulated run's id changes with its time).
    client.refresh().await.expect("reload");
    let runs = wait_for_count(client, ".run-item", 3).await;
    assert!(
        runs.iter()
            .any(|r| r.contains("first release") && r.contains("pr: 42")),
        "{runs:?}"
    );
    assert_eq!(renamed_at(&runs), shown, "{runs:?}");
    let chosen = client
        .execute(
            "return document.documentElement.dataset.theme || ''",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(chosen, serde_json::json!("dark"));
    // The page is drawn dark, not just marked so: the body's background is the dark panel
    // colour (#14171c) although headless Chromium's system scheme is light.
    let background = client
        .execute(
            "return getComputedStyle(document.body).backgroundColor",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(background, serde_json::json!("rgb(20, 23, 28)"));
    save_screenshot(client, "dark").await;
    dashboard.client.close().await.expect("end the session");
}

/// What a visitor waits on a cold first visit of the release build under network throttling
/// (Lighthouse's desktop profile and Slow 4G; `e2e::throttle`). A measurement, not a test:
/// `scripts/load-times` builds the dashboard, runs this and prints its `LOADTIME` lines;
/// figures go to docs/performance.md.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "a measurement: run by scripts/load-times"]
async fn load_times() {
    use benchdash_tests::e2e::throttle::{cold_visit, DESKTOP, SLOW_4G};
    let visits: usize = std::env::var("VISITS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(3);
    for network in [DESKTOP, SLOW_4G] {
        let mut seen = Vec::new();
        for _ in 0..visits {
            seen.push(cold_visit(network).await);
        }
        let median = |f: &dyn Fn(&benchdash_tests::e2e::throttle::ColdVisit) -> f64| {
            let mut v: Vec<f64> = seen.iter().map(f).collect();
            v.sort_by(f64::total_cmp);
            (v[v.len() / 2], v)
        };
        let (content, all) = median(&|v| v.first_content_ms);
        let (paint, _) = median(&|v| v.first_paint_ms);
        let (app, apps) = median(&|v| v.app_ms);
        let (bytes, _) = median(&|v| v.bytes);
        let round = |v: &[f64]| {
            v.iter()
                .map(|x| format!("{x:.0}"))
                .collect::<Vec<_>>()
                .join(", ")
        };
        println!(
            "LOADTIME {} first content {content:.0} ms (visits: {}), first paint {paint:.0} ms, the app's own list {app:.0} ms (visits: {}), {:.0} KB over the network",
            network.name,
            round(&all),
            round(&apps),
            bytes / 1000.0
        );
    }
}

/// The dashboard's speed budgets (issue: dashboard), measured in headless Chromium against the
/// release build. A measurement, not a test: it prints `BUDGET` lines and asserts only that
/// each step finished. `scripts/budgets` builds the dashboard, runs this and prints a table;
/// figures go to docs/performance.md.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "a measurement: run by scripts/budgets"]
async fn speed_budgets() {
    use benchdash_core::read::read_run;
    use benchdash_core::testing::synthetic;
    let dir = workspace_root().join("target").join("budgets");
    std::fs::create_dir_all(&dir).unwrap();

    // Two runs of 1,000 benchmarks × 100 samples (pytest-benchmark's timings, as core imports
    // them); every third benchmark 5 % slower in the candidate.
    let base_text = synthetic::run_file_of(&synthetic::pytest_export(1000, 100));
    let mut base = read_run("base", base_text.as_bytes()).unwrap().run;
    base.run.id = Some("budget-base".into());
    base.run.name = "budget baseline".into();
    base.run.timestamp = "2026-01-01T00:00:00Z".into();
    let mut cand = base.clone();
    cand.run.id = Some("budget-candidate".into());
    cand.run.name = "budget candidate".into();
    cand.run.timestamp = "2026-01-02T00:00:00Z".into();
    for (i, b) in cand.benchmarks.iter_mut().enumerate() {
        for m in b.metrics.values_mut() {
            if i % 3 == 0 {
                m.samples.iter_mut().for_each(|x| *x *= 1.05);
            }
            m.summary = None;
        }
    }
    let metrics_per_run: usize = base.benchmarks.iter().map(|b| b.metrics.len()).sum();
    let base_path = dir.join("base.json");
    let cand_path = dir.join("candidate.json");
    std::fs::write(&base_path, benchdash_core::write::to_json(&base)).unwrap();
    std::fs::write(&cand_path, benchdash_core::write::to_json(&cand)).unwrap();

    // A history of 200 runs of 20 benchmarks each, as one .jsonl file.
    let mut history = String::new();
    for r in 0..200 {
        let mut run = benchdash_core::run::RunFile::new(
            format!("nightly {r}"),
            format!("2026-01-01T{:02}:{:02}:00Z", r / 60, r % 60),
        );
        run.run.id = Some(format!("nightly-{r}"));
        for b in 0..20 {
            let level = if r >= 100 && b % 4 == 0 { 110.0 } else { 100.0 };
            let text = format!(
                r#"{{"unit": "ms", "better": "lower", "summary": {{"mean": {}, "stddev": 2.0, "n": 30}}}}"#,
                level + ((r * 7 + b * 13) % 10) as f64 * 0.2
            );
            let mut metrics = std::collections::BTreeMap::new();
            metrics.insert("latency".to_string(), serde_json::from_str(&text).unwrap());
            run.benchmarks.push(benchdash_core::run::Benchmark {
                timeline: None,
                name: format!("group{}/bench{b}", b / 5),
                params: Default::default(),
                metrics,
                extra: None,
            });
        }
        history.push_str(&benchdash_core::write::to_jsonl_line(&run));
    }
    let history_path = dir.join("history.jsonl");
    std::fs::write(&history_path, history).unwrap();

    // A 10 MB pytest-benchmark export (1,000 benchmarks × 400 samples).
    let big = synthetic::pytest_export(1000, 400);
    let big_path = dir.join("big-pytest.json");
    std::fs::write(&big_path, &big).unwrap();

    let dashboard = open_dashboard().await;
    let client = &dashboard.client;
    // Let the first visit's story finish, so it does not share the measurements' main thread.
    wait_for_count(client, ".run-item", 30).await;
    wait_for_count(client, "#global-progress", 0).await;
    // Not a budget: how long a first visit takes to show the simulated story (from the start
    // of navigation, so it includes loading the page; polled every 100 ms).
    let suite_ms = client
        .execute("return performance.now()", vec![])
        .await
        .unwrap()
        .as_f64()
        .unwrap_or(f64::NAN);
    println!(
        "BUDGET first_visit_story {suite_ms:.0} ms from navigation to the simulated story shown"
    );

    // 1. From giving two runs to an interactive compare view (every row in the DOM).
    click(client, "tab-compare").await;
    // The view shows the worst 200 rows at once (more on request), with every verdict; the
    // intervals that decide no verdict fill in afterwards.
    install_probes(client, "file-input", ".compare-row", 200).await;
    upload(
        client,
        "file-input",
        &[base_path.clone(), cand_path.clone()],
    )
    .await;
    let (compare_ms, long) = read_probes(client).await;
    let worst = long.iter().copied().fold(0.0, f64::max);
    println!(
        "BUDGET compare_2x1000 {compare_ms:.0} ms to the first 200 of {metrics_per_run} rows (longest task {worst:.0} ms)"
    );
    let deadline = Instant::now() + Duration::from_secs(120);
    let filled_ms = loop {
        let v = client
            .execute(
                "return [...document.querySelectorAll('td.ci')].some(td => td.textContent === '…') ? null : performance.now() - window.__t0",
                vec![],
            )
            .await
            .unwrap();
        if let Some(ms) = v.as_f64() {
            break ms;
        }
        assert!(Instant::now() < deadline, "intervals never filled");
        tokio::time::sleep(Duration::from_millis(20)).await;
    };
    let long = client
        .execute("return window.__long", vec![])
        .await
        .unwrap();
    let worst = long
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|x| x.as_f64())
        .fold(0.0, f64::max);
    println!(
        "BUDGET compare_intervals {filled_ms:.0} ms until every shown interval is in (longest task {worst:.0} ms)"
    );

    // 2. A trend chart of 200 runs: from the click on the tab to the chart drawn.
    click(client, "tab-runs").await;
    click_css(client, ".clear-all").await;
    upload(client, "file-input", std::slice::from_ref(&history_path)).await;
    wait_for_count(client, ".run-item", 200).await;
    install_probes(client, "tab-trends", "#trend-chart svg", 1).await;
    click(client, "tab-trends").await;
    let (trend_ms, _) = read_probes(client).await;
    println!("BUDGET trend_200_runs {trend_ms:.0} ms");
    save_screenshot(client, "budget-trend").await;

    // 3. A 10 MB file: the longest the main thread is busy at a time while it loads.
    click(client, "tab-runs").await;
    click_css(client, ".clear-all").await;
    install_probes(client, "file-input", ".run-item", 1).await;
    upload(client, "file-input", std::slice::from_ref(&big_path)).await;
    let (load_ms, _) = read_probes(client).await;
    // The work after the run is shown (saving it) counts too: let it finish, then read every
    // long task since the drop, and the page's own spans of the load (browser::timing).
    tokio::time::sleep(Duration::from_millis(2000)).await;
    let seen = client
        .execute(
            "return [window.__long, performance.getEntriesByType('measure')\
               .filter(m => m.name.startsWith('benchdash:') && m.startTime >= window.__t0)\
               .map(m => m.name + ' ' + Math.round(m.duration) + ' ms').join(', ')]",
            vec![],
        )
        .await
        .unwrap();
    let long: Vec<f64> = seen[0]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|x| x.as_f64())
        .collect();
    let worst = long.iter().copied().fold(0.0, f64::max);
    let over = long.iter().filter(|&&d| d > 100.0).count();
    println!(
        "BUDGET load_10mb {load_ms:.0} ms to the run shown, longest task {worst:.0} ms, {over} tasks over 100 ms ({:.1} MB); long tasks {long:.0?}; spans: {}",
        big.len() as f64 / 1e6,
        seen[1].as_str().unwrap_or("")
    );
    dashboard.client.close().await.expect("end the session");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn loads_a_results_folder_from_a_link_and_pasted_text() {
    // The dashboard in a subfolder of its host (as on a GitHub Pages project site), with
    // nothing at the host's root, its results folder beside it: the page's own files are
    // addressed relative to the page, like the link's.
    let results = results_folder();
    let empty = workspace_root().join("target/e2e/empty-root");
    std::fs::create_dir_all(&empty).unwrap();
    let dashboard = open_host(
        empty,
        vec![("site/results", results), ("site", dist())],
        "site/?load=results/index.json",
    )
    .await;
    let client = &dashboard.client;

    // The manifest's files are fetched and imported as one batch: two run files, a hyperfine
    // export, a criterion tree (one run); the missing file gets a card naming its URL.
    let runs = wait_for_count(client, ".run-item", 4).await;
    let all = runs.join("\n");
    for want in ["v0.1.0", "v0.2.0", "hyperfine", "criterion (new)"] {
        assert!(all.contains(want), "{want} in {runs:#?}");
    }
    let cards = wait_for_count(client, ".error-card", 1).await;
    assert!(
        cards[0].contains("/results/runs/missing.json") && cards[0].contains("HTTP 404"),
        "{cards:?}"
    );
    // A link asks for its runs: no simulated suite, no example.
    assert!(
        !all.contains("example") && !all.contains("simulation"),
        "{runs:#?}"
    );
    wait_for_count(client, "#load-progress", 0).await;
    wait_for_count(client, "#global-progress", 0).await;
    // The address keeps the link.
    let address = client.current_url().await.unwrap().to_string();
    assert!(address.contains("load=results%2Findex.json"), "{address}");
    save_screenshot(client, "load-link").await;

    // Runs from a link are not saved: a reload fetches them again, without doubles.
    let saved = client
        .execute("return localStorage.getItem('benchdash.runs');", vec![])
        .await
        .unwrap();
    assert!(saved.is_null(), "{saved}");
    client.refresh().await.expect("reload");
    wait_for_count(client, ".run-item", 4).await;

    // A shared comparison: the link's baseline and candidate apply once their runs are there
    // (here reversed, so the newer run is the baseline and its regression an improvement).
    let query = format!(
        "?load=results/index.json&tab=compare&baseline={}&candidate={}",
        run_id("runs/v0.2.0.json"),
        run_id("runs/v0.1.0.json")
    );
    let base = address.split('?').next().unwrap().to_string();
    client.goto(&format!("{base}{query}")).await.unwrap();
    let rows = wait_for_count(client, ".compare-row", 4).await;
    let single = rows
        .iter()
        .find(|r| r.contains("single-tool"))
        .expect("a single-tool row");
    assert!(single.contains("improved"), "{rows:?}");

    // Another origin (localhost is not 127.0.0.1) is refused, and says why.
    let port = base.split(':').nth(2).unwrap().split('/').next().unwrap();
    client
        .goto(&format!(
            "{base}?load=http://localhost:{port}/results/index.json"
        ))
        .await
        .unwrap();
    let cards = wait_for_count(client, ".error-card", 1).await;
    assert!(
        cards[0].contains("localhost") && cards[0].contains("another origin"),
        "{cards:?}"
    );
    let runs = wait_for_count(client, ".run-item", 1).await;
    assert!(runs[0].contains("example"), "{runs:?}");

    // Paste: typed into the box and loaded with the button.
    client.goto(&base).await.unwrap();
    click(client, "tab-runs").await;
    let hyperfine =
        std::fs::read_to_string(workspace_root().join("tests/data/fixtures/hyperfine/two.json"))
            .unwrap();
    type_into(client, "#paste-input", &hyperfine).await;
    click(client, "paste-load").await;
    wait_for_text(client, ".run-item", "pasted text").await;
    let runs = wait_for_count(client, ".run-item", 1).await;
    assert!(runs[0].contains("hyperfine"), "{runs:?}");
    let left = value_of(client, "#paste-input").await;
    assert!(left.is_empty(), "the box is cleared: {left:?}");

    // A paste on the page (not in a field) goes through the same import; bad text gets a card.
    let run =
        std::fs::read_to_string(workspace_root().join("tests/data/runs/v0.1.0.json")).unwrap();
    for text in [run.as_str(), "this is not a benchmark result"] {
        client
            .execute(
                r#"const dt = new DataTransfer();
                   dt.setData("text/plain", arguments[0]);
                   document.body.dispatchEvent(new ClipboardEvent("paste", { clipboardData: dt, bubbles: true, cancelable: true }));"#,
                vec![serde_json::Value::from(text)],
            )
            .await
            .expect("paste on the page");
    }
    let runs = wait_for_count(client, ".run-item", 2).await;
    assert!(runs[1].contains("v0.1.0"), "{runs:?}");
    let cards = wait_for_count(client, ".error-card", 1).await;
    assert!(cards[0].contains("pasted text"), "{cards:?}");
    save_screenshot(client, "pasted").await;
    dashboard.client.close().await.expect("end the session");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn benchdash_serve_opens_the_dashboard_with_the_given_results() {
    // A folder of run files (one of them broken) and a criterion tree, as `benchdash serve`
    // serves them beside the built dashboard; the page is opened at the server's root.
    let data = workspace_root().join("tests").join("data");
    let (dashboard, printed) = open_served(&[
        data.join("runs"),
        data.join("fixtures/criterion-old"),
        data.join("fixtures/hyperfine/two.json"),
    ])
    .await;
    let client = &dashboard.client;
    assert!(
        printed.starts_with("http://127.0.0.1:") && printed.ends_with("/?load=results/index.json"),
        "{printed}"
    );

    // The root redirected to the link, and every result is loaded from it: three run files,
    // the criterion tree as one run, the hyperfine export; no simulation, no example.
    let runs = wait_for_count(client, ".run-item", 5).await;
    let all = runs.join("\n");
    for want in [
        "candidate v0.2.0",
        "v0.1.0",
        "v0.2.0",
        "criterion (new)",
        "hyperfine",
    ] {
        assert!(all.contains(want), "{want} in {runs:#?}");
    }
    assert!(
        !all.contains("example") && !all.contains("simulation"),
        "{runs:#?}"
    );
    let address = client.current_url().await.unwrap().to_string();
    assert!(
        address.contains("load=results") && address.contains("index.json"),
        "{address}"
    );
    wait_for_count(client, "#load-progress", 0).await;
    // The broken file is left out of the manifest (the server warned about it): no card.
    wait_for_count(client, ".error-card", 0).await;

    // The criterion run's table has its benchmarks, read from the served files.
    click_by(
        client,
        Locator::XPath(
            "//*[contains(@class,'run-item')][contains(., 'criterion (new)')]\
             //*[contains(@class,'run-select')]",
        ),
    )
    .await;
    let rows = wait_for_count(client, ".benchmark-row", 2).await;
    assert!(
        rows.iter()
            .any(|r| r.contains("Fibonacci/Iterative") && r.contains("ns")),
        "{rows:?}"
    );
    save_screenshot(client, "benchdash-serve").await;
    dashboard.client.close().await.expect("end the session");
}

/// The harness's guard: a test that panics with its browser open (here inside an async body run
/// by a multi-threaded runtime, as `#[tokio::test]` runs one) leaves neither ChromeDriver nor
/// any Chromium process running.
#[test]
fn a_test_that_panics_leaves_no_browser_running() {
    let (sender, seen) = std::sync::mpsc::channel();
    let outcome = std::thread::spawn(move || {
        tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .expect("a runtime")
            .block_on(async move {
                let dashboard = open_dashboard().await;
                find(&dashboard.client, "#tab-runs").await;
                sender
                    .send(dashboard.processes())
                    .expect("send the processes");
                panic!("a test failing with its browser open (expected by this test)");
            })
    })
    .join();
    assert!(outcome.is_err(), "the test body panicked");
    let processes = seen.recv().expect("the processes of the session");
    let names: Vec<String> = processes
        .iter()
        .map(|pid| std::fs::read_to_string(format!("/proc/{pid}/comm")).unwrap_or_default())
        .collect();
    assert!(
        processes.len() > 2,
        "ChromeDriver, Chromium and its helpers: {processes:?} {names:?}"
    );
    let left: Vec<_> = processes.iter().filter(|&&pid| is_running(pid)).collect();
    assert!(
        left.is_empty(),
        "still running after the panic: {left:?} of {processes:?}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_first_visit_tells_a_story_in_compare_trends_changes_and_thresholds() {
    let dashboard = open_dashboard().await;
    let client = &dashboard.client;
    wait_for_count(client, ".run-item", 30).await;
    wait_for_count(client, "#global-progress", 0).await;

    // Compare: last night against the night before, judged with the 29 nights before it.
    click(client, "tab-compare").await;
    wait_for_text(client, "#compare-history", "29 earlier runs").await;
    let rows = wait_for_text(client, ".compare-row", "speculation").await;
    assert!(!rows.is_empty());
    let rows = texts_of(client, ".compare-row").await;
    assert!(
        rows.iter().any(|r| r.contains("speculation")
            && r.contains("latency")
            && r.contains("regressed")
            && r.contains("history")),
        "{rows:?}"
    );
    let regressed: Vec<&String> = rows.iter().filter(|r| r.contains("regressed")).collect();
    assert!(
        regressed.iter().all(|r| r.contains("speculation")),
        "only speculation regressed last night: {regressed:?}"
    );
    save_screenshot(client, "story-compare").await;

    // Trends: the slower web_search's change point, at night 20.
    click(client, "tab-trends").await;
    let marks = wait_for_text(client, "#change-points", "single-tool changed at").await;
    assert!(marks.contains("regressed"), "{marks:?}");
    save_screenshot(client, "story-trends").await;

    // Changes: every change point, newest first, each linking to its trend.
    click(client, "tab-changes").await;
    let summary = wait_for_text(client, "#changes-summary", "change points").await;
    assert!(summary.contains("30 runs"), "{summary}");
    let changes = texts_of(client, ".change-row").await;
    assert!(
        changes.iter().all(|c| c.contains("nightly 20 (simulated)")),
        "{changes:?}"
    );
    assert!(
        changes.iter().any(|c| c.contains("sequential-5")
            && c.contains("latency")
            && c.contains("regressed")),
        "{changes:?}"
    );
    save_screenshot(client, "story-changes").await;
    let link = client
        .find(Locator::XPath(
            "//tr[contains(@class,'change-row')][td[contains(@class,'bench-name')][.='sequential-5'] and td[.='latency']]//a[contains(@class,'trend-link')]",
        ))
        .await
        .expect("a link to sequential-5's latency trend");
    let href = link.attr("href").await.unwrap().unwrap_or_default();
    assert!(
        href.contains("tab=trends")
            && href.contains("bench=sequential-5")
            && href.contains("metric=latency"),
        "{href}"
    );
    link.click().await.unwrap();
    let marks = wait_for_text(client, "#change-points", "sequential-5 changed at").await;
    assert!(
        !marks.contains("single-tool"),
        "only the linked benchmark: {marks}"
    );
    let url = client.current_url().await.unwrap();
    assert!(url.as_str().contains("bench=sequential-5"), "{url}");

    // Thresholds: the single-tool latency crossed its warning limit.
    click(client, "tab-thresholds").await;
    let status = wait_for_text(client, "#limits-status", "warn").await;
    assert_eq!(status, "warn");
    let limits = texts_of(client, ".limit-row").await;
    assert!(
        limits
            .iter()
            .any(|l| l.contains("single-tool") && l.contains("warn")),
        "{limits:?}"
    );
    assert!(
        limits.iter().all(|l| !l.contains("no data")),
        "every limit finds its metric: {limits:?}"
    );

    // Timeline: last night's circuit-breaker, the database outage, the breaker's open band
    // and the recovery after it; the pointer over a window in the outage names its state.
    click(client, "tab-timeline").await;
    let recovery = wait_for_text(client, "#timeline-recovery", "Recovered after").await;
    assert!(recovery.contains("s"), "{recovery}");
    let shown = text_of(client, "#timeline-run option:checked").await;
    assert!(shown.contains("nightly 30 (simulated)"), "{shown}");
    assert_eq!(
        text_of(client, "#timeline-benchmark option:checked").await,
        "circuit-breaker"
    );
    for id in [
        "timeline-rate",
        "timeline-quantile",
        "timeline-ratio",
        "timeline-level",
        "timeline-state",
    ] {
        find(client, &format!("#{id} svg")).await;
    }
    let open_bands = client
        .execute(
            r##"return document.querySelectorAll('#timeline-state rect[fill="#C62F2F"]').length"##,
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(open_bands, serde_json::json!(1), "one open spell");
    // Window 45 (45 s – 46 s) is in the outage (30 s – 60 s), with the breaker open.
    client
        .execute(
            "const hit = document.querySelectorAll('#timeline-state .hit')[45];
             const r = hit.getBoundingClientRect();
             hit.dispatchEvent(new MouseEvent('mouseover', {bubbles: true, clientX: r.x + 1, clientY: r.y + 1}));",
            vec![],
        )
        .await
        .expect("hover a window");
    let tip = wait_for_text(client, ".chart-tip", "45 s – 46 s").await;
    assert!(
        tip.contains("outage: database") && tip.contains("breaker_state:database: open"),
        "{tip}"
    );
    save_screenshot(client, "story-timeline").await;

    // A simulated circuit-breaker offers its timeline, which opens on that run.
    click(client, "tab-simulate").await;
    select_value(client, "#preset-select", "circuit-breaker").await;
    click(client, "simulate-run").await;
    click(client, "simulate-timeline").await;
    let shown = wait_for_text(client, "#timeline-run option:checked", "circuit-breaker").await;
    assert!(shown.contains("simulation"), "{shown}");
    let url = client.current_url().await.unwrap();
    assert!(
        url.as_str().contains("tab=timeline") && url.as_str().contains("timeline=circuit-breaker"),
        "{url}"
    );
    wait_for_text(client, "#timeline-recovery", "Recovered after").await;
}

/// Every tab of the first visit, in the light and the dark theme, passes axe-core's WCAG 2 A
/// and AA rules (colour contrast among them). axe-core is fetched by scripts/setup from npm's
/// registry into target/tools.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_tab_in_both_themes_meets_wcag_2_a_and_aa() {
    let axe_path = workspace_root().join("target/tools/axe-core-4.14.1/axe.min.js");
    let axe = std::fs::read_to_string(&axe_path).unwrap_or_else(|e| {
        panic!(
            "axe-core is not at {} ({e}): run scripts/setup",
            axe_path.display()
        )
    });
    let dashboard = open_dashboard().await;
    let client = &dashboard.client;
    wait_for_count(client, ".run-item", 30).await;
    wait_for_count(client, "#global-progress", 0).await;
    client
        .update_timeouts(fantoccini::wd::TimeoutConfiguration::new(
            Some(Duration::from_secs(120)),
            None,
            None,
        ))
        .await
        .expect("a longer script timeout for axe");
    client.execute(&axe, vec![]).await.expect("inject axe-core");
    // What each tab shows once it is drawn.
    let tabs = [
        ("runs", ".benchmark-row"),
        ("compare", ".compare-row"),
        ("trends", "#change-points"),
        ("changes", "#changes-summary"),
        ("thresholds", "#limits-status"),
        ("timeline", "#timeline-recovery"),
        ("simulate", "#simulate-run"),
    ];
    let mut found = Vec::new();
    for theme in ["light", "dark"] {
        select_value(client, "#theme-select", theme).await;
        for (tab, drawn) in tabs {
            click(client, &format!("tab-{tab}")).await;
            wait_for_text(client, drawn, "").await;
            let result = client
                .execute_async(
                    r#"const done = arguments[arguments.length - 1];
                       axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa'] } })
                         .then(r => {
                           // One line per rule and, for contrast, per pair of colours: the
                           // count and the first element, so a failure says what to change.
                           const seen = new Map();
                           for (const v of r.violations) for (const n of v.nodes) {
                             const d = (n.any[0] || n.all[0] || {}).data || {};
                             const key = v.id + (d.fgColor ? ` ${d.fgColor} on ${d.bgColor} (${d.contrastRatio}:1, needs ${d.expectedContrastRatio})` : '');
                             const e = seen.get(key) || { count: 0, first: n.target.join(' ') };
                             e.count += 1; seen.set(key, e);
                           }
                           done([...seen].map(([k, e]) => `${k}: ${e.count}, first ${e.first}`));
                         })
                         .catch(e => done(['axe failed: ' + e]));"#,
                    vec![],
                )
                .await
                .expect("run axe-core");
            for v in result.as_array().expect("a list of violations") {
                found.push(format!("{theme} {tab}: {}", v.as_str().unwrap_or_default()));
            }
        }
    }
    assert!(
        found.is_empty(),
        "WCAG 2 A/AA violations:\n{}",
        found.join("\n")
    );
    dashboard.client.close().await.expect("end the session");
}

/// How many `.run-item`s the page shows, read in the page (one call, not one per element).
async fn run_items(client: &fantoccini::Client) -> usize {
    client
        .execute(
            "return document.querySelectorAll('.run-item').length",
            vec![],
        )
        .await
        .expect("count the runs")
        .as_u64()
        .unwrap_or(0) as usize
}

/// The page's clock (`performance.now()`: ms since its navigation began).
async fn page_clock(client: &fantoccini::Client) -> f64 {
    client
        .execute("return performance.now()", vec![])
        .await
        .expect("read the page's clock")
        .as_f64()
        .unwrap_or(f64::NAN)
}

/// Waits until the page shows `count` runs and loads nothing more; returns the page's clock
/// then (ms since its navigation began).
async fn wait_for_runs(client: &fantoccini::Client, count: usize) -> f64 {
    let deadline = Instant::now() + Duration::from_secs(180);
    loop {
        let loading = texts_of(client, "#load-progress").await;
        if loading.is_empty() && run_items(client).await == count {
            return client
                .execute("return performance.now()", vec![])
                .await
                .unwrap()
                .as_f64()
                .unwrap_or(f64::NAN);
        }
        assert!(
            Instant::now() < deadline,
            "{} runs shown of {count} after 180 s (loading: {loading:?})",
            run_items(client).await
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// A year of nightly runs (365 × 200 benchmarks) opened by a link to its manifest, and picked
/// in the file picker: all of it shown, Changes lists the step, and a reload keeps the picked
/// runs (IndexedDB). Prints how long each took (`YEAR` lines; not asserted: figures go to
/// docs/performance.md).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_year_of_history_loads_by_link_and_by_picker_and_a_reload_keeps_the_picked_one() {
    let (folder, files) = year_of_history();
    let megabytes = files
        .iter()
        .map(|f| std::fs::metadata(f).unwrap().len())
        .sum::<u64>() as f64
        / 1e6;

    // By link.
    {
        let dashboard = open_dashboard_with(
            vec![("results", folder.clone())],
            "?load=results/index.json",
        )
        .await;
        let client = &dashboard.client;
        let shown = wait_for_runs(client, 365).await;
        println!("YEAR by link: 365 runs ({megabytes:.1} MB) shown {shown:.0} ms after navigation");
        let clicked = page_clock(client).await;
        click(client, "tab-changes").await;
        let summary = wait_for_text(client, "#changes-summary", "change points").await;
        // Every tenth benchmark steps at run 300: 20 change points, all at r300.
        let rows = wait_for_text(client, ".change-row", "r300").await;
        println!(
            "YEAR Changes tab: its change points listed {:.0} ms after the click",
            page_clock(client).await - clicked
        );
        assert!(rows.contains("bench"), "{rows}");
        let at_300 = texts_of(client, ".change-row")
            .await
            .iter()
            .filter(|r| r.contains("r300"))
            .count();
        assert!(at_300 >= 18, "{at_300} change points at r300: {summary}");
        dashboard.client.close().await.expect("end the session");
    }

    // By the file picker, on a first visit; then a reload.
    let dashboard = open_dashboard().await;
    let client = &dashboard.client;
    wait_for_text(client, ".run-item", "").await;
    let start = client
        .execute("return performance.now()", vec![])
        .await
        .unwrap()
        .as_f64()
        .unwrap_or(f64::NAN);
    upload(client, "file-input", &files).await;
    let shown = wait_for_runs(client, 365).await;
    println!(
        "YEAR by picker: 365 runs shown {:.0} ms after the files were given",
        shown - start
    );
    // The picked runs are saved; wait for the write to land before reloading.
    wait_for_text(client, "#storage-usage", "MB").await;
    client.refresh().await.expect("reload");
    let shown = wait_for_runs(client, 365).await;
    println!("YEAR after a reload: 365 runs shown {shown:.0} ms after navigation");
    dashboard.client.close().await.expect("end the session");
}

/// Polls `script` (a JavaScript expression's body, `return …`) until it returns true.
async fn wait_until(client: &fantoccini::Client, script: &str, what: &str) {
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        let done = client
            .execute(script, vec![])
            .await
            .unwrap_or_else(|e| panic!("{what}: {e}"))
            .as_bool()
            .unwrap_or(false);
        if done {
            return;
        }
        assert!(Instant::now() < deadline, "not after 60 s: {what}");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// Runs saved in local storage by an earlier version of the page (its key
/// `benchdash.runs`, run files one per line) come back on the next visit, are moved into the
/// browser's database, and local storage lets them go; they survive the reloads after.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn what_local_storage_held_moves_to_the_database_and_survives_reloads() {
    let (_, files) = nightly_history(3, 20);
    let jsonl: String = files
        .iter()
        .map(|f| {
            let doc: serde_json::Value =
                serde_json::from_slice(&std::fs::read(f).unwrap()).unwrap();
            format!("{doc}\n")
        })
        .collect();
    let dashboard = open_dashboard().await;
    let client = &dashboard.client;
    wait_for_text(client, ".run-item", "").await;
    client
        .execute(
            "localStorage.setItem('benchdash.runs', arguments[0])",
            vec![serde_json::json!(jsonl)],
        )
        .await
        .expect("write local storage as the old page did");
    client.refresh().await.expect("reload");
    wait_for_runs(client, 3).await;
    let names = texts_of(client, ".run-item").await;
    for name in ["r0", "r1", "r2"] {
        assert!(
            names.iter().any(|n| n.contains(name)),
            "{name} in {names:?}"
        );
    }
    // Once the database has them, local storage lets them go.
    wait_until(
        client,
        "return localStorage.getItem('benchdash.runs') === null",
        "local storage emptied after the move",
    )
    .await;
    client.refresh().await.expect("reload");
    wait_for_runs(client, 3).await;
    let names = texts_of(client, ".run-item").await;
    assert!(names.iter().any(|n| n.contains("r2")), "{names:?}");
    dashboard.client.close().await.expect("end the session");
}
