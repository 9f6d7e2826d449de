//! Reading the user's input paths into runs. The only place the CLI touches input files.

use std::path::Path;

use benchdash_core::read::{read_runs, Loaded};

use crate::Failure;

/// One input file's runs (a `.jsonl` history holds several), labelled with the path as given.
pub struct Input {
    pub label: String,
    pub runs: Vec<Loaded>,
}

/// Reads every path. A folder contributes its `.json` and `.jsonl` files in name order.
pub fn read_paths(paths: &[std::path::PathBuf]) -> Result<Vec<Input>, Failure> {
    let mut inputs = Vec::new();
    for path in paths {
        if path.is_dir() {
            let mut files: Vec<_> = std::fs::read_dir(path)
                .map_err(|e| Failure(format!("{}: cannot list the folder: {e}", path.display())))?
                .filter_map(Result::ok)
                .map(|entry| entry.path())
                .filter(|p| p.is_file() && matches!(extension(p), "json" | "jsonl"))
                .collect();
            files.sort();
            if files.is_empty() {
                return Err(Failure(format!(
                    "{}: the folder holds no .json or .jsonl files",
                    path.display()
                )));
            }
            for file in files {
                inputs.push(read_file(&file)?);
            }
        } else {
            inputs.push(read_file(path)?);
        }
    }
    Ok(inputs)
}

fn extension(path: &Path) -> &str {
    path.extension().and_then(|e| e.to_str()).unwrap_or("")
}

fn read_file(path: &Path) -> Result<Input, Failure> {
    let label = path.display().to_string();
    let bytes = std::fs::read(path).map_err(|e| Failure(format!("{label}: cannot read: {e}")))?;
    let runs = read_runs(&label, &bytes)?;
    Ok(Input { label, runs })
}

/// Reads a path that must hold exactly one run (as `compare`'s and `check`'s arguments do):
/// a run file, or a folder or file the importers turn into one run.
#[allow(dead_code)] // until compare and check use it
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
