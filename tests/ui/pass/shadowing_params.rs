//! `mut` parameters reassigned and shadowed.
use backprop::differentiate;

#[differentiate]
fn f(mut x: f64, y: f64) -> f64 {
    x *= y;
    let x = x + y;
    x * x
}

fn main() {
    // f = (x*y + y)^2; df/dx = 2(xy+y)y; df/dy = 2(xy+y)(x+1)
    let (value, grad) = f_grad(2.0, 3.0);
    assert_eq!(value, 81.0);
    assert_eq!(grad.x, 54.0);
    assert_eq!(grad.y, 54.0);
}
