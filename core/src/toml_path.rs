//! The dotted key (`orchestrator.max_parallel`, `tools[1].latency`) at a span of a TOML
//! document, for naming the key a thresholds or scenario file failed at: the one locator of
//! both.
//!
//! The toml crate gives every error the span of what it was reading: the value of the wrong
//! type, the key that is not allowed, the table that misses a key. The key is found by
//! looking that span up in the document's own spanned parse (`toml::de::DeTable`): the
//! deepest key whose span or value's span holds it. The same answer that tracking the path
//! during the parse (serde_path_to_error) gives, without its cost on every parse and its copy
//! of every deserialiser in the dashboard; a test checks the two agree on every kind of
//! breakage of every preset.

use std::ops::Range;

use toml::de::{DeTable, DeValue};
use toml::Spanned;

/// The key at `span` of `text`: segments joined by `.`, array items as `[i]` counted from 0;
/// `None` when the span is outside every key and value (or the text is not TOML).
pub fn key_at(text: &str, span: Range<usize>) -> Option<String> {
    key_at_numbered(text, span, 0)
}

/// [`key_at`] with array items counted from `first`: 0 as TOML tools count, 1 in the
/// thresholds file's messages (`limit[1]` is the first `[[limit]]`, as people count).
///
/// A document with a syntax error has no key to name (`None`): toml's recovering parse was
/// tried, and for most syntax errors it names no key or the wrong one; the error's line and
/// toml's message say where and what.
pub fn key_at_numbered(text: &str, span: Range<usize>, first: usize) -> Option<String> {
    let root = DeTable::parse(text).ok()?;
    let mut path = Vec::new();
    find_in_table(root.get_ref(), &span, &mut path).then(|| join(&path, first))
}

enum Segment {
    Key(String),
    Index(usize),
}

fn join(path: &[Segment], first: usize) -> String {
    let mut out = String::new();
    for segment in path {
        match segment {
            Segment::Key(key) => {
                if !out.is_empty() {
                    out.push('.');
                }
                out.push_str(key);
            }
            Segment::Index(i) => out.push_str(&format!("[{}]", i + first)),
        }
    }
    out
}

fn holds(outer: &Range<usize>, inner: &Range<usize>) -> bool {
    outer.start <= inner.start && inner.end <= outer.end && outer.start < outer.end
}

/// Finds the deepest key of `table` (or below) at `span`, appending its segments to `path`.
/// Every member is searched, not only those whose span holds `span`: a table written as a
/// `[header]` section may be spanned by its header alone.
fn find_in_table(table: &DeTable, span: &Range<usize>, path: &mut Vec<Segment>) -> bool {
    for (key, value) in table.iter() {
        path.push(Segment::Key(key.get_ref().to_string()));
        if find_in_value(value, span, path) || key.span() == *span || holds(&value.span(), span) {
            return true;
        }
        path.pop();
    }
    false
}

fn find_in_value(value: &Spanned<DeValue>, span: &Range<usize>, path: &mut Vec<Segment>) -> bool {
    match value.get_ref() {
        DeValue::Table(table) => find_in_table(table, span, path),
        DeValue::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                path.push(Segment::Index(i));
                if find_in_value(item, span, path) || holds(&item.span(), span) {
                    return true;
                }
                path.pop();
            }
            false
        }
        _ => false,
    }
}
