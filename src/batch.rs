//! The mini-batch the widget edits: samples of (prediction, label), one of them selected.
//!
//! Its mean loss is the training objective `J = (1/m) Σ L(h_i, y_i)`.

use std::fmt;

use crate::convention::{loss_terms_with, Convention, Precision};
use crate::loss::{self, LossError, LossTerms};

/// The largest batch the widget offers; plots stay readable with one bar per sample.
pub const MAX_SAMPLES: usize = 64;

/// One sample: the model's prediction and the label it is scored against.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Sample {
    /// Prediction `h` in [0, 1]: the model's probability that the input is real.
    pub h: f64,
    /// Label `y` in [0, 1]: 1 for real, 0 for fake, anything between for a soft label.
    pub y: f64,
}

impl Sample {
    /// Creates a sample after checking both values.
    ///
    /// # Errors
    ///
    /// A [`LossError`] naming the value when `h` or `y` is NaN or outside [0, 1].
    pub fn new(h: f64, y: f64) -> Result<Self, LossError> {
        Ok(Sample {
            h: loss::check_prediction(h)?,
            y: loss::check_label(y)?,
        })
    }

    /// Computes this sample's loss and its two branches.
    pub fn terms(&self) -> LossTerms {
        loss::loss_terms(self.h, self.y).expect("a Sample's fields are checked when set")
    }

    /// Computes this sample's loss `L(h, y)`.
    pub fn loss(&self) -> f64 {
        self.terms().total
    }
}

/// The reason a batch edit was rejected; the batch is left as it was.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum BatchError {
    /// A value of the edited sample is invalid.
    Loss(LossError),
    /// Adding would exceed [`MAX_SAMPLES`].
    Full,
    /// Removing would leave the batch empty.
    LastSample,
    /// No sample has this index.
    NoSuchSample {
        /// The rejected index.
        index: usize,
        /// The number of samples in the batch.
        len: usize,
    },
}

impl fmt::Display for BatchError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            BatchError::Loss(error) => error.fmt(f),
            BatchError::Full => write!(f, "the batch is full: it has {MAX_SAMPLES} samples"),
            BatchError::LastSample => {
                write!(f, "the last sample cannot be removed: a batch needs one")
            }
            BatchError::NoSuchSample { index, len } => write!(
                f,
                "sample index {index} is invalid: the batch has {len} samples"
            ),
        }
    }
}

impl std::error::Error for BatchError {}

impl From<LossError> for BatchError {
    fn from(error: LossError) -> Self {
        BatchError::Loss(error)
    }
}

/// A non-empty list of samples with one selected, the one the sliders edit, and the
/// convention and precision its losses are computed in.
#[derive(Debug, Clone, PartialEq)]
pub struct Batch {
    samples: Vec<Sample>,
    selected: usize,
    convention: Convention,
    precision: Precision,
}

impl Default for Batch {
    /// Returns the five-sample batch the page opens with: three real images the
    /// discriminator scores 0.9, 0.6 and 0.3, and two generated ones it scores 0.2 and 0.7.
    fn default() -> Self {
        let samples = [(0.9, 1.0), (0.6, 1.0), (0.3, 1.0), (0.2, 0.0), (0.7, 0.0)]
            .into_iter()
            .map(|(h, y)| Sample { h, y })
            .collect();
        Batch {
            samples,
            selected: 0,
            convention: Convention::Exact,
            precision: Precision::Float64,
        }
    }
}

impl Batch {
    /// Creates a batch from samples, with the first one selected.
    ///
    /// # Errors
    ///
    /// [`BatchError::LastSample`] for an empty list, [`BatchError::Full`] for more than
    /// [`MAX_SAMPLES`].
    pub fn new(samples: Vec<Sample>) -> Result<Self, BatchError> {
        if samples.is_empty() {
            return Err(BatchError::LastSample);
        }
        if samples.len() > MAX_SAMPLES {
            return Err(BatchError::Full);
        }
        Ok(Batch {
            samples,
            selected: 0,
            convention: Convention::Exact,
            precision: Precision::Float64,
        })
    }

    /// Replaces the samples, keeping the convention and precision, and selects the first.
    ///
    /// # Errors
    ///
    /// [`BatchError::LastSample`] for an empty list, [`BatchError::Full`] for more than
    /// [`MAX_SAMPLES`]; the batch is then left as it was.
    pub fn replace_samples(&mut self, samples: Vec<Sample>) -> Result<(), BatchError> {
        let replacement = Batch::new(samples)?;
        self.samples = replacement.samples;
        self.selected = 0;
        Ok(())
    }

    /// Returns the convention the batch's losses are computed in.
    pub fn convention(&self) -> Convention {
        self.convention
    }

    /// Sets the convention the batch's losses are computed in.
    pub fn set_convention(&mut self, convention: Convention) {
        self.convention = convention;
    }

    /// Returns the precision the batch's losses are computed in.
    pub fn precision(&self) -> Precision {
        self.precision
    }

    /// Sets the precision the batch's losses are computed in.
    pub fn set_precision(&mut self, precision: Precision) {
        self.precision = precision;
    }

    /// Computes a loss and its branches for `(h, y)` in the batch's convention and precision.
    ///
    /// # Errors
    ///
    /// A [`LossError`] naming the value when `h` or `y` is NaN or outside [0, 1].
    pub fn terms_at(&self, h: f64, y: f64) -> Result<LossTerms, LossError> {
        loss_terms_with(h, y, self.convention, self.precision)
    }

    /// Computes a sample's loss and its branches in the batch's convention and precision.
    pub fn terms_of(&self, sample: &Sample) -> LossTerms {
        self.terms_at(sample.h, sample.y)
            .expect("a Sample's fields are checked when set")
    }

    /// Computes a sample's loss in the batch's convention and precision.
    pub fn loss_of(&self, sample: &Sample) -> f64 {
        self.terms_of(sample).total
    }

    /// Returns the samples in order.
    pub fn samples(&self) -> &[Sample] {
        &self.samples
    }

    /// Returns the number of samples, `m`.
    pub fn len(&self) -> usize {
        self.samples.len()
    }

    /// Returns false: a batch always has at least one sample.
    pub fn is_empty(&self) -> bool {
        false
    }

    /// Returns the index of the selected sample.
    pub fn selected_index(&self) -> usize {
        self.selected
    }

    /// Returns the selected sample.
    pub fn selected(&self) -> Sample {
        self.samples[self.selected]
    }

    /// Computes every sample's loss, in order, in the batch's convention and precision.
    pub fn losses(&self) -> Vec<f64> {
        self.samples
            .iter()
            .map(|sample| self.loss_of(sample))
            .collect()
    }

    /// Computes the mean loss `J = (1/m) Σ L(h_i, y_i)`: `+inf` if any sample's loss is.
    pub fn mean_loss(&self) -> f64 {
        self.loss_sum() / self.samples.len() as f64
    }

    /// Returns the sum of the samples' losses, the `Σ L(h_i, y_i)` of the mean.
    pub fn loss_sum(&self) -> f64 {
        self.samples.iter().map(|sample| self.loss_of(sample)).sum()
    }

    /// Selects the sample at `index`.
    ///
    /// # Errors
    ///
    /// [`BatchError::NoSuchSample`] when `index` is past the end.
    pub fn select(&mut self, index: usize) -> Result<(), BatchError> {
        self.check_index(index)?;
        self.selected = index;
        Ok(())
    }

    /// Sets the prediction of the selected sample.
    ///
    /// # Errors
    ///
    /// [`BatchError::Loss`] when `h` is NaN or outside [0, 1]; the sample keeps its value.
    pub fn set_prediction(&mut self, h: f64) -> Result<(), BatchError> {
        self.samples[self.selected].h = loss::check_prediction(h)?;
        Ok(())
    }

    /// Sets the label of the selected sample.
    ///
    /// # Errors
    ///
    /// [`BatchError::Loss`] when `y` is NaN or outside [0, 1]; the sample keeps its value.
    pub fn set_label(&mut self, y: f64) -> Result<(), BatchError> {
        self.samples[self.selected].y = loss::check_label(y)?;
        Ok(())
    }

    /// Sets the prediction of the sample at `index`, which need not be the selected one.
    ///
    /// # Errors
    ///
    /// [`BatchError::NoSuchSample`] for an index past the end, [`BatchError::Loss`] when `h`
    /// is NaN or outside [0, 1]; the sample then keeps its value.
    pub fn set_prediction_at(&mut self, index: usize, h: f64) -> Result<(), BatchError> {
        self.check_index(index)?;
        self.samples[index].h = loss::check_prediction(h)?;
        Ok(())
    }

    /// Appends a sample and selects it.
    ///
    /// # Errors
    ///
    /// [`BatchError::Full`] when the batch already has [`MAX_SAMPLES`] samples.
    pub fn push(&mut self, sample: Sample) -> Result<(), BatchError> {
        if self.samples.len() >= MAX_SAMPLES {
            return Err(BatchError::Full);
        }
        self.samples.push(sample);
        self.selected = self.samples.len() - 1;
        Ok(())
    }

    /// Removes the sample at `index`, keeping the same sample selected where it remains,
    /// and otherwise selecting the one that took its place (or the new last one).
    ///
    /// # Errors
    ///
    /// [`BatchError::LastSample`] when only one sample is left, [`BatchError::NoSuchSample`]
    /// when `index` is past the end.
    pub fn remove(&mut self, index: usize) -> Result<Sample, BatchError> {
        self.check_index(index)?;
        if self.samples.len() == 1 {
            return Err(BatchError::LastSample);
        }

        let removed = self.samples.remove(index);
        if self.selected > index || self.selected == self.samples.len() {
            self.selected -= 1;
        }
        Ok(removed)
    }

    fn check_index(&self, index: usize) -> Result<(), BatchError> {
        if index < self.samples.len() {
            Ok(())
        } else {
            Err(BatchError::NoSuchSample {
                index,
                len: self.samples.len(),
            })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_batch_mean() {
        let batch = Batch::default();
        assert_eq!(5, batch.len());
        let mean = batch.mean_loss();
        assert!(
            (mean - 0.6494550598779798).abs() <= 1e-12 * 0.65,
            "mean {mean}"
        );
    }

    #[test]
    fn convention_changes_losses() {
        let mut batch = Batch::default();
        batch.set_prediction(0.0).unwrap();
        assert_eq!(f64::INFINITY, batch.mean_loss());

        batch.set_convention(Convention::PyTorch);
        assert_eq!(100.0, batch.losses()[0]);
        assert!(batch.mean_loss().is_finite());
        assert_eq!(Convention::PyTorch, batch.convention());
    }

    #[test]
    fn float32_rounds_near_one() {
        let mut batch = Batch::new(vec![Sample {
            h: 0.99999999,
            y: 0.0,
        }])
        .unwrap();
        assert!(batch.mean_loss().is_finite());
        batch.set_precision(Precision::Float32);
        assert_eq!(f64::INFINITY, batch.mean_loss());
    }

    #[test]
    fn edits_change_only_selected() {
        let mut batch = Batch::default();
        batch.select(3).unwrap();
        batch.set_prediction(0.5).unwrap();
        batch.set_label(0.9).unwrap();
        assert_eq!(Sample { h: 0.5, y: 0.9 }, batch.samples()[3]);
        assert_eq!(Sample { h: 0.9, y: 1.0 }, batch.samples()[0]);
    }

    #[test]
    fn invalid_edit_keeps_value() {
        let mut batch = Batch::default();
        let before = batch.clone();
        assert_eq!(
            Err(BatchError::Loss(LossError::PredictionOutOfRange {
                value: 1.5
            })),
            batch.set_prediction(1.5)
        );
        assert!(batch.set_label(f64::NAN).is_err());
        assert!(batch.set_label(-0.1).is_err());
        assert_eq!(before, batch);
    }

    #[test]
    fn push_selects_new_sample() {
        let mut batch = Batch::default();
        batch.push(Sample { h: 0.4, y: 0.0 }).unwrap();
        assert_eq!(6, batch.len());
        assert_eq!(5, batch.selected_index());
    }

    #[test]
    fn push_stops_at_max() {
        let mut batch = Batch::default();
        while batch.len() < MAX_SAMPLES {
            batch.push(Sample { h: 0.5, y: 1.0 }).unwrap();
        }
        assert_eq!(Err(BatchError::Full), batch.push(Sample { h: 0.5, y: 1.0 }));
        assert_eq!(MAX_SAMPLES, batch.len());
    }

    #[test]
    fn remove_down_to_one() {
        let mut batch = Batch::default();
        while batch.len() > 1 {
            batch.remove(0).unwrap();
        }
        assert_eq!(Err(BatchError::LastSample), batch.remove(0));
        assert_eq!(Sample { h: 0.7, y: 0.0 }, batch.selected());
    }

    #[test]
    fn remove_keeps_selection() {
        let mut batch = Batch::default();
        batch.select(3).unwrap();
        batch.remove(1).unwrap();
        assert_eq!(2, batch.selected_index());
        assert_eq!(Sample { h: 0.2, y: 0.0 }, batch.selected());

        batch.select(3).unwrap();
        batch.remove(3).unwrap();
        assert_eq!(2, batch.selected_index());
    }

    #[test]
    fn select_out_of_range() {
        let mut batch = Batch::default();
        assert_eq!(
            Err(BatchError::NoSuchSample { index: 5, len: 5 }),
            batch.select(5)
        );
        assert_eq!(0, batch.selected_index());
    }

    #[test]
    fn infinite_sample_makes_mean_infinite() {
        let mut batch = Batch::default();
        batch.set_prediction(0.0).unwrap();
        assert_eq!(f64::INFINITY, batch.mean_loss());
    }

    #[test]
    fn replace_samples_keeps_settings() {
        let mut batch = Batch::default();
        batch.set_convention(Convention::Keras);
        batch.select(3).unwrap();
        batch
            .replace_samples(vec![Sample { h: 0.5, y: 1.0 }])
            .unwrap();
        assert_eq!(1, batch.len());
        assert_eq!(0, batch.selected_index());
        assert_eq!(Convention::Keras, batch.convention());
        assert_eq!(
            Err(BatchError::LastSample),
            batch.replace_samples(Vec::new())
        );
        assert_eq!(1, batch.len());
    }

    #[test]
    fn new_rejects_empty_and_oversized() {
        assert_eq!(Err(BatchError::LastSample), Batch::new(Vec::new()));
        let many = vec![Sample { h: 0.5, y: 1.0 }; MAX_SAMPLES + 1];
        assert_eq!(Err(BatchError::Full), Batch::new(many));
    }

    #[test]
    fn error_messages_name_values() {
        assert_eq!(
            "sample index 7 is invalid: the batch has 5 samples",
            BatchError::NoSuchSample { index: 7, len: 5 }.to_string()
        );
        assert_eq!(
            "the batch is full: it has 64 samples",
            BatchError::Full.to_string()
        );
    }
}
