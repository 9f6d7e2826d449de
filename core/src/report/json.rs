//! JSON reports: the serialised values themselves, pretty-printed, with a final newline.

use serde::Serialize;

/// Any serialisable report (a `Comparison`, `Check` or `Trend`) as pretty JSON.
pub fn render<T: Serialize>(value: &T) -> String {
    let mut text = serde_json::to_string_pretty(value).expect("reports serialise");
    text.push('\n');
    text
}
