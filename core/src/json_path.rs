//! The JSON path (`benchmarks[3].metrics.time.unit`) of a position in a document, for naming
//! the field a parse failed at.
//!
//! serde_json reports where a document stopped matching its type, by line and column, but
//! not which field that was. `serde_path_to_error` tracks the path during the parse instead,
//! at a cost on every value (a 10 MB export parsed over twice as slowly) and, in the
//! dashboard's wasm, a second copy of every deserialiser it wraps (38 KB gzipped). Only a
//! failure needs the path, so it is found afterwards: the document is scanned up to the
//! error's position, keeping the stack of open objects (with their current key) and arrays
//! (with their current index).
//!
//! Where serde_json puts the position: after a scalar that has the wrong type (so the path is
//! that value's); at the `{` or `[` of a container where a scalar was expected (not yet
//! entered, so again the value's path); and just after the `}` of an object missing a field
//! (closed, so the path is the object's). In all three the open frames at the position name
//! the value, which is what serde_path_to_error names too. An error right after a key (an
//! unknown field, an enum's unknown variant written as `{"variant": …}`) names the object; a test checks the two agree on
//! every kind of mismatch in run files and pytest-benchmark exports.

/// The path of the value being read at byte `offset` of `bytes`: `.` for the document itself,
/// else keys joined by `.` and indices as `[i]`, as serde_path_to_error writes them.
pub(crate) fn path_at(bytes: &[u8], offset: usize) -> String {
    let end = offset.min(bytes.len());
    let mut stack: Vec<Frame> = Vec::new();
    let mut i = 0;
    while i < end {
        match bytes[i] {
            b'{' => {
                value_starts(&mut stack);
                stack.push(Frame::Object {
                    key: None,
                    want_key: true,
                });
                i += 1;
            }
            b'[' => {
                value_starts(&mut stack);
                stack.push(Frame::Array { index: None });
                i += 1;
            }
            b'}' | b']' => {
                stack.pop();
                i += 1;
            }
            b',' => {
                if let Some(Frame::Object { want_key, .. }) = stack.last_mut() {
                    *want_key = true;
                }
                i += 1;
            }
            b':' => {
                if let Some(Frame::Object { want_key, .. }) = stack.last_mut() {
                    *want_key = false;
                }
                i += 1;
            }
            b'"' => {
                let close = string_end(bytes, i);
                match stack.last_mut() {
                    Some(Frame::Object {
                        key,
                        want_key: true,
                    }) => *key = Some(unescape(&bytes[i..close.min(bytes.len())])),
                    _ => value_starts(&mut stack),
                }
                i = close;
            }
            b' ' | b'\t' | b'\n' | b'\r' => i += 1,
            _ => {
                // A number, `true`, `false` or `null`: up to the next delimiter.
                value_starts(&mut stack);
                while i < end && !b",]}: \t\n\r".contains(&bytes[i]) {
                    i += 1;
                }
            }
        }
    }
    // Stopped at the `{` or `[` of an array's item that was not entered (where a scalar was
    // expected): the path is that item's.
    if matches!(bytes.get(end), Some(b'{' | b'[')) {
        value_starts(&mut stack);
    }
    let mut path = String::new();
    for frame in &stack {
        match frame {
            // A key just read, before its `:`, is where serde rejects an unknown field or an
            // enum's unknown variant: the path is the object's, as the value was not reached.
            Frame::Object {
                key: Some(key),
                want_key: false,
            } => {
                if !path.is_empty() {
                    path.push('.');
                }
                path.push_str(key);
            }
            Frame::Array { index: Some(i) } => path.push_str(&format!("[{i}]")),
            _ => {}
        }
    }
    if path.is_empty() {
        path.push('.');
    }
    path
}

enum Frame {
    /// An open object: the key of its current member, and whether a key comes next.
    Object { key: Option<String>, want_key: bool },
    /// An open array: the index of its current item.
    Array { index: Option<usize> },
}

/// A value begins: in an array, it is the next item.
fn value_starts(stack: &mut [Frame]) {
    if let Some(Frame::Array { index }) = stack.last_mut() {
        *index = Some(index.map_or(0, |i| i + 1));
    }
}

/// The index just past the string that opens at `start` (its closing quote included).
fn string_end(bytes: &[u8], start: usize) -> usize {
    let mut i = start + 1;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => i += 2,
            b'"' => return i + 1,
            _ => i += 1,
        }
    }
    bytes.len()
}

/// A key as text, its escapes decoded (the quoted slice is itself JSON).
fn unescape(quoted: &[u8]) -> String {
    serde_json::from_slice::<String>(quoted).unwrap_or_else(|_| {
        String::from_utf8_lossy(quoted)
            .trim_matches('"')
            .to_string()
    })
}

/// The byte offset of serde_json's (line, column): its column counts bytes from the start of
/// the line.
pub(crate) fn offset_of(bytes: &[u8], line: usize, column: usize) -> usize {
    let mut start = 0;
    for _ in 1..line {
        match bytes[start..].iter().position(|&b| b == b'\n') {
            Some(newline) => start += newline + 1,
            None => return bytes.len(),
        }
    }
    (start + column).min(bytes.len())
}

/// For the tests of the types that read documents: every way of breaking `doc` (each scalar
/// given a value of another type, each container replaced by a scalar and by the other kind
/// of container, each object member removed; in the first 8 members and 3 items of each
/// container) that `T` rejects gives the same path from
/// [`path_at`] as from serde_path_to_error, the library that tracks it during the parse.
/// Returns how many broken documents were compared.
#[cfg(test)]
pub(crate) fn check_against_tracking<T: serde::de::DeserializeOwned>(
    doc: &serde_json::Value,
) -> usize {
    use serde_json::Value;
    fn variants(v: &Value) -> Vec<Value> {
        let mut out = vec![
            Value::from("text"),
            Value::from(-1.5),
            Value::from(true),
            Value::Null,
            serde_json::json!([1]),
            serde_json::json!({"k": 1}),
        ];
        out.retain(|x| std::mem::discriminant(x) != std::mem::discriminant(v));
        out
    }
    // Every way to break the document, each as the whole broken document.
    fn breakages(v: &Value, rebuild: &dyn Fn(Option<Value>) -> Value, out: &mut Vec<Value>) {
        for other in variants(v) {
            out.push(rebuild(Some(other)));
        }
        match v {
            Value::Object(map) => {
                // The first members of each object and items of each array: every kind of
                // place in the document, without the cost growing with its square.
                for key in map.keys().take(8) {
                    let mut without = map.clone();
                    without.remove(key);
                    out.push(rebuild(Some(Value::Object(without))));
                    let child = &map[key];
                    let rebuild_child = |x: Option<Value>| {
                        let mut m = map.clone();
                        match x {
                            Some(x) => m.insert(key.clone(), x),
                            None => m.remove(key),
                        };
                        rebuild(Some(Value::Object(m)))
                    };
                    breakages(child, &rebuild_child, out);
                }
            }
            Value::Array(items) => {
                for (i, child) in items.iter().enumerate().take(3) {
                    let rebuild_child = |x: Option<Value>| {
                        let mut a = items.clone();
                        if let Some(x) = x {
                            a[i] = x;
                        }
                        rebuild(Some(Value::Array(a)))
                    };
                    breakages(child, &rebuild_child, out);
                }
            }
            _ => {}
        }
    }
    let mut broken = Vec::new();
    let identity = |x: Option<Value>| x.unwrap_or(Value::Null);
    breakages(doc, &identity, &mut broken);
    let mut compared = 0;
    for doc in broken {
        for text in [
            serde_json::to_vec(&doc).unwrap(),
            serde_json::to_vec_pretty(&doc).unwrap(),
        ] {
            let mut de = serde_json::Deserializer::from_slice(&text);
            let Err(tracked) = serde_path_to_error::deserialize::<_, T>(&mut de) else {
                continue;
            };
            let tracked_path = tracked.path().to_string();
            if tracked_path.contains('?') {
                continue; // the library could not tell either (flattened or untagged types)
            }
            let err = serde_json::from_slice::<T>(&text)
                .err()
                .expect("both parses reject the document");
            let found = path_at(&text, offset_of(&text, err.line(), err.column()));
            assert_eq!(
                found,
                tracked_path,
                "{err} in {}",
                String::from_utf8_lossy(&text)
            );
            compared += 1;
        }
    }
    compared
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_of_positions() {
        let doc = br#"{"a": {"b c": [1, {"d": "x"}]}, "e\"f": 2}"#;
        let at = |needle: &str| {
            let text = std::str::from_utf8(doc).unwrap();
            path_at(doc, text.find(needle).unwrap() + needle.len())
        };
        assert_eq!(path_at(doc, 0), ".");
        assert_eq!(at("[1"), "a.b c[0]");
        assert_eq!(at(r#""x""#), "a.b c[1].d");
        assert_eq!(at(r#""x"}"#), "a.b c[1]");
        assert_eq!(at("2"), "e\"f");
    }

    #[test]
    fn offsets_of_lines_and_columns() {
        let text = b"ab\ncde\n\nf";
        assert_eq!(offset_of(text, 1, 0), 0);
        assert_eq!(offset_of(text, 2, 2), 5);
        assert_eq!(offset_of(text, 4, 1), 9);
        assert_eq!(offset_of(text, 9, 0), 9);
    }

    #[test]
    fn run_files_name_the_same_fields_as_tracking_does() {
        let (_, text) = crate::examples::ORCHESTRATOR_BASELINE;
        let doc: serde_json::Value = serde_json::from_str(text).unwrap();
        let compared = check_against_tracking::<crate::RunFile>(&doc);
        assert!(compared > 200, "only {compared} broken documents compared");
    }
}
