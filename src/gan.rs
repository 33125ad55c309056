//! The two players of a GAN and their losses on one mini-batch.
//!
//! The discriminator `D` scores real images `x` (label 1, prediction `D(x)`) and generated
//! images `G(z)` (label 0, prediction `D(G(z))`), and is trained on the binary
//! cross-entropy of the whole batch. The generator `G` is trained to make `D(G(z))` large,
//! with one of two losses over the generated images:
//!
//! - minimax, from the original GAN formulation: the mean of `ln(1 - D(G(z)))`, which the
//!   generator minimises. Its slope in `D(G(z))` is `-1 / (1 - D(G(z)))`, about -1 where the
//!   discriminator is confident (`D(G(z))` near 0), so early training stalls;
//! - non-saturating, used in practice: the mean of `-ln D(G(z))`, with slope `-1 / D(G(z))`,
//!   which is steep exactly there.
//!
//! ```
//! use bce_explorer::gan::{generator_loss, GeneratorLoss};
//!
//! let generated = [0.01, 0.1];
//! let non_saturating = generator_loss(&generated, GeneratorLoss::NonSaturating).unwrap();
//! assert!((non_saturating - (4.605170185988091 + 2.302585092994046) / 2.0).abs() < 1e-12);
//! ```

use std::fmt;
use std::str::FromStr;

use crate::convention::UnknownName;
use crate::loss::{check_prediction, positive_zero, LossError};

/// The generator's loss function.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum GeneratorLoss {
    /// The mean of `-ln D(G(z))`.
    #[default]
    NonSaturating,
    /// The mean of `ln(1 - D(G(z)))`.
    Minimax,
}

impl GeneratorLoss {
    /// Returns the name used in attributes and the page: "non-saturating" or "minimax".
    pub fn name(self) -> &'static str {
        match self {
            GeneratorLoss::NonSaturating => "non-saturating",
            GeneratorLoss::Minimax => "minimax",
        }
    }
}

impl fmt::Display for GeneratorLoss {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for GeneratorLoss {
    type Err = UnknownName;

    fn from_str(name: &str) -> Result<Self, Self::Err> {
        match name.to_ascii_lowercase().as_str() {
            "non-saturating" | "nonsaturating" => Ok(GeneratorLoss::NonSaturating),
            "minimax" => Ok(GeneratorLoss::Minimax),
            _ => Err(UnknownName {
                kind: "generator loss",
                name: name.to_owned(),
                expected: "non-saturating, minimax",
            }),
        }
    }
}

/// Computes one generated image's contribution to the generator's loss, from the
/// discriminator's score `d = D(G(z))`: `-ln d` or `ln(1 - d)`.
///
/// # Errors
///
/// [`LossError::PredictionOutOfRange`] when `d` is NaN or outside [0, 1].
pub fn generator_term(d: f64, form: GeneratorLoss) -> Result<f64, LossError> {
    let d = check_prediction(d)?;
    Ok(positive_zero(match form {
        GeneratorLoss::NonSaturating => -d.ln(),
        GeneratorLoss::Minimax => (-d).ln_1p(),
    }))
}

/// Computes the generator's loss: the mean of [`generator_term`] over the discriminator's
/// scores of the generated images. An empty list gives 0: there is nothing to fool.
///
/// # Errors
///
/// [`LossError::PredictionOutOfRange`] for the first score that is NaN or outside [0, 1].
pub fn generator_loss(scores: &[f64], form: GeneratorLoss) -> Result<f64, LossError> {
    if scores.is_empty() {
        return Ok(0.0);
    }
    let mut sum = 0.0;
    for &d in scores {
        sum += generator_term(d, form)?;
    }
    Ok(positive_zero(sum / scores.len() as f64))
}

/// Computes the slope of [`generator_term`] in `d = D(G(z))`: `-1 / d` (non-saturating) or
/// `-1 / (1 - d)` (minimax). Both are negative, so raising `D(G(z))` lowers the loss; the
/// magnitude is how hard the generator is pushed.
///
/// # Errors
///
/// [`LossError::PredictionOutOfRange`] when `d` is NaN or outside [0, 1].
pub fn generator_slope(d: f64, form: GeneratorLoss) -> Result<f64, LossError> {
    let d = check_prediction(d)?;
    Ok(match form {
        GeneratorLoss::NonSaturating => -1.0 / d,
        GeneratorLoss::Minimax => -1.0 / (1.0 - d),
    })
}

/// Moves a generated image's score a fraction `rate` of the way towards 1, as a generator
/// that improves makes the discriminator rate its images as more real. The result is
/// rounded to 0.001, the prediction slider's step, so the page shows 0.360 rather than
/// 0.36000000000000004.
///
/// # Errors
///
/// [`LossError::PredictionOutOfRange`] when `d` is NaN or outside [0, 1]. `rate` is clamped
/// into [0, 1].
pub fn improve(d: f64, rate: f64) -> Result<f64, LossError> {
    let d = check_prediction(d)?;
    let rate = if rate.is_nan() {
        0.0
    } else {
        rate.clamp(0.0, 1.0)
    };
    let moved = d + rate * (1.0 - d);
    Ok((moved * PREDICTION_STEPS).round() / PREDICTION_STEPS)
}

/// Steps of the prediction slider per unit: its step is 0.001.
const PREDICTION_STEPS: f64 = 1000.0;

#[cfg(test)]
mod tests {
    use super::*;

    fn assert_close(expected: f64, actual: f64) {
        assert!(
            (expected - actual).abs() <= 1e-12 * expected.abs().max(1.0),
            "expected {expected}, got {actual}"
        );
    }

    #[test]
    fn generator_terms() {
        assert_close(
            -(0.2f64).ln(),
            generator_term(0.2, GeneratorLoss::NonSaturating).unwrap(),
        );
        assert_close(
            (0.8f64).ln(),
            generator_term(0.2, GeneratorLoss::Minimax).unwrap(),
        );
        assert_eq!(
            f64::INFINITY,
            generator_term(0.0, GeneratorLoss::NonSaturating).unwrap()
        );
        assert_eq!(
            f64::NEG_INFINITY,
            generator_term(1.0, GeneratorLoss::Minimax).unwrap()
        );
    }

    #[test]
    fn generator_loss_is_mean() {
        let scores = [0.2, 0.7];
        let expected = (-(0.2f64).ln() - (0.7f64).ln()) / 2.0;
        assert_close(
            expected,
            generator_loss(&scores, GeneratorLoss::NonSaturating).unwrap(),
        );
        let expected = ((0.8f64).ln() + (0.3f64).ln()) / 2.0;
        assert_close(
            expected,
            generator_loss(&scores, GeneratorLoss::Minimax).unwrap(),
        );
        assert_eq!(0.0, generator_loss(&[], GeneratorLoss::Minimax).unwrap());
    }

    #[test]
    fn minimax_stalls_where_discriminator_confident() {
        let d = 0.01;
        let minimax = generator_slope(d, GeneratorLoss::Minimax).unwrap();
        let non_saturating = generator_slope(d, GeneratorLoss::NonSaturating).unwrap();
        assert_close(-1.0 / 0.99, minimax);
        assert_close(-100.0, non_saturating);
        assert!(non_saturating.abs() > 50.0 * minimax.abs());
    }

    #[test]
    fn improve_moves_towards_one() {
        assert_close(0.6, improve(0.2, 0.5).unwrap());
        assert_eq!(0.36, improve(0.2, 0.2).unwrap());
        assert_eq!(0.59, improve(0.488, 0.2).unwrap());
        assert_eq!(1.0, improve(0.3, 1.0).unwrap());
        assert_eq!(0.3, improve(0.3, -2.0).unwrap());
        assert!(improve(1.5, 0.1).is_err());
    }

    #[test]
    fn names_round_trip() {
        for form in [GeneratorLoss::NonSaturating, GeneratorLoss::Minimax] {
            assert_eq!(Ok(form), form.name().parse());
        }
        assert!("wasserstein".parse::<GeneratorLoss>().is_err());
    }

    #[test]
    fn rejects_invalid_scores() {
        assert_eq!(
            Err(LossError::PredictionOutOfRange { value: 1.5 }),
            generator_loss(&[0.5, 1.5], GeneratorLoss::NonSaturating)
        );
        assert!(generator_slope(f64::NAN, GeneratorLoss::Minimax).is_err());
    }
}
