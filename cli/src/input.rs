//! Reading the user's input paths into runs: the only place the CLI reads input files.
//!
//! Every command that takes runs comes through here, so every command reads every format the
//! importers know (auto-detected), folders (recursively: a `target/criterion` tree, a folder of
//! run files, pytest-benchmark's `.benchmarks/`), `.jsonl` histories, and one saved baseline of
//! a criterion tree as `PATH@NAME` (`target/criterion@main`, as `critcmp main` names it).
//!
//! A folder's files are listed and then read on rayon's threads, one per core (a criterion
//! tree of a thousand benchmarks is 3,000 folders and 8,000 files); core gets their bytes in
//! name order either way.

use std::path::{Path, PathBuf};

use benchdash_core::import::{self, FileData, Format, Options, SourceFile};
use benchdash_core::read::Loaded;
use rayon::prelude::*;
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

/// Every run of every path ([`read_paths`]), their readers' warnings told to `diag` with the
/// input's label: what `trend` and `compare --history` read.
pub fn read_runs(
    paths: &[PathBuf],
    diag: &crate::Diagnostics,
) -> Result<Vec<benchdash_core::run::RunFile>, Failure> {
    let mut runs = Vec::new();
    for input in read_paths(paths)? {
        for loaded in input.runs {
            for w in &loaded.warnings {
                diag.warn(format!("{}: {w}", input.label));
            }
            runs.push(loaded.run);
        }
    }
    Ok(runs)
}

/// Reads every path with auto-detection. See [`read_paths_with`].
pub fn read_paths(paths: &[PathBuf]) -> Result<Vec<Input>, Failure> {
    read_paths_with(paths, &options(None, None))
}

/// Reads every path: files as they are, folders recursively (their `.json`, `.jsonl`,
/// `data.js` and Locust's `*_stats.csv` files, in name order), and `PATH@NAME` as the baseline `NAME` of the criterion
/// tree at `PATH` (see [`baseline_selector`]).
pub fn read_paths_with(paths: &[PathBuf], options: &Options) -> Result<Vec<Input>, Failure> {
    let mut inputs = Vec::new();
    for path in paths {
        if let Some((tree, name)) = baseline_selector(path) {
            inputs.push(read_baseline(path, &tree, &name, options)?);
            continue;
        }
        let mut files = Vec::new();
        if path.is_dir() {
            collect(path, &mut files)?;
            if files.is_empty() {
                return Err(Failure(format!(
                    "{}: the folder holds no .json, .jsonl, data.js or *_stats.csv files",
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

/// `PATH@NAME` as (the tree `PATH`, the baseline `NAME`), split at the last `@`; `None` for
/// every other path. A path that exists exactly as given is always read as itself (a file
/// named `x@y` is that file), and `NAME` holds no path separator (`a@b/c` is a path).
pub fn baseline_selector(path: &Path) -> Option<(PathBuf, String)> {
    if std::fs::symlink_metadata(path).is_ok() {
        return None;
    }
    let (tree, name) = path.to_str()?.rsplit_once('@')?;
    if tree.is_empty() || name.is_empty() || name.contains(['/', '\\']) {
        return None;
    }
    Some((PathBuf::from(tree), name.to_string()))
}

/// Reads the baseline `name` of the criterion tree at `tree` (the input `given`): only that
/// baseline's files are read. Exit 2 when `tree` is not a criterion tree or has no such
/// baseline, naming the baselines it has.
fn read_baseline(
    given: &Path,
    tree: &Path,
    name: &str,
    options: &Options,
) -> Result<Input, Failure> {
    let label = given.display().to_string();
    let shown = tree.display();
    if !tree.exists() {
        return Err(Failure(format!(
            "{label}: no such file or folder, and {shown} does not exist \
             (PATH@NAME reads the saved baseline NAME of the criterion tree at PATH)"
        )));
    }
    if !tree.is_dir() {
        return Err(Failure(format!(
            "{label}: {shown} is a file, not a criterion tree (a folder such as target/criterion)"
        )));
    }
    let paths = listed(tree)?;
    let texts: Vec<std::borrow::Cow<str>> = paths.iter().map(|p| p.to_string_lossy()).collect();
    // Each file's baseline, worked out once for the listing and for the choice.
    let owners: Vec<Option<&str>> = texts
        .iter()
        .map(|t| import::criterion_baseline(t))
        .collect();
    let mut baselines: Vec<&str> = owners.iter().flatten().copied().collect();
    baselines.sort_unstable();
    baselines.dedup();
    if baselines.is_empty() {
        return Err(Failure(format!(
            "{label}: {shown} is not a criterion tree (no benchmark.json, estimates.json or \
             sample.json in baseline folders under it)"
        )));
    }
    if !baselines.contains(&name) {
        return Err(Failure(format!(
            "{shown} has no baseline `{name}`; its baselines are: {}",
            baselines.join(", ")
        )));
    }
    // The baseline's data files, by folder. The listing is in name order, so a folder's files
    // are together; the stable sort by folder only matters for a folder that also holds
    // folders.
    let mut by_folder: Vec<(&str, &PathBuf)> = paths
        .iter()
        .zip(texts.iter().zip(&owners))
        .filter(|(_, (text, owner))| **owner == Some(name) && import::is_criterion_data_file(text))
        .map(|(path, (text, _))| {
            let folder = text.rsplit_once(['/', '\\']).map_or("", |(dir, _)| dir);
            (folder, path)
        })
        .collect();
    by_folder.sort_by(|a, b| a.0.cmp(b.0));
    let folders: Vec<&[(&str, &PathBuf)]> = by_folder.chunk_by(|a, b| a.0 == b.0).collect();
    let read: Vec<Result<Option<import::BaselineFolder>, Failure>> = folders
        .into_par_iter()
        .map(|files| {
            let files = files
                .iter()
                .map(|(_, p)| read_file(p))
                .collect::<Result<Vec<_>, _>>()?;
            let sources: Vec<SourceFile> = files.iter().map(FileData::source).collect();
            Ok(import::read_criterion_folder(&sources)?)
        })
        .collect();
    let mut folders = Vec::with_capacity(read.len());
    for folder in read {
        folders.extend(folder?);
    }
    let options = Options {
        format: Some(Format::Criterion),
        criterion_baseline: name.to_string(),
        fallback_timestamp: options.fallback_timestamp.clone(),
    };
    let imported = import::criterion_baseline_run(name, folders, &options)?;
    Ok(Input {
        label,
        format: imported.format,
        runs: imported.runs,
    })
}

/// Reads a folder's result files, recursively, in name order. A benchdash manifest
/// (`index.json` from `benchdash index`) lists results and holds none: it is left out.
pub fn collect(dir: &Path, out: &mut Vec<FileData>) -> Result<(), Failure> {
    let mut paths = Vec::new();
    list(dir, &mut paths)?;
    out.extend(
        read_files(&paths)?
            .into_iter()
            .filter(|file| import::counts(&file.path, &file.bytes)),
    );
    Ok(())
}

/// The trees `PATH@NAME` inputs listed, by path: `compare tree@a tree@b` lists its tree
/// once, as critcmp does, not once per baseline (a listing of a thousand benchmarks is
/// 6,000 directory reads). [`read_two`] lists its inputs' trees before reading the two at
/// once, so neither waits for the other's listing and the listing has every core.
static LISTED: std::sync::Mutex<Option<Listings>> = std::sync::Mutex::new(None);

/// Each listed tree's result files, by the tree's path.
type Listings = std::collections::HashMap<PathBuf, std::sync::Arc<Vec<PathBuf>>>;

/// [`list`] of a criterion tree, listed once per process. The lock is never held while
/// listing: the listing runs on rayon's threads, which may be the ones asking.
fn listed(tree: &Path) -> Result<std::sync::Arc<Vec<PathBuf>>, Failure> {
    let cache = || {
        LISTED
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    };
    if let Some(paths) = cache().get_or_insert_with(Default::default).get(tree) {
        return Ok(paths.clone());
    }
    let mut paths = Vec::new();
    list(tree, &mut paths)?;
    let paths = std::sync::Arc::new(paths);
    cache()
        .get_or_insert_with(Default::default)
        .insert(tree.to_path_buf(), paths.clone());
    Ok(paths)
}

/// The paths of a folder's result files, recursively, in name order (not read). Links to
/// folders are followed, except one that leads back into a folder being walked (a link to
/// the folder's parent would otherwise be walked until the path is too long). Folders are
/// listed on rayon's threads: a criterion tree of a thousand benchmarks is 3,000 folders, 12 ms
/// of `compare tree@a tree@b`'s 50 even on two cores (docs/performance.md).
fn list(dir: &Path, out: &mut Vec<PathBuf>) -> Result<(), Failure> {
    let real = dir.canonicalize().unwrap_or_else(|_| dir.to_path_buf());
    out.extend(walk(
        dir,
        &Walking {
            real: &real,
            parent: None,
        },
    )?);
    Ok(())
}

/// The real paths of the folders a walk is inside, innermost first.
struct Walking<'a> {
    real: &'a Path,
    parent: Option<&'a Walking<'a>>,
}

impl Walking<'_> {
    fn contains(&self, real: &Path) -> bool {
        self.real == real || self.parent.is_some_and(|p| p.contains(real))
    }
}

/// [`list`] of `dir`, whose real path is `walking.real`, inside the folders of `walking`.
fn walk(dir: &Path, walking: &Walking) -> Result<Vec<PathBuf>, Failure> {
    // A folder's real path, when it is one: a plain folder's is its parent's joined with its
    // name (no system call); only a link is resolved.
    let mut entries: Vec<(PathBuf, Option<PathBuf>)> = std::fs::read_dir(dir)
        .map_err(|e| Failure(format!("{}: cannot list the folder: {e}", dir.display())))?
        .filter_map(Result::ok)
        .map(|entry| {
            let path = entry.path();
            // The entry's own type needs no stat; a link is followed, as `is_dir` does.
            let folder = match entry.file_type() {
                Ok(t) if !t.is_symlink() => {
                    t.is_dir().then(|| walking.real.join(entry.file_name()))
                }
                _ => path.is_dir().then(|| path.canonicalize().ok()).flatten(),
            };
            (path, folder)
        })
        .collect();
    // By name: the entries share their folder, so this is their paths' order, without
    // comparing the paths a component at a time.
    entries.sort_by(|a, b| a.0.file_name().cmp(&b.0.file_name()));
    let found: Vec<Result<Vec<PathBuf>, Failure>> = entries
        .into_par_iter()
        .map(|(path, folder)| match folder {
            Some(inner) if walking.contains(&inner) => Ok(Vec::new()),
            Some(inner) => walk(
                &path,
                &Walking {
                    real: &inner,
                    parent: Some(walking),
                },
            ),
            None if import::is_result_file(&path.to_string_lossy()) => Ok(vec![path]),
            None => Ok(Vec::new()),
        })
        .collect();
    // In name order, so the first failure (in path order) is the error.
    let mut out = Vec::new();
    for part in found {
        out.extend(part?);
    }
    Ok(out)
}

/// Reads files in order, on rayon's threads (one per core); the first failure (in path order)
/// is the error.
fn read_files(paths: &[PathBuf]) -> Result<Vec<FileData>, Failure> {
    let read: Vec<Result<FileData, Failure>> = paths.par_iter().map(|p| read_file(p)).collect();
    read.into_iter().collect()
}

/// Reads one file whole, with its modification time; the error names it.
pub fn read_file(path: &Path) -> Result<FileData, Failure> {
    use std::io::Read;
    let label = path.display().to_string();
    let fail = |e: std::io::Error| Failure(format!("{label}: cannot read: {e}"));
    let mut file = std::fs::File::open(path).map_err(fail)?;
    // One stat of the open file gives both the size (for the buffer) and the time.
    let metadata = file.metadata().ok();
    // Only a regular file's size is its length: a pipe (`<(…)`) says 0, and so do files that
    // are made as they are read (/proc), so a size of 0 reads to the end too.
    let size = metadata
        .as_ref()
        .filter(|m| m.is_file())
        .map(|m| m.len())
        .filter(|&n| n > 0);
    let mut bytes = Vec::with_capacity(size.map_or(0, |n| n as usize));
    // Through `Take`, up to the size just read: `File::read_to_end` would ask the size again
    // (a statx and an lseek) and then read once more to see the end, three system calls per
    // file that a criterion baseline of a thousand benchmarks pays 4,000 times. A file that
    // grows while it is read is read as it was when opened; pipes are read to their end.
    file.by_ref()
        .take(size.unwrap_or(u64::MAX))
        .read_to_end(&mut bytes)
        .map_err(fail)?;
    let modified = metadata
        .and_then(|m| m.modified().ok())
        .map(|t| rfc3339(OffsetDateTime::from(t)));
    Ok(FileData {
        path: label,
        bytes,
        modified,
    })
}

/// A run read by [`read_one`], with its input's label.
pub type Labelled = (String, Loaded);

/// [`read_one`] of two paths at once, on rayon's threads (parsing and summarising a
/// criterion baseline of a thousand benchmarks is most of `compare`'s time, and the two are
/// independent). The result is the same as reading `first` and then `second`: when both
/// fail, the error is `first`'s.
pub fn read_two(first: &Path, second: &Path) -> Result<(Labelled, Labelled), Failure> {
    for path in [first, second] {
        if let Some((tree, _)) = baseline_selector(path).filter(|(tree, _)| tree.is_dir()) {
            // A tree that cannot be listed is reported by the read below, naming its input.
            let _ = listed(&tree);
        }
    }
    let (a, b) = rayon::join(|| read_one(first), || read_one(second));
    Ok((a?, b?))
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
