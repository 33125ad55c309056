//! Cases of the number parser and of the formats that read their own output back, run
//! natively and, through `cargo xtask test`, in headless Chromium. In the browser the
//! decimal conversion is JavaScript's `Number`, so both runs must agree on every case.

#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

use bce_explorer::readout::{format_prediction, parse_number, round_probability, ParseError};

#[cfg(target_arch = "wasm32")]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

#[test]
fn parses_decimal_notations() {
    let cases = [
        ("0.25", 0.25),
        (" 0,25 ", 0.25),
        ("1.5", 1.5),
        ("0.000", 0.0),
        ("5e-1", 0.5),
        ("1E2", 100.0),
        ("5.", 5.0),
        (".5", 0.5),
        ("+.5e1", 5.0),
        ("1e+2", 100.0),
    ];
    for (text, expected) in cases {
        assert_eq!(Ok(expected), parse_number(text), "{text:?}");
    }
}

#[test]
fn parses_to_nearest_float() {
    let cases = [
        ("0.1000000000000000055511151231257827", 0.1),
        ("0.30000000000000004", 0.30000000000000004),
        ("9007199254740993", 9007199254740992.0), // a tie, rounded to even
        ("2.2250738585072011e-308", 2.225073858507201e-308),
        ("4.9e-324", 5e-324),
    ];
    for (text, expected) in cases {
        assert_eq!(Ok(expected), parse_number(text), "{text:?}");
    }
}

#[test]
fn parses_minus_zero_as_zero() {
    let value = parse_number("-0").unwrap();
    assert_eq!(0.0, value);
    assert!(value.is_sign_positive());
}

#[test]
fn rejects_other_notations() {
    let texts = [
        "abc", "NaN", "nan", "inf", "-inf", "infinity", "0x1", "0x10", "0b1", "1_000", "1.2.3",
        "0.5.5", "0.5abc", "1e", "e5", "--1", "+", "-", ".", "1e5.5", "½",
    ];
    for text in texts {
        assert_eq!(Err(ParseError::NotANumber), parse_number(text), "{text:?}");
    }
    assert_eq!(Err(ParseError::Empty), parse_number(""));
    assert_eq!(Err(ParseError::Empty), parse_number("  "));
    assert_eq!(Err(ParseError::Empty), parse_number("   "));
}

#[test]
fn rejects_numbers_beyond_float64() {
    assert_eq!(Err(ParseError::TooLarge), parse_number("1e400"));
    assert_eq!(Err(ParseError::TooSmall), parse_number("1e-400"));
    let tiny = format!("0.{}1", "0".repeat(400));
    assert_eq!(Err(ParseError::TooSmall), parse_number(&tiny));
}

#[test]
fn formats_read_back_their_digits() {
    assert_eq!("0.36", format_prediction(0.2 + 0.2 * 0.8));
    assert_eq!("0.12345", format_prediction(0.12345));
    assert_eq!("0.9999999999999993", format_prediction(1.0 - 6.7e-16));
    assert_eq!("0.890633", round_probability(0.890633129609043).to_string());
    assert_eq!("0.612346", round_probability(0.6123456789).to_string());
    assert_eq!("0.000123457", round_probability(0.0001234567).to_string());
    // Next to 1 the nearest float64 to 1 − 2.22045e-16 is 1 − 2^-52.
    assert_eq!(1.0 - f64::EPSILON, round_probability(1.0 - 2.220446e-16));
}
