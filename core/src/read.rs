//! Reading run files: bytes in, a validated and normalised [`RunFile`] out.
//!
//! The readers' rules of the run format, in the order they are applied:
//! 1. The bytes are JSON (syntax errors carry line and column).
//! 2. `format` is `benchdash/run` and `version` is one this build reads; an unknown version is
//!    an error naming both versions, never a guess.
//! 3. The document has the run file's shape (type errors carry the field's path).
//! 4. `run.timestamp` is RFC 3339 and benchmark names are non-empty and unique; a benchmark's
//!    `timeline`, when present, follows the timeline's rules (`Timeline::check`).
//! 5. Summary keys missing beside samples are computed from the samples.
//! 6. A metric with no usable number is dropped with a warning naming the benchmark.
//! 7. A run without an `id` gets one derived from the file's content hash.
//!
//! The file name is only a label for messages: nothing here opens files.

use serde::Deserialize;
use sha2::{Digest, Sha256};
use time::format_description::well_known::Rfc3339;
use time::OffsetDateTime;

use crate::run::{RunFile, FORMAT, VERSION};

/// A run read from a file, with the warnings its reading produced.
#[derive(Debug, Clone, PartialEq)]
pub struct Loaded {
    pub run: RunFile,
    pub warnings: Vec<String>,
}

/// A file that could not be read, and why. Displays as `FILE: REASON`.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("{file}{}: {kind}", record.map(|r| format!(" (line {r})")).unwrap_or_default())]
pub struct ReadError {
    /// The file's name as the user gave it.
    pub file: String,
    /// For a `.jsonl` history: the 1-based line of the bad record.
    pub record: Option<usize>,
    pub kind: ReadErrorKind,
}

#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ReadErrorKind {
    #[error("not valid JSON: {message} at line {line} column {column}")]
    Syntax {
        message: String,
        line: usize,
        column: usize,
    },
    #[error("not a benchdash run file: {0}")]
    NotARunFile(String),
    #[error("run-file version {found} is not supported: this benchdash reads version {supported}")]
    UnsupportedVersion { found: String, supported: u32 },
    #[error("at `{path}`: {message} (line {line} column {column})")]
    Shape {
        path: String,
        message: String,
        line: usize,
        column: usize,
    },
    #[error("{0}")]
    Invalid(String),
}

impl ReadError {
    pub fn new(file: &str, kind: ReadErrorKind) -> ReadError {
        ReadError {
            file: file.to_string(),
            record: None,
            kind,
        }
    }
}

/// Only the two keys that say what a document is; everything else is skipped unparsed.
#[derive(Deserialize)]
struct Header {
    format: Option<serde_json::Value>,
    version: Option<serde_json::Value>,
}

fn syntax(err: &serde_json::Error) -> ReadErrorKind {
    // serde_json's message ends with " at line L column C"; the position is reported apart.
    let message = err.to_string();
    let message = match message.rfind(" at line ") {
        Some(i) => message[..i].to_string(),
        None => message,
    };
    ReadErrorKind::Syntax {
        message,
        line: err.line(),
        column: err.column(),
    }
}

/// Checks `format` and `version`, the part of the rules that must come before anything else.
fn check_header(bytes: &[u8]) -> Result<(), ReadErrorKind> {
    let header: Header = serde_json::from_slice(bytes).map_err(|e| {
        if e.is_data() {
            ReadErrorKind::NotARunFile("the document is not a JSON object".into())
        } else {
            syntax(&e)
        }
    })?;
    match &header.format {
        Some(serde_json::Value::String(f)) if f == FORMAT => {}
        Some(other) => {
            return Err(ReadErrorKind::NotARunFile(format!(
                "`format` is {other}, expected \"{FORMAT}\""
            )))
        }
        None => {
            return Err(ReadErrorKind::NotARunFile(format!(
                "it has no `format` key (expected \"{FORMAT}\")"
            )))
        }
    }
    match &header.version {
        Some(v) if v.as_u64() == Some(u64::from(VERSION)) => Ok(()),
        Some(v) => Err(ReadErrorKind::UnsupportedVersion {
            found: v.to_string(),
            supported: VERSION,
        }),
        None => Err(ReadErrorKind::NotARunFile(
            "it has no `version` key".to_string(),
        )),
    }
}

/// Whether these bytes claim to be a benchdash run file (for format detection). Writers put
/// `format` first, so a look at the first kilobytes settles most files without a full scan.
pub fn looks_like_run_file(bytes: &[u8]) -> bool {
    claims_run_file_early(bytes)
        || serde_json::from_slice::<Header>(bytes).is_ok_and(|h| {
            h.format
                .as_ref()
                .and_then(serde_json::Value::as_str)
                .is_some_and(|f| f == FORMAT)
        })
}

/// Whether the document's first key is `format` with benchdash's value: how benchdash writes
/// run files, so a look at the first kilobytes settles them.
pub fn claims_run_file_early(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(4096)];
    if let Ok(text) = std::str::from_utf8(head) {
        let text = text.trim_start();
        if let Some(rest) = text.strip_prefix('{').map(str::trim_start) {
            if let Some(value) = rest
                .strip_prefix("\"format\"")
                .map(|r| r.trim_start().trim_start_matches(':').trim_start())
            {
                return value.starts_with(&format!("\"{FORMAT}\""));
            }
        }
    }
    false
}

/// The content-derived id of a run without one: the first 12 hex digits of the SHA-256 of
/// the bytes it was read from.
pub fn content_id(bytes: &[u8]) -> String {
    content_id_of(Sha256::new_with_prefix(bytes))
}

/// The content id from a SHA-256 state that has hashed the content (possibly in parts).
pub(crate) fn content_id_of(hash: Sha256) -> String {
    let digest = hash.finalize();
    digest.iter().take(6).map(|b| format!("{b:02x}")).collect()
}

/// Reads one run file from its bytes, applying every reader's rule.
pub fn read_run(file: &str, bytes: &[u8]) -> Result<Loaded, ReadError> {
    read_document(bytes).map_err(|kind| ReadError::new(file, kind))
}

/// Parses JSON into `T`, reporting syntax errors with line and column and shape errors with
/// the JSON path of the offending field. Shared by the run-file reader and the importers.
///
/// The path is found after a failure, from the error's position (`json_path.rs`), not
/// tracked during the parse: tracking cost every parse more than half its speed and the
/// dashboard a second copy of every deserialiser.
pub fn parse_json<T: serde::de::DeserializeOwned>(bytes: &[u8]) -> Result<T, ReadErrorKind> {
    serde_json::from_slice(bytes).map_err(|err| {
        if err.is_syntax() || err.is_eof() {
            return syntax(&err);
        }
        let message = err.to_string();
        let message = match message.rfind(" at line ") {
            Some(i) => message[..i].to_string(),
            None => message,
        };
        let offset = crate::json_path::offset_of(bytes, err.line(), err.column());
        ReadErrorKind::Shape {
            path: crate::json_path::path_at(bytes, offset),
            message,
            line: err.line(),
            column: err.column(),
        }
    })
}

fn read_document(bytes: &[u8]) -> Result<Loaded, ReadErrorKind> {
    finish_document(parse_document(bytes)?, bytes)
}

/// The first half of reading a run file: the document parsed, and its `format` and `version`
/// checked. `finish_document` is the rest; the importers finish a parsed document
/// themselves (with the id from their own hash).
pub fn parse_document(bytes: &[u8]) -> Result<RunFile, ReadErrorKind> {
    // One pass in the common case: parse the whole run, then check what it claims to be. Only
    // when that fails is the header read on its own, so that a file of another version or
    // another tool gets that diagnosis rather than a shape error.
    let run: RunFile = match parse_json(bytes) {
        Ok(run) => run,
        Err(shape) => {
            check_header(bytes)?;
            return Err(shape);
        }
    };
    if run.format != FORMAT {
        return Err(ReadErrorKind::NotARunFile(format!(
            "`format` is \"{}\", expected \"{FORMAT}\"",
            run.format
        )));
    }
    if run.version != VERSION {
        return Err(ReadErrorKind::UnsupportedVersion {
            found: run.version.to_string(),
            supported: VERSION,
        });
    }
    Ok(run)
}

/// The second half of reading a run file parsed from `bytes`: the rules of [`normalize`], and
/// an id from the bytes when the run has none.
fn finish_document(run: RunFile, bytes: &[u8]) -> Result<Loaded, ReadErrorKind> {
    finish_document_with(run, || content_id(bytes))
}

/// [`finish_document`] with the id, if one is needed, from `id`.
pub(crate) fn finish_document_with(
    mut run: RunFile,
    id: impl FnOnce() -> String,
) -> Result<Loaded, ReadErrorKind> {
    let warnings = normalize(&mut run)?;
    if run.run.id.as_deref().is_none_or(str::is_empty) {
        run.run.id = Some(id());
    }
    Ok(Loaded { run, warnings })
}

/// Parses an RFC 3339 timestamp.
pub fn parse_timestamp(text: &str) -> Option<OffsetDateTime> {
    OffsetDateTime::parse(text, &Rfc3339).ok()
}

/// Applies the rules that need the whole run: valid timestamp, unique names, filled summaries,
/// usable metrics. Returns the warnings.
pub fn normalize(run: &mut RunFile) -> Result<Vec<String>, ReadErrorKind> {
    if parse_timestamp(&run.run.timestamp).is_none() {
        return Err(ReadErrorKind::Invalid(format!(
            "`run.timestamp` is \"{}\", which is not an RFC 3339 date and time (like 2026-11-22T21:59:13Z)",
            run.run.timestamp
        )));
    }
    let mut seen = std::collections::HashSet::new();
    for (i, b) in run.benchmarks.iter().enumerate() {
        if b.name.trim().is_empty() {
            return Err(ReadErrorKind::Invalid(format!(
                "`benchmarks[{i}].name` is empty"
            )));
        }
        if !seen.insert(b.name.as_str()) {
            return Err(ReadErrorKind::Invalid(format!(
                "benchmark name \"{}\" appears more than once (names must be unique within a run)",
                b.name
            )));
        }
        if let Some(tl) = &b.timeline {
            tl.check().map_err(|why| {
                ReadErrorKind::Invalid(format!(
                    "benchmark \"{}\": its timeline is not valid: {why}",
                    b.name
                ))
            })?;
        }
    }
    let mut warnings = Vec::new();
    for bench in &mut run.benchmarks {
        bench.metrics.retain(|name, metric| {
            let usable = metric.is_usable();
            if !usable {
                warnings.push(format!(
                    "benchmark \"{}\": metric \"{name}\" has no usable number and was dropped",
                    bench.name
                ));
            }
            usable
        });
        for metric in bench.metrics.values_mut() {
            if !metric.samples.is_empty() {
                metric
                    .summary
                    .get_or_insert_with(Default::default)
                    .fill_from_samples(&metric.samples);
            }
        }
    }
    Ok(warnings)
}

/// Reads a `.jsonl` history: one run file per non-blank line. The first bad line fails the
/// whole file, with its line number, so a history is never silently shortened.
pub fn read_history_jsonl(file: &str, bytes: &[u8]) -> Result<Vec<Loaded>, ReadError> {
    let text = std::str::from_utf8(bytes).map_err(|e| {
        ReadError::new(
            file,
            ReadErrorKind::Invalid(format!("not UTF-8 text ({e})")),
        )
    })?;
    let mut runs = Vec::new();
    for (i, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let loaded = read_document(line.as_bytes()).map_err(|kind| ReadError {
            file: file.to_string(),
            record: Some(i + 1),
            kind,
        })?;
        runs.push(loaded);
    }
    Ok(runs)
}

/// Whether a file is a `.jsonl` history (one run file a line), by its name.
pub fn is_history(file: &str) -> bool {
    file.to_ascii_lowercase().ends_with(".jsonl")
}

/// Reads a file's runs by its name: a `.jsonl` history holds one run a line, anything else is
/// one run file. The CLI and the dashboard both come through here.
pub fn read_runs(file: &str, bytes: &[u8]) -> Result<Vec<Loaded>, ReadError> {
    if is_history(file) {
        read_history_jsonl(file, bytes)
    } else {
        read_run(file, bytes).map(|loaded| vec![loaded])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const MINIMAL: &str = r#"{"format":"benchdash/run","version":1,
        "run":{"name":"r","timestamp":"2026-11-22T21:59:13Z"},
        "benchmarks":[{"name":"a","metrics":{"latency":{"unit":"ms","better":"lower","samples":[1,2,3]}}}]}"#;

    fn kind(bytes: &str) -> ReadErrorKind {
        read_run("f.json", bytes.as_bytes()).unwrap_err().kind
    }

    #[test]
    fn minimal_file_reads_and_gets_derived_summary_and_id() {
        let loaded = read_run("f.json", MINIMAL.as_bytes()).unwrap();
        let m = &loaded.run.benchmarks[0].metrics["latency"];
        let s = m.summary.as_ref().unwrap();
        assert_eq!((s.n, s.mean, s.median), (Some(3), Some(2.0), Some(2.0)));
        assert_eq!(loaded.run.id(), content_id(MINIMAL.as_bytes()));
        assert_eq!(loaded.run.id().len(), 12);
        assert!(loaded.warnings.is_empty());
    }

    #[test]
    fn syntax_errors_carry_line_and_column() {
        let err = read_run(
            "bad.json",
            b"{\n  \"format\": \"benchdash/run\",\n  oops\n}",
        )
        .unwrap_err();
        assert_eq!(err.file, "bad.json");
        match err.kind {
            ReadErrorKind::Syntax { line, column, .. } => assert_eq!((line, column), (3, 3)),
            other => panic!("{other:?}"),
        }
        assert!(err.to_string().starts_with("bad.json: not valid JSON"));
    }

    #[test]
    fn unknown_version_names_both_versions() {
        let err = read_run(
            "new.json",
            br#"{"format":"benchdash/run","version":2,"run":{}}"#,
        )
        .unwrap_err();
        let text = err.to_string();
        assert!(text.contains("new.json"), "{text}");
        assert!(text.contains("version 2"), "{text}");
        assert!(text.contains("version 1"), "{text}");
    }

    #[test]
    fn other_documents_are_not_run_files() {
        assert!(matches!(
            kind(r#"{"results":[]}"#),
            ReadErrorKind::NotARunFile(_)
        ));
        assert!(matches!(kind("[1,2]"), ReadErrorKind::NotARunFile(_)));
        assert!(matches!(
            kind(r#"{"format":"hyperfine","version":1}"#),
            ReadErrorKind::NotARunFile(_)
        ));
    }

    #[test]
    fn type_errors_carry_the_field_path() {
        let bad = MINIMAL.replace(r#""better":"lower""#, r#""better":"sideways""#);
        match kind(&bad) {
            ReadErrorKind::Shape { path, .. } => {
                assert_eq!(path, "benchmarks[0].metrics.latency.better")
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn bad_timestamp_and_duplicate_names_are_errors() {
        let bad_ts = MINIMAL.replace("2026-11-22T21:59:13Z", "yesterday");
        assert!(matches!(kind(&bad_ts), ReadErrorKind::Invalid(m) if m.contains("yesterday")));
        let dup = MINIMAL.replace(
            r#""benchmarks":[{"#,
            r#""benchmarks":[{"name":"a","metrics":{}},{"#,
        );
        assert!(matches!(kind(&dup), ReadErrorKind::Invalid(m) if m.contains("\"a\"")));
    }

    #[test]
    fn metric_without_numbers_is_dropped_with_a_warning() {
        let doc = MINIMAL.replace(
            r#""samples":[1,2,3]}"#,
            r#""samples":[1,2,3]},"memory":{"unit":"MB","better":"lower","value":null,"samples":[null]}"#,
        );
        let loaded = read_run("f.json", doc.as_bytes()).unwrap();
        let metrics = &loaded.run.benchmarks[0].metrics;
        assert!(metrics.contains_key("latency"));
        assert!(!metrics.contains_key("memory"));
        assert_eq!(loaded.warnings.len(), 1);
        assert!(loaded.warnings[0].contains("\"a\"") && loaded.warnings[0].contains("memory"));
    }

    #[test]
    fn unknown_fields_are_ignored() {
        let doc = MINIMAL.replace(r#""run":{"#, r#""future_key":[1],"run":{"color":"red","#);
        assert!(read_run("f.json", doc.as_bytes()).is_ok());
    }

    #[test]
    fn jsonl_history_reads_each_line_and_names_the_bad_one() {
        let line = MINIMAL.replace('\n', " ");
        let two = format!("{line}\n\n{}\n", line.replace("\"r\"", "\"s\""));
        let runs = read_history_jsonl("h.jsonl", two.as_bytes()).unwrap();
        assert_eq!(runs.len(), 2);
        assert_ne!(runs[0].run.id(), runs[1].run.id());
        let broken = format!("{line}\n{{\"format\":\"benchdash/run\"\n");
        let err = read_history_jsonl("h.jsonl", broken.as_bytes()).unwrap_err();
        assert_eq!(err.record, Some(2));
        assert!(err.to_string().starts_with("h.jsonl (line 2): "));
    }
}
