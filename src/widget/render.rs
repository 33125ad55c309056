//! Writes the state into the widget: readouts, table rows, slider descriptions and both
//! canvases. Runs once per animation frame at most.

use plotters_canvas::CanvasBackend;
use wasm_bindgen::{JsCast, JsError};
use web_sys::{CanvasRenderingContext2d, Document, Element, HtmlCanvasElement};

use super::dom::{Parts, RowParts};
use crate::batch::{Batch, Sample};
use crate::convention::{loss_with, Convention, Precision};
use crate::entropy;
use crate::gan::{self, GeneratorLoss};
use crate::gradient::step_logit;
use crate::plot::{self, BarAxis, BarText, CurveAxis, CurveView, PlotError, PlotStyle};
use crate::readout::{format_label, format_loss, format_prediction, format_slope, format_weight};

/// Writes the loss readouts, the mean, the notes and the sliders' value texts.
pub fn update_readouts(parts: &Parts, batch: &Batch, out: &mut Writer) {
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

    out.text("loss", &parts.loss, &loss);
    let real_line = format!(
        "{} × {} = {}",
        format_weight(sample.y),
        format_loss(branch(1.0)),
        format_loss(terms.real)
    );
    out.text("real", &parts.real, &real_line);
    let fake_line = format!(
        "{} × {} = {}",
        format_weight(1.0 - sample.y),
        format_loss(branch(0.0)),
        format_loss(terms.fake)
    );
    out.text("fake", &parts.fake, &fake_line);
    out.class(
        "real.inactive",
        &parts.real,
        "bce-inactive",
        sample.y == 0.0,
    );
    out.class(
        "fake.inactive",
        &parts.fake,
        "bce-inactive",
        sample.y == 1.0,
    );

    let silenced_infinity =
        (sample.y == 0.0 && sample.h == 0.0) || (sample.y == 1.0 && sample.h == 1.0);
    out.hidden("weight-note", &parts.weight_note, !silenced_infinity);
    update_cap_note(parts, batch, &sample, out);
    update_precision_note(parts, batch, &sample, out);

    let h_text = format!("{}, loss {loss}", format_prediction(sample.h));
    out.attribute(
        "h-range.valuetext",
        &parts.h_range,
        "aria-valuetext",
        &h_text,
    );
    let y_text = format!(
        "{} ({}), loss {loss}",
        format_label(sample.y),
        label_kind(sample.y)
    );
    out.attribute(
        "y-range.valuetext",
        &parts.y_range,
        "aria-valuetext",
        &y_text,
    );

    let mean = format_loss(batch.mean_loss());
    out.text("mean", &parts.mean, &mean);
    out.text("chart-mean", &parts.chart_mean, &format!("mean J = {mean}"));

    let bars_text = format!("Losses of {} samples, mean J = {mean}.", batch.len());
    out.attribute("bars.label", &parts.bars, "aria-label", &bars_text);
}

/// Shows, when the selected sample's exact loss is infinite, the value each framework caps
/// it at.
fn update_cap_note(parts: &Parts, batch: &Batch, sample: &Sample, out: &mut Writer) {
    let exact = loss_with(sample.h, sample.y, Convention::Exact, batch.precision());
    let infinite = exact.is_ok_and(|value| value.is_infinite());
    out.hidden("cap-note", &parts.cap_note, !infinite);
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
    let note = if batch.convention() == Convention::Exact {
        format!(
            "The exact loss is ∞: the prediction is certain and wrong. Frameworks cap it to \
             keep training going: {}. The mean J is ∞ too, and the sample's row is red.",
            capped.join(", ")
        )
    } else {
        format!(
            "The exact loss is ∞: the prediction is certain and wrong. {} caps it at {}, so \
             the mean J stays finite ({}).",
            batch.convention().title(),
            format_loss(batch.loss_of(sample)),
            capped.join(", ")
        )
    };
    out.text("cap-note", &parts.cap_note, &note);
}

/// Shows the float32 explanation, and the stored value of `h` when float32 changes it.
fn update_precision_note(parts: &Parts, batch: &Batch, sample: &Sample, out: &mut Writer) {
    let float32 = batch.precision() == Precision::Float32;
    out.hidden("precision-note", &parts.precision_note, !float32);
    let stored = Precision::Float32.round(sample.h);
    let text = if float32 && stored != sample.h {
        format!(
            " Here h = {} is stored as {}.",
            format_prediction(sample.h),
            format_prediction(stored)
        )
    } else {
        String::new()
    };
    out.text("stored", &parts.stored, &text);
}

/// Writes each sample's values into its table row and marks the selected one.
pub fn update_rows(rows: &[RowParts], batch: &Batch, gan: bool, out: &mut Writer) {
    let removable = batch.len() > 1;
    for (index, (row, sample)) in rows.iter().zip(batch.samples()).enumerate() {
        let selected = index == batch.selected_index();
        let loss = batch.loss_of(sample);
        let key = |part: &str| format!("row{index}.{part}");
        out.text(&key("h"), &row.h, &format_prediction(sample.h));
        let kind = match (gan, is_generated(sample.y)) {
            (true, true) => "generated",
            (true, false) => "real image",
            (false, _) => label_kind(sample.y),
        };
        let label = format!("{} {kind}", format_label(sample.y));
        out.text(&key("y"), &row.y, &label);
        out.text(&key("loss"), &row.loss, &format_loss(loss));
        out.class(&key("selected"), &row.row, "bce-selected", selected);
        out.class(
            &key("infinite"),
            &row.row,
            "bce-infinite",
            loss.is_infinite(),
        );
        // Cheap property writes, and the browser may change `checked` itself.
        row.select.set_checked(selected);
        row.remove.set_disabled(!removable);
    }
}

/// Shows or hides the GAN panel and, when shown, writes both players' losses and the slopes
/// of both generator losses.
pub fn update_gan(
    parts: &Parts,
    batch: &Batch,
    shown: bool,
    form: GeneratorLoss,
    out: &mut Writer,
) {
    out.hidden("gan", &parts.gan, !shown);
    out.attribute(
        "gan-mode",
        &parts.gan_mode,
        "aria-checked",
        if shown { "true" } else { "false" },
    );
    if !shown {
        return;
    }

    // The scores as stored in the batch's precision, so both players see the same values.
    let precision = batch.precision();
    let generated: Vec<f64> = batch
        .samples()
        .iter()
        .filter(|sample| is_generated(sample.y))
        .map(|sample| precision.round(sample.h))
        .collect();
    out.text("d-loss", &parts.d_loss, &format_loss(batch.mean_loss()));
    // −ln D(G(z)) is the BCE of D(G(z)) against the label 1, and ln(1 − D(G(z))) minus
    // its BCE against 0, so the batch's convention caps them as it caps the discriminator's.
    let term = |d: f64| {
        let terms = |label: f64| batch.terms_at(d, label).map(|terms| terms.total);
        match form {
            GeneratorLoss::NonSaturating => terms(1.0),
            GeneratorLoss::Minimax => terms(0.0).map(|loss| -loss),
        }
    };
    let generator = if generated.is_empty() {
        Ok(0.0)
    } else {
        generated
            .iter()
            .map(|&d| term(d))
            .sum::<Result<f64, _>>()
            .map(|sum| sum / generated.len() as f64)
    };
    let generator = generator.map_or_else(|error| error.to_string(), format_loss);
    out.text("g-loss", &parts.g_loss, &generator);

    let least_trusted = generated.iter().copied().fold(f64::INFINITY, f64::min);
    let slopes = if generated.is_empty() {
        "no generated images in the batch".to_owned()
    } else {
        let slope = |form| {
            gan::generator_slope(least_trusted, form)
                .map(format_slope)
                .unwrap_or_default()
        };
        format!(
            "D(G(z)) = {}: non-saturating {}, minimax {}",
            format_prediction(least_trusted),
            slope(GeneratorLoss::NonSaturating),
            slope(GeneratorLoss::Minimax)
        )
    };
    out.text("g-slopes", &parts.g_slopes, &slopes);
}

/// Writes the teaching readouts: the formula with the selected sample's numbers in it, the
/// batch sum behind the mean, the slope and the step's direction, the `ln h` panel's
/// points and the split `L = H(y) + KL(y ‖ h)`.
pub fn update_lesson(parts: &Parts, batch: &Batch, view: &CurveView, out: &mut Writer) {
    update_formula(parts, batch, out);
    update_curve_labels(parts, batch, view, out);
    update_sign_panel(parts, batch, view, out);
    update_gradient_panel(parts, batch, view, out);
}

/// Writes the curve's key and accessible name, which follow the view's sign and axis.
fn update_curve_labels(parts: &Parts, batch: &Batch, view: &CurveView, out: &mut Writer) {
    let (key_total, key_real, key_fake) = if view.minus_dropped {
        (
            "−L(h, y), the loss without its minus sign",
            "ln h, the branch for y = 1",
            "ln(1 − h), the branch for y = 0",
        )
    } else {
        (
            "L(h, y) for the selected sample's label",
            "−ln h, the branch for y = 1",
            "−ln(1 − h), the branch for y = 0",
        )
    };
    out.text("key-total", &parts.key_total, key_total);
    out.text("key-real", &parts.key_real, key_real);
    out.text("key-fake", &parts.key_fake, key_fake);

    let curve = if view.minus_dropped {
        "Curve of −L, the loss without its minus sign, which lies below 0,"
    } else {
        "Loss curve"
    };
    let axis = match view.axis {
        CurveAxis::Prediction => "",
        CurveAxis::Logit => " over the logit z",
    };
    let sample = batch.selected();
    let curve_text = format!(
        "{curve}{axis} for label y = {}. Sample {} at h = {} has loss {}.",
        format_label(sample.y),
        batch.selected_index() + 1,
        format_prediction(sample.h),
        format_loss(batch.loss_of(&sample)),
    );
    out.attribute("curve.label", &parts.curve, "aria-label", &curve_text);
}

/// Writes the panel on the sign: the points of `ln h` and `−ln h`, the note shown while the
/// minus sign is dropped, and the split `L = H(y) + KL(y ‖ h)`.
fn update_sign_panel(parts: &Parts, batch: &Batch, view: &CurveView, out: &mut Writer) {
    let sample = batch.selected();
    let h = sample.h;
    for (key, element, sign) in [
        ("log-dot", &parts.log_dot, 1.0),
        ("neg-log-dot", &parts.neg_log_dot, -1.0),
    ] {
        let (x, y) = plot::log_panel_point(h, sign);
        out.attribute(&format!("{key}.cx"), element, "cx", &format!("{x:.1}"));
        out.attribute(&format!("{key}.cy"), element, "cy", &format!("{y:.1}"));
    }
    let log_text = format!(
        "ln h is at most 0 and −ln h at least 0 for h from 0 to 1; at h = {}, ln h = {} \
         and −ln h = {}.",
        format_prediction(h),
        format_loss(-crate::loss::real_branch(h)),
        format_loss(crate::loss::real_branch(h)),
    );
    out.attribute("log-plot.label", &parts.log_plot, "aria-label", &log_text);
    out.hidden("dropped-note", &parts.dropped_note, !view.minus_dropped);

    // The split is exact mathematics on the values as stored, like the formula.
    let precision = batch.precision();
    let split = entropy::split(precision.round(h), precision.round(sample.y)).map_or_else(
        |error| error.to_string(),
        |split| {
            format!(
                "{} + {} = {}",
                format_loss(split.entropy),
                format_loss(split.divergence),
                format_loss(split.entropy + split.divergence)
            )
        },
    );
    out.text("split", &parts.split, &split);
}

/// Writes the gradient panel: the slope of the plotted curve, where one step moves `h`,
/// and the learning rate.
fn update_gradient_panel(parts: &Parts, batch: &Batch, view: &CurveView, out: &mut Writer) {
    let sample = batch.selected();
    let label = match (view.axis, view.minus_dropped) {
        (CurveAxis::Prediction, false) => "Slope dL/dh at the selected sample =",
        (CurveAxis::Prediction, true) => "Slope d(−L)/dh at the selected sample =",
        (CurveAxis::Logit, false) => "Slope dL/dz = h − y at the selected sample =",
        (CurveAxis::Logit, true) => "Slope d(−L)/dz = y − h at the selected sample =",
    };
    out.text("slope-label", &parts.slope_label, label);
    let slope = view.slope(sample.h, sample.y);
    out.text("slope", &parts.slope, &format_slope(slope));
    let sentence = step_sentence(sample.h, sample.y, view);
    out.text("direction", &parts.direction, &sentence);
    out.text("rate-value", &parts.rate_value, &format_label(view.rate));
}

/// Writes the formula with the selected sample's numbers plugged in, dims the terms whose
/// weight is 0, and writes the batch size and loss sum behind the mean.
fn update_formula(parts: &Parts, batch: &Batch, out: &mut Writer) {
    let sample = batch.selected();
    let (h, y) = (sample.h, sample.y);

    for (key, element, inactive) in [
        ("sym-real", &parts.sym_real, y == 0.0),
        ("plug-real", &parts.plug_real, y == 0.0),
        ("sym-fake", &parts.sym_fake, y == 1.0),
        ("plug-fake", &parts.plug_fake, y == 1.0),
    ] {
        out.class(key, element, "bce-inactive", inactive);
    }
    // A hard label's weights are the integers 0 and 1, as the formula writes them.
    let weight = |value: f64| match value {
        0.0 => "0".to_owned(),
        1.0 => "1".to_owned(),
        _ => format_weight(value),
    };
    let h_text = format_prediction(h);
    out.text("plug-y", &parts.plug_y, &weight(y));
    out.text("plug-h", &parts.plug_h, &h_text);
    out.text("plug-1y", &parts.plug_1y, &weight(1.0 - y));
    out.text("plug-1h", &parts.plug_1h, &complement_text(h, &h_text));

    // The formula is the exact one in the batch's precision, so a convention that caps or
    // clips the loss is named with its own value.
    let exact = loss_with(h, y, Convention::Exact, batch.precision()).unwrap_or(f64::NAN);
    let convention_loss = batch.loss_of(&sample);
    let agree = exact == convention_loss
        || (exact.is_finite() && (exact - convention_loss).abs() <= 1e-12 * exact);
    let total = if agree {
        format_loss(exact)
    } else {
        format!(
            "{} ({} gives {})",
            format_loss(exact),
            batch.convention().title(),
            format_loss(convention_loss)
        )
    };
    out.text("plug-total", &parts.plug_total, &total);
    out.text("plug-m", &parts.plug_m, &batch.len().to_string());
    out.text("plug-sum", &parts.plug_sum, &format_loss(batch.loss_sum()));
}

/// Writes `1 − h` with as many decimals as `h_text`, the way `h` is shown, so that
/// `h = 0.900` gives `0.100` and `h = 0.9999999999999` gives `0.0000000000001`, without the
/// float64 noise of `1 − h`. An `h` in exponent form gives `1 − h` with all its digits.
fn complement_text(h: f64, h_text: &str) -> String {
    match h_text.split_once('.') {
        Some((_, decimals)) if !h_text.contains('e') => {
            let decimals = decimals.len();
            format!("{:.decimals$}", 1.0 - h)
        }
        _ => format_prediction(1.0 - h),
    }
}

/// Says where one gradient-descent step moves the selected sample's `h`, through its logit.
fn step_sentence(h: f64, y: f64, view: &CurveView) -> String {
    let stepped = view.step(h, y);
    let rate = format_label(view.rate);
    if stepped == h {
        return if (h - y).abs() < f64::EPSILON {
            let extreme = if view.minus_dropped {
                "−L is at its highest here"
            } else {
                "the loss is at its lowest here"
            };
            format!(
                "h = y = {}: {extreme}, and a step leaves h there.",
                format_prediction(h)
            )
        } else if h == 0.0 || h == 1.0 {
            format!(
                "h = {} is on the edge, and a step of η = {rate} would push it further out, \
                 so h stays.",
                format_prediction(h)
            )
        } else {
            format!("A step of η = {rate} changes h by less than the 6 digits shown.")
        };
    }
    let logit = |h: f64| step_logit(h).map(format_loss).unwrap_or_default();
    let way = if stepped > h { "up" } else { "down" };
    let sentence = format!(
        "A gradient-descent step of η = {rate} changes the logit z from {} to {}, so h moves \
         {way}, from {} to {}.",
        logit(h),
        logit(stepped),
        format_prediction(h),
        format_prediction(stepped)
    );
    if view.minus_dropped {
        format!(
            "{sentence} That is away from the label y = {}: the wrong way.",
            format_label(y)
        )
    } else {
        sentence
    }
}

/// Tells whether a row of the GAN view is a generated image: its label is below 0.5, so
/// smoothed labels (0.9 for real, 0.1 for generated) count as their hard ones.
pub fn is_generated(y: f64) -> bool {
    y < 0.5
}

/// An offscreen canvas with a chart's background, and the inputs it was drawn from.
pub struct Layer {
    canvas: HtmlCanvasElement,
    key: String,
    /// The bar chart's axis, for a bar chart's layer.
    axis: Option<BarAxis>,
}

impl Layer {
    /// Forgets the drawn background, so the next frame draws it again.
    pub fn invalidate(&mut self) {
        self.key.clear();
    }

    /// Creates an empty layer.
    pub fn new(document: &Document) -> Result<Self, JsError> {
        let canvas = document
            .create_element("canvas")
            .map_err(|_| JsError::new("creating an offscreen canvas failed"))?
            .dyn_into::<HtmlCanvasElement>()
            .map_err(|_| JsError::new("a canvas element is not an HtmlCanvasElement"))?;
        Ok(Layer {
            canvas,
            key: String::new(),
            axis: None,
        })
    }
}

/// Resizes each canvas's backing store to its CSS size times `style.scale` and draws the
/// charts.
///
/// Each chart's background (axes, grid and, for the loss chart, the curves) is drawn into
/// an offscreen layer only when what it depends on changes, and copied under the data
/// every frame. A slider move of `h` then redraws only the sample marks and the bars.
/// `sizes` are the canvases' CSS sizes in pixels, curve first.
pub fn draw_charts(
    parts: &Parts,
    batch: &Batch,
    view: &CurveView,
    sizes: [(f64, f64); 2],
    style: &PlotStyle,
    layers: &mut [Layer; 2],
) -> Result<(), PlotError> {
    let [curve_layer, bar_layer] = layers;

    let (width, height) = backing_size(sizes[0], style.scale);
    let key = format!(
        "{width}x{height}@{} y={} {} {:?} {:?} {}",
        style.scale,
        batch.selected().y,
        batch.convention(),
        batch.precision(),
        view.axis,
        view.minus_dropped
    );
    if curve_layer.key != key {
        let backend = canvas_backend(&curve_layer.canvas, (width, height))?;
        plot::draw_loss_background(backend, batch, view, style)?;
        curve_layer.key = key;
    }
    copy_layer(&parts.curve, curve_layer, (width, height))?;
    let backend = canvas_backend(&parts.curve, (width, height))?;
    plot::draw_loss_samples(backend, batch, view, style)?;

    let (width, height) = backing_size(sizes[1], style.scale);
    let axis = BarAxis::follow(bar_layer.axis, batch);
    bar_layer.axis = Some(axis);
    let key = format!(
        "{width}x{height}@{} count={} top={}",
        style.scale, axis.count, axis.top
    );
    if bar_layer.key != key {
        let backend = canvas_backend(&bar_layer.canvas, (width, height))?;
        plot::draw_bar_background(backend, axis, style)?;
        bar_layer.key = key;
    }
    copy_layer(&parts.bars, bar_layer, (width, height))?;
    let backend = canvas_backend(&parts.bars, (width, height))?;
    plot::draw_bar_data(backend, batch, axis, style, BarText::ClippedOnly)
}

fn no_context() -> PlotError {
    PlotError::new("the canvas has no 2D context")
}

/// Returns the backing size in device pixels of a canvas of `css_size` CSS pixels.
fn backing_size((css_width, css_height): (f64, f64), scale: f64) -> (u32, u32) {
    let width = (css_width * scale).round().max(1.0) as u32;
    let height = (css_height * scale).round().max(1.0) as u32;
    (width, height)
}

/// Resizes `canvas` to `size` and paints the layer over all of it.
fn copy_layer(
    canvas: &HtmlCanvasElement,
    layer: &Layer,
    size: (u32, u32),
) -> Result<(), PlotError> {
    resize(canvas, size);
    let context = canvas
        .get_context("2d")
        .ok()
        .flatten()
        .and_then(|context| context.dyn_into::<CanvasRenderingContext2d>().ok())
        .ok_or_else(|| PlotError::new("the canvas has no 2D context"))?;
    context
        .draw_image_with_html_canvas_element(&layer.canvas, 0.0, 0.0)
        .map_err(|_| PlotError::new("copying the chart background failed"))
}

fn resize(canvas: &HtmlCanvasElement, (width, height): (u32, u32)) {
    if canvas.width() != width {
        canvas.set_width(width);
    }
    if canvas.height() != height {
        canvas.set_height(height);
    }
}

/// Sets the canvas's backing size in device pixels and wraps it in a plotters backend.
fn canvas_backend(
    canvas: &HtmlCanvasElement,
    size: (u32, u32),
) -> Result<CanvasBackend, PlotError> {
    resize(canvas, size);
    CanvasBackend::with_canvas_object(canvas.clone()).ok_or_else(no_context)
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

/// Writes text, attributes and classes to the page only when they differ from what was
/// last written, because each write crosses from wasm into the DOM and a slider drag
/// changes only a few readouts per frame.
#[derive(Default)]
pub struct Writer {
    /// `(key, value)` pairs; a few dozen, so a linear search beats a hash map's code size.
    written: Vec<(String, String)>,
}

impl Writer {
    /// Forgets what was written, after the elements were replaced.
    pub fn clear(&mut self) {
        self.written.clear();
    }

    fn changed(&mut self, key: &str, value: &str) -> bool {
        match self
            .written
            .iter_mut()
            .find(|(written_key, _)| written_key == key)
        {
            Some((_, old)) if old == value => false,
            Some((_, old)) => {
                value.clone_into(old);
                true
            }
            None => {
                self.written.push((key.to_owned(), value.to_owned()));
                true
            }
        }
    }

    fn text(&mut self, key: &str, element: &Element, text: &str) {
        if self.changed(key, text) {
            element.set_text_content(Some(text));
        }
    }

    fn attribute(&mut self, key: &str, element: &Element, name: &str, value: &str) {
        if self.changed(key, value) {
            // Setting an attribute whose name is a valid XML name cannot fail.
            let _ = element.set_attribute(name, value);
        }
    }

    fn class(&mut self, key: &str, element: &Element, class: &str, on: bool) {
        if self.changed(key, if on { "1" } else { "0" }) {
            // Toggling a class name that is a valid token cannot fail.
            let _ = element.class_list().toggle_with_force(class, on);
        }
    }

    fn hidden(&mut self, key: &str, element: &Element, hidden: bool) {
        let state = if hidden { "hidden" } else { "shown" };
        if self.changed(&format!("{key}.hidden"), state) {
            if hidden {
                let _ = element.set_attribute("hidden", "");
            } else {
                let _ = element.remove_attribute("hidden");
            }
        }
    }
}
