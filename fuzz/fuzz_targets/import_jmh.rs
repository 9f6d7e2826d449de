#![no_main]
//! JMH's JSON results (`Format::Jmh`): the one-format check of `one_format.rs` on `x/jmh.json`.

use benchdash_core::import::Format;
use libfuzzer_sys::fuzz_target;

#[path = "one_format.rs"]
mod one_format;

fuzz_target!(|data: &[u8]| one_format::check(Format::Jmh, "x/jmh.json", data));
