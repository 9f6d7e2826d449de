#![no_main]
//! `import_each` on one file: detected, then with every format forced in turn. Every outcome
//! must be a result (an error names the file), never a panic.

use benchdash_core::import::{import_each, Format, Options, SourceFile};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let file = SourceFile {
        path: "x.json",
        bytes: data,
        modified: None,
    };
    let check = |options: &Options| {
        for result in import_each(&[file], options) {
            if let Err(e) = result {
                assert!(e.to_string().contains("x.json"), "error names no file: {e}");
            }
        }
    };
    check(&Options::default());
    for format in Format::ALL {
        check(&Options {
            format: Some(format),
            ..Options::default()
        });
    }
});
