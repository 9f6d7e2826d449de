//! benchdash's statistics against reference values computed independently with numpy and
//! scipy by tests/reference/reference.py (which documents where every number comes from).
//! Tolerances: descriptive statistics 1e-9 relative (the same arithmetic); Welch's t and df
//! 1e-9 relative; p-values 1e-9 absolute (statrs' and scipy's special functions agree far
//! beyond that); Mann-Whitney U exactly; bootstrap intervals within 15 % of the interval's
//! width (different generators: only Monte-Carlo error separates them).

use std::collections::BTreeMap;

use benchdash_core::compare::compare;
use benchdash_core::run::{Benchmark, Better, Metric, RunFile};
use benchdash_core::stats::inference::{self, Method};
use benchdash_core::stats::{bootstrap, descriptive, Stat};
use benchdash_core::thresholds::Thresholds;
use serde_json::Value;

fn reference() -> Value {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../tests/reference/stats.json");
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

fn floats(v: &Value) -> Vec<f64> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|x| x.as_f64().unwrap())
        .collect()
}

#[track_caller]
fn close(got: f64, want: f64, rel: f64, what: &str) {
    let tol = rel * want.abs().max(1.0);
    assert!(
        (got - want).abs() <= tol,
        "{what}: got {got}, scipy {want} (tolerance {tol})"
    );
}

#[test]
fn descriptive_statistics_match_numpy_and_scipy() {
    let r = reference();
    for case in r["descriptive"].as_array().unwrap() {
        let name = case["name"].as_str().unwrap();
        let xs = floats(&case["xs"]);
        let d = descriptive::describe(&xs).unwrap();
        let f = |k: &str| case[k].as_f64().unwrap();
        close(d.mean, f("mean"), 1e-12, &format!("{name} mean"));
        match case["stddev"].as_f64() {
            Some(sd) => close(d.stddev.unwrap(), sd, 1e-12, &format!("{name} sd")),
            None => assert_eq!(d.stddev, None, "{name}: n = 1 has no sample sd"),
        }
        close(d.median, f("median"), 1e-12, &format!("{name} median"));
        close(d.mad, f("mad"), 1e-12, &format!("{name} mad"));
        close(d.min, f("min"), 0.0, &format!("{name} min"));
        close(d.max, f("max"), 0.0, &format!("{name} max"));
        for (p, want) in case["percentiles"].as_object().unwrap() {
            let p: f64 = p.parse().unwrap();
            let got = descriptive::percentile(&xs, p).unwrap();
            close(got, want.as_f64().unwrap(), 1e-12, &format!("{name} p{p}"));
            let stat: Stat = format!("p{p}").parse().unwrap();
            close(
                stat.of_samples(&xs).unwrap(),
                want.as_f64().unwrap(),
                1e-12,
                "Stat",
            );
        }
        match case["cv"].as_f64() {
            Some(cv) => close(d.cv.unwrap(), cv, 1e-12, &format!("{name} cv")),
            None => assert_eq!(d.cv, None),
        }
        close(
            d.geometric_mean.unwrap(),
            f("geometric_mean"),
            1e-12,
            &format!("{name} gmean"),
        );
        for (got, want) in d.outliers.fences.iter().zip(floats(&case["fences"])) {
            close(*got, want, 1e-12, &format!("{name} fence"));
        }
        let o = &case["outliers"];
        let count = |k: &str| o[k].as_u64().unwrap() as usize;
        assert_eq!(
            (
                d.outliers.low_severe,
                d.outliers.low_mild,
                d.outliers.high_mild,
                d.outliers.high_severe
            ),
            (
                count("low_severe"),
                count("low_mild"),
                count("high_mild"),
                count("high_severe")
            ),
            "{name} outliers"
        );
    }
}

#[test]
fn welch_matches_scipy_ttest_ind() {
    let r = reference();
    for case in r["welch"].as_array().unwrap() {
        let name = case["name"].as_str().unwrap();
        let (a, b) = (floats(&case["a"]), floats(&case["b"]));
        let got = inference::welch(&a, &b);
        match name {
            // n = 1 on a side: scipy gives NaN, benchdash no test at all.
            "one_vs_five" | "one_each" => assert!(got.is_none(), "{name}"),
            // Zero variance on both sides, equal means: scipy NaN; benchdash p = 1.
            "zero_variance_equal" => assert_eq!(got.unwrap().p_value, 1.0),
            // Zero variance, different means: scipy t = ±inf and p = 0, as benchdash.
            "zero_variance_apart" => {
                let t = got.unwrap();
                assert_eq!(t.p_value, 0.0);
                assert_eq!(case["p_value"].as_f64(), Some(0.0));
                assert!(t.t.is_infinite());
            }
            _ => {
                let t = got.unwrap_or_else(|| panic!("{name}: no test"));
                // scipy's statistic is (mean_a − mean_b)/SE; benchdash's (mean_b − mean_a)/SE.
                close(
                    -t.t,
                    case["t"].as_f64().unwrap(),
                    1e-9,
                    &format!("{name} t"),
                );
                close(
                    t.df,
                    case["df"].as_f64().unwrap(),
                    1e-9,
                    &format!("{name} df"),
                );
                let p = case["p_value"].as_f64().unwrap();
                assert!(
                    (t.p_value - p).abs() < 1e-9,
                    "{name} p: {} vs scipy {p}",
                    t.p_value
                );
            }
        }
    }
}

#[test]
fn welch_from_summaries_matches_scipy_ttest_ind_from_stats() {
    let r = reference();
    for case in r["welch_summary"].as_array().unwrap() {
        let s = floats(&case["summary"]);
        let t = inference::welch_from_summary(s[0], s[1], s[2], s[3], s[4], s[5]).unwrap();
        close(-t.t, case["t"].as_f64().unwrap(), 1e-9, "t");
        assert!((t.p_value - case["p_value"].as_f64().unwrap()).abs() < 1e-9);
    }
}

#[test]
fn mann_whitney_matches_scipy_mannwhitneyu() {
    let r = reference();
    for case in r["mann_whitney"].as_array().unwrap() {
        let name = case["name"].as_str().unwrap();
        let (a, b) = (floats(&case["a"]), floats(&case["b"]));
        let got = inference::mann_whitney(&a, &b).unwrap();
        assert_eq!(got.u, case["u"].as_f64().unwrap(), "{name} U");
        let want_method = match case["method"].as_str().unwrap() {
            "exact" => Method::Exact,
            _ => Method::Asymptotic,
        };
        assert_eq!(got.method, want_method, "{name} method");
        let p = case["p_value"].as_f64().unwrap();
        assert!(
            (got.p_value - p).abs() < 1e-9,
            "{name} p: {} vs scipy {p}",
            got.p_value
        );
    }
}

#[test]
fn bootstrap_intervals_agree_with_scipy_bootstrap() {
    let r = reference();
    for case in r["bootstrap"].as_array().unwrap() {
        let name = case["name"].as_str().unwrap();
        let stat: Stat = case["stat"].as_str().unwrap().parse().unwrap();
        let (b, c) = (floats(&case["baseline"]), floats(&case["candidate"]));
        let ci = bootstrap::relative_change_ci(&b, &c, stat, 0.95, 20_000, 42).unwrap();
        let (lo, hi) = (
            case["lower"].as_f64().unwrap(),
            case["upper"].as_f64().unwrap(),
        );
        let tol = 0.15 * (hi - lo);
        assert!(
            (ci.lower - lo).abs() <= tol && (ci.upper - hi).abs() <= tol,
            "{name}: [{}, {}] vs scipy [{lo}, {hi}] (tolerance {tol})",
            ci.lower,
            ci.upper
        );
        let point = case["point"].as_f64().unwrap();
        assert!(
            ci.lower <= point && point <= ci.upper,
            "{name}: point outside"
        );
    }
}

fn run_with(name: &str, unit: &str, samples: Vec<f64>) -> RunFile {
    let mut run = RunFile::new(name, "2026-11-24T00:00:00Z");
    run.run.id = Some(name.to_string());
    let mut metrics = BTreeMap::new();
    metrics.insert(
        "latency".to_string(),
        Metric {
            unit: unit.to_string(),
            better: Better::Lower,
            value: None,
            summary: None,
            samples,
            extra: None,
        },
    );
    run.benchmarks.push(Benchmark {
        timeline: None,
        name: "single-tool".into(),
        params: BTreeMap::new(),
        metrics,
        extra: None,
    });
    run
}

#[test]
fn mismatched_units_convert_before_the_test() {
    let r = reference();
    let case = &r["compare_units"];
    let base = run_with("base", "ms", floats(&case["baseline_ms"]));
    let cand = run_with("cand", "s", floats(&case["candidate_s"]));
    let c = compare(&base, &cand, &Thresholds::default()).unwrap();
    let row = &c.rows[0];
    assert_eq!(row.unit, "ms");
    close(
        row.change.unwrap(),
        case["change"].as_f64().unwrap(),
        1e-9,
        "change",
    );
    let p = case["p_value"].as_f64().unwrap();
    assert!(
        (row.p_value.unwrap() - p).abs() < 1e-9,
        "{:?} vs {p}",
        row.p_value
    );
    // And units that cannot convert are an error naming the benchmark and both units.
    let other = run_with("cand", "req/s", floats(&case["candidate_s"]));
    let err = compare(&base, &other, &Thresholds::default()).unwrap_err();
    let msg = err.to_string();
    assert!(
        msg.contains("single-tool") && msg.contains("ms") && msg.contains("req/s"),
        "{msg}"
    );
}

/// Fieller's interval against scipy's Welch statistic inverted numerically (reference.py): the
/// ends to 1e-9 (relative, or absolute below 1), the kind of set, the degrees of freedom and
/// the t quantile, from samples where the case has them and from the summary always.
#[test]
fn fieller_matches_scipy_inverted_welch() {
    let r = reference();
    let cases = r["fieller"].as_array().unwrap();
    assert!(cases.len() >= 10);
    for case in cases {
        let name = case["name"].as_str().unwrap();
        let s = floats(&case["summary"]);
        let level = case["level"].as_f64().unwrap();
        let t = inference::welch_from_summary(s[0], s[1], s[2], s[3], s[4], s[5]).unwrap();
        close(
            t.df,
            case["df"].as_f64().unwrap(),
            1e-9,
            &format!("{name} df"),
        );
        close(
            inference::t_quantile(t.df, (1.0 + level) / 2.0).unwrap(),
            case["t_quantile"].as_f64().unwrap(),
            1e-9,
            &format!("{name} t quantile"),
        );
        let mut sets = vec![(
            "summary",
            inference::fieller_from_summary(s[0], s[1], s[2], s[3], s[4], s[5], level).unwrap(),
        )];
        if let Some(b) = case.get("baseline") {
            let (b, c) = (floats(b), floats(&case["candidate"]));
            sets.push(("samples", inference::fieller(&b, &c, level).unwrap()));
        }
        let want = |k: &str| case[k].as_f64().unwrap();
        for (from, set) in sets {
            let what = format!("{name} ({from})");
            match (case["kind"].as_str().unwrap(), set) {
                ("interval", inference::RatioSet::Interval(i)) => {
                    close(i.lower, want("lower"), 1e-9, &format!("{what} lower"));
                    close(i.upper, want("upper"), 1e-9, &format!("{what} upper"));
                    assert_eq!(i.level, level);
                }
                ("unbounded", inference::RatioSet::Outside { lower, upper, .. }) => {
                    close(lower, want("lower"), 1e-9, &format!("{what} lower"));
                    close(upper, want("upper"), 1e-9, &format!("{what} upper"));
                }
                ("everything", inference::RatioSet::Everything { .. }) => {}
                (kind, set) => panic!("{what}: scipy says {kind}, benchdash {set:?}"),
            }
            assert_eq!(
                !set.contains(0.0),
                case["excludes_zero"].as_bool().unwrap(),
                "{what}"
            );
            // And the test agrees: the set leaves out 0 exactly when p < 1 − level.
            let p = case["p_value"].as_f64().unwrap();
            assert!((t.p_value - p).abs() < 1e-9, "{what} p");
            assert_eq!(!set.contains(0.0), p < 1.0 - level, "{what}");
        }
    }
}
