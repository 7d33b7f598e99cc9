//! A local variable named like the generated `loss_grad` function.
use backprop::differentiate;

#[differentiate]
fn loss(x: f64) -> f64 {
    let loss_grad = x * 3.0;
    loss_grad + 1.0
}

fn main() {
    let (value, grad) = loss_grad(2.0);
    assert_eq!(value, 7.0);
    assert_eq!(grad, LossGrad { x: 3.0 });
}
