//! Slice parameters: gradients added into caller-provided buffers.
#![allow(dead_code, clippy::needless_range_loop)]
use backprop::{differentiate, sigmoid};

#[differentiate(wrt(w))]
fn logistic(w: &[f64], x: &[f64], y: f64) -> f64 {
    let mut z = 0.0;
    for i in 0..w.len() {
        z += w[i] * x[i];
    }
    -(sigmoid(y * z)).ln()
}

#[test]
fn accumulates() {
    let w = [0.1, -0.2, 0.3];
    let x = [1.0, 2.0, -1.0];
    let mut d_w = [0.0; 3];
    let (v, _) = logistic_grad(&w, &x, 1.0, &mut d_w);
    let z: f64 = w.iter().zip(&x).map(|(a, b)| a * b).sum();
    let s = 1.0 / (1.0 + (-z).exp());
    assert!((v + s.ln()).abs() < 1e-12);
    for i in 0..3 {
        assert!((d_w[i] - (s - 1.0) * x[i]).abs() < 1e-12);
    }
    let (_, cache) = logistic_forward(&w, &x, 1.0);
    logistic_backward(&cache, 1.0, &mut d_w);
    for i in 0..3 {
        assert!((d_w[i] - 2.0 * (s - 1.0) * x[i]).abs() < 1e-12);
    }
}

#[test]
#[should_panic(expected = "`d_w` has length 2 but the slice `w` has length 3")]
fn length_mismatch() {
    let mut d_w = [0.0; 2];
    let _ = logistic_grad(&[0.1, 0.2, 0.3], &[1.0, 1.0, 1.0], 1.0, &mut d_w);
}
