//! Browser tests of the widget layer, run in headless Chromium by wasm-bindgen-test.
//!
//! Each test mounts widgets into fresh elements and reads them the way a person does: by
//! the labels of outputs and sliders.

#![cfg(target_arch = "wasm32")]

use bce_explorer::widget::{mount, Widget};
use wasm_bindgen::{JsCast, JsError, JsValue};
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};
use web_sys::{Element, Event, HtmlElement, HtmlInputElement};

wasm_bindgen_test_configure!(run_in_browser);

fn document() -> web_sys::Document {
    web_sys::window()
        .and_then(|window| window.document())
        .expect("tests run in a page")
}

/// Appends a fresh container to the page and mounts a widget into it.
fn mount_fresh() -> (HtmlElement, Widget) {
    let container: HtmlElement = document()
        .create_element("div")
        .expect("div is a valid tag")
        .unchecked_into();
    document()
        .body()
        .expect("the test page has a body")
        .append_child(&container)
        .expect("appending to body works");
    let widget = mount(container.clone().into()).expect("mount succeeds");
    (container, widget)
}

/// Resolves after the next animation frame, when the widget has redrawn.
async fn next_frame() {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        web_sys::window()
            .expect("tests run in a window")
            .request_animation_frame(&resolve)
            .expect("requestAnimationFrame works");
    });
    JsFuture::from(promise)
        .await
        .expect("the frame promise resolves");
}

/// Finds the control whose `<label>` text starts with `name` inside `container`.
fn labelled(container: &Element, name: &str) -> Element {
    let labels = container
        .query_selector_all("label")
        .expect("valid selector");
    for index in 0..labels.length() {
        let label: Element = labels.item(index).expect("index in range").unchecked_into();
        let text = label.text_content().unwrap_or_default();
        if text.trim_start().starts_with(name) {
            let id = label
                .get_attribute("for")
                .expect("the label names its control");
            return document()
                .get_element_by_id(&id)
                .expect("the labelled control exists");
        }
    }
    panic!("no label starting with {name:?}");
}

fn readout(container: &Element, name: &str) -> String {
    labelled(container, name).text_content().unwrap_or_default()
}

fn move_slider(container: &Element, name: &str, value: &str) {
    let slider: HtmlInputElement = labelled(container, name).unchecked_into();
    slider.set_value(value);
    let event = Event::new("input").expect("input is a valid event type");
    slider
        .dispatch_event(&event)
        .expect("dispatching an input event works");
}

#[wasm_bindgen_test]
async fn shows_default_batch() {
    let (container, _widget) = mount_fresh();
    next_frame().await;

    assert_eq!("0.1054", readout(&container, "Loss L(h, y)"));
    assert_eq!("0.6495", readout(&container, "Mini-batch mean loss"));
}

#[wasm_bindgen_test]
async fn two_widgets_are_independent() {
    let (first, first_widget) = mount_fresh();
    let (second, second_widget) = mount_fresh();
    next_frame().await;
    let second_loss = readout(&second, "Loss L(h, y)");
    let second_mean = readout(&second, "Mini-batch mean loss");

    move_slider(&first, "Prediction h", "0.2");
    next_frame().await;

    assert_eq!("1.6094", readout(&first, "Loss L(h, y)"));
    assert_ne!(second_mean, readout(&first, "Mini-batch mean loss"));
    assert_eq!(second_loss, readout(&second, "Loss L(h, y)"));
    assert_eq!(second_mean, readout(&second, "Mini-batch mean loss"));
    let difference = first_widget.mean_loss().unwrap() - second_widget.mean_loss().unwrap();
    assert!(difference.abs() > 0.1);
}

#[wasm_bindgen_test]
async fn label_slider_changes_loss() {
    let (container, _widget) = mount_fresh();
    move_slider(&container, "Label y", "0");
    next_frame().await;

    // -ln(1 - 0.9) = ln 10
    assert_eq!("2.3026", readout(&container, "Loss L(h, y)"));
}

#[wasm_bindgen_test]
async fn ids_are_unique_per_widget() {
    let (first, _first_widget) = mount_fresh();
    let (second, _second_widget) = mount_fresh();

    let first_slider = labelled(&first, "Prediction h");
    let second_slider = labelled(&second, "Prediction h");
    assert_ne!(first_slider.id(), second_slider.id());
    assert!(first.contains(Some(&first_slider)));
    assert!(second.contains(Some(&second_slider)));
}

#[wasm_bindgen_test]
async fn destroy_empties_container() {
    let (container, widget) = mount_fresh();
    next_frame().await;
    widget.destroy();
    next_frame().await;

    assert_eq!(0, container.child_element_count());
}

/// Returns the message of the JS `Error` a call threw.
fn message(error: JsError) -> String {
    let value = JsValue::from(error);
    let error: js_sys::Error = value.dyn_into().expect("mount throws Error objects");
    error.message().into()
}

#[wasm_bindgen_test]
fn mount_rejects_non_elements() {
    let error = mount(JsValue::NULL).err().expect("null is rejected");
    assert_eq!(
        "mount needs an HTML element of this page, but got nothing",
        message(error)
    );
    let error = mount(JsValue::from_str("#explorer"))
        .err()
        .expect("a string is rejected");
    assert_eq!(
        "mount needs an HTML element of this page, but got string",
        message(error)
    );
}

#[wasm_bindgen_test]
fn mount_rejects_detached_and_input() {
    let detached = document().create_element("div").unwrap();
    let error = mount(detached.clone().into())
        .err()
        .expect("detached is rejected");
    assert!(message(error).contains("not attached"));
    assert_eq!(0, detached.child_element_count());

    let input = document().create_element("input").unwrap();
    document().body().unwrap().append_child(&input).unwrap();
    let error = mount(input.into()).err().expect("an input is rejected");
    assert!(message(error).contains("not <input>"));
}

#[wasm_bindgen_test]
async fn second_mount_rejected() {
    let (container, widget) = mount_fresh();
    let error = mount(container.clone().into())
        .err()
        .expect("a second mount is rejected");
    assert_eq!(
        "the container already contains a widget: call destroy() on it first",
        message(error)
    );
    next_frame().await;
    assert_eq!("0.1054", readout(&container, "Loss L(h, y)"));

    widget.destroy();
    let again = mount(container.clone().into()).expect("mounting after destroy works");
    next_frame().await;
    assert_eq!("0.6495", readout(&container, "Mini-batch mean loss"));
    again.destroy();
}

#[wasm_bindgen_test]
async fn destroyed_widget_throws() {
    let (_container, widget) = mount_fresh();
    widget.destroy();
    widget.destroy();

    let error = widget.mean_loss().expect_err("a destroyed widget throws");
    assert_eq!("this widget was destroyed: mount a new one", message(error));
}

#[wasm_bindgen_test]
async fn destroy_keeps_other_content() {
    let (container, widget) = mount_fresh();
    next_frame().await;
    let note = document().create_element("p").unwrap();
    container.append_child(&note).unwrap();

    widget.destroy();

    assert_eq!(1, container.child_element_count());
    assert!(container.contains(Some(&note)));
}
