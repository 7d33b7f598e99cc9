//! A `loop` as a `let`'s value.
use backprop::differentiate;

#[differentiate]
fn f(x: f64, y: f64) -> f64 {
    let s = loop {
        break x * y;
    };
    s
}

fn main() {
    assert_eq!(f_grad(2.0, 3.0), (6.0, FGrad { x: 3.0, y: 2.0 }));
}
