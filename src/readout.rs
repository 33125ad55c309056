//! Numbers as the page shows them: fixed decimals, and "∞" for an infinite loss.
//!
//! Every readout goes through here, so NaN can never reach the screen unnoticed.

/// Decimal places of a loss readout.
pub const LOSS_DECIMALS: usize = 4;

/// Formats a loss with [`LOSS_DECIMALS`] decimals, or "∞" for `+inf`.
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
    if value.is_nan() {
        "error".to_owned()
    } else if value == f64::INFINITY {
        "∞".to_owned()
    } else {
        format!("{value:.LOSS_DECIMALS$}")
    }
}

/// Formats a prediction `h` as the number fields show it: three decimals, the slider step.
pub fn format_prediction(h: f64) -> String {
    format!("{h:.3}")
}

/// Formats a label `y` as the number fields show it: two decimals, the slider step.
pub fn format_label(y: f64) -> String {
    format!("{y:.2}")
}

/// Parses the text of a number field, as a person may type it.
///
/// Accepts surrounding spaces and a decimal comma. Returns `None` for anything that is not
/// a finite number, including "NaN", "inf" and an empty field.
pub fn parse_number(text: &str) -> Option<f64> {
    let text = text.trim().replace(',', ".");
    let value: f64 = text.parse().ok()?;
    value.is_finite().then_some(value)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn loss_formats() {
        assert_eq!("0.6495", format_loss(0.6494550598779798));
        assert_eq!("0.0000", format_loss(0.0));
        assert_eq!("∞", format_loss(f64::INFINITY));
        assert_eq!("error", format_loss(f64::NAN));
    }

    #[test]
    fn field_formats() {
        assert_eq!("0.900", format_prediction(0.9));
        assert_eq!("0.90", format_label(0.9));
    }

    #[test]
    fn parse_accepts_numbers() {
        assert_eq!(Some(0.25), parse_number("0.25"));
        assert_eq!(Some(0.25), parse_number(" 0,25 "));
        assert_eq!(Some(1.5), parse_number("1.5"));
        assert_eq!(Some(0.5), parse_number(".5"));
    }

    #[test]
    fn parse_rejects_non_numbers() {
        for text in [
            "", "  ", "abc", "NaN", "nan", "inf", "-inf", "1e400", "0.5.5",
        ] {
            assert_eq!(None, parse_number(text), "{text:?}");
        }
    }
}
