//! The interactive widget: mounts into a container element, owns its state, listens to its
//! inputs and redraws at most once per animation frame.
//!
//! ```js
//! import init, { mount } from "./bce_explorer.js";
//! await init();
//! const widget = mount(document.querySelector("#explorer"));
//! ```

mod dom;
mod render;

use std::cell::RefCell;
use std::rc::Rc;

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{
    Element, Event, EventTarget, HtmlElement, HtmlInputElement, KeyboardEvent, MediaQueryList,
    ResizeObserver, ResizeObserverEntry, Window,
};

use crate::batch::{Batch, BatchError, Sample};
use crate::readout::{format_label, format_prediction, parse_number};
use dom::{Parts, RowParts};

/// The sample that "Add sample" appends: an undecided prediction for a real image.
const NEW_SAMPLE: Sample = Sample { h: 0.5, y: 1.0 };

/// CSS size of a canvas before the first resize observation, in CSS pixels.
const FALLBACK_CANVAS_SIZE: (f64, f64) = (480.0, 300.0);

/// Installs the panic hook when the module is instantiated, so a panic reaches the console
/// with its message.
#[wasm_bindgen(start)]
fn start() {
    console_error_panic_hook::set_once();
}

/// A mounted widget. It stays live until [`Widget::destroy`] is called, even if this handle
/// is dropped, because its event listeners own its state.
#[wasm_bindgen]
pub struct Widget {
    shared: Rc<Shared>,
}

/// Mounts a widget into `container`, replacing the container's content.
///
/// Any number of widgets may be mounted on one page; each keeps its own state.
///
/// # Errors
///
/// Throws a JS `Error` when the container is not in a document or the browser lacks a
/// required API (`ResizeObserver`, canvas 2D).
#[wasm_bindgen]
pub fn mount(container: &HtmlElement) -> Result<Widget, JsError> {
    let window = web_sys::window().ok_or_else(|| JsError::new("no window: mount needs a page"))?;
    let document = container
        .owner_document()
        .ok_or_else(|| JsError::new("the container is not in a document"))?;
    let prefix = dom::unique_prefix(&document);
    let parts = dom::build(container, &prefix)?;

    let shared = Rc::new(Shared {
        window,
        prefix,
        container: container.clone(),
        parts,
        state: RefCell::new(State {
            batch: Batch::default(),
            rows: Vec::new(),
            frame_pending: false,
            canvas_sizes: [FALLBACK_CANVAS_SIZE; 2],
            scale: 0.0,
            scale_query: None,
        }),
        frame: RefCell::new(None),
        scale_change: RefCell::new(None),
        resize_observer: RefCell::new(None),
        listeners: RefCell::new(Vec::new()),
    });

    let frame_shared = Rc::clone(&shared);
    let frame = Closure::<dyn FnMut(f64)>::new(move |_timestamp: f64| frame_shared.render());
    *shared.frame.borrow_mut() = Some(frame);
    let scale_shared = Rc::clone(&shared);
    let scale_change = Closure::<dyn FnMut(Event)>::new(move |_: Event| {
        scale_shared.schedule_render();
    });
    *shared.scale_change.borrow_mut() = Some(scale_change);

    shared.sync_fields();
    observe_canvas_sizes(&shared)?;
    listen_to_inputs(&shared)?;
    shared.schedule_render();
    Ok(Widget { shared })
}

#[wasm_bindgen]
impl Widget {
    /// Returns the mini-batch mean loss `J`, `Infinity` when a sample's loss is infinite.
    #[wasm_bindgen(js_name = meanLoss)]
    pub fn mean_loss(&self) -> f64 {
        self.shared.state.borrow().batch.mean_loss()
    }

    /// Removes the widget's listeners and content from its container. The handle is unusable
    /// afterwards.
    pub fn destroy(self) {
        self.shared.destroy();
    }
}

/// What the widget owns: its elements, its state and the callbacks the browser holds.
struct Shared {
    window: Window,
    prefix: String,
    container: HtmlElement,
    parts: Parts,
    state: RefCell<State>,
    /// The animation-frame callback; `None` once destroyed.
    frame: RefCell<Option<FrameCallback>>,
    /// The callback of the device-pixel-ratio media query; `None` once destroyed.
    scale_change: RefCell<Option<EventCallback>>,
    resize_observer: RefCell<Option<(ResizeObserver, ResizeCallback)>>,
    listeners: RefCell<Vec<Listener>>,
}

type FrameCallback = Closure<dyn FnMut(f64)>;
type EventCallback = Closure<dyn FnMut(Event)>;
type ResizeCallback = Closure<dyn FnMut(js_sys::Array)>;

/// The widget's changing state.
struct State {
    batch: Batch,
    rows: Vec<RowParts>,
    /// True while an animation frame is requested and has not run.
    frame_pending: bool,
    /// CSS sizes of the curve and bar canvases, in CSS pixels.
    canvas_sizes: [(f64, f64); 2],
    /// The device pixel ratio the canvases were last drawn at.
    scale: f64,
    /// A media query that changes when the device pixel ratio leaves `scale`.
    scale_query: Option<MediaQueryList>,
}

/// An event listener the widget added, kept so it stays alive and can be removed.
struct Listener {
    target: EventTarget,
    event: &'static str,
    callback: EventCallback,
}

/// Which number field an edit came from.
#[derive(Clone, Copy)]
enum Field {
    Prediction,
    Label,
}

impl Shared {
    fn schedule_render(&self) {
        let mut state = self.state.borrow_mut();
        if state.frame_pending {
            return;
        }

        let frame = self.frame.borrow();
        let Some(callback) = frame.as_ref() else {
            return; // destroyed
        };
        match self
            .window
            .request_animation_frame(callback.as_ref().unchecked_ref())
        {
            Ok(_) => state.frame_pending = true,
            Err(error) => log_error("requestAnimationFrame failed", &error),
        }
    }

    /// Brings every readout, row and chart up to date with the state.
    fn render(&self) {
        let mut state = self.state.borrow_mut();
        state.frame_pending = false;
        self.watch_scale(&mut state);

        if state.rows.len() != state.batch.len() {
            match dom::build_rows(&self.parts.rows, &self.prefix, state.batch.len()) {
                Ok(rows) => state.rows = rows,
                Err(error) => log_error("building the batch table failed", &error.into()),
            }
        }
        render::update_rows(&state.rows, &state.batch);
        render::update_readouts(&self.parts, &state.batch);
        self.parts
            .add
            .set_disabled(state.batch.len() >= crate::batch::MAX_SAMPLES);

        let drawn = render::draw_charts(&self.parts, &state.batch, state.canvas_sizes, state.scale);
        if let Err(error) = drawn {
            log_error(
                "drawing the charts failed",
                &JsValue::from_str(&error.to_string()),
            );
        }
    }

    /// Records the current device pixel ratio and, when it changed, listens for the next
    /// change, so canvases are redrawn sharp after a zoom or a move to another screen.
    fn watch_scale(&self, state: &mut State) {
        let scale = self.window.device_pixel_ratio();
        if scale == state.scale {
            return;
        }
        state.scale = scale;

        let scale_change = self.scale_change.borrow();
        let Some(callback) = scale_change.as_ref() else {
            return;
        };
        if let Some(old) = state.scale_query.take() {
            let _ = old
                .remove_event_listener_with_callback("change", callback.as_ref().unchecked_ref());
        }
        let query = format!("(resolution: {scale}dppx)");
        if let Ok(Some(list)) = self.window.match_media(&query) {
            let _ =
                list.add_event_listener_with_callback("change", callback.as_ref().unchecked_ref());
            state.scale_query = Some(list);
        }
    }

    /// Writes the selected sample into both sliders and number fields and clears the
    /// fields' error messages.
    fn sync_fields(&self) {
        let sample = self.state.borrow().batch.selected();
        self.parts.h_range.set_value(&format_prediction(sample.h));
        self.parts.h_number.set_value(&format_prediction(sample.h));
        self.parts.y_range.set_value(&format_label(sample.y));
        self.parts.y_number.set_value(&format_label(sample.y));
        self.clear_error(Field::Prediction);
        self.clear_error(Field::Label);
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

    /// Applies a slider move to the selected sample.
    fn slider_input(&self, field: Field) {
        let (range, number) = match field {
            Field::Prediction => (&self.parts.h_range, &self.parts.h_number),
            Field::Label => (&self.parts.y_range, &self.parts.y_number),
        };
        let value = range.value_as_number();
        if self.set_value(field, value).is_ok() {
            number.set_value(&format_value(field, value));
            self.clear_error(field);
        }
        self.schedule_render();
    }

    /// Applies the text of a number field, or shows why it cannot be used and keeps the
    /// last valid value.
    fn number_input(&self, field: Field) {
        let text = self.number_field(field).value();
        let name = match field {
            Field::Prediction => "Prediction h",
            Field::Label => "Label y",
        };
        let Some(value) = parse_number(&text) else {
            let message = if text.trim().is_empty() {
                format!("{name} is empty: enter a number from 0 to 1.")
            } else {
                format!("{name} must be a number from 0 to 1, such as 0.25.")
            };
            self.show_error(field, &self.with_kept_value(field, &message));
            return;
        };

        match self.set_value(field, value) {
            Ok(()) => {
                let range = match field {
                    Field::Prediction => &self.parts.h_range,
                    Field::Label => &self.parts.y_range,
                };
                range.set_value_as_number(value);
                self.clear_error(field);
                self.schedule_render();
            }
            Err(error) => {
                let message = format!("{}.", capitalise(&error.to_string()));
                self.show_error(field, &self.with_kept_value(field, &message));
            }
        }
    }

    /// Rewrites a number field in the standard format once the person commits it, unless it
    /// holds an invalid entry they still need to see.
    fn number_change(&self, field: Field) {
        if self.number_field(field).has_attribute("aria-invalid") {
            return;
        }
        let sample = self.state.borrow().batch.selected();
        let value = match field {
            Field::Prediction => sample.h,
            Field::Label => sample.y,
        };
        self.number_field(field)
            .set_value(&format_value(field, value));
    }

    /// Restores the last valid value into a number field, dropping an invalid entry.
    fn number_escape(&self, field: Field) {
        self.clear_error(field);
        self.number_change(field);
    }

    fn with_kept_value(&self, field: Field, message: &str) -> String {
        let sample = self.state.borrow().batch.selected();
        match field {
            Field::Prediction => {
                format!("{message} Still using h = {}.", format_prediction(sample.h))
            }
            Field::Label => format!("{message} Still using y = {}.", format_label(sample.y)),
        }
    }

    fn set_value(&self, field: Field, value: f64) -> Result<(), BatchError> {
        let mut state = self.state.borrow_mut();
        match field {
            Field::Prediction => state.batch.set_prediction(value),
            Field::Label => state.batch.set_label(value),
        }
    }

    fn snap_label(&self, y: f64) {
        if self.set_value(Field::Label, y).is_ok() {
            self.parts.y_range.set_value_as_number(y);
            self.parts.y_number.set_value(&format_label(y));
            self.clear_error(Field::Label);
        }
        self.schedule_render();
    }

    fn select(&self, index: usize) {
        let selected = self.state.borrow_mut().batch.select(index);
        match selected {
            Ok(()) => {
                self.sync_fields();
                self.parts.batch_error.set_text_content(None);
            }
            Err(error) => self.show_batch_error(&error),
        }
        self.schedule_render();
    }

    fn add_sample(&self) {
        let pushed = self.state.borrow_mut().batch.push(NEW_SAMPLE);
        match pushed {
            Ok(()) => {
                self.sync_fields();
                self.parts.batch_error.set_text_content(None);
            }
            Err(error) => self.show_batch_error(&error),
        }
        self.schedule_render();
    }

    fn remove_sample(&self, index: usize) {
        let removed = self.state.borrow_mut().batch.remove(index);
        match removed {
            Ok(_) => {
                self.sync_fields();
                self.parts.batch_error.set_text_content(None);
                // The row and its button are rebuilt; keep the keyboard in the table.
                self.render();
                let state = self.state.borrow();
                if let Some(row) = state.rows.get(state.batch.selected_index()) {
                    let _ = row.select.focus();
                }
            }
            Err(error) => {
                self.show_batch_error(&error);
                self.schedule_render();
            }
        }
    }

    fn show_batch_error(&self, error: &BatchError) {
        let message = format!("{}.", capitalise(&error.to_string()));
        self.parts.batch_error.set_text_content(Some(&message));
    }

    fn destroy(&self) {
        for listener in self.listeners.borrow_mut().drain(..) {
            let _ = listener.target.remove_event_listener_with_callback(
                listener.event,
                listener.callback.as_ref().unchecked_ref(),
            );
        }
        if let Some((observer, _)) = self.resize_observer.borrow_mut().take() {
            observer.disconnect();
        }
        if let Some(query) = self.state.borrow_mut().scale_query.take() {
            if let Some(callback) = self.scale_change.borrow().as_ref() {
                let _ = query.remove_event_listener_with_callback(
                    "change",
                    callback.as_ref().unchecked_ref(),
                );
            }
        }
        // Dropping the callbacks breaks the reference cycles that keep the widget alive. A
        // frame already requested finds no callback and does nothing.
        self.frame.borrow_mut().take();
        self.scale_change.borrow_mut().take();
        self.container.set_inner_html("");
    }
}

fn format_value(field: Field, value: f64) -> String {
    match field {
        Field::Prediction => format_prediction(value),
        Field::Label => format_label(value),
    }
}

/// Upper-cases the first letter of a core error message to start a sentence. The messages
/// are ASCII at the start, so ASCII case mapping suffices and keeps Unicode tables out.
fn capitalise(text: &str) -> String {
    let mut sentence = text.to_owned();
    if let Some(first) = sentence.get_mut(0..1) {
        first.make_ascii_uppercase();
    }
    sentence
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

fn listen_to_inputs(shared: &Rc<Shared>) -> Result<(), JsError> {
    let parts = &shared.parts;
    for field in [Field::Prediction, Field::Label] {
        let (range, number) = match field {
            Field::Prediction => (&parts.h_range, &parts.h_number),
            Field::Label => (&parts.y_range, &parts.y_number),
        };
        listen(shared, range, "input", move |widget, _| {
            widget.slider_input(field)
        })?;
        listen(shared, number, "input", move |widget, _| {
            widget.number_input(field)
        })?;
        listen(shared, number, "change", move |widget, _| {
            widget.number_change(field)
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
    listen(shared, &parts.y_fake, "click", |widget, _| {
        widget.snap_label(0.0)
    })?;
    listen(shared, &parts.y_real, "click", |widget, _| {
        widget.snap_label(1.0)
    })?;
    listen(shared, &parts.add, "click", |widget, _| widget.add_sample())?;

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

/// Tracks the CSS size of both canvases and redraws when it changes.
fn observe_canvas_sizes(shared: &Rc<Shared>) -> Result<(), JsError> {
    let observer_shared = Rc::clone(shared);
    let callback = Closure::<dyn FnMut(js_sys::Array)>::new(move |entries: js_sys::Array| {
        let curve: &Element = &observer_shared.parts.curve;
        for entry in entries.iter() {
            let Ok(entry) = entry.dyn_into::<ResizeObserverEntry>() else {
                continue;
            };
            let rect = entry.content_rect();
            let size = (rect.width(), rect.height());
            if size.0 <= 0.0 || size.1 <= 0.0 {
                continue; // hidden: keep the last size
            }
            let slot = if entry.target() == *curve { 0 } else { 1 };
            observer_shared.state.borrow_mut().canvas_sizes[slot] = size;
        }
        observer_shared.schedule_render();
    });

    let observer = ResizeObserver::new(callback.as_ref().unchecked_ref())
        .map_err(|_| JsError::new("this browser has no ResizeObserver"))?;
    observer.observe(&shared.parts.curve);
    observer.observe(&shared.parts.bars);
    *shared.resize_observer.borrow_mut() = Some((observer, callback));
    Ok(())
}

fn log_error(context: &str, error: &JsValue) {
    web_sys::console::error_2(
        &JsValue::from_str(&format!("bce-explorer: {context}:")),
        error,
    );
}
