//! The two charts, drawn against plotters' `DrawingBackend`: a canvas in the browser, SVG
//! in native tests.
//!
//! [`draw_loss_curve`] plots `L(h, y)` over `h` with both branch curves and every sample;
//! [`draw_batch_bars`] plots one bar per sample's loss and the mini-batch mean across them.

use std::fmt;

use plotters::coord::types::RangedCoordf64;
use plotters::coord::Shift;
use plotters::element::DashedPathElement;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use crate::batch::{Batch, Sample};
use crate::convention::Precision;
use crate::entropy::entropy;
use crate::gradient::{descent_step, gradient_wrt_prediction};
use crate::logit::{logit, sigmoid};
use crate::readout::{format_loss, round_probability, with_minus_sign};

/// Top of the loss curve's vertical axis. `-ln h` reaches it at `h = e^-5 ≈ 0.0067`, so
/// the curve fills the plot and its escape towards infinity stays visible.
pub const CURVE_LOSS_TOP: f64 = 5.0;

/// Half the width of the logit axis: the loss chart over `z` spans `[-6, 6]`, where
/// `sigmoid(z)` runs from 0.0025 to 0.9975.
pub const LOGIT_SPAN: f64 = 6.0;

/// Highest top of the bar chart's axis; a larger loss is drawn clipped with its value.
pub const BAR_LOSS_TOP_MAX: f64 = 6.0;

/// The tops the bar chart's axis steps through as the largest loss grows.
const BAR_AXIS_TOPS: [f64; 7] = [1.0, 1.5, 2.0, 3.0, 4.0, 5.0, BAR_LOSS_TOP_MAX];

/// Most sample numbers under the bars; a larger batch numbers every second, third… bar.
const MAX_NUMBERED_BARS: usize = 16;

/// Points along each curve; they crowd towards `h = 0` and `h = 1`, where the loss bends.
const CURVE_POINTS: usize = 240;

/// Size of every text drawn on top of a cached chart background, in CSS pixels.
const DATA_FONT_SIZE: f64 = 12.0;

/// Colours and sizes of a chart. Sizes are in CSS pixels and multiplied by `scale`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PlotStyle {
    /// Device pixels per CSS pixel (`window.devicePixelRatio`), so text and lines keep their
    /// size on a high-DPI canvas.
    pub scale: f64,
    /// Chart background.
    pub background: RGBColor,
    /// Axis labels, tick labels and the combined loss curve.
    pub foreground: RGBColor,
    /// Grid lines.
    pub grid: RGBColor,
    /// The `y = 1` branch, `-ln h`, and real samples.
    pub real: RGBColor,
    /// The `y = 0` branch, `-ln(1 - h)`, and fake samples.
    pub fake: RGBColor,
    /// The mini-batch mean line.
    pub mean: RGBColor,
}

impl Default for PlotStyle {
    /// Returns the light theme at a device pixel ratio of 1.
    fn default() -> Self {
        PlotStyle {
            scale: 1.0,
            background: RGBColor(255, 255, 255),
            foreground: RGBColor(31, 41, 55),
            grid: RGBColor(229, 231, 235),
            real: RGBColor(37, 99, 235),
            fake: RGBColor(217, 72, 15),
            mean: RGBColor(124, 58, 237),
        }
    }
}

impl PlotStyle {
    /// Builds a style from CSS custom properties, looked up by `property`: `--bce-bg`,
    /// `--bce-fg`, `--bce-grid`, `--bce-real`, `--bce-fake` and `--bce-accent`
    /// (the mean line). A property that is missing or not a colour [`parse_colour`] reads
    /// keeps the default.
    pub fn from_custom_properties(property: impl Fn(&str) -> Option<String>) -> Self {
        let defaults = PlotStyle::default();
        let colour = |name: &str, default: RGBColor| {
            property(name)
                .and_then(|value| parse_colour(&value))
                .unwrap_or(default)
        };
        PlotStyle {
            scale: defaults.scale,
            background: colour("--bce-bg", defaults.background),
            foreground: colour("--bce-fg", defaults.foreground),
            grid: colour("--bce-grid", defaults.grid),
            real: colour("--bce-real", defaults.real),
            fake: colour("--bce-fake", defaults.fake),
            mean: colour("--bce-accent", defaults.mean),
        }
    }

    fn px(&self, css_pixels: f64) -> u32 {
        (css_pixels * self.scale).round().max(1.0) as u32
    }

    fn font(&self, css_pixels: f64) -> TextStyle<'static> {
        (FontFamily::SansSerif, css_pixels * self.scale)
            .into_font()
            .color(&self.foreground)
    }

    /// Colours a sample by its label: the real colour at `y = 1`, the fake colour at `y = 0`
    /// and a blend between them for a soft label.
    fn label_colour(&self, y: f64) -> RGBColor {
        let blend = |fake: u8, real: u8| (f64::from(fake) * (1.0 - y) + f64::from(real) * y) as u8;
        RGBColor(
            blend(self.fake.0, self.real.0),
            blend(self.fake.1, self.real.1),
            blend(self.fake.2, self.real.2),
        )
    }
}

/// The quantity on the loss chart's horizontal axis.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum CurveAxis {
    /// The prediction `h`, from 0 to 1.
    #[default]
    Prediction,
    /// The logit `z`, with `h = sigmoid(z)`, from `-LOGIT_SPAN` to `LOGIT_SPAN`.
    Logit,
}

/// The loss chart's options: its horizontal axis, its sign and the gradient step it shows
/// at the selected sample.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CurveView {
    /// The horizontal axis.
    pub axis: CurveAxis,
    /// True to plot `-L = y ln h + (1 - y) ln(1 - h)`, the loss without its minus sign,
    /// which lies below 0.
    pub minus_dropped: bool,
    /// Learning rate of the gradient step drawn at the selected sample, with its tangent;
    /// 0 draws neither.
    pub rate: f64,
}

impl Default for CurveView {
    /// Returns the loss over `h`, with the tangent and the step of learning rate 1.
    fn default() -> Self {
        CurveView {
            axis: CurveAxis::Prediction,
            minus_dropped: false,
            rate: 1.0,
        }
    }
}

impl CurveView {
    /// Returns the horizontal coordinate of the prediction `h`. On the logit axis an `h`
    /// beyond the axis (such as 0, whose logit is `-inf`) sits on its edge; see
    /// [`CurveView::beyond_axis`].
    pub fn x_of(&self, h: f64) -> f64 {
        match self.axis {
            CurveAxis::Prediction => h,
            CurveAxis::Logit => logit(h).unwrap_or(f64::NAN).clamp(-LOGIT_SPAN, LOGIT_SPAN),
        }
    }

    /// Tells whether `h` lies beyond the horizontal axis: on the logit axis, a logit
    /// beyond ±[`LOGIT_SPAN`], which the chart marks on its edge rather than on the curve.
    pub fn beyond_axis(&self, h: f64) -> bool {
        self.axis == CurveAxis::Logit && logit(h).is_ok_and(|z| z.abs() > LOGIT_SPAN)
    }

    /// Returns the vertical pixel direction in which the curve leaves the plot: -1 (up)
    /// for the loss, +1 (down) without the minus sign.
    fn outwards(&self) -> i32 {
        if self.minus_dropped {
            1
        } else {
            -1
        }
    }

    fn h_of(&self, x: f64) -> f64 {
        match self.axis {
            CurveAxis::Prediction => x,
            CurveAxis::Logit => sigmoid(x, Precision::Float64),
        }
    }

    /// Returns +1, or -1 when the minus sign is dropped.
    pub fn sign(&self) -> f64 {
        if self.minus_dropped {
            -1.0
        } else {
            1.0
        }
    }

    /// Returns the slope of the plotted curve at `(h, y)` in the horizontal coordinate:
    /// `dL/dh = (h - y) / (h (1 - h))` or `dL/dz = h - y`, negated when the minus sign is
    /// dropped. Infinite where `dL/dh` is; NaN for an invalid `h` or `y`.
    pub fn slope(&self, h: f64, y: f64) -> f64 {
        let Ok(slope) = gradient_wrt_prediction(h, y) else {
            return f64::NAN;
        };
        let slope = match self.axis {
            CurveAxis::Prediction => slope,
            CurveAxis::Logit => h - y,
        };
        self.sign() * slope
    }

    /// Returns the prediction after one step of gradient descent on the plotted curve:
    /// towards the label, or away from it when the minus sign is dropped.
    ///
    /// The result is rounded as [`round_probability`] does, so fields show 6 digits, unless
    /// the step is smaller than that rounding: then `h` is returned as it was, rather than
    /// moved by the rounding alone.
    pub fn step(&self, h: f64, y: f64) -> f64 {
        let Ok(stepped) = descent_step(h, y, self.sign() * self.rate) else {
            return h;
        };
        let rounded = round_probability(stepped);
        if (stepped - h).abs() <= (rounded - stepped).abs() {
            h
        } else {
            rounded
        }
    }

    fn x_range(&self) -> std::ops::Range<f64> {
        match self.axis {
            CurveAxis::Prediction => 0.0..1.0,
            CurveAxis::Logit => -LOGIT_SPAN..LOGIT_SPAN,
        }
    }

    fn value_range(&self) -> std::ops::Range<f64> {
        if self.minus_dropped {
            -CURVE_LOSS_TOP..0.0
        } else {
            0.0..CURVE_LOSS_TOP
        }
    }

    /// Returns the horizontal coordinates the curves are sampled at.
    fn grid(&self) -> Vec<f64> {
        match self.axis {
            CurveAxis::Prediction => curve_grid().collect(),
            CurveAxis::Logit => (0..=CURVE_POINTS)
                .map(|i| LOGIT_SPAN * (2.0 * i as f64 / CURVE_POINTS as f64 - 1.0))
                .collect(),
        }
    }

    /// Samples `loss(h)` along the axis and returns the runs of points inside the plot,
    /// with the view's sign applied.
    fn runs(&self, loss: impl Fn(f64) -> f64) -> Vec<Vec<(f64, f64)>> {
        let sign = self.sign();
        let points = self.grid().into_iter().map(|x| (x, loss(self.h_of(x))));
        curve_below_top(points)
            .into_iter()
            .map(|run| {
                run.into_iter()
                    .map(|(x, value)| (x, sign * value))
                    .collect()
            })
            .collect()
    }
}

/// Parses a CSS colour in the forms a theme writes: `#rgb`, `#rrggbb`, `rgb(r, g, b)` and
/// `rgb(r g b)`, with surrounding spaces. Returns `None` for anything else, such as a
/// colour name.
///
/// ```
/// use bce_explorer::plot::parse_colour;
/// use plotters::style::RGBColor;
///
/// assert_eq!(Some(RGBColor(37, 99, 235)), parse_colour(" #2563eb"));
/// assert_eq!(Some(RGBColor(255, 0, 0)), parse_colour("rgb(255, 0, 0)"));
/// ```
pub fn parse_colour(text: &str) -> Option<RGBColor> {
    let text = text.trim();
    if let Some(hex) = text.strip_prefix('#') {
        let digits: Vec<u8> = hex
            .chars()
            .map(|digit| digit.to_digit(16).map(|value| value as u8))
            .collect::<Option<_>>()?;
        return match digits.as_slice() {
            [r, g, b] => Some(RGBColor(r * 17, g * 17, b * 17)),
            [r1, r2, g1, g2, b1, b2] => Some(RGBColor(r1 * 16 + r2, g1 * 16 + g2, b1 * 16 + b2)),
            _ => None,
        };
    }

    let inner = text.strip_prefix("rgb(")?.strip_suffix(')')?;
    let channels: Vec<u8> = inner
        .split(|separator: char| separator == ',' || separator.is_whitespace())
        .filter(|part| !part.is_empty())
        .map(|part| part.parse().ok())
        .collect::<Option<_>>()?;
    match channels.as_slice() {
        [r, g, b] => Some(RGBColor(*r, *g, *b)),
        _ => None,
    }
}

/// A failure of the drawing backend, such as a lost canvas context.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlotError(String);

impl fmt::Display for PlotError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "drawing the chart failed: {}", self.0)
    }
}

impl PlotError {
    /// Creates an error with a message saying what failed.
    pub fn new(message: &str) -> Self {
        PlotError(message.to_owned())
    }
}

impl std::error::Error for PlotError {}

impl<E: std::error::Error + Send + Sync> From<DrawingAreaErrorKind<E>> for PlotError {
    fn from(error: DrawingAreaErrorKind<E>) -> Self {
        PlotError(error.to_string())
    }
}

/// Draws `L(h, y)` for the selected sample's label, the two unweighted branch curves
/// fainter behind it, and every sample of the batch as a point. `view` sets the horizontal
/// axis (`h` or the logit `z`), the sign, and the tangent and gradient step drawn at the
/// selected sample.
///
/// The vertical axis stops at [`CURVE_LOSS_TOP`]. Where the curve leaves the top, an arrow
/// marked "∞" shows that it goes on. A sample above the top is drawn as a triangle on it.
/// This is [`draw_loss_background`] and [`draw_loss_samples`] on one backend.
///
/// # Errors
///
/// A [`PlotError`] when the backend fails.
pub fn draw_loss_curve<DB: DrawingBackend>(
    backend: DB,
    batch: &Batch,
    view: &CurveView,
    style: &PlotStyle,
) -> Result<(), PlotError>
where
    DB::ErrorType: 'static,
{
    let root = backend.into_drawing_area();
    loss_background_on(&root, batch, view, style)?;
    loss_samples_on(&root, batch, view, style)?;
    root.present()?;
    Ok(())
}

/// Draws the parts of the loss chart that do not depend on `h`: the axes, the grid, the
/// three curves, the arrows where they leave the top and, for a soft label, the lowest
/// loss `H(y)`. They depend only on the selected sample's label, the batch's convention
/// and precision, and the view's axis and sign. A slider move of `h` leaves them
/// unchanged, so the widget draws them once and copies them under [`draw_loss_samples`].
///
/// # Errors
///
/// A [`PlotError`] when the backend fails.
pub fn draw_loss_background<DB: DrawingBackend>(
    backend: DB,
    batch: &Batch,
    view: &CurveView,
    style: &PlotStyle,
) -> Result<(), PlotError>
where
    DB::ErrorType: 'static,
{
    let root = backend.into_drawing_area();
    loss_background_on(&root, batch, view, style)?;
    root.present()?;
    Ok(())
}

/// Draws the batch's samples, and the tangent and gradient step at the selected one, onto
/// a loss chart whose background is already there.
///
/// # Errors
///
/// A [`PlotError`] when the backend fails.
pub fn draw_loss_samples<DB: DrawingBackend>(
    backend: DB,
    batch: &Batch,
    view: &CurveView,
    style: &PlotStyle,
) -> Result<(), PlotError>
where
    DB::ErrorType: 'static,
{
    let root = backend.into_drawing_area();
    loss_samples_on(&root, batch, view, style)?;
    root.present()?;
    Ok(())
}

type Chart<'a, DB> = ChartContext<'a, DB, Cartesian2d<RangedCoordf64, RangedCoordf64>>;

/// Lays out the loss chart's coordinates on `root` without drawing anything.
fn loss_chart<'a, DB: DrawingBackend>(
    root: &'a DrawingArea<DB, Shift>,
    view: &CurveView,
    style: &PlotStyle,
) -> Result<Chart<'a, DB>, PlotError>
where
    DB::ErrorType: 'static,
{
    // Without the minus sign the curve escapes downwards, so the room for its arrows moves
    // from the top margin to the bottom one, and the tick labels gain a minus sign.
    let (margin_top, y_labels) = if view.minus_dropped {
        (10.0, 48.0)
    } else {
        (22.0, 40.0)
    };
    let margins = (margin_top, y_labels);
    build_chart(root, style, margins, view.x_range(), view.value_range())
}

/// Lays out a chart of `x` against `y` on `root` without drawing anything, with
/// `margin_top` CSS pixels above the plot and `y_labels` CSS pixels left of it for the
/// vertical axis's labels.
fn build_chart<'a, DB: DrawingBackend>(
    root: &'a DrawingArea<DB, Shift>,
    style: &PlotStyle,
    (margin_top, y_labels): (f64, f64),
    x: std::ops::Range<f64>,
    y: std::ops::Range<f64>,
) -> Result<Chart<'a, DB>, PlotError>
where
    DB::ErrorType: 'static,
{
    Ok(ChartBuilder::on(root)
        .margin(style.px(10.0))
        .margin_top(style.px(margin_top))
        .x_label_area_size(style.px(38.0))
        .y_label_area_size(style.px(y_labels))
        .build_cartesian_2d(x, y)?)
}

/// Draws a chart's axes, the vertical axis's grid and both axes' titles. `x_ticks` is the
/// number of labelled ticks on the horizontal axis; 0 leaves it without ticks or grid.
fn draw_axes<DB: DrawingBackend>(
    chart: &mut Chart<DB>,
    (x_title, y_title): (&str, &str),
    x_ticks: usize,
    style: &PlotStyle,
) -> Result<(), PlotError>
where
    DB::ErrorType: 'static,
{
    let mut mesh = chart.configure_mesh();
    if x_ticks == 0 {
        mesh.disable_x_mesh();
    }
    // Tick labels with one decimal and the typographic minus sign of the page's text.
    let tick = |value: &f64| with_minus_sign(&format!("{value:.1}"));
    mesh.x_labels(x_ticks)
        .y_labels(6)
        .x_label_formatter(&tick)
        .y_label_formatter(&tick)
        .x_desc(x_title)
        .y_desc(y_title)
        .label_style(style.font(12.0))
        .axis_desc_style(style.font(12.0))
        .bold_line_style(style.grid.stroke_width(style.px(1.0)))
        .light_line_style(TRANSPARENT)
        .axis_style(style.foreground.stroke_width(style.px(1.0)))
        .draw()?;
    Ok(())
}

fn loss_background_on<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    batch: &Batch,
    view: &CurveView,
    style: &PlotStyle,
) -> Result<(), PlotError>
where
    DB::ErrorType: 'static,
{
    root.fill(&style.background)?;
    let y = batch.selected().y;
    let mut chart = loss_chart(root, view, style)?;
    let titles = (
        match view.axis {
            CurveAxis::Prediction => "prediction h",
            CurveAxis::Logit => "logit z, where h = sigmoid(z)",
        },
        if view.minus_dropped {
            "−L, no minus sign"
        } else {
            "loss"
        },
    );
    draw_axes(&mut chart, titles, 6, style)?;

    let faint = |colour: RGBColor| colour.mix(0.35).stroke_width(style.px(2.0));
    // The loss over h at one label, in the batch's convention and precision. Each branch
    // curve is the loss at a hard label.
    let loss_at = |label: f64| {
        move |h: f64| {
            batch
                .terms_at(h, label)
                .expect("h is a grid point in [0, 1] and the label is checked")
                .total
        }
    };
    for (runs, colour) in [
        (view.runs(loss_at(1.0)), style.real),
        (view.runs(loss_at(0.0)), style.fake),
    ] {
        chart.draw_series(
            runs.into_iter()
                .map(|run| PathElement::new(run, faint(colour))),
        )?;
    }

    let total = loss_at(y);
    draw_lowest_loss(root, &mut chart, y, view, style)?;
    let runs = view.runs(total);
    draw_escape_arrows(root, &chart, &runs, total, view, style)?;
    chart.draw_series(
        runs.into_iter()
            .map(|run| PathElement::new(run, style.foreground.stroke_width(style.px(2.5)))),
    )?;
    Ok(())
}

/// Marks the lowest loss a soft label allows, the entropy `H(y)` at `h = y`, with a
/// dashed line across the plot and a ring on the curve. A hard label's lowest loss is 0,
/// at the edge, so it gets no mark.
fn draw_lowest_loss<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    chart: &mut Chart<DB>,
    y: f64,
    view: &CurveView,
    style: &PlotStyle,
) -> Result<(), PlotError>
where
    DB::ErrorType: 'static,
{
    if y <= 0.0 || y >= 1.0 {
        return Ok(());
    }

    let lowest = view.sign() * entropy(y).unwrap_or(0.0);
    let x_range = view.x_range();
    let colour = style.foreground.mix(0.6);
    chart.draw_series(std::iter::once(DashedPathElement::new(
        [(x_range.start, lowest), (x_range.end, lowest)],
        style.px(4.0),
        style.px(4.0),
        colour.stroke_width(style.px(1.0)),
    )))?;
    // The ring marks the minimum on the curve, unless h = y lies beyond the logit axis.
    if !view.beyond_axis(y) {
        chart.draw_series(std::iter::once(Circle::new(
            (view.x_of(y), lowest),
            style.px(5.0) as i32,
            colour.stroke_width(style.px(1.5)),
        )))?;
    }

    let label = if view.minus_dropped {
        format!("−H(y) = {}", format_short(lowest))
    } else {
        format!("H(y) = {}", format_short(lowest))
    };
    // The label goes at the end of the line away from the minimum, where the curve is
    // far from the line, and on the side of the line away from the curve.
    let (end, side, inwards) = if y > 0.5 {
        (x_range.start, HPos::Left, 1)
    } else {
        (x_range.end, HPos::Right, -1)
    };
    let (x, line_y) = chart.backend_coord(&(end, lowest));
    let (vertical, away) = if view.minus_dropped {
        (VPos::Top, 4)
    } else {
        (VPos::Bottom, -4)
    };
    let label_style = style.font(11.0).pos(Pos::new(side, vertical));
    let position = (
        x + inwards * style.px(4.0) as i32,
        line_y + away * style.px(1.0) as i32,
    );
    root.draw(&Text::new(label, position, label_style))?;
    Ok(())
}

fn loss_samples_on<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    batch: &Batch,
    view: &CurveView,
    style: &PlotStyle,
) -> Result<(), PlotError>
where
    DB::ErrorType: 'static,
{
    let mut chart = loss_chart(root, view, style)?;
    let selected = batch.selected();
    let selected_value = batch.loss_of(&selected);
    draw_gradient(root, &chart, &selected, selected_value, view, style)?;
    for (index, sample) in batch.samples().iter().enumerate() {
        let is_selected = index == batch.selected_index();
        let value = batch.loss_of(sample);
        draw_sample_point(root, &mut chart, sample, value, is_selected, view, style)?;
    }
    Ok(())
}

/// Draws the tangent to the curve at the selected sample and an arrow from it to where
/// one gradient-descent step of the view's rate moves it. Nothing is drawn for a loss
/// above the plot or a sample beyond the logit axis, where the tangent would be off the
/// chart, or at a slope of 0.
fn draw_gradient<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    chart: &Chart<DB>,
    sample: &Sample,
    value: f64,
    view: &CurveView,
    style: &PlotStyle,
) -> Result<(), PlotError>
where
    DB::ErrorType: 'static,
{
    let slope = view.slope(sample.h, sample.y);
    let off_chart = value > CURVE_LOSS_TOP || view.beyond_axis(sample.h);
    if view.rate == 0.0 || off_chart || !slope.is_finite() {
        return Ok(());
    }
    let x = view.x_of(sample.h);
    let point = (x, view.sign() * value);
    let (x0, y0) = chart.backend_coord(&point);
    let x_range = view.x_range();
    let dx = (x_range.end - x_range.start) / 100.0;
    let (x1, y1) = chart.backend_coord(&(x + dx, point.1 + slope * dx));
    let (ux, uy) = (f64::from(x1 - x0), f64::from(y1 - y0));
    let length = ux.hypot(uy);
    if length == 0.0 {
        return Ok(());
    }
    let (ux, uy) = (ux / length, uy / length);

    // The tangent runs up to 60 px each way, but stops at the plot's edges.
    let (columns, rows) = chart.plotting_area().get_pixel_range();
    let reach = |sign: f64| {
        let mut t = 60.0 * style.scale;
        for (start, direction, range) in [
            (f64::from(x0), sign * ux, &columns),
            (f64::from(y0), sign * uy, &rows),
        ] {
            let limit = if direction > 0.0 {
                f64::from(range.end) - start
            } else if direction < 0.0 {
                f64::from(range.start) - start
            } else {
                continue;
            };
            t = t.min(limit / direction);
        }
        t.max(0.0)
    };
    let (forward, back) = (reach(1.0), reach(-1.0));
    let end = |t: f64| {
        (
            (f64::from(x0) + t * ux).round() as i32,
            (f64::from(y0) + t * uy).round() as i32,
        )
    };
    root.draw(&PathElement::new(
        [end(-back), end(forward)],
        style.mean.stroke_width(style.px(2.0)),
    ))?;

    let (target_x, _) = chart.backend_coord(&(view.x_of(view.step(sample.h, sample.y)), point.1));
    let run = target_x - x0;
    if run.abs() < style.px(6.0) as i32 {
        return Ok(());
    }
    // The arrow runs beside the tangent, on the side away from where the curve escapes.
    let arrow_y = y0 - style.px(14.0) as i32 * view.outwards();
    root.draw(&PathElement::new(
        [(x0, arrow_y), (target_x, arrow_y)],
        style.mean.stroke_width(style.px(2.0)),
    ))?;
    draw_arrow_head(
        root,
        (target_x, arrow_y),
        (run.signum(), 0),
        style.mean,
        style,
    )
}

/// Draws a filled arrowhead with its tip at `tip`, pointing along `direction`, one of the
/// four unit steps in pixel coordinates.
fn draw_arrow_head<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    tip: (i32, i32),
    direction: (i32, i32),
    colour: RGBColor,
    style: &PlotStyle,
) -> Result<(), PlotError>
where
    DB::ErrorType: 'static,
{
    let size = (style.px(8.0) as i32, style.px(5.0) as i32);
    draw_triangle(root, tip, direction, size, colour)
}

/// Draws a filled isosceles triangle with its apex at `tip`, pointing along `(dx, dy)`, one
/// of the four unit steps in pixel coordinates, `length` pixels long and `2 · half` wide.
///
/// Plotters' `TriangleMarker` would do for the upward ones, but it computes its corners
/// with `sin` and `cos`, which put libm's trigonometry into the wasm (3.9 KB gzipped,
/// docs/benchmarks.md).
fn draw_triangle<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    tip: (i32, i32),
    (dx, dy): (i32, i32),
    (length, half): (i32, i32),
    colour: RGBColor,
) -> Result<(), PlotError>
where
    DB::ErrorType: 'static,
{
    let base = (tip.0 - dx * length, tip.1 - dy * length);
    let corners = vec![
        tip,
        (base.0 - dy * half, base.1 + dx * half),
        (base.0 + dy * half, base.1 - dx * half),
    ];
    root.draw(&Polygon::new(corners, colour.filled()))?;
    Ok(())
}

/// The numbers [`draw_bar_data`] prints on the chart.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BarText {
    /// The mean, the selected bar's value and the value of any bar taller than the chart.
    All,
    /// Only the values of bars taller than the chart. The widget prints the mean in HTML
    /// over the canvas instead, because text that changes every frame is the costliest
    /// part of a canvas redraw in Chromium (docs/benchmarks.md).
    ClippedOnly,
}

/// The bar chart's horizontal and vertical extent, which its background depends on.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct BarAxis {
    /// Number of bars.
    pub count: usize,
    /// Top of the loss axis; see [`BAR_LOSS_TOP_MAX`].
    pub top: f64,
}

impl BarAxis {
    /// Returns the axis that fits the batch's losses.
    pub fn of(batch: &Batch) -> Self {
        BarAxis {
            count: batch.len(),
            top: bar_axis_top(&batch.losses()),
        }
    }

    /// Returns the axis for the batch's losses, keeping `previous`'s top while the losses
    /// still fit under it and fill at least a third of it. A bar dragged back and forth
    /// then leaves the axis still instead of making it jump between steps.
    pub fn follow(previous: Option<BarAxis>, batch: &Batch) -> Self {
        let fitted = BarAxis::of(batch);
        let Some(previous) = previous else {
            return fitted;
        };
        let largest = largest_finite(&batch.losses());
        let fits = largest * 1.15 <= previous.top || previous.top == BAR_LOSS_TOP_MAX;
        let fills = largest * 3.0 >= previous.top || previous.top == BAR_AXIS_TOPS[0];
        if previous.count == fitted.count && fits && fills {
            previous
        } else {
            fitted
        }
    }
}

/// Draws one bar per sample's loss, the mini-batch mean as a line across them, and the
/// mean as a number. The selected bar and any bar taller than the chart carry their value.
///
/// The axis grows with the largest finite loss up to [`BAR_LOSS_TOP_MAX`]; a taller bar is
/// clipped at the top and labelled with its value ("∞" for an infinite loss). This is
/// [`draw_bar_background`] and [`draw_bar_data`] on one backend.
///
/// # Errors
///
/// A [`PlotError`] when the backend fails.
pub fn draw_batch_bars<DB: DrawingBackend>(
    backend: DB,
    batch: &Batch,
    style: &PlotStyle,
) -> Result<(), PlotError>
where
    DB::ErrorType: 'static,
{
    let root = backend.into_drawing_area();
    let axis = BarAxis::of(batch);
    bar_background_on(&root, axis, style)?;
    bar_data_on(&root, batch, axis, style, BarText::All)?;
    root.present()?;
    Ok(())
}

/// Draws the bar chart's axes, grid and sample numbers, which depend only on `axis`.
///
/// # Errors
///
/// A [`PlotError`] when the backend fails.
pub fn draw_bar_background<DB: DrawingBackend>(
    backend: DB,
    axis: BarAxis,
    style: &PlotStyle,
) -> Result<(), PlotError>
where
    DB::ErrorType: 'static,
{
    let root = backend.into_drawing_area();
    bar_background_on(&root, axis, style)?;
    root.present()?;
    Ok(())
}

/// Draws the bars, their labels and the mean onto a bar chart whose background for `axis`
/// is already there.
///
/// # Errors
///
/// A [`PlotError`] when the backend fails.
pub fn draw_bar_data<DB: DrawingBackend>(
    backend: DB,
    batch: &Batch,
    axis: BarAxis,
    style: &PlotStyle,
    text: BarText,
) -> Result<(), PlotError>
where
    DB::ErrorType: 'static,
{
    let root = backend.into_drawing_area();
    bar_data_on(&root, batch, axis, style, text)?;
    root.present()?;
    Ok(())
}

/// Lays out the bar chart's coordinates on `root` without drawing anything.
fn bar_chart<'a, DB: DrawingBackend>(
    root: &'a DrawingArea<DB, Shift>,
    axis: BarAxis,
    style: &PlotStyle,
) -> Result<Chart<'a, DB>, PlotError>
where
    DB::ErrorType: 'static,
{
    // The top margin leaves room for the arrow and value of a bar taller than the chart.
    build_chart(
        root,
        style,
        (36.0, 40.0),
        0f64..axis.count as f64,
        0f64..axis.top,
    )
}

fn bar_background_on<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    axis: BarAxis,
    style: &PlotStyle,
) -> Result<(), PlotError>
where
    DB::ErrorType: 'static,
{
    root.fill(&style.background)?;
    let mut chart = bar_chart(root, axis, style)?;
    // The bars are numbered by the background itself, so the x axis has no ticks.
    draw_axes(&mut chart, ("sample", "loss"), 0, style)?;

    let number_step = axis.count.div_ceil(MAX_NUMBERED_BARS);
    for index in 0..axis.count {
        if (index + 1) % number_step == 0 || number_step == 1 {
            let (x, y) = chart.backend_coord(&(index as f64 + 0.5, 0.0));
            let number_style = style.font(11.0).pos(Pos::new(HPos::Center, VPos::Top));
            let number_position = (x, y + style.px(4.0) as i32);
            root.draw(&Text::new(
                (index + 1).to_string(),
                number_position,
                number_style,
            ))?;
        }
    }
    Ok(())
}

fn bar_data_on<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    batch: &Batch,
    axis: BarAxis,
    style: &PlotStyle,
    text: BarText,
) -> Result<(), PlotError>
where
    DB::ErrorType: 'static,
{
    let losses = batch.losses();
    let mean = batch.mean_loss();
    let top = axis.top;
    let count = axis.count as f64;
    let mut chart = bar_chart(root, axis, style)?;

    for (index, (sample, &value)) in batch.samples().iter().zip(&losses).enumerate() {
        let left = index as f64 + 0.15;
        let right = index as f64 + 0.85;
        let middle = index as f64 + 0.5;
        let clipped = value > top;
        let height = value.min(top);
        let colour = style.label_colour(sample.y);
        chart.draw_series(std::iter::once(Rectangle::new(
            [(left, 0.0), (right, height)],
            colour.mix(0.8).filled(),
        )))?;
        if index == batch.selected_index() {
            chart.draw_series(std::iter::once(Rectangle::new(
                [(left, 0.0), (right, height)],
                style.foreground.stroke_width(style.px(2.0)),
            )))?;
        }

        // Labels go on the root area, so that a clipped bar's label can sit in the margin
        // above the plot.
        let (x, bar_top) = chart.backend_coord(&(middle, height));
        if clipped {
            let tip = (x, bar_top - style.px(13.0) as i32);
            let size = (style.px(7.5) as i32, style.px(4.5) as i32);
            draw_triangle(root, tip, (0, -1), size, style.foreground)?;
        }
        let selected_label = text == BarText::All && index == batch.selected_index();
        if selected_label || clipped {
            let label_style = style.font(DATA_FONT_SIZE);
            let label_style = label_style.pos(Pos::new(HPos::Center, VPos::Bottom));
            let lift = if clipped { 14.0 } else { 2.0 };
            let position = (x, bar_top - style.px(lift) as i32);
            root.draw(&Text::new(format_short(value), position, label_style))?;
        }
    }

    // A mean above the axis (an infinite one, or a capped loss of 100) has no height to draw
    // at, so only the number above the chart shows it.
    if mean <= top {
        let dashes = DashedPathElement::new(
            [(0.0, mean), (count, mean)],
            style.px(6.0),
            style.px(4.0),
            style.mean.stroke_width(style.px(2.0)),
        );
        chart.draw_series(std::iter::once(dashes))?;
    }

    if text == BarText::ClippedOnly {
        return Ok(());
    }
    let mean_text = format!("mean J = {}", format_loss(mean));
    let mean_style = style
        .font(DATA_FONT_SIZE)
        .color(&style.mean)
        .pos(Pos::new(HPos::Right, VPos::Bottom));
    let (width, _) = root.dim_in_pixel();
    let mean_position = (width as i32 - style.px(12.0) as i32, style.px(18.0) as i32);
    root.draw(&Text::new(mean_text, mean_position, mean_style))?;
    Ok(())
}

/// Returns the bar chart's axis top: the first of [`BAR_AXIS_TOPS`] at least 15% above the
/// largest finite loss. Fixed steps keep the axis still while a slider moves a bar a little.
fn bar_axis_top(losses: &[f64]) -> f64 {
    let largest = largest_finite(losses);
    BAR_AXIS_TOPS
        .into_iter()
        .find(|&top| top >= largest * 1.15)
        .unwrap_or(BAR_LOSS_TOP_MAX)
}

fn largest_finite(losses: &[f64]) -> f64 {
    losses
        .iter()
        .copied()
        .filter(|value| value.is_finite())
        .fold(0.0, f64::max)
}

/// Formats a bar's value label with two decimals, shorter than a readout, and the
/// typographic minus sign.
fn format_short(value: f64) -> String {
    if value.is_finite() {
        with_minus_sign(&format!("{value:.2}"))
    } else {
        format_loss(value)
    }
}

/// Returns the grid of `h` values, dense near 0 and 1 where the loss is steep, and
/// including both ends.
///
/// Uses `h = 3t² - 2t³` for evenly spaced `t`: its slope vanishes at both ends, so the
/// points crowd there (the first step is about 5e-5), and it needs no trigonometry, which
/// would add libm's `cos` to the wasm.
fn curve_grid() -> impl Iterator<Item = f64> {
    (0..=CURVE_POINTS).map(|i| {
        let t = i as f64 / CURVE_POINTS as f64;
        t * t * (3.0 - 2.0 * t)
    })
}

/// Largest magnitude the `ln h` panel shows: its vertical axis runs from -4 to 4.
const LOG_PANEL_TOP: f64 = 4.0;

/// Returns where `sign · ln h` sits in the `ln h` panel's SVG, whose view box is 240 × 160
/// with `h` from 0 to 1 across x = 28…232 and values from 4 to -4 down y = 8…152. A value
/// beyond the panel (`ln 0 = -inf`) sits on its edge.
pub fn log_panel_point(h: f64, sign: f64) -> (f64, f64) {
    let value = (sign * h.ln()).clamp(-LOG_PANEL_TOP, LOG_PANEL_TOP);
    (28.0 + 204.0 * h, 80.0 - 18.0 * value)
}

/// Returns the SVG path data of `sign · ln h` in the `ln h` panel (see
/// [`log_panel_point`]), from the panel's edge at `h = e^-4` to `h = 1`.
pub fn log_panel_path(sign: f64) -> String {
    const POINTS: usize = 48;
    let mut path = String::new();
    for i in 0..=POINTS {
        // Evenly spaced in ln h, so the points crowd where the curve bends, near h = 0.
        let h = (LOG_PANEL_TOP * (i as f64 / POINTS as f64 - 1.0)).exp();
        let (x, y) = log_panel_point(h, sign);
        let command = if i == 0 { 'M' } else { 'L' };
        path.push_str(&format!("{command}{x:.1},{y:.1}"));
    }
    path
}

/// Cuts a curve, given as `(x, loss)` points, where it rises above [`CURVE_LOSS_TOP`].
///
/// Returns the runs of points that stay inside the plot. Each run that meets the top ends
/// (or starts) exactly on it, at an `x` interpolated between the points around the
/// crossing, so the curve visibly leaves the plot rather than stopping short of the edge.
fn curve_below_top(points: impl Iterator<Item = (f64, f64)>) -> Vec<Vec<(f64, f64)>> {
    let mut runs = Vec::new();
    let mut run: Vec<(f64, f64)> = Vec::new();
    let mut previous: Option<(f64, f64)> = None;

    for (x, value) in points {
        let inside = value <= CURVE_LOSS_TOP;
        if let Some((previous_x, previous_value)) = previous {
            let was_inside = previous_value <= CURVE_LOSS_TOP;
            if inside != was_inside {
                let crossing = top_crossing(previous_x, previous_value, x, value);
                run.push((crossing, CURVE_LOSS_TOP));
                if was_inside {
                    runs.push(std::mem::take(&mut run));
                }
            }
        }
        if inside {
            run.push((x, value));
        }
        previous = Some((x, value));
    }

    if run.len() > 1 {
        runs.push(run);
    }
    runs
}

/// Interpolates the `x` at which the curve crosses the top between two points; an
/// infinite end counts as the point itself.
fn top_crossing(x0: f64, value0: f64, x1: f64, value1: f64) -> f64 {
    if !value0.is_finite() {
        return x0;
    }
    if !value1.is_finite() {
        return x1;
    }
    x0 + (x1 - x0) * (CURVE_LOSS_TOP - value0) / (value1 - value0)
}

/// Marks each edge of the plot where the combined curve, given as the `runs` inside the
/// plot, leaves it with an arrow and "∞": the loss grows without bound as `h` reaches the
/// wrong edge. Without the minus sign the arrow points down, to "−∞".
fn draw_escape_arrows<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    chart: &Chart<DB>,
    runs: &[Vec<(f64, f64)>],
    total: impl Fn(f64) -> f64,
    view: &CurveView,
    style: &PlotStyle,
) -> Result<(), PlotError>
where
    DB::ErrorType: 'static,
{
    let edge_value = view.sign() * CURVE_LOSS_TOP;
    let first = runs.first().and_then(|run| run.first()).copied();
    let last = runs.last().and_then(|run| run.last()).copied();
    let leaving_left = first.filter(|&(_, value)| value == edge_value);
    let leaving_right = last.filter(|&(_, value)| value == edge_value);
    let x_range = view.x_range();
    let middle = (x_range.start + x_range.end) / 2.0;

    for (x, _) in leaving_left.into_iter().chain(leaving_right) {
        let left = x < middle;
        // A capped convention ends the curve at its cap (100 for PyTorch), shown in place
        // of ∞.
        let edge_loss = view.sign() * total(if left { 0.0 } else { 1.0 });
        let label = if edge_loss.is_finite() {
            with_minus_sign(&format!("{edge_loss:.0}"))
        } else {
            format_loss(edge_loss)
        };
        let (px, py) = chart.backend_coord(&(x, edge_value));
        // Upwards the arrow rises into the top margin; downwards it ends on the bottom
        // edge, because below it are the tick labels.
        let length = style.px(16.0) as i32;
        let (tail, tip) = if view.minus_dropped {
            ((px, py - length), (px, py))
        } else {
            ((px, py), (px, py - length))
        };
        root.draw(&PathElement::new(
            [tail, tip],
            style.foreground.stroke_width(style.px(1.5)),
        ))?;
        draw_arrow_head(root, tip, (0, view.outwards()), style.foreground, style)?;
        // The label goes on the side facing the middle, so it stays inside the canvas.
        let (side, offset) = if left {
            (HPos::Left, style.px(6.0) as i32)
        } else {
            (HPos::Right, -(style.px(6.0) as i32))
        };
        let label_style = (FontFamily::SansSerif, 16.0 * style.scale)
            .into_font()
            .style(FontStyle::Bold)
            .color(&style.foreground)
            .pos(Pos::new(side, VPos::Center));
        let label_position = (px + offset, tail.1.min(tip.1) + style.px(3.0) as i32);
        root.draw(&Text::new(label, label_position, label_style))?;
    }
    Ok(())
}

/// Draws one sample on the curve, or as a triangle on the edge the curve leaves by,
/// labelled with its value, when its loss is beyond the plot. The selected sample gets a
/// larger mark with a ring.
fn draw_sample_point<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    chart: &mut Chart<DB>,
    sample: &Sample,
    value: f64,
    selected: bool,
    view: &CurveView,
    style: &PlotStyle,
) -> Result<(), PlotError>
where
    DB::ErrorType: 'static,
{
    let colour = style.label_colour(sample.y);
    let radius = style.px(if selected { 6.0 } else { 4.0 }) as i32;

    let beyond = value > CURVE_LOSS_TOP;
    let x = view.x_of(sample.h);
    let position = (x, view.sign() * value.min(CURVE_LOSS_TOP));
    let (px, py) = chart.backend_coord(&position);
    let size = radius + style.px(1.0) as i32;
    let shape = (size * 3 / 2, size * 7 / 8);
    if view.beyond_axis(sample.h) {
        // Off the logit axis, where the curve is not drawn: a triangle on the side edge,
        // pointing the way the logit went, at the height of the sample's own loss.
        let sideways = if x < 0.0 { -1 } else { 1 };
        draw_triangle(
            root,
            (px + sideways * size, py),
            (sideways, 0),
            shape,
            colour,
        )?;
    } else if beyond {
        // A triangle pointing out of the plot, the way the loss went.
        let tip = (px, py + view.outwards() * size);
        draw_triangle(root, tip, (0, view.outwards()), shape, colour)?;
        // The value, beside the marker on the side facing the middle and inside the plot.
        let x_range = view.x_range();
        let (side, offset) = if x < (x_range.start + x_range.end) / 2.0 {
            (HPos::Left, style.px(10.0) as i32)
        } else {
            (HPos::Right, -(style.px(10.0) as i32))
        };
        let (vertical, lift) = if view.minus_dropped {
            (VPos::Bottom, -(style.px(4.0) as i32))
        } else {
            (VPos::Top, style.px(4.0) as i32)
        };
        let label_style = style.font(DATA_FONT_SIZE).pos(Pos::new(side, vertical));
        let label = Text::new(
            format_short(view.sign() * value),
            (px + offset, py + lift),
            label_style,
        );
        root.draw(&label)?;
    } else {
        chart.draw_series(std::iter::once(Circle::new(
            position,
            radius,
            colour.filled(),
        )))?;
    }
    if selected {
        let ring = Circle::new(
            position,
            radius + style.px(3.0) as i32,
            style.foreground.stroke_width(style.px(2.0)),
        );
        chart.draw_series(std::iter::once(ring))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::loss;

    #[test]
    fn grid_covers_both_ends() {
        let grid: Vec<f64> = curve_grid().collect();
        assert_eq!(0.0, grid[0]);
        assert_eq!(1.0, *grid.last().unwrap());
        assert!(grid.windows(2).all(|pair| pair[0] < pair[1]));
    }

    #[test]
    fn curve_leaves_top_at_exact_height() {
        let runs = curve_below_top(curve_grid().map(|h| (h, loss::real_branch(h))));
        assert_eq!(1, runs.len());
        let (h, value) = runs[0][0];
        assert_eq!(CURVE_LOSS_TOP, value);
        // -ln h = 5 at h = e^-5; linear interpolation between grid points lands close.
        assert!((h - (-CURVE_LOSS_TOP).exp()).abs() < 1e-3, "h = {h}");
        assert!(runs[0].iter().all(|&(_, value)| value <= CURVE_LOSS_TOP));
    }

    #[test]
    fn soft_label_curve_leaves_both_sides() {
        let runs = curve_below_top(curve_grid().map(|h| (h, loss::loss(h, 0.5).unwrap())));
        assert_eq!(1, runs.len());
        assert_eq!(CURVE_LOSS_TOP, runs[0].first().unwrap().1);
        assert_eq!(CURVE_LOSS_TOP, runs[0].last().unwrap().1);
    }

    #[test]
    fn log_panel_stays_on_its_side_of_zero() {
        let zero_line = log_panel_point(1.0, 1.0).1;
        assert_eq!(80.0, zero_line);
        for h in [0.001, 0.1, 0.5, 0.99] {
            assert!(
                log_panel_point(h, 1.0).1 > zero_line,
                "ln {h} is drawn above 0"
            );
            assert!(
                log_panel_point(h, -1.0).1 < zero_line,
                "-ln {h} is drawn below 0"
            );
        }
        assert_eq!(152.0, log_panel_point(0.0, 1.0).1);
        let path = log_panel_path(-1.0);
        assert!(path.starts_with("M31.7,8.0L"), "{path}");
        assert!(path.ends_with("L232.0,80.0"), "{path}");
    }

    #[test]
    fn logit_view_maps_edges_to_axis_ends() {
        let view = CurveView {
            axis: CurveAxis::Logit,
            ..CurveView::default()
        };
        assert_eq!(-LOGIT_SPAN, view.x_of(0.0));
        assert_eq!(LOGIT_SPAN, view.x_of(1.0));
        assert!(view.x_of(0.5).abs() < 1e-15);
        assert!((view.slope(0.3, 1.0) - -0.7).abs() < 1e-15);
    }

    #[test]
    fn dropped_minus_negates_slope_and_step() {
        let view = CurveView::default();
        let dropped = CurveView {
            minus_dropped: true,
            ..view
        };
        assert_eq!(-view.slope(0.3, 1.0), dropped.slope(0.3, 1.0));
        assert!(view.step(0.3, 1.0) > 0.3);
        assert!(dropped.step(0.3, 1.0) < 0.3);
        let runs = dropped.runs(loss::real_branch);
        assert!(runs.iter().flatten().all(|&(_, value)| value <= 0.0));
        assert_eq!(-CURVE_LOSS_TOP, runs[0][0].1);
    }

    #[test]
    fn bar_top_bounds() {
        assert_eq!(1.0, bar_axis_top(&[0.1, 0.2]));
        assert_eq!(BAR_LOSS_TOP_MAX, bar_axis_top(&[0.1, 40.0]));
        assert_eq!(3.0, bar_axis_top(&[2.0, f64::INFINITY]));
        assert_eq!(1.5, bar_axis_top(&[1.2]));
    }

    #[test]
    fn colour_forms() {
        assert_eq!(Some(RGBColor(255, 255, 255)), parse_colour("#fff"));
        assert_eq!(Some(RGBColor(31, 41, 55)), parse_colour("#1f2937"));
        assert_eq!(Some(RGBColor(1, 2, 3)), parse_colour("rgb(1 2 3)"));
        assert_eq!(None, parse_colour("red"));
        assert_eq!(None, parse_colour("#12345"));
        assert_eq!(None, parse_colour("rgb(300, 0, 0)"));
        assert_eq!(None, parse_colour(""));
    }

    #[test]
    fn style_from_properties() {
        let style = PlotStyle::from_custom_properties(|name| match name {
            "--bce-bg" => Some("#000000".to_owned()),
            "--bce-real" => Some("not a colour".to_owned()),
            _ => None,
        });
        assert_eq!(RGBColor(0, 0, 0), style.background);
        assert_eq!(PlotStyle::default().real, style.real);
    }

    #[test]
    fn bar_axis_keeps_top_while_fitting() {
        let mut batch = Batch::default(); // largest loss 1.20, top 1.5
        let axis = BarAxis::of(&batch);
        assert_eq!(1.5, axis.top);

        batch.select(1).unwrap();
        batch.set_prediction(0.3).unwrap(); // 1.20 again: still fits
        assert_eq!(axis, BarAxis::follow(Some(axis), &batch));

        batch.set_prediction(0.1).unwrap(); // 2.30: grows
        let grown = BarAxis::follow(Some(axis), &batch);
        assert_eq!(3.0, grown.top);

        batch.set_prediction(0.6).unwrap(); // back to 1.20: fills more than a third of 3
        assert_eq!(grown, BarAxis::follow(Some(grown), &batch));
    }

    #[test]
    fn bar_axis_shrinks_when_empty() {
        let batch = Batch::new(vec![Sample { h: 0.99, y: 1.0 }]).unwrap();
        let tall = BarAxis { count: 1, top: 6.0 };
        assert_eq!(1.0, BarAxis::follow(Some(tall), &batch).top);
    }

    #[test]
    fn soft_label_colour_blends() {
        let style = PlotStyle::default();
        assert_eq!(style.real, style.label_colour(1.0));
        assert_eq!(style.fake, style.label_colour(0.0));
    }
}
