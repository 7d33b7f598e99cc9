use backprop::differentiate;

#[differentiate]
fn f(w: [f64; 3], x: f64) -> f64 {
    w.iter().map(|v| v * x).sum::<f64>()
}

fn main() {}
