#![no_main]
//! Catch2's XML reports (`Format::Catch2`): the one-format check of `one_format.rs` on `x/bench.xml`.

use benchdash_core::import::Format;
use libfuzzer_sys::fuzz_target;

#[path = "one_format.rs"]
mod one_format;

fuzz_target!(|data: &[u8]| one_format::check(Format::Catch2, "x/bench.xml", data));
