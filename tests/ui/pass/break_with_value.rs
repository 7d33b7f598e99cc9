//! A `loop` as the function's value, left by `break` with a value.
use backprop::differentiate;

#[differentiate]
fn f(x: f64, y: f64) -> f64 {
    let mut s = x;
    loop {
        s *= y;
        if s > 10.0 {
            break s * 2.0;
        }
    }
}

fn main() {
    // x = 3, y = 2: s = 6, 12; f = 2 x y^2 = 24, df/dx = 2 y^2 = 8, df/dy = 4 x y = 24.
    let (value, grad) = f_grad(3.0, 2.0);
    assert_eq!(value, 24.0);
    assert_eq!((grad.x, grad.y), (8.0, 24.0));
}
