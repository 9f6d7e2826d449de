//! The simulation worker's logic (`benchdash_sim_worker::serve`) in headless Chromium: what the page
//! gets back for a request. The worker itself (its module, its messages, cancelling it) is
//! exercised by the end-to-end test of the built page (tests/tests/e2e.rs), and so is the
//! default suite, too long for this unoptimised build (see sim.rs).

use benchdash_sim::{presets, Simulation};
use benchdash_sim_worker::{serve, Job, Reply, Request};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn replies(request: &Request) -> Vec<Reply> {
    let mut out = Vec::new();
    serve(&serde_json::to_string(request).unwrap(), |r| out.push(r));
    out
}

fn request(scenario: Option<&str>, seed: Option<u64>) -> Request {
    Request {
        job: scenario.map_or(Job::Suite, |s| Job::Scenario(s.to_string())),
        seed,
        timestamp: "2026-01-01T00:00:00Z".to_string(),
    }
}

#[wasm_bindgen_test]
fn a_scenario_comes_back_as_the_run_core_simulates_after_rising_progress() {
    let preset = presets::find("parallel-5").unwrap();
    let out = replies(&request(Some(preset.text), Some(7)));
    let (last, progress) = out.split_last().unwrap();
    let fractions: Vec<f64> = progress
        .iter()
        .map(|r| match r {
            Reply::Progress(f) => *f,
            other => panic!("expected progress before the end, got {other:?}"),
        })
        .collect();
    assert!(
        fractions.windows(2).all(|w| w[0] <= w[1])
            && fractions.iter().all(|f| (0.0..=1.0).contains(f)),
        "{fractions:?}"
    );
    // The same bytes as simulating here, with the same seed, name and timestamp.
    let direct = Simulation::new(&presets::scenario(preset), Some(7))
        .finish("simulation: parallel-5", "2026-01-01T00:00:00Z");
    assert_eq!(last, &Reply::Done(benchdash_core::write::to_json(&direct)));
}

#[wasm_bindgen_test]
fn a_broken_scenario_or_request_fails_with_its_reason_and_nothing_else() {
    let broken = presets::find("parallel-5")
        .unwrap()
        .text
        .replace("requests = 1000", "requests = \"many\"");
    let out = replies(&request(Some(&broken), None));
    match out.as_slice() {
        [Reply::Failed(reason)] => assert!(
            reason.contains("scenario.toml") && reason.contains("workload.requests"),
            "{reason}"
        ),
        other => panic!("{other:?}"),
    }
    let mut out = Vec::new();
    serve("{\"scenario\": 3}", |r| out.push(r));
    assert!(
        matches!(out.as_slice(), [Reply::Failed(reason)] if reason.contains("request")),
        "{out:?}"
    );
}

#[wasm_bindgen_test]
fn replies_survive_their_json_round_trip() {
    for reply in [
        Reply::Ready,
        Reply::Progress(0.25),
        Reply::Done("{\"format\": 1}".into()),
        Reply::Failed("line 3: `x`".into()),
    ] {
        assert_eq!(
            serde_json::from_str::<Reply>(&reply.to_json()).unwrap(),
            reply
        );
    }
}

#[wasm_bindgen_test]
fn a_story_whose_last_night_is_not_a_time_fails_with_the_reason() {
    let out = replies(&Request {
        job: Job::Story,
        seed: None,
        timestamp: "yesterday".to_string(),
    });
    match out.as_slice() {
        [Reply::Failed(reason)] => assert!(reason.contains("`yesterday`"), "{reason}"),
        other => panic!("expected one failure, got {other:?}"),
    }
}
