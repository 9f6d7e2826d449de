#![no_main]
//! The go test -bench text and go test -json streams importer ([`Format::GoTest`]), forced on any bytes, then detection and
//! import as detected: never a panic, and every error names the file.

use benchdash_core::import::{detect, import_each, Format, Options, SourceFile};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let file = SourceFile {
        path: "x/bench.txt",
        bytes: data,
        modified: None,
    };
    let _ = detect(file.path, data);
    for format in [Some(Format::GoTest), None] {
        let options = Options {
            format,
            ..Options::default()
        };
        for result in import_each(&[file], &options) {
            if let Err(e) = result {
                assert!(e.to_string().contains("x/bench.txt"), "error names no file: {e}");
            }
        }
    }
});
