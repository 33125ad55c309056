//! Writes the state into the widget: readouts, table rows, slider descriptions and both
//! canvases. Runs once per animation frame at most.

use plotters_canvas::CanvasBackend;
use web_sys::{Element, HtmlCanvasElement};

use super::dom::{Parts, RowParts};
use crate::batch::Batch;
use crate::plot::{self, PlotError, PlotStyle};
use crate::readout::{format_label, format_loss, format_prediction, format_weight};

/// Writes the loss readouts, the mean and the sliders' value texts.
pub fn update_readouts(parts: &Parts, batch: &Batch) {
    let sample = batch.selected();
    let terms = sample.terms();
    let loss = format_loss(terms.total);

    parts.loss.set_text_content(Some(&loss));
    let real_line = format!(
        "{} × {} = {}",
        format_weight(sample.y),
        format_loss(crate::loss::real_branch(sample.h)),
        format_loss(terms.real)
    );
    parts.real.set_text_content(Some(&real_line));
    let fake_line = format!(
        "{} × {} = {}",
        format_weight(1.0 - sample.y),
        format_loss(crate::loss::fake_branch(sample.h)),
        format_loss(terms.fake)
    );
    parts.fake.set_text_content(Some(&fake_line));
    set_class(&parts.real, "bce-inactive", sample.y == 0.0);
    set_class(&parts.fake, "bce-inactive", sample.y == 1.0);
    let silenced_infinity =
        (sample.y == 0.0 && sample.h == 0.0) || (sample.y == 1.0 && sample.h == 1.0);
    if silenced_infinity {
        let _ = parts.weight_note.remove_attribute("hidden");
    } else {
        set_attribute(&parts.weight_note, "hidden", "");
    }

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

/// Writes each sample's values into its table row and marks the selected one.
pub fn update_rows(rows: &[RowParts], batch: &Batch) {
    let removable = batch.len() > 1;
    for (index, (row, sample)) in rows.iter().zip(batch.samples()).enumerate() {
        let selected = index == batch.selected_index();
        let loss = sample.loss();
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

fn set_attribute(element: &Element, name: &str, value: &str) {
    // Setting an attribute whose name is a valid XML name cannot fail.
    let _ = element.set_attribute(name, value);
}
