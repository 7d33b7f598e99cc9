//! Valid functions whose generated code used not to compile (issue 11, section 3),
//! written the way numeric code writes them, each checked against central finite
//! differences and num-dual at several points: conditions that run statements
//! (do-while loops, block conditions), a local named like a callee's generated
//! function, float functions by their full paths.

// The forms under test, written as users write them.
#![allow(clippy::blocks_in_conditions, clippy::assign_op_pattern)]

mod common;

use backprop::differentiate;
use common::check;
use num_dual::{Dual64, DualNum};

/// Fixed-point style iteration written as a do-while: `s <- s y + 1/2` until `s >= 3`.
/// The trip count is constant near each point, so ds/dx = y^k, ds/dy = sum of
/// k s_j y^(k-1-j) terms; the twin runs the same iteration.
#[differentiate]
fn grow_until(x: f64, y: f64) -> f64 {
    let mut s = x;
    while {
        s = s * y + 0.5;
        s < 3.0
    } {}
    s
}

fn grow_until_twin(x: Dual64, y: Dual64) -> Dual64 {
    let mut s = x;
    loop {
        s = s * y + 0.5;
        if s.re >= 3.0 {
            return s;
        }
    }
}

#[test]
fn do_while_loop() {
    for p in [[0.7, 1.3], [1.1, 1.7], [2.0, 1.1], [0.3, 2.5]] {
        let (v, g) = grow_until_grad(p[0], p[1]);
        check(
            "grow_until",
            &p,
            v,
            &[g.x, g.y],
            |a| grow_until(a[0], a[1]),
            |d| grow_until_twin(d[0], d[1]),
        );
    }
}

/// Babylonian square root as a do-while with a counter in its condition: eight steps.
#[differentiate]
fn babylonian(a: f64, guess: f64) -> f64 {
    let mut r = guess;
    let mut n = 0;
    while {
        r = 0.5 * (r + a / r);
        n += 1;
        n < 8
    } {}
    r
}

#[test]
fn do_while_with_a_counter() {
    for p in [[2.0, 1.0], [9.0, 2.0], [0.5, 0.6]] {
        let (v, g) = babylonian_grad(p[0], p[1]);
        check(
            "babylonian",
            &p,
            v,
            &[g.a, g.guess],
            |x| babylonian(x[0], x[1]),
            |d| {
                let (a, mut r) = (d[0], d[1]);
                for _ in 0..8 {
                    r = (r + a / r) * 0.5;
                }
                r
            },
        );
    }
}

/// A block condition that updates the state before testing it.
#[differentiate]
fn damped(x: f64, y: f64) -> f64 {
    let mut s = x;
    if {
        s = s * y;
        s > 0.0
    } {
        s * 2.0
    } else {
        s.exp()
    }
}

#[test]
fn block_condition() {
    for p in [[0.5, 1.5], [-0.5, 1.5], [1.2, -0.3], [-2.0, -0.7]] {
        let (v, g) = damped_grad(p[0], p[1]);
        check(
            "damped",
            &p,
            v,
            &[g.x, g.y],
            |a| damped(a[0], a[1]),
            |d| {
                let s = d[0] * d[1];
                if s.re > 0.0 {
                    s * 2.0
                } else {
                    s.exp()
                }
            },
        );
    }
}

/// An `else if` whose condition runs a statement.
#[differentiate]
fn piecewise(x: f64) -> f64 {
    let mut t = x;
    if x > 2.0 {
        x * x
    } else if {
        t = t * 0.5 + 1.0;
        t > 1.2
    } {
        t.ln()
    } else {
        t * x
    }
}

#[test]
fn else_if_block_condition() {
    for p in [[2.5], [1.0], [0.1], [-1.0]] {
        let (v, g) = piecewise_grad(p[0]);
        check(
            "piecewise",
            &p,
            v,
            &[g.x],
            |a| piecewise(a[0]),
            |d| {
                let x = d[0];
                if x.re > 2.0 {
                    x * x
                } else {
                    let t = x * 0.5 + 1.0;
                    if t.re > 1.2 {
                        t.ln()
                    } else {
                        t * x
                    }
                }
            },
        );
    }
}

#[differentiate]
fn square(x: f64) -> f64 {
    x * x
}

/// A local named like the callee's generated forward pass (`square_forward`).
#[differentiate]
fn shadows_callee_items(x: f64) -> f64 {
    let square_forward = 2.0 * x;
    let square_pullback = x + 1.0;
    square(square_forward) + square_forward * square_pullback
}

#[test]
fn local_named_like_a_generated_function() {
    for p in [[0.5], [-1.5], [2.0]] {
        let (v, g) = shadows_callee_items_grad(p[0]);
        check(
            "shadows_callee_items",
            &p,
            v,
            &[g.x],
            |a| shadows_callee_items(a[0]),
            |d| {
                let f = d[0] * 2.0;
                let p = d[0] + 1.0;
                f * f + f * p
            },
        );
    }
}

/// Float functions by their full paths, as rustc's suggestions write them.
#[differentiate]
fn full_paths(x: f64) -> f64 {
    std::primitive::f64::exp(x) + <f64>::cos(x) + ::core::primitive::f64::sin(x) * f64::sqrt(x)
}

#[test]
fn float_functions_by_full_path() {
    for p in [[0.5], [1.5], [3.0]] {
        let (v, g) = full_paths_grad(p[0]);
        check(
            "full_paths",
            &p,
            v,
            &[g.x],
            |a| full_paths(a[0]),
            |d| d[0].exp() + d[0].cos() + d[0].sin() * d[0].sqrt(),
        );
    }
}

/// A literal exponent past the folding range (1e9 and more) goes through the slope
/// helper in `i32`: `x^2147483647` at ±1 and inside (-1, 1).
#[differentiate]
fn huge_power(x: f64) -> f64 {
    x.powi(2147483647) + x.powi(1_000_000_001)
}

#[test]
#[allow(clippy::float_cmp)] // exact: powers of ±1 and underflow to 0
fn literal_exponents_up_to_i32_max() {
    let n = [2147483647.0, 1_000_000_001.0];
    assert_eq!(huge_power(1.0), 2.0);
    assert_eq!(
        huge_power_grad(1.0),
        (2.0, HugePowerGrad { x: n[0] + n[1] })
    );
    assert_eq!(
        huge_power_grad(-1.0),
        (-2.0, HugePowerGrad { x: n[0] + n[1] })
    );
    assert_eq!(huge_power_grad(0.5), (0.0, HugePowerGrad { x: 0.0 }));
    let twin = Dual64::new(-1.0, 1.0).powi(2147483647) + Dual64::new(-1.0, 1.0).powi(1_000_000_001);
    assert_eq!(huge_power_grad(-1.0).1.x, twin.eps);
}
