use backprop::{differentiate, dot};

#[differentiate]
fn f(w: &[f64], x: &[f64]) -> f64 {
    dot(w, x)
}

fn main() {}
