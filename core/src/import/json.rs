//! JSON as the tools write it, and detection by shape.

use serde_json::Value;

use super::Format;
use crate::read::{parse_json, ReadErrorKind};

/// Parses JSON that may contain Python's `NaN`, `Infinity` and `-Infinity` (asv and
/// pytest-benchmark write them with `json.dump`), read as `null`.
pub(crate) fn parse_lenient<T: serde::de::DeserializeOwned>(
    bytes: &[u8],
) -> Result<T, ReadErrorKind> {
    match parse_json(bytes) {
        Ok(v) => Ok(v),
        Err(first) => match replace_non_finite(bytes) {
            Some(cleaned) => parse_json(&cleaned),
            None => Err(first),
        },
    }
}

/// Replaces bare `NaN`, `Infinity` and `-Infinity` outside strings with `null`, or `None` when
/// there are none. Lines stay where they were, so an error's line is still right (its column
/// may be off by a few characters on a line that held such a token).
fn replace_non_finite(bytes: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(bytes.len());
    let mut in_string = false;
    let mut escaped = false;
    let mut changed = false;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if in_string {
            out.push(b);
            if escaped {
                escaped = false;
            } else if b == b'\\' {
                escaped = true;
            } else if b == b'"' {
                in_string = false;
            }
            i += 1;
            continue;
        }
        let rest = &bytes[i..];
        let token = [&b"-Infinity"[..], b"Infinity", b"NaN"]
            .into_iter()
            .find(|t| rest.starts_with(t));
        if let Some(token) = token {
            out.extend_from_slice(b"null");
            i += token.len();
            changed = true;
            continue;
        }
        if b == b'"' {
            in_string = true;
        }
        out.push(b);
        i += 1;
    }
    changed.then_some(out)
}

/// Detects a format from a parsed document's shape.
pub(crate) fn detect(v: &Value) -> Option<Format> {
    match v {
        Value::Object(o) => {
            if let Some(Value::Array(results)) = o.get("results") {
                if results
                    .iter()
                    .all(|r| r.get("command").is_some() && r.get("mean").is_some())
                {
                    return Some(Format::Hyperfine);
                }
            }
            if o.contains_key("result_columns")
                || (o.contains_key("commit_hash") && o.get("results").is_some_and(Value::is_object))
            {
                return Some(Format::Asv);
            }
            if let Some(Value::Array(benches)) = o.get("benchmarks") {
                if o.contains_key("context") {
                    return Some(Format::GoogleBenchmark);
                }
                if o.contains_key("machine_info")
                    || benches.iter().any(|b| b.get("stats").is_some())
                {
                    return Some(Format::PytestBenchmark);
                }
            }
            if let Some(Value::Object(metrics)) = o.get("metrics") {
                let k6_like = metrics.values().all(|m| {
                    m.get("type").is_some()
                        || ["avg", "count", "rate", "value", "passes", "p(95)", "med"]
                            .iter()
                            .any(|k| m.get(k).is_some())
                });
                if k6_like
                    && (o.contains_key("root_group")
                        || o.contains_key("state")
                        || o.contains_key("options"))
                {
                    return Some(Format::K6);
                }
            }
            if o.contains_key("group_id") && o.contains_key("full_id") {
                return Some(Format::Criterion);
            }
            let bmf = !o.is_empty()
                && o.values().all(|measures| {
                    measures.as_object().is_some_and(|m| {
                        !m.is_empty()
                            && m.values().all(|x| {
                                x.get("value").is_some_and(|v| v.is_number() || v.is_null())
                            })
                    })
                });
            bmf.then_some(Format::Bmf)
        }
        Value::Array(items) => {
            let gab = !items.is_empty()
                && items.iter().all(|i| {
                    i.get("name").is_some_and(Value::is_string)
                        && i.get("value").is_some()
                        && i.get("unit").is_some()
                });
            gab.then_some(Format::GithubActionBenchmark)
        }
        _ => None,
    }
}

/// A JSON value as a display string for params (strings without quotes).
pub(crate) fn display(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn non_finite_tokens_outside_strings_become_null() {
        let v: Value =
            parse_lenient(br#"{"a": NaN, "b": [Infinity, -Infinity, 1], "s": "NaN \" Infinity"}"#)
                .unwrap();
        assert_eq!(v["a"], Value::Null);
        assert_eq!(v["b"], serde_json::json!([null, null, 1]));
        assert_eq!(v["s"], "NaN \" Infinity");
    }

    #[test]
    fn errors_in_broken_json_keep_their_position() {
        let err = parse_lenient::<Value>(b"{\n\"a\": NaN,\n\"b\": }").unwrap_err();
        assert!(
            matches!(err, ReadErrorKind::Syntax { line: 3, .. }),
            "{err:?}"
        );
    }
}
