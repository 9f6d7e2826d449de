#![no_main]
//! Locust's JSON output (`Format::LocustJson`): the one-format check of `one_format.rs` on
//! `x/locust.json`.

use benchdash_core::import::Format;
use libfuzzer_sys::fuzz_target;

#[path = "one_format.rs"]
mod one_format;

fuzz_target!(|data: &[u8]| one_format::check(Format::LocustJson, "x/locust.json", data));
