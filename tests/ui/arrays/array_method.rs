use backprop::differentiate;

#[differentiate]
fn total(w: [f64; 4]) -> f64 {
    w.first().copied().unwrap_or(0.0) * w[1]
}

fn main() {}
