use backprop::differentiate;

#[differentiate]
fn f(x: &[f64]) -> f64 {
    x.iter().skip().sum()
}

fn main() {}
