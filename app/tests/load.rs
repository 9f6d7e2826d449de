//! Loading from links and pasted text, in a real headless Chromium: same-origin resolution of
//! `?load=` URLs and manifest entries, real fetches that fail with a card, and the store's rules
//! for linked (unsaved) and pasted runs.

use benchdash_app::remote::{entry_reference, load_urls, resolve, shown, Loading};
use benchdash_app::store::{Incoming, Store};
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

const PAGE: &str = "https://dash.example/team/index.html?load=results/index.json";
const ORIGIN: &str = "https://dash.example";

#[wasm_bindgen_test]
fn relative_and_same_origin_urls_resolve_against_the_page() {
    let url = resolve("results/index.json", PAGE, ORIGIN).unwrap();
    assert_eq!(url.href(), "https://dash.example/team/results/index.json");
    let url = resolve("/runs/a.json", PAGE, ORIGIN).unwrap();
    assert_eq!(url.href(), "https://dash.example/runs/a.json");
    let url = resolve("https://dash.example/x/../b.json", PAGE, ORIGIN).unwrap();
    assert_eq!(url.href(), "https://dash.example/b.json");
    // A manifest's entries resolve against the manifest, climbing out with `..`.
    let manifest = "https://dash.example/team/results/index.json";
    let url = resolve(&entry_reference("../old/v1.json"), manifest, ORIGIN).unwrap();
    assert_eq!(url.href(), "https://dash.example/team/old/v1.json");
}

#[wasm_bindgen_test]
fn other_origins_are_refused_with_the_reason() {
    for other in [
        "https://elsewhere.example/results/index.json",
        "http://dash.example/results/index.json",
        "https://dash.example:8443/a.json",
        "//elsewhere.example/a.json",
    ] {
        let err = resolve(other, PAGE, ORIGIN).unwrap_err();
        assert!(err.contains("another origin"), "{other}: {err}");
        assert!(err.contains(ORIGIN), "{other}: {err}");
    }
    let err = resolve("data:application/json,{}", PAGE, ORIGIN).unwrap_err();
    assert!(err.contains("data: URL, which has no origin"), "{err}");
    let err = resolve("http://[bad", PAGE, ORIGIN).unwrap_err();
    assert!(err.contains("not a URL"), "{err}");
}

#[wasm_bindgen_test]
fn manifest_paths_are_file_names_not_urls() {
    // `#`, `?`, `%` and spaces belong to the file name.
    assert_eq!(
        entry_reference("runs/a b#1?.json"),
        "runs/a%20b%231%3F.json"
    );
    assert_eq!(entry_reference("./x/100%.json"), "./x/100%25.json");
    let url = resolve(
        &entry_reference("runs/a b#1.json"),
        "https://dash.example/r/index.json",
        ORIGIN,
    )
    .unwrap();
    assert_eq!(shown(&url), "/r/runs/a b#1.json");
}

#[wasm_bindgen_test]
async fn failed_fetches_and_other_origins_become_cards_naming_the_url() {
    // Mounting starts Leptos's task executor, as the page's mount does.
    let document = web_sys::window().unwrap().document().unwrap();
    let root: web_sys::HtmlElement = document.create_element("div").unwrap().unchecked_into();
    let _mounted = leptos::mount::mount_to(root, || ());
    let store = RwSignal::new(Store::with_example());
    let loading = RwSignal::new(None::<Loading>);
    load_urls(
        vec![
            "https://elsewhere.example/results/index.json".to_string(),
            "no-such-folder/index.json".to_string(),
        ],
        store,
        loading,
        |_| {},
    );
    assert!(loading.get_untracked().is_some(), "the page shows progress");
    for _ in 0..200 {
        if loading.get_untracked().is_none() {
            break;
        }
        gloo_timers::future::TimeoutFuture::new(10).await;
    }
    assert!(loading.get_untracked().is_none(), "loading ends");
    let cards = store.with_untracked(|s| s.errors.clone());
    assert_eq!(cards.len(), 2, "{cards:?}");
    assert_eq!(
        cards[0].file,
        "https://elsewhere.example/results/index.json"
    );
    assert!(cards[0].message.contains("another origin"), "{cards:?}");
    assert!(
        cards[1].file.ends_with("/no-such-folder/index.json"),
        "{cards:?}"
    );
    assert!(cards[1].message.contains("HTTP 404"), "{cards:?}");
    // The example still stands in.
    assert!(store.with_untracked(|s| s.runs[0].example));
}

fn incoming(path: &str, bytes: &[u8]) -> Incoming {
    Incoming {
        path: path.to_string(),
        bytes: bytes.to_vec(),
        modified: None,
    }
}

#[wasm_bindgen_test]
fn linked_runs_are_shown_but_not_saved_unless_already_saved() {
    let v1 = include_bytes!("../../tests/data/runs/v0.1.0.json");
    let v2 = include_bytes!("../../tests/data/runs/v0.2.0.json");
    let mut store = Store::with_example();
    store.add_file("v0.1.0.json", v1);
    store.add_linked(
        &[
            incoming("/results/v0.1.0.json", v1),
            incoming("/results/v0.2.0.json", v2),
        ],
        "2026-01-01T00:00:00Z",
    );
    assert_eq!(store.runs.len(), 2);
    let ids: Vec<String> = store.runs.iter().map(|r| r.id().to_string()).collect();
    // The run the user had loaded stays saved; the link's other run is not saved.
    let saved = store.to_jsonl();
    assert_eq!(saved.lines().count(), 1);
    assert!(saved.contains("v0.1.0"));
    let v2_id = ids
        .iter()
        .find(|id| store.is_linked(id))
        .expect("one linked run");
    // Dropping the linked run's file makes it the user's: saved from then on.
    let v2_id = v2_id.clone();
    store.add_file("v0.2.0.json", v2);
    assert!(!store.is_linked(&v2_id));
    assert_eq!(store.to_jsonl().lines().count(), 2);
}

#[wasm_bindgen_test]
fn pasted_text_is_imported_like_a_file_and_bad_text_gets_a_card() {
    let mut store = Store::with_example();
    store.add_text(
        include_str!("../../tests/data/fixtures/hyperfine/two.json"),
        "2026-01-01T00:00:00Z",
    );
    assert_eq!(store.runs.len(), 1);
    assert!(!store.runs[0].example);
    assert_eq!(store.runs[0].file, "pasted text");
    assert_eq!(store.runs[0].run.run.timestamp, "2026-01-01T00:00:00Z");

    // A history, one run a line.
    let history: String = [
        include_str!("../../tests/data/runs/v0.1.0.json"),
        include_str!("../../tests/data/runs/v0.2.0.json"),
    ]
    .iter()
    .map(|text| {
        let run = benchdash_core::read_run("run.json", text.as_bytes())
            .unwrap()
            .run;
        benchdash_core::write::to_jsonl_line(&run)
    })
    .collect();
    store.add_text(&history, "2026-01-01T00:00:00Z");
    assert_eq!(store.runs.len(), 3, "{:?}", store.errors);
    assert_eq!(store.runs[2].file, "pasted text.jsonl");

    store.add_text("   \n", "2026-01-01T00:00:00Z");
    assert!(store.errors.is_empty(), "blank text is ignored");
    store.add_text("latency: 12ms", "2026-01-01T00:00:00Z");
    assert_eq!(store.errors.len(), 1);
    assert_eq!(store.errors[0].file, "pasted text");
    assert_eq!(store.runs.len(), 3, "nothing else is lost");
}
