//! Importers: other tools' result files in, run files out.
//!
//! Every importer is a pure function of bytes, so the CLI and the dashboard convert the same
//! files to the same runs. Formats are detected from content (and, for a criterion tree, from
//! the file names); `Options::format` forces one. See docs/formats.md for what maps to what.
//!
//! An importer builds a [`RunFile`] and hands it to [`finish_with`], which applies the same
//! rules a run file gets on reading (summaries from samples, unique names, dropped empty
//! metrics) and gives it an id derived from its source files' bytes.

mod asv;
mod bdn;
mod benchmarkjs;
mod bmf;
mod catch2;
mod criterion;
pub(crate) mod folder;
mod gab;
mod gbench;
mod gotest;
mod hyperfine;
mod jmh;
mod job;
mod json;
mod k6;
mod k6_json;
mod libtest;
mod locust;
mod locust_history;
mod locust_json;
mod oha;
mod pyperf;
mod pytest;
mod text;
mod vegeta;
mod vitest;

use std::fmt;

pub use folder::{counts, is_manifest, is_result_file, MANIFEST_FORMAT};
pub use job::{ImportJob, ImportResult, Step, HASH_STEP};

use sha2::{Digest, Sha256};

use crate::read::{self, Loaded, ReadErrorKind};
use crate::run::{Better, Metric, RunFile, Source, Summary, FORMAT};

/// One input file: its path as the user gave it (relative paths inside a dropped folder), its
/// bytes, and when it was last modified (RFC 3339), for formats that record no time.
#[derive(Debug, Clone, Copy)]
pub struct SourceFile<'a> {
    pub path: &'a str,
    pub bytes: &'a [u8],
    pub modified: Option<&'a str>,
}

/// An input file as a shell holds it (read from disk, or from the browser's File API): owned,
/// and lent to the importers as a [`SourceFile`].
#[derive(Debug, Clone, PartialEq)]
pub struct FileData {
    pub path: String,
    pub bytes: Vec<u8>,
    pub modified: Option<String>,
}

impl FileData {
    pub fn source(&self) -> SourceFile<'_> {
        SourceFile {
            path: &self.path,
            bytes: &self.bytes,
            modified: self.modified.as_deref(),
        }
    }
}

/// The formats benchdash reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Format {
    Benchdash,
    Criterion,
    CargoCriterion,
    Hyperfine,
    PytestBenchmark,
    GoogleBenchmark,
    Bmf,
    /// github-action-benchmark's custom JSON, direction from the unit.
    GithubActionBenchmark,
    GithubActionBenchmarkSmaller,
    GithubActionBenchmarkBigger,
    /// github-action-benchmark's `data.js` history.
    GithubActionBenchmarkData,
    K6,
    /// k6's `--out json` stream of points, as totals and a timeline.
    K6Json,
    Asv,
    /// Locust's `--csv` request statistics (`PREFIX_stats.csv`).
    Locust,
    /// Locust's `--csv` history (`PREFIX_stats_history.csv`), as timelines.
    LocustHistory,
    /// Locust's `--json` / `--json-file` output: per endpoint, raw counters and histograms.
    LocustJson,
    /// oha's JSON summary (`oha -j`).
    Oha,
    /// `go test -bench` text, or the same inside `go test -json`.
    GoTest,
    /// libtest's `test NAME ... bench: N ns/iter (+/- D)` lines (and its JSON lines).
    Libtest,
    /// Benchmark.js's `NAME x N ops/sec ±R% (K runs sampled)` lines.
    BenchmarkJs,
    /// Vitest's `vitest bench --outputJson` file.
    Vitest,
    /// pyperf's JSON (one benchmark or a suite).
    Pyperf,
    /// Catch2's XML reporter.
    Catch2,
    /// JMH's JSON result file (`-rf json`).
    Jmh,
    /// BenchmarkDotNet's full JSON report (`--exporters json`).
    BenchmarkDotNet,
    /// Vegeta's JSON report (`vegeta report -type=json`).
    Vegeta,
}

impl Format {
    pub const ALL: [Format; 27] = [
        Format::Benchdash,
        Format::Criterion,
        Format::CargoCriterion,
        Format::Hyperfine,
        Format::PytestBenchmark,
        Format::GoogleBenchmark,
        Format::Bmf,
        Format::GithubActionBenchmark,
        Format::GithubActionBenchmarkSmaller,
        Format::GithubActionBenchmarkBigger,
        Format::GithubActionBenchmarkData,
        Format::K6,
        Format::K6Json,
        Format::Asv,
        Format::Locust,
        Format::LocustHistory,
        Format::LocustJson,
        Format::Oha,
        Format::GoTest,
        Format::Libtest,
        Format::BenchmarkJs,
        Format::Vitest,
        Format::Pyperf,
        Format::Catch2,
        Format::Jmh,
        Format::BenchmarkDotNet,
        Format::Vegeta,
    ];

    /// The name used by `--format` and printed after detection.
    pub fn name(self) -> &'static str {
        match self {
            Format::Benchdash => "benchdash",
            Format::Criterion => "criterion",
            Format::CargoCriterion => "cargo-criterion",
            Format::Hyperfine => "hyperfine",
            Format::PytestBenchmark => "pytest-benchmark",
            Format::GoogleBenchmark => "google-benchmark",
            Format::Bmf => "bmf",
            Format::GithubActionBenchmark => "github-action-benchmark",
            Format::GithubActionBenchmarkSmaller => "customSmallerIsBetter",
            Format::GithubActionBenchmarkBigger => "customBiggerIsBetter",
            Format::GithubActionBenchmarkData => "github-action-benchmark-data",
            Format::K6 => "k6",
            Format::K6Json => "k6-json",
            Format::Asv => "asv",
            Format::Locust => "locust",
            Format::LocustHistory => "locust-history",
            Format::LocustJson => "locust-json",
            Format::Oha => "oha",
            Format::GoTest => "go-test",
            Format::Libtest => "libtest",
            Format::BenchmarkJs => "benchmarkjs",
            Format::Vitest => "vitest",
            Format::Pyperf => "pyperf",
            Format::Catch2 => "catch2",
            Format::Jmh => "jmh",
            Format::BenchmarkDotNet => "benchmarkdotnet",
            Format::Vegeta => "vegeta",
        }
    }

    pub fn parse(name: &str) -> Option<Format> {
        Format::ALL
            .into_iter()
            .find(|f| f.name().eq_ignore_ascii_case(name))
    }

    /// The names of every format, for messages.
    pub fn known() -> String {
        Format::ALL.map(Format::name).join(", ")
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// How to import.
#[derive(Debug, Clone)]
pub struct Options {
    /// Force a format instead of detecting it.
    pub format: Option<Format>,
    /// Which of a criterion tree's saved baselines to read (`new` is the latest run).
    pub criterion_baseline: String,
    /// The timestamp of a run whose file records none and whose modification time is unknown.
    pub fallback_timestamp: String,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            format: None,
            criterion_baseline: "new".to_string(),
            fallback_timestamp: "1970-01-01T00:00:00Z".to_string(),
        }
    }
}

/// The runs imported from one file (or one criterion tree).
#[derive(Debug, Clone, PartialEq)]
pub struct Imported {
    pub format: Format,
    pub files: Vec<String>,
    pub runs: Vec<Loaded>,
}

/// A file that could not be imported: the file, the format tried (if any), and why.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub struct ImportError {
    pub file: String,
    pub format: Option<Format>,
    pub kind: ReadErrorKind,
}

impl fmt::Display for ImportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.format {
            Some(format) => write!(f, "{} (read as {format}): {}", self.file, self.kind),
            None => write!(f, "{}: {}", self.file, self.kind),
        }
    }
}

impl From<read::ReadError> for ImportError {
    fn from(e: read::ReadError) -> Self {
        ImportError {
            file: match e.record {
                Some(line) => format!("{} (line {line})", e.file),
                None => e.file,
            },
            format: Some(Format::Benchdash),
            kind: e.kind,
        }
    }
}

/// Detects the format of one file from its content (and name, for histories).
pub fn detect(path: &str, bytes: &[u8]) -> Option<Format> {
    let text = std::str::from_utf8(bytes).ok()?;
    text::claimants(text)
        .into_iter()
        .next()
        .or_else(|| detect_structured(path, bytes))
}

/// Every format whose own check says these bytes are its own: the text formats' predicates
/// (Go, libtest, Benchmark.js, …) and the one answer of the JSON detection. [`detect`] takes
/// the first; more than one means two formats overlap (a test checks none do on every file
/// in tests/data and examples/).
pub fn claimants(path: &str, bytes: &[u8]) -> Vec<Format> {
    let Ok(text) = std::str::from_utf8(bytes) else {
        return Vec::new();
    };
    let mut formats = text::claimants(text);
    formats.extend(detect_structured(path, bytes));
    formats
}

/// Detection of the JSON formats (and `data.js`, `.jsonl` histories), by shape.
fn detect_structured(path: &str, bytes: &[u8]) -> Option<Format> {
    let lower = path.to_ascii_lowercase();
    let text = std::str::from_utf8(bytes).ok()?;
    let trimmed = text.trim_start();
    if locust::claims(text) {
        return Some(Format::Locust);
    }
    if locust_history::claims(text) {
        return Some(Format::LocustHistory);
    }
    if k6_json::claims(text) {
        return Some(Format::K6Json);
    }
    if trimmed.starts_with("window.BENCHMARK_DATA") || lower.ends_with("data.js") {
        return Some(Format::GithubActionBenchmarkData);
    }
    if lower.ends_with(".jsonl") || lower.ends_with(".ndjson") {
        let first = text.lines().find(|l| !l.trim().is_empty())?;
        if read::looks_like_run_file(first.as_bytes()) {
            return Some(Format::Benchdash);
        }
        if first.contains("\"reason\"") {
            return Some(Format::CargoCriterion);
        }
        return None;
    }
    if trimmed.starts_with('{')
        && trimmed.contains("\"reason\"")
        && trimmed.contains("benchmark-complete")
    {
        return Some(Format::CargoCriterion);
    }
    if read::claims_run_file_early(bytes) {
        return Some(Format::Benchdash);
    }
    match json::parse_lenient::<json::Shape>(bytes) {
        Ok(json::Shape(value)) if value.get("format").and_then(|f| f.as_str()) == Some(FORMAT) => {
            Some(Format::Benchdash)
        }
        Ok(json::Shape(value)) => {
            json::detect(&value).or_else(|| oha::claims(&value).then_some(Format::Oha))
        }
        // A broken run file is still recognisable, and its reader gives the better message.
        Err(_) if text.contains("\"benchdash/run\"") => Some(Format::Benchdash),
        Err(_) => None,
    }
}

/// Imports files. Files of a criterion tree (found by their names) become one run; every other
/// file is detected (or forced) and imported on its own. The first failure stops the import and
/// names its file (what the CLI wants: nothing half-imported).
pub fn import(files: &[SourceFile], options: &Options) -> Result<Vec<Imported>, ImportError> {
    import_each(files, options).into_iter().collect()
}

/// Like [`import`], but every file (and the criterion tree) succeeds or fails on its own, so a
/// broken file costs only itself (what the dashboard wants: one error card per bad file). It
/// is an [`ImportJob`] run to its end.
pub fn import_each(files: &[SourceFile], options: &Options) -> Vec<ImportResult> {
    ImportJob::new(files, options).finish()
}

/// Whether a path is one of the files criterion writes in a baseline folder: such files are
/// imported together, as one tree (a shell that imports files as they arrive keeps them back
/// until all have).
pub fn is_criterion_tree_file(path: &str) -> bool {
    criterion::is_tree_file(path)
}

/// The saved baseline a criterion tree's file belongs to (`fib/10/base/sample.json` → `base`),
/// or `None` if the path is not one of a baseline's files (`change/` is no baseline).
pub fn criterion_baseline(path: &str) -> Option<&str> {
    criterion::baseline_of(path)
}

/// Whether a criterion tree file carries results (`benchmark.json`, `estimates.json`,
/// `sample.json`), as opposed to `tukey.json`, which follows from the samples: what reading
/// one baseline must read.
pub fn is_criterion_data_file(path: &str) -> bool {
    criterion::is_data_file(path)
}

pub use criterion::BaselineFolder;

/// One benchmark's folder of a criterion baseline (its files, all in that folder), read on
/// its own; `None` when the folder has no `benchmark.json`. With
/// [`criterion_baseline_run`], what [`import`] does to a baseline's files, for a shell that
/// reads a big tree a folder at a time (on several threads, dropping each folder's bytes).
pub fn read_criterion_folder(files: &[SourceFile]) -> Result<Option<BaselineFolder>, ImportError> {
    criterion::read_folder_files(files)
}

/// The criterion baseline `baseline` as one run, from its folders read by
/// [`read_criterion_folder`], in any order: the same run as [`import`] of their files.
pub fn criterion_baseline_run(
    baseline: &str,
    folders: Vec<BaselineFolder>,
    options: &Options,
) -> Result<Imported, ImportError> {
    criterion::baseline_run(baseline, folders, options)
}

/// One file read into runs ([`parse_as`]), before [`Parsed::finish`] applies the readers'
/// rules to them (names, timestamps, summaries from the samples) and gives them their content
/// ids, with the hash for the ids between the two, a slice at a time ([`Parsed::hash_more`]):
/// the steps of an [`ImportJob`].
struct Parsed<'a> {
    file: SourceFile<'a>,
    format: Format,
    runs: Vec<Pending>,
    /// SHA-256 of the file's first `hashed` bytes, for the content ids.
    hash: Sha256,
    hashed: usize,
}

/// A run read from a file, not yet through the rules.
enum Pending {
    /// Already checked: a history's runs, a criterion tree's run.
    Done(Loaded),
    /// A benchdash run file's document.
    Document(RunFile),
    /// An importer's run; its id hashes the file's bytes and then `salt`.
    Draft {
        run: RunFile,
        warnings: Vec<String>,
        salt: Vec<u8>,
    },
}

impl Parsed<'_> {
    /// Hashes up to `budget` more bytes of the file for the runs' content ids, and says
    /// whether the whole file is hashed. [`Parsed::finish`] hashes what is left itself; the
    /// dashboard hashes a big file a slice at a time first, since SHA-256 in wasm (no hardware
    /// help there) takes longer than the parse.
    fn hash_more(&mut self, budget: usize) -> bool {
        if !self.needs_hash() {
            return true;
        }
        let bytes = self.file.bytes;
        let end = self.hashed.saturating_add(budget).min(bytes.len());
        self.hash.update(&bytes[self.hashed..end]);
        self.hashed = end;
        end == bytes.len()
    }

    /// Whether a run still needs a content id (run files usually carry theirs).
    fn needs_hash(&self) -> bool {
        self.runs.iter().any(|pending| match pending {
            Pending::Done(_) => false,
            Pending::Document(run) => run.run.id.as_deref().is_none_or(str::is_empty),
            Pending::Draft { run, .. } => run.run.id.is_none(),
        })
    }

    /// The second step: the readers' rules and the ids.
    fn finish(mut self) -> Result<Imported, ImportError> {
        let file = self.file;
        let format = self.format;
        self.hash_more(usize::MAX);
        let hash = self.hash;
        let runs = self
            .runs
            .into_iter()
            .map(|pending| match pending {
                Pending::Done(loaded) => Ok(loaded),
                Pending::Document(run) => {
                    read::finish_document_with(run, || read::content_id_of(hash.clone()))
                        .map_err(|kind| ImportError::from(read::ReadError::new(file.path, kind)))
                }
                Pending::Draft {
                    run,
                    warnings,
                    salt,
                } => finish_with(run, warnings, || {
                    read::content_id_of(hash.clone().chain_update(&salt))
                })
                .map_err(|kind| ImportError {
                    file: file.path.to_string(),
                    format: Some(format),
                    kind,
                }),
            })
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Imported {
            format,
            files: vec![file.path.to_string()],
            runs,
        })
    }
}

/// The first step of one file's import (see [`Parsed`]), with the format already settled:
/// forced or detected ([`detect`]), `None` when detection found none (the error then says
/// why).
fn parse_as<'a>(
    file: SourceFile<'a>,
    format: Option<Format>,
    options: &Options,
) -> Result<Parsed<'a>, ImportError> {
    let format = match format {
        Some(format) => format,
        None => {
            // Not JSON at all says more than "unknown format".
            let kind = match json::parse_lenient::<serde::de::IgnoredAny>(file.bytes) {
                Err(syntax @ ReadErrorKind::Syntax { .. }) => syntax,
                _ if is_manifest(file.bytes) => ReadErrorKind::Invalid(
                    "this is a benchdash manifest (a list of result files), not results: \
                     open the dashboard with `?load=` and its URL"
                        .to_string(),
                ),
                _ => ReadErrorKind::Invalid(format!(
                    "unknown format; benchdash reads {}",
                    Format::known()
                )),
            };
            return Err(ImportError {
                file: file.path.to_string(),
                format: None,
                kind,
            });
        }
    };
    let fail = |kind: ReadErrorKind| ImportError {
        file: file.path.to_string(),
        format: Some(format),
        kind,
    };
    let ctx = Context {
        file,
        fallback_timestamp: file.modified.unwrap_or(&options.fallback_timestamp),
    };
    let draft = |draft: Draft| {
        let mut run = draft.run;
        run.run.source = Some(source(
            draft.format,
            draft.tool_version.as_deref(),
            &[file.path],
        ));
        vec![Pending::Draft {
            run,
            warnings: draft.warnings,
            salt: Vec::new(),
        }]
    };
    let runs = match format {
        Format::Benchdash if read::is_history(file.path) => {
            read::read_history_jsonl(file.path, file.bytes)?
                .into_iter()
                .map(Pending::Done)
                .collect()
        }
        Format::Benchdash => vec![Pending::Document(
            read::parse_document(file.bytes)
                .map_err(|kind| ImportError::from(read::ReadError::new(file.path, kind)))?,
        )],
        Format::Criterion => {
            let imported = criterion::import_tree(&[file], options)?;
            return Ok(Parsed {
                file,
                format: imported.format,
                runs: imported.runs.into_iter().map(Pending::Done).collect(),
                hash: Sha256::new(),
                hashed: 0,
            });
        }
        Format::CargoCriterion => draft(criterion::import_cargo_criterion(&ctx).map_err(fail)?),
        Format::Hyperfine => draft(hyperfine::import(&ctx).map_err(fail)?),
        Format::PytestBenchmark => draft(pytest::import(&ctx).map_err(fail)?),
        Format::GoogleBenchmark => draft(gbench::import(&ctx).map_err(fail)?),
        Format::Bmf => draft(bmf::import(&ctx).map_err(fail)?),
        Format::GithubActionBenchmark => draft(gab::import_custom(&ctx, None).map_err(fail)?),
        Format::GithubActionBenchmarkSmaller => {
            draft(gab::import_custom(&ctx, Some(Better::Lower)).map_err(fail)?)
        }
        Format::GithubActionBenchmarkBigger => {
            draft(gab::import_custom(&ctx, Some(Better::Higher)).map_err(fail)?)
        }
        Format::GithubActionBenchmarkData => gab::import_data(&ctx)
            .map_err(fail)?
            .into_iter()
            .enumerate()
            .map(|(i, (mut run, warnings))| {
                run.run.source = Some(source(format, None, &[file.path]));
                Pending::Draft {
                    run,
                    warnings,
                    // As 8 bytes on every target (a `usize` is 4 in wasm32), so the CLI and
                    // the dashboard give a history's runs the same ids.
                    salt: (i as u64).to_le_bytes().to_vec(),
                }
            })
            .collect(),
        Format::K6 => draft(k6::import(&ctx).map_err(fail)?),
        Format::K6Json => draft(k6_json::import(&ctx).map_err(fail)?),
        Format::Asv => draft(asv::import(&ctx).map_err(fail)?),
        Format::Locust => draft(locust::import(&ctx).map_err(fail)?),
        Format::LocustHistory => draft(locust_history::import(&ctx).map_err(fail)?),
        Format::LocustJson => draft(locust_json::import(&ctx).map_err(fail)?),
        Format::Oha => draft(oha::import(&ctx).map_err(fail)?),
        Format::GoTest => draft(gotest::import(&ctx).map_err(fail)?),
        Format::Libtest => draft(libtest::import(&ctx).map_err(fail)?),
        Format::BenchmarkJs => draft(benchmarkjs::import(&ctx).map_err(fail)?),
        Format::Vitest => draft(vitest::import(&ctx).map_err(fail)?),
        Format::Pyperf => draft(pyperf::import(&ctx).map_err(fail)?),
        Format::Catch2 => draft(catch2::import(&ctx).map_err(fail)?),
        Format::Jmh => draft(jmh::import(&ctx).map_err(fail)?),
        Format::BenchmarkDotNet => draft(bdn::import(&ctx).map_err(fail)?),
        Format::Vegeta => draft(vegeta::import(&ctx).map_err(fail)?),
    };
    Ok(Parsed {
        file,
        format,
        runs,
        hash: Sha256::new(),
        hashed: 0,
    })
}

/// What an importer of one file gets.
pub(crate) struct Context<'a> {
    pub file: SourceFile<'a>,
    /// The file's modification time, else the caller's fallback.
    pub fallback_timestamp: &'a str,
}

impl Context<'_> {
    /// The file name without folders and extension: the default run name.
    pub fn stem(&self) -> String {
        let name = self
            .file
            .path
            .rsplit(['/', '\\'])
            .next()
            .unwrap_or(self.file.path);
        name.rsplit_once('.')
            .map_or(name, |(stem, _)| stem)
            .to_string()
    }
}

/// A run an importer built, with warnings and the tool's version.
pub(crate) struct Draft {
    pub run: RunFile,
    pub warnings: Vec<String>,
    pub format: Format,
    pub tool_version: Option<String>,
}

pub(crate) fn source(format: Format, version: Option<&str>, files: &[&str]) -> Source {
    let tool = match format {
        Format::GithubActionBenchmark
        | Format::GithubActionBenchmarkSmaller
        | Format::GithubActionBenchmarkBigger
        | Format::GithubActionBenchmarkData => "github-action-benchmark",
        other => other.name(),
    };
    Source {
        tool: tool.to_string(),
        tool_version: version.map(str::to_string),
        files: files.iter().map(|f| f.to_string()).collect(),
    }
}

/// Applies the readers' rules to an imported run and gives it a content-derived id, if it
/// has none, from `id`.
pub(crate) fn finish_with(
    mut run: RunFile,
    mut warnings: Vec<String>,
    id: impl FnOnce() -> String,
) -> Result<Loaded, ReadErrorKind> {
    warnings.extend(read::normalize(&mut run)?);
    if run.run.id.is_none() {
        run.run.id = Some(id());
    }
    Ok(Loaded { run, warnings })
}

/// A metric with samples and/or a summary; the reader fills what the samples give.
pub(crate) fn metric(
    unit: &str,
    better: Better,
    samples: Vec<f64>,
    summary: Option<Summary>,
) -> Metric {
    Metric {
        unit: unit.to_string(),
        better,
        value: None,
        summary: summary.filter(|s| *s != Summary::default()),
        samples: samples.into_iter().filter(|x| x.is_finite()).collect(),
        extra: None,
    }
}

/// A metric with a single number.
pub(crate) fn value_metric(unit: &str, better: Better, value: f64) -> Metric {
    Metric {
        unit: unit.to_string(),
        better,
        value: value.is_finite().then_some(value),
        summary: None,
        samples: Vec::new(),
        extra: None,
    }
}

/// Makes benchmark names unique where a tool allows repeats (`name`, `name #2`, …), so nothing
/// measured is dropped.
pub(crate) fn unique_name(
    seen: &mut std::collections::HashMap<String, usize>,
    name: &str,
) -> String {
    let count = seen.entry(name.to_string()).or_insert(0);
    *count += 1;
    if *count == 1 {
        name.to_string()
    } else {
        format!("{name} #{count}")
    }
}

/// Direction from a unit: rates are better higher, everything else (times, sizes) lower.
pub(crate) fn better_for_unit(unit: &str) -> Better {
    let u = unit.to_ascii_lowercase();
    if u.ends_with("/s")
        || u.ends_with("/sec")
        || u.ends_with("per_second")
        || u.contains("/second")
    {
        Better::Higher
    } else {
        Better::Lower
    }
}

/// Timestamps as tools write them, to RFC 3339: RFC 3339 itself, `YYYY-MM-DD HH:MM:SS` and
/// `YYYY-MM-DDTHH:MM:SS` without an offset (read as UTC; the tools write local time and say
/// nothing of the zone).
pub(crate) fn timestamp(text: &str) -> Option<String> {
    let text = text.trim();
    if read::parse_timestamp(text).is_some() {
        return Some(text.to_string());
    }
    let candidate = format!("{}Z", text.replacen(' ', "T", 1));
    read::parse_timestamp(&candidate).map(|_| candidate)
}

/// Milliseconds since the Unix epoch (as JavaScript's `Date.now()` and `File.lastModified`
/// give them), to RFC 3339.
pub fn epoch_ms(ms: f64) -> Option<String> {
    if !ms.is_finite() {
        return None;
    }
    // Whole milliseconds exactly, the fraction rounded to nanoseconds: `ms * 1e6` alone is
    // inexact for today's epoch values.
    let nanos = ms.trunc() as i128 * 1_000_000 + ((ms - ms.trunc()) * 1e6).round() as i128;
    let t = time::OffsetDateTime::from_unix_timestamp_nanos(nanos).ok()?;
    t.format(&time::format_description::well_known::Rfc3339)
        .ok()
}

#[cfg(test)]
mod load_tests;
#[cfg(test)]
mod tests;

#[cfg(test)]
mod tests_formats;
#[cfg(test)]
mod tests_k6;
#[cfg(test)]
mod tests_public;
