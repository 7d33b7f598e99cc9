//! Numbers as the pictures write them: short, as the notes' figures do (`-12`, `0.7311`,
//! `-0.1966`), to four significant digits; integers exactly.

/// `value` in at most four significant digits, trailing zeros dropped.
pub(super) fn short(value: f64) -> String {
    if value.is_nan() {
        return String::from("NaN");
    }
    if value.is_infinite() {
        return String::from(if value > 0.0 { "∞" } else { "-∞" });
    }
    if value == 0.0 {
        return String::from("0");
    }
    if value.fract() == 0.0 && value.abs() < 1e6 {
        return format!("{value:.0}");
    }
    let magnitude = value.abs().log10().floor();
    if !(-3.0..6.0).contains(&magnitude) {
        return trim_exponent(&format!("{value:.3e}"));
    }
    // Four significant digits: 3 - magnitude decimals (at least 0).
    let decimals = (3.0 - magnitude).max(0.0) as usize;
    let text = format!("{value:.decimals$}");
    let text = trim_zeros(&text);
    if text == "-0" {
        String::from("0")
    } else {
        text
    }
}

/// `value` with full precision (Rust's shortest round-trip form), for tooltips.
pub(super) fn full(value: f64) -> String {
    format!("{value}")
}

fn trim_zeros(text: &str) -> String {
    if text.contains('.') {
        text.trim_end_matches('0').trim_end_matches('.').to_owned()
    } else {
        text.to_owned()
    }
}

fn trim_exponent(text: &str) -> String {
    match text.split_once('e') {
        Some((mantissa, exponent)) => format!("{}e{exponent}", trim_zeros(mantissa)),
        None => text.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::short;

    #[test]
    fn numbers_read_like_the_notes() {
        assert_eq!(short(-12.0), "-12");
        assert_eq!(short(3.0), "3");
        assert_eq!(short(0.0), "0");
        assert_eq!(short(-0.0), "0");
        assert_eq!(short(0.7310585786300049), "0.7311");
        assert_eq!(short(-0.19661193324148185), "-0.1966");
        assert_eq!(short(2.0595697955721652), "2.06");
        assert_eq!(short(1.5456448841066441), "1.546");
        assert_eq!(short(1234.5678), "1235");
        assert_eq!(short(0.000123456), "1.235e-4");
        assert_eq!(short(2.5e9), "2.5e9");
        assert_eq!(short(f64::NAN), "NaN");
        assert_eq!(short(-f64::INFINITY), "-∞");
    }
}
