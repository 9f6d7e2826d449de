#![no_main]
//! Locust's stats CSV (`Format::Locust`): the one-format check of `one_format.rs` on `x_stats.csv`.

use benchdash_core::import::Format;
use libfuzzer_sys::fuzz_target;

#[path = "one_format.rs"]
mod one_format;

fuzz_target!(|data: &[u8]| one_format::check(Format::Locust, "x_stats.csv", data));
