//! A function with no parameters at all.
use backprop::differentiate;

#[differentiate]
fn two() -> f64 {
    2.0
}

fn main() {
    let (value, grad) = two_grad();
    assert_eq!(value, 2.0);
    assert_eq!(grad, TwoGrad {});
}
