//! A function with no float parameter: an empty gradient.
use backprop::differentiate;

#[differentiate]
fn f(n: i32, flag: bool) -> f64 {
    let base = f64::from(u8::from(flag)) + 1.0;
    f64::powi(base, n)
}

fn main() {
    let (value, grad) = f_grad(3, true);
    assert_eq!(value, 8.0);
    assert_eq!(grad, FGrad::default());
    assert_eq!(value, f(3, true));
}
