//! An `f32` function with a gate and an integer constant.
use backprop::{differentiate, sigmoid};

#[differentiate]
fn f(x: f32, w: f32, n: i32) -> f32 {
    let s = sigmoid(w * x);
    s.powi(n) + x.sqrt()
}

fn main() {
    let (x, w) = (4.0_f32, 0.25_f32);
    let (value, grad) = f_grad(x, w, 2);
    let s = 1.0 / (1.0 + (-1.0_f32).exp());
    assert!((value - (s * s + 2.0)).abs() < 1e-6);
    let ds = 2.0 * s * s * (1.0 - s);
    assert!((grad.x - (ds * w + 0.25)).abs() < 1e-6, "{}", grad.x);
    assert!((grad.w - ds * x).abs() < 1e-6, "{}", grad.w);
}
