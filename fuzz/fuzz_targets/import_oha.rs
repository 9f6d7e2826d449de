#![no_main]
//! oha's JSON summary (`Format::Oha`): the one-format check of `one_format.rs` on `x.json`.

use benchdash_core::import::Format;
use libfuzzer_sys::fuzz_target;

#[path = "one_format.rs"]
mod one_format;

fuzz_target!(|data: &[u8]| one_format::check(Format::Oha, "x.json", data));
