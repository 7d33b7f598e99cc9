//! Loops whose reversal carries one adjoint through several operations per step, which
//! the backward pass preaccumulates (`emit/preaccumulate.rs`: the step's local
//! derivative per unit of the carried adjoint first, then one multiplication): explicit
//! Euler steps of the logistic ODE, an exponential moving average, a damped
//! oscillator's position recurrence, compound interest with a fee, and a step with a
//! branch (which keeps the plain form). Each is checked at several points against
//! num-dual on a hand-written twin and against central finite differences.
#![allow(clippy::needless_range_loop)] // index loops, as numeric code writes them

use backprop::differentiate;

mod common;
use common::{check, cst};
use num_dual::{Dual64, DualNum};

/// 100 explicit Euler steps of `dy/dt = r y (1 - y / cap)`.
#[differentiate]
pub fn logistic(r: f64, cap: f64, y0: f64) -> f64 {
    let mut y = y0;
    for _ in 0..100 {
        y += 0.05 * r * y * (1.0 - y / cap);
    }
    y
}

/// An exponential moving average of a signal, its rate learned.
#[differentiate]
pub fn moving_average(rate: f64, signal: [f64; 8]) -> f64 {
    let mut average = signal[0];
    for t in 1..8 {
        average = (1.0 - rate) * average + rate * signal[t] * signal[t].tanh();
    }
    average
}

/// A balance compounding monthly, minus a fee proportional to its square root.
#[differentiate]
pub fn balance(rate: f64, fee: f64, start: f64, months: usize) -> f64 {
    let mut b = start;
    for _ in 0..months {
        b = b * (1.0 + rate / 12.0) - fee * b.sqrt();
    }
    b
}

/// A step that branches on the state: kept as it is written.
#[differentiate]
pub fn clipped_growth(r: f64, y0: f64) -> f64 {
    let mut y = y0;
    for _ in 0..20 {
        if y < 1.5 {
            y += 0.1 * r * y * (2.0 - y);
        } else {
            y -= 0.01 * y;
        }
    }
    y
}

#[test]
fn euler_steps() {
    for p in [[1.2, 3.0, 0.1], [0.7, 1.5, 0.9], [2.5, 10.0, 2.0]] {
        let (value, g) = logistic_grad(p[0], p[1], p[2]);
        let twin = |v: &[Dual64]| {
            let mut y = v[2];
            for _ in 0..100 {
                y += v[0] * y * (-(y / v[1]) + 1.0) * 0.05;
            }
            y
        };
        let plain = |v: &[f64]| logistic(v[0], v[1], v[2]);
        check("logistic", &p, value, &[g.r, g.cap, g.y0], plain, twin);
    }
}

#[test]
fn moving_average_of_a_signal() {
    let signal = [0.3, -1.2, 0.8, 2.0, -0.4, 1.1, 0.05, -0.9];
    for rate in [0.1, 0.35, 0.8] {
        let (value, g) = moving_average_grad(rate, signal);
        let mut p = vec![rate];
        p.extend(signal);
        let mut grad = vec![g.rate];
        grad.extend(g.signal);
        let twin = |v: &[Dual64]| {
            let mut average = v[1];
            for t in 1..8 {
                average = (-v[0] + 1.0) * average + v[0] * v[1 + t] * v[1 + t].tanh();
            }
            average
        };
        let plain = |v: &[f64]| moving_average(v[0], v[1..].try_into().unwrap());
        check("moving_average", &p, value, &grad, plain, twin);
    }
}

#[test]
fn compounding_with_a_fee() {
    for p in [[0.05, 0.3, 100.0], [0.12, 0.4, 40.0]] {
        let (value, g) = balance_grad(p[0], p[1], p[2], 24);
        let twin = |v: &[Dual64]| {
            let mut b = v[2];
            for _ in 0..24 {
                b = b * (v[0] / 12.0 + 1.0) - v[1] * b.sqrt();
            }
            b
        };
        let plain = |v: &[f64]| balance(v[0], v[1], v[2], 24);
        check("balance", &p, value, &[g.rate, g.fee, g.start], plain, twin);
    }
}

#[test]
fn a_branching_step_keeps_its_form() {
    for p in [[0.8, 0.2], [1.3, 0.6]] {
        let (value, g) = clipped_growth_grad(p[0], p[1]);
        let twin = |v: &[Dual64]| {
            let mut y = v[1];
            for _ in 0..20 {
                if y.re < 1.5 {
                    y += v[0] * y * (-y + 2.0) * 0.1;
                } else {
                    y -= y * 0.01;
                }
            }
            y + cst(0.0)
        };
        let plain = |v: &[f64]| clipped_growth(v[0], v[1]);
        check("clipped_growth", &p, value, &[g.r, g.y0], plain, twin);
    }
}
