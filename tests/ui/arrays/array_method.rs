use backprop::differentiate;

#[differentiate]
fn total(w: [f64; 4]) -> f64 {
    w.iter().map(|v| v * v).sum()
}

fn main() {}
