//! Raw identifiers as parameter and variable names.
use backprop::differentiate;

#[differentiate]
fn f(r#type: f64, r#match: f64) -> f64 {
    let r#let = r#type * r#match;
    r#let + r#type
}

fn main() {
    let (value, grad) = f_grad(2.0, 5.0);
    assert_eq!(value, 12.0);
    assert_eq!(grad.r#type, 6.0);
    assert_eq!(grad.r#match, 2.0);
}
