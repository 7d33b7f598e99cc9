//! The result is a literal.
use backprop::differentiate;

#[differentiate]
fn f(x: f64) -> f64 {
    let _ = x;
    1.5
}

fn main() {
    let (value, grad) = f_grad(4.0);
    assert_eq!(value, 1.5);
    assert_eq!(grad.x, 0.0);
}
