//! Detection of the formats that are lines of text (or a stream of JSON lines, or XML), each
//! by its own predicate, so a test can check that no two claim one file.

use super::{benchmarkjs, catch2, gotest, libtest, Format};

/// A format's own check: whether a text is that format's.
type Claims = fn(&str) -> bool;

/// The text formats' predicates, in the order [`super::detect`] tries them.
const PREDICATES: [(Format, Claims); 6] = [
    (Format::Catch2, catch2::claims),
    (Format::GoTest, gotest::claims_json),
    (Format::Libtest, libtest::claims_json),
    (Format::GoTest, gotest::claims_text),
    (Format::Libtest, libtest::claims_text),
    (Format::BenchmarkJs, benchmarkjs::claims_text),
];

/// The text formats that claim this text, each once, in [`PREDICATES`]' order.
pub(crate) fn claimants(text: &str) -> Vec<Format> {
    let mut out: Vec<Format> = Vec::new();
    for (format, claims) in PREDICATES {
        if !out.contains(&format) && claims(text) {
            out.push(format);
        }
    }
    out
}
