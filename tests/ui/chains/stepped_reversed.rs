use backprop::differentiate;

#[differentiate]
fn f(x: &[f64]) -> f64 {
    x.iter().step_by(2).rev().skip(1).sum()
}

fn main() {}
