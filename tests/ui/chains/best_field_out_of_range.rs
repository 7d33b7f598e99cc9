use backprop::differentiate;

#[differentiate]
fn f(x: &[f64]) -> f64 {
    x.iter().copied().enumerate().max_by(|a, b| a.1.total_cmp(&b.1)).unwrap().2
}

fn main() {}
