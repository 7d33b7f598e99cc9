//! A labeled block left by `break 'label value`.
use backprop::differentiate;

#[differentiate]
fn f(x: f64) -> f64 {
    let y = 'done: {
        if x > 1.0 {
            break 'done x;
        }
        x * x
    };
    y
}

fn main() {
    assert_eq!(f_grad(2.0), (2.0, FGrad { x: 1.0 }));
    assert_eq!(f_grad(0.5), (0.25, FGrad { x: 1.0 }));
}
