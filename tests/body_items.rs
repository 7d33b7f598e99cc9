//! Items declared in a differentiated body (`const`, `use`, helper `fn`s) are seen by
//! every generated function that evaluates body code: `f_forward`, `f_grad`, and also
//! `f_backward` and so `f_pullback`, which callers use. Without them the backward pass
//! would read a module item of the same name (here each has one, with another value),
//! or fail to compile.

mod common;

use backprop::differentiate;
use common::check;
use num_dual::{Dual64, DualNum};

/// A module constant that the bodies below shadow with their own.
const SCALE: f64 = 100.0;

/// A module constant named like `std::f64::consts::TAU`, which a body imports.
const TAU: f64 = 1.0;

/// A module function that a body shadows with its own.
fn gain() -> f64 {
    -7.0
}

/// `SCALE · x² · sin(TAU x) · gain()`, with the body's own `SCALE`, `TAU` and `gain`.
#[differentiate]
fn wave(x: f64) -> f64 {
    const SCALE: f64 = 0.5;
    use std::f64::consts::TAU;
    fn gain() -> f64 {
        3.0
    }
    SCALE * x * x * (TAU * x).sin() * gain()
}

fn wave_twin(x: Dual64) -> Dual64 {
    x * x * (x * std::f64::consts::TAU).sin() * 0.5 * 3.0
}

/// A body constant declared in a nested block, read by a local gradient.
#[differentiate]
fn damped(x: f64, y: f64) -> f64 {
    let base = x * y;
    let damped = {
        const RATE: f64 = 0.25;
        (-RATE * base).exp()
    };
    damped + y
}

/// A caller: its backward pass calls `wave_pullback`, which must use `wave`'s constants.
#[differentiate]
fn wave_of_sum(x: f64, y: f64) -> f64 {
    wave(x + y) * y
}

#[test]
fn body_items_shadow_module_items_in_every_generated_function() {
    // The module items are there, with other values.
    assert_eq!((SCALE, TAU, gain()), (100.0, 1.0, -7.0));
    for x in [0.3, -1.1, 2.0] {
        let (value, grad) = wave_grad(x);
        let (forward_value, cache) = wave_forward(x);
        assert_eq!(forward_value, value);
        assert_eq!(wave_backward(&cache, 1.0), grad);
        assert_eq!(wave_pullback(&cache, 2.0).0, 2.0 * grad.x);
        check(
            "wave",
            &[x],
            value,
            &[grad.x],
            |v| wave(v[0]),
            |v| wave_twin(v[0]),
        );
    }
    for (x, y) in [(0.5, 2.0), (-1.0, 0.3)] {
        let (value, grad) = damped_grad(x, y);
        let (_, cache) = damped_forward(x, y);
        assert_eq!(damped_backward(&cache, 1.0), grad);
        check(
            "damped",
            &[x, y],
            value,
            &[grad.x, grad.y],
            |v| damped(v[0], v[1]),
            |v| (-(v[0] * v[1]) * 0.25).exp() + v[1],
        );
        let (value, grad) = wave_of_sum_grad(x, y);
        check(
            "wave_of_sum",
            &[x, y],
            value,
            &[grad.x, grad.y],
            |v| wave_of_sum(v[0], v[1]),
            |v| wave_twin(v[0] + v[1]) * v[1],
        );
    }
}
