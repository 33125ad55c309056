//! Inputs on which real implementations of binary cross-entropy have gone wrong, with the
//! values a correct implementation returns, in every convention each case concerns.
//!
//! Values compare with a relative tolerance of 1e-12: `-ln 0.3` and `-ln_1p(-0.7)`, for
//! example, differ in the last bit.

use bce_explorer::convention::{loss_with, Convention, Precision};
use bce_explorer::gradient::{gradient_wrt_logit, gradient_wrt_prediction};
use bce_explorer::logit::{loss_from_logit, sigmoid};
use bce_explorer::loss::LossError;
use bce_explorer::reduction::{batch_loss, WeightedSample};

use Convention::{Exact, Keras, PyTorch, ScikitLearn};
use Precision::{Float32, Float64};

const RELATIVE_TOLERANCE: f64 = 1e-12;

#[track_caller]
fn assert_close(expected: f64, actual: f64) {
    if expected.is_infinite() || expected == 0.0 {
        assert_eq!(expected, actual);
        return;
    }
    let error = (expected - actual).abs() / expected.abs();
    assert!(
        error <= RELATIVE_TOLERANCE,
        "expected {expected}, got {actual} (relative error {error:e})"
    );
}

#[track_caller]
fn assert_positive_zero(actual: f64) {
    assert_eq!(0.0, actual);
    assert!(actual.is_sign_positive(), "got -0.0");
}

fn loss64(h: f64, y: f64, convention: Convention) -> f64 {
    loss_with(h, y, convention, Float64).expect("valid input")
}

fn batch_mean(pairs: &[(f64, f64)], convention: Convention) -> f64 {
    let samples: Vec<_> = pairs
        .iter()
        .map(|&(h, y)| WeightedSample::new(h, y))
        .collect();
    batch_loss(&samples, convention, Float64)
        .expect("valid batch")
        .mean
}

#[test]
fn confident_wrong_fake_capped_per_convention() {
    assert_eq!(f64::INFINITY, loss64(1.0, 0.0, Exact));
    assert_close(100.0, loss64(1.0, 0.0, PyTorch));
    assert_close(16.118095651484676, loss64(1.0, 0.0, Keras));
    assert_close(36.04365338911715, loss64(1.0, 0.0, ScikitLearn));
}

#[test]
fn confident_wrong_real_capped_per_convention() {
    assert_eq!(f64::INFINITY, loss64(0.0, 1.0, Exact));
    assert_close(100.0, loss64(0.0, 1.0, PyTorch));
    assert_close(16.11809565095832, loss64(0.0, 1.0, Keras));
    assert_close(36.04365338911715, loss64(0.0, 1.0, ScikitLearn));
}

#[test]
fn perfect_prediction_is_positive_zero() {
    for convention in Convention::ALL {
        for precision in [Float64, Float32] {
            let fake = loss_with(0.0, 0.0, convention, precision).unwrap();
            let real = loss_with(1.0, 1.0, convention, precision).unwrap();
            assert_positive_zero(fake);
            assert_positive_zero(real);
        }
    }
}

#[test]
fn prediction_past_one_rejected() {
    let h = 1.0000001192092896; // 1 + 2^-23, float32 rounding just past 1
    for convention in Convention::ALL {
        let error = loss_with(h, 1.0, convention, Float64).unwrap_err();
        assert_eq!(LossError::PredictionOutOfRange { value: h }, error);
        let message = error.to_string();
        assert!(message.contains("1.0000001192092896"), "{message}");
        assert!(message.contains("[0, 1]"), "{message}");
    }
}

#[test]
fn negative_prediction_rejected() {
    for convention in Convention::ALL {
        let error = loss_with(-0.0001, 0.0, convention, Float64).unwrap_err();
        assert_eq!(LossError::PredictionOutOfRange { value: -0.0001 }, error);
        let message = error.to_string();
        assert!(message.contains("-0.0001"), "{message}");
        assert!(message.contains("[0, 1]"), "{message}");
    }
}

#[test]
fn nan_prediction_rejected() {
    for convention in Convention::ALL {
        let error = loss_with(f64::NAN, 1.0, convention, Float64).unwrap_err();
        assert!(matches!(error, LossError::PredictionOutOfRange { value } if value.is_nan()));
        let message = error.to_string();
        assert!(message.contains("NaN"), "{message}");
        assert!(message.contains("[0, 1]"), "{message}");
    }
}

#[test]
fn label_outside_range_rejected() {
    // The unchecked formula would give -2.091864061678393 here: a negative loss.
    let unchecked = -(2.0 * 0.9f64.ln() + (1.0 - 2.0) * 0.1f64.ln());
    assert_close(-2.091864061678393, unchecked);

    for convention in Convention::ALL {
        let error = loss_with(0.9, 2.0, convention, Float64).unwrap_err();
        assert_eq!(LossError::LabelOutOfRange { value: 2.0 }, error);
        let message = error.to_string();
        assert!(message.contains("label y = 2"), "{message}");
        assert!(message.contains("[0, 1]"), "{message}");
    }
}

#[test]
fn soft_label_minimum_is_entropy() {
    for convention in Convention::ALL {
        assert_close(std::f64::consts::LN_2, loss64(0.5, 0.5, convention)); // 0.6931471805599453
        assert_close(0.6108643020548934, loss64(0.3, 0.3, convention));
        assert_close(0.3250829733914482, loss64(0.9, 0.9, convention));
    }
}

#[test]
fn infinite_logit_no_nan() {
    let first = loss_from_logit(f64::INFINITY, 1.0).unwrap();
    let second = loss_from_logit(1.0, 0.0).unwrap();
    assert_positive_zero(first);
    assert_close(1.3132616875182228, second);
    assert_close(0.6566308437591114, (first + second) / 2.0);
}

#[test]
fn negative_infinite_logit() {
    assert_positive_zero(loss_from_logit(f64::NEG_INFINITY, 0.0).unwrap());
    assert_eq!(
        f64::INFINITY,
        loss_from_logit(f64::NEG_INFINITY, 0.9).unwrap()
    );
}

#[test]
fn logit_twenty_needs_logit_form() {
    assert_close(20.000000002061153, loss_from_logit(20.0, 0.0).unwrap());

    let h64 = sigmoid(20.0, Float64);
    assert_close(19.999999966169824, loss64(h64, 0.0, Exact));

    let h32 = sigmoid(20.0, Float32);
    assert_eq!(1.0, h32);
    assert_eq!(f64::INFINITY, loss_with(h32, 0.0, Exact, Float32).unwrap());
    assert_close(100.0, loss_with(h32, 0.0, PyTorch, Float32).unwrap());
}

#[test]
fn huge_logits_no_overflow() {
    assert_close(1000.0, loss_from_logit(1000.0, 0.0).unwrap());
    assert_close(1000.0, loss_from_logit(-1000.0, 1.0).unwrap());
}

#[test]
fn float32_near_one_prediction() {
    let stored = f64::from(0.9999999f32);
    assert_eq!(0.9999998807907104, stored);
    assert_close(
        15.942385152878742,
        loss_with(0.9999999, 0.0, Exact, Float32).unwrap(),
    );
    assert_close(
        15.942385152878742,
        loss_with(0.9999999, 0.0, Keras, Float32).unwrap(),
    );
}

#[test]
fn one_wrong_sample_dominates_mean() {
    let batch = [(1.0, 1.0), (1.0, 0.0), (0.0, 0.0), (0.0, 0.0)];
    assert_eq!(f64::INFINITY, batch_mean(&batch, Exact));
    assert_close(25.0, batch_mean(&batch, PyTorch));
    assert_close(9.010913347279288, batch_mean(&batch, ScikitLearn));
}

#[test]
fn gradient_reference_slopes() {
    assert_close(
        -3.333333333333333,
        gradient_wrt_prediction(0.3, 1.0).unwrap(),
    );
    let z = (0.3f64 / 0.7).ln();
    assert_close(-0.7, gradient_wrt_logit(z, 1.0).unwrap());
}

#[test]
fn gradient_infinite_at_edges() {
    assert_eq!(
        f64::NEG_INFINITY,
        gradient_wrt_prediction(0.0, 1.0).unwrap()
    );
    assert_eq!(f64::INFINITY, gradient_wrt_prediction(1.0, 0.0).unwrap());
    assert!(gradient_wrt_prediction(0.0, 0.0).unwrap().is_finite());
    assert!(gradient_wrt_prediction(1.0, 1.0).unwrap().is_finite());
}
