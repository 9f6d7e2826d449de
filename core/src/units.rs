//! Units of measurement: what a unit string means and how values convert.
//!
//! The run format (docs/format.md#units) names a closed set of units in a few dimensions:
//! time (`ns us ms s`), size (`B KB MB GB KiB MiB GiB`), rates (`X/s`), fractions (`ratio`, `%`),
//! multipliers (`x`) and `count`. Values of one dimension convert; any other unit string is
//! opaque and compares only with itself. Conversion is a multiplication by an exact power of
//! ten or two, so it gives the same bits natively and in wasm.

use std::fmt;

/// What a unit measures. Two units convert exactly when their dimensions are equal.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Dimension {
    /// Durations; base unit the nanosecond.
    Time,
    /// Amounts of memory or data; base unit the byte.
    Size,
    /// Bytes per second; base unit `B/s`.
    SizeRate,
    /// Events per second of a named kind (`req/s`, `ops/s`): converts only with the same kind.
    Rate(String),
    /// A fraction; base unit `ratio` (1 = 100 %).
    Fraction,
    /// A multiplier such as a speedup (`x`).
    Multiplier,
    /// A plain count.
    Count,
    /// Any other unit string: compares only with itself.
    Opaque(String),
}

/// A parsed unit: its dimension and the factor that takes a value to the dimension's base unit.
#[derive(Debug, Clone, PartialEq)]
pub struct Unit {
    /// The unit as written (after trimming), kept for display.
    pub symbol: String,
    pub dimension: Dimension,
    /// value_in_base = value × factor.
    pub factor: f64,
}

/// A conversion that cannot be done, with both unit strings for the message.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("cannot convert `{from}` to `{to}`: {reason}")]
pub struct UnitError {
    pub from: String,
    pub to: String,
    pub reason: &'static str,
}

fn time_factor(symbol: &str) -> Option<f64> {
    Some(match symbol {
        "ns" => 1.0,
        "us" | "µs" | "μs" => 1e3,
        "ms" => 1e6,
        "s" => 1e9,
        _ => return None,
    })
}

fn size_factor(symbol: &str) -> Option<f64> {
    Some(match symbol {
        "B" => 1.0,
        "KB" | "kB" => 1e3,
        "MB" => 1e6,
        "GB" => 1e9,
        "KiB" => 1024.0,
        "MiB" => 1_048_576.0,
        "GiB" => 1_073_741_824.0,
        _ => return None,
    })
}

impl Unit {
    /// Reads a unit string. Never fails: an unknown string is an opaque unit.
    pub fn parse(text: &str) -> Unit {
        let symbol = text.trim().to_string();
        let (dimension, factor) = if let Some(f) = time_factor(&symbol) {
            (Dimension::Time, f)
        } else if let Some(f) = size_factor(&symbol) {
            (Dimension::Size, f)
        } else if let Some(per) = symbol.strip_suffix("/s") {
            match size_factor(per) {
                Some(f) => (Dimension::SizeRate, f),
                None if !per.is_empty() => (Dimension::Rate(per.to_string()), 1.0),
                None => (Dimension::Opaque(symbol.clone()), 1.0),
            }
        } else {
            match symbol.as_str() {
                "ratio" => (Dimension::Fraction, 1.0),
                "%" => (Dimension::Fraction, 0.01),
                "x" => (Dimension::Multiplier, 1.0),
                "count" => (Dimension::Count, 1.0),
                _ => (Dimension::Opaque(symbol.clone()), 1.0),
            }
        };
        Unit {
            symbol,
            dimension,
            factor,
        }
    }

    /// Whether a value in `self` can be expressed in `other`.
    pub fn converts_to(&self, other: &Unit) -> bool {
        self.dimension == other.dimension
    }

    /// Converts `value` from this unit into `to`.
    pub fn convert(&self, value: f64, to: &Unit) -> Result<f64, UnitError> {
        if !self.converts_to(to) {
            return Err(UnitError {
                from: self.symbol.clone(),
                to: to.symbol.clone(),
                reason: "different dimensions",
            });
        }
        if self.factor == to.factor {
            return Ok(value);
        }
        Ok(value * self.factor / to.factor)
    }
}

impl fmt::Display for Unit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.symbol)
    }
}

/// Converts `value` between two unit strings.
pub fn convert(value: f64, from: &str, to: &str) -> Result<f64, UnitError> {
    Unit::parse(from).convert(value, &Unit::parse(to))
}

/// A number with an optional unit, as written in threshold and scenario files: `"550ms"`,
/// `"5%"`, `"6.8MB"`, `"0.8"`, `"30 s"`.
#[derive(Debug, Clone, PartialEq)]
pub struct Quantity {
    pub value: f64,
    pub unit: Option<Unit>,
}

/// Why a quantity string could not be read.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("`{text}` is not a number with an optional unit (like `550ms`, `5%` or `0.8`)")]
pub struct QuantityError {
    pub text: String,
}

impl Quantity {
    pub fn parse(text: &str) -> Result<Quantity, QuantityError> {
        let trimmed = text.trim();
        let split = trimmed
            .char_indices()
            .find(|&(i, c)| {
                !(c.is_ascii_digit()
                    || c == '.'
                    || ((c == '-' || c == '+') && i == 0)
                    || ((c == 'e' || c == 'E') && is_exponent(trimmed, i)))
            })
            .map(|(i, _)| i)
            .unwrap_or(trimmed.len());
        let (number, unit) = trimmed.split_at(split);
        let value: f64 = number.parse().map_err(|_| QuantityError {
            text: text.to_string(),
        })?;
        if !value.is_finite() {
            return Err(QuantityError {
                text: text.to_string(),
            });
        }
        let unit = unit.trim();
        Ok(Quantity {
            value,
            unit: (!unit.is_empty()).then(|| Unit::parse(unit)),
        })
    }

    /// The value expressed in `target`; a quantity without a unit is taken to be in it already.
    pub fn value_in(&self, target: &Unit) -> Result<f64, UnitError> {
        match &self.unit {
            None => Ok(self.value),
            Some(unit) => unit.convert(self.value, target),
        }
    }
}

/// An `e` inside a number is an exponent only when digits follow it (`1e3`), not in `5e` or a
/// unit that starts with `e`.
fn is_exponent(text: &str, at: usize) -> bool {
    let rest = &text[at + 1..];
    let rest = rest.strip_prefix(['-', '+']).unwrap_or(rest);
    at > 0 && rest.starts_with(|c: char| c.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn time_units_convert_exactly() {
        assert_eq!(convert(1.5, "s", "ms").unwrap(), 1500.0);
        assert_eq!(convert(2500.0, "ns", "us").unwrap(), 2.5);
        assert_eq!(convert(1.0, "ms", "ns").unwrap(), 1e6);
        assert_eq!(convert(3.0, "µs", "us").unwrap(), 3.0);
    }

    #[test]
    fn sizes_convert_in_both_bases() {
        assert_eq!(convert(1.0, "MiB", "KiB").unwrap(), 1024.0);
        assert_eq!(convert(1.0, "GB", "MB").unwrap(), 1000.0);
        assert_eq!(convert(1.0, "MiB", "B").unwrap(), 1_048_576.0);
        assert_eq!(convert(2.0, "MiB/s", "B/s").unwrap(), 2_097_152.0);
    }

    #[test]
    fn fractions_convert_between_ratio_and_percent() {
        assert_eq!(convert(1.0, "%", "ratio").unwrap(), 0.01);
        assert!((convert(0.96, "ratio", "%").unwrap() - 96.0).abs() < 1e-12);
    }

    #[test]
    fn named_rates_convert_only_with_themselves() {
        assert_eq!(convert(5.0, "req/s", "req/s").unwrap(), 5.0);
        let err = convert(5.0, "req/s", "ops/s").unwrap_err();
        assert_eq!(err.from, "req/s");
        assert!(convert(1.0, "ms", "req/s").is_err());
        assert!(convert(1.0, "B/s", "req/s").is_err());
    }

    #[test]
    fn opaque_units_compare_only_with_themselves() {
        assert_eq!(convert(7.0, "furlongs", "furlongs").unwrap(), 7.0);
        assert!(convert(7.0, "furlongs", "ms").is_err());
        assert!(convert(7.0, "furlongs", "fathoms").is_err());
        assert_eq!(
            Unit::parse("widgets").dimension,
            Dimension::Opaque("widgets".into())
        );
    }

    #[test]
    fn quantities_parse_numbers_and_units() {
        let q = Quantity::parse("550ms").unwrap();
        assert_eq!(q.value, 550.0);
        assert_eq!(q.unit.unwrap().symbol, "ms");
        assert_eq!(Quantity::parse(" 0.8 ").unwrap().unit, None);
        assert_eq!(Quantity::parse("5%").unwrap().unit.unwrap().factor, 0.01);
        assert_eq!(Quantity::parse("6.8MB").unwrap().value, 6.8);
        assert_eq!(Quantity::parse("1e3 ns").unwrap().value, 1000.0);
        assert_eq!(Quantity::parse("-2s").unwrap().value, -2.0);
        assert!(Quantity::parse("ms").is_err());
        assert!(Quantity::parse("").is_err());
        assert!(Quantity::parse("1.2.3s").is_err());
    }

    #[test]
    fn quantity_without_unit_takes_the_targets() {
        let q = Quantity::parse("1%").unwrap();
        assert_eq!(q.value_in(&Unit::parse("ratio")).unwrap(), 0.01);
        let bare = Quantity::parse("0.7").unwrap();
        assert_eq!(bare.value_in(&Unit::parse("ratio")).unwrap(), 0.7);
        assert!(Quantity::parse("5ms")
            .unwrap()
            .value_in(&Unit::parse("req/s"))
            .is_err());
    }
}
