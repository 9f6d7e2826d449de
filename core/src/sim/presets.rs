//! The presets: the seeds' scenarios as scenario files shipped in `presets/` at the
//! repository root and embedded in every build (native and wasm). Together they are the
//! default suite of `benchdash simulate`.

use super::scenario::Scenario;

/// A preset: its name, the one-line summary and the TOML text of its file.
#[derive(Debug, Clone, Copy)]
pub struct Preset {
    pub name: &'static str,
    pub summary: &'static str,
    pub text: &'static str,
}

macro_rules! preset {
    ($name:literal, $summary:literal) => {
        Preset {
            name: $name,
            summary: $summary,
            text: include_str!(concat!("../../../presets/", $name, ".toml")),
        }
    };
}

/// Every preset, in the spec's order.
pub const PRESETS: &[Preset] = &[preset!(
    "single-tool",
    "seed 000: one web search, decision + tool + result (487 ms)"
)];

impl Preset {
    /// The parsed scenario. Presets are tested to parse, so this does not fail.
    pub fn scenario(&self) -> Scenario {
        Scenario::parse(&format!("{}.toml", self.name), self.text)
            .unwrap_or_else(|e| panic!("preset {} is broken: {e}", self.name))
    }
}

/// A preset by name.
pub fn find(name: &str) -> Option<&'static Preset> {
    PRESETS.iter().find(|p| p.name == name)
}

/// Every preset, parsed: the default suite.
pub fn all() -> Vec<Scenario> {
    PRESETS.iter().map(Preset::scenario).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_preset_parses_and_is_named_after_its_file() {
        for p in PRESETS {
            let s = p.scenario();
            assert_eq!(s.name, p.name);
            assert!(p.text.contains("# Seed"), "{} names its seed", p.name);
        }
    }
}
