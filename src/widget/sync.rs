//! The widget's state seen from outside: reading it as a plain object, setting it from one
//! (attribute values, link parameters), and the "change" event after a person edits it.

use wasm_bindgen::prelude::*;
use web_sys::{CustomEvent, CustomEventInit};

use super::{log_error, Shared};
use crate::convention::{Convention, Precision};
use crate::plot::CurveAxis;
use crate::readout::{parse_number, ParseError};
use crate::state::{format_batch, parse_batch};

/// The state properties [`Shared::set_state`] reads, in the order it applies them. `mode` is
/// "gan" or "standard" (the GAN panel), `generator` the generator's loss function, `axis`
/// "prediction" or "logit" (the loss chart's horizontal axis), `minus` "kept" or "dropped"
/// (the loss's minus sign) and `rate` the gradient step's learning rate.
const STATE_FIELDS: [&str; 11] = [
    "batch",
    "selected",
    "h",
    "y",
    "convention",
    "precision",
    "mode",
    "generator",
    "axis",
    "minus",
    "rate",
];

/// The learning rates the rate slider offers: from `RATE_MIN` to `RATE_MAX` in steps of
/// `RATE_STEP`. The slider gets these at mount, and `rate` must be one of them.
pub(super) const RATE_MIN: f64 = 0.1;
pub(super) const RATE_MAX: f64 = 4.0;
pub(super) const RATE_STEP: f64 = 0.1;

impl Shared {
    /// Returns the state as a plain object: `{batch, selected, h, y, convention, precision,
    /// mode, generator, axis, minus, rate, meanLoss}`, with `batch` in the compact `h:y,h:y`
    /// notation and `selected` 1-based.
    pub(super) fn state_object(&self) -> JsValue {
        let state = self.state.borrow();
        let batch = &state.batch;
        let sample = batch.selected();
        let object = js_sys::Object::new();
        let view = state.view;
        let properties: [(&str, JsValue); 12] = [
            ("batch", format_batch(batch.samples()).into()),
            ("selected", ((batch.selected_index() + 1) as f64).into()),
            ("h", sample.h.into()),
            ("y", sample.y.into()),
            ("convention", batch.convention().name().into()),
            ("precision", precision_name(batch.precision()).into()),
            (
                "mode",
                if state.gan.shown { "gan" } else { "standard" }.into(),
            ),
            ("generator", state.gan.form.name().into()),
            (
                "axis",
                match view.axis {
                    CurveAxis::Prediction => "prediction",
                    CurveAxis::Logit => "logit",
                }
                .into(),
            ),
            (
                "minus",
                if view.minus_dropped {
                    "dropped"
                } else {
                    "kept"
                }
                .into(),
            ),
            ("rate", view.rate.into()),
            ("meanLoss", batch.mean_loss().into()),
        ];
        for (name, value) in properties {
            // Setting a property of a fresh plain object cannot fail.
            let _ = js_sys::Reflect::set(&object, &name.into(), &value);
        }
        object.into()
    }

    /// Applies the properties of `options` that are present and valid, in the order of
    /// [`STATE_FIELDS`], and returns one message per rejected property,
    /// naming the property and its value. A rejected property leaves its part of the state as
    /// it was.
    pub(super) fn set_state(&self, options: &JsValue) -> Vec<String> {
        // The new state applies to the learner's batch, not to the quiz's question.
        self.restore_quiz_batch();
        let mut problems = Vec::new();
        for field in STATE_FIELDS {
            let Ok(value) = js_sys::Reflect::get(options, &field.into()) else {
                continue;
            };
            if value.is_undefined() || value.is_null() {
                continue;
            }
            if let Err(reason) = self.apply_field(field, &value) {
                problems.push(format!("{field} = {}: {reason}", describe(&value)));
            }
        }
        self.sync_fields();
        self.schedule_render();
        problems
    }

    fn apply_field(&self, field: &str, value: &JsValue) -> Result<(), String> {
        let mut state = self.state.borrow_mut();
        match field {
            "mode" => {
                state.gan.shown = choice(field, value, [("gan", true), ("standard", false)])?;
                return Ok(());
            }
            "generator" => {
                let name = value
                    .as_string()
                    .ok_or("expected non-saturating or minimax")?;
                state.gan.form = name.parse().map_err(|error| format!("{error}"))?;
                return Ok(());
            }
            "axis" => {
                let options = [
                    ("prediction", CurveAxis::Prediction),
                    ("logit", CurveAxis::Logit),
                ];
                state.view.axis = choice(field, value, options)?;
                return Ok(());
            }
            "minus" => {
                let options = [("kept", false), ("dropped", true)];
                state.view.minus_dropped = choice(field, value, options)?;
                return Ok(());
            }
            "rate" => {
                let rate = number_of(value)?;
                let steps = rate / RATE_STEP;
                let on_grid = (steps - steps.round()).abs() < 1e-9;
                if !(RATE_MIN..=RATE_MAX).contains(&rate) || !on_grid {
                    return Err("expected a learning rate from 0.1 to 4 in steps of 0.1".to_owned());
                }
                // Dividing by the steps per unit, 10, keeps 2.3 from becoming
                // 2.3000000000000003, as multiplying by 0.1 would.
                state.view.rate = steps.round() / RATE_STEP.recip();
                return Ok(());
            }
            _ => {}
        }
        let batch = &mut state.batch;
        match field {
            "batch" => {
                let text = value
                    .as_string()
                    .ok_or("expected text such as \"0.9:1,0.2:0\"")?;
                let samples = parse_batch(&text).map_err(|error| error.to_string())?;
                batch
                    .replace_samples(samples)
                    .map_err(|error| error.to_string())
            }
            "selected" => {
                let number = number_of(value)?;
                let valid = number.fract() == 0.0 && number >= 1.0 && number <= batch.len() as f64;
                if !valid {
                    return Err(format!(
                        "expected a sample number from 1 to {}",
                        batch.len()
                    ));
                }
                batch
                    .select(number as usize - 1)
                    .map_err(|error| error.to_string())
            }
            "h" => batch
                .set_prediction(number_of(value)?)
                .map_err(|error| error.to_string()),
            "y" => batch
                .set_label(number_of(value)?)
                .map_err(|error| error.to_string()),
            "convention" => {
                let name = value.as_string().ok_or("expected a convention name")?;
                let convention: Convention = name.parse().map_err(|error| format!("{error}"))?;
                batch.set_convention(convention);
                Ok(())
            }
            "precision" => {
                let name = value.as_string().ok_or("expected float64 or float32")?;
                let precision: Precision = name.parse().map_err(|error| format!("{error}"))?;
                batch.set_precision(precision);
                Ok(())
            }
            _ => Ok(()),
        }
    }

    /// Records that a person changed the state, so the next render announces it.
    pub(super) fn note_user_change(&self) {
        self.user_changed.set(true);
    }

    /// Dispatches a "change" event on the container, with the state in `event.detail`, if a
    /// person changed the state since the last one.
    pub(super) fn announce_change(&self) {
        if !self.user_changed.replace(false) {
            return;
        }
        let init = CustomEventInit::new();
        init.set_detail(&self.state_object());
        match CustomEvent::new_with_event_init_dict("change", &init) {
            Ok(event) => {
                let _ = self.container.dispatch_event(&event);
            }
            Err(error) => log_error("creating the change event failed", &error),
        }
    }
}

/// Reads `value` as one of two names, in any case, and returns the option it names. The
/// messages name both options: "expected gan or standard".
fn choice<T: Copy>(field: &str, value: &JsValue, options: [(&str, T); 2]) -> Result<T, String> {
    let [(first, _), (second, _)] = options;
    let name = value
        .as_string()
        .ok_or_else(|| format!("expected {first} or {second}"))?
        .to_ascii_lowercase();
    options
        .into_iter()
        .find(|&(option, _)| option == name)
        .map(|(_, choice)| choice)
        .ok_or_else(|| format!("{field} is unknown: expected {first} or {second}"))
}

fn precision_name(precision: Precision) -> &'static str {
    match precision {
        Precision::Float64 => "float64",
        Precision::Float32 => "float32",
    }
}

/// Reads a number given as a JS number or as text.
fn number_of(value: &JsValue) -> Result<f64, String> {
    if let Some(number) = value.as_f64() {
        return if number.is_finite() {
            Ok(number)
        } else {
            Err("expected a finite number".to_owned())
        };
    }
    let text = value.as_string().ok_or("expected a number")?;
    parse_number(&text).map_err(|error| match error {
        ParseError::Empty => "the value is empty".to_owned(),
        ParseError::NotANumber => "not a number".to_owned(),
        ParseError::TooLarge => "too large".to_owned(),
        ParseError::TooSmall => "too small to store".to_owned(),
    })
}

/// Shows a value in a message: text quoted and shortened, anything else as JS prints it.
fn describe(value: &JsValue) -> String {
    if let Some(text) = value.as_string() {
        let mut shown: String = text.chars().take(24).collect();
        if text.chars().count() > 24 {
            shown.push('…');
        }
        format!("{shown:?}")
    } else if let Some(number) = value.as_f64() {
        number.to_string()
    } else {
        "a non-text value".to_owned()
    }
}
