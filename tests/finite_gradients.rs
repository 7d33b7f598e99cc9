//! Finite gradients wherever the function and its true derivative are finite
//! (DESIGN.md), at the points where a local-gradient formula used to give NaN or panic:
//! - `x.powi(n)` with a zero exponent known only at run time or from a `const`, at
//!   `x = 0` (`n x^(n-1)` would be `0 · inf`), and `n = i32::MIN` (`n - 1` overflows);
//! - `x.powf(p)` with `p = 0` at `x = 0`; roots at 0 (`(x - x).sqrt()`, whose true
//!   derivative is 0), where the convention is 0 (the README's kink table);
//! - `max` / `min` with a NaN argument: as `f64::max`, the other argument is chosen
//!   and gets the whole gradient;
//! - `huber(x, delta)` with a negative or NaN `delta`, where `huber` returns a value
//!   (its slope used to be `x.clamp(-delta, delta)`, which panics there).
//!
//! Each differentiable case is checked against central differences of the function
//! and against `num-dual` on a twin of the same formula, at the named point and more.

mod common;

use backprop::{differentiate, huber};
use common::{check, check_wrt, cst, dabs};
use num_dual::{Dual64, DualNum};

// ---------------------------------------------------------------- powi

/// `p(x) = Σ c_k x^k`, Horner-free, with the exponent `k as i32` known at run time
/// (the issue's `c[k] * x.powi(k as i32)`):
/// `p'(0) = c_1`.
#[differentiate(wrt(x))]
fn polynomial(c: [f64; 4], x: f64) -> f64 {
    let mut p = 0.0;
    for (k, c_k) in c.iter().enumerate() {
        p += c_k * x.powi(k as i32);
    }
    p
}

fn polynomial_twin(c: [f64; 4], x: Dual64) -> Dual64 {
    (0..4).fold(cst(0.0), |p, k| p + x.powi(k as i32) * c[k])
}

#[test]
fn a_polynomial_with_run_time_exponents_is_finite_at_zero() {
    let c = [1.0, 2.0, 3.0, 4.0];
    let (value, grad) = polynomial_grad(c, 0.0);
    assert_eq!((value, grad.x), (1.0, 2.0));
    for x in [0.0, -0.0, 0.5, -1.25, 2.0] {
        let (value, grad) = polynomial_grad(c, x);
        check(
            "polynomial",
            &[x],
            value,
            &[grad.x],
            |v| polynomial(c, v[0]),
            |v| polynomial_twin(c, v[0]),
        );
    }
}

/// The degree of a model, fixed by a `const`.
const DEGREE: i32 = 0;

/// `3 x^DEGREE + x`: with `DEGREE = 0`, `f'(x) = 1` everywhere, 0 included.
#[differentiate]
fn with_const_degree(x: f64) -> f64 {
    3.0 * x.powi(DEGREE) + x
}

/// `x^n · y` with the exponent a parameter: at `n = 0` the partial in `x` is 0.
#[differentiate(wrt(x, y))]
fn scaled_power(x: f64, n: i32, y: f64) -> f64 {
    x.powi(n) * y
}

#[test]
fn a_zero_exponent_from_a_const_or_a_parameter_is_finite_at_zero() {
    for x in [0.0, 1.5, -0.75] {
        let (value, grad) = with_const_degree_grad(x);
        check(
            "3 x^0 + x",
            &[x],
            value,
            &[grad.x],
            |v| with_const_degree(v[0]),
            |v| v[0].powi(DEGREE) * 3.0 + v[0],
        );
    }
    for n in [0, 1, 2, 3, -2] {
        for (x, y) in [(0.0, 1.5), (0.5, -2.0), (-1.5, 0.25)] {
            if n < 0 && x == 0.0 {
                continue; // x^n is infinite there
            }
            let (value, grad) = scaled_power_grad(x, n, y);
            check(
                &format!("x^{n} y"),
                &[x, y],
                value,
                &[grad.x, grad.y],
                |v| scaled_power(v[0], n, v[1]),
                |v| v[0].powi(n) * v[1],
            );
        }
    }
}

/// `x^n` for the most negative exponent: `n - 1` does not fit an `i32`.
#[differentiate(wrt(x))]
fn lowest_power(x: f64, n: i32) -> f64 {
    x.powi(n)
}

/// `x^i32::MIN`, the exponent written as a constant path.
#[differentiate]
fn lowest_power_literal(x: f64) -> f64 {
    x.powi(i32::MIN)
}

#[test]
fn the_lowest_exponent_does_not_overflow() {
    let n = f64::from(i32::MIN);
    // d x^n / dx = n x^(n-1): n at 1, -n at -1 (an odd power of -1), 0 where x^n is 0.
    for (x, slope) in [(1.0, n), (-1.0, -n), (2.0, 0.0), (-3.0, 0.0)] {
        let (value, grad) = lowest_power_grad(x, i32::MIN);
        assert_eq!(value, lowest_power(x, i32::MIN));
        assert_eq!(grad.x, slope, "at {x}");
        let (value, grad) = lowest_power_literal_grad(x);
        assert_eq!(value, lowest_power_literal(x));
        assert_eq!(grad.x, slope, "at {x}");
    }
    // Near 1, where x^n is finite and not 0: against num-dual.
    let x = 1.0 + 1e-10;
    let (_, grad) = lowest_power_grad(x, i32::MIN);
    let reference = n * ((n - 1.0) * x.ln()).exp();
    // x^n amplifies the rounding of x and ln x about |n| times: 2^31 · 1e-16 ~ 2e-7.
    assert!(
        (grad.x - reference).abs() <= 1e-6 * reference.abs(),
        "{grad:?} vs {reference}"
    );
}

// ---------------------------------------------------------------- powf and roots

/// `x^p + x` with the exponent a constant parameter.
#[differentiate(wrt(x))]
fn general_power(x: f64, p: f64) -> f64 {
    x.powf(p) + x
}

/// `x^0 + x^2`, the literal exponent 0 as written.
#[differentiate]
fn literal_zero_power(x: f64) -> f64 {
    x.powf(0.0) + x.powf(2.0)
}

#[test]
fn a_zero_real_exponent_is_finite_at_zero() {
    let (value, grad) = general_power_grad(0.0, 0.0);
    assert_eq!((value, grad.x), (1.0, 1.0));
    let (value, grad) = literal_zero_power_grad(0.0);
    assert_eq!((value, grad.x), (1.0, 0.0));
    for p in [0.0_f64, 1.0, 2.0, 2.5] {
        for x in [0.0, 0.5, 1.75] {
            if x == 0.0 && p.fract() != 0.0 {
                continue; // x^p is NaN left of 0: no central difference there
            }
            let (value, grad) = general_power_grad(x, p);
            check_wrt(
                &format!("x^{p} + x"),
                &[x, p],
                value,
                &[(0, grad.x)],
                |v| general_power(v[0], v[1]),
                |v| v[0].powf(v[1].re) + v[0],
            );
        }
    }
    for x in [0.0, -1.5, 3.0] {
        let (value, grad) = literal_zero_power_grad(x);
        check(
            "x^0 + x^2",
            &[x],
            value,
            &[grad.x],
            |v| literal_zero_power(v[0]),
            |v| v[0].powf(0.0) + v[0] * v[0],
        );
    }
}

/// `√(x - x) + x`: identically `x`, derivative 1.
#[differentiate]
#[allow(clippy::eq_op)] // the case, as probed: a root of a difference that is 0
fn root_of_zero(x: f64) -> f64 {
    (x - x).sqrt() + x
}

/// `∛(x - y) · y`: at `x = y` both partials are infinite (the root's vertical
/// tangent), where the root's slope is taken as 0 (the README's kink table).
#[differentiate]
fn cube_root_difference(x: f64, y: f64) -> f64 {
    (x - y).cbrt() * y
}

/// The Euclidean norm, `√(x² + y²)`: a cone, whose kink at the origin gets `abs`'s
/// convention 0 (so the origin, the minimum, is a stationary point).
#[differentiate]
fn norm(x: f64, y: f64) -> f64 {
    (x * x + y * y).sqrt()
}

/// `hypot(x, y)`, the same cone.
#[differentiate]
fn hypotenuse(x: f64, y: f64) -> f64 {
    x.hypot(y)
}

#[test]
fn roots_at_zero_follow_the_convention_and_stay_finite() {
    for x in [0.0, 2.0, -3.5] {
        let (value, grad) = root_of_zero_grad(x);
        assert_eq!((value, grad.x), (x, 1.0));
        // Against the same function written without the root.
        check(
            "√(x - x) + x",
            &[x],
            value,
            &[grad.x],
            |v| root_of_zero(v[0]),
            |v| v[0],
        );
    }
    let (value, grad) = norm_grad(0.0, 0.0);
    assert_eq!((value, grad.x, grad.y), (0.0, 0.0, 0.0));
    let (value, grad) = hypotenuse_grad(0.0, 0.0);
    assert_eq!((value, grad.x, grad.y), (0.0, 0.0, 0.0));
    let (value, grad) = cube_root_difference_grad(1.5, 1.5);
    assert_eq!((value, grad.y), (0.0, 0.0));
    assert!(grad.x.is_finite());
    for (x, y) in [(3.0, 4.0), (-0.5, 1.25), (0.1, -0.2)] {
        let (value, grad) = norm_grad(x, y);
        check(
            "√(x² + y²)",
            &[x, y],
            value,
            &[grad.x, grad.y],
            |v| norm(v[0], v[1]),
            |v| (v[0] * v[0] + v[1] * v[1]).sqrt(),
        );
        let (value, grad) = hypotenuse_grad(x, y);
        check(
            "hypot(x, y)",
            &[x, y],
            value,
            &[grad.x, grad.y],
            |v| hypotenuse(v[0], v[1]),
            |v| (v[0] * v[0] + v[1] * v[1]).sqrt(),
        );
        let (value, grad) = cube_root_difference_grad(x, y);
        check(
            "∛(x - y) y",
            &[x, y],
            value,
            &[grad.x, grad.y],
            |v| cube_root_difference(v[0], v[1]),
            |v| (v[0] - v[1]).cbrt() * v[1],
        );
    }
}

// ---------------------------------------------------------------- max and min with NaN

/// `max(x, y)`, as `f64::max`: a NaN argument is never the result.
#[differentiate]
fn larger(x: f64, y: f64) -> f64 {
    x.max(y)
}

/// `min(x, y) · 2`.
#[differentiate]
fn smaller_doubled(x: f64, y: f64) -> f64 {
    x.min(y) * 2.0
}

/// A ReLU written with `max`, then weighted.
#[differentiate]
fn rectified(x: f64, w: f64) -> f64 {
    x.max(0.0) * w
}

#[test]
fn a_nan_argument_of_max_or_min_gets_no_gradient() {
    let nan = f64::NAN;
    let (value, grad) = larger_grad(nan, 2.0);
    assert_eq!((value, grad.x, grad.y), (2.0, 0.0, 1.0));
    let (value, grad) = larger_grad(2.0, nan);
    assert_eq!((value, grad.x, grad.y), (2.0, 1.0, 0.0));
    let (value, grad) = smaller_doubled_grad(nan, 2.0);
    assert_eq!((value, grad.x, grad.y), (4.0, 0.0, 2.0));
    let (value, grad) = smaller_doubled_grad(-1.0, nan);
    assert_eq!((value, grad.x, grad.y), (-2.0, 2.0, 0.0));
    let (value, grad) = rectified_grad(nan, 1.5);
    assert_eq!((value, grad.x, grad.w), (rectified(nan, 1.5), 0.0, 0.0));
    // Away from NaN and ties, against the references.
    for (x, y) in [(1.0, 2.5), (3.0, -1.0)] {
        let (value, grad) = larger_grad(x, y);
        check(
            "max",
            &[x, y],
            value,
            &[grad.x, grad.y],
            |v| larger(v[0], v[1]),
            |v| common::dmax(v[0], v[1]),
        );
        let (value, grad) = smaller_doubled_grad(x, y);
        check(
            "min · 2",
            &[x, y],
            value,
            &[grad.x, grad.y],
            |v| smaller_doubled(v[0], v[1]),
            |v| common::dmin(v[0], v[1]) * 2.0,
        );
    }
}

// ---------------------------------------------------------------- huber

/// A Huber loss whose threshold is a parameter (possibly negative or NaN, where
/// `huber` still returns a value).
#[differentiate]
fn robust_residual(x: f64, delta: f64) -> f64 {
    huber(x - 1.0, delta)
}

fn huber_twin(r: Dual64, delta: Dual64) -> Dual64 {
    if dabs(r).re <= delta.re {
        r * r * 0.5
    } else {
        delta * (dabs(r) - delta * 0.5)
    }
}

#[test]
fn huber_with_a_negative_or_nan_threshold_does_not_panic() {
    // Used to panic in `clamp`; the value is NaN, as `huber`'s.
    let (value, _) = robust_residual_grad(3.0, f64::NAN);
    assert!(value.is_nan() && robust_residual(3.0, f64::NAN).is_nan());
    for (x, delta) in [
        (3.0, -1.0),
        (-2.0, -0.5),
        (1.5, 1.0),
        (4.0, 1.0),
        (0.2, 2.0),
    ] {
        let (value, grad) = robust_residual_grad(x, delta);
        check(
            "huber(x - 1, delta)",
            &[x, delta],
            value,
            &[grad.x, grad.delta],
            |v| robust_residual(v[0], v[1]),
            |v| huber_twin(v[0] - 1.0, v[1]),
        );
    }
    // At the kink of a negative threshold, x - 1 = 0: abs's convention, 0.
    let (value, grad) = robust_residual_grad(1.0, -1.0);
    assert_eq!(
        (value, grad.x, grad.delta),
        (robust_residual(1.0, -1.0), 0.0, 1.0)
    );
}
