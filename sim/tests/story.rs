//! The first visit's story tells what docs/dashboard.md says it does, through core's own
//! judgements (the ones the dashboard shows): last night's regression in Compare, the slower
//! tool's change point in Trends, and the single-tool limit's warning in Thresholds, with no
//! other alarm.

use benchdash_core::compare::{check, compare_with_history, History, LimitStatus, Status, Verdict};
use benchdash_core::run::RunFile;
use benchdash_core::thresholds::Thresholds;
use benchdash_core::trend::{analyze_with, Options};
use benchdash_sim::story::{Story, NIGHTS, SLOWER_FROM};

const LIMITS: &str = include_str!("../../examples/thresholds/orchestrator-baseline.toml");

fn story() -> Vec<RunFile> {
    // Read back as the page does, so each run gets its content-derived id.
    Story::new("2026-12-02T06:00:00Z")
        .unwrap()
        .finish()
        .iter()
        .map(|run| {
            let text = benchdash_core::write::to_json(run);
            benchdash_core::read_run("story", text.as_bytes())
                .unwrap()
                .run
        })
        .collect()
}

#[test]
fn the_story_shows_a_regression_a_change_point_and_a_warning_and_nothing_else() {
    let runs = story();
    assert_eq!(runs.len(), NIGHTS);
    let thresholds = Thresholds::parse("orchestrator-baseline.toml", LIMITS).unwrap();

    // Compare: the newest night against the one before, judged with the history.
    let (baseline, candidate) = (&runs[NIGHTS - 2], &runs[NIGHTS - 1]);
    let comparison =
        compare_with_history(baseline, candidate, &History::new(&runs), &thresholds).unwrap();
    let changed: Vec<String> = comparison
        .rows
        .iter()
        .filter(|r| matches!(r.verdict, Verdict::Regressed | Verdict::Improved))
        .map(|r| format!("{}/{} {:?}", r.benchmark, r.metric, r.verdict))
        .collect();
    assert!(
        changed.contains(&"speculation/latency Regressed".to_string()),
        "{changed:?}"
    );
    assert!(
        changed.iter().all(|c| c.starts_with("speculation/")),
        "only speculation changed last night: {changed:?}"
    );

    // Trends: the slower tool's change point at night 20, in every preset that calls it, and
    // no change point anywhere else (the last night's change is one point: not a segment).
    let trend = analyze_with(&runs, &Options::default(), &thresholds).unwrap();
    let points: Vec<String> = trend
        .change_points
        .iter()
        .map(|c| format!("{}/{}@{}", c.benchmark, c.metric, c.index))
        .collect();
    for benchmark in ["single-tool", "parallel-5", "sequential-5"] {
        assert!(
            points.contains(&format!("{benchmark}/latency@{}", SLOWER_FROM - 1)),
            "{benchmark}: {points:?}"
        );
    }
    assert!(
        trend
            .change_points
            .iter()
            .all(|c| c.index == SLOWER_FROM - 1
                && !c.benchmark.starts_with("speculation")
                && !c.metric.contains("rate_limit")),
        "{points:?}"
    );

    // Thresholds: every limit finds its metric, and the single-tool latency warns on the
    // newest run (it passed before the change).
    let before = check(&runs[SLOWER_FROM - 2], &thresholds).unwrap();
    let after = check(candidate, &thresholds).unwrap();
    for c in [&before, &after] {
        assert!(
            c.limits.iter().all(|l| l.status != LimitStatus::NoData),
            "{:?}",
            c.limits
        );
    }
    let single = |c: &benchdash_core::compare::Check| {
        c.limits
            .iter()
            .find(|l| l.benchmark == "single-tool")
            .map(|l| l.status)
            .unwrap()
    };
    assert_eq!(single(&before), LimitStatus::Pass);
    assert_eq!(single(&after), LimitStatus::Warn);
    assert!(after.status >= Status::Warn);

    // Timeline: every night's circuit-breaker run has one, with the outage, the breaker's
    // open band and the recovery after it.
    for run in &runs {
        let timeline = run
            .benchmarks
            .iter()
            .find(|b| b.name == "circuit-breaker")
            .and_then(|b| b.timeline.as_ref())
            .expect("a circuit-breaker timeline every night");
        let breaker = timeline.get("breaker_state:database").unwrap();
        assert!((0..timeline.len()).any(|i| breaker.state_at(i) == Some("open")));
        let labels: Vec<&str> = timeline.phases.iter().map(|p| p.label.as_str()).collect();
        assert!(labels.contains(&"outage: database"), "{labels:?}");
        assert!(labels.contains(&"recovery"), "{labels:?}");
    }
}
