//! bce-explorer: an interactive teaching widget for binary cross-entropy (BCE).
//!
//! The core is plain Rust and builds natively: [`loss`] computes `L(h, y)` branch by branch,
//! [`batch`] holds the mini-batch and its mean loss, [`readout`] formats numbers for the
//! page and [`plot`] draws both charts against any plotters backend. On `wasm32` the
//! `widget` module mounts the interactive widget into a page element.
//!
//! ```
//! use bce_explorer::batch::Batch;
//!
//! let batch = Batch::default();
//! assert!((batch.mean_loss() - 0.6494550598779798).abs() < 1e-12);
//! ```

#![warn(missing_docs)]

pub mod batch;
pub mod loss;
pub mod plot;
pub mod readout;

#[cfg(target_arch = "wasm32")]
pub mod widget;
