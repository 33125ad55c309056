//! The floor a soft label puts under the loss: `L(h, y) = H(y) + KL(y ‖ h)`.
//!
//! The entropy `H(y)` is the smallest loss any prediction can reach for the label `y`,
//! reached at `h = y`. The Kullback-Leibler divergence `KL(y ‖ h) ≥ 0` is the part training
//! can remove. For a hard label `H(y) = 0`, so the loss is all divergence.

use crate::loss::{check_label, check_prediction, loss, positive_zero, weighted, LossError};

/// The loss split into the label's entropy and the divergence of the prediction from it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct EntropySplit {
    /// `H(y) = -[y ln y + (1 - y) ln(1 - y)]`: the lowest loss possible for this label.
    pub entropy: f64,
    /// `KL(y ‖ h) = y ln(y / h) + (1 - y) ln((1 - y) / (1 - h))`: the rest of the loss.
    pub divergence: f64,
}

/// Computes the binary entropy `H(y)` in nats: 0 for a hard label, `ln 2` at `y = 0.5`.
///
/// # Errors
///
/// [`LossError::LabelOutOfRange`] when `y` is NaN or outside [0, 1].
pub fn entropy(y: f64) -> Result<f64, LossError> {
    let y = check_label(y)?;
    loss(y, y)
}

/// Computes the Kullback-Leibler divergence `KL(y ‖ h)` in nats.
///
/// Each term is computed as a difference of logarithms and the result is clamped at 0,
/// because rounding can leave it a few ulps below 0 near `h = y`, where it is 0 exactly in
/// exact arithmetic. A term whose weight is 0 contributes 0; `+inf` where `h` sits on an
/// edge that a weighted term needs.
///
/// # Errors
///
/// A [`LossError`] naming the value when `h` or `y` is NaN or outside [0, 1].
pub fn kl_divergence(y: f64, h: f64) -> Result<f64, LossError> {
    let y = check_label(y)?;
    let h = check_prediction(h)?;

    let real = weighted(y, || y.ln() - h.ln());
    let fake = weighted(1.0 - y, || (-y).ln_1p() - (-h).ln_1p());
    Ok(positive_zero((real + fake).max(0.0)))
}

/// Splits `L(h, y)` into `H(y) + KL(y ‖ h)`.
///
/// ```
/// use bce_explorer::entropy::split;
///
/// let parts = split(0.6, 0.9).unwrap();
/// let total = bce_explorer::loss::loss(0.6, 0.9).unwrap();
/// assert!((parts.entropy + parts.divergence - total).abs() < 1e-12);
/// ```
///
/// # Errors
///
/// A [`LossError`] naming the value when `h` or `y` is NaN or outside [0, 1].
pub fn split(h: f64, y: f64) -> Result<EntropySplit, LossError> {
    Ok(EntropySplit {
        divergence: kl_divergence(y, h)?,
        entropy: entropy(y)?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entropy_values() {
        assert_eq!(0.0, entropy(0.0).unwrap());
        assert_eq!(0.0, entropy(1.0).unwrap());
        assert!((entropy(0.5).unwrap() - std::f64::consts::LN_2).abs() < 1e-15);
        assert!((entropy(0.3).unwrap() - 0.6108643020548934).abs() < 1e-15);
    }

    #[test]
    fn divergence_zero_at_label() {
        for y in [0.0, 0.1, 0.5, 0.9, 1.0] {
            let value = kl_divergence(y, y).unwrap();
            assert_eq!(0.0, value, "y = {y}");
            assert!(value.is_sign_positive());
        }
    }

    #[test]
    fn divergence_infinite_at_wrong_edge() {
        assert_eq!(f64::INFINITY, kl_divergence(0.9, 0.0).unwrap());
        assert_eq!(f64::INFINITY, kl_divergence(0.1, 1.0).unwrap());
        assert_eq!(0.0, kl_divergence(0.0, 0.0).unwrap());
    }

    #[test]
    fn hard_label_loss_is_divergence() {
        let parts = split(0.3, 1.0).unwrap();
        assert_eq!(0.0, parts.entropy);
        assert!((parts.divergence - -(0.3f64).ln()).abs() < 1e-15);
    }

    #[test]
    fn split_rejects_invalid() {
        assert_eq!(
            Err(LossError::PredictionOutOfRange { value: 2.0 }),
            split(2.0, 0.5)
        );
        assert_eq!(
            Err(LossError::LabelOutOfRange { value: -1.0 }),
            entropy(-1.0)
        );
    }
}
