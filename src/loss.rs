//! Binary cross-entropy of one prediction against one label.
//!
//! `L(h, y) = -[y ln h + (1 - y) ln(1 - h)]`, split into its two weighted branches so the
//! page can show what each contributes. Inputs are checked, so every result is a number.

use std::fmt;

/// The reason an input to the loss was rejected.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum LossError {
    /// The prediction `h` is NaN or outside [0, 1].
    PredictionOutOfRange {
        /// The rejected prediction.
        value: f64,
    },
    /// The label `y` is NaN or outside [0, 1].
    LabelOutOfRange {
        /// The rejected label.
        value: f64,
    },
    /// The logit `z` is NaN; every other value, infinities included, is a valid logit.
    LogitNaN,
}

impl fmt::Display for LossError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LossError::PredictionOutOfRange { value } => write!(
                f,
                "prediction h = {} is invalid: it must be a number in [0, 1]",
                shown(*value)
            ),
            LossError::LabelOutOfRange { value } => write!(
                f,
                "label y = {} is invalid: it must be a number in [0, 1]",
                shown(*value)
            ),
            LossError::LogitNaN => write!(
                f,
                "logit z = NaN is invalid: it must be a number, and may be infinite"
            ),
        }
    }
}

impl std::error::Error for LossError {}

/// Writes a rejected value for a message: as Rust prints it, but with infinities spelled
/// as JavaScript does, since most messages reach JavaScript callers.
fn shown(value: f64) -> String {
    if value == f64::INFINITY {
        "Infinity".to_owned()
    } else if value == f64::NEG_INFINITY {
        "-Infinity".to_owned()
    } else {
        value.to_string()
    }
}

/// The loss of one sample and the two weighted branches it is the sum of.
///
/// Every field is `+0.0` or greater, and `+inf` where the mathematics gives it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LossTerms {
    /// `y · (-ln h)`: the branch for a real sample, weighted by the label.
    pub real: f64,
    /// `(1 - y) · (-ln(1 - h))`: the branch for a fake sample, weighted by one minus the label.
    pub fake: f64,
    /// `real + fake`: the loss `L(h, y)`.
    pub total: f64,
}

/// Checks that `h` is a probability, as a prediction must be.
///
/// # Errors
///
/// [`LossError::PredictionOutOfRange`] when `h` is NaN or outside [0, 1].
pub fn check_prediction(h: f64) -> Result<f64, LossError> {
    if (0.0..=1.0).contains(&h) {
        Ok(h)
    } else {
        Err(LossError::PredictionOutOfRange { value: h })
    }
}

/// Checks that `y` is a label in [0, 1]; values between 0 and 1 are soft labels.
///
/// # Errors
///
/// [`LossError::LabelOutOfRange`] when `y` is NaN or outside [0, 1].
pub fn check_label(y: f64) -> Result<f64, LossError> {
    if (0.0..=1.0).contains(&y) {
        Ok(y)
    } else {
        Err(LossError::LabelOutOfRange { value: y })
    }
}

/// Returns `-ln h`, the unweighted loss of the branch for `y = 1`: `+inf` at `h = 0`.
///
/// The caller checks `h` first. The result is never `-0.0`.
pub fn real_branch(h: f64) -> f64 {
    positive_zero(-h.ln())
}

/// Returns `-ln(1 - h)`, the unweighted loss of the branch for `y = 0`: `+inf` at `h = 1`.
///
/// Computed as `-ln_1p(-h)`, which stays accurate for `h` near 0 where `1 - h` would round.
/// The caller checks `h` first. The result is never `-0.0`.
pub fn fake_branch(h: f64) -> f64 {
    positive_zero(-(-h).ln_1p())
}

/// Computes `L(h, y)` and its two branches for a prediction `h` and a (possibly soft) label `y`.
///
/// A branch whose weight is exactly 0 contributes exactly 0, even where its logarithm is
/// `-inf`, so `h = 0, y = 0` gives 0 rather than NaN. `h = 0` with `y > 0`, or `h = 1` with
/// `y < 1`, gives `+inf`.
///
/// ```
/// let terms = bce_explorer::loss::loss_terms(0.2, 1.0).unwrap();
/// assert_eq!(terms.total, 1.6094379124341003); // -ln 0.2
/// assert_eq!(terms.fake, 0.0);
/// ```
///
/// # Errors
///
/// A [`LossError`] naming the value when `h` or `y` is NaN or outside [0, 1].
pub fn loss_terms(h: f64, y: f64) -> Result<LossTerms, LossError> {
    let h = check_prediction(h)?;
    let y = check_label(y)?;

    Ok(weighted_terms(y, || real_branch(h), || fake_branch(h)))
}

/// Weights the two unweighted branch losses by `y` and `1 - y` and adds them up.
///
/// Each branch loss is computed only when its weight is not zero, which halves the
/// logarithms for hard labels.
pub(crate) fn weighted_terms(
    y: f64,
    real_branch_loss: impl FnOnce() -> f64,
    fake_branch_loss: impl FnOnce() -> f64,
) -> LossTerms {
    weighted_terms_with(y, 1.0 - y, real_branch_loss, fake_branch_loss)
}

/// Weights the two branch losses by the given weights, `y` and `1 - y` as the caller
/// computed them, and adds them up.
pub(crate) fn weighted_terms_with(
    real_weight: f64,
    fake_weight: f64,
    real_branch_loss: impl FnOnce() -> f64,
    fake_branch_loss: impl FnOnce() -> f64,
) -> LossTerms {
    let real = weighted(real_weight, real_branch_loss);
    let fake = weighted(fake_weight, fake_branch_loss);
    LossTerms {
        real,
        fake,
        total: positive_zero(real + fake),
    }
}

/// Computes the loss `L(h, y)`; see [`loss_terms`] for the rules and errors.
///
/// # Errors
///
/// A [`LossError`] naming the value when `h` or `y` is NaN or outside [0, 1].
pub fn loss(h: f64, y: f64) -> Result<f64, LossError> {
    loss_terms(h, y).map(|terms| terms.total)
}

/// Multiplies a branch loss by its weight, where a zero weight silences even an infinite
/// loss: the limit of `w · ln w` as `w → 0` is 0, and `0 · inf` would be NaN.
pub(crate) fn weighted(weight: f64, branch_loss: impl FnOnce() -> f64) -> f64 {
    if weight == 0.0 {
        0.0
    } else {
        positive_zero(weight * branch_loss())
    }
}

/// Maps `-0.0` to `+0.0` and leaves every other value as it is.
pub(crate) fn positive_zero(value: f64) -> f64 {
    value + 0.0
}

#[cfg(test)]
mod tests {
    use super::*;

    fn assert_close(expected: f64, actual: f64) {
        let tolerance = 1e-12 * expected.abs().max(1e-300);
        assert!(
            (expected - actual).abs() <= tolerance,
            "expected {expected}, got {actual}"
        );
    }

    fn assert_positive_zero(value: f64) {
        assert_eq!(0.0, value);
        assert!(value.is_sign_positive(), "{value} is -0.0");
    }

    #[test]
    fn real_branch_values() {
        assert_close(1.6094379124341003, loss(0.2, 1.0).unwrap());
        assert_close(0.10536051565782628, loss(0.9, 1.0).unwrap());
        assert_positive_zero(loss(1.0, 1.0).unwrap());
    }

    #[test]
    fn fake_branch_values() {
        assert_close(1.6094379124341003, loss(0.8, 0.0).unwrap());
        assert_close(0.2231435513142097, loss(0.2, 0.0).unwrap());
        assert_positive_zero(loss(0.0, 0.0).unwrap());
    }

    #[test]
    fn fake_branch_accurate_near_zero() {
        // 1 - 1e-17 rounds to 1, so ln(1 - h) would give 0; ln_1p keeps the value.
        assert_close(1e-17, fake_branch(1e-17));
    }

    #[test]
    fn soft_label_entropy_floor() {
        assert_close(0.6108643020548934, loss(0.3, 0.3).unwrap());
        assert_close(0.3250829733914482, loss(0.9, 0.9).unwrap());
    }

    #[test]
    fn half_prediction_gives_ln_two() {
        for y in [0.0, 0.1, 0.3, 0.5, 0.9, 1.0] {
            assert_close(std::f64::consts::LN_2, loss(0.5, y).unwrap());
        }
    }

    #[test]
    fn terms_add_up_to_total() {
        let terms = loss_terms(0.3, 0.9).unwrap();
        assert_close(0.9 * -(0.3f64).ln(), terms.real);
        assert_close(0.1 * -(0.7f64).ln(), terms.fake);
        assert_eq!(terms.real + terms.fake, terms.total);
    }

    #[test]
    fn confident_wrong_is_infinite() {
        assert_eq!(f64::INFINITY, loss(0.0, 1.0).unwrap());
        assert_eq!(f64::INFINITY, loss(1.0, 0.0).unwrap());
        assert_eq!(f64::INFINITY, loss(0.0, 0.9).unwrap());
        assert_eq!(f64::INFINITY, loss(1.0, 0.1).unwrap());
    }

    #[test]
    fn zero_weight_branch_is_zero() {
        let terms = loss_terms(0.0, 0.0).unwrap();
        assert_positive_zero(terms.real);
        assert_positive_zero(terms.fake);

        let terms = loss_terms(1.0, 1.0).unwrap();
        assert_positive_zero(terms.real);
        assert_positive_zero(terms.fake);
        assert_positive_zero(terms.total);
    }

    #[test]
    fn rejects_prediction_out_of_range() {
        for h in [
            -0.0001,
            1.0000001192092896,
            2.0,
            f64::INFINITY,
            f64::NEG_INFINITY,
        ] {
            assert_eq!(
                Err(LossError::PredictionOutOfRange { value: h }),
                loss(h, 1.0)
            );
        }
        let message = loss(-0.0001, 0.0).unwrap_err().to_string();
        assert_eq!(
            "prediction h = -0.0001 is invalid: it must be a number in [0, 1]",
            message
        );
    }

    #[test]
    fn rejects_nan_prediction() {
        let error = loss(f64::NAN, 1.0).unwrap_err();
        assert!(matches!(error, LossError::PredictionOutOfRange { value } if value.is_nan()));
        assert_eq!(
            "prediction h = NaN is invalid: it must be a number in [0, 1]",
            error.to_string()
        );
    }

    #[test]
    fn rejects_label_out_of_range() {
        assert_eq!(
            Err(LossError::LabelOutOfRange { value: 2.0 }),
            loss(0.9, 2.0)
        );
        assert_eq!(
            Err(LossError::LabelOutOfRange { value: -0.5 }),
            loss(0.9, -0.5)
        );
        assert_eq!(
            "label y = 2 is invalid: it must be a number in [0, 1]",
            loss(0.9, 2.0).unwrap_err().to_string()
        );
        let error = loss(0.5, f64::NAN).unwrap_err();
        assert!(matches!(error, LossError::LabelOutOfRange { value } if value.is_nan()));
    }

    #[test]
    fn never_negative_zero() {
        for h in [0.0, 1.0] {
            for y in [0.0, 1.0] {
                if let Ok(value) = loss(h, y) {
                    assert!(value.is_sign_positive(), "L({h}, {y}) = {value}");
                }
            }
        }
    }
}
