//! Where a scenario went wrong: `ScenarioError` (file, line, key, message), the
//! deserialisation that locates serde's errors (the key through `benchdash_core::toml_path`),
//! and `line_of_key`, the line of a dotted key for the cross-field checks' errors.

use std::fmt;

/// Why a scenario was rejected: the file, the line (1-based) and the key, and the reason.
#[derive(Debug, Clone, PartialEq)]
pub struct ScenarioError {
    pub file: String,
    pub line: Option<usize>,
    pub key: Option<String>,
    pub message: String,
}

impl fmt::Display for ScenarioError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: ", self.file)?;
        if let Some(line) = self.line {
            write!(f, "line {line}: ")?;
        }
        if let Some(key) = &self.key {
            write!(f, "`{key}`: ")?;
        }
        write!(f, "{}", self.message)
    }
}

impl std::error::Error for ScenarioError {}

pub(super) fn deserialize_located<T: serde::de::DeserializeOwned>(
    file: &str,
    text: &str,
) -> Result<T, ScenarioError> {
    let de = toml::de::Deserializer::parse(text).map_err(|e| ScenarioError {
        file: file.to_string(),
        line: e.span().map(|s| line_at(text, s.start)),
        key: None,
        message: format!("not valid TOML: {}", e.message().trim()),
    })?;
    T::deserialize(de).map_err(|err| {
        // The key from the error's span, looked up in the document (crate::toml_path): an
        // unknown key's span is the key itself, so it is named, not just its table.
        let key = err
            .span()
            .and_then(|span| benchdash_core::toml_path::key_at(text, span))
            .unwrap_or_default();
        let line = err
            .span()
            .map(|s| line_at(text, s.start))
            .or_else(|| line_of_key(text, &key));
        ScenarioError {
            file: file.to_string(),
            line,
            key: (!key.is_empty()).then_some(key),
            message: err.message().trim().to_string(),
        }
    })
}

fn line_at(text: &str, offset: usize) -> usize {
    text[..offset.min(text.len())]
        .bytes()
        .filter(|&b| b == b'\n')
        .count()
        + 1
}

/// The line of a dotted key (`orchestrator.max_parallel`, `tools[1].calls`) in the text, by a
/// plain scan of table headers and `key =` lines; the table's header line when the key itself
/// is absent (a default was used), and `None` if neither is found.
pub(super) fn line_of_key(text: &str, key: &str) -> Option<usize> {
    let segments: Vec<(String, Option<usize>)> = key
        .split('.')
        .map(|s| match s.find('[') {
            Some(i) => (
                s[..i].to_string(),
                s[i + 1..].trim_end_matches(']').parse().ok(),
            ),
            None => (s.to_string(), None),
        })
        .collect();
    let (leaf, _) = segments.last()?.clone();
    let table: Vec<&(String, Option<usize>)> = segments[..segments.len() - 1].iter().collect();
    let table_name: String = table
        .iter()
        .map(|(n, _)| n.as_str())
        .collect::<Vec<_>>()
        .join(".");
    let index = table.last().and_then(|(_, i)| *i).unwrap_or(0);
    let mut current = String::new();
    let mut seen = 0usize;
    let mut header_line = None;
    for (n, raw_line) in text.lines().enumerate() {
        let line = raw_line.trim();
        if let Some(h) = line.strip_prefix("[[") {
            current = h.split("]]").next().unwrap_or("").trim().to_string();
            if current == table_name {
                seen += 1;
                if seen == index + 1 {
                    header_line = Some(n + 1);
                }
            }
            continue;
        }
        if let Some(h) = line.strip_prefix('[') {
            current = h.split(']').next().unwrap_or("").trim().to_string();
            if current == table_name {
                header_line = Some(n + 1);
            }
            continue;
        }
        let in_table = current == table_name && (seen == 0 || seen == index + 1);
        let name_here = line.split('=').next().unwrap_or("").trim();
        if in_table && name_here == leaf {
            return Some(n + 1);
        }
        // An inline table: `pattern = { kind = ..., rate = -5 }`.
        if table_name.ends_with(name_here)
            && !name_here.is_empty()
            && line.contains('{')
            && line.contains(&format!("{leaf} "))
        {
            return Some(n + 1);
        }
    }
    header_line
}
