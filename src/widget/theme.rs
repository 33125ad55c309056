//! Chart colours from the page's CSS custom properties, so one stylesheet themes both the
//! HTML and the canvases.

use web_sys::{Element, Window};

use crate::plot::PlotStyle;

/// Reads `--bce-bg`, `--bce-fg`, `--bce-grid`, `--bce-real`, `--bce-fake` and
/// `--bce-accent` as they apply to the widget's root element; a missing or unreadable one
/// keeps the default colour.
pub fn plot_style(window: &Window, root: &Element) -> PlotStyle {
    let computed = window.get_computed_style(root).ok().flatten();
    PlotStyle::from_custom_properties(|name| {
        computed
            .as_ref()
            .and_then(|style| style.get_property_value(name).ok())
    })
}
