//! A branch on an integer parameter whose branches are constants: the branch has no
//! derivative of its own, the product with `x` carries the gradient.
use backprop::differentiate;

#[differentiate]
fn scaled(x: f64, n: i32) -> f64 {
    let scale = if n > 0 { 2.0 } else { 0.5 };
    x * scale
}

fn main() {
    assert_eq!(scaled_grad(3.0, 1), (6.0, ScaledGrad { x: 2.0 }));
    assert_eq!(scaled_grad(3.0, -1), (1.5, ScaledGrad { x: 0.5 }));
    assert_eq!(scaled(3.0, 1), 6.0);
}
