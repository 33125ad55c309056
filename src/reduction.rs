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
        /// The reason it is invalid.
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
    let record = |index: usize, loss: f64| losses[index] = loss;
    let sum = reduce(
        samples.len(),
        |index| samples[index],
        convention,
        precision,
        record,
    )?;
    Ok(BatchLoss {
        mean: mean_of(sum, samples.len()),
        sum,
        losses,
    })
}

/// Computes the weighted mean and sum of a large batch given as parallel lists, without
/// keeping per-sample losses.
///
/// Returns `(mean, sum)`. For the exact convention in float64 without weights, samples take
/// a faster path when their labels repeat, as hard labels and label smoothing do. The
/// losses of all samples with label `y` add up to
/// `y · (-ln Π h_i) + (1 - y) · (-ln Π (1 - h_i))`, so their predictions are multiplied
/// together and two logarithms are taken at the end. Predictions within 1/128 of 0 or 1,
/// and soft labels beyond the eighth distinct value, are summed one by one. The products'
/// rounding adds at most about `n · 2^-53` to the log of a product of `n` factors, so the sum
/// matches the sample-by-sample sum to about 1e-15 relative. A property test checks 1e-12.
///
/// # Errors
///
/// [`BatchLossError::LengthMismatch`] or [`BatchLossError::WeightLengthMismatch`] when the
/// lists differ in length, and otherwise as [`batch_loss`].
pub fn batch_summary(
    predictions: &[f64],
    labels: &[f64],
    weights: Option<&[f64]>,
    convention: Convention,
    precision: Precision,
) -> Result<(f64, f64), BatchLossError> {
    check_lengths(predictions, labels, weights)?;
    if predictions.is_empty() {
        return Err(BatchLossError::Empty);
    }

    let sum = if convention == Convention::Exact
        && precision == Precision::Float64
        && weights.is_none()
    {
        product_sum(predictions, labels)?
    } else {
        let sample = |index: usize| WeightedSample {
            h: predictions[index],
            y: labels[index],
            weight: weights.map_or(1.0, |weights| weights[index]),
        };
        reduce(predictions.len(), sample, convention, precision, |_, _| {})?
    };
    Ok((mean_of(sum, predictions.len()), sum))
}

/// Computes each sample's loss from parallel lists of predictions and labels.
///
/// # Errors
///
/// [`BatchLossError::LengthMismatch`] when the lists differ in length, and otherwise as
/// [`batch_loss`].
pub fn sample_losses(
    predictions: &[f64],
    labels: &[f64],
    convention: Convention,
    precision: Precision,
) -> Result<Vec<f64>, BatchLossError> {
    check_lengths(predictions, labels, None)?;
    let mut losses = vec![0.0; predictions.len()];
    let sample = |index: usize| WeightedSample::new(predictions[index], labels[index]);
    reduce(
        predictions.len(),
        sample,
        convention,
        precision,
        |index, loss| {
            losses[index] = loss;
        },
    )?;
    Ok(losses)
}

fn check_lengths(
    predictions: &[f64],
    labels: &[f64],
    weights: Option<&[f64]>,
) -> Result<(), BatchLossError> {
    if labels.len() != predictions.len() {
        return Err(BatchLossError::LengthMismatch {
            predictions: predictions.len(),
            labels: labels.len(),
        });
    }
    match weights {
        Some(weights) if weights.len() != predictions.len() => {
            Err(BatchLossError::WeightLengthMismatch {
                weights: weights.len(),
                samples: predictions.len(),
            })
        }
        _ => Ok(()),
    }
}

/// Distance from 0 and from 1 within which a prediction's loss is summed on its own: there
/// `-ln h` is close to `1 - h` (or `-ln(1 - h)` to `h`), and a product's rounding would
/// swamp such a small term.
const NEAR_EDGE: f64 = 1.0 / 128.0;

/// Mantissa below which a [`LogProduct`] moves its binary exponent out, far above the
/// float64 underflow even after one more factor of [`NEAR_EDGE`].
const RENORMALIZE_BELOW: f64 = 1.0 / (1u128 << 100) as f64; // 2^-100

/// Most distinct soft label values that get products of their own; samples with further
/// values are summed one by one. Label smoothing needs one.
const MAX_LABEL_GROUPS: usize = 8;

/// The samples that share one soft label value `y`: their predictions' product and the
/// product of one minus their predictions, so that their losses add up to
/// `y · (-ln Π h_i) + (1 - y) · (-ln Π (1 - h_i))`.
struct LabelGroup {
    y: f64,
    predictions: LogProduct,
    complements: LogProduct,
}

/// Sums the exact-convention losses of unit-weight samples, with the samples of each label
/// value through two products.
fn product_sum(predictions: &[f64], labels: &[f64]) -> Result<f64, BatchLossError> {
    // Hard labels, the common case, have their products at hand; other labels search the
    // few groups.
    let mut real = LogProduct::default();
    let mut fake = LogProduct::default();
    let mut groups: Vec<LabelGroup> = Vec::with_capacity(MAX_LABEL_GROUPS);
    let mut rest = CompensatedSum::default();

    for (index, (&h, &y)) in predictions.iter().zip(labels).enumerate() {
        let invalid = |error| BatchLossError::InvalidSample { index, error };
        let h = crate::loss::check_prediction(h).map_err(invalid)?;
        let y = crate::loss::check_label(y).map_err(invalid)?;

        if !(NEAR_EDGE..=1.0 - NEAR_EDGE).contains(&h) {
            rest.add(crate::loss::loss(h, y).map_err(invalid)?);
        } else if y == 1.0 {
            real.multiply(h);
        } else if y == 0.0 {
            fake.multiply(1.0 - h);
        } else if let Some(group) = label_group(&mut groups, y) {
            group.predictions.multiply(h);
            group.complements.multiply(1.0 - h);
        } else {
            rest.add(crate::loss::loss(h, y).map_err(invalid)?);
        }
    }

    rest.add(-real.ln());
    rest.add(-fake.ln());
    for group in &groups {
        rest.add(group.y * -group.predictions.ln());
        rest.add((1.0 - group.y) * -group.complements.ln());
    }
    Ok(positive_zero(rest.total()))
}

/// Returns the group of label `y`, starting one while fewer than [`MAX_LABEL_GROUPS`] exist.
fn label_group(groups: &mut Vec<LabelGroup>, y: f64) -> Option<&mut LabelGroup> {
    match groups.iter().position(|group| group.y == y) {
        Some(position) => Some(&mut groups[position]),
        None if groups.len() < MAX_LABEL_GROUPS => {
            groups.push(LabelGroup {
                y,
                predictions: LogProduct::default(),
                complements: LogProduct::default(),
            });
            groups.last_mut()
        }
        None => None,
    }
}

/// A product of factors in [[`NEAR_EDGE`], 1], kept as a mantissa and a power of two so
/// that it never underflows.
struct LogProduct {
    mantissa: f64,
    exponent: i64,
}

impl Default for LogProduct {
    fn default() -> Self {
        LogProduct {
            mantissa: 1.0,
            exponent: 0,
        }
    }
}

impl LogProduct {
    fn multiply(&mut self, factor: f64) {
        self.mantissa *= factor;
        if self.mantissa < RENORMALIZE_BELOW {
            // Move the binary exponent out: mantissa = m · 2^e with m in [0.5, 1).
            let bits = self.mantissa.to_bits();
            let exponent = ((bits >> 52) & 0x7ff) as i64 - 1022;
            self.exponent += exponent;
            self.mantissa = f64::from_bits((bits & 0x000f_ffff_ffff_ffff) | (1022 << 52));
        }
    }

    /// Returns the natural logarithm of the product.
    fn ln(&self) -> f64 {
        self.mantissa.ln() + self.exponent as f64 * std::f64::consts::LN_2
    }
}

/// Neumaier's compensated sum: the rounding error of each addition is carried along, so a
/// long sum keeps the accuracy of its terms.
#[derive(Default)]
struct CompensatedSum {
    sum: f64,
    compensation: f64,
}

impl CompensatedSum {
    fn add(&mut self, term: f64) {
        let total = self.sum + term;
        if total.is_finite() {
            self.compensation += if self.sum.abs() >= term.abs() {
                (self.sum - total) + term
            } else {
                (term - total) + self.sum
            };
        }
        self.sum = total;
    }

    fn total(&self) -> f64 {
        if self.sum.is_finite() {
            self.sum + self.compensation
        } else {
            self.sum
        }
    }
}

/// Sums `w_i L_i` over `count` samples with a compensated sum, passing each unweighted
/// loss to `record`.
fn reduce(
    count: usize,
    sample: impl Fn(usize) -> WeightedSample,
    convention: Convention,
    precision: Precision,
    mut record: impl FnMut(usize, f64),
) -> Result<f64, BatchLossError> {
    if count == 0 {
        return Err(BatchLossError::Empty);
    }

    let mut sum = CompensatedSum::default();
    for index in 0..count {
        let WeightedSample { h, y, weight } = sample(index);
        if !(weight.is_finite() && weight >= 0.0) {
            return Err(BatchLossError::InvalidWeight {
                index,
                value: weight,
            });
        }
        let loss = loss_with(h, y, convention, precision)
            .map_err(|error| BatchLossError::InvalidSample { index, error })?;
        record(index, loss);

        // A zero weight silences even an infinite loss, as a zero label weight does.
        sum.add(if weight == 0.0 { 0.0 } else { weight * loss });
    }
    Ok(positive_zero(sum.total()))
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
        let result = batch_summary(
            &[0.5, 0.5],
            &[1.0],
            None,
            Convention::Exact,
            Precision::Float64,
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

        let result = batch_summary(
            &[0.5, 0.5],
            &[1.0, 0.0],
            Some(&[1.0]),
            Convention::Exact,
            Precision::Float64,
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
    fn summary_matches_per_sample_sum() {
        let predictions = [0.9, 0.6, 0.3, 0.2, 0.7, 0.999, 0.001, 0.5, 1e-250];
        let labels = [1.0, 1.0, 1.0, 0.0, 0.0, 1.0, 0.0, 0.9, 1.0];
        let (mean, sum) = batch_summary(
            &predictions,
            &labels,
            None,
            Convention::Exact,
            Precision::Float64,
        )
        .unwrap();
        let samples: Vec<_> = predictions
            .iter()
            .zip(&labels)
            .map(|(&h, &y)| WeightedSample::new(h, y))
            .collect();
        let expected = exact(&samples).unwrap();
        assert!((expected.sum - sum).abs() <= 1e-15 * expected.sum);
        assert!((expected.mean - mean).abs() <= 1e-15 * expected.mean);
    }

    #[test]
    fn summary_infinite_and_empty() {
        let (mean, _) = batch_summary(
            &[0.5, 1.0],
            &[1.0, 0.0],
            None,
            Convention::Exact,
            Precision::Float64,
        )
        .unwrap();
        assert_eq!(f64::INFINITY, mean);
        assert_eq!(
            Err(BatchLossError::Empty),
            batch_summary(&[], &[], None, Convention::Exact, Precision::Float64)
        );
        assert_eq!(
            Err(BatchLossError::InvalidSample {
                index: 1,
                error: LossError::LabelOutOfRange { value: 2.0 }
            }),
            batch_summary(
                &[0.5, 0.5],
                &[1.0, 2.0],
                None,
                Convention::Exact,
                Precision::Float64
            )
        );
    }

    #[test]
    fn sample_losses_in_order() {
        let losses = sample_losses(
            &[1.0, 0.5],
            &[0.0, 1.0],
            Convention::PyTorch,
            Precision::Float64,
        )
        .unwrap();
        assert_eq!(vec![100.0, std::f64::consts::LN_2], losses);
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
