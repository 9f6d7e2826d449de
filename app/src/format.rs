//! Numbers for people: a few significant digits, no exponent for everyday magnitudes.

/// Formats `x` with four significant digits (`487.1`, `0.9600`, `12 340`), trimming
/// noise such as `2340.000`.
pub fn number(x: f64) -> String {
    if !x.is_finite() {
        return "–".to_string();
    }
    if x == 0.0 {
        return "0".to_string();
    }
    let magnitude = x.abs().log10().floor() as i32;
    if !(-4..9).contains(&magnitude) {
        return format!("{x:.3e}");
    }
    let decimals = (3 - magnitude).max(0) as usize;
    let text = format!("{x:.decimals$}");
    if text.contains('.') {
        text.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        text
    }
}

/// An optional number, with a dash for "absent".
pub fn maybe(x: Option<f64>) -> String {
    x.map(number).unwrap_or_else(|| "–".to_string())
}

/// A p-value as people read them: three decimals, or scientific notation below 0.001; a dash
/// for "no test".
pub fn p_value(p: Option<f64>) -> String {
    match p {
        Some(p) if p < 0.001 => format!("{p:.1e}"),
        Some(p) => format!("{p:.3}"),
        None => "–".to_string(),
    }
}
