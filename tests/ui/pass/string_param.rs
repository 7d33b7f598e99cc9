//! A parameter of another type by value (here a `String`) is constant data.
use backprop::differentiate;

#[differentiate]
fn f(x: f64, label: String) -> f64 {
    x * label.len() as f64
}

fn main() {
    let (value, grad) = f_grad(2.0, String::from("abc"));
    assert_eq!(value, 6.0);
    assert_eq!(grad.x, 3.0);
}
