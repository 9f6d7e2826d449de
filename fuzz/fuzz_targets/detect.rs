#![no_main]
//! `detect` on arbitrary bytes under a few file names: it must answer, never panic.

use benchdash_core::import::detect;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    for path in ["x.json", "x.jsonl", "data.js"] {
        let _ = detect(path, data);
    }
});
