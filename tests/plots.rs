//! Renders both charts to SVG natively and checks that they contain what the page shows.

#![cfg(not(target_arch = "wasm32"))]

use bce_explorer::batch::{Batch, Sample};
use bce_explorer::plot::{
    draw_bar_background, draw_batch_bars, draw_loss_background, draw_loss_curve, BarAxis,
    CurveAxis, CurveView, PlotStyle,
};
use plotters::backend::SVGBackend;

const SIZE: (u32, u32) = (640, 360); // px

fn render_curve(batch: &Batch) -> String {
    render_curve_in(batch, &CurveView::default())
}

fn render_curve_in(batch: &Batch, view: &CurveView) -> String {
    let mut svg = String::new();
    draw_loss_curve(
        SVGBackend::with_string(&mut svg, SIZE),
        batch,
        view,
        &PlotStyle::default(),
    )
    .expect("drawing into a string cannot fail");
    svg
}

fn render_bars(batch: &Batch) -> String {
    let mut svg = String::new();
    draw_batch_bars(
        SVGBackend::with_string(&mut svg, SIZE),
        batch,
        &PlotStyle::default(),
    )
    .expect("drawing into a string cannot fail");
    svg
}

/// Returns the `rgb(...)` form plotters writes for a colour.
fn svg_colour(colour: plotters::style::RGBColor) -> String {
    format!("#{:02X}{:02X}{:02X}", colour.0, colour.1, colour.2)
}

#[test]
fn curve_svg_has_curves_and_points() {
    let svg = render_curve(&Batch::default());
    let style = PlotStyle::default();

    assert!(svg.starts_with("<svg"), "not an SVG document");
    assert!(svg.contains("prediction h"), "x axis title missing");
    let polylines = svg.matches("<polyline").count();
    // Three curves (combined and two branches), legend swatches and the escape arrow.
    assert!(polylines >= 3, "only {polylines} polylines");
    assert!(
        svg.contains(&svg_colour(style.real)),
        "real branch colour missing"
    );
    assert!(
        svg.contains(&svg_colour(style.fake)),
        "fake branch colour missing"
    );
    let circles = svg.matches("<circle").count();
    // Five samples and the ring around the selected one.
    assert_eq!(6, circles);
    assert!(svg.contains("∞"), "escape arrow label missing");
}

#[test]
fn curve_svg_marks_sample_above_top() {
    let batch = Batch::new(vec![Sample { h: 0.0, y: 1.0 }]).unwrap();
    let svg = render_curve(&batch);

    // The selected sample is off the top: a triangle with the selection ring, no dot.
    assert_eq!(1, svg.matches("<circle").count());
    assert!(
        svg.contains("<polygon"),
        "triangle marker for the off-top sample missing"
    );
    assert!(
        svg.matches("∞").count() >= 2,
        "escape arrow and sample value labels missing"
    );
}

#[test]
fn curve_svg_without_minus_sign() {
    let view = CurveView {
        minus_dropped: true,
        ..CurveView::default()
    };
    let svg = render_curve_in(&Batch::default(), &view);

    assert!(svg.contains("−L, no minus sign"), "axis title missing");
    assert!(svg.contains("−∞"), "downward escape arrow label missing");
    assert!(svg.contains("−5.0"), "negative tick labels missing");
}

#[test]
fn curve_svg_over_logit() {
    let view = CurveView {
        axis: CurveAxis::Logit,
        ..CurveView::default()
    };
    let svg = render_curve_in(&Batch::default(), &view);

    assert!(svg.contains("logit z"), "axis title missing");
    // The loss axis has no negative ticks, so "−5.0" can only be on the logit axis.
    assert!(svg.contains("−5.0"), "negative logit tick missing");
    assert_eq!(6, svg.matches("<circle").count(), "five samples and a ring");
}

#[test]
fn soft_label_marks_lowest_loss() {
    let mut batch = Batch::default();
    batch.set_label(0.9).unwrap();
    let svg = render_curve(&batch);

    // H(0.9) = 0.3251, printed with two decimals.
    assert!(svg.contains("H(y) = 0.33"), "entropy label missing");
    assert!(!render_curve(&Batch::default()).contains("H(y)"));
}

#[test]
fn tangent_needs_a_rate() {
    let without = CurveView {
        rate: 0.0,
        ..CurveView::default()
    };
    let batch = Batch::new(vec![Sample { h: 0.3, y: 1.0 }]).unwrap();
    let with_step = render_curve(&batch);
    let plain = render_curve_in(&batch, &without);

    // The tangent and the arrow's shaft are two lines, its head one triangle.
    let count = |svg: &str, tag: &str| svg.matches(tag).count();
    assert_eq!(
        count(&plain, "<polyline") + 2,
        count(&with_step, "<polyline")
    );
    assert_eq!(count(&plain, "<polygon") + 1, count(&with_step, "<polygon"));
}

#[test]
fn curve_svg_changes_with_label() {
    let mut batch = Batch::default();
    let before = render_curve(&batch);
    batch.set_label(0.4).unwrap();
    let after = render_curve(&batch);

    assert_ne!(before, after);
}

#[test]
fn bars_svg_has_bars_and_mean() {
    let svg = render_bars(&Batch::default());

    assert!(svg.starts_with("<svg"), "not an SVG document");
    let rects = svg.matches("<rect").count();
    // Background, five bars and the outline of the selected bar.
    assert_eq!(7, rects);
    assert!(svg.contains("mean J = 0.6495"), "mean label missing");
    // Only the selected bar, the first, carries its value.
    assert!(svg.contains("0.11"), "selected bar's value missing");
    assert!(!svg.contains("0.51"), "an unselected bar is labelled");
}

#[test]
fn bars_svg_shows_infinite_mean() {
    let mut batch = Batch::default();
    batch.set_prediction(0.0).unwrap();
    let svg = render_bars(&batch);

    assert!(svg.contains("mean J = ∞"), "infinite mean label missing");
    assert!(!svg.contains("NaN"), "NaN in the chart");
}

#[test]
fn curve_background_ignores_prediction() {
    let render = |batch: &Batch| {
        let mut svg = String::new();
        let backend = SVGBackend::with_string(&mut svg, SIZE);
        draw_loss_background(backend, batch, &CurveView::default(), &PlotStyle::default())
            .expect("drawing works");
        svg
    };
    let mut batch = Batch::default();
    let before = render(&batch);
    batch.set_prediction(0.2).unwrap();
    assert_eq!(before, render(&batch));

    batch.set_label(0.5).unwrap();
    assert_ne!(before, render(&batch));
}

#[test]
fn bar_background_depends_on_axis() {
    let render = |axis: BarAxis| {
        let mut svg = String::new();
        let backend = SVGBackend::with_string(&mut svg, SIZE);
        draw_bar_background(backend, axis, &PlotStyle::default()).expect("drawing works");
        svg
    };
    let mut batch = Batch::default();
    let axis = BarAxis::of(&batch);
    batch.set_prediction(0.8).unwrap();
    assert_eq!(axis, BarAxis::of(&batch), "a small move keeps the axis");
    assert_eq!(render(axis), render(BarAxis::of(&batch)));
    assert_ne!(
        render(axis),
        render(BarAxis {
            count: 6,
            top: axis.top
        })
    );
}
