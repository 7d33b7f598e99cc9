//! A function of the user's named like one of backprop's grouped gates (`huber`, `gelu`,
//! `dot`, ...) is never replaced by the gate. The rule (README, "Gate names"):
//! - a path into `backprop` (`backprop::huber(..)`), or a name imported from it in the
//!   body (`use backprop::huber;`, `use backprop::sigmoid as logistic;`), is the gate;
//! - a name the body declares (`fn gelu(..)`), imports from elsewhere (`use
//!   self::huber;`) or binds as a local is the user's; so is any other path
//!   (`self::huber(..)`, `losses::huber(..)`): a call of a differentiated function;
//! - a bare name the body says nothing about is read as the gate, and the generated code
//!   checks at compile time that it is backprop's (`tests/ui/calls/gate_name_is_yours.rs`).

mod common;

use backprop::{differentiate, gelu, huber, sigmoid};
use common::{check, dabs, dsigmoid};
use num_dual::{Dual64, DualNum};

/// The user's own losses, two of them named like backprop's gates.
mod losses {
    use backprop::differentiate;

    /// A pseudo-Huber loss `δ² (√(1 + (r/δ)²) - 1)`: smooth, unlike backprop's `huber`.
    #[differentiate]
    pub fn huber(r: f64, delta: f64) -> f64 {
        delta * delta * ((1.0 + (r / delta).powi(2)).sqrt() - 1.0)
    }

    /// `max(0, 1 - y·s)²`, the squared hinge, named like backprop's `dot` by mistake of
    /// history.
    #[differentiate]
    pub fn dot(s: f64, y: f64) -> f64 {
        (1.0 - y * s).max(0.0).powi(2)
    }

    /// The pseudo-Huber loss of a residual, imported into the body: the user's `huber`.
    #[differentiate]
    pub fn fit_imported(w: f64, x: f64, target: f64) -> f64 {
        use self::huber;
        huber(w * x - target, 0.5)
    }

    /// The same by a path.
    #[differentiate]
    pub fn fit_by_path(w: f64, x: f64, target: f64) -> f64 {
        self::huber(w * x - target, 0.5)
    }

    /// The squared hinge of a score, by a path: the user's `dot`, taking scalars.
    #[differentiate]
    pub fn margin(w: f64, x: f64, y: f64) -> f64 {
        self::dot(w * x, y)
    }
}

fn pseudo_huber_twin(r: Dual64, delta: f64) -> Dual64 {
    ((r / delta).powi(2) + 1.0).sqrt() * (delta * delta) - delta * delta
}

fn huber_twin(r: Dual64, delta: f64) -> Dual64 {
    if dabs(r).re <= delta {
        r * r * 0.5
    } else {
        (dabs(r) - delta * 0.5) * delta
    }
}

#[test]
fn the_users_huber_is_called_when_the_body_imports_it_or_names_its_path() {
    for (w, x, target) in [(0.8, 1.5, 0.2), (-1.0, 2.0, 1.0), (2.0, 0.5, 3.0)] {
        let (value, grad) = losses::fit_imported_grad(w, x, target);
        assert_eq!(value, losses::huber(w * x - target, 0.5));
        check(
            "fit_imported",
            &[w, x, target],
            value,
            &[grad.w, grad.x, grad.target],
            |v| losses::fit_imported(v[0], v[1], v[2]),
            |v| pseudo_huber_twin(v[0] * v[1] - v[2], 0.5),
        );
        let (value, grad) = losses::fit_by_path_grad(w, x, target);
        check(
            "fit_by_path",
            &[w, x, target],
            value,
            &[grad.w, grad.x, grad.target],
            |v| losses::fit_by_path(v[0], v[1], v[2]),
            |v| pseudo_huber_twin(v[0] * v[1] - v[2], 0.5),
        );
    }
    for (w, x, y) in [(0.2, 1.5, 1.0), (-0.4, 2.0, 1.0), (0.3, -1.0, -1.0)] {
        let (value, grad) = losses::margin_grad(w, x, y);
        check(
            "margin",
            &[w, x, y],
            value,
            &[grad.w, grad.x, grad.y],
            |v| losses::margin(v[0], v[1], v[2]),
            |v| {
                let hinge = -(v[2] * v[0] * v[1]) + 1.0;
                common::dmax(hinge, Dual64::from_re(0.0)).powi(2)
            },
        );
    }
}

/// backprop's `huber` (imported at the top of this file): the bare name is checked to be
/// it at compile time.
#[differentiate]
fn robust(w: f64, x: f64, target: f64) -> f64 {
    huber(w * x - target, 0.5)
}

/// backprop's gate imported under another name in the body.
#[differentiate]
fn logistic_regression(w: f64, b: f64, x: f64) -> f64 {
    use backprop::sigmoid as logistic;
    logistic(w * x + b)
}

/// A local helper named like a gate, called on a constant: the user's, as written.
#[differentiate(wrt(x))]
fn gated(x: f64, t: f64) -> f64 {
    fn gelu(t: f64) -> f64 {
        t.clamp(0.0, 1.0)
    }
    x * gelu(t) + backprop::gelu(x)
}

#[test]
fn backprop_gates_by_import_alias_or_path() {
    for (w, x, target) in [(0.8, 1.5, 0.2), (2.0, 0.5, 3.0)] {
        let (value, grad) = robust_grad(w, x, target);
        check(
            "robust",
            &[w, x, target],
            value,
            &[grad.w, grad.x, grad.target],
            |v| robust(v[0], v[1], v[2]),
            |v| huber_twin(v[0] * v[1] - v[2], 0.5),
        );
        assert_eq!(value, huber(w * x - target, 0.5));
    }
    for (w, b, x) in [(0.5, -0.2, 1.5), (-2.0, 0.3, 0.7)] {
        let (value, grad) = logistic_regression_grad(w, b, x);
        assert_eq!(value, sigmoid(w * x + b));
        check(
            "logistic_regression",
            &[w, b, x],
            value,
            &[grad.w, grad.b, grad.x],
            |v| logistic_regression(v[0], v[1], v[2]),
            |v| dsigmoid(v[0] * v[2] + v[1]),
        );
    }
    for (x, t) in [(0.5, 2.0), (-1.0, 0.25)] {
        let (value, grad) = gated_grad(x, t);
        assert_eq!(value, gated(x, t));
        assert_eq!(value, x * t.clamp(0.0, 1.0) + gelu(x));
        let fd = common::fd_grad(|v| gated(v[0], t), &[x], common::H);
        common::assert_close("gated", grad.x, fd[0], common::RTOL_FD);
    }
}
