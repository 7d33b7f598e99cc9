use backprop::differentiate;

#[differentiate]
fn inner(w: [f64; 2]) -> f64 {
    w[0] * w[1]
}

#[differentiate]
fn outer(w: &[f64]) -> f64 {
    inner(w) + w[0]
}

fn main() {}
