#![no_main]
//! Locust's stats CSV: `import_each` on one file `x_stats.csv`, detected and with `locust`
//! forced. Every outcome must be a result (an error names the file), never a panic; a file
//! detected as Locust's is one that the forced import reads the same way.

use benchdash_core::import::{detect, import_each, Format, Options, SourceFile};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let file = SourceFile {
        path: "x_stats.csv",
        bytes: data,
        modified: None,
    };
    let forced = Options {
        format: Some(Format::Locust),
        ..Options::default()
    };
    let run = |options: &Options| {
        let results = import_each(&[file], options);
        for result in &results {
            if let Err(e) = result {
                assert!(e.to_string().contains("x_stats.csv"), "error names no file: {e}");
            }
        }
        results
    };
    let detected = run(&Options::default());
    let locust = run(&forced);
    if detect(file.path, data) == Some(Format::Locust) {
        assert_eq!(detected, locust, "detected and forced Locust imports differ");
    }
});
