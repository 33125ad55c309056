//! Reductions of per-sample losses to one number: the mean and the sum, with optional
//! per-sample weights.
//!
//! Weights follow PyTorch's `weight` argument of `torch.nn.BCELoss`: each sample's loss is
//! multiplied by its weight, and the weighted mean divides the weighted sum by the number of
//! samples `m`, not by the sum of the weights. So weights of 2 double the mean.
//!
//! ```
//! use bce_explorer::convention::{Convention, Precision};
//! use bce_explorer::reduction::{batch_loss, WeightedSample};
//!
//! let samples = [WeightedSample::new(0.9, 1.0), WeightedSample::new(0.2, 0.0)];
//! let result = batch_loss(&samples, Convention::Exact, Precision::Float64).unwrap();
//! assert_eq!(2, result.losses.len());
//! assert!((result.mean - (result.sum / 2.0)).abs() < 1e-15);
//! ```

use std::fmt;

use crate::convention::{loss_with, Convention, Precision};
use crate::loss::{positive_zero, LossError};

/// One sample of a batch with its weight.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct WeightedSample {
    /// Prediction `h` in [0, 1].
    pub h: f64,
    /// Label `y` in [0, 1].
    pub y: f64,
    /// Factor on this sample's loss: finite and not negative. 1 when not given.
    pub weight: f64,
}

impl WeightedSample {
    /// Creates a sample with weight 1.
    pub fn new(h: f64, y: f64) -> Self {
        WeightedSample { h, y, weight: 1.0 }
    }
}

/// The reduced loss of a batch.
#[derive(Debug, Clone, PartialEq)]
pub struct BatchLoss {
    /// `(1/m) Σ w_i L_i`; `+inf` when a sample with non-zero weight has an infinite loss.
    pub mean: f64,
    /// `Σ w_i L_i`.
    pub sum: f64,
    /// Each sample's unweighted loss `L_i`, in order.
    pub losses: Vec<f64>,
}

/// The reason a batch was rejected.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum BatchLossError {
    /// The batch has no samples, so its mean is undefined.
    Empty,
    /// The prediction and label lists differ in length.
    LengthMismatch {
        /// Number of predictions.
        predictions: usize,
        /// Number of labels.
        labels: usize,
    },
    /// The weight list differs in length from the samples.
    WeightLengthMismatch {
        /// Number of weights.
        weights: usize,
        /// Number of samples.
        samples: usize,
    },
    /// A sample's prediction or label is invalid.
    InvalidSample {
        /// Zero-based position of the sample.
        index: usize,
        /// What is wrong with it.
        error: LossError,
    },
    /// A weight is negative, infinite or NaN.
    InvalidWeight {
        /// Zero-based position of the sample.
        index: usize,
        /// The rejected weight.
        value: f64,
    },
}

impl fmt::Display for BatchLossError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            BatchLossError::Empty => write!(f, "the batch is empty: it needs at least one sample"),
            BatchLossError::LengthMismatch {
                predictions,
                labels,
            } => write!(
                f,
                "the batch has {predictions} predictions but {labels} labels: they must match"
            ),
            BatchLossError::WeightLengthMismatch { weights, samples } => write!(
                f,
                "the batch has {weights} weights for {samples} samples: they must match"
            ),
            BatchLossError::InvalidSample { index, error } => write!(f, "sample {index}: {error}"),
            BatchLossError::InvalidWeight { index, value } => write!(
                f,
                "sample {index}: weight {value} is invalid: it must be finite and not negative"
            ),
        }
    }
}

impl std::error::Error for BatchLossError {}

/// Computes every sample's loss, and their weighted sum and mean.
///
/// # Errors
///
/// [`BatchLossError::Empty`] for no samples, and the first invalid sample or weight by its
/// index.
pub fn batch_loss(
    samples: &[WeightedSample],
    convention: Convention,
    precision: Precision,
) -> Result<BatchLoss, BatchLossError> {
    let mut losses = vec![0.0; samples.len()];
    let sum = reduce(
        samples.len(),
        |index| samples[index],
        convention,
        precision,
        &mut losses,
    )?;
    Ok(BatchLoss {
        mean: mean_of(sum, samples.len()),
        sum,
        losses,
    })
}

/// Computes the weighted sum and mean from parallel lists, writing each sample's loss into
/// `losses`, which must be as long as `predictions`.
///
/// This is the path for large batches: it allocates nothing.
///
/// # Errors
///
/// [`BatchLossError::LengthMismatch`] or [`BatchLossError::WeightLengthMismatch`] when the
/// lists differ in length, and otherwise as [`batch_loss`].
pub fn batch_loss_into(
    predictions: &[f64],
    labels: &[f64],
    weights: Option<&[f64]>,
    convention: Convention,
    precision: Precision,
    losses: &mut [f64],
) -> Result<(f64, f64), BatchLossError> {
    let count = predictions.len();
    if labels.len() != count {
        return Err(BatchLossError::LengthMismatch {
            predictions: count,
            labels: labels.len(),
        });
    }
    if let Some(weights) = weights {
        if weights.len() != count {
            return Err(BatchLossError::WeightLengthMismatch {
                weights: weights.len(),
                samples: count,
            });
        }
    }
    assert_eq!(
        count,
        losses.len(),
        "the losses buffer must match the batch"
    );

    let sample = |index: usize| WeightedSample {
        h: predictions[index],
        y: labels[index],
        weight: weights.map_or(1.0, |weights| weights[index]),
    };
    let sum = reduce(count, sample, convention, precision, losses)?;
    Ok((mean_of(sum, count), sum))
}

/// Sums `w_i L_i` over `count` samples with Neumaier's compensated summation, so a large
/// batch's sum keeps the accuracy of its terms.
fn reduce(
    count: usize,
    sample: impl Fn(usize) -> WeightedSample,
    convention: Convention,
    precision: Precision,
    losses: &mut [f64],
) -> Result<f64, BatchLossError> {
    if count == 0 {
        return Err(BatchLossError::Empty);
    }

    let mut sum = 0.0;
    let mut compensation = 0.0;
    for (index, slot) in losses.iter_mut().enumerate().take(count) {
        let WeightedSample { h, y, weight } = sample(index);
        if !(weight.is_finite() && weight >= 0.0) {
            return Err(BatchLossError::InvalidWeight {
                index,
                value: weight,
            });
        }
        let loss = loss_with(h, y, convention, precision)
            .map_err(|error| BatchLossError::InvalidSample { index, error })?;
        *slot = loss;

        // A zero weight silences even an infinite loss, as a zero label weight does.
        let term = if weight == 0.0 { 0.0 } else { weight * loss };
        let total = sum + term;
        if total.is_finite() {
            compensation += if sum.abs() >= term.abs() {
                (sum - total) + term
            } else {
                (term - total) + sum
            };
        }
        sum = total;
    }
    Ok(positive_zero(if sum.is_finite() {
        sum + compensation
    } else {
        sum
    }))
}

fn mean_of(sum: f64, count: usize) -> f64 {
    sum / count as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    fn exact(samples: &[WeightedSample]) -> Result<BatchLoss, BatchLossError> {
        batch_loss(samples, Convention::Exact, Precision::Float64)
    }

    #[test]
    fn default_batch_mean() {
        let samples: Vec<_> = [(0.9, 1.0), (0.6, 1.0), (0.3, 1.0), (0.2, 0.0), (0.7, 0.0)]
            .into_iter()
            .map(|(h, y)| WeightedSample::new(h, y))
            .collect();
        let result = exact(&samples).unwrap();
        assert!((result.mean - 0.6494550598779798).abs() < 1e-15);
        assert!((result.sum - 5.0 * 0.6494550598779798).abs() < 1e-14);
    }

    #[test]
    fn weighted_mean_divides_by_count() {
        let mut samples = [WeightedSample::new(0.5, 1.0), WeightedSample::new(0.5, 0.0)];
        samples[0].weight = 2.0;
        samples[1].weight = 0.0;
        let result = exact(&samples).unwrap();
        let ln2 = std::f64::consts::LN_2;
        assert!((result.sum - 2.0 * ln2).abs() < 1e-15);
        assert!((result.mean - ln2).abs() < 1e-15);
        assert_eq!(vec![ln2, ln2], result.losses);
    }

    #[test]
    fn zero_weight_silences_infinite_loss() {
        let mut samples = [WeightedSample::new(0.0, 1.0), WeightedSample::new(0.5, 1.0)];
        samples[0].weight = 0.0;
        let result = exact(&samples).unwrap();
        assert_eq!(f64::INFINITY, result.losses[0]);
        assert!(result.mean.is_finite());
    }

    #[test]
    fn rejects_empty_batch() {
        assert_eq!(Err(BatchLossError::Empty), exact(&[]));
        assert_eq!(
            "the batch is empty: it needs at least one sample",
            BatchLossError::Empty.to_string()
        );
    }

    #[test]
    fn rejects_mismatched_lengths() {
        let mut losses = [0.0; 2];
        let result = batch_loss_into(
            &[0.5, 0.5],
            &[1.0],
            None,
            Convention::Exact,
            Precision::Float64,
            &mut losses,
        );
        let error = result.unwrap_err();
        assert_eq!(
            BatchLossError::LengthMismatch {
                predictions: 2,
                labels: 1
            },
            error
        );
        assert_eq!(
            "the batch has 2 predictions but 1 labels: they must match",
            error.to_string()
        );

        let result = batch_loss_into(
            &[0.5, 0.5],
            &[1.0, 0.0],
            Some(&[1.0]),
            Convention::Exact,
            Precision::Float64,
            &mut losses,
        );
        assert_eq!(
            Err(BatchLossError::WeightLengthMismatch {
                weights: 1,
                samples: 2
            }),
            result
        );
    }

    #[test]
    fn rejects_bad_weights() {
        for weight in [-1.0, f64::INFINITY, f64::NAN] {
            let mut samples = [WeightedSample::new(0.5, 1.0), WeightedSample::new(0.5, 1.0)];
            samples[1].weight = weight;
            let error = exact(&samples).unwrap_err();
            assert!(
                matches!(error, BatchLossError::InvalidWeight { index: 1, .. }),
                "{error}"
            );
        }
        let mut samples = [WeightedSample::new(0.5, 1.0)];
        samples[0].weight = -1.0;
        assert_eq!(
            "sample 0: weight -1 is invalid: it must be finite and not negative",
            exact(&samples).unwrap_err().to_string()
        );
    }

    #[test]
    fn rejects_bad_sample_by_index() {
        let samples = [WeightedSample::new(0.5, 1.0), WeightedSample::new(1.5, 1.0)];
        let error = exact(&samples).unwrap_err();
        assert_eq!(
            BatchLossError::InvalidSample {
                index: 1,
                error: LossError::PredictionOutOfRange { value: 1.5 }
            },
            error
        );
        assert_eq!(
            "sample 1: prediction h = 1.5 is invalid: it must be a number in [0, 1]",
            error.to_string()
        );
    }
}
