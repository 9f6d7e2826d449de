//! Reading the user's input paths into runs: the only place the CLI reads input files.
//!
//! Every command that takes runs comes through here, so every command reads every format the
//! importers know (auto-detected), folders (recursively: a `target/criterion` tree, a folder of
//! run files, pytest-benchmark's `.benchmarks/`), and `.jsonl` histories.

use std::path::{Path, PathBuf};

use benchdash_core::import::{self, FileData, Format, Options, SourceFile};
use benchdash_core::manifest;
use benchdash_core::read::Loaded;
use time::format_description::well_known::Rfc3339;
use time::OffsetDateTime;

use crate::Failure;

/// One input's runs, labelled with the path as given, and the format they were read as.
pub struct Input {
    pub label: String,
    pub format: Format,
    pub runs: Vec<Loaded>,
}

/// Import options for the CLI: the forced format and criterion baseline, and the current
/// time for runs whose files record no time at all.
pub fn options(format: Option<Format>, criterion_baseline: Option<String>) -> Options {
    Options {
        format,
        criterion_baseline: criterion_baseline.unwrap_or_else(|| "new".into()),
        fallback_timestamp: rfc3339(OffsetDateTime::now_utc()),
    }
}

fn rfc3339(t: OffsetDateTime) -> String {
    t.replace_nanosecond(0)
        .unwrap_or(t)
        .format(&Rfc3339)
        .expect("a valid time formats as RFC 3339")
}

/// Reads every path with auto-detection. See [`read_paths_with`].
pub fn read_paths(paths: &[PathBuf]) -> Result<Vec<Input>, Failure> {
    read_paths_with(paths, &options(None, None))
}

/// Reads every path: files as they are, folders recursively (their `.json`, `.jsonl` and
/// `data.js` files, in name order).
pub fn read_paths_with(paths: &[PathBuf], options: &Options) -> Result<Vec<Input>, Failure> {
    let mut inputs = Vec::new();
    for path in paths {
        let mut files = Vec::new();
        if path.is_dir() {
            collect(path, &mut files)?;
            if files.is_empty() {
                return Err(Failure(format!(
                    "{}: the folder holds no .json, .jsonl or data.js files",
                    path.display()
                )));
            }
        } else {
            files.push(read_file(path)?);
        }
        // Kept together, so the importers see a folder's criterion tree whole.
        let sources: Vec<SourceFile> = files.iter().map(FileData::source).collect();
        for imported in import::import(&sources, options)? {
            let label = if imported.files.len() == 1 {
                imported.files[0].clone()
            } else {
                path.display().to_string()
            };
            inputs.push(Input {
                label,
                format: imported.format,
                runs: imported.runs,
            });
        }
    }
    Ok(inputs)
}

/// Reads a folder's result files, recursively, in name order. A benchdash manifest
/// (`index.json` from `benchdash index`) lists results and holds none: it is left out.
pub fn collect(dir: &Path, out: &mut Vec<FileData>) -> Result<(), Failure> {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(|e| Failure(format!("{}: cannot list the folder: {e}", dir.display())))?
        .filter_map(Result::ok)
        .map(|entry| entry.path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            collect(&path, out)?;
        } else if import::is_result_file(&path.to_string_lossy()) {
            let file = read_file(&path)?;
            if !manifest::is_manifest(&file.bytes) {
                out.push(file);
            }
        }
    }
    Ok(())
}

fn read_file(path: &Path) -> Result<FileData, Failure> {
    let label = path.display().to_string();
    let bytes = std::fs::read(path).map_err(|e| Failure(format!("{label}: cannot read: {e}")))?;
    let modified = std::fs::metadata(path)
        .and_then(|m| m.modified())
        .ok()
        .map(|t| rfc3339(OffsetDateTime::from(t)));
    Ok(FileData {
        path: label,
        bytes,
        modified,
    })
}

/// Reads a path that must hold exactly one run (as `compare`'s and `check`'s arguments do):
/// a run file, or a file or folder the importers turn into one run.
pub fn read_one(path: &Path) -> Result<(String, Loaded), Failure> {
    let mut inputs = read_paths(&[path.to_path_buf()])?;
    let count: usize = inputs.iter().map(|i| i.runs.len()).sum();
    if count != 1 {
        return Err(Failure(format!(
            "{}: expected one run, found {count} (merge them first with `benchdash import`)",
            path.display()
        )));
    }
    let input = inputs.remove(0);
    let loaded = input.runs.into_iter().next().expect("one run");
    Ok((input.label, loaded))
}
