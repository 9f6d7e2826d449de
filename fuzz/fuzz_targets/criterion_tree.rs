#![no_main]
//! A criterion tree made of up to four files, split from the input at 0xFF bytes (which never
//! occur in UTF-8 text, so the seeds' JSON stays whole).

use benchdash_core::import::{import_each, Options, SourceFile};
use libfuzzer_sys::fuzz_target;

const PATHS: [&str; 4] = [
    "a/new/benchmark.json",
    "a/new/estimates.json",
    "a/new/sample.json",
    "b/base/benchmark.json",
];

fuzz_target!(|data: &[u8]| {
    let files: Vec<SourceFile> = data
        .splitn(PATHS.len(), |&b| b == 0xFF)
        .zip(PATHS)
        .map(|(bytes, path)| SourceFile {
            path,
            bytes,
            modified: None,
        })
        .collect();
    let _ = import_each(&files, &Options::default());
    let base = Options {
        criterion_baseline: "base".to_string(),
        ..Options::default()
    };
    let _ = import_each(&files, &base);
});
