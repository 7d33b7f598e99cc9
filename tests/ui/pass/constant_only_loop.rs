//! A loop and a branch that only touch constants (an integer counter and a float that
//! never meets a parameter), next to the differentiated value: no adjoint work for them.
use backprop::differentiate;

#[differentiate]
fn f(x: f64, n: i32) -> f64 {
    let mut k = 0;
    let mut c = 1.0;
    while k < n {
        if k % 2 == 0 {
            c *= 2.0;
        }
        k += 1;
    }
    c * x
}

fn main() {
    // n = 3: k = 0, 2 double c, so c = 4.
    assert_eq!(f_grad(1.5, 3), (6.0, FGrad { x: 4.0 }));
    assert_eq!(f_grad(1.5, 0), (1.5, FGrad { x: 1.0 }));
    assert_eq!(f(1.5, 3), 6.0);
}
