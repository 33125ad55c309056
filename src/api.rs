//! The loss core for JavaScript: plain functions with camelCase names, usable without the
//! widget.
//!
//! Every function checks its input and throws a JS `Error` carrying the core's message, such
//! as "prediction h = 1.5 is invalid: it must be a number in [0, 1]". `convention` is
//! "exact" (the default), "pytorch", "keras" or "sklearn"; `precision` is "float64" (the
//! default) or "float32".
//!
//! ```js
//! import init, { loss, batchLoss } from "./pkg/bce_explorer.js";
//! await init();
//! loss(0.2, 1);                   // 1.6094379124341003
//! loss(1, 0, "pytorch");          // 100
//! batchLoss([{ h: 0.9, y: 1 }, { h: 0.2, y: 0, weight: 2 }]).mean;
//! ```

use js_sys::Float64Array;
use serde::Deserialize;
use wasm_bindgen::prelude::*;

use crate::convention::{self, Convention, Precision};
use crate::reduction::{self, WeightedSample};
use crate::{entropy, gradient, logit};

/// One sample as JavaScript passes it: `{h, y, weight?}`.
#[derive(Deserialize)]
struct SampleObject {
    h: f64,
    y: f64,
    #[serde(default)]
    weight: Option<f64>,
}

fn parse_convention(name: Option<String>) -> Result<Convention, JsError> {
    name.map_or(Ok(Convention::Exact), |name| {
        name.parse()
            .map_err(|error| JsError::new(&format!("{error}")))
    })
}

fn parse_precision(name: Option<String>) -> Result<Precision, JsError> {
    name.map_or(Ok(Precision::Float64), |name| {
        name.parse()
            .map_err(|error| JsError::new(&format!("{error}")))
    })
}

fn to_js_error(error: impl std::fmt::Display) -> JsError {
    JsError::new(&error.to_string())
}

/// Builds a plain JS object from its properties. Results are built directly rather than
/// through serde's serializer, whose cache of property names adds a hash map to the wasm.
fn to_object(properties: &[(&str, JsValue)]) -> Result<JsValue, JsError> {
    let object = js_sys::Object::new();
    for (name, value) in properties {
        js_sys::Reflect::set(&object, &JsValue::from_str(name), value)
            .map_err(|_| JsError::new("building the result object failed"))?;
    }
    Ok(object.into())
}

/// Computes `L(h, y)` under a convention and a precision.
#[wasm_bindgen(js_name = loss)]
pub fn loss_js(
    h: f64,
    y: f64,
    convention: Option<String>,
    precision: Option<String>,
) -> Result<f64, JsError> {
    let convention = parse_convention(convention)?;
    let precision = parse_precision(precision)?;
    convention::loss_with(h, y, convention, precision).map_err(to_js_error)
}

/// Computes `L(h, y)` and its two weighted branches: `{real: y·(-ln h), fake: (1 - y)·(-ln(1
/// - h)), total}`.
#[wasm_bindgen(js_name = lossTerms)]
pub fn loss_terms_js(
    h: f64,
    y: f64,
    convention: Option<String>,
    precision: Option<String>,
) -> Result<JsValue, JsError> {
    let convention = parse_convention(convention)?;
    let precision = parse_precision(precision)?;
    let terms = convention::loss_terms_with(h, y, convention, precision).map_err(to_js_error)?;
    to_object(&[
        ("real", terms.real.into()),
        ("fake", terms.fake.into()),
        ("total", terms.total.into()),
    ])
}

/// Computes `-ln h`, the unweighted loss of the branch for `y = 1`.
#[wasm_bindgen(js_name = realBranch)]
pub fn real_branch_js(h: f64) -> Result<f64, JsError> {
    let h = crate::loss::check_prediction(h).map_err(to_js_error)?;
    Ok(crate::loss::real_branch(h))
}

/// Computes `-ln(1 - h)`, the unweighted loss of the branch for `y = 0`.
#[wasm_bindgen(js_name = fakeBranch)]
pub fn fake_branch_js(h: f64) -> Result<f64, JsError> {
    let h = crate::loss::check_prediction(h).map_err(to_js_error)?;
    Ok(crate::loss::fake_branch(h))
}

/// Computes `L(z, y)` from the logit `z`, exact for every `z`, infinities included.
#[wasm_bindgen(js_name = lossFromLogit)]
pub fn loss_from_logit_js(z: f64, y: f64) -> Result<f64, JsError> {
    logit::loss_from_logit(z, y).map_err(to_js_error)
}

/// Computes `sigmoid(z)`, in float64 unless `precision` is "float32".
#[wasm_bindgen(js_name = sigmoid)]
pub fn sigmoid_js(z: f64, precision: Option<String>) -> Result<f64, JsError> {
    if z.is_nan() {
        return Err(to_js_error(crate::loss::LossError::LogitNaN));
    }
    Ok(logit::sigmoid(z, parse_precision(precision)?))
}

/// Computes `dL/dh = (h - y) / (h (1 - h))`.
#[wasm_bindgen(js_name = gradientWrtPrediction)]
pub fn gradient_wrt_prediction_js(h: f64, y: f64) -> Result<f64, JsError> {
    gradient::gradient_wrt_prediction(h, y).map_err(to_js_error)
}

/// Computes `dL/dz = sigmoid(z) - y`.
#[wasm_bindgen(js_name = gradientWrtLogit)]
pub fn gradient_wrt_logit_js(z: f64, y: f64) -> Result<f64, JsError> {
    gradient::gradient_wrt_logit(z, y).map_err(to_js_error)
}

/// Computes the binary entropy `H(y)`, the lowest loss any prediction reaches for `y`.
#[wasm_bindgen(js_name = entropy)]
pub fn entropy_js(y: f64) -> Result<f64, JsError> {
    entropy::entropy(y).map_err(to_js_error)
}

/// Computes the Kullback-Leibler divergence `KL(y ‖ h)`, so `L(h, y) = H(y) + KL(y ‖ h)`.
#[wasm_bindgen(js_name = klDivergence)]
pub fn kl_divergence_js(y: f64, h: f64) -> Result<f64, JsError> {
    entropy::kl_divergence(y, h).map_err(to_js_error)
}

/// Computes a batch's loss from an array of `{h, y, weight?}` objects.
///
/// Returns `{mean, sum, losses}`. The weighted mean divides by the number of samples, as
/// PyTorch's `weight` argument does.
#[wasm_bindgen(js_name = batchLoss)]
pub fn batch_loss_js(
    samples: JsValue,
    convention: Option<String>,
    precision: Option<String>,
) -> Result<JsValue, JsError> {
    let convention = parse_convention(convention)?;
    let precision = parse_precision(precision)?;
    let objects: Vec<SampleObject> = serde_wasm_bindgen::from_value(samples).map_err(|error| {
        // serde-wasm-bindgen's message starts with the JS error's name.
        let text = error.to_string();
        let reason = text.strip_prefix("Error: ").unwrap_or(&text);
        JsError::new(&format!(
            "the batch is invalid: {reason}; pass an array of {{h, y, weight?}} objects"
        ))
    })?;

    let samples: Vec<WeightedSample> = objects
        .into_iter()
        .map(|object| WeightedSample {
            h: object.h,
            y: object.y,
            weight: object.weight.unwrap_or(1.0),
        })
        .collect();
    let result = reduction::batch_loss(&samples, convention, precision).map_err(to_js_error)?;
    let losses: js_sys::Array = result
        .losses
        .iter()
        .map(|&loss| JsValue::from(loss))
        .collect();
    to_object(&[
        ("mean", result.mean.into()),
        ("sum", result.sum.into()),
        ("losses", losses.into()),
    ])
}

/// Computes a large batch's mean and sum from typed arrays of predictions, labels and
/// optional weights, without building an object per sample.
///
/// Returns `{mean, sum}`. Use [`sample_losses_js`] for the per-sample losses.
#[wasm_bindgen(js_name = batchLossArrays)]
pub fn batch_loss_arrays_js(
    predictions: &[f64],
    labels: &[f64],
    weights: Option<Vec<f64>>,
    convention: Option<String>,
    precision: Option<String>,
) -> Result<JsValue, JsError> {
    let convention = parse_convention(convention)?;
    let precision = parse_precision(precision)?;
    let (mean, sum) = reduction::batch_summary(
        predictions,
        labels,
        weights.as_deref(),
        convention,
        precision,
    )
    .map_err(to_js_error)?;
    to_object(&[("mean", mean.into()), ("sum", sum.into())])
}

/// Computes each sample's loss from typed arrays of predictions and labels, as a
/// `Float64Array`.
#[wasm_bindgen(js_name = sampleLosses)]
pub fn sample_losses_js(
    predictions: &[f64],
    labels: &[f64],
    convention: Option<String>,
    precision: Option<String>,
) -> Result<Float64Array, JsError> {
    let convention = parse_convention(convention)?;
    let precision = parse_precision(precision)?;
    let losses = reduction::sample_losses(predictions, labels, convention, precision)
        .map_err(to_js_error)?;
    Ok(Float64Array::from(losses.as_slice()))
}
