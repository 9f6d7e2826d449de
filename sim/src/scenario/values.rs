//! Self-checking values: small types that validate themselves while serde reads them
//! (a duration with a unit, a non-negative number, a probability, a count of at least 1, a
//! size, a distribution with exactly its own parameters), so that a bad value fails inside
//! the TOML deserializer, which knows where it is. `parse_duration` is public.

use std::fmt;

use serde::de::{self, Deserializer, Visitor};
use serde::Deserialize;

use super::Nanos;
use crate::dist::Dist;

/// A duration string with a unit: `ns us ms s m h` (`"156ms"`, `"1.5s"`, `"30m"`).
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub(super) struct Duration(pub(super) Nanos);

/// Parses a duration string into nanoseconds (rounded to the nearest nanosecond).
pub fn parse_duration(text: &str) -> Result<Nanos, String> {
    let t = text.trim();
    let split = t
        .find(|c: char| c.is_ascii_alphabetic())
        .ok_or_else(|| format!("`{text}` has no unit (use ns, us, ms, s, m or h)"))?;
    let (number, unit) = t.split_at(split);
    let scale = match unit.trim() {
        "ns" => 1.0,
        "us" | "µs" => 1e3,
        "ms" => 1e6,
        "s" => 1e9,
        "m" | "min" => 60e9,
        "h" => 3600e9,
        other => {
            return Err(format!(
                "`{other}` is not a unit of time (ns, us, ms, s, m, h)"
            ))
        }
    };
    let value: f64 = number
        .trim()
        .parse()
        .map_err(|_| format!("`{text}` is not a duration like \"150ms\""))?;
    if !value.is_finite() || value < 0.0 {
        return Err(format!("`{text}`: a duration must not be negative"));
    }
    let ns = libm::round(value * scale);
    if ns > 1e18 {
        return Err(format!("`{text}` is too long"));
    }
    Ok(ns as Nanos)
}

impl<'de> Deserialize<'de> for Duration {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = Duration;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a duration string with a unit, like \"150ms\"")
            }
            fn visit_str<E: de::Error>(self, s: &str) -> Result<Duration, E> {
                parse_duration(s).map(Duration).map_err(E::custom)
            }
        }
        d.deserialize_any(V)
    }
}

/// A number ≥ 0 (integer or float).
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub(super) struct NonNeg(pub(super) f64);

impl<'de> Deserialize<'de> for NonNeg {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = NonNeg;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a non-negative number")
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<NonNeg, E> {
                self.visit_f64(v as f64)
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<NonNeg, E> {
                self.visit_f64(v as f64)
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<NonNeg, E> {
                if v.is_finite() && v >= 0.0 {
                    Ok(NonNeg(v))
                } else {
                    Err(E::custom(format!("must not be negative (got {v})")))
                }
            }
        }
        d.deserialize_any(V)
    }
}

/// A probability in [0, 1].
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub(super) struct Prob(pub(super) f64);

impl<'de> Deserialize<'de> for Prob {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let NonNeg(v) = NonNeg::deserialize(d)?;
        if v > 1.0 {
            return Err(de::Error::custom(format!(
                "must be between 0 and 1 (got {v})"
            )));
        }
        Ok(Prob(v))
    }
}

/// An integer ≥ 1.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct AtLeastOne(pub(super) u32);

impl<'de> Deserialize<'de> for AtLeastOne {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = AtLeastOne;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("an integer of at least 1")
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<AtLeastOne, E> {
                if v < 1 {
                    Err(E::custom(format!("must be at least 1 (got {v})")))
                } else {
                    self.visit_u64(v as u64)
                }
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<AtLeastOne, E> {
                if v < 1 {
                    return Err(E::custom(format!("must be at least 1 (got {v})")));
                }
                u32::try_from(v)
                    .map(AtLeastOne)
                    .map_err(|_| E::custom(format!("{v} is too large")))
            }
        }
        d.deserialize_any(V)
    }
}

/// A size string: `"45MB"`, `"6.8MB"`, `"1GB"`, `"512KiB"`; kept in MB (10^6 bytes).
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct SizeMb(pub(super) f64);

impl<'de> Deserialize<'de> for SizeMb {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        let t = s.trim();
        let split = t
            .find(|c: char| c.is_ascii_alphabetic())
            .ok_or_else(|| de::Error::custom(format!("`{s}` has no unit (use B, KB, MB, GB)")))?;
        let (number, unit) = t.split_at(split);
        let scale = match unit {
            "B" => 1e-6,
            "KB" => 1e-3,
            "MB" => 1.0,
            "GB" => 1e3,
            "KiB" => 1024.0 / 1e6,
            "MiB" => 1_048_576.0 / 1e6,
            "GiB" => 1_073_741_824.0 / 1e6,
            other => {
                return Err(de::Error::custom(format!(
                    "`{other}` is not a unit of size (B, KB, MB, GB, KiB, MiB, GiB)"
                )))
            }
        };
        let v: f64 = number
            .trim()
            .parse()
            .map_err(|_| de::Error::custom(format!("`{s}` is not a size like \"45MB\"")))?;
        if !v.is_finite() || v < 0.0 {
            return Err(de::Error::custom(format!("`{s}`: must not be negative")));
        }
        Ok(SizeMb(v * scale))
    }
}

/// A distribution table: `{ dist = "normal", mean = "156ms", sd = "12ms" }`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawDist {
    dist: String,
    value: Option<Duration>,
    mean: Option<Duration>,
    sd: Option<Duration>,
    sigma: Option<NonNeg>,
    min: Option<Duration>,
    max: Option<Duration>,
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct DistSpec(pub(super) Dist);

impl TryFrom<RawDist> for DistSpec {
    type Error = String;
    fn try_from(r: RawDist) -> Result<DistSpec, String> {
        let given: Vec<&str> = [
            ("value", r.value.is_some()),
            ("mean", r.mean.is_some()),
            ("sd", r.sd.is_some()),
            ("sigma", r.sigma.is_some()),
            ("min", r.min.is_some()),
            ("max", r.max.is_some()),
        ]
        .iter()
        .filter(|(_, g)| *g)
        .map(|(n, _)| *n)
        .collect();
        let needs: &[&str] = match r.dist.as_str() {
            "constant" => &["value"],
            "normal" => &["mean", "sd"],
            "lognormal" => &["mean", "sigma"],
            "exponential" => &["mean"],
            "uniform" => &["min", "max"],
            other => {
                return Err(format!(
                    "unknown distribution `{other}` (constant, normal, lognormal, exponential, \
                     uniform)"
                ))
            }
        };
        for n in needs {
            if !given.contains(n) {
                return Err(format!("a {} distribution needs `{n}`", r.dist));
            }
        }
        if let Some(extra) = given.iter().find(|g| !needs.contains(g)) {
            return Err(format!(
                "a {} distribution takes {}, not `{extra}`",
                r.dist,
                needs
                    .iter()
                    .map(|n| format!("`{n}`"))
                    .collect::<Vec<_>>()
                    .join(" and ")
            ));
        }
        let ns = |d: Option<Duration>| d.map(|d| d.0 as f64).unwrap_or(0.0);
        let dist = match r.dist.as_str() {
            "constant" => Dist::Constant { value: ns(r.value) },
            "normal" => Dist::Normal {
                mean: ns(r.mean),
                sd: ns(r.sd),
            },
            "lognormal" => {
                if ns(r.mean) <= 0.0 {
                    return Err("a lognormal distribution needs a positive mean".into());
                }
                let sigma = r.sigma.map(|s| s.0).unwrap_or(0.0);
                if sigma > 5.0 {
                    return Err(format!("sigma = {sigma} is implausibly large (at most 5)"));
                }
                Dist::lognormal(ns(r.mean), sigma)
            }
            "exponential" => {
                if ns(r.mean) <= 0.0 {
                    return Err("an exponential distribution needs a positive mean".into());
                }
                Dist::Exponential { mean: ns(r.mean) }
            }
            _ => {
                let (min, max) = (ns(r.min), ns(r.max));
                if min > max {
                    return Err(format!(
                        "impossible uniform distribution: min ({}) is above max ({})",
                        fmt_ns(min),
                        fmt_ns(max)
                    ));
                }
                Dist::Uniform { min, max }
            }
        };
        Ok(DistSpec(dist))
    }
}

impl<'de> Deserialize<'de> for DistSpec {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let raw = RawDist::deserialize(d)?;
        DistSpec::try_from(raw).map_err(de::Error::custom)
    }
}

fn fmt_ns(ns: f64) -> String {
    format!("{}ms", ns / 1e6)
}
