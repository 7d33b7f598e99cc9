//! Whole-array assignments as numeric code writes them: a time stepper replacing its
//! state (`y = next;`), power iteration replacing its vector, Jacobi sweeps swapping
//! buffers, a `mut` array parameter reassigned, a matrix replaced. Each is
//! `#[differentiate]`d unchanged and checked at several points against central finite
//! differences of itself and num-dual on a hand-written twin.
#![allow(clippy::needless_range_loop)]

use backprop::differentiate;

mod common;
use common::check;
use num_dual::{Dual64, DualNum};

/// Symplectic Euler for a pendulum, `h = 0.05`, 40 steps; the state is replaced whole.
#[differentiate]
pub fn pendulum_energy(theta0: f64, omega0: f64, g_over_l: f64) -> f64 {
    let h = 0.05;
    let mut state = [theta0, omega0];
    for _ in 0..40 {
        let omega = state[1] - h * g_over_l * state[0].sin();
        let next = [state[0] + h * omega, omega];
        state = next;
    }
    0.5 * state[1] * state[1] + g_over_l * (1.0 - state[0].cos())
}

fn pendulum_twin(p: &[Dual64]) -> Dual64 {
    let (g_over_l, h) = (p[2], 0.05);
    let mut state = [p[0], p[1]];
    for _ in 0..40 {
        let omega = state[1] - g_over_l * state[0].sin() * h;
        state = [state[0] + omega * h, omega];
    }
    state[1] * state[1] * 0.5 + g_over_l * (-state[0].cos() + 1.0)
}

#[test]
fn symplectic_euler_state_replaced() {
    for p in [[0.3, 0.1, 9.81], [1.2, -0.4, 4.0], [-0.6, 0.8, 1.5]] {
        let (value, g) = pendulum_energy_grad(p[0], p[1], p[2]);
        let grad = [g.theta0, g.omega0, g.g_over_l];
        check(
            "pendulum",
            &p,
            value,
            &grad,
            |x| pendulum_energy(x[0], x[1], x[2]),
            pendulum_twin,
        );
    }
}

/// Power iteration on a symmetric 3×3 matrix: `v = w / |w|`, six times; the Rayleigh
/// quotient of the result.
#[differentiate]
pub fn rayleigh(a: [[f64; 3]; 3]) -> f64 {
    let mut v = [1.0, 0.5, 0.25];
    for _ in 0..6 {
        let mut w = [0.0; 3];
        for i in 0..3 {
            for j in 0..3 {
                w[i] += a[i][j] * v[j];
            }
        }
        let norm = (w[0] * w[0] + w[1] * w[1] + w[2] * w[2]).sqrt();
        for i in 0..3 {
            w[i] /= norm;
        }
        v = w;
    }
    let mut quotient = 0.0;
    for i in 0..3 {
        for j in 0..3 {
            quotient += v[i] * a[i][j] * v[j];
        }
    }
    quotient
}

fn rayleigh_twin(p: &[Dual64]) -> Dual64 {
    let a = |i: usize, j: usize| p[3 * i + j];
    let mut v = [Dual64::from(1.0), Dual64::from(0.5), Dual64::from(0.25)];
    for _ in 0..6 {
        let mut w = [Dual64::from(0.0); 3];
        for i in 0..3 {
            for j in 0..3 {
                w[i] += a(i, j) * v[j];
            }
        }
        let norm = (w[0] * w[0] + w[1] * w[1] + w[2] * w[2]).sqrt();
        v = [w[0] / norm, w[1] / norm, w[2] / norm];
    }
    let mut quotient = Dual64::from(0.0);
    for i in 0..3 {
        for j in 0..3 {
            quotient += v[i] * a(i, j) * v[j];
        }
    }
    quotient
}

#[test]
fn power_iteration_vector_replaced() {
    let points = [
        [[2.0, 0.3, 0.1], [0.3, 1.0, 0.2], [0.1, 0.2, 0.5]],
        [[4.0, -1.0, 0.5], [-1.0, 3.0, 0.0], [0.5, 0.0, 1.0]],
    ];
    for a in points {
        let flat: Vec<f64> = a.iter().flatten().copied().collect();
        let (value, g) = rayleigh_grad(a);
        let grad: Vec<f64> = g.a.iter().flatten().copied().collect();
        let plain = |x: &[f64]| {
            let mut m = [[0.0; 3]; 3];
            for i in 0..9 {
                m[i / 3][i % 3] = x[i];
            }
            rayleigh(m)
        };
        check("rayleigh", &flat, value, &grad, plain, rayleigh_twin);
    }
}

/// Jacobi iterations for a 1-D Poisson problem with a source `f`: two buffers, the new
/// one copied over the old after each sweep; the loss is the squared solution.
#[differentiate]
pub fn jacobi(f: &[f64; 5], boundary: f64) -> f64 {
    let mut u = [boundary; 5];
    let mut next = [0.0; 5];
    for _ in 0..8 {
        next[0] = boundary;
        next[4] = boundary;
        for i in 1..4 {
            next[i] = 0.5 * (u[i - 1] + u[i + 1] + 0.04 * f[i]);
        }
        u = next;
    }
    u.iter().map(|v| v * v).sum()
}

fn jacobi_twin(p: &[Dual64]) -> Dual64 {
    let boundary = p[5];
    let mut u = [boundary; 5];
    let mut next = [Dual64::from(0.0); 5];
    for _ in 0..8 {
        next[0] = boundary;
        next[4] = boundary;
        for i in 1..4 {
            next[i] = (u[i - 1] + u[i + 1] + p[i] * 0.04) * 0.5;
        }
        u = next;
    }
    u.iter().map(|v| *v * *v).sum()
}

#[test]
fn jacobi_buffers_copied() {
    for p in [
        [0.5, 1.0, -2.0, 3.0, 0.1, 0.2],
        [2.0, -1.0, 0.5, 1.5, -0.3, -0.7],
    ] {
        let mut d_f = [0.0; 5];
        let f: [f64; 5] = p[..5].try_into().unwrap();
        let (value, g) = jacobi_grad(&f, p[5], &mut d_f);
        let mut grad = d_f.to_vec();
        grad.push(g.boundary);
        let plain = |x: &[f64]| jacobi(&x[..5].try_into().unwrap(), x[5]);
        check("jacobi", &p, value, &grad, plain, jacobi_twin);
    }
}

/// A `mut` array parameter replaced by a reflected copy, then a matrix replaced whole.
#[differentiate]
pub fn reflect_then_rotate(mut x: [f64; 2], angle: f64) -> f64 {
    let reflected = [x[1], -x[0]];
    x = reflected;
    let (s, c) = angle.sin_cos();
    let mut m = [[x[0], 0.0], [0.0, x[1]]];
    let det = m[0][0] * m[1][1];
    let rotation = [[c, -s], [s, c]];
    m = rotation;
    let y0 = m[0][0] * x[0] + m[0][1] * x[1];
    let y1 = m[1][0] * x[0] + m[1][1] * x[1];
    y0 * y0 * y1 + y1.exp() + det
}

fn reflect_twin(p: &[Dual64]) -> Dual64 {
    let x = [p[1], -p[0]];
    let (s, c) = (p[2].sin(), p[2].cos());
    let y0 = c * x[0] - s * x[1];
    let y1 = s * x[0] + c * x[1];
    y0 * y0 * y1 + y1.exp() + x[0] * x[1]
}

#[test]
fn parameter_and_matrix_replaced() {
    for p in [[0.3, -1.2, 0.7], [1.1, 0.4, -2.0], [-0.5, 0.9, 3.0]] {
        let (value, g) = reflect_then_rotate_grad([p[0], p[1]], p[2]);
        let grad = [g.x[0], g.x[1], g.angle];
        let plain = |x: &[f64]| reflect_then_rotate([x[0], x[1]], x[2]);
        check("reflect_then_rotate", &p, value, &grad, plain, reflect_twin);
    }
}
