//! `Scenario::parse`: a file's text → a validated `Scenario`, one `Config` per sweep point.
//! The text is read into the raw mirror (`raw.rs`) with located errors (`locate.rs`), then
//! checked across fields (`checks.rs`); a sweep sets its parameter in the file's table and
//! reads each point back the same way.

use super::locate::{deserialize_located, line_of_key};
use super::raw::RawScenario;
use super::{Point, Scenario, ScenarioError};

impl Scenario {
    /// Parses and validates a scenario file. `file` names it in errors.
    pub fn parse(file: &str, text: &str) -> Result<Scenario, ScenarioError> {
        let raw: RawScenario = deserialize_located(file, text)?;
        let table: toml::Table = toml::from_str(text).map_err(|e| ScenarioError {
            file: file.to_string(),
            line: None,
            key: None,
            message: e.message().to_string(),
        })?;
        let source = serde_json::to_value(&table).unwrap_or(serde_json::Value::Null);
        let locate = |key: &str| line_of_key(text, key);
        let fail = |key: &str, message: String| ScenarioError {
            file: file.to_string(),
            line: locate(key),
            key: Some(key.to_string()),
            message,
        };
        let name = raw.name.clone();
        if name.trim().is_empty() {
            return Err(fail("name", "must not be empty".into()));
        }
        let description = raw.description.clone();
        let seed = raw.seed;
        let points = match &raw.sweep {
            None => vec![Point {
                benchmark: name.clone(),
                param: None,
                config: raw.into_config().map_err(|(k, m)| fail(&k, m))?,
            }],
            Some(sweep) => {
                // The base scenario must be valid on its own, too.
                raw.clone().into_config().map_err(|(k, m)| fail(&k, m))?;
                let leaf = sweep.param.rsplit('.').next().unwrap_or("").to_string();
                if sweep.values.is_empty() {
                    return Err(fail("sweep.values", "needs at least one value".into()));
                }
                let mut points = Vec::new();
                for (i, value) in sweep.values.iter().enumerate() {
                    let key = format!("sweep.values[{i}]");
                    let mut point_table = table.clone();
                    point_table.remove("sweep");
                    set_path(&mut point_table, &sweep.param, value)
                        .map_err(|m| fail("sweep.param", m))?;
                    // Written out and read back as text, not deserialised from the table: the
                    // same deserialiser as the file's, so the dashboard carries one copy of it.
                    let point: RawScenario = toml::to_string(&point_table)
                        .map_err(|e| e.to_string())
                        .and_then(|text| {
                            toml::from_str(&text)
                                .map_err(|e: toml::de::Error| e.message().trim().to_string())
                        })
                        .map_err(|message| {
                            let mut e2 = fail("sweep.values", String::new());
                            e2.key = Some(key.clone());
                            e2.message = format!("with {} = {}: {message}", sweep.param, value);
                            e2
                        })?;
                    let config = point.into_config().map_err(|(k, m)| {
                        let mut e2 = fail("sweep.values", String::new());
                        e2.key = Some(key.clone());
                        e2.message = format!("with {} = {value}: `{k}` {m}", sweep.param);
                        e2
                    })?;
                    let shown = match value {
                        toml::Value::String(s) => s.clone(),
                        other => other.to_string(),
                    };
                    points.push(Point {
                        benchmark: format!("{name}/{leaf}={shown}"),
                        param: Some((leaf.clone(), shown)),
                        config,
                    });
                }
                points
            }
        };
        Ok(Scenario {
            name,
            description,
            seed,
            points,
            source,
        })
    }
}

/// Sets a dotted path in a TOML table; a path through an array of tables sets every element.
fn set_path(table: &mut toml::Table, path: &str, value: &toml::Value) -> Result<(), String> {
    let (head, rest) = match path.split_once('.') {
        Some((h, r)) => (h, Some(r)),
        None => (path, None),
    };
    match rest {
        None => {
            table.insert(head.to_string(), value.clone());
            Ok(())
        }
        Some(rest) => {
            let entry = table
                .entry(head.to_string())
                .or_insert_with(|| toml::Value::Table(toml::Table::new()));
            match entry {
                toml::Value::Table(t) => set_path(t, rest, value),
                toml::Value::Array(items) => {
                    for item in items {
                        match item {
                            toml::Value::Table(t) => set_path(t, rest, value)?,
                            _ => return Err(format!("`{head}` is not a table")),
                        }
                    }
                    Ok(())
                }
                _ => Err(format!("`{head}` is not a table")),
            }
        }
    }
}
