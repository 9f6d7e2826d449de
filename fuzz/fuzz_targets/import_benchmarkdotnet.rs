#![no_main]
//! BenchmarkDotNet's full JSON reports (`Format::BenchmarkDotNet`): the one-format check of
//! `one_format.rs` on `x/report-full.json`.

use benchdash_core::import::Format;
use libfuzzer_sys::fuzz_target;

#[path = "one_format.rs"]
mod one_format;

fuzz_target!(|data: &[u8]| one_format::check(
    Format::BenchmarkDotNet,
    "x/report-full.json",
    data
));
