#![no_main]
//! Benchmark.js lines (`Format::BenchmarkJs`): the one-format check of `one_format.rs` on `x/suite.txt`.

use benchdash_core::import::Format;
use libfuzzer_sys::fuzz_target;

#[path = "one_format.rs"]
mod one_format;

fuzz_target!(|data: &[u8]| one_format::check(Format::BenchmarkJs, "x/suite.txt", data));
