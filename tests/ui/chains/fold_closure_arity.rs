use backprop::differentiate;

#[differentiate]
fn f(x: &[f64]) -> f64 {
    x.iter().fold(0.0, |acc| acc)
}

fn main() {}
