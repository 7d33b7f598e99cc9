//! Parameters given as tuple patterns, as code that passes points and states around as
//! tuples writes them: `fn himmelblau((x, y): (f64, f64)) -> f64`. The generated
//! functions take the tuple as the function does (`himmelblau_grad((x, y))`); the
//! gradient has one field per component (`grad.x`, `grad.y`). Each function is
//! checked at several points against central finite differences of itself and num-dual
//! on a hand-written twin; `jvp` and `hessian` against `f_grad` and finite differences.

use backprop::differentiate;

mod common;
use common::{assert_close, check, cst, fd_grad, RTOL_AD};
use num_dual::{Dual64, DualNum};

const POINTS: [(f64, f64); 4] = [(0.3, -1.2), (1.1, 0.4), (-0.7, 2.1), (2.5, 1.5)];

/// Himmelblau's function, a point given as a tuple.
#[differentiate(jvp, hessian)]
pub fn himmelblau((x, y): (f64, f64)) -> f64 {
    (x * x + y - 11.0).powi(2) + (x + y * y - 7.0).powi(2)
}

fn himmelblau_twin(p: &[Dual64]) -> Dual64 {
    (p[0] * p[0] + p[1] - 11.0).powi(2) + (p[0] + p[1] * p[1] - 7.0).powi(2)
}

#[test]
fn himmelblau_gradient() {
    for (x, y) in POINTS {
        let (value, grad) = himmelblau_grad((x, y));
        assert_eq!(value, himmelblau((x, y)));
        let plain = |p: &[f64]| himmelblau((p[0], p[1]));
        check(
            "himmelblau",
            &[x, y],
            value,
            &[grad.x, grad.y],
            plain,
            himmelblau_twin,
        );
    }
}

#[test]
fn himmelblau_forward_mode_and_hessian() {
    for (x, y) in POINTS {
        let (_, grad) = himmelblau_grad((x, y));
        let (t_x, t_y) = (0.6, -1.3);
        let (value, tangent) = himmelblau_jvp((x, y), t_x, t_y);
        assert_eq!(value, himmelblau((x, y)));
        assert_close(
            "himmelblau jvp",
            tangent,
            grad.x * t_x + grad.y * t_y,
            RTOL_AD,
        );
        let mut h = [0.0; 4];
        let (_, _) = himmelblau_hessian((x, y), &mut h);
        // Closed form: [[12x² + 4y - 42, 4(x + y)], [4(x + y), 12y² + 4x - 26]].
        let want = [
            12.0 * x * x + 4.0 * y - 42.0,
            4.0 * (x + y),
            4.0 * (x + y),
            12.0 * y * y + 4.0 * x - 26.0,
        ];
        for (got, want) in h.iter().zip(want) {
            assert_close("himmelblau hessian", *got, want, 1e-9);
        }
    }
}

/// One symplectic Euler step of a spring, the state `(position, velocity)` a tuple
/// and the stiffness and step separate parameters; returns the energy after `steps`.
#[differentiate]
pub fn spring_energy((mut q, mut v): (f64, f64), k: f64, dt: f64, steps: usize) -> f64 {
    for _ in 0..steps {
        v -= k * q * dt;
        q += v * dt;
    }
    0.5 * v * v + 0.5 * k * q * q
}

#[test]
fn spring_energy_gradient() {
    for (q, v) in POINTS {
        let (k, dt) = (2.0, 0.05);
        let (value, grad) = spring_energy_grad((q, v), k, dt, 12);
        let plain = |p: &[f64]| spring_energy((p[0], p[1]), p[2], p[3], 12);
        let twin = |p: &[Dual64]| {
            let (mut q, mut v) = (p[0], p[1]);
            for _ in 0..12 {
                v -= p[2] * q * p[3];
                q += v * p[3];
            }
            v * v * 0.5 + p[2] * q * q * 0.5
        };
        let inputs = [q, v, k, dt];
        let g = [grad.q, grad.v, grad.k, grad.dt];
        check("spring_energy", &inputs, value, &g, plain, twin);
    }
}

/// A tuple of a float and a count, the count a loop bound; a `_` component is unused.
#[differentiate]
pub fn geometric_sum((ratio, terms): (f64, usize), (scale, _): (f64, f64)) -> f64 {
    let mut sum = 0.0;
    let mut power = 1.0;
    for _ in 0..terms {
        sum += power;
        power *= ratio;
    }
    scale * sum
}

#[test]
fn geometric_sum_gradient() {
    for (ratio, scale) in POINTS {
        let (value, grad) = geometric_sum_grad((ratio, 6), (scale, 9.0));
        let plain = |p: &[f64]| geometric_sum((p[0], 6), (p[1], 9.0));
        let twin = |p: &[Dual64]| {
            let (mut sum, mut power) = (cst(0.0), cst(1.0));
            for _ in 0..6 {
                sum += power;
                power *= p[0];
            }
            p[1] * sum
        };
        check(
            "geometric_sum",
            &[ratio, scale],
            value,
            &[grad.ratio, grad.scale],
            plain,
            twin,
        );
    }
}

/// `wrt` names a component: only the rate is differentiated.
#[differentiate(wrt(rate))]
pub fn discount((rate, years): (f64, f64), cash: f64) -> f64 {
    cash * (-rate * years).exp()
}

#[test]
fn discount_with_respect_to_a_component() {
    for (rate, years) in [(0.03, 5.0), (0.1, 2.5)] {
        let (value, grad) = discount_grad((rate, years), 100.0);
        let fd = fd_grad(|p| discount((p[0], years), 100.0), &[rate], 1e-6);
        assert_close("discount", grad.rate, fd[0], 1e-6);
        assert_eq!(value, discount((rate, years), 100.0));
    }
}

/// The pullback has one entry per component; the backward pass adds nothing to a
/// constant component.
#[test]
fn pullback_entries_follow_the_components() {
    let (value, cache) = himmelblau_forward((1.0, 2.0));
    let (d_x, d_y) = himmelblau_pullback(&cache, 2.0);
    let (same, grad) = himmelblau_grad((1.0, 2.0));
    assert_eq!(value, same);
    assert_close("pullback x", d_x, 2.0 * grad.x, RTOL_AD);
    assert_close("pullback y", d_y, 2.0 * grad.y, RTOL_AD);
    assert_eq!(DISCOUNT_WRT, [true, false, false]);
}

/// A tuple parameter with a name, read by field and taken apart in the body.
#[differentiate]
pub fn oscillator_energy(state: (f64, f64), mass: f64) -> f64 {
    let (q, _) = state;
    0.5 * mass * state.1 * state.1 + 0.5 * q * q
}

#[test]
fn named_tuple_parameter() {
    for (q, v) in POINTS {
        let (value, grad) = oscillator_energy_grad((q, v), 1.5);
        let plain = |p: &[f64]| oscillator_energy((p[0], p[1]), p[2]);
        let twin = |p: &[Dual64]| p[2] * p[1] * p[1] * 0.5 + p[0] * p[0] * 0.5;
        let g = [grad.state_0, grad.state_1, grad.mass];
        check("oscillator_energy", &[q, v, 1.5], value, &g, plain, twin);
    }
}
