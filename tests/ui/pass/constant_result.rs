//! The result does not depend on the differentiated parameters: zero gradient.
use backprop::differentiate;

#[differentiate(wrt(x))]
fn f(x: f64, y: f64) -> f64 {
    let unused = x * 2.0;
    let _ = unused;
    y * y
}

fn main() {
    let (value, grad) = f_grad(1.5, 3.0);
    assert_eq!(value, 9.0);
    assert_eq!(grad.x, 0.0);
}
