//! bce-explorer: an interactive teaching widget for binary cross-entropy (BCE).
//!
//! The core is plain Rust and builds natively:
//!
//! - [`loss`] computes `L(h, y)` branch by branch, and [`convention`] the way PyTorch, Keras
//!   and scikit-learn cap it, in float64 or float32;
//! - [`logit`] is the loss in terms of the logit `z`, [`gradient`] both slopes, [`entropy`]
//!   the split `L = H(y) + KL(y ‖ h)` and [`reduction`] the weighted batch mean and sum;
//! - [`batch`] is the mini-batch the widget edits, [`readout`] formats numbers for the page
//!   and [`plot`] draws both charts against any plotters backend.
//!
//! On `wasm32`, `widget` mounts the interactive widget into a page element and `api`
//! exports the loss functions to JavaScript. The features of the same names select them,
//! and the build makes one wasm module of each.
//!
//! ```
//! use bce_explorer::batch::Batch;
//!
//! let batch = Batch::default();
//! assert!((batch.mean_loss() - 0.6494550598779798).abs() < 1e-12);
//! ```

#![warn(missing_docs)]

pub mod batch;
pub mod convention;
pub mod entropy;
pub mod gan;
pub mod gradient;
pub mod logit;
pub mod loss;
pub mod plot;
pub mod readout;
pub mod reduction;
pub mod state;

#[cfg(all(target_arch = "wasm32", feature = "api"))]
pub mod api;
#[cfg(all(target_arch = "wasm32", feature = "widget"))]
pub mod widget;

/// Installs the panic hook when the module is instantiated, so a panic reaches the console
/// with its message.
#[cfg(target_arch = "wasm32")]
#[wasm_bindgen::prelude::wasm_bindgen(start)]
fn start() {
    console_error_panic_hook::set_once();
}
