use backprop::differentiate;

#[differentiate]
fn f(x: &[f64]) -> f64 {
    x.iter().copied().max_by(|a, b| a.total_cmp(b)).unwrap_or(0.0)
}

fn main() {}
