//! Array parameters `[f64; N]` and `[[f64; N]; M]`: elements read by constant and loop
//! indices, gradients as arrays of the same shape.
// Index loops are the form `#[differentiate]` supports (no iterators over arrays yet).
#![allow(clippy::needless_range_loop)]
use backprop::{differentiate, sigmoid};

mod common;
use common::check;
use num_dual::{Dual64, DualNum};

/// The notes' sigmoid neuron with arrays: `σ(w0 x0 + w1 x1 + w2)`.
#[differentiate]
fn neuron(w: [f64; 3], x: [f64; 2]) -> f64 {
    sigmoid(w[0] * x[0] + w[1] * x[1] + w[2])
}

/// Logistic loss of a linear model over N = 40 weights, `x` a constant input.
#[differentiate(wrt(w))]
fn logistic(w: [f64; 40], x: [f64; 40], label: f64) -> f64 {
    let mut z = 0.0;
    for i in 0..w.len() {
        z += w[i] * x[i];
    }
    backprop::softplus(-label * z)
}

/// `y = W v`, then `Σ y_i²`: the transposes of the notes (`dW = dy vᵀ`, `dv = Wᵀ dy`).
#[differentiate]
fn mat_vec(m: [[f64; 3]; 2], v: [f64; 3]) -> f64 {
    let mut total = 0.0;
    for i in 0..2 {
        let mut y = 0.0;
        for j in 0..3 {
            y += m[i][j] * v[j];
        }
        total += y * y;
    }
    total
}

#[test]
fn neuron_reproduces_the_notes() {
    let (value, g) = neuron_grad([2.0, -3.0, -3.0], [-1.0, -2.0]);
    assert!((value - 0.7310585786300049).abs() < 1e-12);
    let dw = [
        -0.19661193324148185,
        -0.3932238664829637,
        0.19661193324148185,
    ];
    let dx = [0.3932238664829637, -0.5898357997244456];
    for k in 0..3 {
        assert!((g.w[k] - dw[k]).abs() < 1e-12);
    }
    for k in 0..2 {
        assert!((g.x[k] - dx[k]).abs() < 1e-12);
    }
    assert_eq!(value, neuron([2.0, -3.0, -3.0], [-1.0, -2.0]));
}

#[test]
fn logistic_loss_over_forty_weights() {
    let x: [f64; 40] = std::array::from_fn(|i| ((i * 7 % 11) as f64 - 5.0) / 5.0);
    let w: [f64; 40] = std::array::from_fn(|i| ((i * 3 % 13) as f64 - 6.0) / 20.0);
    for label in [1.0, -1.0] {
        let (value, g) = logistic_grad(w, x, label);
        assert_eq!(value, logistic(w, x, label));
        let f = |p: &[f64]| {
            let w: [f64; 40] = std::array::from_fn(|i| p[i]);
            logistic(w, x, label)
        };
        let twin = |p: &[Dual64]| {
            let mut z = Dual64::from(0.0);
            for i in 0..40 {
                z += p[i] * x[i];
            }
            (-z * label).exp().ln_1p()
        };
        check("logistic", &w, value, &g.w, f, twin);
    }
    assert_eq!(LogisticGrad::default().w, [0.0; 40]);
}

#[test]
fn matrix_vector_transposes() {
    let m = [[0.5, -1.0, 2.0], [1.5, 0.25, -0.75]];
    let v = [0.3, -1.2, 0.8];
    let (value, g) = mat_vec_grad(m, v);
    assert_eq!(value, mat_vec(m, v));
    let y: Vec<f64> = (0..2)
        .map(|i| (0..3).map(|j| m[i][j] * v[j]).sum())
        .collect();
    for i in 0..2 {
        for j in 0..3 {
            assert!((g.m[i][j] - 2.0 * y[i] * v[j]).abs() < 1e-12, "dW = dy vᵀ");
        }
    }
    for j in 0..3 {
        let expected: f64 = (0..2).map(|i| m[i][j] * 2.0 * y[i]).sum();
        assert!((g.v[j] - expected).abs() < 1e-12, "dv = Wᵀ dy");
    }
}
