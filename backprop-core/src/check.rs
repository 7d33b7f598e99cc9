//! Gradient checking: compare an analytic gradient with central finite differences,
//! as the CS231n notes recommend before trusting any backward pass.
//!
//! ```
//! use backprop_core::check::GradCheck;
//!
//! // f(x, y) = x² y, with a hand-written gradient to verify.
//! let f = |p: &[f64]| p[0] * p[0] * p[1];
//! let at = [1.5, -2.0];
//! let analytic = [2.0 * at[0] * at[1], at[0] * at[0]];
//! let report = GradCheck::default().run(f, &at, &analytic);
//! assert!(report.passed(), "{report}");
//! ```
//!
//! A wrong gradient fails, and the report says which component and by how much:
//!
//! ```
//! # use backprop_core::check::GradCheck;
//! let f = |p: &[f64]| p[0].sin();
//! let report = GradCheck::default().run(f, &[0.3], &[0.3_f64.sin()]); // should be cos
//! assert!(!report.passed());
//! assert_eq!(report.worst().index, 0);
//! ```

use core::fmt;

/// Settings of a gradient check: the finite-difference step and the tolerance.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct GradCheck {
    /// Step `h` of the central difference `(f(x + h) - f(x - h)) / 2h`; `1e-5` by
    /// default (CS231n), scaled by `max(1, |x_i|)` per component.
    pub step: f64,
    /// Largest accepted error per component, measured by [`relative_error`]; `1e-6` by
    /// default. Loosen it (e.g. `1e-4`) near kinks or for `f32` functions.
    pub tolerance: f64,
}

impl Default for GradCheck {
    fn default() -> Self {
        GradCheck {
            step: 1e-5,
            tolerance: 1e-6,
        }
    }
}

impl GradCheck {
    /// Checks `analytic` against central differences of `f` at `at`.
    ///
    /// # Panics
    /// If `analytic` and `at` differ in length.
    pub fn run(&self, f: impl Fn(&[f64]) -> f64, at: &[f64], analytic: &[f64]) -> Report {
        assert_eq!(
            at.len(),
            analytic.len(),
            "gradient check: the point has {} components but the analytic gradient has {}",
            at.len(),
            analytic.len()
        );
        let numeric = numeric_gradient(&f, at, self.step);
        let components = analytic
            .iter()
            .zip(&numeric)
            .enumerate()
            .map(|(index, (&analytic, &numeric))| Component {
                index,
                analytic,
                numeric,
                error: relative_error(analytic, numeric),
            })
            .collect();
        Report {
            components,
            tolerance: self.tolerance,
        }
    }
}

/// Checks `analytic` against central differences of `f` at `at` with the default
/// [`GradCheck`] settings.
pub fn check_gradient(f: impl Fn(&[f64]) -> f64, at: &[f64], analytic: &[f64]) -> Report {
    GradCheck::default().run(f, at, analytic)
}

/// Central-difference gradient of `f` at `at`, with step `h * max(1, |x_i|)`.
pub fn numeric_gradient(f: impl Fn(&[f64]) -> f64, at: &[f64], h: f64) -> Vec<f64> {
    let mut point = at.to_vec();
    (0..at.len())
        .map(|i| {
            let step = h * at[i].abs().max(1.0);
            point[i] = at[i] + step;
            let plus = f(&point);
            point[i] = at[i] - step;
            let minus = f(&point);
            point[i] = at[i];
            (plus - minus) / (2.0 * step)
        })
        .collect()
}

/// The error measure of the check: `|a - n| / max(1, |a|, |n|)`.
///
/// This is the CS231n relative error `|a - n| / max(|a|, |n|)` for gradients of
/// magnitude 1 and above, and the absolute error below, where a relative error would
/// blow up on finite-difference noise around a true zero.
pub fn relative_error(analytic: f64, numeric: f64) -> f64 {
    (analytic - numeric).abs() / 1f64.max(analytic.abs()).max(numeric.abs())
}

/// One gradient component of a [`Report`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Component {
    /// Which input this is.
    pub index: usize,
    /// The gradient under test.
    pub analytic: f64,
    /// The central-difference estimate.
    pub numeric: f64,
    /// [`relative_error`] of the two.
    pub error: f64,
}

/// The outcome of a gradient check, one [`Component`] per input.
///
/// `Display` prints a table; [`Report::assert_passed`] panics with it.
#[derive(Debug, Clone, PartialEq)]
pub struct Report {
    /// Per-input comparison, in input order.
    pub components: Vec<Component>,
    /// The tolerance the check was run with.
    pub tolerance: f64,
}

impl Report {
    /// Whether every component is within tolerance (a NaN never passes).
    pub fn passed(&self) -> bool {
        self.components.iter().all(|c| c.error <= self.tolerance)
    }

    /// The component with the largest error (NaN counts as largest).
    ///
    /// # Panics
    /// If the report is empty (a function of no inputs).
    pub fn worst(&self) -> Component {
        *self
            .components
            .iter()
            .max_by(|a, b| {
                let key = |c: &Component| {
                    if c.error.is_nan() {
                        f64::INFINITY
                    } else {
                        c.error
                    }
                };
                key(a).total_cmp(&key(b))
            })
            .expect("gradient check report has no components")
    }

    /// Panics with the report's table unless the check [`passed`](Report::passed).
    #[track_caller]
    pub fn assert_passed(&self) {
        assert!(self.passed(), "gradient check failed\n{self}");
    }
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "{:>5}  {:>22}  {:>22}  {:>10}",
            "input", "analytic", "numeric", "error"
        )?;
        for c in &self.components {
            let flag = if c.error <= self.tolerance {
                ""
            } else {
                "  <- exceeds tolerance"
            };
            writeln!(
                f,
                "{:>5}  {:>22.15e}  {:>22.15e}  {:>10.2e}{flag}",
                c.index, c.analytic, c.numeric, c.error
            )?;
        }
        write!(f, "tolerance {:.1e}", self.tolerance)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_a_right_gradient_and_rejects_a_wrong_one() {
        let f = |p: &[f64]| p[0].exp() * p[1];
        let at = [0.4_f64, -1.3];
        let right = [at[0].exp() * at[1], at[0].exp()];
        assert!(check_gradient(f, &at, &right).passed());
        let wrong = [right[0], right[1] * 1.001];
        let report = check_gradient(f, &at, &wrong);
        assert!(!report.passed());
        assert_eq!(report.worst().index, 1);
        assert!(report.to_string().contains("exceeds tolerance"));
    }

    #[test]
    fn nan_never_passes() {
        let report = check_gradient(|p: &[f64]| p[0], &[1.0], &[f64::NAN]);
        assert!(!report.passed());
    }

    #[test]
    fn relative_error_is_absolute_below_one() {
        assert_eq!(relative_error(0.0, 1e-9), 1e-9);
        assert!((relative_error(200.0, 202.0) - 2.0 / 202.0).abs() < 1e-15);
    }
}
