use backprop::differentiate;

#[differentiate]
fn f(x: &[f64]) -> f64 {
    x.iter().copied().min().unwrap()
}

fn main() {}
