#![no_main]
//! Vegeta's JSON reports (`Format::Vegeta`): the one-format check of `one_format.rs` on
//! `x/vegeta.json`.

use benchdash_core::import::Format;
use libfuzzer_sys::fuzz_target;

#[path = "one_format.rs"]
mod one_format;

fuzz_target!(|data: &[u8]| one_format::check(Format::Vegeta, "x/vegeta.json", data));
