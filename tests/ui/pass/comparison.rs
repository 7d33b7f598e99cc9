//! A comparison of differentiated values bound to a local: a constant `bool`.
use backprop::differentiate;

#[differentiate]
fn f(x: f64, y: f64) -> f64 {
    let less = x < y;
    let both = less && y > 0.0;
    if both {
        x * y
    } else {
        x
    }
}

fn main() {
    let (value, grad) = f_grad(1.0, 2.0);
    assert_eq!(value, 2.0);
    assert_eq!((grad.x, grad.y), (2.0, 1.0));
    assert_eq!(f_grad(3.0, 2.0).1.x, 1.0);
}
