#![no_main]
//! k6's `--out json` stream (`Format::K6Json`): the one-format check of `one_format.rs` on
//! `x/k6.json`.

use benchdash_core::import::Format;
use libfuzzer_sys::fuzz_target;

#[path = "one_format.rs"]
mod one_format;

fuzz_target!(|data: &[u8]| one_format::check(Format::K6Json, "x/k6.json", data));
