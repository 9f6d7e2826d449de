//! criterion.rs results: a `target/criterion` tree, in the current layout and the pre-0.3.3 one,
//! and cargo-criterion's `--message-format=json` lines.
//!
//! In a tree, each benchmark's folder holds one folder per saved baseline (`new` is the latest
//! run, `base` the default saved one, others named by `--save-baseline`), each with
//! `benchmark.json`, `estimates.json`, `sample.json` and `tukey.json`. One baseline is read
//! (`Options::criterion_baseline`). Samples are per-iteration times: `times[i] / iters[i]`, in
//! ns. The old layout capitalises the estimate keys (`Mean`, `StdDev`) and writes
//! `sample.json` as two arrays `[iters, times]`. A throughput (`Elements`, `Bytes`,
//! `BytesDecimal`) becomes a `throughput` metric: criterion's own figure (the work of one
//! iteration over the mean time) as its mean, and one throughput per time sample as its
//! samples, so that it is judged on the same evidence as the time it is derived from.

use std::collections::BTreeMap;

use serde::Deserialize;
use sha2::{Digest, Sha256};

use super::{
    json, metric, source, value_metric, Context, Draft, Format, ImportError, Imported, Options,
    SourceFile,
};
use crate::read::{parse_timestamp, ReadErrorKind};
use crate::run::{Benchmark, Better, Metric, RunFile, Summary};

const TREE_FILES: [&str; 4] = [
    "benchmark.json",
    "estimates.json",
    "sample.json",
    "tukey.json",
];

/// The baseline files that carry its results, the only ones hashed for the run's id.
/// `tukey.json` holds Tukey's fences, which follow from `sample.json` (and which benchdash
/// computes from the samples itself): it is claimed as the tree's but adds nothing, so
/// `PATH@NAME` never opens it (a quarter of a baseline's files).
const DATA_FILES: [&str; 3] = ["benchmark.json", "estimates.json", "sample.json"];

fn split(path: &str) -> (&str, &str) {
    match path.rfind(['/', '\\']) {
        Some(i) => (&path[..i], &path[i + 1..]),
        None => ("", path),
    }
}

/// Whether a path is one of the files criterion writes in a baseline folder.
pub(crate) fn is_tree_file(path: &str) -> bool {
    TREE_FILES.contains(&split(path).1)
}

/// Whether a tree file carries results ([`DATA_FILES`]): what reading one baseline must read.
pub(crate) fn is_data_file(path: &str) -> bool {
    DATA_FILES.contains(&split(path).1)
}

/// The baseline a tree file belongs to: the name of its folder (`fib/10/base/sample.json` →
/// `base`). `None` for other files and for `change/`, which compares two baselines and is none.
pub(crate) fn baseline_of(path: &str) -> Option<&str> {
    if !is_tree_file(path) {
        return None;
    }
    let baseline = split(split(path).0).1;
    (!baseline.is_empty() && baseline != "change").then_some(baseline)
}

/// The saved baselines of a tree, from its files' paths: sorted, each once.
pub(crate) fn baselines<'a>(paths: impl IntoIterator<Item = &'a str>) -> Vec<&'a str> {
    let mut found: Vec<&str> = paths.into_iter().filter_map(baseline_of).collect();
    crate::order::sort_by(&mut found, |a, b| a.cmp(b));
    found.dedup();
    found
}

#[derive(Deserialize)]
struct BenchmarkId {
    full_id: String,
    #[serde(default)]
    value_str: Option<String>,
    #[serde(default)]
    throughput: Option<BTreeMap<String, f64>>,
}

#[derive(Deserialize)]
struct Interval {
    confidence_level: f64,
    lower_bound: f64,
    upper_bound: f64,
}

#[derive(Deserialize)]
struct Estimate {
    confidence_interval: Interval,
    point_estimate: f64,
}

/// Both layouts' keys: current snake_case, pre-0.3.3 capitalised.
#[derive(Deserialize)]
pub(super) struct Estimates {
    #[serde(alias = "Mean")]
    mean: Estimate,
    #[serde(alias = "Median")]
    median: Option<Estimate>,
    #[serde(alias = "StdDev")]
    std_dev: Option<Estimate>,
}

/// `sample.json` in either layout criterion writes: `{"iters": […], "times": […]}` (with other
/// fields such as `sampling_mode`, ignored) or the older `[[iters…], [times…]]`. Read by a
/// visitor straight from the document: serde's untagged enum buffered every file into its
/// `Content` first to try one layout and then the other (a tenth of the time of reading a
/// criterion baseline). The same documents are accepted as by that enum.
struct Sample {
    iters: Vec<f64>,
    times: Vec<f64>,
}

/// A key of `sample.json`'s object layout.
#[derive(Deserialize)]
#[serde(field_identifier, rename_all = "lowercase")]
enum Field {
    Iters,
    Times,
    #[serde(other)]
    Other,
}

impl<'de> Deserialize<'de> for Sample {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Layouts;
        impl<'de> serde::de::Visitor<'de> for Layouts {
            type Value = Sample;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str(
                    "criterion's sample.json: {\"iters\": […], \"times\": […]} or [[…], […]]",
                )
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                mut map: A,
            ) -> Result<Sample, A::Error> {
                use serde::de::Error;
                let (mut iters, mut times) = (None, None);
                while let Some(key) = map.next_key::<Field>()? {
                    let (slot, name) = match key {
                        Field::Iters => (&mut iters, "iters"),
                        Field::Times => (&mut times, "times"),
                        Field::Other => {
                            map.next_value::<serde::de::IgnoredAny>()?;
                            continue;
                        }
                    };
                    if slot.is_some() {
                        return Err(A::Error::duplicate_field(name));
                    }
                    *slot = Some(map.next_value::<Vec<f64>>()?);
                }
                Ok(Sample {
                    iters: iters.ok_or_else(|| A::Error::missing_field("iters"))?,
                    times: times.ok_or_else(|| A::Error::missing_field("times"))?,
                })
            }
            fn visit_seq<A: serde::de::SeqAccess<'de>>(
                self,
                mut seq: A,
            ) -> Result<Sample, A::Error> {
                use serde::de::Error;
                let iters = seq
                    .next_element::<Vec<f64>>()?
                    .ok_or_else(|| A::Error::invalid_length(0, &self))?;
                let times = seq
                    .next_element::<Vec<f64>>()?
                    .ok_or_else(|| A::Error::invalid_length(1, &self))?;
                if seq.next_element::<serde::de::IgnoredAny>()?.is_some() {
                    return Err(A::Error::invalid_length(3, &self));
                }
                Ok(Sample { iters, times })
            }
        }
        d.deserialize_any(Layouts)
    }
}

impl Sample {
    fn per_iteration(self) -> Vec<f64> {
        let Sample { iters, times } = self;
        iters
            .iter()
            .zip(times)
            .filter(|(i, _)| **i > 0.0)
            .map(|(i, t)| t / i)
            .collect()
    }
}

/// The throughput of `per_iteration` units of work at each per-iteration time (in ns): the
/// mean is criterion's figure, `per_iteration` over the mean time; the samples are one
/// throughput per time sample (none without samples: then the mean is a single value).
fn throughput(
    kind: &str,
    per_iteration: f64,
    mean_ns: f64,
    samples_ns: &[f64],
) -> Option<(String, Metric)> {
    let unit = match kind {
        "Bytes" | "BytesDecimal" | "bytes" => "B/s",
        "Elements" | "elements" => "elements/s",
        _ => return None,
    };
    let rate = |ns: f64| per_iteration / (ns * 1e-9);
    let metric = if samples_ns.is_empty() {
        value_metric(unit, Better::Higher, rate(mean_ns))
    } else {
        let summary = Summary {
            mean: Some(rate(mean_ns)),
            ..Summary::default()
        };
        let samples = samples_ns.iter().map(|&ns| rate(ns)).collect();
        metric(unit, Better::Higher, samples, Some(summary))
    };
    Some(("throughput".to_string(), metric))
}

fn time_metric(samples: Vec<f64>, estimates: &Estimates) -> Metric {
    let ci = &estimates.mean.confidence_interval;
    let summary = Summary {
        mean: Some(estimates.mean.point_estimate),
        median: estimates.median.as_ref().map(|e| e.point_estimate),
        stddev: estimates.std_dev.as_ref().map(|e| e.point_estimate),
        ci_lower: Some(ci.lower_bound),
        ci_upper: Some(ci.upper_bound),
        ci_level: Some(ci.confidence_level),
        ..Summary::default()
    };
    metric("ns", Better::Lower, samples, Some(summary))
}

/// One baseline of a criterion tree (the files given) as one run.
pub(crate) fn import_tree(
    files: &[SourceFile],
    options: &Options,
) -> Result<Imported, ImportError> {
    let baseline = options.criterion_baseline.as_str();
    let mut folders: BTreeMap<&str, BTreeMap<&str, &SourceFile>> = BTreeMap::new();
    for file in files {
        let (dir, name) = split(file.path);
        folders.entry(dir).or_default().insert(name, file);
    }
    let found_baselines = baselines(files.iter().map(|f| f.path));
    let chosen: Vec<(&str, &BTreeMap<&str, &SourceFile>)> = folders
        .iter()
        .filter(|(dir, names)| split(dir).1 == baseline && names.contains_key("benchmark.json"))
        .map(|(dir, names)| (*dir, names))
        .collect();
    let tree_label = common_root(&files.iter().map(|f| f.path).collect::<Vec<_>>());
    if chosen.is_empty() {
        return Err(fail(
            &tree_label,
            ReadErrorKind::Invalid(format!(
                "no benchmark has a \"{baseline}\" baseline (found: {}); choose one with --criterion-baseline",
                found_baselines.join(", ")
            )),
        ));
    }
    let folders = chosen
        .into_iter()
        .map(|(dir, names)| read_folder(dir, names))
        .collect::<Result<Vec<_>, _>>()?;
    assemble(baseline, tree_label, folders, &options.fallback_timestamp)
}

/// One benchmark's folder of a saved baseline (`fib/10/base/`), read: [`assemble`] makes a
/// baseline's folders one run. Each folder is read on its own, so a shell that reads a big
/// tree can parse folders on several threads as their files arrive, and drop each folder's
/// bytes once read.
#[derive(Debug)]
pub struct BaselineFolder {
    benchmark: Benchmark,
    /// SHA-256 of the folder's data files ([`DATA_FILES`]), in name order: the run's content
    /// id hashes these digests, in the benchmarks' folder order.
    digest: [u8; 32],
    dir: String,
    /// The newest modification time of its data files, and that time as written.
    newest: Option<(time::OffsetDateTime, String)>,
    /// Every file of the folder (`tukey.json` too): what the run was read from.
    files: Vec<String>,
}

/// [`read_folder`] of one folder's files (all in the same folder), or `None` when the folder
/// has no `benchmark.json` (it holds no benchmark).
pub(crate) fn read_folder_files(
    files: &[SourceFile],
) -> Result<Option<BaselineFolder>, ImportError> {
    let Some(first) = files.first() else {
        return Ok(None);
    };
    let dir = split(first.path).0;
    let names: BTreeMap<&str, &SourceFile> = files
        .iter()
        .filter(|f| split(f.path).0 == dir)
        .map(|f| (split(f.path).1, f))
        .collect();
    if !names.contains_key("benchmark.json") {
        return Ok(None);
    }
    read_folder(dir, &names).map(Some)
}

fn fail(file: &str, kind: ReadErrorKind) -> ImportError {
    ImportError {
        file: file.to_string(),
        format: Some(Format::Criterion),
        kind,
    }
}

/// One benchmark folder's files, by name; it has a `benchmark.json`.
fn read_folder(
    dir: &str,
    names: &BTreeMap<&str, &SourceFile>,
) -> Result<BaselineFolder, ImportError> {
    let get = |name: &str| names.get(name).copied();
    let id_file = get("benchmark.json").expect("a folder with a benchmark.json");
    let id: BenchmarkId = json::parse_lenient(id_file.bytes).map_err(|k| fail(id_file.path, k))?;
    let Some(estimates_file) = get("estimates.json") else {
        return Err(fail(
            dir,
            ReadErrorKind::Invalid("benchmark.json without estimates.json".into()),
        ));
    };
    let estimates: Estimates =
        json::parse_lenient(estimates_file.bytes).map_err(|k| fail(estimates_file.path, k))?;
    let samples = match get("sample.json") {
        Some(f) => json::parse_lenient::<Sample>(f.bytes)
            .map_err(|k| fail(f.path, k))?
            .per_iteration(),
        None => Vec::new(),
    };
    let mut metrics = BTreeMap::new();
    if let Some((kind, n)) = id.throughput.as_ref().and_then(|t| t.iter().next()) {
        metrics.extend(throughput(
            kind,
            *n,
            estimates.mean.point_estimate,
            &samples,
        ));
    }
    metrics.insert("time".to_string(), time_metric(samples, &estimates));
    let mut params = BTreeMap::new();
    if let Some(value) = id.value_str.filter(|v| !v.is_empty()) {
        params.insert("value".to_string(), value);
    }
    let data = || names.values().filter(|f| is_data_file(f.path));
    let mut hash = Sha256::new();
    for f in data() {
        hash.update(f.bytes);
    }
    Ok(BaselineFolder {
        benchmark: Benchmark {
            timeline: None,
            name: id.full_id,
            params,
            metrics,
            extra: None,
        },
        digest: hash.finalize().into(),
        dir: dir.to_string(),
        // Each saved baseline is dated by its own run, not the tree's last, and the same
        // whether `tukey.json` was read or not.
        newest: data()
            .filter_map(|f| f.modified)
            .filter_map(|m| parse_timestamp(m).map(|t| (t, m.to_string())))
            .max(),
        files: names.values().map(|f| f.path.to_string()).collect(),
    })
}

/// The baseline `baseline`, from its benchmarks' folders read by [`read_folder_files`] (in any
/// order), as one run: what [`import_tree`] gives for the same files.
pub(crate) fn baseline_run(
    baseline: &str,
    folders: Vec<BaselineFolder>,
    options: &Options,
) -> Result<Imported, ImportError> {
    let paths: Vec<&str> = folders
        .iter()
        .flat_map(|f| f.files.iter().map(String::as_str))
        .collect();
    let tree_label = common_root(&paths);
    if folders.is_empty() {
        return Err(fail(
            &tree_label,
            ReadErrorKind::Invalid(format!(
                "no benchmark of the \"{baseline}\" baseline has a benchmark.json"
            )),
        ));
    }
    assemble(baseline, tree_label, folders, &options.fallback_timestamp)
}

/// The baseline `baseline` of the tree named `tree_label`, from its benchmarks' folders (in
/// any order), as one run. It is dated by the newest of its data files (`fallback_timestamp`
/// when none has a time), and its id hashes the folders' digests in folder order.
fn assemble(
    baseline: &str,
    tree_label: String,
    mut folders: Vec<BaselineFolder>,
    fallback_timestamp: &str,
) -> Result<Imported, ImportError> {
    crate::order::sort_by(&mut folders, |a, b| a.dir.cmp(&b.dir));
    let newest = folders.iter().filter_map(|f| f.newest.as_ref()).max();
    let mut run = RunFile::new(
        format!("criterion ({baseline})"),
        newest.map_or_else(|| fallback_timestamp.to_string(), |(_, m)| m.clone()),
    );
    let mut hash = Sha256::new();
    let mut files = Vec::new();
    for folder in folders {
        hash.update(folder.digest);
        files.extend(folder.files);
        run.benchmarks.push(folder.benchmark);
    }
    crate::order::sort_by(&mut run.benchmarks, |a, b| a.name.cmp(&b.name));
    run.run.source = Some(source(Format::Criterion, None, &[tree_label.as_str()]));
    let loaded = super::finish_with(run, Vec::new(), || crate::read::content_id_of(hash))
        .map_err(|k| fail(&tree_label, k))?;
    Ok(Imported {
        format: Format::Criterion,
        files,
        runs: vec![loaded],
    })
}

/// The longest common folder of the files: how the tree is named in messages. A lone file (one
/// detected or forced as `criterion` by its content, not its name) and files with no folder in
/// common are named themselves.
fn common_root(paths: &[&str]) -> String {
    if let [only] = paths {
        return only.to_string();
    }
    let mut root: Option<Vec<&str>> = None;
    for path in paths {
        let parts: Vec<&str> = split(path).0.split(['/', '\\']).collect();
        root = Some(match root {
            None => parts,
            Some(r) => r
                .iter()
                .zip(&parts)
                .take_while(|(a, b)| a == b)
                .map(|(a, _)| *a)
                .collect(),
        });
    }
    let joined = root.unwrap_or_default().join("/");
    if !joined.is_empty() {
        joined
    } else if paths.is_empty() {
        "criterion tree".to_string()
    } else {
        paths.join(", ")
    }
}

#[derive(Deserialize)]
struct Message {
    reason: String,
    #[serde(default)]
    id: Option<String>,
    #[serde(default)]
    iteration_count: Vec<f64>,
    #[serde(default)]
    measured_values: Vec<f64>,
    #[serde(default)]
    unit: Option<String>,
    #[serde(default)]
    throughput: Vec<Throughput>,
    #[serde(default)]
    mean: Option<CargoEstimate>,
    #[serde(default)]
    median: Option<CargoEstimate>,
}

#[derive(Deserialize)]
struct Throughput {
    per_iteration: f64,
    unit: String,
}

#[derive(Deserialize)]
struct CargoEstimate {
    estimate: f64,
    lower_bound: Option<f64>,
    upper_bound: Option<f64>,
}

/// cargo-criterion's `--message-format=json`: one JSON message a line; every
/// `benchmark-complete` message is a benchmark. Values are in `unit` (ns unless it says).
pub(crate) fn import_cargo_criterion(ctx: &Context) -> Result<Draft, ReadErrorKind> {
    let text = std::str::from_utf8(ctx.file.bytes)
        .map_err(|e| ReadErrorKind::Invalid(format!("not UTF-8 text ({e})")))?;
    let mut run = RunFile::new(ctx.stem(), ctx.fallback_timestamp);
    for (i, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let message: Message = json::parse_lenient(line.as_bytes()).map_err(|kind| match kind {
            ReadErrorKind::Syntax {
                message, column, ..
            } => ReadErrorKind::Syntax {
                message,
                line: i + 1,
                column,
            },
            ReadErrorKind::Shape {
                path,
                message,
                column,
                ..
            } => ReadErrorKind::Shape {
                path,
                message,
                line: i + 1,
                column,
            },
            other => other,
        })?;
        if message.reason != "benchmark-complete" {
            continue;
        }
        let name = message.id.ok_or_else(|| {
            ReadErrorKind::Invalid(format!(
                "line {}: a benchmark-complete message without an id",
                i + 1
            ))
        })?;
        let unit = message.unit.unwrap_or_else(|| "ns".to_string());
        let samples: Vec<f64> = message
            .iteration_count
            .iter()
            .zip(&message.measured_values)
            .filter(|(n, _)| **n > 0.0)
            .map(|(n, v)| v / n)
            .collect();
        let mut summary = Summary::default();
        if let Some(mean) = &message.mean {
            summary.mean = Some(mean.estimate);
            summary.ci_lower = mean.lower_bound;
            summary.ci_upper = mean.upper_bound;
        }
        summary.median = message.median.as_ref().map(|m| m.estimate);
        let mut metrics = BTreeMap::new();
        let mean_ns = message
            .mean
            .as_ref()
            .map(|m| m.estimate)
            .and_then(|m| crate::units::convert(m, &unit, "ns").ok());
        if let (Some(t), Some(mean_ns)) = (message.throughput.first(), mean_ns) {
            let samples_ns: Vec<f64> = samples
                .iter()
                .filter_map(|&v| crate::units::convert(v, &unit, "ns").ok())
                .collect();
            metrics.extend(throughput(&t.unit, t.per_iteration, mean_ns, &samples_ns));
        }
        metrics.insert(
            "time".to_string(),
            metric(&unit, Better::Lower, samples, Some(summary)),
        );
        run.benchmarks.push(Benchmark {
            timeline: None,
            name,
            params: BTreeMap::new(),
            metrics,
            extra: None,
        });
    }
    if run.benchmarks.is_empty() {
        return Err(ReadErrorKind::Invalid(
            "no benchmark-complete messages".into(),
        ));
    }
    Ok(Draft {
        run,
        warnings: Vec::new(),
        format: Format::CargoCriterion,
        tool_version: None,
    })
}

#[cfg(test)]
mod sample_tests {
    use super::Sample;

    fn per_iteration(text: &str) -> Option<Vec<f64>> {
        super::json::parse_lenient::<Sample>(text.as_bytes())
            .ok()
            .map(Sample::per_iteration)
    }

    #[test]
    fn both_layouts_criterion_writes_give_the_same_samples() {
        let want = Some(vec![5.0, 6.0]);
        // criterion 0.4/0.5: an object, with fields this reader does not use.
        let current = r#"{"sampling_mode":"Linear","iters":[2.0,4],"times":[10.0,24.0]}"#;
        assert_eq!(per_iteration(current), want);
        // Fields in any order, unknown ones of any kind.
        let reordered = r#"{"times":[10.0,24.0],"x":{"y":[1]},"iters":[2.0,4.0]}"#;
        assert_eq!(per_iteration(reordered), want);
        // Older criterion: a pair of arrays.
        assert_eq!(per_iteration("[[2.0,4.0],[10.0,24.0]]"), want);
        // Zero iterations are left out, as before.
        assert_eq!(
            per_iteration(r#"{"iters":[0.0,2.0],"times":[1.0,10.0]}"#),
            Some(vec![5.0])
        );
    }

    #[test]
    fn what_the_untagged_enum_rejected_is_still_rejected() {
        for bad in [
            r#"{"iters":[1.0]}"#,
            r#"{"times":[1.0]}"#,
            r#"{"iters":[1.0],"iters":[2.0],"times":[1.0]}"#,
            r#"{"iters":[1.0,"x"],"times":[1.0,2.0]}"#,
            r#"{"iters":[1.0,NaN],"times":[1.0,2.0]}"#,
            "[[1.0]]",
            "[[1.0],[2.0],[3.0]]",
            "[]",
            "null",
            "3",
        ] {
            assert_eq!(per_iteration(bad), None, "{bad}");
        }
    }
}
