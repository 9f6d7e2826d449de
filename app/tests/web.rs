//! Component tests in a real headless Chromium (wasm-bindgen-test + ChromeDriver).
//!
//! They run core code compiled to wasm32 and mount Leptos components onto the test page.

use benchdash_app::components::{BenchmarkTable, ErrorCards, RunList};
use benchdash_app::store::Store;
use benchdash_core::examples::ORCHESTRATOR_BASELINE;
use benchdash_core::{read_run, write};
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

/// The bytes core writes for the bundled example, as written natively (tests/portability.rs
/// checks the same file natively): equal bytes prove core reads, summarises and writes
/// identically on both targets.
const NORMALIZED_EXAMPLE: &str =
    include_str!("../../tests/data/orchestrator-baseline.normalized.json");

fn container() -> web_sys::HtmlElement {
    let document = web_sys::window().unwrap().document().unwrap();
    let div = document.create_element("div").unwrap();
    document.body().unwrap().append_child(&div).unwrap();
    div.unchecked_into()
}

fn texts(root: &web_sys::HtmlElement, css: &str) -> Vec<String> {
    let list = root.query_selector_all(css).unwrap();
    (0..list.length())
        .map(|i| list.item(i).unwrap().text_content().unwrap_or_default())
        .collect()
}

/// Lets the reactive system flush its effects to the DOM.
async fn settle() {
    gloo_timers::future::TimeoutFuture::new(0).await;
}

#[wasm_bindgen_test]
fn core_in_wasm_writes_the_same_bytes_as_native() {
    let (name, text) = ORCHESTRATOR_BASELINE;
    let loaded = read_run(name, text.as_bytes()).unwrap();
    assert_eq!(write::to_json(&loaded.run), NORMALIZED_EXAMPLE);
}

/// A github-action-benchmark `data.js` history gets the ids the CLI gives (core's test of the
/// same file checks them natively).
#[wasm_bindgen_test]
fn history_runs_get_the_same_ids_as_natively() {
    let mut store = Store::with_example();
    store.add_file(
        "data.js",
        include_bytes!("../../tests/data/fixtures/github-action-benchmark/original_data.js"),
    );
    let ids: Vec<&str> = store.runs.iter().map(|r| r.id()).collect();
    let want: Vec<&str> = include_str!("../../tests/data/data-js-ids.txt")
        .lines()
        .collect();
    assert_eq!(ids, want);
}

#[wasm_bindgen_test]
fn core_in_wasm_reports_errors_with_position() {
    let err = read_run("broken.json", b"{\n  \"format\": 1,,\n}").unwrap_err();
    let text = err.to_string();
    assert!(text.starts_with("broken.json: not valid JSON"), "{text}");
    assert!(text.contains("line 2"), "{text}");
}

#[wasm_bindgen_test]
async fn benchmark_table_lists_every_metric_of_the_selected_run() {
    let store = RwSignal::new(Store::with_example());
    let root = container();
    let handle = leptos::mount::mount_to(
        root.clone(),
        move || view! { <BenchmarkTable store=store /> },
    );
    settle().await;
    let rows = texts(&root, ".benchmark-row");
    assert_eq!(rows.len(), 15, "{rows:?}");
    assert!(
        rows.iter()
            .any(|r| r.contains("parallel-20") && r.contains("892")),
        "{rows:?}"
    );
    assert_eq!(
        texts(&root, ".benchmarks-title"),
        ["orchestrator baseline (example)"]
    );
    handle.forget();
}

#[wasm_bindgen_test]
async fn a_broken_file_adds_a_card_and_keeps_the_runs() {
    let store = RwSignal::new(Store::with_example());
    let root = container();
    let handle = leptos::mount::mount_to(root.clone(), move || {
        view! {
            <ErrorCards store=store />
            <RunList store=store />
        }
    });
    settle().await;
    assert_eq!(texts(&root, ".run-item").len(), 1);

    let good = include_str!("../../tests/data/runs/candidate.json");
    store.update(|s| s.add_file("candidate.json", good.as_bytes()));
    store.update(|s| {
        s.add_file(
            "broken.json",
            b"{\"format\": \"benchdash/run\", \"version\": 7}",
        )
    });
    settle().await;

    let runs = texts(&root, ".run-item");
    assert_eq!(
        runs.len(),
        1,
        "the example made way for the real run: {runs:?}"
    );
    assert!(
        runs[0].contains("candidate v0.2.0") && runs[0].contains("3 benchmarks"),
        "{runs:?}"
    );
    let cards = texts(&root, ".error-card");
    assert_eq!(cards.len(), 1, "{cards:?}");
    assert!(
        cards[0].contains("broken.json") && cards[0].contains("version 7"),
        "{cards:?}"
    );

    // Dismissing the card removes only the card.
    let button: web_sys::HtmlElement = root
        .query_selector(".error-card .dismiss")
        .unwrap()
        .unwrap()
        .unchecked_into();
    button.click();
    settle().await;
    assert!(texts(&root, ".error-card").is_empty());
    assert_eq!(texts(&root, ".run-item").len(), 1);
    handle.forget();
}

#[wasm_bindgen_test]
fn store_replaces_a_run_loaded_twice_and_selects_the_newest() {
    let mut store = Store::with_example();
    let good = include_str!("../../tests/data/runs/candidate.json");
    store.add_file("a.json", good.as_bytes());
    store.add_file("a-again.json", good.as_bytes());
    assert_eq!(store.runs.len(), 1);
    assert_eq!(store.runs[0].file, "a-again.json");
    assert_eq!(
        store.selected_run().unwrap().run.run.name,
        "candidate v0.2.0"
    );
    store.add_file("empty.jsonl", b"\n\n");
    assert_eq!(store.errors.len(), 1);
    assert_eq!(store.runs.len(), 1);
}

/// Another tool's file, a criterion folder's files (as a chosen folder gives them) and a JSON
/// file of no known format, each with `modified` as its modification time.
fn mixed_batch(modified: Option<&str>) -> Vec<benchdash_app::store::Incoming> {
    let file = |path: &str, bytes: &[u8]| benchdash_app::store::Incoming {
        path: path.to_string(),
        bytes: bytes.to_vec(),
        modified: modified.map(str::to_string),
    };
    let root = "criterion-old/Fibonacci/Iterative/new/";
    vec![
        file(
            "hyperfine.json",
            include_bytes!("../../tests/data/fixtures/hyperfine/two.json"),
        ),
        file(
            &format!("{root}benchmark.json"),
            include_bytes!(
                "../../tests/data/fixtures/criterion-old/Fibonacci/Iterative/new/benchmark.json"
            ),
        ),
        file(
            &format!("{root}estimates.json"),
            include_bytes!(
                "../../tests/data/fixtures/criterion-old/Fibonacci/Iterative/new/estimates.json"
            ),
        ),
        file(
            &format!("{root}sample.json"),
            include_bytes!(
                "../../tests/data/fixtures/criterion-old/Fibonacci/Iterative/new/sample.json"
            ),
        ),
        file("notes.json", br#"{"hello": "world"}"#),
    ]
}

#[wasm_bindgen_test]
fn store_imports_other_tools_and_a_criterion_folder_in_one_batch() {
    let batch = mixed_batch(Some("2026-03-04T05:06:07Z"));
    let mut store = Store::with_example();
    store.add_files(&batch, "2026-01-01T00:00:00Z");
    let tools: Vec<String> = store
        .runs
        .iter()
        .map(|r| r.run.run.source.as_ref().unwrap().tool.clone())
        .collect();
    assert_eq!(tools, ["criterion", "hyperfine"]);
    assert_eq!(store.runs[1].run.run.timestamp, "2026-03-04T05:06:07Z");
    assert_eq!(store.errors.len(), 1);
    assert!(
        store.errors[0].message.contains("unknown format"),
        "{:?}",
        store.errors
    );
}

/// The page's import in steps (tasks with the page free between them) gives what the one-call
/// import gives: the same runs, in the same order, and the same error for a broken file.
#[wasm_bindgen_test]
async fn importing_in_steps_gives_what_importing_at_once_gives() {
    use benchdash_app::store::Incoming;
    let mut batch = mixed_batch(None);
    for (path, bytes) in [
        (
            "pytest.json",
            &include_bytes!("../../tests/data/fixtures/pytest-benchmark/four.json")[..],
        ),
        ("broken.json", b"{\"benchmarks\": ["),
        (
            "v0.1.0.json",
            include_bytes!("../../tests/data/runs/v0.1.0.json"),
        ),
    ] {
        batch.push(Incoming {
            path: path.to_string(),
            bytes: bytes.to_vec(),
            modified: None,
        });
    }
    let now = "2026-01-01T00:00:00Z";
    let at_once = benchdash_app::store::import_files(&batch, now);
    let in_steps = benchdash_app::files::import_in_steps(&batch, now).await;
    assert_eq!(in_steps, at_once);
    let formats: Vec<String> = in_steps
        .iter()
        .map(|r| match r {
            Ok(imported) => imported.format.to_string(),
            Err(err) => err.to_string(),
        })
        .collect();
    assert_eq!(formats[..2], ["criterion", "hyperfine"]);
    assert!(
        formats[2].starts_with("notes.json: unknown format"),
        "{}",
        formats[2]
    );
    assert_eq!(formats[3], "pytest-benchmark");
    assert!(
        formats[4].starts_with("broken.json: not valid JSON"),
        "{}",
        formats[4]
    );
    assert_eq!(formats[5], "benchdash");
}

fn two_runs() -> Store {
    let mut store = Store::with_example();
    store.add_file(
        "v0.2.0.json",
        include_bytes!("../../tests/data/runs/v0.2.0.json"),
    );
    store.add_file(
        "v0.1.0.json",
        include_bytes!("../../tests/data/runs/v0.1.0.json"),
    );
    store
}

#[wasm_bindgen_test]
fn pair_defaults_to_the_newest_against_the_run_before_and_follows_choices() {
    let mut nightly_store = two_runs();
    for (name, bytes) in nightly(3, 1.0) {
        nightly_store.add_file(&name, &bytes);
    }
    let (b, c) = nightly_store.pair().unwrap();
    assert_eq!(
        (b.run.run.name.as_str(), c.run.run.name.as_str()),
        ("nightly 1", "nightly 2"),
        "last night's run against the night before, not against the oldest"
    );
    nightly_store.set_candidate("n00");
    let (b, c) = nightly_store.pair().unwrap();
    assert_eq!(
        (b.run.run.name.as_str(), c.run.run.name.as_str()),
        ("v0.2.0", "nightly 0")
    );
    let mut store = two_runs();
    let (b, c) = store.pair().unwrap();
    assert_eq!(
        (b.run.run.name.as_str(), c.run.run.name.as_str()),
        ("v0.1.0", "v0.2.0")
    );
    let newer = c.id().to_string();
    let older = b.id().to_string();
    store.set_baseline(&newer);
    store.set_candidate(&older);
    let (b, c) = store.pair().unwrap();
    assert_eq!(
        (b.run.run.name.as_str(), c.run.run.name.as_str()),
        ("v0.2.0", "v0.1.0")
    );
    store.set_candidate("no-such-run");
    assert_eq!(store.pair().unwrap().1.run.run.name, "v0.1.0");
}

#[wasm_bindgen_test]
fn compare_rows_filter_and_sort_worst_first() {
    use benchdash_app::components::{comparison, visible_rows, SortKey};
    let store = two_runs();
    let c = comparison(&store, &Default::default()).unwrap().unwrap();
    let all = visible_rows(&c.rows, "", "all", SortKey::Severity);
    assert_eq!(all.len(), 4);
    assert_eq!(
        all[0].benchmark, "single-tool",
        "the regression comes first"
    );
    assert_eq!(all[0].verdict.as_str(), "regressed");
    let regressed = visible_rows(&c.rows, "", "regressed", SortKey::Severity);
    assert_eq!(regressed.len(), 1);
    let named = visible_rows(&c.rows, "PARALLEL", "all", SortKey::Benchmark);
    assert_eq!(named.len(), 2);
    assert!(named.iter().all(|r| r.benchmark == "parallel/5-tools"));
    let by_change = visible_rows(&c.rows, "", "all", SortKey::Change);
    assert_eq!(
        by_change[0].metric, "throughput",
        "+20% is the largest change"
    );
}

#[wasm_bindgen_test]
fn runs_survive_a_save_and_restore_and_removing_all_brings_back_the_example() {
    let store = two_runs();
    let saved = store.to_jsonl();
    assert_eq!(saved.lines().count(), 2);
    let mut restored = Store::with_example();
    restored.restore(&saved);
    let names: Vec<&str> = restored
        .runs
        .iter()
        .map(|r| r.run.run.name.as_str())
        .collect();
    assert_eq!(names, ["v0.2.0", "v0.1.0"]);
    let ids: Vec<String> = restored.runs.iter().map(|r| r.id().to_string()).collect();
    for id in &ids {
        restored.remove(id);
    }
    assert_eq!(restored.runs.len(), 1);
    assert!(restored.runs[0].example);
    assert!(
        Store::with_example().to_jsonl().is_empty(),
        "the example is never saved"
    );
}

#[wasm_bindgen_test]
fn trend_chart_draws_a_line_per_benchmark_and_marks_change_points() {
    use benchdash_app::components::chart_svg;
    use benchdash_core::trend::{analyze, Options};
    let store = two_runs();
    let runs: Vec<_> = store.runs.iter().map(|r| r.run.clone()).collect();
    let options = Options {
        metric: Some("latency".into()),
        ..Options::default()
    };
    let trend = analyze(&runs, &options).unwrap();
    let chosen: std::collections::BTreeSet<String> =
        ["single-tool".to_string(), "parallel/5-tools".to_string()].into();
    let none = benchdash_core::thresholds::Thresholds::default();
    let svg = chart_svg(&trend, &chosen, &none, 600, 300).unwrap();
    assert!(svg.starts_with("<svg"), "{}", &svg[..80]);
    // Two runs per line, a dot for each: four circles, and a hit circle over each for the
    // tooltip; both names in the legend.
    let hits = svg.matches(r#"class="hit""#).count();
    assert_eq!(hits, 4, "{svg}");
    assert_eq!(svg.matches("<circle").count() - hits, 4, "{svg}");
    assert!(svg.contains("single-tool") && svg.contains("parallel/5-tools"));
    assert!(
        svg.contains("v0.1.0") && svg.contains("v0.2.0"),
        "run names on the x axis"
    );
}

#[wasm_bindgen_test]
fn trend_chart_draws_limits_bands_and_tooltips_with_names_as_text() {
    use benchdash_app::components::chart_svg;
    use benchdash_core::thresholds::Thresholds;
    use benchdash_core::trend::{analyze, Options};
    let mut store = two_runs();
    let id = store.runs.last().unwrap().id().to_string();
    store.rename(&id, "<b>bold</b> & co");
    let runs: Vec<_> = store.runs.iter().map(|r| r.run.clone()).collect();
    let trend = analyze(&runs, &Options::default()).unwrap();
    let chosen: std::collections::BTreeSet<String> = ["single-tool".to_string()].into();
    let thresholds = Thresholds::parse(
        "t.toml",
        "[[limit]]\nbenchmark = \"single-tool\"\nmetric = \"latency\"\nwarn = \"> 0.6s\"\nfail = \"> 650ms\"\n",
    )
    .unwrap();
    let svg = chart_svg(&trend, &chosen, &thresholds, 600, 300).unwrap();
    // Both sides of the limit, labelled (plotters escapes the `>`).
    assert!(svg.contains("warn &gt; 0.6s"), "{svg}");
    assert!(svg.contains("fail &gt; 650ms"), "{svg}");
    // Samples give each point an interval: a band polygon behind the line.
    assert!(svg.contains("<polygon"), "{svg}");
    // A tooltip per point naming the run and the value, the name escaped, never markup.
    assert_eq!(svg.matches(r#"class="hit""#).count(), 2, "{svg}");
    assert!(
        svg.contains("&lt;b&gt;bold&lt;/b&gt; &amp; co · single-tool"),
        "{svg}"
    );
    assert!(!svg.contains("<b>"), "{svg}");
}

#[wasm_bindgen_test]
async fn a_chart_exports_as_a_png_of_twice_its_size() {
    use wasm_bindgen_futures::JsFuture;
    let svg = r#"<svg xmlns="http://www.w3.org/2000/svg" width="120" height="80"><rect width="120" height="80" fill="white"/><circle cx="60" cy="40" r="20" fill="red"/></svg>"#;
    let png = benchdash_app::browser::png_of_svg(svg, 120, 80, 2)
        .await
        .unwrap();
    assert_eq!(png.type_(), "image/png");
    let bytes =
        js_sys::Uint8Array::new(&JsFuture::from(png.array_buffer()).await.unwrap()).to_vec();
    // The PNG signature, then the IHDR chunk's big-endian width and height.
    assert_eq!(&bytes[..8], b"\x89PNG\r\n\x1a\n");
    let word = |at: usize| u32::from_be_bytes(bytes[at..at + 4].try_into().unwrap());
    assert_eq!((word(16), word(20)), (240, 160));
    // A broken SVG is an error, not a blank image.
    assert!(benchdash_app::browser::png_of_svg("<svg", 10, 10, 1)
        .await
        .is_err());
}

#[wasm_bindgen_test]
fn tags_parse_from_the_editor_and_survive_a_save_and_restore() {
    use benchdash_app::components::{parse_tags, tags_text};
    let tags = parse_tags(" pr=123, nightly ,branch = main,").unwrap();
    assert_eq!(tags_text(&tags), "branch=main, nightly, pr=123");
    assert_eq!(parse_tags(&tags_text(&tags)).unwrap(), tags);
    let err = parse_tags("pr=1, =oops").unwrap_err();
    assert!(err.contains("=oops"), "{err}");

    let mut store = two_runs();
    let id = store.runs[0].id().to_string();
    store.rename(&id, "  renamed run ");
    store.set_tags(&id, tags.clone());
    let mut restored = Store::with_example();
    restored.restore(&store.to_jsonl());
    let run = restored.runs.iter().find(|r| r.id() == id).unwrap();
    assert_eq!(run.run.run.name, "renamed run");
    assert_eq!(run.run.run.tags, tags);
}

#[wasm_bindgen_test]
fn a_rows_detail_draws_both_distributions_and_the_interval_against_the_policy() {
    use benchdash_app::components::{change_svg, distribution_svg, samples_of};
    use benchdash_core::thresholds::Thresholds;
    let store = two_runs();
    let thresholds = Thresholds::default();
    let comparison = benchdash_app::components::comparison(&store, &thresholds)
        .unwrap()
        .unwrap();
    let row = comparison
        .rows
        .iter()
        .find(|r| r.benchmark == "single-tool")
        .unwrap();
    let (b, c) = samples_of(&store, row);
    assert!(b.len() >= 2 && c.len() >= 2, "{b:?} {c:?}");
    let svg = distribution_svg(&b, &c, &row.unit, 700, 300).unwrap();
    // Both sides named; a tooltip per non-empty bar of each side and one per box.
    assert!(svg.contains("baseline") && svg.contains("candidate"));
    let edges = benchdash_core::stats::descriptive::bin_edges(
        &b.iter().chain(&c).copied().collect::<Vec<_>>(),
        60,
    );
    let bars = |xs: &[f64]| {
        benchdash_core::stats::descriptive::histogram(xs, &edges)
            .iter()
            .filter(|&&n| n > 0)
            .count()
    };
    assert_eq!(
        svg.matches(r#"class="hit""#).count(),
        bars(&b) + bars(&c) + 2,
        "{svg}"
    );
    assert!(svg.contains("samples in ["));
    // Summary-only rows have nothing to draw, and say so.
    assert!(distribution_svg(&[], &[], "ms", 700, 300).is_err());

    let policy = thresholds.policy_for(&row.benchmark, &row.metric);
    let change = change_svg(row, &policy, 700, 120).unwrap();
    assert!(
        change.contains("warn +5.0%") && change.contains("fail +10.0%"),
        "{change}"
    );
    let ci = benchdash_core::report::interval(row.ci.unwrap());
    assert!(
        change.contains(&ci),
        "the tooltip gives the interval {ci}: {change}"
    );
}

#[wasm_bindgen_test]
fn the_view_fills_left_out_intervals_in_slices_to_the_whole_comparison() {
    use benchdash_app::components::comparison;
    use benchdash_core::compare::{compare_with_history, History};
    use benchdash_core::thresholds::Thresholds;
    let store = two_runs();
    let t = Thresholds::default();
    let mut lazy = comparison(&store, &t).unwrap().unwrap();
    let waiting = lazy.rows.iter().filter(|r| r.interval_left_out).count();
    assert!(waiting >= 1, "the unchanged row waits for its interval");
    let mut steps = 0;
    while lazy.fill(1) > 0 {
        steps += 1;
    }
    assert_eq!(steps + 1, waiting, "one interval per slice");
    let (b, c) = store.pair().unwrap();
    let history = History::new(store.runs.iter().map(|r| &r.run));
    let whole = compare_with_history(&b.run, &c.run, &history, &t).unwrap();
    assert_eq!(lazy.finish(), whole);
}

/// `n` nightly runs of two benchmarks, a day apart: `latency` (20 samples, ±2 % within the
/// run) whose level wobbles ±1.3 % from run to run, and `efficiency`, a single value with
/// ±1 % between runs; the last run `last` times the usual latency.
fn nightly(n: usize, last: f64) -> Vec<(String, Vec<u8>)> {
    (0..n)
        .map(|i| {
            let wobble = [0.0, 0.012, -0.009, 0.004, -0.013, 0.008, -0.002][i % 7];
            let level = 500.0 * (1.0 + wobble) * if i == n - 1 { last } else { 1.0 };
            let samples: Vec<String> = (0..20)
                .map(|k| format!("{}", level * (1.0 + 0.02 * (((k * 7919) % 13) as f64 / 6.0 - 1.0))))
                .collect();
            let efficiency = 0.9 * (1.0 + wobble * 0.7);
            let text = format!(
                r#"{{"format": "benchdash/run", "version": 1,
                    "run": {{"id": "n{i:02}", "name": "nightly {i}", "timestamp": "2027-01-{:02}T03:00:00Z"}},
                    "benchmarks": [{{"name": "single-tool", "metrics": {{
                        "latency": {{"unit": "ms", "better": "lower", "samples": [{}]}},
                        "efficiency": {{"unit": "ratio", "better": "higher", "value": {efficiency}}}}}}}]}}"#,
                i + 1,
                samples.join(", ")
            );
            (format!("nightly-{i:02}.json"), text.into_bytes())
        })
        .collect()
}

#[wasm_bindgen_test]
async fn compare_judges_against_the_loaded_history_and_says_so() {
    use benchdash_app::components::{comparison, CompareView};
    use benchdash_core::compare::{compare, Test};
    use benchdash_core::thresholds::Thresholds;
    let mut store = Store::default();
    for (name, bytes) in nightly(9, 1.013) {
        store.add_file(&name, &bytes);
    }
    store.set_baseline("n07");
    store.set_candidate("n08");
    let c = comparison(&store, &Thresholds::default()).unwrap().unwrap();
    assert_eq!(c.history_runs, Some(8));
    for row in &c.rows {
        assert_eq!(
            (row.test, row.history_n),
            (Test::History, Some(8)),
            "{row:?}"
        );
        assert_ne!(row.verdict.as_str(), "regressed", "{row:?}");
    }
    // The two runs alone take the wobble between runs for a regression.
    let (b, cand) = store.pair().unwrap();
    let alone = compare(&b.run, &cand.run, &Thresholds::default()).unwrap();
    let latency = alone.rows.iter().find(|r| r.metric == "latency").unwrap();
    assert_eq!(
        (latency.verdict.as_str(), latency.test),
        ("regressed", Test::Welch)
    );

    // The view shows the history and which evidence decided each row.
    let store = RwSignal::new(store);
    let thresholds = Memo::new(|_| Thresholds::default());
    let (filter, verdict) = (
        RwSignal::new(String::new()),
        RwSignal::new("all".to_string()),
    );
    let root = container();
    let handle = leptos::mount::mount_to(root.clone(), move || {
        view! { <CompareView store=store thresholds=thresholds filter=filter verdict=verdict /> }
    });
    settle().await;
    let note = texts(&root, "#compare-history");
    assert_eq!(
        note,
        ["History: 8 earlier runs before the candidate; 2 rows judged against them."],
        "{note:?}"
    );
    assert_eq!(texts(&root, "td.test"), ["history (8)", "history (8)"]);
    // A real step on top of the same history is still a regression.
    store.update(|s| {
        for (name, bytes) in nightly(9, 1.12) {
            s.add_file(&name, &bytes);
        }
    });
    settle().await;
    let verdicts = texts(&root, ".compare-row td.verdict");
    assert!(verdicts.iter().any(|v| v == "regressed"), "{verdicts:?}");
    handle.forget();
}
