#![no_main]
//! Vitest's --outputJson (`Format::Vitest`): the one-format check of `one_format.rs` on `x/bench.json`.

use benchdash_core::import::Format;
use libfuzzer_sys::fuzz_target;

#[path = "one_format.rs"]
mod one_format;

fuzz_target!(|data: &[u8]| one_format::check(Format::Vitest, "x/bench.json", data));
