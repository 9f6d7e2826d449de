//! `benchdash index DIR`: the manifest of a results folder, so the dashboard, served from the
//! same host, can load the whole folder with `?load=…/index.json`.

use std::collections::HashMap;
use std::path::{Component, Path, PathBuf};
use std::process::ExitCode;

use benchdash_core::import::FileData;
use benchdash_core::manifest;

use crate::{input, output, Diagnostics, Failure};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The results folder, walked recursively for `.json`, `.jsonl` and `data.js` files.
    #[arg(value_name = "DIR")]
    dir: PathBuf,
    /// Write the manifest here (atomically); `-` writes it to standard output. Paths in it
    /// are relative to this file's folder (to DIR for `-`). Default: DIR/index.json.
    #[arg(short, long, value_name = "FILE")]
    output: Option<PathBuf>,
    /// Fail (exit 2, writing nothing) if any file cannot be read, instead of leaving it out
    /// with a warning.
    #[arg(long)]
    strict: bool,
}

pub fn run(args: Args, diag: &Diagnostics) -> Result<ExitCode, Failure> {
    let shown = args.dir.display();
    if !args.dir.is_dir() {
        return Err(Failure(format!("{shown}: not a folder")));
    }
    let dir = args
        .dir
        .canonicalize()
        .map_err(|e| Failure(format!("{shown}: {e}")))?;
    let target = match &args.output {
        Some(p) if p.as_os_str() == "-" => None,
        Some(p) => Some(p.clone()),
        None => Some(args.dir.join("index.json")),
    };
    // The folder the manifest's paths are relative to.
    let base = match &target {
        None => dir.clone(),
        Some(path) => {
            let parent = match path.parent() {
                Some(p) if !p.as_os_str().is_empty() => p,
                _ => Path::new("."),
            };
            parent
                .canonicalize()
                .map_err(|e| Failure(format!("{}: {e}", path.display())))?
        }
    };
    let target_canonical = target.as_ref().and_then(|t| {
        let name = t.file_name()?;
        Some(base.join(name))
    });

    let mut files = Vec::new();
    input::collect(&dir, &mut files)?;
    // Each file's path in the manifest, and as found on disk (for warnings).
    let mut on_disk = HashMap::new();
    let files: Vec<FileData> = files
        .into_iter()
        // The previous manifest is skipped by `collect` (it is one); an `-o` target that is
        // something else is not listed either.
        .filter(|f| target_canonical.as_deref() != Some(Path::new(&f.path)))
        .map(|f| {
            let listed = relative(&base, Path::new(&f.path));
            let shown = args.dir.join(relative(&dir, Path::new(&f.path)));
            on_disk.insert(listed.clone(), shown.display().to_string());
            FileData { path: listed, ..f }
        })
        .collect();
    let sources: Vec<_> = files.iter().map(FileData::source).collect();
    let (manifest, mut skipped) = manifest::build(&sources);
    for err in &mut skipped {
        if let Some(path) = on_disk.get(&err.file) {
            err.file.clone_from(path);
        }
    }
    if args.strict && !skipped.is_empty() {
        let reasons: Vec<String> = skipped.iter().map(ToString::to_string).collect();
        return Err(Failure(format!(
            "{} file(s) could not be read (without --strict they are left out):\n  {}",
            skipped.len(),
            reasons.join("\n  ")
        )));
    }
    for err in &skipped {
        diag.warn(format!("left out {err}"));
    }
    if manifest.files.is_empty() {
        diag.warn(format!("{shown}: no result files; the manifest lists none"));
    }
    output::emit(target.as_deref(), &manifest.to_json())?;
    let into = target
        .as_ref()
        .map_or("standard output".to_string(), |t| t.display().to_string());
    diag.note(format!(
        "indexed {} file(s) into {into}{}",
        manifest.files.len(),
        if skipped.is_empty() {
            String::new()
        } else {
            format!(" ({} left out)", skipped.len())
        }
    ));
    Ok(ExitCode::SUCCESS)
}

/// `path` relative to the folder `base` (both absolute), `/`-separated, with `..` where the
/// manifest lives outside the folder.
fn relative(base: &Path, path: &Path) -> String {
    let base: Vec<Component> = base.components().collect();
    let path: Vec<Component> = path.components().collect();
    let common = base.iter().zip(&path).take_while(|(a, b)| a == b).count();
    let mut parts: Vec<String> = vec!["..".to_string(); base.len() - common];
    parts.extend(
        path[common..]
            .iter()
            .map(|c| c.as_os_str().to_string_lossy().into_owned()),
    );
    parts.join("/")
}

#[cfg(test)]
mod tests {
    use super::relative;
    use std::path::Path;

    #[test]
    fn relative_paths_climb_out_where_needed() {
        assert_eq!(
            relative(Path::new("/r"), Path::new("/r/a/b.json")),
            "a/b.json"
        );
        assert_eq!(
            relative(Path::new("/out/site"), Path::new("/r/a.json")),
            "../../r/a.json"
        );
        assert_eq!(
            relative(Path::new("/r/a"), Path::new("/r/b.json")),
            "../b.json"
        );
    }
}
