//! The loss core for JavaScript: plain functions with camelCase names, usable without the
//! widget.
//!
//! Every function checks its arguments and throws a JS `Error` whose message names the
//! argument and its value, such as "prediction h = 1.5 is invalid: it must be a number in
//! [0, 1]" or "h must be a number, but got string". `convention` is "exact" (the default),
//! "pytorch", "keras" or "sklearn"; `precision` is "float64" (the default) or "float32".
//!
//! ```js
//! import init, { loss, batchLoss } from "./pkg/bce_explorer.js";
//! await init();
//! loss(0.2, 1);                   // 1.6094379124341003
//! loss(1, 0, "pytorch");          // 100
//! batchLoss([{ h: 0.9, y: 1 }, { h: 0.2, y: 0, weight: 2 }]).mean;
//! ```

use js_sys::{Array, Float64Array};
use serde::Deserialize;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

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

/// The properties a sample object may have.
const SAMPLE_FIELDS: [&str; 3] = ["h", "y", "weight"];

fn to_js_error(error: impl std::fmt::Display) -> JsError {
    JsError::new(&error.to_string())
}

/// Names a JS value's type for a message: "string", "object", "null", "an array"...
fn type_name(value: &JsValue) -> String {
    if value.is_null() {
        "null".to_owned()
    } else if Array::is_array(value) {
        "an array".to_owned()
    } else {
        value
            .js_typeof()
            .as_string()
            .unwrap_or_else(|| "a value".to_owned())
    }
}

/// Reads a number argument. NaN passes, so the core can reject it with the range.
fn number(name: &str, value: &JsValue) -> Result<f64, JsError> {
    if value.is_undefined() {
        return Err(JsError::new(&format!("{name} is missing: pass a number")));
    }
    value.as_f64().ok_or_else(|| {
        JsError::new(&format!(
            "{name} must be a number, but got {}",
            type_name(value)
        ))
    })
}

/// Reads an optional name argument: `None` when undefined or null.
fn name(kind: &str, value: &JsValue) -> Result<Option<String>, JsError> {
    if value.is_undefined() || value.is_null() {
        return Ok(None);
    }
    value.as_string().map(Some).ok_or_else(|| {
        JsError::new(&format!(
            "{kind} must be a name such as {}, but got {}",
            if kind == "convention" {
                "\"pytorch\""
            } else {
                "\"float32\""
            },
            type_name(value)
        ))
    })
}

fn convention_of(value: &JsValue) -> Result<Convention, JsError> {
    match name("convention", value)? {
        Some(text) => text.parse().map_err(to_js_error),
        None => Ok(Convention::Exact),
    }
}

fn precision_of(value: &JsValue) -> Result<Precision, JsError> {
    match name("precision", value)? {
        Some(text) => text.parse().map_err(to_js_error),
        None => Ok(Precision::Float64),
    }
}

/// Reads a list of numbers given as a `Float64Array` or an array of numbers.
fn numbers(name: &str, value: &JsValue, hint: &str) -> Result<Vec<f64>, JsError> {
    if let Some(typed) = value.dyn_ref::<Float64Array>() {
        return Ok(typed.to_vec());
    }
    let Some(array) = value.dyn_ref::<Array>() else {
        return Err(JsError::new(&format!(
            "{name} must be a Float64Array or an array of numbers, but got {}{hint}",
            type_name(value)
        )));
    };
    array
        .iter()
        .enumerate()
        .map(|(index, item)| {
            item.as_f64().ok_or_else(|| {
                JsError::new(&format!(
                    "{name}[{index}] must be a number, but got {}",
                    type_name(&item)
                ))
            })
        })
        .collect()
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
    h: JsValue,
    y: JsValue,
    convention: JsValue,
    precision: JsValue,
) -> Result<f64, JsError> {
    let (h, y) = (number("h", &h)?, number("y", &y)?);
    let (convention, precision) = (convention_of(&convention)?, precision_of(&precision)?);
    convention::loss_with(h, y, convention, precision).map_err(to_js_error)
}

/// Computes `L(h, y)` and its two weighted branches: `{real: y·(-ln h), fake: (1 - y)·(-ln(1
/// - h)), total}`.
#[wasm_bindgen(js_name = lossTerms)]
pub fn loss_terms_js(
    h: JsValue,
    y: JsValue,
    convention: JsValue,
    precision: JsValue,
) -> Result<JsValue, JsError> {
    let (h, y) = (number("h", &h)?, number("y", &y)?);
    let (convention, precision) = (convention_of(&convention)?, precision_of(&precision)?);
    let terms = convention::loss_terms_with(h, y, convention, precision).map_err(to_js_error)?;
    to_object(&[
        ("real", terms.real.into()),
        ("fake", terms.fake.into()),
        ("total", terms.total.into()),
    ])
}

/// Computes `-ln h`, the unweighted loss of the branch for `y = 1`.
#[wasm_bindgen(js_name = realBranch)]
pub fn real_branch_js(h: JsValue) -> Result<f64, JsError> {
    let h = crate::loss::check_prediction(number("h", &h)?).map_err(to_js_error)?;
    Ok(crate::loss::real_branch(h))
}

/// Computes `-ln(1 - h)`, the unweighted loss of the branch for `y = 0`.
#[wasm_bindgen(js_name = fakeBranch)]
pub fn fake_branch_js(h: JsValue) -> Result<f64, JsError> {
    let h = crate::loss::check_prediction(number("h", &h)?).map_err(to_js_error)?;
    Ok(crate::loss::fake_branch(h))
}

/// Computes `L(z, y)` from the logit `z`, exact for every `z`, infinities included.
#[wasm_bindgen(js_name = lossFromLogit)]
pub fn loss_from_logit_js(z: JsValue, y: JsValue) -> Result<f64, JsError> {
    logit::loss_from_logit(number("z", &z)?, number("y", &y)?).map_err(to_js_error)
}

/// Computes `sigmoid(z)`, in float64 unless `precision` is "float32".
#[wasm_bindgen(js_name = sigmoid)]
pub fn sigmoid_js(z: JsValue, precision: JsValue) -> Result<f64, JsError> {
    let z = number("z", &z)?;
    if z.is_nan() {
        return Err(to_js_error(crate::loss::LossError::LogitNaN));
    }
    Ok(logit::sigmoid(z, precision_of(&precision)?))
}

/// Computes `dL/dh = (h - y) / (h (1 - h))`.
#[wasm_bindgen(js_name = gradientWrtPrediction)]
pub fn gradient_wrt_prediction_js(h: JsValue, y: JsValue) -> Result<f64, JsError> {
    gradient::gradient_wrt_prediction(number("h", &h)?, number("y", &y)?).map_err(to_js_error)
}

/// Computes `dL/dz = sigmoid(z) - y`.
#[wasm_bindgen(js_name = gradientWrtLogit)]
pub fn gradient_wrt_logit_js(z: JsValue, y: JsValue) -> Result<f64, JsError> {
    gradient::gradient_wrt_logit(number("z", &z)?, number("y", &y)?).map_err(to_js_error)
}

/// Computes the binary entropy `H(y)`, the lowest loss any prediction reaches for `y`.
#[wasm_bindgen(js_name = entropy)]
pub fn entropy_js(y: JsValue) -> Result<f64, JsError> {
    entropy::entropy(number("y", &y)?).map_err(to_js_error)
}

/// Computes the Kullback-Leibler divergence `KL(y ‖ h)`, so `L(h, y) = H(y) + KL(y ‖ h)`.
#[wasm_bindgen(js_name = klDivergence)]
pub fn kl_divergence_js(y: JsValue, h: JsValue) -> Result<f64, JsError> {
    entropy::kl_divergence(number("y", &y)?, number("h", &h)?).map_err(to_js_error)
}

/// Computes a batch's loss from an array of `{h, y, weight?}` objects.
///
/// Returns `{mean, sum, losses}`. `losses` are the samples' own losses, and `sum` and
/// `mean` weight them. The weighted mean divides by the number of samples, as PyTorch's
/// `weight` argument does.
#[wasm_bindgen(js_name = batchLoss)]
pub fn batch_loss_js(
    samples: JsValue,
    convention: JsValue,
    precision: JsValue,
) -> Result<JsValue, JsError> {
    let (convention, precision) = (convention_of(&convention)?, precision_of(&precision)?);
    let Some(array) = samples.dyn_ref::<Array>() else {
        return Err(JsError::new(&format!(
            "the batch must be an array of {{h, y, weight?}} objects, but got {}",
            type_name(&samples)
        )));
    };

    let mut weighted = Vec::with_capacity(array.length() as usize);
    for (index, item) in array.iter().enumerate() {
        if !item.is_object() || Array::is_array(&item) {
            return Err(JsError::new(&format!(
                "sample {index} must be an object {{h, y, weight?}}, but got {}",
                type_name(&item)
            )));
        }
        // serde-wasm-bindgen reads only the fields it expects, so a misspelt `weight` would
        // pass silently without this check.
        let object_ref: &js_sys::Object = item.unchecked_ref();
        for key in js_sys::Object::keys(object_ref).iter() {
            let key = key.as_string().unwrap_or_default();
            if !SAMPLE_FIELDS.contains(&key.as_str()) {
                return Err(JsError::new(&format!(
                    "sample {index}: unknown property {key:?}: a sample has h, y and weight"
                )));
            }
        }
        let object: SampleObject = serde_wasm_bindgen::from_value(item).map_err(|error| {
            // serde-wasm-bindgen's message starts with the JS error's name.
            let text = error.to_string();
            let reason = text.strip_prefix("Error: ").unwrap_or(&text).to_owned();
            JsError::new(&format!("sample {index}: {reason}"))
        })?;
        weighted.push(WeightedSample {
            h: object.h,
            y: object.y,
            weight: object.weight.unwrap_or(1.0),
        });
    }

    let result = reduction::batch_loss(&weighted, convention, precision).map_err(to_js_error)?;
    let losses: Array = result
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

/// Computes a large batch's mean and sum from lists of predictions, labels and optional
/// weights (each a `Float64Array` or an array of numbers), without an object per sample.
///
/// Returns `{mean, sum}`. Use `sampleLosses` for the per-sample losses.
#[wasm_bindgen(js_name = batchLossArrays)]
pub fn batch_loss_arrays_js(
    predictions: JsValue,
    labels: JsValue,
    weights: JsValue,
    convention: JsValue,
    precision: JsValue,
) -> Result<JsValue, JsError> {
    let predictions = numbers("predictions", &predictions, "")?;
    let labels = numbers("labels", &labels, "")?;
    let weights = if weights.is_undefined() || weights.is_null() {
        None
    } else {
        let hint = if weights.is_string() {
            "; the convention is the fourth argument, after the weights"
        } else {
            ""
        };
        Some(numbers("weights", &weights, hint)?)
    };
    let (convention, precision) = (convention_of(&convention)?, precision_of(&precision)?);

    let (mean, sum) = reduction::batch_summary(
        &predictions,
        &labels,
        weights.as_deref(),
        convention,
        precision,
    )
    .map_err(to_js_error)?;
    to_object(&[("mean", mean.into()), ("sum", sum.into())])
}

/// Computes each sample's loss from lists of predictions and labels, as a `Float64Array`.
#[wasm_bindgen(js_name = sampleLosses)]
pub fn sample_losses_js(
    predictions: JsValue,
    labels: JsValue,
    convention: JsValue,
    precision: JsValue,
) -> Result<Float64Array, JsError> {
    let predictions = numbers("predictions", &predictions, "")?;
    let labels = numbers("labels", &labels, "")?;
    let (convention, precision) = (convention_of(&convention)?, precision_of(&precision)?);
    let losses = reduction::sample_losses(&predictions, &labels, convention, precision)
        .map_err(to_js_error)?;
    Ok(Float64Array::from(losses.as_slice()))
}
