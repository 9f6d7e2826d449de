//! The manifest of a results folder (`index.json`, written by `benchdash index DIR`): the
//! result files a dashboard opened with `?load=…/index.json` fetches, as paths relative to the
//! manifest. Pure: the model, the listing rule, and serialising and parsing; the CLI walks the
//! folder and writes the file, the dashboard fetches it.
//!
//! ```json
//! {
//!   "format": "benchdash/index",
//!   "version": 1,
//!   "files": [
//!     { "path": "runs/v0.1.0.json", "format": "benchdash", "timestamp": "2026-11-20T09:00:00Z" },
//!     { "path": "hyperfine/two.json", "format": "hyperfine" }
//!   ]
//! }
//! ```

use std::cmp::Ordering;
use std::fmt;

use serde::{Deserialize, Serialize};

use crate::import::folder::ManifestHeader;
use crate::import::{import_each, ImportError, Options, SourceFile};
use crate::read::{parse_timestamp, ReadErrorKind};

/// Whether these bytes claim to be a manifest (the check `import::counts` uses too).
pub use crate::import::is_manifest;
/// The value of a manifest's `format` key.
pub use crate::import::MANIFEST_FORMAT as FORMAT;
/// The manifest version this build writes and reads.
pub const VERSION: u32 = 1;

/// The timestamp importers give a run whose file records none when they are given no
/// modification time: such runs are listed without a timestamp.
const UNDATED: &str = "1970-01-01T00:00:00Z";

/// A results folder's manifest: its result files, oldest run first.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Manifest {
    pub files: Vec<Entry>,
}

/// One result file of the folder.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Entry {
    /// The file's path relative to the manifest's folder, `/`-separated, not URL-encoded
    /// (readers encode each segment when they resolve it against the manifest's URL).
    pub path: String,
    /// The format it was read as (informational: readers detect the format again).
    pub format: String,
    /// The earliest run timestamp the file records; absent when it records none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timestamp: Option<String>,
}

/// A manifest that cannot be read: the file and the reason.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub struct ManifestError {
    pub file: String,
    pub message: String,
}

impl fmt::Display for ManifestError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.file, self.message)
    }
}

#[derive(Serialize)]
struct DocumentOut<'a> {
    format: &'static str,
    version: u32,
    files: &'a [Entry],
}

#[derive(Deserialize)]
struct DocumentIn {
    files: Vec<Entry>,
}

/// Builds the manifest of a folder's files, given with their paths relative to the manifest.
/// Each file is imported as the dashboard would import it (a criterion tree's files together);
/// a file that does not import, or holds no runs, is left out and returned as an error, so the
/// caller can warn or fail. Modification times are ignored, so the manifest depends only on
/// the files' names and contents. See [`Manifest::sort`] for the order.
pub fn build(files: &[SourceFile]) -> (Manifest, Vec<ImportError>) {
    let undated: Vec<SourceFile> = files
        .iter()
        .map(|f| SourceFile {
            modified: None,
            ..*f
        })
        .collect();
    let options = Options {
        fallback_timestamp: UNDATED.to_string(),
        ..Options::default()
    };
    let mut manifest = Manifest::default();
    let mut errors = Vec::new();
    for result in import_each(&undated, &options) {
        match result {
            Ok(imported) if imported.runs.is_empty() => errors.push(ImportError {
                file: imported.files.join(", "),
                format: Some(imported.format),
                kind: ReadErrorKind::Invalid("the file holds no runs".to_string()),
            }),
            Ok(imported) => {
                let timestamp = imported
                    .runs
                    .iter()
                    .map(|l| l.run.run.timestamp.as_str())
                    .filter(|t| *t != UNDATED)
                    .filter_map(|t| parse_timestamp(t).map(|parsed| (parsed, t)))
                    .min_by_key(|(parsed, _)| *parsed)
                    .map(|(_, t)| t.to_string());
                for path in imported.files {
                    manifest.files.push(Entry {
                        path,
                        format: imported.format.name().to_string(),
                        timestamp: timestamp.clone(),
                    });
                }
            }
            Err(err) => errors.push(err),
        }
    }
    manifest.sort();
    (manifest, errors)
}

impl Manifest {
    /// The manifest's order: files with a timestamp first, oldest first (instants compared,
    /// so time zones do not matter), then files without one; ties by path.
    pub fn sort(&mut self) {
        crate::order::sort_by(&mut self.files, |a, b| {
            let ta = a.timestamp.as_deref().and_then(parse_timestamp);
            let tb = b.timestamp.as_deref().and_then(parse_timestamp);
            let by_time = match (ta, tb) {
                (Some(a), Some(b)) => a.cmp(&b),
                (Some(_), None) => Ordering::Less,
                (None, Some(_)) => Ordering::Greater,
                (None, None) => Ordering::Equal,
            };
            by_time.then_with(|| a.path.cmp(&b.path))
        });
    }

    /// The manifest as pretty JSON with a final newline; deterministic.
    pub fn to_json(&self) -> String {
        let doc = DocumentOut {
            format: FORMAT,
            version: VERSION,
            files: &self.files,
        };
        let mut text = serde_json::to_string_pretty(&doc).expect("a manifest serialises");
        text.push('\n');
        text
    }
}

/// Reads a manifest. `file` names it in errors. Unknown keys are ignored (later versions may
/// add some); an unknown `version` is an error naming both versions; every path must be
/// non-empty.
pub fn parse(file: &str, bytes: &[u8]) -> Result<Manifest, ManifestError> {
    let fail = |message: String| ManifestError {
        file: file.to_string(),
        message,
    };
    let header: ManifestHeader =
        serde_json::from_slice(bytes).map_err(|e| fail(format!("not valid JSON: {e}")))?;
    match header.format.as_ref().and_then(serde_json::Value::as_str) {
        Some(FORMAT) => {}
        _ => {
            return Err(fail(format!(
                "not a benchdash manifest: `format` is not \"{FORMAT}\""
            )))
        }
    }
    match header.version.as_ref().and_then(serde_json::Value::as_u64) {
        Some(v) if v == u64::from(VERSION) => {}
        Some(v) => {
            return Err(fail(format!(
                "manifest version {v} is not supported: this benchdash reads version {VERSION}"
            )))
        }
        None => return Err(fail("the manifest has no numeric `version`".to_string())),
    }
    let doc: DocumentIn =
        serde_json::from_slice(bytes).map_err(|e| fail(format!("bad manifest: {e}")))?;
    if let Some(i) = doc.files.iter().position(|e| e.path.trim().is_empty()) {
        return Err(fail(format!("`files[{i}].path` is empty")));
    }
    Ok(Manifest { files: doc.files })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn source<'a>(path: &'a str, bytes: &'a [u8]) -> SourceFile<'a> {
        SourceFile {
            path,
            bytes,
            modified: Some("2030-01-01T00:00:00Z"),
        }
    }

    fn run(name: &str, timestamp: &str) -> String {
        format!(
            r#"{{"format":"benchdash/run","version":1,"run":{{"name":"{name}","timestamp":"{timestamp}"}},"benchmarks":[{{"name":"b","metrics":{{"latency":{{"unit":"ms","better":"lower","value":1}}}}}}]}}"#
        )
    }

    #[test]
    fn build_lists_files_oldest_first_and_undated_last_by_path() {
        let zoned = run("zoned", "2026-11-22T10:00:00+02:00");
        let early = run("early", "2026-11-22T09:00:00Z");
        let history = format!("{}\n{}\n", run("h2", "2026-11-23T00:00:00Z"), early);
        let hyperfine = std::fs::read(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../tests/data/fixtures/hyperfine/two.json"
        ))
        .unwrap();
        let (manifest, errors) = build(&[
            source("z/hyperfine.json", &hyperfine),
            source("b/zoned.json", zoned.as_bytes()),
            source("a/early.json", early.as_bytes()),
            source("history.jsonl", history.as_bytes()),
            source("a/broken.json", b"{ nope"),
        ]);
        let listed: Vec<(&str, Option<&str>)> = manifest
            .files
            .iter()
            .map(|e| (e.path.as_str(), e.timestamp.as_deref()))
            .collect();
        assert_eq!(
            listed,
            [
                // 10:00+02:00 is 08:00Z: before 09:00Z.
                ("b/zoned.json", Some("2026-11-22T10:00:00+02:00")),
                ("a/early.json", Some("2026-11-22T09:00:00Z")),
                ("history.jsonl", Some("2026-11-22T09:00:00Z")),
                // The modification time is ignored: hyperfine records no time.
                ("z/hyperfine.json", None),
            ]
        );
        assert_eq!(manifest.files[3].format, "hyperfine");
        assert_eq!(errors.len(), 1);
        assert_eq!(errors[0].file, "a/broken.json");
    }

    #[test]
    fn round_trips_and_is_recognised() {
        let (manifest, _) = build(&[source(
            "r.json",
            run("r", "2026-01-01T00:00:00Z").as_bytes(),
        )]);
        let text = manifest.to_json();
        assert!(text.starts_with("{\n  \"format\": \"benchdash/index\",\n  \"version\": 1,"));
        assert!(is_manifest(text.as_bytes()));
        assert!(!is_manifest(run("r", "2026-01-01T00:00:00Z").as_bytes()));
        assert!(!is_manifest(b"not json"));
        assert_eq!(parse("index.json", text.as_bytes()).unwrap(), manifest);
    }

    #[test]
    fn parse_errors_name_the_file_and_the_reason() {
        let e = parse(
            "i.json",
            br#"{"format":"benchdash/index","version":2,"files":[]}"#,
        )
        .unwrap_err();
        assert_eq!(
            e.to_string(),
            "i.json: manifest version 2 is not supported: this benchdash reads version 1"
        );
        let e = parse("i.json", br#"{"format":"benchdash/run","version":1}"#).unwrap_err();
        assert!(e.message.contains("not a benchdash manifest"), "{e}");
        let e = parse(
            "i.json",
            br#"{"format":"benchdash/index","version":1,"files":[{"path":"","format":"x"}]}"#,
        )
        .unwrap_err();
        assert!(e.message.contains("files[0].path"), "{e}");
        let e = parse("i.json", br#"{"format":"benchdash/index","version":1}"#).unwrap_err();
        assert!(e.message.contains("files"), "{e}");
        // Unknown keys are ignored.
        let m = parse(
            "i.json",
            br#"{"format":"benchdash/index","version":1,"files":[{"path":"a.json","format":"k6","size":3}],"generator":"x"}"#,
        )
        .unwrap();
        assert_eq!(m.files[0].path, "a.json");
    }
}
