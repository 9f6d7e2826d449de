//! Which files of a walked folder are results: the rule of the CLI's folders and the
//! dashboard's chosen or dropped ones ([`counts`]), and the one check of a benchdash manifest
//! ([`is_manifest`], [`ManifestHeader`]). The manifest module reads and writes manifests on
//! top of this (`manifest` uses `import`, never the other way), and re-exports `is_manifest`
//! and [`MANIFEST_FORMAT`] as `manifest::is_manifest` and `manifest::FORMAT`.

use serde::Deserialize;

/// The value of a manifest's `format` key (`manifest::FORMAT`).
pub const MANIFEST_FORMAT: &str = "benchdash/index";

/// A manifest's header, as both [`is_manifest`] and `manifest::parse` read it.
#[derive(Deserialize)]
pub(crate) struct ManifestHeader {
    pub(crate) format: Option<serde_json::Value>,
    pub(crate) version: Option<serde_json::Value>,
}

/// Whether a file found while walking a folder may hold results: `.json`, `.jsonl`, `.ndjson`,
/// github-action-benchmark's `data.js`, Locust's `*_stats.csv`, and the text formats' `.txt`,
/// `.log`, `.out` and `.xml` (Go's and libtest's output, Benchmark.js lines, Catch2's XML),
/// which [`counts`] then keeps only when their content is detected. Files picked one by one
/// are always tried; in a folder, criterion's reports, other CSVs (criterion's `raw.csv`,
/// Locust's `_stats_history.csv`, the same test as its `_stats.csv` again as timelines, and
/// `_failures.csv`) and SVGs are not results.
pub fn is_result_file(path: &str) -> bool {
    let name = file_name(path);
    name == "data.js"
        || name.ends_with(".json")
        || name.ends_with(".jsonl")
        || name.ends_with(".ndjson")
        || name.ends_with("_stats.csv")
        || is_text_result_name(&name)
}

fn file_name(path: &str) -> String {
    path.rsplit(['/', '\\'])
        .next()
        .unwrap_or(path)
        .to_ascii_lowercase()
}

/// The extensions of the text formats' files: results only when their content says so (a
/// folder's `VERSION.txt` or `CMakeLists.txt` is not).
fn is_text_result_name(name: &str) -> bool {
    [".txt", ".log", ".out", ".xml"]
        .iter()
        .any(|ext| name.ends_with(ext))
}

/// Whether a file found while walking a folder counts as results: the rule of the CLI's
/// folders and the dashboard's chosen or dropped ones. Its name must say it may hold results
/// ([`is_result_file`], which a walker asks first, so it reads nothing else), and it must not
/// be a benchdash manifest (`index.json`, which lists results and holds none); a text file
/// (`.txt`, `.log`, `.out`, `.xml`) must also be detected as one of the formats.
pub fn counts(path: &str, bytes: &[u8]) -> bool {
    is_result_file(path)
        && !is_manifest(bytes)
        && (!is_text_result_name(&file_name(path)) || super::detect(path, bytes).is_some())
}

/// Whether these bytes claim to be a manifest (`"format": "benchdash/index"`), whatever their
/// version: what a dashboard checks before treating a fetched file as a list of files.
pub fn is_manifest(bytes: &[u8]) -> bool {
    serde_json::from_slice::<ManifestHeader>(bytes).is_ok_and(|h| {
        h.format
            .as_ref()
            .and_then(serde_json::Value::as_str)
            .is_some_and(|f| f == MANIFEST_FORMAT)
    })
}
