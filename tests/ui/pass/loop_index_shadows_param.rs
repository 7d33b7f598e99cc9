//! A loop index with the name of a parameter that is also differentiated elsewhere is
//! a fresh integer inside the loop; the parameter is back after it.
use backprop::differentiate;

#[differentiate]
fn f(x: f64, i: f64) -> f64 {
    let mut s = 0.0;
    for i in 0..3 {
        s += x * (i as f64);
    }
    s * i
}

fn main() {
    // s = 3x, f = 3 x i.
    assert_eq!(f_grad(2.0, 5.0), (30.0, FGrad { x: 15.0, i: 6.0 }));
    assert_eq!(f(2.0, 5.0), 30.0);
}
