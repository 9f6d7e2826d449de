//! The Timeline view in a real headless Chromium: its charts drawn from a timeline whose
//! every window is known, and the view mounted on a store with and without timelines.

use benchdash_app::components::{panel_svg, panels, Marks, TimelineView};
use benchdash_app::store::Store;
use benchdash_core::timeline::Timeline;
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

/// Ten windows of 1 s: a database outage from 2 s to 5 s that opens the breaker, half-open in
/// window 5, closed again from 6 s; the benchmark is back at 6 s.
const TIMELINE: &str = r#"{
  "clock": "virtual",
  "window": "1s",
  "series": {
    "throughput": { "unit": "req/s", "kind": "rate", "values": [20, 20, 5, 0, null, 12, 20, 20, 20, 20] },
    "error_rate": { "unit": "ratio", "kind": "ratio", "values": [0, 0, 0.5, 1, null, 0.25, 0, 0, 0, 0] },
    "breaker_state:database": { "unit": "state", "kind": "state",
      "states": ["closed", "half_open", "open"], "values": [0, 0, 2, 2, 2, 1, 0, 0, 0, 0] }
  },
  "phases": [
    { "from": "2s", "to": "5s", "label": "outage: database" },
    { "from": "2100ms", "to": "5200ms", "label": "breaker open: database" },
    { "from": "5s", "to": "6s", "label": "recovery" }
  ]
}"#;

fn timeline() -> Timeline {
    serde_json::from_str(TIMELINE).unwrap()
}

/// A run file holding the timeline on one benchmark, as the simulation writes it.
fn run_with_timeline() -> String {
    format!(
        r#"{{"format": "benchdash/run", "version": 1,
            "run": {{"name": "outage", "timestamp": "2026-12-03T00:00:00Z", "source": {{"tool": "test"}}}},
            "benchmarks": [
              {{"name": "no-timeline", "metrics": {{"latency": {{"unit": "ms", "better": "lower", "value": 1}}}}}},
              {{"name": "steady", "metrics": {{"latency": {{"unit": "ms", "better": "lower", "value": 2}}}},
                "timeline": {{"clock": "virtual", "window": "1s", "phases": [],
                  "series": {{"throughput": {{"unit": "req/s", "kind": "rate", "values": [20, 20, 20]}}}}}}}},
              {{"name": "circuit-breaker", "metrics": {{"latency": {{"unit": "ms", "better": "lower", "value": 40}}}},
                "timeline": {TIMELINE}}}
            ]}}"#
    )
}

/// The `data-tip`s and x positions of an SVG's hover columns, in order.
fn columns(svg: &str) -> Vec<(i32, String)> {
    svg.split(r#"<rect class="hit" x=""#)
        .skip(1)
        .map(|rest| {
            let x = rest[..rest.find('"').unwrap()].parse().unwrap();
            let tip = rest.split(r#"data-tip=""#).nth(1).unwrap();
            (x, tip[..tip.find('"').unwrap()].to_string())
        })
        .collect()
}

#[wasm_bindgen_test]
fn a_timeline_gives_a_chart_per_kind_in_a_fixed_order_and_its_marks() {
    let tl = timeline();
    let ids: Vec<String> = panels(&tl).into_iter().map(|p| p.id).collect();
    assert_eq!(ids, ["timeline-rate", "timeline-ratio", "timeline-state"]);
    let marks = Marks::of(&tl).unwrap();
    assert_eq!(marks.end, 10.0);
    // The outage is shaded; the breaker's span is the state chart's, not a shade.
    assert_eq!(marks.shaded, [(2.0, 5.0, "outage: database".to_string())]);
    assert_eq!(marks.recoveries, [(5.0, 6.0)]);
    assert!(marks.not_recovered.is_empty());
    assert!(marks
        .recovery_summary()
        .unwrap()
        .starts_with("Recovered after 1 s"));
}

#[wasm_bindgen_test]
fn every_chart_has_a_column_per_window_at_the_same_x_saying_its_values() {
    let tl = timeline();
    let marks = Marks::of(&tl).unwrap();
    let drawn: Vec<Vec<(i32, String)>> = panels(&tl)
        .iter()
        .enumerate()
        .map(|(i, p)| columns(&panel_svg(&tl, p, &marks, i == 0).unwrap()))
        .collect();
    for chart in &drawn {
        assert_eq!(chart.len(), 10);
    }
    // One time axis: window i starts at the same pixel in every chart.
    let xs = |c: &Vec<(i32, String)>| c.iter().map(|(x, _)| *x).collect::<Vec<_>>();
    assert_eq!(xs(&drawn[0]), xs(&drawn[1]));
    assert_eq!(xs(&drawn[0]), xs(&drawn[2]));
    assert!(xs(&drawn[0]).windows(2).all(|w| w[1] > w[0]));
    // The tips: the window, the phase it falls in, the values (a ratio as a percentage).
    assert_eq!(
        drawn[0][2].1,
        "2 s – 3 s\noutage: database\nthroughput: 5 req/s"
    );
    assert_eq!(
        drawn[0][4].1,
        "4 s – 5 s\noutage: database\nthroughput: no data"
    );
    assert_eq!(
        drawn[1][2].1,
        "2 s – 3 s\noutage: database\nerror_rate: 50 %"
    );
    assert_eq!(
        drawn[2][5].1,
        "5 s – 6 s\nbreaker_state:database: half_open"
    );
    assert_eq!(drawn[2][0].1, "0 s – 1 s\nbreaker_state:database: closed");
}

/// The points of each line in an SVG with more than two (a legend's sample and a lone
/// window's step have two), in order.
fn lines(svg: &str) -> Vec<Vec<(i32, i32)>> {
    svg.split("<polyline ")
        .skip(1)
        .map(|rest| {
            let points = rest.split(r#"points=""#).nth(1).unwrap();
            points[..points.find('"').unwrap()]
                .split_whitespace()
                .map(|p| {
                    let (x, y) = p.split_once(',').unwrap();
                    (x.parse().unwrap(), y.parse().unwrap())
                })
                .collect::<Vec<_>>()
        })
        .filter(|points| points.len() > 2)
        .collect()
}

#[wasm_bindgen_test]
fn each_window_is_a_step_over_its_span_from_its_column_to_the_next() {
    let tl = timeline();
    let marks = Marks::of(&tl).unwrap();
    let rate = &panels(&tl)[0];
    let svg = panel_svg(&tl, rate, &marks, true).unwrap();
    let at: Vec<i32> = columns(&svg).into_iter().map(|(x, _)| x).collect();
    // Throughput has values in windows 0–3 and 5–9 (window 4 has none): two lines, each a
    // level over every window's span.
    let drawn = lines(&svg);
    assert_eq!(
        drawn.iter().map(Vec::len).collect::<Vec<_>>(),
        [8, 10],
        "{svg}"
    );
    for (line, first) in drawn.iter().zip([0, 5]) {
        for (k, step) in line.chunks(2).enumerate() {
            assert_eq!(step[0].1, step[1].1, "window {} is level", first + k);
            assert_eq!(
                step[0].0,
                at[first + k],
                "window {} starts at its column",
                first + k
            );
            if let Some(next) = at.get(first + k + 1) {
                assert_eq!(
                    step[1].0,
                    *next,
                    "window {} ends where the next starts",
                    first + k
                );
            }
        }
    }
    // The last window ends with the run, right of its column; 5 req/s is drawn lower (a
    // larger y) than 20, and 0 lower still.
    assert!(drawn[1][9].0 > at[9]);
    assert!(drawn[0][4].1 > drawn[0][0].1 && drawn[0][6].1 > drawn[0][4].1);
}

#[wasm_bindgen_test]
fn the_state_chart_draws_one_band_per_stretch_of_a_state_in_its_colour() {
    let tl = timeline();
    let marks = Marks::of(&tl).unwrap();
    let states = panels(&tl).pop().unwrap();
    let svg = panel_svg(&tl, &states, &marks, false).unwrap();
    let fills = |colour: &str| svg.matches(&format!(r##"fill="{colour}""##)).count();
    // closed 0–2 s and 6–10 s, open 2–5 s, half-open 5–6 s.
    assert_eq!(fills("#2E7D32"), 2, "{svg}");
    assert_eq!(fills("#C62F2F"), 1, "{svg}");
    assert_eq!(fills("#B36B00"), 1, "{svg}");
    // The band's name, in the label area (plotters writes text on lines of its own).
    assert!(svg.contains("\ndatabase\n</text>"), "{svg}");
}

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

async fn settle() {
    gloo_timers::future::TimeoutFuture::new(0).await;
}

#[wasm_bindgen_test]
async fn the_view_shows_the_benchmark_with_a_timeline_and_says_when_none_has_one() {
    // The example has no timeline: the view says where timelines come from.
    let store = RwSignal::new(Store::with_example());
    let benchmark = RwSignal::new(String::new());
    let root = container();
    let handle = leptos::mount::mount_to(
        root.clone(),
        move || view! { <TimelineView store=store benchmark=benchmark /> },
    );
    settle().await;
    let empty = texts(&root, "#timeline-empty");
    assert!(empty[0].contains("circuit-breaker"), "{empty:?}");

    // A run with a steady timeline and one with an outage: the picker offers both and opens
    // on the one with something to see over time, with every chart.
    store.update(|s| s.add_file("outage.json", run_with_timeline().as_bytes()));
    settle().await;
    assert!(texts(&root, "#timeline-empty").is_empty());
    assert_eq!(
        texts(&root, "#timeline-benchmark option"),
        ["steady", "circuit-breaker"]
    );
    assert_eq!(
        texts(&root, "#timeline-benchmark option:checked"),
        ["circuit-breaker"]
    );
    for id in ["timeline-rate", "timeline-ratio", "timeline-state"] {
        assert!(
            root.query_selector(&format!("#{id} svg"))
                .unwrap()
                .is_some(),
            "{id}"
        );
    }
    let summary = texts(&root, "#timeline-summary");
    assert!(
        summary[0].starts_with("10 windows of 1 s (virtual time)"),
        "{summary:?}"
    );
    let recovery = texts(&root, "#timeline-recovery");
    assert!(recovery[0].contains("Recovered after 1 s"), "{recovery:?}");
    assert_eq!(texts(&root, ".phase-row").len(), 3);
    assert_eq!(texts(&root, ".state-name"), ["closed", "half_open", "open"]);

    // Picking the steady one shows it: one chart, no recovery line.
    benchmark.set("steady".into());
    settle().await;
    assert!(texts(&root, "#timeline-recovery").is_empty());
    assert!(texts(&root, "#timeline-summary")[0].starts_with("3 windows of 1 s"));
    handle.forget();
}

#[wasm_bindgen_test]
async fn a_locust_history_picked_on_the_page_shows_its_timelines() {
    // A real Locust run's history (tests/data/generated/locust): 2, 8, 16, then 2 users.
    const HISTORY: &[u8] =
        include_bytes!("../../tests/data/generated/locust/steps_stats_history.csv");
    let store = RwSignal::new(Store::with_example());
    let benchmark = RwSignal::new(String::new());
    let root = container();
    let handle = leptos::mount::mount_to(
        root.clone(),
        move || view! { <TimelineView store=store benchmark=benchmark /> },
    );
    store.update(|s| s.add_file("steps_stats_history.csv", HISTORY));
    settle().await;
    assert_eq!(
        texts(&root, "#timeline-benchmark option"),
        ["Aggregated", "GET /", "GET /missing"]
    );
    let summary = texts(&root, "#timeline-summary");
    assert!(
        summary[0].starts_with("40 windows of 1 s (wall-clock time)"),
        "{summary:?}"
    );
    // Rates, percentiles, the error rate, and two levels: the users and the mean latency.
    for id in [
        "timeline-rate",
        "timeline-quantile",
        "timeline-ratio",
        "timeline-level",
        "timeline-level-2",
    ] {
        assert!(
            root.query_selector(&format!("#{id} svg"))
                .unwrap()
                .is_some(),
            "{id}"
        );
    }
    assert!(texts(&root, "#timeline-recovery").is_empty());
    handle.forget();
}
