//! The JS API in headless Chromium: values crossing the wasm boundary as JS values, and the
//! JS `Error`s it throws for invalid input.

#![cfg(target_arch = "wasm32")]

use bce_explorer::api::{
    batch_loss_arrays_js, batch_loss_js, entropy_js, gradient_wrt_logit_js,
    gradient_wrt_prediction_js, loss_from_logit_js, loss_js, loss_terms_js, sample_losses_js,
    sigmoid_js,
};
use js_sys::{Array, Float64Array, Object, Reflect};
use wasm_bindgen::{JsCast, JsError, JsValue};
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

wasm_bindgen_test_configure!(run_in_browser);

fn get(object: &JsValue, key: &str) -> JsValue {
    Reflect::get(object, &key.into()).expect("reading a property works")
}

fn number(object: &JsValue, key: &str) -> f64 {
    get(object, key).as_f64().expect("the property is a number")
}

/// Returns the message of the JS `Error` a call threw.
fn message(error: JsError) -> String {
    let value = JsValue::from(error);
    let error: js_sys::Error = value.dyn_into().expect("the API throws Error objects");
    error.message().into()
}

const U: JsValue = JsValue::UNDEFINED;

fn n(value: f64) -> JsValue {
    JsValue::from(value)
}

fn list(values: &[f64]) -> JsValue {
    Float64Array::from(values).into()
}

fn sample(h: f64, y: f64, weight: Option<f64>) -> JsValue {
    let object = Object::new();
    Reflect::set(&object, &"h".into(), &h.into()).unwrap();
    Reflect::set(&object, &"y".into(), &y.into()).unwrap();
    if let Some(weight) = weight {
        Reflect::set(&object, &"weight".into(), &weight.into()).unwrap();
    }
    object.into()
}

#[wasm_bindgen_test]
fn loss_values_per_convention() {
    assert_eq!(1.6094379124341003, loss_js(n(0.2), n(1.0), U, U).unwrap());
    assert_eq!(f64::INFINITY, loss_js(n(1.0), n(0.0), U, U).unwrap());
    assert_eq!(
        100.0,
        loss_js(n(1.0), n(0.0), JsValue::from("pytorch"), U).unwrap()
    );
    let keras = loss_js(n(0.0), n(1.0), JsValue::from("keras"), U).unwrap();
    assert!((keras - 16.11809565095832).abs() < 1e-12);
    let sklearn = loss_js(n(1.0), n(0.0), JsValue::from("sklearn"), U).unwrap();
    assert!((sklearn - 36.04365338911715).abs() < 1e-12);
}

#[wasm_bindgen_test]
fn float32_precision_by_name() {
    let value = loss_js(n(0.9999999), n(0.0), U, JsValue::from("float32")).unwrap();
    assert!((value - 15.942385152878742).abs() < 1e-12);
    assert_eq!(1.0, sigmoid_js(n(20.0), JsValue::from("float32")).unwrap());
}

#[wasm_bindgen_test]
fn terms_are_an_object() {
    let terms = loss_terms_js(n(0.3), n(0.9), U, U).unwrap();
    let real = number(&terms, "real");
    let fake = number(&terms, "fake");
    assert!((real - 0.9 * -(0.3f64).ln()).abs() < 1e-15);
    assert!((fake - 0.1 * -(0.7f64).ln()).abs() < 1e-15);
    assert_eq!(real + fake, number(&terms, "total"));
}

#[wasm_bindgen_test]
fn logit_and_gradients() {
    assert_eq!(0.0, loss_from_logit_js(n(f64::INFINITY), n(1.0)).unwrap());
    assert_eq!(1000.0, loss_from_logit_js(n(-1000.0), n(1.0)).unwrap());
    let slope = gradient_wrt_prediction_js(n(0.3), n(1.0)).unwrap();
    assert!((slope - -3.333333333333333).abs() < 1e-12);
    let z = (0.3f64 / 0.7).ln();
    assert!((gradient_wrt_logit_js(n(z), n(1.0)).unwrap() - -0.7).abs() < 1e-12);
    assert!((entropy_js(n(0.3)).unwrap() - 0.6108643020548934).abs() < 1e-15);
}

#[wasm_bindgen_test]
fn batch_of_objects() {
    let samples = Array::new();
    samples.push(&sample(0.5, 1.0, Some(2.0)));
    samples.push(&sample(0.5, 0.0, None));
    let result = batch_loss_js(samples.into(), U, U).unwrap();

    let ln2 = std::f64::consts::LN_2;
    assert!((number(&result, "sum") - 3.0 * ln2).abs() < 1e-15);
    assert!((number(&result, "mean") - 1.5 * ln2).abs() < 1e-15);
    let losses: Array = get(&result, "losses")
        .dyn_into()
        .expect("losses is an array");
    assert_eq!(2, losses.length());
}

#[wasm_bindgen_test]
fn batch_of_typed_arrays() {
    let predictions = [1.0, 1.0, 0.0, 0.0];
    let labels = [1.0, 0.0, 0.0, 0.0];
    let result = batch_loss_arrays_js(
        list(&predictions),
        list(&labels),
        U,
        JsValue::from("pytorch"),
        U,
    )
    .unwrap();
    assert_eq!(25.0, number(&result, "mean"));
    assert_eq!(100.0, number(&result, "sum"));
    let exact = batch_loss_arrays_js(list(&predictions), list(&labels), U, U, U).unwrap();
    assert_eq!(f64::INFINITY, number(&exact, "mean"));

    let losses = sample_losses_js(
        list(&predictions),
        list(&labels),
        JsValue::from("pytorch"),
        U,
    )
    .unwrap();
    assert_eq!(vec![0.0, 100.0, 0.0, 0.0], losses.to_vec());
}

#[wasm_bindgen_test]
fn errors_are_js_errors() {
    assert_eq!(
        "prediction h = 1.5 is invalid: it must be a number in [0, 1]",
        message(loss_js(n(1.5), n(1.0), U, U).unwrap_err())
    );
    assert_eq!(
        "label y = 2 is invalid: it must be a number in [0, 1]",
        message(loss_js(n(0.9), n(2.0), U, U).unwrap_err())
    );
    assert_eq!(
        "logit z = NaN is invalid: it must be a number, and may be infinite",
        message(loss_from_logit_js(n(f64::NAN), n(1.0)).unwrap_err())
    );
    assert_eq!(
        "convention \"caffe\" is unknown: expected one of exact, pytorch, keras, sklearn",
        message(loss_js(n(0.5), n(1.0), JsValue::from("caffe"), U).unwrap_err())
    );
}

#[wasm_bindgen_test]
fn argument_types_checked() {
    assert_eq!(
        "h must be a number, but got string",
        message(loss_js("0.5".into(), n(1.0), U, U).unwrap_err())
    );
    assert_eq!(
        "y is missing: pass a number",
        message(loss_js(n(0.5), U, U, U).unwrap_err())
    );
    assert_eq!(
        "convention must be a name such as \"pytorch\", but got number",
        message(loss_js(n(0.5), n(1.0), n(3.0), U).unwrap_err())
    );
    assert_eq!(
        "precision must be a name such as \"float32\", but got object",
        message(loss_js(n(0.5), n(1.0), U, Object::new().into()).unwrap_err())
    );
    assert_eq!(
        "prediction h = Infinity is invalid: it must be a number in [0, 1]",
        message(loss_js(n(f64::INFINITY), n(1.0), U, U).unwrap_err())
    );
    let swapped =
        batch_loss_arrays_js(list(&[0.5]), list(&[1.0]), "pytorch".into(), U, U).unwrap_err();
    assert!(message(swapped).ends_with("the convention is the fourth argument, after the weights"));
}

#[wasm_bindgen_test]
fn batch_errors_name_sample() {
    let empty = batch_loss_js(Array::new().into(), U, U).unwrap_err();
    assert_eq!(
        "the batch is empty: it needs at least one sample",
        message(empty)
    );

    let samples = Array::new();
    samples.push(&sample(0.5, 1.0, None));
    samples.push(&sample(0.5, 1.0, Some(-1.0)));
    let negative = batch_loss_js(samples.into(), U, U).unwrap_err();
    assert_eq!(
        "sample 1: weight -1 is invalid: it must be finite and not negative",
        message(negative)
    );

    let not_array = batch_loss_js(JsValue::from_str("0.5"), U, U).unwrap_err();
    assert_eq!(
        "the batch must be an array of {h, y, weight?} objects, but got string",
        message(not_array)
    );
    let numbers = Array::of2(&n(0.5), &n(1.0));
    let not_objects = batch_loss_js(numbers.into(), U, U).unwrap_err();
    assert_eq!(
        "sample 0 must be an object {h, y, weight?}, but got number",
        message(not_objects)
    );

    let mismatch = batch_loss_arrays_js(list(&[0.5, 0.5]), list(&[1.0]), U, U, U).unwrap_err();
    assert_eq!(
        "the batch has 2 predictions but 1 labels: they must match",
        message(mismatch)
    );
}
