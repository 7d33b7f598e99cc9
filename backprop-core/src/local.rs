//! Local gradients at kinks, called by generated backward passes.
//!
//! Each function is the derivative convention of DESIGN.md for one operation, so the
//! generated code names the convention instead of spelling out comparisons.

use crate::Real;

/// `d|x|/dx`: the sign of `x`, and `0` at `x = 0` (PyTorch, TensorFlow: the smallest
/// subgradient, so a minimum at the kink is a stationary point).
#[inline]
pub fn abs_slope<F: Real>(x: F) -> F {
    if x > F::ZERO {
        F::ONE
    } else if x < F::ZERO {
        -F::ONE
    } else {
        F::ZERO
    }
}

/// The share of `max(a, b)`'s gradient that goes to `a`: `1` if `a` is chosen, `0` if
/// `b` is, and `0.5` on an exact tie (JAX `jnp.maximum`, PyTorch `torch.maximum`).
///
/// For `min(a, b)` the share of `a` is `max_share(b, a)`.
#[inline]
pub fn max_share<F: Real>(a: F, b: F) -> F {
    if a > b {
        F::ONE
    } else if a < b {
        F::ZERO
    } else {
        F::HALF
    }
}

/// `d clamp(x, lo, hi) / dx`: `1` when `x` is inside the range or on a bound, else `0`.
#[inline]
pub fn clamp_pass<F: Real>(x: F, lo: F, hi: F) -> F {
    if lo <= x && x <= hi {
        F::ONE
    } else {
        F::ZERO
    }
}

/// `1` when `x < bound` (the bound is the clamp's result), else `0`: the share of a
/// clamp's gradient that goes to its lower bound `lo` (call as `below(x, lo)`).
#[inline]
pub fn below<F: Real>(x: F, bound: F) -> F {
    if x < bound {
        F::ONE
    } else {
        F::ZERO
    }
}

/// `1` when `x > bound`, else `0`: the share of a clamp's gradient that goes to its
/// upper bound `hi` (call as `above(x, hi)`).
#[inline]
pub fn above<F: Real>(x: F, bound: F) -> F {
    if x > bound {
        F::ONE
    } else {
        F::ZERO
    }
}

/// `x * ln(y)`, and `0` when `x == 0` (JAX and SciPy `xlogy`).
///
/// `d a^b / db = a^b ln(a)`: at `a = 0` the power is 0 and `ln(a) = -inf`; the true
/// derivative is 0 for `b > 0`, which this gives instead of `0 * -inf = NaN`.
#[inline]
pub fn xlogy<F: Real>(x: F, y: F) -> F {
    if x == F::ZERO {
        F::ZERO
    } else {
        x * y.ln()
    }
}

/// `gelu'(x)` for the tanh form: `0.5 (1 + t) + 0.5 x (1 - t²) √(2/π) (1 + 3·0.044715 x²)`
/// with `t` the tanh of the forward pass.
#[inline]
pub fn gelu_slope<F: Real>(x: F) -> F {
    let t = crate::gates::gelu_tanh(x);
    let inner = F::of(0.797_884_560_802_865_4) * (F::ONE + F::of(3.0 * 0.044_715) * x * x);
    F::HALF * (F::ONE + t) + F::HALF * x * (F::ONE - t * t) * inner
}

/// `leaky_relu'(x)`: `1` for `x > 0`, else `slope` (so `slope` at 0, as in PyTorch).
#[inline]
pub fn leaky_relu_slope<F: Real>(x: F, slope: F) -> F {
    if x > F::ZERO {
        F::ONE
    } else {
        slope
    }
}

/// `elu'(x)`: `1` for `x > 0`, else `alpha e^x` (so `alpha` at 0, as in PyTorch).
#[inline]
pub fn elu_slope<F: Real>(x: F, alpha: F) -> F {
    if x > F::ZERO {
        F::ONE
    } else {
        alpha * x.exp()
    }
}

/// `relu'(x)`: `1` for `x > 0`, else `0` (so `0` at the kink, as in PyTorch and JAX).
#[inline]
pub fn relu_slope<F: Real>(x: F) -> F {
    if x > F::ZERO {
        F::ONE
    } else {
        F::ZERO
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn conventions_at_the_kinks() {
        assert_eq!(abs_slope(0.0_f64), 0.0);
        assert_eq!(abs_slope(-3.0_f64), -1.0);
        assert_eq!(max_share(1.0_f64, 1.0), 0.5);
        assert_eq!(max_share(4.0_f64, 2.0), 1.0);
        assert_eq!(max_share(2.0_f64, 4.0), 0.0);
        assert_eq!(clamp_pass(1.0_f64, 1.0, 2.0), 1.0);
        assert_eq!(clamp_pass(2.5_f64, 1.0, 2.0), 0.0);
        assert_eq!(below(0.5_f64, 1.0), 1.0);
        assert_eq!(above(0.5_f64, 1.0), 0.0);
        assert_eq!(relu_slope(0.0_f32), 0.0);
        assert_eq!(xlogy(0.0_f64, 0.0), 0.0);
        assert_eq!(xlogy(2.0_f64, 1.0), 0.0);
    }
}
