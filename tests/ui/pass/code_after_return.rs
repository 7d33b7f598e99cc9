//! Statements after a function-level `return` are unreachable: the gradient is the
//! returned expression's, and nothing after it is staged.
use backprop::differentiate;

#[differentiate]
#[allow(unreachable_code)]
fn f(x: f64, y: f64) -> f64 {
    let s = x * y;
    return s;
    s + x.exp()
}

fn main() {
    assert_eq!(f_grad(2.0, 3.0), (6.0, FGrad { x: 3.0, y: 2.0 }));
    assert_eq!(f(2.0, 3.0), 6.0);
}
