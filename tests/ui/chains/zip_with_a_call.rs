use backprop::differentiate;

fn weights() -> Vec<f64> {
    vec![1.0, 2.0]
}

#[differentiate]
fn f(x: &[f64]) -> f64 {
    x.iter().zip(weights()).map(|(a, b)| a * b).sum()
}

fn main() {}
