//! Writes the state into the widget: readouts, table rows, slider descriptions and both
//! canvases. Runs once per animation frame at most.

use plotters_canvas::CanvasBackend;
use web_sys::{Element, HtmlCanvasElement};

use super::dom::{Parts, RowParts};
use crate::batch::{Batch, Sample};
use crate::convention::{loss_with, Convention, Precision};
use crate::plot::{self, PlotError, PlotStyle};
use crate::readout::{format_label, format_loss, format_prediction, format_weight};

/// Writes the loss readouts, the mean, the notes and the sliders' value texts.
pub fn update_readouts(parts: &Parts, batch: &Batch) {
    let sample = batch.selected();
    let terms = batch.terms_of(&sample);
    let loss = format_loss(terms.total);
    // The unweighted branches are the losses at the hard labels, in the same convention.
    let branch = |label: f64| {
        batch
            .terms_at(sample.h, label)
            .expect("the selected sample is valid")
            .total
    };

    parts.loss.set_text_content(Some(&loss));
    let real_line = format!(
        "{} × {} = {}",
        format_weight(sample.y),
        format_loss(branch(1.0)),
        format_loss(terms.real)
    );
    parts.real.set_text_content(Some(&real_line));
    let fake_line = format!(
        "{} × {} = {}",
        format_weight(1.0 - sample.y),
        format_loss(branch(0.0)),
        format_loss(terms.fake)
    );
    parts.fake.set_text_content(Some(&fake_line));
    set_class(&parts.real, "bce-inactive", sample.y == 0.0);
    set_class(&parts.fake, "bce-inactive", sample.y == 1.0);

    let silenced_infinity =
        (sample.y == 0.0 && sample.h == 0.0) || (sample.y == 1.0 && sample.h == 1.0);
    set_hidden(&parts.weight_note, !silenced_infinity);
    update_cap_note(parts, batch, &sample);
    update_precision_note(parts, batch, &sample);

    let h_text = format!("{}, loss {loss}", format_prediction(sample.h));
    set_attribute(&parts.h_range, "aria-valuetext", &h_text);
    let y_text = format!(
        "{} ({}), loss {loss}",
        format_label(sample.y),
        label_kind(sample.y)
    );
    set_attribute(&parts.y_range, "aria-valuetext", &y_text);

    let mean = format_loss(batch.mean_loss());
    parts.mean.set_text_content(Some(&mean));

    let curve_text = format!(
        "Loss curve for label y = {}. Sample {} at h = {} has loss {loss}.",
        format_label(sample.y),
        batch.selected_index() + 1,
        format_prediction(sample.h),
    );
    set_attribute(&parts.curve, "aria-label", &curve_text);
    let bars_text = format!("Losses of {} samples, mean J = {mean}.", batch.len());
    set_attribute(&parts.bars, "aria-label", &bars_text);
}

/// Shows, when the selected sample's exact loss is infinite, the value each framework caps
/// it at.
fn update_cap_note(parts: &Parts, batch: &Batch, sample: &Sample) {
    let exact = loss_with(sample.h, sample.y, Convention::Exact, batch.precision());
    let infinite = exact.is_ok_and(|value| value.is_infinite());
    set_hidden(&parts.cap_note, !infinite);
    if !infinite {
        return;
    }

    let capped: Vec<String> = [
        Convention::PyTorch,
        Convention::Keras,
        Convention::ScikitLearn,
    ]
    .into_iter()
    .filter_map(|convention| {
        let value = loss_with(sample.h, sample.y, convention, batch.precision()).ok()?;
        Some(format!("{} at {}", convention.title(), format_loss(value)))
    })
    .collect();
    let note = format!(
        "The exact loss is ∞: the prediction is certain and wrong. Frameworks cap it to keep \
         training going: {}. The mean J inherits it, and the sample's row is red.",
        capped.join(", ")
    );
    parts.cap_note.set_text_content(Some(&note));
}

/// Shows the float32 explanation, and the stored value of `h` when float32 changes it.
fn update_precision_note(parts: &Parts, batch: &Batch, sample: &Sample) {
    let float32 = batch.precision() == Precision::Float32;
    set_hidden(&parts.precision_note, !float32);
    let stored = Precision::Float32.round(sample.h);
    let text = if float32 && stored != sample.h {
        format!(
            " Here h = {} is stored as {stored}.",
            format_prediction(sample.h)
        )
    } else {
        String::new()
    };
    parts.stored.set_text_content(Some(&text));
}

/// Writes each sample's values into its table row and marks the selected one.
pub fn update_rows(rows: &[RowParts], batch: &Batch) {
    let removable = batch.len() > 1;
    for (index, (row, sample)) in rows.iter().zip(batch.samples()).enumerate() {
        let selected = index == batch.selected_index();
        let loss = batch.loss_of(sample);
        row.h.set_text_content(Some(&format_prediction(sample.h)));
        let label = format!("{} {}", format_label(sample.y), label_kind(sample.y));
        row.y.set_text_content(Some(&label));
        row.loss.set_text_content(Some(&format_loss(loss)));
        row.select.set_checked(selected);
        set_class(&row.row, "bce-selected", selected);
        set_class(&row.row, "bce-infinite", loss.is_infinite());
        row.remove.set_disabled(!removable);
    }
}

/// Resizes each canvas's backing store to its CSS size times `scale` and draws the charts.
///
/// `sizes` are the canvases' CSS sizes in pixels, curve first; `style.scale` is the device
/// pixel ratio.
pub fn draw_charts(
    parts: &Parts,
    batch: &Batch,
    sizes: [(f64, f64); 2],
    style: &PlotStyle,
) -> Result<(), PlotError> {
    let curve = canvas_backend(&parts.curve, sizes[0], style.scale)?;
    plot::draw_loss_curve(curve, batch, style)?;
    let bars = canvas_backend(&parts.bars, sizes[1], style.scale)?;
    plot::draw_batch_bars(bars, batch, style)
}

/// Sets the canvas's backing size in device pixels and wraps it in a plotters backend.
fn canvas_backend(
    canvas: &HtmlCanvasElement,
    (css_width, css_height): (f64, f64),
    scale: f64,
) -> Result<CanvasBackend, PlotError> {
    let width = (css_width * scale).round().max(1.0) as u32;
    let height = (css_height * scale).round().max(1.0) as u32;
    if canvas.width() != width {
        canvas.set_width(width);
    }
    if canvas.height() != height {
        canvas.set_height(height);
    }
    CanvasBackend::with_canvas_object(canvas.clone())
        .ok_or_else(|| PlotError::new("the canvas has no 2D context"))
}

/// Names a label value for people: real, fake or soft.
fn label_kind(y: f64) -> &'static str {
    if y == 1.0 {
        "real"
    } else if y == 0.0 {
        "fake"
    } else {
        "soft"
    }
}

fn set_class(element: &Element, class: &str, on: bool) {
    // Toggling a class name that is a valid token cannot fail.
    let _ = element.class_list().toggle_with_force(class, on);
}

fn set_hidden(element: &Element, hidden: bool) {
    if hidden {
        set_attribute(element, "hidden", "");
    } else {
        let _ = element.remove_attribute("hidden");
    }
}

fn set_attribute(element: &Element, name: &str, value: &str) {
    // Setting an attribute whose name is a valid XML name cannot fail.
    let _ = element.set_attribute(name, value);
}
