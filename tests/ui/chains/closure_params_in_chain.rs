use backprop::differentiate;

#[differentiate]
fn f(x: &[f64]) -> f64 {
    x.iter().map(|a, b| a * b).sum()
}

fn main() {}
