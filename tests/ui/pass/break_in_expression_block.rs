//! `break` inside a block that is a `let`'s value, in a loop body.
use backprop::differentiate;

#[differentiate]
fn f(x: f64, n: i32) -> f64 {
    let mut s = 0.0;
    for i in 0..n {
        let y = {
            if s > 5.0 {
                break;
            }
            x * (i as f64)
        };
        s += y;
    }
    s
}

fn main() {
    // s = x (0 + 1 + 2 + 3) = 6x > 5 after i = 3 (x = 1): d/dx = 6.
    let (value, grad) = f_grad(1.0, 10);
    assert_eq!(value, f(1.0, 10));
    assert_eq!(grad.x, 6.0);
}
