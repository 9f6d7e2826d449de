#![no_main]
//! oha's JSON summary: `import_each` on one file `x.json`, detected and with `oha`
//! forced. Every outcome must be a result (an error names the file), never a panic; a file
//! detected as oha's is one that the forced import reads the same way.

use benchdash_core::import::{detect, import_each, Format, Options, SourceFile};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let file = SourceFile {
        path: "x.json",
        bytes: data,
        modified: None,
    };
    let forced = Options {
        format: Some(Format::Oha),
        ..Options::default()
    };
    let run = |options: &Options| {
        let results = import_each(&[file], options);
        for result in &results {
            if let Err(e) = result {
                assert!(e.to_string().contains("x.json"), "error names no file: {e}");
            }
        }
        results
    };
    let detected = run(&Options::default());
    let oha = run(&forced);
    if detect(file.path, data) == Some(Format::Oha) {
        assert_eq!(detected, oha, "detected and forced oha imports differ");
    }
});
