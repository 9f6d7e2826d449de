//! The dotted key (`orchestrator.max_parallel`, `tools[1].latency`) at a span of a TOML
//! document, for naming the key a scenario failed at.
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

/// The key at `span` of `text`: segments joined by `.`, array items as `[i]`; `None` when the
/// span is outside every key and value (or the text is not TOML).
pub(crate) fn key_at(text: &str, span: Range<usize>) -> Option<String> {
    let root = DeTable::parse(text).ok()?;
    let mut path = Vec::new();
    find_in_table(root.get_ref(), &span, &mut path).then(|| join(&path))
}

enum Segment {
    Key(String),
    Index(usize),
}

fn join(path: &[Segment]) -> String {
    let mut out = String::new();
    for segment in path {
        match segment {
            Segment::Key(key) => {
                if !out.is_empty() {
                    out.push('.');
                }
                out.push_str(key);
            }
            Segment::Index(i) => out.push_str(&format!("[{i}]")),
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

/// For the tests of the types read from TOML: every way of breaking `doc` (each value given a
/// value of another type, each table member removed) that `T` rejects gives the same key from
/// [`key_at`] as serde_path_to_error does (with an unknown key's name appended, as the
/// scenario reader always named it). Returns how many broken documents were compared.
#[cfg(test)]
pub(crate) fn check_against_tracking<T: serde::de::DeserializeOwned>(doc: &toml::Table) -> usize {
    use toml::Value;
    fn variants(v: &Value) -> Vec<Value> {
        let mut out = vec![
            Value::from("text"),
            Value::from(-1.5),
            Value::from(7),
            Value::from(true),
            Value::Array(vec![Value::from(1)]),
        ];
        out.retain(|x| std::mem::discriminant(x) != std::mem::discriminant(v));
        out
    }
    fn breakages(
        table: &toml::Table,
        rebuild: &dyn Fn(toml::Table) -> toml::Table,
        out: &mut Vec<toml::Table>,
    ) {
        for (key, value) in table {
            let with = |x: Option<Value>| {
                let mut t = table.clone();
                match x {
                    Some(x) => t.insert(key.clone(), x),
                    None => t.remove(key),
                };
                rebuild(t)
            };
            out.push(with(None));
            for other in variants(value) {
                out.push(with(Some(other)));
            }
            match value {
                Value::Table(inner) => {
                    let rebuild_inner = |t: toml::Table| with(Some(Value::Table(t)));
                    breakages(inner, &rebuild_inner, out);
                }
                Value::Array(items) => {
                    for (i, item) in items.iter().enumerate().take(3) {
                        let with_item = |x: Value| {
                            let mut a = items.clone();
                            a[i] = x;
                            with(Some(Value::Array(a)))
                        };
                        for other in variants(item) {
                            out.push(with_item(other));
                        }
                        if let Value::Table(inner) = item {
                            let rebuild_inner = |t: toml::Table| with_item(Value::Table(t));
                            breakages(inner, &rebuild_inner, out);
                        }
                    }
                }
                _ => {}
            }
        }
    }
    let mut broken = Vec::new();
    breakages(doc, &|t| t, &mut broken);
    let mut compared = 0;
    for doc in broken {
        let Ok(text) = toml::to_string(&doc) else {
            continue;
        };
        let de = toml::de::Deserializer::parse(&text).expect("written TOML parses");
        let Err(tracked) = serde_path_to_error::deserialize::<_, T>(de) else {
            continue;
        };
        let mut want = tracked.path().to_string();
        if want.contains('?') {
            continue;
        }
        let message = tracked.inner().message().to_string();
        if let Some(field) = message
            .strip_prefix("unknown field `")
            .and_then(|rest| rest.split('`').next())
        {
            if !want.ends_with(field) {
                want = if want == "." {
                    field.to_string()
                } else {
                    format!("{want}.{field}")
                };
            }
        }
        let err = toml::from_str::<T>(&text)
            .err()
            .expect("both parses reject it");
        let found = err
            .span()
            .and_then(|span| key_at(&text, span))
            .unwrap_or_else(|| ".".to_string());
        let found = if found.is_empty() {
            ".".to_string()
        } else {
            found
        };
        assert_eq!(found, want, "{message} in\n{text}");
        compared += 1;
    }
    compared
}
