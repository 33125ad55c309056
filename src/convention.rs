//! The ways machine-learning frameworks keep the loss finite, and float32 arithmetic.
//!
//! The exact formula gives `+inf` for a confident wrong prediction. PyTorch, Keras and
//! scikit-learn each cap it in their own way; [`loss_terms_with`] computes the loss the way
//! each one does, so the page can show where they differ.
//!
//! ```
//! use bce_explorer::convention::{loss_with, Convention, Precision};
//!
//! let pytorch = loss_with(1.0, 0.0, Convention::PyTorch, Precision::Float64).unwrap();
//! assert_eq!(100.0, pytorch);
//! ```

use std::fmt;
use std::str::FromStr;

use crate::loss::{check_label, check_prediction, weighted_terms_with, LossError, LossTerms};

/// PyTorch's floor for each logarithm: `torch.nn.BCELoss` "clamps its log function outputs
/// to be greater than or equal to -100" (PyTorch 2.x documentation), so one sample's loss is
/// at most 100.
pub const PYTORCH_LOG_FLOOR: f64 = -100.0;

/// Keras's fuzz factor, `keras.backend.epsilon()`, whose default is 1e-7 (Keras 2 and 3).
/// `binary_crossentropy` clips predictions into [1e-7, 1 - 1e-7].
pub const KERAS_EPSILON: f64 = 1e-7;

/// scikit-learn's clip for `sklearn.metrics.log_loss` on float64 input: the machine epsilon
/// `np.finfo(np.float64).eps` (the default since 1.2 and the only choice since 1.5).
pub const SKLEARN_EPSILON: f64 = f64::EPSILON;

/// scikit-learn's clip on float32 input, `np.finfo(np.float32).eps`: `log_loss` takes the
/// epsilon of the predictions' data type.
pub const SKLEARN_EPSILON_FLOAT32: f64 = f32::EPSILON as f64;

fn sklearn_epsilon(precision: Precision) -> f64 {
    match precision {
        Precision::Float64 => SKLEARN_EPSILON,
        Precision::Float32 => SKLEARN_EPSILON_FLOAT32,
    }
}

/// A rule for keeping the loss finite, named for the framework that uses it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Convention {
    /// The formula as it is, with `+inf` where the mathematics gives it.
    #[default]
    Exact,
    /// Each logarithm clamped to at least [`PYTORCH_LOG_FLOOR`], as `torch.nn.BCELoss` does.
    PyTorch,
    /// `h` clipped into [`KERAS_EPSILON`, 1 - `KERAS_EPSILON`], as
    /// `keras.losses.binary_crossentropy` does.
    Keras,
    /// `h` clipped into [eps, 1 - eps] with eps the machine epsilon of the precision
    /// ([`SKLEARN_EPSILON`] or [`SKLEARN_EPSILON_FLOAT32`]), as `sklearn.metrics.log_loss`
    /// does.
    ScikitLearn,
}

impl Convention {
    /// Every convention, in the order the page lists them.
    pub const ALL: [Convention; 4] = [
        Convention::Exact,
        Convention::PyTorch,
        Convention::Keras,
        Convention::ScikitLearn,
    ];

    /// Returns the short name used in the JS API and the page: "exact", "pytorch", "keras"
    /// or "sklearn".
    pub fn name(self) -> &'static str {
        match self {
            Convention::Exact => "exact",
            Convention::PyTorch => "pytorch",
            Convention::Keras => "keras",
            Convention::ScikitLearn => "sklearn",
        }
    }

    /// Returns the name people know the convention by, such as "PyTorch".
    pub fn title(self) -> &'static str {
        match self {
            Convention::Exact => "exact",
            Convention::PyTorch => "PyTorch",
            Convention::Keras => "Keras",
            Convention::ScikitLearn => "scikit-learn",
        }
    }
}

impl fmt::Display for Convention {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// The reason a convention or precision name was rejected.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownName {
    /// The kind of name: "convention" or "precision".
    pub kind: &'static str,
    /// The rejected name.
    pub name: String,
    /// The accepted names, separated by commas.
    pub expected: &'static str,
}

impl fmt::Display for UnknownName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} {:?} is unknown: expected one of {}",
            self.kind, self.name, self.expected
        )
    }
}

impl std::error::Error for UnknownName {}

impl FromStr for Convention {
    type Err = UnknownName;

    /// Parses a short name, ignoring case: "exact", "pytorch", "keras", "sklearn" (or
    /// "scikit-learn").
    fn from_str(name: &str) -> Result<Self, Self::Err> {
        match name.to_ascii_lowercase().as_str() {
            "exact" => Ok(Convention::Exact),
            "pytorch" | "torch" => Ok(Convention::PyTorch),
            "keras" | "tensorflow" => Ok(Convention::Keras),
            "sklearn" | "scikit-learn" => Ok(Convention::ScikitLearn),
            _ => Err(UnknownName {
                kind: "convention",
                name: name.to_owned(),
                expected: "exact, pytorch, keras, sklearn",
            }),
        }
    }
}

/// The floating-point format the loss is computed in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Precision {
    /// Every value in float64.
    #[default]
    Float64,
    /// Values stored as float32, as a framework's default tensors store them: `h`, `y`,
    /// `1 - y`, the clip bounds and `1 - h` are rounded to float32.
    ///
    /// NOTE: the logarithms themselves are then taken in float64, so results stay comparable
    /// with float64 references to 1e-12; a float32 logarithm would add up to about 1e-7
    /// relative error on top. What float32 changes is which values `h` can take: near 1 its
    /// spacing is 6e-8, so `0.9999999` is stored as `0.9999998807907104`.
    Float32,
}

impl FromStr for Precision {
    type Err = UnknownName;

    /// Parses "float64" (or "f64") and "float32" (or "f32"), ignoring case.
    fn from_str(name: &str) -> Result<Self, Self::Err> {
        match name.to_ascii_lowercase().as_str() {
            "float64" | "f64" => Ok(Precision::Float64),
            "float32" | "f32" => Ok(Precision::Float32),
            _ => Err(UnknownName {
                kind: "precision",
                name: name.to_owned(),
                expected: "float64, float32",
            }),
        }
    }
}

impl Precision {
    /// Rounds `value` to this precision: unchanged in float64, to the nearest float32 in
    /// float32.
    pub fn round(self, value: f64) -> f64 {
        match self {
            Precision::Float64 => value,
            Precision::Float32 => f64::from(value as f32),
        }
    }
}

/// Computes `L(h, y)` and its two branches under a convention and a precision.
///
/// The clipping conventions (Keras, scikit-learn) clip `h` separately for each logarithm,
/// on the side where that logarithm diverges: `ln h` takes `max(h, eps)` and `ln(1 - h)` takes
/// `1 - min(h, 1 - eps)`. Inside [eps, 1 - eps] this is exactly the frameworks' clip of `h`.
/// At `h = 0` or `h = 1` it differs in one case: a perfect prediction (`h = y = 0` or
/// `h = y = 1`) scores exactly 0 here, where Keras and scikit-learn report about `eps`
/// because their clip also moves the branch that was finite.
///
/// In every convention a branch whose weight is exactly 0 contributes exactly 0, and no
/// result is `-0.0`.
///
/// # Errors
///
/// A [`LossError`] naming the value when `h` or `y` is NaN or outside [0, 1].
pub fn loss_terms_with(
    h: f64,
    y: f64,
    convention: Convention,
    precision: Precision,
) -> Result<LossTerms, LossError> {
    let h = precision.round(check_prediction(h)?);
    let y = precision.round(check_label(y)?);

    let (low, high) = match convention {
        Convention::Exact | Convention::PyTorch => (0.0, 1.0),
        Convention::Keras => clip_bounds(KERAS_EPSILON, precision),
        Convention::ScikitLearn => clip_bounds(sklearn_epsilon(precision), precision),
    };
    let floor = match convention {
        Convention::PyTorch => PYTORCH_LOG_FLOOR,
        _ => f64::NEG_INFINITY,
    };
    let real_log = || h.max(low).ln().max(floor);
    let fake_log = || log_one_minus(h.min(high), precision).max(floor);
    // In float32 the weight 1 - y is a float32 as well: a framework stores it as a tensor.
    let fake_weight = precision.round(1.0 - y);
    Ok(weighted_terms_with(
        y,
        fake_weight,
        || -real_log(),
        || -fake_log(),
    ))
}

/// Computes the loss `L(h, y)` under a convention and a precision; see [`loss_terms_with`].
///
/// # Errors
///
/// A [`LossError`] naming the value when `h` or `y` is NaN or outside [0, 1].
pub fn loss_with(
    h: f64,
    y: f64,
    convention: Convention,
    precision: Precision,
) -> Result<f64, LossError> {
    loss_terms_with(h, y, convention, precision).map(|terms| terms.total)
}

/// Returns `ln(1 - h)`: through `ln_1p(-h)` in float64, which stays accurate for small `h`,
/// and from `1 - h` rounded to float32 in float32, as a float32 framework computes it.
fn log_one_minus(h: f64, precision: Precision) -> f64 {
    match precision {
        Precision::Float64 => (-h).ln_1p(),
        Precision::Float32 => f64::from(1.0 - h as f32).ln(),
    }
}

/// Returns the clip bounds `[eps, 1 - eps]` in the given precision.
fn clip_bounds(epsilon: f64, precision: Precision) -> (f64, f64) {
    (precision.round(epsilon), precision.round(1.0 - epsilon))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip() {
        for convention in Convention::ALL {
            assert_eq!(Ok(convention), convention.name().parse());
        }
        assert_eq!(Ok(Convention::ScikitLearn), "scikit-learn".parse());
        assert_eq!(Ok(Convention::PyTorch), "PyTorch".parse());
    }

    #[test]
    fn unknown_names_rejected() {
        let error = "caffe".parse::<Convention>().unwrap_err();
        assert_eq!(
            "convention \"caffe\" is unknown: expected one of exact, pytorch, keras, sklearn",
            error.to_string()
        );
        let error = "float16".parse::<Precision>().unwrap_err();
        assert_eq!(
            "precision \"float16\" is unknown: expected one of float64, float32",
            error.to_string()
        );
    }

    #[test]
    fn exact_matches_loss_module() {
        for (h, y) in [(0.2, 1.0), (0.3, 0.3), (0.9, 0.0), (0.0, 0.0), (1.0, 0.5)] {
            let expected = crate::loss::loss(h, y).unwrap();
            let actual = loss_with(h, y, Convention::Exact, Precision::Float64).unwrap();
            assert_eq!(expected, actual, "L({h}, {y})");
        }
    }

    #[test]
    fn conventions_agree_inside_clip() {
        for convention in Convention::ALL {
            let value = loss_with(0.3, 1.0, convention, Precision::Float64).unwrap();
            assert_eq!(-(0.3f64).ln(), value, "{convention}");
        }
    }

    #[test]
    fn float32_rounds_inputs() {
        let terms = loss_terms_with(0.9999999, 0.0, Convention::Exact, Precision::Float32);
        let expected = -(1.1920928955078125e-7f64).ln();
        assert_eq!(expected, terms.unwrap().total);
    }

    #[test]
    fn float32_sklearn_uses_float32_epsilon() {
        let value = loss_with(1.0, 0.0, Convention::ScikitLearn, Precision::Float32).unwrap();
        let expected = -(f64::from(f32::EPSILON)).ln(); // 15.942385152878742
        assert!((value - expected).abs() < 1e-12, "{value}");
    }

    #[test]
    fn float32_rounds_fake_weight() {
        // 1 - 1e-9 is 1 in float32, so the capped branch counts in full.
        let value = loss_with(1.0, 1e-9, Convention::PyTorch, Precision::Float32).unwrap();
        assert_eq!(100.0, value);
    }

    #[test]
    fn rejects_invalid_in_every_convention() {
        for convention in Convention::ALL {
            for precision in [Precision::Float64, Precision::Float32] {
                let error = loss_with(1.5, 1.0, convention, precision).unwrap_err();
                assert_eq!(LossError::PredictionOutOfRange { value: 1.5 }, error);
                let error = loss_with(0.5, -1.0, convention, precision).unwrap_err();
                assert_eq!(LossError::LabelOutOfRange { value: -1.0 }, error);
            }
        }
    }
}
