//! `%` of differentiated floats: d(a % b)/da = 1, d/db = -trunc(a / b).
use backprop::differentiate;

#[differentiate]
fn f(x: f64, y: f64) -> f64 {
    x % y
}

fn main() {
    let (value, grad) = f_grad(7.5, 2.0);
    assert_eq!(value, 1.5);
    assert_eq!((grad.x, grad.y), (1.0, -3.0));
}
