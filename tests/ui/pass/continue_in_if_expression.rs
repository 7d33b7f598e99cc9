//! `continue` in a branch of an `if` that is an assignment's value.
use backprop::differentiate;

#[differentiate]
fn f(x: f64, n: i32) -> f64 {
    let mut s = 0.0;
    for i in 0..n {
        s += if i % 2 == 0 { continue } else { x };
    }
    s
}

fn main() {
    // i = 1, 3: s = 2x.
    let (value, grad) = f_grad(1.5, 5);
    assert_eq!(value, 3.0);
    assert_eq!(grad.x, 2.0);
}
