//! Rendering judgements for people and programs: [`text`] (an aligned table, coloured on
//! request), [`markdown`] (for a pull request, worst rows first) and [`json`] (the stable keys
//! of docs/cli.md#json-reports). Every function returns a `String`; the caller decides where it goes
//! and whether colour is wanted (the CLI: a terminal and no `NO_COLOR`). The words of the
//! judgements (`compare::Reason`, `compare::LimitNote`) and the numbers ([`number`],
//! [`change`]) are phrased here, once, for the reports, the JSON and the page.

pub mod json;
pub mod markdown;
pub mod text;
mod words;

pub use words::{describe_test, history, reasons};

/// The output formats of `compare`, `check` and `trend`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Text,
    Json,
    Markdown,
}

/// A number for people: four significant digits, no trailing zeros, no exponent between 1e-4
/// and 1e9 (`487.2`, `2340`, `0.0004`, `1.5e-7`). Uses no transcendental functions, so it
/// prints the same natively and in wasm. The CLI's reports and the dashboard both print
/// numbers (p-values too) with it.
pub fn number(v: f64) -> String {
    if !v.is_finite() {
        return if v.is_nan() {
            "NaN".to_string()
        } else if v > 0.0 {
            "inf".to_string()
        } else {
            "-inf".to_string()
        };
    }
    let a = v.abs();
    if a == 0.0 {
        return "0".to_string();
    }
    if !(1e-4..1e9).contains(&a) {
        return format!("{v:.3e}");
    }
    let mut decimals: usize = 3;
    let mut scale = 10.0;
    while a >= scale && decimals > 0 {
        decimals -= 1;
        scale *= 10.0;
    }
    let mut low = 1.0;
    while a < low {
        decimals += 1;
        low /= 10.0;
    }
    let text = format!("{v:.decimals$}");
    if text.contains('.') {
        text.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        text
    }
}

/// An optional [`number`], with a dash for "absent" (the Markdown report's and the page's).
pub fn maybe(v: Option<f64>) -> String {
    v.map(number).unwrap_or_else(|| "–".to_string())
}

/// A relative change as a signed percentage with one decimal: `+5.0%`.
pub fn change(c: f64) -> String {
    format!("{:+.1}%", c * 100.0)
}

/// An interval of changes: `[+3.1%, +6.9%]`.
pub fn interval(ci: [f64; 2]) -> String {
    format!("[{}, {}]", change(ci[0]), change(ci[1]))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers() {
        assert_eq!(number(487.23), "487.2");
        assert_eq!(number(2340.0), "2340");
        assert_eq!(number(0.0004), "0.0004");
        assert_eq!(number(0.96), "0.96");
        assert_eq!(number(1.23456), "1.235");
        assert_eq!(number(-12.5), "-12.5");
        assert_eq!(number(0.0), "0");
        assert_eq!(number(1.5e-7), "1.500e-7");
        assert_eq!(change(0.0502), "+5.0%");
    }
}
