//! Two loops and their reverse sweeps written by hand: Horner's rule for a degree-16
//! polynomial and 100 explicit Euler steps of the logistic ODE; shared by
//! `benches/control_flow.rs` and `tools/icount` (included with `#[path]`, so that both
//! measure the same code).

use backprop::differentiate;

/// The degree of the polynomial [`horner`] evaluates.
const DEGREE: usize = 16;
/// Euler steps taken by [`logistic`].
const STEPS: usize = 100;
/// The Euler step size.
const DT: f64 = 0.05;

/// `p(x) = s Σ_k x^k / (k + 1)` for k = 0..16, by Horner's rule.
#[differentiate]
pub fn horner(x: f64, s: f64) -> f64 {
    let mut acc = 0.0;
    for i in 0..17 {
        acc = acc * x + s / (17 - i) as f64;
    }
    acc
}

/// Horner's rule and its reverse sweep, written by hand.
pub fn horner_by_hand(x: f64, s: f64) -> (f64, f64, f64) {
    let mut saved = [0.0; DEGREE + 1];
    let mut acc = 0.0;
    for (i, slot) in saved.iter_mut().enumerate() {
        *slot = acc;
        acc = acc * x + s / (17 - i) as f64;
    }
    let (mut d_acc, mut d_x, mut d_s) = (1.0, 0.0, 0.0);
    for i in (0..=DEGREE).rev() {
        d_x += saved[i] * d_acc;
        d_s += d_acc / (17 - i) as f64;
        d_acc *= x;
    }
    (acc, d_x, d_s)
}

/// 100 explicit Euler steps of the logistic ODE `dy/dt = r y (1 - y / cap)`.
#[differentiate(wrt(r, cap))]
pub fn logistic(r: f64, cap: f64, y0: f64) -> f64 {
    let mut y = y0;
    for _ in 0..100 {
        y += DT * r * y * (1.0 - y / cap);
    }
    y
}

/// The Euler integration and its reverse sweep, written by hand.
pub fn logistic_by_hand(r: f64, cap: f64, y0: f64) -> (f64, f64, f64) {
    let mut saved = [0.0; STEPS];
    let mut y = y0;
    for slot in saved.iter_mut() {
        *slot = y;
        y += DT * r * y * (1.0 - y / cap);
    }
    let (mut d_y, mut d_r, mut d_cap) = (1.0, 0.0, 0.0);
    for &y in saved.iter().rev() {
        // y' = y + DT r y (1 - y / cap)
        let growth = 1.0 - y / cap;
        d_r += d_y * DT * y * growth;
        d_cap += d_y * DT * r * y * y / (cap * cap);
        d_y *= 1.0 + DT * r * (growth - y / cap);
    }
    (y, d_r, d_cap)
}
