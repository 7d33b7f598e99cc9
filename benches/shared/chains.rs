//! Sum of squares, mean squared error and log-sum-exp over slices, each as an iterator
//! chain, as index loops, and by hand: shared by `benches/chains.rs` and `tools/icount`
//! (included with `#[path]`, so that both measure the same code). The hand-written
//! gradients make as few passes as the formula needs (one for the sum of squares and the
//! MSE; for log-sum-exp a max pass, a sum of exponentials, and a pass writing the
//! softmax), and add into their buffer as the generated ones do.

use backprop::differentiate;

/// The inputs' length in the benchmarks.
pub const N: usize = 1000;

/// `Σ x²` as a chain.
#[differentiate]
pub fn sum_sq(x: &[f64]) -> f64 {
    x.iter().map(|v| v * v).sum::<f64>()
}

/// `Σ x²` as an index loop.
#[allow(clippy::needless_range_loop)]
#[differentiate]
pub fn sum_sq_loop(x: &[f64]) -> f64 {
    let mut s = 0.0;
    for i in 0..x.len() {
        s += x[i] * x[i];
    }
    s
}

pub fn sum_sq_hand(x: &[f64], d_x: &mut [f64]) -> f64 {
    let mut s = 0.0;
    for (v, d) in x.iter().zip(d_x.iter_mut()) {
        s += v * v;
        *d += 2.0 * v;
    }
    s
}

/// Mean squared error of predictions against targets, by `zip`.
#[differentiate(wrt(pred))]
pub fn mse(pred: &[f64], target: &[f64]) -> f64 {
    pred.iter()
        .zip(target)
        .map(|(p, t)| (p - t).powi(2))
        .sum::<f64>()
        / pred.len() as f64
}

/// The MSE as an index loop.
#[allow(clippy::needless_range_loop)]
#[differentiate(wrt(pred))]
pub fn mse_loop(pred: &[f64], target: &[f64]) -> f64 {
    let mut s = 0.0;
    for i in 0..pred.len() {
        let r = pred[i] - target[i];
        s += r * r;
    }
    s / pred.len() as f64
}

pub fn mse_hand(pred: &[f64], target: &[f64], d_pred: &mut [f64]) -> f64 {
    let scale = 2.0 / pred.len() as f64;
    let mut s = 0.0;
    for ((p, t), d) in pred.iter().zip(target).zip(d_pred.iter_mut()) {
        let r = p - t;
        s += r * r;
        *d += scale * r;
    }
    s / pred.len() as f64
}

/// Log-sum-exp, stabilised by the maximum (`fold` with `f64::max`).
#[differentiate]
pub fn lse(x: &[f64]) -> f64 {
    let m = x.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let s = x.iter().map(|v| (v - m).exp()).sum::<f64>();
    m + s.ln()
}

/// Log-sum-exp as index loops.
#[allow(clippy::needless_range_loop)]
#[differentiate]
pub fn lse_loop(x: &[f64]) -> f64 {
    let mut m = f64::NEG_INFINITY;
    for i in 0..x.len() {
        m = m.max(x[i]);
    }
    let mut s = 0.0;
    for i in 0..x.len() {
        s += (x[i] - m).exp();
    }
    m + s.ln()
}

pub fn lse_hand(x: &[f64], d_x: &mut [f64]) -> f64 {
    let m = x.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let s: f64 = x.iter().map(|v| (v - m).exp()).sum();
    let inv = 1.0 / s;
    for (v, d) in x.iter().zip(d_x.iter_mut()) {
        *d += (v - m).exp() * inv;
    }
    m + s.ln()
}
