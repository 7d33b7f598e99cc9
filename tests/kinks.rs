//! The derivative conventions of DESIGN.md, tested *at* the kink itself, where finite
//! differences and peers disagree and only the documented convention decides:
//! - `abs'(0) = 0`; `signum`, `floor`, `ceil`, `round`, `trunc` have derivative 0
//!   (also at their jumps); `fract` has derivative 1;
//! - `max` / `min` send the whole gradient to the chosen input and split it 0.5 / 0.5 on
//!   an exact tie (so `x.max(0.0)` at 0 gives 0.5), while `backprop::relu'(0) = 0`;
//! - `clamp` passes the gradient to the value inside the range and on a bound, and to
//!   the bound when the value is strictly outside;
//! - results are finite wherever the function and its true derivative are, e.g.
//!   `x.powf(2.0)` at negative `x` (no `ln(x)` for a constant exponent).
//!
//! Values here are exact (`assert_eq!`) where the convention gives an exact number.

mod common;

use backprop::{differentiate, relu};
use common::{assert_close, fd_grad};

/// Asserts every component is finite and equal to the expected value within 1e-12.
fn assert_grad(name: &str, got: &[f64], want: &[f64]) {
    assert_eq!(got.len(), want.len());
    for (i, (g, w)) in got.iter().zip(want).enumerate() {
        assert!(g.is_finite(), "{name}: component {i} is {g}, not finite");
        assert_close(&format!("{name}[{i}]"), *g, *w, 1e-12);
    }
}

// ---------------------------------------------------------------- abs

/// f = |x|, f'(0) = 0 by convention (smallest subgradient); ±1 elsewhere
#[differentiate]
fn abs_k(x: f64) -> f64 {
    x.abs()
}

/// f = |x - y| (path form); at x = y both partials are 0
#[differentiate]
fn abs_diff(x: f64, y: f64) -> f64 {
    f64::abs(x - y)
}

/// f = |x| * 3 + x, f'(0) = 0 * 3 + 1 = 1 (the kink's 0 propagates through the chain)
#[differentiate]
fn abs_chain(x: f64) -> f64 {
    x.abs() * 3.0 + x
}

#[test]
fn abs_at_zero_is_zero() {
    for x in [0.0, -0.0, 2.0, -2.0] {
        assert_eq!(abs_k_grad(x).0, abs_k(x));
        assert_eq!(abs_chain_grad(x).0, abs_chain(x));
    }
    assert_eq!(abs_k_grad(0.0).1.x, 0.0);
    assert_eq!(abs_k_grad(-0.0).1.x, 0.0);
    assert_eq!(abs_k_grad(2.0).1.x, 1.0);
    assert_eq!(abs_k_grad(-2.0).1.x, -1.0);
    let (v, g) = abs_diff_grad(1.5, 1.5);
    assert_eq!(v, abs_diff(1.5, 1.5));
    assert_eq!((g.x, g.y), (0.0, 0.0));
    assert_eq!(abs_chain_grad(0.0).1.x, 1.0);
    let (_, cache) = abs_k_forward(0.0);
    assert_eq!(abs_k_backward(&cache, 5.0).x, 0.0);
}

// ---------------------------------------------------------------- piecewise constants

/// f = signum(x) * 2 + y * signum(x) (signum is a constant: d/dx = 0 everywhere,
/// including its jump at 0), df/dy = signum(x)
#[differentiate]
fn signum_k(x: f64, y: f64) -> f64 {
    x.signum() * 2.0 + y * f64::signum(x)
}

/// f = floor(x) + ceil(x) + round(x) + trunc(x) (all derivative 0)
#[differentiate]
fn steps(x: f64) -> f64 {
    x.floor() + x.ceil() + x.round() + x.trunc()
}

/// f = floor(x) * y (path forms elsewhere), df/dx = 0, df/dy = floor(x)
#[differentiate]
fn floor_times(x: f64, y: f64) -> f64 {
    f64::floor(x) * y + f64::ceil(y) + f64::round(x * y) + f64::trunc(y)
}

/// f = fract(x), derivative 1 everywhere (also exactly at an integer)
#[differentiate]
fn fract_k(x: f64) -> f64 {
    x.fract()
}

#[test]
fn signum_has_zero_derivative() {
    for x in [0.0, -0.0, 1.5, -2.0] {
        let (v, g) = signum_k_grad(x, 0.7);
        assert_eq!(v, signum_k(x, 0.7));
        assert_eq!(g.x, 0.0, "d/dx signum at {x}");
        assert_eq!(g.y, x.signum(), "d/dy at {x}");
    }
}

#[test]
fn floor_ceil_round_trunc_have_zero_derivative_even_at_their_jumps() {
    // integers (where all four jump or are about to), half-integers (round's jump), others
    for x in [0.0, 1.0, -1.0, 2.0, 0.5, -0.5, 2.5, 0.3, -1.7] {
        let (v, g) = steps_grad(x);
        assert_eq!(v, steps(x));
        assert_eq!(g.x, 0.0, "d/dx steps at {x}");
        let (v, g) = floor_times_grad(x, 3.0);
        assert_eq!(v, floor_times(x, 3.0));
        assert_eq!(g.x, 0.0, "d/dx floor_times at {x}");
        assert_eq!(g.y, x.floor(), "d/dy floor_times at {x}");
    }
}

#[test]
fn fract_has_derivative_one_even_at_integers() {
    for x in [0.0, 1.0, -2.0, 0.5, 3.25] {
        let (v, g) = fract_k_grad(x);
        assert_eq!(v, fract_k(x));
        assert_eq!(g.x, 1.0, "fract' at {x}");
    }
}

// ---------------------------------------------------------------- max / min / relu

/// f = max(x, y); d/dx = [x > y] + 0.5 [x = y]
#[differentiate]
fn max_k(x: f64, y: f64) -> f64 {
    x.max(y)
}

/// f = max(x, 0), at x = 0 a tie: 0.5
#[differentiate]
fn max_zero(x: f64) -> f64 {
    x.max(0.0)
}

/// f = max(0, x) (path form, constant first), at x = 0 a tie: 0.5
#[differentiate]
fn max_zero_p(x: f64) -> f64 {
    f64::max(0.0, x)
}

/// f = max(x*y, y*x): always a tie; each side gets 0.5, and the halves recombine
/// to the true gradient (y, x)
#[differentiate]
fn max_self(x: f64, y: f64) -> f64 {
    (x * y).max(y * x)
}

/// f = min(x, y); d/dx = [x < y] + 0.5 [x = y]
#[differentiate]
fn min_k(x: f64, y: f64) -> f64 {
    x.min(y)
}

/// f = min(x, 0) (path form), at x = 0 a tie: 0.5
#[differentiate]
fn min_zero(x: f64) -> f64 {
    f64::min(x, 0.0)
}

/// f = relu(x), relu'(0) = 0 (unlike `x.max(0.0)`)
#[differentiate]
fn relu_k(x: f64) -> f64 {
    relu(x)
}

/// f = backprop::relu(x) (path form)
#[differentiate]
fn relu_kp(x: f64) -> f64 {
    backprop::relu(x)
}

#[test]
fn max_routes_to_the_larger_and_splits_ties() {
    let (v, g) = max_k_grad(1.5, 1.5);
    assert_eq!(v, max_k(1.5, 1.5));
    assert_eq!((g.x, g.y), (0.5, 0.5));
    let (_, cache) = max_k_forward(-2.0, -2.0);
    let g = max_k_backward(&cache, 3.0);
    assert_eq!((g.x, g.y), (1.5, 1.5));
    let g = max_k_grad(2.0, 1.0).1;
    assert_eq!((g.x, g.y), (1.0, 0.0));
    let g = max_k_grad(1.0, 2.0).1;
    assert_eq!((g.x, g.y), (0.0, 1.0));

    assert_eq!(max_zero_grad(0.0), (max_zero(0.0), MaxZeroGrad { x: 0.5 }));
    assert_eq!(max_zero_grad(-0.0).1.x, 0.5);
    assert_eq!(max_zero_grad(0.25).1.x, 1.0);
    assert_eq!(max_zero_grad(-0.25).1.x, 0.0);
    assert_eq!(
        max_zero_p_grad(0.0),
        (max_zero_p(0.0), MaxZeroPGrad { x: 0.5 })
    );

    let (v, g) = max_self_grad(1.5, -2.0);
    assert_eq!(v, max_self(1.5, -2.0));
    assert_grad("max(xy, yx)", &[g.x, g.y], &[-2.0, 1.5]);
}

#[test]
fn min_routes_to_the_smaller_and_splits_ties() {
    let (v, g) = min_k_grad(-0.5, -0.5);
    assert_eq!(v, min_k(-0.5, -0.5));
    assert_eq!((g.x, g.y), (0.5, 0.5));
    let g = min_k_grad(2.0, 1.0).1;
    assert_eq!((g.x, g.y), (0.0, 1.0));
    let g = min_k_grad(1.0, 2.0).1;
    assert_eq!((g.x, g.y), (1.0, 0.0));
    assert_eq!(min_zero_grad(0.0), (min_zero(0.0), MinZeroGrad { x: 0.5 }));
    assert_eq!(min_zero_grad(-0.25).1.x, 1.0);
    assert_eq!(min_zero_grad(0.25).1.x, 0.0);
}

#[test]
fn relu_at_zero_is_zero() {
    assert_eq!(relu_k_grad(0.0), (relu_k(0.0), ReluKGrad { x: 0.0 }));
    assert_eq!(relu_k_grad(-0.0).1.x, 0.0);
    assert_eq!(relu_k_grad(1e-300).1.x, 1.0);
    assert_eq!(relu_k_grad(-1e-300).1.x, 0.0);
    assert_eq!(relu_kp_grad(0.0), (relu_kp(0.0), ReluKpGrad { x: 0.0 }));
    assert_eq!(relu_kp_grad(3.0).1.x, 1.0);
}

// ---------------------------------------------------------------- clamp

/// f = clamp(x, -1, 2): gradient 1 inside and on either bound, 0 strictly outside
#[differentiate]
fn clamp_k(x: f64) -> f64 {
    x.clamp(-1.0, 2.0)
}

/// f = clamp(x, lo, hi) with differentiated bounds (path form): the value gets the
/// gradient inside and on a bound; a bound gets it only when x is strictly beyond it
#[differentiate]
fn clamp_kv(x: f64, lo: f64, hi: f64) -> f64 {
    f64::clamp(x, lo, hi)
}

#[test]
fn clamp_passes_on_bounds_and_blocks_outside() {
    for (x, want) in [(-1.0, 1.0), (2.0, 1.0), (0.5, 1.0), (-1.5, 0.0), (3.0, 0.0)] {
        let (v, g) = clamp_k_grad(x);
        assert_eq!(v, clamp_k(x));
        assert_eq!(g.x, want, "clamp' at {x}");
    }
    // (x, lo, hi) -> (dx, dlo, dhi)
    for (p, want) in [
        ([-1.0, -1.0, 2.0], [1.0, 0.0, 0.0]), // on the lower bound
        ([2.0, -1.0, 2.0], [1.0, 0.0, 0.0]),  // on the upper bound
        ([0.0, -1.0, 2.0], [1.0, 0.0, 0.0]),  // inside
        ([-3.0, -1.0, 2.0], [0.0, 1.0, 0.0]), // below: the lower bound is the value
        ([5.0, -1.0, 2.0], [0.0, 0.0, 1.0]),  // above: the upper bound is the value
    ] {
        let (v, g) = clamp_kv_grad(p[0], p[1], p[2]);
        assert_eq!(v, clamp_kv(p[0], p[1], p[2]));
        assert_eq!([g.x, g.lo, g.hi], want, "clamp(x, lo, hi) at {p:?}");
    }
}

// ---------------------------------------------------------------- finite where the truth is finite

/// f = x^2.0 (constant float exponent), f' = 2x, finite at x <= 0 (where ln x is not)
#[differentiate]
fn powf_two(x: f64) -> f64 {
    x.powf(2.0)
}

/// f = x^3.0 * y (path form), df/dx = 3 x^2 y, df/dy = x^3
#[differentiate]
fn powf_three(x: f64, y: f64) -> f64 {
    f64::powf(x, 3.0) * y
}

/// f = x^y: at x = 0, y = 2 the true partials are df/dx = y x^(y-1) = 0 and
/// df/dy = lim x^y ln x = 0 (f(0, y) = 0 for y > 0): no `0 * ln 0` NaN allowed
#[differentiate]
fn powf_var_k(x: f64, y: f64) -> f64 {
    x.powf(y)
}

/// f = x^2 + x^3 (integer powers), f'(0) = 0, f'(-1) = -2 + 3 = 1
#[differentiate]
fn powi_k(x: f64) -> f64 {
    x.powi(2) + x.powi(3)
}

#[test]
fn constant_exponent_powers_stay_finite_at_non_positive_base() {
    for x in [-3.0, -0.5, -0.0, 0.0, 2.0] {
        let (v, g) = powf_two_grad(x);
        assert_eq!(v, powf_two(x));
        assert_grad(&format!("powf(2.0) at {x}"), &[g.x], &[2.0 * x]);
        let (v, g) = powf_three_grad(x, 1.5);
        assert_eq!(v, powf_three(x, 1.5));
        assert_grad(
            &format!("powf(3.0) at {x}"),
            &[g.x, g.y],
            &[3.0 * x * x * 1.5, x * x * x],
        );
        let (v, g) = powi_k_grad(x);
        assert_eq!(v, powi_k(x));
        assert_grad(&format!("powi at {x}"), &[g.x], &[2.0 * x + 3.0 * x * x]);
    }
}

#[test]
fn variable_exponent_power_at_zero_base_is_finite() {
    let (v, g) = powf_var_k_grad(0.0, 2.0);
    assert_eq!(v, powf_var_k(0.0, 2.0));
    assert_grad("powf(x, y) at (0, 2)", &[g.x, g.y], &[0.0, 0.0]);
}

/// f = sqrt(x^2 + 1) + hypot(x, y), finite at x = 0: df/dx = 0 + 0, df/dy = y/|y|
#[differentiate]
fn sqrt_k(x: f64, y: f64) -> f64 {
    (x * x + 1.0).sqrt() + x.hypot(y)
}

/// f = x |x| (a kink of abs times 0): f' = 2|x|, 0 at 0
#[differentiate]
fn x_abs_x(x: f64) -> f64 {
    x * x.abs()
}

/// functions whose derivative at 0 is 1: exp_m1, ln_1p, asin, atan, sinh, tanh, asinh,
/// sin, atanh; each term's derivative at x = 0 is 1, so f'(0) = 9
#[differentiate]
fn at_zero(x: f64) -> f64 {
    x.exp_m1()
        + x.ln_1p()
        + x.asin()
        + x.atan()
        + x.sinh()
        + x.tanh()
        + x.asinh()
        + x.sin()
        + x.atanh()
}

/// f = atan2(y, x) on its branch cut (y = 0, x < 0) is finite from the upper side:
/// df/dy = x/(x^2+y^2), df/dx = -y/(x^2+y^2)
#[differentiate]
fn atan2_k(y: f64, x: f64) -> f64 {
    y.atan2(x)
}

#[test]
fn finite_derivatives_give_finite_results() {
    let (v, g) = sqrt_k_grad(0.0, 2.0);
    assert_eq!(v, sqrt_k(0.0, 2.0));
    assert_grad("sqrt_k at (0, 2)", &[g.x, g.y], &[0.0, 1.0]);
    let (_, g) = sqrt_k_grad(0.0, -2.0);
    assert_grad("sqrt_k at (0, -2)", &[g.x, g.y], &[0.0, -1.0]);

    assert_eq!(x_abs_x_grad(-2.0).0, x_abs_x(-2.0));
    assert_grad("x|x| at 0", &[x_abs_x_grad(0.0).1.x], &[0.0]);
    assert_grad("x|x| at -2", &[x_abs_x_grad(-2.0).1.x], &[4.0]);

    let (v, g) = at_zero_grad(0.0);
    assert_eq!(v, at_zero(0.0));
    assert_grad("at_zero", &[g.x], &[9.0]);

    let g = atan2_k_grad(0.0, -2.0).1;
    assert_grad("atan2 at (0, -2)", &[g.y, g.x], &[-0.5, 0.0]);
    let g = atan2_k_grad(0.0, 2.0).1;
    assert_grad("atan2 at (0, 2)", &[g.y, g.x], &[0.5, 0.0]);
    // agrees with finite differences on the side of the cut it is evaluated on
    let fd = fd_grad(|a| atan2_k(a[0], a[1]), &[1e-3, -2.0], 1e-6);
    let g = atan2_k_grad(1e-3, -2.0).1;
    assert_close("atan2 near the cut, d/dy", g.y, fd[0], 1e-6);
    assert_close("atan2 near the cut, d/dx", g.x, fd[1], 1e-6);
}

/// Saturating gates far out: gradients underflow to 0 or approach 1, never NaN.
/// f = sigmoid(x) + softplus(x) + log_sigmoid(x) + tanh(x)
#[differentiate]
fn saturating(x: f64) -> f64 {
    backprop::sigmoid(x) + backprop::softplus(x) + backprop::log_sigmoid(x) + x.tanh()
}

#[test]
fn saturated_gates_are_finite() {
    // f' = s(1-s) + s + (1-s) + (1 - tanh^2) -> 1 at both ends
    for x in [-800.0, -40.0, 40.0, 800.0] {
        let (v, g) = saturating_grad(x);
        assert!(v.is_finite(), "value at {x}");
        assert_eq!(v, saturating(x));
        assert_grad(&format!("saturating at {x}"), &[g.x], &[1.0]);
    }
}

// ---------------------------------------------------------------- the same conventions in f32

/// f = |x| + max(x, y) + relu(y) + x^2.0 (f32): at x = y = 0, abs' = 0, the max tie
/// gives 0.5 each, relu'(0) = 0, (x^2)' = 0
#[differentiate]
fn kinks_f32(x: f32, y: f32) -> f32 {
    x.abs() + x.max(y) + relu(y) + x.powf(2.0)
}

#[test]
fn f32_kinks_follow_the_same_conventions() {
    let (v, g) = kinks_f32_grad(0.0, 0.0);
    assert_eq!(v, kinks_f32(0.0, 0.0));
    assert_eq!((g.x, g.y), (0.5, 0.5));
    // x = y = -1.5: abs' = -1, tie 0.5 / 0.5, relu' = 0, (x^2)' = -3
    let (v, g) = kinks_f32_grad(-1.5, -1.5);
    assert_eq!(v, kinks_f32(-1.5, -1.5));
    assert_eq!((g.x, g.y), (-1.0 + 0.5 - 3.0, 0.5));
}
