//! The load testers' and the JVM/.NET harnesses' importers on real files: made here by running
//! the tools (tests/data/generated, with generate.sh) or copied from public repositories
//! (tests/data/fixtures, SOURCES.md there). The numbers are checked against the tool's own
//! output where it printed one (Locust's tables), else against the values in the file.

use super::tests::{error, names};
use super::*;

fn import_bytes(path: &str, bytes: &[u8]) -> Result<Imported, ImportError> {
    let files = [SourceFile {
        path,
        bytes,
        modified: Some("2026-01-02T03:04:05Z"),
    }];
    import(&files, &Options::default()).map(|mut out| {
        assert_eq!(out.len(), 1);
        out.remove(0)
    })
}

fn one(path: &str, bytes: &[u8]) -> (Format, RunFile, Vec<String>) {
    let mut imported = import_bytes(path, bytes).unwrap_or_else(|e| panic!("{e}"));
    let loaded = imported.runs.remove(0);
    (imported.format, loaded.run, loaded.warnings)
}

fn bench<'a>(run: &'a RunFile, name: &str) -> &'a crate::run::Benchmark {
    run.benchmarks
        .iter()
        .find(|b| b.name == name)
        .unwrap_or_else(|| panic!("no benchmark {name:?} in {:?}", names(run)))
}

fn value(b: &crate::run::Benchmark, metric: &str) -> f64 {
    b.metrics[metric]
        .value
        .unwrap_or_else(|| panic!("{}: no value for {metric}", b.name))
}

mod locust {
    use super::*;

    const STATS: &[u8] = include_bytes!("../../../tests/data/generated/locust/run_stats.csv");
    const HISTORY: &[u8] =
        include_bytes!("../../../tests/data/generated/locust/run_stats_history.csv");
    const FAILURES: &[u8] = include_bytes!("../../../tests/data/generated/locust/run_failures.csv");
    /// The tables Locust printed at the end of the same run (stderr): the oracle.
    const PRINTED: &str = include_str!("../../../tests/data/generated/locust/printed.txt");

    /// The rows of a table Locust printed, from its first line after the header to the blank
    /// line that ends it: the name (`GET /`, `Aggregated`) and the numbers.
    fn table<'a>(lines: impl Iterator<Item = &'a str>) -> Vec<(String, Vec<String>)> {
        let mut rows = Vec::new();
        for line in lines {
            if line.trim().is_empty() {
                break;
            }
            if line.starts_with("--------") {
                continue;
            }
            let words: Vec<&str> = line.split_whitespace().filter(|w| *w != "|").collect();
            let (name, numbers) = if words[0] == "Aggregated" {
                ("Aggregated".to_string(), &words[1..])
            } else {
                (format!("{} {}", words[0], words[1]), &words[2..])
            };
            rows.push((name, numbers.iter().map(|s| s.to_string()).collect()));
        }
        rows
    }

    fn int(s: &str) -> f64 {
        s.split('(').next().unwrap().parse().unwrap()
    }

    #[test]
    fn stats_csv_matches_the_tables_locust_printed() {
        let (format, run, warnings) = one("run_stats.csv", STATS);
        assert_eq!(format, Format::Locust);
        assert_eq!(
            names(&run),
            [
                "GET /",
                "POST /form",
                "GET /missing",
                "GET /page.txt",
                "Aggregated"
            ]
        );
        // `# reqs  # fails | Avg Min Max Med | req/s failures/s`; Locust prints the times
        // with `%d` (truncated) and the rates with `%.2f`.
        assert!(PRINTED.starts_with("Type     Name"));
        let stats = table(PRINTED.lines().skip(1));
        assert_eq!(stats.len(), 5);
        for (name, cells) in &stats {
            let b = bench(&run, name);
            let latency = &b.metrics["latency"];
            assert_eq!(latency.unit, "ms");
            assert_eq!(latency.better, Better::Lower);
            let s = latency.summary.as_ref().unwrap();
            assert_eq!(value(b, "requests"), int(&cells[0]), "{name}");
            assert_eq!(s.n, Some(int(&cells[0]) as u64), "{name}");
            assert_eq!(value(b, "failures"), int(&cells[1]), "{name}");
            assert_eq!(s.mean.unwrap().trunc(), int(&cells[2]), "{name} avg");
            assert_eq!(s.min.unwrap().trunc(), int(&cells[3]), "{name} min");
            assert_eq!(s.max.unwrap().trunc(), int(&cells[4]), "{name} max");
            assert_eq!(s.median.unwrap(), int(&cells[5]), "{name} median");
            assert_eq!(
                format!("{:.2}", value(b, "throughput")),
                cells[6],
                "{name} req/s"
            );
            assert_eq!(
                format!("{:.2}", value(b, "failure_throughput")),
                cells[7],
                "{name} failures/s"
            );
            assert_eq!(
                value(b, "error_rate"),
                int(&cells[1]) / int(&cells[0]),
                "{name}"
            );
        }
        // `50% 66% 75% 80% 90% 95% 98% 99% 99.9% 99.99% 100% # reqs`
        let after = PRINTED.split("Response time percentiles").nth(1).unwrap();
        // The rest of the title's line, then the header.
        let percentiles = table(after.lines().skip(2));
        assert_eq!(percentiles.len(), 5);
        let keys = [
            "50%", "66%", "75%", "80%", "90%", "95%", "98%", "99%", "99.9%", "99.99%", "100%",
        ];
        for (name, cells) in &percentiles {
            let latency = &bench(&run, name).metrics["latency"];
            let extra = latency.extra.as_ref().unwrap()["percentiles"]
                .as_object()
                .unwrap();
            assert_eq!(extra.len(), keys.len());
            for (key, cell) in keys.iter().zip(cells) {
                assert_eq!(extra[*key].as_f64(), Some(int(cell)), "{name} {key}");
            }
            let s = latency.summary.as_ref().unwrap();
            assert_eq!(s.p50, Some(int(&cells[0])));
            assert_eq!(s.p90, Some(int(&cells[4])));
            assert_eq!(s.p95, Some(int(&cells[5])));
            assert_eq!(s.p99, Some(int(&cells[7])));
            assert_eq!(s.n, Some(int(&cells[11]) as u64));
        }
        // Directions and units of the rest.
        let agg = bench(&run, "Aggregated");
        assert!(agg.params.is_empty());
        assert_eq!(bench(&run, "POST /form").params["method"], "POST");
        let m = &agg.metrics;
        assert_eq!(
            (m["throughput"].unit.as_str(), m["throughput"].better),
            ("req/s", Better::Higher)
        );
        assert_eq!(m["failure_throughput"].better, Better::Lower);
        assert_eq!(
            (m["error_rate"].unit.as_str(), m["error_rate"].better),
            ("ratio", Better::Lower)
        );
        assert_eq!(m["content_size"].unit, "B");
        // The failed requests are warned about, per endpoint and in all.
        assert!(
            warnings.iter().any(|w| w.contains("\"GET /missing\"")),
            "{warnings:?}"
        );
        assert!(!warnings.iter().any(|w| w.contains("\"GET /\":")));
        assert_eq!(run.run.timestamp, "2026-01-02T03:04:05Z");
    }

    #[test]
    fn only_the_stats_file_is_claimed() {
        assert_eq!(detect("run_stats.csv", STATS), Some(Format::Locust));
        // Under any name: detection is by content.
        assert_eq!(detect("x.txt", STATS), Some(Format::Locust));
        assert_eq!(
            detect("run_stats_history.csv", HISTORY),
            Some(Format::LocustHistory)
        );
        assert_eq!(detect("run_failures.csv", FAILURES), None);
        assert_eq!(detect("a.csv", b"Type,Name,Value\nGET,/,1\n"), None);
        assert_eq!(detect("a.csv", b"name,value\nx,1\n"), None);
        // criterion's raw.csv
        assert_eq!(
            detect(
                "raw.csv",
                b"group,function,value,throughput_num,throughput_type,sample_measured_value,unit,iteration_count\n"
            ),
            None
        );
        // A folder's walk takes the stats file, not the history (the same test again, as
        // timelines: picked by name it imports) or the failures.
        assert!(is_result_file("results/run_stats.csv"));
        assert!(!is_result_file("results/run_stats_history.csv"));
        assert!(!is_result_file("results/run_failures.csv"));
        assert!(!is_result_file("target/criterion/x/new/raw.csv"));
    }

    #[test]
    fn an_older_quoted_header_reads_too() {
        // Locust before 1.0 quoted every cell and called the columns `Method`, `# requests`.
        let old = b"\"Method\",\"Name\",\"# requests\",\"# failures\",\"Median response time\",\"Average response time\",\"Min response time\",\"Max response time\",\"Average Content Size\",\"Requests/s\",\"Requests Failed/s\",\"50%\",\"99%\",\"100%\"\n\"GET\",\"/\",10,1,12,13.5,2,40,16,5.0,0.5,12,40,40\n\"None\",\"Aggregated\",10,1,12,13.5,2,40,16,5.0,0.5,12,40,40\n";
        let (format, run, _) = one("old_stats.csv", old);
        assert_eq!(format, Format::Locust);
        let b = bench(&run, "GET /");
        assert_eq!(value(b, "error_rate"), 0.1);
        assert_eq!(value(b, "failure_throughput"), 0.5);
        assert_eq!(
            b.metrics["latency"].summary.as_ref().unwrap().p99,
            Some(40.0)
        );
    }

    #[test]
    fn bad_stats_files_name_the_file_and_the_place() {
        let text = std::str::from_utf8(STATS).unwrap();
        // Cut in the middle of a row.
        let cut = &text[..text.len() / 2];
        let err = error("run_stats.csv", cut.as_bytes(), None);
        assert!(err.contains("(read as locust)"), "{err}");
        assert!(err.contains("fields"), "{err}");
        // A word where a number belongs.
        let bad = text.replacen(",204,0,", ",many,0,", 1);
        assert_ne!(bad, text);
        let err = error("run_stats.csv", bad.as_bytes(), None);
        assert!(
            err.contains("line 2, column `Request Count`: `many` is not a number"),
            "{err}"
        );
        let bad = text.replacen("2768.0", "big", 1);
        let err = error("run_stats.csv", bad.as_bytes(), None);
        assert!(
            err.contains("line 5, column `Average Content Size`: `big`"),
            "{err}"
        );
        // The header only.
        let header = text.lines().next().unwrap();
        let err = error("run_stats.csv", header.as_bytes(), None);
        assert!(err.contains("without rows"), "{err}");
        // Forced on something else.
        let err = error("x.csv", b"a,b\n1,2\n", Some(Format::Locust));
        assert!(err.contains("not a Locust stats CSV"), "{err}");
        let err = error("x.csv", &[0xff, 0xfe, 0], Some(Format::Locust));
        assert!(err.contains("UTF-8"), "{err}");
    }

    #[test]
    fn no_requests_give_counts_but_no_latency() {
        let text = "Type,Name,Request Count,Failure Count,Median Response Time,Average Response Time,Min Response Time,Max Response Time,Average Content Size,Requests/s,Failures/s,50%,66%,75%,80%,90%,95%,98%,99%,99.9%,99.99%,100%\n,Aggregated,0,0,0,0,0,0,0,0.0,0.0,N/A,N/A,N/A,N/A,N/A,N/A,N/A,N/A,N/A,N/A,N/A\n";
        let (_, run, _) = one("empty_stats.csv", text.as_bytes());
        let b = bench(&run, "Aggregated");
        assert!(!b.metrics.contains_key("latency"));
        assert!(!b.metrics.contains_key("error_rate"));
        assert_eq!(value(b, "requests"), 0.0);
    }
}

mod locust_history {
    use super::*;
    use crate::timeline::{Clock, Kind};

    /// 40 s of a stepped load (locustfile_steps.py: 2, 8, 16, then 2 users, 10 s each), a row
    /// a second for `Aggregated`, `GET /` and `GET /missing` (`--csv-full-history`).
    const STEPS: &[u8] =
        include_bytes!("../../../tests/data/generated/locust/steps_stats_history.csv");
    /// The same run's final stats: the totals' oracle.
    const STEPS_STATS: &[u8] =
        include_bytes!("../../../tests/data/generated/locust/steps_stats.csv");
    const SHORT: &[u8] =
        include_bytes!("../../../tests/data/generated/locust/run_stats_history.csv");

    fn series<'a>(b: &'a crate::run::Benchmark, name: &str) -> &'a [Option<f64>] {
        let tl = b.timeline.as_ref().expect("a timeline");
        tl.values(name)
            .unwrap_or_else(|| panic!("{}: no series {name}", b.name))
    }

    fn mean_of(values: &[Option<f64>]) -> f64 {
        let known: Vec<f64> = values.iter().flatten().copied().collect();
        known.iter().sum::<f64>() / known.len() as f64
    }

    #[test]
    fn every_endpoint_gets_a_timeline_of_one_second_windows_from_the_first_row() {
        let (format, run, warnings) = one("steps_stats_history.csv", STEPS);
        assert_eq!(format, Format::LocustHistory);
        assert_eq!(names(&run), ["Aggregated", "GET /", "GET /missing"]);
        // The first row's time (Unix seconds 1796296037), not the file's.
        assert_eq!(run.run.timestamp, "2026-12-03T11:07:17Z");
        assert!(
            warnings.iter().any(|w| w.contains("1036 of 1036")),
            "{warnings:?}"
        );
        for b in &run.benchmarks {
            let tl = b.timeline.as_ref().unwrap();
            tl.check().unwrap();
            assert_eq!(
                (tl.clock, tl.window.as_str(), tl.len()),
                (Clock::Wall, "1s", 40)
            );
            let kinds: Vec<(&str, Kind)> = tl
                .series
                .iter()
                .map(|(n, s)| (n.as_str(), s.kind()))
                .collect();
            assert_eq!(
                kinds,
                [
                    ("error_rate", Kind::Ratio),
                    ("latency_mean", Kind::Level),
                    ("latency_p50", Kind::Quantile),
                    ("latency_p95", Kind::Quantile),
                    ("latency_p99", Kind::Quantile),
                    ("throughput", Kind::Rate),
                    ("users", Kind::Level),
                ]
            );
        }
    }

    #[test]
    fn the_windows_hold_every_request_once_and_the_endpoints_add_up_to_the_aggregate() {
        let (_, run, _) = one("steps_stats_history.csv", STEPS);
        let (_, stats, _) = one("steps_stats.csv", STEPS_STATS);
        for b in &run.benchmarks {
            // Each window's rate times its second is its requests: together, the total.
            let total: f64 = series(b, "throughput").iter().flatten().sum();
            assert_eq!(total, value(b, "requests"), "{}", b.name);
            // The last row's totals are the stats file's (the users stopped with the shape).
            let s = bench(&stats, &b.name);
            assert_eq!(value(b, "requests"), value(s, "requests"), "{}", b.name);
            assert_eq!(value(b, "failures"), value(s, "failures"), "{}", b.name);
            let (h, f) = (
                b.metrics["latency"].summary.as_ref().unwrap(),
                s.metrics["latency"].summary.as_ref().unwrap(),
            );
            assert_eq!((h.n, h.mean, h.min, h.max), (f.n, f.mean, f.min, f.max));
            // The windows' means, weighted by their requests, are the run's mean.
            let weighted: f64 = series(b, "latency_mean")
                .iter()
                .zip(series(b, "throughput"))
                .filter_map(|(m, n)| Some(m.as_ref()? * n.as_ref()?))
                .sum();
            let mean = weighted / value(b, "requests");
            assert!((mean - h.mean.unwrap()).abs() < 1e-9, "{}: {mean}", b.name);
        }
        // Locust writes the aggregate and the endpoints as rows of their own: window by
        // window, the endpoints' requests and failures add up to the aggregate's.
        let all = bench(&run, "Aggregated");
        let (get, missing) = (bench(&run, "GET /"), bench(&run, "GET /missing"));
        for i in 0..40 {
            let rate = |b| series(b, "throughput")[i].unwrap();
            assert_eq!(rate(get) + rate(missing), rate(all), "window {i}");
            let failed = |b| series(b, "error_rate")[i].unwrap_or(0.0) * rate(b);
            let sum = failed(get) + failed(missing);
            assert!((sum - failed(all)).abs() < 1e-9, "window {i}");
        }
        // `/missing` answers 404: every window's requests failed; `/` never.
        assert!(series(missing, "error_rate")
            .iter()
            .flatten()
            .all(|e| *e == 1.0));
        assert!(series(get, "error_rate")
            .iter()
            .flatten()
            .all(|e| *e == 0.0));
    }

    #[test]
    fn the_users_follow_the_shape_and_the_rate_follows_the_users() {
        let (_, run, _) = one("steps_stats_history.csv", STEPS);
        let all = bench(&run, "Aggregated");
        let users = series(all, "users");
        // The shape: 2, 8, 16, 2 users for 10 s each (window 30 is the step down).
        for (i, want) in [(5, 2.0), (15, 8.0), (25, 16.0), (35, 2.0)] {
            assert_eq!(users[i], Some(want), "window {i}");
        }
        let rate = series(all, "throughput");
        // The first window had requests, but Locust wrote 0 for every percentile (it had no
        // totals cached from 10 s before): no percentiles, not 0 ms.
        assert_eq!(rate[0], Some(38.0));
        assert_eq!(series(all, "latency_p95")[0], None);
        let (two, sixteen) = (mean_of(&rate[1..10]), mean_of(&rate[21..30]));
        // Each user waits 20–80 ms between requests of ~3 ms: ~19 requests/s each.
        assert!((25.0..60.0).contains(&two), "{two}");
        assert!(sixteen > 6.0 * two, "{two} -> {sixteen}");
        // Percentiles are Locust's (whole milliseconds here) and ordered.
        let (p50, p99) = (series(all, "latency_p50"), series(all, "latency_p99"));
        for i in 1..40 {
            assert!(p50[i].unwrap() <= p99[i].unwrap(), "window {i}");
        }
    }

    #[test]
    fn a_short_history_and_rows_every_two_seconds() {
        // Eight rows, the first before any request (N/A), the last two with nothing new.
        let (_, run, _) = one("run_stats_history.csv", SHORT);
        let all = bench(&run, "Aggregated");
        assert_eq!(all.timeline.as_ref().unwrap().len(), 7);
        assert_eq!(&series(all, "latency_p95")[..2], [Some(330.0), Some(69.0)]);
        assert_eq!(
            &series(all, "throughput")[..3],
            [Some(59.0), Some(91.0), Some(88.0)]
        );
        assert_eq!(
            &series(all, "throughput")[3..],
            [Some(93.0), Some(69.0), Some(0.0), Some(0.0)]
        );
        assert_eq!(series(all, "latency_mean")[5], None, "no requests, no mean");
        assert_eq!(value(all, "requests"), 400.0);

        // Every other row of the stepped history: 2 s windows, each the mean of two of the
        // 1 s windows' rates.
        let text = std::str::from_utf8(STEPS).unwrap();
        let mut lines = text.lines();
        let mut thinned = vec![lines.next().unwrap().to_string()];
        thinned.extend(
            lines
                .filter(|l| {
                    let t: i64 = l.split(',').next().unwrap().parse().unwrap();
                    (t - 1796296037) % 2 == 0
                })
                .map(str::to_string),
        );
        let (_, two, _) = one("x_stats_history.csv", thinned.join("\n").as_bytes());
        let (_, one_s, _) = one("steps_stats_history.csv", STEPS);
        let (a, b) = (bench(&two, "Aggregated"), bench(&one_s, "Aggregated"));
        assert_eq!(a.timeline.as_ref().unwrap().window, "2s");
        let (wide, narrow) = (series(a, "throughput"), series(b, "throughput"));
        assert_eq!(wide.len(), 20);
        for (i, w) in wide.iter().enumerate() {
            let pair = (narrow[2 * i].unwrap() + narrow[2 * i + 1].unwrap()) / 2.0;
            assert_eq!(w.unwrap(), pair, "window {i}");
        }
    }

    #[test]
    fn a_long_history_widens_its_windows_up_front() {
        // An hour of rows a second, 10 requests in each: 3,600 intervals make 1,800 windows
        // of 2 s, each with the 20 requests of its two seconds.
        let header = std::str::from_utf8(STEPS).unwrap().lines().next().unwrap();
        let mut text = vec![header.to_string()];
        for i in 0..=3600u64 {
            text.push(format!(
                "{},5,,Aggregated,10,0,3,3,4,4,5,6,7,8,9,10,11,{},0,3,3.0,1.0,11.0,16",
                1_796_000_000 + i,
                10 * i
            ));
        }
        let (_, run, _) = one("hour_stats_history.csv", text.join("\n").as_bytes());
        let tl = bench(&run, "Aggregated").timeline.as_ref().unwrap();
        assert_eq!((tl.window.as_str(), tl.len()), ("2s", 1800));
        assert!(tl
            .values("throughput")
            .unwrap()
            .iter()
            .all(|r| *r == Some(10.0)));

        // Found by fuzzing: one row's time cut to 17962960 (a digit lost) made the run 56
        // years long, and the windows of 1 s did not fit in memory. They widen instead.
        let text = std::str::from_utf8(STEPS).unwrap();
        let cut = text.replacen("1796296038,2,GET,/,", "17962960,2,GET,/,", 1);
        assert_ne!(cut, text);
        let (_, run, _) = one("cut_stats_history.csv", cut.as_bytes());
        for b in &run.benchmarks {
            let tl = b.timeline.as_ref().unwrap();
            assert!(tl.len() <= crate::timeline::MAX_WINDOWS, "{}", b.name);
            tl.check().unwrap();
        }
        // A time past the year 9999 is no time.
        let far = text.replacen("1796296077,2,,Aggregated", "1e300,2,,Aggregated", 1);
        assert_ne!(far, text);
        let err = error("far_stats_history.csv", far.as_bytes(), None);
        assert!(err.contains("`1e300` is not whole Unix seconds"), "{err}");
    }

    #[test]
    fn bad_histories_name_the_file_and_the_line() {
        let text = std::str::from_utf8(STEPS).unwrap();
        let bad = text.replacen("1796296040,2,,Aggregated", "soon,2,,Aggregated", 1);
        let err = error("h_stats_history.csv", bad.as_bytes(), None);
        assert!(
            err.contains("h_stats_history.csv (read as locust-history)"),
            "{err}"
        );
        assert!(err.contains("line "), "{err}");
        assert!(err.contains("`soon` is not a number"), "{err}");
        // A row of an endpoint before the one above it.
        let mut lines: Vec<&str> = text.lines().collect();
        lines.swap(4, 8);
        let err = error("h_stats_history.csv", lines.join("\n").as_bytes(), None);
        assert!(err.contains("goes back in time"), "{err}");
        // The header only.
        let header = text.lines().next().unwrap();
        let err = error("h_stats_history.csv", header.as_bytes(), None);
        assert!(err.contains("without rows"), "{err}");
        // A header without the totals.
        let err = error(
            "h.csv",
            b"Timestamp,User Count,Type,Name,Requests/s\n1,1,GET,/,1\n",
            Some(Format::LocustHistory),
        );
        assert!(err.contains("no `Total Request Count` column"), "{err}");
        assert_eq!(detect("h.csv", b"Timestamp,Value\n1,2\n"), None);
    }
}

mod locust_json {
    use super::*;

    /// `--json-file` of a 10 s run (5 users, four endpoints, two of them failing).
    const JSON: &[u8] = include_bytes!("../../../tests/data/generated/locust/json-run.json");
    /// What Locust's own code (`locust.stats`) reports from that file: oracle.py beside it.
    const ORACLE: &str = include_str!("../../../tests/data/generated/locust/json-run.oracle.json");

    #[test]
    fn every_number_is_what_locust_itself_computes_from_the_file() {
        let (format, run, warnings) = one("json-run.json", JSON);
        assert_eq!(format, Format::LocustJson);
        assert_eq!(
            names(&run),
            [
                "POST /form",
                "GET /missing",
                "GET /page.txt",
                "GET /",
                "Aggregated"
            ]
        );
        // The first request's time (`start_time`), not the file's.
        assert!(
            run.run.timestamp.starts_with("2026-12-02T18:21:57.14"),
            "{}",
            run.run.timestamp
        );
        assert_eq!(warnings.len(), 3, "{warnings:?}");
        let oracle: Vec<serde_json::Value> = serde_json::from_str(ORACLE).unwrap();
        assert_eq!(oracle.len(), 5);
        let close = |a: f64, b: f64| (a - b).abs() <= 1e-9 * b.abs().max(1.0);
        for want in &oracle {
            let b = bench(&run, want["name"].as_str().unwrap());
            let num = |k: &str| want[k].as_f64().unwrap();
            assert_eq!(value(b, "requests"), num("requests"), "{}", b.name);
            assert_eq!(value(b, "failures"), num("failures"), "{}", b.name);
            assert!(
                close(value(b, "throughput"), num("requests_per_s")),
                "{}",
                b.name
            );
            assert!(
                close(value(b, "failure_throughput"), num("failures_per_s")),
                "{}",
                b.name
            );
            assert!(
                close(value(b, "content_size"), num("content_size")),
                "{}",
                b.name
            );
            let latency = &b.metrics["latency"];
            let s = latency.summary.as_ref().unwrap();
            assert_eq!(s.n, Some(num("requests") as u64));
            assert!(close(s.mean.unwrap(), num("average")), "{}", b.name);
            assert_eq!(
                (s.min, s.max),
                (Some(num("min")), Some(num("max"))),
                "{}",
                b.name
            );
            assert_eq!(s.median, Some(num("median")), "{}", b.name);
            let percentiles = &latency.extra.as_ref().unwrap()["percentiles"];
            for (header, v) in want["percentiles"].as_object().unwrap() {
                assert_eq!(
                    percentiles[header].as_f64(),
                    v.as_f64(),
                    "{} {header}",
                    b.name
                );
            }
            for (got, header) in [
                (s.p50, "50%"),
                (s.p90, "90%"),
                (s.p95, "95%"),
                (s.p99, "99%"),
            ] {
                assert_eq!(
                    got,
                    want["percentiles"][header].as_f64(),
                    "{} {header}",
                    b.name
                );
            }
        }
    }

    #[test]
    fn each_second_of_the_run_is_a_window_of_the_timeline() {
        let (_, run, _) = one("json-run.json", JSON);
        let doc: Vec<serde_json::Value> = serde_json::from_slice(JSON).unwrap();
        let all = bench(&run, "Aggregated");
        for b in &run.benchmarks {
            let tl = b.timeline.as_ref().unwrap();
            tl.check().unwrap();
            assert_eq!((tl.window.as_str(), tl.len()), ("1s", 5), "{}", b.name);
            // Every request is in one second.
            let sum: f64 = tl.values("throughput").unwrap().iter().flatten().sum();
            assert_eq!(sum, value(b, "requests"), "{}", b.name);
        }
        // The endpoints' seconds, straight from the file, add up to the aggregate's.
        let rates = all.timeline.as_ref().unwrap().values("throughput").unwrap();
        let first: i64 = 1796235717;
        for (i, rate) in rates.iter().enumerate() {
            let key = (first + i as i64).to_string();
            let sum: u64 = doc
                .iter()
                .map(|e| e["num_reqs_per_sec"][&key].as_u64().unwrap_or(0))
                .sum();
            assert_eq!(*rate, Some(sum as f64), "second {key}");
        }
        // `/form` fails every request (501): its error rate is 1 in every second.
        let form = bench(&run, "POST /form").timeline.as_ref().unwrap();
        assert!(form
            .values("error_rate")
            .unwrap()
            .iter()
            .all(|e| *e == Some(1.0)));
    }

    #[test]
    fn a_long_run_widens_its_windows_and_bad_files_say_why() {
        // A key two days after the others: 1 s windows would be 172,801; they widen to 87 s.
        let text = std::str::from_utf8(JSON).unwrap();
        let late = text.replacen(r#""1796235717": 8"#, r#""1796408517": 8"#, 1);
        assert_ne!(late, text);
        let (_, run, _) = one("late.json", late.as_bytes());
        let tl = bench(&run, "Aggregated").timeline.as_ref().unwrap();
        assert_eq!(tl.window, "87s");
        assert!(tl.len() <= crate::timeline::MAX_WINDOWS);
        let sum: f64 = tl
            .values("throughput")
            .unwrap()
            .iter()
            .flatten()
            .map(|r| r * 87.0)
            .sum();
        assert!((sum - 400.0).abs() < 1e-9, "{sum}");

        // Keys at both ends of what a whole number can be: still 2,000 windows at most.
        let wide = text
            .replacen(r#""1796235717": 8"#, r#""-9223372036854775808": 8"#, 1)
            .replacen(r#""1796235721": 1"#, r#""9223372036854775807": 1"#, 1);
        let (_, run, _) = one("wide.json", wide.as_bytes());
        let tl = bench(&run, "Aggregated").timeline.as_ref().unwrap();
        assert!(tl.len() <= crate::timeline::MAX_WINDOWS, "{}", tl.len());

        let bad = text.replacen(r#""210": 1"#, r#""fast": 1"#, 1);
        let err = error("j.json", bad.as_bytes(), None);
        assert!(err.contains("j.json (read as locust-json)"), "{err}");
        assert!(
            err.contains("\"/form\": `response_times` has the key `fast`"),
            "{err}"
        );
        let err = error("j.json", b"[]", Some(Format::LocustJson));
        assert!(err.contains("without entries"), "{err}");
        let err = error("j.json", br#"[{"name": "/"}]"#, Some(Format::LocustJson));
        assert!(err.contains("num_requests"), "{err}");
    }
}

mod oha {
    use super::*;

    const OK: &[u8] = include_bytes!("../../../tests/data/generated/oha/ok.json");
    const NOT_FOUND: &[u8] = include_bytes!("../../../tests/data/generated/oha/not-found.json");
    const RATE: &[u8] = include_bytes!("../../../tests/data/generated/oha/rate-limited.json");
    const REFUSED: &[u8] = include_bytes!("../../../tests/data/generated/oha/refused.json");

    /// The file read as plain JSON, the oracle.
    fn doc(bytes: &[u8]) -> serde_json::Value {
        serde_json::from_slice(bytes).unwrap()
    }

    fn sum(v: &serde_json::Value) -> f64 {
        v.as_object()
            .unwrap()
            .values()
            .map(|n| n.as_f64().unwrap())
            .sum()
    }

    #[test]
    fn summaries_percentiles_and_status_codes() {
        for (path, bytes, requests) in [
            ("ok.json", OK, Some(400.0)),
            ("not-found.json", NOT_FOUND, Some(200.0)),
            ("rate-limited.json", RATE, None),
        ] {
            let (format, run, warnings) = one(path, bytes);
            assert_eq!(format, Format::Oha, "{path}");
            let d = doc(bytes);
            let s = &d["summary"];
            assert_eq!(run.benchmarks.len(), 1);
            let b = &run.benchmarks[0];
            assert_eq!(b.name, path.trim_end_matches(".json"));
            let responses = sum(&d["statusCodeDistribution"]);
            // oha counts every response once in its histogram and once by status.
            assert_eq!(sum(&d["responseTimeHistogram"]), responses, "{path}");
            if let Some(n) = requests {
                // `-n`: exactly that many requests.
                assert_eq!(responses, n, "{path}");
            }
            assert_eq!(value(b, "requests"), responses, "{path}");
            // The one error of the `-z` run is the request cut at the deadline: not a failure.
            let errors = sum(&d["errorDistribution"]);
            if path == "rate-limited.json" {
                assert_eq!(errors, 1.0);
                assert_eq!(b.extra.as_ref().unwrap()["aborted_at_deadline"], 1);
            } else {
                assert_eq!(errors, 0.0, "{path}");
            }
            assert_eq!(value(b, "errors"), 0.0, "{path}");
            assert_eq!(value(b, "error_rate"), 0.0, "{path}");
            let latency = &b.metrics["latency"];
            assert_eq!(
                (latency.unit.as_str(), latency.better),
                ("s", Better::Lower)
            );
            let m = latency.summary.as_ref().unwrap();
            assert_eq!(m.n, Some(responses as u64));
            assert_eq!(m.mean, s["average"].as_f64());
            assert_eq!(m.min, s["fastest"].as_f64());
            assert_eq!(m.max, s["slowest"].as_f64());
            let p = &d["latencyPercentiles"];
            assert_eq!(m.median, p["p50"].as_f64());
            assert_eq!(m.p90, p["p90"].as_f64());
            assert_eq!(m.p95, p["p95"].as_f64());
            assert_eq!(m.p99, p["p99"].as_f64());
            assert!(m.min <= m.median && m.median <= m.p99 && m.p99 <= m.max);
            let kept = &latency.extra.as_ref().unwrap()["percentiles"];
            assert_eq!(kept, p, "{path}");
            let rps = value(b, "throughput");
            assert_eq!(Some(rps), s["requestsPerSec"].as_f64());
            assert_eq!(b.metrics["throughput"].unit, "req/s");
            assert_eq!(b.metrics["throughput"].better, Better::Higher);
            // oha's rate is every request it started (the one cut included) over the run.
            let total = s["total"].as_f64().unwrap();
            let started = responses + errors;
            assert!(
                (rps - started / total).abs() <= 1e-9 * rps,
                "{path}: {rps} vs {started}/{total}"
            );
            assert_eq!(Some(value(b, "success_rate")), s["successRate"].as_f64());
            assert_eq!(Some(value(b, "data_rate")), s["sizePerSec"].as_f64());
            assert_eq!(b.metrics["data_rate"].unit, "B/s");
            assert_eq!(
                b.extra.as_ref().unwrap()["status_codes"],
                d["statusCodeDistribution"]
            );
            let failed = value(b, "http_error_rate");
            if path == "not-found.json" {
                assert_eq!(failed, 1.0);
                assert!(
                    warnings.iter().any(|w| w.contains("200 of 200 responses")),
                    "{warnings:?}"
                );
            } else {
                assert_eq!(failed, 0.0, "{path}");
                assert!(warnings.is_empty(), "{path}: {warnings:?}");
            }
        }
    }

    #[test]
    fn connection_errors_are_counted_and_warned_about() {
        let (_, run, warnings) = one("refused.json", REFUSED);
        let d = doc(REFUSED);
        let b = &run.benchmarks[0];
        let errors = sum(&d["errorDistribution"]);
        assert!(errors > 0.0);
        assert_eq!(value(b, "errors"), errors);
        assert_eq!(value(b, "requests"), errors);
        assert_eq!(value(b, "error_rate"), 1.0);
        // No response, no latency.
        assert!(!b.metrics.contains_key("latency"));
        assert_eq!(b.extra.as_ref().unwrap()["errors"], d["errorDistribution"]);
        assert!(
            warnings.iter().any(|w| w.contains("requests failed")),
            "{warnings:?}"
        );
    }

    #[test]
    fn bad_oha_files_name_the_file_and_the_field() {
        let text = std::str::from_utf8(OK).unwrap();
        let err = error("ok.json", &OK[..OK.len() / 2], None);
        assert!(
            err.contains("not valid JSON") || err.contains("EOF"),
            "{err}"
        );
        let bad = text.replacen(
            "\"requestsPerSec\":",
            "\"requestsPerSec\": \"fast\", \"x\":",
            1,
        );
        let err = error("ok.json", bad.as_bytes(), None);
        assert!(
            err.starts_with("ok.json (read as oha): at `summary.requestsPerSec`"),
            "{err}"
        );
        let err = error("x.json", b"[1, 2]", Some(Format::Oha));
        assert!(err.starts_with("x.json (read as oha): "), "{err}");
    }
}

/// The new formats claim their own files and no other: on every file under tests/data, at most
/// one of the JSON shapes, oha's shape, Locust's header and k6's stream says yes, and the files
/// of these formats are claimed by theirs.
#[test]
fn no_file_under_tests_data_is_claimed_twice() {
    fn walk(dir: &std::path::Path, out: &mut Vec<std::path::PathBuf>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(&path, out);
            } else {
                out.push(path);
            }
        }
    }
    let mut files = Vec::new();
    walk(
        &std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/data"),
        &mut files,
    );
    let (mut locust_files, mut oha_files, mut k6_files) = (0, 0, 0);
    for path in &files {
        let bytes = std::fs::read(path).unwrap();
        let text = std::str::from_utf8(&bytes).unwrap_or("");
        let shape = json::parse_lenient::<json::Shape>(&bytes).ok();
        let claims = [
            shape.as_ref().and_then(|json::Shape(v)| json::detect(v)),
            shape
                .as_ref()
                .and_then(|json::Shape(v)| crate::import::oha::claims(v).then_some(Format::Oha)),
            crate::import::locust::claims(text).then_some(Format::Locust),
            crate::import::k6_json::claims(text).then_some(Format::K6Json),
        ];
        let claimed: Vec<Format> = claims.into_iter().flatten().collect();
        assert!(claimed.len() <= 1, "{}: {claimed:?}", path.display());
        let shown = path.display().to_string();
        if shown.contains("/generated/oha/") && shown.ends_with(".json") {
            assert_eq!(claimed, [Format::Oha], "{shown}");
            oha_files += 1;
        }
        if shown.contains("/generated/k6/") && shown.ends_with(".json") {
            let want = if shown.ends_with("/out.json") {
                Format::K6Json
            } else {
                Format::K6
            };
            assert_eq!(claimed, [want], "{shown}");
            k6_files += 1;
        }
        if shown.ends_with("_stats.csv") {
            assert_eq!(claimed, [Format::Locust], "{shown}");
            locust_files += 1;
        }
        let history = crate::import::locust_history::claims(text);
        assert_eq!(history, shown.ends_with("_stats_history.csv"), "{shown}");
        assert!(!history || claimed.is_empty(), "{shown}: {claimed:?}");
    }
    assert_eq!((locust_files, oha_files, k6_files), (2, 4, 4));
}
