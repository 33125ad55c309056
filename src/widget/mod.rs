//! The interactive widget: mounts into a container element, owns its state, listens to its
//! inputs and redraws once per animation frame. Removing a sample also redraws at once,
//! because the keyboard focus must move to a row that exists.
//!
//! ```js
//! import init, { mount } from "./bce_explorer.js";
//! await init();
//! const widget = mount(document.querySelector("#explorer"));
//! ```

mod dom;
mod input;
mod render;
mod sync;
mod theme;

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{
    Element, Event, EventTarget, HtmlElement, MediaQueryList, ResizeObserver, ResizeObserverEntry,
    Window,
};

use crate::batch::Batch;
use crate::plot::{CurveView, PlotStyle};
use dom::{Parts, RowParts};

/// CSS size of a canvas before the first resize observation, in CSS pixels.
const FALLBACK_CANVAS_SIZE: (f64, f64) = (480.0, 300.0);

/// Attribute that marks a container holding a widget, so a second mount is rejected.
const MOUNTED_ATTRIBUTE: &str = "data-bce-mounted";

/// Elements that cannot show children, so a widget mounted into one would be invisible.
const UNSUITABLE_CONTAINERS: [&str; 12] = [
    "INPUT", "TEXTAREA", "SELECT", "BUTTON", "IMG", "BR", "HR", "CANVAS", "VIDEO", "AUDIO",
    "IFRAME", "OBJECT",
];

/// A mounted widget. It stays live until [`Widget::destroy`] is called, even if this handle
/// is dropped, because its event listeners own its state.
#[wasm_bindgen]
pub struct Widget {
    shared: Rc<Shared>,
}

/// Mounts a widget into `container`, an element of this page, replacing its content.
///
/// Any number of widgets may be mounted on one page, each in its own container; each keeps
/// its own state.
///
/// # Errors
///
/// Throws a JS `Error` when `container` is not an HTML element of this page's document, is
/// not attached to it, cannot show children (such as `<input>`), or already contains a
/// widget. The container is then left as it was. Also throws when the browser lacks
/// `ResizeObserver`.
#[wasm_bindgen]
pub fn mount(container: JsValue) -> Result<Widget, JsError> {
    let window = web_sys::window().ok_or_else(|| JsError::new("no window: mount needs a page"))?;
    let container = check_container(container)?;

    let document = container
        .owner_document()
        .ok_or_else(|| JsError::new("the container is not in a document"))?;
    let prefix = dom::unique_prefix(&document);
    let (root, parts) = dom::build(&container, &prefix)?;
    let style = theme::plot_style(&window, &root);
    let _ = container.set_attribute(MOUNTED_ATTRIBUTE, "");

    let shared = Rc::new(Shared {
        window,
        prefix,
        container,
        root,
        parts,
        state: RefCell::new(State {
            batch: Batch::default(),
            rows: Vec::new(),
            canvas_sizes: [FALLBACK_CANVAS_SIZE; 2],
            scale: 0.0,
            scale_query: None,
            style,
            written: render::Writer::default(),
            layers: [
                render::Layer::new(&document)?,
                render::Layer::new(&document)?,
            ],
            gan: GanView::default(),
            view: CurveView::default(),
            quiz: None,
        }),
        frame_request: Cell::new(None),
        user_changed: Cell::new(false),
        destroyed: Cell::new(false),
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
    input::listen_to_inputs(&shared)?;
    shared.schedule_render();
    Ok(Widget { shared })
}

/// Checks that `container` can hold a widget, before anything in it changes.
fn check_container(container: JsValue) -> Result<HtmlElement, JsError> {
    let described = if container.is_null() || container.is_undefined() {
        "nothing".to_owned()
    } else {
        container
            .js_typeof()
            .as_string()
            .unwrap_or_else(|| "a value".to_owned())
    };
    let element = container.dyn_into::<HtmlElement>().map_err(|_| {
        JsError::new(&format!(
            "mount needs an HTML element of this page, but got {described}"
        ))
    })?;

    let tag = element.tag_name();
    if UNSUITABLE_CONTAINERS.contains(&tag.as_str()) {
        return Err(JsError::new(&format!(
            "mount needs an element that shows children, such as a <div>, not <{}>",
            tag.to_ascii_lowercase()
        )));
    }
    if !element.is_connected() {
        return Err(JsError::new(
            "the container is not attached to the document: append it before mounting",
        ));
    }
    if element.has_attribute(MOUNTED_ATTRIBUTE) {
        return Err(JsError::new(
            "the container already contains a widget: call destroy() on it first",
        ));
    }
    Ok(element)
}

#[wasm_bindgen]
impl Widget {
    /// Returns the mini-batch mean loss `J`, `Infinity` when a sample's loss is infinite.
    #[wasm_bindgen(js_name = meanLoss)]
    pub fn mean_loss(&self) -> Result<f64, JsError> {
        self.check_live()?;
        Ok(self.shared.state.borrow().batch.mean_loss())
    }

    /// Returns the state as a plain object: `{batch, selected, h, y, convention, precision,
    /// mode, generator, axis, minus, rate, meanLoss}`, with `batch` written `"h:y,h:y"` and
    /// `selected` counted from 1. The
    /// "change" event carries the same object in `event.detail`.
    #[wasm_bindgen(js_name = getState)]
    pub fn get_state(&self) -> Result<JsValue, JsError> {
        self.check_live()?;
        Ok(self.shared.state_object())
    }

    /// Sets any of the properties `getState` returns (but `meanLoss`), given as numbers or
    /// as text such as attribute values. Valid properties apply. An invalid one leaves its
    /// part of the state unchanged and adds a message naming it and its value to the
    /// returned array, so an empty array means everything applied.
    #[wasm_bindgen(js_name = setState)]
    pub fn set_state(&self, options: JsValue) -> Result<Vec<String>, JsError> {
        self.check_live()?;
        Ok(self.shared.set_state(&options))
    }

    /// Reads the colours again from the CSS custom properties and redraws the charts, after
    /// a page changes the widget's theme (the `<bce-explorer>` element calls this when its
    /// `theme` attribute changes). A change of the system's light or dark preference is
    /// followed without it.
    #[wasm_bindgen(js_name = refreshTheme)]
    pub fn refresh_theme(&self) -> Result<(), JsError> {
        self.check_live()?;
        self.shared.refresh_style();
        Ok(())
    }

    /// Removes the widget's listeners and content from its container. Calling it again does
    /// nothing; the other methods throw afterwards.
    pub fn destroy(&self) {
        if !self.shared.destroyed.replace(true) {
            self.shared.destroy();
        }
    }
}

impl Widget {
    fn check_live(&self) -> Result<(), JsError> {
        if self.shared.destroyed.get() {
            Err(JsError::new("this widget was destroyed: mount a new one"))
        } else {
            Ok(())
        }
    }
}

/// The widget's elements, its state and the callbacks the browser keeps.
struct Shared {
    window: Window,
    prefix: String,
    container: HtmlElement,
    /// The widget's outermost element inside the container.
    root: Element,
    parts: Parts,
    state: RefCell<State>,
    /// The id of the requested animation frame, while one is pending.
    frame_request: Cell<Option<i32>>,
    /// True when a person changed the state since the last "change" event.
    user_changed: Cell<bool>,
    /// True once `destroy` ran.
    destroyed: Cell<bool>,
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
    /// CSS sizes of the curve and bar canvases, in CSS pixels.
    canvas_sizes: [(f64, f64); 2],
    /// The device pixel ratio the canvases were last drawn at.
    scale: f64,
    /// A media query that changes when the device pixel ratio leaves `scale`.
    scale_query: Option<MediaQueryList>,
    /// Chart colours, read from the page's CSS custom properties at mount.
    style: PlotStyle,
    /// The texts the last render wrote to the page.
    written: render::Writer,
    /// The charts' backgrounds, curve first.
    layers: [render::Layer; 2],
    /// Whether the GAN panel shows, and the generator's loss function it uses.
    gan: GanView,
    /// The loss chart's axis and sign, and the learning rate of its gradient step.
    view: CurveView,
    /// The quiz under way, from its first question until "Back to my batch".
    quiz: Option<Quiz>,
}

/// A quiz: its question, shown as a batch of one sample, and the batch it replaced.
struct Quiz {
    question: crate::batch::Sample,
    saved: Batch,
}

/// The GAN panel's settings.
#[derive(Clone, Copy, Default)]
struct GanView {
    shown: bool,
    form: crate::gan::GeneratorLoss,
}

/// An event listener the widget added, kept so it stays alive and can be removed.
struct Listener {
    target: EventTarget,
    event: &'static str,
    callback: EventCallback,
}

impl Shared {
    fn schedule_render(&self) {
        if self.frame_request.get().is_some() {
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
            Ok(id) => self.frame_request.set(Some(id)),
            Err(error) => log_error("requestAnimationFrame failed", &error),
        }
    }

    /// Brings every readout, row and chart up to date with the state, then announces a
    /// change a person made.
    fn render(&self) {
        self.frame_request.set(None);
        self.draw();
        self.announce_change();
    }

    fn draw(&self) {
        let mut state = self.state.borrow_mut();
        self.watch_scale(&mut state);

        if state.rows.len() != state.batch.len() {
            match dom::build_rows(&self.parts.rows, &self.prefix, state.batch.len()) {
                Ok(rows) => {
                    state.rows = rows;
                    state.written.clear();
                }
                Err(error) => log_error("building the batch table failed", &error.into()),
            }
        }
        let state = &mut *state;
        render::update_rows(
            &state.rows,
            &state.batch,
            state.gan.shown,
            &mut state.written,
        );
        render::update_readouts(&self.parts, &state.batch, &mut state.written);
        render::update_gan(
            &self.parts,
            &state.batch,
            state.gan.shown,
            state.gan.form,
            &mut state.written,
        );
        render::update_lesson(&self.parts, &state.batch, &state.view, &mut state.written);

        let style = PlotStyle {
            scale: state.scale,
            ..state.style
        };
        let drawn = render::draw_charts(
            &self.parts,
            &state.batch,
            &state.view,
            state.canvas_sizes,
            &style,
            &mut state.layers,
        );
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

    /// Reads the chart colours again and redraws both charts from scratch.
    fn refresh_style(&self) {
        {
            let mut state = self.state.borrow_mut();
            state.style = theme::plot_style(&self.window, &self.root);
            for layer in &mut state.layers {
                layer.invalidate();
            }
        }
        self.schedule_render();
    }

    fn destroy(&self) {
        if let Some(id) = self.frame_request.take() {
            let _ = self.window.cancel_animation_frame(id);
        }
        let listeners: Vec<Listener> = self.listeners.borrow_mut().drain(..).collect();
        for listener in &listeners {
            let _ = listener.target.remove_event_listener_with_callback(
                listener.event,
                listener.callback.as_ref().unchecked_ref(),
            );
        }
        let observer = self.resize_observer.borrow_mut().take();
        if let Some((observer, _)) = &observer {
            observer.disconnect();
        }
        let scale_change = self.scale_change.borrow_mut().take();
        if let (Some(query), Some(callback)) =
            (self.state.borrow_mut().scale_query.take(), &scale_change)
        {
            let _ = query
                .remove_event_listener_with_callback("change", callback.as_ref().unchecked_ref());
        }
        let frame = self.frame.borrow_mut().take();

        // destroy() may run inside one of these callbacks (a page script reacting to the
        // widget's own event), and dropping a closure while it runs is an error. So the
        // callbacks are dropped by a timer instead, which also breaks the reference cycles
        // that keep the widget alive.
        let callbacks = (listeners, observer, scale_change, frame);
        let drop_later = Closure::once_into_js(move || drop(callbacks));
        let _ = self
            .window
            .set_timeout_with_callback(drop_later.unchecked_ref());

        if self.root.parent_node().as_ref() == Some(self.container.as_ref()) {
            self.container.remove_child(&self.root).ok();
        }
        let _ = self.container.remove_attribute(MOUNTED_ATTRIBUTE);
    }
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
