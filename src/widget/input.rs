//! The handlers of each input: slider moves, typed numbers, the label buttons,
//! and choosing, adding and removing samples.
//!
//! A handler changes the state and requests a redraw. It never keeps the state borrowed
//! while calling into the page, because page scripts may run in between (a focus listener,
//! for instance) and call back into the widget.

use std::rc::Rc;

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Element, Event, EventTarget, HtmlInputElement, KeyboardEvent};

use super::{Listener, Quiz, Shared};
use crate::batch::{Batch, BatchError, Sample, MAX_SAMPLES};
use crate::convention::{Convention, Precision};
use crate::gan::{self, GeneratorLoss};
use crate::plot::CurveAxis;
use crate::readout::{
    format_label, format_loss, format_prediction, format_slope, parse_number, ParseError,
};

/// The sample that "Add sample" appends: an undecided prediction for a real image.
const NEW_SAMPLE: Sample = Sample { h: 0.5, y: 1.0 };

/// Fraction of the way to 1 that "Generator improves" moves each generated image's score.
const GENERATOR_IMPROVEMENT: f64 = 0.2;

/// Maximum number of typed characters an error message repeats.
const MAX_ECHOED_CHARS: usize = 24;

/// The number field an edit came from.
#[derive(Clone, Copy)]
pub(super) enum Field {
    Prediction,
    Label,
}

impl Field {
    fn symbol(self) -> &'static str {
        match self {
            Field::Prediction => "h",
            Field::Label => "y",
        }
    }

    fn format(self, value: f64) -> String {
        match self {
            Field::Prediction => format_prediction(value),
            Field::Label => format_label(value),
        }
    }

    /// Explains the range in the field's own terms.
    fn range_reason(self) -> &'static str {
        match self {
            Field::Prediction => "a prediction is a probability, from 0 to 1",
            Field::Label => "a label runs from 0 (fake) to 1 (real)",
        }
    }
}

impl Shared {
    fn range(&self, field: Field) -> &HtmlInputElement {
        match field {
            Field::Prediction => &self.parts.h_range,
            Field::Label => &self.parts.y_range,
        }
    }

    fn number_field(&self, field: Field) -> &HtmlInputElement {
        match field {
            Field::Prediction => &self.parts.h_number,
            Field::Label => &self.parts.y_number,
        }
    }

    fn error_element(&self, field: Field) -> &Element {
        match field {
            Field::Prediction => &self.parts.h_error,
            Field::Label => &self.parts.y_error,
        }
    }

    fn current_value(&self, field: Field) -> f64 {
        let sample = self.state.borrow().batch.selected();
        match field {
            Field::Prediction => sample.h,
            Field::Label => sample.y,
        }
    }

    /// Writes the selected sample into both sliders and number fields, clears the fields'
    /// error messages, and sets the convention and precision selectors.
    pub(super) fn sync_fields(&self) {
        for field in [Field::Prediction, Field::Label] {
            let value = self.current_value(field);
            self.range(field).set_value_as_number(value);
            self.number_field(field).set_value(&field.format(value));
            self.clear_error(field);
        }
        let (convention, precision) = {
            let state = self.state.borrow();
            (state.batch.convention(), state.batch.precision())
        };
        self.parts.convention.set_value(convention.name());
        self.parts.precision.set_value(match precision {
            Precision::Float64 => "float64",
            Precision::Float32 => "float32",
        });
        let (gan, view) = {
            let state = self.state.borrow();
            (state.gan, state.view)
        };
        self.parts.gan_mode.set_checked(gan.shown);
        self.parts.g_form.set_value(gan.form.name());
        self.parts
            .logit_axis
            .set_checked(view.axis == CurveAxis::Logit);
        self.parts.drop_minus.set_checked(view.minus_dropped);
        self.parts.rate.set_value_as_number(view.rate);
    }

    fn show_error(&self, field: Field, message: &str) {
        self.error_element(field).set_text_content(Some(message));
        let _ = self
            .number_field(field)
            .set_attribute("aria-invalid", "true");
    }

    fn clear_error(&self, field: Field) {
        self.error_element(field).set_text_content(None);
        let _ = self.number_field(field).remove_attribute("aria-invalid");
    }

    fn set_value(&self, field: Field, value: f64) -> Result<(), BatchError> {
        let mut state = self.state.borrow_mut();
        match field {
            Field::Prediction => state.batch.set_prediction(value),
            Field::Label => state.batch.set_label(value),
        }
    }

    /// Applies a slider move to the selected sample.
    fn slider_input(&self, field: Field) {
        let value = self.range(field).value_as_number();
        if self.set_value(field, value).is_ok() {
            self.number_field(field).set_value(&field.format(value));
            self.clear_error(field);
            self.note_user_change();
        }
        self.schedule_render();
    }

    /// Applies the text of a number field, or shows why it cannot be used and keeps the
    /// last valid value.
    fn number_input(&self, field: Field) {
        let text = self.number_field(field).value();
        let symbol = field.symbol();
        let problem = match parse_number(&text) {
            Ok(value) if (0.0..=1.0).contains(&value) => {
                if self.set_value(field, value).is_ok() {
                    self.range(field).set_value_as_number(value);
                    self.clear_error(field);
                    self.note_user_change();
                    self.schedule_render();
                    return;
                }
                format!("{} is not usable for {symbol}.", echo(&text))
            }
            Ok(_) | Err(ParseError::TooLarge) => {
                format!(
                    "{} is outside 0 to 1: {}.",
                    echo(&text),
                    field.range_reason()
                )
            }
            Err(ParseError::Empty) => format!("Enter a number from 0 to 1 for {symbol}."),
            // The text is not repeated: it may be "NaN", which the page never shows.
            Err(ParseError::NotANumber) => {
                "That is not a number: enter one from 0 to 1, such as 0.25.".to_owned()
            }
            Err(ParseError::TooSmall) => format!(
                "{} is too small to store: use 0, or a number of at least 1e-300.",
                echo(&text)
            ),
        };
        let kept = field.format(self.current_value(field));
        self.show_error(field, &format!("{problem} Still using {symbol} = {kept}."));
    }

    /// Rewrites a number field in the standard format once the person commits it, unless it
    /// contains an invalid entry they still need to see.
    fn number_change(&self, field: Field) {
        if self.number_field(field).has_attribute("aria-invalid") {
            return;
        }
        let value = self.current_value(field);
        self.number_field(field).set_value(&field.format(value));
    }

    /// Puts the last valid value back into a field the person leaves with an invalid entry.
    /// The message stays, saying which value is in use.
    fn number_blur(&self, field: Field) {
        let field_element = self.number_field(field);
        if field_element.has_attribute("aria-invalid") {
            field_element.set_value(&field.format(self.current_value(field)));
            let _ = field_element.remove_attribute("aria-invalid");
        }
    }

    /// Restores the last valid value into a number field, dropping an invalid entry.
    fn number_escape(&self, field: Field) {
        self.clear_error(field);
        self.number_change(field);
    }

    fn snap_label(&self, y: f64) {
        if self.set_value(Field::Label, y).is_ok() {
            self.range(Field::Label).set_value_as_number(y);
            self.number_field(Field::Label).set_value(&format_label(y));
            self.clear_error(Field::Label);
            self.note_user_change();
        }
        self.schedule_render();
    }

    fn select(&self, index: usize) {
        let selected = self.state.borrow_mut().batch.select(index);
        self.finish_batch_edit(selected);
    }

    fn add_sample(&self) {
        let pushed = self.state.borrow_mut().batch.push(NEW_SAMPLE);
        self.finish_batch_edit(pushed);
    }

    /// Follows an edit of the batch's rows. On success the fields show the selected sample
    /// and the change is announced; on failure the batch's message gives the reason.
    fn finish_batch_edit(&self, edit: Result<(), BatchError>) {
        match edit {
            Ok(()) => {
                self.sync_fields();
                self.parts.batch_error.set_text_content(None);
                self.note_user_change();
            }
            Err(error) => self.show_batch_error(&error),
        }
        self.schedule_render();
    }

    fn remove_sample(&self, index: usize) {
        let removed = self.state.borrow_mut().batch.remove(index);
        if let Err(error) = removed {
            self.show_batch_error(&error);
            self.schedule_render();
            return;
        }
        self.sync_fields();
        self.parts.batch_error.set_text_content(None);
        self.note_user_change();

        // The removed row's button is gone, so the rows are rebuilt now and the keyboard
        // focus moves to the selected row's radio button.
        self.render();
        let radio = {
            let state = self.state.borrow();
            state
                .rows
                .get(state.batch.selected_index())
                .map(|row| row.select.clone())
        };
        if let Some(radio) = radio {
            let _ = radio.focus();
        }
    }

    /// Applies the convention and precision selectors. Their options are the only values
    /// they can have, so an unknown one is a markup bug and is logged.
    fn settings_change(&self) {
        let convention = self.parts.convention.value().parse::<Convention>();
        let precision = self.parts.precision.value().parse::<Precision>();
        match (convention, precision) {
            (Ok(convention), Ok(precision)) => {
                let mut state = self.state.borrow_mut();
                state.batch.set_convention(convention);
                state.batch.set_precision(precision);
                drop(state);
                self.note_user_change();
            }
            (Err(error), _) | (_, Err(error)) => {
                super::log_error("reading a selector failed", &error.to_string().into());
            }
        }
        self.schedule_render();
    }

    fn gan_change(&self) {
        let shown = self.parts.gan_mode.checked();
        let form = self.parts.g_form.value().parse::<GeneratorLoss>();
        {
            let mut state = self.state.borrow_mut();
            state.gan.shown = shown;
            if let Ok(form) = form {
                state.gan.form = form;
            }
        }
        self.note_user_change();
        self.schedule_render();
    }

    /// Moves every generated image's score a fifth of the way towards 1.
    fn improve_generator(&self) {
        {
            let mut state = self.state.borrow_mut();
            let scores: Vec<(usize, f64)> = state
                .batch
                .samples()
                .iter()
                .enumerate()
                .filter(|(_, sample)| super::render::is_generated(sample.y))
                .map(|(index, sample)| (index, sample.h))
                .collect();
            for (index, h) in scores {
                if let Ok(improved) = gan::improve(h, GENERATOR_IMPROVEMENT) {
                    let _ = state.batch.set_prediction_at(index, improved);
                }
            }
        }
        self.sync_fields();
        self.note_user_change();
        self.schedule_render();
    }

    /// Applies the loss chart's controls: the logit axis, the dropped minus sign and the
    /// learning rate.
    fn view_change(&self) {
        let rate = self.parts.rate.value_as_number();
        {
            let mut state = self.state.borrow_mut();
            let view = &mut state.view;
            view.axis = if self.parts.logit_axis.checked() {
                CurveAxis::Logit
            } else {
                CurveAxis::Prediction
            };
            view.minus_dropped = self.parts.drop_minus.checked();
            // A range input's value is a number in its range. The check keeps a browser
            // that returns anything else from setting a rate of NaN.
            if rate.is_finite() && rate > 0.0 {
                view.rate = rate;
            }
        }
        self.note_user_change();
        self.schedule_render();
    }

    /// Applies one gradient-descent step of the chart's view to the selected sample, or to
    /// every sample.
    fn step(&self, all: bool) {
        {
            let mut state = self.state.borrow_mut();
            let view = state.view;
            let selected = state.batch.selected_index();
            let steps: Vec<(usize, f64)> = state
                .batch
                .samples()
                .iter()
                .enumerate()
                .filter(|&(index, _)| all || index == selected)
                .map(|(index, sample)| (index, view.step(sample.h, sample.y)))
                .collect();
            for (index, h) in steps {
                if let Err(error) = state.batch.set_prediction_at(index, h) {
                    super::log_error(
                        &format!("stepping sample {} failed", index + 1),
                        &error.to_string().into(),
                    );
                }
            }
        }
        self.sync_fields();
        self.note_user_change();
        self.schedule_render();
    }

    /// Starts a quiz: picks a prediction `h = k / 100` and a hard label, shows them as a
    /// batch of one sample and hides every loss until the learner has guessed. The batch
    /// as it was is kept, for "Back to my batch".
    fn start_quiz(&self) {
        // Math.random() is below 1, so k runs from 1 to 99.
        let h = (1.0 + (js_sys::Math::random() * 99.0).floor()) / 100.0;
        let y = if js_sys::Math::random() < 0.5 {
            0.0
        } else {
            1.0
        };
        let question = Sample { h, y };

        {
            let mut state = self.state.borrow_mut();
            let Ok(mut quiz_batch) = Batch::new(vec![question]) else {
                return;
            };
            let saved = match state.quiz.take() {
                Some(quiz) => quiz.saved,
                None => state.batch.clone(),
            };
            quiz_batch.set_convention(saved.convention());
            quiz_batch.set_precision(saved.precision());
            state.batch = quiz_batch;
            state.quiz = Some(Quiz { question, saved });
        }

        let (kind, label) = if y == 1.0 { ("real", 1) } else { ("fake", 0) };
        let text = format!(
            "The model gives h = {}, its probability that the image is real, and the image is \
             {kind} (y = {label}). What is the loss L(h, y)?",
            format_prediction(h)
        );
        let parts = &self.parts;
        parts.quiz_question.set_text_content(Some(&text));
        parts.quiz_result.set_text_content(None);
        parts.quiz_guess.set_value("");
        self.clear_quiz_error();
        let _ = parts.quiz_body.remove_attribute("hidden");
        let _ = self.root.class_list().add_1("bce-quiz-active");
        parts.quiz_start.set_text_content(Some("New question"));
        let _ = parts.quiz_guess.focus();
        self.sync_fields();
        self.schedule_render();
    }

    /// Checks the learner's guess and, when it is a number of 0 or more, shows the loss
    /// and how far the guess was from it, and brings the hidden losses back. Another guess
    /// after that gets its own verdict.
    fn reveal_quiz(&self) {
        let Some(question) = self.state.borrow().quiz.as_ref().map(|quiz| quiz.question) else {
            return;
        };
        let parts = &self.parts;
        let guess = match parse_number(&parts.quiz_guess.value()) {
            Ok(guess) if guess >= 0.0 => guess,
            other => return self.show_quiz_error(guess_problem(other)),
        };

        let loss = crate::loss::loss(question.h, question.y).unwrap_or(f64::NAN);
        let difference = guess - loss;
        let verdict = if difference.abs() <= 0.1 * loss {
            format!("Your guess, {}, is within 10% of it.", echo_number(guess))
        } else {
            let way = if difference > 0.0 { "high" } else { "low" };
            format!(
                "Your guess, {}, is {} too {way}.",
                echo_number(guess),
                format_slope(difference.abs())
            )
        };
        let branch = if question.y == 1.0 {
            "−ln h"
        } else {
            "−ln(1 − h)"
        };
        let result = format!("L = {branch} = {}. {verdict}", format_loss(loss));
        self.clear_quiz_error();
        parts.quiz_result.set_text_content(Some(&result));
        let _ = self.root.class_list().remove_1("bce-quiz-active");
        self.schedule_render();
    }

    /// Ends the quiz and puts back the batch it replaced, and announces the change,
    /// because edits made during the quiz may have changed the link.
    fn leave_quiz(&self) {
        if self.restore_quiz_batch() {
            self.sync_fields();
            self.note_user_change();
            self.schedule_render();
        }
    }

    /// Ends a quiz and puts back the batch it replaced, with the convention and precision
    /// chosen since. Returns false when no quiz was under way.
    pub(super) fn restore_quiz_batch(&self) -> bool {
        {
            let mut state = self.state.borrow_mut();
            let Some(quiz) = state.quiz.take() else {
                return false;
            };
            let (convention, precision) = (state.batch.convention(), state.batch.precision());
            state.batch = quiz.saved;
            state.batch.set_convention(convention);
            state.batch.set_precision(precision);
        }
        self.close_quiz_panel();
        self.parts.quiz_result.set_text_content(None);
        true
    }

    /// Hides the question and shows every panel again.
    fn close_quiz_panel(&self) {
        let parts = &self.parts;
        let _ = self.root.class_list().remove_1("bce-quiz-active");
        let _ = parts.quiz_body.set_attribute("hidden", "");
        parts
            .quiz_start
            .set_text_content(Some("Quiz: guess a loss first"));
        self.clear_quiz_error();
    }

    fn clear_quiz_error(&self) {
        self.parts.quiz_error.set_text_content(None);
        let _ = self.parts.quiz_guess.remove_attribute("aria-invalid");
    }

    fn show_quiz_error(&self, message: &str) {
        // A verdict on an earlier guess would read as the verdict on this one.
        self.parts.quiz_result.set_text_content(None);
        self.parts.quiz_error.set_text_content(Some(message));
        let _ = self.parts.quiz_guess.set_attribute("aria-invalid", "true");
    }

    /// Shows or hides every explanatory text, as the "compact" attribute does.
    fn explain_change(&self) {
        let compact = !self.parts.explain.checked();
        let _ = self
            .root
            .class_list()
            .toggle_with_force("bce-compact", compact);
    }

    fn show_batch_error(&self, error: &BatchError) {
        let message = match error {
            BatchError::Full => {
                format!("The batch is full: {MAX_SAMPLES} samples is the most it holds.")
            }
            BatchError::LastSample => {
                "A mini-batch needs at least one sample, so the last one stays.".to_owned()
            }
            other => format!("{other}."),
        };
        self.parts.batch_error.set_text_content(Some(&message));
    }
}

/// Returns the message for a quiz guess that is not a number of 0 or more.
fn guess_problem(parsed: Result<f64, ParseError>) -> &'static str {
    match parsed {
        Ok(_) => "The loss is never negative: each −ln term is 0 or more. Guess again.",
        Err(ParseError::Empty) => "Enter your guess first, such as 0.7.",
        Err(ParseError::TooLarge) => {
            "That is too large to store. For h from 0.01 to 0.99 the loss is under 5."
        }
        Err(ParseError::TooSmall) => {
            "That is too small to store: guess 0, or a number of at least 1e-300."
        }
        Err(ParseError::NotANumber) => "That is not a number: enter one such as 0.7.",
    }
}

/// Writes a guess back as the shortest decimal that reads as it, in exponent form when
/// that is longer than [`MAX_ECHOED_CHARS`] characters (`1e308` rather than 309 digits).
fn echo_number(value: f64) -> String {
    let text = value.to_string();
    if text.len() <= MAX_ECHOED_CHARS {
        text
    } else {
        format!("{value:e}")
    }
}

/// Quotes what a person typed, shortened to [`MAX_ECHOED_CHARS`] characters.
fn echo(text: &str) -> String {
    let trimmed = text.trim();
    let mut shown: String = trimmed.chars().take(MAX_ECHOED_CHARS).collect();
    if trimmed.chars().count() > MAX_ECHOED_CHARS {
        shown.push('…');
    }
    format!("“{shown}”")
}

/// Adds a listener for `event` on `target` that calls `handler` with the widget.
fn listen(
    shared: &Rc<Shared>,
    target: &EventTarget,
    event: &'static str,
    handler: impl Fn(&Shared, &Event) + 'static,
) -> Result<(), JsError> {
    let handler_shared = Rc::clone(shared);
    let callback =
        Closure::<dyn FnMut(Event)>::new(move |event: Event| handler(&handler_shared, &event));
    target
        .add_event_listener_with_callback(event, callback.as_ref().unchecked_ref())
        .map_err(|_| JsError::new(&format!("adding a {event} listener failed")))?;
    shared.listeners.borrow_mut().push(Listener {
        target: target.clone(),
        event,
        callback,
    });
    Ok(())
}

/// A control, the event it fires and the handler that event calls.
type Binding<'a> = (&'a EventTarget, &'static str, fn(&Shared));

/// Connects every control of the widget to its handler.
pub(super) fn listen_to_inputs(shared: &Rc<Shared>) -> Result<(), JsError> {
    let parts = &shared.parts;
    for field in [Field::Prediction, Field::Label] {
        let range = shared.range(field);
        let number = shared.number_field(field);
        listen(shared, range, "input", move |widget, _| {
            widget.slider_input(field)
        })?;
        listen(shared, number, "input", move |widget, _| {
            widget.number_input(field)
        })?;
        listen(shared, number, "change", move |widget, _| {
            widget.number_change(field)
        })?;
        listen(shared, number, "blur", move |widget, _| {
            widget.number_blur(field)
        })?;
        listen(shared, number, "keydown", move |widget, event| {
            let escape = event
                .dyn_ref::<KeyboardEvent>()
                .is_some_and(|key| key.key() == "Escape");
            if escape {
                widget.number_escape(field);
            }
        })?;
    }
    // The controls whose handlers need nothing from the event.
    let controls: [Binding; 17] = [
        (&parts.y_fake, "click", |widget| widget.snap_label(0.0)),
        (&parts.y_real, "click", |widget| widget.snap_label(1.0)),
        (&parts.add, "click", Shared::add_sample),
        (&parts.convention, "change", Shared::settings_change),
        (&parts.precision, "change", Shared::settings_change),
        (&parts.gan_mode, "change", Shared::gan_change),
        (&parts.g_form, "change", Shared::gan_change),
        (&parts.improve, "click", Shared::improve_generator),
        (&parts.logit_axis, "input", Shared::view_change),
        (&parts.drop_minus, "input", Shared::view_change),
        (&parts.rate, "input", Shared::view_change),
        (&parts.step_one, "click", |widget| widget.step(false)),
        (&parts.step_all, "click", |widget| widget.step(true)),
        (&parts.explain, "change", Shared::explain_change),
        (&parts.quiz_start, "click", Shared::start_quiz),
        (&parts.quiz_reveal, "click", Shared::reveal_quiz),
        (&parts.quiz_leave, "click", Shared::leave_quiz),
    ];
    for (target, event, handler) in controls {
        listen(shared, target, event, move |widget, _| handler(widget))?;
    }

    listen(shared, &parts.quiz_guess, "keydown", |widget, event| {
        let enter = event
            .dyn_ref::<KeyboardEvent>()
            .is_some_and(|key| key.key() == "Enter");
        if enter {
            widget.reveal_quiz();
        }
    })?;

    // One listener on the table body serves every row, including rows added later.
    listen(shared, &parts.rows, "click", |widget, event| {
        let Some((index, on_remove)) = row_of_event(event) else {
            return;
        };
        if on_remove {
            widget.remove_sample(index);
        } else if index != widget.state.borrow().batch.selected_index() {
            widget.select(index);
        }
    })?;
    listen(shared, &parts.rows, "change", |widget, event| {
        if let Some((index, _)) = row_of_event(event) {
            widget.select(index);
        }
    })?;

    // The charts take their colours from CSS, which changes with the system's preference.
    if let Ok(Some(scheme)) = shared.window.match_media("(prefers-color-scheme: dark)") {
        listen(shared, &scheme, "change", |widget, _| {
            widget.refresh_style()
        })?;
    }

    // The container's "change" event is the widget's own, with the state in its detail, so
    // the native change events of the fields inside stop at the widget's root.
    listen(shared, &shared.root, "change", |_, event| {
        event.stop_propagation()
    })?;
    Ok(())
}

/// Returns the row index an event in the table came from, and whether it hit the row's
/// remove button.
fn row_of_event(event: &Event) -> Option<(usize, bool)> {
    let target = event.target()?.dyn_into::<Element>().ok()?;
    let row = target.closest("tr[data-index]").ok()??;
    let index = row.get_attribute("data-index")?.parse().ok()?;
    let on_remove = target
        .closest("[data-part=\"remove\"]")
        .ok()
        .flatten()
        .is_some();
    Some((index, on_remove))
}
