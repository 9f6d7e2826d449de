//! The check every one-format target runs (`import_go_test`, `import_locust`, …): the input as
//! one file named `path`, imported detected and then with `format` forced. Every outcome must
//! be a result whose error names the file, never a panic; and a file detected as `format` is
//! one that the forced import reads the same way. Each target includes this file with
//! `#[path]` (cargo fuzz builds every target as a binary of its own).

use benchdash_core::import::{detect, import_each, Format, ImportResult, Options, SourceFile};

pub fn check(format: Format, path: &str, data: &[u8]) {
    let file = SourceFile {
        path,
        bytes: data,
        modified: None,
    };
    let run = |options: &Options| -> Vec<ImportResult> {
        let results = import_each(&[file], options);
        for result in &results {
            if let Err(e) = result {
                assert!(e.to_string().contains(path), "error names no file: {e}");
            }
        }
        results
    };
    let detected = run(&Options::default());
    let forced = run(&Options {
        format: Some(format),
        ..Options::default()
    });
    if detect(path, data) == Some(format) {
        assert_eq!(detected, forced, "detected and forced {format:?} imports differ");
    }
}
