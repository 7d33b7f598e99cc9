use backprop::differentiate;

#[differentiate]
fn f(x: &[f64]) -> f64 {
    x.iter().enumerate().map(|(i, v, w)| v * w * i as f64).sum()
}

fn main() {}
