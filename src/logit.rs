//! The loss written in terms of the logit `z`, where `h = sigmoid(z)`.
//!
//! `L(z, y) = max(z, 0) - z·y + ln(1 + e^-|z|)` never forms `h`, so it stays exact where
//! `sigmoid(z)` rounds to 0 or 1. This is why frameworks offer a from-logits loss
//! (`BCEWithLogitsLoss`, `from_logits=True`).
//!
//! ```
//! use bce_explorer::logit::loss_from_logit;
//!
//! // sigmoid(20) rounds to 1 in float32, which would make L infinite; the logit form is exact.
//! assert_eq!(20.000000002061153, loss_from_logit(20.0, 0.0).unwrap());
//! ```

use crate::convention::Precision;
use crate::loss::{check_label, positive_zero, LossError};

/// Returns `sigmoid(z) = 1 / (1 + e^-z)`, computed without overflow for every `z`.
///
/// `sigmoid(+inf) = 1` and `sigmoid(-inf) = 0`. In [`Precision::Float32`] the computation is
/// done in float32, where `sigmoid(20)` is exactly 1.
pub fn sigmoid(z: f64, precision: Precision) -> f64 {
    match precision {
        Precision::Float64 => {
            if z >= 0.0 {
                1.0 / (1.0 + (-z).exp())
            } else {
                let e = z.exp();
                e / (1.0 + e)
            }
        }
        Precision::Float32 => {
            let z = z as f32;
            let h = if z >= 0.0 {
                1.0 / (1.0 + (-z).exp())
            } else {
                let e = z.exp();
                e / (1.0 + e)
            };
            f64::from(h)
        }
    }
}

/// Returns the logit `z = ln(h / (1 - h))` of a probability: `-inf` at 0 and `+inf` at 1.
///
/// # Errors
///
/// [`LossError::PredictionOutOfRange`] when `h` is NaN or outside [0, 1].
pub fn logit(h: f64) -> Result<f64, LossError> {
    let h = crate::loss::check_prediction(h)?;
    Ok(h.ln() - (-h).ln_1p())
}

/// Computes `L(z, y)`, the loss of the prediction `sigmoid(z)` against `y`, for every `z`.
///
/// Uses `z·(1 - y) + ln_1p(e^-z)` for `z ≥ 0` and `-z·y + ln_1p(e^z)` for `z < 0`, which is
/// `max(z, 0) - z·y + ln(1 + e^-|z|)` with no term above `|z|`, so it is finite up to
/// `|z| = f64::MAX`. Infinite logits are exact: `z = +inf` gives 0 for `y = 1` and `+inf`
/// otherwise, `z = -inf` gives 0 for `y = 0` and `+inf` otherwise.
///
/// # Errors
///
/// [`LossError::LogitNaN`] for a NaN logit, [`LossError::LabelOutOfRange`] when `y` is NaN
/// or outside [0, 1].
pub fn loss_from_logit(z: f64, y: f64) -> Result<f64, LossError> {
    if z.is_nan() {
        return Err(LossError::LogitNaN);
    }
    let y = check_label(y)?;

    let (weight, magnitude) = if z >= 0.0 { (1.0 - y, z) } else { (y, -z) };
    // weight · |z| with a zero weight is 0 even for an infinite z, because 0 · inf is NaN.
    let linear = if weight == 0.0 {
        0.0
    } else {
        weight * magnitude
    };
    Ok(positive_zero(linear + (-magnitude).exp().ln_1p()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sigmoid_values() {
        assert_eq!(0.5, sigmoid(0.0, Precision::Float64));
        assert_eq!(1.0, sigmoid(f64::INFINITY, Precision::Float64));
        assert_eq!(0.0, sigmoid(f64::NEG_INFINITY, Precision::Float64));
        assert_eq!(0.0, sigmoid(-1000.0, Precision::Float64));
        assert!(sigmoid(20.0, Precision::Float64) < 1.0);
        assert_eq!(1.0, sigmoid(20.0, Precision::Float32));
    }

    #[test]
    fn logit_inverts_sigmoid() {
        for z in [-30.0, -2.5, 0.0, 0.7, 12.0] {
            let h = sigmoid(z, Precision::Float64);
            let back = logit(h).unwrap();
            assert!(
                (back - z).abs() <= 1e-9 * z.abs().max(1.0),
                "z = {z}, back = {back}"
            );
        }
        assert_eq!(f64::INFINITY, logit(1.0).unwrap());
        assert_eq!(f64::NEG_INFINITY, logit(0.0).unwrap());
        assert!(logit(1.5).is_err());
    }

    #[test]
    fn huge_logits_finite() {
        assert_eq!(f64::MAX, loss_from_logit(f64::MAX, 0.0).unwrap());
        assert_eq!(f64::MAX, loss_from_logit(-f64::MAX, 1.0).unwrap());
        assert_eq!(f64::MAX / 2.0, loss_from_logit(f64::MAX, 0.5).unwrap());
        assert_eq!(0.0, loss_from_logit(f64::MAX, 1.0).unwrap());
    }

    #[test]
    fn rejects_nan_logit() {
        assert_eq!(Err(LossError::LogitNaN), loss_from_logit(f64::NAN, 1.0));
        assert_eq!(
            Err(LossError::LabelOutOfRange { value: 2.0 }),
            loss_from_logit(1.0, 2.0)
        );
    }
}
