use backprop::differentiate;

#[differentiate]
fn f(x: &[f64], y: &[f64]) -> f64 {
    x.iter().zip(y).sum::<f64>()
}

fn main() {}
