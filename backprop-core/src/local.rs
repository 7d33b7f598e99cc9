//! Local gradients at kinks, called by generated backward passes.
//!
//! Each function is the derivative convention of DESIGN.md for one operation, so the
//! generated code names the convention instead of spelling out comparisons.

use crate::Real;

/// `d|x|/dx`: the sign of `x`, and `0` at `x = 0` (PyTorch, TensorFlow: the smallest
/// subgradient, so a minimum at the kink is a stationary point).
#[inline]
pub fn abs_slope<F: Real>(x: F) -> F {
    if x > F::zero() {
        F::one()
    } else if x < F::zero() {
        -F::one()
    } else {
        F::zero()
    }
}

/// The part of `max(a, b)`'s gradient `g` that goes to `a`: all of it if `a` is
/// chosen, none if `b` is, and half on an exact tie (JAX `jnp.maximum`, PyTorch
/// `torch.maximum`). A NaN is never chosen, as by `f64::max`: the other argument gets
/// it all.
///
/// A choice, not a product `share * g`: in a running maximum (`m = m.max(x[i])`) the
/// adjoint carried from one step to the next is then passed on as it is, with no
/// multiplication on that chain, and the side not chosen gets exactly zero even when
/// `g` is not finite.
#[inline]
pub fn max_grad<F: Real>(a: F, b: F, g: F) -> F {
    if a > b || b.is_nan() {
        g
    } else if a < b || a.is_nan() {
        F::zero()
    } else {
        F::of(0.5) * g
    }
}

/// The part of `min(a, b)`'s gradient `g` that goes to `a`: all of it if `a` is chosen,
/// none if `b` is, half on an exact tie, and as `f64::min` never to a NaN.
#[inline]
pub fn min_grad<F: Real>(a: F, b: F, g: F) -> F {
    if a < b || b.is_nan() {
        g
    } else if a > b || a.is_nan() {
        F::zero()
    } else {
        F::of(0.5) * g
    }
}

/// `d x^n / dx = n x^(n-1)` for an integer `n`, and `0` for `n = 0`, where `x^0 = 1`
/// is constant (the formula would give `0 · 0^-1 = NaN` at `x = 0`). For
/// `n = i32::MIN`, `x^(n-1)` is `x^n / x` (`n - 1` does not fit an `i32`).
#[inline]
pub fn powi_slope<F: Real>(x: F, n: i32) -> F {
    let n_f = F::of(f64::from(n));
    match n.checked_sub(1) {
        _ if n == 0 => F::zero(),
        Some(n_minus_1) => n_f * x.powi(n_minus_1),
        None => n_f * x.powi(n) / x,
    }
}

/// `d² x^n / dx² = n (n-1) x^(n-2)` for an integer `n`: the derivative of
/// [`powi_slope`], `0` for `n = 0` and `n = 1` (constant slopes), and computed without
/// overflowing `n - 2`.
#[inline]
pub fn powi_curvature<F: Real>(x: F, n: i32) -> F {
    let (n_f, n_minus_1) = (F::of(f64::from(n)), F::of(f64::from(n) - 1.0));
    match n.checked_sub(2) {
        _ if n == 0 || n == 1 => F::zero(),
        Some(n_minus_2) => n_f * n_minus_1 * x.powi(n_minus_2),
        None => n_f * n_minus_1 * x.powi(n) / (x * x),
    }
}

/// `d x^p / dx = p x^(p-1)`, and `0` at `x = 0` for `p < 1`: for `p = 0` that is the
/// true derivative (`x^0 = 1`), for `0 < p < 1` the convention of [`sqrt_slope`] at a
/// root's vertical tangent (the formula would give `0 · inf = NaN`, or `inf`).
#[inline]
pub fn powf_slope<F: Real>(x: F, p: F) -> F {
    if x == F::zero() && p < F::one() {
        F::zero()
    } else {
        p * x.powf(p - F::one())
    }
}

/// `d √x / dx = 1 / (2√x)` from the output `s = √x`, and `0` at `x = 0`.
///
/// The true derivative there is `+inf` (a vertical tangent). `0` is the smallest
/// subgradient's convention, as for `abs` (a minimum at the kink is a stationary
/// point): `(x * x).sqrt()` gets `abs`'s `0` at 0, and `(x - x).sqrt()` its true
/// derivative `0` instead of `inf - inf = NaN`.
#[inline]
pub fn sqrt_slope<F: Real>(s: F) -> F {
    if s == F::zero() {
        F::zero()
    } else {
        F::of(0.5) / s
    }
}

/// `d ∛x / dx = 1 / (3 ∛x²)` from the output `c = ∛x`, and `0` at `x = 0`, as
/// [`sqrt_slope`].
#[inline]
pub fn cbrt_slope<F: Real>(c: F) -> F {
    if c == F::zero() {
        F::zero()
    } else {
        F::one() / (F::of(3.0) * c * c)
    }
}

/// `d hypot(a, b) / da = a / hypot(a, b)` from the output `h`, and `0` at the origin
/// (`h = 0`), where `hypot` has a cone's kink: the convention of `abs` at 0.
#[inline]
pub fn hypot_slope<F: Real>(a: F, h: F) -> F {
    if h == F::zero() {
        F::zero()
    } else {
        a / h
    }
}

/// `d huber(x, delta) / dx`, by the same branch as [`crate::huber`]: `x` where
/// `|x| <= delta`, else `delta · sign(x)` (`0` at `x = 0`, the convention of `abs`).
/// For `delta >= 0` that is `clamp(x, -delta, delta)`; unlike `clamp` it does not panic
/// for a negative or NaN `delta`, where `huber` still returns a value.
#[inline]
pub fn huber_slope<F: Real>(x: F, delta: F) -> F {
    if x.abs() <= delta {
        x
    } else {
        delta * abs_slope(x)
    }
}

/// `d clamp(x, lo, hi) / dx`: `1` when `x` is inside the range or on a bound, else `0`.
#[inline]
pub fn clamp_pass<F: Real>(x: F, lo: F, hi: F) -> F {
    if lo <= x && x <= hi {
        F::one()
    } else {
        F::zero()
    }
}

/// `1` when `x < bound` (the bound is the clamp's result), else `0`: the share of a
/// clamp's gradient that goes to its lower bound `lo` (call as `below(x, lo)`).
#[inline]
pub fn below<F: Real>(x: F, bound: F) -> F {
    if x < bound {
        F::one()
    } else {
        F::zero()
    }
}

/// `1` when `x > bound`, else `0`: the share of a clamp's gradient that goes to its
/// upper bound `hi` (call as `above(x, hi)`).
#[inline]
pub fn above<F: Real>(x: F, bound: F) -> F {
    if x > bound {
        F::one()
    } else {
        F::zero()
    }
}

/// `x * ln(y)`, and `0` when `x == 0` (JAX and SciPy `xlogy`).
///
/// `d a^b / db = a^b ln(a)`: at `a = 0` the power is 0 and `ln(a) = -inf`; the true
/// derivative is 0 for `b > 0`, which this gives instead of `0 * -inf = NaN`.
#[inline]
pub fn xlogy<F: Real>(x: F, y: F) -> F {
    if x == F::zero() {
        F::zero()
    } else {
        x * y.ln()
    }
}

/// `gelu'(x)` for the tanh form: `0.5 (1 + t) + 0.5 x (1 - t²) √(2/π) (1 + 3·0.044715 x²)`
/// with `t` the tanh of the forward pass.
#[inline]
pub fn gelu_slope<F: Real>(x: F) -> F {
    let t = crate::gates::gelu_tanh(x);
    let inner = F::of(0.797_884_560_802_865_4) * (F::one() + F::of(3.0 * 0.044_715) * x * x);
    F::of(0.5) * (F::one() + t) + F::of(0.5) * x * (F::one() - t * t) * inner
}

/// `gelu''(x)` of the tanh approximation, for second derivatives: with `t = tanh(u)`,
/// `u = c (x + k x³)`, `gelu' = (1 + t)/2 + x (1 - t²) u'/2`, so
/// `gelu'' = (1 - t²) (u' - x t u'² + 3 c k x²)`.
#[inline]
pub fn gelu_curvature<F: Real>(x: F) -> F {
    let (c, k) = (F::of(0.797_884_560_802_865_4), F::of(0.044_715));
    let t = crate::gates::gelu_tanh(x);
    let du = c * (F::one() + F::of(3.0) * k * x * x);
    (F::one() - t * t) * (du - x * t * du * du + F::of(3.0) * c * k * x * x)
}

/// `leaky_relu'(x)`: `1` for `x > 0`, else `slope` (so `slope` at 0, as in PyTorch).
#[inline]
pub fn leaky_relu_slope<F: Real>(x: F, slope: F) -> F {
    if x > F::zero() {
        F::one()
    } else {
        slope
    }
}

/// `elu'(x)`: `1` for `x > 0`, else `alpha e^x` (so `alpha` at 0, as in PyTorch).
#[inline]
pub fn elu_slope<F: Real>(x: F, alpha: F) -> F {
    if x > F::zero() {
        F::one()
    } else {
        alpha * x.exp()
    }
}

/// `relu'(x)`: `1` for `x > 0`, else `0` (so `0` at the kink, as in PyTorch and JAX).
#[inline]
pub fn relu_slope<F: Real>(x: F) -> F {
    if x > F::zero() {
        F::one()
    } else {
        F::zero()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn conventions_at_the_kinks() {
        assert_eq!(abs_slope(0.0_f64), 0.0);
        assert_eq!(abs_slope(-3.0_f64), -1.0);
        assert_eq!(max_grad(1.0_f64, 1.0, 3.0), 1.5);
        assert_eq!(max_grad(4.0_f64, 2.0, 3.0), 3.0);
        assert_eq!(max_grad(2.0_f64, 4.0, 3.0), 0.0);
        assert_eq!(max_grad(2.0_f64, 4.0, f64::INFINITY), 0.0);
        assert_eq!(clamp_pass(1.0_f64, 1.0, 2.0), 1.0);
        assert_eq!(clamp_pass(2.5_f64, 1.0, 2.0), 0.0);
        assert_eq!(below(0.5_f64, 1.0), 1.0);
        assert_eq!(above(0.5_f64, 1.0), 0.0);
        assert_eq!(relu_slope(0.0_f32), 0.0);
        assert_eq!(xlogy(0.0_f64, 0.0), 0.0);
        assert_eq!(xlogy(2.0_f64, 1.0), 0.0);
    }

    #[test]
    fn nan_arguments_of_max_and_min_get_no_gradient() {
        assert_eq!(max_grad(f64::NAN, 2.0, 1.0), 0.0);
        assert_eq!(max_grad(2.0, f64::NAN, 1.0), 1.0);
        assert_eq!(min_grad(f64::NAN, 2.0, 1.0), 0.0);
        assert_eq!(min_grad(2.0, f64::NAN, 1.0), 1.0);
        assert_eq!(min_grad(1.0_f64, 1.0, 1.0), 0.5);
        assert_eq!(min_grad(1.0_f64, 3.0, 1.0), 1.0);
        assert_eq!(min_grad(3.0_f64, 1.0, 1.0), 0.0);
    }

    #[test]
    fn powi_curvature_is_the_slope_of_the_slope() {
        for (x, n) in [(1.3_f64, -2), (0.7, 3), (-1.1, 4), (2.0, -1), (0.4, 2)] {
            let h = 1e-6;
            let fd = (powi_slope(x + h, n) - powi_slope(x - h, n)) / (2.0 * h);
            assert!(
                (powi_curvature(x, n) - fd).abs() < 1e-6 * fd.abs().max(1.0),
                "{x}^{n}"
            );
        }
        assert_eq!(powi_curvature(0.0_f64, 1), 0.0);
        assert_eq!(powi_curvature(0.0_f64, 0), 0.0);
        assert!(powi_curvature(2.0_f64, i32::MIN).is_finite());
    }

    /// `gelu_curvature` is the derivative of `gelu_slope` (central differences).
    #[test]
    fn gelu_curvature_is_the_slope_of_the_slope() {
        for x in [-3.0_f64, -0.7, 0.0, 0.4, 1.3, 2.5] {
            let h = 1e-5;
            let fd = (gelu_slope(x + h) - gelu_slope(x - h)) / (2.0 * h);
            assert!(
                (gelu_curvature(x) - fd).abs() < 1e-8,
                "at {x}: {} vs {fd}",
                gelu_curvature(x)
            );
        }
    }

    #[test]
    fn slopes_stay_finite_where_the_derivative_is() {
        assert_eq!(powi_slope(0.0_f64, 0), 0.0);
        assert_eq!(powi_slope(0.0_f64, 1), 1.0);
        assert_eq!(powi_slope(3.0_f64, 2), 6.0);
        assert_eq!(powi_slope(1.0_f64, i32::MIN), f64::from(i32::MIN));
        assert_eq!(powi_slope(2.0_f64, i32::MIN), 0.0);
        assert_eq!(powf_slope(0.0_f64, 0.0), 0.0);
        assert_eq!(powf_slope(0.0_f64, 1.0), 1.0);
        assert_eq!(powf_slope(4.0_f64, 0.5), 0.25);
        assert_eq!(sqrt_slope(0.0_f64), 0.0);
        assert_eq!(sqrt_slope(2.0_f64), 0.25);
        assert_eq!(cbrt_slope(0.0_f32), 0.0);
        assert_eq!(hypot_slope(0.0_f64, 0.0), 0.0);
        assert_eq!(hypot_slope(3.0_f64, 5.0), 0.6);
        assert_eq!(huber_slope(0.5_f64, 1.0), 0.5);
        assert_eq!(huber_slope(-3.0_f64, 1.0), -1.0);
        assert_eq!(huber_slope(-3.0_f64, -1.0), 1.0);
        assert_eq!(huber_slope(0.0_f64, -1.0), 0.0);
        assert!(huber_slope(2.0_f64, f64::NAN).is_nan());
    }
}
