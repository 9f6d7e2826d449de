//! A check of [`crate::toml_path::key_at`] for the types read from TOML (thresholds,
//! scenarios): it must name the same key that tracking the path during the parse does.

/// For the tests of the types read from TOML: every way of breaking `doc` (each value given a
/// value of another type, each table member removed) that `T` rejects gives the same key from
/// [`key_at`] as serde_path_to_error does (with an unknown key's name appended, as the
/// scenario reader always named it). Returns how many broken documents were compared.
pub fn check_key_at_against_tracking<T: serde::de::DeserializeOwned>(doc: &toml::Table) -> usize {
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
            .and_then(|span| crate::toml_path::key_at(&text, span))
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
