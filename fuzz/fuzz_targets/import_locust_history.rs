#![no_main]
//! Locust's history CSV (`Format::LocustHistory`): the one-format check of `one_format.rs` on
//! `x_stats_history.csv`.

use benchdash_core::import::Format;
use libfuzzer_sys::fuzz_target;

#[path = "one_format.rs"]
mod one_format;

fuzz_target!(|data: &[u8]| one_format::check(
    Format::LocustHistory,
    "x_stats_history.csv",
    data
));
