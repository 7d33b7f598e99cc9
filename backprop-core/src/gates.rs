//! Grouped gates (CS231n "grouping gates"): functions `#[differentiate]` treats as one
//! gate with a compact local gradient, instead of differentiating their insides.
//!
//! Each is an ordinary function too, numerically stable over the whole float range.
//! The macro's rule for each is given in its doc comment.

use crate::Real;

/// The logistic sigmoid `σ(x) = 1 / (1 + e^-x)`.
///
/// Local gradient, from the cached output `s`: `s * (1 - s)`.
/// Stable for large `|x|`: never evaluates `e^x` for positive `x`.
///
/// ```
/// assert_eq!(backprop_core::sigmoid(0.0_f64), 0.5);
/// assert!(backprop_core::sigmoid(-800.0_f64) >= 0.0);
/// ```
#[inline]
pub fn sigmoid<F: Real>(x: F) -> F {
    if x >= F::zero() {
        F::one() / (F::one() + (-x).exp())
    } else {
        let e = x.exp();
        e / (F::one() + e)
    }
}

/// The rectified linear unit `max(x, 0)`.
///
/// Local gradient: `1` for `x > 0`, else `0`; so `relu'(0) = 0`, as in PyTorch and JAX
/// (unlike `x.max(0.0)`, which splits a tie and gives `0.5` at 0).
#[inline]
pub fn relu<F: Real>(x: F) -> F {
    if x > F::zero() {
        x
    } else {
        F::zero()
    }
}

/// `softplus(x) = ln(1 + e^x)`, a smooth ReLU.
///
/// Local gradient: `σ(x)`. Stable: `max(x, 0) + ln(1 + e^-|x|)`.
#[inline]
pub fn softplus<F: Real>(x: F) -> F {
    relu(x) + (-x.abs()).exp().ln_1p()
}

/// `log_sigmoid(x) = ln σ(x) = -softplus(-x)`.
///
/// Local gradient: `σ(-x) = 1 - σ(x)`. Stable for large `|x|` (no `ln(0)`).
#[inline]
pub fn log_sigmoid<F: Real>(x: F) -> F {
    -softplus(-x)
}

/// `log1p_exp(x) = ln(1 + e^x)`: another name for [`softplus`].
#[inline]
pub fn log1p_exp<F: Real>(x: F) -> F {
    softplus(x)
}

/// GELU, in the tanh form (PyTorch `approximate="tanh"`, the one BERT and GPT-2 use):
/// `0.5 x (1 + tanh(√(2/π) (x + 0.044715 x³)))`.
///
/// Local gradient: [`crate::local::gelu_slope`].
#[inline]
pub fn gelu<F: Real>(x: F) -> F {
    F::of(0.5) * x * (F::one() + gelu_tanh(x))
}

/// `tanh(√(2/π) (x + 0.044715 x³))`, shared by [`gelu`] and its slope.
#[inline]
pub(crate) fn gelu_tanh<F: Real>(x: F) -> F {
    (F::of(0.797_884_560_802_865_4) * (x + F::of(0.044_715) * x * x * x)).tanh()
}

/// Leaky ReLU: `x` for `x > 0`, else `slope * x`.
///
/// Local gradients: `1` or `slope` for `x` (`slope` at 0, as in PyTorch), and
/// `min(x, 0)` for `slope`.
#[inline]
pub fn leaky_relu<F: Real>(x: F, slope: F) -> F {
    if x > F::zero() {
        x
    } else {
        slope * x
    }
}

/// ELU: `x` for `x > 0`, else `alpha (e^x - 1)`.
///
/// Local gradients: `1` or `alpha e^x` for `x` (`alpha` at 0, as in PyTorch), and
/// `e^min(x, 0) - 1` for `alpha`.
#[inline]
pub fn elu<F: Real>(x: F, alpha: F) -> F {
    if x > F::zero() {
        x
    } else {
        alpha * x.exp_m1()
    }
}

/// The Huber loss of a residual `x`: `x²/2` for `|x| ≤ delta`, else
/// `delta (|x| - delta/2)`: quadratic near 0, linear beyond, continuous slope.
///
/// Local gradients: `clamp(x, -delta, delta)` for `x`, and `max(|x| - delta, 0)` for
/// `delta`.
#[inline]
pub fn huber<F: Real>(x: F, delta: F) -> F {
    let size = x.abs();
    if size <= delta {
        F::of(0.5) * x * x
    } else {
        delta * (size - F::of(0.5) * delta)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sigmoid_matches_the_definition_and_stays_finite() {
        for x in [-30.0_f64, -2.0, -0.1, 0.0, 0.3, 4.0, 30.0] {
            let direct = 1.0 / (1.0 + (-x).exp());
            assert!((sigmoid(x) - direct).abs() < 1e-15, "x = {x}");
        }
        assert_eq!(sigmoid(-1000.0_f64), 0.0);
        assert_eq!(sigmoid(1000.0_f64), 1.0);
    }

    #[test]
    fn softplus_and_log_sigmoid_are_stable() {
        for x in [-20.0_f64, -1.5, 0.0, 0.7, 20.0] {
            let direct = (1.0 + x.exp()).ln();
            assert!((softplus(x) - direct).abs() < 1e-12, "x = {x}");
            assert!((log_sigmoid(x) - sigmoid(x).ln()).abs() < 1e-12, "x = {x}");
        }
        assert_eq!(softplus(1000.0_f64), 1000.0);
        assert!(softplus(-1000.0_f64) >= 0.0);
        assert_eq!(log_sigmoid(-1000.0_f64), -1000.0);
    }

    #[test]
    fn the_other_gates_match_their_definitions() {
        for x in [-2.5_f64, -0.3, 0.0, 0.4, 3.0] {
            let t = ((2.0 / std::f64::consts::PI).sqrt() * (x + 0.044715 * x.powi(3))).tanh();
            assert!((gelu(x) - 0.5 * x * (1.0 + t)).abs() < 1e-15);
            assert_eq!(leaky_relu(x, 0.1), if x > 0.0 { x } else { 0.1 * x });
            let e = if x > 0.0 { x } else { 1.5 * (x.exp() - 1.0) };
            assert!((elu(x, 1.5) - e).abs() < 1e-15);
            let h = if x.abs() <= 1.0 {
                0.5 * x * x
            } else {
                x.abs() - 0.5
            };
            assert!((huber(x, 1.0) - h).abs() < 1e-15);
            assert_eq!(log1p_exp(x), softplus(x));
        }
    }

    #[test]
    fn relu_is_zero_at_the_kink() {
        assert_eq!(relu(0.0_f64), 0.0);
        assert_eq!(relu(-2.0_f32), 0.0);
        assert_eq!(relu(3.0_f64), 3.0);
    }
}
