//! Numbers as the page shows them: fixed decimals, and "∞" for an infinite loss.
//!
//! Every readout goes through here, so NaN can never reach the screen unnoticed.

/// Decimal places of a loss readout.
pub const LOSS_DECIMALS: usize = 4;

/// Formats a loss with [`LOSS_DECIMALS`] decimals, "∞" for `+inf` and "−∞" for `-inf` (the
/// minimax generator loss reaches it).
///
/// A NaN loss is a bug upstream, and shows as "error" rather than "NaN".
///
/// ```
/// use bce_explorer::readout::format_loss;
///
/// assert_eq!("0.6931", format_loss(std::f64::consts::LN_2));
/// assert_eq!("∞", format_loss(f64::INFINITY));
/// ```
pub fn format_loss(value: f64) -> String {
    let value = value + 0.0; // -0.0 shows as 0.0000
    if value.is_nan() {
        "error".to_owned()
    } else if value == f64::INFINITY {
        "∞".to_owned()
    } else if value == f64::NEG_INFINITY {
        "−∞".to_owned()
    } else if value < 0.0 {
        // The typographic minus sign, as in the page's formulas.
        format!("−{:.LOSS_DECIMALS$}", -value)
    } else {
        format!("{value:.LOSS_DECIMALS$}")
    }
}

/// Maximum length of a plain decimal below 1e-4 in a field; a longer value is shown in
/// exponent form (`1.23456789e-9`). From 1e-4 up a value is always plain, which reads more
/// easily (`0.123456789012345`) and, near 1, shows how close to 1 it is
/// (`0.999999999742717`).
const MAX_PLAIN_CHARS: usize = 14;

/// Magnitude from which a slope is shown in exponent form, so that the slope at
/// `h = 1e-300`, about 1e300, does not print 300 digits.
const SLOPE_EXPONENT_FROM: f64 = 1e5;

/// Formats a slope, or another value without bound such as a quiz guess's error, like a
/// loss, or with 4 significant digits in exponent form from a magnitude of 1e5
/// (`−1.000e300`).
///
/// ```
/// use bce_explorer::readout::format_slope;
///
/// assert_eq!("−3.3333", format_slope(-3.333333));
/// assert_eq!("−9.990e5", format_slope(-999_000.0));
/// ```
pub fn format_slope(value: f64) -> String {
    if value.is_finite() && value.abs() >= SLOPE_EXPONENT_FROM {
        with_minus_sign(&format!("{value:.3e}"))
    } else {
        format_loss(value)
    }
}

/// Formats a prediction `h` for its field and the table: three decimals, the slider step,
/// unless the value has more digits, which are then all shown (`0.12345`, `1e-9`).
pub fn format_prediction(h: f64) -> String {
    format_probability(h, 3)
}

/// Formats a label `y` for its field and the table: two decimals, the slider step, unless
/// the value has more digits, which are then all shown (`0.905`).
pub fn format_label(y: f64) -> String {
    format_probability(y, 2)
}

/// Formats a branch weight `y` or `1 - y` like a label, after rounding away the float64
/// error of `1 - y` (which makes `1 - 0.9` equal `0.09999999999999998`).
pub fn format_weight(weight: f64) -> String {
    format_label((weight * 1e12).round() / 1e12)
}

/// Rounds a computed probability, such as a prediction after a gradient step, to 6
/// significant digits of its distance to the nearer edge, 0 or 1. Fields then show
/// `0.890633` rather than 15 digits, and a value near an edge (`1e-17`, `1 − 1e-9`) keeps
/// the digits its loss depends on.
///
/// ```
/// use bce_explorer::readout::round_probability;
///
/// assert_eq!(0.123457, round_probability(0.1234567891));
/// assert_eq!(1.23457e-17, round_probability(1.234567e-17));
/// assert_eq!("0.890633", format!("{}", round_probability(0.890633129609043)));
/// assert_eq!("0.00000000000000000469516", format!("{}", round_probability(4.695163e-18)));
/// assert_eq!("0.612346", format!("{}", round_probability(0.6123456789)));
/// ```
pub fn round_probability(p: f64) -> f64 {
    if !(p > 0.0 && p < 1.0) {
        return p;
    }
    // The distance to the nearer edge, written with 6 significant digits, such as
    // "3.87654e-1", and the number of decimals that writes it in plain form (6 here).
    let distance = p.min(1.0 - p);
    let text = format!("{distance:.5e}");
    let exponent: i32 = text
        .split_once('e')
        .and_then(|(_, exponent)| exponent.parse().ok())
        .unwrap_or(0);
    let decimals = usize::try_from(5 - exponent).unwrap_or(0);
    // Reading the decimal text back gives the float64 nearest to it, which prints as that
    // decimal. Near 1 the value is written as 1 minus the rounded distance, with the same
    // decimals, so 0.6123456789 becomes 0.612346 rather than 0.6123460000000001.
    let rounded = if p <= 0.5 {
        text
    } else {
        let near = parse_decimal(&text).unwrap_or(distance);
        format!("{:.decimals$}", 1.0 - near)
    };
    parse_decimal(&rounded).unwrap_or(p)
}

/// Formats `value` with `decimals` decimals when that shows it exactly, and otherwise with
/// every digit it has, so no readout hides a digit the loss depends on.
fn format_probability(value: f64, decimals: usize) -> String {
    let value = value + 0.0; // -0.0 shows as 0
    let fixed = format!("{value:.decimals$}");
    if parse_decimal(&fixed) == Some(value) {
        return fixed;
    }
    // Float noise from arithmetic (0.36000000000000004) is below what any readout or loss
    // shows, so a value within 1e-15 of a 12-decimal number, relative to its distance from
    // the nearer edge, is shown as that number. Near 1 the distance is what the loss uses:
    // 1 - 6.7e-16 must not show as 1.
    let short = format!("{value:.12}");
    let short = short.trim_end_matches('0').trim_end_matches('.');
    if parse_decimal(short)
        .is_some_and(|parsed| (parsed - value).abs() <= 1e-15 * value.min(1.0 - value).abs())
    {
        return short.to_owned();
    }
    let plain = value.to_string();
    if plain.len() <= MAX_PLAIN_CHARS || value >= 1e-4 {
        plain
    } else {
        format!("{value:e}")
    }
}

/// The reason the text of a number field is not a usable number.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParseError {
    /// The field is empty or only spaces.
    Empty,
    /// The text is not a decimal number ("abc", "NaN", "0.5abc").
    NotANumber,
    /// The number is too large for float64 ("1e400").
    TooLarge,
    /// The number is not zero but too small for float64 ("1e-400"), so it would become 0.
    TooSmall,
}

#[cfg(target_arch = "wasm32")]
#[wasm_bindgen::prelude::wasm_bindgen]
extern "C" {
    /// JavaScript's global `Number(text)`: the number the text spells, or NaN.
    #[wasm_bindgen(js_name = Number)]
    fn js_number(text: &str) -> f64;
}

/// Characters of a decimal number in the notation [`parse_decimal`] reads.
fn is_decimal_char(character: char) -> bool {
    character.is_ascii_digit() || matches!(character, '.' | '+' | '-' | 'e' | 'E')
}

/// Replaces the hyphen-minus of Rust's number formatting with the typographic minus sign
/// "−" that the page's formulas use.
pub fn with_minus_sign(text: &str) -> String {
    text.replace('-', "−")
}

/// Converts decimal text such as "-1.5e-3" to the nearest float64, or `None` for text that
/// is not one (including "inf", "NaN" and "0x10").
///
/// In the browser the conversion is JavaScript's `Number`, correctly rounded like Rust's
/// `str::parse`. Rust's parser brings about 11 KB of tables of powers of five into the
/// wasm, and every text that reaches `Number` here is in the notation both read alike.
fn parse_decimal(text: &str) -> Option<f64> {
    if text.is_empty() || !text.chars().all(is_decimal_char) {
        return None;
    }
    #[cfg(target_arch = "wasm32")]
    {
        let value = js_number(text);
        (!value.is_nan()).then_some(value)
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        text.parse().ok()
    }
}

/// Parses the text of a number field, as a person may type it.
///
/// Accepts surrounding spaces and a decimal comma, and returns `+0.0` for "-0". Rejects
/// what is not a finite decimal number, including "NaN", "inf" and an empty field, and a
/// non-zero number that float64 would round to 0.
///
/// ```
/// use bce_explorer::readout::{parse_number, ParseError};
///
/// assert_eq!(Ok(0.25), parse_number(" 0,25 "));
/// assert_eq!(Err(ParseError::NotANumber), parse_number("abc"));
/// ```
pub fn parse_number(text: &str) -> Result<f64, ParseError> {
    let text = text.trim().replace(',', ".");
    if text.is_empty() {
        return Err(ParseError::Empty);
    }
    if !text.bytes().any(|byte| byte.is_ascii_digit()) {
        return Err(ParseError::NotANumber); // "inf", "NaN" and words Rust would accept
    }
    let value = parse_decimal(&text).ok_or(ParseError::NotANumber)?;

    if value.is_infinite() {
        return Err(ParseError::TooLarge);
    }
    let mantissa = text.split(['e', 'E']).next().unwrap_or_default();
    if value == 0.0 && mantissa.bytes().any(|byte| (b'1'..=b'9').contains(&byte)) {
        return Err(ParseError::TooSmall);
    }
    Ok(value + 0.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn loss_formats() {
        assert_eq!("0.6495", format_loss(0.6494550598779798));
        assert_eq!("0.0000", format_loss(0.0));
        assert_eq!("∞", format_loss(f64::INFINITY));
        assert_eq!("−∞", format_loss(f64::NEG_INFINITY));
        assert_eq!("−0.2231", format_loss((0.8f64).ln()));
        assert_eq!("error", format_loss(f64::NAN));
    }

    #[test]
    fn field_formats() {
        assert_eq!("0.900", format_prediction(0.9));
        assert_eq!("0.90", format_label(0.9));
        assert_eq!("0.000", format_prediction(-0.0));
        assert_eq!("1.000", format_prediction(1.0));
    }

    #[test]
    fn field_formats_show_extra_digits() {
        assert_eq!("0.12345", format_prediction(0.12345));
        assert_eq!("0.9999999", format_prediction(0.9999999));
        assert_eq!("0.0004", format_prediction(0.0004));
        assert_eq!("0.000000001", format_prediction(1e-9));
        assert_eq!("1e-300", format_prediction(1e-300));
        assert_eq!("0.999999999742717", format_prediction(0.999999999742717));
        assert_eq!("0.9999999999999993", format_prediction(1.0 - 6.7e-16));
        assert_eq!("0.905", format_label(0.905));
        assert_eq!("0.001", format_label(0.001));
        assert_eq!("0.36", format_prediction(0.2 + 0.2 * 0.8));
    }

    #[test]
    fn weight_formats() {
        assert_eq!("0.10", format_weight(1.0 - 0.9));
        assert_eq!("0.095", format_weight(1.0 - 0.905));
        assert_eq!("1.00", format_weight(1.0));
        assert_eq!("0.00", format_weight(1.0 - 1.0));
    }
}
