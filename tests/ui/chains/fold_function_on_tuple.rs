use backprop::differentiate;
fn add(acc: f64, p: (&f64, &f64)) -> f64 {
    acc + p.0 * p.1
}

#[differentiate]
fn f(x: &[f64], y: &[f64]) -> f64 {
    x.iter().zip(y).fold(0.0, add)
}

fn main() {}
