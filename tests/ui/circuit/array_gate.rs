use backprop::{differentiate, dot};

#[differentiate(circuit)]
fn score(w: [f64; 3], x: [f64; 3]) -> f64 {
    dot(w, x).tanh()
}

fn main() {}
