//! Slopes of the loss: which way, and how hard, gradient descent pushes a prediction.
//!
//! `dL/dh = (h - y) / (h (1 - h))` grows without bound at the edges, while
//! `dL/dz = sigmoid(z) - y` stays in [-1, 1]: training on logits keeps gradients bounded.

use crate::convention::Precision;
use crate::logit::sigmoid;
use crate::loss::{check_label, check_prediction, LossError};

/// Computes `dL/dh = (h - y) / (h (1 - h))`, the slope of the loss in the prediction.
///
/// At the edges the slope is infinite unless `h = y`: `h = 0` gives `-inf` for `y > 0`, and
/// `h = 1` gives `+inf` for `y < 1`. Where `h = y` at an edge the slope is the one-sided
/// limit of the only branch with weight, `+1` at `h = y = 0` (from `-ln(1 - h)`) and `-1` at
/// `h = y = 1` (from `-ln h`).
///
/// ```
/// let slope = bce_explorer::gradient::gradient_wrt_prediction(0.3, 1.0).unwrap();
/// assert!((slope - -3.333333333333333).abs() < 1e-12);
/// ```
///
/// # Errors
///
/// A [`LossError`] naming the value when `h` or `y` is NaN or outside [0, 1].
pub fn gradient_wrt_prediction(h: f64, y: f64) -> Result<f64, LossError> {
    let h = check_prediction(h)?;
    let y = check_label(y)?;

    let slope = if h == 0.0 {
        if y == 0.0 {
            1.0
        } else {
            f64::NEG_INFINITY
        }
    } else if h == 1.0 {
        if y == 1.0 {
            -1.0
        } else {
            f64::INFINITY
        }
    } else {
        (h - y) / (h * (1.0 - h))
    };
    Ok(slope + 0.0)
}

/// Computes `dL/dz = sigmoid(z) - y`, the slope of the loss in the logit `z`.
///
/// Bounded by 1 in magnitude for every `z`, infinities included.
///
/// # Errors
///
/// [`LossError::LogitNaN`] for a NaN logit, [`LossError::LabelOutOfRange`] when `y` is NaN
/// or outside [0, 1].
pub fn gradient_wrt_logit(z: f64, y: f64) -> Result<f64, LossError> {
    if z.is_nan() {
        return Err(LossError::LogitNaN);
    }
    let y = check_label(y)?;

    // sigmoid(z) - y = (1 - y) - sigmoid(-z). Of the two forms, the one whose sigmoid is
    // small keeps its digits: for z = 20, y = 1 it gives -2.06e-9 exactly, where
    // 1 - sigmoid(20) would cancel down to a few correct digits.
    let slope = if z >= 0.0 {
        (1.0 - y) - sigmoid(-z, Precision::Float64)
    } else {
        sigmoid(z, Precision::Float64) - y
    };
    Ok(slope + 0.0)
}

/// The logit [`descent_step`] gives a prediction of exactly 0 or 1, whose logit is infinite
/// and would never move by a finite step. `1 - sigmoid(36)` is 2.3e-16, just above the
/// spacing of float64 below 1 (1.1e-16), so a step from there reaches a value under 1.
pub const STEP_LOGIT_LIMIT: f64 = 36.0;

/// Returns the logit a gradient step starts from: `ln(h / (1 - h))`, or
/// ±[`STEP_LOGIT_LIMIT`] for a prediction of exactly 0 or 1.
///
/// # Errors
///
/// [`LossError::PredictionOutOfRange`] when `h` is NaN or outside [0, 1].
pub fn step_logit(h: f64) -> Result<f64, LossError> {
    let z = crate::logit::logit(h)?;
    Ok(if z.is_infinite() {
        z.signum() * STEP_LOGIT_LIMIT
    } else {
        z
    })
}

/// Applies one gradient-descent step to a prediction through its logit:
/// `z ← z − rate · (h − y)`, then `h ← sigmoid(z)`. A framework steps the parameters θ,
/// whose gradient flows through `z`; this steps `z` as if it were the parameter.
///
/// For `0 < rate < 8` the step never raises the loss beyond rounding, because the loss's
/// second derivative in `z` is `h (1 − h) ≤ 1/4` (a property test in tests/properties.rs
/// checks it). A
/// negative `rate` steps uphill instead, which is what descending `−L`, the loss without
/// its minus sign, does.
///
/// A prediction of 0 or 1 starts from [`step_logit`]. A step that does not move it
/// inwards, away from the edge it is on, leaves it there.
///
/// ```
/// use bce_explorer::gradient::descent_step;
///
/// let h = descent_step(0.3, 1.0, 1.0).unwrap(); // z = -0.847 moves up by 0.7
/// assert!((h - 0.4632).abs() < 1e-4);
/// ```
///
/// # Errors
///
/// A [`LossError`] naming the value when `h` or `y` is NaN or outside [0, 1].
pub fn descent_step(h: f64, y: f64, rate: f64) -> Result<f64, LossError> {
    let z = step_logit(h)?;
    let slope = gradient_wrt_logit(z, y)?;
    let stepped = z - rate * slope;
    let outwards = (h == 0.0 && stepped <= z) || (h == 1.0 && stepped >= z);
    if outwards {
        return Ok(h);
    }
    Ok(sigmoid(stepped, Precision::Float64))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prediction_slope_edges() {
        assert_eq!(
            f64::NEG_INFINITY,
            gradient_wrt_prediction(0.0, 1.0).unwrap()
        );
        assert_eq!(
            f64::NEG_INFINITY,
            gradient_wrt_prediction(0.0, 0.1).unwrap()
        );
        assert_eq!(f64::INFINITY, gradient_wrt_prediction(1.0, 0.0).unwrap());
        assert_eq!(1.0, gradient_wrt_prediction(0.0, 0.0).unwrap());
        assert_eq!(-1.0, gradient_wrt_prediction(1.0, 1.0).unwrap());
    }

    #[test]
    fn slope_zero_at_label() {
        let slope = gradient_wrt_prediction(0.3, 0.3).unwrap();
        assert_eq!(0.0, slope);
        assert!(slope.is_sign_positive());
    }

    #[test]
    fn logit_slope_keeps_digits() {
        let expected = -2.0611536181902036e-9; // -1 / (1 + e^20)
        let slope = gradient_wrt_logit(20.0, 1.0).unwrap();
        assert!(((slope - expected) / expected).abs() < 1e-12, "{slope}");
        assert!(gradient_wrt_logit(40.0, 1.0).unwrap() < 0.0);
    }

    #[test]
    fn logit_slope_values() {
        assert!((gradient_wrt_logit(logit_of(0.3), 1.0).unwrap() - -0.7).abs() < 1e-12);
        assert_eq!(0.0, gradient_wrt_logit(f64::INFINITY, 1.0).unwrap());
        assert_eq!(1.0, gradient_wrt_logit(f64::INFINITY, 0.0).unwrap());
        assert_eq!(-1.0, gradient_wrt_logit(f64::NEG_INFINITY, 1.0).unwrap());
        assert_eq!(Err(LossError::LogitNaN), gradient_wrt_logit(f64::NAN, 0.0));
    }

    #[test]
    fn step_moves_towards_label_and_lowers_loss() {
        for (h, y) in [(0.3, 1.0), (0.9, 0.0), (0.2, 0.9), (0.95, 0.9)] {
            let before = crate::loss::loss(h, y).unwrap();
            let stepped = descent_step(h, y, 1.0).unwrap();
            assert!((stepped - y).abs() < (h - y).abs(), "h = {h}, y = {y}");
            assert!(crate::loss::loss(stepped, y).unwrap() < before);
        }
    }

    #[test]
    fn step_at_label_stays() {
        let stepped = descent_step(0.25, 0.25, 2.0).unwrap();
        assert!((stepped - 0.25).abs() < 1e-15);
    }

    #[test]
    fn negative_rate_moves_away_from_label() {
        let stepped = descent_step(0.6, 1.0, -1.0).unwrap();
        assert!(stepped < 0.6);
    }

    #[test]
    fn step_leaves_either_edge() {
        let up = descent_step(0.0, 1.0, 0.1).unwrap();
        assert!(up > 0.0);
        assert!(crate::loss::loss(up, 1.0).unwrap() < STEP_LOGIT_LIMIT + 1.0);
        let down = descent_step(1.0, 0.0, 0.1).unwrap();
        assert!(down < 1.0);
        assert!(crate::loss::loss(down, 0.0).unwrap() < STEP_LOGIT_LIMIT + 1.0);
    }

    #[test]
    fn step_stays_on_edge_it_pushes_past() {
        assert_eq!(1.0, descent_step(1.0, 1.0, 1.0).unwrap());
        assert_eq!(0.0, descent_step(0.0, 1.0, -1.0).unwrap());
    }

    #[test]
    fn uphill_steps_keep_moving_towards_edge() {
        let mut h = 0.3;
        for _ in 0..20 {
            let stepped = descent_step(h, 1.0, -4.0).unwrap();
            assert!(stepped < h || stepped == 0.0, "stuck at {h}");
            h = stepped;
        }
    }

    #[test]
    fn step_rejects_invalid_input() {
        assert!(descent_step(f64::NAN, 1.0, 1.0).is_err());
        assert!(descent_step(0.5, 2.0, 1.0).is_err());
    }

    fn logit_of(h: f64) -> f64 {
        crate::logit::logit(h).unwrap()
    }
}
