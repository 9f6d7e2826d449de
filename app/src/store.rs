//! What the dashboard holds: the loaded runs, the files that could not be read, and which run
//! is selected. Plain data and rules, so they are testable without a page.

use std::collections::BTreeSet;

use benchdash_core::examples::ORCHESTRATOR_BASELINE;
use benchdash_core::import::{import_each, ImportError, Imported, Options, SourceFile};
use benchdash_core::read::read_runs;
use benchdash_core::RunFile;

/// The name on the cards about the browser's storage (the saved runs could not be read, or
/// a save was refused).
pub const STORAGE: &str = "browser storage";

/// What a batch of files became: per input, runs or the reason it failed.
pub type Imports = Vec<Result<Imported, ImportError>>;

/// Imports a batch of files with core (a criterion tree's files together), without touching
/// any store, in one call. The page runs the same import in steps between which it stays
/// responsive ([`crate::files::import_in_steps`]) before the store takes the result
/// ([`Store::add_imported`]).
pub fn import_files(files: &[Incoming], now: &str) -> Imports {
    let sources: Vec<SourceFile> = files.iter().map(Incoming::source).collect();
    import_each(&sources, &import_options(now))
}

/// How the dashboard imports: formats detected, criterion's `new` baseline, and `now` for
/// runs whose files carry no time.
pub fn import_options(now: &str) -> Options {
    Options {
        fallback_timestamp: now.to_string(),
        ..Options::default()
    }
}

/// Pasted text as a file named "pasted text" (with `.jsonl` when it is a history of run files,
/// one a line, which is recognised by its name); `None` for blank text.
pub fn pasted_file(text: &str) -> Option<Incoming> {
    if text.trim().is_empty() {
        return None;
    }
    let mut lines = text.lines().filter(|l| !l.trim().is_empty());
    let history = lines
        .next()
        .is_some_and(|first| benchdash_core::read::looks_like_run_file(first.as_bytes()))
        && lines.next().is_some();
    let name = if history {
        "pasted text.jsonl"
    } else {
        "pasted text"
    };
    Some(Incoming {
        path: name.to_string(),
        bytes: text.as_bytes().to_vec(),
        modified: None,
    })
}

/// A file handed to the dashboard: its path (relative inside a chosen or dropped folder),
/// bytes, and modification time, for formats that record no time of their own.
pub use benchdash_core::import::FileData as Incoming;

/// A run on the dashboard.
#[derive(Debug, Clone, PartialEq)]
pub struct LoadedRun {
    /// The file it came from (a `.jsonl` history gives several runs the same file).
    pub file: String,
    pub run: RunFile,
    pub warnings: Vec<String>,
    /// The bundled example shown while nothing else is loaded.
    pub example: bool,
}

impl LoadedRun {
    pub fn id(&self) -> &str {
        self.run.id()
    }
}

/// A file that could not be read: its name and the reason, for an error card.
#[derive(Debug, Clone, PartialEq)]
pub struct FileError {
    /// Distinguishes cards of the same file dropped twice.
    pub key: u64,
    pub file: String,
    pub message: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Store {
    pub runs: Vec<LoadedRun>,
    pub errors: Vec<FileError>,
    /// The run whose benchmarks the Runs view shows.
    pub selected: Option<String>,
    /// The runs chosen for Compare; see [`Store::pair`] for the defaults.
    pub baseline: Option<String>,
    pub candidate: Option<String>,
    /// Runs loaded from a link (`?load=`): shown like the others, but not saved, since the
    /// link fetches them again (as the folder now holds them) on every visit.
    linked: BTreeSet<String>,
    next_error_key: u64,
}

impl Default for Store {
    fn default() -> Self {
        Store::with_example()
    }
}

impl Store {
    /// A store holding only the bundled example, so the page is never empty.
    pub fn with_example() -> Store {
        let (name, text) = ORCHESTRATOR_BASELINE;
        let runs: Vec<LoadedRun> = read_runs(name, text.as_bytes())
            .expect("the bundled example is a valid run file (tested in core)")
            .into_iter()
            .map(|loaded| LoadedRun {
                file: name.to_string(),
                run: loaded.run,
                warnings: loaded.warnings,
                example: true,
            })
            .collect();
        let selected = runs.first().map(|r| r.id().to_string());
        Store {
            runs,
            errors: Vec::new(),
            selected,
            baseline: None,
            candidate: None,
            linked: BTreeSet::new(),
            next_error_key: 0,
        }
    }

    /// Reads one file's bytes into runs, or into an error card. See [`Store::add_files`].
    pub fn add_file(&mut self, file: &str, bytes: &[u8]) {
        self.add_files(
            &[Incoming {
                path: file.to_string(),
                bytes: bytes.to_vec(),
                modified: None,
            }],
            "1970-01-01T00:00:00Z",
        );
    }

    /// Imports a batch of files (one drop, one pick) with core's importers: a criterion tree's
    /// files together, every other file on its own. Each failure becomes an error card and
    /// costs nothing else. The example makes way for the first real run; a run whose id is
    /// already loaded is replaced by the newer copy. `now` dates runs whose files say nothing.
    pub fn add_files(&mut self, files: &[Incoming], now: &str) {
        self.add_imported(import_files(files, now));
    }

    /// Like [`Store::add_files`], for files fetched through a link (`?load=`): their runs are
    /// not saved. A run that was already saved (the user loaded the same run before) stays
    /// saved, so opening a link never loses it from the browser's storage.
    pub fn add_linked(&mut self, files: &[Incoming], now: &str) {
        self.add_linked_imported(import_files(files, now));
    }

    /// [`Store::add_linked`] for a batch already imported.
    pub fn add_linked_imported(&mut self, results: Imports) {
        let saved: BTreeSet<String> = self
            .runs
            .iter()
            .filter(|r| !r.example && !self.linked.contains(r.id()))
            .map(|r| r.id().to_string())
            .collect();
        for id in self.add_imported(results) {
            if !saved.contains(&id) {
                self.linked.insert(id);
            }
        }
    }

    /// Whether a run came from a link (and so is not saved).
    pub fn is_linked(&self, id: &str) -> bool {
        self.linked.contains(id)
    }

    /// Pasted text, imported like a dropped file ([`pasted_file`] names it). Blank text is
    /// ignored.
    pub fn add_text(&mut self, text: &str, now: &str) {
        if let Some(file) = pasted_file(text) {
            self.add_files(&[file], now);
        }
    }

    /// Adds what [`import_files`] made of a batch: its runs, and a card for each file that
    /// failed. Returns the ids of the runs added.
    pub fn add_imported(&mut self, results: Imports) -> Vec<String> {
        let mut added = Vec::new();
        for result in results {
            match result {
                Ok(imported) if imported.runs.is_empty() => {
                    let name = imported.files.join(", ");
                    self.push_error(&name, "the file holds no runs".to_string());
                }
                Ok(imported) => {
                    let file = if imported.files.len() == 1 {
                        imported.files[0].clone()
                    } else {
                        format!("{} files ({})", imported.files.len(), imported.format)
                    };
                    for l in imported.runs {
                        added.push(l.run.id().to_string());
                        self.add_run(&file, l.run, l.warnings);
                    }
                }
                Err(err) => {
                    let reason = match err.format {
                        Some(format) => format!("read as {format}: {}", err.kind),
                        None => err.kind.to_string(),
                    };
                    self.push_error(&err.file, reason);
                }
            }
        }
        added
    }

    /// Adds one run (from a file, a simulation, or the browser's storage): the example makes way
    /// for it, a run with the same id is replaced, and it becomes the selected run. It is saved,
    /// even if a link had loaded it before.
    pub fn add_run(&mut self, file: &str, run: RunFile, warnings: Vec<String>) {
        self.runs.retain(|r| !r.example);
        let id = run.id().to_string();
        self.linked.remove(&id);
        self.runs.retain(|r| r.id() != id);
        self.runs.push(LoadedRun {
            file: file.to_string(),
            run,
            warnings,
            example: false,
        });
        self.selected = Some(id);
    }

    /// Puts the first visit's story (a simulated history, oldest first) in the example's
    /// place, if nothing else has been loaded meanwhile. Like the example it is not saved (it
    /// is simulated again on a first visit) and makes way for the first real run. The newest
    /// run is selected.
    pub fn add_story(&mut self, runs: Vec<RunFile>) {
        if runs.is_empty() || !self.runs.iter().all(|r| r.example) {
            return;
        }
        self.runs = runs
            .into_iter()
            .map(|run| LoadedRun {
                file: "simulation".to_string(),
                run,
                warnings: Vec::new(),
                example: true,
            })
            .collect();
        self.selected = self.runs.last().map(|r| r.id().to_string());
    }

    /// Removes a run; with none left, the example comes back so the page is never empty.
    pub fn remove(&mut self, id: &str) {
        self.runs.retain(|r| r.id() != id);
        self.linked.remove(id);
        for slot in [&mut self.selected, &mut self.baseline, &mut self.candidate] {
            if slot.as_deref() == Some(id) {
                *slot = None;
            }
        }
        if self.runs.is_empty() {
            let errors = std::mem::take(&mut self.errors);
            *self = Store {
                errors,
                next_error_key: self.next_error_key,
                ..Store::with_example()
            };
        } else if self.selected.is_none() {
            self.selected = self.runs.last().map(|r| r.id().to_string());
        }
    }

    /// Removes every run and error card: back to the first visit.
    pub fn clear(&mut self) {
        *self = Store::with_example();
    }

    pub fn rename(&mut self, id: &str, name: &str) {
        if let Some(r) = self.runs.iter_mut().find(|r| r.id() == id) {
            if !name.trim().is_empty() {
                r.run.run.name = name.trim().to_string();
            }
        }
    }

    /// Replaces a run's tags (kept in the run file, so they survive a reload and an export).
    pub fn set_tags(&mut self, id: &str, tags: std::collections::BTreeMap<String, String>) {
        if let Some(r) = self.runs.iter_mut().find(|r| r.id() == id) {
            r.run.run.tags = tags;
        }
    }

    pub fn set_baseline(&mut self, id: &str) {
        if self.runs.iter().any(|r| r.id() == id) {
            self.baseline = Some(id.to_string());
        }
    }

    pub fn set_candidate(&mut self, id: &str) {
        if self.runs.iter().any(|r| r.id() == id) {
            self.candidate = Some(id.to_string());
        }
    }

    /// The runs to compare: the chosen ones when they are loaded; otherwise the candidate is
    /// the newest run (by timestamp) and the baseline the run just before it, as a team reads
    /// last night's run, with the runs before them as the comparison's history.
    pub fn pair(&self) -> Option<(&LoadedRun, &LoadedRun)> {
        let find = |id: &Option<String>| id.as_deref().and_then(|id| self.run(id));
        let mut by_time: Vec<&LoadedRun> = self.runs.iter().collect();
        benchdash_core::order::sort_by_key(&mut by_time, |r| {
            benchdash_core::read::parse_timestamp(&r.run.run.timestamp)
        });
        let newest = *by_time.last()?;
        // The run before `run` in time; for the oldest, the one after it (or itself alone).
        let before = |run: &LoadedRun| -> &LoadedRun {
            match by_time.iter().position(|r| r.id() == run.id()) {
                Some(i) if i > 0 => by_time[i - 1],
                _ => by_time.get(1).copied().unwrap_or(newest),
            }
        };
        Some(match (find(&self.baseline), find(&self.candidate)) {
            (Some(b), Some(c)) => (b, c),
            (None, Some(c)) => (before(c), c),
            (Some(b), None) if b.id() != newest.id() => (b, newest),
            (Some(b), None) => (b, before(b)),
            (None, None) => (before(newest), newest),
        })
    }

    /// The user's runs as a `.jsonl` history (neither the example nor runs from a link are
    /// saved).
    pub fn to_jsonl(&self) -> String {
        self.saved_runs()
            .map(|r| benchdash_core::write::to_jsonl_line(&r.run))
            .collect()
    }

    /// The runs that survive a reload: neither the example (nor the story) nor runs from a
    /// link.
    fn saved_runs(&self) -> impl Iterator<Item = &LoadedRun> {
        self.runs
            .iter()
            .filter(|r| !r.example && !self.linked.contains(r.id()))
    }

    /// The user's runs as the browser's database keeps them, in the order shown: id and run
    /// file (one line of JSON). Neither the example nor runs from a link are saved.
    pub fn to_save(&self) -> Vec<(String, String)> {
        self.saved_runs()
            .map(|r| {
                let line = benchdash_core::write::to_jsonl_line(&r.run);
                (r.id().to_string(), line.trim_end().to_string())
            })
            .collect()
    }

    /// Restores runs saved by [`Store::to_jsonl`] (or [`Store::to_save`]'s lines).
    pub fn restore(&mut self, jsonl: &str) {
        if jsonl.trim().is_empty() {
            return;
        }
        match benchdash_core::read::read_history_jsonl("saved runs", jsonl.as_bytes()) {
            Ok(runs) => {
                for l in runs {
                    let file = l
                        .run
                        .run
                        .source
                        .as_ref()
                        .and_then(|s| s.files.first().cloned())
                        .unwrap_or_default();
                    self.add_run(&file, l.run, l.warnings);
                }
            }
            Err(e) => self.push_error(
                "browser storage",
                format!("saved runs could not be read: {e}"),
            ),
        }
    }

    /// Records a file that could not even be read into bytes.
    pub fn push_error(&mut self, file: &str, message: String) {
        self.next_error_key += 1;
        self.errors.push(FileError {
            key: self.next_error_key,
            file: file.to_string(),
            message,
        });
    }

    /// Whether a card about the browser's storage is shown.
    pub fn has_storage_card(&self) -> bool {
        self.errors.iter().any(|e| e.file == STORAGE)
    }

    /// A save the browser refused (a full store): one card, however many saves it refuses.
    pub fn storage_refused(&mut self, message: String) {
        if !self.has_storage_card() {
            self.push_error(STORAGE, message);
        }
    }

    /// A save written: the storage's card, if any, is taken back.
    pub fn storage_written(&mut self) {
        self.errors.retain(|e| e.file != STORAGE);
    }

    pub fn dismiss_error(&mut self, key: u64) {
        self.errors.retain(|e| e.key != key);
    }

    pub fn select(&mut self, id: &str) {
        if self.runs.iter().any(|r| r.id() == id) {
            self.selected = Some(id.to_string());
        }
    }

    pub fn selected_run(&self) -> Option<&LoadedRun> {
        self.run(self.selected.as_deref()?)
    }

    /// The loaded run with this id.
    pub fn run(&self, id: &str) -> Option<&LoadedRun> {
        self.runs.iter().find(|r| r.id() == id)
    }
}
