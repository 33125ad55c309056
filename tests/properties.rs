//! Property tests of the loss core over 10,000 random inputs each, edges included.

#![cfg(not(target_arch = "wasm32"))]

use bce_explorer::convention::{loss_with, Convention, Precision};
use bce_explorer::entropy::{entropy, split};
use bce_explorer::gradient::{descent_step, gradient_wrt_logit, gradient_wrt_prediction};
use bce_explorer::logit::{loss_from_logit, sigmoid};
use bce_explorer::loss::loss;
use bce_explorer::reduction::{batch_loss, batch_summary, WeightedSample};
use proptest::prelude::*;

const CASES: u32 = 10_000;

/// Probabilities in [0, 1], with the edges, tiny values and values next to 1 drawn often.
fn probability() -> impl Strategy<Value = f64> {
    prop_oneof![
        4 => 0.0..=1.0,
        1 => Just(0.0),
        1 => Just(1.0),
        1 => 1e-300..1e-6f64,
        1 => (1e-300..1e-6f64).prop_map(|small| 1.0 - small),
    ]
}

/// Probabilities `k / 2^20`, for which `1 - h` is exact in float64.
fn dyadic_probability() -> impl Strategy<Value = f64> {
    (0u32..=1 << 20).prop_map(|k| f64::from(k) / f64::from(1u32 << 20))
}

fn convention() -> impl Strategy<Value = Convention> {
    prop::sample::select(Convention::ALL.to_vec())
}

fn precision() -> impl Strategy<Value = Precision> {
    prop::sample::select(vec![Precision::Float64, Precision::Float32])
}

/// Logits of any size, infinities included.
fn any_logit() -> impl Strategy<Value = f64> {
    prop_oneof![
        4 => -50.0..50.0f64,
        1 => Just(f64::INFINITY),
        1 => Just(f64::NEG_INFINITY),
        1 => prop::num::f64::NORMAL,
    ]
}

fn relative_difference(expected: f64, actual: f64) -> f64 {
    if expected == actual {
        0.0
    } else {
        (expected - actual).abs() / expected.abs().max(actual.abs())
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(CASES))]

    #[test]
    fn loss_never_negative(
        h in probability(),
        y in probability(),
        convention in convention(),
        precision in precision(),
    ) {
        let value = loss_with(h, y, convention, precision).unwrap();
        prop_assert!(value >= 0.0, "L({h}, {y}) = {value} in {convention:?}");
        prop_assert!(value.is_sign_positive(), "L({h}, {y}) = -0.0 in {convention:?}");
    }

    #[test]
    fn loss_never_nan(
        h in probability(),
        y in probability(),
        z in any_logit(),
        convention in convention(),
        precision in precision(),
    ) {
        prop_assert!(!loss_with(h, y, convention, precision).unwrap().is_nan());
        prop_assert!(!loss_from_logit(z, y).unwrap().is_nan());
        prop_assert!(!gradient_wrt_prediction(h, y).unwrap().is_nan());
        prop_assert!(!gradient_wrt_logit(z, y).unwrap().is_nan());
        let parts = split(h, y).unwrap();
        prop_assert!(!parts.entropy.is_nan());
        prop_assert!(!parts.divergence.is_nan());
    }

    // Keras is left out: its clip bounds 1e-7 and 1 - 1e-7 are not mirror images in
    // float64 (1 - (1 - 1e-7) = 1.0000000005838672e-7), so its caps differ by 3e-11.
    #[test]
    fn loss_symmetric_under_swap(
        h in dyadic_probability(),
        y in dyadic_probability(),
        convention in prop::sample::select(vec![
            Convention::Exact,
            Convention::PyTorch,
            Convention::ScikitLearn,
        ]),
    ) {
        let value = loss_with(h, y, convention, Precision::Float64).unwrap();
        let mirrored = loss_with(1.0 - h, 1.0 - y, convention, Precision::Float64).unwrap();
        prop_assert!(
            relative_difference(value, mirrored) <= 1e-12,
            "L({h}, {y}) = {value} but L(1 - h, 1 - y) = {mirrored}"
        );
    }

    #[test]
    fn loss_at_least_entropy(h in probability(), y in probability()) {
        let value = loss(h, y).unwrap();
        let floor = entropy(y).unwrap();
        prop_assert!(
            value >= floor * (1.0 - 1e-12),
            "L({h}, {y}) = {value} is below H(y) = {floor}"
        );
        prop_assert_eq!(floor, loss(y, y).unwrap());
    }

    #[test]
    fn split_adds_up_to_loss(h in 0.001..0.999f64, y in probability()) {
        let parts = split(h, y).unwrap();
        let value = loss(h, y).unwrap();
        let total = parts.entropy + parts.divergence;
        prop_assert!(parts.divergence >= 0.0);
        prop_assert!(
            (total - value).abs() <= 1e-12 * value.max(1.0),
            "H + KL = {total} but L = {value}"
        );
    }

    // Where h = sigmoid(z) is well conditioned (|z| ≤ 8, so h and 1 - h carry at least
    // 12 correct digits), both forms must agree.
    #[test]
    fn logit_form_matches_probability_form(z in -8.0..8.0f64, y in probability()) {
        let from_logit = loss_from_logit(z, y).unwrap();
        let from_probability = loss(sigmoid(z, Precision::Float64), y).unwrap();
        prop_assert!(
            relative_difference(from_logit, from_probability) <= 1e-12,
            "z = {z}: logit form {from_logit}, probability form {from_probability}"
        );
    }

    #[test]
    fn batch_of_copies_has_sample_loss(
        h in probability(),
        y in probability(),
        copies in 1usize..=64,
        convention in convention(),
    ) {
        let samples = vec![WeightedSample::new(h, y); copies];
        let result = batch_loss(&samples, convention, Precision::Float64).unwrap();
        let single = loss_with(h, y, convention, Precision::Float64).unwrap();
        prop_assert!(
            relative_difference(single, result.mean) <= 1e-15,
            "mean of {copies} copies is {} but one sample's loss is {single}", result.mean
        );
    }

    #[test]
    fn summary_matches_sample_by_sample(
        pairs in prop::collection::vec(
            (
                probability(),
                prop_oneof![3 => Just(0.0), 3 => Just(1.0), 2 => Just(0.9), 1 => probability()],
            ),
            1..64,
        ),
    ) {
        let (predictions, labels): (Vec<f64>, Vec<f64>) = pairs.iter().copied().unzip();
        let samples: Vec<_> = pairs.iter().map(|&(h, y)| WeightedSample::new(h, y)).collect();
        let expected = batch_loss(&samples, Convention::Exact, Precision::Float64).unwrap();
        let (mean, sum) =
            batch_summary(&predictions, &labels, None, Convention::Exact, Precision::Float64)
                .unwrap();
        prop_assert!(
            relative_difference(expected.sum, sum) <= 1e-12,
            "products give {sum}, sample by sample {}", expected.sum
        );
        prop_assert!(relative_difference(expected.mean, mean) <= 1e-12);
    }

    #[test]
    fn prediction_gradient_matches_difference(h in 0.01..0.99f64, y in probability()) {
        let step = 1e-6;
        let numeric = (loss(h + step, y).unwrap() - loss(h - step, y).unwrap()) / (2.0 * step);
        let analytic = gradient_wrt_prediction(h, y).unwrap();
        prop_assert!(
            (numeric - analytic).abs() <= 1e-5 * analytic.abs().max(1.0),
            "h = {h}, y = {y}: analytic {analytic}, central difference {numeric}"
        );
    }

    #[test]
    fn logit_gradient_matches_difference(z in -30.0..30.0f64, y in probability()) {
        let step = 1e-5;
        let above = loss_from_logit(z + step, y).unwrap();
        let below = loss_from_logit(z - step, y).unwrap();
        let numeric = (above - below) / (2.0 * step);
        let analytic = gradient_wrt_logit(z, y).unwrap();
        prop_assert!(
            (numeric - analytic).abs() <= 1e-6 * z.abs().max(1.0),
            "z = {z}, y = {y}: analytic {analytic}, central difference {numeric}"
        );
        prop_assert!(analytic.abs() <= 1.0);
    }

    /// The loss's second derivative in the logit is h (1 - h) ≤ 1/4, so a step of rate
    /// below 8 never raises it.
    #[test]
    fn descent_step_never_raises_loss(
        h in probability(),
        y in probability(),
        rate in 0.01..7.9f64,
    ) {
        let before = loss(h, y).unwrap();
        let after = loss(descent_step(h, y, rate).unwrap(), y).unwrap();
        prop_assert!(
            after <= before * (1.0 + 1e-12) + 1e-15,
            "h = {h}, y = {y}, rate = {rate}: {before} -> {after}"
        );
    }
}
