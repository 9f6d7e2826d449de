//! Go's `go test -bench` output: the text (with `-benchmem`, `-count N`, `-cpu`), and the same
//! lines inside `go test -json`'s event stream (`"Action": "output"` events, whose `Output`
//! pieces are joined per package before reading, since test2json splits a result line in two).
//!
//! A result line is Go's benchmark format (golang.org/design/14313-benchmark-format):
//! `BenchmarkName[-P]  N  value unit  value unit …`. Lines of one name (`-count N`) are the
//! samples of one benchmark. `ns/op` is `time` (ns), `B/op` is `alloc_bytes` (B), `allocs/op`
//! is `allocs` (count), `MB/s` is `throughput` (MB/s, higher); any other unit
//! (`b.ReportMetric`) is a metric named by its unit. The `-P` suffix (GOMAXPROCS) becomes the
//! param `procs` and leaves the name, unless one name ran with several (`-cpu 1,2`), when the
//! suffixed names are kept apart. `goos`/`goarch`/`cpu` lines fill the machine, `pkg` the
//! param `package` (and, when a file holds several packages, the first part of the name).

use std::collections::BTreeMap;

use serde::Deserialize;

use super::{better_for_unit, metric, timestamp, Context, Draft, Format};
use crate::read::{parse_json, ReadErrorKind};
use crate::run::{Benchmark, Better, Machine, RunFile};

/// Whether this text is `go test -bench` output: some line is a benchmark result line.
pub(crate) fn claims_text(text: &str) -> bool {
    let start = text.trim_start();
    if start.starts_with(['{', '[', '<']) {
        return false;
    }
    text.lines()
        .any(|line| matches!(result_line(line), Some(Ok(_))))
}

/// Whether this text is a `go test -json` stream: its first line is a test2json event.
pub(crate) fn claims_json(text: &str) -> bool {
    let Some(first) = text.lines().find(|l| !l.trim().is_empty()) else {
        return false;
    };
    // test2json writes `Time` first, or `Action` when there is no time: checking the first key
    // keeps a big one-line JSON document of another tool from being parsed twice.
    let Some(body) = first.trim().strip_prefix('{') else {
        return false;
    };
    let body = body.trim_start();
    if !body.starts_with("\"Time\"") && !body.starts_with("\"Action\"") {
        return false;
    }
    parse_json::<Head>(first.as_bytes()).is_ok_and(|e| e.action.is_some())
}

/// What detection reads of an event: a broken field elsewhere is the importer's to report.
#[derive(Deserialize)]
struct Head {
    #[serde(rename = "Action")]
    action: Option<String>,
}

#[derive(Deserialize)]
struct Event {
    #[serde(rename = "Time")]
    time: Option<String>,
    #[serde(rename = "Action")]
    action: Option<String>,
    #[serde(rename = "Package", default)]
    package: String,
    #[serde(rename = "Output")]
    output: Option<String>,
}

/// One parsed result line.
struct ResultLine<'a> {
    name: &'a str,
    measures: Vec<(f64, &'a str)>,
}

/// Whether `name` is a Go benchmark name: `Benchmark`, then nothing or a character that is not
/// a lowercase letter (Go's rule for benchmark functions).
fn is_benchmark_name(name: &str) -> bool {
    name.strip_prefix("Benchmark")
        .is_some_and(|rest| !rest.starts_with(|c: char| c.is_lowercase()))
}

/// A result line: `None` when the line is not one (a name alone, a log line), `Some(Err)` when
/// it starts like one (name, iteration count) but its measurements are broken.
fn result_line(line: &str) -> Option<Result<ResultLine<'_>, String>> {
    let mut fields = line.split_whitespace();
    let name = fields.next()?;
    if !is_benchmark_name(name) || !line.starts_with("Benchmark") {
        return None;
    }
    let iterations = fields.next()?;
    if iterations.parse::<u64>().is_err() {
        return None;
    }
    let rest: Vec<&str> = fields.collect();
    if rest.is_empty() || !rest.len().is_multiple_of(2) {
        return Some(Err(format!(
            "`{name}`: expected value-unit pairs after the iteration count, found {:?}",
            rest.join(" ")
        )));
    }
    let mut measures = Vec::with_capacity(rest.len() / 2);
    for pair in rest.chunks(2) {
        let Ok(value) = pair[0].parse::<f64>() else {
            return Some(Err(format!("`{name}`: `{}` is not a number", pair[0])));
        };
        measures.push((value, pair[1]));
    }
    Some(Ok(ResultLine { name, measures }))
}

/// `BenchmarkX-8` → (`BenchmarkX`, Some(8)).
fn split_procs(name: &str) -> (&str, Option<u32>) {
    if let Some((base, procs)) = name.rsplit_once('-') {
        if !procs.is_empty() && procs.bytes().all(|b| b.is_ascii_digit()) {
            if let Ok(p) = procs.parse() {
                return (base, Some(p));
            }
        }
    }
    (name, None)
}

#[derive(Default)]
struct Group {
    package: String,
    full_name: String,
    /// metric name → (unit, better, samples)
    metrics: BTreeMap<String, (String, Better, Vec<f64>)>,
}

#[derive(Default)]
struct Reader {
    order: Vec<(String, String)>,
    groups: BTreeMap<(String, String), Group>,
    machine: Machine,
    goos: Option<String>,
    goarch: Option<String>,
    warnings: Vec<String>,
}

impl Reader {
    /// Reads one package's text (`package` is the current `pkg:` until a line says otherwise).
    /// `place` names a line (by its number) in messages.
    fn read(
        &mut self,
        text: &str,
        mut package: String,
        place: &dyn Fn(usize) -> String,
    ) -> Result<(), ReadErrorKind> {
        for (i, line) in text.lines().enumerate() {
            if let Some((key, value)) = line.split_once(": ") {
                let value = value.trim().to_string();
                match key {
                    "pkg" => package = value,
                    "goos" => self.goos = Some(value),
                    "goarch" => self.goarch = Some(value),
                    "cpu" => self.machine.cpu = Some(value),
                    _ => {}
                }
            }
            let trimmed = line.trim_start();
            for (prefix, what) in [("--- FAIL: ", "failed"), ("--- SKIP: ", "was skipped")] {
                if let Some(rest) = trimmed.strip_prefix(prefix) {
                    let name = rest.split_whitespace().next().unwrap_or(rest);
                    if is_benchmark_name(name) {
                        self.warnings.push(format!("benchmark \"{name}\" {what}"));
                    }
                }
            }
            let Some(parsed) = result_line(line) else {
                continue;
            };
            let parsed =
                parsed.map_err(|why| ReadErrorKind::Invalid(format!("{}: {why}", place(i + 1))))?;
            let key = (package.clone(), parsed.name.to_string());
            let group = self.groups.entry(key.clone()).or_insert_with(|| {
                self.order.push(key);
                Group {
                    package: package.clone(),
                    full_name: parsed.name.to_string(),
                    ..Group::default()
                }
            });
            for (value, unit) in parsed.measures {
                let (name, unit, better) = match unit {
                    "ns/op" => ("time", "ns", Better::Lower),
                    "B/op" => ("alloc_bytes", "B", Better::Lower),
                    "allocs/op" => ("allocs", "count", Better::Lower),
                    "MB/s" => ("throughput", "MB/s", Better::Higher),
                    other => (other, other, better_for_unit(other)),
                };
                group
                    .metrics
                    .entry(name.to_string())
                    .or_insert_with(|| (unit.to_string(), better, Vec::new()))
                    .2
                    .push(value);
            }
        }
        Ok(())
    }

    fn finish(mut self, ctx: &Context, time: String) -> Result<Draft, ReadErrorKind> {
        if self.order.is_empty() {
            return Err(ReadErrorKind::Invalid(
                "no benchmark result lines (`BenchmarkName  N  value ns/op`) in this go test output"
                    .to_string(),
            ));
        }
        let packages: std::collections::BTreeSet<&str> =
            self.order.iter().map(|(p, _)| p.as_str()).collect();
        let several_packages = packages.len() > 1;
        // How many groups of one package share a name without the GOMAXPROCS suffix.
        let mut bases: BTreeMap<(String, String), usize> = BTreeMap::new();
        for (package, name) in &self.order {
            *bases
                .entry((package.clone(), split_procs(name).0.to_string()))
                .or_default() += 1;
        }
        let mut run = RunFile::new(ctx.stem(), time);
        self.machine.os = match (self.goos.take(), self.goarch.take()) {
            (Some(os), Some(arch)) => Some(format!("{os}/{arch}")),
            (os, arch) => os.or(arch),
        };
        if self.machine != Machine::default() {
            run.run.machine = Some(self.machine.clone());
        }
        for key in std::mem::take(&mut self.order) {
            let g = self
                .groups
                .remove(&key)
                .expect("every key in order has a group");
            let (base, procs) = split_procs(&g.full_name);
            let shared = bases[&(g.package.clone(), base.to_string())] > 1;
            let short = if shared { g.full_name.as_str() } else { base };
            let name = if several_packages && !g.package.is_empty() {
                format!("{}/{short}", g.package)
            } else {
                short.to_string()
            };
            let mut params = BTreeMap::new();
            if let Some(procs) = procs {
                params.insert("procs".to_string(), procs.to_string());
            }
            if !g.package.is_empty() {
                params.insert("package".to_string(), g.package.clone());
            }
            let metrics = g
                .metrics
                .into_iter()
                .map(|(m, (unit, better, samples))| (m, metric(&unit, better, samples, None)))
                .collect();
            run.benchmarks.push(Benchmark {
                name,
                params,
                metrics,
                extra: None,
                timeline: None,
            });
        }
        Ok(Draft {
            run,
            warnings: self.warnings,
            format: Format::GoTest,
            tool_version: None,
        })
    }
}

pub(crate) fn import(ctx: &Context) -> Result<Draft, ReadErrorKind> {
    let text = std::str::from_utf8(ctx.file.bytes)
        .map_err(|e| ReadErrorKind::Invalid(format!("not UTF-8 text: {e}")))?;
    if claims_json(text) {
        return import_json(ctx, text);
    }
    let mut reader = Reader::default();
    reader.read(text, String::new(), &|n| format!("line {n}"))?;
    reader.finish(ctx, ctx.fallback_timestamp.to_string())
}

/// `go test -json`: the output events joined per package, in the order packages first speak.
fn import_json(ctx: &Context, text: &str) -> Result<Draft, ReadErrorKind> {
    let mut packages: Vec<(String, String)> = Vec::new();
    let mut first_time = None;
    for (i, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let event: Event = parse_json(line.as_bytes()).map_err(|e| {
            ReadErrorKind::Invalid(format!("line {}: not a go test -json event: {e}", i + 1))
        })?;
        if first_time.is_none() {
            first_time = event.time.as_deref().and_then(timestamp);
        }
        if event.action.as_deref() != Some("output") {
            continue;
        }
        let Some(output) = event.output else { continue };
        match packages.iter_mut().find(|(p, _)| *p == event.package) {
            Some((_, joined)) => joined.push_str(&output),
            None => packages.push((event.package, output)),
        }
    }
    let mut reader = Reader::default();
    for (package, output) in packages {
        let label = package.clone();
        reader.read(&output, package, &|n| {
            format!("the output of package `{label}`, line {n}")
        })?;
    }
    let time = first_time.unwrap_or_else(|| ctx.fallback_timestamp.to_string());
    reader.finish(ctx, time)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn result_lines_follow_gos_format() {
        let ok = result_line("BenchmarkSum-2   \t   20000\t      3499 ns/op\t2286.68 MB/s")
            .unwrap()
            .unwrap();
        assert_eq!(ok.name, "BenchmarkSum-2");
        assert_eq!(ok.measures, [(3499.0, "ns/op"), (2286.68, "MB/s")]);
        // Not result lines: a name alone (-v), a lowercase continuation, a function, indented.
        for line in [
            "BenchmarkSum",
            "BenchmarkSum-2   \t",
            "Benchmarking is fun 3 x y",
            "func BenchmarkSum(b *testing.B) {",
            "  BenchmarkSum 1 2 ns/op",
        ] {
            assert!(result_line(line).is_none(), "{line}");
        }
        assert!(result_line("BenchmarkSum 20000 3499").unwrap().is_err());
        assert!(result_line("BenchmarkSum 20000 x ns/op").unwrap().is_err());
    }

    #[test]
    fn procs_suffix() {
        assert_eq!(split_procs("BenchmarkA-16"), ("BenchmarkA", Some(16)));
        assert_eq!(split_procs("BenchmarkA/n=4-2"), ("BenchmarkA/n=4", Some(2)));
        assert_eq!(split_procs("BenchmarkA"), ("BenchmarkA", None));
        assert_eq!(split_procs("BenchmarkA-x"), ("BenchmarkA-x", None));
    }
}
