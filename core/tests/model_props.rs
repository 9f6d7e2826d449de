//! Property tests of the run-file model: for any run the model can hold, write → read gives it
//! back exactly, writing is deterministic, and the readers' rules hold (summaries filled from
//! samples lie within the samples; unusable metrics are dropped with a warning).

use std::collections::BTreeMap;

use benchdash_core::run::{Benchmark, Better, Metric, RunFile, Summary};
use benchdash_core::{read_run, write};
use proptest::prelude::*;

fn finite() -> impl Strategy<Value = f64> {
    prop_oneof![
        -1e12..1e12f64,
        0.0..1.0f64,
        Just(0.0),
        (1u32..1000).prop_map(f64::from)
    ]
}

fn metric() -> impl Strategy<Value = Metric> {
    (
        prop::sample::select(vec![
            "ns", "ms", "s", "MiB", "req/s", "ratio", "%", "x", "count", "widgets",
        ]),
        any::<bool>(),
        prop::option::of(finite()),
        prop::collection::vec(finite(), 0..20),
        prop::option::of((finite(), finite())),
    )
        .prop_map(|(unit, lower, value, samples, summary)| Metric {
            unit: unit.to_string(),
            better: if lower { Better::Lower } else { Better::Higher },
            value,
            summary: summary.map(|(mean, sd)| Summary {
                mean: Some(mean),
                stddev: Some(sd.abs()),
                ..Summary::default()
            }),
            samples,
            extra: None,
        })
}

fn run() -> impl Strategy<Value = RunFile> {
    let benchmark = (
        "[a-z][a-z0-9_/\\- ]{0,12}",
        prop::collection::btree_map("[a-z_]{1,8}", metric(), 0..4),
    );
    (
        "[ -~]{0,20}",
        0i64..4_000_000_000,
        prop::collection::vec(benchmark, 0..6),
        prop::collection::btree_map("[a-z]{1,5}", "[ -~]{0,8}", 0..3),
    )
        .prop_map(|(name, secs, benches, tags)| {
            let time = time::OffsetDateTime::from_unix_timestamp(secs).unwrap();
            let ts = time
                .format(&time::format_description::well_known::Rfc3339)
                .unwrap();
            let mut run = RunFile::new(name, ts);
            run.run.tags = tags;
            let mut seen = std::collections::HashSet::new();
            for (bname, metrics) in benches {
                if seen.insert(bname.clone()) {
                    run.benchmarks.push(Benchmark {
                        timeline: None,
                        name: bname,
                        params: BTreeMap::new(),
                        metrics,
                        extra: None,
                    });
                }
            }
            run
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn read_write_read_is_the_identity_after_the_first_read(original in run()) {
        let first = read_run("a.json", write::to_json(&original).as_bytes()).unwrap();
        let text = write::to_json(&first.run);
        let second = read_run("b.json", text.as_bytes()).unwrap();
        prop_assert_eq!(&second.run, &first.run);
        prop_assert_eq!(write::to_json(&second.run), text);
        prop_assert!(second.warnings.is_empty());
    }

    #[test]
    fn readers_rules_hold(original in run()) {
        let loaded = read_run("a.json", write::to_json(&original).as_bytes()).unwrap();
        let before: usize = original.benchmarks.iter().map(|b| b.metrics.len()).sum();
        let after: usize = loaded.run.benchmarks.iter().map(|b| b.metrics.len()).sum();
        prop_assert_eq!(before - after, loaded.warnings.len(), "every dropped metric is warned about");
        for b in &loaded.run.benchmarks {
            for m in b.metrics.values() {
                prop_assert!(m.headline().is_some(), "kept metrics have a number");
                if !m.samples.is_empty() {
                    let s = m.summary.as_ref().unwrap();
                    let lo = m.samples.iter().cloned().fold(f64::INFINITY, f64::min);
                    let hi = m.samples.iter().cloned().fold(f64::NEG_INFINITY, f64::max);
                    prop_assert_eq!(s.min, Some(lo));
                    prop_assert_eq!(s.max, Some(hi));
                    for p in [s.p50, s.p90, s.p95, s.p99, s.median] {
                        let p = p.unwrap();
                        prop_assert!(lo <= p && p <= hi, "{} outside [{}, {}]", p, lo, hi);
                    }
                }
            }
        }
        prop_assert_eq!(loaded.run.id().len(), 12);
    }
}
