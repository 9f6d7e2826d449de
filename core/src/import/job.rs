//! A batch's import as a job of small steps, so that a caller with a main thread to share
//! (the dashboard) can stop between any two of them. [`super::import_each`] is the job run
//! to its end: there is one order of steps.

use super::SourceFile;
use super::{criterion, detect, parse_as, Format, ImportError, Imported, Options, Parsed};

/// One file's (or the criterion tree's) outcome.
pub type ImportResult = Result<Imported, ImportError>;

/// Bytes hashed per [`Step::Hash`] by default: 2 MiB, about 15 ms of SHA-256 in wasm (and
/// nothing for a run file that carries its id).
pub const HASH_STEP: usize = 2 << 20;

/// The steps of an [`ImportJob`], in the order a file goes through them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    /// The files of a criterion tree (found by their names), imported together as one run.
    Tree,
    /// A file's format detected from its content (or taken from the options).
    Detect,
    /// The file read into runs.
    Parse,
    /// A slice of the file's bytes hashed for the runs' content ids.
    Hash,
    /// The readers' rules (names, timestamps, summaries from samples) and the ids: the
    /// file's result.
    Check,
}

/// A batch of files being imported: [`ImportJob::step`] does one small step,
/// [`ImportJob::run_until`] steps for as long as the caller's budget lasts, and the results
/// come in the order [`super::import_each`] gives them: the criterion tree's first, then
/// every other file's, in the batch's order.
pub struct ImportJob<'a> {
    options: Options,
    tree: Vec<SourceFile<'a>>,
    files: std::vec::IntoIter<SourceFile<'a>>,
    state: State<'a>,
    results: Vec<ImportResult>,
    hash_step: usize,
}

/// What the next step works on.
enum State<'a> {
    Tree,
    Detect(SourceFile<'a>),
    Parse(SourceFile<'a>, Option<Format>),
    Hash(Parsed<'a>),
    Check(Parsed<'a>),
    Done,
}

impl<'a> ImportJob<'a> {
    /// The import of `files` under `options`, not started.
    pub fn new(files: &[SourceFile<'a>], options: &Options) -> ImportJob<'a> {
        let (tree, rest): (Vec<_>, Vec<_>) = files.iter().partition(|f| {
            criterion::is_tree_file(f.path) && options.format.is_none_or(|f| f == Format::Criterion)
        });
        let mut job = ImportJob {
            options: options.clone(),
            tree,
            files: rest.into_iter(),
            state: State::Done,
            results: Vec::new(),
            hash_step: HASH_STEP,
        };
        job.state = if job.tree.is_empty() {
            job.next_file()
        } else {
            State::Tree
        };
        job
    }

    /// Hashes `bytes` a [`Step::Hash`] instead of [`HASH_STEP`].
    pub fn with_hash_step(mut self, bytes: usize) -> ImportJob<'a> {
        self.hash_step = bytes.max(1);
        self
    }

    fn next_file(&mut self) -> State<'a> {
        self.files.next().map_or(State::Done, State::Detect)
    }

    /// The step [`ImportJob::step`] does next; `None` once every result is in.
    pub fn next_step(&self) -> Option<Step> {
        match self.state {
            State::Tree => Some(Step::Tree),
            State::Detect(_) => Some(Step::Detect),
            State::Parse(..) => Some(Step::Parse),
            State::Hash(_) => Some(Step::Hash),
            State::Check(_) => Some(Step::Check),
            State::Done => None,
        }
    }

    /// Does the next step and says which it was (`None`: nothing was left).
    pub fn step(&mut self) -> Option<Step> {
        let step = self.next_step()?;
        self.state = match std::mem::replace(&mut self.state, State::Done) {
            State::Tree => {
                let tree = std::mem::take(&mut self.tree);
                self.results
                    .push(criterion::import_tree(&tree, &self.options));
                self.next_file()
            }
            State::Detect(file) => {
                let format = self
                    .options
                    .format
                    .or_else(|| detect(file.path, file.bytes));
                State::Parse(file, format)
            }
            State::Parse(file, format) => match parse_as(file, format, &self.options) {
                Ok(parsed) => State::Hash(parsed),
                Err(err) => {
                    self.results.push(Err(err));
                    self.next_file()
                }
            },
            State::Hash(mut parsed) => {
                if parsed.hash_more(self.hash_step) {
                    State::Check(parsed)
                } else {
                    State::Hash(parsed)
                }
            }
            State::Check(parsed) => {
                self.results.push(parsed.finish());
                self.next_file()
            }
            State::Done => State::Done,
        };
        Some(step)
    }

    /// Does steps until the job is done or `keep_going`, asked after every step, says stop
    /// (the caller's clock or count: core has none). Returns whether the job is done.
    pub fn run_until(&mut self, mut keep_going: impl FnMut() -> bool) -> bool {
        while self.step().is_some() {
            if !keep_going() {
                break;
            }
        }
        self.is_done()
    }

    pub fn is_done(&self) -> bool {
        matches!(self.state, State::Done)
    }

    /// How many results are still to come (the criterion tree counts as one).
    pub fn left(&self) -> usize {
        usize::from(!self.is_done()) + self.files.len()
    }

    /// The results so far, in order.
    pub fn results(&self) -> &[ImportResult] {
        &self.results
    }

    /// Runs the rest of the job and gives every result, in order.
    pub fn finish(mut self) -> Vec<ImportResult> {
        while self.step().is_some() {}
        self.results
    }
}
