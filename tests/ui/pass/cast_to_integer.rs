//! A differentiated value cast to an integer is a constant (zero derivative).
use backprop::differentiate;

#[differentiate]
fn f(x: f64, y: f64) -> f64 {
    let n = x as i32;
    y * n as f64
}

fn main() {
    let (value, grad) = f_grad(2.7, 1.5);
    assert_eq!(value, 3.0);
    assert_eq!((grad.x, grad.y), (0.0, 2.0));
}
