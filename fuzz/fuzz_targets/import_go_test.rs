#![no_main]
//! go test -bench text and go test -json streams (`Format::GoTest`): the one-format check of `one_format.rs` on `x/bench.txt`.

use benchdash_core::import::Format;
use libfuzzer_sys::fuzz_target;

#[path = "one_format.rs"]
mod one_format;

fuzz_target!(|data: &[u8]| one_format::check(Format::GoTest, "x/bench.txt", data));
