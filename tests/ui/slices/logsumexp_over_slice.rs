use backprop::{differentiate, logsumexp};

#[differentiate]
fn f(w: &[f64]) -> f64 {
    logsumexp(w)
}

fn main() {}
