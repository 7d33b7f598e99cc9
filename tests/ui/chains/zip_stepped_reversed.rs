use backprop::differentiate;

#[differentiate]
fn f(x: &[f64], y: &[f64]) -> f64 {
    x.iter()
        .rev()
        .step_by(2)
        .rev()
        .zip(y.iter())
        .map(|(a, b)| a * b)
        .sum()
}

fn main() {}
