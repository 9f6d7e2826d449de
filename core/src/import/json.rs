//! JSON as the tools write it, and detection by shape.

use std::fmt;

use serde::de::{DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde::Deserialize;
use serde_json::Value;

use super::Format;
use crate::read::{parse_json, ReadErrorKind};

/// A document's shape, for detection: the JSON down to [`SHAPE_DEPTH`] levels below the root,
/// with the containers at that depth kept but emptied, so their kind still shows. [`detect`]
/// never looks deeper, and not building the samples arrays (a 10 MB pytest-benchmark export is
/// mostly `data`) makes detecting a big file a skim instead of a second full parse.
pub(crate) struct Shape(pub Value);

/// The deepest level [`detect`] reads: a value of a member of an item of the root
/// (`results[i].command`, `benchmarks[i].stats`, `{name: {measure: {value}}}`).
const SHAPE_DEPTH: usize = 3;

impl<'de> Deserialize<'de> for Shape {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Shape, D::Error> {
        Level(0).deserialize(deserializer).map(Shape)
    }
}

/// Builds the value at one depth (0 for the root).
struct Level(usize);

impl<'de> DeserializeSeed<'de> for Level {
    type Value = Value;
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Value, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Level {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a JSON value")
    }
    fn visit_bool<E>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Bool(v))
    }
    fn visit_i64<E>(self, v: i64) -> Result<Value, E> {
        Ok(Value::from(v))
    }
    fn visit_u64<E>(self, v: u64) -> Result<Value, E> {
        Ok(Value::from(v))
    }
    fn visit_f64<E>(self, v: f64) -> Result<Value, E> {
        Ok(serde_json::Number::from_f64(v).map_or(Value::Null, Value::Number))
    }
    fn visit_str<E>(self, v: &str) -> Result<Value, E> {
        Ok(Value::String(v.to_string()))
    }
    fn visit_string<E>(self, v: String) -> Result<Value, E> {
        Ok(Value::String(v))
    }
    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::new();
        if self.0 >= SHAPE_DEPTH {
            while seq.next_element::<IgnoredAny>()?.is_some() {}
        } else {
            while let Some(item) = seq.next_element_seed(Level(self.0 + 1))? {
                items.push(item);
            }
        }
        Ok(Value::Array(items))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut members = serde_json::Map::new();
        if self.0 >= SHAPE_DEPTH {
            while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
        } else {
            while let Some(key) = map.next_key::<String>()? {
                let value = map.next_value_seed(Level(self.0 + 1))?;
                members.insert(key, value);
            }
        }
        Ok(Value::Object(members))
    }
}

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

/// The numbers of a JSON array, read straight into `f64`s; anything else in it (`null` where a
/// tool wrote `NaN`, a string, a nested value) is skipped. The samples arrays are most of a big
/// export, so they are not built as `Value`s first.
#[derive(Default)]
pub(crate) struct Numbers(pub Vec<f64>);

impl<'de> Deserialize<'de> for Numbers {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Numbers, D::Error> {
        deserializer.deserialize_seq(NumbersVisitor)
    }
}

struct NumbersVisitor;

impl<'de> Visitor<'de> for NumbersVisitor {
    type Value = Numbers;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an array of numbers")
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Numbers, A::Error> {
        let mut numbers = Vec::with_capacity(seq.size_hint().unwrap_or(0));
        while let Some(item) = seq.next_element::<MaybeNumber>()? {
            numbers.extend(item.0);
        }
        Ok(Numbers(numbers))
    }
}

/// One array item: its value if it is a number.
struct MaybeNumber(Option<f64>);

impl<'de> Deserialize<'de> for MaybeNumber {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<MaybeNumber, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = MaybeNumber;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a JSON value")
            }
            fn visit_f64<E>(self, v: f64) -> Result<MaybeNumber, E> {
                Ok(MaybeNumber(Some(v)))
            }
            fn visit_i64<E>(self, v: i64) -> Result<MaybeNumber, E> {
                Ok(MaybeNumber(Some(v as f64)))
            }
            fn visit_u64<E>(self, v: u64) -> Result<MaybeNumber, E> {
                Ok(MaybeNumber(Some(v as f64)))
            }
            fn visit_bool<E>(self, _: bool) -> Result<MaybeNumber, E> {
                Ok(MaybeNumber(None))
            }
            fn visit_str<E>(self, _: &str) -> Result<MaybeNumber, E> {
                Ok(MaybeNumber(None))
            }
            fn visit_unit<E>(self) -> Result<MaybeNumber, E> {
                Ok(MaybeNumber(None))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<MaybeNumber, A::Error> {
                IgnoredAny.visit_seq(seq).map(|_| MaybeNumber(None))
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<MaybeNumber, A::Error> {
                IgnoredAny.visit_map(map).map(|_| MaybeNumber(None))
            }
        }
        deserializer.deserialize_any(V)
    }
}

/// Detects a format from a document's [`Shape`] (or the whole document: it reads nothing
/// deeper than [`SHAPE_DEPTH`]).
pub(crate) fn detect(v: &Value) -> Option<Format> {
    match v {
        Value::Object(o) => {
            if super::vegeta::claims_shape(v) {
                return Some(Format::Vegeta);
            }
            if super::bdn::claims_shape(v) {
                return Some(Format::BenchmarkDotNet);
            }
            if super::pyperf::claims_shape(v) {
                return Some(Format::Pyperf);
            }
            if super::vitest::claims_shape(v) {
                return Some(Format::Vitest);
            }
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
            if super::jmh::claims_shape(v) {
                return Some(Format::Jmh);
            }
            if super::locust_json::claims_shape(v) {
                return Some(Format::LocustJson);
            }
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
    fn numbers_keep_the_numbers_of_an_array_in_order() {
        let Numbers(n) = parse_lenient(
            br#"[1, 2.5, null, NaN, "x", -3e-2, [4], {"a": 5}, true, 18446744073709551615]"#,
        )
        .unwrap();
        assert_eq!(n, vec![1.0, 2.5, -0.03, 18446744073709551615.0]);
    }

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
