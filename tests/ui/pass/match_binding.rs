//! A `match` arm binding the matched value.
use backprop::differentiate;

#[differentiate]
fn f(x: f64, n: i32) -> f64 {
    match n {
        0 => x,
        k => x * k as f64,
    }
}

fn main() {
    assert_eq!(f_grad(2.0, 0), (2.0, FGrad { x: 1.0 }));
    assert_eq!(f_grad(2.0, 3), (6.0, FGrad { x: 3.0 }));
}
